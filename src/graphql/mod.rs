//! The GraphQL API (async-graphql): schema, object types, loaders, error mapping.
//!
//! Resolvers reach the store through per-request DataLoaders and the relationship
//! model through the live snapshot. Every error leaves with an [`ErrorCode`]: those of
//! resolvers through [`error`] only, the engine's own through [`engine`].

mod analytics;
mod audit;
mod blocking;
mod code;
mod context;
mod coverage;
mod deadline;
mod engine;
mod error;
mod ids;
mod import;
mod limits;
mod loaders;
mod mutation;
mod pagination;
mod persisted;
mod pseudonyms;
mod query;
mod scalars;
mod steps;
mod subscription;
mod types;
mod vocabulary;

pub use crate::access::pseudonyms::pseudonym;
pub use audit::{AuditEvent, AuditTrail};
pub use code::ErrorCode;
pub use context::ApiContext;
pub use deadline::Deadline;
pub use limits::{MAX_STRING_CHARS, TooLong, count_aliases, too_long};
pub use loaders::loaders;
pub use persisted::persisted_query_not_found;
pub use steps::Steps;

use async_graphql::Schema;
use async_graphql::extensions::apollo_persisted_queries::LruCacheStorage;

/// The schema type served.
pub type AppSchema =
    Schema<query::QueryRoot, mutation::MutationRoot, subscription::SubscriptionRoot>;

/// What a query may ask for, set once for the schema.
#[derive(Clone)]
pub struct Limits {
    pub max_depth: usize,
    pub max_complexity: usize,
    /// Whether `__schema` and `__type` answer.
    pub introspection: bool,
    /// The bounded cache of automatic persisted queries (shared with the HTTP layer).
    pub persisted_queries: LruCacheStorage,
}

/// Builds the schema; `context` is shared by every request. Each request must also
/// carry its own loader ([`loaders`]) and reader.
pub fn build_schema(context: Option<ApiContext>, limits: Option<Limits>) -> AppSchema {
    let mut builder = Schema::build(
        query::QueryRoot,
        mutation::MutationRoot::default(),
        subscription::SubscriptionRoot,
    );
    if let Some(context) = context {
        builder = builder.data(context);
    }
    if let Some(limits) = limits {
        // Field suggestions ("did you mean") would map the schema for a prober.
        builder = builder
            .extension(engine::EngineChecks {
                max_depth: limits.max_depth,
                max_complexity: limits.max_complexity,
            })
            .extension(persisted::PersistedQueries(limits.persisted_queries))
            .extension(deadline::Deadlines)
            .disable_suggestions();
        if !limits.introspection {
            builder = builder.disable_introspection();
        }
    }
    builder.finish()
}

/// The schema in SDL, as `schema.graphql` holds it.
pub fn sdl() -> String {
    build_schema(None, None).sdl()
}
