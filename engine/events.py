"""Historical events and their replay on today's holdings.

An *event* is a day the market actually had: the realised return of each
security over the event window, read from ``resources/events/<date>.csv``
(one row per security, each with its two closes, source and confidence) and
``resources/events/<date>.toml`` (title, story, window, the USD/JPY move and
the sources).  A second event is two data files; no code changes.

A *replay* (:func:`replay`) applies those realised returns to the holdings of
today's portfolio.  It is history, not the model: nothing is estimated, so a
holding the event file has no row for is flagged ``"no data"``, keeps its
value unchanged and is counted as *not covered*; the result says how much
value that is.  The replay returns an ordinary :class:`~engine.result.Result`
(``result.kind == "history"``) so every writer and view works on it, with
this attribution (see ``docs/history.md``):

* ``market`` — the whole realised price move of the holding in its own
  currency, whatever its cause (the replay cannot split it into channels);
* ``fx`` — the event's USD/JPY move on a holding priced in the other currency,
  the same convention as MODEL.md ``usd_jpy_change``;
* ``demand``, ``ai_upside``, ``ai_cost``, ``sentiment`` — zero.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from engine.errors import InputError
from engine.outcomes import Mover, Replay
from engine.paths import resource
from engine.portfolio import Portfolio
from engine.result import Result
from engine.scenario import Scenario
from engine.settings import model_settings
from engine.tickers import normalise_ticker

__all__ = [
    "EVENT_PREFIX",
    "Event",
    "event_date_of",
    "is_event_spec",
    "list_events",
    "load_event",
    "plain_event",
    "replay",
]

#: ``--scenario event:2025-01-27`` names an event rather than a preset.
EVENT_PREFIX = "event:"
EVENTS_DIR = resource("events")
COLUMNS = ("ticker", "kind", "currency", "set", "date_before", "close_before", "date_event",
           "close_event", "return_event", "source", "confidence")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WINDOW = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})$")
#: Stored returns are rounded (the calibration set to 4 decimals); the closes
#: must agree with them to within this.
_RETURN_TOLERANCE = 5e-5


@dataclass(frozen=True, eq=False)
class Event:
    """One historical day: realised returns per security, with sources.

    ``returns`` is indexed by canonical ticker (see :func:`normalise_ticker`)
    with the columns of :data:`COLUMNS`; ``return_event`` is the close-to-close
    return over the event window (a fraction), in the security's own currency.
    ``usd_jpy_change`` is the event's move of the USD against the yen
    (MODEL.md ``usd_jpy_change`` convention).
    """

    date: str
    name: str
    title: str
    returns: pd.DataFrame
    usd_jpy_change: float
    usd_jpy_source: str = ""
    usd_jpy_confidence: str = ""
    title_ja: str = ""
    story: str = ""
    story_ja: str = ""
    window_note: str = ""
    window_note_ja: str = ""
    #: What a model check against this day says about it (calibration, Tokyo sessions).
    calibration_note: str = ""
    calibration_note_ja: str = ""
    tokyo_note: str = ""
    tokyo_note_ja: str = ""
    sources: Mapping[str, str] = field(default_factory=dict)
    source: str | None = None  # the CSV it was read from
    source_sha256: str | None = None  # hash of the CSV and TOML bytes
    #: (first, last) day of the window in the bundled price history, ISO dates; holdings
    #: the event file has no row for take their realised return from the history
    window: tuple[str, str] | None = None
    #: True for a date no event file documents: a plain replay of the bundled history,
    #: with the realised exchange-rate moves of the window
    plain: bool = False

    def return_of(self, ticker: str) -> float | None:
        """The realised return of ``ticker`` (any spelling), or ``None`` without data: the
        event file's row, else the bundled closes over :attr:`window`."""
        t = normalise_ticker(ticker)
        if t in self.returns.index:
            return self.file_return_of(t)
        return self.history_return(t)

    def file_return_of(self, ticker: str) -> float | None:
        """The realised return the event file itself gives ``ticker`` (sourced, checked)."""
        t = normalise_ticker(ticker)
        if t not in self.returns.index:
            return None
        value = float(self.returns.at[t, "return_event"])
        return value if np.isfinite(value) else None

    def history_return(self, ticker: str) -> float | None:
        """The realised return of ``ticker`` over the event window in the bundled closes.

        A documented event uses the window its own rows use for the same currency (the
        Tokyo names of 27 January 2025 run from the 24th to the 28th), else :attr:`window`.
        """
        if self.window is None:
            return None
        from engine.marketdata import price_history, security_master

        sec = security_master().resolve(ticker).security
        if sec is None:
            return None
        d1, d2 = self._window_for(sec.currency)
        return price_history().window_return(sec.symbol, d1, d2)

    def _window_for(self, currency: str):
        rows = self.returns[(self.returns["currency"] == currency)
                            & (self.returns["date_before"] != "")
                            & (self.returns["date_event"] != "")]
        if len(rows):
            before, event = rows.groupby(["date_before", "date_event"]).size().idxmax()
            return (pd.Timestamp(before).date() + pd.Timedelta(days=1).to_pytimedelta(),
                    pd.Timestamp(event).date())
        return tuple(pd.Timestamp(d).date() for d in self.window)

    @property
    def spec(self) -> str:
        """The ``--scenario`` text that names this event."""
        return EVENT_PREFIX + self.date

    def label_scenario(self) -> Scenario:
        """A :class:`Scenario` carrying the event's name, title and USD/JPY move.

        A replay's :class:`Result` needs one; only ``usd_jpy_change`` is used
        and the JSON shows the others as not applicable.
        """
        return Scenario(name=self.spec, parameters={"usd_jpy_change": self.usd_jpy_change},
                        title=self.title, title_ja=self.title_ja, story=self.story,
                        story_ja=self.story_ja, source=self.source,
                        source_sha256=self.source_sha256)


