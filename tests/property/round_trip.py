#!/usr/bin/env python3
"""Round-trip property of `process` (issue 18): every loaded cell, read back and rendered by the
documented rule (docs/process.md, "Lossless values"), equals the source text, and every record of
every file is a loaded row or a rejected row with its reason.

  round_trip.py build  CORPUS ROOT DAY          put CORPUS (tests/corpus/messy_corpus.py) into ROOT as
                                                dataset prop/corpus of day DAY, with its manifest
  round_trip.py sqlite CORPUS ROOT DAY          check processed/DAY/load_summary.json and the SQLite db
  round_trip.py postgres CORPUS ROOT DAY PSQL.. check against PostgreSQL, read back with the psql command

Files the loader cannot hold as one table are in the data root too (FK_PROPERTY_ALL=0 leaves them
out): the ones that are not well-formed CSV (records null) and those with more columns than the
engine takes (SQLite 2000, PostgreSQL 1600 minus _day and _version); such a table must be failed or
skipped with a reason while the others load.
"""

import collections
import csv
import datetime
import decimal
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import differential_test  # noqa: E402  (the one-column rule, shared with the differential test)

REF = "prop/corpus"
NULL_TOKENS = {"", "''"}
MAX_COLUMNS = {"sqlite": 2000, "postgres": 1598}


