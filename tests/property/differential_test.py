#!/usr/bin/env python3
"""Differential test of the CSV scanner against Python's csv module (issue 18).

For every file of a generated messy corpus (tests/corpus/messy_corpus.py), the scanner, run the
way `process` runs it (dialect detected), must see the same records as csv.reader on the file's
true dialect: the same number of records, the same number of fields in each, the same field
bytes (compared by hash). Where csv.reader sees a record whose field count differs from the
header's, the scanner must report extra-cell (more cells, at the first extra field) or
missing-cell (fewer, at the first missing field) at that record, and nowhere else. Files that
are not CSV (0 bytes, a BOM alone, UTF-16/32) must be invalid with blank-header or one
encoding-error naming the encoding. Each file is scanned twice, in 1 MiB blocks and in small blocks
(1 to 65537 bytes, seeded), and both scans must print the same.

Rules this test encodes (docs/process.md, "How CSV files are read"):
  * blank lines are not records (csv.reader yields [] for them; they are dropped);
  * a UTF-8 BOM is skipped;
  * a file whose header has one field has one column: its delimiter cannot be seen, so the scanner
    takes the first of , ; TAB | that never occurs outside quotes in the first 64 KiB and splits no
    value; the test reads such a file with that delimiter (a ragged row there is one value).

Environment: FK_SCAN_DUMP (the fk-scan-dump tool), SOURCE_DIR, FK_PROPERTY_SEED (a number, or
"random"; default FK_PROPERTY_DEFAULT_SEED), FK_PROPERTY_FILES (well-formed files, default 40).
"""

import csv
import io
import json
import os
import random
import shutil
import struct
import subprocess
import sys
import tempfile

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK = (1 << 64) - 1


def fnv(fields):
    h = FNV_OFFSET
    for field in fields:
        data = struct.pack("<Q", len(field.encode("utf-8"))) + field.encode("utf-8")
        for byte in data:
            h = ((h ^ byte) * FNV_PRIME) & MASK
    return f"{h:016x}"


def scan(tool, path, chunk=None):
    env = dict(os.environ)
    if chunk:
        env["FK_SCAN_CHUNK"] = str(chunk)
    out = subprocess.run([tool, path], check=True, capture_output=True, env=env).stdout.decode()
    result = {"header": None, "records": [], "errors": [], "dialect": None, "end": None}
    for line in out.splitlines():
        kind, *rest = line.split(" ")
        if kind == "header":
            result["header"] = (int(rest[0]), rest[1])
        elif kind == "record":
            result["records"].append((int(rest[0]), int(rest[1]), rest[2]))
        elif kind == "error":
            result["errors"].append((rest[0], int(rest[1]), int(rest[2]), rest[3]))
        elif kind == "dialect":
            result["dialect"] = (chr(int(rest[0])), int(rest[1]))
        elif kind == "end":
            result["end"] = (int(rest[0]), rest[1] == "1", rest[2])
    return result


def python_records(path, entry):
    with open(path, "rb") as f:
        text = f.read().decode(entry["encoding"])
    return [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=entry["delimiter"]) if r]


def check_broken(entry, got):
    quirk = entry["quirks"][0]
    records, valid, encoding = got["end"]
    problems = []
    if valid:
        problems.append("is reported valid")
    codes = [e[0] for e in got["errors"]]
    if quirk in ("zero_bytes", "bom_only"):
        if codes != ["blank-header"]:
            problems.append(f"errors {codes}, expected one blank-header")
    else:
        if codes != ["encoding-error"] or encoding != entry["encoding"]:
            problems.append(f"errors {codes} encoding {encoding}, expected one encoding-error and {entry['encoding']}")
    return problems


SAMPLE_BYTES = 64 << 10
SMALL_CHUNKS = [1, 2, 3, 7, 61, 4093, 65537]
CANDIDATES = b",;\t|"


def one_column_delimiter(path):
    """The delimiter the documented rule picks for a file whose header has one field: the first
    candidate that never occurs outside quotes in the sample (the first 64 KiB, complete lines)."""
    with open(path, "rb") as f:
        sample = f.read(SAMPLE_BYTES)
    if sample.startswith(b"\xef\xbb\xbf"):
        sample = sample[3:]
    last = max(sample.rfind(b"\n"), sample.rfind(b"\r"))
    if last >= 0:
        sample = sample[: last + 1]
    seen = set()
    in_quote = False
    for byte in sample:
        if byte == 0x22:
            in_quote = not in_quote
        elif not in_quote:
            seen.add(byte)
    return next((chr(c) for c in CANDIDATES if c not in seen), ",")


