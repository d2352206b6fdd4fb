//! Which methods each path of the API takes, read from the OpenAPI document: a request
//! with another method on one of them answers 405 with `Allow`.
use super::openapi::openapi;
use serde_json::Value;

/// Which methods each path of the API takes.
pub struct MethodTable(Vec<(Vec<String>, Vec<String>)>);

impl MethodTable {
    pub fn new() -> Self {
        let doc = openapi();
        let mut table = Vec::new();
        if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                let mut methods: Vec<String> = item
                    .as_object()
                    .map(|o| {
                        o.keys()
                            .filter(|m| {
                                matches!(m.as_str(), "get" | "post" | "put" | "patch" | "delete")
                            })
                            .map(|m| m.to_ascii_uppercase())
                            .collect()
                    })
                    .unwrap_or_default();
                methods.sort();
                let segments = path.split('/').map(str::to_owned).collect();
                table.push((segments, methods));
            }
        }
        Self(table)
    }

    /// The methods a path of the API takes, if it is one.
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let parts: Vec<&str> = path.split('/').collect();
        let mut methods: Vec<String> = Vec::new();
        for (template, ms) in &self.0 {
            let fits = template.len() == parts.len()
                && template.iter().zip(&parts).all(|(t, p)| {
                    (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p
                });
            if fits {
                methods.extend(ms.iter().cloned());
            }
        }
        methods.sort();
        methods.dedup();
        (!methods.is_empty()).then_some(methods)
    }
}

impl Default for MethodTable {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_of_known_paths() {
        let t = MethodTable::new();
        assert_eq!(
            t.allowed("/api/v1/spaces"),
            Some(vec!["GET".to_owned(), "POST".to_owned()])
        );
        assert_eq!(
            t.allowed("/api/v1/spaces/0190-x/members"),
            Some(vec!["GET".to_owned()])
        );
        assert_eq!(
            t.allowed("/api/v1/me"),
            Some(vec![
                "DELETE".to_owned(),
                "GET".to_owned(),
                "PATCH".to_owned()
            ])
        );
        assert_eq!(t.allowed("/api/v1/nothing"), None);
        assert_eq!(t.allowed("/api/v1/spaces//members"), None);
    }
}
