//! Loading and error states shared by every page that fetches.
use crate::api::ApiError;
use crate::i18n::{tr, use_lang};
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! { <p class="loading" role="status" aria-live="polite">{tr(lang, "loading")}</p> }
}

#[component]
pub fn ErrorBox(error: ApiError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="error-box" role="alert">
            <p><strong>{tr(lang, "error.title")}</strong></p>
            <p>{error.title.clone()} {if error.detail.is_empty() { String::new() } else { format!(": {}", error.detail) }}</p>
            <button type="button" on:click=move |_| retry.run(())>{tr(lang, "error.retry")}</button>
        </div>
    }
}
