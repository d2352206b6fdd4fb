//! Search with filters, facets, sorting and pagination; every bit of state is in the URL.
use super::PageTitle;
use crate::api::{self, Catalogue, Facets, SearchServicesQuery, ServiceSearchPage, ZoneList};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::result_card::ResultCard;
use crate::i18n::{Lang, pick, t, tr, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use wasm_bindgen::JsCast;

/// The URL parameters the page understands, in the order they are written.
const KEYS: [&str; 14] = [
    "q",
    "macro_area",
    "category",
    "accreditation_type",
    "zone",
    "recipient",
    "delivery_place",
    "max_price_cents",
    "price_unit",
    "max_waiting_days",
    "voucher",
    "quote_available",
    "sort",
    "page",
];

type Pairs = Vec<(String, String)>;

fn to_query(p: &Pairs) -> SearchServicesQuery {
    let get = |k: &str| p.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    SearchServicesQuery {
        q: get("q"),
        macro_area: get("macro_area"),
        category: get("category"),
        accreditation_type: get("accreditation_type"),
        zone: get("zone"),
        recipient: get("recipient"),
        delivery_place: get("delivery_place"),
        max_price_cents: get("max_price_cents").and_then(|v| v.parse().ok()),
        price_unit: get("price_unit"),
        max_waiting_days: get("max_waiting_days").and_then(|v| v.parse().ok()),
        voucher: get("voucher"),
        quote_available: get("quote_available").map(|v| v == "true"),
        sort: get("sort"),
        page: get("page").and_then(|v| v.parse().ok()),
        per_page: None,
    }
}

fn href(p: &Pairs) -> String {
    let qs: Vec<String> = p
        .iter()
        .map(|(k, v)| format!("{k}={}", api::encode(v)))
        .collect();
    if qs.is_empty() {
        "/cerca".into()
    } else {
        format!("/cerca?{}", qs.join("&"))
    }
}

/// The current parameters with `key` set to `value` (or removed), back to page 1.
fn with(p: &Pairs, key: &str, value: Option<&str>) -> String {
    let mut out: Pairs = p
        .iter()
        .filter(|(k, _)| k != key && k != "page")
        .cloned()
        .collect();
    if let Some(v) = value {
        out.push((key.to_owned(), v.to_owned()));
    }
    href(&out)
}

fn value(p: &Pairs, k: &str) -> String {
    p.iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

#[component]
pub fn Search() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let pairs = Memo::new(move |_| {
        query.with(|q| {
            KEYS.iter()
                .filter_map(|k| {
                    q.get(k)
                        .filter(|v| !v.is_empty())
                        .map(|v| (k.to_string(), v))
                })
                .collect::<Pairs>()
        })
    });
    let results = LocalResource::new(move || {
        let q = to_query(&pairs.get());
        async move { api::search_services(&q).await }
    });
    let catalogue = LocalResource::new(api::get_catalogue);
    let zones = LocalResource::new(api::list_zones);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(tr(lang, "search.title").to_owned())/>
            <div class="search-layout">
                <aside class="filters" aria-labelledby="filters-title">
                    <h2 id="filters-title">{tr(lang, "search.filters")}</h2>
                    <Suspense fallback=|| view! { <Loading/> }>
                        {move || { lang.track(); match (catalogue.get(), zones.get()) {
                            (Some(Ok(c)), Some(Ok(z))) => view! { <FilterForm catalogue=c zones=z pairs=pairs.get()/> }.into_any(),
                            (Some(Err(e)), _) | (_, Some(Err(e))) => view! { <ErrorBox error=e retry=move |_| { catalogue.refetch(); zones.refetch(); }/> }.into_any(),
                            _ => view! { <Loading/> }.into_any(),
                        }}}
                    </Suspense>
                </aside>
                <section class="results" aria-labelledby="results-title">
                    <h2 id="results-title">{tr(lang, "search.results")}</h2>
                    <Transition fallback=|| view! { <Loading/> }>
                        {move || results.get().map(|r| match r {
                            Ok(page) => view! { <ResultsView page=page pairs=pairs.get()/> }.into_any(),
                            Err(e) => view! { <ErrorBox error=e retry=move |_| results.refetch()/> }.into_any(),
                        })}
                    </Transition>
                </section>
            </div>
        </div>
    }
}

