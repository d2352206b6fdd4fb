//! Issue 10's load: the city approves one card a second through the API while citizens
//! search. A provider's staff member and a reviewer (the demo accounts, created on the
//! bench's throwaway database) sign in; the provider drafts a new version of each card
//! (its title gains a word no card has) and submits it, before the load; then, once a
//! second, the reviewer approves one, and the approved card is searched for every 10 ms
//! from the approval's answer until the public search finds it.
use domicilia::domain::{CardStatus, Role};
use domicilia::entities::{memberships, organisations, service_cards as cards, users};
use domicilia::seed::accounts::{DEMO_PASSWORD, load as load_accounts};
use domicilia::services::accounts::{ResolvedScope, add_membership};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use uuid::Uuid;

const STAFF: &str = "ente.staff@demo.domicilia.it";
const REVIEWER: &str = "revisore@demo.domicilia.it";

/// A card submitted for review, waiting for its approval.
pub struct Submitted {
    pub id: Uuid,
    pub etag: String,
    pub word: String,
}

/// One approval: its answer's latency and how long the public search took to find the
/// card after it.
pub struct Approved {
    pub approve_ms: f64,
    pub visible_s: f64,
}

/// Creates the demo accounts, gives the reviewer the provider's municipality, signs both
/// in and returns (the provider's token, the reviewer's token, the provider's id).
pub async fn sign_in(
    conn: &DatabaseConnection,
    client: &reqwest::Client,
    base: &str,
) -> anyhow::Result<(String, String, i32)> {
    let now = chrono::Utc::now();
    load_accounts(conn, now).await?;
    let staff = users::Entity::find()
        .filter(users::Column::Email.eq(STAFF))
        .one(conn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo provider account"))?;
    let org_id = memberships::Entity::find()
        .filter(memberships::Column::UserId.eq(staff.id))
        .filter(memberships::Column::Role.eq(Role::ProviderStaff))
        .one(conn)
        .await?
        .and_then(|m| m.organisation_id)
        .ok_or_else(|| anyhow::anyhow!("the demo provider's organisation"))?;
    let org = organisations::Entity::find_by_id(org_id)
        .one(conn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("organisation {org_id}"))?;
    let reviewer = users::Entity::find()
        .filter(users::Column::Email.eq(REVIEWER))
        .one(conn)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo reviewer account"))?;
    let scope = ResolvedScope {
        organisation_id: None,
        organisation_tenant: None,
        tenant_id: Some(org.tenant_id),
        space_id: None,
    };
    add_membership(conn, reviewer.id, Role::MunicipalReviewer, scope, now)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut tokens = Vec::new();
    for email in [STAFF, REVIEWER] {
        let r = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({ "email": email, "password": DEMO_PASSWORD }))
            .send()
            .await?;
        anyhow::ensure!(
            r.status().is_success(),
            "sign-in of {email}: {}",
            r.status()
        );
        let body: Value = r.json().await?;
        tokens.push(
            body["access_token"]
                .as_str()
                .ok_or_else(|| anyhow::anyhow!("no access token"))?
                .to_owned(),
        );
    }
    let reviewer_token = tokens.pop().unwrap_or_default();
    let staff_token = tokens.pop().unwrap_or_default();
    Ok((staff_token, reviewer_token, org_id))
}

fn etag_of(r: &reqwest::Response) -> anyhow::Result<String> {
    Ok(r.headers()
        .get("etag")
        .ok_or_else(|| anyhow::anyhow!("no ETag"))?
        .to_str()?
        .to_owned())
}

async fn expect_ok(r: reqwest::Response, what: &str) -> anyhow::Result<(String, Value)> {
    let status = r.status();
    let etag = r
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body: Value = r.json().await.unwrap_or(Value::Null);
    anyhow::ensure!(status.is_success(), "{what}: {status} {body}");
    Ok((
        etag.ok_or_else(|| anyhow::anyhow!("{what}: no ETag"))?,
        body,
    ))
}

/// The provider drafts and submits a new version of `n` of its published cards, each
/// title with one of the words.
pub async fn submit(
    conn: &DatabaseConnection,
    client: &reqwest::Client,
    base: &str,
    staff: &str,
    org_id: i32,
    words: Vec<String>,
) -> anyhow::Result<Vec<Submitted>> {
    let ids: Vec<Uuid> = cards::Entity::find()
        .select_only()
        .column(cards::Column::PublicId)
        .filter(cards::Column::OrganisationId.eq(org_id))
        .filter(cards::Column::Status.eq(CardStatus::Published))
        .order_by_asc(cards::Column::Id)
        .limit(words.len() as u64)
        .into_tuple()
        .all(conn)
        .await?;
    anyhow::ensure!(
        ids.len() == words.len(),
        "the provider has {} published cards",
        ids.len()
    );
    let mut out = Vec::new();
    for (id, word) in ids.into_iter().zip(words) {
        let url = format!("{base}/api/v1/cards/{id}");
        let r = client.get(&url).bearer_auth(staff).send().await?;
        let etag = etag_of(&r)?;
        let card: Value = r.json().await?;
        let mut content = card["published"].clone();
        let title = content["title"].as_str().unwrap_or_default().to_owned();
        content["title"] = json!(format!("{title} {word}"));
        let r = client
            .put(format!("{url}/draft"))
            .bearer_auth(staff)
            .header("if-match", etag)
            .json(&content)
            .send()
            .await?;
        let (etag, _) = expect_ok(r, "draft").await?;
        let r = client
            .post(format!("{url}/submit"))
            .bearer_auth(staff)
            .header("if-match", etag)
            .send()
            .await?;
        let (etag, _) = expect_ok(r, "submit").await?;
        out.push(Submitted { id, etag, word });
    }
    Ok(out)
}

/// Approves the cards one a second, from `start`; each approval is then searched for
/// every 10 ms until found (at most 30 s).
pub async fn approve_each_second(
    client: &reqwest::Client,
    base: &str,
    reviewer: &str,
    cards: Vec<Submitted>,
) -> anyhow::Result<Vec<Approved>> {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for (k, card) in cards.into_iter().enumerate() {
        let due = start + Duration::from_secs(k as u64 + 1);
        let (client, base, reviewer) = (client.clone(), base.to_owned(), reviewer.to_owned());
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(due.into()).await;
            let sent = Instant::now();
            let r = client
                .post(format!("{base}/api/v1/cards/{}/approve", card.id))
                .bearer_auth(&reviewer)
                .header("if-match", &card.etag)
                .send()
                .await?;
            let (_, body) = expect_ok(r, "approve").await?;
            anyhow::ensure!(body["status"] == "published", "approved: {body}");
            let approved = Instant::now();
            let approve_ms = (approved - sent).as_secs_f64() * 1000.0;
            let url = format!("{base}/api/v1/services?q={}", card.word);
            loop {
                let page: Value = client.get(&url).send().await?.json().await?;
                let found = page["items"]
                    .as_array()
                    .is_some_and(|items| items.iter().any(|c| c["id"] == card.id.to_string()));
                if found {
                    return Ok(Approved {
                        approve_ms,
                        visible_s: approved.elapsed().as_secs_f64(),
                    });
                }
                anyhow::ensure!(
                    approved.elapsed() < Duration::from_secs(30),
                    "card {} approved but not found after 30 s",
                    card.id
                );
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await??);
    }
    Ok(out)
}
