//! Access control: API keys, roles, and the meetings each role may see, on every
//! surface. `tests/fixtures/small` has a closed meeting (m3: Bora, Dilara) and a
//! confidential one (m4: Dilara, Eric).

use crate::analytics::ANALYTICS;
use crate::helpers::{IMPORT, TestApp, bundle_input, cli, fixture_dir, settings, spawn_app_with};
use peacenet::config::AnonymousRole;
use serde_json::{Value, json};

/// A copy of a bundle in which nobody is marked sensitive (for tests of meeting
/// visibility, where pseudonyms would only get in the way).
fn without_sensitive(from: &std::path::Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    for entry in std::fs::read_dir(from).expect("bundle") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_owned();
        let text = std::fs::read_to_string(&path).expect("read");
        let text = if name == "people.csv" {
            text.lines()
                .map(|l| {
                    l.strip_suffix(",true")
                        .map_or(l.to_owned(), |s| format!("{s},false"))
                        + "\n"
                })
                .collect()
        } else {
            text
        };
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

/// A server that refuses readers without a key, loaded with `bundle` by an admin.
pub async fn guarded(bundle: &std::path::Path) -> (TestApp, String) {
    let app = spawn_app_with(peacenet::config::ServeArgs {
        anonymous_role: Some(AnonymousRole::None),
        max_page_size: 5000,
        max_complexity: usize::MAX,
        ..settings()
    })
    .await;
    let admin = app.create_key("admin");
    let (status, body) = app
        .post_as(
            Some(&admin),
            IMPORT,
            json!({ "files": bundle_input(bundle) }),
        )
        .await;
    assert_eq!(status, 200);
    assert!(body.get("errors").is_none(), "{body}");
    (app, admin)
}

pub async fn data(app: &TestApp, token: &str, query: &str) -> Value {
    let (status, body) = app.post_as(Some(token), query, json!({})).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("errors").is_none(), "{body}");
    body["data"].clone()
}

const SURFACES: &str = r#"{
  meetings { totalCount }
  closed: node(id: "Meeting:m3") { id }
  confidential: meeting(id: "m4") { key }
  dilara: person(id: "dilara") { meetings { nodes { key } } participations { nodes { meeting { key } } } }
  orgB: organisation(id: "org-b") { meetingRoles { nodes { meeting { key } } } representedAt { nodes { meeting { key } } } }
  boraDilara: haveMet(a: "bora", b: "dilara") { met meetingCount }
  dilaraEric: haveMet(a: "dilara", b: "eric") { met }
  bora: person(id: "bora") { contacts { totalCount } }
  eric: person(id: "eric") { contacts { totalCount } }
  chainOfAcquaintance(from: "ana", to: "gala") { length }
  network { meetings participations ties }
  analytics { summary { people ties } centrality { totalCount } }
  coverage { totals { participations meetings } }
}"#;

