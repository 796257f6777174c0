//! The store: the database as ground truth, through sea-orm.
//!
//! Reads return domain records; every write runs in one transaction and appends to
//! the change log, whose highest id is the data version. SQLite and PostgreSQL are
//! both supported through the same code.

mod audit;
mod changes;
mod convert;
mod dataset;
pub mod entities;
mod erase;
mod error;
mod import;
mod keys;
mod read;
mod secrets;
mod spool;
mod targets;
mod write;

pub use audit::AuditRecord;
pub use changes::{Change, Changes};
pub use erase::{ERASED, Erased};
pub use error::{RefusedRow, StoreError, StoreResult};
pub use import::{
    CHANGES_SHOWN, ChangeKind, FieldChange, ImportCounts, ImportMode, ImportReport, Progress,
    RowChange,
};
pub use keys::ApiKeyInfo;
pub use read::{MeetingFilter, OrganisationFilter, Page, PersonFilter};
pub use spool::AuditSpool;
pub use targets::StoredTarget;
pub use write::Writer;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, TransactionTrait,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// How to reach the database.
#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    pub url: String,
    pub pool_size: u32,
    pub connect_timeout: Duration,
    /// PostgreSQL's `statement_timeout`.
    pub statement_timeout: Duration,
}

impl DatabaseSettings {
    /// The defaults for a URL.
    pub fn new(url: &str) -> Self {
        DatabaseSettings {
            url: url.to_owned(),
            pool_size: 10,
            connect_timeout: Duration::from_secs(10),
            statement_timeout: Duration::from_secs(30),
        }
    }
}

/// How many database connections are open, idle and allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStatus {
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// A handle on the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    statements: Arc<AtomicU64>,
    /// On SQLite, the one writer's turn: the service's writes queue for it rather
    /// than meet "database is locked" (None on PostgreSQL, which has row locks).
    writes: Option<Arc<tokio::sync::Mutex<()>>>,
}

/// How long a write waits for its turn before it answers that the database is busy.
const WRITE_TURN_WAIT: Duration = Duration::from_secs(10);

/// A writer's turn, held until its transaction has ended (see [`Store::begin_write`]).
pub(crate) type Turn = Option<tokio::sync::OwnedMutexGuard<()>>;

impl Store {
    /// Connects to a SQLite or PostgreSQL database URL.
    ///
    /// A SQLite file is created when missing. Every SQL statement run through this
    /// handle is counted (see [`Store::statements_executed`]).
    pub async fn connect(url: &str) -> StoreResult<Store> {
        Store::connect_with(&DatabaseSettings::new(url)).await
    }

