//! Targets: shares of participations set for groups, given as arguments or stored
//! as named sets.

use super::CoverageDimension;
use crate::graphql::error::{ApiError, ApiResult};
use crate::graphql::vocabulary::{self, group_name};
use crate::network::coverage::{Dimension, Group, Target};
use crate::store::StoredTarget;
use async_graphql::{InputObject, SimpleObject};

/// A target share of participations for a group.
#[derive(InputObject, Clone)]
pub struct TargetInput {
    pub dimension: CoverageDimension,
    pub group: String,
    /// Between 0 and 1.
    pub share: f64,
}

/// Checks and converts targets given as arguments.
pub fn targets_from(inputs: &[TargetInput]) -> ApiResult<Vec<Target>> {
    inputs
        .iter()
        .map(|t| {
            if !(0.0..=1.0).contains(&t.share) {
                return Err(ApiError::bad_input(
                    "targets.share",
                    "a share lies between 0 and 1",
                ));
            }
            Ok(Target {
                group: vocabulary::group(t.dimension.into(), &t.group)?,
                share: t.share,
            })
        })
        .collect()
}

/// Stored targets as coverage targets (unknown dimensions are skipped).
pub fn targets_stored(stored: &[StoredTarget]) -> Vec<Target> {
    stored
        .iter()
        .filter_map(|t| {
            Some(Target {
                group: Group::new(Dimension::parse(&t.dimension)?, t.group.clone()),
                share: t.share,
            })
        })
        .collect()
}

/// A stored set of targets.
#[derive(SimpleObject)]
pub struct TargetSet {
    pub name: String,
    pub targets: Vec<TargetShare>,
}

/// One stored target.
#[derive(SimpleObject)]
pub struct TargetShare {
    pub dimension: CoverageDimension,
    pub group: String,
    pub share: f64,
}

impl TargetSet {
    pub fn new(name: String, stored: &[StoredTarget]) -> Self {
        TargetSet {
            name,
            targets: targets_stored(stored)
                .into_iter()
                .map(|t| TargetShare {
                    dimension: t.group.dimension.into(),
                    group: group_name(&t.group),
                    share: t.share,
                })
                .collect(),
        }
    }
}
