//! Small named networks for the unit tests of the model and its analyses.

use super::model::Network;
use crate::domain::{
    Confidentiality, Dataset, EntityId, LabelList, Meeting, Participation, ParticipationRole,
    Person,
};
use chrono::{Days, NaiveDate};

/// A network whose meetings are the given lists of person ids, one day apart in list
/// order (so meeting `i` of the list is the network's meeting `i`), all public.
pub fn network(meetings: &[&[&str]]) -> Network {
    let first = NaiveDate::from_ymd_opt(2020, 1, 1).expect("a date");
    let dated: Vec<(NaiveDate, &[&str])> = meetings
        .iter()
        .enumerate()
        .map(|(i, people)| (first + Days::new(i as u64), *people))
        .collect();
    dated_network(&dated)
}

/// A network whose meetings are the given lists of person ids on the given dates
/// (in date order), all public.
pub fn dated_network(meetings: &[(NaiveDate, &[&str])]) -> Network {
    let id = |text: &str| EntityId::parse(text).expect("a valid id");
    let mut people: Vec<&str> = meetings
        .iter()
        .flat_map(|(_, m)| m.iter().copied())
        .collect();
    people.sort_unstable();
    people.dedup();
    let data = Dataset {
        people: people
            .iter()
            .map(|p| Person {
                id: id(p),
                name: p.to_string(),
                gender: None,
                side: None,
                country: None,
                birth_year: None,
                tags: LabelList::default(),
                sensitive: false,
            })
            .collect(),
        meetings: (0..meetings.len())
            .map(|i| Meeting {
                id: id(&format!("m{i:04}")),
                title: format!("meeting {i}"),
                series: None,
                start_date: meetings[i].0,
                end_date: None,
                city: None,
                country: None,
                format: None,
                track: None,
                confidentiality: Confidentiality::Public,
            })
            .collect(),
        participations: meetings
            .iter()
            .enumerate()
            .flat_map(|(i, (_, people))| {
                people.iter().map(move |p| Participation {
                    person_id: id(p),
                    meeting_id: id(&format!("m{i:04}")),
                    role: ParticipationRole::Participant,
                    organisation_id: None,
                })
            })
            .collect(),
        ..Dataset::default()
    };
    Network::build(&data, 1).expect("a consistent network")
}
