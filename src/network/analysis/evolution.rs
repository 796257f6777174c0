//! The network year by year: cumulative figures for plotting.

use super::divide::crosses;
use super::paths::components;
use super::{Budget, OverBudget};
use crate::network::index::NodeIx;
use crate::network::metgraph::MetGraph;
use crate::network::model::Network;
use crate::network::scope::Scope;
use crate::network::share;
use chrono::{Datelike, NaiveDate};

/// The key figures of the network as it stood at the end of a year.
#[derive(Debug, Clone, PartialEq)]
pub struct YearFigures {
    pub year: i32,
    pub people: usize,
    pub ties: usize,
    pub largest_component_share: Option<f64>,
    pub cross_divide_share: Option<f64>,
    pub mean_degree: f64,
}

pub fn evolution(
    network: &Network,
    scope: &Scope,
    budget: &Budget,
) -> Result<Vec<YearFigures>, OverBudget> {
    let years: Vec<i32> = network
        .meetings()
        .iter()
        .filter(|m| scope.admits(m))
        .map(|m| m.start_date.year())
        .collect();
    let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for year in first..=last {
        budget.check()?;
        let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX);
        let until = scope.until.map_or(end, |u| u.min(end));
        let graph = MetGraph::build(
            network,
            &Scope {
                until: Some(until),
                ..*scope
            },
        );
        let n = graph.node_count();
        let m = graph.tie_count();
        let (label, count) = components(&graph);
        let mut sizes = vec![0usize; count];
        for l in label {
            sizes[l as usize] += 1;
        }
        let side = |u: NodeIx| network.person(graph.person(u)).side.as_deref();
        let cross = graph
            .ties()
            .filter(|&(u, v, _)| crosses(side(u), side(v)))
            .count();
        out.push(YearFigures {
            year,
            people: n,
            ties: m,
            largest_component_share: share(sizes.iter().copied().max().unwrap_or(0), n),
            cross_divide_share: share(cross, m),
            mean_degree: if n == 0 {
                0.0
            } else {
                2.0 * m as f64 / n as f64
            },
        });
    }
    Ok(out)
}
