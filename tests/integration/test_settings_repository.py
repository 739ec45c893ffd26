"""The diary's settings go through one repository (store/settings.py), on a real SQLite diary."""

from __future__ import annotations

import ast
from pathlib import Path

from nutrigap.services.backup import backup_keep, create_backup, set_backup_keep
from nutrigap.services.context import AppContext
from nutrigap.services.diary_id import ID_SETTING, file_diary_id
from nutrigap.services.profile import FIRST_RUN_SETTING, first_run_profile_pending, skip_first_run_profile
from nutrigap.store.settings import file_setting, read_setting

PACKAGE = Path(__file__).resolve().parents[2] / "nutrigap"


def test_settings_are_written_and_read_through_the_repository(ctx: AppContext) -> None:
    assert first_run_profile_pending(ctx)
    skip_first_run_profile(ctx)
    assert set_backup_keep(ctx, "3") == 3
    with ctx.uow() as uow:
        stored = uow.settings.all()
        assert uow.settings.get("no.such.setting") is None
    assert stored[FIRST_RUN_SETTING] == "skipped"
    assert stored["backup.keep"] == "3"
    assert stored[ID_SETTING] == ctx.diary_id
    assert not first_run_profile_pending(ctx)
    assert backup_keep(ctx) == 3
    assert read_setting(ctx.engine, "backup.keep") == "3"
    assert read_setting(ctx.engine, "no.such.setting") is None


def test_a_backup_file_names_its_diary(ctx: AppContext, tmp_path: Path) -> None:
    set_backup_keep(ctx, 5)
    backup = create_backup(ctx, tmp_path / "copy.sqlite")
    assert file_diary_id(backup.path) == ctx.diary_id
    assert file_setting(backup.path, "backup.keep") == "5"
    not_a_diary = tmp_path / "notes.sqlite"
    not_a_diary.write_text("just text", encoding="utf-8")
    assert file_setting(not_a_diary, ID_SETTING) is None


def test_no_service_touches_the_setting_table_itself() -> None:
    """Outside store/, settings are reached through uow.settings, read_setting or file_setting."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "store" in path.relative_to(PACKAGE).parts[:1]:
            continue
        text = path.read_text(encoding="utf-8")
        names = {n.id for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Name)}
        if "SettingRow" in names or "FROM setting" in text:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []
