#!/usr/bin/python3
"""Download a dataset the way the official Kaggle client does, as a peer for bench_download.sh.

usage: official_client.py BASE_URL OWNER/SLUG OUT_DIR

Like `kaggle datasets download -p OUT_DIR --unzip OWNER/SLUG`: GET
BASE_URL/api/v1/datasets/download/OWNER/SLUG (following the redirect to storage), stream the body
into OUT_DIR/SLUG.zip in 1 MiB chunks with requests, check the size against Content-Length, then
zipfile.extractall into OUT_DIR and delete the zip. No hashing, no record counting.
"""
import os
import sys
import zipfile

import requests

CHUNK = 1 << 20


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    base, ref, out_dir = sys.argv[1:]
    owner, slug = ref.split("/", 1)
    os.makedirs(out_dir, exist_ok=True)
    target = os.path.join(out_dir, slug + ".zip")
    with requests.get(f"{base}/api/v1/datasets/download/{owner}/{slug}", stream=True, timeout=60) as response:
        response.raise_for_status()
        expected = int(response.headers.get("Content-Length", -1))
        written = 0
        with open(target, "wb") as out:
            for chunk in response.iter_content(chunk_size=CHUNK):
                out.write(chunk)
                written += len(chunk)
    if expected >= 0 and written != expected:
        print(f"official_client: got {written} bytes, expected {expected}", file=sys.stderr)
        return 1
    with zipfile.ZipFile(target) as archive:
        archive.extractall(out_dir)
    os.remove(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
