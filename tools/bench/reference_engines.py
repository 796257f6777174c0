#!/usr/bin/env python3
"""Time the met-graph metrics in the reference graph engines: igraph, rustworkx and NetworkX.

    python3 tools/bench/reference_engines.py BUNDLE_DIR \
        [--engines igraph,rustworkx,networkx] [--timeout SECONDS] [--samples K] \
        [--out results.json]

The script reads one bundle (docs/bundle-format.md) and builds the weighted met graph
once ("load"). Then, for each engine, it builds the engine's graph ("build") and times
each metric separately. Every (engine, metric) pair runs in its own child process. The
child has a wall-clock limit and its peak RSS is recorded. A small digest of each result
is compared across the engines. Disagreements are printed and give exit status 2.

Output: one JSON document (stdout, or the --out file), and a readable table on stderr.
See tools/bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import gc
import hashlib
import importlib.metadata
import importlib.util
import json
import math
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from array import array
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

SCHEMA = 1
ENGINES = ("igraph", "rustworkx", "networkx")
METRICS = ("build", "components", "articulation_points", "bridges", "degree", "summary",
           "closeness", "betweenness", "betweenness_sampled", "louvain", "structural_holes")
EXACT_BETWEENNESS_MAX_NODES = 5000
# The service's summary (src/network/analysis/summary.rs, EXACT_PATHS_UP_TO): path figures
# of the largest component are exact up to this many nodes in it, sampled above.
EXACT_PATHS_MAX_NODES = 5000
REL_TOL = 1e-6     # relative tolerance for floats
ABS_TOL = 1e-12    # absolute floor, for values that are zero up to rounding


# ---------------------------------------------------------------------------
# Loading the bundle: the met graph
# ---------------------------------------------------------------------------
#
# These are the rules of tools/reference/networkx_reference.py (class Bundle,
# Bundle.in_scope(None, None) and met_graph), reimplemented here rather than imported:
# importing that module re-executes the interpreter (its PYTHONHASHSEED guard runs at
# import time) and needs NetworkX, which a run with --engines igraph must not need.
#
#   - every meeting of meetings.csv is in scope (no window, every confidentiality level);
#   - every row of participations.csv counts, whatever its role;
#   - a participation must name a person of people.csv and a meeting of meetings.csv,
#     and a person takes part in a meeting at most once (an error otherwise, as the
#     reference's assertions);
#   - nodes are the active people (at least one participation), in sorted id order;
#     people with no participation are not nodes;
#   - two people are tied when they took part in the same meeting; the weight is the
#     number of meetings they shared.

def read_csv(path: Path) -> list[dict]:
    # utf-8-sig: also accepts a byte-order mark; the columns are found by header name.
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


class BundleError(Exception):
    pass


def load_met_graph(folder: Path) -> tuple[list[str], list[tuple[int, int, int]], dict]:
    """(node ids sorted, edges (i, j, weight) with i < j sorted, bundle counts)."""
    people = {r["id"] for r in read_csv(folder / "people.csv")}
    meetings = {r["id"] for r in read_csv(folder / "meetings.csv")}
    participations = read_csv(folder / "participations.csv")
    attendees: dict[str, set[str]] = defaultdict(set)
    for line, r in enumerate(participations, start=2):
        p, m = r["person_id"], r["meeting_id"]
        if p not in people:
            raise BundleError(f"participations.csv line {line}: unknown person {p!r}")
        if m not in meetings:
            raise BundleError(f"participations.csv line {line}: unknown meeting {m!r}")
        if p in attendees[m]:
            raise BundleError(f"participations.csv line {line}: {p!r} takes part in {m!r} twice")
        attendees[m].add(p)
    active: set[str] = set()
    for ps in attendees.values():
        active.update(ps)
    ids = sorted(active)
    index = {p: i for i, p in enumerate(ids)}
    weight: dict[tuple[int, int], int] = defaultdict(int)
    for m in sorted(attendees):
        ps = sorted(index[p] for p in attendees[m])
        for a, u in enumerate(ps):
            for v in ps[a + 1:]:
                weight[(u, v)] += 1
    edges = [(u, v, w) for (u, v), w in sorted(weight.items())]
    counts = {"people": len(people), "inactive_people": len(people) - len(ids),
              "meetings": len(meetings), "participations": len(participations)}
    return ids, edges, counts


def save_edge_list(folder: Path, ids: list[str], edges: list[tuple[int, int, int]]) -> None:
    (folder / "ids.txt").write_text("\n".join(ids), encoding="utf-8")
    flat = array("q")
    for e in edges:
        flat.extend(e)
    with open(folder / "edges.bin", "wb") as f:
        flat.tofile(f)


def read_edge_list(folder: Path) -> tuple[list[str], list[tuple[int, int, int]]]:
    text = (folder / "ids.txt").read_text(encoding="utf-8")
    ids = text.split("\n") if text else []
    flat = array("q")
    with open(folder / "edges.bin", "rb") as f:
        flat.frombytes(f.read())
    return ids, list(zip(flat[0::3], flat[1::3], flat[2::3]))


# ---------------------------------------------------------------------------
# Digests (computed outside the timed calls)
# ---------------------------------------------------------------------------

def sha1(items) -> str:
    h = hashlib.sha1()
    for x in items:
        h.update(str(x).encode())
        h.update(b"\n")
    return h.hexdigest()[:16]


def sig(x: float) -> float:
    """x rounded to 9 significant digits: only for ordering, so that near ties sort by id."""
    return float(f"{x:.9g}")


def components_digest(ids: list[str], membership: list[int]) -> dict:
    """membership: any component label per node index."""
    first: dict[int, int] = {}
    canon = []
    for i, c in enumerate(membership):     # canonical label: the smallest index in it
        canon.append(first.setdefault(c, i))
    size: dict[int, int] = defaultdict(int)
    for c in canon:
        size[c] += 1
    sizes = sorted(size.values(), reverse=True)
    return {"count": len(sizes), "largest": sizes[0] if sizes else 0,
            "sizes_sha1": sha1(sizes), "partition_sha1": sha1(canon)}


def set_digest(ids: list[str], nodes) -> dict:
    names = sorted(ids[i] for i in nodes)
    return {"count": len(names), "ids_sha1": sha1(names)}


def bridges_digest(ids: list[str], pairs) -> dict:
    names = sorted("|".join(sorted((ids[u], ids[v]))) for u, v in pairs)
    return {"count": len(names), "pairs_sha1": sha1(names)}


def vector_digest(ids: list[str], values: list[float], integer: bool = False) -> dict:
    """Sum, max and more of a per-node vector (node index order). The vector itself goes
    back to the parent under "_vector" for a node-by-node comparison; it is not kept in
    the JSON output."""
    n = len(values)
    if integer:
        values = [int(x) for x in values]
        return {"sum": sum(values), "max": max(values, default=0),
                "vector_sha1": sha1(values), "_vector": values}
    values = [float(x) for x in values]
    order = sorted(range(n), key=lambda i: (-sig(values[i]), ids[i]))[:5]
    return {"sum": math.fsum(values), "max": max(values, default=0.0),
            # position-weighted sum: catches values attached to the wrong node
            "positional": math.fsum(x * (i + 1) for i, x in enumerate(values)) / max(n, 1),
            "top5_ids": [ids[i] for i in order], "top5_values": [values[i] for i in order],
            "_vector": values}


def holes_digest(ids: list[str], values) -> dict:
    """Burt's constraint per node (node index order), NaN for a node without ties: the
    digest of vector_digest over the defined values, and their count."""
    values = [float(x) for x in values]
    defined = [i for i, x in enumerate(values) if math.isfinite(x)]
    order = sorted(defined, key=lambda i: (-sig(values[i]), ids[i]))[:5]
    return {"defined": len(defined), "sum": math.fsum(values[i] for i in defined),
            "max": max((values[i] for i in defined), default=0.0),
            "top5_ids": [ids[i] for i in order], "top5_values": [values[i] for i in order],
            "_vector": values}


def modularity(edges: list[tuple[int, int, int]], n: int, membership: list[int]) -> float:
    """Weighted modularity, resolution 1, as nx.community.modularity(G, parts, weight=...)."""
    total = math.fsum(w for _, _, w in edges)
    if total == 0:
        return 0.0
    inside: dict[int, float] = defaultdict(float)
    strength: dict[int, float] = defaultdict(float)
    for u, v, w in edges:
        if membership[u] == membership[v]:
            inside[membership[u]] += w
        strength[membership[u]] += w
        strength[membership[v]] += w
    return math.fsum(inside[c] / total - (strength[c] / (2 * total)) ** 2 for c in strength)


def louvain_digest(edges, n, membership) -> dict:
    return {"communities": len(set(membership)), "modularity": modularity(edges, n, membership)}


def sampled_sources(ids: list[str], k: int, seed: int) -> list[int]:
    """The sources nx.betweenness_centrality(G, k=k, seed=seed) draws: random.Random(seed)
    .sample(list(G), k), with G's nodes in sorted id order (the order they were added)."""
    index = {p: i for i, p in enumerate(ids)}
    return [index[p] for p in random.Random(seed).sample(ids, k)]


