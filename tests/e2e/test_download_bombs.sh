#!/usr/bin/env bash
# Zip bombs are stopped by absolute sizes, not by how well data compresses: a 2 MiB one-row CSV that
# zips to a few KiB downloads and verifies; an entry that expands beyond the size its header declares,
# one that declares more than a limit or than the free space, and a streamed one (no declared size)
# over --max-entry-bytes or the free space are refused with the disk barely touched.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fake_kaggle.sh"

# A legitimate, very compressible CSV (sparse and one-hot Kaggle CSVs look like this).
v=$(dataset_dir fay sparse 1)
/usr/bin/python3 -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,features\n1," + "0" * (2 << 20) + "\n")' "$v/one_row.csv"

# bomb_zip OWNER SLUG KIND MiB: a one-version dataset whose archive is a hand-made zip of MiB zeros:
# "liar" declares 1 KiB in its local header, "honest" declares its real size, "streamed" declares
# nothing (sizes in a data descriptor after the data, as a zip written to a pipe has them).
bomb_zip() {
  local dir
  dir=$(dataset_dir "$1" "$2" 1)
  make_csv "$dir/placeholder.csv" 1
  /usr/bin/python3 - "$FAKE_DATA/$1/$2/versions/1.zip" "$3" "$4" <<'PY'
import io, struct, sys, zipfile
target, kind, mib = sys.argv[1], sys.argv[2], int(sys.argv[3])
class Pipe(io.RawIOBase):  # not seekable: zipfile writes data descriptors
    def __init__(self): self.data = bytearray()
    def writable(self): return True
    def write(self, b): self.data += b; return len(b)
out = Pipe() if kind == "streamed" else io.BytesIO()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("good.csv", "id\n1\n")
    with z.open("bomb.bin", "w") as f:
        block = bytes(1 << 20)
        for _ in range(mib):
            f.write(block)
data = bytearray(out.data if kind == "streamed" else out.getvalue())
if kind == "liar":
    at = data.find(b"PK\x03\x04", 1)  # the second local header
    assert data[at + 30:at + 38] == b"bomb.bin" and struct.unpack_from("<I", data, at + 22)[0] == mib << 20
    struct.pack_into("<I", data, at + 22, 1024)  # its uncompressed size: a lie
open(target, "wb").write(data)
PY
}
bomb_zip mal liar liar 40
bomb_zip mal honest honest 40
bomb_zip mal streamed streamed 40
fake_start
export KAGGLE_USERNAME=alice KAGGLE_KEY="$ALICE_KEY"

# The compressible CSV: served as a zip of a few KiB, once refused as a zip bomb (exit 5).
dl 0 fay/sparse
check_published fay/sparse "$v"
archive_bytes=$(manifest_query 'dataset("fay/sparse")["archive_bytes"]')
(( archive_bytes < 16384 )) || fail "the CSV's zip is $archive_bytes bytes, not a few KiB"
expect_exit 0 "$FK" --data-root "$ROOT" --date "$DAY" verify
# The compression ratio is only an opt-in check per entry now.
dl 5 fay/sparse --force --max-compression-ratio 100
expect_in "$WORK/last.err" "times as many (the opt-in compression ratio limit)"
[[ -f "$ROOT/raw/$DAY/fay/sparse/one_row.csv" ]] || fail "a refused --force download removed the published copy"

# expect_bomb SLUG TEXT [options]: exit 5 naming bomb.bin, nothing published, less than 2 MiB on disk.
expect_bomb() {
  local slug=$1 text=$2
  shift 2
  dl 5 "mal/$slug" "$@"
  expect_in "$WORK/last.err" "bomb.bin"
  expect_in "$WORK/last.err" "$text"
  [[ ! -e "$ROOT/raw/$DAY/mal/$slug" ]] || fail "mal/$slug was published"
  expect_staging_clean
  (( $(du -s --block-size=1M "$ROOT" | cut -f1) < 6 )) || fail "mal/$slug left data behind"
}
# Lies about its size: stopped at the declared 1 KiB, whatever the limits.
expect_bomb liar "expands beyond the 1024 bytes its header declares"
expect_bomb liar "expands beyond the 1024 bytes its header declares" --max-extracted-bytes 1T --max-entry-bytes 1T
# Declares 40 MiB: refused before a byte of it is written when that breaks a limit.
expect_bomb honest "the limit for one file" --max-entry-bytes 10M
expect_bomb honest "the limit on uncompressed bytes (this entry declares 40.0 MiB)" --max-extracted-bytes 10M
# Declares nothing: stopped when it passes a limit.
expect_bomb streamed "unpacks to more than 1.0 MiB, the limit for one file" --max-entry-bytes 1M
expect_bomb streamed "the limit on uncompressed bytes" --max-extracted-bytes 1M

if [[ $(id -u) != 0 ]]; then
  echo "SKIP (free-space part): mounting a tmpfs needs root; running as uid $(id -u)"
  echo "ok"
  exit 0
fi
# On a volume with 128 MiB free, 40 MiB of zeros fit but 200 MiB do not: the declared bomb is refused
# before a byte is written, the streamed one once less than 64 MiB would be left free (exit 10).
mkdir -p "$WORK/small"
mount -t tmpfs -o size=128m tmpfs "$WORK/small" || fail "cannot mount a tmpfs at $WORK/small"
CLEANUPS+=("umount '$WORK/small'")
ROOT="$WORK/small/kaggle"
bomb_zip mal honest-big honest 200
bomb_zip mal streamed-big streamed 200
dl 10 mal/honest-big
expect_in "$WORK/last.err" "more would leave less than 64.0 MiB"
expect_in "$WORK/last.err" "free space on the data volume"
(( $(du -s --block-size=1M "$ROOT" | cut -f1) < 2 )) || fail "the declared bomb wrote data"
dl 10 mal/streamed-big
expect_in "$WORK/last.err" "more would leave less than 64.0 MiB"
[[ ! -e "$ROOT/raw/$DAY/mal/streamed-big" ]] || fail "the streamed bomb was published"
(( $(df --output=avail -B1M "$WORK/small" | tail -1) > 60 )) || fail "the streamed bomb filled the volume"
expect_staging_clean
dl 0 mal/honest
echo "ok"