# --------------------------------------------------------------------------
# Reading the event store
# --------------------------------------------------------------------------
def is_event_spec(text: str) -> bool:
    """True for ``event:DATE`` (case-insensitive prefix)."""
    return str(text).strip().lower().startswith(EVENT_PREFIX)


def event_date_of(text: str) -> str:
    """``"event:2025-01-27"`` → ``"2025-01-27"`` (an :class:`InputError` if malformed)."""
    date = str(text).strip()[len(EVENT_PREFIX):].strip()
    if not (_DATE.match(date) or _WINDOW.match(date)):
        raise InputError(f"{text!r} is not an event; write event:YYYY-MM-DD or "
                         f"event:YYYY-MM-DD..YYYY-MM-DD, e.g. event:2025-01-27 (documented "
                         f"events: {', '.join(_dates()) or 'none'})")
    return date


def _dates() -> list[str]:
    return sorted(p.stem for p in EVENTS_DIR.glob("*.csv") if _DATE.match(p.stem))


def _number(text: str, *, where: dict) -> float:
    if text.strip() == "":
        return float("nan")
    try:
        return float(text)
    except ValueError:
        raise InputError(f"{text!r} is not a number", **where) from None


def _read_returns(path: Path) -> pd.DataFrame:
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as exc:
        raise InputError(f"cannot read the event file: {exc}", file=str(path)) from None
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"the event file lacks column(s) {', '.join(missing)}; expected "
                         f"{', '.join(COLUMNS)}", file=str(path), line=1)
    rows = []
    for i, raw in enumerate(frame.to_dict("records")):
        line = i + 2  # header is line 1
        ticker = normalise_ticker(raw["ticker"])
        if not ticker:
            raise InputError("empty ticker", file=str(path), line=line, column="ticker")
        row = dict(raw, ticker=ticker)
        for col in ("close_before", "close_event", "return_event"):
            row[col] = _number(raw[col], where={"file": str(path), "line": line, "column": col})
        if not np.isfinite(row["return_event"]):
            raise InputError("a row needs its return; leave a security out rather than "
                             "guess", file=str(path), line=line, column="return_event")
        if np.isfinite(row["close_before"]) and np.isfinite(row["close_event"]):
            implied = row["close_event"] / row["close_before"] - 1.0
            if abs(implied - row["return_event"]) > _RETURN_TOLERANCE:
                raise InputError(f"return_event {row['return_event']} disagrees with the closes "
                                 f"(they give {implied:.6f})", file=str(path), line=line,
                                 column="return_event")
        if not str(raw["source"]).strip():
            raise InputError("every row needs a source", file=str(path), line=line,
                             column="source")
        rows.append(row)
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    dupes = out["ticker"][out["ticker"].duplicated()].tolist()
    if dupes:
        raise InputError(f"ticker(s) listed twice: {', '.join(dupes)}", file=str(path))
    return out.set_index("ticker")


