#!/usr/bin/env bash
# Wall time of a 4-combination trafo sweep (tiny SimCLR pretraining + linear evaluation on the
# synthetic data) built with `runexp run --jobs 1` and `--jobs 2`, each in a fresh cache, plus
# `--jobs 1` with all cores per stage for comparison. Prints one line per configuration.
# Usage: scripts/bench-local-workers.sh [RECORDS]   (RUNEXP=path/to/runexp to pick a build)
set -euo pipefail
RUNEXP=$(realpath "${RUNEXP:-.build/release/runexp}")
RECORDS=${1:-400}
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
spec 0 >all-cores.yaml
# Preprocess once into a shared seed cache so every configuration times the training stages.
"$RUNEXP" run --stage preprocess one-thread.yaml 2>/dev/null
measure() {
  local name=$1 jobs=$2 file=$3
  rm -rf "cache-$name"; cp -r cache "cache-$name"
  local t0 t1
  t0=$(date +%s.%N)
  "$RUNEXP" run --cache "cache-$name" --jobs "$jobs" "$file" 2>/dev/null
  t1=$(date +%s.%N)
  local built
  built=$(awk -F'\t' '$4=="completed"' "cache-$name/events.log" | wc -l)
  printf '%-28s %7.1f s  (%d stage completions incl. 2 preprocess, %d distinct keys)\n' "$name" "$(echo "$t1 - $t0" | bc)" \
    "$built" "$(awk -F'\t' '$4=="completed" {print $6}' "cache-$name/events.log" | sort -u | wc -l)"
}
echo "sweep of 4 trafo pairs, $RECORDS records, $(nproc) cores"
measure "jobs1-threads1" 1 one-thread.yaml
measure "jobs2-threads1" 2 one-thread.yaml
measure "jobs1-allcores" 1 all-cores.yaml
