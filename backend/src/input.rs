//! What a request carries, read strictly, in one place for every route:
//!
//! - `Body<T>`: a JSON body. Wrong media type → 415, too large → 413, not JSON → 400;
//!   then each string is checked for control characters (NUL breaks PostgreSQL, others
//!   hide text), and the value is read into `T` with the path of the first bad field
//!   (`prices[0].vat_rate_bp`) → 422.
//! - `Query<T>`: the query string. Every parameter must be one `T` declares (its
//!   `IntoParams`), given once, without control characters, and valid for its type (an
//!   empty value is a value: a number or a code cannot be empty). Each problem names
//!   its parameter → 422.
//! - `path_id`: a UUID path segment, or a 422 naming it.
//!
//! Only syntax is checked here; rules (lengths, codes, ranges) are checked by the
//! services after authorization, so a caller who may not act learns nothing from them.
use crate::error::{ApiError, FieldError};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashSet;
use utoipa::IntoParams;

/// What a JSON route answers to another media type.
pub const JSON_ONLY: &str = "Send JSON with Content-Type: application/json.";

/// The largest JSON body a route accepts unless it says otherwise.
pub const BODY_LIMIT: usize = 16 * 1024;

/// An uploaded file, the whole body of the request: its declared type must be one of
/// `types` (415 otherwise; what the bytes really are is for the caller to check), and it
/// may not be over `limit` bytes (413, refused from `Content-Length` before reading when
/// declared, or as soon as the bytes read pass it).
pub async fn read_upload(
    req: &HttpRequest,
    mut payload: web::Payload,
    types: &[&str],
    refused: &'static str,
    limit: usize,
) -> Result<(String, web::Bytes), ApiError> {
    use futures_util::StreamExt;
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .filter(|v| types.contains(&v.as_str()))
        .ok_or(ApiError::UnsupportedMediaType(refused))?;
    let too_large = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > limit);
    if too_large {
        return Err(ApiError::PayloadTooLarge);
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|_| ApiError::BadRequest("The body could not be read.".into()))?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok((declared, body.freeze()))
}

/// A JSON request body. `MULTILINE` names the fields where line breaks and tabs are text
/// (descriptions, messages); everywhere else every control character is refused.
pub trait JsonBody: DeserializeOwned {
    const MULTILINE: &'static [&'static str] = &[];
    /// The largest body accepted, in bytes.
    const LIMIT: usize = BODY_LIMIT;
}

/// The characters `forbidden_char` refuses, as a regular-expression class (the OpenAPI
/// document's patterns).
pub const FORBIDDEN_CLASS: &str = r"\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069";

