"""The scenario parameters of MODEL.md §2: names, units, ranges, meanings.

This table is the single description of every parameter: the scenario loader
validates against it, the GUI builds its sliders from it, the report prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

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


PARAMETERS: tuple[ParameterSpec, ...] = (
    ParameterSpec(
        "efficiency_multiple", "k", "Efficiency multiple", "×", 1.0, 100.0, 1.0,
        "Compute needed per unit of AI capability falls by this factor on the workloads "
        "that adopt the technique (DeepSeek's headline: about 10x).",
        log=True, kind="multiple",
    ),
    ParameterSpec(
        "adoption", "α", "Adoption", "share", 0.0, 1.0, 0.0,
        "Share of AI compute that adopts the technique by the end of the ramp.",
        kind="share",
    ),
    ParameterSpec(
        "adoption_halflife_q", "τₐ", "Adoption half-life", "quarters", 0.5, 8.0, 2.0,
        "Quarters until half of the final adoption (and of the ASIC shift and GPU price "
        "change) has happened.",
    ),
    ParameterSpec(
        "elasticity_short", "εₛ", "Elasticity, short run", "", 0.0, 3.0, 1.0,
        "Price elasticity of demand for AI capability right after the shock. Below 1, "
        "cheaper AI means less compute bought.",
    ),
    ParameterSpec(
        "elasticity_long", "ε_L", "Elasticity, long run", "", 0.0, 3.0, 1.0,
        "The same elasticity in the long run. Above 1 is the Jevons paradox: cheaper AI "
        "ends up using more compute.",
    ),
    ParameterSpec(
        "elasticity_halflife_q", "τ_ε", "Elasticity half-life", "quarters", 0.5, 12.0, 4.0,
        "Quarters for half of the move from the short-run to the long-run elasticity.",
    ),
    ParameterSpec(
        "asic_shift", "σ", "ASIC shift", "share", 0.0, 0.5, 0.0,
        "Share of GPU spend that moves to custom ASICs and other accelerators by the end "
        "of the ramp.",
        kind="share",
    ),
    ParameterSpec(
        "gpu_price_change", "π", "GPU price change", "fraction", -0.5, 0.2, 0.0,
        "Change in the price of a unit of GPU compute by the end of the ramp (pricing "
        "power); -0.2 means 20% cheaper.",
    ),
    ParameterSpec(
        "sentiment_shock", "s", "Sentiment shock", "log points", 0.0, 0.5, 0.0,
        "Immediate de-rating of the AI-infrastructure narrative; a company with full "
        "narrative exposure loses exp(-s) of its value on day one.",
    ),
    ParameterSpec(
        "sentiment_halflife_q", "τₛ", "Sentiment half-life", "quarters", 0.25, 8.0, 1.0,
        "Quarters for half of the de-rating to fade.",
    ),
    ParameterSpec(
        "market_shock", "M", "Market shock", "return", -0.3, 0.1, 0.0,
        "Move of the broad market outside the AI complex; each holding moves by its "
        "beta times this.",
    ),
    ParameterSpec(
        "usd_jpy_change", "fx", "USD vs base currency", "fraction", -0.2, 0.2, 0.0,
        "Change of the US dollar against the holder's base currency (and every other "
        "currency); -0.01 means the dollar buys 1% fewer yen (or euros …).",
    ),
    ParameterSpec(
        "horizon_q", "T", "Horizon", "quarters", 1.0, 20.0, 8.0,
        "How far ahead the scenario runs, in quarters.",
        integer=True,
    ),
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
