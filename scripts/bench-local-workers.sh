#!/usr/bin/env bash
# Wall time of a 4-combination trafo sweep (tiny SimCLR pretraining + linear evaluation on the
# synthetic data; one thread per stage) built with `runexp run --jobs 1` and `--jobs 2`, each in
# a fresh cache holding only the preprocessed data; the two alternate ROUNDS times so a busy
# machine's load drifts over both alike. Prints one line per run and the load average.
# Usage: scripts/bench-local-workers.sh [RECORDS [ROUNDS]]   (RUNEXP=path/to/runexp picks a build)
set -euo pipefail
RUNEXP=$(realpath "${RUNEXP:-.build/release/runexp}")
RECORDS=${1:-400}
ROUNDS=${2:-2}
DIR=$(mktemp -d /var/tmp/runexp-bench-XXXXXX)
trap 'rm -rf "$DIR"' EXIT
cd "$DIR"
"$RUNEXP" dataset synth --out data/synth --records "$RECORDS" >/dev/null
spec() {
  cat <<YAML
name: bench
seed: 0
method: simclr
data: {pretrain: [data/synth/unlabeled], downstream: data/synth/ptbxl, labels: superdiag}
model: {arch: xresnet1d18}
pretrain: {epochs: 2, batch_size: 32, precision: 32}
evaluation: {batch_size: 32, finetune: false, linear_eval: {epochs: 2}, bootstrap: 10}
runtime: {threads: $1}
sweep:
  grid: {pretrain.trafos: [[RRC, TO], [GN, ChR], [RRC, GN], [TO, ChR]]}
YAML
}
spec 1 >one-thread.yaml
# Preprocess once into a shared seed cache so every configuration times the training stages.
"$RUNEXP" run --stage preprocess one-thread.yaml 2>/dev/null
measure() {
  local name=$1 jobs=$2 file=$3
  local dir="cache-${name// /}"
  rm -rf "$dir"; cp -r cache "$dir"
  local t0 t1
  t0=$(date +%s.%N)
  /usr/bin/time -f "%U %S" -o cpu.txt "$RUNEXP" run --cache "$dir" --jobs "$jobs" "$file" 2>/dev/null
  t1=$(date +%s.%N)
  local built
  built=$(awk -F'\t' '$4=="completed"' "$dir/events.log" | wc -l)
  printf '%-16s %7.1f s wall %7.1f s CPU  %d stages built once each (%d completions), load %s\n' "$name" \
    "$(echo "$t1 - $t0" | bc)" "$(awk '{print $1 + $2}' cpu.txt)" \
    "$(awk -F'\t' '$4=="completed" {print $6}' "$dir/events.log" | sort -u | wc -l)" "$built" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}
echo "sweep of 4 trafo pairs (11 stages), $RECORDS records, $(nproc) cores"
for r in $(seq "$ROUNDS"); do
  measure "round$r --jobs 1" 1 one-thread.yaml
  measure "round$r --jobs 2" 2 one-thread.yaml
done
