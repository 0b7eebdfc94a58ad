"""No silent wrong number and no internal fault: signs, totals, targets, disks, hostile files.

Each test is one condition a user can meet (a short book, ``-o`` naming the
input, a full disk, a closed stdout, a TOML bomb, an absurd share count …)
and checks the promised outcome: exit 0 with finite, consistent numbers, or
exit 2 with one ``error:`` line naming the file; never a traceback, never a
changed input, never a partial output.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import math
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from engine import evaluate, load_library, load_scenario, portfolio_from_records
from engine.atomic import TEMP_PATTERN, atomic_write, sweep_stale
from engine.errors import InputError
from engine.report.content import build_report
from engine.report.export import report_bytes
from engine.returns import MAX_POSITION_VALUE, gross_exposure
from tests.conftest import FIXTURES, ROOT, run_cli

SAMPLE = ROOT / "resources" / "sample_portfolio.csv"
BOOKS = {
    "all_short": b"ticker,shares\nNVDA,-100\nTSLA,-30\n",
    "net_short": b"ticker,shares\nNVDA,-100\nTSLA,20\n",
    "net_zero": b"ticker,shares,price\nNVDA,100,200\nAMD,-200,100\n",
}


def _error_line(proc) -> str:
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, err
    assert err.startswith("error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "internal fault" not in err, err
    return err


# -- 1. signs and totals ----------------------------------------------------------
@pytest.mark.parametrize("book", sorted(BOOKS))
def test_a_short_book_shows_the_return_with_the_sign_of_its_pnl_in_every_text_format(
        tmp_path, book):
    src = tmp_path / "p.csv"
    src.write_bytes(BOOKS[book])
    doc = json.loads(run_cli("run", str(src), "--scenario", "deepseek-r1").stdout)
    s, holdings = doc["summary"], doc["holdings"]
    gross = sum(abs(h["value_before"]) for h in holdings)
    assert s["pnl"] == math.fsum(h["pnl"] for h in holdings)
    assert s["return_instant"] == pytest.approx(s["pnl"] / gross, rel=1e-12)
    assert np.sign(s["return_instant"]) == np.sign(s["pnl"]) != 0
    assert np.sign(s["return_horizon"]) == np.sign(s["pnl_horizon"])
    for h in holdings:
        assert np.sign(h["return_instant"]) == np.sign(h["pnl"])

    out = tmp_path / "r.csv"
    assert run_cli("run", str(src), "--scenario", "deepseek-r1", "-o", str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    for r in rows:
        assert np.sign(float(r["return_instant"])) == np.sign(float(r["pnl"]))

    result = evaluate(_portfolio(BOOKS[book]), load_scenario("deepseek-r1"))
    content = build_report(result, "en")
    wb = openpyxl.load_workbook(io.BytesIO(report_bytes(content, "xlsx")), data_only=True)
    cached = {r[0].value: r[1].value for r in wb["Summary"].iter_rows(max_col=2)}
    ret, pnl = cached["Day-one return"], cached["Day-one P&L"]
    assert np.sign(ret) == np.sign(pnl) and ret == pytest.approx(pnl / gross, rel=1e-12)
    html = report_bytes(content, "html").decode("utf-8")
    from engine.formatting import format_percent

    assert format_percent(result.summary.return_instant) in html
    assert (result.summary.return_instant > 0) == (result.summary.pnl > 0)


def _portfolio(data: bytes):
    from engine.importer import load_bytes

    return load_bytes(data, None, name="p", source="p.csv")


def test_the_xlsx_return_formulas_use_the_gross_exposure(tmp_path):
    from tests.engine.report_fixtures import Evaluator

    result = evaluate(_portfolio(BOOKS["net_short"]), load_scenario("deepseek-r1"))
    wb = openpyxl.load_workbook(io.BytesIO(report_bytes(build_report(result, "en"), "xlsx")))
    ev = Evaluator(wb)
    formulas = {r[0].value: r[1].value for r in wb["Summary"].iter_rows(max_col=2)}
    assert "SUMPRODUCT(ABS(" in formulas["Day-one return"]
    assert ev.formula("Summary", formulas["Day-one return"]) == pytest.approx(
        result.summary.return_instant, rel=1e-12)
    assert ev.formula("Summary", formulas["Day-one P&L"]) == pytest.approx(
        result.summary.pnl, rel=1e-12)


def test_ten_thousand_long_and_short_holdings_add_up_exactly():
    lib = load_library()
    known = [t for t in lib.companies.index if not t.endswith(".T")]
    rng = np.random.default_rng(3)
    records = [{"ticker": known[i % len(known)], "currency": "USD",
                "shares": float(rng.integers(1, 5000)) * (-1 if i % 2 else 1),
                "price": float(rng.uniform(1, 900))} for i in range(10_000)]
    result = evaluate(portfolio_from_records(records, name="big"), load_scenario("deepseek-r1"))
    h, s = result.holdings, result.summary
    assert s.pnl == math.fsum(h["pnl"])
    assert s.pnl_horizon == math.fsum(h["pnl_horizon"])
    assert s.value_before == math.fsum(h["value_before"])
    assert s.gross_exposure == gross_exposure(h["value_before"].to_numpy())
    assert s.return_instant == s.pnl / s.gross_exposure


# -- 5. finite numbers --------------------------------------------------------------
CASH_LIKE = {
    "cash_only": [{"ticker": "USD", "shares": 1000.0, "kind": "cash", "currency": "USD"}],
    "zero_shares": [{"ticker": "NVDA", "shares": 0.0, "price": 100.0, "currency": "USD"}],
    "tiny_price": [{"ticker": "NVDA", "shares": 1.0, "price": 1e-300, "currency": "USD"}],
}


@pytest.mark.parametrize("case", sorted(CASH_LIKE))
def test_a_book_with_nothing_at_risk_writes_no_nan_anywhere(case):
    result = evaluate(portfolio_from_records(CASH_LIKE[case], name=case),
                      load_scenario("deepseek-r1"))
    content = build_report(result, "en")
    data = report_bytes(content, "xlsx")
    assert b"<v>nan</v>" not in data and b"<v>inf</v>" not in data
    wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)  # Excel would not repair it
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                assert not (isinstance(v, float) and not math.isfinite(v)), (ws.title, cell)
                assert not (isinstance(v, str) and v.lower() in ("nan", "inf", "-inf", "#num!"))
    for fmt in ("json", "csv", "html"):
        text = report_bytes(content, fmt).decode("utf-8")
        assert not re.search(r"\b(nan|inf|infinity)\b", text, re.IGNORECASE), fmt
    json.loads(report_bytes(content, "json"))  # strict JSON: no NaN token


@pytest.mark.parametrize("shares", ["1e300", "1e308", "-1e308", "1e309", "1e16"])
def test_an_absurd_position_is_refused_naming_the_row(tmp_path, shares):
    src = tmp_path / "p.csv"
    src.write_bytes(f"ticker,shares\nMETA,1\nNVDA,{shares}\n".encode())
    err = _error_line(run_cli("run", str(src), "--scenario", "deepseek-r1"))
    assert "line 3" in err and str(src) in err
    assert f"{MAX_POSITION_VALUE:.0e}" in err or "shares" in err.lower()


# -- the output file ------------------------------------------------------------------
def test_the_output_may_never_be_the_input(tmp_path):
    src = tmp_path / "p.csv"
    data = SAMPLE.read_bytes()
    src.write_bytes(data)
    link = tmp_path / "link.csv"
    link.symlink_to(src)
    hard = tmp_path / "hard.csv"
    os.link(src, hard)
    for target in (src, link, hard, tmp_path / "." / "p.csv"):
        for force in ((), ("--force",)):
            err = _error_line(run_cli("run", str(src), "--scenario", "deepseek-r1", "--format",
                                      "csv", "-o", str(target), *force))
            assert "input file" in err
    assert src.read_bytes() == data and link.is_symlink()
    scenario = tmp_path / "mine.json"  # a scenario file named like a report
    scenario.write_bytes(b'name = "mine"\n[parameters]\nusd_jpy_change = -0.01\n')
    err = _error_line(run_cli("run", str(src), "--scenario", str(scenario), "-o", str(scenario),
                              "--force"))
    assert "input file" in err and scenario.read_bytes().startswith(b"name")


def test_a_scenario_file_read_in_the_app_can_be_saved_back(tmp_path):
    """Only the portfolio is protected process-wide: a scenario or profile the app read
    may be saved over (the command line protects those of its own run)."""
    from engine import load_portfolio
    from engine.importer import load_profile, save_profile

    scenario = tmp_path / "mine.toml"
    scenario.write_bytes(b'name = "mine"\n[parameters]\nusd_jpy_change = -0.01\n')
    load_scenario(str(scenario))
    atomic_write(scenario, b'name = "mine"\n', overwrite=True)
    profile = tmp_path / "p.toml"
    profile.write_bytes(b'profile = "p"\nencoding = "utf-8"\n')
    save_profile(load_profile(profile), profile)
    src = tmp_path / "p.csv"
    src.write_bytes(SAMPLE.read_bytes())
    load_portfolio(src)
    with pytest.raises(InputError, match="input file"):
        atomic_write(src, b"x", overwrite=True)


def test_a_link_at_the_target_is_refused_or_replaced_never_followed(tmp_path):
    elsewhere = tmp_path / "precious.txt"
    elsewhere.write_bytes(b"keep me")
    link = tmp_path / "r.json"
    link.symlink_to(elsewhere)
    err = _error_line(run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1", "-o", str(link)))
    assert "symbolic link" in err
    proc = run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1", "-o", str(link), "--force")
    assert proc.returncode == 0, proc.stderr
    assert not link.is_symlink() and json.loads(link.read_bytes())["summary"]
    assert elsewhere.read_bytes() == b"keep me"
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    err = _error_line(run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1", "-o", str(loop),
                              "--force"))
    assert "loop" in err


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES, errno.ENOSPC, errno.EDQUOT])
def test_a_folder_or_disk_that_refuses_the_write_is_a_clear_input_error(tmp_path, monkeypatch,
                                                                        code):
    import engine.atomic as atomic

    def refuse(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(tmp_path / ".x.part"))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    with pytest.raises(InputError) as info:
        atomic_write(tmp_path / "r.json", b"{}")
    text = str(info.value)
    assert str(tmp_path / "r.json") in text
    assert {errno.EROFS: "read-only", errno.EACCES: "permission", errno.ENOSPC: "disk is full",
            errno.EDQUOT: "quota"}[code] in text
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_folder_the_user_cannot_write_exits_2(tmp_path):
    """A real refusal from the OS: a read-only folder, or for root (who may write any
    folder) sysfs, where no file can be created."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
    elif os.path.isdir("/sys/kernel"):
        folder = Path("/sys/kernel")
    else:
        pytest.skip("root, and no sysfs to refuse a write")
    try:
        err = _error_line(run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1",
                                  "-o", str(folder / "r.json")))
        assert str(folder / "r.json") in err
        assert "permission" in err or "read-only" in err or "not permitted" in err
    finally:
        if folder.is_relative_to(tmp_path):
            folder.chmod(0o755)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_disk_and_a_full_or_closed_stdout_exit_2_with_a_sentence():
    err = _error_line(run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1", "--format",
                              "json", "-o", "/dev/full"))
    assert "/dev/full" in err and "disk is full" in err
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "gui.cli", "run", str(SAMPLE), "--scenario", "deepseek-r1"]
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(cmd, stdout=full, stderr=subprocess.PIPE, env=env, timeout=120,
                              check=False)
    assert "standard output" in _error_line(proc) and b"disk is full" in proc.stderr
    closed = subprocess.run(["bash", "-c", 'exec "$@" >&-', "bash", *cmd],
                            stderr=subprocess.PIPE, env=env, timeout=120, check=False)
    assert "standard output is closed" in _error_line(closed)


