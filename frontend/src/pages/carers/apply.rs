//! `/assistente`: a carer applies to the registry, sees where the application stands and
//! changes their profile.
use super::{
    LANGUAGES, LEVELS, Standing, arrangement_key, days, language_name, level_code, level_of,
    level_text, ranges, role_key,
};
use crate::api::{
    self, Arrangement, CarerProfileInput, CarerRegistration, CarerRole, LanguageLevel, Role,
    SpokenLanguage, Vocabulary, WeekHours, Zone, ZoneKind,
};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{ErrorSummary, Field, FormErrors, StatusMessage, Submit};
use crate::i18n::{Lang, pick, t, tr, use_lang};
use crate::pages::PageTitle;
use crate::pages::account::require_sign_in;
use crate::pages::cards::weekday;
use crate::pages::contact::parse_cents;
use crate::pages::manage::{NotForThisRole, active_with};
use leptos::prelude::*;

const IDS: &[(&str, &str)] = &[
    ("first_name", "c-first_name"),
    ("roles", "c-roles"),
    ("skills", "c-skills"),
    ("languages", "c-languages"),
    ("zones", "c-zones"),
    ("week", "c-week"),
    ("arrangements", "c-arrangements"),
    ("hourly_cents", "c-hourly"),
    ("monthly_cents", "c-monthly"),
    ("experience_years", "c-experience"),
    ("references", "c-references"),
];

/// The error summary's labels of those inputs.
fn labels() -> Vec<(&'static str, &'static str)> {
    vec![
        ("c-first_name", "carer.first_name"),
        ("c-roles", "carer.roles"),
        ("c-skills", "carer.skills"),
        ("c-languages", "carer.languages"),
        ("c-zones", "carer.zones"),
        ("c-week", "carer.week"),
        ("c-arrangements", "carer.arrangements"),
        ("c-hourly", "carer.hourly"),
        ("c-monthly", "carer.monthly"),
        ("c-experience", "carer.experience"),
        ("c-references", "carer.references"),
    ]
}

#[derive(Clone, Copy)]
pub struct Span {
    pub day: RwSignal<i64>,
    pub from: RwSignal<i64>,
    pub to: RwSignal<i64>,
}

impl Span {
    pub fn new(day: i64, from: i64, to: i64) -> Self {
        Span {
            day: RwSignal::new(day),
            from: RwSignal::new(from),
            to: RwSignal::new(to),
        }
    }
}

/// The form's state.
#[derive(Clone, Copy)]
struct Draft {
    first_name: RwSignal<String>,
    tenant: RwSignal<String>,
    zones: RwSignal<Vec<String>>,
    roles: RwSignal<Vec<CarerRole>>,
    arrangements: RwSignal<Vec<Arrangement>>,
    skills: RwSignal<Vec<String>>,
    languages: RwSignal<Vec<(RwSignal<String>, RwSignal<String>)>>,
    week: RwSignal<Vec<Span>>,
    hourly: RwSignal<String>,
    monthly: RwSignal<String>,
    experience: RwSignal<String>,
    references: RwSignal<String>,
    space: RwSignal<String>,
}

pub(crate) fn euros(cents: Option<i64>) -> String {
    cents.map_or_else(String::new, |c| {
        if c % 100 == 0 {
            (c / 100).to_string()
        } else {
            format!("{},{:02}", c / 100, c % 100)
        }
    })
}

impl Draft {
    fn new(r: Option<&CarerRegistration>) -> Self {
        let week = r.map_or_else(
            || (1..=5).map(|d| Span::new(d, 9, 13)).collect(),
            |r| {
                days(&r.week)
                    .iter()
                    .enumerate()
                    .flat_map(|(d, h)| {
                        ranges(h)
                            .into_iter()
                            .map(move |(a, b)| Span::new(d as i64 + 1, a, b))
                    })
                    .collect()
            },
        );
        let languages = r.map_or_else(
            || vec![("it".to_owned(), LanguageLevel::B1)],
            |r| {
                r.languages
                    .iter()
                    .map(|l| (l.code.clone(), l.level))
                    .collect()
            },
        );
        Draft {
            first_name: RwSignal::new(r.map(|r| r.first_name.clone()).unwrap_or_default()),
            tenant: RwSignal::new(r.map_or_else(|| "milano".to_owned(), |r| r.tenant.clone())),
            zones: RwSignal::new(
                r.map(|r| r.zones.iter().map(|z| z.code.clone()).collect())
                    .unwrap_or_default(),
            ),
            roles: RwSignal::new(r.map(|r| r.roles.clone()).unwrap_or_default()),
            arrangements: RwSignal::new(
                r.map_or_else(|| vec![Arrangement::Hourly], |r| r.arrangements.clone()),
            ),
            skills: RwSignal::new(r.map(|r| r.skills.clone()).unwrap_or_default()),
            languages: RwSignal::new(
                languages
                    .into_iter()
                    .map(|(c, l)| (RwSignal::new(c), RwSignal::new(level_code(l).to_owned())))
                    .collect(),
            ),
            week: RwSignal::new(week),
            hourly: RwSignal::new(euros(r.and_then(|r| r.hourly_cents))),
            monthly: RwSignal::new(euros(r.and_then(|r| r.monthly_cents))),
            experience: RwSignal::new(
                r.map(|r| r.experience_years.to_string())
                    .unwrap_or_default(),
            ),
            references: RwSignal::new(r.map(|r| r.references.clone()).unwrap_or_default()),
            space: RwSignal::new(r.and_then(|r| r.space.clone()).unwrap_or_default()),
        }
    }

