#!/usr/bin/env bash
# Runs the XCTest suite (or the classes matching $1) one test class per process, two at a time, and closes with
# 'N passed, N failed, N skipped'. SwiftPM's own parallel runner neither prints nor records
# skips (its xunit report counts a skipped test as passed), so the counts come from XCTest's own
# per-process summary lines instead.
set -uo pipefail
cd "$(dirname "$0")/.."
jobs=${TEST_JOBS:-2}
bundle=$(ls -d .build/debug/*PackageTests.xctest | head -1)
logs=.build/test-logs
rm -rf "$logs" && mkdir -p "$logs"

# An optional argument keeps only the classes matching that extended regex (e.g. 'PipelineTests').
classes=$("$bundle" --list-tests 2>/dev/null | sed -n 's/^\([A-Za-z0-9_]*\.[A-Za-z0-9_]*\)\/.*/\1/p' | sort -u | grep -E "${1:-.}")
if [ -z "$classes" ]; then echo "error: no tests listed by $bundle" >&2; exit 1; fi

printf '%s\n' $classes | xargs -P "$jobs" -I{} sh -c '"$0" "$1" > "$2/$1.log" 2>&1; echo $? > "$2/$1.rc"' "$bundle" {} "$logs"

passed=0 failed=0 skipped=0
for c in $classes; do
  log="$logs/$c.log"
  # The last summary line of a process is its 'Selected tests' total.
  line=$(grep -E "Executed [0-9]+ tests?, with" "$log" | tail -1)
  n=$(sed -nE 's/.*Executed ([0-9]+) tests?.*/\1/p' <<<"$line")
  s=$(sed -nE 's/.* ([0-9]+) tests? skipped.*/\1/p' <<<"$line")
  f=$(sed -nE 's/.* ([0-9]+) failures?.*/\1/p' <<<"$line")
  rc=$(cat "$logs/$c.rc")
  if [ -z "$n" ]; then
    # The process died before its summary (a crash): every test of the class counts as failed.
    n=$("$bundle" --list-tests 2>/dev/null | grep -c "^$c/")
    f=$n s=0
    echo "CRASHED $c (exit $rc):"; tail -20 "$log"
  fi
  s=${s:-0} f=${f:-0}
  # A failing test is counted once however many assertions it broke.
  if [ -n "$line" ] && [ "$f" -gt 0 ]; then f=$(grep -cE "^Test Case '.*' failed" "$log"); fi
  if [ "$f" -gt 0 ]; then echo "FAILED in $c:"; grep -E "error: |^Test Case '.*' failed" "$log" | head -40; fi
  grep -E "^Test Case '.*' skipped" "$log" | sed 's/^/SKIPPED /'
  grep -E ": (error|warning)?.*Skipped|XCTSkip|skipped:" "$log" | grep -v "^Test Case" | head -5 | sed 's/^/  /'
  passed=$((passed + n - s - f)) failed=$((failed + f)) skipped=$((skipped + s))
done
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
