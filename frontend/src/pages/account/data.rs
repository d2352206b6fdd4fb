//! The person's data: a JSON copy of everything held about them, and deleting the
//! account (the password is asked again).
use crate::api::{self, DeleteAccountRequest};
use crate::components::form::{ErrorSummary, Field, FormErrors, StatusMessage, problem_message};
use crate::i18n::{t, tr, use_lang};
use crate::session::use_session;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn YourData() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let navigate = use_navigate();
    let exported = RwSignal::new(None::<String>);
    let export_busy = RwSignal::new(false);
    let export = move |_| {
        export_busy.set(true);
        leptos::task::spawn_local(async move {
            let l = lang.get_untracked();
            // Saved as the server wrote it (not parsed here: the reserved area's bundle
            // then carries no code for every type an export may hold).
            let outcome =
                match api::save_export("/api/v1/me/export", "domicilia-account.json").await {
                    Ok(()) => t(l, "data.exported").to_owned(),
                    Err(e) => problem_message(l, &e),
                };
            exported.set(Some(outcome));
            export_busy.set(false);
        });
    };
    let password = RwSignal::new(String::new());
    let understood = RwSignal::new(false);
    let errors = FormErrors::new("delete");
    let busy = RwSignal::new(false);
    let delete = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let l = lang.get_untracked();
        if password.get_untracked().is_empty() {
            errors.set_field("delete-password", t(l, "err.required").into());
        }
        if !understood.get_untracked() {
            errors.set_field("delete-understood", t(l, "data.confirm_needed").into());
        }
        if !errors.is_empty() {
            errors.focus();
            return;
        }
        busy.set(true);
        let body = DeleteAccountRequest {
            password: password.get_untracked(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::delete_me(&body).await {
                Ok(()) => {
                    session.leave(navigate, "/", "data.deleted");
                }
                Err(e) => errors.show_api_error(
                    lang.get_untracked(),
                    &e,
                    &[("password", "delete-password")],
                ),
            }
            busy.set(false);
        });
    };
    let understood_error = errors.field("delete-understood");
    view! {
        <section aria-labelledby="data-title" class="panel">
            <h2 id="data-title">{tr(lang, "data.title")}</h2>
            <p>{tr(lang, "data.export_intro")}</p>
            <p>
                <button type="button" class="secondary" on:click=export disabled=move || export_busy.get()>
                    {tr(lang, "data.export")}
                </button>
            </p>
            <StatusMessage message=exported.into()/>
            <h3 id="delete-title">{tr(lang, "data.delete")}</h3>
            <p>{tr(lang, "data.delete_intro")}</p>
            <ErrorSummary errors=errors labels=vec![("delete-password", "field.current_password"), ("delete-understood", "data.understood")]/>
            <form class="stack" on:submit=delete novalidate aria-labelledby="delete-title">
                <Field id="delete-password" label="field.current_password" kind="password" autocomplete="current-password" value=password errors=errors required=true/>
                <div class="field checkbox" class:has-error=move || understood_error.with(Option::is_some)>
                    <input type="checkbox" id="delete-understood" prop:checked=move || understood.get()
                        aria-invalid=move || understood_error.with(Option::is_some).to_string()
                        on:change=move |ev| understood.set(event_target_checked(&ev))/>
                    <label for="delete-understood">{tr(lang, "data.understood")}</label>
                </div>
                <button type="submit" class="danger" disabled=move || busy.get()>{tr(lang, "data.delete_submit")}</button>
            </form>
        </section>
    }
}
