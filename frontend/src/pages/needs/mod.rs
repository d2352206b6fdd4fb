//! A family's needs: the list (`/bisogni`), one need with the offers ranked for it, each
//! with its reasons in words, and the contributions screener (`/bisogni/{id}`); a listed
//! carer's limited profile (`/assistenti/{id}`). The wizard that describes a need is
//! `find` (`/trova-aiuto`). The matching bundle.
pub mod find;
pub mod shared;

use crate::api::{
    self, CarerRole, Demand, DemandStatus, DemandStatusChange, MatchResult, OfferKind, Role,
};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{ErrorSummary, FormErrors, StatusMessage};
use crate::components::pager::{Pager, pages_of};
use crate::i18n::{Lang, money, pick, t, tr, use_lang};
use crate::pages::PageTitle;
use crate::pages::account::require_sign_in;
use crate::pages::carers::{arrangement_key, language_name, level_text, role_key, week_text};
use crate::pages::contact::parse_cents;
use crate::pages::manage::{NotForThisRole, active_with};
use leptos::prelude::*;

pub(crate) fn status_key(s: DemandStatus) -> &'static str {
    match s {
        DemandStatus::Open => "need.s.open",
        DemandStatus::Paused => "need.s.paused",
        DemandStatus::Closed => "need.s.closed",
    }
}

/// What the need asks for, in words: a role, or the category's code.
pub(crate) fn help_text(lang: Lang, d: &Demand) -> String {
    match (&d.role, &d.category) {
        (Some(r), _) => t(lang, role_key(*r)).to_owned(),
        (None, Some(c)) => c.clone(),
        _ => String::new(),
    }
}

/// A verified badge in words: the registry's, or a verified certificate's (the
/// vocabulary's words; an unknown code as it is).
fn badge_text(lang: Lang, v: &api::Vocabulary, code: &str) -> String {
    match code {
        "wemi_registry" => t(lang, "need.badges.registry").to_owned(),
        other => v
            .certificates
            .iter()
            .find(|c| c.code == other)
            .map_or_else(|| other.to_owned(), |c| pick(lang, &c.badge)),
    }
}

const PER_PAGE: i64 = 20;