def load_event(date: str) -> Event:
    """The event of ``date`` (``YYYY-MM-DD``, or ``event:YYYY-MM-DD``) from ``resources/events``.

    Raises :class:`InputError` for an unknown date (naming the known ones) or a
    malformed event file (naming the file, line and column).
    """
    if is_event_spec(date):
        date = event_date_of(date)
    date = str(date).strip()
    csv_path, toml_path = EVENTS_DIR / f"{date}.csv", EVENTS_DIR / f"{date}.toml"
    if _WINDOW.match(date) or (_DATE.match(date) and not csv_path.is_file()):
        return plain_event(date)
    if not _DATE.match(date) or not csv_path.is_file():
        known = ", ".join(f"event:{d}" for d in _dates()) or "none"
        raise InputError(f"no event data for {date!r}; events with data: {known}")
    meta: dict[str, Any] = {}
    raw_toml = b""
    if toml_path.is_file():
        raw_toml = toml_path.read_bytes()
        try:
            meta = tomllib.loads(raw_toml.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"not valid TOML: {exc}", file=str(toml_path)) from None
    fx = meta.get("usd_jpy", {})
    if not isinstance(fx, Mapping):
        raise InputError("[usd_jpy] must be a table", file=str(toml_path))
    change = fx.get("change", 0.0)
    if isinstance(change, bool) or not isinstance(change, int | float):
        raise InputError("[usd_jpy] change must be a number", file=str(toml_path))
    raw_csv = csv_path.read_bytes()
    return Event(
        date=date,
        name=str(meta.get("name", date)),
        title=str(meta.get("title", f"Event of {date}")),
        title_ja=str(meta.get("title_ja", "")),
        story=str(meta.get("story", "")),
        story_ja=str(meta.get("story_ja", "")),
        window_note=str(meta.get("window_note", "")),
        window_note_ja=str(meta.get("window_note_ja", "")),
        calibration_note=str(meta.get("calibration_note", "")),
        calibration_note_ja=str(meta.get("calibration_note_ja", "")),
        tokyo_note=str(meta.get("tokyo_note", "")),
        tokyo_note_ja=str(meta.get("tokyo_note_ja", "")),
        returns=_read_returns(csv_path),
        usd_jpy_change=float(change),
        usd_jpy_source=str(fx.get("source", "")),
        usd_jpy_confidence=str(fx.get("confidence", "")),
        sources=MappingProxyType({str(k): str(v) for k, v in meta.get("sources", {}).items()}),
        source=str(csv_path),
        source_sha256=hashlib.sha256(raw_csv + raw_toml).hexdigest(),
        window=_history_window(date, date),
    )


def _history_window(first: str, last: str) -> tuple[str, str] | None:
    """``(first, last)`` when the bundled history covers that window, else ``None``."""
    from engine.marketdata import MarketDataError, price_history

    ph = price_history()
    try:
        ph.check_date(pd.Timestamp(first).date())
        ph.check_date(pd.Timestamp(last).date())
    except MarketDataError:
        return None
    return first, last


