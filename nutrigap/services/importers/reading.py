"""Reading another app's CSV files as a stream: size limits, UTF-8 with or without a BOM, comma, semicolon or
tab separated, decimal commas, a cut-off last row, and the units each nutrient column names in its header.

Every refusal is one :class:`~nutrigap.domain.errors.InvalidInput` line ending "nothing was imported"; the parsers
build a plan before anything is written, so a refusal changes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.nutrients import ENERGY_KCAL, Nutrient
from nutrigap.domain.units import NUTRIENT_UNIT_FACTORS, parse_decimal

#: The largest file (or zip member) an import reads [bytes]. Ten years of Cronometer servings with every column
#: (about 600 bytes a row, 20 rows a day) are about 45 MB; a larger file is refused before it is read.
MAX_FILE_BYTES = 64 * 1000 * 1000
#: The longest row kept in memory [characters]; a longer one is junk (a binary file).
MAX_ROW_CHARS = 200_000
NOTHING = "nothing was imported."


@dataclass(frozen=True, slots=True)
class Source:
    """One CSV file of an import: a file on disk or a member of a zip."""

    name: str
    size: int
    open: Callable[[], IO[bytes]]


def file_sources(paths: list[Path]) -> list[Source]:
    """Each path as sources: a CSV file, or every ``.csv`` member of a zip file."""
    sources: list[Source] = []
    for path in paths:
        if not path.is_file():
            raise InvalidInput(f"{path} is not a file; {NOTHING}")
        size = path.stat().st_size
        if zipfile.is_zipfile(path):
            sources.extend(zip_sources(path))
            continue
        _check_size(path.name, size)
        sources.append(Source(path.name, size, lambda p=path: p.open("rb")))  # type: ignore[misc]
    return sources


def zip_sources(path: Path) -> list[Source]:
    try:
        with zipfile.ZipFile(path) as zf:
            members = [i for i in zf.infolist() if not i.is_dir() and i.filename.lower().endswith(".csv")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise InvalidInput(f"{path.name} is not a readable zip file ({exc}); {NOTHING}") from None
    out = []
    for info in members:
        _check_size(f"{path.name}: {info.filename}", info.file_size)

        def opener(member: str = info.filename) -> IO[bytes]:
            zf = zipfile.ZipFile(path)
            return zf.open(member)

        out.append(Source(info.filename.rsplit("/", 1)[-1], info.file_size, opener))
    return out


def _check_size(name: str, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise InvalidInput(
            f"{name} is {size / 1e6:,.0f} MB, larger than any export this import reads "
            f"(limit {MAX_FILE_BYTES / 1e6:,.0f} MB; export a shorter period at a time); {NOTHING}"
        )


def sources_hash(sources: list[Source]) -> str:
    """One SHA-256 over the files' contents, independent of their order (read in chunks)."""
    digests = []
    for src in sources:
        h = hashlib.sha256()
        with src.open() as fh:
            for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):  # type: ignore[misc]
                h.update(chunk)
        digests.append(h.hexdigest())
    return hashlib.sha256("\n".join(sorted(digests)).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its line number and cells by header."""

    line: int
    cells: dict[str, str]

    def get(self, column: str | None) -> str:
        return "" if column is None else (self.cells.get(column) or "").strip()


def read_header(src: Source) -> list[str]:
    """The header row of a source (for telling which file of an export it is)."""
    for header, _ in _rows(src, header_only=True):
        return header
    return []


def read_rows(src: Source) -> Iterator[Row]:
    """The data rows of a source, streamed. A short row in the middle is given with the cells it has; a short
    last row (a file cut off while it was written) refuses the file."""
    for _, row in _rows(src, header_only=False):
        if row is not None:
            yield row


def _rows(src: Source, *, header_only: bool) -> Iterator[tuple[list[str], Row | None]]:
    raw = src.open()
    try:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            first = text.readline(MAX_ROW_CHARS)
            if not first.strip():
                raise InvalidInput(f"{src.name} is empty; {NOTHING}")
            delimiter = max((",", ";", "\t"), key=first.count)
            reader = csv.reader(_chain(first, text, src.name), delimiter=delimiter, strict=True)
            header = [h.strip() for h in next(reader)]
            if header_only:
                yield header, None
                return
            pending: tuple[int, list[str]] | None = None
            for cells in reader:
                if pending is not None:
                    yield header, _row(header, *pending)
                    pending = None
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) < len(header):
                    pending = (reader.line_num, cells)
                    continue
                yield header, _row(header, reader.line_num, cells)
            if pending is not None:
                raise InvalidInput(
                    f"{src.name} ends in the middle of a row (line {pending[0]} has {len(pending[1])} of "
                    f"{len(header)} columns): the file is incomplete; export it again. {NOTHING.capitalize()}"
                )
        except UnicodeDecodeError:
            raise InvalidInput(
                f"{src.name} is not UTF-8 text (the encoding Cronometer and MyFitnessPal write); open it in a "
                f"spreadsheet and save it as 'CSV UTF-8', then import that. {NOTHING.capitalize()}"
            ) from None
        except csv.Error as exc:
            raise InvalidInput(
                f"{src.name} is not a readable CSV file (line {reader.line_num}: {exc}); {NOTHING}"
            ) from None
    finally:
        raw.close()


def _chain(first: str, rest: io.TextIOWrapper, name: str) -> Iterator[str]:
    line = first
    while line:
        if "\x00" in line:  # text files have no NUL characters; a binary file renamed .csv does
            raise InvalidInput(f"{name} is not a readable CSV file (it holds binary data); {NOTHING}")
        yield line
        line = rest.readline(MAX_ROW_CHARS)


def _row(header: list[str], line: int, cells: list[str]) -> Row:
    return Row(line, dict(zip(header, cells, strict=False)))


# --- numbers and units ---------------------------------------------------------------------------------------
def number(text: str, column: str) -> float | None:
    """A cell as a number (a point or a decimal comma); empty: None (unknown). Bad: InvalidInput naming it."""
    raw = text.strip()
    if not raw:
        return None
    try:
        value = parse_decimal(raw)
    except ValueError:
        raise InvalidInput(f"{column} '{shown(raw)}' is not a number") from None
    except InvalidInput as exc:
        raise InvalidInput(f"{column}: {str(exc).split('.')[0]}") from None
    if value < 0:
        raise InvalidInput(f"{column} {raw} is negative")
    return value


_HEADER_UNIT = re.compile(r"^(?P<name>.*?)\s*\((?P<unit>[^()]+)\)\s*$")
#: A nutrient column's name (lower case, without its unit) → the nutrient id it fills. Cronometer writes
#: "Magnesium (mg)", "Vitamin D (IU)" (µg in newer exports), "B12 (Cobalamin) (µg)" (sources in the tests).
NUTRIENT_NAMES: dict[str, int] = {
    "energy": ENERGY_KCAL, "calories": ENERGY_KCAL, "energy kcal": ENERGY_KCAL,
    "magnesium": Nutrient.MAGNESIUM.fdc_id, "calcium": Nutrient.CALCIUM.fdc_id,
    "potassium": Nutrient.POTASSIUM.fdc_id, "vitamin d": Nutrient.VITAMIN_D.fdc_id,
    "b12 (cobalamin)": Nutrient.VITAMIN_B12.fdc_id, "b12": Nutrient.VITAMIN_B12.fdc_id,
    "vitamin b12": Nutrient.VITAMIN_B12.fdc_id, "vitamin b-12": Nutrient.VITAMIN_B12.fdc_id,
}  # fmt: skip
_UNIT_KIND = {
    ENERGY_KCAL: "kcal",
    Nutrient.MAGNESIUM.fdc_id: "mg",
    Nutrient.CALCIUM.fdc_id: "mg",
    Nutrient.POTASSIUM.fdc_id: "mg",
    Nutrient.VITAMIN_D.fdc_id: "µg vitamin D",
    Nutrient.VITAMIN_B12.fdc_id: "µg",
}


def unit_factor(nutrient_id: int, unit: str) -> float | None:
    """The factor from ``unit`` ('mg', 'µg', 'μg', 'mcg', 'IU', 'kJ' ...) to the nutrient's own unit; None when
    the unit does not fit the nutrient."""
    key = unit.strip().lower().replace("μ", "µ")  # Greek mu (U+03BC) as the micro sign (U+00B5)
    return NUTRIENT_UNIT_FACTORS[_UNIT_KIND[nutrient_id]].get(key)


def nutrient_columns(header: list[str]) -> dict[str, tuple[int, float]]:
    """The columns of a header that hold a tracked nutrient: column → (nutrient id, factor to its own unit).
    A column NutriGap does not know (or with a unit that does not fit) is ignored."""
    found: dict[str, tuple[int, float]] = {}
    for column in header:
        match = _HEADER_UNIT.match(column)
        if match is None:
            continue
        nid = NUTRIENT_NAMES.get(match.group("name").strip().lower())
        if nid is None:
            continue
        factor = unit_factor(nid, match.group("unit"))
        if factor is not None and nid not in {n for n, _ in found.values()}:
            found[column] = (nid, factor)
    return found


def row_values(row: Row, columns: dict[str, tuple[int, float]]) -> dict[int, float]:
    """The row's known nutrient values in their own units; an empty cell stays unknown (absent)."""
    values: dict[int, float] = {}
    for column, (nid, factor) in columns.items():
        value = number(row.get(column), column)
        if value is not None:
            values[nid] = value * factor
    return values
