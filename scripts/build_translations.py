"""Compile the Qt translations: resources/i18n/*.ts → *.qm (with Qt's lrelease).

    python scripts/build_translations.py            # compile every .ts
    python scripts/build_translations.py --update   # first refresh the .ts from gui/*.py (lupdate)
    python scripts/build_translations.py --check    # exit 1 if a shipped .qm is out of date

The tools come with PySide6 (``pyside6-lrelease`` / ``pyside6-lupdate`` beside
the interpreter, or the ``lrelease`` / ``lupdate`` binaries inside the PySide6
package).  Edit translations with ``pyside6-linguist resources/i18n/jevons_ja.ts``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
SOURCES = ROOT / "gui"


def _tool(name: str) -> list[str]:
    """Command line that runs Qt's ``name`` (lrelease or lupdate)."""
    beside = Path(sys.executable).parent / f"pyside6-{name}"
    if beside.exists():
        return [str(beside)]
    try:
        import PySide6
    except ImportError:
        raise SystemExit(f"{name}: PySide6 is not installed in this interpreter") from None
    package = Path(PySide6.__file__).parent
    for candidate in (package / name, package / "Qt" / "libexec" / name, package / f"{name}.exe"):
        if candidate.exists():
            return [str(candidate)]
    found = shutil.which(f"pyside6-{name}")
    if found:
        return [found]
    raise SystemExit(f"cannot find Qt's {name} (looked beside {sys.executable} and in {package})")


def update_sources(quiet: bool) -> None:
    files = sorted(str(p) for p in SOURCES.glob("*.py"))
    for ts in sorted(I18N.glob("*.ts")):
        subprocess.run([*_tool("lupdate"), *files, "-ts", str(ts), "-no-obsolete",
                        "-locations", "none", *(["-silent"] if quiet else [])], check=True)


def compile_all(out_dir: Path, quiet: bool) -> list[Path]:
    out = []
    for ts in sorted(I18N.glob("*.ts")):
        qm = out_dir / (ts.stem + ".qm")
        subprocess.run([*_tool("lrelease"), str(ts), "-qm", str(qm),
                        *(["-silent"] if quiet else [])], check=True)
        out.append(qm)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="refresh the .ts from gui/*.py")
    parser.add_argument("--check", action="store_true", help="fail if a .qm is out of date")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.update:
        update_sources(args.quiet)
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            stale = [qm.name for qm in compile_all(Path(tmp), quiet=True)
                     if not (I18N / qm.name).exists()
                     or (I18N / qm.name).read_bytes() != qm.read_bytes()]
        if stale:
            print(f"out of date: {', '.join(stale)}; run python scripts/build_translations.py",
                  file=sys.stderr)
            return 1
        return 0
    compile_all(I18N, args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
