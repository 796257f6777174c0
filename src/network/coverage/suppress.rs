//! Small-cell suppression: which counts to withhold from readers who may only see
//! aggregates, so that no small group can be singled out (docs/suppression.md).
//!
//! One rule for every table. Primary: every cell from 1 to `k - 1` is withheld (0 is
//! shown). Secondary: a reader knows that each withheld cell is at least 1 and that
//! shown cells are exact; where the cells add up to a shown total, the `W` withheld
//! cells share the residual `R` (total minus shown cells), so each could be at most
//! `R - (W - 1)`. The smallest shown non-zero cell is withheld until that bound is at
//! least `k`; when even withholding every cell cannot reach it, or the total itself is
//! below `k`, the table is withheld whole (its total and every cell).

use std::collections::BTreeMap;

/// Which cells to withhold, and whether the whole table (its total with every cell)
/// must be withheld.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withheld {
    pub cells: Vec<bool>,
    pub total: bool,
}

impl Withheld {
    /// Nothing withheld (readers who see every count).
    pub fn none(cells: usize) -> Self {
        Withheld {
            cells: vec![false; cells],
            total: false,
        }
    }

    /// Whether cell `i` is withheld (every cell is when the total is).
    pub fn cell(&self, i: usize) -> bool {
        self.total || self.cells.get(i).copied().unwrap_or(true)
    }
}

/// One column of a table: its cells and the total they are counted out of.
#[derive(Debug, Clone, Copy)]
pub struct Column<'a> {
    pub counts: &'a [usize],
    pub total: usize,
    /// Whether the cells add up to the total (each unit falls in exactly one cell).
    pub partition: bool,
}

impl Column<'_> {
    /// Whether a reader can set up "cells add up to the total": a partition, or
    /// overlapping groups that happen to add up to it.
    fn adds_up(&self) -> bool {
        self.partition || self.counts.iter().sum::<usize>() == self.total
    }

    /// The largest value a withheld cell could have, or None when no cell is withheld
    /// or the column sets no equation.
    fn bound(&self, withheld: &[bool]) -> Option<usize> {
        if !self.adds_up() {
            return None;
        }
        let hidden = self
            .counts
            .iter()
            .zip(withheld)
            .filter(|&(&c, &w)| w && c > 0)
            .count();
        if hidden == 0 {
            return None;
        }
        let shown: usize = self
            .counts
            .iter()
            .zip(withheld)
            .filter(|&(_, &w)| !w)
            .map(|(&c, _)| c)
            .sum();
        Some(self.total.saturating_sub(shown).saturating_sub(hidden - 1))
    }
}

/// The single-column rule: `counts` out of `total`, adding up to it when
/// `partition`.
pub fn withhold(counts: &[usize], total: usize, k: usize, partition: bool) -> Withheld {
    withhold_rows(
        &[Column {
            counts,
            total,
            partition,
        }],
        k,
    )
}

/// The rule for a table whose rows carry several counts (people, participations):
/// primary suppression on the first column, secondary on every column that adds up
/// to its total; a row is withheld in all its columns at once.
pub fn withhold_rows(columns: &[Column<'_>], k: usize) -> Withheld {
    let Some(first) = columns.first() else {
        return Withheld::none(0);
    };
    let whole = Withheld {
        cells: vec![true; first.counts.len()],
        total: true,
    };
    if first.total > 0 && first.total < k {
        return whole;
    }
    let mut cells: Vec<bool> = first.counts.iter().map(|&c| c > 0 && c < k).collect();
    loop {
        let Some(short) = columns
            .iter()
            .find(|c| c.bound(&cells).is_some_and(|b| b < k))
        else {
            return Withheld {
                cells,
                total: false,
            };
        };
        let next = short
            .counts
            .iter()
            .enumerate()
            .filter(|&(i, &c)| !cells[i] && c > 0)
            .min_by_key(|&(i, &c)| (c, i))
            .map(|(i, _)| i);
        match next {
            Some(i) => cells[i] = true,
            None => return whole,
        }
    }
}

/// Counts per label (a make-up: sides, genders, tags of a group) out of `total`, for
/// a reader with threshold `k`.
pub fn withhold_make_up(
    map: &BTreeMap<String, usize>,
    total: usize,
    k: Option<usize>,
    partition: bool,
) -> Withheld {
    let counts: Vec<usize> = map.values().copied().collect();
    match k {
        Some(k) => withhold(&counts, total, k, partition),
        None => Withheld::none(counts.len()),
    }
}

/// A make-up's rows as a reader gets them; none at all when it is withheld whole,
/// since the labels present would tell what the counts hide (one label: everyone
/// has it).
pub fn make_up_rows<'a>(
    map: &'a BTreeMap<String, usize>,
    withheld: &Withheld,
) -> Vec<(&'a str, Count)> {
    if withheld.total {
        return Vec::new();
    }
    map.iter()
        .enumerate()
        .map(|(i, (label, &count))| (label.as_str(), Count::new(count, withheld.cell(i))))
        .collect()
}

