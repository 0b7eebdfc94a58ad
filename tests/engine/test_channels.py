"""Bounded channels and day one versus "if the story plays out" (MODEL.md §9–§10)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from engine.kernel import Kernel
from engine.library import FIELDS
from engine.model import company_response
from engine.scenario import neutral_parameters
from engine.settings import ModelSettings

SETTINGS = ModelSettings(discount_rate=0.09, terminal_growth=0.03, gpu_share_baseline=0.85,
                         earnings_floor=0.05, cost_saving_retained=0.5)
BASE = dict.fromkeys(FIELDS, 0.0) | {"margin": 0.3, "op_leverage": 1.5, "beta": 1.0}
SELLER = BASE | {"compute_sell": 0.4}
# A thin-margin buyer: AI compute is 10% of revenue on a 7.2% margin.
BUYER = BASE | {"ai_cost": 0.10, "margin": 0.072, "ai_upside": 0.05}
GPU = BASE | {"gpu": 0.8, "narrative": 0.9, "beta": 2.0}
COMPANIES = (SELLER, BUYER, GPU)


def fields(*companies: dict) -> np.ndarray:
    return np.array([[c[f] for f in FIELDS] for c in companies])


def params(**kw: float) -> dict[str, np.ndarray]:
    return {k: np.array([v]) for k, v in (neutral_parameters() | kw).items()}


def story(eps: float, **kw: float) -> dict[str, np.ndarray]:
    return params(**({"efficiency_multiple": 10.0, "adoption": 0.8, "elasticity_short": eps,
                      "elasticity_long": eps} | kw))


def test_compute_seller_earns_with_compute_demand():
    f = fields(SELLER)
    up = company_response(story(1.6), f, 8, SETTINGS)
    flat = company_response(story(1.0), f, 8, SETTINGS)
    down = company_response(story(0.5), f, 8, SETTINGS)
    assert up.price[0, 0, -1] > 1.0 > down.price[0, 0, -1]
    assert flat.price[0, 0, -1] == pytest.approx(1.0, abs=1e-12)
    # Like infrastructure, on D: ΔRev = compute_sell · (D − 1).
    d_T = up.demand.demand[0, -1]
    assert up.earnings[0, 0, -1] == pytest.approx(1.0 + 1.5 * 0.4 * (d_T - 1.0))


@pytest.mark.parametrize("eps", [0.0, 0.6, 1.0, 1.6, 3.0])
@pytest.mark.parametrize("pi", [-0.5, 0.0, 0.2])
def test_buyer_saving_never_exceeds_what_it_spends(eps, pi):
    resp = company_response(story(eps, efficiency_multiple=100.0, adoption=1.0,
                                  gpu_price_change=pi), fields(BUYER), 8, SETTINGS)
    # The ai_cost part of earnings: at most the retained share of the whole AI
    # spend (c ≥ 0) and at least the price rise on it (−π ≤ 0.2).
    cost_part = resp.parts["ai_cost"][0, 0]
    bound = SETTINGS.cost_saving_retained * BUYER["ai_cost"] / BUYER["margin"]
    assert np.all(cost_part <= bound + 1e-12)
    assert np.all(cost_part >= -bound * max(pi, 0.0) - 1e-12)


def test_more_compute_bought_is_not_a_loss_for_the_buyer():
    # A Jevons boom makes the buyer buy more compute; the extra spend comes with
    # what it buys, so the buyer does not lose value from the cost channel.
    resp = company_response(story(2.5), fields(BUYER), 8, SETTINGS)
    assert np.all(resp.parts["ai_cost"][0, 0] >= 0.0)
    assert resp.price[0, 0, -1] > 1.0


@pytest.mark.parametrize("p", [0.0, 0.25, 1.0])
def test_day_one_prices_the_share_p_of_the_story(p):
    f = fields(*COMPANIES)
    full = company_response(story(1.6), f, 8, SETTINGS)
    part = company_response(story(1.6, priced_share=p), f, 8, SETTINGS)
    np.testing.assert_allclose(part.value[0, :, 0] - 1.0, p * (full.value[0, :, 0] - 1.0),
                               rtol=1e-12, atol=1e-15)
    # If the story plays out, all of it is priced, whatever p.
    np.testing.assert_allclose(part.price[0, :, -1], full.price[0, :, -1], rtol=1e-12)
    parts = sum(part.parts[ch] for ch in ("demand", "ai_upside", "ai_cost", "sentiment",
                                          "market"))
    np.testing.assert_allclose(1.0 + parts, part.price, rtol=1e-12)


@pytest.mark.parametrize("kw", [
    {"priced_share": 0.25, "gpu_price_change": -0.3, "asic_shift": 0.2},
    {"priced_share": 0.6, "sentiment_shock": 0.2, "market_shock": -0.05},
    {"priced_share": 1.0, "gpu_price_change": 0.2},
])
@pytest.mark.parametrize("eps", [0.4, 1.7])
def test_kernel_matches_the_model_with_every_channel(kw, eps):
    f = fields(*COMPANIES)
    book = SimpleNamespace(fields=f, basket=np.eye(3), value_before=np.ones(3),
                           fx_power=np.zeros(3))
    p = story(eps, **kw)
    resp = company_response(p, f, 8, SETTINGS)
    day_one, horizon = Kernel(book, 8, SETTINGS).company_factors(
        {k: float(v[0]) for k, v in p.items()})
    np.testing.assert_allclose(day_one[:, 0], resp.price[0, :, 0], rtol=1e-10)
    np.testing.assert_allclose(horizon[:, 0], resp.price[0, :, -1], rtol=1e-10)


@pytest.mark.parametrize("eps", [0.4, 1.7])
def test_kernel_matches_the_model_for_a_large_book(eps):
    # Enough companies for the kernel to weight the feature sums (not each path).
    rng = np.random.default_rng(3)
    base = fields(*COMPANIES)
    f = np.vstack([base * rng.uniform(0.5, 1.5, base.shape) for _ in range(30)])
    m = len(f)
    book = SimpleNamespace(fields=f, basket=np.eye(m), value_before=np.ones(m),
                           fx_power=np.zeros(m))
    p = story(eps, priced_share=0.3, gpu_price_change=-0.2, asic_shift=0.1,
              sentiment_shock=-0.05)
    resp = company_response(p, f, 8, SETTINGS)
    day_one, horizon = Kernel(book, 8, SETTINGS).company_factors(
        {k: float(v[0]) for k, v in p.items()})
    np.testing.assert_allclose(day_one[:, 0], resp.price[0, :, 0], rtol=1e-10)
    np.testing.assert_allclose(horizon[:, 0], resp.price[0, :, -1], rtol=1e-10)
