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
