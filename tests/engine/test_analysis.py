"""The shared long computations (engine.analysis): same numbers, progress and cancel, no Qt."""

from __future__ import annotations

import dataclasses

import pytest

from engine import load_scenario
from engine.analysis import run_grid, run_report_analysis, run_reverse, run_uncertainty
from engine.errors import CancelledError
from engine.montecarlo import BLOCK, simulate
from engine.sensitivity import REPORT_QUESTIONS, break_even, heatmap, reverse_stress, tornado
from tests.engine.report_fixtures import sample_result


class State:
    """Stands in for the app's worker: records progress, says stop after ``stop_after`` checks."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.seen: list[float] = []
        self.checks = 0
        self.stop_after = stop_after

    def progress(self, fraction: float) -> None:
        self.seen.append(fraction)

    def should_stop(self) -> bool:
        self.checks += 1
        return self.stop_after is not None and self.checks > self.stop_after


@pytest.fixture(scope="module")
def point():
    r = sample_result()
    return r.book, load_scenario("deepseek-r1")


def _finished(state: State) -> None:
    assert state.seen, "no progress reported"
    assert state.seen == sorted(state.seen) and state.seen[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in state.seen)


def test_uncertainty_is_the_montecarlo_and_the_tornado(point):
    book, s = point
    state = State()
    run = run_uncertainty(book, s, 3 * BLOCK, seed=4, progress=state.progress,
                          should_stop=state.should_stop)
    _finished(state)
    assert run.distribution == simulate(book, s, 3 * BLOCK, seed=4).distribution()
    mc = run.mc
    assert run.drivers.bars == tornado(book, s, variance_share=mc.variance_share)
    assert all(b.variance_share is not None for b in run.drivers.bars)


def test_uncertainty_stops_when_asked(point):
    book, s = point
    state = State(stop_after=1)
    with pytest.raises(CancelledError):
        run_uncertainty(book, s, 20 * BLOCK, seed=4, progress=state.progress,
                        should_stop=state.should_stop)
    assert state.checks == 2 and state.seen[-1] < 1.0


def test_grid_is_the_heatmap_and_stops_before_it_starts(point):
    book, s = point
    state = State()
    grid = run_grid(book, s, "adoption", "elasticity_long", cells=5, measure="day_one",
                    progress=state.progress, should_stop=state.should_stop)
    _finished(state)
    expected = heatmap(book, s, x="adoption", y="elasticity_long", nx=5, ny=5,
                       measure="day_one")
    assert (grid.returns == expected.returns).all() and grid.measure == "day_one"
    with pytest.raises(CancelledError):
        run_grid(book, s, "adoption", "elasticity_long", should_stop=lambda: True)


def test_reverse_answers_then_break_even_per_holding(point):
    book, s = point
    state = State()
    rs = run_reverse(book, s, "elasticity_long", -0.2, progress=state.progress,
                     should_stop=state.should_stop)
    _finished(state)
    assert rs.questions == (reverse_stress(book, s, "elasticity_long", -0.2),)
    assert rs.break_even == break_even(book, s)
    # The question, then every bisection step of the break-evens (solved together), done.
    assert len(state.seen) >= 3 and state.seen[0] == 1.0 / (len(book.holdings) + 1)
    # Cancel is asked before the scan and before each step (two reports say "done").
    assert state.checks == len(state.seen) - 2


def test_reverse_stops_while_solving_the_break_evens(point):
    book, s = point
    state = State(stop_after=1)
    with pytest.raises(CancelledError, match="break-even"):
        run_reverse(book, s, "adoption", -0.1, progress=state.progress,
                    should_stop=state.should_stop)
    assert state.checks == 2 and state.seen[-1] < 1.0


def test_report_analysis_fills_every_section(point):
    book, s = point
    state = State()
    parts = run_report_analysis(book, s, 2 * BLOCK, seed=9, progress=state.progress,
                                should_stop=state.should_stop)
    _finished(state)
    assert set(parts) == {"distribution", "drivers", "reverse_stress", "heatmap"}
    questions = parts["reverse_stress"].questions
    assert [(q.parameter, q.target_return) for q in questions] == list(REPORT_QUESTIONS)
    r = dataclasses.replace(sample_result(), **parts)
    assert r.to_dict()["heatmap"]["x"] == "efficiency_multiple"
