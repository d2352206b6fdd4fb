//! Every route × every kind of caller (each role, anonymous, staff and an administrator
//! of another organisation, an administrator of another tenant), with the expected
//! status: no unexpected 2xx. Rows send valid bodies, so that authorization, not
//! validation, decides the status. Add a row for each new route;
//! `every_route_is_in_the_matrix` fails when a route of the OpenAPI document has no row.
use super::helpers::{Data, TestApp, spawn_app};
use domicilia::api::auth::Role;
use domicilia::services::accounts::{Scope, grant_role};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

const CALLERS: [&str; 12] = [
    "anonymous",
    "citizen",
    "carer",
    "provider_admin_a",
    "provider_staff_a",
    "provider_staff_b",
    "provider_admin_b",
    "space_operator",
    "municipal_reviewer",
    "municipal_admin",
    "platform_admin",
    "other_tenant_admin",
];
const N: usize = CALLERS.len();

struct Ids {
    card: String,
    /// The card's category and accreditation type (its organisation holds them).
    kind: (String, String),
    org_a: String,
    space: String,
}

async fn setup(app: &TestApp) -> Ids {
    let v: Value = app.get_json("/api/v1/services?per_page=100", 200).await;
    let items = v["items"].as_array().unwrap();
    let org_a: uuid::Uuid = items[0]["organisation"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let org_b: uuid::Uuid = items
        .iter()
        .map(|i| i["organisation"]["id"].as_str().unwrap().parse().unwrap())
        .find(|o| *o != org_a)
        .unwrap();
    let spaces: Value = app.get_json("/api/v1/spaces?tenant=milano", 200).await;
    let space: uuid::Uuid = spaces["items"][0]["id"].as_str().unwrap().parse().unwrap();
    let scope =
        |tenant: Option<&str>, organisation: Option<uuid::Uuid>, space: Option<uuid::Uuid>| Scope {
            tenant: tenant.map(str::to_owned),
            organisation,
            space,
        };
    let grants = [
        ("citizen", Role::Citizen, scope(None, None, None)),
        ("carer", Role::Carer, scope(None, None, None)),
        (
            "provider_admin_a",
            Role::ProviderAdmin,
            scope(None, Some(org_a), None),
        ),
        (
            "provider_staff_a",
            Role::ProviderStaff,
            scope(None, Some(org_a), None),
        ),
        (
            "provider_staff_b",
            Role::ProviderStaff,
            scope(None, Some(org_b), None),
        ),
        (
            "provider_admin_b",
            Role::ProviderAdmin,
            scope(None, Some(org_b), None),
        ),
        (
            "space_operator",
            Role::SpaceOperator,
            scope(None, None, Some(space)),
        ),
        (
            "municipal_reviewer",
            Role::MunicipalReviewer,
            scope(Some("milano"), None, None),
        ),
        (
            "municipal_admin",
            Role::MunicipalAdmin,
            scope(Some("milano"), None, None),
        ),
        (
            "platform_admin",
            Role::PlatformAdmin,
            scope(None, None, None),
        ),
        (
            "other_tenant_admin",
            Role::MunicipalAdmin,
            scope(Some("ats-mi-distretto-4"), None, None),
        ),
    ];
    for (who, role, scope) in grants {
        grant_role(
            &app.db,
            "http://x",
            &format!("{who}@example.org"),
            role,
            scope,
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    }
    Ids {
        card: items[0]["id"].as_str().unwrap().to_owned(),
        kind: (
            items[0]["category"].as_str().unwrap().to_owned(),
            items[0]["accreditation_type"].as_str().unwrap().to_owned(),
        ),
        org_a: org_a.to_string(),
        space: space.to_string(),
    }
}

/// A family's need, valid.
fn demand() -> Value {
    json!({"role": "badante", "zone": "MI-M5", "week": {"mon": [9, 10]},
           "arrangement": "hourly", "age_band": "elderly", "autonomy": "partial"})
}

/// (method, path, body, expected status per caller in CALLERS order)
type Row = (&'static str, String, Option<Value>, [u16; N]);

fn rows(ids: &Ids) -> Vec<Row> {
    let Ids {
        card,
        kind,
        org_a,
        space,
    } = ids;
    let nobody = uuid::Uuid::now_v7();
    let public = [200; N];
    let signed_in = {
        let mut s = [200; N];
        s[0] = 401;
        s
    };
    // Everyone signed in, with another status than 200.
    let signed_in_as = |status: u16| {
        let mut s = [status; N];
        s[0] = 401;
        s
    };
    //                      anon cit  carer adm_a stf_a stf_b adm_b oper rev  m_adm plat other
    let org_admins: [u16; N] = [401, 403, 403, 200, 403, 403, 403, 403, 403, 403, 200, 403];
    let milano_admins: [u16; N] = [401, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403];
    let audit: [u16; N] = [401, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200, 200];
    let as_404 = |row: [u16; N]| row.map(|s| if s == 200 { 404 } else { s });
    //                      anon cit  carer adm_a stf_a stf_b adm_b oper rev  m_adm plat other
    let providers: [u16; N] = [401, 403, 403, 200, 200, 200, 200, 403, 403, 403, 403, 403];
    let org_a_writers: [u16; N] = [401, 403, 403, 200, 200, 403, 403, 403, 403, 403, 403, 403];
    let card_readers: [u16; N] = [401, 404, 404, 200, 200, 404, 404, 404, 200, 200, 404, 404];
    let reviewers: [u16; N] = [401, 403, 403, 403, 403, 403, 403, 403, 200, 200, 403, 200];
    let city_admins: [u16; N] = [401, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403];
    let report_handlers: [u16; N] = [401, 403, 403, 200, 200, 200, 200, 403, 200, 200, 403, 200];
    let card_writers = |ok: u16| {
        let mut s = [404; N];
        s[0] = 401;
        s[3] = ok;
        s[4] = ok;
        s
    };
    let card_reviewers = |ok: u16| {
        let mut s = [404; N];
        s[0] = 401;
        s[8] = ok;
        s[9] = ok;
        s
    };
    let as_201 = |row: [u16; N]| row.map(|s| if s == 200 { 201 } else { s });
    // Organisation A's administrator only (with `ok`); everyone else signed in 403.
    let org_admin_only = |ok: u16| {
        let mut s = [403; N];
        s[0] = 401;
        s[3] = ok;
        s
    };
    let new_space =
        json!({"tenant": "milano", "name": "Spazio WeMi Test", "address": "Via Test 1, Milano"});
    let invite_staff =
        json!({"email": "new@example.org", "role": "provider_staff", "organisation": org_a});
    let signup = json!({"email": "nuova.persona@example.org", "password": "una-password-lunga-123",
                        "display_name": "Nuova Persona", "language": "it",
                        "privacy_version": "2026-11", "accept_privacy": true});
    vec![
        ("GET", "/api/v1/services".into(), None, public),
        ("GET", "/api/v1/services/suggest?q=bad".into(), None, public),
        ("GET", format!("/api/v1/services/{card}"), None, public),
        (
            "GET",
            format!("/api/v1/organisations/{org_a}"),
            None,
            public,
        ),
        ("GET", "/api/v1/catalogue".into(), None, public),
        ("GET", "/api/v1/zones".into(), None, public),
        ("GET", "/api/v1/spaces".into(), None, public),
        ("GET", format!("/api/v1/spaces/{space}"), None, public),
        // The public account routes answer everyone alike (no account is revealed).
        ("POST", "/api/v1/auth/signup".into(), Some(signup), [202; N]),
        (
            "POST",
            "/api/v1/auth/verify-email".into(),
            Some(json!({"token": "nope", "password": "una-password-lunga-123"})),
            [422; N],
        ),
        (
            "POST",
            "/api/v1/auth/login".into(),
            Some(json!({"email": "nobody@example.org", "password": "wrong-password-123"})),
            [401; N],
        ),
        (
            "POST",
            "/api/v1/auth/password-reset".into(),
            Some(json!({"email": "nobody@example.org"})),
            [202; N],
        ),
        (
            "POST",
            "/api/v1/auth/password-reset/confirm".into(),
            Some(json!({"token": "nope", "password": "una-password-lunga-123"})),
            [422; N],
        ),
        (
            "POST",
            "/api/v1/auth/refresh".into(),
            Some(json!({})),
            [401; N],
        ),
        (
            "POST",
            "/api/v1/auth/logout".into(),
            Some(json!({})),
            [204; N],
        ),
        ("GET", "/api/v1/me".into(), None, signed_in),
        (
            "PATCH",
            "/api/v1/me".into(),
            Some(json!({"display_name": "Nome Nuovo", "language": "en"})),
            signed_in,
        ),
        ("GET", "/api/v1/me/export".into(), None, signed_in),
        ("GET", "/api/v1/me/sessions".into(), None, signed_in),
        (
            "DELETE",
            format!("/api/v1/me/sessions/{nobody}"),
            None,
            signed_in_as(404),
        ),
        (
            "DELETE",
            "/api/v1/me/sessions".into(),
            None,
            signed_in_as(204),
        ),
        // Accounts created by an administrator have no password yet: re-checks fail.
        (
            "POST",
            "/api/v1/me/password".into(),
            Some(
                json!({"current_password": "wrong-password-123", "new_password": "una-password-lunga-123"}),
            ),
            signed_in_as(422),
        ),
        (
            "POST",
            "/api/v1/me/email".into(),
            Some(json!({"password": "wrong-password-123", "new_email": "altro@example.org"})),
            signed_in_as(422),
        ),
        (
            "DELETE",
            "/api/v1/me".into(),
            Some(json!({"password": "wrong-password-123"})),
            signed_in_as(422),
        ),
        ("GET", "/api/v1/audit".into(), None, audit),
        (
            "POST",
            "/api/v1/invitations".into(),
            Some(invite_staff),
            as_201(org_admins),
        ),
        (
            "POST",
            "/api/v1/invitations/accept".into(),
            Some(json!({"token": "nope"})),
            signed_in_as(422),
        ),
        (
            "POST",
            "/api/v1/invitations/preview".into(),
            Some(json!({"token": "nope"})),
            [422; N],
        ),
        (
            "GET",
            format!("/api/v1/organisations/{org_a}/members"),
            None,
            org_admins,
        ),
        (
            "DELETE",
            format!("/api/v1/organisations/{org_a}/members/{nobody}"),
            None,
            as_404(org_admins),
        ),
        (
            "POST",
            "/api/v1/spaces".into(),
            Some(new_space),
            as_201(milano_admins),
        ),
        (
            "GET",
            format!("/api/v1/spaces/{space}/members"),
            None,
            milano_admins,
        ),
        (
            "DELETE",
            format!("/api/v1/spaces/{space}/members/{nobody}"),
            None,
            as_404(milano_admins),
        ),
        // The needs families shared with the space: its operators only.
        ("GET", format!("/api/v1/spaces/{space}/demands"), None, {
            let mut s = [403; N];
            s[0] = 401;
            s[7] = 200;
            s
        }),
        // Cards in the reserved area. `card` is a published card of organisation A: its
        // staff and admins (provider side) and Milan's reviewers and admins (review side)
        // reach it; everyone else is told it does not exist. Changes sent without
        // If-Match stop at 428 once authorization and the card's state allow them.
        ("GET", "/api/v1/cards".into(), None, providers),
        (
            "POST",
            "/api/v1/cards".into(),
            Some(
                json!({"organisation": org_a, "content": {"title": "Nuova scheda",
                "category": kind.0, "accreditation_type": kind.1}}),
            ),
            as_201(org_a_writers),
        ),
        ("GET", format!("/api/v1/cards/{card}"), None, card_readers),
        (
            "GET",
            format!("/api/v1/cards/{card}/diff?from=published&to=published"),
            None,
            card_readers,
        ),
        (
            "PUT",
            format!("/api/v1/cards/{card}/draft"),
            Some(json!({"title": "Titolo nuovo"})),
            card_writers(428),
        ),
        (
            "POST",
            format!("/api/v1/cards/{card}/submit"),
            None,
            card_writers(409),
        ),
        (
            "POST",
            format!("/api/v1/cards/{card}/withdraw"),
            None,
            card_writers(409),
        ),
        (
            "POST",
            format!("/api/v1/cards/{card}/archive"),
            None,
            card_writers(428),
        ),
        (
            "POST",
            format!("/api/v1/cards/{card}/restore"),
            None,
            card_writers(409),
        ),
        (
            "POST",
            format!("/api/v1/cards/{card}/confirm"),
            None,
            card_writers(428),
        ),
        (
            "POST",
            format!("/api/v1/cards/{card}/duplicate"),
            None,
            card_writers(201),
        ),
        (
            "POST",
            format!("/api/v1/cards/{card}/approve"),
            None,
            card_reviewers(409),
        ),
        (
            "POST",
            format!("/api/v1/cards/{card}/request-changes"),
            Some(json!({"comment": "Manca il prezzo"})),
            card_reviewers(409),
        ),
        (
            "POST",
            format!("/api/v1/cards/{card}/unpublish"),
            Some(json!({"reason": "Informazioni non corrette"})),
            card_reviewers(428),
        ),
        (
            "GET",
            format!("/api/v1/cards/{card}/preview"),
            None,
            card_readers,
        ),
        ("GET", "/api/v1/review-queue".into(), None, reviewers),
        ("GET", "/api/v1/me/notifications".into(), None, signed_in),
        (
            "GET",
            "/api/v1/me/notifications/count".into(),
            None,
            signed_in,
        ),
        // Anyone may report a published card (no account; only the rate limit per
        // client counts, so the matrix reports a card that does not exist).
        (
            "POST",
            format!("/api/v1/services/{nobody}/reports"),
            Some(json!({"reason": "wrong_hours"})),
            [404; N],
        ),
        ("GET", "/api/v1/reports".into(), None, report_handlers),
        (
            "GET",
            "/api/v1/organisations?tenant=milano".into(),
            None,
            public,
        ),
        // Suspended by Milan's administrator, then reinstated at once (the rows after
        // these see the organisation accredited again).
        (
            "POST",
            format!("/api/v1/organisations/{org_a}/suspend"),
            Some(json!({"reason": "Verifica dei requisiti"})),
            city_admins,
        ),
        (
            "POST",
            format!("/api/v1/organisations/{org_a}/reinstate"),
            None,
            city_admins,
        ),
        // The register: Milan's administrators (a new organisation: 201; a change
        // without If-Match: 428, after authorization).
        (
            "POST",
            "/api/v1/organisations".into(),
            Some(
                json!({"tenant": "milano", "legal_name": "Cooperativa Matrice",
                        "legal_form": "coop-sociale",
                        "vat_number": domicilia::domain::vat_number::VatNumber::from_base(4_400_000_001).as_str(),
                        "accreditation_types": [kind.1.clone()], "is_consortium": false,
                        "members": []}),
            ),
            as_201(city_admins),
        ),
        (
            "PUT",
            format!("/api/v1/organisations/{org_a}/register"),
            Some(
                json!({"legal_name": "Cooperativa Matrice A", "legal_form": "coop-sociale",
                        "vat_number": domicilia::domain::vat_number::VatNumber::from_base(4_400_000_002).as_str(),
                        "accreditation_types": [kind.1.clone()], "is_consortium": false,
                        "members": []}),
            ),
            city_admins.map(|s| if s == 200 { 428 } else { s }),
        ),
        // The profile and logo: the organisation's administrators only (without If-Match
        // they get 428, and a JSON body is no image: 415, after authorization).
        (
            "PUT",
            format!("/api/v1/organisations/{org_a}/profile"),
            Some(json!({"description": "Cooperativa", "languages": ["it"]})),
            org_admin_only(428),
        ),
        (
            "PUT",
            format!("/api/v1/organisations/{org_a}/logo"),
            Some(json!({"logo": "not an image"})),
            org_admin_only(415),
        ),
        (
            "DELETE",
            format!("/api/v1/organisations/{org_a}/logo"),
            None,
            org_admin_only(428),
        ),
        (
            "GET",
            format!("/api/v1/organisations/{org_a}/logo"),
            None,
            [404; N],
        ),
        (
            "POST",
            format!("/api/v1/reports/{nobody}/resolve"),
            Some(json!({"outcome": "no_change"})),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/me/notifications/{nobody}/read"),
            None,
            signed_in_as(404),
        ),
        (
            "POST",
            "/api/v1/me/notifications/read-all".into(),
            None,
            signed_in_as(204),
        ),
        // Contact (issue 11): families send requests; each side reaches only its own
        // threads, quotes and orders (by id: 404 for anyone else, tested with real
        // ids in contact.rs); a provider's inbox is for staff.
        (
            "POST",
            "/api/v1/requests".into(),
            Some(
                json!({"cards": [card], "message": "Buongiorno", "consent": true,
                        "need": {"age_band": "elderly", "frequency": "weekly"}}),
            ),
            {
                let mut s = [403; N];
                s[0] = 401;
                s[1] = 201;
                s
            },
        ),
        ("GET", "/api/v1/requests".into(), None, signed_in),
        (
            "GET",
            format!("/api/v1/requests/{nobody}"),
            None,
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/requests/{nobody}/withdraw"),
            None,
            signed_in_as(404),
        ),
        ("GET", "/api/v1/threads".into(), None, providers),
        (
            "GET",
            format!("/api/v1/threads/{nobody}"),
            None,
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/threads/{nobody}/messages"),
            Some(json!({"body": "Buongiorno"})),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/threads/{nobody}/decline"),
            Some(json!({"reason": "no_capacity"})),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/threads/{nobody}/close"),
            None,
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/threads/{nobody}/quotes"),
            Some(
                json!({"lines": [{"description": "Ore", "unit": "hour", "quantity_milli": 1000,
                                   "unit_price_cents": 2000, "vat_rate_bp": 500}],
                        "valid_until": "2099-01-01"}),
            ),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/quotes/{nobody}/counter-proposals"),
            Some(json!({"total_cents": 1000})),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/quotes/{nobody}/accept"),
            Some(json!({})),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/counter-proposals/{nobody}/answer"),
            Some(json!({"decision": "decline"})),
            signed_in_as(404),
        ),
        ("GET", "/api/v1/orders".into(), None, signed_in),
        (
            "GET",
            format!("/api/v1/orders/{nobody}"),
            None,
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/orders/{nobody}/confirm"),
            Some(json!({})),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/orders/{nobody}/cancel"),
            Some(json!({"reason": "no_longer_needed"})),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/orders/{nobody}/review"),
            Some(
                json!({"ratings": {"punctuality": 5, "competence": 5, "kindness": 5, "value": 5},
                        "body": "Ottimo"}),
            ),
            signed_in_as(404),
        ),
        // The carers' registry (issue 12). No registration exists before the carer's PUT.
        ("GET", "/api/v1/matching/vocabulary".into(), None, public),
        ("GET", "/api/v1/me/carer".into(), None, signed_in_as(404)),
        (
            "PUT",
            "/api/v1/me/carer".into(),
            Some(
                json!({"first_name": "Rosa", "roles": ["badante"], "skills": [],
                        "languages": [{"code": "it", "level": "native"}], "zones": ["MI-M5"],
                        "week": {}, "arrangements": ["hourly"], "hourly_cents": 1100,
                        "monthly_cents": null, "experience_years": 3, "references": "",
                        "space": null}),
            ),
            {
                let mut s = [403; N];
                s[0] = 401;
                s[2] = 201;
                s
            },
        ),
        //                                       anon cit  carer adm_a stf_a stf_b adm_b oper rev  m_adm plat other
        (
            "GET",
            "/api/v1/registry/carers".into(),
            None,
            [401, 403, 403, 403, 403, 403, 403, 200, 200, 200, 403, 200],
        ),
        (
            "GET",
            format!("/api/v1/registry/carers/{nobody}"),
            None,
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/registry/carers/{nobody}/steps"),
            Some(json!({"action": "interview"})),
            signed_in_as(404),
        ),
        (
            "GET",
            format!("/api/v1/carers/{nobody}"),
            None,
            signed_in_as(404),
        ),
        // Certificates: one's own registration (the matrix's carer applied above; a JSON
        // body is no file: 415), the registry's operators decide.
        (
            "POST",
            "/api/v1/me/carer/documents?kind=oss".into(),
            Some(json!({"file": "x"})),
            {
                let mut s = [404; N];
                s[0] = 401;
                s[2] = 415;
                s
            },
        ),
        (
            "DELETE",
            format!("/api/v1/me/carer/documents/{nobody}"),
            None,
            signed_in_as(404),
        ),
        (
            "GET",
            format!("/api/v1/carer-documents/{nobody}"),
            None,
            signed_in_as(404),
        ),
        // A carer's photo: one's own registration (a JSON body is no image: 415); its
        // address is its own permission (anything else: 404 for everyone).
        (
            "PUT",
            "/api/v1/me/carer/photo".into(),
            Some(json!({"file": "x"})),
            {
                let mut s = [404; N];
                s[0] = 401;
                s[2] = 415;
                s
            },
        ),
        ("DELETE", "/api/v1/me/carer/photo".into(), None, {
            let mut s = [404; N];
            s[0] = 401;
            s[2] = 200;
            s
        }),
        (
            "GET",
            format!("/api/v1/carer-photos/{}?v={nobody}", "A".repeat(70)),
            None,
            [404; N],
        ),
        (
            "POST",
            format!("/api/v1/registry/carers/{nobody}/documents/{nobody}"),
            Some(json!({"decision": "verify"})),
            signed_in_as(404),
        ),
        // Families' needs (issue 12): citizens describe them; only the owner's are found.
        (
            "GET",
            "/api/v1/matching/eligibility?isee_cents=1000000".into(),
            None,
            public,
        ),
        ("POST", "/api/v1/demands".into(), Some(demand()), {
            let mut s = [403; N];
            s[0] = 401;
            s[1] = 201;
            s
        }),
        ("GET", "/api/v1/demands".into(), None, signed_in),
        (
            "GET",
            format!("/api/v1/demands/{nobody}"),
            None,
            signed_in_as(404),
        ),
        (
            "PUT",
            format!("/api/v1/demands/{nobody}"),
            Some(demand()),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/demands/{nobody}/status"),
            Some(json!({"status": "paused"})),
            signed_in_as(404),
        ),
        (
            "GET",
            format!("/api/v1/demands/{nobody}/matches"),
            None,
            signed_in_as(404),
        ),
        // Matches (issue 12): the carer's needs (the matrix's carer applied above and is
        // not listed: 409), a family's contact, the two sides' conversation.
        ("GET", "/api/v1/me/carer/demands".into(), None, {
            let mut s = [403; N];
            s[0] = 401;
            s[2] = 409;
            s
        }),
        (
            "POST",
            format!("/api/v1/me/carer/demands/{nobody}/interest"),
            Some(json!({"message": "Buongiorno"})),
            {
                let mut s = [403; N];
                s[0] = 401;
                s[2] = 409;
                s
            },
        ),
        (
            "POST",
            format!("/api/v1/demands/{nobody}/carers/{nobody}/contact"),
            Some(json!({"message": "Buongiorno"})),
            {
                let mut s = [403; N];
                s[0] = 401;
                s[1] = 404;
                s
            },
        ),
        ("GET", "/api/v1/matches".into(), None, signed_in),
        (
            "GET",
            format!("/api/v1/matches/{nobody}"),
            None,
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/matches/{nobody}/messages"),
            Some(json!({"body": "Buongiorno"})),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/matches/{nobody}/status"),
            Some(json!({"action": "decline"})),
            signed_in_as(404),
        ),
        // Shared services (issue 12): only the owner's needs and the groups they are in
        // are found.
        (
            "GET",
            format!("/api/v1/demands/{nobody}/pool"),
            None,
            signed_in_as(404),
        ),
        (
            "POST",
            "/api/v1/groups".into(),
            Some(json!({"demand": nobody, "invite": [uuid::Uuid::now_v7()]})),
            signed_in_as(404),
        ),
        ("GET", "/api/v1/groups".into(), None, signed_in),
        (
            "GET",
            format!("/api/v1/groups/{nobody}"),
            None,
            signed_in_as(404),
        ),
        (
            "GET",
            format!("/api/v1/groups/{nobody}/offers"),
            None,
            signed_in_as(404),
        ),
        (
            "GET",
            format!("/api/v1/groups/{nobody}/carers"),
            None,
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/groups/{nobody}/answer"),
            Some(json!({"action": "join"})),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/groups/{nobody}/members"),
            Some(json!({"demand": nobody})),
            signed_in_as(404),
        ),
        // Favourites and saved searches (issue 12): each person's own.
        (
            "GET",
            "/api/v1/me/favourites".into(),
            None,
            signed_in_as(200),
        ),
        (
            "PUT",
            format!("/api/v1/me/favourites/services/{card}"),
            None,
            signed_in_as(204),
        ),
        (
            "DELETE",
            format!("/api/v1/me/favourites/services/{card}"),
            None,
            signed_in_as(204),
        ),
        (
            "PUT",
            format!("/api/v1/me/favourites/carers/{nobody}"),
            None,
            signed_in_as(404),
        ),
        (
            "DELETE",
            format!("/api/v1/me/favourites/carers/{nobody}"),
            None,
            signed_in_as(204),
        ),
        ("GET", "/api/v1/me/saved-searches".into(), None, signed_in),
        (
            "POST",
            "/api/v1/me/saved-searches".into(),
            Some(json!({"name": "Badanti", "query": "q=badante", "alert": true})),
            signed_in_as(201),
        ),
        (
            "PATCH",
            format!("/api/v1/me/saved-searches/{nobody}"),
            Some(json!({"alert": false})),
            signed_in_as(404),
        ),
        (
            "DELETE",
            format!("/api/v1/me/saved-searches/{nobody}"),
            None,
            signed_in_as(404),
        ),
        (
            "POST",
            "/api/v1/saved-searches/unsubscribe".into(),
            Some(json!({"token": "not-a-link"})),
            [422; N],
        ),
        // The mail clients' one click: anyone (the token is the authority); a JSON body
        // is no form (415), for everyone alike.
        (
            "POST",
            "/api/v1/saved-searches/one-click?token=not-a-link".into(),
            Some(json!({})),
            [415; N],
        ),
        ("GET", "/api/v1/reviews".into(), None, reviewers),
        (
            "POST",
            format!("/api/v1/reviews/{nobody}/publish"),
            Some(json!({})),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/reviews/{nobody}/reject"),
            Some(json!({"note": "No"})),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/reviews/{nobody}/reply"),
            Some(json!({"body": "Grazie"})),
            signed_in_as(404),
        ),
        (
            "POST",
            format!("/api/v1/reviews/{nobody}/report"),
            Some(json!({"details": "Offensiva"})),
            signed_in_as(404),
        ),
        (
            "GET",
            format!("/api/v1/services/{card}/reviews"),
            None,
            public,
        ),
        (
            "GET",
            format!("/api/v1/organisations/{org_a}/reviews"),
            None,
            public,
        ),
        // The organisation's own administrators only (not the platform's).
        (
            "GET",
            format!("/api/v1/organisations/{org_a}/threads/export"),
            None,
            {
                let mut s = [404; N];
                s[0] = 401;
                s[3] = 200;
                s
            },
        ),
        // A JSON body is no file: authorization first (404: no thread of yours).
        (
            "POST",
            format!("/api/v1/threads/{nobody}/attachments"),
            Some(json!({"file": "x"})),
            signed_in_as(404),
        ),
        (
            "GET",
            format!("/api/v1/attachments/{nobody}"),
            None,
            signed_in_as(404),
        ),
    ]
}

#[tokio::test]
async fn every_route_for_every_caller() {
    let app = spawn_app(Data::Demo).await;
    let ids = setup(&app).await;
    let mut tokens = std::collections::HashMap::new();
    for who in &CALLERS[1..] {
        tokens.insert(*who, app.token_for(&format!("{who}@example.org")).await);
    }
    let mut failures = Vec::new();
    for (method, path, body, expected) in rows(&ids) {
        for (i, who) in CALLERS.iter().enumerate() {
            // Rate limits (tested on their own) would turn the eleven sign-in attempts
            // from one address into 429s: each caller starts afresh.
            app.db
                .execute_unprepared("DELETE FROM rate_events")
                .await
                .unwrap();
            let mut req = app
                .client
                .request(method.parse().unwrap(), format!("{}{path}", app.address));
            if let Some(t) = tokens.get(who) {
                req = req.bearer_auth(t);
            }
            if let Some(b) = &body {
                req = req.json(b);
            }
            let got = req.send().await.unwrap().status().as_u16();
            if got != expected[i] {
                failures.push(format!(
                    "{method} {path} as {who}: {got}, expected {}",
                    expected[i]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The other tenant's admin sees none of Milan's people in the audit log.
    let other: Value = app
        .client
        .get(format!("{}/api/v1/audit?per_page=100", app.address))
        .bearer_auth(&tokens["other_tenant_admin"])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let own: Value = app
        .client
        .get(format!("{}/api/v1/me", app.address))
        .bearer_auth(&tokens["other_tenant_admin"])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = other["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items.iter().all(|e| e["subject"] == own["id"]),
        "only events about its own tenant's people: {other}"
    );
}

#[test]
fn every_route_is_in_the_matrix() {
    let ids = Ids {
        card: "{id}".into(),
        kind: (String::new(), String::new()),
        org_a: "{id}".into(),
        space: "{id}".into(),
    };
    let covered: std::collections::BTreeSet<(String, String)> = rows(&ids)
        .into_iter()
        .map(|(m, p, ..)| {
            // Normalise concrete ids back to the document's templates.
            let p = p
                .split('?')
                .next()
                .unwrap_or_default()
                .split('/')
                .map(|seg| {
                    // An id, or an opaque token (a signed address's).
                    let token = seg.len() >= 40
                        && seg
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
                    if seg == "{id}" || uuid::Uuid::parse_str(seg).is_ok() || token {
                        "{}"
                    } else {
                        seg
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            (m.to_owned(), p)
        })
        .collect();
    let spec = domicilia::startup::openapi();
    let mut missing = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        let template = path
            .split('/')
            .map(|seg| if seg.starts_with('{') { "{}" } else { seg })
            .collect::<Vec<_>>()
            .join("/");
        for m in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            let present = item.get(m.to_ascii_lowercase()).is_some();
            if present && !covered.contains(&(m.to_owned(), template.clone())) {
                missing.push(format!("{m} {path}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "routes without a matrix row: {missing:?}"
    );
}
