# Shared by the crash tests (tests/fault/): run fetch-kaggle on the root $R and check its invariants
# with `verify`. Source tests/e2e/lib.sh first.

R=""
# Run fetch-kaggle on $R for a day, never waiting for the run lock: fk DAY args...
fk() {
  local day=$1
  shift
  "$FK" --data-root "$R" --date "$day" --log-format json --lock-timeout 0 "$@"
}

# Fail with verify's report (which names the broken invariant) unless every invariant holds on $R:
# invariants LABEL [--strict]
invariants() {
  local label=$1
  shift
  if ! "$FK" --data-root "$R" verify --archives "$@" >"$WORK/verify.out" 2>"$WORK/verify.err"; then
    cat "$WORK/verify.out" >&2
    tail -3 "$WORK/verify.err" >&2
    fail "$label: verify found a broken invariant (above)"
  fi
}
