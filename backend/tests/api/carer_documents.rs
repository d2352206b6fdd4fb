//! Carers' certificates (issue 12): a carer uploads them to their registration, the
//! registry's operators of the carer's municipality verify or reject them, verified ones
//! are badges on the listed carer's profile; the file is the carer's and the operators'
//! only; twenty uploads at once keep the limit, twenty decisions at once make one.
use super::card_workflow::call;
use super::helpers::{Data, TestApp, answered, spawn_app, twenty};
use domicilia::api::auth::Role;
use serde_json::{Value, json};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR";

/// A carer who applied (Rosa), their token and registration id.
pub(super) async fn applied(app: &TestApp, email: &str) -> (String, String) {
    let token = app.grant(email, Role::Carer, None, None).await;
    let (s, _, reg) = call(
        app,
        "PUT",
        "/api/v1/me/carer",
        &token,
        None,
        Some(json!({
            "first_name": "Rosa", "roles": ["badante"], "skills": ["first-aid"],
            "languages": [{"code": "it", "level": "native"}], "zones": ["MI-M5"],
            "week": {"mon": [9, 10, 11]}, "arrangements": ["hourly"], "hourly_cents": 1100,
            "monthly_cents": null, "experience_years": 4, "references": "", "space": null
        })),
    )
    .await;
    assert_eq!(s, 201, "{reg}");
    (token, reg["id"].as_str().unwrap().to_owned())
}

async fn upload(
    app: &TestApp,
    token: &str,
    kind: &str,
    ct: &str,
    name: &str,
    bytes: &[u8],
) -> (u16, Value) {
    let res = app
        .client
        .post(format!(
            "{}/api/v1/me/carer/documents?kind={kind}&filename={name}",
            app.address
        ))
        .bearer_auth(token)
        .header("Content-Type", ct)
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    let s = res.status().as_u16();
    (s, res.json().await.unwrap_or(Value::Null))
}

