#!/usr/bin/env python3
"""Reads a sweep folder's parts the way the README says researchers do, with every library:

    python scripts/read_sweep.py DIR [EXPECTED_RUNS]

DuckDB `read_parquet('DIR/runs/*.parquet')`, polars `scan_parquet`, pyarrow's dataset of the
folder and pandas `read_parquet(DIR/runs)` must all read the runs and ticks parts — also
right after a kill, before any resume — and agree on the number of runs (EXPECTED_RUNS when
given). Exits 1 naming the library that failed.
"""

import sys
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow.dataset as ds


def counts(folder: Path) -> dict:
    out = {}
    for table in ["runs", "ticks"]:
        glob = str(folder / table / "*.parquet")
        out[f"duckdb {table}"] = duckdb.sql(f"SELECT count(DISTINCT run) FROM read_parquet('{glob}')").fetchall()[0][0]
        out[f"polars {table}"] = pl.scan_parquet(glob).select(pl.col("run").n_unique()).collect().item()
        out[f"pyarrow {table}"] = len(set(ds.dataset(folder / table, format="parquet").to_table(columns=["run"])["run"].to_pylist()))
        out[f"pandas {table}"] = pd.read_parquet(folder / table, columns=["run"])["run"].nunique()
    return out


def main() -> int:
    folder = Path(sys.argv[1])
    expected = int(sys.argv[2]) if len(sys.argv) > 2 else None
    if not list((folder / "runs").glob("*.parquet")):
        # Killed before the first run finished: nothing to read yet.
        return 0 if expected in (None, 0) else 1
    try:
        seen = counts(folder)
    except Exception as e:  # a reader that fails is the finding
        print(f"read_sweep: {folder}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    runs = {v for k, v in seen.items() if k.endswith(" runs")}
    if len(runs) != 1 or (expected is not None and runs != {expected}):
        print(f"read_sweep: {folder}: readers disagree or miss runs: {seen}", file=sys.stderr)
        return 1
    # Ticks parts may include a run whose row was not written yet (killed in between).
    (n_runs,) = runs
    if any(v < n_runs for k, v in seen.items() if k.endswith(" ticks")):
        print(f"read_sweep: {folder}: a finished run has no ticks: {seen}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
