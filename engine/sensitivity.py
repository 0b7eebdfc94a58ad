"""Which assumption matters: tornado, sensitivity grid and reverse stress.

All three evaluate the portfolio with :class:`engine.kernel.Kernel`, every
parameter set of a question as one array of "draws", so a 200 × 200 grid is
one vectorised call.  ``measure`` chooses the number looked at: ``"horizon"``
(portfolio value at quarter T, the default, as the Monte Carlo distribution)
or ``"day_one"`` (the day-one repricing).  Returns are P&L divided by the
portfolio's gross exposure (``engine.returns``).

* :func:`tornado`: for each uncertain parameter, the P&L at its low and high
  quantile (default 5% and 95%) with every other parameter at its point
  value (the median); bars sorted by swing.  The variance shares of a Monte
  Carlo run (:class:`engine.montecarlo.MonteCarloResult`) rank the same
  drivers with the others *varying*.
* :func:`heatmap`: return over a grid of two parameters, with the contour
  levels (−10%, −20% and the break-even 0%) for a front end to draw.
* :func:`reverse_stress`: the value of one parameter that gives a target
  return, the others fixed; every crossing in the range is reported, or a
  plain "no value in range reaches the target" with the range reached.
* :func:`break_even`: per holding, the value of a parameter (default the
  long-run elasticity) at which that holding neither gains nor loses.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable

import numpy as np

from engine.errors import CancelledError, InputError
from engine.formatting import format_percent
from engine.kernel import Kernel
from engine.outcomes import (
    BreakEven,
    DriverBar,
    Drivers,
    Grid,
    Measure,
    ReverseStressAnswer,
)
from engine.parameters import PARAMETER_NAMES, parameter
from engine.report.i18n import text
from engine.returns import gross_exposure
from engine.scenario import Scenario
from engine.settings import ModelSettings, model_settings
from engine.vocabulary import parameter_label

__all__ = ["DEFAULT_LEVELS", "REPORT_QUESTIONS", "Grid", "answer_text", "break_even", "drivers",
           "heatmap",
           "holdings_reverse_stress", "reverse_stress", "tornado"]

#: Contour levels of the sensitivity grid: losses of 10% and 20%, and break-even.
DEFAULT_LEVELS = (-0.20, -0.10, 0.0)
_SOLVER_GRID = 1025  # points of the first scan in reverse stress (then bisection)


def _check(name: str) -> None:
    try:
        spec = parameter(name)
    except KeyError as exc:
        raise InputError(str(exc.args[0])) from None
    if spec.integer:
        raise InputError(f"{name} sets the quarter axis and cannot be varied here; "
                         "change the scenario's horizon instead")


def _measure(measure: str) -> Measure:
    try:
        return Measure(measure)
    except ValueError:
        raise InputError(f"unknown measure {measure!r}; use one of "
                         f"{', '.join(m.value for m in Measure)}") from None


def _returns(kernel: Kernel, p: dict, measure: str, holding: int | None = None) -> np.ndarray:
    v0 = kernel.value_before
    if holding is not None:
        ratios = kernel.holding_ratios(p)
        r = ratios.horizon if measure == "horizon" else ratios.day_one
        return (r[holding] - 1.0) * np.sign(v0[holding] or 1.0)
    scale = gross_exposure(v0) or 1.0
    return kernel.portfolio_pnl(p, measure=measure) / scale


def tornado(book, scenario: Scenario, *, low: float = 0.05, high: float = 0.95,
            measure: str = "horizon", settings: ModelSettings | None = None,
            variance_share: dict[str, float] | None = None) -> tuple[DriverBar, ...]:
    """One :class:`DriverBar` per uncertain parameter, widest swing first.

    Each bar: ``parameter``, ``low_value``/``high_value`` (its quantiles),
    ``return_low``/``return_high`` and ``pnl_low``/``pnl_high`` (portfolio, with
    the parameter at that value and the others at their medians), ``swing``
    (|pnl_high − pnl_low|, base currency), and its ``variance_share`` from
    ``variance_share`` (a Monte Carlo run's) when given.  Point distributions
    are skipped.
    """
    if not 0.0 < low < high < 1.0:
        raise InputError("tornado quantiles must satisfy 0 < low < high < 1")
    measure = _measure(measure)
    names = [n for n in PARAMETER_NAMES
             if n in scenario.distributions and not scenario.distributions[n].is_point]
    if not names:
        return ()
    kernel = Kernel(book, scenario.horizon_q, settings or model_settings())
    lows = [scenario.distributions[n].ppf(low) for n in names]
    highs = [scenario.distributions[n].ppf(high) for n in names]
    count = 2 * len(names)
    p = {n: np.full(count, float(scenario.parameters[n])) for n in PARAMETER_NAMES
         if n != "horizon_q"}
    for i, n in enumerate(names):
        p[n][2 * i], p[n][2 * i + 1] = lows[i], highs[i]
    ret = _returns(kernel, p, measure)
    scale = gross_exposure(kernel.value_before) or 1.0
    bars = []
    for i, n in enumerate(names):
        r_lo, r_hi = float(ret[2 * i]), float(ret[2 * i + 1])
        bars.append(DriverBar(n, parameter(n).label, float(lows[i]), float(highs[i]), r_lo, r_hi,
                              r_lo * scale, r_hi * scale, abs(r_hi - r_lo) * scale,
                              None if variance_share is None else variance_share.get(n)))
    bars.sort(key=lambda b: -b.swing)
    return tuple(bars)


def drivers(book, scenario: Scenario, *, variance_share: dict[str, float] | None = None,
            settings: ModelSettings | None = None) -> Drivers:
    """The tornado at the horizon (5% and 95% quantiles) as a result carries it."""
    return Drivers(tornado(book, scenario, settings=settings, variance_share=variance_share))


def heatmap(book, scenario: Scenario, *, x: str = "efficiency_multiple",
            y: str = "elasticity_long", nx: int = 41, ny: int = 41,
            x_range: tuple[float, float] | None = None,
            y_range: tuple[float, float] | None = None,
            holding: int | None = None, measure: str = "horizon",
            levels: tuple[float, ...] = DEFAULT_LEVELS,
            settings: ModelSettings | None = None) -> Grid:
    """Return over an ``ny × nx`` grid of parameters ``x`` and ``y``, the others at their points.

    Ranges default to each parameter's documented range (a log-spaced axis
    for a parameter with ``log=True``, such as the efficiency multiple).
    ``holding`` (an index into the book) looks at one holding instead of the
    portfolio.
    """
    for name in (x, y):
        _check(name)
    if x == y:
        raise InputError("choose two different parameters for the grid")
    if nx < 2 or ny < 2:
        raise InputError("the grid needs at least 2 points on each axis")
    measure = _measure(measure)

    def axis(name: str, count: int, rng: tuple[float, float] | None) -> np.ndarray:
        spec = parameter(name)
        lo, hi = rng if rng is not None else (spec.low, spec.high)
        if not spec.low <= lo < hi <= spec.high:
            raise InputError(f"grid range for {name} must lie inside "
                             f"[{spec.low:g}, {spec.high:g}] with low < high")
        if spec.log and lo > 0:
            return np.geomspace(lo, hi, count)
        return np.linspace(lo, hi, count)

    xs, ys = axis(x, nx, x_range), axis(y, ny, y_range)
    kernel = Kernel(book, scenario.horizon_q, settings or model_settings())
    p: dict[str, float | np.ndarray] = {n: float(scenario.parameters[n]) for n in PARAMETER_NAMES}
    p[x] = np.tile(xs, ny)
    p[y] = np.repeat(ys, nx)
    ret = _returns(kernel, p, measure, holding).reshape(ny, nx)
    label = None if holding is None else str(book.holdings["ticker"].iloc[holding])
    return Grid(x, y, xs, ys, ret, tuple(levels),
                (float(scenario.parameters[x]), float(scenario.parameters[y])), measure, label)


def _crossings(f: np.ndarray, target: float) -> list[int]:
    g = f - target
    return [i for i in range(len(g) - 1) if g[i] == 0 or g[i] * g[i + 1] < 0]


def _scan(spec) -> np.ndarray:
    """The first scan of a parameter's whole range (log-spaced for a log parameter)."""
    return (np.geomspace(spec.low, spec.high, _SOLVER_GRID) if spec.log and spec.low > 0
            else np.linspace(spec.low, spec.high, _SOLVER_GRID))


