#!/usr/bin/env bash
# Speed of the civil-violence model (Epstein Model I): diypol against Mesa 3.3.1's example.
# Measures agent-steps per second (agents = citizens + cops, × timed ticks, after untimed
# warm-up ticks) on 40x40, 200x200 and 1000x1000 tori:
#   Mesa: scripts/mesa_speed.py (the example without its DataCollector, 1 warm-up tick;
#         40x40 and 200x200 only, 1000x1000 would take hours), one run;
#   ours: examples/cv_speed.rs, sequential (1 thread), parallel on 1 and on 2 threads,
#         best of $REPEATS runs, tick counts chosen so each run takes about 1–5 s.
# Prints machine facts, a table (ratios to Mesa at the same size; at 1000x1000 to Mesa's
# 200x200 rate), and PASS/MISS against the speed targets. Exits 0 even on a MISS.
#   usage: benches/civil_violence_speed.sh [--with-mesa-regime]
#     --with-mesa-regime  also measure Mesa's default regime (default: netlogo_like only)
#   env: QUICK=1 (few ticks, 1 repeat: checks the script, numbers are not meaningful),
#        REPEATS (default 3), CARGO_TARGET_DIR (default ~/.cache/diypol-target),
#        MESA_VENV (default ~/.cache/mesa-venv; created with mesa==3.3.1 if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/diypol-target}"
MESA_VENV="${MESA_VENV:-$HOME/.cache/mesa-venv}"
REPEATS="${REPEATS:-3}"
regimes="netlogo_like"
case "${1:-}" in
  "") ;;
  --with-mesa-regime) regimes="netlogo_like mesa_default" ;;
  *) echo "usage: $0 [--with-mesa-regime]" >&2; exit 2 ;;
esac
declare -A scenario=([netlogo_like]=scenarios/civil-violence-netlogo-like.yaml
                     [mesa_default]=scenarios/civil-violence-mesa.yaml)
# size, ticks sequential, ticks parallel, warm-up ticks (ours), Mesa ticks (0 = skip)
plan=("40 10000 20000 5 100" "200 400 1000 5 5" "1000 10 40 3 0")
if [ "${QUICK:-0}" = 1 ]; then plan=("40 500 1000 2 10" "200 20 50 1 1" "1000 2 4 1 0"); REPEATS=1; fi
started=$(date +%s)

echo "== building cv_speed" >&2
cargo build --release --locked --example cv_speed >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin="$tmp/cv_speed"   # a private copy: a concurrent cargo build may replace the original
cp "$CARGO_TARGET_DIR/release/examples/cv_speed" "$bin"
py="$MESA_VENV/bin/python"
if ! "$py" -c 'import mesa, networkx; assert mesa.__version__ == "3.3.1"' 2>/dev/null; then
  echo "== installing mesa==3.3.1 into $MESA_VENV" >&2
  [ -x "$py" ] || python3 -m venv "$MESA_VENV"
  "$MESA_VENV/bin/pip" install --quiet "mesa==3.3.1" networkx >&2
fi

check() { # LABEL VALUE THRESHOLD: one line of the targets list
  awk -v l="$1" -v v="$2" -v t="$3" 'BEGIN { printf "  %-50s %11.4g  (>= %g)  %s\n", l, v, t, (v >= t ? "PASS" : "MISS") }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4g", a / b }'; }
# best REGIME SIZE ACTIVATION THREADS TICKS WARMUP: fastest of $REPEATS cv_speed lines
best() {
  for _ in $(seq "$REPEATS"); do
    line=$("$bin" "${scenario[$1]}" --size "$2" --activation "$3" --threads "$4" --ticks "$5" --warmup "$6")
    echo "$line" >&2; echo "$line"
  done | sort -g -k7 | tail -1
}

