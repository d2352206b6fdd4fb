//! Contact (issue 11): the family's request to several services (`/richiesta`), its
//! inbox with the quotes compared (`/richieste`), a thread for both sides
//! (`/conversazioni/{id}`: messages, quotes in versions, counter-proposals, the order) and
//! the provider's inbox (`/gestione/richieste`). The `contact` bundle (`bin/contact.rs`).
use crate::api::{self, ApiError, Side, ThreadStatus};
use crate::components::fetch::{ErrorBox, Loading};
use crate::components::form::{ErrorSummary, Field, FormErrors, StatusMessage, Submit};
use crate::components::pager::{Pager, pages_of};
use crate::i18n::{Lang, money, percent, t, tr, use_lang};
use crate::pages::PageTitle;
use crate::session::{use_session, when_signed_in};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

// ---------------------------------------------------------------------------------
// Shared helpers.

/// The few fields of the answers these pages read in part (see `api::get_part`).
#[derive(serde::Deserialize)]
struct Named {
    id: String,
    title: String,
    organisation: api::OrganisationRef,
}

#[derive(serde::Deserialize)]
struct Named2 {
    id: String,
    title: String,
}

#[derive(serde::Deserialize)]
struct Items<T> {
    items: Vec<T>,
}

#[derive(serde::Deserialize)]
struct Schemes {
    voucher_schemes: Vec<api::CodeLabel>,
}

/// The voucher schemes' names (the catalogue's vocabulary).
async fn voucher_schemes() -> Vec<api::CodeLabel> {
    api::get_part::<Schemes>("/api/v1/catalogue")
        .await
        .map(|c| c.voucher_schemes)
        .unwrap_or_default()
}

/// A new `Idempotency-Key`: random enough that two forms never share one.
fn new_key() -> String {
    let a = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
    let b = (js_sys::Math::random() * 9_007_199_254_740_991.0) as u64;
    format!("ui-{a:x}-{b:x}-{:x}", js_sys::Date::now() as u64)
}

/// The key for a body: the same body sends the same key again (a double click, a
/// retry), a changed body (corrected after an error) a new one, since the server
/// refuses one key with two bodies.
#[derive(Clone, Copy)]
pub(crate) struct Idempotent(StoredValue<(String, String)>);

impl Idempotent {
    pub(crate) fn new() -> Self {
        Self(StoredValue::new((String::new(), String::new())))
    }
    pub(crate) fn key_for<T: serde::Serialize>(&self, body: &T) -> String {
        let json = serde_json::to_string(body).unwrap_or_default();
        self.0.update_value(|(key, last)| {
            if key.is_empty() || *last != json {
                *key = new_key();
                *last = json;
            }
        });
        self.0.with_value(|(key, _)| key.clone())
    }
}

/// Sends the person to sign in, back here afterwards (with the address's query).
pub(crate) fn require_sign_in() {
    let session = use_session();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.ready.get() && session.me.with(Option::is_none) {
            let here = web_sys::window()
                .map(|w| {
                    let l = w.location();
                    format!(
                        "{}{}",
                        l.pathname().unwrap_or_default(),
                        l.search().unwrap_or_default()
                    )
                })
                .unwrap_or_else(|| "/richieste".into());
            navigate(
                &format!("/accedi?next={}", api::encode(&here)),
                Default::default(),
            );
        }
    });
}

/// "2026-12-01" → "01/12/2026" (Italian) or "1 Dec 2026"-like ISO in English.
fn date(lang: Lang, iso: &str) -> String {
    let d: String = iso.chars().take(10).collect();
    let parts: Vec<&str> = d.split('-').collect();
    match (lang, parts.as_slice()) {
        (Lang::It, [y, m, dd]) => format!("{dd}/{m}/{y}"),
        _ => d,
    }
}

/// A time the server gave in UTC, in the browser's time zone.
pub(crate) fn date_time(lang: Lang, iso: &str) -> String {
    let d = js_sys::Date::new(&iso.into());
    if d.get_time().is_nan() {
        return iso.to_owned();
    }
    let locale = if lang == Lang::It { "it-IT" } else { "en-GB" };
    d.to_locale_string(locale, &js_sys::Object::new())
        .as_string()
        .unwrap_or_else(|| iso.to_owned())
}

/// Euros as typed ("20", "20,50", "1.234,5", "20.50") → cents.
pub(crate) fn parse_cents(s: &str) -> Option<i64> {
    let s = s.trim().trim_end_matches('€').trim();
    if s.is_empty() {
        return None;
    }
    let (whole, frac) = if let Some((w, f)) = s.rsplit_once(',') {
        (w.replace('.', ""), f.to_owned())
    } else if let Some((w, f)) = s.rsplit_once('.').filter(|(_, f)| f.len() <= 2) {
        (w.to_owned(), f.to_owned())
    } else {
        (s.replace('.', ""), String::new())
    };
    if frac.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(frac)
}

/// A quantity as typed ("12", "1,5") → thousandths.
fn parse_milli(s: &str) -> Option<i64> {
    let s = s.trim().replace(',', ".");
    let (w, f) = s.split_once('.').unwrap_or((&s, ""));
    if f.len() > 3
        || w.is_empty()
        || !w.chars().all(|c| c.is_ascii_digit())
        || !f.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{f:0<3}").parse::<i64>().ok()?;
    w.parse::<i64>().ok()?.checked_mul(1000)?.checked_add(frac)
}

fn milli_text(lang: Lang, m: i64) -> String {
    let (w, f) = (m / 1000, m % 1000);
    if f == 0 {
        return w.to_string();
    }
    let sep = if lang == Lang::It { ',' } else { '.' };
    format!("{w}{sep}{}", format!("{f:03}").trim_end_matches('0'))
}

/// `num / den` rounded half away from zero (as the server does).
fn div_round(num: i128, den: i128) -> i128 {
    let (q, r) = (num / den, num % den);
    if 2 * r.abs() >= den {
        q + num.signum()
    } else {
        q
    }
}

const VAT_RATES: [i64; 5] = [0, 400, 500, 1000, 2200];

/// A quote's (gross, VAT) from its lines (quantity in thousandths, unit price in cents
/// VAT included, rate in basis points), computed as the server does: each line's gross
/// rounded once, the VAT once per rate on that rate's gross.
fn quote_totals(lines: &[(i64, i64, i64)]) -> (i64, i64) {
    let mut gross = 0i128;
    let mut by_rate = [0i128; VAT_RATES.len()];
    for (q, p, r) in lines {
        let g = div_round(i128::from(*q) * i128::from(*p), 1000);
        gross += g;
        if let Some(k) = VAT_RATES.iter().position(|x| x == r) {
            by_rate[k] += g;
        }
    }
    let mut vat = 0i128;
    for (rate, g) in VAT_RATES.iter().zip(by_rate) {
        if *rate > 0 {
            vat += div_round(g * i128::from(*rate), 10_000 + i128::from(*rate));
        }
    }
    (
        i64::try_from(gross).unwrap_or(0),
        i64::try_from(vat).unwrap_or(0),
    )
}

fn thread_status_key(s: ThreadStatus) -> &'static str {
    match s {
        ThreadStatus::AwaitingAnswer => "contact.ts.awaiting_answer",
        ThreadStatus::Open => "contact.ts.open",
        ThreadStatus::Accepted => "contact.ts.accepted",
        ThreadStatus::Declined => "contact.ts.declined",
        ThreadStatus::Expired => "contact.ts.expired",
        ThreadStatus::Closed => "contact.ts.closed",
    }
}

fn request_status_key(s: api::RequestStatus) -> &'static str {
    match s {
        api::RequestStatus::Open => "contact.rs.open",
        api::RequestStatus::Activated => "contact.rs.activated",
        api::RequestStatus::Withdrawn => "contact.rs.withdrawn",
        api::RequestStatus::Closed => "contact.rs.closed",
    }
}

fn quote_status_key(s: api::QuoteStatus) -> &'static str {
    match s {
        api::QuoteStatus::Proposed => "contact.qs.proposed",
        api::QuoteStatus::Superseded => "contact.qs.superseded",
        api::QuoteStatus::Accepted => "contact.qs.accepted",
        api::QuoteStatus::Withdrawn => "contact.qs.withdrawn",
    }
}

fn counter_status_key(s: api::CounterStatus) -> &'static str {
    match s {
        api::CounterStatus::Open => "contact.cs.open",
        api::CounterStatus::Accepted => "contact.cs.accepted",
        api::CounterStatus::Revised => "contact.cs.revised",
        api::CounterStatus::Declined => "contact.cs.declined",
        api::CounterStatus::Withdrawn => "contact.cs.withdrawn",
    }
}

fn order_status_key(s: api::OrderStatus) -> &'static str {
    match s {
        api::OrderStatus::AwaitingConfirmation => "contact.os.awaiting_confirmation",
        api::OrderStatus::Confirmed => "contact.os.confirmed",
        api::OrderStatus::Cancelled => "contact.os.cancelled",
    }
}

fn unit_key(u: api::QuoteUnit) -> &'static str {
    match u {
        api::QuoteUnit::Hour => "contact.u.hour",
        api::QuoteUnit::Visit => "contact.u.visit",
        api::QuoteUnit::Day => "contact.u.day",
        api::QuoteUnit::Week => "contact.u.week",
        api::QuoteUnit::Month => "contact.u.month",
        api::QuoteUnit::Service => "contact.u.service",
    }
}

const UNITS: [api::QuoteUnit; 6] = [
    api::QuoteUnit::Hour,
    api::QuoteUnit::Visit,
    api::QuoteUnit::Day,
    api::QuoteUnit::Week,
    api::QuoteUnit::Month,
    api::QuoteUnit::Service,
];

const DECLINE_REASONS: [(api::DeclineReason, &str); 5] = [
    (api::DeclineReason::NoCapacity, "contact.dr.no_capacity"),
    (api::DeclineReason::OutsideArea, "contact.dr.outside_area"),
    (
        api::DeclineReason::NotOurService,
        "contact.dr.not_our_service",
    ),
    (
        api::DeclineReason::FamilyUnreachable,
        "contact.dr.family_unreachable",
    ),
    (api::DeclineReason::Other, "contact.dr.other"),
];

