//! What the person keeps (issue 12): favourite services and carers, saved searches and
//! their daily alert by mail.
use crate::api::{self, CarerRole, FavouriteCard, FavouriteCarer, SavedSearch, SavedSearchPatch};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{StatusMessage, problem_message};
use crate::i18n::{Lang, pick, t, tr, use_lang};
use leptos::prelude::*;

fn role(lang: Lang, r: CarerRole) -> &'static str {
    t(
        lang,
        match r {
            CarerRole::Badante => "kept.role.badante",
            CarerRole::Colf => "kept.role.colf",
            CarerRole::BabySitter => "kept.role.baby_sitter",
        },
    )
}

/// Runs a change, then shows its outcome and reads the list again.
fn act<F>(
    lang: RwSignal<Lang>,
    message: RwSignal<Option<String>>,
    done: &'static str,
    refetch: impl Fn() + 'static,
    call: F,
) where
    F: std::future::Future<Output = Result<(), api::ApiError>> + 'static,
{
    leptos::task::spawn_local(async move {
        let l = lang.get_untracked();
        message.set(Some(match call.await {
            Ok(()) => t(l, done).to_owned(),
            Err(e) => problem_message(l, &e),
        }));
        refetch();
    });
}

#[component]
pub fn Favourites() -> impl IntoView {
    let lang = use_lang();
    let list = LocalResource::new(api::list_favourites);
    let message = RwSignal::new(None::<String>);
    let card = move |c: FavouriteCard| {
        let id = c.id.clone();
        let title = c.title.clone();
        let label = c.category_label.clone();
        view! {
            <li>
                {if c.available {
                    view! { <a href=format!("/servizi/{}", c.id)>{c.title.clone()}</a> " · " {c.organisation.clone()} " · " {move || pick(lang.get(), &label)} }.into_any()
                } else {
                    view! { <span>{c.title.clone()}</span> " · " <em>{tr(lang, "kept.gone")}</em> }.into_any()
                }}
                " "
                <button type="button" class="secondary" on:click=move |_| {
                    let id = id.clone();
                    act(lang, message, "kept.removed", move || list.refetch(), async move { api::remove_favourite_service(&id).await });
                }>
                    {tr(lang, "kept.remove")}<span class="visually-hidden">": " {title.clone()}</span>
                </button>
            </li>
        }
    };
    let carer = move |c: FavouriteCarer| {
        let id = c.id.clone();
        let name = c.first_name.clone();
        let roles = c.roles.clone();
        view! {
            <li>
                {if c.available {
                    view! {
                        <a href=format!("/assistenti/{}", c.id)>{c.first_name.clone()}</a> " · "
                        {move || roles.iter().map(|r| role(lang.get(), *r)).collect::<Vec<_>>().join(", ")}
                    }.into_any()
                } else {
                    view! { <em>{tr(lang, "kept.carer_gone")}</em> }.into_any()
                }}
                " "
                <button type="button" class="secondary" on:click=move |_| {
                    let id = id.clone();
                    act(lang, message, "kept.removed", move || list.refetch(), async move { api::remove_favourite_carer(&id).await });
                }>
                    {tr(lang, "kept.remove")}<span class="visually-hidden">": " {name.clone()}</span>
                </button>
            </li>
        }
    };
    view! {
        <section aria-labelledby="favourites-title" class="panel">
            <h2 id="favourites-title">{tr(lang, "kept.favourites")}</h2>
            <StatusMessage message=message.into()/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Ok(f) if f.cards.is_empty() && f.carers.is_empty() => view! { <p>{tr(lang, "kept.no_favourites")}</p> }.into_any(),
                    Ok(f) => view! {
                        {(!f.cards.is_empty()).then(|| view! {
                            <h3>{tr(lang, "kept.services")}</h3>
                            <ul class="kept">{f.cards.clone().into_iter().map(card).collect_view()}</ul>
                        })}
                        {(!f.carers.is_empty()).then(|| view! {
                            <h3>{tr(lang, "kept.carers")}</h3>
                            <ul class="kept">{f.carers.clone().into_iter().map(carer).collect_view()}</ul>
                        })}
                    }.into_any(),
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn SavedSearches() -> impl IntoView {
    let lang = use_lang();
    let list = LocalResource::new(api::list_saved_searches);
    let message = RwSignal::new(None::<String>);
    let row = move |s: SavedSearch| {
        let (id, id2) = (s.id.clone(), s.id.clone());
        let name = s.name.clone();
        let name2 = s.name.clone();
        let check = format!("alert-{}", s.id);
        view! {
            <li>
                <a href=format!("/cerca?{}", s.query)>{s.name.clone()}</a>
                <div class="check">
                    <input type="checkbox" id=check.clone() prop:checked=s.alert on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let id = id.clone();
                        let body = SavedSearchPatch { alert: Some(on), name: None };
                        act(lang, message, if on { "kept.alert_on" } else { "kept.alert_off" }, move || list.refetch(),
                            async move { api::update_saved_search(&id, &body).await.map(|_| ()) });
                    }/>
                    <label for=check>{tr(lang, "kept.alert")}<span class="visually-hidden">": " {name.clone()}</span></label>
                </div>
                <button type="button" class="secondary" on:click=move |_| {
                    let id = id2.clone();
                    act(lang, message, "kept.deleted", move || list.refetch(), async move { api::delete_saved_search(&id).await });
                }>
                    {tr(lang, "kept.delete")}<span class="visually-hidden">": " {name2.clone()}</span>
                </button>
            </li>
        }
    };
    view! {
        <section aria-labelledby="searches-title" class="panel">
            <h2 id="searches-title">{tr(lang, "kept.searches")}</h2>
            <p>{tr(lang, "kept.searches_intro")}</p>
            <StatusMessage message=message.into()/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Ok(l) if l.items.is_empty() => view! { <p>{tr(lang, "kept.no_searches")}</p> }.into_any(),
                    Ok(l) => view! { <ul class="kept">{l.items.into_iter().map(row).collect_view()}</ul> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// `/avvisi/stop?token=…`: the one-click link of an alert's mail stops the alert as the
/// page opens (no sign-in); used again, it says so.
#[component]
pub fn StopAlert() -> impl IntoView {
    let lang = use_lang();
    let query = leptos_router::hooks::use_query_map();
    let token = query.with_untracked(|q| q.get("token").unwrap_or_default());
    let outcome = LocalResource::new(move || {
        let token = token.clone();
        async move { api::unsubscribe_saved_search(&api::UnsubscribeInput { token }).await }
    });
    view! {
        <div class="container narrow">
            <super::PageTitle text=Signal::derive(move || t(lang.get(), "kept.stop_title").to_owned())/>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || outcome.get().map(|r| match r {
                    Ok(u) => view! { <p class="success-box" role="status">{move || t(lang.get(), "kept.stopped").replace("{}", &u.name)}</p> }.into_any(),
                    Err(e) if e.status == 410 => view! { <p class="notice" role="alert">{tr(lang, "kept.stop_used")}</p> }.into_any(),
                    Err(e) if e.status == 422 => view! { <p class="notice" role="alert">{tr(lang, "kept.stop_invalid")}</p> }.into_any(),
                    Err(e) => view! { <p class="notice" role="alert">{move || problem_message(lang.get(), &e)}</p> }.into_any(),
                })}
            </Suspense>
            <p><a href="/account">{tr(lang, "kept.manage")}</a></p>
        </div>
    }
}
