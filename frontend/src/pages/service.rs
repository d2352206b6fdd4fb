//! The service card page: every field of the *scheda servizio*.
use super::PageTitle;
use crate::api::{self, ServiceCard, StaffKind, Tristate};
use crate::components::compare::use_compare;
use crate::components::fetch::{ErrorBox, Loading};
use crate::i18n::{Lang, money, percent, pick, t, tr, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

pub fn yes_no(lang: Lang, b: bool) -> &'static str {
    t(lang, if b { "yes" } else { "no" })
}

pub fn labels(lang: Lang, items: &[api::CodeLabel]) -> String {
    if items.is_empty() {
        return t(lang, "card.none").to_owned();
    }
    items
        .iter()
        .map(|c| pick(lang, &c.label))
        .collect::<Vec<_>>()
        .join(", ")
}

fn card_view(lang: RwSignal<Lang>, c: ServiceCard) -> impl IntoView {
    let title = c.title.clone();
    let org_href = format!("/enti/{}", c.organisation.id);
    let id = c.id.clone();
    let report_href = format!("/segnala/{}", c.id);
    let c3 = c.clone();
    let category_label = c.category_label.clone();
    let macro_label = c.macro_area_label.clone();
    let org_name = c.organisation.legal_name.clone();
    view! {
        // The provider's own words are Italian, whatever the interface's language.
        <PageTitle text=Signal::derive(move || title.clone()) lang="it"/>
        <p class="result-meta">
            <span class="tag">{move || pick(lang.get(), &category_label)}</span>
            " · " {move || pick(lang.get(), &macro_label)} " · "
            <A href=org_href attr:lang="it">{org_name}</A>
        </p>
        <CardCompare id=id.clone()/>
        <crate::components::keep::Favourite id=id.clone()/>
        <p class="contact-cta"><a class="primary" href=format!("/richiesta?servizi={id}")>{tr(lang, "contact.this")}</a></p>
        <crate::components::compare::ContactChosen/>
        <p class="verified" class:stale=!c.verified_recently>{move || verified(lang.get(), &c3)}</p>
        <CardBody card=c/>
        // Another app's page (a full load): the report form is not in this bundle.
        <p><a href=report_href>{tr(lang, "card.report")}</a></p>
    }
}

/// The card's button adding it to the comparison (or taking it out), the comparison's
/// link and the notice when the list is full: an island in the public catalogue.
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
fn CardCompare(id: String) -> impl IntoView {
    let lang = use_lang();
    let compare = use_compare();
    let (full, set_full) = signal(false);
    let id2 = id.clone();
    let id3 = id.clone();
    view! {
        <p>
            <button type="button" class="secondary" aria-pressed=move || compare.contains(&id).to_string()
                on:click=move |_| set_full.set(!compare.toggle(&id2))>
                {move || if compare.contains(&id3) { t(lang.get(), "compare.remove") } else { t(lang.get(), "compare.add") }}
            </button>
            " " <a href=move || compare.href()>{tr(lang, "compare.open")}</a>
        </p>
        <Show when=move || full.get()><p class="notice" role="alert">{tr(lang, "compare.max")}</p></Show>
    }
}

/// `2026-03-12T…` as the person reads a date (12/03/2026; in English 2026-03-12).
pub fn day(lang: Lang, stamp: &str) -> String {
    let d = stamp.get(..10).unwrap_or(stamp);
    match (lang, d.get(..4), d.get(5..7), d.get(8..10)) {
        (Lang::It, Some(y), Some(m), Some(dd)) => format!("{dd}/{m}/{y}"),
        _ => d.to_owned(),
    }
}

/// When the city or the provider last said the card is accurate (or since when not).
pub fn verified(lang: Lang, c: &ServiceCard) -> String {
    let when = c
        .last_verified_at
        .as_deref()
        .map(|s| day(lang, s))
        .unwrap_or_default();
    let key = if c.verified_recently {
        "card.verified"
    } else {
        "card.not_verified"
    };
    format!("{} {when}", t(lang, key))
}

/// The premises' accessibility, the features the provider stated (yes or no).
fn access(lang: Lang, c: &ServiceCard) -> String {
    let a = &c.accessibility;
    let stated: Vec<String> = [
        ("card.acc.step_free", a.step_free),
        ("card.acc.toilet", a.toilet),
        ("card.acc.lift", a.lift),
    ]
    .into_iter()
    .filter_map(|(k, v)| match v {
        Some(Tristate::Yes) => Some(format!("{}: {}", t(lang, k), t(lang, "yes"))),
        Some(Tristate::No) => Some(format!("{}: {}", t(lang, k), t(lang, "no"))),
        _ => None,
    })
    .collect();
    if stated.is_empty() {
        t(lang, "card.none").to_owned()
    } else {
        stated.join(" · ")
    }
}

