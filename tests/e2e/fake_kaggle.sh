# Helpers for the download tests: build dataset folders, run the local Kaggle stand-in
# (tests/fake_kaggle/README.md), set its faults and read its request log. Source lib.sh first.
: "${FAKE_KAGGLE:?FAKE_KAGGLE must point at the fake-kaggle binary}"

# The stand-in's users; the download tests grep every output for these secrets.
ALICE_KEY="alicekey-5ecret-7f3a9"     # alice, Basic auth (owner of the private dataset)
BOB_KEY="bobkey-5ecret-81c2d"         # bob, Basic auth
CAROL_TOKEN="caroltok-5ecret-2b6e1"   # carol, Bearer token
DAVE_TOKEN="davetok-5ecret-d04f7"     # dave, Bearer token
ERIN_KEY="erinkey-5ecret-93ab0"       # erin, Basic auth
ALICE_BASIC="Basic $(printf 'alice:%s' "$ALICE_KEY" | base64 -w0)"
BOB_BASIC="Basic $(printf 'bob:%s' "$BOB_KEY" | base64 -w0)"
ERIN_BASIC="Basic $(printf 'erin:%s' "$ERIN_KEY" | base64 -w0)"
TEST_SECRETS=("$ALICE_KEY" "$BOB_KEY" "$CAROL_TOKEN" "$DAVE_TOKEN" "$ERIN_KEY"
  "${ALICE_BASIC#Basic }" "${BOB_BASIC#Basic }" "${ERIN_BASIC#Basic }")

FAKE_DATA="$WORK/datasets"
FAKE_LOG="$WORK/requests.jsonl"
FAKE_PID=""
FAKE_URL=""
ROOT="$WORK/data/kaggle"
DAY=20260315
mkdir -p "$FAKE_DATA" "$WORK/home"

# No credentials or endpoint from the caller's environment leak into a test.
unset KAGGLE_API_TOKEN KAGGLE_USERNAME KAGGLE_KEY KAGGLE_CONFIG_DIR KAGGLE_API_ENDPOINT KAGGLE_PROXY \
  KAGGLE_DATA_ROOT XDG_CONFIG_HOME
export HOME="$WORK/home"

# Create (and print) the folder of version N of a dataset: dataset_dir OWNER SLUG N
dataset_dir() {
  local dir="$FAKE_DATA/$1/$2/versions/$3"
  mkdir -p "$dir"
  printf '%s\n' "$dir"
}

# Write a CSV with a header and N data records: make_csv FILE N
make_csv() {
  local i
  mkdir -p "$(dirname "$1")"
  { echo "id,name,value"; for ((i = 1; i <= $2; i++)); do echo "$i,row $i,$((i * 7))"; done; } >"$1"
}

# Write N random bytes: make_random FILE N
make_random() {
  mkdir -p "$(dirname "$1")"
  head -c "$2" /dev/urandom >"$1"
}

# Start the stand-in on a free port, with a fresh request log: fake_start [extra options...]
fake_start() {
  rm -f "$WORK/fake.port"
  : >"$FAKE_LOG"
  "$FAKE_KAGGLE" --datasets "$FAKE_DATA" --port 0 --port-file "$WORK/fake.port" --request-log "$FAKE_LOG" \
    --cache-dir "$WORK/fake-cache" --user "alice:$ALICE_KEY" --user "bob:$BOB_KEY" --user "erin:$ERIN_KEY" \
    --token "$CAROL_TOKEN=carol" --token "$DAVE_TOKEN=dave" "$@" 2>>"$WORK/fake.stderr" &
  FAKE_PID=$!
  CLEANUPS+=("fake_stop")
  local i
  for ((i = 0; i < 200; i++)); do
    [[ -s "$WORK/fake.port" ]] && break
    kill -0 "$FAKE_PID" 2>/dev/null || { cat "$WORK/fake.stderr" >&2; fail "fake-kaggle exited at start"; }
    sleep 0.05
  done
  [[ -s "$WORK/fake.port" ]] || fail "fake-kaggle wrote no port file within 10 s"
  FAKE_URL="http://127.0.0.1:$(cat "$WORK/fake.port")"
}

