//! The access gate tried as an adversary would: a differential test of every read
//! surface, generated from the schema, for each role; a matrix of writes against
//! hidden meetings; and the side channels of masking (ids, orders, cursors,
//! attributes).

use crate::helpers::{
    IMPORT, TestApp, TestDb, bundle_input, bundle_rows, cli, fixture_dir, fresh_db, settings,
    spawn_app_with, spawn_on,
};
use peacenet::config::{AnonymousRole, ServeArgs};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A bundle as its files' rows: file name -> header and records.
type Rows = BTreeMap<String, (Vec<String>, Vec<Vec<String>>)>;

fn read_rows(dir: &Path) -> Rows {
    bundle_rows(dir)
        .into_iter()
        .map(|(name, mut rows)| {
            let header = rows.remove(0);
            (name, (header, rows))
        })
        .collect()
}

fn write_rows(rows: &Rows) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    for (name, (header, records)) in rows {
        let mut writer = csv::Writer::from_path(dir.path().join(name)).expect("csv");
        writer.write_record(header).expect("header");
        for record in records {
            writer.write_record(record).expect("record");
        }
        writer.flush().expect("flush");
    }
    dir
}

fn column(rows: &Rows, file: &str, name: &str) -> usize {
    rows[file]
        .0
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("{file} has no column {name}"))
}

/// The rows of `file`, for editing.
fn records<'a>(rows: &'a mut Rows, file: &str) -> &'a mut Vec<Vec<String>> {
    &mut rows.get_mut(file).expect("file").1
}

/// The bundle as a reader of `ceiling` who masks (or not) may see it, with what they
/// may not see removed or changed: meetings above the ceiling and their links are
/// gone; when masking, every attribute of a sensitive person (name, gender, side,
/// country, birth year, tags, affiliations, organisations represented) is altered.
fn reader_copy(original: &Rows, ceiling: &str, masking: bool) -> Rows {
    let levels: &[&str] = match ceiling {
        "public" => &["public"],
        "closed" => &["public", "closed"],
        _ => &["public", "closed", "confidential"],
    };
    let mut rows = original.clone();
    let level = column(&rows, "meetings.csv", "confidentiality");
    let id = column(&rows, "meetings.csv", "id");
    let hidden: BTreeSet<String> = rows["meetings.csv"]
        .1
        .iter()
        .filter(|r| !levels.contains(&r[level].as_str()))
        .map(|r| r[id].clone())
        .collect();
    records(&mut rows, "meetings.csv").retain(|r| !hidden.contains(&r[id]));
    for file in [
        "participations.csv",
        "meeting_organisations.csv",
        "meeting_measures.csv",
    ] {
        if rows.contains_key(file) {
            let m = column(&rows, file, "meeting_id");
            records(&mut rows, file).retain(|r| !hidden.contains(&r[m]));
        }
    }
    if !masking {
        return rows;
    }
    let sensitive_col = column(&rows, "people.csv", "sensitive");
    let person_id = column(&rows, "people.csv", "id");
    let sensitive: BTreeSet<String> = rows["people.csv"]
        .1
        .iter()
        .filter(|r| r[sensitive_col] == "true")
        .map(|r| r[person_id].clone())
        .collect();
    assert!(!sensitive.is_empty(), "the bundle has sensitive people");
    let cols: Vec<(usize, &str)> = [
        ("name", "Someone Else"),
        ("gender", "other"),
        ("side", "perturbed"),
        ("country", "NZ"),
        ("birth_year", "1931"),
        ("tags", "perturbed;veteran"),
    ]
    .into_iter()
    .map(|(c, v)| (column(&rows, "people.csv", c), v))
    .collect();
    for r in records(&mut rows, "people.csv") {
        if sensitive.contains(&r[person_id]) {
            for &(c, v) in &cols {
                r[c] = v.to_owned();
            }
        }
    }
    // Affiliations stay rows (their storage ids are sequential), but to another
    // organisation.
    let first_org = rows["organisations.csv"].1[0][0].clone();
    let last_org = rows["organisations.csv"].1.last().expect("an organisation")[0].clone();
    let p = column(&rows, "affiliations.csv", "person_id");
    let o = column(&rows, "affiliations.csv", "organisation_id");
    let role = column(&rows, "affiliations.csv", "role");
    for r in records(&mut rows, "affiliations.csv") {
        if sensitive.contains(&r[p]) {
            r[o] = if r[o] == first_org {
                last_org.clone()
            } else {
                first_org.clone()
            };
            r[role] = "changed".into();
        }
    }
    let p = column(&rows, "participations.csv", "person_id");
    let o = column(&rows, "participations.csv", "organisation_id");
    for r in records(&mut rows, "participations.csv") {
        if sensitive.contains(&r[p]) {
            r[o] = if r[o].is_empty() {
                first_org.clone()
            } else {
                String::new()
            };
        }
    }
    rows
}

/// Generous limits, so that the generated query is not refused for its size.
fn roomy(anonymous: AnonymousRole) -> ServeArgs {
    ServeArgs {
        anonymous_role: Some(anonymous),
        max_complexity: usize::MAX,
        max_depth: 40,
        max_page_size: 5000,
        min_cell_size: 3,
        introspection: true,
        ..settings()
    }
}

