//! Unit tests of the analyses on small named graphs with known answers (Zachary's
//! karate club, Davis' Southern Women, paths, stars, two triangles joined by a
//! bridge), one file per family. Each expected figure is NetworkX's (3.6.1) on the
//! same graph, named by the function that gives it, or a closed form; people are
//! named by id and looked up through [`Named`](crate::network::testing::Named).

mod brokers;
mod centrality;
mod communities;
mod divide_tracks;
mod ego;
mod evolution;
mod summary_paths;

/// Asserts that `got` is within 1e-9 (relative to the larger of 1 and `want`) of
/// `want`, naming `what` when it is not.
#[track_caller]
fn assert_close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
        "{what}: {got}, not {want}"
    );
}
