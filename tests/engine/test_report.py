"""Report content and the Qt-free writers: JSON, CSV, XLSX, HTML; atomic writes."""

from __future__ import annotations

import csv
import errno
import io
import json
import re

import numpy as np
import openpyxl
import pandas as pd
import pytest

from engine import CHANNELS, load_scenario
from engine.errors import InputError
from engine.events import replay
from engine.parameters import PARAMETERS
from engine.report import to_csv_bytes
from engine.report.content import build_report, model_check_section
from engine.report.export import report_bytes, write_report
from engine.report.html import to_html_bytes
from engine.report.i18n import TEXT
from engine.report.xlsx import SHEETS
from tests.engine.report_fixtures import (
    GENERATED,
    HOSTILE,
    Evaluator,
    large_portfolio,
    large_result,
    sample_result,
)


@pytest.fixture(scope="module")
def sample():
    return sample_result()


@pytest.fixture(scope="module")
def large():
    return large_result()


def _content(result, lang="en", **kw):
    return build_report(result, lang, generated=GENERATED, **kw)


# -- content ------------------------------------------------------------------
def test_every_report_text_has_english_and_japanese():
    for key, langs in TEXT.items():
        assert set(langs) == {"en", "ja"}, key
        assert langs["en"].strip() and langs["ja"].strip(), key
        # the same fields in both languages
        assert set(re.findall(r"{(\w+)}", langs["en"])) == set(
            re.findall(r"{(\w+)}", langs["ja"])), key


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_content_numbers_are_the_results(sample, lang):
    c = _content(sample, lang)
    kpi = {k.key: k.value for k in c.kpis}
    s = sample.summary
    assert kpi["value_before"] == s.value_before and kpi["pnl"] == s.pnl
    assert [r["ticker"] for r in c.holdings.rows] == list(sample.holdings["ticker"])
    assert sum(r["pnl"] for r in c.attribution.rows) == pytest.approx(s.pnl, rel=1e-12)
    assert len(c.parameters) == len(PARAMETERS) and len(c.demand.rows) == sample.scenario.horizon_q + 1
    assert c.stamp.input_sha256 == sample.book.portfolio.source_sha256
    assert c.stamp.scenario_sha256 == sample.scenario.source_sha256
    assert c.date.isoformat() == "2026-11-22"
    # methodology carries this scenario's numbers
    text = " ".join(p for s_ in c.methodology for p in s_.paragraphs)
    assert "10" in text and f"{sample.demand['c'][-1]:.3f}" in text
    if lang == "ja":
        assert "計算" in text and "投資助言" in c.disclaimer
    # data sources name the snapshot date and the exposures used
    whats = " ".join(r["what"] for r in c.sources.rows)
    assert "NVDA" in whats and any(r["as_of"] == s.price_as_of for r in c.sources.rows)


def test_reference_preset_has_a_model_check_others_do_not(sample):
    c = _content(sample)
    mc = c.model_check
    assert mc is not None and mc.n == 3 and mc.event_date == "2025-01-27"
    nvda = next(r for r in mc.table.rows if r["ticker"] == "NVDA")
    assert nvda["realised"] == pytest.approx(-0.1697, abs=1e-3)
    assert nvda["error"] == pytest.approx(nvda["predicted"] - nvda["realised"])
    assert _content(sample_result("jevons-boom")).model_check is None


def test_model_check_section_by_hand():
    frame = pd.DataFrame({"ticker": ["A", "B", "C", "D"],
                          "predicted": [-0.10, 0.02, -0.05, 0.01],
                          "realised": [-0.20, 0.01, -0.02, np.nan]})
    mc = model_check_section(frame, "en", holdings=["A", "B", "C", "D", "E"])
    assert mc.n == 3
    assert mc.mean_abs_error == pytest.approx((0.10 + 0.01 + 0.03) / 3)
    assert mc.rank_agreement == pytest.approx(1.0)  # same order: A < C < B
    assert mc.direction_hits == 3
    assert mc.missing == ("D", "E") and "D, E" in mc.missing_text
    assert model_check_section(frame.iloc[3:], "ja") is None


def test_replay_report_is_labelled_history_and_has_no_model_chain(sample):
    r = replay(sample.book, "2025-01-27")
    c = _content(r)
    assert c.title.startswith("Historical replay") and c.parameters == ()
    assert c.model_check is None and c.demand.rows == ()
    assert "not the model" in c.methodology[0].paragraphs[0]
    html = to_html_bytes(c).decode()
    assert "Historical replay" in html
    # The realised move is named as history, not as the model's market channel.
    labels = [row["label"] for row in c.attribution.rows]
    assert "Realised price move" in labels and "Market" not in labels
    assert "Realised" in [col.label for col in c.attribution_by_holding.columns]


