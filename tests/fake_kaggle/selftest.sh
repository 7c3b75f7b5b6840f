#!/usr/bin/env bash
# Self-test of fake-kaggle: start it on a free port against a tiny data folder and check the
# contract that tests/fake_kaggle/README.md promises. Needs curl, unzip and openssl.
# Usage: selftest.sh /path/to/fake-kaggle
set -euo pipefail

server_binary=${1:?usage: selftest.sh /path/to/fake-kaggle}
work=$(mktemp -d "${TMPDIR:-/tmp}/fake-kaggle-selftest.XXXXXX")
server_pid=""

cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
check() { # check <description> <command...>: run the command, report it
  local description=$1
  shift
  if "$@"; then
    echo "ok   - $description"
  else
    echo "FAIL - $description"
    failures=$((failures + 1))
  fi
}
equals() { [[ "$1" == "$2" ]] || { echo "      expected [$2], got [$1]" >&2; return 1; }; }
contains() { [[ "$1" == *"$2"* ]] || { echo "      [$2] not found in [$1]" >&2; return 1; }; }

# --- a tiny data folder: a public dataset with two versions, a nested folder, a Hebrew file
# name and a file above the single-file zip threshold; and a private dataset.
data=$work/datasets
mkdir -p "$data/alice/titanic/versions/1" "$data/alice/titanic/versions/2/nested/deeper" "$data/bob/secret/versions/1"
printf 'id,name\n1,a\n' >"$data/alice/titanic/versions/1/train.csv"
printf 'id,name\n1,a\n2,b\n' >"$data/alice/titanic/versions/2/train.csv"
printf 'x,y\n1,2\n' >"$data/alice/titanic/versions/2/nested/deeper/inner.csv"
printf 'שלום,עולם\n' >"$data/alice/titanic/versions/2/שלום.csv"
head -c 5000 /dev/urandom >"$data/alice/titanic/versions/2/big.bin"
printf '{"title":"Titanic","tags":["ships"],"licenseName":"CC-BY-4.0"}\n' >"$data/alice/titanic/dataset.json"
printf 'secret\n' >"$data/bob/secret/versions/1/s.txt"
printf '{"isPrivate":true}\n' >"$data/bob/secret/dataset.json"

