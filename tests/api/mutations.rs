//! Editors' writes: validation with the field at fault, the deletion rule, and the
//! relationship model kept current after every write.

use crate::helpers::{TestApp, fixture_dir, spawn_app};
use serde_json::json;

async fn small() -> TestApp {
    let app = spawn_app().await;
    app.import(&fixture_dir("small")).await;
    app
}

const CREATE_PERSON: &str = "mutation($input: CreatePersonInput!) {
  createPerson(input: $input) { id key name gender side country birthYear tags sensitive }
}";

const HAVE_MET: &str = "query($a: ID!, $b: ID!) { haveMet(a: $a, b: $b) { meetingCount } }";

#[tokio::test]
async fn creating_a_person_validates_each_field() {
    let app = small().await;
    let data = app
        .query(
            CREATE_PERSON,
            json!({ "input": { "key": "zara", "name": " Zara ", "gender": "FEMALE", "side": "armenian",
                               "country": "AM", "birthYear": 2001, "tags": ["youth", "displaced"] } }),
        )
        .await;
    assert_eq!(
        data["createPerson"],
        json!({ "id": "Person:zara", "key": "zara", "name": "Zara", "gender": "FEMALE", "side": "armenian",
                "country": "AM", "birthYear": 2001, "tags": ["youth", "displaced"], "sensitive": false })
    );

    for (input, field) in [
        (
            json!({ "name": "X", "country": "Armenia" }),
            "input.country",
        ),
        (
            json!({ "name": "X", "side": "Armenian Side" }),
            "input.side",
        ),
        (json!({ "name": "  " }), "input.name"),
        (json!({ "name": "X", "birthYear": 1066 }), "input.birthYear"),
        (
            json!({ "name": "X", "tags": ["youth", "youth"] }),
            "input.tags",
        ),
        (json!({ "name": "X", "key": "has space" }), "input.key"),
    ] {
        let error = app
            .query_error(CREATE_PERSON, json!({ "input": input }))
            .await;
        assert_eq!(error["extensions"]["code"], "BAD_INPUT", "{input}");
        assert_eq!(error["extensions"]["field"], field, "{input}");
    }
    let error = app
        .query_error(
            CREATE_PERSON,
            json!({ "input": { "key": "ana", "name": "Another Ana" } }),
        )
        .await;
    assert_eq!(error["extensions"]["code"], "CONFLICT");

    let data = app
        .query(CREATE_PERSON, json!({ "input": { "name": "No Key" } }))
        .await;
    assert!(
        data["createPerson"]["key"]
            .as_str()
            .expect("key")
            .starts_with("p-")
    );
}

#[tokio::test]
async fn updates_keep_absent_fields_and_clear_null_ones() {
    let app = small().await;
    let data = app
        .query(
            r#"mutation { updatePerson(id: "Person:eric", input: { name: "Eric K", country: null }) {
                 name gender side country birthYear tags } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["updatePerson"],
        json!({ "name": "Eric K", "gender": null, "side": "armenian", "country": null,
                "birthYear": 1980, "tags": ["diaspora"] })
    );
    let error = app
        .query_error(
            r#"mutation { updateMeeting(id: "m1", input: { endDate: "2009-01-01" }) { key } }"#,
            json!({}),
        )
        .await;
    assert_eq!(error["extensions"]["field"], "input.endDate");
    let error = app
        .query_error(
            r#"mutation { updateOrganisation(id: "org-zzz", input: { name: "Z" }) { key } }"#,
            json!({}),
        )
        .await;
    assert_eq!(error["extensions"]["code"], "NOT_FOUND");
    let data = app
        .query(
            r#"mutation { updateMeeting(id: "m2", input: { track: TRACK_1_5, city: null }) { track city endDate } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["updateMeeting"],
        json!({ "track": "TRACK_1_5", "city": null, "endDate": "2012-03-10" })
    );
}

#[tokio::test]
async fn a_new_participation_is_visible_to_who_met_whom_at_once() {
    let app = small().await;
    assert_eq!(
        app.query(HAVE_MET, json!({ "a": "farid", "b": "gala" }))
            .await["haveMet"]["meetingCount"],
        0
    );
    let data = app
        .query(
            r#"mutation { addParticipation(input: { person: "farid", meeting: "Meeting:m5", role: SPEAKER, organisation: "org-b" }) {
                 role person { key } meeting { key } organisation { key } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["addParticipation"],
        json!({ "role": "SPEAKER", "person": { "key": "farid" }, "meeting": { "key": "m5" }, "organisation": { "key": "org-b" } })
    );
    assert_eq!(
        app.query(HAVE_MET, json!({ "a": "farid", "b": "gala" }))
            .await["haveMet"]["meetingCount"],
        1
    );

    let error = app
        .query_error(
            r#"mutation { addParticipation(input: { person: "farid", meeting: "m5" }) { role } }"#,
            json!({}),
        )
        .await;
    assert_eq!(error["extensions"]["code"], "CONFLICT");
    let error = app
        .query_error(
            r#"mutation { addParticipation(input: { person: "farid", meeting: "m9" }) { role } }"#,
            json!({}),
        )
        .await;
    assert_eq!(error["extensions"]["code"], "BAD_INPUT");
    assert_eq!(error["extensions"]["field"], "input.meeting");

    app.query(
        r#"mutation { removeParticipation(person: "farid", meeting: "m5") { role } }"#,
        json!({}),
    )
    .await;
    assert_eq!(
        app.query(HAVE_MET, json!({ "a": "farid", "b": "gala" }))
            .await["haveMet"]["meetingCount"],
        0
    );
    let error = app
        .query_error(
            r#"mutation { removeParticipation(person: "farid", meeting: "m5") { role } }"#,
            json!({}),
        )
        .await;
    assert_eq!(error["extensions"]["code"], "NOT_FOUND");
}

