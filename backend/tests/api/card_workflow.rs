//! Providers write cards, the city reviews them (issue 10): the whole loop through the
//! API, on SQLite and PostgreSQL, with the stored effects (versions, the live card,
//! search, the audit log, notifications and the outbox).
use super::helpers::{Data, TestApp, spawn_app};
use domicilia::api::auth::Role;
use serde_json::{Value, json};

pub(super) struct People {
    pub(super) staff: String,
    pub(super) other_staff: String,
    pub(super) reviewer: String,
    pub(super) other_reviewer: String,
    pub(super) citizen: String,
    pub(super) org: String,
    /// A category and accreditation type the organisation holds (of its first card).
    kind: Value,
}

pub(super) async fn people(app: &TestApp) -> People {
    let (org, other) = app.two_organisations().await;
    let v: Value = app.get_json("/api/v1/services?per_page=100", 200).await;
    let first = &v["items"][0];
    People {
        staff: app
            .grant("staff@example.org", Role::ProviderStaff, None, Some(org))
            .await,
        other_staff: app
            .grant(
                "other.staff@example.org",
                Role::ProviderStaff,
                None,
                Some(other),
            )
            .await,
        reviewer: app
            .grant(
                "reviewer@example.org",
                Role::MunicipalReviewer,
                Some("milano"),
                None,
            )
            .await,
        other_reviewer: app
            .grant(
                "other.reviewer@example.org",
                Role::MunicipalReviewer,
                Some("ats-mi-distretto-4"),
                None,
            )
            .await,
        citizen: app
            .grant("citizen@example.org", Role::Citizen, None, None)
            .await,
        org: org.to_string(),
        kind: json!({"category": first["category"], "accreditation_type": first["accreditation_type"]}),
    }
}