    /// Connects with explicit pool and timeout settings.
    pub async fn connect_with(settings: &DatabaseSettings) -> StoreResult<Store> {
        let url = normalise_url(&settings.url);
        let mut options = ConnectOptions::new(url.clone());
        options
            .sqlx_logging(false)
            .max_connections(settings.pool_size)
            .connect_timeout(settings.connect_timeout)
            .acquire_timeout(settings.connect_timeout);
        if url.starts_with("postgres") {
            let timeout = format!("{}ms", settings.statement_timeout.as_millis());
            options.map_sqlx_postgres_opts(move |opts| {
                opts.options([("statement_timeout", timeout.as_str())])
            });
        }
        if url.starts_with("sqlite:") {
            options.map_sqlx_sqlite_opts(|opts| {
                opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .busy_timeout(Duration::from_secs(10))
                    .foreign_keys(true)
            });
        }
        let mut db = Database::connect(options).await?;
        let statements = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&statements);
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::Relaxed);
        });
        let writes = url
            .starts_with("sqlite:")
            .then(|| Arc::new(tokio::sync::Mutex::new(())));
        Ok(Store {
            db,
            statements,
            writes,
        })
    }

    /// Applies every pending migration.
    pub async fn migrate(&self) -> StoreResult<()> {
        Migrator::up(&self.db, None).await?;
        Ok(())
    }

    /// The names of the migrations not yet applied.
    pub async fn pending_migrations(&self) -> StoreResult<Vec<String>> {
        Ok(Migrator::get_pending_migrations_read_only(&self.db)
            .await?
            .iter()
            .map(|m| m.name().to_owned())
            .collect())
    }

    /// Reverts the last `steps` migrations.
    pub async fn migrate_down(&self, steps: u32) -> StoreResult<()> {
        Migrator::down(&self.db, Some(steps)).await?;
        Ok(())
    }

    /// The number of SQL statements run through this handle so far.
    pub fn statements_executed(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// A follower of the change notifications, on PostgreSQL (None elsewhere).
    pub fn change_listener(&self) -> Option<ChangeListener> {
        (self.db.get_database_backend() == sea_orm::DbBackend::Postgres).then(|| ChangeListener {
            pool: self.db.get_postgres_connection_pool().clone(),
            listener: None,
        })
    }

    /// The connection pool's state now.
    pub fn pool_status(&self) -> PoolStatus {
        match self.db.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                let pool = self.db.get_postgres_connection_pool();
                PoolStatus {
                    open: pool.size(),
                    idle: pool.num_idle() as u32,
                    max: pool.options().get_max_connections(),
                }
            }
            _ => {
                let pool = self.db.get_sqlite_connection_pool();
                PoolStatus {
                    open: pool.size(),
                    idle: pool.num_idle() as u32,
                    max: pool.options().get_max_connections(),
                }
            }
        }
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        self.db.ping().await.is_ok()
    }

    pub(crate) fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Begins a write transaction in the writer's turn. Bind both, turn first
    /// (`let (_turn, txn) = ...`), so that the turn passes on only once the
    /// transaction has ended, committed or not.
    pub(crate) async fn begin_write(&self) -> StoreResult<(Turn, DatabaseTransaction)> {
        let turn = self.write_turn().await?;
        let txn = self.db.begin().await?;
        Ok((turn, txn))
    }

    /// The writer's turn, for a write of one statement outside a transaction.
    pub(crate) async fn write_turn(&self) -> StoreResult<Turn> {
        match &self.writes {
            Some(lock) => tokio::time::timeout(WRITE_TURN_WAIT, Arc::clone(lock).lock_owned())
                .await
                .map(Some)
                .map_err(|_| StoreError::Busy),
            None => Ok(None),
        }
    }
}

/// The channel committed changes are announced on (PostgreSQL).
pub const CHANGES_CHANNEL: &str = "peacenet_changes";

/// Waits for change notifications from PostgreSQL.
pub struct ChangeListener {
    pool: sea_orm::sqlx::PgPool,
    listener: Option<sea_orm::sqlx::postgres::PgListener>,
}

impl ChangeListener {
    /// Returns when the caller should look for changes: a change was committed, or the
    /// listener has just (re)connected and may have missed some while it was away.
    pub async fn next(&mut self) -> StoreResult<()> {
        let Some(listener) = &mut self.listener else {
            let mut listener = sea_orm::sqlx::postgres::PgListener::connect_with(&self.pool)
                .await
                .map_err(lost)?;
            listener.listen(CHANGES_CHANNEL).await.map_err(lost)?;
            self.listener = Some(listener);
            return Ok(());
        };
        // `None` means the connection dropped and was re-established: notifications
        // sent in between are gone, so the caller must look anyway.
        match listener.try_recv().await {
            Ok(_) => Ok(()),
            Err(e) => {
                self.listener = None;
                Err(lost(e))
            }
        }
    }
}

/// A lost notification connection, as a store error.
fn lost(e: sea_orm::sqlx::Error) -> StoreError {
    StoreError::Database(sea_orm::DbErr::Conn(sea_orm::RuntimeErr::Internal(
        e.to_string(),
    )))
}

/// Lets `sqlite:name.db` create the file when it is missing, as `mode=rwc` does.
fn normalise_url(url: &str) -> String {
    if url.starts_with("sqlite:") && !url.contains("mode=") && !url.contains(":memory:") {
        let separator = if url.contains('?') { '&' } else { '?' };
        format!("{url}{separator}mode=rwc")
    } else {
        url.to_owned()
    }
}