#[tokio::test]
async fn each_role_sees_exactly_the_meetings_it_is_entitled_to_on_every_surface() {
    let bundle = without_sensitive(&fixture_dir("small"));
    let (app, admin) = guarded(bundle.path()).await;
    let viewer = app.create_key("viewer");
    let analyst = app.create_key("analyst");
    let editor = app.create_key("editor");

    let public = json!({
        "meetings": { "totalCount": 3 },
        "closed": null,
        "confidential": null,
        "dilara": { "meetings": { "nodes": [] }, "participations": { "nodes": [] } },
        "orgB": { "meetingRoles": { "nodes": [] }, "representedAt": { "nodes": [{ "meeting": { "key": "m1" } }] } },
        "boraDilara": { "met": false, "meetingCount": 0 },
        "dilaraEric": { "met": false },
        "bora": { "contacts": { "totalCount": 2 } },
        "eric": { "contacts": { "totalCount": 1 } },
        "chainOfAcquaintance": null,
        "network": { "meetings": 3, "participations": 7, "ties": 4 },
        "analytics": { "summary": { "people": 5, "ties": 4 }, "centrality": { "totalCount": 5 } },
        // Five people, some of their tables too small to show beside the totals
        // (docs/suppression.md): the viewer's coverage totals are withheld.
        "coverage": { "totals": { "participations": null, "meetings": null } }
    });
    let closed = json!({
        "meetings": { "totalCount": 4 },
        "closed": { "id": "Meeting:m3" },
        "confidential": null,
        "dilara": { "meetings": { "nodes": [{ "key": "m3" }] }, "participations": { "nodes": [{ "meeting": { "key": "m3" } }] } },
        "orgB": { "meetingRoles": { "nodes": [{ "meeting": { "key": "m3" } }] },
                  "representedAt": { "nodes": [{ "meeting": { "key": "m1" } }, { "meeting": { "key": "m3" } }] } },
        "boraDilara": { "met": true, "meetingCount": 1 },
        "dilaraEric": { "met": false },
        "bora": { "contacts": { "totalCount": 3 } },
        "eric": { "contacts": { "totalCount": 1 } },
        "chainOfAcquaintance": null,
        "network": { "meetings": 4, "participations": 9, "ties": 5 },
        "analytics": { "summary": { "people": 6, "ties": 5 }, "centrality": { "totalCount": 6 } },
        "coverage": { "totals": { "participations": 9, "meetings": 4 } }
    });
    let everything = json!({
        "meetings": { "totalCount": 5 },
        "closed": { "id": "Meeting:m3" },
        "confidential": { "key": "m4" },
        "dilara": { "meetings": { "nodes": [{ "key": "m3" }, { "key": "m4" }] },
                    "participations": { "nodes": [{ "meeting": { "key": "m3" } }, { "meeting": { "key": "m4" } }] } },
        "orgB": { "meetingRoles": { "nodes": [{ "meeting": { "key": "m3" } }] },
                  "representedAt": { "nodes": [{ "meeting": { "key": "m1" } }, { "meeting": { "key": "m3" } }] } },
        "boraDilara": { "met": true, "meetingCount": 1 },
        "dilaraEric": { "met": true },
        "bora": { "contacts": { "totalCount": 3 } },
        "eric": { "contacts": { "totalCount": 2 } },
        "chainOfAcquaintance": { "length": 4 },
        "network": { "meetings": 5, "participations": 11, "ties": 6 },
        "analytics": { "summary": { "people": 6, "ties": 6 }, "centrality": { "totalCount": 6 } },
        "coverage": { "totals": { "participations": 11, "meetings": 5 } }
    });
    for (role, token, expected) in [
        ("viewer", &viewer, &public),
        ("analyst", &analyst, &closed),
        ("editor", &editor, &closed),
        ("admin", &admin, &everything),
    ] {
        let got = data(&app, token, SURFACES).await;
        assert_eq!(&got, expected, "what the {role} sees");
    }
}

#[tokio::test]
async fn a_hidden_meeting_answers_like_one_that_does_not_exist() {
    let (app, _) = guarded(&fixture_dir("small")).await;
    let viewer = app.create_key("viewer");
    let hidden = data(
        &app,
        &viewer,
        r#"{ node(id: "Meeting:m4") { id } meeting(id: "m4") { key } }"#,
    )
    .await;
    let missing = data(
        &app,
        &viewer,
        r#"{ node(id: "Meeting:m9") { id } meeting(id: "m9") { key } }"#,
    )
    .await;
    assert_eq!(hidden, missing);
    let (_, body) = app
        .post_as(
            Some(&app.create_key("editor")),
            r#"mutation { updateMeeting(id: "m4", input: { title: "x" }) { key } }"#,
            json!({}),
        )
        .await;
    let (_, absent) = app
        .post_as(
            Some(&app.create_key("editor")),
            r#"mutation { updateMeeting(id: "m9", input: { title: "x" }) { key } }"#,
            json!({}),
        )
        .await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "NOT_FOUND");
    assert_eq!(
        body["errors"][0]["message"]
            .as_str()
            .map(|m| m.replace("m4", "m9")),
        absent["errors"][0]["message"].as_str().map(str::to_owned)
    );
}

