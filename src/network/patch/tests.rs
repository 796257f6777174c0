//! The patch against the network built from the changed data.

use super::*;
use crate::domain::{Dataset, EntityId, Label, OrganisationKind, Participation, Track};

/// Everything the network knows, by ids: each person, meeting and organisation;
/// each participation's role and organisations; each meeting's roles; each
/// measure's meetings; and the id lookups.
fn facts(n: &Network) -> Vec<String> {
    let mut out = Vec::new();
    for (p, person) in n.people().iter().enumerate() {
        let p = PersonIx::new(p);
        out.push(format!("{person:?} -> {:?}", n.person_index(&person.id)));
        for &m in n.incidence.meetings_of(p) {
            let orgs: Vec<&str> = n
                .organisations_behind(p, m)
                .iter()
                .map(|&o| n.organisations()[o as usize].id.as_str())
                .collect();
            out.push(format!(
                "  {} as {:?} for {orgs:?}",
                n.meeting(m).id,
                n.role(p, m)
            ));
        }
    }
    for (m, meeting) in n.meetings().iter().enumerate() {
        let m = MeetingIx::new(m);
        let people: Vec<&str> = n
            .participants(m)
            .iter()
            .map(|&p| n.person(p).id.as_str())
            .collect();
        let roles: Vec<(&str, _)> = n
            .meeting_roles(m)
            .iter()
            .map(|&(o, r)| (n.organisations()[o as usize].id.as_str(), r))
            .collect();
        out.push(format!(
            "{meeting:?} {people:?} {roles:?} -> {:?}",
            n.meeting_position(&meeting.id)
        ));
    }
    out.extend(n.organisations().iter().map(|o| format!("{o:?}")));
    for measure in n.measures() {
        let meetings: Vec<&str> = measure
            .meetings
            .iter()
            .map(|&m| n.meeting(m).id.as_str())
            .collect();
        out.push(format!("{} {meetings:?}", measure.id));
    }
    out
}

/// A participation as the test changes it: person, meeting and what it becomes.
type Owned = (String, String, Option<(ParticipationRole, Option<String>)>);

fn id(s: &str) -> EntityId {
    EntityId::parse(s).expect("id")
}

/// The store's cascades: what deleting a person, meeting or organisation removes.
fn delete_person(data: &mut Dataset, who: &str) {
    data.people.retain(|p| p.id.as_str() != who);
    data.participations.retain(|p| p.person_id.as_str() != who);
    data.affiliations.retain(|a| a.person_id.as_str() != who);
}

fn delete_meeting(data: &mut Dataset, which: &str) {
    data.meetings.retain(|m| m.id.as_str() != which);
    data.participations
        .retain(|p| p.meeting_id.as_str() != which);
    data.meeting_organisations
        .retain(|r| r.meeting_id.as_str() != which);
    data.meeting_measures
        .retain(|l| l.meeting_id.as_str() != which);
}

fn delete_organisation(data: &mut Dataset, which: &str) {
    data.organisations.retain(|o| o.id.as_str() != which);
    data.affiliations
        .retain(|a| a.organisation_id.as_str() != which);
    data.meeting_organisations
        .retain(|r| r.organisation_id.as_str() != which);
    for p in &mut data.participations {
        if p.organisation_id
            .as_ref()
            .is_some_and(|o| o.as_str() == which)
        {
            p.organisation_id = None;
        }
    }
}

fn join(data: &mut Dataset, person: &str, meeting: &str, organisation: Option<&str>) {
    data.participations.push(Participation {
        person_id: id(person),
        meeting_id: id(meeting),
        role: ParticipationRole::Speaker,
        organisation_id: organisation.map(id),
    });
}

