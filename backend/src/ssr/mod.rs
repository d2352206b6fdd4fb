//! Server-rendered pages of the public catalogue (issue 9): the web app's own components
//! (`frontend`, compiled natively with its `ssr` feature) render the page with its data,
//! and the browser's bundle hydrates exactly that HTML.
//!
//! The data come through the contract's operations: the app calls its generated client
//! (`api::get_service`…) exactly as in the browser, and the call is answered in process
//! ([`dispatch`]) by the function that answers the same operation over HTTP.
//!
//! No inline script: the resources' data travel in a JSON data block and `boot.js`
//! (external) hands them to the app, so the CSP stays `script-src 'self' 'wasm-unsafe-eval'`.
//!
//! See the frontend's `ssr` module for the three steps that render another page here.
mod dispatch;
mod head;
pub mod sitemap;

use crate::routes::AppState;
use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, guard, web};
use std::path::Path;

/// The paths of the public app the server renders.
pub const PAGES: [&str; 7] = [
    "/",
    "/cerca",
    "/servizi/{id}",
    "/enti/{id}",
    "/confronta",
    "/spazi",
    "/privacy",
];

/// The marks of `page.html`, in order: the document is split at them once.
const MARKS: [&str; 4] = ["@LANG@", "<!--@HEAD@-->", "@DATA@", "<!--@BODY@-->"];
/// The asset marks the frontend build fills in `dist/page.html`.
const ASSET_MARKS: [&str; 3] = ["@ICON_SVG@", "@STYLE_CSS@", "@BOOT_JS@"];
/// The template, for a server without a built web app (the API tests): the pages are
/// still rendered whole, without style or script.
const TEMPLATE: &str = include_str!("../../../frontend/page.html");

/// `page.html` split at its marks: the document around the language, the head's tags,
/// the data block and the body.
pub struct Shell {
    parts: Vec<String>,
}

impl Shell {
    /// The built `dist/page.html`, or the template without its asset links when that file
    /// is missing or has lost its marks. The public catalogue's pages are always the
    /// server's (its bundle is islands: it hydrates them and cannot render them itself),
    /// so without a usable build they come without style and script: still readable, with
    /// plain links and forms. `None` only if the template itself has lost its marks.
    pub fn load(dir: &Path) -> Option<Self> {
        match std::fs::read_to_string(dir.join("page.html")) {
            Ok(text) => match Self::parse(&text) {
                Some(shell) => return Some(shell),
                None => tracing::warn!(
                    dir = %dir.display(),
                    "page.html has lost its marks: public pages are rendered without style and script"
                ),
            },
            Err(_) => tracing::info!(
                dir = %dir.display(),
                "no built page.html: public pages are rendered without style and script"
            ),
        }
        let bare = TEMPLATE
            .lines()
            .filter(|l| !ASSET_MARKS.iter().any(|m| l.contains(m)))
            .collect::<Vec<_>>()
            .join("\n");
        Self::parse(&bare)
    }

    fn parse(text: &str) -> Option<Self> {
        let mut parts = Vec::new();
        let mut rest = text;
        for mark in MARKS {
            let (before, after) = rest.split_once(mark)?;
            parts.push(before.to_owned());
            rest = after;
        }
        parts.push(rest.to_owned());
        Some(Self { parts })
    }

    fn fill(&self, lang: &str, head: &str, data: &str, body: &str) -> String {
        let p = &self.parts;
        let mut html = String::with_capacity(
            p.iter().map(String::len).sum::<usize>() + head.len() + data.len() + body.len(),
        );
        for (i, part) in p.iter().enumerate() {
            html.push_str(part);
            html.push_str(match i {
                0 => lang,
                1 => head,
                2 => data,
                3 => body,
                _ => "",
            });
        }
        html
    }
}

