//! Strict parsing of the search query string: every bad parameter is reported by name,
//! unknown codes are rejected against the reference data, nothing reaches SQL unchecked.
use crate::api::services::SearchSort;
use crate::domain::text;
use crate::error::{ApiError, FieldError};
use crate::reference::{Reference, vocab};

pub const MAX_PER_PAGE: u32 = 100;
pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PAGE: u32 = 10_000;
const MAX_Q_CHARS: usize = 200;
const MAX_TERMS: usize = 8;

/// A validated search.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SearchParams {
    /// Normalised, stemmed query terms (all must match).
    pub terms: Vec<String>,
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
    pub quote_available: Option<bool>,
    pub sort: SearchSort,
    pub page: u32,
    pub per_page: u32,
}

const KNOWN: [&str; 15] = [
    "q",
    "macro_area",
    "category",
    "accreditation_type",
    "zone",
    "recipient",
    "delivery_place",
    "max_price_cents",
    "price_unit",
    "max_waiting_days",
    "voucher",
    "quote_available",
    "sort",
    "page",
    "per_page",
];

impl SearchParams {
    pub fn parse(query_string: &str, reference: &Reference) -> Result<Self, ApiError> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query_string).map_err(|_| {
                ApiError::field(
                    "query",
                    "invalid_format",
                    "The query string is not valid URL encoding.",
                )
            })?;
        let mut errors = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut p = SearchParams {
            page: 1,
            per_page: DEFAULT_PER_PAGE,
            ..Default::default()
        };
        for (key, raw) in &pairs {
            if !KNOWN.contains(&key.as_str()) {
                errors.push(FieldError::new(
                    truncate(key, 40),
                    "unknown_parameter",
                    format!("Unknown parameter. Known parameters: {}.", KNOWN.join(", ")),
                ));
                continue;
            }
            if !seen.insert(key.as_str()) {
                errors.push(FieldError::new(
                    key,
                    "duplicate",
                    "Give this parameter once.",
                ));
                continue;
            }
            let value = raw.trim();
            if value.is_empty() {
                continue; // an empty form field means "no filter"
            }
            if let Err(e) = p.set(key, value, reference) {
                errors.push(e);
            }
        }
        if errors.is_empty() {
            Ok(p)
        } else {
            Err(ApiError::Validation(errors))
        }
    }

    fn set(&mut self, key: &str, v: &str, r: &Reference) -> Result<(), FieldError> {
        match key {
            "q" => {
                if v.chars().count() > MAX_Q_CHARS {
                    return Err(FieldError::new(
                        key,
                        "too_long",
                        format!("At most {MAX_Q_CHARS} characters."),
                    ));
                }
                self.terms = text::query_terms(v, MAX_TERMS);
            }
            "macro_area" => self.macro_area = Some(known(key, v, r.macro_area(v).is_some())?),
            "category" => self.category = Some(known(key, v, r.category(v).is_some())?),
            "accreditation_type" => {
                let code = v.to_ascii_uppercase();
                self.accreditation_type =
                    Some(known(key, &code, r.accreditation_type(&code).is_some())?);
            }
            "zone" => {
                let zone = r.zone(v).ok_or_else(|| unknown(key))?;
                self.zone_ids = Some(r.zone_match_ids(zone));
            }
            "recipient" => {
                self.recipient = Some(known(key, v, r.term(vocab::RECIPIENT_GROUP, v).is_some())?)
            }
            "delivery_place" => {
                self.delivery_place =
                    Some(known(key, v, r.term(vocab::DELIVERY_PLACE, v).is_some())?)
            }
            "price_unit" => {
                self.price_unit = Some(known(key, v, r.term(vocab::PRICE_UNIT, v).is_some())?)
            }
            "voucher" => {
                self.voucher = Some(known(key, v, r.term(vocab::VOUCHER_SCHEME, v).is_some())?)
            }
            "max_price_cents" => self.max_price_cents = Some(int(key, v, 0, 100_000_000)?),
            "max_waiting_days" => self.max_waiting_days = Some(int(key, v, 0, 365)? as i32),
            "page" => self.page = int(key, v, 1, i64::from(MAX_PAGE))? as u32,
            "per_page" => self.per_page = int(key, v, 1, i64::from(MAX_PER_PAGE))? as u32,
            "quote_available" => {
                self.quote_available = Some(match v {
                    "true" => true,
                    "false" => false,
                    _ => return Err(FieldError::new(key, "invalid_format", "Use true or false.")),
                })
            }
            "sort" => {
                self.sort = match v {
                    "relevance" => SearchSort::Relevance,
                    "price" => SearchSort::Price,
                    "waiting" => SearchSort::Waiting,
                    _ => {
                        return Err(FieldError::new(
                            key,
                            "unknown_value",
                            "Use relevance, price or waiting.",
                        ));
                    }
                }
            }
            _ => return Err(unknown(key)),
        }
        Ok(())
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

fn unknown(key: &str) -> FieldError {
    FieldError::new(
        key,
        "unknown_value",
        "Unknown code: see /api/v1/catalogue and /api/v1/zones for the valid ones.",
    )
}

fn known(key: &str, v: &str, ok: bool) -> Result<String, FieldError> {
    if ok {
        Ok(v.to_owned())
    } else {
        Err(unknown(key))
    }
}

fn int(key: &str, v: &str, min: i64, max: i64) -> Result<i64, FieldError> {
    let n: i64 = v
        .parse()
        .map_err(|_| FieldError::new(key, "invalid_format", "Expected a whole number."))?;
    if n < min || n > max {
        return Err(FieldError::new(
            key,
            "out_of_range",
            format!("Must be between {min} and {max}."),
        ));
    }
    Ok(n)
}
