//! The browser's transport: `fetch` (gloo-net) with the in-memory access token.
use super::*;
use gloo_net::http::{Request, RequestBuilder, Response};

fn builder(method: Method, url: &str) -> RequestBuilder {
    match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Put => Request::put(url),
        Method::Patch => Request::patch(url),
        Method::Delete => Request::delete(url),
    }
}

async fn send(
    method: Method,
    url: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
) -> Result<Response, ApiError> {
    let mut b = builder(method, url).header("Accept", "application/json");
    for (k, v) in headers {
        b = b.header(k, v);
    }
    if let Some(t) = token() {
        b = b.header("Authorization", &format!("Bearer {t}"));
        if let Some(m) = active_membership().filter(|_| !url.starts_with("/api/v1/auth/")) {
            b = b.header(ACTIVE_MEMBERSHIP_HEADER, &m);
        }
    }
    let req = match body {
        Some(json) => b
            .header("Content-Type", "application/json")
            .body(json.to_owned()),
        None => b.build(),
    }
    .map_err(ApiError::network)?;
    req.send().await.map_err(ApiError::network)
}

/// Sends; on a 401 with a token, renews the access token once and sends again.
async fn send_authorised(
    method: Method,
    url: &str,
    body: Option<String>,
    headers: &[(&str, &str)],
) -> Result<Response, ApiError> {
    let had_token = token().is_some();
    let res = send(method, url, body.as_deref(), headers).await?;
    if res.status() != 401 || !had_token || url.starts_with("/api/v1/auth/") {
        return Ok(res);
    }
    match renew().await {
        Ok(_) => send(method, url, body.as_deref(), headers).await,
        Err(_) => Ok(res),
    }
}

async fn problem(res: Response) -> ApiError {
    let status = res.status();
    let retry_after = res
        .headers()
        .get("Retry-After")
        .and_then(|v| v.parse().ok());
    match res.json::<Problem>().await {
        Ok(p) => ApiError {
            status,
            title: p.title,
            detail: p.detail,
            errors: p.errors.unwrap_or_default(),
            retry_after,
        },
        Err(_) => ApiError {
            status,
            title: res.status_text(),
            detail: String::new(),
            errors: Vec::new(),
            retry_after,
        },
    }
}

/// Whether the server refused the membership named in the request (422 on the header).
fn membership_refused(e: &ApiError) -> bool {
    e.status == 422 && e.field(ACTIVE_MEMBERSHIP_HEADER).is_some()
}

/// Sends, and reads the problem of a failure. When the server no longer knows the
/// membership sent, the session forgets it (and settles on another); a read is then
/// sent again without it, a change is not (the person meant another role).
async fn exchange(
    method: Method,
    url: &str,
    body: Option<String>,
    headers: &[(&str, &str)],
) -> Result<Response, ApiError> {
    let res = send_authorised(method, url, body.clone(), headers).await?;
    if res.ok() {
        return Ok(res);
    }
    let e = problem(res).await;
    if !membership_refused(&e) {
        return Err(e);
    }
    set_active_membership(None);
    ON_MEMBERSHIP_REFUSED.with(|h| {
        if let Some(f) = h.borrow().as_ref() {
            f();
        }
    });
    if method != Method::Get {
        return Err(e);
    }
    let res = send_authorised(method, url, body, headers).await?;
    if res.ok() {
        return Ok(res);
    }
    Err(problem(res).await)
}

/// The answer's text. Not generic, and boxed: the exchange (renewal, retries, problems)
/// is one function in the bundle, not a copy inlined for every answer type (measured:
/// ~10 KB of code per type before).
#[allow(clippy::type_complexity)]
fn call_text<'a>(
    method: Method,
    url: &'a str,
    body: Option<String>,
    headers: &'a [(&'a str, &'a str)],
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<String, ApiError>> + 'a>> {
    Box::pin(async move {
        let res = exchange(method, url, body, headers).await?;
        res.text().await.map_err(ApiError::network)
    })
}

pub(super) async fn call<T: DeserializeOwned>(
    method: Method,
    url: &str,
    body: Option<String>,
    headers: &[(&str, &str)],
) -> Result<T, ApiError> {
    let text = call_text(method, url, body, headers).await?;
    serde_json::from_str(&text).map_err(ApiError::network)
}

