//! The network as a masked reader sees it: sensitive people keep their
//! participations but lose their attributes, and everyone is renumbered in the
//! order such a reader lists them.

use super::adjacency::{Adjacency, Lists};
use super::bipartite::Bipartite;
use super::index::PersonIx;
use super::model::{Detail, NO_ORGANISATION, Network, PersonNode};
use std::sync::Arc;

impl Network {
    /// The network as a masked reader sees it. Each sensitive person keeps their
    /// participations (the figures of the met graph are unchanged), but their side,
    /// gender, tags, country, birth year, affiliations and the organisations they
    /// represented are gone, and they are marked `withheld`. People are renumbered
    /// in the order such a reader lists them: named people by id, then sensitive
    /// people by `pseudonym`, so that no order, tie-break or path choice of an
    /// analysis on this copy depends on a sensitive person's real id.
    ///
    /// Made from a network in id order (not from another masked copy).
    pub fn masked(&self, pseudonym: &dyn Fn(&str) -> String) -> Network {
        debug_assert!(self.id_order.is_none(), "masking a masked copy");
        // Named people are in id order already; sensitive ones follow by pseudonym.
        let mut order: Vec<PersonIx> = Vec::with_capacity(self.people.len());
        let mut hidden: Vec<(String, PersonIx)> = Vec::new();
        for (i, p) in self.people.iter().enumerate() {
            if p.sensitive {
                hidden.push((pseudonym(&p.id), PersonIx::new(i)));
            } else {
                order.push(PersonIx::new(i));
            }
        }
        hidden.sort_unstable();
        order.extend(hidden.iter().map(|&(_, i)| i));

        let mut new_of_old = vec![PersonIx::new(0); order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_of_old[old.index()] = PersonIx::new(new);
        }
        let people: Vec<Arc<PersonNode>> = order
            .iter()
            .map(|&old| {
                let person = &self.people[old.index()];
                if person.sensitive {
                    Arc::new(PersonNode {
                        side: None,
                        gender: None,
                        tags: Vec::new(),
                        country: None,
                        birth_year: None,
                        withheld: true,
                        ..PersonNode::clone(person)
                    })
                } else {
                    Arc::clone(person)
                }
            })
            .collect();
        let mut person_meetings =
            Adjacency::with_capacity(order.len(), self.incidence.participation_count());
        let mut details = Vec::with_capacity(self.details.len());
        for &old in &order {
            let sensitive = self.people[old.index()].sensitive;
            let meetings = self.incidence.meetings_of(old);
            person_meetings.push_list(meetings.iter().copied());
            let start = self.incidence.position(old, 0);
            details.extend(
                self.details[start..start + meetings.len()]
                    .iter()
                    .map(|d| Detail {
                        organisation: if sensitive {
                            NO_ORGANISATION
                        } else {
                            d.organisation
                        },
                        ..*d
                    }),
            );
        }
        let person_meetings = person_meetings.finish();
        let meeting_people = person_meetings.transposed(self.meetings.len());
        let affiliations = Lists::from_rows(order.iter().map(|&old| {
            let spans = if self.people[old.index()].sensitive {
                &[][..]
            } else {
                self.affiliations.of(old)
            };
            spans.iter().copied()
        }));
        Network {
            version: self.version,
            people: Arc::new(people),
            meetings: Arc::clone(&self.meetings),
            organisations: Arc::clone(&self.organisations),
            id_order: Some(Arc::new(new_of_old)),
            meeting_ids: Arc::clone(&self.meeting_ids),
            incidence: Bipartite::from_lists(person_meetings, meeting_people),
            affiliations: Arc::new(affiliations),
            details,
            meeting_roles: Arc::clone(&self.meeting_roles),
            measures: Arc::clone(&self.measures),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ParticipationRole;
    use crate::network::index::{MeetingIx, all};
    use crate::network::model::WITHHELD;

    /// The meetings of each person, by ids, and each participation's role.
    fn facts(n: &Network) -> Vec<(String, Vec<String>, Vec<ParticipationRole>)> {
        let mut out: Vec<_> = all::<PersonIx>(n.people.len())
            .map(|p| {
                let meetings = n.incidence.meetings_of(p);
                (
                    n.person(p).id.clone(),
                    meetings.iter().map(|&m| n.meeting(m).id.clone()).collect(),
                    meetings.iter().map(|&m| n.role(p, m)).collect(),
                )
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    #[test]
    fn the_masked_copy_withholds_attributes_and_lists_people_in_the_readers_order() {
        let data = crate::generate::generate(400, 9).expect("generated");
        let network = Network::build(&data, 1).expect("network");
        let pseudonym = |id: &str| format!("anon-{}", id.chars().rev().collect::<String>());
        let masked = network.masked(&pseudonym);
        assert!(network.people.iter().any(|p| p.sensitive));

        // The same participations, roles included: the met graph is unchanged.
        assert_eq!(facts(&masked), facts(&network));
        for m in all::<MeetingIx>(masked.meetings.len()) {
            let ids = |n: &Network| {
                let mut ids: Vec<String> = n
                    .participants(m)
                    .iter()
                    .map(|&p| n.person(p).id.clone())
                    .collect();
                ids.sort();
                ids
            };
            assert_eq!(ids(&masked), ids(&network));
            assert!(masked.participants(m).is_sorted());
        }

        // Named people by id, then sensitive people by pseudonym.
        let keys: Vec<(bool, String)> = masked
            .people
            .iter()
            .map(|p| {
                if p.sensitive {
                    (true, pseudonym(&p.id))
                } else {
                    (false, p.id.clone())
                }
            })
            .collect();
        assert!(keys.is_sorted());
        for (i, p) in masked.people.iter().enumerate() {
            let i = PersonIx::new(i);
            assert_eq!(masked.person_index(&p.id), Ok(i));
            assert_eq!(p.withheld, p.sensitive);
            if p.sensitive {
                assert_eq!(
                    (&p.side, &p.gender, &p.country, p.birth_year, p.tags.len()),
                    (&None, &None, &None, None, 0)
                );
                assert_eq!(p.side_label(), WITHHELD);
                for &m in masked.incidence.meetings_of(i) {
                    assert!(masked.organisations_behind(i, m).is_empty());
                }
            } else {
                let original = network.person(network.person_index(&p.id).expect("person"));
                assert_eq!(**p, *original);
            }
        }
    }
}
