#!/usr/bin/env bash
# Metrics: --metrics-file (Prometheus text format, written atomically, last-success time kept across a
# failed run) and --pushgateway against a real Prometheus Pushgateway (Debian's prometheus-pushgateway):
# a successful run, then a failed one that must not overwrite the last-success time, an interrupted one
# (SIGTERM) that still reports, an unreachable gateway that must not change the exit code, and
# credentials in the URL that never reach the logs.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

PUSHGATEWAY=/usr/bin/prometheus-pushgateway
[[ -x $PUSHGATEWAY ]] || fail "$PUSHGATEWAY is missing (scripts/install-deps.sh installs prometheus-pushgateway)"

one=$(dataset_dir alice prices 1)
make_csv "$one/prices.csv" 40
make_csv "$one/more/extra.csv" 9
make_random "$one/blob.bin" 5000
two=$(dataset_dir bob weather 3)
make_csv "$two/weather.csv" 25
big=$(dataset_dir erin big 1)
make_random "$big/blob.bin" 1500000
fake_start
export KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY"

PROM_DIR="$WORK/textfile"
mkdir -p "$PROM_DIR"
PROM="$PROM_DIR/fetch_kaggle_download.prom"

# Print the value of one sample of an exposition file: sample FILE 'name{labels}' (exact label text).
sample() {
  awk -v key="$2" '$1 == key { print $2; found = 1 } END { exit !found }' "$1" \
    || { cat "$1" >&2; fail "sample $2 not in $1"; }
}

# Check the text format of a metrics file: each metric's HELP and TYPE precede its samples, every
# sample line is `name{labels} value` with a number, and nothing else is in the file.
check_exposition() {
  /usr/bin/python3 - "$1" <<'EOF' || fail "$1 is not valid Prometheus text format"
import re, sys
sample = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (\S+)$')
helped, typed = set(), {}
for n, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    line = line.rstrip("\n")
    if line.startswith("# HELP "):
        name = line.split(" ")[2]
        assert name not in helped, f"line {n}: second HELP for {name}"
        helped.add(name)
    elif line.startswith("# TYPE "):
        _, _, name, kind = line.split(" ")
        assert name in helped and name not in typed, f"line {n}: TYPE without HELP for {name}"
        assert kind in ("gauge", "counter"), f"line {n}: type {kind}"
        typed[name] = kind
    else:
        m = sample.match(line)
        assert m, f"line {n}: not a sample: {line!r}"
        assert m.group(1) in typed, f"line {n}: sample before its TYPE: {line!r}"
        assert m.group(1).startswith("fetch_kaggle_"), f"line {n}: {m.group(1)} lacks the prefix"
        float(m.group(5))
assert "fetch_kaggle_run_duration_seconds" in typed
EOF
}

# Print the sum of a manifest field over every file of the day: manifest_files_sum FIELD
manifest_files_sum() {
  manifest_query "sum((f['$1'] or 0) for d in m['datasets'] for f in d['files'])"
}

L='{command="download"}'

# --- 1. --metrics-file after a successful run.
before=$(date +%s)
dl 0 --metrics-file "$PROM" alice/prices bob/weather
after=$(date +%s)
check_exposition "$PROM"
[[ $(sample "$PROM" "fetch_kaggle_run_exit_code$L") == 0 ]] || fail "exit code gauge"
[[ $(sample "$PROM" 'fetch_kaggle_run_outcome{command="download",outcome="success"}') == 1 ]] || fail "outcome success"
[[ $(sample "$PROM" 'fetch_kaggle_run_outcome{command="download",outcome="failed"}') == 0 ]] || fail "outcome failed"
[[ $(sample "$PROM" "fetch_kaggle_run_files$L") == "$(manifest_query 'sum(d["file_count"] for d in m["datasets"])')" ]] \
  || fail "files gauge differs from the manifest"
