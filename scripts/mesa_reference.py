#!/usr/bin/env python3
"""Reference statistics of Mesa's Epstein civil-violence model (MODEL.md §10).

Runs Mesa's own example (mesa.examples.advanced.epstein_civil_violence) for two regimes
and many seeds and writes one CSV row per (regime, seed) with the statistics diypol's
`civil_violence` model is compared against: mean active citizens, outbursts, gaps between
outbursts, outburst peaks, mean jailed. Provenance (Mesa and Python versions, parameters,
ticks, burn-in) goes into `#` comment lines at the top of the CSV.

    python3 -m venv .venv-mesa && .venv-mesa/bin/pip install "mesa==3.3.1" networkx
    .venv-mesa/bin/python scripts/mesa_reference.py --seeds 100 --out tests/data/mesa-reference.csv

A run takes about 25 s, so 100 seeds of both regimes take about 80 min on one core. To use
several cores, run parts (a seed range, or one `--regime`) as separate processes and
combine their CSVs, which checks that the parts agree on Mesa, Python and parameters:

    .venv-mesa/bin/python scripts/mesa_reference.py --first-seed 1 --seeds 50 --out /tmp/a.csv &
    .venv-mesa/bin/python scripts/mesa_reference.py --first-seed 51 --seeds 50 --out /tmp/b.csv &
    wait
    .venv-mesa/bin/python scripts/mesa_reference.py --combine /tmp/a.csv /tmp/b.csv \
        --out tests/data/mesa-reference.csv

Mesa 3.3.1 is the newest release that runs on Python 3.11 (3.5.1 needs 3.12); its example
has the same rules (notes/mesa-epstein.md). An outburst starts when the number of active
citizens exceeds 50 after having been below 10; it ends when it falls below 10 again.
"""

import argparse
import csv
import datetime
import platform
import re
import shlex
import statistics
import sys
import time

import mesa
from mesa.examples.advanced.epstein_civil_violence.agents import Citizen, CitizenState
from mesa.examples.advanced.epstein_civil_violence.model import EpsteinCivilViolence

REGIMES = {
    # Mesa's defaults: quiescent.
    "mesa_default": dict(legitimacy=0.8, cop_density=0.074, max_jail_term=1000),
    # NetLogo Rebellion's defaults in Mesa's rules: recurrent outbursts.
    "netlogo_like": dict(legitimacy=0.82, cop_density=0.04, max_jail_term=30),
}
HIGH, LOW = 50, 10


class Quiet(EpsteinCivilViolence):
    """The example without its DataCollector (counts only), as in the speed notes."""

    def step(self):
        self.agents.shuffle_do("step")
        self._update_counts()


def outbursts(active):
    """Start ticks and peaks of outbursts: above HIGH after having been below LOW."""
    starts, peaks = [], []
    armed, inside, peak = False, False, 0
    for t, a in enumerate(active):
        if inside:
            peak = max(peak, a)
            if a < LOW:
                peaks.append(peak)
                inside, armed = False, True
        else:
            if a < LOW:
                armed = True
            elif a > HIGH and armed:
                starts.append(t)
                inside, peak, armed = True, a, False
    if inside:
        peaks.append(peak)
    return starts, peaks


def run(regime, seed, ticks, burn_in):
    model = Quiet(seed=seed, **REGIMES[regime])
    active, jailed = [], []
    for _ in range(ticks):
        model.step()
        active.append(model.ACTIVE)
        jailed.append(model.ARRESTED)
    agents = len(model.agents)
    active, jailed = active[burn_in:], jailed[burn_in:]
    starts, peaks = outbursts(active)
    gaps = [b - a for a, b in zip(starts, starts[1:])]
    citizens = len(model.agents_by_type[Citizen])
    return {
        "regime": regime,
        "seed": seed,
        "citizens": citizens,
        "cops": agents - citizens,
        "mean_active": statistics.fmean(active),
        "sd_active": statistics.pstdev(active),
        "max_active": max(active),
        "mean_jailed": statistics.fmean(jailed),
        "outbursts": len(starts),
        "median_gap": statistics.median(gaps) if gaps else "",
        "median_peak": statistics.median(peaks) if peaks else "",
        "agent_steps": agents * ticks,
    }


