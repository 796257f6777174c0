//! Coverage figures: participations, people and meetings per group, shares of the
//! selection's totals, and gaps to targets; per year; and the groups that fall short.

use super::groups::{Dimension, Group, belongs, personal_values, universe, values};
use super::suppress::{Column, Withheld, withhold, withhold_rows};
use crate::network::analysis::cross_divide_flags;
use crate::network::{MeetingIx, MetGraph, Network, PersonIx, share};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A target share of participations for a group.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub group: Group,
    pub share: f64,
}

/// What the shares are shares of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    pub participations: usize,
    pub meetings: usize,
    pub people: usize,
}

/// One group's figures in a selection.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupFigures {
    pub group: Group,
    pub participations: usize,
    pub people: usize,
    /// participations / all participations of the selection (`None` when there are
    /// none).
    pub participation_share: Option<f64>,
    /// Meetings with at least one member of the group.
    pub meetings: usize,
    /// meetings / all meetings of the selection (`None` when there are none).
    pub meeting_share: Option<f64>,
    pub target: Option<f64>,
    /// participation_share - target (`None` without a share or a target).
    pub gap: Option<f64>,
}

#[derive(Default)]
struct Tally {
    participations: usize,
    people: HashSet<PersonIx>,
    meetings: HashSet<MeetingIx>,
}

fn figures(group: Group, tally: &Tally, totals: &Totals, target: Option<f64>) -> GroupFigures {
    let participation_share = share(tally.participations, totals.participations);
    GroupFigures {
        group,
        participations: tally.participations,
        people: tally.people.len(),
        participation_share,
        meetings: tally.meetings.len(),
        meeting_share: share(tally.meetings.len(), totals.meetings),
        target,
        gap: participation_share.zip(target).map(|(s, t)| s - t),
    }
}

/// The totals of a set of meetings.
pub fn totals(network: &Network, meetings: &[MeetingIx]) -> Totals {
    let mut people = HashSet::new();
    let mut participations = 0;
    for &m in meetings {
        let list = network.participants(m);
        participations += list.len();
        people.extend(list.iter().copied());
    }
    Totals {
        participations,
        meetings: meetings.len(),
        people: people.len(),
    }
}

fn target_of(targets: &[Target], group: &Group) -> Option<f64> {
    targets.iter().find(|t| &t.group == group).map(|t| t.share)
}

/// Every group of a dimension (those in the data and those with a target), with its
/// figures, by value.
pub fn coverage(
    network: &Network,
    meetings: &[MeetingIx],
    dimension: Dimension,
    targets: &[Target],
) -> Vec<GroupFigures> {
    let totals = totals(network, meetings);
    let mut tallies: BTreeMap<String, Tally> = universe(network, dimension, meetings)
        .into_iter()
        .map(|v| (v, Tally::default()))
        .collect();
    for t in targets.iter().filter(|t| t.group.dimension == dimension) {
        tallies.entry(t.group.value.clone()).or_default();
    }
    for &m in meetings {
        for &p in network.participants(m) {
            for value in values(network, dimension, p, m) {
                let tally = tallies.entry(value).or_default();
                tally.participations += 1;
                tally.people.insert(p);
                tally.meetings.insert(m);
            }
        }
    }
    tallies
        .into_iter()
        .map(|(value, tally)| {
            let group = Group::new(dimension, value);
            let target = target_of(targets, &group);
            figures(group, &tally, &totals, target)
        })
        .collect()
}

/// The figures of the people who belong to all of `groups` at once.
pub fn intersection(
    network: &Network,
    meetings: &[MeetingIx],
    groups: &[Group],
    target: Option<f64>,
) -> GroupFigures {
    let totals = totals(network, meetings);
    let mut tally = Tally::default();
    for &m in meetings {
        for &p in network.participants(m) {
            if groups.iter().all(|g| belongs(network, g, p, m)) {
                tally.participations += 1;
                tally.people.insert(p);
                tally.meetings.insert(m);
            }
        }
    }
    let names: Vec<String> = groups.iter().map(ToString::to_string).collect();
    let label = Group {
        dimension: groups.first().map_or(Dimension::Gender, |g| g.dimension),
        value: names.join(" & "),
    };
    figures(label, &tally, &totals, target)
}

/// The selection's meetings grouped by start year.
fn by_year(network: &Network, meetings: &[MeetingIx]) -> BTreeMap<i32, Vec<MeetingIx>> {
    let mut years: BTreeMap<i32, Vec<MeetingIx>> = BTreeMap::new();
    for &m in meetings {
        years
            .entry(network.meeting(m).start_date.year())
            .or_default()
            .push(m);
    }
    years
}

/// A dimension's figures for each year with selected meetings, with that year's
/// meetings.
pub fn trends(
    network: &Network,
    meetings: &[MeetingIx],
    dimension: Dimension,
    targets: &[Target],
) -> Vec<(i32, Totals, Vec<GroupFigures>, Vec<MeetingIx>)> {
    by_year(network, meetings)
        .into_iter()
        .map(|(year, ms)| {
            (
                year,
                totals(network, &ms),
                coverage(network, &ms, dimension, targets),
                ms,
            )
        })
        .collect()
}

/// A group whose share of participations fell from one year to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Falling {
    pub group: Group,
    pub previous_year: i32,
    pub previous_share: f64,
    pub year: i32,
    pub share: f64,
}

