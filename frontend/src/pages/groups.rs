//! Shared services (issue 12): the neighbours' needs that fit with one of the family's
//! (`/gruppi/proponi?bisogno={id}`), nobody named, and the group proposed from them; the
//! family's groups (`/gruppi`) and one group (`/gruppi/{id}`): the families (first names
//! of those who joined), the joint schedule, the cost split by hours, and the family's
//! answer — join, decline, leave.
use crate::api::{self, Group, GroupStatus, MemberAction, MemberStatus, Nearness, PoolCandidates};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{ErrorSummary, Field, FormErrors, StatusMessage};
use crate::components::pager::{Pager, pages_of};
use crate::i18n::{Lang, money, t, tr, use_lang};
use crate::pages::PageTitle;
use crate::pages::account::require_sign_in;
use crate::pages::carers::{role_key, week_text};
use crate::pages::contact::parse_cents;
use crate::pages::group_offers::GroupOffers;
use leptos::prelude::*;

const PER_PAGE: i64 = 20;

fn status_key(s: GroupStatus) -> &'static str {
    match s {
        GroupStatus::Forming => "group.s.forming",
        GroupStatus::Formed => "group.s.formed",
        GroupStatus::Closed => "group.s.closed",
    }
}

fn member_key(s: MemberStatus) -> &'static str {
    match s {
        MemberStatus::Invited => "group.m.invited",
        MemberStatus::Joined => "group.m.joined",
        MemberStatus::Declined => "group.m.declined",
        MemberStatus::Left => "group.m.left",
    }
}

fn action_key(a: MemberAction) -> &'static str {
    match a {
        MemberAction::Join => "group.a.join",
        MemberAction::Decline => "group.a.decline",
        MemberAction::Leave => "group.a.leave",
    }
}

fn near_key(n: Nearness) -> &'static str {
    match n {
        Nearness::Building => "group.near.building",
        Nearness::Nil => "group.near.nil",
        Nearness::Municipio => "group.near.municipio",
    }
}

/// A group's heading: the help and the area.
fn heading(lang: Lang, g: &Group) -> String {
    let help = g
        .role
        .map(|r| t(lang, role_key(r)).to_owned())
        .or_else(|| g.category.clone())
        .unwrap_or_default();
    format!("{help} · {}", g.zone.name)
}

