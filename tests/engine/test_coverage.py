"""Coverage: share of value by exposure source, from the per-holding labels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine import evaluate, load_portfolio, load_scenario, prepare
from engine.coverage import coverage, source_labels, uncovered_share, warns
from engine.names import display_name, short_name
from engine.report.content import build_report

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_shares_by_gross_value_in_display_order():
    shares = coverage(["fallback", "library", "cash", "library"], [100.0, 300.0, -100.0, 500.0])
    assert list(shares) == ["library", "cash", "fallback"]
    assert shares == pytest.approx({"library": 0.8, "cash": 0.1, "fallback": 0.1})


def test_unknown_labels_are_kept_not_folded():
    shares = coverage(["library", "newkind", "unpriced"], [50.0, 25.0, 25.0])
    assert list(shares) == ["library", "unpriced", "newkind"]
    assert shares["newkind"] == pytest.approx(0.25)
    assert uncovered_share(shares) == pytest.approx(0.25)


def test_unpriced_value_counts_as_zero_and_empty_is_empty():
    shares = coverage(["library", "unpriced"], [100.0, np.nan])
    assert shares == {"library": 1.0, "unpriced": 0.0}
    assert coverage([], []) == {}
    assert coverage(["library"], [0.0]) == {"library": 0.0}


def test_mismatched_lengths_are_an_error():
    with pytest.raises(ValueError, match="2 labels for 1 values"):
        coverage(["library", "cash"], [1.0])


def test_fallback_splits_into_market_only_and_industry():
    labels = source_labels(["fallback", "fallback", "fallback", "library", "cash"],
                           ["market", "", "ai_user", "gpu_vendor", "cash"])
    assert labels.tolist() == ["market-only", "market-only", "industry", "library", "cash"]


def test_warning_threshold_is_strictly_above_ten_percent():
    assert not warns({"library": 0.9, "market-only": 0.1})
    assert warns({"library": 0.89, "market-only": 0.11})
    assert warns({"library": 0.85, "unpriced": 0.15})
    assert not warns({"library": 0.5, "industry": 0.5})


def test_result_summary_and_report_carry_coverage():
    book = prepare(load_portfolio(FIXTURES / "portfolio30.csv"))
    result = evaluate(book, load_scenario("deepseek-r1"))
    shares = result.summary.coverage
    assert sum(shares.values()) == pytest.approx(1.0)
    h = result.holdings
    gross = np.abs(h["value_before"]).sum()
    # Funds are seen through, Tokyo names estimated from their prices: none is market-only.
    funds = h["ticker"].isin(["QQQ", "SPY", "SMH", "TQQQ", "SOXL"])
    assert shares["fund"] == pytest.approx(np.abs(h["value_before"][funds]).sum() / gross)
    assert "market-only" not in shares
    assert result.to_dict()["summary"]["coverage"] == shares
    report = build_report(result, lang="en")
    rows = {r["source_key"]: r for r in report.coverage.rows}
    assert rows["fund"]["holdings"] == 5 and rows["cash"]["holdings"] == 2
    assert report.coverage_warning == ""


def test_report_warns_when_much_is_market_only(tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text("ticker,shares,price,currency\nZZZQ,10,100,USD\nNVDA,5,,\n", encoding="utf-8")
    result = evaluate(prepare(load_portfolio(csv)), load_scenario("deepseek-r1"))
    share = result.summary.coverage["market-only"]
    assert share > 0.10
    for lang, start in (("en", f"{100 * share:.1f}% of the value is market-only"),
                        ("ja", f"評価額の{100 * share:.1f}%が市場連動のみ")):
        assert build_report(result, lang=lang).coverage_warning.startswith(start)


def test_names_short_and_in_japanese():
    assert short_name("NVIDIA Corporation") == "NVIDIA"
    assert short_name("Arm Holdings plc (ADS)") == "Arm"
    assert short_name("Inc.") == "Inc."  # nothing left: the name as it was
    assert short_name("A very long company name that goes on and on", 20).endswith("…")
    assert display_name("NVIDIA Corporation", "エヌビディア", "ja") == "エヌビディア"
    assert display_name("NVIDIA Corporation", "エヌビディア", "en") == "NVIDIA Corporation"
    assert display_name("Unknown Co", "", "ja") == "Unknown Co"


def test_japanese_reports_name_companies_in_japanese():
    book = prepare(load_portfolio(FIXTURES / "portfolio16.csv"))
    result = evaluate(book, load_scenario("deepseek-r1"))
    ja = build_report(result, lang="ja")
    names = {r["ticker"]: r["name"] for r in ja.holdings.rows}
    assert names["NVDA"] == "エヌビディア" and names["8035.T"] == "東京エレクトロン"
    # No Japanese name in the security master: its English one, spaces tidied.
    assert names["SAP"] == "SAP SE ADS"
    assert {r["ticker"]: r["name"] for r in ja.movers.rows}["NVDA"] == "エヌビディア"
    en = build_report(result, lang="en")
    assert {r["ticker"]: r["name"] for r in en.holdings.rows}["NVDA"] == "NVIDIA Corporation"


def test_a_name_from_the_users_file_wins_in_every_language(tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text("ticker,name,shares\nNVDA,エヌビディア株,5\n", encoding="utf-8")
    result = evaluate(prepare(load_portfolio(csv)), load_scenario("deepseek-r1"))
    for lang in ("en", "ja"):
        assert build_report(result, lang=lang).holdings.rows[0]["name"] == "エヌビディア株"
