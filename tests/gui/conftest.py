"""Fixtures for the Qt tests: real results on the sample portfolio."""

from __future__ import annotations

import pytest

from engine import evaluate, list_presets, load_portfolio, load_scenario, prepare
from engine.paths import resource


@pytest.fixture(scope="session")
def sample_book():
    return prepare(load_portfolio(resource("sample_portfolio.csv")))


@pytest.fixture(scope="session")
def deepseek_result(sample_book):
    return evaluate(sample_book, load_scenario("deepseek-r1"))


@pytest.fixture(scope="session")
def preset_results(sample_book):
    return [evaluate(sample_book, s) for s in list_presets()]