fn facet_list(
    lang: RwSignal<Lang>,
    title: &'static str,
    key: &'static str,
    items: Vec<api::FacetCount>,
    pairs: &Pairs,
) -> impl IntoView + use<> {
    let selected = value(pairs, key);
    let id = format!("facet-{key}");
    let links: Vec<_> = items
        .into_iter()
        .filter(|f| f.count > 0 || f.code == selected)
        .map(|f| {
            let is_sel = f.code == selected;
            let target = if is_sel {
                with(pairs, key, None)
            } else {
                with(pairs, key, Some(&f.code))
            };
            view! {
                <li>
                    <A href=target attr:aria-current=if is_sel { Some("true") } else { None }>
                        {move || pick(lang.get(), &f.label)} " (" {f.count} ")"
                    </A>
                </li>
            }
        })
        .collect();
    let label_id = id.clone();
    view! {
        <nav class="facet" aria-labelledby=label_id>
            <h3 id=id>{tr(lang, title)}</h3>
            <ul>{links}</ul>
        </nav>
    }
}

#[component]
fn ResultsView(page: ServiceSearchPage, pairs: Pairs) -> impl IntoView {
    let lang = use_lang();
    let Facets {
        macro_areas,
        categories,
        municipi,
    } = page.facets.clone();
    let pages = ((page.total + page.per_page - 1) / page.per_page.max(1)).max(1);
    let current = page.page;
    let prev = (current > 1).then(|| {
        let mut p = pairs.clone();
        p.retain(|(k, _)| k != "page");
        p.push(("page".into(), (current - 1).to_string()));
        href(&p)
    });
    let next = (current < pages).then(|| {
        let mut p = pairs.clone();
        p.retain(|(k, _)| k != "page");
        p.push(("page".into(), (current + 1).to_string()));
        href(&p)
    });
    let total = page.total;
    let has_filters = !pairs.is_empty();
    let facet_areas = facet_list(lang, "filter.macro_area", "macro_area", macro_areas, &pairs);
    let facet_categories = facet_list(lang, "filter.category", "category", categories, &pairs);
    let facet_municipi = facet_list(lang, "zone.municipi", "zone", municipi, &pairs);
    view! {
        <p class="result-count" role="status" aria-live="polite">
            <strong>{total}</strong> " " {tr(lang, "search.count")}
        </p>
        <div class="facets">
            {facet_areas}
            {facet_categories}
            {facet_municipi}
        </div>
        {has_filters.then(|| view! { <p><A href="/cerca">{tr(lang, "search.reset")}</A></p> })}
        {if page.items.is_empty() {
            view! { <p class="empty">{tr(lang, "search.none")}</p> }.into_any()
        } else {
            view! { <ul class="result-list">{page.items.into_iter().map(|item| view! { <ResultCard item=item/> }).collect_view()}</ul> }.into_any()
        }}
        <nav class="pager" aria-label=tr(lang, "pager.label")>
            {prev.map(|h| view! { <A href=h attr:rel="prev">{tr(lang, "pager.prev")}</A> })}
            <span>{tr(lang, "pager.page")} " " {current} " " {tr(lang, "pager.of")} " " {pages}</span>
            {next.map(|h| view! { <A href=h attr:rel="next">{tr(lang, "pager.next")}</A> })}
        </nav>
    }
}

fn options(lang: Lang, items: &[api::CodeLabel], selected: &str) -> Vec<AnyView> {
    items
        .iter()
        .map(|c| view! { <option value=c.code.clone() selected=c.code == selected>{pick(lang, &c.label)}</option> }.into_any())
        .collect()
}

