//! Search: a text field that suggests while typing, then the results; the filters beside
//! them on wide screens and behind a "Filters (N)" disclosure on phones. Every bit of
//! state is in the URL; the form also works as a plain GET form to `/cerca`.
use super::PageTitle;
use crate::api::{self, ServiceSearchPage, Suggestion};
use crate::components::combobox::{SuggestBox, suggestion_href};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::filters::{FacetLinks, FilterFields};
use crate::components::result_card::ResultCard;
use crate::components::search_state::{self as state, Pairs};
use crate::i18n::{t, tr, use_lang};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
#[cfg(feature = "csr")]
use leptos_router::{NavigateOptions, hooks::use_navigate};
#[cfg(not(feature = "ssr"))]
use wasm_bindgen::JsCast;

/// Gives the focus to an element that takes it (`tabindex="-1"` for a heading).
#[cfg(not(feature = "ssr"))]
fn focus(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// The page's head on the server: what was searched and how many were found.
#[cfg(feature = "ssr")]
fn describe(lang: crate::i18n::Lang, (pairs, outcome): &Outcome) {
    let q = state::value(pairs, "q");
    let title = if q.is_empty() {
        t(lang, "search.title").to_owned()
    } else {
        format!("{q} · {}", t(lang, "search.title"))
    };
    let (description, status) = match outcome {
        Ok(p) => (format!("{} {}", p.total, t(lang, count_key(p.total))), None),
        Err(e) => (e.title.clone(), Some(e.status)),
    };
    crate::ssr::with_head(move |h| {
        h.title = Some(title);
        h.description = Some(description);
        h.canonical = Some("/cerca".into());
        h.status = status;
    });
}

/// The answer to one search, with the parameters it answers: what is shown (the facets'
/// selected entry, the pager's links) always belongs to the results on screen, even while
/// the next ones load.
type Outcome = (Pairs, Result<ServiceSearchPage, api::ApiError>);

#[component]
pub fn Search() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let pairs = Memo::new(move |_| query.with(state::from_query));
    // Serialisable: loaded by the server, read back when hydrating (no second call).
    let results = Resource::new(
        move || pairs.get(),
        |p: Pairs| {
            api::sendable(async move {
                let r = api::search_services(&state::to_query(&p)).await;
                (p, r)
            })
        },
    );
    let catalogue = Resource::new(|| (), |_| api::sendable(api::get_catalogue()));
    let zones = Resource::new(|| (), |_| api::sendable(api::list_zones()));
    #[cfg(feature = "csr")]
    provide_context(FiltersOpen(RwSignal::new(false)));
    let filters_label = move || {
        let label = t(lang.get(), "search.filters");
        match pairs.with(state::filter_count) {
            0 => label.to_owned(),
            n => format!("{label} ({n})"),
        }
    };
    let facets = move || {
        results.get().and_then(|(p, r)| {
            r.ok()
                .map(|page| view! { <FacetLinks facets=page.facets pairs=p/> })
        })
    };
    let status = move || {
        results.get().and_then(|(p, r)| {
            r.ok()
                .map(|page| view! { <ResultStatus page=page pairs=p/> })
        })
    };
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(tr(lang, "search.title").to_owned())/>
            <div class="search-box" role="search">
                <label for="f-q">{tr(lang, "search.label")}</label>
                <div class="search-row">
                    <SearchField pairs=pairs.get_untracked()/>
                    <button type="submit" form="search-form">{tr(lang, "search.submit")}</button>
                </div>
            </div>
            // Past the filters, straight to the results (the browser moves the focus there).
            <p class="skip-results"><a href="#results-title" target="_self">{tr(lang, "search.skip")}</a></p>
            <div class="search-layout">
                <aside class="filters" aria-labelledby="filters-title">
                    <h2 id="filters-title">
                        <FiltersToggle label=filters_label()/>
                        <span class="filters-heading">{filters_label}</span>
                    </h2>
                    <div id="filter-panel" class="filter-panel">
                        <Transition fallback=|| ()>{facets}</Transition>
                        <form id="search-form" class="filter-form" action="/cerca" method="get">
                            <Suspense fallback=|| view! { <Loading/> }>
                                {move || { lang.track(); match (catalogue.get(), zones.get()) {
                                    (Some(Ok(c)), Some(Ok(z))) => view! { <FilterFields catalogue=c zones=z pairs=pairs.get()/> }.into_any(),
                                    (Some(Err(e)), _) | (_, Some(Err(e))) => view! { <ErrorBox error=e retry=move |_| { catalogue.refetch(); zones.refetch(); }/> }.into_any(),
                                    _ => view! { <Loading/> }.into_any(),
                                }}}
                            </Suspense>
                        </form>
                    </div>
                    <SearchSubmit/>
                </aside>
                <section class="results" aria-labelledby="results-title">
                    <h2 id="results-title" tabindex="-1">{tr(lang, "search.results")}</h2>
                    // One live region that stays: the count, "did you mean", partial matches.
                    <div class="result-status" role="status">
                        <Transition fallback=|| ()>{status}</Transition>
                    </div>
                    {move || {
                        let q = pairs.with(state::to_query);
                        let query = q.to_query_string();
                        let name = q.q.unwrap_or_else(|| t(lang.get_untracked(), "search.results").to_owned());
                        view! { <crate::components::keep::SaveSearch query=query name=name/> }
                    }}
                    <Transition fallback=|| view! { <Loading/> }>
                        {move || results.get().map(|outcome: Outcome| {
                            #[cfg(feature = "ssr")]
                            describe(lang.get_untracked(), &outcome);
                            let (p, r) = outcome;
                            match r {
                                Ok(page) => view! { <ResultsView page=page pairs=p/> }.into_any(),
                                Err(e) => view! { <ErrorBox error=e retry=move |_| results.refetch()/> }.into_any(),
                            }
                        })}
                    </Transition>
                </section>
            </div>
        </div>
    }
}

