//! Offering a formed group to a listed carer (issue 12): a joined member writes to a
//! carer for the group; the carer must be free for the group's whole joint week; the
//! carer sees how many families and their joint week, never who; every member sees the
//! carer it was offered to; the family's acceptance is the group's one agreement (the
//! carer's price per hour becomes the group's rate; a provider can no longer be offered
//! it); every event of the match says `shared`. Twenty members' clients asking the same
//! carer at once open one match.
use super::demands::{carer, carer_profile};
use super::groups::{family, get, post, shared};
use super::helpers::{Data, TestApp, answered, spawn_app, twenty};
use serde_json::{Value, json};

/// A listed carer in the NIL of the group, free `week`, at 10 € an hour: token and id.
async fn listed(app: &TestApp, name: &str, week: Value) -> (String, String) {
    let mut p = carer_profile(
        name,
        json!(["MI-NIL-37"]),
        json!(["dementia-care"]),
        json!([{"code": "it", "level": "native"}]),
        1000,
        5,
    );
    p["week"] = week;
    let token = carer(
        app,
        &format!("{}@example.org", name.to_lowercase()),
        p,
        true,
    )
    .await;
    let (_, me) = get(app, &token, "/api/v1/me/carer").await;
    (token, me["id"].as_str().unwrap().to_owned())
}

async fn shared_events(app: &TestApp, kind: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM interaction_events WHERE kind = '{kind}' AND shared = TRUE"
    ))
    .await
}

fn ask(group: &str) -> Value {
    json!({"message": "Buongiorno, siamo due famiglie dello stesso quartiere.", "group": group})
}

/// Anna (Monday 9–13) forms a group with Bice (Tuesday 9–13, invited); Dora has a need
/// of her own. Tokens, Anna's and Bice's needs, the group.
async fn neighbours(app: &TestApp) -> ([String; 3], [String; 2], String) {
    let (anna, anna_need) = family(
        app,
        "Anna",
        shared("MI-NIL-37", json!({"mon": [9, 10, 11, 12]}), 1200, None),
    )
    .await;
    let (bice, bice_need) = family(
        app,
        "Bice",
        shared("MI-NIL-37", json!({"tue": [9, 10, 11, 12]}), 1100, None),
    )
    .await;
    let (dora, _) = family(
        app,
        "Dora",
        shared("MI-NIL-37", json!({"mon": [9, 10]}), 1100, None),
    )
    .await;
    let (s, g) = post(
        app,
        &anna,
        "/api/v1/groups",
        json!({"demand": anna_need, "invite": [bice_need]}),
    )
    .await;
    assert_eq!(s, 201, "{g}");
    (
        [anna, bice, dora],
        [anna_need, bice_need],
        g["id"].as_str().unwrap().to_owned(),
    )
}

/// Bice joins (the group forms); Gemma, free Monday and Tuesday mornings, is listed.
async fn formed_with_gemma(app: &TestApp, bice: &str, gid: &str) -> (String, String) {
    let (s, g) = post(
        app,
        bice,
        &format!("/api/v1/groups/{gid}/answer"),
        json!({"action": "join"}),
    )
    .await;
    assert_eq!(s, 200, "{g}");
    listed(
        app,
        "Gemma",
        json!({"mon": [9, 10, 11, 12], "tue": [9, 10, 11, 12]}),
    )
    .await
}

