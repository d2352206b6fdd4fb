use super::helpers::{Data, spawn_app};

#[tokio::test]
async fn organisation_page_has_profile_ati_and_published_cards() {
    let app = spawn_app(Data::Demo).await;
    let page = app.get_json("/api/v1/services?per_page=1", 200).await;
    let org_id = page["items"][0]["organisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let org = app
        .get_json(&format!("/api/v1/organisations/{org_id}"), 200)
        .await;
    assert_eq!(org["id"], org_id.as_str());
    assert_eq!(org["is_consortium"], false);
    let vat = org["vat_number"].as_str().unwrap();
    assert!(
        domicilia::domain::vat_number::VatNumber::parse(vat).is_ok(),
        "{vat}"
    );
    assert_eq!(org["accreditation_status"], "accredited");
    assert!(!org["services"].as_array().unwrap().is_empty());
    assert!(org["legal_form"]["label"]["it"].is_string());
    // Its ATI lists it among the members.
    let ati_id = org["ati"]["id"]
        .as_str()
        .expect("member of an ATI")
        .to_owned();
    let ati = app
        .get_json(&format!("/api/v1/organisations/{ati_id}"), 200)
        .await;
    assert_eq!(ati["is_consortium"], true);
    assert!(
        ati["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["id"] == org_id.as_str())
    );
    // Only published cards are listed.
    let published_for_org = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM service_cards c JOIN organisations o ON o.id = c.organisation_id WHERE c.status = 'published' AND o.legal_name = '{}'",
            org["legal_name"].as_str().unwrap().replace('\'', "''")
        ))
        .await;
    assert_eq!(
        org["services"].as_array().unwrap().len() as i64,
        published_for_org
    );
}

#[tokio::test]
async fn demo_data_has_the_shape_of_the_city() {
    let app = spawn_app(Data::Demo).await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM organisations WHERE is_consortium")
            .await,
        25
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM organisations WHERE ati_id IS NOT NULL")
            .await,
        58
    );
    let published = app
        .scalar("SELECT COUNT(*) FROM service_cards WHERE status = 'published'")
        .await;
    assert!((250..=500).contains(&published), "{published}");
    // Badante is the most offered category, as it is the most requested (2017).
    let badante = app
        .scalar("SELECT COUNT(*) FROM service_cards WHERE category_code = 'badante'")
        .await;
    let falegname = app
        .scalar("SELECT COUNT(*) FROM service_cards WHERE category_code = 'falegname'")
        .await;
    assert!(badante > falegname, "{badante} vs {falegname}");
}

#[tokio::test]
async fn unknown_and_malformed_organisation_ids() {
    let app = spawn_app(Data::Empty).await;
    app.get_json(
        &format!("/api/v1/organisations/{}", uuid::Uuid::now_v7()),
        404,
    )
    .await;
    assert_eq!(
        app.invalid_fields("/api/v1/organisations/xyz").await,
        vec!["id"]
    );
}
