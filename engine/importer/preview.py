"""The import pipeline: bytes → detected settings → rows → a Portfolio or a list of problems.

:func:`inspect` is the dry run the GUI shows (settings with confidences, the
first rows as parsed, every problem); :func:`load` runs the same steps and
returns a :class:`~engine.portfolio.Portfolio`, or raises
:class:`ImportFailed` listing the problems that stop it.  The input file is
opened once, read-only, and never written, locked or renamed.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from engine.errors import InputError, display_name
from engine.importer.detect import (
    DecodeProblem,
    Layout,
    Section,
    decode,
    find_header,
    find_sections,
    number_style,
    sample_rows,
    sniff_delimiter,
)
from engine.importer.mapping import (
    SectionRule,
    auto_map,
    column_unit,
    snapshot_column,
    transaction_columns,
    unique_headers,
    vocabulary,
)
from engine.importer.positions import (
    NUMBER_FIELDS,
    OTHER_KINDS,
    TEXT_FIELDS,
    Positions,
    combine,
    concat_positions,
    holdings_frame,
    interpret,
)
from engine.importer.profiles import match_headers, match_profile
from engine.importer.settings import FIELDS, ImportSettings, Problem
from engine.importer.table import TableProblem, line_offset, read_record, read_table
from engine.importer.transactions import derive
from engine.importer.workbook import WorkbookProblem, is_workbook, workbook_text
from engine.portfolio import HOLDING_COLUMNS, Note, Portfolio
from engine.userfiles import read_user_file

__all__ = ["MAX_BYTES", "ImportFailed", "ImportPreview", "inspect", "load", "load_bytes"]

#: Larger files are refused: a holdings export is far smaller.
MAX_BYTES = 50 * 1024 * 1024
PREVIEW_COLUMNS = (*HOLDING_COLUMNS, "status", "message")


class ImportFailed(InputError):
    """The file cannot be loaded; ``problems`` lists every error (and the rest).

    ``str()`` is the first error with its place; the CLI prints the next few
    on their own lines.
    """

    def __init__(self, problems: list[Problem], *, file: str, count: int | None = None) -> None:
        errors = [p for p in problems if p.level == "error"]
        first = errors[0]
        more = (count or len(errors)) - 1
        message = first.message + (f" (and {more} more problem{'s' * (more > 1)})"
                                   if more else "")
        super().__init__(message, file=file, line=first.line, column=first.column)
        self.problems = problems

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


@dataclass(frozen=True, eq=False)
class ImportPreview:
    """What :func:`load` would do with a file, without doing it.

    ``settings`` are fully resolved (detected or given); ``confidence`` has
    the keys ``encoding``, ``delimiter``, ``decimal`` and ``header`` in
    [0, 1] (1 for a setting that was given).  ``rows`` has the first rows as
    parsed: the holdings columns plus ``account``, ``status`` (ok, warning,
    skipped, error) and ``message``.  ``ok`` is true when :func:`load` would
    succeed; ``holdings`` is then the number of holdings it would return.
    """

    path: str
    settings: ImportSettings
    confidence: Mapping[str, float]
    columns: list[str]
    mapping: Mapping[str, str | None]
    rows: pd.DataFrame
    problems: list[Problem]
    total_rows: int
    ok: bool
    holdings: int = 0
    source_sha256: str = ""
    notes: tuple[Note, ...] = field(default_factory=tuple)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]


@dataclass
class _Run:
    settings: ImportSettings
    confidence: dict[str, float] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    mapping: dict[str, str | None] = field(default_factory=dict)
    rows: Positions | None = None
    problems: list[Problem] = field(default_factory=list)
    holdings: pd.DataFrame | None = None
    reading: str = ""  # which profile read the file and why, with the columns used

    def fail(self, message: str, line: int | None = None, column: str | None = None) -> _Run:
        self.problems.append(Problem(line, column, message, "error"))
        return self

    @property
    def ok(self) -> bool:
        return self.holdings is not None and not any(p.level == "error" for p in self.problems)


def _read(path: Path) -> bytes:
    return read_user_file(path, limit=MAX_BYTES, what="portfolio")


def _run(raw: bytes, settings: ImportSettings) -> _Run:
    run = _Run(settings)
    s = settings
    if not raw or raw.isspace():  # (no .strip(): it would copy the whole file)
        return run.fail("the file is empty; expected a CSV with a header row")
    book = is_workbook(raw)
    if book is not None:
        try:
            text = workbook_text(raw, book)
        except WorkbookProblem as exc:
            return run.fail(str(exc))
        # The workbook's own cells: no text encoding to choose (recorded as UTF-8).
        encoding, run.confidence["encoding"] = "utf-8", 1.0
        if s.delimiter not in (None, ","):
            s = s.replace(delimiter=None)
    else:
        try:
            text, encoding, run.confidence["encoding"] = decode(raw, s.encoding)
        except DecodeProblem as exc:
            return run.fail(str(exc), exc.line)
    if s.encoding is not None and book is None:
        encoding = s.encoding
    # A file of ASCII text read as UTF-8, line ends untouched: the parser
    # takes its bytes as they are (no second encoding of the text).
    encoded = (raw if book is None and text.isascii() and len(text) == len(raw)
               and codecs.lookup(encoding).name in ("utf-8", "ascii") and b"\r" not in raw
               else None)
    if not text or text.isspace():
        return run.fail("the file is empty; expected a CSV with a header row")

    layouts: dict[str, Layout] = {}
    if s.delimiter is None:
        delimiter, run.confidence["delimiter"] = sniff_delimiter(text, layouts)
    else:
        delimiter, run.confidence["delimiter"] = s.delimiter, 1.0
    layout = layouts[delimiter] if delimiter in layouts else sample_rows(text, delimiter)
    if s.header_line is None:
        header_line, _, run.confidence["header"] = find_header(layout)
    else:
        header_line, run.confidence["header"] = s.header_line, 1.0
    try:
        header_cells, data_line = read_record(text, header_line, delimiter)
    except TableProblem as exc:
        return run.fail(str(exc), exc.line)
    if not any(c.strip() for c in header_cells):
        return run.fail(f"line {header_line} is empty; it cannot be the header row", header_line)
    run.columns = columns = unique_headers(header_cells)
    run.settings = s = s.replace(encoding=encoding, delimiter=delimiter, header_line=header_line)

    user_mapping = dict(s.mapping)
    mapping = _resolve_mapping(run, columns)
    if mapping is None:
        return run
    s = run.settings
    col_of = {f: (columns.index(c) if c is not None else None) for f, c in mapping.items()}
    sections = find_sections(text, delimiter, header_line)

    if mapping["shares"] is None and mapping["market_value"] is None and s.total_value is None:
        return run.fail(f"this file gives weights only (column {mapping['weight']!r}), not "
                        f"quantities or values; give the portfolio's total value (Total value "
                        f"in the import window, or --total-value 250000 USD on the command "
                        f"line)", header_line, mapping["weight"])
    width = max([len(header_cells)] + [len(c) for ln, c in layout.rows if ln >= data_line])
    samples = [c[col_of[f]] for ln, c in layout.rows if ln >= data_line
               for f in NUMBER_FIELDS if col_of.get(f) is not None and col_of[f] < len(c)]
    decimal, thousands, run.confidence["decimal"] = number_style(samples, delimiter, s.decimal)
    if s.decimal is not None and s.thousands is not None:
        run.confidence["decimal"] = 1.0
    thousands = s.thousands if s.thousands is not None else thousands
    if thousands == decimal:
        thousands = ""
    run.settings = s = s.replace(decimal=decimal, thousands=thousands)

    parts = []
    vocab = vocabulary()
    histories = []
    for k, section in enumerate(sections):
        try:
            cells = header_cells if k == 0 else read_record(text, section.header_line,
                                                            delimiter)[0]
        except TableProblem as exc:
            return run.fail(str(exc), exc.line)
        histories.append(transaction_columns(unique_headers(cells)))
    only_history = all(h is not None for h in histories)
    for k, section in enumerate(sections):
        if histories[k] is not None and not only_history:
            run.problems.append(Problem(section.header_line, None,
                                        "a transaction history below the holdings; not used "
                                        "(the holdings table is the current position)", "info"))
            continue
        if k:
            try:
                cells, data_line = read_record(text, section.header_line, delimiter)
            except TableProblem as exc:
                return run.fail(str(exc), exc.line)
            columns = unique_headers(cells)
            rule = vocab.section_rule(section.title)
            mapping = _section_mapping(run, columns, user_mapping, rule, section)
            if mapping is None:
                continue
            col_of = {f: (columns.index(c) if c is not None else None)
                      for f, c in mapping.items()}
            width = max(width, len(cells))
        rule = vocab.section_rule(section.title)
        if (rule is not None and rule.value_currency and rule.value_currency != rule.currency
                and col_of.get("market_value") is not None
                and column_unit(columns[col_of["market_value"]]) != rule.currency):
            run.problems.append(Problem(
                section.header_line, columns[col_of["market_value"]],
                f"in '{section.title}' the market value is in {rule.value_currency}; the "
                f"prices, taken as {rule.currency or 'the listing currency'} from the section "
                f"title, are used", "info"))
            col_of = col_of | {"market_value": None}
        text_cols = {i for f in TEXT_FIELDS if (i := col_of.get(f)) is not None} | {0}
        snapshot = snapshot_column(columns)
        if snapshot is not None:
            text_cols.add(snapshot)
        if columns[1:2] == ["Header"]:
            text_cols.add(1)
        if histories[k] is not None:
            text_cols.add(histories[k][1])
        number_cols = {i for f in NUMBER_FIELDS if (i := col_of.get(f)) is not None}
        body = text if section.end_line is None else text[:line_offset(text, section.end_line)]
        try:
            table = read_table(body, data_line, delimiter, width, text_cols, number_cols, decimal,
                               encoded)
        except TableProblem as exc:
            return run.fail(str(exc), exc.line)
        if histories[k] is not None:
            derived = derive(table, columns, col_of, histories[k][1], decimal, thousands,
                             section.title)
            if isinstance(derived, list):
                run.problems += derived
                return run
            parts.append(derived)
            continue
        parts.append(interpret(table, columns, col_of, decimal, thousands,
                               skip_bad_rows=s.skip_bad_rows, section=section.title,
                               rule=rule, snapshot_col=snapshot,
                               portfolio_total=(s.total_value, s.total_currency)
                               if s.total_value is not None else None))
        if section.title_line is not None and len(sections) > 1:
            run.problems.append(Problem(section.title_line, None,
                                        f"section '{section.title}' (table from line "
                                        f"{section.header_line})", "info"))
    if not parts:
        return run.fail("the file has no holdings table", header_line)
    positions = concat_positions(parts)
    run.rows = positions
    run.problems += positions.problems
    if any(p.level == "error" for p in run.problems):
        return run
    if not positions.usable.any():
        skipped = positions.count("skipped")
        why = (f"; all {skipped} rows were skipped (see the notes)" if skipped else "")
        return run.fail(f"the file has a header but no holdings{why}", header_line)
    holdings, notes = combine(positions)
    run.problems += notes
    run.problems += _resolve_isins(holdings)
    run.holdings = holdings_frame(holdings)
    return run


_ISIN = re.compile(r"[A-Z]{2}[A-Z0-9]{9}[0-9]")


def _resolve_isins(holdings: dict[str, np.ndarray]) -> list[Problem]:
    """Stocks written as ISINs (DEGIRO's "Symbol/ISIN") become their listing's symbol
    (in ``holdings``, the combined rows' columns).

    The security master (``engine.marketdata``) is loaded only for a file that
    has such a ticker.  An ISIN it does not know is read by the row's name
    (DEGIRO's "Product") when that name is one company's in the master and its
    listing trades in the currency the file gives, with a note naming the
    listing; otherwise it stays as written, with a warning.
    """
    tickers, kinds = holdings["ticker"], holdings["kind"]
    rows = [i for i, t in enumerate(tickers.tolist())
            if len(t) == 12 and kinds[i] == "security" and _ISIN.fullmatch(t)]
    if not rows:
        return []
    from engine.marketdata import isin_is_valid, security_master

    master = security_master()
    out = []
    for i in rows:
        currency = holdings["currency"][i] or None
        res = master.resolve(tickers[i], currency_hint=currency)
        line = int(holdings["line"][i])
        if res.security is None and isin_is_valid(tickers[i]):
            name = holdings["name"][i]
            by_name = (master.by_name(name, currency)
                       if isinstance(name, str) and name and currency else None)
            if by_name is not None:
                out.append(Problem(line, None, (
                    f"ISIN {tickers[i]} is not in the bundled security master; read by its "
                    f"name '{name}' as {by_name.name} ({by_name.symbol}, "
                    f"{by_name.exchange}), which trades in {currency} as the file says"),
                    "info"))
                tickers[i] = by_name.symbol
                continue
        if res.security is None:
            out.append(Problem(line, None, f"{res.note}; it is kept as {tickers[i]} and valued "
                                           f"at the file's price", "warning"))
            continue
        tickers[i] = res.security.symbol
        out.append(Problem(line, None, res.note or f"{res.text} read as {res.security.symbol}",
                           "info"))
    return out


def _chosen(profile: ImportSettings, columns: list[str]) -> str:
    """Which built-in profile reads the file, and why (said on the command line and in the app)."""
    headers = [h for h in match_headers(profile.profile or "") if h in columns]
    shown = ", ".join(repr(h) for h in headers[:4]) + (" …" if len(headers) > 4 else "")
    return f"read with the built-in profile '{profile.profile}': the header has {shown}"


def _section_mapping(run: _Run, columns: list[str], given: Mapping[str, str | None],
                     rule: SectionRule | None, section: Section
                     ) -> dict[str, str | None] | None:
    """The mapping of a further table: the user's where its columns are all
    there, else a built-in profile's, else the aliases.  ``None`` (with a
    warning) for a table without a quantity, or without a ticker or a name for
    a fund."""
    use = {f: c for f, c in given.items() if c is None or c in columns}
    if len(use) < len(given):
        use = {}
    if not use:
        profile = match_profile(columns)
        if profile is not None:
            use = dict(profile.mapping)
    auto = auto_map([c for c in columns if c not in use.values()])
    mapping = {f: use[f] if f in use else auto.get(f) for f in FIELDS}
    named_only = (mapping["ticker"] is None and mapping["name"] is not None
                  and (mapping["kind"] is not None
                       or (rule is not None and rule.kind in OTHER_KINDS)))
    if mapping["shares"] is None or (mapping["ticker"] is None and not named_only):
        need = "quantity" if mapping["shares"] is None else "ticker"
        where = f" '{section.title}'" if section.title else ""
        run.problems.append(Problem(section.header_line, None,
                                    f"the table{where} has no {need} column; its rows are not "
                                    f"loaded", "warning"))
        return None
    return mapping


def _resolve_mapping(run: _Run, columns: list[str]) -> dict[str, str | None] | None:
    s = run.settings
    given = dict(s.mapping)
    if s.profile is not None:
        why = f"read with the profile '{s.profile}' given in the import settings"
    elif given:
        why = "read with the columns given in the import settings"
    else:
        why = "no built-in profile matches the header; columns found by their names"
    if not given and s.profile is None:
        profile = match_profile(columns)
        if profile is not None:
            given = dict(profile.mapping)
            run.settings = s = s.replace(profile=profile.profile)
            why = _chosen(profile, columns)
            run.problems.append(Problem(s.header_line, None, why, "info"))
    for f, c in given.items():
        if c is not None and c not in columns:
            shown = ", ".join(repr(h) for h in columns[:12])
            run.fail(f"the column {c!r} chosen for {f} is not in the header (line "
                     f"{s.header_line}); the header has {shown}", s.header_line)
            return None
    auto = auto_map([c for c in columns if c not in given.values()])
    mapping = {f: given[f] if f in given else auto.get(f) for f in FIELDS}
    run.mapping = mapping
    aliases = vocabulary().aliases
    for need in ("ticker", "shares"):
        if need == "shares" and (mapping["market_value"] is not None
                                 or mapping["weight"] is not None):
            continue  # a file of values or weights: quantities are derived
        if mapping[need] is None:
            shown = ", ".join(repr(h) for h in columns[:12]) or "nothing"
            examples = f"{aliases[need][0].title()!r} (or {aliases[need][1].title()!r})"
            run.fail(f"no {need} column; the header (line {s.header_line}) has {shown} — name one "
                     f"column {examples} or choose it in the import settings", s.header_line)
            return None
    run.settings = s.replace(mapping=mapping)
    used = ", ".join(f"{f} {c!r}" for f, c in mapping.items() if c is not None)
    if not given and s.profile is None and all(c is None or c.strip().lower() == f
                                               for f, c in mapping.items()):
        # Every column is named as the field it fills: Jevons's own plain layout.
        why = "read as the plain format"
        used = ", ".join(f for f, c in mapping.items() if c is not None)
    run.reading = f"{why} ({used})" if not why.startswith("read with the built-in") else why
    return mapping


def load_bytes(raw: bytes, settings: ImportSettings | None = None, *, name: str = "Portfolio",
               source: str | None = None) -> Portfolio:
    """:func:`load` for bytes already in memory (``source`` names them in messages)."""
    run = _run(raw, settings or ImportSettings())
    file = source or name
    if not run.ok:
        rows = run.rows
        count = rows.count("error") if rows is not None else 0
        raise ImportFailed(run.problems, file=file, count=count or None)
    assert run.holdings is not None
    notes = tuple(Note(p.message, p.line, p.column, "info" if p.level == "info" else "warning")
                  for p in run.problems)
    return Portfolio(run.holdings, name=name, source=source,
                     source_sha256=hashlib.sha256(raw).hexdigest(), notes=notes,
                     reading=run.reading)


def load(path: str | Path, settings: ImportSettings | None = None) -> Portfolio:
    """Read a portfolio file (any layout the importer understands).

    ``settings`` fixes any choice the detection would make (``None`` fields
    are detected).  Raises :class:`ImportFailed` (an
    :class:`~engine.errors.InputError`) naming the file, line and column of
    the first problem, with every problem in ``.problems``.  Skipped rows,
    combined lots and other decisions are in ``Portfolio.notes``.
    """
    path = Path(path)
    settings = _coerce(settings)
    return load_bytes(_read(path), settings, name=display_name(path.stem),
                      source=display_name(path))


#: The engine's public name for :func:`load` (``from engine import load_portfolio``).
load_portfolio = load


def _coerce(settings: object) -> ImportSettings | None:
    if settings is None or isinstance(settings, ImportSettings):
        return settings
    raise TypeError(f"settings must be ImportSettings or None, not {type(settings).__name__}")


def inspect(path: str | Path, settings: ImportSettings | None = None,
            max_rows: int = 50) -> ImportPreview:
    """Detect, parse and check ``path`` without raising for anything in the file.

    Problems the file has (unreadable, no header, bad rows) are in
    ``problems`` and make ``ok`` false.
    """
    path = Path(path)
    settings = _coerce(settings) or ImportSettings()
    file = str(path)
    try:
        raw = _read(path)
    except InputError as exc:
        return ImportPreview(file, settings, {}, [], {}, _empty_rows(),
                             [Problem(None, None, exc.message, "error")], 0, False)
    run = _run(raw, settings)
    rows = run.rows.head(max_rows) if run.rows is not None else _empty_rows()
    confidence = {k: float(run.confidence.get(k, 1.0 if getattr(settings, k, None) else 0.0))
                  for k in ("encoding", "delimiter", "decimal", "header")}
    notes = tuple(Note(p.message, p.line, p.column, "info" if p.level == "info" else "warning")
                  for p in run.problems if p.level != "error")
    rows = rows.loc[:, list(PREVIEW_COLUMNS)].copy()
    # A skipped row (a total, a repeated header) is not read as a holding: it has
    # no currency or kind of its own, only the defaults a holding would get.
    skipped = (rows["status"] == "skipped").to_numpy()
    for name in ("currency", "kind"):
        column = rows[name].astype(object)
        column[skipped] = ""
        rows[name] = column
    return ImportPreview(
        path=file, settings=run.settings, confidence=confidence, columns=run.columns,
        mapping=dict(run.mapping), rows=rows,
        problems=run.problems, total_rows=len(run.rows) if run.rows is not None else 0,
        ok=run.ok,
        holdings=len(run.holdings) if run.holdings is not None else 0,
        source_sha256=hashlib.sha256(raw).hexdigest(), notes=notes)


def _empty_rows() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in PREVIEW_COLUMNS})
