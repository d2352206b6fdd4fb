//! HTTP handlers: parse, call a service, map to a DTO. One module per resource.
pub mod audit;
pub mod auth;
pub mod cards_admin;
pub mod carers;
pub mod catalogue;
pub mod contact;
pub mod demands;
pub mod favourites;
pub mod groups;
pub mod health;
pub mod invitations;
pub mod matches;
pub mod me;
pub mod methods;
pub mod notifications;
pub mod openapi;
pub mod organisations;
pub mod quotes;
pub mod reports;
pub mod reviews;
pub mod services;
pub mod spaces;

use crate::db::Db;
use crate::domain::Clock;
use crate::metrics::Metrics;
use crate::reference::Reference;
use actix_web::web;
use chrono::{DateTime, Utc};
use std::sync::Arc;
use utoipa_actix_web::{scope, service_config::ServiceConfig};

/// A stored file, always as an attachment (never shown in the page), its name in
/// `Content-Disposition` both plain (ASCII) and encoded (RFC 5987), never cached.
pub(crate) fn file_download(
    filename: &str,
    content_type: &str,
    bytes: bytes::Bytes,
) -> actix_web::HttpResponse {
    use actix_web::http::header;
    let ascii: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    actix_web::HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"),
        ))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(bytes)
}

/// Shared, immutable per-process state.
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub reference: Arc<Reference>,
    pub search: Arc<crate::search::Engine>,
    pub access_tokens: crate::auth::tokens::AccessTokens,
    /// Signs and checks the links in mails that act without signing in.
    pub links: crate::auth::links::LinkSigner,
    pub hasher: crate::auth::password::Hasher,
    pub public_url: String,
    pub trusted_proxies: crate::domain::client_addr::TrustedProxies,
    /// Uploaded files (logos).
    pub storage: crate::storage::Storage,
    /// Working days a provider has to answer a new thread.
    pub answer_working_days: u32,
}

impl AppState {
    /// The time, from the injected clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Makes carers' photos' addresses for a response made now.
    pub fn photos(&self) -> crate::services::carers::PhotoLinks<'_> {
        crate::services::carers::PhotoLinks::new(&self.links, self.now())
    }
}

pub type State = web::Data<AppState>;
pub type MetricsData = web::Data<Metrics>;

/// The `/api/v1` routes: the route table is the OpenAPI document.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope::scope("/api/v1")
            .service(services::search_services)
            .service(services::suggest_services)
            .service(services::get_service)
            .service(organisations::list_organisations)
            .service(organisations::register_organisation)
            .service(organisations::update_organisation_register)
            .service(organisations::get_organisation)
            .service(organisations::save_organisation_profile)
            .service(organisations::get_organisation_logo)
            .service(organisations::put_organisation_logo)
            .service(organisations::delete_organisation_logo)
            .service(organisations::suspend_organisation)
            .service(organisations::reinstate_organisation)
            .service(catalogue::get_catalogue)
            .service(catalogue::list_zones)
            .service(auth::signup)
            .service(auth::verify_email)
            .service(auth::login)
            .service(auth::refresh)
            .service(auth::logout)
            .service(auth::request_password_reset)
            .service(auth::confirm_password_reset)
            .service(me::me)
            .service(me::export_me)
            .service(me::delete_me)
            .service(me::change_password)
            .service(me::change_email)
            .service(me::update_me)
            .service(me::list_sessions)
            .service(me::end_other_sessions)
            .service(me::end_session)
            .service(audit::search_audit)
            .service(invitations::create_invitation)
            .service(invitations::accept_invitation)
            .service(invitations::preview_invitation)
            .service(invitations::list_members)
            .service(invitations::remove_member)
            .service(carers::get_matching_vocabulary)
            .service(carers::get_my_carer_registration)
            .service(carers::save_my_carer_registration)
            .service(carers::list_registrations)
            .service(carers::get_registration)
            .service(carers::step_registration)
            .service(carers::get_carer)
            .service(carers::upload_certificate)
            .service(carers::delete_certificate)
            .service(carers::get_certificate)
            .service(carers::decide_certificate)
            .service(carers::put_my_carer_photo)
            .service(carers::delete_my_carer_photo)
            .service(carers::get_carer_photo)
            .service(demands::check_eligibility)
            .service(demands::create_demand)
            .service(demands::list_demands)
            .service(demands::get_demand)
            .service(demands::list_space_demands)
            .service(demands::update_demand)
            .service(demands::set_demand_status)
            .service(demands::list_demand_matches)
            .service(matches::list_my_carer_demands)
            .service(matches::express_interest)
            .service(matches::contact_carer)
            .service(matches::list_matches)
            .service(matches::get_match)
            .service(matches::post_match_message)
            .service(matches::step_match)
            .service(groups::list_pool_candidates)
            .service(groups::create_group)
            .service(groups::list_groups)
            .service(groups::get_group)
            .service(groups::list_group_offers)
            .service(groups::list_group_carers)
            .service(groups::answer_group)
            .service(groups::invite_to_group)
            .service(spaces::list_spaces)
            .service(spaces::get_space)
            .service(spaces::create_space)
            .service(spaces::list_space_members)
            .service(spaces::remove_space_member)
            .service(cards_admin::list_my_cards)
            .service(cards_admin::create_card)
            .service(cards_admin::get_card)
            .service(cards_admin::save_card_draft)
            .service(cards_admin::submit_card)
            .service(cards_admin::withdraw_card)
            .service(cards_admin::archive_card)
            .service(cards_admin::restore_card)
            .service(cards_admin::confirm_card)
            .service(cards_admin::duplicate_card)
            .service(cards_admin::diff_card_versions)
            .service(cards_admin::preview_card)
            .service(cards_admin::approve_card)
            .service(cards_admin::request_card_changes)
            .service(cards_admin::unpublish_card)
            .service(cards_admin::get_review_queue)
            .service(favourites::list_favourites)
            .service(favourites::save_favourite_service)
            .service(favourites::remove_favourite_service)
            .service(favourites::save_favourite_carer)
            .service(favourites::remove_favourite_carer)
            .service(favourites::list_saved_searches)
            .service(favourites::create_saved_search)
            .service(favourites::update_saved_search)
            .service(favourites::delete_saved_search)
            .service(favourites::unsubscribe_saved_search)
            .service(favourites::unsubscribe_saved_search_one_click)
            .service(notifications::list_notifications)
            .service(notifications::count_notifications)
            .service(notifications::read_all_notifications)
            .service(notifications::read_notification)
            .service(reports::report_service)
            .service(reports::list_reports)
            .service(reports::resolve_report)
            .service(contact::create_request)
            .service(contact::list_requests)
            .service(contact::get_request)
            .service(contact::withdraw_request)
            .service(contact::list_threads)
            .service(contact::get_thread)
            .service(contact::post_message)
            .service(contact::decline_thread)
            .service(contact::close_thread)
            .service(contact::upload_attachment)
            .service(contact::get_attachment)
            .service(contact::export_organisation_threads)
            .service(quotes::create_quote)
            .service(quotes::create_counter_proposal)
            .service(quotes::answer_counter_proposal)
            .service(quotes::accept_quote)
            .service(quotes::list_orders)
            .service(quotes::get_order)
            .service(quotes::confirm_order)
            .service(quotes::cancel_order)
            .service(reviews::review_order)
            .service(reviews::list_reviews)
            .service(reviews::publish_review)
            .service(reviews::reject_review)
            .service(reviews::reply_review)
            .service(reviews::report_review)
            .service(reviews::get_service_reviews)
            .service(reviews::get_organisation_reviews),
    );
}
