"""Languages: English (the source strings) and Japanese (resources/i18n/jevons_ja.qm).

The language follows the system locale unless the user picked one in the
Language menu (remembered in :class:`gui.settings.Settings`).  Switching is
live: :func:`install_language` announces the new language once on
:func:`language_notifier`, and every widget, the main window included,
retranslates itself (it reads :func:`current_language` when it is made).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from engine.paths import resource

__all__ = [
    "LANGUAGES",
    "LanguageNotifier",
    "current_language",
    "install_language",
    "language",
    "language_notifier",
    "resolve_language",
    "translations_dir",
]

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


class LanguageNotifier(QObject):
    """Says when the interface language changes, so every widget can follow it itself."""

    changed = Signal(str)  # "en" or "ja"


_notifier: list[LanguageNotifier] = []


def language_notifier() -> LanguageNotifier:
    """The one notifier (created on first use); connect to its ``changed`` signal."""
    if not _notifier:
        _notifier.append(LanguageNotifier(QCoreApplication.instance()))
    return _notifier[0]


def current_language() -> str:
    """The language installed last ("en" or "ja"): what a widget follows on a LanguageChange."""
    return _current[0]


def install_language(lang: str, *, notify: bool = True) -> bool:
    """Install the translator for ``lang``; English removes it.  False if the .qm is missing.

    With ``notify`` (the interface switching, not a report written in another
    language) the :func:`language_notifier` announces the change.
    """
    changed = lang != _current[0]
    ok = _install(lang)
    if notify and changed and _notifier:
        _notifier[0].changed.emit(lang)
    return ok


#: Japanese UI fonts that carry Latin letters and digits too, best first.
JAPANESE_FONTS = ("Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN",
                  "Yu Gothic UI", "Meiryo UI", "Meiryo", "IPAexGothic", "IPAPGothic",
                  "IPAGothic", "TakaoPGothic", "VL PGothic")
_default_font: list = []


def _use_font_for(lang: str) -> None:
    """One font for a language: in Japanese a Japanese family for every character.

    Left to Qt, a label with kana takes a fallback font for the whole run while
    its neighbours draw digits in the Latin font: "0.000 リターン" beside
    "0.30 share" in two different typefaces.
    """
    from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

    app = QCoreApplication.instance()
    if not isinstance(app, QGuiApplication):
        return
    if not _default_font:
        _default_font.append(QFont(app.font()))
    if lang != "ja":
        app.setFont(_default_font[0])
        return
    families = set(QFontDatabase.families())
    family = next((f for f in JAPANESE_FONTS if f in families), None)
    if family is not None:
        font = QFont(_default_font[0])
        font.setFamilies([family, *_default_font[0].families()])
        app.setFont(font)


def _install(lang: str) -> bool:
    app = QCoreApplication.instance()
    if lang != _current[0] or _default_font:
        _use_font_for(lang)
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


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Translate into ``lang`` inside the block (a report in another language), then restore."""
    previous = _current[0]
    if lang == previous:
        yield
        return
    install_language(lang, notify=False)
    try:
        yield
    finally:
        install_language(previous, notify=False)
