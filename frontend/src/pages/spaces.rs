//! The WeMi spaces: where operators listen, give guidance and help people who cannot use
//! the web. Public, server-rendered, readable without JavaScript.
use super::PageTitle;
use crate::api::{self, ListSpacesQuery, Space};
use crate::components::fetch::{ErrorBox, Loading};
use crate::i18n::{Lang, t, tr, use_lang};
use leptos::prelude::*;

fn space_view(lang: RwSignal<Lang>, s: Space) -> impl IntoView {
    let heading = format!("space-{}", s.id);
    let phone = s.phone.map(|p| {
        let tel = format!("tel:{}", p.replace(' ', ""));
        view! { <div><dt>{tr(lang, "card.phone")}</dt><dd><a href=tel>{p}</a></dd></div> }
    });
    let email = s.email.map(|e| {
        let mail = format!("mailto:{e}");
        view! { <div><dt>{tr(lang, "card.email")}</dt><dd><a href=mail>{e}</a></dd></div> }
    });
    // Names, addresses and hours are the spaces' own (Italian) words.
    view! {
        <li class="area">
            <h2 id=heading.clone() lang="it">{s.name}</h2>
            <dl class="facts" aria-labelledby=heading>
                <div><dt>{tr(lang, "org.address")}</dt><dd lang="it">{s.address}</dd></div>
                {s.zone.map(|z| view! { <div><dt>{tr(lang, "spaces.zone")}</dt><dd lang="it">{z.name}</dd></div> })}
                {s.opening_hours.map(|h| view! { <div><dt>{tr(lang, "spaces.hours")}</dt><dd lang="it">{h}</dd></div> })}
                {phone}
                {email}
            </dl>
        </li>
    }
}

#[component]
pub fn Spaces() -> impl IntoView {
    let lang = use_lang();
    // Serialisable: loaded by the server, read back when hydrating.
    let spaces = Resource::new(
        || (),
        |_| api::sendable(async move { api::list_spaces(&ListSpacesQuery::default()).await }),
    );
    #[cfg(feature = "ssr")]
    {
        let l = lang.get_untracked();
        crate::ssr::with_head(|h| {
            h.title = Some(t(l, "spaces.title").to_owned());
            h.description = Some(t(l, "spaces.intro").to_owned());
            h.canonical = Some("/spazi".into());
        });
    }
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "spaces.title").to_owned())/>
            <p class="lead">{tr(lang, "spaces.intro")}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || spaces.get().map(|r| match r {
                    Ok(list) if list.items.is_empty() => view! { <p>{tr(lang, "spaces.empty")}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="areas">
                            {list.items.into_iter().map(|s| space_view(lang, s)).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <ErrorBox error=e retry=move |_| spaces.refetch()/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
