"""The PDF report, the charts in it, the export function and dialog, and the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from engine.errors import CancelledError, InputError
from engine.report.content import build_report
from gui.report_export import export_report
from gui.report_pdf import chart_images, to_pdf_bytes
from tests.conftest import ROOT, run_cli
from tests.engine.report_fixtures import GENERATED, large_result

SAMPLE = ROOT / "resources" / "sample_portfolio.csv"


def _pdf(tmp_path, result, lang, paper="a4", name="r"):
    content = build_report(result, lang, generated=GENERATED)
    path = tmp_path / f"{name}_{lang}.pdf"
    path.write_bytes(to_pdf_bytes(content, paper=paper))
    return path, content


def _pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])


def _text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="module")
def large():
    return large_result()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_sample_pdf_pages_text_fonts_and_charts(qapp, tmp_path, deepseek_result, lang):
    path, content = _pdf(tmp_path, deepseek_result, lang)
    pages = _pages(path)
    assert 4 <= pages <= 10
    text = _text(path)
    assert content.title in text.replace("\n", " ") or content.title[:20] in text
    assert content.stamp.footer(lang)[:20] in text
    if lang == "ja":
        assert "計算方法" in text and "データの出典" in text and f"{pages} / {pages} ページ" in text
        assert "投資助言" in text
    else:
        assert f"Page {pages} of {pages}" in text and "not investment advice" in text
        assert "Model check against a real day" in text and "actually did in the DeepSeek" in text
    # the validation appendix: every event's table, the model beside the baselines
    v = content.validation
    assert v is not None and len(v.events) >= 2
    flat = " ".join(text.split())
    assert v.heading in flat
    for event in v.events:
        for row in event.table.rows:
            assert " ".join(row["label"].split()) in flat, row["label"]
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # every font embedded
    if lang == "ja":
        assert any("IPA" in f or "CJK" in f for f in fonts)
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert len(images) == 3  # attribution, value path, demand
    for line in images:
        cols = line.split()
        width, x_ppi = int(cols[3]), int(cols[12])
        assert width >= 1200 and x_ppi >= 190  # crisp: about 200 dpi at print size


def test_letter_paper(qapp, tmp_path, deepseek_result):
    path, _ = _pdf(tmp_path, deepseek_result, "en", paper="letter")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "612 x 792 pts" in info


def test_large_pdf_breaks_tables_between_rows_with_headers(qapp, tmp_path, large):
    path, content = _pdf(tmp_path, large, "en", name="large")
    pages = _pages(path)
    assert 15 <= pages <= 60
    text = _text(path)
    per_page = text.split("\f")
    assert len([p for p in per_page if p.strip()]) == pages  # no blank page
    continued = [p for p in per_page if "Holdings (continued)" in p]
    assert len(continued) >= 5
    for page in continued:  # the header row is repeated under the continuation line
        assert re.search(r"Ticker\s+Name\s+Shares", page)
    last_rows = [r["ticker"] for r in content.holdings.rows[-3:]]
    assert all(t in text for t in last_rows)
    assert "<script>alert(1)" in text  # user text is drawn as text (wrapped), not interpreted
    assert not re.search(r"−\s*\n", text)  # a number never wraps after its sign


def test_large_pdf_japanese(qapp, tmp_path, large):
    path, _ = _pdf(tmp_path, large, "ja", name="large")
    text = _text(path)
    assert "保有銘柄（続き）" in text and "銘柄コード" in text


def test_export_all_formats_into_a_folder_and_cancel(qapp, tmp_path, deepseek_result):
    steps = []
    written = export_report(deepseek_result, "all", tmp_path, lang="ja", paper="a4",
                            progress=steps.append)
    assert sorted(p.suffix for p in written) == [".csv", ".html", ".json", ".pdf", ".xlsx"]
    assert steps[0] == 0.0 and steps[-1] == 1.0 and steps == sorted(steps)
    html = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 3
    with pytest.raises(InputError):  # the files exist now
        export_report(deepseek_result, "all", tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    calls = iter(range(100))
    with pytest.raises(CancelledError):
        export_report(deepseek_result, "all", other, should_stop=lambda: next(calls) >= 3)
    assert [p for p in other.iterdir() if p.suffix == ".part"] == []


def test_charts_are_the_app_charts(qapp, deepseek_result):
    content = build_report(deepseek_result, "en", generated=GENERATED)
    images = chart_images(content, "a4")
    assert set(images) == {"attribution", "value_path", "demand"}
    img = images["attribution"]
    assert img.width() > 1000 and not img.isNull()
    # not blank: more than a handful of distinct colours
    colours = {img.pixel(x, y) for x in range(0, img.width(), 37)
               for y in range(0, img.height(), 23)}
    assert len(colours) > 5


def test_export_dialog_runs_on_the_worker_and_asks_before_replacing(qtbot, tmp_path,
                                                                    deepseek_result,
                                                                    monkeypatch):
    from gui.export_dialog import ExportDialog

    dialog = ExportDialog(deepseek_result, folder=tmp_path, open_folder=False)
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData("all"))
    dialog.path_edit.setText(str(tmp_path))
    with qtbot.waitSignal(dialog.exported, timeout=60_000) as blocker:
        dialog.start_export()
    assert len(blocker.args[0]) == 5 and all(os.path.exists(p) for p in blocker.args[0])
    before = {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    monkeypatch.setattr(dialog, "confirm_overwrite", lambda files: False)
    dialog.start_export()
    assert dialog._job is None and {p: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


def test_cli_writes_pdf_html_xlsx_without_a_display(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                            "QT_QPA_PLATFORM")}
    for fmt in ("pdf", "html", "xlsx"):
        out = tmp_path / f"r.{fmt}"
        proc = subprocess.run(
            [sys.executable, "-m", "gui.cli", "run", str(SAMPLE), "--scenario", "deepseek-r1", "--format", fmt,
             "--lang", "ja", "-o", str(out)],
            capture_output=True, env=env | {"PYTHONPATH": str(ROOT)}, cwd=ROOT, timeout=120)
        assert proc.returncode == 0, proc.stderr.decode()
        assert out.stat().st_size > 1000
    proc = run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1", "--format", "pdf", "-o", "-")
    assert proc.returncode == 2 and b"-o PATH" in proc.stderr
    proc = run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1", "--format", "pdf",
                   "-o", str(tmp_path / "r.pdf"))
    assert proc.returncode == 2 and b"--force" in proc.stderr


def test_painting_a_large_report_keeps_none_alive(qapp, large):
    """PySide6 6.12 on CPython 3.11 drops a reference to None per void QPainter call."""
    content = build_report(large, "en", generated=GENERATED)
    before = sys.getrefcount(None)
    to_pdf_bytes(content, charts={})
    assert sys.getrefcount(None) >= before - 200


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_sixteen_holdings_summary_page_stands_alone(qapp, tmp_path, lang):
    from engine import evaluate, load_portfolio, load_scenario, prepare

    csv = tmp_path / "p16.csv"
    lines = (ROOT / "tests" / "fixtures" / "portfolio30.csv").read_text(encoding="utf-8")
    csv.write_text("\n".join(lines.splitlines()[:17]) + "\n", encoding="utf-8")
    result = evaluate(prepare(load_portfolio(csv)), load_scenario("deepseek-r1"))
    path, content = _pdf(tmp_path, result, lang, name="p16")
    assert _pages(path) <= 8  # was 12, seven of them a per-number sources appendix
    first = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(path), "-"],
                           capture_output=True, text=True, check=True).stdout
    # Page one: key figures, coverage, the attribution chart's caption, the biggest movers.
    assert content.t("h_summary") in first and content.t("h_movers") in first
    assert content.t("coverage_lead")[:10] in first
    assert content.movers.rows[0]["ticker"] in first
    # Every page carries more than a line or two (no near-empty page).
    for page in range(1, _pages(path) + 1):
        body = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert len([line for line in body.splitlines() if line.strip()]) > 8, page
    text = _text(path)
    assert "MODEL.md" not in text and "docs/model.md" in text
    # The PDF renders the outline's sections in the outline's order.
    from engine.report.outline import Heading, outline

    flat = " ".join(text.split())
    positions = [flat.find(b.text) for b in outline(content)
                 if isinstance(b, Heading) and b.level == 1]
    assert -1 not in positions and positions == sorted(positions)
    # The parameter table keeps its distribution column whole (it wraps, never cuts).
    assert "lognormal(median=10" in text.replace("\n", " ").replace("  ", " ")
    # ... and no word of it is cut (a number split over two lines reads as two numbers).
    words = set(text.split())
    cut = [w for p in content.parameters for w in p.distribution.split() if w not in words]
    assert not cut, cut


def test_sources_fold_to_one_row_per_document(deepseek_result):
    content = build_report(deepseek_result, "en", generated=GENERATED)
    docs = content.source_documents.rows
    assert len(docs) < len(content.sources.rows)
    assert len({d["document"] for d in docs}) == len(docs)
    assert sum(d["count"] for d in docs) == len(content.sources.rows)
    names = {d["document"] for d in docs}
    assert "NVIDIA 10-K FY2025" in names and "resources/model_settings.toml" in names


def test_a_net_short_book_reads_a_positive_return_beside_a_positive_pnl(tmp_path):
    """NVDA,-100 / TSLA,-30 on deepseek-r1 gains: the PDF and HTML show + beside +,
    written from the command line with the format taken from the file name."""
    src = tmp_path / "short.csv"
    src.write_bytes(b"ticker,shares\nNVDA,-100\nTSLA,-30\n")
    for suffix in ("pdf", "html"):
        out = tmp_path / f"r.{suffix}"
        proc = run_cli("run", str(src), "--scenario", "deepseek-r1", "-o", str(out))
        err = proc.stderr.decode()
        assert proc.returncode == 0, err
        line = err.strip().splitlines()[-1]
        assert line.startswith(f"wrote {out} ({suffix}): value −$") and "P&L +$" in line
        ret = re.search(r"P&L \+\$[\d,.]+ \((\S+) of gross exposure\)", line)[1]
        assert ret.startswith("+")
        text = _text(out) if suffix == "pdf" else out.read_text(encoding="utf-8")
        assert ret in text and f"−{ret[1:]}" not in text


def test_the_export_dialog_says_the_same_sentence_as_the_command_line(qtbot, tmp_path,
                                                                      monkeypatch):
    """The input file as target, and a full disk: the dialog shows the CLI's error text."""
    from engine import evaluate, load_portfolio, load_scenario
    from gui.export_dialog import ExportDialog

    src = tmp_path / "p.json"
    src.write_bytes(SAMPLE.read_bytes())
    before = src.read_bytes()
    result = evaluate(load_portfolio(src), load_scenario("deepseek-r1"))
    targets = [(src, "this is an input file")]
    if os.path.exists("/dev/full"):
        targets.append((Path("/dev/full"), "the disk is full"))
    for target, sentence in targets:
        dialog = ExportDialog(result, folder=tmp_path, open_folder=False)
        qtbot.addWidget(dialog)
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("json"))
        dialog.path_edit.setText(str(target))
        monkeypatch.setattr(dialog, "confirm_overwrite", lambda files: True)
        dialog.start_export()
        qtbot.waitUntil(lambda d=dialog: "failed" in d.status.text(), timeout=60_000)
        cli = run_cli("run", str(src), "--scenario", "deepseek-r1", "--format", "json",
                      "-o", str(target), "--force")
        line = cli.stderr.decode().strip()
        assert cli.returncode == 2 and sentence in line
        assert line.removeprefix("error: ") in dialog.status.text()
        assert "Traceback" not in dialog.status.text()
    assert src.read_bytes() == before


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_no_page_ends_on_a_heading(tmp_path, lang):
    """A section's title keeps its first subsection's title and chart (the 30-holding
    report with the uncertainty sections ended page 6 on "Sensitivity and reverse stress")."""
    from engine.report.i18n import TEXT

    out = tmp_path / f"r-{lang}.pdf"
    proc = run_cli("run", str(ROOT / "tests" / "fixtures" / "portfolio30.csv"), "--scenario",
                   "deepseek-r1", "--draws", "2000", "--seed", "1", "--lang", lang, "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    headings = {v[lang] for k, v in TEXT.items() if k.startswith("h_")}
    footer = re.compile(r"^Jevons |^Page \d+ of \d+$|^\d+ / \d+ ページ$")
    for page in range(1, _pages(out) + 1):
        body = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(out), "-"],
                              capture_output=True, text=True, check=True).stdout
        lines = [s.strip() for s in body.splitlines() if s.strip() and not footer.match(s.strip())]
        assert lines and lines[-1] not in headings, (page, lines[-1])
