//! Sign up as a family member (looking for care) or as a carer (offering work). The
//! answer never says whether the address was already registered: its owner gets a mail.
use super::PageTitle;
use crate::api::{self, AccountType, SignupRequest};
use crate::components::form::{ErrorSummary, Field, FormErrors, Submit};
use crate::i18n::{Lang, language_from_code, t, tr, use_lang};
use crate::pages::privacy::PRIVACY_VERSION;
use leptos::prelude::*;
use leptos_router::components::A;

pub const MIN_PASSWORD: usize = 12;

/// Client-side checks of a new password (the server checks again, and against the list
/// of common passwords).
pub fn check_new_password(
    lang: Lang,
    errors: FormErrors,
    (id, confirm_id): (&'static str, &'static str),
    password: &str,
    confirm: &str,
) {
    if password.chars().count() < MIN_PASSWORD {
        errors.set_field(id, t(lang, "err.too_short").into());
    }
    if password != confirm {
        errors.set_field(confirm_id, t(lang, "err.mismatch").into());
    }
}

const LABELS: [(&str, &str); 6] = [
    ("signup-name", "field.name"),
    ("signup-email", "field.email"),
    ("signup-password", "field.new_password"),
    ("signup-confirm", "field.confirm_password"),
    ("signup-language", "field.language"),
    ("signup-privacy", "signup.privacy"),
];

#[component]
pub fn Signup() -> impl IntoView {
    let lang = use_lang();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let language = RwSignal::new(lang.get_untracked().api());
    let carer = RwSignal::new(false);
    let privacy = RwSignal::new(false);
    let errors = FormErrors::new("signup");
    let busy = RwSignal::new(false);
    let sent_to = RwSignal::new(None::<String>);
    let privacy_error = errors.field("signup-privacy");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        errors.clear();
        if name.get_untracked().trim().is_empty() {
            errors.set_field("signup-name", t(l, "err.required").into());
        }
        if !email.get_untracked().contains('@') {
            errors.set_field("signup-email", t(l, "err.invalid_format").into());
        }
        check_new_password(
            l,
            errors,
            ("signup-password", "signup-confirm"),
            &password.get_untracked(),
            &confirm.get_untracked(),
        );
        if !privacy.get_untracked() {
            errors.set_field("signup-privacy", t(l, "err.privacy").into());
        }
        if !errors.is_empty() {
            errors.focus();
            return;
        }
        busy.set(true);
        let body = SignupRequest {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            display_name: name.get_untracked().trim().to_owned(),
            language: language.get_untracked(),
            privacy_version: PRIVACY_VERSION.to_owned(),
            accept_privacy: true,
            account_type: Some(if carer.get_untracked() {
                AccountType::Carer
            } else {
                AccountType::Citizen
            }),
        };
        leptos::task::spawn_local(async move {
            match api::signup(&body).await {
                Ok(_) => {
                    password.set(String::new());
                    confirm.set(String::new());
                    sent_to.set(Some(body.email));
                }
                Err(e) => errors.show_api_error(
                    lang.get_untracked(),
                    &e,
                    &[
                        ("display_name", "signup-name"),
                        ("email", "signup-email"),
                        ("password", "signup-password"),
                        ("language", "signup-language"),
                        ("accept_privacy", "signup-privacy"),
                    ],
                ),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "signup.title").to_owned())/>
            <Show when=move || sent_to.with(Option::is_some) fallback=move || view! {
                <p>{tr(lang, "signup.intro")}</p>
                <ErrorSummary errors=errors labels=LABELS.to_vec()/>
                <form class="stack" on:submit=submit novalidate>
                    <fieldset>
                        <legend>{tr(lang, "signup.who")}</legend>
                        <div class="field checkbox">
                            <input type="radio" id="signup-citizen" name="account_type" prop:checked=move || !carer.get()
                                on:change=move |_| carer.set(false)/>
                            <label for="signup-citizen">{tr(lang, "signup.citizen")}</label>
                        </div>
                        <div class="field checkbox">
                            <input type="radio" id="signup-carer" name="account_type" prop:checked=move || carer.get()
                                on:change=move |_| carer.set(true)/>
                            <label for="signup-carer">{tr(lang, "signup.carer")}</label>
                        </div>
                    </fieldset>
                    <Field id="signup-name" label="field.name" autocomplete="name" value=name errors=errors required=true hint="signup.name_hint"/>
                    <Field id="signup-email" label="field.email" kind="email" autocomplete="email" value=email errors=errors required=true/>
                    <Field id="signup-password" label="field.new_password" kind="password" autocomplete="new-password" value=password errors=errors required=true hint="field.password_hint"/>
                    <Field id="signup-confirm" label="field.confirm_password" kind="password" autocomplete="new-password" value=confirm errors=errors required=true/>
                    <div class="field">
                        <label for="signup-language">{tr(lang, "field.language")}</label>
                        <select id="signup-language" prop:value=move || language.get().as_str() on:change=move |ev| language.set(language_from_code(&event_target_value(&ev)))>
                            <option value="it">"Italiano"</option>
                            <option value="en">"English"</option>
                        </select>
                    </div>
                    <div class="field checkbox" class:has-error=move || privacy_error.with(Option::is_some)>
                        <input type="checkbox" id="signup-privacy" prop:checked=move || privacy.get()
                            aria-invalid=move || privacy_error.with(Option::is_some).to_string()
                            aria-describedby="signup-privacy-error"
                            on:change=move |ev| privacy.set(event_target_checked(&ev))/>
                        <label for="signup-privacy">
                            {tr(lang, "signup.privacy")} " (" <A href="/privacy" attr:target="_blank">{tr(lang, "signup.privacy_link")}</A> ")"
                        </label>
                    </div>
                    <p class="field-error" id="signup-privacy-error">{move || privacy_error.get()}</p>
                    <Submit label="signup.submit" busy=busy/>
                </form>
                <p>{tr(lang, "signup.have_account")} " " <A href="/accedi">{tr(lang, "login.title")}</A></p>
            }>
                <div class="success-box" role="status">
                    <h2>{tr(lang, "signup.sent_title")}</h2>
                    <p>{tr(lang, "signup.sent")} " " <strong>{move || sent_to.get()}</strong></p>
                    <p>{tr(lang, "signup.sent_hint")}</p>
                </div>
            </Show>
        </div>
    }
}
