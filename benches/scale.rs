//! The in-process scale benchmark: builds the relationship model from a database,
//! then times the who-has-met-whom queries and every network metric on it, and
//! writes one JSON document. `tools/bench/run.py` runs it at each size next to the
//! imports, the HTTP load and the reference engines; BENCHMARKS.md reports it.
//!
//! ```text
//! cargo bench --bench scale -- --database-url sqlite://target/bench/db-5000.sqlite \
//!     --out target/bench/inprocess-5000.json [--samples 500] [--seed 42]
//! ```

use clap::Parser;
use peacenet::network::analysis::{self, Budget};
use peacenet::network::{MetGraph, Network, NodeIx, Scope};
use peacenet::store::Store;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    /// The database holding the imported bundle.
    #[arg(long)]
    database_url: String,
    /// Where to write the JSON results (stdout when absent).
    #[arg(long)]
    out: Option<std::path::PathBuf>,
    /// Sources of sampled betweenness.
    #[arg(long, default_value_t = 500)]
    samples: usize,
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Exact betweenness up to this many active people.
    #[arg(long, default_value_t = 5000)]
    exact_up_to: usize,
    /// Timed runs of each query kind.
    #[arg(long, default_value_t = 20_000)]
    queries: usize,
    /// Time only these metrics (comma-separated names, as in the output).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Ignored: cargo passes it to every bench target.
    #[arg(long, hide = true)]
    bench: bool,
}

/// The process's peak and current resident set, in MiB, from /proc.
fn memory() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|kib| kib.parse::<f64>().ok())
            .map_or(f64::NAN, |kib| kib / 1024.0)
    };
    (field("VmHWM:"), field("VmRSS:"))
}

/// Resets the peak resident set to the current one (Linux `clear_refs` 5).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The best of several runs for a cheap call (under a second), else one run.
fn best_of<T>(mut run: impl FnMut() -> T) -> (Duration, T) {
    let started = Instant::now();
    let mut value = run();
    let mut best = started.elapsed();
    if best < Duration::from_secs(1) {
        for _ in 0..4 {
            let started = Instant::now();
            value = run();
            best = best.min(started.elapsed());
        }
    }
    (best, value)
}

/// p50, p99 and mean of per-call latencies, in microseconds.
fn latencies(mut times: Vec<Duration>) -> Value {
    times.sort_unstable();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let at = |q: f64| us(times[((times.len() - 1) as f64 * q).round() as usize]);
    let mean = times.iter().map(|&d| us(d)).sum::<f64>() / times.len() as f64;
    json!({"runs": times.len(), "p50_us": at(0.5), "p99_us": at(0.99), "mean_us": mean, "max_us": at(1.0)})
}

/// Spearman's rank correlation (average ranks for ties).
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    fn ranks(x: &[f64]) -> Vec<f64> {
        let mut order: Vec<usize> = (0..x.len()).collect();
        order.sort_by(|&i, &j| x[i].total_cmp(&x[j]));
        let mut rank = vec![0.0; x.len()];
        let mut i = 0;
        while i < order.len() {
            let mut j = i;
            while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
                j += 1;
            }
            let average = (i + j) as f64 / 2.0 + 1.0;
            for k in i..=j {
                rank[order[k]] = average;
            }
            i = j + 1;
        }
        rank
    }
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    let mean = (n + 1.0) / 2.0;
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for i in 0..a.len() {
        let (x, y) = (ra[i] - mean, rb[i] - mean);
        cov += x * y;
        va += x * x;
        vb += y * y;
    }
    cov / (va * vb).sqrt()
}

fn sum_max(values: &[f64]) -> Value {
    json!({"sum": values.iter().sum::<f64>(), "max": values.iter().copied().fold(0.0, f64::max)})
}

