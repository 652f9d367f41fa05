#!/usr/bin/env bash
# Scale benchmark (MODEL.md §2: a Berlin-sized city). Runs the release binary on 100k, 1M
# and 3.7M citizens (status quo, and the `collaborate` policy with the whole DIY layer busy) × 730 recorded days (plus the 365-day burn-in) with 1 and 2 threads,
# and prints wall time and peak memory (max RSS from /usr/bin/time). Results and how to
# read them: docs/PERFORMANCE.md.
#   usage: benches/scale.sh [repeats]      (default 1)
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=${1:-1}
cargo build --release --locked --quiet
bin="${CARGO_TARGET_DIR:-target}/release/diypol"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf "| scenario | citizens | threads | wall time (s) | peak memory (MB) |\n|---|---:|---:|---:|---:|\n"
for spec in "scenarios/baseline.yaml 100000" "scenarios/collaborate.yaml 100000" "benches/city-1m.yaml 1000000" \
  "scenarios/berlin.yaml 3700000" "benches/berlin-collaborate.yaml 3700000"; do
  set -- $spec
  for threads in 1 2; do
    best=""
    for _ in $(seq "$repeats"); do
      /usr/bin/time -f "%e %M" -o "$out/time" "$bin" run "$1" --threads "$threads" --quiet --no-charts --out "$out/run" >/dev/null
      read -r wall rss < "$out/time"
      if [ -z "$best" ] || awk "BEGIN{exit !($wall < ${best% *})}"; then best="$wall $rss"; fi
    done
    read -r wall rss <<< "$best"
    printf "| %s | %s | %s | %.2f | %.0f |\n" "$(basename "$1" .yaml)" "$2" "$threads" "$wall" "$((rss / 1024))"
  done
done
