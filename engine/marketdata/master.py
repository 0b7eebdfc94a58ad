"""The security master and the resolver: what a user typed → one listing.

Design: the master is a table loaded once (``resources/marketdata/securities.csv.gz``) with
plain dictionaries over it (symbol, ISIN, CUSIP, root symbol, name), so resolving is a few
dictionary look-ups per text.  Only an unresolved text pays for suggestions (a fuzzy match
over symbols of about the same length).

Resolution rules, in order (the first that finds a row wins):

1. the text is a symbol as stored (``NVDA``, ``SAP.DE``, ``VOD.L``, ``7203.T``);
2. an ISIN (12 characters, valid check digit) or a CUSIP (9 characters, valid check digit);
3. an exchange prefix (``XETRA:SAP``, ``EPA:AIR``, ``TYO:7203``, ``NASDAQ:NVDA``) or a
   Bloomberg suffix (``SAP GY``, ``NVDA US Equity``, ``7203 JT``);
4. the app's canonical spelling (:func:`engine.tickers.normalise_ticker`: ``BRK.B`` →
   ``BRK-B``, ``7203`` → ``7203.T``);
5. a bare number: Tokyo first (``7203`` → ``7203.T``), else Hong Kong (``700`` → ``0700.HK``);
   a code listed on both resolves to Tokyo unless the currency or exchange hint says Hong
   Kong, and the note says which rule was applied;
6. a company name typed in full (``Nvidia Corporation``, ``nvidia``) when one primary listing
   carries it.

A currency or exchange hint moves a hit to the same company's listing in that currency or on
that exchange (``SAP`` with ``EUR`` → ``SAP.DE``), with a note.
"""

from __future__ import annotations

import difflib
import gzip
import re
import unicodedata
from collections.abc import Sequence
from functools import cache

import pandas as pd

from engine.marketdata.security import Resolution, Security, SecurityKind
from engine.paths import resource
from engine.tickers import normalise_ticker

__all__ = ["SecurityMaster", "isin_is_valid", "security_master"]

MASTER_FILE = ("marketdata", "securities.csv.gz")

_ISIN = re.compile(r"^[A-Z]{2}[A-Z0-9]{9}\d$")
_CUSIP = re.compile(r"^[0-9]{3}[0-9A-Z]{5}\d$")
_BARE_NUMBER = re.compile(r"^\d{1,5}$")
_SPACES = re.compile(r"\s+")

#: exchange names users prefix a symbol with → Yahoo suffix ("" for the US)
_PREFIXES = {
    "NASDAQ": "", "NYSE": "", "NYSEARCA": "", "NYSEAMERICAN": "", "AMEX": "", "ARCA": "",
    "BATS": "", "CBOE": "", "US": "",
    "XETRA": ".DE", "ETR": ".DE", "XETR": ".DE", "FRA": ".F", "EPA": ".PA", "PAR": ".PA",
    "AMS": ".AS", "EBR": ".BR", "ELI": ".LS", "BIT": ".MI", "MIL": ".MI", "BME": ".MC",
    "LON": ".L", "LSE": ".L", "SWX": ".SW", "VTX": ".SW", "SIX": ".SW", "STO": ".ST",
    "CPH": ".CO", "HEL": ".HE", "OSL": ".OL", "VIE": ".VI", "TSX": ".TO", "TSE": ".TO",
    "HKG": ".HK", "HKEX": ".HK", "SEHK": ".HK", "ASX": ".AX",
    "TYO": ".T", "JPX": ".T", "東証": ".T",
}
#: Bloomberg exchange codes → Yahoo suffix
_BLOOMBERG = {
    "US": "", "UW": "", "UN": "", "UQ": "", "UR": "", "UA": "", "UP": "",
    "JT": ".T", "JP": ".T", "GY": ".DE", "GR": ".DE", "FP": ".PA", "NA": ".AS", "BB": ".BR",
    "PL": ".LS", "IM": ".MI", "SM": ".MC", "LN": ".L", "SW": ".SW", "SE": ".SW", "SS": ".ST",
    "DC": ".CO", "FH": ".HE", "NO": ".OL", "AV": ".VI", "CN": ".TO", "CT": ".TO", "HK": ".HK",
    "AU": ".AX", "AT": ".AX",
}
#: exchange hint spellings → the exchange names in the master
_EXCHANGE_ALIASES = {
    "TYO": "TSE", "JPX": "TSE", "TOKYO": "TSE", "東証": "TSE", "XETR": "XETRA", "ETR": "XETRA",
    "PAR": "EPA", "EURONEXT PARIS": "EPA", "LON": "LSE", "LONDON": "LSE", "SWX": "SIX",
    "HKG": "HKEX", "SEHK": "HKEX", "TSX": "TSX", "TORONTO": "TSX", "NYSEARCA": "NYSE Arca",
}
#: which listing of a company a bare name or root symbol means first
_EXCHANGE_RANK = {e: i for i, e in enumerate((
    "NASDAQ", "NYSE", "NYSE Arca", "NYSE American", "Cboe BZX", "US", "TSE", "XETRA", "EPA",
    "LSE", "SIX", "AMS", "BIT", "BME", "TSX", "HKEX", "ASX"))}
