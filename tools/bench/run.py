#!/usr/bin/env python3
"""Run the scale benchmarks of peacenet and collect every figure in one JSON document.

    python3 tools/bench/run.py [--sizes 1000,5000,20000,200000] [--steps ...]
        [--work target/bench] [--out target/bench/results.json] [--bin target/release/peacenet]

For each size (number of people), the steps are:

  generate         peacenet generate --people N --seed 1 WORK/bundle-N
  import_sqlite    peacenet import into WORK/db-N.sqlite, under /usr/bin/time -v
  import_postgres  the same into a fresh PostgreSQL database peacenet_bench_N
  inprocess        cargo bench --bench scale on WORK/db-N.sqlite (model build, graph
                   projection, in-process queries and metrics)
  http             peacenet serve on WORK/db-N.sqlite: sequential latency over one
                   keep-alive connection, SQL statements per request, and wrk throughput
  reference        tools/bench/reference_engines.py on the bundle (igraph, rustworkx,
                   NetworkX)

The JSON document is rewritten after every step, so an interrupted run keeps what it
measured. Progress goes to stderr. tools/bench/report.py turns the document into the
Markdown tables of BENCHMARKS.md. See tools/bench/README.md.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import math
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import traceback
import urllib.parse
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reference_engines  # noqa: E402  (the machine description is shared)

SCHEMA = 1
STEPS = ("generate", "import_sqlite", "import_postgres", "inprocess", "http", "reference")
REPO = Path(__file__).resolve().parents[2]
REFERENCE_SCRIPT = REPO / "tools" / "bench" / "reference_engines.py"

# The counter of SQL statements in /metrics (src/http/metrics.rs registers
# "sql_statements" under the prefix "peacenet"; OpenMetrics adds "_total" to counters).
STATEMENTS_METRIC = "peacenet_sql_statements"
REQUESTS_METRIC = "peacenet_graphql_requests"

WHO_MET_QUERY = """query WhoMet($a: ID!, $b: ID!) {
  haveMet(a: $a, b: $b) { met meetingCount firstMet lastMet meetings { nodes { id startDate } } }
}"""

# organisation -> members -> meetings -> participants. These three lists are plain
# lists in the schema (no first/after), so every member, every meeting and every
# participant is returned. 12 fields: far below the complexity limit of 500; depth 5.
NESTED_QUERY = """query Nested($id: ID!) {
  organisation(id: $id) {
    key name
    members { nodes {
      key name
      meetings { nodes {
        key startDate
        participants { nodes { key name } }
      } }
    } }
  }
}"""
NESTED_FIELDS = 12


class StepError(Exception):
    """A step failed; the message is recorded."""


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def log(message: str) -> None:
    stamp = datetime.now().strftime("%H:%M:%S")
    print(f"[{stamp}] {message}", file=sys.stderr, flush=True)


def run_text(cmd: list[str], cwd: Path | None = None, timeout: float | None = 60) -> str | None:
    """stdout of a short command, stripped, or None when it fails."""
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return None
    out = (p.stdout or "").strip() or (p.stderr or "").strip()
    return out if p.returncode == 0 and out else None


def tail(text: str | bytes, n: int = 2000) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return text[-n:]


def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(q / 100.0 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def latency_summary(us: list[float]) -> dict:
    s = sorted(us)
    return {"runs": len(s), "p50_us": percentile(s, 50), "p90_us": percentile(s, 90),
            "p99_us": percentile(s, 99), "mean_us": statistics.fmean(s) if s else None,
            "min_us": s[0] if s else None, "max_us": s[-1] if s else None}


def count_csv_rows(path: Path) -> int:
    """Data rows (records after the header) of a CSV file; quoted newlines are handled."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        rows = sum(1 for _ in reader)
    return max(rows - 1, 0)


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def sqlite_url(db: Path) -> str:
    return f"sqlite://{db}"


def postgres_urls(base: str, admin_db: str, size: int) -> tuple[str, str, str]:
    """(admin URL, bench URL, database name) from the server URL."""
    parts = urllib.parse.urlsplit(base)
    name = f"peacenet_bench_{size}"
    admin = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + admin_db, parts.query, ""))
    bench = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, ""))
    return admin, bench, name


