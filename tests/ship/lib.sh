# Shared helpers for the shipping tests (tests/ship/): a private podman setup under build/ship/, the
# debian:bookworm-slim base built locally with debootstrap, the image built from docker/Dockerfile.
# Source it from a test script; it sets -euo pipefail, WORK (removed at exit) and fail().
set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The build context (default: this checkout); a developer may point it at a quiet copy.
SHIP_CONTEXT=${SHIP_CONTEXT:-$SOURCE_DIR}
SHIP_DIR=${SHIP_DIR:-$SOURCE_DIR/build/ship}
IMAGE=localhost/fetch-kaggle:test
STAND_IN_IMAGE=localhost/fetch-kaggle-stand-in:test
BASE_IMAGE=docker.io/library/debian:bookworm-slim
mkdir -p "$SHIP_DIR"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/fk-ship.XXXXXX")
CLEANUPS=()
cleanup() {
  local rc=$? i
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${CLEANUPS[$i]}" || true; done
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Install Debian packages the shipping tests need, if missing: need_packages PACKAGE...
need_packages() {
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  ((${#missing[@]} == 0)) && return 0
  local sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo)
  echo "ship: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >/dev/null
}

# Point podman at a private configuration and storage under build/ship/podman (nothing in /etc):
# the runc runtime, no default ulimits (this machine refuses podman's), cgroupfs, events to a file.
podman_setup() {
  need_packages podman runc debootstrap
  [[ $(id -u) == 0 ]] || fail "the image tests run podman as root (rootless podman needs subuid ranges)"
  local conf=$SHIP_DIR/podman
  mkdir -p "$conf"
  cat >"$conf/containers.conf" <<CONF
[containers]
default_ulimits = []
log_driver = "k8s-file"
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$conf/events.log"
CONF
  cat >"$conf/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$conf/root"
runroot = "$conf/run"
CONF
  cat >"$conf/registries.conf" <<CONF
unqualified-search-registries = []
short-name-mode = "disabled"
CONF
  export CONTAINERS_CONF=$conf/containers.conf CONTAINERS_STORAGE_CONF=$conf/storage.conf
  export CONTAINERS_REGISTRIES_CONF=$conf/registries.conf
}

# Build debian:bookworm-slim from Debian's packages (no registry is reachable): debootstrap minbase
# from the mirror apt already uses, trimmed like the official slim image, imported into podman.
ensure_base_image() {
  podman image exists "$BASE_IMAGE" && return 0
  local mirror rootfs=$SHIP_DIR/rootfs
  mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list 2>/dev/null \
    | grep -oE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' | grep -oE 'https?://[^ ]+' | head -1 || true)
  [[ -n $mirror ]] || fail "no Debian mirror found in /etc/apt/sources.list*"
  echo "ship: debootstrap bookworm from $mirror"
  rm -rf "$rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$SHIP_DIR/debootstrap.log" 2>&1 \
    || { tail -20 "$SHIP_DIR/debootstrap.log" >&2; fail "debootstrap failed"; }
  # As in the official slim image: no documentation, manuals or translations, now or in later layers.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'CFG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
CFG
  # and apt keeps no package cache or downloaded packages (the official image's docker-clean).
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
CFG
  find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  rm -rf "$rootfs"/usr/share/{man,groff,info,lintian,linda}/* "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin \
    "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log
  find "$rootfs/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\n' "$mirror" "$mirror" >"$rootfs/etc/apt/sources.list"
  tar -C "$rootfs" --numeric-owner -c . | podman import --change 'CMD ["bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
}

# Build the fetch-kaggle image and the stand-in image from docker/Dockerfile, unchanged (the layer
# cache makes a second call cheap).
build_images() {
  podman_setup
  ensure_base_image
  podman build --pull=never --network=host -f "$SHIP_CONTEXT/docker/Dockerfile" -t "$IMAGE" "$SHIP_CONTEXT" \
    >"$SHIP_DIR/build-image.log" 2>&1 || { tail -40 "$SHIP_DIR/build-image.log" >&2; fail "podman build failed"; }
  podman build --pull=never --network=host -f "$SHIP_CONTEXT/docker/Dockerfile" --target stand-in \
    -t "$STAND_IN_IMAGE" "$SHIP_CONTEXT" >"$SHIP_DIR/build-stand-in.log" 2>&1 \
    || { tail -40 "$SHIP_DIR/build-stand-in.log" >&2; fail "podman build --target stand-in failed"; }
}

# Start the stand-in image on the host network, on a free port, its request log in
# $WORK/stand-in/requests.jsonl; STAND_IN_URL is its base URL. It serves the image's sample datasets,
# or the host folder STAND_IN_DATASETS when set: start_stand_in [fake-kaggle options...]
start_stand_in() {
  local state=$WORK/stand-in datasets=(--datasets /usr/local/share/fetch-kaggle/sample-datasets)
  local mounts=(-v "$state:/state")
  if [[ -n ${STAND_IN_DATASETS:-} ]]; then
    mounts+=(-v "$STAND_IN_DATASETS:/datasets:ro")
    datasets=(--datasets /datasets)
  fi
  mkdir -p "$state"
  chown 1000:1000 "$state"
  podman run -d --name "fk-stand-in-$$" --network=host --read-only --read-only-tmpfs=false --tmpfs /tmp \
    --user 1000:1000 "${mounts[@]}" "$STAND_IN_IMAGE" "${datasets[@]}" --port 0 --port-file /state/port \
    --request-log /state/requests.jsonl "$@" >/dev/null
  CLEANUPS+=("podman rm -f -t 2 fk-stand-in-$$ >/dev/null")
  local i
  for ((i = 0; i < 200; i++)); do
    [[ -s $state/port ]] && break
    sleep 0.05
  done
  [[ -s $state/port ]] || { podman logs "fk-stand-in-$$" >&2; fail "the stand-in container wrote no port within 10 s"; }
  STAND_IN_URL="http://127.0.0.1:$(cat "$state/port")"
}

# Check that every file and folder under a host path belongs to uid and gid 1000: expect_owned_1000 PATH
expect_owned_1000() {
  local others
  others=$(find "$1" \( ! -uid 1000 -o ! -gid 1000 \) -printf '%u:%g %p\n' | head -5)
  [[ -z $others ]] || fail "not owned by 1000:1000 under $1: $others"
}

# Check the day's download on a data root: the manifest lists the sample dataset as downloaded and
# every file equals the stand-in's source: expect_sample_day ROOT DAY
expect_sample_day() {
  /usr/bin/python3 - "$1/raw/$2" "$SOURCE_DIR/tests/data/datasets/erlichsefi/israeli-supermarkets-2024/versions" <<'PY' \
    || fail "raw/$2 does not hold the sample dataset as its manifest describes"
import hashlib, json, os, sys
day, versions = sys.argv[1:3]
manifest = json.load(open(os.path.join(day, "download_manifest.json"), encoding="utf-8"))
entry = [d for d in manifest["datasets"] if d["ref"] == "erlichsefi/israeli-supermarkets-2024"]
assert len(entry) == 1 and entry[0]["status"] == "downloaded", entry
latest = os.path.join(versions, str(max(int(v) for v in os.listdir(versions) if v.isdigit())))
want = sorted(os.listdir(latest))
got = sorted(os.listdir(os.path.join(day, "erlichsefi", "israeli-supermarkets-2024")))
assert got == want, f"files {got} != {want}"
files = {f["path"]: f for f in entry[0]["files"]}
assert sorted(files) == want, sorted(files)
for name in want:
    data = open(os.path.join(latest, name), "rb").read()
    assert open(os.path.join(day, "erlichsefi", "israeli-supermarkets-2024", name), "rb").read() == data, name
    assert files[name]["sha256"] == hashlib.sha256(data).hexdigest(), name
PY
}
