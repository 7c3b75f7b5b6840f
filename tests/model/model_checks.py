"""The model of what must exist in the data root, and the checks run after every step."""
import json
import os
import re
import subprocess
import tarfile
import io
import hashlib
from dataclasses import dataclass, field

from model_env import Failure, day_name, parse_day, sha256_file

DAY_RE = re.compile(r"^\d{8}$")
ARCHIVE_RE = re.compile(r"^(\d{8})\.(tar\.gz|tar\.zst)$")


@dataclass
class StepContext:
    """What a step did, so the checks know which changes it was allowed to make."""
    kind: str
    today: object
    content_days: set = field(default_factory=set)  # raw days whose content the step may change
    archive_run: bool = False        # an archive run (may write archives and prune)
    keep_raw: int = None             # its retention periods in days (None: never)
    keep_archive: int = None
    interrupted: bool = False        # the step was killed: leftovers allowed until the next run


def visible_files(folder):
    """Return the visible files below `folder` (no component starting with '.'), relative, sorted."""
    found = []
    for base, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith("."):
                found.append(os.path.relpath(os.path.join(base, name), folder))
    return sorted(found)


class Model:
    """expect[day][ref] = {path: (size, sha256)}: what raw/day held for ref when it was last written."""

    def __init__(self, runner, work):
        self.runner = runner
        self.root = runner.root
        self.published = None            # model_data.Published, set by the steps
        self.expect = {}
        self.archive_sums = {}           # day -> the .sha256 file's text, as last seen
        self.archive_written = {}        # day -> simulated date the archive was (re)written
        self.raw_days = set()            # raw days seen after the previous step
        self.member_cache = {}

    # ---- reading the root
    def raw_day_names(self):
        folder = os.path.join(self.root, "raw")
        return {n for n in os.listdir(folder) if DAY_RE.match(n)} if os.path.isdir(folder) else set()

    def archives(self):
        """Return {day: (archive path, checksum text)} of the archives that have a checksum file."""
        folder = os.path.join(self.root, "archive")
        found = {}
        for name in (os.listdir(folder) if os.path.isdir(folder) else []):
            match = ARCHIVE_RE.match(name)
            sums = os.path.join(folder, name + ".sha256")
            if match and os.path.exists(sums):
                with open(sums, encoding="utf-8") as handle:
                    found[match.group(1)] = (os.path.join(folder, name), handle.read())
        return found

    def members(self, path, checksum):
        """Return {member name: (size, sha256)} of an archive (cached by its checksum)."""
        key = (path, checksum)
        if key not in self.member_cache:
            if path.endswith(".zst"):
                data = subprocess.run(["zstd", "-dcq", path], check=True, capture_output=True).stdout
                opened = tarfile.open(fileobj=io.BytesIO(data), mode="r:")
            else:
                opened = tarfile.open(path, mode="r:gz")
            result = {}
            with opened as tar:
                for member in tar:
                    if member.isfile():
                        data = tar.extractfile(member).read()
                        result[member.name] = (len(data), hashlib.sha256(data).hexdigest())
            self.member_cache[key] = result
        return self.member_cache[key]

    def manifest(self, day):
        path = os.path.join(self.root, "raw", day, "download_manifest.json")
        if not os.path.exists(path):
            return None
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)

    # ---- the checks
    def check_after_step(self, ctx):
        """Check every invariant after a step; raise Failure on the first broken one."""
        archives = self.observe_archives(ctx)
        raw_now = self.raw_day_names()
        for day in sorted(raw_now):
            self.check_raw_day(day, ctx)
        for day in sorted(self.raw_days - raw_now):
            if not ctx.archive_run:
                raise Failure(f"raw/{day} disappeared in a step that does not prune ({ctx.kind})")
            age = (ctx.today - parse_day(day)).days
            if ctx.keep_raw is None or age <= ctx.keep_raw:
                raise Failure(f"archive pruned raw/{day}, {age} days old, within raw retention {ctx.keep_raw}d")
        self.check_recoverable(ctx, raw_now, archives)
        self.raw_days = raw_now
        if not ctx.interrupted:
            code, out = self.runner.run(["verify", "--archives", "--strict"])
            if code != 0:
                raise Failure(f"verify --archives --strict exited {code} after a step that finished:\n{out[-3000:]}")

    def observe_archives(self, ctx):
        archives = self.archives()
        for day, (path, checksum) in archives.items():
            if self.archive_sums.get(day) != checksum:
                if not ctx.archive_run:
                    raise Failure(f"{path} was written by a step that does not archive ({ctx.kind})")
                self.archive_written[day] = ctx.today
                self.runner.note(f"model: archive of {day} written on {day_name(ctx.today)}")
        for day in set(self.archive_sums) - set(archives):
            if not ctx.archive_run:
                raise Failure(f"archive/{day} disappeared in a step that does not prune ({ctx.kind})")
        self.archive_sums = {day: checksum for day, (_, checksum) in archives.items()}
        return archives

    def check_raw_day(self, day, ctx):
        folder = os.path.join(self.root, "raw", day)
        on_disk = [p for p in visible_files(folder) if p != "download_manifest.json"]
        manifest = self.manifest(day)
        # No file anywhere holds bytes that were never published (an HTTP error body, a torn write).
        for path in on_disk:
            parts = path.split(os.sep)
            ref, inner = "/".join(parts[:2]), "/".join(parts[2:])
            if ref not in self.published.versions:
                raise Failure(f"raw/{day}/{path}: a file of no published dataset")
            sha = sha256_file(os.path.join(folder, path))
            if not self.published.was_published(ref, inner, sha):
                raise Failure(f"raw/{day}/{path} holds bytes that were never published (sha256 {sha})")
        if manifest is None:
            if on_disk and not ctx.interrupted:
                raise Failure(f"raw/{day} holds files but no download_manifest.json")
            return
        listed = {}
        entries = {}
        for entry in manifest.get("datasets", []):
            if entry.get("status") != "downloaded":
                continue
            ref, version = entry["ref"], entry["version"]
            versions = self.published.versions.get(ref, {})
            if version not in versions:
                raise Failure(f"raw/{day}/download_manifest.json: {ref} version {version} was never published")
            files = {}
            for item in entry["files"]:
                published = versions[version].get(item["path"])
                if published != (item["bytes"], item["sha256"]):
                    raise Failure(f"raw/{day}/download_manifest.json lists {ref}/{item['path']} "
                                  f"({item['bytes']} bytes, {item['sha256']}) but version {version} published "
                                  f"{published or 'no such file'}")
                files[item["path"]] = (item["bytes"], item["sha256"])
                listed[f"{ref}/{item['path']}"] = files[item["path"]]
            if entry.get("license") not in (None, "", self.published_license()):
                raise Failure(f"raw/{day}/download_manifest.json: {ref} license {entry.get('license')!r}, "
                              f"published {self.published_license()!r}")
            entries[ref] = files
        if not ctx.interrupted:
            # The manifest lists exactly the files on disk.
            disk = set(p.replace(os.sep, "/") for p in on_disk)
            if disk != set(listed):
                raise Failure(f"raw/{day}: the manifest does not list exactly the files on disk: "
                              f"unlisted {sorted(disk - set(listed))[:8]}, missing {sorted(set(listed) - disk)[:8]}")
            for path, (size, sha) in listed.items():
                real = os.path.join(folder, path)
                if os.path.getsize(real) != size or sha256_file(real) != sha:
                    raise Failure(f"raw/{day}/{path} differs from its manifest entry")
        known = self.expect.setdefault(day, {})
        if day in ctx.content_days:
            known.update(entries)
        else:
            for ref, files in entries.items():
                if known.get(ref) != files:
                    raise Failure(f"raw/{day}/download_manifest.json changed {ref} in a step that does not "
                                  f"write raw/{day} ({ctx.kind})")

    def published_license(self):
        from model_data import LICENSE
        return LICENSE

    def check_recoverable(self, ctx, raw_now, archives):
        """Every file version in the model is in raw/D or in archive/D, or retention allowed its loss."""
        for day in sorted(self.expect):
            members = None
            if day in archives:
                members = self.members(*archives[day])
            missing = []
            for ref, files in sorted(self.expect[day].items()):
                for path, (size, sha) in sorted(files.items()):
                    real = os.path.join(self.root, "raw", day, ref, path)
                    if day in raw_now and os.path.isfile(real) and os.path.getsize(real) == size \
                            and sha256_file(real) == sha:
                        continue
                    if members and members.get(f"raw/{day}/{ref}/{path}") == (size, sha):
                        continue
                    missing.append(f"{ref}/{path}")
            if not missing:
                continue
            written = self.archive_written.get(day)
            age = (ctx.today - written).days if written else None
            if (ctx.archive_run and day not in raw_now and day not in self.raw_days and day not in archives
                    and written and ctx.keep_archive is not None and age > ctx.keep_archive):
                self.runner.note(f"model: day {day} expired (archive written {day_name(written)}, {age} days "
                                 f"ago, archive retention {ctx.keep_archive}d)")
                del self.expect[day]
                continue
            where = "raw/%s %s, archive %s" % (day, "present" if day in raw_now else "absent",
                                               "present" if day in archives else "absent")
            reason = ""
            if written:
                reason = f"; its archive was written on {day_name(written)}, {age} days ago"
            if day in self.raw_days and day not in raw_now and day not in archives:
                reason += "; raw and archive were both removed in this one run"
            raise Failure(f"lost {len(missing)} file version(s) of day {day} ({where}{reason}): {missing[:6]}")
