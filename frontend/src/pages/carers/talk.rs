//! Families and listed carers in touch (issue 12): the needs a listed carer fits, with
//! the reasons, and their interest (`/assistente/bisogni`); either side's matches
//! (`/abbinamenti`) and one match — the need, the conversation, the steps
//! (`/abbinamenti/{id}`); a family's first message to a carer of their need's ranking
//! (`/abbinamenti/scrivi/{carer}?bisogno={need}`). Nobody's contact details: everything goes through here.
use super::{arrangement_key, language_name, role_key, week_text};
use crate::api::{
    self, CarerDemand, CarerMatch, MatchAction, MatchSide, MatchStatus, NeedBrief, Role,
};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{ErrorSummary, FormErrors, StatusMessage};
use crate::components::pager::{Pager, pages_of};
use crate::i18n::{Lang, money, pick, t, tr, use_lang};
use crate::pages::PageTitle;
use crate::pages::account::require_sign_in;
use crate::pages::contact::date_time;
use crate::pages::manage::{NotForThisRole, active_with};
use crate::pages::needs::find::{AGES, AUTONOMY};
use leptos::prelude::*;

/// Longest message (the server's limit).
const MESSAGE_MAX: usize = 2000;

pub(crate) fn match_status_key(s: MatchStatus) -> &'static str {
    match s {
        MatchStatus::Proposed => "match.s.proposed",
        MatchStatus::Contacted => "match.s.contacted",
        MatchStatus::Accepted => "match.s.accepted",
        MatchStatus::Declined => "match.s.declined",
        MatchStatus::Active => "match.s.active",
        MatchStatus::Ended => "match.s.ended",
    }
}

fn action_key(a: MatchAction) -> &'static str {
    match a {
        MatchAction::Contact => "match.a.contact",
        MatchAction::Accept => "match.a.accept",
        MatchAction::Decline => "match.a.decline",
        MatchAction::Activate => "match.a.activate",
        MatchAction::End => "match.a.end",
    }
}

/// The help a need asks for, in words.
fn help(lang: Lang, role: Option<api::CarerRole>, category: Option<&str>) -> String {
    match (role, category) {
        (Some(r), _) => t(lang, role_key(r)).to_owned(),
        (None, Some(c)) => c.to_owned(),
        _ => String::new(),
    }
}

/// A need's facts, as a carer may read them.
#[component]
fn NeedFacts(n: NeedBrief, skills: StoredValue<Vec<api::SkillInfo>>) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let budget = n.budget_cents.map(|c| {
        let per = if n.budget_period == Some(api::BudgetPeriod::Month) {
            "need.per_month"
        } else {
            "need.per_hour"
        };
        format!("{} {}", money(l, c), t(l, per))
    });
    let age = AGES.iter().find(|(a, _)| *a == n.age_band).map(|(_, k)| *k);
    let autonomy = AUTONOMY
        .iter()
        .find(|(a, _)| *a == n.autonomy)
        .map(|(_, k)| *k);
    let wants: Vec<String> = n
        .requirements
        .iter()
        .map(|q| {
            let what = if q.kind == api::RequirementKind::Language {
                language_name(l, &q.code)
            } else {
                skills.with_value(|v| {
                    v.iter()
                        .find(|x| x.code == q.code)
                        .map_or_else(|| q.code.clone(), |x| pick(l, &x.label))
                })
            };
            if q.must == Some(true) {
                format!("{what} ({})", t(l, "match.must"))
            } else {
                what
            }
        })
        .collect();
    view! {
        <dl class="facts">
            <dt>{tr(lang, "need.arrangement")}</dt>
            <dd>{t(l, arrangement_key(n.arrangement))}</dd>
            <dt>{tr(lang, "need.week")}</dt>
            <dd>{week_text(l, &n.week)}</dd>
            <dt>{tr(lang, "match.start")}</dt>
            <dd>{n.start_on.clone().unwrap_or_else(|| t(l, "match.start_any").to_owned())}</dd>
            <dt>{tr(lang, "need.budget")}</dt>
            <dd>{budget.unwrap_or_else(|| t(l, "need.no_budget").to_owned())}</dd>
            <dt>{tr(lang, "match.who")}</dt>
            <dd>{[age, autonomy].into_iter().flatten().map(|k| t(l, k)).collect::<Vec<_>>().join(" · ")}</dd>
            <dt>{tr(lang, "need.language")}</dt>
            <dd>{n.language.as_deref().map(|c| language_name(l, c)).unwrap_or_default()}</dd>
            <dt>{tr(lang, "match.wants")}</dt>
            <dd>{wants.join(", ")}</dd>
        </dl>
    }
}

