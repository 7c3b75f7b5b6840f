"""What the stand-in publishes: versions of a few datasets on disk, each file's size and SHA-256."""
import hashlib
import json
import os
import shutil

DATASETS = ["mo/alpha", "mo/beta", "mo/gamma"]
LICENSE = "CC0-1.0"
# File names a version can hold: nested folders, the same base name in two folders, a UTF-8 name.
NAMES = ["data.csv", "sub/data.csv", "deep/a/b/data.csv", "notes.txt", "deep/a/b/notes.txt",
         "prices/2024/prices.csv", "blob.bin", "\u05e0\u05ea\u05d5\u05e0\u05d9\u05dd.csv"]
BIG = "big.bin"          # incompressible, large enough that a kill lands inside its transfer
COMPRESSIBLE = "onehot.csv"  # 2 MiB of one-hot rows that zip to a few KiB (issue 17 item 7)


def make_content(rng, path):
    """Return new bytes for a file named `path`."""
    if path == BIG:
        return rng.randbytes(rng.randrange(200_000, 400_000))
    if path == COMPRESSIBLE:
        header = ",".join(f"c{i}" for i in range(64)) + "\n"
        row = ",".join(["0"] * 63 + ["1"]) + "\n"
        return (header + row * (2 * 1024 * 1024 // len(row))).encode()
    if path.endswith(".bin"):
        return rng.randbytes(rng.randrange(1, 30_000))
    if path.endswith(".txt"):
        words = ["alpha", "beta", "gamma", "delta", "kaggle", "data", "night", "volume"]
        return (" ".join(rng.choice(words) for _ in range(rng.randrange(5, 3000))) + "\n").encode()
    rows = rng.randrange(1, 1500)
    lines = ["id,name,value"] + [f"{i},row {rng.randrange(10**6)},{rng.randrange(-999, 99999)}"
                                 for i in range(1, rows + 1)]
    return ("\n".join(lines) + "\n").encode()


class Published:
    """Every version published on the stand-in: versions[ref][n] = {path: (size, sha256)}."""

    def __init__(self, folder, work):
        self.folder = folder
        self.work = work
        self.versions = {ref: {} for ref in DATASETS}
        self.contents = {ref: {} for ref in DATASETS}  # the current version's bytes

    def current(self, ref):
        """Return the current version number of `ref`."""
        return max(self.versions[ref])

    def files(self, ref, version):
        """Return {path: (size, sha256)} of a version."""
        return self.versions[ref][version]

    def was_published(self, ref, path, sha):
        """Return True when some version of `ref` held these bytes at `path`."""
        return any(files.get(path, (0, None))[1] == sha for files in self.versions[ref].values())

    def publish(self, rng, ref, compressible=False):
        """Publish the next version of `ref`: files changed, added and removed; return a summary."""
        files = dict(self.contents[ref])
        changes = []
        if not files:
            chosen = ["data.csv", "sub/data.csv", "notes.txt"] + ([BIG] if ref == DATASETS[0] else [])
            for path in chosen:
                files[path] = make_content(rng, path)
            changes.append("initial " + " ".join(chosen))
        else:
            for path in rng.sample(sorted(files), min(len(files), rng.randrange(1, 3))):
                files[path] = make_content(rng, path)
                changes.append("~" + path)
            absent = [n for n in NAMES if n not in files]
            for path in rng.sample(absent, min(len(absent), rng.randrange(0, 3))):
                files[path] = make_content(rng, path)
                changes.append("+" + path)
            removable = [p for p in sorted(files) if p not in (BIG, COMPRESSIBLE)]
            if len(removable) > 2 and rng.random() < 0.4:
                path = rng.choice(removable)
                del files[path]
                changes.append("-" + path)
            if COMPRESSIBLE in files and rng.random() < 0.6:
                del files[COMPRESSIBLE]
                changes.append("-" + COMPRESSIBLE)
        if compressible and COMPRESSIBLE not in files:
            files[COMPRESSIBLE] = make_content(rng, COMPRESSIBLE)
            changes.append("+" + COMPRESSIBLE)
        number = (self.current(ref) + 1) if self.versions[ref] else 1
        owner, slug = ref.split("/")
        staging = os.path.join(self.work, "publish-staging")
        shutil.rmtree(staging, ignore_errors=True)
        for path, data in files.items():
            target = os.path.join(staging, path)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(data)
        dataset = os.path.join(self.folder, owner, slug)
        os.makedirs(os.path.join(dataset, "versions"), exist_ok=True)
        with open(os.path.join(dataset, "dataset.json"), "w", encoding="utf-8") as handle:
            # As real Kaggle: GetDataset's licenseName and GetDatasetMetadata's licence differ; the
            # manifest records the metadata's, and a failed metadata call must not swap it (item 4).
            json.dump({"title": f"Model {slug}", "licenseName": "CC0: Public Domain", "metadataLicenseName": LICENSE},
                      handle)
        os.rename(staging, os.path.join(dataset, "versions", str(number)))  # appears at once to the server
        self.contents[ref] = files
        self.versions[ref][number] = {p: (len(d), hashlib.sha256(d).hexdigest()) for p, d in files.items()}
        return f"published {ref} version {number}: {' '.join(changes)}"
