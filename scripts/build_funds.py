"""Check ``resources/funds.csv`` and say where each of its rows comes from.

    PYTHONPATH=. .venv/bin/python scripts/build_funds.py [--quiet] [--write]

Every row of ``funds.csv`` is read from a document — the fund's prospectus,
fact sheet or 交付目論見書 (its ``source`` column names it, ``as_of`` gives the
document's date) — not from a data set a script could download, so the file
is kept by hand and this script is its check, not its author.  It prints each
row's symbol, as-of date and source (marking the rows whose ``source`` says
they hold an estimate, such as VTI's S&P 500 share), then checks the file
against everything else the app ships:

* the columns, one row per symbol, and no alias shared by two funds;
* every row has a source and an ISO as-of date that is not in the future;
* ``look_through``: ``key:weight`` parts with weights that sum to 1, each key a
  ticker the exposure library resolves (``etf_holdings.csv`` or
  ``companies.csv``), ``category:<a category>`` or ``estimate:<symbol>``;
* ``leverage`` agrees with the security master (``resources/marketdata``,
  built by ``scripts/build_marketdata.py`` from public repositories at pinned
  commits): a fund the master lists as leveraged or inverse has the master's
  multiple, and a fund with a multiple other than 1 is one the master lists
  so (when the master has the fund at all);
* ``currency_exposure`` is empty or a currency code.

It also says which ``estimate:`` funds have no bundled daily closes (they
resolve to the market fallback until a refresh brings prices).  ``--write``
rewrites the file in its canonical form (column order, quoting, line ends)
when the checks pass; exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.atomic import atomic_write  # noqa: E402
from engine.library import ExposureLibrary, load_library  # noqa: E402

PATH = ROOT / "resources" / "funds.csv"
COLUMNS = ("symbol", "name", "aliases", "look_through", "leverage", "index",
           "currency_exposure", "source", "as_of")
_CURRENCY = re.compile(r"[A-Z]{3}")


def read(data: bytes) -> list[dict[str, str]]:
    """The rows of a ``funds.csv`` (UTF-8 text)."""
    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"funds.csv columns are {reader.fieldnames}; expected "
                         f"{', '.join(COLUMNS)}")
    return list(reader)


def render(rows: list[dict[str, str]]) -> bytes:
    """The canonical form of ``rows`` as ``funds.csv`` bytes."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: r[c] for c in COLUMNS} for r in rows)
    return buf.getvalue().encode("utf-8")


def provenance(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str]]:
    """``(symbol, as_of, kind, source)`` per row.

    ``kind`` is ``document``, or ``document, estimate`` when the source marks a
    number of the row as an estimate (``estimate:`` or ``(estimate)``).
    """
    return [(r["symbol"], r["as_of"],
             "document, estimate" if re.search(r"\bestimate[:)]", r["source"], re.I) else "document",
             r["source"])
            for r in rows]


def check(rows: list[dict[str, str]], library: ExposureLibrary, master=None, history=None,
          today: date | None = None) -> tuple[list[str], list[str]]:
    """``(problems, notes)`` of ``rows``; ``master`` and ``history`` are optional cross-checks."""
    today = today or date.today()
    problems: list[str] = []
    notes: list[str] = []
    seen: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for n, r in enumerate(rows, start=2):
        sym = r["symbol"].strip()
        where = f"funds.csv line {n} ({sym or 'no symbol'})"
        if not sym:
            problems.append(f"{where}: no symbol")
            continue
        if sym in seen:
            problems.append(f"{where}: {sym} is listed twice")
        seen[sym] = where
        for alias in (a for a in r["aliases"].split(";") if a):
            if alias in aliases and aliases[alias] != sym:
                problems.append(f"{where}: alias {alias!r} is also {aliases[alias]}'s")
            aliases[alias] = sym
        if not r["source"].strip():
            problems.append(f"{where}: no source")
        try:
            as_of = date.fromisoformat(r["as_of"])
        except ValueError:
            problems.append(f"{where}: as_of {r['as_of']!r} is not a YYYY-MM-DD date")
        else:
            if as_of > today:
                problems.append(f"{where}: as_of {as_of} is in the future")
        if not r["index"].strip():
            problems.append(f"{where}: no index named")
        cur = r["currency_exposure"]
        if cur and not _CURRENCY.fullmatch(cur):
            problems.append(f"{where}: currency_exposure {cur!r} is not a currency code")
        try:
            lev = float(r["leverage"])
        except ValueError:
            problems.append(f"{where}: leverage {r['leverage']!r} is not a number")
            lev = float("nan")
        total = 0.0
        for part in r["look_through"].split(";"):
            key, _, w = part.rpartition(":")
            try:
                total += float(w)
            except ValueError:
                problems.append(f"{where}: look_through part {part!r} has no weight")
                continue
            if key.startswith("estimate:"):
                target = key.split(":", 1)[1]
                if history is not None and not history.has(target):
                    notes.append(f"{sym}: no bundled daily closes for {target}; it resolves "
                                 "to the market fallback until a price refresh")
            elif key.startswith("category:"):
                if key not in library.index:
                    problems.append(f"{where}: unknown category in {part!r}")
            elif library.resolve(key).exposure == "fallback":
                problems.append(f"{where}: looks through to {key}, which the exposure "
                                "library does not know")
        if abs(total - 1.0) > 1e-9:
            problems.append(f"{where}: look_through weights sum to {total:g}, not 1")
        sec = master.get(sym) if master is not None else None
        if sec is not None and lev == lev:
            m_lev = getattr(sec, "leverage", None)
            if m_lev is not None and float(m_lev) != lev:
                problems.append(f"{where}: leverage {lev:g}, the security master says "
                                f"{float(m_lev):g}")
            if m_lev is None and lev != 1.0:
                problems.append(f"{where}: leverage {lev:g}, but the security master lists "
                                "it as an ordinary fund")
    return problems, notes


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quiet", action="store_true", help="print only problems")
    p.add_argument("--write", action="store_true",
                   help="rewrite funds.csv in its canonical form when the checks pass")
    args = p.parse_args(argv)
    data = PATH.read_bytes()
    try:
        rows = read(data)
    except ValueError as exc:
        print(f"problem: {exc}")
        return 1
    try:
        from engine.marketdata import price_history, security_master
        master, history = security_master(), price_history()
    except ImportError:  # a build without the bundled market data: no cross-check
        master = history = None
    problems, notes = check(rows, load_library(), master, history)
    if not args.quiet:
        for sym, as_of, kind, source in provenance(rows):
            print(f"{sym:14} {as_of:10}  {kind:18}  {source}")
        for note in notes:
            print(f"note: {note}")
    for problem in problems:
        print(f"problem: {problem}")
    if problems:
        return 1
    canonical = render(rows)
    if canonical != data:
        if args.write:
            atomic_write(PATH, canonical, overwrite=True)
            print(f"wrote {PATH} in canonical form ({len(rows)} funds)")
        else:
            print("funds.csv is not in canonical form (run with --write)")
            return 1
    elif not args.quiet:
        print(f"funds.csv: {len(rows)} funds, every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
