"""How counts read in every sentence NutriGap writes (window, CLI, report): '1 food', '2 foods', never
'food(s)'. Plain Python, so the engine and the services use the same helper as the window."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """'1 food', '2 foods', '0 days'; ``many`` for irregular plurals: plural(2, 'entry', 'entries')."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"
