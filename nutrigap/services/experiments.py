"""Personal experiments: start, list, show, stop and delete, tracked from the diary (table ``experiment``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from nutrigap.domain.diary import Profile, parse_date
from nutrigap.domain.errors import InvalidInput, NotFound
from nutrigap.domain.nutrients import CAFFEINE, Nutrient
from nutrigap.domain.units import parse_decimal
from nutrigap.engine.experiments import (
    ExperimentResult,
    ExperimentSpec,
    cutoff_adherence,
    evaluate,
    nutrient_adherence,
)
from nutrigap.engine.insights import DISCLAIMER
from nutrigap.engine.targets import targets_for
from nutrigap.services.context import AppContext
from nutrigap.services.factors import parse_clock
from nutrigap.services.profile import PERSONAL_MAX, get_profile, profile_in
from nutrigap.services.timeline import load_timeline
from nutrigap.services.unit import write
from nutrigap.store.models import ExperimentRow

MIN_DAYS = 7
MAX_DAYS = 366
#: How far ahead an experiment may be planned.
MAX_LEAD_DAYS = 60
TARGET_LEVELS = ("EAR", "RDA", "AI")


@dataclass(frozen=True, slots=True)
class ExperimentView:
    """An experiment as listed: what, when, and where it stands today."""

    name: str
    kind: str
    description: str
    start: dt.date
    days: int
    planned_end: dt.date
    stopped_on: dt.date | None
    status: str
    nutrient: str | None
    target_level: str | None
    goal: float | None
    unit: str | None
    cutoff: dt.time | None

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "start": self.start.isoformat(),
            "days": self.days,
            "planned_end": self.planned_end.isoformat(),
            "stopped_on": None if self.stopped_on is None else self.stopped_on.isoformat(),
            "status": self.status,
            "nutrient": self.nutrient,
            "target_level": self.target_level,
            "goal": self.goal,
            "unit": self.unit,
            "cutoff": None if self.cutoff is None else self.cutoff.strftime("%H:%M"),
        }


@dataclass(frozen=True, slots=True)
class ExperimentReport:
    """An experiment with its adherence and its before/during comparison."""

    experiment: ExperimentView
    result: ExperimentResult
    notes: tuple[str, ...]
    disclaimer: str = DISCLAIMER

    def to_json(self) -> dict[str, object]:
        r = self.result

        def comparison(c: object) -> dict[str, object] | None:
            if c is None:
                return None
            return {
                "n_before": c.n_before, "n_during": c.n_during,  # type: ignore[attr-defined]
                "mean_before": round(c.mean_before, 3), "mean_during": round(c.mean_during, 3),  # type: ignore[attr-defined]
                "mann_whitney_u": c.u_statistic, "p_value": round(c.p_value, 4),  # type: ignore[attr-defined]
                "cliffs_delta": round(c.delta, 3),  # type: ignore[attr-defined]
                "cliffs_delta_ci95": [round(c.delta_low, 3), round(c.delta_high, 3)],  # type: ignore[attr-defined]
            }  # fmt: skip

        return {
            **self.experiment.to_json(),
            "baseline": [r.baseline[0].isoformat(), r.baseline[1].isoformat()],
            "during": None if r.during is None else [r.during[0].isoformat(), r.during[1].isoformat()],
            "adherence": [{"date": d.isoformat(), "state": s} for d, s in r.adherence],
            "kept_days": r.kept_days,
            "known_days": r.known_days,
            "days_before": r.days_before,
            "days_during": r.days_during,
            "twitch_days_before": r.twitch_days_before,
            "twitch_days_during": r.twitch_days_during,
            "episodes_per_day": comparison(r.episodes),
            "strongest_twitch": comparison(r.intensity),
            "text": r.text,
            "notes": list(self.notes),
            "disclaimer": self.disclaimer,
        }


def _profile_goal(profile: Profile, nutrient: str, level: str | None, start: dt.date) -> float | None:
    """The goal the profile gives on ``start``: the EAR, or the RDA/AI [nutrient unit/day]."""
    target = targets_for(profile, start)[Nutrient(nutrient)]
    return target.ear if (level or "").upper() == "EAR" else target.target


def _spec(profile: Profile, row: ExperimentRow) -> ExperimentSpec:
    """The experiment as the engine sees it. ``profile`` is read before the unit of work that loaded ``row``
    (units of work do not nest). A nutrient experiment's goal is the amount stored when it started (issue #14
    item 10: a later profile change must not flip past days); only a row without one falls back to the profile."""
    goal = unit = None
    if row.kind == "nutrient_target" and row.nutrient:
        goal = row.goal_amount
        if goal is None:
            goal = _profile_goal(profile, row.nutrient, row.target_level, row.start_day)
        unit = Nutrient(row.nutrient).unit
    return ExperimentSpec(
        name=row.name,
        kind=row.kind,
        start=row.start_day,
        days=row.days,
        nutrient=row.nutrient,
        target_level=row.target_level,
        goal=goal,
        unit=unit,
        cutoff=row.cutoff_time,
        stopped_on=row.stopped_on,
    )


def _view(spec: ExperimentSpec, today: dt.date) -> ExperimentView:
    return ExperimentView(
        name=spec.name,
        kind=spec.kind,
        description=spec.description,
        start=spec.start,
        days=spec.days,
        planned_end=spec.planned_end,
        stopped_on=spec.stopped_on,
        status=spec.status(today),
        nutrient=spec.nutrient,
        target_level=spec.target_level,
        goal=spec.goal,
        unit=spec.unit,
        cutoff=spec.cutoff,
    )


def _name(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise InvalidInput("An experiment needs a name, for example 'magnesium-rda'.")
    if len(text) > 100:
        raise InvalidInput("An experiment name may have at most 100 characters.")
    return text


def start_experiment(
    ctx: AppContext,
    name: str,
    *,
    nutrient: Nutrient | str | None = None,
    target: str = "RDA",
    no_caffeine_after: dt.time | str | None = None,
    days: int = 14,
    start: dt.date | str | None = None,
) -> ExperimentView:
    """Start (or plan) an experiment: a nutrient at a reference level, or no caffeine after a time of day."""
    name = _name(name)
    if (nutrient is None) == (no_caffeine_after is None):
        raise InvalidInput("Choose one kind of experiment: --nutrient NAME --target RDA, or --no-caffeine-after HH:MM.")
    if not MIN_DAYS <= int(days) <= MAX_DAYS:
        raise InvalidInput(f"An experiment lasts {MIN_DAYS} to {MAX_DAYS} days; two weeks is a good start.")
    today = dt.date.today()
    first = today if start is None else parse_date(start)
    if first > today + dt.timedelta(days=MAX_LEAD_DAYS):
        raise InvalidInput(f"Plan an experiment at most {MAX_LEAD_DAYS} days ahead.")
    row = ExperimentRow(name=name, start_day=first, days=int(days))
    if nutrient is not None:
        try:
            chosen = (
                nutrient if isinstance(nutrient, Nutrient) else Nutrient(nutrient.strip().lower().replace(" ", "_"))
            )
        except ValueError:
            names = ", ".join(n.value for n in Nutrient)
            raise InvalidInput(f"Unknown nutrient '{nutrient}'; use one of: {names}.") from None
        level = target.strip().upper()
        if level not in TARGET_LEVELS:
            raise InvalidInput(f"Unknown target '{target}'; use EAR, RDA or AI.")
        goal = targets_for(get_profile(ctx).profile, first)[chosen]
        if level == "EAR" and goal.ear is None:
            raise InvalidInput(f"{chosen.label} has no EAR for your profile; use --target {goal.target_kind}.")
        if level in ("RDA", "AI") and level != goal.target_kind:
            raise InvalidInput(
                f"{chosen.label} has an {goal.target_kind}, not an {level}, for your profile; "
                f"use --target {goal.target_kind}."
            )
        row.kind, row.nutrient, row.target_level = "nutrient_target", chosen.value, level
        row.goal_amount = goal.ear if level == "EAR" else goal.target  # fixed now: a profile change keeps it
    else:
        row.kind, row.cutoff_time = "caffeine_cutoff", parse_clock(no_caffeine_after)  # type: ignore[arg-type]
    with write(ctx) as uow:
        if uow.experiments.by_name(name) is not None:
            raise InvalidInput(f"There is already an experiment called '{name}'; choose another name.")
        uow.experiments.add(row)
        spec = _spec(profile_in(ctx, uow).profile, row)
    return _view(spec, today)


def _row(ctx: AppContext, name: str) -> ExperimentSpec:
    profile = get_profile(ctx).profile
    with ctx.uow() as uow:
        row = uow.experiments.by_name(name)
        if row is None:
            raise NotFound(f"No experiment called '{name}'; see: nutrigap experiment list")
        return _spec(profile, row)


def list_experiments(ctx: AppContext, today: dt.date | None = None) -> list[ExperimentView]:
    day = today or dt.date.today()
    profile = get_profile(ctx).profile
    with ctx.uow() as uow:
        rows = uow.experiments.all()
        return [_view(_spec(profile, r), day) for r in rows]


def stop_experiment(ctx: AppContext, name: str, on: dt.date | str | None = None) -> ExperimentView:
    """End an experiment early; ``on`` (default today) is its last day."""
    day = dt.date.today() if on is None else parse_date(on)
    with write(ctx) as uow:
        profile = profile_in(ctx, uow).profile
        row = uow.experiments.by_name(name)
        if row is None:
            raise NotFound(f"No experiment called '{name}'; see: nutrigap experiment list")
        if row.stopped_on is not None:
            raise InvalidInput(f"The experiment '{row.name}' was already stopped on {row.stopped_on}.")
        if day < row.start_day:
            raise InvalidInput(f"'{row.name}' starts on {row.start_day}; delete it instead of stopping it before then.")
        row.stopped_on = day
        spec = _spec(profile, row)
    return _view(spec, dt.date.today())


def set_experiment_goal(ctx: AppContext, name: str, amount: float | str) -> ExperimentView:
    """Change a nutrient experiment's goal [nutrient unit/day]; it then stays at this amount."""
    try:
        value = parse_decimal(amount if isinstance(amount, float) else str(amount))
    except ValueError:
        raise InvalidInput(f"'{amount}' is not an amount; give a number such as 320.") from None
    with write(ctx) as uow:
        profile = profile_in(ctx, uow).profile
        row = uow.experiments.by_name(name)
        if row is None:
            raise NotFound(f"No experiment called '{name}'; see: nutrigap experiment list")
        if row.kind != "nutrient_target" or not row.nutrient:
            raise InvalidInput(f"'{row.name}' is not a nutrient experiment; it has no goal amount.")
        nutrient = Nutrient(row.nutrient)
        high = PERSONAL_MAX[nutrient]
        if not 0 < value <= high:  # also refuses NaN and infinity
            raise InvalidInput(
                f"A {nutrient.label} goal must be above 0 and at most {high:,.0f} {nutrient.unit} a day."
            )
        row.goal_amount = value
        spec = _spec(profile, row)
    return _view(spec, dt.date.today())


