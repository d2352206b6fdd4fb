//! Shared services (issue 12): the needs one carer could serve together — open to
//! sharing, the same help, near (the same building before the same NIL before the same
//! Municipio), hours that fit one carer's week, budgets not too far apart — are proposed
//! to each other without a name; a family proposes a group, the others join or decline,
//! the cost splits by hours to the cent, members leave and the group dissolves. Only the
//! families of a group see it; every step is an interaction event; twenty clients at once
//! join nothing twice and a need joins one group only.
use super::card_workflow::call;
use super::helpers::{Data, TestApp, answered, spawn_app, twenty};
use domicilia::api::auth::Role;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

pub(super) async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let (s, _, v) = call(app, "POST", path, token, None, Some(body)).await;
    (s, v)
}

pub(super) async fn get(app: &TestApp, token: &str, path: &str) -> (u16, Value) {
    let (s, _, v) = call(app, "GET", path, token, None, None).await;
    (s, v)
}

/// A badante need open to sharing: `zone`, the hours of `week`, a budget per hour.
pub(super) fn shared(zone: &str, week: Value, budget: i64, building: Option<&str>) -> Value {
    json!({
        "role": "badante",
        "zone": zone,
        "week": week,
        "arrangement": "hourly",
        "budget_cents": budget,
        "budget_period": "hour",
        "age_band": "elderly",
        "autonomy": "partial",
        "sharing": true,
        "building": building,
    })
}

/// A family (first name `name`) with one need: its token and the need's id.
pub(super) async fn family(app: &TestApp, name: &str, need: Value) -> (String, String) {
    let email = format!("{}@example.org", name.to_lowercase());
    let token = app.grant(&email, Role::Citizen, None, None).await;
    app.db
        .execute_unprepared(&format!(
            "UPDATE users SET display_name = '{name} Rossi' WHERE email = '{email}'"
        ))
        .await
        .unwrap();
    let (s, d) = post(app, &token, "/api/v1/demands", need).await;
    assert_eq!(s, 201, "{d}");
    assert_eq!(d["sharing"], true);
    (token, d["id"].as_str().unwrap().to_owned())
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap().to_owned())
        .collect()
}

fn statuses(g: &Value) -> Vec<String> {
    g["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["status"].as_str().unwrap().to_owned())
        .collect()
}

async fn events(app: &TestApp, kind: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM interaction_events WHERE kind = '{kind}'"
    ))
    .await
}

