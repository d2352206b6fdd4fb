//! `/sitemap.xml` (the home, the search page, the WeMi spaces, every published card and
//! every provider, with the time each last changed) and `/robots.txt` pointing to it.
//! Over 50,000 addresses (the protocol's limit for one file) the sitemap becomes an index
//! of `/sitemap-{n}.xml` parts.
use super::head::escape;
use crate::error::ApiError;
use crate::routes::AppState;
use crate::services::sitemap::{Entry, pages};
use actix_web::{HttpResponse, http::header, web};

/// The most addresses one sitemap file may list.
pub const PER_FILE: usize = 50_000;
/// The pages that are always there.
const FIXED: [&str; 3] = ["/", "/cerca", "/spazi"];

async fn entries(state: &AppState) -> Result<Vec<Entry>, ApiError> {
    let mut all: Vec<Entry> = FIXED
        .iter()
        .map(|p| Entry {
            path: (*p).to_owned(),
            lastmod: None,
        })
        .collect();
    all.extend(pages(&state.db).await?);
    Ok(all)
}

fn xml(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(body)
}

fn origin(state: &AppState) -> &str {
    state.public_url.trim_end_matches('/')
}

/// A `<urlset>` of `entries`.
pub fn urlset(origin: &str, entries: &[Entry]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for e in entries {
        out.push_str("<url><loc>");
        out.push_str(&escape(&format!("{origin}{}", e.path)));
        out.push_str("</loc>");
        if let Some(at) = e.lastmod {
            out.push_str("<lastmod>");
            out.push_str(&at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            out.push_str("</lastmod>");
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

pub async fn sitemap(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let all = entries(&state).await?;
    let origin = origin(&state);
    if all.len() <= PER_FILE {
        return Ok(xml(urlset(origin, &all)));
    }
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for n in 1..=all.len().div_ceil(PER_FILE) {
        out.push_str(&format!(
            "<sitemap><loc>{}</loc></sitemap>\n",
            escape(&format!("{origin}/sitemap-{n}.xml"))
        ));
    }
    out.push_str("</sitemapindex>\n");
    Ok(xml(out))
}

/// Part `n` (from 1) of a sitemap too long for one file.
pub async fn sitemap_part(
    state: web::Data<AppState>,
    n: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let all = entries(&state).await?;
    let part = n
        .parse::<usize>()
        .ok()
        .filter(|n| *n >= 1 && all.len() > PER_FILE)
        .and_then(|n| all.chunks(PER_FILE).nth(n - 1))
        .ok_or(ApiError::NotFound("sitemap part"))?;
    Ok(xml(urlset(origin(&state), part)))
}

pub async fn robots(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(format!(
            "User-agent: *\nDisallow: /api/\nDisallow: /account\nDisallow: /gestione\n\nSitemap: {}/sitemap.xml\n",
            origin(&state)
        ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_urlset_escapes_and_dates_its_entries() {
        let at = chrono::Utc.with_ymd_and_hms(2026, 11, 30, 4, 5, 6).single();
        let out = urlset(
            "https://example.org",
            &[
                Entry {
                    path: "/".into(),
                    lastmod: None,
                },
                Entry {
                    path: "/a?b=1&c=2".into(),
                    lastmod: at,
                },
            ],
        );
        assert!(out.contains("<url><loc>https://example.org/</loc></url>"));
        assert!(out.contains(
            "<url><loc>https://example.org/a?b=1&amp;c=2</loc><lastmod>2026-11-30T04:05:06Z</lastmod></url>"
        ));
        assert!(out.ends_with("</urlset>\n"));
    }
}
