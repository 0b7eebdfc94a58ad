"""The app's remembered choices: one typed object over ``QSettings``.

Everything the app remembers between runs goes through :class:`Settings`, so
the keys and their types live in one place.  The file is an INI file in the
user's configuration folder; ``JEVONS_CONFIG_DIR`` points it elsewhere (the
tests give every test its own folder).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

__all__ = ["MAX_RECENT_FILES", "Settings"]

MAX_RECENT_FILES = 8
_LANGUAGES = ("", "en", "ja")  # "" follows the system locale
_THEMES = ("system", "light", "dark")


def _qsettings() -> QSettings:
    folder = os.environ.get("JEVONS_CONFIG_DIR")
    if folder:
        return QSettings(str(Path(folder) / "jevons.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "Jevons", "Jevons")


class Settings:
    """Typed access to the remembered settings (read and written at once)."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store if store is not None else _qsettings()

    @property
    def path(self) -> str:
        """The settings file."""
        return self._store.fileName()

    def sync(self) -> None:
        self._store.sync()

    # -- helpers -------------------------------------------------------------
    def _text(self, key: str, default: str = "") -> str:
        value = self._store.value(key, default)
        return value if isinstance(value, str) else default

    def _bytes(self, key: str) -> QByteArray:
        value = self._store.value(key)
        return value if isinstance(value, QByteArray) else QByteArray()

    # -- window --------------------------------------------------------------
    @property
    def geometry(self) -> QByteArray:
        """``QMainWindow.saveGeometry()`` of the last session (empty if none)."""
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._store.setValue("window/state", value)

    def splitter_state(self, name: str) -> QByteArray:
        return self._bytes(f"splitters/{name}")

    def set_splitter_state(self, name: str, value: QByteArray) -> None:
        self._store.setValue(f"splitters/{name}", value)

    # -- files ---------------------------------------------------------------
    @property
    def last_folder(self) -> str:
        """The folder of the last file opened or saved ("" at first)."""
        return self._text("files/last_folder")

    @last_folder.setter
    def last_folder(self, folder: str | Path) -> None:
        self._store.setValue("files/last_folder", str(folder))

    @property
    def recent_files(self) -> list[str]:
        """Most recent first; at most :data:`MAX_RECENT_FILES`."""
        try:
            files = json.loads(self._text("files/recent", "[]"))
        except ValueError:
            return []
        if not isinstance(files, list):
            return []
        return [f for f in files if isinstance(f, str)][:MAX_RECENT_FILES]

    @recent_files.setter
    def recent_files(self, files: list[str]) -> None:
        self._store.setValue("files/recent", json.dumps(list(files)[:MAX_RECENT_FILES]))

    def add_recent_file(self, path: str | Path) -> None:
        text = str(Path(path).resolve())
        self.recent_files = [text] + [f for f in self.recent_files if f != text]
        self.last_folder = str(Path(text).parent)

    # -- look ----------------------------------------------------------------
    @property
    def language(self) -> str:
        """"en", "ja", or "" to follow the system locale."""
        value = self._text("ui/language")
        return value if value in _LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        if value not in _LANGUAGES:
            raise ValueError(f"unknown language {value!r}; use one of en, ja or ''")
        self._store.setValue("ui/language", value)

    @property
    def theme(self) -> str:
        """"system", "light" or "dark"."""
        value = self._text("ui/theme", "system")
        return value if value in _THEMES else "system"

    @theme.setter
    def theme(self, value: str) -> None:
        if value not in _THEMES:
            raise ValueError(f"unknown theme {value!r}; use one of {', '.join(_THEMES)}")
        self._store.setValue("ui/theme", value)

    @property
    def table_columns(self) -> list[str] | None:
        """The holdings table's visible columns, or None for the default set."""
        value = self._store.value("ui/table_columns")
        if value is None or value == "":
            return None
        return [str(v) for v in (value if isinstance(value, list) else [value])]

    @table_columns.setter
    def table_columns(self, columns: list[str] | None) -> None:
        if columns is None:
            self._store.remove("ui/table_columns")
        else:
            self._store.setValue("ui/table_columns", list(columns))

    @property
    def base_currency(self) -> str:
        """The currency values are shown in (one of ``BASE_CURRENCIES``): the one
        chosen, else yen when the interface is Japanese and dollars otherwise."""
        from engine.currencies import BASE_CURRENCIES

        value = self._text("ui/base_currency")
        return value if value in BASE_CURRENCIES else self.default_base_currency

    @property
    def default_base_currency(self) -> str:
        """The base currency until one is chosen: the interface language's."""
        from gui.i18n import resolve_language

        return "JPY" if resolve_language(self.language) == "ja" else "USD"

    @property
    def base_currency_chosen(self) -> bool:
        """Whether a base currency was chosen (else it follows the language)."""
        from engine.currencies import BASE_CURRENCIES

        return self._text("ui/base_currency") in BASE_CURRENCIES

    @base_currency.setter
    def base_currency(self, value: str) -> None:
        from engine.currencies import BASE_CURRENCIES

        if value not in BASE_CURRENCIES:
            raise ValueError(f"unknown base currency {value!r}; use one of "
                             f"{', '.join(BASE_CURRENCIES)}")
        self._store.setValue("ui/base_currency", value)
