//! `/trova-aiuto`: a family describes a need, one question a step (keyboard only, the
//! progress said and shown), and lands on the offers ranked for it (`/bisogni/{id}`).
//! `/bisogni/{id}/modifica`: the same steps, filled with the need as it is, change it.
use crate::api::{
    self, AgeBand, Arrangement, Autonomy, BudgetPeriod, CarerRole, Demand, DemandInput,
    RequirementInput, RequirementKind, Role, Vocabulary, WeekHours, Zone, ZoneKind,
};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{ErrorSummary, FormErrors};
use crate::i18n::{pick, t, tr, use_lang};
use crate::pages::PageTitle;
use crate::pages::account::require_sign_in;
use crate::pages::carers::apply::{Span, WeekSpans, euros};
use crate::pages::carers::{LANGUAGES, days, language_name, ranges, role_key};
use crate::pages::contact::parse_cents;
use crate::pages::manage::{NotForThisRole, active_with};
use leptos::prelude::*;

/// The wizard's steps: each one question.
const STEPS: [&str; 8] = [
    "need.q.help",
    "need.q.age",
    "need.q.autonomy",
    "need.q.zone",
    "need.q.when",
    "need.q.budget",
    "need.q.wishes",
    "need.q.conditions",
];

pub(crate) const AGES: [(AgeBand, &str); 6] = [
    (AgeBand::Infant, "need.age.infant"),
    (AgeBand::Child, "need.age.child"),
    (AgeBand::Teen, "need.age.teen"),
    (AgeBand::Adult, "need.age.adult"),
    (AgeBand::Senior, "need.age.senior"),
    (AgeBand::Elderly, "need.age.elderly"),
];

pub(crate) const AUTONOMY: [(Autonomy, &str); 3] = [
    (Autonomy::Full, "need.aut.full"),
    (Autonomy::Partial, "need.aut.partial"),
    (Autonomy::Dependent, "need.aut.dependent"),
];

const ARRANGEMENTS: [(Arrangement, &str); 3] = [
    (Arrangement::Hourly, "need.arr.hourly"),
    (Arrangement::LiveOut, "need.arr.live_out"),
    (Arrangement::LiveIn, "need.arr.live_in"),
];

#[derive(Clone)]
struct Offered {
    vocabulary: Vocabulary,
    zones: Vec<Zone>,
    categories: Vec<api::CodeLabel>,
    spaces: Vec<api::Space>,
    /// The need being changed (none: a new one).
    existing: Option<Demand>,
}

#[component]
pub fn FindHelpPage() -> impl IntoView {
    wizard_page("/trova-aiuto", "need.title", None)
}

/// `/bisogni/{id}/modifica`: the wizard on the need as it is.
#[component]
pub fn EditNeedPage() -> impl IntoView {
    let id = leptos_router::hooks::use_params_map()
        .with_untracked(|p| p.get("id"))
        .unwrap_or_default();
    wizard_page("/bisogni", "need.edit_title", Some(id))
}

fn wizard_page(back: &'static str, title: &'static str, id: Option<String>) -> impl IntoView {
    let lang = use_lang();
    require_sign_in(back);
    let active = active_with(&[Role::Citizen]);
    let id = StoredValue::new(id);
    let data = crate::session::when_signed_in(move || async move {
        let existing = match id.get_value() {
            Some(id) => Some(api::get_demand(&id).await?),
            None => None,
        };
        let vocabulary = api::get_matching_vocabulary().await?;
        let zones = api::list_zones().await?.items;
        let categories = api::get_catalogue()
            .await?
            .macro_areas
            .into_iter()
            .flat_map(|m| m.categories.into_iter())
            .map(|c| api::CodeLabel {
                code: c.code,
                label: c.label,
            })
            .collect();
        let spaces = api::list_spaces(&api::ListSpacesQuery { tenant: None })
            .await?
            .items;
        Ok(Offered {
            vocabulary,
            zones,
            categories,
            spaces,
            existing,
        })
    });
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), title).to_owned())/>
            {move || if active.get().is_none() {
                view! { <NotForThisRole/> }.into_any()
            } else {
                view! {
                    <Transition fallback=|| view! { <Loading/> }>
                        {move || data.get().map(|r| match r {
                            Err(e) => view! { <ErrorBox error=e retry=move |_| data.refetch()/> }.into_any(),
                            Ok(None) => view! { <Loading/> }.into_any(),
                            Ok(Some(o)) => view! { <Wizard offered=o/> }.into_any(),
                        })}
                    </Transition>
                }.into_any()
            }}
        </div>
    }
}

