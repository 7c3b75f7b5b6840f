#!/usr/bin/python3
"""Turn the rows of a benchmark run into one table and bench/results/<name>.json per benchmark.

usage: report.py --rows DIR --results DIR --size SIZE --seed N NAME...
       report.py --markdown --results DIR NAME...   (the results as Markdown, for docs/performance.md)

DIR holds, per benchmark NAME, NAME.meta.json (description, floor, peers, targets; written by
bench_meta in bench/lib.sh), NAME.rows.jsonl (one measured run a line) and NAME.loadavg_end.
Ratios are taken within a group (e.g. one throttle setting): x_floor = seconds / the floor's
seconds, x_ours = seconds / the first of our rows' seconds. Exits 1 when a benchmark has no rows.
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

MIB = 1 << 20


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem_kib = int(f.readline().split()[1])

    def git(*args):
        return subprocess.run(["git", *args], capture_output=True, text=True, check=False).stdout.strip()

    return {"cpu_model": cpu, "cores": os.cpu_count(), "kernel": platform.release(), "memory_mib": mem_kib // 1024,
            "git_commit": git("rev-parse", "HEAD") or None,
            "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
            "date_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def find(rows, group, tool):
    for row in rows:
        if row["group"] == group and row["tool"] == tool:
            return row
    raise KeyError(f"no row for tool '{tool}' in group '{group}'")


def evaluate(target, rows, data_bytes):
    kind = target["kind"]
    out = dict(target)
    if kind == "time_ratio":
        value = find(rows, target["group"], target["tool"])["seconds"] / find(rows, target["group"], target["reference"])["seconds"]
    elif kind == "size_ratio":
        value = find(rows, target["group"], target["tool"])["output_bytes"] / find(rows, target["group"], target["reference"])["output_bytes"]
    elif kind == "min_mb_s":
        value = data_bytes / find(rows, target["group"], target["tool"])["seconds"] / 1e6
    elif kind == "max_rss_mib":
        value = max(r["peak_rss_kib"] / 1024 for r in rows if r["role"] == "ours")
    elif kind == "rss_growth":
        out["per_tool"] = {r["tool"]: round(find(rows, target["to_group"], r["tool"])["peak_rss_kib"] / r["peak_rss_kib"] - 1, 4)
                           for r in rows if r["role"] == "ours" and r["group"] == target["from_group"]}
        value = max(out["per_tool"].values())
    else:
        raise ValueError(f"unknown target kind {kind}")
    out["value"] = round(value, 4)
    out["met"] = value <= target["max"] if "max" in target else value >= target["min"]
    return out


def build(rows_dir, name, facts, size, seed):
    with open(os.path.join(rows_dir, name + ".meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    path = os.path.join(rows_dir, name + ".rows.jsonl")
    if not os.path.exists(path):
        raise ValueError(f"benchmark {name}: no rows were recorded")
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    end = os.path.join(rows_dir, name + ".loadavg_end")
    loadavg_end = open(end, encoding="utf-8").read().strip() if os.path.exists(end) else None
    data_bytes = meta["data_bytes"]
    for row in rows:
        group = [r for r in rows if r["group"] == row["group"]]
        floor = next((r for r in group if r["role"] == "floor"), None)
        ours = next((r for r in group if r["role"] == "ours"), None)
        if all(r["role"] == "ours" for r in group):
            ours = None  # nothing to compare with
        row["mib_per_s"] = round(row.get("bytes", data_bytes) / row["seconds"] / MIB, 1) if row["seconds"] > 0 else None
        row["x_floor"] = round(row["seconds"] / floor["seconds"], 3) if floor and floor["seconds"] > 0 else None
        row["x_ours"] = round(row["seconds"] / ours["seconds"], 3) if ours and ours["seconds"] > 0 else None
        row["peak_rss_mib"] = round(row["peak_rss_kib"] / 1024, 1) if row["peak_rss_kib"] is not None else None
        row["seconds"] = round(row["seconds"], 3)
    targets = [evaluate(t, rows, data_bytes) for t in meta.pop("targets", [])]
    facts = dict(facts, loadavg_start=meta.pop("loadavg_start", None), loadavg_end=loadavg_end)
    return {"benchmark": name, **meta, "size": size, "seed": seed, "machine": facts, "rows": rows, "targets": targets}


def print_table(result):
    print(f"\n== {result['benchmark']}: {result['description']}")
    print(f"   floor: {result['floor']}; peers: {', '.join(result['peers'])}; "
          f"data: {result['data_bytes'] / MIB:.0f} MiB CSV (or per group); load {result['machine']['loadavg_start']} -> "
          f"{result['machine']['loadavg_end']}")
    print(f"{'group':<18} {'tool':<56} {'seconds':>8} {'MiB/s':>7} {'x floor':>7} {'x fk':>6} {'out MiB':>8} {'RSS MiB':>8}")

    def fmt(value, spec):
        return format(value, spec) if value is not None else "-"

    for r in result["rows"]:
        out = r["output_bytes"] / MIB if r["output_bytes"] is not None else None
        print(f"{r['group']:<18} {r['tool']:<56} {r['seconds']:>8.2f} {fmt(r['mib_per_s'], '7.0f'):>7} "
              f"{fmt(r['x_floor'], '7.2f'):>7} {fmt(r['x_ours'], '6.2f'):>6} {fmt(out, '8.1f'):>8} "
              f"{fmt(r['peak_rss_mib'], '8.1f'):>8}")
    for t in result["targets"]:
        limit = f"<= {t['max']}" if "max" in t else f">= {t['min']}"
        print(f"   target: {t['description']}: {t['value']} ({limit}): {'met' if t['met'] else 'NOT met'}")
        for tool, growth in t.get("per_tool", {}).items():
            print(f"     {tool}: {growth:+.1%}")


def print_markdown(result):
    def cell(value, spec):
        return format(value, spec) if value is not None else "-"

    m = result["machine"]
    print(f"\n### {result['benchmark']}: {result['description']}\n")
    print(f"Floor: {result['floor']}. Peers: {', '.join(result['peers']) or '-'}. {result.get('note', '')}. "
          f"Load average (1, 5, 15 min) {' '.join(m['loadavg_start'].split()[:3])} at the start, "
          f"{' '.join(m['loadavg_end'].split()[:3])} at the end.\n")
    print("| group | tool | seconds | MiB/s | x floor | x fk | output MiB | peak RSS MiB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in result["rows"]:
        out = r["output_bytes"] / MIB if r["output_bytes"] is not None else None
        tool = r["tool"].replace("|", "\\|")
        print(f"| {r['group']} | {tool} | {r['seconds']:.2f} | {cell(r['mib_per_s'], '.0f')} | {cell(r['x_floor'], '.2f')} | "
              f"{cell(r['x_ours'], '.2f')} | {cell(out, '.1f')} | {cell(r['peak_rss_mib'], '.1f')} |")
    print()
    for t in result["targets"]:
        limit = f"<= {t['max']}" if "max" in t else f">= {t['min']}"
        print(f"- {t['description']}: **{t['value']:.3g}** ({limit}): {'met' if t['met'] else '**not met**'}")
        for tool, growth in t.get("per_tool", {}).items():
            print(f"  - {tool}: {growth:+.1%}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows")
    parser.add_argument("--results", required=True)
    parser.add_argument("--size")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("names", nargs="+")
    args = parser.parse_args()
    if args.markdown:
        for name in args.names:
            with open(os.path.join(args.results, name + ".json"), encoding="utf-8") as f:
                print_markdown(json.load(f))
        return 0
    if not (args.rows and args.size and args.seed is not None):
        parser.error("--rows, --size and --seed are needed unless --markdown")
    os.makedirs(args.results, exist_ok=True)
    facts = machine()
    failed = False
    for name in args.names:
        try:
            result = build(args.rows, name, facts, args.size, args.seed)
        except (OSError, ValueError, KeyError) as error:
            print(f"report: {name}: {error} (see the benchmark's output above)", file=sys.stderr)
            failed = True
            continue
        target = os.path.join(args.results, name + ".json")
        with open(target + ".tmp", "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2, ensure_ascii=False)
            f.write("\n")
        os.replace(target + ".tmp", target)
        print_table(result)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
