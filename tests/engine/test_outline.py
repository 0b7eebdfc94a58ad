"""The report outline: typed blocks in one order, rendered by the HTML writer as they come."""

from __future__ import annotations

import re

from engine import evaluate, load_portfolio, load_scenario, prepare
from engine.events import replay
from engine.paths import resource
from engine.report.content import build_report
from engine.report.html import to_html_bytes
from engine.report.outline import Figure, Heading, KeyFigures, PageBreak, TableBlock, Title, outline
from tests.engine.report_fixtures import GENERATED


def _content(lang="en", *, history=False):
    book = prepare(load_portfolio(resource("sample_portfolio.csv")))
    result = replay(book, "2025-01-27") if history else evaluate(book, load_scenario("deepseek-r1"))
    return build_report(result, lang, generated=GENERATED)


def test_page_one_stands_alone_then_breaks():
    content = _content()
    blocks = outline(content)
    assert isinstance(blocks[0], Title)
    first_break = next(i for i, b in enumerate(blocks) if isinstance(b, PageBreak))
    page_one = blocks[:first_break]
    assert any(isinstance(b, KeyFigures) for b in page_one)
    assert any(isinstance(b, Figure) and b.key == "attribution" for b in page_one)
    assert any(isinstance(b, TableBlock) and b.table is content.movers for b in page_one)


def test_html_follows_the_outline_order():
    for lang in ("en", "ja"):
        content = _content(lang)
        sections = [b.text for b in outline(content) if isinstance(b, Heading) and b.level == 1]
        html = to_html_bytes(content).decode()
        found = re.findall(r"<h2>(.*?)</h2>", html)
        assert found == [s.replace("&", "&amp;") for s in sections]
        # Every table block is rendered once.
        tables = [b for b in outline(content) if isinstance(b, TableBlock)]
        assert html.count("<table") == len(tables) + 1  # and the reproducibility stamp


def test_a_replay_outline_has_no_scenario_or_paths():
    content = _content(history=True)
    headings = [b.text for b in outline(content) if isinstance(b, Heading)]
    assert content.t("h_scenario") not in headings
    assert content.t("h_value_path") not in headings
    assert content.t("h_holdings") in headings