#[tokio::test]
async fn a_formed_group_is_offered_to_a_carer_free_for_its_whole_week() {
    let app = spawn_app(Data::Demo).await;
    let ([anna, bice, dora], [anna_need, bice_need], gid) = neighbours(&app).await;
    let (gemma, gemma_id) = listed(
        &app,
        "Gemma",
        json!({"mon": [9, 10, 11, 12], "tue": [9, 10, 11, 12], "thu": [9, 10]}),
    )
    .await;
    // Ines fits Anna's Monday, not Bice's Tuesday.
    let (_, ines_id) = listed(&app, "Ines", json!({"mon": [8, 9, 10, 11, 12]})).await;
    let to = |need: &str, carer: &str| format!("/api/v1/demands/{need}/carers/{carer}/contact");

    // Carers for the group: none while it forms; Bice, invited, may not ask; Dora is not
    // in it.
    let carers = format!("/api/v1/groups/{gid}/carers");
    let (s, l) = get(&app, &anna, &carers).await;
    assert_eq!(s, 200, "{l}");
    assert_eq!(l["total"], 0);
    let (s, _) = get(&app, &bice, &carers).await;
    assert_eq!(s, 403);
    let (s, _) = get(&app, &dora, &carers).await;
    assert_eq!(s, 404);

    // Still forming: 409, nothing stored.
    let (s, p) = post(&app, &anna, &to(&anna_need, &gemma_id), ask(&gid)).await;
    assert_eq!(s, 409, "{p}");
    let (s, g) = post(
        &app,
        &bice,
        &format!("/api/v1/groups/{gid}/answer"),
        json!({"action": "join"}),
    )
    .await;
    assert_eq!(s, 200, "{g}");
    assert_eq!(g["status"], "formed");

    // Formed: Gemma is free for the whole joint week, Ines is not (she is for Anna's
    // own need).
    let (_, l) = get(&app, &anna, &carers).await;
    let names: Vec<&str> = l["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Gemma"], "{l}");
    assert_eq!(l["items"][0]["contact"], Value::Null);
    let (_, own) = get(&app, &anna, &format!("/api/v1/demands/{anna_need}/matches")).await;
    assert!(own.to_string().contains("Ines"), "{own}");
    // Ines is free on Monday only: not for the group (she would be for Anna alone).
    let (s, p) = post(&app, &anna, &to(&anna_need, &ines_id), ask(&gid)).await;
    assert_eq!(s, 409, "{p}");
    // Dora is not in the group; a made-up group is not found either.
    let (_, dora_needs) = get(&app, &dora, "/api/v1/demands").await;
    let dora_need = dora_needs["items"][0]["id"].as_str().unwrap().to_owned();
    let (s, _) = post(&app, &dora, &to(&dora_need, &gemma_id), ask(&gid)).await;
    assert_eq!(s, 404);
    let (s, _) = post(
        &app,
        &anna,
        &to(&anna_need, &gemma_id),
        ask(&uuid::Uuid::now_v7().to_string()),
    )
    .await;
    assert_eq!(s, 404);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM matches").await, 0);

    // Anna first writes to Gemma for her own need; the group's match is another.
    let (s, mine) = post(
        &app,
        &anna,
        &to(&anna_need, &gemma_id),
        json!({"message": "Buongiorno, per mia madre il lunedì."}),
    )
    .await;
    assert_eq!(s, 201, "{mine}");
    assert_eq!(mine["group"], Value::Null);
    assert_eq!(shared_events(&app, "match_contacted").await, 0);
    // Anna asks Gemma for the group: the match is the group's, two families, 8 hours.
    let told = "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
                WHERE u.email = 'bice@example.org' AND n.kind = 'group_changed'";
    let before = app.scalar(told).await;
    let (s, m) = post(&app, &anna, &to(&anna_need, &gemma_id), ask(&gid)).await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(m["group"]["id"], gid.as_str());
    assert_eq!(m["group"]["families"], 2);
    assert_eq!(m["group"]["hours_per_week"], 8);
    assert_eq!(shared_events(&app, "match_contacted").await, 1);
    assert_eq!(app.scalar(told).await, before + 1, "Bice is told");
    assert_ne!(m["id"], mine["id"]);
    let one = format!("/api/v1/matches/{}", m["id"].as_str().unwrap());
    let (_, l) = get(&app, &anna, &carers).await;
    assert_eq!(l["items"][0]["contact"]["id"], m["id"]);
    // Her need's ranking still leads to her own conversation with Gemma.
    let (_, own) = get(&app, &anna, &format!("/api/v1/demands/{anna_need}/matches")).await;
    let gemma_item = own["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Gemma")
        .unwrap()
        .clone();
    assert_eq!(gemma_item["contact"]["id"], mine["id"]);
    // Asking again for the group: 409.
    let (s, _) = post(&app, &anna, &to(&anna_need, &gemma_id), ask(&gid)).await;
    assert_eq!(s, 409);
    // Bice asking Gemma too for the group: it was offered to her already.
    let (s, p) = post(&app, &bice, &to(&bice_need, &gemma_id), ask(&gid)).await;
    assert_eq!(s, 409, "{p}");

    // Gemma sees the families' count and joint week, not the group nor anyone.
    let (s, hers) = get(&app, &gemma, &one).await;
    assert_eq!(s, 200, "{hers}");
    assert_eq!(hers["group"]["id"], Value::Null);
    assert_eq!(hers["group"]["families"], 2);
    assert_eq!(hers["group"]["week"]["mon"], json!([9, 10, 11, 12]));
    assert_eq!(hers["group"]["week"]["tue"], json!([9, 10, 11, 12]));
    assert!(!hers.to_string().contains("Bice"));
    let (_, list) = get(&app, &gemma, "/api/v1/matches").await;
    let shared_flags: Vec<bool> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["shared"].as_bool().unwrap())
        .collect();
    assert_eq!(shared_flags.iter().filter(|s| **s).count(), 1, "{list}");

    // Every member sees the carer it was offered to; the conversation is the sender's.
    let offers = format!("/api/v1/groups/{gid}/offers");
    let (s, o) = get(&app, &bice, &offers).await;
    assert_eq!(s, 200, "{o}");
    assert_eq!(o["carers"][0]["carer"], "Gemma");
    assert_eq!(o["carers"][0]["carer_id"], gemma_id.as_str());
    assert_eq!(o["carers"][0]["status"], "contacted");
    assert_eq!(o["carers"][0]["hourly_cents"], 1000);
    assert_eq!(o["carers"][0]["sent_by"], "Anna");
    assert_eq!(o["carers"][0]["match"], Value::Null);
    let (s, _) = get(&app, &bice, &one).await;
    assert_eq!(s, 404, "the messages stay with the sender");
    let (_, o) = get(&app, &anna, &offers).await;
    assert_eq!(o["carers"][0]["match"], m["id"]);
    let (s, _) = get(&app, &dora, &offers).await;
    assert_eq!(s, 404);

    // Gemma answers; Anna accepts: the group's rate is Gemma's, its events shared.
    let (s, _) = post(
        &app,
        &gemma,
        &format!("{one}/messages"),
        json!({"body": "Buongiorno, sono libera lunedì e martedì mattina."}),
    )
    .await;
    assert_eq!(s, 201);
    assert_eq!(shared_events(&app, "match_message").await, 1);
    let (s, a) = post(
        &app,
        &anna,
        &format!("{one}/status"),
        json!({"action": "accept"}),
    )
    .await;
    assert_eq!(s, 200, "{a}");
    assert_eq!(a["status"], "accepted");
    assert_eq!(shared_events(&app, "match_accepted").await, 1);
    let (_, g) = get(&app, &bice, &format!("/api/v1/groups/{gid}")).await;
    assert_eq!(g["rate_cents"], 1000);
    // Nothing of the families in the city's events.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM interaction_events WHERE shared = TRUE AND organisation_id IS NOT NULL")
            .await,
        0
    );

    // The group has its carer: a provider can no longer be offered it.
    let v: Value = app
        .get_json("/api/v1/services?category=badante&per_page=1", 200)
        .await;
    let card = v["items"][0]["id"].as_str().unwrap().to_owned();
    let (s, p) = post(
        &app,
        &anna,
        "/api/v1/requests",
        json!({
            "cards": [card],
            "message": "Buongiorno, cerchiamo una badante da condividere.",
            "need": {"age_band": "elderly", "frequency": "several_times_a_week"},
            "consent": true,
            "group": gid,
        }),
    )
    .await;
    assert_eq!(s, 409, "{p}");
}

