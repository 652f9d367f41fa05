#!/usr/bin/env bash
# Writes a standard set of outputs with one diypol binary, so that two versions can be
# compared value by value (scripts/same_values.py): every bundled scenario run once with
# cells and events, a comparison of each model, and a factorial and a Sobol sweep, merged,
# with their sensitivity indices.
#
#   scripts/snapshot.sh BINARY OUT_DIR
set -euo pipefail
bin=$(realpath "$1")
out=$2
cd "$(dirname "$0")/.."
rm -rf "$out"
mkdir -p "$out/runs"
for f in scenarios/*.yaml; do
  name=$(basename "$f" .yaml)
  extra=(--cells)
  case "$name" in civil-violence-*) ;; *) extra+=(--events) ;; esac
  "$bin" run "$f" "${extra[@]}" --no-charts --quiet --out "$out/runs/$name"
done
"$bin" compare scenarios/baseline.yaml scenarios/collaborate.yaml scenarios/suppress.yaml \
  --replicates 3 --days 120 --no-charts --quiet --out "$out/compare-diy"
"$bin" compare scenarios/civil-violence-mesa.yaml scenarios/civil-violence-netlogo-like.yaml \
  --replicates 3 --no-charts --quiet --out "$out/compare-cv"
for plan in factorial sobol4; do
  "$bin" sweep "tests/data/sweep/$plan.yaml" --quiet --out "$out/sweep-$plan"
  "$bin" merge "$out/sweep-$plan" >/dev/null
done
"$bin" sensitivity "$out/sweep-sobol4" >/dev/null
echo "snapshot written to $out"