def _is_flat(reached: tuple[float, float]) -> bool:
    return reached[1] - reached[0] <= 1e-12 * max(1.0, abs(reached[0]))


def _answer(spec, target_return: float, measure: Measure, point: float,
            solutions: list[float], reached: tuple[float, float],
            holding: str | None) -> ReverseStressAnswer:
    """One reverse-stress answer: solutions nearest to the point first, and its sentence."""
    solutions = sorted(set(solutions), key=lambda v: abs(v - point))
    answer = ReverseStressAnswer(spec.name, float(target_return), holding, measure,
                                 tuple(solutions), bool(solutions), reached, point, "")
    return dataclasses.replace(answer, message=answer_text(answer, "en"))


def answer_text(answer: ReverseStressAnswer, lang: str) -> str:
    """A reverse-stress answer as one sentence in ``lang`` (the app, the report and the JSON)."""
    name = answer.parameter
    spec = parameter(name)
    label = parameter_label(name, lang)
    who = answer.holding or text("rs_portfolio", lang)
    target = format_percent(answer.target_return, 1)
    lo, hi = (format_percent(v, 1) for v in answer.reached)
    if answer.found:
        out = text("rs_found", lang, parameter=label, value=spec.value_text(answer.solutions[0]),
                   who=who, target=target, point=spec.value_text(answer.point),
                   when=text(f"rs_when_{answer.measure}", lang))
        if len(answer.solutions) > 1:
            out += text("rs_more", lang,
                        values=", ".join(spec.value_text(v) for v in answer.solutions[1:]))
        return out
    if _is_flat(answer.reached):
        return text("rs_flat", lang, parameter=label, who=who, value=lo)
    return text("rs_none", lang, parameter=label, low=f"{spec.low:g}", high=f"{spec.high:g}",
                who=who, target=target, min=lo, max=hi)


