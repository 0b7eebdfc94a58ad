"""The holdings table: one model over the result's holdings frame.

Spyder's ``dataframeeditor`` pattern: ``data()`` switches on the role and
reads ``frame.iat``; a new portfolio resets the model, a new scenario on the
same portfolio only announces changed values (so selection and sort order
survive a slider move), one signal per run of neighbouring value columns, so
the view repaints those columns and not the ticker, name, value and data
beside them.  Sorting uses :data:`SORT_ROLE` (raw numbers).

A historical replay (``result.kind == "history"``) shows the event data in
the last column instead of the exposure: "Realised", or "No data" (tinted)
for a holding the event has no return for, whose day-one return reads
"no data" rather than a made-up 0%.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from engine.coverage import source_label, source_labels
from engine.formatting import format_money, format_number, format_percent
from engine.names import display_name, short_name
from engine.result import Result
from engine.vocabulary import exposure_description, not_modelled, proxied
from gui.labels import category_label
from gui.theme import badge_colour, gain_loss_colours

__all__ = ["COLUMNS", "DEFAULT_COLUMNS", "SORT_ROLE", "HoldingsModel", "HoldingsProxyModel",
           "exposure_badge"]

#: Model columns (keys into the holdings frame, except "exposure" which is composed):
#: what a person opens the app for first, the rest behind the header's column chooser.
COLUMNS = ("ticker", "name", "value_before", "return_instant", "pnl", "return_horizon",
           "exposure", "value_after", "shares", "price")
#: The columns shown until the user chooses others (header right-click).
DEFAULT_COLUMNS = ("ticker", "name", "value_before", "return_instant", "pnl", "return_horizon",
                   "exposure")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
#: The roles the model answers; every other one is None without a look at the cell.
_ROLES = frozenset({_DISPLAY, _FOREGROUND, _BACKGROUND, _ALIGNMENT, _TOOLTIP, int(SORT_ROLE)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_SIGNED = {"pnl", "return_instant", "return_horizon"}
_NUMERIC = {"shares", "price", "value_before", "value_after", "pnl", "return_instant",
            "return_horizon"}
#: The columns a new scenario changes (the rest come from the book).
_CHANGING = ("value_after", "pnl", "return_instant", "return_horizon")
_VALUE_COLUMNS = sorted(COLUMNS.index(c) for c in _CHANGING)


def _runs(columns: list[int]) -> tuple[tuple[int, int], ...]:
    """Sorted column numbers as runs of neighbours, ``(first, last)``."""
    runs: list[list[int]] = []
    for c in columns:
        if runs and c == runs[-1][1] + 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return tuple((first, last) for first, last in runs)


#: The value columns in runs of neighbours: one dataChanged each.
_VALUE_RUNS = _runs(_VALUE_COLUMNS)
_CHANGED_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, SORT_ROLE]
# Columns in the base currency (their headers name it).
_BASE_MONEY = {"value_before", "value_after", "pnl"}


def _header(column: str) -> str:
    # Short: the table shows seven columns at 1366 pixels; the tooltips say the rest.
    return {
        "ticker": QCoreApplication.translate("HoldingsModel", "Ticker"),
        "name": QCoreApplication.translate("HoldingsModel", "Name"),
        "shares": QCoreApplication.translate("HoldingsModel", "Shares"),
        "price": QCoreApplication.translate("HoldingsModel", "Price"),
        "value_before": QCoreApplication.translate("HoldingsModel", "Value"),
        "value_after": QCoreApplication.translate("HoldingsModel", "Value, day one"),
        "pnl": QCoreApplication.translate("HoldingsModel", "P&L"),
        "return_instant": QCoreApplication.translate("HoldingsModel", "Day one"),
        "return_horizon": QCoreApplication.translate("HoldingsModel", "Horizon"),
        "exposure": QCoreApplication.translate("HoldingsModel", "Data"),
    }[column]


def _header_tip(column: str) -> str:
    return {
        "value_before": QCoreApplication.translate(
            "HoldingsModel", "Value before the shock: shares × price, in the base currency"),
        "value_after": QCoreApplication.translate("HoldingsModel", "Value after the day-one repricing"),
        "pnl": QCoreApplication.translate("HoldingsModel", "Gain or loss on day one, in the base currency"),
        "return_instant": QCoreApplication.translate("HoldingsModel", "Return on day one"),
        "return_horizon": QCoreApplication.translate(
            "HoldingsModel", "Return at the scenario's horizon, if the story plays out"),
        "exposure": QCoreApplication.translate(
            "HoldingsModel", "Where the holding's exposures come from: the curated library, "
            "an estimate, its industry or fund, or the market only when nothing is known"),
    }.get(column, "")


def _history_header(column: str) -> str | None:
    """Headers that read differently for a replay (None: as for the model)."""
    return {
        "value_after": QCoreApplication.translate("HoldingsModel", "Value, event day"),
        "pnl": QCoreApplication.translate("HoldingsModel", "P&L, event day"),
        "return_instant": QCoreApplication.translate("HoldingsModel", "Realised"),
        "exposure": QCoreApplication.translate("HoldingsModel", "Event data"),
    }.get(column)


def _history_tip(column: str) -> str | None:
    return {
        "return_instant": QCoreApplication.translate(
            "HoldingsModel", "The holding's realised return over the event window, with the "
            "event's USD/JPY move for a holding in the other currency"),
        "exposure": QCoreApplication.translate(
            "HoldingsModel", "Whether the event file has a realised return for the holding"),
    }.get(column)


class HoldingsModel(QAbstractTableModel):
    """Read-only table of a :class:`~engine.result.Result`'s holdings."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self._rows = 0  # len(self._frame): Qt asks for it on every cell it paints
        self._currency = "USD"
        self._lang = "en"
        self._gain, self._loss = gain_loss_colours(False)
        self._dark = False
        self._key: tuple | None = None  # identifies the rows (same book)
        self._cols: dict[str, np.ndarray] = {}
        self._history = False

    # -- feeding -------------------------------------------------------------
    def set_result(self, result: Result | None) -> None:
        """Show ``result``; same rows as before → values update in place."""
        frame = pd.DataFrame() if result is None else result.holdings
        history = result is not None and result.kind == "history"
        # The book itself, not its id(): a new book may reuse a freed one's id.
        key = None if result is None else (result.book, len(frame), history)
        self._currency = "USD" if result is None else result.currency
        self._history = history
        if key is not None and self._key is not None and key[0] is self._key[0] \
                and key[1:] == self._key[1:]:
            self._frame = frame
            if history:  # another event: its data column changes too
                self._cache_columns()
                self._changed(((0, len(COLUMNS) - 1),))
            else:  # a new scenario: only the value columns change
                self._cache_columns(_CHANGING)
                self._changed(_VALUE_RUNS)
            return
        self.beginResetModel()
        self._frame = frame
        self._rows = len(frame)
        self._key = key
        self._cols = {}
        self._cache_columns()
        self.endResetModel()

    def _changed(self, runs) -> None:
        """Announce new values in the given runs of columns, one signal per run.

        The view repaints the rectangle each signal covers: the columns that
        did not change (ticker, name, value, data) are not painted again.
        """
        bottom = self._rows - 1
        for first, last in runs:
            self.dataChanged.emit(self.index(0, first), self.index(bottom, last), _CHANGED_ROLES)

    def _cache_columns(self, columns=None) -> None:
        # numpy columns: data() runs for every visible cell on every repaint.
        # A new scenario on the same book changes only the value columns.
        for c in self._frame.columns if columns is None else columns:
            self._cols[c] = self._frame[c].to_numpy()
        if columns is None and len(self._frame):
            self._cols["source"] = source_labels(self._cols["exposure"], self._cols["category"])

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self._refresh_all()

    def _exposure_tip(self, row: int) -> str:
        """Where a holding's exposures come from: the engine's own sentence in English
        (with its sources and figures); in another language the source's description,
        how a bond is seen through its proxy, or what the market-only fallback leaves
        out for an option or a bond."""
        if self._lang == "en":
            return str(self._cols["exposure_reason"][row])
        source, kind = str(self._cols["source"][row]), str(self._cols["kind"][row])
        special = (not_modelled(kind, self._lang) if source == "market-only" else
                   proxied(kind, self._lang) if source == "industry" else None)
        return special or exposure_description(source, self._lang)

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        self._gain, self._loss = gain_loss_colours(dark)
        self._refresh_all()

    def _refresh_all(self) -> None:
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, len(COLUMNS) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    @property
    def history(self) -> bool:
        """True while a historical replay is shown."""
        return self._history

    def holding(self, row: int) -> dict:
        """The holdings-frame row ``row`` as a dict."""
        return self._frame.iloc[row].to_dict()

    # -- Qt model interface ----------------------------------------------------
    def index(self, row: int, column: int,
              parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        # The proxy asks for an index on every cell and role it paints; the base
        # class would ask rowCount() and columnCount() each time (two more calls
        # into Python) to check the bounds checked here.
        if 0 <= row < self._rows and 0 <= column < len(COLUMNS) and not parent.isValid():
            return self.createIndex(row, column)
        return QModelIndex()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            text = (self._history and _history_header(column)) or _header(column)
            if column not in _BASE_MONEY:
                return text
            return f"{text}（{self._currency}）" if self._lang == "ja" else \
                f"{text} ({self._currency})"
        if role == Qt.ItemDataRole.ToolTipRole:
            return (self._history and _history_tip(column)) or _header_tip(column) or None
        # Headers stay centred: right-aligned, their text would run under the sort arrow.
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole):
        # Qt asks for a dozen roles per visible cell on every repaint: the roles are
        # compared as plain ints and the ones never answered return at once.
        role = int(role)
        if role not in _ROLES or not index.isValid():
            return None
        row, column = index.row(), COLUMNS[index.column()]
        if role == _DISPLAY:
            return self._display(row, column)
        if role == SORT_ROLE:
            return self._sort_value(row, column)
        if role == _FOREGROUND:
            if column not in _SIGNED or self._no_data(row):
                return None
            value = float(self._cols[column][row])
            if value > 0:
                return self._gain
            if value < 0:
                return self._loss
            return None
        if role == _ALIGNMENT:
            return _RIGHT if column in _NUMERIC else None
        if role == _TOOLTIP:
            if column in _BASE_MONEY:
                return format_money(float(self._cols[column][row]), self._currency, self._lang,
                                    sign=column == "pnl")
            if column == "exposure" and self._history:
                return self._coverage_tip(row)
            if column == "exposure":
                return self._exposure_tip(row)
            if column == "name":
                full = self._name(row)
                english = str(self._cols["name"][row])
                return full if full == english else f"{full}\n{english}"
            if column == "ticker" and self._no_data(row):
                return self._coverage_tip(row)
            return None
        # _BACKGROUND
        if column in ("ticker", "exposure") and self._no_data(row):
            colour = QColor(self._loss)
            colour.setAlpha(28)
            return colour
        if column == "exposure" and not self._history:
            return badge_colour(str(self._cols["source"][row]), self._dark)
        return None

    def _name(self, row: int) -> str:
        names = self._cols.get("name_ja")
        return display_name(str(self._cols["name"][row]),
                            "" if names is None else str(names[row]), self._lang)

    def _display(self, row: int, column: str) -> str:
        c = self._cols
        if column == "ticker":
            return str(c["ticker"][row])
        if column == "name":
            return short_name(self._name(row))
        if column == "exposure":
            return self._coverage_text(row) if self._history else self._exposure_text(row)
        if column in ("return_instant", "return_horizon") and self._no_data(row):
            return QCoreApplication.translate("HoldingsModel", "no data")
        value = float(c[column][row])
        if column == "shares":
            decimals = 0 if math.isfinite(value) and value == int(value) else 4
            return format_number(value, decimals)
        if column == "price":
            return format_money(value, str(c["currency"][row]) or self._currency, self._lang)
        if column in ("return_instant", "return_horizon"):
            return format_percent(value)
        # Whole units: the table fits at 1366 pixels; the tooltip has the exact amount.
        return format_money(value, self._currency, self._lang, sign=column == "pnl", decimals=0)

    def _exposure_text(self, row: int) -> str:
        return exposure_badge(str(self._cols["source"][row]),
                              str(self._cols["category"][row]), self._lang)

    def _no_data(self, row: int) -> bool:
        return self._history and self._cols["coverage"][row] == "no data"

    def _coverage_text(self, row: int) -> str:
        coverage = self._cols["coverage"][row]
        if coverage == "data":
            return QCoreApplication.translate("HoldingsModel", "Realised")
        if coverage == "cash":
            return QCoreApplication.translate("HoldingsModel", "Cash")
        return QCoreApplication.translate("HoldingsModel", "No data")

    def _coverage_tip(self, row: int) -> str:
        if self._cols["coverage"][row] == "no data":
            return QCoreApplication.translate(
                "HoldingsModel", "The event file has no return for this holding: its value is "
                "left unchanged and counted as not covered (never guessed)")
        if self._cols["coverage"][row] == "cash":
            return QCoreApplication.translate(
                "HoldingsModel", "Cash moves only with the event's exchange rate")
        return QCoreApplication.translate("HoldingsModel", "Realised return {0}").format(
            format_percent(float(self._cols["event_return"][row])))

    def _sort_value(self, row: int, column: str):
        if column in ("return_instant", "return_horizon") and self._no_data(row):
            return math.inf  # together, apart from every realised return
        if column in _NUMERIC:
            return float(self._cols[column][row])
        if column == "exposure":
            return self._coverage_text(row) if self._history else self._exposure_text(row)
        return str(self._cols[column][row]).casefold()


def exposure_badge(kind: str, category: str, lang: str) -> str:
    """The short text of a holding's exposure source (:func:`engine.coverage.source_labels`).

    A holding on its industry's typical exposures names the industry ("Industry: AI user").
    """
    label = source_label(kind, lang)
    label = label[:1].upper() + label[1:]
    if kind == "industry" and category:
        return f"{label}: {category_label(category)}"
    return label


class HoldingsProxyModel(QSortFilterProxyModel):
    """Sorts by the raw values, not the formatted text."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
