"""Distributions, Monte Carlo, risk measures, tornado, grid and reverse stress."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
import pytest

from engine import CancelledError, InputError, evaluate, load_portfolio, load_scenario, prepare
from engine.distributions import parse_distribution
from engine.library import FIELDS
from engine.montecarlo import BLOCK, simulate
from engine.risk import Tally, expected_shortfall, value_at_risk
from engine.scenario import PRESET_NAMES, Scenario, scenario_from_toml
from engine.sensitivity import answer_text, break_even, heatmap, reverse_stress, tornado
from tests.conftest import ROOT

SAMPLE = ROOT / "resources" / "sample_portfolio.csv"


@pytest.fixture(scope="module")
def book():
    return prepare(load_portfolio(SAMPLE))


def _with(dists: dict, base: str = "deepseek-r1", **params) -> Scenario:
    s = load_scenario(base)
    p = dict(s.parameters) | params
    for name, raw in dists.items():
        if "value" in raw:
            p.pop(name, None)
    return Scenario("t", p, distributions=dists)


# -- distributions ---------------------------------------------------------------
def test_median_is_the_point_and_quantiles_match_closed_forms():
    d = parse_distribution("efficiency_multiple", {"kind": "lognormal", "sigma": 0.5}, 10.0)
    assert d.median == 10.0
    z = NormalDist().inv_cdf(0.05)
    assert d.ppf(0.05) == pytest.approx(10 * math.exp(0.5 * z), rel=3e-5)  # truncated at 1, 100
    tri = parse_distribution("asic_shift", {"kind": "triangular", "low": 0.0, "mode": 0.1,
                                            "high": 0.3}, 0.0)
    assert tri.median == pytest.approx(0.3 - math.sqrt(0.5 * 0.3 * 0.2))
    assert tri.ppf(0.1) == pytest.approx(math.sqrt(0.1 * 0.3 * 0.1), rel=1e-6)
    beta = parse_distribution("adoption", {"kind": "beta", "concentration": 10}, 0.6)
    assert beta.median == 0.6 and beta.ppf(0.5) == pytest.approx(0.6, abs=1e-9)
    ab = parse_distribution("adoption", {"kind": "beta", "a": 2, "b": 2}, 0.5)
    # Beta(2, 2): F(x) = 3x² − 2x³
    x = ab.ppf(0.2)
    assert 3 * x * x - 2 * x**3 == pytest.approx(0.2, abs=1e-6)


@pytest.mark.parametrize(("raw", "needle"), [
    ({"kind": "gamma"}, "unknown or missing kind 'gamma'"),
    ({"kind": "uniform", "low": 0.2}, "needs high"),
    ({"kind": "uniform", "low": 0.5, "high": 0.2}, "must be below high"),
    ({"kind": "uniform", "low": -0.5, "high": 0.2}, "reaches outside the range of adoption"),
    ({"kind": "truncnormal", "sd": 0}, "sd must be positive"),
    ({"kind": "truncnormal", "sd": 0.1, "spread": 1}, "unknown key(s) spread"),
    ({"kind": "beta", "a": 2}, "give both a and b"),
    ({"kind": "triangular", "low": 0, "mode": 0.9, "high": 0.5}, "mode (0.9) must lie"),
    ({"kind": "uniform", "low": "x", "high": 1}, "low must be a finite number"),
])
def test_bad_distribution_tables_are_explained(raw, needle):
    with pytest.raises(InputError) as info:
        parse_distribution("adoption", raw, 0.3)
    assert needle in str(info.value) and "[distributions.adoption]" in str(info.value)


def test_point_disagreeing_with_median_and_uncertain_horizon_are_errors():
    with pytest.raises(InputError, match="its median"):
        scenario_from_toml({"parameters": {"adoption": 0.9},
                            "distributions": {"adoption": {"kind": "uniform", "low": 0.2,
                                                           "high": 0.4}}})
    with pytest.raises(InputError, match="cannot be uncertain"):
        scenario_from_toml({"distributions": {"horizon_q": {"kind": "uniform", "low": 2,
                                                            "high": 4}}})


def test_presets_keep_their_point_values_and_carry_distributions():
    import tomllib

    from engine.scenario import PRESETS_DIR

    for name in PRESET_NAMES:
        raw = tomllib.loads((PRESETS_DIR / f"{name}.toml").read_text(encoding="utf-8"))
        s = load_scenario(name)
        assert s.distributions, name
        assert {k: s.parameters[k] for k in raw["parameters"]} == pytest.approx(raw["parameters"])


def test_moving_a_point_moves_its_distribution():
    s = load_scenario("deepseek-r1")
    moved = s.with_parameters(elasticity_long=1.3)
    assert moved.distributions["elasticity_long"].median == 1.3


# -- risk measures ----------------------------------------------------------------
def test_var_and_es_match_the_normal_closed_forms():
    mu, sigma = 0.02, 0.1
    # A deterministic "perfect" normal sample: quantiles at the midpoints.
    n = 400_000
    x = mu + sigma * np.array([NormalDist().inv_cdf((i + 0.5) / n) for i in range(n)])
    for level in (0.95, 0.99):
        z = NormalDist().inv_cdf(1 - level)
        var = -(mu + sigma * z)
        es = -mu + sigma * math.exp(-z * z / 2) / math.sqrt(2 * math.pi) / (1 - level)
        assert value_at_risk(x, level) == pytest.approx(var, rel=1e-4)
        assert expected_shortfall(x, level) == pytest.approx(es, rel=1e-3)
        tally = Tally(1)
        for chunk in np.array_split(np.random.default_rng(0).permutation(x), 7):
            tally.add(chunk[None, :])
        assert tally.value_at_risk(0, level) == pytest.approx(var, rel=1e-3)
        assert tally.expected_shortfall(0, level) == pytest.approx(es, rel=1e-3)
    assert tally.mean(0) == pytest.approx(mu, abs=1e-9)


def test_tally_of_many_series_is_each_series_tallied_alone():
    # Many series fold a few rows at a time; each must be exactly its own tally
    # (counts, bin sums, sums of squares, extremes), out-of-range rows included.
    rng = np.random.default_rng(3)
    k, n = 41, 5000  # pieces of 13 rows, the last one not of a single row
    blocks = [rng.standard_normal((k, n)) * np.linspace(0.01, 2.0, k)[:, None]
              for _ in range(3)]
    blocks[2][5] += 40.0  # one series far outside the range its first block fixed
    together = Tally(k)
    for block in blocks:
        together.add(block)
    for j in (0, 5, 12, 13, 39, 40):
        alone = Tally(1)
        for block in blocks:
            alone.add(block[j:j + 1])
        for name in ("counts", "sums", "total", "min", "max"):
            assert np.array_equal(getattr(together, name)[j], getattr(alone, name)[0]), (j, name)
        # (numpy sums a single row's squares by another path: the last bits may differ)
        assert together.total_sq[j] == pytest.approx(alone.total_sq[0], rel=1e-14)
    assert together.count == alone.count == 3 * n


def test_uniform_losses_closed_form():
    x = np.linspace(-1.0, 0.0, 100_001)  # uniform on [−1, 0]
    assert value_at_risk(x, 0.95) == pytest.approx(0.95, abs=1e-9)
    assert expected_shortfall(x, 0.95) == pytest.approx(0.975, abs=1e-5)


# -- Monte Carlo ----------------------------------------------------------------
def test_mean_equals_the_point_result_when_every_distribution_is_a_point(book):
    dists = {"adoption": {"kind": "point"}, "elasticity_long": {"kind": "point", "value": 0.9}}
    s = _with(dists)
    point = evaluate(book, s)
    mc = simulate(book, s, 5000, seed=1)
    d = mc.distribution()
    assert d.money.mean == pytest.approx(point.summary.pnl_horizon, rel=1e-12)
    assert d.money.p05 == pytest.approx(point.summary.pnl_horizon, rel=1e-12)
    assert d.day_one.expected_return == pytest.approx(point.summary.return_instant, rel=1e-12)


def test_mean_converges_to_the_point_result_as_spread_shrinks(book):
    s = load_scenario("deepseek-r1")
    point = evaluate(book, s).summary.pnl_horizon
    tight = {"elasticity_long": {"kind": "truncnormal", "sd": 1e-4},
             "adoption": {"kind": "beta", "concentration": 1e6}}
    mc = simulate(book, _with(tight), 20_000, seed=3)
    assert mc.distribution().money.mean == pytest.approx(point, rel=1e-4)
    # With noise the mean stays put (mean-one noise), within sampling error.
    noisy = simulate(book, _with({"adoption": {"kind": "point"}}), 200_000, seed=3, noise=True)
    sd = math.sqrt(noisy.tally.variance(0)) * abs(noisy.portfolio_value)
    assert abs(noisy.distribution().money.mean - point) < 4 * sd / math.sqrt(200_000)


def test_same_seed_same_numbers_across_chunk_sizes(book):
    s = load_scenario("deepseek-r1")
    n = 2 * BLOCK + 123
    runs = [simulate(book, s, n, seed=11, noise=True, chunk_draws=c).distribution()
            for c in (1, BLOCK, 3 * BLOCK, 10**9)]
    assert all(r == runs[0] for r in runs[1:])
    other = simulate(book, s, n, seed=12, noise=True).distribution()
    assert other.money.mean != runs[0].money.mean


def test_cancel_stops_within_one_chunk(book):
    s = load_scenario("deepseek-r1")
    seen = []
    asked = {"n": 0}

    def should_stop():
        asked["n"] += 1
        return asked["n"] > 2  # stop at the third check

    with pytest.raises(CancelledError):
        simulate(book, s, 50 * BLOCK, seed=1, chunk_draws=BLOCK, progress=seen.append,
                 should_stop=should_stop)
    assert asked["n"] == 3 and len(seen) == 2 and seen[-1] == pytest.approx(1 / 50)


def test_probability_of_loss_and_histogram_are_consistent(book):
    mc = simulate(book, load_scenario("deepseek-r1"), 50_000, seed=5, noise=True)
    hist = mc.histogram(40)
    assert sum(hist.counts) == 50_000 and len(hist.edges) == 41
    assert 0 <= mc.probability_of_loss(0.2) <= mc.probability_of_loss(0.1) <= 1
    d = mc.distribution().money
    assert d.es95 >= d.var95 and d.es99 >= d.var99 >= d.var95
    assert d.var95 == pytest.approx(-d.p05)


def test_bad_draws_and_seed_are_input_errors(book):
    s = load_scenario("deepseek-r1")
    with pytest.raises(InputError):
        simulate(book, s, 1)
    with pytest.raises(InputError):
        simulate(book, s, 10, seed=-1)


# -- drivers, grid, reverse stress --------------------------------------------------
def test_one_parameter_scenario_has_one_tornado_bar(book):
    s = _with({"elasticity_long": {"kind": "truncnormal", "sd": 0.3}})
    s = Scenario("one", {k: v for k, v in s.parameters.items()},
                 distributions={"elasticity_long": s.distributions["elasticity_long"]})
    bars = tornado(book, s)
    assert [b.parameter for b in bars] == ["elasticity_long"]
    lo = evaluate(book, s.with_parameters(elasticity_long=bars[0].low_value))
    assert bars[0].pnl_low == pytest.approx(lo.summary.pnl_horizon, rel=1e-10)


def test_heatmap_matches_point_evaluations(book):
    s = load_scenario("deepseek-r1")
    g = heatmap(book, s, nx=5, ny=4)
    assert g.returns.shape == (4, 5) and g.levels == (-0.2, -0.1, 0.0)
    j, i = 3, 2
    one = evaluate(book, s.with_parameters(efficiency_multiple=g.x[j], elasticity_long=g.y[i]))
    assert g.returns[i, j] == pytest.approx(one.summary.return_horizon, rel=1e-10)


def test_reverse_stress_hits_its_target(book):
    s = load_scenario("deepseek-r1")
    target = evaluate(book, s.with_parameters(adoption=0.83)).summary.return_horizon - 1e-3
    res = reverse_stress(book, s, "adoption", target)
    assert res.found
    for value in res.solutions:
        hit = evaluate(book, s.with_parameters(adoption=value))
        assert hit.summary.return_horizon == pytest.approx(target, abs=1e-7)
    miss = reverse_stress(book, s, "elasticity_long", -0.9)
    assert not miss.found and miss.message.startswith("No value of Elasticity, long run")
    assert miss.message == answer_text(miss, "en") and answer_text(miss, "ja") != miss.message
    for row in break_even(book, s):
        if row.value is not None:
            h = evaluate(book, s.with_parameters(elasticity_long=row.value)).holdings
            r = h.loc[h["ticker"] == row.ticker, "return_horizon"].iloc[0]
            assert r == pytest.approx(0.0, abs=1e-7)


def _twenty_holdings(base_currency: str = "USD"):
    """20 lines: library stocks (US and Tokyo), ETFs looked through, unknown names, a short."""
    from engine import load_library, portfolio_from_records

    lib = load_library()
    tickers = list(lib.companies.index)
    rng = np.random.default_rng(0)
    records = []
    for i in range(20):
        t = tickers[(7 * i) % len(tickers)] if i % 5 else f"ZZ{i:04d}"
        records.append({"ticker": t, "shares": float(rng.integers(1, 500)) * (-1 if i == 3 else 1),
                        "price": float(rng.uniform(5, 900)),
                        "currency": "JPY" if t.endswith(".T") else "USD"})
    return prepare(portfolio_from_records(records), base_currency=base_currency)


@pytest.mark.parametrize(("preset", "parameter_name", "measure", "base"), [
    ("deepseek-r1", "elasticity_long", "horizon", "USD"),
    ("jevons-boom", "gpu_price_change", "horizon", "JPY"),
    ("panic-and-recovery", "sentiment_shock", "day_one", "USD"),
    ("demand-collapse", "elasticity_long", "day_one", "JPY"),
])
def test_break_even_solved_together_matches_the_one_holding_root_finder(preset, parameter_name,
                                                                       measure, base):
    book = _twenty_holdings(base)
    s = load_scenario(preset)
    together = break_even(book, s, parameter_name, measure=measure)
    assert len(together) == 20
    found = 0
    for i, row in enumerate(together):
        alone = reverse_stress(book, s, parameter_name, 0.0, holding=i, measure=measure)
        assert row.ticker == alone.holding
        assert row.message == alone.message
        assert row.reached == pytest.approx(alone.reached, rel=1e-12, abs=1e-15)
        assert row.solutions == pytest.approx(alone.solutions, rel=1e-12, abs=1e-12)
        found += bool(row.solutions)
    assert found >= 3  # the comparison is not only between empty answers


def test_cli_draws_fill_the_distribution_identically_twice():
    import json

    from tests.conftest import run_cli

    args = ("run", str(SAMPLE), "--scenario", "deepseek-r1", "--draws", "20000", "--seed", "7",
            "--format", "json")
    first, second = run_cli(*args), run_cli(*args)
    assert first.returncode == 0, first.stderr.decode()
    doc, again = json.loads(first.stdout), json.loads(second.stdout)
    assert doc["distribution"] == again["distribution"]
    # With a fixed generation time (SOURCE_DATE_EPOCH) the whole file is byte-identical.
    env = {"SOURCE_DATE_EPOCH": "1737936000"}
    assert run_cli(*args, env=env).stdout == run_cli(*args, env=env).stdout
    dist = doc["distribution"]
    assert {"draws", "mean", "p05", "p50", "p95", "var95", "es95", "var99", "es99"} <= set(dist)
    assert dist["draws"] == 20000 and dist["seed"] == 7
    assert doc["drivers"]["bars"] and doc["reverse_stress"]["questions"]
    bad = run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1", "--draws", "-3")
    assert bad.returncode == 2 and b"--draws" in bad.stderr


def test_from_normals_is_from_normal_row_by_row():
    from engine.distributions import Distribution

    scenario = load_scenario("deepseek-r1")
    dists = [d for d in scenario.distributions.values() if not d.is_point]
    z = np.random.default_rng(5).standard_normal((len(dists), 1000)) * 3  # tails clipped too
    together = Distribution.from_normals(dists, z)
    for i, d in enumerate(dists):
        np.testing.assert_array_equal(together[i], d.from_normal(z[i]))


def test_work_arrays_give_the_numbers_of_fresh_ones(monkeypatch):
    """The Monte Carlo's reused work arrays (``out=``, ``work=``) change no number:
    parameter values, company factors in sub-blocks, and the basket sums."""
    from engine import kernel as kernel_module
    from engine import load_library
    from engine.distributions import Distribution
    from engine.kernel import Kernel
    from engine.model import sparse_rows, through_rows
    from engine.parameters import PARAMETERS
    from engine.settings import model_settings

    rng = np.random.default_rng(11)
    scenario = load_scenario("deepseek-r1")
    dists = [d for d in scenario.distributions.values() if not d.is_point]
    z = rng.standard_normal((len(dists), 500)) * 3
    work = (np.full(z.shape, np.nan), np.zeros(z.shape, dtype=np.intp))
    np.testing.assert_array_equal(Distribution.from_normals(dists, z, out=np.empty_like(z),
                                                            work=work),
                                  Distribution.from_normals(dists, z))

    fields = load_library().matrix[:12]

    class _Book:
        basket = np.eye(len(fields))
        value_before = np.ones(len(fields))
        fx_power = np.zeros(len(fields))

    _Book.fields = fields
    n = 700
    p = {spec.name: rng.uniform(spec.low, spec.high, n) for spec in PARAMETERS
         if not spec.integer}
    log_noise = rng.normal(0.0, 0.2, (len(fields), n))
    kernel = Kernel(_Book(), 8, model_settings())
    s_T = kernel.horizon_sentiment(p)

    def log_rows(a, b, lo, hi, out):  # the caller's noise − narrative·s(T), as the Monte Carlo's
        return np.subtract(log_noise[a:b, lo:hi], kernel.narrative[a:b, None] * s_T[lo:hi],
                           out=out)

    whole = kernel.company_factors(p, horizon_log_rows=log_rows)
    monkeypatch.setattr(kernel_module, "_CACHE_ELEMENTS", 8 * 128)  # sub-blocks of 128 draws
    into = np.full((2, len(fields), n + 3), np.nan)[:, :, 1:-2]  # strided views
    day_one, horizon = into
    parts = kernel.company_factors(p, horizon_log_rows=log_rows, out=(day_one, horizon))
    assert parts[0] is day_one and parts[1] is horizon
    np.testing.assert_array_equal(into[0], whole[0])
    np.testing.assert_array_equal(into[1], whole[1])

    basket = np.zeros((4, 5))
    basket[0, 2] = 1.0  # one company
    basket[1, [0, 3, 4]] = [0.5, 0.3, 0.2]  # a fund seen through
    basket[3, 1] = 2.0  # one company, weighted; row 2 holds nothing
    sparse = sparse_rows(basket)
    company = rng.standard_normal((5, 40))
    out = np.full((4, 40), np.nan)
    got = through_rows(sparse, company, out=out, work=np.full((3, 40), np.nan))
    assert got is out
    np.testing.assert_array_equal(out, through_rows(sparse, company))
    np.testing.assert_allclose(out, basket @ company, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize(("few", "gather"), [(True, 0.25), (False, 0.0), (False, 1.0)])
def test_kernel_factors_are_the_model_formulas_including_the_earnings_floor(few, gather,
                                                                            monkeypatch):
    """The kernel's shortcut (F(0) through the feature sums where the floor cannot bind)
    gives the model's numbers, and the draws near the floor take the floored path
    (few companies: full paths; many: the sums, the floored path built on every
    draw (``gather`` 0) or on the near draws' columns only (1))."""
    from engine import kernel as kernel_module
    from engine import load_library
    from engine.kernel import Kernel
    from engine.model import company_response
    from engine.parameters import PARAMETERS
    from engine.settings import model_settings

    lib, settings, horizon = load_library(), model_settings(), 8
    fields = lib.matrix
    rng = np.random.default_rng(3)
    n = 600
    p = {spec.name: rng.uniform(spec.low, spec.high, n) for spec in PARAMETERS
         if not spec.integer}
    p["horizon_q"] = np.full(n, float(horizon))
    if few:  # three companies that reach the floor in some draws, two that never do
        hits = (company_response(p, fields, horizon, settings).earnings
                == settings.earnings_floor).any(axis=(0, 2))
        fields = fields[np.r_[np.flatnonzero(hits)[:3], np.flatnonzero(~hits)[:2]]]

    class _Book:  # the library's companies, one holding each
        basket = np.eye(len(fields))
        value_before = np.ones(len(fields))
        fx_power = np.zeros(len(fields))

    _Book.fields = fields

    monkeypatch.setattr(kernel_module, "_NEAR_GATHER", gather)
    kernel = Kernel(_Book(), horizon, settings)
    day_one, at_horizon = kernel.company_factors(p)
    resp = company_response(p, fields, horizon, settings)
    sentiment_T = np.exp(-fields[:, list(FIELDS).index("narrative")][None, :]
                         * (p["sentiment_shock"] * np.exp2(-horizon / p["sentiment_halflife_q"]))
                         [:, None])
    market = 1.0 + fields[:, list(FIELDS).index("beta")][None, :] * p["market_shock"][:, None]
    floored = resp.earnings == settings.earnings_floor
    assert floored.any() and not floored.all()  # both paths are exercised
    np.testing.assert_allclose(day_one.T, resp.price[:, :, 0], rtol=1e-12, atol=1e-13)
    expected_T = resp.earnings[:, :, horizon] * sentiment_T * market
    np.testing.assert_allclose(at_horizon.T, expected_T, rtol=1e-12, atol=1e-13)


def test_monte_carlo_holdings_are_the_kernel_holding_ratios(tmp_path):
    # An independent path to every series: the same parameter draws through
    # Kernel.holding_ratios (whole-book arrays, no groups) must give each
    # holding's horizon mean, extremes and day-one mean, and the portfolio's.
    # Many companies (several groups), a fund seen through, yen holdings in a
    # dollar book, a short, yen cash and two lines of one company.
    from engine.distributions import Distribution
    from engine.kernel import Kernel
    from engine.montecarlo import BLOCK
    from engine.returns import gross_exposure
    from engine.settings import model_settings

    path = tmp_path / "mixed.csv"
    path.write_text("ticker,shares,price,currency\nNVDA,50,,\nAMD,-40,,\nSMH,30,,\n"
                    "ASML,10,,\nMU,60,,\nAVGO,20,,\nTSM,30,,\nINTC,100,,\nMRVL,40,,\n"
                    "MSFT,15,,\n8035.T,200,,\n6857.T,100,,\nJPY,2000000,1,JPY\nNVDA,10,,\n")
    book = prepare(load_portfolio(path))
    scenario = load_scenario("deepseek-r1")
    draws = 3000
    mc = simulate(book, scenario, draws, seed=5)
    kernel = Kernel(book, scenario.horizon_q, model_settings())
    # More than one group, and yen companies outside the first.
    assert kernel.n_companies > kernel.group_rows
    assert np.flatnonzero(book.basket[book.fx_power < 0].any(axis=0)).max() >= kernel.group_rows

    dists = [d for n in mc.uncertain for d in [scenario.distributions[n]]]
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(5, spawn_key=(0,))))
    assert draws <= BLOCK
    z = rng.standard_normal((len(dists), draws))
    p = {n: float(v) for n, v in scenario.parameters.items()}
    p.update({d.parameter: row for d, row in zip(dists, Distribution.from_normals(dists, z),
                                                  strict=True)})
    ratios = kernel.holding_ratios(p)
    v0 = book.value_before
    sign = np.sign(v0)[:, None]
    horizon = (ratios.horizon - 1.0) * sign  # each holding's return
    for i in range(len(v0)):
        j = mc.series(i)
        assert mc.tally.mean(j) == pytest.approx(horizon[i].mean(), rel=1e-11, abs=1e-14), i
        assert mc.tally.min[j] == pytest.approx(horizon[i].min(), rel=1e-11, abs=1e-14), i
        assert mc.tally.max[j] == pytest.approx(horizon[i].max(), rel=1e-11, abs=1e-14), i
    np.testing.assert_allclose(mc.expected_day_one, ratios.day_one.mean(axis=1), rtol=1e-12)
    portfolio = (v0 @ (ratios.horizon - 1.0)) / gross_exposure(v0)
    assert mc.tally.mean(0) == pytest.approx(portfolio.mean(), rel=1e-11)
    day_one = (v0 @ (ratios.day_one - 1.0)) / gross_exposure(v0)
    assert mc.tally.mean(mc.series(day_one=True)) == pytest.approx(day_one.mean(), rel=1e-11)