#[component]
pub fn CardBody(card: ServiceCard) -> impl IntoView {
    let lang = use_lang();
    let c = StoredValue::new(card);
    let hours = move || {
        c.with_value(|c| {
            c.first_contact
                .hours
                .iter()
                .map(|h| {
                    let day = t(lang.get(), &format!("weekday.{}", h.weekday)).to_owned();
                    view! { <li>{day} " " {h.opens.clone()} "–" {h.closes.clone()}</li> }
                })
                .collect_view()
        })
    };
    view! {
        <div class="card-grid">
            <section aria-labelledby="s-desc">
                <h2 id="s-desc">{tr(lang, "card.description")}</h2>
                <h3>{tr(lang, "card.needs")}</h3>
                <p lang="it">{c.with_value(|c| c.description.needs_analysis.clone())}</p>
                <h3>{tr(lang, "card.solution")}</h3>
                <p lang="it">{c.with_value(|c| c.description.solution.clone())}</p>
                <h3>{tr(lang, "card.activities")}</h3>
                <p lang="it">{c.with_value(|c| c.description.activities.clone())}</p>
            </section>
            <section aria-labelledby="s-prices">
                <h2 id="s-prices">{tr(lang, "card.prices")}</h2>
                // Scrolls by itself on a narrow screen (focusable, for the keyboard).
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="s-prices">
                    <table>
                        <thead><tr>
                            <th scope="col">{tr(lang, "card.price.option")}</th>
                            <th scope="col">{tr(lang, "card.price.amount")}</th>
                            <th scope="col">{tr(lang, "card.price.unit")}</th>
                            <th scope="col">{tr(lang, "price.vat")}</th>
                        </tr></thead>
                        <tbody>
                            {move || c.with_value(|c| c.prices.iter().map(|p| {
                                let l = lang.get();
                                // A label the provider wrote is Italian; the unit's is translated.
                                let own = p.label.is_some().then_some("it");
                                let name = p.label.clone().unwrap_or_else(|| pick(l, &p.unit_label));
                                let name = if p.is_package { format!("{name} ({})", t(l, "price.package")) } else { name };
                                view! { <tr><th scope="row" lang=own>{name}</th><td>{money(l, p.price_cents)}</td><td>{pick(l, &p.unit_label)}</td><td>{percent(p.vat_rate_bp)}</td></tr> }
                            }).collect_view())}
                        </tbody>
                    </table>
                </div>
                <dl class="facts">
                    <div><dt>{tr(lang, "card.quote")}</dt><dd>{move || yes_no(lang.get(), c.with_value(|c| c.quote_available))}</dd></div>
                    <div><dt>{tr(lang, "card.vouchers")}</dt><dd>{move || c.with_value(|c| labels(lang.get(), &c.vouchers))}</dd></div>
                </dl>
            </section>
            <section aria-labelledby="s-facts">
                <h2 id="s-facts">{tr(lang, "card.waiting")}</h2>
                <dl class="facts">
                    <div><dt>{tr(lang, "wait.assessment")}</dt><dd>{c.with_value(|c| c.waiting_days_assessment)} " " {tr(lang, "wait.days")}</dd></div>
                    <div><dt>{tr(lang, "wait.activation")}</dt><dd>{c.with_value(|c| c.waiting_days_activation)} " " {tr(lang, "wait.days")}</dd></div>
                    <div><dt>{tr(lang, "card.recipients")}</dt><dd>{move || c.with_value(|c| labels(lang.get(), &c.recipients))}</dd></div>
                    <div><dt>{tr(lang, "card.places")}</dt><dd>{move || c.with_value(|c| labels(lang.get(), &c.delivery_places))}</dd></div>
                    <div><dt>{tr(lang, "card.accreditation")}</dt><dd>{c.with_value(|c| c.accreditation_type.clone())} " — " {move || c.with_value(|c| pick(lang.get(), &c.accreditation_type_label))}</dd></div>
                    <div><dt>{tr(lang, "card.zones")}</dt><dd>{c.with_value(|c| c.zones.iter().map(|z| z.name.clone()).collect::<Vec<_>>().join(", "))}</dd></div>
                    <div><dt>{tr(lang, "card.manager")}</dt><dd>{c.with_value(|c| c.service_manager.clone())}</dd></div>
                    <div><dt>{tr(lang, "card.access")}</dt><dd>{move || c.with_value(|c| access(lang.get(), c))}</dd></div>
                </dl>
            </section>
            <section aria-labelledby="s-contact">
                <h2 id="s-contact">{tr(lang, "card.contact")}</h2>
                <dl class="facts">
                    {c.with_value(|c| c.first_contact.phone.clone()).map(|p| { let tel = format!("tel:{}", p.replace(' ', "")); view! { <div><dt>{tr(lang, "card.phone")}</dt><dd><a href=tel>{p}</a></dd></div> } })}
                    {c.with_value(|c| c.first_contact.email.clone()).map(|e| { let mail = format!("mailto:{e}"); view! { <div><dt>{tr(lang, "card.email")}</dt><dd><a href=mail>{e}</a></dd></div> } })}
                </dl>
                <h3>{tr(lang, "card.hours")}</h3>
                <ul>{hours}</ul>
            </section>
            <section aria-labelledby="s-staff">
                <h2 id="s-staff">{tr(lang, "card.staff")}</h2>
                // Scrolls by itself on a narrow screen (focusable, for the keyboard).
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="s-staff">
                    <table>
                        <thead><tr>
                            <th scope="col">{tr(lang, "card.staff.qualification")}</th>
                            <th scope="col">{tr(lang, "card.staff.kind")}</th>
                            <th scope="col">{tr(lang, "card.staff.count")}</th>
                            <th scope="col">{tr(lang, "card.staff.years")}</th>
                            <th scope="col">{tr(lang, "card.staff.references")}</th>
                            <th scope="col">{tr(lang, "card.staff.supplier")}</th>
                        </tr></thead>
                        <tbody>
                            {move || c.with_value(|c| c.staff.iter().map(|s| {
                                let l = lang.get();
                                let kind = t(l, if s.kind == StaffKind::External { "card.staff.external" } else { "card.staff.internal" });
                                view! { <tr><th scope="row" lang="it">{s.qualification.clone()}</th><td>{kind}</td><td>{s.count}</td><td>{s.years_experience}</td><td>{yes_no(l, s.references_available)}</td><td lang="it">{s.supplier.clone().unwrap_or_else(|| "—".into())}</td></tr> }
                            }).collect_view())}
                        </tbody>
                    </table>
                </div>
                <dl class="facts">
                    <div><dt>{tr(lang, "card.languages")}</dt><dd>{c.with_value(|c| c.languages.join(", ").to_ascii_uppercase())}</dd></div>
                </dl>
            </section>
        </div>
    }
}

