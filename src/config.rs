//! The settings, read once from flags and environment variables (clap).

use crate::domain::Role;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

/// peacenet: stakeholder network analysis for peacebuilding, over GraphQL.
#[derive(Debug, Parser)]
#[command(name = "peacenet", version, about)]
pub struct Cli {
    /// Database URL: `sqlite://FILE` (created if missing) or `postgres://USER@HOST/DB`.
    #[arg(
        long,
        env = "DATABASE_URL",
        global = true,
        default_value = "sqlite://peacenet.db"
    )]
    pub database_url: String,

    /// Connections in the database pool.
    #[arg(long, env = "DB_POOL_SIZE", global = true, default_value_t = 10)]
    pub pool_size: u32,

    /// How long to wait for a database connection (milliseconds).
    #[arg(
        long,
        env = "DB_CONNECT_TIMEOUT_MS",
        global = true,
        default_value_t = 10_000
    )]
    pub connect_timeout_ms: u64,

    /// The longest a single SQL statement may run on PostgreSQL (milliseconds).
    #[arg(
        long,
        env = "DB_STATEMENT_TIMEOUT_MS",
        global = true,
        default_value_t = 30_000
    )]
    pub statement_timeout_ms: u64,

    /// Log format: text or json.
    #[arg(long, env = "LOG_FORMAT", global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    #[command(subcommand)]
    pub command: Command,
}

/// How logs are written (to stderr).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    /// One JSON object per line.
    Json,
}

impl Cli {
    /// The database settings.
    pub fn database(&self) -> crate::store::DatabaseSettings {
        crate::store::DatabaseSettings {
            url: self.database_url.clone(),
            pool_size: self.pool_size,
            connect_timeout: std::time::Duration::from_millis(self.connect_timeout_ms),
            statement_timeout: std::time::Duration::from_millis(self.statement_timeout_ms),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the GraphQL API (migrations are applied first).
    Serve(ServeArgs),
    /// Apply pending migrations (or revert some with --down).
    Migrate {
        /// Revert this many of the latest migrations instead.
        #[arg(long, value_name = "STEPS")]
        down: Option<u32>,
    },
    /// Import a bundle (all-or-nothing; upserts by id): a folder of CSV files, a
    /// .zip of them or an .xlsx workbook.
    Import {
        /// The bundle: a folder, a .zip or an .xlsx file.
        path: PathBuf,
        /// Validate and report what the import would change, writing nothing.
        #[arg(long)]
        check: bool,
    },
    /// Export the data as a bundle (everything, unless narrowed): a folder of CSV
    /// files, or an .xlsx workbook.
    Export {
        /// The folder (created if missing) or, for a workbook, the file to write.
        path: PathBuf,
        /// csv (a folder) or xlsx (one workbook); by default xlsx when the path ends
        /// in .xlsx, else csv.
        #[arg(long, value_enum)]
        format: Option<BundleFormatArg>,
        #[command(flatten)]
        view: ViewArgs,
    },
    /// Write an empty bundle to fill in: a folder of CSV files, or an .xlsx workbook
    /// (when the path ends in .xlsx) with drop-down lists of the allowed values; each
    /// file has its header and one example row.
    Template {
        /// The folder or the .xlsx file to write.
        path: PathBuf,
    },
    /// Export a graph for Gephi (GraphML, GEXF) or Kumu (JSON).
    ExportGraph {
        /// met (people who met), organisations, or bipartite (people and meetings).
        #[arg(long, value_enum)]
        graph: GraphArg,
        /// graphml, gexf or kumu.
        #[arg(long, value_enum)]
        format: FormatArg,
        #[command(flatten)]
        view: ViewArgs,
        /// The file to write.
        out: PathBuf,
    },
    /// Print the GraphQL schema (SDL) to stdout.
    Schema,
    /// Manage API keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Write a realistic synthetic bundle (deterministic per seed).
    Generate {
        /// Number of people.
        #[arg(long, default_value_t = 1000)]
        people: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to write (created if missing).
        out: PathBuf,
    },
}

/// API key management.
#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create a key and print its token (shown once; only its hash is stored).
    Create {
        /// A name to recognise the key by.
        #[arg(long)]
        name: String,
        /// viewer, analyst, editor or admin.
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Revoke a key by its id.
    Revoke { id: i32 },
    /// List the keys (never their tokens).
    List,
}

/// Which meetings an export holds.
#[derive(Debug, Clone, clap::Args)]
pub struct ViewArgs {
    /// The most confidential meetings to include: public, closed (what analysts and
    /// editors see) or confidential (everything).
    #[arg(long, value_enum, default_value_t = LevelArg::Confidential)]
    pub up_to: LevelArg,
    /// Only meetings starting on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<chrono::NaiveDate>,
    /// Only meetings starting on or before this date (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<chrono::NaiveDate>,
}

impl ViewArgs {
    /// The meetings these settings select.
    pub fn scope(&self) -> crate::network::Scope {
        let ceiling = match self.up_to {
            LevelArg::Public => crate::domain::Confidentiality::Public,
            LevelArg::Closed => crate::domain::Confidentiality::Closed,
            LevelArg::Confidential => crate::domain::Confidentiality::Confidential,
        };
        crate::network::Scope::of(crate::domain::Visibility::EVERYTHING.at_most(ceiling))
            .window(self.since, self.until)
    }
}

/// A confidentiality level, as given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    Public,
    Closed,
    Confidential,
}

/// A graph to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphArg {
    Met,
    Organisations,
    Bipartite,
}

