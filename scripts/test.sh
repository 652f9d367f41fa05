#!/usr/bin/env bash
# The whole test suite: unit tests, the integration tests that drive the real binary,
# the statistical calibration checks, the notebooks run against fresh outputs, the live
# page in headless Chromium (installed from Debian if missing), and a sweep through a real
# single-node SLURM (installed from Debian packages if missing).
# Release profile: the calibration runs want optimised code, and the README's run command
# builds the same profile. Arguments go to `cargo test` and skip the notebooks (to run a
# few tests quickly: scripts/test.sh civil_violence).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --locked "$@"
if [ $# -gt 0 ]; then exit 0; fi

# Notebooks and the data contract: a virtual environment of their own (created once,
# reused), fresh outputs of every kind.
venv="${DIYPOL_VENV:-$HOME/.cache/diypol-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r notebooks/requirements.txt
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo build --release --locked -q --bin diypol
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
diypol() { "$target/release/diypol" "$@"; }
diypol compare scenarios/baseline.yaml scenarios/collaborate.yaml scenarios/suppress.yaml \
  --replicates 3 --days 120 --quiet --out "$out/compare"
diypol compare scenarios/civil-violence-mesa.yaml scenarios/civil-violence-netlogo-like.yaml \
  --replicates 2 --days 100 --quiet --no-charts --out "$out/compare-cv"
diypol run scenarios/policy-change.yaml --days 400 --cells --events --quiet --no-charts --out "$out/run"
diypol run scenarios/civil-violence-mesa.yaml --days 50 --cells --quiet --no-charts --out "$out/run-cv"
diypol sweep tests/data/sweep/sobol4.yaml --out "$out/sweep" --quiet
diypol sensitivity "$out/sweep" >/dev/null
diypol merge "$out/sweep" >/dev/null
# A Morris sweep as well, left unmerged: the sweep notebook reads its runs/ files and takes
# its labels from the catalogue diypol prints.
diypol sweep tests/data/sweep/morris.yaml --out "$out/morris" --quiet
diypol sensitivity "$out/morris" >/dev/null
diypol indicators --format json > "$out/indicators.json"
# The notebooks on the comparison and the Sobol sweep, then the sweep notebook on the Morris
# sweep. Figures go to a folder of their own; the data folders must stay as diypol left them.
data=("$out/compare" "$out/sweep" "$out/morris")
before=$(find "${data[@]}" -type f -exec sha256sum {} + | sort)
DIYPOL_COMPARE_DIR="$out/compare" DIYPOL_SWEEP_DIR="$out/sweep" DIYPOL_FIGURES_DIR="$out/figures" \
  "$venv/bin/python" scripts/run_notebooks.py notebooks/*.ipynb
DIYPOL_SWEEP_DIR="$out/morris" DIYPOL_CATALOGUE="$out/indicators.json" DIYPOL_FIGURES_DIR="$out/figures" \
  "$venv/bin/python" scripts/run_notebooks.py notebooks/sweep_analysis.ipynb
[ "$(find "${data[@]}" -type f -exec sha256sum {} + | sort)" = "$before" ] \
  || { echo "a notebook wrote into a data folder" >&2; exit 1; }
ls "$out/figures/compare-compare/crime.png" "$out/figures/sweep-sweep/sobol.png" \
  "$out/figures/sweep-morris/morris.png" >/dev/null
echo "notebooks: ok"

# Every output file, read as researchers read it: pyarrow, pandas, polars and DuckDB, and
# the oldest pyarrow the files promise to open (12), in a small environment of its own.
dirs=("$out/run" "$out/run-cv" "$out/compare" "$out/compare-cv" "$out/sweep")
diypol indicators --format json > "$out/catalogue.json"
"$venv/bin/python" scripts/data_contract.py "$out/catalogue.json" "${dirs[@]}"
old="${DIYPOL_OLD_PYARROW_VENV:-$HOME/.cache/diypol-venv-pyarrow12}"
[ -x "$old/bin/python" ] || python3 -m venv "$old"
"$old/bin/python" -m pip install -q --disable-pip-version-check "pyarrow==12.0.1" "numpy<2"
"$old/bin/python" scripts/data_contract.py --pyarrow-only "$out/catalogue.json" "${dirs[@]}"

# The live page (`diypol serve`) in Debian's Chromium, driven by Playwright (its wheel
# carries the driver; no browser is downloaded): a lever changed, a live run, A/B, exports,
# the numbers on the page against `diypol run`; screenshots to $DIYPOL_SHOTS_DIR. Then 20
# concurrent streams over loopback, none dropped or corrupted.
if ! command -v chromium >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
"$venv/bin/python" -m pip install -q --disable-pip-version-check "playwright==1.65.2"
"$target/release/diypol" serve --port 0 >"$out/serve.log" 2>&1 &
serve_pid=$!
trap 'kill $serve_pid 2>/dev/null || true; rm -rf "$out"' EXIT
for _ in $(seq 100); do grep -q '^diypol serve: ' "$out/serve.log" && break; sleep 0.1; done
url=$(sed -n 's/^diypol serve: \(http[^ ]*\).*/\1/p' "$out/serve.log")
[ -n "$url" ] || { cat "$out/serve.log"; exit 1; }
"$venv/bin/python" scripts/browser_test.py "$url" "$target/release/diypol" "${DIYPOL_SHOTS_DIR:-$out/shots}"
python3 scripts/serve_check.py load "$url" --clients 20
kill "$serve_pid"
wait "$serve_pid" 2>/dev/null || true
echo "serve: the page in Chromium agrees with diypol run; 20 concurrent streams whole"

# Scenario discovery: diypol's PRIM against EMA Workbench's on the same runs.parquet (a
# sweep of its own, and synthetic data), step by step. ema_workbench 2.5.3 is the newest
# for this Python (3.0 needs 3.12); its environment is created once and reused.
ema="${DIYPOL_EMA_VENV:-$HOME/.cache/diypol-venv-ema}"
[ -x "$ema/bin/python" ] || python3 -m venv "$ema"
"$ema/bin/python" -m pip install -q --disable-pip-version-check \
  "ema_workbench==2.5.3" "numpy==2.4.6" "pandas==3.1.1" "pyarrow==26.0.1"
"$ema/bin/python" scripts/prim_check.py "$target/release/diypol"

# ABC-SMC against the analytic toy posteriors and pyabc 0.13.0 (mean of 5 seeds) on the
# same toys: diypol must be within the allowances of scripts/abc_check.py of both.
abc="${DIYPOL_PYABC_VENV:-$HOME/.cache/diypol-venv-pyabc}"
[ -x "$abc/bin/python" ] || python3 -m venv "$abc"
"$abc/bin/python" -m pip install -q --disable-pip-version-check \
  "pyabc==0.13.0" "numpy==2.4.6" "pandas==3.1.1" "pyarrow==26.0.1" "scipy==1.17.1"
"$abc/bin/python" scripts/abc_check.py "$target/release/diypol" "$out/abc" 2>"$out/abc.log" \
  || { tail -40 "$out/abc.log"; exit 1; }

# Sweeps killed part-way (kill -9 and SIGTERM at different moments): every reader opens
# the folder right after the kill, a resume finishes it to the uninterrupted result.
scripts/kill_trials.sh "$target/release/diypol" "$venv/bin/python" 3

# The dry run's time estimate against the measured time of a small sweep (within 30%).
benches/estimate.sh "$target/release/diypol" 2

# A sweep through a real single-node SLURM (job array + dependent merge) must merge to the
# same bytes as the same sweep run locally. Only the daemons started here are stopped.
slurm="$out/slurm"
scripts/slurm_local.sh start "$slurm" >/dev/null
trap 'scripts/slurm_local.sh stop "$slurm"; rm -rf "$out"' EXIT
export SLURM_CONF="$slurm/slurm.conf"
diypol sweep tests/data/sweep/sobol4.yaml --out "$out/cluster" --emit-slurm --runs-per-task 12 >/dev/null
timeout 300 bash "$out/cluster/slurm/submit.sh" --wait >/dev/null
cmp "$out/sweep/runs.parquet" "$out/cluster/runs.parquet"
cmp "$out/sweep/ticks.parquet" "$out/cluster/ticks.parquet"
diypol sensitivity "$out/cluster" >/dev/null
cmp "$out/sweep/sensitivity.csv" "$out/cluster/sensitivity.csv"
echo "slurm: the Sobol sweep as a 4-task job array and a merge job gave the local result"

# A calibration through the same SLURM: passes of a 3-task job array, each followed by a
# job that submits the next, must give the posterior of a local run, byte for byte.
diypol calibrate tests/data/calibration/tiny.yaml --out "$out/cal-local" --quiet --no-charts
diypol calibrate tests/data/calibration/tiny.yaml --out "$out/cal-cluster" --emit-slurm 3 >/dev/null
timeout 600 bash "$out/cal-cluster/slurm/submit.sh" --wait >/dev/null
for f in posterior.parquet generations.parquet ensemble.parquet predictive.parquet; do
  cmp "$out/cal-local/$f" "$out/cal-cluster/$f"
done
passes=$(ls "$out/cal-cluster/slurm"/next_*.out | wc -l)
echo "slurm: the tiny calibration in $passes passes of a 3-task job array gave the local posterior"
