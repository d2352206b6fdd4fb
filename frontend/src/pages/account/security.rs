//! Changing the e-mail address and the password: both ask for the current password.
use super::super::signup::check_new_password;
use crate::api::{self, ChangeEmailRequest, ChangePasswordRequest};
use crate::components::form::{ErrorSummary, Field, FormErrors, StatusMessage, Submit};
use crate::i18n::{t, tr, use_lang};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn ChangeEmail(current: String) -> impl IntoView {
    let lang = use_lang();
    let new_email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new("email");
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        done.set(None);
        let l = lang.get_untracked();
        if !new_email.get_untracked().contains('@') {
            errors.set_field("email-new", t(l, "err.invalid_format").into());
        } else if new_email
            .get_untracked()
            .trim()
            .eq_ignore_ascii_case(&current)
        {
            errors.set_field("email-new", t(l, "err.same_email").into());
        }
        if password.get_untracked().is_empty() {
            errors.set_field("email-password", t(l, "err.required").into());
        }
        if !errors.is_empty() {
            errors.focus();
            return;
        }
        busy.set(true);
        let body = ChangeEmailRequest {
            new_email: new_email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::change_email(&body).await {
                Ok(_) => {
                    password.set(String::new());
                    done.set(Some(format!(
                        "{} {}",
                        t(lang.get_untracked(), "account.email_sent"),
                        body.new_email
                    )));
                }
                Err(e) => errors.show_api_error(
                    lang.get_untracked(),
                    &e,
                    &[("new_email", "email-new"), ("password", "email-password")],
                ),
            }
            busy.set(false);
        });
    };
    view! {
        <section aria-labelledby="email-title" class="panel">
            <h2 id="email-title">{tr(lang, "account.email")}</h2>
            <ErrorSummary errors=errors labels=vec![("email-new", "field.new_email"), ("email-password", "field.current_password")]/>
            <StatusMessage message=done.into()/>
            <form class="stack" on:submit=submit novalidate>
                <Field id="email-new" label="field.new_email" kind="email" autocomplete="email" value=new_email errors=errors required=true/>
                <Field id="email-password" label="field.current_password" kind="password" autocomplete="current-password" value=password errors=errors required=true/>
                <Submit label="account.email_submit" busy=busy/>
            </form>
        </section>
    }
}

/// A hidden username beside a password form, so password managers know the account.
#[component]
pub fn UsernameHint(email: String) -> impl IntoView {
    view! { <input type="email" hidden autocomplete="username" value=email readonly/> }
}

#[component]
pub fn ChangePassword(email: String) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let navigate = use_navigate();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let errors = FormErrors::new("password");
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let l = lang.get_untracked();
        if current.get_untracked().is_empty() {
            errors.set_field("password-current", t(l, "err.required").into());
        }
        check_new_password(
            l,
            errors,
            ("password-new", "password-confirm"),
            &new.get_untracked(),
            &confirm.get_untracked(),
        );
        if !errors.is_empty() {
            errors.focus();
            return;
        }
        busy.set(true);
        let body = ChangePasswordRequest {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::change_password(&body).await {
                Ok(()) => {
                    // Every session has ended, this one too: sign in with the new password.
                    session.leave(
                        navigate,
                        "/accedi?next=/account",
                        "account.password_changed",
                    );
                }
                Err(e) => errors.show_api_error(
                    lang.get_untracked(),
                    &e,
                    &[
                        ("current_password", "password-current"),
                        ("new_password", "password-new"),
                    ],
                ),
            }
            busy.set(false);
        });
    };
    view! {
        <section aria-labelledby="password-title" class="panel">
            <h2 id="password-title">{tr(lang, "account.password")}</h2>
            <p>{tr(lang, "account.password_intro")}</p>
            <ErrorSummary errors=errors labels=vec![
                ("password-current", "field.current_password"),
                ("password-new", "field.new_password"),
                ("password-confirm", "field.confirm_password"),
            ]/>
            <form class="stack" on:submit=submit novalidate>
                <UsernameHint email=email/>
                <Field id="password-current" label="field.current_password" kind="password" autocomplete="current-password" value=current errors=errors required=true/>
                <Field id="password-new" label="field.new_password" kind="password" autocomplete="new-password" value=new errors=errors required=true hint="field.password_hint"/>
                <Field id="password-confirm" label="field.confirm_password" kind="password" autocomplete="new-password" value=confirm errors=errors required=true/>
                <Submit label="account.password_submit" busy=busy/>
            </form>
        </section>
    }
}
