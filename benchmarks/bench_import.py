"""Importer figures: ``import_ratio_100k``.

A 100,000-row holdings file (one row per lot, as a broker's tax-lot export
writes it: account, symbol, description, quantity, price, currency, cost; a
universe of 6,000 symbols, so most tickers repeat and are combined) is loaded
with :func:`engine.importer.load` and with plain ``pandas.read_csv``,
alternately, in the same run.  The figure is the ratio of the medians of
their CPU times (this process, every thread): on a shared machine wall time
mostly measures the neighbours.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROWS = 100_000
SYMBOLS = 6_000
REPEAT = 15


def write_holdings(path: Path, rows: int = ROWS, *, seed: int = 0) -> None:
    """A realistic large holdings CSV (deterministic for ``seed``)."""
    rng = np.random.default_rng(seed)
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    symbols = np.unique(["".join(rng.choice(letters, rng.integers(2, 5)))
                         for _ in range(SYMBOLS)])
    tokyo = np.array([str(c) for c in rng.choice(np.arange(1300, 9999), 400, replace=False)])
    universe = np.concatenate([symbols, tokyo])
    pick = rng.integers(0, len(universe), rows)
    tick = universe[pick]
    is_jp = pick >= len(symbols)
    price = np.where(is_jp, rng.uniform(300, 40_000, len(universe)).round(0)[pick],
                     rng.uniform(2, 900, len(universe)).round(2)[pick])
    frame = pd.DataFrame({
        "Account": rng.choice(["Individual", "IRA", "Roth IRA", "Joint"], rows),
        "Symbol": tick,
        "Description": np.char.add("Company ", tick.astype(str)),
        "Quantity": rng.integers(1, 2_000, rows),
        "Price": price,
        "Currency": np.where(is_jp, "JPY", "USD"),
        "Average Cost": (price * rng.uniform(0.5, 1.5, rows)).round(2),
    })
    frame.to_csv(path, index=False)


def import_ratio_100k() -> dict:
    from engine.importer import load

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "holdings.csv"
        write_holdings(path)
        before = path.read_bytes()
        portfolio = load(path)  # warm caches (aliases, profiles, imports)
        pd.read_csv(path)
        ours, plain = [], []
        for _ in range(REPEAT):
            t0 = time.process_time()
            load(path)
            t1 = time.process_time()
            pd.read_csv(path)
            t2 = time.process_time()
            ours.append(t1 - t0)
            plain.append(t2 - t1)
        assert path.read_bytes() == before
        size_mb = len(before) / 1e6
    ratio = statistics.median(ours) / statistics.median(plain)
    return {"import_ratio_100k": {
        "value": ratio, "unit": "x read_csv", "goal": 2.0, "ok": ratio <= 2.0,
        "note": f"CPU time, median of {REPEAT} alternating runs: load "
                f"{statistics.median(ours) * 1e3:.0f} ms vs read_csv "
                f"{statistics.median(plain) * 1e3:.0f} ms (best {min(ours) / min(plain):.2f}x); "
                f"{size_mb:.1f} MB, {ROWS:,} rows -> {len(portfolio):,} holdings"}}


def run(only: list[str] | None = None) -> dict:
    figures = {}
    if not only or "import_ratio_100k" in only:
        figures.update(import_ratio_100k())
    return figures