/// Characters refused in text: the control characters (C0, DEL, C1) and the
/// bidirectional overrides and isolates that make text display other than it reads.
pub fn forbidden_char(c: char, multiline: bool) -> bool {
    if multiline && matches!(c, '\n' | '\r' | '\t') {
        return false;
    }
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn control_error(field: String) -> FieldError {
    FieldError::new(
        field,
        "control_character",
        "Remove the control characters (invisible characters, line breaks) from this text.",
    )
}

/// Every string (keys and values) of a JSON value with a forbidden character, by path.
fn check_text(v: &Value, path: &str, multiline: &[&str], out: &mut Vec<FieldError>) {
    match v {
        Value::String(s) => {
            let last = path
                .rsplit('.')
                .next()
                .unwrap_or(path)
                .split('[')
                .next()
                .unwrap_or("");
            let ml = multiline.contains(&last);
            if s.chars().any(|c| forbidden_char(c, ml)) {
                out.push(control_error(path.to_owned()));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check_text(item, &format!("{path}[{i}]"), multiline, out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                if k.chars().any(|c| forbidden_char(c, false)) {
                    out.push(control_error(truncate(&p, 80)));
                    continue;
                }
                check_text(item, &p, multiline, out);
            }
        }
        _ => {}
    }
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// A serde error at `path` as a field problem.
fn serde_field_error(path: String, message: &str) -> FieldError {
    let join = |name: &str| {
        if path.is_empty() || path == "." {
            name.to_owned()
        } else if path == name || path.ends_with(&format!(".{name}")) {
            path.clone()
        } else {
            format!("{path}.{name}")
        }
    };
    let (field, code) = if let Some(rest) = message.strip_prefix("unknown field `") {
        (join(rest.split('`').next().unwrap_or("")), "unknown_field")
    } else if let Some(rest) = message.strip_prefix("missing field `") {
        (join(rest.split('`').next().unwrap_or("")), "required")
    } else if message.starts_with("unknown variant") {
        (path, "unknown_value")
    } else {
        (path, "invalid_format")
    };
    let field = if field.is_empty() || field == "." {
        "body".to_owned()
    } else {
        truncate(&field, 80)
    };
    let message = match code {
        "unknown_field" => "This field does not exist here.",
        "required" => "This field is required.",
        "unknown_value" => "Not one of the values this field takes.",
        _ => "Check this field's type and format.",
    };
    FieldError::new(field, code, message)
}

/// Reads a JSON value into `T`, naming the field of the first error.
pub fn from_json<T: DeserializeOwned>(v: Value) -> Result<T, ApiError> {
    serde_path_to_error::deserialize::<_, T>(v).map_err(|e| {
        let path = e.path().to_string();
        let message = e.inner().to_string();
        ApiError::Validation(vec![serde_field_error(path, &message)])
    })
}

/// Parses and checks a JSON body (see the module's documentation).
pub fn parse_body<T: JsonBody>(content_type: Option<&str>, bytes: &[u8]) -> Result<T, ApiError> {
    let json = content_type.is_some_and(|ct| {
        let essence = ct.split(';').next().unwrap_or("").trim();
        essence.eq_ignore_ascii_case("application/json")
            || (essence.starts_with("application/") && essence.ends_with("+json"))
    });
    if !json {
        return Err(ApiError::UnsupportedMediaType(JSON_ONLY));
    }
    if bytes.len() > T::LIMIT {
        return Err(ApiError::PayloadTooLarge);
    }
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|_| ApiError::BadRequest("The body is not valid JSON.".into()))?;
    // A JSON object, with named fields (serde would also read a struct from an array).
    if !value.is_object() {
        return Err(ApiError::field(
            "body",
            "invalid_format",
            "Send a JSON object with the fields by name.",
        ));
    }
    let mut errors = Vec::new();
    check_text(&value, "", T::MULTILINE, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    from_json(value)
}

/// A JSON body, read strictly (see the module's documentation).
#[derive(Debug)]
pub struct Body<T>(pub T);

impl<T> Body<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Body<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: JsonBody + 'static> FromRequest for Body<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let content_type = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let declared_too_large = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok())
            .is_some_and(|n| n > T::LIMIT);
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if declared_too_large {
                return Err(ApiError::PayloadTooLarge);
            }
            let bytes = bytes.await.map_err(|e| {
                if e.as_response_error().status_code()
                    == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE
                {
                    ApiError::PayloadTooLarge
                } else {
                    ApiError::BadRequest("The body could not be read.".into())
                }
            })?;
            parse_body::<T>(content_type.as_deref(), &bytes).map(Body)
        })
    }
}

/// The query string's parameters, checked against the names `T` declares.
pub fn parse_query<T: DeserializeOwned + IntoParams>(raw: &str) -> Result<T, ApiError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).map_err(|_| {
        ApiError::field(
            "query",
            "invalid_format",
            "The query string is not valid URL encoding.",
        )
    })?;
    let known: Vec<String> = T::into_params(|| Some(utoipa::openapi::path::ParameterIn::Query))
        .into_iter()
        .map(|p| p.name)
        .collect();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut given = Vec::new();
    for (key, value) in pairs {
        if key.chars().any(|c| forbidden_char(c, false)) || !known.contains(&key) {
            let message = if known.is_empty() {
                "This route takes no query parameters.".to_owned()
            } else {
                format!("Unknown parameter. Known parameters: {}.", known.join(", "))
            };
            let name: String = key
                .chars()
                .filter(|c| !forbidden_char(*c, false))
                .take(40)
                .collect();
            errors.push(FieldError::new(
                if name.is_empty() {
                    "query".into()
                } else {
                    name
                },
                "unknown_parameter",
                message,
            ));
            continue;
        }
        if !seen.insert(key.clone()) {
            errors.push(FieldError::new(
                key,
                "duplicate",
                "Give this parameter once.",
            ));
            continue;
        }
        if value.chars().any(|c| forbidden_char(c, false)) {
            errors.push(control_error(key));
            continue;
        }
        given.push((key, value));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    // Each parameter on its own, so every bad one is named.
    for (key, value) in &given {
        let one = serde_urlencoded::to_string([(key, value)]).unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(one.as_bytes()));
        if let Err(e) = serde_path_to_error::deserialize::<_, T>(de) {
            let message = e.inner().to_string();
            if !message.starts_with("missing field") {
                errors.push(serde_field_error(key.clone(), &message));
            }
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let all = serde_urlencoded::to_string(&given).unwrap_or_default();
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(all.as_bytes()));
    serde_path_to_error::deserialize::<_, T>(de).map_err(|e| {
        let path = e.path().to_string();
        ApiError::Validation(vec![serde_field_error(path, &e.inner().to_string())])
    })
}

