#!/usr/bin/env bash
# Crash tests over the real binary: SIGKILL and SIGTERM at seeded random fault points of download,
# process, archive and migrate (util/fault_points.hpp: FK_FAULT_INJECT=N:KILL|TERM), each followed by
#   1. `verify --archives`: every visible file complete, every manifest lists exactly the files present
#      with their sha256, every archive matches its checksum (the report names the broken invariant);
#   2. the previous good days byte-for-byte as they were;
#   3. a re-run without faults, which must succeed;
#   4. `verify --archives --strict` (no leftovers either) and the same published result as a run that
#      was never interrupted.
# FK_FAULT_SEED (default 20261203) picks the points; FK_FAULT_POINTS (default 50) is per subcommand
# and signal. Prints per subcommand how many fault points a clean run passes and how many were hit.
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/../e2e/fake_kaggle.sh"
source "$(dirname "$0")/lib.sh"

SEED=${FK_FAULT_SEED:-20261203}
POINTS=${FK_FAULT_POINTS:-50}
# An endless byte stream determined by its argument (GNU shuf's documented way to repeat a shuffle).
seeded_bytes() { openssl enc -aes-256-ctr -pass "pass:$1" -nosalt -pbkdf2 </dev/zero 2>/dev/null; }
# Three recent days (retention keeps them all): two good ones and the day the faults hit.
DAY1=$(date -u -d '2 days ago' +%Y%m%d)
DAY2=$(date -u -d '1 day ago' +%Y%m%d)
DAY3=$(date -u +%Y%m%d)

shop=$(dataset_dir alice shop 1)
make_csv "$shop/sales.csv" 10000
make_csv "$shop/stores.csv" 300
make_csv "$shop/מחירים/prices 2024.csv" 6000
make_random "$shop/logo.bin" 300000
# Many small files: every file is a few more points (its extraction, check, load and archiving).
for ((i = 1; i <= 40; i++)); do make_csv "$shop/parts/part_$i.csv" $((i * 20)); done
prices=$(dataset_dir bob prices 3)
make_csv "$prices/items.csv" 8000
make_csv "$prices/a/b/deep.csv" 50
fake_start
export KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY"


