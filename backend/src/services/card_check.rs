//! Checking a card's content: the limits every draft respects (`check_draft`) and every
//! rule a version must meet before it is submitted (`check`), each problem named by its
//! field's path.
use crate::api::cards_admin::CardContent;
use crate::domain::{language, money};
use crate::error::FieldError;
use crate::input::forbidden_char;
use crate::reference::{Reference, vocab};

const TEXT_MAX: usize = 4000;

/// What the organisation may offer: its tenant and its accreditation types.
pub struct Scope<'a> {
    pub tenant_code: &'a str,
    pub accreditation_types: &'a [String],
}

pub(crate) fn err(out: &mut Vec<FieldError>, field: impl Into<String>, code: &str, message: &str) {
    out.push(FieldError::new(field, code, message));
}

pub(crate) fn line(out: &mut Vec<FieldError>, field: &str, v: &str, min: usize, max: usize) {
    let n = v.trim().chars().count();
    if n < min {
        err(out, field, "required", "Fill in this field.");
    } else if v.chars().count() > max {
        err(
            out,
            field,
            "too_long",
            &format!("At most {max} characters."),
        );
    } else if v.chars().any(|c| forbidden_char(c, false)) {
        err(
            out,
            field,
            "control_character",
            "Remove the invisible characters and line breaks.",
        );
    }
}

pub(crate) fn paragraph(out: &mut Vec<FieldError>, field: &str, v: &str, min: usize) {
    let n = v.trim().chars().count();
    if n < min {
        err(
            out,
            field,
            "too_short",
            &format!("Write at least {min} characters."),
        );
    } else if v.chars().count() > TEXT_MAX {
        err(
            out,
            field,
            "too_long",
            &format!("At most {TEXT_MAX} characters."),
        );
    }
}

fn hhmm(v: &str) -> Option<u16> {
    let (h, m) = v.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

pub(crate) fn is_email(v: &str) -> bool {
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !v
            .chars()
            .any(|c| c.is_whitespace() || forbidden_char(c, false))
}

pub(crate) fn is_phone(v: &str) -> bool {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    (6..=15).contains(&digits)
        && v.chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == ' ' || (c == '+' && i == 0))
}

