//! Centralities per person, normalised as NetworkX does: degree, betweenness (exact
//! or sampled, Brandes), closeness (Wasserman-Faust) and eigenvector. The per-source
//! searches of betweenness and closeness run on every core.

use super::paths::{UNREACHED, reaches};
use super::{Budget, OverBudget, SplitMix, parallel};
use crate::network::index::NodeIx;
use crate::network::metgraph::MetGraph;

/// Power iteration stops when the L1 change falls below this times the node count.
const EIGEN_TOLERANCE: f64 = 1e-14;
const EIGEN_MAX_ITERATIONS: usize = 100_000;

/// Every centrality of every node of a met graph, indexed by node.
#[derive(Debug, Clone, PartialEq)]
pub struct Centrality {
    pub degree: Vec<usize>,
    pub degree_centrality: Vec<f64>,
    pub weighted_degree: Vec<u64>,
    pub betweenness: Vec<f64>,
    /// The number of betweenness sources: all nodes, or the sample size.
    pub betweenness_sources: usize,
    pub closeness: Vec<f64>,
    pub eigenvector: Vec<f64>,
}

/// Computes every centrality; betweenness from `samples` seeded sources when given.
pub fn centrality(
    graph: &MetGraph,
    samples: Option<(usize, u64)>,
    budget: &Budget,
) -> Result<Centrality, OverBudget> {
    let n = graph.node_count();
    let degree: Vec<usize> = graph.nodes().map(|u| graph.degree(u)).collect();
    let degree_centrality = degree
        .iter()
        .map(|&d| {
            if n <= 1 {
                1.0
            } else {
                d as f64 / (n - 1) as f64
            }
        })
        .collect();
    let (betweenness, betweenness_sources) = betweenness(graph, samples, budget)?;
    Ok(Centrality {
        weighted_degree: graph.nodes().map(|u| graph.weighted_degree(u)).collect(),
        degree_centrality,
        degree,
        betweenness,
        betweenness_sources,
        closeness: closeness(graph, budget)?,
        eigenvector: eigenvector(graph, budget)?,
    })
}

/// Brandes' algorithm on the unweighted met graph, one lane of sources per core at
/// a time; from `samples` seeded sources when given. Returns the values (normalised
/// as NetworkX 3.6 does) and the number of sources.
pub fn betweenness(
    graph: &MetGraph,
    samples: Option<(usize, u64)>,
    budget: &Budget,
) -> Result<(Vec<f64>, usize), OverBudget> {
    let n = graph.node_count();
    let sources: Vec<NodeIx> = match samples {
        Some((k, seed)) if k < n => SplitMix::new(seed)
            .sample(n, k)
            .into_iter()
            .map(NodeIx::new)
            .collect(),
        _ => graph.nodes().collect(),
    };
    if n > 0 {
        graph.repeated(NodeIx::new(0)); // built once, before the workers share it
    }
    let lanes = parallel::by_lane(sources.len(), budget, |_, picks| {
        let mut brandes = Brandes::new(graph);
        for (i, pick) in picks.enumerate() {
            if i % 16 == 0 {
                budget.check()?;
            }
            brandes.accumulate(graph, sources[pick]);
        }
        Ok(brandes.centrality)
    })?;
    let mut centrality = vec![0.0; n];
    for lane in lanes {
        for (total, value) in centrality.iter_mut().zip(lane) {
            *total += value;
        }
    }
    // Each pair was counted from both ends. NetworkX's normalised scale (3.6) on
    // these sums is 1/((n-1)(n-2)); with k sampled sources it is 1/(k(n-2)) for a
    // node that was not a source and 1/((k-1)(n-2)) for one that was (a source is
    // never the middle of its own paths).
    if n > 2 {
        let k = sources.len();
        if k == n {
            let scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
            centrality.iter_mut().for_each(|c| *c *= scale);
        } else {
            let mut is_source = vec![false; n];
            sources.iter().for_each(|&s| is_source[s.index()] = true);
            let other = 1.0 / (k as f64 * (n - 2) as f64);
            let source = if k > 1 {
                1.0 / ((k - 1) as f64 * (n - 2) as f64)
            } else {
                0.0
            };
            for (u, c) in centrality.iter_mut().enumerate() {
                *c *= if is_source[u] { source } else { other };
            }
        }
    }
    Ok((centrality, sources.len()))
}

