//! Test harness: a real server on a free port over a fresh database, a GraphQL client,
//! the CLI binary, and a small deterministic bundle generator.

use peacenet::app::App;
use peacenet::config::{AnonymousRole, ServeArgs};
use peacenet::store::DatabaseSettings;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

/// The folder of the demo bundle.
pub fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/demo")
}

/// A folder of the test fixtures.
pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh, empty database for one test; its files live as long as the value.
pub struct TestDb {
    pub url: String,
    _dir: tempfile::TempDir,
}

impl TestDb {
    /// Another way into an existing database (the files stay with the first).
    pub fn at(url: &str) -> TestDb {
        TestDb {
            url: url.to_owned(),
            _dir: tempfile::tempdir().expect("temp dir"),
        }
    }
}

/// Creates a fresh database: a new PostgreSQL database on the server `DATABASE_URL`
/// names, or a new SQLite file.
pub async fn fresh_db() -> TestDb {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let dir = tempfile::tempdir().expect("temp dir");
    match std::env::var("DATABASE_URL") {
        Ok(server) if server.starts_with("postgres") => {
            let name = format!(
                "pn_test_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::Relaxed)
            );
            let admin = sea_orm::Database::connect(server.as_str())
                .await
                .expect("connect to DATABASE_URL");
            use sea_orm::ConnectionTrait;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                .await
                .expect("drop test database");
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let base = server.split('?').next().unwrap_or(&server);
            let root = &base[..base.rfind('/').expect("database URL has a path")];
            TestDb {
                url: format!("{root}/{name}"),
                _dir: dir,
            }
        }
        _ => TestDb {
            url: format!("sqlite://{}", dir.path().join("test.db").display()),
            _dir: dir,
        },
    }
}

/// A running server with its own database.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub db: TestDb,
}

/// The settings of a test server: no background polling, and readers without a key
/// treated as admin (the access-control tests override this).
pub fn settings() -> ServeArgs {
    ServeArgs {
        refresh_interval_ms: 0,
        no_notifications: true,
        anonymous_role: Some(AnonymousRole::Admin),
        ..ServeArgs::default()
    }
}

/// Starts the real app on a free port, over a fresh database.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(settings()).await
}

pub async fn spawn_app_with(settings: ServeArgs) -> TestApp {
    spawn_on(fresh_db().await, settings).await
}

/// Starts the real app over an existing database.
pub async fn spawn_on(db: TestDb, settings: ServeArgs) -> TestApp {
    let database = DatabaseSettings::new(&db.url);
    spawn_with_database(db, &database, settings).await
}

/// Starts the real app over `db`, reached through `database` (which may name another
/// address for it, or other pool settings).
pub async fn spawn_with_database(
    db: TestDb,
    database: &DatabaseSettings,
    mut settings: ServeArgs,
) -> TestApp {
    // Each server's audit spool beside its database, not in the working directory.
    if settings.audit_spool == ServeArgs::default().audit_spool {
        settings.audit_spool = db._dir.path().join("audit.spool");
    }
    let app = App::open_with(database, &settings)
        .await
        .expect("app opens");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let follow = peacenet::app::Following {
        notifications: !settings.no_notifications,
        poll_ms: settings.refresh_interval_ms,
    };
    tokio::spawn(app.serve(listener, follow, std::future::pending()));
    TestApp {
        address,
        client: reqwest::Client::new(),
        db,
    }
}

impl TestApp {
    /// POSTs a GraphQL request; returns the whole response body.
    pub async fn post(&self, query: &str, variables: Value) -> Value {
        self.post_as(None, query, variables).await.1
    }