def redact(url: str) -> str:
    """A URL without its password."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_status_kib(pid: int, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


# ---------------------------------------------------------------------------
# The machine
# ---------------------------------------------------------------------------

def machine(args) -> dict:
    """The machine as reference_engines.py records it, plus the tool versions here."""
    base = reference_engines.machine()
    wrk_version = None
    try:   # `wrk -v` prints its version and the usage, and exits with status 1
        p = subprocess.run([args.wrk, "-v"], capture_output=True, text=True, timeout=10)
        first = (p.stdout or p.stderr or "").strip().splitlines()
        wrk_version = first[0].split(" Copyright")[0].strip() if first else None
    except (OSError, subprocess.TimeoutExpired):
        pass
    mem = base.get("memory_total_kib")
    return {
        **base,
        "memory_total_mib": round(mem / 1024, 1) if mem else None,
        "kernel": platform.release(),
        "platform": platform.platform(),
        "rustc": run_text(["rustc", "--version"], cwd=REPO),
        "commit": run_text(["git", "rev-parse", "--short", "HEAD"], cwd=REPO),
        "date": now_iso(),
        "python": platform.python_version(),
        "peacenet": (run_text([str(args.bin), "--version"]) or "").splitlines()[0] or None
        if Path(args.bin).is_file() else None,
        "wrk": wrk_version,
        "psql": run_text(["psql", "--version"]),
    }


# ---------------------------------------------------------------------------
# The results document
# ---------------------------------------------------------------------------

class Results:
    def __init__(self, path: Path, doc: dict):
        self.path = path
        self.doc = doc

    def size(self, n: int) -> dict:
        return self.doc.setdefault("sizes", {}).setdefault(str(n), {})

    def record(self, n: int, step: str, result: dict) -> None:
        self.size(n)[step] = result
        self.write()

    def write(self) -> None:
        self.doc["updated"] = now_iso()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(finite(self.doc), indent=1, allow_nan=False) + "\n",
                       encoding="utf-8")
        tmp.replace(self.path)


finite = reference_engines.finite


# ---------------------------------------------------------------------------
# Steps
# ---------------------------------------------------------------------------

class Context:
    def __init__(self, args, size: int):
        self.args = args
        self.size = size
        self.work: Path = args.work
        self.bundle = self.work / f"bundle-{size}"
        self.sqlite = self.work / f"db-{size}.sqlite"
        self.bin = str(args.bin)

    def need_bundle(self) -> None:
        if not (self.bundle / "participations.csv").is_file():
            raise StepError(f"no bundle at {self.bundle} (run the generate step first)")

    def need_sqlite(self) -> None:
        if not self.sqlite.is_file():
            raise StepError(f"no database at {self.sqlite} (run the import_sqlite step first)")


def bundle_rows(bundle: Path) -> dict[str, int]:
    return {p.name: count_csv_rows(p) for p in sorted(bundle.glob("*.csv"))}


def step_generate(ctx: Context) -> dict:
    if ctx.bundle.exists():
        shutil.rmtree(ctx.bundle)
    cmd = [ctx.bin, "generate", "--people", str(ctx.size), "--seed", "1", str(ctx.bundle)]
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if p.returncode != 0:
        raise StepError(f"generate exited with {p.returncode}: {tail(p.stderr, 1000)}")
    files = bundle_rows(ctx.bundle)
    return {"seconds": seconds, "command": cmd, "stdout": p.stdout.strip(),
            "files": files, "rows": sum(files.values()),
            "bytes": sum(f.stat().st_size for f in ctx.bundle.glob("*.csv"))}


TIME_WALL = re.compile(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\):\s*([\d:.]+)")
TIME_RSS = re.compile(r"Maximum resident set size \(kbytes\):\s*(\d+)")
TIME_USER = re.compile(r"User time \(seconds\):\s*([\d.]+)")
TIME_SYS = re.compile(r"System time \(seconds\):\s*([\d.]+)")


def parse_clock(text: str) -> float:
    """h:mm:ss or m:ss(.ss) to seconds."""
    seconds = 0.0
    for part in text.split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def migrate(ctx: Context, url: str) -> float:
    """Applies the migrations (not part of the import's timing)."""
    t = time.perf_counter()
    p = subprocess.run([ctx.bin, "--database-url", url, "migrate"], capture_output=True, text=True)
    if p.returncode != 0:
        raise StepError(f"migrate exited with {p.returncode}: {tail(p.stderr, 1000)}")
    return time.perf_counter() - t


def timed_import(ctx: Context, url: str, log_name: str) -> dict:
    """peacenet import under /usr/bin/time -v, on a migrated database."""
    ctx.need_bundle()
    rows = sum(bundle_rows(ctx.bundle).values())
    migrate_seconds = migrate(ctx, url)
    cmd = [ctx.args.time, "-v", ctx.bin, "--database-url", url, "import", str(ctx.bundle)]
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    measured = time.perf_counter() - t
    (ctx.work / log_name).write_text(p.stdout + "\n--- stderr ---\n" + p.stderr, encoding="utf-8")
    if p.returncode != 0:
        raise StepError(f"import exited with {p.returncode}: {tail(p.stderr, 1500)}")
    wall = TIME_WALL.search(p.stderr)
    rss = TIME_RSS.search(p.stderr)
    user = TIME_USER.search(p.stderr)
    system = TIME_SYS.search(p.stderr)
    # time -v shows the wall clock to 10 ms only: the figure used is the script's own
    # (perf_counter around the command; /usr/bin/time adds about a millisecond).
    seconds = measured
    return {
        "seconds": seconds,
        "time_wall_seconds": parse_clock(wall.group(1)) if wall else None,
        "user_seconds": float(user.group(1)) if user else None,
        "system_seconds": float(system.group(1)) if system else None,
        "rows": rows,
        "rows_per_second": rows / seconds if seconds > 0 else None,
        "peak_rss_mib": int(rss.group(1)) / 1024 if rss else None,
        "migrate_seconds": migrate_seconds,
        "database_url": redact(url),
        "stdout": p.stdout.strip()[-500:],
        "log": str(ctx.work / log_name),
    }


def step_import_sqlite(ctx: Context) -> dict:
    ctx.need_bundle()
    for f in ctx.work.glob(f"db-{ctx.size}.sqlite*"):
        f.unlink()
    return timed_import(ctx, sqlite_url(ctx.sqlite), f"import-sqlite-{ctx.size}.log")


def psql(url: str, sql: str) -> None:
    p = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise StepError(f"psql failed on {sql!r}: {tail(p.stderr, 1000)}")


def step_import_postgres(ctx: Context) -> dict:
    ctx.need_bundle()
    admin, url, name = postgres_urls(ctx.args.postgres_url, ctx.args.postgres_admin_db, ctx.size)
    psql(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(admin, f'CREATE DATABASE "{name}"')
    result = timed_import(ctx, url, f"import-postgres-{ctx.size}.log")
    result["server_version"] = run_text(["psql", url, "-At", "-c", "SHOW server_version"])
    return result


def step_inprocess(ctx: Context) -> dict:
    ctx.need_sqlite()
    out = ctx.work / f"inprocess-{ctx.size}.json"
    if out.exists():
        out.unlink()
    cmd = [ctx.args.cargo, "bench", "--bench", "scale", "--",
           "--database-url", sqlite_url(ctx.sqlite), "--out", str(out),
           "--samples", str(ctx.args.samples), "--seed", str(ctx.args.seed)]
    if ctx.args.inprocess_metrics:
        cmd += ["--only", ctx.args.inprocess_metrics]
    log_path = ctx.work / f"inprocess-{ctx.size}.log"
    t = time.perf_counter()
    with open(log_path, "wb") as logf:
        p = subprocess.run(cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=logf, stderr=logf)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        raise StepError(f"cargo bench exited with {p.returncode}: "
                        f"{tail(log_path.read_bytes(), 1500)}")
    if not out.is_file():
        raise StepError(f"cargo bench wrote no {out}")
    try:
        bench = json.loads(out.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise StepError(f"{out} is not JSON: {e}") from e
    return {"wall_seconds": wall, "command": cmd, "log": str(log_path), "file": str(out),
            **bench}


def step_reference(ctx: Context) -> dict:
    ctx.need_bundle()
    limit = ctx.args.skip_reference_above
    if limit is not None and ctx.size > limit:
        return {"status": "skipped",
                "reason": f"size above --skip-reference-above {limit}"}
    out = ctx.work / f"reference-{ctx.size}.json"
    if out.exists():
        out.unlink()
    cmd = [sys.executable, str(REFERENCE_SCRIPT), str(ctx.bundle), "--out", str(out),
           "--timeout", str(ctx.args.reference_timeout), "--samples", str(ctx.args.samples),
           "--seed", str(ctx.args.seed)]
    if ctx.args.reference_engines:
        cmd += ["--engines", ctx.args.reference_engines]
    if ctx.args.reference_metrics:
        cmd += ["--metrics", ctx.args.reference_metrics]
    log_path = ctx.work / f"reference-{ctx.size}.log"
    t = time.perf_counter()
    with open(log_path, "wb") as logf:
        p = subprocess.run(cmd, cwd=REPO, stdin=subprocess.DEVNULL, stdout=logf, stderr=logf)
    wall = time.perf_counter() - t
    meaning = {0: "agree", 1: "the bundle could not be read", 2: "disagreement",
               3: "a child failed"}.get(p.returncode, "failed")
    if not out.is_file():
        raise StepError(f"reference_engines.py exited with {p.returncode} ({meaning}) and "
                        f"wrote no JSON: {tail(log_path.read_bytes(), 1500)}")
    try:
        ref = json.loads(out.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise StepError(f"{out} is not JSON: {e}") from e
    if p.returncode == 2:
        log(f"  !!! the reference engines disagree (see {log_path})")
    elif p.returncode == 3:
        log(f"  note: a reference child failed (see {log_path})")
    return {"exit_code": p.returncode, "exit_meaning": meaning, "wall_seconds": wall,
            "command": cmd, "log": str(log_path), "file": str(out), **ref}


# ---------------------------------------------------------------------------
# The HTTP step
# ---------------------------------------------------------------------------

def parse_openmetrics(text: str) -> dict[tuple[str, tuple], float]:
    """{(name, ((label, value), ...)): value} of every sample line."""
    out = {}
    sample = re.compile(r'^([A-Za-z_:][A-Za-z0-9_:]*)(\{([^}]*)\})?\s+(\S+)')
    label = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)="((?:[^"\\]|\\.)*)"')
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = sample.match(line)
        if not m:
            continue
        labels = tuple(sorted(label.findall(m.group(3) or "")))
        try:
            out[(m.group(1), labels)] = float(m.group(4))
        except ValueError:
            pass
    return out


