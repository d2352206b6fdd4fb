//! The carers' registry (issue 12): a carer applies and keeps the profile; operators and
//! the city's reviewers take it through the registry's steps; families see a listed
//! carer's limited profile only; twenty clients at once make one application and one
//! step.
use super::card_workflow::call;
use super::helpers::{Data, TestApp, answered, spawn_app, twenty};
use domicilia::api::auth::Role;
use serde_json::{Value, json};

fn profile() -> Value {
    json!({
        "first_name": "Rosa",
        "roles": ["badante"],
        "skills": ["dementia-care", "cooking"],
        "languages": [{"code": "es", "level": "native"}, {"code": "it", "level": "b2"}],
        "zones": ["MI-M5", "MI-NIL-01"],
        "week": {"mon": [9, 10, 11, 12], "tue": [12, 9, 10, 11]},
        "arrangements": ["hourly", "live_out"],
        "hourly_cents": 1100,
        "monthly_cents": null,
        "experience_years": 6,
        "references": "Famiglia Bianchi, 2019–2024 (via Padova): telefono al registro.",
        "space": null
    })
}

/// A carer's account, signed in.
async fn carer(app: &TestApp, email: &str) -> String {
    app.grant(email, Role::Carer, None, None).await
}

#[tokio::test]
async fn a_carer_applies_and_the_registry_lists_them_step_by_step() {
    let app = spawn_app(Data::Demo).await;
    let rosa = carer(&app, "rosa@example.org").await;
    let (s, _, none) = call(&app, "GET", "/api/v1/me/carer", &rosa, None, None).await;
    assert_eq!(s, 404, "{none}");

    let (s, _, reg) = call(
        &app,
        "PUT",
        "/api/v1/me/carer",
        &rosa,
        None,
        Some(profile()),
    )
    .await;
    assert_eq!(s, 201, "{reg}");
    assert_eq!(reg["status"], "applied");
    assert_eq!(reg["next_step"], "interview");
    assert_eq!(reg["actions"], json!(["interview"]));
    assert_eq!(reg["tenant"], "milano");
    assert_eq!(reg["week"]["mon"], json!([9, 10, 11, 12]));
    assert_eq!(reg["week"]["tue"], json!([9, 10, 11, 12]), "sorted");
    assert_eq!(reg["week"]["sun"], json!([]));
    assert_eq!(reg["skills"], json!(["cooking", "dementia-care"]));
    let id = reg["id"].as_str().unwrap().to_owned();

    // Changing the profile: 200, the lists replaced, still the one registration.
    let mut changed = profile();
    changed["skills"] = json!(["first-aid"]);
    // Integers written with a zero fraction are integers (JSON Schema's view).
    changed["week"] = json!({"fri": [14, 15.0, 16, 17, 18, 19]});
    changed["experience_years"] = json!(7.0);
    // Italian named twice: once, at the better level.
    changed["languages"] = json!([{"code": "it", "level": "a2"}, {"code": "it", "level": "c1"}]);
    let (s, _, reg) = call(&app, "PUT", "/api/v1/me/carer", &rosa, None, Some(changed)).await;
    assert_eq!(s, 200, "{reg}");
    assert_eq!(reg["id"], id.as_str());
    assert_eq!(reg["skills"], json!(["first-aid"]));
    assert_eq!(reg["week"]["fri"], json!([14, 15, 16, 17, 18, 19]));
    assert_eq!(reg["week"]["mon"], json!([]));
    assert_eq!(reg["languages"], json!([{"code": "it", "level": "c1"}]));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carers").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carer_skills").await, 1);

    // Not listed yet: families do not see the carer.
    let family = app.token_for("cittadina@demo.domicilia.it").await;
    let (s, _, _) = call(
        &app,
        "GET",
        &format!("/api/v1/carers/{id}"),
        &family,
        None,
        None,
    )
    .await;
    assert_eq!(s, 404);

    // The city's reviewer of Milan runs the registry: interview, train, list.
    let reviewer = app.token_for("revisore@demo.domicilia.it").await;
    let (s, _, list) = call(
        &app,
        "GET",
        "/api/v1/registry/carers?status=applied",
        &reviewer,
        None,
        None,
    )
    .await;
    assert_eq!(s, 200, "{list}");
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["references"], profile()["references"]);
    let steps = format!("/api/v1/registry/carers/{id}/steps");
    // Listing before the interview: 409.
    let (s, _, p) = call(
        &app,
        "POST",
        &steps,
        &reviewer,
        None,
        Some(json!({"action": "list"})),
    )
    .await;
    assert_eq!(s, 409, "{p}");
    for (action, status) in [
        ("interview", "interviewed"),
        ("train", "trained"),
        ("list", "listed"),
    ] {
        let (s, _, r) = call(
            &app,
            "POST",
            &steps,
            &reviewer,
            None,
            Some(json!({"action": action, "note": format!("ok {action}")})),
        )
        .await;
        assert_eq!(s, 200, "{r}");
        assert_eq!(r["status"], status);
    }
    let (_, _, own) = call(&app, "GET", "/api/v1/me/carer", &rosa, None, None).await;
    assert_eq!(own["status"], "listed");
    assert_eq!(own["next_step"], Value::Null);
    assert_eq!(own["actions"], json!(["suspend"]));
    assert_eq!(own["steps"].as_array().unwrap().len(), 3);
    assert_eq!(own["steps"][0]["note"], "ok interview");
    // Each step told the carer, in the app and by mail; the operators' audit log has it.
    let (_, _, bell) = call(&app, "GET", "/api/v1/me/notifications", &rosa, None, None).await;
    let kinds: Vec<&str> = bell["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["carer_listed", "registry_step", "registry_step"],
        "{bell}"
    );
    assert_eq!(bell["items"][0]["link"], "/assistente");
    assert_eq!(bell["items"][0]["title"], "Rosa");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM outbox_emails WHERE to_address = 'rosa@example.org' AND subject = 'Sei nel registro degli assistenti familiari'")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'carer_registry_step'")
            .await,
        3
    );

    // Listed: the family sees the limited profile, without references or contacts.
    let (s, _, p) = call(
        &app,
        "GET",
        &format!("/api/v1/carers/{id}"),
        &family,
        None,
        None,
    )
    .await;
    assert_eq!(s, 200, "{p}");
    assert_eq!(p["first_name"], "Rosa");
    assert_eq!(p["badges"], json!(["wemi_registry"]));
    let text = p.to_string();
    for secret in [
        "references",
        "Bianchi",
        "rosa@example.org",
        "email",
        "phone",
        "user",
    ] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }

    // Suspending needs a note; then the carer is hidden again.
    let (s, _, p) = call(
        &app,
        "POST",
        &steps,
        &reviewer,
        None,
        Some(json!({"action": "suspend"})),
    )
    .await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(p["errors"][0]["field"], "note");
    let (s, _, _) = call(
        &app,
        "POST",
        &steps,
        &reviewer,
        None,
        Some(json!({"action": "suspend", "note": "Segnalazione da verificare"})),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _, _) = call(
        &app,
        "GET",
        &format!("/api/v1/carers/{id}"),
        &family,
        None,
        None,
    )
    .await;
    assert_eq!(s, 404);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM carer_steps WHERE to_status = 'suspended' AND operator_id IS NOT NULL")
            .await,
        1
    );
}

