//! Centralities per person, normalised as NetworkX does: degree, betweenness (exact
//! or sampled, Brandes), closeness (Wasserman-Faust) and eigenvector.

use super::paths::{Bfs, UNREACHED};
use super::{Budget, OverBudget, SplitMix};
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
    let degree: Vec<usize> = (0..n).map(|u| graph.degree(u)).collect();
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
        weighted_degree: (0..n).map(|u| graph.weighted_degree(u)).collect(),
        degree_centrality,
        degree,
        betweenness,
        betweenness_sources,
        closeness: closeness(graph, budget)?,
        eigenvector: eigenvector(graph, budget)?,
    })
}

/// Brandes' algorithm on the unweighted graph.
fn betweenness(
    graph: &MetGraph,
    samples: Option<(usize, u64)>,
    budget: &Budget,
) -> Result<(Vec<f64>, usize), OverBudget> {
    let n = graph.node_count();
    let sources: Vec<usize> = match samples {
        Some((k, seed)) if k < n => SplitMix::new(seed).sample(n, k),
        _ => (0..n).collect(),
    };
    let mut centrality = vec![0.0; n];
    let mut bfs = Bfs::new(n);
    let mut sigma = vec![0.0f64; n];
    let mut delta = vec![0.0f64; n];
    for &s in &sources {
        budget.check()?;
        bfs.run(graph, &[s], UNREACHED);
        for &v in &bfs.order {
            sigma[v as usize] = 0.0;
            delta[v as usize] = 0.0;
        }
        sigma[s] = 1.0;
        for &v in &bfs.order {
            let dv = bfs.dist[v as usize];
            for &w in graph.neighbours(v as usize) {
                if bfs.dist[w as usize] == dv + 1 {
                    sigma[w as usize] += sigma[v as usize];
                }
            }
        }
        for &w in bfs.order.iter().rev() {
            let dw = bfs.dist[w as usize];
            let coefficient = (1.0 + delta[w as usize]) / sigma[w as usize];
            for &v in graph.neighbours(w as usize) {
                if dw > 0 && bfs.dist[v as usize] == dw - 1 {
                    delta[v as usize] += sigma[v as usize] * coefficient;
                }
            }
            if w as usize != s {
                centrality[w as usize] += delta[w as usize];
            }
        }
    }
    // Each pair was counted from both ends; NetworkX's normalised scale is
    // 1/((n-1)(n-2)) on these sums, times n/k for a sample of k sources.
    if n > 2 {
        let mut scale = 1.0 / ((n - 1) as f64 * (n - 2) as f64);
        if sources.len() < n {
            scale *= n as f64 / sources.len() as f64;
        }
        for c in &mut centrality {
            *c *= scale;
        }
    }
    Ok((centrality, sources.len()))
}

/// Closeness with the Wasserman-Faust scaling for disconnected graphs.
fn closeness(graph: &MetGraph, budget: &Budget) -> Result<Vec<f64>, OverBudget> {
    let n = graph.node_count();
    let mut bfs = Bfs::new(n);
    let mut out = vec![0.0; n];
    for (u, value) in out.iter_mut().enumerate() {
        budget.check()?;
        bfs.run(graph, &[u], UNREACHED);
        let total: u64 = bfs
            .order
            .iter()
            .map(|&v| u64::from(bfs.dist[v as usize]))
            .sum();
        let reached = bfs.order.len() as f64;
        if total > 0 && n > 1 {
            *value = (reached - 1.0) / total as f64 * ((reached - 1.0) / (n - 1) as f64);
        }
    }
    Ok(out)
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
        for u in 0..n {
            let mut sum = x[u];
            for &v in graph.neighbours(u) {
                sum += x[v as usize];
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
