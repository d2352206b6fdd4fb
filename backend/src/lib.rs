//! Domicilia: the home-care and family services platform of a municipality.
pub mod api;
pub mod auth;
pub mod config;
pub mod db;
pub mod domain;
pub mod entities;
pub mod error;
pub mod input;
pub mod jobs;
pub mod mail;
pub mod metrics;
pub mod reference;
pub mod routes;
pub mod seed;
pub mod services;
pub mod startup;
pub mod telemetry;
