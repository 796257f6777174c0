//! What `/metrics` reports, in the Prometheus (OpenMetrics) text format: GraphQL
//! requests and their latency by operation, errors by code, and, read when scraped,
//! SQL statements, the relationship model (version, builds, build time) and the
//! database pool.
//!
//! Handlers do not touch the registry: they leave an [`Observation`] in the response's
//! extensions, and the [`observe`] middleware records it with the request's duration.

use crate::graphql::ErrorCode;
use crate::snapshot::LiveNetwork;
use crate::store::Store;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Distinct operation labels kept; later ones are counted as `other`, so that clients
/// sending ever new operation names cannot grow the metrics without bound.
const MAX_OPERATIONS: usize = 200;

/// The label of requests that failed before an operation was known.
pub const NOT_EXECUTED: &str = "(not executed)";

/// What a handler tells the metrics about the request it answered.
#[derive(Debug, Clone, Default)]
pub struct Observation {
    /// The operation's name, or its root fields when it has none.
    pub operation: Option<String>,
    /// The `extensions.code` of every error in the response.
    pub codes: Vec<ErrorCode>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    operation: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabels {
    operation: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabels {
    code: &'static str,
}

fn latency_histogram() -> Histogram {
    // 0.5 ms to about 33 s.
    Histogram::new(exponential_buckets(0.0005, 2.0, 17))
}

/// The service's metrics.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<OperationLabels, Histogram, fn() -> Histogram>,
    errors: Family<CodeLabels, Counter>,
    operations: Mutex<HashSet<String>>,
}

impl Metrics {
    /// Metrics of a service on `store` serving `live`.
    pub fn new(store: Store, live: Arc<LiveNetwork>) -> Metrics {
        let mut registry = Registry::with_prefix("peacenet");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "graphql_requests",
            "GraphQL requests answered, by operation and outcome (ok, or error when the response holds errors)",
            requests.clone(),
        );
        let latency = Family::<OperationLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            latency_histogram,
        );
        registry.register(
            "graphql_request_duration_seconds",
            "Time from receiving a GraphQL request to its response, by operation",
            latency.clone(),
        );
        let errors = Family::<CodeLabels, Counter>::default();
        registry.register(
            "graphql_errors",
            "Errors returned to clients, by extensions.code",
            errors.clone(),
        );
        registry.register_collector(Box::new(StateCollector { store, live }));
        Metrics {
            registry,
            requests,
            latency,
            errors,
            operations: Mutex::new(HashSet::new()),
        }
    }

    /// The label for an operation, bounded in number.
    fn operation_label(&self, operation: Option<&str>) -> String {
        let Some(operation) = operation else {
            return NOT_EXECUTED.to_owned();
        };
        let Ok(mut seen) = self.operations.lock() else {
            return "other".to_owned();
        };
        if seen.contains(operation) {
            return operation.to_owned();
        }
        if seen.len() >= MAX_OPERATIONS {
            return "other".to_owned();
        }
        seen.insert(operation.to_owned());
        operation.to_owned()
    }

    /// Records one answered request.
    pub fn record(&self, observation: &Observation, seconds: f64) {
        let operation = self.operation_label(observation.operation.as_deref());
        let outcome = if observation.codes.is_empty() {
            "ok"
        } else {
            "error"
        };
        self.requests
            .get_or_create(&RequestLabels {
                operation: operation.clone(),
                outcome,
            })
            .inc();
        self.latency
            .get_or_create(&OperationLabels { operation })
            .observe(seconds);
        for code in &observation.codes {
            self.errors
                .get_or_create(&CodeLabels {
                    code: code.as_str(),
                })
                .inc();
        }
    }

    /// Everything, in the OpenMetrics text format.
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

/// Reads the figures kept elsewhere (store, model) when the metrics are scraped.
struct StateCollector {
    store: Store,
    live: Arc<LiveNetwork>,
}

impl std::fmt::Debug for StateCollector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StateCollector")
    }
}

fn counter(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    value: u64,
) -> Result<(), std::fmt::Error> {
    let metric = ConstCounter::new(value);
    metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)
}

fn gauge(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    value: f64,
) -> Result<(), std::fmt::Error> {
    let metric = ConstGauge::new(value);
    metric.encode(encoder.encode_descriptor(name, help, None, metric.metric_type())?)
}

impl Collector for StateCollector {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let snapshot = self.live.current();
        let pool = self.store.pool_status();
        counter(
            &mut encoder,
            "sql_statements",
            "SQL statements run by this process",
            self.store.statements_executed(),
        )?;
        gauge(
            &mut encoder,
            "model_version",
            "Data version (change log position) of the relationship model",
            snapshot.version() as f64,
        )?;
        counter(
            &mut encoder,
            "model_builds",
            "Relationship models built since start-up",
            self.live.builds(),
        )?;
        counter(
            &mut encoder,
            "model_patches",
            "Relationship models patched from the one before since start-up",
            self.live.patches(),
        )?;
        gauge(
            &mut encoder,
            "analysis_cache_bytes",
            "Bytes the current snapshot's cached analysis results hold",
            snapshot.cache_bytes() as f64,
        )?;
        gauge(
            &mut encoder,
            "model_build_seconds",
            "How long building the current relationship model took",
            snapshot.build_time().as_secs_f64(),
        )?;
        gauge(
            &mut encoder,
            "db_pool_connections_open",
            "Open database connections",
            f64::from(pool.open),
        )?;
        gauge(
            &mut encoder,
            "db_pool_connections_in_use",
            "Database connections in use",
            f64::from(pool.open.saturating_sub(pool.idle)),
        )?;
        gauge(
            &mut encoder,
            "db_pool_connections_max",
            "The most database connections the pool opens",
            f64::from(pool.max),
        )?;
        Ok(())
    }
}

/// Middleware: times the request and records what the handler observed.
pub async fn observe(
    State(metrics): State<Arc<Metrics>>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let response = next.run(request).await;
    let observation = response
        .extensions()
        .get::<Observation>()
        .cloned()
        .unwrap_or_default();
    metrics.record(&observation, started.elapsed().as_secs_f64());
    response
}
