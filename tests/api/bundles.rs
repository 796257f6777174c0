//! The bundle format through its surfaces: import (CLI and GraphQL), export, round
//! trip, idempotence, and all-or-nothing rejection with precise messages.

use crate::generated::generate;
use crate::helpers::{
    IMPORT, bundle_input, bundle_rows, cli, demo_dir, fixture_dir, fresh_db, spawn_app,
};
use serde_json::{Value, json};

/// The ten mistakes planted in `tests/fixtures/ten_mistakes`, as (file, line, column).
const TEN_MISTAKES: [(&str, u64, &str); 10] = [
    ("organisations.csv", 4, "kind"),
    ("people.csv", 2, "gender"),
    ("people.csv", 3, "birth_year"),
    ("people.csv", 8, "id"),
    ("meetings.csv", 3, "start_date"),
    ("meetings.csv", 4, "track"),
    ("meetings.csv", 5, "confidentiality"),
    ("participations.csv", 7, "role"),
    ("participations.csv", 12, "person_id"),
    ("meeting_organisations.csv", 1, "role"),
];

/// Where each problem of a refused import is: (file, line, column).
fn where_found(error: &serde_json::Value) -> Vec<(String, u64, String)> {
    error["extensions"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| {
            (
                p["file"].as_str().expect("file").to_owned(),
                p["line"].as_u64().expect("line"),
                p["column"].as_str().expect("column").to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_bundle_with_ten_mistakes_is_rejected_with_ten_precise_messages_over_graphql() {
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    let before = app
        .query("{ network { version people participations } }", json!({}))
        .await;

    let files = bundle_input(&fixture_dir("ten_mistakes"));
    let error = app.query_error(IMPORT, json!({ "files": files })).await;
    assert_eq!(error["extensions"]["code"], "BAD_INPUT");
    let problems = error["extensions"]["problems"]
        .as_array()
        .expect("problems");
    let found = where_found(&error);
    let expected: Vec<(String, u64, String)> = TEN_MISTAKES
        .iter()
        .map(|(f, l, c)| (f.to_string(), *l, c.to_string()))
        .collect();
    assert_eq!(found, expected);
    assert!(
        problems[0]["message"]
            .as_str()
            .expect("message")
            .contains("'charity'"),
        "the message names the bad value: {}",
        problems[0]
    );

    let after = app
        .query("{ network { version people participations } }", json!({}))
        .await;
    assert_eq!(before, after, "a rejected bundle changes nothing");
}

#[tokio::test]
async fn the_cli_rejects_a_bad_bundle_with_every_problem_on_stderr_and_writes_nothing() {
    let db = fresh_db().await;
    let output = cli(
        &db.url,
        &[
            "import",
            fixture_dir("ten_mistakes").to_str().expect("path"),
        ],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("10 problem(s)"), "{stderr}");
    for (file, line, column) in TEN_MISTAKES {
        let needle = format!("{file}, line {line}, column '{column}'");
        assert!(stderr.contains(&needle), "missing '{needle}' in:\n{stderr}");
    }
    let out = tempfile::tempdir().expect("temp dir");
    let export = cli(&db.url, &["export", out.path().to_str().expect("path")]);
    assert!(export.status.success());
    let rows = bundle_rows(out.path());
    assert!(
        rows.values().all(|r| r.len() == 1),
        "only headers: nothing was written"
    );
}

/// A copy of the ten-mistake bundle with CRLF line ends (as spreadsheets and Python's
/// csv write), and with `Dialogue Centre A`'s name quoted over two lines.
fn ten_mistakes_as_a_spreadsheet_writes_them() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(fixture_dir("ten_mistakes")).expect("fixture") {
        let path = entry.expect("entry").path();
        let mut text = std::fs::read_to_string(&path).expect("text");
        if path.ends_with("organisations.csv") {
            text = text.replace("Dialogue Centre A", "\"Dialogue\nCentre A\"");
        }
        let crlf = text.replace("\r\n", "\n").replace('\n', "\r\n");
        std::fs::write(dir.path().join(path.file_name().expect("name")), crlf).expect("write");
    }
    dir
}

#[tokio::test]
async fn crlf_files_and_cells_over_two_lines_are_numbered_as_the_file_shows_them() {
    // The quoted name takes line 2 and 3, so the bad kind moves from line 4 to 5.
    let expected: Vec<(String, u64, String)> = TEN_MISTAKES
        .iter()
        .map(|(f, l, c)| {
            let line = if *f == "organisations.csv" { l + 1 } else { *l };
            (f.to_string(), line, c.to_string())
        })
        .collect();
    let dir = ten_mistakes_as_a_spreadsheet_writes_them();

    let db = fresh_db().await;
    let output = cli(&db.url, &["import", dir.path().to_str().expect("path")]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for (file, line, column) in &expected {
        let needle = format!("{file}, line {line}, column '{column}'");
        assert!(stderr.contains(&needle), "missing '{needle}' in:\n{stderr}");
    }

    let app = spawn_app().await;
    let error = app
        .query_error(IMPORT, json!({ "files": bundle_input(dir.path()) }))
        .await;
    assert_eq!(where_found(&error), expected);
    let repeat = error["extensions"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .find(|p| p["file"] == "people.csv" && p["line"] == 8)
        .expect("the repeated id");
    assert!(
        repeat["message"]
            .as_str()
            .unwrap_or_default()
            .contains("first on line 6"),
        "{repeat}"
    );
}

/// The small fixture with `extra` appended to the given files.
fn small_with(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(fixture_dir("small")).expect("fixture") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_str()
            .expect("UTF-8")
            .to_owned();
        let mut text = std::fs::read_to_string(&path).expect("text");
        for (file, rows) in extra {
            if *file == name {
                text.push_str(rows);
            }
        }
        std::fs::write(dir.path().join(&name), text).expect("write");
    }
    dir
}

#[tokio::test]
async fn repeated_rows_are_kept_once_with_a_warning_and_conflicting_ones_refused() {
    let app = spawn_app().await;
    // ana is a facilitator of m1 for org-a (line 2); listed again as a plain
    // participant (line 13); m5 pasted twice (line 7); an affiliation twice.
    let affiliation = std::fs::read_to_string(fixture_dir("small").join("affiliations.csv"))
        .expect("affiliations");
    let repeated_affiliation = format!("{}\n", affiliation.lines().nth(1).expect("a row"));
    let dir = small_with(&[
        ("participations.csv", "ana,m1,participant,\n"),
        (
            "meetings.csv",
            "m5,Border town hall,,2018-09-09,,Sadakhlo,GE,town_hall,3,public\n",
        ),
        ("affiliations.csv", &repeated_affiliation),
    ]);
    let report = app
        .query(IMPORT, json!({ "files": bundle_input(dir.path()) }))
        .await;
    let warnings = report["importBundle"]["warnings"]
        .as_array()
        .expect("warnings");
    let said = |file: &str, line: u64, text: &str| {
        warnings.iter().any(|w| {
            w["file"] == file
                && w["line"] == line
                && w["message"].as_str().unwrap_or_default().contains(text)
        })
    };
    assert!(
        said("participations.csv", 13, "first on line 2"),
        "{warnings:#?}"
    );
    assert!(
        said("participations.csv", 13, "as facilitator for 'org-a'"),
        "{warnings:#?}"
    );
    assert!(
        said("meetings.csv", 7, "repeats line 6 exactly"),
        "{warnings:#?}"
    );
    assert!(
        said("affiliations.csv", 6, "repeats line 2 exactly"),
        "{warnings:#?}"
    );
    assert_eq!(
        report["importBundle"]["participations"]["created"], 11,
        "one participation of ana in m1"
    );
    let ana = app
        .query(
            r#"{ person(id: "ana") { participations(first: 10) { nodes { role meeting { key } } } } }"#,
            json!({}),
        )
        .await;
    let roles: Vec<&Value> = ana["person"]["participations"]["nodes"]
        .as_array()
        .expect("participations")
        .iter()
        .filter(|p| p["meeting"]["key"] == "m1")
        .map(|p| &p["role"])
        .collect();
    assert_eq!(roles, [&json!("FACILITATOR")]);

    // Two named roles for one person in one meeting cannot both hold.
    let dir = small_with(&[("participations.csv", "ana,m1,speaker,\n")]);
    let error = app
        .query_error(IMPORT, json!({ "files": bundle_input(dir.path()) }))
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_INPUT");
    let problem = &error["extensions"]["problems"][0];
    assert_eq!(
        (problem["file"].clone(), problem["line"].clone()),
        (json!("participations.csv"), json!(13))
    );
    assert!(
        problem["message"]
            .as_str()
            .unwrap_or_default()
            .contains("'speaker' against 'facilitator' on line 2"),
        "{problem}"
    );
}

#[tokio::test]
async fn importing_the_same_bundle_twice_changes_nothing() {
    let app = spawn_app().await;
    let first = app.import(&demo_dir()).await;
    assert!(first["total"]["created"].as_u64().expect("created") > 400);
    let version = first["version"].clone();

    let second = app.import(&demo_dir()).await;
    assert_eq!(second["total"]["created"], 0);
    assert_eq!(second["total"]["updated"], 0);
    assert_eq!(second["total"]["unchanged"], first["total"]["created"]);
    assert_eq!(second["version"], version, "no change, no new data version");
}

#[tokio::test]
async fn an_import_updates_changed_rows_by_id() {
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(fixture_dir("small")).expect("fixture") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let people = std::fs::read_to_string(dir.path().join("people.csv")).expect("people");
    std::fs::write(
        dir.path().join("people.csv"),
        people.replace("farid,Farid,male", "farid,Farid Renamed,male"),
    )
    .expect("write");
    let report = app.import(dir.path()).await;
    assert_eq!(
        report["people"],
        json!({ "created": 0, "updated": 1, "unchanged": 6 })
    );
    let data = app
        .query(r#"{ person(id: "farid") { name } }"#, json!({}))
        .await;
    assert_eq!(data["person"]["name"], "Farid Renamed");
}

#[tokio::test]
async fn export_then_import_reproduces_the_demo_exactly() {
    let db = fresh_db().await;
    let demo = demo_dir();
    let imported = cli(&db.url, &["import", demo.to_str().expect("path")]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );

    let first = tempfile::tempdir().expect("temp dir");
    assert!(
        cli(&db.url, &["export", first.path().to_str().expect("path")])
            .status
            .success()
    );
    // The export holds what the demo holds (the format's defaults written out).
    let normalise = |mut rows: std::collections::BTreeMap<String, Vec<Vec<String>>>| {
        if let Some(people) = rows.get_mut("people.csv") {
            for row in people.iter_mut().skip(1) {
                if row[7].is_empty() {
                    row[7] = "false".into();
                }
            }
            people[1..].sort();
        }
        rows
    };
    assert_eq!(normalise(bundle_rows(&demo)), bundle_rows(first.path()));

    // Importing the export into a fresh database and exporting again is byte-identical.
    let again = fresh_db().await;
    assert!(
        cli(
            &again.url,
            &["import", first.path().to_str().expect("path")]
        )
        .status
        .success()
    );
    let second = tempfile::tempdir().expect("temp dir");
    assert!(
        cli(
            &again.url,
            &["export", second.path().to_str().expect("path")]
        )
        .status
        .success()
    );
    for file in std::fs::read_dir(first.path()).expect("export") {
        let name = file.expect("entry").file_name();
        let a = std::fs::read(first.path().join(&name)).expect("first");
        let b = std::fs::read(second.path().join(&name)).expect("second");
        assert_eq!(a, b, "{name:?} differs after a round trip");
    }
}

#[tokio::test]
async fn a_generated_bundle_round_trips_through_graphql_import_and_cli_export() {
    let dir = tempfile::tempdir().expect("temp dir");
    generate(dir.path(), 300, 11);
    let app = spawn_app().await;
    app.import(dir.path()).await;
    let out = tempfile::tempdir().expect("temp dir");
    let export = cli(&app.db.url, &["export", out.path().to_str().expect("path")]);
    assert!(
        export.status.success(),
        "{}",
        String::from_utf8_lossy(&export.stderr)
    );
    let original = bundle_rows(dir.path());
    let exported = bundle_rows(out.path());
    for (file, rows) in &original {
        assert_eq!(
            Some(rows),
            exported.get(file),
            "{file} differs after export"
        );
    }
}

#[tokio::test]
async fn unknown_columns_are_ignored_with_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(fixture_dir("small")).expect("fixture") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, dir.path().join(path.file_name().expect("name"))).expect("copy");
    }
    let orgs = std::fs::read_to_string(dir.path().join("organisations.csv")).expect("read");
    let with_extra: String = orgs
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l},website\n")
            } else {
                format!("{l},https://example.org\n")
            }
        })
        .collect();
    std::fs::write(dir.path().join("organisations.csv"), with_extra).expect("write");
    let app = spawn_app().await;
    let report = app.import(dir.path()).await;
    assert_eq!(
        report["warnings"],
        json!([{ "file": "organisations.csv", "line": 1, "column": "website", "message": "unknown column; ignored" }])
    );
}
