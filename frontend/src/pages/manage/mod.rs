//! The administrators' pages: an organisation's members, a municipality's people and
//! WeMi spaces, the audit log. Each needs the matching role to be the active one.
pub mod audit;
pub mod organisation;
pub mod tenant;

use crate::api::{Membership, Role};
use crate::session::use_session;
use leptos::prelude::*;

/// The active membership when its role is one of `roles`.
pub fn active_with(roles: &'static [Role]) -> Signal<Option<Membership>> {
    let session = use_session();
    Signal::derive(move || session.active().filter(|ms| roles.contains(&ms.role)))
}

/// Shown when the active role may not use the page.
#[component]
pub fn NotForThisRole() -> impl IntoView {
    let lang = crate::i18n::use_lang();
    view! { <p class="notice" role="alert">{crate::i18n::tr(lang, "manage.wrong_role")}</p> }
}
