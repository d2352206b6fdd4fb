//! OpenAPI 3.1 (as utoipa emits it) → Rust source for the frontend. Pure functions.
use serde_json::Value;
use std::fmt::Write;

fn ref_name(r: &str) -> String {
    r.rsplit('/').next().unwrap_or(r).to_owned()
}

fn pascal(s: &str) -> String {
    s.split(['_', '-', ' '])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn ident(s: &str) -> String {
    match s {
        "type" | "ref" | "self" | "move" | "match" | "mod" | "use" | "fn" | "struct" | "enum" => {
            format!("r#{s}")
        }
        _ => s.to_owned(),
    }
}

/// The Rust type of a schema; `None`-able schemas become `Option<…>`.
pub fn rust_type(s: &Value) -> String {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        return ref_name(r);
    }
    if let Some(alts) = s.get("oneOf").and_then(Value::as_array) {
        let non_null: Vec<&Value> = alts
            .iter()
            .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
            .collect();
        if non_null.len() == 1 {
            let inner = rust_type(non_null[0]);
            return if non_null.len() < alts.len() {
                format!("Option<{inner}>")
            } else {
                inner
            };
        }
        return "serde_json::Value".into();
    }
    match s.get("type") {
        Some(Value::Array(types)) => {
            let names: Vec<&str> = types
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect();
            let mut one = s.clone();
            if let (Some(obj), Some(first)) = (one.as_object_mut(), names.first()) {
                obj.insert("type".into(), Value::String((*first).to_owned()));
            }
            let inner = rust_type(&one);
            if names.len() < types.len() {
                format!("Option<{inner}>")
            } else {
                inner
            }
        }
        Some(Value::String(t)) => match t.as_str() {
            "string" => "String".into(),
            "integer" => "i64".into(),
            "number" => "f64".into(),
            "boolean" => "bool".into(),
            "array" => format!(
                "Vec<{}>",
                s.get("items")
                    .map(rust_type)
                    .unwrap_or_else(|| "serde_json::Value".into())
            ),
            _ => "serde_json::Value".into(),
        },
        _ => "serde_json::Value".into(),
    }
}

