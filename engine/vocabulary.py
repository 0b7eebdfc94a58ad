"""The names Jevons gives things, in English and Japanese, read from data.

``resources/vocabulary.toml`` holds the scenario parameters (name and
description), their units, the attribution channels (name, long name, short
name) and the exposure sources; the category names come from
``resources/categories.csv`` (``label``, ``label_ja``), an event's title from
its own file (:mod:`engine.events`).  The engine's parameter table, the
reports and the app all ask the functions below, so a word is changed in one
place.  Qt's ``.ts`` files keep the interface text only.

Every function takes ``lang`` ("en" or "ja"); an unknown name raises
``KeyError`` naming the known ones.
"""

from __future__ import annotations

import csv
import tomllib
from collections.abc import Mapping
from functools import cache
from typing import Any

from engine.formatting import LANGUAGES
from engine.paths import resource

__all__ = ["category_label", "channel_label", "exposure_description", "exposure_label",
           "not_modelled", "parameter_description", "parameter_label", "proxied", "unit_label",
           "vocabulary"]

_FILE = "vocabulary.toml"
_MARKET_CATEGORY = "market"
#: The keys each entry of a section must have, before the language code.
_REQUIRED = {"parameters": ("", "description_"), "channels": ("", "long_", "short_"),
             "exposure_sources": ("", "description_"), "not_modelled": ("description_",),
             "proxied": ("description_",)}


@cache
def vocabulary() -> Mapping[str, Mapping[str, Any]]:
    """The parsed ``resources/vocabulary.toml``: section → name → entry."""
    with open(resource(_FILE), "rb") as fh:
        data = tomllib.load(fh)
    for section, keys in _REQUIRED.items():
        for name, entry in data[section].items():
            missing = [f"{k}{lang}" for k in keys for lang in LANGUAGES
                       if f"{k}{lang}" not in entry]
            if missing:
                raise ValueError(f"{_FILE}: [{section}.{name}] lacks {', '.join(missing)}")
    return data


def _check(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    return lang


def _entry(section: str, name: str) -> Mapping[str, str]:
    table = vocabulary()[section]
    try:
        return table[name]
    except KeyError:
        raise KeyError(f"no {section} entry {name!r} in {_FILE}; known: "
                       f"{', '.join(table)}") from None


def parameter_label(name: str, lang: str) -> str:
    """A scenario parameter's name, e.g. "Elasticity, long run"."""
    return _entry("parameters", name)[_check(lang)]


def parameter_description(name: str, lang: str) -> str:
    """One or two sentences on what a parameter means."""
    return _entry("parameters", name)[f"description_{_check(lang)}"]


def unit_label(unit: str, lang: str) -> str:
    """A parameter unit ("quarters", "share", …) in ``lang``; "" stays ""."""
    if not unit:
        return ""
    return _entry("units", unit)[_check(lang)]


def channel_label(channel: str, lang: str, *, form: str = "") -> str:
    """An attribution channel's name; ``form`` "long" (report rows) or "short" (columns)."""
    key = f"{form}_{_check(lang)}" if form else lang
    return _entry("channels", channel)[key]


def exposure_label(source: str, lang: str) -> str:
    """An exposure source's name (``engine.outcomes.ExposureSource``)."""
    return _entry("exposure_sources", str(source))[_check(lang)]


def exposure_description(source: str, lang: str) -> str:
    return _entry("exposure_sources", str(source))[f"description_{_check(lang)}"]


def not_modelled(kind: str, lang: str) -> str | None:
    """What the market-only fallback leaves out for a holding of ``kind`` (an
    option, a bond), or ``None`` for a kind the fallback fits."""
    entry = vocabulary()["not_modelled"].get(str(kind))
    return None if entry is None else entry[f"description_{_check(lang)}"]


def proxied(kind: str, lang: str) -> str | None:
    """How a holding of ``kind`` (a bond held directly) is seen through a proxy, or
    ``None`` for a kind that has none."""
    entry = vocabulary()["proxied"].get(str(kind))
    return None if entry is None else entry[f"description_{_check(lang)}"]


@cache
def _categories() -> Mapping[str, Mapping[str, str]]:
    with open(resource("categories.csv"), encoding="utf-8", newline="") as fh:
        return {row["category"]: {"en": row["label"], "ja": row["label_ja"]}
                for row in csv.DictReader(fh)}


def category_label(category: str, lang: str) -> str:
    """A category's name (``resources/categories.csv``); "" is the market, "cash" is cash."""
    _check(lang)
    if category == "cash":
        return exposure_label("cash", lang)
    labels = _categories().get(category or _MARKET_CATEGORY)
    return category if labels is None else labels[lang]
