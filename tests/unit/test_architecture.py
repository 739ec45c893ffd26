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
