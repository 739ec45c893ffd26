"""twitch and factors commands: the twitch log and the daily lifestyle factors."""

from __future__ import annotations

import argparse
from typing import Any

from nutrigap.cli.common import add_json, context, fmt, print_json, print_table
from nutrigap.domain.symptoms import SYMPTOMS, Location


def register(sub: Any) -> None:
    twitch = sub.add_parser("twitch", help="log, list and remove twitch episodes")
    tsub = twitch.add_subparsers(dest="twitch_command", metavar="ACTION", required=True, parser_class=type(twitch))
    p = tsub.add_parser(
        "add",
        help="log a twitch episode",
        description="A twitch is a small, brief involuntary contraction; a cramp is a sustained, often painful one "
        "(tick it with --symptom cramp).",
    )
    p.add_argument("when", metavar="DATETIME", help="'YYYY-MM-DD HH:MM' (quote it), YYYY-MM-DDTHH:MM or now")
    p.add_argument(
        "--location",
        required=True,
        metavar="LOCATION",
        help=", ".join(loc.value for loc in Location) + " (elsewhere: other:WHERE, e.g. other:tongue)",
    )
    p.add_argument("--intensity", required=True, metavar="N", help="1 (barely noticeable) to 10")
    p.add_argument("--side", choices=["left", "right", "both"])
    p.add_argument("--duration-s", metavar="N", help="how long it lasted, in seconds")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument(
        "--symptom", action="append", default=[], choices=list(SYMPTOMS), help="an accompanying symptom (repeatable)"
    )
    add_json(p)
    p.set_defaults(handler=_twitch_add)
    p = tsub.add_parser("list", help="twitch episodes in a date range")
    p.add_argument("--from", dest="start", metavar="DATE")
    p.add_argument("--to", dest="end", metavar="DATE")
    add_json(p)
    p.set_defaults(handler=_twitch_list)
    p = tsub.add_parser("rm", help="remove a twitch episode")
    p.add_argument("episode_id", type=_episode_id, metavar="ID")
    p.set_defaults(handler=_twitch_rm)

    factors = sub.add_parser("factors", help="water, caffeine, sleep, stress, exercise and sunlight of a day")
    fsub = factors.add_subparsers(dest="factors_command", metavar="ACTION", required=True, parser_class=type(factors))
    p = fsub.add_parser(
        "set",
        help="set some of a day's factors (the others keep their value)",
        description="--caffeine-mg is caffeine NOT logged as food in the diary; the caffeine of logged foods is "
        "added to it (see 'factors show').",
    )
    p.add_argument("date", metavar="DATE")
    p.add_argument("--water-ml", metavar="N")
    p.add_argument("--caffeine-mg", metavar="N")
    p.add_argument("--sleep-h", metavar="N")
    p.add_argument("--stress", metavar="N", help="1 (calm) to 5 (very stressed)")
    p.add_argument("--exercise-min", metavar="N")
    p.add_argument("--exercise-intensity", choices=["light", "moderate", "vigorous"])
    p.add_argument("--last-caffeine", metavar="HH:MM", help="time of the day's last caffeinated drink")
    p.add_argument("--sun-min", metavar="N", help="minutes outdoors in daylight")
    p.add_argument("--sun-skin", metavar="SKIN", help="skin bare in the sun: none, face_hands or arms_legs")
    add_json(p)
    p.set_defaults(handler=_factors_set)
    p = fsub.add_parser("show", help="a day's factors and the caffeine of its logged foods")
    p.add_argument("date", metavar="DATE")
    add_json(p)
    p.set_defaults(handler=_factors_show)


def _episode_id(text: str) -> int:
    if not text.strip().isdigit() or len(text.strip()) > 12:
        raise argparse.ArgumentTypeError(f"'{text}' is not an episode id (a whole number)")
    return int(text)


