//! Citizens' reports about published cards: received without an account (rate-limited
//! per client), listed to the card's organisation and to the city's reviewers of its
//! tenant, resolved by either (once; recorded and audited).
use super::{audit, notifications, rate_limit};
use crate::api::notifications::NotificationKind;
use crate::api::reports::{
    DETAILS_MAX, NewReport, Report, ReportList, ReportQuery, ReportReceipt, ResolveReport,
};
use crate::api::services::OrganisationRef;
use crate::auth::{Viewer, policy};
use crate::db::Db;
use crate::domain::report::ReportStatus;
use crate::domain::{AuditAction, Role};
use crate::entities::{card_reports, memberships, organisations, service_cards, users};
use crate::error::{ApiError, FieldError};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Condition, Expr, ExprTrait, Query},
};
use std::collections::HashMap;
use uuid::Uuid;

/// Reports one client may send (per hour): enough for a person who found several wrong
/// cards, too few to flood a provider.
pub const REPORT_LIMIT: rate_limit::Limit = rate_limit::Limit {
    bucket: "card_report",
    max: 5,
    window_secs: 3600,
};

/// The most reports a list returns.
const LIST_MAX: u64 = 200;

fn check_text(errors: &mut Vec<FieldError>, field: &str, value: &str, required: bool) -> String {
    let v = value.trim();
    if value.chars().count() > DETAILS_MAX {
        errors.push(FieldError::new(
            field,
            "out_of_range",
            format!("At most {DETAILS_MAX} characters."),
        ));
    } else if required && v.is_empty() {
        errors.push(FieldError::new(
            field,
            "required",
            "Say what is wrong with the card.",
        ));
    }
    v.to_owned()
}

