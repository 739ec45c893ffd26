"""Writing a chart to PNG, SVG or PDF (chosen by the file's suffix), and to PNG bytes for reports."""

from __future__ import annotations

import contextlib
import io
import os
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib import image as mpl_image
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo

from nutrigap.charts.glyph_cache import ChartRenderer
from nutrigap.domain.errors import InvalidInput

#: suffix -> matplotlib format
FORMATS: dict[str, str] = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
#: PNG resolution [dots per inch]: 150 keeps a 10.5-inch chart sharp on a high-density screen (1,575 px wide)
PNG_DPI = 150
#: zlib level of chart PNGs: on these flat-coloured pictures level 3 makes files about 6 % larger than level 6
#: in less than half the time (a week chart: 176 kB in ~20 ms against 167 kB in ~50 ms)
PNG_COMPRESS_LEVEL = 3


class ChartCanvas(FigureCanvasAgg):
    """The canvas a chart figure is created with (the window replaces it with its own). Its PNGs are written
    as RGB when every pixel is opaque, which every chart is unless saved with ``transparent=True``: an alpha
    channel of 255s only makes the file bigger and slower to compress. Other formats are written by
    matplotlib's usual backends. It draws with a :class:`ChartRenderer`, which keeps text measurements and glyph
    bitmaps from one chart to the next."""

    def get_renderer(self) -> RendererAgg:
        # as FigureCanvasAgg.get_renderer, with the caching renderer
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        if self._lastKey != key:
            self.renderer = ChartRenderer(width, height, self.figure.dpi)
            self._lastKey = key
        return self.renderer  # type: ignore[no-any-return]

    def print_png(
        self,
        filename_or_obj: Any,
        *,
        metadata: dict[str, str | None] | None = None,
        pil_kwargs: dict[str, Any] | None = None,
        **_print_figure_options: Any,  # dpi, facecolor ...: already applied to the figure by savefig
    ) -> None:
        FigureCanvasAgg.draw(self)  # type: ignore[no-untyped-call]
        options = dict(pil_kwargs or {})
        options.setdefault("compress_level", PNG_COMPRESS_LEVEL)
        rgba = np.asarray(self.buffer_rgba())  # type: ignore[no-untyped-call]
        if rgba[..., 3].min() < 255 or "pnginfo" in options:
            # see-through pixels (or the caller's own PNG chunks): matplotlib's RGBA writer, as usual
            mpl_image.imsave(
                filename_or_obj,
                self.buffer_rgba(),  # type: ignore[no-untyped-call]
                format="png",
                origin="upper",
                dpi=self.figure.dpi,
                metadata=metadata,  # type: ignore[arg-type]  # None removes a key, as matplotlib documents
                pil_kwargs=options,
            )
            return
        software = f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/"  # as matplotlib writes
        # a key given as None is left out, as matplotlib documents
        texts = {k: v for k, v in {"Software": software, **(metadata or {})}.items() if v is not None}
        height, width = rgba.shape[:2]
        # Pillow drops the alpha channel ten times faster than a strided numpy copy
        rgb = PILImage.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
        if set(options) == {"compress_level"} and _latin1(texts):
            with _opened(filename_or_obj) as out:
                out.write(rgb_png(np.asarray(rgb), self.figure.dpi, texts, options["compress_level"]))
            return
        info = PngInfo()  # anything else the caller asked Pillow for: Pillow writes it
        for key, value in texts.items():
            info.add_text(key, value)
        options.setdefault("dpi", (self.figure.dpi, self.figure.dpi))
        rgb.save(filename_or_obj, format="png", pnginfo=info, **options)