[[ $(sample "$PROM" "fetch_kaggle_run_files$L") == 4 ]] || fail "files gauge is not 4"
[[ $(sample "$PROM" "fetch_kaggle_run_bytes$L") == "$(manifest_files_sum bytes)" ]] || fail "bytes gauge differs from the manifest"
[[ $(sample "$PROM" "fetch_kaggle_run_records$L") == $((40 + 9 + 25)) ]] || fail "records gauge"
[[ $(sample "$PROM" "fetch_kaggle_run_errors$L") == 0 ]] || fail "errors gauge"
[[ $(sample "$PROM" 'fetch_kaggle_run_count{command="download",count="downloaded"}') == 2 ]] || fail "downloaded count"
success1=$(sample "$PROM" "fetch_kaggle_last_success_timestamp_seconds$L")
/usr/bin/python3 -c "import sys; b,a,v=map(float,sys.argv[1:]); assert b <= v <= a+1, (b,a,v)" "$before" "$after" "$success1" \
  || fail "last success $success1 is not the run's end ($before..$after)"
[[ $(sample "$PROM" "fetch_kaggle_run_finished_timestamp_seconds$L") == "$success1" ]] || fail "finished != success time"
/usr/bin/python3 -c "import sys; d=float(sys.argv[1]); assert 0 < d < 120, d" "$(sample "$PROM" "fetch_kaggle_run_duration_seconds$L")" \
  || fail "duration out of range"
# The run report and the metrics come from the same counts.
/usr/bin/python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert r["counts"]["bytes"]==int(sys.argv[2]), r["counts"]' \
  "$(last_download_report)" "$(sample "$PROM" "fetch_kaggle_run_bytes$L")" || fail "run report bytes differ from the metrics"
# Atomic: only the published file in the folder, no temporary left, readable by the collector.
[[ $(ls -A "$PROM_DIR") == "$(basename "$PROM")" ]] || { ls -la "$PROM_DIR"; fail "more than the metrics file in its folder"; }
[[ $(stat -c %a "$PROM") == 644 ]] || fail "metrics file mode $(stat -c %a "$PROM")"

# --- 2. A failed run (a dataset that does not exist): outcome and exit code change, the last-success
# time of the previous file is kept, the run's own end time is newer.
sleep 1
dl 4 --metrics-file "$PROM" nobody/missing
check_exposition "$PROM"
[[ $(sample "$PROM" "fetch_kaggle_run_exit_code$L") == 4 ]] || fail "exit code gauge after the failure"
[[ $(sample "$PROM" 'fetch_kaggle_run_outcome{command="download",outcome="failed"}') == 1 ]] || fail "outcome failed"
[[ $(sample "$PROM" 'fetch_kaggle_run_outcome{command="download",outcome="success"}') == 0 ]] || fail "outcome success after failure"
# The errors gauge counts the run report's errors (the dataset's and the run's failure).
report_errors=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["errors"]))' "$(last_download_report)")
[[ $report_errors -ge 1 && $(sample "$PROM" "fetch_kaggle_run_errors$L") == "$report_errors" ]] || fail "errors gauge after the failure"
[[ $(sample "$PROM" "fetch_kaggle_last_success_timestamp_seconds$L") == "$success1" ]] || fail "last success time not kept"
/usr/bin/python3 -c "import sys; assert float(sys.argv[1]) > float(sys.argv[2])" \
  "$(sample "$PROM" "fetch_kaggle_run_finished_timestamp_seconds$L")" "$success1" || fail "finished time not updated"

# A failure before the run starts (a credentials file that does not exist: usage, 2) is reported too.
PROM_EARLY="$PROM_DIR/early.prom"
# (--metrics-file before the subcommand here, after it elsewhere.)
expect_exit 2 "$FK" --metrics-file "$PROM_EARLY" --data-root "$ROOT" --date "$DAY" \
  download --api-endpoint "$FAKE_URL" --credentials-file "$WORK/no-such-kaggle.json" alice/prices
