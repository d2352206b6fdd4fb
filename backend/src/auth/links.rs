//! Signed links that act without signing in (stopping a saved search's alert from a mail,
//! a carer's photo in an `<img>`):
//! `base64url(id ‖ generation ‖ HMAC-SHA256(key, purpose ‖ id ‖ generation))`, one word
//! of URL-safe characters (mail programs cut links at punctuation).
//! The key is derived from the server's secret (`DOMICILIA_JWT_SECRET`) for this use
//! only. The stored generation changes when a link is used, so each link works once.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use uuid::Uuid;

type HmacSha256 = Hmac<Sha256>;

/// What a link may do (signed into it: a link for one purpose never serves another).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    StopSearchAlert,
    /// A carer's photo in an `<img>` (which sends no bearer token): the generation is the
    /// hour the address stops working.
    CarerPhoto,
}

impl LinkPurpose {
    fn code(self) -> &'static [u8] {
        match self {
            LinkPurpose::StopSearchAlert => b"stop-search-alert",
            LinkPurpose::CarerPhoto => b"carer-photo",
        }
    }
}

#[derive(Clone)]
pub struct LinkSigner {
    /// 32 derived bytes, zero-padded to SHA-256's block (as HMAC pads a shorter key).
    key: [u8; 64],
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSigner(***)")
    }
}

impl LinkSigner {
    pub fn new(secret: &[u8]) -> Self {
        let mut h = Sha256::new();
        h.update(b"domicilia mail links\0");
        h.update(secret);
        let mut key = [0u8; 64];
        key[..32].copy_from_slice(&h.finalize());
        Self { key }
    }

    fn mac(&self, purpose: LinkPurpose, payload: &[u8]) -> HmacSha256 {
        let mut mac = <HmacSha256 as hmac::digest::KeyInit>::new(&self.key.into());
        mac.update(purpose.code());
        mac.update(b"\0");
        mac.update(payload);
        mac
    }

    /// The token for `id` at `generation`.
    pub fn sign(&self, purpose: LinkPurpose, id: Uuid, generation: i32) -> String {
        let mut payload = id.as_bytes().to_vec();
        payload.extend_from_slice(&generation.to_be_bytes());
        let tag = self.mac(purpose, &payload).finalize().into_bytes();
        payload.extend_from_slice(&tag);
        URL_SAFE_NO_PAD.encode(&payload)
    }

    /// The id and generation of a token signed for `purpose` (compared in constant
    /// time); None for anything else.
    pub fn verify(&self, purpose: LinkPurpose, token: &str) -> Option<(Uuid, i32)> {
        let bytes = URL_SAFE_NO_PAD.decode(token).ok()?;
        if bytes.len() != 52 {
            return None;
        }
        let (payload, tag) = bytes.split_at(20);
        self.mac(purpose, payload).verify_slice(tag).ok()?;
        let id = Uuid::from_slice(&payload[..16]).ok()?;
        let generation = i32::from_be_bytes(payload[16..20].try_into().ok()?);
        Some((id, generation))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_only_unchanged_and_with_its_key() {
        let s = LinkSigner::new(b"secret");
        let id = Uuid::now_v7();
        let t = s.sign(LinkPurpose::StopSearchAlert, id, 3);
        assert_eq!(s.verify(LinkPurpose::StopSearchAlert, &t), Some((id, 3)));
        assert_eq!(
            LinkSigner::new(b"other").verify(LinkPurpose::StopSearchAlert, &t),
            None
        );
        assert!(
            t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
        let mut bytes = URL_SAFE_NO_PAD.decode(&t).unwrap();
        bytes[19] ^= 1;
        let forged = URL_SAFE_NO_PAD.encode(&bytes);
        assert_eq!(s.verify(LinkPurpose::StopSearchAlert, &forged), None);
        for junk in ["", ".", "abc", &t[..60]] {
            assert_eq!(s.verify(LinkPurpose::StopSearchAlert, junk), None);
        }
        // A token for one purpose serves no other.
        assert_eq!(s.verify(LinkPurpose::CarerPhoto, &t), None);
    }
}
