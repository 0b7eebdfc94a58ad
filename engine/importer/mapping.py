"""Which source column holds which field, from header names (resources/import/aliases.toml).

A header is compared after :func:`header_key`: NFKC, lower case, spaces
collapsed and a trailing unit in brackets removed; the unit ("円", "USD",
"$") is the column's currency.  The alias lists are data, so a new spelling
is a one-line change in the TOML file.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType

from engine.importer.settings import FIELDS
from engine.paths import resource

__all__ = ["MONEY_FIELDS", "SectionRule", "Vocabulary", "auto_map", "column_unit", "header_key", "header_score", "snapshot_column", "transaction_columns",
           "unique_headers", "vocabulary"]

_UNIT = re.compile(r"^(.*?)\s*[(\[（［]\s*([^()\[\]（）［］]*?)\s*[)\]）］]\s*$")
#: Fields whose numbers are money (they may carry a currency unit).
MONEY_FIELDS = ("price", "cost", "cost_total", "market_value")


@dataclass(frozen=True)
class SectionRule:
    """What a section title says about its rows (``resources/import/aliases.toml``)."""

    kind: str
    currency: str        # "" = from the row or column
    value_currency: str  # the market-value column's currency when it differs from the prices


@dataclass(frozen=True)
class Vocabulary:
    """The words the importer knows, loaded once from ``aliases.toml``."""

    aliases: Mapping[str, tuple[str, ...]]   # field -> header keys, best first
    cash_labels: frozenset[str]              # normalised (upper case)
    cash_currencies: frozenset[str]
    total_labels: tuple[str, ...]            # normalised (lower case)
    currency_words: Mapping[str, str]        # upper-cased word or symbol -> ISO code
    kind_words: Mapping[str, tuple[str, str]]  # normalised word -> (kind, currency)
    money_market_tickers: frozenset[str]
    money_market_names: tuple[str, ...]  # normalised (lower case)
    sections: tuple[tuple[str, SectionRule], ...]  # title word -> rule, in order
    transactions: Mapping[str, frozenset[str]]  # date, action, buy, sell, ignore -> words
    snapshot_dates: frozenset[str]  # header keys of a snapshot-date column

    def kind_of(self, word: str) -> tuple[str, str] | None:
        """``(kind, currency)`` for a kind column's word (``"Fixed Income"`` → bond)."""
        return self.kind_words.get(_norm(word)) if word else None

    def section_rule(self, title: str) -> SectionRule | None:
        """The rule for a section title (``"投資信託（金額/特定預り）"`` → funds in yen)."""
        t = unicodedata.normalize("NFKC", title)
        return next((rule for word, rule in self.sections if word in t), None) if t else None

    def currency_of(self, word: str) -> str | None:
        """ISO code for a currency word, symbol or code (``"円"`` → ``"JPY"``)."""
        key = unicodedata.normalize("NFKC", word).strip().upper()
        if key in self.currency_words:
            return self.currency_words[key]
        return key if re.fullmatch(r"[A-Z]{3}", key) else None


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().lower()


@cache
def vocabulary() -> Vocabulary:
    """The parsed ``resources/import/aliases.toml``."""
    with resource("import", "aliases.toml").open("rb") as fh:
        data = tomllib.load(fh)
    aliases = {f: tuple(_norm(a) for a in data["fields"].get(f, ())) for f in FIELDS}
    words = {unicodedata.normalize("NFKC", k).strip().upper(): v
             for k, v in data["currency_words"].items()}
    return Vocabulary(
        aliases=aliases,
        cash_labels=frozenset(unicodedata.normalize("NFKC", s).strip().upper()
                              for s in data["cash"]["labels"]),
        cash_currencies=frozenset(data["cash"]["currencies"]),
        total_labels=tuple(_norm(s) for s in data["totals"]["labels"]),
        currency_words=words,
        kind_words=MappingProxyType({_norm(k): (v[0], v[1]) for k, v in data["kind_words"].items()}),
        money_market_tickers=frozenset(data["money_market"]["tickers"]),
        money_market_names=tuple(_norm(n) for n in data["money_market"]["names"]),
        sections=tuple((unicodedata.normalize("NFKC", w), SectionRule(**data["sections"]["rules"][w]))
                       for w in data["sections"]["order"]),
        transactions=MappingProxyType({k: frozenset(_norm(w) for w in v)
                                       for k, v in data["transactions"].items()}),
        snapshot_dates=frozenset(_norm(w) for w in data["snapshots"]["date"]),
    )