fn ok(seconds: Duration, digest: Value) -> Value {
    json!({"status": "ok", "seconds": seconds.as_secs_f64(), "digest": digest})
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let unlimited = Budget::unlimited();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;

    // The model, from the database, as the service builds it at start-up.
    reset_peak();
    let started = Instant::now();
    let (version, data) = runtime.block_on(async {
        let store = Store::connect(&args.database_url).await?;
        Ok::<_, Box<dyn std::error::Error>>(store.load_versioned().await?)
    })?;
    let load = started.elapsed();
    let started = Instant::now();
    let network = Network::build(&data, version)?;
    let build = started.elapsed();
    drop(data);
    let (model_peak, model_rss) = memory();
    eprintln!(
        "model: {} people, {} participations, load {:.2?}, build {:.2?}, peak {model_peak:.0} MiB",
        network.people().len(),
        network.participation_count(),
        load,
        build
    );

    reset_peak();
    let started = Instant::now();
    let graph = MetGraph::build(&network, &Scope::everything());
    let bipartite = started.elapsed();
    let started = Instant::now();
    let ties = graph.tie_count();
    if graph.node_count() > 0 {
        graph.neighbours(NodeIx::new(0));
    }
    let projection = started.elapsed();
    let (projection_peak, _) = memory();
    let n = graph.node_count();
    eprintln!("graph: {n} nodes, {ties} ties, projection {projection:.2?}");

    // Queries on random people, seeded; who-met pairs are half pairs who met.
    let mut rng = analysis::SplitMix::new(args.seed);
    let ids: Vec<&str> = graph
        .nodes()
        .map(|u| network.person(graph.person(u)).id.as_str())
        .collect();
    let scope = Scope::everything();
    let mut who_met = Vec::with_capacity(args.queries);
    let mut met_pairs = 0;
    for i in 0..args.queries {
        let a = rng.below(n);
        let b = if i % 2 == 0 {
            let meetings = graph.meetings_of(NodeIx::new(a));
            let m = meetings[rng.below(meetings.len())];
            let people = graph.nodes_of(m);
            people[rng.below(people.len())].index()
        } else {
            rng.below(n)
        };
        let started = Instant::now();
        let shared = network.shared_meetings(ids[a], ids[b], &scope)?;
        who_met.push(started.elapsed());
        met_pairs += usize::from(!shared.is_empty());
    }
    let mut contacts = Vec::new();
    for _ in 0..(args.queries / 4).max(1) {
        let a = rng.below(n);
        let started = Instant::now();
        let found = network.contacts(ids[a], &scope)?;
        contacts.push(started.elapsed());
        std::hint::black_box(found.len());
    }
    let mut chains = Vec::new();
    for _ in 0..(args.queries / 20).max(1) {
        let (a, b) = (rng.below(n), rng.below(n));
        let started = Instant::now();
        let chain = network.chain(ids[a], ids[b], &scope)?;
        chains.push(started.elapsed());
        std::hint::black_box(chain.map(|c| c.len()));
    }
    eprintln!("queries done");

    let want = |name: &str| args.only.is_empty() || args.only.iter().any(|o| o == name);
    let mut metrics = serde_json::Map::new();
    if want("summary") {
        let (t, s) = best_of(|| analysis::summary(&graph, &unlimited));
        let s = s?;
        metrics.insert(
        "summary".into(),
        ok(
            t,
            json!({"ties": s.ties, "density": s.density, "largest_component_share": s.largest_component_share,
                   "average_path": s.paths.as_ref().map(|p| p.average), "path_sources": s.paths.as_ref().map(|p| p.sources)}),
        ),
    );
    }
    if want("components") {
        let (t, sizes) = best_of(|| analysis::component_sizes(&graph));
        metrics.insert(
            "components".into(),
            ok(
                t,
                json!({"count": sizes.len(), "largest": sizes.first().copied().unwrap_or(0)}),
            ),
        );
    }
    if want("articulation_points") {
        let (t, points) = best_of(|| analysis::articulation_points(&network, &graph, &unlimited));
        metrics.insert(
            "articulation_points".into(),
            ok(t, json!({"count": points?.len()})),
        );
    }
    if want("bridges") {
        let (t, bridges) = best_of(|| analysis::bridges(&network, &graph, &unlimited));
        metrics.insert("bridges".into(), ok(t, json!({"count": bridges?.len()})));
    }
    if want("degree") {
        let (t, degrees) = best_of(|| graph.nodes().map(|u| graph.degree(u)).collect::<Vec<_>>());
        metrics.insert(
            "degree".into(),
            ok(
                t,
                json!({"sum": degrees.iter().sum::<usize>(), "max": degrees.iter().max()}),
            ),
        );
    }
    eprintln!("cheap metrics done");
    if want("closeness") {
        let (t, closeness) = best_of(|| analysis::closeness(&graph, &unlimited));
        metrics.insert("closeness".into(), ok(t, sum_max(&closeness?)));
        eprintln!("closeness {t:.2?}");
    }
    let exact = if !want("betweenness") {
        None
    } else if n <= args.exact_up_to {
        let (t, exact) = best_of(|| analysis::betweenness(&graph, None, &unlimited));
        let (values, _) = exact?;
        metrics.insert("betweenness".into(), ok(t, sum_max(&values)));
        eprintln!("betweenness {t:.2?}");
        Some(values)
    } else {
        metrics.insert(
            "betweenness".into(),
            json!({"status": "skipped", "reason": format!("exact above {} nodes", args.exact_up_to)}),
        );
        None
    };
    if want("betweenness_sampled") {
        let (t, sampled) =
            best_of(|| analysis::betweenness(&graph, Some((args.samples, args.seed)), &unlimited));
        let (sampled, sources) = sampled?;
        let mut entry = ok(t, sum_max(&sampled));
        entry["samples"] = json!(sources);
        entry["spearman_vs_exact"] = json!(exact.as_ref().map(|e| spearman(e, &sampled)));
        metrics.insert("betweenness_sampled".into(), entry);
        eprintln!("sampled betweenness {t:.2?}");
    }
    if want("louvain") {
        let (t, communities) =
            best_of(|| analysis::louvain(&network, &graph, args.seed, &unlimited));
        let communities = communities?;
        let mut entry = ok(t, json!({}));
        entry["communities"] = json!(communities.communities.len());
        entry["modularity"] = json!(communities.modularity);
        metrics.insert("louvain".into(), entry);
        eprintln!("louvain {t:.2?}");
    }
    if want("structural_holes") {
        // Constraint and effective size together, as the service computes them.
        let (t, holes) = best_of(|| analysis::structural_holes(&graph, &unlimited));
        let holes = holes?;
        let constraint: Vec<f64> = holes.constraint.iter().flatten().copied().collect();
        let effective_size: Vec<f64> = holes.effective_size.iter().flatten().copied().collect();
        let mut digest = sum_max(&constraint);
        digest["defined"] = json!(constraint.len());
        digest["effective_size"] = sum_max(&effective_size);
        metrics.insert("structural_holes".into(), ok(t, digest));
        eprintln!("structural holes {t:.2?}");
    }

    let (peak, _) = memory();
    let result = json!({
        "schema": 1,
        "threads": std::thread::available_parallelism().map_or(1, |n| n.get()),
        "model": {
            "load_seconds": load.as_secs_f64(),
            "build_seconds": build.as_secs_f64(),
            "total_seconds": (load + build).as_secs_f64(),
            "peak_rss_mib": model_peak,
            "rss_after_build_mib": model_rss,
            "people": network.people().len(),
            "meetings": network.meetings().len(),
            "participations": network.participation_count(),
        },
        "graph": {
            "nodes": n,
            "ties": ties,
            "bipartite_seconds": bipartite.as_secs_f64(),
            "projection_seconds": projection.as_secs_f64(),
            "projection_peak_rss_mib": projection_peak,
        },
        "queries": {
            "who_met": latencies(who_met),
            "who_met_pairs_that_met": met_pairs,
            "contacts": latencies(contacts),
            "chain": latencies(chains),
        },
        "metrics": metrics,
        "peak_rss_mib": peak,
    });
    let text = serde_json::to_string_pretty(&result)?;
    match args.out {
        Some(path) => std::fs::write(path, text + "\n")?,
        None => println!("{text}"),
    }
    Ok(())
}
