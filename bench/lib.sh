# Shared setup of the bench/*.sh benchmarks: options, a generated dataset served by the stand-in,
# and the measuring helpers that record one row per tool run.
#   source bench/lib.sh NAME "$@"  ->  SIZE, BUILD, FK, FAKE, WORK, BASE (the stand-in's URL),
#                                     DATASET_DIR, DATA_BYTES, BENCH (NAME), TMP (this benchmark's scratch)
# Run by scripts/bench.sh, every benchmark shares one dataset and one stand-in (FK_BENCH_WORK,
# FK_BENCH_BASE, FK_BENCH_ROWS set by it). Run alone, a benchmark generates its own dataset, and
# bench_finish prints its table and writes bench/results/NAME.json.
set -euo pipefail
BENCH=$1
shift
SIZE=300M
SEED=7
BUILD=build/release
RESULTS=bench/results
RSS_SIZES=1G,4G
while (($#)); do
  case $1 in
    --size) SIZE=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    --results) RESULTS=$2; shift 2 ;;
    --rss-sizes) RSS_SIZES=$2; shift 2 ;;
    *) echo "usage: $0 [--size 300M] [--build DIR] [--results DIR] [--rss-sizes 1G,4G]" >&2; exit 2 ;;
  esac
done
FK=$BUILD/src/fetch-kaggle
FAKE=$BUILD/tests/fake_kaggle/fake-kaggle
[[ -x $FK && -x $FAKE ]] || { echo "build first: cmake --build $BUILD --target fetch-kaggle fake-kaggle" >&2; exit 2; }
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost
servers=()
stop_servers() {
  local pid
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  servers=()
}

# Start a stand-in on DATASETS (default: the shared datasets) and its zip cache (extra options, e.g. a
# throttle); set URL.
start_server() {
  local port_file
  port_file=$(mktemp "$WORK/port.XXXXXX")
  rm -f "$port_file"
  local datasets=${DATASETS:-$WORK/datasets}
  "$FAKE" --datasets "$datasets" --port 0 --port-file "$port_file" --cache-dir "$datasets.cache" "$@" \
    >>"$WORK/server.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 400); do [[ -s $port_file ]] && break; sleep 0.05; done
  [[ -s $port_file ]] || { cat "$WORK/server.log" >&2; echo "bench: the stand-in did not start" >&2; return 1; }
  URL="http://127.0.0.1:$(cat "$port_file")"
}

if [[ -n ${FK_BENCH_WORK:-} ]]; then
  WORK=$FK_BENCH_WORK
  BASE=$FK_BENCH_BASE
  ROWS=$FK_BENCH_ROWS
  STANDALONE=0
else
  WORK=$(mktemp -d /tmp/fk-bench.XXXXXX)
  ROWS=$WORK/rows
  STANDALONE=1
  mkdir -p "$ROWS"
fi
TMP=$WORK/$BENCH
mkdir -p "$TMP"
trap 'stop_servers; rm -rf "$TMP"; ((STANDALONE)) && rm -rf "$WORK"; true' EXIT
DATASET_DIR="$WORK/datasets/bench/supermarkets/versions/1"
if ((STANDALONE)) && [[ $BENCH != rss && -z ${FK_BENCH_NO_DATA:-} ]]; then
  /usr/bin/python3 bench/generate_dataset.py "$DATASET_DIR" --size "$SIZE" --seed "$SEED"
  start_server
  BASE=$URL
fi
DATA_BYTES=0
[[ -d $DATASET_DIR ]] && DATA_BYTES=$(cat "$DATASET_DIR"/*.csv | wc -c)

# Print this benchmark's description, floor and peers as its metadata (JSON on stdin: merged in).
bench_meta() {
  jq --arg name "$BENCH" --argjson bytes "$DATA_BYTES" --arg load "$(cat /proc/loadavg)" \
    '. + {name: $name, data_bytes: $bytes, loadavg_start: $load}' >"$ROWS/$BENCH.meta.json"
}

# Run a command, keep its wall time and peak RSS as a row: GROUP TOOL ROLE OUTPUT -- COMMAND...
# ROLE is floor, peer or ours; OUTPUT a file or folder whose size is recorded, or -. A command that
# fails stops the benchmark with its exit code and the end of its output.
measure() {
  local group=$1 tool=$2 role=$3 out=$4 s e rc=0 peak out_bytes=null
  [[ $5 == -- ]] || { echo "measure: usage GROUP TOOL ROLE OUTPUT -- COMMAND..." >&2; return 2; }
  shift 5
  s=$(date +%s.%N)
  /usr/bin/time -f %M -o "$TMP/peak_kib" "$@" >"$TMP/command.log" 2>&1 || rc=$?
  e=$(date +%s.%N)
  if ((rc != 0)); then
    tail -20 "$TMP/command.log" >&2
    echo "bench $BENCH: '$tool' failed (exit $rc; its output ends above)" >&2
    exit 1
  fi
  peak=$(tail -1 "$TMP/peak_kib")
  [[ $out != - ]] && out_bytes=$(du -sb "$out" | cut -f1)
  record "$group" "$tool" "$role" "$(echo "$e - $s" | bc)" "$out_bytes" "$peak" "${ROW_BYTES:-null}"
}

# Keep a row measured otherwise: GROUP TOOL ROLE SECONDS OUTPUT_BYTES|null PEAK_KIB|null [DATA_BYTES]
# (DATA_BYTES, for MiB/s, defaults to the shared dataset's CSV bytes).
record() {
  jq -cn --arg group "$1" --arg tool "$2" --arg role "$3" --argjson seconds "$4" --argjson out "$5" \
    --argjson peak "$6" --argjson bytes "${7:-null}" '{group: $group, tool: $tool, role: $role,
    seconds: $seconds, output_bytes: $out, peak_rss_kib: $peak} + (if $bytes == null then {} else
    {bytes: $bytes} end)' >>"$ROWS/$BENCH.rows.jsonl"
}

# Note the load at the end; run alone, also print the table and write the results file.
bench_finish() {
  cat /proc/loadavg >"$ROWS/$BENCH.loadavg_end"
  if ((STANDALONE)); then
    /usr/bin/python3 bench/report.py --rows "$ROWS" --results "$RESULTS" --size "$SIZE" --seed "$SEED" "$BENCH"
  fi
}

# Run a preparation step (not measured) quietly; on failure show its output and stop.
quiet() {
  "$@" >"$TMP/prepare.log" 2>&1 || { tail -20 "$TMP/prepare.log" >&2; echo "bench $BENCH: failed: $1 (its output ends above)" >&2; exit 1; }
}

# Download the shared dataset into DIR's data root as day 20260101 (not measured); set DAY_DIR.
fetch_day() {
  quiet "$FK" download bench/supermarkets --data-root "$1" --api-endpoint "$BASE" --date 20260101 --log-format text
  DAY_DIR="$1/raw/20260101/bench/supermarkets"
  cat "$DAY_DIR"/*.csv >/dev/null # warm the page cache
}