#[tokio::test]
async fn who_may_apply_and_who_runs_the_registry() {
    let app = spawn_app(Data::Demo).await;
    let rosa = carer(&app, "rosa@example.org").await;
    let (_, _, reg) = call(
        &app,
        "PUT",
        "/api/v1/me/carer",
        &rosa,
        None,
        Some(profile()),
    )
    .await;
    let id = reg["id"].as_str().unwrap().to_owned();

    // A family's account does not apply.
    let family = app.token_for("cittadina@demo.domicilia.it").await;
    let (s, _, _) = call(
        &app,
        "PUT",
        "/api/v1/me/carer",
        &family,
        None,
        Some(profile()),
    )
    .await;
    assert_eq!(s, 403);
    // Families, providers and carers do not run the registry, nor read a registration.
    let staff = app.token_for("ente.staff@demo.domicilia.it").await;
    for who in [&family, &staff, &rosa] {
        let (s, _, _) = call(&app, "GET", "/api/v1/registry/carers", who, None, None).await;
        assert_eq!(s, 403);
        let (s, _, _) = call(
            &app,
            "GET",
            &format!("/api/v1/registry/carers/{id}"),
            who,
            None,
            None,
        )
        .await;
        assert_eq!(s, 404);
        let (s, _, _) = call(
            &app,
            "POST",
            &format!("/api/v1/registry/carers/{id}/steps"),
            who,
            None,
            Some(json!({"action": "interview"})),
        )
        .await;
        assert_eq!(s, 404);
    }
    // Another municipality's reviewer neither.
    let other = app
        .grant(
            "revisore.d4@example.org",
            Role::MunicipalReviewer,
            Some("ats-mi-distretto-4"),
            None,
        )
        .await;
    let (s, _, list) = call(&app, "GET", "/api/v1/registry/carers", &other, None, None).await;
    assert_eq!(s, 200);
    assert_eq!(list["total"], 0);
    let (s, _, _) = call(
        &app,
        "GET",
        &format!("/api/v1/registry/carers/{id}"),
        &other,
        None,
        None,
    )
    .await;
    assert_eq!(s, 404);
    // The WeMi space's operator of Milan does.
    let operator = app.token_for("operatore@demo.domicilia.it").await;
    let (s, _, r) = call(
        &app,
        "POST",
        &format!("/api/v1/registry/carers/{id}/steps"),
        &operator,
        None,
        Some(json!({"action": "interview"})),
    )
    .await;
    assert_eq!(s, 200, "{r}");
    // Signed out: 401.
    let res = app
        .client
        .get(format!("{}/api/v1/carers/{id}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 401);
}

#[tokio::test]
async fn a_wrong_profile_is_refused_field_by_field_and_nothing_is_written() {
    let app = spawn_app(Data::Demo).await;
    let rosa = carer(&app, "rosa@example.org").await;
    // A control character: refused when the body is read.
    let mut bad = profile();
    bad["first_name"] = json!("Ro\u{0007}sa");
    let (s, _, p) = call(&app, "PUT", "/api/v1/me/carer", &rosa, None, Some(bad)).await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(p["errors"][0]["field"], "first_name");
    let mut bad = profile();
    bad["first_name"] = json!("   ");
    bad["roles"] = json!([]);
    bad["skills"] = json!(["juggling", "cooking", "cooking"]);
    bad["languages"] = json!([{"code": "xx", "level": "b1"}]);
    bad["zones"] = json!(["MI-M5", "MI-COM-BUSSERO"]);
    bad["week"] = json!({"mon": [9, 24]});
    bad["hourly_cents"] = json!(-1);
    bad["experience_years"] = json!(61);
    let (s, _, p) = call(&app, "PUT", "/api/v1/me/carer", &rosa, None, Some(bad)).await;
    assert_eq!(s, 422, "{p}");
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "first_name",
        "roles",
        "skills[0]",
        "skills[2]",
        "languages[0].code",
        "zones",
        "week.mon[1]",
        "hourly_cents",
        "experience_years",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    // An unknown day or level is the body's shape: 422 too.
    let mut bad = profile();
    bad["week"] = json!({"someday": [9]});
    let (s, _, _) = call(&app, "PUT", "/api/v1/me/carer", &rosa, None, Some(bad)).await;
    assert_eq!(s, 422);
    // A space that is not one of the municipality's: not found.
    let mut bad = profile();
    bad["space"] = json!(uuid::Uuid::now_v7());
    let (s, _, _) = call(&app, "PUT", "/api/v1/me/carer", &rosa, None, Some(bad)).await;
    assert_eq!(s, 404);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carers").await, 0);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carer_zones").await, 0);
}

