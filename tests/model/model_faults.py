"""The fault steps of the model test: errors from the stand-in, an unknown dataset, a trickle, and
runs killed midway (the next step repeats them and must repair what they left)."""
import signal

from model_data import DATASETS
from model_env import Failure, day_name

API_METHODS = ["GetDataset", "GetDatasetMetadata", "ListDatasetFiles", "DownloadDataset"]
STALL_DEADLINE = 150  # seconds a download with one trickling transfer may take


class FaultSteps:
    """Steps that inject faults; mixed into model_steps.Steps (uses its rng, runner, stand_in, ...)."""
    def step_api_fault(self):
        method = self.rng.choice(API_METHODS)
        rule = {"match": method, "count": 1, "status": self.rng.choice([429, 503])}
        if rule["status"] == 429:
            rule["retry_after"] = "1"
        if self.rng.random() < 0.5:
            rule["error_shape"] = "google"
        self.with_faults([rule], "one transient API error must be retried (issue 17 item 4)")

    def step_storage_fault(self):
        cut = {"match": "storage", "count": 1, "cut_after_bytes": self.rng.randrange(50, 5000)}
        rules = [[{"match": "storage", "count": self.rng.randrange(1, 3), "cut_after_bytes": self.rng.randrange(50, 5000)}],
                 [{"match": "storage", "count": 1, "status": 503}],
                 [{"match": "storage", "count": 1, "status": 403}],
                 [{"match": "storage", "count": 1, "wrong_md5": True}],
                 [{"match": "storage", "count": 1, "trickle_bytes_per_sec": 400_000}],
                 [{"match": "storage", "count": 1, "cut_after_bytes": 1000, "omit_headers": ["Accept-Ranges"]}],
                 # Signed URLs that expire (issue 17 item 5): at once, or after a cut, so the resume
                 # meets the dead URL; 400 ExpiredToken or 403. A new URL must be asked for.
                 [{"match": "storage", "count": 1, "expire_url": True}],
                 [cut, {"match": "storage", "count": 1, "expire_url": True}],
                 [cut, {"match": "storage", "count": 1, "expire_url": True, "status": 403}],
                 # A composite object: x-goog-hash with crc32c only, no md5.
                 [{"match": "storage", "count": -1, "crc32c_only": True}]][self.rng.randrange(10)]
        self.with_faults(rules, "a transient storage fault must be retried (403 and expired URLs: issue 17 item 5)")

    def step_stall(self):
        """Storage trickles at 50 bytes/s once: the transfer must be cut, retried and the run end."""
        self.stand_in.add_faults([{"match": "storage", "count": 1, "trickle_bytes_per_sec": 50}])
        self.runner.note("faults: storage trickles at 50 bytes/s once")
        try:
            self.download([self.rng.choice(DATASETS)], extra=["--force"], timeout=STALL_DEADLINE,
                          why="a trickling transfer must be cut and retried (issue 17 item 6)")
        finally:
            self.stand_in.clear_faults()

    def with_faults(self, rules, why):
        self.stand_in.add_faults(rules)
        self.runner.note(f"faults: {rules}")
        refs = sorted(self.rng.sample(DATASETS, self.rng.randrange(1, 3)))
        try:
            self.download(refs, extra=["--force"], why=why)
        finally:
            self.stand_in.clear_faults()

    def step_unknown_dataset(self):
        self.unknown += 1
        missing = f"mo/nosuch{self.unknown}"
        ref = self.rng.choice(DATASETS)
        self.ctx.content_days.add(day_name(self.today))
        code, out = self.runner.run(["download", ref, missing, *self.api()])
        name, retryable = self.runner.codes.get(code, ("?", True))
        if code == 0 or retryable:
            raise Failure(f"a run whose only failure is permanent (unknown dataset {missing}) exited {code} "
                          f"({name}), which a Job retries for nothing (issue 17 item 8)")
        manifest = self.model.manifest(day_name(self.today)) or {}
        if not any(e["ref"] == missing and e["status"] == "failed" for e in manifest.get("datasets", [])):
            raise Failure(f"the failed dataset {missing} is not recorded in the day's manifest (issue 17 item 8)")
        self.check_download(self.today, [ref])

    def step_kill(self):
        choice = self.rng.randrange(4)
        if choice == 1 and not self.weights.get("archive"):
            choice = 0  # archive switched off by FK_MODEL_WEIGHTS: kill a download instead
        if choice == 0 or not self.raw_days():
            args = ["download", DATASETS[0], *self.rng.sample(DATASETS[1:], self.rng.randrange(0, 3)),
                    *self.api(), "--force"]
            self.stand_in.add_faults([{"match": "storage", "count": -1,
                                       "trickle_bytes_per_sec": self.rng.randrange(100_000, 400_000)}])
            self.ctx.content_days.add(day_name(self.today))
            delay = self.rng.uniform(0.05, 1.5)
        elif choice == 1:
            args = self.archive_args()
            delay = self.rng.uniform(0.0, 0.4)
        elif choice == 2:
            args = ["process", "--date", self.rng.choice(self.raw_days())]
            delay = self.rng.uniform(0.0, 0.3)
        else:
            archives = [d for d in self.model.archives() if d not in self.model.raw_day_names()]
            if not archives:
                self.runner.note("no pruned day to restore: a download instead")
                return self.step_download()
            args = ["restore", "--date", self.rng.choice(archives)]
            delay = self.rng.uniform(0.0, 0.2)
        sig = self.rng.choice([signal.SIGKILL, signal.SIGTERM])
        try:
            code, _ = self.runner.run(args, kill=(delay, sig))
        finally:
            self.stand_in.clear_faults()
        # -SIGTERM: the signal came before main() installed its handler (nothing was written yet).
        allowed = {0, -signal.SIGKILL, -signal.SIGTERM, 128 + signal.SIGTERM}
        if code not in allowed:
            raise Failure(f"a run stopped by {sig.name} exited {code}")
        self.ctx.interrupted = True
        self.repeat = (args, set(self.ctx.content_days), self.ctx.archive_run, self.ctx.keep_raw,
                       self.ctx.keep_archive)

    def step_repeat(self):
        """Run the killed command again, without faults: it must finish and repair what the kill left."""
        args, days, archive_run, keep_raw, keep_archive = self.repeat
        self.repeat = None
        self.ctx.content_days |= days
        self.ctx.archive_run, self.ctx.keep_raw, self.ctx.keep_archive = archive_run, keep_raw, keep_archive
        self.runner.expect(args, 0, "the run after a kill must finish and repair")
        if args[0] == "download":
            self.check_download(self.today, [a for a in args if a in DATASETS])
