//! The OpenAPI document: the route table (utoipa), completed so that it tells the whole
//! truth about what the server accepts and answers:
//!
//! - the answers every route can give because of how requests are read (`input`) and
//!   served: 422 (a query parameter, a path id or a header), 400/413/415 (a body), 401
//!   (signed-in routes), 412/428 (routes taking `If-Match`), 500 and 503 (the database),
//!   each a problem document, so that the routes list only the answers of their own;
//! - the codes of the reference data (`reference/`) as enums wherever a field or a
//!   parameter takes one (macro areas, categories, zones, tenants, …), and the privacy
//!   notice's current version;
//! - the optional `X-Active-Membership` header of signed-in routes.
//!
//! `methods::MethodTable` answers, from the same document, which methods a path takes
//! (405 with `Allow` for the others).
use crate::api::services::SearchSort;
use crate::error::Problem;
use crate::reference::files;
use serde_json::{Value, json};
use utoipa::OpenApi;
use utoipa::openapi::OpenApi as Document;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Domicilia API",
        description = "Home-care and family services of Milan: the public catalogue of accredited providers' service cards, accounts, WeMi spaces.",
        license(name = "AGPL-3.0-or-later")
    ),
    tags(
        (name = "services", description = "Service cards: search and detail"),
        (name = "organisations", description = "Provider organisations and ATI consortia"),
        (name = "catalogue", description = "Taxonomy and zones"),
        (name = "auth", description = "Accounts, sign-in and sessions"),
        (name = "spaces", description = "WeMi spaces and their operators"),
        (name = "cards", description = "Providers' service cards: drafts, versions, submission"),
        (name = "review", description = "The city's review of service cards"),
        (name = "notifications", description = "The signed-in person's notifications"),
        (name = "contact", description = "Requests to several providers at once, their threads and messages"),
        (name = "carers", description = "The carers' registry: applications, steps, limited profiles; the matching vocabulary"),
        (name = "demands", description = "Families' needs, the offers ranked for them with reasons, the contributions screener"),
        (name = "matches", description = "Families and listed carers in touch about a need: the needs a carer fits, the conversation, the match's steps"),
        (name = "favourites", description = "Favourite services and carers, saved searches and their daily alerts"),
        (name = "groups", description = "Shared services: neighbours' needs one carer can serve together, and the groups families form"),
    ),
    components(schemas(SearchSort, Problem)),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut Document) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// The document's fixed part (info, tags, shared schemas); the routes add the rest.
pub fn base() -> Document {
    ApiDoc::openapi()
}

/// The OpenAPI document, as the running server serves it at `/api/openapi.json`.
pub fn openapi() -> Value {
    use utoipa_actix_web::AppExt;
    let (_, api) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(base())
        .configure(super::configure)
        .split_for_parts();
    complete(api)
}

const PROBLEM_REF: &str = "#/components/schemas/Problem";

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": PROBLEM_REF}}}
    })
}

/// The codes of the reference data, by the names of the fields and parameters that take
/// them.
fn reference_codes() -> Vec<(&'static str, Vec<String>)> {
    let (Ok(z), Ok(t)) = (files::zones(), files::taxonomy()) else {
        return Vec::new();
    };
    let codes = |v: &[files::TermFile]| v.iter().map(|x| x.code.clone()).collect::<Vec<_>>();
    vec![
        (
            "macro_area",
            t.macro_areas.iter().map(|m| m.code.clone()).collect(),
        ),
        (
            "category",
            t.categories.iter().map(|c| c.code.clone()).collect(),
        ),
        (
            "accreditation_type",
            t.accreditation_lines
                .iter()
                .flat_map(|l| l.types.iter().map(|x| x.code.clone()))
                .collect(),
        ),
        ("recipient", codes(&t.recipient_groups)),
        ("delivery_place", codes(&t.delivery_places)),
        ("price_unit", codes(&t.price_units)),
        ("voucher", codes(&t.voucher_schemes)),
        ("tenant", z.tenants.iter().map(|x| x.code.clone()).collect()),
        (
            "zone",
            z.tenants
                .iter()
                .flat_map(|x| x.zones.iter().map(|z| z.code.clone()))
                .collect(),
        ),
    ]
}

