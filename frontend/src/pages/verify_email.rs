//! The link of the confirmation mail: `/verifica-email?token=…` (sign-up and change of
//! address alike). Opening the link confirms nothing: the address is confirmed with the
//! link **and** the password of the sign-up it belongs to (for an address change, the
//! account's), so whoever holds the mailbox cannot confirm an account someone else
//! started with their address.
use super::PageTitle;
use crate::api::{self, VerifyEmailRequest};
use crate::components::form::{ErrorSummary, Field, FormErrors, Submit};
use crate::i18n::{t, tr, use_lang};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// Where the page is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Asking for the password.
    Asking,
    /// The address is confirmed.
    Confirmed,
    /// No token, or one the server does not know (used, expired, never issued).
    Invalid,
}

/// The id of the box that replaces the form, focused once it is drawn.
const OUTCOME_ID: &str = "verify-outcome";

fn focus_outcome() {
    request_animation_frame(|| {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(OUTCOME_ID))
        {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}

#[component]
pub fn VerifyEmail() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    let outcome = RwSignal::new(if token.is_empty() {
        Outcome::Invalid
    } else {
        Outcome::Asking
    });
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new("verify");
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        if password.get_untracked().is_empty() {
            errors.set_field(
                "verify-password",
                t(lang.get_untracked(), "err.required").into(),
            );
            errors.focus();
            return;
        }
        busy.set(true);
        let body = VerifyEmailRequest {
            token: token.clone(),
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::verify_email(&body).await {
                Ok(()) => {
                    password.set(String::new());
                    outcome.set(Outcome::Confirmed);
                    focus_outcome();
                    if session.me.with_untracked(Option::is_some) {
                        // An address change: show the new address at once.
                        session.reload().await;
                    }
                }
                // The link itself is no good: another password would not help.
                Err(e) if e.errors.iter().any(|f| f.field == "token") => {
                    password.set(String::new());
                    outcome.set(Outcome::Invalid);
                    focus_outcome();
                }
                Err(e) => errors.show_api_error(
                    lang.get_untracked(),
                    &e,
                    &[("password", "verify-password")],
                ),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "verify.title").to_owned())/>
            {move || match outcome.get() {
                Outcome::Asking => view! {
                    <p>{tr(lang, "verify.intro")}</p>
                    <ErrorSummary errors=errors labels=vec![("verify-password", "field.password")]/>
                    <form class="stack" on:submit=submit.clone() novalidate>
                        <Field id="verify-password" label="field.password" kind="password" autocomplete="current-password" value=password errors=errors required=true/>
                        <Submit label="verify.submit" busy=busy/>
                    </form>
                }.into_any(),
                Outcome::Confirmed => view! {
                    <div class="success-box" id=OUTCOME_ID role="status" tabindex="-1">
                        <p>{tr(lang, "verify.ok")}</p>
                        <p><A href="/accedi">{tr(lang, "verify.sign_in")}</A></p>
                    </div>
                }.into_any(),
                Outcome::Invalid => view! {
                    <div class="error-box" id=OUTCOME_ID role="alert" tabindex="-1">
                        <p>{tr(lang, "verify.bad")}</p>
                        <p><A href="/accedi">{tr(lang, "verify.sign_in")}</A></p>
                    </div>
                }.into_any(),
            }}
        </div>
    }
}
