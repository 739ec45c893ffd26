"""A second NutriGap process for the concurrency tests: ``python -m tests.safety.workers log TAG N FOOD...``
logs N entries (notes ``TAG-i``) through the services, reading a day report between writes, and prints each
committed entry id. The diary comes from NUTRIGAP_HOME / NUTRIGAP_DB_URL like the app's."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    from nutrigap.services import diary, reports
    from nutrigap.services.context import AppContext

    command, tag, count, *foods = argv
    assert command == "log" and foods
    ctx = AppContext()
    try:
        for i in range(int(count)):
            entry = diary.log_food(ctx, "2026-11-24", "lunch", foods[i % len(foods)], 10 + i, "g", note=f"{tag}-{i}")
            print(entry.id, flush=True)
            reports.day_report(ctx, "2026-11-24")
    finally:
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
