//! Faults: the database going away and coming back, a write failing half-way, and an
//! import killed in the middle. Each leaves the data as it was and the service usable.

use crate::helpers::{
    IMPORT, TestApp, TestDb, bundle_input, bundle_rows, cli, fixture_dir, fresh_db, settings,
    spawn_app, spawn_with_database,
};
use peacenet::config::ServeArgs;
use peacenet::store::DatabaseSettings;
use sea_orm::ConnectionTrait;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A TCP proxy in front of the database that can be cut and restored.
pub struct Proxy {
    pub port: u16,
    up: watch::Sender<bool>,
}

impl Proxy {
    pub async fn start(target: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let port = listener.local_addr().expect("proxy address").port();
        let (up, watching) = watch::channel(true);
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let mut up = watching.clone();
                if !*up.borrow() {
                    continue; // dropped: the connection closes at once
                }
                let target = target.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(&target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = up.wait_for(|up| !*up) => {}
                    }
                });
            }
        });
        Proxy { port, up }
    }

    /// Drops every open connection and every new one.
    pub fn cut(&self) {
        self.up.send_replace(false);
    }

    pub fn restore(&self) {
        self.up.send_replace(true);
    }
}

/// `host:port` of a PostgreSQL URL.
pub fn server_address(url: &str) -> String {
    let after_user = url.split('@').nth(1).expect("user@host in the URL");
    let host_port = after_user.split('/').next().expect("host");
    if host_port.contains(':') {
        host_port.to_owned()
    } else {
        format!("{host_port}:5432")
    }
}