def path_sample_positions(size: int, samples: int, seed: int) -> list[int]:
    """Positions, in the largest component's nodes in sorted node order, of the sources of
    the sampled path figures. random.Random(seed).sample(range(size), k) picks the same
    positions as random.Random(seed).sample(members, k) for any list of that length, so
    every engine, given its members in sorted id (= index) order, gets the same sources."""
    return random.Random(seed).sample(range(size), min(samples, size))


def sampled_paths(totals: list[int], farthest: int, size: int) -> tuple[float, int]:
    """(average, diameter lower bound) from the sampled sources, as the service: the mean
    over the sources of (sum of distances / (size - 1)) and the largest distance seen."""
    return math.fsum(t / (size - 1) for t in totals) / len(totals), farthest


def summary_digest(r) -> dict:
    """r: (density, largest share, largest size, average path, diameter, path sources,
    exact)."""
    density, share, size, average, diameter, sources, exact = r
    return {"density": float(density), "largest_component_share": float(share),
            "largest_component": size,
            "average_path": None if average is None else float(average),
            "diameter": None if diameter is None else int(diameter),
            "path_sources": sources, "paths_exact": exact}


def rescale_betweenness(raw: list[float], n: int, sources: list[int] | None) -> list[float]:
    """igraph's undirected betweenness (each unordered pair once) rescaled as NetworkX does
    for normalized=True, endpoints=False (the _rescale of networkx 3.6): all sources,
    1 / ((n-1)(n-2)) per ordered pair; k sampled sources, 1 / ((k-1)(n-2)) for a node that
    is a source and 1 / (k(n-2)) for one that is not."""
    N = n - 1
    if N < 2:
        return [2.0 * x for x in raw]
    if sources is None or len(sources) == n:
        s = 2.0 / (N * (N - 1))
        return [x * s for x in raw]
    k = len(sources)
    s_src = 2.0 / ((k - 1) * (N - 1)) if k > 1 else math.nan
    s_non = 2.0 / (k * (N - 1))
    src = set(sources)
    return [x * (s_src if i in src else s_non) for i, x in enumerate(raw)]


