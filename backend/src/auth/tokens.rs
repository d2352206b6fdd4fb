//! Access tokens (JWT, HS256 only, `iss`/`aud`/`exp` checked, ≤ 15 minutes, ids only) and
//! opaque random tokens (refresh, e-mail links) that are stored only as SHA-256 hashes.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub const ISSUER: &str = "domicilia";
pub const AUDIENCE: &str = "domicilia-api";
pub const ACCESS_TTL_SECS: i64 = 15 * 60;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Claims {
    /// The user's public id.
    pub sub: Uuid,
    /// The session (refresh-token family) the token was issued for: ending the session
    /// ends its access tokens at once.
    pub sid: Uuid,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

#[derive(Clone)]
pub struct AccessTokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl AccessTokens {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 0;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn issue(&self, user: Uuid, session: Uuid, now: i64) -> Result<String, String> {
        let claims = Claims {
            sub: user,
            sid: session,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now,
            exp: now + ACCESS_TTL_SECS,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(|e| e.to_string())
    }

    /// The claims of a valid token; None for anything else (bad signature, other
    /// algorithm, expired, wrong issuer or audience).
    pub fn verify(&self, token: &str) -> Option<Claims> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|d| d.claims)
    }
}

/// 256 random bits, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_and_verify() {
        let t = AccessTokens::new(b"0123456789abcdef0123456789abcdef");
        let now = chrono::Utc::now().timestamp();
        let user = Uuid::now_v7();
        let sid = Uuid::now_v7();
        let token = t.issue(user, sid, now).unwrap();
        assert_eq!(t.verify(&token).map(|c| (c.sub, c.sid)), Some((user, sid)));
        // expired
        assert!(
            t.verify(&t.issue(user, sid, now - ACCESS_TTL_SECS - 5).unwrap())
                .is_none()
        );
        // another key
        assert!(
            AccessTokens::new(b"another-secret-another-secret-xx")
                .verify(&token)
                .is_none()
        );
        // alg=none and tampering
        let parts: Vec<&str> = token.split('.').collect();
        let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert!(t.verify(&format!("{none_header}.{}.", parts[1])).is_none());
        assert!(
            t.verify(&format!("{}.{}x.{}", parts[0], parts[1], parts[2]))
                .is_none()
        );
    }

    #[test]
    fn random_tokens_are_distinct_and_hashed() {
        let (a, b) = (random_token(), random_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), token_hash(&b));
    }
}
