"""SQLAlchemy 2 typed models of the diary database.

Amounts are numbers (Float) with their unit in the column name; unknown is NULL or an absent row, never 0.
Reference foods (from the food database) are copied into ``food`` the first time they are logged, with their
nutrient values, so that rebuilding or switching the food database never changes or orphans past entries.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from nutrigap.domain.diary import FoodKind
from nutrigap.domain.limits import SUN_EXPOSURES, SUN_MINUTES

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


SUN_EXPOSURE_SQL = ", ".join(f"'{e}'" for e in SUN_EXPOSURES)

#: "x <= 1e308" holds for every finite double and fails for +infinity and (on PostgreSQL) NaN.
FINITE = "1e308"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class ProfileRow(Base):
    """The one person this diary belongs to (row id 1)."""

    __tablename__ = "profile"
    __table_args__ = (
        CheckConstraint("sex IN ('female', 'male')", name="sex"),
        CheckConstraint("life_stage IN ('none', 'pregnant', 'lactating')", name="life_stage"),
        CheckConstraint("vitamin_d_unit IN ('µg', 'IU')", name="vitamin_d_unit"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sex: Mapped[str] = mapped_column(String(8))
    birth_date: Mapped[dt.date] = mapped_column(Date)
    life_stage: Mapped[str] = mapped_column(String(12), default="none")
    vitamin_d_unit: Mapped[str] = mapped_column(String(4), default="µg")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


class FoodRow(Base):
    """A food the diary refers to: a copy of a reference food, or the user's custom food, recipe or supplement.

    ``ref`` is the id users see: the food database id for reference foods ('pf:…', 'fdc:…'), or
    'custom:N', 'recipe:N', 'supplement:N' for the user's own.
    """

    __tablename__ = "food"
    __table_args__ = (
        CheckConstraint("kind IN (" + ", ".join(f"'{kind.value}'" for kind in FoodKind) + ")", name="kind"),
        CheckConstraint("serving_grams IS NULL OR serving_grams > 0", name="serving_grams_positive"),
        CheckConstraint("servings IS NULL OR servings > 0", name="servings_positive"),
        CheckConstraint(
            "(serving_grams IS NULL OR serving_grams <= 5000)"
            " AND (servings IS NULL OR servings <= 1000)"
            " AND (yield_grams IS NULL OR (yield_grams > 0 AND yield_grams <= 1000000))",
            name="sizes_range",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(12), index=True)
    name: Mapped[str] = mapped_column(String(400))
    data_type: Mapped[str] = mapped_column(String(32))
    category: Mapped[str | None] = mapped_column(String(200))
    brand: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(200))
    #: custom foods: the label's serving; supplements: one unit (tablet, capsule, drop); recipes: one serving
    serving_label: Mapped[str | None] = mapped_column(String(100))
    serving_grams: Mapped[float | None] = mapped_column(Float)
    #: recipes only: how many servings the whole recipe yields
    servings: Mapped[float | None] = mapped_column(Float)
    #: recipes only: the weight of the finished dish if different from the sum of its ingredients
    yield_grams: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)
    favourite: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    #: the import (``import_batch.id``) that created this food; NULL for foods made in NutriGap. Last: 0007.
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)
    #: True for a food imported from another app without a weight: its values are one serving as the app recorded
    #: it, stored under a nominal weight (``serving_grams``), so it is logged only in that serving and no weight of
    #: it is shown (``domain.diary.weight_unknown``). Kept when its import is undone. Last: 0009.
    nominal_weight: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    nutrients: Mapped[list[FoodNutrientRow]] = relationship(
        back_populates="food", cascade="all, delete-orphan", lazy="selectin"
    )
    ingredients: Mapped[list[RecipeItemRow]] = relationship(
        back_populates="recipe",
        cascade="all, delete-orphan",
        foreign_keys="RecipeItemRow.recipe_id",
        order_by="RecipeItemRow.position",
    )


class FoodNutrientRow(Base):
    """A known nutrient value of a diary food, per 100 g. No row means unknown."""

    __tablename__ = "food_nutrient"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint(f"amount <= {FINITE}", name="amount_finite"),
    )

    food_id: Mapped[int] = mapped_column(ForeignKey("food.id", ondelete="CASCADE"), primary_key=True)
    nutrient_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    amount: Mapped[float] = mapped_column(Float)

    food: Mapped[FoodRow] = relationship(back_populates="nutrients")


class UserPortionRow(Base):
    """A portion the user defined for any food ('my mug' = 350 g), keyed by the food's ``ref``."""

    __tablename__ = "user_portion"
    __table_args__ = (
        UniqueConstraint("food_ref", "name"),
        CheckConstraint("grams > 0 AND grams <= 5000", name="grams_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    food_ref: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(100))
    grams: Mapped[float] = mapped_column(Float)


class RecipeItemRow(Base):
    """One ingredient of a recipe: a diary food and its amount."""

    __tablename__ = "recipe_item"
    __table_args__ = (
        CheckConstraint("amount_g > 0", name="amount_positive"),
        CheckConstraint("amount_g <= 5000", name="amount_max"),
        CheckConstraint(f"quantity > 0 AND quantity <= {FINITE}", name="quantity_finite"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipe_id: Mapped[int] = mapped_column(ForeignKey("food.id", ondelete="CASCADE"), index=True)
    ingredient_id: Mapped[int] = mapped_column(ForeignKey("food.id", ondelete="RESTRICT"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(100))
    amount_g: Mapped[float] = mapped_column(Float)

    recipe: Mapped[FoodRow] = relationship(back_populates="ingredients", foreign_keys=[recipe_id])
    ingredient: Mapped[FoodRow] = relationship(foreign_keys=[ingredient_id], lazy="joined")


class EntryRow(Base):
    """One food logged on a day: the amount in grams and the portion as the user entered it."""

    __tablename__ = "diary_entry"
    __table_args__ = (
        CheckConstraint("amount_g > 0 AND amount_g <= 5000", name="amount_range"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(f"quantity <= {FINITE}", name="quantity_finite"),
        CheckConstraint(
            "meal IN ('breakfast', 'lunch', 'dinner', 'snacks', 'supplements')",
            name="meal",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    meal: Mapped[str] = mapped_column(String(12))
    position: Mapped[int] = mapped_column(Integer, default=0)
    food_id: Mapped[int] = mapped_column(ForeignKey("food.id", ondelete="RESTRICT"), index=True)
    quantity: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(100))
    amount_g: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    #: the import (``import_batch.id``) this entry came from; NULL for entries logged in NutriGap. Last: 0007.
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)

    food: Mapped[FoodRow] = relationship(lazy="joined")


class TwitchRow(Base):
    """A twitch episode: when, where, how strong and how long, with accompanying symptoms."""

    __tablename__ = "twitch_episode"
    __table_args__ = (
        CheckConstraint("intensity BETWEEN 1 AND 10", name="intensity_range"),
        CheckConstraint("duration_s IS NULL OR duration_s >= 0", name="duration_not_negative"),
        CheckConstraint("side IS NULL OR side IN ('left', 'right', 'both')", name="side"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    location: Mapped[str] = mapped_column(String(20))
    location_other: Mapped[str | None] = mapped_column(String(200))
    side: Mapped[str | None] = mapped_column(String(5))
    intensity: Mapped[int] = mapped_column(Integer)
    duration_s: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    cramp: Mapped[bool] = mapped_column(Boolean, default=False)
    tingling: Mapped[bool] = mapped_column(Boolean, default=False)
    weakness: Mapped[bool] = mapped_column(Boolean, default=False)
    fatigue: Mapped[bool] = mapped_column(Boolean, default=False)
    palpitations: Mapped[bool] = mapped_column(Boolean, default=False)
    poor_coordination: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


class DailyFactorsRow(Base):
    """Lifestyle factors of one day. Each is NULL until the user records it."""

    __tablename__ = "daily_factors"
    __table_args__ = (
        CheckConstraint("water_ml IS NULL OR (water_ml >= 0 AND water_ml <= 20000)", name="water_range"),
        CheckConstraint("caffeine_mg IS NULL OR (caffeine_mg >= 0 AND caffeine_mg <= 5000)", name="caffeine_range"),
        CheckConstraint("sleep_h IS NULL OR (sleep_h >= 0 AND sleep_h <= 24)", name="sleep_range"),
        CheckConstraint("stress IS NULL OR stress BETWEEN 1 AND 5", name="stress_range"),
        CheckConstraint("exercise_min IS NULL OR (exercise_min >= 0 AND exercise_min <= 1440)", name="exercise_range"),
        CheckConstraint(f"sun_min IS NULL OR (sun_min >= 0 AND sun_min <= {SUN_MINUTES.high:g})", name="sun_range"),
        CheckConstraint(f"sun_exposure IS NULL OR sun_exposure IN ({SUN_EXPOSURE_SQL})", name="sun_exposure"),
    )

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    water_ml: Mapped[float | None] = mapped_column(Float)
    caffeine_mg: Mapped[float | None] = mapped_column(Float)
    sleep_h: Mapped[float | None] = mapped_column(Float)
    stress: Mapped[int | None] = mapped_column(Integer)
    exercise_min: Mapped[float | None] = mapped_column(Float)
    exercise_intensity: Mapped[str | None] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    #: clock time of the day's last caffeinated drink (for "no caffeine after noon" experiments); NULL = not told.
    #: Last because migration 0002 appended it; the models keep the migrated column order.
    last_caffeine_at: Mapped[dt.time | None] = mapped_column(Time)
    #: minutes outdoors in daylight and how much skin was bare (``domain.limits.SUN_EXPOSURES``); migration 0006
    sun_min: Mapped[float | None] = mapped_column(Float)
    sun_exposure: Mapped[str | None] = mapped_column(String(12))


class ExperimentRow(Base):
    """A personal experiment ('raise magnesium to the RDA for 14 days') tracked from the diary."""

    __tablename__ = "experiment"
    __table_args__ = (
        CheckConstraint("days > 0 AND days <= 366", name="days_range"),
        CheckConstraint(f"goal_amount IS NULL OR (goal_amount > 0 AND goal_amount <= {FINITE})", name="goal_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    nutrient: Mapped[str | None] = mapped_column(String(20))
    target_level: Mapped[str | None] = mapped_column(String(8))
    cutoff_time: Mapped[dt.time | None] = mapped_column(Time)
    start_day: Mapped[dt.date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer)
    stopped_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    #: nutrient experiments: the goal [nutrient unit/day] fixed when the experiment started (or as the user last
    #: edited it), so a later profile change never moves it. NULL for other kinds. Last: migration 0004 added it.
    goal_amount: Mapped[float | None] = mapped_column(Float)


class SettingRow(Base):
    """Small typed-by-convention settings that belong to the diary (e.g. backup rotation)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now, server_default=func.now())


class DayStatusRow(Base):
    """Whether the user called a day complete (everything eaten is logged). No row: the default, a past day is
    complete and today (or a later day) is still in progress."""

    __tablename__ = "day_status"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    complete: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


#: The nutrients a personal target may be set for (``nutrigap.domain.nutrients.Nutrient`` values).
PERSONAL_TARGET_NUTRIENTS = "'magnesium', 'calcium', 'potassium', 'vitamin_d', 'vitamin_b12'"


class PersonalTargetRow(Base):
    """A target the user set for one nutrient (a doctor's advice), shown beside the DRI, never instead of it."""

    __tablename__ = "personal_target"
    __table_args__ = (
        CheckConstraint(f"nutrient IN ({PERSONAL_TARGET_NUTRIENTS})", name="nutrient"),
        CheckConstraint(f"amount > 0 AND amount <= {FINITE}", name="amount_range"),
    )

    #: the Nutrient value ('magnesium' ...); the amount is in the nutrient's own unit (mg or µg) per day
    nutrient: Mapped[str] = mapped_column(String(20), primary_key=True)
    amount: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)


# --- blood test results (issue #17, branch labs) -------------------------------------------------------------


class LabResultRow(Base):
    """One blood test result as the user entered it (value and unit as printed on the lab report), with its value
    in the analyte's canonical unit (``nutrigap.domain.labs``) and the lab's own range if the report printed one."""

    __tablename__ = "lab_result"
    __table_args__ = (
        CheckConstraint(f"value >= 0 AND value <= {FINITE}", name="value_range"),
        CheckConstraint(f"canonical_value >= 0 AND canonical_value <= {FINITE}", name="canonical_range"),
        CheckConstraint(f"range_low IS NULL OR (range_low >= 0 AND range_low <= {FINITE})", name="low_range"),
        CheckConstraint(f"range_high IS NULL OR (range_high >= 0 AND range_high <= {FINITE})", name="high_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    #: 'magnesium', 'calcium', 'ionized_calcium', 'potassium', 'vitamin_d_25oh', 'vitamin_b12' or 'other:NAME'
    analyte: Mapped[str] = mapped_column(String(60))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(20))
    canonical_value: Mapped[float] = mapped_column(Float)
    range_low: Mapped[float | None] = mapped_column(Float)
    range_high: Mapped[float | None] = mapped_column(Float)
    range_unit: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now, onupdate=_now)
    #: the import (``import_batch.id``) that brought this result (Cronometer biometrics); NULL for results entered
    #: in NutriGap. Last: 0008.
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"), index=True)


# --- medicines (issue #17, migration 0006) ------------------------------------------------------------------


class MedicineRow(Base):
    """A medicine or supplement the user takes regularly; ``class_id`` is a ``food_db/medicine_classes.csv`` id."""

    __tablename__ = "medicine"
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint("stop_day IS NULL OR start_day IS NULL OR stop_day >= start_day", name="dates_order"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    class_id: Mapped[str] = mapped_column(String(40))
    dose: Mapped[str | None] = mapped_column(String(100))
    start_day: Mapped[dt.date | None] = mapped_column(Date)
    stop_day: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


# --- imports from other apps (issue #18; migration 0007) ------------------------------------------------------
IMPORT_APPS = "'cronometer', 'myfitnesspal', 'csv-mapped'"


class ImportBatchRow(Base):
    """One import from another app: which app, which files (names and one SHA-256 over their bytes), when.

    Entries and foods it created carry its id (``import_id``), so it can be undone as a whole; ``day_changes``
    (JSON) holds the day notes and "complete" flags it set with what they were before, for the same undo."""

    __tablename__ = "import_batch"
    __table_args__ = (CheckConstraint(f"app IN ({IMPORT_APPS})", name="app"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    app: Mapped[str] = mapped_column(String(20))
    file_names: Mapped[str] = mapped_column(Text)
    file_hash: Mapped[str] = mapped_column(String(64), unique=True)
    day_changes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=_now)


# --- what counts as the user's data -------------------------------------------------------------------------

#: The tables holding something the user entered: a diary with a row in any of them is not empty (the day's
#: automatic backup is made, an import refuses to mix into it). Settings and the schema version are not data.
USER_DATA_MODELS: tuple[type[Base], ...] = (
    EntryRow, FoodRow, TwitchRow, DailyFactorsRow, ExperimentRow, UserPortionRow, DayStatusRow, PersonalTargetRow,
    LabResultRow, MedicineRow, ImportBatchRow,
)  # fmt: skip
