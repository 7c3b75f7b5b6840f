#!/usr/bin/env bash
# The CronJobs as rendered by kustomize, run in the image: each CronJob's container command, args,
# env, user, read-only root, ConfigMap, Secret (kaggle.json as the kubelet writes it), emptyDir and
# volume claim are turned into a `podman run` (tests/ship/pod_to_podman.py) and run against the stand-in,
# in schedule order (download, process, archive). The only thing added is the stand-in's address
# (KAGGLE_API_ENDPOINT), so a manifest that drifts from the CLI fails here. Then the Indexed Job
# example, one pod per index.
source "$(dirname "$0")/lib.sh"
need_packages python3-yaml
build_images
kubectl kustomize "$SOURCE_DIR/k8s" >"$WORK/base.yaml" || fail "kubectl kustomize k8s/ failed"
kubectl kustomize "$SOURCE_DIR/k8s/examples/sharded-download" >"$WORK/sharded.yaml" || fail "kubectl kustomize the example failed"
SECRETS=$SOURCE_DIR/k8s/examples/kaggle-credentials.yaml

# The stand-in accepts exactly the example Secret's user and key, so a download that did not read the
# mounted kaggle.json would go anonymous and be caught below.
read -r KAGGLE_USER KAGGLE_KEY < <(/usr/bin/python3 - "$SECRETS" <<'PY'
import json, sys, yaml
secret = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d and d["kind"] == "Secret"][0]
creds = json.loads(secret["stringData"]["kaggle.json"])
print(creds["username"], creds["key"])
PY
)
# The sample dataset (what the ConfigMap lists) and, for the sharded Job, five more.
STAND_IN_DATASETS=$WORK/datasets
mkdir -p "$STAND_IN_DATASETS"
cp -r "$SOURCE_DIR/tests/data/datasets/." "$STAND_IN_DATASETS/"
EXTRA_REFS=()
for n in 1 2 3 4 5; do
  mkdir -p "$STAND_IN_DATASETS/shardowner/set-$n/versions/1"
  printf 'id,value\n%s,%s\n' "$n" "$((n * n))" >"$STAND_IN_DATASETS/shardowner/set-$n/versions/1/data.csv"
  EXTRA_REFS+=("shardowner/set-$n")
done
chmod -R a+rX "$STAND_IN_DATASETS"
start_stand_in --user "$KAGGLE_USER:$KAGGLE_KEY"
VOLUME=fk-ship-pvc-$$
podman volume create "$VOLUME" >/dev/null
CLEANUPS+=("podman volume rm -f $VOLUME >/dev/null")
DATA=$(podman volume inspect --format '{{.Mountpoint}}' "$VOLUME")

# Run one pod of a rendered workload and check its exit code: run_pod KIND/NAME WANT [NAME=VALUE...]
run_pod() {
  local what=$1 want=$2 dir
  shift 2
  dir=$(mktemp -d "$WORK/pod.XXXXXX")
  /usr/bin/python3 "$SOURCE_DIR/tests/ship/pod_to_podman.py" "$MANIFEST" "$what" "$SECRETS" "$dir" "$VOLUME" "$IMAGE" \
    "KAGGLE_API_ENDPOINT=$STAND_IN_URL" no_proxy=127.0.0.1 NO_PROXY=127.0.0.1 "$@" >"$dir/args.json" \
    || fail "cannot turn $what into a podman run"
  local -a cmd
  mapfile -t cmd < <(/usr/bin/python3 -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))))' "$dir/args.json")
  echo "ship: ${cmd[*]}" | sed "s/$KAGGLE_KEY/***/g"
  local status=0
  "${cmd[@]}" >"$dir/out" 2>&1 || status=$?
  cat "$dir/out" >>"$WORK/all-output"
  [[ $status == "$want" ]] || { cat "$dir/out" >&2; fail "$what exited $status, expected $want"; }
  LAST_POD=$dir
}

