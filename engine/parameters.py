"""The scenario parameters of MODEL.md §2: names, units, ranges, meanings.

This table is the single description of every parameter: the scenario loader
validates against it, the GUI builds its sliders from it, the report prints it.
The words (name and meaning, in English and Japanese) are in
``resources/vocabulary.toml`` (:mod:`engine.vocabulary`).
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.formatting import format_number
from engine.vocabulary import parameter_description, parameter_label

__all__ = ["PARAMETERS", "PARAMETER_NAMES", "ParameterSpec", "parameter"]


@dataclass(frozen=True)
class ParameterSpec:
    """One scenario parameter.

    ``low``/``high`` are the documented range (inclusive); ``log`` asks a
    front end for a logarithmic slider; ``integer`` parameters cannot carry a
    distribution because they set the shape of the arrays (the horizon).
    """

    name: str
    symbol: str
    label: str
    unit: str
    low: float
    high: float
    default: float
    description: str
    log: bool = False
    integer: bool = False
    kind: str = "real"  # "real", "share" (0-1 fraction) or "multiple" (>= 1)

    def value_text(self, value: float) -> str:
        """``value`` as the app and the reports show it: 10.0× for a multiple, 1.40, 0.300."""
        if self.log:
            text = format_number(value, 1 if value < 100 else 0)
        else:
            text = format_number(value, 2 if self.high - self.low >= 1 else 3)
        return text + "×" if self.unit == "×" else text

    def check(self, value: float) -> str | None:
        """Return why ``value`` is out of range, or ``None`` when it is fine."""
        if value != value:  # NaN
            return f"{self.name} is not a number"
        if not self.low <= value <= self.high:
            return (
                f"{self.name} = {value:g} is outside its range "
                f"[{self.low:g}, {self.high:g}] ({self.label})"
            )
        if self.integer and value != int(value):
            return f"{self.name} = {value:g} must be a whole number of {self.unit}"
        return None


def _spec(name: str, symbol: str, unit: str, low: float, high: float, default: float,
          **kw: object) -> ParameterSpec:
    """A parameter whose English name and description come from the vocabulary."""
    return ParameterSpec(name, symbol, parameter_label(name, "en"), unit, low, high, default,
                         parameter_description(name, "en"), **kw)  # type: ignore[arg-type]


PARAMETERS: tuple[ParameterSpec, ...] = (
    _spec("efficiency_multiple", "k", "×", 1.0, 100.0, 1.0, log=True, kind="multiple"),
    _spec("adoption", "α", "share", 0.0, 1.0, 0.0, kind="share"),
    _spec("adoption_halflife_q", "τₐ", "quarters", 0.5, 8.0, 2.0),
    _spec("elasticity_short", "εₛ", "", 0.0, 3.0, 1.0),
    _spec("elasticity_long", "ε_L", "", 0.0, 3.0, 1.0),
    _spec("elasticity_halflife_q", "τ_ε", "quarters", 0.5, 12.0, 4.0),
    _spec("asic_shift", "σ", "share", 0.0, 0.5, 0.0, kind="share"),
    _spec("gpu_price_change", "π", "fraction", -0.5, 0.2, 0.0),
    _spec("sentiment_shock", "s", "log points", -0.3, 0.5, 0.0),
    _spec("sentiment_halflife_q", "τₛ", "quarters", 0.25, 8.0, 1.0),
    _spec("priced_share", "p", "share", 0.0, 1.0, 1.0, kind="share"),
    _spec("market_shock", "M", "return", -0.3, 0.1, 0.0),
    _spec("usd_jpy_change", "fx", "fraction", -0.2, 0.2, 0.0),
    _spec("horizon_q", "T", "quarters", 1.0, 20.0, 8.0, integer=True),
)

PARAMETER_NAMES: tuple[str, ...] = tuple(p.name for p in PARAMETERS)
_BY_NAME = {p.name: p for p in PARAMETERS}


def parameter(name: str) -> ParameterSpec:
    """The spec of ``name``; an unknown name raises ``KeyError`` listing the valid ones."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(
            f"unknown parameter {name!r}; known parameters: {', '.join(PARAMETER_NAMES)}"
        ) from None
