#!/usr/bin/env bash
# Regenerates the committed seed corpus Fuzz/corpus/<target>/ (run from the package root after
# a debug build; needs the test venv, `make venv`, for torch/h5py/numpy).
# The PTB-XL, WFDB and store seeds come from the project's own writers (`runexp dataset synth`
# and `ingest`), trimmed small; the others are hand-made fixtures written by seeds.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
.build/debug/runexp dataset synth --out "$tmp/synth" --records 12 --unlabeled 3 --seed 1 >/dev/null
.build/debug/runexp dataset ingest --format ptbxl "$tmp/synth/ptbxl" --out "$tmp/store" >/dev/null
"${PYTHON:-.venv/bin/python}" Fuzz/seeds/seeds.py "$tmp/synth" "$tmp/store" Fuzz/corpus