    /// The body to send, or the fields the browser already knows are wrong.
    fn body(&self, lang: Lang) -> Result<CarerProfileInput, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let mut hours: [Vec<i64>; 7] = Default::default();
        for s in self.week.get_untracked() {
            let (d, a, b) = (
                s.day.get_untracked(),
                s.from.get_untracked(),
                s.to.get_untracked(),
            );
            if b <= a {
                errors.push(("c-week", t(lang, "carer.week.order").to_owned()));
                continue;
            }
            if let Some(day) = usize::try_from(d - 1).ok().and_then(|i| hours.get_mut(i)) {
                day.extend(a..b);
            }
        }
        for day in hours.iter_mut() {
            day.sort_unstable();
            day.dedup();
        }
        let [mon, tue, wed, thu, fri, sat, sun] = hours;
        let price = |id: &'static str, v: String, errors: &mut Vec<(&'static str, String)>| {
            if v.trim().is_empty() {
                return None;
            }
            let c = parse_cents(&v);
            if c.is_none() {
                errors.push((id, t(lang, "carer.price.bad").to_owned()));
            }
            c
        };
        let hourly_cents = price("c-hourly", self.hourly.get_untracked(), &mut errors);
        let monthly_cents = price("c-monthly", self.monthly.get_untracked(), &mut errors);
        let experience_years = match self.experience.get_untracked().trim() {
            "" => 0,
            v => v.parse().unwrap_or_else(|_| {
                errors.push(("c-experience", t(lang, "carer.experience.bad").to_owned()));
                0
            }),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        let space = self.space.get_untracked();
        Ok(CarerProfileInput {
            first_name: self.first_name.get_untracked().trim().to_owned(),
            roles: self.roles.get_untracked(),
            skills: self.skills.get_untracked(),
            languages: self
                .languages
                .get_untracked()
                .iter()
                .map(|(c, l)| SpokenLanguage {
                    code: c.get_untracked(),
                    level: level_of(&l.get_untracked()),
                })
                .collect(),
            zones: self.zones.get_untracked().into(),
            week: Some(WeekHours {
                mon: Some(mon),
                tue: Some(tue),
                wed: Some(wed),
                thu: Some(thu),
                fri: Some(fri),
                sat: Some(sat),
                sun: Some(sun),
            }),
            arrangements: self.arrangements.get_untracked(),
            hourly_cents,
            monthly_cents,
            experience_years,
            references: self.references.get_untracked().trim().to_owned(),
            space: (!space.is_empty()).then_some(space),
        })
    }
}

/// `/assistente`: the carer's application, where it stands and what comes next.
#[component]
pub fn CarerPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in("/assistente");
    let active = active_with(&[Role::Carer]);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "carer.title").to_owned())/>
            {move || if active.get().is_none() {
                view! { <NotForThisRole/> }.into_any()
            } else {
                view! { <CarerLoader/> }.into_any()
            }}
        </div>
    }
}

/// Everything the form offers, and the registration when there is one.
#[derive(Clone)]
struct Offered {
    vocabulary: Vocabulary,
    zones: Vec<Zone>,
    tenants: Vec<api::TenantName>,
    spaces: Vec<api::Space>,
    mine: Option<CarerRegistration>,
}

