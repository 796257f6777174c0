//! One very large meeting: the model stays bipartite, so a meeting of 5,000 people
//! (12.5 million person-person ties) is 5,000 participations in memory, and the
//! queries that do not need single ties never build them.

use crate::helpers::{cli_import, fresh_db, start_server, terminate};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::path::Path;

const CROWD: usize = 5_000;

/// A bundle with one meeting of 5,000 people and a small one that links two of
/// them to an outsider.
fn write_bundle(dir: &Path) {
    let mut people = String::from("id,name,gender,side,country,birth_year,tags,sensitive\n");
    let mut participations = String::from("person_id,meeting_id,role,organisation_id\n");
    for i in 0..CROWD {
        let side = if i % 2 == 0 {
            "armenian"
        } else {
            "azerbaijani"
        };
        writeln!(people, "p{i:04},Person {i},,{side},,,,false").unwrap();
        writeln!(participations, "p{i:04},congress,participant,").unwrap();
    }
    people.push_str("outsider,Outsider,,georgian,,,,false\n");
    for p in ["p0001", "outsider"] {
        writeln!(participations, "{p},seminar,participant,").unwrap();
    }
    let meetings = "id,title,series,start_date,end_date,city,country,format,track,confidentiality\n\
                    congress,Congress,,2020-05-01,2020-05-03,,,conference,2,public\n\
                    seminar,Seminar,,2021-05-01,2021-05-01,,,workshop,2,public\n";
    let files = [
        ("people.csv", people.as_str()),
        ("participations.csv", participations.as_str()),
        ("meetings.csv", meetings),
        ("organisations.csv", "id,name,kind,country,side\n"),
        (
            "affiliations.csv",
            "person_id,organisation_id,role,start_date,end_date\n",
        ),
        (
            "meeting_organisations.csv",
            "meeting_id,organisation_id,role\n",
        ),
        (
            "measures.csv",
            "id,code,title,category,start_year,end_year,target_tags,target_sides,target_genders\n",
        ),
        ("meeting_measures.csv", "meeting_id,measure_id\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

/// The peak resident set of a process, in MiB.
fn peak_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap();
    kib / 1024.0
}

async fn post(client: &reqwest::Client, address: &str, query: &str) -> Value {
    client
        .post(format!("http://{address}/graphql"))
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_meeting_of_five_thousand_people_stays_small_in_memory() {
    let db = fresh_db().await;
    let bundle = tempfile::tempdir().unwrap();
    write_bundle(bundle.path());
    cli_import(&db.url, bundle.path());
    let (mut server, address) = start_server(&db.url, &[], &["--anonymous-role", "analyst"]);
    let client = reqwest::Client::new();

    let answer = post(
        &client,
        &address,
        r#"{
          analytics {
            summary { people ties components largestComponentShare
                      averageShortestPath diameter }
          }
          haveMet(a: "p0001", b: "p4998") { met meetingCount }
          person(id: "p0002") { contacts(first: 3) { totalCount } }
          chainOfAcquaintance(from: "p4999", to: "outsider") { length }
        }"#,
    )
    .await;
    assert!(answer.get("errors").is_none(), "{answer}");
    let data = &answer["data"];
    let summary = &data["analytics"]["summary"];
    let crowd_ties = CROWD * (CROWD - 1) / 2;
    assert_eq!(summary["people"], json!(CROWD + 1));
    assert_eq!(summary["ties"], json!(crowd_ties + 1), "{summary}");
    assert_eq!(summary["components"], json!(1));
    assert_eq!(summary["diameter"], json!(2));
    assert_eq!(data["haveMet"], json!({"met": true, "meetingCount": 1}));
    assert_eq!(data["person"]["contacts"]["totalCount"], json!(CROWD - 1));
    assert_eq!(data["chainOfAcquaintance"]["length"], json!(2));

    // Drawing every tie is refused by name, not attempted.
    let drawing = post(
        &client,
        &address,
        "{ analytics { drawing { ties { weight } } } }",
    )
    .await;
    let message = drawing["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("too many to draw"), "{drawing}");

    // 12.5 million ties as adjacency lists would take at least 200 MB (100 MB as
    // two u32 per direction); as a hash map of pairs, over 500 MB.
    let peak = peak_mib(server.id());
    terminate(&server);
    server.wait().unwrap();
    assert!(
        peak < 150.0,
        "the server's peak resident set was {peak:.0} MiB for one meeting of {CROWD}"
    );
}
