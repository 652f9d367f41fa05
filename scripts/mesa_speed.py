#!/usr/bin/env python3
"""Agent-steps per second of Mesa's Epstein civil-violence model, for benches/civil_violence_speed.sh.

Times mesa.examples.advanced.epstein_civil_violence without its DataCollector (the `Quiet`
subclass of scripts/mesa_reference.py: shuffle_do("step") then _update_counts()) on a
SIZE x SIZE torus. The warm-up ticks are not timed (Mesa's first step builds the
neighbourhood cache). Prints one line in the format of examples/cv_speed.rs:

    Mesa WxH 1 agents ticks seconds agent_steps_per_s

    python scripts/mesa_speed.py --regime netlogo_like --size 40 --ticks 100 --warmup 1
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mesa_reference import REGIMES, Quiet  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--regime", choices=sorted(REGIMES), default="netlogo_like")
    ap.add_argument("--size", type=int, default=40)
    ap.add_argument("--ticks", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    model = Quiet(width=args.size, height=args.size, seed=args.seed, **REGIMES[args.regime])
    for _ in range(args.warmup):
        model.step()
    # Wall-clock time (perf_counter), as cv_speed uses std::time::Instant; Mesa is
    # single-threaded, so this equals CPU time on an idle machine.
    started = time.perf_counter()
    for _ in range(args.ticks):
        model.step()
    secs = time.perf_counter() - started
    agents = len(model.agents)
    print(f"Mesa {args.size}x{args.size} 1 {agents} {args.ticks} {secs:.4f} "
          f"{agents * args.ticks / secs:.4e}")


if __name__ == "__main__":
    main()