check_exposition "$PROM_EARLY"
[[ $(sample "$PROM_EARLY" "fetch_kaggle_run_exit_code$L") == 2 ]] || fail "exit code of an early failure"
[[ $(sample "$PROM_EARLY" 'fetch_kaggle_run_outcome{command="download",outcome="failed"}') == 1 ]] || fail "early failure outcome"
[[ $(sample "$PROM_EARLY" "fetch_kaggle_run_duration_seconds$L") == 0 ]] || fail "early failure duration"
expect_not_in "$PROM_EARLY" last_success
# --dry-run writes nothing, metrics included.
expect_exit 0 fk_download --dry-run --metrics-file "$PROM_DIR/dry.prom" alice/prices
[[ ! -e "$PROM_DIR/dry.prom" ]] || fail "--dry-run wrote a metrics file"
# A metrics file in a folder that does not exist is a usage error before anything runs.
expect_exit 2 fk_download --metrics-file "$WORK/no/such/folder/x.prom" alice/prices
expect_in "$WORK/last.err" "does not exist"

# --- 3. A real Pushgateway on a free loopback port, no persistence file.
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$PUSHGATEWAY" --web.listen-address="127.0.0.1:$port" --persistence.file="" >"$WORK/pushgateway.log" 2>&1 &
gateway=$!
CLEANUPS+=("kill $gateway 2>/dev/null; wait $gateway")
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$port/-/ready" >/dev/null || { cat "$WORK/pushgateway.log" >&2; fail "the Pushgateway did not start"; }
GATEWAY_SECRET="gw-5ecret-91e2"
TEST_SECRETS+=("$GATEWAY_SECRET")
GATEWAY_URL="http://pusher:$GATEWAY_SECRET@127.0.0.1:$port/"