    /// POSTs a GraphQL request with an API key (or none); returns the status and body.
    pub async fn post_as(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> (u16, Value) {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON body"))
    }

    /// A second server over the same database, as another replica would be.
    pub async fn replica(&self, settings: ServeArgs) -> TestApp {
        let db = TestDb {
            url: self.db.url.clone(),
            _dir: tempfile::tempdir().expect("temp dir"),
        };
        spawn_on(db, settings).await
    }

    /// Creates an API key with the CLI; returns its token.
    pub fn create_key(&self, role: &str) -> String {
        let out = cli(
            &self.db.url,
            &["keys", "create", "--name", role, "--role", role],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout)
            .expect("UTF-8")
            .trim()
            .to_owned()
    }

    /// Runs a query that must succeed; returns its `data`.
    pub async fn query(&self, query: &str, variables: Value) -> Value {
        let body = self.post(query, variables).await;
        assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
        body["data"].clone()
    }

    /// Runs a query that must fail; returns its first error.
    pub async fn query_error(&self, query: &str, variables: Value) -> Value {
        let body = self.post(query, variables).await;
        body["errors"][0].clone()
    }

    /// Imports a bundle folder through the `importBundle` mutation.
    pub async fn import(&self, dir: &Path) -> Value {
        let files = bundle_input(dir);
        self.query(IMPORT, json!({ "files": files })).await["importBundle"].clone()
    }

    /// The folder beside the server's database (where its audit spool is).
    pub fn db_dir(&self) -> &Path {
        self.db._dir.path()
    }

    /// The SQL statements the server has run so far.
    pub async fn sql_statements(&self) -> u64 {
        let metrics = self.metrics().await;
        metrics["peacenet_sql_statements_total"] as u64
    }

    /// The samples of `/metrics`, by name with labels as written
    /// (`peacenet_graphql_errors_total{code="NOT_FOUND"}`).
    pub async fn metrics(&self) -> BTreeMap<String, f64> {
        let text = self
            .client
            .get(format!("{}/metrics", self.address))
            .send()
            .await
            .expect("metrics")
            .text()
            .await
            .expect("metrics body");
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (name, value) = l.rsplit_once(' ')?;
                Some((name.to_owned(), value.parse().ok()?))
            })
            .collect()
    }

    /// `/ready`'s status code.
    pub async fn ready(&self) -> u16 {
        self.client
            .get(format!("{}/ready", self.address))
            .send()
            .await
            .expect("ready")
            .status()
            .as_u16()
    }
}

pub const IMPORT: &str = "mutation($files: BundleInput!) {
  importBundle(files: $files) {
    total { created updated unchanged }
    people { created updated unchanged }
    participations { created updated unchanged }
    warnings { file line column message }
    version
  }
}";

/// The files of a bundle folder as the `BundleInput` of `importBundle`.
pub fn bundle_input(dir: &Path) -> Value {
    let mut files = serde_json::Map::new();
    for (file, field) in [
        ("organisations.csv", "organisations"),
        ("people.csv", "people"),
        ("affiliations.csv", "affiliations"),
        ("meetings.csv", "meetings"),
        ("participations.csv", "participations"),
        ("meeting_organisations.csv", "meetingOrganisations"),
        ("measures.csv", "measures"),
        ("meeting_measures.csv", "meetingMeasures"),
    ] {
        if let Ok(text) = std::fs::read_to_string(dir.join(file)) {
            files.insert(field.to_owned(), Value::String(text));
        }
    }
    Value::Object(files)
}

/// Runs the CLI binary against `database_url`.
pub fn cli(database_url: &str, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_peacenet"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .output()
        .expect("run the peacenet binary")
}

/// Imports a bundle folder with the CLI, which must succeed.
pub fn cli_import(database_url: &str, dir: &Path) {
    let out = cli(database_url, &["import", dir.to_str().expect("UTF-8 path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file of a bundle folder, parsed into rows (header first) for comparison
/// regardless of row order.
pub fn bundle_rows(dir: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("bundle folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "csv") {
            let mut reader = csv::Reader::from_path(&path).expect("csv");
            let header: Vec<String> = reader
                .headers()
                .expect("header")
                .iter()
                .map(str::to_owned)
                .collect();
            let mut rows: Vec<Vec<String>> = reader
                .records()
                .map(|r| r.expect("record").iter().map(str::to_owned).collect())
                .collect();
            rows.sort();
            rows.insert(0, header);
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            out.insert(name, rows);
        }
    }
    out
}

pub fn read_until(reader: &mut impl BufRead, needle: &str) -> String {
    let mut seen = String::new();
    let mut line = String::new();
    while reader.read_line(&mut line).expect("read") > 0 {
        seen.push_str(&line);
        if line.contains(needle) {
            return seen;
        }
        line.clear();
    }
    panic!("no line with {needle:?} in:\n{seen}");
}

/// Starts `peacenet ARGS serve --listen 127.0.0.1:0 SERVE_ARGS` on `url`, with its
/// stderr piped; returns the process and the address it serves on.
pub fn start_server(
    url: &str,
    args: &[&str],
    serve_args: &[&str],
) -> (std::process::Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_peacenet"))
        .args(args)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(serve_args)
        .env("DATABASE_URL", url)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the server");
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let banner = read_until(&mut stdout, "serving GraphQL at");
    let address = banner
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("address in the banner")
        .to_owned();
    (child, address)
}

/// Sends SIGTERM to the process.
pub fn terminate(child: &std::process::Child) {
    let pid = child.id().to_string();
    let kill = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(kill.success());
}
