#!/usr/bin/env bash
# Runs the hold model on FunnelSim's engine and on a plain C binary heap, side by side,
# for K = 10 ... 1,000,000 pending events, and prints events per second and their ratio.
# Each figure is the best of REPEATS runs, C and Swift alternating, so both see the same
# machine load. Rates are per second of processor time: on a machine shared with other
# builds the wall time mostly measures how long the others held the core.
#
#   Benchmarks/compare-engine.sh            # EVENTS=10000000 REPEATS=3 by default
#   EVENTS=20000000 REPEATS=5 Benchmarks/compare-engine.sh
#   DAYS=30 Benchmarks/compare-engine.sh    # whole days: delays of ceil(30 x Exp(1)) days,
#                                           # FunnelSim's whole-day event set against the heap
#   CLOCK=wall Benchmarks/compare-engine.sh # events per second of wall time instead
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
events="${EVENTS:-10000000}"
repeats="${REPEATS:-3}"
days="${DAYS:-}"
sizes="${SIZES:-10 100 1000 10000 100000 1000000}"
clock="${CLOCK:-cpu}"
case "$clock" in
  cpu) c_field=4; swift_field=eventsPerCPUSecond; per="CPU second" ;;
  wall) c_field=1; swift_field=eventsPerSecond; per="second of wall time" ;;
  *) echo "CLOCK must be cpu or wall, not '$clock'" >&2; exit 2 ;;
esac
scratch="${SCRATCH:-$root/.build-release}"
out="$scratch/baseline"
mkdir -p "$out"

cc="${CC:-cc}"
"$cc" -O2 -o "$out/hold_heap" "$root/Benchmarks/baseline/hold_heap.c" -lm
(cd "$root" && swift build -c release --scratch-path "$scratch" --product funnelsim >/dev/null)
swift_bin="$scratch/release/funnelsim"

best_c() {
  local best=0 v
  for _ in $(seq "$repeats"); do
    v=$("$out/hold_heap" "$events" "$1" $days | awk -v f="$c_field" '{print $f}')
    best=$(awk -v a="$best" -v b="$v" 'BEGIN{print (b>a)?b:a}')
  done
  echo "$best"
}
best_swift() {
  local best=0 v
  for _ in $(seq "$repeats"); do
    v=$("$swift_bin" bench engine --events "$events" --pending "$1" ${days:+--whole-days "$days"} --format json \
      | awk -F': ' -v key="\"$swift_field\"" '$1 ~ key {gsub(/,/,"",$2); print $2}')
    best=$(awk -v a="$best" -v b="$v" 'BEGIN{print (b>a)?b:a}')
  done
  echo "$best"
}

echo "hold model${days:+ on whole days (mean delay $days days)}, $events events per run, best of $repeats; events per $per (millions)"
printf "%10s  %10s  %10s  %7s\n" "K" "C heap" "FunnelSim" "ratio"
for k in $sizes; do
  c=$(best_c "$k")
  s=$(best_swift "$k")
  awk -v k="$k" -v c="$c" -v s="$s" \
    'BEGIN{printf "%10d  %10.2f  %10.2f  %7.2f\n", k, c/1e6, s/1e6, s/c}'
done
