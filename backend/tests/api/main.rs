//! API tests: each test gets its own application on port 0 and its own database, cloned
//! from a template (SQLite file copy, or PostgreSQL `CREATE DATABASE … TEMPLATE`).
//! `TEST_DATABASE_URL=postgres://…` runs the whole suite on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)] // test code: a panic is a failed test
mod auth;
mod authz_matrix;
mod card_concurrency;
mod card_reports;
mod card_workflow;
mod carer_documents;
mod carer_photo;
mod carer_privacy;
mod carers;
mod catalogue;
mod contact;
mod contact_concurrency;
mod contract;
mod db_down;
mod demands;
mod demo_history;
mod erasure_races;
mod favourites;
mod fixtures;
mod ground;
mod group_carers;
mod group_offers;
mod groups;
mod helpers;
mod invitations;
mod jobs;
mod log_privacy;
mod mail;
mod match_endings;
mod matches;
mod operations;
mod organisations;
mod pages;
mod profiles;
mod register;
mod relevance;
mod review_queue;
mod search;
mod search_forgiving;
mod service_card;
mod sessions;
mod smtp_sink;
mod spaces;