#[tokio::test]
async fn twenty_clients_at_once_make_one_application_and_one_step() {
    let app = spawn_app(Data::Demo).await;
    let rosa = carer(&app, "rosa@example.org").await;
    let put = |body: Value| {
        app.client
            .put(format!("{}/api/v1/me/carer", app.address))
            .bearer_auth(&rosa)
            .json(&body)
    };
    let statuses = twenty(|i| {
        let mut p = profile();
        p["experience_years"] = json!(i);
        put(p)
    })
    .await;
    // One creates it, the others change it: no 5xx, one registration whole.
    answered(&statuses, 201, 1, &[200]);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carers").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carer_zones").await, 2);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carer_languages").await, 2);

    let (_, _, own) = call(&app, "GET", "/api/v1/me/carer", &rosa, None, None).await;
    let id = own["id"].as_str().unwrap().to_owned();
    let reviewer = app.token_for("revisore@demo.domicilia.it").await;
    let statuses = twenty(|_| {
        app.client
            .post(format!("{}/api/v1/registry/carers/{id}/steps", app.address))
            .bearer_auth(&reviewer)
            .json(&json!({"action": "interview"}))
    })
    .await;
    answered(&statuses, 200, 1, &[409]);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carer_steps").await, 1);
}

#[tokio::test]
async fn the_vocabulary_names_skills_and_contributions() {
    let app = spawn_app(Data::Demo).await;
    let v = app.get_json("/api/v1/matching/vocabulary", 200).await;
    assert!(
        v["skills"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["code"] == "dementia-care")
    );
    let bonus = v["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "bonus-assistenti-familiari")
        .unwrap();
    assert_eq!(bonus["isee_max_cents"], 1_700_000);
    assert_eq!(bonus["amount_cents"], 150_000);
}

#[tokio::test]
async fn the_export_holds_the_registration_and_deleting_the_account_erases_it() {
    let app = spawn_app(Data::Demo).await;
    super::auth::signed_in(&app, "lucia.assistente@example.org").await;
    let lucia = carer(&app, "lucia.assistente@example.org").await;
    // References on several lines are text, not control characters.
    let mut p = profile();
    p["references"] = json!("Famiglia Verdi, 2020–2023\nFamiglia Neri, 2024");
    let (s, _, reg) = call(&app, "PUT", "/api/v1/me/carer", &lucia, None, Some(p)).await;
    assert_eq!(s, 201, "{reg}");
    let id = reg["id"].as_str().unwrap().to_owned();
    let reviewer = app.token_for("revisore@demo.domicilia.it").await;
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/registry/carers/{id}/steps"),
        &reviewer,
        None,
        Some(json!({"action": "interview", "note": "Colloquio\nsvolto"})),
    )
    .await;
    assert_eq!(s, 200);

    let (s, _, data) = call(&app, "GET", "/api/v1/me/export", &lucia, None, None).await;
    assert_eq!(s, 200);
    assert_eq!(data["carer"]["id"], id.as_str());
    assert_eq!(
        data["carer"]["references"],
        "Famiglia Verdi, 2020–2023\nFamiglia Neri, 2024"
    );
    assert_eq!(data["carer"]["steps"][0]["note"], "Colloquio\nsvolto");

    app.erase_account(&lucia).await;
    for table in [
        "carers",
        "carer_skills",
        "carer_languages",
        "carer_zones",
        "carer_steps",
    ] {
        assert_eq!(
            app.scalar(&format!("SELECT COUNT(*) FROM {table}")).await,
            0,
            "{table}"
        );
    }
    let (s, _, _) = call(
        &app,
        "GET",
        &format!("/api/v1/registry/carers/{id}"),
        &reviewer,
        None,
        None,
    )
    .await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn nobody_steps_their_own_registration() {
    let app = spawn_app(Data::Demo).await;
    let rosa = carer(&app, "rosa@example.org").await;
    let (_, _, reg) = call(
        &app,
        "PUT",
        "/api/v1/me/carer",
        &rosa,
        None,
        Some(profile()),
    )
    .await;
    let id = reg["id"].as_str().unwrap().to_owned();
    // Rosa is also one of Milan's reviewers: her own registration is someone else's job.
    let both = app
        .grant(
            "rosa@example.org",
            Role::MunicipalReviewer,
            Some("milano"),
            None,
        )
        .await;
    let (s, _, p) = call(
        &app,
        "POST",
        &format!("/api/v1/registry/carers/{id}/steps"),
        &both,
        None,
        Some(json!({"action": "interview"})),
    )
    .await;
    assert_eq!(s, 403, "{p}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carer_steps").await, 0);
}