/// A server over a fresh database holding `rows`, whose pseudonym secret is
/// `secret` when given (so that two servers name sensitive people alike).
async fn serve(rows: &Rows, secret: Option<&str>, anonymous: AnonymousRole) -> TestApp {
    let db: TestDb = fresh_db().await;
    let out = cli(&db.url, &["migrate"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if let Some(secret) = secret {
        use sea_orm::ConnectionTrait;
        let conn = sea_orm::Database::connect(db.url.as_str())
            .await
            .expect("connect");
        let backend = conn.get_database_backend();
        conn.execute_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            match backend {
                sea_orm::DbBackend::Postgres => {
                    "INSERT INTO instance_secrets (name, value) VALUES ($1, $2)"
                }
                _ => "INSERT INTO instance_secrets (name, value) VALUES (?, ?)",
            },
            ["pseudonyms".into(), secret.into()],
        ))
        .await
        .expect("secret");
        conn.close().await.expect("close");
    }
    let app = spawn_on(db, roomy(anonymous)).await;
    load(&app, rows).await;
    app
}

/// The pseudonym secret of a server's database.
async fn secret_of(app: &TestApp) -> String {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = sea_orm::Database::connect(app.db.url.as_str())
        .await
        .expect("connect");
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT value FROM instance_secrets WHERE name = 'pseudonyms'",
        ))
        .await
        .expect("query")
        .expect("a secret");
    let value: String = row.try_get("", "value").expect("value");
    conn.close().await.expect("close");
    value
}

/// Sample values for the arguments the generated query must give, by field and
/// argument name; `None` leaves an optional argument out.
fn sample(field: &str, arg: &str, samples: &Samples) -> Option<String> {
    let quoted = |s: &str| Some(format!("{s:?}"));
    match (field, arg) {
        ("node", "id") => quoted(&format!("Person:{}", samples.sensitive)),
        ("person", "id") | ("egoNetwork", "person") => quoted(&samples.sensitive),
        ("haveMet", "a") | ("chainOfAcquaintance", "from") => quoted(&samples.sensitive),
        ("haveMet", "b") | ("chainOfAcquaintance", "to") => quoted(&samples.named),
        ("meeting", "id") => quoted(&samples.hidden_meeting),
        ("organisation", "id") => quoted(&samples.organisation),
        ("measure", "id") => quoted(&samples.measure),
        ("intersection", "groups") => Some(
            r#"[{ dimension: GENDER, group: "FEMALE" }, { dimension: TAG, group: "youth" }]"#
                .into(),
        ),
        ("silentSince", "date") => quoted("2015-01-01"),
        ("retention", "series") => quoted(&samples.series),
        _ => None,
    }
}

struct Samples {
    sensitive: String,
    named: String,
    hidden_meeting: String,
    organisation: String,
    measure: String,
    series: String,
}

/// The schema's object types, from introspection.
async fn types(app: &TestApp) -> BTreeMap<String, Value> {
    let body = app
        .post(
            r#"{ __schema { types { name kind possibleTypes { name }
                 fields { name args { name type { ...T } defaultValue } type { ...T } } } } }
               fragment T on __Type { kind name ofType { kind name ofType { kind name
                 ofType { kind name ofType { kind name } } } } }"#,
            json!({}),
        )
        .await;
    body["data"]["__schema"]["types"]
        .as_array()
        .expect("types")
        .iter()
        .map(|t| (t["name"].as_str().expect("name").to_owned(), t.clone()))
        .collect()
}

/// The named type under list and non-null wrappers, and whether it was required.
fn unwrap(t: &Value) -> (&Value, bool) {
    let required = t["kind"] == "NON_NULL";
    let mut t = t;
    while t["name"].is_null() {
        t = &t["ofType"];
    }
    (t, required)
}

/// A selection of every field of `type_name`, to `depth` levels, never entering a
/// type already on the path; required arguments are filled from [`sample`] (an
/// enum with its first value), and fields that cannot be asked are named in
/// `skipped`.
fn select(
    types: &BTreeMap<String, Value>,
    type_name: &str,
    depth: usize,
    path: &mut Vec<String>,
    samples: &Samples,
    skipped: &mut BTreeSet<String>,
) -> String {
    let t = &types[type_name];
    if t["kind"] == "INTERFACE" || t["kind"] == "UNION" {
        let mut parts = vec!["__typename".to_owned()];
        for possible in t["possibleTypes"].as_array().expect("possible") {
            let name = possible["name"].as_str().expect("name");
            if !path.iter().any(|p| p == name) {
                path.push(name.to_owned());
                let inner = select(types, name, depth, path, samples, skipped);
                path.pop();
                parts.push(format!("... on {name} {{ {inner} }}"));
            }
        }
        return parts.join(" ");
    }
    let mut parts = vec!["__typename".to_owned()];
    for field in t["fields"].as_array().expect("fields") {
        let name = field["name"].as_str().expect("name");
        let mut args = Vec::new();
        let mut askable = true;
        for arg in field["args"].as_array().expect("args") {
            let arg_name = arg["name"].as_str().expect("arg");
            let (arg_type, required) = unwrap(&arg["type"]);
            let value = sample(name, arg_name, samples).or_else(|| {
                (required && arg["defaultValue"].is_null() && arg_type["kind"] == "ENUM").then(
                    || {
                        types[arg_type["name"].as_str().expect("enum")]["enumValues"]
                            .as_array()
                            .and_then(|v| v.first())
                            .and_then(|v| v["name"].as_str())
                            .map(str::to_owned)
                            .unwrap_or_default()
                    },
                )
            });
            match value {
                Some(value) if !value.is_empty() => args.push(format!("{arg_name}: {value}")),
                _ if required && arg["defaultValue"].is_null() => askable = false,
                _ => {}
            }
        }
        if !askable {
            skipped.insert(format!("{type_name}.{name}"));
            continue;
        }
        let args = if args.is_empty() {
            String::new()
        } else {
            format!("({})", args.join(", "))
        };
        let (field_type, _) = unwrap(&field["type"]);
        let field_type_name = field_type["name"].as_str().expect("type name");
        match field_type["kind"].as_str() {
            Some("OBJECT" | "INTERFACE" | "UNION") => {
                if depth == 0 || path.iter().any(|p| p == field_type_name) {
                    continue;
                }
                path.push(field_type_name.to_owned());
                let inner = select(types, field_type_name, depth - 1, path, samples, skipped);
                path.pop();
                parts.push(format!("{name}{args} {{ {inner} }}"));
            }
            _ => parts.push(format!("{name}{args}")),
        }
    }
    parts.join(" ")
}

