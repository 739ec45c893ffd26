"""demo command: open NutriGap on a separate demo diary filled with four weeks of sample data."""

from __future__ import annotations

import argparse
import os
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "demo",
        help="open the window on a demo diary with four weeks of sample data (your own diary is not touched)",
    )
    p.add_argument("--reset", action="store_true", help="throw the demo diary away and fill it again")
    p.add_argument("--no-window", action="store_true", help="fill the demo diary and print where it is")
    p.set_defaults(handler=_demo)


def _demo(args: argparse.Namespace) -> int:
    from nutrigap.services.demo import add_demo_experiment, prepare_demo

    info = prepare_demo(reset=args.reset)
    add_demo_experiment(info.home, info.end)
    state = "filled" if info.created else "already filled"
    print(f"demo diary ({state}): {info.diary_file}")
    print(f"  {info.start} to {info.end}: {info.entries} diary entries, {info.episodes} twitch episodes, "
          f"factors on {info.factor_days} days")  # fmt: skip
    print("  your own diary is not touched; to use the demo from the command line:")
    print(f"  NUTRIGAP_HOME={info.home} nutrigap report week {info.end}")
    if args.no_window:
        return 0
    # the window reads its data folder from the environment: point it at the demo, and never at a diary URL
    # the user set for their own data
    os.environ["NUTRIGAP_HOME"] = str(info.home)
    own_url = os.environ.pop("NUTRIGAP_DB_URL", None)
    if own_url:  # for the window's "Back to my own diary"
        from nutrigap.services.demo_marker import OWN_DB_URL_ENV

        os.environ[OWN_DB_URL_ENV] = own_url
    from nutrigap.cli import open_window_from

    # open on the demo's last day: run later, "today" may be after the four weeks and show an empty day
    return open_window_from(args)([], info.end)