/// A message box with its label, error and characters' count; `on_sent` gets the match.
#[component]
fn MessageForm(
    id: &'static str,
    label: &'static str,
    submit: &'static str,
    send: Callback<(String, Callback<Result<CarerMatch, api::ApiError>>)>,
    on_sent: Callback<CarerMatch>,
    /// Whether the box takes the focus when drawn (opened by a button).
    #[prop(optional)]
    focus: bool,
) -> impl IntoView {
    let lang = use_lang();
    let input = NodeRef::<leptos::html::Textarea>::new();
    if focus {
        Effect::new(move |_| {
            if let Some(el) = input.get() {
                let _ = el.focus();
            }
        });
    }
    let body = RwSignal::new(String::new());
    let errors = FormErrors::new(id);
    let error = errors.field(id);
    let busy = RwSignal::new(false);
    let go = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        errors.clear();
        let text = body.get_untracked();
        let l = lang.get_untracked();
        if text.trim().is_empty() {
            errors.set_field(id, t(l, "err.required").to_owned());
            errors.focus();
            return;
        }
        if text.chars().count() > MESSAGE_MAX {
            errors.set_field(id, t(l, "match.too_long").to_owned());
            errors.focus();
            return;
        }
        busy.set(true);
        send.run((
            text,
            Callback::new(move |r: Result<CarerMatch, api::ApiError>| {
                busy.set(false);
                match r {
                    Ok(m) => {
                        body.set(String::new());
                        on_sent.run(m);
                    }
                    Err(e) => errors.show_api_error(
                        lang.get_untracked(),
                        &e,
                        &[("message", id), ("body", id)],
                    ),
                }
            }),
        ));
    };
    let described = format!("{id}-error {id}-count");
    view! {
        <form class="stack" on:submit=go novalidate>
            <ErrorSummary errors=errors labels=vec![(id, label)]/>
            <div class="field" class:has-error=move || error.with(Option::is_some)>
                <label for=id>{tr(lang, label)}</label>
                <p class="field-error" id=format!("{id}-error")>{move || error.get()}</p>
                <textarea node_ref=input id=id rows="4" maxlength="2000" aria-describedby=described
                    prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                <p class="hint" id=format!("{id}-count")>{tr(lang, "match.no_contacts")}</p>
            </div>
            <button type="submit" disabled=move || busy.get()>{tr(lang, submit)}</button>
        </form>
    }
}