/// `/gruppi`: the groups the family's needs are in or invited to.
#[component]
pub fn GroupsPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/gruppi");
    let page = RwSignal::new(1i64);
    let list = crate::session::when_signed_in(move || {
        let q = api::ListGroupsQuery {
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move { api::list_groups(&q).await }
    });
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "group.list_title").to_owned())/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some(l)) if l.items.is_empty() => view! {
                        <p>{tr(lang, "group.none")}</p>
                        <p><a class="tap" href="/bisogni">{tr(lang, "need.back_list")}</a></p>
                    }.into_any(),
                    Ok(Some(l)) => view! {
                        <ul class="registry-list">
                            {l.items.into_iter().map(|g| {
                                let l_ = lang.get_untracked();
                                let mine = g.members.iter().find(|m| m.you).map(|m| m.status);
                                view! {
                                    <li>
                                        <a class="tap" href=format!("/gruppi/{}", g.id)>{heading(l_, &g)}</a>
                                        " · " {tr(lang, status_key(g.status))}
                                        {mine.map(|s| view! { " · " {tr(lang, "group.you")} ": " {tr(lang, member_key(s))} })}
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

/// `/gruppi/{id}`: one group and the family's answer.
#[component]
pub fn GroupPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/gruppi");
    let id = leptos_router::hooks::use_params_map()
        .with_untracked(|p| p.get("id"))
        .unwrap_or_default();
    let id = StoredValue::new(id);
    let data = crate::session::when_signed_in(move || {
        let id = id.get_value();
        async move { api::get_group(&id).await }
    });
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "group.one_title").to_owned())/>
            <p><a class="tap" href="/gruppi">{tr(lang, "group.back")}</a></p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| data.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some(g)) => view! { <GroupView g=g/> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn GroupView(g: Group) -> impl IntoView {
    let lang = use_lang();
    let current = RwSignal::new(g);
    let done = RwSignal::new(None::<String>);
    let errors = FormErrors::new("group-step");
    let busy = RwSignal::new(false);
    let step = move |action: MemberAction| {
        errors.clear();
        done.set(None);
        busy.set(true);
        let id = current.with_untracked(|g| g.id.clone());
        leptos::task::spawn_local(async move {
            let r = api::answer_group(&id, &api::GroupAnswer { action }).await;
            busy.set(false);
            match r {
                Ok(g) => {
                    let key = match action {
                        MemberAction::Join => "group.done.joined",
                        MemberAction::Decline => "group.done.declined",
                        MemberAction::Leave => "group.done.left",
                    };
                    done.set(Some(t(lang.get_untracked(), key).to_owned()));
                    current.set(g);
                }
                Err(e) => errors.show_api_error(lang.get_untracked(), &e, &[]),
            }
        });
    };
    view! {
        {move || {
            let g = current.get();
            let l = lang.get();
            view! {
                <section aria-labelledby="group-head">
                    <h2 id="group-head">{heading(l, &g)}</h2>
                    <p class="status-line">
                        <strong>{tr(lang, status_key(g.status))}</strong>
                        " · " {tr(lang, near_key(g.nearness))}
                    </p>
                    <dl class="facts">
                        <dt>{tr(lang, "group.week")}</dt>
                        <dd>{format!("{} ({} {})", week_text(l, &g.week), g.hours, t(l, "group.hours"))}</dd>
                        {g.rate_cents.map(|r| view! {
                            <dt>{tr(lang, "group.rate")}</dt>
                            <dd>{money(l, r)}</dd>
                        })}
                        {g.weekly_cents.map(|w| view! {
                            <dt>{tr(lang, "group.weekly")}</dt>
                            <dd>{money(l, w)}</dd>
                        })}
                    </dl>
                    {g.rate_cents.is_none().then(|| view! { <p class="hint">{tr(lang, "group.no_rate")}</p> })}
                </section>
                <section aria-labelledby="group-members">
                    <h2 id="group-members">{tr(lang, "group.members")}</h2>
                    <ul class="registry-list">
                        {g.members.iter().map(|m| {
                            let who = match (&m.first_name, m.you) {
                                (Some(n), true) => format!("{n} ({})", t(l, "group.you")),
                                (Some(n), false) => n.clone(),
                                (None, _) => t(l, "group.a_family").to_owned(),
                            };
                            let share = m.share_cents.map(|c| format!(" · {} {}", t(l, "group.share"), money(l, c)));
                            view! {
                                <li>
                                    <strong>{who}</strong> " · " {t(l, member_key(m.status))}
                                    <br/>
                                    {format!("{} ({} {})", week_text(l, &m.week), m.hours, t(l, "group.hours"))}
                                    {share}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p class="hint">{tr(lang, "group.privacy")}</p>
                </section>
            }
        }}
        <StatusMessage message=done.into()/>
        <ErrorSummary errors=errors labels=vec![]/>
        <div class="actions">
            {move || current.with(|g| g.actions.clone()).into_iter().map(|a| {
                let class = if a == MemberAction::Join { "" } else { "secondary" };
                view! {
                    <button type="button" class=class disabled=move || busy.get() on:click=move |_| step(a)>{tr(lang, action_key(a))}</button>
                }
            }).collect_view()}
        </div>
        {offers(current)}
    }
}

/// The group's offers to providers, made once for the page (not at each change of the
/// group or of the language): while the viewer's need is in the group or invited.
fn offers(current: RwSignal<Group>) -> impl IntoView {
    let (group, demand, category, zone) = current.with_untracked(|g| {
        (
            g.id.clone(),
            g.demand.clone(),
            g.category.clone().unwrap_or_default(),
            g.zone.code.clone(),
        )
    });
    let shown = move || current.with(|g| !g.actions.is_empty());
    let can_offer = Signal::derive(move || {
        current
            .with(|g| g.status == GroupStatus::Formed && g.actions.contains(&MemberAction::Leave))
    });
    let several_days = Signal::derive(move || {
        current.with(|g| {
            crate::pages::carers::days(&g.week)
                .iter()
                .filter(|h| !h.is_empty())
                .count()
                > 1
        })
    });
    view! {
        <Show when=shown>
            <GroupOffers group=group.clone() demand=demand.clone() category=category.clone() zone=zone.clone()
                can_offer=can_offer several_days=several_days/>
        </Show>
    }
}

/// `/gruppi/proponi?bisogno={id}`: the neighbours' needs that fit with the family's need,
/// the ones the platform suggests already ticked; the family invites them with a rate.
#[component]
pub fn PoolPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/bisogni");
    let need = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("bisogno"))
        .unwrap_or_default();
    let need = StoredValue::new(need);
    let data = crate::session::when_signed_in(move || {
        let id = need.get_value();
        async move { api::list_pool_candidates(&id).await }
    });
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "pool.title").to_owned())/>
            <p><a class="tap" href=move || format!("/bisogni/{}", need.get_value())>{tr(lang, "pool.back")}</a></p>
            <p>{tr(lang, "pool.intro")}</p>
            <Transition fallback=|| view! { <Loading/> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| data.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some(p)) if p.items.is_empty() => view! { <p>{tr(lang, "pool.none")}</p> }.into_any(),
                    Ok(Some(p)) => view! { <Propose need=need.get_value() pool=p/> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn Propose(need: String, pool: PoolCandidates) -> impl IntoView {
    let lang = use_lang();
    let chosen = RwSignal::new(pool.proposal.clone());
    let rate = RwSignal::new(String::new());
    let errors = FormErrors::new("pool");
    let busy = RwSignal::new(false);
    let navigate = leptos_router::hooks::use_navigate();
    let need = StoredValue::new(need);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let l = lang.get_untracked();
        let invite = chosen.get_untracked();
        if invite.is_empty() {
            errors.fail(t(l, "pool.pick_one").to_owned());
            return;
        }
        let text = rate.get_untracked();
        let rate_cents = parse_cents(&text);
        if rate_cents.is_none() && !text.trim().is_empty() {
            errors.clear();
            errors.set_field("pool-rate", t(l, "err.invalid_format").to_owned());
            errors.focus();
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        let body = api::GroupInput {
            demand: need.get_value(),
            invite,
            rate_cents,
        };
        leptos::task::spawn_local(async move {
            let r = api::create_group(&body).await;
            busy.set(false);
            match r {
                Ok(g) => navigate(&format!("/gruppi/{}", g.id), Default::default()),
                Err(e) => {
                    errors.show_api_error(lang.get_untracked(), &e, &[("rate_cents", "pool-rate")])
                }
            }
        });
    };
    let l = lang.get_untracked();
    view! {
        <form on:submit=submit novalidate>
            <ErrorSummary errors=errors labels=vec![("pool-rate", "pool.rate")]/>
            <fieldset class="checks">
                <legend>{tr(lang, "pool.choose")}</legend>
                {pool.items.iter().enumerate().map(|(i, c)| {
                    let id = StoredValue::new(c.demand.clone());
                    let input_id = format!("pool-{i}");
                    let suggested = pool.proposal.contains(&c.demand);
                    let shared = (c.shared_hours > 0).then(|| format!(" · {} {}", c.shared_hours, t(l, "pool.shared")));
                    view! {
                        <label class="check" for=input_id.clone()>
                            <input type="checkbox" id=input_id.clone()
                                prop:checked=move || chosen.with(|v| id.with_value(|id| v.contains(id)))
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let id = id.get_value();
                                    chosen.update(|v| { v.retain(|x| *x != id); if on { v.push(id); } });
                                }/>
                            {format!("{} {} · {} ({} {})", t(l, "pool.a_family"), t(l, near_key(c.nearness)), week_text(l, &c.week), c.hours, t(l, "group.hours"))}
                            {shared}
                            {suggested.then(|| view! { " " <span class="badge">{tr(lang, "pool.suggested")}</span> })}
                        </label>
                    }
                }).collect_view()}
            </fieldset>
            <Field id="pool-rate" label="pool.rate" value=rate errors=errors kind="text"/>
            <button type="submit" disabled=move || busy.get()>{tr(lang, "pool.submit")}</button>
        </form>
    }
}
