"""One message per kind of import problem, naming every line; which profile read the file."""

from __future__ import annotations

from engine.importer import ImportSettings, inspect, load
from engine.portfolio import Note, group_problems, line_spans
from tests.conftest import FIXTURES, run_cli

BAD = (b"ticker,shares,price\nAAPL,10,100\nMSFT,,200\nNVDA,abc,1\nAMD,,3\nTSM,xyz,4\n"
       b"INTC,,5\nTotal,,\nGOOG,-1,-5\n")


def _bad(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(BAD)
    return path


def test_line_spans_name_every_line_and_fold_runs():
    assert line_spans([12, 4, 9, 10, 11, 4]) == "4, 9–12"
    assert line_spans([7]) == "7"
    assert line_spans([]) == ""


def test_problems_of_one_kind_become_one_message_naming_every_line(tmp_path):
    groups = [str(g) for g in group_problems(inspect(_bad(tmp_path)).problems)]
    assert groups == [
        "lines 3, 5, 7, column 'shares': … has no quantity; skipped (a watch-list entry?) "
        "(MSFT, AMD, INTC)",
        "lines 4, 6, column 'shares': … is not a number ('abc', 'xyz')",
        "line 8: a total or summary row ('Total'); skipped",
        "line 9, column 'price': the price must be positive, not -5",
    ]


def test_groups_keep_levels_and_columns_apart_and_list_many_values():
    notes = [Note(f"'{i}' is not a number", i + 2, "shares", "warning") for i in range(30)]
    notes += [Note("'x' is not a number", 40, "price", "warning"),
              Note("'y' is not a number", 41, "shares", "info"),
              Note("the file has no dates", None, None, "warning"),
              Note("the file has no dates", None, None, "warning")]
    groups = group_problems(notes)
    assert [(g.column, g.level, len(g.lines)) for g in groups] == [
        ("shares", "warning", 30), ("price", "warning", 1), ("shares", "info", 1),
        (None, "warning", 0), (None, "warning", 0)]
    first = str(groups[0])
    assert first.startswith("lines 2–31, column 'shares': … is not a number ('0', '1', ")
    assert first.endswith("and 18 more)")
    assert groups[0].line == 2


def test_the_reading_names_the_profile_and_why(tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_bytes(b"ticker,shares\nNVDA,10\n")
    assert load(plain).reading == "read as the plain format (ticker, shares)"
    named = tmp_path / "named.csv"
    named.write_bytes(b"Symbol,Quantity,Price\nNVDA,10,100\n")
    assert load(named).reading == ("no built-in profile matches the header; columns found by "
                                   "their names (ticker 'Symbol', shares 'Quantity', price "
                                   "'Price')")
    given = load(plain, ImportSettings(profile="mine"))
    assert given.reading.startswith("read with the profile 'mine' given in the import settings")
    sbi = load(FIXTURES / "import" / "brokers" / "sbi_portfolio_cp932.csv")
    assert sbi.reading.startswith("read with the built-in profile 'sbi': the header has")


def test_cli_says_which_profile_read_the_file(tmp_path):
    plain = tmp_path / "plain.csv"
    plain.write_bytes(b"ticker,shares\nNVDA,10\n")
    err = run_cli("run", str(plain), "--scenario", "deepseek-r1", "--format", "json",
                  "-o", str(tmp_path / "r.json")).stderr.decode()
    assert "note: read as the plain format (ticker, shares)" in err
    merrill = FIXTURES / "import" / "brokers" / "merrill_positions.csv"
    err = run_cli("run", str(merrill), "--scenario", "deepseek-r1", "--format", "json",
                  "-o", str(tmp_path / "m.json")).stderr.decode()
    assert err.count("built-in profile 'merrill'") == 1, err
    assert "note: line 5: read with the built-in profile 'merrill': the header has 'Symbol'" in err


def test_cli_lists_each_kind_of_problem_once(tmp_path):
    path = _bad(tmp_path)
    before = path.read_bytes()
    proc = run_cli("run", str(path), "--scenario", "deepseek-r1", "--format", "json")
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err
    lines = err.splitlines()
    assert lines[0].startswith("error: ") and "line 4, column 'shares'" in lines[0]
    assert lines[1:] == ["  lines 4, 6, column 'shares': … is not a number ('abc', 'xyz')",
                         "  line 9, column 'price': the price must be positive, not -5"]
    ok = run_cli("run", str(path), "--scenario", "deepseek-r1", "--format", "json",
                 "--skip-bad-rows", "-o", str(tmp_path / "r.json"))
    err = ok.stderr.decode()
    assert ok.returncode == 0, err
    assert "note: lines 3, 5, 7, column 'shares': … has no quantity; skipped (a watch-list " \
           "entry?) (MSFT, AMD, INTC)" in err
    assert "note: lines 4, 6, column 'shares': … is not a number ('abc', 'xyz')" in err
    assert err.count("is not a number") == 1
    assert path.read_bytes() == before