/// Polls until `check` holds, for up to `limit`.
pub async fn eventually<F, Fut>(limit: Duration, mut check: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

const PEOPLE: &str = "{ people { totalCount } }";

/// A server over a fresh PostgreSQL database (with the small bundle) reached
/// through a proxy, with a pool of 4, a connect timeout of 1 s and notifications;
/// returns it, the proxy and the database's direct URL.
pub async fn behind_proxy(settings: ServeArgs) -> (TestApp, Proxy, String) {
    let db = fresh_db().await;
    let direct = db.url.clone();
    let address = server_address(&direct);
    let proxy = Proxy::start(address.clone()).await;
    let proxied = direct.replacen(&address, &format!("127.0.0.1:{}", proxy.port), 1);
    let database = DatabaseSettings {
        pool_size: 4,
        connect_timeout: Duration::from_secs(1),
        ..DatabaseSettings::new(&proxied)
    };
    let settings = ServeArgs {
        no_notifications: false,
        ..settings
    };
    let app = spawn_with_database(TestDb::at(&direct), &database, settings).await;
    app.import(&fixture_dir("small")).await;
    (app, proxy, direct)
}

#[tokio::test]
async fn while_the_database_is_away_the_service_fails_fast_and_then_recovers_by_itself() {
    if !on_postgres() {
        return;
    }
    let spool_dir = tempfile::tempdir().expect("temp dir");
    let spool = spool_dir.path().join("audit.spool");
    let (app, proxy, direct) = behind_proxy(ServeArgs {
        audit_spool: spool.clone(),
        ..settings()
    })
    .await;
    assert_eq!(
        app.query(PEOPLE, json!({})).await["people"]["totalCount"],
        7
    );
    assert_eq!(app.ready().await, 200);
    // Over public meetings only, so that the answer needs no audit record.
    let summary = r#"{ analytics(until: "2012-12-31") { summary { people ties } } }"#;
    let figures = app.query(summary, json!({})).await;
    let analyst = app.create_key("analyst");
    let (_, keyed) = app.post_as(Some(&analyst), summary, json!({})).await;
    assert_eq!(keyed["data"], figures, "{keyed:#}");

    proxy.cut();
    let started = Instant::now();
    let body = app.post(PEOPLE, json!({})).await;
    let answered_in = started.elapsed();
    eprintln!("a read with the database away answered in {answered_in:?}");
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], "UNAVAILABLE", "{body:#}");
    let message = error["message"].as_str().expect("message");
    assert!(message.contains("cannot be reached"), "{message}");
    for detail in ["127.0.0.1", "Connection", "sqlx", "pool", "postgres"] {
        assert!(
            !message.contains(detail),
            "the message leaks {detail:?}: {message}"
        );
    }
    assert!(error["extensions"]["correlationId"].is_string());
    // The connect timeout is 1 s; the request timeout (30 s) must not be what ends it.
    assert!(
        answered_in < Duration::from_secs(10),
        "took {answered_in:?}"
    );
    assert_eq!(app.ready().await, 503);
    // Analytics are answered from the model already in memory, to a keyed reader
    // too (the keys are held in memory)...
    assert_eq!(app.query(summary, json!({})).await, figures);
    let (status, keyed) = app.post_as(Some(&analyst), summary, json!({})).await;
    assert_eq!((status, &keyed["data"]), (200, &figures), "{keyed:#}");
    // ...while a keyed read of records says the database is away, within the
    // connect timeout; an unknown key cannot be checked now.
    let started = Instant::now();
    let (_, body) = app.post_as(Some(&analyst), PEOPLE, json!({})).await;
    eprintln!(
        "a keyed read with the database away answered in {:?}",
        started.elapsed()
    );
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body:#}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    // A download needs the database too: 503, coded.
    let (status, media, body) = crate::exports::download(&app, Some(&analyst), "bundle.zip").await;
    assert_eq!((status, media.as_str()), (503, "application/json"));
    let body: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body:#}"
    );
    let (status, body) = app.post_as(Some("pn_unknown"), summary, json!({})).await;
    assert_eq!(status, 503, "{body:#}");
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body:#}"
    );
    // Those over closed meetings are audited: with the spool unwritable (a folder
    // stands where it should be) the answer is withheld...
    let closed = "{ analytics { summary { people } } }";
    std::fs::create_dir(&spool).expect("a folder in the spool's place");
    let body = app.post(closed, json!({})).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body:#}"
    );
    // ...and with the spool writable, it is recorded there before it leaves.
    std::fs::remove_dir(&spool).expect("remove the folder");
    for _ in 0..2 {
        let body = app.post(closed, json!({})).await;
        assert_eq!(
            body["data"]["analytics"]["summary"]["people"], 6,
            "{body:#}"
        );
    }
    let spooled = std::fs::read_to_string(&spool).expect("the spool");
    assert_eq!(spooled.lines().count(), 2, "{spooled}");

    proxy.restore();
    let recovered = eventually(Duration::from_secs(15), || async {
        app.ready().await == 200
            && app.post(PEOPLE, json!({})).await["data"]["people"]["totalCount"] == 7
    })
    .await;
    assert!(
        recovered,
        "the service did not recover after the database came back"
    );

    // The spool is replayed into the audit log once, in order, and emptied; a replay
    // repeated (as after a crash before the spool was emptied) records nothing twice.
    let audit = "{ auditLog(first: 100) { totalCount edges { node { operation at } } } }";
    let replayed = eventually(Duration::from_secs(15), || async {
        std::fs::metadata(&spool).is_ok_and(|m| m.len() == 0)
    })
    .await;
    assert!(replayed, "the spool was not replayed");
    let log = app.query(audit, json!({})).await;
    let spooled_ats: Vec<String> = spooled
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("a JSON line"))
        .map(|l| l["at"].as_str().expect("at").to_owned())
        .collect();
    let count = log["auditLog"]["totalCount"].as_u64().expect("count");
    // A replica that crashed after the replay's commit but before it emptied the
    // spool starts again on the same file; its first audited read replays it.
    std::fs::write(&spool, &spooled).expect("the spool again");
    let restarted = spawn_with_database(
        TestDb::at(&direct),
        &DatabaseSettings::new(&direct),
        ServeArgs {
            audit_spool: spool.clone(),
            ..settings()
        },
    )
    .await;
    let body = restarted.post(closed, json!({})).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let again = restarted.query(audit, json!({})).await;
    assert_eq!(
        again["auditLog"]["totalCount"].as_u64(),
        Some(count + 1),
        "only the new read is added"
    );
    assert_eq!(std::fs::metadata(&spool).expect("spool").len(), 0);
    let logged: Vec<String> = log["auditLog"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["at"].as_str().unwrap_or_default().to_owned())
        .collect();
    for at in &spooled_ats {
        let at = chrono::DateTime::parse_from_rfc3339(at).expect("a time");
        assert!(
            logged
                .iter()
                .any(|l| chrono::DateTime::parse_from_rfc3339(l)
                    .is_ok_and(|l| (l - at).num_milliseconds().abs() < 1_000)),
            "the spooled read at {at} is not in the log: {logged:?}"
        );
    }

    // The change notifications reconnect too: a write made elsewhere arrives.
    let version = app.query("{ network { version } }", json!({})).await["network"]["version"]
        .as_str()
        .and_then(|v| v.parse::<i64>().ok())
        .expect("version");
    let out = cli(
        &direct,
        &["import", fixture_dir("davis").to_str().expect("path")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let followed = eventually(Duration::from_secs(15), || async {
        app.post("{ network { version } }", json!({})).await["data"]["network"]["version"]
            .as_str()
            .and_then(|v| v.parse::<i64>().ok())
            .is_some_and(|v| v > version)
    })
    .await;
    assert!(followed, "writes made elsewhere are no longer followed");
}

/// SQL that makes inserting one participation fail, as a failing disk or a broken
/// connection would in the middle of a write.
fn failure_trigger(backend: sea_orm::DbBackend, person: &str, meeting: &str) -> Vec<String> {
    let when = format!("NEW.person_id = '{person}' AND NEW.meeting_id = '{meeting}'");
    match backend {
        sea_orm::DbBackend::Postgres => vec![
            "CREATE FUNCTION injected_failure() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql"
                .to_owned(),
            format!(
                "CREATE TRIGGER injected_failure BEFORE INSERT ON participations \
                 FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION injected_failure()"
            ),
        ],
        _ => vec![format!(
            "CREATE TRIGGER injected_failure BEFORE INSERT ON participations \
             WHEN {when} BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )],
    }
}

/// Copies a bundle folder.
fn copy_bundle(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read bundle") {
        let entry = entry.expect("entry");
        if entry.path().extension().is_some_and(|e| e == "csv") {
            std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

/// Exports the database with the CLI; returns the rows of every file.
fn exported(url: &str) -> std::collections::BTreeMap<String, Vec<Vec<String>>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = cli(url, &["export", dir.path().to_str().expect("path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    bundle_rows(dir.path())
}

#[tokio::test]
async fn a_write_that_fails_half_way_leaves_nothing_behind() {
    let app = spawn_app().await;
    let original = fixture_dir("small");
    app.import(&original).await;
    let version = app.query("{ network { version } }", json!({})).await;

    // A new version of the bundle: a person renamed, a meeting retitled, and at the
    // end a participation whose insert fails.
    let changed = tempfile::tempdir().expect("temp dir");
    copy_bundle(&original, changed.path());
    let people = std::fs::read_to_string(original.join("people.csv")).expect("people");
    std::fs::write(
        changed.path().join("people.csv"),
        people.replacen("ana,Ana,", "ana,Ana Renamed,", 1),
    )
    .expect("write people");
    let meetings = std::fs::read_to_string(original.join("meetings.csv")).expect("meetings");
    std::fs::write(
        changed.path().join("meetings.csv"),
        meetings.replacen("First dialogue workshop", "Renamed workshop", 1),
    )
    .expect("write meetings");
    let mut participations =
        std::fs::read_to_string(original.join("participations.csv")).expect("participations");
    participations.push_str("gala,m1,participant,\n");
    std::fs::write(changed.path().join("participations.csv"), participations)
        .expect("write participations");

    let before = exported(&app.db.url);
    let connection = sea_orm::Database::connect(app.db.url.as_str())
        .await
        .expect("connect");
    for statement in failure_trigger(connection.get_database_backend(), "gala", "m1") {
        connection
            .execute_unprepared(&statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }

    let body = app
        .post(IMPORT, json!({ "files": bundle_input(changed.path()) }))
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "INTERNAL",
        "{body:#}"
    );
    assert!(
        !body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("injected"),
        "{body:#}"
    );
    assert_eq!(
        exported(&app.db.url),
        before,
        "the failed import left changes"
    );
    assert_eq!(
        app.query("{ network { version } }", json!({})).await,
        version
    );
    let names = app
        .query(
            "{ person(id: \"ana\") { name } meeting(id: \"m1\") { title } }",
            json!({}),
        )
        .await;
    assert_eq!(
        names,
        json!({ "person": { "name": "Ana" }, "meeting": { "title": "First dialogue workshop" } })
    );

    // The same import passes once the fault is gone.
    let drop = match connection.get_database_backend() {
        sea_orm::DbBackend::Postgres => "DROP TRIGGER injected_failure ON participations",
        _ => "DROP TRIGGER injected_failure",
    };
    connection
        .execute_unprepared(drop)
        .await
        .expect("drop trigger");
    let body = app
        .post(IMPORT, json!({ "files": bundle_input(changed.path()) }))
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    assert_eq!(body["data"]["importBundle"]["participations"]["created"], 1);
    connection.close().await.ok();
}

#[tokio::test]
async fn killing_an_import_half_way_leaves_the_database_as_it_was() {
    let db = fresh_db().await;
    let out = cli(
        &db.url,
        &["import", fixture_dir("small").to_str().expect("path")],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = exported(&db.url);

    let big = tempfile::tempdir().expect("temp dir");
    let out = cli(
        &db.url,
        &[
            "generate",
            "--people",
            "20000",
            "--seed",
            "7",
            big.path().to_str().expect("path"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_peacenet"))
        .args(["import", big.path().to_str().expect("path")])
        .env("DATABASE_URL", &db.url)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the import");
    let mut stderr = BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            stderr.read_line(&mut line).expect("read") > 0,
            "the import ended before writing"
        );
        if line.contains("writing") {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(200));
    child.kill().expect("kill the import");
    let status = child.wait().expect("wait");
    assert!(
        !status.success(),
        "the import finished before it was killed; use a larger bundle"
    );

    assert_eq!(
        exported(&db.url),
        before,
        "the killed import left rows behind"
    );
    // The database takes the whole import afterwards.
    let out = cli(&db.url, &["import", big.path().to_str().expect("path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported"));
}

#[tokio::test]
async fn a_hundred_writes_sent_at_once_all_succeed() {
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    let create = "mutation($input: CreatePersonInput!) { createPerson(input: $input) { id } }";
    let join =
        "mutation($input: AddParticipationInput!) { addParticipation(input: $input) { role } }";
    let sends = (0..100).map(|n| {
        let app = &app;
        async move {
            // Half create people, half add them to a meeting: writes of two kinds,
            // each one transaction with its change-log row.
            let person = format!("concurrent-{n}");
            let body = app
                .post(
                    create,
                    json!({ "input": { "key": person, "name": format!("Person {n}") } }),
                )
                .await;
            if n % 2 == 1 || body.get("errors").is_some() {
                return body;
            }
            let id = body["data"]["createPerson"]["id"].clone();
            app.post(
                join,
                json!({ "input": { "person": id, "meeting": "Meeting:m1" } }),
            )
            .await
        }
    });
    let answers = futures_util::future::join_all(sends).await;
    let failed: Vec<&serde_json::Value> = answers
        .iter()
        .filter(|a| a.get("errors").is_some())
        .collect();
    assert!(
        failed.is_empty(),
        "{} failed: {:#}",
        failed.len(),
        failed[0]
    );
    let people = app.query(PEOPLE, json!({})).await;
    assert_eq!(people["people"]["totalCount"], 107);
    let met = app
        .query(
            r#"{ meeting(id: "Meeting:m1") { participants { totalCount } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(met["meeting"]["participants"]["totalCount"], 3 + 50);
}

/// On PostgreSQL, a trigger that makes creating the person `who` take `seconds`, so
/// that a write is in flight long enough to be interfered with.
async fn slow_insert(url: &str, who: &str, seconds: u32) -> sea_orm::DatabaseConnection {
    let connection = sea_orm::Database::connect(url).await.expect("connect");
    for statement in [
        format!(
            "CREATE FUNCTION slow_insert() RETURNS trigger AS $$ \
             BEGIN PERFORM pg_sleep({seconds}); RETURN NEW; END $$ LANGUAGE plpgsql"
        ),
        format!(
            "CREATE TRIGGER slow_insert BEFORE INSERT ON people \
             FOR EACH ROW WHEN (NEW.id = '{who}') EXECUTE FUNCTION slow_insert()"
        ),
    ] {
        connection
            .execute_unprepared(&statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    connection
}

const CREATE: &str =
    "mutation($key: String!) { createPerson(input: { key: $key, name: $key }) { id } }";

/// Ends every other backend of the connection's database, as an operator's
/// `pg_terminate_backend` would (SQLSTATE 57P01 for what they were running).
pub async fn terminate_backends(connection: &sea_orm::DatabaseConnection) {
    connection
        .execute_unprepared(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .await
        .expect("terminate");
}

pub fn on_postgres() -> bool {
    let yes = std::env::var("DATABASE_URL").is_ok_and(|u| u.starts_with("postgres"));
    if !yes {
        eprintln!("skipped: needs DATABASE_URL to point at PostgreSQL");
    }
    yes
}

#[tokio::test]
async fn a_write_whose_connection_is_terminated_answers_unavailable_and_leaves_nothing() {
    if !on_postgres() {
        return;
    }
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    let admin = slow_insert(&app.db.url, "slow", 3).await;
    let write = app.post(CREATE, json!({ "key": "slow" }));
    let terminate = async {
        // Once the insert sleeps in its trigger, end every other backend of the
        // database, as an operator's pg_terminate_backend would (SQLSTATE 57P01).
        tokio::time::sleep(Duration::from_millis(800)).await;
        terminate_backends(&admin).await;
    };
    let (body, ()) = tokio::join!(write, terminate);
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], "UNAVAILABLE", "{body:#}");
    // The pool makes new connections: the service answers again, without the write.
    let people = app.query(PEOPLE, json!({})).await;
    assert_eq!(people["people"]["totalCount"], 7);
    admin.close().await.ok();
}

#[tokio::test]
async fn a_pool_held_busy_past_the_connect_timeout_answers_unavailable() {
    if !on_postgres() {
        return;
    }
    let db = fresh_db().await;
    let database = DatabaseSettings {
        pool_size: 1,
        connect_timeout: Duration::from_secs(1),
        ..DatabaseSettings::new(&db.url)
    };
    let url = db.url.clone();
    let app = spawn_with_database(db, &database, settings()).await;
    app.import(&fixture_dir("small")).await;
    let admin = slow_insert(&url, "slow", 4).await;
    let write = app.post(CREATE, json!({ "key": "slow" }));
    let read = async {
        // The one connection is inside the slow write; a read that needs the
        // database waits its connect timeout for another, then says so.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let started = Instant::now();
        let body = app.post(PEOPLE, json!({})).await;
        (body, started.elapsed())
    };
    let (written, (body, waited)) = tokio::join!(write, read);
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "UNAVAILABLE",
        "{body:#}"
    );
    assert!(waited < Duration::from_secs(3), "took {waited:?}");
    assert!(written.get("errors").is_none(), "{written:#}");
    assert_eq!(
        app.query(PEOPLE, json!({})).await["people"]["totalCount"],
        8
    );
    admin.close().await.ok();
}

/// On PostgreSQL, a trigger that aborts inserting the person `who` with `sqlstate`
/// on the first `times` tries (a sequence counts them; it is not rolled back).
async fn aborting_insert(
    url: &str,
    who: &str,
    sqlstate: &str,
    times: u32,
) -> sea_orm::DatabaseConnection {
    let connection = sea_orm::Database::connect(url).await.expect("connect");
    for statement in [
        "CREATE SEQUENCE insert_tries".to_owned(),
        format!(
            "CREATE FUNCTION aborting_insert() RETURNS trigger AS $$ \
             BEGIN IF nextval('insert_tries') <= {times} THEN \
             RAISE EXCEPTION 'injected abort' USING ERRCODE = '{sqlstate}'; END IF; \
             RETURN NEW; END $$ LANGUAGE plpgsql"
        ),
        format!(
            "CREATE TRIGGER aborting_insert BEFORE INSERT ON people \
             FOR EACH ROW WHEN (NEW.id = '{who}') EXECUTE FUNCTION aborting_insert()"
        ),
    ] {
        connection
            .execute_unprepared(&statement)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    connection
}

async fn tries(connection: &sea_orm::DatabaseConnection) -> i64 {
    let row = connection
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT last_value FROM insert_tries",
        ))
        .await
        .expect("query")
        .expect("row");
    row.try_get::<i64>("", "last_value").expect("last_value")
}

#[tokio::test]
async fn deadlocks_and_serialization_failures_are_retried_a_bounded_number_of_times() {
    if !on_postgres() {
        return;
    }
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    // Aborted once as a deadlock, the write is run again and succeeds.
    let admin = aborting_insert(&app.db.url, "again", "40P01", 1).await;
    let body = app.post(CREATE, json!({ "key": "again" })).await;
    assert!(body.get("errors").is_none(), "{body:#}");
    assert_eq!(tries(&admin).await, 2);
    admin
        .execute_unprepared(
            "DROP TRIGGER aborting_insert ON people; DROP FUNCTION aborting_insert(); \
             DROP SEQUENCE insert_tries",
        )
        .await
        .expect("drop");
    // Aborted every time, it is tried three times and answers CONFLICT, saying to
    // send it again; nothing is written.
    let always = aborting_insert(&app.db.url, "never", "40001", 1_000).await;
    let body = app.post(CREATE, json!({ "key": "never" })).await;
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], "CONFLICT", "{body:#}");
    assert!(
        error["message"]
            .as_str()
            .unwrap_or_default()
            .contains("send this one again"),
        "{body:#}"
    );
    assert_eq!(tries(&always).await, 3);
    assert_eq!(
        app.query(PEOPLE, json!({})).await["people"]["totalCount"],
        8
    );
    admin.close().await.ok();
    always.close().await.ok();
}

#[tokio::test]
async fn two_creations_of_one_id_at_once_answer_one_success_and_one_conflict() {
    if !on_postgres() {
        return;
    }
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    // Both pass the check that the id is free before either has inserted it.
    let admin = slow_insert(&app.db.url, "twin", 1).await;
    let (a, b) = tokio::join!(
        app.post(CREATE, json!({ "key": "twin" })),
        app.post(CREATE, json!({ "key": "twin" }))
    );
    let codes: Vec<&serde_json::Value> = [&a, &b]
        .iter()
        .map(|body| &body["errors"][0]["extensions"]["code"])
        .collect();
    assert!(
        codes.contains(&&serde_json::Value::Null) && codes.contains(&&json!("CONFLICT")),
        "{a:#} {b:#}"
    );
    admin.close().await.ok();
}
