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

/// What a page costs in the complexity limit: `first` rows (the default page when
/// it is absent) of `row` points each, plus one for the field. A query is refused
/// before it runs when the pages it nests multiply past the limit.
pub fn page_cost(first: Option<i32>, row: usize) -> usize {
    let rows = first.map_or(DEFAULT_PAGE, |n| n.max(1) as usize);
    rows.saturating_mul(row).saturating_add(1)
}

/// The rows a nested list that is not paged counts for in the complexity limit.
pub const LIST_ROWS: usize = 10;

/// What a nested list that is not paged costs in the complexity limit.
pub fn list_cost(row: usize) -> usize {
    LIST_ROWS.saturating_mul(row).saturating_add(1)
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
