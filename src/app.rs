//! Wiring: connect and migrate the store, load the demo if asked, build the live
//! model and the schema, and serve them over HTTP until shut down.

use crate::access::Policy;
use crate::auth::KeyTable;
use crate::bundle::{self, BundleError};
use crate::config::ServeArgs;
use crate::demo;
use crate::domain::Role;
use crate::graphql::{ApiContext, AppSchema, Limits, build_schema};
use crate::http::cors::{CorsError, CorsOrigins};
use crate::http::metrics::Metrics;
use crate::http::{HttpState, PERSISTED_QUERIES, RequestLimits, router};
use crate::snapshot::{LiveNetwork, SnapshotError};
use crate::store::{AuditSpool, ChangeListener, DatabaseSettings, Store, StoreError};
use async_graphql::extensions::apollo_persisted_queries::LruCacheStorage;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    #[error("the demo bundle is invalid: {0}")]
    Demo(#[from] BundleError),
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "the database schema is not up to date ({} pending migration(s): {}); run `peacenet migrate` with a role that owns the schema",
        .0.len(),
        .0.join(", ")
    )]
    Unmigrated(Vec<String>),
    #[error("invalid setting: {0}")]
    Cors(#[from] CorsError),
    #[error("cannot make an installation secret: {0}")]
    Secret(String),
    #[error("the server failed: {0}")]
    Serve(#[source] std::io::Error),
}

/// How a server follows writes made by other processes.
#[derive(Debug, Clone, Copy)]
pub struct Following {
    /// Listen to PostgreSQL's change notifications.
    pub notifications: bool,
    /// Poll the change log this often, in milliseconds (0 = never).
    pub poll_ms: u64,
}

/// The assembled service.
pub struct App {
    pub store: Store,
    pub keys: Arc<KeyTable>,
    pub spool: AuditSpool,
    pub live: Arc<LiveNetwork>,
    pub schema: AppSchema,
    batch_window: Duration,
    anonymous: Option<Role>,
    policy: Policy,
    limits: RequestLimits,
    metrics: Arc<Metrics>,
    cors: CorsOrigins,
    persisted_queries: LruCacheStorage,
}

impl App {
    /// Connects, migrates, loads the demo into an empty database when asked, and
    /// builds the model and schema.
    pub async fn open(database_url: &str, settings: &ServeArgs) -> Result<App, AppError> {
        App::open_with(&DatabaseSettings::new(database_url), settings).await
    }

    /// Opens the service with explicit database settings.
    pub async fn open_with(
        database: &DatabaseSettings,
        settings: &ServeArgs,
    ) -> Result<App, AppError> {
        let cors = CorsOrigins::parse(&settings.cors_origins, settings.anonymous())?;
        let store = Store::connect_with(database).await?;
        if settings.no_migrate {
            let pending = store.pending_migrations().await?;
            if !pending.is_empty() {
                return Err(AppError::Unmigrated(pending));
            }
        } else {
            store.migrate().await?;
        }
        if settings.demo {
            load_demo(&store).await?;
        }
        let fresh = crate::auth::new_token().map_err(|e| AppError::Secret(e.to_string()))?;
        let pseudonym_secret = store.instance_secret("pseudonyms", fresh).await?;
        let policy = Policy {
            min_cell_size: settings.min_cell_size,
            pseudonym_secret: pseudonym_secret.into(),
        };
        let live = Arc::new(
            LiveNetwork::load(
                store.clone(),
                policy.pseudonymiser(),
                settings.analysis_cache_mb.saturating_mul(1 << 20),
            )
            .await?,
        );
        let persisted_queries = LruCacheStorage::new(PERSISTED_QUERIES);
        let schema = build_schema(
            Some(ApiContext {
                store: store.clone(),
                live: Arc::clone(&live),
                max_page_size: settings.max_page_size,
                analysis_budget: Duration::from_millis(settings.analysis_budget_ms),
                policy: policy.clone(),
            }),
            Some(Limits {
                max_depth: settings.max_depth,
                max_complexity: settings.max_complexity,
                introspection: settings.introspection || settings.demo,
                persisted_queries: persisted_queries.clone(),
            }),
        );
        let metrics = Arc::new(Metrics::new(store.clone(), Arc::clone(&live)));
        let keys = Arc::new(KeyTable::load(store.clone()).await);
        let spool = AuditSpool::new(settings.audit_spool.clone());
        if let Err(e) = spool.replay(&store).await {
            tracing::warn!(error = %e, "the audit spool could not be replayed yet");
        }
        Ok(App {
            keys,
            spool,
            cors,
            persisted_queries,
            metrics,
            store,
            live,
            schema,
            batch_window: Duration::from_millis(settings.batch_window_ms),
            anonymous: settings.anonymous(),
            policy,
            limits: RequestLimits {
                max_aliases: settings.max_aliases,
                max_body_bytes: settings.max_body_bytes,
                timeout: Duration::from_millis(settings.request_timeout_ms),
                analysis_budget: Duration::from_millis(settings.analysis_budget_ms),
            },
        })
    }

    /// The HTTP router.
    pub fn router(&self) -> axum::Router {
        router(HttpState {
            schema: self.schema.clone(),
            store: self.store.clone(),
            keys: Arc::clone(&self.keys),
            spool: self.spool.clone(),
            live: Arc::clone(&self.live),
            batch_window: self.batch_window,
            anonymous: self.anonymous,
            policy: self.policy.clone(),
            limits: self.limits,
            metrics: Arc::clone(&self.metrics),
            sockets: crate::http::socket_places(),
            cors: self.cors.clone(),
            persisted_queries: self.persisted_queries.clone(),
        })
    }

    /// Serves on `listener` until `shutdown` completes; follows writes made by other
    /// processes: on PostgreSQL through notifications, and everywhere by polling every
    /// `refresh_interval_ms` (0 = never).
    pub async fn serve(
        self,
        listener: TcpListener,
        follow: Following,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Result<(), AppError> {
        let refresh_interval_ms = follow.poll_ms;
        if let Some(listener) = self
            .store
            .change_listener()
            .filter(|_| follow.notifications)
        {
            let live = Arc::clone(&self.live);
            let followers = Followers {
                keys: Arc::clone(&self.keys),
                spool: self.spool.clone(),
                store: self.store.clone(),
            };
            tokio::spawn(follow_notifications(listener, live, followers));
        }
        if refresh_interval_ms > 0 {
            let live = Arc::clone(&self.live);
            let followers = Followers {
                keys: Arc::clone(&self.keys),
                spool: self.spool.clone(),
                store: self.store.clone(),
            };
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(Duration::from_millis(refresh_interval_ms));
                loop {
                    tick.tick().await;
                    followers.catch_up().await;
                    if let Err(e) = live.refresh().await {
                        tracing::warn!(error = %e, "refreshing the relationship model failed");
                    }
                }
            });
        }
        axum::serve(listener, self.router())
            .with_graceful_shutdown(shutdown)
            .await
            .map_err(AppError::Serve)
    }
}

