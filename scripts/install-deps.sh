#!/usr/bin/env bash
# Install everything fetch-kaggle needs to build and test, from Debian bookworm's packages only.
set -euo pipefail

PACKAGES=(
  # build
  g++ cmake ninja-build pkg-config
  # libraries (docs/dependencies.md says why each is here)
  libcli11-dev libsimdjson-dev libfmt-dev libarchive-dev libcurl4-openssl-dev libssl-dev libyaml-cpp-dev
  libsqlite3-dev sqlite3 libdeflate-dev libisal-dev
  libpq-dev postgresql postgresql-client libutf8proc-dev
  # tests
  catch2 libcpp-httplib-dev python3 python3-jsonschema util-linux curl zip unzip jq openssl bc zstd
  # libfaketime: tests that move the clock (archive retention, the model-based test in tests/model)
  faketime
  prometheus-pushgateway
  # benchmarks (bench/): peak memory with /usr/bin/time; the peers (scripts/bench.sh): bsdtar, mlr,
  # pigz, the official client's way in Python (requests)
  time libarchive-tools miller pigz python3-requests
  # fuzzing (scripts/fuzz.sh): clang and its libFuzzer runtime
  clang libclang-rt-14-dev
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=()
if [[ $(id -u) != 0 ]]; then
  command -v sudo >/dev/null || { echo "install-deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  SUDO=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