def render_number(value):
    """The documented rule R for a number: the shortest digits that read back as the double
    (Python's repr, like std::to_chars), written positionally without exponent."""
    text = format(decimal.Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def loadable(entry, engine):
    if os.environ.get("FK_PROPERTY_ALL", "1") == "1":
        return True
    return entry["records"] is not None and len(entry["records"][0]) <= MAX_COLUMNS[engine]


def build(corpus, root, day):
    entries = json.load(open(os.path.join(corpus, "corpus.json"), encoding="utf-8"))
    folder = os.path.join(root, "raw", day, REF)
    files = []
    for entry in entries:
        if not loadable(entry, "postgres"):
            continue
        data = open(os.path.join(corpus, entry["path"]), "rb").read()
        target = os.path.join(folder, entry["path"])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "wb").write(data)
        records = None if entry["records"] is None else len(entry["records"]) - 1
        files.append({"path": entry["path"], "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                      "records": records})
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    manifest = {"schema": "fetch-kaggle/download-manifest", "schema_version": 1, "day": day, "updated_at": now,
                "tool_version": "test", "datasets": [{
                    "ref": REF, "version": 1, "status": "downloaded", "title": "messy corpus", "license": "CC0-1.0",
                    "source_url": "https://www.kaggle.com/datasets/" + REF, "fetched_at": now, "archive_bytes": 0,
                    "archive_md5": "", "file_count": len(files), "total_bytes": sum(f["bytes"] for f in files),
                    "total_records": sum(f["records"] or 0 for f in files), "files": files}]}
    with open(os.path.join(root, "raw", day, "download_manifest.json"), "w", encoding="utf-8") as out:
        json.dump(manifest, out, ensure_ascii=False, indent=1)
    print(f"round_trip: {len(files)} of {len(entries)} corpus files in the data root")


def read_rejected(path):
    csv.field_size_limit(sys.maxsize)
    with open(path, newline="", encoding="utf-8", errors="surrogateescape") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def source_records(corpus, entry):
    """The file's records as the documented dialect rule reads them: the generator's records, but a
    file whose header has one field is one column (docs/process.md, "How CSV files are read"), so it
    is read with the delimiter that rule picks and a ragged row there is one value."""
    if len(entry["records"][0]) != 1:
        return entry["records"]
    path = os.path.join(corpus, entry["path"])
    return differential_test.python_records(path, dict(entry, delimiter=differential_test.one_column_delimiter(path)))


def check(corpus, root, day, engine, read_table):
    entries = {e["path"]: e for e in json.load(open(os.path.join(corpus, "corpus.json"), encoding="utf-8"))}
    summary = json.load(open(os.path.join(root, "processed", day, "load_summary.json"), encoding="utf-8"))
    tables = {t["file"]: t for t in summary["tables"] if t["dataset"] == REF}
    problems = []
    cells = loaded_total = rejected_total = 0
    rejected_files = set()
    table_names = set()
    for path, entry in sorted(entries.items()):
        if not loadable(entry, "postgres"):
            continue
        t = tables.get(path)
        if t is None:
            problems.append(f"{path}: not in load_summary.json")
            continue
        if entry["records"] is None or len(entry["records"][0]) > MAX_COLUMNS[engine]:
            if t["status"] == "loaded" or not t["message"]:
                problems.append(f"{path}: expected failed/skipped with a reason, got {t['status']}")
            continue
        header, records = source_records(corpus, entry)[0], source_records(corpus, entry)[1:]
        if t["status"] == "failed" and engine == "postgres" and "row is too big" in (t["message"] or ""):
            # PostgreSQL's 8 kB row limit (1000 text columns): the table failed whole, with the reason.
            print(f"  note: {path}: {len(header)} columns, failed as PostgreSQL refused it: row is too big")
            continue
        if t["status"] != "loaded":
            problems.append(f"{path}: {t['status']}: {t['message']}")
            continue
        if t["records_read"] != len(records) or t["loaded"] + t["rejected"] != t["records_read"]:
            problems.append(f"{path}: records_read {t['records_read']} loaded {t['loaded']} rejected "
                            f"{t['rejected']}, the file has {len(records)} records")
        key = t["target"]["table"]
        if key in table_names:
            problems.append(f"{path}: table {key} is another file's too")
        table_names.add(key)
        rows = read_table(t)
        rejected = []
        if t["rejected"]:
            if not t["rejected_file"] or t["rejected_file"] in rejected_files:
                problems.append(f"{path}: rejected file {t['rejected_file']!r} missing or shared")
                continue
            rejected_files.add(t["rejected_file"])
            labels, body = read_rejected(t["rejected_file"])
            if labels != header + ["_reason"]:
                problems.append(f"{path}: rejected header {labels[:5]} is not the file's labels + _reason")
            for row in body:
                if not row[-1]:
                    problems.append(f"{path}: a rejected row without a reason")
                rejected.append(tuple(row[:-1]))
        if len(rows) != t["loaded"] or len(rejected) != t["rejected"]:
            problems.append(f"{path}: {len(rows)} rows in the table and {len(rejected)} rejected, "
                            f"summary says {t['loaded']} and {t['rejected']}")
        # Loaded rows: NULL stands for a null token, anything else must be the exact text.
        source = collections.Counter(tuple(r) for r in records)
        got = collections.Counter(rejected)
        for row in rows:
            match = None
            for record in (r for r in source if len(r) == len(row)):
                if all((cell is None and text in NULL_TOKENS) or cell == text for cell, text in zip(row, record)):
                    match = record
                    break
            if match is None:
                problems.append(f"{path}: loaded row {row[:6]!r} is no source record (rendered by rule R)")
                continue
            got[match] += 1
            cells += len(row)
        if got != source:
            missing = list((source - got).elements())[:2]
            extra = list((got - source).elements())[:2]
            problems.append(f"{path}: loaded + rejected differ from the records: missing {missing!r:.300} "
                            f"extra {extra!r:.300}")
        loaded_total += len(rows)
        rejected_total += len(rejected)
    print(f"round_trip {engine}: {len(table_names)} tables, {loaded_total} rows ({cells} cells) read back, "
          f"{rejected_total} rejected rows")
    for p in problems[:40]:
        print("  " + p)
    return 1 if problems else 0


def sqlite_reader(table):
    db = sqlite3.connect(table["target"]["database"])
    db.text_factory = lambda b: b.decode("utf-8", "surrogateescape")
    out = []
    for row in db.execute(f'SELECT * FROM "{table["target"]["table"].replace(chr(34), chr(34) * 2)}"'):
        out.append(tuple(None if v is None else str(v) if isinstance(v, int) else
                         render_number(v) if isinstance(v, float) else v for v in row))
    return out


def postgres_reader(psql):
    def read(table):
        schema = table["target"]["schema"]
        name = table["target"]["table"]
        ident = lambda s: '"' + s.replace('"', '""') + '"'
        literal = "'" + (ident(schema) + "." + ident(name)).replace("'", "''") + "'"
        types = subprocess.run(psql + ["-c", "COPY (SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
                                       f"WHERE attrelid = {literal}::regclass AND attnum > 2 "
                                       "AND NOT attisdropped ORDER BY attnum) TO STDOUT (FORMAT csv)"],
                               check=True, capture_output=True).stdout.decode()
        columns = list(csv.reader(io.StringIO(types, newline="")))
        exprs = [f"CASE WHEN {ident(c)} IS NULL THEN 'N' ELSE 'V' || {ident(c)}::text END" for c, _ in columns]
        query = f"COPY (SELECT {', '.join(exprs)} FROM {ident(schema)}.{ident(name)}) TO STDOUT (FORMAT csv)"
        data = subprocess.run(psql + ["-c", query], check=True, capture_output=True).stdout.decode()
        csv.field_size_limit(sys.maxsize)
        out = []
        for record in csv.reader(io.StringIO(data, newline="")):
            row = []
            for (_, kind), cell in zip(columns, record):
                if cell == "N":
                    row.append(None)
                    continue
                text = cell[1:]
                if kind == "double precision":
                    text = render_number(text)  # boolean::text is true/false, date::text YYYY-MM-DD
                row.append(text)
            out.append(tuple(row))
        return out
    return read


def main():
    mode, corpus, root, day = sys.argv[1:5]
    if mode == "build":
        build(corpus, root, day)
        return 0
    if mode == "sqlite":
        return check(corpus, root, day, "sqlite", sqlite_reader)
    return check(corpus, root, day, "postgres", postgres_reader(sys.argv[5:]))


if __name__ == "__main__":
    sys.exit(main())
