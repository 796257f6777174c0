//! Plan coverage: for each measure, the meetings that advance it within its time
//! frame, whether its target groups took part, and a status.
//!
//! Status rule: `not_started` when no selected meeting linked to the measure falls in
//! its time frame; `on_track` when every target group took part in at least one of
//! those meetings (a measure without target groups is on track once it has one);
//! `under_engaged` otherwise.

use super::groups::{Dimension, Group, belongs};
use crate::domain::Gender;
use crate::network::{MeasureNode, MeetingIx, Network};
use chrono::Datelike;

/// The status of a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MeasureStatus {
    NotStarted,
    UnderEngaged,
    OnTrack,
}

/// One target group's part in a measure's meetings.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetGroupFigures {
    pub group: Group,
    pub participations: usize,
    pub people: usize,
    /// participations / all participations in the measure's meetings (`None`
    /// without any).
    pub share: Option<f64>,
    /// Whether the group took part in any selected meeting at all, linked or not.
    pub reached_anywhere: bool,
}

/// A measure's coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureCoverage {
    pub measure: usize,
    /// Linked, selected meetings within the time frame, in time order.
    pub meetings: Vec<MeetingIx>,
    /// All participations in those meetings.
    pub participations: usize,
    pub target_groups: Vec<TargetGroupFigures>,
    /// People of any target group in those meetings.
    pub target_people: usize,
    pub status: MeasureStatus,
    /// The measure has target groups and none of them took part in any selected
    /// meeting.
    pub targets_never_met: bool,
}

/// The groups a measure targets.
pub fn target_groups(measure: &MeasureNode) -> Vec<Group> {
    let mut groups: Vec<Group> = measure
        .target_tags
        .iter()
        .map(|t| Group::new(Dimension::Tag, t.clone()))
        .collect();
    groups.extend(
        measure
            .target_sides
            .iter()
            .map(|s| Group::new(Dimension::Side, s.clone())),
    );
    groups.extend(
        measure
            .target_genders
            .iter()
            .map(|g| Group::new(Dimension::Gender, Gender::as_str(*g))),
    );
    groups
}

pub fn plan_coverage(network: &Network, selected: &[MeetingIx]) -> Vec<MeasureCoverage> {
    let is_selected: std::collections::HashSet<MeetingIx> = selected.iter().copied().collect();
    network
        .measures()
        .iter()
        .enumerate()
        .map(|(index, measure)| {
            let meetings: Vec<MeetingIx> = measure
                .meetings
                .iter()
                .copied()
                .filter(|m| is_selected.contains(m))
                .filter(|&m| {
                    let year = network.meeting(m).start_date.year();
                    measure.start_year.is_none_or(|s| s <= year)
                        && measure.end_year.is_none_or(|e| year <= e)
                })
                .collect();
            let participations: usize = meetings
                .iter()
                .map(|&m| network.participants(m).len())
                .sum();
            let groups = target_groups(measure);
            let mut target_people = std::collections::HashSet::new();
            let target_groups: Vec<TargetGroupFigures> = groups
                .into_iter()
                .map(|group| {
                    let mut count = 0;
                    let mut people = std::collections::HashSet::new();
                    for &m in &meetings {
                        for &p in network.participants(m) {
                            if belongs(network, &group, p, m) {
                                count += 1;
                                people.insert(p);
                                target_people.insert(p);
                            }
                        }
                    }
                    let reached_anywhere = selected.iter().any(|&m| {
                        network
                            .participants(m)
                            .iter()
                            .any(|&p| belongs(network, &group, p, m))
                    });
                    TargetGroupFigures {
                        share: crate::network::share(count, participations),
                        group,
                        participations: count,
                        people: people.len(),
                        reached_anywhere,
                    }
                })
                .collect();
            let status = if meetings.is_empty() {
                MeasureStatus::NotStarted
            } else if target_groups.iter().all(|g| g.participations > 0) {
                MeasureStatus::OnTrack
            } else {
                MeasureStatus::UnderEngaged
            };
            MeasureCoverage {
                measure: index,
                targets_never_met: !target_groups.is_empty()
                    && target_groups.iter().all(|g| !g.reached_anywhere),
                meetings,
                participations,
                target_people: target_people.len(),
                target_groups,
                status,
            }
        })
        .collect()
}
