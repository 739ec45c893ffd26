"""No sentence NutriGap writes says 'backup(s)' or '1 rows' (issue #14 item 12, "more of the same kind"): counts go
through :func:`nutrigap.domain.wording.plural`. The source is read as Python, so only string literals count."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nutrigap
from nutrigap.domain.wording import plural

SOURCE = Path(nutrigap.__file__).parent
#: a number put straight before a plural noun: '{rows:,} rows', '({count} entries)'
COUNTED_NOUN = re.compile(r"^ (rows|entries|backups|references|symptoms|times)(?![=\w])")


def _literals() -> list[tuple[str, int, ast.JoinedStr | ast.Constant]]:
    found: list[tuple[str, int, ast.JoinedStr | ast.Constant]] = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr | ast.Constant) and id(node) not in docstrings:
                found.append((str(path.relative_to(SOURCE)), node.lineno, node))
    return found


def test_no_string_says_s_in_brackets() -> None:
    hits = [
        f"{path}:{line}"
        for path, line, node in _literals()
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "(s)" in node.value
    ]
    assert hits == []


def test_no_count_is_put_straight_before_a_plural_noun() -> None:
    hits = []
    for path, line, node in _literals():
        if not isinstance(node, ast.JoinedStr):
            continue
        for before, after in zip(node.values, node.values[1:], strict=False):
            if (
                isinstance(before, ast.FormattedValue)
                and isinstance(after, ast.Constant)
                and COUNTED_NOUN.match(str(after.value))
            ):
                hits.append(f"{path}:{line}")
    assert hits == []


def test_plural_reads_one_and_many() -> None:
    assert (plural(1, "row"), plural(2, "entry", "entries"), plural(1, "backup")) == ("1 row", "2 entries", "1 backup")
