"""Architecture rules import-linter cannot express (it cannot forbid a sub-module of an external package)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "nutrigap"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_no_pyplot_anywhere() -> None:
    """pyplot keeps global state; figures are built with matplotlib.figure.Figure directly."""
    offenders = [str(p) for p in PACKAGE.rglob("*.py") if "matplotlib.pyplot" in _imports(p)]
    assert offenders == []


def test_no_engine_created_at_import_time() -> None:
    """One engine, created by the AppContext when first needed, never as a module global."""
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                func = node.value.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                assert name not in {"create_engine", "create_diary_engine"}, path


def test_the_vitamin_d_unit_conversion_is_written_once() -> None:
    """µg ↔ IU lives in domain/units.py; everyone else calls it (issue #15: it was written five times)."""
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "IU_PER_UG_VITAMIN_D" in path.read_text(encoding="utf-8")
        and path.name not in {"units.py", "nutrients.py", "fdc_source.py"}  # fdc_source: FDC's IU rows → µg
    ]
    assert offenders == []


def test_the_window_needs_nothing_from_the_engine_for_verdicts_and_targets() -> None:
    """Verdict, UlVerdict and Target are domain vocabulary (issue #15 item 2)."""
    moved = ("nutrigap.engine.assessment", "nutrigap.engine.targets.Target")
    for path in (PACKAGE / "gui").rglob("*.py"):
        from_engine = {i for i in _imports(path) if i.startswith(moved)}
        assert from_engine == set(), path


def test_food_kinds_are_compared_through_the_enum() -> None:
    """A food's kind is a FoodKind: no comparison with, or default of, a bare kind string in the package (the
    CHECK constraint in store/models.py is built from the enum too)."""
    from nutrigap.domain.diary import FoodKind
    from nutrigap.store.models import FoodRow

    kinds = {kind.value for kind in FoodKind}
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue  # a migration is the schema as it was on its day
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            operands: list[ast.expr] = []
            if isinstance(node, ast.Compare):
                operands = [node.left, *node.comparators]
            elif isinstance(node, ast.arguments):
                operands = [*node.defaults, *(d for d in node.kw_defaults if d is not None)]
            elif isinstance(node, ast.keyword) and node.arg == "kind":
                operands = [node.value]
            for operand in operands:
                if isinstance(operand, ast.Constant) and operand.value in kinds:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{operand.lineno} {operand.value!r}")
    assert offenders == []
    checks = {str(c.sqltext) for c in FoodRow.__table__.constraints if c.name == "ck_food_kind"}  # type: ignore[attr-defined]
    assert checks == {"kind IN ('reference', 'custom', 'recipe', 'supplement')"}


def test_no_import_cycles_between_modules_of_a_package() -> None:
    """Inside each package, modules import one way (import-linter's contracts name the order where it matters:
    the context calls services/startup, never the other way round). Lazy imports inside functions count."""
    import grimp

    graph = grimp.build_graph("nutrigap")
    cycles = []
    for package in ("services", "store", "engine", "charts", "report", "domain", "fooddb"):
        prefix = f"nutrigap.{package}."
        modules = sorted(m for m in graph.modules if m.startswith(prefix))
        for module in modules:
            for other in graph.find_modules_directly_imported_by(module):
                if other.startswith(prefix) and other > module and graph.chain_exists(other, module):
                    cycles.append(f"{module} <-> {other}")
    assert cycles == []