/// The search's text field with its suggestions (an island in the public catalogue): a
/// chosen suggestion leads to its page, kept with the search's other parameters `pairs`.
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
fn SearchField(pairs: Pairs) -> impl IntoView {
    let text = RwSignal::new(state::value(&pairs, "q"));
    let navigate = crate::navigator();
    let on_pick = Callback::new(move |s: Suggestion| navigate(&suggestion_href(&s, &pairs)));
    view! { <SuggestBox id="f-q" name="q" form="search-form" value=text on_pick=on_pick/> }
}

/// What the search form `#search-form` sends: its fields without the empty ones (the
/// address `state::href` writes), and whether the filters were applied from the phone's
/// open panel. `None` for any other form.
#[cfg(not(feature = "ssr"))]
fn submitted(ev: &leptos::ev::SubmitEvent) -> Option<(String, bool)> {
    let form = ev
        .target()?
        .dyn_into::<web_sys::HtmlFormElement>()
        .ok()
        .filter(|f| f.id() == "search-form")?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    let target = state::href(&state::from_form(&data));
    let from_panel = ev
        .submitter()
        .and_then(|s| s.closest("#filter-panel.open").ok().flatten())
        .is_some();
    Some((target, from_panel))
}

/// The search form's sending in the browser (the form itself works without JavaScript as
/// a plain GET form): the address without empty fields; filters applied from the phone's
/// open panel lead to the results (the panel closes, the focus goes to their heading).
/// An island in the public catalogue, where the new address is a page the server renders:
/// it carries `#results-title` then, and the island focuses that heading once the page is
/// interactive (the browser has scrolled to it already).
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
fn SearchSubmit() -> impl IntoView {
    #[cfg(feature = "csr")]
    let (navigate, filters) = (use_navigate(), use_context::<FiltersOpen>());
    #[cfg(not(feature = "ssr"))]
    {
        if crate::ISLANDS
            && web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .as_deref()
                == Some("#results-title")
        {
            focus("results-title");
        }
        let handle = window_event_listener(leptos::ev::submit, move |ev| {
            let Some((target, from_panel)) = submitted(&ev) else {
                return;
            };
            ev.prevent_default();
            #[cfg(feature = "csr")]
            if from_panel {
                if let Some(open) = filters {
                    open.0.set(false);
                }
                let options = NavigateOptions {
                    scroll: false,
                    ..Default::default()
                };
                navigate(&target, options);
                focus("results-title");
            } else {
                navigate(&target, Default::default());
            }
            #[cfg(not(feature = "csr"))]
            if let Some(w) = web_sys::window() {
                let href = if from_panel {
                    format!("{target}#results-title")
                } else {
                    target
                };
                let _ = w.location().assign(&href);
            }
        });
        on_cleanup(move || handle.remove());
    }
}