#[tokio::test]
async fn writes_need_the_editor_role_and_keys_can_be_revoked() {
    let (app, admin) = guarded(&fixture_dir("small")).await;
    let create = r#"mutation { createPerson(input: { name: "New" }) { key } }"#;
    for role in ["viewer", "analyst"] {
        let token = app.create_key(role);
        let (status, body) = app.post_as(Some(&token), create, json!({})).await;
        assert_eq!(status, 200);
        assert_eq!(
            body["errors"][0]["extensions"]["code"], "FORBIDDEN",
            "{role}"
        );
    }
    let editor = app.create_key("editor");
    data(&app, &editor, create).await;
    data(&app, &admin, create).await;

    // No key, a made-up key, a revoked key: 401.
    let (status, body) = app.post_as(None, "{ network { people } }", json!({})).await;
    assert_eq!(
        (status, body["errors"][0]["extensions"]["code"].clone()),
        (401, json!("UNAUTHENTICATED"))
    );
    let (status, _) = app
        .post_as(Some("pn_0000"), "{ network { people } }", json!({}))
        .await;
    assert_eq!(status, 401);
    let list = cli(&app.db.url, &["keys", "list"]);
    let listed = String::from_utf8_lossy(&list.stdout).into_owned();
    assert!(!listed.contains(&editor), "tokens are never listed");
    let editor_id = listed
        .lines()
        .find(|l| l.contains("\teditor\t"))
        .and_then(|l| l.split('\t').next())
        .expect("the editor key is listed")
        .to_owned();
    assert!(
        cli(&app.db.url, &["keys", "revoke", &editor_id])
            .status
            .success()
    );
    // Keys are held in memory, reloaded at least every half second while asked for.
    let revoked = std::time::Instant::now();
    loop {
        let (status, _) = app
            .post_as(Some(&editor), "{ network { people } }", json!({}))
            .await;
        if status == 401 {
            break;
        }
        assert_eq!(status, 200);
        assert!(
            revoked.elapsed() < std::time::Duration::from_secs(1),
            "a revoked key still works after a second"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Copies a bundle without its non-public meetings (and what hangs on them).
fn public_part(from: &std::path::Path, to: &std::path::Path) {
    let mut hidden = std::collections::HashSet::new();
    let mut names: Vec<String> = std::fs::read_dir(from)
        .expect("bundle")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    // meetings.csv first, so that the links to hidden meetings are known.
    names.sort_by_key(|n| (n != "meetings.csv", n.clone()));
    for name in names {
        let path = from.join(&name);
        let mut reader = csv::Reader::from_path(&path).expect("csv");
        let header = reader.headers().expect("header").clone();
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_path(to.join(&name))
            .expect("write");
        writer.write_record(&header).expect("header");
        let meeting_column = header.iter().position(|h| h == "meeting_id");
        for record in reader.records() {
            let record = record.expect("record");
            if name == "meetings.csv" && &record[9] != "public" {
                hidden.insert(record[0].to_owned());
                continue;
            }
            if let Some(c) = meeting_column
                && hidden.contains(&record[c])
            {
                continue;
            }
            writer.write_record(&record).expect("row");
        }
        writer.flush().expect("flush");
    }
}

#[tokio::test]
async fn every_figure_a_viewer_sees_equals_the_figure_on_the_data_without_hidden_meetings() {
    let generated = tempfile::tempdir().expect("dir");
    let out = cli(
        "sqlite::memory:",
        &[
            "generate",
            "--people",
            "600",
            "--seed",
            "4",
            generated.path().to_str().expect("path"),
        ],
    );
    assert!(out.status.success());
    // Pseudonyms are tested on their own; here they would only rename people.
    let full = without_sensitive(generated.path());
    let staged = tempfile::tempdir().expect("dir");
    public_part(full.path(), staged.path());
    let hidden_count = {
        let text = std::fs::read_to_string(full.path().join("meetings.csv")).expect("meetings");
        text.lines()
            .skip(1)
            .filter(|l| !l.ends_with(",public"))
            .count()
    };
    assert!(
        hidden_count > 10,
        "the generated data has closed and confidential meetings"
    );

    let (with_hidden, _) = guarded(full.path()).await;
    let viewer = with_hidden.create_key("viewer");
    let (without_hidden, _) = guarded(staged.path()).await;
    // A viewer there sees every meeting: the same figures, suppressed the same way.
    let reference_reader = without_hidden.create_key("viewer");
    let coverage = "{ coverage { totals { participations meetings people }
        gender: byDimension(dimension: GENDER) { group participations people participationShare meetings gap }
        track: byDimension(dimension: TRACK) { group participations meetings }
        format: byDimension(dimension: FORMAT) { group participations meetings }
        retention { participants onceOnly }
        meetings(first: 5000) { totalCount edges { node { meeting { key } participants oneSided genderBalance } } } } }";
    for query in [ANALYTICS, coverage] {
        let seen = data(&with_hidden, &viewer, query).await;
        let reference = data(&without_hidden, &reference_reader, query).await;
        if let Some(path) = first_difference(&seen, &reference, String::new()) {
            panic!("the viewer's figures differ at {path}");
        }
    }
}

const AUDIT: &str =
    "{ auditLog(first: 100) { edges { node { keyId role operation ids detail } } } }";

async fn audit_entries(app: &TestApp, admin: &str) -> Vec<Value> {
    let log = data(app, admin, AUDIT).await;
    log["auditLog"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"].clone())
        .collect()
}

#[tokio::test]
async fn writes_and_reads_of_closed_participation_are_audited_for_admins() {
    let (app, admin) = guarded(&fixture_dir("small")).await;
    let viewer = app.create_key("viewer");
    let analyst = app.create_key("analyst");
    let before = audit_entries(&app, &admin).await.len();

    // A viewer reading public meetings leaves no trace of closed participation.
    data(
        &app,
        &viewer,
        r#"{ meeting(id: "m1") { participants { nodes { key } } } }"#,
    )
    .await;
    // An analyst reading the closed meeting's participants does.
    data(
        &app,
        &analyst,
        r#"{ meeting(id: "m3") { participants { nodes { key } } } haveMet(a: "bora", b: "dilara") { met } }"#,
    )
    .await;
    let entries = audit_entries(&app, &admin).await;
    let new = &entries[before..];
    let reads: Vec<&Value> = new.iter().filter(|e| e["role"] == "analyst").collect();
    assert!(
        reads.iter().any(|e| e["operation"] == "read participations"
            && e["ids"]
                .as_array()
                .expect("ids")
                .contains(&json!("dilara@m3"))),
        "{reads:?}"
    );
    assert!(
        reads
            .iter()
            .any(|e| e["operation"] == "haveMet" && e["ids"] == json!(["m3"])),
        "{reads:?}"
    );
    assert!(
        reads.iter().all(|e| e["keyId"].is_number()),
        "the key is named"
    );
    assert!(
        new.iter().all(|e| e["role"] != "viewer"),
        "nothing hidden was read by the viewer"
    );

    // Writes are audited with the ids they touched.
    let editor = app.create_key("editor");
    data(
        &app,
        &editor,
        r#"mutation { addParticipation(input: { person: "farid", meeting: "m1" }) { role } }"#,
    )
    .await;
    let entries = audit_entries(&app, &admin).await;
    assert!(entries.iter().any(|e| e["operation"] == "addParticipation"
        && e["role"] == "editor"
        && e["ids"] == json!(["farid@m1"])));

    // Only administrators may read the log.
    let (_, body) = app.post_as(Some(&analyst), AUDIT, json!({})).await;
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
}

/// A JSON object of strings written as a GraphQL input object.
fn graphql_object(value: &Value) -> String {
    let fields: Vec<String> = value
        .as_object()
        .expect("object")
        .iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect();
    format!("{{ {} }}", fields.join(", "))
}

#[tokio::test]
async fn an_erased_person_is_gone_from_data_logs_and_analytics() {
    let (app, admin) = guarded(&fixture_dir("small")).await;
    // Reading Dilara's closed and confidential participations puts her id in the log.
    data(
        &app,
        &admin,
        r#"{ person(id: "dilara") { participations { nodes { meeting { key } } } } }"#,
    )
    .await;
    assert!(
        audit_entries(&app, &admin)
            .await
            .iter()
            .any(|e| e.to_string().contains("dilara"))
    );
    // A small import that names her (a new birth year) is logged row by row.
    let files = json!({
        "people": "id,name,gender,side,country,birth_year,tags,sensitive\n\
                   dilara,Dilara,female,azerbaijani,AZ,1997,displaced;youth,true\n",
        "organisations": "id,name,kind,country,side\n",
        "affiliations": "person_id,organisation_id,role,start_date,end_date\n",
        "meetings": "id,title,series,start_date,end_date,city,country,format,track,confidentiality\n",
        "participations": "person_id,meeting_id,role,organisation_id\n",
    });
    data(
        &app,
        &admin,
        &format!(
            "mutation {{ importBundle(files: {}) {{ people {{ updated }} }} }}",
            graphql_object(&files)
        ),
    )
    .await;
    let before = data(&app, &admin, "{ analytics { summary { people ties } } }").await;
    assert_eq!(
        before["analytics"]["summary"],
        json!({ "people": 6, "ties": 6 })
    );

    let editor = app.create_key("editor");
    let (_, refused) = app
        .post_as(
            Some(&editor),
            r#"mutation { erasePerson(id: "dilara") { participationsRemoved } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "FORBIDDEN",
        "erasure is for admins"
    );

    let erased = data(
        &app,
        &admin,
        r#"mutation { erasePerson(id: "dilara") { participationsRemoved affiliationsRemoved } }"#,
    )
    .await;
    assert_eq!(
        erased["erasePerson"],
        json!({ "participationsRemoved": 2, "affiliationsRemoved": 1 })
    );
    let after = data(
        &app,
        &admin,
        r#"{ person(id: "dilara") { key } analytics { summary { people ties } } meeting(id: "m3") { participants { nodes { key } } } }"#,
    )
    .await;
    assert!(after["person"].is_null());
    // Her ties to Bora and Eric are gone.
    assert_eq!(
        after["analytics"]["summary"],
        json!({ "people": 5, "ties": 4 })
    );
    assert_eq!(
        after["meeting"]["participants"]["nodes"],
        json!([{ "key": "bora" }])
    );
    let entries = audit_entries(&app, &admin).await;
    assert!(
        entries.iter().all(|e| !e.to_string().contains("dilara")),
        "no trace of the erased id"
    );
    assert!(
        entries
            .iter()
            .any(|e| e["operation"] == "erasePerson" && e["ids"] == json!(["[erased]"]))
    );
    // Nor in the change log, where the import named her rows.
    let store = peacenet::store::Store::connect(&app.db.url).await.unwrap();
    let changes = store.changes_since(0, 100_000).await.unwrap();
    let logged = changes.entries.expect("every entry");
    assert!(!logged.is_empty());
    assert!(
        logged.iter().all(|c| !c.entity_id.contains("dilara")),
        "no trace of the erased id in the change log"
    );
}

#[tokio::test]
async fn sensitive_people_appear_to_viewers_under_a_stable_pseudonym_only() {
    let (app, _) = guarded(&fixture_dir("small")).await;
    let viewer = app.create_key("viewer");
    let analyst = app.create_key("analyst");
    let list = r#"{ people(first: 100) { edges { cursor node { id key name gender side country birthYear tags sensitive
                    affiliations { nodes { role } } organisations { nodes { key } } } } } }"#;
    let seen = data(&app, &viewer, list).await;
    let edges = seen["people"]["edges"].as_array().expect("edges");
    let text = seen.to_string();
    assert!(
        !text.contains("dilara") && !text.contains("Dilara"),
        "{text}"
    );
    for edge in edges {
        let cursor = edge["cursor"].as_str().expect("cursor");
        assert!(
            !cursor.contains("ZGlsYXJh"),
            "a cursor must not carry the real id"
        );
    }
    let withheld: Vec<&Value> = edges
        .iter()
        .map(|e| &e["node"])
        .filter(|n| n["sensitive"] == true)
        .collect();
    assert_eq!(withheld.len(), 1);
    let pseudonym = withheld[0]["key"].as_str().expect("key").to_owned();
    assert!(pseudonym.starts_with("anon-"));
    assert_eq!(
        withheld[0],
        &json!({ "id": format!("Person:{pseudonym}"), "key": pseudonym, "name": format!("Withheld ({pseudonym})"),
                 "gender": null, "side": null, "country": null, "birthYear": null, "tags": [], "sensitive": true,
                 "affiliations": { "nodes": [] }, "organisations": { "nodes": [] } })
    );
    // The pseudonym is stable and names the person; the real id names no one.
    let again = data(
        &app,
        &viewer,
        &format!(
            r#"{{ person(id: "{pseudonym}") {{ key }} real: person(id: "dilara") {{ key }} }}"#
        ),
    )
    .await;
    assert_eq!(
        again,
        json!({ "person": { "key": pseudonym }, "real": null })
    );
    // Her affiliation and her tags do not show through organisations or filters.
    let q = r#"{ organisation(id: "org-b") { members { nodes { key } } affiliations { nodes { role } } }
                people(filter: { tag: "displaced" }) { totalCount } }"#;
    let viewer_view = data(&app, &viewer, q).await;
    assert_eq!(
        viewer_view["organisation"]["members"]["nodes"],
        json!([{ "key": "bora" }])
    );
    assert_eq!(
        viewer_view["organisation"]["affiliations"]["nodes"],
        json!([{ "role": "lecturer" }])
    );
    assert_eq!(viewer_view["people"]["totalCount"], 0);
    let analyst_view = data(&app, &analyst, q).await;
    assert_eq!(
        analyst_view["organisation"]["members"]["nodes"],
        json!([{ "key": "bora" }, { "key": "dilara" }])
    );
    assert_eq!(analyst_view["people"]["totalCount"], 1);
    let named = data(
        &app,
        &analyst,
        r#"{ person(id: "dilara") { name gender } }"#,
    )
    .await;
    assert_eq!(
        named["person"],
        json!({ "name": "Dilara", "gender": "FEMALE" })
    );
}