def rgb_png(rgb: np.ndarray, dpi: float, texts: dict[str, str], compress_level: int = PNG_COMPRESS_LEVEL) -> bytes:
    """An 8-bit RGB PNG of ``rgb`` (height x width x 3, uint8) with its resolution [dots per inch] and text chunks.

    Pillow's writer tries all five PNG row filters on every row and keeps the best guess, which took two thirds
    of the time to write a chart (~45 of ~65 ms) and offers no way to choose; on these flat-coloured pictures
    the "Up" filter on every row compresses nearly as well (files about 1 % larger, up to 13 % on a trend
    chart's dots), so rows are filtered here in one numpy operation and compressed with zlib (~20 ms). The file is a plain PNG (signature, IHDR, pHYs, tEXt, IDAT, IEND; see
    the PNG specification, https://www.w3.org/TR/png/); the tests read it back with Pillow.
    """
    height, width = rgb.shape[:2]
    flat = rgb.reshape(height, width * 3)
    rows = np.empty((height, 1 + width * 3), dtype=np.uint8)
    rows[:, 0] = 2  # filter type "Up": each byte minus the byte above it, modulo 256
    rows[0, 1:] = flat[0]  # the first row has only zeros above it
    np.subtract(flat[1:], flat[:-1], out=rows[1:, 1:])
    per_metre = int(dpi / 0.0254 + 0.5)
    chunks = [
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),  # 8-bit RGB, not interlaced
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),  # unit 1: pixels per metre
        *(_chunk(b"tEXt", key.encode("latin-1") + b"\0" + value.encode("latin-1")) for key, value in texts.items()),
        _chunk(b"IDAT", zlib.compress(rows.data, compress_level)),
        _chunk(b"IEND", b""),
    ]
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _latin1(texts: dict[str, str]) -> bool:
    """True when every key and value fits a tEXt chunk (Latin-1, a key of 1 to 79 characters)."""
    try:
        for key, value in texts.items():
            key.encode("latin-1"), value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return all(0 < len(key) < 80 for key in texts)


@contextlib.contextmanager
def _opened(target: Any) -> Iterator[Any]:
    """A binary file-like object for a path or an already open file (left open, as Pillow leaves it)."""
    if hasattr(target, "write"):
        yield target
        return
    with Path(os.fspath(target)).open("wb") as out:
        yield out


def chart_format(path: Path | str) -> str:
    """The format for ``path`` ("png", "svg" or "pdf"); anything else is refused with a clear message."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        shown = f"'{suffix}'" if suffix else "no suffix"
        raise InvalidInput(f"Cannot write a chart as {shown} ({Path(path).name}); use .png, .svg or .pdf.")
    return FORMATS[suffix]


def _metadata(fmt: str) -> dict[str, str | None]:
    # no creation dates: the same chart gives the same file, which keeps screenshots and tests reproducible
    if fmt == "png":
        return {"Software": "NutriGap (matplotlib)"}
    if fmt == "svg":
        return {"Creator": "NutriGap (matplotlib)", "Date": None}
    return {"Creator": "NutriGap (matplotlib)", "Producer": "NutriGap (matplotlib)", "CreationDate": None}


def save_figure(fig: Figure, path: Path | str, *, dpi: int = PNG_DPI) -> Path:
    """Write ``fig`` to ``path`` as PNG, SVG or PDF according to its suffix and return the path.

    The file appears whole or not at all (written beside it, then renamed), so a failure never leaves half a
    chart in place of an older one.
    """
    target = Path(path).expanduser()
    fmt = chart_format(target)
    folder = target.parent if str(target.parent) else Path()
    if not folder.is_dir():
        raise InvalidInput(f"The folder {folder} does not exist; create it first or choose another place.")
    # a hidden name beside the target (same file system, so the rename is atomic); created with the user's
    # umask like any other file they save
    temp = folder / f".{target.stem}.{os.getpid()}.{threading.get_ident()}.part{target.suffix}"
    try:
        fig.savefig(temp, format=fmt, dpi=dpi, facecolor=fig.get_facecolor(), metadata=_metadata(fmt))
        temp.replace(target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise InvalidInput(f"Could not write {target}: {exc.strerror or exc}.") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


def figure_png(fig: Figure, *, dpi: int = 200) -> bytes:
    """The figure as PNG bytes (for embedding in a PDF report)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor=fig.get_facecolor(), metadata=_metadata("png"))
    return buffer.getvalue()
