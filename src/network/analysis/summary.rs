//! The summary figures: size, density, components, isolated people, and path lengths
//! in the largest component.

use super::paths::{components, reaches};
use super::{Budget, OverBudget, SplitMix};
use crate::network::index::NodeIx;
use crate::network::metgraph::MetGraph;
use crate::network::share;

/// Largest component size for which path figures are exact.
pub const EXACT_PATHS_UP_TO: usize = 5000;
/// Sources sampled above that size.
pub const PATH_SAMPLES: usize = 500;
/// The seed of that sample.
pub const PATH_SEED: u64 = 20_260_101;

/// Average shortest path and diameter of the largest component.
#[derive(Debug, Clone, PartialEq)]
pub struct PathFigures {
    pub average: f64,
    /// Standard error of `average` when sampled; 0 when exact.
    pub standard_error: f64,
    /// The diameter; a lower bound when sampled.
    pub diameter: u32,
    /// Whether every node was a source.
    pub exact: bool,
    pub sources: usize,
}

/// The summary of a met graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub people: usize,
    pub inactive_people: usize,
    pub ties: usize,
    pub density: f64,
    pub component_sizes: Vec<usize>,
    pub largest_component_share: Option<f64>,
    pub isolated: usize,
    /// None when no one is active; zeros for a one-person largest component.
    pub paths: Option<PathFigures>,
}

/// The summary of a met graph: its size, density and components, and the path
/// figures of its largest component (docs/analytics.md).
///
/// ```
/// use peacenet::bundle::read_sources;
/// use peacenet::network::analysis::{Budget, summary};
/// use peacenet::network::{MetGraph, Network, Scope};
/// use std::collections::BTreeMap;
///
/// // Two triangles, a-b-c and d-e-f, joined by c and d meeting alone.
/// let files = BTreeMap::from([
///     ("organisations.csv", "id,name,kind\n"),
///     ("affiliations.csv", "person_id,organisation_id\n"),
///     ("people.csv", "id,name\na,A\nb,B\nc,C\nd,D\ne,E\nf,F\n"),
///     ("meetings.csv", "id,title,start_date\nm1,North,2024-01-10\nm2,Bridge,2024-02-10\nm3,South,2024-03-10\n"),
///     ("participations.csv", "person_id,meeting_id\na,m1\nb,m1\nc,m1\nc,m2\nd,m2\nd,m3\ne,m3\nf,m3\n"),
/// ]
/// .map(|(name, text)| (name.to_owned(), text.to_owned())));
/// let data = read_sources(&files).expect("a valid bundle").data;
/// let network = Network::build(&data, 1).expect("a consistent bundle");
/// let graph = MetGraph::build(&network, &Scope::everything());
///
/// let s = summary(&graph, &Budget::unlimited()).expect("no budget");
/// assert_eq!((s.people, s.ties, s.isolated), (6, 7, 0));
/// assert_eq!(s.component_sizes, [6]);
/// assert!((s.density - 7.0 / 15.0).abs() < 1e-12);
/// // The distances between the 15 pairs add up to 27: an average of 1.8.
/// let paths = s.paths.expect("someone is active");
/// assert_eq!(paths.diameter, 3);
/// assert!((paths.average - 1.8).abs() < 1e-12);
/// ```
pub fn summary(graph: &MetGraph, budget: &Budget) -> Result<Summary, OverBudget> {
    let n = graph.node_count();
    let m = graph.tie_count();
    let (label, count) = components(graph);
    let mut sizes = vec![0usize; count];
    for &l in &label {
        sizes[l as usize] += 1;
    }
    let largest = (0..count).max_by_key(|&c| (sizes[c], std::cmp::Reverse(c)));
    let mut component_sizes = sizes.clone();
    component_sizes.sort_unstable_by(|a, b| b.cmp(a));
    let paths = match largest {
        Some(c) if sizes[c] > 1 => {
            let members: Vec<NodeIx> = graph
                .nodes()
                .filter(|&u| label[u.index()] as usize == c)
                .collect();
            Some(path_figures(graph, &members, budget)?)
        }
        Some(_) => Some(PathFigures {
            average: 0.0,
            standard_error: 0.0,
            diameter: 0,
            exact: true,
            sources: 1,
        }),
        None => None,
    };
    Ok(Summary {
        people: n,
        inactive_people: graph.inactive_count(),
        ties: m,
        density: if n < 2 {
            0.0
        } else {
            2.0 * m as f64 / (n as f64 * (n as f64 - 1.0))
        },
        largest_component_share: share(component_sizes.first().copied().unwrap_or(0), n),
        component_sizes,
        isolated: graph.nodes().filter(|&u| graph.is_isolated(u)).count(),
        paths,
    })
}

/// Path figures over one component (`members`, at least two nodes).
fn path_figures(
    graph: &MetGraph,
    members: &[NodeIx],
    budget: &Budget,
) -> Result<PathFigures, OverBudget> {
    let s = members.len();
    let exact = s <= EXACT_PATHS_UP_TO;
    let sources: Vec<NodeIx> = if exact {
        members.to_vec()
    } else {
        let mut rng = SplitMix::new(PATH_SEED);
        rng.sample(s, PATH_SAMPLES)
            .into_iter()
            .map(|i| members[i])
            .collect()
    };
    budget.check()?;
    let found = reaches(graph, &sources, budget)?;
    let total: u64 = found.iter().map(|r| r.total).sum();
    let diameter = found.iter().map(|r| r.farthest).max().unwrap_or(0);
    let means: Vec<f64> = found
        .iter()
        .map(|r| r.total as f64 / (s - 1) as f64)
        .collect();
    let (average, standard_error) = if exact {
        (total as f64 / (s as f64 * (s - 1) as f64), 0.0)
    } else {
        let k = means.len() as f64;
        let mean = means.iter().sum::<f64>() / k;
        let variance = means.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1.0).max(1.0);
        (mean, (variance / k).sqrt())
    };
    Ok(PathFigures {
        average,
        standard_error,
        diameter,
        exact,
        sources: sources.len(),
    })
}
