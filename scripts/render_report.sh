#!/usr/bin/env bash
# Renders a comparison's report.html in a real browser (headless Chromium) to PNG and PDF,
# to check that it shows everything offline. Installs Debian's chromium package if needed.
#   scripts/render_report.sh out/compare-baseline-collaborate-suppress
# writes report.png (the first 1300 × 7000 pixels) and report.pdf beside report.html.
set -euo pipefail
dir=$(cd "${1:?usage: $0 COMPARE_DIR}" && pwd)
[ -f "$dir/report.html" ] || { echo "$dir/report.html not found: run diypol compare first" >&2; exit 2; }
if ! command -v chromium >/dev/null; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars)
chromium "${flags[@]}" --window-size=1300,7000 --screenshot="$dir/report.png" "file://$dir/report.html" 2>/dev/null
chromium "${flags[@]}" --print-to-pdf="$dir/report.pdf" "file://$dir/report.html" 2>/dev/null
ls -l "$dir/report.png" "$dir/report.pdf"
