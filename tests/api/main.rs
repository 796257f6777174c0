//! Integration tests through the public surfaces: GraphQL over HTTP, the CLI and the
//! bundle format. Each test gets a freshly migrated database: SQLite by default,
//! PostgreSQL when `DATABASE_URL` points at one.

// A failed expectation in a test should panic with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod analytics;
mod bundles;
mod chaos;
mod cli;
mod coverage;
mod exports;
mod faults;
mod generated;
mod helpers;
mod http;
mod large_meeting;
mod limits;
mod live;
mod migrations;
mod model;
mod mutations;
mod nested;
mod operations;
mod pages;
mod privacy;
mod replicas;
mod suppression;
mod who_met;
mod workbooks;