def test_distribution_section_appears_only_when_computed(sample):
    import dataclasses

    from engine.montecarlo import simulate
    from engine.sensitivity import drivers

    assert _content(sample).distribution is None
    mc = simulate(sample.book, sample.scenario, 2000, seed=7)
    tornado = drivers(sample.book, sample.scenario, variance_share=mc.variance_share)
    c = _content(dataclasses.replace(sample, distribution=mc.distribution(), drivers=tornado),
                 "ja")
    d = c.distribution
    assert d.draws == 2000 and d.seed == 7 and sum(d.histogram[1]) == 2000
    assert d.stats.rows[0]["value"] == mc.distribution().money.mean
    labels = {"elasticity_long": "長期の需要弾力性"}
    assert [r["parameter"] for r in d.tornado.rows] == [b.parameter for b in tornado.bars]
    assert any(r["label"] == labels["elasticity_long"] for r in d.tornado.rows)
    assert c.stamp.draws == 2000 and c.stamp.seed == 7
    assert any(k.key == "var95" for k in c.kpis)
    # Losses read as negative amounts: VaR and ES as P&L.
    money = mc.distribution().money
    rows = {r["key"]: r["value"] for r in d.stats.rows}
    assert rows["var95"] == -money.var95 < 0 and rows["es99"] == -money.es99 < 0
    assert next(k.value for k in c.kpis if k.key == "es95") == -money.es95
    wb = openpyxl.load_workbook(io.BytesIO(report_bytes(c, "xlsx")))
    assert wb["Distribution"]["A4"].value == TEXT["col_statistic"]["ja"]


# -- JSON ---------------------------------------------------------------------
def test_json_keeps_the_contract_and_adds_the_report(sample):
    doc = json.loads(report_bytes(_content(sample, "ja"), "json"))
    assert set(doc) >= {"scenario", "summary", "holdings", "distribution", "report"}
    rep = doc["report"]
    assert rep["lang"] == "ja" and rep["stamp"]["input_sha256"]
    assert rep["model_check"]["n"] == 3 and rep["methodology"] and rep["sources"]
    assert [k["key"] for k in rep["kpis"]][:3] == ["value_before", "value_after", "pnl"]


# -- CSV ----------------------------------------------------------------------
def test_csv_tidy_rows_and_injection_guard(large):
    rows = list(csv.DictReader(io.StringIO(to_csv_bytes(large).decode("utf-8"))))
    assert len(rows) == len(large.holdings) * len(CHANNELS)
    assert {"ticker", "scenario", "value_before", "value_after", "pnl", "channel",
            "channel_pnl"} <= set(rows[0])
    names = {r["name"] for r in rows}
    assert "'" + HOSTILE[0] in names and HOSTILE[0] not in names
    assert "'+SUM(A1)" in names and "'@cmd" in names and "'-2+3" in names
    total = sum(float(r["channel_pnl"]) for r in rows)
    assert total == pytest.approx(large.summary.pnl, rel=1e-9)


