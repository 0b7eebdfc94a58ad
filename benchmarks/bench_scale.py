"""Figures at the sizes people hold: 50, 200, 1,000 and 5,000 lines.

For each size (:data:`benchmarks.portfolios.SIZES`, portfolios from
:mod:`benchmarks.portfolios`) and each case, the CPU seconds of this process
beside the case's floor measured in the same run, their ratio, and per case
the log-log slope of CPU seconds against holdings (1 is linear):

* ``scale_point_<n>``: read + prepare + point evaluation of the file; floor:
  ``pandas.read_csv`` of the same file.
* ``scale_mc100k_<n>`` / ``scale_mc1m_<n>``: :func:`engine.montecarlo.simulate`
  with the noise on (as ``jevons run --draws``); floor: the standard normals
  it needs, drawn with the same generator in blocks.
  ``mc_ratio_to_rng_floor_200`` is the 1,000,000-draw ratio at 200 lines.
* ``scale_analysis_<n>``: the full ``--draws 100000`` analysis (distribution,
  drivers, reverse stress, break-even, heat map); floor: its normals plus a
  plain ``evaluate``.
* ``scale_pdf_<n>``: evaluate + the PDF report (content, charts, atomic
  write); floor: a plain ``evaluate``.
* ``cli_cold_ratio``: a new ``jevons run … --format json`` process beside
  ``python -c 'import numpy, pandas'`` (CPU time of the child processes).

The 5,000 × 1,000,000 Monte Carlo and its peak memory
(``mc_peak_mb_5000x1m``, a fresh process) run with ``--large``.
"""

from __future__ import annotations

import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.portfolios import SIZES, write_csv

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = "deepseek-r1"
ANALYSIS_DRAWS = 100_000
#: Goals the issue sets (CPU seconds of the full analysis at a size).
ANALYSIS_GOALS = {1000: 10.0, 5000: 60.0}
PEAK_GOAL_MB = 1024.0


def _cpu(fn, repeat: int = 1) -> float:
    """Best CPU time of this process over ``repeat`` calls (every thread counts)."""
    best = math.inf
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def _rng_floor(numbers: int) -> None:
    rng = np.random.Generator(np.random.PCG64(1))
    for start in range(0, numbers, 1 << 20):
        rng.standard_normal(min(1 << 20, numbers - start))


def _normals(book, scenario, draws: int) -> int:
    from engine.library import FIELDS

    uncertain = sum(1 for d in scenario.distributions.values() if not d.is_point)
    noisy = int((book.fields[:, FIELDS.index("volatility")] > 0).sum())
    return draws * (uncertain + 2 + noisy)


def _slope(sizes: list[int], seconds: list[float]) -> float:
    x, y = np.log(sizes), np.log(np.maximum(seconds, 1e-9))
    return float(np.polyfit(x, y, 1)[0])


def _figure(value: float, floor: float, note: str, *, goal: float | None = None,
            unit: str = "s") -> dict:
    ratio = value / floor if floor > 0 else math.inf
    out = {"value": value, "unit": unit, "floor_s": floor, "ratio": ratio,
           "note": f"{note}; floor {floor:.3f} s, ratio {ratio:.2f}x"}
    if goal is not None:
        out |= {"goal": goal, "ok": value <= goal}
    return out


def _measure(n: int, folder: Path, large: bool, with_pdf: bool) -> dict[str, dict]:
    import pandas as pd

    from engine import evaluate, load_portfolio, load_scenario, prepare
    from engine.analysis import run_report_analysis
    from engine.montecarlo import simulate

    path = write_csv(folder / f"p{n}.csv", n)
    scenario = load_scenario(SCENARIO)
    book = prepare(load_portfolio(path))
    figures: dict[str, dict] = {}

    point = _cpu(lambda: evaluate(prepare(load_portfolio(path)), scenario), 3)
    floor = _cpu(lambda: pd.read_csv(path), 3)
    figures[f"scale_point_{n}"] = _figure(point, floor, f"{n} lines: read + prepare + "
                                          "evaluate, CPU best of 3; floor read_csv")

    plain = _cpu(lambda: evaluate(book, scenario), 3)
    for draws, tag in ((100_000, "mc100k"), (1_000_000, "mc1m")):
        if tag == "mc1m" and n >= 5000 and not large:
            continue
        simulate(book, scenario, 20_000, seed=1, noise=True)  # warm
        repeat = 2 if draws * n <= 200_000_000 else 1
        mc = _cpu(lambda d=draws: simulate(book, scenario, d, seed=1, noise=True), repeat)
        numbers = _normals(book, scenario, draws)
        rng = _cpu(lambda k=numbers: _rng_floor(k), repeat)
        figures[f"scale_{tag}_{n}"] = _figure(
            mc, rng, f"{n} lines ({book.basket.shape[1]} companies): {draws:,} draws with "
            f"noise, CPU best of {repeat}; floor {numbers:,} standard normals")
        if tag == "mc1m" and n == 200:
            ratio = mc / rng
            figures["mc_ratio_to_rng_floor_200"] = {
                "value": ratio, "unit": "x", "goal": 3.0, "ok": ratio <= 3.0,
                "note": f"200 lines, 1,000,000 draws in {mc:.2f} s vs {numbers:,} standard "
                        f"normals in {rng:.2f} s; CPU time"}

    def analysis():
        run_report_analysis(book, scenario, ANALYSIS_DRAWS, seed=1, noise=True)

    full = _cpu(analysis)
    floor = _cpu(lambda: _rng_floor(_normals(book, scenario, ANALYSIS_DRAWS))) + plain
    figures[f"scale_analysis_{n}"] = _figure(
        full, floor, f"{n} lines: --draws {ANALYSIS_DRAWS:,} analysis (distribution, drivers, "
        "reverse stress, break-even, heat map), CPU; floor its normals + a plain evaluate",
        goal=ANALYSIS_GOALS.get(n))

    if with_pdf:
        from gui.report_export import export_report

        pdf = _cpu(lambda: export_report(evaluate(book, scenario), "pdf", folder / f"r{n}.pdf",
                                         lang="en", paper="a4", overwrite=True))
        figures[f"scale_pdf_{n}"] = _figure(pdf, plain, f"{n} lines: evaluate + PDF report "
                                            "(content, charts, atomic write), CPU; floor a "
                                            "plain evaluate")
    return figures


