//! Every interface string the web app asks for exists in both languages: `t` answers an
//! empty string for an unknown key, which would show as a blank label.
use std::collections::BTreeSet;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// String literals shaped like keys: `"word.word…"` in lower case.
fn literals(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        let lit = &after[..end];
        // A key begins with a letter ("search.title"; not a number such as "12.5").
        if lit.contains('.')
            && lit.starts_with(|c: char| c.is_ascii_lowercase())
            && !lit.ends_with('.')
            && lit
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
        {
            out.push(lit.to_owned());
        }
        rest = &after[end + 1..];
    }
    out
}

#[test]
fn every_key_the_app_uses_is_translated() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src");
    // The common table and the reserved area's one.
    let i18n = [
        "i18n/mod.rs",
        "i18n/reserved.rs",
        "i18n/workspace.rs",
        "i18n/review.rs",
        "i18n/reports.rs",
        "i18n/contact.rs",
        "i18n/matching.rs",
        "i18n/groups.rs",
        "i18n/certificates.rs",
        "i18n/notifications.rs",
    ]
    .iter()
    .map(|f| std::fs::read_to_string(src.join(f)).expect("i18n table"))
    .collect::<Vec<_>>()
    .join("\n");
    // `"key" => ("italiano", "english"),` (rustfmt may put the pair on the next lines).
    let mut defined = BTreeSet::new();
    let mut empty = Vec::new();
    for chunk in i18n.split("\n        \"").skip(1) {
        // rustfmt writes `"key" => (…),` or, for long lines, `"key" => {\n (…)\n }`.
        let Some((key, rest)) = chunk.split_once("\" => ") else {
            continue;
        };
        let rest = rest.trim_start_matches(['{', '\n', ' ']);
        if !rest.starts_with('(') {
            continue;
        }
        let pair: String = rest.split(")").next().unwrap_or("").to_owned();
        if pair.contains("\"\"") {
            empty.push(key.to_owned());
        }
        defined.insert(key.to_owned());
    }
    assert!(defined.len() > 200, "parsed {} keys", defined.len());
    assert!(empty.is_empty(), "keys with an empty text: {empty:?}");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    // Browser storage keys, not interface strings.
    let storage_keys = [
        "domicilia.compare",
        "domicilia.flash",
        "domicilia.lang",
        "domicilia.role",
    ];
    let mut missing = BTreeSet::new();
    for f in files.iter().filter(|f| {
        !f.ends_with("i18n/mod.rs")
            && !f.ends_with("i18n/reserved.rs")
            && !f.ends_with("i18n/workspace.rs")
            && !f.ends_with("i18n/review.rs")
            && !f.ends_with("i18n/reports.rs")
            && !f.ends_with("i18n/contact.rs")
            && !f.ends_with("i18n/matching.rs")
            && !f.ends_with("i18n/groups.rs")
            && !f.ends_with("i18n/notifications.rs")
    }) {
        let text = std::fs::read_to_string(f).expect("source");
        for key in literals(&text) {
            if !defined.contains(&key) && !storage_keys.contains(&key.as_str()) {
                missing.insert(format!("{key} ({})", f.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "keys without a translation: {missing:?}"
    );
}

/// `boot.js` picks the bundle by path with the same list as `RESERVED_PATHS` in apps.rs.
#[test]
fn boot_js_and_the_apps_agree_on_the_reserved_paths() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend");
    let quoted = |text: &str, from: &str, to: &str| -> Vec<String> {
        let start = text.find(from).expect("list start") + from.len();
        let end = start + text[start..].find(to).expect("list end");
        text[start..end]
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let apps = std::fs::read_to_string(root.join("src/apps.rs")).expect("apps.rs");
    let boot = std::fs::read_to_string(root.join("boot.js")).expect("boot.js");
    let in_rust = quoted(&apps, "pub const RESERVED_PATHS", "];");
    let in_js = quoted(&boot, "const RESERVED = [", "];");
    assert!(in_rust.len() >= 8, "{in_rust:?}");
    assert_eq!(in_rust, in_js);
    for (rust, js) in [
        ("pub const WORKSPACE_PATHS", "const WORKSPACE = ["),
        ("pub const REVIEW_PATHS", "const REVIEW = ["),
        ("pub const CITY_PATHS", "const CITY = ["),
        ("pub const CONTACT_PATHS", "const CONTACT = ["),
        ("pub const FEEDBACK_PATHS", "const FEEDBACK = ["),
        ("pub const MATCHING_PATHS", "const MATCHING = ["),
        ("pub const NEEDS_PATHS", "const NEEDS = ["),
        ("pub const MATCHES_PATHS", "const MATCHES = ["),
        ("pub const GROUPS_PATHS", "const GROUPS = ["),
    ] {
        let in_rust = quoted(&apps, rust, "];");
        let in_js = quoted(&boot, js, "];");
        assert!(!in_rust.is_empty(), "{rust}");
        assert_eq!(in_rust, in_js);
    }
}

/// A message left for a page of the public app (after sign-out, deletion…) is shown by
/// that app, which has only the common strings.
#[test]
fn messages_for_public_pages_use_common_strings() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src");
    let common = std::fs::read_to_string(src.join("i18n/mod.rs")).expect("i18n/mod.rs");
    let apps = std::fs::read_to_string(src.join("apps.rs")).expect("apps.rs");
    let reserved_paths: Vec<&str> = apps
        .split("pub const RESERVED_PATHS")
        .nth(1)
        .and_then(|t| t.split("];").next())
        .unwrap_or("")
        .split('"')
        .skip(1)
        .step_by(2)
        .collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("source");
        // `session.leave(navigate, "<path>", "<key>")`, on one line or several.
        for call in text.split(".leave(").skip(1) {
            let args = call.split(')').next().unwrap_or("");
            let quoted: Vec<&str> = args.split('"').skip(1).step_by(2).collect();
            let [path, key] = quoted[..] else {
                continue;
            };
            let path = path.split('?').next().unwrap_or(path);
            checked += 1;
            let public = !reserved_paths
                .iter()
                .any(|p| path == *p || path.starts_with(&format!("{p}/")));
            if public && !common.contains(&format!("\"{key}\" =>")) {
                wrong.push(format!("{key} for {path} ({})", f.display()));
            }
        }
    }
    assert!(checked >= 4, "found {checked} hand-overs");
    assert!(
        wrong.is_empty(),
        "messages for public pages missing from the common table: {wrong:?}"
    );
}

/// The public app installs only the common table: its pages and the shared header use
/// common strings only.
#[test]
fn the_public_app_uses_common_strings_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src");
    let common = std::fs::read_to_string(src.join("i18n/mod.rs")).expect("i18n/mod.rs");
    let public_files = [
        "apps.rs",
        "session.rs",
        "pages/mod.rs",
        "pages/home.rs",
        "pages/search.rs",
        "pages/service.rs",
        "pages/organisation.rs",
        "pages/compare.rs",
        "pages/privacy.rs",
        "pages/not_found.rs",
        "components/layout.rs",
        "components/fetch.rs",
        "components/compare.rs",
        "components/result_card.rs",
        "components/price.rs",
        "components/roles.rs",
    ];
    let mut wrong = Vec::new();
    for f in public_files {
        let text = std::fs::read_to_string(src.join(f)).expect(f);
        for key in literals(&text) {
            if !key.starts_with("domicilia.") && !common.contains(&format!("\"{key}\" =>")) {
                wrong.push(format!("{key} ({f})"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "reserved-area strings in the public app: {wrong:?}"
    );
}