/// Every download the service offers.
const DOWNLOADS: &[&str] = &[
    "met.graphml",
    "met.gexf",
    "met.json",
    "organisations.graphml",
    "organisations.gexf",
    "organisations.json",
    "bipartite.graphml",
    "bipartite.gexf",
    "bipartite.json",
    "bundle.zip",
];

/// The root fields a reader below admin is not meant to get at all, with why.
const ADMIN_ONLY: &[&str] = &["auditLog"];

/// The generated query over every root field (but the admin-only ones), every
/// field below it to `depth` levels.
async fn every_read(app: &TestApp, samples: &Samples, depth: usize) -> String {
    let mut types = types(app).await;
    // enum values are needed to fill required enum arguments
    let enums = app
        .post(
            r#"{ __schema { types { name enumValues { name } } } }"#,
            json!({}),
        )
        .await;
    for t in enums["data"]["__schema"]["types"]
        .as_array()
        .expect("types")
    {
        if let Some(entry) = types.get_mut(t["name"].as_str().expect("name")) {
            entry["enumValues"] = t["enumValues"].clone();
        }
    }
    let root = types["Query"].clone();
    let mut parts = Vec::new();
    let mut skipped = BTreeSet::new();
    for field in root["fields"].as_array().expect("fields") {
        let name = field["name"].as_str().expect("name");
        if ADMIN_ONLY.contains(&name) {
            continue;
        }
        let mut trimmed = root.clone();
        trimmed["fields"] = json!([field.clone()]);
        types.insert("One".into(), trimmed);
        let mut path = vec!["Query".to_owned()];
        let selection = select(&types, "One", depth, &mut path, samples, &mut skipped);
        parts.push(selection.replacen("__typename ", "", 1));
    }
    assert!(
        skipped.is_empty(),
        "fields the generated query cannot ask (give them a sample argument): {skipped:?}"
    );
    format!("{{ {} }}", parts.join(" "))
}

async fn answer(app: &TestApp, token: Option<&str>, query: &str) -> Value {
    let (status, body) = app.post_as(token, query, json!({})).await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Where two answers first differ.
fn difference(a: &Value, b: &Value, path: String) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                (Some(v), Some(w)) => difference(v, w, format!("{path}.{k}")),
                _ => Some(format!("{path}.{k} only on one side")),
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| difference(v, w, format!("{path}[{i}]"))),
        _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
    }
}

/// The small fixture, with one more sensitive person (Ana, at public meetings, who
/// represented an organisation there).
fn small_with_sensitive_ana() -> Rows {
    let mut rows = read_rows(&fixture_dir("small"));
    let s = column(&rows, "people.csv", "sensitive");
    for r in records(&mut rows, "people.csv") {
        if r[0] == "ana" {
            r[s] = "true".into();
        }
    }
    rows
}

/// For every role, the answer to a query over every read surface equals the answer
/// on a copy of the data without what the role may not see: meetings above its
/// ceiling removed and, for a masked reader, every attribute of sensitive people
/// altered. For roles that see names, it also equals the admin's answer on that copy.
async fn differential(rows: &Rows, samples: &Samples, depth: usize) {
    let app = serve(rows, None, AnonymousRole::Viewer).await;
    let secret = secret_of(&app).await;
    let query = every_read(&app, samples, depth).await;
    for (role, ceiling, masking) in [
        ("anonymous", "public", true),
        ("viewer", "public", true),
        ("analyst", "closed", false),
        ("editor", "closed", false),
    ] {
        let token = (role != "anonymous").then(|| app.create_key(role));
        let seen = answer(&app, token.as_deref(), &query).await;
        assert!(
            seen["data"].is_object(),
            "{role}: the generated query runs: {}",
            seen["errors"]
        );
        let copy = reader_copy(rows, ceiling, masking);
        let other = serve(&copy, Some(&secret), AnonymousRole::Viewer).await;
        let other_token = (role != "anonymous").then(|| other.create_key(role));
        let expected = answer(&other, other_token.as_deref(), &query).await;
        if let Some(d) = difference(&seen, &expected, String::new()) {
            panic!("{role} learns something hidden from them: {d}");
        }
        // Every download: refused alike, or the same bytes.
        for file in DOWNLOADS {
            let mine = crate::exports::download(&app, token.as_deref(), file).await;
            let theirs = crate::exports::download(&other, other_token.as_deref(), file).await;
            assert_eq!(mine.0, theirs.0, "{role}: {file}");
            assert!(
                mine.2 == theirs.2,
                "{role} learns something hidden from them through {file}"
            );
            assert_eq!(
                mine.0 == 200,
                !masking,
                "{role}: {file} answered {}",
                mine.0
            );
        }
        if !masking {
            let admin = other.create_key("admin");
            let mut oracle = answer(&other, Some(&admin), &query).await;
            // `me` describes the reader, so it is the one answer that differs by role.
            let mut seen = seen.clone();
            for answer in [&mut seen, &mut oracle] {
                if let Some(data) = answer["data"].as_object_mut() {
                    data.remove("me");
                }
            }
            if let Some(d) = difference(&seen, &oracle, String::new()) {
                panic!("{role}'s answer differs from the admin's on the data they may see: {d}");
            }
        }
    }
}

