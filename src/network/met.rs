//! Who has met whom: shared meetings, contacts and chains of acquaintance, walked
//! over the incidence graph of people and meetings (never a person-person
//! projection).

use super::bipartite::Vertex;
use super::index::{MeetingIx, PersonIx};
use super::model::{MeetingNode, Network, NetworkError, PersonNode};
use super::scope::Scope;
use super::traverse;
use chrono::NaiveDate;
use petgraph::visit::NodeFiltered;
use std::collections::HashMap;

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
    fn meetings_of(&self, person: PersonIx, scope: &Scope) -> impl Iterator<Item = MeetingIx> + '_ {
        let scope = *scope;
        self.incidence
            .meetings_of(person)
            .iter()
            .copied()
            .filter(move |m| scope.admits(&self.meetings[m.index()]))
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
        let (left, right) = (self.incidence.meetings_of(a), self.incidence.meetings_of(b));
        let (mut i, mut j) = (0, 0);
        let mut shared = Vec::new();
        while i < left.len() && j < right.len() {
            match left[i].cmp(&right[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    let meeting: &MeetingNode = &self.meetings[left[i].index()];
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
        let mut met: HashMap<PersonIx, Vec<&MeetingNode>> = HashMap::new();
        for m in self.meetings_of(me, scope) {
            let meeting = &self.meetings[m.index()];
            for &other in self.incidence.people_of(m) {
                if other != me {
                    met.entry(other).or_default().push(meeting);
                }
            }
        }
        let mut contacts: Vec<Contact> = met
            .into_iter()
            .map(|(other, meetings)| Contact {
                person: &self.people[other.index()],
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
    /// The shortest path between the two in the incidence graph restricted to the
    /// in-scope meetings (petgraph's `NodeFiltered`), found by a breadth-first
    /// search: people and meetings are visited in index order, so the answer is
    /// deterministic, and each step's meeting is the earliest through which the
    /// chain reached that person.
    ///
    /// ```
    /// use peacenet::bundle::read_sources;
    /// use peacenet::network::{Network, Scope};
    /// use std::collections::BTreeMap;
    ///
    /// // a and b met at m1, b and c at m2; d took part in m3 alone.
    /// let files = BTreeMap::from([
    ///     ("organisations.csv", "id,name,kind\n"),
    ///     ("affiliations.csv", "person_id,organisation_id\n"),
    ///     ("people.csv", "id,name\na,A\nb,B\nc,C\nd,D\n"),
    ///     ("meetings.csv", "id,title,start_date\nm1,One,2024-01-10\nm2,Two,2024-02-10\nm3,Three,2024-03-10\n"),
    ///     ("participations.csv", "person_id,meeting_id\na,m1\nb,m1\nb,m2\nc,m2\nd,m3\n"),
    /// ]
    /// .map(|(name, text)| (name.to_owned(), text.to_owned())));
    /// let data = read_sources(&files).expect("a valid bundle").data;
    /// let network = Network::build(&data, 1).expect("a consistent bundle");
    /// let scope = Scope::everything();
    ///
    /// let chain = network.chain("a", "c", &scope)?.expect("a chain");
    /// let steps: Vec<(&str, &str, &str)> = chain
    ///     .iter()
    ///     .map(|s| (s.from.id.as_str(), s.meeting.id.as_str(), s.to.id.as_str()))
    ///     .collect();
    /// assert_eq!(steps, [("a", "m1", "b"), ("b", "m2", "c")]);
    /// assert!(network.chain("a", "d", &scope)?.is_none());
    /// assert_eq!(network.chain("a", "a", &scope)?.map(|c| c.len()), Some(0));
    /// # Ok::<(), peacenet::network::NetworkError>(())
    /// ```
    pub fn chain(
        &self,
        from: &str,
        to: &str,
        scope: &Scope,
    ) -> Result<Option<Vec<ChainStep<'_>>>, NetworkError> {
        let (source, target) = (self.person_index(from)?, self.person_index(to)?);
        let in_scope = NodeFiltered::from_fn(&self.incidence, |v| match v {
            Vertex::Person(_) => true,
            Vertex::Meeting(m) => scope.admits(&self.meetings[m.index()]),
        });
        let Some(path) =
            traverse::shortest_path(&in_scope, Vertex::Person(source), Vertex::Person(target))
        else {
            return Ok(None);
        };
        // Person, meeting, person, meeting, ..., person: one step per meeting.
        let steps = path
            .windows(3)
            .step_by(2)
            .filter_map(|step| match *step {
                [Vertex::Person(a), Vertex::Meeting(m), Vertex::Person(b)] => Some(ChainStep {
                    from: &self.people[a.index()],
                    to: &self.people[b.index()],
                    meeting: &self.meetings[m.index()],
                }),
                _ => None,
            })
            .collect();
        Ok(Some(steps))
    }
}
