"""resources/funds.csv against its check (scripts/build_funds.py)."""

from __future__ import annotations

import importlib.util
from datetime import date

import pytest

from engine.library import load_library
from engine.marketdata import price_history, security_master
from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("build_funds", ROOT / "scripts" / "build_funds.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


@pytest.fixture(scope="module")
def rows():
    return build.read(build.PATH.read_bytes())


def _check(rows):
    return build.check(rows, load_library(), security_master(), price_history(),
                       today=date(2026, 12, 1))


def test_the_shipped_file_passes_and_is_in_canonical_form(rows):
    problems, _ = _check(rows)
    assert problems == []
    assert build.render(rows) == build.PATH.read_bytes()
    assert build.main(["--quiet"]) == 0


def test_every_row_says_its_source_and_as_of_and_the_estimates_are_marked(rows):
    seen = {sym: (as_of, kind) for sym, as_of, kind, _ in build.provenance(rows)}
    assert set(seen) == {r["symbol"] for r in rows}
    assert all(date.fromisoformat(as_of) for as_of, _ in seen.values())
    assert seen["VTI"][1] == "document, estimate"  # the S&P 500's share is an estimate
    assert seen["SOXL"][1] == "document"


@pytest.mark.parametrize(("field", "value", "says"), [
    ("leverage", "2", "the security master says 3"),
    ("look_through", "SOXX:0.9", "sum to 0.9"),
    ("look_through", "NOSUCH:1", "does not know"),
    ("look_through", "category:nosuch:1", "unknown category"),
    ("as_of", "2025-13-01", "not a YYYY-MM-DD date"),
    ("as_of", "2027-01-01", "in the future"),
    ("source", "", "no source"),
    ("currency_exposure", "dollars", "not a currency code"),
])
def test_a_wrong_row_is_named(rows, field, value, says):
    bad = [dict(r) for r in rows]
    soxl = next(r for r in bad if r["symbol"] == "SOXL")
    soxl[field] = value
    problems, _ = _check(bad)
    assert any("SOXL" in p and says in p for p in problems), problems


def test_a_leveraged_multiple_on_an_ordinary_fund_and_duplicates_are_named(rows):
    bad = [dict(r) for r in rows]
    next(r for r in bad if r["symbol"] == "VOO")["leverage"] = "2"
    bad.append(dict(bad[0]))
    problems, _ = _check(bad)
    assert any("VOO" in p and "ordinary fund" in p for p in problems)
    assert any("listed twice" in p for p in problems)
