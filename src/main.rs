//! The `peacenet` command line: serve, migrate, import, export (bundles and graphs),
//! schema, generate and keys.

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use peacenet::config::{BundleFormatArg, Cli, Command, KeysCommand, LogFormat, ViewArgs};
use peacenet::store::{DatabaseSettings, ImportMode, ImportReport, Store};
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
        Command::Import { path, check } => {
            let mode = if check {
                ImportMode::DryRun
            } else {
                ImportMode::Write
            };
            import(&database, &path, mode).await
        }
        Command::Export { path, format, view } => {
            let format = BundleFormatArg::for_path(format, &path);
            export(&database, &path, format, &view).await
        }
        Command::Template { path } => template(&path),
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

async fn import(database: &DatabaseSettings, path: &Path, mode: ImportMode) -> Result<(), String> {
    let parsed = bundle::read_path(path).map_err(|e| e.to_string())?;
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
        "the bundle is valid; {}",
        match mode {
            ImportMode::Write => "writing it in one transaction",
            ImportMode::DryRun => "comparing it with the stored data",
        }
    );
    let report = store
        .import_dataset(
            &peacenet::store::Writer::operator("import"),
            &parsed.data,
            mode,
            &|n| bar.inc(n),
        )
        .await
        .map_err(|e| match e {
            peacenet::store::StoreError::Refused(rows) => {
                let problems = rows
                    .into_iter()
                    .map(|r| parsed.problem_at(r.file, r.index, r.column, r.message))
                    .collect();
                bundle::BundleError::Invalid(problems).to_string()
            }
            e => e.to_string(),
        })?;
    bar.finish_and_clear();
    let total = report.total();
    let done = match mode {
        ImportMode::Write => "imported",
        ImportMode::DryRun => "checked (nothing written)",
    };
    println!(
        "{done} {}: {} created, {} updated, {} unchanged",
        path.display(),
        total.created,
        total.updated,
        total.unchanged
    );
    if mode == ImportMode::DryRun {
        print!("{}", dry_run_summary(&report, &parsed));
    }
    Ok(())
}

/// What a dry run found, per file, with the first changed rows and their values.
fn dry_run_summary(report: &ImportReport, parsed: &bundle::ParsedBundle) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (spec, counts) in bundle::FILES.iter().zip(report.per_file()) {
        let _ = writeln!(
            out,
            "  {:<26} {:>7} created {:>7} updated {:>7} unchanged",
            spec.name, counts.created, counts.updated, counts.unchanged
        );
        for change in report.changes.iter().filter(|c| c.table == spec.sheet()) {
            let at = match (
                parsed.sheet_of(spec.name),
                parsed.line_of(spec.name, change.index),
            ) {
                (Some(sheet), Some(row)) => format!("sheet {sheet} row {row}"),
                (None, Some(line)) => format!("line {line}"),
                _ => String::new(),
            };
            match change.kind {
                peacenet::store::ChangeKind::Created => {
                    let values: Vec<String> = change
                        .fields
                        .iter()
                        .map(|f| format!("{}={}", f.column, f.new.as_deref().unwrap_or("")))
                        .collect();
                    let _ = writeln!(out, "    {at}: new {}: {}", change.key, values.join(", "));
                }
                peacenet::store::ChangeKind::Updated => {
                    let _ = writeln!(out, "    {at}: changed {}", change.key);
                    for field in &change.fields {
                        let _ = writeln!(
                            out,
                            "      {}: {} -> {}",
                            field.column,
                            field.old.as_deref().unwrap_or("(empty)"),
                            field.new.as_deref().unwrap_or("(empty)")
                        );
                    }
                }
            }
        }
    }
    out
}

async fn export(
    database: &DatabaseSettings,
    path: &Path,
    format: BundleFormatArg,
    view: &ViewArgs,
) -> Result<(), String> {
    let store = connect(database).await?;
    store.migrate().await.map_err(|e| e.to_string())?;
    let data = store.load_dataset().await.map_err(|e| e.to_string())?;
    let data = export::view(&data, &view.scope());
    match format {
        BundleFormatArg::Csv => bundle::write_dir(&data, path).map_err(|e| e.to_string())?,
        BundleFormatArg::Xlsx => {
            let bytes = bundle::to_workbook(&data).map_err(|e| e.to_string())?;
            std::fs::write(path, bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    println!("exported {} rows to {}", data.row_count(), path.display());
    Ok(())
}

/// Writes an empty bundle to fill in, as a workbook or a folder of CSV files.
fn template(path: &Path) -> Result<(), String> {
    match BundleFormatArg::for_path(None, path) {
        BundleFormatArg::Xlsx => {
            let bytes = bundle::template_workbook().map_err(|e| e.to_string())?;
            std::fs::write(path, bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        BundleFormatArg::Csv => {
            bundle::write_files(&bundle::template_sources(), path).map_err(|e| e.to_string())?
        }
    }
    println!("wrote a bundle template to {}", path.display());
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
