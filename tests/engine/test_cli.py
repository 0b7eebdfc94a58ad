"""The command-line contract (DESIGN.md): output, exit codes, messages."""

from __future__ import annotations

import csv
import io
import json

import pytest

from engine import CHANNELS
from engine.errors import InputError
from tests.conftest import ROOT, run_cli

SAMPLE = ROOT / "resources" / "sample_portfolio.csv"


def _json(proc):
    assert proc.returncode == 0, proc.stderr.decode()
    return json.loads(proc.stdout)


def test_run_json_to_stdout_has_the_contract_fields():
    doc = _json(run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1", "--format", "json",
                        "-o", "-"))
    assert set(doc) >= {"scenario", "summary", "holdings", "distribution"}
    assert doc["scenario"]["name"] == "deepseek-r1"
    s = doc["summary"]
    assert set(s) >= {"value_before", "value_after", "pnl", "return_instant", "return_horizon",
                      "currency"}
    assert [h["ticker"] for h in doc["holdings"]] == ["NVDA", "TSLA", "META"]
    assert sum(h["pnl"] for h in doc["holdings"]) == pytest.approx(s["pnl"], rel=1e-12)
    assert s["value_after"] - s["value_before"] == pytest.approx(s["pnl"], rel=1e-12)
    for h in doc["holdings"]:
        assert set(h["attribution"]) == set(CHANNELS)
        assert sum(h["attribution"].values()) == pytest.approx(h["pnl"], rel=1e-9)
        assert h["exposure"] in ("library", "estimated", "industry", "fund", "fallback")
        assert h["value_after"] - h["value_before"] == pytest.approx(h["pnl"], rel=1e-12)


def test_run_csv_to_file_is_tidy_and_atomic(tmp_path):
    out = tmp_path / "r.csv"
    proc = run_cli("run", str(SAMPLE), "--scenario", "jevons-boom", "--format", "csv",
                   "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == 3 * len(CHANNELS)
    assert {r["channel"] for r in rows} == set(CHANNELS)
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]  # no temporary left
    again = run_cli("run", str(SAMPLE), "--scenario", "jevons-boom", "--format", "csv",
                    "-o", str(out))
    assert again.returncode == 2 and b"--force" in again.stderr


def test_scenario_file_and_base_currency(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text('name = "mine"\n[parameters]\nusd_jpy_change = -0.01\n', encoding="utf-8")
    doc = _json(run_cli("run", str(SAMPLE), "--scenario", str(f), "--base-currency", "JPY"))
    assert doc["summary"]["currency"] == "JPY"
    assert doc["summary"]["return_instant"] == pytest.approx(-0.01, abs=1e-12)


def test_lists_and_version():
    for args, needle in ((["scenarios"], b"deepseek-r1"), (["companies"], b"NVDA"),
                         (["--version"], b"jevons ")):
        proc = run_cli(*args)
        assert proc.returncode == 0 and needle in proc.stdout, proc.stderr


BAD_FILES = {
    "binary.csv": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    "empty.csv": (b"", "empty"),
    "nocols.csv": (b"foo,bar\n1,2\n", "no ticker column"),
    "words.csv": (b"ticker,shares\nNVDA,lots\n", "line 2"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_input_exits_2_with_one_line_and_leaves_the_file_alone(tmp_path, name):
    data, needle = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    proc = run_cli("run", str(path), "--scenario", "deepseek-r1")
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and needle in err
    assert path.read_bytes() == data


@pytest.mark.parametrize("args", [
    ["run", "SAMPLE", "--scenario", "deepseek-r9"],
    ["run", "/no/such/file.csv", "--scenario", "deepseek-r1"],
    ["run", "SAMPLE"],
    ["run", "SAMPLE", "--scenario", "deepseek-r1", "--format", "docx"],
    ["frobnicate"],
])
def test_usage_and_lookup_errors_exit_2(args):
    args = [str(SAMPLE) if a == "SAMPLE" else a for a in args]
    proc = run_cli(*args)
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert err.startswith("error: ") and "Traceback" not in err


def test_internal_fault_exits_1_and_logs_the_traceback(tmp_path, monkeypatch):
    """A bug (here: a corrupt resources folder) is exit 1, short message, full log."""
    res = tmp_path / "res"
    res.mkdir()
    (res / "scenarios").mkdir()
    (res / "scenarios" / "deepseek-r1.toml").write_bytes(
        (ROOT / "resources/scenarios/deepseek-r1.toml").read_bytes())
    (res / "model_settings.toml").write_bytes((ROOT / "resources/model_settings.toml").read_bytes())
    (res / "companies.csv").write_text("garbage\n", encoding="utf-8")
    log_dir = tmp_path / "log"
    proc = run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1",
                   env={"JEVONS_RESOURCES": str(res), "JEVONS_LOG_DIR": str(log_dir)})
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "internal fault" in err and "Traceback" not in err
    assert "Traceback" in (log_dir / "jevons.log").read_text(encoding="utf-8")


def test_output_to_a_pipe_keeps_the_pipe_and_a_link_is_never_followed(tmp_path):
    """-o on a FIFO (like /dev/null) writes through it instead of replacing it; a link at
    the target is refused, or with overwrite replaced itself (the file it names is kept)."""
    import os
    import stat
    import threading

    from engine.atomic import atomic_write

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    atomic_write(fifo, b"hello")
    reader.join(5)
    assert got == [b"hello"] and stat.S_ISFIFO(os.stat(fifo).st_mode)

    real = tmp_path / "real.json"
    real.write_bytes(b"old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with pytest.raises(InputError, match="symbolic link"):
        atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"old"
    atomic_write(link, b"new", overwrite=True)
    assert not link.is_symlink() and link.read_bytes() == b"new" and real.read_bytes() == b"old"
    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "elsewhere.json")
    with pytest.raises(InputError, match="symbolic link"):
        atomic_write(dangling, b"new")
    assert not (tmp_path / "elsewhere.json").exists()


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_text_runs_import_no_qt_and_no_other_writer(fmt):
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from gui import cli\n"
        f"code = cli.main(['run', {str(SAMPLE)!r}, '--scenario', 'deepseek-r1', '--draws', '300',"
        f" '--seed', '1', '--format', {fmt!r}, '-o', '-'])\n"
        "heavy = ('PySide6', 'shiboken6', 'pyqtgraph', 'openpyxl', 'matplotlib')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy\n"
        "             or m in ('gui.report_pdf', 'gui.report_charts', 'gui.charts',\n"
        "                      'engine.report.xlsx', 'engine.report.html'))\n"
        "print(code, bad, file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": ""}, timeout=120, check=False)
    assert proc.stderr.decode().strip().splitlines()[-1] == "0 []", proc.stderr.decode()
