"""Monte Carlo figures: ``mc_ratio_to_rng_floor``, ``mc_peak_mb_10m``, ``heatmap_ms_200x200``.

All on the sample portfolio with the ``deepseek-r1`` preset (8 quarters, its
shipped distributions) and the factor noise on, as ``jevons run --draws``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample_portfolio.csv"


def _setup():
    from engine import load_portfolio, load_scenario, prepare

    return prepare(load_portfolio(SAMPLE)), load_scenario("deepseek-r1")


def mc_ratio_to_rng_floor() -> dict:
    from engine.library import FIELDS
    from engine.montecarlo import simulate

    book, scenario = _setup()
    draws = 1_000_000
    uncertain = sum(1 for d in scenario.distributions.values() if not d.is_point)
    noisy = int((book.fields[:, FIELDS.index("volatility")] > 0).sum())  # companies with a volatility
    numbers = draws * (uncertain + 2 + noisy)

    def floor():
        rng = np.random.Generator(np.random.PCG64(1))
        for start in range(0, numbers, 1 << 20):  # same generator and method, in blocks
            rng.standard_normal(min(1 << 20, numbers - start))

    def model():
        simulate(book, scenario, draws, seed=1, noise=True)

    model(), floor()  # warm up
    best_m, best_f = float("inf"), float("inf")
    # Interleaved, best of three, in CPU time of this process: on a shared
    # machine wall time mostly measures the neighbours.
    for _ in range(3):
        t0 = time.process_time()
        model()
        best_m = min(best_m, time.process_time() - t0)
        t0 = time.process_time()
        floor()
        best_f = min(best_f, time.process_time() - t0)
    ratio = best_m / best_f
    return {"mc_ratio_to_rng_floor": {
        "value": ratio, "unit": "x", "goal": 3.0, "ok": ratio <= 3.0,
        "note": f"1,000,000 draws in {best_m:.2f} s vs {numbers:,} standard normals "
                f"({uncertain} parameters + 2 factors + {noisy} companies per draw) in "
                f"{best_f:.2f} s; CPU time, best of 3"}}


_PEAK_SCRIPT = """
import json, resource, sys
sys.path.insert(0, {root!r})
from engine import load_portfolio, load_scenario, prepare
from engine.montecarlo import simulate
book = prepare(load_portfolio({sample!r}))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
r = simulate(book, load_scenario("deepseek-r1"), 10_000_000, seed=1, noise=True)
r.distribution()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"peak_kb": peak, "base_kb": base}}))
"""


def mc_peak_mb_10m() -> dict:
    script = _PEAK_SCRIPT.format(root=str(ROOT), sample=str(SAMPLE))
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, env=os.environ | {"PYTHONPATH": str(ROOT)})
    seconds = time.perf_counter() - t0
    data = json.loads(out.stdout.strip().splitlines()[-1])
    peak = data["peak_kb"] / 1024  # Linux reports ru_maxrss in KiB
    return {"mc_peak_mb_10m": {
        "value": peak, "unit": "MB", "goal": 500.0, "ok": peak <= 500.0,
        "note": f"peak RSS of a fresh process running 10,000,000 draws ({seconds:.0f} s); "
                f"{data['base_kb'] / 1024:.0f} MB before the run (Python, numpy, pandas)"}}


def heatmap_ms_200x200() -> dict:
    from engine.sensitivity import heatmap

    book, scenario = _setup()
    heatmap(book, scenario, nx=200, ny=200)
    times = []
    for _ in range(7):
        t0 = time.perf_counter()
        heatmap(book, scenario, nx=200, ny=200)
        times.append((time.perf_counter() - t0) * 1e3)
    ms = sorted(times)[len(times) // 2]
    return {"heatmap_ms_200x200": {
        "value": ms, "unit": "ms", "goal": 250.0, "ok": ms <= 250.0,
        "note": "efficiency multiple x long-run elasticity, 40,000 cells in one call; median of 7"}}


FIGURES = {"mc_ratio_to_rng_floor": mc_ratio_to_rng_floor, "mc_peak_mb_10m": mc_peak_mb_10m,
           "heatmap_ms_200x200": heatmap_ms_200x200}


def run(only: list[str] | None = None) -> dict:
    figures = {}
    for name, fn in FIGURES.items():
        if not only or name in only:
            figures.update(fn())
    return figures