def test_stale_part_files_of_killed_runs_are_swept_and_live_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".r.pdf.jevons-{dead.pid}-abc123.part"
    alive = tmp_path / f".r.pdf.jevons-{os.getppid()}-def456.part"  # our parent still runs
    foreign = tmp_path / ".r.pdf.1234.part"  # not our pattern: never touched
    for p in (stale, alive, foreign):
        p.write_bytes(b"x" * 100)
        old = time.time() - 3600
        os.utime(p, (old, old))
    assert TEMP_PATTERN.match(stale.name) and not TEMP_PATTERN.match(foreign.name)
    atomic_write(tmp_path / "r.pdf", b"%PDF")
    assert not stale.exists() and alive.exists() and foreign.exists()
    assert sweep_stale(tmp_path) == []
    assert (tmp_path / "r.pdf").read_bytes() == b"%PDF"


def test_an_interrupted_write_leaves_nothing(tmp_path):
    def interrupted(fh):
        fh.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write(tmp_path / "r.json", interrupted)
    assert list(tmp_path.iterdir()) == []


# -- hostile inputs -----------------------------------------------------------------
@pytest.mark.parametrize("bomb", [
    "a = " + "[" * 5000 + "]" * 5000,
    "a = " + "{b = " * 3000 + "1" + "}" * 3000,
    "a = " + "[" * 20 + "1" + "]" * 20,
    "x = 1\n" * 60_000,
])
def test_a_toml_bomb_as_scenario_or_profile_exits_2_naming_the_file(tmp_path, bomb):
    scenario = tmp_path / "bomb.toml"
    scenario.write_text(bomb, encoding="utf-8")
    err = _error_line(run_cli("run", str(SAMPLE), "--scenario", str(scenario)))
    assert str(scenario) in err
    err = _error_line(run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1",
                              "--import-profile", str(scenario)))
    assert str(scenario) in err


