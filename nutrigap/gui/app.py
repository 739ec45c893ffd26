"""Start the window. (Placeholder until the window lands: see issue #3.)"""

from __future__ import annotations

import sys


def run(argv: list[str]) -> int:
    print("The NutriGap window is not built yet; use the command line (nutrigap --help).", file=sys.stderr)
    return 1
