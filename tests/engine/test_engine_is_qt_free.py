"""engine/ never imports Qt or a plotting library (STYLE.md: the split)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import engine

FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "pyqtgraph", "matplotlib", "gui")


def test_no_forbidden_import_statement_in_engine():
    root = Path(engine.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path}: imports {name}"


def test_importing_every_engine_module_and_running_the_cli_loads_no_qt(tmp_path):
    modules = [m.name for m in pkgutil.walk_packages(engine.__path__, "engine.")]
    code = (
        "import sys\n"
        f"for m in {modules!r}: __import__(m)\n"
        "from gui.cli import main\n"
        f"rc = main(['run', 'resources/sample_portfolio.csv', '--scenario', 'deepseek-r1', "
        f"'--format', 'csv', '-o', {str(tmp_path / 'o.csv')!r}])\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')]\n"
        "assert rc == 0, rc\n"
        "assert not bad, bad\n"
    )
    root = Path(engine.__file__).parent.parent
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                          text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
