//! Passwords: argon2id (m = 19456 KiB, t = 2, p = 1), hashed off the async threads with
//! bounded concurrency, checked against a minimum length and a bundled list of common
//! passwords.
use argon2::password_hash::{
    PasswordHash, PasswordHasher as _, PasswordVerifier as _, SaltString, rand_core::OsRng,
};
use argon2::{Algorithm, Argon2, Params, Version};
use std::collections::HashSet;
use std::sync::{Arc, LazyLock};
use tokio::sync::Semaphore;

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 128;

static COMMON: LazyLock<HashSet<String>> = LazyLock::new(|| {
    include_str!("../../../reference/common-passwords.txt")
        .lines()
        .map(|l| l.trim().to_lowercase())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

fn argon2() -> Argon2<'static> {
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Why a new password is refused (a stable code for the API).
pub fn policy_violation(password: &str) -> Option<&'static str> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        Some("too_short")
    } else if n > MAX_LENGTH {
        Some("too_long")
    } else if is_common(&password.to_lowercase()) {
        Some("too_common")
    } else {
        None
    }
}

/// A common password, one decorated with digits or symbols ("password2024!"), one made
/// of three or fewer distinct characters ("121212121212"), or a run ("abcdefghijkl").
fn is_common(lower: &str) -> bool {
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let distinct: HashSet<char> = lower.chars().collect();
    let run = lower
        .as_bytes()
        .windows(2)
        .all(|w| w[1] == w[0].wrapping_add(1))
        || lower
            .as_bytes()
            .windows(2)
            .all(|w| w[1] == w[0].wrapping_sub(1));
    COMMON.contains(lower)
        || (core.chars().count() >= 4 && COMMON.contains(core))
        || distinct.len() <= 3
        || run
}

#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
    dummy: Arc<String>,
}

impl Default for Hasher {
    fn default() -> Self {
        Self::new(2)
    }
}

impl Hasher {
    /// At most `concurrency` hashes at once: each costs ~19 MiB and tens of milliseconds.
    pub fn new(concurrency: usize) -> Self {
        let salt = SaltString::generate(&mut OsRng);
        let dummy = argon2()
            .hash_password(b"dummy password for unknown accounts", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default();
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy: Arc::new(dummy),
        }
    }

    pub async fn hash(&self, password: &str) -> Result<String, String> {
        let _permit = self.permits.acquire().await.map_err(|e| e.to_string())?;
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            let salt = SaltString::generate(&mut OsRng);
            argon2()
                .hash_password(password.as_bytes(), &salt)
                .map(|h| h.to_string())
                .map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())?
    }

    /// Verifies against `hash`, or against a dummy hash when there is none, so that an
    /// unknown account takes as long as a wrong password.
    pub async fn verify(&self, password: &str, hash: Option<&str>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        let known = hash.is_some();
        let hash = hash.map_or_else(|| self.dummy.as_str().to_owned(), str::to_owned);
        let password = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || {
            PasswordHash::new(&hash)
                .map(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
                .unwrap_or(false)
        })
        .await
        .unwrap_or(false);
        ok && known
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy() {
        assert_eq!(policy_violation("short"), Some("too_short"));
        assert_eq!(policy_violation("Password1234"), Some("too_common"));
        assert_eq!(policy_violation(&"x".repeat(129)), Some("too_long"));
        assert_eq!(policy_violation("giardino-di-via-padova-7"), None);
        // Decorated common words, Italian ones too, repetitions and runs.
        for weak in [
            "password2024!",
            "!!Juventus1897",
            "forzanapoli1926",
            "Francesco1980!",
            "qwertyuiop1234",
            "121212121212",
            "aaaaaaaaaaaaaa",
            "abcdefghijklm",
            "zyxwvutsrqpo",
        ] {
            assert_eq!(policy_violation(weak), Some("too_common"), "{weak}");
        }
        for fine in [
            "una frase lunga da ricordare",
            "demo-domicilia-2026",
            "segreto-di-via-padova-77",
            "tre gatti sul tetto",
        ] {
            assert_eq!(policy_violation(fine), None, "{fine}");
        }
    }

    #[tokio::test]
    async fn hash_and_verify() {
        let h = Hasher::new(1);
        let hash = h.hash("giardino-di-via-padova-7").await.unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(h.verify("giardino-di-via-padova-7", Some(&hash)).await);
        assert!(!h.verify("giardino-di-via-padova-8", Some(&hash)).await);
        assert!(!h.verify("anything", None).await);
    }
}
