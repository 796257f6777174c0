//! Spreadsheets through every surface: workbooks made by another tool (openpyxl,
//! `tools/fixtures/make_workbooks.py`) in, workbooks out (CLI and download) and back,
//! problems named by sheet, row and column letter, zip archives, dry runs whose
//! counts are the import's, and templates.

use crate::exports::download;
use crate::helpers::{bundle_input, bundle_rows, cli, fixture_dir, fresh_db, spawn_app};
use base64::Engine;
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

fn workbook(name: &str) -> PathBuf {
    fixture_dir("workbooks").join(name)
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn succeeds(output: std::process::Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The CSV export of a database, as sorted rows per file.
fn exported(url: &str) -> std::collections::BTreeMap<String, Vec<Vec<String>>> {
    let out = tempfile::tempdir().expect("temp dir");
    succeeds(cli(url, &["export", path(out.path())]));
    bundle_rows(out.path())
}

/// The five mistakes planted in `mistakes.xlsx`: (sheet, row, letter, column,
/// words of the message).
const MISTAKES: [(&str, u64, &str, &str, &str); 5] = [
    ("Organisations", 3, "C", "kind", "Excel error #N/A"),
    ("People", 3, "C", "gender", "'femal'"),
    ("People", 6, "F", "birth_year", "'nineteen-eighty'"),
    ("Meetings", 4, "C", "start_date", "'2014-13-01'"),
    (
        "Participations",
        5,
        "A",
        "person_id",
        "unknown person 'nobody'",
    ),
];

const IMPORT_FULL: &str = "mutation($files: BundleInput!, $dryRun: Boolean!) {
  importBundle(files: $files, dryRun: $dryRun) {
    organisations { created updated unchanged }
    people { created updated unchanged }
    affiliations { created updated unchanged }
    meetings { created updated unchanged }
    participations { created updated unchanged }
    meetingOrganisations { created updated unchanged }
    measures { created updated unchanged }
    meetingMeasures { created updated unchanged }
    total { created updated unchanged }
    warnings { file line column sheet row columnLetter message }
    changes { file line sheet row key kind fields { column old new } }
    version
    dryRun
  }
}";

/// The counts of an import report, without what only a dry run or only the real
/// import says (the flag, the version, the rows shown).
fn counts(report: &Value) -> Value {
    let mut report = report.clone();
    let object = report.as_object_mut().expect("report");
    for field in ["dryRun", "version", "changes", "warnings"] {
        object.remove(field);
    }
    report
}

#[tokio::test]
async fn a_workbook_made_with_another_tool_imports_as_its_csv_files_do() {
    let db = fresh_db().await;
    let out = cli(&db.url, &["import", path(&workbook("small.xlsx"))]);
    let stdout = succeeds(out.clone());
    assert!(stdout.contains("39 created"), "{stdout}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("sheet 'Notes': not a sheet of the bundle format; ignored"),
        "{stderr}"
    );
    // Excel dates in a day-first display, whole numbers, capitalised sheet names,
    // columns in another order and a blank row all read as the CSV bundle.
    assert_eq!(exported(&db.url), bundle_rows(&fixture_dir("small")));
}

#[tokio::test]
async fn a_workbook_round_trips_through_the_cli_the_download_and_graphql() {
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    let original = exported(&app.db.url);

    // The CLI's workbook, imported into a fresh database, exports the same rows.
    let dir = tempfile::tempdir().expect("temp dir");
    let book = dir.path().join("out.xlsx");
    succeeds(cli(
        &app.db.url,
        &["export", "--format", "xlsx", path(&book)],
    ));
    let again = fresh_db().await;
    succeeds(cli(&again.url, &["import", path(&book)]));
    assert_eq!(exported(&again.url), original);

    // The download is a workbook whose dry run against the same data changes nothing.
    let (status, media, body) = download(&app, None, "bundle.xlsx").await;
    assert_eq!(status, 200);
    assert_eq!(
        media,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let report = app
        .query(
            IMPORT_FULL,
            json!({ "files": { "workbook": base64(&body) }, "dryRun": true }),
        )
        .await["importBundle"]
        .clone();
    assert_eq!(
        report["total"],
        json!({ "created": 0, "updated": 0, "unchanged": 39 })
    );
    assert_eq!(report["changes"], json!([]));

    // Over GraphQL into another server: the same rows again.
    let other = spawn_app().await;
    let report = other
        .query(
            IMPORT_FULL,
            json!({ "files": { "workbook": base64(&body) }, "dryRun": false }),
        )
        .await["importBundle"]
        .clone();
    assert_eq!(report["total"]["created"], 39);
    assert_eq!(exported(&other.db.url), original);
}

#[tokio::test]
async fn a_workbooks_mistakes_are_named_by_sheet_row_and_column_letter() {
    let db = fresh_db().await;
    let out = cli(&db.url, &["import", path(&workbook("mistakes.xlsx"))]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("5 problem(s)"), "{stderr}");
    for (sheet, row, letter, column, words) in MISTAKES {
        let needle = format!("sheet '{sheet}', row {row}, column {letter} ({column}): ");
        let line = stderr
            .lines()
            .find(|l| l.contains(&needle))
            .unwrap_or_else(|| panic!("no '{needle}' in:\n{stderr}"));
        assert!(line.contains(words), "{line}");
    }

    let app = spawn_app().await;
    let bytes = std::fs::read(workbook("mistakes.xlsx")).expect("fixture");
    let before = app.query("{ network { version people } }", json!({})).await;
    for dry_run in [true, false] {
        let error = app
            .query_error(
                IMPORT_FULL,
                json!({ "files": { "workbook": base64(&bytes) }, "dryRun": dry_run }),
            )
            .await;
        assert_eq!(error["extensions"]["code"], "BAD_INPUT");
        let found: Vec<(String, u64, String, String, Value)> = error["extensions"]["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .map(|p| {
                (
                    p["sheet"].as_str().expect("sheet").to_owned(),
                    p["row"].as_u64().expect("row"),
                    p["columnLetter"].as_str().expect("letter").to_owned(),
                    p["column"].as_str().expect("column").to_owned(),
                    p["line"].clone(),
                )
            })
            .collect();
        let expected: Vec<(String, u64, String, String, Value)> = MISTAKES
            .iter()
            .map(|(s, r, l, c, _)| (s.to_string(), *r, l.to_string(), c.to_string(), Value::Null))
            .collect();
        assert_eq!(found, expected);
    }
    let after = app.query("{ network { version people } }", json!({})).await;
    assert_eq!(before, after, "a refused workbook writes nothing");
    assert_eq!(exported(&db.url)["people.csv"].len(), 1, "only the header");
}

/// The `small` bundle with Farid renamed, Ana's city of m2 changed, a new person and
/// her participation: 1 created and 1 updated in people, 1 updated in meetings, 1
/// created in participations.
fn changed_small() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for entry in std::fs::read_dir(fixture_dir("small")).expect("fixture") {
        let from = entry.expect("entry").path();
        std::fs::copy(&from, dir.path().join(from.file_name().expect("name"))).expect("copy");
    }
    let edit = |file: &str, change: &dyn Fn(String) -> String| {
        let at = dir.path().join(file);
        let text = std::fs::read_to_string(&at).expect("read");
        std::fs::write(&at, change(text)).expect("write");
    };
    edit("people.csv", &|t| {
        t.replace("farid,Farid,male", "farid,Farid Renamed,male")
            + "hana,Hana,female,georgian,GE,2001,youth,false\n"
    });
    edit("meetings.csv", &|t| {
        t.replace("2012-03-10,,Tbilisi", "2012-03-10,,Batumi")
    });
    edit("participations.csv", &|t| t + "hana,m2,participant,\n");
    dir
}

