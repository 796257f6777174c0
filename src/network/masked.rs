//! The network as a masked reader sees it: sensitive people keep their
//! participations but lose their attributes, and everyone is renumbered in the
//! order such a reader lists them.

use super::adjacency::{Adjacency, Lists};
use super::bipartite::Bipartite;
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
        let mut order: Vec<u32> = Vec::with_capacity(self.people.len());
        let mut hidden: Vec<(String, u32)> = Vec::new();
        for (i, p) in self.people.iter().enumerate() {
            if p.sensitive {
                hidden.push((pseudonym(&p.id), i as u32));
            } else {
                order.push(i as u32);
            }
        }
        hidden.sort_unstable();
        order.extend(hidden.iter().map(|&(_, i)| i));

        let mut new_of_old = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_of_old[old as usize] = new as u32;
        }
        let people: Vec<Arc<PersonNode>> = order
            .iter()
            .map(|&old| {
                let person = &self.people[old as usize];
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
            let sensitive = self.people[old as usize].sensitive;
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
            let spans = if self.people[old as usize].sensitive {
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
    use crate::network::model::WITHHELD;

    /// The meetings of each person, by ids, and each participation's role.
    fn facts(n: &Network) -> Vec<(String, Vec<String>, Vec<ParticipationRole>)> {
        let mut out: Vec<_> = (0..n.people.len() as u32)
            .map(|p| {
                let meetings = n.incidence.meetings_of(p);
                (
                    n.people[p as usize].id.clone(),
                    meetings
                        .iter()
                        .map(|&m| n.meetings[m as usize].id.clone())
                        .collect(),
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
        for m in 0..masked.meetings.len() as u32 {
            let ids = |n: &Network| {
                let mut ids: Vec<String> = n
                    .participants(m)
                    .iter()
                    .map(|&p| n.people[p as usize].id.clone())
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
            assert_eq!(masked.person_index(&p.id), Ok(i as u32));
            assert_eq!(p.withheld, p.sensitive);
            if p.sensitive {
                assert_eq!(
                    (&p.side, &p.gender, &p.country, p.birth_year, p.tags.len()),
                    (&None, &None, &None, None, 0)
                );
                assert_eq!(p.side_label(), WITHHELD);
                for &m in masked.incidence.meetings_of(i as u32) {
                    assert!(masked.organisations_behind(i as u32, m).is_empty());
                }
            } else {
                let original =
                    &network.people[network.person_index(&p.id).expect("person") as usize];
                assert_eq!(p, original);
            }
        }
    }
}