MANIFEST=$WORK/base.yaml
TODAY=$(date -u +%Y%m%d)
run_pod CronJob/fetch-kaggle-download 0
expect_sample_day "$DATA" "$TODAY"
# The API calls carried the example Secret's credentials (Basic auth), the storage ones none.
/usr/bin/python3 - "$WORK/stand-in/requests.jsonl" "$KAGGLE_USER" "$KAGGLE_KEY" <<'PY' || fail "the download did not use the mounted kaggle.json"
import base64, json, sys
log, user, key = sys.argv[1:4]
want = "Basic " + base64.b64encode(f"{user}:{key}".encode()).decode()
requests = [json.loads(line) for line in open(log) if line.strip()]
api = [r for r in requests if r["api_method"]]
assert api and all(r["headers"].get("Authorization") == want and r["status"] in (200, 302) for r in api), api
assert all("Authorization" not in r["headers"] for r in requests if r["path"].startswith("/storage/"))
PY
run_pod CronJob/fetch-kaggle-process 0
[[ -s $DATA/processed/$TODAY/validation_report.json ]] || fail "the process CronJob wrote no validation report for $TODAY"
run_pod CronJob/fetch-kaggle-archive 0
ls "$DATA"/reports/*/archive-*.json >/dev/null 2>&1 || fail "the archive CronJob wrote no run report"
expect_owned_1000 "$DATA"
if grep -qF -- "$KAGGLE_KEY" "$WORK/all-output" "$DATA/reports"/*/*.json; then fail "the Kaggle key appears in a log or report"; fi

# The Indexed Job example, one pod per index in turn (they share the volume and the lock), with the
# ConfigMap listing the five extra datasets: each pod must fetch only its shard, and the day's
# manifest must end up with all five.
/usr/bin/python3 - "$WORK/base.yaml" "$WORK/base-sharded.yaml" "${EXTRA_REFS[@]}" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
cm = [d for d in docs if d["kind"] == "ConfigMap"][0]
config = yaml.safe_load(cm["data"]["datasets.yaml"])
config["datasets"] = sys.argv[3:]
cm["data"]["datasets.yaml"] = yaml.safe_dump(config)
yaml.safe_dump_all(docs, open(sys.argv[2], "w"))
PY
MANIFEST=$WORK/sharded.yaml,$WORK/base-sharded.yaml
count=$(/usr/bin/python3 -c 'import sys, yaml; print([d for d in yaml.safe_load_all(open(sys.argv[1])) if d][0]["spec"]["completions"])' "$WORK/sharded.yaml")
: >"$WORK/all-output"
for ((index = 0; index < count; index++)); do
  before=$(wc -l <"$WORK/stand-in/requests.jsonl")
  run_pod Job/fetch-kaggle-download-sharded 0 "JOB_COMPLETION_INDEX=$index"
  grep -qF "shard $index/$count" "$LAST_POD/out" || { cat "$LAST_POD/out" >&2; fail "pod $index did not run shard $index/$count"; }
  # This pod asked the API about its shard's datasets only (sorted refs, position % count == index).
  /usr/bin/python3 - "$WORK/stand-in/requests.jsonl" "$before" "$index" "$count" "${EXTRA_REFS[@]}" <<'PY' \
    || fail "pod $index did not fetch exactly its shard"
import json, sys
log, before, index, count, refs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5:]
lines = [json.loads(l) for l in open(log).read().splitlines()[before:] if l.strip()]
asked = sorted({"{ownerSlug}/{datasetSlug}".format(**json.loads(r["body"])) for r in lines if r["api_method"] == "GetDataset"})
want = [ref for position, ref in enumerate(sorted(refs)) if position % count == index]
assert asked == want, f"asked {asked}, shard {index}/{count} is {want}"
PY
done
/usr/bin/python3 - "$DATA/raw/$TODAY/download_manifest.json" "$WORK/stand-in/requests.jsonl" "$count" "${EXTRA_REFS[@]}" <<'PY' \
  || fail "the shards did not fetch each extra dataset exactly once into the day's manifest"
import json, sys
manifest, log, count, refs = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
entries = {d["ref"]: d for d in json.load(open(manifest))["datasets"]}
for ref in refs:
    assert entries.get(ref, {}).get("status") == "downloaded", (ref, entries.get(ref))
storage = [json.loads(l)["path"] for l in open(log) if l.strip() and json.loads(l)["path"].startswith("/storage/shardowner/")]
fetched = sorted("/".join(p.split("/")[2:4]) for p in storage)
assert fetched == sorted(refs), fetched
PY
expect_owned_1000 "$DATA"
if grep -qF -- "$KAGGLE_KEY" "$WORK/all-output"; then fail "the Kaggle key appears in a sharded pod's output"; fi
echo "test_cronjobs: the rendered CronJobs ran in the image against the stand-in"
