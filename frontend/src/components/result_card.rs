use super::compare::use_compare;
use super::highlight::highlighted;
use super::price::price_text;
use crate::api::ServiceSummary;
use crate::i18n::{pick, tr, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn ResultCard(item: ServiceSummary) -> impl IntoView {
    let lang = use_lang();
    let id = item.id.clone();
    let href = format!("/servizi/{}", item.id);
    let org_href = format!("/enti/{}", item.organisation.id);
    let zones: Vec<String> = item.zones.iter().take(6).map(|z| z.name.clone()).collect();
    let more_zones = item.zones.len().saturating_sub(6);
    let title = item.title.clone();
    // The words that matched the search, marked (none on a provider's page).
    let (title_marks, summary_marks) = item
        .highlights
        .clone()
        .map(|h| (h.title, h.summary))
        .unwrap_or_default();
    view! {
        <li class="result">
            <article>
                <h3 lang="it"><A href=href>{highlighted(&item.title, &title_marks)}</A></h3>
                <p class="result-meta">
                    <span class="tag">{move || pick(lang.get(), &item.category_label)}</span>
                    " · " <A href=org_href attr:lang="it">{item.organisation.legal_name.clone()}</A>
                </p>
                <p lang="it">{highlighted(&item.summary, &summary_marks)}</p>
                <dl class="facts">
                    {item.min_price.clone().map(|p| view! {
                        <div><dt>{tr(lang, "price.from")}</dt><dd>{move || price_text(lang.get(), &p)}</dd></div>
                    })}
                    <div>
                        <dt>{tr(lang, "wait.short")}</dt>
                        <dd>{item.waiting_days_assessment} " + " {item.waiting_days_activation} " " {tr(lang, "wait.days")}</dd>
                    </div>
                    <div>
                        <dt>{tr(lang, "card.zones")}</dt>
                        <dd>{zones.join(", ")}{(more_zones > 0).then(|| format!(" +{more_zones}"))}</dd>
                    </div>
                </dl>
                <CompareToggle id=id title=title/>
            </article>
        </li>
    }
}

/// A result's button adding it to the comparison (or taking it out), and the notice when
/// the list is full: an island in the public catalogue.
#[cfg_attr(feature = "csr", component)]
#[cfg_attr(not(feature = "csr"), island)]
pub fn CompareToggle(id: String, title: String) -> impl IntoView {
    let lang = use_lang();
    let compare = use_compare();
    let (full, set_full) = signal(false);
    let toggle_id = id.clone();
    let toggle = move |_| set_full.set(!compare.toggle(&toggle_id));
    view! {
        <button type="button" class="compare-toggle" on:click=toggle
            aria-pressed=move || compare.contains(&id).to_string()>
            {tr(lang, "compare.add")}
            <span class="visually-hidden">": " <span lang="it">{title}</span></span>
        </button>
        <Show when=move || full.get()>
            <p class="notice" role="alert">{tr(lang, "compare.max")}</p>
        </Show>
    }
}
