//! The link of the reset mail: `/reimposta-password?token=…`. Every session of the
//! account ends; the person signs in again with the new password.
use super::PageTitle;
use super::signup::check_new_password;
use crate::api::{self, PasswordResetConfirm};
use crate::components::form::{ErrorSummary, Field, FormErrors, Submit};
use crate::i18n::{t, tr, use_lang};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn PasswordReset() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let navigate = use_navigate();
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new("reset");
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        check_new_password(
            lang.get_untracked(),
            errors,
            ("reset-password", "reset-confirm"),
            &password.get_untracked(),
            &confirm.get_untracked(),
        );
        if !errors.is_empty() {
            errors.focus();
            return;
        }
        busy.set(true);
        let body = PasswordResetConfirm {
            token: token.clone(),
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::confirm_password_reset(&body).await {
                Ok(()) => {
                    session.leave(navigate, "/accedi", "reset.done");
                }
                Err(e) => errors.show_api_error(
                    lang.get_untracked(),
                    &e,
                    &[("password", "reset-password")],
                ),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "reset.title").to_owned())/>
            <ErrorSummary errors=errors labels=vec![("reset-password", "field.new_password"), ("reset-confirm", "field.confirm_password")]/>
            <form class="stack" on:submit=submit novalidate>
                <Field id="reset-password" label="field.new_password" kind="password" autocomplete="new-password" value=password errors=errors required=true hint="field.password_hint"/>
                <Field id="reset-confirm" label="field.confirm_password" kind="password" autocomplete="new-password" value=confirm errors=errors required=true/>
                <Submit label="reset.submit" busy=busy/>
            </form>
            <p><A href="/password-dimenticata">{tr(lang, "reset.new_link")}</A></p>
        </div>
    }
}
