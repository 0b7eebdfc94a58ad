"""How to read one file: the settings an import runs with, and the problems it finds.

:class:`ImportSettings` holds every choice the importer makes (encoding,
delimiter, number style, header row, column mapping).  ``None`` means
"detect"; :func:`engine.importer.inspect` returns the settings fully resolved,
and a user's corrections on top of them make a profile (:meth:`to_toml`).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType

from engine.errors import InputError
from engine.portfolio import placed
from engine.userfiles import parse_toml

__all__ = ["DECIMALS", "DELIMITERS", "FIELDS", "LEVELS", "TEXT_ENCODINGS", "THOUSANDS",
           "ImportSettings", "Problem"]

#: The fields a column can be mapped to, in display order.
FIELDS = ("ticker", "name", "shares", "price", "cost", "cost_total", "market_value", "currency",
          "account", "kind", "weight")
DELIMITERS = (",", ";", "\t", "|")
DECIMALS = (".", ",")
THOUSANDS = (",", ".", " ", "'", "")
LEVELS = ("error", "warning", "info")
#: The text encodings a portfolio file may be in (``codecs.lookup(...).name`` spelling).
TEXT_ENCODINGS = frozenset(codecs.lookup(e).name for e in (
    "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "ascii", "cp932",
    "shift_jis", "shift_jis_2004", "euc_jp", "iso2022_jp", "cp1252", "latin-1", "iso8859-15",
    "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "iso8859-2", "mac_roman", "cp437", "cp850",
    "gb18030", "gbk", "gb2312", "big5", "cp950", "euc_kr", "cp949", "koi8_r"))
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe", ".": "point", " ": "space",
          "'": "apostrophe", "": "none"}


def _choice(value: str | None, allowed: tuple[str, ...], what: str) -> None:
    if value is not None and value not in allowed:
        names = ", ".join(f"{a!r} ({_NAMES[a]})" for a in allowed)
        raise InputError(f"{what} {value!r} is not supported; use one of {names}")


@dataclass(frozen=True)
class ImportSettings:
    """Choices for reading a portfolio file; ``None`` (or a missing key) means detect.

    ``header_line`` is the 1-based line of the header row.  ``mapping`` maps a
    field of :data:`FIELDS` to the header of the source column (a repeated
    header is told apart as ``"Header #2"``); a field mapped to ``None`` is
    deliberately unused.  ``skip_bad_rows`` turns rows that would stop the
    import into skipped rows listed as warnings.  Invalid choices raise
    :class:`~engine.errors.InputError`.
    """

    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    thousands: str | None = None
    header_line: int | None = None
    mapping: Mapping[str, str | None] = field(default_factory=dict)
    profile: str | None = None
    skip_bad_rows: bool = False
    total_value: float | None = None
    total_currency: str | None = None

    def __post_init__(self) -> None:
        if self.encoding is not None:
            try:
                known = codecs.lookup(self.encoding).name in TEXT_ENCODINGS
            except (LookupError, TypeError):
                known = False
            if not known:  # "punycode" or "rot13" are codecs, but not a file's encoding
                raise InputError(f"unknown text encoding {self.encoding!r}; use e.g. utf-8, "
                                 "cp932 (Shift_JIS), utf-16 or cp1252") from None
        _choice(self.delimiter, DELIMITERS, "delimiter")
        _choice(self.decimal, DECIMALS, "decimal mark")
        _choice(self.thousands, THOUSANDS, "thousands separator")
        if self.decimal is not None and self.thousands == self.decimal:
            raise InputError(f"the decimal mark and the thousands separator are both "
                             f"{self.decimal!r}; they must differ")
        if self.header_line is not None and (
                isinstance(self.header_line, bool) or not isinstance(self.header_line, int)
                or self.header_line < 1):
            raise InputError(f"header line must be a line number from 1, not {self.header_line!r}")
        if self.total_value is not None and (
                isinstance(self.total_value, bool) or not isinstance(self.total_value, int | float)
                or not 0 < self.total_value < 1e15):
            raise InputError(f"the total value must be a positive amount, not "
                             f"{self.total_value!r}")
        if self.total_currency is not None and not re.fullmatch(r"[A-Z]{3}",
                                                                 str(self.total_currency)):
            raise InputError(f"the total value's currency must be a code such as USD or JPY, not "
                             f"{self.total_currency!r}")
        if (self.total_value is None) != (self.total_currency is None):
            raise InputError("give the total value with its currency, e.g. 250000 USD")
        unknown = sorted(set(self.mapping) - set(FIELDS))
        if unknown:
            raise InputError(f"unknown field {unknown[0]!r} in the column mapping; the fields are "
                             f"{', '.join(FIELDS)}")
        for key, column in self.mapping.items():
            if column is not None and not isinstance(column, str):
                raise InputError(f"the column for {key!r} must be a header name, not {column!r}")
        object.__setattr__(self, "mapping", MappingProxyType(dict(self.mapping)))

    def replace(self, **changes: object) -> ImportSettings:
        """A copy with ``changes`` applied (validated again)."""
        return replace(self, **changes)

    def to_toml(self) -> str:
        """The settings as a small, commented TOML text (a profile file)."""
        out = ["# Jevons import profile: how to read one kind of portfolio file.",
               "# Delete a line to let Jevons detect that setting again.", ""]
        if self.profile is not None:
            out.append(f"profile = {_toml_str(self.profile)}")
        for f in fields(self):
            if f.name in ("mapping", "profile", "skip_bad_rows"):
                continue
            value = getattr(self, f.name)
            if value is not None:
                out.append(f"{f.name} = {value if isinstance(value, int) else _toml_str(value)}")
        if self.skip_bad_rows:
            out.append("skip_bad_rows = true")
        if self.mapping:
            out += ["", "# field = header of the source column (\"\" = not used)", "[mapping]"]
            for key in FIELDS:
                if key in self.mapping:
                    out.append(f"{key} = {_toml_str(self.mapping[key] or '')}")
        return "\n".join(out) + "\n"

    @classmethod
    def from_toml(cls, text: str, *, file: str | None = None) -> ImportSettings:
        """Settings from :meth:`to_toml` text; bad text raises :class:`InputError`."""
        data = parse_toml(text, file=file, what="import profile")
        known = {f.name for f in fields(cls)}
        extra = sorted(set(data) - known - {"match"})
        if extra:
            raise InputError(f"unknown setting {extra[0]!r} in the profile; the settings are "
                             f"{', '.join(sorted(known))}", file=file)
        mapping = data.get("mapping", {})
        if not isinstance(mapping, dict):
            raise InputError("[mapping] must be a table of field = \"header\"", file=file)
        data["mapping"] = {k: (v or None) if isinstance(v, str) else v for k, v in mapping.items()}
        data.pop("match", None)
        try:
            return cls(**data)
        except InputError as exc:
            raise InputError(exc.message, file=file, line=_line_of(text, exc.message)) from None
        except TypeError as exc:
            raise InputError(f"a setting has the wrong type: {exc}", file=file) from None


def _line_of(text: str, message: str) -> int | None:
    """The line of the setting a message names (``unknown text encoding 'x'`` → ``encoding =``)."""
    for key in ("encoding", "delimiter", "decimal", "thousands", "header_line"):
        if key.split("_")[0] in message:
            for number, line in enumerate(text.splitlines(), start=1):
                if re.match(rf"\s*{key}\s*=", line):
                    return number
    return None


def _toml_str(text: str) -> str:
    # A JSON string is a valid TOML basic string (same escapes).
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True)
class Problem:
    """One thing the importer found: where (1-based line, column header) and what.

    ``level`` is ``"error"`` (the file cannot be loaded as it is),
    ``"warning"`` (loaded, but look: a skipped row, a disagreement) or
    ``"info"`` (what the importer did: a total row skipped, lots combined).
    """

    line: int | None
    column: str | None
    message: str
    level: str = "error"

    def __str__(self) -> str:
        return placed(self.message, self.line, self.column)
