"""Market data: the security master, daily closes and exchange rates, asked point in time.

Nothing is read until it is first asked for (``security_master()``, ``price_history()``,
``fx_history()`` each load their file once), so importing this package costs nothing at
start-up.  The files live in ``resources/marketdata/`` and are rebuilt by
``scripts/build_marketdata.py``; ``docs/data.md`` says what they hold.
"""

from __future__ import annotations

from engine.marketdata.history import FxHistory, PriceHistory, fx_history, price_history
from engine.marketdata.master import SecurityMaster, isin_is_valid, security_master
from engine.marketdata.security import MarketDataError, Resolution, Security, SecurityKind

__all__ = [
    "FxHistory",
    "MarketDataError",
    "PriceHistory",
    "Resolution",
    "Security",
    "SecurityKind",
    "SecurityMaster",
    "fx_history",
    "isin_is_valid",
    "price_history",
    "security_master",
]
