#!/usr/bin/env python3
"""Compares two output folders value by value, not byte by byte.

    python scripts/same_values.py BEFORE_DIR AFTER_DIR [--show N]

Every Parquet and CSV file under BEFORE_DIR is matched with the same file under AFTER_DIR
(the sweep layout `runs/run=00042/part-0.parquet` and `runs/run-00042.parquet` are the
same file) and compared column by column: numbers as numbers (an integer 3 equals a float
3.0, a boolean equals 0 or 1), a null equals NaN, strings as strings. Columns only in
AFTER_DIR are listed as added; a column, row or file missing from AFTER_DIR is a
difference. Charts, HTML and metadata are not compared. Exit code 0 when every value is
the same, 1 otherwise; `--show N` prints up to N differing rows per column.
"""

import argparse
import csv
import math
import re
import sys
from pathlib import Path

import pyarrow.parquet as pq


def key(rel: str) -> str:
    """One name for a file whatever the sweep layout."""
    rel = re.sub(r"(runs|ticks)/run=(\d+)/part-0\.parquet$", r"\1/run-\2.parquet", rel)
    return rel


def files(root: Path) -> dict:
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in (".parquet", ".csv") and not p.name.startswith("."):
            out[key(str(p.relative_to(root)))] = p
    return out


def norm(v):
    """One representation per value: integers exact (a seed does not round), whole floats
    as integers, NaN as null, booleans as 0/1, integer text (an old seed column) as a number."""
    if v is None:
        return None
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    if isinstance(v, float):
        if math.isnan(v):
            return None
        return int(v) if v.is_integer() and abs(v) < 2**53 else v
    if isinstance(v, str) and re.fullmatch(r"-?\d+", v):
        return int(v)
    return v


def read_parquet(p: Path) -> dict:
    t = pq.read_table(p)
    return {name: [norm(v) for v in t.column(name).to_pylist()] for name in t.column_names}


def read_csv(p: Path) -> dict:
    with open(p, newline="") as f:
        rows = list(csv.DictReader(f))
    cols = {}
    for name in rows[0].keys() if rows else []:
        vals = []
        for r in rows:
            s = r[name]
            try:
                vals.append(norm(float(s)) if s != "" else None)
            except ValueError:
                vals.append(norm(s))
        cols[name] = vals
    return cols


def compare(a: dict, b: dict, show: int) -> list:
    problems = []
    for name, va in a.items():
        if name not in b:
            problems.append(f"  column `{name}` missing")
            continue
        vb = b[name]
        if len(va) != len(vb):
            problems.append(f"  column `{name}`: {len(va)} rows before, {len(vb)} after")
            continue
        diff = [i for i, (x, y) in enumerate(zip(va, vb)) if x != y]
        if diff:
            problems.append(f"  column `{name}`: {len(diff)} of {len(va)} values differ")
            for i in diff[:show]:
                problems.append(f"    row {i}: {va[i]!r} → {vb[i]!r}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--show", type=int, default=3, help="differing rows to print per column")
    args = ap.parse_args()
    fa, fb = files(args.before), files(args.after)
    differing, same = 0, 0
    for rel, pa in fa.items():
        pb = fb.get(rel)
        if pb is None:
            print(f"{rel}: missing from {args.after}")
            differing += 1
            continue
        read = read_parquet if pa.suffix == ".parquet" else read_csv
        a, b = read(pa), read(pb)
        problems = compare(a, b, args.show)
        added = [c for c in b if c not in a]
        if problems:
            differing += 1
            print(f"{rel}: differs")
            print("\n".join(problems))
        else:
            same += 1
        if added:
            print(f"{rel}: added columns {', '.join(added)}")
    extra = [rel for rel in fb if rel not in fa]
    if extra:
        print(f"only in {args.after}: {', '.join(extra)}")
    print(f"{same} files with the same values, {differing} differing")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
