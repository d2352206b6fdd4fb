//! `/gestione/ente/profilo`: what a provider's administrators say about their
//! organisation — description, contacts, the languages spoken, the logo. The legal data,
//! accreditation and ATI are the city's register: shown, not editable. The review app's
//! bundle (`bin/review.rs`).
use super::PageTitle;
use super::account::require_sign_in;
use super::manage::{NotForThisRole, active_with};
use crate::api::{self, ApiError, Organisation, ProfileInput, Role};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{
    ErrorSummary, Field, FormErrors, StatusMessage, Submit, problem_message,
};
use crate::i18n::{pick, t, tr, use_lang};
use leptos::prelude::*;

fn etag(revision: i64) -> String {
    format!("\"r{revision}\"")
}

/// The server's field names and the inputs that show them.
const IDS: &[(&str, &str)] = &[
    ("description", "p-description"),
    ("address", "p-address"),
    ("phone", "p-phone"),
    ("email", "p-email"),
    ("website", "p-website"),
    ("languages", "p-languages"),
];

#[component]
pub fn ProfilePage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/gestione/ente/profilo");
    let active = active_with(&[Role::ProviderAdmin]);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "profile.title").to_owned())/>
            {move || match active.get().and_then(|m| m.organisation) {
                None => view! { <NotForThisRole/> }.into_any(),
                Some(org) => view! { <ProfileLoader id=org.id.clone()/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn ProfileLoader(id: String) -> impl IntoView {
    let id = StoredValue::new(id);
    let org = LocalResource::new(move || {
        let id = id.get_value();
        async move { api::get_organisation(&id).await }
    });
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || org.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e retry=move |_| org.refetch()/> }.into_any(),
                Ok(o) => view! { <Profile org=o/> }.into_any(),
            })}
        </Transition>
    }
}

