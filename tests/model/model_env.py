"""The model test's surroundings: the stand-in server, running fetch-kaggle at a simulated date
(libfaketime), the documented exit codes, and the failure that ends a run."""
import datetime
import glob
import hashlib
import json
import os
import re
import shlex
import signal
import subprocess
import time
import urllib.request


class Failure(Exception):
    """A broken invariant: the run stops and prints the seed, the step and the history."""


def sha256_file(path):
    """Return the SHA-256 (hex) of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def day_name(date):
    """Return a date as YYYYMMDD."""
    return date.strftime("%Y%m%d")


def parse_day(text):
    """Return the date of a YYYYMMDD name."""
    return datetime.datetime.strptime(text, "%Y%m%d").date()


def exit_code_table(source_dir):
    """Return {code: (name, retryable)} read from src/cli/exit_codes.{hpp,cpp} (the documented table)."""
    with open(os.path.join(source_dir, "src/cli/exit_codes.hpp"), encoding="utf-8") as handle:
        values = dict((name, int(value)) for name, value in re.findall(r"^\s*(\w+)\s*=\s*(\d+),", handle.read(), re.M))
    with open(os.path.join(source_dir, "src/cli/exit_codes.cpp"), encoding="utf-8") as handle:
        rows = re.findall(r'\{ExitCode::(\w+),\s*"\w+",\s*(true|false),', handle.read())
    table = {values[name]: (name, flag == "true") for name, flag in rows if name in values}
    if 0 not in table or len(table) < 10:
        raise SystemExit(f"model_test: cannot read the exit code table from {source_dir}/src/cli/exit_codes.*")
    return table


def faketime_library():
    """Return the path of libfaketime's multi-threaded preload library."""
    for pattern in ("/usr/lib/*/faketime/libfaketimeMT.so.1", "/usr/lib/faketime/libfaketimeMT.so.1",
                    "/usr/local/lib/faketime/libfaketimeMT.so.1"):
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    raise SystemExit("model_test: libfaketimeMT.so.1 not found (apt-get install faketime)")


class StandIn:
    """The fake Kaggle server (tests/fake_kaggle) on a free loopback port."""

    def __init__(self, binary, work):
        self.binary = binary
        self.work = work
        self.datasets = os.path.join(work, "datasets")
        self.process = None
        self.url = None
        os.makedirs(self.datasets, exist_ok=True)

    def start(self):
        """Start the server and wait for its port file."""
        port_file = os.path.join(self.work, "fake.port")
        self.stderr = open(os.path.join(self.work, "fake.stderr"), "ab")
        self.process = subprocess.Popen(
            [self.binary, "--datasets", self.datasets, "--port", "0", "--port-file", port_file,
             "--request-log", os.path.join(self.work, "requests.jsonl"),
             "--cache-dir", os.path.join(self.work, "fake-cache"),
             # Like Kaggle, a large single file is served zipped (onehot.csv: 2 MiB -> a few KiB).
             "--zip-single-files-above", str(1 << 20)],
            stdout=subprocess.DEVNULL, stderr=self.stderr)
        for _ in range(200):
            if os.path.exists(port_file) and os.path.getsize(port_file) > 0:
                break
            if self.process.poll() is not None:
                raise Failure("fake-kaggle exited at start (see fake.stderr)")
            time.sleep(0.05)
        with open(port_file, encoding="ascii") as handle:
            self.url = f"http://127.0.0.1:{handle.read().strip()}"

    def stop(self):
        """Stop the server (SIGTERM)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def _control(self, method, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + "/_control/faults", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.read()

    def add_faults(self, rules):
        """Append fault rules (tests/fake_kaggle/README.md)."""
        self._control("POST", rules)

    def clear_faults(self):
        """Remove every fault rule."""
        self._control("DELETE")


class Runner:
    """Run fetch-kaggle on the data root at the simulated date; keep the history of every step."""

    def __init__(self, binary, work, stand_in, codes):
        self.binary = binary
        self.work = work
        self.root = os.path.join(work, "root")
        self.stand_in = stand_in
        self.codes = codes
        self.history = []
        self.last_output = ""
        self.step = 0
        self.kind = ""
        self.day = None
        home = os.path.join(work, "home")
        os.makedirs(home, exist_ok=True)
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("KAGGLE_") and k not in ("FETCH_KAGGLE_CONFIG", "XDG_CONFIG_HOME")}
        self.env.update({"HOME": home, "TZ": "UTC", "LD_PRELOAD": faketime_library(),
                         "FAKETIME_DONT_FAKE_MONOTONIC": "1", "FAKETIME_DONT_RESET": "1"})

    def begin_step(self, number, kind, day):
        """Start step `number` of `kind` on simulated `day` (a date)."""
        self.step, self.kind, self.day = number, kind, day
        self.history.append(f"step {number} {kind} (today {day_name(day)})")

    def note(self, text):
        """Add a line to the history (what the step did besides running the tool)."""
        self.history.append("    " + text)

    def command(self, args):
        """Return the full command line of a fetch-kaggle run."""
        return [self.binary, "--data-root", self.root, "--log-format", "text"] + list(args)

    def run(self, args, kill=None, timeout=240):
        """Run fetch-kaggle with `args`; `kill` = (delay seconds, signal) stops it midway.
        Return (exit code, output); a signal death is returned as -signal."""
        env = dict(self.env, FAKETIME=f"@{self.day.isoformat()} 12:00:00")
        line = "faketime '%s 12:00:00' %s" % (self.day.isoformat(), shlex.join(self.command(args)))
        out_path = os.path.join(self.work, "last.out")
        with open(out_path, "wb") as out:
            process = subprocess.Popen(self.command(args), stdout=out, stderr=subprocess.STDOUT, env=env,
                                       stdin=subprocess.DEVNULL)
            if kill:
                try:
                    process.wait(timeout=kill[0])
                except subprocess.TimeoutExpired:
                    process.send_signal(kill[1])
            try:
                code = process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                code = None
        with open(out_path, encoding="utf-8", errors="replace") as handle:
            self.last_output = handle.read()
        note = f" (then {signal.Signals(kill[1]).name} after {kill[0]:.2f} s)" if kill else ""
        self.note(f"$ {line}{note} -> exit {code}")
        if code is None:
            raise Failure(f"the command hung: still running after {timeout} s: {line}")
        if code >= 0 and code not in self.codes:
            raise Failure(f"exit {code} is not in the documented table (src/cli/exit_codes.cpp): {line}")
        return code, self.last_output

    def expect(self, args, want=0, why="", timeout=240):
        """Run and require exit code `want` (an int or a set) within `timeout` s; return the output."""
        code, out = self.run(args, timeout=timeout)
        wanted = want if isinstance(want, (set, frozenset)) else {want}
        if code not in wanted:
            raise Failure(f"expected exit {sorted(wanted)}, got {code} ({self.codes.get(code, ('?',))[0]})"
                          f"{': ' + why if why else ''}\n$ {shlex.join(args)}")
        return out
