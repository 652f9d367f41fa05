#!/usr/bin/env bash
# The whole test suite: unit tests, the integration tests that drive the real binary,
# the statistical calibration checks, the notebooks run against fresh outputs, and a sweep
# through a real single-node SLURM (installed from Debian packages if missing).
# Release profile: the calibration runs want optimised code, and the README's run command
# builds the same profile. Arguments go to `cargo test` and skip the notebooks (to run a
# few tests quickly: scripts/test.sh civil_violence).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --locked "$@"
if [ $# -gt 0 ]; then exit 0; fi

# Notebooks: a virtual environment of their own (created once, reused), fresh outputs.
venv="${DIYPOL_VENV:-$HOME/.cache/diypol-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r notebooks/requirements.txt
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cargo run --release --locked -q -- compare scenarios/baseline.yaml scenarios/collaborate.yaml \
  scenarios/suppress.yaml --replicates 3 --days 120 --quiet --out "$out/compare"
cargo run --release --locked -q -- sweep tests/data/sweep/sobol4.yaml --out "$out/sweep" --quiet
cargo run --release --locked -q -- sensitivity "$out/sweep" >/dev/null
DIYPOL_COMPARE_DIR="$out/compare" DIYPOL_SWEEP_DIR="$out/sweep" \
  "$venv/bin/python" scripts/run_notebooks.py notebooks/*.ipynb
echo "notebooks: ok"

# A sweep through a real single-node SLURM (job array + dependent merge) must merge to the
# same bytes as the same sweep run locally. Only the daemons started here are stopped.
diypol="$(cargo metadata --format-version 1 --no-deps | "$venv/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')/release/diypol"
slurm="$out/slurm"
scripts/slurm_local.sh start "$slurm" >/dev/null
trap 'scripts/slurm_local.sh stop "$slurm"; rm -rf "$out"' EXIT
export SLURM_CONF="$slurm/slurm.conf"
"$diypol" merge "$out/sweep" >/dev/null
"$diypol" sweep tests/data/sweep/sobol4.yaml --out "$out/cluster" --emit-slurm --runs-per-task 12 >/dev/null
timeout 300 bash "$out/cluster/slurm/submit.sh" --wait >/dev/null
cmp "$out/sweep/runs.parquet" "$out/cluster/runs.parquet"
cmp "$out/sweep/ticks.parquet" "$out/cluster/ticks.parquet"
"$diypol" sensitivity "$out/cluster" >/dev/null
cmp "$out/sweep/sensitivity.csv" "$out/cluster/sensitivity.csv"
echo "slurm: the Sobol sweep as a 4-task job array and a merge job gave the local result"