#[tokio::test]
async fn every_read_surface_answers_each_role_as_on_the_data_it_may_see() {
    let samples = Samples {
        sensitive: "dilara".into(),
        named: "bora".into(),
        hidden_meeting: "m4".into(),
        organisation: "org-b".into(),
        measure: "cbm-d".into(),
        series: "Dialogue".into(),
    };
    differential(&small_with_sensitive_ana(), &samples, 6).await;
}

#[tokio::test]
async fn every_read_surface_holds_on_a_generated_bundle() {
    let dir = tempfile::tempdir().expect("dir");
    let out = cli(
        "sqlite::memory:",
        &[
            "generate",
            "--people",
            "150",
            "--seed",
            "11",
            dir.path().to_str().expect("path"),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = read_rows(dir.path());
    let id = column(&rows, "people.csv", "id");
    let s = column(&rows, "people.csv", "sensitive");
    let sensitive = rows["people.csv"].1.iter().find(|r| r[s] == "true");
    let named = rows["people.csv"].1.iter().find(|r| r[s] != "true");
    let m_id = column(&rows, "meetings.csv", "id");
    let level = column(&rows, "meetings.csv", "confidentiality");
    let series = column(&rows, "meetings.csv", "series");
    let hidden = rows["meetings.csv"].1.iter().find(|r| r[level] == "closed");
    let samples = Samples {
        sensitive: sensitive.expect("a sensitive person")[id].clone(),
        named: named.expect("a named person")[id].clone(),
        hidden_meeting: hidden.expect("a closed meeting")[m_id].clone(),
        organisation: rows["organisations.csv"].1[0][0].clone(),
        measure: rows
            .get("measures.csv")
            .and_then(|m| m.1.first())
            .map_or_else(String::new, |r| r[0].clone()),
        series: rows["meetings.csv"]
            .1
            .iter()
            .map(|r| r[series].clone())
            .find(|s| !s.is_empty())
            .unwrap_or_default(),
    };
    // Less deep than on the small fixture: the answer grows with every level.
    differential(&rows, &samples, 4).await;
}

/// A server over the small fixture, readers without a key refused.
async fn small_server(rows: &Rows, min_cell_size: usize) -> (TestApp, String) {
    let app = spawn_app_with(ServeArgs {
        anonymous_role: Some(AnonymousRole::None),
        min_cell_size,
        ..settings()
    })
    .await;
    let admin = load(&app, rows).await;
    (app, admin)
}

/// Imports `rows` as an admin; returns the admin's key.
async fn load(app: &TestApp, rows: &Rows) -> String {
    let admin = app.create_key("admin");
    let dir = write_rows(rows);
    let (status, body) = app
        .post_as(
            Some(&admin),
            IMPORT,
            json!({ "files": bundle_input(dir.path()) }),
        )
        .await;
    assert_eq!(status, 200);
    assert!(body.get("errors").is_none(), "{body}");
    admin
}

/// Asks `template` with `placeholder` as `id` and as an id never used; the answers
/// must be the same but for the id. Returns the answer for `id`.
async fn as_never_used(
    app: &TestApp,
    token: &str,
    template: &str,
    placeholder: &str,
    id: &str,
) -> Value {
    let never_used = "zz-never-used";
    let real = answer(app, Some(token), &template.replace(placeholder, id)).await;
    let never = answer(app, Some(token), &template.replace(placeholder, never_used)).await;
    assert_eq!(
        serde_json::to_string(&real).expect("json"),
        serde_json::to_string(&never)
            .expect("json")
            .replace(never_used, id),
        "{template}"
    );
    real
}

/// Every mutation that names a meeting, with `$M` for the meeting.
const MEETING_WRITES: &[&str] = &[
    r#"mutation { updateMeeting(id: "$M", input: { title: "Renamed" }) { key } }"#,
    r#"mutation { updateMeeting(id: "Meeting:$M", input: { confidentiality: PUBLIC }) { key } }"#,
    r#"mutation { deleteMeeting(id: "$M") }"#,
    r#"mutation { addParticipation(input: { person: "ana", meeting: "$M" }) { role } }"#,
    r#"mutation { addParticipation(input: { person: "dilara", meeting: "$M" }) { role } }"#,
    r#"mutation { addParticipation(input: { person: "eric", meeting: "$M", organisation: "org-a" }) { role } }"#,
    r#"mutation { removeParticipation(person: "dilara", meeting: "$M") { role person { name } } }"#,
    r#"mutation { removeParticipation(person: "ana", meeting: "$M") { role } }"#,
];

/// The bundle files an import must have, empty.
const EMPTY: &str = r#"organisations: "id,name,kind\n", people: "id,name\n", affiliations: "person_id,organisation_id\n", participations: "person_id,meeting_id\n","#;

/// What an admin sees of the hidden meeting: must not move.
const HIDDEN_STATE: &str = r#"{ meeting(id: "m4") { title confidentiality
    participants { nodes { key } } participations { nodes { person { key } organisation { key } } } } }"#;

