//! Stable pseudonyms for sensitive people, shown to masked readers in place of their
//! id, key and name.
//!
//! A pseudonym is derived from the person's id with this installation's secret, so it
//! is the same on every request and replica but cannot be computed from a guessed id.

use crate::network::{PersonIx, Scope};
use crate::snapshot::Snapshot;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The prefix of every pseudonym.
const PREFIX: &str = "anon-";

/// The pseudonym of the person `id` under `secret`.
pub fn pseudonym(secret: &str, id: &str) -> String {
    let mut hash = Sha256::new();
    hash.update(secret.as_bytes());
    hash.update([0u8]);
    hash.update(id.as_bytes());
    format!("{PREFIX}{}", &hex::encode(hash.finalize())[..16])
}

/// Whether a key has the form of a pseudonym.
pub fn looks_like(key: &str) -> bool {
    key.starts_with(PREFIX)
}

/// The sensitive people of a snapshot by pseudonym: the order masked readers list
/// them in, and the way back from a pseudonym to its person.
pub struct Pseudonyms {
    /// Pseudonym -> index of the person in the snapshot's network.
    pub by_pseudonym: BTreeMap<String, PersonIx>,
}

impl crate::snapshot::Weigh for Pseudonyms {
    fn bytes(&self) -> usize {
        self.by_pseudonym.keys().map(|k| 64 + k.len()).sum()
    }
}

/// The pseudonyms of `snapshot`'s sensitive people under `secret`, made once per
/// snapshot.
pub fn table(snapshot: &Snapshot, secret: &str) -> Arc<Pseudonyms> {
    let made = snapshot.cached(&Scope::everything(), "pseudonyms", || {
        let network = snapshot.unmasked();
        let by_pseudonym = network
            .people()
            .iter()
            .enumerate()
            .filter(|(_, p)| p.sensitive)
            .map(|(i, p)| (pseudonym(secret, &p.id), PersonIx::new(i)))
            .collect();
        Ok::<_, std::convert::Infallible>(Pseudonyms { by_pseudonym })
    });
    match made {
        Ok(table) => table,
        Err(never) => match never {},
    }
}

/// The real id behind a pseudonym, if it is one of a sensitive person in `snapshot`.
pub fn real_id(snapshot: &Snapshot, secret: &str, key: &str) -> Option<String> {
    if !looks_like(key) {
        return None;
    }
    let table = table(snapshot, secret);
    let index = *table.by_pseudonym.get(key)?;
    Some(snapshot.unmasked().person(index).id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_and_depend_on_the_secret() {
        assert_eq!(pseudonym("s", "p-1"), pseudonym("s", "p-1"));
        assert_ne!(pseudonym("s", "p-1"), pseudonym("t", "p-1"));
        assert_ne!(pseudonym("s", "p-1"), pseudonym("s", "p-2"));
        assert!(looks_like(&pseudonym("s", "p-1")));
        assert_eq!(pseudonym("s", "p-1").len(), "anon-".len() + 16);
    }
}
