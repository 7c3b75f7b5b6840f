#!/usr/bin/env bash
# The container image for real: build docker/Dockerfile unchanged with podman on a debian:bookworm-slim
# made here with debootstrap, then run it as Kubernetes and `docker run` would: uid/gid 1000, a
# read-only root filesystem with only /tmp and the data volume writable, against the stand-in image
# on the host network. The day's files must land on the volume, owned by 1000, with a manifest.
source "$(dirname "$0")/lib.sh"
started=$(date +%s)
build_images
echo "test_image: images built after $(($(date +%s) - started)) s"
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
echo "test_image: $IMAGE is $((size / 1000000)) MB ($size bytes)"

# The image's own settings, as the Dockerfile promises.
[[ $(podman image inspect --format '{{.Config.User}}' "$IMAGE") == 1000:1000 ]] || fail "the image does not run as 1000:1000"
[[ $(podman image inspect --format '{{json .Config.Entrypoint}}' "$IMAGE") == '["fetch-kaggle"]' ]] || fail "ENTRYPOINT is not fetch-kaggle"
podman image inspect --format '{{json .Config.Env}}' "$IMAGE" | grep -qF '"KAGGLE_DATA_ROOT=/data/kaggle"' || fail "no KAGGLE_DATA_ROOT"
podman image inspect --format '{{json .Config.Volumes}}' "$IMAGE" | grep -qF '"/data/kaggle"' || fail "no VOLUME /data/kaggle"
# Runtime libraries only: no compiler, no headers.
podman run --rm --entrypoint dpkg-query "$IMAGE" -W -f '${Package}\n' >"$WORK/packages"
if grep -E '^(g\+\+|gcc|cpp|cmake|ninja-build)(-[0-9]+)?$|-dev$' "$WORK/packages"; then fail "build packages in the runtime image"; fi
podman run --rm "$IMAGE" --version >"$WORK/version" || fail "fetch-kaggle --version failed in the image"

# Run like a pod: read-only root, only /tmp (tmpfs) and the volume writable, no capabilities.
RUN=(podman run --rm --network=host --read-only --read-only-tmpfs=false --tmpfs /tmp --user 1000:1000
  --cap-drop ALL --security-opt no-new-privileges -e no_proxy=127.0.0.1 -e NO_PROXY=127.0.0.1)
start_stand_in
VOLUME=fk-ship-data-$$
podman volume create "$VOLUME" >/dev/null
CLEANUPS+=("podman volume rm -f $VOLUME >/dev/null")
DAY=20260315
"${RUN[@]}" -v "$VOLUME:/data/kaggle" -e "KAGGLE_API_ENDPOINT=$STAND_IN_URL" "$IMAGE" \
  --date "$DAY" --log-format json download erlichsefi/israeli-supermarkets-2024 >"$WORK/download.out" 2>&1 \
  || { cat "$WORK/download.out" >&2; fail "download in the container failed"; }
"${RUN[@]}" -v "$VOLUME:/data/kaggle" "$IMAGE" --date "$DAY" --log-format json process >"$WORK/process.out" 2>&1 \
  || { cat "$WORK/process.out" >&2; fail "process in the container failed"; }
"${RUN[@]}" -v "$VOLUME:/data/kaggle" "$IMAGE" --date "$DAY" --log-format json archive --no-prune >"$WORK/archive.out" 2>&1 \
  || { cat "$WORK/archive.out" >&2; fail "archive --date in the container failed"; }

DATA=$(podman volume inspect --format '{{.Mountpoint}}' "$VOLUME")
expect_sample_day "$DATA" "$DAY"
[[ -s $DATA/processed/$DAY/validation_report.json ]] || fail "process wrote no validation report"
[[ -s $DATA/archive/$DAY.tar.gz && -s $DATA/archive/$DAY.tar.gz.sha256 ]] || fail "archive wrote no archive of $DAY"
(cd "$DATA/archive" && sha256sum -c --quiet "$DAY.tar.gz.sha256") || fail "the archive's checksum does not match"
expect_owned_1000 "$DATA"
[[ $(stat -c %u:%g "$DATA") == 1000:1000 ]] || fail "the volume's root is not owned by 1000:1000"
ls "$DATA/reports"/*/download-*.json >/dev/null || fail "no download run report on the volume"

# `docker run -v /host/dir:/data/kaggle` with a folder uid 1000 cannot write: a clear error, exit 3.
mkdir -p "$WORK/root-owned"
chmod 755 "$WORK/root-owned"
status=0
"${RUN[@]}" -v "$WORK/root-owned:/data/kaggle" -e "KAGGLE_API_ENDPOINT=$STAND_IN_URL" "$IMAGE" \
  --log-format text download erlichsefi/israeli-supermarkets-2024 >"$WORK/denied.out" 2>&1 || status=$?
[[ $status == 3 ]] || { cat "$WORK/denied.out" >&2; fail "an unwritable volume gave exit $status, expected 3"; }
grep -qF 'fetch-kaggle: error: data root /data/kaggle is not writable' "$WORK/denied.out" || { cat "$WORK/denied.out" >&2; fail "no error line for an unwritable volume"; }
[[ -z $(ls -A "$WORK/root-owned") ]] || fail "something was written into the unwritable folder"

echo "test_image: passed in $(($(date +%s) - started)) s (image $((size / 1000000)) MB)"