/// A radio group's options: a value and the key of its text.
#[component]
fn Radios(
    id: &'static str,
    chosen: RwSignal<String>,
    options: Vec<(String, &'static str)>,
    errors: FormErrors,
) -> impl IntoView {
    let lang = use_lang();
    let error = errors.field(id);
    view! {
        <p class="field-error" id=format!("{id}-error")>{move || error.get()}</p>
        <div class="choices" role="radiogroup" aria-describedby=format!("{id}-error")>
            {options.into_iter().enumerate().map(|(i, (value, text))| {
                let input = format!("{id}-{i}");
                let v = StoredValue::new(value);
                view! {
                    <label class="check" for=input.clone()>
                        <input type="radio" name=id id=input.clone()
                            prop:checked=move || chosen.with(|c| v.with_value(|v| c == v))
                            on:change=move |_| chosen.set(v.get_value())/>
                        {tr(lang, text)}
                    </label>
                }
            }).collect_view()}
        </div>
    }
}

/// The level of a wish: "" (not needed), "nice", "must".
pub(crate) fn level_key(v: &str) -> &'static str {
    match v {
        "must" => "need.level.must",
        "nice" => "need.level.nice",
        _ => "need.level.none",
    }
}

#[component]
fn Wizard(offered: Offered) -> impl IntoView {
    let lang = use_lang();
    let navigate = leptos_router::hooks::use_navigate();
    let step = RwSignal::new(0usize);
    // A new need starts empty; a need being changed, as it is.
    let e = offered.existing.clone();
    let e = e.as_ref();
    let help = RwSignal::new(
        e.map_or_else(String::new, |d| match (&d.role, &d.category) {
            (Some(r), _) => format!("role:{}", r.as_str()),
            (None, Some(c)) => format!("category:{c}"),
            _ => String::new(),
        }),
    );
    let age = RwSignal::new(
        e.map(|d| d.age_band.as_str().to_owned())
            .unwrap_or_default(),
    );
    let autonomy = RwSignal::new(
        e.map(|d| d.autonomy.as_str().to_owned())
            .unwrap_or_default(),
    );
    let zone = RwSignal::new(e.map(|d| d.zone.code.clone()).unwrap_or_default());
    let arrangement = RwSignal::new(e.map_or("hourly", |d| d.arrangement.as_str()).to_owned());
    let week = RwSignal::new(e.map_or_else(
        || (1..=5).map(|d| Span::new(d, 9, 13)).collect::<Vec<_>>(),
        |d| {
            days(&d.week)
                .iter()
                .enumerate()
                .flat_map(|(i, h)| {
                    ranges(h)
                        .into_iter()
                        .map(move |(a, b)| Span::new(i as i64 + 1, a, b))
                })
                .collect()
        },
    ));
    let start = RwSignal::new(e.and_then(|d| d.start_on.clone()).unwrap_or_default());
    let budget = RwSignal::new(euros(e.and_then(|d| d.budget_cents)));
    let period = RwSignal::new(
        if e.is_some_and(|d| d.budget_period == Some(BudgetPeriod::Month)) {
            "month"
        } else {
            "hour"
        }
        .to_owned(),
    );
    let language = RwSignal::new(
        e.and_then(|d| d.language.clone())
            .unwrap_or_else(|| "it".to_owned()),
    );
    let wish = |code: &str| {
        e.and_then(|d| {
            d.requirements
                .iter()
                .find(|q| q.kind == RequirementKind::Skill && q.code == code)
        })
        .map_or("", |q| if q.must == Some(true) { "must" } else { "nice" })
        .to_owned()
    };
    let skills: Vec<(String, api::Label, RwSignal<String>)> = offered
        .vocabulary
        .skills
        .iter()
        .map(|s| {
            (
                s.code.clone(),
                s.label.clone(),
                RwSignal::new(wish(&s.code)),
            )
        })
        .collect();
    let skills = StoredValue::new(skills);
    // Wishes of a language (sent through the API): kept as they are.
    let kept: Vec<RequirementInput> = e
        .map(|d| {
            d.requirements
                .iter()
                .filter(|q| q.kind != RequirementKind::Skill)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let kept = StoredValue::new(kept);
    let conditions = RwSignal::new(e.map(|d| d.conditions.clone()).unwrap_or_default());
    let consent = RwSignal::new(e.is_some_and(|d| d.conditions_consent_at.is_some()));
    let sharing = RwSignal::new(e.is_some_and(|d| d.sharing));
    let building = RwSignal::new(e.and_then(|d| d.building.clone()).unwrap_or_default());
    let space = RwSignal::new(e.and_then(|d| d.space.clone()).unwrap_or_default());
    let editing = StoredValue::new(e.map(|d| d.id.clone()));
    let errors = FormErrors::new("need");
    let busy = RwSignal::new(false);
    let vocabulary = StoredValue::new(offered.vocabulary);
    // Moving on: the step's heading takes the focus (a screen reader reads the question).
    Effect::new(move |prev: Option<usize>| {
        let now = step.get();
        if prev.is_some_and(|p| p != now)
            && let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("need-step"))
        {
            use wasm_bindgen::JsCast;
            if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
        now
    });
    // What the current step needs before the next.
    let missing = move |s: usize| -> Option<(&'static str, &'static str)> {
        match s {
            0 if help.with(String::is_empty) => Some(("need-help", "need.err.help")),
            1 if age.with(String::is_empty) => Some(("need-age", "need.err.choose")),
            2 if autonomy.with(String::is_empty) => Some(("need-autonomy", "need.err.choose")),
            3 if zone.with(String::is_empty) => Some(("need-zone", "need.err.zone")),
            4 if arrangement.get() != "live_in"
                && week.with(|w| w.iter().any(|s| s.to.get() <= s.from.get())) =>
            {
                Some(("c-week", "carer.week.order"))
            }
            5 if !budget.with(|b| b.trim().is_empty()) && parse_cents(&budget.get()).is_none() => {
                Some(("need-budget", "carer.price.bad"))
            }
            _ => None,
        }
    };
    let body = move || -> DemandInput {
        let h = help.get_untracked();
        let (category, role) = match h.split_once(':') {
            Some(("role", r)) => (
                None,
                [CarerRole::Badante, CarerRole::Colf, CarerRole::BabySitter]
                    .into_iter()
                    .find(|x| x.as_str() == r),
            ),
            Some((_, c)) => (Some(c.to_owned()), None),
            None => (None, None),
        };
        let live_in = arrangement.get_untracked() == "live_in";
        let mut hours: [Vec<i64>; 7] = Default::default();
        if !live_in {
            for s in week.get_untracked() {
                if let Some(day) = usize::try_from(s.day.get_untracked() - 1)
                    .ok()
                    .and_then(|i| hours.get_mut(i))
                {
                    day.extend(s.from.get_untracked()..s.to.get_untracked());
                }
            }
        }
        for d in hours.iter_mut() {
            d.sort_unstable();
            d.dedup();
        }
        let [mon, tue, wed, thu, fri, sat, sun] = hours.map(Some);
        let budget_cents = parse_cents(&budget.get_untracked());
        let mut requirements: Vec<RequirementInput> = skills.with_value(|s| {
            s.iter()
                .filter(|(_, _, level)| !level.get_untracked().is_empty())
                .map(|(code, _, level)| RequirementInput {
                    kind: RequirementKind::Skill,
                    code: code.clone(),
                    must: Some(level.get_untracked() == "must"),
                })
                .collect()
        });
        requirements.extend(kept.get_value());
        let chosen_conditions = if consent.get_untracked() {
            conditions.get_untracked()
        } else {
            Vec::new()
        };
        DemandInput {
            category,
            role,
            zone: zone.get_untracked(),
            week: Some(WeekHours {
                mon,
                tue,
                wed,
                thu,
                fri,
                sat,
                sun,
            }),
            arrangement: ARRANGEMENTS
                .iter()
                .find(|(a, _)| a.as_str() == arrangement.get_untracked())
                .map_or(Arrangement::Hourly, |(a, _)| *a),
            start_on: Some(start.get_untracked()).filter(|s| !s.is_empty()),
            budget_cents,
            budget_period: budget_cents.map(|_| {
                if period.get_untracked() == "month" {
                    BudgetPeriod::Month
                } else {
                    BudgetPeriod::Hour
                }
            }),
            language: Some(language.get_untracked()),
            age_band: AGES
                .iter()
                .find(|(a, _)| a.as_str() == age.get_untracked())
                .map_or(AgeBand::Adult, |(a, _)| *a),
            autonomy: AUTONOMY
                .iter()
                .find(|(a, _)| a.as_str() == autonomy.get_untracked())
                .map_or(Autonomy::Partial, |(a, _)| *a),
            conditions_consent: Some(consent.get_untracked() && !chosen_conditions.is_empty()),
            conditions: Some(chosen_conditions),
            requirements: Some(requirements),
            sharing: Some(sharing.get_untracked() && arrangement.get_untracked() != "live_in"),
            building: Some(building.get_untracked())
                .filter(|b| sharing.get_untracked() && !b.trim().is_empty()),
            space: Some(space.get_untracked()).filter(|s| !s.is_empty()),
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        let s = step.get_untracked();
        if let Some((id, key)) = missing(s) {
            errors.set_field(id, t(lang.get_untracked(), key).to_owned());
            errors.focus();
            return;
        }
        if s + 1 < STEPS.len() {
            step.set(s + 1);
            return;
        }
        busy.set(true);
        let input = body();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let r = match editing.get_value() {
                Some(id) => api::update_demand(&id, &input).await,
                None => api::create_demand(&input).await,
            };
            busy.set(false);
            match r {
                Ok(d) => navigate(&format!("/bisogni/{}", d.id), Default::default()),
                Err(e) => errors.show_api_error(lang.get_untracked(), &e, &[]),
            }
        });
    };
    let role_options: Vec<(String, &'static str)> =
        [CarerRole::Badante, CarerRole::Colf, CarerRole::BabySitter]
            .into_iter()
            .map(|r| (format!("role:{}", r.as_str()), role_key(r)))
            .collect();
    let categories = StoredValue::new(offered.categories);
    let zones = StoredValue::new(offered.zones);
    let spaces = StoredValue::new(offered.spaces);
    let labels = vec![
        ("need-help", "need.q.help"),
        ("need-age", "need.q.age"),
        ("need-autonomy", "need.q.autonomy"),
        ("need-zone", "need.q.zone"),
        ("c-week", "need.q.when"),
        ("need-budget", "need.budget"),
    ];
    view! {
        <form class="stack wizard" on:submit=submit novalidate>
            <p class="wizard-progress" id="need-progress">
                {move || format!("{} {} {} {}", t(lang.get(), "need.step"), step.get() + 1, t(lang.get(), "need.of"), STEPS.len())}
            </p>
            <progress max=STEPS.len().to_string() value=move || (step.get() + 1).to_string() aria-labelledby="need-progress"></progress>
            <ErrorSummary errors=errors labels=labels/>
            <h2 id="need-step" tabindex="-1">{move || t(lang.get(), STEPS[step.get()])}</h2>
            {move || match step.get() {
                0 => view! {
                    <fieldset id="need-help" class="checks">
                        <legend class="visually-hidden">{tr(lang, "need.q.help")}</legend>
                        <Radios id="need-help-r" chosen=help options=role_options.clone() errors=errors/>
                        <div class="field">
                            <label for="need-category">{tr(lang, "need.or_service")}</label>
                            <select id="need-category" on:change=move |ev| { let v = event_target_value(&ev); if !v.is_empty() { help.set(format!("category:{v}")); } }>
                                <option value="">{tr(lang, "need.pick_service")}</option>
                                {categories.with_value(|c| c.iter().map(|c| {
                                    let selected = help.get_untracked() == format!("category:{}", c.code);
                                    let label = c.label.clone();
                                    view! { <option value=c.code.clone() selected=selected>{move || pick(lang.get(), &label)}</option> }
                                }).collect_view())}
                            </select>
                        </div>
                    </fieldset>
                }.into_any(),
                1 => view! {
                    <fieldset id="need-age" class="checks">
                        <legend class="visually-hidden">{tr(lang, "need.q.age")}</legend>
                        <Radios id="need-age-r" chosen=age errors=errors
                            options=AGES.iter().map(|(a, k)| (a.as_str().to_owned(), *k)).collect()/>
                    </fieldset>
                }.into_any(),
                2 => view! {
                    <fieldset id="need-autonomy" class="checks">
                        <legend class="visually-hidden">{tr(lang, "need.q.autonomy")}</legend>
                        <Radios id="need-autonomy-r" chosen=autonomy errors=errors
                            options=AUTONOMY.iter().map(|(a, k)| (a.as_str().to_owned(), *k)).collect()/>
                    </fieldset>
                }.into_any(),
                3 => view! {
                    <div class="field">
                        <label for="need-zone">{tr(lang, "need.zone")}</label>
                        <p class="hint" id="need-zone-hint">{tr(lang, "need.zone.hint")}</p>
                        <select id="need-zone" aria-describedby="need-zone-hint" on:change=move |ev| zone.set(event_target_value(&ev))>
                            <option value="">{tr(lang, "need.pick_zone")}</option>
                            {zones.with_value(|zs| zs.iter().filter(|z| z.kind != ZoneKind::Nil).map(|m| {
                                let nils: Vec<Zone> = zs.iter().filter(|n| n.parent.as_deref() == Some(m.code.as_str())).cloned().collect();
                                let sel = zone.get_untracked() == m.code;
                                view! {
                                    <optgroup label=m.name.clone()>
                                        <option value=m.code.clone() selected=sel>{m.name.clone()} " — " {tr(lang, "need.whole")}</option>
                                        {nils.into_iter().map(|n| {
                                            let sel = zone.get_untracked() == n.code;
                                            view! { <option value=n.code.clone() selected=sel>{n.name.clone()}</option> }
                                        }).collect_view()}
                                    </optgroup>
                                }
                            }).collect_view())}
                        </select>
                    </div>
                    <label class="check" for="need-sharing">
                        <input type="checkbox" id="need-sharing" prop:checked=move || sharing.get()
                            on:change=move |ev| sharing.set(event_target_checked(&ev))/>
                        {tr(lang, "need.sharing")}
                    </label>
                    <Show when=move || sharing.get()>
                        <div class="field">
                            <label for="need-building">{tr(lang, "need.building")}</label>
                            <p class="hint" id="need-building-hint">{tr(lang, "need.building.hint")}</p>
                            <input id="need-building" type="text" maxlength="120" autocomplete="street-address" aria-describedby="need-building-hint"
                                prop:value=move || building.get() on:input=move |ev| building.set(event_target_value(&ev))/>
                        </div>
                    </Show>
                }.into_any(),
                4 => view! {
                    <fieldset id="need-arrangement" class="checks">
                        <legend>{tr(lang, "need.arrangement")}</legend>
                        <Radios id="need-arrangement-r" chosen=arrangement errors=errors
                            options=ARRANGEMENTS.iter().map(|(a, k)| (a.as_str().to_owned(), *k)).collect()/>
                    </fieldset>
                    <Show when=move || arrangement.get() != "live_in">
                        <WeekSpans week=week errors=errors legend="need.week"/>
                    </Show>
                    <div class="field">
                        <label for="need-start">{tr(lang, "need.start")}</label>
                        <input id="need-start" type="date" prop:value=move || start.get() on:input=move |ev| start.set(event_target_value(&ev))/>
                    </div>
                }.into_any(),
                5 => view! {
                    <div class="field" class:has-error=move || errors.field("need-budget").with(Option::is_some)>
                        <label for="need-budget">{tr(lang, "need.budget")}</label>
                        <p class="hint" id="need-budget-hint">{tr(lang, "need.budget.hint")}</p>
                        <p class="field-error" id="need-budget-error">{move || errors.field("need-budget").get()}</p>
                        <input id="need-budget" type="text" inputmode="decimal" aria-describedby="need-budget-hint need-budget-error"
                            prop:value=move || budget.get() on:input=move |ev| budget.set(event_target_value(&ev))/>
                    </div>
                    <fieldset id="need-period" class="checks">
                        <legend>{tr(lang, "need.period")}</legend>
                        <Radios id="need-period-r" chosen=period errors=errors
                            options=vec![("hour".to_owned(), "need.per_hour"), ("month".to_owned(), "need.per_month")]/>
                    </fieldset>
                    <div class="field">
                        <label for="need-language">{tr(lang, "need.language")}</label>
                        <select id="need-language" on:change=move |ev| language.set(event_target_value(&ev))>
                            {LANGUAGES.iter().map(|c| view! {
                                <option value=*c selected=language.get_untracked() == *c>{move || language_name(lang.get(), c)}</option>
                            }).collect_view()}
                        </select>
                    </div>
                }.into_any(),
                6 => view! {
                    <p class="hint">{tr(lang, "need.wishes.hint")}</p>
                    <div class="wishes">
                        {skills.with_value(|s| s.iter().enumerate().map(|(i, (_, label, level))| {
                            let id = format!("need-skill-{i}");
                            let level = *level;
                            view! {
                                <div class="field wish">
                                    <label for=id.clone()>{let label = label.clone(); move || pick(lang.get(), &label)}</label>
                                    <select id=id.clone() on:change=move |ev| level.set(event_target_value(&ev))>
                                        {["", "nice", "must"].into_iter().map(|v| view! {
                                            <option value=v selected=level.get_untracked() == v>{tr(lang, level_key(v))}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                            }
                        }).collect_view())}
                    </div>
                }.into_any(),
                _ => view! {
                    <p>{tr(lang, "need.conditions.hint")}</p>
                    <fieldset id="need-conditions" class="checks">
                        <legend>{tr(lang, "need.conditions")}</legend>
                        {vocabulary.with_value(|v| v.conditions.iter().enumerate().map(|(i, c)| {
                            let id = format!("need-condition-{i}");
                            let code = StoredValue::new(c.code.clone());
                            view! {
                                <label class="check" for=id.clone()>
                                    <input type="checkbox" id=id.clone()
                                        prop:checked=move || conditions.with(|l| code.with_value(|c| l.contains(c)))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let c = code.get_value();
                                            conditions.update(|l| { l.retain(|x| *x != c); if on { l.push(c); } });
                                        }/>
                                    {let label = c.label.clone(); move || pick(lang.get(), &label)}
                                </label>
                            }
                        }).collect_view())}
                    </fieldset>
                    <label class="check" for="need-consent">
                        <input type="checkbox" id="need-consent" prop:checked=move || consent.get()
                            on:change=move |ev| consent.set(event_target_checked(&ev))/>
                        {tr(lang, "need.consent")}
                    </label>
                    <div class="field">
                        <label for="need-space">{tr(lang, "need.space")}</label>
                        <p class="hint" id="need-space-hint">{tr(lang, "need.space.hint")}</p>
                        <select id="need-space" aria-describedby="need-space-hint" on:change=move |ev| space.set(event_target_value(&ev))>
                            <option value="">{tr(lang, "need.space.none")}</option>
                            {
                                // The spaces of the need's municipality.
                                let tenant = zones.with_value(|zs| zs.iter().find(|z| z.code == zone.get_untracked()).map(|z| z.tenant.clone()));
                                spaces.with_value(|ss| ss.iter().filter(|s| Some(&s.tenant) == tenant.as_ref()).map(|s| {
                                    view! { <option value=s.id.clone() selected=space.get_untracked() == s.id>{s.name.clone()}</option> }
                                }).collect_view())
                            }
                        </select>
                    </div>
                }.into_any(),
            }}
            <div class="actions">
                <Show when=move || { step.get() > 0 }>
                    <button type="button" class="secondary" on:click=move |_| { errors.clear(); step.update(|s| *s = s.saturating_sub(1)); }>{tr(lang, "need.back")}</button>
                </Show>
                <button type="submit" disabled=move || busy.get()>
                    {move || if step.get() + 1 < STEPS.len() { t(lang.get(), "need.next") } else if editing.with_value(Option::is_some) { t(lang.get(), "need.save") } else { t(lang.get(), "need.find") }}
                </button>
            </div>
        </form>
    }
}
