"""``nutrigap med``: the medicines and supplements taken regularly (issue #17)."""

from __future__ import annotations

import argparse

from nutrigap.cli.common import add_json, context, print_json, print_table


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from nutrigap.domain.medicines import medicine_classes

    classes = ", ".join(medicine_classes())
    med = sub.add_parser("med", help="medicines and supplements you take regularly")
    msub = med.add_subparsers(dest="med_command", metavar="ACTION", required=True, parser_class=type(med))
    p = msub.add_parser(
        "add",
        help="add a medicine",
        description=f"CLASS is one of: {classes} (or an ATC code such as A02BC). NutriGap never tells you to "
        "stop or change a medicine; it says what the NIH fact sheets say and asks you to ask your doctor.",
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("--class", dest="class_id", metavar="CLASS", help=f"one of: {classes}; default: from the name")
    p.add_argument("--dose", metavar="TEXT")
    p.add_argument("--start", metavar="DATE")
    p.add_argument("--stop", metavar="DATE")
    p.add_argument("--note", metavar="TEXT")
    add_json(p)
    p.set_defaults(handler=_add)
    p = msub.add_parser("list", help="your medicines, with what the NIH fact sheets say about them")
    add_json(p)
    p.set_defaults(handler=_list)
    p = msub.add_parser("stop", help="record the day you stopped taking a medicine")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--date", metavar="DATE", help="default: today")
    p.set_defaults(handler=_stop)


def _add(args: argparse.Namespace) -> int:
    from nutrigap.services.medicines import add_medicine, medicine_from_input, medicine_notes, to_json

    medicine = medicine_from_input(
        args.name, args.class_id, dose=args.dose, start=args.start, stop=args.stop, note=args.note
    )
    with context() as ctx:
        saved = add_medicine(ctx, medicine)
    if args.json:
        print_json(to_json(saved))
        return 0
    print(f"added {saved.name} ({saved.class_id})")
    for note in medicine_notes([saved]):
        print(note.sentence)
    return 0


def _list(args: argparse.Namespace) -> int:
    from nutrigap.domain.medicines import medicine_classes
    from nutrigap.services.medicines import medicine_notes, to_json
    from nutrigap.services.quick_medicines import quick_list_medicines

    with context() as ctx:
        medicines = quick_list_medicines(ctx)  # without SQLAlchemy where the plain SQLite diary allows (#16)
        if medicines is None:
            from nutrigap.services.medicines import list_medicines

            medicines = list_medicines(ctx)
    if args.json:
        print_json([to_json(m) for m in medicines])
        return 0
    if not medicines:
        print("no medicines; add one with: nutrigap med add NAME --class CLASS")
        return 0
    classes = medicine_classes()
    print_table(
        ["name", "class", "dose", "start", "stop"],
        [
            [m.name, classes[m.class_id].name, m.dose or "", m.start or "?", m.stop or ("still taken")]
            for m in medicines
        ],
    )
    notes = medicine_notes(medicines)
    if notes:
        print()
        for note in notes:
            print(f"{note.sentence} ({', '.join(note.sources)})")
    return 0


def _stop(args: argparse.Namespace) -> int:
    from nutrigap.services.medicines import stop_medicine

    with context() as ctx:
        stopped = stop_medicine(ctx, args.name, args.date)
    print(f"{stopped.name}: stopped on {stopped.stop}")
    return 0
