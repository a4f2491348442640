#!/usr/bin/env bash
# End-to-end test of distributed runs on a real (one-machine) Slurm cluster: submits a 4-shard
# job array of a bundled scenario plus its dependent merge job, waits for them, and checks the
# merged report equals a single-process run byte for byte. Needs root; starts and stops the
# cluster itself. Usage: scripts/slurm-e2e.sh [path/to/funnelsim]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

funnelsim=${1:-}
if [ -z "$funnelsim" ]; then
  swift build --product funnelsim >/dev/null
  funnelsim="$(swift build --show-bin-path)/funnelsim"
fi
funnelsim=$(readlink -f "$funnelsim")
scenario="$root/scenarios/b2b-consulting.yaml"
replications=40
shards=4

work=$(mktemp -d)
chmod 755 "$work"
cleanup() {
  scripts/slurm-cluster.sh stop || true
  rm -rf "$work"
}
trap cleanup EXIT

scripts/slurm-cluster.sh start

"$funnelsim" slurm "$scenario" --shards "$shards" --replications "$replications" \
  --directory "$work/run" --submit

# Wait for the merge job to write its result (it depends on every shard succeeding).
for _ in $(seq 1 240); do
  [ -s "$work/run/result.json" ] && [ -z "$(squeue -h 2>/dev/null)" ] && break
  sleep 0.5
done
if [ ! -s "$work/run/result.json" ]; then
  echo "slurm-e2e: no merged result after 120 s" >&2
  squeue >&2 || true
  tail -n 20 "$work"/run/logs/*.log >&2 || true
  exit 1
fi

parts=$(ls "$work"/run/parts/part-*.json | wc -l)
[ "$parts" -eq "$shards" ] || { echo "slurm-e2e: expected $shards parts, found $parts" >&2; exit 1; }

"$funnelsim" run "$scenario" --replications "$replications" --format json --quiet \
  >"$work/single.json"
if cmp -s "$work/single.json" "$work/run/result.json"; then
  echo "slurm-e2e: $shards shards on Slurm merged into the single-process report byte for byte"
else
  echo "slurm-e2e: merged report differs from the single-process run" >&2
  diff "$work/single.json" "$work/run/result.json" | head -n 20 >&2 || true
  exit 1
fi
