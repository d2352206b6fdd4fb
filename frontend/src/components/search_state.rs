//! The search's state as it lives in the URL: the parameters the page understands, read
//! from the address, written back without empty values.
use crate::api::{self, SearchServicesQuery};
use leptos_router::params::ParamsMap;

/// The URL parameters the page understands, in the order they are written.
pub const KEYS: [&str; 15] = [
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
    "language",
    "quote_available",
    "sort",
    "page",
];

/// The parameters that are not filters (they do not count in "Filters (N)").
const NOT_FILTERS: [&str; 3] = ["q", "sort", "page"];

pub type Pairs = Vec<(String, String)>;

/// The parameters of the address, without empty ones. The form's `max_price_eur` (a
/// submission without JavaScript) is read as `max_price_cents`.
pub fn from_query(q: &ParamsMap) -> Pairs {
    let mut out: Pairs = KEYS
        .iter()
        .filter_map(|k| {
            q.get(k)
                .filter(|v| !v.trim().is_empty())
                .map(|v| (k.to_string(), v))
        })
        .collect();
    if value(&out, "max_price_cents").is_empty()
        && let Some(cents) = q.get("max_price_eur").as_deref().and_then(euro_cents)
    {
        out.push(("max_price_cents".into(), cents));
    }
    // The form's default order is no choice at all.
    out.retain(|(k, v)| !(k == "sort" && v == "relevance"));
    out
}

/// "12,50" or "12.5" euros as cents, to the nearest cent; `None` unless a plain amount.
/// In integers: a float parser would bring its tables into the catalogue's bundle.
pub fn euro_cents(v: &str) -> Option<String> {
    let v = v.trim();
    let v = v.strip_prefix('+').unwrap_or(v);
    let (whole, frac) = v.split_once(['.', ',']).unwrap_or((v, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
        return None;
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let digit = |i: usize| frac.as_bytes().get(i).map_or(0, |b| u64::from(b - b'0'));
    let cents = whole
        .checked_mul(100)?
        .checked_add(digit(0) * 10 + digit(1) + u64::from(digit(2) >= 5))?;
    i64::try_from(cents).ok().map(|c| c.to_string())
}

/// Results per page: ten, as search pages on phones show; each result hydrates its own
/// interactive parts, and twenty made the page's start-up a long task on a slow phone.
pub const PER_PAGE: i64 = 10;

pub fn to_query(p: &Pairs) -> SearchServicesQuery {
    let get = |k: &str| p.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    SearchServicesQuery {
        q: get("q"),
        macro_area: get("macro_area"),
        category: get("category"),
        accreditation_type: get("accreditation_type"),
        zone: get("zone"),
        recipient: get("recipient"),
        delivery_place: get("delivery_place"),
        max_price_cents: get("max_price_cents").and_then(|v| v.parse().ok()),
        price_unit: get("price_unit"),
        max_waiting_days: get("max_waiting_days").and_then(|v| v.parse().ok()),
        voucher: get("voucher"),
        language: get("language"),
        quote_available: get("quote_available").map(|v| v == "true"),
        sort: get("sort"),
        page: get("page").and_then(|v| v.parse().ok()),
        per_page: Some(PER_PAGE),
    }
}

pub fn href(p: &Pairs) -> String {
    let qs: Vec<String> = p
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", api::encode(v)))
        .collect();
    if qs.is_empty() {
        "/cerca".into()
    } else {
        format!("/cerca?{}", qs.join("&"))
    }
}

/// The current parameters with `key` set to `value` (or removed), back to page 1.
pub fn with(p: &Pairs, key: &str, value: Option<&str>) -> String {
    let mut out: Pairs = p
        .iter()
        .filter(|(k, _)| k != key && k != "page")
        .cloned()
        .collect();
    if let Some(v) = value {
        out.push((key.to_owned(), v.to_owned()));
    }
    href(&out)
}

pub fn value(p: &Pairs, k: &str) -> String {
    p.iter()
        .find(|(key, _)| key == k)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// How many filters are set (the text, the order and the page are not filters).
pub fn filter_count(p: &Pairs) -> usize {
    p.iter()
        .filter(|(k, _)| !NOT_FILTERS.contains(&k.as_str()))
        .count()
}

/// The parameters a submitted search form holds, in the order of `KEYS`, without empty
/// values, the default order or a page.
pub fn from_form(data: &web_sys::FormData) -> Pairs {
    let field = |k: &str| data.get(k).as_string().unwrap_or_default();
    let mut out = Pairs::new();
    for key in KEYS {
        let v = if key == "max_price_cents" {
            euro_cents(&field("max_price_eur")).unwrap_or_default()
        } else {
            field(key).trim().to_owned()
        };
        if v.is_empty() || key == "page" || (key == "sort" && v == "relevance") {
            continue;
        }
        out.push((key.to_owned(), v));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::euro_cents;

    #[test]
    fn euros_as_cents() {
        for (eur, cents) in [
            ("30", Some("3000")),
            (" 12,50 ", Some("1250")),
            ("12.5", Some("1250")),
            ("0.125", Some("13")),
            ("0.124", Some("12")),
            (".5", Some("50")),
            ("7.", Some("700")),
            ("+3", Some("300")),
            ("", None),
            (".", None),
            ("-1", None),
            ("1e3", None),
            ("1.2.3", None),
            ("99999999999999999999", None),
        ] {
            assert_eq!(euro_cents(eur).as_deref(), cents, "{eur}");
        }
    }
}
