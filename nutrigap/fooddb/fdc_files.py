"""The files of a FoodData Central CSV release, from a .zip or a folder, checked before they are read.

Each read opens the member afresh (a zip member cannot seek back), checks its header against the columns NutriGap
needs and turns parser, zip and encoding errors into one clear :class:`InvalidInput` line.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pandas as pd

from nutrigap.domain.errors import InvalidInput

REQUIRED = ("food.csv", "nutrient.csv", "food_nutrient.csv")
REQUIRED_COLUMNS = {
    "food.csv": {"fdc_id", "data_type", "description"},
    "nutrient.csv": {"id", "name", "unit_name"},
    "food_nutrient.csv": {"fdc_id", "nutrient_id", "amount"},
    "food_portion.csv": {"fdc_id", "gram_weight"},
    "measure_unit.csv": {"id", "name"},
    "branded_food.csv": {"fdc_id"},
    "food_category.csv": {"id", "description"},
    "wweia_food_category.csv": {"wweia_food_category_description"},
    "survey_fndds_food.csv": {"fdc_id", "wweia_category_code"},
}

#: The largest unpacked size accepted (the full FDC release unpacks to about 3 GB) and the largest
#: unpacked/packed ratio (real releases are about 7:1; a zip bomb is thousands to one).
MAX_UNPACKED_BYTES = 12 * 1024**3
MAX_RATIO = 100.0
#: Members smaller than this are not ratio-checked (a tiny file of one repeated line compresses very well).
MIN_CHECKED_BYTES = 10 * 1024**2
CHUNK_ROWS = 1_000_000

_READ_ERRORS = (pd.errors.ParserError, UnicodeDecodeError, ValueError, zipfile.BadZipFile, zlib.error, EOFError)


class _Inflated(io.RawIOBase):
    """A zip member's bytes, counted as they are actually inflated: more than the member declared (a forged
    header) stops the read with InvalidInput instead of filling the memory or the disk."""

    def __init__(self, raw: IO[bytes], declared: int, name: str) -> None:
        self._raw = raw
        self._left = min(declared, MAX_UNPACKED_BYTES)
        self._name = name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(min(len(buffer), self._left + 1))
        if len(data) > self._left:
            raise InvalidInput(f"{self._name} inflates beyond the size its zip entry declares; refused as a zip bomb.")
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)


class ReleaseFiles:
    """A folder or a zip, with its CSV files found by base name. Each read opens the member afresh."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.members: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        self._shapes_checked: set[str] = set()
        if path.is_dir():
            for file in sorted(path.rglob("*.csv")):
                if file.name.lower() not in self.members:
                    self.members[file.name.lower()] = str(file)
                    self.sizes[file.name.lower()] = file.stat().st_size
        elif path.is_file():
            try:
                self.zip = zipfile.ZipFile(path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise InvalidInput(f"{path.name} is not a readable .zip archive ({exc}).") from None
            infos = self.zip.infolist()
            unpacked = sum(i.file_size for i in infos)
            packed = max(1, sum(i.compress_size for i in infos))
            # Per member, not only the whole archive: stored padding beside one bomb member hides its ratio.
            worst = max(infos, key=lambda i: i.file_size / max(1, i.compress_size), default=None)
            if worst is not None and worst.file_size > MIN_CHECKED_BYTES:
                ratio = worst.file_size / max(1, worst.compress_size)
                if ratio > MAX_RATIO:
                    self.zip.close()
                    raise InvalidInput(
                        f"{path.name}: {Path(worst.filename).name} would unpack to {worst.file_size / 1e9:.1f} GB "
                        f"from {worst.compress_size / 1e6:.1f} MB ({ratio:,.0f}:1); that is not a FoodData Central "
                        "release (refused as a possible zip bomb)."
                    )
            if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_RATIO:
                self.zip.close()
                raise InvalidInput(
                    f"{path.name} would unpack to {unpacked / 1e9:.1f} GB from {packed / 1e6:.1f} MB; "
                    "that is not a FoodData Central release (refused as a possible zip bomb)."
                )
            for info in infos:
                name = Path(info.filename).name.lower()
                if name.endswith(".csv") and not info.is_dir() and name not in self.members:
                    self.members[name] = info.filename
                    self.sizes[name] = info.file_size
        else:
            raise InvalidInput(f"{path} does not exist.")
        missing = [name for name in REQUIRED if name not in self.members]
        if missing:
            self.close()
            raise InvalidInput(
                f"{path.name} is not a FoodData Central CSV release: {', '.join(missing)} missing "
                "(download the CSV version from fdc.nal.usda.gov)."
            )

    @property
    def release_name(self) -> str:
        """The release as FDC names it: the folder holding food.csv (FoodData_Central_sr_legacy_food_csv_2018-04)."""
        parent = Path(self.members["food.csv"]).parent
        inside = parent.name if self.zip is not None or parent != self.path else ""
        return inside or self.path.name

    def has(self, name: str) -> bool:
        return name in self.members

    @contextmanager
    def open(self, name: str) -> Iterator[IO[bytes]]:
        member = self.members[name]
        try:
            if self.zip is not None:
                with self.zip.open(member) as raw:
                    yield io.BufferedReader(_Inflated(raw, self.zip.getinfo(member).file_size, name))
            else:
                with Path(member).open("rb") as fh:
                    yield fh
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise InvalidInput(f"{name} in {self.path.name} is damaged or truncated ({_short(exc)}).") from None

    def header(self, name: str) -> list[str]:
        """The column names of a member, checked against the columns NutriGap needs."""
        with self.open(name) as fh:
            text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
            try:
                first = next(csv.reader(text), [])
            except (UnicodeDecodeError, csv.Error) as exc:
                raise InvalidInput(f"{name} cannot be read as UTF-8 CSV: {_short(exc)}") from None
        header = [c.strip() for c in first]
        if not header:
            raise InvalidInput(f"{name} is empty; the release is incomplete.")
        missing = REQUIRED_COLUMNS.get(name, set()) - set(header)
        if missing:
            raise InvalidInput(f"{name} lacks the columns {sorted(missing)}; it is not in FoodData Central's layout.")
        return header

    def _check_shape(self, name: str, columns: int) -> None:
        """Every record of a member has as many cells as its header, and its quotes balance: pandas silently
        drops cells beyond the columns it is asked for, and an unbalanced quote swallows the rows after it.
        One streaming pass with the csv module (bounded fields), once per member; an error names the row."""
        if name in self._shapes_checked:
            return
        with self.open(name) as fh:
            text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
            reader = csv.reader(text, strict=True)
            try:
                next(reader, None)
                for row in reader:
                    if len(row) != columns and row:
                        what = "more" if len(row) > columns else "fewer"
                        raise InvalidInput(
                            f"{name} row {reader.line_num}: {what} cells ({len(row)}) than the header has columns "
                            f"({columns}); the file is damaged. Nothing was imported."
                        )
            except (csv.Error, UnicodeDecodeError) as exc:
                raise InvalidInput(
                    f"{name} row {reader.line_num}: {_short(exc)} (an unbalanced quote?); the file is damaged or "
                    "truncated. Nothing was imported."
                ) from None
        self._shapes_checked.add(name)

    def _reader(
        self, fh: IO[bytes], name: str, usecols: list[str], chunksize: int | None, numeric: bool = False
    ) -> object:
        header = self.header(name)
        self._check_shape(name, len(header))
        cols = [c for c in usecols if c in header]
        return pd.read_csv(
            fh,
            usecols=cols,
            # numeric: let the C parser read numbers (a bad value leaves its column as text for _numbers to name).
            dtype=None if numeric else str,
            keep_default_na=False,
            na_values=[""],
            encoding="utf-8-sig",
            chunksize=chunksize,
        )

    def read(self, name: str, usecols: list[str]) -> pd.DataFrame:
        with self.open(name) as fh:
            try:
                frame = self._reader(fh, name, usecols, None)
            except _READ_ERRORS as exc:
                raise InvalidInput(f"{name} is damaged or truncated ({_short(exc)}); nothing was imported.") from None
        assert isinstance(frame, pd.DataFrame)
        return frame

    def chunks(self, name: str, usecols: list[str], numeric: bool = False) -> Iterator[tuple[int, pd.DataFrame]]:
        """(offset, chunk) pairs; ``offset`` is the number of data rows before the chunk."""
        with self.open(name) as fh:
            offset = 0
            try:
                reader = self._reader(fh, name, usecols, CHUNK_ROWS, numeric)
                assert isinstance(reader, pd.io.parsers.TextFileReader)
                for chunk in reader:
                    yield offset, chunk
                    offset += len(chunk)
            except _READ_ERRORS as exc:
                raise InvalidInput(f"{name} is damaged or truncated ({_short(exc)}); nothing was imported.") from None

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def _short(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__
