"""The diary schema revisions this NutriGap knows, oldest first, without importing Alembic.

Opening a diary that is already at the newest revision (every start but the first after an upgrade) needs no
Alembic at all; importing it and parsing the migration scripts cost a quarter of a second of start-up.
``tests/safety/test_migrations.py`` checks this list equals the scripts in ``migrations/versions``.
"""

REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009")
HEAD: str = REVISIONS[-1]
