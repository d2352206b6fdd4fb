//! Strict parsing of the search query string: every bad parameter is reported by name,
//! unknown codes are rejected against the reference data, nothing reaches SQL unchecked.
use crate::api::services::{SearchQuery, SearchSort};
use crate::error::{ApiError, FieldError};
use crate::reference::{Reference, vocab};

pub const MAX_PER_PAGE: u32 = 100;
pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PAGE: u32 = 10_000;
const MAX_Q_CHARS: usize = 200;

/// A validated search.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SearchParams {
    /// The text searched for, as typed (the engine analyses it); None without text.
    pub text: Option<String>,
    pub macro_area: Option<String>,
    pub category: Option<String>,
    pub accreditation_type: Option<String>,
    /// The zone ids a zone filter matches (the zone, its children and its parent).
    pub zone_ids: Option<Vec<i32>>,
    pub recipient: Option<String>,
    pub delivery_place: Option<String>,
    pub max_price_cents: Option<i64>,
    pub price_unit: Option<String>,
    pub max_waiting_days: Option<i32>,
    pub voucher: Option<String>,
    /// An ISO 639-1 code the card's staff speak.
    pub language: Option<String>,
    pub quote_available: Option<bool>,
    pub sort: SearchSort,
    /// Only cards published after this instant, in milliseconds (never from the query
    /// string: a saved search's alert sets it).
    pub published_after: Option<i64>,
    pub page: u32,
    pub per_page: u32,
}

impl SearchParams {
    /// Parses a query string strictly (see `input::parse_query`), then checks codes and
    /// ranges against the reference data.
    pub fn parse(query_string: &str, reference: &Reference) -> Result<Self, ApiError> {
        Self::from_query(crate::input::parse_query(query_string)?, reference)
    }

    /// Checks the parameters of a search; every bad one is reported by name.
    pub fn from_query(q: SearchQuery, r: &Reference) -> Result<Self, ApiError> {
        let mut errors = Vec::new();
        let mut keep = |res: Result<Option<String>, FieldError>| match res {
            Ok(v) => v,
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let text = match &q.q {
            Some(v) if v.chars().count() > MAX_Q_CHARS => {
                keep(Err(FieldError::new(
                    "q",
                    "too_long",
                    format!("At most {MAX_Q_CHARS} characters."),
                )));
                None
            }
            Some(v) if !v.trim().is_empty() => Some(v.trim().to_owned()),
            _ => None,
        };
        let macro_area = keep(known("macro_area", &q.macro_area, |v| {
            r.macro_area(v).is_some()
        }));
        let category = keep(known("category", &q.category, |v| r.category(v).is_some()));
        let accreditation_type = keep(known("accreditation_type", &q.accreditation_type, |v| {
            r.accreditation_type(v).is_some()
        }));
        let zone = keep(known("zone", &q.zone, |v| r.zone(v).is_some()));
        let recipient = keep(known("recipient", &q.recipient, |v| {
            r.term(vocab::RECIPIENT_GROUP, v).is_some()
        }));
        let delivery_place = keep(known("delivery_place", &q.delivery_place, |v| {
            r.term(vocab::DELIVERY_PLACE, v).is_some()
        }));
        let price_unit = keep(known("price_unit", &q.price_unit, |v| {
            r.term(vocab::PRICE_UNIT, v).is_some()
        }));
        let voucher = keep(known("voucher", &q.voucher, |v| {
            r.term(vocab::VOUCHER_SCHEME, v).is_some()
        }));
        let language = keep(known("language", &q.language, |v| {
            crate::domain::language::is_iso_639_1(v)
        }));
        let mut range = |key: &str, v: Option<i64>, min: i64, max: i64| match v {
            Some(n) if n < min || n > max => {
                errors.push(FieldError::new(
                    key,
                    "out_of_range",
                    format!("Must be between {min} and {max}."),
                ));
                None
            }
            other => other,
        };
        let max_price_cents = range("max_price_cents", q.max_price_cents, 0, 100_000_000);
        let max_waiting_days = range(
            "max_waiting_days",
            q.max_waiting_days.map(i64::from),
            0,
            365,
        );
        let page = range("page", q.page.map(i64::from), 1, i64::from(MAX_PAGE));
        let per_page = range(
            "per_page",
            q.per_page.map(i64::from),
            1,
            i64::from(MAX_PER_PAGE),
        );
        if !errors.is_empty() {
            return Err(ApiError::Validation(errors));
        }
        Ok(SearchParams {
            text,
            macro_area,
            category,
            accreditation_type,
            zone_ids: zone.and_then(|z| r.zone(&z)).map(|z| r.zone_match_ids(z)),
            recipient,
            delivery_place,
            max_price_cents,
            price_unit,
            max_waiting_days: max_waiting_days.map(|n| n as i32),
            voucher,
            language,
            quote_available: q.quote_available,
            sort: q.sort.unwrap_or_default(),
            published_after: None,
            page: page.map_or(1, |n| n as u32),
            per_page: per_page.map_or(DEFAULT_PER_PAGE, |n| n as u32),
        })
    }
}

/// A code checked against the reference data.
fn known(
    key: &str,
    v: &Option<String>,
    ok: impl Fn(&str) -> bool,
) -> Result<Option<String>, FieldError> {
    match v {
        Some(v) if ok(v) => Ok(Some(v.clone())),
        Some(_) => Err(unknown(key)),
        None => Ok(None),
    }
}

fn unknown(key: &str) -> FieldError {
    FieldError::new(
        key,
        "unknown_value",
        "Unknown code: see /api/v1/catalogue and /api/v1/zones for the valid ones.",
    )
}