def describe_seeds(rows):
    """"1..100" per regime when the seeds are a contiguous range, else the list."""
    parts = []
    for regime in REGIMES:
        seeds = sorted(r["seed"] for r in rows if r["regime"] == regime)
        if not seeds:
            continue
        if seeds == list(range(seeds[0], seeds[-1] + 1)):
            parts.append(f"{regime} {seeds[0]}..{seeds[-1]}")
        else:
            parts.append(f"{regime} {','.join(map(str, seeds))}")
    return ", ".join(parts)


def command():
    return shlex.join(["python", *sys.argv])


def write(path, rows, header, produced):
    """The CSV: provenance `#` lines, then one row per (regime, seed) in regime order."""
    order = list(REGIMES)
    rows = sorted(rows, key=lambda r: (order.index(r["regime"]), int(r["seed"])))
    with open(path, "w", newline="") as f:
        for line in header + produced:
            f.write(f"# {line}\n")
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


def header(ticks, burn_in, seeds):
    return [
        f"Mesa {mesa.__version__} (mesa.examples.advanced.epstein_civil_violence), "
        f"Python {platform.python_version()}",
        f"40x40 torus, citizen density 0.7, vision 7 (von Neumann), threshold 0.1, k 2.3; "
        f"regimes: {REGIMES}",
        f"{ticks} ticks per run, first {burn_in} dropped; seeds: {seeds}; "
        f"outburst: active > {HIGH} after < {LOW}",
    ]


SEEDS_FIELD = re.compile(r"; seeds: [^;]*;")


def combine(parts, out):
    """Merges part CSVs written by this script; their provenance must agree but for seeds."""
    rows, first, produced, seen = [], None, [], set()
    for part in parts:
        with open(part, newline="") as f:
            lines = f.read().splitlines()
        comments = [line[2:] for line in lines if line.startswith("# ")]
        head = [SEEDS_FIELD.sub("; seeds: *;", line) for line in comments[:3]]
        if first is None:
            first = head
        elif head != first:
            sys.exit(f"{part}: provenance differs from {parts[0]}:\n{head}\n{first}")
        produced += [f"part {part}: {line}" for line in comments[3:]]
        for row in csv.DictReader(line for line in lines if not line.startswith("#")):
            key = (row["regime"], int(row["seed"]))
            if key in seen:
                sys.exit(f"{part}: {key} is also in an earlier part")
            seen.add(key)
            row["seed"] = int(row["seed"])
            rows.append(row)
    head = [line.replace("; seeds: *;", f"; seeds: {describe_seeds(rows)};") for line in first]
    write(out, rows, head, produced + [f"combined by `{command()}`"])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20, help="how many seeds, from --first-seed on")
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--regime", choices=list(REGIMES), action="append",
                    help="only this regime (repeatable; default: all)")
    ap.add_argument("--ticks", type=int, default=550, help="ticks per run, burn-in included")
    ap.add_argument("--burn-in", type=int, default=50)
    ap.add_argument("--combine", nargs="+", metavar="PART",
                    help="merge CSVs written by this script into --out instead of running")
    ap.add_argument("--out", default="tests/data/mesa-reference.csv")
    args = ap.parse_args()
    if args.combine:
        combine(args.combine, args.out)
        return
    rows, started = [], time.time()
    start = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    for regime in args.regime or REGIMES:
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            t0 = time.time()
            rows.append(run(regime, seed, args.ticks, args.burn_in))
            print(f"{regime} seed {seed}: {rows[-1]['outbursts']} outbursts, mean active "
                  f"{rows[-1]['mean_active']:.1f} ({time.time() - t0:.1f} s)", file=sys.stderr)
    produced = [f"produced by `{command()}` in {time.time() - started:.0f} s "
                f"(one process, started {start})"]
    write(args.out, rows, header(args.ticks, args.burn_in, describe_seeds(rows)), produced)


if __name__ == "__main__":
    main()
