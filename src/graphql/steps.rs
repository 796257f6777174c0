//! Execution steps, for batching: a query's loads are fetched when the step that
//! asked for them has ended, that is when the query's future has nothing left to do
//! but wait for them, rather than after a fixed delay.
//!
//! The query runs, with its loaders' fetches, on one thread (a `LocalSet` in
//! `http::execute`). [`Steps::drive`] wraps the query's future and records, after
//! each poll, whether it paused only to let others run (it woke itself: more of the
//! step remains) or to wait. A fetch spawned during a poll waits in
//! [`Steps::ended`] until a later poll paused to wait: by then every sibling field of
//! the step has asked for its keys, so one statement serves the whole level of a
//! nested query, whatever the number of parents.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context, Poll, Wake, Waker};

/// The pace of one query's execution.
#[derive(Debug, Default)]
pub struct Steps {
    /// Polls of the query's future so far.
    polls: AtomicU64,
    /// Whether the last poll paused with more to do (it woke itself).
    busy: AtomicBool,
}

impl Steps {
    pub fn new() -> Arc<Steps> {
        Arc::new(Steps::default())
    }

    /// The query's future, observed.
    pub fn drive<F: Future>(self: &Arc<Self>, future: F) -> Driven<F> {
        Driven {
            inner: Box::pin(future),
            steps: Arc::clone(self),
        }
    }

    /// Where the query is now; called while it runs (in the poll that asks for a
    /// load).
    pub fn now(&self) -> u64 {
        self.polls.load(Ordering::Acquire)
    }

    /// Resolves once the step that was running at `since` has ended.
    pub async fn ended(&self, since: u64) {
        while self.polls.load(Ordering::Acquire) <= since || self.busy.load(Ordering::Acquire) {
            tokio::task::yield_now().await;
        }
    }
}

/// A future whose polls [`Steps`] records.
pub struct Driven<F> {
    inner: Pin<Box<F>>,
    steps: Arc<Steps>,
}

/// Wakes the query's task, noting that it was woken.
struct Noted {
    waker: Waker,
    woken: AtomicBool,
}

impl Wake for Noted {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.waker.wake_by_ref();
    }
}

impl<F: Future> Future for Driven<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let noted = Arc::new(Noted {
            waker: cx.waker().clone(),
            woken: AtomicBool::new(false),
        });
        let waker = Waker::from(Arc::clone(&noted));
        let result = self.inner.as_mut().poll(&mut Context::from_waker(&waker));
        self.steps
            .busy
            .store(noted.woken.load(Ordering::Acquire), Ordering::Release);
        self.steps.polls.fetch_add(1, Ordering::AcqRel);
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pauses once, waking itself at once, as a join of many futures does.
    struct Pause(bool);

    impl Future for Pause {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
            if self.0 {
                Poll::Ready(())
            } else {
                self.0 = true;
                cx.waker().wake_by_ref();
                Poll::Pending
            }
        }
    }

    #[tokio::test]
    async fn a_step_ends_when_the_future_waits() {
        let steps = Steps::new();
        let local = tokio::task::LocalSet::new();
        let order = Arc::new(std::sync::Mutex::new(Vec::new()));
        let (log, pace) = (Arc::clone(&order), Arc::clone(&steps));
        let query = async move {
            let since = pace.now();
            let (log2, pace2) = (Arc::clone(&log), Arc::clone(&pace));
            let fetch = tokio::task::spawn_local(async move {
                pace2.ended(since).await;
                log2.lock().map(|mut l| l.push("fetch")).ok();
            });
            // More work in the same step, with cooperative pauses in between.
            for _ in 0..5 {
                Pause(false).await;
                log.lock().map(|mut l| l.push("step")).ok();
            }
            fetch.await.ok();
        };
        local.run_until(steps.drive(query)).await;
        let order = order.lock().map(|l| l.clone()).unwrap_or_default();
        assert_eq!(order, ["step", "step", "step", "step", "step", "fetch"]);
    }
}