#[tokio::test]
async fn writes_answer_for_a_hidden_meeting_as_for_an_id_never_used() {
    let rows = read_rows(&fixture_dir("small"));
    let (app, admin) = small_server(&rows, 5).await;
    let editor = app.create_key("editor");
    let before = answer(&app, Some(&admin), HIDDEN_STATE).await;
    for template in MEETING_WRITES {
        let hidden = as_never_used(&app, &editor, template, "$M", "m4").await;
        assert!(hidden.get("errors").is_some(), "{template}: {hidden}");
    }
    // A hidden meeting's id is taken, as a visible one's is: that much is knowable.
    let create = |key: &str| {
        format!(
            r#"mutation {{ createMeeting(input: {{ key: "{key}", title: "New", startDate: "2020-01-01" }}) {{ key }} }}"#
        )
    };
    let hidden = answer(&app, Some(&editor), &create("m4")).await;
    let visible = answer(&app, Some(&editor), &create("m1")).await;
    assert_eq!(
        serde_json::to_string(&hidden).expect("json"),
        serde_json::to_string(&visible)
            .expect("json")
            .replace("'m1'", "'m4'"),
    );
    assert_eq!(hidden["errors"][0]["extensions"]["code"], "CONFLICT");
    // A writer cannot make or raise a meeting above what they may see.
    let body = answer(
        &app,
        Some(&editor),
        r#"mutation { createMeeting(input: { key: "m-secret", title: "S", startDate: "2020-01-01", confidentiality: CONFIDENTIAL }) { key } }"#,
    )
    .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_INPUT",
        "{body}"
    );
    let body = answer(
        &app,
        Some(&editor),
        r#"mutation { updateMeeting(id: "m1", input: { confidentiality: CONFIDENTIAL }) { key } }"#,
    )
    .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"], "BAD_INPUT",
        "{body}"
    );

    // An import naming the hidden meeting is refused at its line, as an id taken
    // (and so are links to it, which must name a meeting of the bundle).
    let meetings = "id,title,start_date,confidentiality\nm9,Fine,2020-01-01,public\nm4,Now public,2016-01-15,public\n";
    let body = answer(
        &app,
        Some(&editor),
        &format!(
            "mutation {{ importBundle(files: {{ {EMPTY} meetings: {meetings:?} }}) {{ meetings {{ created }} }} }}"
        ),
    )
    .await;
    let error = &body["errors"][0];
    assert_eq!(error["extensions"]["code"], "BAD_INPUT", "{body}");
    let problems = error["extensions"]["problems"]
        .as_array()
        .expect("problems");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["file"], "meetings.csv");
    assert_eq!(problems[0]["line"], 3);
    assert_eq!(problems[0]["column"], "id");
    assert!(
        problems[0]["message"]
            .as_str()
            .expect("message")
            .contains("already taken"),
        "{problems:?}"
    );
    let body = answer(
        &app,
        Some(&editor),
        &format!(
            r#"mutation {{ importBundle(files: {{ {EMPTY} meetings: "id,title,start_date,confidentiality\nm9,S,2020-01-01,confidential\n" }}) {{ meetings {{ created }} }} }}"#
        ),
    )
    .await;
    assert_eq!(
        body["errors"][0]["extensions"]["problems"][0]["column"], "confidentiality",
        "{body}"
    );

    // Nothing of the hidden meeting moved, and nothing at all was imported.
    assert_eq!(answer(&app, Some(&admin), HIDDEN_STATE).await, before);
    let m9 = answer(&app, Some(&admin), r#"{ meeting(id: "m9") { key } }"#).await;
    assert_eq!(m9["data"]["meeting"], Value::Null);

    // An admin may still do all of it.
    let body = answer(
        &app,
        Some(&admin),
        r#"mutation { removeParticipation(person: "dilara", meeting: "m4") { role } }"#,
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
}

/// Reads that name a person, with `$P` for the person.
const PERSON_READS: &[&str] = &[
    r#"{ node(id: "Person:$P") { id } }"#,
    r#"{ person(id: "$P") { key name } }"#,
    r#"{ person(id: "Person:$P") { key } }"#,
    r#"{ haveMet(a: "$P", b: "bora") { met } }"#,
    r#"{ haveMet(a: "bora", b: "$P") { met } }"#,
    r#"{ chainOfAcquaintance(from: "$P", to: "bora") { length } }"#,
    r#"{ chainOfAcquaintance(from: "bora", to: "$P") { length } }"#,
    r#"{ analytics { egoNetwork(person: "$P") { people { distance } } } }"#,
    r#"{ people(filter: { organisation: "org-a" }) { edges { node { key } } } }"#,
];

#[tokio::test]
async fn a_masked_reader_cannot_tell_a_sensitive_id_from_one_never_used() {
    let rows = small_with_sensitive_ana();
    let (app, _) = small_server(&rows, 5).await;
    let viewer = app.create_key("viewer");
    for template in PERSON_READS {
        as_never_used(&app, &viewer, template, "$P", "ana").await;
    }
    // The pseudonym, though, names the person.
    let list = answer(
        &app,
        Some(&viewer),
        "{ people { edges { cursor node { key name } } } }",
    )
    .await;
    let edges = list["data"]["people"]["edges"].as_array().expect("edges");
    let keys: Vec<&str> = edges
        .iter()
        .map(|e| e["node"]["key"].as_str().expect("key"))
        .collect();
    let pseudonyms: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| k.starts_with("anon-"))
        .collect();
    assert_eq!(pseudonyms.len(), 2, "{keys:?}");
    let node = answer(
        &app,
        Some(&viewer),
        &format!(
            r#"{{ node(id: "Person:{}") {{ ... on Person {{ key }} }} }}"#,
            pseudonyms[0]
        ),
    )
    .await;
    assert_eq!(node["data"]["node"]["key"], pseudonyms[0]);

    // Masked people come after the named ones, by pseudonym, and no cursor holds a
    // real id.
    let named: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| !k.starts_with("anon-"))
        .collect();
    let mut sorted_named = named.clone();
    sorted_named.sort();
    let mut sorted_pseudonyms = pseudonyms.clone();
    sorted_pseudonyms.sort();
    assert_eq!(keys, [sorted_named, sorted_pseudonyms].concat());
    let mut after: Option<String> = None;
    let mut paged = Vec::new();
    loop {
        let query = match &after {
            Some(c) => format!(
                r#"{{ people(first: 1, after: "{c}") {{ edges {{ cursor node {{ key }} }} pageInfo {{ hasNextPage }} }} }}"#
            ),
            None => {
                r#"{ people(first: 1) { edges { cursor node { key } } pageInfo { hasNextPage } } }"#
                    .to_owned()
            }
        };
        let page = answer(&app, Some(&viewer), &query).await;
        let people = &page["data"]["people"];
        for edge in people["edges"].as_array().expect("edges") {
            paged.push(edge["node"]["key"].as_str().expect("key").to_owned());
            let cursor = edge["cursor"].as_str().expect("cursor");
            use base64::Engine;
            let decoded = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(cursor)
                .expect("base64");
            let text = String::from_utf8_lossy(&decoded);
            assert!(!text.contains("ana") && !text.contains("dilara"), "{text}");
            after = Some(cursor.to_owned());
        }
        if people["pageInfo"]["hasNextPage"] != true {
            break;
        }
    }
    assert_eq!(paged, keys);
}

