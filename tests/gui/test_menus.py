"""The menus are data: every entry exists on the window, calls a real method and is translated."""

from __future__ import annotations

from gui.main_window import MainWindow
from gui.menus import MENUS


def test_every_menu_entry_is_built_and_translated(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    english = {}
    for menu in MENUS:
        assert getattr(w, f"{menu.name}_menu").title()
        for item in menu.items:
            if item is None:
                continue
            if item.submenu:
                english[item.name] = getattr(w, f"{item.name}_menu").title()
            else:
                assert callable(getattr(w, item.slot))
                english[item.name] = getattr(w, f"{item.name}_action").text()
    assert "{0}" not in english["model_check"]  # the window fills in the event's date
    w.set_language("ja")
    try:
        for menu in MENUS:
            for item in menu.items:
                if item is None:
                    continue
                entry = (getattr(w, f"{item.name}_menu").title() if item.submenu
                         else getattr(w, f"{item.name}_action").text())
                assert entry != english[item.name], item.name
    finally:
        w.set_language("en")
