"""The typed parts of a Result, and their one JSON form."""

from __future__ import annotations

import json

import pytest

from engine import load_scenario
from engine.analysis import run_report_analysis
from engine.errors import InputError
from engine.events import replay
from engine.model import evaluate
from engine.modelcheck import ReferenceCheck, reference_check, with_reference_check
from engine.montecarlo import simulate
from engine.outcomes import Measure, PnlDistribution, ResultKind, Summary
from engine.report import to_json_bytes
from engine.sensitivity import heatmap
from tests.engine.report_fixtures import sample_result

EVENT = "2025-01-27"


@pytest.fixture(scope="module")
def sample():
    return sample_result()


def test_summary_is_typed_and_written_once(sample):
    s = sample.summary
    assert isinstance(s, Summary) and sample.kind is ResultKind.MODEL
    doc = sample.to_dict()["summary"]
    assert list(doc)[:7] == ["value_before", "value_after", "pnl", "return_instant",
                             "value_horizon", "pnl_horizon", "return_horizon"]
    assert doc["pnl"] == s.pnl and doc["worst"] == {"ticker": s.worst.ticker,
                                                    "return_instant": s.worst.return_instant}
    assert "kind" not in doc  # only a replay's summary has a kind
    # Share of value by exposure source (engine.coverage): the sample is all curated.
    assert doc["coverage"] == {"library": 1.0} == dict(s.coverage)


def test_replay_summary_carries_its_coverage(sample):
    r = replay(sample.book, EVENT)
    doc = r.to_dict()["summary"]
    assert r.kind == "history" and doc["kind"] == "history" and doc["horizon_q"] == 0
    assert doc["not_covered_value"] == r.history.not_covered_value
    assert doc["no_data"] == list(r.history.no_data)


def test_analysis_parts_ride_on_the_result_and_reach_the_json(sample):
    import dataclasses

    r = dataclasses.replace(sample, **run_report_analysis(sample.book, sample.scenario, 500,
                                                          seed=2))
    mc = simulate(sample.book, sample.scenario, 500, seed=2)
    assert r.distribution == mc.distribution()
    assert isinstance(r.distribution, PnlDistribution)
    doc = json.loads(to_json_bytes(r))
    assert doc["distribution"]["mean"] == pytest.approx(r.distribution.money.mean)
    assert doc["distribution"]["probability_of_loss"].keys() == {"0", "0.1", "0.2", "0.3"}
    assert [b["parameter"] for b in doc["drivers"]["bars"]] == [
        b.parameter for b in r.drivers.bars]
    assert "Hermite" in doc["drivers"]["method"]  # what montecarlo.variance_share computes
    assert len(doc["reverse_stress"]["questions"]) == len(r.reverse_stress.questions)
    assert doc["heatmap"]["measure"] == "horizon"


def test_measure_is_an_enum_and_an_unknown_one_is_an_input_error(sample):
    g = heatmap(sample.book, sample.scenario, nx=3, ny=3, measure="day_one")
    assert g.measure is Measure.DAY_ONE and g.measure == "day_one"
    with pytest.raises(InputError, match="horizon, day_one"):
        heatmap(sample.book, sample.scenario, nx=3, ny=3, measure="weekly")


def test_only_the_reference_preset_carries_a_model_check(sample):
    r = evaluate(sample.book, load_scenario("deepseek-r1"))
    check = reference_check(r)
    assert isinstance(check, ReferenceCheck) and check.holdings.basis == "holdings"
    assert check.library.basis == "library"
    doc = with_reference_check(r).to_dict()
    assert doc["model_check"]["holdings"]["count"] == check.holdings.count
    other = evaluate(sample.book, load_scenario("jevons-boom"))
    assert reference_check(other) is None and "model_check" not in other.to_dict()
    assert reference_check(replay(sample.book, EVENT)) is None
