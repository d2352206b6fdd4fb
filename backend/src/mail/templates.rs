//! Mail templates in Italian and English, text and HTML, from `backend/templates/mail/`.
//! `{{name}}` placeholders are filled from the given values; values are HTML-escaped in the
//! HTML part; a template whose placeholder has no value is an error, never a half-filled mail.
use serde::Deserialize;
use std::collections::HashMap;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "search_alert",
        include_str!("../../templates/mail/search_alert.toml"),
    ),
    (
        "verify_email",
        include_str!("../../templates/mail/verify_email.toml"),
    ),
    (
        "password_reset",
        include_str!("../../templates/mail/password_reset.toml"),
    ),
    (
        "invitation",
        include_str!("../../templates/mail/invitation.toml"),
    ),
    (
        "account_exists",
        include_str!("../../templates/mail/account_exists.toml"),
    ),
    (
        "card_approved",
        include_str!("../../templates/mail/card_approved.toml"),
    ),
    (
        "card_changes_requested",
        include_str!("../../templates/mail/card_changes_requested.toml"),
    ),
    (
        "card_unpublished",
        include_str!("../../templates/mail/card_unpublished.toml"),
    ),
    (
        "card_submitted",
        include_str!("../../templates/mail/card_submitted.toml"),
    ),
    (
        "card_reported",
        include_str!("../../templates/mail/card_reported.toml"),
    ),
    (
        "organisation_suspended",
        include_str!("../../templates/mail/organisation_suspended.toml"),
    ),
    (
        "organisation_reinstated",
        include_str!("../../templates/mail/organisation_reinstated.toml"),
    ),
    (
        "card_verify_due",
        include_str!("../../templates/mail/card_verify_due.toml"),
    ),
    (
        "card_report_for_review",
        include_str!("../../templates/mail/card_report_for_review.toml"),
    ),
    (
        "thread_new",
        include_str!("../../templates/mail/thread_new.toml"),
    ),
    (
        "thread_message",
        include_str!("../../templates/mail/thread_message.toml"),
    ),
    (
        "thread_answer_due",
        include_str!("../../templates/mail/thread_answer_due.toml"),
    ),
    (
        "thread_declined",
        include_str!("../../templates/mail/thread_declined.toml"),
    ),
    (
        "thread_expired",
        include_str!("../../templates/mail/thread_expired.toml"),
    ),
    (
        "thread_closed",
        include_str!("../../templates/mail/thread_closed.toml"),
    ),
    (
        "quote_received",
        include_str!("../../templates/mail/quote_received.toml"),
    ),
    (
        "counter_proposed",
        include_str!("../../templates/mail/counter_proposed.toml"),
    ),
    (
        "quote_accepted",
        include_str!("../../templates/mail/quote_accepted.toml"),
    ),
    (
        "order_confirmed",
        include_str!("../../templates/mail/order_confirmed.toml"),
    ),
    (
        "order_cancelled",
        include_str!("../../templates/mail/order_cancelled.toml"),
    ),
    (
        "review_to_moderate",
        include_str!("../../templates/mail/review_to_moderate.toml"),
    ),
    (
        "review_published",
        include_str!("../../templates/mail/review_published.toml"),
    ),
    (
        "review_reported",
        include_str!("../../templates/mail/review_reported.toml"),
    ),
    (
        "registry_step",
        include_str!("../../templates/mail/registry_step.toml"),
    ),
    (
        "carer_listed",
        include_str!("../../templates/mail/carer_listed.toml"),
    ),
    (
        "carer_suspended",
        include_str!("../../templates/mail/carer_suspended.toml"),
    ),
    (
        "certificate_checked",
        include_str!("../../templates/mail/certificate_checked.toml"),
    ),
    (
        "group_invited",
        include_str!("../../templates/mail/group_invited.toml"),
    ),
    (
        "group_changed",
        include_str!("../../templates/mail/group_changed.toml"),
    ),
    (
        "match_opened",
        include_str!("../../templates/mail/match_opened.toml"),
    ),
    (
        "match_message",
        include_str!("../../templates/mail/match_message.toml"),
    ),
    (
        "match_accepted",
        include_str!("../../templates/mail/match_accepted.toml"),
    ),
    (
        "match_started",
        include_str!("../../templates/mail/match_started.toml"),
    ),
    (
        "match_closed",
        include_str!("../../templates/mail/match_closed.toml"),
    ),
    (
        "match_digest",
        include_str!("../../templates/mail/match_digest.toml"),
    ),
];

