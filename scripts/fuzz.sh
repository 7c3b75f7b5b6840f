#!/usr/bin/env bash
# Build the libFuzzer targets of tests/fuzz/ with clang (build/fuzz, FK_FUZZ=ON: ASan+UBSan) and run
# each for a bounded time on a copy of its seed corpus; see docs/security.md#fuzzing.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     default 30 s, every target
# First replays tests/fuzz/regressions/<target>/ (inputs that once crashed). Prints the executions
# per target (libFuzzer's stat::number_of_executed_units) and exits 1 on any crash, leak, timeout
# or out-of-memory, keeping the input under build/fuzz/crashes/<target>/.
# FK_FUZZ_JOBS sets the build's parallel jobs (default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${1:-30}
[[ $SECONDS_PER_TARGET =~ ^[1-9][0-9]*$ ]] || {
  echo "fuzz.sh: error: SECONDS_PER_TARGET must be a positive integer, not '$SECONDS_PER_TARGET'" >&2
  exit 2
}
shift || true
BUILD=build/fuzz
JOBS=${FK_FUZZ_JOBS:-$(nproc)}

# Every target with the longest input it gets (archives need room for headers and members).
declare -A MAX_LEN=(
  [fuzz_csv_scanner]=16384 [fuzz_archive_extract]=65536 [fuzz_download_manifest]=8192
  [fuzz_download_state]=4096 [fuzz_kaggle_api]=8192 [fuzz_datasets_config]=4096
  [fuzz_credentials]=1024 [fuzz_http_headers]=256
)
if (($# > 0)); then TARGETS=("$@"); else mapfile -t TARGETS < <(printf '%s\n' "${!MAX_LEN[@]}" | sort); fi
for target in "${TARGETS[@]}"; do
  [[ -n ${MAX_LEN[$target]:-} ]] || { echo "fuzz.sh: error: unknown target '$target' (see tests/fuzz/CMakeLists.txt)" >&2; exit 2; }
done

command -v clang++ >/dev/null || { echo "fuzz.sh: error: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
mkdir -p "$BUILD"
echo "=== configure $BUILD (clang, FK_FUZZ=ON)"
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DFK_FUZZ=ON -DFK_WERROR=ON -DFK_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$BUILD.configure.log" 2>&1 || { cat "$BUILD.configure.log"; exit 1; }
echo "=== build $BUILD (-j$JOBS)"
build_start=$(date +%s)
cmake --build "$BUILD" -j"$JOBS" --target "${TARGETS[@]}"
echo "build: $(($(date +%s) - build_start)) s"

# Targets that read files get a scratch folder on tmpfs when there is one: fsync on disk is slow.
scratch_parent=/dev/shm
[[ -d $scratch_parent && -w $scratch_parent ]] || scratch_parent=$PWD/$BUILD
TMPDIR=$(mktemp -d "$scratch_parent/fk_fuzz_run.XXXXXX")
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
export ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

failed=()
summary=()
for target in "${TARGETS[@]}"; do
  bin=$BUILD/tests/fuzz/$target
  crashes=$BUILD/crashes/$target
  rm -rf "$crashes"
  mkdir -p "$crashes" "$BUILD/logs"
  regressions=(tests/fuzz/regressions/"$target"/*)
  if [[ -e ${regressions[0]} ]]; then
    echo "=== $target: replay ${#regressions[@]} regression input(s)"
    if ! "$bin" -timeout=10 -rss_limit_mb=2048 "${regressions[@]}" >"$BUILD/logs/$target.regressions.log" 2>&1; then
      grep -E '^Running:|what\(\)|runtime error|^==[0-9]+==ERROR|^SUMMARY| in fk::' "$BUILD/logs/$target.regressions.log" | head -n 12 || true
      echo "log: $BUILD/logs/$target.regressions.log"
      failed+=("$target (regression)")
    fi
  fi
  work=$BUILD/corpus/$target
  rm -rf "$work"
  mkdir -p "$work"
  cp tests/fuzz/corpus/"$target"/* "$work"/
  echo "=== $target: ${SECONDS_PER_TARGET} s"
  log=$BUILD/logs/$target.log
  status=0
  "$bin" -max_total_time="$SECONDS_PER_TARGET" -max_len="${MAX_LEN[$target]}" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" "$work" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 || true)
  verdict=ok
  if ((status != 0)) || compgen -G "$crashes/*" >/dev/null; then
    verdict="FAILED (exit $status)"
    grep -E '^==[0-9]+==ERROR|SUMMARY|runtime error|deadly signal|Test unit written' "$log" | head -n 10 || true
    echo "log: $log"
    failed+=("$target")
  fi
  summary+=("$(printf '%-24s %12s executions  %-10s %s' "$target" "${execs:-?}" "${coverage:-}" "$verdict")")
done

echo "=== executions per target (${SECONDS_PER_TARGET} s each)"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]} > 0)); then
  echo "fuzz.sh: FAILED: ${failed[*]} (inputs under $BUILD/crashes/, logs under $BUILD/logs/)" >&2
  exit 1
fi
echo "fuzz.sh: no crash"