/// A count as a reader gets it: shown, or withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count(Option<usize>);

impl Count {
    pub fn new(value: usize, withheld: bool) -> Self {
        Count((!withheld).then_some(value))
    }

    pub fn shown(value: usize) -> Self {
        Count(Some(value))
    }

    pub fn withheld() -> Self {
        Count(None)
    }

    /// The value, None when withheld.
    pub fn value(self) -> Option<usize> {
        self.0
    }

    pub fn is_withheld(self) -> bool {
        self.0.is_none()
    }

    /// `self / whole`, withheld when either is (a share of a shown whole recovers a
    /// withheld part, and a shown part recovers a withheld whole), and undefined
    /// for an empty whole.
    pub fn share_of(self, whole: Count) -> Option<f64> {
        crate::network::share(self.0?, whole.0?)
    }
}

#[cfg(test)]
pub mod audit {
    //! The auditor: what a reader can work out about each withheld cell of a
    //! published table.

    /// A published table: `None` for a withheld cell.
    pub struct Published<'a> {
        pub cells: &'a [Option<usize>],
        /// The total, when shown and the cells add up to it.
        pub total: Option<usize>,
    }

    /// The feasible range of each withheld cell, by exhaustive search over the
    /// assignments (each withheld cell at least 1, adding up to the total when it is
    /// shown). Without a total, a withheld cell is unbounded above (`usize::MAX`).
    pub fn ranges(table: &Published<'_>) -> Vec<(usize, usize, usize)> {
        let hidden: Vec<usize> = (0..table.cells.len())
            .filter(|&i| table.cells[i].is_none())
            .collect();
        let Some(total) = table.total else {
            return hidden.into_iter().map(|i| (i, 1, usize::MAX)).collect();
        };
        let shown: usize = table.cells.iter().flatten().sum();
        let residual = total.saturating_sub(shown);
        let mut lo = vec![usize::MAX; hidden.len()];
        let mut hi = vec![0; hidden.len()];
        let mut values = vec![0; hidden.len()];
        fn search(
            at: usize,
            left: usize,
            values: &mut Vec<usize>,
            lo: &mut [usize],
            hi: &mut [usize],
        ) {
            if at == values.len() {
                if left == 0 {
                    for (j, &v) in values.iter().enumerate() {
                        lo[j] = lo[j].min(v);
                        hi[j] = hi[j].max(v);
                    }
                }
                return;
            }
            for v in 1..=left {
                values[at] = v;
                search(at + 1, left - v, values, lo, hi);
            }
        }
        search(0, residual, &mut values, &mut lo, &mut hi);
        hidden
            .into_iter()
            .enumerate()
            .map(|(j, i)| (i, lo[j], hi[j]))
            .collect()
    }

    /// The first withheld cell a reader could pin down or place wholly below `k`.
    pub fn breach(table: &Published<'_>, k: usize) -> Option<String> {
        ranges(table).into_iter().find_map(|(i, lo, hi)| {
            if lo > hi {
                Some(format!("cell {i}: no feasible value (inconsistent table)"))
            } else if lo == hi {
                Some(format!("cell {i} is exactly {lo}"))
            } else if hi < k {
                Some(format!("cell {i} lies in {lo}..={hi}, below {k}"))
            } else {
                None
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::audit::{Published, breach};
    use super::{Column, Count, withhold, withhold_rows};

    #[test]
    fn one_small_cell_of_a_partition_takes_the_next_smallest_with_it() {
        let w = withhold(&[40, 3, 12, 0], 55, 5, true);
        assert_eq!(w.cells, [false, true, true, false]);
        assert!(!w.total);
    }

    #[test]
    fn overlapping_groups_need_no_complement() {
        let w = withhold(&[40, 3, 12], 50, 5, false);
        assert_eq!(w.cells, [false, true, false]);
    }

    #[test]
    fn overlapping_groups_that_add_up_to_the_total_are_treated_as_a_partition() {
        let w = withhold(&[40, 3, 12], 55, 5, false);
        assert_eq!(w.cells, [false, true, true]);
    }

    #[test]
    fn a_small_total_is_withheld_with_its_cells() {
        let w = withhold(&[3, 1, 0], 4, 5, true);
        assert!(w.total);
        assert!((0..3).all(|i| w.cell(i)));
    }

    #[test]
    fn two_withheld_cells_of_one_each_take_a_third() {
        // 12 = 10 + two withheld: each would be 1.
        let w = withhold(&[10, 1, 1], 12, 5, true);
        assert_eq!(w.cells, [true, true, true]);
        assert!(!w.total);
        // 82 = 15 + 65 + 0 + two withheld.
        let w = withhold(&[15, 65, 0, 1, 1], 82, 5, true);
        assert_eq!(w.cells, [true, false, false, true, true]);
    }

    #[test]
    fn a_table_that_cannot_hide_its_cells_is_withheld_whole() {
        let w = withhold(&[2, 2, 1], 5, 5, true);
        assert!(w.total);
        let w = withhold(&[3], 3, 5, true);
        assert!(w.total);
    }

    #[test]
    fn a_second_column_that_adds_up_asks_for_more() {
        // People overlap across roles; participations partition: the withheld row's
        // participations would be 4 without a second row.
        let people = [10, 3, 8];
        let participations = [30, 4, 20];
        let w = withhold_rows(
            &[
                Column {
                    counts: &people,
                    total: 19,
                    partition: false,
                },
                Column {
                    counts: &participations,
                    total: 54,
                    partition: true,
                },
            ],
            5,
        );
        assert_eq!(w.cells, [false, true, true]);
    }

    #[test]
    fn shares_follow_both_their_part_and_their_whole() {
        assert_eq!(Count::shown(1).share_of(Count::shown(4)), Some(0.25));
        assert_eq!(Count::withheld().share_of(Count::shown(4)), None);
        assert_eq!(Count::shown(1).share_of(Count::withheld()), None);
        assert_eq!(Count::shown(0).share_of(Count::shown(0)), None);
    }

    /// A small seeded generator (xorshift), so the property runs are repeatable.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> usize {
            (self.next() % n) as usize
        }
    }

    fn publish(counts: &[usize], total: usize, k: usize) -> (Vec<Option<usize>>, Option<usize>) {
        let w = withhold(counts, total, k, true);
        let cells = counts
            .iter()
            .enumerate()
            .map(|(i, &c)| (!w.cell(i)).then_some(c))
            .collect();
        (cells, (!w.total).then_some(total))
    }

    #[test]
    fn the_auditor_finds_the_reported_leaks_of_the_old_rule() {
        // 10 of 12 with two withheld cells.
        let cells = [Some(10), None, None];
        let table = Published {
            cells: &cells,
            total: Some(12),
        };
        assert!(breach(&table, 5).is_some());
        // A total of 3 shown with its one label withheld.
        let cells = [None];
        let table = Published {
            cells: &cells,
            total: Some(3),
        };
        assert!(breach(&table, 5).is_some());
    }

    #[test]
    fn no_random_partition_leaves_a_withheld_cell_pinned_or_below_k() {
        let mut rng = Rng(0x5eed_1234_abcd_ef01);
        let mut withheld_seen = 0;
        for _ in 0..4000 {
            let k = 2 + rng.below(5);
            let n = 1 + rng.below(6);
            let counts: Vec<usize> = (0..n)
                .map(|_| match rng.below(4) {
                    0 => 0,
                    1 => 1 + rng.below(k as u64),
                    _ => rng.below(3 * k as u64),
                })
                .collect();
            let total: usize = counts.iter().sum();
            if total > 40 {
                continue;
            }
            let (cells, shown_total) = publish(&counts, total, k);
            withheld_seen += cells.iter().filter(|c| c.is_none()).count();
            for (c, p) in counts.iter().zip(&cells) {
                if (1..k).contains(c) {
                    assert!(p.is_none(), "small cell shown: {counts:?} k={k}");
                }
            }
            let table = Published {
                cells: &cells,
                total: shown_total,
            };
            if let Some(problem) = breach(&table, k) {
                panic!("{counts:?} (total {total}, k={k}) published as {cells:?}: {problem}");
            }
        }
        assert!(withheld_seen > 1000);
    }
}
