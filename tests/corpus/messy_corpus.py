#!/usr/bin/env python3
"""Write a seeded corpus of messy CSV files and the truth about each (corpus.json).

Usage: messy_corpus.py --seed N --out DIR [--files K]

DIR/corpus.json is a list of entries, one per file:
  {"path": "sub/name.csv", "encoding": "utf-8" | "utf-8-sig" | "utf-16-le" | ...,
   "delimiter": "," | ";" | "\t", "line_endings": "lf" | "crlf" | "cr" | "mixed",
   "quirks": ["quoted_newline", ...],
   "records": [[field, ...], ...]   # every record, the header first; blank lines are not records
              | null}               # the file is not a well-formed CSV (0 bytes, BOM only, UTF-16...)

Each file is written from its `records` with Python's csv module (QUOTE_MINIMAL, the entry's
delimiter); line endings and blank lines are written by this script, so `records` stays the truth.
Every written file is read back with csv.reader and compared to `records` before the script exits.
The same seed and file count give the same bytes.

Value quirks live in VALUE_QUIRKS (name -> function(rng) -> str): add an entry to extend them.
"""

import argparse
import csv
import io
import json
import os
import random
import sys

# ---------------------------------------------------------------- values

HEBREW = ["מחיר", "שם", "כתובת", "תל אביב", "ירושלים", "חלב 3%", "לחם", "קוד פריט", "שלום עולם"]
EMOJI = ["😀", "🍎", "👍🏽", "🇮🇱", "👨‍👩‍👧", "🔥x", "a🍕b", "✓"]
NUMBERS = ["1e5", "-0", "+3", ".5", "1.10", "1,000", "0x1F", "inf", "-inf", "nan", "NaN",
           "1E-7", "3.14159", "-2.5e+10", "12", "-7", "0.0", "1_000", "١٢٣", "1.", "00.5"]
