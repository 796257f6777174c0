//! The request's deadline, checked as every field resolves: past it, each field
//! still to resolve answers `TIMEOUT` at once, so that a query of any shape stops by
//! its time limit instead of running on where no timer can interrupt it (a resolver
//! that never waits).

use super::error::ApiError;
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextResolve, ResolveInfo,
};
use async_graphql::{ServerResult, Value};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// When a request must have finished; put in the request's data.
#[derive(Debug, Clone, Copy)]
pub struct Deadline(pub Instant);

impl Deadline {
    /// The deadline `limit` from now.
    pub fn after(limit: Duration) -> Self {
        Deadline(Instant::now() + limit)
    }
}

/// The extension that enforces a request's [`Deadline`].
pub struct Deadlines;

impl ExtensionFactory for Deadlines {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Deadlines)
    }
}

#[async_trait::async_trait]
impl Extension for Deadlines {
    async fn resolve(
        &self,
        ctx: &ExtensionContext<'_>,
        info: ResolveInfo<'_>,
        next: NextResolve<'_>,
    ) -> ServerResult<Option<Value>> {
        if let Some(Deadline(at)) = ctx.data_opt::<Deadline>()
            && Instant::now() > *at
        {
            let error: async_graphql::Error =
                ApiError::Timeout("the request ran past its time limit".into()).into();
            return Err(error.into_server_error(async_graphql::Pos::default()));
        }
        next.run(ctx, info).await
    }
}