# --- start the server on a free port and wait (bounded) for its port file.
"$server_binary" --datasets "$data" --port 0 --port-file "$work/port" --request-log "$work/requests.jsonl" \
  --user bob:bobkey --token tok-alice=alice --zip-single-files-above 1000 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 200); do
  [[ -s "$work/port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "server exited early"; exit 1; }
  sleep 0.05
done
[[ -s "$work/port" ]] || { echo "no port file after 10 s"; exit 1; }
port=$(cat "$work/port")
base="http://127.0.0.1:$port"
api="$base/api/v1/datasets.DatasetApiService"
echo "# fake-kaggle listening on $base"

post() { # post <Method> <json> [curl args...]: print the body, then the status on the last line
  local method=$1 body=$2
  shift 2
  curl -sS --max-time 10 -w '\n%{http_code}' -H 'Content-Type: application/json' "$@" -d "$body" "$api/$method"
}
status_of() { tail -n 1 <<<"$1"; }
body_of() { sed '$d' <<<"$1"; }
ref='"ownerSlug":"alice","datasetSlug":"titanic"'

# --- GetDataset, also under /v1 (the production path form).
reply=$(post GetDataset "{$ref}")
check "GetDataset answers 200" equals "$(status_of "$reply")" 200
check "GetDataset reports the current version" equals "$(body_of "$reply" | jq .currentVersionNumber)" 2
expected_bytes=$(cat "$data"/alice/titanic/versions/2/*.* "$data/alice/titanic/versions/2/nested/deeper/inner.csv" | wc -c)
check "GetDataset totalBytes is the sum of the file sizes" equals "$(body_of "$reply" | jq .totalBytes)" "$expected_bytes"
check "GetDataset has the license" equals "$(body_of "$reply" | jq -r .licenseName)" CC-BY-4.0
check "/v1/ path form works too" equals "$(curl -s -o /dev/null -w '%{http_code}' -d "{$ref}" "$base/v1/datasets.DatasetApiService/GetDataset")" 200
check "GetDatasetStatus is READY" equals "$(body_of "$(post GetDatasetStatus "{$ref}")" | jq -r .status)" READY
check "GetDatasetMetadata lists the license" \
  equals "$(body_of "$(post GetDatasetMetadata "{$ref}")" | jq -r '.info.licenses[0].name')" CC-BY-4.0

# --- ListDatasetFiles with pageSize 1: follow nextPageToken to the end.
names=()
token=""
for _ in $(seq 1 10); do
  reply=$(post ListDatasetFiles "{$ref,\"pageSize\":1,\"pageToken\":\"$token\"}")
  [[ "$(status_of "$reply")" == 200 ]] || break
  check "a page holds one file" equals "$(body_of "$reply" | jq '.datasetFiles | length')" 1
  names+=("$(body_of "$reply" | jq -r '.datasetFiles[0].name')")
  token=$(body_of "$reply" | jq -r .nextPageToken)
  [[ -n "$token" ]] || break
done
check "paging visits all 4 files, in name order, with nested and Hebrew names" \
  equals "${names[*]}" "big.bin nested/deeper/inner.csv train.csv שלום.csv"
check "version 1 has one file" \
  equals "$(body_of "$(post ListDatasetFiles "{$ref,\"datasetVersionNumber\":1}")" | jq '.datasetFiles | length')" 1
check "a bad pageToken is a 400" equals "$(status_of "$(post ListDatasetFiles "{$ref,\"pageToken\":\"%%%\"}")")" 400

# --- DownloadDataset: 302 to storage, then the zip.
headers=$(curl -sS --max-time 10 -D - -o /dev/null -d "{$ref}" "$api/DownloadDataset" | tr -d '\r')
location=$(sed -n 's/^Location: //p' <<<"$headers")
check "DownloadDataset answers 302" contains "$(head -n 1 <<<"$headers")" " 302 "
check "the redirect has Content-Length: 0" contains "$headers" "Content-Length: 0"
check "the redirect points at archive.zip with a signature" contains "$location" "/storage/alice/titanic/2/archive.zip?X-Goog-Algorithm=GOOG4-RSA-SHA256&"
storage_headers=$(curl -sS --max-time 30 -D - -o "$work/archive.zip" "$location" | tr -d '\r')
check "storage answers 200 with a zip" contains "$storage_headers" "Content-Type: application/zip"
check "storage offers ranges" contains "$storage_headers" "Accept-Ranges: bytes"
check "storage sends Last-Modified in RFC 1123 GMT" grep -Eq '^Last-Modified: [A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} GMT$' <<<"$storage_headers"
listing=$(unzip -Z1 "$work/archive.zip")
check "the zip lists every file, nested and Hebrew names intact" \
  equals "$(sort <<<"$listing" | tr '\n' ' ')" "big.bin nested/deeper/inner.csv train.csv שלום.csv "
check "the zip content is right" equals "$(unzip -p "$work/archive.zip" train.csv)" "$(cat "$data/alice/titanic/versions/2/train.csv")"
md5_expected=$(openssl dgst -md5 -binary "$work/archive.zip" | base64)
check "x-goog-hash md5 matches the bytes" contains "$storage_headers" "md5=$md5_expected"
size=$(stat -c %s "$work/archive.zip")
check "Content-Length matches the bytes" contains "$storage_headers" "Content-Length: $size"
second_location=$(curl -sS -o /dev/null -w '%{redirect_url}' -d "{$ref}" "$api/DownloadDataset")
check "the cached zip is served identically" cmp -s "$work/archive.zip" <(curl -sS --max-time 30 "$second_location")

# --- Range requests.
range_headers=$(curl -sS --max-time 10 -D - -o "$work/tail.bin" -H 'Range: bytes=10-' "$location" | tr -d '\r')
check "Range bytes=10- answers 206" contains "$(head -n 1 <<<"$range_headers")" " 206 "
check "Content-Range is right" contains "$range_headers" "Content-Range: bytes 10-$((size - 1))/$size"
check "the ranged bytes are the tail of the object" cmp -s "$work/tail.bin" <(tail -c +11 "$work/archive.zip")
check "Range bytes=5-9 gives 5 bytes" equals "$(curl -sS -H 'Range: bytes=5-9' "$location" | wc -c)" 5
check "Range past the end answers 416" \
  equals "$(curl -s -o /dev/null -w '%{http_code}' -H "Range: bytes=$size-" "$location")" 416

# --- Single files: raw below the threshold, <name>.zip above it.
small=$(curl -sS -o /dev/null -w '%{redirect_url}' -d "{$ref,\"fileName\":\"nested/deeper/inner.csv\"}" "$api/DownloadDataset")
check "a small single file is served raw" contains "$small" "/storage/alice/titanic/2/nested/deeper/inner.csv?"
check "its bytes are the file" cmp -s <(curl -sS "$small") "$data/alice/titanic/versions/2/nested/deeper/inner.csv"
big=$(curl -sS -o /dev/null -w '%{redirect_url}' -d "{$ref,\"fileName\":\"big.bin\"}" "$api/DownloadDataset")
check "a large single file is served as <name>.zip" contains "$big" "/storage/alice/titanic/2/big.bin.zip?"
curl -sS -o "$work/big.zip" "$big"
check "that zip holds the file" cmp -s <(unzip -p "$work/big.zip" big.bin) "$data/alice/titanic/versions/2/big.bin"
hebrew=$(curl -sS -o /dev/null -w '%{redirect_url}' -d "{$ref,\"fileName\":\"שלום.csv\"}" "$api/DownloadDataset")
check "a Hebrew file name downloads" cmp -s <(curl -sS "$hebrew") "$data/alice/titanic/versions/2/שלום.csv"

# --- Authentication and errors.
secret='"ownerSlug":"bob","datasetSlug":"secret"'
check "a wrong key is a 401" equals "$(status_of "$(post GetDataset "{$ref}" -u bob:wrong)")" 401
check "an unknown token is a 401" equals "$(status_of "$(post GetDataset "{$ref}" -H 'Authorization: Bearer nope')")" 401
check "a private dataset is a 403 anonymously" equals "$(status_of "$(post GetDataset "{$secret}")")" 403
check "a private dataset is a 403 for another user" \
  equals "$(status_of "$(post GetDataset "{$secret}" -H 'Authorization: Bearer tok-alice')")" 403
check "a private dataset is a 200 for its owner" equals "$(status_of "$(post GetDataset "{$secret}" -u bob:bobkey)")" 200
check "private datasets are not listed to others" \
  equals "$(body_of "$(post ListDatasets '{"search":"","user":"","page":1}')" | jq '.datasets | length')" 1
check "but are listed to their owner" \
  equals "$(body_of "$(post ListDatasets '{"page":1}' -u bob:bobkey)" | jq '.datasets | length')" 2
reply=$(post GetDataset '{"ownerSlug":"alice","datasetSlug":"nope"}')
check "an unknown dataset is a 404" equals "$(status_of "$reply")" 404
check "with the legacy error body" equals "$(body_of "$reply" | jq .code)" 404
check "an unknown version is a 404" equals "$(status_of "$(post DownloadDataset "{$ref,\"datasetVersionNumber\":9}")")" 404
check "an unknown file is a 404" equals "$(status_of "$(post DownloadDataset "{$ref,\"fileName\":\"none.csv\"}")")" 404
check "a malformed body is a 400" equals "$(status_of "$(post GetDataset '{"ownerSlug":')")" 400

# --- Faults: a 429 with Retry-After in the Google shape, used once.
curl -sS --max-time 10 -X POST -d '[{"match":"GetDataset","status":429,"retry_after":"2","error_shape":"google"}]' \
  "$base/_control/faults" >/dev/null
fault_reply=$(curl -sS -D "$work/fault-headers" -w '\n%{http_code}' -d "{$ref}" "$api/GetDataset")
check "the 429 fault applies" equals "$(status_of "$fault_reply")" 429
check "with Retry-After" grep -qi '^Retry-After: 2' "$work/fault-headers"
check "with the Google error shape" equals "$(body_of "$fault_reply" | jq -r .error.status)" RESOURCE_EXHAUSTED
check "a count-1 fault is used up" equals "$(status_of "$(post GetDataset "{$ref}")")" 200

# --- Faults: cut the storage body after 100 bytes, while announcing the full length.
curl -sS -X POST -d '[{"match":"storage","cut_after_bytes":100}]' "$base/_control/faults" >/dev/null
set +e
cut_headers=$(curl -sS --max-time 10 -D - -o "$work/cut.bin" "$location" 2>/dev/null | tr -d '\r')
cut_rc=$?
set -e
check "the cut response announced the full length" contains "$cut_headers" "Content-Length: $size"
check "only 100 bytes arrived" equals "$(stat -c %s "$work/cut.bin")" 100
check "curl saw a truncated transfer (exit 18)" equals "$cut_rc" 18
curl -sS -X POST -d '{"match":"storage","wrong_md5":true}' "$base/_control/faults" >/dev/null
check "wrong_md5 reports another md5" bash -c "! curl -sS -D - -o /dev/null '$location' | grep -q 'md5=$md5_expected'"
curl -sS -X DELETE "$base/_control/faults" >/dev/null
check "DELETE /_control/faults clears the rules" equals "$(curl -sS "$base/_control/faults")" "[]"

# --- What real storage serves: XML error bodies, URLs that expire and stay dead, composite objects.
check "a 416 carries GCS's XML body" contains "$(curl -sS -H "Range: bytes=$size-" "$location")" "<Code>InvalidRange</Code>"
check "and Content-Range bytes */L" contains "$(curl -sS -D - -o /dev/null -H "Range: bytes=$size-" "$location" | tr -d '\r')" "Content-Range: bytes */$size"
curl -sS -X POST -d '{"match":"storage","expire_url":true}' "$base/_control/faults" >/dev/null
check "expire_url answers 400 ExpiredToken" contains "$(curl -sS "$location")" "<Code>ExpiredToken</Code>"
check "the expired URL stays dead" equals "$(curl -s -o /dev/null -w '%{http_code}' "$location")" 400
location=$(curl -sS -o /dev/null -w '%{redirect_url}' -d "{$ref}" "$api/DownloadDataset")
check "a new URL works" equals "$(curl -s -o /dev/null -w '%{http_code}' "$location")" 200
curl -sS -X POST -d '{"match":"storage","expire_url":true,"status":403}' "$base/_control/faults" >/dev/null
check "expire_url with status 403 answers AccessDenied" contains "$(curl -sS "$location")" "<Code>AccessDenied</Code>"
location=$(curl -sS -o /dev/null -w '%{redirect_url}' -d "{$ref}" "$api/DownloadDataset")
curl -sS -X POST -d '{"match":"storage","crc32c_only":true}' "$base/_control/faults" >/dev/null
check "crc32c_only sends no md5" bash -c "curl -sS -D - -o /dev/null '$location' | tr -d '\r' | grep -Eq '^x-goog-hash: crc32c=[^,]+$'"
curl -sS -X DELETE "$base/_control/faults" >/dev/null

# --- A storage request with Authorization is refused and flagged.
check "Authorization on storage is a 400" \
  equals "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer tok-alice' "$location")" 400

# --- Generation B (legacy REST) reads.
check "legacy view answers the dataset" \
  equals "$(curl -sS "$base/api/v1/datasets/view/alice/titanic" | jq .currentVersionNumber)" 2
check "legacy download redirects" \
  equals "$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/datasets/download/alice/titanic?datasetVersionNumber=1")" 302

# --- The request log: in memory and on disk, one JSON object per request.
log_json=$(curl -sS "$base/_control/requests")
check "the log flags the storage request with Authorization" \
  equals "$(jq '[.[] | select(.auth_on_storage)] | length' <<<"$log_json")" 1
check "the log keeps request headers verbatim" \
  equals "$(jq -r '[.[] | select(.auth_on_storage)][0].headers.Authorization' <<<"$log_json")" "Bearer tok-alice"
check "the log names the fault rule that applied" \
  equals "$(jq '[.[] | select(.status == 429)][0].fault' <<<"$log_json")" 0
check "the log keeps POST bodies" \
  equals "$(jq -r '[.[] | select(.api_method == "GetDatasetStatus")][0].body' <<<"$log_json")" "{$ref}"
check "the log counts bytes actually sent" \
  equals "$(jq '[.[] | select(.status == 200 and (.path | endswith("archive.zip")))][0].bytes_sent' <<<"$log_json")" "$size"
check "the log file has one valid JSON line per logged request" \
  equals "$(jq -s length "$work/requests.jsonl")" "$(jq length <<<"$log_json")"

# --- SIGTERM: the server exits promptly and cleanly, even with an idle keep-alive connection open.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /_control/faults HTTP/1.1\r\nHost: x\r\n\r\n' >&3
kill -TERM "$server_pid"
exited=no
for _ in $(seq 1 40); do
  if ! kill -0 "$server_pid" 2>/dev/null; then exited=yes; break; fi
  sleep 0.05
done
exec 3>&-
check "SIGTERM stops the server within 2 s" equals "$exited" yes
if [[ "$exited" == yes ]]; then
  rc=0
  wait "$server_pid" || rc=$?
  check "it exits with status 0" equals "$rc" 0
  server_pid=""
fi

if ((failures > 0)); then
  echo "# $failures check(s) failed; server log:"
  cat "$work/server.log"
  exit 1
fi
echo "# all checks passed"