/// Groups (of every dimension) whose participation share in the last year with
/// meetings is below their share in the year with meetings before it.
pub fn falling(network: &Network, meetings: &[MeetingIx]) -> Vec<Falling> {
    let years = by_year(network, meetings);
    let mut last_two = years.iter().rev().take(2);
    let (Some((&year, now)), Some((&previous_year, before))) = (last_two.next(), last_two.next())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for dimension in Dimension::ALL {
        // A year without participations has no shares: nothing fell or rose in it.
        let shares = |ms: &[MeetingIx]| -> Option<HashMap<Group, f64>> {
            coverage(network, ms, dimension, &[])
                .into_iter()
                .map(|f| Some((f.group, f.participation_share?)))
                .collect()
        };
        let (Some(then), Some(now)) = (shares(before), shares(now)) else {
            continue;
        };
        // A group absent from the last year (its track or format gone) fell to 0.
        let mut groups: Vec<&Group> = then.keys().chain(now.keys()).collect();
        groups.sort();
        groups.dedup();
        for group in groups {
            let previous_share = then.get(group).copied().unwrap_or(0.0);
            let share = now.get(group).copied().unwrap_or(0.0);
            if share < previous_share {
                out.push(Falling {
                    group: group.clone(),
                    previous_year,
                    previous_share,
                    year,
                    share,
                });
            }
        }
    }
    out
}

/// Groups (of every dimension) with no participation in selected meetings on or after
/// `since`, each with the start date of its last selected meeting before it, if any.
pub fn silent_since(
    network: &Network,
    meetings: &[MeetingIx],
    since: NaiveDate,
) -> Vec<(Group, Option<NaiveDate>)> {
    let (before, after): (Vec<MeetingIx>, Vec<MeetingIx>) = meetings
        .iter()
        .partition(|&&m| network.meeting(m).start_date < since);
    let mut out = Vec::new();
    for dimension in Dimension::ALL {
        let recent: HashSet<String> = coverage(network, &after, dimension, &[])
            .into_iter()
            .filter(|f| f.participations > 0)
            .map(|f| f.group.value)
            .collect();
        for value in universe(network, dimension, meetings) {
            if recent.contains(&value) {
                continue;
            }
            let group = Group::new(dimension, value);
            let last = before
                .iter()
                .rev()
                .find(|&&m| {
                    network
                        .participants(m)
                        .iter()
                        .any(|&p| belongs(network, &group, p, m))
                })
                .map(|&m| network.meeting(m).start_date);
            out.push((group, last));
        }
    }
    out
}

/// Groups defined by a person's own attributes (gender, side, tag, country) whose
/// active members have no cross-divide tie; each with its number of active members.
pub fn groups_without_cross_ties(network: &Network, graph: &MetGraph) -> Vec<(Group, usize)> {
    let has_cross = cross_divide_flags(network, graph);
    let mut members: BTreeMap<Group, (usize, bool)> = BTreeMap::new();
    for (u, &crossed) in graph.nodes().zip(&has_cross) {
        let p = graph.person(u);
        for dimension in Dimension::ALL {
            for value in personal_values(network, dimension, p).unwrap_or_default() {
                let entry = members
                    .entry(Group::new(dimension, value))
                    .or_insert((0, false));
                entry.0 += 1;
                entry.1 |= crossed;
            }
        }
    }
    members
        .into_iter()
        .filter(|(_, (_, crossed))| !crossed)
        .map(|(group, (count, _))| (group, count))
        .collect()
}

/// Which groups of one dimension's table to withhold from a reader with threshold
/// `k`: primary suppression on people, secondary on every column that adds up to
/// its total (people for gender, side and country; participations for every
/// dimension but tags and organisation kinds). With the totals withheld, a table
/// that adds up is withheld whole, since its shown cells would give the totals back.
pub fn withheld_groups(
    figures: &[GroupFigures],
    totals: &Totals,
    dimension: Dimension,
    k: usize,
    totals_withheld: bool,
) -> Withheld {
    if totals_withheld && dimension.partitions() {
        return Withheld {
            cells: vec![true; figures.len()],
            total: true,
        };
    }
    let people: Vec<usize> = figures.iter().map(|f| f.people).collect();
    let participations: Vec<usize> = figures.iter().map(|f| f.participations).collect();
    withhold_rows(
        &[
            Column {
                counts: &people,
                total: totals.people,
                partition: dimension.partitions_people(),
            },
            Column {
                counts: &participations,
                total: totals.participations,
                partition: dimension.partitions(),
            },
        ],
        k,
    )
}

/// Whether a reader with threshold `k` must have the totals of these meetings
/// withheld: fewer than `k` people, or a table that adds up to them (a dimension's
/// groups, the once-only and returning people) that could not be shown beside them.
pub fn totals_withheld(
    network: &Network,
    meetings: &[MeetingIx],
    totals: &Totals,
    k: usize,
) -> bool {
    if totals.people > 0 && totals.people < k {
        return true;
    }
    let once = once_only_count(network, meetings);
    if withhold(&[once, totals.people - once], totals.people, k, true).total {
        return true;
    }
    Dimension::ALL.into_iter().any(|d| {
        let figures = coverage(network, meetings, d, &[]);
        withheld_groups(&figures, totals, d, k, false).total
    })
}

/// People with exactly one participation in these meetings.
fn once_only_count(network: &Network, meetings: &[MeetingIx]) -> usize {
    let mut count: HashMap<PersonIx, usize> = HashMap::new();
    for &m in meetings {
        for &p in network.participants(m) {
            *count.entry(p).or_insert(0) += 1;
        }
    }
    count.values().filter(|&&n| n == 1).count()
}