#[tokio::test]
async fn neighbours_form_a_group_and_split_the_cost_by_hours() {
    let app = spawn_app(Data::Empty).await;
    let mon = json!({"mon": [9, 10, 11, 12]});
    let (anna, anna_need) = family(
        &app,
        "Anna",
        shared("MI-NIL-37", mon.clone(), 1200, Some("Via Dateo, 5")),
    )
    .await;
    // The same building, written otherwise.
    let (bice, bice_need) = family(
        &app,
        "Bice",
        shared(
            "MI-NIL-37",
            json!({"tue": [9, 10, 11, 12]}),
            1000,
            Some("via  dateo 5"),
        ),
    )
    .await;
    // The same Municipio (another NIL of it).
    let (carla, carla_need) = family(
        &app,
        "Carla",
        shared("MI-NIL-38", json!({"wed": [9, 10, 11, 12]}), 1100, None),
    )
    .await;
    // The same NIL, one shared hour with Anna (12:00), two hours a week.
    let (hana, hana_need) = family(
        &app,
        "Hana",
        shared("MI-NIL-37", json!({"mon": [12, 13]}), 1300, None),
    )
    .await;
    // Not candidates: three hours at once with Anna, another Municipio, not open to
    // sharing, another kind of help, a budget over twice Anna's.
    let (_, dora_need) = family(
        &app,
        "Dora",
        shared("MI-NIL-37", json!({"mon": [10, 11, 12, 13]}), 1200, None),
    )
    .await;
    let (elena, elena_need) = family(
        &app,
        "Elena",
        shared("MI-NIL-36", json!({"thu": [9, 10]}), 1200, None),
    )
    .await;
    let mut private = shared("MI-NIL-37", json!({"fri": [9, 10]}), 1200, None);
    private["sharing"] = json!(false);
    let email = "franca@example.org";
    let franca = app.grant(email, Role::Citizen, None, None).await;
    let (s, f) = post(&app, &franca, "/api/v1/demands", private).await;
    assert_eq!(s, 201);
    let franca_need = f["id"].as_str().unwrap().to_owned();
    let mut colf = shared("MI-NIL-37", json!({"fri": [14, 15]}), 1200, None);
    colf["role"] = json!("colf");
    let (_, gina_need) = family(&app, "Gina", colf).await;
    let (_, ida_need) = family(
        &app,
        "Ida",
        shared("MI-NIL-37", json!({"sat": [9, 10]}), 2500, None),
    )
    .await;

    // Anna's pool: the building, then the NIL, then the Municipio; nobody named.
    let (s, pool) = get(&app, &anna, &format!("/api/v1/demands/{anna_need}/pool")).await;
    assert_eq!(s, 200, "{pool}");
    let items = pool["items"].as_array().unwrap();
    let found: Vec<&str> = items
        .iter()
        .map(|i| i["demand"].as_str().unwrap())
        .collect();
    assert_eq!(found, [&bice_need, &hana_need, &carla_need], "{pool}");
    let near: Vec<&str> = items
        .iter()
        .map(|i| i["nearness"].as_str().unwrap())
        .collect();
    assert_eq!(near, ["building", "nil", "municipio"]);
    assert_eq!(items[1]["shared_hours"], 1);
    assert_eq!(items[1]["hours"], 2);
    for other in [&dora_need, &elena_need, &franca_need, &gina_need, &ida_need] {
        assert!(!found.contains(&other.as_str()));
    }
    let text = pool.to_string();
    for secret in ["Bice", "Rossi", "example.org", "dateo", "budget"] {
        assert!(!text.contains(secret), "{secret} shown in the pool: {text}");
    }
    assert_eq!(ids(&pool["proposal"]).len(), 3);
    // Anna 4 h, Bice 4 h, Carla 4 h, Hana 1 h more (one shared).
    assert_eq!(pool["hours"], 13);

    // Only the owner; a need not open to sharing: 409.
    let (s, _) = get(&app, &bice, &format!("/api/v1/demands/{anna_need}/pool")).await;
    assert_eq!(s, 404);
    let (s, p) = get(
        &app,
        &franca,
        &format!("/api/v1/demands/{franca_need}/pool"),
    )
    .await;
    assert_eq!(s, 409, "{p}");

    // Bad proposals: nothing written.
    for (body, field) in [
        (json!({"demand": anna_need, "invite": []}), "invite"),
        (
            json!({"demand": anna_need, "invite": [anna_need]}),
            "invite",
        ),
        (
            json!({"demand": anna_need, "invite": [bice_need, bice_need]}),
            "invite",
        ),
        (
            json!({"demand": anna_need, "invite": [bice_need], "rate_cents": -1}),
            "rate_cents",
        ),
    ] {
        let (s, p) = post(&app, &anna, "/api/v1/groups", body).await;
        assert_eq!(s, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], field, "{p}");
    }
    // A need that does not fit (Dora's hours clash with Anna's): 409.
    let (s, p) = post(
        &app,
        &anna,
        "/api/v1/groups",
        json!({"demand": anna_need, "invite": [dora_need]}),
    )
    .await;
    assert_eq!(s, 409, "{p}");
    assert_eq!(app.scalar("SELECT COUNT(*) FROM groups").await, 0);

    // Anna proposes a group with Bice and Carla at 10.01 €/h.
    let (s, g) = post(
        &app,
        &anna,
        "/api/v1/groups",
        json!({"demand": anna_need, "invite": [bice_need, carla_need], "rate_cents": 1001}),
    )
    .await;
    assert_eq!(s, 201, "{g}");
    let gid = g["id"].as_str().unwrap().to_owned();
    let one = format!("/api/v1/groups/{gid}");
    assert_eq!(g["status"], "forming");
    assert_eq!(g["nearness"], "municipio");
    assert_eq!(statuses(&g), ["joined", "invited", "invited"]);
    assert_eq!(g["members"][0]["first_name"], "Anna");
    assert_eq!(g["members"][0]["you"], true);
    // An invited family is not named, and pays nothing yet.
    assert_eq!(g["members"][1]["first_name"], Value::Null);
    assert_eq!(g["members"][1]["share_cents"], Value::Null);
    assert_eq!(g["hours"], 4);
    assert_eq!(g["weekly_cents"], 4004);
    assert_eq!(g["members"][0]["share_cents"], 4004);
    assert_eq!(g["actions"], json!(["leave"]));
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'group_invited'")
            .await,
        2
    );
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM outbox_emails WHERE to_address IN \
             ('bice@example.org', 'carla@example.org') AND body_text LIKE '%/gruppi/%'"
        )
        .await,
        2
    );

    // Bice sees Anna's first name and may join or decline; others find nothing.
    let (s, seen) = get(&app, &bice, &one).await;
    assert_eq!(s, 200, "{seen}");
    assert_eq!(seen["members"][0]["first_name"], "Anna");
    assert_eq!(seen["members"][1]["you"], true);
    assert_eq!(seen["members"][1]["first_name"], "Bice");
    assert_eq!(seen["demand"], bice_need.as_str());
    assert_eq!(seen["actions"], json!(["join", "decline"]));
    assert!(!seen.to_string().contains("example.org"));
    let (s, _) = get(&app, &elena, &one).await;
    assert_eq!(s, 404);
    let (s, _) = post(
        &app,
        &elena,
        &format!("{one}/answer"),
        json!({"action": "join"}),
    )
    .await;
    assert_eq!(s, 404);
    let (s, list) = get(&app, &elena, "/api/v1/groups").await;
    assert_eq!((s, list["total"].as_u64()), (200, Some(0)));
    let (s, list) = get(&app, &bice, "/api/v1/groups").await;
    assert_eq!((s, list["total"].as_u64()), (200, Some(1)));

    // Bice joins: the group is formed; the cost splits by hours, to the cent.
    let (s, g) = post(
        &app,
        &bice,
        &format!("{one}/answer"),
        json!({"action": "join"}),
    )
    .await;
    assert_eq!(s, 200, "{g}");
    assert_eq!(g["status"], "formed");
    assert_eq!(g["hours"], 8);
    assert_eq!(g["weekly_cents"], 8008);
    assert_eq!(g["members"][0]["share_cents"], 4004);
    assert_eq!(g["members"][1]["share_cents"], 4004);
    let (s, p) = post(
        &app,
        &bice,
        &format!("{one}/answer"),
        json!({"action": "join"}),
    )
    .await;
    assert_eq!(s, 409, "{p}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'group_changed'")
            .await,
        1
    );

    // Carla declines: she no longer appears to the others, and sees her own answer.
    let (s, g) = post(
        &app,
        &carla,
        &format!("{one}/answer"),
        json!({"action": "decline"}),
    )
    .await;
    assert_eq!(s, 200, "{g}");
    assert_eq!(statuses(&g), ["joined", "joined", "declined"]);
    assert_eq!(g["actions"], json!([]));
    let (_, g) = get(&app, &anna, &one).await;
    assert_eq!(statuses(&g), ["joined", "joined"]);

    // Only a member invites: Hana (one hour shared with Anna) joins. 9 hours at 10.01 €:
    // 90.09 € split 4:4:2.
    let (s, p) = post(
        &app,
        &carla,
        &format!("{one}/members"),
        json!({"demand": hana_need}),
    )
    .await;
    assert_eq!(s, 403, "{p}");
    let (s, g) = post(
        &app,
        &anna,
        &format!("{one}/members"),
        json!({"demand": hana_need}),
    )
    .await;
    assert_eq!(s, 201, "{g}");
    let (s, p) = post(
        &app,
        &anna,
        &format!("{one}/members"),
        json!({"demand": hana_need}),
    )
    .await;
    assert_eq!(s, 409, "{p}");
    let (s, g) = post(
        &app,
        &hana,
        &format!("{one}/answer"),
        json!({"action": "join"}),
    )
    .await;
    assert_eq!(s, 200, "{g}");
    assert_eq!(g["hours"], 9);
    assert_eq!(g["weekly_cents"], 9009);
    let shares: Vec<i64> = g["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["share_cents"].as_i64())
        .collect();
    assert_eq!(shares, [3604, 3603, 1802]);
    assert_eq!(shares.iter().sum::<i64>(), 9009);

    // A need in a group is nobody's candidate any more; it proposes no second group.
    let (_, pool) = get(&app, &carla, &format!("/api/v1/demands/{carla_need}/pool")).await;
    let left: Vec<&str> = pool["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["demand"].as_str().unwrap())
        .collect();
    assert_eq!(left, [dora_need.as_str()], "{pool}");
    let (s, p) = post(
        &app,
        &bice,
        "/api/v1/groups",
        json!({"demand": bice_need, "invite": [carla_need]}),
    )
    .await;
    assert_eq!(s, 409, "{p}");

    // Everyone but Anna leaves: the group dissolves and frees her need.
    for who in [&bice, &hana] {
        let (s, g) = post(
            &app,
            who,
            &format!("{one}/answer"),
            json!({"action": "leave"}),
        )
        .await;
        assert_eq!(s, 200, "{g}");
    }
    let (_, g) = get(&app, &anna, &one).await;
    assert_eq!(g["status"], "closed");
    assert_eq!(g["actions"], json!([]));
    let (s, p) = post(
        &app,
        &anna,
        &format!("{one}/answer"),
        json!({"action": "leave"}),
    )
    .await;
    assert_eq!(s, 409, "{p}");
    let (s, _) = post(
        &app,
        &anna,
        "/api/v1/groups",
        json!({"demand": anna_need, "invite": [bice_need]}),
    )
    .await;
    assert_eq!(s, 201);

    // Each step an event, without a person.
    assert_eq!(events(&app, "group_proposed").await, 2);
    assert_eq!(events(&app, "group_invited").await, 4);
    assert_eq!(events(&app, "group_joined").await, 2);
    assert_eq!(events(&app, "group_declined").await, 1);
    assert_eq!(events(&app, "group_left").await, 2);
    assert_eq!(events(&app, "group_formed").await, 1);
    assert_eq!(events(&app, "group_closed").await, 1);
}

#[tokio::test]
async fn the_pool_reads_the_farther_needs_only_when_the_near_ones_are_too_few() {
    let app = spawn_app(Data::Empty).await;
    let (anna, anna_need) = family(
        &app,
        "Anna",
        shared(
            "MI-NIL-37",
            json!({"mon": [9, 10, 11]}),
            1200,
            Some("Via Dateo 5"),
        ),
    )
    .await;
    // Twenty neighbours of Anna's NIL, an hour each (Tuesday to Saturday, 8 to 12).
    let mut nil = Vec::new();
    for (i, day) in ["tue", "wed", "thu", "fri", "sat"].iter().enumerate() {
        for hour in 8..12 {
            let (_, need) = family(
                &app,
                &format!("N{i}h{hour}"),
                shared("MI-NIL-37", json!({ *day: [hour] }), 1200, None),
            )
            .await;
            nil.push(need);
        }
    }
    // Another NIL of the Municipio: Anna's building (written otherwise), and no building.
    let (_, bea_need) = family(
        &app,
        "Bea",
        shared("MI-NIL-38", json!({"sun": [9]}), 1200, Some("via dateo, 5")),
    )
    .await;
    let (carla, carla_need) = family(
        &app,
        "Carla",
        shared("MI-NIL-38", json!({"sun": [10]}), 1200, None),
    )
    .await;
    // Anna: the building (from the other NIL), then nineteen of her NIL's twenty; the
    // Municipio's need is not even read.
    let (s, pool) = get(&app, &anna, &format!("/api/v1/demands/{anna_need}/pool")).await;
    assert_eq!(s, 200, "{pool}");
    let items = pool["items"].as_array().unwrap();
    assert_eq!(items.len(), 20, "{pool}");
    assert_eq!(items[0]["demand"], bea_need.as_str());
    assert_eq!(items[0]["nearness"], "building");
    for i in &items[1..] {
        assert_eq!(i["nearness"], "nil", "{pool}");
        assert!(nil.contains(&i["demand"].as_str().unwrap().to_owned()));
    }
    assert!(!pool.to_string().contains(&carla_need));
    // Carla: only Bea in her NIL, so the rest of the Municipio is read too: Bea first,
    // then the nearest-scheduled farther ones.
    let (s, pool) = get(&app, &carla, &format!("/api/v1/demands/{carla_need}/pool")).await;
    assert_eq!(s, 200, "{pool}");
    let items = pool["items"].as_array().unwrap();
    assert_eq!(items.len(), 20, "{pool}");
    assert_eq!(items[0]["demand"], bea_need.as_str());
    assert_eq!(items[0]["nearness"], "nil");
    for i in &items[1..] {
        assert_eq!(i["nearness"], "municipio", "{pool}");
    }
    // A budget more than twice apart is left out (in SQL), one within twice is not.
    let (_, rich) = family(
        &app,
        "Rita",
        shared("MI-NIL-38", json!({"sun": [11]}), 2500, None),
    )
    .await;
    let (_, fair) = family(
        &app,
        "Fede",
        shared("MI-NIL-38", json!({"sun": [12]}), 2400, None),
    )
    .await;
    let (_, pool) = get(&app, &carla, &format!("/api/v1/demands/{carla_need}/pool")).await;
    let text = pool.to_string();
    assert!(!text.contains(&rich), "{text}");
    assert!(text.contains(&fair), "{text}");
}

#[tokio::test]
async fn a_need_paused_closed_or_erased_leaves_its_group() {
    let app = spawn_app(Data::Empty).await;
    let (anna, anna_need) = family(
        &app,
        "Anna",
        shared("MI-NIL-37", json!({"mon": [9, 10]}), 1200, None),
    )
    .await;
    // Bice has a password (she erases her account below).
    super::auth::signed_in(&app, "bice@example.org").await;
    let (bice, bice_need) = family(
        &app,
        "Bice",
        shared("MI-NIL-37", json!({"tue": [9, 10]}), 1200, None),
    )
    .await;
    let (carla, carla_need) = family(
        &app,
        "Carla",
        shared("MI-NIL-37", json!({"wed": [9, 10]}), 1200, None),
    )
    .await;
    let (dora, dora_need) = family(
        &app,
        "Dora",
        shared("MI-NIL-37", json!({"thu": [9, 10]}), 1200, None),
    )
    .await;
    let (s, g) = post(
        &app,
        &anna,
        "/api/v1/groups",
        json!({"demand": anna_need, "invite": [bice_need, carla_need, dora_need]}),
    )
    .await;
    assert_eq!(s, 201, "{g}");
    let one = format!("/api/v1/groups/{}", g["id"].as_str().unwrap());
    for who in [&bice, &carla] {
        let (s, g) = post(
            &app,
            who,
            &format!("{one}/answer"),
            json!({"action": "join"}),
        )
        .await;
        assert_eq!(s, 200, "{g}");
    }
    let changed = "SELECT COUNT(*) FROM notifications WHERE kind = 'group_changed'";
    let told = app.scalar(changed).await;

    // Dora, only invited, closes her need: her invitation is declined.
    let (s, d) = post(
        &app,
        &dora,
        &format!("/api/v1/demands/{dora_need}/status"),
        json!({"status": "closed"}),
    )
    .await;
    assert_eq!(s, 200, "{d}");
    let (_, g) = get(&app, &anna, &one).await;
    assert_eq!(statuses(&g), ["joined", "joined", "joined"]);
    assert_eq!(g["status"], "formed");
    let members =
        |status: &str| format!("SELECT COUNT(*) FROM group_members WHERE status = '{status}'");
    assert_eq!(app.scalar(&members("declined")).await, 1);
    assert_eq!(events(&app, "group_declined").await, 1);

    // Carla pauses hers: she leaves, the two others are told, the group stays formed.
    let (s, _) = post(
        &app,
        &carla,
        &format!("/api/v1/demands/{carla_need}/status"),
        json!({"status": "paused"}),
    )
    .await;
    assert_eq!(s, 200);
    let (_, g) = get(&app, &anna, &one).await;
    assert_eq!(statuses(&g), ["joined", "joined"]);
    assert_eq!(app.scalar(&members("left")).await, 1);
    assert_eq!(g["status"], "formed");
    // Dora's step told the three joined, Carla's the two left.
    assert_eq!(app.scalar(changed).await, told + 3 + 2);
    assert_eq!(events(&app, "group_left").await, 1);

    // Bice erases her account: the group falls below two and closes, Anna is free.
    app.erase_account(&bice).await;
    let (s, g) = get(&app, &anna, &one).await;
    assert_eq!(s, 200, "{g}");
    assert_eq!(g["status"], "closed");
    assert_eq!(events(&app, "group_left").await, 2);
    assert_eq!(events(&app, "group_closed").await, 1);
    assert_eq!(app.scalar(&members("joined")).await, 0);
    // Anna may propose again at once.
    let (s, pool) = get(&app, &anna, &format!("/api/v1/demands/{anna_need}/pool")).await;
    assert_eq!(s, 200, "{pool}");
}

#[tokio::test]
async fn a_need_says_its_building_and_sharing_as_its_owner_wants() {
    let app = spawn_app(Data::Empty).await;
    let anna = app
        .grant("anna@example.org", Role::Citizen, None, None)
        .await;
    let long = "x".repeat(121);
    let mut live_in = shared("MI-NIL-37", json!({}), 1200, None);
    live_in["arrangement"] = json!("live_in");
    for (body, field) in [
        (
            shared("MI-NIL-37", json!({"mon": [9]}), 1200, Some(&long)),
            "building",
        ),
        (
            shared(
                "MI-NIL-37",
                json!({"mon": [9]}),
                1200,
                Some("Via\u{7}Dateo"),
            ),
            "building",
        ),
        (live_in, "sharing"),
    ] {
        let (s, p) = post(&app, &anna, "/api/v1/demands", body).await;
        assert_eq!(s, 422, "{p}");
        assert_eq!(p["errors"][0]["field"], field, "{p}");
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM demands").await, 0);
    let (s, d) = post(
        &app,
        &anna,
        "/api/v1/demands",
        shared(
            "MI-NIL-37",
            json!({"mon": [9]}),
            1200,
            Some("  Via Dateo 5 "),
        ),
    )
    .await;
    assert_eq!(s, 201, "{d}");
    assert_eq!(d["building"], "Via Dateo 5");
    // A blank address is none.
    let id = d["id"].as_str().unwrap();
    let (s, _, d) = call(
        &app,
        "PUT",
        &format!("/api/v1/demands/{id}"),
        &anna,
        None,
        Some(shared("MI-NIL-37", json!({"mon": [9]}), 1200, Some("  "))),
    )
    .await;
    assert_eq!(s, 200, "{d}");
    assert_eq!(d["building"], Value::Null);
}

#[tokio::test]
async fn twenty_joins_at_once_and_one_need_in_twenty_groups() {
    let app = spawn_app(Data::Empty).await;
    // Twenty families on different days and hours, one of them (Zoe) invited by all.
    let (zoe, zoe_need) = family(
        &app,
        "Zoe",
        shared("MI-NIL-37", json!({"sun": [20, 21]}), 1200, None),
    )
    .await;
    let mut proposers = Vec::new();
    for i in 0..20u8 {
        let day = ["mon", "tue", "wed", "thu", "fri", "sat"][usize::from(i % 6)];
        let hour = 6 + i / 6;
        proposers.push(
            family(
                &app,
                &format!("F{i}"),
                shared("MI-NIL-37", json!({ day: [hour] }), 1200, None),
            )
            .await,
        );
    }
    let statuses = twenty(|i| {
        app.client
            .post(format!("{}/api/v1/groups", app.address))
            .bearer_auth(&proposers[i].0)
            .json(&json!({"demand": proposers[i].1, "invite": [zoe_need]}))
    })
    .await;
    answered(&statuses, 201, 20, &[]);
    let (_, list) = get(&app, &zoe, "/api/v1/groups?per_page=100").await;
    let groups: Vec<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(groups.len(), 20);

    // Zoe joins all twenty at once: one group takes her.
    let statuses = twenty(|i| {
        app.client
            .post(format!(
                "{}/api/v1/groups/{}/answer",
                app.address, groups[i]
            ))
            .bearer_auth(&zoe)
            .json(&json!({"action": "join"}))
    })
    .await;
    answered(&statuses, 200, 1, &[409]);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM group_members m JOIN demands d ON d.id = m.demand_id \
             WHERE m.status = 'joined' AND d.user_id = \
             (SELECT id FROM users WHERE email = 'zoe@example.org')"
        )
        .await,
        1
    );
    assert_eq!(events(&app, "group_joined").await, 1);
    assert_eq!(events(&app, "group_formed").await, 1);

    // Twenty answers of one family to one group at once: one counts.
    let mut target = None;
    for id in &groups {
        let (_, g) = get(&app, &zoe, &format!("/api/v1/groups/{id}")).await;
        if g["actions"] == json!(["join", "decline"]) {
            target = Some(id.clone());
            break;
        }
    }
    let target = target.expect("a group Zoe did not join");
    let statuses = twenty(|_| {
        app.client
            .post(format!("{}/api/v1/groups/{target}/answer", app.address))
            .bearer_auth(&zoe)
            .json(&json!({"action": "decline"}))
    })
    .await;
    answered(&statuses, 200, 1, &[409]);
    assert_eq!(events(&app, "group_declined").await, 1);
    // The proposer alone: the group dissolved.
    assert_eq!(events(&app, "group_closed").await, 1);
}

