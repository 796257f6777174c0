//! Stable pseudonyms for sensitive people, shown to readers below analyst in place of
//! their id, key and name; their personal fields and affiliations are withheld.
//!
//! A pseudonym is derived from the person's id with this installation's secret, so it
//! is the same on every request and replica but cannot be computed from a guessed id.

use super::context::{api, reader};
use super::error::ApiResult;
use super::ids::key_of;
use crate::auth::Role;
use crate::domain;
use crate::network::Scope;
use async_graphql::{Context, ID};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

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

/// Whether this request's reader sees sensitive people under pseudonyms.
pub fn masking(ctx: &Context<'_>) -> ApiResult<bool> {
    Ok(reader(ctx)?.role < Role::Analyst)
}

/// Whether `person` is shown under a pseudonym to this request's reader.
pub fn masked(ctx: &Context<'_>, person: &domain::Person) -> ApiResult<bool> {
    Ok(person.sensitive && masking(ctx)?)
}

/// The key this request's reader knows the person by.
pub fn shown_key(ctx: &Context<'_>, person: &domain::Person) -> ApiResult<String> {
    if masked(ctx, person)? {
        Ok(pseudonym(&api(ctx)?.pseudonym_secret, person.id.as_str()))
    } else {
        Ok(person.id.to_string())
    }
}

/// A key that names no one.
const NO_ONE: &str = "anon-unknown";

/// The real id behind a person key given by this request's reader: a pseudonym is
/// translated; a sensitive person's real id names no one for a masked reader.
pub fn unmask(ctx: &Context<'_>, key: String) -> ApiResult<String> {
    if !masking(ctx)? {
        return Ok(key);
    }
    let api = api(ctx)?;
    let snapshot = api.live.current();
    let secret = api.pseudonym_secret.clone();
    let table = snapshot.cached(&Scope::everything(), "pseudonyms", || {
        let map: HashMap<String, String> = snapshot
            .people()
            .iter()
            .filter(|p| p.sensitive)
            .map(|p| (pseudonym(&secret, &p.id), p.id.clone()))
            .collect();
        Ok::<_, std::convert::Infallible>(map)
    });
    let table = match table {
        Ok(table) => table,
        Err(never) => match never {},
    };
    if let Some(id) = table.get(&key) {
        return Ok(id.clone());
    }
    let sensitive = snapshot
        .person_index(&key)
        .ok()
        .is_some_and(|i| snapshot.people()[i as usize].sensitive);
    Ok(if sensitive || key.starts_with(PREFIX) {
        NO_ONE.to_owned()
    } else {
        key
    })
}

/// The real id a `Person` argument names, for this request's reader.
pub fn person_key(ctx: &Context<'_>, id: &ID) -> ApiResult<String> {
    unmask(ctx, key_of("Person", id))
}

/// Whether the person `id` is withheld from this request's reader (sensitive, and
/// the reader below analyst): their affiliations must not show.
pub fn withheld(ctx: &Context<'_>, id: &str) -> ApiResult<bool> {
    if !masking(ctx)? {
        return Ok(false);
    }
    let snapshot = api(ctx)?.live.current();
    Ok(snapshot
        .person_index(id)
        .ok()
        .is_some_and(|i| snapshot.people()[i as usize].sensitive))
}
