#!/usr/bin/env python3
"""Server memory under a window-per-request load, with a bounded analysis cache.

    python3 tools/bench/windows.py --database-url sqlite://target/bench/db-N.sqlite \
        [--bin target/release/peacenet] [--requests 200] [--cache-mb 512] [--port 8392]

Starts `peacenet serve` on the database twice in one run: once with the analysis
cache at `--cache-mb` and once, as the reference, with it at 0 (nothing kept). Each
time it sends `--requests` summary queries, each with a time window no request used
before (a viewer stepping through dates), and records the resident memory after
start-up, the peak, and the cache's bytes. Prints one JSON document with both runs
and the ratio of their peaks.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from writes import metric, post, rss_mib  # noqa: E402


def serve(args, cache_mb: int) -> dict:
    log = tempfile.TemporaryFile("w+")
    env = dict(os.environ, ANONYMOUS_ROLE="admin", LOG_FORMAT="json", RUST_LOG="warn",
               ANALYSIS_CACHE_MB=str(cache_mb))
    server = subprocess.Popen([args.bin, "serve", "--database-url", args.database_url,
                               "--listen", f"127.0.0.1:{args.port}", "--refresh-interval-ms", "0"],
                              stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.time() + 900
        while True:
            try:
                post(args.port, "{ analytics { summary { people } } }")
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not get ready")
                time.sleep(0.2)
        after_start = rss_mib(server.pid)
        start = datetime.date(2008, 1, 1)
        began = time.perf_counter()
        for i in range(args.requests):
            since = start + datetime.timedelta(days=7 * i)
            until = since + datetime.timedelta(days=3 * 365)
            post(args.port, f'{{ analytics(since: "{since}", until: "{until}") '
                            '{ summary { people ties components } } }')
        elapsed = time.perf_counter() - began
        return {"cache_mb": cache_mb, "requests": args.requests,
                "seconds": round(elapsed, 1), "after_start": after_start,
                "after_load": rss_mib(server.pid),
                "cache_bytes": metric(args.port, "peacenet_analysis_cache_bytes")}
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--database-url", required=True)
    ap.add_argument("--bin", default="target/release/peacenet")
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--cache-mb", type=int, default=512)
    ap.add_argument("--port", type=int, default=8392)
    args = ap.parse_args()
    cached = serve(args, args.cache_mb)
    reference = serve(args, 0)
    print(json.dumps({
        "cached": cached,
        "uncached": reference,
        "peak_ratio_cached_over_uncached": round(
            cached["after_load"]["peak_mib"] / reference["after_load"]["peak_mib"], 2),
        "time_ratio_uncached_over_cached": round(reference["seconds"] / cached["seconds"], 2),
    }, indent=1))


if __name__ == "__main__":
    sys.exit(main())