_NAME_NOISE = re.compile(
    r"\b(inc|incorporated|corp|corporation|co|company|ltd|limited|plc|sa|se|ag|nv|n\.v|holdings?|"
    r"group|the|class [a-z]|common stock|ordinary shares|shares)\b\.?")
_SUFFIX_COUNTRY = {".T": "Tokyo", ".HK": "Hong Kong"}


def _clean(text: object) -> str:
    t = unicodedata.normalize("NFKC", str(text)).strip().upper()
    return _SPACES.sub(" ", t)


def _name_key(name: str) -> str:
    n = unicodedata.normalize("NFKC", name).lower().replace("&", " and ")
    n = _NAME_NOISE.sub(" ", n)
    return " ".join(re.sub(r"[^\w ]", " ", n).split())


def _first_word(name: str) -> str:
    key = _name_key(name)
    return key.split(" ", 1)[0] if key else ""


def _luhn_digits(text: str) -> str:
    return "".join(str(int(c, 36)) for c in text)


def isin_is_valid(isin: str) -> bool:
    """True when ``isin`` has the ISIN form and its check digit is right (ISO 6166)."""
    if not _ISIN.match(isin):
        return False
    digits = _luhn_digits(isin[:-1])
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return (10 - total % 10) % 10 == int(isin[-1])


def _cusip_is_valid(cusip: str) -> bool:
    if not _CUSIP.match(cusip):
        return False
    total = 0
    for i, ch in enumerate(cusip[:8]):
        v = int(ch) if ch.isdigit() else ord(ch) - 55
        if i % 2:
            v *= 2
        total += v // 10 + v % 10
    return (10 - total % 10) % 10 == int(cusip[8])