def plain_event(spec: str) -> Event:
    """A replay of a day (``YYYY-MM-DD``) or window (``YYYY-MM-DD..YYYY-MM-DD``) that no event
    file documents: every holding's realised return from the bundled closes, and the realised
    exchange-rate moves.  Raises :class:`InputError` for a date outside the history (naming its
    range), a window that ends before it starts or a day with no trading."""
    from engine.marketdata import MarketDataError, price_history

    m = _WINDOW.match(spec)
    first, last = (m.group(1), m.group(2)) if m else (spec, spec)
    try:
        d1, d2 = (pd.Timestamp(first).date(), pd.Timestamp(last).date())
    except ValueError:
        raise InputError(f"{spec!r} is not a date; write YYYY-MM-DD") from None
    if d2 < d1:
        raise InputError(f"the replay window {first}..{last} ends before it starts")
    ph = price_history()
    try:
        ph.check_date(d1, "replay date")
        ph.check_date(d2, "replay date")
    except MarketDataError as exc:
        known = ", ".join(f"event:{d}" for d in _dates()) or "none"
        raise InputError(f"{exc}; events with data: {known}") from None
    days = ph.dates[(ph.dates >= np.datetime64(d1)) & (ph.dates <= np.datetime64(d2))]
    if len(days) == 0:
        before = ph.last_close("^GSPC", d1)
        hint = f"; the trading day before is {before[1]:%Y-%m-%d}" if before else ""
        raise InputError(f"no market traded on {first}" + (f"..{last}" if m else "") + hint)
    label = first if first == last else f"{first} to {last}"
    known = ", ".join(_dates())
    return Event(
        date=spec, name=spec, title=f"Historical replay of {label}",
        title_ja=f"{label} の過去再現",
        story=("No event file documents this date: each holding's realised close-to-close "
               "return from the bundled history and the realised exchange-rate moves are applied "
               f"to today's holdings, with no story or model (documented events: {known})."),
        story_ja=("この日付を説明するイベント・ファイルはありません。同梱の終値履歴による各銘柄の"
                  "実現リターンと実際の為替変動を現在の保有に当てはめます（物語もモデルも含みません）。"),
        window_note=(f"close of the trading day before {first} to the close of {last}, per "
                     "listing, in its own currency"),
        returns=pd.DataFrame(columns=list(COLUMNS)).set_index("ticker"),
        usd_jpy_change=_fx_move("USD", "JPY", d1, d2),
        usd_jpy_source="resources/marketdata/fx.csv.gz (see resources/SOURCES.md)",
        usd_jpy_confidence="high",
        source=None, source_sha256=None, window=(first, last), plain=True,
    )


def _fx_move(currency: str, base: str, d1, d2) -> float:
    """Realised change of the value of one unit of ``currency`` in ``base`` from the day
    before ``d1`` to ``d2`` (the bundled daily rates)."""
    from engine.marketdata import fx_history

    fx = fx_history()
    before = fx.dates[fx.dates < np.datetime64(d1)]
    if len(before) == 0:
        return float("nan")
    d0 = pd.Timestamp(before[-1]).date()
    return fx.convert(1.0, currency, base, d2) / fx.convert(1.0, currency, base, d0) - 1.0


def list_events() -> list[Event]:
    """Every shipped event, oldest first."""
    return [load_event(d) for d in _dates()]


# --------------------------------------------------------------------------
# The replay
# --------------------------------------------------------------------------
ATTRIBUTION_NOTE = ("history: each holding's realised price move over the event window, in its "
                    "own currency, is reported whole in the 'market' channel (a replay cannot "
                    "split it by cause); 'fx' is the event's USD/JPY move on holdings priced in "
                    "the other currency; the other channels are zero")


