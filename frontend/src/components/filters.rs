//! The search's filters: facet links (counts that ignore their own filter) and the fields
//! of the search form. The fields belong to the form `#search-form`; they submit as a plain
//! GET form too.
use super::search_state::{Pairs, value, with};
use crate::api::{self, Catalogue, Facets, ZoneList};
use crate::i18n::{Lang, pick, t, tr, use_lang};
use leptos::prelude::*;

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
                    // A plain link (the router still handles it): the router's `<A>` would
                    // mark every link to `/cerca` as the current page, whatever its query.
                    <a href=target aria-current=if is_sel { Some("true") } else { None }>
                        {move || pick(lang.get(), &f.label)} " (" {f.count} ")"
                    </a>
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

/// The facets of a page of results: links that set (or clear) one filter.
#[component]
pub fn FacetLinks(facets: Facets, pairs: Pairs) -> impl IntoView {
    let lang = use_lang();
    let Facets {
        macro_areas,
        categories,
        municipi,
    } = facets;
    view! {
        <div class="facets">
            {facet_list(lang, "filter.macro_area", "macro_area", macro_areas, &pairs)}
            {facet_list(lang, "filter.category", "category", categories, &pairs)}
            {facet_list(lang, "zone.municipi", "zone", municipi, &pairs)}
        </div>
    }
}

fn options(lang: Lang, items: &[api::CodeLabel], selected: &str) -> Vec<AnyView> {
    items
        .iter()
        .map(|c| view! { <option value=c.code.clone() selected=c.code == selected>{pick(lang, &c.label)}</option> }.into_any())
        .collect()
}

/// The filter fields, with the values of the address.
#[component]
pub fn FilterFields(catalogue: Catalogue, zones: ZoneList, pairs: Pairs) -> impl IntoView {
    let lang = use_lang();
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
    }
}
