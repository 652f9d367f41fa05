#!/usr/bin/env python3
"""Checks diypol's PRIM (`diypol discover`) against EMA Workbench's on the same data.

    python3 -m venv ~/.cache/diypol-venv-ema
    ~/.cache/diypol-venv-ema/bin/pip install "ema_workbench==2.5.3" pyarrow
    ~/.cache/diypol-venv-ema/bin/python scripts/prim_check.py target/release/diypol

(ema_workbench 3.0 needs Python 3.12; 2.5.3 is the newest for 3.11 and has the same
peeling, pasting and quantile code. Either works here.)

Makes a real sweep (a Latin hypercube over four DIY parameters of a 100,000-person city,
120 days, two replicates per point; `diypol sweep` then `diypol merge`), runs
`diypol discover` on it, and gives the same runs.parquet to EMA's
`ema_workbench.analysis.prim.Prim` (the same replicate means, condition, alpha 0.05 for
peeling and pasting, minimum mass 0.05). Then the same on two synthetic runs.parquet put in
a copy of that sweep folder: 3,000 points in two regions with 8% noise (long trajectories,
pastes, several boxes), and 2,000 points on an integer grid (ties at every peel).

For every box diypol found, EMA's trajectory must match step by step — cases, cases of
interest, coverage, density, mass, restricted parameters and every limit — within 1e-9,
the quasi-p value of every restricted limit within 1e-6 of scipy's (relative),
and diypol's chosen step must be the one its rule (greatest coverage with density ≥ 0.8,
else the densest) picks from EMA's trajectory; EMA then selects that step and finds the
next box on the cases left, as diypol does. EMA's own `threshold` (2.5) only classifies
the 0/1 outcome here: it is set below 1 so that EMA keeps every box for comparison.
"""

import csv
import inspect
import logging
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
from ema_workbench.analysis import prim  # noqa: E402

logging.getLogger("EMA").setLevel(logging.ERROR)

TOL = 1e-9
TOL_QP = 1e-6
THRESHOLD = 0.8
MAX_BOXES = 3
PARAMS = {
    "crowd.rashness": "{min: 0.05, max: 0.4}",
    "crowd.herding": "{min: 0.2, max: 0.9}",
    "online.share_base": "{min: 0.02, max: 0.2, scale: log}",
    "policy.officers_per_1000": "{min: 1.5, max: 3.5}",
}
NAMES = sorted(PARAMS)  # diypol orders parameters by name


def sweep(diypol, tmp):
    (tmp / "base.yaml").write_text("version: 1\nmodel: diy_policing\ndays: 120\n")
    plan = "version: 1\nbase: base.yaml\nsampling: latin_hypercube\nsamples: 48\nreplicates: 2\nseed: 3\n"
    plan += "parameters:\n" + "".join(f"  {k}: {v}\n" for k, v in PARAMS.items())
    (tmp / "plan.yaml").write_text(plan)
    out = tmp / "sweep"
    subprocess.run([diypol, "sweep", tmp / "plan.yaml", "--out", out, "--quiet"], check=True)
    subprocess.run([diypol, "merge", out], check=True, stdout=subprocess.DEVNULL)
    return out


def cases(runs, indicator):
    """Inputs and indicator per point: the mean of its finite replicates, summed in run
    order as diypol sums them."""
    x, y = [], []
    for _, g in runs.sort_values("run").groupby("point", sort=True):
        v = [float(a) for a in g[indicator] if np.isfinite(a)]
        if v:
            x.append([float(g[p].iloc[0]) for p in NAMES])
            y.append(sum(v) / len(v))
    return pd.DataFrame(x, columns=NAMES), np.array(y)


def choose(t):
    """diypol's box: the greatest coverage with density ≥ the threshold, else the densest
    (ties: higher density, fewer restricted, earlier)."""
    rows = range(len(t))
    dense = [i for i in rows if t.density[i] >= THRESHOLD]
    if dense:
        return max(dense, key=lambda i: (t.coverage[i], t.density[i], -t.res_dim[i], -i)), True
    return max(rows, key=lambda i: (t.density[i], t.coverage[i], -t.res_dim[i], -i)), False


def make_prim(x, y):
    kw = dict(peel_alpha=0.05, paste_alpha=0.05, mass_min=0.05)
    if "threshold" in inspect.signature(prim.Prim.__init__).parameters:
        # 2.5 counts y ≥ threshold as of interest and keeps a box only if its mean reaches
        # it: just above 0, every box with a case of interest is kept for the comparison.
        kw["threshold"] = 1e-9
    return prim.Prim(x, y, **kw)


