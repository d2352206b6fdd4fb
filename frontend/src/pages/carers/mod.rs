//! The carers' registry in the browser (issue 12): a carer's application and where it
//! stands (`/assistente`, `apply`), the operators' registry (`/gestione/assistenti`) and
//! one registration with its steps (`/gestione/assistenti/{id}`, `registry`). The
//! matching bundle (`bin/matching.rs`). Here: how roles, languages, statuses and weeks
//! read, and where a registration stands (both sides show it).
pub mod apply;
pub mod documents;
pub mod photo;
pub mod registry;
pub mod talk;

use crate::api::{
    self, Arrangement, CarerDocument, CarerRegistration, CarerRole, DocumentStatus, LanguageLevel,
    RegistryAction, RegistryStatus, Vocabulary, WeekHours,
};
use crate::i18n::{Lang, pick, t, tr, use_lang};
use crate::pages::cards::weekday;
use crate::pages::contact::date_time;
use leptos::prelude::*;

pub(crate) fn role_key(r: CarerRole) -> &'static str {
    match r {
        CarerRole::Badante => "carer.role.badante",
        CarerRole::Colf => "carer.role.colf",
        CarerRole::BabySitter => "carer.role.baby_sitter",
    }
}

pub(crate) fn arrangement_key(a: Arrangement) -> &'static str {
    match a {
        Arrangement::Hourly => "carer.arr.hourly",
        Arrangement::LiveOut => "carer.arr.live_out",
        Arrangement::LiveIn => "carer.arr.live_in",
    }
}

pub(crate) const LEVELS: [(LanguageLevel, &str); 7] = [
    (LanguageLevel::Native, "native"),
    (LanguageLevel::C2, "c2"),
    (LanguageLevel::C1, "c1"),
    (LanguageLevel::B2, "b2"),
    (LanguageLevel::B1, "b1"),
    (LanguageLevel::A2, "a2"),
    (LanguageLevel::A1, "a1"),
];

pub(crate) fn level_code(l: LanguageLevel) -> &'static str {
    LEVELS
        .iter()
        .find(|(x, _)| *x == l)
        .map_or("b1", |(_, c)| c)
}

pub(crate) fn level_of(code: &str) -> LanguageLevel {
    LEVELS
        .iter()
        .find(|(_, c)| *c == code)
        .map_or(LanguageLevel::B1, |(l, _)| *l)
}

pub(crate) fn level_text(lang: Lang, l: LanguageLevel) -> String {
    match l {
        LanguageLevel::Native => t(lang, "carer.level.native").to_owned(),
        other => level_code(other).to_ascii_uppercase(),
    }
}

/// The languages offered (ISO 639-1): those most spoken by carers and families in Milan.
pub(crate) const LANGUAGES: [&str; 20] = [
    "it", "en", "es", "fr", "pt", "ro", "uk", "ru", "pl", "sq", "ar", "zh", "tl", "si", "bn", "ur",
    "hi", "ta", "am", "de",
];

pub(crate) fn language_name(lang: Lang, code: &str) -> String {
    let key = format!("carer.lang.{code}");
    let name = t(lang, &key);
    if name.is_empty() {
        code.to_owned()
    } else {
        name.to_owned()
    }
}

pub(crate) fn status_key(s: RegistryStatus) -> &'static str {
    match s {
        RegistryStatus::Applied => "carer.s.applied",
        RegistryStatus::Interviewed => "carer.s.interviewed",
        RegistryStatus::Trained => "carer.s.trained",
        RegistryStatus::Listed => "carer.s.listed",
        RegistryStatus::Suspended => "carer.s.suspended",
    }
}

pub(crate) fn status_code(s: RegistryStatus) -> &'static str {
    match s {
        RegistryStatus::Applied => "applied",
        RegistryStatus::Interviewed => "interviewed",
        RegistryStatus::Trained => "trained",
        RegistryStatus::Listed => "listed",
        RegistryStatus::Suspended => "suspended",
    }
}

pub(crate) fn action_key(a: RegistryAction) -> &'static str {
    match a {
        RegistryAction::Interview => "carer.a.interview",
        RegistryAction::Train => "carer.a.train",
        RegistryAction::List => "carer.a.list",
        RegistryAction::Suspend => "carer.a.suspend",
        RegistryAction::Reinstate => "carer.a.reinstate",
    }
}

