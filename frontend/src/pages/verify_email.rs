//! The link of the confirmation mail: `/verifica-email?token=…` (sign-up and change of
//! address alike).
use super::PageTitle;
use crate::api::{self, VerifyEmailRequest};
use crate::components::fetch::Loading;
use crate::i18n::{t, tr, use_lang};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VerifyEmail() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    // None: waiting; Some(true): confirmed; Some(false): not valid.
    let outcome = RwSignal::new(None::<bool>);
    leptos::task::spawn_local(async move {
        let ok = !token.is_empty()
            && api::verify_email(&VerifyEmailRequest { token })
                .await
                .is_ok();
        outcome.set(Some(ok));
        if ok && session.me.with_untracked(Option::is_some) {
            // An address change: show the new address at once.
            session.reload().await;
        }
    });
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "verify.title").to_owned())/>
            {move || match outcome.get() {
                None => view! { <Loading/> }.into_any(),
                Some(true) => view! {
                    <div class="success-box" role="status">
                        <p>{tr(lang, "verify.ok")}</p>
                        <p><A href="/accedi">{tr(lang, "verify.sign_in")}</A></p>
                    </div>
                }.into_any(),
                Some(false) => view! {
                    <div class="error-box" role="alert">
                        <p>{tr(lang, "verify.bad")}</p>
                        <p><A href="/accedi">{tr(lang, "verify.sign_in")}</A></p>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}