def reverse_stress(book, scenario: Scenario, parameter_name: str, target_return: float, *,
                   holding: int | None = None, measure: str = "horizon",
                   tolerance: float = 1e-9,
                   settings: ModelSettings | None = None) -> ReverseStressAnswer:
    """Solve for the value(s) of ``parameter_name`` at which the return equals ``target_return``.

    The other parameters stay at their point values.  The range is scanned
    on a fine grid, then every sign change is bisected until the value is
    within ``tolerance`` × range.  The answer's ``solutions`` are nearest to
    the current point first; ``reached`` is the (min, max) return over the
    range.  For every holding at once, :func:`holdings_reverse_stress` gives
    the same answers, solved together.
    """
    _check(parameter_name)
    measure = _measure(measure)
    spec = parameter(parameter_name)
    kernel = Kernel(book, scenario.horizon_q, settings or model_settings())
    base = {n: float(scenario.parameters[n]) for n in PARAMETER_NAMES}

    def f(values: np.ndarray) -> np.ndarray:
        return _returns(kernel, base | {parameter_name: values}, measure, holding)

    grid = _scan(spec)
    values = f(grid)
    reached = (float(values.min()), float(values.max()))
    who = "the portfolio" if holding is None else str(book.holdings["ticker"].iloc[holding])
    flat = _is_flat(reached)
    solutions = []
    for i in ([] if flat else _crossings(values, target_return)):
        lo, hi = grid[i], grid[i + 1]
        g_lo = values[i] - target_return
        if g_lo == 0:
            solutions.append(float(lo))
            continue
        while hi - lo > tolerance * (spec.high - spec.low):
            mid = 0.5 * (lo + hi)
            g_mid = float(f(np.array([mid]))[0]) - target_return
            if g_mid == 0:
                lo = hi = mid
            elif (g_mid < 0) == (g_lo < 0):
                lo, g_lo = mid, g_mid
            else:
                hi = mid
        solutions.append(0.5 * (lo + hi))
    if not flat and values[-1] == target_return and (not solutions or solutions[-1] != grid[-1]):
        solutions.append(float(grid[-1]))
    return _answer(spec, target_return, measure, base[parameter_name], solutions, reached,
                   None if holding is None else who)


def _holding_returns(kernel: Kernel, ratios, measure: str, holdings: np.ndarray) -> np.ndarray:
    r = ratios.horizon if measure == "horizon" else ratios.day_one
    v0 = kernel.value_before[holdings]
    sign = np.sign(np.where(v0 != 0, v0, 1.0))
    return (r - 1.0) * (sign[:, None] if r.ndim == 2 else sign)


