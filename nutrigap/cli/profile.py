"""profile commands: who the targets are for, and the user's own targets."""

from __future__ import annotations

import argparse
from typing import Any

from nutrigap.cli.common import add_json, context, fmt, print_json, print_table
from nutrigap.domain.errors import InvalidInput


def register(sub: Any) -> None:
    profile = sub.add_parser("profile", help="who the targets are for")
    psub = profile.add_subparsers(dest="profile_command", metavar="ACTION", required=True, parser_class=type(profile))
    p = psub.add_parser("set", help="set sex, birth date, pregnancy or lactation")
    p.add_argument("--sex", required=True, choices=["female", "male"])
    p.add_argument("--birth-date", required=True, metavar="YYYY-MM-DD")
    stage = p.add_mutually_exclusive_group()
    stage.add_argument("--pregnant", action="store_true")
    stage.add_argument("--lactating", action="store_true")
    p.add_argument("--vitamin-d-unit", choices=["µg", "ug", "IU"], help="how vitamin D is shown (default µg)")
    p.set_defaults(handler=_profile_set)
    p = psub.add_parser("show", help="the profile and its reference intakes")
    add_json(p)
    p.set_defaults(handler=_profile_show)
    p = psub.add_parser(
        "target",
        help="your own target for a nutrient (e.g. a doctor's advice), shown beside the DRI",
        description="Set or clear your own daily target for a nutrient. Bars and reports show it beside the DRI, "
        "which stays visible; the IOM verdicts stay against the DRI.",
    )
    p.add_argument("nutrient", metavar="NUTRIENT", help="magnesium, calcium, potassium, vitamin_d or vitamin_b12")
    p.add_argument("amount", metavar="AMOUNT", nargs="?", help="per day, in mg or µg (vitamin D also in IU)")
    p.add_argument("unit", metavar="UNIT", nargs="?", help="mg, µg or IU (default: the nutrient's unit)")
    p.add_argument("--note", help="where it comes from, for example 'Dr Rossi, 3 Dec 2026'")
    p.add_argument("--clear", action="store_true", help="remove your target (the DRI remains)")
    p.set_defaults(handler=_profile_target)


def _profile_set(args: argparse.Namespace) -> int:
    from nutrigap.services.profile import set_profile

    stage = "pregnant" if args.pregnant else "lactating" if args.lactating else "none"
    unit = {"ug": "µg"}.get(args.vitamin_d_unit, args.vitamin_d_unit)
    with context() as ctx:
        view = set_profile(ctx, sex=args.sex, birth_date=args.birth_date, life_stage=stage, vitamin_d_unit=unit)
    p = view.profile
    born = p.birth_date.isoformat()
    print(f"profile: {p.sex.value}, born {born}, {p.life_stage.value}, vitamin D in {p.vitamin_d_unit}")
    return 0


def _profile_show(args: argparse.Namespace) -> int:
    import datetime as dt

    from nutrigap.domain.wording import default_profile_text
    from nutrigap.services.quick_profile import quick_profile_targets

    today = dt.date.today()
    with context() as ctx:
        found = quick_profile_targets(ctx, today)  # without SQLAlchemy where the plain SQLite diary allows (#16)
        if found is None:
            from nutrigap.services.profile import get_profile, targets

            found = get_profile(ctx), targets(ctx, today)
        view, goals = found
    if args.json:
        data = view.to_json(today)
        data["targets"] = {
            n.value: {"ear": t.ear, "target": t.target, "target_kind": t.target_kind, "ul": t.ul, "unit": t.unit,
                      "ul_scope": t.ul_scope, "age_group": t.age_group, "personal_target": t.personal,
                      "personal_target_note": t.personal_note}
            for n, t in goals.items()
        }  # fmt: skip
        print_json(data)
        return 0
    p = view.profile
    note = (
        f"  (no profile set: the default, {default_profile_text(today)}; set yours with 'nutrigap profile set')"
        if view.is_default
        else ""
    )
    print(f"{p.sex.value}, {p.age_years(today)} y, born {p.birth_date.isoformat()}, {p.life_stage.value}{note}")
    print_table(
        ["nutrient", "EAR", "target", "kind", "UL", "unit", "group", "yours"],
        [[n.label, fmt(t.ear, 1) if t.ear else "-", fmt(t.target, 1), t.target_kind,
          "-" if t.ul is None else fmt(t.ul, 1) + (" (suppl.)" if t.ul_scope == "supplemental" else ""),
          t.unit, t.age_group, "-" if t.personal is None else fmt(t.personal, 1)] for n, t in goals.items()],
        align_right=[1, 2, 4, 7],
    )  # fmt: skip
    for n, t in goals.items():
        if t.personal is not None:
            print(
                f"your {n.label} target: {fmt(t.personal, 1)} {t.unit}/day"
                + (f" ({t.personal_note})" if t.personal_note else "")
            )
    if any(t.personal is not None for t in goals.values()):
        print("Your targets are shown beside the DRI; the verdicts stay against the DRI (IOM 2000).")
    return 0


def _profile_target(args: argparse.Namespace) -> int:
    from nutrigap.services.profile import clear_personal_target, set_personal_target

    with context() as ctx:
        if args.clear:
            if args.amount is not None or args.note:
                raise InvalidInput("--clear takes only the nutrient.")
            nutrient = clear_personal_target(ctx, args.nutrient)
            print(f"your {nutrient.label} target is cleared; the DRI remains")
            return 0
        if args.amount is None:
            raise InvalidInput("Give the amount per day, for example: nutrigap profile target magnesium 400")
        nutrient, amount, note = set_personal_target(ctx, args.nutrient, args.amount, unit=args.unit, note=args.note)
    shown_note = f" ({note})" if note else ""
    print(f"your {nutrient.label} target: {amount:g} {nutrient.unit}/day{shown_note}; shown beside the DRI, "
          "verdicts stay against the DRI")  # fmt: skip
    return 0