def _twitch_add(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_add import quick_log_twitch

    with context() as ctx:
        # without SQLAlchemy where the plain SQLite diary allows (issue #16); else the full path
        details = {"side": args.side, "duration_s": args.duration_s, "note": args.note, "symptoms": args.symptom}
        view = quick_log_twitch(ctx, args.when, args.location, args.intensity, **details)
        if view is None:
            from nutrigap.services.twitches import log_twitch

            view = log_twitch(ctx, args.when, args.location, args.intensity, **details)
    if args.json:
        print_json(view.to_json())
    else:
        extra = f", with {', '.join(s.replace('_', ' ') for s in view.symptoms)}" if view.symptoms else ""
        print(f"twitch {view.id}: {view.occurred_at:%Y-%m-%d %H:%M} {view.place}, intensity {view.intensity}{extra}")
    return 0


def _twitch_list(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_twitches import quick_list_twitches

    with context() as ctx:
        views = quick_list_twitches(ctx, args.start, args.end)  # without SQLAlchemy where it can (issue #16)
        if views is None:
            from nutrigap.services.twitches import list_twitches

            views = list_twitches(ctx, args.start, args.end)
    if args.json:
        print_json([v.to_json() for v in views])
        return 0
    if not views:
        print("no twitch episodes")
        return 0
    print_table(
        ["id", "when", "where", "intensity", "seconds", "symptoms", "note"],
        [
            [v.id, f"{v.occurred_at:%Y-%m-%d %H:%M}", v.place, v.intensity,
             "" if v.duration_s is None else v.duration_s, ", ".join(s.replace("_", " ") for s in v.symptoms),
             (v.note or "")[:40]]
            for v in views
        ],
        align_right=[0, 3, 4],
    )  # fmt: skip
    return 0


def _twitch_rm(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_twitches import quick_remove_twitch

    with context() as ctx:
        view = quick_remove_twitch(ctx, args.episode_id)  # without SQLAlchemy where it can (issue #16)
        if view is None:
            from nutrigap.services.twitches import remove_twitch

            view = remove_twitch(ctx, args.episode_id)
    print(f"removed twitch {view.id}: {view.occurred_at:%Y-%m-%d %H:%M} {view.place}, intensity {view.intensity}")
    return 0


def _factors_set(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_factors import quick_set_factors

    given: dict[str, object] = {
        name: value
        for name, value in (
            ("water_ml", args.water_ml),
            ("caffeine_mg", args.caffeine_mg),
            ("sleep_h", args.sleep_h),
            ("stress", args.stress),
            ("exercise_min", args.exercise_min),
            ("exercise_intensity", args.exercise_intensity),
            ("last_caffeine_at", args.last_caffeine),
            ("sun_min", args.sun_min),
            ("sun_exposure", args.sun_skin),
        )
        if value is not None
    }
    with context() as ctx:
        # without SQLAlchemy where the plain SQLite diary allows (issue #16); else the full path
        view = quick_set_factors(ctx, args.date, **given)
        if view is None:
            from nutrigap.services.factors import set_factors

            view = set_factors(ctx, args.date, **given)
    _print_factors(view, args.json)
    return 0


def _factors_show(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_factors import quick_get_factors

    with context() as ctx:
        view = quick_get_factors(ctx, args.date)  # without SQLAlchemy where it can (issue #16)
        if view is None:
            from nutrigap.services.factors import get_factors

            view = get_factors(ctx, args.date)
    _print_factors(view, args.json)
    return 0


def _print_factors(view: Any, as_json: bool) -> None:
    from nutrigap.domain.limits import SUN_EXPOSURE_LABELS

    if as_json:
        print_json(view.to_json())
        return
    rows = [
        ["water", fmt(view.water_ml, 0), "ml"],
        ["caffeine (typed)", fmt(view.caffeine_mg, 0), "mg"],
        ["caffeine (from logged foods)", fmt(view.food_caffeine_mg, 0), "mg"],
        ["caffeine (total)", fmt(view.total_caffeine_mg, 0), "mg"],
        ["last caffeine at", "?" if view.last_caffeine_at is None else view.last_caffeine_at.strftime("%H:%M"), ""],
        ["sleep", fmt(view.sleep_h, 1), "h"],
        ["stress", "?" if view.stress is None else str(view.stress), "1-5"],
        [
            "exercise",
            fmt(view.exercise_min, 0),
            "min" + (f" ({view.exercise_intensity})" if view.exercise_intensity else ""),
        ],
        [
            "sunlight (outdoors in daylight)",
            fmt(view.sun_min, 0),
            "min" + (f" ({SUN_EXPOSURE_LABELS[view.sun_exposure]} bare)" if view.sun_exposure else ""),
        ],
    ]
    print(f"{view.day.isoformat()}: '?' = not recorded")
    print_table(["factor", "value", "unit"], rows, align_right=[1])
    if view.food_caffeine_mg is None:
        print(
            "No logged food of this day has a caffeine value (the food database has USDA values for most coffee, "
            "tea, colas, energy drinks and chocolate foods, not for these); they count as unknown, not zero."
        )
