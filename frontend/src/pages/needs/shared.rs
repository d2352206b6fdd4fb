//! `/gestione/bisogni`: the needs families shared with the operator's WeMi space (their
//! consent), the longest waiting first, whole but the building, so that the operator can
//! help (find a carer or a service with them, propose a group). Read only; every reading
//! is recorded by the server. The matching bundle.
use super::find::{AGES, AUTONOMY, level_key};
use super::{help_text, status_key};
use crate::api::{self, Demand, Role, Vocabulary};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::pager::{Pager, pages_of};
use crate::i18n::{Lang, money, pick, t, tr, use_lang};
use crate::pages::PageTitle;
use crate::pages::account::require_sign_in;
use crate::pages::carers::{arrangement_key, language_name, week_text};
use crate::pages::contact::date_time;
use crate::pages::manage::{NotForThisRole, active_with};
use leptos::prelude::*;

const PER_PAGE: i64 = 20;

#[component]
pub fn SharedNeedsPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/gestione/bisogni");
    let active = active_with(&[Role::SpaceOperator]);
    let page = RwSignal::new(1i64);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "shared.title").to_owned())/>
            <p>{tr(lang, "shared.intro")}</p>
            {move || match active.get().and_then(|m| m.space) {
                None => view! { <NotForThisRole/> }.into_any(),
                Some(s) => view! {
                    <p><strong>{s.name.clone()}</strong></p>
                    <SharedList space=s.id page=page/>
                }.into_any(),
            }}
        </div>
    }
}

#[component]
fn SharedList(space: String, page: RwSignal<i64>) -> impl IntoView {
    let lang = use_lang();
    let space = StoredValue::new(space);
    let list = crate::session::when_signed_in(move || {
        let q = api::ListSpaceDemandsQuery {
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        let id = space.get_value();
        async move {
            let l = api::list_space_demands(&id, &q).await?;
            Ok((l, api::get_matching_vocabulary().await?))
        }
    });
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                Ok(None) => view! { <Loading/> }.into_any(),
                Ok(Some((l, _))) if l.items.is_empty() => view! { <p>{tr(lang, "shared.empty")}</p> }.into_any(),
                Ok(Some((l, v))) => {
                    let l_ = lang.get();
                    view! {
                        <p>{format!("{} {}", l.total, t(l_, "shared.count"))}</p>
                        <ul class="registry-list">
                            {l.items.into_iter().map(|d| view! { <li>{shared_need(l_, &v, d)}</li> }).collect_view()}
                        </ul>
                        {(l.total > PER_PAGE).then(|| view! { <Pager page=page pages=pages_of(l.total, PER_PAGE)/> })}
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// One shared need: what, where, when, for whom, the wishes and the conditions.
fn shared_need(l: Lang, v: &Vocabulary, d: Demand) -> impl IntoView {
    let skill = |code: &str| {
        v.skills
            .iter()
            .find(|s| s.code == code)
            .map_or_else(|| language_name(l, code), |s| pick(l, &s.label))
    };
    let age = AGES
        .iter()
        .find(|(a, _)| *a == d.age_band)
        .map_or("", |(_, k)| t(l, k));
    let autonomy = AUTONOMY
        .iter()
        .find(|(a, _)| *a == d.autonomy)
        .map_or("", |(_, k)| t(l, k));
    let wishes = d
        .requirements
        .iter()
        .map(|q| {
            let level = if q.must == Some(true) { "must" } else { "nice" };
            format!("{} ({})", skill(&q.code), t(l, level_key(level)))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let conditions = d
        .conditions
        .iter()
        .map(|c| {
            v.conditions
                .iter()
                .find(|x| x.code == *c)
                .map_or_else(|| c.clone(), |x| pick(l, &x.label))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let budget = d.budget_cents.map(|c| {
        let per = if d.budget_period == Some(api::BudgetPeriod::Month) {
            "need.per_month"
        } else {
            "need.per_hour"
        };
        format!("{} {}", money(l, c), t(l, per))
    });
    view! {
        <h2>{help_text(l, &d)} " · " {d.zone.name.clone()}</h2>
        <dl class="facts">
            <dt>{t(l, "need.status")}</dt>
            <dd>{t(l, status_key(d.status))} " · " {t(l, "shared.since")} " " {date_time(l, &d.created_at)}</dd>
            <dt>{t(l, "need.q.age")}</dt>
            <dd>{age} " · " {autonomy}</dd>
            <dt>{t(l, "need.arrangement")}</dt>
            <dd>{t(l, arrangement_key(d.arrangement))} " · " {week_text(l, &d.week)}</dd>
            <dt>{t(l, "need.budget")}</dt>
            <dd>{budget.unwrap_or_else(|| t(l, "need.no_budget").to_owned())}</dd>
            <dt>{t(l, "need.language")}</dt>
            <dd>{d.language.as_deref().map(|c| language_name(l, c)).unwrap_or_default()}</dd>
            <dt>{t(l, "shared.wishes")}</dt>
            <dd>{wishes}</dd>
            <dt>{t(l, "need.conditions")}</dt>
            <dd>{conditions}</dd>
        </dl>
    }
}