/// A `GET`'s answer as it came (a file to save whole).
pub(super) async fn text(url: &str) -> Result<String, ApiError> {
    call_text(Method::Get, url, None, &[]).await
}

pub(super) async fn call_empty(
    method: Method,
    url: &str,
    body: Option<String>,
    headers: &[(&str, &str)],
) -> Result<(), ApiError> {
    exchange(method, url, body, headers).await.map(|_| ())
}

/// Sends a file as the whole body (`PUT`, its own media type) and reads the JSON answer;
/// on a 401 with a token, renews the access token once and sends again.
pub(super) async fn upload<T: DeserializeOwned>(
    method: Method,
    url: &str,
    file: &web_sys::File,
    headers: &[(&str, &str)],
) -> Result<T, ApiError> {
    let attempt = || async {
        let mut b = builder(method, url).header("Accept", "application/json");
        for (k, v) in headers {
            b = b.header(k, v);
        }
        if let Some(t) = token() {
            b = b.header("Authorization", &format!("Bearer {t}"));
            if let Some(m) = active_membership() {
                b = b.header(ACTIVE_MEMBERSHIP_HEADER, &m);
            }
        }
        let kind = file.type_();
        let kind = if kind.is_empty() {
            "application/octet-stream".to_owned()
        } else {
            kind
        };
        b.header("Content-Type", &kind)
            .body(wasm_bindgen::JsValue::from(file.clone()))
            .map_err(ApiError::network)?
            .send()
            .await
            .map_err(ApiError::network)
    };
    let mut res = attempt().await?;
    if res.status() == 401 && token().is_some() && renew().await.is_ok() {
        res = attempt().await?;
    }
    if !res.ok() {
        return Err(problem(res).await);
    }
    res.json::<T>().await.map_err(ApiError::network)
}

/// A file of the API (an attachment) as a blob, asked with the session's token.
pub(super) async fn blob(url: &str) -> Result<web_sys::Blob, ApiError> {
    let res = exchange(Method::Get, url, None, &[]).await?;
    let bytes = res.binary().await.map_err(ApiError::network)?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    web_sys::Blob::new_with_u8_array_sequence(&parts)
        .map_err(|e| ApiError::network(format!("{e:?}")))
}

/// A new access token for the refresh cookie, which the server rotates. Tabs take turns
/// (Web Locks): two tabs presenting the same cookie at once would look like a stolen
/// token and end the session.
pub async fn renew() -> Result<AccessToken, ApiError> {
    let result = match locks() {
        Some(locks) => locked_refresh(locks).await,
        None => refresh_now().await,
    };
    if result.is_err() {
        set_token(None);
        ON_SIGNED_OUT.with(|h| {
            if let Some(f) = h.borrow().as_ref() {
                f();
            }
        });
    }
    result
}

/// `POST /auth/refresh` without the retry of `call` (which itself may renew).
async fn refresh_now() -> Result<AccessToken, ApiError> {
    let res = send(Method::Post, "/api/v1/auth/refresh", None, &[]).await?;
    if !res.ok() {
        return Err(problem(res).await);
    }
    let t: AccessToken = res.json().await.map_err(ApiError::network)?;
    set_token(Some(t.access_token.clone()));
    Ok(t)
}

fn locks() -> Option<wasm_bindgen::JsValue> {
    let nav = web_sys::window()?.navigator();
    js_sys::Reflect::get(&nav, &"locks".into())
        .ok()
        .filter(|l| !l.is_undefined() && !l.is_null())
}

async fn locked_refresh(locks: wasm_bindgen::JsValue) -> Result<AccessToken, ApiError> {
    use std::rc::Rc;
    use wasm_bindgen::{JsCast, JsValue, closure::Closure};
    let slot: Rc<RefCell<Option<Result<AccessToken, ApiError>>>> = Rc::new(RefCell::new(None));
    let out = slot.clone();
    let task = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            *out.borrow_mut() = Some(refresh_now().await);
            Ok(JsValue::UNDEFINED)
        })
    });
    let request = js_sys::Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(request) = request else {
        return refresh_now().await;
    };
    let promise = request
        .call2(&locks, &"domicilia-refresh".into(), &task)
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    if let Some(p) = promise {
        let _ = wasm_bindgen_futures::JsFuture::from(p).await;
    }
    let result = slot.borrow_mut().take();
    match result {
        Some(r) => r,
        None => refresh_now().await,
    }
}
