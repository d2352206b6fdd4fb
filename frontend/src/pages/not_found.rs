use super::PageTitle;
use crate::i18n::{t, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "notfound.title").to_owned())/>
            <p>{move || t(lang.get(), "notfound.text")}</p>
            <p><A href="/">{move || t(lang.get(), "nav.home")}</A></p>
        </div>
    }
}
