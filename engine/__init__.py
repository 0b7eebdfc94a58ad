"""Jevons' engine: from an AI-efficiency shock to every holding's price.

Pure Python, numpy and pandas; never imports Qt.  The public API:

>>> from engine import load_portfolio, load_scenario, evaluate
>>> result = evaluate(load_portfolio("holdings.csv"), load_scenario("deepseek-r1"))  # doctest: +SKIP
"""

from engine._version import __version__
from engine.errors import CancelledError, InputError, JevonsError
from engine.library import CATEGORIES, FIELDS, ExposureLibrary, load_library
from engine.model import CHANNELS, Book, evaluate, prepare
from engine.parameters import PARAMETER_NAMES, PARAMETERS, ParameterSpec, parameter
from engine.portfolio import Portfolio, load_portfolio, portfolio_from_records
from engine.prices import PriceSnapshot, load_snapshot
from engine.result import Result
from engine.scenario import PRESET_NAMES, Scenario, list_presets, load_scenario
from engine.settings import ModelSettings, model_settings
from engine.tickers import normalise_ticker

__all__ = [
    "CATEGORIES",
    "CHANNELS",
    "FIELDS",
    "PARAMETERS",
    "PARAMETER_NAMES",
    "PRESET_NAMES",
    "Book",
    "CancelledError",
    "ExposureLibrary",
    "InputError",
    "JevonsError",
    "ModelSettings",
    "ParameterSpec",
    "Portfolio",
    "PriceSnapshot",
    "Result",
    "Scenario",
    "__version__",
    "evaluate",
    "list_presets",
    "load_library",
    "load_portfolio",
    "load_scenario",
    "load_snapshot",
    "model_settings",
    "normalise_ticker",
    "parameter",
    "portfolio_from_records",
    "prepare",
]
