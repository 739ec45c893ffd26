"""Text cells that a spreadsheet would run as a formula, made inert the OWASP way.

OWASP "CSV Injection": a cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a
formula by Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)`` in a food name could send a diary away).
Such a cell is written with a leading apostrophe, which spreadsheets show as plain text. So that the diary export
imports back exactly, a cell that really begins with an apostrophe gets one more; import removes exactly one
leading apostrophe from every cell of a file written this way.
"""

from __future__ import annotations

#: First characters that make a spreadsheet cell a formula (OWASP CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def neutralise(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula (reports: shown, never read back)."""
    return QUOTE + text if text.startswith(FORMULA_STARTS) else text


def escape_cell(text: str) -> str:
    """``text`` for a CSV that is read back: neutralised, and an apostrophe in front doubled (reversible)."""
    return QUOTE + text if text.startswith((*FORMULA_STARTS, QUOTE)) else text


def unescape_cell(text: str) -> str:
    """The inverse of ``escape_cell``."""
    return text[1:] if text.startswith(QUOTE) else text
