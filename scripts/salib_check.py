#!/usr/bin/env python3
"""Checks diypol's Sobol indices against SALib on the same samples.

    python3 -m venv ~/.cache/salib-venv && ~/.cache/salib-venv/bin/pip install SALib polars pyarrow pyyaml
    diypol sweep sweeps/diy-saltelli.yaml --out out/sal && diypol merge out/sal
    diypol sensitivity out/sal
    ~/.cache/salib-venv/bin/python scripts/salib_check.py out/sal

Reads the sweep's plan (a `saltelli` design), its merged runs.parquet and the
sensitivity.csv diypol wrote; feeds the same outputs, in the same row order (A, AB_1..AB_d,
B per base point — SALib's order without second-order terms), to SALib's
`sobol.analyze`, and compares the point estimates (they must agree to rounding; the
bootstrap intervals differ by their random resamples only).
"""

import sys
from pathlib import Path

import polars as pl
import yaml
from SALib.analyze import sobol


def main(folder):
    d = Path(folder)
    plan = yaml.safe_load((d / "plan.yaml").read_text())
    assert plan["sampling"] == "saltelli", "needs a saltelli sweep"
    names = sorted(plan["parameters"])  # diypol orders parameters by name
    problem = {"num_vars": len(names), "names": names, "bounds": [[0, 1]] * len(names)}
    runs = pl.read_parquet(d / "runs.parquet").sort("run")
    ours = pl.read_csv(d / "sensitivity.csv")
    worst = 0.0
    for ind in ours["indicator"].unique(maintain_order=True).to_list():
        y = runs.group_by("point", maintain_order=True).agg(pl.col(ind).mean()).sort("point")[ind].to_numpy()
        s = sobol.analyze(problem, y, calc_second_order=False, print_to_console=False)
        for key, col in [("S1", "S1"), ("ST", "ST")]:
            for i, name in enumerate(names):
                mine = ours.filter((pl.col("indicator") == ind) & (pl.col("parameter") == name)
                                   & (pl.col("index") == key))["value"][0]
                if mine is None:
                    # The indicator never varies (variance 0): no index is defined.
                    print(f"{ind:32} {name:28} {key}: undefined in diypol (no variance); SALib {s[col][i]}")
                    continue
                diff = abs(mine - s[col][i])
                worst = max(worst, diff)
                print(f"{ind:32} {name:28} {key}: diypol {mine:9.5f}  SALib {s[col][i]:9.5f}  "
                      f"(conf {s[col + '_conf'][i]:.3f})")
    print(f"largest difference: {worst:.2e}")
    return 0 if worst < 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
