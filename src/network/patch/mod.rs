//! Patching a snapshot with committed changes instead of rebuilding it from the
//! store. The records that did not change are shared with the old snapshot (`Arc`);
//! the index-based parts (the incidence lists, the per-participation details, the
//! affiliation and organisation-role lists) are copied in one pass each, with old
//! indices renumbered where records came or went and the edits merged in. No string
//! is copied but those of the changed records, and nothing is read from the store
//! but the changed rows.

mod renumber;

use crate::domain::{
    Affiliation, Meeting, MeetingOrganisation, Organisation, OrganisationRole, ParticipationRole,
    Person,
};
use crate::network::adjacency::{Adjacency, Lists};
use crate::network::bipartite::Bipartite;
use crate::network::index::{MeetingIx, PersonIx};
use crate::network::model::person_position;
use crate::network::model::{
    AffiliationSpan, Detail, MeetingNode, MeetingRoles, NO_ORGANISATION, Network, NetworkError,
    OrganisationNode, PersonNode,
};
use renumber::{Renumbering, merged_by_id, relisted};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A participation as it stands after the changes: who, where, and its role and
/// represented organisation, or `None` when it is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParticipationEdit<'a> {
    pub person: &'a str,
    pub meeting: &'a str,
    pub now: Option<(ParticipationRole, Option<&'a str>)>,
}

/// A person, meeting or organisation as it stands after the changes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecordEdit<'a, T> {
    pub id: &'a str,
    /// The record now; `None` when it is gone.
    pub now: Option<&'a T>,
    /// Whether it was deleted on the way (and perhaps made anew): the links it had
    /// went with it, as the store's cascades remove them.
    pub deleted: bool,
}

/// What changed after a snapshot, as the store holds it now. Later entries for the
/// same record win.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Delta<'a> {
    pub people: Vec<RecordEdit<'a, Person>>,
    pub meetings: Vec<RecordEdit<'a, Meeting>>,
    pub organisations: Vec<RecordEdit<'a, Organisation>>,
    /// People whose affiliations changed, with every affiliation they have now.
    pub affiliations: Vec<(&'a str, Vec<&'a Affiliation>)>,
    /// Meetings whose organisation roles changed, with every role they have now.
    pub meeting_roles: Vec<(&'a str, Vec<&'a MeetingOrganisation>)>,
    pub participations: Vec<ParticipationEdit<'a>>,
}

/// What a patch can have changed, for the analysis results kept across it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    /// Only the participations of these meetings (indices, the same in both
    /// snapshots).
    Meetings(Vec<MeetingIx>),
    /// Records came, went or changed: indices or attributes may differ anywhere.
    Everything,
}

/// The records of each new index, built once for the patch.
struct Parts {
    people: Arc<Vec<Arc<PersonNode>>>,
    /// The person indices in id order when the people are not (an unchanged masked
    /// copy).
    id_order: Option<Arc<Vec<PersonIx>>>,
    meetings: Arc<Vec<Arc<MeetingNode>>>,
    meeting_ids: Arc<Vec<MeetingIx>>,
    organisations: Arc<Vec<OrganisationNode>>,
    people_moved: Renumbering<PersonIx>,
    meetings_moved: Renumbering<MeetingIx>,
    organisations_moved: Renumbering,
}

impl Parts {
    fn person(&self, id: &str) -> Result<PersonIx, NetworkError> {
        person_position(
            &self.people,
            self.id_order.as_deref().map(Vec::as_slice),
            id,
        )
        .ok_or_else(|| dangling("person", id))
    }

    fn meeting(&self, id: &str) -> Result<MeetingIx, NetworkError> {
        self.meeting_ids
            .binary_search_by(|&i| self.meetings[i.index()].id.as_str().cmp(id))
            .map(|k| self.meeting_ids[k])
            .map_err(|_| dangling("meeting", id))
    }

    fn organisation(&self, id: &str) -> Result<u32, NetworkError> {
        self.organisations
            .binary_search_by(|o| o.id.as_str().cmp(id))
            .map(|i| i as u32)
            .map_err(|_| dangling("organisation", id))
    }

    /// An old organisation index in the new numbering (none if it went).
    fn organisation_now(&self, old: u32) -> u32 {
        if old == NO_ORGANISATION {
            return NO_ORGANISATION;
        }
        self.organisations_moved
            .forward(old)
            .unwrap_or(NO_ORGANISATION)
    }
}

fn dangling(kind: &'static str, id: &str) -> NetworkError {
    NetworkError::DanglingReference {
        kind,
        id: id.to_owned(),
    }
}

