//! The one gate: what a reader or writer may see and do.
//!
//! A request's [`View`] is made here, once, from its [`Reader`] (the role of the API
//! key presented) and the installation's [`Policy`]. Every surface takes it: GraphQL
//! reads and writes, downloads, the explorer's queries. What it decides:
//!
//! - which meetings exist for the reader (its [`Visibility`]: reads leave the others
//!   out, writes answer for them as for an id never used);
//! - whether sensitive people are masked: shown under a pseudonym, their attributes
//!   counted as `withheld`, their real id naming no one ([`pseudonyms`]);
//! - the small-cell threshold of the aggregates the reader gets;
//! - whether the reader's role allows an operation at all.
//!
//! docs/privacy.md states the threat model this serves.

pub mod pseudonyms;

pub use crate::domain::{Reader, Role, Visibility};

use crate::domain::Person;
use crate::network::Scope;
use crate::snapshot::Snapshot;
use std::sync::Arc;

/// The installation's privacy settings.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Aggregate counts below this are withheld from masked readers.
    pub min_cell_size: usize,
    /// The secret the pseudonyms of sensitive people are derived with.
    pub pseudonym_secret: Arc<str>,
}

impl Policy {
    /// The pseudonym of a person id under this installation's secret, for the model
    /// to order masked people by.
    pub fn pseudonymiser(&self) -> crate::snapshot::Pseudonymiser {
        let secret = Arc::clone(&self.pseudonym_secret);
        Arc::new(move |id: &str| pseudonyms::pseudonym(&secret, id))
    }
}

/// A role too low for what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("this needs the {needed} role; the key presented is {has}")]
pub struct Forbidden {
    pub needed: Role,
    pub has: Role,
}

/// What one request may see and do.
#[derive(Debug, Clone)]
pub struct View {
    reader: Reader,
    visibility: Visibility,
    min_cell_size: usize,
    secret: Arc<str>,
}

/// How a person argument resolves for a reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonRef {
    /// The real id of a person the reader may name.
    Id(String),
    /// Names no one the reader may know of (never used, or a masked person's real id).
    NoOne,
}

impl View {
    /// The view of `reader` under `policy`.
    pub fn new(reader: Reader, policy: &Policy) -> View {
        View {
            reader,
            visibility: reader.role.visibility(),
            min_cell_size: policy.min_cell_size,
            secret: Arc::clone(&policy.pseudonym_secret),
        }
    }

    pub fn reader(&self) -> Reader {
        self.reader
    }

    pub fn role(&self) -> Role {
        self.reader.role
    }

    /// The meetings and names this view may see; every store call takes it.
    pub fn visibility(&self) -> Visibility {
        self.visibility
    }

    /// The network scope of this view, over all time.
    pub fn scope(&self) -> Scope {
        Scope::of(self.visibility)
    }

    /// Fails unless the reader's role is at least `needed`.
    pub fn require(&self, needed: Role) -> Result<(), Forbidden> {
        if self.reader.role >= needed {
            Ok(())
        } else {
            Err(Forbidden {
                needed,
                has: self.reader.role,
            })
        }
    }

    /// Whether sensitive people are masked for this reader.
    pub fn masks(&self) -> bool {
        self.visibility.masks_sensitive()
    }

    /// Whether this person is masked for this reader.
    pub fn masked(&self, person: &Person) -> bool {
        person.sensitive && self.masks()
    }

    /// Whether the person with real id `id` in `snapshot` is masked for this reader.
    pub fn masks_id(&self, snapshot: &Snapshot, id: &str) -> bool {
        if !self.masks() {
            return false;
        }
        let network = snapshot.unmasked();
        network
            .person_index(id)
            .ok()
            .is_some_and(|i| network.person(i).sensitive)
    }

    /// The small-cell threshold of the aggregates this reader gets (none when the
    /// reader sees everyone by name).
    pub fn small_cell_threshold(&self) -> Option<usize> {
        self.masks().then_some(self.min_cell_size)
    }

    /// The pseudonyms of `snapshot` under this installation's secret.
    pub fn pseudonyms(&self, snapshot: &Snapshot) -> Arc<pseudonyms::Pseudonyms> {
        pseudonyms::table(snapshot, &self.secret)
    }

    /// The key this reader knows a person by: a pseudonym for a masked person.
    pub fn shown_key(&self, id: &str, sensitive: bool) -> String {
        if sensitive && self.masks() {
            pseudonyms::pseudonym(&self.secret, id)
        } else {
            id.to_owned()
        }
    }

    /// The person a key given by this reader names, looked up in `snapshot`. A
    /// pseudonym resolves to its person; a masked person's real id, like a key
    /// never used, names no one.
    pub fn resolve_person(&self, snapshot: &Snapshot, key: &str) -> PersonRef {
        if !self.masks() {
            return PersonRef::Id(key.to_owned());
        }
        if let Some(id) = pseudonyms::real_id(snapshot, &self.secret, key) {
            return PersonRef::Id(id);
        }
        if self.masks_id(snapshot, key) || pseudonyms::looks_like(key) {
            PersonRef::NoOne
        } else {
            PersonRef::Id(key.to_owned())
        }
    }
}