#[tokio::test]
async fn a_masked_persons_attributes_count_as_withheld_everywhere() {
    let rows = small_with_sensitive_ana();
    let (app, _) = small_server(&rows, 1).await;
    let viewer = app.create_key("viewer");
    let body = answer(
        &app,
        Some(&viewer),
        r#"{ meeting(id: "m1") { participations { nodes { person { key } organisation { key } } } }
             organisation(id: "org-a") { representedAt { nodes { person { key } } } members { nodes { key } } }
             coverage { byDimension(dimension: GENDER) { group people }
                        meetings { edges { node { meeting { key } genders { label count } } } } } }"#,
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    let data = &body["data"];
    for p in data["meeting"]["participations"]["nodes"]
        .as_array()
        .expect("participations")
    {
        if p["person"]["key"]
            .as_str()
            .expect("key")
            .starts_with("anon-")
        {
            assert_eq!(p["organisation"], Value::Null, "{p}");
        }
    }
    assert_eq!(data["organisation"]["representedAt"]["nodes"], json!([]));
    assert_eq!(data["organisation"]["members"]["nodes"], json!([]));
    let genders = data["coverage"]["byDimension"].as_array().expect("groups");
    let group = |g: &str| {
        genders
            .iter()
            .find(|x| x["group"] == g)
            .map(|x| x["people"].clone())
    };
    assert_eq!(group("WITHHELD"), Some(json!(1)), "{genders:?}");
    // Ana is the only woman at public meetings besides Gala; she is not counted.
    assert_eq!(group("FEMALE"), Some(json!(1)), "{genders:?}");
    let m1 = data["coverage"]["meetings"]["edges"]
        .as_array()
        .expect("meetings")
        .iter()
        .find(|e| e["node"]["meeting"]["key"] == "m1")
        .expect("m1");
    let genders: Vec<(String, Value)> = m1["node"]["genders"]
        .as_array()
        .expect("genders")
        .iter()
        .filter(|c| c["count"] != 0)
        .map(|c| {
            (
                c["label"].as_str().expect("label").to_owned(),
                c["count"].clone(),
            )
        })
        .collect();
    assert_eq!(
        genders,
        [
            ("MALE".to_owned(), json!(2)),
            ("WITHHELD".to_owned(), json!(1))
        ]
    );
}

