//! The tags a rendered page puts in `<head>`: title, description, canonical address, Open
//! Graph (a link preview in a chat app) and schema.org JSON-LD.
use frontend::i18n::Lang;
use frontend::ssr::Head;
use std::fmt::Write;

pub const SITE: &str = "Domicilia";

/// Escapes text for an HTML attribute value or element content.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The head's tags for `h`, with absolute addresses under `origin`.
pub fn html(h: &Head, lang: Lang, origin: &str) -> String {
    let mut out = String::new();
    let title = match &h.title {
        Some(t) => format!("{t} — {SITE}"),
        None => SITE.to_owned(),
    };
    let title = escape(&title);
    let _ = write!(out, "<title>{title}</title>");
    if let Some(d) = &h.description {
        let _ = write!(out, r#"<meta name="description" content="{}">"#, escape(d));
    }
    if let Some(c) = &h.canonical {
        let url = escape(&format!("{}{c}", origin.trim_end_matches('/')));
        let _ = write!(
            out,
            r#"<link rel="canonical" href="{url}"><meta property="og:url" content="{url}">"#
        );
    }
    let _ = write!(
        out,
        r#"<meta property="og:title" content="{title}"><meta property="og:type" content="website"><meta property="og:site_name" content="{SITE}"><meta property="og:locale" content="{}">"#,
        if lang == Lang::En { "en_GB" } else { "it_IT" }
    );
    if let Some(d) = &h.description {
        let _ = write!(
            out,
            r#"<meta property="og:description" content="{}">"#,
            escape(d)
        );
    }
    if let Some(ld) = &h.json_ld {
        // A data block, not a script: `<` escaped so nothing can close it early.
        let _ = write!(
            out,
            r#"<script type="application/ld+json">{}</script>"#,
            ld.replace('<', "\\u003c")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_providers_cannot_leave_its_attribute_or_data_block() {
        let h = Head {
            title: Some(r#"A "quoted" <b>title</b>"#.into()),
            description: Some("x\" onload=\"alert(1)".into()),
            canonical: Some("/servizi/1".into()),
            json_ld: Some(r#"{"name":"</script><script>alert(1)</script>"}"#.into()),
            ..Head::default()
        };
        let out = html(&h, Lang::It, "https://example.org/");
        assert!(
            out.contains(
                "<title>A &quot;quoted&quot; &lt;b&gt;title&lt;/b&gt; — Domicilia</title>"
            )
        );
        assert!(out.contains(r#"content="x&quot; onload=&quot;alert(1)""#));
        assert!(out.contains(r#"<link rel="canonical" href="https://example.org/servizi/1">"#));
        assert_eq!(out.matches("</script>").count(), 1);
        assert!(out.contains(r#"<meta property="og:locale" content="it_IT">"#));
    }
}