const CANCEL_REASONS: [(api::CancelReason, &str); 7] = [
    (
        api::CancelReason::NoLongerNeeded,
        "contact.cr.no_longer_needed",
    ),
    (
        api::CancelReason::FoundAnotherSolution,
        "contact.cr.found_another_solution",
    ),
    (
        api::CancelReason::ScheduleChanged,
        "contact.cr.schedule_changed",
    ),
    (
        api::CancelReason::PriceDisagreement,
        "contact.cr.price_disagreement",
    ),
    (
        api::CancelReason::ProviderUnavailable,
        "contact.cr.provider_unavailable",
    ),
    (
        api::CancelReason::FamilyUnreachable,
        "contact.cr.family_unreachable",
    ),
    (api::CancelReason::Other, "contact.cr.other"),
];

const AGE_BANDS: [(api::AgeBand, &str); 6] = [
    (api::AgeBand::Infant, "contact.age.infant"),
    (api::AgeBand::Child, "contact.age.child"),
    (api::AgeBand::Teen, "contact.age.teen"),
    (api::AgeBand::Adult, "contact.age.adult"),
    (api::AgeBand::Senior, "contact.age.senior"),
    (api::AgeBand::Elderly, "contact.age.elderly"),
];

const FREQUENCIES: [(api::Frequency, &str); 6] = [
    (api::Frequency::OneOff, "contact.freq.one_off"),
    (api::Frequency::Occasional, "contact.freq.occasional"),
    (api::Frequency::Weekly, "contact.freq.weekly"),
    (
        api::Frequency::SeveralTimesAWeek,
        "contact.freq.several_times_a_week",
    ),
    (api::Frequency::Daily, "contact.freq.daily"),
    (api::Frequency::LiveIn, "contact.freq.live_in"),
];

const BUDGET_PER: [(api::BudgetPer, &str); 4] = [
    (api::BudgetPer::Hour, "contact.per.hour"),
    (api::BudgetPer::Week, "contact.per.week"),
    (api::BudgetPer::Month, "contact.per.month"),
    (api::BudgetPer::Total, "contact.per.total"),
];

/// The languages a family may prefer (their own names: not translated).
const LANGUAGES: [(&str, &str); 11] = [
    ("it", "Italiano"),
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("pt", "Português"),
    ("ro", "Română"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("ar", "العربية"),
    ("zh", "中文"),
    ("tl", "Tagalog"),
];

/// What a notice's code says, in the person's language.
fn notice_key(code: &str) -> Option<&'static str> {
    Some(match code {
        "thread_declined" => "contact.n.thread_declined",
        "thread_expired" => "contact.n.thread_expired",
        "thread_closed_by_family" => "contact.n.thread_closed_by_family",
        "thread_closed_request_withdrawn" => "contact.n.thread_closed_request_withdrawn",
        "thread_closed_other_accepted" => "contact.n.thread_closed_other_accepted",
        "quote_sent" => "contact.n.quote_sent",
        "quote_revised" => "contact.n.quote_revised",
        "counter_proposed" => "contact.n.counter_proposed",
        "counter_declined" => "contact.n.counter_declined",
        "quote_accepted" => "contact.n.quote_accepted",
        "order_confirmed" => "contact.n.order_confirmed",
        "order_cancelled_by_family" => "contact.n.order_cancelled_by_family",
        "order_cancelled_by_provider" => "contact.n.order_cancelled_by_provider",
        _ => return None,
    })
}

/// A message's text: a notice translated, anything else as written.
fn message_text(lang: Lang, kind: api::MessageKind, body: &str) -> String {
    if kind == api::MessageKind::Notice {
        notice_key(body)
            .map(|k| t(lang, k).to_owned())
            .unwrap_or_else(|| body.to_owned())
    } else {
        body.to_owned()
    }
}

fn side_key(s: Side) -> &'static str {
    match s {
        Side::Family => "contact.side.family",
        Side::Provider => "contact.side.provider",
        Side::Platform => "contact.side.platform",
    }
}

/// A voucher scheme's name (the catalogue's vocabulary), or its code.
fn voucher_name(lang: Lang, schemes: &[api::CodeLabel], code: &str) -> String {
    schemes
        .iter()
        .find(|s| s.code == code)
        .map(|s| crate::i18n::pick(lang, &s.label))
        .unwrap_or_else(|| code.to_owned())
}

fn vouchers_text(lang: Lang, schemes: &[api::CodeLabel], codes: &[String]) -> String {
    if codes.is_empty() {
        return t(lang, "contact.none").to_owned();
    }
    codes
        .iter()
        .map(|c| voucher_name(lang, schemes, c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The whole-form message of a refusal: a conflict (409) says the state changed.
fn show_error(errors: FormErrors, lang: Lang, e: &ApiError, ids: &[(&str, &'static str)]) {
    if e.status == 409 {
        errors.fail(t(lang, "contact.conflict").to_owned());
        return;
    }
    // `cards[1]`, `lines[0].unit_price_cents`: the field's list as a whole, or the line's
    // column.
    let mut e = e.clone();
    for fe in &mut e.errors {
        if let Some((head, tail)) = fe.field.split_once('[') {
            let rest = tail.split_once(']').map(|(_, r)| r).unwrap_or("");
            fe.field = format!("{head}{rest}");
        }
        // `need.zone` → `need/zone` (the maps below name nested fields so).
        fe.field = fe.field.replace('.', "/");
    }
    errors.show_api_error(lang, &e, ids);
}

/// The coarse need in one line.
fn need_text(lang: Lang, n: &api::Need) -> String {
    let mut parts = Vec::new();
    if let Some((_, k)) = AGE_BANDS.iter().find(|(a, _)| *a == n.age_band) {
        parts.push(t(lang, k).to_owned());
    }
    if let Some(z) = &n.zone {
        parts.push(z.name.clone());
    }
    if let Some((_, k)) = FREQUENCIES.iter().find(|(f, _)| *f == n.frequency) {
        parts.push(t(lang, k).to_owned());
    }
    if let Some(h) = n.hours_per_week {
        parts.push(format!("{h} {}", t(lang, "contact.hours_week")));
    }
    parts.push(match &n.start_on {
        Some(d) => format!("{} {}", t(lang, "contact.from"), date(lang, d)),
        None => t(lang, "contact.asap").to_owned(),
    });
    if let (Some(b), Some(per)) = (n.budget_cents, n.budget_per) {
        let per = BUDGET_PER
            .iter()
            .find(|(p, _)| *p == per)
            .map(|(_, k)| t(lang, k))
            .unwrap_or("");
        parts.push(format!(
            "{} {} {per}",
            t(lang, "contact.budget"),
            money(lang, b)
        ));
    }
    if let Some(l) = &n.language {
        parts.push(format!(
            "{} {}",
            t(lang, "contact.language"),
            l.to_ascii_uppercase()
        ));
    }
    parts.join(" · ")
}

/// A labelled select with its error; `options`: (value, i18n key of its text).
#[component]
fn Choice(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    options: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    let lang = use_lang();
    let error = errors.field(id);
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>{tr(lang, label)}</label>
            <p class="field-error" id=format!("{id}-error")>{move || error.get()}</p>
            <select id=id aria-describedby=format!("{id}-error") aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || value.get() on:change=move |ev| value.set(event_target_value(&ev))>
                {options.into_iter().map(|(v, k)| view! { <option value=v>{tr(lang, k)}</option> }).collect_view()}
            </select>
        </div>
    }
}

/// A labelled text area with its error and hint.
#[component]
fn TextArea(
    id: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    errors: FormErrors,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = 3)] rows: u32,
) -> impl IntoView {
    let lang = use_lang();
    let error = errors.field(id);
    let described = if hint.is_some() {
        format!("{id}-hint {id}-error")
    } else {
        format!("{id}-error")
    };
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>{tr(lang, label)}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{tr(lang, h)}</p> })}
            <p class="field-error" id=format!("{id}-error")>{move || error.get()}</p>
            <textarea id=id rows=rows maxlength="4000" aria-describedby=described
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
        </div>
    }
}

/// The error line under a field, and its id for `aria-describedby`.
fn field_error(errors: FormErrors, id: &'static str) -> impl IntoView {
    let error = errors.field(id);
    view! { <p class="field-error" id=format!("{id}-error")>{move || error.get()}</p> }
}

// ---------------------------------------------------------------------------------
// The request form.