#[tokio::test]
async fn a_dry_run_reports_what_the_import_then_does_and_writes_nothing() {
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    let before = exported(&app.db.url);
    let version = app.query("{ network { version } }", json!({})).await;
    let files = bundle_input(changed_small().path());

    let dry = app
        .query(IMPORT_FULL, json!({ "files": files, "dryRun": true }))
        .await["importBundle"]
        .clone();
    assert_eq!(dry["dryRun"], true);
    assert_eq!(
        dry["people"],
        json!({ "created": 1, "updated": 1, "unchanged": 6 })
    );
    assert_eq!(
        dry["meetings"],
        json!({ "created": 0, "updated": 1, "unchanged": 4 })
    );
    assert_eq!(
        dry["participations"],
        json!({ "created": 1, "updated": 0, "unchanged": 11 })
    );
    let changes = dry["changes"].as_array().expect("changes");
    assert!(
        changes.contains(&json!({
            "file": "people.csv", "line": 7, "sheet": null, "row": null, "key": "farid",
            "kind": "UPDATED", "fields": [{ "column": "name", "old": "Farid", "new": "Farid Renamed" }]
        })),
        "{changes:#?}"
    );
    assert!(
        changes.contains(&json!({
            "file": "meetings.csv", "line": 3, "sheet": null, "row": null, "key": "m2",
            "kind": "UPDATED", "fields": [{ "column": "city", "old": "Tbilisi", "new": "Batumi" }]
        })),
        "{changes:#?}"
    );
    let hana = changes
        .iter()
        .find(|c| c["key"] == "hana")
        .expect("the new person is shown");
    assert_eq!(
        (hana["kind"].as_str(), hana["line"].as_u64()),
        (Some("CREATED"), Some(9))
    );
    assert!(
        hana["fields"]
            .as_array()
            .expect("fields")
            .contains(&json!({ "column": "name", "old": null, "new": "Hana" }))
    );

    // Nothing was written: the same data, the same version, no Hana.
    assert_eq!(exported(&app.db.url), before);
    assert_eq!(
        app.query("{ network { version } }", json!({})).await,
        version
    );
    let hana = app
        .query(r#"{ person(id: "hana") { name } }"#, json!({}))
        .await;
    assert_eq!(hana["person"], Value::Null);

    // The import does what the dry run said, file by file.
    let real = app
        .query(IMPORT_FULL, json!({ "files": files, "dryRun": false }))
        .await["importBundle"]
        .clone();
    assert_eq!(real["dryRun"], false);
    assert_eq!(counts(&real), counts(&dry));
    assert_eq!(real["changes"], dry["changes"]);
    assert_ne!(
        app.query("{ network { version } }", json!({})).await,
        version
    );
}

#[tokio::test]
async fn the_cli_check_prints_the_changes_and_its_counts_are_the_imports() {
    let db = fresh_db().await;
    succeeds(cli(&db.url, &["import", path(&fixture_dir("small"))]));
    let before = exported(&db.url);
    let changed = changed_small();
    let check = succeeds(cli(&db.url, &["import", "--check", path(changed.path())]));
    assert!(
        check.contains("checked (nothing written)") && check.contains("2 created, 2 updated"),
        "{check}"
    );
    assert!(check.contains("line 7: changed farid"), "{check}");
    assert!(check.contains("name: Farid -> Farid Renamed"), "{check}");
    assert!(
        check.contains("line 9: new hana: id=hana, name=Hana"),
        "{check}"
    );
    assert_eq!(exported(&db.url), before, "a check writes nothing");

    let import = succeeds(cli(&db.url, &["import", path(changed.path())]));
    assert!(
        import.contains("imported") && import.contains("2 created, 2 updated"),
        "{import}"
    );
    let first = |text: &str| text.lines().next().unwrap_or_default().to_owned();
    assert_eq!(
        first(&check).replace("checked (nothing written)", "imported"),
        first(&import)
    );
}

#[tokio::test]
async fn a_dry_run_is_refused_as_the_import_is_and_only_for_editors() {
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    let editor = app.create_key("editor");
    let analyst = app.create_key("analyst");
    // An editor sees closed meetings but not the confidential m4: a bundle naming it
    // is refused, by the dry run exactly as by the import.
    let dir = changed_small();
    let files = bundle_input(dir.path());
    let mut answers = Vec::new();
    for dry_run in [true, false] {
        let (_, body) = app
            .post_as(
                Some(&editor),
                IMPORT_FULL,
                json!({ "files": files, "dryRun": dry_run }),
            )
            .await;
        answers.push(body);
    }
    assert_eq!(answers[0]["errors"][0]["extensions"]["code"], "BAD_INPUT");
    assert_eq!(answers[0], answers[1], "the dry run answers as the import");
    let problems = answers[0]["errors"][0]["extensions"]["problems"].to_string();
    assert!(
        problems.contains("meetings.csv") && problems.contains("'m4'"),
        "{problems}"
    );

    let (_, body) = app
        .post_as(
            Some(&analyst),
            IMPORT_FULL,
            json!({ "files": files, "dryRun": true }),
        )
        .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "{body}"
    );
}

