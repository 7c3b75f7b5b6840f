#!/usr/bin/env bash
# download refuses hostile archives (a '..' entry, an absolute entry, a symlink entry, a zip bomb):
# exit 5 naming the entry, nothing published, nothing written outside the staging area.
# The stand-in serves a hand-made versions/<N>.zip as the dataset's archive.zip.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

# make_zip OWNER SLUG KIND: a one-version dataset whose archive is a hand-made zip of KIND.
make_zip() {
  local dir
  dir=$(dataset_dir "$1" "$2" 1)
  make_csv "$dir/placeholder.csv" 1
  /usr/bin/python3 - "$FAKE_DATA/$1/$2/versions/1.zip" "$3" "$WORK/outside" <<'EOF'
import struct, sys, zipfile
target, kind, outside = sys.argv[1:4]
def symlink_entry(name, local_mode):
    link = zipfile.ZipInfo(name)
    link.create_system = 3
    link.external_attr = 0o120777 << 16
    if local_mode:
        # libarchive's 'xl' extra field: the mode in the local header too, as streaming readers need.
        link.extra = struct.pack("<HHBHI", 0x6C78, 7, 0x05, (3 << 8) | 20, 0o120777 << 16)
    return link
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("good.csv", "id\n1\n2\n")
    if kind == "traversal":
        z.writestr("../../../../evil-traversal.txt", "escaped\n")
    elif kind == "absolute":
        z.writestr(outside + "/evil-absolute.txt", "escaped\n")
    elif kind in ("symlink", "symlink-central"):
        z.writestr(symlink_entry("evil-link" if kind == "symlink" else "plain-link", kind == "symlink"), "/etc/passwd")
        if kind == "symlink":
            z.writestr("evil-link/escaped.txt", "through the link\n")
    elif kind == "bomb":
        z.writestr("bomb.bin", b"\0" * (40 << 20))
    elif kind != "good":
        raise SystemExit("unknown kind " + kind)
if kind == "bomb":  # a bomb lies about its size: its local header declares 1 KiB
    data = bytearray(open(target, "rb").read())
    at = data.find(b"bomb.bin") - 30  # its local header
    assert data[at + 30:at + 38] == b"bomb.bin"
    struct.pack_into("<I", data, at + 22, 1024)
    open(target, "wb").write(data)
EOF
}

mkdir -p "$WORK/outside"
make_zip eve good good
make_zip eve traversal traversal
make_zip eve absolute absolute
make_zip eve symlink symlink
make_zip eve symlink2 symlink-central
make_zip eve bomb bomb
fake_start
export KAGGLE_USERNAME=alice KAGGLE_KEY="$ALICE_KEY"  # credentials in play, for the secret check at the end

# Control: a hand-made, harmless zip is extracted (so the refusals below come from the entries).
dl 0 eve/good
[[ $(cat "$ROOT/raw/$DAY/eve/good/good.csv") == $'id\n1\n2' ]] || fail "the hand-made zip was not served or extracted"
[[ $(manifest_query 'dataset("eve/good")["total_records"]') == 2 ]] || fail "records of the hand-made zip"
[[ $(manifest_query 'dataset("eve/good")["archive_md5"]') == $(md5sum <"$FAKE_DATA/eve/good/versions/1.zip" | cut -d' ' -f1) ]] \
  || fail "archive_md5 is not the md5 of the served zip"

# expect_refused SLUG ENTRY_TEXT: exit 5, the entry named, nothing published, a failed manifest entry.
expect_refused() {
  dl 5 "eve/$1"
  expect_in "$WORK/last.err" "$2"
  [[ ! -e "$ROOT/raw/$DAY/eve/$1" ]] || fail "eve/$1 was published"
  [[ $(manifest_query "dataset(\"eve/$1\")[\"status\"]") == failed ]] || fail "eve/$1 not recorded as failed"
  manifest_query "dataset(\"eve/$1\")[\"reason\"]" >"$WORK/reason"
  expect_in "$WORK/reason" "$2"
  [[ -z $(compgen -G "$ROOT/.staging/partial/eve_$1@*" || true) ]] || fail "the partial of a refused archive was kept"
  expect_staging_clean
}

expect_refused traversal "../../../../evil-traversal.txt"
expect_in "$WORK/last.err" "'..'"
expect_refused absolute "$WORK/outside/evil-absolute.txt"
expect_in "$WORK/last.err" "absolute"
expect_refused symlink "evil-link"
expect_in "$WORK/last.err" "links are never extracted"
# A link marked only in the central directory, which a streaming reader never sees: it is refused,
# or it stays a plain file holding the target's name; never a link.
expect_exit_in() { [[ " $1 " == *" $2 "* ]] || fail "exit $2, expected one of $1"; }
status=0
fk_download eve/symlink2 >"$WORK/last.out" 2>"$WORK/last.err" || status=$?
cat "$WORK/last.out" "$WORK/last.err" >>"$WORK/all-output.log"
expect_exit_in "0 5" "$status"
if [[ $status == 0 ]]; then
  [[ -f "$ROOT/raw/$DAY/eve/symlink2/plain-link" && ! -L "$ROOT/raw/$DAY/eve/symlink2/plain-link" ]] \
    || fail "the central-directory link was not kept as a plain file"
  [[ $(cat "$ROOT/raw/$DAY/eve/symlink2/plain-link") == /etc/passwd ]] || fail "the plain file lost its content"
else
  expect_in "$WORK/last.err" "plain-link"
fi
expect_refused bomb "bomb.bin"
expect_in "$WORK/last.err" "expands beyond the 1024 bytes its header declares"

# Nothing escaped: no evil file anywhere, no link anywhere under the root, no big file left over.
[[ -z $(find "$WORK" -name 'evil-*' -not -path "$FAKE_DATA/*" -not -path "$WORK/fake-cache/*" -print) ]] \
  || fail "an entry was written: $(find "$WORK" -name 'evil-*' -not -path "$FAKE_DATA/*")"
[[ -z $(find "$ROOT" -type l -print) ]] || fail "a symlink was created under the root"
[[ $(du -s --block-size=1M "$ROOT" | cut -f1) -lt 5 ]] || fail "the zip bomb left data behind"
validate download_manifest "$ROOT/raw/$DAY/download_manifest.json"

# Lower limits (and the opt-in ratio) refuse an archive (about 30 times compressed, 2 MB unpacked)
# that the defaults accept.
v=$(dataset_dir eve sparse 1)
/usr/bin/python3 -c '
import os, sys
with open(sys.argv[1], "wb") as f:
    for _ in range(512):
        f.write(os.urandom(128) + bytes(4096 - 128))' "$v/sparse.bin"
dl 5 eve/sparse --max-compression-ratio 10
expect_in "$WORK/last.err" "times as many"
dl 5 eve/sparse --max-extracted-bytes 1M
expect_in "$WORK/last.err" "the limit on uncompressed bytes"
dl 0 eve/sparse
check_published eve/sparse "$v"

expect_no_auth_on_storage
expect_no_secrets "$WORK/all-output.log" "$ROOT"
echo "ok"