LEADING_ZEROS = ["007", "012", "000", "00123", "0501234567", "0", "0.50", "-007", "0000000001"]
BIG_INTS = ["9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "18446744073709551616", "123456789012345678901234567890"]


def v_plain(rng):
    return rng.choice(["alpha", "beta", "x", "hello world", "  padded  ", "A-1", "yes", "no",
                       "true", "false", "2024-01-31", "12:30:00", str(rng.randint(0, 99999))])


def v_quoted_newline(rng):
    return rng.choice(["line1\nline2", "a\r\nb", "x\ry", "\n", "end\n", "\nstart", "p\n\nq"])


def v_quote_in_field(rng):
    return rng.choice(['say "hi"', '"', '""', '5" screen', '"quoted"', 'a""b', "it's"])


def v_delimiters_inside(rng):
    return rng.choice(["a,b", "x;y", "t\tu", "a|b", ",", ";", "\t", "1,000"])


def v_hebrew(rng):
    return rng.choice(HEBREW)


def v_emoji(rng):
    return rng.choice(EMOJI)


def v_numbers(rng):
    return rng.choice(NUMBERS)


def v_leading_zeros(rng):
    return rng.choice(LEADING_ZEROS)


def v_big_int(rng):
    return rng.choice(BIG_INTS)


def v_nul(rng):
    return rng.choice(["x\0y", "\0", "ab\0", "\0cd"])


def v_empty_fields(rng):
    return ""


# Value quirks: a file with one of these quirks draws some of its values from the function.
VALUE_QUIRKS = {
    "quoted_newline": v_quoted_newline,
    "quote_in_field": v_quote_in_field,
    "delimiter_in_field": v_delimiters_inside,
    "hebrew": v_hebrew,
    "emoji": v_emoji,
    "numbers": v_numbers,
    "leading_zeros": v_leading_zeros,
    "big_int": v_big_int,
    "nul": v_nul,
    "empty_fields": v_empty_fields,
}

# Value quirks of the loader's lossless rule (issue 18 item 1, tests/property/): spellings of
# booleans, dates and datetimes that PostgreSQL prints otherwise, and the canonical ones, so a column
# of them is typed in one file and text in another; numbers at the edge of the shortest-digits rule.
def v_spellings(rng):
    return rng.choice(["true", "false", "TRUE", "False", "2024-01-31", "31/01/2024", "0001-01-01",
                       "2024-01-02 03:04:05", "2024-01-02T03:04:05", "2024-01-02 03:04:05.5",
                       "2024-01-02 03:04:05.50", "2024-01-02 03:04", "2024-01-02 03:04:05Z",
                       "2024-01-02 03:04:05+02:00", "2024-12-31 23:59:60", "0.1", "100000000000000000000",
                       "0.12345678901234567", "12345678901234567", "-0.0", "5e-324"])


VALUE_QUIRKS["spellings"] = v_spellings

# ---------------------------------------------------------------- names

NAME_STEMS = ["data", "prices", "מחירים", "sales_2024", "😀emoji", "חנות-1", "items", "mixed נתונים",
              "a b c", "report"]
SUBDIRS = ["", "", "", "sub", "sub/deeper", "תיקייה", "nested/😀"]


def pick_path(rng, index, ext):
    folder = rng.choice(SUBDIRS)
    name = f"{index:03d}_{rng.choice(NAME_STEMS)}.{ext}"
    return f"{folder}/{name}" if folder else name


# ---------------------------------------------------------------- records

def make_header(rng, ncols, quirks):
    header = []
    for c in range(ncols):
        roll = rng.random()
        if "hebrew" in quirks and roll < 0.3:
            header.append(f"{rng.choice(HEBREW)}_{c}")
        elif "emoji" in quirks and roll < 0.4:
            header.append(f"{rng.choice(EMOJI)}{c}")
        elif "quote_in_field" in quirks and roll < 0.45:
            header.append(f'col "{c}"')
        else:
            header.append(f"col_{c}")
    return header


def make_value(rng, value_quirks):
    if value_quirks and rng.random() < 0.6:
        return VALUE_QUIRKS[rng.choice(value_quirks)](rng)
    return v_plain(rng)


def make_records(rng, quirks):
    value_quirks = [q for q in sorted(quirks) if q in VALUE_QUIRKS]
    if "many_columns" in quirks:
        ncols = rng.choice([1000, 2001, 2500, 5000])
        nrows = rng.randint(1, 4)
    else:
        ncols = rng.randint(1, 12)
        nrows = rng.randint(0, 60)
    records = [make_header(rng, ncols, quirks)]
    for _ in range(nrows):
        records.append([make_value(rng, value_quirks) for _ in range(ncols)])
    if "huge_field" in quirks and nrows > 0:
        row = rng.randint(1, nrows)
        chunk = "huge field é ✓ " * 64
        size = rng.randint(900_000, 1_100_000)
        records[row][rng.randrange(ncols)] = (chunk * (size // len(chunk) + 1))[:size]
    if "ragged" in quirks and nrows > 0:
        for _ in range(rng.randint(1, 3)):
            row = rng.randint(1, nrows)
            if rng.random() < 0.5 and ncols > 1:
                records[row] = records[row][: rng.randint(1, ncols - 1)]
            else:
                records[row] = records[row] + ["extra"] * rng.randint(1, 3)
    if "stray_quote" in quirks and nrows > 0:
        for _ in range(rng.randint(1, 5)):
            row = records[rng.randint(1, nrows)]
            row[rng.randrange(len(row))] = rng.choice(STRAY_QUOTE_VALUES)
    if "trailing_delimiter" in quirks:
        records = [r + [""] for r in records]
    return records


# ---------------------------------------------------------------- bytes

TERMINATORS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


def render_record(record, delimiter):
    # "\r\n" as the writer's terminator makes QUOTE_MINIMAL quote any field holding \r or \n,
    # whatever terminator the file ends its lines with.
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n").writerow(record)
    return out.getvalue()[:-2]


STRAY_QUOTE_VALUES = ['5" screen', 'a"b', 'x""', '12"']


def render_stray(record, delimiter):
    # A stray quote inside an unquoted value: csv.writer would quote the value, so write it bare
    # (csv.reader, like the scanner, keeps such a quote literally).
    return delimiter.join(f if f in STRAY_QUOTE_VALUES else render_record([f], delimiter) for f in record)


def render_text(rng, records, delimiter, endings, quirks):
    parts = []
    for i, record in enumerate(records):
        term = TERMINATORS[rng.choice(["lf", "crlf", "cr"]) if endings == "mixed" else endings]
        last = i + 1 == len(records)
        stray = "stray_quote" in quirks and any(f in STRAY_QUOTE_VALUES for f in record)
        parts.append(render_stray(record, delimiter) if stray else render_record(record, delimiter))
        if not (last and "no_final_newline" in quirks):
            parts.append(term)
        if "blank_lines" in quirks and not last and rng.random() < 0.2:
            parts.append(term * rng.randint(1, 2))
    return "".join(parts)


def read_back(data, encoding, delimiter):
    csv.field_size_limit(sys.maxsize)
    text = data.decode(encoding)
    return [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if r]


# ---------------------------------------------------------------- files

STRUCTURE_QUIRKS = ["quoted_newline", "blank_lines", "trailing_delimiter", "no_final_newline", "bom",
                    "huge_field", "many_columns", "ragged", "stray_quote"]

# Files that are not well-formed CSV: (quirk, path, encoding, bytes).
def broken_files(rng):
    body = "id,name\n1,שלום\n2,😀\n"
    return [
        ("zero_bytes", "broken/empty.csv", "utf-8", b""),
        ("bom_only", "broken/bom_only.csv", "utf-8-sig", b"\xef\xbb\xbf"),
        ("utf16le_bom", "broken/utf16le.csv", "utf-16-le", b"\xff\xfe" + body.encode("utf-16-le")),
        ("utf16be_bom", "broken/utf16be.csv", "utf-16-be", b"\xfe\xff" + body.encode("utf-16-be")),
        ("utf32le_bom", "broken/utf32le.csv", "utf-32-le",
         b"\xff\xfe\x00\x00" + body.encode("utf-32-le")),
        ("utf32be_bom", "broken/utf32be.csv", "utf-32-be",
         b"\x00\x00\xfe\xff" + body.encode("utf-32-be")),
    ]


def pick_quirks(rng, index):
    quirks = set(rng.sample(sorted(VALUE_QUIRKS), rng.randint(1, 4)))
    for q in STRUCTURE_QUIRKS:
        limit = 0.08 if q in ("huge_field", "many_columns") else 0.3
        if rng.random() < limit:
            quirks.add(q)
    # Every structural quirk appears at least once in the first files of a corpus.
    if index < len(STRUCTURE_QUIRKS):
        quirks.add(STRUCTURE_QUIRKS[index])
    if "huge_field" in quirks and "many_columns" in quirks:
        quirks.discard("many_columns")
    return quirks


def make_file(rng, index):
    quirks = pick_quirks(rng, index)
    tsv = rng.random() < 0.2
    delimiter = "\t" if tsv else rng.choice([",", ",", ",", ";", "\t"])
    quirks.add({",": "comma", ";": "semicolon", "\t": "tab"}[delimiter])
    endings = rng.choice(["lf", "lf", "crlf", "cr", "mixed"])
    quirks.add(f"endings_{endings}")
    records = make_records(rng, quirks)
    if "blank_lines" in quirks and len(records[0]) == 1:
        quirks.discard("blank_lines")  # a blank line is a record of one empty field there
    text = render_text(rng, records, delimiter, endings, quirks)
    encoding = "utf-8-sig" if "bom" in quirks else "utf-8"
    data = text.encode(encoding)
    path = pick_path(rng, index, "tsv" if tsv else "csv")
    entry = {"path": path, "encoding": encoding, "delimiter": delimiter, "line_endings": endings,
             "quirks": sorted(quirks), "records": records}
    return entry, data


def write(out, path, data):
    full = os.path.join(out, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(data)


def main():
    parser = argparse.ArgumentParser(description="Write a seeded corpus of messy CSV files.")
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--files", type=int, default=40, help="well-formed files (default 40)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    entries = []
    for quirk, path, encoding, data in broken_files(rng):
        write(args.out, path, data)
        entries.append({"path": path, "encoding": encoding, "delimiter": ",", "line_endings": "lf",
                        "quirks": [quirk], "records": None})
    for index in range(args.files):
        entry, data = make_file(rng, index)
        got = read_back(data, entry["encoding"], entry["delimiter"])
        if got != entry["records"]:
            sys.exit(f"messy_corpus: {entry['path']} does not read back as its records (generator bug)")
        write(args.out, entry["path"], data)
        entries.append(entry)
    with open(os.path.join(args.out, "corpus.json"), "w", encoding="utf-8") as f:
        json.dump(entries, f, ensure_ascii=False, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
