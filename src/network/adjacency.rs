//! Compact adjacency lists (CSR): for each source index, its sorted target indices.

/// Sorted neighbour lists packed into two vectors.
#[derive(Debug, Clone, Default)]
pub struct Adjacency {
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl Adjacency {
    /// Builds the lists of `sources` nodes from (source, target) pairs.
    pub fn from_pairs(sources: usize, mut pairs: Vec<(u32, u32)>) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        let mut offsets = vec![0u32; sources + 1];
        for (source, _) in &pairs {
            offsets[*source as usize + 1] += 1;
        }
        for i in 0..sources {
            offsets[i + 1] += offsets[i];
        }
        let targets = pairs.into_iter().map(|(_, target)| target).collect();
        Adjacency { offsets, targets }
    }

    /// A builder that takes the lists one source at a time, in source order.
    pub fn builder() -> AdjacencyBuilder {
        AdjacencyBuilder {
            lists: Adjacency {
                offsets: vec![0],
                targets: Vec::new(),
            },
        }
    }

    /// A builder for `sources` lists holding about `targets` targets in all.
    pub fn with_capacity(sources: usize, targets: usize) -> AdjacencyBuilder {
        let mut offsets = Vec::with_capacity(sources + 1);
        offsets.push(0);
        AdjacencyBuilder {
            lists: Adjacency {
                offsets,
                targets: Vec::with_capacity(targets),
            },
        }
    }

    /// The sorted targets of `source`.
    pub fn of(&self, source: u32) -> &[u32] {
        let i = source as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&start), Some(&end)) => &self.targets[start as usize..end as usize],
            _ => &[],
        }
    }

    /// Where the targets of `source` start among all targets.
    pub fn start(&self, source: u32) -> usize {
        self.offsets
            .get(source as usize)
            .map_or(self.targets.len(), |&o| o as usize)
    }

    /// The bytes the lists hold.
    pub fn bytes(&self) -> usize {
        4 * (self.offsets.len() + self.targets.len())
    }

    /// The number of sources.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Whether there are no sources.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of (source, target) pairs.
    pub fn pair_count(&self) -> usize {
        self.targets.len()
    }
}

/// Builds an [`Adjacency`] list by list.
pub struct AdjacencyBuilder {
    lists: Adjacency,
}

impl AdjacencyBuilder {
    /// Appends the next source's targets, which must already be sorted.
    pub fn push_list(&mut self, targets: impl IntoIterator<Item = u32>) {
        self.lists.targets.extend(targets);
        self.lists.offsets.push(self.lists.targets.len() as u32);
    }

    pub fn finish(mut self) -> Adjacency {
        self.lists.targets.shrink_to_fit();
        self.lists.offsets.shrink_to_fit();
        self.lists
    }
}

#[cfg(test)]
mod tests {
    use super::Adjacency;

    #[test]
    fn lists_are_sorted_and_deduplicated() {
        let adj = Adjacency::from_pairs(3, vec![(2, 5), (0, 9), (2, 1), (0, 9), (2, 3)]);
        assert_eq!(adj.of(0), &[9]);
        assert_eq!(adj.of(1), &[] as &[u32]);
        assert_eq!(adj.of(2), &[1, 3, 5]);
        assert_eq!(adj.of(7), &[] as &[u32]);
        assert_eq!(adj.pair_count(), 4);
    }
}