#[tokio::test]
async fn a_large_read_of_closed_meetings_is_audited_whole_and_counted() {
    // One request that records thousands of audit events: more rows than one
    // INSERT can carry on SQLite.
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().to_str().expect("path");
    let out = cli(
        "sqlite::memory:",
        &["generate", "--people", "1200", "--seed", "5", path],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = read_rows(dir.path());
    let app = spawn_app_with(ServeArgs {
        anonymous_role: Some(AnonymousRole::None),
        max_page_size: 5000,
        max_complexity: usize::MAX,
        ..settings()
    })
    .await;
    let admin = load(&app, &rows).await;
    let analyst = app.create_key("analyst");
    let before = answer(&app, Some(&admin), "{ auditLog(first: 1) { totalCount } }").await;
    let before = before["data"]["auditLog"]["totalCount"]
        .as_u64()
        .expect("total");
    let aliases: Vec<String> = (0..12)
        .map(|i| format!("c{i}: contacts(first: 1) {{ totalCount }}"))
        .collect();
    let query = format!(
        "{{ people(first: 5000) {{ edges {{ node {{ {} }} }} }} }}",
        aliases.join(" ")
    );
    let body = answer(&app, Some(&analyst), &query).await;
    assert!(body.get("errors").is_none(), "{}", body["errors"]);
    let after = answer(&app, Some(&admin), "{ auditLog(first: 1) { totalCount } }").await;
    let after = after["data"]["auditLog"]["totalCount"]
        .as_u64()
        .expect("total");
    // Every person's contacts read closed meetings for some; each read is one event.
    assert!(
        after - before > 5000,
        "{} events recorded for one large read",
        after - before
    );
    // totalCount counts every entry, and the pages hold them all.
    let mut seen = 0;
    let mut cursor: Option<String> = None;
    loop {
        let query = match &cursor {
            Some(c) => format!(
                r#"{{ auditLog(first: 5000, after: "{c}") {{ edges {{ cursor }} pageInfo {{ hasNextPage }} }} }}"#
            ),
            None => {
                "{ auditLog(first: 5000) { edges { cursor } pageInfo { hasNextPage } } }".into()
            }
        };
        let page = answer(&app, Some(&admin), &query).await;
        let log = &page["data"]["auditLog"];
        let edges = log["edges"].as_array().expect("edges");
        seen += edges.len() as u64;
        cursor = edges
            .last()
            .map(|e| e["cursor"].as_str().expect("cursor").to_owned());
        if log["pageInfo"]["hasNextPage"] != true {
            break;
        }
    }
    assert!(seen >= after, "{seen} entries paged, {after} counted");
}

#[tokio::test]
async fn a_read_or_write_that_cannot_be_audited_does_not_happen() {
    let rows = read_rows(&fixture_dir("small"));
    let (app, admin) = small_server(&rows, 5).await;
    let analyst = app.create_key("analyst");
    let editor = app.create_key("editor");
    // The audit log refuses every row from now on, as a full disk would.
    use sea_orm::ConnectionTrait;
    let conn = sea_orm::Database::connect(app.db.url.as_str())
        .await
        .expect("connect");
    let statements: Vec<&str> = match conn.get_database_backend() {
        sea_orm::DbBackend::Postgres => vec![
            "CREATE FUNCTION audit_refused() RETURNS trigger AS $$ \
             BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log \
             FOR EACH ROW EXECUTE FUNCTION audit_refused()",
        ],
        _ => vec![
            "CREATE TRIGGER audit_refused BEFORE INSERT ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
        ],
    };
    for statement in statements {
        conn.execute_unprepared(statement).await.expect("trigger");
    }
    // A read of closed participation does not leave the server unrecorded.
    let (status, body) = app
        .post_as(
            Some(&analyst),
            r#"{ meeting(id: "m3") { participants { nodes { key } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAVAILABLE");
    assert!(!body.to_string().contains("dilara"), "{body}");
    // A read of public meetings needs no record and goes through.
    let body = answer(
        &app,
        Some(&analyst),
        r#"{ meeting(id: "m1") { participants { nodes { key } } } }"#,
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    // A write whose record cannot be kept is not made.
    let body = answer(
        &app,
        Some(&editor),
        r#"mutation { addParticipation(input: { person: "farid", meeting: "m1" }) { role } }"#,
    )
    .await;
    assert!(body.get("errors").is_some(), "{body}");
    let body = answer(
        &app,
        Some(&admin),
        r#"{ haveMet(a: "farid", b: "ana") { met } }"#,
    )
    .await;
    assert_eq!(body["data"]["haveMet"]["met"], false, "{body}");
}

/// `rows` with the person `from` renamed `to` wherever a person id stands.
fn renamed(rows: &Rows, from: &str, to: &str) -> Rows {
    let mut rows = rows.clone();
    for (file, col) in [
        ("people.csv", "id"),
        ("affiliations.csv", "person_id"),
        ("participations.csv", "person_id"),
    ] {
        let c = column(&rows, file, col);
        for r in records(&mut rows, file) {
            if r[c] == from {
                r[c] = to.to_owned();
            }
        }
    }
    rows
}

/// An answer with every mention of `words` replaced by `as_`, opaque cursors read
/// as their text first.
fn canonical(value: &Value, words: &[&str], as_: &str) -> Value {
    use base64::Engine;
    let replace = |text: &str| words.iter().fold(text.to_owned(), |t, w| t.replace(w, as_));
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = match (k.as_str(), v) {
                        ("cursor" | "startCursor" | "endCursor", Value::String(c)) => {
                            let text = base64::engine::general_purpose::URL_SAFE_NO_PAD
                                .decode(c)
                                .map(|b| String::from_utf8_lossy(&b).into_owned())
                                .unwrap_or_else(|_| c.clone());
                            Value::String(replace(&text))
                        }
                        _ => canonical(v, words, as_),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| canonical(v, words, as_)).collect())
        }
        Value::String(s) => Value::String(replace(s)),
        other => other.clone(),
    }
}