# ---------------------------------------------------------------------------
# The engines. Each metric is (timed call, digest from its result). Only the timed
# call is timed; preparing its arguments and the digest are not.
# ---------------------------------------------------------------------------

class Engine:
    name = ""
    unsupported: dict[str, str] = {}

    def __init__(self, ids, edges, seed, samples):
        self.ids, self.edges, self.seed = ids, edges, seed
        self.n = len(ids)
        self.samples = samples
        self.k = min(samples, self.n)

    def build(self):
        raise NotImplementedError

    def prepare(self, g, metric):
        """Untimed set-up before each timed run (e.g. reseeding)."""
        return None


class IgraphEngine(Engine):
    name = "igraph"
    unsupported = {}

    def build(self):
        import igraph as ig
        edges = self.edges
        return ig.Graph(n=self.n, edges=[(u, v) for u, v, _ in edges],
                        edge_attrs={"weight": [w for _, _, w in edges]})

    def metric(self, g, metric):
        ids, n = self.ids, self.n
        if metric == "build":
            return (lambda: self.build(),
                    lambda h: {"nodes": h.vcount(), "edges": h.ecount(),
                               "weight_sum": int(sum(h.es["weight"]))})
        if metric == "components":
            def call():
                cc = g.connected_components()
                return cc, cc.sizes()
            return call, lambda r: components_digest(ids, r[0].membership)
        if metric == "articulation_points":
            return g.articulation_points, lambda r: set_digest(ids, r)
        if metric == "bridges":
            return g.bridges, lambda r: bridges_digest(ids, [g.es[e].tuple for e in r])
        if metric == "degree":
            return g.degree, lambda r: vector_digest(ids, r, integer=True)
        if metric == "summary":
            samples, seed = self.samples, self.seed

            def call():
                density = g.density() if n > 1 else 0.0
                cc = g.connected_components()
                sizes = cc.sizes()
                if not sizes:
                    return density, 0.0, 0, None, None, 0, True
                # the first largest: the component of the smallest node, as the service
                c = max(range(len(sizes)), key=sizes.__getitem__)
                s = sizes[c]
                if s < 2:
                    return density, s / n, s, 0.0, 0, 1, True
                sub = (g if s == n else
                       g.induced_subgraph([v for v, x in enumerate(cc.membership) if x == c]))
                if s <= EXACT_PATHS_MAX_NODES:
                    return (density, s / n, s, sub.average_path_length(directed=False),
                            sub.diameter(directed=False), s, True)
                # sub keeps the nodes in index order: a position is a vertex id of sub
                src = path_sample_positions(s, samples, seed)
                totals, far = [], 0
                for i in range(0, len(src), 16):
                    for row in sub.distances(source=src[i:i + 16]):
                        totals.append(sum(row))
                        far = max(far, max(row))
                return (density, s / n, s, *sampled_paths(totals, far, s), len(src), False)
            return call, summary_digest
        if metric == "closeness":
            # igraph's closeness averages over the reachable nodes only and is NaN for an
            # isolated node; NetworkX's (wf_improved=True) scales that by
            # (reachable - 1) / (n - 1) and gives 0. Aligned here, outside the timing.
            cc = g.connected_components()
            sizes = cc.sizes()
            reach = [sizes[c] for c in cc.membership]

            def digest(r):
                vals = [0.0 if math.isnan(x) or n < 2 else x * (reach[i] - 1) / (n - 1)
                        for i, x in enumerate(r)]
                return vector_digest(ids, vals)
            return lambda: g.closeness(), digest
        if metric == "betweenness":
            return (lambda: g.betweenness(directed=False),
                    lambda r: vector_digest(ids, rescale_betweenness(r, n, None)))
        if metric == "betweenness_sampled":
            # igraph's subset betweenness from the same k sources NetworkX draws.
            src = sampled_sources(ids, self.k, self.seed)
            return (lambda: g.betweenness(directed=False, sources=src),
                    lambda r: vector_digest(ids, rescale_betweenness(r, n, src)))
        if metric == "louvain":
            return (lambda: g.community_multilevel(weights="weight"),
                    lambda r: louvain_digest(self.edges, n, r.membership))
        if metric == "structural_holes":
            # Burt's constraint (igraph has no effective size); the same values as
            # nx.constraint(G, weight="weight"), NaN for an isolated node.
            return lambda: g.constraint(weights="weight"), lambda r: holes_digest(ids, r)
        raise KeyError(metric)

    def prepare(self, g, metric):
        if metric == "louvain":
            random.seed(self.seed)   # python-igraph draws from Python's random module

    @staticmethod
    def versions():
        import igraph
        out = {"igraph": igraph.__version__}
        try:
            out["igraph_c_core"] = igraph._igraph.__igraph_version__
        except AttributeError:
            pass
        return out


