"""The person the targets are for."""

from __future__ import annotations

import datetime as dt

from nutrigap.domain.diary import DEFAULT_PROFILE, LifeStage, Profile, Sex, parse_date
from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.targets import Target
from nutrigap.engine.targets import targets_for
from nutrigap.services.context import AppContext
from nutrigap.services.unit import write
from nutrigap.services.views import ProfileView
from nutrigap.store.db import UnitOfWork
from nutrigap.store.models import ProfileRow


def get_profile(ctx: AppContext) -> ProfileView:
    """The saved profile, or the documented default (woman, born 1990-01-01) until one is set."""
    cached = ctx.cache.get("profile")
    if isinstance(cached, ProfileView):
        return cached
    with ctx.uow() as uow:
        return profile_in(ctx, uow)


def profile_in(ctx: AppContext, uow: UnitOfWork) -> ProfileView:
    """:func:`get_profile` inside a unit of work a use case already opened (cached like it)."""
    cached = ctx.cache.get("profile")
    if isinstance(cached, ProfileView):
        return cached
    view = read_profile(uow)
    ctx.cache["profile"] = view
    return view


def read_profile(uow: UnitOfWork) -> ProfileView:
    row = uow.profile.get()
    if row is None:
        return ProfileView(DEFAULT_PROFILE, True)
    return ProfileView(
        Profile(
            sex=Sex(row.sex),
            birth_date=row.birth_date,
            life_stage=LifeStage(row.life_stage),
            vitamin_d_unit=row.vitamin_d_unit,
        ),
        False,
    )


def set_profile(
    ctx: AppContext,
    *,
    sex: Sex | str,
    birth_date: dt.date | str,
    life_stage: LifeStage | str = LifeStage.NONE,
    vitamin_d_unit: str | None = None,
) -> ProfileView:
    try:
        sex_value = Sex(sex.strip().lower() if isinstance(sex, str) else sex)
    except ValueError:
        raise InvalidInput(f"Sex must be female or male (got '{shown(sex)}').") from None
    try:
        stage = LifeStage(life_stage)
    except ValueError:
        raise InvalidInput(f"Life stage must be none, pregnant or lactating (got '{shown(life_stage)}').") from None
    born = parse_date(birth_date)
    today = dt.date.today()
    if born > today:
        raise InvalidInput("The birth date is in the future.")
    if today.year - born.year > 120:
        raise InvalidInput("The birth date is more than 120 years ago.")
    if stage is not LifeStage.NONE and sex_value is Sex.MALE:
        raise InvalidInput("Pregnancy and lactation apply to the female profile only.")
    if vitamin_d_unit is not None and vitamin_d_unit not in ("µg", "IU"):
        raise InvalidInput("The vitamin D unit must be µg or IU.")
    with write(ctx) as uow:
        row = uow.profile.get()
        unit = vitamin_d_unit or (row.vitamin_d_unit if row else "µg")
        uow.profile.save(
            ProfileRow(id=1, sex=sex_value.value, birth_date=born, life_stage=stage.value, vitamin_d_unit=unit)
        )
    return get_profile(ctx)


def targets(ctx: AppContext, on: dt.date) -> dict[Nutrient, Target]:
    return targets_for(get_profile(ctx).profile, on)
