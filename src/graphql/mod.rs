//! The GraphQL API (async-graphql): schema, object types, loaders, error mapping.
//!
//! Resolvers reach the store through per-request DataLoaders and the relationship
//! model through the live snapshot; errors leave through [`error`] only.

mod analytics;
mod context;
mod coverage;
mod error;
mod ids;
mod loaders;
mod mutation;
mod pagination;
mod query;
mod scalars;
mod types;

pub use context::ApiContext;
pub use loaders::loaders;

use async_graphql::{EmptySubscription, Schema};

/// The schema type served.
pub type AppSchema = Schema<query::QueryRoot, mutation::MutationRoot, EmptySubscription>;

/// Builds the schema; `context` is shared by every request. Each request must also
/// carry its own loader ([`loaders`]).
pub fn build_schema(context: Option<ApiContext>) -> AppSchema {
    let mut builder = Schema::build(query::QueryRoot, mutation::MutationRoot, EmptySubscription);
    if let Some(context) = context {
        builder = builder.data(context);
    }
    builder.finish()
}

/// The schema in SDL, as `schema.graphql` holds it.
pub fn sdl() -> String {
    build_schema(None).sdl()
}