#[tokio::test]
async fn a_need_paused_while_its_family_joins_is_never_both() {
    let app = spawn_app(Data::Empty).await;
    let (zoe, zoe_need) = family(
        &app,
        "Zoe",
        shared("MI-NIL-37", json!({"sun": [20, 21]}), 1200, None),
    )
    .await;
    let mut groups = Vec::new();
    for i in 0..10u8 {
        let day = ["mon", "tue", "wed", "thu", "fri"][usize::from(i % 5)];
        let (token, need) = family(
            &app,
            &format!("P{i}"),
            shared("MI-NIL-37", json!({ day: [8 + i / 5] }), 1200, None),
        )
        .await;
        let (s, g) = post(
            &app,
            &token,
            "/api/v1/groups",
            json!({"demand": need, "invite": [zoe_need]}),
        )
        .await;
        assert_eq!(s, 201, "{g}");
        groups.push(g["id"].as_str().unwrap().to_owned());
    }
    // Ten joins (one a group) and ten pauses of the same need, at once.
    let statuses = twenty(|i| {
        if i % 2 == 0 {
            app.client
                .post(format!(
                    "{}/api/v1/groups/{}/answer",
                    app.address,
                    groups[i / 2]
                ))
                .bearer_auth(&zoe)
                .json(&json!({"action": "join"}))
        } else {
            app.client
                .post(format!("{}/api/v1/demands/{zoe_need}/status", app.address))
                .bearer_auth(&zoe)
                .json(&json!({"status": "paused"}))
        }
    })
    .await;
    assert!(
        statuses.iter().all(|s| [200, 409].contains(s)),
        "{statuses:?}"
    );
    let pauses: Vec<u16> = statuses.iter().skip(1).step_by(2).copied().collect();
    answered(&pauses, 200, 1, &[409]);
    // Paused, and in no group: a join that came first was left by the pause.
    let mine = "SELECT COUNT(*) FROM group_members m JOIN demands d ON d.id = m.demand_id \
                WHERE d.user_id = (SELECT id FROM users WHERE email = 'zoe@example.org') \
                AND m.status IN ('joined', 'invited')";
    assert_eq!(app.scalar(mine).await, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM demands WHERE status = 'paused'")
            .await,
        1
    );
    let joined = statuses.iter().step_by(2).filter(|s| **s == 200).count() as i64;
    assert!(joined <= 1, "{statuses:?}");
    assert_eq!(events(&app, "group_joined").await, joined);
    assert_eq!(events(&app, "group_left").await, joined);
}

