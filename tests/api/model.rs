//! The relationship model as loaded from the store: every load is one committed
//! state, whatever is written meanwhile.

use crate::helpers::{fixture_dir, spawn_app};
use chrono::NaiveDate;
use peacenet::domain::{
    Confidentiality, Dataset, EntityId, Meeting, Participation, ParticipationRole,
};
use peacenet::network::Network;
use peacenet::store::{Store, Writer};
use std::collections::BTreeMap;

const WRITES: usize = 30;

/// One meeting with three of the given people: imported, it is one transaction.
fn one_meeting(k: usize, people: &[EntityId]) -> Dataset {
    let id = EntityId::parse(&format!("load-{k:03}")).unwrap();
    Dataset {
        meetings: vec![Meeting {
            id: id.clone(),
            title: format!("Round {k}"),
            series: None,
            start_date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            end_date: None,
            city: None,
            country: None,
            format: None,
            track: None,
            confidentiality: Confidentiality::Public,
        }],
        participations: people[k % 10..k % 10 + 3]
            .iter()
            .map(|p| Participation {
                person_id: p.clone(),
                meeting_id: id.clone(),
                role: ParticipationRole::Participant,
                organisation_id: None,
            })
            .collect(),
        ..Dataset::default()
    }
}

#[tokio::test]
async fn a_model_loaded_while_writes_commit_is_always_one_committed_state() {
    let app = spawn_app().await;
    app.import(&fixture_dir("synthetic_1k")).await;
    let reader = Store::connect(&app.db.url).await.unwrap();
    let writer = Store::connect(&app.db.url).await.unwrap();
    let (start, base) = reader.load_versioned().await.unwrap();
    let (meetings, participations) = (base.meetings.len(), base.participations.len());
    let people: Vec<EntityId> = base.people.iter().take(13).map(|p| p.id.clone()).collect();

    // The writer records the version each write committed as and the meetings it
    // added by then.
    let writes = tokio::spawn(async move {
        let mut committed = BTreeMap::from([(start, 0usize)]);
        for k in 0..WRITES {
            writer
                .import_dataset(
                    &Writer::operator("import"),
                    &one_meeting(k, &people),
                    peacenet::store::ImportMode::Write,
                    &|_| {},
                )
                .await
                .unwrap();
            committed.insert(writer.data_version().await.unwrap(), k + 1);
        }
        committed
    });
    let mut loads = Vec::new();
    while !writes.is_finished() {
        let (version, data) = reader.load_versioned().await.unwrap();
        // A mixed read would hold a participation of a meeting it lacks.
        Network::build(&data, version).expect("a load refers only to what it holds");
        let added = data.meetings.len() - meetings;
        assert_eq!(
            data.participations.len() - participations,
            3 * added,
            "the meetings and participations of one state (version {version})"
        );
        loads.push((version, added));
    }
    let committed = writes.await.unwrap();
    assert!(loads.len() > 2, "the loads ran while the writes did");
    for (version, added) in loads {
        assert_eq!(
            committed.get(&version),
            Some(&added),
            "version {version} names the state that was read"
        );
    }
}

/// What the model answers about the whole network, a window and two people.
const MODEL: &str = "query($a: ID!, $b: ID!) {
  analytics { summary { people ties components componentSizes } brokers: articulationPoints { person { key } } }
  early: analytics(until: \"2012-12-31\") { summary { people ties } }
  haveMet(a: $a, b: $b) { met meetings { nodes { key } } }
  chainOfAcquaintance(from: $a, to: $b) { steps { meeting { key } } }
  person(id: $a) { contacts(first: 100) { totalCount nodes { person { key } } } }
}";