# -- XLSX ---------------------------------------------------------------------
@pytest.mark.parametrize("which", ["sample", "large"])
def test_xlsx_formulas_evaluate_to_the_engine_totals(sample, large, which):
    result = sample if which == "sample" else large
    wb = openpyxl.load_workbook(io.BytesIO(report_bytes(_content(result), "xlsx")))
    assert wb.sheetnames[:6] == list(SHEETS)
    ev = Evaluator(wb)
    summary = wb["Summary"]
    found = {}
    s = result.summary
    for row in summary.iter_rows(min_row=1, max_col=2):
        label, cell = row[0].value, row[1]
        if isinstance(cell.value, str) and cell.value.startswith("="):
            found[label] = ev.formula("Summary", cell.value)
    labels = {k: TEXT[k]["en"] for k in ("kpi_value_before", "kpi_value_after", "kpi_pnl",
                                         "kpi_return_instant", "kpi_pnl_horizon",
                                         "kpi_return_horizon")}
    assert found[labels["kpi_value_before"]] == pytest.approx(s.value_before, rel=1e-9)
    assert found[labels["kpi_value_after"]] == pytest.approx(s.value_after, rel=1e-9)
    assert found[labels["kpi_pnl"]] == pytest.approx(s.pnl, rel=1e-9, abs=1e-6)
    assert found[labels["kpi_return_instant"]] == pytest.approx(s.return_instant, abs=1e-12)
    assert found[labels["kpi_pnl_horizon"]] == pytest.approx(s.pnl_horizon, rel=1e-9,
                                                             abs=1e-6)
    assert found[labels["kpi_return_horizon"]] == pytest.approx(s.return_horizon,
                                                                abs=1e-12)
    for ch in CHANNELS:  # channel totals on the Summary come from the Attribution rows
        label = next(r["label"] for r in _content(result).attribution.rows
                     if r["channel"] == ch)
        assert found[label] == pytest.approx(s.attribution[ch], rel=1e-9, abs=1e-6)
    # every holding's value before is shares × price × rate, a live formula
    hold = wb["Holdings"]
    n = len(result.holdings)
    assert hold["G2"].value == "=C2*D2*F2" and hold.cell(n + 2, 7).value == f"=SUM(G2:G{n + 1})"
    assert ev.formula("Holdings", hold.cell(n + 2, 9).value) == pytest.approx(
        s.pnl, rel=1e-9, abs=1e-6)
    assert ev.formulas_seen > 3 * n  # the totals really were traced through row formulas
    assert hold.freeze_panes == "B2" and wb["Attribution"].freeze_panes == "B2"
    assert hold.column_dimensions["B"].width > 20


def test_xlsx_writes_hostile_names_as_text(large):
    wb = openpyxl.load_workbook(io.BytesIO(report_bytes(_content(large), "xlsx")))
    names = [c.value for c in wb["Holdings"]["B"][1:]]
    assert HOSTILE[0] in names  # kept verbatim …
    cell = next(c for c in wb["Holdings"]["B"] if c.value == HOSTILE[0])
    assert cell.data_type == "s"  # … as a string, never a formula


# -- HTML ---------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ja"])
def test_html_is_self_contained_and_escapes_user_text(large, lang):
    html = to_html_bytes(_content(large, lang),
                         {"attribution": ("image/png", b"\x89PNG fake")}).decode("utf-8")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in html
    # nothing is fetched: only data: images, and a policy that forbids the rest
    assert re.findall(r'(?:src|href)="(?!data:)', html) == []
    assert "default-src 'none'" in html and "data:image/png;base64," in html
    assert "thead" in html and "@media print" in html
    assert (lang == "ja") == ("投資助言" in html)


# -- atomic writes ---------------------------------------------------------------
def test_a_writer_crashing_half_way_leaves_no_file(sample, tmp_path, monkeypatch):
    import engine.report.xlsx as xlsx

    def boom(*args, **kwargs):
        raise RuntimeError("simulated crash in the middle of the workbook")

    monkeypatch.setattr(xlsx, "_sources", boom)
    target = tmp_path / "report.xlsx"
    with pytest.raises(RuntimeError):
        write_report(_content(sample), "xlsx", target)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("existing", [False, True])
