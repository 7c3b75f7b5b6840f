#!/usr/bin/env python3
"""Write the seed corpora of tests/fuzz/corpus/<target>/: a few valid and a few tricky inputs each,
taken from tests/data and the unit tests. Run from anywhere; it rewrites the folders it owns."""

import hashlib
import io
import os
import pathlib
import shutil
import tarfile
import warnings
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
tarfile.RECORDSIZE = 512  # no 10 KiB padding: small seeds
warnings.simplefilter("ignore")  # zipfile warns about the duplicate name we want
DATA = ROOT / "tests/data/datasets/erlichsefi/israeli-supermarkets-2024/versions/2"


def write(target, name, data):
    folder = HERE / "corpus" / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def head(path, lines):
    return b"".join(path.read_bytes().splitlines(keepends=True)[:lines])


def csv_seeds():
    # The first byte selects the options (see fuzz_csv_scanner.cpp): 0 = defaults, header row.
    sample = head(DATA / "price_file_rami_levy.csv", 6)
    write("fuzz_csv_scanner", "sample_price", b"\x00" + sample)
    write("fuzz_csv_scanner", "sample_promo_chunk3", b"\x40" + head(DATA / "promo_file_tiv_taam.csv", 6))
    write("fuzz_csv_scanner", "quoted_newline", b"\x00" + b'id,text\r\n1,"a\r\nb"\r\n2,"say ""hi"""\r\n')
    write("fuzz_csv_scanner", "unclosed_quote", b"\x20" + b'a,b\n1,"open\n2,3\n')
    write("fuzz_csv_scanner", "bom_semicolon_lone_cr", b"\x06" + b"\xef\xbb\xbfa;b\r1;2\r3;4")
    write("fuzz_csv_scanner", "invalid_utf8_ragged", b"\x01" + b"x,y\n\xff\xfe,1\n1,2,3\n\n4\n")
    write("fuzz_csv_scanner", "types", b"\x00" + b"n,f,d,b\n1,1.5,2024-01-01,true\n-2,1e9,2024-13-40,no\n,NaN,,\n")