#[tokio::test]
async fn participation_writes_patch_the_model_which_answers_as_one_rebuilt_from_the_store() {
    let app = spawn_app().await;
    app.import(&fixture_dir("synthetic_1k")).await;
    // A person and a later meeting they missed, with someone they never met there.
    let data = app
        .query(
            r#"{ person(id: "p0002") { meetings { nodes { key } } }
                 meetings(first: 100, filter: { since: "2024-01-01" }) { nodes { key participants { nodes { key } } } } }"#,
            serde_json::json!({}),
        )
        .await;
    let mine: Vec<String> = data["person"]["meetings"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["key"].as_str().unwrap().to_owned())
        .collect();
    let meeting = data["meetings"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| !mine.contains(&m["key"].as_str().unwrap().to_owned()))
        .expect("a meeting p0002 missed")
        .clone();
    let key = meeting["key"].as_str().unwrap();
    let other = meeting["participants"]["nodes"][0]["key"].as_str().unwrap();
    let vars = serde_json::json!({ "a": "p0002", "b": other });
    let before = app.query(MODEL, vars.clone()).await;
    let metrics = app.metrics().await;

    app.query(
        &format!(r#"mutation {{ addParticipation(input: {{ person: "p0002", meeting: "{key}", role: SPEAKER }}) {{ role }} }}"#),
        serde_json::json!({}),
    )
    .await;
    let after = app.query(MODEL, vars.clone()).await;
    assert!(
        after["haveMet"]["meetings"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["key"] == key),
        "the write is visible at once: {}",
        after["haveMet"]
    );
    // The meeting is after the early window, whose figures stay as they were.
    assert_eq!(after["early"], before["early"]);
    app.query(
        &format!(
            r#"mutation {{ removeParticipation(person: "p0002", meeting: "{key}") {{ role }} }}"#
        ),
        serde_json::json!({}),
    )
    .await;
    assert_eq!(app.query(MODEL, vars.clone()).await, before);
    app.query(
        &format!(r#"mutation {{ addParticipation(input: {{ person: "p0002", meeting: "{key}" }}) {{ role }} }}"#),
        serde_json::json!({}),
    )
    .await;
    // A new name is nothing the model holds: a patch too, every result kept.
    app.query(
        r#"mutation { updatePerson(id: "p0002", input: { name: "Renamed" }) { key } }"#,
        serde_json::json!({}),
    )
    .await;

    // Four patches, no rebuild.
    let now = app.metrics().await;
    let count = |m: &BTreeMap<String, f64>, name: &str| m.get(name).copied().unwrap_or(0.0);
    assert_eq!(
        count(&now, "peacenet_model_builds_total"),
        count(&metrics, "peacenet_model_builds_total")
    );
    assert_eq!(
        count(&now, "peacenet_model_patches_total")
            - count(&metrics, "peacenet_model_patches_total"),
        4.0
    );
    let patched = app.query(MODEL, vars.clone()).await;
    // A server that builds the model from the store answers alike.
    let fresh = app.replica(crate::helpers::settings()).await;
    assert_eq!(fresh.query(MODEL, vars).await, patched);
}

/// What the model answers about the whole network, its groups and organisations.
const WHOLE: &str = r#"{
  analytics { summary { people ties components componentSizes density } }
  coverage {
    totals { participations meetings people }
    side: byDimension(dimension: SIDE) { group people participations }
    tags: byDimension(dimension: TAG) { group people participations }
    organisations: byDimension(dimension: ORGANISATION_KIND) { group people participations }
    track: byDimension(dimension: TRACK) { group people participations }
  }
  network { participations }
  early: analytics(until: "2012-12-31") { summary { people ties } }
}"#;

