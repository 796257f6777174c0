//! Retention: who came once and never again, and who came back to a series.

use crate::network::{MeetingIx, Network, PersonIx};
use std::collections::{BTreeMap, HashSet};

/// From one round of a series to the next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoundReturn {
    pub from: MeetingIx,
    pub to: MeetingIx,
    /// Participants of `from`.
    pub participants: usize,
    /// Of them, those who took part in `to` too.
    pub returned: usize,
    /// returned / participants (`None` for a round without participants).
    pub share: Option<f64>,
}

/// Retention figures of a selection.
#[derive(Debug, Clone, PartialEq)]
pub struct Retention {
    /// People with exactly one selected participation, ascending.
    pub once_only: Vec<PersonIx>,
    /// People with at least one selected participation.
    pub participants: usize,
    /// Round to round, for the series asked about.
    pub rounds: Vec<RoundReturn>,
}

/// Retention over the selected meetings; `series` picks the series whose consecutive
/// rounds (selected meetings of that series, in time order) are compared.
pub fn retention(network: &Network, meetings: &[MeetingIx], series: Option<&str>) -> Retention {
    let mut count: BTreeMap<PersonIx, usize> = BTreeMap::new();
    for &m in meetings {
        for &p in network.participants(m) {
            *count.entry(p).or_insert(0) += 1;
        }
    }
    let rounds: Vec<MeetingIx> = match series {
        Some(name) => meetings
            .iter()
            .copied()
            .filter(|&m| network.meeting(m).series.as_deref() == Some(name))
            .collect(),
        None => Vec::new(),
    };
    let returns = rounds
        .windows(2)
        .map(|pair| {
            let next: HashSet<PersonIx> = network.participants(pair[1]).iter().copied().collect();
            let this = network.participants(pair[0]);
            let returned = this.iter().filter(|p| next.contains(p)).count();
            RoundReturn {
                from: pair[0],
                to: pair[1],
                participants: this.len(),
                returned,
                share: crate::network::share(returned, this.len()),
            }
        })
        .collect();
    Retention {
        once_only: count
            .iter()
            .filter(|(_, n)| **n == 1)
            .map(|(p, _)| *p)
            .collect(),
        participants: count.len(),
        rounds: returns,
    }
}