def holdings_reverse_stress(book, scenario: Scenario, parameter_name: str,
                            target_return: float, *, measure: str = "horizon",
                            tolerance: float = 1e-9, settings: ModelSettings | None = None,
                            progress: Callable[[float], None] | None = None,
                            should_stop: Callable[[], bool] | None = None,
                            ) -> tuple[ReverseStressAnswer, ...]:
    """:func:`reverse_stress` for every holding, solved together; one answer per holding.

    Every holding's return is evaluated on the scan grid in one call; then
    every sign change of every holding is bisected in the same pass, each
    step asking each unfinished crossing at its own midpoint through its own
    companies only (:meth:`engine.kernel.Kernel.paired_ratios`), so the cost
    grows with the number of holdings, not its square.  The steps are the
    ones :func:`reverse_stress` takes, so the answers are the same.
    ``progress(fraction)`` and ``should_stop()`` (true raises
    :class:`engine.errors.CancelledError`) are called once per bisection step.
    """
    _check(parameter_name)
    measure = _measure(measure)
    spec = parameter(parameter_name)
    kernel = Kernel(book, scenario.horizon_q, settings or model_settings())
    base = {n: float(scenario.parameters[n]) for n in PARAMETER_NAMES}
    h = kernel.basket.shape[0]
    grid = _scan(spec)
    if should_stop is not None and should_stop():
        raise CancelledError("stopped before solving every holding's break-even")
    values = _holding_returns(kernel, kernel.holding_ratios(base | {parameter_name: grid}),
                              measure, np.arange(h))  # (h, grid)
    low, high = values.min(axis=1), values.max(axis=1)
    flat = high - low <= 1e-12 * np.maximum(1.0, np.abs(low))
    g = values - target_return
    cross = (g[:, :-1] == 0) | (g[:, :-1] * g[:, 1:] < 0)
    cross[flat] = False
    who_i, at_i = np.nonzero(cross)  # every crossing, holding by holding, left to right
    lo, hi = grid[at_i].copy(), grid[at_i + 1].copy()
    g_lo = g[who_i, at_i].copy()
    width = tolerance * (spec.high - spec.low)
    active = (g_lo != 0) & (hi - lo > width)
    # Bisection from the scan's spacing down to the tolerance: about this many steps.
    expected = max(1.0, math.log2(max(np.diff(grid).max(), width) / width))
    steps = 0
    while active.any():
        if should_stop is not None and should_stop():
            raise CancelledError("stopped while solving every holding's break-even")
        if progress is not None:
            progress(min(0.99, steps / expected))
        idx = np.flatnonzero(active)
        mid = 0.5 * (lo[idx] + hi[idx])
        ratios = kernel.paired_ratios(base | {parameter_name: mid}, who_i[idx])
        g_mid = _holding_returns(kernel, ratios, measure, who_i[idx]) - target_return
        zero = g_mid == 0
        same = ~zero & ((g_mid < 0) == (g_lo[idx] < 0))
        other = ~zero & ~same
        lo[idx[zero]] = hi[idx[zero]] = mid[zero]
        lo[idx[same]], g_lo[idx[same]] = mid[same], g_mid[same]
        hi[idx[other]] = mid[other]
        active[idx] = hi[idx] - lo[idx] > width
        steps += 1
    found = np.where(g_lo == 0, lo, 0.5 * (lo + hi))  # an exact hit on the grid stays put
    per: list[list[float]] = [[] for _ in range(h)]
    for i, v in zip(who_i.tolist(), found.tolist(), strict=True):
        per[i].append(v)
    tickers = book.holdings["ticker"].astype(str).tolist()
    point = base[parameter_name]
    out = []
    for i in range(h):
        solutions = per[i]
        if not flat[i] and values[i, -1] == target_return and (
                not solutions or solutions[-1] != grid[-1]):
            solutions.append(float(grid[-1]))
        out.append(_answer(spec, target_return, measure, point, solutions,
                           (float(low[i]), float(high[i])), tickers[i]))
    if progress is not None:
        progress(1.0)
    return tuple(out)


def break_even(book, scenario: Scenario, parameter_name: str = "elasticity_long", *,
               measure: str = "horizon", settings: ModelSettings | None = None,
               progress: Callable[[float], None] | None = None,
               should_stop: Callable[[], bool] | None = None) -> tuple[BreakEven, ...]:
    """For each holding, the value of ``parameter_name`` where its return is 0.

    The answers of :func:`reverse_stress` per holding, solved for every holding
    at once (:func:`holdings_reverse_stress`, whose cost grows linearly with
    the holdings).  ``progress(fraction)`` and ``should_stop()`` (true raises
    :class:`engine.errors.CancelledError`) are called once per bisection step.
    """
    answers = holdings_reverse_stress(book, scenario, parameter_name, 0.0, measure=measure,
                                      settings=settings, progress=progress,
                                      should_stop=should_stop)
    return tuple(BreakEven(res.holding, res.solutions[0] if res.found else None,
                           res.solutions, res.reached, res.message) for res in answers)


#: What the report's reverse-stress section asks: (parameter, target return).
REPORT_QUESTIONS = (("elasticity_long", -0.10), ("elasticity_long", -0.20),
                    ("efficiency_multiple", -0.10), ("efficiency_multiple", -0.20))