/// The query string, read strictly (see the module's documentation).
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + IntoParams> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(parse_query::<T>(req.query_string()).map(Query))
    }
}

/// An input read now and checked later: the handler asks the policy first, so a caller
/// who may not act gets 403 whatever they sent, and learns nothing from validation.
pub struct Deferred<T>(Result<T, ApiError>);

impl<T> Deferred<T> {
    pub fn get(self) -> Result<T, ApiError> {
        self.0
    }
}

impl<T: FromRequest<Error = ApiError> + 'static> FromRequest for Deferred<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let inner = T::from_request(req, payload);
        Box::pin(async move { Ok(Deferred(inner.await)) })
    }
}

/// The parameters of a route that takes none: any given one is a 422 naming it.
#[derive(Debug, Default, serde::Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

/// Parses a UUID path segment, reporting a malformed one by its name.
pub fn path_id(name: &str, raw: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(raw)
        .map_err(|_| ApiError::field(name, "invalid_format", "Expected a UUID."))
}

/// An integer field that also takes a JSON number with a zero fraction (`5.0`): JSON
/// Schema calls it an integer, and so do the clients that write numbers as floats.
pub fn integral<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<i64>,
{
    use serde::Deserialize;
    use serde::de::Error;
    let n = serde_json::Number::deserialize(d)?;
    let i = match (n.as_i64(), n.as_f64()) {
        (Some(i), _) => i,
        (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => f as i64,
        _ => return Err(D::Error::custom("an integer")),
    };
    T::try_from(i).map_err(|_| D::Error::custom("an integer in range"))
}

/// `integral` for an optional field (`null` or absent: `None`).
pub fn integral_opt<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<i64>,
{
    use serde::Deserialize;
    #[derive(Deserialize)]
    struct Wrap<T: TryFrom<i64>>(#[serde(deserialize_with = "integral")] T);
    Ok(Option::<Wrap<T>>::deserialize(d)?.map(|w| w.0))
}

/// `integral` for a list of integers.
pub fn integral_list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<i64>,
{
    use serde::Deserialize;
    #[derive(Deserialize)]
    struct Wrap<T: TryFrom<i64>>(#[serde(deserialize_with = "integral")] T);
    Ok(Vec::<Wrap<T>>::deserialize(d)?
        .into_iter()
        .map(|w| w.0)
        .collect())
}

/// Checks a single-line text field: at most `max` characters as sent, at least `min`
/// once trimmed (so not blank), no control characters; returns it trimmed.
pub fn text_field(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: &str,
    min: usize,
    max: usize,
) -> Option<String> {
    let v = value.trim();
    if v.chars().count() < min
        || value.chars().count() > max
        || value.chars().any(|c| forbidden_char(c, false))
    {
        errors.push(FieldError::new(
            field,
            "out_of_range",
            format!("Between {min} and {max} characters, on one line."),
        ));
        return None;
    }
    Some(v.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Named {
        name: String,
        #[serde(default)]
        notes: Option<String>,
        #[serde(default)]
        items: Vec<Item>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Item {
        count: u32,
    }

    impl JsonBody for Named {
        const MULTILINE: &'static [&'static str] = &["notes"];
    }

    fn fields(e: ApiError) -> Vec<(String, String)> {
        match e {
            ApiError::Validation(errs) => errs.into_iter().map(|e| (e.field, e.code)).collect(),
            other => vec![("".into(), other.to_string())],
        }
    }

    const JSON: Option<&str> = Some("application/json");

    #[derive(Debug, serde::Deserialize)]
    struct Count {
        #[serde(deserialize_with = "integral")]
        n: i16,
    }

    #[test]
    fn integers_may_be_written_with_a_zero_fraction() {
        let n = |json: &str| from_json::<Count>(serde_json::from_str(json).unwrap()).map(|c| c.n);
        assert_eq!(n(r#"{"n": 5}"#).ok(), Some(5));
        assert_eq!(n(r#"{"n": 5.0}"#).ok(), Some(5));
        assert!(n(r#"{"n": 5.5}"#).is_err());
        assert!(n(r#"{"n": 40000}"#).is_err(), "out of i16");
        assert!(n(r#"{"n": "5"}"#).is_err());
    }

    #[test]
    fn bodies_are_read_strictly() {
        let ok: Named = parse_body(
            JSON,
            br#"{"name":"Anna","notes":"a\nb","items":[{"count":2}]}"#,
        )
        .unwrap();
        assert_eq!(ok.name, "Anna");
        assert_eq!(ok.notes.as_deref(), Some("a\nb"));
        assert_eq!(ok.items.iter().map(|i| i.count).sum::<u32>(), 2);
        // NUL and other control characters, with the field named.
        let e = parse_body::<Named>(JSON, br#"{"name":"Nome\u0000Nascosto"}"#).unwrap_err();
        assert_eq!(fields(e), [("name".into(), "control_character".into())]);
        let e = parse_body::<Named>(JSON, br#"{"name":"a\nb"}"#).unwrap_err();
        assert_eq!(fields(e), [("name".into(), "control_character".into())]);
        let e = parse_body::<Named>(JSON, "{\"name\":\"x\u{202E}y\"}".as_bytes()).unwrap_err();
        assert_eq!(fields(e), [("name".into(), "control_character".into())]);
        // Line breaks are text in multi-line fields, NUL never is.
        let e = parse_body::<Named>(JSON, br#"{"name":"a","notes":"x\u0000"}"#).unwrap_err();
        assert_eq!(fields(e), [("notes".into(), "control_character".into())]);
        // Paths of nested errors.
        let e = parse_body::<Named>(JSON, br#"{"name":"a","items":[{"count":1},{"count":-1}]}"#)
            .unwrap_err();
        assert_eq!(
            fields(e),
            [("items[1].count".into(), "invalid_format".into())]
        );
        let e = parse_body::<Named>(JSON, br#"{"name":"a","extra":1}"#).unwrap_err();
        assert_eq!(fields(e), [("extra".into(), "unknown_field".into())]);
        let e = parse_body::<Named>(JSON, br#"{}"#).unwrap_err();
        assert_eq!(fields(e), [("name".into(), "required".into())]);
        // Not JSON, another media type, too large.
        assert!(matches!(
            parse_body::<Named>(JSON, b"{").unwrap_err(),
            ApiError::BadRequest(_)
        ));
        assert!(matches!(
            parse_body::<Named>(JSON, b"").unwrap_err(),
            ApiError::BadRequest(_)
        ));
        // Positional arrays are not objects.
        let e = parse_body::<Named>(JSON, br#"["Anna", null, []]"#).unwrap_err();
        assert_eq!(fields(e), [("body".into(), "invalid_format".into())]);
        assert!(matches!(
            parse_body::<Named>(Some("text/plain"), br#"{"name":"a"}"#).unwrap_err(),
            ApiError::UnsupportedMediaType(JSON_ONLY)
        ));
        assert!(matches!(
            parse_body::<Named>(None, br#"{"name":"a"}"#).unwrap_err(),
            ApiError::UnsupportedMediaType(JSON_ONLY)
        ));
        let big = format!(r#"{{"name":"{}"}}"#, "x".repeat(BODY_LIMIT));
        assert!(matches!(
            parse_body::<Named>(JSON, big.as_bytes()).unwrap_err(),
            ApiError::PayloadTooLarge
        ));
    }

    #[derive(Debug, serde::Deserialize, IntoParams)]
    #[serde(deny_unknown_fields)]
    struct Q {
        tenant: Option<String>,
        page: Option<u32>,
    }

    #[test]
    fn query_strings_are_read_strictly() {
        let q: Q = parse_query("tenant=milano&page=2").unwrap();
        assert_eq!((q.tenant.as_deref(), q.page), (Some("milano"), Some(2)));
        // An empty value is a value: valid for a string, not for a number.
        let q: Q = parse_query("tenant=").unwrap();
        assert_eq!(q.tenant.as_deref(), Some(""));
        let e = parse_query::<Q>("page=").unwrap_err();
        assert_eq!(fields(e), [("page".into(), "invalid_format".into())]);
        let e = parse_query::<Q>("foo=1&tenant=a&tenant=b&bar=2").unwrap_err();
        assert_eq!(
            fields(e),
            [
                ("foo".into(), "unknown_parameter".into()),
                ("tenant".into(), "duplicate".into()),
                ("bar".into(), "unknown_parameter".into())
            ]
        );
        let e = parse_query::<Q>("page=x&tenant=milano%00").unwrap_err();
        assert_eq!(fields(e), [("tenant".into(), "control_character".into())]);
        let e = parse_query::<Q>("page=-1").unwrap_err();
        assert_eq!(fields(e), [("page".into(), "invalid_format".into())]);
        let e = parse_query::<NoParams>("x=1").unwrap_err();
        assert_eq!(fields(e), [("x".into(), "unknown_parameter".into())]);
        assert!(parse_query::<NoParams>("").is_ok());
        assert!(matches!(
            parse_query::<NoParams>("%zz=1").unwrap_err(),
            ApiError::Validation(_)
        ));
    }
}
