"""Portfolios for the report tests: the sample, 500 holdings, and hostile names."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import numpy as np

from engine import evaluate, load_library, load_portfolio, load_scenario, portfolio_from_records
from engine.paths import resource

HOSTILE = ('=HYPERLINK("http://x","y")', "<script>alert(1)</script>", "+SUM(A1)", "@cmd",
           "-2+3", "\tTAB")
GENERATED = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.UTC)


def sample_result(scenario: str = "deepseek-r1"):
    return evaluate(load_portfolio(resource("sample_portfolio.csv")), load_scenario(scenario))


def large_portfolio(n: int = 500, *, hostile: bool = True):
    """``n`` holdings: library stocks and ETFs, unknown tickers, a short and cash; some
    holdings named like spreadsheet formulas and HTML."""
    lib = load_library()
    known = [t for t in lib.companies.index]
    rng = np.random.default_rng(7)
    records: list[dict[str, Any]] = []
    for i in range(n - 1):
        t = known[i % len(known)] if i % 5 else f"ZZ{i:04d}"
        rec = {"ticker": t, "shares": float(rng.integers(1, 400)) * (-1 if i == 3 else 1),
               "price": float(rng.uniform(5, 900)),
               "currency": "JPY" if t.endswith(".T") else "USD"}
        if hostile and i < len(HOSTILE):
            rec["name"] = HOSTILE[i]
        records.append(rec)
    records.append({"ticker": "USD", "shares": 25_000.0, "kind": "cash", "currency": "USD"})
    return portfolio_from_records(records, name="Large test portfolio")


def large_result(scenario: str = "deepseek-r1"):
    return evaluate(large_portfolio(), load_scenario(scenario))


# --------------------------------------------------------------------------
# A tiny spreadsheet evaluator: enough for the workbook's own formulas
# --------------------------------------------------------------------------
_REF = re.compile(r"(?:(?P<sheet>'[^']+'|[A-Za-z][\w ]*)!)?\$?(?P<c1>[A-Z]{1,3})\$?(?P<r1>\d+)"
                  r"(?::\$?(?P<c2>[A-Z]{1,3})\$?(?P<r2>\d+))?")


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


class Evaluator:
    """Evaluates ``=SUM(...)``, ``SUMPRODUCT(ABS(range))``, ``IF(a=0,b,c)``, ``ABS``, cell
    references and + − × ÷; an empty-string result (``""``: no meaning) is NaN."""

    def __init__(self, workbook) -> None:
        self.wb = workbook
        self.formulas_seen = 0

    def cell(self, sheet: str, col: int, row: int) -> float:
        value = self.wb[sheet].cell(row=row, column=col).value
        if isinstance(value, str) and value.startswith("="):
            self.formulas_seen += 1
            return self.formula(sheet, value)
        return 0.0 if value is None or isinstance(value, str) else float(value)

    def formula(self, sheet: str, text: str) -> float:
        def ref(m: re.Match) -> str:
            s = (m["sheet"] or sheet).strip("'")
            if m["c2"]:
                return (f"_rng({s!r},{_col(m['c1'])},{m['r1']},"
                        f"{_col(m['c2'])},{m['r2']})")
            return f"_cell({s!r},{_col(m['c1'])},{m['r1']})"

        expr = _REF.sub(ref, text[1:])
        expr = re.sub(r"(?<![<>=!])=(?!=)", "==", expr)
        expr = expr.replace("SUMPRODUCT(ABS(", "_sumabs((").replace("SUM(", "_sum(").replace("IF(", "_if(").replace("ABS(", "abs(")
        env = {"_cell": self.cell, "_sum": lambda *xs: float(sum(sum(x) if isinstance(x, list)
                                                                 else x for x in xs)),
               "_if": lambda c, a, b: a if c else b, "abs": abs,
               "_sumabs": lambda xs: float(sum(abs(x) for x in xs)),
               "_rng": lambda s, c1, r1, c2, r2: [self.cell(s, c, r)
                                                   for r in range(int(r1), int(r2) + 1)
                                                   for c in range(int(c1), int(c2) + 1)]}
        value = eval(expr, {"__builtins__": {}}, env)
        return float("nan") if value == "" else float(value)
