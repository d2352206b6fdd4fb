//! Ask for a link to choose a new password. The answer is the same whether or not an
//! account uses the address.
use super::PageTitle;
use crate::api::{self, PasswordResetRequest};
use crate::components::form::{ErrorSummary, Field, FormErrors, StatusMessage, Submit};
use crate::i18n::{t, use_lang};
use leptos::prelude::*;

#[component]
pub fn PasswordForgot() -> impl IntoView {
    let lang = use_lang();
    let email = RwSignal::new(String::new());
    let errors = FormErrors::new("forgot");
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        done.set(None);
        if !email.get_untracked().contains('@') {
            errors.set_field(
                "forgot-email",
                t(lang.get_untracked(), "err.invalid_format").into(),
            );
            errors.focus();
            return;
        }
        busy.set(true);
        let body = PasswordResetRequest {
            email: email.get_untracked().trim().to_owned(),
        };
        leptos::task::spawn_local(async move {
            match api::request_password_reset(&body).await {
                Ok(_) => done.set(Some(t(lang.get_untracked(), "forgot.sent").to_owned())),
                Err(e) => {
                    errors.show_api_error(lang.get_untracked(), &e, &[("email", "forgot-email")])
                }
            }
            busy.set(false);
        });
    };
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "forgot.title").to_owned())/>
            <p>{move || t(lang.get(), "forgot.intro")}</p>
            <ErrorSummary errors=errors labels=vec![("forgot-email", "field.email")]/>
            <StatusMessage message=done.into()/>
            <form class="stack" on:submit=submit novalidate>
                <Field id="forgot-email" label="field.email" kind="email" autocomplete="email" value=email errors=errors required=true/>
                <Submit label="forgot.submit" busy=busy/>
            </form>
        </div>
    }
}
