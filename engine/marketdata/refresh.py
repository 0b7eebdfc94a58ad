"""An optional, explicit refresh of closes and exchange rates into the user's cache.

Nothing here runs unless the user asks (``jevons prices update``).  It asks Yahoo
Finance's public chart endpoint (the one yfinance reads) for the last daily closes of the
symbols held and for the USD rate of each base currency, through the standard library's
``urllib``: no new dependency in a bundle near its size limit, and a base URL tests point
at a local server.  Offline, the first request fails within ``timeout`` seconds and the
cache is left exactly as it was; a cache that cannot be read is ignored with a note.

The cache is one JSON file: ``{"fetched": ISO time, "closes": {symbol: [close, date,
currency]}, "fx": {currency: [units per USD, date]}}``, written atomically.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from engine.atomic import atomic_write
from engine.errors import CancelledError
from engine.marketdata.quotes import BASE_CURRENCIES
from engine.marketdata.security import MarketDataError

__all__ = ["DEFAULT_URL", "PriceCache", "RefreshError", "cache_path", "load_cache", "portfolio_symbols",
           "refresh"]

DEFAULT_URL = "https://query1.finance.yahoo.com/v8/finance/chart/"
TIMEOUT_S = 5.0
#: Yahoo quotes London in pence; the cache stores pounds
_SUB_UNITS = {"GBp": ("GBP", 0.01), "GBX": ("GBP", 0.01), "ZAc": ("ZAR", 0.01), "ILA": ("ILS", 0.01)}


class RefreshError(MarketDataError):
    """The refresh could not run (offline, refused); the cache is unchanged."""


def cache_path() -> Path:
    """``prices_cache.json`` in the user's data directory (``JEVONS_DATA_DIR`` overrides it)."""
    from platformdirs import user_data_dir

    folder = os.environ.get("JEVONS_DATA_DIR") or user_data_dir("jevons", appauthor=False)
    return Path(folder) / "prices_cache.json"


@dataclass(frozen=True)
class PriceCache:
    """What a refresh stored: closes (in currency units) and rates, each with its date."""

    closes: dict[str, tuple[float, date, str]] = field(default_factory=dict)
    fx: dict[str, tuple[float, date]] = field(default_factory=dict)
    fetched: str = ""
    note: str | None = None  # why the cache was ignored, if it was

    def close(self, symbol: str) -> tuple[float, date, str] | None:
        return self.closes.get(symbol)

    def to_json(self) -> bytes:
        return json.dumps({
            "fetched": self.fetched,
            "closes": {s: [c, f"{d:%Y-%m-%d}", ccy] for s, (c, d, ccy) in sorted(self.closes.items())},
            "fx": {c: [r, f"{d:%Y-%m-%d}"] for c, (r, d) in sorted(self.fx.items())},
        }, indent=1).encode()


def load_cache(path: Path | None = None) -> PriceCache:
    """The cache at ``path`` (the user's by default); an empty one, with a note saying why,
    when it is missing or cannot be read.  Never raises."""
    path = path or cache_path()
    if not path.is_file():
        return PriceCache()
    try:
        doc = json.loads(path.read_bytes())
        closes = {str(s): (float(v[0]), date.fromisoformat(v[1]), str(v[2]))
                  for s, v in doc["closes"].items()}
        fx = {str(c): (float(v[0]), date.fromisoformat(v[1])) for c, v in doc["fx"].items()}
        if not all(math.isfinite(v[0]) and v[0] > 0 for v in (*closes.values(), *fx.values())):
            raise ValueError("a price that is not a positive number")
        return PriceCache(closes, fx, str(doc.get("fetched", "")))
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        return PriceCache(note=f"the price cache {path} cannot be read ({exc}); it is ignored "
                               "and the bundled closes are used: run 'jevons prices update' "
                               "to write a new one")


def _chart(base_url: str, symbol: str, timeout: float) -> dict:
    import urllib.parse
    import urllib.request

    url = base_url + urllib.parse.quote(symbol) + "?range=5d&interval=1d"
    req = urllib.request.Request(url, headers={"User-Agent": "jevons"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        return json.loads(resp.read())


def _last_close(doc: dict) -> tuple[float, date, str] | None:
    """``(close, local trading date, currency)`` of the newest close in a chart answer."""
    try:
        result = doc["chart"]["result"][0]
        meta = result["meta"]
        stamps = result.get("timestamp") or []
        closes = result["indicators"]["quote"][0]["close"]
    except (KeyError, IndexError, TypeError):
        return None
    offset = timedelta(seconds=int(meta.get("gmtoffset", 0) or 0))
    for ts, c in zip(reversed(stamps), reversed(closes), strict=False):
        if c is not None and math.isfinite(c) and c > 0:
            day = (datetime.fromtimestamp(ts, UTC) + offset).date()
            ccy, unit = _SUB_UNITS.get(meta.get("currency", ""), (meta.get("currency", ""), 1.0))
            return float(c) * unit, day, ccy
    return None


def portfolio_symbols(portfolio) -> list[str]:
    """The listings of ``portfolio``'s holdings that a refresh can fetch (cash and
    names the security master does not know are left out)."""
    from engine.marketdata import security_master

    held = portfolio.holdings
    held = held[held["kind"] != "cash"]["ticker"]
    return [r.security.symbol for r in security_master().resolve_many(list(held))
            if r.security is not None]


def refresh(symbols: Sequence[str], *, path: Path | None = None, base_url: str | None = None,
            timeout: float = TIMEOUT_S,
            progress: Callable[[float], None] | None = None,
            should_stop: Callable[[], bool] | None = None) -> tuple[PriceCache, list[str]]:
    """Fetch the last closes of ``symbols`` and the base currencies' USD rates, and store them.

    Returns the new cache and the symbols the service had no close for.  Raises
    :class:`RefreshError` (the cache unchanged) when the service cannot be reached, and
    :class:`CancelledError` (also unchanged) when ``should_stop`` says so.  Only a complete
    refresh is written.
    """
    import urllib.error  # here, not at the top: every pricing reads the cache, few refresh

    path = path or cache_path()
    # JEVONS_PRICE_URL points the app at another service (tests: a local one)
    base_url = base_url or os.environ.get("JEVONS_PRICE_URL") or DEFAULT_URL
    old = load_cache(path)
    wanted = list(dict.fromkeys(symbols))
    fx_symbols = [f"USD{c}=X" for c in BASE_CURRENCIES if c != "USD"]
    jobs = wanted + fx_symbols
    closes, fx, missing = dict(old.closes), dict(old.fx), []
    for k, sym in enumerate(jobs):
        if should_stop is not None and should_stop():
            raise CancelledError("price update cancelled; nothing was changed")
        try:
            hit = _last_close(_chart(base_url, sym, timeout))
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                hit = None
            else:
                raise RefreshError(f"the price service refused the request ({exc.code}); "
                                   "nothing was changed") from None
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RefreshError(f"cannot reach the price service ({reason}); are you offline? "
                               "Nothing was changed: the bundled closes stay in use") from None
        if hit is None:
            missing.append(sym)
        elif sym in fx_symbols:
            fx[sym[3:6]] = (hit[0], hit[1])
        else:
            closes[sym] = hit
        if progress is not None:
            progress((k + 1) / len(jobs))
    cache = PriceCache(closes, fx, datetime.now(UTC).isoformat(timespec="seconds"))
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, cache.to_json(), overwrite=True)
    return cache, missing
