//! Typed settings: defaults < optional TOML file (`DOMICILIA_CONFIG` or `domicilia.toml`)
//! < environment (`DATABASE_URL`, `PORT`, and `DOMICILIA_*`). The merged settings are
//! checked once, whatever each value's source (`Settings::validate`). Secrets (the
//! database and SMTP URLs, which may hold passwords, the token key, the metrics token)
//! are `SecretString`s: no `Debug` print shows them.
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// `sqlite://data/domicilia.sqlite?mode=rwc` or `postgres://user@host:port/db`.
    pub database_url: SecretString,
    pub host: String,
    pub port: u16,
    /// Where the built SPA lives (index.html, wasm, js, css).
    pub static_dir: PathBuf,
    /// `json` (default) or `pretty`.
    pub log_format: String,
    /// A tracing filter, e.g. `info,sqlx=warn`.
    pub log_level: String,
    /// Database pool size.
    pub max_connections: u32,
    /// SMTP server for outgoing mail (`smtp://host:port`, `smtps://user:pass@host`);
    /// unset: mail is written as `.eml` files under `mail_dir`.
    pub smtp_url: Option<SecretString>,
    pub mail_dir: PathBuf,
    pub mail_from: String,
    /// HMAC key of the access tokens (≥ 32 bytes; the same on every instance). Unset: a
    /// random key per process, so tokens die with it (fine for one local instance).
    pub jwt_secret: Option<SecretString>,
    /// The address people use, for links in e-mails. When it is `https://…`, responses
    /// carry `Strict-Transport-Security`.
    pub public_url: String,
    /// Load balancers / reverse proxies whose `X-Forwarded-For` is believed, as a
    /// comma-separated list of addresses and networks (`10.0.0.0/8, ::1`). Empty: the
    /// peer address is the client's.
    pub trusted_proxies: String,
    /// A bearer token that opens `GET /metrics` on the public port. Unset (and no
    /// `metrics_addr`): the metrics are not served.
    pub metrics_token: Option<SecretString>,
    /// A separate address (`127.0.0.1:9100`) serving `GET /metrics` without a token, for
    /// a scraper on a private network.
    pub metrics_addr: Option<String>,
    /// Where this instance keeps its search index (one directory per instance; built
    /// at the first start, then kept up to date from the database).
    pub index_dir: PathBuf,
    /// Where uploaded files (logos) are kept when `storage_url` is unset.
    pub files_dir: PathBuf,
    /// An S3-compatible object store for the uploaded files, `s3://bucket/prefix`, its
    /// endpoint, region and credentials from the standard `AWS_*` variables (see
    /// `storage.rs`). Unset: local files under `files_dir`.
    pub storage_url: Option<String>,
    /// Working days (Monday to Friday, national holidays excepted, Europe/Rome) a
    /// provider has to give a new thread its first answer; 1–10, default 2.
    pub answer_working_days: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            database_url: SecretString::from("sqlite://data/domicilia.sqlite?mode=rwc"),
            host: "0.0.0.0".into(),
            port: 8080,
            static_dir: PathBuf::from("frontend/dist"),
            log_format: "json".into(),
            log_level: "info,sqlx=warn,sea_orm=warn".into(),
            max_connections: 16,
            smtp_url: None,
            mail_dir: PathBuf::from("data/mail"),
            mail_from: "Domicilia <noreply@domicilia.localhost>".into(),
            jwt_secret: None,
            public_url: "http://localhost:8080".into(),
            trusted_proxies: String::new(),
            metrics_token: None,
            metrics_addr: None,
            index_dir: PathBuf::from("data/index"),
            files_dir: PathBuf::from("data/files"),
            storage_url: None,
            answer_working_days: 2,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read the configuration file {0}: {1}")]
    Read(PathBuf, std::io::Error),
    /// Where the file is wrong, without echoing its text (it may hold secrets).
    #[error("invalid configuration file {0}: {1}")]
    Parse(PathBuf, String),
    #[error("invalid value for {0}: {1}")]
    Env(&'static str, String),
    #[error("invalid setting {0}: {1}")]
    Invalid(&'static str, String),
}

/// A TOML error by line, with every quoted value left out.
fn toml_error(raw: &str, e: &toml::de::Error) -> String {
    let line = e
        .span()
        .map(|s| raw[..s.start.min(raw.len())].matches('\n').count() + 1);
    let mut message = String::new();
    let mut quoted = false;
    for c in e.message().chars() {
        match c {
            '"' if !quoted => {
                quoted = true;
                message.push_str("\"…");
            }
            '"' => {
                quoted = false;
                message.push('"');
            }
            _ if quoted => {}
            c => message.push(c),
        }
    }
    match line {
        Some(n) => format!("line {n}: {message}"),
        None => message,
    }
}

/// The secret values of the settings (and the passwords inside their URLs), to keep
/// them out of error messages.
pub fn secrets(s: &Settings) -> Vec<String> {
    let mut out = Vec::new();
    let mut url = |u: &str| {
        out.push(u.to_owned());
        if let Some((userinfo, _)) = u
            .split_once("://")
            .and_then(|(_, rest)| rest.rsplit_once('@'))
            && let Some((_, password)) = userinfo.split_once(':')
            && !password.is_empty()
        {
            out.push(password.to_owned());
        }
    };
    url(s.database_url.expose_secret());
    if let Some(u) = &s.smtp_url {
        url(u.expose_secret());
    }
    for secret in [&s.jwt_secret, &s.metrics_token].into_iter().flatten() {
        out.push(secret.expose_secret().to_owned());
    }
    out.retain(|x| x.len() >= 4);
    out
}

/// `text` with every secret replaced by `***`.
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_owned();
    for s in secrets {
        out = out.replace(s.as_str(), "***");
    }
    out
}

