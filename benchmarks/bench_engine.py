"""Engine figures: ``point_eval_ms_1000x20``."""

from __future__ import annotations

import statistics
import time

import numpy as np


def _median_ms(fn, repeat: int = 50) -> float:
    fn()  # warm caches
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(times)


def point_eval_1000x20() -> dict:
    from engine import evaluate, load_library, load_scenario, portfolio_from_records, prepare

    lib = load_library()
    stocks = [t for t in lib.companies.index if lib.companies.at[t, "kind"] == "stock"]
    rng = np.random.default_rng(0)
    records = []
    for i in range(1000):  # library names, ETFs and unknown tickers, with prices
        t = stocks[i % len(stocks)] if i % 4 else f"ZZ{i:04d}"
        records.append({"ticker": t, "shares": float(rng.integers(1, 500)),
                        "price": float(rng.uniform(5, 900)),
                        "currency": "JPY" if t.endswith(".T") else "USD"})
    portfolio = portfolio_from_records(records)
    scenario = load_scenario("deepseek-r1").with_parameters(horizon_q=20)
    book = prepare(portfolio)
    eval_ms = _median_ms(lambda: evaluate(book, scenario))
    full_ms = _median_ms(lambda: evaluate(prepare(portfolio), scenario), repeat=10)
    return {"point_eval_ms_1000x20": {
        "value": eval_ms, "unit": "ms", "goal": 5.0, "ok": eval_ms <= 5.0,
        "note": f"median of 50; prepared book (look-ups done once per file); "
                f"with prepare each time: {full_ms:.1f} ms"}}


def run(only: list[str] | None = None) -> dict:
    figures = {}
    if not only or "point_eval_ms_1000x20" in only:
        figures.update(point_eval_1000x20())
    return figures
