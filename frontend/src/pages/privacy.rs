//! The privacy notice people accept when they sign up. Its version is recorded with the
//! consent; the server accepts only the current one (the browser journey signs up, so a
//! mismatch with the backend's `PRIVACY_VERSION` fails the tests).
use super::PageTitle;
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;

pub const PRIVACY_VERSION: &str = "2026-11";

const SECTIONS: [(&str, &str); 6] = [
    ("privacy.who", "privacy.who_text"),
    ("privacy.what", "privacy.what_text"),
    ("privacy.why", "privacy.why_text"),
    ("privacy.keep", "privacy.keep_text"),
    ("privacy.rights", "privacy.rights_text"),
    ("privacy.logs", "privacy.logs_text"),
];

#[component]
pub fn Privacy() -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    {
        let l = lang.get_untracked();
        crate::ssr::with_head(|h| {
            h.title = Some(t(l, "privacy.title").to_owned());
            h.description = Some(crate::ssr::summary(t(l, "privacy.who_text"), 160));
            h.canonical = Some("/privacy".into());
        });
    }
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "privacy.title").to_owned())/>
            <p class="lead">{tr(lang, "privacy.version")} " " {PRIVACY_VERSION}</p>
            {SECTIONS.iter().map(|(h, p)| view! {
                <h2>{tr(lang, h)}</h2>
                <p>{tr(lang, p)}</p>
            }).collect_view()}
        </div>
    }
}