/// Adds `enum` to a string schema (or to the string of a nullable one).
fn restrict(schema: &mut Value, values: &[String]) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let nullable = obj
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|t| t.iter().any(|x| x == "null"));
    let mut list: Vec<Value> = values.iter().cloned().map(Value::String).collect();
    if nullable {
        list.push(Value::Null);
    }
    obj.insert("enum".into(), Value::Array(list));
}

/// The request schemas whose fields take reference codes.
const REQUEST_SCHEMAS: [&str; 3] = ["InvitationRequest", "NewSpace", "SignupRequest"];

/// Text without the characters `input` refuses.
fn no_controls() -> String {
    format!("^[^{}]*$", crate::input::FORBIDDEN_CLASS)
}

/// Text without them, and not blank (fields that are trimmed and must keep something).
fn not_blank() -> String {
    let c = crate::input::FORBIDDEN_CLASS;
    format!("^[^{c}]*[^\\s{c}][^{c}]*$")
}

fn is_string(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
        _ => false,
    }
}

/// Fields whose text may hold line breaks and tabs (`input::JsonBody::MULTILINE`).
const MULTILINE_FIELDS: [&str; 14] = [
    "description",
    "needs_analysis",
    "solution",
    "activities",
    "comment",
    "reason",
    "details",
    "resolution",
    "message",
    "body",
    "notes",
    "note",
    "schedule",
    "references",
];

/// Text without the characters `input` refuses in multi-line fields (line breaks and tabs
/// are allowed there).
fn no_controls_multiline() -> String {
    let c = crate::input::FORBIDDEN_CLASS
        .replace(r"\u0000-\u001F", r"\u0000-\u0008\u000B\u000C\u000E-\u001F");
    format!("^[^{c}]*$")
}

/// Not blank, in a multi-line field.
fn not_blank_multiline() -> String {
    let c = crate::input::FORBIDDEN_CLASS
        .replace(r"\u0000-\u001F", r"\u0000-\u0008\u000B\u000C\u000E-\u001F");
    format!("^[^{c}]*[^\\s{c}][^{c}]*$")
}

/// The request schemas nested in the card bodies: their strings (and lists of strings)
/// get the text patterns too, and the codes in lists a length bound (`input` and
/// `card_content::check_draft` refuse longer ones).
const NESTED_REQUEST_SCHEMAS: [&str; 9] = [
    "CardContent",
    "CarerProfileInput",
    "HoursInput",
    "StaffInput",
    "PriceInput",
    "NewNeed",
    "NewQuote",
    "NewQuoteLine",
    "VoucherUse",
];

