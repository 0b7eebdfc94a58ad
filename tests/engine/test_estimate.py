"""Point-in-time estimates (engine.estimate) on a history with known loadings."""

from __future__ import annotations

import numpy as np
import pytest

from engine.errors import InputError
from engine.estimate import MIN_OBSERVATIONS, day_weights, estimate_universe
from tests.engine import fake_marketdata as fake


@pytest.fixture(scope="module")
def est():
    history, master = fake.build()
    return estimate_universe(fake.EVENT.date(), history=history, master=master)


def test_recovers_market_beta_and_ai_loading(est):
    history, _ = fake.build()
    names = [n for n in fake.TRUTH if n != "NEWCHIP"]
    r = history.returns_before(["^GSPC", "^SOX", *names], fake.EVENT.date())
    for s in names:
        row = est.get(s)
        assert row["own"] and row["n_obs"] == 250
        # One-factor betas to the market and to the SOX (least squares with the
        # newer days weighing more), shrunk toward the industry median: each
        # lies between its own weighted least-squares value and the prior.
        prior = est.priors[row["group"]]
        root_w = np.sqrt(day_weights(len(r)))
        for col, factor in (("beta", "^GSPC"), ("ai_loading_beta", "^SOX")):
            ols = np.polyfit(r[factor], r[s], 1, w=root_w)[0]
            assert (row[col] - ols) * (row[col] - prior[col]) <= 1e-12, (s, col)
            assert row[col] == pytest.approx(ols, abs=0.35), (s, col)
    # The chip names load most on the semiconductor index, food least.
    n = {s: est.get(s)["narrative"] for s in names}
    assert min(n[f"CHIP{i}"] for i in range(1, 6)) > max(n[f"SOFT{i}"] for i in range(1, 6))
    assert n["FOOD1"] < n["UTIL1"] < min(n[f"SOFT{i}"] for i in range(1, 6))
    # Correlation with the SOX net of the market: negative for the food name.
    assert est.get("FOOD1")["ai_correlation"] < 0 < est.get("CHIP1")["ai_correlation"]


def test_day_weights_halve_every_half_life_and_sum_to_the_effective_days():
    w = day_weights(250, 125.0)
    assert w[-1] / w[-126] == pytest.approx(2.0)
    assert w[-1] / w[0] == pytest.approx(2.0 ** (249 / 125))
    assert w.sum() == pytest.approx(w.sum() ** 2 / (w * w).sum())
    assert 200 < w.sum() < 250
    assert np.allclose(day_weights(10, 1e12), 1.0)


def test_short_history_takes_its_industry(est):
    row = est.get("NEWCHIP")
    assert not row["own"] and row["n_obs"] < MIN_OBSERVATIONS
    assert row["group"] == "industry:Semiconductors"
    chips = [est.get(f"CHIP{i}")["narrative"] for i in range(1, 6)]
    assert min(chips) <= row["narrative"] <= max(chips)


def test_a_poisoned_price_on_or_after_the_date_changes_nothing(est):
    history, master = fake.build()
    history.closes.loc[fake.EVENT:, "CHIP1"] *= 50.0  # from the as-of date on
    history.closes.loc[fake.EVENT:, "^SOX"] = np.nan
    again = estimate_universe(fake.EVENT.date(), history=history, master=master)
    assert again.frame.equals(est.frame)


def test_independent_of_the_order_and_the_set_asked_for(est):
    history, master = fake.build()
    symbols = list(reversed(fake.TRUTH))
    again = estimate_universe(fake.EVENT.date(), history=history, master=master,
                              symbols=symbols)
    assert again.frame.sort_index().equals(est.frame.sort_index())


def test_too_little_history_is_a_clear_error():
    history, master = fake.build()
    with pytest.raises(InputError, match="trading days of index history"):
        estimate_universe(fake.DATES[20].date(), history=history, master=master)


def test_validation_scores_model_and_baselines_on_the_same_names():
    from engine.validation import score, validate_event

    history, master = fake.build()
    v = validate_event(fake.EVENT.date().isoformat(), "deepseek-r1", history=history,
                       master=master, presets=("deepseek-r1", "jevons-boom"))
    assert v.names == len(fake.TRUTH) - 1  # NEWCHIP: too little history of its own
    assert set(v.baselines) == {"beta_sox", "beta_market"}  # no Nasdaq-100 series here
    for s in (*v.presets.values(), *v.baselines.values()):
        assert s["n"] == v.names
    # The event day is an AI-factor shock: the model's AI loading ranks it well.
    assert v.presets["deepseek-r1"]["spearman"] > 0.8
    d = v.to_dict()
    assert d["matching_preset"] == "deepseek-r1" and "baselines_that_win" in d
    assert score([0.1, -0.2, 0.0], [0.05, -0.1, 0.02])["sign_agreement"] == pytest.approx(2 / 3)


def test_validation_can_be_stopped():
    from engine.errors import CancelledError
    from engine.validation import validate_event

    history, master = fake.build()
    with pytest.raises(CancelledError):
        validate_event(fake.EVENT.date().isoformat(), history=history, master=master,
                       should_stop=lambda: True)


def _book(est, records, **kw):
    from engine import portfolio_from_records
    from engine.library import load_library
    from engine.model import prepare

    _, master = fake.build()
    return prepare(portfolio_from_records(records), library=load_library(), estimates=est,
                   master=master, **kw)