class RustworkxEngine(Engine):
    name = "rustworkx"
    unsupported = {
        "betweenness_sampled": "rustworkx.betweenness_centrality has no source sampling",
        "louvain": "rustworkx has no community detection (Louvain)",
        "structural_holes": "rustworkx has no Burt's constraint",
    }

    def build(self):
        import rustworkx as rx
        g = rx.PyGraph(multigraph=False)
        g.add_nodes_from(range(self.n))
        g.extend_from_weighted_edge_list(self.edges)
        return g

    def metric(self, g, metric):
        import rustworkx as rx
        ids, n = self.ids, self.n
        if metric == "build":
            return (lambda: self.build(),
                    lambda h: {"nodes": h.num_nodes(), "edges": h.num_edges(),
                               "weight_sum": int(sum(h.edges()))})
        if metric == "components":
            def call():
                comps = rx.connected_components(g)
                return comps, [len(c) for c in comps]

            def digest(r):
                membership = [0] * n
                for label, c in enumerate(r[0]):
                    for v in c:
                        membership[v] = label
                return components_digest(ids, membership)
            return call, digest
        if metric == "articulation_points":
            return lambda: rx.articulation_points(g), lambda r: set_digest(ids, r)
        if metric == "bridges":
            return lambda: rx.bridges(g), lambda r: bridges_digest(ids, r)
        if metric == "degree":
            # no bulk call for integer degrees; node indices are 0..n-1 here
            return (lambda: [g.degree(v) for v in g.node_indices()],
                    lambda r: vector_digest(ids, r, integer=True))
        if metric == "summary":
            samples, seed = self.samples, self.seed

            def call():
                m = g.num_edges()
                density = 2.0 * m / (n * (n - 1)) if n > 1 else 0.0
                comps = rx.connected_components(g)
                if not comps:
                    return density, 0.0, 0, None, None, 0, True
                # the largest; among equals, the component of the smallest node
                best = max(comps, key=lambda c: (len(c), -min(c)))
                s = len(best)
                if s < 2:
                    return density, s / n, s, 0.0, 0, 1, True
                if s <= EXACT_PATHS_MAX_NODES:
                    sub = g if s == n else g.subgraph(sorted(best))
                    # no diameter call: the largest entry of the distance matrix
                    # (s x s float64, 200 MB at 5,000 nodes)
                    return (density, s / n, s, rx.unweighted_average_shortest_path_length(sub),
                            int(rx.distance_matrix(sub).max()), s, True)
                members = sorted(best)
                src = path_sample_positions(s, samples, seed)
                totals, far = [], 0
                for p in src:
                    # one BFS per source; the layers give the distances
                    layers = rx.bfs_layers(g, [members[p]])
                    totals.append(sum(d * len(layer) for d, layer in enumerate(layers)))
                    far = max(far, len(layers) - 1)
                return (density, s / n, s, *sampled_paths(totals, far, s), len(src), False)
            return call, summary_digest
        if metric == "closeness":
            return (lambda: rx.closeness_centrality(g, wf_improved=True),
                    lambda r: vector_digest(ids, [r[i] for i in range(n)]))
        if metric == "betweenness":
            return (lambda: rx.betweenness_centrality(g, normalized=True, endpoints=False),
                    lambda r: vector_digest(ids, [r[i] for i in range(n)]))
        raise KeyError(metric)

    @staticmethod
    def versions():
        import rustworkx
        return {"rustworkx": rustworkx.__version__}


