"""scripts/make_icons.py: one SVG drawn into PNG sizes, ICO and ICNS containers."""

from __future__ import annotations

import struct

import pytest

from scripts import make_icons

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(blob: bytes) -> tuple[int, int]:
    assert blob.startswith(PNG_SIGNATURE)
    assert blob[12:16] == b"IHDR"
    return struct.unpack(">II", blob[16:24])


@pytest.fixture(scope="module")
def pngs(qapp):
    return make_icons.render_pngs(make_icons.SOURCE, make_icons.ALL_SIZES)


def test_every_size_is_a_square_png_of_that_size(pngs):
    assert set(pngs) == set(make_icons.ALL_SIZES)
    for size, blob in pngs.items():
        assert png_size(blob) == (size, size)


def test_the_drawing_fills_a_rounded_square_on_a_transparent_background(pngs):
    from PySide6.QtGui import QImage

    image = QImage.fromData(pngs[256], "PNG")
    assert image.pixelColor(0, 0).alpha() == 0  # outside the rounded corner
    assert image.pixelColor(128, 230).alpha() == 255  # inside, near the bottom edge
    colours = {image.pixel(x, y) for x in range(0, 256, 8) for y in range(0, 256, 8)}
    assert len(colours) > 5  # background, three bars, the curve: not a blank square


def test_ico_directory_points_at_each_png(pngs):
    sizes = make_icons.ICO_SIZES
    data = make_icons.ico_bytes({s: pngs[s] for s in sizes})
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind, count) == (0, 1, len(sizes))
    end = 6 + 16 * count
    for i, size in enumerate(sizes):
        w, h, _, _, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert (w, h) == ((size % 256,) * 2)  # 0 stands for 256
        assert (planes, bits) == (1, 32)
        assert offset == end and data[offset:offset + length] == pngs[size]
        end += length
    assert end == len(data)


def test_ico_refuses_images_over_256_pixels(pngs):
    with pytest.raises(ValueError, match="256"):
        make_icons.ico_bytes({512: pngs[512]})


def test_icns_elements_carry_the_right_png_sizes(pngs):
    data = make_icons.icns_bytes(pngs)
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    seen, pos = {}, 8
    while pos < len(data):
        kind, length = data[pos:pos + 4], struct.unpack(">I", data[pos + 4:pos + 8])[0]
        seen[kind] = png_size(data[pos + 8:pos + length])[0]
        pos += length
    assert pos == len(data)
    assert seen == make_icons.ICNS_TYPES


def test_make_icons_writes_the_platform_files(qapp, tmp_path):
    written = make_icons.make_icons(tmp_path)
    assert written["ico"].read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert written["icns"].read_bytes()[:4] == b"icns"
    for size in make_icons.HICOLOR_SIZES:
        path = tmp_path / "hicolor" / f"{size}x{size}" / "apps" / "jevons.png"
        assert png_size(path.read_bytes()) == (size, size)


@pytest.mark.qt_log_ignore("Cannot read file")
def test_a_source_that_is_not_svg_is_refused(qapp, tmp_path):
    bad = tmp_path / "icon.svg"
    bad.write_text("not an image", encoding="utf-8")
    with pytest.raises(ValueError, match="not an SVG"):
        make_icons.render_pngs(bad, (16,))
