#!/usr/bin/env bash
# Run the whole test suite from scratch: install dependencies, build with warnings as errors and
# run every test, then build again with AddressSanitizer + UndefinedBehaviorSanitizer and run
# every test again, then the concurrent parts under ThreadSanitizer (run_tsan), then run each
# libFuzzer target for a minute (FK_FUZZ_SECONDS). This is what CI runs (.ci/run).
#   scripts/test.sh            everything: the release build, ship tests, quickstart, benchmarks (smoke),
#                              the ASan+UBSan build, the TSan stage and the fuzzers
#   scripts/test.sh --fast     the normal build only, without the image tests (for quick local iterations)
set -euo pipefail
cd "$(dirname "$0")/.."

FAST=0
[[ ${1:-} == --fast ]] && FAST=1
JOBS=$(nproc)
# Tests talk to servers on loopback only: never through a proxy from the environment.
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

scripts/install-deps.sh

run_suite() {
  local dir=$1
  shift
  echo "=== configure $dir ($*)"
  rm -rf "$dir"
  cmake -S . -B "$dir" -G Ninja -DFK_WERROR=ON "$@" >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; return 1; }
  echo "=== build $dir"
  cmake --build "$dir" -j"$JOBS"
  echo "=== test $dir"
  ctest --test-dir "$dir" --output-on-failure -j"$JOBS" --timeout 900
}

# ThreadSanitizer over the concurrent parts only: the tests labelled `tsan` in tests/*/CMakeLists.txt
# (ByteChannel, ParallelGzip, the download's network -> channel -> extraction pass, archives, the HTTP
# client; docs/testing.md#sanitizers). TSan cannot share a build with ASan. Any race fails the stage:
# halt_on_error makes the racy process exit 66, and every report, also one from a background
# fake-kaggle or from a run whose non-zero exit a test expects, is written to $dir/tsan-reports.
run_tsan() {
  local dir=build/tsan status=0
  local reports="$PWD/$dir/tsan-reports"
  local launcher=()
  # GCC 12's TSan runtime knows address layouts with up to 28 random mmap bits; kernels set to more
  # make it die with "unexpected memory mapping": run the tests without ASLR there (setarch -R).
  if (($(cat /proc/sys/vm/mmap_rnd_bits 2>/dev/null || echo 28) > 28)); then launcher=(setarch "$(uname -m)" -R); fi
  echo "=== configure $dir (-fsanitize=thread)"
  rm -rf "$dir"
  # -O1 -g1 (line tables, inlined frames) compiles in about 2/3 of the time of -O2 -g; reports keep file:line.
  cmake -S . -B "$dir" -G Ninja -DFK_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFK_SANITIZE=thread \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; return 1; }
  echo "=== build $dir (what the tests labelled tsan run)"
  cmake --build "$dir" -j"$JOBS" --target fetch-kaggle fake-kaggle test_util test_util_threads test_archive test_archive_threads test_retention test_net test_download_fetch test_process
  echo "=== test $dir"
  mkdir -p "$reports"
  TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:log_path=$reports/race" \
    "${launcher[@]}" ctest --test-dir "$dir" -L tsan --output-on-failure -j"$JOBS" --timeout 900 || status=$?
  if compgen -G "$reports/race.*" >/dev/null; then
    cat "$reports"/race.* >&2
    echo "=== ThreadSanitizer reported the problems above" >&2
    return 1
  fi
  return "$status"
}

mkdir -p build
run_suite build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo
if ((FAST == 0)); then
  # Once, not in ctest (which runs twice): the container image, Compose and the Kubernetes manifests (tests/ship/).
  for ship_test in tests/ship/test_manifests.sh tests/ship/test_image.sh tests/ship/test_cronjobs.sh tests/ship/test_compose.sh; do
    echo "=== $ship_test"
    FK=build/release/src/fetch-kaggle bash "$ship_test"
  done
  # The README's first command, as a newcomer runs it: it must download, process, archive and show
  # the status of the bundled sample (its build reuses build/release).
  echo "=== scripts/quickstart.sh"
  quick_root=$(mktemp -d)
  KAGGLE_DATA_ROOT="$quick_root/kaggle" scripts/quickstart.sh
  compgen -G "$quick_root/kaggle/archive/*.tar.gz" >/dev/null || { echo "quickstart wrote no archive" >&2; exit 1; }
  rm -rf "$quick_root"
  # Every benchmark at a small size (bench/): each tool and fetch-kaggle must succeed and every
  # result must be valid JSON; no timing is asserted.
  echo "=== scripts/bench.sh --smoke"
  scripts/bench.sh --smoke --build build/release
  # verify_asan_link_order=0: the tests that move the clock run the binary under faketime, whose
  # LD_PRELOAD puts libfaketime before the ASan runtime; ASan would abort at start without it.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:verify_asan_link_order=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build/asan -DCMAKE_BUILD_TYPE=Debug -DFK_SANITIZE=address,undefined
  run_tsan
  # libFuzzer targets (clang, ASan+UBSan): replay the regression inputs, then a bounded run of each.
  echo "=== scripts/fuzz.sh"
  rm -rf build/fuzz
  FK_FUZZ_JOBS=$JOBS scripts/fuzz.sh "${FK_FUZZ_SECONDS:-60}"
fi
echo "=== all test suites passed"