/// A key that is long but hardly secret: all blanks, or a handful of characters.
fn weak(secret: &str) -> bool {
    let distinct: std::collections::HashSet<char> = secret.chars().collect();
    secret.trim().is_empty() || distinct.len() < 8
}

impl Settings {
    /// Loads the settings from the process environment.
    pub fn load() -> Result<Self, ConfigError> {
        Self::load_from(|k| std::env::var(k).ok())
    }

    /// Loads the settings with `env` as the environment (testable without globals).
    pub fn load_from(env: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let explicit = env("DOMICILIA_CONFIG").map(PathBuf::from);
        let path = explicit
            .clone()
            .unwrap_or_else(|| PathBuf::from("domicilia.toml"));
        let mut s = if explicit.is_some() || path.exists() {
            let raw =
                std::fs::read_to_string(&path).map_err(|e| ConfigError::Read(path.clone(), e))?;
            toml::from_str(&raw)
                .map_err(|e| ConfigError::Parse(path.clone(), toml_error(&raw, &e)))?
        } else {
            Settings::default()
        };
        if let Some(v) = env("DATABASE_URL").or_else(|| env("DOMICILIA_DATABASE_URL")) {
            s.database_url = SecretString::from(v);
        }
        if let Some(v) = env("PORT").or_else(|| env("DOMICILIA_PORT")) {
            s.port = v.parse().map_err(|_| ConfigError::Env("PORT", v))?;
        }
        if let Some(v) = env("DOMICILIA_HOST") {
            s.host = v;
        }
        if let Some(v) = env("DOMICILIA_STATIC_DIR") {
            s.static_dir = PathBuf::from(v);
        }
        if let Some(v) = env("DOMICILIA_LOG_FORMAT") {
            s.log_format = v;
        }
        if let Some(v) = env("DOMICILIA_LOG").or_else(|| env("RUST_LOG")) {
            s.log_level = v;
        }
        if let Some(v) = env("DOMICILIA_SMTP_URL").filter(|v| !v.is_empty()) {
            s.smtp_url = Some(SecretString::from(v));
        }
        if let Some(v) = env("DOMICILIA_MAIL_DIR") {
            s.mail_dir = PathBuf::from(v);
        }
        if let Some(v) = env("DOMICILIA_MAIL_FROM") {
            s.mail_from = v;
        }
        if let Some(v) = env("DOMICILIA_JWT_SECRET").filter(|v| !v.is_empty()) {
            s.jwt_secret = Some(SecretString::from(v));
        }
        if let Some(v) = env("DOMICILIA_PUBLIC_URL") {
            s.public_url = v;
        }
        if let Some(v) = env("DOMICILIA_TRUSTED_PROXIES") {
            s.trusted_proxies = v;
        }
        if let Some(v) = env("DOMICILIA_MAX_CONNECTIONS") {
            s.max_connections = v
                .parse()
                .map_err(|_| ConfigError::Env("DOMICILIA_MAX_CONNECTIONS", v))?;
        }
        if let Some(v) = env("DOMICILIA_METRICS_TOKEN").filter(|v| !v.is_empty()) {
            s.metrics_token = Some(SecretString::from(v));
        }
        if let Some(v) = env("DOMICILIA_METRICS_ADDR").filter(|v| !v.is_empty()) {
            s.metrics_addr = Some(v);
        }
        if let Some(v) = env("DOMICILIA_FILES_DIR").filter(|v| !v.is_empty()) {
            s.files_dir = PathBuf::from(v);
        }
        if let Some(v) = env("DOMICILIA_STORAGE_URL").filter(|v| !v.is_empty()) {
            s.storage_url = Some(v);
        }
        if let Some(v) = env("DOMICILIA_INDEX_DIR").filter(|v| !v.is_empty()) {
            s.index_dir = PathBuf::from(v);
        }
        if let Some(v) = env("DOMICILIA_ANSWER_WORKING_DAYS").filter(|v| !v.is_empty()) {
            s.answer_working_days = v
                .parse()
                .map_err(|_| ConfigError::Env("DOMICILIA_ANSWER_WORKING_DAYS", v))?;
        }
        s.validate()?;
        Ok(s)
    }

