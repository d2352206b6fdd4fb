//! `/gestione/anteprima/:id`: a card as citizens will see it once its pending version is
//! approved (or as they see it now), for its provider's staff and the city's reviewers.
//! The content comes from `GET /cards/{id}/preview`, which writes the pending version the
//! way approval does in a transaction it rolls back; the body is the public card page's
//! own (`service::CardBody`). The review app's bundle.
use super::PageTitle;
use super::account::require_sign_in;
use super::manage::{NotForThisRole, active_with};
use super::service::{CardBody, verified};
use crate::api::{self, Role};
use crate::components::fetch::{ErrorBox, Loading};
use crate::i18n::{pick, t, tr, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

const READERS: &[Role] = &[
    Role::ProviderStaff,
    Role::ProviderAdmin,
    Role::MunicipalReviewer,
    Role::MunicipalAdmin,
];

#[component]
pub fn PreviewPage() -> impl IntoView {
    require_sign_in("/gestione/anteprima");
    let active = active_with(READERS);
    view! {
        <div class="container">
            {move || if active.get().is_some() {
                view! { <Preview/> }.into_any()
            } else {
                view! { <NotForThisRole/> }.into_any()
            }}
        </div>
    }
}

#[component]
fn Preview() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let reviewer = active_with(&[Role::MunicipalReviewer, Role::MunicipalAdmin]);
    let preview = LocalResource::new(move || {
        let id = id();
        async move { api::preview_card(&id).await }
    });
    let back = move || {
        let base = if reviewer.get().is_some() {
            "/gestione/revisione"
        } else {
            "/gestione/schede"
        };
        format!("{base}/{}", id())
    };
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || preview.get().map(|r| match r {
                Err(e) => view! {
                    <PageTitle text=Signal::derive(move || t(lang.get(), "preview.title").to_owned())/>
                    <ErrorBox error=e retry=move |_| preview.refetch()/>
                }.into_any(),
                Ok(p) => {
                    let c = p.card;
                    let title = c.title.clone();
                    let note = match p.version {
                        Some(n) => format!("{} {n}", t(lang.get_untracked(), "preview.pending")),
                        None => t(lang.get_untracked(), "preview.live").to_owned(),
                    };
                    let (category, area) = (c.category_label.clone(), c.macro_area_label.clone());
                    let org = c.organisation.legal_name.clone();
                    let stale = !c.verified_recently;
                    let line = verified(lang.get_untracked(), &c);
                    view! {
                        <p class="notice" role="note">{tr(lang, "preview.note")} " " {note}</p>
                        // The provider's own words are Italian, whatever the interface's language.
                        <PageTitle text=Signal::derive(move || title.clone()) lang="it"/>
                        <p class="result-meta">
                            <span class="tag">{move || pick(lang.get(), &category)}</span>
                            " · " {move || pick(lang.get(), &area)} " · " <span lang="it">{org}</span>
                        </p>
                        <p class="verified" class:stale=stale>{line}</p>
                        <CardBody card=c/>
                    }.into_any()
                }
            })}
        </Transition>
        <p><a href=back>{tr(lang, "preview.back")}</a></p>
    }
}
