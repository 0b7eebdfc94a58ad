"""The long computations the app and the command line share, with progress and cancel.

Each function is plain (no threads, no Qt): it takes ``progress`` (called with
the fraction done, 0…1) and ``should_stop`` (checked between chunks of work;
true raises :class:`engine.errors.CancelledError`), both optional.  The app
runs them on its worker thread (:mod:`gui.analysis_panel`), the command line
directly; the numbers come from :mod:`engine.montecarlo` and
:mod:`engine.sensitivity`, never from a copy here.

* :func:`run_uncertainty`: the Monte Carlo distribution, then the tornado
  with each parameter's share of the variance.
* :func:`run_grid`: the sensitivity grid over two parameters.
* :func:`run_reverse`: one reverse-stress question, then every holding's
  break-even long-run elasticity.
* :func:`run_report_analysis`: what a report with ``--draws`` carries (all of
  the above at their report settings).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from engine.errors import CancelledError
from engine.model import evaluate
from engine.montecarlo import BLOCK, MonteCarloResult, simulate
from engine.outcomes import Drivers, Grid, PnlDistribution, ReverseStress
from engine.scenario import Scenario
from engine.sensitivity import REPORT_QUESTIONS, break_even, drivers, heatmap, reverse_stress
from engine.settings import ModelSettings

__all__ = ["GRID_CELLS", "Progress", "ShouldStop", "UncertaintyRun", "run_grid",
           "run_report_analysis", "run_reverse", "run_uncertainty"]

Progress = Callable[[float], None]
ShouldStop = Callable[[], bool]

#: Points on each axis of the grid the app draws.
GRID_CELLS = 61
#: Share of a Monte Carlo run's progress bar given to the draws (the tornado is the rest).
_DRAWS_SHARE = 0.95


def _report(progress: Progress | None, fraction: float) -> None:
    if progress is not None:
        progress(fraction)


def _check(should_stop: ShouldStop | None, what: str) -> None:
    if should_stop is not None and should_stop():
        raise CancelledError(f"stopped {what}")


@dataclass(frozen=True, eq=False)
class UncertaintyRun:
    """A Monte Carlo run, its statistics, the tornado of the same scenario and its point P&L.

    ``base_pnl`` is the point evaluation's P&L at the horizon (the tornado's
    centre line).
    """

    mc: MonteCarloResult
    distribution: PnlDistribution
    drivers: Drivers
    base_pnl: float


def run_uncertainty(book, scenario: Scenario, draws: int, *, seed: int | None = None,
                    noise: bool = False, chunk_draws: int = BLOCK,
                    settings: ModelSettings | None = None,
                    progress: Progress | None = None,
                    should_stop: ShouldStop | None = None) -> UncertaintyRun:
    """Monte Carlo (:func:`engine.montecarlo.simulate`), then the tornado with variance shares."""
    mc = simulate(book, scenario, draws, seed=seed, noise=noise, chunk_draws=chunk_draws,
                  settings=settings,
                  progress=None if progress is None else lambda f: progress(_DRAWS_SHARE * f),
                  should_stop=should_stop)
    _check(should_stop, "before the tornado")
    tornado = drivers(book, scenario, variance_share=mc.variance_share, settings=settings)
    base_pnl = evaluate(book, scenario, settings=settings).summary.pnl_horizon
    _report(progress, 1.0)
    return UncertaintyRun(mc, mc.distribution(), tornado, base_pnl)


def run_grid(book, scenario: Scenario, x: str, y: str, *, holding: int | None = None,
             measure: str = "horizon", cells: int = GRID_CELLS,
             settings: ModelSettings | None = None, progress: Progress | None = None,
             should_stop: ShouldStop | None = None) -> Grid:
    """The ``cells × cells`` sensitivity grid (:func:`engine.sensitivity.heatmap`), one call."""
    _check(should_stop, "before the grid")
    _report(progress, 0.0)
    grid = heatmap(book, scenario, x=x, y=y, nx=cells, ny=cells, holding=holding,
                   measure=measure, settings=settings)
    _report(progress, 1.0)
    return grid


def run_reverse(book, scenario: Scenario, parameter_name: str, target_return: float, *,
                holding: int | None = None, settings: ModelSettings | None = None,
                progress: Progress | None = None,
                should_stop: ShouldStop | None = None) -> ReverseStress:
    """One reverse-stress answer, then every holding's break-even long-run elasticity.

    Progress counts the question as one step and every holding's break-even
    as the rest; the break-evens are solved together
    (:func:`engine.sensitivity.break_even`), reporting progress and checking
    ``should_stop`` once per bisection step.
    """
    answer = reverse_stress(book, scenario, parameter_name, target_return, holding=holding,
                            settings=settings)
    n = len(book.holdings)
    _report(progress, 1.0 / (n + 1))
    rows = break_even(book, scenario, settings=settings, should_stop=should_stop,
                      progress=None if progress is None
                      else lambda f: progress((1.0 + f * n) / (n + 1)))
    _report(progress, 1.0)
    return ReverseStress((answer,), rows)


#: The part of :func:`run_report_analysis`'s progress taken by the Monte Carlo
#: draws (the rest: reverse stress, break-even, the grid).
MONTE_CARLO_SHARE = 0.8


def run_report_analysis(book, scenario: Scenario, draws: int, *, seed: int | None = None,
                        noise: bool = False, settings: ModelSettings | None = None,
                        progress: Progress | None = None,
                        should_stop: ShouldStop | None = None) -> dict[str, object]:
    """Everything a report computed with ``draws`` carries, as ``Result`` fields.

    The Monte Carlo distribution and tornado (:func:`run_uncertainty`), the
    report's reverse-stress questions (:data:`engine.sensitivity.REPORT_QUESTIONS`)
    with every holding's break-even long-run elasticity, and the default grid
    (efficiency multiple × long-run elasticity, 41 × 41).  Returns keyword
    arguments for :func:`dataclasses.replace` of a Result.
    """
    run = run_uncertainty(book, scenario, draws, seed=seed, noise=noise, settings=settings,
                          progress=None if progress is None
                          else lambda f: progress(MONTE_CARLO_SHARE * f),
                          should_stop=should_stop)
    questions = tuple(reverse_stress(book, scenario, name, target, settings=settings)
                      for name, target in REPORT_QUESTIONS)
    rows = break_even(book, scenario, settings=settings, should_stop=should_stop,
                      progress=None if progress is None
                      else lambda f: progress(MONTE_CARLO_SHARE + 0.15 * f))
    _check(should_stop, "before the grid")
    grid = heatmap(book, scenario, settings=settings)
    _report(progress, 1.0)
    return {"distribution": run.distribution, "drivers": run.drivers,
            "reverse_stress": ReverseStress(questions, rows), "heatmap": grid}
