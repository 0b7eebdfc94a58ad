"""Render the app icon for every platform from the one source image.

``resources/icons/jevons.svg`` is drawn with Qt's own SVG renderer into PNGs
of the sizes each platform asks for, then packed into a Windows ``.ico`` and
a macOS ``.icns`` (both containers hold PNG images, which Windows Vista+ and
macOS 10.7+ read), so no image library beyond Qt is needed.

    python scripts/make_icons.py [--out build/icons] [--source resources/icons/jevons.svg]

Writes ``jevons.ico``, ``jevons.icns`` and ``hicolor/<N>x<N>/apps/jevons.png``
(the freedesktop icon-theme layout, copied as is by the Linux installer).
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "resources" / "icons" / "jevons.svg"
NAME = "jevons"

#: freedesktop hicolor sizes (Linux menus, docks, file managers).
HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: Windows: Explorer and the task bar pick from these; 256 is the largest an ICO holds.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: macOS: ICNS element type → pixel size (PNG payloads; the @2x types share pixels).
ICNS_TYPES = {
    b"icp4": 16, b"icp5": 32, b"icp6": 64, b"ic07": 128, b"ic08": 256, b"ic09": 512,
    b"ic10": 1024, b"ic11": 32, b"ic12": 64, b"ic13": 256, b"ic14": 512,
}
ALL_SIZES = tuple(sorted(set(HICOLOR_SIZES) | set(ICO_SIZES) | set(ICNS_TYPES.values())))


def render_pngs(source: Path, sizes: Iterable[int]) -> dict[int, bytes]:
    """PNG bytes of ``source`` drawn at each square pixel size (transparent background)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    # Painting needs a Gui application (fonts, image formats); keep it for the loop.
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise ValueError(f"{source}: not an SVG image Qt can draw")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):
            raise RuntimeError(f"could not encode the {size}px icon as PNG")
        buffer.close()
        out[size] = bytes(data.data())
    return out


def ico_bytes(pngs: Mapping[int, bytes]) -> bytes:
    """A Windows ICO container holding the given PNG images (sizes up to 256)."""
    sizes = sorted(pngs)
    if not sizes or sizes[-1] > 256:
        raise ValueError("an ICO holds images of 1 to 256 pixels")
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        blob = pngs[size]
        # Width and height are one byte each; 0 means 256.
        entries.append(struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32,
                                   len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return header + b"".join(entries) + b"".join(blobs)


def icns_bytes(pngs: Mapping[int, bytes]) -> bytes:
    """A macOS ICNS container with every element type of ``ICNS_TYPES``."""
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons(out_dir: Path, source: Path = SOURCE) -> dict[str, Path]:
    """Write every icon file into ``out_dir``; returns them by role (ico, icns, png<N>)."""
    pngs = render_pngs(source, ALL_SIZES)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for size in HICOLOR_SIZES:
        path = out_dir / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[size])
        written[f"png{size}"] = path
    written["ico"] = out_dir / f"{NAME}.ico"
    written["ico"].write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    written["icns"] = out_dir / f"{NAME}.icns"
    written["icns"].write_bytes(icns_bytes(pngs))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "icons")
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args(argv)
    written = make_icons(args.out, args.source)
    print(f"icons: {len(written)} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
