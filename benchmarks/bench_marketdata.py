"""Market-data figures: ``resolve_ms_1000`` and ``data_mb``.

``resolve_ms_1000`` resolves 1,000 typed texts of the kinds portfolio files hold (symbols in
any case, class shares with a dot or a space, bare Tokyo codes, exchange prefixes and
Bloomberg suffixes, ISINs and a few typos) with :meth:`SecurityMaster.resolve_many`, after
the master is loaded (its load time is in the note).  ``data_mb`` is the bytes of market
data the app ships (``resources/marketdata``).
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from engine.paths import resource

REPEAT = 9
N = 1_000


def typed_texts(master, n: int = N, *, seed: int = 0) -> list[str]:
    """``n`` texts as users type them, drawn from the master (deterministic for ``seed``)."""
    rng = np.random.default_rng(seed)
    t = master.table()
    us = t[t["exchange"].isin(["NASDAQ", "NYSE", "NYSE Arca"])]["symbol"].to_numpy()
    tokyo = t[t["exchange"].eq("TSE")]["symbol"].to_numpy()
    europe = t[t["exchange"].isin(["XETRA", "EPA", "LSE", "SIX"])]["symbol"].to_numpy()
    isins = t["isin"][t["isin"].str.len() == 12].to_numpy()
    out = []
    for i in range(n):
        kind = i % 10
        if kind < 4:
            s = rng.choice(us)
            out.append(s.lower() if kind == 0 else s.replace("-", "." if kind == 1 else " "))
        elif kind < 6:
            code = rng.choice(tokyo)[:-2]
            out.append(code if kind == 4 else f"TYO:{code}")
        elif kind == 6:
            out.append(rng.choice(europe))
        elif kind == 7:
            out.append(rng.choice(isins))
        elif kind == 8:
            out.append(f"{rng.choice(us)} US Equity")
        else:
            s = rng.choice(us)
            out.append(s[:-1] + "Q" if len(s) > 2 else s + "Q")  # a typo
    return out


def resolve_ms_1000() -> dict:
    from engine.marketdata.master import load_master

    t0 = time.perf_counter()
    master = load_master()
    load_ms = (time.perf_counter() - t0) * 1e3
    texts = typed_texts(master)
    master.resolve_many(texts[:50])  # warm the lazy indexes
    times = []
    for k in range(REPEAT):
        batch = typed_texts(master, seed=k + 1)
        t0 = time.process_time()  # CPU time: on a shared machine wall time measures neighbours
        out = master.resolve_many(batch)
        times.append((time.process_time() - t0) * 1e3)
    ok_share = sum(r.security is not None for r in out) / len(out)
    ms = statistics.median(times)
    return {"resolve_ms_1000": {
        "value": ms, "unit": "ms", "goal": 50.0, "ok": ms <= 50.0,
        "note": f"CPU time, median of {REPEAT} batches of {N:,} typed texts ({ok_share:.0%} resolved, "
                f"the rest typos with suggestions); master of {len(master):,} listings loads "
                f"in {load_ms:.0f} ms on first use"}}


def data_mb() -> dict:
    folder = resource("marketdata")
    files = sorted(p for p in folder.iterdir() if p.is_file())
    mb = sum(p.stat().st_size for p in files) / 1e6
    return {"data_mb": {
        "value": mb, "unit": "MB", "goal": 15.0, "ok": mb <= 15.0,
        "note": ", ".join(f"{p.name} {p.stat().st_size / 1e6:.2f}" for p in files)}}


def run(only: list[str] | None = None) -> dict:
    figures: dict = {}
    if not only or "resolve_ms_1000" in only:
        figures.update(resolve_ms_1000())
    if not only or "data_mb" in only:
        figures.update(data_mb())
    return figures
