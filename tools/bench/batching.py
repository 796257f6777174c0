#!/usr/bin/env python3
"""DataLoader batching over HTTP: who-has-met-whom latency and the SQL statements of a
nested query, with fetches gathered per execution step (the default, no window)
against the former 5 ms batching window, in the same run.

    cargo build --release
    python3 tools/bench/batching.py [--binary target/release/peacenet] [--requests 2000]

It generates a 1,000-person bundle (50 organisations), imports it into a temporary
SQLite file and serves it twice, with `--batch-window-ms 0` and `5`. For each
server it reports the p50/p95 of `haveMet` over HTTP (one keep-alive connection,
pairs that met) and the statements `/metrics` counts for the three-level query
organisations -> members -> meetings -> participants over 5 and over 50 parents.
"""

import argparse
import http.client
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NESTED = """query($first: Int) { organisations(first: $first) { nodes { key
  members(first: 10) { nodes { key meetings(first: 10) { nodes { key
  participants(first: 10) { nodes { key name } } } } } } } } }"""

HAVE_MET = "query($a: ID!, $b: ID!) { haveMet(a: $a, b: $b) { met meetingCount meetings { nodes { key } } } }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary: str, url: str, window: int):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [binary, "--database-url", url, "serve", "--listen", f"127.0.0.1:{self.port}",
             "--anonymous-role", "analyst", "--batch-window-ms", str(window),
             # No polling for other writers: its reads would count among the statements.
             "--refresh-interval-ms", "0"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                self.conn.request("GET", "/health")
                self.conn.getresponse().read()
                return
            except OSError:
                self.conn.close()
                time.sleep(0.2)
        raise SystemExit("the server did not start")

    def post(self, query: str, variables: dict, token: str | None = None) -> dict:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.conn.request("POST", "/graphql", json.dumps({"query": query, "variables": variables}), headers)
        body = json.loads(self.conn.getresponse().read())
        if body.get("errors"):
            raise SystemExit(f"errors: {body['errors']}")
        return body["data"]

    def statements(self, admin: str) -> float:
        self.conn.request("GET", "/metrics", headers={"Authorization": f"Bearer {admin}"})
        for line in self.conn.getresponse().read().decode().splitlines():
            if line.startswith("peacenet_sql_statements_total"):
                return float(line.split()[-1])
        raise SystemExit("no statement counter")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def measure(server: Server, admin: str, pairs: list[tuple[str, str]], requests: int) -> dict:
    for a, b in pairs[:50]:  # warm-up
        server.post(HAVE_MET, {"a": a, "b": b})
    times = []
    for i in range(requests):
        a, b = pairs[i % len(pairs)]
        start = time.perf_counter()
        server.post(HAVE_MET, {"a": a, "b": b})
        times.append((time.perf_counter() - start) * 1000)
    counts = {}
    for first in (5, 50):
        before = server.statements(admin)
        server.post(NESTED, {"first": first})
        counts[first] = server.statements(admin) - before
    return {"p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95),
            "statements_5": counts[5], "statements_50": counts[50]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default="target/release/peacenet")
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bundle, db = Path(tmp) / "bundle", Path(tmp) / "bench.sqlite"
        url = f"sqlite://{db}?mode=rwc"
        subprocess.run([args.binary, "generate", "--people", "1000", "--seed", "3", str(bundle)],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([args.binary, "--database-url", url, "import", str(bundle)],
                       check=True, stdout=subprocess.DEVNULL)
        admin = subprocess.run([args.binary, "--database-url", url, "keys", "create", "--name", "bench",
                                "--role", "admin"], check=True, capture_output=True, text=True).stdout.split()[-1]
        results = {}
        for window in (5, 0):
            server = Server(args.binary, url, window)
            try:
                meetings = server.post(
                    "{ meetings(first: 100) { nodes { participants(first: 2) { nodes { key } } } } }", {})
                pairs = [(m["participants"]["nodes"][0]["key"], m["participants"]["nodes"][1]["key"])
                         for m in meetings["meetings"]["nodes"] if len(m["participants"]["nodes"]) == 2]
                results[window] = measure(server, admin, pairs, args.requests)
            finally:
                server.stop()
        print(json.dumps(results, indent=2))
        ref, now = results[5], results[0]
        print(f"haveMet p50: {now['p50_ms']:.2f} ms per step vs {ref['p50_ms']:.2f} ms with a 5 ms window "
              f"({ref['p50_ms'] / now['p50_ms']:.1f}x faster); nested statements over 5/50 parents: "
              f"{now['statements_5']:.0f}/{now['statements_50']:.0f} (window: "
              f"{ref['statements_5']:.0f}/{ref['statements_50']:.0f})", file=sys.stderr)


if __name__ == "__main__":
    main()