async fn download(app: &TestApp, token: &str, id: &str) -> reqwest::Response {
    app.client
        .get(format!("{}/api/v1/carer-documents/{id}", app.address))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn decide(app: &TestApp, token: &str, reg: &str, doc: &str, body: Value) -> (u16, Value) {
    let (s, _, v) = call(
        app,
        "POST",
        &format!("/api/v1/registry/carers/{reg}/documents/{doc}"),
        token,
        None,
        Some(body),
    )
    .await;
    (s, v)
}

/// Lists the registration through its steps.
pub(super) async fn list(app: &TestApp, reviewer: &str, reg: &str) {
    for action in ["interview", "train", "list"] {
        let (s, _, p) = call(
            app,
            "POST",
            &format!("/api/v1/registry/carers/{reg}/steps"),
            reviewer,
            None,
            Some(json!({"action": action})),
        )
        .await;
        assert_eq!(s, 200, "{p}");
    }
}

#[tokio::test]
async fn a_certificate_is_uploaded_verified_and_shown_as_a_badge() {
    let app = spawn_app(Data::Demo).await;
    let (rosa, reg) = applied(&app, "rosa@example.org").await;
    let reviewer = app.token_for("revisore@demo.domicilia.it").await;
    let family = app.token_for("cittadina@demo.domicilia.it").await;

    // Refused before anything is stored: an unknown kind, a wrong declared type, a
    // content not of the declared type, too large; a family has no registration.
    let (s, p) = upload(&app, &rosa, "juggling", "application/pdf", "a.pdf", PDF).await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(p["errors"][0]["field"], "kind");
    let (s, _) = upload(&app, &rosa, "oss", "text/html", "a.html", b"<html>").await;
    assert_eq!(s, 415);
    let (s, p) = upload(&app, &rosa, "oss", "application/pdf", "a.pdf", PNG).await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(p["errors"][0]["code"], "type_mismatch");
    let big = [PDF, &vec![b' '; 10 * 1024 * 1024]].concat();
    let (s, _) = upload(&app, &rosa, "oss", "application/pdf", "a.pdf", &big).await;
    assert_eq!(s, 413);
    let (s, _) = upload(&app, &family, "oss", "application/pdf", "a.pdf", PDF).await;
    assert_eq!(s, 404);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carer_documents").await, 0);
    let storage = domicilia::storage::Storage::local(&app.files_dir).unwrap();
    assert!(storage.keys("certificates/").await.unwrap().is_empty());

    // Two certificates: both wait for an operator; the names lose their paths.
    let (s, oss) = upload(
        &app,
        &rosa,
        "oss",
        "application/pdf",
        "..%2Fattestato%20OSS.pdf",
        PDF,
    )
    .await;
    assert_eq!(s, 201, "{oss}");
    assert_eq!(oss["status"], "pending");
    assert_eq!(oss["filename"], "attestato OSS.pdf");
    assert_eq!(oss["kind"], "oss");
    assert_eq!(oss["decided_at"], Value::Null);
    let (s, aid) = upload(&app, &rosa, "first-aid", "image/png", "bls.png", PNG).await;
    assert_eq!(s, 201, "{aid}");
    let oss_id = oss["id"].as_str().unwrap().to_owned();
    let aid_id = aid["id"].as_str().unwrap().to_owned();
    let (_, _, own) = call(&app, "GET", "/api/v1/me/carer", &rosa, None, None).await;
    assert_eq!(own["documents"].as_array().unwrap().len(), 2);
    assert_eq!(own["documents"][0]["id"], oss_id.as_str());

    // The file: the carer and the registry's operators of Milan; nobody else.
    let res = download(&app, &rosa, &oss_id).await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);
    assert_eq!(download(&app, &reviewer, &oss_id).await.status(), 200);
    let elsewhere = app
        .grant(
            "operatore@ats4.example.org",
            Role::MunicipalAdmin,
            Some("ats-mi-distretto-4"),
            None,
        )
        .await;
    let other_carer = app.grant("ugo@example.org", Role::Carer, None, None).await;
    for token in [&family, &elsewhere, &other_carer] {
        assert_eq!(download(&app, token, &oss_id).await.status(), 404);
        let (s, _) = decide(&app, token, &reg, &oss_id, json!({"decision": "verify"})).await;
        assert_eq!(s, 404);
    }
    let res = app
        .client
        .delete(format!(
            "{}/api/v1/me/carer/documents/{oss_id}",
            app.address
        ))
        .bearer_auth(&other_carer)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 404);

    // Rejecting needs a note the carer reads; control characters are refused.
    let (s, p) = decide(
        &app,
        &reviewer,
        &reg,
        &aid_id,
        json!({"decision": "reject"}),
    )
    .await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(p["errors"][0]["field"], "note");
    let (s, p) = decide(
        &app,
        &reviewer,
        &reg,
        &aid_id,
        json!({"decision": "reject", "note": "Scaduto\u{0007}"}),
    )
    .await;
    assert_eq!(s, 422, "{p}");
    let (s, v) = decide(
        &app,
        &reviewer,
        &reg,
        &aid_id,
        json!({"decision": "reject", "note": "Il corso è scaduto nel 2019."}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["documents"][1]["status"], "rejected");
    assert_eq!(v["documents"][1]["note"], "Il corso è scaduto nel 2019.");
    assert!(v["documents"][1]["decided_at"].is_string());
    let (s, v) = decide(
        &app,
        &reviewer,
        &reg,
        &oss_id,
        json!({"decision": "verify"}),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["documents"][0]["status"], "verified");
    // Decided once: a second decision is 409.
    let (s, _) = decide(
        &app,
        &reviewer,
        &reg,
        &oss_id,
        json!({"decision": "reject", "note": "x"}),
    )
    .await;
    assert_eq!(s, 409);
    // In the audit log, and the carer is told (in the app and by mail).
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'carer_document_decided'")
            .await,
        2
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'certificate_checked'")
            .await,
        2
    );

    // Not listed yet: no profile. Listed: the registry's badge, then the verified OSS
    // (not the rejected first-aid course).
    let profile = format!("/api/v1/carers/{reg}");
    let (s, _, _) = call(&app, "GET", &profile, &family, None, None).await;
    assert_eq!(s, 404);
    list(&app, &reviewer, &reg).await;
    let (s, _, p) = call(&app, "GET", &profile, &family, None, None).await;
    assert_eq!(s, 200, "{p}");
    assert_eq!(p["badges"], json!(["wemi_registry", "oss"]));
    assert!(p.get("documents").is_none(), "no files for families");

    // Removing the verified certificate takes its badge and its file with it.
    let res = app
        .client
        .delete(format!(
            "{}/api/v1/me/carer/documents/{oss_id}",
            app.address
        ))
        .bearer_auth(&rosa)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 204);
    let (_, _, p) = call(&app, "GET", &profile, &family, None, None).await;
    assert_eq!(p["badges"], json!(["wemi_registry"]));
    assert_eq!(download(&app, &reviewer, &oss_id).await.status(), 404);
    assert_eq!(storage.keys("certificates/").await.unwrap().len(), 1);
}

