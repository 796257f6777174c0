//! Patching a snapshot with committed participation changes instead of rebuilding
//! it from the store: the records are shared with the old snapshot, and only the
//! incidence lists and the per-participation details are copied, with the edits
//! merged in on the way (one pass over the participations, no string copied).

use super::adjacency::Adjacency;
use super::bipartite::Bipartite;
use super::model::{Detail, NO_ORGANISATION, Network, NetworkError};
use crate::domain::ParticipationRole;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A participation as it stands after the changes: who, where, and its role and
/// represented organisation, or `None` when it is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParticipationEdit<'a> {
    pub person: &'a str,
    pub meeting: &'a str,
    pub now: Option<(ParticipationRole, Option<&'a str>)>,
}

impl Network {
    /// The network at `version`: this one with `edits` applied, later edits of the
    /// same participation winning. Every id must be one this network holds.
    pub fn patched(
        &self,
        version: i64,
        edits: &[ParticipationEdit<'_>],
    ) -> Result<Network, NetworkError> {
        let mut by_person: BTreeMap<(u32, u32), Option<Detail>> = BTreeMap::new();
        for edit in edits {
            let person = self.index_of(&self.person_index, "person", edit.person)?;
            let meeting = self.index_of(&self.meeting_index, "meeting", edit.meeting)?;
            let detail = match edit.now {
                None => None,
                Some((role, organisation)) => Some(Detail {
                    role,
                    organisation: match organisation {
                        Some(id) => self.organisation_index(id)?,
                        None => NO_ORGANISATION,
                    },
                }),
            };
            by_person.insert((person, meeting), detail);
        }
        let (person_meetings, details) = self.person_lists(&by_person);
        let by_meeting: BTreeMap<(u32, u32), bool> = by_person
            .iter()
            .map(|(&(p, m), d)| ((m, p), d.is_some()))
            .collect();
        let meeting_people = self.meeting_lists(&by_meeting);
        Ok(Network {
            version,
            people: Arc::clone(&self.people),
            meetings: Arc::clone(&self.meetings),
            organisations: Arc::clone(&self.organisations),
            person_index: Arc::clone(&self.person_index),
            meeting_index: Arc::clone(&self.meeting_index),
            incidence: Bipartite::from_lists(person_meetings, meeting_people),
            affiliations: Arc::clone(&self.affiliations),
            details,
            meeting_roles: Arc::clone(&self.meeting_roles),
            measures: Arc::clone(&self.measures),
        })
    }

    fn index_of(
        &self,
        index: &std::collections::HashMap<String, u32>,
        kind: &'static str,
        id: &str,
    ) -> Result<u32, NetworkError> {
        index
            .get(id)
            .copied()
            .ok_or_else(|| NetworkError::DanglingReference {
                kind,
                id: id.to_owned(),
            })
    }

    fn organisation_index(&self, id: &str) -> Result<u32, NetworkError> {
        self.organisations()
            .binary_search_by(|o| o.id.as_str().cmp(id))
            .map(|i| i as u32)
            .map_err(|_| NetworkError::DanglingReference {
                kind: "organisation",
                id: id.to_owned(),
            })
    }

    /// Each person's meetings and the details of those participations, with the
    /// edits (by person, then meeting) merged in.
    fn person_lists(
        &self,
        edits: &BTreeMap<(u32, u32), Option<Detail>>,
    ) -> (Adjacency, Vec<Detail>) {
        let incidence = &self.incidence;
        let mut lists = Adjacency::with_capacity(
            incidence.people(),
            incidence.participation_count() + edits.len(),
        );
        let mut details = Vec::with_capacity(self.details.len() + edits.len());
        let mut pending = edits.iter().peekable();
        for p in 0..incidence.people() as u32 {
            let old = incidence.meetings_of(p);
            let start = incidence.position(p, 0);
            let old_details = &self.details[start..start + old.len()];
            if pending.peek().is_none_or(|((q, _), _)| *q != p) {
                lists.push_list(old.iter().copied());
                details.extend_from_slice(old_details);
                continue;
            }
            let mut list = Vec::with_capacity(old.len() + 1);
            let mut i = 0;
            while let Some((&(_, m), edit)) = pending.next_if(|((q, _), _)| *q == p) {
                while i < old.len() && old[i] < m {
                    list.push(old[i]);
                    details.push(old_details[i]);
                    i += 1;
                }
                if i < old.len() && old[i] == m {
                    i += 1;
                }
                if let Some(detail) = edit {
                    list.push(m);
                    details.push(*detail);
                }
            }
            list.extend_from_slice(&old[i..]);
            details.extend_from_slice(&old_details[i..]);
            lists.push_list(list);
        }
        (lists.finish(), details)
    }

    /// Each meeting's people, with the edits (by meeting, then person: whether the
    /// participation stands) merged in.
    fn meeting_lists(&self, edits: &BTreeMap<(u32, u32), bool>) -> Adjacency {
        let incidence = &self.incidence;
        let mut lists = Adjacency::with_capacity(
            incidence.meetings(),
            incidence.participation_count() + edits.len(),
        );
        let mut pending = edits.iter().peekable();
        for m in 0..incidence.meetings() as u32 {
            let old = incidence.people_of(m);
            if pending.peek().is_none_or(|((n, _), _)| *n != m) {
                lists.push_list(old.iter().copied());
                continue;
            }
            let mut list = Vec::with_capacity(old.len() + 1);
            let mut i = 0;
            while let Some((&(_, p), &stands)) = pending.next_if(|((n, _), _)| *n == m) {
                while i < old.len() && old[i] < p {
                    list.push(old[i]);
                    i += 1;
                }
                if i < old.len() && old[i] == p {
                    i += 1;
                }
                if stands {
                    list.push(p);
                }
            }
            list.extend_from_slice(&old[i..]);
            lists.push_list(list);
        }
        lists.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{EntityId, Participation};

    /// Each person's meetings, each meeting's people, and each participation's role
    /// and organisations.
    type Facts = (
        Vec<Vec<u32>>,
        Vec<Vec<u32>>,
        Vec<(ParticipationRole, Vec<u32>)>,
    );

    /// A participation as the test changes it: person, meeting and what it becomes.
    type Owned = (String, String, Option<(ParticipationRole, Option<String>)>);

    /// Everything the network knows of its participations.
    fn facts(n: &Network) -> Facts {
        let people = (0..n.people().len() as u32)
            .map(|p| n.incidence.meetings_of(p).to_vec())
            .collect();
        let meetings = (0..n.meetings().len() as u32)
            .map(|m| n.incidence.people_of(m).to_vec())
            .collect();
        let details = (0..n.people().len() as u32)
            .flat_map(|p| {
                n.incidence
                    .meetings_of(p)
                    .iter()
                    .map(move |&m| (n.role(p, m), n.organisations_behind(p, m)))
            })
            .collect();
        (people, meetings, details)
    }

    #[test]
    fn a_patched_network_equals_the_one_built_from_the_changed_data() {
        let mut data = crate::generate::generate(300, 5).expect("generated");
        let network = Network::build(&data, 1).expect("network");
        let id = |s: &str| EntityId::parse(s).expect("id");
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
        let removed: Vec<Participation> = data
            .participations
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 7 == 0)
            .map(|(_, p)| p.clone())
            .collect();
        data.participations = data
            .participations
            .iter()
            .enumerate()
            .filter(|(i, _)| i % 7 != 0)
            .map(|(_, p)| p.clone())
            .collect();
        for p in &removed {
            owned.push((p.person_id.to_string(), p.meeting_id.to_string(), None));
        }
        let meetings: Vec<String> = data.meetings.iter().map(|m| m.id.to_string()).collect();
        for (k, person) in data.people.clone().iter().enumerate().step_by(13) {
            let meeting = &meetings[(k * 7) % meetings.len()];
            let taken = data
                .participations
                .iter()
                .any(|p| p.person_id == person.id && p.meeting_id.as_str() == meeting);
            if !taken {
                data.participations.push(Participation {
                    person_id: person.id.clone(),
                    meeting_id: id(meeting),
                    role: ParticipationRole::Speaker,
                    organisation_id: None,
                });
                owned.push((
                    person.id.to_string(),
                    meeting.clone(),
                    Some((ParticipationRole::Speaker, None)),
                ));
            }
        }
        let edits: Vec<ParticipationEdit> = owned
            .iter()
            .map(|(person, meeting, now)| ParticipationEdit {
                person,
                meeting,
                now: now.as_ref().map(|(role, org)| (*role, org.as_deref())),
            })
            .collect();
        let patched = network.patched(2, &edits).expect("known ids");
        let rebuilt = Network::build(&data, 2).expect("network");
        assert_eq!(facts(&patched), facts(&rebuilt));
        assert_eq!(patched.participation_count(), data.participations.len());
        // The records are shared, not copied.
        assert!(Arc::ptr_eq(&patched.people, &network.people));
        // An unknown id is refused, not patched.
        let unknown = [ParticipationEdit {
            person: "nobody",
            meeting: &meetings[0],
            now: None,
        }];
        assert!(network.patched(3, &unknown).is_err());
    }
}
