//! Network analytics on the met graph in scope (docs/analytics.md defines each
//! figure). Pure and synchronous; long loops check a [`Budget`] so that a request
//! that would run too long stops with an error instead of holding a worker.

mod brokers;
mod centrality;
mod communities;
mod divide;
mod drawing;
mod ego;
mod evolution;
mod organisations;
mod parallel;
mod paths;
mod summary;
#[cfg(test)]
mod tests;
mod tracks;

pub use brokers::{
    Bridge, Broker, Part, StructuralHoles, articulation_points, bridges, structural_holes,
};
pub use centrality::{Centrality, betweenness, centrality, closeness};
pub use communities::{Communities, Community, louvain, modularity};
pub use divide::{
    CrossDivide, MeetingFirsts, PersonDivide, cross_divide, cross_divide_flags, crosses,
};
pub use drawing::{DRAWING_SEED, Drawing, DrawnTie, drawing};
pub use ego::{EgoNetwork, ego_network};
pub use evolution::{YearFigures, evolution};
pub use organisations::{OrganisationTie, organisation_network};
pub use paths::component_sizes;
#[cfg(test)]
pub(crate) use paths::{Bfs, UNREACHED, components};
pub use summary::{PathFigures, Summary, summary};
pub use tracks::{TrackCoordination, track_coordination};

// The seeded generator the samplers draw from, shared with the bundle generator.
pub use crate::random::SplitMix;

use std::time::{Duration, Instant};

/// A computation ran past its time budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the computation needs more than its budget of {} ms", .budget.as_millis())]
pub struct OverBudget {
    pub budget: Duration,
}

/// How long a computation may run.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    started: Instant,
    limit: Option<Duration>,
}

impl Budget {
    /// A budget of `limit` from now.
    pub fn new(limit: Duration) -> Self {
        Budget {
            started: Instant::now(),
            limit: Some(limit),
        }
    }

    /// No limit.
    pub fn unlimited() -> Self {
        Budget {
            started: Instant::now(),
            limit: None,
        }
    }

    /// Fails once the budget is spent.
    pub fn check(&self) -> Result<(), OverBudget> {
        match self.limit {
            Some(limit) if self.started.elapsed() > limit => Err(OverBudget { budget: limit }),
            _ => Ok(()),
        }
    }
}
