//! The API client: types and one function per operation, generated at build time from
//! `openapi/openapi.json` (see `build.rs`), over the small fetch layer below. The access
//! token lives here, in memory only; the refresh token is an HttpOnly cookie the browser
//! sends to `/api/v1/auth/*` by itself. Every request with the token also names the
//! membership the person acts in (`X-Active-Membership`), when the session has settled one.
#![allow(dead_code, clippy::all)]

use serde::de::DeserializeOwned;
use std::cell::RefCell;

include!(concat!(env!("OUT_DIR"), "/api_gen.rs"));

// The transport: `fetch` in the browser (`web.rs`), the host's in-process answer on the
// server (`server.rs`, feature `ssr`). The generated functions call `call`/`call_empty`.
#[cfg(not(feature = "ssr"))]
mod web;
#[cfg(not(feature = "ssr"))]
pub use web::renew;
#[cfg(not(feature = "ssr"))]
use web::{call, call_empty};
#[cfg(feature = "ssr")]
mod server;
#[cfg(feature = "ssr")]
pub use server::renew;
#[cfg(feature = "ssr")]
use server::{call, call_empty};

/// `PUT /api/v1/organisations/{id}/logo`: the chosen file as the body, with its own
/// media type (uploads are written here, not generated).
pub async fn put_organisation_logo(
    id: &str,
    if_match: &str,
    file: &web_sys::File,
) -> Result<Organisation, ApiError> {
    let url = format!("/api/v1/organisations/{}/logo", encode(id));
    #[cfg(not(feature = "ssr"))]
    {
        web::upload(Method::Put, &url, file, &[("If-Match", if_match)]).await
    }
    #[cfg(feature = "ssr")]
    {
        let _ = (url, if_match, file);
        Err(ApiError::network("uploads are sent by the browser"))
    }
}

/// `POST /api/v1/threads/{id}/attachments?filename=…`: a file for the thread's next
/// message, with its own media type.
pub async fn upload_attachment(thread: &str, file: &web_sys::File) -> Result<Attachment, ApiError> {
    let url = format!(
        "/api/v1/threads/{}/attachments?filename={}",
        encode(thread),
        encode(&file.name())
    );
    #[cfg(not(feature = "ssr"))]
    {
        web::upload(Method::Post, &url, file, &[]).await
    }
    #[cfg(feature = "ssr")]
    {
        let _ = (url, file);
        Err(ApiError::network("uploads are sent by the browser"))
    }
}

/// `POST /api/v1/me/carer/documents?kind=…&filename=…`: a certificate for the carer's
/// own registration, with its own media type.
pub async fn upload_certificate(
    kind: &str,
    file: &web_sys::File,
) -> Result<CarerDocument, ApiError> {
    let url = format!(
        "/api/v1/me/carer/documents?kind={}&filename={}",
        encode(kind),
        encode(&file.name())
    );
    #[cfg(not(feature = "ssr"))]
    {
        web::upload(Method::Post, &url, file, &[]).await
    }
    #[cfg(feature = "ssr")]
    {
        let _ = (url, file);
        Err(ApiError::network("uploads are sent by the browser"))
    }
}

/// `PUT /api/v1/me/carer/photo`: the chosen image as the body, with its own media type.
pub async fn put_my_carer_photo(file: &web_sys::File) -> Result<CarerRegistration, ApiError> {
    let url = "/api/v1/me/carer/photo";
    #[cfg(not(feature = "ssr"))]
    {
        web::upload(Method::Put, url, file, &[]).await
    }
    #[cfg(feature = "ssr")]
    {
        let _ = (url, file);
        Err(ApiError::network("uploads are sent by the browser"))
    }
}

/// Saves a file of the API (`GET /api/v1/attachments/{id}`, asked with the session's
/// token) as `name` in the browser's downloads.
pub async fn save_attachment(id: &str, name: &str) -> Result<(), ApiError> {
    save_file(&format!("/api/v1/attachments/{}", encode(id)), name).await
}

/// Saves a carer's certificate (`GET /api/v1/carer-documents/{id}`) as `name`.
pub async fn save_certificate(id: &str, name: &str) -> Result<(), ApiError> {
    save_file(&format!("/api/v1/carer-documents/{}", encode(id)), name).await
}

/// Saves a file the API serves at `url` (asked with the session's token) as `name` in
/// the browser's downloads.
async fn save_file(url: &str, name: &str) -> Result<(), ApiError> {
    #[cfg(not(feature = "ssr"))]
    {
        let blob = web::blob(url).await?;
        offer(&blob, name).ok_or_else(|| ApiError::network("the file could not be offered"))
    }
    #[cfg(feature = "ssr")]
    {
        let _ = (url, name);
        Err(ApiError::network("files are saved by the browser"))
    }
}

