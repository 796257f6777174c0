//! The met graph in scope, as compact weighted adjacency lists: the structure every
//! analysis walks.
//!
//! Nodes are the active people (at least one in-scope participation), numbered in
//! the order of the network's people; each node's neighbours are sorted, with the
//! number of in-scope meetings the two shared as the weight.

use super::model::Network;
use super::scope::Scope;
use petgraph::graph::UnGraph;

/// The weighted person-person projection of the in-scope meetings.
#[derive(Debug, Clone)]
pub struct MetGraph {
    /// The network person index of each node, ascending.
    people: Vec<u32>,
    /// Node index of each network person; `u32::MAX` for inactive people.
    node_of: Vec<u32>,
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<u32>,
    /// The in-scope meeting indices, in (start date, id) order.
    meetings: Vec<u32>,
    /// Number of people in the data, active or not.
    population: usize,
}

/// Marks a node index as absent.
const NONE: u32 = u32::MAX;

impl MetGraph {
    /// Projects the in-scope meetings of `network`.
    pub fn build(network: &Network, scope: &Scope) -> MetGraph {
        let admitted: Vec<bool> = network.meetings.iter().map(|m| scope.admits(m)).collect();
        MetGraph::project(network, admitted)
    }

    /// Projects the given meetings (indices) of `network`.
    pub fn from_meetings(network: &Network, meetings: &[u32]) -> MetGraph {
        let mut admitted = vec![false; network.meetings.len()];
        for &m in meetings {
            admitted[m as usize] = true;
        }
        MetGraph::project(network, admitted)
    }

    fn project(network: &Network, admitted: Vec<bool>) -> MetGraph {
        let meetings: Vec<u32> = (0..network.meetings.len() as u32)
            .filter(|&m| admitted[m as usize])
            .collect();
        let population = network.people.len();
        let mut node_of = vec![NONE; population];
        let mut people = Vec::new();
        for p in 0..population as u32 {
            if network
                .person_meetings
                .of(p)
                .iter()
                .any(|&m| admitted[m as usize])
            {
                node_of[p as usize] = people.len() as u32;
                people.push(p);
            }
        }

        let mut offsets = Vec::with_capacity(people.len() + 1);
        offsets.push(0);
        let (mut targets, mut weights) = (Vec::new(), Vec::new());
        let mut count = vec![0u32; population];
        let mut touched: Vec<u32> = Vec::new();
        for &p in &people {
            for &m in network.person_meetings.of(p) {
                if !admitted[m as usize] {
                    continue;
                }
                for &q in network.meeting_people.of(m) {
                    if q != p {
                        if count[q as usize] == 0 {
                            touched.push(q);
                        }
                        count[q as usize] += 1;
                    }
                }
            }
            touched.sort_unstable();
            for &q in &touched {
                targets.push(node_of[q as usize]);
                weights.push(count[q as usize]);
                count[q as usize] = 0;
            }
            touched.clear();
            offsets.push(targets.len());
        }
        MetGraph {
            people,
            node_of,
            offsets,
            targets,
            weights,
            meetings,
            population,
        }
    }

    /// The number of nodes (active people).
    pub fn node_count(&self) -> usize {
        self.people.len()
    }

    /// The number of ties.
    pub fn tie_count(&self) -> usize {
        self.targets.len() / 2
    }

    /// The number of people in the data who took part in no in-scope meeting.
    pub fn inactive_count(&self) -> usize {
        self.population - self.people.len()
    }

    /// The network person index of node `u`.
    pub fn person(&self, u: usize) -> u32 {
        self.people[u]
    }

    /// The node of a network person, if active.
    pub fn node_of(&self, person: u32) -> Option<usize> {
        match self.node_of.get(person as usize) {
            Some(&n) if n != NONE => Some(n as usize),
            _ => None,
        }
    }

    /// The sorted neighbours of node `u`.
    pub fn neighbours(&self, u: usize) -> &[u32] {
        &self.targets[self.offsets[u]..self.offsets[u + 1]]
    }

    /// The weights of node `u`'s ties, parallel to [`MetGraph::neighbours`].
    pub fn weights(&self, u: usize) -> &[u32] {
        &self.weights[self.offsets[u]..self.offsets[u + 1]]
    }

    pub fn degree(&self, u: usize) -> usize {
        self.offsets[u + 1] - self.offsets[u]
    }

    pub fn weighted_degree(&self, u: usize) -> u64 {
        self.weights(u).iter().map(|&w| u64::from(w)).sum()
    }

    /// The weight of the tie between `u` and `v`, 0 if none.
    pub fn weight(&self, u: usize, v: usize) -> u32 {
        match self.neighbours(u).binary_search(&(v as u32)) {
            Ok(i) => self.weights(u)[i],
            Err(_) => 0,
        }
    }

    /// Every tie once, as (u, v, weight) with u < v.
    pub fn ties(&self) -> impl Iterator<Item = (usize, usize, u32)> + '_ {
        (0..self.node_count()).flat_map(move |u| {
            self.neighbours(u)
                .iter()
                .zip(self.weights(u))
                .filter(move |(v, _)| (**v as usize) > u)
                .map(move |(v, w)| (u, *v as usize, *w))
        })
    }

    /// The in-scope meetings, in time order.
    pub fn meetings(&self) -> &[u32] {
        &self.meetings
    }

    /// The same graph as a petgraph graph (node weight = node index), for the
    /// algorithms of rustworkx-core.
    pub fn to_petgraph(&self) -> UnGraph<u32, u32> {
        let mut graph = UnGraph::with_capacity(self.node_count(), self.tie_count());
        for u in 0..self.node_count() as u32 {
            graph.add_node(u);
        }
        for (u, v, w) in self.ties() {
            graph.add_edge((u as u32).into(), (v as u32).into(), w);
        }
        graph
    }
}
