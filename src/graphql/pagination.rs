//! Cursor connections: page sizes, cursors and the lazily counted `totalCount`.

use super::context::{ApiContext, api};
use super::error::{ApiError, ApiResult};
use crate::store::{MeetingFilter, OrganisationFilter, PersonFilter};
use async_graphql::connection::{CursorType, OpaqueCursor};
use async_graphql::{Context, Object};

/// The page size when `first` is not given.
const DEFAULT_PAGE: usize = 20;

/// Checks `first` against the maximum page size.
pub fn page_size(api: &ApiContext, first: Option<i32>) -> ApiResult<u64> {
    let max = api.max_page_size;
    match first {
        None => Ok(DEFAULT_PAGE.min(max) as u64),
        Some(n) if n < 0 => Err(ApiError::bad_input("first", "first must not be negative")),
        Some(n) if n as usize > max => Err(ApiError::bad_input(
            "first",
            format!("first is {n}, but a page holds at most {max} items"),
        )),
        Some(n) => Ok(n as u64),
    }
}

/// Decodes an `after` cursor.
pub fn decode<T>(after: Option<String>) -> ApiResult<Option<T>>
where
    OpaqueCursor<T>: CursorType,
{
    after
        .map(|text| {
            OpaqueCursor::<T>::decode_cursor(&text)
                .map(|c| c.0)
                .map_err(|_| ApiError::bad_input("after", "not a cursor of this list"))
        })
        .transpose()
}

/// The size of the whole list a connection pages through, counted only when asked.
pub enum ListTotal {
    People(PersonFilter),
    Meetings(MeetingFilter),
    Organisations(OrganisationFilter),
    Measures,
    AuditLog,
    Known(usize),
}

#[Object]
impl ListTotal {
    /// The number of items in the whole list, across all pages.
    async fn total_count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        let store = &api(ctx)?.store;
        let count = match self {
            ListTotal::People(f) => store.count_people(f).await,
            ListTotal::Meetings(f) => store.count_meetings(f).await,
            ListTotal::Organisations(f) => store.count_organisations(f).await,
            ListTotal::Measures => store.count_measures().await,
            ListTotal::AuditLog => store.count_audit().await,
            ListTotal::Known(n) => return Ok(*n as u64),
        };
        Ok(count.map_err(ApiError::from)?)
    }
}
