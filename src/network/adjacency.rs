//! Compact lists (CSR): for each source index, a run of items packed into one
//! vector. [`Adjacency`] holds sorted target indices; the model keeps other
//! per-person and per-meeting rows (affiliations, organisation roles) the same way,
//! so that copying or patching them moves memory, not allocations.

use super::index::Ix;
use std::marker::PhantomData;

/// Lists of items packed into two vectors, one list per source (indexed by `S`).
#[derive(Debug, Clone)]
pub struct Lists<T, S = u32> {
    offsets: Vec<u32>,
    items: Vec<T>,
    sources: PhantomData<S>,
}

/// Sorted neighbour lists: for each source (indexed by `S`), its target indices
/// (`T`) ascending; bare `u32` unless the lists name their spaces.
pub type Adjacency<T = u32, S = u32> = Lists<T, S>;

impl<T, S> Default for Lists<T, S> {
    fn default() -> Self {
        Lists {
            offsets: vec![0],
            items: Vec::new(),
            sources: PhantomData,
        }
    }
}

impl<T: Ix, S: Ix> Lists<T, S> {
    /// Builds the lists of `sources` nodes from (source, target) pairs.
    pub fn from_pairs(sources: usize, mut pairs: Vec<(S, T)>) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        let mut offsets = vec![0u32; sources + 1];
        for (source, _) in &pairs {
            offsets[source.index() + 1] += 1;
        }
        for i in 0..sources {
            offsets[i + 1] += offsets[i];
        }
        let items = pairs.into_iter().map(|(_, target)| target).collect();
        Lists {
            offsets,
            items,
            sources: PhantomData,
        }
    }

    /// The lists turned around: for each of `targets` targets, the sources that
    /// list it, ascending.
    pub fn transposed(&self, targets: usize) -> Lists<S, T> {
        let mut offsets = vec![0u32; targets + 1];
        for &t in &self.items {
            offsets[t.index() + 1] += 1;
        }
        for i in 0..targets {
            offsets[i + 1] += offsets[i];
        }
        let mut next: Vec<u32> = offsets[..targets].to_vec();
        let mut items = vec![S::new(0); self.items.len()];
        for source in 0..self.len() {
            for &t in self.of(S::new(source)) {
                let slot = &mut next[t.index()];
                items[*slot as usize] = S::new(source);
                *slot += 1;
            }
        }
        Lists {
            offsets,
            items,
            sources: PhantomData,
        }
    }

    /// The number of (source, target) pairs.
    pub fn pair_count(&self) -> usize {
        self.items.len()
    }
}

impl<T: Clone, S: Ix> Lists<T, S> {
    /// A builder that takes the lists one source at a time, in source order.
    pub fn builder() -> ListsBuilder<T, S> {
        ListsBuilder {
            lists: Lists::default(),
        }
    }

    /// A builder for `sources` lists holding about `items` items in all.
    pub fn with_capacity(sources: usize, items: usize) -> ListsBuilder<T, S> {
        let mut offsets = Vec::with_capacity(sources + 1);
        offsets.push(0);
        ListsBuilder {
            lists: Lists {
                offsets,
                items: Vec::with_capacity(items),
                sources: PhantomData,
            },
        }
    }

    /// The lists of `rows`, one per source.
    pub fn from_rows<R: IntoIterator<Item = T>>(rows: impl IntoIterator<Item = R>) -> Self {
        let mut builder = Self::builder();
        for row in rows {
            builder.push_list(row);
        }
        builder.finish()
    }

    /// The items of `source` (none past the last source).
    pub fn of(&self, source: S) -> &[T] {
        let i = source.index();
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&start), Some(&end)) => &self.items[start as usize..end as usize],
            _ => &[],
        }
    }

    /// Where the items of `source` start among all items.
    pub fn start(&self, source: S) -> usize {
        self.offsets
            .get(source.index())
            .map_or(self.items.len(), |&o| o as usize)
    }

    /// The bytes the lists hold.
    pub fn bytes(&self) -> usize {
        4 * self.offsets.len() + std::mem::size_of::<T>() * self.items.len()
    }

    /// The number of sources.
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    /// Whether there are no sources.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Builds [`Lists`] list by list.
pub struct ListsBuilder<T, S = u32> {
    lists: Lists<T, S>,
}

impl<T, S> ListsBuilder<T, S> {
    /// Appends the next source's items (an [`Adjacency`]'s must be sorted).
    pub fn push_list(&mut self, items: impl IntoIterator<Item = T>) {
        self.lists.items.extend(items);
        self.lists.offsets.push(self.lists.items.len() as u32);
    }

    pub fn finish(mut self) -> Lists<T, S> {
        self.lists.items.shrink_to_fit();
        self.lists.offsets.shrink_to_fit();
        self.lists
    }
}

#[cfg(test)]
mod tests {
    use super::Adjacency;

    #[test]
    fn lists_are_sorted_and_deduplicated() {
        let adj: Adjacency =
            Adjacency::from_pairs(3, vec![(2u32, 5), (0, 9), (2, 1), (0, 9), (2, 3)]);
        assert_eq!(adj.of(0u32), &[9]);
        assert_eq!(adj.of(1u32), &[] as &[u32]);
        assert_eq!(adj.of(2u32), &[1, 3, 5]);
        assert_eq!(adj.of(7u32), &[] as &[u32]);
        assert_eq!(adj.pair_count(), 4);
        let back: Adjacency = adj.transposed(10);
        assert_eq!(back.of(9u32), &[0]);
        assert_eq!(back.of(3u32), &[2]);
        assert_eq!(back.of(4u32), &[] as &[u32]);
        assert_eq!(back.transposed(3).of(2u32), adj.of(2u32));
    }
}
