"""The build script's split repair (scripts/build_marketdata.py)."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("build_marketdata",
                                               ROOT / "scripts" / "build_marketdata.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)


def _series(values):
    return pd.Series(values, index=pd.bdate_range("2025-12-22", periods=len(values)))


def test_an_unadjusted_split_is_taken_out():
    # 4:1 split on the fourth day (SoftBank Group, December 2025), then a +1.8% day
    fixed, log = build.fix_splits(_series([17815.0, 17735.0, 17525.0, 4371.25, 4450.0]))
    assert fixed.iloc[:3].tolist() == pytest.approx([4453.75, 4433.75, 4381.25])
    assert fixed.iloc[3:].tolist() == [4371.25, 4450.0]
    assert log == ["2025-12-25: earlier closes x0.25 (split)"]


def test_a_jump_that_is_no_split_drops_what_came_before():
    fixed, log = build.fix_splits(_series([1266.0, 1229.0, 1146.0, 62.18, 64.55]))
    assert fixed.tolist() == [62.18, 64.55]
    assert "matches no split" in log[0]


def test_ordinary_and_large_real_moves_are_kept():
    values = [100.0, 60.0, 95.0, 101.0]  # −40% then +58%: big, but no split
    fixed, log = build.fix_splits(_series(values))
    assert fixed.tolist() == values and log == []


def test_a_few_bad_prints_that_come_back_are_dropped_not_the_history():
    # two closes a tenth of the level, then back (TOPIX ETF 1306, March 2026)
    values = [382.6, 382.7, 37.64, 37.14, 389.2, 383.0]
    fixed, log = build.fix_splits(_series(values))
    assert fixed.tolist() == [382.6, 382.7, 389.2, 383.0]
    assert len(log) == 1 and "bad prints" in log[0]


def test_a_real_split_is_not_taken_for_a_bad_print():
    fixed, log = build.fix_splits(_series([1000.0, 1010.0, 101.0, 102.0, 103.0, 104.0]))
    assert fixed.tolist() == pytest.approx([100.0, 101.0, 101.0, 102.0, 103.0, 104.0])
    assert log == ["2025-12-24: earlier closes x0.1 (split)"]
