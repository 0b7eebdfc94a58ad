"""build.spec, run with PyInstaller's classes replaced by recorders (no build).

The spec is executed as PyInstaller would (its namespace, ``sys.argv`` after
``--``) on each platform's branch, and what it hands to Analysis, EXE,
COLLECT and BUNDLE is checked against pyproject.toml and resources/.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
SPEC = ROOT / "build.spec"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
NAME, VERSION = PROJECT["name"], PROJECT["version"]
CTYPES_EXT = Path(__import__("_ctypes").__file__)  # a real extension module (needs libffi)


class Recorder:
    """Stands in for one PyInstaller build class; remembers every call."""

    def __init__(self, log: list, kind: str) -> None:
        self.log, self.kind = log, kind

    def __call__(self, *args, **kwargs):
        call = Call(self.kind, args, kwargs)
        self.log.append(call)
        return call


class Call:
    def __init__(self, kind: str, args: tuple, kwargs: dict) -> None:
        self.kind, self.args, self.kwargs = kind, args, kwargs
        if kind == "Analysis":  # what a real Analysis found, in PyInstaller's (dest, src, kind) form
            self.binaries = [
                ("PySide6/Qt/lib/libQt6DBus.so.6", "/qt/libQt6DBus.so.6", "BINARY"),
                ("PySide6/Qt/lib/libQt6Quick.so.6", "/qt/libQt6Quick.so.6", "BINARY"),
                ("PySide6/Qt/lib/libQt6OpenGLWidgets.so.6", "/qt/x.so", "BINARY"),
                ("PySide6/Qt/plugins/platforms/libqxcb.so", "/qt/libqxcb.so", "BINARY"),
                ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "/qt/o.so", "BINARY"),
                ("PySide6/Qt/plugins/platforms/libqwayland.so", "/qt/w.so", "BINARY"),
                ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/qt/gtk3.so", "BINARY"),
                ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", "/qt/svg.so", "BINARY"),
                ("python3.11/lib-dynload/_ctypes.so", str(CTYPES_EXT), "EXTENSION"),
                ("libffi.so.8", "/usr/lib/libffi.so.8", "BINARY"),
                ("libcairo.so.2", "/usr/lib/libcairo.so.2", "BINARY"),
                ("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0", "BINARY"),
            ]
            self.datas = [
                *kwargs["datas"],
                ("PySide6/Qt/translations/qtbase_ja.qm", "/qt/qtbase_ja.qm", "DATA"),
                ("PySide6/Qt/translations/qtbase_de.qm", "/qt/qtbase_de.qm", "DATA"),
                ("PySide6/Qt/translations/qtdeclarative_ja.qm", "/qt/qd_ja.qm", "DATA"),
                ("pyqtgraph/icons/auto.png", "/pg/auto.png", "DATA"),
            ]
            self.pure, self.scripts = ["pure"], ["scripts"]


def run_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, platform: str,
             argv: tuple[str, ...] = (), onefile_env: str | None = None) -> list[Call]:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "argv", [str(SPEC), *argv])
    if onefile_env is None:
        monkeypatch.delenv("JEVONS_ONEFILE", raising=False)
    else:
        monkeypatch.setenv("JEVONS_ONEFILE", onefile_env)
    log: list[Call] = []
    namespace = {
        "SPECPATH": str(ROOT), "SPEC": str(SPEC), "specnm": "build",
        "workpath": str(tmp_path / "work"), "DISTPATH": str(tmp_path / "dist"),
        **{kind: Recorder(log, kind) for kind in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")},
    }
    exec(compile(SPEC.read_bytes(), str(SPEC), "exec"), namespace)
    return log


def calls(log: list[Call], kind: str) -> list[Call]:
    return [c for c in log if c.kind == kind]


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("spec")  # shared: the icons are rendered once


def test_spec_is_python():
    ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def test_linux_one_dir_names_version_and_data_follow_the_checkout(work, monkeypatch):
    log = run_spec(work, monkeypatch, "linux")
    (analysis,) = calls(log, "Analysis")
    exes, (collect,) = calls(log, "EXE"), calls(log, "COLLECT")
    assert [e.kwargs["name"] for e in exes] == [NAME]
    assert exes[0].kwargs["console"] is False
    assert exes[0].kwargs["icon"] is None  # Linux takes its icons from share/icons
    assert collect.kwargs["name"] == NAME
    assert not calls(log, "BUNDLE")

    datas = analysis.kwargs["datas"]
    version = [src for src, dest in datas if Path(src).name == "VERSION"]
    assert len(version) == 1 and dict(datas)[version[0]] == "resources"
    assert Path(version[0]).read_text(encoding="utf-8").strip() == VERSION
    shipped = {(Path(src).resolve(), dest) for src, dest in datas}
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".ts":
            rel = path.relative_to(ROOT)
            assert (path.resolve(), rel.parent.as_posix()) in shipped, rel

    hidden = set(analysis.kwargs["hiddenimports"])
    for module in ("engine.model", "engine.importer", "engine.report", "gui.cli", "gui.app",
                   "gui.main_window", "pyqtgraph"):
        assert module in hidden
    excludes = set(analysis.kwargs["excludes"])
    for needed in ("pydoc", "PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets", "PySide6.QtSvg",
                   "PySide6.QtTest", "PySide6.QtGui", "PySide6.QtWidgets"):
        assert needed not in excludes

    bundle = work / "dist" / NAME
    assert (bundle / "install.sh").is_file()
    assert (bundle / "share" / "applications" / f"{NAME}.desktop").is_file()
    assert (bundle / "share" / "icons" / "hicolor" / "48x48" / "apps" / f"{NAME}.png").is_file()
    assert (bundle / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{NAME}.svg").is_file()


def test_unused_qt_pieces_and_orphaned_libraries_are_dropped_and_the_rest_kept(work, monkeypatch):
    log = run_spec(work, monkeypatch, "linux")
    (analysis,) = calls(log, "Analysis")
    binaries = {dest for dest, *_ in analysis.binaries}
    assert binaries == {
        "PySide6/Qt/lib/libQt6DBus.so.6",  # libQt6Gui links it
        "PySide6/Qt/lib/libQt6OpenGLWidgets.so.6",  # pyqtgraph imports it
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "python3.11/lib-dynload/_ctypes.so",
        "libffi.so.8",  # _ctypes links it
        "libpython3.11.so.1.0",  # the bootloader loads it by name
    }
    datas = {dest for dest, *_ in analysis.datas}
    assert "PySide6/Qt/translations/qtbase_ja.qm" in datas
    assert "PySide6/Qt/translations/qtbase_de.qm" not in datas
    assert "PySide6/Qt/translations/qtdeclarative_ja.qm" not in datas
    assert "pyqtgraph/icons/auto.png" in datas


def test_windows_has_a_windowed_app_and_a_console_program(work, monkeypatch):
    log = run_spec(work, monkeypatch, "win32")
    exes = {e.kwargs["name"]: e.kwargs for e in calls(log, "EXE")}
    assert exes[NAME]["console"] is False
    assert exes[f"{NAME}-cli"]["console"] is True
    assert all(Path(e["icon"]).name == f"{NAME}.ico" and Path(e["icon"]).is_file()
               for e in exes.values())
    assert len(calls(log, "COLLECT")[0].args) >= 2 + 2  # both programs share one folder
    assert not calls(log, "BUNDLE")


def test_macos_gets_an_app_bundle_with_the_version_and_csv_documents(work, monkeypatch):
    log = run_spec(work, monkeypatch, "darwin")
    (bundle,) = calls(log, "BUNDLE")
    assert bundle.kwargs["name"] == f"{NAME.capitalize()}.app"
    assert bundle.kwargs["version"] == VERSION
    assert bundle.kwargs["info_plist"]["CFBundleShortVersionString"] == VERSION
    assert Path(bundle.kwargs["icon"]).name == f"{NAME}.icns"
    types = bundle.kwargs["info_plist"]["CFBundleDocumentTypes"][0]["LSItemContentTypes"]
    assert "public.comma-separated-values-text" in types
    (exe,) = calls(log, "EXE")
    assert exe.kwargs["argv_emulation"] is True  # a CSV opened from Finder arrives as argv


@pytest.mark.parametrize(("argv", "env"), [(("--onefile",), None), ((), "1")])
def test_one_file_is_an_option(work, monkeypatch, argv, env):
    log = run_spec(work, monkeypatch, "linux", argv=argv, onefile_env=env)
    (exe,) = calls(log, "EXE")
    assert exe.kwargs["name"] == NAME
    assert exe.args[2] and exe.args[3]  # binaries and data inside the executable
    assert not calls(log, "COLLECT")


def test_translation_sources_without_compiled_catalogs_stop_the_build(work, monkeypatch,
                                                                      tmp_path):
    checkout = tmp_path / "checkout"
    (checkout / "resources" / "i18n").mkdir(parents=True)
    (checkout / "pyproject.toml").write_bytes((ROOT / "pyproject.toml").read_bytes())
    (checkout / "resources" / "i18n" / "jevons_ja.ts").write_text("<TS/>", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", [str(SPEC)])
    namespace = {"SPECPATH": str(checkout), "workpath": str(work / "work"),
                 "DISTPATH": str(tmp_path / "dist")}
    with pytest.raises(SystemExit, match=r"jevons_ja\.ts"):
        exec(compile(SPEC.read_bytes(), str(SPEC), "exec"), namespace)
