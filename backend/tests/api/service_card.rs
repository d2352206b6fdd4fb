use super::fixtures;
use super::helpers::{Data, spawn_app};

#[tokio::test]
async fn a_card_shows_every_field_of_the_scheda() {
    let app = spawn_app(Data::Empty).await;
    let ids = fixtures::load(&app).await;
    let card = app
        .get_json(&format!("/api/v1/services/{}", ids[0]), 200)
        .await;
    assert_eq!(card["id"], ids[0].to_string());
    assert_eq!(card["status"], "published");
    assert_eq!(card["title"], "Badante convivente per anziani");
    assert_eq!(card["organisation"]["legal_name"], "Cooperativa Aurora");
    assert_eq!(card["category"], "badante");
    assert!(card["category_label"]["it"].is_string() && card["category_label"]["en"].is_string());
    assert!(card["macro_area_label"]["it"].is_string());
    assert_eq!(card["accreditation_type"], "3A");
    assert_eq!(card["recipients"][0]["code"], "anziani");
    assert!(card["recipients"][0]["label"]["en"].is_string());
    assert_eq!(card["first_contact"]["phone"], "+39 02 0000000");
    assert_eq!(card["first_contact"]["hours"].as_array().unwrap().len(), 2);
    assert_eq!(card["first_contact"]["hours"][0]["weekday"], 1);
    assert_eq!(card["first_contact"]["hours"][0]["opens"], "09:00");
    assert_eq!(card["zones"][0]["code"], "MI-M5");
    assert_eq!(card["zones"][0]["kind"], "municipio");
    assert_eq!(card["service_manager"], "Dott.ssa Anna Verdi");
    assert_eq!(
        card["description"]["needs_analysis"],
        "Colloquio iniziale con la famiglia."
    );
    assert_eq!(
        card["description"]["solution"],
        "Assistenza continuativa a casa, giorno e notte."
    );
    assert!(card["description"]["activities"].is_string());
    assert_eq!(
        (
            card["waiting_days_assessment"].as_i64(),
            card["waiting_days_activation"].as_i64()
        ),
        (Some(2), Some(5))
    );
    assert_eq!(card["delivery_places"][0]["code"], "domicilio");
    let staff = &card["staff"][0];
    assert_eq!(
        (
            staff["kind"].as_str(),
            staff["count"].as_i64(),
            staff["years_experience"].as_i64()
        ),
        (Some("internal"), Some(4), Some(6))
    );
    assert_eq!(staff["references_available"], true);
    assert!(staff["supplier"].is_null());
    let price = &card["prices"][0];
    assert_eq!(
        (
            price["unit"].as_str(),
            price["price_cents"].as_i64(),
            price["vat_rate_bp"].as_i64()
        ),
        (Some("mese"), Some(160_000), Some(500))
    );
    assert!(price["unit_label"]["it"].is_string());
    assert_eq!(card["quote_available"], true);
    assert_eq!(card["vouchers"][0]["code"], "baf");
    assert!(card["published_at"].is_string() && card["updated_at"].is_string());
}

#[tokio::test]
async fn unknown_and_malformed_ids() {
    let app = spawn_app(Data::Empty).await;
    let body = app
        .get_json(&format!("/api/v1/services/{}", uuid::Uuid::now_v7()), 404)
        .await;
    assert!(body["detail"].as_str().unwrap().contains("service card"));
    assert_eq!(
        app.invalid_fields("/api/v1/services/not-a-uuid").await,
        vec!["id"]
    );
    assert_eq!(app.invalid_fields("/api/v1/services/1").await, vec!["id"]);
    assert_eq!(
        app.invalid_fields(&format!("/api/v1/services/{}?x=1", uuid::Uuid::now_v7()))
            .await,
        vec!["x"]
    );
}
