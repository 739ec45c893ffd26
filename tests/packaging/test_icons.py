"""The application icon: an SVG plus PNGs at every hicolor size, transparent outside the rounded tile, and the
PNGs rendered from the current SVGs (scripts/render_icons.sh)."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.packaging.tools import ICON_SIZES, ICONS, require_tool


def pixels(path: Path) -> np.ndarray:
    with Image.open(path) as image:
        assert image.mode == "RGBA", f"{path.name} is {image.mode}, not RGBA"
        return np.asarray(image, dtype=np.float64)


@pytest.mark.parametrize("name", ["nutrigap.svg", "nutrigap-small.svg"])
def test_svg_is_square_and_self_contained(name: str) -> None:
    root = ET.parse(ICONS / name).getroot()
    x, y, width, height = (float(v) for v in root.attrib["viewBox"].split())
    assert width == height
    text = (ICONS / name).read_text(encoding="utf-8")
    # no external images, fonts or scripts: icon themes and Qt's SVG renderer must draw it alone
    for forbidden in ("<image", "<text", "<script", "xlink:href", "@import"):
        assert forbidden not in text, forbidden


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_sizes(size: int) -> None:
    rgba = pixels(ICONS / f"nutrigap-{size}.png")
    assert rgba.shape == (size, size, 4)
    assert rgba[0, 0, 3] == 0 and rgba[-1, -1, 3] == 0, "corners must be transparent (rounded tile)"
    assert rgba[size // 2, size // 2, 3] == 255, "the tile is opaque"
    # the mark has white (pulse), green (leaf) and the teal tile: three colours that are really there
    opaque = rgba[rgba[..., 3] == 255][:, :3]
    assert (opaque.min(axis=1) > 240).any(), "no white pulse line"
    assert ((opaque[:, 1] > 200) & (opaque[:, 0] < 170) & (opaque[:, 2] < 130)).any(), "no green leaf"


@pytest.mark.parametrize(("size", "source"), [(16, "nutrigap-small.svg"), (48, "nutrigap.svg"), (256, "nutrigap.svg")])
def test_pngs_are_rendered_from_the_current_svg(size: int, source: str, tmp_path: Path) -> None:
    tool = require_tool("rsvg-convert")
    fresh = tmp_path / "fresh.png"
    subprocess.run([tool, "-w", str(size), "-h", str(size), str(ICONS / source), "-o", str(fresh)], check=True)
    difference = np.abs(pixels(fresh) - pixels(ICONS / f"nutrigap-{size}.png")).mean()
    # renderer versions differ by a few levels on anti-aliased edges; an edited SVG changes far more
    assert difference < 2.0, f"nutrigap-{size}.png is out of date: run scripts/render_icons.sh ({difference:.1f})"