/// `/assistente/bisogni`: the open needs the listed carer fits, best first.
#[component]
pub fn CarerNeedsPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/assistente/bisogni");
    let active = active_with(&[Role::Carer]);
    let list = crate::session::when_signed_in(move || {
        let q = api::ListMyCarerDemandsQuery { limit: Some(50) };
        async move {
            let v = api::get_matching_vocabulary().await?;
            Ok((api::list_my_carer_demands(&q).await?, v.skills))
        }
    });
    // One interest form open at a time (its fields have fixed ids).
    let opened = RwSignal::new(None::<String>);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "match.needs_title").to_owned())/>
            <p>{tr(lang, "match.needs_intro")}</p>
            <p><a class="tap" href="/abbinamenti">{tr(lang, "match.list_title")}</a></p>
            {move || if active.get().is_none() {
                view! { <NotForThisRole/> }.into_any()
            } else {
                view! {
                    <Transition fallback=|| view! { <Loading/> }>
                        {move || list.get().map(|r| match r {
                            Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                            Ok(None) => view! { <Loading/> }.into_any(),
                            Ok(Some((l, _))) if l.items.is_empty() => view! { <p>{tr(lang, "match.no_needs")}</p> }.into_any(),
                            Ok(Some((l, skills))) => {
                                let skills = StoredValue::new(skills);
                                view! {
                                    <p>{format!("{} {}", l.total, t(lang.get_untracked(), "match.needs_fit"))}</p>
                                    <ol class="matches">
                                        {l.items.into_iter().map(|d| view! { <NeedItem d=d skills=skills opened=opened/> }).collect_view()}
                                    </ol>
                                }.into_any()
                            }
                        })}
                    </Transition>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn NeedItem(
    d: CarerDemand,
    skills: StoredValue<Vec<api::SkillInfo>>,
    opened: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let navigate = leptos_router::hooks::use_navigate();
    let need = StoredValue::new(d.need.id.clone());
    let heading = format!(
        "{} · {}",
        help(l, d.need.role, d.need.category.as_deref()),
        d.need.zone.name
    );
    let explanation = StoredValue::new(d.explanation.clone());
    let send = Callback::new(
        move |(text, done): (String, Callback<Result<CarerMatch, api::ApiError>>)| {
            let id = need.get_value();
            leptos::task::spawn_local(async move {
                done.run(
                    api::express_interest(
                        &id,
                        &api::MatchOpening {
                            message: text,
                            group: None,
                        },
                    )
                    .await,
                );
            });
        },
    );
    let on_sent = Callback::new(move |m: CarerMatch| {
        navigate(&format!("/abbinamenti/{}", m.id), Default::default());
    });
    view! {
        <li class="match">
            <h2>{heading}</h2>
            <p class="explanation">{move || explanation.with_value(|e| pick(lang.get(), e))}</p>
            <NeedFacts n=d.need.clone() skills=skills/>
            {match d.contact {
                Some(c) => view! {
                    <p><a class="tap" href=format!("/abbinamenti/{}", c.id)>{tr(lang, "match.open")}</a>
                        " · " {tr(lang, match_status_key(c.status))}</p>
                }.into_any(),
                None => view! {
                    <Show when=move || opened.with(|o| o.as_deref() == Some(need.get_value().as_str())) fallback=move || view! {
                        <button type="button" on:click=move |_| opened.set(Some(need.get_value()))>{tr(lang, "match.interested")}</button>
                    }>
                        <MessageForm id="interest" label="match.interest_label" submit="match.send_interest" send=send on_sent=on_sent focus=true/>
                    </Show>
                }.into_any(),
            }}
        </li>
    }
}

const PER_PAGE: i64 = 20;

/// `/abbinamenti`: the viewer's matches, the latest message first (a family's and a
/// carer's alike).
#[component]
pub fn MatchesPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/abbinamenti");
    let page = RwSignal::new(1i64);
    let list = crate::session::when_signed_in(move || {
        let q = api::ListMatchesQuery {
            demand: None,
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move { api::list_matches(&q).await }
    });
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "match.list_title").to_owned())/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some(l)) if l.items.is_empty() => view! { <p>{tr(lang, "match.none")}</p> }.into_any(),
                    Ok(Some(l)) => view! {
                        <ul class="registry-list">
                            {l.items.into_iter().map(|m| {
                                let l_ = lang.get_untracked();
                                let who = match m.viewer_side {
                                    MatchSide::Family => m.carer.first_name.clone(),
                                    MatchSide::Carer => t(l_, "match.a_family").to_owned(),
                                };
                                view! {
                                    <li>
                                        <a class="tap" href=format!("/abbinamenti/{}", m.id)>
                                            {format!("{who} · {} · {}", help(l_, m.role, m.category.as_deref()), m.zone.name)}
                                        </a>
                                        " · " {tr(lang, match_status_key(m.status))}
                                        {m.unread.then(|| view! { " " <span class="badge">{tr(lang, "match.unread")}</span> })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        {(l.total > PER_PAGE).then(|| view! { <Pager page=page pages=pages_of(l.total, PER_PAGE)/> })}
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}

/// `/abbinamenti/{id}`: one match — the need, the conversation, what the viewer may do.
#[component]
pub fn MatchPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/abbinamenti");
    let id = leptos_router::hooks::use_params_map()
        .with_untracked(|p| p.get("id"))
        .unwrap_or_default();
    let id = StoredValue::new(id);
    let data = crate::session::when_signed_in(move || {
        let id = id.get_value();
        async move {
            let v = api::get_matching_vocabulary().await?;
            Ok((api::get_match(&id).await?, v.skills))
        }
    });
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "match.one_title").to_owned())/>
            <p><a class="tap" href="/abbinamenti">{tr(lang, "match.back")}</a></p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| data.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some((m, skills))) => view! { <Match m=m skills=StoredValue::new(skills)/> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Match(m: CarerMatch, skills: StoredValue<Vec<api::SkillInfo>>) -> impl IntoView {
    let lang = use_lang();
    let current = RwSignal::new(m);
    let done = RwSignal::new(None::<String>);
    let errors = FormErrors::new("match-step");
    let busy = RwSignal::new(false);
    let step = move |action: MatchAction| {
        errors.clear();
        done.set(None);
        busy.set(true);
        let id = current.with_untracked(|m| m.id.clone());
        leptos::task::spawn_local(async move {
            let r = api::step_match(&id, &api::MatchStep { action }).await;
            busy.set(false);
            match r {
                Ok(m) => {
                    done.set(Some(
                        t(lang.get_untracked(), match_status_key(m.status)).to_owned(),
                    ));
                    current.set(m);
                }
                Err(e) => errors.show_api_error(lang.get_untracked(), &e, &[]),
            }
        });
    };
    let send = Callback::new(
        move |(text, done): (String, Callback<Result<CarerMatch, api::ApiError>>)| {
            let id = current.with_untracked(|m| m.id.clone());
            leptos::task::spawn_local(async move {
                done.run(
                    api::post_match_message(&id, &api::MatchMessageInput { body: text }).await,
                );
            });
        },
    );
    let on_sent = Callback::new(move |m: CarerMatch| current.set(m));
    view! {
        {move || {
            let m = current.get();
            let l = lang.get();
            let family = m.viewer_side == MatchSide::Family;
            let other = if family { m.carer.first_name.clone() } else { t(l, "match.the_family").to_owned() };
            let heading = format!("{} · {}", help(l, m.need.role, m.need.category.as_deref()), m.need.zone.name);
            view! {
                <section aria-labelledby="match-need">
                    <h2 id="match-need">{heading}</h2>
                    <p class="status-line">
                        <strong>{tr(lang, match_status_key(m.status))}</strong>
                        " · " {tr(lang, "carer.since")} " " {date_time(l, &m.status_at)}
                    </p>
                    {family.then(|| view! {
                        <p><a class="tap" href=format!("/assistenti/{}", m.carer.id)>{format!("{} {}", t(l, "match.profile_of"), m.carer.first_name)}</a></p>
                    })}
                    {m.group.clone().map(|g| view! {
                        <p class="shared-line"><strong>{tr(lang, "match.for_group")}</strong>
                            {format!(" · {} {} · {} {} · {} ", g.families, t(l, "match.group_families"), g.hours_per_week, t(l, "match.group_hours"), week_text(l, &g.week))}
                            {g.id.map(|id| view! { <a class="tap" href=format!("/gruppi/{id}")>{t(l, "match.group_page")}</a> })}
                        </p>
                    })}
                    {(!family).then(|| view! { <NeedFacts n=m.need.clone() skills=skills/> })}
                </section>
                <section aria-labelledby="match-messages">
                    <h2 id="match-messages">{tr(lang, "match.messages")}</h2>
                    <ol class="messages">
                        {m.messages.iter().map(|x| {
                            let mine = x.side == m.viewer_side;
                            let who = if mine { t(l, "match.you").to_owned() } else { other.clone() };
                            let cls = if x.side == MatchSide::Family { "msg family" } else { "msg provider" };
                            view! {
                                <li class=cls>
                                    <p class="msg-meta">{format!("{who} · {}", date_time(l, &x.at))}</p>
                                    <p class="message-body">{x.body.clone()}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
            }
        }}
        {move || current.with(|m| m.open).then(|| view! {
            <MessageForm id="match-reply" label="match.reply" submit="match.send" send=send on_sent=on_sent/>
        })}
        <StatusMessage message=done.into()/>
        <ErrorSummary errors=errors labels=vec![]/>
        <div class="actions">
            {move || current.with(|m| m.actions.clone()).into_iter().map(|a| {
                let class = if a == MatchAction::Accept || a == MatchAction::Activate { "" } else { "secondary" };
                view! {
                    <button type="button" class=class disabled=move || busy.get() on:click=move |_| step(a)>{tr(lang, action_key(a))}</button>
                }
            }).collect_view()}
        </div>
        {move || current.with(|m| m.viewer_side == MatchSide::Family && m.status == MatchStatus::Contacted && !m.actions.contains(&MatchAction::Accept))
            .then(|| view! { <p class="hint">{tr(lang, "match.wait_answer")}</p> })}
    }
}

/// `/abbinamenti/scrivi/{carer}?bisogno={need}`: the family writes to a carer the
/// ranking showed for the need; the conversation opens.
#[component]
pub fn WriteToCarerPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/bisogni");
    let carer = leptos_router::hooks::use_params_map()
        .with_untracked(|p| p.get("carer"))
        .unwrap_or_default();
    let (need, group) = leptos_router::hooks::use_query_map().with_untracked(|q| {
        (
            q.get("bisogno").unwrap_or_default(),
            q.get("gruppo").filter(|g| !g.is_empty()),
        )
    });
    let for_group = group.is_some();
    let group = StoredValue::new(group);
    let ids = StoredValue::new((need, carer));
    let profile = crate::session::when_signed_in(move || {
        let (_, carer) = ids.get_value();
        async move { api::get_carer(&carer).await }
    });
    let navigate = leptos_router::hooks::use_navigate();
    let send = Callback::new(
        move |(text, done): (String, Callback<Result<CarerMatch, api::ApiError>>)| {
            let (need, carer) = ids.get_value();
            leptos::task::spawn_local(async move {
                done.run(
                    api::contact_carer(
                        &need,
                        &carer,
                        &api::MatchOpening {
                            message: text,
                            group: group.get_value(),
                        },
                    )
                    .await,
                );
            });
        },
    );
    let on_sent = Callback::new(move |m: CarerMatch| {
        navigate(&format!("/abbinamenti/{}", m.id), Default::default());
    });
    let name = move || {
        profile
            .get()
            .and_then(|r| r.ok().flatten())
            .map(|c| c.first_name)
            .unwrap_or_default()
    };
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || format!("{} {}", t(lang.get(), "match.write_to"), name()))/>
            <p><a class="tap" href=move || format!("/bisogni/{}", ids.with_value(|(n, _)| n.clone()))>{tr(lang, "match.back_need")}</a></p>
            {for_group.then(|| view! { <p class="shared-line">{tr(lang, "match.ask_for_group")}</p> })}
            <Transition fallback=|| view! { <Loading/> }>
                {move || profile.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| profile.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some(_)) => view! {
                        <MessageForm id="contact-message" label="match.reply" submit="match.send" send=send on_sent=on_sent/>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}