#[tokio::test]
async fn deleting_a_person_removes_their_participations_and_affiliations() {
    let app = small().await;
    let data = app
        .query(r#"mutation { deletePerson(id: "dilara") }"#, json!({}))
        .await;
    assert_eq!(data["deletePerson"], "Person:dilara");
    let data = app
        .query(
            r#"{ person(id: "dilara") { key }
                 meeting(id: "m3") { participants { nodes { key } } }
                 organisation(id: "org-b") { members { nodes { key } } }
                 chainOfAcquaintance(from: "ana", to: "gala") { length } }"#,
            json!({}),
        )
        .await;
    assert!(data["person"].is_null());
    assert_eq!(
        data["meeting"]["participants"]["nodes"],
        json!([{ "key": "bora" }])
    );
    assert_eq!(
        data["organisation"]["members"]["nodes"],
        json!([{ "key": "bora" }])
    );
    assert!(
        data["chainOfAcquaintance"].is_null(),
        "Dilara was the only bridge to Eric"
    );
    let error = app
        .query_error(r#"mutation { deletePerson(id: "dilara") }"#, json!({}))
        .await;
    assert_eq!(error["extensions"]["code"], "NOT_FOUND");
}

#[tokio::test]
async fn deleting_an_organisation_keeps_people_and_meetings_and_clears_what_named_it() {
    let app = small().await;
    app.query(
        r#"mutation { deleteOrganisation(id: "Organisation:org-a") }"#,
        json!({}),
    )
    .await;
    let data = app
        .query(
            r#"{ person(id: "ana") { affiliations { nodes { id } } participations { nodes { meeting { key } organisation { key } } } }
                 meeting(id: "m1") { organisations { nodes { organisation { key } role } } participants { nodes { key } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["person"]["affiliations"]["nodes"], json!([]));
    assert_eq!(
        data["person"]["participations"]["nodes"],
        json!([{ "meeting": { "key": "m1" }, "organisation": null }, { "meeting": { "key": "m2" }, "organisation": null }])
    );
    assert_eq!(
        data["meeting"]["organisations"]["nodes"],
        json!([{ "organisation": { "key": "org-c" }, "role": "FUNDER" }])
    );
    assert_eq!(
        data["meeting"]["participants"]["nodes"]
            .as_array()
            .expect("list")
            .len(),
        3
    );
}

#[tokio::test]
async fn deleting_a_meeting_removes_its_links_and_the_ties_it_made() {
    let app = small().await;
    app.query(r#"mutation { deleteMeeting(id: "m1") }"#, json!({}))
        .await;
    let data = app
        .query(
            r#"{ haveMet(a: "ana", b: "chris") { met }
                 network { meetings participations ties }
                 organisation(id: "org-c") { meetingRoles { nodes { role } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["haveMet"]["met"], false);
    assert_eq!(
        data["network"],
        json!({ "meetings": 4, "participations": 8, "ties": 4 })
    );
    assert_eq!(data["organisation"]["meetingRoles"]["nodes"], json!([]));
}

#[tokio::test]
async fn organisations_meetings_and_affiliations_can_be_created_and_removed() {
    let app = small().await;
    let data = app
        .query(
            r#"mutation {
                 org: createOrganisation(input: { key: "org-new", name: "New Centre", kind: THINK_TANK, country: "GE" }) { id kind }
                 meeting: createMeeting(input: { key: "m6", title: "Summer school", startDate: "2019-07-01",
                                                 format: SUMMER_SCHOOL, track: TRACK_2, confidentiality: CLOSED }) {
                   id endDate confidentiality }
               }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        data["org"],
        json!({ "id": "Organisation:org-new", "kind": "THINK_TANK" })
    );
    assert_eq!(
        data["meeting"],
        json!({ "id": "Meeting:m6", "endDate": "2019-07-01", "confidentiality": "CLOSED" })
    );
    let data = app
        .query(
            r#"mutation { addAffiliation(input: { person: "gala", organisation: "org-new", role: "fellow", startDate: "2019-01-01" }) {
                 id role startDate endDate organisation { name } } }"#,
            json!({}),
        )
        .await;
    let id = data["addAffiliation"]["id"].clone();
    assert_eq!(data["addAffiliation"]["organisation"]["name"], "New Centre");
    let error = app
        .query_error(
            r#"mutation { addAffiliation(input: { person: "gala", organisation: "org-new", startDate: "2019-01-01", endDate: "2018-01-01" }) { id } }"#,
            json!({}),
        )
        .await;
    assert_eq!(error["extensions"]["field"], "input.endDate");
    let data = app
        .query(
            "mutation($id: ID!) { removeAffiliation(id: $id) { role } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(data["removeAffiliation"]["role"], "fellow");
    let data = app
        .query(
            r#"{ organisation(id: "org-new") { members { nodes { key } } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["organisation"]["members"]["nodes"], json!([]));
}
