//! The register of accredited organisations, kept by a municipality's administrators
//! (issue 10): registering organisations and ATI (partita IVA check digit, legal form,
//! accreditation types, members), changing them on a revision, inviting a new
//! organisation's first administrator — who may, and what is stored.
use super::card_workflow::call;
use super::helpers::{Data, TestApp, answered, spawn_app, statuses_at_once};
use domicilia::api::auth::Role;
use domicilia::domain::vat_number::VatNumber;
use serde_json::{Value, json};

struct City {
    admin: String,
    reviewer: String,
    other_admin: String,
    provider: String,
    /// A demo organisation with published cards, its legal form and accreditation types.
    org: Value,
}

async fn city(app: &TestApp) -> City {
    let v: Value = app.get_json("/api/v1/services?per_page=1", 200).await;
    let org_id = v["items"][0]["organisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let org: Value = app
        .get_json(&format!("/api/v1/organisations/{org_id}"), 200)
        .await;
    let provider: uuid::Uuid = org_id.parse().unwrap();
    City {
        admin: app
            .grant(
                "city.admin@example.org",
                Role::MunicipalAdmin,
                Some("milano"),
                None,
            )
            .await,
        reviewer: app
            .grant(
                "city.reviewer@example.org",
                Role::MunicipalReviewer,
                Some("milano"),
                None,
            )
            .await,
        other_admin: app
            .grant(
                "other.city@example.org",
                Role::MunicipalAdmin,
                Some("ats-mi-distretto-4"),
                None,
            )
            .await,
        provider: app
            .grant(
                "provider@example.org",
                Role::ProviderAdmin,
                None,
                Some(provider),
            )
            .await,
        org,
    }
}

fn vat(n: u64) -> String {
    VatNumber::from_base(7_700_000_000 + n).as_str().to_owned()
}

fn entry(c: &City, name: &str, vat: &str) -> Value {
    json!({
        "tenant": "milano",
        "legal_name": name,
        "legal_form": c.org["legal_form"]["code"],
        "vat_number": vat,
        "accreditation_types": [c.org["accreditation_types"][0]["code"]],
        "is_consortium": false,
        "members": [],
    })
}

#[tokio::test]
async fn the_city_registers_organisations_and_atis() {
    let app = spawn_app(Data::Demo).await;
    let c = city(&app).await;
    let first = entry(&c, "Cooperativa Sociale Zanzibar", &vat(1));

    // Only Milan's administrators keep Milan's register.
    for who in [&c.reviewer, &c.other_admin, &c.provider] {
        let (status, _, _) = call(
            &app,
            "POST",
            "/api/v1/organisations",
            who,
            None,
            Some(first.clone()),
        )
        .await;
        assert_eq!(status, 403);
    }
    // Each bad field named.
    let mut bad = first.clone();
    let wrong = vat(1);
    let last = (wrong.as_bytes()[10] - b'0' + 1) % 10;
    bad["vat_number"] = json!(format!("{}{last}", &wrong[..10]));
    bad["legal_form"] = json!("sas-di-fantasia");
    bad["accreditation_types"] = json!(["nessuno"]);
    bad["members"] = json!([uuid::Uuid::now_v7()]);
    let (status, _, problem) = call(
        &app,
        "POST",
        "/api/v1/organisations",
        &c.admin,
        None,
        Some(bad),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    let mut fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "accreditation_types[0]",
            "legal_form",
            "members",
            "vat_number"
        ],
        "{problem}"
    );
    // A partita IVA registered already.
    let taken = entry(&c, "Un altro nome", c.org["vat_number"].as_str().unwrap());
    let (status, _, _) = call(
        &app,
        "POST",
        "/api/v1/organisations",
        &c.admin,
        None,
        Some(taken),
    )
    .await;
    assert_eq!(status, 409);

    let res = app
        .client
        .post(format!("{}/api/v1/organisations", app.address))
        .bearer_auth(&c.admin)
        .json(&first)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    let made: Value = res.json().await.unwrap();
    assert_eq!(
        location,
        format!("/api/v1/organisations/{}", made["id"].as_str().unwrap())
    );
    assert_eq!(made["accreditation_status"], "accredited");
    assert_eq!(made["vat_number"], vat(1));
    let public: Value = app.get_json(&location, 200).await;
    assert_eq!(public["legal_name"], "Cooperativa Sociale Zanzibar");
    let audited = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'organisation_registered' AND object_id = '{}'",
            made["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(audited, 1);

    // Twenty administrators registering one partita IVA at once: one organisation.
    let requests = (0..20)
        .map(|i| {
            app.client
                .post(format!("{}/api/v1/organisations", app.address))
                .bearer_auth(&c.admin)
                .json(&entry(&c, &format!("Cooperativa doppia {i}"), &vat(2)))
        })
        .collect();
    answered(&statuses_at_once(requests).await, 201, 1, &[409]);
    let rows = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM organisations WHERE vat_number = '{}'",
            vat(2)
        ))
        .await;
    assert_eq!(rows, 1);

    // An ATI of the two: its page lists them, theirs name it.
    let second: Value = app
        .get_json(
            &format!(
                "/api/v1/organisations/{}",
                app.get_json("/api/v1/organisations?tenant=milano", 200)
                    .await["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|o| o["legal_name"]
                        .as_str()
                        .unwrap()
                        .starts_with("Cooperativa doppia"))
                    .unwrap()["id"]
                    .as_str()
                    .unwrap()
            ),
            200,
        )
        .await;
    let mut ati = entry(&c, "ATI Zanzibar e Doppia", &vat(3));
    ati["is_consortium"] = json!(true);
    ati["members"] = json!([made["id"], second["id"]]);
    // Left out, the tenant is the one the administrator administers.
    ati.as_object_mut().unwrap().remove("tenant");
    let (status, _, ati) = call(
        &app,
        "POST",
        "/api/v1/organisations",
        &c.admin,
        None,
        Some(ati),
    )
    .await;
    assert_eq!(status, 201, "{ati}");
    assert_eq!(ati["is_consortium"], true);
    assert_eq!(ati["members"].as_array().unwrap().len(), 2);
    let member: Value = app.get_json(&location, 200).await;
    assert_eq!(member["ati"]["id"], ati["id"]);
    // A member of one ATI is not another's.
    let mut again = entry(&c, "ATI Seconda", &vat(4));
    again["is_consortium"] = json!(true);
    again["members"] = json!([made["id"], c.org["id"]]);
    let (status, _, problem) = call(
        &app,
        "POST",
        "/api/v1/organisations",
        &c.admin,
        None,
        Some(again),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "members[0]");

    // Its first administrator is invited by the city, not by another municipality.
    let invite = json!({"email": "presidente@zanzibar.example.org", "role": "provider_admin", "organisation": made["id"]});
    let (status, _, _) = call(
        &app,
        "POST",
        "/api/v1/invitations",
        &c.other_admin,
        None,
        Some(invite.clone()),
    )
    .await;
    assert_eq!(status, 403);
    let mut staff = invite.clone();
    staff["role"] = json!("provider_staff");
    let (status, _, _) = call(
        &app,
        "POST",
        "/api/v1/invitations",
        &c.admin,
        None,
        Some(staff),
    )
    .await;
    assert_eq!(status, 403, "its staff are its administrators' to invite");
    let (status, _, sent) = call(
        &app,
        "POST",
        "/api/v1/invitations",
        &c.admin,
        None,
        Some(invite),
    )
    .await;
    assert_eq!(status, 201, "{sent}");
}