#[component]
pub fn RequestPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in();
    let query = use_query_map();
    let session = use_session();
    let navigate = use_navigate();
    // The services chosen: the address's, else the comparison list kept in the browser.
    let from_url: Vec<String> = query
        .with_untracked(|q| q.get("servizi"))
        .unwrap_or_default()
        .split(',')
        .filter(|s| !s.is_empty())
        .take(10)
        .map(str::to_owned)
        .collect();
    let ids = RwSignal::new(if from_url.is_empty() {
        crate::components::compare::stored()
    } else {
        from_url
    });
    let cards = LocalResource::new(move || {
        let ids = ids.get_untracked();
        async move {
            let mut out = Vec::new();
            for id in ids {
                // A card no longer public is left out (the server would refuse it).
                let url = format!("/api/v1/services/{}", api::encode(&id));
                if let Ok(c) = api::get_part::<Named>(&url).await {
                    out.push((c.id, c.title, c.organisation.legal_name));
                }
            }
            Ok::<_, ApiError>(out)
        }
    });
    let zones = LocalResource::new(api::list_zones);
    let message = RwSignal::new(String::new());
    let age = RwSignal::new("elderly".to_owned());
    let zone = RwSignal::new(String::new());
    let asap = RwSignal::new(true);
    let start = RwSignal::new(String::new());
    let frequency = RwSignal::new("weekly".to_owned());
    let hours = RwSignal::new(String::new());
    let budget = RwSignal::new(String::new());
    let per = RwSignal::new("hour".to_owned());
    let language = RwSignal::new(lang.get_untracked().code().to_owned());
    let consent = RwSignal::new(false);
    let errors = FormErrors::new("req");
    let busy = RwSignal::new(false);
    let key = Idempotent::new();
    let ids_map: [(&str, &'static str); 11] = [
        ("cards", "req-cards"),
        ("message", "req-message"),
        ("consent", "req-consent"),
        ("need", "req-age"),
        ("need/age_band", "req-age"),
        ("need/zone", "req-zone"),
        ("need/start_on", "req-start"),
        ("need/frequency", "req-frequency"),
        ("need/hours_per_week", "req-hours"),
        ("need/budget_cents", "req-budget"),
        ("need/budget_per", "req-budget-per"),
    ];
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        errors.clear();
        let chosen: Vec<String> = cards
            .get_untracked()
            .and_then(Result::ok)
            .map(|c| c.into_iter().map(|(id, _, _)| id).collect())
            .unwrap_or_default();
        if chosen.is_empty() {
            errors.set_field("req-cards", t(l, "contact.no_cards").to_owned());
        }
        if message.get_untracked().trim().is_empty() {
            errors.set_field("req-message", t(l, "err.required").to_owned());
        }
        if !consent.get_untracked() {
            errors.set_field("req-consent", t(l, "contact.consent_needed").to_owned());
        }
        if !asap.get_untracked() && start.get_untracked().is_empty() {
            errors.set_field("req-start", t(l, "err.required").to_owned());
        }
        let budget_cents = parse_cents(&budget.get_untracked());
        if !budget.get_untracked().trim().is_empty() && budget_cents.is_none() {
            errors.set_field("req-budget", t(l, "contact.bad_amount").to_owned());
        }
        let hours_n = hours.get_untracked().trim().parse::<i64>().ok();
        if !hours.get_untracked().trim().is_empty() && hours_n.is_none() {
            errors.set_field("req-hours", t(l, "err.invalid_format").to_owned());
        }
        if !errors.is_empty() {
            errors.focus();
            return;
        }
        let body = api::NewRequest {
            cards: chosen,
            consent: true,
            group: None,
            message: message.get_untracked(),
            need: api::NewNeed {
                age_band: AGE_BANDS
                    .iter()
                    .map(|(a, _)| *a)
                    .find(|a| a.as_str() == age.get_untracked())
                    .unwrap_or(api::AgeBand::Adult),
                budget_cents,
                budget_per: budget_cents.and_then(|_| {
                    BUDGET_PER
                        .iter()
                        .map(|(p, _)| *p)
                        .find(|p| p.as_str() == per.get_untracked())
                }),
                frequency: FREQUENCIES
                    .iter()
                    .map(|(f, _)| *f)
                    .find(|f| f.as_str() == frequency.get_untracked())
                    .unwrap_or(api::Frequency::Weekly),
                hours_per_week: hours_n,
                language: Some(language.get_untracked()).filter(|s| !s.is_empty()),
                start_on: (!asap.get_untracked()).then(|| start.get_untracked()),
                zone: Some(zone.get_untracked()).filter(|s| !s.is_empty()),
            },
        };
        let k = key.key_for(&body);
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::create_request(&k, &body).await {
                Ok(r) => {
                    session.go_with(navigate, &format!("/richieste#r-{}", r.id), "contact.sent");
                }
                Err(e) => {
                    busy.set(false);
                    show_error(errors, lang.get_untracked(), &e, &ids_map);
                }
            }
        });
    };
    let labels = vec![
        ("req-cards", "contact.services"),
        ("req-message", "contact.message"),
        ("req-age", "contact.age"),
        ("req-zone", "contact.zone"),
        ("req-start", "contact.start"),
        ("req-frequency", "contact.frequency"),
        ("req-hours", "contact.hours"),
        ("req-budget", "contact.budget_amount"),
        ("req-budget-per", "contact.budget_per"),
        ("req-consent", "contact.consent"),
    ];
    view! {
        <div class="container narrow">
            <PageTitle text=Signal::derive(move || t(lang.get(), "contact.request_title").to_owned())/>
            <p class="lead">{tr(lang, "contact.request_intro")}</p>
            <form class="contact-form" on:submit=submit novalidate>
                <ErrorSummary errors=errors labels=labels/>
                <fieldset id="req-cards" tabindex="-1" aria-describedby="req-cards-error">
                    <legend>{tr(lang, "contact.services")}</legend>
                    {field_error(errors, "req-cards")}
                    <Transition fallback=|| view! { <Loading/> }>
                        {move || cards.get().map(|r| match r {
                            Err(e) => view! { <ErrorBox error=e retry=move |_| cards.refetch()/> }.into_any(),
                            Ok(list) if list.is_empty() => view! {
                                <p>{tr(lang, "contact.no_cards")} " " <a href="/cerca">{tr(lang, "nav.search")}</a></p>
                            }.into_any(),
                            Ok(list) => view! {
                                <ul class="chosen">
                                    {list.into_iter().map(|(id, title, org)| {
                                        let remove_label = format!("{} {title}", t(lang.get_untracked(), "contact.remove"));
                                        let href = format!("/servizi/{id}");
                                        view! {
                                            <li>
                                                <span><a href=href lang="it">{title}</a> " — " <span lang="it">{org}</span></span>
                                                <button type="button" class="secondary" aria-label=remove_label
                                                    on:click=move |_| {
                                                        ids.update(|v| v.retain(|x| *x != id));
                                                        cards.refetch();
                                                    }>{tr(lang, "contact.remove")}</button>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        })}
                    </Transition>
                </fieldset>
                <TextArea id="req-message" label="contact.message" value=message errors=errors hint="contact.message_hint" rows=6/>
                <fieldset>
                    <legend>{tr(lang, "contact.need")}</legend>
                    <p class="hint">{tr(lang, "contact.need_hint")}</p>
                    <Choice id="req-age" label="contact.age" value=age errors=errors options=AGE_BANDS.iter().map(|(a, k)| (a.as_str(), *k)).collect()/>
                    <div class="field">
                        <label for="req-zone">{tr(lang, "contact.zone")}</label>
                        {field_error(errors, "req-zone")}
                        <select id="req-zone" aria-describedby="req-zone-error" prop:value=move || zone.get() on:change=move |ev| zone.set(event_target_value(&ev))>
                            <option value="">{tr(lang, "contact.zone_any")}</option>
                            {move || zones.get().and_then(Result::ok).map(|z| {
                                let group = |kind: api::ZoneKind, key: &'static str| {
                                    let items: Vec<_> = z.items.iter().filter(|i| i.kind == kind).map(|i| view! { <option value=i.code.clone()>{i.name.clone()}</option> }).collect();
                                    view! { <optgroup label=t(lang.get_untracked(), key)>{items}</optgroup> }
                                };
                                view! {
                                    {group(api::ZoneKind::Municipio, "contact.z.municipio")}
                                    {group(api::ZoneKind::Nil, "contact.z.nil")}
                                    {group(api::ZoneKind::Comune, "contact.z.comune")}
                                }
                            })}
                        </select>
                    </div>
                    <div class="field checkbox">
                        <input type="checkbox" id="req-asap" prop:checked=move || asap.get() on:change=move |ev| asap.set(event_target_checked(&ev))/>
                        <label for="req-asap">{tr(lang, "contact.asap")}</label>
                    </div>
                    <Show when=move || !asap.get()>
                        <Field id="req-start" label="contact.start" value=start errors=errors kind="date"/>
                    </Show>
                    <Choice id="req-frequency" label="contact.frequency" value=frequency errors=errors options=FREQUENCIES.iter().map(|(f, k)| (f.as_str(), *k)).collect()/>
                    <Field id="req-hours" label="contact.hours" value=hours errors=errors/>
                    <div class="filter-row">
                        <Field id="req-budget" label="contact.budget_amount" value=budget errors=errors/>
                        <Choice id="req-budget-per" label="contact.budget_per" value=per errors=errors options=BUDGET_PER.iter().map(|(b, k)| (b.as_str(), *k)).collect()/>
                    </div>
                    <div class="field">
                        <label for="req-language">{tr(lang, "contact.language_pref")}</label>
                        <select id="req-language" prop:value=move || language.get() on:change=move |ev| language.set(event_target_value(&ev))>
                            <option value="">{tr(lang, "contact.any")}</option>
                            {LANGUAGES.iter().map(|(c, n)| view! { <option value=*c lang=*c>{*n}</option> }).collect_view()}
                        </select>
                    </div>
                </fieldset>
                <div class="field checkbox" class:has-error=move || errors.field("req-consent").with(Option::is_some)>
                    <input type="checkbox" id="req-consent" aria-describedby="req-consent-error"
                        aria-invalid=move || errors.field("req-consent").with(Option::is_some).to_string()
                        prop:checked=move || consent.get() on:change=move |ev| consent.set(event_target_checked(&ev))/>
                    <label for="req-consent">{tr(lang, "contact.consent")}</label>
                </div>
                {field_error(errors, "req-consent")}
                <Submit label="contact.send" busy=busy/>
            </form>
        </div>
    }
}

// ---------------------------------------------------------------------------------
// The family's inbox.

/// Requests a page of the family's inbox shows (the API's default): each comes with its
/// threads, up to ten.
const REQUESTS_PER_PAGE: i64 = 20;

#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in();
    let page = RwSignal::new(1i64);
    let list = when_signed_in(move || {
        let q = api::ListRequestsQuery {
            page: Some(page.get()),
            per_page: Some(REQUESTS_PER_PAGE),
        };
        async move {
            let l = api::list_requests(&q).await?;
            // Its last request went elsewhere (withdrawn in another tab): show the page before.
            if l.items.is_empty() && l.page > 1 {
                page.set(pages_of(l.total, REQUESTS_PER_PAGE));
            }
            let schemes = voucher_schemes().await;
            Ok::<_, ApiError>((l, schemes))
        }
    });
    let status = RwSignal::new(None::<String>);
    let reload = Callback::new(move |_| list.refetch());
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "contact.my_requests").to_owned())/>
            <StatusMessage message=status.into()/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some((l, _))) if l.items.is_empty() => view! {
                        <p>{tr(lang, "contact.no_requests")} " " <a href="/cerca">{tr(lang, "nav.search")}</a></p>
                    }.into_any(),
                    Ok(Some((l, schemes))) => {
                        let schemes = StoredValue::new(schemes);
                        let pages = pages_of(l.total, REQUESTS_PER_PAGE);
                        view! {
                            {l.items.into_iter().map(|r| view! { <RequestBlock request=r schemes=schemes reload=reload status=status/> }).collect_view()}
                            {(pages > 1).then(|| view! { <Pager page=page pages=pages/> })}
                        }.into_any()
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn RequestBlock(
    request: api::Request,
    schemes: StoredValue<Vec<api::CodeLabel>>,
    reload: Callback<()>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let title_id = format!("r-{}-title", request.id);
    let anchor = format!("r-{}", request.id);
    let open = request.status == api::RequestStatus::Open;
    let rid = StoredValue::new(request.id.clone());
    let confirm = RwSignal::new(false);
    let errors = FormErrors::new("withdraw");
    let withdraw = move |_| {
        let id = rid.get_value();
        leptos::task::spawn_local(async move {
            match api::withdraw_request(&id).await {
                Ok(_) => {
                    status.set(Some(
                        t(lang.get_untracked(), "contact.withdrawn").to_owned(),
                    ));
                    reload.run(());
                }
                Err(e) => show_error(errors, lang.get_untracked(), &e, &[]),
            }
        });
    };
    let quoted: Vec<api::ThreadSummary> = request
        .threads
        .iter()
        .filter(|t| t.quote.is_some())
        .cloned()
        .collect();
    let threads = request.threads.clone();
    view! {
        <section class="request" id=anchor aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{format!("{} {}", t(l, "contact.request_of"), date(l, &request.created_at))}</h2>
            <p><span class="badge">{t(l, request_status_key(request.status))}</span> " " {need_text(l, &request.need)}</p>
            <details>
                <summary>{t(l, "contact.your_message")}</summary>
                <p class="message-body">{request.message.clone()}</p>
            </details>
            <div class="table-scroll" tabindex="0" role="region" aria-label=format!("{}: {}", t(l, "contact.threads"), date(l, &request.created_at))>
                <table class="data threads">
                    <caption>{t(l, "contact.threads")}</caption>
                    <thead><tr>
                        <th scope="col">{t(l, "contact.provider")}</th>
                        <th scope="col">{t(l, "contact.status")}</th>
                        <th scope="col">{t(l, "contact.last_message")}</th>
                        <th scope="col">{t(l, "contact.quote")}</th>
                        <th scope="col">{t(l, "contact.deadline")}</th>
                    </tr></thead>
                    <tbody>
                        {threads.into_iter().map(|th| view! { <ThreadRow thread=th provider=false/> }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(!quoted.is_empty()).then(|| view! { <QuoteComparison threads=quoted request_open=open schemes=schemes/> })}
            {open.then(|| view! {
                <ErrorSummary errors=errors labels=vec![]/>
                <Show when=move || confirm.get() fallback=move || view! {
                    <button type="button" class="secondary" on:click=move |_| confirm.set(true)>{tr(lang, "contact.withdraw")}</button>
                }>
                    <p role="alert">{tr(lang, "contact.withdraw_confirm")}</p>
                    <button type="button" class="secondary" on:click=withdraw>{tr(lang, "contact.withdraw_yes")}</button>
                    " "
                    <button type="button" class="secondary" on:click=move |_| confirm.set(false)>{tr(lang, "contact.keep")}</button>
                </Show>
            })}
        </section>
    }
}

/// One thread in a list (the family's request, the provider's inbox).
#[component]
fn ThreadRow(thread: api::ThreadSummary, provider: bool) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let href = format!("/conversazioni/{}", thread.id);
    let who = if provider {
        thread
            .cards
            .iter()
            .map(|c| c.title.clone())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        thread.organisation.legal_name.clone()
    };
    let overdue = thread.status == ThreadStatus::AwaitingAnswer
        && js_sys::Date::new(&thread.deadline_at.as_str().into()).get_time() < js_sys::Date::now();
    let last = thread.last_message.as_ref().map(|m| {
        let text = message_text(l, m.kind, &m.excerpt);
        format!("{}: {text}", t(l, side_key(m.side)),)
    });
    let quote = thread.quote.as_ref().map(|q| {
        format!(
            "{} (v{}){}",
            money(l, q.gross_cents),
            q.version,
            if q.expired {
                format!(" — {}", t(l, "contact.expired"))
            } else {
                String::new()
            }
        )
    });
    let deadline =
        (thread.status == ThreadStatus::AwaitingAnswer).then(|| date_time(l, &thread.deadline_at));
    view! {
        <tr class:unread=thread.unread class:overdue=overdue>
            <td>
                <a href=href lang="it">{who}</a>
                {thread.unread.then(|| view! { " " <span class="badge">{t(l, "contact.unread")}</span> })}
            </td>
            <td>{t(l, thread_status_key(thread.status))}</td>
            <td>{last.unwrap_or_else(|| "—".into())}</td>
            <td>{quote.unwrap_or_else(|| "—".into())}</td>
            <td>
                {deadline.unwrap_or_else(|| "—".into())}
                {overdue.then(|| view! { " " <span class="badge warn">{t(l, "contact.overdue")}</span> })}
                {(thread.due_soon && !overdue).then(|| view! { " " <span class="badge warn">{t(l, "contact.due_soon")}</span> })}
            </td>
        </tr>
    }
}

/// The request's quotes side by side, and the acceptance of one.
#[component]
fn QuoteComparison(
    threads: Vec<api::ThreadSummary>,
    request_open: bool,
    schemes: StoredValue<Vec<api::CodeLabel>>,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let chosen = RwSignal::new(None::<api::QuoteSummary>);
    let rows = threads
        .into_iter()
        .filter_map(|th| {
            let q = th.quote.clone()?;
            let acceptable = request_open && q.status == api::QuoteStatus::Proposed && !q.expired;
            let qv = StoredValue::new(q.clone());
            let label = format!("{} {}", t(l, "contact.accept"), th.organisation.legal_name);
            Some(view! {
                <tr>
                    <th scope="row" lang="it">{th.organisation.legal_name.clone()}</th>
                    <td>{money(l, q.gross_cents)}</td>
                    <td>{q.hourly_cents.map(|h| money(l, h)).unwrap_or_else(|| "—".into())}</td>
                    <td>{money(l, q.vat_cents)}</td>
                    <td>{q.start_on.as_deref().map(|d| date(l, d)).unwrap_or_else(|| "—".into())}</td>
                    <td>{date(l, &q.valid_until)}{q.expired.then(|| format!(" ({})", t(l, "contact.expired")))}</td>
                    <td>{schemes.with_value(|s| vouchers_text(l, s, &q.vouchers))}</td>
                    <td>{t(l, quote_status_key(q.status))}</td>
                    <td>{acceptable.then(|| view! {
                        <button type="button" class="secondary" aria-label=label on:click=move |_| chosen.set(Some(qv.get_value()))>{tr(lang, "contact.accept")}</button>
                    })}</td>
                </tr>
            })
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=t(l, "contact.compare_quotes")>
            <table class="data quotes-compared">
                <caption>{t(l, "contact.compare_quotes")}</caption>
                <thead><tr>
                    <th scope="col">{t(l, "contact.provider")}</th>
                    <th scope="col">{t(l, "contact.total")}</th>
                    <th scope="col">{t(l, "contact.hourly")}</th>
                    <th scope="col">{t(l, "contact.vat")}</th>
                    <th scope="col">{t(l, "contact.start")}</th>
                    <th scope="col">{t(l, "contact.valid_until")}</th>
                    <th scope="col">{t(l, "contact.vouchers")}</th>
                    <th scope="col">{t(l, "contact.status")}</th>
                    <th scope="col"><span class="visually-hidden">{t(l, "contact.actions")}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {move || chosen.get().map(|q| view! { <AcceptForm quote_id=q.id.clone() gross=q.gross_cents vouchers=q.vouchers.clone() schemes=schemes/> })}
    }
}

/// Accept a quote, with a voucher if the family has one.
#[component]
fn AcceptForm(
    quote_id: String,
    gross: i64,
    vouchers: Vec<String>,
    schemes: StoredValue<Vec<api::CodeLabel>>,
) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let scheme = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let errors = FormErrors::new("accept");
    let busy = RwSignal::new(false);
    let key = Idempotent::new();
    let qid = StoredValue::new(quote_id);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        errors.clear();
        let voucher = if scheme.get_untracked().is_empty() {
            None
        } else {
            match parse_cents(&amount.get_untracked()) {
                Some(c) => Some(api::VoucherUse {
                    scheme: scheme.get_untracked(),
                    amount_cents: c,
                }),
                None => {
                    errors.set_field("acc-amount", t(l, "contact.bad_amount").to_owned());
                    errors.focus();
                    return;
                }
            }
        };
        let body = api::AcceptQuote { voucher };
        let k = key.key_for(&body);
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::accept_quote(&qid.get_value(), &k, &body).await {
                Ok(order) => navigate(
                    &format!("/conversazioni/{}#order-title", order.thread),
                    Default::default(),
                ),
                Err(e) => {
                    busy.set(false);
                    show_error(
                        errors,
                        lang.get_untracked(),
                        &e,
                        &[
                            ("voucher/scheme", "acc-scheme"),
                            ("voucher/amount_cents", "acc-amount"),
                            ("voucher", "acc-scheme"),
                        ],
                    );
                }
            }
        });
    };
    let l = lang.get_untracked();
    let has_vouchers = !vouchers.is_empty();
    view! {
        <form class="accept-form" on:submit=submit novalidate aria-labelledby="accept-title">
            <h3 id="accept-title" tabindex="-1">{format!("{} — {}", t(l, "contact.accept_title"), money(l, gross))}</h3>
            <ErrorSummary errors=errors labels=vec![("acc-scheme", "contact.voucher"), ("acc-amount", "contact.voucher_amount")]/>
            <p>{tr(lang, "contact.accept_note")}</p>
            {has_vouchers.then(|| view! {
                <div class="field">
                    <label for="acc-scheme">{tr(lang, "contact.voucher")}</label>
                    {field_error(errors, "acc-scheme")}
                    <select id="acc-scheme" aria-describedby="acc-scheme-error" prop:value=move || scheme.get() on:change=move |ev| scheme.set(event_target_value(&ev))>
                        <option value="">{tr(lang, "contact.no_voucher")}</option>
                        {vouchers.iter().map(|v| { let name = schemes.with_value(|s| voucher_name(l, s, v)); view! { <option value=v.clone()>{name}</option> } }).collect_view()}
                    </select>
                </div>
                <Show when=move || !scheme.get().is_empty()>
                    <Field id="acc-amount" label="contact.voucher_amount" value=amount errors=errors/>
                </Show>
            })}
            <Submit label="contact.accept_confirm" busy=busy/>
        </form>
    }
}

