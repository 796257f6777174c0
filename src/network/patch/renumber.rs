//! Where the records went: the renumbering of old indices into new ones when
//! records come, go or move in order, and the records merged with their edits.

use super::RecordEdit;
use crate::domain::Meeting;
use crate::network::adjacency::Lists;
use crate::network::index::{Ix, MeetingIx};
use crate::network::model::{MeetingNode, Network};
use std::collections::{BTreeMap, HashMap};
use std::marker::PhantomData;
use std::sync::Arc;

/// The meetings of a snapshot, shared between snapshots.
type SharedMeetings = Arc<Vec<Arc<MeetingNode>>>;

/// An index that no longer exists (its record, or the links it had, went).
pub(super) const GONE: u32 = u32::MAX;

/// Where each old index of one kind of record (indexed by `I`) went.
pub(super) struct Renumbering<I = u32> {
    /// The new index of each old one (`GONE` if none); `None` when nothing moved.
    new_of_old: Option<Vec<u32>>,
    /// The old index of each new one (`GONE` for a record made anew).
    old_of_new: Option<Vec<u32>>,
    /// Whether the old indices that remain keep their order.
    pub(super) monotone: bool,
    space: PhantomData<I>,
}

impl<I: Ix> Renumbering<I> {
    pub(super) fn unchanged() -> Self {
        Renumbering {
            new_of_old: None,
            old_of_new: None,
            monotone: true,
            space: PhantomData,
        }
    }

    pub(super) fn from_map(new_of_old: Vec<u32>, new_len: usize) -> Self {
        let mut old_of_new = vec![GONE; new_len];
        let mut monotone = true;
        let mut last = None;
        for (old, &new) in new_of_old.iter().enumerate() {
            if new != GONE {
                old_of_new[new as usize] = old as u32;
                monotone &= last.is_none_or(|l| l < new);
                last = Some(new);
            }
        }
        Renumbering {
            new_of_old: Some(new_of_old),
            old_of_new: Some(old_of_new),
            monotone,
            space: PhantomData,
        }
    }

    pub(super) fn is_unchanged(&self) -> bool {
        self.new_of_old.is_none()
    }

    /// The new index of `old`, `None` if it went.
    pub(super) fn forward(&self, old: I) -> Option<I> {
        Self::through(&self.new_of_old, old)
    }

    /// The old index of `new`, `None` for a record made anew.
    pub(super) fn back(&self, new: I) -> Option<I> {
        Self::through(&self.old_of_new, new)
    }

    fn through(map: &Option<Vec<u32>>, i: I) -> Option<I> {
        match map {
            None => Some(i),
            Some(map) => match map[i.index()] {
                GONE => None,
                to => Some(I::new(to as usize)),
            },
        }
    }
}

/// The last edit of each record, by id.
fn last_edits<'a, 'e, T>(
    edits: &'e [RecordEdit<'a, T>],
) -> BTreeMap<&'a str, &'e RecordEdit<'a, T>> {
    edits.iter().map(|e| (e.id, e)).collect()
}

/// Records in id order with `edits` merged in: kept ones shared, changed ones made
/// from their new record.
pub(super) fn merged_by_id<N: Clone, T, I: Ix>(
    old: &[N],
    id_of: impl for<'n> Fn(&'n N) -> &'n str,
    edits: &[RecordEdit<'_, T>],
    make: impl Fn(&T) -> N,
) -> (Vec<N>, Renumbering<I>) {
    if edits.is_empty() {
        return (old.to_vec(), Renumbering::unchanged());
    }
    let changes = last_edits(edits);
    let mut records = Vec::with_capacity(old.len() + changes.len());
    let mut new_of_old = vec![GONE; old.len()];
    let mut pending = changes.iter().peekable();
    for (o, record) in old.iter().enumerate() {
        let id = id_of(record);
        while let Some((_, edit)) = pending.next_if(|(e, _)| **e < id) {
            records.extend(edit.now.map(&make));
        }
        match pending.next_if(|(e, _)| **e == id) {
            None => {
                new_of_old[o] = records.len() as u32;
                records.push(record.clone());
            }
            Some((_, edit)) => {
                if let Some(now) = edit.now {
                    if !edit.deleted {
                        new_of_old[o] = records.len() as u32;
                    }
                    records.push(make(now));
                }
            }
        }
    }
    for (_, edit) in pending {
        records.extend(edit.now.map(&make));
    }
    let len = records.len();
    (records, Renumbering::from_map(new_of_old, len))
}