/// What stops the content from being submitted, field by field (empty: it can be). The
/// limits that apply even to a draft are in [`check_draft`].
pub fn check(r: &Reference, scope: &Scope, c: &CardContent) -> Vec<FieldError> {
    let mut out = check_draft(c);
    line(&mut out, "title", &c.title, 3, 120);
    line(&mut out, "service_manager", &c.service_manager, 2, 120);
    paragraph(&mut out, "needs_analysis", &c.needs_analysis, 20);
    paragraph(&mut out, "solution", &c.solution, 20);
    paragraph(&mut out, "activities", &c.activities, 20);
    match r.category(&c.category) {
        None if c.category.is_empty() => {
            err(&mut out, "category", "required", "Choose a category.")
        }
        None => err(
            &mut out,
            "category",
            "unknown_value",
            "Not a category of the catalogue.",
        ),
        Some(cat) => {
            if !cat.accreditation_types.contains(&c.accreditation_type) {
                err(
                    &mut out,
                    "accreditation_type",
                    "not_for_category",
                    "This accreditation type does not cover the category.",
                );
            } else if !scope.accreditation_types.contains(&c.accreditation_type) {
                err(
                    &mut out,
                    "accreditation_type",
                    "not_held",
                    "Your organisation does not hold this accreditation type.",
                );
            }
        }
    }
    let phone = c
        .contact_phone
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let email = c
        .contact_email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty());
    if phone.is_none() && email.is_none() {
        err(
            &mut out,
            "contact_phone",
            "contact_required",
            "Give at least one contact channel: a phone number or an e-mail address.",
        );
    }
    if let Some(p) = phone
        && !is_phone(p)
    {
        err(
            &mut out,
            "contact_phone",
            "invalid_format",
            "A phone number: digits, spaces and a leading +.",
        );
    }
    if let Some(e) = email
        && !is_email(e)
    {
        err(
            &mut out,
            "contact_email",
            "invalid_format",
            "An e-mail address.",
        );
    }
    for (i, h) in c.hours.iter().enumerate() {
        let f = format!("hours[{i}]");
        if !(1..=7).contains(&h.weekday) {
            err(
                &mut out,
                format!("{f}.weekday"),
                "out_of_range",
                "A weekday from 1 (Monday) to 7 (Sunday).",
            );
        }
        match (hhmm(&h.opens), hhmm(&h.closes)) {
            (None, _) => err(
                &mut out,
                format!("{f}.opens"),
                "invalid_format",
                "A time as HH:MM.",
            ),
            (_, None) => err(
                &mut out,
                format!("{f}.closes"),
                "invalid_format",
                "A time as HH:MM.",
            ),
            (Some(o), Some(cl)) if o >= cl => err(
                &mut out,
                format!("{f}.closes"),
                "closes_before_opens",
                "The closing time must come after the opening time.",
            ),
            _ => {}
        }
    }
    if c.zones.is_empty() {
        err(
            &mut out,
            "zones",
            "required",
            "Choose at least one zone where the service is offered.",
        );
    }
    for (i, z) in c.zones.iter().enumerate() {
        match r.zone(z) {
            None => err(
                &mut out,
                format!("zones[{i}]"),
                "unknown_value",
                "Not a zone of the reference list.",
            ),
            Some(zone) if zone.tenant_code != scope.tenant_code => err(
                &mut out,
                format!("zones[{i}]"),
                "outside_tenant",
                "Outside the area where your organisation is accredited.",
            ),
            Some(_) => {}
        }
    }
    if dup(&c.zones) {
        err(&mut out, "zones", "duplicate", "Each zone once.");
    }
    for (field, v) in [
        ("waiting_days_assessment", c.waiting_days_assessment),
        ("waiting_days_activation", c.waiting_days_activation),
    ] {
        if !(0..=365).contains(&v) {
            err(&mut out, field, "out_of_range", "Between 0 and 365 days.");
        }
    }
    for (field, kind, codes) in [
        ("recipients", vocab::RECIPIENT_GROUP, &c.recipients),
        ("delivery_places", vocab::DELIVERY_PLACE, &c.delivery_places),
        ("vouchers", vocab::VOUCHER_SCHEME, &c.vouchers),
    ] {
        for (i, code) in codes.iter().enumerate() {
            if r.term(kind, code).is_none() {
                err(
                    &mut out,
                    format!("{field}[{i}]"),
                    "unknown_value",
                    "Not a value of the reference list.",
                );
            }
        }
        if dup(codes) {
            err(&mut out, field, "duplicate", "Each value once.");
        }
    }
    if c.recipients.is_empty() {
        err(
            &mut out,
            "recipients",
            "required",
            "Say whom the service is for.",
        );
    }
    if c.delivery_places.is_empty() {
        err(
            &mut out,
            "delivery_places",
            "required",
            "Say where the service is delivered.",
        );
    }
    if c.staff.is_empty() {
        err(
            &mut out,
            "staff",
            "required",
            "Describe the staff who deliver the service.",
        );
    }
    for (i, s) in c.staff.iter().enumerate() {
        let f = format!("staff[{i}]");
        if !(1..=500).contains(&s.count) {
            err(
                &mut out,
                format!("{f}.count"),
                "out_of_range",
                "Between 1 and 500 people.",
            );
        }
        if !(0..=60).contains(&s.years_experience) {
            err(
                &mut out,
                format!("{f}.years_experience"),
                "out_of_range",
                "Between 0 and 60 years.",
            );
        }
        line(
            &mut out,
            &format!("{f}.qualification"),
            &s.qualification,
            2,
            200,
        );
        match (
            s.kind,
            s.supplier
                .as_deref()
                .map(str::trim)
                .filter(|x| !x.is_empty()),
        ) {
            (crate::domain::StaffKind::External, None) => err(
                &mut out,
                format!("{f}.supplier"),
                "required",
                "Name the organisation that supplies external staff.",
            ),
            (_, Some(sup)) => line(&mut out, &format!("{f}.supplier"), sup, 2, 200),
            _ => {}
        }
    }
    if c.prices.is_empty() {
        err(&mut out, "prices", "required", "State at least one price.");
    }
    for (i, p) in c.prices.iter().enumerate() {
        let f = format!("prices[{i}]");
        if r.term(vocab::PRICE_UNIT, &p.unit).is_none() {
            err(
                &mut out,
                format!("{f}.unit"),
                "unknown_value",
                "Choose a unit of the list.",
            );
        }
        if p.price_cents <= 0 || p.price_cents > 100_000_000 {
            err(
                &mut out,
                format!("{f}.price_cents"),
                "out_of_range",
                "A price above 0 €, VAT included.",
            );
        }
        if !money::is_valid_vat_rate(p.vat_rate_bp) {
            err(
                &mut out,
                format!("{f}.vat_rate_bp"),
                "unknown_value",
                "An Italian VAT rate: 0, 4, 5, 10 or 22 %.",
            );
        }
        if p.is_package && p.label.as_deref().is_none_or(|l| l.trim().is_empty()) {
            err(
                &mut out,
                format!("{f}.label"),
                "required",
                "Say what the package holds (\"10 ore\").",
            );
        }
        if let Some(l) = p.label.as_deref().filter(|l| !l.trim().is_empty()) {
            line(&mut out, &format!("{f}.label"), l, 1, 120);
        }
    }
    for (i, l) in c.languages.iter().enumerate() {
        if !language::is_iso_639_1(l) {
            err(
                &mut out,
                format!("languages[{i}]"),
                "unknown_value",
                "A language code of ISO 639-1 (it, en, es…).",
            );
        }
    }
    if dup(&c.languages) {
        err(&mut out, "languages", "duplicate", "Each language once.");
    }
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out.dedup_by(|a, b| a.field == b.field && a.code == b.code);
    out
}

