//! Live updates over WebSocket at `/graphql/ws` (the graphql-transport-ws protocol,
//! and the older graphql-ws one, as async-graphql serves them).
//!
//! The reader is identified by the same keys as over HTTP: an `Authorization` entry
//! (`Bearer KEY`) in the `connection_init` payload, which browsers can send, or else
//! the upgrade request's `Authorization` header. Only subscriptions run here, under
//! the schema's depth and complexity limits; queries and mutations go to
//! `POST /graphql`, where the audit log and the request limits apply. At most
//! [`MAX_CONNECTIONS`] sockets are open at once.

use super::endpoint::selected_operation;
use super::{HttpState, request_error};
use crate::access::View;
use crate::auth::authenticate;
use crate::graphql::{AppSchema, ErrorCode};
use async_graphql::parser::types::OperationType;
use async_graphql::{Data, Executor, Request, Response};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::http::{HeaderMap, header};
use futures_util::stream::{self, BoxStream, StreamExt};
use std::sync::Arc;
use std::time::Duration;

/// The most WebSocket connections open at once.
pub const MAX_CONNECTIONS: usize = 256;

/// How long a client may take to send `connection_init`, and the keep-alive.
const KEEPALIVE: Duration = Duration::from_secs(30);

/// Upgrades to a WebSocket that serves the reader's subscriptions.
pub async fn upgrade(
    State(state): State<HttpState>,
    protocol: GraphQLProtocol,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> axum::response::Response {
    let Ok(permit) = Arc::clone(&state.sockets).try_acquire_owned() else {
        return request_error(
            ErrorCode::Unavailable,
            &format!(
                "at most {MAX_CONNECTIONS} live-update connections are open at once; try again later"
            ),
        );
    };
    let header_key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let executor = SubscriptionsOnly(state.schema.clone());
    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            GraphQLWebSocket::new(socket, executor, protocol)
                .keepalive_timeout(KEEPALIVE)
                .on_connection_init(move |payload| init(state, payload, header_key))
                .serve()
                .await;
            drop(permit);
        })
}

/// Authenticates the connection: its data is the reader's access view.
async fn init(
    state: HttpState,
    payload: serde_json::Value,
    header_key: Option<String>,
) -> async_graphql::Result<Data> {
    let from_payload = ["Authorization", "authorization"]
        .iter()
        .find_map(|name| payload.get(*name).and_then(|v| v.as_str()))
        .map(str::to_owned);
    let authorization = from_payload.or(header_key);
    let reader = authenticate(&state.keys, authorization.as_deref(), state.anonymous)
        .await
        .map_err(|e| {
            let code = match e {
                crate::auth::AuthError::Store(_) => ErrorCode::Unavailable,
                _ => ErrorCode::Unauthenticated,
            };
            async_graphql::ErrorExtensions::extend_with(
                async_graphql::Error::new(e.to_string()),
                |_, ext| ext.set("code", code.as_str()),
            )
        })?;
    let mut data = Data::default();
    data.insert(View::new(reader, &state.policy));
    Ok(data)
}

/// The schema, running subscriptions only.
#[derive(Clone)]
struct SubscriptionsOnly(AppSchema);

fn refused() -> Response {
    Response::from_errors(vec![ErrorCode::BadRequest.error(
        "only subscriptions run over WebSocket; send queries and mutations to POST /graphql",
    )])
}

impl Executor for SubscriptionsOnly {
    async fn execute(&self, _request: Request) -> Response {
        refused()
    }

    fn execute_stream(
        &self,
        mut request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let subscription = selected_operation(&mut request)
            .is_none_or(|(_, op)| op.ty == OperationType::Subscription);
        if subscription {
            Executor::execute_stream(&self.0, request, session_data)
        } else {
            stream::once(async { refused() }).boxed()
        }
    }
}
