#!/usr/bin/env bash
# What two cores give on this machine, against what two threads give: per round, one process
# alone on one thread, two such processes at once, and one process on two threads, each running
# the same replications of b2b-consulting. The two processes share nothing in software, so their
# slow-down beside each other is the machine's (shared core, clock, cache or memory); the
# two-thread speed-up can only be compared with theirs.
# Usage: Benchmarks/two-cores.sh [rounds] [replications]   (defaults 4, 1000)
# FUNNELSIM=path/to/funnelsim measures that binary instead of building this checkout's, so that
# two builds can be measured in turns, one round of each after the other.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-4}
reps=${2:-1000}
if [ -n "${FUNNELSIM:-}" ]; then
  bin=$FUNNELSIM
else
  swift build -c release --product funnelsim >/dev/null
  bin="$(swift build -c release --show-bin-path)/funnelsim"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {  # run THREADS TIMEFILE
  /usr/bin/time -f '%e %U' -o "$2" "$bin" run scenarios/b2b-consulting.yaml \
    --replications "$reps" --threads "$1" --quiet --format json >/dev/null
}
printf '%5s %7s %9s %9s %9s %9s %9s %10s %11s\n' round "load" "alone s" "alone cpu" "pair s" \
  "pair cpu" "2thr s" "2thr cpu" "pair x / 2thr x"
for round in $(seq "$rounds"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  run 1 "$tmp/alone"
  run 1 "$tmp/a" & run 1 "$tmp/b"; wait
  run 2 "$tmp/two"
  read -r aw au <"$tmp/alone"; read -r pw1 pu1 <"$tmp/a"; read -r pw2 pu2 <"$tmp/b"
  read -r tw tu <"$tmp/two"
  awk -v r="$round" -v l="$load" -v aw="$aw" -v au="$au" -v p1="$pw1" -v p2="$pw2" \
    -v u1="$pu1" -v u2="$pu2" -v tw="$tw" -v tu="$tu" 'BEGIN {
      pw = (p1 > p2 ? p1 : p2)
      # Speed-ups: two replications-worth of work in the pair'"'"'s longer wall time, and one
      # run'"'"'s work on two threads, both against the run alone.
      printf "%5d %7s %9.2f %9.2f %9.2f %9.2f %9.2f %10.2f %5.2fx / %.2fx\n",
        r, l, aw, au, pw, (u1 + u2) / 2, tw, tu, 2 * aw / pw, aw / tw
    }'
done
