use super::fixtures;
use super::helpers::{Data, spawn_app};

#[tokio::test]
async fn catalogue_tree_with_counts() {
    let app = spawn_app(Data::Empty).await;
    fixtures::load(&app).await;
    let c = app.get_json("/api/v1/catalogue", 200).await;
    let areas = c["macro_areas"].as_array().unwrap();
    assert_eq!(areas.len(), 4);
    let total: i64 = areas
        .iter()
        .map(|a| a["published_count"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 4, "the card in review is not counted");
    let badante = areas
        .iter()
        .flat_map(|a| a["categories"].as_array().unwrap())
        .find(|k| k["code"] == "badante")
        .expect("badante category");
    assert_eq!(badante["requests_2017"], 154);
    assert_eq!(badante["published_count"], 1);
    assert_eq!(c["accreditation_lines"].as_array().unwrap().len(), 5);
    let types: usize = c["accreditation_lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["types"].as_array().unwrap().len())
        .sum();
    assert_eq!(types, 15);
    assert_eq!(c["most_requested"][0]["code"], "badante");
    assert_eq!(c["most_requested"][1]["code"], "baby-sitter");
    assert!(
        c["voucher_schemes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|v| v["code"] == "bebe-card")
    );
    assert_eq!(
        app.invalid_fields("/api/v1/catalogue?lang=it").await,
        vec!["lang"]
    );
}

#[tokio::test]
async fn zones_cover_milan_and_the_district() {
    let app = spawn_app(Data::Empty).await;
    let z = app.get_json("/api/v1/zones", 200).await;
    let items = z["items"].as_array().unwrap();
    let count = |k: &str| items.iter().filter(|i| i["kind"] == k).count();
    assert_eq!((count("municipio"), count("nil")), (9, 88));
    assert!(count("comune") >= 9);
    assert!(
        items
            .iter()
            .filter(|i| i["kind"] == "nil")
            .all(|i| i["parent"].as_str().is_some_and(|p| p.starts_with("MI-M")))
    );
    assert!(
        items
            .iter()
            .any(|i| i["name"] == "Cernusco sul Naviglio" && i["tenant"] != "milano")
    );
}
