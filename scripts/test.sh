#!/usr/bin/env bash
# The whole test suite: unit tests, the integration tests that drive the real binary,
# the statistical calibration checks, and the notebooks run against fresh outputs.
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
DIYPOL_COMPARE_DIR="$out/compare" "$venv/bin/python" scripts/run_notebooks.py notebooks/*.ipynb
echo "notebooks: ok"
