#!/usr/bin/env bash
# The whole test suite: unit tests, the integration tests that drive the real binary,
# and the statistical calibration checks. Release profile: the calibration runs want
# optimised code, and the README's run command builds the same profile.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --locked "$@"
