"""MODEL.md §8 oracles, a hand-checked case, and invariants (hypothesis)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine import CHANNELS, portfolio_from_records, prepare
from engine.demand import demand_paths
from engine.model import evaluate
from engine.outcomes import Mover
from engine.parameters import PARAMETERS
from engine.scenario import Scenario
from engine.settings import ModelSettings
from engine.valuation import forward_value_weights
from tests.engine import synthetic

LIB, SNAP = synthetic.library(), synthetic.snapshot()
SETTINGS = ModelSettings(discount_rate=0.09, terminal_growth=0.03, gpu_share_baseline=0.85,
                         earnings_floor=0.05, cost_saving_retained=0.5)
MIXED = [{"ticker": "PURE", "shares": 10}, {"ticker": "GPUX", "shares": -5},
         {"ticker": "USER", "shares": 3}, {"ticker": "ETF1", "shares": 7},
         {"ticker": "9999.T", "shares": 100}, {"ticker": "ZZZ", "shares": 2, "price": 5.0},
         {"ticker": "JPY", "shares": 30000, "kind": "cash", "currency": "JPY"}]


def book(records=MIXED, base="USD"):
    return prepare(portfolio_from_records(records), base_currency=base, library=LIB,
                   snapshot=SNAP)


def run(params, records=MIXED, base="USD"):
    return evaluate(book(records, base), Scenario("t", params), settings=SETTINGS)


def arrays(params):
    full = {p.name: p.default for p in PARAMETERS} | params
    return {k: np.array([float(v)]) for k, v in full.items()}


# -- §8 oracles ---------------------------------------------------------------
@pytest.mark.parametrize("neutral", [{"efficiency_multiple": 1.0, "adoption": 0.7},
                                     {"efficiency_multiple": 30.0, "adoption": 0.0}])
def test_no_efficiency_gain_means_no_price_change(neutral):
    params = neutral | {"elasticity_short": 0.3, "elasticity_long": 2.0, "asic_shift": 0.0,
                        "gpu_price_change": 0.0}
    r = run(params)
    factors = r.holding_paths / r.holdings["value_before"].to_numpy()[:, None]
    np.testing.assert_array_equal(factors, 1.0)
    assert r.summary.pnl == 0.0


def test_unit_elasticity_leaves_demand_and_gpu_vendor_unchanged():
    p = arrays({"efficiency_multiple": 40.0, "adoption": 0.9, "elasticity_short": 1.0,
                "elasticity_long": 1.0})
    dp = demand_paths(p, 12, 0.85)
    np.testing.assert_allclose(dp.demand, 1.0, rtol=0, atol=1e-15)
    r = run({"efficiency_multiple": 40.0, "adoption": 0.9, "elasticity_short": 1.0,
             "elasticity_long": 1.0}, records=[{"ticker": "PURE", "shares": 1}])
    np.testing.assert_allclose(r.holding_paths, 100.0, rtol=1e-14)


def pure_value(k, eps, horizon=False):
    r = run({"efficiency_multiple": k, "adoption": 0.8, "elasticity_short": eps,
             "elasticity_long": eps}, records=[{"ticker": "PURE", "shares": 1}])
    return r.holdings["value_horizon" if horizon else "value_after"].iloc[0]


@settings(max_examples=60, deadline=None)
@given(k=st.floats(1.0, 100.0), e1=st.floats(0.0, 3.0), e2=st.floats(0.0, 3.0))
def test_pure_gpu_vendor_value_rises_with_elasticity(k, e1, e2):
    lo, hi = sorted((e1, e2))
    assert pure_value(k, lo) <= pure_value(k, hi) + 1e-9


@settings(max_examples=60, deadline=None)
@given(eps=st.floats(0.0, 3.0), k1=st.floats(1.0, 100.0), k2=st.floats(1.0, 100.0))
def test_pure_gpu_vendor_value_in_k_follows_the_sign_of_eps_minus_one(eps, k1, k2):
    lo, hi = sorted((k1, k2))
    v_lo, v_hi = pure_value(lo, eps), pure_value(hi, eps)
    if eps < 1:
        assert v_hi <= v_lo + 1e-9
    elif eps > 1:
        assert v_hi >= v_lo - 1e-9


# -- hand-checked numbers -----------------------------------------------------
def test_hand_checked_pure_gpu_vendor_one_quarter():
    """k=2, α=1, τₐ=0.5, ε=0.5, T=1, one share of PURE at 100 USD.

    ramp(1) = 1 − 2^(−1/0.5) = 0.75; c(1) = 1 − 0.75·(1 − 1/2) = 0.625;
    D(1) = 0.625^(1−0.5) = 0.790569415; E = [1, 0.790569415] (gpu=1, lev=1).
    Weights seen from t=0: w₀ = 1; terminal = 1.09^(−1/4) / (1 − (1.03/1.09)^(1/4))
    = 0.978686 / 0.0140550 = 69.6325; F(0) = (1 + 69.6325·0.790569) / 70.6325
    = 0.793534; the horizon factor F(1) = E(1) = 0.790569.
    """
    q = (1.03 / 1.09) ** 0.25
    terminal = 1.09 ** -0.25 / (1 - q)
    assert terminal == pytest.approx(69.6325, abs=1e-3)
    d1 = 0.625 ** 0.5
    f0 = (1 + terminal * d1) / (1 + terminal)
    assert f0 == pytest.approx(0.793534, abs=1e-6)
    r = run({"efficiency_multiple": 2.0, "adoption": 1.0, "adoption_halflife_q": 0.5,
             "elasticity_short": 0.5, "elasticity_long": 0.5, "horizon_q": 1},
            records=[{"ticker": "PURE", "shares": 1}])
    h = r.holdings.iloc[0]
    assert h["value_before"] == 100.0
    assert h["value_after"] == pytest.approx(100 * f0, rel=1e-12)
    assert h["value_horizon"] == pytest.approx(100 * d1, rel=1e-12)
    assert h["attr_demand"] == pytest.approx(100 * (f0 - 1), rel=1e-12)
    np.testing.assert_allclose(r.demand["D"], [1.0, d1], rtol=1e-14)


def test_value_weights_rows_sum_to_one_and_first_row_matches_model_md():
    w = forward_value_weights(8, 0.09, 0.03)
    np.testing.assert_allclose(w.sum(axis=1), 1.0, rtol=1e-14)
    raw = np.array([1.09 ** (-t / 4) for t in range(8)]
                   + [1.09 ** (-8 / 4) / (1 - ((1.03 / 1.09) ** 0.25))])
    np.testing.assert_allclose(w[0], raw / raw.sum(), rtol=1e-13)
    assert np.all(np.tril(w, -1) == 0)


def test_sentiment_and_market_on_day_one():
    """GPUX: narrative 1, beta 2: exp(−s)·(1 + 2M) with no efficiency shock."""
    r = run({"sentiment_shock": 0.1, "market_shock": -0.02},
            records=[{"ticker": "GPUX", "shares": 2}])
    h = r.holdings.iloc[0]
    assert h["value_after"] == pytest.approx(100 * math.exp(-0.1) * (1 - 0.04), rel=1e-12)
    assert h["attr_sentiment"] == pytest.approx(100 * (math.exp(-0.1) - 1), rel=1e-12)


# -- currency ---------------------------------------------------------------
def test_jpy_base_loses_exactly_the_fx_move_on_us_holdings():
    records = [{"ticker": "PURE", "shares": 3}, {"ticker": "USER", "shares": 10},
               {"ticker": "JPY", "shares": 1e6, "kind": "cash", "currency": "JPY"}]
    r = run({"usd_jpy_change": -0.01}, records=records, base="JPY")
    h = r.holdings.set_index("ticker")
    assert h.at["PURE", "value_before"] == pytest.approx(3 * 100 * 150.0)
    assert h.at["PURE", "return_instant"] == pytest.approx(-0.01, abs=1e-15)
    assert h.at["USER", "attr_fx"] == pytest.approx(h.at["USER", "pnl"], rel=1e-15)
    assert h.at["JPY", "pnl"] == 0.0
    us = h.loc[["PURE", "USER"], "value_before"].sum()
    assert r.summary.pnl == pytest.approx(-0.01 * us, rel=1e-12)


def test_usd_base_values_tokyo_holding_in_dollars():
    r = run({"usd_jpy_change": 0.05}, records=[{"ticker": "9999.T", "shares": 150}])
    h = r.holdings.iloc[0]
    assert h["value_before"] == pytest.approx(150 * 1500 / 150.0)
    assert h["return_instant"] == pytest.approx(1 / 1.05 - 1, rel=1e-12)


# -- invariants (hypothesis) -----------------------------------------------
param_strategy = st.fixed_dictionaries(
    {p.name: (st.integers(int(p.low), int(p.high)).map(float) if p.integer
              else st.floats(p.low, p.high, allow_nan=False)) for p in PARAMETERS})


@settings(max_examples=80, deadline=None)
@given(params=param_strategy)
def test_attribution_sums_to_pnl_and_portfolio_to_holdings(params):
    r = run(params)
    h = r.holdings
    for prefix, pnl in (("attr_", "pnl"), ("attr_h_", "pnl_horizon")):
        parts = h[[prefix + ch for ch in CHANNELS]].sum(axis=1).to_numpy()
        scale = np.maximum(np.abs(h["value_before"].to_numpy()), 1.0)
        np.testing.assert_allclose(parts / scale, h[pnl].to_numpy() / scale, atol=1e-9)
    assert r.summary.pnl == pytest.approx(h["pnl"].sum(), rel=1e-9, abs=1e-9)
    assert r.summary.pnl_horizon == pytest.approx(h["pnl_horizon"].sum(), rel=1e-9, abs=1e-9)
    assert np.all(np.isfinite(r.holding_paths))
    # value never goes below zero for a long position (earnings floor)
    longs = h["shares"].to_numpy() > 0
    assert np.all(r.holding_paths[longs] > 0)


@settings(max_examples=40, deadline=None)
@given(params=param_strategy, factor=st.sampled_from([2.0, 0.5, 3.0]))
def test_scaling_shares_scales_pnl(params, factor):
    base = run(params)
    scaled = run(params, records=[r | {"shares": r["shares"] * factor} for r in MIXED])
    assert scaled.summary.pnl == pytest.approx(factor * base.summary.pnl, rel=1e-9,
                                                  abs=1e-9)
    np.testing.assert_allclose(scaled.holdings["pnl"], factor * base.holdings["pnl"],
                               rtol=1e-9, atol=1e-9)


def test_etf_is_its_basket():
    params = {"efficiency_multiple": 10.0, "adoption": 0.6, "elasticity_short": 0.4,
              "elasticity_long": 0.8, "sentiment_shock": 0.1, "market_shock": -0.02}
    etf = run(params, records=[{"ticker": "ETF1", "shares": 1}]).holdings.iloc[0]
    gpux = run(params, records=[{"ticker": "GPUX", "shares": 1}]).holdings.iloc[0]
    market = run(params, records=[{"ticker": "NOPE", "shares": 1, "price": 1.0}]).holdings.iloc[0]
    expected = 0.5 * gpux["return_instant"] + 0.5 * market["return_instant"]
    assert etf["return_instant"] == pytest.approx(expected, rel=1e-12)
    assert etf["exposure"] == "fund" and market["exposure"] == "fallback"


def test_short_position_gains_when_price_falls():
    r = run({"sentiment_shock": 0.2}, records=[{"ticker": "GPUX", "shares": -4}])
    h = r.holdings.iloc[0]
    assert h["pnl"] > 0 and h["return_instant"] > 0


def test_through_basket_is_the_basket_product():
    import dataclasses

    b = book()  # stocks, an ETF, a fallback, a Tokyo stock and cash
    assert ((b.basket != 0).sum(axis=1) > 1).any()  # the ETF
    basket = b.basket.copy()
    basket[[0, 4]] = 0.0  # holdings on no company at all: first and in the middle
    for bk in (b, dataclasses.replace(b, basket=basket)):
        company = np.random.default_rng(3).normal(size=(bk.basket.shape[1], 7))
        np.testing.assert_allclose(bk.through_basket(company), bk.basket @ company,
                                   rtol=1e-14, atol=1e-15)
        zero = bk.through_basket(np.zeros_like(company))
        assert (zero == 0.0).all()  # unmoved companies leave every holding exactly unmoved


def test_book_arrays_are_read_only_copies_of_the_holdings():
    b = book()
    v0 = b.value_before
    assert v0 is b.value_before  # converted once
    np.testing.assert_array_equal(v0, b.holdings["value_before"].to_numpy(float))
    with pytest.raises(ValueError, match="read-only"):
        v0[0] = 1.0
    assert list(b.array("ticker")) == list(b.holdings["ticker"])


def test_worst_and_best_skip_cash_and_take_the_first_of_equals():
    records = [{"ticker": "JPY", "shares": 30000, "kind": "cash", "currency": "JPY"},
               {"ticker": "ZZZ", "shares": 2, "price": 5.0},
               {"ticker": "YYY", "shares": 3, "price": 5.0},
               {"ticker": "PURE", "shares": 10}]
    r = run({"efficiency_multiple": 10.0, "adoption": 0.6, "market_shock": 0.0,
             "usd_jpy_change": -0.2}, records=records)
    h = r.holdings
    securities = h[h["kind"] != "cash"]
    worst = securities.loc[securities["return_instant"].idxmin()]
    best = securities.loc[securities["return_instant"].idxmax()]
    assert r.summary.worst == Mover(worst["ticker"], float(worst["return_instant"]))
    assert r.summary.best == Mover(best["ticker"], float(best["return_instant"]))
    assert "JPY" not in (r.summary.worst.ticker, r.summary.best.ticker)
    only_cash = run({}, records=records[:1])
    assert only_cash.summary.worst is None and only_cash.summary.best is None


# -- the fast kernel is the point evaluation ---------------------------------------
def _parameter_values():
    """A value in range for every parameter (the horizon a whole number of quarters)."""
    def one(spec):
        if spec.integer:
            return st.integers(int(spec.low), int(spec.high)).map(float)
        return st.floats(spec.low, spec.high, allow_nan=False)

    return st.fixed_dictionaries({spec.name: one(spec) for spec in PARAMETERS})


_HOLDINGS = st.lists(
    st.tuples(st.sampled_from(range(len(MIXED))),
              st.floats(-500.0, 500.0).filter(lambda x: abs(x) > 1e-3)),
    min_size=1, max_size=6, unique_by=lambda t: t[0])


@settings(max_examples=80, deadline=None)
@given(params=_parameter_values(), picks=_HOLDINGS, base=st.sampled_from(["USD", "JPY"]))
def test_kernel_equals_evaluate_for_etfs_fx_shorts_and_both_measures(params, picks, base):
    from engine.kernel import Kernel

    records = [MIXED[i] | {"shares": shares} for i, shares in picks]
    b = book(records, base)
    scenario = Scenario("t", params)
    point = evaluate(b, scenario, settings=SETTINGS).holdings
    ratios = Kernel(b, scenario.horizon_q, SETTINGS).holding_ratios(
        {k: np.array([v]) for k, v in scenario.parameters.items()})
    v0 = point["value_before"].to_numpy()
    np.testing.assert_allclose(v0 * ratios.day_one[:, 0], point["value_after"], rtol=1e-9,
                               atol=1e-9 * np.abs(v0).max())
    np.testing.assert_allclose(v0 * ratios.horizon[:, 0], point["value_horizon"], rtol=1e-9,
                               atol=1e-9 * np.abs(v0).max())


@pytest.mark.parametrize("layout", ["one company each", "funds and single names", "empty rows"])
def test_sparse_basket_product_is_the_dense_product(layout):
    from engine.model import sparse_rows, through_rows

    rng = np.random.default_rng(7)
    rows, companies = 12, 9
    matrix = np.zeros((rows, companies))
    for i in range(rows):
        if layout == "empty rows" and i % 4 == 0:
            continue
        if layout == "one company each" or i % 3:
            matrix[i, rng.integers(companies)] = 1.0 if i % 2 else 0.5
        else:
            picks = rng.choice(companies, size=4, replace=False)
            matrix[i, picks] = rng.dirichlet(np.ones(4))
    company = rng.standard_normal((companies, 5))
    np.testing.assert_allclose(through_rows(sparse_rows(matrix), company), matrix @ company,
                               rtol=1e-14, atol=1e-15)
