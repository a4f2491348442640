#!/usr/bin/env bash
# Measures the bundled scenarios in a release build: replications/s and events/s on one and
# two threads (the output of both is also compared byte for byte), and peak memory.
# Usage: Benchmarks/scenarios.sh [replications]   (default 1000)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-1000}
swift build -c release --product funnelsim >/dev/null
bin="$(swift build -c release --show-bin-path)/funnelsim"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-22s %7s %9s %10s %10s %9s %8s %9s\n' scenario threads seconds "repl/s" "events/s" "events/rep" speedup "peak MB"
for file in scenarios/*.yaml; do
  name=$(basename "$file" .yaml)
  one=""
  for threads in 1 2; do
    /usr/bin/time -f '%M' -o "$tmp/mem" "$bin" run "$file" --replications "$reps" \
      --threads "$threads" --format json --output "$tmp/$name-$threads.json" 2>"$tmp/err" || {
      cat "$tmp/err" >&2
      exit 1
    }
    line=$(grep 'replications,' "$tmp/err")
    # "<n> replications, <events> events in <s> s on ..."
    events=$(echo "$line" | awk '{print $3}')
    secs=$(echo "$line" | awk '{print $6}')
    mem=$(awk '{printf "%.0f", $1/1024}' "$tmp/mem")
    [ -z "$one" ] && one=$secs
    awk -v n="$name" -v t="$threads" -v s="$secs" -v r="$reps" -v e="$events" -v o="$one" -v m="$mem" \
      'BEGIN { printf "%-22s %7d %9.2f %10.0f %10.0f %9.0f %8.2f %9s\n", n, t, s, r/s, e/s, e/r, o/s, m }'
  done
  cmp -s "$tmp/$name-1.json" "$tmp/$name-2.json" || { echo "$name: 1 and 2 threads differ" >&2; exit 1; }
done
