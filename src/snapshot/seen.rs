//! Which readers a change concerns: for each confidentiality ceiling, the last data
//! version that changed something a reader with that ceiling can see. Live updates
//! announce a new snapshot to a reader only when its version for the reader's
//! ceiling moved, so a change to a meeting hidden from them is never announced.

use crate::domain::Confidentiality;
use crate::network::{Delta, Network};

/// The last visible change per ceiling (public, closed, confidential).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastChanges([i64; 3]);

fn slot(ceiling: Confidentiality) -> usize {
    match ceiling {
        Confidentiality::Public => 0,
        Confidentiality::Closed => 1,
        Confidentiality::Confidential => 2,
    }
}

const CEILINGS: [Confidentiality; 3] = [
    Confidentiality::Public,
    Confidentiality::Closed,
    Confidentiality::Confidential,
];

impl LastChanges {
    /// A snapshot built from scratch: a change everyone may have seen.
    pub fn all(version: i64) -> Self {
        LastChanges([version; 3])
    }

    /// The last version that changed what a reader with `ceiling` sees.
    pub fn for_ceiling(&self, ceiling: Confidentiality) -> i64 {
        self.0[slot(ceiling)]
    }

    /// These, after `delta` turned `before` into `after` at `version`. A change that
    /// touches only meetings (their records, roles and participations) concerns the
    /// ceilings that admit one of those meetings before or after it; a change to
    /// people, organisations or affiliations concerns everyone.
    pub fn after(
        &self,
        version: i64,
        delta: &Delta<'_>,
        before: &Network,
        after: &Network,
    ) -> Self {
        if !delta.people.is_empty()
            || !delta.organisations.is_empty()
            || !delta.affiliations.is_empty()
        {
            return LastChanges::all(version);
        }
        let touched = delta
            .meetings
            .iter()
            .map(|e| e.id)
            .chain(delta.meeting_roles.iter().map(|(id, _)| *id))
            .chain(delta.participations.iter().map(|p| p.meeting));
        // The least confidential level of the touched meetings, before and after:
        // every ceiling at or above it sees the change (a meeting that moved from
        // public to confidential concerns public readers: it left their view).
        let mut lowest: Option<Confidentiality> = None;
        for id in touched {
            for network in [before, after] {
                if let Some(m) = network.meeting_position(id) {
                    let level = network.meeting(m).confidentiality;
                    lowest = Some(lowest.map_or(level, |l| l.min(level)));
                }
            }
        }
        let mut next = *self;
        if let Some(lowest) = lowest {
            for ceiling in CEILINGS {
                if lowest <= ceiling {
                    next.0[slot(ceiling)] = version;
                }
            }
        }
        next
    }
}