    /// Checks the merged settings, whatever the source of each value (file or
    /// environment), and normalises the public address.
    pub fn validate(&mut self) -> Result<(), ConfigError> {
        if !(1..=10).contains(&self.answer_working_days) {
            return Err(ConfigError::Invalid(
                "answer_working_days (DOMICILIA_ANSWER_WORKING_DAYS)",
                format!("{} (use 1 to 10)", self.answer_working_days),
            ));
        }
        if self.log_format != "json" && self.log_format != "pretty" {
            return Err(ConfigError::Invalid(
                "log_format",
                format!("{} (use json or pretty)", self.log_format),
            ));
        }
        if let Some(secret) = &self.jwt_secret
            && (secret.expose_secret().len() < 32 || weak(secret.expose_secret()))
        {
            return Err(ConfigError::Invalid(
                "jwt_secret (DOMICILIA_JWT_SECRET)",
                "at least 32 bytes of random characters".into(),
            ));
        }
        if let Some(token) = &self.metrics_token
            && (token.expose_secret().len() < 16 || weak(token.expose_secret()))
        {
            return Err(ConfigError::Invalid(
                "metrics_token (DOMICILIA_METRICS_TOKEN)",
                "at least 16 bytes of random characters".into(),
            ));
        }
        if let Some(addr) = &self.metrics_addr
            && addr.parse::<std::net::SocketAddr>().is_err()
        {
            return Err(ConfigError::Invalid(
                "metrics_addr (DOMICILIA_METRICS_ADDR)",
                format!("{addr} (an address and port, like 127.0.0.1:9100)"),
            ));
        }
        if self.max_connections == 0 {
            return Err(ConfigError::Invalid(
                "max_connections (DOMICILIA_MAX_CONNECTIONS)",
                "at least 1".into(),
            ));
        }
        let url = self.database_url.expose_secret();
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(ConfigError::Invalid(
                "database_url (DATABASE_URL)",
                "an sqlite: or postgres:// URL".into(),
            ));
        }
        if !(self.public_url.starts_with("http://") || self.public_url.starts_with("https://")) {
            return Err(ConfigError::Invalid(
                "public_url (DOMICILIA_PUBLIC_URL)",
                format!("{} (an http:// or https:// address)", self.public_url),
            ));
        }
        self.public_url = self.public_url.trim_end_matches('/').to_owned();
        crate::domain::client_addr::TrustedProxies::parse(&self.trusted_proxies)
            .map_err(|e| ConfigError::Invalid("trusted_proxies (DOMICILIA_TRUSTED_PROXIES)", e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_without_file_or_env() {
        let s = Settings::load_from(env(&[("DOMICILIA_CONFIG_UNUSED", "")])).ok();
        // A domicilia.toml in the working directory would change this; tests run in backend/.
        assert_eq!(s.map(|s| s.port), Some(8080));
    }

    #[test]
    fn environment_overrides_file() {
        let dir = std::env::temp_dir().join(format!("domicilia-cfg-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("c.toml");
        std::fs::write(&file, "port = 9000\nhost = \"127.0.0.1\"\n").unwrap();
        let f = file.to_string_lossy().to_string();
        let s = Settings::load_from(env(&[("DOMICILIA_CONFIG", &f), ("PORT", "9100")])).unwrap();
        assert_eq!((s.port, s.host.as_str()), (9100, "127.0.0.1"));
        let s = Settings::load_from(env(&[("DOMICILIA_CONFIG", &f)])).unwrap();
        assert_eq!(s.port, 9000);
    }

    #[test]
    fn every_source_is_validated_and_secrets_never_print() {
        let dir = std::env::temp_dir().join(format!("domicilia-cfg-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("c.toml");
        // A short key in the file is refused like one in the environment.
        std::fs::write(&file, "jwt_secret = \"short\"\n").unwrap();
        let f = file.to_string_lossy().to_string();
        assert!(matches!(
            Settings::load_from(env(&[("DOMICILIA_CONFIG", &f)])),
            Err(ConfigError::Invalid(..))
        ));
        assert!(Settings::load_from(env(&[("DOMICILIA_JWT_SECRET", "short")])).is_err());
        std::fs::write(&file, "log_format = \"xml\"\n").unwrap();
        assert!(Settings::load_from(env(&[("DOMICILIA_CONFIG", &f)])).is_err());
        let key = "a-long-enough-secret-key-0123456789";
        std::fs::write(
            &file,
            format!(
                "jwt_secret = \"{key}\"\nsmtp_url = \"smtp://mailer:hunter2-pass@mx:587\"\ndatabase_url = \"postgres://app:db-pass-42@db/x\"\n"
            ),
        )
        .unwrap();
        let s = Settings::load_from(env(&[("DOMICILIA_CONFIG", &f)])).unwrap();
        assert_eq!(s.jwt_secret.as_ref().map(|k| k.expose_secret()), Some(key));
        let printed = format!("{s:?}");
        for secret in [key, "hunter2-pass", "db-pass-42"] {
            assert!(!printed.contains(secret), "{printed}");
        }
        // Long but hardly secret.
        for weak in [
            " ".repeat(40),
            "a".repeat(37),
            "abababababababababababababababab".into(),
        ] {
            assert!(Settings::load_from(env(&[("DOMICILIA_JWT_SECRET", &weak)])).is_err());
        }
        // A broken file is reported by line, without its values.
        std::fs::write(
            &file,
            "database_url = postgres://u:s3cr3tPW@db/x\njwt_secret = \"hunter2-hunter2-hunter2-hunter2-xyz\"\n",
        )
        .unwrap();
        let e = Settings::load_from(env(&[("DOMICILIA_CONFIG", &f)]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1") && !e.contains("s3cr3tPW"), "{e}");
        std::fs::write(&file, "port = \"s3cr3tPW\"\n").unwrap();
        let e = Settings::load_from(env(&[("DOMICILIA_CONFIG", &f)]))
            .unwrap_err()
            .to_string();
        assert!(!e.contains("s3cr3tPW"), "{e}");
        let s = Settings::load_from(env(&[
            ("DATABASE_URL", "postgres://app:db-pass-42@db/x"),
            ("DOMICILIA_JWT_SECRET", key),
        ]))
        .unwrap();
        let message = redact(
            "cannot connect to postgres://app:db-pass-42@db/x (db-pass-42)",
            &secrets(&s),
        );
        assert!(
            !message.contains("db-pass-42") && message.contains("***"),
            "{message}"
        );
        assert!(Settings::load_from(env(&[("DOMICILIA_METRICS_ADDR", "nowhere")])).is_err());
        assert!(Settings::load_from(env(&[("DOMICILIA_METRICS_TOKEN", "short")])).is_err());
        assert!(Settings::load_from(env(&[("DOMICILIA_PUBLIC_URL", "ftp://x")])).is_err());
        let s = Settings::load_from(env(&[("DOMICILIA_PUBLIC_URL", "https://x.it/")])).unwrap();
        assert_eq!(s.public_url, "https://x.it");
    }

    #[test]
    fn bad_values_are_errors() {
        assert!(Settings::load_from(env(&[("PORT", "eighty")])).is_err());
        assert!(Settings::load_from(env(&[("DOMICILIA_LOG_FORMAT", "xml")])).is_err());
        assert!(Settings::load_from(env(&[("DOMICILIA_CONFIG", "/nonexistent/x.toml")])).is_err());
        assert!(Settings::load_from(env(&[("DOMICILIA_TRUSTED_PROXIES", "10.0.0.0/99")])).is_err());
        assert!(Settings::load_from(env(&[("DOMICILIA_MAX_CONNECTIONS", "0")])).is_err());
        let s = Settings::load_from(env(&[("DOMICILIA_TRUSTED_PROXIES", "10.0.0.0/8")])).unwrap();
        assert_eq!(s.trusted_proxies, "10.0.0.0/8");
    }
}