/// The delta the change log gives for going from `before` to `after` (with the
/// records in `deleted` deleted on the way): every record they differ in, the
/// affiliations of the people whose affiliations differ, and the participations
/// added.
fn delta_between<'a>(before: &Dataset, after: &'a Dataset, deleted: &[&'a str]) -> Delta<'a> {
    fn edits<'a, T: PartialEq>(
        before: &[T],
        after: &'a [T],
        id_of: impl Fn(&T) -> &str,
        deleted: &[&'a str],
    ) -> Vec<RecordEdit<'a, T>> {
        let mut out = Vec::new();
        for new in after {
            let id = id_of(new);
            let was = before.iter().find(|b| id_of(b) == id);
            let reset = deleted.contains(&id);
            if reset || was != Some(new) {
                out.push(RecordEdit {
                    id: deleted
                        .iter()
                        .find(|d| **d == id)
                        .copied()
                        .unwrap_or(id_of(new)),
                    now: Some(new),
                    deleted: reset,
                });
            }
        }
        for old in before {
            let id = id_of(old);
            if !after.iter().any(|a| id_of(a) == id) {
                let id = deleted.iter().find(|d| **d == id).copied().expect("listed");
                out.push(RecordEdit {
                    id,
                    now: None,
                    deleted: true,
                });
            }
        }
        out
    }
    let people = edits(&before.people, &after.people, |p| p.id.as_str(), deleted);
    let meetings = edits(
        &before.meetings,
        &after.meetings,
        |m| m.id.as_str(),
        deleted,
    );
    let organisations = edits(
        &before.organisations,
        &after.organisations,
        |o| o.id.as_str(),
        deleted,
    );
    let mut affiliations = Vec::new();
    for person in &after.people {
        let list = |d: &'a Dataset| -> Vec<&'a Affiliation> {
            d.affiliations
                .iter()
                .filter(|a| a.person_id == person.id)
                .collect()
        };
        let now = list(after);
        let was: Vec<&Affiliation> = before
            .affiliations
            .iter()
            .filter(|a| a.person_id == person.id)
            .collect();
        if now != was {
            affiliations.push((person.id.as_str(), now));
        }
    }
    let mut participations = Vec::new();
    for p in &after.participations {
        let was = before
            .participations
            .iter()
            .find(|b| b.person_id == p.person_id && b.meeting_id == p.meeting_id);
        // Only new ones: the store logs what a delete cascades to (an
        // organisation cleared from a participation) under the deleted record.
        if was.is_none() {
            participations.push(ParticipationEdit {
                person: p.person_id.as_str(),
                meeting: p.meeting_id.as_str(),
                now: Some((p.role, p.organisation_id.as_ref().map(|o| o.as_str()))),
            });
        }
    }
    Delta {
        people,
        meetings,
        organisations,
        affiliations,
        participations,
        meeting_roles: Vec::new(),
    }
}

#[test]
fn a_patched_network_equals_the_one_built_from_the_changed_data() {
    let mut data = crate::generate::generate(300, 5).expect("generated");
    let network = Network::build(&data, 1).expect("network");
    // Remove every seventh participation, change the role of every eleventh, and
    // add each person to a meeting they missed (the first and the last included).
    let mut owned: Vec<Owned> = Vec::new();
    for (i, p) in data.participations.iter_mut().enumerate() {
        if i % 11 == 3 {
            p.role = ParticipationRole::Rapporteur;
            p.organisation_id = data.organisations.first().map(|o| o.id.clone());
            owned.push((
                p.person_id.to_string(),
                p.meeting_id.to_string(),
                Some((p.role, p.organisation_id.as_ref().map(ToString::to_string))),
            ));
        }
    }
    let mut kept = Vec::new();
    for (i, p) in data.participations.drain(..).enumerate() {
        if i % 7 == 0 {
            owned.push((p.person_id.to_string(), p.meeting_id.to_string(), None));
        } else {
            kept.push(p);
        }
    }
    data.participations = kept;
    let meetings: Vec<String> = data.meetings.iter().map(|m| m.id.to_string()).collect();
    for (k, person) in data.people.clone().iter().enumerate().step_by(13) {
        let meeting = &meetings[(k * 7) % meetings.len()];
        let taken = data
            .participations
            .iter()
            .any(|p| p.person_id == person.id && p.meeting_id.as_str() == meeting);
        if !taken {
            join(&mut data, person.id.as_str(), meeting, None);
            owned.push((
                person.id.to_string(),
                meeting.clone(),
                Some((ParticipationRole::Speaker, None)),
            ));
        }
    }
    let delta = Delta {
        participations: owned
            .iter()
            .map(|(person, meeting, now)| ParticipationEdit {
                person,
                meeting,
                now: now.as_ref().map(|(role, org)| (*role, org.as_deref())),
            })
            .collect(),
        ..Delta::default()
    };
    let (patched, reach) = network.patched(2, &delta).expect("known ids");
    let rebuilt = Network::build(&data, 2).expect("network");
    assert_eq!(facts(&patched), facts(&rebuilt));
    assert_eq!(patched.participation_count(), data.participations.len());
    assert!(matches!(reach, Reach::Meetings(m) if !m.is_empty()));
    // The records are shared, not copied.
    assert!(Arc::ptr_eq(&patched.people, &network.people));
    // An unknown id is refused, not patched.
    let unknown = Delta {
        participations: vec![ParticipationEdit {
            person: "nobody",
            meeting: &meetings[0],
            now: None,
        }],
        ..Delta::default()
    };
    assert!(network.patched(3, &unknown).is_err());
}

