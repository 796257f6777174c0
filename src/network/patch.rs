//! Patching a snapshot with committed changes instead of rebuilding it from the
//! store. The records that did not change are shared with the old snapshot (`Arc`);
//! the index-based parts (the incidence lists, the per-participation details, the
//! affiliation and organisation-role lists) are copied in one pass each, with old
//! indices renumbered where records came or went and the edits merged in. No string
//! is copied but those of the changed records, and nothing is read from the store
//! but the changed rows.

use super::adjacency::{Adjacency, Lists};
use super::bipartite::Bipartite;
use super::model::person_position;
use super::model::{
    AffiliationSpan, Detail, MeetingNode, NO_ORGANISATION, Network, NetworkError, OrganisationNode,
    PersonNode,
};
use crate::domain::{
    Affiliation, Meeting, MeetingOrganisation, Organisation, OrganisationRole, ParticipationRole,
    Person,
};
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
    Meetings(Vec<u32>),
    /// Records came, went or changed: indices or attributes may differ anywhere.
    Everything,
}

/// The meetings of a snapshot, shared between snapshots.
type SharedMeetings = Arc<Vec<Arc<MeetingNode>>>;

/// An index that no longer exists (its record, or the links it had, went).
const GONE: u32 = u32::MAX;

/// Where each old index of one kind of record went.
struct Renumbering {
    /// The new index of each old one (`GONE` if none); `None` when nothing moved.
    new_of_old: Option<Vec<u32>>,
    /// The old index of each new one (`GONE` for a record made anew).
    old_of_new: Option<Vec<u32>>,
    /// Whether the old indices that remain keep their order.
    monotone: bool,
}

impl Renumbering {
    fn unchanged() -> Self {
        Renumbering {
            new_of_old: None,
            old_of_new: None,
            monotone: true,
        }
    }

    fn from_map(new_of_old: Vec<u32>, new_len: usize) -> Self {
        let mut old_of_new = vec![GONE; new_len];
        let mut monotone = true;
        let mut last = None;
        for (old, &new) in new_of_old.iter().enumerate() {
            if new != GONE {
                old_of_new[new as usize] = old as u32;
                monotone &= last.is_none_or(|l| l < new);
                last = Some(new);
            }
        }
        Renumbering {
            new_of_old: Some(new_of_old),
            old_of_new: Some(old_of_new),
            monotone,
        }
    }

    fn is_unchanged(&self) -> bool {
        self.new_of_old.is_none()
    }

    fn forward(&self, old: u32) -> u32 {
        match &self.new_of_old {
            None => old,
            Some(map) => map[old as usize],
        }
    }

    fn back(&self, new: u32) -> u32 {
        match &self.old_of_new {
            None => new,
            Some(map) => map[new as usize],
        }
    }
}

/// The last edit of each record, by id.
fn last_edits<'a, 'e, T>(
    edits: &'e [RecordEdit<'a, T>],
) -> BTreeMap<&'a str, &'e RecordEdit<'a, T>> {
    edits.iter().map(|e| (e.id, e)).collect()
}

/// Records in id order with `edits` merged in: kept ones shared, changed ones made
/// from their new record.
fn merged_by_id<N: Clone, T>(
    old: &[N],
    id_of: impl for<'n> Fn(&'n N) -> &'n str,
    edits: &[RecordEdit<'_, T>],
    make: impl Fn(&T) -> N,
) -> (Vec<N>, Renumbering) {
    if edits.is_empty() {
        return (old.to_vec(), Renumbering::unchanged());
    }
    let changes = last_edits(edits);
    let mut records = Vec::with_capacity(old.len() + changes.len());
    let mut new_of_old = vec![GONE; old.len()];
    let mut pending = changes.iter().peekable();
    for (o, record) in old.iter().enumerate() {
        let id = id_of(record);
        while let Some((_, edit)) = pending.next_if(|(e, _)| **e < id) {
            records.extend(edit.now.map(&make));
        }
        match pending.next_if(|(e, _)| **e == id) {
            None => {
                new_of_old[o] = records.len() as u32;
                records.push(record.clone());
            }
            Some((_, edit)) => {
                if let Some(now) = edit.now {
                    if !edit.deleted {
                        new_of_old[o] = records.len() as u32;
                    }
                    records.push(make(now));
                }
            }
        }
    }
    for (_, edit) in pending {
        records.extend(edit.now.map(&make));
    }
    let len = records.len();
    (records, Renumbering::from_map(new_of_old, len))
}

/// The records of each new index, built once for the patch.
struct Parts {
    people: Arc<Vec<Arc<PersonNode>>>,
    /// The person indices in id order when the people are not (an unchanged masked
    /// copy).
    id_order: Option<Arc<Vec<u32>>>,
    meetings: Arc<Vec<Arc<MeetingNode>>>,
    meeting_ids: Arc<Vec<u32>>,
    organisations: Arc<Vec<OrganisationNode>>,
    people_moved: Renumbering,
    meetings_moved: Renumbering,
    organisations_moved: Renumbering,
}

