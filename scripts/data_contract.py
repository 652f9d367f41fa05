#!/usr/bin/env python3
"""The output data contract, checked the way researchers read the files.

    diypol indicators --format json > catalogue.json
    python scripts/data_contract.py catalogue.json DIR...          # pyarrow, pandas, polars, DuckDB
    python scripts/data_contract.py --pyarrow-only catalogue.json DIR...   # e.g. in an old pyarrow

Every Parquet file under the folders (a run, a comparison, a sweep) is read with each
library. Its columns must be those of the catalogue (`diypol indicators`) for its file and
model, with the catalogue's types: int64 for identifiers and counts, double, boolean, plain
string; no NaN (undefined values are null); the key-value metadata the README promises;
every non-key column the catalogue lists for a file appears in some file of that kind; two
count columns subtract without wrapping; a sweep's folder of runs reads as one table.
"""

import argparse
import json
import math
import re
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

ARROW = {
    "int64": lambda t: pa.types.is_int64(t),
    "uint64": lambda t: pa.types.is_uint64(t),
    "float64": lambda t: pa.types.is_float64(t),
    "boolean": lambda t: pa.types.is_boolean(t),
    "string": lambda t: pa.types.is_string(t) or pa.types.is_large_string(t),
}
FILES = {"ticks.parquet": "ticks", "runs.parquet": "runs", "cells.parquet": "cells", "events.parquet": "events"}
PER_RUN = ["diypol.version", "diypol.model", "diypol.scenario_name", "diypol.seed", "diypol.scenario"]
STACKED = {
    "compare": ["diypol.version", "diypol.model", "diypol.seed", "diypol.seeds", "diypol.scenarios", "diypol.columns"],
    "sweep": ["diypol.version", "diypol.model", "diypol.seed", "diypol.seeds", "diypol.sweep.plan", "diypol.columns"],
}
problems = []


def fail(msg):
    problems.append(msg)
    print("FAIL:", msg)


def entry_for(catalogue, kind, model, column):
    entries = [e for e in catalogue if kind in e["files"] and model in e["models"]]
    for e in entries:
        if "{" not in e["name"] and e["name"] == column:
            return e
    # The most specific family wins: `hours_used_response` is `hours_used_{task}`, not
    # `hours_{task}` with member `used_response`.
    best = None
    for e in entries:
        if "{" in e["name"]:
            pre, post = re.split(r"\{[a-z]+\}", e["name"])
            fixed = len(pre) + len(post)
            if column.startswith(pre) and column.endswith(post) and len(column) > fixed:
                if best is None or fixed > best[0]:
                    best = (fixed, e)
    return best[1] if best else None


def kind_of(path: Path):
    if path.name in FILES:
        return FILES[path.name]
    if path.parent.name in ("runs", "ticks"):  # a sweep's per-run file
        return path.parent.name
    return None


def check_file(path: Path, catalogue, seen, pyarrow_only, sweep):
    kind = kind_of(path)
    if kind is None:
        return
    table = pq.read_table(path)
    meta = {k.decode(): v.decode() for k, v in (pq.read_metadata(path).metadata or {}).items()}
    model = meta.get("diypol.model")
    if model is None:
        fail(f"{path}: no diypol.model in the metadata")
        return
    manifest = path.parent / ".diypol.json"
    folder_kind = json.loads(manifest.read_text())["kind"] if manifest.exists() else None
    # A comparison's or sweep's stacked tables, or one run's file.
    keys = STACKED.get(folder_kind, PER_RUN)
    for k in keys:
        if k not in meta:
            fail(f"{path}: metadata lacks {k}")
    if "diypol.seeds" in meta and "diypol.seed" in meta:
        seeds = [int(s) for s in meta["diypol.seeds"].split(",")]
        if not all(0 <= s < 2**64 for s in seeds):
            fail(f"{path}: seeds outside uint64: {seeds[:3]}")
    for field in table.schema:
        name = field.name
        e = entry_for(catalogue, kind, model, name)
        if e is None:
            if "." in name and sweep:  # a swept parameter, typed by the scenario schema
                seen.add((kind, model, name))
                continue
            fail(f"{path}: column {name} is not in the catalogue for {model} {kind}.parquet")
            continue
        seen.add((kind, model, e["name"]))
        if not ARROW[e["data_type"]](field.type):
            fail(f"{path}: {name} is {field.type}, the catalogue says {e['data_type']}")
        if pa.types.is_floating(field.type):
            nans = pc.sum(pc.is_nan(table.column(name))).as_py() or 0
            if nans:
                fail(f"{path}: {name} holds {nans} NaN (undefined values must be null)")
        if e["kind"] == "share" and table.num_rows:
            lo, hi = pc.min(table.column(name)).as_py(), pc.max(table.column(name)).as_py()
            if lo is not None and (lo < 0 or hi > 1):
                fail(f"{path}: share {name} outside [0, 1]: {lo}..{hi}")
    if pyarrow_only:
        return
    import duckdb
    import pandas as pd
    import polars as pl

    df = pd.read_parquet(path)
    pf = pl.read_parquet(path)
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0]
    if not (len(df) == pf.height == n == table.num_rows):
        fail(f"{path}: row counts differ: pandas {len(df)}, polars {pf.height}, duckdb {n}, pyarrow {table.num_rows}")
    # Two counts subtracted: a difference below zero stays below zero in every tool.
    if kind == "ticks" and model == "diy_policing" and {"reported", "crimes"} <= set(df.columns):
        a = (df["reported"] - df["crimes"]).min()
        b = pf.select((pl.col("reported") - pl.col("crimes")).min()).item()
        c = duckdb.sql(f"SELECT min(reported - crimes) FROM read_parquet('{path}')").fetchall()[0][0]
        if not (a == b == c and a <= 0):
            fail(f"{path}: reported − crimes: pandas {a}, polars {b}, duckdb {c}")
        avg = duckdb.sql(f"SELECT avg(mean_response_delay_days) FROM read_parquet('{path}')").fetchall()[0][0]
        if avg is not None and math.isnan(avg):
            fail(f"{path}: DuckDB's avg of mean_response_delay_days is NaN")