#[test]
fn every_kind_of_record_change_patches_to_the_rebuilt_network() {
    let before = crate::generate::generate(400, 11).expect("generated");
    let network = Network::build(&before, 1).expect("network");
    let mut data = before.clone();
    let (gone, reset, moved) = (
        data.people[10].id.to_string(),
        data.people[20].id.to_string(),
        data.people[30].id.to_string(),
    );
    let meeting_ids: Vec<String> = data.meetings.iter().map(|m| m.id.to_string()).collect();
    let meeting = |i: usize| meeting_ids[i].clone();
    let (first_meeting, shifted, dropped) = (meeting(0), meeting(5), meeting(40));
    let dropped_org = data
        .organisations
        .iter()
        .find(|o| {
            data.participations
                .iter()
                .any(|p| p.organisation_id.as_ref() == Some(&o.id))
        })
        .map(|o| o.id.to_string())
        .expect("a represented organisation");
    let renamed_org = data.organisations[3].id.to_string();

    // People made (before, among and after the others), changed, deleted, and
    // deleted and made anew.
    for new in ["a-first", "p-000100x", "zz-last"] {
        let mut p = data.people[0].clone();
        p.id = id(new);
        p.sensitive = false;
        data.people.push(p);
        join(&mut data, new, &first_meeting, None);
    }
    let changed = data
        .people
        .iter_mut()
        .find(|p| p.id.as_str() == moved)
        .expect("person");
    changed.side = Some(Label::parse("other-side").expect("label"));
    changed.tags = crate::domain::LabelList::parse("youth;diaspora").expect("tags");
    delete_person(&mut data, &gone);
    let again = data
        .people
        .iter()
        .find(|p| p.id.as_str() == reset)
        .cloned()
        .expect("person");
    delete_person(&mut data, &reset);
    data.people.push(again);
    join(&mut data, &reset, &shifted, None);

    // Meetings made (one on the first date), moved in time, deleted.
    let mut made = data.meetings[0].clone();
    made.id = id("m-new");
    made.track = Some(Track::Two);
    data.meetings.push(made);
    join(&mut data, &moved, "m-new", None);
    join(&mut data, "zz-last", "m-new", None);
    let shift = data
        .meetings
        .iter_mut()
        .find(|m| m.id.as_str() == shifted)
        .expect("meeting");
    shift.start_date = chrono::NaiveDate::from_ymd_opt(2031, 1, 1).expect("date");
    delete_meeting(&mut data, &dropped);

    // Organisations made, changed, deleted; a participation and an affiliation
    // with the new one.
    let mut org = data.organisations[0].clone();
    org.id = id("aaa-org");
    data.organisations.push(org);
    let kind = &mut data
        .organisations
        .iter_mut()
        .find(|o| o.id.as_str() == renamed_org)
        .expect("organisation")
        .kind;
    *kind = if *kind == OrganisationKind::Ngo {
        OrganisationKind::Donor
    } else {
        OrganisationKind::Ngo
    };
    delete_organisation(&mut data, &dropped_org);
    join(&mut data, "a-first", &meeting(1), Some("aaa-org"));
    let mut affiliation = data.affiliations[0].clone();
    affiliation.person_id = id(&moved);
    affiliation.organisation_id = id("aaa-org");
    data.affiliations.push(affiliation);

    let deleted = [
        gone.as_str(),
        reset.as_str(),
        dropped.as_str(),
        dropped_org.as_str(),
    ];
    let delta = delta_between(&before, &data, &deleted);
    assert!(!delta.people.is_empty() && !delta.meetings.is_empty());
    let (patched, reach) = network.patched(2, &delta).expect("patched");
    let rebuilt = Network::build(&data, 2).expect("rebuilt");
    let (patched_facts, rebuilt_facts) = (facts(&patched), facts(&rebuilt));
    for (p, r) in patched_facts.iter().zip(&rebuilt_facts) {
        assert_eq!(p, r);
    }
    assert_eq!(patched_facts.len(), rebuilt_facts.len());
    assert_eq!(reach, Reach::Everything);
    assert_eq!(patched.participation_count(), rebuilt.participation_count());
}

#[test]
fn a_masked_copy_takes_the_participation_edits_of_its_network() {
    let data = crate::generate::generate(300, 3).expect("generated");
    let network = Network::build(&data, 1).expect("network");
    let pseudonym = |id: &str| format!("x{}", id.len() * 7 % 5);
    let masked = network.masked(&pseudonym);
    let sensitive = network
        .people()
        .iter()
        .find(|p| p.sensitive)
        .expect("a sensitive person");
    let organisation = network.organisations()[0].id.as_str();
    let meeting = network.meetings()[3].id.as_str();
    let delta = Delta {
        participations: vec![
            ParticipationEdit {
                person: &sensitive.id,
                meeting,
                now: Some((ParticipationRole::Speaker, Some(organisation))),
            },
            ParticipationEdit {
                person: &network.people()[0].id,
                meeting,
                now: Some((ParticipationRole::Mediator, Some(organisation))),
            },
        ],
        ..Delta::default()
    };
    let (patched, _) = network.patched(2, &delta).expect("patched");
    let (patched_masked, _) = masked.patched(2, &delta).expect("patched");
    assert_eq!(facts(&patched_masked), facts(&patched.masked(&pseudonym)));
}