#[tokio::test]
async fn a_need_paused_while_families_invite_it_is_never_left_invited() {
    let app = spawn_app(Data::Empty).await;
    let (zoe, zoe_need) = family(
        &app,
        "Zoe",
        shared("MI-NIL-37", json!({"sun": [20, 21]}), 1200, None),
    )
    .await;
    let mut proposers = Vec::new();
    for i in 0..10u8 {
        let day = ["mon", "tue", "wed", "thu", "fri"][usize::from(i % 5)];
        proposers.push(
            family(
                &app,
                &format!("Q{i}"),
                shared("MI-NIL-37", json!({ day: [8 + i / 5] }), 1200, None),
            )
            .await,
        );
    }
    // Ten proposals inviting Zoe and ten pauses of her need, at once.
    let statuses = twenty(|i| {
        if i % 2 == 0 {
            let (token, need) = &proposers[i / 2];
            app.client
                .post(format!("{}/api/v1/groups", app.address))
                .bearer_auth(token)
                .json(&json!({"demand": need, "invite": [zoe_need]}))
        } else {
            app.client
                .post(format!("{}/api/v1/demands/{zoe_need}/status", app.address))
                .bearer_auth(&zoe)
                .json(&json!({"status": "paused"}))
        }
    })
    .await;
    let proposals: Vec<u16> = statuses.iter().step_by(2).copied().collect();
    let pauses: Vec<u16> = statuses.iter().skip(1).step_by(2).copied().collect();
    assert!(
        proposals.iter().all(|s| [201, 409].contains(s)),
        "{statuses:?}"
    );
    answered(&pauses, 200, 1, &[409]);
    // Invited before the pause: declined by it; after: refused. Never left invited.
    let invited = "SELECT COUNT(*) FROM group_members m JOIN demands d ON d.id = m.demand_id \
                   WHERE d.user_id = (SELECT id FROM users WHERE email = 'zoe@example.org') \
                   AND m.status = 'invited'";
    assert_eq!(app.scalar(invited).await, 0);
    let made = proposals.iter().filter(|s| **s == 201).count() as i64;
    assert_eq!(events(&app, "group_declined").await, made);
}