/// The rendered pages, the sitemap and robots.txt.
pub fn configure(cfg: &mut web::ServiceConfig, dir: &Path) {
    cfg.service(web::resource("/sitemap.xml").route(web::get().to(sitemap::sitemap)))
        .service(web::resource("/sitemap-{n}.xml").route(web::get().to(sitemap::sitemap_part)))
        .service(web::resource("/robots.txt").route(web::get().to(sitemap::robots)));
    let Some(shell) = Shell::load(dir) else {
        tracing::error!(
            "the built-in page template has lost its marks: public pages are not served"
        );
        return;
    };
    frontend::ssr::init_executor();
    let shell = web::Data::new(shell);
    for path in PAGES {
        cfg.service(
            web::resource(path)
                .app_data(shell.clone())
                .route(web::get().to(page))
                .route(web::head().to(page))
                .default_service(web::to(other_method)),
        );
    }
    // Any other page address of the public app: its not-found page, with a 404 (not the
    // web app's shell with a 200, which search engines would index as a page).
    cfg.service(
        web::resource("/{tail:.*}")
            .guard(guard::fn_guard(|ctx| {
                matches!(ctx.head().method, Method::GET | Method::HEAD)
                    && nobodys_page(ctx.head().uri.path())
            }))
            .app_data(shell)
            .route(web::get().to(page))
            .route(web::head().to(page)),
    );
}

/// Whether `path` is a page address no app serves: not the API, not a file (a name with
/// an extension), not the reserved area's.
fn nobodys_page(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    !(path.starts_with("/api/")
        || path == "/api"
        || path.starts_with("/assets/")
        || last.contains('.')
        || PAGES.contains(&path)
        || frontend::apps::is_reserved(path))
}

/// A page answers reads only: any other method is a 405 problem naming them.
async fn other_method() -> HttpResponse {
    let status = StatusCode::METHOD_NOT_ALLOWED;
    let mut res = crate::error::problem_response(
        status,
        &crate::error::generic_problem(status, "This address takes GET, HEAD."),
    );
    res.headers_mut()
        .insert(header::ALLOW, header::HeaderValue::from_static("GET, HEAD"));
    res
}

async fn page(
    req: HttpRequest,
    state: web::Data<AppState>,
    shell: web::Data<Shell>,
) -> HttpResponse {
    let url = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| req.path().to_owned());
    let cookies = req
        .headers()
        .get_all(header::COOKIE)
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ");
    let request = frontend::ssr::RequestInfo {
        cookies,
        origin: state.public_url.clone(),
    };
    let api = dispatch::in_process(state.clone().into_inner());
    let r = frontend::ssr::render_public(&url, request, api).await;
    let head = head::html(&r.head, r.lang, &state.public_url);
    let html = shell.fill(r.lang.code(), &head, &r.data, &r.body);
    let status = r
        .head
        .status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        // The language comes from a cookie: a cache keeps one copy per cookie header.
        .insert_header((header::VARY, "Cookie"))
        .body(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_addresses_no_app_serves_are_nobodys_pages() {
        for path in ["/qualcosa", "/servizi", "/enti/", "/servizi/x/y", "/cerca/"] {
            assert!(nobodys_page(path), "{path}");
        }
        for path in [
            "/api/v1/x",
            "/api",
            "/assets/a-1.js",
            "/x.png",
            "/cerca",
            "/accedi",
            "/gestione/ente",
            "/",
        ] {
            assert!(!nobodys_page(path), "{path}");
        }
    }

    #[test]
    fn the_template_has_every_mark_once() {
        for mark in MARKS.iter().chain(ASSET_MARKS.iter()) {
            assert_eq!(TEMPLATE.matches(mark).count(), 1, "{mark}");
        }
    }

    #[test]
    fn a_page_html_without_its_marks_gives_the_template_without_assets() {
        let dir = std::env::temp_dir().join(format!("domicilia-shell-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(dir.join("page.html"), "<html>no marks</html>").expect("write");
        let shell = Shell::load(&dir).expect("template");
        let _ = std::fs::remove_dir_all(&dir);
        let html = shell.fill("it", "", "[]", "<main>x</main>");
        assert!(html.contains("<body><main>x</main></body>"));
        assert!(!html.contains("<script type=\"module\""));
    }

    #[test]
    fn the_shell_without_assets_keeps_the_document() {
        let shell = Shell::load(Path::new("/nonexistent")).expect("template");
        let html = shell.fill("en", "<title>T</title>", "[]", "<main>x</main>");
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
        assert!(html.contains("<title>T</title>"));
        assert!(html.contains(r#"<script type="application/json" id="leptos-data">[]</script>"#));
        assert!(html.contains("<body><main>x</main></body>"));
        assert!(!html.contains('@'));
        assert!(!html.contains("<script type=\"module\""));
    }
}
