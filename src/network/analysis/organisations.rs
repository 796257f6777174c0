//! The organisation network: organisations linked when people representing or
//! affiliated with them met.

use crate::network::index::PersonIx;
use crate::network::metgraph::MetGraph;
use crate::network::model::Network;
use std::collections::{BTreeMap, BTreeSet};

/// Two organisations (indices, a < b) and the number of meetings that linked them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrganisationTie {
    pub a: u32,
    pub b: u32,
    pub weight: u32,
}

pub fn organisation_network(network: &Network, graph: &MetGraph) -> Vec<OrganisationTie> {
    let mut weights: BTreeMap<(u32, u32), u32> = BTreeMap::new();
    for &m in graph.meetings() {
        // organisation -> the participants it stood behind at this meeting.
        let mut behind: BTreeMap<u32, BTreeSet<PersonIx>> = BTreeMap::new();
        for &p in network.participants(m) {
            for org in network.organisations_behind(p, m) {
                behind.entry(org).or_default().insert(p);
            }
        }
        let orgs: Vec<(&u32, &BTreeSet<PersonIx>)> = behind.iter().collect();
        for (i, (a, people_a)) in orgs.iter().enumerate() {
            for (b, people_b) in &orgs[i + 1..] {
                // Two different people must stand behind the two organisations.
                let linked = people_a.len() > 1 || people_b.len() > 1 || people_a != people_b;
                if linked {
                    *weights.entry((**a, **b)).or_insert(0) += 1;
                }
            }
        }
    }
    weights
        .into_iter()
        .map(|((a, b), weight)| OrganisationTie { a, b, weight })
        .collect()
}