# Print one sample of what the Pushgateway serves for our group: gateway_sample NAME [EXTRA_LABEL=VALUE]
gateway_sample() {
  curl -fsS "http://127.0.0.1:$port/metrics" >"$WORK/gateway.txt" || fail "cannot read the Pushgateway's metrics"
  /usr/bin/python3 - "$WORK/gateway.txt" "$@" <<'EOF'
import re, sys
text, name, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
want = {"command": "download", "job": "fetch_kaggle", "instance": ""}
for pair in extra:
    key, value = pair.split("=", 1)
    want[key] = value
for line in open(text, encoding="utf-8"):
    m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$', line.strip())
    if not m or m.group(1) != name:
        continue
    labels = dict(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:\\.|[^"\\])*)"', m.group(2) or ""))
    if labels == want:
        print(repr(float(m.group(3))))
        sys.exit(0)
sys.exit(1)
EOF
}

# A successful run pushes (PUT) its metrics, the last-success time among them.
dl 0 --pushgateway "$GATEWAY_URL" alice/prices --force
pushed_success=$(gateway_sample fetch_kaggle_last_success_timestamp_seconds) || { cat "$WORK/gateway.txt" >&2; fail "no last success in the Pushgateway"; }
[[ $(gateway_sample fetch_kaggle_run_outcome outcome=success) == 1.0 ]] || fail "pushed outcome success"
[[ $(gateway_sample fetch_kaggle_run_exit_code) == 0.0 ]] || fail "pushed exit code 0"
[[ $(gateway_sample fetch_kaggle_run_records) == $((40 + 9)).0 ]] || fail "pushed records"
/usr/bin/python3 -c "import sys; assert float(sys.argv[1]) > float(sys.argv[2])" "$pushed_success" "$success1" \
  || fail "pushed last success $pushed_success is not newer than the first run's"

# A failed run pushes (POST) outcome and exit code, and the last-success time survives it.
sleep 1
dl 4 --pushgateway "$GATEWAY_URL" nobody/missing
[[ $(gateway_sample fetch_kaggle_last_success_timestamp_seconds) == "$pushed_success" ]] \
  || fail "the failed run overwrote the last-success time in the Pushgateway"
[[ $(gateway_sample fetch_kaggle_run_outcome outcome=failed) == 1.0 ]] || fail "pushed outcome failed"
[[ $(gateway_sample fetch_kaggle_run_outcome outcome=success) == 0.0 ]] || fail "pushed outcome success after failure"
[[ $(gateway_sample fetch_kaggle_run_exit_code) == 4.0 ]] || fail "pushed exit code 4"
[[ $(gateway_sample fetch_kaggle_run_errors) == "$report_errors.0" ]] || fail "pushed errors"
gateway_sample fetch_kaggle_run_finished_timestamp_seconds >"$WORK/finished" || fail "no finished time pushed"
/usr/bin/python3 -c "import sys; assert float(sys.argv[1]) > float(sys.argv[2])" "$(cat "$WORK/finished")" "$pushed_success" \
  || fail "the failed run's finished time was not pushed"

# The next success replaces the group again and moves the last-success time on.
sleep 1
dl 0 --pushgateway "$GATEWAY_URL" alice/prices
newer=$(gateway_sample fetch_kaggle_last_success_timestamp_seconds) || fail "no last success after the second success"
/usr/bin/python3 -c "import sys; assert float(sys.argv[1]) > float(sys.argv[2])" "$newer" "$pushed_success" \
  || fail "a successful push did not move the last-success time on"
[[ $(gateway_sample fetch_kaggle_run_outcome outcome=success) == 1.0 ]] || fail "outcome after the second success"

# An interrupted run (SIGTERM mid-transfer) still pushes and writes its metrics after the stop:
# outcome interrupted, exit code 143, the last-success time kept in both.
fake_fault '{"match": "storage", "count": 1, "trickle_bytes_per_sec": 300000}'
fk_download_bg term --pushgateway "$GATEWAY_URL" --metrics-file "$PROM" erin/big
partial=$(partial_of erin/big 1)
for _ in $(seq 200); do [[ -f $partial && $(stat -c %s "$partial") -ge 100000 ]] && break; sleep 0.05; done
[[ -f $partial && $(stat -c %s "$partial") -ge 100000 ]] || fail "the transfer of erin/big did not start"
kill -TERM "$BG_PID"
wait_bg term
[[ $BG_STATUS == 143 ]] || { cat "$WORK/term.err" >&2; fail "the interrupted run exited $BG_STATUS, not 143"; }
[[ $(gateway_sample fetch_kaggle_run_outcome outcome=interrupted) == 1.0 ]] || fail "pushed outcome interrupted"
[[ $(gateway_sample fetch_kaggle_run_exit_code) == 143.0 ]] || fail "pushed exit code 143"
[[ $(gateway_sample fetch_kaggle_last_success_timestamp_seconds) == "$newer" ]] || fail "the interrupted run moved the last success"
[[ $(sample "$PROM" "fetch_kaggle_run_exit_code$L") == 143 ]] || fail "metrics file exit code of the interrupted run"
[[ $(sample "$PROM" 'fetch_kaggle_run_outcome{command="download",outcome="interrupted"}') == 1 ]] || fail "metrics file outcome interrupted"
[[ $(sample "$PROM" "fetch_kaggle_last_success_timestamp_seconds$L") == "$success1" ]] || fail "metrics file lost the last success"
fake_clear_faults

# --- 4. An unreachable Pushgateway: the run still succeeds (exit 0), with a warning that names the
# gateway without its password.
kill "$gateway"
wait "$gateway" 2>/dev/null || true
dl 0 --pushgateway "$GATEWAY_URL" --metrics-file "$PROM" alice/prices
expect_in "$WORK/last.err" "cannot push the metrics to the Pushgateway"
expect_in "$WORK/last.err" "127.0.0.1:$port/metrics/job/fetch_kaggle/command/download"
[[ $(sample "$PROM" "fetch_kaggle_run_exit_code$L") == 0 ]] || fail "metrics file not written next to a failed push"
# ... and a failed run keeps its own exit code.
dl 4 --pushgateway "$GATEWAY_URL" nobody/missing

# The gateway's password never appears in output, logs or reports.
expect_no_secrets "$WORK/all-output.log" "$ROOT" "$PROM_DIR"
grep -rqF "pusher:***@127.0.0.1:$port" "$ROOT/reports" || fail "the run report does not hold the redacted gateway URL"
echo "ok"