def header_key(header: str) -> tuple[str, str | None]:
    """``("時価評価額", "JPY")`` for ``"時価評価額[円]"``: the comparable name and its unit.

    A bracketed suffix that is not a currency stays part of the name
    (``"Cost (per share)"``) unless the name without it is an alias.
    """
    key = _norm(header)
    m = _UNIT.match(key)
    if m:
        unit = vocabulary().currency_of(m.group(2))
        if unit is not None:
            return m.group(1), unit
        known = {a for aliases in vocabulary().aliases.values() for a in aliases}
        if key not in known and m.group(1) in known:
            return m.group(1), None
    return key, None


def column_unit(header: str | None) -> str | None:
    """The currency in a header's unit (``"現在値(円)"`` → ``"JPY"``), else ``None``."""
    return header_key(header)[1] if header else None


def unique_headers(cells: Sequence[str]) -> list[str]:
    """Header cells made unique: the second ``"［単位］"`` becomes ``"［単位］ #2"``."""
    seen: dict[str, int] = {}
    out = []
    for i, cell in enumerate(cells):
        name = cell.strip() or f"(column {i + 1})"
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return out


def auto_map(columns: Sequence[str]) -> dict[str, str | None]:
    """Field → column from the aliases; fields with no matching column are left out.

    Each column serves one field.  Among several candidates for a money field
    the one whose unit matches the price column's unit wins (a Japanese
    broker's "評価額[USD]" beside "評価額[円]"), else the best-ranked alias.
    """
    vocab = vocabulary()
    keys = [header_key(c) for c in columns]
    candidates: dict[str, list[tuple[int, int]]] = {}
    for f in FIELDS:
        rank = {a: r for r, a in enumerate(vocab.aliases[f])}
        candidates[f] = sorted((rank[k], i) for i, (k, _) in enumerate(keys) if k in rank)
    mapping: dict[str, str | None] = {}
    used: set[int] = set()
    price_unit = None
    # The rarest fields first, so "コード" goes to ticker before anything else.
    for f in ("ticker", "shares", "price", "cost", "cost_total", "market_value", "currency",
              "account", "kind", "weight", "name"):
        options = [(r, i) for r, i in candidates[f] if i not in used]
        if not options:
            continue
        if f in MONEY_FIELDS and f != "price" and price_unit is not None:
            options.sort(key=lambda ri: (keys[ri[1]][1] != price_unit, ri[0], ri[1]))
        _, i = options[0]
        mapping[f] = columns[i]
        used.add(i)
        if f == "price":
            price_unit = keys[i][1]
    return mapping


def transaction_columns(columns: Sequence[str]) -> tuple[int, int] | None:
    """``(date column, action column)`` when a header is a transaction history's."""
    words = vocabulary().transactions
    keys = [header_key(c)[0] for c in columns]
    date = next((i for i, k in enumerate(keys) if k in words["date"]), None)
    action = next((i for i, k in enumerate(keys) if k in words["action"]), None)
    return (date, action) if date is not None and action is not None else None


def snapshot_column(columns: Sequence[str]) -> int | None:
    """The column giving each row's snapshot date ("As of", "基準日"), if any."""
    words = vocabulary().snapshot_dates
    return next((i for i, c in enumerate(columns) if header_key(c)[0] in words), None)


def header_score(cells: Sequence[str]) -> tuple[int, bool]:
    """How header-like a row is: (fields matched, has ticker and a quantity or value)."""
    vocab = vocabulary()
    keys = {header_key(c)[0] for c in cells if c.strip()}
    matched = {f for f in FIELDS if not keys.isdisjoint(vocab.aliases[f])}
    core = "ticker" in matched and bool(matched & {"shares", "market_value"})
    return len(matched), core
