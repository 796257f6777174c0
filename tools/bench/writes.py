#!/usr/bin/env python3
"""Write-to-visible latency of the relationship model, patched and rebuilt, in one run.

    python3 tools/bench/writes.py --database-url sqlite://target/bench/db-N.sqlite \
        [--bin target/release/peacenet] [--writes 100] [--rebuilds 5] [--port 8391]

Starts `peacenet serve` on a copy of the database (the copy is written to), reads the
start-up model build from its log, then:

  patched   `--writes` participations added one after another: the time from sending
            the mutation to a `haveMet` answer that shows it (the mutation answers
            after the model has caught up, so the two together are what a client
            waits for), and the server's resident memory before and after;
  records   `--records` writes of each other kind, one after another: a person
            made (among the others, so every later index moves), a birth year
            changed, a meeting made and one moved in time, an organisation made,
            an affiliation added, a person deleted; each timed up to an answer
            that shows it;
  rebuilt   `--rebuilds` erasures, which rebuild the model (an erasure is logged
            without the person's id, so no patch can name them): the same
            measure, as the reference of the same run.

Prints one JSON document: start-up build, p50/p95/max per kind, the ratio
rebuilt/patched of the medians, the memory figures and the model counters.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def post(port: int, query: str) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.request("POST", "/graphql", json.dumps({"query": query}),
                 {"Content-Type": "application/json"})
    body = json.loads(conn.getresponse().read())
    conn.close()
    if body.get("errors"):
        raise RuntimeError(json.dumps(body["errors"]))
    return body["data"]


def metric(port: int, name: str) -> float:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/metrics")
    text = conn.getresponse().read().decode()
    conn.close()
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return float("nan")


def rss_mib(pid: int) -> dict:
    status = Path(f"/proc/{pid}/status").read_text()
    field = lambda key: int(re.search(rf"^{key}:\s+(\d+)", status, re.M).group(1)) / 1024
    return {"rss_mib": round(field("VmRSS"), 1), "peak_mib": round(field("VmHWM"), 1)}


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered) * 1e3, 2),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1e3, 2),
            "max_ms": round(ordered[-1] * 1e3, 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--bin", default="target/release/peacenet")
    ap.add_argument("--writes", type=int, default=100)
    ap.add_argument("--records", type=int, default=10)
    ap.add_argument("--rebuilds", type=int, default=5)
    ap.add_argument("--port", type=int, default=8391)
    args = ap.parse_args()

    source = Path(args.database_url.removeprefix("sqlite://"))
    work = Path(tempfile.mkdtemp(prefix="peacenet-writes-"))
    db = work / "db.sqlite"
    shutil.copy(source, db)
    log = open(work / "serve.log", "w+")
    env = dict(os.environ, ANONYMOUS_ROLE="admin", LOG_FORMAT="json", RUST_LOG="info")
    server = subprocess.Popen([args.bin, "serve", "--database-url", f"sqlite://{db}",
                               "--listen", f"127.0.0.1:{args.port}",
                               "--refresh-interval-ms", "0"],
                              stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 900
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
                conn.request("GET", "/ready")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("the server did not get ready")
            time.sleep(0.2)
        log.seek(0)
        built = [json.loads(l) for l in log if "relationship model built" in l]
        startup_ms = built[0]["fields"]["elapsed_ms"] if built else None
        after_start = rss_mib(server.pid)

        people = [e["node"]["key"] for e in
                  post(args.port, "{ people(first: 100) { edges { node { key } } } }")["people"]["edges"]]
        meetings = [n["key"] for n in
                    post(args.port, "{ meetings(first: 100) { nodes { key } } }")["meetings"]["nodes"]]
        patched, rebuilt = [], []
        done = 0
        for person in people:
            met = {m["key"] for m in post(args.port, f'{{ person(id: "{person}") {{ meetings {{ nodes {{ key }} }} }} }}')["person"]["meetings"]["nodes"]}
            for meeting in meetings:
                if done >= args.writes or meeting in met:
                    continue
                other = post(args.port, f'{{ meeting(id: "{meeting}") {{ participants {{ nodes {{ key }} }} }} }}')["meeting"]["participants"]["nodes"]
                if not other:
                    continue
                started = time.perf_counter()
                post(args.port, f'mutation {{ addParticipation(input: {{ person: "{person}", meeting: "{meeting}" }}) {{ role }} }}')
                seen = post(args.port, f'{{ haveMet(a: "{person}", b: "{other[0]["key"]}") {{ meetings {{ nodes {{ key }} }} }} }}')
                patched.append(time.perf_counter() - started)
                assert meeting in {m["key"] for m in seen["haveMet"]["meetings"]["nodes"]}, "the write is visible"
                done += 1
                break
        after_writes = rss_mib(server.pid)

        def timed(kind: str, mutation: str, check: str, seen) -> None:
            started = time.perf_counter()
            post(args.port, mutation)
            answer = post(args.port, check)
            records.setdefault(kind, []).append(time.perf_counter() - started)
            assert seen(answer), f"the {kind} write is visible: {answer}"

        records: dict[str, list[float]] = {}
        organisation = post(args.port, "{ organisations(first: 1) { nodes { key } } }")["organisations"]["nodes"][0]["key"]
        for i in range(args.records):
            person, meeting = people[i], meetings[i]
            new = f"{person}-new"
            timed("person made", f'mutation {{ createPerson(input: {{ key: "{new}", name: "New {i}", tags: ["youth"] }}) {{ key }} }}',
                  f'{{ haveMet(a: "{new}", b: "{person}") {{ met }} }}', lambda a: a["haveMet"]["met"] is False)
            timed("participation of a new person", f'mutation {{ addParticipation(input: {{ person: "{new}", meeting: "{meeting}" }}) {{ role }} }}',
                  f'{{ person(id: "{new}") {{ contacts(first: 1) {{ totalCount }} }} }}',
                  lambda a: a["person"]["contacts"]["totalCount"] >= 0)
            timed("birth year", f'mutation {{ updatePerson(id: "{person}", input: {{ birthYear: {1950 + i} }}) {{ key }} }}',
                  f'{{ person(id: "{person}") {{ birthYear }} }}', lambda a, i=i: a["person"]["birthYear"] == 1950 + i)
            timed("meeting made", f'mutation {{ createMeeting(input: {{ key: "bench-m{i}", title: "Bench {i}", startDate: "2015-0{1 + i % 9}-01" }}) {{ key }} }}',
                  f'{{ meeting(id: "bench-m{i}") {{ key }} }}', lambda a: a["meeting"] is not None)
            timed("meeting moved", f'mutation {{ updateMeeting(id: "{meeting}", input: {{ startDate: "2011-0{1 + i % 9}-15", endDate: "2011-0{1 + i % 9}-16" }}) {{ key }} }}',
                  f'{{ haveMet(a: "{new}", b: "{person}") {{ met }} }}', lambda a: a is not None)
            timed("organisation made", f'mutation {{ createOrganisation(input: {{ key: "bench-o{i}", name: "Bench {i}", kind: NGO }}) {{ key }} }}',
                  f'{{ organisation(id: "bench-o{i}") {{ key }} }}', lambda a: a["organisation"] is not None)
            timed("affiliation", f'mutation {{ addAffiliation(input: {{ person: "{person}", organisation: "{organisation}" }}) {{ id }} }}',
                  f'{{ haveMet(a: "{person}", b: "{people[-1]}") {{ met }} }}', lambda a: a is not None)
            timed("person deleted", f'mutation {{ deletePerson(id: "{new}") }}',
                  f'{{ person(id: "{new}") {{ key }} }}', lambda a: a["person"] is None)
        after_records = rss_mib(server.pid)
        for i in range(args.rebuilds):
            person = people[-2 - i]
            started = time.perf_counter()
            post(args.port, f'mutation {{ erasePerson(id: "{person}") {{ participationsRemoved }} }}')
            post(args.port, f'{{ haveMet(a: "{people[0]}", b: "{people[-1]}") {{ met }} }}')
            rebuilt.append(time.perf_counter() - started)
        out = {
            "startup_build_ms": startup_ms,
            "patched": summary(patched),
            "records": {kind: summary(samples) for kind, samples in records.items()},
            "rebuilt": summary(rebuilt),
            "ratio_rebuilt_over_patched_p50": round(statistics.median(rebuilt) / statistics.median(patched), 1),
            "memory": {"after_start": after_start, "after_writes": after_writes,
                       "after_records": after_records, "after_rebuilds": rss_mib(server.pid)},
            "model_builds": metric(args.port, "peacenet_model_builds_total"),
            "model_patches": metric(args.port, "peacenet_model_patches_total"),
        }
        print(json.dumps(out, indent=1))
    finally:
        server.terminate()
        server.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
