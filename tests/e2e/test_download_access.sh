#!/usr/bin/env bash
# download and credentials: a private dataset (exit 3 without its owner's credentials), an unknown
# dataset (exit 4), the precedence of the credential sources, the warning for a group-readable
# kaggle.json, and no secret in any output or file.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

priv=$(dataset_dir alice vault 1)
make_csv "$priv/secret.csv" 6
printf '{"isPrivate": true}\n' >"$FAKE_DATA/alice/vault/dataset.json"
pub=$(dataset_dir bob open 1)
make_csv "$pub/open.csv" 2
fake_start

# The Authorization header of the last GetDataset request ("" when none).
last_auth() {
  requests 'r["api_method"] == "GetDataset"' | tail -1 | jq -r '.headers.Authorization // ""'
}

# A private dataset: anonymous and another user get exit 3; its owner gets it.
dl 3 alice/vault
expect_in "$WORK/last.err" "alice/vault"
[[ $(count_requests "$STORAGE") == 0 ]] || fail "a refused dataset reached storage"
KAGGLE_USERNAME=bob KAGGLE_KEY="$BOB_KEY" dl 3 alice/vault
[[ $(last_auth) == "$BOB_BASIC" ]] || fail "bob's credentials were not sent"
KAGGLE_USERNAME=alice KAGGLE_KEY="$ALICE_KEY" dl 0 alice/vault
check_published alice/vault "$priv"
[[ $(last_auth) == "$ALICE_BASIC" ]] || fail "alice's credentials were not sent"
# A wrong key is refused by the API (401): exit 3.
KAGGLE_USERNAME=alice KAGGLE_KEY="wrong-$ALICE_KEY" dl 3 alice/vault --force

# An unknown dataset (exit 4), alone; with a good one in the same run it is a permanent partial
# failure (exit 12: retrying does not help, docs/operations.md).
dl 4 bob/no-such-dataset
expect_in "$WORK/last.err" "bob/no-such-dataset"
dl 12 bob/no-such-dataset bob/open
check_published bob/open "$pub"
[[ $(manifest_query 'dataset("bob/open")["status"]') == downloaded ]] || fail "bob/open not downloaded in a partial run"
report=$(last_download_report)
validate run_report "$report"
[[ $(jq -r .outcome "$report") == partial && $(jq -r .exit_code "$report") == 12 ]] || fail "the partial run's report"

# Precedence: --credentials-file > KAGGLE_API_TOKEN > KAGGLE_USERNAME+KAGGLE_KEY > $KAGGLE_CONFIG_DIR/kaggle.json.
mkdir -p "$WORK/config" "$WORK/secret"
printf '{"username":"erin","key":"%s"}\n' "$ERIN_KEY" >"$WORK/config/kaggle.json"
printf '{"username":"bob","key":"%s"}\n' "$BOB_KEY" >"$WORK/secret/kaggle.json"
printf '%s\n' "$DAVE_TOKEN" >"$WORK/secret/token"
chmod 600 "$WORK/config/kaggle.json" "$WORK/secret/kaggle.json" "$WORK/secret/token"
export KAGGLE_CONFIG_DIR="$WORK/config" KAGGLE_API_TOKEN="$CAROL_TOKEN" KAGGLE_USERNAME=alice KAGGLE_KEY="$ALICE_KEY"
dl 0 bob/open --credentials-file "$WORK/secret/kaggle.json"
[[ $(last_auth) == "$BOB_BASIC" ]] || fail "--credentials-file (kaggle.json) did not win"
dl 0 bob/open --credentials-file "$WORK/secret/token"
[[ $(last_auth) == "Bearer $DAVE_TOKEN" ]] || fail "--credentials-file (a token) did not win"
dl 0 bob/open
[[ $(last_auth) == "Bearer $CAROL_TOKEN" ]] || fail "KAGGLE_API_TOKEN did not win over KAGGLE_USERNAME/KAGGLE_KEY"
unset KAGGLE_API_TOKEN
dl 0 bob/open
[[ $(last_auth) == "$ALICE_BASIC" ]] || fail "KAGGLE_USERNAME/KAGGLE_KEY did not win over kaggle.json"
unset KAGGLE_USERNAME KAGGLE_KEY
dl 0 bob/open
[[ $(last_auth) == "$ERIN_BASIC" ]] || fail "\$KAGGLE_CONFIG_DIR/kaggle.json was not used"
expect_not_in "$WORK/last.err" "readable by other users"
unset KAGGLE_CONFIG_DIR
dl 0 bob/open
[[ $(last_auth) == "" ]] || fail "an anonymous run sent Authorization"

# A group-readable kaggle.json works but draws a warning with the fix.
chmod 640 "$WORK/config/kaggle.json"
KAGGLE_CONFIG_DIR="$WORK/config" dl 0 bob/open
expect_in "$WORK/last.err" "readable by other users"
expect_in "$WORK/last.err" "chmod 600"
[[ $(last_auth) == "$ERIN_BASIC" ]] || fail "the group-readable kaggle.json was not used"

# A malformed credentials file is a usage error that does not echo its content.
printf '{"username":"erin","kee":"%s"}\n' "$ERIN_KEY" >"$WORK/secret/bad.json"
dl 2 bob/open --credentials-file "$WORK/secret/bad.json"
expect_in "$WORK/last.err" "malformed Kaggle credentials file"

# No secret anywhere: outputs, manifests, reports, state, logs; no credentials sent to storage.
expect_no_auth_on_storage
[[ $(count_requests "$STORAGE") -ge 2 ]] || fail "too few storage requests for the auth check to mean anything"
expect_no_secrets "$WORK/all-output.log" "$ROOT"
# The check sees a secret where there is one: the stand-in's request log holds Authorization verbatim.
if (expect_no_secrets "$FAKE_LOG") >/dev/null 2>&1; then fail "the secret check missed the keys in the request log"; fi
echo "ok"
