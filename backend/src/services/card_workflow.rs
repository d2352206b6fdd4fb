//! Providers write their cards; the city reviews them (see `domain::workflow`).
//!
//! Every change is one transaction that starts by bumping the card's revision where it
//! still is the one the caller read (`If-Match`): a concurrent change makes it fail with
//! 412 and stores nothing. Approval writes the version into the live card's tables, the
//! catalogue's change feed and the catalogue version in the same transaction, so search
//! and the card page see it together. Authorization comes first: someone who may not see
//! the card gets 404, whatever the card's state.
use super::card_content::{self, Scope};
use super::card_write::{self, NewCard};
use super::{audit, notifications};
use crate::api::CodeLabel;
use crate::api::cards_admin::{
    CardContent, ManagedCard, ManagedCardList, ManagedCardSummary, NewCardRequest, QueueQuery,
    ReviewComments, ReviewItem, ReviewQueue, SubmissionKind, Version, VersionDiff, VersionSummary,
};
use crate::api::notifications::NotificationKind;
use crate::api::services::OrganisationRef;
use crate::auth::{Viewer, policy};
use crate::db::Db;
use crate::domain::workflow::{Action, VersionStatus, Workflow};
use crate::domain::{AuditAction, CardStatus, Role};
use crate::entities::{
    card_contact_hours, card_delivery_places, card_prices, card_recipients, card_staff,
    card_versions, card_vouchers, card_zones, memberships, organisation_accreditations,
    organisations, service_cards, users,
};
use crate::error::{ApiError, FieldError};
use crate::reference::{Label, Reference};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use std::collections::HashMap;
use uuid::Uuid;

const PENDING: [VersionStatus; 4] = [
    VersionStatus::Draft,
    VersionStatus::InReview,
    VersionStatus::ChangesRequested,
    VersionStatus::Withdrawn,
];

/// A card "needs attention" when it was last verified this long ago (days): a month
/// before citizens see that it is not verified (12 months), its provider is reminded.
pub const ATTENTION_DAYS: i64 = 335;

/// The most cards one round of reminders handles (the next round takes the rest).
const REMINDERS_PER_ROUND: u64 = 500;

