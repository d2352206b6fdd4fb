//! Loading and error states shared by every page that fetches.
use crate::api::ApiError;
use crate::i18n::{tr, use_lang};
use leptos::prelude::*;

#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! { <p class="loading" role="status" aria-live="polite">{tr(lang, "loading")}</p> }
}

/// What went wrong, and a way to try again: `retry` in the client-rendered apps; in the
/// public catalogue, whose pages the server renders (the box is not an island), a link
/// to the same page, which the server renders again (with or without JavaScript).
#[component]
pub fn ErrorBox(error: ApiError, #[prop(into)] retry: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "csr")]
    let again = view! { <button type="button" on:click=move |_| retry.run(())>{tr(lang, "error.retry")}</button> };
    #[cfg(not(feature = "csr"))]
    let again = {
        let _ = retry;
        let here = leptos_router::hooks::use_location();
        let search = here.search.get_untracked();
        let query = if search.is_empty() || search.starts_with('?') {
            search
        } else {
            format!("?{search}")
        };
        let href = format!("{}{query}", here.pathname.get_untracked());
        view! { <p><a class="retry" href=href>{tr(lang, "error.retry")}</a></p> }
    };
    view! {
        <div class="error-box" role="alert">
            <p><strong>{tr(lang, "error.title")}</strong></p>
            <p>{error.title.clone()} {if error.detail.is_empty() { String::new() } else { format!(": {}", error.detail) }}</p>
            {again}
        </div>
    }
}
