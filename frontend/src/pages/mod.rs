pub mod account;
pub mod cards;
pub mod carers;
pub mod compare;
pub mod contact;
pub mod group_offers;
pub mod groups;
pub mod home;
pub mod invitation;
pub mod login;
pub mod manage;
pub mod needs;
pub mod not_found;
pub mod organisation;
pub mod password_forgot;
pub mod password_reset;
pub mod preview;
pub mod privacy;
pub mod profile;
pub mod register;
pub mod reports;
pub mod reviews;
pub mod search;
pub mod service;
pub mod signup;
pub mod spaces;
pub mod verify_email;

use leptos::prelude::*;

/// Sets the document title for the page.
pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(&format!("{title} — Domicilia"));
    }
}

/// Moves focus to the main region after navigation, so screen readers start there.
pub fn focus_main() {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
    {
        use wasm_bindgen::JsCast;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// The page's heading and document title. `lang`: the heading's language when it is not
/// the interface's (a provider's Italian title shown in the English interface: "it").
#[component]
pub fn PageTitle(
    #[prop(into)] text: Signal<String>,
    #[prop(optional)] lang: Option<&'static str>,
) -> impl IntoView {
    Effect::new(move |_| {
        set_title(&text.get());
        focus_main();
    });
    view! { <h1 lang=lang>{move || text.get()}</h1> }
}
