//! Cursor connections, one way for every list: page sizes, one cursor type, offset
//! pages of lists computed in memory, and the lazily counted `totalCount`.
//!
//! Every connection is a [`Page`]: its cursors are [`Cursor`]s, so that a type such
//! as `PersonConnection` is the same whether it pages all people (by key) or a
//! meeting's participants (by offset). A cursor of one kind given to a list of
//! another is refused as BAD_INPUT, and no cursor, however crafted, overflows.

use super::context::{ApiContext, api, load_ordered};
use super::error::{ApiError, ApiResult};
use super::loaders::StoreLoader;
use crate::store::{MeetingFilter, OrganisationFilter, PersonFilter, StoreError};
use async_graphql::connection::{Connection, CursorType, Edge, OpaqueCursor};
use async_graphql::dataloader::Loader;
use async_graphql::{Context, Object, OutputType};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::hash::Hash;
use std::sync::Arc;

/// The page size when `first` is not given.
const DEFAULT_PAGE: usize = 20;

/// Where a page starts: just after this position of its list.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum At {
    /// The n-th item (from 0) of a list computed in memory.
    Offset(u64),
    /// An item of a list in key order (organisations, measures).
    Key(String),
    /// A meeting of the list by start date, then key.
    Dated(NaiveDate, String),
    /// A person of a list of named people by key (part 0), then, for readers who
    /// see sensitive people under pseudonyms, those by pseudonym (part 1).
    Person(u8, String),
    /// An audit entry by its number.
    Entry(i64),
}

/// The cursor of every connection (base64 of its JSON, opaque to clients).
pub type Cursor = OpaqueCursor<At>;

/// A page of a connection whose `totalCount` is counted when asked.
pub type Page<N> = Connection<Cursor, N, ListTotal>;

/// A page asked for: how many items, after which.
#[derive(Debug)]
pub struct PageRequest {
    pub limit: usize,
    pub after: Option<At>,
}

impl PageRequest {
    /// Checks `first` against the maximum page size and decodes `after`.
    pub fn new(ctx: &Context<'_>, first: Option<i32>, after: Option<String>) -> ApiResult<Self> {
        Ok(PageRequest {
            limit: page_size(api(ctx)?, first)?,
            after: after.as_deref().map(decode).transpose()?,
        })
    }

    /// Whether a page was asked for after a cursor.
    pub fn is_continued(&self) -> bool {
        self.after.is_some()
    }

    /// The key after which a list in key order continues.
    pub fn after_key(&self) -> ApiResult<Option<&str>> {
        match &self.after {
            None => Ok(None),
            Some(At::Key(key)) => Ok(Some(key)),
            Some(_) => Err(foreign_cursor()),
        }
    }

    /// The meeting after which the list of meetings continues.
    pub fn after_dated(&self) -> ApiResult<Option<(NaiveDate, &str)>> {
        match &self.after {
            None => Ok(None),
            Some(At::Dated(date, key)) => Ok(Some((*date, key))),
            Some(_) => Err(foreign_cursor()),
        }
    }

    /// The person after whom a list of people continues.
    pub fn after_person(&self) -> ApiResult<Option<(u8, &str)>> {
        match &self.after {
            None => Ok(None),
            Some(At::Person(part, key)) => Ok(Some((*part, key))),
            Some(_) => Err(foreign_cursor()),
        }
    }

    /// The audit entry after which the log continues.
    pub fn after_entry(&self) -> ApiResult<Option<i64>> {
        match &self.after {
            None => Ok(None),
            Some(At::Entry(n)) => Ok(Some(*n)),
            Some(_) => Err(foreign_cursor()),
        }
    }

    /// The slice of a list of `total` items, computed in memory, that this page
    /// holds. A cursor past the end gives an empty page.
    pub fn window(&self, total: usize) -> ApiResult<Window> {
        let start = match &self.after {
            None => 0,
            Some(At::Offset(n)) => usize::try_from(*n)
                .ok()
                .and_then(|n| n.checked_add(1))
                .map_or(total, |n| n.min(total)),
            Some(_) => return Err(foreign_cursor()),
        };
        let end = start + self.limit.min(total - start);
        Ok(Window { start, end, total })
    }
}

/// The part of a list computed in memory that one page shows.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub total: usize,
}

impl Window {
    /// The connection of the page's nodes (the items from `start` to `end`, in order).
    pub fn page<N: OutputType>(&self, nodes: impl IntoIterator<Item = N>) -> Page<N> {
        let mut connection = Connection::with_additional_fields(
            self.start > 0,
            self.end < self.total,
            ListTotal::Known(self.total),
        );
        connection.edges.extend(
            (self.start..)
                .zip(nodes)
                .map(|(i, node)| Edge::new(OpaqueCursor(At::Offset(i as u64)), node)),
        );
        connection
    }
}