#[tokio::test]
async fn twenty_members_clients_asking_one_carer_for_the_group_open_one_match() {
    let app = spawn_app(Data::Demo).await;
    let ([anna, bice, _], [anna_need, bice_need], gid) = neighbours(&app).await;
    let (_, gemma_id) = formed_with_gemma(&app, &bice, &gid).await;
    let statuses = twenty(|i| {
        let (token, need) = if i % 2 == 0 {
            (&anna, &anna_need)
        } else {
            (&bice, &bice_need)
        };
        app.client
            .post(format!(
                "{}/api/v1/demands/{need}/carers/{gemma_id}/contact",
                app.address
            ))
            .bearer_auth(token)
            .json(&ask(&gid))
    })
    .await;
    answered(&statuses, 201, 1, &[409]);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM matches WHERE group_id IS NOT NULL")
            .await,
        1
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM match_messages").await, 1);
    assert_eq!(shared_events(&app, "match_contacted").await, 1);
}

#[tokio::test]
async fn a_family_that_left_the_group_accepts_nothing_for_it() {
    let app = spawn_app(Data::Demo).await;
    let ([anna, bice, _], [anna_need, _], gid) = neighbours(&app).await;
    let (gemma, gemma_id) = formed_with_gemma(&app, &bice, &gid).await;
    let one = asked_and_answered(&app, &anna, &gemma, &anna_need, &gemma_id, &gid).await;
    // Anna leaves; her acceptance would make the group's agreement for the others: 409.
    let (s, _) = post(
        &app,
        &anna,
        &format!("/api/v1/groups/{gid}/answer"),
        json!({"action": "leave"}),
    )
    .await;
    assert_eq!(s, 200);
    let (s, p) = post(
        &app,
        &anna,
        &format!("{one}/status"),
        json!({"action": "accept"}),
    )
    .await;
    assert_eq!(s, 409, "{p}");
    let (_, g) = get(&app, &bice, &format!("/api/v1/groups/{gid}")).await;
    assert_ne!(g["rate_cents"], 1000);
    assert_eq!(shared_events(&app, "match_accepted").await, 0);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM matches WHERE status = 'accepted'")
            .await,
        0
    );
    // The group closed with Anna's leaving, and its conversation with Gemma with it:
    // declined, its event shared, Gemma told; nobody writes there any more.
    assert_eq!(g["status"], "closed");
    let (_, hers) = get(&app, &gemma, &one).await;
    assert_eq!(hers["status"], "declined", "{hers}");
    assert_eq!(hers["open"], false);
    assert_eq!(shared_events(&app, "match_declined").await, 1);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email = 'gemma@example.org' AND n.kind = 'match_closed'"
        )
        .await,
        1
    );
    for token in [&gemma, &anna] {
        let (s, _) = post(
            &app,
            token,
            &format!("{one}/messages"),
            json!({"body": "Ci siete ancora?"}),
        )
        .await;
        assert_eq!(s, 409);
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM match_messages").await, 2);
}

