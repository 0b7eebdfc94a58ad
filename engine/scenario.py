"""Scenarios: validated parameter sets, loaded from TOML presets or files.

A scenario file is plain TOML a person can read and edit::

    name = "my-view"
    title = "AI gets 10x cheaper, Jevons wins"
    story = "One line on what the world looks like."

    [parameters]
    efficiency_multiple = 10.0
    elasticity_long = 1.4

    [distributions.efficiency_multiple]   # optional: uncertainty (MODEL.md §6)
    kind = "lognormal"
    sigma = 0.5

Parameters left out take their neutral default (no shock).  Every value is
checked against the documented range in :mod:`engine.parameters`; the
distribution tables are described in :mod:`engine.distributions`.  The point
value of an uncertain parameter is the median of its distribution.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from engine.distributions import Distribution, parse_distribution
from engine.errors import InputError, display_name
from engine.parameters import PARAMETER_NAMES, PARAMETERS, parameter
from engine.paths import resource
from engine.userfiles import MAX_TOML_BYTES, parse_toml, read_user_file

__all__ = [
    "PRESET_NAMES",
    "Scenario",
    "list_presets",
    "load_scenario",
    "neutral_parameters",
    "scenario_from_toml",
]

PRESETS_DIR = resource("scenarios")

#: The presets the product promises (DESIGN.md); more may be shipped.
PRESET_NAMES = ("deepseek-r1", "jevons-boom", "demand-collapse", "asic-takeover",
                "panic-and-recovery")


def neutral_parameters() -> dict[str, float]:
    """Every parameter at its no-shock default."""
    return {p.name: float(p.default) for p in PARAMETERS}


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True, eq=False)
class Scenario:
    """A validated scenario.

    ``parameters`` holds a point value for every parameter of MODEL.md §2;
    for an uncertain parameter that is the **median** of its distribution,
    which the point evaluation uses.  ``distributions`` maps a parameter name
    to its :class:`~engine.distributions.Distribution` (MODEL.md §6) for the
    uncertain parameters; it is empty for a point scenario.  Raw TOML tables
    are accepted and parsed, their ``median`` defaulting to the point value.
    A point value given next to a distribution must equal its median.  Edit
    with :meth:`with_parameters` (or ``dataclasses.replace``), never in place.
    """

    name: str
    parameters: Mapping[str, float]
    title: str = ""
    story: str = ""
    story_ja: str = ""
    title_ja: str = ""
    notes: str = ""
    distributions: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None  # file it was read from
    source_sha256: str | None = None  # hash of that file's bytes

    def __post_init__(self) -> None:
        params = neutral_parameters()
        for key, value in dict(self.parameters).items():
            if key not in params:
                raise InputError(
                    f"unknown parameter {key!r}; known parameters: {', '.join(PARAMETER_NAMES)}",
                    file=self.source,
                )
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InputError(
                    f"parameter {key} must be a number, not {value!r}", file=self.source
                )
            params[key] = float(value)
        for spec in PARAMETERS:
            problem = spec.check(params[spec.name])
            if problem:
                raise InputError(problem, file=self.source)
        given = dict(self.parameters)
        dists: dict[str, Distribution] = {}
        for key, raw in dict(self.distributions).items():
            if key not in params:
                raise InputError(f"[distributions.{key}]: unknown parameter {key!r}; known "
                                 f"parameters: {', '.join(PARAMETER_NAMES)}", file=self.source)
            dist = raw if isinstance(raw, Distribution) else parse_distribution(
                key, raw, params[key], source=self.source)
            spec = parameter(key)
            if key in given and abs(float(given[key]) - dist.median) > 1e-9 * (spec.high - spec.low):
                raise InputError(
                    f"{key}: [parameters] gives {float(given[key]):g} but its distribution "
                    f"{dist.describe()} has median {dist.median:.6g}; the point value of an "
                    "uncertain parameter is its median, so drop it from [parameters] or make "
                    "the two agree", file=self.source)
            params[key] = dist.median
            dists[key] = dist
        object.__setattr__(self, "parameters", _frozen(params))
        object.__setattr__(self, "distributions", _frozen(dists))

    # -- convenience ---------------------------------------------------------
    def __getitem__(self, name: str) -> float:
        return self.parameters[name]

    @property
    def horizon_q(self) -> int:
        return int(self.parameters["horizon_q"])

    def with_parameters(self, **changes: float) -> Scenario:
        """A copy with some point values changed (validated again).

        A changed parameter's distribution follows its new median when its
        kind has one (lognormal, truncnormal, beta by median, point) and the
        value lies inside its support; otherwise the parameter becomes a point.
        """
        for key in changes:
            parameter(key)  # unknown names fail loudly
        params = dict(self.parameters)
        params.update({k: float(v) for k, v in changes.items()})
        dists = dict(self.distributions)
        for key, value in changes.items():
            if key in dists and float(value) != dists[key].median:
                moved = dists.pop(key).recentred(float(value))
                if moved is not None:
                    dists[key] = moved
        return Scenario(
            name=self.name, parameters=params, title=self.title, story=self.story,
            story_ja=self.story_ja, title_ja=self.title_ja, notes=self.notes,
            distributions=dists, source=self.source,
            source_sha256=self.source_sha256,
        )

    def to_toml(self, *, name: str | None = None) -> str:
        """The scenario as a file :func:`load_scenario` reads back to the same scenario.

        Writes the texts, every parameter's point value and each distribution
        table (its ``median`` only when the file gave one; otherwise it is the
        point value, as on reading), so the reloaded scenario has the same
        :meth:`fingerprint`.  ``name`` replaces the scenario's name.
        """
        lines = [f"name = {_toml_string(name or self.name)}"]
        for key in ("title", "title_ja", "story", "story_ja", "notes"):
            value = getattr(self, key)
            if value:
                lines.append(f"{key} = {_toml_string(value)}")
        lines += ["", "[parameters]"]
        for spec in PARAMETERS:
            value = self.parameters[spec.name]
            text = str(int(value)) if spec.integer else repr(float(value))
            lines.append(f"{spec.name} = {text}  # {spec.label}, {spec.low:g} to {spec.high:g}")
        for key in PARAMETER_NAMES:
            dist = self.distributions.get(key)
            if dist is None:
                continue
            lines += ["", f"[distributions.{key}]", f"kind = {_toml_string(dist.kind)}"]
            for field_name, value in dist.spec.items():
                if field_name == "median" and dist.median_from_point:
                    continue
                lines.append(f"{field_name} = {float(value)!r}")
        return "\n".join(lines) + "\n"

    def fingerprint(self) -> str:
        """SHA-256 of the parameters as evaluated (for the reproducibility stamp)."""
        text = ";".join(f"{k}={self.parameters[k]!r}" for k in PARAMETER_NAMES)
        text += ";" + repr(sorted((k, repr(sorted(v.to_dict().items())))
                                  for k, v in self.distributions.items()))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


_TOML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n",
                 "\f": "\\f", "\r": "\\r"}


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string (quotes, backslashes and control characters escaped)."""
    out = []
    for ch in text:
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def scenario_from_toml(data: Mapping[str, Any], *, source: str | None = None,
                       sha256: str | None = None, default_name: str = "custom") -> Scenario:
    """Build a :class:`Scenario` from parsed TOML (see the module docstring)."""
    known = {"name", "title", "title_ja", "story", "story_ja", "notes", "parameters",
             "distributions"}
    extra = sorted(set(data) - known)
    if extra:
        raise InputError(
            f"unknown key(s) {', '.join(extra)} in the scenario; expected "
            f"{', '.join(sorted(known))}",
            file=source,
        )
    params = data.get("parameters", {})
    if not isinstance(params, Mapping):
        raise InputError("[parameters] must be a table of name = number lines", file=source)
    dists = data.get("distributions", {})
    if not isinstance(dists, Mapping):
        raise InputError("[distributions] must be a table of [distributions.<parameter>] "
                         "tables", file=source)

    def text(key: str) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise InputError(f"{key} must be text", file=source)
        return value.strip()

    return Scenario(
        name=text("name") or default_name,
        title=text("title"),
        title_ja=text("title_ja"),
        story=text("story"),
        story_ja=text("story_ja"),
        notes=text("notes"),
        parameters=dict(params),
        distributions=dict(dists),
        source=source,
        source_sha256=sha256,
    )