def metric_value(samples: dict, name: str, **labels) -> float | None:
    """The value of a counter (with or without `_total`) or gauge with these labels."""
    want = tuple(sorted(labels.items()))
    for candidate in (name + "_total", name):
        if (candidate, want) in samples:
            return samples[(candidate, want)]
    return None


class Server:
    def __init__(self, ctx: Context, port: int, log_path: Path, extra: list[str]):
        self.ctx, self.port, self.log_path = ctx, port, log_path
        self.cmd = [ctx.bin, "--database-url", sqlite_url(ctx.sqlite), "serve",
                    "--listen", f"127.0.0.1:{port}", "--anonymous-role", "analyst", *extra]
        self.proc: subprocess.Popen | None = None
        self.logf = None

    def start(self, ready_timeout: float) -> float:
        self.logf = open(self.log_path, "wb")
        t = time.perf_counter()
        self.proc = subprocess.Popen(self.cmd, stdin=subprocess.DEVNULL, stdout=self.logf,
                                     stderr=self.logf, cwd=self.ctx.work)
        while True:
            if self.proc.poll() is not None:
                raise StepError(f"serve exited with {self.proc.returncode} before it was "
                                f"ready: {tail(self.log_path.read_bytes(), 1500)}")
            try:
                status, _ = self.get("/ready", timeout=5)
                if status == 200:
                    return time.perf_counter() - t
            except OSError:
                pass
            if time.perf_counter() - t > ready_timeout:
                raise StepError(f"serve not ready after {ready_timeout:g} s")
            time.sleep(0.2)

    def get(self, path: str, headers: dict | None = None, timeout: float = 60) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", path, headers=headers or {})
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()

    def peak_rss_mib(self) -> float | None:
        if self.proc is None or self.proc.poll() is not None:
            return None
        kib = proc_status_kib(self.proc.pid, "VmHWM")
        return kib / 1024 if kib is not None else None

    def stop(self) -> int | None:
        if self.proc is None:
            return None
        code = self.proc.poll()
        if code is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                code = self.proc.wait()
        if self.logf:
            self.logf.close()
            self.logf = None
        return code


