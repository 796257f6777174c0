//! Small-cell suppression: which counts to withhold from readers who may only see
//! aggregates, so that no small group can be singled out.

/// Which cells to withhold, and whether their total must be withheld too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withheld {
    pub cells: Vec<bool>,
    pub total: bool,
}

/// Withholds every cell with a count from 1 to `k - 1` (zeros are shown). When the
/// cells add up to a shown total (`partition`), one withheld cell could be recovered
/// as the total minus the others: then the smallest other non-zero cell is withheld
/// as well. A total below `k` is withheld with all its cells.
pub fn withhold(counts: &[usize], total: usize, k: usize, partition: bool) -> Withheld {
    if total > 0 && total < k {
        return Withheld {
            cells: counts.iter().map(|&c| c > 0).collect(),
            total: true,
        };
    }
    let mut cells: Vec<bool> = counts.iter().map(|&c| c > 0 && c < k).collect();
    if partition && cells.iter().filter(|&&w| w).count() == 1 {
        let other = counts
            .iter()
            .enumerate()
            .filter(|&(i, &c)| !cells[i] && c > 0)
            .min_by_key(|&(i, &c)| (c, i))
            .map(|(i, _)| i);
        if let Some(i) = other {
            cells[i] = true;
        }
    }
    Withheld {
        cells,
        total: false,
    }
}

#[cfg(test)]
mod tests {
    use super::withhold;

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
    fn a_small_total_is_withheld_with_its_cells() {
        let w = withhold(&[3, 1, 0], 4, 5, true);
        assert_eq!(w.cells, [true, true, false]);
        assert!(w.total);
    }
}