/// Anna, Bice and Carla (Monday, Tuesday, Wednesday mornings) in one formed group; Gemma
/// is free for the three mornings. Tokens (Anna, Bice, Carla, Gemma), Anna's and Bice's
/// needs, the group and Gemma's id.
async fn three_with_gemma(app: &TestApp) -> ([String; 4], [String; 2], String, String) {
    let mornings = [9, 10, 11, 12];
    let mut made = Vec::new();
    for (name, day) in [("Anna", "mon"), ("Bice", "tue"), ("Carla", "wed")] {
        made.push(
            family(
                app,
                name,
                shared("MI-NIL-37", json!({ day: mornings }), 1200, None),
            )
            .await,
        );
    }
    let (s, g) = post(
        app,
        &made[0].0,
        "/api/v1/groups",
        json!({"demand": made[0].1, "invite": [made[1].1, made[2].1]}),
    )
    .await;
    assert_eq!(s, 201, "{g}");
    let gid = g["id"].as_str().unwrap().to_owned();
    for (token, _) in &made[1..] {
        let (s, g) = post(
            app,
            token,
            &format!("/api/v1/groups/{gid}/answer"),
            json!({"action": "join"}),
        )
        .await;
        assert_eq!(s, 200, "{g}");
    }
    let (gemma, gemma_id) = listed(
        app,
        "Gemma",
        json!({"mon": mornings, "tue": mornings, "wed": mornings}),
    )
    .await;
    let [(anna, anna_need), (bice, bice_need), (carla, _)]: [(String, String); 3] =
        made.try_into().unwrap();
    (
        [anna, bice, carla, gemma],
        [anna_need, bice_need],
        gid,
        gemma_id,
    )
}

/// Anna asks Gemma for the group and Gemma answers: the match's path.
async fn asked_and_answered(
    app: &TestApp,
    anna: &str,
    gemma: &str,
    anna_need: &str,
    gemma_id: &str,
    gid: &str,
) -> String {
    let (s, m) = post(
        app,
        anna,
        &format!("/api/v1/demands/{anna_need}/carers/{gemma_id}/contact"),
        ask(gid),
    )
    .await;
    assert_eq!(s, 201, "{m}");
    let one = format!("/api/v1/matches/{}", m["id"].as_str().unwrap());
    let (s, _) = post(
        app,
        gemma,
        &format!("{one}/messages"),
        json!({"body": "Volentieri, sono libera."}),
    )
    .await;
    assert_eq!(s, 201);
    one
}

