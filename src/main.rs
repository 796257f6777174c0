//! The `peacenet` command line: serve, migrate, import, export (bundles and graphs),
//! schema, generate and keys.

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use peacenet::config::{Cli, Command, KeysCommand, LogFormat, ViewArgs};
use peacenet::store::{DatabaseSettings, Store};
use peacenet::{app, bundle, export, graphql};
use std::path::Path;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sea_orm_migration=warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        LogFormat::Json => logs.json().init(),
        LogFormat::Text => logs.init(),
    }
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let database = cli.database();
    match cli.command {
        Command::Serve(settings) => app::run(&database, settings)
            .await
            .map_err(|e| e.to_string()),
        Command::Migrate { down } => {
            let store = connect(&database).await?;
            match down {
                Some(steps) => store.migrate_down(steps).await,
                None => store.migrate().await,
            }
            .map_err(|e| e.to_string())?;
            eprintln!("migrations applied");
            Ok(())
        }
        Command::Import { dir } => import(&database, &dir).await,
        Command::Export { dir, view } => export(&database, &dir, &view).await,
        Command::ExportGraph {
            graph,
            format,
            view,
            out,
        } => export_graph(&database, graph.into(), format.into(), &view, &out).await,
        Command::Generate { people, seed, out } => {
            let data = peacenet::generate::generate(people, seed).map_err(|e| e.to_string())?;
            bundle::write_dir(&data, &out).map_err(|e| e.to_string())?;
            println!(
                "wrote {} people, {} meetings, {} participations to {}",
                data.people.len(),
                data.meetings.len(),
                data.participations.len(),
                out.display()
            );
            Ok(())
        }
        Command::Keys(command) => keys(&database, command).await,
        Command::Schema => {
            print!("{}", graphql::sdl());
            Ok(())
        }
    }
}

async fn connect(database: &DatabaseSettings) -> Result<Store, String> {
    Store::connect_with(database)
        .await
        .map_err(|e| e.to_string())
}

async fn import(database: &DatabaseSettings, dir: &Path) -> Result<(), String> {
    let parsed = bundle::read_dir(dir).map_err(|e| e.to_string())?;
    for warning in &parsed.warnings {
        eprintln!("warning: {warning}");
    }
    let store = connect(database).await?;
    store.migrate().await.map_err(|e| e.to_string())?;
    // Drawn on a terminal only; hidden when stderr is redirected.
    let bar = ProgressBar::new(parsed.data.row_count() as u64);
    bar.set_style(
        ProgressStyle::with_template("importing {bar:40} {pos}/{len} rows ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    tracing::info!(
        rows = parsed.data.row_count(),
        "the bundle is valid; writing it in one transaction"
    );
    let report = store
        .import_dataset(
            &peacenet::store::Writer::operator("import"),
            &parsed.data,
            &|n| bar.inc(n),
        )
        .await
        .map_err(|e| e.to_string())?;
    bar.finish_and_clear();
    let total = report.total();
    println!(
        "imported {}: {} created, {} updated, {} unchanged",
        dir.display(),
        total.created,
        total.updated,
        total.unchanged
    );
    Ok(())
}

async fn export(database: &DatabaseSettings, dir: &Path, view: &ViewArgs) -> Result<(), String> {
    let store = connect(database).await?;
    store.migrate().await.map_err(|e| e.to_string())?;
    let data = store.load_dataset().await.map_err(|e| e.to_string())?;
    let data = export::view(&data, &view.scope());
    bundle::write_dir(&data, dir).map_err(|e| e.to_string())?;
    println!("exported {} rows to {}", data.row_count(), dir.display());
    Ok(())
}

async fn export_graph(
    database: &DatabaseSettings,
    graph: export::GraphKind,
    format: export::Format,
    view: &ViewArgs,
    out: &Path,
) -> Result<(), String> {
    let store = connect(database).await?;
    store.migrate().await.map_err(|e| e.to_string())?;
    let data = store.load_dataset().await.map_err(|e| e.to_string())?;
    let data = export::view(&data, &view.scope());
    let today = chrono::Utc::now().date_naive();
    let budget = peacenet::network::analysis::Budget::unlimited();
    let bytes = export::render(&data, graph, format, today, &budget).map_err(|e| e.to_string())?;
    std::fs::write(out, &bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "wrote the {} graph of {} meetings to {}",
        graph.as_str(),
        data.meetings.len(),
        out.display()
    );
    Ok(())
}

async fn keys(database: &DatabaseSettings, command: KeysCommand) -> Result<(), String> {
    let store = connect(database).await?;
    store.migrate().await.map_err(|e| e.to_string())?;
    match command {
        KeysCommand::Create { name, role } => {
            let role = peacenet::auth::Role::from(role);
            let token = peacenet::auth::new_token().map_err(|e| e.to_string())?;
            let id = store
                .create_api_key(&name, role, &peacenet::auth::hash_token(&token))
                .await
                .map_err(|e| e.to_string())?;
            eprintln!("created key {id} ({name}, {role}); the token is shown only now:");
            println!("{token}");
        }
        KeysCommand::Revoke { id } => {
            store.revoke_api_key(id).await.map_err(|e| e.to_string())?;
            println!("revoked key {id}");
        }
        KeysCommand::List => {
            for key in store.api_keys().await.map_err(|e| e.to_string())? {
                println!(
                    "{}\t{}\t{}\t{}\t{}",
                    key.id,
                    key.name,
                    key.role,
                    key.created_at.format("%Y-%m-%d %H:%M"),
                    if key.revoked { "revoked" } else { "active" }
                );
            }
        }
    }
    Ok(())
}