/// Receives a report about a published card (anyone; `client` is the caller's address,
/// used only for the rate limit).
pub async fn submit(
    db: &Db,
    card_id: Uuid,
    report: NewReport,
    client: &str,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<ReportReceipt, ApiError> {
    let card = service_cards::Entity::find()
        .filter(service_cards::Column::PublicId.eq(card_id))
        .filter(super::cards::visible())
        .one(&**db)
        .await?
        .ok_or(ApiError::NotFound("service"))?;
    let mut errors = Vec::new();
    let details = check_text(
        &mut errors,
        "details",
        &report.details,
        report.reason.needs_details(),
    );
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    rate_limit::hit(
        db,
        REPORT_LIMIT,
        &[format!("ip:{}", rate_limit::client_key(client))],
        now,
    )
    .await?;
    let org = organisations::Entity::find_by_id(card.organisation_id)
        .one(&**db)
        .await?
        .ok_or(ApiError::NotFound("service"))?;
    let id = Uuid::now_v7();
    let txn = db.write().await?;
    card_reports::ActiveModel {
        public_id: Set(id),
        card_id: Set(card.id),
        reason: Set(report.reason),
        details: Set(details),
        status: Set(ReportStatus::Open),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let (provider, city) = people(&txn, &org).await?;
    for (people, kind) in [
        (provider, NotificationKind::CardReported),
        (city, NotificationKind::CardReportForReview),
    ] {
        notifications::card_event(
            &txn,
            &people,
            kind,
            card.public_id,
            &card.title,
            public_url,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(ReportReceipt {
        id,
        status: ReportStatus::Open,
    })
}

/// Who hears of a report: the organisation's admins; the tenant's reviewers.
async fn people(
    db: &impl ConnectionTrait,
    org: &organisations::Model,
) -> Result<(Vec<i32>, Vec<i32>), DbErr> {
    let rows = memberships::Entity::find()
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(memberships::Column::OrganisationId.eq(org.id))
                        .add(memberships::Column::Role.eq(Role::ProviderAdmin)),
                )
                .add(
                    Condition::all()
                        .add(memberships::Column::TenantId.eq(org.tenant_id))
                        .add(memberships::Column::Role.eq(Role::MunicipalReviewer)),
                ),
        )
        .all(db)
        .await?;
    let (provider, city): (Vec<_>, Vec<_>) = rows
        .into_iter()
        .partition(|m| m.role == Role::ProviderAdmin);
    Ok((
        provider.into_iter().map(|m| m.user_id).collect(),
        city.into_iter().map(|m| m.user_id).collect(),
    ))
}

/// The organisations and tenants whose reports the viewer handles.
fn reach(viewer: &Viewer) -> Result<(Vec<i32>, Vec<i32>), ApiError> {
    let orgs: Vec<i32> = viewer
        .roles()
        .filter(|m| matches!(m.role, Role::ProviderAdmin | Role::ProviderStaff))
        .filter_map(|m| m.organisation_id)
        .collect();
    let tenants = policy::review_tenants(viewer);
    if orgs.is_empty() && tenants.is_empty() {
        return Err(ApiError::Forbidden(
            "Only a provider's staff and the city's reviewers handle reports.",
        ));
    }
    Ok((orgs, tenants))
}

/// The reports the viewer handles: about their organisations' cards, and (reviewers)
/// about every card of their tenants. Newest first.
pub async fn list(db: &Db, viewer: &Viewer, q: ReportQuery) -> Result<ReportList, ApiError> {
    let (orgs, tenants) = reach(viewer)?;
    let in_reach = Query::select()
        .column(service_cards::Column::Id)
        .from(service_cards::Entity)
        .and_where(
            Expr::col(service_cards::Column::OrganisationId)
                .is_in(orgs)
                .or(
                    Expr::col(service_cards::Column::OrganisationId).in_subquery(
                        Query::select()
                            .column(organisations::Column::Id)
                            .from(organisations::Entity)
                            .and_where(Expr::col(organisations::Column::TenantId).is_in(tenants))
                            .take(),
                    ),
                ),
        )
        .take();
    let mut find = card_reports::Entity::find()
        .filter(Expr::col(card_reports::Column::CardId).in_subquery(in_reach));
    if let Some(s) = q.status {
        find = find.filter(card_reports::Column::Status.eq(s));
    }
    if let Some(card) = q.card {
        let Some(c) = service_cards::Entity::find()
            .filter(service_cards::Column::PublicId.eq(card))
            .one(&**db)
            .await?
        else {
            return Ok(ReportList { items: Vec::new() });
        };
        find = find.filter(card_reports::Column::CardId.eq(c.id));
    }
    let rows = find
        .order_by_desc(card_reports::Column::CreatedAt)
        .order_by_desc(card_reports::Column::Id)
        .limit(LIST_MAX)
        .all(&**db)
        .await?;
    Ok(ReportList {
        items: views(&**db, rows).await?,
    })
}

async fn views(
    db: &impl ConnectionTrait,
    rows: Vec<card_reports::Model>,
) -> Result<Vec<Report>, DbErr> {
    let cards: HashMap<i32, service_cards::Model> = service_cards::Entity::find()
        .filter(service_cards::Column::Id.is_in(rows.iter().map(|r| r.card_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let orgs: HashMap<i32, organisations::Model> = organisations::Entity::find()
        .filter(organisations::Column::Id.is_in(cards.values().map(|c| c.organisation_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let names: HashMap<i32, String> = users::Entity::find()
        .filter(users::Column::Id.is_in(rows.iter().filter_map(|r| r.resolved_by)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let card = cards.get(&r.card_id)?;
            let org = orgs.get(&card.organisation_id)?;
            Some(Report {
                id: r.public_id,
                card: card.public_id,
                card_title: card.title.clone(),
                organisation: OrganisationRef {
                    id: org.public_id,
                    legal_name: org.legal_name.clone(),
                },
                reason: r.reason,
                details: r.details,
                status: r.status,
                created_at: r.created_at,
                resolved_at: r.resolved_at,
                resolved_by: r.resolved_by.and_then(|u| names.get(&u).cloned()),
                outcome: r.outcome,
                resolution: r.resolution,
            })
        })
        .collect())
}

/// Resolves a report (the card's organisation or the tenant's reviewers; anyone else:
/// not found). A resolved report answers 409.
pub async fn resolve(
    db: &Db,
    viewer: &Viewer,
    id: Uuid,
    body: ResolveReport,
    now: DateTime<Utc>,
) -> Result<Report, ApiError> {
    let report = card_reports::Entity::find()
        .filter(card_reports::Column::PublicId.eq(id))
        .one(&**db)
        .await?
        .ok_or(ApiError::NotFound("report"))?;
    let card = service_cards::Entity::find_by_id(report.card_id)
        .one(&**db)
        .await?
        .ok_or(ApiError::NotFound("report"))?;
    let org = organisations::Entity::find_by_id(card.organisation_id)
        .one(&**db)
        .await?
        .ok_or(ApiError::NotFound("report"))?;
    if !policy::can_write_cards_of(viewer, org.id)
        && !policy::can_review_in_tenant(viewer, org.tenant_id)
    {
        return Err(ApiError::NotFound("report"));
    }
    report
        .status
        .resolve()
        .map_err(|f| ApiError::Conflict(f.0))?;
    let mut errors = Vec::new();
    let resolution = check_text(&mut errors, "resolution", &body.resolution, false);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let txn = db.write().await?;
    // Only while still open: of two people resolving at once, one wins, the other is told.
    let done = card_reports::Entity::update_many()
        .col_expr(
            card_reports::Column::Status,
            Expr::value(ReportStatus::Resolved),
        )
        .col_expr(
            card_reports::Column::ResolvedBy,
            Expr::value(viewer.user.id),
        )
        .col_expr(card_reports::Column::ResolvedAt, Expr::value(now))
        .col_expr(card_reports::Column::Outcome, Expr::value(body.outcome))
        .col_expr(
            card_reports::Column::Resolution,
            Expr::value((!resolution.is_empty()).then_some(resolution)),
        )
        .filter(card_reports::Column::Id.eq(report.id))
        .filter(card_reports::Column::Status.eq(ReportStatus::Open))
        .exec(&txn)
        .await?;
    if done.rows_affected == 0 {
        return Err(ApiError::Conflict("This report is already resolved."));
    }
    audit::record_about(
        &txn,
        AuditAction::CardReportResolved,
        viewer.user.id,
        ("card", card.public_id),
        Some(code(body.outcome)),
        now,
    )
    .await?;
    txn.commit().await?;
    let row = card_reports::Entity::find_by_id(report.id)
        .one(&**db)
        .await?
        .ok_or(ApiError::NotFound("report"))?;
    views(&**db, vec![row])
        .await?
        .pop()
        .ok_or(ApiError::NotFound("report"))
}

fn code(o: crate::domain::report::ReportOutcome) -> &'static str {
    use crate::domain::report::ReportOutcome;
    match o {
        ReportOutcome::Corrected => "corrected",
        ReportOutcome::NoChange => "no_change",
    }
}

/// How many open reports each of these cards has.
pub async fn open_counts(
    db: &impl ConnectionTrait,
    cards: &[i32],
) -> Result<HashMap<i32, u64>, DbErr> {
    let rows: Vec<(i32, i64)> = card_reports::Entity::find()
        .select_only()
        .column(card_reports::Column::CardId)
        .column_as(card_reports::Column::Id.count(), "n")
        .filter(card_reports::Column::CardId.is_in(cards.iter().copied()))
        .filter(card_reports::Column::Status.eq(ReportStatus::Open))
        .group_by(card_reports::Column::CardId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(c, n)| (c, u64::try_from(n).unwrap_or(0)))
        .collect())
}