def compare(name, folder, diypol, indicator, op, value):
    cond = f"{op} {value!r}"
    out = subprocess.run(
        [diypol, "discover", folder, "--indicator", indicator, "--where", cond],
        check=True, capture_output=True, text=True,
    ).stdout
    with open(folder / f"discover-{indicator}.csv") as f:
        ours = list(csv.DictReader(f))
    runs = pd.read_parquet(folder / "runs.parquet")
    x, v = cases(runs, indicator)
    y = {"<": v < value, "<=": v <= value, ">": v > value, ">=": v >= value}[op].astype(int)
    p = make_prim(x, y)
    worst, worst_qp, steps, boxes = 0.0, 0.0, 0, sorted({int(r["box"]) for r in ours})
    for b in boxes:
        mine = [r for r in ours if int(r["box"]) == b]
        box = p.find_box()
        t = box.peeling_trajectory
        assert len(t) == len(mine), f"{name} box {b}: EMA has {len(t)} steps, diypol {len(mine)}"
        for i, r in enumerate(mine):
            assert int(r["cases"]) == int(t.n[i]) and int(r["cases_of_interest"]) == int(t.k[i]), (name, b, i)
            assert int(r["restricted"]) == int(t.res_dim[i]), (name, b, i)
            pairs = [(float(r[c]), float(t[c][i])) for c in ("coverage", "density", "mass")]
            for q in NAMES:
                pairs += [(float(r[f"{q}_min"]), float(box.box_lims[i].loc[0, q])),
                          (float(r[f"{q}_max"]), float(box.box_lims[i].loc[1, q]))]
            worst = max([worst] + [abs(a - e) for a, e in pairs])
            # Quasi-p values: diypol sums binomial terms, scipy uses the incomplete beta.
            qp = (getattr(box, "qp", None) or box.p_values)[i]
            for q in NAMES:
                for side, e in zip(("min", "max"), qp.get(q, [-1, -1])):
                    a = r[f"{q}_{side}_qp"]
                    assert (a == "") == (e == -1), (name, b, i, q, side, a, e)
                    if a:
                        worst_qp = max(worst_qp, abs(float(a) - e) / max(e, 1e-300))
        steps += len(t)
        chosen, meets = choose(t)
        ours_chosen = [i for i, r in enumerate(mine) if r["chosen"] == "true"]
        assert ours_chosen == [chosen], f"{name} box {b}: diypol chose {ours_chosen}, the rule on EMA's {chosen}"
        box.select(chosen)
        left = np.ones(len(y), bool)
        for found in p._boxes:
            left[found.yi] = False
        stop = not meets or y[left].sum() == 0 or b == MAX_BOXES
        assert stop == (b == boxes[-1]), f"{name}: diypol stopped after box {boxes[-1]}, the rule after {b}"
    first = next(line for line in out.splitlines() if line.startswith("where"))
    print(f"{name}: {first.strip()}")
    print(f"  {len(boxes)} box(es), {steps} steps: largest difference from EMA Workbench {worst:.3g}, "
          f"of quasi-p values {worst_qp:.3g} (relative)")
    return worst, worst_qp


def synthetic(folder, n, kind, seed):
    """A runs.parquet of `n` points, one run each, with a `synthetic` indicator."""
    rng = np.random.default_rng(seed)
    if kind == "ties":
        u = rng.integers(0, 8, size=(n, 4)).astype(float)
        y = ((u[:, 0] >= 5) & (u[:, 3] <= 2)) | (rng.random(n) < 0.05)
    else:
        u = rng.random((n, 4))
        y = ((u[:, 0] > 0.6) & (u[:, 2] > 0.6)) | ((u[:, 0] < 0.25) & (u[:, 1] < 0.25))
        y = y ^ (rng.random(n) < 0.08)
    t = pd.DataFrame({"run": np.arange(n), "point": np.arange(n), "replicate": 0, "seed": 1})
    for j, q in enumerate(NAMES):
        t[q] = u[:, j]
    t["synthetic"] = y.astype(float)
    t.to_parquet(folder / "runs.parquet", index=False)


def main(diypol):
    diypol = str(Path(diypol).resolve())
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        real = sweep(diypol, tmp)
        runs = pd.read_parquet(real / "runs.parquet")
        results = []
        for ind, op, q in [("crimes_per_1000_year", ">", 0.6), ("final_mean_fear", ">=", 0.5)]:
            value = float(np.quantile(cases(runs, ind)[1], q))
            results.append(compare(f"sweep, {ind}", real, diypol, ind, op, value))
        for kind, n, seed in [("two regions", 3000, 1), ("ties", 2000, 2)]:
            folder = tmp / kind.replace(" ", "-")
            shutil.copytree(real, folder)
            synthetic(folder, n, kind, seed)
            results.append(compare(f"synthetic, {kind}", folder, diypol, "synthetic", ">", 0.5))
    worst, worst_qp = (max(r[i] for r in results) for i in (0, 1))
    print(f"largest difference: {worst:.3g} (tolerance {TOL}); quasi-p values: {worst_qp:.3g} "
          f"relative (tolerance {TOL_QP})")
    return 0 if worst <= TOL and worst_qp <= TOL_QP else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "target/release/diypol"))
