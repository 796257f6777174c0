//! What a reader gets withheld of the coverage tables: the totals as published and
//! the groups of a table, by the one rule of `network::coverage` (docs/suppression.md).

use crate::network::coverage::{self, Count, Dimension, Withheld};
use crate::network::{MeetingIx, Network};

/// The totals as a reader gets them. Every margin and share of a coverage table is
/// taken from here, never from the raw totals, so a withheld total stays withheld
/// wherever it appears.
#[derive(Debug, Clone, Copy)]
pub struct PublishedTotals {
    pub(super) participations: Count,
    pub(super) meetings: Count,
    pub(super) people: Count,
}

impl PublishedTotals {
    /// The totals of `meetings` for a reader with threshold `k`.
    pub(super) fn of(
        network: &Network,
        meetings: &[MeetingIx],
        totals: &coverage::Totals,
        k: Option<usize>,
    ) -> Self {
        let withheld = k.is_some_and(|k| coverage::totals_withheld(network, meetings, totals, k));
        PublishedTotals {
            participations: Count::new(totals.participations, withheld),
            meetings: Count::new(totals.meetings, withheld),
            people: Count::new(totals.people, withheld),
        }
    }

    pub(super) fn withheld(&self) -> bool {
        self.people.is_withheld()
    }
}

/// Which of one dimension's groups the reader gets withheld.
pub(super) fn withheld_groups(
    figures: &[coverage::GroupFigures],
    totals: &coverage::Totals,
    published: &PublishedTotals,
    dimension: Dimension,
    k: Option<usize>,
) -> Withheld {
    match k {
        Some(k) => coverage::withheld_groups(figures, totals, dimension, k, published.withheld()),
        None => Withheld::none(figures.len()),
    }
}

/// Whether a count of people is too small to show to the reader: the network's rule
/// for a table of that one count, out of itself.
pub(super) fn small(count: usize, k: Option<usize>) -> bool {
    k.is_some_and(|k| coverage::withhold(&[count], count, k, true).cell(0))
}

#[cfg(test)]
mod tests {
    use super::small;

    #[test]
    fn a_count_is_small_from_1_to_k_minus_1() {
        for k in 1..8 {
            for count in 0..12 {
                assert_eq!(
                    small(count, Some(k)),
                    count > 0 && count < k,
                    "{count} of {k}"
                );
            }
        }
        assert!(!small(1, None));
    }
}