/// The `small` bundle zipped as a system's "compress folder" makes it: deflated, in
/// a folder, with a resource-fork copy beside it.
fn zipped_small() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for entry in std::fs::read_dir(fixture_dir("small")).expect("fixture") {
        let from = entry.expect("entry").path();
        let name = from
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read(&from).expect("read");
        zip.start_file(format!("small/{name}"), options)
            .expect("entry");
        zip.write_all(&text).expect("write");
        zip.start_file(format!("__MACOSX/small/._{name}"), options)
            .expect("entry");
        zip.write_all(b"\0\x05\x16\x07").expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

#[tokio::test]
async fn a_zip_of_the_csv_files_imports_and_bad_forms_are_refused_by_field() {
    let app = spawn_app().await;
    let report = app
        .query(
            IMPORT_FULL,
            json!({ "files": { "zip": base64(&zipped_small()) }, "dryRun": false }),
        )
        .await["importBundle"]
        .clone();
    assert_eq!(report["total"]["created"], 39);
    assert_eq!(exported(&app.db.url), bundle_rows(&fixture_dir("small")));

    let cases = [
        (json!({ "zip": "not base64!" }), "files.zip"),
        (json!({ "workbook": "%%%" }), "files.workbook"),
        (
            json!({ "zip": base64(&zipped_small()), "people": "id,name\n" }),
            "files",
        ),
    ];
    for (files, field) in cases {
        let error = app
            .query_error(IMPORT_FULL, json!({ "files": files, "dryRun": true }))
            .await;
        assert_eq!(error["extensions"]["code"], "BAD_INPUT", "{error}");
        assert_eq!(error["extensions"]["field"], field, "{error}");
    }
    let error = app
        .query_error(
            IMPORT_FULL,
            json!({ "files": { "workbook": base64(b"a text file") }, "dryRun": true }),
        )
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_INPUT", "{error}");
    assert!(
        error["extensions"]["problems"][0]["message"]
            .as_str()
            .expect("message")
            .contains("not a readable .xlsx workbook"),
        "{error}"
    );
}

#[tokio::test]
async fn templates_hold_the_headers_an_example_row_and_drop_down_lists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("template");
    let book = dir.path().join("template.xlsx");
    let db = fresh_db().await;
    succeeds(cli(&db.url, &["template", path(&folder)]));
    succeeds(cli(&db.url, &["template", path(&book)]));

    let rows = bundle_rows(&folder);
    assert_eq!(rows.len(), 8, "every file of the format");
    for spec in peacenet::bundle::FILES {
        let file = &rows[spec.name];
        let header: Vec<&str> = spec.columns.iter().map(|c| c.name).collect();
        assert_eq!(file[0], header, "{}", spec.name);
        assert_eq!(file.len(), 2, "{}: the header and one example", spec.name);
    }
    // Each example row is valid and names the others: both import as 8 new rows.
    for template in [&folder, &book] {
        let check = succeeds(cli(&db.url, &["import", "--check", path(template)]));
        assert!(
            check.contains("8 created, 0 updated, 0 unchanged"),
            "{check}"
        );
    }

    // The workbook's closed columns offer their values as lists kept on `lists`.
    let file = std::fs::File::open(&book).expect("workbook");
    let mut archive = zip::ZipArchive::new(file).expect("an xlsx is a zip");
    let mut people = String::new();
    archive
        .by_name("xl/worksheets/sheet2.xml")
        .expect("the people sheet")
        .read_to_string(&mut people)
        .expect("XML");
    assert!(people.contains("<dataValidation"), "{people}");
    assert!(people.contains("lists!$"), "{people}");
    let mut listed = calamine::open_workbook::<calamine::Xlsx<_>, _>(&book).expect("workbook");
    use calamine::Reader;
    let lists = listed.worksheet_range("lists").expect("the lists sheet");
    let gender: Vec<String> = (0..lists.width())
        .find(|c| {
            lists
                .get((0, *c))
                .is_some_and(|v| *v == calamine::Data::String("gender".into()))
        })
        .map(|c| {
            (1..lists.height())
                .filter_map(|r| lists.get((r, c)).map(|v| v.to_string()))
                .filter(|v| !v.is_empty())
                .collect()
        })
        .expect("a gender list");
    assert_eq!(gender, ["female", "male", "other"]);
}
