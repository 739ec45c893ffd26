"""Repositories of what the person records beside the food: the profile and personal targets, twitch episodes,
daily factors, experiments and medicines. Like :mod:`nutrigap.store.repositories` they query and stage changes
over one session and never commit (the unit of work does)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nutrigap.store.models import (
    DailyFactorsRow,
    ExperimentRow,
    MedicineRow,
    PersonalTargetRow,
    ProfileRow,
    TwitchRow,
)


class ProfileRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self) -> ProfileRow | None:
        return self.session.get(ProfileRow, 1)

    def save(self, row: ProfileRow) -> ProfileRow:
        row.id = 1
        merged = self.session.merge(row)
        self.session.flush()
        return merged

    def personal_targets(self) -> list[PersonalTargetRow]:
        return list(self.session.scalars(select(PersonalTargetRow).order_by(PersonalTargetRow.nutrient)))

    def set_personal_target(self, nutrient: str, amount: float, note: str | None) -> None:
        self.session.merge(PersonalTargetRow(nutrient=nutrient, amount=amount, note=note))
        self.session.flush()

    def clear_personal_target(self, nutrient: str) -> bool:
        row = self.session.get(PersonalTargetRow, nutrient)
        if row is None:
            return False
        self.session.delete(row)
        self.session.flush()
        return True


class TwitchRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: TwitchRow) -> TwitchRow:
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, episode_id: int) -> TwitchRow | None:
        return self.session.get(TwitchRow, episode_id)

    def delete(self, row: TwitchRow) -> None:
        self.session.delete(row)
        self.session.flush()

    def between(self, start: dt.datetime, end: dt.datetime) -> list[TwitchRow]:
        return list(
            self.session.scalars(
                select(TwitchRow)
                .where(TwitchRow.occurred_at >= start, TwitchRow.occurred_at < end)
                .order_by(TwitchRow.occurred_at, TwitchRow.id)
            )
        )

    def rows_between(self, start: dt.datetime, end: dt.datetime, columns: Sequence[str]) -> list[tuple[object, ...]]:
        """The named columns of the episodes of :meth:`between`, as plain rows in the same order: for reading
        years of episodes (insights), where loading ORM objects cost a quarter of a second per ten years."""
        stmt = (
            select(*(getattr(TwitchRow, name) for name in columns))
            .where(TwitchRow.occurred_at >= start, TwitchRow.occurred_at < end)
            .order_by(TwitchRow.occurred_at, TwitchRow.id)
        )
        return [tuple(row) for row in self.session.connection().execute(stmt).all()]


class FactorsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, day: dt.date) -> DailyFactorsRow | None:
        return self.session.get(DailyFactorsRow, day)

    def upsert(self, row: DailyFactorsRow) -> DailyFactorsRow:
        merged = self.session.merge(row)
        self.session.flush()
        return merged

    def between(self, start: dt.date, end: dt.date) -> list[DailyFactorsRow]:
        return list(
            self.session.scalars(
                select(DailyFactorsRow)
                .where(DailyFactorsRow.day >= start, DailyFactorsRow.day <= end)
                .order_by(DailyFactorsRow.day)
            )
        )

    def rows_between(self, start: dt.date, end: dt.date, columns: Sequence[str]) -> list[tuple[object, ...]]:
        """The named columns of the factors of :meth:`between`, as plain rows by day (see
        :meth:`TwitchRepository.rows_between`: ORM objects cost 0.4 s per ten years of days)."""
        stmt = (
            select(*(getattr(DailyFactorsRow, name) for name in columns))
            .where(DailyFactorsRow.day >= start, DailyFactorsRow.day <= end)
            .order_by(DailyFactorsRow.day)
        )
        return [tuple(row) for row in self.session.connection().execute(stmt).all()]


class ExperimentRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: ExperimentRow) -> ExperimentRow:
        self.session.add(row)
        self.session.flush()
        return row

    def by_name(self, name: str) -> ExperimentRow | None:
        return self.session.scalars(
            select(ExperimentRow).where(func.lower(ExperimentRow.name) == name.strip().lower())
        ).one_or_none()

    def all(self) -> list[ExperimentRow]:
        return list(self.session.scalars(select(ExperimentRow).order_by(ExperimentRow.start_day, ExperimentRow.id)))

    def delete(self, row: ExperimentRow) -> None:
        self.session.delete(row)
        self.session.flush()


class MedicineRepository:
    """The medicines list (issue #17)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: MedicineRow) -> MedicineRow:
        self.session.add(row)
        self.session.flush()
        return row

    def get(self, medicine_id: int) -> MedicineRow | None:
        return self.session.get(MedicineRow, medicine_id)

    def by_name(self, name: str) -> MedicineRow | None:
        return self.session.scalars(
            select(MedicineRow).where(func.lower(MedicineRow.name) == name.strip().lower())
        ).one_or_none()

    def all(self) -> list[MedicineRow]:
        order = (MedicineRow.start_day.is_(None), MedicineRow.start_day, MedicineRow.name, MedicineRow.id)
        return list(self.session.scalars(select(MedicineRow).order_by(*order)))

    def delete(self, row: MedicineRow) -> None:
        self.session.delete(row)
        self.session.flush()