@pytest.mark.parametrize("encoding", ["punycode", "undefined", "rot13", "idna", "base64"])
def test_a_profile_naming_a_codec_that_is_not_a_text_encoding_exits_2(tmp_path, encoding):
    profile = tmp_path / "mine.toml"
    profile.write_text(f'profile = "mine"\nencoding = "{encoding}"\n', encoding="utf-8")
    err = _error_line(run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1",
                              "--import-profile", str(profile)))
    assert f"{profile}, line 2" in err and "encoding" in err


def test_a_fifo_as_input_is_refused_at_once(tmp_path):
    fifo = tmp_path / "p.csv"
    os.mkfifo(fifo)
    err = _error_line(run_cli("run", str(fifo), "--scenario", "deepseek-r1"))
    assert "pipe" in err
    scenario = tmp_path / "s.toml"
    os.mkfifo(scenario)
    assert "pipe" in _error_line(run_cli("run", str(SAMPLE), "--scenario", str(scenario)))


@pytest.mark.skipif(sys.platform != "linux", reason="file names are bytes only on Linux")
def test_a_file_name_that_is_not_utf8_works_in_every_format(tmp_path):
    name = os.fsdecode(b"caf\xe9")
    src = tmp_path / f"{name}.csv"
    src.write_bytes(SAMPLE.read_bytes())
    for fmt in ("json", "csv", "xlsx"):
        out = tmp_path / f"out-{name}.{fmt}"
        proc = run_cli("run", str(src), "--scenario", "deepseek-r1", "-o", str(out))
        assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
        assert b"caf\\xe9" in proc.stderr and out.exists()
    doc = json.loads((tmp_path / f"out-{name}.json").read_bytes())
    assert doc["portfolio"]["file"].endswith("caf\\xe9.csv")


