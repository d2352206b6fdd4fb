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

/// The city suspends an organisation (issue 10): its cards leave the card page, search,
/// its own page and the report form at once; reinstating brings back those that were
/// published. Only the municipality's administrators may; once each; audited; its
/// admins are told.
#[tokio::test]
async fn suspending_an_organisation_hides_its_cards_and_reinstating_brings_them_back() {
    use super::card_workflow::{call, people};
    use domicilia::api::auth::Role;
    use domicilia::services::accounts::{Scope, grant_role};
    use serde_json::{Value, json};
    let app = spawn_app(Data::Demo).await;
    let p = people(&app).await;
    let org: uuid::Uuid = p.org.parse().unwrap();
    for (email, role, tenant, organisation) in [
        (
            "city.admin@example.org",
            Role::MunicipalAdmin,
            Some("milano"),
            None,
        ),
        (
            "far.admin@example.org",
            Role::MunicipalAdmin,
            Some("ats-mi-distretto-4"),
            None,
        ),
        (
            "org.admin@example.org",
            Role::ProviderAdmin,
            None,
            Some(org),
        ),
    ] {
        grant_role(
            &app.db,
            "http://x",
            email,
            role,
            Scope {
                tenant: tenant.map(str::to_owned),
                organisation,
                space: None,
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    }
    let city = app.token_for("city.admin@example.org").await;
    let far = app.token_for("far.admin@example.org").await;
    let org_admin = app.token_for("org.admin@example.org").await;
    let cards = visible(&app, &p.org).await;
    assert!(!cards.is_empty());
    let card = cards[0].clone();

    // The register lists it, accredited.
    let list: Value = app
        .get_json("/api/v1/organisations?tenant=milano", 200)
        .await;
    let row = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == p.org.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["accreditation_status"], "accredited");
    assert_eq!(
        app.invalid_fields("/api/v1/organisations?tenant=atlantide")
            .await,
        vec!["tenant"]
    );

    let suspend = format!("/api/v1/organisations/{}/suspend", p.org);
    let reinstate = format!("/api/v1/organisations/{}/reinstate", p.org);
    let reason = json!({"reason": "Verifica in corso sui requisiti di accreditamento."});
    for who in [&p.citizen, &p.reviewer, &org_admin, &far] {
        let (status, _, _) = call(&app, "POST", &suspend, who, None, Some(reason.clone())).await;
        assert_eq!(status, 403);
    }
    let (status, _, bad) = call(
        &app,
        "POST",
        &suspend,
        &city,
        None,
        Some(json!({"reason": "  "})),
    )
    .await;
    assert_eq!(status, 422, "{bad}");
    let (status, _, _) = call(&app, "POST", &reinstate, &city, None, None).await;
    assert_eq!(status, 409, "not suspended");

    let (status, _, done) = call(&app, "POST", &suspend, &city, None, Some(reason.clone())).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["accreditation_status"], "suspended");
    assert_eq!(
        done["accreditation_reason"],
        "Verifica in corso sui requisiti di accreditamento."
    );
    assert!(done["services"].as_array().unwrap().is_empty());
    // Gone from everything citizens see.
    assert!(visible(&app, &p.org).await.is_empty());
    assert_eq!(
        app.get(&format!("/api/v1/services/{card}")).await.status(),
        404
    );
    let res = app
        .client
        .post(format!("{}/api/v1/services/{card}/reports", app.address))
        .json(&json!({"reason": "wrong_hours"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // Once; audited; its admins told (in the app and by mail).
    let (status, _, _) = call(&app, "POST", &suspend, &city, None, Some(reason.clone())).await;
    assert_eq!(status, 409);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'organisation_suspended' AND object_id = '{}'",
            p.org
        ))
        .await,
        1
    );
    let (_, _, bell) = call(
        &app,
        "GET",
        "/api/v1/me/notifications",
        &org_admin,
        None,
        None,
    )
    .await;
    assert_eq!(bell["items"][0]["kind"], "organisation_suspended", "{bell}");
    assert_eq!(bell["items"][0]["link"], "/gestione/ente");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE to_address = 'org.admin@example.org' AND subject LIKE 'Accreditamento sospeso%'")
            .await,
        1
    );
    // The provider still sees its cards in its workspace.
    let (status, _, mine) = call(&app, "GET", "/api/v1/cards", &p.staff, None, None).await;
    assert_eq!(status, 200);
    assert!(
        mine["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == card.as_str())
    );

    // Reinstated: the cards that were published are back.
    let (status, _, back) = call(&app, "POST", &reinstate, &city, None, None).await;
    assert_eq!(status, 200, "{back}");
    assert_eq!(back["accreditation_status"], "accredited");
    let mut again = visible(&app, &p.org).await;
    let mut before = cards.clone();
    again.sort();
    before.sort();
    assert_eq!(again, before);
    assert_eq!(
        app.get(&format!("/api/v1/services/{card}")).await.status(),
        200
    );

    // Twenty administrators suspending at once: one does.
    let url = format!("{}{suspend}", app.address);
    let statuses = super::helpers::statuses_at_once(
        (0..20)
            .map(|_| app.client.post(&url).bearer_auth(&city).json(&reason))
            .collect(),
    )
    .await;
    super::helpers::answered(&statuses, 200, 1, &[409]);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'organisation_suspended' AND object_id = '{}'",
            p.org
        ))
        .await,
        2
    );
}

/// The ids of the organisation's cards that search finds.
async fn visible(app: &super::helpers::TestApp, org: &str) -> Vec<String> {
    app.sync_search().await;
    let v: serde_json::Value = app.get_json("/api/v1/services?per_page=100", 200).await;
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["organisation"]["id"] == org)
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}