/// What the server puts in `<head>` for a card: its title, a description with the
/// provider and the starting price, Open Graph, the canonical address and schema.org
/// (`Service` with its `provider`, `areaServed` and `offers`).
#[cfg(feature = "ssr")]
fn describe(lang: Lang, c: &ServiceCard) {
    let origin = crate::ssr::origin();
    let from = c.prices.iter().map(|p| p.price_cents).min();
    let mut description = format!(
        "{} — {}",
        c.organisation.legal_name,
        pick(lang, &c.category_label)
    );
    if let Some(cents) = from {
        description.push_str(&format!(
            " · {} {}",
            t(lang, "price.from"),
            money(lang, cents)
        ));
    }
    description.push_str(". ");
    description.push_str(&crate::ssr::summary(&c.description.solution, 160));
    let canonical = format!("/servizi/{}", c.id);
    let offers: Vec<serde_json::Value> = c
        .prices
        .iter()
        .map(|p| {
            serde_json::json!({
                "@type": "Offer",
                "name": p.label.clone().unwrap_or_else(|| pick(lang, &p.unit_label)),
                "price": format!("{}.{:02}", p.price_cents / 100, p.price_cents % 100),
                "priceCurrency": "EUR",
                "url": format!("{origin}{canonical}"),
            })
        })
        .collect();
    let areas: Vec<serde_json::Value> = c
        .zones
        .iter()
        .map(|z| serde_json::json!({ "@type": "AdministrativeArea", "name": z.name }))
        .collect();
    let ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": format!("{origin}{canonical}"),
        "url": format!("{origin}{canonical}"),
        "name": c.title,
        "inLanguage": "it",
        "description": c.description.solution,
        "serviceType": pick(lang, &c.category_label),
        "provider": {
            "@type": "Organization",
            "name": c.organisation.legal_name,
            "url": format!("{origin}/enti/{}", c.organisation.id),
        },
        "areaServed": areas,
        "offers": offers,
    });
    let title = c.title.clone();
    crate::ssr::with_head(move |h| {
        h.title = Some(title);
        h.description = Some(description);
        h.canonical = Some(canonical);
        h.json_ld = Some(ld.to_string());
    });
}

#[component]
pub fn Service() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    // Serialisable: loaded on the server (through the contract's `get_service`), carried
    // in the page, and read back when hydrating; fetched again on client navigation.
    let card = Resource::new(
        move || params.with(|p| p.get("id").unwrap_or_default()),
        |id| api::sendable(async move { api::get_service(&id).await }),
    );
    // Its reviews and measured times, loaded the same way.
    let reviews = Resource::new(
        move || params.with(|p| p.get("id").unwrap_or_default()),
        |id| api::sendable(async move { api::get_service_reviews(&id).await }),
    );
    view! {
        <div class="container">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || card.get().map(|r| match r {
                    Ok(c) => {
                        #[cfg(feature = "ssr")]
                        describe(lang.get_untracked(), &c);
                        view! {
                            {card_view(lang, c)}
                            {move || reviews.get().and_then(Result::ok).map(|r| view! {
                                <crate::pages::reviews::ReviewsSection averages=r.averages items=r.items signals=r.signals declared=Some(r.declared_waiting_days)/>
                            })}
                        }.into_any()
                    }
                    // A malformed id (422) names no page either.
                    Err(e) if e.status == 404 || e.status == 422 => view! { <crate::pages::not_found::NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e retry=move |_| card.refetch()/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
