#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser entry point (issue #17); not part of `make test`.
#
#   scripts/fuzz.sh [seconds-per-target] [target...]     (default: 300 s, every target)
#
# Builds one libFuzzer + ASan binary (.build-fuzz) whose target comes from $FUZZ_TARGET, then
# runs the targets one after another, each in one in-process libFuzzer (no -jobs: a forked job
# logs to ./fuzz-N.log, which two campaigns side by side would share). New coverage goes to a git-ignored working corpus (.build-fuzz/corpus/<target>) so
# the committed seeds in Fuzz/corpus stay small; findings land in Fuzz/crashes/<target>/.
# Debug configuration on purpose: release builds of the numeric modules use -Ounchecked, which
# removes exactly the overflow and bounds traps the fuzzer is looking for.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-300}
shift || true
scratch=.build-fuzz

mkdir -p "$scratch/logs"
echo "building the fuzz driver (log: $scratch/logs/build.log)"
nice -n 10 swift build --scratch-path "$scratch" --product fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -D -Xswiftc FUZZING -Xswiftc -O >"$scratch/logs/build.log" 2>&1 \
    || { tail -30 "$scratch/logs/build.log" >&2; exit 1; }
# Run a copy, so rebuilding while a campaign runs cannot swap the binary under it.
binary="$scratch/fuzz-run-$$"
cp "$scratch/debug/fuzz" "$binary"
trap 'rm -f "$binary"' EXIT
# HDF5 files are read through by hdf5-probe in a child process first (HDF5Probe), looked up beside
# the running binary: a plain build of it (a sanitizer build would get libFuzzer's main).
nice -n 10 swift build --product hdf5-probe >"$scratch/logs/build-probe.log" 2>&1 \
    || { tail -30 "$scratch/logs/build-probe.log" >&2; exit 1; }
cp .build/debug/hdf5-probe "$scratch/hdf5-probe"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(ls Fuzz/corpus)
fi

# The libFuzzer status line ("#N  pulse  cov: C ft: F corp: K/S exec/s: E ...") first and last seen.
summarise() {
    grep -E '^#[0-9]+' "$1" | grep -E 'cov:' | sed -n "$2" || true
}

for target in "${targets[@]}"; do
    [ -d "Fuzz/corpus/$target" ] || { echo "no seed corpus Fuzz/corpus/$target" >&2; exit 2; }
    work="$scratch/corpus/$target"
    crashes="Fuzz/crashes/$target"
    mkdir -p "$work" "$crashes"
    dict=()
    [ -f "Fuzz/dict/$target.dict" ] && dict=("-dict=Fuzz/dict/$target.dict")
    log="$scratch/logs/$target.log"
    mkdir -p "$(dirname "$log")"
    echo "== $target: ${seconds}s"
    status=0
    asan=detect_leaks=0
    # libhdf5 is not instrumented: a forged metadata size makes it ask for ~10^18 bytes, which
    # ASan refuses with a report, while the plain malloc the product runs with returns NULL and
    # libhdf5 turns that into an error the reader throws (crashes/ribeiro/libhdf5-huge-metadata-
    # allocation). Let ASan's malloc return NULL too, so the campaign goes on past libhdf5's own
    # allocation; blow-ups in Swift code are still caught by -rss_limit_mb and -malloc_limit_mb.
    [ "$target" = ribeiro ] && asan="$asan:allocator_may_return_null=1"
    # SWIFT_BACKTRACE off: on a trap, the Swift backtracer reads memory that ASan then reports instead.
    FUZZ_TARGET="$target" ASAN_OPTIONS="$asan" SWIFT_BACKTRACE=enable=no nice -n 10 "$binary" "$work" "Fuzz/corpus/$target" \
        "${dict[@]}" -max_len=65536 -timeout=1 -rss_limit_mb=2048 -max_total_time="$seconds" \
        -print_final_stats=1 -artifact_prefix="$crashes/" >"$log" 2>&1 || status=$?
    echo "   start: $(summarise "$log" '/INITED/p')"
    echo "   end:   $(summarise "$log" '$p')"
    grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec' "$log" | sed 's/^/   /' || true
    if [ "$status" -ne 0 ]; then
        echo "   FINDING (exit $status): $(grep -E 'ERROR: libFuzzer|ERROR: AddressSanitizer|Fatal error|Test unit written' "$log" | head -3 | tr '\n' ' ')"
    fi
done