/// Pages through rows computed in memory, by offset cursors.
pub fn offset_page<R, N: OutputType>(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<String>,
    rows: Vec<R>,
    node: impl FnMut(R) -> N,
) -> ApiResult<Page<N>> {
    let window = PageRequest::new(ctx, first, after)?.window(rows.len())?;
    let nodes = rows
        .into_iter()
        .skip(window.start)
        .take(window.end - window.start)
        .map(node);
    Ok(window.page(nodes))
}

/// Pages through a list known by its keys, loading only the page's items through
/// the request's loader (items that no longer exist are left out of the page).
pub async fn loaded_page<K, N: OutputType>(
    ctx: &Context<'_>,
    first: Option<i32>,
    after: Option<String>,
    mut keys: Vec<K>,
    node: impl FnMut(<StoreLoader as Loader<K>>::Value) -> N,
) -> ApiResult<Page<N>>
where
    K: Send + Sync + Hash + Eq + Clone + 'static,
    StoreLoader: Loader<K, Error = Arc<StoreError>>,
{
    let window = PageRequest::new(ctx, first, after)?.window(keys.len())?;
    keys.truncate(window.end);
    keys.drain(..window.start);
    let items = load_ordered(ctx, keys).await?;
    Ok(window.page(items.into_iter().map(node)))
}

/// A page of a list read in key order: `has_next` as the store found it.
pub fn keyed_page<N: OutputType>(
    request: &PageRequest,
    has_next: bool,
    total: ListTotal,
    items: impl IntoIterator<Item = (At, N)>,
) -> Page<N> {
    let mut connection =
        Connection::with_additional_fields(request.is_continued(), has_next, total);
    connection.edges.extend(
        items
            .into_iter()
            .map(|(at, node)| Edge::new(OpaqueCursor(at), node)),
    );
    connection
}

/// Checks `first` against the maximum page size.
fn page_size(api: &ApiContext, first: Option<i32>) -> ApiResult<usize> {
    let max = api.max_page_size;
    match first {
        None => Ok(DEFAULT_PAGE.min(max)),
        Some(n) if n < 0 => Err(ApiError::bad_input("first", "first must not be negative")),
        Some(n) if n as usize > max => Err(ApiError::bad_input(
            "first",
            format!("first is {n}, but a page holds at most {max} items"),
        )),
        Some(n) => Ok(n as usize),
    }
}

fn decode(text: &str) -> ApiResult<At> {
    Cursor::decode_cursor(text)
        .map(|c| c.0)
        .map_err(|_| foreign_cursor())
}

fn foreign_cursor() -> ApiError {
    ApiError::bad_input("after", "not a cursor of this list")
}

/// What a page costs in the complexity limit: `first` rows (the default page when
/// it is absent) of `row` points each, plus one for the field. A query is refused
/// before it runs when the pages it nests multiply past the limit.
pub fn page_cost(first: Option<i32>, row: usize) -> usize {
    let rows = first.map_or(DEFAULT_PAGE, |n| n.max(1) as usize);
    rows.saturating_mul(row).saturating_add(1)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(limit: usize, after: Option<At>) -> PageRequest {
        PageRequest { limit, after }
    }

    #[test]
    fn offset_windows_never_overflow() {
        let w = request(20, None).window(5).map_err(|_| ());
        assert!(matches!(
            w,
            Ok(Window {
                start: 0,
                end: 5,
                total: 5
            })
        ));
        let w = request(2, Some(At::Offset(1))).window(5).map_err(|_| ());
        assert!(matches!(
            w,
            Ok(Window {
                start: 2,
                end: 4,
                total: 5
            })
        ));
        for crafted in [u64::MAX, u64::MAX - 1, 5, 4] {
            let w = request(usize::MAX, Some(At::Offset(crafted)))
                .window(5)
                .map_err(|_| ());
            assert!(matches!(
                w,
                Ok(Window {
                    start: 5,
                    end: 5,
                    total: 5
                })
            ));
        }
    }

    #[test]
    fn a_cursor_of_another_list_is_refused() {
        assert!(request(1, Some(At::Key("p1".into()))).window(3).is_err());
        assert!(request(1, Some(At::Offset(0))).after_key().is_err());
        assert!(request(1, Some(At::Entry(3))).after_person().is_err());
    }
}