impl From<GraphArg> for crate::export::GraphKind {
    fn from(g: GraphArg) -> Self {
        match g {
            GraphArg::Met => crate::export::GraphKind::Met,
            GraphArg::Organisations => crate::export::GraphKind::Organisations,
            GraphArg::Bipartite => crate::export::GraphKind::Bipartite,
        }
    }
}

/// How a bundle is written: a folder of CSV files, or one workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BundleFormatArg {
    Csv,
    Xlsx,
}

impl BundleFormatArg {
    /// The format asked for, or else the one the path's extension names.
    pub fn for_path(asked: Option<BundleFormatArg>, path: &std::path::Path) -> BundleFormatArg {
        asked.unwrap_or_else(|| {
            let xlsx = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
            if xlsx {
                BundleFormatArg::Xlsx
            } else {
                BundleFormatArg::Csv
            }
        })
    }
}

/// A graph file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Graphml,
    Gexf,
    Kumu,
}

impl From<FormatArg> for crate::export::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Graphml => crate::export::Format::Graphml,
            FormatArg::Gexf => crate::export::Format::Gexf,
            FormatArg::Kumu => crate::export::Format::Kumu,
        }
    }
}

/// A role, as given on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Viewer,
    Analyst,
    Editor,
    Admin,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Role {
        match r {
            RoleArg::Viewer => Role::Viewer,
            RoleArg::Analyst => Role::Analyst,
            RoleArg::Editor => Role::Editor,
            RoleArg::Admin => Role::Admin,
        }
    }
}

/// The role of readers without a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnonymousRole {
    /// Refused (only /health answers).
    None,
    Viewer,
    Analyst,
    Editor,
    Admin,
}

impl AnonymousRole {
    pub fn role(self) -> Option<Role> {
        match self {
            AnonymousRole::None => None,
            AnonymousRole::Viewer => Some(Role::Viewer),
            AnonymousRole::Analyst => Some(Role::Analyst),
            AnonymousRole::Editor => Some(Role::Editor),
            AnonymousRole::Admin => Some(Role::Admin),
        }
    }
}