def _read_toml(path: Path) -> Scenario:
    raw = read_user_file(path, limit=MAX_TOML_BYTES, what="scenario", protect=False)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the scenario file is not UTF-8 text", file=str(path)) from None
    data = parse_toml(text, file=str(path), what="scenario")
    return scenario_from_toml(data, source=display_name(path), sha256=hashlib.sha256(raw).hexdigest(),
                              default_name=path.stem)


def list_presets() -> list[Scenario]:
    """Every shipped preset, the promised ones first, then any others by name."""
    paths = {p.stem: p for p in PRESETS_DIR.glob("*.toml")}
    order = [n for n in PRESET_NAMES if n in paths] + sorted(set(paths) - set(PRESET_NAMES))
    return [_read_toml(paths[n]) for n in order]


def load_scenario(name_or_path: str | Path) -> Scenario:
    """A preset by name (``deepseek-r1``) or a scenario TOML file by path."""
    text = str(name_or_path)
    preset = PRESETS_DIR / f"{text}.toml"
    if "/" not in text and "\\" not in text and not text.endswith(".toml"):
        if preset.is_file():
            return _read_toml(preset)
        names = ", ".join(s.name for s in list_presets())
        raise InputError(
            f"unknown scenario {text!r}; presets are: {names} (or give a .toml file path)"
        )
    path = Path(text)
    if not path.exists() and not path.is_symlink():
        raise InputError("scenario file not found", file=text)
    return _read_toml(path)