class NetworkxEngine(Engine):
    name = "networkx"
    unsupported = {}

    def build(self):
        import networkx as nx
        ids = self.ids
        g = nx.Graph()
        g.add_nodes_from(ids)
        g.add_weighted_edges_from((ids[u], ids[v], w) for u, v, w in self.edges)
        return g

    def metric(self, g, metric):
        import networkx as nx
        ids, n, seed = self.ids, self.n, self.seed
        index = {p: i for i, p in enumerate(ids)}

        def vec(d):
            return [d[p] for p in ids]
        if metric == "build":
            return (lambda: self.build(),
                    lambda h: {"nodes": h.number_of_nodes(), "edges": h.number_of_edges(),
                               "weight_sum": int(h.size(weight="weight"))})
        if metric == "components":
            def call():
                comps = list(nx.connected_components(g))
                return comps, [len(c) for c in comps]

            def digest(r):
                membership = [0] * n
                for label, c in enumerate(r[0]):
                    for p in c:
                        membership[index[p]] = label
                return components_digest(ids, membership)
            return call, digest
        if metric == "articulation_points":
            return (lambda: list(nx.articulation_points(g)),
                    lambda r: set_digest(ids, [index[p] for p in r]))
        if metric == "bridges":
            return (lambda: list(nx.bridges(g)),
                    lambda r: bridges_digest(ids, [(index[a], index[b]) for a, b in r]))
        if metric == "degree":
            return lambda: dict(g.degree()), lambda r: vector_digest(ids, vec(r), integer=True)
        if metric == "summary":
            samples = self.samples

            def call():
                density = nx.density(g)
                # components come in node order (sorted ids): max keeps the first largest,
                # the component of the smallest node, as the service
                best = max(nx.connected_components(g), key=len, default=None)
                if best is None:
                    return density, 0.0, 0, None, None, 0, True
                s = len(best)
                if s < 2:
                    return density, s / n, s, 0.0, 0, 1, True
                if s <= EXACT_PATHS_MAX_NODES:
                    sub = g if s == n else g.subgraph(best)
                    return (density, s / n, s, nx.average_shortest_path_length(sub),
                            nx.diameter(sub), s, True)
                members = sorted(best)   # sorted ids: index order
                src = path_sample_positions(s, samples, seed)
                totals, far = [], 0
                for p in src:
                    d = nx.single_source_shortest_path_length(g, members[p])
                    totals.append(sum(d.values()))
                    far = max(far, max(d.values()))
                return (density, s / n, s, *sampled_paths(totals, far, s), len(src), False)
            return call, summary_digest
        if metric == "closeness":
            return lambda: nx.closeness_centrality(g), lambda r: vector_digest(ids, vec(r))
        if metric == "betweenness":
            return (lambda: nx.betweenness_centrality(g, normalized=True),
                    lambda r: vector_digest(ids, vec(r)))
        if metric == "betweenness_sampled":
            return (lambda: nx.betweenness_centrality(g, k=self.k, normalized=True, seed=seed),
                    lambda r: vector_digest(ids, vec(r)))
        if metric == "louvain":
            def digest(r):
                membership = [0] * n
                for label, c in enumerate(r):
                    for p in c:
                        membership[index[p]] = label
                return louvain_digest(self.edges, n, membership)
            return (lambda: nx.community.louvain_communities(g, weight="weight", resolution=1,
                                                             seed=seed),
                    digest)
        if metric == "structural_holes":
            # Constraint only, as igraph: NetworkX 3.6.1's all-nodes effective size is
            # wrong when weighted (tools/reference/README.md).
            return (lambda: nx.constraint(g, weight="weight"),
                    lambda r: holes_digest(ids, vec(r)))
        raise KeyError(metric)

    @staticmethod
    def versions():
        import networkx
        return {"networkx": networkx.__version__}


ENGINE_CLASSES = {c.name: c for c in (IgraphEngine, RustworkxEngine, NetworkxEngine)}
ENGINE_MODULES = {"igraph": "igraph", "rustworkx": "rustworkx", "networkx": "networkx"}
ENGINE_DISTRIBUTIONS = {"igraph": ("igraph", "python-igraph"), "rustworkx": ("rustworkx",),
                        "networkx": ("networkx",)}


# ---------------------------------------------------------------------------
# The child: one (engine, metric)
# ---------------------------------------------------------------------------

def maxrss_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss   # KiB on Linux


def child_main(task_path: str) -> int:
    task = json.loads(Path(task_path).read_text(encoding="utf-8"))
    out = Path(task["out"])

    def write(doc):
        tmp = out.with_suffix(".tmp")
        tmp.write_text(json.dumps(doc, allow_nan=True), encoding="utf-8")
        tmp.replace(out)

    try:
        ids, edges = read_edge_list(Path(task["graph_dir"]))
        engine = ENGINE_CLASSES[task["engine"]](ids, edges, task["seed"], task["samples"])
        metric = task["metric"]
        t = time.perf_counter()
        g = engine.build()
        build_seconds = time.perf_counter() - t
        state = {"status": "running", "build_seconds": build_seconds,
                 "rss_before_metric_kib": maxrss_kib()}
        write(state)
        call, digest = engine.metric(g, metric)
        runs = []
        result = None
        while True:
            engine.prepare(g, metric)
            result = None
            gc.collect()
            t = time.perf_counter()
            result = call()
            runs.append(time.perf_counter() - t)
            if runs[0] >= task["cheap_threshold"] or len(runs) >= task["repeats"]:
                break
        d = digest(result)
        vector = d.pop("_vector", None)
        doc = {**state, "status": "ok", "seconds": min(runs), "runs": runs, "digest": d}
        if vector is not None:
            doc["vector"] = vector
        write(doc)
        return 0
    except Exception as e:   # reported to the parent; the run goes on
        write({"status": "error", "error": f"{type(e).__name__}: {e}",
               "traceback": traceback.format_exc()[-2000:]})
        return 1


# ---------------------------------------------------------------------------
# The parent
# ---------------------------------------------------------------------------