# Stop the stand-in (SIGTERM; it exits within about a second).
fake_stop() {
  if [[ -n "$FAKE_PID" ]] && kill -0 "$FAKE_PID" 2>/dev/null; then
    kill -TERM "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" 2>/dev/null || true
  fi
  FAKE_PID=""
}

# Add fault rules (a JSON array or one rule object): fake_fault JSON
fake_fault() {
  curl -fsS -X POST -H 'Content-Type: application/json' --data "$1" "$FAKE_URL/_control/faults" >/dev/null \
    || fail "cannot set fault $1"
}

# Remove every fault rule.
fake_clear_faults() {
  curl -fsS -X DELETE "$FAKE_URL/_control/faults" >/dev/null || fail "cannot clear the faults"
}

# Forget the request log (the file is truncated, so later counts see only later requests).
fake_clear_log() {
  : >"$FAKE_LOG"
}

# Print the request log lines for which a Python expression over `r` (one request) is true:
# requests 'r["path"].startswith("/storage/")'
requests() {
  /usr/bin/python3 - "$FAKE_LOG" "$1" <<'EOF'
import json, sys
expr = compile(sys.argv[2], "filter", "eval")
with open(sys.argv[1], encoding="utf-8") as log:
    for line in log:
        if line.strip():
            r = json.loads(line)
            if eval(expr, {"r": r}):
                print(json.dumps(r, ensure_ascii=False))
EOF
}

# Print how many logged requests match a Python expression over `r`: count_requests EXPR
count_requests() {
  requests "$1" | wc -l
}

# Wait (at most 10 s) until at least N logged requests match a Python expression over `r`; a request
# is logged when it ends, so this waits for a cut connection to be recorded: wait_for_requests EXPR N
wait_for_requests() {
  local i
  for ((i = 0; i < 100; i++)); do
    [[ $(count_requests "$1") -ge $2 ]] && return 0
    sleep 0.1
  done
  fail "fewer than $2 requests matching $1 were logged within 10 s"
}

# The filter of storage requests, for count_requests.
STORAGE='r["path"].startswith("/storage/")'

# Run fetch-kaggle download against the stand-in: fk_download [options and datasets...]
# (global options first; stdout and stderr in $WORK/last.out and $WORK/last.err via expect_exit).
fk_download() {
  "$FK" --data-root "$ROOT" --date "$DAY" --log-format json download --api-endpoint "$FAKE_URL" "$@"
}

# Run a download and check its exit code, keeping its output for the secret check: dl CODE [options...]
dl() {
  local want=$1
  shift
  local status=0
  expect_exit "$want" fk_download "$@" || status=$?
  cat "$WORK/last.out" "$WORK/last.err" >>"$WORK/all-output.log"
  return $status
}

# Start a download in the background, its output in $WORK/NAME.out and .err; BG_PID is its pid
# (the fetch-kaggle process itself, so that signals reach it): fk_download_bg NAME [options...]
fk_download_bg() {
  local name=$1
  shift
  "$FK" --data-root "$ROOT" --date "$DAY" --log-format json download --api-endpoint "$FAKE_URL" "$@" \
    >"$WORK/$name.out" 2>"$WORK/$name.err" &
  BG_PID=$!
}

# Wait for the background download, its exit code in BG_STATUS; its output joins the secret check:
# wait_bg NAME [PID]
wait_bg() {
  BG_STATUS=0
  wait "${2:-$BG_PID}" || BG_STATUS=$?
  cat "$WORK/$1.out" "$WORK/$1.err" >>"$WORK/all-output.log"
}

# Print a Python expression's value over the day's manifest `m`: manifest_query EXPR
manifest_query() {
  /usr/bin/python3 - "$ROOT/raw/$DAY/download_manifest.json" "$1" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
def dataset(ref):
    found = [d for d in m["datasets"] if d["ref"] == ref]
    assert len(found) == 1, f"{ref}: {len(found)} manifest entries"
    return found[0]
print(eval(sys.argv[2], {"m": m, "dataset": dataset}))
EOF
}

