#!/usr/bin/env bash
# Runs checked-in experiments end to end with the release runexp and publishes each one's
# results/<name>/ with a run-time.md beside the report: the wall time of `runexp run` and every
# stage's own seconds (from its cache manifest), so the README's run times come from this file.
#
#   scripts/run-study.sh experiments/studies/methods.yaml [more.yaml ...]
#   scripts/run-study.sh --times-only FILE...   # re-list the stage seconds, keep the wall time
#
# Run times are only meaningful on a quiet machine: no fuzzing, benchmark or build beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
runexp=.build/release/runexp
[ -x "$runexp" ] || { echo "build first: swift build -c release" >&2; exit 1; }
times_only=false
if [ "${1:-}" = --times-only ]; then times_only=true; shift; fi

# Every distinct stage of the plan of $1 as stage|case|key.
plan_stages() {
    "$runexp" plan "$1" | awk '/^  \[/{c=$0; sub(/^  /, "", c)} /^    [a-z]/{print $1 "|" c "|" $2} /^  report of/{print "report||" $4}' \
        | sort -t'|' -u -k3,3
}

manifest_of() { ls -d cache/"${1:0:2}"/"$1"*/manifest.json 2>/dev/null | head -1 || true; }

# The seconds of each stage read from stdin (plan_stages lines), from the cache manifests, as table rows.
stage_rows() {
    while IFS='|' read -r stage case key; do
        m=$(manifest_of "$key")
        s="?"
        if [ -n "$m" ]; then s=$(grep -o '"seconds" *: *[0-9.e+-]*' "$m" | grep -o '[0-9.e+-]*$' || echo "?"); fi
        [ "$s" = "?" ] || s=$(printf '%.0f' "$s")
        echo "| $stage | ${case:0:160} | $key | $s |"
    done
}

# The BLAS kernels named by the manifests of the stages read from stdin (bits are reproducible
# on the same kernels only), distinct, or "not recorded" for entries older than the field.
stage_kernels() {
    while IFS='|' read -r _ _ key; do
        m=$(manifest_of "$key")
        if [ -n "$m" ]; then
            k=$(grep -o '"blas" *: *"[^"]*"' "$m" | sed 's/.*: *"//; s/"$//' || true)
            echo "${k:-not recorded}"
        fi
    done | sort -u | paste -sd';' | sed 's/;/; /g'
}

for file in "$@"; do
    name=$(sed -n 's/^name: *//p' "$file" | head -1)
    out="results/$name/run-time.md"
    stages=$(plan_stages "$file")
    if $times_only; then
        wall=$(grep '^`runexp run` took' "$out")
        stamp=$(sed -n 3p "$out")
    else
        echo "== $file ($name)"
        t0=$(date +%s)
        "$runexp" run "$file"
        t1=$(date +%s)
        "$runexp" report "$file"
        wall="\`runexp run\` took $(( (t1 - t0) / 60 )) min $(( (t1 - t0) % 60 )) s of wall time (stages already cached count zero)."
        stamp="$(date -u +%Y-%m-%d), $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), commit $(git rev-parse --short HEAD); BLAS: $(stage_kernels <<<"$stages")."
    fi
    rows=$(stage_rows <<<"$stages")
    total=$(echo "$rows" | awk -F'|' '$5 ~ /[0-9]/ {s += $5} END {printf "%d min %d s", s / 60, s % 60}')
    {
        echo "# Run time of $file"
        echo
        echo "$stamp"
        echo "$wall"
        echo "Sum of the stage times below: $total."
        echo
        echo "| Stage | Case | Key | Seconds |"
        echo "|---|---|---|---|"
        echo "$rows"
    } >"$out.tmp"
    mv "$out.tmp" "$out"
    echo "wrote $out"
done