/// Settings of the server.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LISTEN_ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Load the demo bundle when the database is empty. Unless --anonymous-role is
    /// given, readers without a key then get the analyst role (the demo holds public
    /// documents and synthetic people only).
    #[arg(long, env = "PEACENET_DEMO")]
    pub demo: bool,

    /// The role of readers without a key: none (refused), viewer, analyst, editor or
    /// admin.
    #[arg(long, env = "ANONYMOUS_ROLE", value_enum)]
    pub anonymous_role: Option<AnonymousRole>,

    /// The largest page a list returns (`first` above it is an error).
    #[arg(long, env = "MAX_PAGE_SIZE", default_value_t = 100)]
    pub max_page_size: usize,

    /// How long (milliseconds) a DataLoader fetch waits for more lookups after the
    /// execution step that asked for it. The lookups of one step (every parent of a
    /// nested list) are fetched in one statement without any wait; 0 by default.
    #[arg(long, env = "BATCH_WINDOW_MS", default_value_t = 0)]
    pub batch_window_ms: u64,

    /// How long one analysis (centralities, paths, communities...) may compute before
    /// the request fails with BUDGET_EXCEEDED (milliseconds).
    #[arg(long, env = "ANALYSIS_BUDGET_MS", default_value_t = 20_000)]
    pub analysis_budget_ms: u64,

    /// Aggregate counts shown to viewers below this are withheld (small-cell
    /// suppression).
    #[arg(long, env = "MIN_CELL_SIZE", default_value_t = 5)]
    pub min_cell_size: usize,

    /// The deepest query accepted (levels of nested fields). GraphiQL's
    /// introspection query needs 15.
    #[arg(long, env = "MAX_QUERY_DEPTH", default_value_t = 15)]
    pub max_depth: usize,

    /// The most memory, in MiB, the analysis results of one snapshot may hold (the
    /// met graphs of the windows asked for and what was computed on them); past it
    /// the results used least recently are dropped.
    #[arg(long, env = "ANALYSIS_CACHE_MB", default_value_t = 512)]
    pub analysis_cache_mb: usize,

    /// The most complex query accepted: one point per field asked for, and a page
    /// (every list of stored records is one, nested or not) counting its `first` rows (20
    /// when absent), so that nested pages multiply.
    #[arg(long, env = "MAX_QUERY_COMPLEXITY", default_value_t = 250_000)]
    pub max_complexity: usize,

    /// The most aliased fields one query may hold.
    #[arg(long, env = "MAX_ALIASES", default_value_t = 20)]
    pub max_aliases: usize,

    /// The largest request body accepted, in bytes (an imported bundle travels in one).
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = 16 * 1024 * 1024)]
    pub max_body_bytes: usize,

    /// How long one request may run before it fails with TIMEOUT (milliseconds).
    #[arg(long, env = "REQUEST_TIMEOUT_MS", default_value_t = 30_000)]
    pub request_timeout_ms: u64,

    /// Answer introspection queries (`__schema`); on with --demo, off otherwise.
    #[arg(long, env = "INTROSPECTION")]
    pub introspection: bool,

    /// After SIGTERM or Ctrl-C, how long in-flight requests may run before the
    /// server stops anyway (milliseconds).
    #[arg(long, env = "SHUTDOWN_GRACE_MS", default_value_t = 10_000)]
    pub shutdown_grace_ms: u64,

    /// The local file where audited reads are recorded while the database is away,
    /// flushed to disk before their answer leaves, and replayed into the audit log
    /// when it is back. One per replica, on a disk that survives a restart.
    #[arg(long, env = "AUDIT_SPOOL", default_value = "peacenet-audit.spool")]
    pub audit_spool: std::path::PathBuf,

    /// Do not apply migrations at start; refuse to start while any are pending. For a
    /// database role that may read and write rows but not change the schema (run
    /// `peacenet migrate` as the owner role first).
    #[arg(long, env = "NO_MIGRATE")]
    pub no_migrate: bool,

    /// Do not follow PostgreSQL's change notifications (polling only).
    #[arg(long, env = "NO_NOTIFICATIONS")]
    pub no_notifications: bool,

    /// How often to look for writes made by other processes, in milliseconds (0 =
    /// never). On PostgreSQL, notifications bring them in at once; this is the
    /// fallback.
    #[arg(long, env = "REFRESH_INTERVAL_MS", default_value_t = 1000)]
    pub refresh_interval_ms: u64,

    /// A web origin (`https://app.example.org`, `http://localhost:5173`) whose pages
    /// may call the API from a browser (CORS); repeat it for several, or give them
    /// comma-separated in the variable. `*` allows every origin and is accepted only
    /// when readers without a key have a role. None by default: no CORS headers.
    #[arg(
        long = "cors-origin",
        env = "CORS_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    pub cors_origins: Vec<String>,
}

impl ServeArgs {
    /// The role readers without a key get.
    pub fn anonymous(&self) -> Option<Role> {
        match self.anonymous_role {
            Some(role) => role.role(),
            None if self.demo => Some(Role::Analyst),
            None => None,
        }
    }
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            demo: false,
            anonymous_role: None,
            max_page_size: 100,
            batch_window_ms: 0,
            analysis_budget_ms: 20_000,
            min_cell_size: 5,
            max_depth: 15,
            analysis_cache_mb: 512,
            max_complexity: 250_000,
            max_aliases: 20,
            max_body_bytes: 16 * 1024 * 1024,
            request_timeout_ms: 30_000,
            introspection: false,
            shutdown_grace_ms: 10_000,
            audit_spool: "peacenet-audit.spool".into(),
            no_migrate: false,
            no_notifications: false,
            refresh_interval_ms: 1000,
            cors_origins: Vec::new(),
        }
    }
}
