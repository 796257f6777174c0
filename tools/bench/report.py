#!/usr/bin/env python3
"""Print the Markdown tables of BENCHMARKS.md from the JSON document of tools/bench/run.py.

    python3 tools/bench/report.py target/bench/results.json > tables.md

Missing figures are shown as "—". Numbers have 3 significant figures; latencies are in
microseconds, memory in MiB, times in seconds. See tools/bench/README.md.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

DASH = "—"
METRICS = ("summary", "components", "articulation_points", "bridges", "degree",
           "betweenness", "betweenness_sampled", "closeness", "louvain", "structural_holes")
ENGINES = (("igraph", "igraph"), ("rustworkx", "rustworkx"), ("networkx", "NetworkX"))
REL_TOL = 1e-6
ABS_TOL = 1e-12

# What the check column compares, per metric: (digest field, is a float).
CHECKS = {
    "summary": (("density", True), ("largest_component_share", True), ("average_path", True)),
    "components": (("count", False), ("largest", False)),
    "articulation_points": (("count", False),),
    "bridges": (("count", False),),
    "degree": (("sum", False), ("max", False)),
    "closeness": (("sum", True),),
    "betweenness": (("sum", True),),
    # The references compute the constraint only; peacenet's digest has its sum too.
    "structural_holes": (("defined", False), ("sum", True)),
}


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------

def get(d, *path):
    """d[path[0]][path[1]]..., or None when any step is missing."""
    for key in path:
        if isinstance(d, dict) and key in d:
            d = d[key]
        elif isinstance(d, list) and isinstance(key, int) and -len(d) <= key < len(d):
            d = d[key]
        else:
            return None
    return d


def is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def num(x, digits: int = 3) -> str:
    """x with `digits` significant figures, thousands separated; "—" when missing."""
    if not is_number(x):
        return DASH
    if x == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(x)))
    if magnitude >= digits - 1:
        rounded = round(x, -(magnitude - digits + 1))
        return f"{rounded:,.0f}"
    decimals = digits - 1 - magnitude
    return f"{x:.{decimals}f}"


def count(x) -> str:
    """An exact integer, thousands separated."""
    if not is_number(x):
        return DASH
    return f"{int(x):,}"


def pair(a, b, fmt=num) -> str:
    if not is_number(a) and not is_number(b):
        return DASH
    return f"{fmt(a)} / {fmt(b)}"


def ratio(x) -> str:
    return f"{num(x)}x" if is_number(x) else DASH


def kib_to_mib(x):
    return x / 1024 if is_number(x) else None


def cell(x) -> str:
    """A table cell on one line, without column separators."""
    return " ".join(str(x).split()).replace("|", "\\|") or DASH


def seconds_limit(x) -> str:
    return f"{x:g}" if is_number(x) else DASH


def table(header: list[str], rows: list[list[str]], align: list[str] | None = None) -> str:
    align = align or ["l"] + ["r"] * (len(header) - 1)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def ok(step) -> bool:
    return isinstance(step, dict) and step.get("status", "ok") == "ok"


def step(size_doc: dict, name: str) -> dict:
    """A step's record if it succeeded (or at least recorded figures), else {}."""
    s = size_doc.get(name)
    if not isinstance(s, dict):
        return {}
    if s.get("status") in ("skipped",):
        return {}
    return s


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------

def first_reference(doc: dict) -> dict:
    for size in sorted_sizes(doc):
        ref = get(doc, "sizes", size, "reference")
        if isinstance(ref, dict) and isinstance(ref.get("versions"), dict):
            return ref
    return {}


def first_of(doc: dict, *path):
    for size in sorted_sizes(doc):
        v = get(doc, "sizes", size, *path)
        if v is not None:
            return v
    return None


def sorted_sizes(doc: dict) -> list[str]:
    sizes = list((doc.get("sizes") or {}).keys())
    return sorted(sizes, key=lambda s: (int(s) if s.isdigit() else math.inf, s))


