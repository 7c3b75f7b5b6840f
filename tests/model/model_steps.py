"""The steps of the model test: each runs fetch-kaggle (or changes the stand-in) and states what it
expects; model_checks.Model then checks the whole root."""
import datetime
import json
import os
import shutil

from model_checks import StepContext, visible_files
from model_data import COMPRESSIBLE, DATASETS, Published
from model_env import Failure, day_name, sha256_file
from model_faults import FaultSteps

# Step kinds and their default weights (FK_MODEL_WEIGHTS changes them; 0 switches one off).
STEP_KINDS = [
    ("publish", 10), ("publish_compressible", 2), ("download", 14), ("backfill", 6), ("files", 8),
    ("api_fault", 5), ("storage_fault", 5), ("unknown_dataset", 2), ("process", 6), ("archive", 10),
    ("restore", 4), ("repair", 3), ("bad_config", 2), ("kill", 8), ("advance", 10), ("stall", 1),
    ("migrate", 1),
]
START = datetime.date(2026, 1, 5)


class Steps(FaultSteps):
    """Run one step of a kind; the simulated date and a pending repair run live here."""

    def __init__(self, rng, runner, model, stand_in, work, weights):
        self.rng = rng
        self.weights = weights
        self.runner = runner
        self.model = model
        self.stand_in = stand_in
        self.work = work
        self.published = Published(stand_in.datasets, work)
        model.published = self.published
        self.today = START
        self.repeat = None       # (args, context fields) of a killed run the next step must repeat
        self.ctx = None
        self.has_replace = False
        self.unknown = 0

    def setup(self):
        """Publish version 1 of every dataset; learn whether restore has a repair mode."""
        self.runner.begin_step(0, "setup", self.today)
        for ref in DATASETS:
            self.runner.note(self.published.publish(self.rng, ref))
        self.runner.expect(["init"], 0)
        _, out = self.runner.run(["restore", "--help"])
        self.has_replace = "--replace" in out

    def forced_kind(self):
        """Return the kind the next step must be (the repeat of a killed run), or None."""
        return "repeat" if self.repeat else None

    def step_context(self):
        return self.ctx

    def run(self, kind):
        self.ctx = StepContext(kind=kind, today=self.today)
        getattr(self, "step_" + kind)()
        self.runner.day = self.today  # the checks after an advance run on the new day

    # ---- helpers
    def api(self):
        return ["--api-endpoint", self.stand_in.url]

    def raw_days(self):
        return sorted(self.model.raw_day_names())

    def earlier_day(self):
        return self.today - datetime.timedelta(days=self.rng.randrange(1, 60))

    def check_download(self, day, refs, paths=None):
        """After a successful download: each ref's current version (the selected files) is in the root."""
        manifest = self.model.manifest(day_name(day)) or {}
        for ref in refs:
            version = self.published.current(ref)
            want = self.published.files(ref, version)
            if paths is not None:
                want = {p: want[p] for p in paths}
            entry = next((e for e in manifest.get("datasets", []) if e["ref"] == ref), None)
            if entry is None:
                raise Failure(f"raw/{day_name(day)}/download_manifest.json has no entry for {ref} after exit 0")
            where = day_name(day)
            if entry["status"] == "downloaded" and entry["version"] != version:
                # Kept over a later 'unchanged' (issue 17 item 3): the current copy is where the state says.
                where = self.state_day(ref)
            elif entry["status"] == "unchanged":
                if entry["version"] != version:
                    raise Failure(f"{ref}: 'unchanged' at version {entry['version']}, the current one is {version}")
                where = entry.get("unchanged_day", "")
            elif entry["status"] != "downloaded":
                raise Failure(f"{ref} is {entry['status']} after exit 0: {entry.get('reason')}")
            if where != day_name(day):
                other = self.model.manifest(where) or {}
                entry = next((e for e in other.get("datasets", []) if e["ref"] == ref and
                              e["status"] == "downloaded"), None)
                if entry is None or entry["version"] != version:
                    raise Failure(f"{ref}: version {version} should be in raw/{where}, whose manifest does not "
                                  f"list it as downloaded")
            got = {f["path"]: (f["bytes"], f["sha256"]) for f in entry["files"]}
            if got != want:
                wrong = [f"{p}: listed {got.get(p)}, published {want.get(p)}"
                         for p in sorted(set(got) | set(want)) if got.get(p) != want.get(p)]
                raise Failure(f"raw/{where}: {ref} version {version} is not what was published: " + "; ".join(wrong[:6]))

    def state_day(self, ref):
        """Return the day metadata/download_state.json names for `ref` ('' when none)."""
        path = os.path.join(self.model.root, "metadata", "download_state.json")
        with open(path, encoding="utf-8") as handle:
            return json.load(handle).get("datasets", {}).get(ref, {}).get("day", "")

    def download(self, refs, day=None, extra=(), paths=None, want=0, why="", timeout=240):
        args = ["download", *refs, *self.api(), *extra]
        if day is not None:
            args[1:1] = ["--date", day_name(day)]
        for path in paths or []:
            args += ["--files", path]
        self.ctx.content_days.add(day_name(day or self.today))
        self.runner.expect(args, want, why, timeout)
        if want == 0:
            self.check_download(day or self.today, refs, paths)

    # ---- steps
    def step_publish(self, compressible=False):
        ref = self.rng.choice(DATASETS)
        self.runner.note(self.published.publish(self.rng, ref, compressible))

    def step_publish_compressible(self):
        self.step_publish(compressible=True)

    def step_advance(self):
        self.today += datetime.timedelta(days=self.rng.randrange(0, 41))
        self.runner.note(f"today is now {day_name(self.today)}")

    def step_download(self):
        refs = sorted(self.rng.sample(DATASETS, self.rng.randrange(1, len(DATASETS) + 1)))
        extra = ["--force"] if self.rng.random() < 0.2 else []
        self.download(refs, extra=extra)

    def step_backfill(self):
        refs = sorted(self.rng.sample(DATASETS, self.rng.randrange(1, len(DATASETS) + 1)))
        extra = ["--force"] if self.rng.random() < 0.6 else []
        self.download(refs, day=self.earlier_day(), extra=extra)

    def step_files(self):
        ref = self.rng.choice(DATASETS)
        files = sorted(self.published.files(ref, self.published.current(ref)))
        same = [p for p in files if os.path.basename(p) == "data.csv"]
        if len(same) >= 2 and self.rng.random() < 0.6:
            paths = sorted(self.rng.sample(same, 2))  # same base name in two folders (issue 17 item 1)
        elif COMPRESSIBLE in files and self.rng.random() < 0.5:
            paths = [COMPRESSIBLE]  # served as onehot.csv.zip, a ratio of about 500 (issue 17 item 7)
        else:
            paths = sorted(self.rng.sample(files, min(len(files), self.rng.randrange(1, 3))))
        day = self.earlier_day() if self.rng.random() < 0.2 else None
        composite = self.rng.random() < 0.5
        if composite:  # like GCS composite objects: no md5 in x-goog-hash, only the size can be checked
            self.stand_in.add_faults([{"match": "storage", "count": -1, "omit_headers": ["x-goog-hash"]}])
            self.runner.note("storage sends no x-goog-hash in this step")
        try:
            self.download([ref], day=day, paths=paths, extra=["--force"] if self.rng.random() < 0.3 else [])
        finally:
            if composite:
                self.stand_in.clear_faults()

    def step_process(self):
        days = self.raw_days()
        if not days:
            self.runner.note("no raw day: a download instead")
            return self.step_download()
        day = self.rng.choice(days)
        args = ["process", "--date", day] + (["--no-load"] if self.rng.random() < 0.7 else [])
        self.runner.expect(args, 0)

    def archive_args(self):
        keep_raw = self.rng.randrange(0, 40)
        keep_archive = self.rng.randrange(0, 90)
        self.ctx.archive_run = True
        self.ctx.keep_raw, self.ctx.keep_archive = keep_raw, keep_archive
        args = ["archive", "--keep-raw", f"{keep_raw}d", "--keep-processed", f"{self.rng.randrange(0, 40)}d",
                "--keep-archive", f"{keep_archive}d"]
        if self.rng.random() < 0.25:
            args += ["--format", "tar.zst"]
        days = self.raw_days()
        if days and self.rng.random() < 0.2:
            args += ["--date", self.rng.choice(days)]  # exactly that day, whatever its age
        else:
            args += ["--older-than", f"{self.rng.randrange(0, 10)}d"]
        return args

    def step_archive(self):
        self.runner.expect(self.archive_args(), 0)

    def step_restore(self):
        archives = self.model.archives()
        if not archives:
            self.runner.note("no archive yet: a download instead")
            return self.step_download()
        day = self.rng.choice(sorted(archives))
        if day not in self.model.raw_day_names():
            self.runner.expect(["restore", "--date", day], 0, "the archive of a pruned day must restore")
            return
        target = os.path.join(self.work, "restore-to")
        shutil.rmtree(target, ignore_errors=True)
        self.runner.expect(["restore", "--date", day, "--to", target], 0)
        members = self.model.members(*archives[day])
        prefix = f"raw/{day}/"
        want = {k[len(prefix):]: v for k, v in members.items() if k.startswith(prefix)}
        folder = os.path.join(target, "raw", day)
        got = {p: (os.path.getsize(os.path.join(folder, p)), sha256_file(os.path.join(folder, p)))
               for p in visible_files(folder)}
        if got != want:
            raise Failure(f"restore --to: {folder} does not hold the archive's files")
        shutil.rmtree(target)

    def step_repair(self):
        """Damage a raw file whose day has a current archive; verify names the repair; restore repairs it."""
        archives = self.model.archives()
        for day in self.raw_days():
            if day not in archives:
                continue
            members = self.model.members(*archives[day])
            manifest = os.path.join(self.model.root, "raw", day, "download_manifest.json")
            if members.get(f"raw/{day}/download_manifest.json", (0, ""))[1] != sha256_file(manifest):
                continue
            files = [p for p in visible_files(os.path.dirname(manifest)) if p != "download_manifest.json"]
            if not files:
                continue
            victim = os.path.join(os.path.dirname(manifest), self.rng.choice(files))
            with open(victim, "r+b") as handle:
                first = handle.read(1)
                handle.seek(0)
                handle.write(bytes([(first[0] if first else 0) ^ 0x55]) if first else b"x")
            self.runner.note(f"damaged {victim} (one byte flipped)")
            out = self.runner.expect(["verify", "--date", day], 9, "a damaged raw file is an integrity error")
            if f"restore --date {day}" not in out:
                raise Failure(f"verify does not print the repair command with the real day "
                              f"('restore --date {day}'; issue 17 item 9)")
            if not self.has_replace:
                raise Failure("restore has no repair mode (--replace) for a damaged raw day (issue 17 item 9)")
            self.runner.expect(["restore", "--date", day, "--replace"], 0, "restore --replace repairs the day")
            return
        self.runner.note("no raw day with a current archive: a download instead")
        return self.step_download()

    def step_migrate(self):
        """Upgrade the root's layout: already current, so it must change nothing the model knows."""
        self.runner.expect(["migrate", "--upgrade"], 0)

    def step_bad_config(self):
        config = os.path.join(self.work, "bad-config.yaml")
        text = self.rng.choice(["datasets: [mo/alpha]\nretenion:\n  raw: 1d\n  archive: 1d\n",
                                "datasets: [mo/alpha]\nretention:\n  raw: [1d]\n"])
        with open(config, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.runner.note(f"config {config}: {text!r}")
        self.ctx.archive_run = True  # so that what it does is checked, not refused as foreign
        self.runner.expect(["archive", "--config", config], 2,
                           "a misspelt or non-scalar config key is a usage error (issue 17 item 10)")
