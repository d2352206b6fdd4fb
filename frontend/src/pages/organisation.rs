use super::PageTitle;
use super::service::labels;
use crate::api::{self, AccreditationStatus, Organisation};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::result_card::ResultCard;
use crate::i18n::{Lang, pick, t, tr, use_lang};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

fn org_view(lang: RwSignal<Lang>, o: Organisation) -> impl IntoView {
    let name = o.legal_name.clone();
    let accredited = o.accreditation_status == AccreditationStatus::Accredited;
    let form = o.legal_form.clone();
    let types = o.accreditation_types.clone();
    let members: Vec<_> = o
        .members
        .iter()
        .map(|m| {
            let h = format!("/enti/{}", m.id);
            let n = m.legal_name.clone();
            view! { <li><A href=h attr:lang="it">{n}</A></li> }
        })
        .collect();
    view! {
        // The provider's own words are Italian, whatever the interface's language.
        <PageTitle text=Signal::derive(move || name.clone()) lang="it"/>
        // The logo is the organisation's own name drawn: the heading says it already.
        {o.logo_url.clone().map(|src| view! { <img class="logo" src=src alt="" width="128" height="128"/> })}
        <p lang="it">{o.description.clone()}</p>
        <dl class="facts">
            <div><dt>{tr(lang, "org.form")}</dt><dd>{move || pick(lang.get(), &form.label)}</dd></div>
            <div><dt>{tr(lang, "org.vat")}</dt><dd>{o.vat_number.clone()}</dd></div>
            <div><dt>{tr(lang, "org.status")}</dt><dd>{move || t(lang.get(), if accredited { "org.status.accredited" } else { "org.status.other" })}</dd></div>
            <div><dt>{tr(lang, "org.types")}</dt><dd>{move || labels(lang.get(), &types)}</dd></div>
            {o.address.clone().map(|a| view! { <div><dt>{tr(lang, "org.address")}</dt><dd lang="it">{a}</dd></div> })}
            {o.phone.clone().map(|p| view! { <div><dt>{tr(lang, "card.phone")}</dt><dd>{p}</dd></div> })}
            {o.email.clone().map(|e| { let m = format!("mailto:{e}"); view! { <div><dt>{tr(lang, "card.email")}</dt><dd><a href=m>{e}</a></dd></div> } })}
            {o.website.clone().map(|w| view! { <div><dt>{tr(lang, "org.website")}</dt><dd>{w}</dd></div> })}
            {(!o.languages.is_empty()).then(|| view! { <div><dt>{tr(lang, "org.languages")}</dt><dd>{o.languages.join(", ").to_ascii_uppercase()}</dd></div> })}
            {o.ati.clone().map(|a| { let h = format!("/enti/{}", a.id); view! { <div><dt>{tr(lang, "org.ati")}</dt><dd><A href=h attr:lang="it">{a.legal_name.clone()}</A></dd></div> } })}
        </dl>
        {(!members.is_empty()).then(|| view! {
            <section aria-labelledby="org-members">
                <h2 id="org-members">{tr(lang, "org.members")}</h2>
                <ul>{members}</ul>
            </section>
        })}
        <section aria-labelledby="org-services">
            <h2 id="org-services">{tr(lang, "org.services")} " (" {o.services.len()} ")"</h2>
            <ul class="result-list">{o.services.into_iter().map(|item| view! { <ResultCard item=item/> }).collect_view()}</ul>
        </section>
    }
}

/// The provider's head: its name, a description, the canonical address and schema.org.
#[cfg(feature = "ssr")]
fn describe(lang: Lang, o: &Organisation) {
    let origin = crate::ssr::origin();
    let canonical = format!("/enti/{}", o.id);
    let mut description = crate::ssr::summary(&o.description, 160);
    if description.is_empty() {
        description = o.legal_name.clone();
    }
    description.push_str(&format!(
        " · {}: {}",
        t(lang, "org.services"),
        o.services.len()
    ));
    let mut ld = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": format!("{origin}{canonical}"),
        "url": format!("{origin}{canonical}"),
        "name": o.legal_name,
        "vatID": o.vat_number,
    });
    if let Some(a) = &o.address {
        ld["address"] = serde_json::json!(a);
    }
    if let Some(p) = &o.phone {
        ld["telephone"] = serde_json::json!(p);
    }
    let title = o.legal_name.clone();
    crate::ssr::with_head(move |h| {
        h.title = Some(title);
        h.description = Some(description);
        h.canonical = Some(canonical);
        h.json_ld = Some(ld.to_string());
    });
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    // Serialisable: loaded by the server, read back when hydrating.
    let org = Resource::new(
        move || params.with(|p| p.get("id").unwrap_or_default()),
        |id| api::sendable(async move { api::get_organisation(&id).await }),
    );
    // Its reviews and measured times, loaded the same way.
    let reviews = Resource::new(
        move || params.with(|p| p.get("id").unwrap_or_default()),
        |id| api::sendable(async move { api::get_organisation_reviews(&id).await }),
    );
    view! {
        <div class="container">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || org.get().map(|r| match r {
                    Ok(o) => {
                        #[cfg(feature = "ssr")]
                        describe(lang.get_untracked(), &o);
                        view! {
                            {org_view(lang, o)}
                            {move || reviews.get().and_then(Result::ok).map(|r| view! {
                                <crate::pages::reviews::ReviewsSection averages=r.averages items=r.items signals=r.signals declared=None/>
                            })}
                        }.into_any()
                    }
                    // A malformed id (422) names no page either.
                    Err(e) if e.status == 404 || e.status == 422 => view! { <crate::pages::not_found::NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e retry=move |_| org.refetch()/> }.into_any(),
                })}
            </Suspense>
        </div>
    }
}
