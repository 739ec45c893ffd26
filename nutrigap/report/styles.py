"""Fonts, paragraph styles and table styles of the PDF report (reportlab)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from nutrigap.charts.theme import LIGHT, OKABE_ITO

FONT = "NutriGapSans"
FONT_BOLD = "NutriGapSans-Bold"
FONT_ITALIC = "NutriGapSans-Oblique"

INK = colors.HexColor(LIGHT.foreground)
MUTED = colors.HexColor(LIGHT.muted)
RULE = colors.HexColor("#BBBBBB")
BAND = colors.HexColor("#F2F2F2")
ALERT = colors.HexColor(OKABE_ITO["vermillion"])
ALERT_BAND = colors.HexColor("#FBE9DD")


@functools.cache
def register_fonts() -> str:
    """Register DejaVu Sans (shipped with matplotlib, so charts and text match and every character the report
    uses — µ, ≥, –, — — has a glyph). Returns the regular font's name."""
    import matplotlib
    from reportlab import rl_config

    # binary (not ASCII85) streams: the chart images are a quarter smaller and are written several seconds
    # faster (reportlab's ASCII85 encoder is pure Python); ASCII85 only matters for 7-bit channels
    rl_config.useA85 = 0
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, str(folder / "DejaVuSans-Oblique.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD)
    return FONT


@dataclass(frozen=True, slots=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    header_cell: ParagraphStyle
    header_cell_right: ParagraphStyle
    caveat: ParagraphStyle
    flag_title: ParagraphStyle


@functools.cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=12.5, textColor=INK, alignment=TA_LEFT)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.3, leading=10.2)
    return Styles(
        title=ParagraphStyle("title", parent=body, fontName=FONT_BOLD, fontSize=17, leading=21, spaceAfter=2),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=10, leading=13.5, textColor=MUTED),
        heading=ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, fontSize=12.5, leading=16, spaceBefore=10, spaceAfter=4
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=FONT_BOLD),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=2),
        header_cell=ParagraphStyle("header_cell", parent=cell, fontName=FONT_BOLD, textColor=INK),
        header_cell_right=ParagraphStyle(
            "header_cell_right", parent=cell, fontName=FONT_BOLD, textColor=INK, alignment=2
        ),
        caveat=ParagraphStyle(
            "caveat", parent=body, fontName=FONT_ITALIC, fontSize=8.5, leading=11, textColor=MUTED, leftIndent=12
        ),
        flag_title=ParagraphStyle("flag_title", parent=body, fontName=FONT_BOLD, textColor=ALERT),
    )


def text(value: str) -> str:
    """Escape user or data text for a reportlab Paragraph (which reads a small XML markup)."""
    return escape(value)


def table_style(header_rows: int = 1) -> list[tuple[object, ...]]:
    """A plain grid: a shaded header, thin rules between rows, numbers aligned right by their cells."""
    return [
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), BAND),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, INK),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
