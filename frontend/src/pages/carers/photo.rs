//! A carer's photo in the browser (issue 12): shown, changed and removed on `/assistente`
//! (`OwnPhoto`). Families see it on a listed carer's profile, the registry's operators on
//! the registration.
use super::documents::{chosen_file, clear_file};
use crate::api::{self, CarerRegistration};
use crate::components::form::{ErrorSummary, FormErrors, StatusMessage};
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;

/// The carer's photo, a button to remove it, and the form to choose another.
#[component]
pub fn OwnPhoto(mine: RwSignal<Option<CarerRegistration>>) -> impl IntoView {
    let lang = use_lang();
    let errors = FormErrors::new("photo");
    let file_error = errors.field("c-photo-file");
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    // The answer of a change: the registration as it is now, and what to say.
    let changed = move |r: Result<CarerRegistration, api::ApiError>, said: &'static str| {
        busy.set(false);
        let l = lang.get_untracked();
        match r {
            Ok(r) => {
                mine.set(Some(r));
                clear_file("c-photo-file");
                done.set(Some(t(l, said).to_owned()));
            }
            Err(e) if matches!(e.status, 413 | 415 | 422) => {
                errors.set_field("c-photo-file", t(l, "photo.bad_file").to_owned());
                errors.focus();
            }
            Err(e) => errors.show_api_error(l, &e, &[]),
        }
    };
    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        done.set(None);
        let Some(file) = chosen_file("c-photo-file") else {
            let l = lang.get_untracked();
            errors.set_field("c-photo-file", t(l, "photo.file_needed").to_owned());
            errors.focus();
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            changed(api::put_my_carer_photo(&file).await, "photo.saved");
        });
    };
    let remove = move |_| {
        errors.clear();
        done.set(None);
        busy.set(true);
        leptos::task::spawn_local(async move {
            changed(api::delete_my_carer_photo().await, "photo.removed");
        });
    };
    view! {
        <section class="stack" aria-labelledby="c-photo-title">
            <h2 id="c-photo-title">{tr(lang, "photo.title")}</h2>
            <p>{tr(lang, "photo.intro")}</p>
            {move || mine.with(|m| m.as_ref().and_then(|m| m.photo.clone())).map(|src| view! {
                <img class="carer-photo" src=src alt=move || t(lang.get(), "photo.yours") width="128" height="128"/>
                <p><button type="button" class="secondary" disabled=move || busy.get() on:click=remove>{tr(lang, "photo.remove")}</button></p>
            })}
            <StatusMessage message=done.into()/>
            <form class="stack" on:submit=upload novalidate>
                <ErrorSummary errors=errors labels=vec![("c-photo-file", "photo.file")]/>
                <div class="field" class:has-error=move || file_error.with(Option::is_some)>
                    <label for="c-photo-file">{tr(lang, "photo.file")}</label>
                    <p class="hint" id="c-photo-file-hint">{tr(lang, "photo.file.hint")}</p>
                    <p class="field-error" id="c-photo-file-error">{move || file_error.get()}</p>
                    <input type="file" id="c-photo-file" accept=".jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp"
                        aria-describedby="c-photo-file-hint c-photo-file-error"
                        aria-invalid=move || file_error.with(Option::is_some).then_some("true")/>
                </div>
                <button type="submit" disabled=move || busy.get()>{tr(lang, "photo.upload")}</button>
            </form>
        </section>
    }
}
