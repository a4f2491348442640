#!/usr/bin/env bash
# How the sales model's cost grows with the team and the horizon: b2b-consulting with
# headcount and inbound leads scaled together (the levels keep the file's 3:2:2:1 mix, 5
# inbound leads per manager and month), one thread, release build.
#
#   Benchmarks/scaling.sh                                # 10 ... 1,000,000 managers; 12 ... 240 months
#   Benchmarks/scaling.sh --max-managers 10000 --max-months 60   # a few minutes
#   BIN=path/to/funnelsim Benchmarks/scaling.sh --max-managers 0  # a release binary, horizons only
#
# Table 1: 12 months, 10 -> MAX_MANAGERS managers. Table 2: 1,000 managers, 12 -> MAX_MONTHS
# months. Small teams run several replications (about 10,000 manager-years in all) so that
# the time is measurable. CPU is user + system time of the timed runs (`bench model`); peak
# memory is the whole process's (`/usr/bin/time -f %M`). Events are counted two ways: the
# kernel's, and the model's (the kernel's plus the arrivals of leads and service requests,
# which the model handles without the kernel's queue); CPU per event is given on both.
# `--max-managers 0` or `--max-months 0` leaves a table out.
set -euo pipefail

max_managers=1000000
max_months=240
while [ $# -gt 0 ]; do
  case "$1" in
    --max-managers) max_managers="$2"; shift 2 ;;
    --max-months) max_months="$2"; shift 2 ;;
    *) echo "usage: $0 [--max-managers N] [--max-months M]" >&2; exit 2 ;;
  esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
if [ -n "${BIN:-}" ]; then
  bin="$BIN"  # a release binary built already (e.g. to compare two builds)
else
  scratch="${SCRATCH:-$root/.build-release}"
  (cd "$root" && swift build -c release --scratch-path "$scratch" --product funnelsim >/dev/null)
  bin="$scratch/release/funnelsim"
fi
scenario="$root/scenarios/b2b-consulting.yaml"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure MANAGERS MONTHS REPLICATIONS: prints one table row.
measure() {
  local n=$1 months=$2 reps=$3
  # The file's mix: junior 3, middle 2, senior 2, lead 1 of 8 (plans alike).
  local junior=$(( (n * 3 + 4) / 8 )) middle=$(( (n * 2 + 4) / 8 )) senior=$(( (n * 2 + 4) / 8 ))
  local lead=$(( n - junior - middle - senior ))
  [ "$lead" -ge 1 ] || { lead=1; junior=$(( n - middle - senior - 1 )); }
  local sets=(
    --set "horizon_months=$months" --set "leads.inbound.per_month=$(( 5 * n ))"
    --set "levels.junior.headcount=$junior" --set "levels.junior.headcount_plan=$junior"
    --set "levels.middle.headcount=$middle" --set "levels.middle.headcount_plan=$middle"
    --set "levels.senior.headcount=$senior" --set "levels.senior.headcount_plan=$senior"
    --set "levels.lead.headcount=$lead" --set "levels.lead.headcount_plan=$lead"
  )
  /usr/bin/time -f '%M' -o "$tmp/mem" "$bin" bench model "$scenario" "${sets[@]}" --allow-large \
    --replications "$reps" --format json >"$tmp/out.json" 2>"$tmp/err" || {
    cat "$tmp/err" >&2
    exit 1
  }
  # The first measurement is the one-thread one.
  first() { awk -F': ' -v k="\"$1\"" '$1 ~ k { gsub(/,/, "", $2); print $2; exit }' "$tmp/out.json"; }
  awk -v n="$n" -v m="$months" -v r="$reps" -v k="$(first kernelEvents)" -v a="$(first arrivals)" \
    -v c="$(first cpuSeconds)" -v my="$(first cpuMillisecondsPerManagerYear)" \
    -v ev="$(first cpuMicrosecondsPerModelEvent)" -v kev="$(first cpuMicrosecondsPerKernelEvent)" \
    -v mem="$(cat "$tmp/mem")" \
    'BEGIN { printf "%10d %7d %6d %14.0f %14.0f %10.2f %12.4f %10.3f %10.3f %10.0f\n", n, m, r, k / r, a / r, c, my, ev, kev, mem / 1024 }'
}

header() {
  printf '%10s %7s %6s %14s %14s %10s %12s %10s %10s %10s\n' managers months reps \
    "kernel ev/rep" "arrivals/rep" "CPU s" "ms/mgr-year" "µs/event" "µs/kernel" "peak MB"
}

echo "Table 1: 12 months, managers and leads scaled together (one thread)"
header
for n in 10 100 1000 3000 10000 30000 100000 300000 1000000; do
  [ "$n" -le "$max_managers" ] || break
  reps=$(( 10000 / n )); [ "$reps" -ge 1 ] || reps=1
  measure "$n" 12 "$reps"
done
echo
echo "Table 2: 1,000 managers, longer horizons (one thread)"
header
for months in 12 60 120 240; do
  [ "$months" -le "$max_months" ] || break
  reps=$(( 120 / months )); [ "$reps" -ge 1 ] || reps=1
  measure 1000 "$months" "$reps"
done
