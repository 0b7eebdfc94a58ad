"""Rebuild the filed ``margin`` and ``op_leverage`` rows of resources/exposures.csv.

    PYTHONPATH=. .venv/bin/python scripts/build_exposures.py [--check]

``resources/filings.csv`` holds, for each curated name, the figures taken from
its annual filing (revenue, gross profit, operating income, in the filing's
currency and unit) with the document named.  This script turns them into the
two derived fields of MODEL.md §4:

* ``margin`` = operating income / revenue (or ``margin_used`` where the filed
  margin is negative or meaningless; the note says why, and the row is an
  ``estimate``);
* ``op_leverage`` = gross margin / operating margin, clipped to [1, 4]
  (:data:`OP_LEVERAGE_RANGE`), the contribution ratio the model uses.

Every other row of ``exposures.csv`` is left as it is; the file is written
sorted by ``companies.csv`` order and field order, atomically.  ``--check``
only reports whether the file is up to date (exit status 1 if not).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RES = ROOT / "resources"
#: Fields in the order exposures.csv lists them for each ticker.
FIELD_ORDER = ("gpu", "asic", "infra", "ai_upside", "ai_cost", "compute_sell", "margin",
               "op_leverage", "beta", "narrative", "volatility", "ai_loading")
OP_LEVERAGE_RANGE = (1.0, 4.0)
COLUMNS = ("ticker", "field", "value", "source", "as_of", "confidence")


def _money(x: float, currency: str, unit: str) -> str:
    """``$1.47bn``, ``-$26m``, ``JPY456.2bn``: the figure as a filing states it."""
    sign = {"USD": "$", "JPY": "JPY", "EUR": "EUR", "TWD": "TWD"}.get(currency, currency + " ")
    neg = "-" if x < 0 else ""
    x = abs(x)
    if unit == "bn" and x < 1:
        return f"{neg}{sign}{x * 1000:,.1f}m" if x < 0.1 else f"{neg}{sign}{x * 1000:,.0f}m"
    return f"{neg}{sign}{x:,.2f}{unit}" if x < 10 else f"{neg}{sign}{x:,.1f}{unit}"


def derived_rows(f: dict[str, str]) -> list[dict[str, str]]:
    """The ``margin`` and ``op_leverage`` rows for one ``filings.csv`` row."""
    cur, unit, doc = f["currency"], f["unit"], f["document"]
    rev, op = float(f["revenue"]), float(f["operating_income"])
    gross = float(f["gross_profit"]) if f["gross_profit"] else None
    filed = op / rev
    conf = f["confidence"]
    note = f" ({f['note']})" if f["note"] else ""
    if f["margin_used"]:
        margin = float(f["margin_used"])
        m_src = (f"{doc}: operating income {_money(op, cur, unit)} / revenue "
                 f"{_money(rev, cur, unit)} = {filed:.1%}; {margin:g} used instead{note}")
        m_conf = "estimate"
    else:
        margin = round(filed, 3)
        m_src = f"{doc}: operating income {_money(op, cur, unit)} / revenue {_money(rev, cur, unit)}{note}"
        m_conf = conf
    if gross is None:
        raise ValueError(f"{f['ticker']}: filings.csv needs gross_profit to derive op_leverage")
    gm = gross / rev
    raw = gm / margin
    lo, hi = OP_LEVERAGE_RANGE
    lev = round(min(max(raw, lo), hi), 2)
    clip = "" if lo <= raw <= hi else f" -> clipped to {lev:g}"
    l_src = (f"gross margin {gm:.1%} (gross profit {_money(gross, cur, unit)}) / operating margin "
             f"{margin:.1%} = {raw:.2f}{clip}; {doc}")
    l_conf = "estimate" if m_conf == "estimate" or "estimate" in f["note"].lower() else conf
    base = {"ticker": f["ticker"], "as_of": f["period_end"]}
    return [base | {"field": "margin", "value": f"{margin:g}", "source": m_src, "confidence": m_conf},
            base | {"field": "op_leverage", "value": f"{lev:g}", "source": l_src, "confidence": l_conf}]


def build() -> str:
    """The new text of exposures.csv."""
    with open(RES / "companies.csv", encoding="utf-8", newline="") as fh:
        order = [r["ticker"] for r in csv.DictReader(fh)]
    with open(RES / "filings.csv", encoding="utf-8", newline="") as fh:
        filings = list(csv.DictReader(fh))
    with open(RES / "exposures.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    derived = {(d["ticker"], d["field"]): d for f in filings for d in derived_rows(f)}
    unknown = sorted({t for t, _ in derived} - set(order))
    if unknown:
        raise ValueError(f"filings.csv names tickers missing from companies.csv: {unknown}")
    kept = [r for r in rows if (r["ticker"], r["field"]) not in derived]
    allrows = kept + list(derived.values())
    pos = {t: i for i, t in enumerate(order)}
    bad = sorted({r["ticker"] for r in allrows if r["ticker"] not in pos}
                 | {r["field"] for r in allrows if r["field"] not in FIELD_ORDER})
    if bad:
        raise ValueError(f"exposures.csv has tickers or fields this script does not know: {bad}")
    allrows.sort(key=lambda r: (pos[r["ticker"]], FIELD_ORDER.index(r["field"])))
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows({k: r[k] for k in COLUMNS} for r in allrows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only report whether the file is current")
    args = ap.parse_args(argv)
    try:
        text = build()
    except (OSError, ValueError, KeyError) as exc:
        print(f"build_exposures: {exc}", file=sys.stderr)
        return 2
    target = RES / "exposures.csv"
    if args.check:
        current = target.read_text(encoding="utf-8") == text
        print("exposures.csv is up to date" if current else "exposures.csv is out of date")
        return 0 if current else 1
    fd, tmp = tempfile.mkstemp(dir=RES, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, target)
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