#[component]
fn CarerLoader() -> impl IntoView {
    let data = crate::session::when_signed_in(|| async {
        let vocabulary = api::get_matching_vocabulary().await?;
        let api::ZoneList {
            items: zones,
            tenants,
        } = api::list_zones().await?;
        let spaces = api::list_spaces(&api::ListSpacesQuery { tenant: None })
            .await?
            .items;
        let mine = match api::get_my_carer_registration().await {
            Ok(r) => Some(r),
            Err(e) if e.status == 404 => None,
            Err(e) => return Err(e),
        };
        Ok(Offered {
            vocabulary,
            zones,
            tenants,
            spaces,
            mine,
        })
    });
    view! {
        <Transition fallback=|| view! { <Loading/> }>
            {move || data.get().map(|r| match r {
                Err(e) => view! { <ErrorBox error=e retry=move |_| data.refetch()/> }.into_any(),
                Ok(None) => view! { <Loading/> }.into_any(),
                Ok(Some(o)) => view! { <Application offered=o/> }.into_any(),
            })}
        </Transition>
    }
}

/// Where a registration stands: the status, what comes next and the steps so far.
#[component]
fn Application(offered: Offered) -> impl IntoView {
    let lang = use_lang();
    let mine = RwSignal::new(offered.mine.clone());
    let draft = Draft::new(offered.mine.as_ref());
    let errors = FormErrors::new("carer");
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.clear();
        saved.set(None);
        let l = lang.get_untracked();
        let body = match draft.body(l) {
            Ok(b) => b,
            Err(fields) => {
                for (id, m) in fields {
                    errors.set_field(id, m);
                }
                errors.focus();
                return;
            }
        };
        let first = mine.with_untracked(Option::is_none);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let r = api::save_my_carer_registration(&body).await;
            busy.set(false);
            match r {
                Ok(r) => {
                    mine.set(Some(r));
                    let key = if first {
                        "carer.applied"
                    } else {
                        "carer.saved"
                    };
                    saved.set(Some(t(lang.get_untracked(), key).to_owned()));
                }
                Err(e) => errors.show_api_error(lang.get_untracked(), &e, IDS),
            }
        });
    };
    let vocabulary = StoredValue::new(offered.vocabulary);
    let zones = StoredValue::new(offered.zones);
    let spaces = StoredValue::new(offered.spaces);
    let tenants = offered.tenants;
    view! {
        {move || mine.get().map(|r| view! { <Standing r=r/> })}
        {move || mine.with(|r| r.as_ref().is_some_and(|r| r.status == crate::api::RegistryStatus::Listed)).then(|| view! {
            <p class="actions">
                <a class="tap" href="/assistente/bisogni">{tr(lang, "match.needs_title")}</a>
                " " <a class="tap" href="/abbinamenti">{tr(lang, "match.list_title")}</a>
            </p>
        })}
        <Show when=move || mine.with(Option::is_some)>
            <super::photo::OwnPhoto mine=mine/>
            <super::documents::OwnCertificates mine=mine vocabulary=vocabulary/>
        </Show>
        <Show when=move || mine.with(Option::is_none)>
            <p>{tr(lang, "carer.intro")}</p>
        </Show>
        <form class="stack carer-form" on:submit=save novalidate>
            <h2>{move || if mine.with(Option::is_none) { t(lang.get(), "carer.apply_title") } else { t(lang.get(), "carer.profile_title") }}</h2>
            <ErrorSummary errors=errors labels=labels()/>
            <Field id="c-first_name" label="carer.first_name" hint="carer.first_name.hint" value=draft.first_name errors=errors autocomplete="given-name" required=true/>
            <Checks id="c-roles" legend="carer.roles" errors=errors chosen=draft.roles
                options=[CarerRole::Badante, CarerRole::Colf, CarerRole::BabySitter].into_iter().map(|r| (r, Choice::Key(role_key(r)))).collect()/>
            <Checks id="c-arrangements" legend="carer.arrangements" errors=errors chosen=draft.arrangements
                options=[Arrangement::Hourly, Arrangement::LiveOut, Arrangement::LiveIn].into_iter().map(|a| (a, Choice::Key(arrangement_key(a)))).collect()/>
            <Checks id="c-skills" legend="carer.skills" errors=errors chosen=draft.skills
                options=vocabulary.with_value(|v| v.skills.iter().map(|s| (s.code.clone(), Choice::Label(s.label.clone()))).collect())/>
            <Languages draft=draft errors=errors/>
            <div class="field">
                <label for="c-tenant">{tr(lang, "carer.tenant")}</label>
                <select id="c-tenant" on:change=move |ev| { draft.tenant.set(event_target_value(&ev)); draft.zones.set(Vec::new()); draft.space.set(String::new()); }>
                    {tenants.into_iter().map(|tn| {
                        let selected = draft.tenant.get_untracked() == tn.code;
                        view! { <option value=tn.code selected=selected>{tn.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            {move || {
                let tenant = draft.tenant.get();
                let options = zones.with_value(|z| z.iter()
                    .filter(|z| z.tenant == tenant && z.kind != ZoneKind::Nil)
                    .map(|z| (z.code.clone(), Choice::Text(z.name.clone())))
                    .collect::<Vec<_>>());
                view! { <Checks id="c-zones" legend="carer.zones" errors=errors chosen=draft.zones options=options/> }
            }}
            <WeekSpans week=draft.week errors=errors/>
            <Field id="c-hourly" label="carer.hourly" hint="carer.price.hint" value=draft.hourly errors=errors kind="text"/>
            <Field id="c-monthly" label="carer.monthly" hint="carer.price.hint" value=draft.monthly errors=errors kind="text"/>
            <Field id="c-experience" label="carer.experience" value=draft.experience errors=errors kind="number"/>
            <div class="field" class:has-error=move || errors.field("c-references").with(Option::is_some)>
                <label for="c-references">{tr(lang, "carer.references")}</label>
                <p class="hint" id="c-references-hint">{tr(lang, "carer.references.hint")}</p>
                <p class="field-error" id="c-references-error">{move || errors.field("c-references").get()}</p>
                <textarea id="c-references" rows="4" maxlength="2000" aria-describedby="c-references-hint c-references-error"
                    prop:value=move || draft.references.get()
                    on:input=move |ev| draft.references.set(event_target_value(&ev))></textarea>
            </div>
            <div class="field">
                <label for="c-space">{tr(lang, "carer.space")}</label>
                <select id="c-space" on:change=move |ev| draft.space.set(event_target_value(&ev))>
                    <option value="" selected=move || draft.space.get().is_empty()>{tr(lang, "carer.space.any")}</option>
                    {move || {
                        let tenant = draft.tenant.get();
                        spaces.with_value(|s| s.iter().filter(|s| s.tenant == tenant).map(|s| {
                            let id = s.id.clone();
                            let selected = draft.space.get_untracked() == id;
                            view! { <option value=id selected=selected>{format!("{} — {}", s.name, s.address)}</option> }
                        }).collect_view())
                    }}
                </select>
            </div>
            <StatusMessage message=saved.into()/>
            <Submit label="carer.save" busy=busy/>
        </form>
    }
}

/// An option's text: a key of the strings, a label of the API, or a name as it is.
#[derive(Clone)]
enum Choice {
    Key(&'static str),
    Label(api::Label),
    Text(String),
}

impl Choice {
    fn text(&self, lang: Lang) -> String {
        match self {
            Choice::Key(k) => t(lang, k).to_owned(),
            Choice::Label(l) => pick(lang, l),
            Choice::Text(s) => s.clone(),
        }
    }
}

/// A group of checkboxes choosing several values.
#[component]
fn Checks<T>(
    id: &'static str,
    legend: &'static str,
    errors: FormErrors,
    chosen: RwSignal<Vec<T>>,
    options: Vec<(T, Choice)>,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let lang = use_lang();
    let error = errors.field(id);
    let error_id = format!("{id}-error");
    view! {
        <fieldset id=id class="checks" class:has-error=move || error.with(Option::is_some) aria-describedby=error_id.clone()>
            <legend>{tr(lang, legend)}</legend>
            <p class="field-error" id=error_id.clone()>{move || error.get()}</p>
            {options.into_iter().enumerate().map(|(i, (value, text))| {
                let value = StoredValue::new(value);
                let input_id = format!("{id}-{i}");
                view! {
                    <label class="check" for=input_id.clone()>
                        <input type="checkbox" id=input_id.clone()
                            prop:checked=move || chosen.with(|c| value.with_value(|v| c.contains(v)))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                let v = value.get_value();
                                chosen.update(|c| {
                                    c.retain(|x| *x != v);
                                    if on { c.push(v); }
                                });
                            }/>
                        {move || text.text(lang.get())}
                    </label>
                }
            }).collect_view()}
        </fieldset>
    }
}

/// The languages spoken, each with its level; one can be added or removed.
#[component]
fn Languages(draft: Draft, errors: FormErrors) -> impl IntoView {
    let lang = use_lang();
    let error = errors.field("c-languages");
    view! {
        <fieldset id="c-languages" class="rows" class:has-error=move || error.with(Option::is_some) aria-describedby="c-languages-error">
            <legend>{tr(lang, "carer.languages")}</legend>
            <p class="field-error" id="c-languages-error">{move || error.get()}</p>
            {move || draft.languages.get().into_iter().enumerate().map(|(i, (code, level))| {
                let code_id = format!("c-lang-{i}");
                let level_id = format!("c-level-{i}");
                view! {
                    <div class="row">
                        <label for=code_id.clone()>{tr(lang, "carer.language")}</label>
                        <select id=code_id.clone() on:change=move |ev| code.set(event_target_value(&ev))>
                            {move || LANGUAGES.iter().map(|c| view! {
                                <option value=*c selected=code.get_untracked() == *c>{language_name(lang.get(), c)}</option>
                            }).collect_view()}
                        </select>
                        <label for=level_id.clone()>{tr(lang, "carer.level")}</label>
                        <select id=level_id.clone() on:change=move |ev| level.set(event_target_value(&ev))>
                            {move || LEVELS.iter().map(|(l, c)| view! {
                                <option value=*c selected=level.get_untracked() == *c>{level_text(lang.get(), *l)}</option>
                            }).collect_view()}
                        </select>
                        <button type="button" class="secondary" disabled=move || draft.languages.with(|l| l.len() <= 1)
                            on:click=move |_| draft.languages.update(|l| { if i < l.len() { l.remove(i); } })>
                            {tr(lang, "carer.remove")} <span class="visually-hidden">{move || format!(" {}", language_name(lang.get(), &code.get()))}</span>
                        </button>
                    </div>
                }
            }).collect_view()}
            <button type="button" class="secondary" disabled=move || draft.languages.with(|l| l.len() >= 10)
                on:click=move |_| draft.languages.update(|l| l.push((RwSignal::new("en".to_owned()), RwSignal::new("b1".to_owned()))))>
                {tr(lang, "carer.add_language")}
            </button>
        </fieldset>
    }
}

/// When the carer is free: lines of a day and its hours.
#[component]
pub fn WeekSpans(
    week: RwSignal<Vec<Span>>,
    errors: FormErrors,
    /// The key of the fieldset's legend.
    #[prop(default = "carer.week")]
    legend: &'static str,
) -> impl IntoView {
    let lang = use_lang();
    let error = errors.field("c-week");
    view! {
        <fieldset id="c-week" class="rows" class:has-error=move || error.with(Option::is_some) aria-describedby="c-week-hint c-week-error">
            <legend>{tr(lang, legend)}</legend>
            <p class="hint" id="c-week-hint">{tr(lang, "carer.week.hint")}</p>
            <p class="field-error" id="c-week-error">{move || error.get()}</p>
            {move || week.get().into_iter().enumerate().map(|(i, s)| {
                let day_id = format!("c-day-{i}");
                let from_id = format!("c-from-{i}");
                let to_id = format!("c-to-{i}");
                let number = |ev: &leptos::ev::Event| event_target_value(ev).parse::<i64>().unwrap_or(0);
                view! {
                    <div class="row">
                        <label for=day_id.clone()>{tr(lang, "carer.day")}</label>
                        <select id=day_id.clone() on:change=move |ev| s.day.set(number(&ev))>
                            {move || (1..=7).map(|d| view! {
                                <option value=d.to_string() selected=s.day.get_untracked() == d>{weekday(lang.get(), d)}</option>
                            }).collect_view()}
                        </select>
                        <label for=from_id.clone()>{tr(lang, "carer.from")}</label>
                        <select id=from_id.clone() on:change=move |ev| s.from.set(number(&ev))>
                            {(0..24).map(|h| view! { <option value=h.to_string() selected=s.from.get_untracked() == h>{format!("{h}:00")}</option> }).collect_view()}
                        </select>
                        <label for=to_id.clone()>{tr(lang, "carer.to")}</label>
                        <select id=to_id.clone() on:change=move |ev| s.to.set(number(&ev))>
                            {(1..=24).map(|h| view! { <option value=h.to_string() selected=s.to.get_untracked() == h>{format!("{h}:00")}</option> }).collect_view()}
                        </select>
                        <button type="button" class="secondary" on:click=move |_| week.update(|w| { if i < w.len() { w.remove(i); } })>
                            {tr(lang, "carer.remove")} <span class="visually-hidden">{move || format!(" {} {}–{}", weekday(lang.get(), s.day.get()), s.from.get(), s.to.get())}</span>
                        </button>
                    </div>
                }
            }).collect_view()}
            <button type="button" class="secondary" on:click=move |_| week.update(|w| w.push(Span::new(1, 9, 13)))>
                {tr(lang, "carer.add_hours")}
            </button>
        </fieldset>
    }
}