class Metrics:
    """Reads /metrics with the admin token."""

    def __init__(self, server: Server, token: str):
        self.server, self.token = server, token

    def read(self) -> dict:
        status, body = self.server.get("/metrics", {"Authorization": f"Bearer {self.token}"})
        if status != 200:
            raise StepError(f"GET /metrics answered {status}: {tail(body, 300)}")
        return parse_openmetrics(body.decode("utf-8", errors="replace"))

    def statements(self, samples: dict | None = None) -> float | None:
        return metric_value(samples if samples is not None else self.read(), STATEMENTS_METRIC)


def create_admin_key(ctx: Context) -> str:
    p = subprocess.run([ctx.bin, "--database-url", sqlite_url(ctx.sqlite), "keys", "create",
                        "--name", "bench", "--role", "admin"], capture_output=True, text=True)
    if p.returncode != 0:
        raise StepError(f"keys create exited with {p.returncode}: {tail(p.stderr, 1000)}")
    lines = [line.strip() for line in p.stdout.splitlines() if line.strip()]
    if not lines:
        raise StepError("keys create printed no token")
    return lines[-1]


def pick_variants(bundle: Path, seed: int, count: int) -> tuple[list[dict], list[dict], dict]:
    """Variables for who_met (pairs who shared a meeting the analyst role sees) and for
    nested (organisations with members), drawn with random.Random(seed)."""
    rng = random.Random(seed)
    hidden = {m["id"] for m in read_csv(bundle / "meetings.csv")
              if (m.get("confidentiality") or "public").strip() == "confidential"}
    people_of: dict[str, list[str]] = {}
    for row in read_csv(bundle / "participations.csv"):
        if row["meeting_id"] not in hidden:
            people_of.setdefault(row["meeting_id"], []).append(row["person_id"])
    meetings = sorted(m for m, ps in people_of.items() if len(set(ps)) >= 2)
    pairs: list[dict] = []
    seen = set()
    attempts = 0
    while meetings and len(pairs) < count and attempts < count * 50:
        attempts += 1
        m = rng.choice(meetings)
        a, b = sorted(rng.sample(sorted(set(people_of[m])), 2))
        if (a, b) in seen:
            continue
        seen.add((a, b))
        pairs.append({"a": a, "b": b})
    orgs = sorted({r["organisation_id"] for r in read_csv(bundle / "affiliations.csv")})
    chosen = rng.sample(orgs, min(count, len(orgs)))
    info = {"who_met_pairs": len(pairs), "pair_meetings_considered": len(meetings),
            "confidential_meetings_excluded": len(hidden),
            "nested_organisations": len(chosen), "organisations_with_members": len(orgs)}
    return pairs, [{"id": o} for o in chosen], info


def body(query: str, operation: str, variables: dict) -> bytes:
    return json.dumps({"query": query, "operationName": operation, "variables": variables},
                      separators=(",", ":")).encode("utf-8")


