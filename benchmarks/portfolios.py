"""Portfolios of a given size for the scale benchmarks, from the shipped library.

A real book of 50 to 5,000 lines holds a few curated AI names, some funds
and a long tail of other securities.  :func:`records` builds one with every
curated stock of the exposure library (up to 40% of the lines), every
library ETF (looked through to its constituents), and for the remaining
lines securities the library does not know, half of them in USD and half
in JPY, which take the fallback exposure.  Those tail symbols are synthetic
(``ZZ`` + a number, never a real listing) with a price and currency in the
file, as a broker export gives them, so the figures do not move when the
bundled market data is rebuilt; the curated names and ETFs are real and
priced from the snapshot where it has them.  Same ``n`` and ``seed`` → the
same portfolio.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

#: The sizes every scale benchmark measures (lines of the portfolio file).
SIZES = (50, 200, 1000, 5000)
#: Most of a book may be curated names, the rest funds and the long tail.
CURATED_SHARE = 0.4


def records(n: int, seed: int = 0) -> list[dict]:
    """``n`` holdings: ``ticker``, ``shares``, and ``price``/``currency`` where the file gives them."""
    from engine import load_library, load_snapshot

    lib, snap = load_library(), load_snapshot()
    kinds = lib.companies["kind"]
    stocks = [t for t in lib.companies.index if kinds[t] == "stock"]
    etfs = [t for t in lib.companies.index if kinds[t] == "etf"]
    rng = np.random.default_rng(seed)
    curated = stocks[:max(1, min(len(stocks), int(n * CURATED_SHARE)))]
    funds = etfs[:max(0, min(len(etfs), n - len(curated)))]
    out = []
    for t in curated + funds:
        row = {"ticker": t, "shares": float(rng.integers(1, 2000))}
        if snap.price(t) is None:
            row |= {"price": round(float(rng.uniform(5, 900)), 2),
                    "currency": str(lib.info(t)["currency"])}
        out.append(row)
    for i in range(n - len(out)):
        yen = i % 2 == 1
        out.append({"ticker": f"ZZ{i:05d}", "shares": float(rng.integers(1, 2000)),
                    "price": round(float(rng.uniform(500, 9000) if yen else rng.uniform(5, 900)), 2),
                    "currency": "JPY" if yen else "USD"})
    return out


def write_csv(path: str | Path, n: int, seed: int = 0) -> Path:
    """The portfolio of :func:`records` as a plain ``ticker,shares,price,currency`` CSV."""
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["ticker", "shares", "price", "currency"])
        for r in records(n, seed):
            w.writerow([r["ticker"], f"{r['shares']:g}",
                        "" if "price" not in r else f"{r['price']:.2f}", r.get("currency", "")])
    return path