/// The path of the first place where two JSON values differ.
fn first_difference(a: &Value, b: &Value, path: String) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            if x.len() != y.len() {
                return Some(format!(
                    "{path} (keys {:?} vs {:?})",
                    x.keys().collect::<Vec<_>>(),
                    y.keys().collect::<Vec<_>>()
                ));
            }
            x.iter().find_map(|(k, v)| match y.get(k) {
                Some(w) => first_difference(v, w, format!("{path}.{k}")),
                None => Some(format!("{path}.{k} (missing)")),
            })
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{path} (length {} vs {})", x.len(), y.len()));
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (v, w))| first_difference(v, w, format!("{path}[{i}]")))
        }
        _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
    }
}

#[tokio::test]
async fn viewers_get_small_counts_withheld_with_a_complement_and_never_as_zero() {
    let bundle = without_sensitive(&fixture_dir("synthetic_1k"));
    let (app, _) = guarded(bundle.path()).await;
    let viewer = app.create_key("viewer");
    let analyst = app.create_key("analyst");
    let mut small_groups_seen = 0;
    for dimension in [
        "COUNTRY", "ROLE", "FORMAT", "GENDER", "SIDE", "YOUTH", "TAG",
    ] {
        let q = format!(
            "{{ coverage(since: \"2025-06-01\") {{ totals {{ people suppressed }}
                 byDimension(dimension: {dimension}) {{ group people participations participationShare suppressed }} }} }}"
        );
        let seen = data(&app, &viewer, &q).await;
        let full = data(&app, &analyst, &q).await;
        assert_eq!(seen["coverage"]["totals"]["suppressed"], false);
        let rows = seen["coverage"]["byDimension"].as_array().expect("rows");
        let reference = full["coverage"]["byDimension"].as_array().expect("rows");
        let mut withheld_non_zero = 0;
        for (row, truth) in rows.iter().zip(reference) {
            let people = truth["people"].as_u64().expect("analysts see every count");
            if row["suppressed"] == true {
                assert!(
                    row["people"].is_null(),
                    "a withheld count is null, never 0: {row}"
                );
                assert!(row["participations"].is_null() && row["participationShare"].is_null());
                withheld_non_zero += 1;
            } else {
                assert_eq!(row["people"], truth["people"]);
                assert!(
                    people == 0 || people >= 5,
                    "a shown group has at least 5 people: {row}"
                );
            }
            if (1..5).contains(&people) {
                assert_eq!(row["suppressed"], true, "{row}");
                small_groups_seen += 1;
            }
        }
        if dimension != "TAG" {
            assert_ne!(
                withheld_non_zero, 1,
                "one withheld {dimension} group could be worked out from the total"
            );
        }
    }
    assert!(small_groups_seen > 0, "the synthetic data has small groups");
    // A meeting of fewer than five shows no counts at all to a viewer.
    let small = data(&app, &viewer, "{ coverage { meetings(first: 5000) { edges { node { participants genders { count suppressed } } } } } }").await;
    let tiny: Vec<&Value> = small["coverage"]["meetings"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| &e["node"])
        .filter(|n| n["participants"].is_null())
        .collect();
    assert!(!tiny.is_empty(), "the data has meetings of three or four");
    for meeting in tiny {
        for cell in meeting["genders"].as_array().expect("cells") {
            assert!(cell["suppressed"] == true || cell["count"] == 0, "{cell}");
        }
    }
}

