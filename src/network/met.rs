//! Who has met whom: shared meetings, contacts and chains of acquaintance, walked
//! over the bipartite person <-> meeting lists (never a person-person projection).

use super::model::{MeetingNode, Network, NetworkError, PersonNode};
use super::scope::Scope;
use chrono::NaiveDate;
use std::collections::{HashMap, VecDeque};

/// A person someone has met, with what they shared.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact<'a> {
    pub person: &'a PersonNode,
    /// The meetings both took part in, in time order.
    pub meetings: Vec<&'a MeetingNode>,
}

impl Contact<'_> {
    pub fn first_met(&self) -> Option<NaiveDate> {
        self.meetings.first().map(|m| m.start_date)
    }

    pub fn last_met(&self) -> Option<NaiveDate> {
        self.meetings.last().map(|m| m.start_date)
    }
}

/// One step of a chain of acquaintance: `from` met `to` at `meeting`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainStep<'a> {
    pub from: &'a PersonNode,
    pub to: &'a PersonNode,
    pub meeting: &'a MeetingNode,
}

impl Network {
    /// The in-scope meetings of a person, in time order.
    fn meetings_of(&self, person: u32, scope: &Scope) -> impl Iterator<Item = u32> + '_ {
        let scope = *scope;
        self.person_meetings
            .of(person)
            .iter()
            .copied()
            .filter(move |m| scope.admits(&self.meetings[*m as usize]))
    }

    /// The meetings two people both took part in, in time order.
    pub fn shared_meetings(
        &self,
        a: &str,
        b: &str,
        scope: &Scope,
    ) -> Result<Vec<&MeetingNode>, NetworkError> {
        let (a, b) = (self.person_index(a)?, self.person_index(b)?);
        if a == b {
            return Ok(Vec::new());
        }
        let (left, right) = (self.person_meetings.of(a), self.person_meetings.of(b));
        let (mut i, mut j) = (0, 0);
        let mut shared = Vec::new();
        while i < left.len() && j < right.len() {
            match left[i].cmp(&right[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let meeting = &self.meetings[left[i] as usize];
                    if scope.admits(meeting) {
                        shared.push(meeting);
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        Ok(shared)
    }

    /// Everyone a person has met, most shared meetings first, then most recently met,
    /// then by id.
    pub fn contacts(&self, person: &str, scope: &Scope) -> Result<Vec<Contact<'_>>, NetworkError> {
        let me = self.person_index(person)?;
        let mut met: HashMap<u32, Vec<&MeetingNode>> = HashMap::new();
        for m in self.meetings_of(me, scope) {
            let meeting = &self.meetings[m as usize];
            for &other in self.meeting_people.of(m) {
                if other != me {
                    met.entry(other).or_default().push(meeting);
                }
            }
        }
        let mut contacts: Vec<Contact> = met
            .into_iter()
            .map(|(other, meetings)| Contact {
                person: &self.people[other as usize],
                meetings,
            })
            .collect();
        contacts.sort_by(|a, b| {
            b.meetings
                .len()
                .cmp(&a.meetings.len())
                .then(b.last_met().cmp(&a.last_met()))
                .then(a.person.id.cmp(&b.person.id))
        });
        Ok(contacts)
    }

    /// The shortest chain of acquaintance from one person to another, each step with a
    /// meeting the two took part in; `None` when no chain exists. A person's chain to
    /// themselves is empty.
    ///
    /// Breadth-first over person -> meeting -> person, so every participation is read
    /// at most once. People and meetings are visited in index order, so the answer is
    /// deterministic; each step's meeting is the earliest through which the chain
    /// reached that person.
    pub fn chain(
        &self,
        from: &str,
        to: &str,
        scope: &Scope,
    ) -> Result<Option<Vec<ChainStep<'_>>>, NetworkError> {
        let (source, target) = (self.person_index(from)?, self.person_index(to)?);
        if source == target {
            return Ok(Some(Vec::new()));
        }
        const UNSEEN: (u32, u32) = (u32::MAX, u32::MAX);
        // For each reached person: (previous person, meeting).
        let mut parent = vec![UNSEEN; self.people.len()];
        let mut meeting_done = vec![false; self.meetings.len()];
        parent[source as usize] = (source, u32::MAX);
        let mut queue = VecDeque::from([source]);
        'search: while let Some(person) = queue.pop_front() {
            for m in self.meetings_of(person, scope) {
                if std::mem::replace(&mut meeting_done[m as usize], true) {
                    continue;
                }
                for &other in self.meeting_people.of(m) {
                    if parent[other as usize] == UNSEEN {
                        parent[other as usize] = (person, m);
                        if other == target {
                            break 'search;
                        }
                        queue.push_back(other);
                    }
                }
            }
        }
        if parent[target as usize] == UNSEEN {
            return Ok(None);
        }
        let mut steps = Vec::new();
        let mut at = target;
        while at != source {
            let (previous, meeting) = parent[at as usize];
            steps.push(ChainStep {
                from: &self.people[previous as usize],
                to: &self.people[at as usize],
                meeting: &self.meetings[meeting as usize],
            });
            at = previous;
        }
        steps.reverse();
        Ok(Some(steps))
    }
}
