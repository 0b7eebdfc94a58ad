"""Model settings (discount rate, terminal growth, baseline GPU share, floor).

Read once from ``resources/model_settings.toml``, where each value carries its
reason.  They are not scenario parameters: scenarios cannot change them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from engine.paths import resource

__all__ = ["ModelSettings", "model_settings"]


@dataclass(frozen=True)
class ModelSettings:
    """The values and their reasons live in ``resources/model_settings.toml``."""

    discount_rate: float
    terminal_growth: float
    gpu_share_baseline: float
    earnings_floor: float
    cost_saving_retained: float

    def __post_init__(self) -> None:
        if not self.terminal_growth < self.discount_rate:
            raise ValueError("terminal_growth must be below discount_rate")
        if not 0 < self.gpu_share_baseline < 1:
            raise ValueError("gpu_share_baseline must be strictly between 0 and 1")
        if not 0 <= self.cost_saving_retained <= 1:
            raise ValueError("cost_saving_retained must be between 0 and 1")
        if not 0 < self.earnings_floor < 1:
            raise ValueError("earnings_floor must be strictly between 0 and 1")


@cache
def model_settings() -> ModelSettings:
    """The shipped settings."""
    with resource("model_settings.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return ModelSettings(**{k: float(v) for k, v in data.items()})