/// What comes next, as the carer reads it.
pub(crate) fn next_key(a: Option<RegistryAction>) -> &'static str {
    match a {
        Some(RegistryAction::Interview) => "carer.next.interview",
        Some(RegistryAction::Train) => "carer.next.train",
        Some(RegistryAction::List) => "carer.next.list",
        Some(RegistryAction::Reinstate) => "carer.next.reinstate",
        Some(RegistryAction::Suspend) | None => "carer.next.listed",
    }
}

/// A day's hours as ranges: [9, 10, 11, 14, 15] → [(9, 12), (14, 16)].
pub(crate) fn ranges(hours: &[i64]) -> Vec<(i64, i64)> {
    let mut sorted: Vec<i64> = hours.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out: Vec<(i64, i64)> = Vec::new();
    for h in sorted {
        match out.last_mut() {
            Some((_, end)) if *end == h => *end = h + 1,
            _ => out.push((h, h + 1)),
        }
    }
    out
}

/// "lun 9–13, 14–18 · mar 9–13": a week as people read it.
pub(crate) fn week_text(lang: Lang, w: &WeekHours) -> String {
    days(w)
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.is_empty())
        .map(|(d, h)| {
            let spans: Vec<String> = ranges(h)
                .into_iter()
                .map(|(a, b)| format!("{a}–{b}"))
                .collect();
            let day: String = weekday(lang, d as i64 + 1).chars().take(3).collect();
            format!("{day} {}", spans.join(", "))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

pub(crate) fn days(w: &WeekHours) -> [&[i64]; 7] {
    [&w.mon, &w.tue, &w.wed, &w.thu, &w.fri, &w.sat, &w.sun].map(|d| d.as_deref().unwrap_or(&[]))
}

/// One line of the availability: a day and the hours from one to the other.
#[component]
pub(crate) fn Standing(r: CarerRegistration) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let steps = r.steps.clone();
    view! {
        <section class="registry-status" aria-labelledby="c-status-title">
            <h2 id="c-status-title">{tr(lang, "carer.where")}</h2>
            <p class="status-line">
                <strong>{tr(lang, status_key(r.status))}</strong>
                " · " {tr(lang, "carer.since")} " " {date_time(l, &r.status_at)}
            </p>
            <p>{tr(lang, next_key(r.next_step))}</p>
            <ol class="registry-steps">
                <li>{tr(lang, "carer.applied_on")} " " {date_time(l, &r.created_at)}</li>
                {steps.into_iter().map(|s| view! {
                    <li>
                        {tr(lang, status_key(s.to))} " · " {date_time(l, &s.at)}
                        {s.note.map(|n| view! { <p class="step-note">{n}</p> })}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// A kind of certificate in words (the vocabulary's; an unknown code as it is).
pub(crate) fn certificate_name(lang: Lang, v: &Vocabulary, code: &str) -> String {
    v.certificates
        .iter()
        .find(|c| c.code == code)
        .map_or_else(|| code.to_owned(), |c| pick(lang, &c.label))
}

fn document_status_key(s: DocumentStatus) -> &'static str {
    match s {
        DocumentStatus::Pending => "doc.pending",
        DocumentStatus::Verified => "doc.verified",
        DocumentStatus::Rejected => "doc.rejected",
    }
}

/// A certificate as both sides read it: its kind, the file (a button that saves it,
/// asked with the session's token), where it stands and the operator's note.
#[component]
pub(crate) fn DocumentLine(d: CarerDocument, kind: String) -> impl IntoView {
    let lang = use_lang();
    let failed = RwSignal::new(false);
    let id = StoredValue::new(d.id.clone());
    let name = StoredValue::new(d.filename.clone());
    let kb = (d.size_bytes + 1023) / 1024;
    let save = move |_| {
        leptos::task::spawn_local(async move {
            let r = api::save_certificate(&id.get_value(), &name.get_value()).await;
            failed.set(r.is_err());
        });
    };
    let l = lang.get_untracked();
    view! {
        <strong>{kind}</strong> " · "
        <span class="badge">{tr(lang, document_status_key(d.status))}</span>
        {d.decided_at.map(|at| view! { " " {date_time(l, &at)} })}
        <br/>
        <button type="button" class="link-button attachment" on:click=save>
            {d.filename.clone()} {format!(" ({kb} KB)")}
        </button>
        <Show when=move || failed.get()><span role="alert" class="field-error">{tr(lang, "doc.failed")}</span></Show>
        {d.note.map(|n| view! { <p class="step-note">{n}</p> })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_as_ranges() {
        assert_eq!(ranges(&[9, 10, 11, 14, 15]), [(9, 12), (14, 16)]);
        assert_eq!(ranges(&[23, 0, 0]), [(0, 1), (23, 24)]);
        assert!(ranges(&[]).is_empty());
    }
}