# Check that every published file of a dataset has the sha256, size and CSV record count the manifest
# gives, that the manifest lists exactly those files, and that they equal the source files:
# check_published OWNER/SLUG SOURCE_DIR
check_published() {
  /usr/bin/python3 - "$ROOT/raw/$DAY/download_manifest.json" "$ROOT/raw/$DAY/$1" "$2" "$1" <<'EOF' \
    || fail "published files of $1 do not match the manifest or the source"
import hashlib, json, os, sys
manifest, published, source, ref = sys.argv[1:5]
entry = [d for d in json.load(open(manifest, encoding="utf-8"))["datasets"] if d["ref"] == ref]
assert len(entry) == 1, f"{ref} has {len(entry)} manifest entries"
entry = entry[0]
def tree(base):
    out = {}
    for dirpath, _, names in os.walk(base):
        for name in names:
            path = os.path.join(dirpath, name)
            out[os.path.relpath(path, base)] = open(path, "rb").read()
    return out
got, want = tree(published), tree(source)
assert sorted(got) == sorted(want), f"published {sorted(got)} != source {sorted(want)}"
for name, data in want.items():
    assert got[name] == data, f"{name} differs from the source"
files = {f["path"]: f for f in entry["files"]}
assert sorted(files) == sorted(want), f"manifest lists {sorted(files)}, source has {sorted(want)}"
total = 0
for name, data in want.items():
    f = files[name]
    assert f["sha256"] == hashlib.sha256(data).hexdigest(), f"{name}: sha256 {f['sha256']}"
    assert f["bytes"] == len(data), f"{name}: bytes {f['bytes']} != {len(data)}"
    if name.lower().endswith(".csv"):
        want_records = data.count(b"\n") - 1
        assert f["records"] == want_records, f"{name}: records {f['records']} != {want_records}"
    else:
        assert f["records"] is None, f"{name}: records {f['records']} for a non-CSV file"
    total += len(data)
assert entry["file_count"] == len(want) and entry["total_bytes"] == total, "file_count/total_bytes wrong"
EOF
}

# Fail when any of the test secrets, or a storage URL's signature, appears in the given files or
# under the given folders.
expect_no_secrets() {
  local secret
  for secret in "${TEST_SECRETS[@]}"; do
    if grep -rlF -- "$secret" "$@" 2>/dev/null; then fail "a test secret appears in the files above"; fi
  done
  if grep -rlE -- 'X-Goog-Signature=[0-9a-f]{8}' "$@" 2>/dev/null; then fail "a URL signature appears in the files above"; fi
}

# Fail when a storage request carried Authorization (the client must drop it on the redirect).
expect_no_auth_on_storage() {
  local bad
  bad=$(count_requests "r[\"path\"].startswith(\"/storage/\") and (r[\"auth_on_storage\"] or any(k.lower() == \"authorization\" for k in r[\"headers\"]))")
  [[ $bad == 0 ]] || fail "$bad storage request(s) carried Authorization"
}

# Print the run reports of the download command (filed by the day they ran), oldest first.
download_reports() {
  local reports
  reports=$(compgen -G "$ROOT/reports/*/download-*.json") || return 0
  # shellcheck disable=SC2086,SC2012 # report names hold no spaces
  ls -tr $reports
}

# Print the newest run report of the download command.
last_download_report() {
  download_reports | tail -1
}

# Fail when .staging holds anything but the partial/ folder (a run's staging was left behind).
expect_staging_clean() {
  local entry
  for entry in "$ROOT"/.staging/* "$ROOT"/.staging/.[!.]*; do
    [[ -e $entry && $(basename "$entry") != partial ]] && fail "staging left behind: $entry"
  done
  return 0
}

# Print the partial file of a whole version, or of one requested FILE, as src/download/partial_file.cpp
# names it (readable prefix, then a hash of dataset, version and full path): partial_of OWNER/SLUG N [FILE]
partial_of() {
  local key=archive readable=archive hash
  if [[ -n ${3:-} ]]; then key="file:$3" readable=${3//\//_}; fi
  hash=$(printf '%s\n%s\n%s' "$1" "$2" "$key" | sha256sum | cut -c1-16)
  printf '%s/.staging/partial/%s@v%s@%s.%s.part\n' "$ROOT" "${1/\//_}" "$2" "$readable" "$hash"
}