def test_zero_ai_loading_without_channels_moves_by_beta_times_market_only(est):
    from dataclasses import replace

    from engine import evaluate, load_scenario

    frame = est.frame.copy()
    frame.loc["UTIL1", ["narrative", "ai_loading_beta"]] = 0.0
    zero = replace(est, frame=frame)
    book = _book(zero, [{"ticker": "UTIL1", "shares": 10, "price": 50.0}])
    assert book.holdings.at[0, "exposure"] == "estimated"
    beta = frame.at["UTIL1", "beta"]
    for name in ("deepseek-r1", "demand-collapse", "jevons-boom"):
        sc = load_scenario(name)
        h = evaluate(book, sc).holdings.iloc[0]
        m = sc.parameters["market_shock"]
        assert h["return_instant"] == pytest.approx(beta * m, abs=1e-12)
        assert h["return_horizon"] == pytest.approx(beta * m, abs=1e-12)


def test_estimated_names_are_labelled_and_independent_of_portfolio_order(est):
    records = [{"ticker": t, "shares": 1, "price": 10.0} for t in ("CHIP1", "SOFT2", "NEWCHIP",
                                                                  "NVDA", "NOSUCH")]
    a = _book(est, records)
    b = _book(est, list(reversed(records)))
    labels = dict(zip(a.holdings["ticker"], a.holdings["exposure"], strict=True))
    assert labels == {"CHIP1": "estimated", "SOFT2": "estimated", "NEWCHIP": "industry",
                      "NVDA": "library", "NOSUCH": "fallback"}
    from engine import evaluate, load_scenario

    sc = load_scenario("deepseek-r1")
    ra = evaluate(a, sc).holdings.set_index("ticker")["return_instant"]
    rb = evaluate(b, sc).holdings.set_index("ticker")["return_instant"]
    assert ra.sort_index().equals(rb.sort_index())
    # An AI-loaded chip name falls on day one; a software name much less.
    assert ra["CHIP1"] < ra["SOFT2"] < 0.0


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_validation_report_section(lang):
    from engine.report.content import report_section
    from engine.validation import Validation, validate_event

    history, master = fake.build()
    v = validate_event(fake.EVENT.date().isoformat(), "deepseek-r1", history=history,
                       master=master)
    section = report_section(Validation([v]), lang)
    (event,) = section.events
    assert len(event.table.rows) == len(v.presets) + len(v.baselines)
    assert sum("*" in r["label"] for r in event.table.rows) == 1
    assert str(v.names) in event.title


def test_validation_prices_each_preset_at_the_same_point_as_the_preset_file():
    from engine.model import scenario_arrays
    from engine.scenario import PRESET_NAMES, load_scenario
    from engine.validation import _preset_point

    for name in PRESET_NAMES:
        full, point = scenario_arrays(load_scenario(name)), scenario_arrays(_preset_point(name))
        assert full.keys() == point.keys()
        for key, value in full.items():
            np.testing.assert_array_equal(point[key], value, err_msg=f"{name}: {key}")
        assert _preset_point(name).horizon_q == load_scenario(name).horizon_q


# -- the file of the latest estimates ------------------------------------------------------
@pytest.fixture
def latest():
    """The latest valuation day, with the in-process cache empty before and after."""
    from datetime import timedelta

    from engine import estimate
    from engine.marketdata import price_history

    estimate.shipped_estimates.cache_clear()
    yield price_history().last_date + timedelta(days=1)
    estimate.shipped_estimates.cache_clear()


def _same(a, b) -> None:
    import pandas as pd

    pd.testing.assert_frame_equal(a.frame, b.frame, check_exact=True)
    assert a.priors == b.priors
    assert (a.as_of, a.market, a.ai_factor, a.window, a.first_day, a.last_day) == \
        (b.as_of, b.market, b.ai_factor, b.window, b.first_day, b.last_day)


def test_the_latest_estimates_are_read_back_from_the_file_unchanged(latest, monkeypatch):
    from engine import estimate

    computed = estimate.shipped_estimates(latest)
    assert estimate.cache_file().is_file()
    estimate.shipped_estimates.cache_clear()

    def no_compute(*_a, **_k):
        raise AssertionError("computed again instead of read")

    monkeypatch.setattr(estimate, "estimate_universe", no_compute)
    read = estimate.shipped_estimates(latest)
    _same(read, computed)
    for s in [*computed.frame.index[:50], "NVDA", "NOT-A-SYMBOL"]:
        assert read.get(s) == computed.get(s) or all(
            v == read.get(s)[k] or (v != v and read.get(s)[k] != read.get(s)[k])
            for k, v in computed.get(s).items())


def test_a_file_for_other_data_or_a_damaged_one_is_worked_out_again(latest, monkeypatch):
    from engine import estimate

    computed = estimate.shipped_estimates(latest)
    path = estimate.cache_file()
    estimate._write_cache(path, "another key", computed)  # e.g. older data files or code
    real = estimate.estimate_universe
    for damage in (None, b"not a zip file", path.read_bytes()[:1000]):
        if damage is not None:
            path.write_bytes(damage)
        estimate.shipped_estimates.cache_clear()
        calls = []
        monkeypatch.setattr(estimate, "estimate_universe",
                            lambda *a, calls=calls, **k: calls.append(1) or real(*a, **k))
        _same(estimate.shipped_estimates(latest), computed)
        assert calls == [1]
        assert estimate._read_cache(path, estimate._cache_key(latest)) is not None  # rewritten


def test_a_data_folder_that_refuses_the_file_changes_nothing(latest, monkeypatch, tmp_path):
    from engine import estimate

    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("JEVONS_DATA_DIR", str(blocker / "data"))
    est = estimate.shipped_estimates(latest)
    assert est.get("NVDA") is not None and not estimate.cache_file().exists()


def test_only_the_latest_day_is_kept_in_the_file(latest):
    from datetime import timedelta

    from engine import estimate

    estimate.shipped_estimates(latest - timedelta(days=30))
    assert not estimate.cache_file().exists()
