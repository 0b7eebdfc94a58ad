"""Write a documented event's returns file from the bundled daily closes.

    PYTHONPATH=. .venv/bin/python scripts/build_event.py 2025-01-22 [--check]

For every company and ETF of the exposure library and the three indices
(``^GSPC``, ``^IXIC``, ``^SOX``) with a close on the event day and on the
trading day before it in ``resources/marketdata`` (built by
``scripts/build_marketdata.py`` from public repositories at pinned commits;
``resources/marketdata/manifest.json`` names them), one row of
``resources/events/<date>.csv`` in the format :mod:`engine.events` reads.
The event's story, window and sources are in ``resources/events/<date>.toml``,
written by hand.  ``--check`` only says whether the file is up to date (exit
status 1 if not).  The file is written atomically.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.atomic import atomic_write  # noqa: E402
from engine.events import COLUMNS  # noqa: E402
from engine.library import load_library  # noqa: E402
from engine.marketdata import price_history, security_master  # noqa: E402

INDICES = ("^GSPC", "^IXIC", "^SOX")
SOURCE = ("resources/marketdata daily closes (scripts/build_marketdata.py; sources and commits "
          "in resources/marketdata/manifest.json)")


def rows(day: date) -> list[dict]:
    history, master = price_history(), security_master()
    lib = load_library()
    out = []
    for ticker in [*lib.companies.index, *INDICES]:
        if not history.has(ticker):
            continue
        after = history.close(ticker, day)
        prev = history.last_close(ticker, on_or_before=date.fromordinal(day.toordinal() - 1))
        if after is None or prev is None:
            continue
        before, before_day = prev
        info = lib.info(ticker)
        sec = master.get(ticker)
        kind = "index" if ticker.startswith("^") else str(info["kind"]) if info else "stock"
        currency = str(info["currency"]) if info else (sec.currency if sec else "USD")
        out.append({"ticker": ticker, "kind": kind, "currency": currency, "set": "added",
                    "date_before": before_day.isoformat(), "close_before": f"{before:.6g}",
                    "date_event": day.isoformat(), "close_event": f"{after:.6g}",
                    "return_event": f"{float(f'{after:.6g}') / float(f'{before:.6g}') - 1.0:.6f}",
                    "source": SOURCE, "confidence": "high"})
    return out


def render(day: date) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(day))
    return buf.getvalue().encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("date", type=date.fromisoformat)
    p.add_argument("--check", action="store_true")
    args = p.parse_args(argv)
    path = ROOT / "resources" / "events" / f"{args.date.isoformat()}.csv"
    data = render(args.date)
    if args.check:
        ok = path.is_file() and path.read_bytes() == data
        print(f"{path.name}: {'up to date' if ok else 'out of date'}")
        return 0 if ok else 1
    atomic_write(path, data, overwrite=True)
    print(f"wrote {path} ({len(data.splitlines()) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
