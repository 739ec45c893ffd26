"""A diary's id: 12 hex digits, kept in the diary itself (setting ``diary.id``) and carried in its backups' names.

The id's form and how to read it from a file, below both the backup files (which name backups by it) and
:mod:`nutrigap.services.diary_identity` (which gives a diary its id and notices a missing one).
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

ID_SETTING = "diary.id"
DIARY_ID = re.compile(r"^[0-9a-f]{12}$")


def new_diary_id() -> str:
    return uuid.uuid4().hex[:12]


def valid_diary_id(text: str | None) -> str | None:
    """``text`` if it is a diary id, else None."""
    return text if text is not None and DIARY_ID.match(text) else None


def file_diary_id(diary_file: Path) -> str | None:
    """The id stored in an SQLite diary (or backup) file, read without changing it; None if it has none."""
    from nutrigap.store.settings import file_setting

    return valid_diary_id(file_setting(diary_file, ID_SETTING))
