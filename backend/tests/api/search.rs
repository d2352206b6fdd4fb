use super::fixtures;
use super::helpers::{Data, spawn_app};
use serde_json::Value;

fn titles(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn facet(body: &Value, dim: &str, code: &str) -> i64 {
    body["facets"][dim]
        .as_array()
        .expect("facet")
        .iter()
        .find(|f| f["code"] == code)
        .map_or(0, |f| f["count"].as_i64().unwrap_or(-1))
}

#[tokio::test]
async fn stemming_finds_plural_and_singular_and_ignores_accents() {
    let app = spawn_app(Data::Empty).await;
    fixtures::load(&app).await;
    for q in ["badanti", "badante", "BADANTE", "badànte"] {
        let body = app.get_json(&format!("/api/v1/services?q={q}"), 200).await;
        assert_eq!(
            titles(&body),
            vec!["Badante convivente per anziani"],
            "q={q}"
        );
        assert_eq!(body["total"], 1);
    }
    // "città" in the text is found as "citta"; stop words in the query are ignored.
    let body = app.get_json("/api/v1/services?q=la%20citta", 200).await;
    assert_eq!(titles(&body), vec!["Assistenza notturna"]);
    // Category synonyms are searchable: "tata" is a baby sitter.
    let body = app.get_json("/api/v1/services?q=bambini", 200).await;
    assert_eq!(titles(&body), vec!["Baby sitter a domicilio"]);
    assert_eq!(body["partial"], false);
    // No card has every word: the best partial matches, said to be partial.
    let body = app
        .get_json("/api/v1/services?q=badante%20idraulico", 200)
        .await;
    assert_eq!(body["partial"], true);
    assert!(titles(&body).contains(&"Badante convivente per anziani".to_owned()));
}

#[tokio::test]
async fn unpublished_cards_are_never_listed() {
    let app = spawn_app(Data::Empty).await;
    let ids = fixtures::load(&app).await;
    let body = app.get_json("/api/v1/services?per_page=100", 200).await;
    assert_eq!(body["total"], 4);
    assert!(!titles(&body).iter().any(|t| t.contains("revisione")));
    app.get_json(&format!("/api/v1/services/{}", ids[4]), 404)
        .await;
}

#[tokio::test]
async fn zone_filter_follows_the_municipio_nil_hierarchy() {
    let app = spawn_app(Data::Empty).await;
    fixtures::load(&app).await;
    // Municipio 5 matches the card covering it and the card covering one of its NIL.
    let body = app
        .get_json("/api/v1/services?zone=MI-M5&sort=price", 200)
        .await;
    assert_eq!(
        titles(&body),
        vec!["Assistenza notturna", "Badante convivente per anziani"]
    );
    // A NIL of Municipio 5 matches cards covering the whole Municipio, not NIL elsewhere.
    let zones = app.get_json("/api/v1/zones", 200).await;
    // The tenants are named (a form names the municipality, not its code).
    assert!(
        zones["tenants"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["code"] == "milano" && t["name"] == "Comune di Milano"),
        "{}",
        zones["tenants"]
    );
    let nils: Vec<&Value> = zones["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|z| z["parent"] == "MI-M5")
        .collect();
    assert!(nils.len() >= 2);
    let other_nil = nils.iter().map(|z| z["code"].as_str().unwrap()).find(|c| {
        // the fixture's NIL card covers the first NIL of Municipio 5
        *c != nils[0]["code"].as_str().unwrap()
    });
    let body = app
        .get_json(
            &format!("/api/v1/services?zone={}", other_nil.unwrap()),
            200,
        )
        .await;
    assert_eq!(titles(&body), vec!["Badante convivente per anziani"]);
    let body = app
        .get_json(
            &format!(
                "/api/v1/services?zone={}&sort=price",
                nils[0]["code"].as_str().unwrap()
            ),
            200,
        )
        .await;
    assert_eq!(
        titles(&body),
        vec!["Assistenza notturna", "Badante convivente per anziani"]
    );
    // Municipio 1 does not see Municipio 5's cards.
    let body = app.get_json("/api/v1/services?zone=MI-M1", 200).await;
    assert_eq!(titles(&body), vec!["Baby sitter a domicilio"]);
}

#[tokio::test]
async fn filters_narrow_the_results() {
    let app = spawn_app(Data::Empty).await;
    fixtures::load(&app).await;
    let cases: [(&str, &[&str]); 12] = [
        ("category=baby-sitter", &["Baby sitter a domicilio"]),
        ("recipient=disabili", &["Assistenza notturna"]),
        ("voucher=bebe-card", &["Baby sitter a domicilio"]),
        ("quote_available=false", &["Baby sitter a domicilio"]),
        ("max_price_cents=2000", &["Baby sitter a domicilio"]),
        ("price_unit=intervento", &["Idraulico pronto intervento"]),
        (
            "max_price_cents=5000&price_unit=ora",
            &["Baby sitter a domicilio", "Assistenza notturna"],
        ),
        (
            "max_waiting_days=4",
            &["Idraulico pronto intervento", "Assistenza notturna"],
        ),
        ("delivery_place=sede-ente", &[]),
        ("language=es", &["Badante convivente per anziani"]),
        ("language=uk", &[]),
        (
            "zone=MI-M5&recipient=disabili&q=notturna",
            &["Assistenza notturna"],
        ),
    ];
    for (query, expected) in cases {
        let body = app
            .get_json(
                &format!("/api/v1/services?{query}&sort=price&per_page=50"),
                200,
            )
            .await;
        let mut got = titles(&body);
        let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        if query.starts_with("max_waiting") {
            // sorted by price: idraulico 60 € vs assistenza 22 €/h
            want.sort();
            got.sort();
        }
        assert_eq!(got, want, "{query}");
        assert_eq!(
            body["total"].as_u64().unwrap() as usize,
            expected.len(),
            "{query}"
        );
    }
}

#[tokio::test]
async fn sorting_and_pagination() {
    let app = spawn_app(Data::Empty).await;
    fixtures::load(&app).await;
    let body = app.get_json("/api/v1/services?sort=waiting", 200).await;
    assert_eq!(titles(&body)[0], "Idraulico pronto intervento");
    let body = app.get_json("/api/v1/services?sort=price", 200).await;
    let prices: Vec<i64> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["min_price"]["price_cents"].as_i64().unwrap())
        .collect();
    assert!(prices.windows(2).all(|w| w[0] <= w[1]), "{prices:?}");
    let p1 = app
        .get_json("/api/v1/services?sort=price&per_page=3&page=1", 200)
        .await;
    let p2 = app
        .get_json("/api/v1/services?sort=price&per_page=3&page=2", 200)
        .await;
    assert_eq!(
        (
            p1["total"].as_i64(),
            p1["per_page"].as_i64(),
            p2["page"].as_i64()
        ),
        (Some(4), Some(3), Some(2))
    );
    assert_eq!(titles(&p1).len(), 3);
    assert_eq!(titles(&p2).len(), 1);
    assert!(!titles(&p1).contains(&titles(&p2)[0]));
    let beyond = app.get_json("/api/v1/services?page=50", 200).await;
    assert_eq!(titles(&beyond).len(), 0);
    assert_eq!(beyond["total"], 4);
}

#[tokio::test]
async fn relevance_puts_title_matches_first() {
    let app = spawn_app(Data::Demo).await;
    let body = app
        .get_json("/api/v1/services?q=badante&per_page=5", 200)
        .await;
    assert!(body["total"].as_i64().unwrap() >= 5, "{body}");
    let first = body["items"][0]["title"].as_str().unwrap().to_lowercase();
    assert!(
        first.contains("badant"),
        "best match should name badante: {first}"
    );
}

#[tokio::test]
async fn facets_count_each_dimension_without_its_own_filter() {
    let app = spawn_app(Data::Empty).await;
    fixtures::load(&app).await;
    let body = app.get_json("/api/v1/services?category=badante", 200).await;
    assert_eq!(body["total"], 1);
    // The category facet ignores the category filter: every category stays selectable.
    assert_eq!(facet(&body, "categories", "badante"), 1);
    assert_eq!(facet(&body, "categories", "baby-sitter"), 1);
    assert_eq!(facet(&body, "categories", "idraulico"), 1);
    // The Municipio facet applies the category filter: only Municipio 5 has a badante.
    assert_eq!(facet(&body, "municipi", "MI-M5"), 1);
    assert_eq!(facet(&body, "municipi", "MI-M1"), 0);
    assert_eq!(body["facets"]["municipi"].as_array().unwrap().len(), 9);
    assert_eq!(body["facets"]["macro_areas"].as_array().unwrap().len(), 4);
    // A card covering a NIL counts for that NIL's Municipio.
    let all = app.get_json("/api/v1/services", 200).await;
    assert_eq!(facet(&all, "municipi", "MI-M5"), 2);
    assert_eq!(facet(&all, "municipi", "MI-M1"), 1);
    let total_macro: i64 = all["facets"]["macro_areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["count"].as_i64().unwrap())
        .sum();
    assert_eq!(total_macro, 4);
}

#[tokio::test]
async fn bad_parameters_are_problems_naming_the_field() {
    let app = spawn_app(Data::Empty).await;
    let cases: [(&str, &str); 21] = [
        ("per_page=101", "per_page"),
        ("per_page=0", "per_page"),
        ("per_page=abc", "per_page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=99999999999999999999", "page"),
        ("macro_area=nope", "macro_area"),
        ("category=astronauta", "category"),
        ("accreditation_type=9Z", "accreditation_type"),
        ("zone=MI-M99", "zone"),
        ("recipient=marziani", "recipient"),
        ("delivery_place=luna", "delivery_place"),
        ("voucher=buono-pasto", "voucher"),
        ("language=xx", "language"),
        ("language=IT", "language"),
        ("language=ita", "language"),
        ("price_unit=anno", "price_unit"),
        ("max_price_cents=-5", "max_price_cents"),
        ("max_waiting_days=1000", "max_waiting_days"),
        ("quote_available=yes", "quote_available"),
        ("sort=cheapest", "sort"),
    ];
    for (query, field) in cases {
        let fields = app
            .invalid_fields(&format!("/api/v1/services?{query}"))
            .await;
        assert_eq!(fields, vec![field.to_owned()], "{query}");
    }
    assert_eq!(
        app.invalid_fields("/api/v1/services?colour=red").await,
        vec!["colour"]
    );
    assert_eq!(
        app.invalid_fields("/api/v1/services?page=1&page=2").await,
        vec!["page"]
    );
    let long = "a".repeat(201);
    assert_eq!(
        app.invalid_fields(&format!("/api/v1/services?q={long}"))
            .await,
        vec!["q"]
    );
    // Several errors are all reported.
    let mut both = app
        .invalid_fields("/api/v1/services?per_page=500&zone=x")
        .await;
    both.sort();
    assert_eq!(both, vec!["per_page", "zone"]);
    // FTS syntax in the text is just text, never an error or a 500.
    for q in [
        "%22",
        "*",
        "NEAR(a%20b)",
        "a%20OR%20b",
        "%27%3B%20DROP%20TABLE%20service_cards",
        "-",
        "%E2%9C%93",
    ] {
        app.get_json(&format!("/api/v1/services?q={q}"), 200).await;
    }
    // An empty text is no text; an empty code is not a code (a client leaves out the
    // filters it does not use).
    app.get_json("/api/v1/services?q=", 200).await;
    assert_eq!(
        app.invalid_fields("/api/v1/services?q=&page=").await,
        ["page"]
    );
    assert_eq!(
        app.invalid_fields("/api/v1/services?q=&zone=&category=")
            .await,
        ["category", "zone"]
    );
    assert!(app.scalar("SELECT COUNT(*) FROM service_cards").await >= 0);
}
