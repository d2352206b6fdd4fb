//! Citizens' reports about a card: the form anyone can send (reserved area's bundle,
//! `/segnala/{card}`: the public catalogue does not carry it), and the list the card's
//! organisation and the city's reviewers work through (review bundle).
use crate::api::{self, ListReportsQuery, NewReport, ReportOutcome, ReportReason, ResolveReport};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{ErrorSummary, FormErrors, StatusMessage, Submit, problem_message};
use crate::i18n::{t, tr, use_lang};
use crate::pages::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Who handles reports: the card's organisation and the city's reviewers.
const HANDLERS: &[api::Role] = &[
    api::Role::ProviderStaff,
    api::Role::ProviderAdmin,
    api::Role::MunicipalReviewer,
    api::Role::MunicipalAdmin,
];

const REASONS: [(ReportReason, &str, &str); 6] = [
    (
        ReportReason::WrongContacts,
        "wrong_contacts",
        "report.r.wrong_contacts",
    ),
    (
        ReportReason::WrongPrices,
        "wrong_prices",
        "report.r.wrong_prices",
    ),
    (
        ReportReason::WrongHours,
        "wrong_hours",
        "report.r.wrong_hours",
    ),
    (
        ReportReason::WrongZones,
        "wrong_zones",
        "report.r.wrong_zones",
    ),
    (
        ReportReason::ServiceEnded,
        "service_ended",
        "report.r.service_ended",
    ),
    (ReportReason::Other, "other", "report.r.other"),
];

pub fn reason_key(r: ReportReason) -> &'static str {
    REASONS
        .iter()
        .find(|(x, _, _)| *x == r)
        .map_or("report.r.other", |(_, _, k)| k)
}

