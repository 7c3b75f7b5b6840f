#!/usr/bin/env bash
# Run the whole test suite from scratch: install dependencies, build with warnings as errors and
# run every test, then build again with AddressSanitizer + UndefinedBehaviorSanitizer and run
# every test again, then run each libFuzzer target for a minute (FK_FUZZ_SECONDS). This is what CI
# runs (.ci/run).
#   scripts/test.sh            both builds
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

mkdir -p build
run_suite build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo
if ((FAST == 0)); then
  # Once, not in ctest (which runs twice): the container image, Compose and the Kubernetes manifests (tests/ship/).
  for ship_test in tests/ship/test_manifests.sh tests/ship/test_image.sh tests/ship/test_cronjobs.sh tests/ship/test_compose.sh; do
    echo "=== $ship_test"
    FK=build/release/src/fetch-kaggle bash "$ship_test"
  done
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build/asan -DCMAKE_BUILD_TYPE=Debug -DFK_SANITIZE=address,undefined
  # libFuzzer targets (clang, ASan+UBSan): replay the regression inputs, then a bounded run of each.
  echo "=== scripts/fuzz.sh"
  rm -rf build/fuzz
  FK_FUZZ_JOBS=$JOBS scripts/fuzz.sh "${FK_FUZZ_SECONDS:-60}"
fi
echo "=== all test suites passed"