/// `/bisogni`: the family's needs, newest first.
#[component]
pub fn NeedsPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/bisogni");
    let active = active_with(&[Role::Citizen]);
    let page = RwSignal::new(1i64);
    let list = crate::session::when_signed_in(move || {
        let q = api::ListDemandsQuery {
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move { api::list_demands(&q).await }
    });
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "need.list_title").to_owned())/>
            <p class="actions"><a class="tap" href="/trova-aiuto">{tr(lang, "need.new")}</a>
                " " <a class="tap" href="/abbinamenti">{tr(lang, "match.list_title")}</a></p>
            {move || if active.get().is_none() {
                view! { <NotForThisRole/> }.into_any()
            } else {
                view! {
                    <Transition fallback=|| view! { <Loading/> }>
                        {move || list.get().map(|r| match r {
                            Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                            Ok(None) => view! { <Loading/> }.into_any(),
                            Ok(Some(l)) if l.items.is_empty() => view! { <p>{tr(lang, "need.none")}</p> }.into_any(),
                            Ok(Some(l)) => view! {
                                <ul class="registry-list">
                                    {l.items.into_iter().map(|d| {
                                        let l_ = lang.get_untracked();
                                        view! {
                                            <li>
                                                <a class="tap" href=format!("/bisogni/{}", d.id)>{help_text(l_, &d)} " · " {d.zone.name.clone()}</a>
                                                " · " {tr(lang, status_key(d.status))}
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                {(l.total > PER_PAGE).then(|| view! { <Pager page=page pages=pages_of(l.total, PER_PAGE)/> })}
                            }.into_any(),
                        })}
                    </Transition>
                }.into_any()
            }}
        </div>
    }
}

/// `/bisogni/{id}`: the need, what can be done with it, the offers ranked for it and
/// the contributions screener.
#[component]
pub fn NeedPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/bisogni");
    let id = leptos_router::hooks::use_params_map()
        .with_untracked(|p| p.get("id"))
        .unwrap_or_default();
    let id = StoredValue::new(id);
    let need = crate::session::when_signed_in(move || {
        let id = id.get_value();
        async move { api::get_demand(&id).await }
    });
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "need.one_title").to_owned())/>
            <p><a class="tap" href="/bisogni">{tr(lang, "need.back_list")}</a></p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || need.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| need.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some(d)) => view! { <Need d=d/> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Need(d: Demand) -> impl IntoView {
    let lang = use_lang();
    let current = RwSignal::new(d);
    let done = RwSignal::new(None::<String>);
    let errors = FormErrors::new("need-status");
    let busy = RwSignal::new(false);
    let change = move |to: DemandStatus| {
        errors.clear();
        done.set(None);
        busy.set(true);
        let id = current.with_untracked(|d| d.id.clone());
        leptos::task::spawn_local(async move {
            let r = api::set_demand_status(&id, &DemandStatusChange { status: to }).await;
            busy.set(false);
            match r {
                Ok(d) => {
                    done.set(Some(
                        t(lang.get_untracked(), status_key(d.status)).to_owned(),
                    ));
                    current.set(d);
                }
                Err(e) => errors.show_api_error(lang.get_untracked(), &e, &[]),
            }
        });
    };
    view! {
        {move || {
            let d = current.get();
            let l = lang.get();
            let budget = d.budget_cents.map(|c| format!(
                "{} {}",
                money(l, c),
                t(l, if d.budget_period == Some(api::BudgetPeriod::Month) { "need.per_month" } else { "need.per_hour" })
            ));
            view! {
                <section aria-labelledby="need-what">
                    <h2 id="need-what">{help_text(l, &d)} " · " {d.zone.name.clone()}</h2>
                    <dl class="facts">
                        <dt>{tr(lang, "need.status")}</dt>
                        <dd>{tr(lang, status_key(d.status))}</dd>
                        <dt>{tr(lang, "need.arrangement")}</dt>
                        <dd>{t(l, arrangement_key(d.arrangement))}</dd>
                        <dt>{tr(lang, "need.week")}</dt>
                        <dd>{week_text(l, &d.week)}</dd>
                        <dt>{tr(lang, "need.budget")}</dt>
                        <dd>{budget.unwrap_or_else(|| t(l, "need.no_budget").to_owned())}</dd>
                        <dt>{tr(lang, "need.language")}</dt>
                        <dd>{d.language.as_deref().map(|c| language_name(l, c)).unwrap_or_default()}</dd>
                    </dl>
                    {d.space.is_some().then(|| view! { <p class="hint">{tr(lang, "need.shared_space")}</p> })}
                    {(d.status != DemandStatus::Closed).then(|| view! {
                        <p><a class="tap" href=format!("/bisogni/{}/modifica", d.id)>{tr(lang, "need.edit")}</a></p>
                    })}
                    {(d.sharing && d.status == DemandStatus::Open).then(|| view! {
                        <p><a class="tap" href=format!("/gruppi/proponi?bisogno={}", d.id)>{tr(lang, "need.share_link")}</a>
                            " " <a class="tap" href="/gruppi">{tr(lang, "need.groups")}</a></p>
                    })}
                </section>
            }
        }}
        <StatusMessage message=done.into()/>
        <ErrorSummary errors=errors labels=vec![]/>
        {move || current.with(|d| d.sharing && d.status != DemandStatus::Closed).then(|| view! {
            <p class="hint" id="need-leaves-group">{tr(lang, "need.leaves_group")}</p>
        })}
        <div class="actions">
            {move || {
                let s = current.with(|d| d.status);
                let mut buttons = Vec::new();
                if s == DemandStatus::Open {
                    buttons.push((DemandStatus::Paused, "need.pause"));
                }
                if s == DemandStatus::Paused {
                    buttons.push((DemandStatus::Open, "need.resume"));
                }
                if s != DemandStatus::Closed {
                    buttons.push((DemandStatus::Closed, "need.close"));
                }
                buttons.into_iter().map(|(to, key)| view! {
                    <button type="button" class="secondary" disabled=move || busy.get() on:click=move |_| change(to)>{tr(lang, key)}</button>
                }).collect_view()
            }}
        </div>
        {move || {
            let d = current.get();
            (d.status != DemandStatus::Closed).then(|| view! { <Matches id=d.id.clone() role=d.role/> })
        }}
    }
}

/// The offers ranked for the need, best first, with the reasons in words; the filter
/// after them (a phone shows the results first).
#[component]
fn Matches(id: String, role: Option<CarerRole>) -> impl IntoView {
    let lang = use_lang();
    let id = StoredValue::new(id);
    let kind = RwSignal::new(String::new());
    let list = crate::session::when_signed_in(move || {
        let k = kind.get();
        let q = api::ListDemandMatchesQuery {
            kind: (!k.is_empty()).then_some(k),
            limit: Some(20),
        };
        let id = id.get_value();
        async move { api::list_demand_matches(&id, &q).await }
    });
    view! {
        <section aria-labelledby="need-matches">
            <h2 id="need-matches">{tr(lang, "need.matches")}</h2>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some(m)) if m.items.is_empty() => view! { <p>{tr(lang, "need.no_matches")}</p> }.into_any(),
                    Ok(Some(m)) => view! {
                        <p>{format!("{} {}", m.total, t(lang.get_untracked(), "need.fit"))}</p>
                        <ol class="matches">
                            {m.items.into_iter().map(|x| view! { <MatchItem m=x need=id.get_value()/> }).collect_view()}
                        </ol>
                    }.into_any(),
                })}
            </Transition>
            <div class="field">
                <label for="need-kind">{tr(lang, "need.show")}</label>
                <select id="need-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="">{tr(lang, "need.show_all")}</option>
                    <option value="service">{tr(lang, "need.show_services")}</option>
                    <option value="carer">{tr(lang, "need.show_carers")}</option>
                </select>
            </div>
        </section>
        <Screener role=role/>
    }
}

