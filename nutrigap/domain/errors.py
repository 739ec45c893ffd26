"""Errors that carry a message meant for the user (one line, no traceback)."""


class NutriGapError(Exception):
    """Base class: ``str(error)`` is a complete sentence a user can act on."""


class InvalidInput(NutriGapError):
    """Something the user typed or imported is not acceptable; nothing was written."""


class NotFound(NutriGapError):
    """A food, entry or file the user named does not exist."""


class FoodDatabaseError(NutriGapError):
    """The food-composition database is missing, damaged or its source file changed."""


class DiaryDatabaseError(NutriGapError):
    """The diary database cannot be opened or upgraded safely."""


def shown(text: object, limit: int = 60) -> str:
    """``text`` as a message may quote it: one line, at most ``limit`` characters (long input is cut with …)."""
    one_line = " ".join(str(text).split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"
