//! peacenet: a GraphQL service for stakeholder network analysis in peacebuilding.
//!
//! Layers, each depending only on those below it:
//! - [`http`]: the axum router (`/graphql`, GraphiQL, `/health`, `/metrics`);
//! - [`graphql`]: the async-graphql schema, its loaders and error mapping;
//! - [`snapshot`]: the live relationship model, rebuilt after each committed write;
//! - [`store`] (sea-orm, the ground truth) and [`network`] (petgraph, derived, pure);
//! - [`bundle`]: the CSV interchange format;
//! - [`domain`]: validated values and records shared by all of them.
//!
//! [`app`] wires them together; [`config`] holds the settings.

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
pub mod snapshot;
pub mod store;
