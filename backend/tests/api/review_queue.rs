//! The reviewers' queue and its filters (issue 10): by organisation, category, kind of
//! submission (a first publication or a change of a published card) and days in the
//! queue, on both databases.
use super::card_workflow::{act, call, complete, people};
use super::helpers::{Data, spawn_app};
use domicilia::entities::{card_versions, service_cards};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::{Value, json};

fn cards_in(queue: &Value) -> Vec<String> {
    queue["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a queue: {queue}"))
        .iter()
        .map(|i| i["card"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_review_queue_filters_by_organisation_category_kind_and_days_waiting() {
    let app = spawn_app(Data::Demo).await;
    let p = people(&app).await;
    let content = complete(&app, &p.org).await;
    let category = content["category"].as_str().unwrap().to_owned();

    // Two new cards submitted; the second approved, changed and submitted again.
    let mut ids = Vec::new();
    for title in [
        "Assistenza notturna ad Affori",
        "Assistenza diurna a Baggio",
    ] {
        let mut c = content.clone();
        c["title"] = json!(title);
        let (status, etag, card) = call(
            &app,
            "POST",
            "/api/v1/cards",
            &p.staff,
            None,
            Some(json!({"organisation": p.org, "content": c})),
        )
        .await;
        assert_eq!(status, 201, "{card}");
        let id = card["id"].as_str().unwrap().to_owned();
        let (status, _, submitted) = act(&app, &p.staff, &id, "submit", etag.as_deref()).await;
        assert_eq!(status, 200, "{submitted}");
        ids.push(id);
    }
    let (first, change) = (ids[0].clone(), ids[1].clone());
    let (_, etag, _) = call(
        &app,
        "GET",
        &format!("/api/v1/cards/{change}"),
        &p.reviewer,
        None,
        None,
    )
    .await;
    let (status, _, approved) = act(&app, &p.reviewer, &change, "approve", etag.as_deref()).await;
    assert_eq!(status, 200, "{approved}");
    let mut changed = content.clone();
    changed["title"] = json!("Assistenza diurna a Baggio e Quarto Cagnino");
    let (_, etag, _) = call(
        &app,
        "GET",
        &format!("/api/v1/cards/{change}"),
        &p.staff,
        None,
        None,
    )
    .await;
    let (status, etag, saved) = call(
        &app,
        "PUT",
        &format!("/api/v1/cards/{change}/draft"),
        &p.staff,
        etag.as_deref(),
        Some(changed),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    let (status, _, submitted) = act(&app, &p.staff, &change, "submit", etag.as_deref()).await;
    assert_eq!(status, 200, "{submitted}");

    // The first one has waited ten days (its stored submission moved back: the app's
    // clock stays, or the sessions would expire).
    let card = service_cards::Entity::find()
        .filter(service_cards::Column::PublicId.eq(first.parse::<uuid::Uuid>().unwrap()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    card_versions::Entity::update_many()
        .col_expr(
            card_versions::Column::SubmittedAt,
            Expr::value(chrono::Utc::now() - chrono::Duration::days(10)),
        )
        .filter(card_versions::Column::CardId.eq(card.id))
        .exec(&app.db)
        .await
        .unwrap();

    let queue = |query: &'static str| {
        let (app, token) = (&app, p.reviewer.clone());
        async move {
            let (status, _, body) = call(
                app,
                "GET",
                &format!("/api/v1/review-queue{query}"),
                &token,
                None,
                None,
            )
            .await;
            assert_eq!(status, 200, "{query}: {body}");
            cards_in(&body)
        }
    };
    let all = queue("").await;
    assert!(all.contains(&first) && all.contains(&change), "{all:?}");
    // Oldest first: the one that waited ten days before the one sent today.
    let at = |id: &String| all.iter().position(|c| c == id);
    assert!(at(&first) < at(&change), "{all:?}");

    let firsts = queue("?kind=first").await;
    assert!(
        firsts.contains(&first) && !firsts.contains(&change),
        "{firsts:?}"
    );
    let changes = queue("?kind=change").await;
    assert!(
        changes.contains(&change) && !changes.contains(&first),
        "{changes:?}"
    );

    // The demo's submissions waited longer: every one waiting 7 days or more is listed,
    // none waiting less.
    let waiting = queue("?waiting_days=7").await;
    assert!(
        waiting.contains(&first) && !waiting.contains(&change),
        "{waiting:?}"
    );
    assert!(waiting.len() < all.len());
    let longer = queue("?waiting_days=11").await;
    assert!(
        !longer.contains(&first) && longer.len() < waiting.len(),
        "{longer:?}"
    );
    assert_eq!(queue("?waiting_days=0").await, all);

    let (status, _, by_category) = call(
        &app,
        "GET",
        &format!("/api/v1/review-queue?category={category}&kind=change"),
        &p.reviewer,
        None,
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(cards_in(&by_category), vec![change.clone()]);
    assert!(queue("?category=nessuna-categoria").await.is_empty());

    let (_, _, mine) = call(
        &app,
        "GET",
        &format!("/api/v1/review-queue?organisation={}", p.org),
        &p.reviewer,
        None,
        None,
    )
    .await;
    let mine = cards_in(&mine);
    assert!(mine.contains(&first) && mine.contains(&change));
    let other: Value = app.get_json("/api/v1/services?per_page=100", 200).await;
    let other_org = other["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["organisation"]["id"].as_str().unwrap().to_owned())
        .find(|o| *o != p.org)
        .unwrap();
    let (_, _, theirs) = call(
        &app,
        "GET",
        &format!("/api/v1/review-queue?organisation={other_org}"),
        &p.reviewer,
        None,
        None,
    )
    .await;
    let theirs = cards_in(&theirs);
    assert!(!theirs.contains(&first) && !theirs.contains(&change));

    // Out of range, not a number, unknown kind: 422 problems naming the parameter.
    for bad in [
        "?waiting_days=366",
        "?waiting_days=-1",
        "?waiting_days=x",
        "?kind=other",
    ] {
        let res = app
            .client
            .get(format!("{}/api/v1/review-queue{bad}", app.address))
            .bearer_auth(&p.reviewer)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{bad}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{bad}"
        );
    }
    // Another tenant's reviewer does not see them, filtered or not.
    let (_, _, other_queue) = call(
        &app,
        "GET",
        "/api/v1/review-queue?waiting_days=7",
        &p.other_reviewer,
        None,
        None,
    )
    .await;
    assert!(!cards_in(&other_queue).contains(&first));
}

/// `make bench` changes synthetic cards through the API (issue 10's approvals under
/// search load): each must be one its provider can draft, submit and have approved as
/// it is — its organisation holds the card's accreditation type, it has a contact.
#[tokio::test]
async fn synthetic_cards_go_through_review_as_the_bench_changes_them() {
    use domicilia::api::auth::Role;
    use domicilia::entities::organisations;
    use sea_orm::QueryOrder;
    let app = spawn_app(Data::Empty).await;
    let r = domicilia::reference::Reference::load(&app.db)
        .await
        .unwrap();
    let n = domicilia::seed::synthetic::generate(&app.db, &r, 30)
        .await
        .unwrap();
    assert_eq!(n, 30);
    let org = organisations::Entity::find()
        .order_by_asc(organisations::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let staff = app
        .grant(
            "staff@example.org",
            Role::ProviderStaff,
            None,
            Some(org.public_id),
        )
        .await;
    let reviewer = app
        .grant(
            "reviewer@example.org",
            Role::MunicipalReviewer,
            Some("milano"),
            None,
        )
        .await;
    let cards: Vec<uuid::Uuid> = service_cards::Entity::find()
        .filter(service_cards::Column::OrganisationId.eq(org.id))
        .order_by_asc(service_cards::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.public_id)
        .collect();
    assert_eq!(cards.len(), 30, "all on one provider");
    // Every one can be submitted as it is (its title changed); five are approved.
    for (k, id) in cards.iter().enumerate() {
        let id = id.to_string();
        let (status, etag, card) = call(
            &app,
            "GET",
            &format!("/api/v1/cards/{id}"),
            &staff,
            None,
            None,
        )
        .await;
        assert_eq!(status, 200, "{card}");
        let mut content = card["published"].clone();
        let word = format!("zqsintetica{}", char::from(b'a' + k as u8));
        content["title"] = json!(format!("{} {word}", content["title"].as_str().unwrap()));
        let (status, etag, saved) = call(
            &app,
            "PUT",
            &format!("/api/v1/cards/{id}/draft"),
            &staff,
            etag.as_deref(),
            Some(content),
        )
        .await;
        assert_eq!(status, 200, "{saved}");
        let (status, etag, submitted) = act(&app, &staff, &id, "submit", etag.as_deref()).await;
        assert_eq!(status, 200, "{submitted}");
        if k >= 5 {
            continue;
        }
        let (status, _, approved) = act(&app, &reviewer, &id, "approve", etag.as_deref()).await;
        assert_eq!(status, 200, "{approved}");
        app.sync_search().await;
        let found = app
            .get_json(&format!("/api/v1/services?q={word}"), 200)
            .await;
        assert_eq!(found["items"][0]["id"], id.as_str(), "{found}");
    }
}
