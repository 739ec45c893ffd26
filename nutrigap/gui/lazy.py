"""Service modules the window loads on first use, so that its first paint needs no SQLAlchemy.

The window paints the shown day from :mod:`nutrigap.services.day_preview` (plain ``sqlite3``) and opens the
diary the full way right after; the widgets built before that import the services they call through
:func:`lazy_import` (the standard library's :class:`importlib.util.LazyLoader`): the module object exists at
once, and its code runs on the first attribute access. Type checkers see the real modules::

    if TYPE_CHECKING:
        from nutrigap.services import diary
    else:
        diary = lazy_import("nutrigap.services.diary")

Deferring is switched on only by the start-up that paints from the preview (:func:`defer_imports`, before the
window's modules are imported); everywhere else (tests, the command line, a start that opens the diary first)
:func:`lazy_import` is a plain import. :func:`load_all` then runs every deferred module on the GUI thread once
the diary is open, before the event loop starts, so no worker thread ever triggers the loading (Python 3.11's
LazyLoader is not thread-safe).
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

_LAZY: dict[str, ModuleType] = {}
_deferring = False


def defer_imports() -> None:
    """From now on, :func:`lazy_import` defers the modules it is asked for (see the module's docstring)."""
    global _deferring  # noqa: PLW0603 - one switch for the process, set once by the start-up
    _deferring = True


def lazy_import(name: str) -> ModuleType:
    """``name`` as a module whose code runs when one of its attributes is first used (or the module itself
    if it is already imported, or if deferring is not switched on)."""
    module = sys.modules.get(name)
    if module is not None:
        return module
    if not _deferring:
        return importlib.import_module(name)
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:
        setattr(sys.modules[parent], child, module)  # as a normal import does: `from parent import child`
    _LAZY[name] = module
    return module


def load_all() -> None:
    """Run every module handed out by :func:`lazy_import` that has not run yet (touching an attribute does), and
    stop deferring: from now on :func:`lazy_import` is a plain import again."""
    global _deferring  # noqa: PLW0603 - see defer_imports
    _deferring = False
    for module in list(_LAZY.values()):
        _ = module.__name__
    _LAZY.clear()