#[tokio::test]
async fn the_agreement_ends_with_the_need_that_made_it_and_the_group_may_agree_again() {
    let app = spawn_app(Data::Demo).await;
    let ([anna, bice, _carla, gemma], [anna_need, bice_need], gid, gemma_id) =
        three_with_gemma(&app).await;
    let one = asked_and_answered(&app, &anna, &gemma, &anna_need, &gemma_id, &gid).await;
    let (s, a) = post(
        &app,
        &anna,
        &format!("{one}/status"),
        json!({"action": "accept"}),
    )
    .await;
    assert_eq!(s, 200, "{a}");
    // While the agreement stands, nobody offers the group to Gemma again.
    let again = format!("/api/v1/demands/{bice_need}/carers/{gemma_id}/contact");
    let (s, _) = post(&app, &bice, &again, ask(&gid)).await;
    assert_eq!(s, 409);

    // Anna leaves: the group stays formed (Bice and Carla), the agreement made through
    // Anna's need ends, with its shared event; Gemma is told.
    let (s, g) = post(
        &app,
        &anna,
        &format!("/api/v1/groups/{gid}/answer"),
        json!({"action": "leave"}),
    )
    .await;
    assert_eq!(s, 200, "{g}");
    assert_eq!(g["status"], "formed");
    let (_, hers) = get(&app, &gemma, &one).await;
    assert_eq!(hers["status"], "ended", "{hers}");
    assert_eq!(hers["group"]["families"], 2);
    assert_eq!(shared_events(&app, "match_ended").await, 1);
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email = 'gemma@example.org' AND n.kind = 'match_closed'"
        )
        .await,
        1
    );
    let (_, o) = get(&app, &bice, &format!("/api/v1/groups/{gid}/offers")).await;
    assert_eq!(o["carers"][0]["status"], "ended", "{o}");
    // Bice offers the group to Gemma again: a new conversation.
    let (s, m) = post(&app, &bice, &again, ask(&gid)).await;
    assert_eq!(s, 201, "{m}");
    assert_eq!(m["group"]["families"], 2);
    assert_ne!(
        format!("/api/v1/matches/{}", m["id"].as_str().unwrap()),
        one
    );
}

/// Twenty clients at once: Anna leaves the group while she accepts Gemma for it and
/// Gemma writes. Whatever the order, no agreement survives Anna's leaving, and no
/// message is stored after the conversation ended.
#[tokio::test]
async fn leaving_while_accepting_and_writing_leaves_no_agreement_behind() {
    let app = spawn_app(Data::Demo).await;
    let ([anna, _bice, _carla, gemma], [anna_need, _], gid, gemma_id) =
        three_with_gemma(&app).await;
    let one = asked_and_answered(&app, &anna, &gemma, &anna_need, &gemma_id, &gid).await;
    let statuses = twenty(|i| {
        let c = &app.client;
        match i {
            7 => c
                .post(format!("{}/api/v1/groups/{gid}/answer", app.address))
                .bearer_auth(&anna)
                .json(&json!({"action": "leave"})),
            i if i % 2 == 0 => c
                .post(format!("{}{one}/status", app.address))
                .bearer_auth(&anna)
                .json(&json!({"action": "accept"})),
            _ => c
                .post(format!("{}{one}/messages", app.address))
                .bearer_auth(&gemma)
                .json(&json!({"body": "Ci sono."})),
        }
    })
    .await;
    assert_eq!(statuses[7], 200, "{statuses:?}");
    let accepted = (0..20)
        .filter(|i| i % 2 == 0 && statuses[*i] == 200)
        .count();
    assert!(accepted <= 1, "{statuses:?}");
    assert!(
        statuses
            .iter()
            .enumerate()
            .all(|(i, s)| i == 7 || [200, 201, 409].contains(s)),
        "{statuses:?}"
    );
    let (_, hers) = get(&app, &gemma, &one).await;
    let status = hers["status"].as_str().unwrap();
    if accepted == 1 {
        assert_eq!(status, "ended", "{hers}");
        assert_eq!(shared_events(&app, "match_ended").await, 1);
    } else {
        assert_eq!(status, "declined", "{hers}");
        assert_eq!(shared_events(&app, "match_declined").await, 1);
    }
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM matches WHERE status IN ('accepted', 'active')")
            .await,
        0
    );
    // Every stored message has its event, and every 201 its message.
    let written = statuses.iter().filter(|s| **s == 201).count() as i64;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM match_messages").await,
        2 + written
    );
    assert_eq!(shared_events(&app, "match_message").await, 1 + written);
}

