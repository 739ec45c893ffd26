"""Writing a chart to PNG, SVG or PDF (chosen by the file's suffix), and to PNG bytes for reports."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
from matplotlib import image as mpl_image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage
from PIL.PngImagePlugin import PngInfo

from nutrigap.domain.errors import InvalidInput
from nutrigap.store.output_file import output_file

#: suffix -> matplotlib format
FORMATS: dict[str, str] = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
#: PNG resolution [dots per inch]: 150 keeps a 10.5-inch chart sharp on a high-density screen (1,575 px wide)
PNG_DPI = 150
#: zlib level of chart PNGs: on these flat-coloured pictures level 3 makes files as small as Pillow's default
#: (6) in about two thirds of the time; 9 is several times slower for 1-2 % less
PNG_COMPRESS_LEVEL = 3


class ChartCanvas(FigureCanvasAgg):
    """The canvas a chart figure is created with (the window replaces it with its own). Its PNGs are written
    as RGB when every pixel is opaque, which every chart is unless saved with ``transparent=True``: an alpha
    channel of 255s only makes the file bigger and slower to compress. Other formats are written by
    matplotlib's usual backends."""

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
        info = PngInfo()
        software = f"Matplotlib version{matplotlib.__version__}, https://matplotlib.org/"  # as matplotlib writes
        for key, value in {"Software": software, **(metadata or {})}.items():
            if value is not None:
                info.add_text(key, value)
        options.setdefault("dpi", (self.figure.dpi, self.figure.dpi))
        height, width = rgba.shape[:2]
        # Pillow drops the alpha channel ten times faster than a strided numpy copy
        rgb = PILImage.frombuffer("RGBA", (width, height), rgba, "raw", "RGBA", 0, 1).convert("RGB")
        rgb.save(filename_or_obj, format="png", pnginfo=info, **options)


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
    with output_file(target) as fh:
        fig.savefig(fh, format=fmt, dpi=dpi, facecolor=fig.get_facecolor(), metadata=_metadata(fmt))
    return target


def figure_png(fig: Figure, *, dpi: int = 200) -> bytes:
    """The figure as PNG bytes (for embedding in a PDF report)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor=fig.get_facecolor(), metadata=_metadata("png"))
    return buffer.getvalue()
