#!/usr/bin/env python3
"""Reference statistics of Mesa's Epstein civil-violence model (MODEL.md §10).

Runs Mesa's own example (mesa.examples.advanced.epstein_civil_violence) for two regimes
and many seeds and writes one CSV row per (regime, seed) with the statistics diypol's
`civil_violence` model is compared against: mean active citizens, outbursts, gaps between
outbursts, outburst peaks, mean jailed. Provenance (Mesa and Python versions, parameters,
ticks, burn-in) goes into `#` comment lines at the top of the CSV.

    python3 -m venv .venv-mesa && .venv-mesa/bin/pip install "mesa==3.3.1" networkx
    .venv-mesa/bin/python scripts/mesa_reference.py --seeds 20 --out tests/data/mesa-reference.csv

Mesa 3.3.1 is the newest release that runs on Python 3.11 (3.5.1 needs 3.12); its example
has the same rules (notes/mesa-epstein.md). An outburst starts when the number of active
citizens exceeds 50 after having been below 10; it ends when it falls below 10 again.
"""

import argparse
import csv
import platform
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--ticks", type=int, default=550, help="ticks per run, burn-in included")
    ap.add_argument("--burn-in", type=int, default=50)
    ap.add_argument("--out", default="tests/data/mesa-reference.csv")
    args = ap.parse_args()
    rows, started = [], time.time()
    for regime in REGIMES:
        for seed in range(1, args.seeds + 1):
            t0 = time.time()
            rows.append(run(regime, seed, args.ticks, args.burn_in))
            print(f"{regime} seed {seed}: {rows[-1]['outbursts']} outbursts, mean active "
                  f"{rows[-1]['mean_active']:.1f} ({time.time() - t0:.1f} s)", file=sys.stderr)
    with open(args.out, "w", newline="") as f:
        f.write(f"# Mesa {mesa.__version__} (mesa.examples.advanced.epstein_civil_violence), "
                f"Python {platform.python_version()}\n")
        f.write(f"# 40x40 torus, citizen density 0.7, vision 7 (von Neumann), threshold 0.1, k 2.3; "
                f"regimes: {REGIMES}\n")
        f.write(f"# {args.ticks} ticks per run, first {args.burn_in} dropped; seeds 1..{args.seeds}; "
                f"outburst: active > {HIGH} after < {LOW}\n")
        f.write(f"# produced by scripts/mesa_reference.py in {time.time() - started:.0f} s\n")
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)


if __name__ == "__main__":
    main()