/// Whether the filters' panel is open on a phone, shared by its disclosure and the form's
/// sending in the client-rendered build (the islands of the public catalogue share no
/// state: applying filters there loads a new page, where the panel is closed).
#[derive(Clone, Copy)]
struct FiltersOpen(RwSignal<bool>);

/// The filters' disclosure on phones (on wide screens they are always shown): opens and
/// closes the panel `#filter-panel`. An island in the public catalogue.
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
fn FiltersToggle(label: String) -> impl IntoView {
    let open = use_context::<FiltersOpen>().map_or_else(|| RwSignal::new(false), |o| o.0);
    Effect::new(move |_| {
        let open = open.get();
        if let Some(panel) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("filter-panel"))
        {
            let _ = panel.class_list().toggle_with_force("open", open);
        }
    });
    view! {
        <button type="button" class="filters-toggle" aria-controls="filter-panel"
            aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|o| *o = !*o)>
            {label}
        </button>
    }
}

/// "1 servizio trovato", "2 servizi trovati".
fn count_key(total: i64) -> &'static str {
    if total == 1 {
        "search.count_one"
    } else {
        "search.count"
    }
}

/// How many were found, a corrected search to try, and whether these are partial matches.
#[component]
fn ResultStatus(page: ServiceSearchPage, pairs: Pairs) -> impl IntoView {
    let lang = use_lang();
    let did_you_mean = page.did_you_mean.map(|text| {
        let href = state::with(&pairs, "q", Some(&text));
        view! {
            <p class="did-you-mean">
                {tr(lang, "search.did_you_mean")} " "
                <a href=href>{tr(lang, "quote.open")}{text}{tr(lang, "quote.close")}</a> "?"
            </p>
        }
    });
    view! {
        <p class="result-count"><strong>{page.total}</strong> " " {tr(lang, count_key(page.total))}</p>
        <crate::components::compare::ContactChosen/>
        {page.partial.then(|| view! { <p class="partial-notice">{tr(lang, "search.partial")}</p> })}
        {did_you_mean}
    }
}

#[component]
fn ResultsView(page: ServiceSearchPage, pairs: Pairs) -> impl IntoView {
    let lang = use_lang();
    let pages = ((page.total + page.per_page - 1) / page.per_page.max(1)).max(1);
    let current = page.page;
    let page_href = |n: i64| {
        let mut p = pairs.clone();
        p.retain(|(k, _)| k != "page");
        p.push(("page".into(), n.to_string()));
        state::href(&p)
    };
    let prev = (current > 1).then(|| page_href(current - 1));
    let next = (current < pages).then(|| page_href(current + 1));
    let has_filters = !pairs.is_empty();
    // Links to `/cerca` itself are plain `<a>` (the router still follows them without a
    // reload): its `<A>` would mark each as the current page, whatever its query.
    view! {
        {has_filters.then(|| view! { <p class="reset"><a href="/cerca">{tr(lang, "search.reset")}</a></p> })}
        {if page.items.is_empty() {
            view! { <p class="empty">{tr(lang, "search.none")}</p> }.into_any()
        } else {
            view! { <ul class="result-list">{page.items.into_iter().map(|item| view! { <ResultCard item=item/> }).collect_view()}</ul> }.into_any()
        }}
        <nav class="pager" aria-label=tr(lang, "pager.label")>
            {prev.map(|h| view! { <a href=h rel="prev">{tr(lang, "pager.prev")}</a> })}
            <span>{tr(lang, "pager.page")} " " {current} " " {tr(lang, "pager.of")} " " {pages}</span>
            {next.map(|h| view! { <a href=h rel="next">{tr(lang, "pager.next")}</a> })}
        </nav>
    }
}
