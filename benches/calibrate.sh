#!/usr/bin/env bash
# Speed of the baseline calibration (issue 14's target: under 30 min on 2 cores).
# Runs `diypol calibrate calibration/baseline.yaml` from scratch into a fresh folder and
# prints machine facts, wall and CPU time, the generations reached and the simulations
# logged, then PASS/MISS against the target. Exits 0 even on a MISS.
#   usage: benches/calibrate.sh [SPEC] [--threads N]
#   env: CARGO_TARGET_DIR (default ~/.cache/diypol-target), KEEP=DIR (keep the output there)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/diypol-target}"
spec="${1:-calibration/baseline.yaml}"
shift $(( $# > 0 ? 1 : 0 ))
target_min=30

echo "== building diypol" >&2
cargo build --release --locked -q --bin diypol
out="${KEEP:-$(mktemp -d)}"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$out"' EXIT
rm -rf "$out/cal"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
TIMEFORMAT='%R %U %S'
times=$( { time "$CARGO_TARGET_DIR/release/diypol" calibrate "$spec" --out "$out/cal" --quiet --no-charts "$@" >/dev/null; } 2>&1 )
read -r wall user sys <<<"$times"
echo "spec: $spec"
grep -m1 -E "^ABC-SMC" "$out/cal/summary.md" || true
echo "wall ${wall} s, CPU $(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.1f", u + s}') s"
awk -v w="$wall" -v t="$target_min" 'BEGIN {
  printf "%s: %.1f min against a target of %d min\n", (w < t * 60 ? "PASS" : "MISS"), w / 60, t }'
