#!/usr/bin/env python3
"""Checks of a running `diypol serve` over loopback, with the standard library only.

  serve_check.py speed URL [--runs N]     time to the first day and to the last (100k baseline)
  serve_check.py load URL [--clients 20]  concurrent streams: none dropped, none corrupted

`speed` prints the median of N runs as JSON (benches/serve.sh records it in
docs/PERFORMANCE.md). `load` sends every client the same settings and seed at once, so
every stream must carry the same days, in order, and the same numbers; it exits 1 if one
does not, and is bounded in time (a stream that stalls fails it).
"""

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse


def stream(url, body, timeout=120):
    """POST /api/run; yields (seconds since the request, event name, data) as they arrive."""
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    started = time.perf_counter()
    conn.request("POST", "/api/run", json.dumps(body), {"content-type": "application/json"})
    resp = conn.getresponse()
    if resp.status != 200:
        raise RuntimeError(f"HTTP {resp.status}: {resp.read().decode(errors='replace')}")
    name, data = None, None
    for raw in resp:
        line = raw.decode().rstrip("\n")
        if line.startswith("event: "):
            name = line[7:]
        elif line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "" and name is not None:
            yield time.perf_counter() - started, name, data
            if name in ("done", "error", "cancelled"):
                break
            name, data = None, None
    conn.close()


def speed(url, runs):
    body = {"configs": [{"scenario": "baseline", "set": {}}], "replicates": 1}
    first, last, days = [], [], 0
    for _ in range(runs):
        t_first = None
        days = 0
        for t, name, _ in stream(url, body):
            if name == "day":
                days += 1
                t_first = t if t_first is None else t_first
            if name == "done":
                last.append(t)
        first.append(t_first)
    print(json.dumps({
        "scenario": "baseline (100,000 residents, 365 burn-in + 730 recorded days)",
        "runs": runs,
        "days_streamed": days,
        "first_day_ms_median": round(1000 * statistics.median(first)),
        "first_day_ms_max": round(1000 * max(first)),
        "whole_run_ms_median": round(1000 * statistics.median(last)),
        "whole_run_ms_max": round(1000 * max(last)),
    }, indent=2))


def load(url, clients, days):
    settings = {"scenario": "baseline", "set": {"city.population": 50000, "days": days}}
    results = [None] * clients

    def one(i):
        try:
            body = {"client": f"load-{i}", "configs": [settings], "seed": 3, "replicates": 1}
            results[i] = list(stream(url, body))
        except Exception as e:  # noqa: BLE001 - reported below as that client's failure
            results[i] = e

    threads = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    elapsed = time.perf_counter() - started
    failures = []
    reference = None
    for i, r in enumerate(results):
        if not isinstance(r, list):
            failures.append(f"client {i}: {r!r}")
            continue
        names = [n for _, n, _ in r]
        day_numbers = [d["day"] for _, n, d in r if n == "day"]
        if names[-1:] != ["done"]:
            failures.append(f"client {i}: ended with {names[-1:]}")
        if day_numbers != list(range(days)):
            failures.append(f"client {i}: days {day_numbers[:3]}… ({len(day_numbers)} of {days})")
        values = ([d["values"] for _, n, d in r if n == "day"], [d["indicators"] for _, n, d in r if n == "run"])
        if reference is None:
            reference = values
        elif values != reference:
            failures.append(f"client {i}: numbers differ from client 0's (same settings and seed)")
    print(f"{clients} concurrent streams of {days} days in {elapsed:.1f} s: {clients - len(failures)} whole and equal")
    for f in failures:
        print("  FAILED", f)
    return 1 if failures else 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="what", required=True)
    s = sub.add_parser("speed")
    s.add_argument("url")
    s.add_argument("--runs", type=int, default=5)
    lo = sub.add_parser("load")
    lo.add_argument("url")
    lo.add_argument("--clients", type=int, default=20)
    lo.add_argument("--days", type=int, default=365)
    a = p.parse_args()
    if a.what == "speed":
        speed(a.url, a.runs)
        return 0
    return load(a.url, a.clients, a.days)


if __name__ == "__main__":
    sys.exit(main())
