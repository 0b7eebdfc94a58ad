from __future__ import annotations

import dataclasses

import pytest

from engine import InputError, list_presets, load_scenario, normalise_ticker
from engine.parameters import PARAMETERS
from engine.scenario import PRESET_NAMES, Scenario


def test_every_promised_preset_loads_with_a_story():
    names = [s.name for s in list_presets()]
    for name in PRESET_NAMES:
        assert name in names
        s = load_scenario(name)
        assert s.title and s.story and s.story_ja
        assert s.source_sha256 and len(s.source_sha256) == 64


def test_presets_set_every_parameter_explicitly():
    """Each preset writes (and comments) every parameter, not just some."""
    import tomllib

    from engine.scenario import PRESETS_DIR

    for name in PRESET_NAMES:
        text = (PRESETS_DIR / f"{name}.toml").read_text(encoding="utf-8")
        data = tomllib.loads(text)
        assert set(data["parameters"]) == {p.name for p in PARAMETERS}, name
        for line in text.splitlines():
            if "=" in line and line.split("=")[0].strip() in data["parameters"]:
                assert "#" in line, f"{name}: uncommented parameter line {line!r}"


@pytest.mark.parametrize(("params", "needle"), [
    ({"efficiency_multiple": 0.5}, "efficiency_multiple = 0.5 is outside its range [1, 100]"),
    ({"adoption": 1.5}, "adoption"),
    ({"horizon_q": 2.5}, "whole number"),
    ({"sentiment_shock": float("nan")}, "not a number"),
    ({"bogus": 1.0}, "unknown parameter 'bogus'"),
    ({"adoption": "lots"}, "must be a number"),
])
def test_bad_parameters_are_named(params, needle):
    with pytest.raises(InputError, match=None) as info:
        Scenario("x", params)
    assert needle in str(info.value)


def test_unknown_preset_lists_the_presets():
    with pytest.raises(InputError) as info:
        load_scenario("deepseek-r2")
    assert "deepseek-r1" in str(info.value) and "unknown scenario" in str(info.value)


def test_scenario_file_errors_carry_the_line(tmp_path):
    bad = tmp_path / "s.toml"
    bad.write_text('name = "x"\n[parameters]\nadoption = = 1\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(bad)
    assert info.value.line == 3 and str(bad) in str(info.value)


def test_with_parameters_validates_and_keeps_the_rest():
    s = load_scenario("deepseek-r1")
    t = s.with_parameters(efficiency_multiple=20)
    assert t["efficiency_multiple"] == 20 and t["adoption"] == s["adoption"]
    with pytest.raises(InputError):
        s.with_parameters(adoption=2)


@pytest.mark.parametrize(("raw", "expected"), [
    (" nvda ", "NVDA"), ("8035", "8035.T"), (8035, "8035.T"), (8035.0, "8035.T"),
    ("8035.T", "8035.T"), ("8035.jp", "8035.T"), ("東証:8035", "8035.T"), ("TYO:6857", "6857.T"),
    ("８０３５", "8035.T"), ("285a", "285A.T"), ("brk.b", "BRK-B"), ("BRK-B", "BRK-B"),
    ("BRK/B", "BRK-B"), ("", ""), (None, ""),
    ("azn.l", "AZN.L"), ("BARC.L", "BARC.L"), ("SAP.F", "SAP.F"), ("BF.B", "BF-B"), ("BF/L", "BF-L"),
])
def test_ticker_spellings(raw, expected):
    assert normalise_ticker(raw) == expected


# -- saving a scenario ------------------------------------------------------------
@pytest.mark.parametrize("preset", list_presets(), ids=lambda s: s.name)
def test_every_preset_saves_and_reloads_to_the_same_scenario(preset, tmp_path):
    path = tmp_path / "saved.toml"
    path.write_text(preset.to_toml(), encoding="utf-8")
    again = load_scenario(str(path))
    assert again.fingerprint() == preset.fingerprint()
    assert set(again.distributions) == set(preset.distributions)
    for key in ("name", "title", "title_ja", "story", "story_ja", "notes"):
        assert getattr(again, key) == getattr(preset, key), key


def test_a_saved_scenario_keeps_odd_text_and_moved_distributions(tmp_path):
    s = load_scenario("deepseek-r1").with_parameters(efficiency_multiple=23.5, adoption=0.61)
    s = dataclasses.replace(s, title='A "quoted" title \\ with a backslash',
                            notes="line one\nline two\ttabbed\x07bell", story_ja="日本語の説明")
    path = tmp_path / "odd.toml"
    path.write_text(s.to_toml(name="my view"), encoding="utf-8")
    again = load_scenario(str(path))
    assert again.name == "my view" and again.fingerprint() == s.fingerprint()
    assert (again.title, again.notes, again.story_ja) == (s.title, s.notes, s.story_ja)
    assert again.distributions["efficiency_multiple"].median == 23.5
