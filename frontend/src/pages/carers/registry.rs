//! `/gestione/assistenti`: the registry of carers, run by the WeMi spaces' operators and
//! the city's reviewers; one registration, its steps and the next one.
use super::documents::CertificateReview;
use super::{
    Standing, action_key, arrangement_key, language_name, level_text, role_key, status_code,
    status_key, week_text,
};
use crate::api::{self, CarerRegistration, RegistryAction, RegistryStatus, Role, Vocabulary};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{ErrorSummary, FormErrors, StatusMessage};
use crate::components::pager::{Pager, pages_of};
use crate::i18n::{money, pick, t, tr, use_lang};
use crate::pages::PageTitle;
use crate::pages::account::require_sign_in;
use crate::pages::contact::date_time;
use crate::pages::manage::{NotForThisRole, active_with};
use leptos::prelude::*;

const OPERATORS: &[Role] = &[
    Role::SpaceOperator,
    Role::MunicipalReviewer,
    Role::MunicipalAdmin,
];

/// The server's field names and the inputs that show them.
#[component]
pub fn RegistryPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/gestione/assistenti");
    let active = active_with(OPERATORS);
    let status = RwSignal::new(
        leptos_router::hooks::use_query_map()
            .with_untracked(|q| q.get("stato"))
            .unwrap_or_default(),
    );
    let page = RwSignal::new(1i64);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "registry.title").to_owned())/>
            {move || active.get().filter(|m| m.role == Role::SpaceOperator).map(|_| view! {
                <p><a class="tap" href="/gestione/bisogni">{tr(lang, "shared.link")}</a></p>
            })}
            <div class="field">
                <label for="rg-status">{tr(lang, "registry.show")}</label>
                <select id="rg-status" on:change=move |ev| { page.set(1); status.set(event_target_value(&ev)); }>
                    <option value="" selected=move || status.get().is_empty()>{tr(lang, "registry.all")}</option>
                    {[RegistryStatus::Applied, RegistryStatus::Interviewed, RegistryStatus::Trained, RegistryStatus::Listed, RegistryStatus::Suspended]
                        .into_iter().map(|s| view! {
                            <option value=status_code(s) selected=move || status.get() == status_code(s)>{tr(lang, status_key(s))}</option>
                        }).collect_view()}
                </select>
            </div>
            {move || if active.get().is_none() {
                view! { <NotForThisRole/> }.into_any()
            } else {
                view! { <RegistryList status=status page=page/> }.into_any()
            }}
        </div>
    }
}

const PER_PAGE: i64 = 50;

#[component]
fn RegistryList(status: RwSignal<String>, page: RwSignal<i64>) -> impl IntoView {
    let lang = use_lang();
    let list = crate::session::when_signed_in(move || {
        let s = status.get();
        let q = api::ListRegistrationsQuery {
            status: (!s.is_empty()).then_some(s),
            page: Some(page.get()),
            per_page: Some(PER_PAGE),
        };
        async move { api::list_registrations(&q).await }
    });
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || list.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                Ok(None) => view! { <Loading/> }.into_any(),
                Ok(Some(l)) if l.items.is_empty() => view! { <p>{tr(lang, "registry.empty")}</p> }.into_any(),
                Ok(Some(l)) => {
                    let l_ = lang.get_untracked();
                    view! {
                        <p>{format!("{} {}", l.total, t(l_, "registry.count"))}</p>
                        <ul class="registry-list">
                            {l.items.into_iter().map(|r| view! {
                                <li>
                                    <a class="tap" href=format!("/gestione/assistenti/{}", r.id)>{r.first_name.clone()}</a>
                                    " · " {tr(lang, status_key(r.status))} " · " {tr(lang, "carer.since")} " " {date_time(l_, &r.status_at)}
                                    <br/>
                                    <span class="muted">{r.roles.iter().map(|x| t(l_, role_key(*x))).collect::<Vec<_>>().join(", ")}
                                        " · " {r.zones.iter().map(|z| z.name.clone()).collect::<Vec<_>>().join(", ")}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                        {(l.total > PER_PAGE).then(|| view! { <Pager page=page pages=pages_of(l.total, PER_PAGE)/> })}
                    }.into_any()
                }
            })}
        </Transition>
    }
}

