//! Checks of a write's input, each naming the field at fault.

use crate::domain::{EntityId, FieldError, Label, LabelList};
use crate::graphql::error::{ApiError, ApiResult};
use crate::graphql::ids::key_of;
use async_graphql::{ID, MaybeUndefined, Result};

/// Attaches the input path to a field error.
pub(super) fn at<T>(path: &str, result: Result<T, FieldError>) -> ApiResult<T> {
    result.map_err(|e| ApiError::bad_input(path, e.message))
}

/// Required free text: trimmed, not empty.
pub(super) fn text(path: &str, value: String) -> ApiResult<String> {
    let value = value.trim().to_owned();
    if value.is_empty() {
        return Err(ApiError::bad_input(path, "must not be empty"));
    }
    Ok(value)
}

/// Optional free text: trimmed, empty means none.
pub(super) fn text_opt(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

pub(super) fn parsed<T>(
    path: &str,
    value: Option<String>,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> ApiResult<Option<T>> {
    text_opt(value).map(|v| at(path, parse(&v))).transpose()
}

/// Applies a patch field: absent keeps `current`, null clears, a value replaces.
pub(super) fn patched<T>(
    path: &str,
    patch: MaybeUndefined<String>,
    current: Option<T>,
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> ApiResult<Option<T>> {
    match patch {
        MaybeUndefined::Undefined => Ok(current),
        MaybeUndefined::Null => Ok(None),
        MaybeUndefined::Value(v) => parsed(path, Some(v), parse),
    }
}

pub(super) fn patched_value<T>(patch: MaybeUndefined<T>, current: Option<T>) -> Option<T> {
    match patch {
        MaybeUndefined::Undefined => current,
        MaybeUndefined::Null => None,
        MaybeUndefined::Value(v) => Some(v),
    }
}

/// The key of a new entity: the one given, or a fresh one.
pub(super) fn new_key(path: &str, given: Option<String>, prefix: &str) -> ApiResult<EntityId> {
    match text_opt(given) {
        Some(key) => at(path, EntityId::parse(&key)),
        None => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            at(path, EntityId::parse(&format!("{prefix}-{nanos:x}")))
        }
    }
}

pub(super) fn entity_id(path: &str, type_name: &str, id: &ID) -> ApiResult<EntityId> {
    at(path, EntityId::parse(&key_of(type_name, id)))
}

pub(super) fn tags(path: &str, list: Vec<String>) -> ApiResult<LabelList> {
    let labels = list
        .iter()
        .map(|t| Label::parse(t))
        .collect::<Result<Vec<_>, _>>();
    at(path, labels.and_then(LabelList::from_labels))
}

pub(super) fn end_after_start(
    path: &str,
    start: Option<chrono::NaiveDate>,
    end: Option<chrono::NaiveDate>,
) -> ApiResult<()> {
    match (start, end) {
        (Some(start), Some(end)) if end < start => Err(ApiError::bad_input(
            path,
            format!("ends ({end}) before it starts ({start})"),
        )),
        _ => Ok(()),
    }
}
