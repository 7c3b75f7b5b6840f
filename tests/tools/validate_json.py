#!/usr/bin/python3
"""Validate JSON files against one of docs/schemas/*.schema.json (Debian's python3-jsonschema).

usage: validate_json.py SCHEMA FILE [FILE...]
Exits 1 and names the file, the failing path and the reason on the first invalid file.
"""
import json
import sys

import jsonschema


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema, format_checker=jsonschema.FormatChecker())
    for name in sys.argv[2:]:
        with open(name, encoding="utf-8") as handle:
            document = json.load(handle)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        if errors:
            for error in errors[:5]:
                path = "/".join(str(p) for p in error.path)
                print(f"{name}: /{path}: {error.message}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