/// One worker's state for Brandes' algorithm over the bipartite lists: the search
/// from one source and the dependencies summed over every source it ran.
///
/// A sum over the neighbours of `w` one level nearer the source is a sum over the
/// meetings of `w` of what that level put into each meeting, minus the extra
/// meetings of the neighbours met more than once. So a search reads each in-scope
/// participation a few times and each repeated tie twice, never every single tie:
/// a meeting of 300 people costs 300 reads, not 45,000.
struct Brandes {
    dist: Vec<u32>,
    sigma: Vec<f64>,
    /// (1 + dependency) / sigma of each node, once its dependency is final.
    coefficient: Vec<f64>,
    /// Nodes in order of distance; `levels[d]` is where distance `d` starts.
    order: Vec<NodeIx>,
    levels: Vec<usize>,
    /// What the current level put into each meeting (zero between levels).
    meeting_sum: Vec<f64>,
    meeting_seen: Vec<bool>,
    centrality: Vec<f64>,
}

impl Brandes {
    fn new(graph: &MetGraph) -> Self {
        let n = graph.node_count();
        Brandes {
            dist: vec![UNREACHED; n],
            sigma: vec![0.0; n],
            coefficient: vec![0.0; n],
            order: Vec::with_capacity(n),
            levels: Vec::new(),
            meeting_sum: vec![0.0; graph.meetings().len()],
            meeting_seen: vec![false; graph.meetings().len()],
            centrality: vec![0.0; n],
        }
    }

    /// Adds the dependencies of every node on source `s`.
    fn accumulate(&mut self, graph: &MetGraph, s: NodeIx) {
        self.search(graph, s);
        let Brandes {
            dist,
            sigma,
            coefficient,
            order,
            levels,
            meeting_sum,
            centrality,
            ..
        } = self;
        let level = |d: usize| &order[levels[d]..levels[d + 1]];
        let depth = levels.len() - 1;

        // Forward: the shortest-path counts of each level from the one before.
        sigma[s.index()] = 1.0;
        for d in 0..depth - 1 {
            pour(graph, level(d), sigma, meeting_sum);
            for &w in level(d + 1) {
                sigma[w.index()] = neighbour_sum(graph, w, d as u32, dist, sigma, meeting_sum);
            }
            drain(graph, level(d), meeting_sum);
        }

        // Backward, farthest level first: each node's dependency from the
        // coefficients of its neighbours one level farther.
        for &w in level(depth - 1) {
            coefficient[w.index()] = 1.0 / sigma[w.index()];
        }
        for d in (0..depth - 1).rev() {
            pour(graph, level(d + 1), coefficient, meeting_sum);
            for &node in level(d) {
                let v = node.index();
                let pulled =
                    neighbour_sum(graph, node, d as u32 + 1, dist, coefficient, meeting_sum);
                let dependency = sigma[v] * pulled;
                coefficient[v] = (1.0 + dependency) / sigma[v];
                if node != s {
                    centrality[v] += dependency;
                }
            }
            drain(graph, level(d + 1), meeting_sum);
        }
    }