#[tokio::test]
async fn the_register_changes_on_a_revision_and_search_follows() {
    let app = spawn_app(Data::Demo).await;
    let c = city(&app).await;
    let id = c.org["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/organisations/{id}/register");
    let types: Vec<Value> = c.org["accreditation_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].clone())
        .collect();
    let mut change = json!({
        "legal_name": "Cooperativa Ribattezzata Quokka",
        "legal_form": c.org["legal_form"]["code"],
        "vat_number": c.org["vat_number"],
        "accreditation_types": types,
        "is_consortium": c.org["is_consortium"],
        "members": [],
    });
    let (_, etag, _) = call(
        &app,
        "GET",
        &format!("/api/v1/organisations/{id}"),
        &c.admin,
        None,
        None,
    )
    .await;
    let etag = etag.unwrap();
    let (status, _, _) = call(&app, "PUT", &path, &c.admin, None, Some(change.clone())).await;
    assert_eq!(status, 428);
    let (status, _, _) = call(
        &app,
        "PUT",
        &path,
        &c.admin,
        Some("\"r999\""),
        Some(change.clone()),
    )
    .await;
    assert_eq!(status, 412);
    for who in [&c.provider, &c.reviewer, &c.other_admin] {
        let (status, _, _) = call(&app, "PUT", &path, who, Some(&etag), Some(change.clone())).await;
        assert_eq!(status, 403);
    }
    // Its cards use its accreditation types: none can be taken away.
    let mut fewer = change.clone();
    fewer["accreditation_types"] = json!(["AT-NON-USATO"]);
    let (status, _, problem) = call(&app, "PUT", &path, &c.admin, Some(&etag), Some(fewer)).await;
    assert_eq!(status, 422, "an unknown type first: {problem}");
    let first: Value = app.get_json("/api/v1/services?per_page=1", 200).await;
    let card: Value = app
        .get_json(
            &format!(
                "/api/v1/services/{}",
                first["items"][0]["id"].as_str().unwrap()
            ),
            200,
        )
        .await;
    assert_eq!(card["organisation"]["id"], id.as_str());
    let used = card["accreditation_type"].clone();
    let catalogue: Value = app.get_json("/api/v1/catalogue", 200).await;
    let others: Vec<Value> = catalogue["accreditation_lines"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["types"].as_array().unwrap().iter())
        .map(|t| t["code"].clone())
        .filter(|t| *t != used)
        .take(1)
        .collect();
    let mut without = change.clone();
    without["accreditation_types"] = json!(others);
    let (status, _, problem) = call(&app, "PUT", &path, &c.admin, Some(&etag), Some(without)).await;
    assert_eq!(status, 409, "{problem}");
    // An organisation does not move to another municipality's register.
    change["tenant"] = json!("ats-mi-distretto-4");
    let (status, _, _) = call(
        &app,
        "PUT",
        &path,
        &c.admin,
        Some(&etag),
        Some(change.clone()),
    )
    .await;
    assert_eq!(status, 422);
    change["tenant"] = json!("milano");

    let (status, new_etag, renamed) = call(
        &app,
        "PUT",
        &path,
        &c.admin,
        Some(&etag),
        Some(change.clone()),
    )
    .await;
    assert_eq!(status, 200, "{renamed}");
    assert_ne!(new_etag.as_deref(), Some(etag.as_str()));
    assert_eq!(renamed["legal_name"], "Cooperativa Ribattezzata Quokka");
    // Search finds its cards by the new name once the index applied the change feed.
    app.sync_search().await;
    let found: Value = app.get_json("/api/v1/services?q=quokka", 200).await;
    assert!(
        found["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["organisation"]["id"] == id.as_str()),
        "{found}"
    );
    assert!(!found["items"].as_array().unwrap().is_empty(), "{found}");
    // Twenty changes on one revision: one wins.
    let etag = new_etag.unwrap();
    let requests = (0..20)
        .map(|i| {
            let mut body = change.clone();
            body["legal_name"] = json!(format!("Cooperativa Quokka {i}"));
            app.client
                .put(format!("{}{path}", app.address))
                .bearer_auth(&c.admin)
                .header("If-Match", &etag)
                .json(&body)
        })
        .collect();
    answered(&statuses_at_once(requests).await, 200, 1, &[412]);
}
