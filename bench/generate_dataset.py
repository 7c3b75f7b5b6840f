#!/usr/bin/python3
"""Generate a seeded, realistic supermarket-like dataset (see shared/dataset-notes.md).

usage: generate_dataset.py OUT_DIR --size 300M [--seed 1] [--chains 26]

Writes <file_type>_<chain>.csv files (UTF-8, Hebrew names and addresses, the `''` empty token,
cells left empty when equal to the one above, quoted fields with commas and newlines), plus
index.json and parser-status.json, until about SIZE bytes of CSV exist. Same seed, same bytes.
"""
import argparse
import json
import os
import random

CHAINS = ["rami_levy", "osher_ad", "tiv_taam", "hazi_hinam", "super_pharm", "king_store", "shufersal",
          "victory", "yohananof", "mega", "bareket", "city_market", "dor_alon", "good_pharm", "het_cohen",
          "keshet", "maayan_2000", "mahsani_ashuk", "netiv_hased", "polizer", "salach_dabach", "shuk_hayir",
          "stop_market", "super_yuda", "wolt", "yellow"]
WORDS = ["חלב", "לחם", "גבינה", "ביצים", "שמן", "סוכר", "קפה", "תה", "אורז", "פסטה", "עגבניות", "מלפפון",
         "תפוח", "בננה", "שוקולד", "מים", "מיץ", "יוגורט", "חמאה", "קמח", "טחינה", "חומוס", "במבה", "ביסלי"]
MAKERS = ["תנובה", "שטראוס", "אסם", "עלית", "יטבתה", "טרה", "פרי ניר", "זוגלובק"]
CITIES = ["תל אביב", "ירושלים", "חיפה", "באר שבע", "אשדוד", "נתניה", "פתח תקווה", "ראשון לציון"]
PRICE_COLUMNS = ["chainid", "subchainid", "storeid", "bikoretno", "itemcode", "itemname", "manufacturename",
                 "manufacturecountry", "unitqty", "quantity", "unitofmeasure", "itemprice", "unitofmeasureprice",
                 "allowdiscount", "itemstatus", "priceupdatedate", "file_name"]


def price_row(rng, chain_id, store, previous):
    name = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.02:
        name = f'"{name}, {rng.randint(1, 9)} ק""ג"'
    row = [chain_id, "1", str(store), str(rng.randint(0, 9)), str(rng.randint(10**11, 10**13)), name,
           rng.choice(MAKERS), rng.choice(["ישראל", "''", "איטליה"]), "יחידה", f"{rng.uniform(0.1, 5):.2f}",
           "ק\"ג" if rng.random() < 0.1 else "יח'", f"{rng.uniform(1, 120):.2f}", f"{rng.uniform(1, 60):.2f}",
           str(rng.randint(0, 1)), "1", f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} 0{rng.randint(0, 9)}:00:00",
           f"PriceFull{chain_id}-{store:03d}-202401010000.xml"]
    row[10] = '"' + row[10].replace('"', '""') + '"' if '"' in row[10] else row[10]
    if previous is not None:
        for i in (0, 1, 2, 16):  # equal to the cell above: written empty
            if row[i] == previous[i]:
                row[i] = ""
    return row


def write_file(path, rng, chain_id, target_bytes):
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        header = ",".join(PRICE_COLUMNS) + "\n"
        out.write(header)
        written += len(header.encode())
        previous = None
        store = rng.randint(1, 300)
        while written < target_bytes:
            if rng.random() < 0.001:
                store = rng.randint(1, 300)
            row = price_row(rng, chain_id, store, previous)
            previous = row
            line = ",".join(row) + "\n"
            out.write(line)
            written += len(line.encode())
    return written


def parse_size(text):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(float(text[:-1]) * units[text[-1].upper()]) if text[-1].upper() in units else int(text)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--size", default="10M")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chains", type=int, default=26)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    total = parse_size(args.size)
    os.makedirs(args.out, exist_ok=True)
    chains = CHAINS[: max(1, min(args.chains, len(CHAINS)))]
    # A few large price_full files and many smaller ones, as in the real dataset.
    weights = [(f"price_full_file_{c}", 6) for c in chains[:4]] + [(f"{t}_{c}", 1) for c in chains
                                                                  for t in ("price_file", "promo_file")]
    weight_sum = sum(w for _, w in weights)
    for index, (name, weight) in enumerate(weights):
        write_file(os.path.join(args.out, name + ".csv"), rng, str(7290000000000 + index), total * weight // weight_sum)
    with open(os.path.join(args.out, "index.json"), "w", encoding="utf-8") as out:
        json.dump({"1": "01/01/2024, 21:00:00"}, out)
    with open(os.path.join(args.out, "parser-status.json"), "w", encoding="utf-8") as out:
        json.dump({c: "ok" for c in chains}, out)


if __name__ == "__main__":
    main()
