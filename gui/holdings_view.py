"""The holdings table as a widget: the model, its sort proxy, and the column chooser.

The table shows by default what a person opens the app for (ticker, name,
value, day-one return and P&L, return at the horizon, where the exposures
come from); right-clicking the header offers the other columns, and the
choice is remembered in the settings.  The widget follows language and theme
changes itself (:func:`gui.i18n.language_notifier`, :func:`gui.theme.theme_notifier`),
so the window does not have to tell it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from engine.result import Result
from gui.holdings_model import COLUMNS, DEFAULT_COLUMNS, HoldingsModel, HoldingsProxyModel
from gui.i18n import current_language, language_notifier
from gui.settings import Settings
from gui.theme import is_dark, theme_notifier

__all__ = ["HoldingsView"]

#: Columns never hidden: without the ticker a row names nothing.
_ALWAYS = ("ticker",)
#: The widest the name column gets when fitted (the full name is in the tooltip).
_NAME_WIDTH = 130
#: Added to a fitted column so the sort arrow never covers the header's text.
_ARROW_ROOM = 14


class HoldingsView(QTableView):
    """Sortable holdings table with a header column chooser.

    ``holding_menu_requested(row, global_pos)`` is emitted on a right-click
    on a row (``row`` in the model's, not the view's, order).
    """

    holding_menu_requested = Signal(int, QPoint)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.holdings_model = HoldingsModel(self)
        self.proxy = HoldingsProxyModel(self)
        self.proxy.setSourceModel(self.holdings_model)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(COLUMNS.index("value_before"), Qt.SortOrder.DescendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Room for the sort arrow beside the header text.
        header.setMinimumSectionSize(40)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_row_menu)
        self._history = False
        self.apply_columns()
        self.holdings_model.set_dark(is_dark())
        self.holdings_model.set_language(current_language())
        language_notifier().changed.connect(self._on_language_changed)
        theme_notifier().changed.connect(self.holdings_model.set_dark)

    # -- columns ---------------------------------------------------------------
    def visible_columns(self) -> list[str]:
        """The columns the user chose (or the default set), in table order."""
        chosen = self.settings.table_columns
        if chosen is None:
            chosen = list(DEFAULT_COLUMNS)
        return [c for c in COLUMNS if c in chosen or c in _ALWAYS]

    def apply_columns(self) -> None:
        """Show the chosen columns; a replay hides the horizon (it has none)."""
        shown = set(self.visible_columns())
        for i, column in enumerate(COLUMNS):
            hidden = column not in shown or (self._history and column == "return_horizon")
            self.setColumnHidden(i, hidden)

    def set_column_visible(self, column: str, visible: bool) -> None:
        """Show or hide ``column`` and remember the choice."""
        if column in _ALWAYS:
            return
        shown = set(self.visible_columns())
        shown = shown | {column} if visible else shown - {column}
        self.settings.table_columns = [c for c in COLUMNS if c in shown]
        self.apply_columns()
        self.fit_columns()

    def reset_columns(self) -> None:
        """Back to the default columns."""
        self.settings.table_columns = None
        self.apply_columns()
        self.fit_columns()

    def _on_header_menu(self, pos: QPoint) -> None:
        self.column_menu().popup(self.horizontalHeader().mapToGlobal(pos))

    def column_menu(self) -> QMenu:
        """The header's right-click menu: one checkable entry per column."""
        menu = QMenu(self)
        shown = set(self.visible_columns())
        model = self.holdings_model
        for i, column in enumerate(COLUMNS):
            text = model.headerData(i, Qt.Orientation.Horizontal)
            action = menu.addAction(str(text))
            action.setCheckable(True)
            action.setChecked(column in shown)
            action.setEnabled(column not in _ALWAYS)
            action.setData(column)
            action.toggled.connect(lambda on, c=column: self.set_column_visible(c, on))
        menu.addSeparator()
        menu.addAction(self.tr("Default columns")).triggered.connect(self.reset_columns)
        return menu

    def fit_columns(self) -> None:
        """Columns as wide as their contents (and the sort arrow); the name at most :data:`_NAME_WIDTH`."""
        self.resizeColumnsToContents()
        header = self.horizontalHeader()
        for i in range(len(COLUMNS)):
            if not self.isColumnHidden(i):
                hint = header.sectionSizeHint(i) + _ARROW_ROOM
                self.setColumnWidth(i, max(self.columnWidth(i), hint))
        name = COLUMNS.index("name")
        self.setColumnWidth(name, min(self.columnWidth(name), _NAME_WIDTH))

    # -- content ---------------------------------------------------------------
    def set_result(self, result: Result | None) -> None:
        history = result is not None and result.kind == "history"
        self.holdings_model.set_result(result)
        if history != self._history:
            self._history = history
            self.apply_columns()

    def show_new_portfolio(self) -> None:
        """A new file: columns fitted to it and the view back at its top-left corner."""
        self.fit_columns()
        self.scrollToTop()
        self.horizontalScrollBar().setValue(0)

    def category_menu(self, row: int, choose: Callable[[str, str], object]) -> QMenu | None:
        """For a holding on fallback (model ``row``), a menu of the categories it can be
        treated as; picking one calls ``choose(ticker, category)``.  None for the others."""
        from engine.library import CATEGORIES
        from gui.labels import category_label

        holding = self.holdings_model.holding(row)
        if holding["exposure"] != "fallback":
            return None
        ticker = holding["ticker"]
        menu = QMenu(self)
        # The window's words (their translation context): the window used to build this menu.
        menu.setTitle(QCoreApplication.translate("MainWindow", "Treat {0} as").format(ticker))
        header = menu.addAction(
            QCoreApplication.translate("MainWindow", "Treat {0} as:").format(ticker))
        header.setEnabled(False)
        for category in CATEGORIES:
            a = menu.addAction(category_label(category))
            a.setCheckable(True)
            a.setChecked(holding["category"] == category)
            a.triggered.connect(lambda _c=False, c=category: choose(ticker, c))
        return menu

    def _on_row_menu(self, pos: QPoint) -> None:
        index = self.indexAt(pos)
        if index.isValid():
            row = self.proxy.mapToSource(index).row()
            self.holding_menu_requested.emit(row, self.viewport().mapToGlobal(pos))

    # -- language and theme ------------------------------------------------------
    def _on_language_changed(self, lang: str) -> None:
        self.holdings_model.set_language(lang)
        if self.holdings_model.rowCount():
            self.fit_columns()  # money reads longer in Japanese (円, 万)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # the system's own theme changed
            self.holdings_model.set_dark(is_dark())
        super().changeEvent(event)