def machine_section(doc: dict) -> str:
    m = doc.get("machine") or {}
    ref = first_reference(doc)
    v = ref.get("versions") or {}
    s = doc.get("settings") or {}
    mem = m.get("memory_total_kib")
    cores = m.get("cores")
    avail = m.get("cores_available")
    igraph = v.get("igraph")
    if igraph and v.get("igraph_c_core"):
        igraph = f"{igraph} (C core {v['igraph_c_core']})"
    wrk = s.get("wrk") or {}
    rows = [
        ["CPU", m.get("cpu_model") or DASH],
        ["cores", (f"{cores}" + (f" ({avail} available)" if avail and avail != cores else ""))
         if cores else DASH],
        ["memory", f"{mem / 1024 / 1024:.1f} GiB" if is_number(mem) else DASH],
        ["kernel", m.get("kernel") or DASH],
        ["rustc", m.get("rustc") or DASH],
        ["peacenet", m.get("peacenet") or DASH],
        ["commit", m.get("commit") or DASH],
        ["date", m.get("date") or doc.get("started") or DASH],
        ["Python", get(ref, "python", "version") or m.get("python") or DASH],
        ["igraph", igraph or DASH],
        ["rustworkx", v.get("rustworkx") or DASH],
        ["NetworkX", v.get("networkx") or DASH],
        ["numpy / scipy", f"{v.get('numpy') or DASH} / {v.get('scipy') or DASH}"],
        ["PostgreSQL", first_of(doc, "import_postgres", "server_version") or DASH],
        ["wrk", m.get("wrk") or DASH],
        ["settings", f"sampled betweenness {s.get('samples', DASH)} sources, seed "
                     f"{s.get('seed', DASH)}; reference timeout "
                     f"{seconds_limit(s.get('reference_timeout'))} s; wrk -t{wrk.get('threads', '?')} "
                     f"-c{wrk.get('connections', '?')} -d{wrk.get('duration', '?')}"],
    ]
    return "### Machine and versions\n\n" + table(["item", "value"], rows, ["l", "l"])


def scale_section(doc: dict) -> str:
    sizes = sorted_sizes(doc)
    if not sizes:
        return "### Scale\n\nNo sizes in the results."
    S = {size: doc["sizes"][size] for size in sizes}

    def row(label, fn):
        cells = []
        for size in sizes:
            try:
                cells.append(fn(S[size]))
            except (TypeError, ValueError, KeyError, ZeroDivisionError):
                cells.append(DASH)
        return [label] + cells

    def gen(d, f):
        return get(step(d, "generate"), "files", f)

    def seq(d, q, key):
        return get(step(d, "http"), q, "sequential", key)

    def wrk(d, q, key):
        return get(step(d, "http"), q, "wrk", key)

    def inq(d, q):
        return pair(get(step(d, "inprocess"), "queries", q, "p50_us"),
                    get(step(d, "inprocess"), "queries", q, "p99_us"))

    rows = [
        row("bundle rows (all files)", lambda d: count(get(step(d, "generate"), "rows"))),
        row("people / meetings", lambda d: pair(gen(d, "people.csv"), gen(d, "meetings.csv"),
                                                count)),
        row("participations", lambda d: count(gen(d, "participations.csv"))),
        row("generate (s)", lambda d: num(get(step(d, "generate"), "seconds"))),
        row("import SQLite (s)", lambda d: num(get(step(d, "import_sqlite"), "seconds"))),
        row("import SQLite (rows/s)",
            lambda d: num(get(step(d, "import_sqlite"), "rows_per_second"))),
        row("import SQLite peak (MiB)",
            lambda d: num(get(step(d, "import_sqlite"), "peak_rss_mib"))),
        row("import PostgreSQL (s)", lambda d: num(get(step(d, "import_postgres"), "seconds"))),
        row("import PostgreSQL (rows/s)",
            lambda d: num(get(step(d, "import_postgres"), "rows_per_second"))),
        row("import PostgreSQL peak (MiB)",
            lambda d: num(get(step(d, "import_postgres"), "peak_rss_mib"))),
        row("model load / build / total (s)", lambda d: " / ".join(
            num(get(step(d, "inprocess"), "model", k))
            for k in ("load_seconds", "build_seconds", "total_seconds"))
            if get(step(d, "inprocess"), "model") else DASH),
        row("model peak (MiB)", lambda d: num(get(step(d, "inprocess"), "model", "peak_rss_mib"))),
        row("graph nodes / ties", lambda d: pair(get(step(d, "inprocess"), "graph", "nodes"),
                                                 get(step(d, "inprocess"), "graph", "ties"),
                                                 count)),
        row("reference graph nodes / edges",
            lambda d: pair(get(step(d, "reference"), "graph", "nodes"),
                           get(step(d, "reference"), "graph", "edges"), count)),
        row("graph projection (s)",
            lambda d: num(get(step(d, "inprocess"), "graph", "projection_seconds"))),
        row("graph projection peak (MiB)",
            lambda d: num(get(step(d, "inprocess"), "graph", "projection_peak_rss_mib"))),
        row("in-process who_met p50 / p99 (µs)", lambda d: inq(d, "who_met")),
        row("in-process contacts p50 / p99 (µs)", lambda d: inq(d, "contacts")),
        row("in-process chain p50 / p99 (µs)", lambda d: inq(d, "chain")),
        row("HTTP who_met p50 / p99 (µs)",
            lambda d: pair(seq(d, "who_met", "p50_us"), seq(d, "who_met", "p99_us"))),
        row("HTTP who_met SQL statements / request",
            lambda d: num(seq(d, "who_met", "statements_per_request"))),
        row("HTTP nested p50 / p99 (µs)",
            lambda d: pair(seq(d, "nested", "p50_us"), seq(d, "nested", "p99_us"))),
        row("HTTP nested SQL statements / request",
            lambda d: num(seq(d, "nested", "statements_per_request"))),
        row("HTTP nested participants / response (mean)",
            lambda d: num(seq(d, "nested", "participants_mean"))),
        row("wrk who_met (req/s)", lambda d: num(wrk(d, "who_met", "requests_per_second"))),
        row("wrk who_met p99 (µs)", lambda d: num(wrk(d, "who_met", "p99_us"))),
        row("wrk nested (req/s)", lambda d: num(wrk(d, "nested", "requests_per_second"))),
        row("wrk nested p99 (µs)", lambda d: num(wrk(d, "nested", "p99_us"))),
        row("service peak during HTTP (MiB)",
            lambda d: num(get(step(d, "http"), "peak_rss_mib"))),
    ]
    header = ["people"] + [count(int(s)) if s.isdigit() else s for s in sizes]
    return "### Scale\n\n" + table(header, rows)