def zip_bytes(members, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def tar_bytes(members, mode="w"):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode, format=tarfile.PAX_FORMAT) as archive:
        for info, data in members:
            info.mtime = 1700000000
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def tar_file(name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    return (info, data)


def tar_special(name, kind, target=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return (info, None)


def archive_seeds():
    csv = head(DATA / "price_file_osher_ad.csv", 4)
    index = (DATA / "index.json").read_bytes()[:400]
    valid_zip = zip_bytes([("price.csv", csv), ("sub/index.json", index)])
    write("fuzz_archive_extract", "valid.zip", valid_zip)
    write("fuzz_archive_extract", "stored.zip", zip_bytes([("a.csv", b"a,b\n1,2\n")], zipfile.ZIP_STORED))
    write("fuzz_archive_extract", "valid.tar", tar_bytes([tar_special("dir", tarfile.DIRTYPE), tar_file("dir/a.csv", csv)]))
    write("fuzz_archive_extract", "valid.tar.gz", tar_bytes([tar_file("x/y.csv", csv)], "w:gz"))
    write("fuzz_archive_extract", "dotdot.zip", zip_bytes([("../evil.csv", b"x")]))
    write("fuzz_archive_extract", "absolute.tar", tar_bytes([tar_file("/etc/evil", b"x")]))
    write("fuzz_archive_extract", "symlink.tar", tar_bytes([tar_special("link", tarfile.SYMTYPE, "/etc/passwd")]))
    write("fuzz_archive_extract", "hardlink.tar", tar_bytes([tar_file("a", b"1"), tar_special("b", tarfile.LNKTYPE, "a")]))
    write("fuzz_archive_extract", "duplicate.zip", zip_bytes([("d.csv", b"1\n"), ("d.csv", b"2\n")]))
    write("fuzz_archive_extract", "truncated.zip", valid_zip[: len(valid_zip) // 2])
    write("fuzz_archive_extract", "bomb.zip", zip_bytes([("zeros.bin", b"\0" * (1 << 20))]))


MD5 = "0123456789abcdef0123456789abcdef"


def manifest_seeds():
    sha = hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    valid = ('{"schema":"fetch-kaggle/download-manifest","schema_version":1,"day":"20260101",'
             '"updated_at":"2026-01-01T00:00:00Z","tool_version":"0.1.0","datasets":[{"ref":"a/b","version":2,'
             '"status":"downloaded","title":"T","license":"CC0-1.0","source_url":"https://www.kaggle.com/datasets/a/b",'
             '"fetched_at":"2026-01-01T00:00:00Z","archive_bytes":120,"archive_md5":"' + MD5 + '","file_count":2,'
             '"total_bytes":16,"total_records":1,"files":[{"path":"x.csv","bytes":8,"sha256":"' + sha + '","records":1},'
             '{"path":"\\ufffd.bin","path_hex":"ff2e62696e","bytes":8,"sha256":"' + sha + '","records":null}]},'
             '{"ref":"c/d","version":1,"status":"failed","reason":"not found","files":[]},'
             '{"ref":"e/f","version":3,"status":"unchanged","unchanged_day":"20251231","files":[]}]}')
    write("fuzz_download_manifest", "valid.json", valid)
    write("fuzz_download_manifest", "empty_datasets.json", '{"schema":"fetch-kaggle/download-manifest","datasets":[]}')
    write("fuzz_download_manifest", "wrong_schema.json", '{"schema":"something-else","datasets":[]}')
    write("fuzz_download_manifest", "wrong_types.json",
          '{"schema":"fetch-kaggle/download-manifest","day":5,"datasets":[{"ref":[],"version":"2","files":{}}]}')
    write("fuzz_download_manifest", "truncated.json", valid[: len(valid) // 2])


def state_seeds():
    valid = ('{"schema":"fetch-kaggle/download-state","schema_version":1,"datasets":{"a/b":{"version":2,'
             '"fetched_at":"2026-01-01T00:00:00Z","day":"20260101","archive_md5":"' + MD5 + '",'
             '"archive_bytes":120,"files":["*.csv","index.json"]},"c/d":{"version":1,"files":[]}}}')
    write("fuzz_download_state", "valid.json", valid)
    write("fuzz_download_state", "empty.json", '{"schema":"fetch-kaggle/download-state","datasets":{}}')
    write("fuzz_download_state", "wrong_schema.json", '{"schema":"fetch-kaggle/download-manifest"}')
    write("fuzz_download_state", "wrong_types.json",
          '{"schema":"fetch-kaggle/download-state","datasets":{"a/b":{"version":"x","files":[1,null]}}}')
    write("fuzz_download_state", "truncated.json", valid[:70])


def api_seeds():
    # The first byte selects the reader (low 2 bits) and the HTTP status (bits 2-4).
    dataset = ('{"id": 1, "ref": "heptapod/titanic", "title": "Titanic", "subtitle": "Who survived", '
               '"creatorName": "Heptapod", "totalBytes": "34877", "url": "https://www.kaggle.com/datasets/heptapod/titanic", '
               '"lastUpdated": "2019-03-29T11:04:09.553Z", "downloadCount": 12, "isPrivate": false, '
               '"licenseName": "CC0-1.0", "currentVersionNumber": 7, "tags": [{"ref": "ships", "name": "Ships"}, "history"], '
               '"someFutureField": {"nested": [1, 2]}}')
    write("fuzz_kaggle_api", "dataset", b"\x00" + dataset.encode())
    write("fuzz_kaggle_api", "dataset_page", b"\x01" + b'{"datasets": [{"ref": "a/b", "totalBytes": 5}, {"ref": "c/d"}], "nextPageToken": ""}')
    write("fuzz_kaggle_api", "file_page", b"\x02" + b'{"datasetFiles": [{"ref": "train.csv", "datasetRef": "heptapod/titanic", '
          b'"ownerRef": "heptapod", "name": "train.csv", "creationDate": "2019-03-29T11:04:09.553Z", "fileType": ".csv", '
          b'"totalBytes": 61194, "columns": []}], "nextPageToken": "CgtIb3VzZS5jc3Y="}')
    write("fuzz_kaggle_api", "file_page_error", b"\x02" + b'{"datasetFiles": [], "errorMessage": "Dataset version not found"}')
    write("fuzz_kaggle_api", "metadata", b"\x03" + b'{"info": {"datasetId": 5839, "datasetSlug": "data", "ownerUser": "nih-chest-xrays", '
          b'"usabilityRating": 0.7352941, "totalViews": 512345, "title": "NIH Chest X-rays", "isPrivate": false, '
          b'"keywords": ["health"], "licenses": [{"name": "CC0-1.0"}], "collaborators": [], "data": []}}')
    write("fuzz_kaggle_api", "error_in_200", b"\x00" + b'{"code":404,"message":"Not found"}')
    write("fuzz_kaggle_api", "error_nested_429", b"\x18" + b'{"error":{"code":429,"message":"Too many requests","status":"RESOURCE_EXHAUSTED"}}')
    write("fuzz_kaggle_api", "int64_overflow", b"\x00" + b'{"totalBytes": "99999999999999999999", "currentVersionNumber": -1}')


def config_seeds():
    write("fuzz_datasets_config", "docker.yaml", (ROOT / "docker/datasets.yaml").read_bytes())
    write("fuzz_datasets_config", "mapping.yaml",
          'datasets:\n  - erlichsefi/israeli-supermarkets-2024\n  - ref: owner/slug\n    version: 3\n'
          '    files: ["price_full_file_*.csv", "index.json"]\n    schemas:\n'
          '      "price_full_file_*.csv": schemas/price_full.json\n')
    write("fuzz_datasets_config", "json.json", '{"datasets": ["a/b/2", {"ref": "c/d", "files": ["*.csv"]}]}')
    write("fuzz_datasets_config", "unknown_key.yaml", "datasets: [{ref: a/b, colour: red}]\n")
    write("fuzz_datasets_config", "anchors.yaml", "x: &a [a/b, c/d]\ndatasets: *a\n")
    write("fuzz_datasets_config", "bad_ref.yaml", "datasets:\n  - ../etc\n  - ref: A/B\n    version: -1\n")
    write("fuzz_datasets_config", "retention_typo.yaml", "datasets: [a/b]\nretenion:\n  raw: 30d\n")
    write("fuzz_datasets_config", "retention_key.yaml", "retention:\n  ? [raw]\n  : 30d\n  archive: 12w\n")


def credentials_seeds():
    write("fuzz_credentials", "kaggle.json", '{"username": "alice", "key": "0123456789abcdef0123456789abcdef"}')
    write("fuzz_credentials", "token", "KGAT_0123456789abcdef0123456789abcdef\n")
    write("fuzz_credentials", "truncated.json", '{"username": "alice", "key": "0123456789abcdef')
    write("fuzz_credentials", "numeric_key.json", '{"username": "alice", "key": 12345678901234}')
    write("fuzz_credentials", "array.json", '["alice", "0123456789abcdef0123456789abcdef"]')
    write("fuzz_credentials", "two_words", "one two\n")
    write("fuzz_credentials", "control.json", '{"username": "al\\u0001ice", "key": "k\\u0000ey"}')


def header_seeds():
    # The first byte selects the parser: 0 Retry-After, 1 HTTP date, 2 x-goog-hash, 3 Content-Range.
    for name, data in [("retry_seconds", "\x00120"), ("retry_fraction", "\x001.5"), ("retry_negative", "\x00-3"),
                       ("retry_date", "\x00Wed, 21 Oct 2015 07:28:00 GMT"), ("date", "\x01Sun, 06 Nov 1994 08:49:37 GMT"),
                       ("date_bad_day", "\x01Sun, 31 Feb 1994 25:61:61 GMT"),
                       ("goog_hash", "\x02crc32c=n03x6A==,md5=Ojk9c3dhfxgoKVVHYwFbHQ=="),
                       ("goog_hash_bad", "\x02md5=not-base64,md5="),
                       ("range", "\x03bytes 0-499/1234"), ("range_star", "\x03bytes 500-999/*"),
                       ("range_unsatisfied", "\x03bytes */1234"), ("range_inverted", "\x03bytes 9-3/10"),
                       ("range_overflow", "\x03bytes 0-18446744073709551616/18446744073709551617")]:
        write("fuzz_http_headers", name, data)


def main():
    shutil.rmtree(HERE / "corpus", ignore_errors=True)
    for make in (csv_seeds, archive_seeds, manifest_seeds, state_seeds, api_seeds, config_seeds,
                 credentials_seeds, header_seeds):
        make()


if __name__ == "__main__":
    main()