/// Imports the demo bundle if the database holds no people yet.
async fn load_demo(store: &Store) -> Result<(), AppError> {
    if store.count_people(&Default::default()).await? > 0 {
        tracing::info!("database is not empty; the demo bundle is not loaded");
        return Ok(());
    }
    let parsed = bundle::read_sources(&demo::sources())?;
    let report = store
        .import_dataset(
            &crate::store::Writer::operator("demo"),
            &parsed.data,
            crate::store::ImportMode::Write,
            &|_| {},
        )
        .await?;
    tracing::info!(rows = report.total().created, "demo bundle loaded");
    Ok(())
}

/// Runs the server with the given settings until Ctrl-C or SIGTERM; in-flight
/// requests then get `shutdown_grace_ms` to finish.
pub async fn run(database: &DatabaseSettings, settings: ServeArgs) -> Result<(), AppError> {
    let app = App::open_with(database, &settings).await?;
    let listener = TcpListener::bind(settings.listen)
        .await
        .map_err(|source| AppError::Listen {
            addr: settings.listen.to_string(),
            source,
        })?;
    let addr = listener.local_addr().map_err(AppError::Serve)?;
    announce(&format!(
        "peacenet is serving GraphQL at http://{addr}/graphql (GraphiQL in a browser; the explorer at http://{addr}/)"
    ));
    announce(&match settings.anonymous() {
        Some(role) => format!("readers without an API key get the {role} role"),
        None => "readers need an API key (peacenet keys create --name NAME --role ROLE)".to_owned(),
    });
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let grace = Duration::from_millis(settings.shutdown_grace_ms);
    let follow = Following {
        notifications: !settings.no_notifications,
        poll_ms: settings.refresh_interval_ms,
    };
    let server = app.serve(listener, follow, async move {
        shutdown_signal().await;
        let _ = stop_tx.send(());
    });
    tokio::pin!(server);
    tokio::select! {
        result = &mut server => result,
        _ = async {
            let _ = stop_rx.await;
            tokio::time::sleep(grace).await;
        } => {
            tracing::warn!(grace_ms = grace.as_millis() as u64, "requests still running after the grace period; stopping");
            Ok(())
        }
    }
}

/// Writes a line for the person who started the server. A closed stdout (the reader
/// went away) must not stop the service, so write errors are ignored.
fn announce(line: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

/// What follows the database besides the model: the keys held in memory, and the
/// audit spool, replayed once the database answers again.
struct Followers {
    keys: Arc<KeyTable>,
    spool: AuditSpool,
    store: Store,
}

impl Followers {
    async fn catch_up(&self) {
        if let Err(e) = self.keys.reload().await {
            tracing::debug!(error = %e, "reloading the API keys failed");
        }
        if self.spool.pending()
            && let Err(e) = self.spool.replay(&self.store).await
        {
            tracing::debug!(error = %e, "replaying the audit spool failed");
        }
    }
}

/// Reloads the keys, replays the audit spool and rebuilds the model whenever the database announces a
/// change, and after every (re)connection, since changes may have been missed
/// meanwhile; reconnects after a lost connection.
async fn follow_notifications(
    mut listener: ChangeListener,
    live: Arc<LiveNetwork>,
    followers: Followers,
) {
    loop {
        match listener.next().await {
            Ok(()) => {
                followers.catch_up().await;
                if let Err(e) = live.refresh().await {
                    tracing::warn!(error = %e, "refreshing after a notification failed");
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "lost the change notifications; reconnecting");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
