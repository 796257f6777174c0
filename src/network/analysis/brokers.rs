//! Brokers: articulation points and bridges of the met graph with the groups each
//! alone connects, and Burt's structural-hole measures.

use super::paths::reach_avoiding;
use super::{Budget, OverBudget};
use crate::network::metgraph::MetGraph;
use crate::network::model::Network;
use std::collections::BTreeMap;

/// The side label used for people whose side is not recorded.
pub const UNKNOWN_SIDE: &str = "unknown";

/// A group of people that a broker or bridge alone connects to the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    pub size: usize,
    /// People per side (`unknown` for no side), by side name.
    pub sides: BTreeMap<String, usize>,
}

/// A person whose removal splits their component.
#[derive(Debug, Clone, PartialEq)]
pub struct Broker {
    pub node: usize,
    /// The parts the component falls into without them, largest first.
    pub parts: Vec<Part>,
}

/// A tie whose removal splits its component.
#[derive(Debug, Clone, PartialEq)]
pub struct Bridge {
    /// The two ends, `a < b` by node.
    pub a: usize,
    pub b: usize,
    /// The part holding `a`, then the part holding `b`.
    pub parts: [Part; 2],
}

fn part(network: &Network, graph: &MetGraph, members: &[usize]) -> Part {
    let mut sides = BTreeMap::new();
    for &u in members {
        let side = network.people()[graph.person(u) as usize]
            .side
            .as_deref()
            .unwrap_or(UNKNOWN_SIDE);
        *sides.entry(side.to_owned()).or_insert(0) += 1;
    }
    Part {
        size: members.len(),
        sides,
    }
}

/// The articulation points, by node, each with the parts it alone connects.
pub fn articulation_points(
    network: &Network,
    graph: &MetGraph,
    budget: &Budget,
) -> Result<Vec<Broker>, OverBudget> {
    let petgraph = graph.to_petgraph();
    let mut nodes: Vec<usize> = rustworkx_core::connectivity::articulation_points(&petgraph, None)
        .into_iter()
        .map(|n| n.index())
        .collect();
    nodes.sort_unstable();
    let mut seen = vec![false; graph.node_count()];
    let mut brokers = Vec::with_capacity(nodes.len());
    for node in nodes {
        budget.check()?;
        seen.iter_mut().for_each(|s| *s = false);
        seen[node] = true;
        let mut parts: Vec<(Vec<usize>, Part)> = Vec::new();
        for &v in graph.neighbours(node) {
            if !seen[v as usize] {
                let mut members = reach_avoiding(graph, v as usize, Some(node), None, &mut seen);
                members.sort_unstable();
                let p = part(network, graph, &members);
                parts.push((members, p));
            }
        }
        parts.sort_by(|a, b| b.1.size.cmp(&a.1.size).then_with(|| a.0.cmp(&b.0)));
        brokers.push(Broker {
            node,
            parts: parts.into_iter().map(|(_, p)| p).collect(),
        });
    }
    Ok(brokers)
}

/// The bridges, by their ends, each with the two parts it joins.
pub fn bridges(
    network: &Network,
    graph: &MetGraph,
    budget: &Budget,
) -> Result<Vec<Bridge>, OverBudget> {
    let petgraph = graph.to_petgraph();
    let mut ends: Vec<(usize, usize)> = rustworkx_core::connectivity::bridges(&petgraph)
        .into_iter()
        .map(|(a, b)| {
            let (a, b) = (a.index(), b.index());
            (a.min(b), a.max(b))
        })
        .collect();
    ends.sort_unstable();
    let mut seen = vec![false; graph.node_count()];
    let mut out = Vec::with_capacity(ends.len());
    for (a, b) in ends {
        budget.check()?;
        seen.iter_mut().for_each(|s| *s = false);
        let side_a = reach_avoiding(graph, a, None, Some((a, b)), &mut seen);
        let side_b = reach_avoiding(graph, b, None, Some((a, b)), &mut seen);
        out.push(Bridge {
            a,
            b,
            parts: [part(network, graph, &side_a), part(network, graph, &side_b)],
        });
    }
    Ok(out)
}

/// Burt's constraint and effective size per node (weighted, as NetworkX computes
/// them with `weight="weight"`); `None` for a node without ties.
#[derive(Debug, Clone, PartialEq)]
pub struct StructuralHoles {
    pub constraint: Vec<Option<f64>>,
    pub effective_size: Vec<Option<f64>>,
}

pub fn structural_holes(graph: &MetGraph, budget: &Budget) -> Result<StructuralHoles, OverBudget> {
    let n = graph.node_count();
    // Each tie's share of its node's total weight, and of its node's strongest tie.
    let total: Vec<f64> = (0..n).map(|u| graph.weighted_degree(u) as f64).collect();
    let strongest: Vec<f64> = (0..n)
        .map(|u| f64::from(graph.weights(u).iter().copied().max().unwrap_or(0)))
        .collect();
    let share = |u: usize, v: usize| f64::from(graph.weight(u, v)) / total[u];
    let mut constraint = vec![None; n];
    let mut effective_size = vec![None; n];
    for u in 0..n {
        if u % 64 == 0 {
            budget.check()?;
        }
        if graph.degree(u) == 0 {
            continue;
        }
        let neighbours = graph.neighbours(u);
        let weights = graph.weights(u);
        let mut c = 0.0;
        let mut e = 0.0;
        for &v in neighbours {
            let v = v as usize;
            let mut indirect = 0.0;
            let mut redundancy = 0.0;
            for (&w, &weight) in neighbours.iter().zip(weights) {
                let w = w as usize;
                if w == v {
                    continue;
                }
                let p_uw = f64::from(weight) / total[u];
                let w_wv = f64::from(graph.weight(w, v));
                if w_wv > 0.0 {
                    indirect += p_uw * share(w, v);
                    redundancy += p_uw * w_wv / strongest[v];
                }
            }
            c += (share(u, v) + indirect).powi(2);
            e += 1.0 - redundancy;
        }
        constraint[u] = Some(c);
        effective_size[u] = Some(e);
    }
    Ok(StructuralHoles {
        constraint,
        effective_size,
    })
}
