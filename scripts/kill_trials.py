"""Kill ``jevons run`` exports with SIGKILL at random moments and count what is left.

For each format, ``--trials`` runs write over an existing report and are
killed after a random delay.  After each kill the target must be the old
report or a complete new one (never partial); temporary files a kill leaves
(``.<name>.jevons-<pid>-<random>.part``) are counted, and one last normal
run must sweep them all away.

    python scripts/kill_trials.py --trials 30

Prints one line per format and exits 1 if any target was partial or any
litter survived the sweep.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample_portfolio.csv"


def _complete(fmt: str, data: bytes) -> bool:
    if fmt == "pdf":
        return data.startswith(b"%PDF") and b"%%EOF" in data[-64:]
    if fmt == "xlsx":
        try:
            return zipfile.ZipFile(io.BytesIO(data)).testzip() is None
        except zipfile.BadZipFile:
            return False
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def _run(out: Path) -> subprocess.Popen:
    env = os.environ | {"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "-m", "gui.cli", "run", str(SAMPLE), "--scenario",
                             "deepseek-r1", "-o", str(out), "--force"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def trial_set(fmt: str, trials: int, rng: random.Random) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="jevons-kill-"))
    out = folder / f"report.{fmt}"
    assert _run(out).wait() == 0
    t0 = time.perf_counter()
    _run(out).wait()
    full = time.perf_counter() - t0
    partial = killed_mid = litter_seen = 0
    for _ in range(trials):
        proc = _run(out)
        # Most kills land late in the run, where the report is being written.
        time.sleep(rng.uniform(0.5, 1.05) * full)
        proc.send_signal(signal.SIGKILL)
        rc = proc.wait()
        killed_mid += rc == -signal.SIGKILL
        if not _complete(fmt, out.read_bytes()):
            partial += 1
        litter = [p for p in folder.iterdir() if p.name.endswith(".part")]
        litter_seen += len(litter)  # the next run's write sweeps them
    before_sweep = len([p for p in folder.iterdir() if p.name.endswith(".part")])
    assert _run(out).wait() == 0
    after_sweep = len([p for p in folder.iterdir() if p.name.endswith(".part")])
    shutil.rmtree(folder)
    return {"format": fmt, "trials": trials, "killed": killed_mid, "partial_targets": partial,
            "litter_left_by_kills": litter_seen, "litter_before_sweep": before_sweep, "litter_after_sweep": after_sweep,
            "run_s": round(full, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30)
    parser.add_argument("--formats", default="pdf,xlsx,json")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    bad = False
    for fmt in args.formats.split(","):
        row = trial_set(fmt, args.trials, rng)
        print(json.dumps(row))
        bad |= row["partial_targets"] > 0 or row["litter_after_sweep"] > 0
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
