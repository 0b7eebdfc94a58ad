"""Jevons' engine: from an AI-efficiency shock to every holding's price.

Pure Python, numpy and pandas; never imports Qt.  The public API:

>>> from engine import load_portfolio, load_scenario, evaluate
>>> result = evaluate(load_portfolio("holdings.csv"), load_scenario("deepseek-r1"))  # doctest: +SKIP
"""

# The names below are imported on first use (PEP 562), so that ``import
# engine.errors`` — which every start of the app does — does not pay for
# pandas.  ``from engine import evaluate`` works as usual.
import importlib

from engine._version import __version__
from engine.errors import CancelledError, InputError, JevonsError

_LAZY = {
    "engine.importer": ("load_portfolio",),
    "engine.library": ("CATEGORIES", "FIELDS", "ExposureLibrary", "load_library"),
    "engine.model": ("CHANNELS", "Book", "evaluate", "prepare"),
    "engine.parameters": ("PARAMETER_NAMES", "PARAMETERS", "ParameterSpec", "parameter"),
    "engine.portfolio": ("Portfolio", "portfolio_from_records"),
    "engine.prices": ("PriceSnapshot", "load_snapshot"),
    "engine.result": ("Result",),
    "engine.scenario": ("PRESET_NAMES", "Scenario", "list_presets", "load_scenario"),
    "engine.settings": ("ModelSettings", "model_settings"),
    "engine.tickers": ("normalise_ticker",),
}
_MODULE_OF = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


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