    /// Breadth-first search from `s` over person -> meeting -> person: distances,
    /// and the nodes grouped by distance.
    fn search(&mut self, graph: &MetGraph, s: NodeIx) {
        for &v in &self.order {
            self.dist[v.index()] = UNREACHED;
        }
        self.meeting_seen.fill(false);
        self.order.clear();
        self.levels.clear();
        self.dist[s.index()] = 0;
        self.order.push(s);
        self.levels.push(0);
        let mut start = 0;
        while start < self.order.len() {
            let end = self.order.len();
            self.levels.push(end);
            let next = self.dist[self.order[start].index()] + 1;
            for i in start..end {
                let u = self.order[i];
                for &m in graph.meetings_of(u) {
                    if std::mem::replace(&mut self.meeting_seen[m.index()], true) {
                        continue;
                    }
                    for &v in graph.nodes_of(m) {
                        if self.dist[v.index()] == UNREACHED {
                            self.dist[v.index()] = next;
                            self.order.push(v);
                        }
                    }
                }
            }
            start = end;
        }
    }
}

/// Adds each node's `value` into every meeting it took part in.
fn pour(graph: &MetGraph, nodes: &[NodeIx], value: &[f64], sums: &mut [f64]) {
    for &u in nodes {
        for &m in graph.meetings_of(u) {
            sums[m.index()] += value[u.index()];
        }
    }
}

/// Sets the meetings of `nodes` back to zero.
fn drain(graph: &MetGraph, nodes: &[NodeIx], sums: &mut [f64]) {
    for &u in nodes {
        for &m in graph.meetings_of(u) {
            sums[m.index()] = 0.0;
        }
    }
}

/// The sum of `value` over the neighbours of `u` at distance `at`, when only the
/// nodes at that distance were poured into `sums`: the sums of `u`'s meetings, less
/// the extra meetings of the neighbours met more than once.
fn neighbour_sum(
    graph: &MetGraph,
    u: NodeIx,
    at: u32,
    dist: &[u32],
    value: &[f64],
    sums: &[f64],
) -> f64 {
    let mut total: f64 = graph.meetings_of(u).iter().map(|&m| sums[m.index()]).sum();
    let (repeated, extra) = graph.repeated(u);
    for (&v, &x) in repeated.iter().zip(extra) {
        if dist[v.index()] == at {
            total -= f64::from(x) * value[v.index()];
        }
    }
    total
}

/// Closeness with the Wasserman-Faust scaling for disconnected graphs, from a
/// breadth-first search per node over person -> meeting -> person.
pub fn closeness(graph: &MetGraph, budget: &Budget) -> Result<Vec<f64>, OverBudget> {
    let n = graph.node_count();
    let all: Vec<NodeIx> = graph.nodes().collect();
    Ok(reaches(graph, &all, budget)?
        .into_iter()
        .map(|r| {
            let reached = f64::from(r.reached);
            if r.total > 0 && n > 1 {
                (reached - 1.0) / r.total as f64 * ((reached - 1.0) / (n - 1) as f64)
            } else {
                0.0
            }
        })
        .collect())
}

/// The principal eigenvector of the adjacency matrix by power iteration on A + I
/// (as NetworkX iterates), started from all ones, with unit Euclidean norm.
fn eigenvector(graph: &MetGraph, budget: &Budget) -> Result<Vec<f64>, OverBudget> {
    let n = graph.node_count();
    if n == 0 {
        return Ok(Vec::new());
    }
    let mut x = vec![1.0 / n as f64; n];
    let mut next = vec![0.0; n];
    for iteration in 0..EIGEN_MAX_ITERATIONS {
        if iteration % 64 == 0 {
            budget.check()?;
        }
        for (u, node) in graph.nodes().enumerate() {
            let mut sum = x[u];
            for &v in graph.neighbours(node) {
                sum += x[v.index()];
            }
            next[u] = sum;
        }
        let norm = next.iter().map(|v| v * v).sum::<f64>().sqrt();
        if norm == 0.0 {
            return Ok(vec![0.0; n]);
        }
        let mut change = 0.0;
        for u in 0..n {
            next[u] /= norm;
            change += (next[u] - x[u]).abs();
        }
        std::mem::swap(&mut x, &mut next);
        if change < n as f64 * EIGEN_TOLERANCE {
            break;
        }
    }
    Ok(x)
}
