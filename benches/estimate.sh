#!/usr/bin/env bash
# Does `diypol sweep --dry-run` estimate the time a sweep takes? Runs the small plan
# tests/data/sweep/estimate.yaml (64 runs of 20,000 citizens, burn-in included) and fails if
# the measured time is more than 30% away from the estimate. A check of the estimate's
# rates (src/sweep/estimate.rs), not of speed: a busy machine makes it fail, so it runs once
# in scripts/test.sh and the numbers go to docs/PERFORMANCE.md.
#   benches/estimate.sh [path/to/diypol] [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
exe="${1:-target/release/diypol}"
threads="${2:-2}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
plan=tests/data/sweep/estimate.yaml
line=$("$exe" sweep "$plan" --out "$out/sweep" --dry-run --threads "$threads" | grep 'estimate:')
estimate=$(sed -E 's/.*about ([0-9.]+) (s|min|h) on.*/\1 \2/' <<<"$line" \
  | awk '{ f = ($2 == "min") ? 60 : ($2 == "h") ? 3600 : 1; print $1 * f }')
start=$(date +%s.%N)
"$exe" sweep "$plan" --out "$out/sweep" --quiet --threads "$threads"
end=$(date +%s.%N)
python3 - "$estimate" "$start" "$end" "$threads" <<'PY'
import sys
estimate, start, end, threads = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
measured = end - start
ratio = measured / estimate
print(f"estimate: {estimate:.2f} s, measured: {measured:.2f} s on {threads} threads (measured/estimate {ratio:.2f})")
if not 0.7 <= ratio <= 1.3:
    sys.exit("the estimate is more than 30% off")
PY
