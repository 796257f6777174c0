//! Burt's structural holes: constraint and effective size of every node of the
//! met graph, computed over the cores.

use crate::network::analysis::{Budget, OverBudget, parallel};
use crate::network::index::NodeIx;
use crate::network::metgraph::MetGraph;

/// Burt's constraint and effective size per node (weighted, as NetworkX computes
/// them with `weight="weight"`); `None` for a node without ties.
#[derive(Debug, Clone, PartialEq)]
pub struct StructuralHoles {
    pub constraint: Vec<Option<f64>>,
    pub effective_size: Vec<Option<f64>>,
}

/// Burt's constraint and effective size of every node, NetworkX's per-node
/// definitions with mutual weights `a_uv` (twice the tie weight, which cancels):
///
/// ```text
/// p_uv = a_uv / sum_x a_ux          m_vw = a_vw / max_x a_vx
/// constraint(u)     = sum_{v in N(u)} (p_uv + sum_{w in N(u), w != v} p_uw p_wv)^2
/// effective_size(u) = sum_{v in N(u)} (1 - sum_{w in N(u), w != v} p_uw m_vw)
/// ```
///
/// For each node `u`, each neighbour `w` of `u` walks its own ties once and adds its
/// terms to every `v` it shares with `u` ([`Holes::node`]): the sum over `w`'s of
/// `deg(w)`, read in sequence, with no look-up of a tie. The nodes are dealt over
/// the cores ([`parallel::by_lane`]); each node's sums are taken by one worker in
/// the order of its neighbours, so the values do not depend on the core count.
pub fn structural_holes(graph: &MetGraph, budget: &Budget) -> Result<StructuralHoles, OverBudget> {
    let n = graph.node_count();
    if n > 0 {
        graph.neighbours(NodeIx::new(0)); // built once, before the workers share it
    }
    let holes = Holes::new(graph);
    let lanes = parallel::by_lane(n, budget, |_, nodes| {
        let mut scratch = Scratch::new(n);
        let mut out = Vec::new();
        for (i, u) in nodes.enumerate() {
            if i % 32 == 0 {
                budget.check()?;
            }
            out.push((u, holes.node(graph, NodeIx::new(u), &mut scratch)));
        }
        Ok(out)
    })?;
    let mut constraint = vec![None; n];
    let mut effective_size = vec![None; n];
    for (u, value) in lanes.into_iter().flatten() {
        if let Some((c, e)) = value {
            constraint[u] = Some(c);
            effective_size[u] = Some(e);
        }
    }
    Ok(StructuralHoles {
        constraint,
        effective_size,
    })
}

/// Per-node totals shared by the workers.
pub(super) struct Holes {
    /// The sum of each node's tie weights.
    total: Vec<f64>,
    /// The weight of each node's strongest tie.
    strongest: Vec<f64>,
}

/// One worker's accumulators, reused from node to node.
pub(super) struct Scratch {
    /// Where each node's sums go while `u` is computed: `GARBAGE + i` for `u`'s
    /// `i`-th neighbour, a slot below `GARBAGE` (its low bits) for any other node,
    /// whose sums are thrown away. Several such slots, so that the additions for
    /// successive non-neighbours do not wait for one another.
    slot: Vec<u32>,
    /// Per slot: the sum over `w` of `p_uw p_wv`, and of `p_uw a_wv`.
    sums: Vec<[f64; 2]>,
}

const GARBAGE: usize = 8;

impl Scratch {
    pub(super) fn new(n: usize) -> Self {
        Scratch {
            slot: (0..n).map(|v| (v % GARBAGE) as u32).collect(),
            sums: Vec::new(),
        }
    }
}

impl Holes {
    pub(super) fn new(graph: &MetGraph) -> Self {
        Holes {
            total: graph
                .nodes()
                .map(|u| graph.weighted_degree(u) as f64)
                .collect(),
            strongest: graph
                .nodes()
                .map(|u| f64::from(graph.weights(u).iter().copied().max().unwrap_or(0)))
                .collect(),
        }
    }

    /// The constraint and effective size of node `u`; `None` without ties.
    pub(super) fn node(
        &self,
        graph: &MetGraph,
        u: NodeIx,
        scratch: &mut Scratch,
    ) -> Option<(f64, f64)> {
        let neighbours = graph.neighbours(u);
        if neighbours.is_empty() {
            return None;
        }
        let weights = graph.weights(u);
        let Scratch { slot, sums } = scratch;
        sums.clear();
        sums.resize(GARBAGE + neighbours.len(), [0.0; 2]);
        for (i, &v) in neighbours.iter().enumerate() {
            slot[v.index()] = (GARBAGE + i) as u32;
        }
        let total_u = self.total[u.index()];
        for (&w, &weight) in neighbours.iter().zip(weights) {
            let p_uw = f64::from(weight) / total_u;
            // p_uw p_wv = p_uw / total(w) * a_wv.
            let p_uw_per_total_w = p_uw / self.total[w.index()];
            // w's ties reach v != w only, so p_uw never counts towards v = w.
            for (&v, &a_wv) in graph.neighbours(w).iter().zip(graph.weights(w)) {
                let a_wv = f64::from(a_wv);
                let s = &mut sums[slot[v.index()] as usize];
                s[0] += p_uw_per_total_w * a_wv;
                s[1] += p_uw * a_wv;
            }
        }
        let mut constraint = 0.0;
        let mut effective_size = 0.0;
        for ((&v, &weight), s) in neighbours.iter().zip(weights).zip(&sums[GARBAGE..]) {
            let v = v.index();
            let direct = f64::from(weight) / total_u;
            constraint += (direct + s[0]).powi(2);
            effective_size += 1.0 - s[1] / self.strongest[v];
            slot[v] = (v % GARBAGE) as u32;
        }
        Some((constraint, effective_size))
    }
}