#[component]
fn FilterForm(catalogue: Catalogue, zones: ZoneList, pairs: Pairs) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else {
            return;
        };
        let mut out: Pairs = Vec::new();
        for key in KEYS.iter().chain(["max_price_eur"].iter()) {
            let v = data.get(key).as_string().unwrap_or_default();
            let v = v.trim();
            if v.is_empty() || *key == "page" {
                continue;
            }
            if *key == "max_price_eur" {
                if let Ok(eur) = v.replace(',', ".").parse::<f64>() {
                    out.push((
                        "max_price_cents".into(),
                        ((eur * 100.0).round() as i64).to_string(),
                    ));
                }
            } else {
                out.push((key.to_string(), v.to_owned()));
            }
        }
        navigate(&href(&out), Default::default());
    };
    let l = lang.get_untracked();
    let v = |k: &str| value(&pairs, k);
    let macro_opts: Vec<api::CodeLabel> = catalogue
        .macro_areas
        .iter()
        .map(|m| api::CodeLabel {
            code: m.code.clone(),
            label: m.label.clone(),
        })
        .collect();
    let cat_opts: Vec<api::CodeLabel> = catalogue
        .macro_areas
        .iter()
        .flat_map(|m| m.categories.iter())
        .map(|c| api::CodeLabel {
            code: c.code.clone(),
            label: c.label.clone(),
        })
        .collect();
    let type_opts: Vec<api::CodeLabel> = catalogue
        .accreditation_lines
        .iter()
        .flat_map(|l| l.types.iter())
        .map(|a| api::CodeLabel {
            code: a.code.clone(),
            label: api::Label {
                it: format!("{} — {}", a.code, a.label.it),
                en: format!("{} — {}", a.code, a.label.en),
            },
        })
        .collect();
    let zone_sel = v("zone");
    let municipi: Vec<_> = zones
        .items
        .iter()
        .filter(|z| z.kind == api::ZoneKind::Municipio)
        .cloned()
        .collect();
    let zone_groups = municipi.into_iter().map(|m| {
        let nils: Vec<_> = zones.items.iter().filter(|z| z.parent.as_deref() == Some(m.code.as_str())).cloned().collect();
        let sel = zone_sel.clone();
        view! {
            <optgroup label=m.name.clone()>
                <option value=m.code.clone() selected=m.code == sel>{m.name.clone()}</option>
                {nils.into_iter().map(|n| view! { <option value=n.code.clone() selected=n.code == sel>{format!("— {}", n.name)}</option> }).collect_view()}
            </optgroup>
        }
    }).collect_view();
    let comuni: Vec<_> = zones
        .items
        .iter()
        .filter(|z| z.kind == api::ZoneKind::Comune)
        .cloned()
        .collect();
    let comuni_view = {
        let sel = zone_sel.clone();
        view! {
            <optgroup label=t(l, "zone.comuni")>
                {comuni.into_iter().map(|c| view! { <option value=c.code.clone() selected=c.code == sel>{c.name.clone()}</option> }).collect_view()}
            </optgroup>
        }
    };
    let max_eur = v("max_price_cents")
        .parse::<i64>()
        .map(|c| (c / 100).to_string())
        .unwrap_or_default();
    let sort = v("sort");
    let select = |id: &'static str, label: &'static str, opts: Vec<AnyView>| {
        view! {
            <div class="field">
                <label for=format!("f-{id}")>{t(l, label)}</label>
                <select id=format!("f-{id}") name=id>
                    <option value="">{t(l, "filter.any")}</option>
                    {opts}
                </select>
            </div>
        }
    };
    view! {
        <form class="filter-form" on:submit=submit>
            <div class="field">
                <label for="f-q">{t(l, "search.label")}</label>
                <input id="f-q" type="search" name="q" value=v("q") placeholder=t(l, "search.placeholder") autocomplete="off"/>
            </div>
            <fieldset>
                <legend>{t(l, "filter.category")}</legend>
                {select("macro_area", "filter.macro_area", options(l, &macro_opts, &v("macro_area")))}
                {select("category", "filter.category", options(l, &cat_opts, &v("category")))}
                {select("accreditation_type", "filter.accreditation_type", options(l, &type_opts, &v("accreditation_type")))}
            </fieldset>
            <fieldset>
                <legend>{t(l, "filter.zone")}</legend>
                <div class="field">
                    <label for="f-zone">{t(l, "filter.zone")}</label>
                    <select id="f-zone" name="zone">
                        <option value="">{t(l, "filter.any")}</option>
                        {zone_groups}
                        {comuni_view}
                    </select>
                </div>
            </fieldset>
            <fieldset>
                <legend>{t(l, "card.recipients")}</legend>
                {select("recipient", "filter.recipient", options(l, &catalogue.recipient_groups, &v("recipient")))}
                {select("delivery_place", "filter.delivery_place", options(l, &catalogue.delivery_places, &v("delivery_place")))}
                {select("voucher", "filter.voucher", options(l, &catalogue.voucher_schemes, &v("voucher")))}
            </fieldset>
            <fieldset>
                <legend>{t(l, "card.prices")}</legend>
                <div class="field">
                    <label for="f-max-price">{t(l, "filter.max_price")}</label>
                    <input id="f-max-price" type="number" min="0" step="1" inputmode="numeric" name="max_price_eur" value=max_eur/>
                </div>
                {select("price_unit", "card.price.unit", options(l, &catalogue.price_units, &v("price_unit")))}
                <div class="field">
                    <label for="f-wait">{t(l, "filter.max_waiting")}</label>
                    <input id="f-wait" type="number" min="0" max="365" step="1" inputmode="numeric" name="max_waiting_days" value=v("max_waiting_days")/>
                </div>
                <div class="field checkbox">
                    <input id="f-quote" type="checkbox" name="quote_available" value="true" checked=v("quote_available") == "true"/>
                    <label for="f-quote">{t(l, "filter.quote")}</label>
                </div>
            </fieldset>
            <div class="field">
                <label for="f-sort">{t(l, "filter.sort")}</label>
                <select id="f-sort" name="sort">
                    <option value="relevance" selected=sort.is_empty() || sort == "relevance">{t(l, "sort.relevance")}</option>
                    <option value="price" selected=sort == "price">{t(l, "sort.price")}</option>
                    <option value="waiting" selected=sort == "waiting">{t(l, "sort.waiting")}</option>
                </select>
            </div>
            <button type="submit" class="primary">{t(l, "filter.apply")}</button>
        </form>
    }
}