/// Anna asks Gemma for the group and Gemma answers; Bice then moves her hours from
/// Tuesday to Thursday, which still fits the group (she stays) but not Gemma's week:
/// Anna's acceptance is refused (the agreement would be for hours Gemma never offered),
/// and accepted again once the group's week is one Gemma is free for.
#[tokio::test]
async fn a_carer_is_accepted_for_the_group_s_week_as_it_is_now() {
    let app = spawn_app(Data::Demo).await;
    let ([anna, bice, _], [anna_need, bice_need], gid) = neighbours(&app).await;
    let (gemma, gemma_id) = formed_with_gemma(&app, &bice, &gid).await;
    let one = asked_and_answered(&app, &anna, &gemma, &anna_need, &gemma_id, &gid).await;
    let move_to = |day: &str| {
        let body = super::groups::shared("MI-NIL-37", json!({ day: [9, 10, 11, 12] }), 1100, None);
        let path = format!("/api/v1/demands/{bice_need}");
        let bice = bice.clone();
        let app = &app;
        async move {
            let (s, _, v) =
                super::card_workflow::call(app, "PUT", &path, &bice, None, Some(body)).await;
            assert_eq!(s, 200, "{v}");
        }
    };
    move_to("thu").await;
    let group = format!("/api/v1/groups/{gid}");
    let (_, g) = get(&app, &anna, &group).await;
    assert_eq!(
        g["status"], "formed",
        "Bice's Thursday still fits Anna's Monday: {g}"
    );
    let status = format!("{one}/status");
    let accept = || post(&app, &anna, &status, json!({"action": "accept"}));
    let (s, p) = accept().await;
    assert_eq!(s, 409, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("hours"), "{p}");
    let (_, hers) = get(&app, &gemma, &one).await;
    assert_eq!(hers["status"], "contacted");
    assert_eq!(shared_events(&app, "match_accepted").await, 0);
    let (_, g) = get(&app, &anna, &group).await;
    assert_eq!(g["rate_cents"], Value::Null, "{g}");

    // Bice is back on Tuesday: Gemma is free for the whole week again.
    move_to("tue").await;
    let (s, a) = accept().await;
    assert_eq!((s, a["status"].as_str()), (200, Some("accepted")), "{a}");
    assert_eq!(shared_events(&app, "match_accepted").await, 1);
}

/// A member who asked a carer for the group erases her account: the conversation goes
/// with her need (declined, as an event for the city) and the carer gets no notice that
/// would point at nothing; the other member is told the group changed.
#[tokio::test]
async fn an_erased_member_s_group_conversation_goes_without_a_notice() {
    let app = spawn_app(Data::Demo).await;
    // Anna has a password (she erases her account below).
    super::auth::signed_in(&app, "anna@example.org").await;
    let ([anna, bice, _], [anna_need, _], gid) = neighbours(&app).await;
    let (gemma, gemma_id) = formed_with_gemma(&app, &bice, &gid).await;
    let (s, m) = post(
        &app,
        &anna,
        &format!("/api/v1/demands/{anna_need}/carers/{gemma_id}/contact"),
        ask(&gid),
    )
    .await;
    assert_eq!(s, 201, "{m}");
    let one = format!("/api/v1/matches/{}", m["id"].as_str().unwrap());
    let notices = |kind: &str, email: &str| {
        format!(
            "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email = '{email}' AND n.kind = '{kind}'"
        )
    };
    let bice_told = app
        .scalar(&notices("group_changed", "bice@example.org"))
        .await;
    app.erase_account(&anna).await;
    assert_eq!(
        app.scalar(&notices("match_closed", "gemma@example.org"))
            .await,
        0
    );
    assert_eq!(shared_events(&app, "match_declined").await, 1);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM matches").await, 0);
    let (s, _) = get(&app, &gemma, &one).await;
    assert_eq!(s, 404);
    assert_eq!(
        app.scalar(&notices("group_changed", "bice@example.org"))
            .await,
        bice_told + 1
    );
    let (_, g) = get(&app, &bice, &format!("/api/v1/groups/{gid}")).await;
    assert_eq!(g["status"], "closed", "{g}");
}
