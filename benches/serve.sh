#!/usr/bin/env bash
# How fast does the live page answer? Starts `diypol serve` on a free loopback port and
# streams the 100,000-resident baseline (365 burn-in + 730 recorded days) five times:
# the time from Run to the first chart point, and to the last day (docs/PERFORMANCE.md,
# targets 300 ms and 2 s). Then 20 concurrent streams, checked whole and equal. A measure,
# not a test: it fails only if a stream does.
#   benches/serve.sh [path/to/diypol] [threads]
set -euo pipefail
cd "$(dirname "$0")/.."
exe="${1:-target/release/diypol}"
threads="${2:-2}"
log=$(mktemp)
"$exe" serve --port 0 --threads "$threads" >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q '^diypol serve: ' "$log" && break; sleep 0.1; done
url=$(sed -n 's/^diypol serve: \(http[^ ]*\).*/\1/p' "$log")
[ -n "$url" ] || { cat "$log"; exit 1; }
echo "server: $url ($threads threads, $(nproc) cores)"
python3 scripts/serve_check.py speed "$url" --runs 5
python3 scripts/serve_check.py load "$url" --clients 20