def run_child(task: dict, work: Path, timeout: float, env: dict) -> dict:
    name = f"{task['engine']}-{task['metric']}"
    task_path = work / f"{name}.task.json"
    out = work / f"{name}.out.json"
    task = {**task, "out": str(out)}
    task_path.write_text(json.dumps(task), encoding="utf-8")
    err_path = work / f"{name}.stderr"
    start = time.monotonic()
    with open(err_path, "wb") as err:
        proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--child",
                                 str(task_path)],
                                stdin=subprocess.DEVNULL, stdout=err, stderr=err, env=env)
    timed_out = False
    while True:
        # os.wait4 gives this child's own resource usage (peak RSS), even when killed.
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() - start > timeout:
            timed_out = True
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - start
    doc = {}
    if out.exists():
        doc = json.loads(out.read_text(encoding="utf-8"))
    doc["peak_rss_kib"] = usage.ru_maxrss
    # CPU time of the whole child (start-up and build included): above the wall time,
    # the engine ran on more than one thread.
    doc["child_cpu_seconds"] = usage.ru_utime + usage.ru_stime
    doc["child_wall_seconds"] = wall
    if timed_out:
        doc.pop("runs", None)
        doc.update({"status": "timeout", "seconds": None, "limit": timeout})
        if "build_seconds" not in doc:
            doc["note"] = "killed before the graph was built"
    elif doc.get("status") not in ("ok", "error"):
        tail = err_path.read_text(encoding="utf-8", errors="replace")[-1500:]
        doc.update({"status": "error", "seconds": None,
                    "error": f"child exited with {proc.returncode} and no result",
                    "stderr": tail})
    return doc


def close(a: float, b: float) -> bool:
    if isinstance(a, float) and isinstance(b, float) and (math.isnan(a) or math.isnan(b)):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= max(REL_TOL * max(abs(a), abs(b)), ABS_TOL)


def compare_digests(ref: dict, got: dict) -> list[str]:
    """Differences between two digests of the same metric (empty: they agree)."""
    diffs = []
    for key in sorted(set(ref) | set(got)):
        a, b = ref.get(key), got.get(key)
        if key == "top5_ids":
            continue   # compared together with top5_values below
        if key == "top5_values":
            ia, ib = ref.get("top5_ids", []), got.get("top5_ids", [])
            for j, (x, y) in enumerate(zip(a, b)):
                if not close(x, y):
                    diffs.append(f"top-5 value #{j + 1}: {x!r} vs {y!r}")
                elif ia[j] != ib[j] and not any(close(x, v) for p, v in zip(ia, a) if p == ib[j]):
                    diffs.append(f"top-5 id #{j + 1}: {ia[j]} vs {ib[j]}")
            continue
        if isinstance(a, float) or isinstance(b, float):
            if a is None or b is None or not close(float(a), float(b)):
                diffs.append(f"{key}: {a!r} vs {b!r}")
        elif a != b:
            diffs.append(f"{key}: {a!r} vs {b!r}")
    return diffs


def compare_vectors(a: list[float], b: list[float]) -> tuple[float, float, int]:
    """(largest absolute difference, largest relative difference, number of nodes outside
    the tolerance)."""
    worst_abs, worst_rel, bad = 0.0, 0.0, 0
    for x, y in zip(a, b):
        if math.isnan(x) or math.isnan(y):
            if not (math.isnan(x) and math.isnan(y)):
                bad += 1
            continue
        d = abs(x - y)
        if d > 0:
            worst_abs = max(worst_abs, d)
            worst_rel = max(worst_rel, d / max(abs(x), abs(y)))
        if not close(x, y):
            bad += 1
    return worst_abs, worst_rel, bad + abs(len(a) - len(b))


def cross_check(results: dict, vectors: dict, engines: list[str]) -> dict:
    out = {}
    for metric in METRICS:
        ok = [e for e in engines if results[e][metric].get("status") == "ok"]
        if metric == "louvain":
            out[metric] = {
                "compared": False,
                "note": "partitions differ across implementations by nature: modularity and "
                        "community count are recorded, not compared",
                "modularity": {e: results[e][metric]["digest"]["modularity"] for e in ok},
                "communities": {e: results[e][metric]["digest"]["communities"] for e in ok}}
            continue
        if len(ok) < 2:
            out[metric] = {"compared": False, "engines": ok,
                           "note": "fewer than two engines have a result"}
            continue
        ref = "networkx" if "networkx" in ok else ok[0]
        entry = {"compared": True, "reference": ref, "engines": ok, "agree": True,
                 "details": {}}
        for e in ok:
            if e == ref:
                continue
            diffs = compare_digests(results[ref][metric]["digest"], results[e][metric]["digest"])
            detail = {"agree": not diffs, "differences": diffs}
            va, vb = vectors.get((ref, metric)), vectors.get((e, metric))
            if va is not None and vb is not None:
                worst_abs, worst, bad = compare_vectors(va, vb)
                detail["max_absolute_difference"] = worst_abs
                detail["max_relative_difference"] = worst
                detail["nodes_outside_tolerance"] = bad
                if bad:
                    detail["agree"] = False
                    diffs.append(f"{bad} nodes differ beyond {REL_TOL:g} relative "
                                 f"(largest {worst:.3g})")
            entry["details"][e] = detail
            entry["agree"] &= detail["agree"]
        out[metric] = entry
    return out


def finite(x):
    """The document with NaN and infinities written as null (strict JSON)."""
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: finite(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [finite(v) for v in x]
    return x


def machine() -> dict:
    cpu = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1])
                break
    except OSError:
        pass
    return {"cpu_model": cpu or platform.processor() or None, "cores": os.cpu_count(),
            "cores_available": len(os.sched_getaffinity(0)),
            "memory_total_kib": mem, "platform": platform.platform()}


