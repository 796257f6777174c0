//! The subscription root: live updates of the data a reader can see, served over
//! WebSocket (graphql-transport-ws) by the HTTP layer.

use super::context::{api, view};
use super::scalars::Int64;
use async_graphql::{Context, Result, SimpleObject, Subscription};
use futures_util::Stream;
use futures_util::stream;

/// A change of the data, as one reader sees it.
#[derive(SimpleObject, Clone)]
pub struct DataChange {
    /// The data version the reader's next query reads.
    pub version: Int64,
}

pub struct SubscriptionRoot;

#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// Announces each committed change of what the reader may see, from this
    /// process or another (a replica, the CLI), with the data version it brought;
    /// a change to a meeting hidden from the reader is not announced. Quick
    /// successive changes may be announced once, at the latest version.
    async fn data_changed(&self, ctx: &Context<'_>) -> Result<impl Stream<Item = DataChange>> {
        let ceiling = view(ctx)?.visibility().ceiling();
        let mut follow = api(ctx)?.live.subscribe();
        let seen = follow.borrow_and_update().last_change_for(ceiling);
        Ok(stream::unfold(
            (follow, seen),
            move |(mut follow, seen)| async move {
                loop {
                    follow.changed().await.ok()?;
                    let snapshot = std::sync::Arc::clone(&follow.borrow_and_update());
                    let last = snapshot.last_change_for(ceiling);
                    if last != seen {
                        let change = DataChange {
                            version: Int64(snapshot.version()),
                        };
                        return Some((change, (follow, last)));
                    }
                }
            },
        ))
    }
}
