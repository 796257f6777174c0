//! peacenet: a GraphQL service for stakeholder network analysis in peacebuilding.
//!
//! Layers, each depending only on those below it:
//! - [`http`]: the axum router: `/graphql` (POST, GET, GraphiQL), `/graphql/ws`
//!   (subscriptions), `/exports`, the explorer and import pages, `/health`,
//!   `/ready` and `/metrics`;
//! - [`graphql`]: the async-graphql schema, its loaders and error codes;
//! - [`access`]: the one gate, a request's view (what its reader may see and do);
//! - [`auth`]: API keys, who is asking;
//! - [`snapshot`]: the live relationship model, patched or rebuilt when the data
//!   version moves;
//! - [`export`]: the graphs for Gephi and Kumu, built on the network;
//! - [`store`] (sea-orm, the ground truth) and [`network`] (petgraph, derived, pure);
//! - [`bundle`]: the interchange format (CSV files, a zip of them, or a workbook);
//! - [`domain`]: validated values and records shared by all of them.
//!
//! [`app`] wires them together; [`config`] holds the settings; [`demo`] is the
//! demo bundle and [`generate`] the synthetic bundle generator; [`random`] is the
//! seeded generator that sampling and generation draw from.

pub mod access;
pub mod app;
pub mod auth;
pub mod bundle;
pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod generate;
pub mod graphql;
pub mod http;
pub mod network;
pub mod random;
pub mod snapshot;
pub mod store;