/// A request with a token, an optional If-Match and an optional body: (status, ETag, body).
pub(super) async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    token: &str,
    etag: Option<&str>,
    body: Option<Value>,
) -> (u16, Option<String>, Value) {
    let mut req = app
        .client
        .request(method.parse().unwrap(), format!("{}{path}", app.address))
        .bearer_auth(token);
    if let Some(e) = etag {
        req = req.header("If-Match", e);
    }
    if let Some(b) = body {
        req = req.json(&b);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    let etag = res
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = res.json().await.unwrap_or(Value::Null);
    (status, etag, body)
}

/// `POST /api/v1/cards/{id}/{action}` (submit, approve, …) with the card's ETag.
pub(super) async fn act(
    app: &TestApp,
    token: &str,
    id: &str,
    action: &str,
    etag: Option<&str>,
) -> (u16, Option<String>, Value) {
    let path = format!("/api/v1/cards/{id}/{action}");
    call(app, "POST", &path, token, etag, None).await
}

/// A complete card of the demo's first organisation (its accreditation types and zones).
pub(super) async fn complete(app: &TestApp, org: &str) -> Value {
    let o: Value = app
        .get_json(&format!("/api/v1/organisations/{org}"), 200)
        .await;
    let types: Vec<String> = o["accreditation_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap().to_owned())
        .collect();
    // A category the organisation is accredited for.
    let catalogue: Value = app.get_json("/api/v1/catalogue", 200).await;
    let (category, accreditation) = catalogue["macro_areas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["categories"].as_array().unwrap().iter())
        .find_map(|c| {
            c["accreditation_types"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t.as_str().unwrap().to_owned())
                .find(|t| types.contains(t))
                .map(|t| (c["code"].as_str().unwrap().to_owned(), t))
        })
        .unwrap();
    json!({
        "title": "Assistenza notturna zanzibarite",
        "category": category,
        "accreditation_type": accreditation,
        "service_manager": "Dott.ssa Anna Verdi",
        "needs_analysis": "Un colloquio a casa della famiglia per capire i bisogni della notte.",
        "solution": "Un operatore resta accanto alla persona dalle 21 alle 7, tutte le notti concordate.",
        "activities": "Sorveglianza, aiuto al bagno, cambio della posizione, chiamata al medico se serve.",
        "contact_phone": "+39 02 1234567",
        "contact_email": null,
        "hours": [{"weekday": 1, "opens": "09:00", "closes": "13:00"}],
        "zones": ["MI-M5"],
        "waiting_days_assessment": 2,
        "waiting_days_activation": 5,
        "quote_available": true,
        "recipients": ["anziani"],
        "delivery_places": ["domicilio"],
        "vouchers": [],
        "staff": [{"kind": "internal", "count": 4, "qualification": "OSS", "years_experience": 6,
                   "references_available": true, "supplier": null}],
        "prices": [{"unit": "ora", "price_cents": 2200, "vat_rate_bp": 500, "label": null, "is_package": false}],
        "languages": ["it", "es"],
        "accessibility": {"step_free": "yes", "toilet": "unknown", "lift": "no"}
    })
}

#[tokio::test]
async fn a_card_goes_from_draft_to_review_to_search() {
    let app = spawn_app(Data::Demo).await;
    let p = people(&app).await;

    // A draft may be incomplete; it is not public.
    let (status, etag, card) = call(
        &app,
        "POST",
        "/api/v1/cards",
        &p.staff,
        None,
        Some(
            json!({"organisation": p.org, "content": {"title": "Assistenza notturna",
            "category": p.kind["category"], "accreditation_type": p.kind["accreditation_type"]}}),
        ),
    )
    .await;
    assert_eq!(status, 201, "{card}");
    let id = card["id"].as_str().unwrap().to_owned();
    assert_eq!(card["status"], "draft");
    assert_eq!(card["pending"]["status"], "draft");
    assert_eq!(etag.as_deref(), Some("\"r1\""));
    assert!(
        card["problems"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"] == "prices"),
        "{card}"
    );
    assert_eq!(
        app.get(&format!("/api/v1/services/{id}")).await.status(),
        404
    );

    // Submitting an incomplete draft names each problem and stores nothing.
    let (status, _, problem) = call(
        &app,
        "POST",
        &format!("/api/v1/cards/{id}/submit"),
        &p.staff,
        etag.as_deref(),
        None,
    )
    .await;
    assert_eq!(status, 422);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "contact_phone",
        "zones",
        "prices",
        "staff",
        "needs_analysis",
    ] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    let (_, _, again) = call(
        &app,
        "GET",
        &format!("/api/v1/cards/{id}"),
        &p.staff,
        None,
        None,
    )
    .await;
    assert_eq!(again["status"], "draft");
    assert_eq!(again["revision"], 1);

    // Without If-Match: 428; with a stale one: 412.
    let content = complete(&app, &p.org).await;
    let path = format!("/api/v1/cards/{id}/draft");
    let (status, _, _) = call(&app, "PUT", &path, &p.staff, None, Some(content.clone())).await;
    assert_eq!(status, 428);
    let (status, _, _) = call(
        &app,
        "PUT",
        &path,
        &p.staff,
        Some("\"r9\""),
        Some(content.clone()),
    )
    .await;
    assert_eq!(status, 412);
    let (status, etag, saved) = call(
        &app,
        "PUT",
        &path,
        &p.staff,
        Some("\"r1\""),
        Some(content.clone()),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["problems"], json!([]), "{saved}");
    assert_eq!(etag.as_deref(), Some("\"r2\""));

    // Another organisation's staff, a citizen, another tenant's reviewer: not found.
    for t in [&p.other_staff, &p.citizen, &p.other_reviewer] {
        let (status, _, _) = call(&app, "GET", &format!("/api/v1/cards/{id}"), t, None, None).await;
        assert_eq!(status, 404);
        let (status, _, _) = call(
            &app,
            "PUT",
            &path,
            t,
            etag.as_deref(),
            Some(content.clone()),
        )
        .await;
        assert_eq!(status, 404);
    }

    // Submit → the reviewer's queue.
    let (status, etag, submitted) = call(
        &app,
        "POST",
        &format!("/api/v1/cards/{id}/submit"),
        &p.staff,
        etag.as_deref(),
        None,
    )
    .await;
    assert_eq!(status, 200, "{submitted}");
    assert_eq!(submitted["status"], "in_review");
    // In review the provider cannot change it (409), nor can the reviewer approve a
    // stale revision.
    let (status, _, _) = call(
        &app,
        "PUT",
        &path,
        &p.staff,
        etag.as_deref(),
        Some(content.clone()),
    )
    .await;
    assert_eq!(status, 409);
    let (_, _, queue) = call(&app, "GET", "/api/v1/review-queue", &p.reviewer, None, None).await;
    let item = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["card"] == id.as_str())
        .unwrap_or_else(|| panic!("in the queue: {queue}"));
    assert_eq!(item["kind"], "first");
    let (_, _, other_queue) = call(
        &app,
        "GET",
        "/api/v1/review-queue",
        &p.other_reviewer,
        None,
        None,
    )
    .await;
    assert!(!other_queue.to_string().contains(&id));

    // The reviewer requests a change on one field → back to the provider.
    let (status, etag, sent_back) = call(
        &app,
        "POST",
        &format!("/api/v1/cards/{id}/request-changes"),
        &p.reviewer,
        etag.as_deref(),
        Some(json!({"comment": "", "fields": {"prices": "Indicate anche il prezzo festivo."}})),
    )
    .await;
    assert_eq!(status, 200, "{sent_back}");
    assert_eq!(sent_back["status"], "changes_requested");
    let (_, _, mine) = call(
        &app,
        "GET",
        &format!("/api/v1/cards/{id}"),
        &p.staff,
        None,
        None,
    )
    .await;
    assert_eq!(
        mine["pending"]["review"]["fields"]["prices"],
        "Indicate anche il prezzo festivo."
    );
    let (_, _, bell) = call(
        &app,
        "GET",
        "/api/v1/me/notifications",
        &p.staff,
        None,
        None,
    )
    .await;
    assert_eq!(bell["unread"], 1, "{bell}");
    assert_eq!(bell["items"][0]["kind"], "card_changes_requested");
    let count = |who: String| {
        let app = &app;
        async move {
            let (status, _, body) = call(
                app,
                "GET",
                "/api/v1/me/notifications/count",
                &who,
                None,
                None,
            )
            .await;
            assert_eq!(status, 200, "{body}");
            body["unread"].as_u64().unwrap()
        }
    };
    assert_eq!(count(p.staff.clone()).await, 1);
    // Another person's notification is not found, and stays unread.
    let note_id = bell["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/me/notifications/{note_id}/read"),
        &p.reviewer,
        None,
        None,
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(count(p.staff.clone()).await, 1);
    let (status, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/me/notifications/{note_id}/read"),
        &p.staff,
        None,
        None,
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(count(p.staff.clone()).await, 0);

    // The provider fixes it and resubmits; the reviewer approves.
    let mut fixed = content.clone();
    fixed["prices"]
        .as_array_mut()
        .unwrap()
        .push(json!({"unit": "ora", "price_cents": 2600, "vat_rate_bp": 500, "label": "Festivi", "is_package": false}));
    let (status, etag, _) = call(&app, "PUT", &path, &p.staff, etag.as_deref(), Some(fixed)).await;
    assert_eq!(status, 200);
    let (status, etag, _) = call(
        &app,
        "POST",
        &format!("/api/v1/cards/{id}/submit"),
        &p.staff,
        etag.as_deref(),
        None,
    )
    .await;
    assert_eq!(status, 200);
    // The reviewer sees what changed since they sent it back: the prices only.
    let (status, _, since) = call(
        &app,
        "GET",
        &format!("/api/v1/cards/{id}/diff?from=reviewed&to=1"),
        &p.reviewer,
        None,
        None,
    )
    .await;
    assert_eq!(status, 200, "{since}");
    let changed: Vec<&str> = since["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["prices"], "{since}");
    assert_eq!(
        since["changes"][0]["after"].as_array().map(Vec::len),
        Some(2),
        "{since}"
    );
    let (status, _, approved) = call(
        &app,
        "POST",
        &format!("/api/v1/cards/{id}/approve"),
        &p.reviewer,
        etag.as_deref(),
        None,
    )
    .await;
    assert_eq!(status, 200, "{approved}");
    assert_eq!(approved["status"], "published");
    assert!(approved["pending"].is_null());
    assert!(approved["last_verified_at"].is_string());
    // Its zone rows carry its category (the ranking's candidates are read by it).
    assert!(
        app.scalar(
            "SELECT COUNT(*) FROM card_zones z JOIN service_cards s ON s.id = z.card_id \
             WHERE s.status = 'published'"
        )
        .await
            > 0
    );
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM card_zones z JOIN service_cards s ON s.id = z.card_id \
             WHERE z.category_code <> s.category_code"
        )
        .await,
        0
    );

    // Public at once: the card page, and search once the index applied the feed.
    let public: Value = app.get_json(&format!("/api/v1/services/{id}"), 200).await;
    assert_eq!(public["title"], "Assistenza notturna zanzibarite");
    assert_eq!(public["prices"].as_array().unwrap().len(), 2);
    let (status, _, gone) = call(
        &app,
        "GET",
        &format!("/api/v1/cards/{id}/diff?from=reviewed&to=1"),
        &p.reviewer,
        None,
        None,
    )
    .await;
    assert_eq!(status, 422, "nothing is pending once approved: {gone}");
    assert_eq!(gone["errors"][0]["field"], "from", "{gone}");
    app.sync_search().await;
    let found: Value = app.get_json("/api/v1/services?q=zanzibarite", 200).await;
    assert_eq!(found["items"][0]["id"], id.as_str(), "{found}");

    // Stored effects: versions, audit, the provider's e-mail.
    let statuses: Vec<&str> = approved["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["published"],
        "one version, edited, sent back, approved"
    );
    let audited = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE object_id = '{id}' AND action IN ('card_created','card_submitted','card_changes_requested','card_approved')"
        ))
        .await;
    assert_eq!(
        audited, 5,
        "created, submitted twice, changes requested, approved"
    );
    let to_staff = app
        .scalar("SELECT COUNT(*) FROM outbox_emails WHERE to_address = 'staff@example.org' AND subject LIKE '%zanzibarite%'")
        .await;
    assert_eq!(
        to_staff, 2,
        "changes requested and approved, to the submitter"
    );
    let to_reviewer = app
        .scalar("SELECT COUNT(*) FROM outbox_emails WHERE to_address = 'reviewer@example.org' AND subject LIKE 'Scheda da revisionare%'")
        .await;
    assert_eq!(to_reviewer, 2, "submitted twice, to the tenant's reviewers");
    let elsewhere = app
        .scalar("SELECT COUNT(*) FROM outbox_emails WHERE to_address IN ('other.staff@example.org', 'other.reviewer@example.org') AND subject LIKE '%zanzibarite%'")
        .await;
    assert_eq!(elsewhere, 0);

    // A new version of the published card: the public card stays as it was.
    let (_, etag, _) = call(
        &app,
        "GET",
        &format!("/api/v1/cards/{id}"),
        &p.staff,
        None,
        None,
    )
    .await;
    let mut next = content.clone();
    next["title"] = json!("Assistenza notturna zanzibarite (nuova)");
    let (status, _, drafted) =
        call(&app, "PUT", &path, &p.staff, etag.as_deref(), Some(next)).await;
    assert_eq!(status, 200);
    assert_eq!(drafted["status"], "published");
    assert_eq!(drafted["pending"]["status"], "draft");
    let public: Value = app.get_json(&format!("/api/v1/services/{id}"), 200).await;
    assert_eq!(public["title"], "Assistenza notturna zanzibarite");
    let diff = app
        .client
        .get(format!(
            "{}/api/v1/cards/{id}/diff?from=published&to=2",
            app.address
        ))
        .bearer_auth(&p.staff)
        .send()
        .await
        .unwrap();
    assert_eq!(diff.status(), 200);
    let diff: Value = diff.json().await.unwrap();
    let changed: Vec<&str> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(changed, ["title", "prices"], "{diff}");
}