def count_nested(data: dict) -> tuple[int, int, int]:
    """(members, meetings, participants) in a nested answer."""
    org = (data or {}).get("organisation") or {}
    members = org.get("members") or []
    meetings = [m for p in members for m in (p.get("meetings") or [])]
    participants = sum(len(m.get("participants") or []) for m in meetings)
    return len(members), len(meetings), participants


def sequential(server: Server, metrics: Metrics, name: str, bodies: list[bytes],
               requests: int, metrics_overhead: float) -> dict:
    """A warm-up pass over every variant, then `requests` requests one at a time on one
    keep-alive connection."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    errors: list[str] = []
    error_count = 0
    reconnects = 0
    sizes: list[int] = []
    shapes: list[tuple] = []
    not_met = 0

    def one(b: bytes, check: bool) -> float:
        nonlocal error_count, reconnects, not_met
        if conn.sock is None:
            reconnects += 1
        t = time.perf_counter_ns()
        conn.request("POST", "/graphql", body=b, headers=headers)
        r = conn.getresponse()
        data = r.read()
        elapsed = (time.perf_counter_ns() - t) / 1000.0
        if r.getheader("Connection", "").lower() == "close":
            conn.close()
        if check:
            sizes.append(len(data))
            problem = None
            try:
                doc = json.loads(data)
            except json.JSONDecodeError:
                doc, problem = None, f"HTTP {r.status}: not JSON: {tail(data, 200)}"
            if doc is not None:
                if r.status != 200:
                    problem = f"HTTP {r.status}: {tail(data, 300)}"
                elif doc.get("errors"):
                    problem = json.dumps(doc["errors"])[:300]
                elif doc.get("data") is None:
                    problem = "no data"
                elif name == "who_met":
                    if not (doc["data"].get("haveMet") or {}).get("met"):
                        not_met += 1
                elif name == "nested":
                    shapes.append(count_nested(doc["data"]))
            if problem:
                error_count += 1
                if len(errors) < 5:
                    errors.append(problem)
        return elapsed

    try:
        warm = [one(b, True) for b in bodies]
        reconnects = 0
        before = metrics.statements()
        times = [one(bodies[i % len(bodies)], True) for i in range(requests)]
        after = metrics.statements()
    finally:
        conn.close()
    result = {"variants": len(bodies), "warmup_requests": len(warm),
              **latency_summary(times), "errors": error_count, "error_samples": errors,
              "reconnects": reconnects,
              "response_bytes_mean": statistics.fmean(sizes) if sizes else None}
    if before is not None and after is not None:
        delta = after - before - metrics_overhead
        result["statements"] = delta
        result["statements_per_request"] = delta / requests if requests else None
    if name == "who_met":
        result["not_met"] = not_met
    if shapes:
        result["members_mean"] = statistics.fmean(s[0] for s in shapes)
        result["meetings_mean"] = statistics.fmean(s[1] for s in shapes)
        result["participants_mean"] = statistics.fmean(s[2] for s in shapes)
        result["participants_max"] = max(s[2] for s in shapes)
    return result


def lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def write_wrk_script(path: Path, bodies: list[bytes]) -> None:
    lines = ["-- written by tools/bench/run.py: POSTs the GraphQL bodies in turn",
             'wrk.method = "POST"',
             'wrk.headers["Content-Type"] = "application/json"',
             "local bodies = {"]
    lines += ["  " + lua_string(b.decode("utf-8")) + "," for b in bodies]
    lines += ["}",
              "local made = 0",
              "function setup(thread)",
              "  thread:set(\"offset\", made * 101)",
              "  made = made + 1",
              "end",
              "local i = 0",
              "function init(args)",
              "  i = tonumber(offset) or 0",
              "end",
              "function request()",
              "  i = (i % #bodies) + 1",
              "  return wrk.format(nil, nil, nil, bodies[i])",
              "end", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


UNITS_US = {"us": 1.0, "ms": 1e3, "s": 1e6, "m": 60e6, "h": 3600e6}


def duration_us(text: str) -> float | None:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    return float(m.group(1)) * UNITS_US[m.group(2)] if m else None


def parse_wrk(out: str) -> dict:
    r: dict = {}
    m = re.search(r"Requests/sec:\s*([\d.]+)", out)
    r["requests_per_second"] = float(m.group(1)) if m else None
    m = re.search(r"(\d+) requests in ([\d.]+\w+),\s*([\d.]+\w+) read", out)
    if m:
        r["requests"] = int(m.group(1))
        d = duration_us(m.group(2))
        r["measured_seconds"] = d / 1e6 if d is not None else None
        r["read"] = m.group(3)
    dist = {}
    for pct, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M):
        dist[f"p{pct}_us"] = duration_us(value)
    r.update(dist)
    m = re.search(r"Latency\s+(\S+)\s+(\S+)\s+(\S+)", out)
    if m:
        r["mean_us"] = duration_us(m.group(1))
        r["stdev_us"] = duration_us(m.group(2))
        r["max_us"] = duration_us(m.group(3))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    r["socket_errors"] = ({"connect": int(m.group(1)), "read": int(m.group(2)),
                           "write": int(m.group(3)), "timeout": int(m.group(4))}
                          if m else {"connect": 0, "read": 0, "write": 0, "timeout": 0})
    m = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    r["non_2xx_3xx"] = int(m.group(1)) if m else 0
    return r


def load_test(ctx: Context, server: Server, metrics: Metrics, name: str, operation: str,
              bodies: list[bytes], metrics_overhead: float) -> dict:
    args = ctx.args
    script = ctx.work / f"wrk-{name}-{ctx.size}.lua"
    write_wrk_script(script, bodies)
    url = f"http://127.0.0.1:{server.port}/graphql"
    cmd = [args.wrk, f"-t{args.wrk_threads}", f"-c{args.wrk_connections}",
           f"-d{args.wrk_duration}", "--timeout", args.wrk_timeout, "--latency",
           "-s", str(script), url]
    before = metrics.read()
    p = subprocess.run(cmd, capture_output=True, text=True)
    after = metrics.read()
    (ctx.work / f"wrk-{name}-{ctx.size}.txt").write_text(p.stdout + p.stderr, encoding="utf-8")
    if p.returncode != 0:
        raise StepError(f"wrk exited with {p.returncode}: {tail(p.stderr or p.stdout, 800)}")
    r = {"command": cmd, "threads": args.wrk_threads, "connections": args.wrk_connections,
         "duration": args.wrk_duration, "timeout": args.wrk_timeout, "script": str(script),
         **parse_wrk(p.stdout)}

    def delta(metric, **labels):
        a, b = metric_value(before, metric, **labels), metric_value(after, metric, **labels)
        return None if a is None or b is None else b - a
    statements = delta(STATEMENTS_METRIC)
    ok = delta(REQUESTS_METRIC, operation=operation, outcome="ok")
    failed = delta(REQUESTS_METRIC, operation=operation, outcome="error")
    r["server_requests_ok"] = ok
    r["server_requests_with_errors"] = failed if failed is not None else 0.0
    answered = (ok or 0) + (failed or 0)
    if statements is not None and answered:
        r["statements_per_request"] = (statements - metrics_overhead) / answered
    return r


def step_http(ctx: Context) -> dict:
    ctx.need_bundle()
    ctx.need_sqlite()
    args = ctx.args
    pairs, orgs, info = pick_variants(ctx.bundle, args.seed, args.variants)
    if not pairs or not orgs:
        raise StepError(f"no variants: {info}")
    token = create_admin_key(ctx)
    port = free_port()
    extra = ["--refresh-interval-ms", str(args.refresh_interval_ms)]
    if args.max_complexity is not None:
        extra += ["--max-complexity", str(args.max_complexity)]
    if args.batch_window_ms is not None:
        extra += ["--batch-window-ms", str(args.batch_window_ms)]
    server = Server(ctx, port, ctx.work / f"serve-{ctx.size}.log", extra)
    result: dict = {"command": server.cmd, "port": port, "variants": info,
                    "queries": {"who_met": WHO_MET_QUERY, "nested": NESTED_QUERY},
                    "nested_fields": NESTED_FIELDS,
                    "max_complexity": args.max_complexity if args.max_complexity else 500,
                    "max_complexity_note": "service default" if args.max_complexity is None
                    else "set with --max-complexity",
                    "batch_window_ms": args.batch_window_ms if args.batch_window_ms is not None
                    else 5,
                    "refresh_interval_ms": args.refresh_interval_ms,
                    "sequential_requests": args.sequential_requests}
    errors = []
    try:
        log(f"  serve on port {port}; waiting for /ready")
        result["ready_seconds"] = server.start(args.ready_timeout)
        metrics = Metrics(server, token)
        first = metrics.read()
        second = metrics.read()
        s1, s2 = metrics.statements(first), metrics.statements(second)
        if s1 is None:
            raise StepError(f"/metrics has no {STATEMENTS_METRIC} counter")
        # statements run by one /metrics read itself (the key lookup), subtracted below
        overhead = (s2 - s1) if s2 is not None else 0.0
        result["metrics_read_statements"] = overhead
        result["model_build_seconds"] = metric_value(first, "peacenet_model_build_seconds")
        result["model_version"] = metric_value(first, "peacenet_model_version")
        builds_before = metric_value(first, "peacenet_model_builds")
        result["rss_after_ready_mib"] = (proc_status_kib(server.proc.pid, "VmRSS") or 0) / 1024

        workloads = {
            "who_met": ("WhoMet", [body(WHO_MET_QUERY, "WhoMet", v) for v in pairs]),
            "nested": ("Nested", [body(NESTED_QUERY, "Nested", v) for v in orgs]),
        }
        for name, (operation, bodies) in workloads.items():
            log(f"  {name}: sequential, {len(bodies)} warm-up + "
                f"{args.sequential_requests} requests")
            seq = sequential(server, metrics, name, bodies, args.sequential_requests, overhead)
            log(f"  {name}: p50 {seq['p50_us']:.0f} us, p99 {seq['p99_us']:.0f} us, "
                f"{seq.get('statements_per_request', float('nan')):.2f} statements/request, "
                f"{seq['errors']} errors")
            if seq["errors"]:
                errors.append(f"{name}: {seq['errors']} responses with errors "
                              f"({seq['error_samples'][:1]})")
            entry = {"operation": operation, "sequential": seq}
            result[name] = entry
            if not args.no_wrk:
                log(f"  {name}: wrk -t{args.wrk_threads} -c{args.wrk_connections} "
                    f"-d{args.wrk_duration}")
                try:
                    w = load_test(ctx, server, metrics, name, operation, bodies, overhead)
                    entry["wrk"] = w
                    log(f"  {name}: {w.get('requests_per_second')} req/s, "
                        f"p99 {w.get('p99_us')} us, non-2xx {w.get('non_2xx_3xx')}, "
                        f"socket errors {sum(w['socket_errors'].values())}")
                    if w.get("non_2xx_3xx") or sum(w["socket_errors"].values()) or \
                            w.get("server_requests_with_errors"):
                        errors.append(f"{name}: wrk saw non-2xx {w.get('non_2xx_3xx')}, "
                                      f"socket errors {w['socket_errors']}, GraphQL errors "
                                      f"{w.get('server_requests_with_errors')}")
                except StepError as e:
                    entry["wrk"] = {"status": "error", "error": str(e)}
                    errors.append(f"{name} wrk: {e}")
        last = metrics.read()
        builds_after = metric_value(last, "peacenet_model_builds")
        if builds_before is not None and builds_after is not None:
            result["model_builds_during_run"] = builds_after - builds_before
        result["peak_rss_mib"] = server.peak_rss_mib()
    finally:
        result["exit_code"] = server.stop()
        result["log"] = str(server.log_path)
    if errors:
        result["status"] = "error"
        result["error"] = "; ".join(errors)
    return result


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

STEP_FUNCTIONS = {
    "generate": step_generate,
    "import_sqlite": step_import_sqlite,
    "import_postgres": step_import_postgres,
    "inprocess": step_inprocess,
    "http": step_http,
    "reference": step_reference,
}


def parse_args(argv: list[str]):
    ap = argparse.ArgumentParser(
        description="Run peacenet's scale benchmarks and write one JSON document.")
    ap.add_argument("--sizes", default="1000,5000,20000,200000",
                    help="comma-separated numbers of people (default %(default)s)")
    ap.add_argument("--steps", default=",".join(STEPS),
                    help="comma-separated subset of %(default)s")
    ap.add_argument("--work", type=Path, default=Path("target/bench"),
                    help="folder for bundles, databases, logs (default %(default)s)")
    ap.add_argument("--out", type=Path, default=None,
                    help="the results JSON (default WORK/results.json, i.e. "
                         "target/bench/results.json)")
    ap.add_argument("--merge", action="store_true",
                    help="start from the existing --out document and replace only the steps "
                         "run now")
    ap.add_argument("--bin", type=Path, default=Path("target/release/peacenet"),
                    help="the peacenet binary (default %(default)s)")
    ap.add_argument("--cargo", default="cargo", help="cargo, for the inprocess step")
    ap.add_argument("--time", default="/usr/bin/time", help="GNU time, for the imports")
    ap.add_argument("--wrk", default="wrk", help="wrk, for the http step")
    ap.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432",
                    help="PostgreSQL server, without a database (default %(default)s)")
    ap.add_argument("--postgres-admin-db", default="test",
                    help="database psql connects to for DROP/CREATE DATABASE (default test)")
    ap.add_argument("--samples", type=int, default=500,
                    help="sampled betweenness sources, for inprocess and reference (500)")
    ap.add_argument("--seed", type=int, default=42,
                    help="seed for inprocess, reference and the HTTP variants (42)")
    ap.add_argument("--skip-reference-above", type=int, default=None, metavar="N",
                    help="skip the reference engines for sizes above N (default: never)")
    ap.add_argument("--reference-timeout", type=float, default=300,
                    help="reference_engines.py --timeout, seconds (default 300)")
    ap.add_argument("--reference-engines", default=None,
                    help="reference_engines.py --engines (default: its own default)")
    ap.add_argument("--reference-metrics", default=None,
                    help="passed to reference_engines.py --metrics (default: all)")
    ap.add_argument("--inprocess-metrics", default=None,
                    help="passed to the scale bench as --only (default: all metrics)")
    ap.add_argument("--variants", type=int, default=200,
                    help="who_met pairs and nested organisations (default 200)")
    ap.add_argument("--sequential-requests", type=int, default=1000,
                    help="timed sequential requests per query (default 1000)")
    ap.add_argument("--wrk-threads", type=int, default=2)
    ap.add_argument("--wrk-connections", type=int, default=16)
    ap.add_argument("--wrk-duration", default="15s")
    ap.add_argument("--wrk-timeout", default="30s",
                    help="wrk --timeout: a slower response counts as a socket timeout (30s)")
    ap.add_argument("--no-wrk", action="store_true", help="skip the wrk load tests")
    ap.add_argument("--ready-timeout", type=float, default=600,
                    help="how long to wait for serve's /ready, seconds (default 600)")
    ap.add_argument("--max-complexity", type=int, default=None,
                    help="serve --max-complexity (default: the service's 500)")
    ap.add_argument("--batch-window-ms", type=int, default=None,
                    help="serve --batch-window-ms (default: the service's 5)")
    ap.add_argument("--refresh-interval-ms", type=int, default=0,
                    help="serve --refresh-interval-ms (default 0: no polling, so that the "
                         "statement counts hold the requests' statements only)")
    ap.add_argument("--fail-fast", action="store_true",
                    help="stop at the first failed step (exit status 1)")
    args = ap.parse_args(argv)
    try:
        args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error("--sizes must be comma-separated integers")
    args.steps = [s.strip() for s in args.steps.split(",") if s.strip()]
    for s in args.steps:
        if s not in STEPS:
            ap.error(f"unknown step {s!r} (known: {', '.join(STEPS)})")
    if any(n < 1 for n in args.sizes) or args.samples < 1 or args.variants < 1 \
            or args.sequential_requests < 1:
        ap.error("sizes, --samples, --variants and --sequential-requests must be positive")
    args.work = args.work if args.work.is_absolute() else Path.cwd() / args.work
    args.out = args.out or args.work / "results.json"
    args.out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    if not args.bin.is_absolute() and (Path.cwd() / args.bin).exists():
        args.bin = Path.cwd() / args.bin
    elif not args.bin.is_absolute() and (REPO / args.bin).exists():
        args.bin = REPO / args.bin
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    os.environ.setdefault("NO_COLOR", "1")   # plain logs from peacenet and cargo
    args.work.mkdir(parents=True, exist_ok=True)
    needs_bin = set(args.steps) & {"generate", "import_sqlite", "import_postgres", "http"}
    if needs_bin and not Path(args.bin).is_file():
        print(f"error: no peacenet binary at {args.bin} (cargo build --release, or --bin)",
              file=sys.stderr)
        return 1

    doc: dict = {}
    if args.merge and args.out.is_file():
        try:
            doc = json.loads(args.out.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            doc = {}
    doc.update({"schema": SCHEMA, "tool": "tools/bench/run.py"})
    doc.setdefault("started", now_iso())
    doc["machine"] = machine(args)
    doc["settings"] = {
        "sizes": args.sizes, "steps": args.steps, "work": str(args.work),
        "bin": str(args.bin), "postgres_url": redact(args.postgres_url),
        "samples": args.samples, "seed": args.seed, "generate_seed": 1,
        "skip_reference_above": args.skip_reference_above,
        "reference_timeout": args.reference_timeout,
        "reference_engines": args.reference_engines,
        "reference_metrics": args.reference_metrics,
        "inprocess_metrics": args.inprocess_metrics, "variants": args.variants,
        "sequential_requests": args.sequential_requests,
        "wrk": {"threads": args.wrk_threads, "connections": args.wrk_connections,
                "duration": args.wrk_duration, "timeout": args.wrk_timeout,
                "enabled": not args.no_wrk},
        "max_complexity": args.max_complexity, "batch_window_ms": args.batch_window_ms,
        "refresh_interval_ms": args.refresh_interval_ms, "fail_fast": args.fail_fast,
    }
    results = Results(args.out, doc)
    results.write()
    log(f"results -> {args.out}; work folder {args.work}")
    failed = False
    for size in args.sizes:
        ctx = Context(args, size)
        for step in [s for s in STEPS if s in args.steps]:
            log(f"size {size}: {step}")
            started = now_iso()
            t = time.perf_counter()
            try:
                r = STEP_FUNCTIONS[step](ctx)
                r.setdefault("status", "ok")
            except KeyboardInterrupt:
                results.record(size, step, {"status": "error", "error": "interrupted",
                                            "started": started})
                log("interrupted; partial results kept")
                return 130
            except Exception as e:   # recorded; the run goes on (unless --fail-fast)
                r = {"status": "error", "error": f"{type(e).__name__}: {e}"
                     if not isinstance(e, StepError) else str(e)}
                if not isinstance(e, StepError):
                    r["traceback"] = traceback.format_exc()[-2000:]
            r["started"] = started
            r["step_seconds"] = time.perf_counter() - t
            results.record(size, step, r)
            if r["status"] == "error":
                failed = True
                log(f"size {size}: {step} FAILED: {r.get('error', '')[:500]}")
                if args.fail_fast:
                    results.doc["finished"] = now_iso()
                    results.write()
                    return 1
            elif r["status"] == "skipped":
                log(f"size {size}: {step} skipped: {r.get('reason')}")
            else:
                log(f"size {size}: {step} done in {r['step_seconds']:.1f} s")
    results.doc["finished"] = now_iso()
    results.write()
    log(f"done; results in {args.out}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