impl Parts {
    fn person(&self, id: &str) -> Result<u32, NetworkError> {
        person_position(
            &self.people,
            self.id_order.as_deref().map(Vec::as_slice),
            id,
        )
        .ok_or_else(|| dangling("person", id))
    }

    fn meeting(&self, id: &str) -> Result<u32, NetworkError> {
        self.meeting_ids
            .binary_search_by(|&i| self.meetings[i as usize].id.as_str().cmp(id))
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
        match self.organisations_moved.forward(old) {
            GONE => NO_ORGANISATION,
            new => new,
        }
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
        let mut edits: BTreeMap<(u32, u32), Option<Detail>> = BTreeMap::new();
        for edit in &delta.participations {
            let person = parts.person(edit.person)?;
            let meeting = parts.meeting(edit.meeting)?;
            let withheld = parts.people[person as usize].withheld;
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
                let changed: BTreeMap<(u32, u32), bool> = edits
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
            let mut meetings: Vec<u32> = edits.keys().map(|&(_, m)| m).collect();
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

    /// The meetings after `edits`, in (start date, id) order, their indices in id
    /// order, and where the old indices went (a new date moves a meeting).
    fn meetings_after(
        &self,
        edits: &[RecordEdit<'_, Meeting>],
    ) -> (SharedMeetings, Arc<Vec<u32>>, Renumbering) {
        if edits.is_empty() {
            return (
                Arc::clone(&self.meetings),
                Arc::clone(&self.meeting_ids),
                Renumbering::unchanged(),
            );
        }
        let changes = last_edits(edits);
        // The old meetings no edit touches, still in order, then the ones that are
        // new or changed, sorted, merged into them.
        let mut incoming: Vec<(Arc<MeetingNode>, u32)> = Vec::new();
        let mut kept: Vec<u32> = Vec::with_capacity(self.meetings.len());
        let mut touched = vec![false; self.meetings.len()];
        for (id, edit) in &changes {
            let old = self.meeting_position(id);
            if let Some(o) = old {
                touched[o as usize] = true;
            }
            if let Some(now) = edit.now {
                let from = match old {
                    Some(o) if !edit.deleted => o,
                    _ => GONE,
                };
                incoming.push((Arc::new(MeetingNode::from(now)), from));
            }
        }
        kept.extend((0..self.meetings.len() as u32).filter(|&o| !touched[o as usize]));
        incoming.sort_by(|a, b| a.0.order_key().cmp(&b.0.order_key()));
        let mut meetings = Vec::with_capacity(kept.len() + incoming.len());
        let mut new_of_old = vec![GONE; self.meetings.len()];
        let mut made = Vec::new();
        let mut incoming = incoming.into_iter().peekable();
        for o in kept {
            let node = &self.meetings[o as usize];
            while let Some((new, from)) =
                incoming.next_if(|(n, _)| n.order_key() < node.order_key())
            {
                place(&mut meetings, &mut new_of_old, &mut made, new, from);
            }
            new_of_old[o as usize] = meetings.len() as u32;
            meetings.push(Arc::clone(node));
        }
        for (new, from) in incoming {
            place(&mut meetings, &mut new_of_old, &mut made, new, from);
        }
        // Id order: the old order renumbered, with the meetings made anew merged in.
        made.sort_by(|&a: &u32, &b| meetings[a as usize].id.cmp(&meetings[b as usize].id));
        let mut meeting_ids = Vec::with_capacity(meetings.len());
        let mut made = made.into_iter().peekable();
        for &o in self.meeting_ids.iter() {
            let new = new_of_old[o as usize];
            if new == GONE {
                continue;
            }
            let id = meetings[new as usize].id.as_str();
            while let Some(m) = made.next_if(|&m| meetings[m as usize].id.as_str() < id) {
                meeting_ids.push(m);
            }
            meeting_ids.push(new);
        }
        meeting_ids.extend(made);
        let len = meetings.len();
        (
            Arc::new(meetings),
            Arc::new(meeting_ids),
            Renumbering::from_map(new_of_old, len),
        )
    }

    /// Each person's meetings and the details of those participations, renumbered,
    /// with the edits (by new person, then new meeting) merged in.
    fn person_lists(
        &self,
        parts: &Parts,
        edits: &BTreeMap<(u32, u32), Option<Detail>>,
    ) -> (Adjacency, Vec<Detail>) {
        let incidence = &self.incidence;
        let people = parts.people.len();
        let mut lists =
            Adjacency::with_capacity(people, incidence.participation_count() + edits.len());
        let mut details = Vec::with_capacity(self.details.len() + edits.len());
        let as_is = parts.meetings_moved.is_unchanged() && parts.organisations_moved.is_unchanged();
        let mut pending = edits.iter().peekable();
        let mut row: Vec<(u32, Detail)> = Vec::new();
        for p in 0..people as u32 {
            let old = parts.people_moved.back(p);
            let has_edits = pending.peek().is_some_and(|((q, _), _)| *q == p);
            let (old_meetings, old_details) = if old == GONE {
                (&[][..], &[][..])
            } else {
                let meetings = incidence.meetings_of(old);
                let start = incidence.position(old, 0);
                (meetings, &self.details[start..start + meetings.len()])
            };
            if as_is && !has_edits {
                lists.push_list(old_meetings.iter().copied());
                details.extend_from_slice(old_details);
                continue;
            }
            row.clear();
            for (&m, d) in old_meetings.iter().zip(old_details) {
                let m = parts.meetings_moved.forward(m);
                if m != GONE {
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

    /// Each person's affiliations after the patch: the new ones of the people named
    /// in `changed`, the old ones (renumbered) of everyone else.
    fn affiliations_after(
        &self,
        parts: &Parts,
        changed: &[(&str, Vec<&Affiliation>)],
    ) -> Result<Arc<Lists<AffiliationSpan>>, NetworkError> {
        if changed.is_empty()
            && parts.people_moved.is_unchanged()
            && parts.organisations_moved.is_unchanged()
        {
            return Ok(Arc::clone(&self.affiliations));
        }
        let mut replaced: HashMap<u32, Vec<AffiliationSpan>> = HashMap::new();
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
        let mut lists = Lists::with_capacity(parts.people.len(), 0);
        for p in 0..parts.people.len() as u32 {
            if let Some(spans) = replaced.remove(&p) {
                lists.push_list(spans);
                continue;
            }
            let old = parts.people_moved.back(p);
            let spans = if old == GONE {
                &[][..]
            } else {
                self.affiliations.of(old)
            };
            lists.push_list(spans.iter().filter_map(|s| {
                let organisation = parts.organisation_now(s.organisation);
                (organisation != NO_ORGANISATION).then_some(AffiliationSpan { organisation, ..*s })
            }));
        }
        Ok(Arc::new(lists.finish()))
    }

    /// Each meeting's organisation roles after the patch: the new ones of the
    /// meetings named in `changed`, the old ones (renumbered) of the others.
    fn meeting_roles_after(
        &self,
        parts: &Parts,
        changed: &[(&str, Vec<&MeetingOrganisation>)],
    ) -> Result<Arc<Lists<(u32, OrganisationRole)>>, NetworkError> {
        if changed.is_empty()
            && parts.meetings_moved.is_unchanged()
            && parts.organisations_moved.is_unchanged()
        {
            return Ok(Arc::clone(&self.meeting_roles));
        }
        let mut replaced: HashMap<u32, Vec<(u32, OrganisationRole)>> = HashMap::new();
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
        let mut lists = Lists::with_capacity(parts.meetings.len(), 0);
        for m in 0..parts.meetings.len() as u32 {
            if let Some(roles) = replaced.remove(&m) {
                lists.push_list(roles);
                continue;
            }
            let old = parts.meetings_moved.back(m);
            let roles = if old == GONE {
                &[][..]
            } else {
                self.meeting_roles.of(old)
            };
            lists.push_list(roles.iter().filter_map(|&(o, role)| {
                let o = parts.organisation_now(o);
                (o != NO_ORGANISATION).then_some((o, role))
            }));
        }
        Ok(Arc::new(lists.finish()))
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
                let mut meetings: Vec<u32> = measure
                    .meetings
                    .iter()
                    .map(|&m| parts.meetings_moved.forward(m))
                    .filter(|&m| m != GONE)
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

/// Places meeting `node` (from old index `from`, or `GONE` when made anew) next.
fn place(
    meetings: &mut Vec<Arc<MeetingNode>>,
    new_of_old: &mut [u32],
    made: &mut Vec<u32>,
    node: Arc<MeetingNode>,
    from: u32,
) {
    let new = meetings.len() as u32;
    if from == GONE {
        made.push(new);
    } else {
        new_of_old[from as usize] = new;
    }
    meetings.push(node);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Dataset, EntityId, Label, OrganisationKind, Participation, Track};

    /// Everything the network knows, by ids: each person, meeting and organisation;
    /// each participation's role and organisations; each meeting's roles; each
    /// measure's meetings; and the id lookups.
    fn facts(n: &Network) -> Vec<String> {
        let mut out = Vec::new();
        for (p, person) in n.people().iter().enumerate() {
            out.push(format!("{person:?} -> {:?}", n.person_index(&person.id)));
            for &m in n.incidence.meetings_of(p as u32) {
                let orgs: Vec<&str> = n
                    .organisations_behind(p as u32, m)
                    .iter()
                    .map(|&o| n.organisations()[o as usize].id.as_str())
                    .collect();
                out.push(format!(
                    "  {} as {:?} for {orgs:?}",
                    n.meetings()[m as usize].id,
                    n.role(p as u32, m)
                ));
            }
        }
        for (m, meeting) in n.meetings().iter().enumerate() {
            let people: Vec<&str> = n
                .participants(m as u32)
                .iter()
                .map(|&p| n.people()[p as usize].id.as_str())
                .collect();
            let roles: Vec<(&str, _)> = n
                .meeting_roles(m as u32)
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
                .map(|&m| n.meetings()[m as usize].id.as_str())
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
}