def test_an_unwritable_log_folder_falls_back_to_stderr(tmp_path):
    """A bug with no log folder: the details on stderr, no pointer to a log that is not there."""
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    res = tmp_path / "res"
    (res / "scenarios").mkdir(parents=True)
    (res / "scenarios" / "deepseek-r1.toml").write_bytes(
        (ROOT / "resources/scenarios/deepseek-r1.toml").read_bytes())
    (res / "model_settings.toml").write_bytes((ROOT / "resources/model_settings.toml").read_bytes())
    (res / "companies.csv").write_text("garbage\n", encoding="utf-8")
    proc = run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1",
                   env={"JEVONS_RESOURCES": str(res), "JEVONS_LOG_DIR": str(blocker / "log")})
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "log folder cannot be written" in err
    assert "details in" not in err and err.count("internal fault") == 1


# -- the command line ------------------------------------------------------------------
def test_the_format_follows_the_output_name_and_a_mismatch_is_an_error(tmp_path):
    out = tmp_path / "r.xlsx"
    proc = run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes()[:2] == b"PK"
    line = proc.stderr.decode().strip().splitlines()[-1]
    assert line.startswith(f"wrote {out} (xlsx): value $") and "day-one P&L" in line
    assert "→" in line and "gross exposure" in line
    err = _error_line(run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1", "--format", "csv",
                              "-o", str(tmp_path / "r.json")))
    assert "does not match" in err
    err = _error_line(run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1",
                              "-o", str(tmp_path / "r.txt")))
    assert "--format" in err
    explicit = run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1", "--format", "csv",
                       "-o", str(tmp_path / "r.txt"))
    assert explicit.returncode == 0 and (tmp_path / "r.txt").read_text().startswith("ticker,")
    stdout = run_cli("run", str(SAMPLE), "--scenario", "deepseek-r1")
    assert json.loads(stdout.stdout)["summary"] and b"wrote standard output (json)" in stdout.stderr
    assert not (tmp_path / "r.json").exists()


