"""Guessing how a file is written, each guess with a confidence in [0, 1].

Detection looks at a sample (the first :data:`SAMPLE_LINES` lines), never the
whole file, so a 100,000-row export costs no more to sniff than a small one:

* encoding: a byte-order mark, else strict UTF-8, else charset-normalizer
  among the encodings brokers and Excel write (CP932/Shift_JIS, EUC-JP,
  UTF-16 without a mark, Windows-1252);
* delimiter: the one that splits the most lines into the same number of
  cells (a preamble or a decimal comma does not fool it);
* header: the first row that names a ticker and a quantity column;
* number style: decimal mark and thousands separator from the numbers in the
  quantity and money columns.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import charset_normalizer
import numpy as np

from engine.importer.mapping import header_key, header_score
from engine.importer.settings import DELIMITERS

__all__ = ["SAMPLE_LINES", "DecodeProblem", "Layout", "Section", "decode", "find_header",
           "find_sections", "number_style", "sample_rows", "sniff_delimiter"]

SAMPLE_LINES = 200
SAMPLE_BYTES = 64 * 1024
#: How far below the top a header row is looked for (preamble lines).
HEADER_SEARCH_ROWS = 60
#: Encodings charset-normalizer chooses among when the file is not UTF-8.
CANDIDATE_ENCODINGS = ("cp932", "euc_jp", "cp1252")
_UTF16 = ("utf_16_le", "utf_16_be")


class DecodeProblem(ValueError):
    """The bytes cannot be read as text; ``line`` is where, when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Layout:
    """Rows of the sample: ``(first line, cells)`` for every non-blank record."""

    rows: list[tuple[int, list[str]]]