#[tokio::test]
async fn twenty_uploads_keep_the_limit_and_twenty_decisions_make_one() {
    let app = spawn_app(Data::Demo).await;
    let (rosa, reg) = applied(&app, "rosa@example.org").await;
    let statuses = twenty(|i| {
        app.client
            .post(format!(
                "{}/api/v1/me/carer/documents?kind=other&filename=corso-{i}.pdf",
                app.address
            ))
            .bearer_auth(&rosa)
            .header("Content-Type", "application/pdf")
            .body(PDF.to_vec())
    })
    .await;
    // Ten kept, the others told the limit; no file left without its row.
    answered(&statuses, 201, 10, &[409]);
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carer_documents").await, 10);
    let storage = domicilia::storage::Storage::local(&app.files_dir).unwrap();
    assert_eq!(storage.keys("certificates/").await.unwrap().len(), 10);

    let (_, _, own) = call(&app, "GET", "/api/v1/me/carer", &rosa, None, None).await;
    let doc = own["documents"][0]["id"].as_str().unwrap().to_owned();
    let reviewer = app.token_for("revisore@demo.domicilia.it").await;
    let operator = app
        .grant(
            "op2@example.org",
            Role::MunicipalReviewer,
            Some("milano"),
            None,
        )
        .await;
    let statuses = twenty(|i| {
        let (token, body) = if i % 2 == 0 {
            (&reviewer, json!({"decision": "verify"}))
        } else {
            (
                &operator,
                json!({"decision": "reject", "note": "Illeggibile"}),
            )
        };
        app.client
            .post(format!(
                "{}/api/v1/registry/carers/{reg}/documents/{doc}",
                app.address
            ))
            .bearer_auth(token)
            .json(&body)
    })
    .await;
    answered(&statuses, 200, 1, &[409]);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM carer_documents WHERE status <> 'pending'")
            .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'carer_document_decided'")
            .await,
        1
    );
}

#[tokio::test]
async fn own_certificates_are_someone_elses_job_and_an_erased_account_leaves_no_file() {
    let app = spawn_app(Data::Demo).await;
    super::auth::signed_in(&app, "rosa@example.org").await;
    let (rosa, reg) = applied(&app, "rosa@example.org").await;
    let (s, doc) = upload(&app, &rosa, "asa", "image/png", "asa.png", PNG).await;
    assert_eq!(s, 201);
    let doc = doc["id"].as_str().unwrap().to_owned();
    // Rosa is also one of Milan's reviewers: her own certificate is not hers to verify.
    let both = app
        .grant(
            "rosa@example.org",
            Role::MunicipalReviewer,
            Some("milano"),
            None,
        )
        .await;
    let (s, p) = decide(&app, &both, &reg, &doc, json!({"decision": "verify"})).await;
    assert_eq!(s, 403, "{p}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM carer_documents WHERE status = 'pending'")
            .await,
        1
    );

    // The export lists the certificate (not the file); deleting the account erases
    // the row at once and the file at the next sweep (an hour on).
    let (_, _, data) = call(&app, "GET", "/api/v1/me/export", &both, None, None).await;
    assert_eq!(data["carer"]["documents"][0]["id"], doc.as_str());
    app.erase_account(&both).await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM carer_documents").await, 0);
    let storage = domicilia::storage::Storage::local(&app.files_dir).unwrap();
    assert_eq!(storage.keys("certificates/").await.unwrap().len(), 1);
    let now = chrono::Utc::now();
    let swept = domicilia::services::carers::documents::sweep(&app.db, &storage, now)
        .await
        .unwrap();
    assert_eq!(
        swept, 0,
        "a file under an hour old may be an upload in progress"
    );
    let swept = domicilia::services::carers::documents::sweep(
        &app.db,
        &storage,
        now + chrono::Duration::hours(2),
    )
    .await
    .unwrap();
    assert_eq!(swept, 1);
    assert!(storage.keys("certificates/").await.unwrap().is_empty());
}