_PEAK_SCRIPT = """
import json, resource, sys
sys.path.insert(0, {root!r})
from benchmarks.portfolios import write_csv
from engine import load_portfolio, load_scenario, prepare
from engine.montecarlo import simulate
book = prepare(load_portfolio(write_csv({path!r}, 5000)))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
r = simulate(book, load_scenario("deepseek-r1"), 1_000_000, seed=1, noise=True)
r.distribution()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"peak_kb": peak, "base_kb": base}}))
"""


def _peak(folder: Path) -> dict:
    script = _PEAK_SCRIPT.format(root=str(ROOT), path=str(folder / "peak5000.csv"))
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, env=os.environ | {"PYTHONPATH": str(ROOT)})
    seconds = time.perf_counter() - t0
    data = json.loads(out.stdout.strip().splitlines()[-1])
    peak = data["peak_kb"] / 1024
    return {"mc_peak_mb_5000x1m": {
        "value": peak, "unit": "MB", "goal": PEAK_GOAL_MB, "ok": peak <= PEAK_GOAL_MB,
        "note": f"peak RSS of a fresh process: 5,000 lines, 1,000,000 draws with noise and the "
                f"distribution block ({seconds:.0f} s wall); {data['base_kb'] / 1024:.0f} MB "
                "before the run"}}


def _children_cpu(args: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, check=True, capture_output=True, cwd=ROOT,
                   env=os.environ | {"PYTHONPATH": str(ROOT)})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cli_cold() -> dict:
    cli = [sys.executable, "-m", "gui.cli", "run", str(ROOT / "resources" / "sample_portfolio.csv"),
           "--scenario", SCENARIO, "--format", "json", "-o", os.devnull, "--force"]
    plain = [sys.executable, "-c", "import numpy, pandas"]
    ours, base = [], []
    for _ in range(5):
        ours.append(_children_cpu(cli))
        base.append(_children_cpu(plain))
    ratio = statistics.median(ours) / statistics.median(base)
    return {"cli_cold_ratio": {
        "value": ratio, "unit": "x import numpy, pandas",
        "note": f"a new 'jevons run sample --format json' process, CPU median of 5: "
                f"{statistics.median(ours):.2f} s vs {statistics.median(base):.2f} s for "
                "python -c 'import numpy, pandas'; no Qt, pyqtgraph or other writers load"}}


def run(only: list[str] | None = None, large: bool = False) -> dict:
    def wanted(name: str) -> bool:
        return not only or any(name.startswith(o) for o in only)

    figures: dict[str, dict] = {}
    if wanted("cli_cold_ratio"):
        figures.update(cli_cold())
    if not any(wanted(p) for p in ("scale_", "mc_ratio_to_rng_floor_200", "mc_peak_mb_5000x1m")):
        return figures
    with_pdf = wanted("scale_pdf")
    if with_pdf:
        from gui.report_export import ensure_app

        ensure_app()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        per_size: dict[str, dict] = {}
        for n in SIZES:
            per_size.update(_measure(n, folder, large, with_pdf))
        for case in ("point", "mc100k", "mc1m", "analysis", "pdf"):
            pts = [(n, per_size[f"scale_{case}_{n}"]["value"]) for n in SIZES
                   if f"scale_{case}_{n}" in per_size]
            if len(pts) >= 2:
                ns, secs = zip(*pts, strict=True)
                slope = _slope(list(ns), list(secs))
                per_size[f"scale_{case}_slope"] = {
                    "value": slope, "unit": "log-log",
                    "note": f"slope of CPU seconds against lines over {', '.join(map(str, ns))} "
                            "(1 = linear)"}
        figures.update({k: v for k, v in per_size.items() if wanted(k)})
        if large and wanted("mc_peak_mb_5000x1m"):
            figures.update(_peak(folder))
    return figures
