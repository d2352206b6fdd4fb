//! Sign in. A `next` address (relative, same site) is where the person goes afterwards.
use super::PageTitle;
use crate::api::{self, LoginRequest};
use crate::components::form::{ErrorSummary, Field, FormErrors, Submit, problem_message};
use crate::i18n::{t, tr, use_lang};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// A safe place to go after signing in: only paths of this site.
pub fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/account".into(),
    }
}

#[component]
pub fn Login() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FormErrors::new("login");
    let busy = RwSignal::new(false);
    // Already signed in (a bookmark, the back button): straight to where they were going.
    let go_on = navigate.clone();
    Effect::new(move |_| {
        if session.ready.get() && session.me.with(Option::is_some) && !busy.get_untracked() {
            go_on(
                &safe_next(query.with_untracked(|q| q.get("next"))),
                Default::default(),
            );
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        if email.get_untracked().trim().is_empty() {
            errors.set_field(
                "login-email",
                t(lang.get_untracked(), "err.required").into(),
            );
        }
        if password.get_untracked().is_empty() {
            errors.set_field(
                "login-password",
                t(lang.get_untracked(), "err.required").into(),
            );
        }
        if !errors.is_empty() {
            errors.focus();
            return;
        }
        busy.set(true);
        let body = LoginRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        let next = safe_next(query.with_untracked(|q| q.get("next")));
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::login(&body).await {
                Ok(token) => {
                    session.signed_in(token, lang).await;
                    password.set(String::new());
                    navigate(&next, Default::default());
                }
                Err(e) => {
                    let message = match e.status {
                        401 => t(lang.get_untracked(), "login.wrong").to_owned(),
                        403 => t(lang.get_untracked(), "login.unverified").to_owned(),
                        _ => problem_message(lang.get_untracked(), &e),
                    };
                    errors.clear();
                    errors.form.set(Some(message));
                    errors.focus();
                }
            }
            busy.set(false);
        });
    };
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "login.title").to_owned())/>
            <ErrorSummary errors=errors labels=vec![("login-email", "field.email"), ("login-password", "field.password")]/>
            <form class="stack" on:submit=submit novalidate>
                <Field id="login-email" label="field.email" kind="email" autocomplete="username" value=email errors=errors required=true/>
                <Field id="login-password" label="field.password" kind="password" autocomplete="current-password" value=password errors=errors required=true/>
                <Submit label="login.submit" busy=busy/>
            </form>
            <p><A href="/password-dimenticata">{tr(lang, "login.forgot")}</A></p>
            <p>{tr(lang, "login.no_account")} " " <A href="/registrati">{tr(lang, "signup.title")}</A></p>
        </div>
    }
}
