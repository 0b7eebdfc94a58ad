"""Languages: English (the source strings) and Japanese (resources/i18n/jevons_ja.qm).

The language follows the system locale unless the user picked one in the
Language menu (remembered in :class:`gui.settings.Settings`).  Switching is
live: installing a translator sends every widget a ``LanguageChange`` event
and the main window retranslates itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from engine.paths import resource

__all__ = ["LANGUAGES", "current_language", "install_language", "language", "resolve_language",
           "translations_dir"]

LANGUAGES = ("en", "ja")
_installed: list[QTranslator] = []
_current = ["en"]


def translations_dir():
    return resource("i18n")


def resolve_language(choice: str) -> str:
    """``choice`` ("", "en" or "ja") → the language to show; "" follows the system."""
    if choice in LANGUAGES:
        return choice
    names = QLocale.system().uiLanguages() or [QLocale.system().name()]
    for name in names:
        code = name.replace("_", "-").split("-")[0].lower()
        if code in LANGUAGES:
            return code
    return "en"


def install_language(lang: str) -> bool:
    """Install the translator for ``lang``; English removes it.  False if the .qm is missing."""
    app = QCoreApplication.instance()
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    _current[0] = lang
    if lang == "en":
        return True
    translator = QTranslator(app)
    if not translator.load(f"jevons_{lang}", str(translations_dir())):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    # Qt's own strings (OK, Cancel, file dialogs) when the Qt build ships them.
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    return True


def current_language() -> str:
    """The language the interface is in now ("en" or "ja")."""
    return _current[0]


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Translate into ``lang`` inside the block (a report in another language), then restore."""
    previous = _current[0]
    if lang == previous:
        yield
        return
    install_language(lang)
    try:
        yield
    finally:
        install_language(previous)
