#!/usr/bin/env bash
# End-to-end test of distributed runs on a real (one-machine) Slurm cluster: submits a 4-shard
# job array of a bundled scenario plus its dependent merge job, preempts one shard mid-run with
# SIGTERM (as a time limit or a preemption does), checks it saved an interrupted part,
# re-submits that task, which resumes the part, waits for the merge, and checks the merged
# report equals a single-process run byte for byte. Needs root; starts and stops the cluster
# itself. Usage: scripts/slurm-e2e.sh [path/to/funnelsim]
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
# Enough work per shard (several seconds with the release binary CI passes) to be stopped
# halfway: a shard of 3,000 replications of b2b-consulting.
replications=${REPLICATIONS:-12000}
shards=4
killed=1

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
array=$(cat "$work/run/shards.job")

# Preempt task $killed once it has been running for a moment.
state=""
for _ in $(seq 1 240); do
  state=$(squeue -h -j "${array}_${killed}" -o %T 2>/dev/null || true)
  [ "$state" = RUNNING ] && break
  sleep 0.25
done
[ "$state" = RUNNING ] || { echo "slurm-e2e: task $killed never ran (state '$state')" >&2; exit 1; }
sleep 1.5
# (scancel reports a non-zero status for a signal to the batch step even when it is delivered)
scancel --batch --signal=TERM "${array}_${killed}" || true
for _ in $(seq 1 240); do
  [ -z "$(squeue -h -j "${array}_${killed}" 2>/dev/null || true)" ] && break
  sleep 0.25
done
part="$work/run/parts/part-$killed.json"
if ! grep -q '"interrupted":true' "$part" 2>/dev/null; then
  echo "slurm-e2e: task $killed did not save an interrupted part on SIGTERM" >&2
  tail -n 20 "$work/run/logs/shard-$killed.log" >&2 || true
  exit 1
fi
echo "slurm-e2e: task $killed, stopped by SIGTERM, saved an interrupted part"

# Re-submit only that task: it resumes its part; a new merge job replaces the stuck one.
"$work/run/submit.sh" "$killed"

# Wait for the merge job to write its result (it depends on every shard succeeding).
for _ in $(seq 1 480); do
  [ -s "$work/run/result.json" ] && [ -z "$(squeue -h 2>/dev/null)" ] && break
  sleep 0.5
done
if [ ! -s "$work/run/result.json" ]; then
  echo "slurm-e2e: no merged result after 240 s" >&2
  squeue >&2 || true
  tail -n 20 "$work"/run/logs/*.log >&2 || true
  exit 1
fi
if grep -q '"interrupted":true' "$part"; then
  echo "slurm-e2e: the re-submitted task did not finish its part" >&2
  exit 1
fi

parts=$(ls "$work"/run/parts/part-*.json | wc -l)
[ "$parts" -eq "$shards" ] || { echo "slurm-e2e: expected $shards parts, found $parts" >&2; exit 1; }

"$funnelsim" run "$scenario" --replications "$replications" --format json --quiet \
  >"$work/single.json"
if cmp -s "$work/single.json" "$work/run/result.json"; then
  echo "slurm-e2e: $shards shards on Slurm, one preempted and resumed, merged into the single-process report byte for byte"
else
  echo "slurm-e2e: merged report differs from the single-process run" >&2
  diff "$work/single.json" "$work/run/result.json" | head -n 20 >&2 || true
  exit 1
fi
