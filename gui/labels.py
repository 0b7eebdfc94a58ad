"""The engine's names of things, in the interface's current language.

Parameter, unit, channel and category names are data
(``resources/vocabulary.toml`` and ``resources/categories.csv``, read by
:mod:`engine.vocabulary`); these helpers only pick the language the interface
is in now, so a widget that redraws on a language change shows the new words.
"""

from __future__ import annotations

from engine import vocabulary
from engine.parameters import ParameterSpec
from gui.i18n import current_language

__all__ = ["category_label", "channel_label", "parameter_description", "parameter_label",
           "parameter_unit"]


def parameter_label(spec: ParameterSpec) -> str:
    return vocabulary.parameter_label(spec.name, current_language())


def parameter_unit(spec: ParameterSpec) -> str:
    return vocabulary.unit_label(spec.unit, current_language())


def parameter_description(spec: ParameterSpec) -> str:
    return vocabulary.parameter_description(spec.name, current_language())


def channel_label(channel: str) -> str:
    """An attribution channel's name."""
    return vocabulary.channel_label(channel, current_language())


def category_label(category: str) -> str:
    """A category's name ("" is the market, "cash" is cash)."""
    return vocabulary.category_label(category, current_language())
