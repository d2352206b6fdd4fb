//! The server's transport (feature `ssr`): each call is answered in process by the host
//! (the `domicilia` server) through the operation of the contract it names, the same code
//! that answers it over HTTP. The host provides it to each render as a `ServerApi` context.
use super::*;

async fn exchange(method: Method, url: &str, body: Option<String>) -> Result<String, ApiError> {
    let api = leptos::prelude::use_context::<crate::ssr::ServerApi>()
        .ok_or_else(|| ApiError::network("no ServerApi in this render"))?;
    let (status, text) = (api.0)(method, url.to_owned(), body).await;
    if (200..300).contains(&status) {
        return Ok(text);
    }
    Err(match serde_json::from_str::<Problem>(&text) {
        Ok(p) => ApiError {
            status,
            title: p.title,
            detail: p.detail,
            errors: p.errors.unwrap_or_default(),
            retry_after: None,
        },
        Err(_) => ApiError {
            status,
            title: String::new(),
            detail: String::new(),
            errors: Vec::new(),
            retry_after: None,
        },
    })
}

/// Server-rendered pages only read public resources: no request there carries headers.
pub(super) async fn call<T: DeserializeOwned>(
    method: Method,
    url: &str,
    body: Option<String>,
    _headers: &[(&str, &str)],
) -> Result<T, ApiError> {
    let text = exchange(method, url, body).await?;
    serde_json::from_str(&text).map_err(ApiError::network)
}

pub(super) async fn call_empty(
    method: Method,
    url: &str,
    body: Option<String>,
    _headers: &[(&str, &str)],
) -> Result<(), ApiError> {
    exchange(method, url, body).await.map(|_| ())
}

/// The server renders anonymous pages: there is no session to renew.
pub async fn renew() -> Result<AccessToken, ApiError> {
    Err(ApiError::network("no session on the server"))
}