/// A schema whose `allOf` parts (references to other schemas, or inline objects) are
/// merged into one object: its own properties and required fields and theirs together
/// (its own first: a part's rule across fields does not change a property's type).
fn flattened(s: &Value, schemas: Option<&serde_json::Map<String, Value>>) -> Value {
    let Some(parts) = s.get("allOf").and_then(Value::as_array) else {
        return s.clone();
    };
    let mut properties = s
        .get("properties")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut required: Vec<Value> = s
        .get("required")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for part in parts {
        let part = match part.get("$ref").and_then(Value::as_str) {
            Some(r) => match schemas.and_then(|all| all.get(&ref_name(r))) {
                Some(target) => flattened(target, schemas),
                None => continue,
            },
            None => flattened(part, schemas),
        };
        if let Some(props) = part.get("properties").and_then(Value::as_object) {
            for (k, v) in props {
                properties.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
        if let Some(req) = part.get("required").and_then(Value::as_array) {
            required.extend(req.iter().cloned());
        }
    }
    serde_json::json!({"type": "object", "properties": properties, "required": required})
}

fn schema(out: &mut String, name: &str, s: &Value) {
    if let Some(values) = s.get("enum").and_then(Value::as_array) {
        let _ = writeln!(
            out,
            "#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]\npub enum {name} {{"
        );
        for v in values.iter().filter_map(Value::as_str) {
            let _ = writeln!(out, "    #[serde(rename = \"{v}\")]\n    {},", pascal(v));
        }
        let _ = writeln!(
            out,
            "}}\n\nimpl {name} {{\n    pub fn as_str(&self) -> &'static str {{\n        match self {{"
        );
        for v in values.iter().filter_map(Value::as_str) {
            let _ = writeln!(out, "            Self::{} => \"{v}\",", pascal(v));
        }
        let _ = writeln!(out, "        }}\n    }}\n}}\n");
        return;
    }
    let required: Vec<&str> = s
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\npub struct {name} {{"
    );
    if let Some(props) = s.get("properties").and_then(Value::as_object) {
        for (field, fs) in props {
            let mut ty = rust_type(fs);
            if !required.contains(&field.as_str()) && !ty.starts_with("Option<") {
                ty = format!("Option<{ty}>");
            }
            if ty.starts_with("Option<") {
                let _ = writeln!(
                    out,
                    "    #[serde(default, skip_serializing_if = \"Option::is_none\")]"
                );
            }
            // A Rust name for the JSON one: lower case, any other character `_`, a
            // keyword with `_` after it (`type_`); renamed when they differ
            // (`List-Unsubscribe` → `list_unsubscribe`).
            let clean: String = field
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c.to_ascii_lowercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            let id = if ident(&clean) != clean {
                clean + "_"
            } else {
                clean
            };
            if id != *field {
                let _ = writeln!(out, "    #[serde(rename = \"{field}\")]");
            }
            let _ = writeln!(out, "    pub {id}: {ty},");
        }
    }
    let _ = writeln!(out, "}}\n");
}

fn operation(out: &mut String, path: &str, method: &str, op: &Value) {
    let Some(op_id) = op.get("operationId").and_then(Value::as_str) else {
        return;
    };
    // A file upload (a body that is not JSON) is sent by hand-written code (the browser's
    // `File`), not by a generated function.
    if op.get("requestBody").is_some()
        && op
            .pointer("/requestBody/content/application~1json")
            .is_none()
    {
        return;
    }
    let params = op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let path_params: Vec<String> = params
        .iter()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let query_params: Vec<(String, String)> = params
        .iter()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("query"))
        .filter_map(|p| {
            let name = p.get("name").and_then(Value::as_str)?.to_owned();
            let ty = match p
                .get("schema")
                .and_then(|s| s.get("type"))
                .and_then(Value::as_str)
            {
                Some("integer") => "i64",
                Some("boolean") => "bool",
                _ => "String",
            };
            Some((name, ty.to_owned()))
        })
        .collect();
    // Header parameters (`If-Match`): an argument each, sent as the header.
    let header_params: Vec<String> = params
        .iter()
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("header"))
        // Only the headers the app must send itself (others, like `X-Active-Membership`,
        // the transport adds): `If-Match`, and `Idempotency-Key` (one per form, so that a
        // double click or a retry sends the same key).
        .filter(|p| {
            matches!(
                p.get("name").and_then(Value::as_str),
                Some("If-Match" | "Idempotency-Key")
            )
        })
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect();
    // The success body: the first of 200/201/202 with JSON; none (204) is `()`.
    let response = ["200", "201", "202"]
        .iter()
        .find_map(|code| {
            op.pointer(&format!(
                "/responses/{code}/content/application~1json/schema"
            ))
        })
        .map(rust_type)
        .unwrap_or_else(|| "()".into());
    let body_type = op
        .pointer("/requestBody/content/application~1json/schema")
        .map(rust_type);
    let query_type = format!("{}Query", pascal(op_id));
    if !query_params.is_empty() {
        let _ = writeln!(
            out,
            "#[derive(Debug, Clone, Default, PartialEq)]\npub struct {query_type} {{"
        );
        for (n, t) in &query_params {
            let _ = writeln!(out, "    pub {}: Option<{t}>,", ident(n));
        }
        let _ = writeln!(
            out,
            "}}\n\nimpl {query_type} {{\n    /// The query string (with its leading `?`, empty when no parameter is set).\n    pub fn to_query_string(&self) -> String {{\n        let mut parts: Vec<String> = Vec::new();"
        );
        for (n, _) in &query_params {
            let _ = writeln!(
                out,
                "        if let Some(v) = &self.{} {{ parts.push(format!(\"{n}={{}}\", encode(&v.to_string()))); }}",
                ident(n)
            );
        }
        let _ = writeln!(
            out,
            "        if parts.is_empty() {{ String::new() }} else {{ format!(\"?{{}}\", parts.join(\"&\")) }}\n    }}\n}}\n"
        );
    }
    let mut args: Vec<String> = path_params
        .iter()
        .map(|p| format!("{}: &str", ident(p)))
        .collect();
    if !query_params.is_empty() {
        args.push(format!("query: &{query_type}"));
    }
    for h in &header_params {
        args.push(format!(
            "{}: &str",
            ident(&h.to_lowercase().replace('-', "_"))
        ));
    }
    if let Some(b) = &body_type {
        args.push(format!("body: &{b}"));
    }
    let headers_expr = format!(
        "&[{}]",
        header_params
            .iter()
            .map(|h| format!("(\"{h}\", {})", ident(&h.to_lowercase().replace('-', "_"))))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut url = format!("\"{path}\"");
    let mut fmt_args = Vec::new();
    for p in &path_params {
        url = url.replace(&format!("{{{p}}}"), "{}");
        fmt_args.push(format!("encode({})", ident(p)));
    }
    let url_expr = if fmt_args.is_empty() {
        format!("{url}.to_string()")
    } else {
        format!("format!({url}, {})", fmt_args.join(", "))
    };
    let qs = if query_params.is_empty() {
        String::new()
    } else {
        " + &query.to_query_string()".into()
    };
    let summary = op
        .get("summary")
        .and_then(Value::as_str)
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("");
    let body_expr = if body_type.is_some() {
        "Some(to_body(body)?)"
    } else {
        "None"
    };
    let call = if response == "()" {
        "call_empty"
    } else {
        "call"
    };
    let _ = writeln!(
        out,
        "/// {summary}\npub async fn {op_id}({}) -> Result<{response}, ApiError> {{\n    {call}(Method::{}, &({url_expr}{qs}), {body_expr}, {headers_expr}).await\n}}\n",
        args.join(", "),
        pascal(method),
    );
}

pub fn generate(spec: &Value) -> String {
    let mut out =
        String::from("// Generated by build.rs from openapi/openapi.json. Do not edit.\n\n");
    if let Some(schemas) = spec
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    {
        for (name, s) in schemas {
            schema(&mut out, name, &flattened(s, Some(schemas)));
        }
    }
    if let Some(paths) = spec.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in ["get", "post", "put", "patch", "delete"] {
                if let Some(op) = item.get(method) {
                    operation(&mut out, path, method, op);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn types_follow_utoipa_shapes() {
        assert_eq!(
            rust_type(&json!({"type": "string", "format": "uuid"})),
            "String"
        );
        assert_eq!(
            rust_type(&json!({"type": ["integer", "null"]})),
            "Option<i64>"
        );
        assert_eq!(
            rust_type(
                &json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Label"}]})
            ),
            "Option<Label>"
        );
        assert_eq!(
            rust_type(&json!({"type": "array", "items": {"$ref": "#/components/schemas/Zone"}})),
            "Vec<Zone>"
        );
        assert_eq!(rust_type(&json!({"type": "boolean"})), "bool");
    }

    #[test]
    fn generates_structs_enums_and_operations() {
        let spec = json!({
            "paths": {"/api/v1/things/{id}": {"get": {"operationId": "get_thing", "parameters": [
                {"name": "id", "in": "path", "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}},
                "/api/v1/things": {"get": {"operationId": "list_things", "parameters": [
                {"name": "page", "in": "query", "schema": {"type": "integer"}},
                {"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}}}}}},
                "post": {"operationId": "create_thing",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                "responses": {"201": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}, "422": {}}}},
                "/api/v1/things/{id}/archive": {"delete": {"operationId": "archive_thing", "parameters": [
                {"name": "id", "in": "path", "schema": {"type": "string"}}], "responses": {"204": {}}}}},
            "components": {"schemas": {
                "Thing": {"type": "object", "required": ["name", "kind"], "properties": {
                    "name": {"type": "string"}, "kind": {"$ref": "#/components/schemas/Kind"}, "note": {"type": ["string", "null"]}, "type": {"type": "string"}}},
                "Kind": {"type": "string", "enum": ["in_review", "published"]}}}
        });
        let code = generate(&spec);
        assert!(code.contains("pub struct Thing {"), "{code}");
        assert!(code.contains("pub name: String,"));
        assert!(code.contains("pub kind: Kind,"));
        assert!(code.contains(
            "    #[serde(default, skip_serializing_if = \"Option::is_none\")]\n    pub note: Option<String>,"
        ));
        assert!(code.contains("#[serde(rename = \"type\")]"));
        assert!(code.contains("pub type_: Option<String>,"));
        assert!(code.contains("InReview,"));
        assert!(code.contains("pub async fn get_thing(id: &str) -> Result<Thing, ApiError>"));
        assert!(code.contains("format!(\"/api/v1/things/{}\", encode(id))"));
        assert!(code.contains("pub struct ListThingsQuery {"));
        assert!(code.contains("pub page: Option<i64>,"));
        assert!(code.contains(
            "pub async fn list_things(query: &ListThingsQuery) -> Result<Vec<Thing>, ApiError>"
        ));
        assert!(code.contains("call(Method::Get, &(\"/api/v1/things\".to_string() + &query.to_query_string()), None, &[])"), "{code}");
        assert!(code.contains(
            "pub async fn create_thing(body: &Thing) -> Result<Thing, ApiError> {\n    call(Method::Post, &(\"/api/v1/things\".to_string()), Some(to_body(body)?), &[]).await"
        ), "{code}");
        assert!(code.contains(
            "pub async fn archive_thing(id: &str) -> Result<(), ApiError> {\n    call_empty(Method::Delete, &(format!(\"/api/v1/things/{}/archive\", encode(id))), None, &[]).await"
        ), "{code}");
    }

    #[test]
    fn if_match_becomes_an_argument_sent_as_the_header() {
        let spec = json!({"paths": {"/api/v1/things/{id}/approve": {"post": {"operationId": "approve_thing",
            "parameters": [
                {"name": "id", "in": "path", "schema": {"type": "string"}},
                {"name": "If-Match", "in": "header", "required": true, "schema": {"type": "string"}},
                {"name": "X-Active-Membership", "in": "header", "schema": {"type": "string"}}],
            "responses": {"204": {}}}}}});
        let code = generate(&spec);
        assert!(code.contains(
            "pub async fn approve_thing(id: &str, if_match: &str) -> Result<(), ApiError> {\n    call_empty(Method::Post, &(format!(\"/api/v1/things/{}/approve\", encode(id))), None, &[(\"If-Match\", if_match)]).await"
        ), "{code}");
    }

    #[test]
    fn idempotency_key_becomes_an_argument_sent_as_the_header() {
        let spec = json!({"paths": {"/api/v1/things": {"post": {"operationId": "create_thing",
            "parameters": [
                {"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string"}}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": {"204": {}}}}}});
        let code = generate(&spec);
        assert!(code.contains(
            "pub async fn create_thing(idempotency_key: &str, body: &serde_json::Value) -> Result<(), ApiError> {\n    call_empty(Method::Post, &(\"/api/v1/things\".to_string()), Some(to_body(body)?), &[(\"Idempotency-Key\", idempotency_key)]).await"
        ), "{code}");
    }

    #[test]
    fn all_of_merges_the_parts() {
        let spec = json!({"components": {"schemas": {
            "Summary": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            "Whole": {"allOf": [{"$ref": "#/components/schemas/Summary"},
                {"type": "object", "required": ["items"], "properties": {
                    "items": {"type": "array", "items": {"type": "string"}}, "note": {"type": ["string", "null"]}}}]}}}});
        let code = generate(&spec);
        let whole = code.split("pub struct Whole {").nth(1).unwrap_or_default();
        let whole = whole.split("}\n").next().unwrap_or_default();
        assert!(whole.contains("pub id: String,"), "{code}");
        assert!(whole.contains("pub items: Vec<String>,"), "{code}");
        assert!(whole.contains("pub note: Option<String>,"), "{code}");
    }

    #[test]
    fn all_of_rules_keep_the_schemas_own_properties() {
        // Rules across fields (`allOf` of `anyOf`/`if`) leave the object as it is.
        let spec = json!({"components": {"schemas": {
            "Need": {"type": "object", "required": ["zone"], "properties": {
                "zone": {"type": "string"}, "role": {"type": ["string", "null"]}},
                "allOf": [{"anyOf": [{"required": ["role"], "properties": {"role": {"type": "string"}}},
                                     {"properties": {"role": {"type": "null"}}}]}]}}}});
        let code = generate(&spec);
        let need = code.split("pub struct Need {").nth(1).unwrap_or_default();
        let need = need.split("}\n").next().unwrap_or_default();
        assert!(need.contains("pub zone: String,"), "{code}");
        assert!(need.contains("pub role: Option<String>,"), "{code}");
    }
}
