#!/usr/bin/env bash
# Runs checked-in experiments end to end with the release runexp and publishes each one's
# results/<name>/ with a run-time.md beside the report: the wall time of `runexp run` and every
# stage's own seconds (from its cache manifest), so the README's run times come from this file.
#
#   scripts/run-study.sh experiments/studies/methods.yaml [more.yaml ...]
#
# Run times are only meaningful on a quiet machine: no fuzzing, benchmark or build beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
runexp=.build/release/runexp
[ -x "$runexp" ] || { echo "build first: swift build -c release" >&2; exit 1; }

for file in "$@"; do
    name=$(sed -n 's/^name: *//p' "$file" | head -1)
    echo "== $file ($name)"
    t0=$(date +%s)
    "$runexp" run "$file"
    t1=$(date +%s)
    "$runexp" report "$file"
    out="results/$name/run-time.md"
    {
        echo "# Run time of $file"
        echo
        echo "$(date -u +%Y-%m-%d), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), commit $(git rev-parse --short HEAD)."
        echo "\`runexp run\` took $(( (t1 - t0) / 60 )) min $(( (t1 - t0) % 60 )) s of wall time (stages already cached count zero)."
        echo
        echo "| Stage | Case | Key | Seconds |"
        echo "|---|---|---|---|"
        # Every distinct stage key of the plan, with the seconds its manifest records.
        "$runexp" plan "$file" | awk '/^  \[/{c=$0; sub(/^  /, "", c)} /^    [a-z]/{print $1 "\t" c "\t" $2} /^  report of/{print "report\t\t" $4}' \
            | sort -u -k3,3 | while IFS=$'\t' read -r stage case key; do
                m=$(ls -d cache/"${key:0:2}"/"$key"*/manifest.json 2>/dev/null | head -1 || true)
                s=$([ -n "$m" ] && grep -o '"seconds" *: *[0-9.e+-]*' "$m" | grep -o '[0-9.e+-]*$' || echo "?")
                printf '| %s | %s | %s | %.0f |\n' "$stage" "${case:0:120}" "$key" "${s:-0}"
            done
    } >"$out"
    echo "wrote $out"
done