#[derive(Debug, Deserialize)]
struct Parts {
    subject: String,
    text: String,
    html: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TemplateError {
    #[error("no mail template {0}")]
    Unknown(String),
    #[error("mail template {0} is not valid: {1}")]
    Invalid(String, String),
    #[error("mail template {0} has no language {1}")]
    Language(String, String),
    #[error("mail template {0} needs a value for {1}")]
    Missing(String, String),
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn fill(
    template: &str,
    name: &str,
    values: &HashMap<&str, String>,
) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| TemplateError::Invalid(name.into(), "unclosed {{".into()))?;
        let key = after[..end].trim();
        let value = values
            .get(key)
            .ok_or_else(|| TemplateError::Missing(name.into(), key.into()))?;
        out.push_str(value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out.trim().to_owned())
}

/// Renders template `name` in `lang` ("it" or "en") with `values`.
pub fn render(name: &str, lang: &str, values: &[(&str, &str)]) -> Result<Rendered, TemplateError> {
    let raw = TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .ok_or_else(|| TemplateError::Unknown(name.into()))?;
    let mut langs: HashMap<String, Parts> =
        toml::from_str(raw).map_err(|e| TemplateError::Invalid(name.into(), e.to_string()))?;
    let parts = langs
        .remove(lang)
        .ok_or_else(|| TemplateError::Language(name.into(), lang.into()))?;
    let plain: HashMap<&str, String> = values.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
    let escaped: HashMap<&str, String> = values.iter().map(|(k, v)| (*k, escape_html(v))).collect();
    Ok(Rendered {
        subject: fill(&parts.subject, name, &plain)?.replace(['\r', '\n'], " "),
        text: fill(&parts.text, name, &plain)?,
        html: fill(&parts.html, name, &escaped)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(s: &str) -> Vec<String> {
        let mut v: Vec<String> = s
            .split("{{")
            .skip(1)
            .filter_map(|p| p.split("}}").next())
            .map(|p| p.trim().to_owned())
            .collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn every_template_has_both_languages_and_the_same_placeholders() {
        for (name, raw) in TEMPLATES {
            let langs: HashMap<String, Parts> = toml::from_str(raw).unwrap();
            let it = langs.get("it").unwrap();
            let en = langs.get("en").unwrap();
            let all = |p: &Parts| placeholders(&format!("{}{}{}", p.subject, p.text, p.html));
            assert_eq!(all(it), all(en), "{name}");
            for p in [it, en] {
                assert!(
                    !p.subject.is_empty() && !p.text.is_empty() && p.html.contains("<p>"),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn renders_in_both_languages_and_escapes_html() {
        let values = [
            ("name", "Anna <b>&</b>"),
            ("link", "https://x.example/v?t=a&b=c"),
            ("minutes", "30"),
        ];
        let it = render("password_reset", "it", &values).unwrap();
        assert!(it.subject.contains("Reimposta"));
        assert!(
            it.text.contains("Ciao Anna <b>&</b>,")
                && it.text.contains("https://x.example/v?t=a&b=c")
        );
        assert!(
            it.html.contains("Anna &lt;b&gt;&amp;&lt;/b&gt;")
                && it.html.contains("href=\"https://x.example/v?t=a&amp;b=c\"")
        );
        let en = render("verify_email", "en", &[("link", "l"), ("hours", "48")]).unwrap();
        assert!(en.subject.contains("Confirm") && en.text.contains("valid for 48 hours"));
        // The confirmation mail carries no name: nothing a stranger signing up wrote.
        assert!(!en.text.contains("{{") && en.text.trim_start().starts_with("Hello,"));
    }

    #[test]
    fn missing_values_unknown_templates_and_languages_are_errors() {
        assert_eq!(
            render("verify_email", "it", &[("link", "l")]),
            Err(TemplateError::Missing(
                "verify_email".into(),
                "hours".into()
            ))
        );
        assert!(matches!(
            render("nope", "it", &[]),
            Err(TemplateError::Unknown(_))
        ));
        assert!(matches!(
            render("verify_email", "fr", &[]),
            Err(TemplateError::Language(..))
        ));
    }
}