pub(crate) fn dup(v: &[String]) -> bool {
    let mut s: Vec<&String> = v.iter().collect();
    s.sort();
    s.windows(2).any(|w| w[0] == w[1])
}

/// The limits even a draft respects (it is stored as it is): lengths and list sizes.
pub fn check_draft(c: &CardContent) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut cap = |field: &str, n: usize, max: usize| {
        if n > max {
            err(&mut out, field, "too_long", &format!("At most {max}."));
        }
    };
    for (field, v, max) in [
        ("title", &c.title, 120),
        ("category", &c.category, 60),
        ("accreditation_type", &c.accreditation_type, 10),
        ("service_manager", &c.service_manager, 120),
        ("needs_analysis", &c.needs_analysis, TEXT_MAX),
        ("solution", &c.solution, TEXT_MAX),
        ("activities", &c.activities, TEXT_MAX),
    ] {
        cap(field, v.chars().count(), max);
    }
    cap(
        "contact_phone",
        c.contact_phone.as_deref().map_or(0, |v| v.chars().count()),
        30,
    );
    cap(
        "contact_email",
        c.contact_email.as_deref().map_or(0, |v| v.chars().count()),
        254,
    );
    cap("hours", c.hours.len(), 21);
    cap("zones", c.zones.len(), 200);
    cap("recipients", c.recipients.len(), 20);
    cap("delivery_places", c.delivery_places.len(), 20);
    cap("vouchers", c.vouchers.len(), 20);
    cap("staff", c.staff.len(), 30);
    cap("prices", c.prices.len(), 30);
    cap("languages", c.languages.len(), 30);
    let short = |v: &String| v.chars().count() <= 60;
    if !c
        .zones
        .iter()
        .chain(&c.recipients)
        .chain(&c.delivery_places)
        .chain(&c.vouchers)
        .chain(&c.languages)
        .all(short)
    {
        err(
            &mut out,
            "body",
            "too_long",
            "A code is at most 60 characters.",
        );
    }
    for (i, s) in c.staff.iter().enumerate() {
        if s.qualification.chars().count() > 200
            || s.supplier
                .as_deref()
                .is_some_and(|x| x.chars().count() > 200)
        {
            err(
                &mut out,
                format!("staff[{i}]"),
                "too_long",
                "At most 200 characters.",
            );
        }
    }
    for (i, p) in c.prices.iter().enumerate() {
        if p.unit.chars().count() > 40
            || p.label.as_deref().is_some_and(|l| l.chars().count() > 120)
        {
            err(
                &mut out,
                format!("prices[{i}]"),
                "too_long",
                "At most 120 characters.",
            );
        }
    }
    for (i, h) in c.hours.iter().enumerate() {
        if h.opens.len() > 5 || h.closes.len() > 5 {
            err(
                &mut out,
                format!("hours[{i}]"),
                "invalid_format",
                "A time as HH:MM.",
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_contacts() {
        assert_eq!(hhmm("09:30"), Some(570));
        assert_eq!(hhmm("24:00"), None);
        assert_eq!(hhmm("9:30"), None);
        assert!(is_email("info@coop.it"));
        assert!(!is_email("info@coop"));
        assert!(!is_email("in fo@coop.it"));
        assert!(is_phone("+39 02 1234567"));
        assert!(!is_phone("02-1234567"));
        assert!(!is_phone("12"));
    }

    #[test]
    fn a_draft_is_bounded_even_when_incomplete() {
        assert!(check_draft(&CardContent::default()).is_empty());
        let long = CardContent {
            title: "x".repeat(121),
            zones: vec!["z".into(); 201],
            ..Default::default()
        };
        let fields: Vec<String> = check_draft(&long).into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["title", "zones"]);
    }
}