/// Reminds the organisations' admins of the published cards last verified
/// `ATTENTION_DAYS` ago or more, once per verification (in the app and by mail). Returns
/// how many cards were reminded.
pub async fn remind_unverified(
    db: &Db,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<usize, ApiError> {
    let due = now - chrono::Duration::days(ATTENTION_DAYS);
    let cards = service_cards::Entity::find()
        .filter(service_cards::Column::Status.eq(CardStatus::Published))
        .filter(service_cards::Column::LastVerifiedAt.lte(due))
        .filter(
            sea_orm::Condition::any()
                .add(service_cards::Column::VerifyRemindedAt.is_null())
                .add(
                    Expr::col(service_cards::Column::VerifyRemindedAt)
                        .lt(Expr::col(service_cards::Column::LastVerifiedAt)),
                ),
        )
        .order_by_asc(service_cards::Column::LastVerifiedAt)
        .order_by_asc(service_cards::Column::Id)
        .limit(REMINDERS_PER_ROUND)
        .all(&**db)
        .await?;
    let mut reminded = 0;
    for card in cards {
        let txn = db.write().await?;
        // Only if nobody verified or reminded it meanwhile (another instance's round).
        let claimed = service_cards::Entity::update_many()
            .col_expr(service_cards::Column::VerifyRemindedAt, Expr::value(now))
            .filter(service_cards::Column::Id.eq(card.id))
            .filter(service_cards::Column::LastVerifiedAt.eq(card.last_verified_at))
            .filter(match card.verify_reminded_at {
                None => service_cards::Column::VerifyRemindedAt.is_null(),
                Some(at) => service_cards::Column::VerifyRemindedAt.eq(at),
            })
            .exec(&txn)
            .await?;
        if claimed.rows_affected == 0 {
            continue;
        }
        let people = provider_people(&txn, card.organisation_id, None).await?;
        notifications::card_event(
            &txn,
            &people,
            NotificationKind::CardVerifyDue,
            card.public_id,
            &card.title,
            public_url,
            now,
        )
        .await?;
        txn.commit().await?;
        reminded += 1;
    }
    Ok(reminded)
}

/// The `ETag` of a card at `revision`.
pub fn etag(revision: i32) -> String {
    format!("\"r{revision}\"")
}

/// The revision an `If-Match` header names: missing → 428, unreadable or `*` → 412.
pub fn if_match(header: Option<&str>) -> Result<i32, ApiError> {
    let v = header.ok_or(ApiError::PreconditionRequired)?.trim();
    v.trim_start_matches("W/")
        .strip_prefix("\"r")
        .and_then(|r| r.strip_suffix('"'))
        .and_then(|r| r.parse().ok())
        .ok_or(ApiError::PreconditionFailed)
}

/// A card with what every operation needs.
struct Loaded {
    card: service_cards::Model,
    org: organisations::Model,
    pending: Option<card_versions::Model>,
}

impl Loaded {
    fn workflow(&self) -> Workflow {
        Workflow {
            card: self.card.status,
            pending: self.pending.as_ref().map(|v| v.status),
            live: self.card.published_at.is_some(),
        }
    }

    fn pending_content(&self) -> Result<Option<CardContent>, ApiError> {
        self.pending
            .as_ref()
            .map(|v| parse_content(&v.content))
            .transpose()
    }
}

fn parse_content(json: &str) -> Result<CardContent, ApiError> {
    serde_json::from_str(json).map_err(|e| ApiError::Internal(format!("stored card content: {e}")))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, ApiError> {
    serde_json::to_string(v).map_err(|e| ApiError::Internal(e.to_string()))
}

async fn load(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Loaded>, DbErr> {
    let Some(card) = service_cards::Entity::find()
        .filter(service_cards::Column::PublicId.eq(id))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let Some(org) = organisations::Entity::find_by_id(card.organisation_id)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let pending = card_versions::Entity::find()
        .filter(card_versions::Column::CardId.eq(card.id))
        .filter(card_versions::Column::Status.is_in(PENDING))
        .order_by_desc(card_versions::Column::Number)
        .one(db)
        .await?;
    Ok(Some(Loaded { card, org, pending }))
}

/// What a person may do with a card.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Provider,
    Reviewer,
}

/// The card, if the viewer may act on it from one of `sides` (otherwise: not found).
async fn load_for(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
    sides: &[Side],
) -> Result<Loaded, ApiError> {
    let l = load(db, id).await?.ok_or(ApiError::NotFound("card"))?;
    let allowed = sides.iter().any(|side| match side {
        Side::Provider => policy::can_write_cards_of(viewer, l.org.id),
        Side::Reviewer => policy::can_review_in_tenant(viewer, l.org.tenant_id),
    });
    if allowed {
        Ok(l)
    } else {
        Err(ApiError::NotFound("card"))
    }
}

async fn scope_parts(
    db: &impl ConnectionTrait,
    r: &Reference,
    org: &organisations::Model,
) -> Result<(String, Vec<String>), DbErr> {
    let tenant = r
        .tenants
        .iter()
        .find(|(id, _, _)| *id == org.tenant_id)
        .map(|(_, code, _)| code.clone())
        .unwrap_or_default();
    let types = organisation_accreditations::Entity::find()
        .filter(organisation_accreditations::Column::OrganisationId.eq(org.id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.accreditation_type_code)
        .collect();
    Ok((tenant, types))
}

async fn problems(
    db: &impl ConnectionTrait,
    r: &Reference,
    org: &organisations::Model,
    c: &CardContent,
) -> Result<Vec<FieldError>, DbErr> {
    let (tenant, types) = scope_parts(db, r, org).await?;
    Ok(card_content::check(
        r,
        &Scope {
            tenant_code: &tenant,
            accreditation_types: &types,
        },
        c,
    ))
}

fn forbidden(f: crate::domain::workflow::Forbidden) -> ApiError {
    ApiError::Conflict(f.0)
}

/// Bumps the card's revision from `expected` (412 when it moved), setting `status` and
/// whatever `more` adds. The first statement of every change: it also takes the row's
/// lock on PostgreSQL.
async fn bump(
    txn: &impl ConnectionTrait,
    card: &service_cards::Model,
    expected: i32,
    status: CardStatus,
    now: DateTime<Utc>,
    more: impl FnOnce(
        sea_orm::UpdateMany<service_cards::Entity>,
    ) -> sea_orm::UpdateMany<service_cards::Entity>,
) -> Result<(), ApiError> {
    let q = service_cards::Entity::update_many()
        .col_expr(
            service_cards::Column::Revision,
            Expr::col(service_cards::Column::Revision).add(1),
        )
        .col_expr(service_cards::Column::Status, Expr::value(status))
        .col_expr(service_cards::Column::UpdatedAt, Expr::value(now))
        .filter(service_cards::Column::Id.eq(card.id))
        .filter(service_cards::Column::Revision.eq(expected));
    let done = more(q).exec(txn).await?;
    if done.rows_affected == 0 {
        return Err(ApiError::PreconditionFailed);
    }
    Ok(())
}

fn check_revision(l: &Loaded, expected: i32) -> Result<(), ApiError> {
    if l.card.revision != expected {
        return Err(ApiError::PreconditionFailed);
    }
    Ok(())
}

/// Creates a card with its first draft.
pub async fn create(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    req: NewCardRequest,
    now: DateTime<Utc>,
) -> Result<ManagedCard, ApiError> {
    let org = organisations::Entity::find()
        .filter(organisations::Column::PublicId.eq(req.organisation))
        .one(&**db)
        .await?
        .ok_or(ApiError::NotFound("organisation"))?;
    if !policy::can_write_cards_of(viewer, org.id) {
        return Err(ApiError::Forbidden(
            "Only the organisation's staff can create its cards.",
        ));
    }
    let mut errors = card_content::check_draft(&req.content);
    // The card's kind comes first (the editor starts from it): a category of the
    // catalogue and an accreditation type the organisation holds for it.
    let (_, held) = scope_parts(&**db, r, &org).await?;
    let mut content = req.content;
    match r.category(&content.category) {
        None => errors.push(FieldError::new(
            "content.category",
            "unknown_value",
            "Choose the card's category first.",
        )),
        Some(cat) => {
            if content.accreditation_type.is_empty()
                && let Some(t) = cat.accreditation_types.iter().find(|t| held.contains(t))
            {
                content.accreditation_type = t.clone();
            }
            if !cat
                .accreditation_types
                .contains(&content.accreditation_type)
                || !held.contains(&content.accreditation_type)
            {
                errors.push(FieldError::new(
                    "content.accreditation_type",
                    "not_held",
                    "Your organisation holds no accreditation type for this category.",
                ));
            }
        }
    }
    if !errors.is_empty() {
        for e in &mut errors {
            if !e.field.starts_with("content.") {
                e.field = format!("content.{}", e.field);
            }
        }
        return Err(ApiError::Validation(errors));
    }
    let c = &content;
    let public_id = Uuid::now_v7();
    let txn = db.write().await?;
    let card = service_cards::ActiveModel {
        public_id: Set(public_id),
        organisation_id: Set(org.id),
        category_code: Set(c.category.clone()),
        macro_area_code: Set(r
            .category(&c.category)
            .map(|k| k.macro_area.clone())
            .unwrap_or_default()),
        accreditation_type_code: Set(c.accreditation_type.clone()),
        title: Set(c.title.trim().to_owned()),
        service_manager: Set(String::new()),
        needs_analysis: Set(String::new()),
        solution: Set(String::new()),
        activities: Set(String::new()),
        contact_phone: Set(None),
        contact_email: Set(None),
        waiting_days_assessment: Set(0),
        waiting_days_activation: Set(0),
        waiting_days_total: Set(0),
        quote_available: Set(false),
        status: Set(CardStatus::Draft),
        min_price_cents: Set(None),
        search_title: Set(String::new()),
        search_body: Set(String::new()),
        published_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        languages: Set(String::new()),
        access_step_free: Set("unknown".into()),
        access_toilet: Set("unknown".into()),
        access_lift: Set("unknown".into()),
        last_verified_at: Set(None),
        status_reason: Set(None),
        revision: Set(1),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    new_version(&txn, card.id, 1, c, viewer.user.id, now).await?;
    audit::record_about(
        &txn,
        AuditAction::CardCreated,
        viewer.user.id,
        ("card", public_id),
        None,
        now,
    )
    .await?;
    txn.commit().await?;
    get(db, r, viewer, public_id).await
}

async fn new_version(
    txn: &impl ConnectionTrait,
    card_id: i32,
    number: i32,
    c: &CardContent,
    by: i32,
    now: DateTime<Utc>,
) -> Result<(), ApiError> {
    card_versions::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        card_id: Set(card_id),
        number: Set(number),
        status: Set(VersionStatus::Draft),
        content: Set(to_json(c)?),
        created_by: Set(Some(by)),
        created_at: Set(now),
        updated_by: Set(Some(by)),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

async fn next_number(txn: &impl ConnectionTrait, card_id: i32) -> Result<i32, DbErr> {
    Ok(card_versions::Entity::find()
        .filter(card_versions::Column::CardId.eq(card_id))
        .order_by_desc(card_versions::Column::Number)
        .one(txn)
        .await?
        .map_or(1, |v| v.number + 1))
}

/// The card as its provider or reviewer works on it.
pub async fn get(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
) -> Result<ManagedCard, ApiError> {
    let l = load_for(&**db, viewer, id, &[Side::Provider, Side::Reviewer]).await?;
    view(&**db, r, &l).await
}

async fn names(db: &impl ConnectionTrait, ids: Vec<i32>) -> Result<HashMap<i32, String>, DbErr> {
    Ok(users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect())
}

fn summary(v: &card_versions::Model, names: &HashMap<i32, String>) -> VersionSummary {
    VersionSummary {
        number: v.number,
        status: v.status,
        updated_by: v.updated_by.and_then(|u| names.get(&u).cloned()),
        updated_at: v.updated_at,
        submitted_at: v.submitted_at,
        decided_at: v.decided_at,
    }
}

fn parse_review(v: &card_versions::Model) -> Option<ReviewComments> {
    v.review
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
}

async fn view(
    db: &impl ConnectionTrait,
    r: &Reference,
    l: &Loaded,
) -> Result<ManagedCard, ApiError> {
    let versions = card_versions::Entity::find()
        .filter(card_versions::Column::CardId.eq(l.card.id))
        .order_by_desc(card_versions::Column::Number)
        .all(db)
        .await?;
    let names = names(db, versions.iter().filter_map(|v| v.updated_by).collect()).await?;
    let pending = match &l.pending {
        Some(v) => {
            let s = summary(v, &names);
            Some(Version {
                number: s.number,
                status: s.status,
                updated_by: s.updated_by,
                updated_at: s.updated_at,
                submitted_at: s.submitted_at,
                decided_at: s.decided_at,
                content: parse_content(&v.content)?,
                review: parse_review(v),
            })
        }
        None => None,
    };
    let problems = match &pending {
        Some(p) if p.status.is_editable() => problems(db, r, &l.org, &p.content).await?,
        _ => Vec::new(),
    };
    let published = match l.card.published_at {
        Some(_) => Some(card_content::load_live(db, r, &l.card).await?),
        None => None,
    };
    Ok(ManagedCard {
        id: l.card.public_id,
        organisation: OrganisationRef {
            id: l.org.public_id,
            legal_name: l.org.legal_name.clone(),
        },
        status: l.card.status,
        pending,
        published,
        status_reason: l.card.status_reason.clone(),
        last_verified_at: l.card.last_verified_at,
        published_at: l.card.published_at,
        revision: l.card.revision,
        problems,
        versions: versions.iter().map(|v| summary(v, &names)).collect(),
    })
}

/// Saves the pending version's content (a new draft when there is none).
pub async fn save(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    if_match_header: Option<&str>,
    content: CardContent,
    now: DateTime<Utc>,
) -> Result<ManagedCard, ApiError> {
    let l = load_for(&**db, viewer, id, &[Side::Provider]).await?;
    let next = l.workflow().apply(Action::Edit).map_err(forbidden)?;
    let expected = if_match(if_match_header)?;
    check_revision(&l, expected)?;
    let errors = card_content::check_draft(&content);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let txn = db.write().await?;
    let title = content.title.trim().to_owned();
    let never_live = !next.live;
    let (_, held) = scope_parts(&txn, r, &l.org).await?;
    let kind = r
        .category(&content.category)
        .filter(|cat| {
            cat.accreditation_types
                .contains(&content.accreditation_type)
                && held.contains(&content.accreditation_type)
        })
        .map(|cat| {
            (
                content.category.clone(),
                cat.macro_area.clone(),
                content.accreditation_type.clone(),
            )
        });
    bump(&txn, &l.card, expected, next.card, now, |q| {
        // A card never approved shows its draft's title and kind in the provider's lists.
        if !never_live {
            return q;
        }
        let q = q.col_expr(service_cards::Column::Title, Expr::value(title));
        match kind {
            Some((category, macro_area, accreditation)) => q
                .col_expr(service_cards::Column::CategoryCode, Expr::value(category))
                .col_expr(
                    service_cards::Column::MacroAreaCode,
                    Expr::value(macro_area),
                )
                .col_expr(
                    service_cards::Column::AccreditationTypeCode,
                    Expr::value(accreditation),
                ),
            None => q,
        }
    })
    .await?;
    match &l.pending {
        Some(v) => {
            card_versions::Entity::update_many()
                .col_expr(
                    card_versions::Column::Content,
                    Expr::value(to_json(&content)?),
                )
                .col_expr(
                    card_versions::Column::Status,
                    Expr::value(next.pending.unwrap_or(VersionStatus::Draft)),
                )
                .col_expr(
                    card_versions::Column::UpdatedBy,
                    Expr::value(viewer.user.id),
                )
                .col_expr(card_versions::Column::UpdatedAt, Expr::value(now))
                .filter(card_versions::Column::Id.eq(v.id))
                .exec(&txn)
                .await?;
        }
        None => {
            let n = next_number(&txn, l.card.id).await?;
            new_version(&txn, l.card.id, n, &content, viewer.user.id, now).await?;
        }
    }
    txn.commit().await?;
    get(db, r, viewer, id).await
}

/// A copy of the card (its pending content, or what is published) as a new draft card.
pub async fn duplicate(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<ManagedCard, ApiError> {
    let l = load_for(&**db, viewer, id, &[Side::Provider]).await?;
    let mut content = match l.pending_content()? {
        Some(c) => c,
        None => card_content::load_live(&**db, r, &l.card).await?,
    };
    let copy = format!("{} (copia)", content.title.trim());
    content.title = copy.chars().take(120).collect();
    create(
        db,
        r,
        viewer,
        NewCardRequest {
            organisation: l.org.public_id,
            content,
        },
        now,
    )
    .await
}

/// The people of the organisation who hear about its cards: its admins and whoever
/// submitted the version.
async fn provider_people(
    db: &impl ConnectionTrait,
    org_id: i32,
    submitter: Option<i32>,
) -> Result<Vec<i32>, DbErr> {
    let mut people: Vec<i32> = memberships::Entity::find()
        .filter(memberships::Column::OrganisationId.eq(org_id))
        .filter(memberships::Column::Role.is_in([Role::ProviderAdmin, Role::ProviderStaff]))
        .all(db)
        .await?
        .into_iter()
        .filter(|m| m.role == Role::ProviderAdmin || Some(m.user_id) == submitter)
        .map(|m| m.user_id)
        .collect();
    people.sort_unstable();
    people.dedup();
    Ok(people)
}

async fn reviewers(db: &impl ConnectionTrait, tenant_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(memberships::Entity::find()
        .filter(memberships::Column::TenantId.eq(tenant_id))
        .filter(memberships::Column::Role.eq(Role::MunicipalReviewer))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect())
}

/// Bumps the catalogue version and appends the card to the change feed: search drops
/// or takes the card on every instance.
async fn catalogue_changed(txn: &impl ConnectionTrait, card_id: i32) -> Result<(), DbErr> {
    txn.execute_unprepared("UPDATE catalogue_version SET version = version + 1 WHERE id = 1")
        .await?;
    card_write::record_changes(txn, &[card_id]).await
}

/// Provider actions without a body: submit, withdraw, archive, restore, confirm.
#[allow(clippy::too_many_arguments)]
pub async fn act(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    if_match_header: Option<&str>,
    action: Action,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<ManagedCard, ApiError> {
    let l = load_for(&**db, viewer, id, &[Side::Provider]).await?;
    let next = l.workflow().apply(action).map_err(forbidden)?;
    let expected = if_match(if_match_header)?;
    check_revision(&l, expected)?;
    let me = viewer.user.id;
    // A submission's content is checked before the write begins (nothing is held while
    // it is read; the revision check in `bump` still guards against a change meanwhile).
    let submitted = match action {
        Action::Submit => {
            let content = l
                .pending_content()?
                .ok_or(ApiError::Conflict("There are no changes to submit."))?;
            let errors = problems(&**db, r, &l.org, &content).await?;
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            Some(content)
        }
        _ => None,
    };
    let txn = db.write().await?;
    match action {
        Action::Submit => {
            let title = submitted.as_ref().map_or("", |c| c.title.trim());
            bump(&txn, &l.card, expected, next.card, now, |q| q).await?;
            set_version(&txn, &l, VersionStatus::InReview, |q| {
                q.col_expr(card_versions::Column::SubmittedBy, Expr::value(me))
                    .col_expr(card_versions::Column::SubmittedAt, Expr::value(now))
            })
            .await?;
            audit::record_about(
                &txn,
                AuditAction::CardSubmitted,
                me,
                ("card", id),
                None,
                now,
            )
            .await?;
            let people = reviewers(&txn, l.org.tenant_id).await?;
            notifications::card_event(
                &txn,
                &people,
                NotificationKind::CardSubmitted,
                id,
                title,
                public_url,
                now,
            )
            .await?;
        }
        Action::Withdraw => {
            bump(&txn, &l.card, expected, next.card, now, |q| q).await?;
            set_version(&txn, &l, VersionStatus::Withdrawn, |q| q).await?;
            audit::record_about(
                &txn,
                AuditAction::CardWithdrawn,
                me,
                ("card", id),
                None,
                now,
            )
            .await?;
        }
        Action::Archive => {
            bump(&txn, &l.card, expected, next.card, now, |q| q).await?;
            if l.card.status == CardStatus::Published {
                catalogue_changed(&txn, l.card.id).await?;
            }
            audit::record_about(&txn, AuditAction::CardArchived, me, ("card", id), None, now)
                .await?;
        }
        Action::Restore => {
            bump(&txn, &l.card, expected, next.card, now, |q| q).await?;
            match &l.pending {
                Some(_) => set_version(&txn, &l, VersionStatus::Draft, |q| q).await?,
                None => {
                    let content = card_content::load_live(&txn, r, &l.card).await?;
                    let n = next_number(&txn, l.card.id).await?;
                    new_version(&txn, l.card.id, n, &content, me, now).await?;
                }
            }
            audit::record_about(&txn, AuditAction::CardRestored, me, ("card", id), None, now)
                .await?;
        }
        Action::Confirm => {
            bump(&txn, &l.card, expected, next.card, now, |q| {
                q.col_expr(service_cards::Column::LastVerifiedAt, Expr::value(now))
            })
            .await?;
            audit::record_about(
                &txn,
                AuditAction::CardConfirmed,
                me,
                ("card", id),
                None,
                now,
            )
            .await?;
        }
        Action::Edit | Action::Approve | Action::RequestChanges | Action::Unpublish => {
            return Err(ApiError::Internal(format!(
                "{} is not a provider action",
                action.code()
            )));
        }
    }
    txn.commit().await?;
    get(db, r, viewer, id).await
}

async fn set_version(
    txn: &impl ConnectionTrait,
    l: &Loaded,
    status: VersionStatus,
    more: impl FnOnce(
        sea_orm::UpdateMany<card_versions::Entity>,
    ) -> sea_orm::UpdateMany<card_versions::Entity>,
) -> Result<(), ApiError> {
    let v = l
        .pending
        .as_ref()
        .ok_or(ApiError::Conflict("The card has no pending version."))?;
    more(
        card_versions::Entity::update_many()
            .col_expr(card_versions::Column::Status, Expr::value(status))
            .filter(card_versions::Column::Id.eq(v.id)),
    )
    .exec(txn)
    .await?;
    Ok(())
}

/// Approves the version in review: it becomes what citizens see, at once.
pub async fn approve(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    if_match_header: Option<&str>,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<ManagedCard, ApiError> {
    let l = load_for(&**db, viewer, id, &[Side::Reviewer]).await?;
    let next = l.workflow().apply(Action::Approve).map_err(forbidden)?;
    let expected = if_match(if_match_header)?;
    check_revision(&l, expected)?;
    let content = l.pending_content()?.ok_or(ApiError::Conflict(
        "Only a version in review can be approved.",
    ))?;
    let errors = problems(&**db, r, &l.org, &content).await?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let nc = card_content::to_new_card(r, &content, &l.card, &l.org, CardStatus::Published);
    let me = viewer.user.id;
    let txn = db.write().await?;
    let first = l.card.published_at.is_none();
    bump(&txn, &l.card, expected, next.card, now, |q| {
        live_columns(q, r, &nc, &content, first, now)
    })
    .await?;
    replace_children(&txn, &l.card, &nc).await?;
    card_versions::Entity::update_many()
        .col_expr(
            card_versions::Column::Status,
            Expr::value(VersionStatus::Superseded),
        )
        .filter(card_versions::Column::CardId.eq(l.card.id))
        .filter(card_versions::Column::Status.eq(VersionStatus::Published))
        .exec(&txn)
        .await?;
    set_version(&txn, &l, VersionStatus::Published, |q| {
        q.col_expr(card_versions::Column::DecidedBy, Expr::value(me))
            .col_expr(card_versions::Column::DecidedAt, Expr::value(now))
    })
    .await?;
    catalogue_changed(&txn, l.card.id).await?;
    if first {
        // A new card may be what someone's saved search waits for.
        crate::jobs::wake(&txn, crate::jobs::JobKind::SearchAlerts, now).await?;
    }
    audit::record_about(&txn, AuditAction::CardApproved, me, ("card", id), None, now).await?;
    let submitter = l.pending.as_ref().and_then(|v| v.submitted_by);
    let people = provider_people(&txn, l.org.id, submitter).await?;
    notifications::card_event(
        &txn,
        &people,
        NotificationKind::CardApproved,
        id,
        &nc.title,
        public_url,
        now,
    )
    .await?;
    txn.commit().await?;
    get(db, r, viewer, id).await
}

/// The card as citizens would see it once its pending version is approved (its
/// organisation's staff and the tenant's reviewers): the version is written into the
/// live tables exactly as approval writes it, read back by the card page's own loader,
/// and the transaction is rolled back — nothing is stored, and the preview cannot differ
/// from what approval would publish.
pub async fn preview(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<crate::api::cards_admin::Preview, ApiError> {
    let l = load_for(&**db, viewer, id, &[Side::Provider, Side::Reviewer]).await?;
    let (content, version) = match (l.pending_content()?, l.pending.as_ref()) {
        (Some(c), Some(v)) => (c, Some(v.number)),
        _ => (card_content::load_live(&**db, r, &l.card).await?, None),
    };
    let nc = card_content::to_new_card(r, &content, &l.card, &l.org, CardStatus::Published);
    let txn = db.write().await?;
    let first = l.card.published_at.is_none();
    let q = service_cards::Entity::update_many()
        .col_expr(
            service_cards::Column::Status,
            Expr::value(CardStatus::Published),
        )
        .filter(service_cards::Column::Id.eq(l.card.id));
    live_columns(q, r, &nc, &content, first, now)
        .exec(&txn)
        .await?;
    replace_children(&txn, &l.card, &nc).await?;
    let card = super::cards::as_public(&txn, r, id).await?;
    txn.rollback().await?;
    Ok(crate::api::cards_admin::Preview {
        card: card.ok_or(ApiError::NotFound("card"))?,
        version,
    })
}

fn live_columns(
    q: sea_orm::UpdateMany<service_cards::Entity>,
    r: &Reference,
    nc: &NewCard,
    c: &CardContent,
    first: bool,
    now: DateTime<Utc>,
) -> sea_orm::UpdateMany<service_cards::Entity> {
    use service_cards::Column as K;
    let q = q
        .col_expr(K::CategoryCode, Expr::value(nc.category.clone()))
        .col_expr(
            K::MacroAreaCode,
            Expr::value(
                r.category(&nc.category)
                    .map(|k| k.macro_area.clone())
                    .unwrap_or_default(),
            ),
        )
        .col_expr(
            K::AccreditationTypeCode,
            Expr::value(nc.accreditation_type.clone()),
        )
        .col_expr(K::Title, Expr::value(nc.title.clone()))
        .col_expr(K::ServiceManager, Expr::value(nc.service_manager.clone()))
        .col_expr(K::NeedsAnalysis, Expr::value(nc.needs_analysis.clone()))
        .col_expr(K::Solution, Expr::value(nc.solution.clone()))
        .col_expr(K::Activities, Expr::value(nc.activities.clone()))
        .col_expr(K::ContactPhone, Expr::value(nc.contact_phone.clone()))
        .col_expr(K::ContactEmail, Expr::value(nc.contact_email.clone()))
        .col_expr(
            K::WaitingDaysAssessment,
            Expr::value(nc.waiting_days_assessment),
        )
        .col_expr(
            K::WaitingDaysActivation,
            Expr::value(nc.waiting_days_activation),
        )
        .col_expr(
            K::WaitingDaysTotal,
            Expr::value(nc.waiting_days_assessment + nc.waiting_days_activation),
        )
        .col_expr(K::QuoteAvailable, Expr::value(nc.quote_available))
        .col_expr(
            K::MinPriceCents,
            Expr::value(nc.prices.iter().map(|p| p.price_cents).min()),
        )
        .col_expr(
            K::SearchTitle,
            Expr::value(crate::domain::text::document(&[&nc.title])),
        )
        .col_expr(K::SearchBody, Expr::value(card_write::search_body(r, nc)))
        .col_expr(K::Languages, Expr::value(c.languages.join(",")))
        .col_expr(
            K::AccessStepFree,
            Expr::value(c.accessibility.step_free.code()),
        )
        .col_expr(K::AccessToilet, Expr::value(c.accessibility.toilet.code()))
        .col_expr(K::AccessLift, Expr::value(c.accessibility.lift.code()))
        .col_expr(K::LastVerifiedAt, Expr::value(now))
        .col_expr(K::StatusReason, Expr::value(Option::<String>::None));
    if first {
        q.col_expr(K::PublishedAt, Expr::value(now))
    } else {
        q
    }
}

async fn replace_children(
    txn: &impl ConnectionTrait,
    card: &service_cards::Model,
    nc: &NewCard,
) -> Result<(), DbErr> {
    let id = card.id;
    card_recipients::Entity::delete_many()
        .filter(card_recipients::Column::CardId.eq(id))
        .exec(txn)
        .await?;
    card_delivery_places::Entity::delete_many()
        .filter(card_delivery_places::Column::CardId.eq(id))
        .exec(txn)
        .await?;
    card_vouchers::Entity::delete_many()
        .filter(card_vouchers::Column::CardId.eq(id))
        .exec(txn)
        .await?;
    card_zones::Entity::delete_many()
        .filter(card_zones::Column::CardId.eq(id))
        .exec(txn)
        .await?;
    card_contact_hours::Entity::delete_many()
        .filter(card_contact_hours::Column::CardId.eq(id))
        .exec(txn)
        .await?;
    card_staff::Entity::delete_many()
        .filter(card_staff::Column::CardId.eq(id))
        .exec(txn)
        .await?;
    card_prices::Entity::delete_many()
        .filter(card_prices::Column::CardId.eq(id))
        .exec(txn)
        .await?;
    card_write::insert_children(txn, std::slice::from_ref(nc), &[id]).await
}

/// Sends the version in review back with comments per field.
#[allow(clippy::too_many_arguments)]
pub async fn request_changes(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    if_match_header: Option<&str>,
    comments: ReviewComments,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<ManagedCard, ApiError> {
    let l = load_for(&**db, viewer, id, &[Side::Reviewer]).await?;
    let next = l
        .workflow()
        .apply(Action::RequestChanges)
        .map_err(forbidden)?;
    let expected = if_match(if_match_header)?;
    check_revision(&l, expected)?;
    let comments = check_comments(comments)?;
    let title = l
        .pending_content()?
        .map(|c| c.title.trim().to_owned())
        .unwrap_or_else(|| l.card.title.clone());
    let me = viewer.user.id;
    let txn = db.write().await?;
    bump(&txn, &l.card, expected, next.card, now, |q| q).await?;
    let review = to_json(&comments)?;
    let reviewed = l.pending.as_ref().map(|v| v.content.clone());
    set_version(&txn, &l, VersionStatus::ChangesRequested, |q| {
        q.col_expr(
            card_versions::Column::ReviewedContent,
            Expr::value(reviewed),
        )
        .col_expr(card_versions::Column::DecidedBy, Expr::value(me))
        .col_expr(card_versions::Column::DecidedAt, Expr::value(now))
        .col_expr(card_versions::Column::Review, Expr::value(review))
    })
    .await?;
    audit::record_about(
        &txn,
        AuditAction::CardChangesRequested,
        me,
        ("card", id),
        None,
        now,
    )
    .await?;
    let submitter = l.pending.as_ref().and_then(|v| v.submitted_by);
    let people = provider_people(&txn, l.org.id, submitter).await?;
    notifications::card_event(
        &txn,
        &people,
        NotificationKind::CardChangesRequested,
        id,
        &title,
        public_url,
        now,
    )
    .await?;
    txn.commit().await?;
    get(db, r, viewer, id).await
}

/// The fields of the content a comment may name.
pub const COMMENTABLE_FIELDS: [&str; 21] = card_content::CONTENT_FIELDS;

fn check_comments(c: ReviewComments) -> Result<ReviewComments, ApiError> {
    let mut errors = Vec::new();
    let comment = c.comment.trim().to_owned();
    if comment.chars().count() > 2000 {
        errors.push(FieldError::new(
            "comment",
            "too_long",
            "At most 2000 characters.",
        ));
    }
    let mut fields = std::collections::BTreeMap::new();
    for (k, v) in c.fields {
        let v = v.trim().to_owned();
        if !COMMENTABLE_FIELDS.contains(&k.as_str()) {
            errors.push(FieldError::new(
                format!("fields.{}", k.chars().take(40).collect::<String>()),
                "unknown_field",
                "Not a field of the card.",
            ));
        } else if v.chars().count() > 1000
            || v.chars().any(|ch| crate::input::forbidden_char(ch, true))
        {
            errors.push(FieldError::new(
                format!("fields.{k}"),
                "too_long",
                "At most 1000 characters.",
            ));
        } else if !v.is_empty() {
            fields.insert(k, v);
        }
    }
    if comment.is_empty() && fields.is_empty() && errors.is_empty() {
        errors.push(FieldError::new(
            "comment",
            "required",
            "Say what to change: a comment on the card or on its fields.",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    Ok(ReviewComments { comment, fields })
}

/// The city takes a published card down, with a reason: it leaves search at once.
#[allow(clippy::too_many_arguments)]
pub async fn unpublish(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    if_match_header: Option<&str>,
    reason: &str,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<ManagedCard, ApiError> {
    let l = load_for(&**db, viewer, id, &[Side::Reviewer]).await?;
    let next = l.workflow().apply(Action::Unpublish).map_err(forbidden)?;
    let expected = if_match(if_match_header)?;
    check_revision(&l, expected)?;
    let reason = reason.trim().to_owned();
    let n = reason.chars().count();
    if !(3..=1000).contains(&n)
        || reason
            .chars()
            .any(|c| crate::input::forbidden_char(c, true))
    {
        return Err(ApiError::field(
            "reason",
            "out_of_range",
            "Between 3 and 1000 characters.",
        ));
    }
    let me = viewer.user.id;
    let txn = db.write().await?;
    bump(&txn, &l.card, expected, next.card, now, |q| {
        q.col_expr(service_cards::Column::StatusReason, Expr::value(reason))
    })
    .await?;
    catalogue_changed(&txn, l.card.id).await?;
    audit::record_about(
        &txn,
        AuditAction::CardUnpublished,
        me,
        ("card", id),
        None,
        now,
    )
    .await?;
    let people = provider_people(&txn, l.org.id, None).await?;
    notifications::card_event(
        &txn,
        &people,
        NotificationKind::CardUnpublished,
        id,
        &l.card.title,
        public_url,
        now,
    )
    .await?;
    txn.commit().await?;
    get(db, r, viewer, id).await
}

/// The field-by-field difference between two versions (`published` or a number).
pub async fn diff(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    id: Uuid,
    from: &str,
    to: &str,
) -> Result<VersionDiff, ApiError> {
    let l = load_for(&**db, viewer, id, &[Side::Provider, Side::Reviewer]).await?;
    let mut contents = Vec::new();
    for (field, which) in [("from", from), ("to", to)] {
        let c = if which == "reviewed" {
            let reviewed = l
                .pending
                .as_ref()
                .and_then(|v| v.reviewed_content.as_deref());
            let Some(json) = reviewed else {
                return Err(ApiError::field(
                    field,
                    "unknown_value",
                    "The city has not sent the pending version back.",
                ));
            };
            parse_content(json)?
        } else if which == "published" {
            if l.card.published_at.is_none() {
                return Err(ApiError::field(
                    field,
                    "unknown_value",
                    "The card was never published.",
                ));
            }
            card_content::load_live(&**db, r, &l.card).await?
        } else {
            let n: i32 = which.parse().map_err(|_| {
                ApiError::field(
                    field,
                    "invalid_format",
                    "`published`, `reviewed` or a version number.",
                )
            })?;
            let v = card_versions::Entity::find()
                .filter(card_versions::Column::CardId.eq(l.card.id))
                .filter(card_versions::Column::Number.eq(n))
                .one(&**db)
                .await?
                .ok_or_else(|| {
                    ApiError::field(field, "unknown_value", "No version has this number.")
                })?;
            parse_content(&v.content)?
        };
        contents.push(c);
    }
    let (a, b) = (&contents[0], &contents[1]);
    Ok(VersionDiff {
        from: from.to_owned(),
        to: to.to_owned(),
        changes: card_content::diff(a, b),
    })
}

/// The cards of the organisations the viewer writes for.
pub async fn list_own(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    now: DateTime<Utc>,
) -> Result<ManagedCardList, ApiError> {
    let orgs: Vec<i32> = viewer
        .roles()
        .filter(|m| matches!(m.role, Role::ProviderAdmin | Role::ProviderStaff))
        .filter_map(|m| m.organisation_id)
        .collect();
    if orgs.is_empty() {
        return Err(ApiError::Forbidden(
            "Only a provider's staff have cards to manage.",
        ));
    }
    let cards = service_cards::Entity::find()
        .filter(service_cards::Column::OrganisationId.is_in(orgs.clone()))
        .order_by_desc(service_cards::Column::UpdatedAt)
        .order_by_desc(service_cards::Column::Id)
        .all(&**db)
        .await?;
    let org_rows: HashMap<i32, organisations::Model> = organisations::Entity::find()
        .filter(organisations::Column::Id.is_in(orgs))
        .all(&**db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let pending: HashMap<i32, VersionStatus> = card_versions::Entity::find()
        .filter(card_versions::Column::CardId.is_in(cards.iter().map(|c| c.id)))
        .filter(card_versions::Column::Status.is_in(PENDING))
        .all(&**db)
        .await?
        .into_iter()
        .map(|v| (v.card_id, v.status))
        .collect();
    let reports =
        super::reports::open_counts(&**db, &cards.iter().map(|c| c.id).collect::<Vec<_>>()).await?;
    let stale = now - chrono::Duration::days(ATTENTION_DAYS);
    let items = cards
        .into_iter()
        .filter_map(|c| {
            let org = org_rows.get(&c.organisation_id)?;
            let p = pending.get(&c.id).copied();
            let open_reports = reports.get(&c.id).copied().unwrap_or(0);
            let needs_attention = p == Some(VersionStatus::ChangesRequested)
                || open_reports > 0
                || (c.status == CardStatus::Published
                    && c.last_verified_at.is_none_or(|v| v < stale));
            Some(ManagedCardSummary {
                id: c.public_id,
                organisation: OrganisationRef {
                    id: org.public_id,
                    legal_name: org.legal_name.clone(),
                },
                category: category_label(r, &c.category_code),
                title: c.title,
                status: c.status,
                pending: p,
                last_verified_at: c.last_verified_at,
                updated_at: c.updated_at,
                open_reports,
                needs_attention,
            })
        })
        .collect();
    Ok(ManagedCardList { items })
}

fn category_label(r: &Reference, code: &str) -> CodeLabel {
    CodeLabel {
        code: code.to_owned(),
        label: r
            .category(code)
            .map_or_else(|| Label::new(code, code), |c| c.label.clone()),
    }
}

/// The submissions waiting for the viewer's review, oldest first: all of them, or those
/// of one organisation, one category, one kind, waiting for at least some days.
pub async fn queue(
    db: &Db,
    r: &Reference,
    viewer: &Viewer,
    q: &QueueQuery,
    now: DateTime<Utc>,
) -> Result<ReviewQueue, ApiError> {
    let tenants = policy::review_tenants(viewer);
    if tenants.is_empty() {
        return Err(ApiError::Forbidden(
            "Only the municipality's reviewers review cards.",
        ));
    }
    let waiting = q.waiting_days.unwrap_or(0);
    if waiting > 365 {
        return Err(ApiError::field(
            "waiting_days",
            "out_of_range",
            "Must be between 0 and 365.",
        ));
    }
    let (category, kind) = (q.category.as_deref(), q.kind);
    let mut orgs =
        organisations::Entity::find().filter(organisations::Column::TenantId.is_in(tenants));
    if let Some(o) = q.organisation {
        orgs = orgs.filter(organisations::Column::PublicId.eq(o));
    }
    let orgs: HashMap<i32, organisations::Model> = orgs
        .all(&**db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut versions = card_versions::Entity::find()
        .filter(card_versions::Column::Status.eq(VersionStatus::InReview));
    if waiting > 0 {
        let before = now - chrono::Duration::days(i64::from(waiting));
        versions = versions.filter(card_versions::Column::SubmittedAt.lte(before));
    }
    let versions = versions
        .order_by_asc(card_versions::Column::SubmittedAt)
        .order_by_asc(card_versions::Column::Id)
        .all(&**db)
        .await?;
    let cards: HashMap<i32, service_cards::Model> = service_cards::Entity::find()
        .filter(service_cards::Column::Id.is_in(versions.iter().map(|v| v.card_id)))
        .filter(service_cards::Column::OrganisationId.is_in(orgs.keys().copied()))
        .all(&**db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let mut items = Vec::new();
    for v in versions {
        let Some(card) = cards.get(&v.card_id) else {
            continue;
        };
        let Some(org) = orgs.get(&card.organisation_id) else {
            continue;
        };
        let content = parse_content(&v.content)?;
        let k = if card.published_at.is_some() {
            SubmissionKind::Change
        } else {
            SubmissionKind::First
        };
        if kind.is_some_and(|want| want != k) || category.is_some_and(|c| c != content.category) {
            continue;
        }
        items.push(ReviewItem {
            card: card.public_id,
            organisation: OrganisationRef {
                id: org.public_id,
                legal_name: org.legal_name.clone(),
            },
            title: content.title.trim().to_owned(),
            category: category_label(r, &content.category),
            kind: k,
            version: v.number,
            submitted_at: v.submitted_at.unwrap_or(v.updated_at),
        });
    }
    Ok(ReviewQueue { items })
}

/// For seeded data: the card's content as its first version, in review.
pub async fn seed_in_review(
    txn: &impl ConnectionTrait,
    r: &Reference,
    card_id: i32,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(card) = service_cards::Entity::find_by_id(card_id).one(txn).await? else {
        return Ok(());
    };
    let content = card_content::load_live(txn, r, &card).await?;
    card_versions::ActiveModel {
        public_id: Set(Uuid::now_v7()),
        card_id: Set(card_id),
        number: Set(1),
        status: Set(VersionStatus::InReview),
        content: Set(serde_json::to_string(&content).map_err(|e| DbErr::Custom(e.to_string()))?),
        created_at: Set(at),
        updated_at: Set(at),
        submitted_at: Set(Some(at)),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}