def check_file(entry, path, got):
    truth = entry["records"]
    theirs = python_records(path, entry)
    if theirs != truth:
        return ["csv.reader does not read the corpus's records (generator bug)"]
    problems = []
    delimiter = got["dialect"][0]
    if len(truth[0]) == 1:
        # One column: the header cannot show the delimiter, so the rule decides and values are not split.
        expected = one_column_delimiter(path)
        if delimiter != expected:
            problems.append(f"dialect: detected delimiter {delimiter!r}, the one-column rule gives {expected!r}")
        truth = python_records(path, dict(entry, delimiter=expected))
    elif delimiter != entry["delimiter"]:
        problems.append(f"dialect: detected delimiter {delimiter!r}, the file uses {entry['delimiter']!r}")
    header, data = truth[0], truth[1:]
    if got["header"] != (len(header), fnv(header)):
        problems.append(f"header: scanner {got['header']}, csv.reader {len(header)} fields")
    if got["end"][0] != len(data) or len(got["records"]) != len(data):
        problems.append(f"records: scanner {got['end'][0]} ({len(got['records'])} passed on), csv.reader {len(data)}")
    for i, record in enumerate(data, start=1):
        if i > len(got["records"]):
            break
        number, fields, digest = got["records"][i - 1]
        if number != i or fields != len(record) or digest != fnv(record):
            problems.append(f"record {i}: scanner #{number} with {fields} fields, csv.reader {len(record)} fields"
                            + ("" if digest == fnv(record) else " (field bytes differ)"))
            break
    expected = set()
    for i, record in enumerate(data, start=1):
        if len(record) > len(header):
            expected.add(("extra-cell", i, len(header) + 1))
        elif len(record) < len(header):
            expected.add(("missing-cell", i, len(record) + 1))
    seen = {(code, rec, field) for code, rec, field, _ in got["errors"] if code in ("extra-cell", "missing-cell")}
    if seen != expected:
        problems.append(f"field-count errors: missing {sorted(expected - seen)[:5]}, unexpected {sorted(seen - expected)[:5]}")
    return problems


def main():
    tool = os.environ["FK_SCAN_DUMP"]
    source = os.environ.get("SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
    seed_text = os.environ.get("FK_PROPERTY_SEED", os.environ.get("FK_PROPERTY_DEFAULT_SEED", "1"))
    seed = random.SystemRandom().randrange(1, 2**31) if seed_text == "random" else int(seed_text)
    files = os.environ.get("FK_PROPERTY_FILES", "40")
    print(f"differential test: seed {seed} (FK_PROPERTY_SEED={seed} replays it), {files} files", flush=True)
    work = tempfile.mkdtemp(prefix="fk-differential-")
    try:
        subprocess.run([sys.executable, os.path.join(source, "tests", "corpus", "messy_corpus.py"),
                        "--seed", str(seed), "--out", work, "--files", files], check=True)
        with open(os.path.join(work, "corpus.json"), encoding="utf-8") as f:
            corpus = json.load(f)
        csv.field_size_limit(sys.maxsize)
        failures = 0
        rng = random.Random(seed)
        for entry in corpus:
            path = os.path.join(work, entry["path"])
            got = scan(tool, path)
            problems = check_broken(entry, got) if entry["records"] is None else check_file(entry, path, got)
            # The same file fed in small blocks must give exactly the same output.
            chunk = rng.choice(SMALL_CHUNKS)
            if not problems and scan(tool, path, chunk) != got:
                problems.append(f"fed in {chunk}-byte blocks the scanner sees something else than in 1 MiB blocks")
            if problems:
                failures += 1
                print(f"FAIL {entry['path']} (quirks {', '.join(entry['quirks'])}):")
                for problem in problems:
                    print(f"    {problem}")
        print(f"{len(corpus) - failures} of {len(corpus)} files agree")
        return 1 if failures else 0
    finally:
        if os.environ.get("FK_PROPERTY_KEEP"):
            print(f"corpus kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