// ---------------------------------------------------------------------------------
// The provider's inbox.

/// Threads a page of the provider's inbox shows.
const THREADS_PER_PAGE: i64 = 50;

#[component]
pub fn ProviderInboxPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in();
    let session = use_session();
    let status = RwSignal::new(String::new());
    let card = RwSignal::new(String::new());
    let due = RwSignal::new(false);
    let cards = LocalResource::new(move || {
        session.me.track();
        async move {
            if session.me.with_untracked(Option::is_none) {
                return Vec::new();
            }
            api::get_part::<Items<Named2>>("/api/v1/cards")
                .await
                .map(|l| l.items.into_iter().map(|c| (c.id, c.title)).collect())
                .unwrap_or_default()
        }
    });
    let page = RwSignal::new(1i64);
    let list = when_signed_in(move || {
        let q = api::ListThreadsQuery {
            organisation: None,
            status: Some(status.get()).filter(|s| !s.is_empty()),
            card: Some(card.get()).filter(|s| !s.is_empty()),
            due_soon: due.get().then_some(true),
            page: Some(page.get()),
            per_page: Some(THREADS_PER_PAGE),
        };
        async move {
            let l = api::list_threads(&q).await?;
            if l.items.is_empty() && l.page > 1 {
                page.set(pages_of(l.total, THREADS_PER_PAGE));
            }
            Ok(l)
        }
    });
    let statuses: [(ThreadStatus, &'static str); 6] = [
        (ThreadStatus::AwaitingAnswer, "contact.ts.awaiting_answer"),
        (ThreadStatus::Open, "contact.ts.open"),
        (ThreadStatus::Accepted, "contact.ts.accepted"),
        (ThreadStatus::Declined, "contact.ts.declined"),
        (ThreadStatus::Expired, "contact.ts.expired"),
        (ThreadStatus::Closed, "contact.ts.closed"),
    ];
    // Its administrators export the organisation's threads (each export is audited).
    let admin_of = move || {
        session
            .active()
            .filter(|m| m.role == api::Role::ProviderAdmin)
            .and_then(|m| m.organisation)
            .map(|o| o.id)
    };
    let exported = RwSignal::new(None::<String>);
    let exporting = RwSignal::new(false);
    let export = move |_| {
        let Some(org) = admin_of() else { return };
        exporting.set(true);
        leptos::task::spawn_local(async move {
            let l = lang.get_untracked();
            let url = format!("/api/v1/organisations/{}/threads/export", api::encode(&org));
            let day: String = String::from(js_sys::Date::new_0().to_iso_string())
                .chars()
                .take(10)
                .collect();
            let outcome = match api::save_export(&url, &format!("conversazioni-{day}.json")).await {
                Ok(()) => t(l, "contact.exported").to_owned(),
                Err(e) => crate::components::form::problem_message(l, &e),
            };
            exported.set(Some(outcome));
            exporting.set(false);
        });
    };
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "contact.inbox").to_owned())/>
            {move || admin_of().map(|_| view! {
                <p class="export-row">
                    <button type="button" class="secondary" on:click=export disabled=move || exporting.get()>
                        {tr(lang, "contact.export")}
                    </button>
                    " " <small>{tr(lang, "contact.export_hint")}</small>
                </p>
            })}
            <StatusMessage message=exported.into()/>
            <form class="filter-row inbox-filters" on:submit=|ev| ev.prevent_default() aria-label=tr(lang, "contact.filters")>
                <div class="field">
                    <label for="in-status">{tr(lang, "contact.status")}</label>
                    <select id="in-status" prop:value=move || status.get() on:change=move |ev| { status.set(event_target_value(&ev)); page.set(1); }>
                        <option value="">{tr(lang, "contact.all")}</option>
                        {statuses.iter().map(|(s, k)| view! { <option value=s.as_str()>{tr(lang, k)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="in-card">{tr(lang, "contact.card")}</label>
                    <select id="in-card" prop:value=move || card.get() on:change=move |ev| { card.set(event_target_value(&ev)); page.set(1); }>
                        <option value="">{tr(lang, "contact.all")}</option>
                        {move || cards.get().unwrap_or_default().into_iter().map(|(id, title)| view! { <option value=id lang="it">{title}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field checkbox">
                    <input type="checkbox" id="in-due" prop:checked=move || due.get() on:change=move |ev| { due.set(event_target_checked(&ev)); page.set(1); }/>
                    <label for="in-due">{tr(lang, "contact.due_soon")}</label>
                </div>
            </form>
            <Transition fallback=|| view! { <Loading/> }>
                {move || list.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| list.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some(l)) if l.items.is_empty() => view! { <p class="inbox-count">{tr(lang, "contact.no_threads")}</p> }.into_any(),
                    Ok(Some(l)) => view! {
                        <p class="inbox-count" role="status">{format!("{} {}", l.total, t(lang.get_untracked(), "contact.threads_count"))}</p>
                        <div class="table-scroll" tabindex="0" role="region" aria-label=tr(lang, "contact.inbox")>
                            <table class="data threads">
                                <caption class="visually-hidden">{tr(lang, "contact.inbox")}</caption>
                                <thead><tr>
                                    <th scope="col">{tr(lang, "contact.card")}</th>
                                    <th scope="col">{tr(lang, "contact.status")}</th>
                                    <th scope="col">{tr(lang, "contact.last_message")}</th>
                                    <th scope="col">{tr(lang, "contact.quote")}</th>
                                    <th scope="col">{tr(lang, "contact.deadline")}</th>
                                </tr></thead>
                                <tbody>{l.items.into_iter().map(|th| view! { <ThreadRow thread=th provider=true/> }).collect_view()}</tbody>
                            </table>
                        </div>
                        {(l.total > THREADS_PER_PAGE).then(|| view! { <Pager page=page pages=pages_of(l.total, THREADS_PER_PAGE)/> })}
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}

// ---------------------------------------------------------------------------------
// A thread.

#[component]
pub fn ThreadPage() -> impl IntoView {
    let lang = use_lang();
    require_sign_in();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let data = when_signed_in(move || {
        let id = id.get();
        async move {
            let th = api::get_thread(&id).await?;
            let order = match &th.order {
                Some(o) => Some(api::get_order(o).await?),
                None => None,
            };
            let schemes = voucher_schemes().await;
            // Reading it marks the thread read: the bell's count follows.
            session.refresh_unread();
            Ok::<_, ApiError>((th, order, schemes))
        }
    });
    let reload = Callback::new(move |_| data.refetch());
    let status = RwSignal::new(None::<String>);
    view! {
        <div class="container">
            <PageTitle text=Signal::derive(move || t(lang.get(), "contact.thread_title").to_owned())/>
            <StatusMessage message=status.into()/>
            <Transition fallback=|| view! { <Loading/> }>
                {move || data.get().map(|r| match r {
                    Err(e) => view! { <ErrorBox error=e retry=move |_| data.refetch()/> }.into_any(),
                    Ok(None) => view! { <Loading/> }.into_any(),
                    Ok(Some((th, order, schemes))) => view! { <ThreadView thread=th order=order schemes=StoredValue::new(schemes) reload=reload status=status/> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn ThreadView(
    thread: api::Thread,
    order: Option<api::Order>,
    schemes: StoredValue<Vec<api::CodeLabel>>,
    reload: Callback<()>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let provider = thread.viewer_side == Side::Provider;
    let live = matches!(
        thread.status,
        ThreadStatus::AwaitingAnswer | ThreadStatus::Open
    );
    let tid = StoredValue::new(thread.id.clone());
    let cards = thread
        .cards
        .iter()
        .map(|c| c.title.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let current = thread
        .quotes
        .iter()
        .rev()
        .find(|q| q.status == api::QuoteStatus::Proposed)
        .cloned();
    let messages = thread.messages.clone();
    let quotes = thread.quotes.clone();
    let back = if provider {
        ("/gestione/richieste", "contact.inbox")
    } else {
        ("/richieste", "contact.my_requests")
    };
    let decline = thread.decline_reason.and_then(|r| {
        DECLINE_REASONS
            .iter()
            .find(|(d, _)| *d == r)
            .map(|(_, k)| t(l, k))
    });
    let close_confirm = RwSignal::new(false);
    let close_errors = FormErrors::new("close");
    let close = move |_| {
        leptos::task::spawn_local(async move {
            match api::close_thread(&tid.get_value()).await {
                Ok(_) => {
                    status.set(Some(
                        t(lang.get_untracked(), "contact.closed_done").to_owned(),
                    ));
                    reload.run(());
                }
                Err(e) => show_error(close_errors, lang.get_untracked(), &e, &[]),
            }
        });
    };
    view! {
        <p><a class="tap" href=back.0>{tr(lang, back.1)}</a></p>
        <dl class="facts">
            <div><dt>{tr(lang, if provider { "contact.family" } else { "contact.provider" })}</dt>
                <dd lang="it">{if provider { t(l, "contact.a_family").to_owned() } else { thread.organisation.legal_name.clone() }}</dd></div>
            <div><dt>{tr(lang, "contact.services")}</dt><dd lang="it">{cards}</dd></div>
            <div><dt>{tr(lang, "contact.status")}</dt><dd><span class="badge">{t(l, thread_status_key(thread.status))}</span>
                {decline.map(|d| format!(" — {d}"))}
                {thread.decline_details.clone().map(|d| format!(": {d}"))}</dd></div>
            {(thread.status == ThreadStatus::AwaitingAnswer).then(|| view! {
                <div><dt>{tr(lang, "contact.deadline")}</dt><dd>{date_time(l, &thread.deadline_at)}</dd></div>
            })}
            <div><dt>{tr(lang, "contact.need")}</dt><dd>{need_text(l, &thread.need)}</dd></div>
        </dl>
        {order.map(|o| view! { <OrderBlock order=o schemes=schemes reload=reload/> })}
        <section aria-labelledby="messages-title">
            <h2 id="messages-title">{tr(lang, "contact.messages")}</h2>
            <ol class="messages">
                <li class="msg family">
                    <p class="msg-meta">{format!("{} · {}", t(l, "contact.side.family"), date_time(l, &thread.created_at))}</p>
                    <p class="message-body">{thread.request_message.clone()}</p>
                </li>
                {messages.into_iter().map(|m| {
                    let cls = match m.side { Side::Family => "msg family", Side::Provider => "msg provider", Side::Platform => "msg notice" };
                    let mut meta = format!("{} · {}", t(l, side_key(m.side)), date_time(l, &m.created_at));
                    if m.kind == api::MessageKind::InfoRequest {
                        meta = format!("{meta} · {}", t(l, "contact.info_request"));
                    }
                    if let Some(a) = &m.author { meta = format!("{a} — {meta}"); }
                    let files = m.attachments.clone();
                    view! {
                        <li class=cls>
                            <p class="msg-meta">{meta}</p>
                            <p class="message-body">{message_text(l, m.kind, &m.body)}</p>
                            {(!files.is_empty()).then(|| view! {
                                <ul class="attachments">{files.into_iter().map(|a| view! { <li><AttachmentLink file=a/></li> }).collect_view()}</ul>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {live.then(|| view! { <ReplyForm thread=thread.id.clone() provider=provider reload=reload/> })}
        </section>
        <section aria-labelledby="quotes-title">
            <h2 id="quotes-title">{tr(lang, "contact.quotes")}</h2>
            {if quotes.is_empty() { Some(view! { <p>{tr(lang, "contact.no_quote")}</p> }) } else { None }}
            {quotes.into_iter().rev().map(|q| view! { <QuoteView quote=q provider=provider live=live schemes=schemes reload=reload/> }).collect_view()}
            {(!provider && live).then(|| current.clone()).flatten().filter(|q| !q.expired).map(|q| {
                let open_counter = q.counter_proposals.iter().any(|c| c.status == api::CounterStatus::Open);
                view! {
                    <AcceptForm quote_id=q.id.clone() gross=q.totals.gross_cents vouchers=q.vouchers.clone() schemes=schemes/>
                    {(!open_counter).then(|| view! { <CounterForm quote=q.id.clone() reload=reload/> })}
                }
            })}
            {(provider && live).then(|| view! { <QuoteForm thread=thread.id.clone() revising=current.is_some() reload=reload/> })}
        </section>
        {(provider && live).then(|| view! { <DeclineForm thread=thread.id.clone() reload=reload/> })}
        {(!provider && live).then(|| view! {
            <section aria-labelledby="close-title">
                <h2 id="close-title">{tr(lang, "contact.close")}</h2>
                <ErrorSummary errors=close_errors labels=vec![]/>
                <p>{tr(lang, "contact.close_note")}</p>
                <Show when=move || close_confirm.get() fallback=move || view! {
                    <button type="button" class="secondary" on:click=move |_| close_confirm.set(true)>{tr(lang, "contact.close")}</button>
                }>
                    <button type="button" class="secondary" on:click=close>{tr(lang, "contact.close_yes")}</button>
                    " "
                    <button type="button" class="secondary" on:click=move |_| close_confirm.set(false)>{tr(lang, "contact.keep")}</button>
                </Show>
            </section>
        })}
    }
}

/// The files chosen in the reply form.
fn chosen_files() -> Vec<web_sys::File> {
    use wasm_bindgen::JsCast;
    let Some(list) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("reply-files"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
    else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Empties the reply form's file input once the message is sent.
fn clear_files() {
    use wasm_bindgen::JsCast;
    if let Some(i) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("reply-files"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        i.set_value("");
    }
}

/// A file of a message: a button that saves it (asked with the session's token).
#[component]
fn AttachmentLink(file: api::Attachment) -> impl IntoView {
    let lang = use_lang();
    let failed = RwSignal::new(false);
    let id = StoredValue::new(file.id.clone());
    let name = StoredValue::new(file.filename.clone());
    let kb = (file.size_bytes + 1023) / 1024;
    let save = move |_| {
        leptos::task::spawn_local(async move {
            let r = api::save_attachment(&id.get_value(), &name.get_value()).await;
            failed.set(r.is_err());
        });
    };
    view! {
        <button type="button" class="link-button attachment" on:click=save>
            {file.filename.clone()} {format!(" ({kb} KB)")}
        </button>
        <Show when=move || failed.get()><span role="alert" class="field-error">{tr(lang, "contact.file_failed")}</span></Show>
    }
}

#[component]
fn ReplyForm(thread: String, provider: bool, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let body = RwSignal::new(String::new());
    let info = RwSignal::new(false);
    let errors = FormErrors::new("reply");
    let files_error = errors.field("reply-files");
    let busy = RwSignal::new(false);
    let key = Idempotent::new();
    let tid = StoredValue::new(thread);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if body.get_untracked().trim().is_empty() {
            errors.clear();
            errors.set_field(
                "reply-body",
                t(lang.get_untracked(), "err.required").to_owned(),
            );
            errors.focus();
            return;
        }
        let l = lang.get_untracked();
        let files = chosen_files();
        if files.len() > 5 {
            errors.clear();
            errors.set_field("reply-files", t(l, "contact.files_too_many").to_owned());
            errors.focus();
            return;
        }
        if files.iter().any(|f| f.size() > 10.0 * 1024.0 * 1024.0) {
            errors.clear();
            errors.set_field("reply-files", t(l, "contact.file_too_large").to_owned());
            errors.focus();
            return;
        }
        let text = body.get_untracked();
        let kind = info
            .get_untracked()
            .then_some(api::MessageKind::InfoRequest);
        busy.set(true);
        leptos::task::spawn_local(async move {
            let mut ids = Vec::new();
            for f in &files {
                match api::upload_attachment(&tid.get_value(), f).await {
                    Ok(a) => ids.push(a.id),
                    Err(e) => {
                        busy.set(false);
                        errors.clear();
                        let key = match e.status {
                            413 => "contact.file_too_large",
                            415 | 422 => "contact.file_type",
                            _ => "",
                        };
                        if key.is_empty() {
                            errors.fail(crate::components::form::problem_message(l, &e));
                        } else {
                            errors.set_field("reply-files", t(l, key).to_owned());
                        }
                        errors.focus();
                        return;
                    }
                }
            }
            let msg = api::NewMessage {
                attachments: (!ids.is_empty()).then_some(ids),
                body: text,
                kind,
            };
            let k = key.key_for(&msg);
            match api::post_message(&tid.get_value(), &k, &msg).await {
                Ok(_) => {
                    busy.set(false);
                    body.set(String::new());
                    clear_files();
                    reload.run(());
                }
                Err(e) => {
                    busy.set(false);
                    show_error(
                        errors,
                        l,
                        &e,
                        &[("body", "reply-body"), ("attachments", "reply-files")],
                    );
                }
            }
        });
    };
    view! {
        <form class="reply-form" on:submit=submit novalidate>
            <ErrorSummary errors=errors labels=vec![("reply-body", "contact.reply"), ("reply-files", "contact.files")]/>
            <TextArea id="reply-body" label="contact.reply" value=body errors=errors rows=4/>
            <div class="field" class:has-error=move || files_error.with(Option::is_some)>
                <label for="reply-files">{tr(lang, "contact.files")}</label>
                <p class="hint" id="reply-files-hint">{tr(lang, "contact.files_hint")}</p>
                {field_error(errors, "reply-files")}
                <input type="file" id="reply-files" multiple accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
                    aria-describedby="reply-files-hint reply-files-error"
                    aria-invalid=move || files_error.with(Option::is_some).to_string()/>
            </div>
            {provider.then(|| view! {
                <div class="field checkbox">
                    <input type="checkbox" id="reply-info" prop:checked=move || info.get() on:change=move |ev| info.set(event_target_checked(&ev))/>
                    <label for="reply-info">{tr(lang, "contact.ask_info")}</label>
                </div>
            })}
            <Submit label="contact.send_reply" busy=busy/>
        </form>
    }
}

#[component]
fn QuoteView(
    quote: api::Quote,
    provider: bool,
    live: bool,
    schemes: StoredValue<Vec<api::CodeLabel>>,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let superseded = quote.status == api::QuoteStatus::Superseded;
    let title_id = format!("q-{}-title", quote.id);
    let lines = quote
        .lines
        .iter()
        .map(|li| {
            view! {
                <tr>
                    <th scope="row" lang="it">{li.description.clone()}</th>
                    <td>{format!("{} {}", milli_text(l, li.quantity_milli), t(l, unit_key(li.unit)))}</td>
                    <td>{money(l, li.unit_price_cents)}</td>
                    <td>{percent(li.vat_rate_bp)}</td>
                    <td>{money(l, li.amounts.gross_cents)}</td>
                </tr>
            }
        })
        .collect_view();
    let counters = quote
        .counter_proposals
        .iter()
        .map(|c| {
            let open = c.status == api::CounterStatus::Open;
            let cid = StoredValue::new(c.id.clone());
            let mut what = Vec::new();
            if let Some(tc) = c.total_cents {
                what.push(format!("{} {}", t(l, "contact.total"), money(l, tc)));
            }
            if let Some(s) = &c.start_on {
                what.push(format!("{} {}", t(l, "contact.start"), date(l, s)));
            }
            if !c.schedule.is_empty() {
                what.push(format!("{}: {}", t(l, "contact.schedule"), c.schedule));
            }
            if !c.message.is_empty() {
                what.push(c.message.clone());
            }
            let answer = move |d: api::CounterDecision| {
                leptos::task::spawn_local(async move {
                    let _ = api::answer_counter_proposal(
                        &cid.get_value(),
                        &api::AnswerCounterProposal { decision: d },
                    )
                    .await;
                    reload.run(());
                });
            };
            view! {
                <li>
                    <strong>{t(l, "contact.counter")}</strong> " (" {t(l, counter_status_key(c.status))} "): " {what.join(" · ")}
                    {(provider && live && open).then(|| view! {
                        <div class="actions">
                            <button type="button" class="secondary" on:click=move |_| answer(api::CounterDecision::Accept)>{tr(lang, "contact.counter_accept")}</button>
                            <button type="button" class="secondary" on:click=move |_| answer(api::CounterDecision::Decline)>{tr(lang, "contact.counter_decline")}</button>
                        </div>
                        <p class="hint">{tr(lang, "contact.counter_revise_hint")}</p>
                    })}
                </li>
            }
        })
        .collect_view();
    let caption = format!(
        "{} {} — {}",
        t(l, "contact.quote_version"),
        quote.version,
        t(l, quote_status_key(quote.status))
    );
    view! {
        <article class="quote" class:superseded=superseded aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone()>{caption.clone()}</h3>
            <div class="table-scroll" tabindex="0" role="region" aria-label=caption.clone()>
                <table class="data">
                    <thead><tr>
                        <th scope="col">{t(l, "contact.line")}</th>
                        <th scope="col">{t(l, "contact.quantity")}</th>
                        <th scope="col">{t(l, "contact.unit_price")}</th>
                        <th scope="col">{t(l, "contact.vat_rate")}</th>
                        <th scope="col">{t(l, "contact.amount")}</th>
                    </tr></thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
            <dl class="facts">
                <div><dt>{t(l, "contact.total")}</dt><dd>{money(l, quote.totals.gross_cents)}</dd></div>
                <div><dt>{t(l, "contact.net")}</dt><dd>{money(l, quote.totals.net_cents)}</dd></div>
                <div><dt>{t(l, "contact.vat")}</dt><dd>{money(l, quote.totals.vat_cents)}</dd></div>
                <div><dt>{t(l, "contact.hourly")}</dt><dd>{quote.hourly_cents.map(|h| money(l, h)).unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{t(l, "contact.valid_until")}</dt><dd>{date(l, &quote.valid_until)}{quote.expired.then(|| format!(" ({})", t(l, "contact.expired")))}</dd></div>
                <div><dt>{t(l, "contact.start")}</dt><dd>{quote.start_on.as_deref().map(|d| date(l, d)).unwrap_or_else(|| "—".into())}</dd></div>
                <div><dt>{t(l, "contact.vouchers")}</dt><dd>{schemes.with_value(|s| vouchers_text(l, s, &quote.vouchers))}</dd></div>
            </dl>
            {(!quote.notes.is_empty()).then(|| view! { <p class="message-body" lang="it">{quote.notes.clone()}</p> })}
            {(!quote.counter_proposals.is_empty()).then(|| view! { <ul class="counters">{counters}</ul> })}
        </article>
    }
}

/// One line of the quote form, as typed.
#[derive(Clone)]
struct LineDraft {
    key: u32,
    description: RwSignal<String>,
    unit: RwSignal<String>,
    quantity: RwSignal<String>,
    price: RwSignal<String>,
    vat: RwSignal<String>,
}

impl LineDraft {
    fn new(key: u32) -> Self {
        Self {
            key,
            description: RwSignal::new(String::new()),
            unit: RwSignal::new("hour".into()),
            quantity: RwSignal::new("1".into()),
            price: RwSignal::new(String::new()),
            vat: RwSignal::new("500".into()),
        }
    }
    /// (quantity in thousandths, unit price in cents, VAT in basis points) when readable.
    fn numbers(&self) -> Option<(i64, i64, i64)> {
        Some((
            parse_milli(&self.quantity.get())?,
            parse_cents(&self.price.get())?,
            self.vat.get().parse().ok()?,
        ))
    }
}

#[component]
fn QuoteForm(thread: String, revising: bool, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let next = StoredValue::new(1u32);
    let lines = RwSignal::new(vec![LineDraft::new(0)]);
    let valid = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let vouchers = RwSignal::new(Vec::<String>::new());
    let schemes = LocalResource::new(voucher_schemes);
    let errors = FormErrors::new("quote");
    let busy = RwSignal::new(false);
    let key = Idempotent::new();
    let tid = StoredValue::new(thread);
    let totals = Memo::new(move |_| {
        let nums: Option<Vec<_>> = lines.with(|ls| ls.iter().map(LineDraft::numbers).collect());
        nums.map(|n| quote_totals(&n))
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        errors.clear();
        let mut out = Vec::new();
        for (i, d) in lines.get_untracked().iter().enumerate() {
            let _ = i;
            let q = parse_milli(&d.quantity.get_untracked());
            let p = parse_cents(&d.price.get_untracked());
            if d.description.get_untracked().trim().is_empty() {
                errors.set_field("ql-description", t(l, "err.required").to_owned());
            }
            if q.is_none() {
                errors.set_field("ql-quantity", t(l, "err.invalid_format").to_owned());
            }
            if p.is_none() {
                errors.set_field("ql-price", t(l, "contact.bad_amount").to_owned());
            }
            if let (Some(q), Some(p)) = (q, p) {
                out.push(api::NewQuoteLine {
                    description: d.description.get_untracked(),
                    quantity_milli: q,
                    unit: UNITS
                        .iter()
                        .copied()
                        .find(|u| u.as_str() == d.unit.get_untracked())
                        .unwrap_or(api::QuoteUnit::Service),
                    unit_price_cents: p,
                    vat_rate_bp: d.vat.get_untracked().parse().unwrap_or(2200),
                });
            }
        }
        if valid.get_untracked().is_empty() {
            errors.set_field("q-valid", t(l, "err.required").to_owned());
        }
        if !errors.is_empty() {
            errors.focus();
            return;
        }
        let body = api::NewQuote {
            lines: out,
            notes: Some(notes.get_untracked()).filter(|s| !s.trim().is_empty()),
            start_on: Some(start.get_untracked()).filter(|s| !s.is_empty()),
            valid_until: valid.get_untracked(),
            vouchers: Some(vouchers.get_untracked()),
        };
        let k = key.key_for(&body);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::create_quote(&tid.get_value(), &k, &body).await {
                Ok(_) => reload.run(()),
                Err(e) => {
                    busy.set(false);
                    show_error(
                        errors,
                        lang.get_untracked(),
                        &e,
                        &[
                            ("lines", "ql-description"),
                            ("lines/description", "ql-description"),
                            ("lines/quantity_milli", "ql-quantity"),
                            ("lines/unit_price_cents", "ql-price"),
                            ("lines/vat_rate_bp", "ql-vat"),
                            ("valid_until", "q-valid"),
                            ("start_on", "q-start"),
                            ("notes", "q-notes"),
                            ("vouchers", "q-vouchers"),
                        ],
                    );
                }
            }
        });
    };
    let each_line = move || lines.get().into_iter().enumerate().collect::<Vec<_>>();
    let labels = vec![
        ("ql-description", "contact.line"),
        ("ql-quantity", "contact.quantity"),
        ("ql-price", "contact.unit_price"),
        ("ql-vat", "contact.vat_rate"),
        ("q-valid", "contact.valid_until"),
        ("q-start", "contact.start"),
        ("q-notes", "contact.notes"),
        ("q-vouchers", "contact.vouchers"),
    ];
    view! {
        <form class="quote-form" on:submit=submit novalidate aria-labelledby="quote-form-title">
            <h3 id="quote-form-title">{tr(lang, if revising { "contact.revise_quote" } else { "contact.new_quote" })}</h3>
            <ErrorSummary errors=errors labels=labels/>
            <For each=each_line key=|(i, d): &(usize, LineDraft)| (*i, d.key) let:item>
                {
                    let (i, d) = item;
                    let n = i + 1;
                    // The first line's inputs carry the ids the error summary links to.
                    let id = |base: &'static str| if i == 0 { base.to_owned() } else { format!("{base}-{i}") };
                    let legend = format!("{} {n}", t(lang.get_untracked(), "contact.line"));
                    let remove_label = format!("{} {n}", t(lang.get_untracked(), "contact.remove_line"));
                    let dk = d.key;
                    let line_total = {
                        let d = d.clone();
                        move || d.numbers().map(|(q, p, r)| money(lang.get(), quote_totals(&[(q, p, r)]).0)).unwrap_or_else(|| "—".into())
                    };
                    view! {
                        <fieldset class="quote-line">
                            <legend>{legend}</legend>
                            <div class="field">
                                <label for=id("ql-description")>{tr(lang, "contact.description")}</label>
                                <input type="text" id=id("ql-description") maxlength="200" prop:value=move || d.description.get() on:input=move |ev| d.description.set(event_target_value(&ev))/>
                            </div>
                            <div class="filter-row">
                                <div class="field">
                                    <label for=id("ql-unit")>{tr(lang, "contact.unit")}</label>
                                    <select id=id("ql-unit") prop:value=move || d.unit.get() on:change=move |ev| d.unit.set(event_target_value(&ev))>
                                        {UNITS.iter().map(|u| view! { <option value=u.as_str()>{tr(lang, unit_key(*u))}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for=id("ql-quantity")>{tr(lang, "contact.quantity")}</label>
                                    <input type="text" inputmode="decimal" id=id("ql-quantity") prop:value=move || d.quantity.get() on:input=move |ev| d.quantity.set(event_target_value(&ev))/>
                                </div>
                                <div class="field">
                                    <label for=id("ql-price")>{tr(lang, "contact.unit_price_vat")}</label>
                                    <input type="text" inputmode="decimal" id=id("ql-price") prop:value=move || d.price.get() on:input=move |ev| d.price.set(event_target_value(&ev))/>
                                </div>
                                <div class="field">
                                    <label for=id("ql-vat")>{tr(lang, "contact.vat_rate")}</label>
                                    <select id=id("ql-vat") prop:value=move || d.vat.get() on:change=move |ev| d.vat.set(event_target_value(&ev))>
                                        {VAT_RATES.iter().map(|r| view! { <option value=r.to_string()>{percent(*r)}</option> }).collect_view()}
                                    </select>
                                </div>
                            </div>
                            <p>{tr(lang, "contact.amount")} ": " {line_total}</p>
                            {(i > 0).then(|| view! {
                                <button type="button" class="secondary" on:click=move |_| lines.update(|ls| ls.retain(|x| x.key != dk))>{remove_label}</button>
                            })}
                        </fieldset>
                    }
                }
            </For>
            <button type="button" class="secondary" on:click=move |_| {
                let k = next.get_value();
                next.set_value(k + 1);
                lines.update(|ls| ls.push(LineDraft::new(k)));
            }>{tr(lang, "contact.add_line")}</button>
            <p class="quote-totals" aria-live="polite">
                {move || match totals.get() {
                    Some((g, v)) => format!("{} {} · {} {} · {} {}", t(lang.get(), "contact.total"), money(lang.get(), g), t(lang.get(), "contact.vat"), money(lang.get(), v), t(lang.get(), "contact.net"), money(lang.get(), g - v)),
                    None => t(lang.get(), "contact.totals_pending").to_owned(),
                }}
            </p>
            <div class="filter-row">
                <Field id="q-valid" label="contact.valid_until" value=valid errors=errors kind="date"/>
                <Field id="q-start" label="contact.start" value=start errors=errors kind="date"/>
            </div>
            <TextArea id="q-notes" label="contact.notes" value=notes errors=errors/>
            <fieldset id="q-vouchers" tabindex="-1">
                <legend>{tr(lang, "contact.vouchers_accepted")}</legend>
                {field_error(errors, "q-vouchers")}
                {move || schemes.get().unwrap_or_default().into_iter().map(|s| {
                    let id = format!("q-v-{}", s.code);
                    let code = s.code.clone();
                    let code2 = s.code.clone();
                    let name = crate::i18n::pick(lang.get_untracked(), &s.label);
                    view! {
                        <div class="field checkbox">
                            <input type="checkbox" id=id.clone() prop:checked=move || vouchers.with(|v| v.contains(&code))
                                on:change=move |ev| { let on = event_target_checked(&ev); let c = code2.clone(); vouchers.update(|v| { v.retain(|x| *x != c); if on { v.push(c); } }); }/>
                            <label for=id>{name}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <Submit label="contact.send_quote" busy=busy/>
        </form>
    }
}

#[component]
fn CounterForm(quote: String, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let total = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let schedule = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let errors = FormErrors::new("counter");
    let busy = RwSignal::new(false);
    let key = Idempotent::new();
    let qid = StoredValue::new(quote);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        errors.clear();
        let cents = parse_cents(&total.get_untracked());
        if !total.get_untracked().trim().is_empty() && cents.is_none() {
            errors.set_field("cp-total", t(l, "contact.bad_amount").to_owned());
            errors.focus();
            return;
        }
        let body = api::NewCounterProposal {
            message: Some(message.get_untracked()).filter(|s| !s.trim().is_empty()),
            schedule: Some(schedule.get_untracked()).filter(|s| !s.trim().is_empty()),
            start_on: Some(start.get_untracked()).filter(|s| !s.is_empty()),
            total_cents: cents,
        };
        let k = key.key_for(&body);
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::create_counter_proposal(&qid.get_value(), &k, &body).await {
                Ok(_) => reload.run(()),
                Err(e) => {
                    busy.set(false);
                    if e.status == 422 && e.errors.iter().all(|f| f.field.is_empty()) {
                        errors.fail(t(lang.get_untracked(), "contact.counter_empty").to_owned());
                        return;
                    }
                    show_error(
                        errors,
                        lang.get_untracked(),
                        &e,
                        &[
                            ("total_cents", "cp-total"),
                            ("start_on", "cp-start"),
                            ("schedule", "cp-schedule"),
                            ("message", "cp-message"),
                        ],
                    );
                }
            }
        });
    };
    view! {
        <form class="counter-form" on:submit=submit novalidate aria-labelledby="counter-title">
            <h3 id="counter-title">{tr(lang, "contact.counter_title")}</h3>
            <p class="hint">{tr(lang, "contact.counter_hint")}</p>
            <ErrorSummary errors=errors labels=vec![("cp-total", "contact.counter_total"), ("cp-start", "contact.start"), ("cp-schedule", "contact.schedule"), ("cp-message", "contact.message")]/>
            <div class="filter-row">
                <Field id="cp-total" label="contact.counter_total" value=total errors=errors/>
                <Field id="cp-start" label="contact.start" value=start errors=errors kind="date"/>
            </div>
            <Field id="cp-schedule" label="contact.schedule" value=schedule errors=errors/>
            <TextArea id="cp-message" label="contact.message" value=message errors=errors/>
            <Submit label="contact.counter_send" busy=busy/>
        </form>
    }
}

#[component]
fn DeclineForm(thread: String, reload: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let reason = RwSignal::new("no_capacity".to_owned());
    let details = RwSignal::new(String::new());
    let errors = FormErrors::new("decline");
    let busy = RwSignal::new(false);
    let tid = StoredValue::new(thread);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let r = DECLINE_REASONS
            .iter()
            .map(|(d, _)| *d)
            .find(|d| d.as_str() == reason.get_untracked())
            .unwrap_or(api::DeclineReason::Other);
        if r == api::DeclineReason::Other && details.get_untracked().trim().is_empty() {
            errors.clear();
            errors.set_field(
                "dc-details",
                t(lang.get_untracked(), "contact.details_needed").to_owned(),
            );
            errors.focus();
            return;
        }
        let body = api::Decline {
            reason: r,
            details: Some(details.get_untracked()).filter(|s| !s.trim().is_empty()),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::decline_thread(&tid.get_value(), &body).await {
                Ok(_) => reload.run(()),
                Err(e) => {
                    busy.set(false);
                    show_error(
                        errors,
                        lang.get_untracked(),
                        &e,
                        &[("reason", "dc-reason"), ("details", "dc-details")],
                    );
                }
            }
        });
    };
    view! {
        <section aria-labelledby="decline-title">
            <details>
                <summary id="decline-title">{tr(lang, "contact.decline")}</summary>
                <form class="decline-form" on:submit=submit novalidate>
                    <ErrorSummary errors=errors labels=vec![("dc-reason", "contact.reason"), ("dc-details", "contact.details")]/>
                    <Choice id="dc-reason" label="contact.reason" value=reason errors=errors options=DECLINE_REASONS.iter().map(|(d, k)| (d.as_str(), *k)).collect()/>
                    <TextArea id="dc-details" label="contact.details" value=details errors=errors/>
                    <Submit label="contact.decline_send" busy=busy/>
                </form>
            </details>
        </section>
    }
}

#[component]
fn OrderBlock(
    order: api::Order,
    schemes: StoredValue<Vec<api::CodeLabel>>,
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let provider = order.viewer_side == Side::Provider;
    let oid = StoredValue::new(order.id.clone());
    let start = RwSignal::new(order.start_on.clone().unwrap_or_default());
    let reason = RwSignal::new("no_longer_needed".to_owned());
    let details = RwSignal::new(String::new());
    let confirm_errors = FormErrors::new("confirm");
    let cancel_errors = FormErrors::new("cancel");
    let busy = RwSignal::new(false);
    let awaiting = order.status == api::OrderStatus::AwaitingConfirmation;
    let cancellable = order.status != api::OrderStatus::Cancelled;
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = api::ConfirmOrder {
            start_on: Some(start.get_untracked()).filter(|s| !s.is_empty()),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::confirm_order(&oid.get_value(), &body).await {
                Ok(_) => reload.run(()),
                Err(e) => {
                    busy.set(false);
                    show_error(
                        confirm_errors,
                        lang.get_untracked(),
                        &e,
                        &[("start_on", "or-start")],
                    );
                }
            }
        });
    };
    let cancel = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let r = CANCEL_REASONS
            .iter()
            .map(|(c, _)| *c)
            .find(|c| c.as_str() == reason.get_untracked())
            .unwrap_or(api::CancelReason::Other);
        if r == api::CancelReason::Other && details.get_untracked().trim().is_empty() {
            cancel_errors.clear();
            cancel_errors.set_field(
                "oc-details",
                t(lang.get_untracked(), "contact.details_needed").to_owned(),
            );
            cancel_errors.focus();
            return;
        }
        let body = api::CancelOrder {
            reason: r,
            details: Some(details.get_untracked()).filter(|s| !s.trim().is_empty()),
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match api::cancel_order(&oid.get_value(), &body).await {
                Ok(_) => reload.run(()),
                Err(e) => {
                    busy.set(false);
                    show_error(
                        cancel_errors,
                        lang.get_untracked(),
                        &e,
                        &[("reason", "oc-reason"), ("details", "oc-details")],
                    );
                }
            }
        });
    };
    let cp = order.co_payment.clone();
    let scheme = order
        .voucher_scheme
        .as_deref()
        .map(|s| schemes.with_value(|all| voucher_name(l, all, s)));
    let cancelled = order.cancel_reason.and_then(|r| {
        CANCEL_REASONS
            .iter()
            .find(|(c, _)| *c == r)
            .map(|(_, k)| t(l, k))
    });
    view! {
        <section class="order" aria-labelledby="order-title">
            <h2 id="order-title" tabindex="-1">{tr(lang, "contact.order")}</h2>
            <dl class="facts">
                <div><dt>{t(l, "contact.status")}</dt><dd><span class="badge">{t(l, order_status_key(order.status))}</span>
                    {cancelled.map(|c| format!(" — {c}"))}{order.cancel_details.clone().map(|d| format!(": {d}"))}</dd></div>
                <div><dt>{t(l, "contact.service")}</dt><dd lang="it">{order.card.title.clone()}</dd></div>
                <div><dt>{t(l, "contact.start")}</dt><dd>{order.start_on.as_deref().map(|d| date(l, d)).unwrap_or_else(|| t(l, "contact.to_confirm").to_owned())}</dd></div>
                <div><dt>{t(l, "contact.total")}</dt><dd>{money(l, cp.total_cents)}</dd></div>
                <div><dt>{t(l, "contact.vat_part")}</dt><dd>{money(l, cp.vat_cents)}</dd></div>
                <div><dt>{t(l, "contact.voucher")}</dt><dd>{format!("{}{}", money(l, cp.voucher_cents), scheme.map(|s| format!(" ({s})")).unwrap_or_default())}</dd></div>
                <div><dt>{t(l, "contact.family_share")}</dt><dd><strong>{money(l, cp.citizen_share_cents)}</strong></dd></div>
            </dl>
            {(provider && awaiting).then(|| view! {
                <form class="confirm-form" on:submit=confirm novalidate>
                    <ErrorSummary errors=confirm_errors labels=vec![("or-start", "contact.start")]/>
                    <Field id="or-start" label="contact.confirm_start" value=start errors=confirm_errors kind="date"/>
                    <Submit label="contact.confirm" busy=busy/>
                </form>
            })}
            <crate::pages::reviews::OrderReview order=order.clone()/>
            {cancellable.then(|| view! {
                <details>
                    <summary>{tr(lang, "contact.cancel_order")}</summary>
                    <form class="cancel-form" on:submit=cancel novalidate>
                        <ErrorSummary errors=cancel_errors labels=vec![("oc-reason", "contact.reason"), ("oc-details", "contact.details")]/>
                        <Choice id="oc-reason" label="contact.reason" value=reason errors=cancel_errors options=CANCEL_REASONS.iter().map(|(c, k)| (c.as_str(), *k)).collect()/>
                        <TextArea id="oc-details" label="contact.details" value=details errors=cancel_errors/>
                        <Submit label="contact.cancel_send" busy=busy/>
                    </form>
                </details>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_as_typed() {
        assert_eq!(parse_cents("20"), Some(2000));
        assert_eq!(parse_cents("20,5"), Some(2050));
        assert_eq!(parse_cents("1.234,56"), Some(123456));
        assert_eq!(parse_cents("20.50"), Some(2050));
        assert_eq!(parse_cents("1.234"), Some(123400));
        assert_eq!(parse_cents("x"), None);
        assert_eq!(parse_milli("1,5"), Some(1500));
        assert_eq!(parse_milli("12"), Some(12000));
    }

    #[test]
    fn totals_as_the_server() {
        // 12 h at 21.00 (5 %) + 30.50 (22 %): VAT 1200 + 550.
        assert_eq!(
            quote_totals(&[(12000, 2100, 500), (1000, 3050, 2200)]),
            (28250, 1750)
        );
    }
}
