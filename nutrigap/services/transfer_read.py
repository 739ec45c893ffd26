"""Reading a diary export back: the file as a bounded stream of checked lines, and the rows into the diary.

The file is read line by line, never whole: memory stays flat whatever its size, and junk is refused at the
first bad line. Only regular files are read (a device or a pipe never ends). Every row is checked by the rules
entry uses (``nutrigap.domain.limits`` and the vocabularies of the domain) before anything is replaced; the
whole import is one transaction, so a refused file changes nothing.

The rows are checked and written by ``transfer_rows``.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from nutrigap.domain import limits
from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.spreadsheet import unescape_cell
from nutrigap.domain.wording import plural
from nutrigap.services.transfer_write import END, FORMAT, FORMATS_READ

#: Ten years of 16 entries a day export to about 7 MB; a file above this is refused before it is read
#: (reading it would take most of an hour, for what cannot be a NutriGap diary).
MAX_IMPORT_BYTES = 100 * 1000 * 1000
#: The longest physical line a diary export has (a 10,000-character note, every character a doubled quote,
#: plus the other cells); a longer line is junk and is refused before it is held in memory.
MAX_LINE_CHARS = 100_000
#: The longest note any editor accepts (food notes); entry notes stop at 2000.
MAX_NOTE = 10_000


class Line:
    """Typed access to one row, with the line number in every error."""

    def __init__(self, number: int, row: dict[str, str], *, escaped: bool = True, place: str = "Line") -> None:
        self.number = number
        self.place = place
        self.row = {k: unescape_cell(v) for k, v in row.items() if v} if escaped else row

    def fail(self, message: str) -> InvalidInput:
        table = "" if self.place == "Line" else f" ({self.row.get('table', '')})"
        return InvalidInput(f"{self.place} {self.number}{table}: {message}; nothing was imported.")

    def text(self, name: str, required: bool = False, max_len: int = 2000) -> str | None:
        value = (self.row.get(name) or "").strip()
        if not value:
            if required:
                raise self.fail(f"'{name}' is empty")
            return None
        if len(value) > max_len:
            raise self.fail(f"'{name}' is longer than {max_len} characters")
        return value

    def note(self, name: str = "note") -> str | None:
        """Free text exactly as exported (spaces and line breaks kept); empty is no note."""
        value = self.row.get(name) or ""
        if not value:
            return None
        if len(value) > MAX_NOTE:
            raise self.fail(f"'{name}' is longer than {MAX_NOTE:,} characters")
        return value

    def number_(
        self, name: str, required: bool = False, low: float | None = None, high: float | None = None
    ) -> float | None:
        raw = self.text(name, required, 64)
        if raw is None:
            return None
        try:
            value = float(raw)
        except ValueError:
            raise self.fail(f"{name} '{shown(raw)}' is not a number") from None
        if math.isnan(value) or math.isinf(value):
            raise self.fail(f"{name} must be a finite number")
        if low is not None and value < low:
            raise self.fail(f"{name} {value:g} is below {low:g}")
        if high is not None and value > high:
            raise self.fail(f"{name} {value:g} is above {high:g}")
        return value

    def amount(self, name: str, limit: limits.Limit, required: bool = True) -> float | None:
        """A number within one of the domain's limits (the same one entry checks)."""
        value = self.number_(name, required)
        if value is None:
            return None
        problem = limit.problem(value)
        if problem is not None:
            raise self.fail(f"{name}: {problem}")
        return value

    def integer(self, name: str, required: bool = False, low: int | None = None, high: int | None = None) -> int | None:
        value = self.number_(name, required, low, high)
        if value is None:
            return None
        if value != int(value):
            raise self.fail(f"{name} {value:g} is not a whole number")
        return int(value)

    def date(self, name: str, required: bool = False) -> dt.date | None:
        from nutrigap.domain.diary import parse_date

        raw = self.text(name, required, 32)
        if raw is None:
            return None
        if raw.lower() in ("today", "yesterday"):
            raise self.fail(f"{name} '{raw}' is not a date")
        try:
            return parse_date(raw)
        except InvalidInput as exc:
            raise self.fail(str(exc).rstrip(".")) from None

    def time(self, name: str, required: bool = False) -> dt.time | None:
        raw = self.text(name, required, 32)
        if raw is None:
            return None
        try:
            value = dt.time.fromisoformat(raw)
        except ValueError:
            raise self.fail(f"{name} '{shown(raw)}' is not a time") from None
        if value.tzinfo is not None:
            raise self.fail(f"{name} '{shown(raw)}' has a time zone; a diary time is a local clock time")
        return value

    def datetime(self, name: str) -> dt.datetime:
        raw = self.text(name, True, 64)
        assert raw is not None
        try:
            value = dt.datetime.fromisoformat(raw)
        except ValueError:
            raise self.fail(f"{name} '{shown(raw)}' is not a date and time") from None
        if not 1900 <= value.year <= 2200:
            raise self.fail(f"{name} {raw} is out of range")
        return value.replace(tzinfo=None)

    def choice(self, name: str, choices: Iterable[str], required: bool = True) -> str | None:
        value = self.text(name, required)
        allowed = tuple(choices)
        if value is not None and value not in allowed:
            raise self.fail(f"{name} '{shown(value)}' is not one of {', '.join(allowed)}")
        return value

    def flag(self, name: str) -> bool:
        return (self.row.get(name) or "0").strip() in ("1", "true", "True", "yes")