def replay(book, event: Event | str, *, base_currency: str = "USD") -> Result:
    """Apply the realised returns of ``event`` to the holdings of ``book``.

    Parameters
    ----------
    book
        An :class:`engine.model.Book`, or a :class:`Portfolio` (prepared in
        ``base_currency``).
    event
        An :class:`Event` or its date.

    Returns
    -------
    Result
        ``kind == "history"``; one quarter (day one, no horizon).  Holdings
        gain ``coverage`` (``"data"``, ``"no data"`` or ``"cash"``) and
        ``event_return`` (NaN without data).  A holding without data keeps its
        value (no price or FX move) and its absolute value is summed in
        ``history.not_covered_value``.
    """
    from engine.model import CHANNELS, prepare

    if isinstance(book, Portfolio):
        book = prepare(book, base_currency=base_currency)
    if not isinstance(event, Event):
        event = load_event(event)
    h = book.holdings
    v0 = book.value_before
    is_cash = (h["kind"] == "cash").to_numpy()
    realised = np.array([np.nan if c else (event.return_of(t) if event.return_of(t) is not None
                                           else np.nan)
                         for t, c in zip(h["ticker"], is_cash, strict=True)], dtype=float)
    has_data = np.isfinite(realised)
    coverage = np.where(is_cash, "cash", np.where(has_data, "data", "no data"))
    moved = coverage != "no data"
    price_factor = np.where(has_data, 1.0 + np.nan_to_num(realised), 1.0)
    if event.plain:  # the realised move of each holding's currency against the base
        d1, d2 = (pd.Timestamp(d).date() for d in event.window)
        moves = {c: _fx_move(c, book.base_currency, d1, d2) for c in set(h["currency"])}
        fx_move = np.array([moves[c] for c in h["currency"]], dtype=float)
        fx_factor = np.where(moved & np.isfinite(fx_move), 1.0 + np.nan_to_num(fx_move), 1.0)
    else:
        fx_factor = np.where(moved, (1.0 + event.usd_jpy_change) ** book.fx_power, 1.0)
    parts_h = {ch: np.zeros((len(h), 1)) for ch in CHANNELS}
    parts_h["market"][:, 0] = v0 * (price_factor - 1.0)
    parts_h["fx"][:, 0] = v0 * price_factor * (fx_factor - 1.0)
    value_path_h = (v0 * price_factor * fx_factor)[:, None]

    result = Result.build(book, event.label_scenario(), model_settings(), None, value_path_h,
                          parts_h)
    holdings = result.holdings.assign(coverage=coverage, event_return=realised)
    covered = holdings[holdings["coverage"] == "data"]
    not_covered = holdings[holdings["coverage"] == "no data"]
    worst = covered.loc[covered["return_instant"].idxmin()] if len(covered) else None
    best = covered.loc[covered["return_instant"].idxmax()] if len(covered) else None
    total_abs = float(np.abs(v0).sum())
    not_covered_value = float(np.abs(not_covered["value_before"]).sum())
    summary = dataclasses.replace(
        result.summary, horizon_q=0,
        worst=None if worst is None else Mover(str(worst["ticker"]),
                                               float(worst["return_instant"])),
        best=None if best is None else Mover(str(best["ticker"]), float(best["return_instant"])))
    history = Replay(
        event=event.date,
        name=event.name,
        title=event.title,
        window=event.window_note,
        attribution=ATTRIBUTION_NOTE,
        usd_jpy_change=event.usd_jpy_change,
        usd_jpy_source=event.usd_jpy_source,
        usd_jpy_confidence=event.usd_jpy_confidence,
        fx_applied=bool(np.any(fx_factor[moved] != 1.0)),
        covered_value=float(np.abs(covered["value_before"]).sum()),
        not_covered_value=not_covered_value,
        not_covered_share=not_covered_value / total_abs if total_abs else 0.0,
        no_data=tuple(not_covered["ticker"].tolist()),
        note="A replay of realised returns, not the model: holdings without data for "
             "the event keep their value and are counted as not covered.",
        file=event.source,
        sha256=event.source_sha256,
        plain_replay=event.plain,
        data_from_history=tuple(t for t, c in zip(h["ticker"], coverage, strict=True)
                                if c == "data" and normalise_ticker(t) not in event.returns.index),
    )
    return dataclasses.replace(result, holdings=holdings, summary=summary, history=history)
