use super::PageTitle;
use crate::i18n::{tr, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let lang = use_lang();
    // The server answers 404 with this page (a missing card or provider, an unknown path).
    #[cfg(feature = "ssr")]
    {
        let l = lang.get_untracked();
        crate::ssr::with_head(|h| {
            h.status = Some(404);
            h.title = Some(crate::i18n::t(l, "notfound.title").to_owned());
            h.description = None;
            h.canonical = None;
            h.json_ld = None;
        });
    }
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(tr(lang, "notfound.title").to_owned())/>
            <p>{tr(lang, "notfound.text")}</p>
            <p><A href="/">{tr(lang, "nav.home")}</A></p>
        </div>
    }
}
