"""Build the desktop bundle from a checkout and check that the frozen app works.

    bash scripts/setup.sh --build && .venv/bin/python scripts/build.py [--onefile] [--no-check]

Steps: compile the translations (when the checkout has them), run PyInstaller
on ``build.spec``, then run the frozen app: ``--version`` must match
pyproject.toml, ``--self-test`` must pass offscreen, and ``run`` must write
the sample portfolio's JSON, CSV and (Japanese) PDF reports.  Exit status 0 only if all pass.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
#: One-file builds go to their own folder: dist/jevons is the one-dir bundle's name.
ONEFILE_DIST = DIST / "onefile"


def project() -> dict:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        return tomllib.load(fh)["project"]


def bundle_dir() -> Path:
    """The one-dir bundle: ``dist/<name>/`` (``Jevons.app`` beside it on macOS)."""
    return DIST / project()["name"]


def executable(name: str | None = None, *, onefile: bool = False) -> Path:
    """Path of a frozen executable (``jevons``, ``jevons-cli``) in ``dist/``."""
    name = name or project()["name"]
    suffix = ".exe" if sys.platform == "win32" else ""
    return (ONEFILE_DIST if onefile else bundle_dir()) / f"{name}{suffix}"


def build(*, onefile: bool = False, clean: bool = False) -> float:
    """Run PyInstaller on build.spec; returns the seconds it took.

    ``clean`` empties PyInstaller's caches first (its analysis of the system's
    libraries is otherwise reused; the bundle is rebuilt whenever an input changed).
    """
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit("PyInstaller is not installed; run: bash scripts/setup.sh --build") from None
    translations = ROOT / "scripts" / "build_translations.py"
    if translations.is_file():
        subprocess.run([sys.executable, str(translations), "--quiet"], cwd=ROOT, check=True)
    env = os.environ | {"JEVONS_ONEFILE": "1" if onefile else "0"}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm",
                    *(["--clean"] if clean else []),
                    *(["--distpath", str(ONEFILE_DIST)] if onefile else []),
                    "--log-level", "WARN", str(ROOT / "build.spec")],
                   cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start


def _frozen(exe: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(exe), *args], capture_output=True, env=env, timeout=timeout,
                          check=False, cwd=ROOT)


def check(*, onefile: bool = False) -> list[str]:
    """Run the frozen app's checks; returns the failures (empty when all pass)."""
    failures: list[str] = []
    gui = executable(onefile=onefile)
    cli = executable(f"{project()['name']}-cli", onefile=onefile)
    if not cli.is_file():  # one-file builds on Linux and macOS: one program does both
        cli = gui

    def expect(ok: bool, what: str, proc: subprocess.CompletedProcess) -> None:
        status = "ok" if ok else "FAILED"
        print(f"frozen {what}: {status}")
        if not ok:
            failures.append(f"{what}: exit {proc.returncode}\n{proc.stdout.decode(errors='replace')}"
                            f"{proc.stderr.decode(errors='replace')}")

    proc = _frozen(cli, "--version")
    expect(proc.stdout.decode().strip() == f"{project()['name']} {project()['version']}",
           "--version matches pyproject.toml", proc)

    # A windowed Windows program has no standard output to read the verdict from.
    proc = _frozen(cli if sys.platform == "win32" else gui, "--self-test")
    expect(proc.returncode == 0 and b"self-test: ok" in proc.stdout, "--self-test", proc)

    sample = str(ROOT / "resources" / "sample_portfolio.csv")
    proc = _frozen(cli, "run", sample, "--scenario", "deepseek-r1", "--format", "json", "-o", "-")
    try:
        report = json.loads(proc.stdout)
        ok = proc.returncode == 0 and len(report["holdings"]) >= 1
    except (ValueError, KeyError, TypeError):
        ok = False
    expect(ok, "run --format json", proc)

    proc = _frozen(cli, "run", sample, "--scenario", "deepseek-r1", "--format", "csv", "-o", "-")
    rows = list(csv.reader(io.StringIO(proc.stdout.decode("utf-8-sig", errors="replace"))))
    expect(proc.returncode == 0 and len(rows) >= 2, "run --format csv", proc)

    with tempfile.TemporaryDirectory() as folder:  # Qt's PDF writer, fonts and charts
        pdf = Path(folder) / "report.pdf"
        proc = _frozen(cli, "run", sample, "--scenario", "deepseek-r1", "--format", "pdf",
                       "--lang", "ja", "-o", str(pdf))
        ok = proc.returncode == 0 and pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-"
        expect(ok, "run --format pdf --lang ja", proc)
    return failures


def bundle_mb(folder: Path | None = None) -> float:
    """Size of the one-dir bundle in MB (10^6 bytes), symbolic links not followed."""
    folder = folder or bundle_dir()
    total = sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--onefile", action="store_true", help="one executable, not a folder")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    parser.add_argument("--no-check", action="store_true", help="build only")
    args = parser.parse_args(argv)
    seconds = build(onefile=args.onefile, clean=args.clean)
    where = executable(onefile=True) if args.onefile else bundle_dir()
    size = where.stat().st_size / 1e6 if args.onefile else bundle_mb()
    print(f"built {where.relative_to(ROOT)} in {seconds:.1f} s ({size:.0f} MB)")
    if args.no_check:
        return 0
    failures = check(onefile=args.onefile)
    for failure in failures:
        print(f"error: frozen {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
