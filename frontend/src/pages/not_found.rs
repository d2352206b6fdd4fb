use super::PageTitle;
use crate::i18n::{tr, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(tr(lang, "notfound.title").to_owned())/>
            <p>{tr(lang, "notfound.text")}</p>
            <p><A href="/">{tr(lang, "nav.home")}</A></p>
        </div>
    }
}