impl Network {
    /// The meetings after `edits`, in (start date, id) order, their indices in id
    /// order, and where the old indices went (a new date moves a meeting).
    pub(super) fn meetings_after(
        &self,
        edits: &[RecordEdit<'_, Meeting>],
    ) -> (SharedMeetings, Arc<Vec<MeetingIx>>, Renumbering<MeetingIx>) {
        if edits.is_empty() {
            return (
                Arc::clone(&self.meetings),
                Arc::clone(&self.meeting_ids),
                Renumbering::unchanged(),
            );
        }
        let changes = last_edits(edits);
        // The old meetings no edit touches, still in order, then the ones that are
        // new or changed, sorted, merged into them.
        let mut incoming: Vec<(Arc<MeetingNode>, u32)> = Vec::new();
        let mut kept: Vec<u32> = Vec::with_capacity(self.meetings.len());
        let mut touched = vec![false; self.meetings.len()];
        for (id, edit) in &changes {
            let old = self.meeting_position(id).map(|o| o.index() as u32);
            if let Some(o) = old {
                touched[o as usize] = true;
            }
            if let Some(now) = edit.now {
                let from = match old {
                    Some(o) if !edit.deleted => o,
                    _ => GONE,
                };
                incoming.push((Arc::new(MeetingNode::from(now)), from));
            }
        }
        kept.extend((0..self.meetings.len() as u32).filter(|&o| !touched[o as usize]));
        incoming.sort_by(|a, b| a.0.order_key().cmp(&b.0.order_key()));
        let mut meetings = Vec::with_capacity(kept.len() + incoming.len());
        let mut new_of_old = vec![GONE; self.meetings.len()];
        let mut made = Vec::new();
        let mut incoming = incoming.into_iter().peekable();
        for o in kept {
            let node = &self.meetings[o as usize];
            while let Some((new, from)) =
                incoming.next_if(|(n, _)| n.order_key() < node.order_key())
            {
                place(&mut meetings, &mut new_of_old, &mut made, new, from);
            }
            new_of_old[o as usize] = meetings.len() as u32;
            meetings.push(Arc::clone(node));
        }
        for (new, from) in incoming {
            place(&mut meetings, &mut new_of_old, &mut made, new, from);
        }
        // Id order: the old order renumbered, with the meetings made anew merged in.
        made.sort_by(|&a: &u32, &b| meetings[a as usize].id.cmp(&meetings[b as usize].id));
        let mut meeting_ids = Vec::with_capacity(meetings.len());
        let mut made = made.into_iter().peekable();
        for &o in self.meeting_ids.iter() {
            let new = new_of_old[o.index()];
            if new == GONE {
                continue;
            }
            let id = meetings[new as usize].id.as_str();
            while let Some(m) = made.next_if(|&m| meetings[m as usize].id.as_str() < id) {
                meeting_ids.push(MeetingIx::new(m as usize));
            }
            meeting_ids.push(MeetingIx::new(new as usize));
        }
        meeting_ids.extend(made.map(|m| MeetingIx::new(m as usize)));
        let len = meetings.len();
        (
            Arc::new(meetings),
            Arc::new(meeting_ids),
            Renumbering::from_map(new_of_old, len),
        )
    }
}

/// Per-record lists after a patch: for each of `len` new indices, its list in
/// `replaced`, or else its old list (found through `moved`) with each item passed
/// through `renumber`, which drops it by answering `None`.
pub(super) fn relisted<T: Copy, I: Ix>(
    old: &Lists<T, I>,
    len: usize,
    moved: &Renumbering<I>,
    mut replaced: HashMap<I, Vec<T>>,
    renumber: impl Fn(T) -> Option<T>,
) -> Lists<T, I> {
    let mut lists = Lists::with_capacity(len, 0);
    for new in (0..len).map(I::new) {
        if let Some(items) = replaced.remove(&new) {
            lists.push_list(items);
            continue;
        }
        let items = match moved.back(new) {
            None => &[][..],
            Some(from) => old.of(from),
        };
        lists.push_list(items.iter().filter_map(|&item| renumber(item)));
    }
    lists.finish()
}

/// Places meeting `node` (from old index `from`, or `GONE` when made anew) next.
fn place(
    meetings: &mut Vec<Arc<MeetingNode>>,
    new_of_old: &mut [u32],
    made: &mut Vec<u32>,
    node: Arc<MeetingNode>,
    from: u32,
) {
    let new = meetings.len() as u32;
    if from == GONE {
        made.push(new);
    } else {
        new_of_old[from as usize] = new;
    }
    meetings.push(node);
}
