"""The main window's menus, declared as data.

Each menu is a title and a list of items; an item names the window method
it calls, its shortcut and menu role, or marks a submenu the window fills
itself (recent files, events, currencies, themes).  :func:`build_menus`
creates the QMenus and QActions once; :func:`add_choices` fills a submenu
with one checkable entry per choice; :func:`retranslate_menus` sets their
text in the current language.  Texts are translated in the ``MainWindow``
context (``QT_TRANSLATE_NOOP`` marks them for ``lupdate``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

__all__ = ["MENUS", "Item", "Menu", "add_choices", "build_menus", "fill_recent_menu",
           "retranslate_choices", "retranslate_menus"]

if TYPE_CHECKING:
    from engine.events import Event

_CONTEXT = "MainWindow"


@dataclass(frozen=True)
class Item:
    """One entry: an action calling ``window.<slot>()``, or a submenu (``submenu=True``).

    The window gets the entry as ``<name>_action`` (or ``<name>_menu``).
    ``needs_content``: disabled until the window's content is built.
    """

    name: str
    text: str
    slot: str = ""
    shortcut: QKeySequence.StandardKey | str | None = None
    role: QAction.MenuRole | None = None
    checkable: bool = False
    submenu: bool = False
    needs_content: bool = False


@dataclass(frozen=True)
class Menu:
    """A menu of the menu bar (``window.<name>_menu``); ``None`` items are separators."""

    name: str
    title: str
    items: tuple[Item | None, ...]


MENUS: tuple[Menu, ...] = (
    Menu("file", QT_TRANSLATE_NOOP("MainWindow", "&File"), (
        Item("open", QT_TRANSLATE_NOOP("MainWindow", "&Open portfolio…"), "open_file_dialog",
             QKeySequence.StandardKey.Open, needs_content=True),
        Item("recent", QT_TRANSLATE_NOOP("MainWindow", "Open &recent"), submenu=True,
             needs_content=True),
        None,
        Item("save_scenario", QT_TRANSLATE_NOOP("MainWindow", "&Save scenario…"),
             "save_scenario", QKeySequence.StandardKey.Save, needs_content=True),
        Item("load_scenario", QT_TRANSLATE_NOOP("MainWindow", "&Load scenario…"),
             "load_scenario_file", needs_content=True),
        Item("update_prices", QT_TRANSLATE_NOOP("MainWindow", "&Update prices (online)"),
             "update_prices"),
        Item("export", QT_TRANSLATE_NOOP("MainWindow", "&Export…"), "export_dialog", "Ctrl+E",
             needs_content=True),
        None,
        Item("quit", QT_TRANSLATE_NOOP("MainWindow", "&Quit"), "close",
             QKeySequence.StandardKey.Quit, role=QAction.MenuRole.QuitRole),
    )),
    Menu("scenario", QT_TRANSLATE_NOOP("MainWindow", "&Scenario"), (
        Item("replay", QT_TRANSLATE_NOOP("MainWindow", "&Replay an event"), submenu=True,
             needs_content=True),
        Item("model", QT_TRANSLATE_NOOP("MainWindow", "&Back to the model"), "show_model",
             needs_content=True),
        None,
        # The window adds the event's date to this text ("{0}").
        Item("model_check", QT_TRANSLATE_NOOP("MainWindow", "&Model check against {0}…"),
             "show_model_check", "Ctrl+M", needs_content=True),
        Item("validation", QT_TRANSLATE_NOOP("MainWindow", "&Validation against baselines…"),
             "show_validation"),
    )),
    Menu("view", QT_TRANSLATE_NOOP("MainWindow", "&View"), (
        Item("horizon", QT_TRANSLATE_NOOP("MainWindow", "P&&L by cause at the &horizon"),
             "_on_horizon_toggled", checkable=True, needs_content=True),
        Item("currency", QT_TRANSLATE_NOOP("MainWindow", "Base &currency"), submenu=True,
             needs_content=True),
        Item("theme", QT_TRANSLATE_NOOP("MainWindow", "&Theme"), submenu=True),
    )),
    Menu("language", QT_TRANSLATE_NOOP("MainWindow", "&Language"), ()),
    Menu("help", QT_TRANSLATE_NOOP("MainWindow", "&Help"), (
        Item("methodology", QT_TRANSLATE_NOOP("MainWindow", "&Methodology"), "show_methodology"),
        Item("about", QT_TRANSLATE_NOOP("MainWindow", "&About Jevons"), "show_about",
             role=QAction.MenuRole.AboutRole),
    )),
)


def build_menus(window: QMainWindow, menus: tuple[Menu, ...] = MENUS) -> list:
    """Create ``menus`` on ``window``'s menu bar; returns the entries that need the content."""
    bar = window.menuBar()
    needs_content = []
    for menu_spec in menus:
        menu = bar.addMenu("")
        setattr(window, f"{menu_spec.name}_menu", menu)
        for item in menu_spec.items:
            if item is None:
                menu.addSeparator()
                continue
            if item.submenu:
                sub = QMenu(window)
                menu.addMenu(sub)
                setattr(window, f"{item.name}_menu", sub)
                entry = sub.menuAction()
            else:
                entry = QAction(window)
                # setShortcuts(): a standard key's every binding on this platform; and,
                # unlike setShortcut(), it does not set up the Qt namespace's enums.
                if isinstance(item.shortcut, QKeySequence.StandardKey):
                    entry.setShortcuts(item.shortcut)
                elif item.shortcut is not None:
                    entry.setShortcuts([QKeySequence(item.shortcut)])
                if item.role is not None:
                    entry.setMenuRole(item.role)
                entry.setCheckable(item.checkable)
                slot = getattr(window, item.slot)
                entry.triggered.connect(lambda _checked=False, slot=slot: slot())
                menu.addAction(entry)
                setattr(window, f"{item.name}_action", entry)
            if item.needs_content:
                needs_content.append(entry)
    return needs_content