def _decode_strict(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        if encoding.replace("-", "_").lower().startswith("utf_16"):
            line = raw[:exc.start].count(b"\n\x00") + raw[:exc.start].count(b"\x00\n") or 1
        byte = raw[exc.start:exc.start + 1].hex()
        raise DecodeProblem(f"byte 0x{byte} cannot be read as {encoding}; the file is in "
                            f"another encoding (choose it in the import settings)", line) from None
    except LookupError:
        raise DecodeProblem(f"unknown text encoding {encoding!r}") from None


def decode(raw: bytes, encoding: str | None = None) -> tuple[str, str, float]:
    """``(text, encoding, confidence)``; line ends become ``\\n``.

    Raises :class:`DecodeProblem` for binary data or bytes no candidate
    encoding reads.
    """
    if encoding is not None:
        text, confidence = _decode_strict(raw, encoding), 1.0
    elif raw.startswith(codecs.BOM_UTF8):
        text, encoding, confidence = _decode_strict(raw, "utf-8-sig"), "utf-8-sig", 1.0
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding, confidence = _decode_strict(raw, "utf-16"), "utf-16", 1.0
    else:
        text, encoding, confidence = _guess(raw)
    if "\ufeff" in text:  # a mark at the start, or files pasted together: never content
        text = text.replace("\ufeff", "")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        raise DecodeProblem("this is not a text CSV file (it contains binary data)",
                            text.count("\n", 0, nul) + 1)
    return text, encoding, confidence


def _guess(raw: bytes) -> tuple[str, str, float]:
    sample = raw[:SAMPLE_BYTES]
    if b"\x00" not in sample:
        try:
            return raw.decode("utf-8"), "utf-8", 1.0
        except UnicodeDecodeError:
            candidates: Sequence[str] = CANDIDATE_ENCODINGS
    else:
        # NUL bytes: Excel's "Unicode text" without a mark, or not text at all.
        candidates = _UTF16
    if len(sample) % 2 and candidates is _UTF16:
        sample = sample[:-1]
    matches = charset_normalizer.from_bytes(sample, cp_isolation=list(candidates),
                                            explain=False)
    if not matches:
        fallback = _plausible_decode(raw, candidates)
        if fallback is not None:
            return fallback
        if candidates is _UTF16:
            raise DecodeProblem("this is not a text CSV file (it contains binary data)",
                                raw[:raw.find(b"\x00")].count(b"\n") + 1)
        raise DecodeProblem("cannot tell the text encoding (it is not UTF-8, Shift_JIS or "
                            "Windows-1252); save the file as UTF-8 or choose its encoding")
    first_problem = None
    for match in matches:
        enc = codecs.lookup(match.encoding).name
        try:
            text = _decode_strict(raw, enc)
        except DecodeProblem as exc:
            first_problem = first_problem or exc
            continue
        confidence = max(0.05, min(1.0, 1.0 - match.chaos)) * (0.9 if len(matches) > 1 else 1.0)
        if _share_in(text[:SAMPLE_BYTES // 2], _TEXT_RANGES) < _PLAUSIBLE:
            # e.g. CP932 full-width letters read as Windows-1252 "‚s‚r": a reading
            # that is plainly text wins over charset-normalizer's pick.
            alt = _plausible_decode(raw, candidates)
            if alt is not None and alt[1] != enc:
                return alt
        return text, enc, round(confidence, 3)
    assert first_problem is not None
    raise first_problem


#: Characters a portfolio file is made of: ASCII, Latin-1 letters, Japanese
#: punctuation, kana and kanji, full-width forms, and emoji.
_TEXT_RANGES = ((0x20, 0x7E), (0xA0, 0xFF), (0x3000, 0x30FF), (0x4E00, 0x9FFF),
                (0xFF00, 0xFFEF), (0x1F000, 0x1FAFF))
_JAPANESE = ((0x3040, 0x30FF), (0xFF00, 0xFFEF))
#: Share of plausible characters a fallback decoding must reach.
_PLAUSIBLE = 0.98


def _share_in(text: str, ranges: tuple[tuple[int, int], ...]) -> float:
    ok = sum(1 for ch in text if ch in "\t\r\n" or any(lo <= ord(ch) <= hi for lo, hi in ranges))
    return ok / len(text) if text else 0.0


def _plausible_decode(raw: bytes, candidates: Sequence[str]) -> tuple[str, str, float] | None:
    """When charset-normalizer finds nothing: the candidate whose strict decoding reads as text.

    It misses short CP932 files and BOM-less UTF-16 ones written with
    full-width Latin letters (ｔｉｃｋｅｒ) or emoji.  A candidate qualifies
    when at least 98% of the sample's characters are ordinary text, and a
    Japanese encoding only when the text has kana or full-width forms.
    """
    best: tuple[float, str, str] | None = None
    for enc in candidates:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        head = text[:SAMPLE_BYTES // 2]
        score = _share_in(head, _TEXT_RANGES)
        if enc in ("cp932", "euc_jp") and not any(
                lo <= ord(ch) <= hi for ch in head for lo, hi in _JAPANESE):
            continue
        if score >= _PLAUSIBLE and (best is None or score > best[0]):
            best = (score, text, codecs.lookup(enc).name)
    if best is None:
        return None
    return best[1], best[2], round(0.5 * best[0], 3)  # a fallback: say it is a guess


def sample_rows(text: str, delimiter: str, max_lines: int = SAMPLE_LINES,
                max_bytes: int = SAMPLE_BYTES) -> Layout:
    """Parse the top of ``text`` with ``delimiter``: non-blank records with their line."""
    return _rows(_head(text, max_lines, max_bytes), delimiter)


def _rows(head: str, delimiter: str) -> Layout:
    """:func:`sample_rows` of a top already cut."""
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(head), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error:
        pass  # the table reader reports it with its line
    return Layout(rows)


def _head(text: str, max_lines: int, max_bytes: int = SAMPLE_BYTES) -> str:
    if max_bytes >= len(text) and max_lines >= len(text):
        return text
    pos = 0
    for _ in range(max_lines):
        nxt = text.find("\n", pos)
        if nxt < 0:
            pos = len(text)
            break
        pos = nxt + 1
        if pos >= max_bytes:
            break
    return text[:min(pos, max_bytes)]


def sniff_delimiter(text: str, layouts: dict[str, Layout] | None = None) -> tuple[str, float]:
    """The delimiter that splits most sample lines into one consistent cell count.

    ``layouts`` (if given) receives the sample read with each delimiter tried
    that occurs in it (one that does not splits no line: it is not read).
    """
    head = _head(text, SAMPLE_LINES, SAMPLE_BYTES)
    scores = []
    for d in DELIMITERS:
        if d not in head:
            scores.append((0, 0, d))
            continue
        layout = _rows(head, d)
        if layouts is not None:
            layouts[d] = layout
        multi = [n for _, cells in layout.rows if (n := len(cells)) > 1]
        if not multi:
            scores.append((0, 0, d))
            continue
        width, support = Counter(multi).most_common(1)[0]
        scores.append((support, width, d))
    scores.sort(key=lambda s: (s[0], s[1]), reverse=True)
    support, _, best = scores[0]
    if support == 0:
        return ",", 0.3
    # Sure when no other delimiter splits the lines as consistently.
    confidence = support / (support + scores[1][0])
    return best, round(confidence, 3)


def find_header(layout: Layout) -> tuple[int, list[str], float]:
    """``(line, cells, confidence)`` of the header row among the sample rows."""
    if not layout.rows:
        return 1, [], 0.0
    best = None
    for line, cells in layout.rows[:HEADER_SEARCH_ROWS]:
        matched, core = header_score(cells)
        key = (core, matched)
        if matched and (best is None or key > best[0]):
            best = (key, line, cells)
    if best is None:
        widths = Counter(len(c) for _, c in layout.rows)
        width = widths.most_common(1)[0][0]
        line, cells = next((ln, c) for ln, c in layout.rows if len(c) == width)
        return line, cells, 0.2
    (core, matched), line, cells = best
    confidence = (0.9 + 0.025 * min(matched - 2, 4)) if core else 0.5
    return line, cells, round(confidence, 3)


#: Files up to this size are searched whole for further tables (broker files
#: with sections are small); a larger file is one table under one header.
SECTION_SCAN_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Section:
    """One table of a file: its header line, the line after its last row
    (``None``: to the end) and the title written above it (``""`` if none)."""

    header_line: int
    end_line: int | None
    title: str
    title_line: int | None = None


def _title(rows: list[tuple[int, list[str]]], k: int, after: int) -> tuple[str, int | None]:
    """The title above header row ``k``: the line just before it, when it has at
    most two cells with text, none a number, and is below line ``after``."""
    if k == 0:
        return "", None
    line, cells = rows[k - 1]
    text = [c.strip() for c in cells if c.strip()]
    if line <= after or line != rows[k][0] - 1 or not 1 <= len(text) <= 2 or any(_NUM.fullmatch(t) for t in text):
        return "", None
    return " ".join(text).strip("【】[] "), line


def find_sections(text: str, delimiter: str, header_line: int) -> list[Section]:
    """The tables of a file that holds several (accounts, 国内株式 / 外国株式 / 投資信託).

    A table starts at a row that names a ticker (or fund) column and a
    quantity or value column, or repeats the first header under a title (a
    header repeated without one is skipped as before); the line above a
    header with one or two cells is its title, and ends the table before.
    Only files up to :data:`SECTION_SCAN_BYTES` are searched whole.
    """
    if len(text) > SECTION_SCAN_BYTES:
        return [Section(header_line, None, "")]
    rows = _candidate_rows(text, delimiter, header_line)
    first = next((k for k, (ln, _) in enumerate(rows) if ln == header_line), None)
    if first is None:
        return [Section(header_line, None, "")]
    own = [c.strip() for c in rows[first][1]]
    starts = [first]
    for k in range(first + 1, len(rows)):
        cells = [c.strip() for c in rows[k][1]]
        if cells == own:
            if _title(rows, k, rows[starts[-1]][0])[1] is not None:
                starts.append(k)  # the same table again, for another account
        elif _is_table_header(cells):
            starts.append(k)
    out = []
    previous_end = 0
    for k in starts:
        title, title_line = _title(rows, k, previous_end)
        out.append(Section(rows[k][0], None, title, title_line))
        previous_end = rows[k][0]
    for j in range(len(out) - 1):
        nxt = out[j + 1]
        out[j] = Section(out[j].header_line, nxt.title_line or nxt.header_line, out[j].title,
                         out[j].title_line)
    return [_named_rows(s, rows) for s in out]


#: A line without a digit: a header or a title may be one, a holding hardly ever.
_DIGIT_FREE = re.compile(r"^[^0-9\n]+$", re.MULTILINE)
#: From this many characters on, the lines are found on the bytes at once
#: (below it a regular expression is sooner: no arrays to make).
BYTES_SCAN_MIN = 64 * 1024


def _candidate_rows(text: str, delimiter: str, header_line: int) -> list[tuple[int, list[str]]]:
    """The rows a table may start at (lines with text and no digit 0-9, and
    the header line) and the line above each (its title), parsed, with their
    line numbers.

    Parsing only these keeps the search cheap on a file of many holdings.
    """
    lines = (_lines_by_bytes if len(text) >= BYTES_SCAN_MIN else _lines_by_regex)(
        text, header_line)
    out = []
    for ln in sorted(lines):
        try:
            cells = next(csv.reader([lines[ln]], delimiter=delimiter), [])
        except csv.Error:
            continue
        if any(c.strip() for c in cells):
            out.append((ln, cells))
    return out


def _lines_by_regex(text: str, header_line: int) -> dict[int, str]:
    lines: dict[int, str] = {}
    line, pos = 1, 0
    for m in _DIGIT_FREE.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        lines[line] = m.group(0)
        if line > 1 and line - 1 not in lines:
            above_end = m.start() - 1
            above_start = text.rfind("\n", 0, above_end) + 1
            lines[line - 1] = text[above_start:above_end]
    if header_line not in lines:
        start = _line_start(text, header_line)
        end = text.find("\n", start)
        lines[header_line] = text[start:end if end >= 0 else len(text)]
    return lines


def _line_start(text: str, line: int) -> int:
    pos = 0
    for _ in range(line - 1):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return pos


def _lines_by_bytes(text: str, header_line: int) -> dict[int, str]:
    """:func:`_lines_by_regex` on the file's bytes at once, not line by line."""
    data = text.encode("utf-8", "surrogatepass")
    codes = np.frombuffer(data, dtype=np.uint8)
    breaks = np.flatnonzero(codes == 10)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(codes)]))
    filled = np.flatnonzero(ends > starts)
    digit_free = filled
    if len(filled):
        digits = ((codes >= 48) & (codes <= 57)).view(np.uint8)
        # (A line's span runs on over the empty lines after it: they hold no digit.)
        digit_free = filled[np.maximum.reduceat(digits, starts[filled]) == 0]

    def line_text(k: int) -> str:  # k: 0-based
        if k >= len(starts):
            return ""
        return data[starts[k]:ends[k]].decode("utf-8", "surrogatepass")

    lines: dict[int, str] = {}
    for k in digit_free.tolist():
        lines[k + 1] = line_text(k)
        if k >= 1 and k not in lines:
            lines[k] = line_text(k - 1)
    if header_line not in lines:
        lines[header_line] = line_text(header_line - 1)
    return lines


def _named_rows(section: Section, rows: list[tuple[int, list[str]]]) -> Section:
    """A statement whose rows start with their table's name ("Open Positions",
    then "Header", "Data", "Total"): the table ends at the first row of
    another name, and is titled by its name."""
    k = next(j for j, (ln, _) in enumerate(rows) if ln == section.header_line)
    cells = rows[k][1]
    if len(cells) < 2 or cells[1].strip() != "Header" or not cells[0].strip():
        return section
    name = cells[0]
    end = next((ln for ln, c in rows[k + 1:] if c[0] != name), None)
    if section.end_line is not None and (end is None or end > section.end_line):
        end = section.end_line
    return Section(section.header_line, end, section.title or name.strip(), section.title_line)


def _is_table_header(cells: list[str]) -> bool:
    # A data row has a number in it; a header has none (checked first: it is cheap).
    if any(c[:1].isdigit() or c[:2] in _NUMBER_STARTS for c in cells):
        return False
    matched, core = header_score(cells)
    if core:
        return True
    # A fund table names the fund, its units and value, but has no ticker column.
    return matched >= 3 and _fund_header(cells)


_NUMBER_STARTS = frozenset(a + b for a in "-+$¥€£(." for b in "0123456789")


def _fund_header(cells: list[str]) -> bool:
    keys = {header_key(c)[0] for c in cells if c.strip()}
    return bool(keys & {"ファンド名", "fund name", "fund"})


_NUM = re.compile(r"[0-9][0-9.,' ]*")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_DECIMAL_POINT = re.compile(r"\d+\.\d+")
_GROUPED = {
    (".", ","): re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?"),
    (",", "."): re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?"),
    (",", " "): re.compile(r"\d{1,3}(?: \d{3})+(?:,\d+)?"),
    (".", " "): re.compile(r"\d{1,3}(?: \d{3})+\.\d+"),
    (".", "'"): re.compile(r"\d{1,3}(?:'\d{3})+(?:\.\d+)?"),
}


def number_style(cells: Sequence[str], delimiter: str, decimal: str | None = None
                 ) -> tuple[str, str, float]:
    """``(decimal, thousands, confidence)`` from number cells of the sample.

    "1,234.56" and "1.234,56" decide on their own; "12,5" votes for a decimal
    comma and "12.50" for a point; "1,234" alone is ambiguous and read the
    usual way for the delimiter (a semicolon file is European).
    """
    votes: Counter[tuple[str, str | None]] = Counter()
    ambiguous: Counter[str] = Counter()
    # Each distinct cell once, weighted by how often it occurs (in order of
    # first appearance, so that ties are broken as cell by cell).
    for cell, times in Counter(cells).items():
        if cell.isascii() and cell.isdigit():
            continue  # (digits alone say nothing about the style)
        m = _NUM.search(unicodedata.normalize("NFKC", cell))
        if not m:
            continue
        t = m.group(0).strip().replace("\u00a0", " ")
        decided = False
        for style, pattern in _GROUPED.items():
            if pattern.fullmatch(t):
                has_decimal = style[0] in t
                groups = t.count(style[1])
                if has_decimal or groups >= 2 or style[1] in " '":
                    votes[style] += times
                    decided = True
                else:
                    ambiguous[style[1]] += times
                    decided = True
                break
        if decided:
            continue
        if _DECIMAL_COMMA.fullmatch(t):
            votes[(",", None)] += times
        elif _DECIMAL_POINT.fullmatch(t):
            votes[(".", None)] += times
    for_point = sum(v for (d, _), v in votes.items() if d == ".")
    for_comma = sum(v for (d, _), v in votes.items() if d == ",")
    if decimal is None:
        if for_point or for_comma:
            decimal = "." if for_point >= for_comma else ","
            confidence = max(for_point, for_comma) / (for_point + for_comma)
        elif ambiguous:
            # "1,234" / "1.234": thousands groups are likelier than three decimals.
            decimal = "," if ambiguous.most_common(1)[0][0] == "." else "."
            confidence = 0.6
        else:
            decimal, confidence = ("," if delimiter == ";" else "."), 0.5
    else:
        confidence = 1.0
    separators = Counter({s: v for (d, s), v in votes.items() if d == decimal and s})
    default = "," if decimal == "." else "."
    thousands = separators.most_common(1)[0][0] if separators else default
    return decimal, thousands, round(confidence, 3)