def test_market_only_holdings_are_warned_about(tmp_path):
    src = tmp_path / "p.csv"
    src.write_bytes(b"ticker,shares,price\nNVDA,10,\nZZZQ,5,12.5\n")
    proc = run_cli("run", str(src), "--scenario", "deepseek-r1", "-o", str(tmp_path / "r.csv"))
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert "warning: 1 holding (ZZZQ) is not in the exposure library and moves with the market " \
           "only" in err


def test_options_and_bonds_are_named_for_what_the_model_leaves_out(tmp_path):
    from engine import load_portfolio, prepare

    yen_bond = tmp_path / "jgb.csv"  # no yen bond index fund to move like: the market only
    yen_bond.write_bytes(b"ticker,name,shares,price,market_value,currency,kind\n"
                         b"JGB10,JAPAN GOVT BOND 10Y,1000000,99.5,995000,JPY,bond\n"
                         b"NVDA,NVIDIA,10,,,,\n")
    for path, ticker, said in (
            (FIXTURES / "import" / "brokers" / "ibkr_activity_statement.csv",
             "NVDA 21MAR25 150 C",
             "is an option: kept at the file's value, it moves with the market only (its "
             "leverage to the underlying is not modelled)"),
            (yen_bond, "JGB10",
             "is a bond with no bond index fund of its currency to move like: kept at the "
             "file's value, it moves with the market only")):
        proc = run_cli("run", str(path), "--scenario", "deepseek-r1", "--format", "json",
                       "-o", str(tmp_path / f"{path.stem}.json"))
        err = proc.stderr.decode()
        assert proc.returncode == 0, err
        assert f"warning: 1 holding ({ticker}) {said}" in err
        assert "not in the exposure library" not in err  # said once, as what it is
        h = prepare(load_portfolio(path)).holdings.set_index("ticker")
        assert h.loc[ticker, "exposure"] == "fallback" and h.loc[ticker, "category"] == "market"
        reason = h.loc[ticker, "exposure_reason"]
        assert reason.startswith(("An option, kept", "A bond with no bond index fund")), reason
        assert "Assign a category" not in reason


