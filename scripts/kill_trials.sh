#!/usr/bin/env bash
# Kills a sweep part-way, N times per signal, and checks what is left: every reader
# (scripts/read_sweep.py: DuckDB, polars, pyarrow, pandas) reads the folder right after the
# kill, a resume finishes it, no temporary survives the resume, and the merged runs equal
# those of an uninterrupted sweep.
#
#   scripts/kill_trials.sh DIYPOL PYTHON N [SIGNAL...]     (default signals: KILL TERM)
#
# Prints one line per signal: trials, temporaries left by the kills, failures.
set -euo pipefail
cd "$(dirname "$0")/.."
exe=$1 py=$2 n=$3
shift 3
signals=("${@:-KILL}")
[ $# -gt 0 ] || signals=(KILL TERM)
plan=tests/data/sweep/resume.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$exe" sweep "$plan" --out "$work/whole" --quiet
"$exe" merge "$work/whole" >/dev/null
failures=0
for sig in "${signals[@]}"; do
  left=0 bad=0
  for i in $(seq 1 "$n"); do
    out="$work/$sig-$i"
    "$exe" sweep "$plan" --out "$out" --quiet --threads 2 2>/dev/null &
    pid=$!
    # A different moment each trial: 0.05 s to 1.2 s into a sweep of about 1.5 s.
    sleep "$(awk -v i="$i" -v n="$n" 'BEGIN { printf "%.2f", 0.05 + 1.15 * (i - 1) / (n > 1 ? n - 1 : 1) }')"
    kill "-$sig" "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    left=$((left + $(find "$out" -name '.*partial*' 2>/dev/null | wc -l)))
    if [ -d "$out/runs" ] && ! "$py" scripts/read_sweep.py "$out"; then bad=$((bad + 1)); continue; fi
    "$exe" sweep "$plan" --out "$out" --quiet
    if [ -n "$(find "$out" -name '.*partial*' -o -name '.diypol-staging-*')" ]; then bad=$((bad + 1)); continue; fi
    "$py" scripts/read_sweep.py "$out" 24 || { bad=$((bad + 1)); continue; }
    "$exe" merge "$out" >/dev/null
    cmp -s "$work/whole/runs.parquet" "$out/runs.parquet" || { echo "trial $sig $i: merged runs differ" >&2; bad=$((bad + 1)); }
  done
  echo "kill -$sig: $n trials, $left temporaries left by the kills, $bad failures"
  failures=$((failures + bad))
done
[ "$failures" -eq 0 ]