#[tokio::test]
async fn every_kind_of_record_write_patches_the_model_as_a_rebuild_would_make_it() {
    let app = spawn_app().await;
    app.import(&fixture_dir("synthetic_1k")).await;
    let vars = serde_json::json!({ "a": "p0002", "b": "p0001a" });
    let metrics = app.metrics().await;
    let write = |q: &'static str| app.query(q, serde_json::json!({}));
    // People made (between two others), changed and deleted; a meeting made, moved
    // in time and deleted; organisations made, changed and deleted; affiliations
    // added and removed; participations on the new records.
    write(r#"mutation { updatePerson(id: "p0002", input: { side: "georgian", tags: ["youth"] }) { key } }"#).await;
    write(r#"mutation { createPerson(input: { key: "p0001a", name: "New", gender: FEMALE, tags: ["diaspora"] }) { key } }"#).await;
    write(r#"mutation { createMeeting(input: { key: "m000", title: "New round", startDate: "2012-06-01", track: TRACK_1_5 }) { key } }"#).await;
    write(
        r#"mutation { addParticipation(input: { person: "p0001a", meeting: "m000" }) { role } }"#,
    )
    .await;
    write(r#"mutation { addParticipation(input: { person: "p0002", meeting: "m000", role: SPEAKER }) { role } }"#).await;
    write(r#"mutation { updateMeeting(id: "m001", input: { startDate: "2009-02-01", track: TRACK_2 }) { key } }"#).await;
    write(r#"mutation { createOrganisation(input: { key: "org-000", name: "New body", kind: NGO }) { key } }"#).await;
    write(r#"mutation { addParticipation(input: { person: "p0003", meeting: "m000", organisation: "org-000" }) { role } }"#).await;
    let added = write(r#"mutation { addAffiliation(input: { person: "p0002", organisation: "org-000" }) { id } }"#).await;
    write(r#"mutation { addAffiliation(input: { person: "p0004", organisation: "org-002" }) { id } }"#).await;
    write(r#"mutation { updateOrganisation(id: "org-003", input: { kind: DONOR }) { key } }"#)
        .await;
    write(r#"mutation { deleteOrganisation(id: "org-001") }"#).await;
    write(r#"mutation { deletePerson(id: "p0005") }"#).await;
    write(r#"mutation { deleteMeeting(id: "m002") }"#).await;
    let affiliation = added["addAffiliation"]["id"].as_str().unwrap().to_owned();
    app.query(
        "mutation($id: ID!) { removeAffiliation(id: $id) { role } }",
        serde_json::json!({ "id": affiliation }),
    )
    .await;
    // A person deleted and made anew starts with no participations.
    write(r#"mutation { deletePerson(id: "p0006") }"#).await;
    write(r#"mutation { createPerson(input: { key: "p0006", name: "Again" }) { key } }"#).await;
    write(r#"mutation { addParticipation(input: { person: "p0006", meeting: "m000" }) { role } }"#)
        .await;

    let now = app.metrics().await;
    let count = |m: &BTreeMap<String, f64>, name: &str| m.get(name).copied().unwrap_or(0.0);
    assert_eq!(
        count(&now, "peacenet_model_builds_total"),
        count(&metrics, "peacenet_model_builds_total"),
        "no write rebuilt the model"
    );
    assert_eq!(
        count(&now, "peacenet_model_patches_total")
            - count(&metrics, "peacenet_model_patches_total"),
        18.0
    );
    // The new records are in the answers.
    let model = app.query(MODEL, vars.clone()).await;
    assert_eq!(model["haveMet"]["meetings"]["nodes"][0]["key"], "m000");
    // A server that builds the model from the store answers alike, to every role.
    let fresh = app.replica(crate::helpers::settings()).await;
    assert_eq!(fresh.query(MODEL, vars.clone()).await, model);
    assert_eq!(
        app.query(WHOLE, serde_json::json!({})).await,
        fresh.query(WHOLE, serde_json::json!({})).await
    );
    for role in ["admin", "analyst", "viewer"] {
        let key = app.create_key(role);
        for (query, vars) in [(WHOLE, serde_json::json!({})), (MODEL, vars.clone())] {
            let answer = app.post_as(Some(&key), query, vars.clone()).await;
            assert_eq!(answer.0, 200, "as {role}: {:#}", answer.1);
            assert_eq!(
                answer,
                fresh.post_as(Some(&key), query, vars).await,
                "as {role}"
            );
        }
    }
}

#[tokio::test]
async fn a_burst_of_writes_from_another_process_patches_the_model_in_one_go() {
    let app = spawn_app().await;
    app.import(&fixture_dir("synthetic_1k")).await;
    let other = Store::connect(&app.db.url).await.unwrap();
    let (_, data) = other.load_versioned().await.unwrap();
    let taken: std::collections::HashSet<(String, String)> = data
        .participations
        .iter()
        .map(|p| (p.person_id.to_string(), p.meeting_id.to_string()))
        .collect();
    // 150 participations written by another process, one transaction each.
    let mut written = 0;
    'people: for person in &data.people {
        for meeting in &data.meetings {
            if written == 150 {
                break 'people;
            }
            if taken.contains(&(person.id.to_string(), meeting.id.to_string())) {
                continue;
            }
            other
                .add_participation(
                    &Writer::operator("import"),
                    &Participation {
                        person_id: person.id.clone(),
                        meeting_id: meeting.id.clone(),
                        role: ParticipationRole::Observer,
                        organisation_id: None,
                    },
                )
                .await
                .unwrap();
            written += 1;
            break;
        }
    }
    let before = app.metrics().await;
    // This server's own next write brings the model up to date: every change since.
    app.query(
        r#"mutation { saveTargetSet(name: "burst", targets: []) { name } }"#,
        serde_json::json!({}),
    )
    .await;
    let after = app.metrics().await;
    let count = |m: &BTreeMap<String, f64>, name: &str| m.get(name).copied().unwrap_or(0.0);
    assert_eq!(
        count(&after, "peacenet_model_builds_total"),
        count(&before, "peacenet_model_builds_total")
    );
    assert_eq!(
        count(&after, "peacenet_model_patches_total"),
        count(&before, "peacenet_model_patches_total") + 1.0
    );
    let query = "{ analytics { summary { people ties components } } network { participations } }";
    let fresh = app.replica(crate::helpers::settings()).await;
    assert_eq!(
        app.query(query, serde_json::json!({})).await,
        fresh.query(query, serde_json::json!({})).await
    );
}

/// A small bundle over the 1,000-person fixture: a new person and organisation, a
/// changed person and meeting, new participations, an affiliation and organisation
/// roles.
fn small_import() -> serde_json::Value {
    serde_json::json!({
        "organisations": "id,name,kind,country,side\norg-new,New body,ngo,GE,georgian\n",
        "people": "id,name,gender,side,country,birth_year,tags,sensitive\n\
                   p0001,Participant GE-001,female,armenian,GE,1957,diplomat;youth,false\n\
                   p0001b,Someone new,male,georgian,GE,1990,displaced,false\n\
                   p0002,Participant XX-001,female,,TR,1998,,false\n",
        "affiliations": "person_id,organisation_id,role,start_date,end_date\n\
                         p0001b,org-new,member,2010-01-01,\n",
        "meetings": "id,title,series,start_date,end_date,city,country,format,track,confidentiality\n\
                     m001,Transport and trade training,Dialogue Series B,2011-05-01,2011-05-02,Geneva,CH,training,2,public\n",
        "participations": "person_id,meeting_id,role,organisation_id\n\
                           p0001b,m001,speaker,org-new\np0002,m001,participant,\n",
        "meetingOrganisations": "meeting_id,organisation_id,role\nm001,org-new,organiser\n",
    })
}

#[tokio::test]
async fn a_small_import_patches_the_model_and_moves_the_version_by_one() {
    let app = spawn_app().await;
    app.import(&fixture_dir("synthetic_1k")).await;
    let vars = serde_json::json!({ "a": "p0001b", "b": "p0002" });
    let metrics = app.metrics().await;
    let version = |data: &serde_json::Value| {
        data["network"]["version"]
            .as_str()
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap()
    };
    let before = app
        .query("{ network { version } }", serde_json::json!({}))
        .await;
    let result = app
        .query(
            "mutation($f: BundleInput!) { importBundle(files: $f) { people { created updated } } }",
            serde_json::json!({ "f": small_import() }),
        )
        .await;
    assert_eq!(result["importBundle"]["people"]["created"], 1);
    let now = app.metrics().await;
    let count = |m: &BTreeMap<String, f64>, name: &str| m.get(name).copied().unwrap_or(0.0);
    assert_eq!(
        count(&now, "peacenet_model_builds_total"),
        count(&metrics, "peacenet_model_builds_total"),
        "the import did not rebuild the model"
    );
    assert_eq!(
        count(&now, "peacenet_model_patches_total")
            - count(&metrics, "peacenet_model_patches_total"),
        1.0
    );
    let after = app
        .query("{ network { version } }", serde_json::json!({}))
        .await;
    assert_eq!(version(&after), version(&before) + 1);
    let model = app.query(MODEL, vars.clone()).await;
    assert_eq!(model["haveMet"]["meetings"]["nodes"][0]["key"], "m001");
    let fresh = app.replica(crate::helpers::settings()).await;
    assert_eq!(fresh.query(MODEL, vars).await, model);
    assert_eq!(
        app.query(WHOLE, serde_json::json!({})).await,
        fresh.query(WHOLE, serde_json::json!({})).await
    );
    let roles = "{ analytics { organisationNetwork { a { key } b { key } weight } } }";
    assert_eq!(
        app.post(roles, serde_json::json!({})).await,
        fresh.post(roles, serde_json::json!({})).await
    );
}