#[tokio::test]
async fn the_city_unpublishes_and_the_card_leaves_search() {
    let app = spawn_app(Data::Demo).await;
    let p = people(&app).await;
    let v: Value = app.get_json("/api/v1/services?per_page=1", 200).await;
    let id = v["items"][0]["id"].as_str().unwrap().to_owned();
    let (status, etag, _) = call(
        &app,
        "GET",
        &format!("/api/v1/cards/{id}"),
        &p.reviewer,
        None,
        None,
    )
    .await;
    assert_eq!(status, 200);
    let (status, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/cards/{id}/unpublish"),
        &p.reviewer,
        etag.as_deref(),
        Some(json!({"reason": ""})),
    )
    .await;
    assert_eq!(status, 422);
    let (status, _, down) = call(
        &app,
        "POST",
        &format!("/api/v1/cards/{id}/unpublish"),
        &p.reviewer,
        etag.as_deref(),
        Some(json!({"reason": "Il servizio non è più attivo"})),
    )
    .await;
    assert_eq!(status, 200, "{down}");
    assert_eq!(down["status"], "unpublished");
    assert_eq!(down["status_reason"], "Il servizio non è più attivo");
    assert_eq!(
        app.get(&format!("/api/v1/services/{id}")).await.status(),
        404
    );
    app.sync_search().await;
    let all: Value = app.get_json("/api/v1/services?per_page=100", 200).await;
    assert!(!all.to_string().contains(&id));
    // Approving what is not in review is refused, whoever asks.
    let (status, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/cards/{id}/approve"),
        &p.reviewer,
        Some(&format!("\"r{}\"", down["revision"])),
        None,
    )
    .await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn twenty_simultaneous_saves_with_one_etag_store_exactly_one() {
    let app = spawn_app(Data::Demo).await;
    let p = people(&app).await;
    let (_, etag, card) = call(
        &app,
        "POST",
        "/api/v1/cards",
        &p.staff,
        None,
        Some(json!({"organisation": p.org, "content": {"title": "Prima",
            "category": p.kind["category"], "accreditation_type": p.kind["accreditation_type"]}})),
    )
    .await;
    let id = card["id"].as_str().unwrap().to_owned();
    let etag = etag.unwrap();
    let url = format!("{}/api/v1/cards/{id}/draft", app.address);
    let statuses = super::helpers::statuses_at_once(
        (0..20)
            .map(|i| {
                app.client
                    .put(&url)
                    .bearer_auth(&p.staff)
                    .header("If-Match", &etag)
                    .json(&json!({"title": format!("Versione {i}")}))
            })
            .collect(),
    )
    .await;
    super::helpers::answered(&statuses, 200, 1, &[412]);
    let (_, _, now) = call(
        &app,
        "GET",
        &format!("/api/v1/cards/{id}"),
        &p.staff,
        None,
        None,
    )
    .await;
    assert_eq!(now["revision"], 2);
    assert_eq!(
        now["versions"].as_array().unwrap().len(),
        1,
        "one draft, saved once"
    );
    assert!(
        now["pending"]["content"]["title"]
            .as_str()
            .unwrap()
            .starts_with("Versione ")
    );
}

#[tokio::test]
async fn the_preview_shows_the_next_version_as_citizens_would_see_it_and_stores_nothing() {
    let app = spawn_app(Data::Demo).await;
    let p = people(&app).await;
    let v: Value = app.get_json("/api/v1/services?per_page=100", 200).await;
    let card = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["organisation"]["id"] == p.org.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let public_before: Value = app.get_json(&format!("/api/v1/services/{card}"), 200).await;
    let path = format!("/api/v1/cards/{card}");
    let (status, etag, managed) = call(&app, "GET", &path, &p.staff, None, None).await;
    assert_eq!(status, 200, "{managed}");
    // Without a pending version: what citizens see now.
    let (status, _, now) = call(
        &app,
        "GET",
        &format!("{path}/preview"),
        &p.staff,
        None,
        None,
    )
    .await;
    assert_eq!(status, 200, "{now}");
    assert!(now["version"].is_null());
    assert_eq!(now["card"]["title"], public_before["title"]);
    assert_eq!(now["card"]["prices"], public_before["prices"]);

    // The next version, drafted: a new title and one price more.
    let mut next = managed["published"].clone();
    next["title"] = json!("Titolo della prossima versione");
    next["prices"].as_array_mut().unwrap().push(
        json!({"unit": "ora", "price_cents": 2750, "vat_rate_bp": 500, "label": "Festivi", "is_package": false}),
    );
    let (status, etag, drafted) = call(
        &app,
        "PUT",
        &format!("{path}/draft"),
        &p.staff,
        etag.as_deref(),
        Some(next),
    )
    .await;
    assert_eq!(status, 200, "{drafted}");
    for who in [&p.staff, &p.reviewer] {
        let (status, _, preview) =
            call(&app, "GET", &format!("{path}/preview"), who, None, None).await;
        assert_eq!(status, 200, "{preview}");
        assert_eq!(preview["card"]["title"], "Titolo della prossima versione");
        assert_eq!(preview["version"], drafted["pending"]["number"]);
        assert!(
            preview["card"]["prices"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["price_cents"] == 2750)
        );
    }
    // Nothing stored: the public card, the card's revision and its versions are as before.
    // (`updated_at` is the card row's: the draft's save moved it — not the preview.)
    let mut public_after: Value = app.get_json(&format!("/api/v1/services/{card}"), 200).await;
    let mut public_before = public_before;
    public_after["updated_at"] = Value::Null;
    public_before["updated_at"] = Value::Null;
    assert_eq!(public_after, public_before);
    let (_, etag_after, _) = call(&app, "GET", &path, &p.staff, None, None).await;
    assert_eq!(etag_after, etag);
    // Nobody else sees it.
    for who in [&p.other_staff, &p.other_reviewer, &p.citizen] {
        let (status, _, _) = call(&app, "GET", &format!("{path}/preview"), who, None, None).await;
        assert_eq!(status, 404);
    }
}
