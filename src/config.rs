//! The settings, read once from flags and environment variables (clap).

use clap::{Args, Parser, Subcommand};
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

    #[command(subcommand)]
    pub command: Command,
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
    /// Import a bundle folder (all-or-nothing; upserts by id).
    Import {
        /// The bundle folder.
        dir: PathBuf,
    },
    /// Export the whole database as a bundle folder.
    Export {
        /// The folder to write (created if missing).
        dir: PathBuf,
    },
    /// Print the GraphQL schema (SDL) to stdout.
    Schema,
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

/// Settings of the server.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "LISTEN_ADDR", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Load the demo bundle when the database is empty.
    #[arg(long, env = "PEACENET_DEMO")]
    pub demo: bool,

    /// The largest page a list returns (`first` above it is an error).
    #[arg(long, env = "MAX_PAGE_SIZE", default_value_t = 100)]
    pub max_page_size: usize,

    /// DataLoader batching window (milliseconds): lookups requested within it of
    /// each other are fetched in one statement.
    #[arg(long, env = "BATCH_WINDOW_MS", default_value_t = 5)]
    pub batch_window_ms: u64,

    /// How long one analysis (centralities, paths, communities...) may compute before
    /// the request fails with BUDGET_EXCEEDED (milliseconds).
    #[arg(long, env = "ANALYSIS_BUDGET_MS", default_value_t = 20_000)]
    pub analysis_budget_ms: u64,

    /// How often to check the database for writes made elsewhere (seconds; 0 = never).
    #[arg(long, env = "REFRESH_INTERVAL", default_value_t = 5)]
    pub refresh_interval: u64,
}

impl Default for ServeArgs {
    fn default() -> Self {
        ServeArgs {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            demo: false,
            max_page_size: 100,
            batch_window_ms: 5,
            analysis_budget_ms: 20_000,
            refresh_interval: 5,
        }
    }
}