def versions(engines: list[str]) -> dict:
    out = {}
    for dist in ("igraph", "rustworkx", "networkx", "numpy", "scipy"):
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = None
    if "igraph" in engines and importlib.util.find_spec("igraph"):
        out.update(IgraphEngine.versions())
    return out


THREAD_VARS = ("RAYON_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
               "MKL_NUM_THREADS", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def format_seconds(r: dict) -> str:
    s = r.get("status")
    if s == "ok":
        x = r["seconds"]
        text = f"{x:.6f}" if x < 1 else f"{x:.3f}" if x < 100 else f"{x:.1f}"
        return text + (f"/{len(r['runs'])}" if len(r.get("runs", [])) > 1 else "")
    return {"timeout": f"timeout>{r.get('limit', 0):g}", "unsupported": "unsupported",
            "skipped": "skipped", "unavailable": "not installed"}.get(s, s or "?")


def print_table(doc: dict, engines: list[str]) -> None:
    err = sys.stderr
    res = doc["results"]
    g = doc["graph"]
    print(f"\nbundle {doc['bundle']['path']}: {g['nodes']} nodes, {g['edges']} edges; "
          f"load {doc['load']['seconds']:.3f} s", file=err)
    print("seconds per metric (best of N runs shown as s/N; heavy metrics run once); "
          "peak RSS of the child in MiB", file=err)
    width = 22
    head = "metric".ljust(22) + "".join(e.rjust(width) for e in engines)
    print(head, file=err)
    print("-" * len(head), file=err)
    for m in [x for x in METRICS if x in doc["settings"]["metrics"]]:
        cells = []
        for e in engines:
            r = res[e][m]
            rss = r.get("peak_rss_kib")
            cell = format_seconds(r) + (f" {rss / 1024:.0f}M" if rss else "")
            cells.append(cell.rjust(width))
        print(m.ljust(22) + "".join(cells), file=err)
    print("", file=err)
    for m, c in doc["cross_check"].items():
        if m == "louvain" and not c["modularity"]:
            print(f"cross-check {m}: no results", file=err)
        elif m == "louvain":
            q = ", ".join(f"{e} Q={v:.4f} ({c['communities'][e]} communities)"
                          for e, v in c["modularity"].items())
            print(f"cross-check {m}: not compared; {q}", file=err)
        elif not c["compared"]:
            if c["engines"]:
                print(f"cross-check {m}: not compared (only {c['engines'][0]} has a result)",
                      file=err)
        elif c["agree"]:
            others = ", ".join(e for e in c["engines"] if e != c["reference"])
            rel = [d["max_relative_difference"] for d in c["details"].values()
                   if "max_relative_difference" in d]
            absd = [d["max_absolute_difference"] for d in c["details"].values()
                    if "max_absolute_difference" in d]
            extra = (f"; per node, largest difference {max(absd):.2g} absolute, "
                     f"{max(rel):.2g} relative" if rel else "")
            print(f"cross-check {m}: agree ({others} vs {c['reference']}{extra})", file=err)
    bad = {m: c for m, c in doc["cross_check"].items() if c.get("compared") and not c["agree"]}
    for m, c in bad.items():
        print("!" * 78, file=err)
        print(f"!!! DISAGREEMENT on {m} (reference {c['reference']})", file=err)
        for e, d in c["details"].items():
            for line in d["differences"]:
                print(f"!!!   {e}: {line}", file=err)
        print("!" * 78, file=err)
    for e in engines:
        for m in METRICS:
            r = res[e][m]
            if r.get("status") == "error":
                print(f"!!! ERROR {e} {m}: {r.get('error')}", file=err)
            elif r.get("status") == "timeout":
                print(f"note: {e} {m} killed after {r['limit']:g} s", file=err)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(
        description="Time met-graph metrics in igraph, rustworkx and NetworkX on one bundle.")
    ap.add_argument("bundle", type=Path, help="bundle folder (docs/bundle-format.md)")
    ap.add_argument("--engines", default=",".join(ENGINES),
                    help="comma-separated subset of %(default)s")
    ap.add_argument("--timeout", type=float, default=600.0,
                    help="wall-clock limit per (engine, metric) child, seconds (default 600)")
    ap.add_argument("--samples", type=int, default=500,
                    help="sources for betweenness_sampled, and for the summary's path figures "
                         f"when the largest component has more than {EXACT_PATHS_MAX_NODES} "
                         "nodes (default 500; at most the node count)")
    ap.add_argument("--seed", type=int, default=42,
                    help="seed for the sampled sources and Louvain (default 42)")
    ap.add_argument("--exact-all", action="store_true",
                    help=f"run exact betweenness above {EXACT_BETWEENNESS_MAX_NODES} nodes too")
    ap.add_argument("--repeats", type=int, default=5,
                    help="runs of a cheap metric, the best kept (default 5)")
    ap.add_argument("--cheap-threshold", type=float, default=1.0,
                    help="a metric whose first run is shorter than this is cheap (default 1 s)")
    ap.add_argument("--metrics", default=",".join(METRICS),
                    help="comma-separated subset of the metrics (default: all)")
    ap.add_argument("--threads", type=int, default=None,
                    help="set RAYON_NUM_THREADS, OMP_NUM_THREADS, ... in the children "
                         "(default: the engines' own defaults)")
    ap.add_argument("--out", type=Path, default=None, help="write the JSON here, not to stdout")
    args = ap.parse_args(argv)

    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    metrics = [m.strip() for m in args.metrics.split(",") if m.strip()]
    for e in engines:
        if e not in ENGINES:
            ap.error(f"unknown engine {e!r} (known: {', '.join(ENGINES)})")
    for m in metrics:
        if m not in METRICS:
            ap.error(f"unknown metric {m!r} (known: {', '.join(METRICS)})")
    if args.samples < 1 or args.repeats < 1 or args.timeout <= 0:
        ap.error("--samples, --repeats and --timeout must be positive")

    started = datetime.now(timezone.utc).isoformat(timespec="seconds")
    t = time.perf_counter()
    try:
        ids, edges, counts = load_met_graph(args.bundle)
    except (OSError, KeyError, BundleError) as e:
        print(f"error: cannot read the bundle {args.bundle}: {type(e).__name__}: {e}",
              file=sys.stderr)
        return 1
    load_seconds = time.perf_counter() - t
    n, m = len(ids), len(edges)
    print(f"loaded {args.bundle}: {n} nodes, {m} edges in {load_seconds:.3f} s",
          file=sys.stderr)

    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"   # NetworkX iterates over sets of string ids
    if args.threads is not None:
        for var in ("RAYON_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                    "MKL_NUM_THREADS"):
            env[var] = str(args.threads)

    work = Path(tempfile.mkdtemp(prefix="reference-engines-"))
    results: dict[str, dict] = {}
    vectors: dict[tuple[str, str], list[float]] = {}
    try:
        save_edge_list(work, ids, edges)
        for e in engines:
            cls = ENGINE_CLASSES[e]
            results[e] = {}
            installed = importlib.util.find_spec(ENGINE_MODULES[e]) is not None
            for metric in METRICS:
                if metric not in metrics:
                    results[e][metric] = {"status": "skipped", "seconds": None,
                                          "reason": "not selected (--metrics)"}
                elif not installed:
                    results[e][metric] = {"status": "unavailable", "seconds": None,
                                          "reason": f"python module {ENGINE_MODULES[e]!r} "
                                                    "is not installed"}
                elif metric in cls.unsupported:
                    results[e][metric] = {"status": "unsupported", "seconds": None,
                                          "reason": cls.unsupported[metric]}
                elif (metric == "betweenness" and n > EXACT_BETWEENNESS_MAX_NODES
                      and not args.exact_all):
                    results[e][metric] = {"status": "skipped", "seconds": None,
                                          "reason": f"more than {EXACT_BETWEENNESS_MAX_NODES}"
                                                    " nodes (use --exact-all)"}
                else:
                    print(f"  {e:<10} {metric:<20}", end="", file=sys.stderr, flush=True)
                    task = {"engine": e, "metric": metric, "graph_dir": str(work),
                            "seed": args.seed, "samples": args.samples,
                            "repeats": args.repeats, "cheap_threshold": args.cheap_threshold}
                    r = run_child(task, work, args.timeout, env)
                    vec = r.pop("vector", None)
                    if vec is not None:
                        vectors[(e, metric)] = vec
                    results[e][metric] = r
                    print(f" {format_seconds(r)}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    doc = {
        "schema": SCHEMA,
        "tool": "tools/bench/reference_engines.py",
        "started": started,
        "bundle": {"path": str(args.bundle), **counts},
        "graph": {"nodes": n, "edges": m, "weight_sum": sum(w for _, _, w in edges)},
        "load": {"seconds": load_seconds,
                 "what": "read the CSV files and build the weighted edge list (pure Python)"},
        "settings": {"engines": engines, "metrics": metrics, "timeout": args.timeout,
                     "samples": args.samples, "samples_used": min(args.samples, n),
                     "seed": args.seed, "repeats": args.repeats,
                     "cheap_threshold": args.cheap_threshold,
                     "exact_betweenness_max_nodes": EXACT_BETWEENNESS_MAX_NODES,
                     "exact_paths_max_nodes": EXACT_PATHS_MAX_NODES,
                     "exact_all": args.exact_all, "threads": args.threads,
                     "rel_tol": REL_TOL, "abs_tol": ABS_TOL},
        "python": {"version": platform.python_version(),
                   "implementation": platform.python_implementation(),
                   "executable_version": sys.version},
        "versions": versions(engines),
        "machine": machine(),
        "environment": {v: env.get(v) for v in THREAD_VARS},
        "results": results,
    }
    doc["cross_check"] = cross_check(results, vectors, engines)
    disagree = [mt for mt, c in doc["cross_check"].items() if c.get("compared") and not c["agree"]]
    doc["agree"] = not disagree
    text = json.dumps(finite(doc), indent=1, allow_nan=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        sys.stdout.write(text + "\n")
    print_table(doc, engines)
    errors = [1 for e in engines for r in results[e].values() if r.get("status") == "error"]
    return 2 if disagree else 3 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        sys.exit(child_main(sys.argv[2]))
    sys.exit(main(sys.argv[1:]))
