"""insights, experiment, suggest and guide commands."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from nutrigap.cli.common import add_json, context, fmt, print_json, print_table
from nutrigap.cli.profile_note import note_default_profile


def register(sub: Any) -> None:
    p = sub.add_parser("insights", help="how twitching goes with nutrients and factors; red flags")
    p.add_argument("--weeks", type=int, default=8, metavar="N", help="the last N weeks up to --to (default 8)")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day (default today)")
    p.add_argument("--all", action="store_true", help="list every comparison, not only the notable ones")
    add_json(p)
    p.set_defaults(handler=_insights)

    exp = sub.add_parser("experiment", help="personal experiments: start, list, show, stop")
    esub = exp.add_subparsers(dest="experiment_command", metavar="ACTION", required=True, parser_class=type(exp))
    p = esub.add_parser("start", help="start an experiment (a nutrient target or a caffeine cut-off)")
    p.add_argument("name", metavar="NAME")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--nutrient", help="magnesium, calcium, potassium, vitamin_d or vitamin_b12")
    kind.add_argument("--no-caffeine-after", metavar="HH:MM", help="no caffeine after this time of day")
    p.add_argument("--target", default="RDA", choices=["EAR", "RDA", "AI"], help="the level to reach (default RDA)")
    p.add_argument("--days", type=int, default=14, help="how long (7 to 366 days, default 14)")
    p.add_argument("--start", metavar="DATE", help="first day (default today)")
    add_json(p)
    p.set_defaults(handler=_experiment_start)
    p = esub.add_parser("list", help="all experiments")
    add_json(p)
    p.set_defaults(handler=_experiment_list)
    p = esub.add_parser("show", help="adherence and the before/during comparison")
    p.add_argument("name", metavar="NAME")
    add_json(p)
    p.set_defaults(handler=_experiment_show)
    p = esub.add_parser("goal", help="change a nutrient experiment's goal (it is fixed when the experiment starts)")
    p.add_argument("name", metavar="NAME")
    p.add_argument("amount", metavar="AMOUNT", help="the new goal per day, in the nutrient's unit (mg or µg)")
    add_json(p)
    p.set_defaults(handler=_experiment_goal)
    p = esub.add_parser("stop", help="end an experiment early (today is its last day)")
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=_experiment_stop)

    p = sub.add_parser("suggest", help="foods that close the day's gaps, and one plan for all of them")
    p.add_argument("date", metavar="DATE")
    p.add_argument("--diet", choices=["vegan", "vegetarian", "dairy-free"])
    p.add_argument("--week", action="store_true", help="the mean gaps of the Monday-to-Sunday week of DATE")
    add_json(p)
    p.set_defaults(handler=_suggest)

    p = sub.add_parser("guide", help="what a nutrient does, signs of a shortfall, and the richest foods")
    p.add_argument("nutrient", metavar="NUTRIENT", help="magnesium, calcium, potassium, vitamin_d or vitamin_b12")
    add_json(p)
    p.set_defaults(handler=_guide)


def _wrap(text: str, indent: str = "") -> None:
    print(textwrap.fill(text, width=110, initial_indent=indent, subsequent_indent=" " * len(indent)))


def _print_medicines(findings: Any) -> None:
    """What the ODS sheets say about each medicine, and twitching before and since its start (issue #17)."""
    if findings:
        print("\nYour medicines:")
    for finding in findings:
        for said in (finding.interaction, finding.text):
            if said:
                _wrap(said, "- ")
        if finding.text:
            _wrap(finding.caveat, "  ")


def _insights(args: argparse.Namespace) -> int:
    from nutrigap.services.insights import insights_for_weeks

    with context() as ctx:
        report = insights_for_weeks(ctx, args.weeks, args.end)
        note_default_profile(ctx)  # the "possibly missing data" flags compare with the targets
    if args.json:
        print_json(report.to_json())
        return 0
    print(f"Insights {report.start} to {report.end}")
    _wrap(report.summary)
    shown = report.items if args.all else report.notable
    if report.enough_data and shown:
        print()
        for item in shown:
            _wrap(item.text, "- ")
    elif report.enough_data:
        tested = sorted((i for i in report.items if i.p_value is not None), key=lambda i: i.p_value or 1.0)
        if tested:
            print("\nStrongest patterns, none beyond chance (see --all for every comparison):")
            for item in tested[:3]:
                _wrap(item.text, "- ")
    _print_medicines(report.medicines)
    if report.missing_data:
        print("\nPossibly missing data:")
        for flag in report.missing_data:
            _wrap(flag.text, "- ")
    if report.red_flags:
        print("\nSee a doctor:")
        for rf in report.red_flags:
            _wrap(f"{rf.title}. {rf.detail} ({rf.source})", "! ")
        _wrap(report.red_flags[0].ask_for)
    print()
    _wrap(report.disclaimer)
    return 0


def _print_experiment_row(views: list[Any]) -> None:
    print_table(
        ["name", "what", "from", "to", "status"],
        [[v.name, v.description, v.start.isoformat(), v.planned_end.isoformat(), v.status] for v in views],
    )


def _experiment_start(args: argparse.Namespace) -> int:
    from nutrigap.services.experiments import start_experiment

    with context() as ctx:
        view = start_experiment(ctx, args.name, nutrient=args.nutrient, target=args.target,
                                no_caffeine_after=args.no_caffeine_after, days=args.days, start=args.start)  # fmt: skip
        note_default_profile(ctx)  # after the work: an error prints only itself
    if args.json:
        print_json(view.to_json())
    else:
        print(f"experiment '{view.name}': {view.description}, {view.start} to {view.planned_end} ({view.status})")
    return 0


def _experiment_list(args: argparse.Namespace) -> int:
    from nutrigap.services.experiments import list_experiments

    with context() as ctx:
        views = list_experiments(ctx)
    if args.json:
        print_json([v.to_json() for v in views])
    elif not views:
        print("no experiments yet; start one with: nutrigap experiment start NAME --nutrient magnesium --target RDA")
    else:
        _print_experiment_row(views)
    return 0


def _experiment_show(args: argparse.Namespace) -> int:
    from nutrigap.services.experiments import experiment_report

    with context() as ctx:
        report = experiment_report(ctx, args.name)
        note_default_profile(ctx)  # after the work: an error prints only itself
    if args.json:
        print_json(report.to_json())
        return 0
    v, r = report.experiment, report.result
    print(f"{v.name}: {v.description} ({v.status})")
    if v.goal is not None:
        print(f"goal: {v.goal:g} {v.unit}/day, fixed when it started (a profile change does not move it; "
              "change it with: nutrigap experiment goal NAME AMOUNT)")  # fmt: skip
    print(f"baseline {r.baseline[0]} to {r.baseline[1]}; experiment from {v.start}"
          + ("" if r.during is None else f" to {r.during[1]}"))  # fmt: skip
    marks = {"kept": "+", "missed": "-", "unknown": "?"}
    if r.adherence:
        print("adherence (+ kept, - missed, ? no data): " + " ".join(marks[s] for _, s in r.adherence))
    _wrap(r.text)
    for note in report.notes:
        _wrap(note, "- ")
    _wrap(report.disclaimer)
    return 0


def _experiment_goal(args: argparse.Namespace) -> int:
    from nutrigap.services.experiments import set_experiment_goal

    with context() as ctx:
        view = set_experiment_goal(ctx, args.name, args.amount)
    if args.json:
        print_json(view.to_json())
    else:
        print(f"experiment '{view.name}': {view.description}")
    return 0


def _experiment_stop(args: argparse.Namespace) -> int:
    from nutrigap.services.experiments import stop_experiment

    with context() as ctx:
        view = stop_experiment(ctx, args.name)
    print(f"experiment '{view.name}' stopped; its last day is {view.stopped_on}")
    return 0


def _suggest(args: argparse.Namespace) -> int:
    from nutrigap.services.suggest import suggest_day, suggest_week

    with context() as ctx:
        report = (suggest_week if args.week else suggest_day)(ctx, args.date, args.diet)
        note_default_profile(ctx)  # after the work: an error prints only itself
    if args.json:
        print_json(report.to_json())
        return 0
    span = str(report.start) if report.start == report.end else f"{report.start} to {report.end}"
    print(f"Closing the gaps, {span}" + (f" ({report.diet})" if report.diet else ""))
    if report.gaps:
        print_table(
            ["nutrient", "intake/day", "target", "gap", "unit", "note"],
            [[g.label, fmt(g.intake, 1), f"{g.target:g} {g.target_kind}", fmt(g.gap, 1), g.unit,
              "; ".join(n for n in ("adequacy cannot be judged" if g.target_kind == "AI" else "",
                                    "possibly missing data" if g.possibly_missing else "") if n)]
             for g in report.gaps],
            align_right=[1, 2, 3],
        )  # fmt: skip
    for gap in report.gaps:
        foods = report.foods.get(gap.nutrient, ())
        if not foods:
            continue
        print(f"\n{gap.label}: foods per typical portion (* = one you eat often)")
        print_table(
            ["food", "portion", f"{gap.unit}/portion", f"{gap.unit}/100 kcal", "% of gap"],
            [[("* " if f.frequent else "") + f.name[:55], f.portion_label[:24], fmt(f.amount, 1),
              fmt(f.per_100kcal, 1), "" if f.share_of_gap is None else f"{100 * f.share_of_gap:.0f}%"] for f in foods],
            align_right=[2, 3, 4],
        )  # fmt: skip
    if report.plan is not None:
        print("\nOne plan for all gaps:")
        _wrap(report.plan.text, "  ")
    for note in report.notes:
        _wrap(note, "- ")
    _wrap(report.disclaimer)
    return 0


def _print_medicines_and_sun(page: Any) -> None:
    """The guide's 'Your medicines' and, for vitamin D, 'Sunlight' (issue #17)."""
    if page.medicines:
        print("\nYour medicines:")
        for sentence in page.medicines:
            _wrap(sentence, "- ")
    if page.sunlight:
        print()
        _wrap(f"Sunlight: {page.sunlight}")


def _guide(args: argparse.Namespace) -> int:
    from nutrigap.services.guide import nutrient_guide

    with context() as ctx:
        page = nutrient_guide(ctx, args.nutrient)
        note_default_profile(ctx)  # after the work: an error prints only itself
    if args.json:
        print_json(page.to_json())
        return 0
    t = page.target
    print(f"{page.label}")
    _wrap(page.role)
    print("\nSigns usually associated with a shortfall:")
    for sign in page.signs:
        _wrap(sign, "- ")
    print("\nWho is more at risk:")
    for who in page.at_risk:
        _wrap(who, "- ")
    _print_medicines_and_sun(page)
    ul = (
        "no UL"
        if t.ul is None
        else f"UL {t.ul:g} {t.unit}" + (" (supplements only)" if t.ul_scope == "supplemental" else "")
    )
    print(f"\nYour target ({t.age_group}): {t.target_kind} {t.target:g} {t.unit}/day; {ul}.")
    _wrap(page.food_note)
    print("\nRichest foods per typical portion (* = one you eat often):")
    print_table(
        ["food", "portion", f"{page.unit}/portion", f"{page.unit}/100 kcal"],
        [[("* " if f.frequent else "") + f.name[:55], f.portion_label[:24], fmt(f.amount, 1), fmt(f.per_100kcal, 1)]
         for f in page.foods],
        align_right=[2, 3],
    )  # fmt: skip
    print()
    _wrap(f"Supplements: {page.supplement_note}")
    _wrap(f"Ask your doctor about: {page.ask_doctor}")
    print("Sources: " + "; ".join(f"{s.title} <{s.url}>" for s in page.sources))
    _wrap(page.disclaimer)
    return 0