# The legacy tree migrate reads (fetch-kaggle-job layout), rebuilt from scratch: make_legacy DIR
make_legacy() {
  local dir=$1/kaggle_raw/$DAY3 f
  rm -rf "$1"
  mkdir -p "$dir" "$1/reports" "$1/metadata"
  make_csv "$dir/old_sales.csv" 5000
  make_csv "$dir/old_stores.csv" 200
  make_csv "$dir/ישן.csv" 4000
  local files=""
  for f in "$dir"/*.csv; do
    files+="${files:+,}{\"filename\":\"$(basename "$f")\",\"path\":\"/gone/$(basename "$f")\",\"size_bytes\":$(stat -c %s "$f"),\"size_mb\":0,\"sha256\":\"$(sha256sum "$f" | cut -d' ' -f1)\",\"row_count\":1}"
  done
  printf '{"dataset":{"name":"Old","kaggle_id":"carol/legacy","url":"u","download_timestamp":"2024-01-15T10:00:00"},"download_info":{"date":"x","directory":"/gone","total_files":3,"total_size_mb":0,"total_rows":0},"files":[%s]}\n' \
    "$files" >"$dir/download_manifest.json"
  printf '# report\n' >"$1/reports/quality.md"
  printf '{"rows": 2}\n' >"$1/metadata/data_profile_sales.json"
}

# Each subcommand's step, run on $R (and $LEGACY for migrate).
step_download() { fk "$DAY3" download --api-endpoint "$FAKE_URL" alice/shop bob/prices --force; }
step_process() { fk "$DAY3" process; }
step_archive() { fk "$DAY3" archive; }
step_migrate() { fk "$DAY3" migrate --from "$LEGACY" --move; }

# Print "sha256  path" of every file of the good days (raw, processed, archive of DAY1 and DAY2).
good_days() {
  (cd "$R" && find "raw/$DAY1" "raw/$DAY2" "processed/$DAY1" "processed/$DAY2" archive -type f \
    \( -path "archive/$DAY1*" -o -path "archive/$DAY2*" -o ! -path 'archive/*' \) -print0 |
    sort -z | xargs -0 sha256sum)
}

# Print what a finished step published: "sha256  path" of raw/DAY3, processed/DAY3 (JSON and
# databases differ by timestamps, so names only there) and archive/DAY3*.
published() {
  (
    cd "$R"
    if [[ -d raw/$DAY3 ]]; then find "raw/$DAY3" -type f ! -name download_manifest.json -print0 | sort -z | xargs -0 -r sha256sum; fi
    if [[ -d processed/$DAY3 ]]; then find "processed/$DAY3" -type f | sort; fi
    find archive -maxdepth 1 -name "$DAY3*" | sort
  )
}

# Build the root each step starts from: base_for STEP (in $WORK/base-STEP, legacy in $WORK/legacy-STEP).
base_for() {
  R=$WORK/base-$1
  LEGACY=$WORK/legacy-$1
  fk "$DAY1" download --api-endpoint "$FAKE_URL" alice/shop bob/prices >/dev/null 2>&1 || fail "setup: download $DAY1"
  fk "$DAY1" process >/dev/null 2>&1 || fail "setup: process $DAY1"
  fk "$DAY1" archive >/dev/null 2>&1 || fail "setup: archive $DAY1"
  fk "$DAY2" download --api-endpoint "$FAKE_URL" alice/shop bob/prices --force >/dev/null 2>&1 || fail "setup: download $DAY2"
  fk "$DAY2" process >/dev/null 2>&1 || fail "setup: process $DAY2"
  case $1 in
    process) step_download >/dev/null 2>&1 || fail "setup: download $DAY3" ;;
    archive) { step_download && step_process; } >/dev/null 2>&1 || fail "setup: download+process $DAY3" ;;
    migrate) make_legacy "$LEGACY" ;;
  esac
}

# Copy the base of STEP to the working root (and legacy tree): fresh_copy STEP
fresh_copy() {
  R=$WORK/root
  rm -rf "$R" "$WORK/legacy"
  cp -a "$WORK/base-$1" "$R"
  if [[ -d $WORK/legacy-$1 ]]; then cp -a "$WORK/legacy-$1" "$WORK/legacy"; fi
  LEGACY=$WORK/legacy
}

# Print "sha256  name" of every file of the legacy tree and of the migrated raw day (nothing lost).
legacy_bytes() {
  {
    if [[ -d $LEGACY ]]; then find "$LEGACY" -name '*.csv' -type f -print0 | xargs -0 -r sha256sum; fi
    if [[ -d $R/raw/$DAY3 ]]; then find "$R/raw/$DAY3" -name '*.csv' -type f -print0 | xargs -0 -r sha256sum; fi
  } | awk '{print $1}' | sort -u
}

summary=()
for step in download process archive migrate; do
  base_for "$step"
  good_before=$(R=$WORK/base-$step good_days)
  # A clean run: how many fault points it passes, and what it publishes.
  fresh_copy "$step"
  lost_before=$(legacy_bytes)
  FK_FAULT_COUNT=$WORK/count "step_$step" >"$WORK/clean.out" 2>"$WORK/clean.err" || { cat "$WORK/clean.err" >&2; fail "$step: clean run failed"; }
  total=$(cat "$WORK/count")
  ((total >= 20)) || fail "$step: only $total fault points in a clean run"
  invariants "$step clean run" --strict
  want=$(published)
  ((total >= POINTS)) || fail "$step: a clean run passes $total fault points, fewer than the $POINTS asked for"
  # POINTS distinct points for each signal, drawn with a random source seeded by SEED and the step.
  mapfile -t kill_points < <(shuf -i "1-$total" -n "$POINTS" --random-source=<(seeded_bytes "$SEED-$step-KILL"))
  mapfile -t term_points < <(shuf -i "1-$total" -n "$POINTS" --random-source=<(seeded_bytes "$SEED-$step-TERM"))
  declare -A hit=()
  survived=0
  for ((i = 0; i < 2 * POINTS; i++)); do
    if ((i < POINTS)); then signal=KILL point=${kill_points[$i]}; else signal=TERM point=${term_points[$((i - POINTS))]}; fi
    fresh_copy "$step"
    status=0
    FK_FAULT_INJECT=$point:$signal "step_$step" >"$WORK/fault.out" 2>"$WORK/fault.err" || status=$?
    where=$(sed -n "s/^fetch-kaggle: fault injection: SIG$signal at //p" "$WORK/fault.err" | head -1)
    label="$step, point $point of $total ($signal at ${where:-?})"
    [[ -n $where ]] || { tail -5 "$WORK/fault.err" >&2; fail "$label: the run never reached its fault point"; }
    case $signal in
      KILL) [[ $status == 137 ]] || fail "$label: exit $status, expected 137 (killed)" ;;
      # SIGTERM: stop at the next safe step with 143. The run report's own write (the last 4 points:
      # write, fsync, rename, after) comes after the work is done and recorded, so 0 is right there.
      TERM) [[ $status == 143 || ($status == 0 && $point -gt $((total - 4))) ]] ||
        { tail -5 "$WORK/fault.err" >&2; fail "$label: exit $status, expected 143"; } ;;
    esac
    invariants "$label, after the fault"
    [[ "$good_before" == "$(good_days)" ]] || fail "$label: a previous good day changed"
    [[ $step != migrate || "$lost_before" == "$(legacy_bytes)" ]] || fail "$label: migrated bytes lost"
    "step_$step" >"$WORK/rerun.out" 2>"$WORK/rerun.err" || { tail -5 "$WORK/rerun.err" >&2; fail "$label: the re-run failed"; }
    invariants "$label, after the re-run" --strict
    [[ "$want" == "$(published)" ]] || { diff <(echo "$want") <(published) >&2 || true; fail "$label: the re-run published something else"; }
    [[ "$good_before" == "$(good_days)" ]] || fail "$label: a previous good day changed after the re-run"
    hit[$where]=$((${hit[$where]:-0} + 1))
    survived=$((survived + 1))
  done
  summary+=("$step: $survived fault points survived ($POINTS SIGKILL + $POINTS SIGTERM, distinct per signal) of $total in a clean run")
  for where in "${!hit[@]}"; do summary+=("    ${hit[$where]}  $where"); done
  unset hit
done
printf '%s\n' "seed $SEED" "${summary[@]}"
