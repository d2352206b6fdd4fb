//! Server-rendered public pages (issue 9): the HTML of a page, fetched without running
//! any script, carries its content, its head (title, description, canonical address,
//! Open Graph, schema.org) and its islands (the parts the browser hydrates); a missing card or
//! provider answers 404 with a page; the sitemap lists what is public.
use super::fixtures;
use super::helpers::{Data, TestApp, spawn_app_with};
use serde_json::Value;

const ORIGIN: &str = "https://domicilia.comune.example.it";

async fn app() -> TestApp {
    spawn_app_with(Data::Empty, |s| s.public_url = ORIGIN.into()).await
}

struct Page {
    status: u16,
    content_type: String,
    html: String,
}

async fn page(app: &TestApp, path: &str, cookie: Option<&str>) -> Page {
    let mut req = app.client.get(format!("{}{path}", app.address));
    if let Some(c) = cookie {
        req = req.header("Cookie", c);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    Page {
        status,
        content_type,
        html: res.text().await.unwrap(),
    }
}

/// The text between `start` (included in the search, excluded from the result) and the
/// next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = html.find(start)? + start.len();
    let len = html[from..].find(end)?;
    Some(&html[from..from + len])
}

/// The content of `<meta property|name="{key}" content="…">`.
fn meta<'a>(html: &'a str, attr: &str, key: &str) -> Option<&'a str> {
    between(html, &format!(r#"<meta {attr}="{key}" content=""#), "\"")
}

fn json_ld(html: &str) -> Value {
    let text = between(html, r#"<script type="application/ld+json">"#, "</script>")
        .expect("a JSON-LD block");
    serde_json::from_str(text).expect("JSON-LD parses")
}

/// The body without its tags: what a reader without JavaScript sees.
fn text(html: &str) -> String {
    let body = between(html, "<body>", "</body>").expect("a body");
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every `<script>` is external or a data block no browser executes (the CSP allows no
/// inline script).
fn assert_no_inline_script(html: &str) {
    for tag in html.split("<script").skip(1) {
        let tag = &tag[..tag.find('>').unwrap()];
        assert!(
            tag.contains(" src=\"/assets/")
                || tag.contains(r#"type="application/json""#)
                || tag.contains(r#"type="application/ld+json""#),
            "inline script: <script{tag}>"
        );
    }
}

#[tokio::test]
async fn a_cards_page_arrives_with_its_content_head_and_data() {
    let app = app().await;
    let ids = fixtures::load(&app).await;
    let card = app
        .get_json(&format!("/api/v1/services/{}", ids[0]), 200)
        .await;
    let org = card["organisation"]["id"].as_str().unwrap().to_owned();
    let p = page(&app, &format!("/servizi/{}", ids[0]), None).await;
    assert_eq!(p.status, 200);
    assert_eq!(p.content_type, "text/html; charset=utf-8");
    let html = &p.html;
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains(r#"<html lang="it">"#));

    // The content, readable without JavaScript.
    let body = text(html);
    for expected in [
        "Badante convivente per anziani",
        "Cooperativa Aurora",
        "1.600,00 €",
        "Colloquio iniziale con la famiglia.",
        "Assistenza continuativa a casa, giorno e notte.",
        "OSS",
        "+39 02 0000000",
        "Dott.ssa Anna Verdi",
        // Its reviews and measured times (none yet), rendered on the server too.
        "Recensioni delle famiglie",
        "Ancora nessuna recensione pubblicata.",
        "Meno di 5 richieste negli ultimi 12 mesi",
    ] {
        assert!(
            body.contains(expected),
            "{expected:?} not in the page: {body}"
        );
    }
    // Real links, and the provider's Italian words marked as such.
    assert!(
        html.contains(&format!(r#"href="/enti/{org}""#)),
        "provider link"
    );
    assert!(
        between(html, "<h1", ">").is_some_and(|attrs| attrs.contains(r#"lang="it""#)),
        "the title is marked Italian"
    );

    // The head.
    let title = between(html, "<title>", "</title>").unwrap();
    assert_eq!(title, "Badante convivente per anziani — Domicilia");
    let description = meta(html, "name", "description").unwrap();
    assert!(description.contains("Cooperativa Aurora"), "{description}");
    assert!(description.contains("da 1.600,00 €"), "{description}");
    let url = format!("{ORIGIN}/servizi/{}", ids[0]);
    assert!(html.contains(&format!(r#"<link rel="canonical" href="{url}">"#)));
    assert_eq!(meta(html, "property", "og:url"), Some(url.as_str()));
    assert_eq!(
        meta(html, "property", "og:title"),
        Some("Badante convivente per anziani — Domicilia")
    );
    assert_eq!(meta(html, "property", "og:description"), Some(description));
    assert_eq!(meta(html, "property", "og:type"), Some("website"));
    assert_eq!(meta(html, "property", "og:site_name"), Some("Domicilia"));

    // schema.org: a Service with its provider, area and offers.
    let ld = json_ld(html);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "Service");
    assert_eq!(ld["name"], "Badante convivente per anziani");
    assert_eq!(ld["url"], url.as_str());
    assert_eq!(ld["provider"]["@type"], "Organization");
    assert_eq!(ld["provider"]["name"], "Cooperativa Aurora");
    assert_eq!(ld["provider"]["url"], format!("{ORIGIN}/enti/{org}"));
    assert_eq!(ld["areaServed"][0]["name"], card["zones"][0]["name"]);
    assert_eq!(ld["offers"][0]["@type"], "Offer");
    assert_eq!(ld["offers"][0]["price"], "1600.00");
    assert_eq!(ld["offers"][0]["priceCurrency"], "EUR");

    // The data block: what the islands read (the page's own data is in its HTML, and no
    // script renders the page again), so the card's answer is not sent a second time.
    let data = between(
        html,
        r#"<script type="application/json" id="leptos-data">"#,
        "</script>",
    )
    .expect("data block");
    let data: Vec<Option<String>> = serde_json::from_str(data).expect("data block parses");
    assert!(
        data.iter()
            .flatten()
            .all(|s| !s.contains(card["id"].as_str().unwrap())),
        "the card is not in the data block: {data:?}"
    );
    assert_no_inline_script(html);
}

#[tokio::test]
async fn the_language_comes_from_the_cookie() {
    let app = app().await;
    let ids = fixtures::load(&app).await;
    let p = page(
        &app,
        &format!("/servizi/{}", ids[0]),
        Some("domicilia_lang=en"),
    )
    .await;
    assert_eq!(p.status, 200);
    let html = &p.html;
    assert!(html.contains(r#"<html lang="en">"#));
    let body = text(html);
    assert!(body.contains("Skip to main content"), "{body}");
    assert!(body.contains("€1,600.00"), "{body}");
    assert!(
        meta(html, "name", "description")
            .unwrap()
            .contains("from €1,600.00")
    );
    assert_eq!(meta(html, "property", "og:locale"), Some("en_GB"));
    // The provider's Italian text inside the English interface is marked.
    assert!(between(html, "<h1", ">").unwrap().contains(r#"lang="it""#));
    assert!(html.contains(r#"<p lang="it">Assistenza continuativa a casa, giorno e notte."#));
    // Any other value: Italian.
    let p = page(&app, "/", Some("other=1; domicilia_lang=xx")).await;
    assert!(p.html.contains(r#"<html lang="it">"#));
}

#[tokio::test]
async fn a_missing_or_unpublished_card_or_provider_is_a_404_page() {
    let app = app().await;
    let ids = fixtures::load(&app).await;
    let missing = uuid::Uuid::now_v7();
    for path in [
        format!("/servizi/{missing}"),
        format!("/servizi/{}", ids[4]), // in review: not public
        "/servizi/not-a-uuid".to_owned(),
        format!("/enti/{missing}"),
        "/enti/not-a-uuid".to_owned(),
        "/una-pagina-che-non-esiste".to_owned(),
        "/servizi".to_owned(),
    ] {
        let p = page(&app, &path, None).await;
        assert_eq!(p.status, 404, "{path}");
        assert_eq!(p.content_type, "text/html; charset=utf-8", "{path}");
        assert_eq!(
            between(&p.html, "<title>", "</title>"),
            Some("Pagina non trovata — Domicilia"),
            "{path}"
        );
        assert!(text(&p.html).contains("L'indirizzo non corrisponde a nessuna pagina."));
        assert!(!p.html.contains("ld+json"), "{path}");
        assert!(!p.html.contains("Badante in revisione"), "{path}");
    }
    // Not pages: files, the API, other methods keep their own answers.
    let res = app.get("/missing.js").await;
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let res = app
        .client
        .post(format!("{}/una-pagina", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn a_providers_page_lists_its_published_cards() {
    let app = app().await;
    let ids = fixtures::load(&app).await;
    let card = app
        .get_json(&format!("/api/v1/services/{}", ids[0]), 200)
        .await;
    let org = card["organisation"]["id"].as_str().unwrap();
    let p = page(&app, &format!("/enti/{org}"), None).await;
    assert_eq!(p.status, 200);
    let html = &p.html;
    assert_eq!(
        between(html, "<title>", "</title>"),
        Some("Cooperativa Aurora — Domicilia")
    );
    assert!(html.contains(&format!(
        r#"<link rel="canonical" href="{ORIGIN}/enti/{org}">"#
    )));
    assert!(
        meta(html, "name", "description")
            .unwrap()
            .contains("Cooperativa di prova.")
    );
    let ld = json_ld(html);
    assert_eq!(ld["@type"], "Organization");
    assert_eq!(ld["name"], "Cooperativa Aurora");
    let body = text(html);
    for id in &ids[..4] {
        assert!(
            html.contains(&format!(r#"href="/servizi/{id}""#)),
            "link to {id}"
        );
    }
    assert!(body.contains("Baby sitter a domicilio"));
    assert!(!body.contains("Badante in revisione"));
    assert_no_inline_script(html);
}

#[tokio::test]
async fn home_comparison_and_privacy_arrive_rendered() {
    let app = app().await;
    let ids = fixtures::load(&app).await;
    let home = page(&app, "/", None).await;
    assert_eq!(home.status, 200);
    assert!(
        home.html
            .contains(&format!(r#"<link rel="canonical" href="{ORIGIN}/">"#))
    );
    assert!(meta(&home.html, "name", "description").is_some());
    // The catalogue's areas with real links, and a search form that works without script.
    assert!(
        home.html.contains(r#"href="/cerca?category=badante""#),
        "{}",
        home.html
    );
    assert!(home.html.contains(r#"action="/cerca""#));
    assert!(text(&home.html).contains("Badante"));

    let compare = page(&app, &format!("/confronta?ids={},{}", ids[0], ids[2]), None).await;
    assert_eq!(compare.status, 200);
    let body = text(&compare.html);
    assert!(body.contains("Badante convivente per anziani"), "{body}");
    assert!(body.contains("Baby sitter a domicilio"), "{body}");
    assert!(
        body.contains("1.600,00 €") && body.contains("12,00 €"),
        "{body}"
    );
    let description = meta(&compare.html, "name", "description").unwrap();
    assert!(
        description.contains("Badante convivente per anziani (Cooperativa Aurora)")
            && description.contains("Baby sitter a domicilio"),
        "{description}"
    );
    assert!(compare.html.contains(&format!(
        r#"<link rel="canonical" href="{ORIGIN}/confronta?ids={},{}">"#,
        ids[0], ids[2]
    )));

    let privacy = page(&app, "/privacy", None).await;
    assert_eq!(privacy.status, 200);
    assert_eq!(
        between(&privacy.html, "<title>", "</title>"),
        Some("Informativa sulla privacy — Domicilia")
    );
}

/// The islands of a page: the `data-component` names of its `<leptos-island>` elements
/// (without the hash Leptos appends), in order.
fn islands(html: &str) -> Vec<&str> {
    html.split(r#"<leptos-island data-component=""#)
        .skip(1)
        .filter_map(|rest| {
            rest.split('"')
                .next()?
                .rsplit_once('_')
                .map(|(name, _)| name)
        })
        .collect()
}

/// The public catalogue is an islands bundle: the server renders every page, and only the
/// interactive parts are islands (each a `<leptos-island>` naming the bundle's export,
/// with its props); the rest is plain HTML that no script takes over.
#[tokio::test]
async fn the_public_pages_mark_their_islands() {
    let app = app().await;
    let ids = fixtures::load(&app).await;
    let header = ["HeaderTools", "CompareLink", "RoleLinks", "Flash"];
    for (path, own) in [
        ("/".to_owned(), vec![]),
        ("/privacy".to_owned(), vec![]),
        (
            "/cerca?q=badante".to_owned(),
            vec![
                "SearchField",
                "FiltersToggle",
                "SearchSubmit",
                "CompareToggle",
                "ContactChosen",
                "SaveSearch",
            ],
        ),
        (
            format!("/servizi/{}", ids[0]),
            vec!["CardCompare", "ContactChosen", "Favourite"],
        ),
        ("/confronta".to_owned(), vec!["FromStorage"]),
    ] {
        let p = page(&app, &path, None).await;
        assert_eq!(p.status, 200, "{path}");
        let found = islands(&p.html);
        let mut expected: Vec<&str> = header.to_vec();
        expected.extend(&own);
        let mut sorted = found.clone();
        sorted.sort_unstable();
        sorted.dedup();
        expected.sort_unstable();
        assert_eq!(sorted, expected, "{path}: {found:?}");
    }
    // The home's search form is the server's HTML: a plain GET form outside any island.
    let home = page(&app, "/", None).await;
    let form = home.html.find(r#"id="home-q""#).unwrap();
    let before = &home.html[..form];
    assert_eq!(
        before.matches("<leptos-island").count(),
        before.matches("</leptos-island>").count(),
        "the home's form is not in an island"
    );
}

#[tokio::test]
async fn the_wemi_spaces_page_lists_the_spaces() {
    let app = spawn_app_with(Data::Demo, |s| s.public_url = ORIGIN.into()).await;
    let spaces = app.get_json("/api/v1/spaces", 200).await;
    let first = spaces["items"][0]["name"]
        .as_str()
        .expect("demo spaces")
        .to_owned();
    let p = page(&app, "/spazi", Some("domicilia_lang=en")).await;
    assert_eq!(p.status, 200);
    assert_eq!(
        between(&p.html, "<title>", "</title>"),
        Some("WeMi spaces — Domicilia")
    );
    let escaped = first.replace('&', "&amp;").replace('\'', "&#39;");
    assert!(
        p.html.contains(&format!(r#"lang="it">{escaped}<"#)),
        "{first} marked Italian: {}",
        p.html
    );
}

#[tokio::test]
async fn the_sitemap_lists_published_cards_and_providers() {
    let app = app().await;
    let ids = fixtures::load(&app).await;
    let card = app
        .get_json(&format!("/api/v1/services/{}", ids[0]), 200)
        .await;
    let org = card["organisation"]["id"].as_str().unwrap();
    let res = app.get("/sitemap.xml").await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/xml; charset=utf-8"
    );
    let xml = res.text().await.unwrap();
    assert!(xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#));
    assert!(xml.contains(r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">"#));
    assert!(xml.trim_end().ends_with("</urlset>"));
    let locs: Vec<&str> = xml
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find("</loc>").unwrap()])
        .collect();
    assert_eq!(xml.matches("<url>").count(), locs.len());
    assert_eq!(xml.matches("</url>").count(), locs.len());
    for expected in [
        format!("{ORIGIN}/"),
        format!("{ORIGIN}/cerca"),
        format!("{ORIGIN}/enti/{org}"),
    ] {
        assert!(locs.contains(&expected.as_str()), "{expected} in {locs:?}");
    }
    for id in &ids[..4] {
        let loc = format!("{ORIGIN}/servizi/{id}");
        assert!(locs.contains(&loc.as_str()), "{loc}");
        // The card's last change, as a W3C datetime.
        let entry = between(&xml, &format!("<loc>{loc}</loc>"), "</url>").unwrap();
        let lastmod = between(entry, "<lastmod>", "</lastmod>").expect("lastmod");
        chrono::DateTime::parse_from_rfc3339(lastmod).expect("a W3C datetime");
    }
    // The card in review is not public.
    assert!(!xml.contains(&ids[4].to_string()));

    let robots = app.get("/robots.txt").await;
    assert_eq!(robots.status(), 200);
    let robots = robots.text().await.unwrap();
    assert!(
        robots.contains(&format!("Sitemap: {ORIGIN}/sitemap.xml")),
        "{robots}"
    );
    assert!(robots.contains("Disallow: /api/"));
    assert_eq!(app.get("/sitemap-1.xml").await.status(), 404);
}

#[tokio::test]
async fn a_search_arrives_with_its_results_filters_and_facets() {
    let app = app().await;
    let ids = fixtures::load(&app).await;
    // A misspelt word, a filter and a parameter the page does not know (a chat app's
    // tracking tag): the page reads what it knows and searches as the API would.
    let p = page(&app, "/cerca?q=badnte&zone=MI-M5&fbclid=x1", None).await;
    assert_eq!(p.status, 200);
    let html = &p.html;
    let body = text(html);
    assert!(body.contains("Badante convivente per anziani"), "{body}");
    assert!(!body.contains("Badante in revisione"), "{body}");
    assert!(!body.contains("Baby sitter a domicilio"), "{body}");
    assert!(body.contains("1 servizio trovato"), "{body}");
    assert!(
        html.contains(&format!(r#"href="/servizi/{}""#, ids[0])),
        "a real link to the card"
    );
    // The words the search matched, marked in the title (typo forgiven).
    assert!(html.contains("<mark>Badante<"), "{html}");
    // The provider's words are marked Italian, and the form works without script: its
    // text and its zone are the address's.
    assert!(html.contains(r#"<h3 lang="it">"#));
    assert!(html.contains(r#"<form id="search-form" action="/cerca" method="get""#));
    assert!(
        html.contains(r#"value="badnte""#),
        "the text box keeps the query"
    );
    assert!(
        html.contains(r#"<option value="MI-M5" selected"#),
        "the zone stays selected"
    );
    // The Municipio facet is the selected one, and its link clears it.
    assert!(
        html.contains(r#"href="/cerca?q=badnte" aria-current="true""#),
        "{html}"
    );
    assert_eq!(
        between(html, "<title>", "</title>"),
        Some("badnte · Cerca servizi — Domicilia")
    );
    assert!(html.contains(&format!(r#"<link rel="canonical" href="{ORIGIN}/cerca">"#)));
    assert_eq!(
        meta(html, "name", "description"),
        Some("1 servizio trovato")
    );
    assert_no_inline_script(html);

    // Every published card without a query; English from the cookie.
    let all = page(&app, "/cerca", Some("domicilia_lang=en")).await;
    assert_eq!(all.status, 200);
    let body = text(&all.html);
    for title in [
        "Badante convivente per anziani",
        "Assistenza notturna",
        "Baby sitter a domicilio",
        "Idraulico pronto intervento",
    ] {
        assert!(body.contains(title), "{title}: {body}");
    }
    assert!(body.contains("4 services found"), "{body}");

    // A value the API refuses: the page says so, with the API's status.
    let bad = page(&app, "/cerca?sort=cheapest-first", None).await;
    assert_eq!(bad.status, 422);
    assert!(text(&bad.html).contains("Cerca"), "the page is still there");
}