/// `/gestione/assistenti/{id}`: one registration, its steps, and the step to take.
#[component]
pub fn RegistrationPage() -> impl IntoView {
    let lang = use_lang();
    let params = leptos_router::hooks::use_params_map();
    let id = params.with_untracked(|p| p.get("id")).unwrap_or_default();
    require_sign_in("/gestione/assistenti");
    let active = active_with(OPERATORS);
    let id = StoredValue::new(id);
    let reg = crate::session::when_signed_in(move || {
        let id = id.get_value();
        async move {
            let r = api::get_registration(&id).await?;
            Ok((r, api::get_matching_vocabulary().await?))
        }
    });
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "registry.one").to_owned())/>
            <p><a class="tap" href="/gestione/assistenti">{tr(lang, "registry.back")}</a></p>
            {move || if active.get().is_none() {
                view! { <NotForThisRole/> }.into_any()
            } else {
                view! {
                    <Transition fallback=|| view! { <Loading/> }>
                        {move || reg.get().map(|r| match r {
                            Err(e) => view! { <ErrorBox error=e retry=move |_| reg.refetch()/> }.into_any(),
                            Ok(None) => view! { <Loading/> }.into_any(),
                            Ok(Some((r, v))) => view! { <Registration r=r vocabulary=StoredValue::new(v)/> }.into_any(),
                        })}
                    </Transition>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn Registration(r: CarerRegistration, vocabulary: StoredValue<Vocabulary>) -> impl IntoView {
    let lang = use_lang();
    let current = RwSignal::new(r);
    let done = RwSignal::new(None::<String>);
    view! {
        <StatusMessage message=done.into()/>
        {move || {
            let r = current.get();
            let l = lang.get();
            view! {
                <section aria-labelledby="rg-who">
                    <h2 id="rg-who">{r.first_name.clone()}</h2>
                    {r.photo.clone().map(|src| view! { <img class="carer-photo" src=src alt="" width="128" height="128"/> })}
                    <dl class="facts">
                        <dt>{tr(lang, "carer.roles")}</dt>
                        <dd>{r.roles.iter().map(|x| t(l, role_key(*x))).collect::<Vec<_>>().join(", ")}</dd>
                        <dt>{tr(lang, "carer.arrangements")}</dt>
                        <dd>{r.arrangements.iter().map(|x| t(l, arrangement_key(*x))).collect::<Vec<_>>().join(", ")}</dd>
                        <dt>{tr(lang, "carer.languages")}</dt>
                        <dd>{r.languages.iter().map(|x| format!("{} {}", language_name(l, &x.code), level_text(l, x.level))).collect::<Vec<_>>().join(", ")}</dd>
                        <dt>{tr(lang, "carer.skills")}</dt>
                        <dd>{vocabulary.with_value(|v| r.skills.iter().map(|s| v.skills.iter().find(|x| x.code == *s).map_or_else(|| s.clone(), |x| pick(l, &x.label))).collect::<Vec<_>>().join(", "))}</dd>
                        <dt>{tr(lang, "carer.zones")}</dt>
                        <dd>{r.zones.iter().map(|z| z.name.clone()).collect::<Vec<_>>().join(", ")}</dd>
                        <dt>{tr(lang, "carer.week")}</dt>
                        <dd>{week_text(l, &r.week)}</dd>
                        <dt>{tr(lang, "carer.prices")}</dt>
                        <dd>{[r.hourly_cents.map(|c| format!("{} {}", money(l, c), t(l, "carer.per_hour"))), r.monthly_cents.map(|c| format!("{} {}", money(l, c), t(l, "carer.per_month")))].into_iter().flatten().collect::<Vec<_>>().join(" · ")}</dd>
                        <dt>{tr(lang, "carer.experience")}</dt>
                        <dd>{r.experience_years}</dd>
                        <dt>{tr(lang, "carer.references")}</dt>
                        <dd class="pre">{r.references.clone()}</dd>
                    </dl>
                </section>
                <Standing r=r.clone()/>
                <StepForm r=r current=current done=done/>
            }
        }}
        <CertificateReview current=current vocabulary=vocabulary done=done/>
    }
}

#[component]
fn StepForm(
    r: CarerRegistration,
    current: RwSignal<CarerRegistration>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let errors = FormErrors::new("step");
    let note = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let id = StoredValue::new(r.id.clone());
    let act = move |action: RegistryAction| {
        errors.clear();
        done.set(None);
        let text = note.get_untracked().trim().to_owned();
        if action == RegistryAction::Suspend && text.is_empty() {
            errors.set_field(
                "rg-note",
                t(lang.get_untracked(), "registry.note_needed").to_owned(),
            );
            errors.focus();
            return;
        }
        busy.set(true);
        let body = api::NewStep {
            action,
            note: (!text.is_empty()).then_some(text),
        };
        leptos::task::spawn_local(async move {
            let r = api::step_registration(&id.get_value(), &body).await;
            busy.set(false);
            match r {
                Ok(r) => {
                    done.set(Some(format!(
                        "{} {}",
                        t(lang.get_untracked(), "registry.done"),
                        t(lang.get_untracked(), status_key(r.status))
                    )));
                    current.set(r);
                }
                Err(e) if e.status == 409 => {
                    errors.fail(t(lang.get_untracked(), "registry.stale").to_owned());
                }
                Err(e) => errors.show_api_error(lang.get_untracked(), &e, &[("note", "rg-note")]),
            }
        });
    };
    let actions = r.actions.clone();
    let error = errors.field("rg-note");
    view! {
        <Show when=move || !actions.is_empty()>
            <section class="stack" aria-labelledby="rg-step">
                <h2 id="rg-step">{tr(lang, "registry.step")}</h2>
                <ErrorSummary errors=errors labels=vec![("rg-note", "registry.note")]/>
                <div class="field" class:has-error=move || error.with(Option::is_some)>
                    <label for="rg-note">{tr(lang, "registry.note")}</label>
                    <p class="hint" id="rg-note-hint">{tr(lang, "registry.note.hint")}</p>
                    <p class="field-error" id="rg-note-error">{move || error.get()}</p>
                    <textarea id="rg-note" rows="3" maxlength="2000" aria-describedby="rg-note-hint rg-note-error"
                        prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                </div>
                <div class="actions">
                    {r.actions.iter().map(|a| {
                        let a = *a;
                        view! {
                            <button type="button" disabled=move || busy.get() on:click=move |_| act(a)>{tr(lang, action_key(a))}</button>
                        }
                    }).collect_view()}
                </div>
            </section>
        </Show>
    }
}