def close(a, b) -> bool:
    return abs(a - b) <= max(REL_TOL * max(abs(a), abs(b)), ABS_TOL)


def reference_result(ref: dict, engine: str, metric: str) -> dict:
    r = get(ref, "results", engine, metric)
    return r if isinstance(r, dict) else {}


def reference_cell(r: dict) -> str:
    status = r.get("status")
    if status == "ok":
        return num(r.get("seconds"))
    if status == "timeout":
        return f"timeout >{seconds_limit(r.get('limit'))} s"
    return {"unsupported": "unsupported", "skipped": "skipped", "unavailable": "not installed",
            "error": "error"}.get(status, DASH)


def measured(r: dict) -> bool:
    """Whether the reference ran the metric or tried to: not missing, nor left out by
    reference_engines.py --metrics."""
    return bool(r) and not (r.get("status") == "skipped"
                            and str(r.get("reason", "")).startswith("not selected"))


def exact_paths_on_both(mine: dict, digest: dict) -> bool:
    """Whether both summaries computed the average shortest path exactly, from every node
    of the same largest component. Sampled estimates are not compared: the service and
    reference_engines.py draw different sources."""
    sources = mine.get("path_sources")
    return (digest.get("paths_exact") is True and is_number(sources)
            and sources == digest.get("path_sources"))


def check(metric: str, ours: dict, ref: dict) -> tuple[str, str | None]:
    """("agrees" | "differs" | "—", a note on the difference)."""
    fields = CHECKS.get(metric)
    if not fields or ours.get("status") != "ok":
        return DASH, None
    digest = None
    source = None
    for engine, label in (("networkx", "NetworkX"), ("igraph", "igraph"),
                          ("rustworkx", "rustworkx")):
        r = reference_result(ref, engine, metric)
        if r.get("status") == "ok" and isinstance(r.get("digest"), dict):
            digest, source = r["digest"], label
            break
    mine = ours.get("digest")
    if digest is None or not isinstance(mine, dict):
        return DASH, None
    compared = 0
    diffs = []
    for field, is_float in fields:
        if field == "average_path" and not exact_paths_on_both(mine, digest):
            continue
        a, b = mine.get(field), digest.get(field)
        if not is_number(a) or not is_number(b):
            continue
        compared += 1
        same = close(float(a), float(b)) if is_float else int(a) == int(b)
        if not same:
            diffs.append(f"{field} {a!r} vs {b!r} ({source})")
    if not compared:
        return DASH, None
    return ("differs", "; ".join(diffs)) if diffs else ("agrees", None)