#[component]
fn MatchItem(m: MatchResult, need: String) -> impl IntoView {
    let lang = use_lang();
    let href = match m.kind {
        OfferKind::Service => format!("/servizi/{}", m.id),
        OfferKind::Carer => format!("/assistenti/{}?bisogno={need}", m.id),
    };
    let kind_key = match m.kind {
        OfferKind::Service => "need.k.service",
        OfferKind::Carer => "need.k.carer",
    };
    let explanation = StoredValue::new(m.explanation);
    view! {
        <li class="match">
            <h3><a class="tap" href=href>{m.title.clone()}</a></h3>
            <p class="muted">{tr(lang, kind_key)} {m.organisation.map(|o| format!(" · {o}"))}</p>
            <p class="explanation">{move || explanation.with_value(|e| pick(lang.get(), e))}</p>
            {m.contact.map(|c| view! {
                <p><a class="tap" href=format!("/abbinamenti/{}", c.id)>{tr(lang, "match.open")}</a>
                    " · " {tr(lang, crate::pages::carers::talk::match_status_key(c.status))}</p>
            })}
        </li>
    }
}

/// Which public contributions may apply, from the household's ISEE: guidance, the office
/// named decides.
#[component]
fn Screener(role: Option<CarerRole>) -> impl IntoView {
    let lang = use_lang();
    let isee = RwSignal::new(String::new());
    let errors = FormErrors::new("isee");
    let found = RwSignal::new(None::<Vec<api::Contribution>>);
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let Some(cents) = parse_cents(&isee.get_untracked()) else {
            errors.set_field(
                "need-isee",
                t(lang.get_untracked(), "carer.price.bad").to_owned(),
            );
            errors.focus();
            return;
        };
        let q = api::CheckEligibilityQuery {
            isee_cents: Some(cents),
            role: role.map(|r| r.as_str().to_owned()),
        };
        leptos::task::spawn_local(async move {
            match api::check_eligibility(&q).await {
                Ok(l) => found.set(Some(l.items)),
                Err(e) => {
                    errors.show_api_error(lang.get_untracked(), &e, &[("isee_cents", "need-isee")])
                }
            }
        });
    };
    let error = errors.field("need-isee");
    view! {
        <section aria-labelledby="need-screener">
            <h2 id="need-screener">{tr(lang, "need.screener")}</h2>
            <p>{tr(lang, "need.screener.hint")}</p>
            <form class="stack" on:submit=check novalidate>
                <ErrorSummary errors=errors labels=vec![("need-isee", "need.isee")]/>
                <div class="field" class:has-error=move || error.with(Option::is_some)>
                    <label for="need-isee">{tr(lang, "need.isee")}</label>
                    <p class="field-error" id="need-isee-error">{move || error.get()}</p>
                    <input id="need-isee" type="text" inputmode="decimal" aria-describedby="need-isee-error"
                        prop:value=move || isee.get() on:input=move |ev| isee.set(event_target_value(&ev))/>
                </div>
                <button type="submit">{tr(lang, "need.check")}</button>
            </form>
            <div role="status" aria-live="polite">
                {move || found.get().map(|items| if items.is_empty() {
                    view! { <p>{tr(lang, "need.no_contribution")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="contributions">
                            {items.into_iter().map(|c| {
                                let l = lang.get_untracked();
                                view! {
                                    <li>
                                        <strong>{pick(l, &c.label)}</strong>
                                        <p>{pick(l, &c.description)}</p>
                                        <p>{tr(lang, "need.decides")} " "
                                            <a class="tap" href=c.office_url.clone() rel="noopener">{pick(l, &c.office)}</a></p>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </div>
        </section>
    }
}

/// `/assistenti/{id}`: a listed carer's limited profile (no surname, no contacts).
#[component]
pub fn CarerProfilePage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/bisogni");
    let id = leptos_router::hooks::use_params_map()
        .with_untracked(|p| p.get("id"))
        .unwrap_or_default();
    let id = StoredValue::new(id);
    // Reached from a need's ranking: the family may write to the carer about it.
    let need = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("bisogno"))
        .filter(|n| !n.is_empty());
    let data = crate::session::when_signed_in(move || {
        let id = id.get_value();
        async move {
            let vocabulary = api::get_matching_vocabulary().await?;
            Ok((api::get_carer(&id).await?, vocabulary))
        }
    });
    view! {
        <div class="container">
            <Transition fallback=|| view! { <Loading/> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| data.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some((c, v))) => {
                        let l = lang.get();
                        let skills: Vec<String> = c.skills.iter().map(|s| v.skills.iter().find(|x| x.code == *s).map_or_else(|| s.clone(), |x| pick(l, &x.label))).collect();
                        let name = c.first_name.clone();
                        view! {
                            <PageTitle text=Signal::derive(move || name.clone())/>
                            {c.photo.clone().map(|src| view! { <img class="carer-photo" src=src alt="" width="128" height="128"/> })}
                            <p>{c.roles.iter().map(|r| t(l, role_key(*r))).collect::<Vec<_>>().join(", ")}</p>
                            <dl class="facts">
                                <dt>{tr(lang, "carer.skills")}</dt>
                                <dd>{skills.join(", ")}</dd>
                                <dt>{tr(lang, "carer.languages")}</dt>
                                <dd>{c.languages.iter().map(|x| format!("{} {}", language_name(l, &x.code), level_text(l, x.level))).collect::<Vec<_>>().join(", ")}</dd>
                                <dt>{tr(lang, "carer.zones")}</dt>
                                <dd>{c.zones.iter().map(|z| z.name.clone()).collect::<Vec<_>>().join(", ")}</dd>
                                <dt>{tr(lang, "need.week")}</dt>
                                <dd>{week_text(l, &c.week)}</dd>
                                <dt>{tr(lang, "carer.arrangements")}</dt>
                                <dd>{c.arrangements.iter().map(|a| t(l, arrangement_key(*a))).collect::<Vec<_>>().join(", ")}</dd>
                                <dt>{tr(lang, "carer.experience")}</dt>
                                <dd>{c.experience_years}</dd>
                                <dt>{tr(lang, "carer.prices")}</dt>
                                <dd>{[c.hourly_cents.map(|x| format!("{} {}", money(l, x), t(l, "carer.per_hour"))), c.monthly_cents.map(|x| format!("{} {}", money(l, x), t(l, "carer.per_month")))].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</dd>
                                <dt>{tr(lang, "need.badges")}</dt>
                                <dd>{c.badges.iter().map(|b| badge_text(l, &v, b)).collect::<Vec<_>>().join(", ")}</dd>
                            </dl>
                            <p class="hint">{tr(lang, "need.carer_privacy")}</p>
                            <crate::components::keep::SaveCarer id=id.get_value()/>
                            {need.clone().map(|n| view! {
                                <p><a class="tap" href=format!("/abbinamenti/scrivi/{}?bisogno={n}", id.get_value())>{format!("{} {}", t(l, "match.write_to"), c.first_name)}</a></p>
                            })}
                        }.into_any()
                    }
                })}
            </Transition>
        </div>
    }
}