def delete_experiment(ctx: AppContext, name: str) -> ExperimentView:
    with write(ctx) as uow:
        row = uow.experiments.by_name(name)
        if row is None:
            raise NotFound(f"No experiment called '{name}'.")
        view = _view(_spec(profile_in(ctx, uow).profile, row), dt.date.today())
        uow.experiments.delete(row)
    return view


def experiment_report(ctx: AppContext, name: str, today: dt.date | None = None, *, seed: int = 0) -> ExperimentReport:
    """Adherence per day and the before/during comparison of an experiment."""
    day = today or dt.date.today()
    spec = _row(ctx, name)
    first = spec.baseline[0]
    last = max(spec.start, min(spec.planned_end, day))
    frame = load_timeline(ctx, first, last)
    if spec.kind == "nutrient_target":
        assert spec.nutrient is not None and spec.goal is not None
        adherence = nutrient_adherence(frame[spec.nutrient], frame["entries"], spec.goal)
    else:
        assert spec.cutoff is not None
        with ctx.uow() as uow:
            factors = {r.day: r.last_caffeine_at for r in uow.factors.between(first, last)}
            dinner: dict[dt.date, float] = {}
            for d, meal, mg in uow.entries.caffeine_by_meal(first, last, CAFFEINE):
                if meal == "dinner":
                    dinner[d] = dinner.get(d, 0.0) + mg
        adherence = cutoff_adherence(
            frame, pd.Series(factors, dtype="object"), pd.Series(dinner, dtype="float64"), spec.cutoff
        )
    result = evaluate(spec, frame, adherence, day, seed=seed)
    notes = [
        "Only days with something logged (food, a factor or a twitch) count; keep logging every day, twitch or not.",
        "This compares your own days before and during; it cannot show cause (no blinding, no control group).",
    ]
    if spec.kind == "caffeine_cutoff":
        notes.append(
            "Caffeine has no clock in the diary: set the time of your last caffeinated drink each day "
            "(factors set DATE --last-caffeine HH:MM) or NutriGap can only judge days with no caffeine at all."
        )
    others = [
        e.name
        for e in list_experiments(ctx, day)
        if e.name != spec.name and e.start <= spec.planned_end and spec.start <= e.planned_end
    ]
    if others:
        notes.append(f"Overlaps with {', '.join(others)}: two changes at once cannot be told apart.")
    return ExperimentReport(experiment=_view(spec, day), result=result, notes=tuple(notes))