def check_sweep_folder(root: Path, pyarrow_only):
    for table in ("runs", "ticks"):
        folder = root / table
        files = sorted(folder.glob("*.parquet"))
        if not files:
            continue
        t = ds.dataset(folder, format="parquet").to_table()
        if t.num_rows < len(files):
            fail(f"{folder}: pyarrow.dataset read {t.num_rows} rows from {len(files)} files")
        if not pa.types.is_int64(t.schema.field("run").type):
            fail(f"{folder}: run is {t.schema.field('run').type} in pyarrow.dataset")
        if pyarrow_only:
            continue
        import duckdb
        import pandas as pd
        import polars as pl

        rows = len(pd.read_parquet(folder))
        rows_pl = pl.read_parquet(folder / "*.parquet").height
        rows_duck = duckdb.sql(f"SELECT count(*) FROM read_parquet('{folder}/*.parquet')").fetchall()[0][0]
        if not (rows == rows_pl == rows_duck == t.num_rows):
            fail(f"{folder}: pandas {rows}, polars {rows_pl}, duckdb {rows_duck}, pyarrow {t.num_rows} rows")


def check_summary(path: Path, catalogue):
    """A comparison's summary.csv: every indicator is in the catalogue (runs or comparison),
    and a DIY comparison holds the cost-effectiveness rows."""
    import csv

    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    names = {r["indicator"] for r in rows}
    models = {m for e in catalogue for m in e["models"]}
    for name in sorted(names):
        if not any(entry_for(catalogue, k, m, name) for k in ("runs", "comparison") for m in models):
            fail(f"{path}: indicator {name} is not in the catalogue")
    comparison = [e["name"] for e in catalogue if "comparison" in e["files"]]
    if "social_cost_eur_per_resident_year" in names:
        for name in comparison:
            if name not in names:
                fail(f"{path}: the catalogue lists {name} for summary.csv, but it is missing")
    for r in rows:
        for k in ("mean", "ci95_lo", "ci95_hi"):
            if r[k] and not math.isfinite(float(r[k])):
                fail(f"{path}: {r['indicator']} {k} is {r[k]} (undefined values are empty)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pyarrow-only", action="store_true")
    ap.add_argument("catalogue", type=Path)
    ap.add_argument("dirs", type=Path, nargs="+")
    args = ap.parse_args()
    catalogue = json.loads(args.catalogue.read_text())
    seen = set()
    files = 0
    for d in args.dirs:
        for path in sorted(d.rglob("*.parquet")):
            if any(part.startswith(".") for part in path.relative_to(d).parts):
                fail(f"{path}: a hidden (temporary) file is left")
                continue
            check_file(path, catalogue, seen, args.pyarrow_only, (d / "plan.yaml").exists())
            files += 1
        if (d / "plan.yaml").exists():
            check_sweep_folder(d, args.pyarrow_only)
        if (d / "summary.csv").exists():
            check_summary(d / "summary.csv", catalogue)
    # Every non-key column of a file kind the folders hold appears in some file of it.
    kinds = {(k, m) for k, m, _ in seen}
    for e in catalogue:
        for k in e["files"]:
            for m in e["models"]:
                if (k, m) in kinds and e["role"] != "key" and (k, m, e["name"]) not in seen:
                    fail(f"the catalogue lists {e['name']} for {m} {k}.parquet, but no file has it")
    version = pa.__version__
    print(f"data contract: {files} files read with pyarrow {version}" + ("" if args.pyarrow_only else ", pandas, polars, DuckDB"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