#[tokio::test]
async fn viewers_get_small_plan_and_retention_counts_withheld() {
    let (app, admin) = guarded(&fixture_dir("small")).await;
    let viewer = app.create_key("viewer");
    let q = r#"{ coverage { plan { measure { key } targetPeople targetGroups { group people share suppressed } }
                            retention(series: "Dialogue") { rounds { participants returned share suppressed } } } }"#;
    let seen = data(&app, &viewer, q).await;
    let plan = seen["coverage"]["plan"].as_array().expect("plan");
    let border = plan
        .iter()
        .find(|m| m["measure"]["key"] == "cbm-b")
        .expect("cbm-b");
    // One border-community participant: too few to show.
    assert_eq!(border["targetPeople"], Value::Null);
    assert_eq!(
        border["targetGroups"],
        json!([{ "group": "border_community", "people": null, "share": null, "suppressed": true }])
    );
    assert_eq!(
        seen["coverage"]["retention"]["rounds"],
        json!([{ "participants": null, "returned": null, "share": null, "suppressed": true }])
    );
    // An administrator sees the counts.
    let full = data(&app, &admin, q).await;
    assert_eq!(full["coverage"]["retention"]["rounds"][0]["returned"], 2);
}

#[tokio::test]
async fn viewers_get_small_community_and_broker_make_ups_withheld_and_metrics_need_an_admin() {
    let (app, admin) = guarded(&fixture_dir("small")).await;
    let viewer = app.create_key("viewer");
    let q = "{ analytics { communities { communities { size sides { label count suppressed } } }
                            articulationPoints { parts { size sides { count suppressed } } } } }";
    let seen = data(&app, &viewer, q).await;
    let communities = seen["analytics"]["communities"]["communities"]
        .as_array()
        .expect("communities");
    assert!(!communities.is_empty());
    for community in communities {
        // Every community here has fewer than five members: its make-up is withheld
        // whole, labels too (one label would say everyone has it).
        assert!(community["size"].as_u64().expect("size") < 5);
        assert_eq!(community["sides"], json!([]), "{community}");
    }
    for broker in seen["analytics"]["articulationPoints"]
        .as_array()
        .expect("brokers")
    {
        for part in broker["parts"].as_array().expect("parts") {
            if part["size"].as_u64().expect("size") < 5 {
                assert_eq!(part["sides"], json!([]), "{part}");
            }
        }
    }
    let full = data(&app, &admin, q).await;
    assert!(full["analytics"]["communities"]["communities"][0]["sides"][0]["count"].is_number());

    let metrics = |token: Option<String>| {
        let mut request = app.client.get(format!("{}/metrics", app.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send()
    };
    assert_eq!(metrics(None).await.expect("GET").status(), 401);
    assert_eq!(
        metrics(Some(viewer.clone())).await.expect("GET").status(),
        403
    );
    assert_eq!(
        metrics(Some(admin.clone())).await.expect("GET").status(),
        200
    );
}