declare -A rate agents
load_start=$(cut -d' ' -f1 /proc/loadavg)
for regime in $regimes; do
  for p in "${plan[@]}"; do
    read -r size tseq tpar warm tmesa <<< "$p"
    echo "== $regime ${size}x$size" >&2
    if [ "$tmesa" -gt 0 ]; then
      line=$("$py" scripts/mesa_speed.py --regime "$regime" --size "$size" --ticks "$tmesa" --warmup 1 --seed 1)
      echo "$line" >&2
      read -r _ _ _ agents["$regime $size mesa"] _ _ rate["$regime $size mesa"] <<< "$line"
    fi
    for run in "seq sequential 1 $tseq" "par1 parallel 1 $tpar" "par2 parallel 2 $tpar"; do
      read -r key act threads ticks <<< "$run"
      read -r _ _ _ agents["$regime $size $key"] _ _ rate["$regime $size $key"] \
        <<< "$(best "$regime" "$size" "$act" "$threads" "$ticks" "$warm")"
    done
  done
done

echo "# Civil-violence speed: diypol vs Mesa (agent-steps/s; best of $REPEATS for ours)"
[ "${QUICK:-0}" = 1 ] && echo "# QUICK=1: short runs, numbers are only indicative"
echo "date:  $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "cpu:   $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores"
echo "rust:  $(rustc --version)"
echo "load:  1-min load average $load_start at start, $(cut -d' ' -f1 /proc/loadavg) at end (other work skews results)"
echo "mesa:  $("$py" -c 'import mesa, platform; print(f"Mesa {mesa.__version__}, Python {platform.python_version()}")')"
for regime in $regimes; do
  echo
  echo "## regime $regime (${scenario[$regime]})"
  printf "%-9s  %-24s %8s  %13s  %-22s  %s\n" size implementation agents agent-steps/s "x Mesa" "2t/1t"
  m200="${rate[$regime 200 mesa]}"
  for p in "${plan[@]}"; do
    read -r size _ <<< "$p"
    m="${rate[$regime $size mesa]:-}"
    if [ -n "$m" ]; then
      printf "%-9s  %-24s %8s  %13.3e  %-22s\n" "${size}x$size" Mesa "${agents[$regime $size mesa]}" "$m" 1
      vs=""
    else
      n="${agents[$regime $size seq]}"
      printf "%-9s  %-24s %8s  skipped: would take hours (~%.0f s/tick at Mesa's 200x200 rate, ~%.1f h per 100 ticks)\n" \
        "${size}x$size" Mesa "$n" "$(ratio "$n" "$m200")" "$(awk -v n="$n" -v r="$m200" 'BEGIN { print n * 100 / r / 3600 }')"
      m="$m200" vs=" (vs Mesa 200x200)"
    fi
    for run in "seq:ours sequential" "par1:ours parallel 1 thread" "par2:ours parallel 2 threads"; do
      key="${run%%:*}" r="${rate[$regime $size ${run%%:*}]}"
      scaling=""; [ "$key" = par2 ] && scaling="$(ratio "$r" "${rate[$regime $size par1]}")"
      printf "%-9s  %-24s %8s  %13.3e  %-22s  %s\n" "${size}x$size" "${run#*:}" "${agents[$regime $size $key]}" \
        "$r" "$(ratio "$r" "$m")$vs" "$scaling"
    done
  done
  echo
  echo "targets ($regime):"
  for size in 40 200; do
    check "sequential / Mesa, ${size}x$size" "$(ratio "${rate[$regime $size seq]}" "${rate[$regime $size mesa]}")" 300
  done
  for size in 200 1000; do
    check "parallel 2 threads agent-steps/s, ${size}x$size" "${rate[$regime $size par2]}" 5e7
  done
  check "parallel 2 threads / Mesa, 200x200" "$(ratio "${rate[$regime 200 par2]}" "$m200")" 2500
  check "parallel 2 threads / Mesa 200x200 rate, 1000x1000" "$(ratio "${rate[$regime 1000 par2]}" "$m200")" 2500
  for size in 200 1000; do
    check "parallel 2 threads / 1 thread, ${size}x$size" \
      "$(ratio "${rate[$regime $size par2]}" "${rate[$regime $size par1]}")" 1.7
  done
done
echo
echo "measured in $(( $(date +%s) - started )) s"
