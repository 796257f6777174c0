//! The request's view applied to people: the keys a reader knows people by, the
//! people a key names for them, and the order they are listed in. The rules live in
//! [`crate::access`]; these helpers only fetch the request's view.

use super::context::{api, view};
use super::error::{ApiError, ApiResult};
use super::ids::key_of;
use crate::access::PersonRef;
use crate::domain;
use crate::network::NetworkError;
use async_graphql::{Context, ID};

/// Whether `person` is shown under a pseudonym to this request's reader.
pub fn masked(ctx: &Context<'_>, person: &domain::Person) -> ApiResult<bool> {
    Ok(view(ctx)?.masked(person))
}

/// The key this request's reader knows the person by.
pub fn shown_key(ctx: &Context<'_>, person: &domain::Person) -> ApiResult<String> {
    Ok(view(ctx)?.shown_key(person.id.as_str(), person.sensitive))
}

/// The real id of the person a key given by this request's reader names, if any.
pub fn resolve(ctx: &Context<'_>, key: &str) -> ApiResult<Option<String>> {
    let snapshot = api(ctx)?.live.current();
    Ok(match view(ctx)?.resolve_person(&snapshot, key) {
        PersonRef::Id(id) => Some(id),
        PersonRef::NoOne => None,
    })
}

/// The real id a `Person` argument names, or None when it names no one this
/// reader may know of.
pub fn person_ref(ctx: &Context<'_>, id: &ID) -> ApiResult<Option<String>> {
    resolve(ctx, &key_of("Person", id))
}

/// The real id a `Person` argument names; NOT_FOUND, echoing the argument as given,
/// when it names no one this reader may know of (exactly as for a key never used).
pub fn person_arg(ctx: &Context<'_>, id: &ID) -> ApiResult<String> {
    let key = key_of("Person", id);
    resolve(ctx, &key)?.ok_or_else(|| ApiError::from(NetworkError::UnknownPerson(key)))
}

/// Whether the person `id` is masked for this request's reader: their
/// affiliations and represented organisations must not show.
pub fn withheld(ctx: &Context<'_>, id: &str) -> ApiResult<bool> {
    Ok(view(ctx)?.masks_id(&api(ctx)?.live.current(), id))
}

/// Where a person stands in a list as this reader sees it: named people first, by
/// id, then masked people, by pseudonym. List cursors carry this, so no cursor holds
/// a masked person's real id and no order places a masked person among named ones.
pub type Position = (u8, String);

/// The position of a person (by real id and sensitivity) for this reader.
pub fn position(ctx: &Context<'_>, id: &str, sensitive: bool) -> ApiResult<Position> {
    let view = view(ctx)?;
    let masked = sensitive && view.masks();
    Ok((u8::from(masked), view.shown_key(id, sensitive)))
}
