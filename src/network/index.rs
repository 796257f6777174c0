//! The index spaces of the model, one type each, so that an index of one space
//! cannot be passed where another is expected.
//!
//! Four spaces share small integers: a person's position in
//! [`Network::people`](super::Network::people) ([`PersonIx`]), a meeting's position
//! in [`Network::meetings`](super::Network::meetings) ([`MeetingIx`]), a node of a
//! [`MetGraph`](super::MetGraph) (an active person, [`NodeIx`]) and a met graph's
//! meeting (a position into [`MetGraph::meetings`](super::MetGraph::meetings),
//! [`GraphMeetingIx`]). Each is a `u32` underneath (`#[repr(transparent)]`), so the
//! lists that hold them take no more room than bare integers; the inner loops of an
//! algorithm may still work on bare `u32` arrays of their own and convert at their
//! boundary.
//!
//! A node's person is found through its met graph:
//!
//! ```
//! use peacenet::network::{MetGraph, Network, NodeIx};
//!
//! fn id_of(network: &Network, graph: &MetGraph, node: NodeIx) -> String {
//!     network.person(graph.person(node)).id.clone()
//! }
//! ```
//!
//! and a node taken for a person does not compile:
//!
//! ```compile_fail,E0308
//! use peacenet::network::{Network, NodeIx};
//!
//! fn id_of(network: &Network, node: NodeIx) -> String {
//!     network.person(node).id.clone()
//! }
//! ```

use std::fmt::Debug;
use std::hash::Hash;

/// An index of one of the model's spaces (bare `u32` for a graph of no particular
/// space, such as a test's).
pub trait Ix: Copy + Ord + Hash + Debug {
    /// The index `i` (which must fit in a `u32`).
    fn new(i: usize) -> Self;
    /// The index as a position into a slice.
    fn index(self) -> usize;
}

impl Ix for u32 {
    #[inline]
    fn new(i: usize) -> Self {
        debug_assert!(i <= u32::MAX as usize, "an index past u32");
        i as u32
    }

    #[inline]
    fn index(self) -> usize {
        self as usize
    }
}

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[repr(transparent)]
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub struct $name(u32);

        impl $name {
            /// The index `i` (which must fit in a `u32`).
            #[inline]
            pub const fn new(i: usize) -> Self {
                debug_assert!(i <= u32::MAX as usize, "an index past u32");
                $name(i as u32)
            }

            /// The index as a position into a slice.
            #[inline]
            pub const fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl Ix for $name {
            #[inline]
            fn new(i: usize) -> Self {
                $name::new(i)
            }

            #[inline]
            fn index(self) -> usize {
                $name::index(self)
            }
        }
    };
}

index_type! {
    /// A person's position in [`Network::people`](super::Network::people).
    PersonIx
}

index_type! {
    /// A meeting's position in [`Network::meetings`](super::Network::meetings), so in
    /// (start date, id) order.
    MeetingIx
}

index_type! {
    /// A node of a [`MetGraph`](super::MetGraph): one of its active people, numbered
    /// in the order of the network's people.
    NodeIx
}

index_type! {
    /// One of a [`MetGraph`](super::MetGraph)'s meetings: a position into
    /// [`MetGraph::meetings`](super::MetGraph::meetings).
    GraphMeetingIx
}

/// The indices `0..n` of a space.
pub fn all<I: Ix>(n: usize) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator + Clone {
    (0..n).map(I::new)
}