# --- the file ---------------------------------------------------------------------------------------------
def _open_regular(path: Path) -> IO[str]:
    """``path`` opened for reading as text if it is a regular file of a plausible size; InvalidInput otherwise.

    Opened without blocking and checked on the open descriptor: a pipe or a device (``/dev/zero``) never ends,
    and a name swapped for one between a check and the open must not hang or flood the import.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InvalidInput(f"Cannot read {path}: {exc.strerror or exc}; nothing was imported.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(
                f"{path} is not a regular file (a folder, device or pipe); export to a file and import that. "
                "Nothing was imported."
            )
        if info.st_size > MAX_IMPORT_BYTES:
            raise InvalidInput(
                f"{path.name} is {info.st_size / 1e6:,.0f} MB, far larger than any NutriGap diary export "
                f"(limit {MAX_IMPORT_BYTES / 1e6:,.0f} MB); nothing was imported."
            )
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        # utf-8-sig: a spreadsheet that saved the file again may have put a byte-order mark in front
        return open(fd, encoding="utf-8-sig", newline="", closefd=True)  # noqa: PTH123 (a descriptor, not a path)
    except BaseException:
        os.close(fd)
        raise


def _bounded(fh: IO[str], name: str) -> Iterator[str]:
    """The physical lines of ``fh``, each read with a length limit, the whole with a size limit."""
    total = 0
    while True:
        line = fh.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        if len(line) > MAX_LINE_CHARS:
            raise InvalidInput(
                f"{name} has a line longer than {MAX_LINE_CHARS:,} characters; it is not a NutriGap diary export. "
                "Nothing was imported."
            )
        total += len(line)
        if total > MAX_IMPORT_BYTES:  # a file that grows while it is read (or reports no size)
            raise InvalidInput(f"{name} is larger than {MAX_IMPORT_BYTES / 1e6:,.0f} MB; nothing was imported.")
        yield line


class ExportFile:
    """An open diary export: its header and format row checked on opening, its rows read on iteration."""

    def __init__(self, path: Path, fh: IO[str]) -> None:
        self.path = path
        self.name = path.name
        self.format = FORMAT  # until the format row is read
        self.broken = False  # reading failed (the reader cannot go on)
        self.ended = False  # the end row was read
        self._reader = csv.DictReader(_bounded(fh, path.name))
        header = self._guard(lambda: self._reader.fieldnames) or []
        if "table" not in header:
            raise InvalidInput(f"{self.name} is not a NutriGap diary export (no 'table' column); nothing was imported.")
        first = self._next()
        if first is None or first.row.get("table") != "format" or first.row.get("key") not in FORMATS_READ:
            raise InvalidInput(f"{self.name} is not a NutriGap diary export ({FORMAT}); nothing was imported.")
        self.format = first.row["key"]
        #: rows read so far, the format row included (what the end row counts)
        self.rows_read = 1

    def _guard(self, read: Callable[[], Any]) -> Any:
        try:
            return read()
        except InvalidInput:
            self.broken = True
            raise
        except UnicodeDecodeError:
            self.broken = True
            raise InvalidInput(f"{self.name} is not UTF-8 text; nothing was imported.") from None
        except OSError as exc:
            self.broken = True
            raise InvalidInput(f"Cannot read {self.path}: {exc.strerror or exc}; nothing was imported.") from None
        except csv.Error as exc:
            self.broken = True
            raise InvalidInput(f"{self.name} is not valid CSV ({exc}); nothing was imported.") from None

    def _next(self) -> Line | None:
        while True:
            row = self._guard(lambda: next(self._reader, None))
            if row is None:
                return None
            if None in row:
                raise InvalidInput(f"Line {self._reader.line_num}: more cells than columns; nothing was imported.")
            if not any((value or "").strip() for value in row.values()):
                continue  # a blank row a spreadsheet left behind
            return Line(self._reader.line_num, row, escaped=self.format != "nutrigap-diary-csv/1")

    def lines(self) -> Iterator[Line]:
        """The data rows after the format row; at the end, the end row is checked (present, right count)."""
        while True:
            line = self._next()
            if line is None:
                raise InvalidInput(
                    f"{self.name} is incomplete: its last row is not the 'end' row an export ends with "
                    "(truncated copy?); nothing was imported."
                )
            if line.row.get("table") == END:
                self.ended = True
                self._check_end(line)
                return
            self.rows_read += 1
            yield line

    def incomplete(self) -> InvalidInput | None:
        """After a bad line: the better diagnosis if that line was the file's last and no end row came (a
        truncated copy's last line is cut in the middle). Reads one more line, never the rest of the file."""
        if self.broken or self.ended:
            return None
        try:
            if self._next() is not None:
                return None
        except InvalidInput:
            return None
        return InvalidInput(
            f"{self.name} is incomplete: its last row is not the 'end' row an export ends with (truncated copy?); "
            "nothing was imported."
        )

    def _check_end(self, end: Line) -> None:
        if end.row.get("key", "").strip() != str(self.rows_read):
            raise InvalidInput(
                f"{self.name} is incomplete or was edited: its end row counts {shown(end.row.get('key', ''))}, "
                f"but the file has {plural(self.rows_read, 'row')}; nothing was imported."
            )
        if self._next() is not None:
            raise InvalidInput(f"{self.name} has rows after its 'end' row; nothing was imported.")


@contextmanager
def open_export(path: Path) -> Iterator[ExportFile]:
    """Open a diary export for reading (InvalidInput if it is not one); closed on leaving the block."""
    fh = _open_regular(path)
    try:
        yield ExportFile(path, fh)
    finally:
        fh.close()