/// `GET` of an API path, its JSON answer saved whole as `name` in the browser's
/// downloads (an export).
pub async fn save_export(url: &str, name: &str) -> Result<(), ApiError> {
    #[cfg(not(feature = "ssr"))]
    {
        let text = web::text(url).await?;
        save_json(name, &text).ok_or_else(|| ApiError::network("the file could not be offered"))
    }
    #[cfg(feature = "ssr")]
    {
        let _ = (url, name);
        Err(ApiError::network("files are saved by the browser"))
    }
}

/// Offers a JSON text as a file download, without leaving the page.
pub fn save_json(name: &str, json: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&json.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    offer(&blob, name)
}

/// The browser's download of `blob` as `name` (a link clicked and dropped).
fn offer(blob: &web_sys::Blob, name: &str) -> Option<()> {
    use wasm_bindgen::JsCast;
    let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    let document = web_sys::window()?.document()?;
    let a = document
        .create_element("a")
        .ok()?
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    a.set_href(&url);
    a.set_download(name);
    document.body()?.append_child(&a).ok()?;
    a.click();
    a.remove();
    web_sys::Url::revoke_object_url(&url).ok()
}

/// `GET` of an API path read into a type of the caller's: a page that needs a few
/// fields of a large answer (a card's title, the catalogue's voucher schemes) declares
/// only those, and its bundle does not carry the reader of the whole answer.
pub async fn get_part<T: DeserializeOwned>(url: &str) -> Result<T, ApiError> {
    call(Method::Get, url, None, &[]).await
}

/// `POST` of a body, its answer read into a type of the caller's (as [`get_part`]), with
/// the call's headers (an `Idempotency-Key`).
pub async fn post_part<T: DeserializeOwned, B: serde::Serialize>(
    url: &str,
    body: &B,
    headers: &[(&str, &str)],
) -> Result<T, ApiError> {
    call(Method::Post, url, Some(to_body(body)?), headers).await
}

/// A failed call: the RFC 9457 problem when the server sent one. Serializable: a
/// server-rendered page carries the outcome of its calls, failures included.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ApiError {
    /// 0 when the server could not be reached.
    pub status: u16,
    pub title: String,
    pub detail: String,
    /// The invalid fields of a 422.
    pub errors: Vec<FieldError>,
    /// Seconds to wait, on a 429.
    pub retry_after: Option<u32>,
}

impl ApiError {
    pub(crate) fn network(e: impl std::fmt::Display) -> Self {
        Self {
            status: 0,
            title: "network".into(),
            detail: e.to_string(),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// The message for one field of a 422, if the server named it.
    pub fn field(&self, name: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == name)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// A call's future as a serialisable `Resource` wants it (`Send`): on the server it is;
/// in the browser (one thread) it is wrapped.
#[cfg(feature = "ssr")]
pub fn sendable<F: std::future::Future + Send>(f: F) -> F {
    f
}
#[cfg(not(feature = "ssr"))]
pub fn sendable<F: std::future::Future>(f: F) -> send_wrapper::SendWrapper<F> {
    send_wrapper::SendWrapper::new(f)
}

pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn to_body<T: serde::Serialize>(body: &T) -> Result<String, ApiError> {
    serde_json::to_string(body).map_err(ApiError::network)
}

thread_local! {
    static TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    static ACTIVE_MEMBERSHIP: RefCell<Option<String>> = const { RefCell::new(None) };
    static ON_SIGNED_OUT: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
    static ON_MEMBERSHIP_REFUSED: RefCell<Option<Box<dyn Fn()>>> = const { RefCell::new(None) };
}

/// The header naming the membership a signed-in person acts in.
pub const ACTIVE_MEMBERSHIP_HEADER: &str = "X-Active-Membership";

/// Names (or stops naming) the membership sent with every signed-in request.
pub fn set_active_membership(id: Option<String>) {
    ACTIVE_MEMBERSHIP.with(|m| *m.borrow_mut() = id);
}

fn active_membership() -> Option<String> {
    ACTIVE_MEMBERSHIP.with(|m| m.borrow().clone())
}

/// Called when the server does not know the membership sent (it was removed).
pub fn on_membership_refused(f: impl Fn() + 'static) {
    ON_MEMBERSHIP_REFUSED.with(|h| *h.borrow_mut() = Some(Box::new(f)));
}

/// Keeps (or forgets) the access token, in memory only.
pub fn set_token(token: Option<String>) {
    TOKEN.with(|t| *t.borrow_mut() = token);
}

fn token() -> Option<String> {
    TOKEN.with(|t| t.borrow().clone())
}

/// Called when the session turns out to be over (the refresh cookie was refused).
pub fn on_signed_out(f: impl Fn() + 'static) {
    ON_SIGNED_OUT.with(|h| *h.borrow_mut() = Some(Box::new(f)));
}