fn text(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

fn optional(v: String) -> Option<String> {
    let v = v.trim().to_owned();
    (!v.is_empty()).then_some(v)
}

#[component]
fn Profile(org: Organisation) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(org.id.clone());
    let revision = RwSignal::new(org.revision);
    let description = RwSignal::new(org.description.clone());
    let address = RwSignal::new(text(&org.address));
    let phone = RwSignal::new(text(&org.phone));
    let email = RwSignal::new(text(&org.email));
    let website = RwSignal::new(text(&org.website));
    let languages = RwSignal::new(org.languages.join(", "));
    let logo = RwSignal::new(org.logo_url.clone());
    let errors = FormErrors::new("profile");
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(None::<String>);
    let logo_errors = FormErrors::new("logo");
    let logo_busy = RwSignal::new(false);
    let logo_note = RwSignal::new(None::<String>);
    // A failed change: a stale revision says so (and how to go on), others as they are.
    let failed = move |errors: FormErrors, e: &ApiError| {
        if e.status == 412 {
            errors.fail(t(lang.get_untracked(), "profile.stale").to_owned());
        } else {
            errors.show_api_error(lang.get_untracked(), e, IDS);
        }
    };
    let apply = move |o: Organisation| {
        revision.set(o.revision);
        logo.set(o.logo_url.clone());
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        saved.set(None);
        busy.set(true);
        let body = ProfileInput {
            description: description.get_untracked().trim().to_owned(),
            address: optional(address.get_untracked()),
            phone: optional(phone.get_untracked()),
            email: optional(email.get_untracked()),
            website: optional(website.get_untracked()),
            languages: languages
                .get_untracked()
                .split([',', ' '])
                .map(|l| l.trim().to_ascii_lowercase())
                .filter(|l| !l.is_empty())
                .collect(),
        };
        leptos::task::spawn_local(async move {
            let r = api::save_organisation_profile(
                &id.get_value(),
                &etag(revision.get_untracked()),
                &body,
            )
            .await;
            busy.set(false);
            match r {
                Ok(o) => {
                    apply(o);
                    saved.set(Some(t(lang.get_untracked(), "profile.saved").to_owned()));
                }
                Err(e) => failed(errors, &e),
            }
        });
    };
    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        logo_errors.clear();
        logo_note.set(None);
        let file = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("p-logo"))
            .and_then(|el| {
                use wasm_bindgen::JsCast;
                el.dyn_into::<web_sys::HtmlInputElement>().ok()
            })
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            logo_errors.set_field(
                "p-logo",
                t(lang.get_untracked(), "profile.choose_file").to_owned(),
            );
            logo_errors.focus();
            return;
        };
        logo_busy.set(true);
        leptos::task::spawn_local(async move {
            let r =
                api::put_organisation_logo(&id.get_value(), &etag(revision.get_untracked()), &file)
                    .await;
            logo_busy.set(false);
            match r {
                Ok(o) => {
                    apply(o);
                    logo_note.set(Some(
                        t(lang.get_untracked(), "profile.logo_saved").to_owned(),
                    ));
                }
                Err(e) if e.status == 413 || e.status == 415 || e.status == 422 => {
                    let key = match e.status {
                        413 => "profile.logo_too_large",
                        415 => "profile.logo_wrong_type",
                        _ => "profile.logo_unreadable",
                    };
                    logo_errors.set_field("p-logo", t(lang.get_untracked(), key).to_owned());
                    logo_errors.focus();
                }
                Err(e) => failed(logo_errors, &e),
            }
        });
    };
    let remove_logo = move |_| {
        logo_errors.clear();
        leptos::task::spawn_local(async move {
            match api::delete_organisation_logo(&id.get_value(), &etag(revision.get_untracked()))
                .await
            {
                Ok(o) => {
                    apply(o);
                    logo_note.set(Some(
                        t(lang.get_untracked(), "profile.logo_removed").to_owned(),
                    ));
                }
                Err(e) => logo_errors.fail(problem_message(lang.get_untracked(), &e)),
            }
        });
    };
    let logo_error = logo_errors.field("p-logo");
    let name = org.legal_name.clone();
    let alt = {
        let name = name.clone();
        move || format!("{} {}", t(lang.get(), "profile.logo_of"), name)
    };
    let types = org
        .accreditation_types
        .iter()
        .map(|c| pick(lang.get_untracked(), &c.label))
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <p class="lead">{name.clone()}</p>
        <section aria-labelledby="register-title" class="panel">
            <h2 id="register-title">{tr(lang, "profile.register")}</h2>
            <p class="hint">{tr(lang, "profile.register_hint")}</p>
            <dl class="facts">
                <div><dt>{tr(lang, "profile.legal_name")}</dt><dd>{name.clone()}</dd></div>
                <div><dt>{tr(lang, "profile.legal_form")}</dt><dd>{pick(lang.get_untracked(), &org.legal_form.label)}</dd></div>
                <div><dt>{tr(lang, "profile.vat")}</dt><dd>{org.vat_number.clone()}</dd></div>
                <div><dt>{tr(lang, "profile.accreditation")}</dt><dd>{types}</dd></div>
                {org.ati.clone().map(|a| view! { <div><dt>{tr(lang, "profile.ati")}</dt><dd>{a.legal_name}</dd></div> })}
            </dl>
        </section>
        <section aria-labelledby="profile-form-title" class="panel narrow">
            <h2 id="profile-form-title">{tr(lang, "profile.about")}</h2>
            <ErrorSummary errors=errors labels=vec![
                ("p-description", "profile.description"), ("p-address", "profile.address"),
                ("p-phone", "profile.phone"), ("p-email", "profile.email"),
                ("p-website", "profile.website"), ("p-languages", "profile.languages"),
            ]/>
            <form class="stack" on:submit=save aria-labelledby="profile-form-title" novalidate>
                <label for="p-description">{tr(lang, "profile.description")}</label>
                <textarea id="p-description" rows="6" maxlength="4000"
                    aria-invalid=move || errors.field("p-description").with(Option::is_some).to_string()
                    aria-describedby="p-description-error"
                    prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                <p class="field-error" id="p-description-error">{move || errors.field("p-description").get()}</p>
                <Field id="p-address" label="profile.address" value=address errors=errors autocomplete="street-address"/>
                <Field id="p-phone" label="profile.phone" value=phone errors=errors kind="tel" autocomplete="tel"/>
                <Field id="p-email" label="profile.email" value=email errors=errors kind="email" autocomplete="email"/>
                <Field id="p-website" label="profile.website" value=website errors=errors kind="url" autocomplete="url"/>
                <Field id="p-languages" label="profile.languages" value=languages errors=errors hint="profile.languages_hint"/>
                <Submit label="profile.save" busy=busy/>
            </form>
            <StatusMessage message=saved.into()/>
        </section>
        <section aria-labelledby="logo-title" class="panel narrow">
            <h2 id="logo-title">{tr(lang, "profile.logo")}</h2>
            {move || match logo.get() {
                Some(src) => view! { <p><img class="logo" src=src alt=alt.clone() width="128" height="128"/></p> }.into_any(),
                None => view! { <p>{tr(lang, "profile.no_logo")}</p> }.into_any(),
            }}
            <ErrorSummary errors=logo_errors labels=vec![("p-logo", "profile.logo_file")]/>
            <form class="stack" on:submit=upload aria-labelledby="logo-title">
                <label for="p-logo">{tr(lang, "profile.logo_file")}</label>
                <p class="hint" id="p-logo-hint">{tr(lang, "profile.logo_hint")}</p>
                <p class="field-error" id="p-logo-error">{move || logo_error.get()}</p>
                <input id="p-logo" type="file" accept="image/png,image/jpeg,image/webp"
                    aria-describedby="p-logo-hint p-logo-error"
                    aria-invalid=move || logo_error.with(Option::is_some).to_string()/>
                <Submit label="profile.upload" busy=logo_busy/>
            </form>
            <Show when=move || logo.with(Option::is_some)>
                <p><button type="button" class="secondary" on:click=remove_logo>{tr(lang, "profile.remove_logo")}</button></p>
            </Show>
            <StatusMessage message=logo_note.into()/>
        </section>
    }
}
