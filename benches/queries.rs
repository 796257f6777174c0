//! Criterion benchmarks of the in-process hot paths on a generated network of 2,000
//! people: the who-has-met-whom queries and the metrics, for comparing one change
//! with the last (`cargo bench --bench queries`). The figures at scale, next to the
//! reference engines, come from `benches/scale.rs` through `tools/bench/run.py`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use peacenet::network::analysis::{self, Budget};
use peacenet::network::{MetGraph, Network, NodeIx, Scope};
use std::hint::black_box;

const PEOPLE: usize = 2_000;

fn network() -> Network {
    let data = peacenet::generate::generate(PEOPLE, 1).expect("generate");
    Network::build(&data, 1).expect("build")
}

/// Pairs of active people: even ones met (they shared a meeting), odd ones drawn at
/// random.
fn pairs(network: &Network, graph: &MetGraph) -> Vec<(String, String)> {
    let mut rng = analysis::SplitMix::new(7);
    let id = |u: NodeIx| network.person(graph.person(u)).id.clone();
    (0..256)
        .map(|i| {
            let a = NodeIx::new(rng.below(graph.node_count()));
            let b = if i % 2 == 0 {
                let meetings = graph.meetings_of(a);
                let people = graph.nodes_of(meetings[rng.below(meetings.len())]);
                people[rng.below(people.len())]
            } else {
                NodeIx::new(rng.below(graph.node_count()))
            };
            (id(a), id(b))
        })
        .collect()
}

fn queries(c: &mut Criterion) {
    let network = network();
    let scope = Scope::everything();
    let graph = MetGraph::build(&network, &scope);
    let pairs = pairs(&network, &graph);
    let mut i = 0;
    c.bench_function("who_met", |b| {
        b.iter(|| {
            i = (i + 1) % pairs.len();
            let (a, other) = &pairs[i];
            black_box(network.shared_meetings(a, other, &scope).unwrap().len())
        })
    });
    c.bench_function("contacts", |b| {
        b.iter(|| {
            i = (i + 1) % pairs.len();
            black_box(network.contacts(&pairs[i].0, &scope).unwrap().len())
        })
    });
    c.bench_function("chain", |b| {
        b.iter(|| {
            i = (i + 1) % pairs.len();
            let (a, other) = &pairs[i];
            black_box(network.chain(a, other, &scope).unwrap().map(|c| c.len()))
        })
    });
}

fn metrics(c: &mut Criterion) {
    let data = peacenet::generate::generate(PEOPLE, 1).expect("generate");
    let network = Network::build(&data, 1).expect("build");
    let scope = Scope::everything();
    let graph = MetGraph::build(&network, &scope);
    graph.tie_count();
    graph.neighbours(NodeIx::new(0));
    let budget = Budget::unlimited();
    let mut group = c.benchmark_group("metrics");
    group.sample_size(10);
    group.bench_function("model_build", |b| {
        b.iter(|| black_box(Network::build(&data, 1).unwrap().participation_count()))
    });
    group.bench_function("met_graph", |b| {
        b.iter(|| black_box(MetGraph::build(&network, &scope).tie_count()))
    });
    group.bench_function("summary", |b| {
        b.iter(|| black_box(analysis::summary(&graph, &budget).unwrap().ties))
    });
    group.bench_function("articulation_points", |b| {
        b.iter(|| {
            black_box(
                analysis::articulation_points(&network, &graph, &budget)
                    .unwrap()
                    .len(),
            )
        })
    });
    group.bench_function("closeness", |b| {
        b.iter(|| black_box(analysis::closeness(&graph, &budget).unwrap().len()))
    });
    group.bench_function("betweenness", |b| {
        b.iter(|| black_box(analysis::betweenness(&graph, None, &budget).unwrap().1))
    });
    group.bench_function("louvain", |b| {
        b.iter(|| {
            black_box(
                analysis::louvain(&network, &graph, 42, &budget)
                    .unwrap()
                    .modularity,
            )
        })
    });
    group.finish();
}

criterion_group!(benches, queries, metrics);
criterion_main!(benches);
