"""Run every ``benchmarks/*_bench.py`` module's ``main(quick)``; ``--quick`` for a short run."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    here = Path(__file__).resolve().parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if info.name.endswith("_bench"):
            importlib.import_module(f"benchmarks.{info.name}").main(quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