impl Network {
    /// The network at `version`: this one with `delta` applied, and how far the
    /// change reaches. Every id the delta refers to must exist after it. A masked
    /// copy ([`Network::masked`]) takes participation edits only, and withholds the
    /// organisations its withheld people represent.
    pub fn patched(
        &self,
        version: i64,
        delta: &Delta<'_>,
    ) -> Result<(Network, Reach), NetworkError> {
        debug_assert!(
            self.id_order.is_none() || delta.people.is_empty(),
            "people changed in a masked copy"
        );
        let parts = self.parts(delta);
        let mut edits: BTreeMap<(PersonIx, MeetingIx), Option<Detail>> = BTreeMap::new();
        for edit in &delta.participations {
            let person = parts.person(edit.person)?;
            let meeting = parts.meeting(edit.meeting)?;
            let withheld = parts.people[person.index()].withheld;
            let detail = match edit.now {
                None => None,
                Some((role, organisation)) => Some(Detail {
                    role,
                    organisation: match organisation {
                        Some(_) if withheld => NO_ORGANISATION,
                        Some(id) => parts.organisation(id)?,
                        None => NO_ORGANISATION,
                    },
                }),
            };
            edits.insert((person, meeting), detail);
        }
        let affiliations = self.affiliations_after(&parts, &delta.affiliations)?;
        let (person_meetings, details) = self.person_lists(&parts, &edits);
        let meeting_people =
            if parts.meetings_moved.is_unchanged() && parts.people_moved.is_unchanged() {
                let changed: BTreeMap<(MeetingIx, PersonIx), bool> = edits
                    .iter()
                    .map(|(&(p, m), d)| ((m, p), d.is_some()))
                    .collect();
                self.meeting_lists(&changed)
            } else {
                person_meetings.transposed(parts.meetings.len())
            };
        let reach = if delta.people.is_empty()
            && delta.meetings.is_empty()
            && delta.organisations.is_empty()
            && delta.affiliations.is_empty()
            && delta.meeting_roles.is_empty()
        {
            let mut meetings: Vec<MeetingIx> = edits.keys().map(|&(_, m)| m).collect();
            meetings.sort_unstable();
            meetings.dedup();
            Reach::Meetings(meetings)
        } else {
            Reach::Everything
        };
        let network = Network {
            version,
            incidence: Bipartite::from_lists(person_meetings, meeting_people),
            details,
            affiliations,
            meeting_roles: self.meeting_roles_after(&parts, &delta.meeting_roles)?,
            measures: self.measures_after(&parts),
            people: parts.people,
            meetings: parts.meetings,
            meeting_ids: parts.meeting_ids,
            organisations: parts.organisations,
            id_order: parts.id_order,
        };
        Ok((network, reach))
    }

    /// The records after `delta`, and where the old indices went.
    fn parts(&self, delta: &Delta<'_>) -> Parts {
        let (people, people_moved) = if delta.people.is_empty() {
            (Arc::clone(&self.people), Renumbering::unchanged())
        } else {
            debug_assert!(self.id_order.is_none());
            let (people, moved) = merged_by_id(
                &self.people,
                |p: &Arc<PersonNode>| p.id.as_str(),
                &delta.people,
                |p| Arc::new(PersonNode::from(p)),
            );
            (Arc::new(people), moved)
        };
        let (organisations, organisations_moved) = if delta.organisations.is_empty() {
            (Arc::clone(&self.organisations), Renumbering::unchanged())
        } else {
            let (organisations, moved) = merged_by_id(
                &self.organisations,
                |o: &OrganisationNode| o.id.as_str(),
                &delta.organisations,
                |o: &Organisation| OrganisationNode::from(o),
            );
            (Arc::new(organisations), moved)
        };
        let (meetings, meeting_ids, meetings_moved) = self.meetings_after(&delta.meetings);
        Parts {
            id_order: if delta.people.is_empty() {
                self.id_order.clone()
            } else {
                None
            },
            people,
            meetings,
            meeting_ids,
            organisations,
            people_moved,
            meetings_moved,
            organisations_moved,
        }
    }

    /// Each person's meetings and the details of those participations, renumbered,
    /// with the edits (by new person, then new meeting) merged in.
    fn person_lists(
        &self,
        parts: &Parts,
        edits: &BTreeMap<(PersonIx, MeetingIx), Option<Detail>>,
    ) -> (Adjacency<MeetingIx, PersonIx>, Vec<Detail>) {
        let incidence = &self.incidence;
        let people = parts.people.len();
        let mut lists =
            Adjacency::with_capacity(people, incidence.participation_count() + edits.len());
        let mut details = Vec::with_capacity(self.details.len() + edits.len());
        let as_is = parts.meetings_moved.is_unchanged() && parts.organisations_moved.is_unchanged();
        let mut pending = edits.iter().peekable();
        let mut row: Vec<(MeetingIx, Detail)> = Vec::new();
        for p in (0..people).map(PersonIx::new) {
            let has_edits = pending.peek().is_some_and(|((q, _), _)| *q == p);
            let (old_meetings, old_details) = match parts.people_moved.back(p) {
                None => (&[][..], &[][..]),
                Some(old) => {
                    let meetings = incidence.meetings_of(old);
                    let start = incidence.position(old, 0);
                    (meetings, &self.details[start..start + meetings.len()])
                }
            };
            if as_is && !has_edits {
                lists.push_list(old_meetings.iter().copied());
                details.extend_from_slice(old_details);
                continue;
            }
            row.clear();
            for (&m, d) in old_meetings.iter().zip(old_details) {
                if let Some(m) = parts.meetings_moved.forward(m) {
                    let organisation = parts.organisation_now(d.organisation);
                    row.push((m, Detail { organisation, ..*d }));
                }
            }
            if !parts.meetings_moved.monotone {
                row.sort_unstable_by_key(|&(m, _)| m);
            }
            while let Some((&(_, m), edit)) = pending.next_if(|((q, _), _)| *q == p) {
                match (row.binary_search_by_key(&m, |&(n, _)| n), edit) {
                    (Ok(i), Some(d)) => row[i].1 = *d,
                    (Ok(i), None) => {
                        row.remove(i);
                    }
                    (Err(i), Some(d)) => row.insert(i, (m, *d)),
                    (Err(_), None) => {}
                }
            }
            lists.push_list(row.iter().map(|&(m, _)| m));
            details.extend(row.iter().map(|&(_, d)| d));
        }
        (lists.finish(), details)
    }