def test_a_full_disk_leaves_no_partial_file_and_keeps_the_old_one(sample, tmp_path,
                                                                   monkeypatch, existing):
    import engine.atomic as atomic

    target = tmp_path / "report.json"
    if existing:
        target.write_bytes(b"the old report")
    real_fdopen = atomic.os.fdopen

    class FullDisk:
        def __init__(self, fh):
            self.fh = fh

        def write(self, data):
            self.fh.write(data[: len(data) // 2])  # half of it reaches the disk
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.fh, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.fh.close()

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    with pytest.raises(InputError, match="the disk is full") as info:
        write_report(_content(sample), "json", target, overwrite=existing)
    assert info.value.__cause__.errno == errno.ENOSPC and info.value.file == str(target)
    assert [p.name for p in tmp_path.iterdir()] == (["report.json"] if existing else [])
    if existing:
        assert target.read_bytes() == b"the old report"


def test_never_overwrites_without_being_told(sample, tmp_path):
    target = tmp_path / "r.csv"
    target.write_text("mine")
    with pytest.raises(InputError, match="--force"):
        write_report(_content(sample), "csv", target)
    assert target.read_text() == "mine"
    write_report(_content(sample), "csv", target, overwrite=True)
    assert target.read_text().startswith("ticker,")


def test_large_portfolio_content_is_consistent(large):
    c = _content(large, "ja")
    assert len(c.holdings.rows) == 500
    assert c.holdings.total["pnl"] == pytest.approx(
        sum(r["pnl"] for r in c.holdings.rows), rel=1e-9)
    assert any(r["exposure_key"] == "fallback" for r in c.holdings.rows)
    assert large_portfolio().holdings["name"].iloc[1] == HOSTILE[1]


def test_scenario_parameters_are_reported_with_units(sample):
    c = _content(sample)
    k = next(p for p in c.parameters if p.name == "efficiency_multiple")
    assert k.value == load_scenario("deepseek-r1")["efficiency_multiple"]
    assert k.value_text.endswith("×")
    assert k.distribution.startswith("lognormal(") and "sigma=0.5" in k.distribution


# -- the validation appendix ---------------------------------------------------------
@pytest.fixture(scope="module")
def fake_validation():
    from engine.validation import Validation, validate_event
    from tests.engine import fake_marketdata as fake

    history, master = fake.build()
    return Validation([validate_event(fake.EVENT.date().isoformat(), "deepseek-r1",
                                      history=history, master=master)])


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_report_carries_the_validation_table_with_model_and_baselines(sample, fake_validation,
                                                                         lang):
    from engine.report.outline import Heading, TableBlock, outline

    ev = fake_validation.events[0]
    c = _content(sample, lang, validation=fake_validation)
    v = c.validation
    assert v.heading == TEXT["h_validation"][lang]
    (event,) = v.events
    rows = {r["label"]: r for r in event.table.rows}
    assert len(rows) == len(ev.presets) + len(ev.baselines) and len(ev.baselines) >= 2
    model = TEXT["validation_model"][lang].format(preset="deepseek-r1") + " *"
    assert rows[model]["spearman"] == ev.presets["deepseek-r1"]["spearman"]
    assert rows[model]["mae"] == ev.presets["deepseek-r1"]["mae"]
    for b, figures in ev.baselines.items():
        label = TEXT["validation_baseline"][lang].format(baseline=TEXT[f"baseline_{b}"][lang])
        assert rows[label]["spearman"] == figures["spearman"]
        assert rows[label]["sign"] == figures["sign_agreement"]
    # the fake event (2025) is after the calibration period: out of sample, said so
    assert event.notes[0].startswith(TEXT["validation_out_of_sample"][lang][:6])
    wins = ev.to_dict()["baselines_that_win"]
    assert (TEXT["validation_holds"][lang] in event.notes) == (not wins)
    # The outline carries it (so the HTML and the PDF show it): heading, table, notes.
    blocks = outline(c)
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == v.heading)
    assert any(isinstance(b, TableBlock) and b.table is event.table for b in blocks[at:])
    html = to_html_bytes(c).decode("utf-8")
    assert v.heading in html
    assert c.format(ev.presets["deepseek-r1"]["spearman"], "factor") in html
    for b in ev.baselines:
        assert TEXT[f"baseline_{b}"][lang] in html
    # and the workbook a sheet of it
    wb = openpyxl.load_workbook(io.BytesIO(report_bytes(c, "xlsx")))
    ws = wb["Validation"]
    values = [cell for row in ws.iter_rows(values_only=True) for cell in row if cell is not None]
    assert v.heading in values and model in values
    assert ev.presets["deepseek-r1"]["spearman"] in values


def test_the_validation_appendix_is_left_out_when_asked(sample):
    c = _content(sample, validation=None)
    assert c.validation is None
    assert TEXT["h_validation"]["en"] not in to_html_bytes(c).decode("utf-8")
    wb = openpyxl.load_workbook(io.BytesIO(report_bytes(c, "xlsx")))
    assert "Validation" not in wb.sheetnames


def test_by_default_a_report_validates_on_every_documented_event(sample):
    from engine.events import list_events, load_event
    from engine.validation import shipped_validation

    c = _content(sample)
    events = list_events()
    assert len(c.validation.events) == len(events) >= 2
    for event, documented in zip(c.validation.events, events, strict=True):
        assert event.title.startswith(load_event(documented.date).title)
    shipped = shipped_validation()
    for event, ev in zip(c.validation.events, shipped.events, strict=True):
        # every documented event is in the calibration period so far: in-sample, said so
        assert event.notes[0].startswith("In-sample") == (ev.date <= "2025-01-31")
        if ev.matching_preset:
            labels = [r["label"] for r in event.table.rows]
            assert f"model: {ev.matching_preset} *" in labels
