//! Previous / next buttons over the pages of a list the page reads through the API (the
//! audit log, the reviews' moderation): `page` is the page shown, from 1.
use crate::i18n::{tr, use_lang};
use leptos::prelude::*;

#[component]
pub fn Pager(page: RwSignal<i64>, pages: i64) -> impl IntoView {
    let lang = use_lang();
    view! {
        <nav class="pager" aria-label=tr(lang, "pager.label")>
            <button type="button" class="secondary" disabled=move || { page.get() <= 1 }
                on:click=move |_| page.update(|p| *p -= 1)>{tr(lang, "pager.prev")}</button>
            <span>{tr(lang, "pager.page")} " " {move || page.get()} " " {tr(lang, "pager.of")} " " {pages}</span>
            // Braces: a bare `>` would end the tag in the template.
            <button type="button" class="secondary" disabled=move || { page.get() >= pages }
                on:click=move |_| page.update(|p| *p += 1)>{tr(lang, "pager.next")}</button>
        </nav>
    }
}

/// How many pages `total` items fill at `per_page` a page (at least one).
pub fn pages_of(total: i64, per_page: i64) -> i64 {
    ((total + per_page - 1) / per_page.max(1)).max(1)
}
