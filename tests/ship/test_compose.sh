#!/usr/bin/env bash
# docker/compose.yaml for real: Compose itself (Debian's docker-compose 1.29) against podman's
# Docker-compatible API on a private socket, with the ship tests' private podman setup. The `local`
# profile must run download-local, process-local and archive-local in that order against the
# stand-in, offline, and leave on the named volume the day's raw files, the processed reports and an
# archive, all owned by 1000. Version 1 of the sample dataset downloaded ten days ago (by the same
# service, `compose run`) gives archive-local a day old enough to archive and leaves version 2 new for
# today; today's day must stay unarchived.
source "$(dirname "$0")/lib.sh"
started=$(date +%s)
# dnsname: the CNI plugin that lets containers on a Compose network resolve each other by service name.
need_packages docker-compose golang-github-containernetworking-plugin-dnsname curl
# The images test_image.sh built (scripts/test.sh runs it first); built here only when missing.
if podman_setup && podman image exists "$IMAGE" && podman image exists "$STAND_IN_IMAGE"; then
  echo "test_compose: reusing $IMAGE and $STAND_IN_IMAGE"
else
  build_images
fi
echo "test_compose: images ready after $(($(date +%s) - started)) s"
# compose.yaml names the :latest tags; the images are the ones test_image.sh checks.
podman tag "$IMAGE" localhost/fetch-kaggle:latest
podman tag "$STAND_IN_IMAGE" localhost/fetch-kaggle-stand-in:latest

# podman's Docker API on a private socket, with the private configuration podman_setup exported. No
# proxy from the environment reaches the containers (a Docker daemon does not pass its own on either).
SOCKET=$WORK/podman.sock
env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY -u all_proxy -u ALL_PROXY \
  podman system service --time=0 "unix://$SOCKET" >"$SHIP_DIR/compose-service.log" 2>&1 &