fn nested_text_patterns(schemas: &mut serde_json::Map<String, Value>) {
    for name in NESTED_REQUEST_SCHEMAS {
        let Some(props) = schemas
            .get_mut(name)
            .and_then(|s| s.get_mut("properties"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for (field, schema) in props.iter_mut() {
            add_text_pattern(field, schema);
            if let Some(items) = schema.get_mut("items")
                && is_string(items)
            {
                add_text_pattern(field, items);
                if items.get("maxLength").is_none() {
                    items["maxLength"] = json!(60);
                }
            }
        }
    }
    // Comments are named by field of the content, each non-blank; a decision says
    // something, on the card or on a field.
    if let Some(rc) = schemas.get_mut("ReviewComments") {
        let fields: Vec<Value> = crate::services::card_workflow::COMMENTABLE_FIELDS
            .iter()
            .map(|f| Value::String((*f).into()))
            .collect();
        rc["properties"]["fields"] = json!({
            "type": "object",
            "propertyNames": {"enum": fields},
            "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 1000, "pattern": not_blank()},
        });
        rc["anyOf"] = json!([
            {"required": ["comment"], "properties": {"comment": {"pattern": not_blank_multiline()}}},
            {"required": ["fields"], "properties": {"fields": {"minProperties": 1}}},
        ]);
    }
    // A report "for another reason" says what the reason is.
    if let Some(nr) = schemas.get_mut("NewReport") {
        use crate::domain::report::ReportReason;
        let listed: Vec<Value> = ReportReason::ALL
            .into_iter()
            .filter(|r| !r.needs_details())
            .filter_map(|r| serde_json::to_value(r).ok())
            .collect();
        nr["anyOf"] = json!([
            {"properties": {"reason": {"enum": listed}}},
            {"required": ["details"], "properties": {"details": {"pattern": not_blank_multiline()}}},
        ]);
    }
}

/// Adds the text patterns to a string schema that has no enum, pattern or uuid format.
fn add_text_pattern(name: &str, schema: &mut Value) {
    if !is_string(schema)
        || schema.get("enum").is_some()
        || schema.get("pattern").is_some()
        || schema.get("format").is_some_and(|f| f == "uuid")
    {
        return;
    }
    let trimmed = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) >= 1
        && !name.contains("password");
    let multiline = MULTILINE_FIELDS.contains(&name);
    schema["pattern"] = Value::String(if trimmed && multiline {
        not_blank_multiline()
    } else if trimmed {
        not_blank()
    } else if multiline {
        no_controls_multiline()
    } else {
        no_controls()
    });
}

/// Rules between fields, as `oneOf` alternatives: which scope each role takes in an
/// invitation, and which zones belong to a space's tenant.
fn cross_field_rules(schemas: &mut serde_json::Map<String, Value>) {
    use crate::domain::{Role, ScopeKind};
    if let Some(inv) = schemas.get_mut("InvitationRequest") {
        let roles = |kind: ScopeKind| -> Vec<Value> {
            Role::ALL
                .into_iter()
                .filter(|r| r.scope_kind() == kind)
                .map(|r| Value::String(r.code().into()))
                .collect()
        };
        let null = json!({"type": "null"});
        let alternative = |kind: ScopeKind, field: Option<&str>| {
            let mut props = serde_json::Map::new();
            props.insert("role".into(), json!({"enum": roles(kind)}));
            for f in ["organisation", "tenant", "space"] {
                if Some(f) != field {
                    props.insert(f.into(), null.clone());
                }
            }
            let mut alt = json!({"properties": props});
            if let Some(f) = field {
                alt["required"] = json!([f]);
                alt["properties"][f] = json!({"not": {"type": "null"}});
            }
            alt
        };
        inv["oneOf"] = json!([
            alternative(ScopeKind::Organisation, Some("organisation")),
            alternative(ScopeKind::Tenant, Some("tenant")),
            alternative(ScopeKind::Space, Some("space")),
            alternative(ScopeKind::Everywhere, None),
        ]);
    }
    if let (Some(space), Ok(zones)) = (schemas.get_mut("NewSpace"), files::zones()) {
        let alternatives: Vec<Value> = zones
            .tenants
            .iter()
            .map(|t| {
                let mut codes: Vec<Value> = t
                    .zones
                    .iter()
                    .map(|z| Value::String(z.code.clone()))
                    .collect();
                codes.push(Value::Null);
                json!({"properties": {"tenant": {"enum": [t.code]}, "zone": {"enum": codes}}})
            })
            .collect();
        space["oneOf"] = Value::Array(alternatives);
    }
}

/// Completes the document (see the module's documentation).
pub fn complete(api: Document) -> Value {
    let Ok(mut doc) = serde_json::to_value(&api) else {
        return Value::Null;
    };
    let codes = reference_codes();
    // Query parameters also take the languages of ISO 639-1 (`language=` of the search);
    // request bodies name other things `language` (the interface's: it, en).
    let mut query_codes = codes.clone();
    query_codes.push((
        "language",
        crate::domain::language::iso_639_1()
            .map(str::to_owned)
            .collect(),
    ));
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                if !matches!(method.as_str(), "get" | "post" | "put" | "patch" | "delete") {
                    continue;
                }
                complete_operation(op, &query_codes);
            }
        }
    }
    let bodies: Vec<String> = doc
        .get("paths")
        .and_then(Value::as_object)
        .map(|paths| {
            paths
                .values()
                .filter_map(Value::as_object)
                .flat_map(|item| item.values())
                .filter_map(|op| {
                    op.pointer("/requestBody/content/application~1json/schema/$ref")
                        .and_then(Value::as_str)
                        .and_then(|r| r.rsplit('/').next())
                        .map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default();
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for name in &bodies {
            if let Some(props) = schemas
                .get_mut(name)
                .and_then(|s| s.get_mut("properties"))
                .and_then(Value::as_object_mut)
            {
                for (field, schema) in props.iter_mut() {
                    add_text_pattern(field, schema);
                }
            }
        }
        for name in REQUEST_SCHEMAS {
            let Some(props) = schemas
                .get_mut(name)
                .and_then(|s| s.get_mut("properties"))
                .and_then(Value::as_object_mut)
            else {
                continue;
            };
            for (field, values) in &codes {
                if let Some(p) = props.get_mut(*field) {
                    restrict(p, values);
                }
            }
            if name == "SignupRequest" {
                if let Some(p) = props.get_mut("privacy_version") {
                    restrict(p, &[crate::services::accounts::PRIVACY_VERSION.to_owned()]);
                }
                if let Some(p) = props.get_mut("accept_privacy") {
                    p["enum"] = json!([true]);
                }
            }
        }
        nested_text_patterns(schemas);
        cross_field_rules(schemas);
        listed_codes(schemas);
    }
    doc
}

/// Lists of codes and the register's codes, as enums: the languages of a card and of an
/// organisation (ISO 639-1), and the register's tenant, legal form and accreditation types
/// (the reference data's).
fn listed_codes(schemas: &mut serde_json::Map<String, Value>) {
    let iso: Vec<String> = crate::domain::language::iso_639_1()
        .map(str::to_owned)
        .collect();
    let reference = reference_codes();
    let code_list = |name: &str| {
        reference
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut lists: Vec<(&str, &str, Vec<String>)> = vec![
        ("ProfileInput", "languages", iso.clone()),
        ("CardContent", "languages", iso.clone()),
        ("NewQuote", "vouchers", code_list("voucher")),
    ];
    let mut fields: Vec<(&str, &str, Vec<String>)> = vec![
        ("NewNeed", "zone", code_list("zone")),
        ("NewNeed", "language", iso.clone()),
        ("VoucherUse", "scheme", code_list("voucher")),
        ("DemandInput", "zone", code_list("zone")),
        ("DemandInput", "category", code_list("category")),
        ("DemandInput", "language", iso.clone()),
    ];
    if let (Ok(z), Ok(t)) = (files::zones(), files::taxonomy()) {
        lists.push((
            "RegisterInput",
            "accreditation_types",
            t.accreditation_lines
                .iter()
                .flat_map(|l| l.types.iter().map(|x| x.code.clone()))
                .collect(),
        ));
        fields.push((
            "RegisterInput",
            "legal_form",
            t.legal_forms.iter().map(|x| x.code.clone()).collect(),
        ));
        fields.push((
            "RegisterInput",
            "tenant",
            z.tenants.iter().map(|x| x.code.clone()).collect(),
        ));
    }
    for (schema, field, values) in lists {
        if let Some(items) = schemas
            .get_mut(schema)
            .and_then(|s| s.pointer_mut(&format!("/properties/{field}/items")))
        {
            if let Some(o) = items.as_object_mut() {
                o.remove("pattern");
                o.remove("maxLength");
            }
            restrict(items, &values);
        }
    }
    carer_codes(schemas, &iso);
    demand_rules(schemas, &iso);
    // A request names each card once, and is sent with the family's consent.
    if let Some(p) = schemas
        .get_mut("NewRequest")
        .and_then(|s| s.get_mut("properties"))
    {
        p["cards"]["uniqueItems"] = json!(true);
        p["consent"]["enum"] = json!([true]);
    }
    for (schema, field, values) in fields {
        if let Some(p) = schemas
            .get_mut(schema)
            .and_then(|s| s.pointer_mut(&format!("/properties/{field}")))
        {
            if let Some(o) = p.as_object_mut() {
                o.remove("pattern");
                o.remove("maxLength");
            }
            restrict(p, &values);
        }
    }
}

/// A family's need: conditions and skills from the matching vocabulary, languages by ISO
/// code, and the rules across fields the server checks — the kind of help is a category
/// or a role (one of the two), a budget is an amount with its period, conditions only
/// with consent, living in without hours.
fn demand_rules(schemas: &mut serde_json::Map<String, Value>, iso: &[String]) {
    let Ok(v) = crate::reference::matching::Vocabulary::embedded() else {
        return;
    };
    if let Some(q) = schemas.get_mut("RequirementInput") {
        let skills: Vec<Value> = v.skills.iter().map(|s| json!(s.code)).collect();
        if let Some(code) = q
            .pointer_mut("/properties/code")
            .and_then(Value::as_object_mut)
        {
            code.remove("pattern");
            code.remove("minLength");
            code.remove("maxLength");
        }
        q["oneOf"] = json!([
            {"properties": {"kind": {"enum": ["skill"]}, "code": {"enum": skills}}},
            {"properties": {"kind": {"enum": ["language"]}, "code": {"enum": iso}}},
        ]);
    }
    if let Some(d) = schemas.get_mut("DemandInput") {
        let conditions: Vec<Value> = v.conditions.iter().map(|c| json!(c.code)).collect();
        d["properties"]["conditions"]["items"] = json!({"type": "string", "enum": conditions});
        d["properties"]["conditions"]["uniqueItems"] = json!(true);
        let no_hours: serde_json::Map<String, Value> =
            ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                .into_iter()
                .map(|day| (day.to_owned(), json!({"maxItems": 0})))
                .collect();
        d["allOf"] = json!([
            {"anyOf": [
                {"required": ["category"], "properties": {"category": {"type": "string"}, "role": {"type": "null"}}},
                {"required": ["role"], "properties": {"role": {"type": "string"}, "category": {"type": "null"}}},
            ]},
            {"anyOf": [
                {"required": ["budget_cents", "budget_period"],
                 "properties": {"budget_cents": {"type": "integer"}, "budget_period": {"type": "string"}}},
                {"properties": {"budget_cents": {"type": "null"}, "budget_period": {"type": "null"}}},
            ]},
            {"if": {"required": ["conditions"], "properties": {"conditions": {"minItems": 1}}},
             "then": {"required": ["conditions_consent"], "properties": {"conditions_consent": {"enum": [true]}}}},
            {"if": {"required": ["arrangement"], "properties": {"arrangement": {"enum": ["live_in"]}}},
             "then": {"properties": {"week": {"properties": no_hours}}}},
        ]);
    }
}

/// The carers' registry: skills from the matching vocabulary, languages by ISO code,
/// zones all of one tenant (one `oneOf` alternative a tenant), and a suspension says why.
fn carer_codes(schemas: &mut serde_json::Map<String, Value>, iso: &[String]) {
    if let Some(p) = schemas
        .get_mut("CarerProfileInput")
        .and_then(|s| s.get_mut("properties"))
    {
        if let Ok(v) = crate::reference::matching::Vocabulary::embedded() {
            let skills: Vec<Value> = v.skills.iter().map(|s| json!(s.code)).collect();
            p["skills"]["items"] = json!({"type": "string", "enum": skills});
        }
        if let Ok(z) = files::zones() {
            let all: Vec<Value> = z
                .tenants
                .iter()
                .flat_map(|t| t.zones.iter().map(|z| json!(z.code)))
                .collect();
            p["zones"]["items"] = json!({"type": "string", "enum": all});
            p["zones"]["oneOf"] = Value::Array(
                z.tenants
                    .iter()
                    .map(|t| {
                        let codes: Vec<Value> = t.zones.iter().map(|z| json!(z.code)).collect();
                        json!({"items": {"enum": codes}})
                    })
                    .collect(),
            );
        }
    }
    if let Some(p) = schemas
        .get_mut("CarerProfileInput")
        .and_then(|s| s.get_mut("properties"))
    {
        for list in ["roles", "skills", "zones", "arrangements"] {
            p[list]["uniqueItems"] = json!(true);
        }
    }
    // A day's hours: each once, from 0 to 23.
    if let Some(days) = schemas
        .get_mut("WeekHours")
        .and_then(|s| s.get_mut("properties"))
        .and_then(Value::as_object_mut)
    {
        for day in days.values_mut() {
            day["uniqueItems"] = json!(true);
            day["items"] = json!({"type": "integer", "minimum": 0, "maximum": 23});
        }
    }
    if let Some(code) = schemas
        .get_mut("SpokenLanguage")
        .and_then(|s| s.pointer_mut("/properties/code"))
    {
        *code = json!({"type": "string", "enum": iso});
    }
    if let Some(step) = schemas.get_mut("NewStep") {
        use crate::domain::registry::RegistryAction;
        let without_note: Vec<Value> = RegistryAction::ALL
            .into_iter()
            .filter(|a| !a.needs_note())
            .filter_map(|a| serde_json::to_value(a).ok())
            .collect();
        step["anyOf"] = json!([
            {"properties": {"action": {"enum": without_note}}},
            {"required": ["note"], "properties": {"note": {"type": "string", "pattern": not_blank_multiline()}}},
        ]);
    }
}

fn complete_operation(op: &mut Value, codes: &[(&'static str, Vec<String>)]) {
    let signed_in = op
        .get("security")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
    let has_body = op.get("requestBody").is_some();
    let if_match = op
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|ps| ps.iter().any(|p| p.get("name") == Some(&json!("If-Match"))));
    // Reference codes on query parameters; the idempotency key's form.
    if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
        for p in params.iter_mut() {
            if p.get("name") == Some(&json!("Idempotency-Key")) {
                p["schema"] = json!({
                    "type": "string",
                    "minLength": 1,
                    "maxLength": crate::services::idempotency::KEY_MAX,
                    "pattern": "^[!-~]+$"
                });
            }
            let name = p
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let in_query = p.get("in").and_then(Value::as_str) == Some("query");
            if let (true, Some((_, values))) = (in_query, codes.iter().find(|(n, _)| *n == name))
                && let Some(schema) = p.get_mut("schema")
            {
                restrict(schema, values);
            }
            if in_query && let Some(schema) = p.get_mut("schema") {
                add_text_pattern(&name, schema);
            }
        }
    }
    if signed_in {
        let header = json!({
            "name": "X-Active-Membership",
            "in": "header",
            "required": false,
            "description": "The id of one of your memberships (see `GET /api/v1/me`): act in that role only.",
            "schema": {"type": "string", "format": "uuid"}
        });
        match op.get_mut("parameters").and_then(Value::as_array_mut) {
            Some(params) => params.push(header),
            None => op["parameters"] = json!([header]),
        }
    }
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    let mut add = |status: &str, description: &str| {
        responses
            .entry(status.to_owned())
            .or_insert_with(|| problem(description));
    };
    add(
        "422",
        "A parameter, path id, header or field is unknown or invalid: `errors` names each one.",
    );
    if has_body {
        add("400", "The body is missing or is not JSON.");
        add("413", "The body is larger than 16 KiB.");
        add("415", "The body is not `application/json`.");
    }
    if if_match {
        add(
            "412",
            "Changed since you read it: the `ETag` sent as `If-Match` is not the current one.",
        );
        add("428", "`If-Match` is missing.");
    }
    if signed_in {
        add(
            "401",
            "Not signed in, or the access token has expired or its session ended.",
        );
        add(
            "403",
            "Not allowed to do this, or `X-Active-Membership` names none of your memberships.",
        );
    }
    add(
        "500",
        "An error on our side; the problem's `request_id` identifies it in the logs.",
    );
    add(
        "503",
        "The database cannot be reached right now; `Retry-After` says when to try again.",
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_is_complete() {
        let doc = openapi();
        // Every $ref resolves.
        let text = doc.to_string();
        for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = part.split('"').next().unwrap();
            assert!(
                doc.pointer(&format!("/components/schemas/{name}"))
                    .is_some(),
                "dangling reference to {name}"
            );
        }
        // Reference codes are enums.
        let zone = doc
            .pointer("/paths/~1api~1v1~1services/get/parameters")
            .and_then(Value::as_array)
            .and_then(|ps| ps.iter().find(|p| p["name"] == "zone"))
            .cloned()
            .unwrap();
        assert!(
            zone["schema"]["enum"]
                .as_array()
                .is_some_and(|e| e.iter().any(|v| v == "MI-M5"))
        );
        // Every operation lists 422, 500 and 503.
        for (_, item) in doc["paths"].as_object().unwrap() {
            for (_, op) in item.as_object().unwrap() {
                for status in ["422", "500", "503"] {
                    assert!(op["responses"].get(status).is_some(), "{op}");
                }
            }
        }
    }
}