/// `/segnala/{card}`: what is wrong with a published card. No account needed.
#[component]
pub fn ReportPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let card = LocalResource::new(move || {
        let id = id();
        async move { api::get_service(&id).await }
    });
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "report.title").to_owned())/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || card.get().map(|r| match r {
                    Err(e) if e.status == 404 || e.status == 422 => view! { <crate::pages::not_found::NotFound/> }.into_any(),
                    Err(e) => view! { <ErrorBox error=e retry=move |_| card.refetch()/> }.into_any(),
                    Ok(c) => {
                        let href = format!("/servizi/{}", c.id);
                        view! {
                            <p>{tr(lang, "report.about")} " " <a href=href lang="it">{c.title.clone()}</a>
                               " (" <span lang="it">{c.organisation.legal_name.clone()}</span> ")"</p>
                            <ReportForm card=c.id/>
                        }.into_any()
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn ReportForm(card: String) -> impl IntoView {
    let lang = use_lang();
    let reason = RwSignal::new(None::<ReportReason>);
    let details = RwSignal::new(String::new());
    let errors = FormErrors::new("report");
    let busy = RwSignal::new(false);
    let done = RwSignal::new(None::<String>);
    let card = StoredValue::new(card);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let l = lang.get_untracked();
        let Some(r) = reason.get_untracked() else {
            errors.set_field("report-reason", t(l, "report.choose").into());
            errors.focus();
            return;
        };
        let text = details.get_untracked();
        if r == ReportReason::Other && text.trim().is_empty() {
            errors.set_field("report-details", t(l, "report.say_what").into());
            errors.focus();
            return;
        }
        busy.set(true);
        let body = NewReport {
            reason: r,
            details: Some(text),
        };
        leptos::task::spawn_local(async move {
            match api::report_service(&card.get_value(), &body).await {
                Ok(_) => {
                    done.set(Some(t(l, "report.sent").to_owned()));
                    reason.set(None);
                    details.set(String::new());
                }
                Err(e) if e.status == 429 => errors.fail(t(l, "report.too_many").to_owned()),
                Err(e) => {
                    errors.show_api_error(
                        l,
                        &e,
                        &[("reason", "report-reason"), ("details", "report-details")],
                    );
                    if errors.is_empty() {
                        errors.fail(problem_message(l, &e));
                    }
                }
            }
            busy.set(false);
        });
    };
    let reason_error = errors.field("report-reason");
    let details_error = errors.field("report-details");
    view! {
        <ErrorSummary errors=errors labels=vec![("report-reason", "report.reason"), ("report-details", "report.details")]/>
        <StatusMessage message=done.into()/>
        <form class="stack" on:submit=submit novalidate>
            <fieldset id="report-reason" class="field" class:has-error=move || reason_error.with(Option::is_some)
                aria-describedby="report-reason-error" tabindex="-1">
                <legend>{tr(lang, "report.reason")}</legend>
                <p class="field-error" id="report-reason-error">{move || reason_error.get()}</p>
                {REASONS.iter().map(|(r, code, key)| {
                    let r = *r;
                    let input_id = format!("report-r-{code}");
                    view! {
                        <div class="choice">
                            <input type="radio" name="reason" id=input_id.clone() value=*code
                                prop:checked=move || reason.get() == Some(r)
                                on:change=move |_| reason.set(Some(r))/>
                            <label for=input_id>{tr(lang, key)}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <div class="field" class:has-error=move || details_error.with(Option::is_some)>
                <label for="report-details">{tr(lang, "report.details")}</label>
                <p class="hint" id="report-details-hint">{tr(lang, "report.details_hint")}</p>
                <p class="field-error" id="report-details-error">{move || details_error.get()}</p>
                <textarea id="report-details" rows="4" maxlength="1000"
                    aria-describedby="report-details-hint report-details-error"
                    aria-invalid=move || details_error.with(Option::is_some).to_string()
                    prop:value=move || details.get()
                    on:input=move |ev| details.set(event_target_value(&ev))></textarea>
            </div>
            <Submit label="report.submit" busy=busy/>
        </form>
    }
}

/// The open reports the viewer handles (of one card when `card` is given), each with a
/// way to say how it ended. `heading` is the i18n key of the section's title.
#[component]
fn ReportQueue(card: Option<String>, heading: &'static str) -> impl IntoView {
    let lang = use_lang();
    let card = StoredValue::new(card);
    let list = LocalResource::new(move || {
        let q = ListReportsQuery {
            status: Some("open".into()),
            card: card.get_value(),
        };
        async move { api::list_reports(&q).await }
    });
    view! {
        <section aria-labelledby="reports-title">
            <h2 id="reports-title">{tr(lang, heading)}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                    Ok(l) if l.items.is_empty() => view! { <p>{tr(lang, "report.none_open")}</p> }.into_any(),
                    Ok(l) => view! {
                        <ul class="reports">
                            {l.items.into_iter().map(|r| view! { <ReportItem report=r done=move || list.refetch()/> }).collect_view()}
                        </ul>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReportItem(report: api::Report, done: impl Fn() + Copy + 'static) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(report.id.clone());
    let outcome = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let select_id = format!("ro-{}", report.id);
    let note_id = format!("rn-{}", report.id);
    let resolve = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let chosen = match outcome.get_untracked().as_str() {
            "corrected" => ReportOutcome::Corrected,
            "no_change" => ReportOutcome::NoChange,
            _ => {
                error.set(Some(t(l, "report.choose_outcome").to_owned()));
                return;
            }
        };
        busy.set(true);
        error.set(None);
        let body = ResolveReport {
            outcome: chosen,
            resolution: Some(note.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match api::resolve_report(&id.get_value(), &body).await {
                Ok(_) => done(),
                Err(e) => error.set(Some(problem_message(l, &e))),
            }
            busy.set(false);
        });
    };
    let public = format!("/servizi/{}", report.card);
    let details = report.details.clone();
    view! {
        <li class="report">
            <p>
                <strong>{tr(lang, reason_key(report.reason))}</strong>
                " · " <a href=public lang="it">{report.card_title.clone()}</a>
                " · " <span lang="it">{report.organisation.legal_name.clone()}</span>
                " · " <small>{report.created_at.chars().take(10).collect::<String>()}</small>
            </p>
            {(!details.trim().is_empty()).then(|| view! { <blockquote lang="it" class="report-text">{details.clone()}</blockquote> })}
            <form class="inline-form" on:submit=resolve>
                <label for=select_id.clone()>{tr(lang, "report.outcome")}</label>
                <select id=select_id on:change=move |ev| outcome.set(event_target_value(&ev))>
                    <option value="">{tr(lang, "report.choose_outcome")}</option>
                    <option value="corrected">{tr(lang, "report.o.corrected")}</option>
                    <option value="no_change">{tr(lang, "report.o.no_change")}</option>
                </select>
                <label for=note_id.clone()>{tr(lang, "report.resolution")}</label>
                <input id=note_id type="text" maxlength="1000" prop:value=move || note.get()
                    on:input=move |ev| note.set(event_target_value(&ev))/>
                <Submit label="report.resolve" busy=busy/>
                <p role="alert" class="field-error">{move || error.get()}</p>
            </form>
        </li>
    }
}

/// `/gestione/segnalazioni[?scheda={card}]`: the open reports the viewer handles — the
/// organisation's (provider staff) and the municipality's (reviewers) — in the review
/// app's bundle, so that the workspace's does not carry them.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let lang = use_lang();
    crate::pages::account::require_sign_in("/gestione/segnalazioni");
    let card = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("scheda"));
    let heading = if card.is_some() {
        "report.on_card"
    } else {
        "report.open"
    };
    let active = crate::pages::manage::active_with(HANDLERS);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "report.queue_title").to_owned())/>
            // Asked once the session has settled on a role that handles reports.
            {move || if active.get().is_none() {
                view! { <crate::pages::manage::NotForThisRole/> }.into_any()
            } else {
                view! { <ReportQueue card=card.clone() heading=heading/> }.into_any()
            }}
        </div>
    }
}