    /// Each meeting's people, with the edits (by meeting, then person: whether the
    /// participation stands) merged in; for a patch that keeps every index.
    fn meeting_lists(
        &self,
        edits: &BTreeMap<(MeetingIx, PersonIx), bool>,
    ) -> Adjacency<PersonIx, MeetingIx> {
        let incidence = &self.incidence;
        let mut lists = Adjacency::with_capacity(
            incidence.meetings(),
            incidence.participation_count() + edits.len(),
        );
        let mut pending = edits.iter().peekable();
        for m in (0..incidence.meetings()).map(MeetingIx::new) {
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

    /// Each person's affiliations after the patch: the new ones of the people named
    /// in `changed`, the old ones (renumbered) of everyone else.
    fn affiliations_after(
        &self,
        parts: &Parts,
        changed: &[(&str, Vec<&Affiliation>)],
    ) -> Result<Arc<Lists<AffiliationSpan, PersonIx>>, NetworkError> {
        if changed.is_empty()
            && parts.people_moved.is_unchanged()
            && parts.organisations_moved.is_unchanged()
        {
            return Ok(Arc::clone(&self.affiliations));
        }
        let mut replaced: HashMap<PersonIx, Vec<AffiliationSpan>> = HashMap::new();
        for (person, rows) in changed {
            // The affiliations of someone who is gone went with them.
            let Ok(p) = parts.person(person) else {
                continue;
            };
            let mut spans = Vec::with_capacity(rows.len());
            for a in rows {
                spans.push(AffiliationSpan {
                    organisation: parts.organisation(a.organisation_id.as_str())?,
                    start: a.start_date,
                    end: a.end_date,
                });
            }
            replaced.insert(p, spans);
        }
        let lists = relisted(
            &self.affiliations,
            parts.people.len(),
            &parts.people_moved,
            replaced,
            |s| {
                let organisation = parts.organisation_now(s.organisation);
                (organisation != NO_ORGANISATION).then_some(AffiliationSpan { organisation, ..s })
            },
        );
        Ok(Arc::new(lists))
    }

    /// Each meeting's organisation roles after the patch: the new ones of the
    /// meetings named in `changed`, the old ones (renumbered) of the others.
    fn meeting_roles_after(
        &self,
        parts: &Parts,
        changed: &[(&str, Vec<&MeetingOrganisation>)],
    ) -> Result<Arc<MeetingRoles>, NetworkError> {
        if changed.is_empty()
            && parts.meetings_moved.is_unchanged()
            && parts.organisations_moved.is_unchanged()
        {
            return Ok(Arc::clone(&self.meeting_roles));
        }
        let mut replaced: HashMap<MeetingIx, Vec<(u32, OrganisationRole)>> = HashMap::new();
        for (meeting, rows) in changed {
            // The roles of a meeting that is gone went with it.
            let Ok(m) = parts.meeting(meeting) else {
                continue;
            };
            let mut roles = Vec::with_capacity(rows.len());
            for r in rows {
                roles.push((parts.organisation(r.organisation_id.as_str())?, r.role));
            }
            replaced.insert(m, roles);
        }
        let lists = relisted(
            &self.meeting_roles,
            parts.meetings.len(),
            &parts.meetings_moved,
            replaced,
            |(o, role)| {
                let o = parts.organisation_now(o);
                (o != NO_ORGANISATION).then_some((o, role))
            },
        );
        Ok(Arc::new(lists))
    }

    /// The plan's measures after the patch, with their meetings renumbered.
    fn measures_after(&self, parts: &Parts) -> Arc<Vec<super::model::MeasureNode>> {
        if parts.meetings_moved.is_unchanged() {
            return Arc::clone(&self.measures);
        }
        let measures = self
            .measures
            .iter()
            .map(|measure| {
                let mut meetings: Vec<MeetingIx> = measure
                    .meetings
                    .iter()
                    .filter_map(|&m| parts.meetings_moved.forward(m))
                    .collect();
                meetings.sort_unstable();
                super::model::MeasureNode {
                    meetings,
                    ..measure.clone()
                }
            })
            .collect();
        Arc::new(measures)
    }
}

#[cfg(test)]
mod tests;