/// A need changed by its owner so that it no longer fits its group leaves it, as pausing
/// it would: hours now clashing with a member's, no longer open to sharing (an
/// invitation declined), another kind of help (the group closes below two). A change
/// that still fits keeps it.
#[tokio::test]
async fn a_need_changed_out_of_its_group_leaves_it() {
    let app = spawn_app(Data::Empty).await;
    let mornings = json!([9, 10, 11, 12]);
    let day = |d: &str| json!({ d: mornings });
    let (anna, anna_need) = family(&app, "Anna", shared("MI-NIL-37", day("mon"), 1200, None)).await;
    let (bice, bice_need) = family(&app, "Bice", shared("MI-NIL-37", day("tue"), 1200, None)).await;
    let (carla, carla_need) =
        family(&app, "Carla", shared("MI-NIL-37", day("wed"), 1200, None)).await;
    let (dora, dora_need) = family(&app, "Dora", shared("MI-NIL-37", day("thu"), 1200, None)).await;
    let (s, g) = post(
        &app,
        &anna,
        "/api/v1/groups",
        json!({"demand": anna_need, "invite": [bice_need, carla_need, dora_need]}),
    )
    .await;
    assert_eq!(s, 201, "{g}");
    let gid = g["id"].as_str().unwrap().to_owned();
    for token in [&bice, &carla] {
        let (s, g) = post(
            &app,
            token,
            &format!("/api/v1/groups/{gid}/answer"),
            json!({"action": "join"}),
        )
        .await;
        assert_eq!(s, 200, "{g}");
    }
    let group = format!("/api/v1/groups/{gid}");
    let app = &app;
    let put = |token: &str, need: &str, body: Value| {
        let path = format!("/api/v1/demands/{need}");
        let token = token.to_owned();
        async move {
            let (s, _, v) = call(app, "PUT", &path, &token, None, Some(body)).await;
            assert_eq!(s, 200, "{v}");
        }
    };

    // A higher budget still fits: Bice stays.
    put(
        &bice,
        &bice_need,
        shared("MI-NIL-37", day("tue"), 1400, None),
    )
    .await;
    let (_, g) = get(app, &anna, &group).await;
    assert_eq!(
        statuses(&g),
        ["joined", "joined", "joined", "invited"],
        "{g}"
    );
    assert_eq!(events(app, "group_left").await, 0);

    // Carla's hours now take Anna's Monday too: she leaves; the group stays formed and
    // Anna is told.
    let told = "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
                WHERE u.email = 'anna@example.org' AND n.kind = 'group_changed'";
    let before = app.scalar(told).await;
    put(
        &carla,
        &carla_need,
        shared(
            "MI-NIL-37",
            json!({"mon": mornings, "wed": mornings}),
            1200,
            None,
        ),
    )
    .await;
    let (_, g) = get(app, &anna, &group).await;
    // Only the live members show.
    assert_eq!(statuses(&g), ["joined", "joined", "invited"], "{g}");
    assert!(!g.to_string().contains("Carla"), "{g}");
    assert_eq!(g["status"], "formed");
    assert_eq!(events(app, "group_left").await, 1);
    assert_eq!(app.scalar(told).await, before + 1);

    // Dora, invited, no longer shares: her invitation is declined.
    let mut no_sharing = shared("MI-NIL-37", day("thu"), 1200, None);
    no_sharing["sharing"] = json!(false);
    put(&dora, &dora_need, no_sharing).await;
    let (_, g) = get(app, &anna, &group).await;
    assert_eq!(statuses(&g), ["joined", "joined"], "{g}");
    assert_eq!(events(app, "group_declined").await, 1);

    // Bice now looks for a colf: she leaves, and the group, below two, closes.
    let mut colf = shared("MI-NIL-37", day("tue"), 1400, None);
    colf["role"] = json!("colf");
    put(&bice, &bice_need, colf).await;
    let (_, g) = get(app, &anna, &group).await;
    assert_eq!(g["status"], "closed", "{g}");
    assert_eq!(events(app, "group_closed").await, 1);
}
