//! Runs per-source work (one breadth-first search per node, as in betweenness and
//! closeness) on every core.
//!
//! The sources are dealt into a fixed number of lanes, whatever the core count, and
//! each lane's result comes back in lane order, so a floating-point sum over lanes
//! gives the same bits on a machine with 2 cores as on one with 64.

use super::{Budget, OverBudget};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The number of lanes the sources are dealt into.
pub const LANES: usize = 16;

/// The worker threads to use: the cores available to the process.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Runs `lane(l, sources)` for every lane `l` (the sources `i` of `0..count` with
/// `i % LANES == l`), spread over the available cores, and returns the results in
/// lane order. Stops early, with the error, once a lane is over `budget`.
pub fn by_lane<T: Send>(
    count: usize,
    budget: &Budget,
    lane: impl Fn(usize, &mut dyn Iterator<Item = usize>) -> Result<T, OverBudget> + Sync,
) -> Result<Vec<T>, OverBudget> {
    let lanes = LANES.min(count.max(1));
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<Option<Result<T, OverBudget>>>> =
        Mutex::new((0..lanes).map(|_| None).collect());
    let work = || {
        loop {
            let l = next.fetch_add(1, Ordering::Relaxed);
            if l >= lanes || failed.load(Ordering::Relaxed) {
                break;
            }
            let mut sources = (l..count).step_by(lanes);
            let result = budget.check().and_then(|()| lane(l, &mut sources));
            if result.is_err() {
                failed.store(true, Ordering::Relaxed);
            }
            if let Ok(mut all) = results.lock() {
                all[l] = Some(result);
            }
        }
    };
    let workers = threads().min(lanes);
    if workers <= 1 {
        work();
    } else {
        std::thread::scope(|scope| {
            for _ in 1..workers {
                scope.spawn(work);
            }
            work();
        });
    }
    let mut all = results.into_inner().unwrap_or_else(|p| p.into_inner());
    if let Some(Some(Err(e))) = all.iter().find(|r| matches!(r, Some(Err(_)))) {
        return Err(*e);
    }
    let mut out = Vec::with_capacity(lanes);
    for (l, result) in all.iter_mut().enumerate() {
        match result.take() {
            Some(result) => out.push(result?),
            // Not reached: a lane is only left out after another failed.
            None => out.push(lane(l, &mut (l..count).step_by(lanes))?),
        }
    }
    Ok(out)
}