SERVICE_PID=$!
CLEANUPS+=("kill $SERVICE_PID; wait $SERVICE_PID 2>/dev/null")
for ((i = 0; i < 100; i++)); do
  [[ $(curl -s --unix-socket "$SOCKET" http://podman/_ping 2>/dev/null) == OK ]] && break
  sleep 0.1
done
[[ $(curl -s --unix-socket "$SOCKET" http://podman/_ping) == OK ]] || { cat "$SHIP_DIR/compose-service.log" >&2; fail "podman system service did not answer within 10 s"; }
export DOCKER_HOST=unix://$SOCKET
# The kaggle profile is not run; its secret only has to name an existing file.
export KAGGLE_JSON=/dev/null
# One project per run: the CNI network configurations (/etc/cni/net.d) are shared by every podman store.
PROJECT=fk-compose-test-$$
COMPOSE=(timeout 300 docker-compose -p "$PROJECT" -f "$SOURCE_DIR/docker/compose.yaml" --profile local)
CLEANUPS+=("$(printf "%q " "${COMPOSE[@]}") down -v >/dev/null 2>&1")

# Docker runs healthchecks itself; podman leaves them to systemd timers, and there is no systemd
# here. Run each project container's own healthcheck every 2 s, as the stand-in's `interval` says.
(
  while :; do
    for id in $(podman ps -q --filter "label=com.docker.compose.project=$PROJECT"); do
      podman healthcheck run "$id" >/dev/null 2>&1 || true
    done
    sleep 2
  done
) &
HEALTH_PID=$!
CLEANUPS+=("kill $HEALTH_PID; wait $HEALTH_PID 2>/dev/null")

TODAY=$(date -u +%Y%m%d)
OLD=$(date -u -d '10 days ago' +%Y%m%d)
pipeline_started=$(date +%s)
# (An empty FETCH_KAGGLE_CONFIG: only the pinned version 1, not also the config's latest.)
"${COMPOSE[@]}" run --rm -T -e FETCH_KAGGLE_CONFIG= download-local --date "$OLD" download \
  --api-endpoint http://stand-in:8080 erlichsefi/israeli-supermarkets-2024/1 >"$WORK/run-old.out" 2>&1 \
  || { cat "$WORK/run-old.out" >&2; fail "compose run download-local --date $OLD failed"; }
# Attached to archive-local only: --abort-on-container-exit (implied) stops the stand-in when the last
# step exits; attached to every service it would stop everything as soon as download-local exits.
"${COMPOSE[@]}" up --no-build --exit-code-from archive-local archive-local >"$WORK/up.out" 2>&1 \
  || { "${COMPOSE[@]}" logs --no-color >&2; fail "docker-compose --profile local up failed"; }
echo "test_compose: the pipeline ran in $(($(date +%s) - pipeline_started)) s"
[[ $(date -u +%Y%m%d) == "$TODAY" ]] || fail "the UTC day changed during the test; run it again"

# Each step exited 0, and each started only after the previous one had finished.
previous_end=0
previous=
for service in download-local process-local archive-local; do
  id=$(podman ps -aq --filter "label=com.docker.compose.project=$PROJECT" --filter "label=com.docker.compose.service=$service")
  [[ -n $id && $id != *$'\n'* ]] || { "${COMPOSE[@]}" logs --no-color >&2; fail "not exactly one $service container"; }
  read -r code start end < <(podman inspect --format '{{.State.ExitCode}} {{.State.StartedAt.UnixNano}} {{.State.FinishedAt.UnixNano}}' "$id")
  [[ $code == 0 ]] || { "${COMPOSE[@]}" logs --no-color >&2; fail "$service exited $code"; }
  ((start >= previous_end)) || fail "$service started before $previous finished"
  previous_end=$end previous=$service
done

# The named volume as Compose created it: the image's /data/kaggle ownership, everything owned by 1000.
DATA=$(podman volume inspect --format '{{.Mountpoint}}' "${PROJECT}_kaggle_data") || fail "no volume ${PROJECT}_kaggle_data"
expect_sample_day "$DATA" "$TODAY"
OLD_DIR=$DATA/raw/$OLD/erlichsefi/israeli-supermarkets-2024
diff -r "$SOURCE_DIR/tests/data/datasets/erlichsefi/israeli-supermarkets-2024/versions/1" "$OLD_DIR" >&2 \
  || fail "raw/$OLD does not hold version 1 of the sample dataset"
for report in validation_report.json load_summary.json; do
  [[ -s $DATA/processed/$TODAY/$report ]] || fail "process-local wrote no processed/$TODAY/$report"
done
[[ -s $DATA/archive/$OLD.tar.gz && -s $DATA/archive/$OLD.tar.gz.sha256 ]] || { ls -R "$DATA" >&2; fail "archive-local did not archive $OLD"; }
(cd "$DATA/archive" && sha256sum -c --quiet "$OLD.tar.gz.sha256") || fail "the archive's checksum does not match"
tar -tzf "$DATA/archive/$OLD.tar.gz" | grep -x "raw/$OLD/erlichsefi/israeli-supermarkets-2024/price_full_file_tiv_taam.csv" >/dev/null \
  || { tar -tzf "$DATA/archive/$OLD.tar.gz" | head >&2; fail "the archive of $OLD does not hold the dataset's files"; }
[[ ! -e $DATA/archive/$TODAY.tar.gz ]] || fail "archive-local archived today's day, which is not older than 7 days"
for command in download process archive; do
  ls "$DATA"/reports/*/"$command"-*.json >/dev/null 2>&1 || fail "no $command run report on the volume"
done
expect_owned_1000 "$DATA"
[[ $(stat -c %u:%g "$DATA") == 1000:1000 ]] || fail "the volume's root is not owned by 1000:1000"

# down -v removes the containers, the network and the volume.
"${COMPOSE[@]}" down -v >"$WORK/down.out" 2>&1 || { cat "$WORK/down.out" >&2; fail "docker-compose down -v failed"; }
[[ -z $(podman ps -aq --filter "label=com.docker.compose.project=$PROJECT") ]] || fail "down left containers"
! podman volume exists "${PROJECT}_kaggle_data" || fail "down -v left the volume"
! podman network exists "${PROJECT}_default" || fail "down left the network"
echo "test_compose: passed in $(($(date +%s) - started)) s"
