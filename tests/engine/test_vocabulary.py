"""One vocabulary: every name the engine gives a thing, in English and Japanese, from data."""

from __future__ import annotations

import pytest

from engine import vocabulary as v
from engine.events import load_event
from engine.library import CATEGORIES
from engine.model import CHANNELS
from engine.modelcheck import DEFAULT_EVENT, check_notes, model_check
from engine.outcomes import ExposureSource
from engine.parameters import PARAMETERS
from engine.scenario import load_scenario


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_name_has_both_languages(lang):
    for spec in PARAMETERS:
        assert v.parameter_label(spec.name, lang) and v.parameter_description(spec.name, lang)
        assert spec.unit == "" or v.unit_label(spec.unit, lang)
    for ch in CHANNELS:
        for form in ("", "long", "short"):
            assert v.channel_label(ch, lang, form=form)
    for source in ExposureSource:
        assert v.exposure_label(source, lang) and v.exposure_description(source, lang)
    for category in (*CATEGORIES, "", "cash"):
        assert v.category_label(category, lang)


def test_the_parameter_table_takes_its_words_from_the_vocabulary():
    spec = next(p for p in PARAMETERS if p.name == "elasticity_long")
    assert spec.label == v.parameter_label("elasticity_long", "en") == "Elasticity, long run"
    assert v.parameter_label("elasticity_long", "ja") == "長期の需要弾力性"
    assert v.category_label("", "en") == v.category_label("market", "en")


def test_unknown_names_and_languages_say_what_is_known():
    with pytest.raises(KeyError, match="efficiency_multiple"):
        v.parameter_label("efficiency", "en")
    with pytest.raises(ValueError, match="en, ja"):
        v.parameter_label("adoption", "fr")


def test_the_model_check_notes_come_in_both_languages_with_the_events_own_caveats():
    check = model_check(load_scenario("deepseek-r1"))
    event = load_event(DEFAULT_EVENT)
    assert len(check.notes) == len(check.notes_ja) >= 4
    assert event.calibration_note in check.notes and event.calibration_note_ja in check.notes_ja
    assert event.tokyo_note_ja in check.notes_ja  # the library has Tokyo names
    assert check_notes(check.table.iloc[:0], event, "ja", reference=True) == (
        "この日について予測と実績の両方がある銘柄はありません。",)
