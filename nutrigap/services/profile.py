"""The person the targets are for."""

from __future__ import annotations

import datetime as dt

from nutrigap.domain.diary import LifeStage, Sex, parse_date
from nutrigap.domain.errors import InvalidInput, shown
from nutrigap.domain.nutrients import Nutrient
from nutrigap.domain.targets import Target
from nutrigap.domain.units import AMBIGUOUS_AMOUNT, from_display
from nutrigap.domain.wording import default_profile_notice_text
from nutrigap.engine.targets import targets_for, with_personal
from nutrigap.services.context import AppContext
from nutrigap.services.unit import write
from nutrigap.services.views import ProfileView, profile_view_of
from nutrigap.store.db import UnitOfWork
from nutrigap.store.models import ProfileRow

#: Set (to "skipped") when the user skipped the first-run profile question, so it is not asked again.
FIRST_RUN_SETTING = "profile.first_run"


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
    return profile_view_of(uow.profile.get())


def first_run_profile_pending(ctx: AppContext) -> bool:
    """True while no profile is saved and the user has not skipped the first-run question."""
    with ctx.uow() as uow:
        if not profile_in(ctx, uow).is_default:
            return False
        return uow.settings.get(FIRST_RUN_SETTING) is None


def skip_first_run_profile(ctx: AppContext) -> None:
    """Remember that the user skipped the first-run question (the default profile stays, and is named)."""
    with write(ctx) as uow:
        uow.settings.set(FIRST_RUN_SETTING, "skipped")


def default_profile_notice(ctx: AppContext) -> str | None:
    """What to tell the user when no profile is saved (targets then follow the default), else None."""
    return default_profile_notice_text() if get_profile(ctx).is_default else None


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
    """The profile's reference intakes on ``on``, with the user's own targets beside them where set."""
    return with_personal(targets_for(get_profile(ctx).profile, on), personal_targets(ctx))


def targets_in(ctx: AppContext, uow: UnitOfWork, on: dt.date) -> dict[Nutrient, Target]:
    """:func:`targets` inside a unit of work a use case already opened."""
    return with_personal(targets_for(profile_in(ctx, uow).profile, on), personal_targets_in(ctx, uow))


# --- targets a doctor set ------------------------------------------------------------------------------------
#: The largest personal target accepted per day [nutrient unit]: well above any therapeutic dose (magnesium
#: 350 mg supplemental UL, calcium UL 2,500 mg, vitamin D repletion up to 10,000 IU = 250 µg a day, B12 oral
#: doses of 1,000-2,000 µg; IOM DRI reports 1997/1998/2011, nutrition-reference.md §1), so only a typing
#: mistake is refused.
PERSONAL_MAX: dict[Nutrient, float] = {
    Nutrient.MAGNESIUM: 2_000.0,
    Nutrient.CALCIUM: 5_000.0,
    Nutrient.POTASSIUM: 10_000.0,
    Nutrient.VITAMIN_D: 250.0,
    Nutrient.VITAMIN_B12: 5_000.0,
}
MAX_TARGET_NOTE = 500


def personal_targets(ctx: AppContext) -> dict[Nutrient, tuple[float, str | None]]:
    """The user's own targets [nutrient unit/day] with their notes, by nutrient."""
    cached = ctx.cache.get("personal_targets")
    if isinstance(cached, dict):
        return cached
    with ctx.uow() as uow:
        return personal_targets_in(ctx, uow)


def personal_targets_in(ctx: AppContext, uow: UnitOfWork) -> dict[Nutrient, tuple[float, str | None]]:
    """:func:`personal_targets` inside a unit of work a use case already opened (cached like it)."""
    cached = ctx.cache.get("personal_targets")
    if isinstance(cached, dict):
        return cached
    found = read_personal_targets(uow)
    ctx.cache["personal_targets"] = found
    return found


def read_personal_targets(uow: UnitOfWork) -> dict[Nutrient, tuple[float, str | None]]:
    return {Nutrient(r.nutrient): (float(r.amount), r.note) for r in uow.profile.personal_targets()}


def parse_nutrient(text: str | Nutrient) -> Nutrient:
    if isinstance(text, Nutrient):
        return text
    key = text.strip().lower().replace(" ", "_").replace("-", "_")
    key = {"b12": "vitamin_b12", "d": "vitamin_d", "vitamin_b_12": "vitamin_b12"}.get(key, key)
    try:
        return Nutrient(key)
    except ValueError:
        names = ", ".join(n.value for n in Nutrient)
        raise InvalidInput(f"Unknown nutrient '{shown(text)}'; use one of: {names}.") from None


def check_personal_target(
    nutrient: str | Nutrient, amount: float | str, *, unit: str | None = None, note: str | None = None
) -> tuple[Nutrient, float, str | None]:
    """A personal target as it would be stored: (nutrient, amount in its unit per day, note), or InvalidInput."""
    chosen = parse_nutrient(nutrient)
    text = str(amount).strip()
    if AMBIGUOUS_AMOUNT.match(text):  # "1,000": a thousand or one? (domain.units)
        raise InvalidInput(f"'{shown(text)}' is ambiguous; write 1000 or 1.5 (no thousands separator).")
    try:
        value = float(text.replace(",", "."))  # NaN and infinity are refused with the range below
    except ValueError:
        raise InvalidInput(f"'{shown(amount)}' is not an amount; give a number such as 400.") from None
    given = (unit or chosen.unit).strip().replace("ug", "µg").replace("mcg", "µg")
    if chosen is Nutrient.VITAMIN_D and given.upper() == "IU":
        value = from_display(Nutrient.VITAMIN_D, value, "IU")
    elif given != chosen.unit:
        also = " or IU" if chosen is Nutrient.VITAMIN_D else ""
        raise InvalidInput(f"{chosen.label} targets are in {chosen.unit}{also}.")
    high = PERSONAL_MAX[chosen]
    if not 0 < value <= high:  # also refuses NaN and infinity
        raise InvalidInput(f"A {chosen.label} target must be above 0 and at most {high:,.0f} {chosen.unit} a day.")
    words = " ".join((note or "").split()) or None
    if words is not None and len(words) > MAX_TARGET_NOTE:
        raise InvalidInput(f"The note may have at most {MAX_TARGET_NOTE} characters.")
    return chosen, value, words


def set_personal_target(
    ctx: AppContext, nutrient: str | Nutrient, amount: float | str, *, unit: str | None = None, note: str | None = None
) -> tuple[Nutrient, float, str | None]:
    """Set the user's own daily target for a nutrient, in its unit (mg or µg; vitamin D also in IU)."""
    chosen, value, text = check_personal_target(nutrient, amount, unit=unit, note=note)
    with write(ctx) as uow:
        uow.profile.set_personal_target(chosen.value, value, text)
    return chosen, value, text


def clear_personal_target(ctx: AppContext, nutrient: str | Nutrient) -> Nutrient:
    """Remove the user's own target for a nutrient (the DRI remains)."""
    chosen = parse_nutrient(nutrient)
    with write(ctx) as uow:
        if not uow.profile.clear_personal_target(chosen.value):
            raise InvalidInput(f"No personal target is set for {chosen.label}.")
    return chosen
