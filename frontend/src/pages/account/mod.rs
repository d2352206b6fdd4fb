//! The account page: profile and language, favourites and saved searches, roles, address and password, sessions, and
//! the person's data (export, deletion). Signed-out visitors are sent to sign in.
mod data;
mod kept;
mod security;
mod sessions;

pub use kept::StopAlert;
pub use sessions::when;

use super::PageTitle;
use crate::api::{self, Me, UpdateProfileRequest};
use crate::components::fetch::Loading;
use crate::components::form::{ErrorSummary, Field, FormErrors, StatusMessage, Submit};
use crate::components::roles::membership_label;
use crate::i18n::{Lang, apply_lang, language_from_code, t, tr, use_lang};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// Sends signed-out visitors to the sign-in page, coming back to `here` afterwards.
pub fn require_sign_in(here: &'static str) {
    let session = use_session();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.ready.get() && session.me.with(Option::is_none) {
            navigate(
                &format!("/accedi?next={}", api::encode(here)),
                Default::default(),
            );
        }
    });
}

#[component]
pub fn Account() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    require_sign_in("/account");
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "account.title").to_owned())/>
            {move || match session.me.get() {
                Some(me) => view! {
                    <Profile me=me.clone()/>
                    <kept::Favourites/>
                    <kept::SavedSearches/>
                    <Roles me=me.clone()/>
                    <security::ChangeEmail current=me.email.clone().unwrap_or_default()/>
                    <security::ChangePassword email=me.email.clone().unwrap_or_default()/>
                    <sessions::Sessions/>
                    <data::YourData/>
                }.into_any(),
                None => view! { <Loading/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Profile(me: Me) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let name = RwSignal::new(me.display_name.clone());
    let language = RwSignal::new(me.language);
    let errors = FormErrors::new("profile");
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        saved.set(None);
        if name.get_untracked().trim().is_empty() {
            errors.set_field(
                "profile-name",
                t(lang.get_untracked(), "err.required").into(),
            );
            errors.focus();
            return;
        }
        busy.set(true);
        let body = UpdateProfileRequest {
            display_name: Some(name.get_untracked().trim().to_owned()),
            language: Some(language.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match api::update_me(&body).await {
                Ok(me) => {
                    let l = Lang::from(me.language);
                    lang.set(l);
                    apply_lang(l);
                    session.me.set(Some(me));
                    saved.set(Some(t(l, "account.saved").to_owned()));
                }
                Err(e) => errors.show_api_error(
                    lang.get_untracked(),
                    &e,
                    &[
                        ("display_name", "profile-name"),
                        ("language", "profile-language"),
                    ],
                ),
            }
            busy.set(false);
        });
    };
    view! {
        <section aria-labelledby="profile-title" class="panel">
            <h2 id="profile-title">{tr(lang, "account.profile")}</h2>
            <p>{tr(lang, "field.email")} ": " <strong>{me.email.clone().unwrap_or_default()}</strong></p>
            <ErrorSummary errors=errors labels=vec![("profile-name", "field.name")]/>
            <StatusMessage message=saved.into()/>
            <form class="stack" on:submit=submit novalidate>
                <Field id="profile-name" label="field.name" autocomplete="name" value=name errors=errors required=true/>
                <div class="field">
                    <label for="profile-language">{tr(lang, "field.language")}</label>
                    <p class="hint" id="profile-language-hint">{tr(lang, "account.language_hint")}</p>
                    <select id="profile-language" aria-describedby="profile-language-hint"
                        prop:value=move || language.get().as_str() on:change=move |ev| language.set(language_from_code(&event_target_value(&ev)))>
                        <option value="it">"Italiano"</option>
                        <option value="en">"English"</option>
                    </select>
                </div>
                <Submit label="account.save" busy=busy/>
            </form>
        </section>
    }
}

#[component]
fn Roles(me: Me) -> impl IntoView {
    let lang = use_lang();
    let labels = move || {
        me.memberships
            .iter()
            .map(|m| membership_label(lang.get(), m))
            .collect::<Vec<_>>()
    };
    view! {
        <section aria-labelledby="roles-title" class="panel">
            <h2 id="roles-title">{tr(lang, "account.roles")}</h2>
            <ul>{move || labels().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
        </section>
    }
}
