//! The errors the GraphQL engine raises itself, each coded where it arises: a query
//! that does not parse or does not fit the schema (`GRAPHQL_VALIDATION_FAILED`), one
//! nested too deep or too costly (`QUERY_TOO_DEEP`, `QUERY_TOO_COMPLEX`: the limits
//! are checked here, from what validation measured), and what the engine finds
//! after validation or while it executes (the operation to run, an argument that does
//! not coerce), which counts as validation too. Errors of resolvers carry their code
//! already ([`super::error`]).

use super::code::ErrorCode;
use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextRequest, NextValidation,
};
use async_graphql::parser::types::ExecutableDocument;
use async_graphql::{Response, ServerError, ServerResult, ValidationResult, Variables};
use std::sync::Arc;

/// The extension that codes the engine's errors and enforces the depth and
/// complexity limits.
#[derive(Debug, Clone, Copy)]
pub struct EngineChecks {
    pub max_depth: usize,
    pub max_complexity: usize,
}

impl ExtensionFactory for EngineChecks {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(*self)
    }
}

impl EngineChecks {
    /// The limit a validated query is over, complexity first (as async-graphql's own
    /// limits are checked).
    fn over_limits(&self, result: &ValidationResult) -> Option<ServerError> {
        if result.complexity > self.max_complexity {
            Some(ErrorCode::QueryTooComplex.error("Query is too complex."))
        } else if result.depth > self.max_depth {
            Some(ErrorCode::QueryTooDeep.error("Query is nested too deep."))
        } else {
            None
        }
    }
}

#[async_trait::async_trait]
impl Extension for EngineChecks {
    async fn request(&self, ctx: &ExtensionContext<'_>, next: NextRequest<'_>) -> Response {
        let mut response = next.run(ctx).await;
        for error in &mut response.errors {
            ErrorCode::GraphqlValidationFailed.mark(error);
        }
        response
    }

    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        next.run(ctx, query, variables).await.map_err(|mut error| {
            ErrorCode::GraphqlValidationFailed.mark(&mut error);
            error
        })
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        match next.run(ctx).await {
            Ok(result) => match self.over_limits(&result) {
                Some(error) => Err(vec![error]),
                None => Ok(result),
            },
            Err(mut errors) => {
                for error in &mut errors {
                    ErrorCode::GraphqlValidationFailed.mark(error);
                }
                Err(errors)
            }
        }
    }
}
