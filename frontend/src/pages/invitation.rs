//! The link of an invitation mail: `/invito?token=…`. Shows what it is for; the invited
//! person signs in (or signs up) with the invited address and accepts.
use super::PageTitle;
use crate::api::{self, AcceptInvitation, InvitationPreview};
use crate::components::fetch::Loading;
use crate::components::form::{ErrorSummary, FormErrors, Submit, problem_message};
use crate::components::roles::role_label;
use crate::i18n::{t, tr, use_lang};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Invitation() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    let next = format!("/invito?token={}", api::encode(&token));
    let login_href = format!("/accedi?next={}", api::encode(&next));
    let preview_token = token.clone();
    let preview = LocalResource::new(move || {
        // Asked again once the session is known (not on later changes: accepting the
        // invitation reloads the profile, and the used invitation would then show as
        // invalid): it then says whether it is for this person.
        session.ready.track();
        let token = preview_token.clone();
        async move { api::preview_invitation(&AcceptInvitation { token }).await }
    });
    let accepted = RwSignal::new(false);
    let token = StoredValue::new(token);
    let login_href = StoredValue::new(login_href);
    let details = move |p: InvitationPreview| {
        let scope = p
            .organisation
            .map(|o| o.legal_name)
            .or(p.space.map(|s| s.name))
            .or(p.tenant)
            .unwrap_or_default();
        let role = p.role;
        view! {
            <dl class="facts">
                <div><dt>{tr(lang, "invite.role")}</dt><dd>{move || role_label(lang.get(), role)}</dd></div>
                <div><dt>{tr(lang, "invite.where")}</dt><dd>{scope}</dd></div>
                <div><dt>{tr(lang, "invite.address")}</dt><dd>{p.email_hint}</dd></div>
            </dl>
        }
    };
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "invite.title").to_owned())/>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || preview.get().map(|r| match r {
                    Err(_) => view! {
                        <div class="error-box" role="alert"><p>{tr(lang, "invite.invalid")}</p></div>
                    }.into_any(),
                    Ok(p) => view! {
                        {(p.for_you == Some(false)).then(|| view! {
                            <p class="notice" role="alert">{tr(lang, "invite.other_address")}</p>
                        })}
                        {details(p)}
                        <Show when=move || accepted.get() fallback=move || view! {
                            <Show when=move || session.me.with(Option::is_some) fallback=move || view! {
                                <p>{tr(lang, "invite.sign_in_first")}</p>
                                <p><A href=login_href.get_value()>{tr(lang, "login.title")}</A> " · " <A href="/registrati">{tr(lang, "signup.title")}</A></p>
                            }>
                                <AcceptForm token=token.get_value() accepted=accepted/>
                            </Show>
                        }>
                            <div class="success-box" role="status">
                                <p>{tr(lang, "invite.done")}</p>
                                <p><A href="/account">{tr(lang, "nav.account")}</A></p>
                            </div>
                        </Show>
                    }.into_any(),
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn AcceptForm(token: String, accepted: RwSignal<bool>) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let errors = FormErrors::new("invite");
    let busy = RwSignal::new(false);
    let accept = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        busy.set(true);
        let body = AcceptInvitation {
            token: token.clone(),
        };
        leptos::task::spawn_local(async move {
            match api::accept_invitation(&body).await {
                Ok(()) => {
                    accepted.set(true);
                    session.reload().await;
                }
                Err(e) => {
                    let message = if e.status == 403 {
                        t(lang.get_untracked(), "invite.other_address").to_owned()
                    } else {
                        problem_message(lang.get_untracked(), &e)
                    };
                    errors.fail(message);
                }
            }
            busy.set(false);
        });
    };
    view! {
        <ErrorSummary errors=errors labels=vec![]/>
        <form on:submit=accept>
            <Submit label="invite.accept" busy=busy/>
        </form>
    }
}