class SecurityMaster:
    """Every listing the app knows, and the resolver over them.

    Parameters
    ----------
    table
        One row per listing with the columns of ``securities.csv.gz`` (``symbol``, ``name``,
        ``name_ja``, ``kind``, ``exchange``, ``currency``, ``price_unit``, ``country``,
        ``sector``, ``industry``, ``isin``, ``cusip``, ``figi``, ``leverage``, ``underlying``).
    """

    def __init__(self, table: pd.DataFrame) -> None:
        self._t = table.reset_index(drop=True)
        self._cols = {c: self._t[c].tolist() for c in self._t.columns}
        self._cache: dict[int, Security] = {}
        sym = self._cols["symbol"]
        self._by_symbol = {s: i for i, s in enumerate(sym)}
        self._by_isin = {v: i for i, v in enumerate(self._cols["isin"]) if v}
        self._by_cusip = {v: i for i, v in enumerate(self._cols["cusip"]) if v}
        rank = [_EXCHANGE_RANK.get(e, 99) for e in self._cols["exchange"]]
        self._rank = rank
        self._by_root: dict[str, list[int]] = {}
        for i, s in enumerate(sym):
            self._by_root.setdefault(s.split(".", 1)[0], []).append(i)
        for rows in self._by_root.values():
            rows.sort(key=rank.__getitem__)
        self._by_name: dict[str, list[int]] = {}
        self._by_len: dict[tuple[str, int], list[str]] | None = None

    # -- look-ups ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._t)

    def symbols(self) -> tuple[str, ...]:
        return tuple(self._cols["symbol"])

    def table(self) -> pd.DataFrame:
        """The master as a frame (a copy): for counts and reports."""
        return self._t.copy()

    def _security(self, i: int) -> Security:
        sec = self._cache.get(i)
        if sec is None:
            c = self._cols

            def opt(col: str) -> str | None:
                v = c[col][i]
                return v or None

            lev = c["leverage"][i]
            sec = Security(
                symbol=c["symbol"][i], name=c["name"][i], name_ja=opt("name_ja"),
                kind=SecurityKind(c["kind"][i]), exchange=c["exchange"][i],
                currency=c["currency"][i], price_unit=float(c["price_unit"][i] or 1.0),
                country=opt("country"), sector=opt("sector"), industry=opt("industry"),
                isin=opt("isin"), cusip=opt("cusip"), figi=opt("figi"),
                leverage=float(lev) if lev else None, underlying=opt("underlying"),
            )
            self._cache[i] = sec
        return sec

    def get(self, symbol: str) -> Security | None:
        """The listing stored under ``symbol`` exactly (canonical spelling), or ``None``."""
        i = self._by_symbol.get(symbol)
        return None if i is None else self._security(i)

    def by_isin(self, isin: str) -> Security | None:
        i = self._by_isin.get(_clean(isin))
        return None if i is None else self._security(i)

    def by_cusip(self, cusip: str) -> Security | None:
        i = self._by_cusip.get(_clean(cusip))
        return None if i is None else self._security(i)

    def by_name(self, name: str, currency: str) -> Security | None:
        """The listing of the one company whose full name is ``name``, in ``currency``
        (that company's other listing in it when the main one trades in another), or
        ``None``: no such name, several companies share it, or none of its listings
        trades in ``currency``."""
        i = self._by_full_name(_clean(name))
        if i is None:
            return None
        i, _ = self._apply_hints(i, currency, None)
        return self._security(i) if self._cols["currency"][i] == currency.upper() else None

    def listings(self, symbol: str) -> tuple[Security, ...]:
        """Every listing sharing ``symbol``'s root (``SAP`` → ``SAP``, ``SAP.DE`` …), best first."""
        return tuple(self._security(i) for i in self._by_root.get(symbol.split(".", 1)[0], ()))

    # -- resolving --------------------------------------------------------------------------

    def resolve(self, text: str, *, currency_hint: str | None = None,
                exchange_hint: str | None = None, suggest: bool = True) -> Resolution:
        """The listing ``text`` names, with a note when a rule chose between readings.

        Never raises for what a user typed: an unresolved text comes back with
        ``security=None``, a note saying why and close matches in ``suggestions`` (unless
        ``suggest`` is false: they cost a few milliseconds each).
        """
        t = _clean(text) if text is not None else ""
        if not t or t in ("NAN", "NONE"):
            return Resolution(str(text), None, "no symbol given", ())
        i, note = self._find(t, currency_hint, exchange_hint)
        if isinstance(i, int):
            i, hint_note = self._apply_hints(i, currency_hint, exchange_hint)
            return Resolution(str(text), self._security(i), hint_note or note, ())
        wanted = suggest and not (note and "ISIN" in note)
        return Resolution(str(text), None, note, self.suggest(t) if wanted else ())

    def resolve_many(self, texts: Sequence[str], *, currency_hint: str | None = None,
                     exchange_hint: str | None = None) -> list[Resolution]:
        """:meth:`resolve` over many texts (repeated texts are resolved once)."""
        done: dict[str, Resolution] = {}
        out = []
        for text in texts:
            key = str(text)
            r = done.get(key)
            if r is None:
                r = done[key] = self.resolve(text, currency_hint=currency_hint,
                                             exchange_hint=exchange_hint)
            out.append(r)
        return out

    def _find(self, t: str, currency_hint: str | None, exchange_hint: str | None
              ) -> tuple[int | None, str | None]:
        by_symbol = self._by_symbol
        i = by_symbol.get(t)
        if i is not None:
            if _BARE_NUMBER.match(t):
                return self._bare_number(t, currency_hint, exchange_hint)
            return i, None
        if len(t) == 12 and _ISIN.match(t):
            i = self._by_isin.get(t)
            if i is not None:
                return i, f"ISIN {t} read as {self._describe(i)}"
            if not isin_is_valid(t):
                return None, f"{t} looks like an ISIN but its check digit is wrong: check for a typo"
            return None, (f"ISIN {t} matches no security in the bundled master: "
                          "use the ticker symbol instead")
        if len(t) == 9 and _CUSIP.match(t) and _cusip_is_valid(t):
            i = self._by_cusip.get(t)
            if i is not None:
                return i, f"CUSIP {t} read as {self._describe(i)}"
        # "XETRA:SAP", "EPA: AIR"
        if ":" in t or "：" in t:
            prefix, _, rest = t.replace("：", ":").partition(":")
            suffix = _PREFIXES.get(prefix.strip())
            rest = rest.strip()
            if suffix is not None and rest:
                if suffix == ".T" or (_BARE_NUMBER.match(rest) and suffix == ".HK"):
                    return self._bare_number(rest, None, "TSE" if suffix == ".T" else "HKEX")
                cand = self._with_suffix(rest, suffix)
                if cand is not None:
                    return cand, None
        # "SAP GY", "NVDA US EQUITY", "7203 JT EQUITY"
        parts = t.removesuffix(" EQUITY").split(" ")
        if len(parts) == 2 and parts[1] in _BLOOMBERG:
            suffix = _BLOOMBERG[parts[1]]
            if _BARE_NUMBER.match(parts[0]):
                return self._bare_number(parts[0], None, "TSE" if suffix == ".T" else "HKEX")
            cand = self._with_suffix(parts[0], suffix)
            if cand is not None:
                return cand, None
        if _BARE_NUMBER.match(t) or re.fullmatch(r"\d{1,5}\.0+", t):
            return self._bare_number(t.split(".")[0], currency_hint, exchange_hint)
        n = normalise_ticker(t)
        if n != t:
            i = by_symbol.get(n)
            if i is not None:
                return i, None
        # "BRK B" / "BRK.B" / "BRK/B" for share classes, and a stray ".US"
        for cand in (t.replace(" ", "-").replace("/", "-").replace(".", "-"),
                     t.removesuffix(".US"), t.removesuffix("-US")):
            i = by_symbol.get(cand)
            if i is not None:
                return i, None
        i = self._by_full_name(t)
        if i is not None:
            return i, f"'{t}' read as the name of {self._describe(i)}"
        return None, f"{t} is not a symbol in the bundled security master"

    def _with_suffix(self, root: str, suffix: str) -> int | None:
        root = root.replace(" ", "-").replace("/", "-")
        if suffix == "":
            root = root.replace(".", "-")
        return self._by_symbol.get(root + suffix)

    def _bare_number(self, code: str, currency_hint: str | None,
                     exchange_hint: str | None) -> tuple[int | None, str | None]:
        tokyo = self._by_symbol.get(f"{code}.T") if len(code) == 4 else None
        hk = self._by_symbol.get(f"{int(code):04d}.HK") if code.isdigit() and len(code) <= 5 else None
        want_hk = (currency_hint or "").upper() == "HKD" or _exchange_name(exchange_hint) == "HKEX"
        want_tokyo = (currency_hint or "").upper() == "JPY" or _exchange_name(exchange_hint) == "TSE"
        if tokyo is not None and hk is not None:
            if want_hk and not want_tokyo:
                return hk, (f"{code} read as {self._describe(hk)} because of the "
                            f"{'currency' if currency_hint else 'exchange'} given; "
                            f"{self._describe(tokyo)} has the same code")
            return tokyo, (f"{code} read as {self._describe(tokyo)}: a bare code is read as a "
                           f"Tokyo listing first; {self._describe(hk)} has the same code")
        if tokyo is not None:
            return tokyo, None if want_tokyo else f"{code} read as {self._describe(tokyo)}"
        if hk is not None:
            return hk, None if want_hk else f"{code} read as {self._describe(hk)}"
        return None, f"{code} is neither a Tokyo nor a Hong Kong code in the bundled security master"

    def _apply_hints(self, i: int, currency_hint: str | None,
                     exchange_hint: str | None) -> tuple[int, str | None]:
        c = self._cols
        want_ccy = (currency_hint or "").upper() or None
        want_exch = _exchange_name(exchange_hint)
        if (want_ccy is None or c["currency"][i] == want_ccy) and (
                want_exch is None or c["exchange"][i] == want_exch):
            return i, None
        for j in self._by_root.get(c["symbol"][i].split(".", 1)[0], ()):
            if j == i or _first_word(c["name"][j]) != _first_word(c["name"][i]):
                continue
            if (want_ccy is None or c["currency"][j] == want_ccy) and (
                    want_exch is None or c["exchange"][j] == want_exch):
                why = f"the currency {want_ccy}" if want_ccy else f"the exchange {want_exch}"
                return j, f"{c['symbol'][i]} read as {self._describe(j)} because of {why}"
        return i, None

    def _by_full_name(self, t: str) -> int | None:
        if len(t) < 4:
            return None
        if not self._by_name:
            names = self._cols["name"]
            for j, n in enumerate(names):
                self._by_name.setdefault(_name_key(n), []).append(j)
        rows = self._by_name.get(_name_key(t))
        if not rows:
            return None
        best = min(rows, key=self._rank.__getitem__)
        ties = [j for j in rows if self._rank[j] == self._rank[best]]
        return best if len(ties) == 1 else None

    def _describe(self, i: int) -> str:
        c = self._cols
        return f"{c['name'][i]} ({c['symbol'][i]}, {c['exchange'][i]})"

    def suggest(self, text: str, n: int = 3) -> tuple[str, ...]:
        """Up to ``n`` symbols close to ``text`` (a typo, a missing or extra letter).

        Symbols one edit away (a letter dropped, added, changed or two swapped) come first,
        the main listing first; only when there is none does a fuzzy match run over the
        symbols of about the same length.
        """
        t = _clean(text)
        if not t:
            return ()
        near = [s for s in _edits1(t) if s in self._by_symbol]
        if near:
            near = sorted(set(near), key=lambda s: (self._rank[self._by_symbol[s]], s))
            return tuple(near[:n])
        if self._by_len is None:
            buckets: dict[tuple[str, int], list[str]] = {}
            for s in self._cols["symbol"]:
                buckets.setdefault((s[:1], len(s)), []).append(s)
            self._by_len = buckets
        pool: list[str] = []
        for k in (len(t) - 1, len(t), len(t) + 1):
            pool += self._by_len.get((t[:1], k), [])
        found = difflib.get_close_matches(t, pool, n=n * 3, cutoff=0.7)
        found.sort(key=lambda s: (-difflib.SequenceMatcher(None, t, s).ratio(),
                                  self._rank[self._by_symbol[s]]))
        return tuple(found[:n])


_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-."


def _edits1(t: str) -> set[str]:
    """Every text one edit away from ``t`` (Norvig's spelling-corrector edits)."""
    splits = [(t[:i], t[i:]) for i in range(len(t) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _ALPHABET]
    inserts = [a + c + b for a, b in splits for c in _ALPHABET]
    return set(deletes + swaps + replaces + inserts)


def _exchange_name(hint: str | None) -> str | None:
    if not hint:
        return None
    h = _clean(hint)
    return _EXCHANGE_ALIASES.get(h, h)


def load_master(path=None) -> SecurityMaster:
    """Read a master file (the bundled one by default)."""
    path = path or resource(*MASTER_FILE)
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        t = pd.read_csv(fh, dtype=str, keep_default_na=False)
    return SecurityMaster(t)


@cache
def security_master() -> SecurityMaster:
    """The bundled security master, loaded on first use."""
    return load_master()