def metrics_section(doc: dict) -> str:
    out = ["### Network metrics (seconds)"]
    notes_any = False
    for size in sorted_sizes(doc):
        d = doc["sizes"][size]
        inproc = step(d, "inprocess")
        ref = step(d, "reference")
        if not get(inproc, "metrics") and not get(ref, "results"):
            continue
        nodes = get(inproc, "graph", "nodes") or get(ref, "graph", "nodes")
        ties = get(inproc, "graph", "ties") or get(ref, "graph", "edges")
        title = f"#### {count(int(size)) if size.isdigit() else size} people"
        if is_number(nodes):
            title += f" ({count(nodes)} nodes, {count(ties)} ties)"
        rows = []
        notes = []
        for metric in METRICS:
            ours = get(inproc, "metrics", metric)
            ours = ours if isinstance(ours, dict) else {}
            status = ours.get("status")
            if status == "ok":
                mine = num(ours.get("seconds"))
            elif status:
                mine = {"skipped": "skipped", "error": "error"}.get(status, status)
            else:
                mine = DASH
            cells = []
            fastest = None
            for engine, _ in ENGINES:
                r = reference_result(ref, engine, metric)
                cells.append(reference_cell(r))
                if r.get("status") == "ok" and is_number(r.get("seconds")):
                    fastest = r["seconds"] if fastest is None else min(fastest, r["seconds"])
            speed = (ratio(fastest / ours["seconds"])
                     if fastest is not None and status == "ok" and is_number(ours.get("seconds"))
                     and ours["seconds"] > 0 else DASH)
            if not status and not any(measured(reference_result(ref, e, metric))
                                      for e, _ in ENGINES):
                continue   # in neither side's selection in this run
            verdict, note = check(metric, ours, ref)
            if note:
                notes.append(f"- {metric}: {note}")
            if status == "skipped" and ours.get("reason"):
                notes.append(f"- {metric}, peacenet skipped: {ours['reason']}")
            rows.append([metric, mine, *cells, speed, verdict])
        timeout = get(ref, "settings", "timeout")
        out.append(title)
        out.append(table(["metric", "peacenet", "igraph", "rustworkx", "NetworkX",
                          "fastest reference / peacenet", "check"], rows,
                         ["l", "r", "r", "r", "r", "r", "l"]))
        if notes:
            out.append("\n".join(notes))
            notes_any = True
        if is_number(timeout):
            out.append(f"Reference limit per metric: {seconds_limit(timeout)} s.")
    if len(out) == 1:
        out.append("No metric results.")
    out.append("The check compares peacenet's digest with NetworkX's (igraph's where NetworkX "
               "has none): component count and largest size, articulation point and bridge "
               "counts, degree sum and maximum, closeness and betweenness sums, the count and "
               "sum of the defined constraints (relative tolerance 1e-6), the density, the largest component's share and, when both "
               "computed it exactly, its average shortest path. Sampled betweenness, a "
               "sampled average path and Louvain are not compared (different scaling, "
               "sources and partitions)." +
               (" Differences are listed under each table." if notes_any else ""))
    return "\n\n".join(out)


def sampled_section(doc: dict) -> str:
    rows = []
    for size in sorted_sizes(doc):
        d = doc["sizes"][size]
        inproc = step(d, "inprocess")
        ref = step(d, "reference")
        bs = get(inproc, "metrics", "betweenness_sampled") or {}
        lv = get(inproc, "metrics", "louvain") or {}
        if not bs and not lv:
            continue
        spearman = bs.get("spearman_vs_exact")
        rows.append([
            count(int(size)) if size.isdigit() else size,
            count(bs.get("samples")),
            f"{spearman:.4f}" if is_number(spearman) else DASH,
            num(bs.get("seconds")) if bs.get("status") == "ok" else bs.get("status") or DASH,
            count(lv.get("communities") if "communities" in lv
                  else get(lv, "digest", "communities")),
            num(lv.get("modularity") if "modularity" in lv else get(lv, "digest", "modularity"),
                4),
            num(get(reference_result(ref, "igraph", "louvain"), "digest", "modularity"), 4),
            num(get(reference_result(ref, "networkx", "louvain"), "digest", "modularity"), 4),
        ])
    if not rows:
        return "### Sampled betweenness and Louvain\n\nNo results."
    return "### Sampled betweenness and Louvain\n\n" + table(
        ["people", "samples", "Spearman vs exact", "sampled betweenness (s)",
         "Louvain communities", "modularity", "igraph modularity", "NetworkX modularity"], rows)


def failures_section(doc: dict) -> str:
    lines = []
    for size in sorted_sizes(doc):
        for name, s in (doc["sizes"][size] or {}).items():
            if isinstance(s, dict) and s.get("status") == "error":
                message = str(s.get("error", "")).replace("\n", " ")[:300]
                lines.append(f"- {size}, {name}: {message}")
            if name == "reference" and isinstance(s, dict) and s.get("exit_code") == 2:
                bad = [m for m, c in (s.get("cross_check") or {}).items()
                       if isinstance(c, dict) and c.get("compared") and not c.get("agree")]
                lines.append(f"- {size}, reference: the engines disagree on {', '.join(bad)}")
    if not lines:
        return ""
    return "### Failures\n\n" + "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        doc = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        print(f"error: cannot read {argv[0]}: {e}", file=sys.stderr)
        return 1
    sections = [machine_section(doc), scale_section(doc), metrics_section(doc),
                sampled_section(doc), failures_section(doc)]
    print("\n\n".join(s for s in sections if s))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