def add_choices(window: QMainWindow, menu: QMenu, keys: tuple[str, ...] | list[str],
                choose: Callable[[str], object], *, checked: str | None = None,
                ) -> dict[str, QAction]:
    """One checkable entry per key in ``menu``, one of them checked at a time; picking
    one calls ``choose(key)``.  Returns the entries by key (their text is the key
    until the window names them)."""
    group = QActionGroup(window)
    actions = {}
    for key in keys:
        a = QAction(key, window, checkable=True)
        a.triggered.connect(lambda _c=False, key=key: choose(key))
        group.addAction(a)
        menu.addAction(a)
        actions[key] = a
    if checked is not None:
        actions[checked].setChecked(True)
    return actions


def retranslate_menus(window: QMainWindow, menus: tuple[Menu, ...] = MENUS) -> None:
    """Set every menu title and action text in the installed language."""
    def tr(text: str) -> str:
        return QCoreApplication.translate(_CONTEXT, text)

    for menu_spec in menus:
        getattr(window, f"{menu_spec.name}_menu").setTitle(tr(menu_spec.title))
        for item in menu_spec.items:
            if item is None:
                continue
            if item.submenu:
                getattr(window, f"{item.name}_menu").setTitle(tr(item.text))
            else:
                getattr(window, f"{item.name}_action").setText(tr(item.text))


def retranslate_choices(window: QMainWindow, events: Sequence[Event], lang: str) -> None:
    """Name the submenus' choices (events, themes, languages) and the model check's
    reference day in the installed language (``lang`` picks an event's title)."""
    for event in events:
        if event.date in window.event_actions:
            title = (event.title_ja or event.title) if lang == "ja" else event.title
            window.event_actions[event.date].setText(
                QCoreApplication.translate("MainWindow", "{0} (history)").format(title))
    if events:  # the engine is loaded: name the reference day
        from engine.formatting import format_date
        from engine.modelcheck import DEFAULT_EVENT

        window.model_check_action.setText(window.model_check_action.text().format(
            format_date(DEFAULT_EVENT, lang)))
    else:
        window.model_check_action.setText(
            QCoreApplication.translate("MainWindow", "&Model check…"))
    window.theme_actions["system"].setText(QCoreApplication.translate("MainWindow", "System"))
    window.theme_actions["light"].setText(QCoreApplication.translate("MainWindow", "Light"))
    window.theme_actions["dark"].setText(QCoreApplication.translate("MainWindow", "Dark"))
    window.language_actions[""].setText(
        QCoreApplication.translate("MainWindow", "System language"))
    window.language_actions["en"].setText("English")
    window.language_actions["ja"].setText("日本語")


def fill_recent_menu(menu: QMenu, files: Sequence[str], open_file: Callable[[str], object],
                     ) -> None:
    """One entry per recent file (its name; the full path as tooltip), or a disabled
    "(no recent files)"."""
    menu.clear()
    for f in files:
        a = menu.addAction(Path(f).name)
        a.setToolTip(f)
        a.setStatusTip(f)
        a.triggered.connect(lambda _c=False, f=f: open_file(f))
    if not files:
        empty = menu.addAction(QCoreApplication.translate("MainWindow", "(no recent files)"))
        empty.setEnabled(False)
