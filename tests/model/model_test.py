#!/usr/bin/env python3
"""A model-based test of a data root's life (issue 17): a seeded random sequence of fetch-kaggle
commands over simulated dates, checked after every step against a model of what must exist.

Environment: FK (fetch-kaggle), FAKE_KAGGLE (the stand-in), SOURCE_DIR (the checkout, for the exit
code table); FK_MODEL_SEED (a number, or "random"; default FK_MODEL_DEFAULT_SEED, which ctest sets to a
fixed seed so that CI replays the same sequence, else random), FK_MODEL_STEPS (default FK_MODEL_DEFAULT_STEPS, which ctest sets: 150, 60 in the sanitizer build), FK_MODEL_WEIGHTS
("kind=weight,..." to change or switch off step kinds), FK_MODEL_KEEP (keep the work folder).
docs/testing.md describes the model, the steps and how to replay a failure.
"""
import os
import random
import shlex
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from model_env import Failure, Runner, StandIn, exit_code_table  # noqa: E402
from model_checks import Model  # noqa: E402
from model_steps import STEP_KINDS, Steps  # noqa: E402


def parse_weights(text):
    """Return the step weights: the defaults, changed by "kind=weight,..."."""
    weights = {kind: weight for kind, weight in STEP_KINDS}
    for item in filter(None, (part.strip() for part in (text or "").split(","))):
        kind, _, value = item.partition("=")
        if kind not in weights:
            sys.exit(f"FK_MODEL_WEIGHTS: unknown step kind '{kind}' (known: {', '.join(weights)})")
        weights[kind] = int(value)
    return weights


def main():
    for name in ("FK", "FAKE_KAGGLE", "SOURCE_DIR"):
        if not os.environ.get(name):
            sys.exit(f"model_test: {name} must be set (see tests/model/CMakeLists.txt)")
    if shutil.which("faketime") is None:
        sys.exit("model_test: faketime is missing (scripts/install-deps.sh installs it)")
    chosen = os.environ.get("FK_MODEL_SEED") or os.environ.get("FK_MODEL_DEFAULT_SEED") or "random"
    seed = random.SystemRandom().randrange(1, 2**31) if chosen == "random" else int(chosen)
    steps = int(os.environ.get("FK_MODEL_STEPS") or os.environ.get("FK_MODEL_DEFAULT_STEPS") or 150)
    weights = parse_weights(os.environ.get("FK_MODEL_WEIGHTS"))
    print(f"seed={seed}", flush=True)
    print(f"steps={steps} weights={','.join(f'{k}={v}' for k, v in weights.items())}", flush=True)

    work = tempfile.mkdtemp(prefix="fk-model-")
    codes = exit_code_table(os.environ["SOURCE_DIR"])
    rng = random.Random(seed)
    stand_in = StandIn(os.environ["FAKE_KAGGLE"], work)
    runner = Runner(os.environ["FK"], work, stand_in, codes)
    model = Model(runner, work)
    driver = Steps(rng, runner, model, stand_in, work, weights)
    started = time.monotonic()
    failed = False
    try:
        stand_in.start()
        driver.setup()
        kinds = [k for k, w in weights.items() if w > 0]
        for number in range(1, steps + 1):
            kind = driver.forced_kind() or rng.choices(kinds, [weights[k] for k in kinds])[0]
            runner.begin_step(number, kind, driver.today)
            driver.run(kind)
            model.check_after_step(driver.step_context())
        print(f"model_test: {steps} steps passed in {time.monotonic() - started:.1f} s (seed={seed})")
    except Failure as failure:
        failed = True
        print(f"\nFAILED at step {runner.step} ({runner.kind}, simulated day {runner.day}): {failure}",
              file=sys.stderr)
        print(f"seed={seed}  replay: FK_MODEL_SEED={seed} FK_MODEL_STEPS={runner.step}"
              + (f" FK_MODEL_WEIGHTS={shlex.quote(os.environ['FK_MODEL_WEIGHTS'])}"
                 if os.environ.get("FK_MODEL_WEIGHTS") else "")
              + " ctest -R model --output-on-failure", file=sys.stderr)
        print("history:", file=sys.stderr)
        for line in runner.history:
            print("  " + line, file=sys.stderr)
        if runner.last_output:
            print("output of the last command:\n" + runner.last_output[-6000:], file=sys.stderr)
        print(f"work folder kept: {work}", file=sys.stderr)
    finally:
        stand_in.stop()
        if not failed and not os.environ.get("FK_MODEL_KEEP"):
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
