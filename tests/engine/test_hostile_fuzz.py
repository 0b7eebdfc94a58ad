"""Hostile CSVs and TOMLs from tests/hostile.py, run end to end through ``jevons run``.

Every case must end in exit 0 with finite, consistent numbers (the summary
P&L is the sum of the holdings', every return has its P&L's sign) or in
exit 2 with an ``error:`` line; never exit 1, never a traceback, the input
byte-identical and no temporary file left.

The default run checks one case of every category; ``pytest -m fuzz`` runs
``JEVONS_FUZZ_CASES`` cases per category (default 25: a few hundred in
all, as CI runs it) and prints the outcomes per category.  For thousands:
``JEVONS_FUZZ_CASES=400 pytest -m fuzz tests/engine/test_hostile_fuzz.py -s``.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from gui import cli
from tests.conftest import ROOT
from tests.hostile import CSV_CATEGORIES, CSV_ONCE, TOML_CATEGORIES

SAMPLE = (ROOT / "resources" / "sample_portfolio.csv").read_bytes()
SEED = 20250127


def run_case(folder: Path, csv: bytes = SAMPLE, toml: bytes | None = None, *,
             as_profile: bool = False) -> str:
    """Run one case; return ``"ok"`` or ``"error"`` (anything else fails the test)."""
    src = folder / "p.csv"
    src.write_bytes(csv)
    out = folder / "r.json"
    args = ["run", str(src), "--scenario", "deepseek-r1", "-o", str(out), "--force"]
    inputs = {src: csv}
    if toml is not None:
        path = folder / "s.toml"
        path.write_bytes(toml)
        inputs[path] = toml
        if as_profile:
            args += ["--import-profile", str(path)]
        else:
            args[3] = str(path)
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        rc = cli.main(args)
    text = err.getvalue()
    assert rc in (0, 2), (rc, text)
    assert "Traceback" not in text and "internal fault" not in text, text
    for path, data in inputs.items():
        assert path.read_bytes() == data
    left = {p.name for p in folder.iterdir()} - {"p.csv", "s.toml", "r.json"}
    assert not left, left
    if rc == 2:
        assert text.startswith("error: "), text
        assert not out.exists()
        return "error"
    _check_numbers(json.loads(out.read_bytes()))
    out.unlink()
    return "ok"


def _check_numbers(doc: dict) -> None:
    s, holdings = doc["summary"], doc["holdings"]
    assert s["pnl"] == math.fsum(h["pnl"] for h in holdings)
    gross = math.fsum(abs(h["value_before"]) for h in holdings)
    for key, pnl in (("return_instant", s["pnl"]), ("return_horizon", s["pnl_horizon"])):
        if gross == 0:
            assert s[key] is None
        else:
            assert math.isfinite(s[key]) and np.sign(s[key]) == np.sign(pnl)
    for h in holdings:
        for key in ("value_before", "value_after", "pnl", "return_instant", "return_horizon"):
            assert h[key] is not None and math.isfinite(h[key]), (h["ticker"], key, h[key])
        assert abs(h["value_before"]) <= 1e15
        if h["value_before"]:
            assert np.sign(h["return_instant"]) == np.sign(h["pnl"])


def _cases_per_category() -> int:
    return int(os.environ.get("JEVONS_FUZZ_CASES", "25"))


def _run_all(tmp_path: Path, per_category: int) -> dict[str, Counter]:
    outcomes: dict[str, Counter] = {}
    for name, make in CSV_CATEGORIES.items():
        rng = random.Random(f"{SEED}-csv-{name}")
        outcomes[f"csv:{name}"] = Counter(
            run_case(_fresh(tmp_path, f"csv-{name}-{i}"), make(rng)) for i in range(per_category))
    for name, make in TOML_CATEGORIES.items():
        rng = random.Random(f"{SEED}-toml-{name}")
        counter: Counter = Counter()
        for i in range(per_category):
            data = make(rng)
            counter["scenario:" + run_case(_fresh(tmp_path, f"t-{name}-{i}"), toml=data)] += 1
            counter["profile:" + run_case(_fresh(tmp_path, f"p-{name}-{i}"), toml=data,
                                          as_profile=True)] += 1
        outcomes[f"toml:{name}"] = counter
    return outcomes


def _fresh(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


def test_one_hostile_case_of_every_category(tmp_path):
    outcomes = _run_all(tmp_path, 1)
    assert len(outcomes) == len(CSV_CATEGORIES) + len(TOML_CATEGORIES)


@pytest.mark.fuzz
def test_hostile_files_end_in_a_sound_report_or_a_clear_error(tmp_path):
    per_category = _cases_per_category()
    outcomes = _run_all(tmp_path, per_category)
    rng = random.Random(SEED)
    for name, make in CSV_ONCE.items():
        outcomes[f"csv:{name}"] = Counter([run_case(_fresh(tmp_path, name), make(rng))])
    total = sum(sum(c.values()) for c in outcomes.values())
    print(f"\n{total} hostile cases ({per_category} per category):")
    for name, counter in outcomes.items():
        print(f"  {name:32} {dict(sorted(counter.items()))}")
    ok = sum(n for c in outcomes.values() for k, n in c.items() if k.endswith("ok"))
    assert ok > 0 and ok < total  # the generator makes both kinds of case
