# Shared setup of the bench/*.sh benchmarks: options, a generated dataset served by the stand-in.
#   source bench/lib.sh "$@"   ->  SIZE, BUILD, FK, WORK, BASE (the stand-in's URL), DATASET_DIR
set -euo pipefail
SIZE=300M
BUILD=build/release
while (($#)); do
  case $1 in
    --size) SIZE=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    *) echo "usage: $0 [--size 300M] [--build DIR]" >&2; exit 2 ;;
  esac
done
FK=$BUILD/src/fetch-kaggle
FAKE=$BUILD/tests/fake_kaggle/fake-kaggle
[[ -x $FK && -x $FAKE ]] || { echo "build first: cmake --build $BUILD --target fetch-kaggle fake-kaggle" >&2; exit 2; }
export no_proxy=127.0.0.1,localhost NO_PROXY=127.0.0.1,localhost

WORK=$(mktemp -d /tmp/fk-bench.XXXXXX)
server=""
trap '[[ -n $server ]] && kill $server 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
DATASET_DIR="$WORK/datasets/bench/supermarkets/versions/1"
/usr/bin/python3 bench/generate_dataset.py "$DATASET_DIR" --size "$SIZE" --seed 7
"$FAKE" --datasets "$WORK/datasets" --port 0 --port-file "$WORK/port" --cache-dir "$WORK/cache" 2>"$WORK/server.log" &
server=$!
for _ in $(seq 200); do [[ -s "$WORK/port" ]] && break; sleep 0.05; done
BASE="http://127.0.0.1:$(cat "$WORK/port")"

# Print the wall time of a command in seconds (its output discarded). For a program (not a shell
# function) its peak resident memory is kept too: peak_mib prints it for the last such command.
seconds() {
  local s e
  rm -f "$WORK/peak_kib"
  s=$(date +%s.%N)
  if [[ $(type -t "$1") == file ]]; then
    /usr/bin/time -f %M -o "$WORK/peak_kib" "$@" >/dev/null 2>&1
  else
    "$@" >/dev/null 2>&1
  fi
  e=$(date +%s.%N)
  echo "$e - $s" | bc
}
peak_mib() { [[ -s $WORK/peak_kib ]] && echo $(($(tail -1 "$WORK/peak_kib") / 1024)) || echo "-"; }
