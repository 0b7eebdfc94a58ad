"""What a listing is: the value objects the security master hands out."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from engine.errors import InputError

__all__ = ["MarketDataError", "Resolution", "Security", "SecurityKind"]


class MarketDataError(InputError):
    """A market-data question that cannot be answered: a date outside the history, an
    unknown currency.  The message says what exists instead."""


class SecurityKind(StrEnum):
    STOCK = "STOCK"
    ETF = "ETF"
    LEVERAGED_ETF = "LEVERAGED_ETF"
    FUND = "FUND"
    ADR = "ADR"
    CASH = "CASH"
    MONEY_MARKET = "MONEY_MARKET"
    BOND = "BOND"
    OPTION = "OPTION"
    OTHER = "OTHER"


@dataclass(frozen=True, slots=True)
class Security:
    """One listing.  ``symbol`` is canonical in Yahoo style (``NVDA``, ``7203.T``, ``BRK-B``,
    ``SAP.DE``); quotes are in ``currency`` × ``price_unit`` (0.01 for pence)."""

    symbol: str
    name: str
    name_ja: str | None
    kind: SecurityKind
    exchange: str
    currency: str
    price_unit: float
    country: str | None
    sector: str | None
    industry: str | None
    isin: str | None
    cusip: str | None
    figi: str | None
    leverage: float | None
    underlying: str | None


@dataclass(frozen=True, slots=True)
class Resolution:
    """What :meth:`SecurityMaster.resolve` made of one typed text."""

    text: str
    security: Security | None
    note: str | None
    suggestions: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.security is not None
