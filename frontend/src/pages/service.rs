//! The service card page: every field of the *scheda servizio*.
use super::PageTitle;
use crate::api::{self, ServiceCard, StaffKind};
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
    let compare = use_compare();
    let title = c.title.clone();
    let org_href = format!("/enti/{}", c.organisation.id);
    let id = c.id.clone();
    let id2 = c.id.clone();
    let (full, set_full) = signal(false);
    let c2 = c.clone();
    let category_label = c.category_label.clone();
    let macro_label = c.macro_area_label.clone();
    let org_name = c.organisation.legal_name.clone();
    view! {
        <PageTitle text=Signal::derive(move || title.clone())/>
        <p class="result-meta">
            <span class="tag">{move || pick(lang.get(), &category_label)}</span>
            " · " {move || pick(lang.get(), &macro_label)} " · "
            <A href=org_href>{org_name}</A>
        </p>
        <p>
            <button type="button" class="secondary" aria-pressed=move || compare.contains(&id).to_string()
                on:click=move |_| set_full.set(!compare.toggle(&id2))>
                {move || if compare.contains(&c2.id) { t(lang.get(), "compare.remove") } else { t(lang.get(), "compare.add") }}
            </button>
            " " <A href=move || compare.href()>{tr(lang, "compare.open")}</A>
        </p>
        <Show when=move || full.get()><p class="notice" role="alert">{tr(lang, "compare.max")}</p></Show>
        <CardBody card=c/>
    }
}

#[component]
fn CardBody(card: ServiceCard) -> impl IntoView {
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
                <p>{c.with_value(|c| c.description.needs_analysis.clone())}</p>
                <h3>{tr(lang, "card.solution")}</h3>
                <p>{c.with_value(|c| c.description.solution.clone())}</p>
                <h3>{tr(lang, "card.activities")}</h3>
                <p>{c.with_value(|c| c.description.activities.clone())}</p>
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
                                let name = p.label.clone().unwrap_or_else(|| pick(l, &p.unit_label));
                                let name = if p.is_package { format!("{name} ({})", t(l, "price.package")) } else { name };
                                view! { <tr><th scope="row">{name}</th><td>{money(l, p.price_cents)}</td><td>{pick(l, &p.unit_label)}</td><td>{percent(p.vat_rate_bp)}</td></tr> }
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
                                view! { <tr><th scope="row">{s.qualification.clone()}</th><td>{kind}</td><td>{s.count}</td><td>{s.years_experience}</td><td>{yes_no(l, s.references_available)}</td><td>{s.supplier.clone().unwrap_or_else(|| "—".into())}</td></tr> }
                            }).collect_view())}
                        </tbody>
                    </table>
                </div>
            </section>
        </div>
    }
}

#[component]
pub fn Service() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let card = LocalResource::new(move || {
        let id = params.with(|p| p.get("id").unwrap_or_default());
        async move { api::get_service(&id).await }
    });
    view! {
        <div class="container">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || card.get().map(|r| match r {
                    Ok(c) => card_view(lang, c).into_any(),
                    Err(e) if e.status == 404 => view! { <crate::pages::not_found::NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e retry=move |_| card.refetch()/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