/// The one pseudonym an anonymous reader of `app` sees.
async fn the_pseudonym(app: &TestApp) -> String {
    let list = answer(app, None, "{ people { edges { node { key } } } }").await;
    list["data"]["people"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter_map(|e| e["node"]["key"].as_str())
        .find(|k| k.starts_with("anon-"))
        .expect("a pseudonym")
        .to_owned()
}

#[tokio::test]
async fn no_order_or_cursor_depends_on_a_masked_persons_real_id() {
    // One sensitive person, whose real id sorts first in one copy and last in the
    // other; every answer a masked reader gets must be the same, but for the
    // pseudonym itself.
    let mut rows = read_rows(&fixture_dir("small"));
    let s = column(&rows, "people.csv", "sensitive");
    for r in records(&mut rows, "people.csv") {
        r[s] = if r[0] == "ana" { "true" } else { "false" }.into();
    }
    let first = renamed(&rows, "ana", "aaa-first");
    let last = renamed(&rows, "ana", "zzz-last");
    let a = serve(&first, None, AnonymousRole::Viewer).await;
    let secret = secret_of(&a).await;
    let z = serve(&last, Some(&secret), AnonymousRole::Viewer).await;
    let (pa, pz) = (the_pseudonym(&a).await, the_pseudonym(&z).await);
    for real in ["aaa-first", "zzz-last"] {
        let samples = Samples {
            sensitive: real.into(),
            named: "bora".into(),
            hidden_meeting: "m4".into(),
            organisation: "org-a".into(),
            measure: "cbm-d".into(),
            series: "Dialogue".into(),
        };
        let query = every_read(&a, &samples, 6).await;
        for token in [None, Some(a.create_key("viewer"))] {
            let z_token = token.as_ref().map(|_| z.create_key("viewer"));
            let seen_a = answer(&a, token.as_deref(), &query).await;
            let seen_z = answer(&z, z_token.as_deref(), &query).await;
            let words = [pa.as_str(), pz.as_str(), "aaa-first", "zzz-last"];
            let (ca, cz) = (
                canonical(&seen_a, &words, "SOMEONE"),
                canonical(&seen_z, &words, "SOMEONE"),
            );
            if let Some(d) = difference(&ca, &cz, String::new()) {
                panic!("an order or cursor depends on a masked person's real id: {d}");
            }
        }
    }
}

/// One write of every mutation the schema offers, in an order that leaves each
/// meaningful; several touch people and organisations with closed or confidential
/// participation.
const EVERY_WRITE: &[&str] = &[
    r#"mutation { createOrganisation(input: { key: "org-new", name: "New", kind: NGO }) { key } }"#,
    r#"mutation { updateOrganisation(id: "org-b", input: { name: "University B2" }) { key name } }"#,
    r#"mutation { createPerson(input: { key: "p-new", name: "New Person" }) { key } }"#,
    r#"mutation { updatePerson(id: "dilara", input: { name: "Dilara D." }) { key name sensitive } }"#,
    r#"mutation { createMeeting(input: { key: "m-new", title: "New", startDate: "2020-01-01" }) { key } }"#,
    r#"mutation { updateMeeting(id: "m3", input: { title: "Closed, renamed" }) { key title } }"#,
    r#"mutation { addParticipation(input: { person: "farid", meeting: "m3" }) { role } }"#,
    r#"mutation { removeParticipation(person: "ana", meeting: "m1") { role } }"#,
    r#"mutation { addAffiliation(input: { person: "farid", organisation: "org-new" }) { role organisation { key } } }"#,
    r#"mutation { removeAffiliation(id: "Affiliation:1") { role } }"#,
    r#"mutation { saveTargetSet(name: "youth", targets: [{ dimension: YOUTH, group: "youth", share: 0.3 }]) { name } }"#,
    r#"mutation { deletePerson(id: "dilara") }"#,
    r#"mutation { deleteOrganisation(id: "org-b") }"#,
    r#"mutation { deleteMeeting(id: "m3") }"#,
    r#"mutation { erasePerson(id: "eric") { participationsRemoved } }"#,
];

#[tokio::test]
async fn every_write_answers_an_editor_as_on_the_data_they_may_see() {
    // Every mutation of the schema is in the list.
    let app = serve(
        &read_rows(&fixture_dir("small")),
        None,
        AnonymousRole::Viewer,
    )
    .await;
    let body = app
        .post_as(
            Some(&app.create_key("admin")),
            "{ __schema { mutationType { fields { name } } } }",
            json!({}),
        )
        .await
        .1;
    for field in body["data"]["__schema"]["mutationType"]["fields"]
        .as_array()
        .expect("mutations")
    {
        let name = field["name"].as_str().expect("name");
        let listed = EVERY_WRITE
            .iter()
            .chain(MEETING_WRITES)
            .any(|w| w.contains(&format!("{{ {name}(")))
            || name == "importBundle";
        assert!(
            listed,
            "the write {name} is not tried as an adversary would"
        );
    }
    // The same writes, on the data and on the copy without the confidential
    // meeting, answer alike, and leave the editor seeing the same.
    let rows = read_rows(&fixture_dir("small"));
    let secret = secret_of(&app).await;
    let other = serve(
        &reader_copy(&rows, "closed", false),
        Some(&secret),
        AnonymousRole::None,
    )
    .await;
    let (mine, theirs) = (app.create_key("editor"), other.create_key("editor"));
    let samples = Samples {
        sensitive: "dilara".into(),
        named: "bora".into(),
        hidden_meeting: "m4".into(),
        organisation: "org-a".into(),
        measure: "cbm-d".into(),
        series: "Dialogue".into(),
    };
    let query = every_read(&app, &samples, 4).await;
    for write in EVERY_WRITE {
        let a = answer(&app, Some(&mine), write).await;
        let b = answer(&other, Some(&theirs), write).await;
        if let Some(d) = difference(&a, &b, String::new()) {
            panic!("{write} tells an editor something hidden: {d}");
        }
        let a = answer(&app, Some(&mine), &query).await;
        let b = answer(&other, Some(&theirs), &query).await;
        if let Some(d) = difference(&a, &b, String::new()) {
            panic!("after {write}, an editor reads something hidden: {d}");
        }
    }
}