def test_no_display_is_a_clear_exit_2():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run([sys.executable, "-m", "gui.cli"], capture_output=True, env=env,
                          timeout=60, check=False)
    assert proc.returncode == 2
    assert proc.stderr.decode() == ("error: no display found; use `jevons run …` or set "
                                    "QT_QPA_PLATFORM=offscreen\n")


def test_ctrl_c_exits_130_and_leaves_no_output(tmp_path, monkeypatch, capsys):
    import engine.analysis
    from gui import cli

    def interrupted(*args, progress=None, **kwargs):
        progress(0.5)
        raise KeyboardInterrupt

    monkeypatch.setattr(engine.analysis, "run_report_analysis", interrupted)
    out = tmp_path / "r.json"
    rc = cli.main(["run", str(SAMPLE), "--scenario", "deepseek-r1", "--draws", "1000",
                   "-o", str(out)])
    assert rc == 130 and list(tmp_path.iterdir()) == []
    assert "interrupted" in capsys.readouterr().err


def test_progress_on_a_terminal_shows_draws_and_time_left(monkeypatch, capsys):
    from gui import cli

    clock = iter([0.0, 1.0, 3.0, 3.1, 6.0, 8.0])
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    with cli._Progress(1_000_000, clock=lambda: next(clock)) as progress:
        progress(0.1)  # t=1 s: too early to speak
        progress(0.3)  # t=3 s: 30%, 7 s left
        progress(0.31)  # t=3.1 s: throttled
        progress(0.6)  # t=6 s
        progress(0.9)  # t=8 s: the draws are done, the analysis runs
    err = capsys.readouterr().err
    assert "Monte Carlo: 375,000 of 1,000,000 draws (30%), about 7 s left" in err
    assert "750,000 of 1,000,000 draws (60%), about 4 s left" in err
    assert "(31%)" not in err and "(10%)" not in err
    assert "1,000,000 draws done, analysing them (90%), about 1 s left" in err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    with cli._Progress(10, clock=iter([100.0, 200.0]).__next__) as quiet:
        quiet(0.5)
    assert capsys.readouterr().err == ""


# -- encodings ------------------------------------------------------------------------
def _full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.mark.parametrize("encoding", ["cp932", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("body", [
    "ｔｉｃｋｅｒ,ＳＨＡＲＥＳ\nNVDA,100\n",
    "ticker,shares\nＴＳＬＡ,30\n",
    "ｔｉｃｋｅｒ,ＳＨＡＲＥＳ\nトヨタ,300\n",
    "銘柄コード,保有数量\n" + _full_width("NVDA") + ",１００\n",
])
def test_japanese_files_with_full_width_latin_are_read(encoding, body):
    from engine.importer.detect import decode

    if encoding != "cp932":
        body += "😀,1\n"
    text, _enc, _confidence = decode(body.encode(encoding))
    assert text == body


def test_the_monte_carlo_uses_the_same_returns():
    """A net-short book: the distribution's returns are its money over the gross exposure,
    and the median P&L has the sign of its median return."""
    from engine.montecarlo import simulate

    result = evaluate(_portfolio(BOOKS["net_short"]), load_scenario("deepseek-r1"))
    gross = result.summary.gross_exposure
    dist = simulate(result.book, load_scenario("deepseek-r1"), 2_000, seed=1).distribution()
    assert dist.money.mean == pytest.approx(dist.returns.mean * gross, rel=1e-9)
    assert dist.money.p50 == pytest.approx(dist.returns.p50 * gross, rel=1e-9)
    assert np.sign(dist.money.p50) == np.sign(dist.returns.p50)
    assert dist.day_one.expected_return == pytest.approx(dist.day_one.expected_pnl / gross,
                                                          rel=1e-12)


def test_the_summary_line_names_the_coverage_when_the_result_has_it():
    from engine.outcomes import ExposureSource
    from gui import cli

    coverage = {ExposureSource.FALLBACK: 0.2, ExposureSource.LIBRARY: 0.8,
                ExposureSource.UNPRICED: 0.0}
    assert cli._coverage_text(coverage) == "curated 80%, fallback 20%"
    assert cli._coverage_text(None) == ""
