"""Red flags: patterns in the twitch log that clinical guidance says should be seen by a doctor (pandas only).

Every rule carries the source tags of ``../shared/reference/nutrition-reference.md`` §5 (and §6 for the sources):

* [R1] NHS, "Twitching eyes and muscles" (nhs.uk/conditions/twitching-eyes-and-muscles/, reviewed 30 Oct 2023):
  see a GP for a twitch lasting more than 2 weeks, in more than one place, with weakness or stiffness, or that a
  prescribed medicine may cause; tingling or cramps in the same area can accompany harmless twitches.
* [R2] UofL Health ALS Clinic, "Signs & Symptoms": weakness spreading over weeks, slurred speech or trouble
  swallowing, tripping or dropping things, twitching with cramping, later trouble breathing.
* [R3] Muscular Dystrophy Association, Quest, "Stiffness, Cramps and Twitching": cramps are common in ALS and SMA.
* [R6] benign fasciculation syndrome summaries (Turner & Talbot 2013; Kincaid 1997), lower tier: muscle wasting.
* [R7] NHS, "Heart palpitations" (nhs.uk/conditions/heart-palpitations/): usually harmless, but get help if you keep
  getting them or have other symptoms.
* [ODS-B12] NIH Office of Dietary Supplements, "Vitamin B12 — Fact Sheet for Health Professionals": numbness and
  tingling in the hands and feet and difficulty keeping balance are neurological signs of B12 deficiency.

NutriGap never diagnoses: a red flag says plainly to see a doctor and what to ask about.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

#: "More than 2 weeks" [R1]: a window of 15 consecutive days ...
PERSISTENT_WINDOW_DAYS = 15
#: ... with twitches on most of them (more than half).
PERSISTENT_MIN_DAYS = 8
#: A place counts when it twitched on at least this many days within the recent window.
PLACE_MIN_DAYS = 2
RECENT_DAYS = 28
#: Symptoms that recur on this many days are worth mentioning even when harmless on their own.
RECURRING_DAYS = 3

ASK_FOR = (
    "Ask whether blood tests would help: electrolytes including magnesium, calcium and potassium; vitamin D "
    "(25-hydroxyvitamin D); and vitamin B12. Bring this report. Do not start magnesium, calcium or potassium "
    "supplements on your own, and never take more than the upper limit."
)

#: Signs the log cannot see, shown with every report so the user knows what to watch for.
WATCH_FOR: tuple[tuple[str, str], ...] = (
    ("twitching that lasts more than about 2 weeks", "[R1]"),
    ("twitching in more than one place, or spreading", "[R1] [R2]"),
    ("weakness or stiffness in the twitching area", "[R1] [R2]"),
    ("visible muscle wasting, or loss of strength or dexterity (dropping things, tripping)", "[R2] [R6]"),
    ("slurred or thick speech, or difficulty swallowing", "[R2]"),
    ("breathing difficulty: seek care promptly", "[R2]"),
    ("a new prescribed medicine that might cause it (do not stop it without advice)", "[R1]"),
)


@dataclass(frozen=True, slots=True)
class RedFlag:
    """A pattern that calls for a doctor. ``urgency``: 'see_doctor' or 'seek_care_promptly'."""

    key: str
    title: str
    detail: str
    ask_for: str
    source: str
    urgency: str = "see_doctor"

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "title": self.title,
            "detail": self.detail,
            "ask_for": self.ask_for,
            "source": self.source,
            "urgency": self.urgency,
        }


#: Words in a note that point at a sign the form has no box for: (pattern, sign, urgency, source).
NOTE_SIGNS: tuple[tuple[str, str, str, str], ...] = (
    (r"short(?:ness)? of breath|\bbreathless|(?:trouble|hard|difficult\w*) (?:to )?breath", "breathing difficulty",
     "seek_care_promptly", "[R2]"),
    (r"\bswallow", "difficulty swallowing", "seek_care_promptly", "[R2]"),
    (r"\bslurr|(?:trouble|hard|difficult\w*) (?:to )?(?:speak|talk)|\bspeech\b", "trouble speaking",
     "seek_care_promptly", "[R2]"),
    (r"\bwasting\b|\batroph|muscle\w* (?:look\w*|got|getting|is|are) (?:thin|small)", "muscle wasting", "see_doctor",
     "[R2] [R6]"),
    (r"\bdropp(?:ed|ing)\b|\btripp(?:ed|ing)\b|\bstumbl", "dropping things or tripping", "see_doctor", "[R2]"),
)  # fmt: skip


def _days(episodes: pd.DataFrame, column: str | None = None) -> list[dt.date]:
    frame = episodes if column is None else episodes[episodes[column].astype(bool)]
    return sorted(set(pd.to_datetime(frame["occurred_at"]).dt.date))


#: How a day is written in a flag's text: ISO on the command line, the window's locale style in the window.
DayText = Callable[[dt.date], str]


def _fmt_days(days: list[dt.date], day_text: DayText, limit: int = 4) -> str:
    shown = ", ".join(day_text(d) for d in days[:limit])
    return shown + (f" and {len(days) - limit} more" if len(days) > limit else "")


def persistent_run(twitch_days: list[dt.date]) -> tuple[dt.date, dt.date, int] | None:
    """The first 15-day window with twitches on at least 8 days: (first day, last day, twitch days) or None."""
    if len(twitch_days) < PERSISTENT_MIN_DAYS:
        return None
    days = sorted(set(twitch_days))
    for i, first in enumerate(days):
        last_allowed = first + dt.timedelta(days=PERSISTENT_WINDOW_DAYS - 1)
        inside = [d for d in days[i:] if d <= last_allowed]
        if len(inside) >= PERSISTENT_MIN_DAYS:
            return first, inside[-1], len(inside)
    return None


def _place(row: pd.Series) -> str:
    other = row.get("location_other")
    if row["location"] == "other" and isinstance(other, str) and other.strip():
        return other.strip().lower()
    return str(row["location"])


def red_flags(
    episodes: pd.DataFrame, end: dt.date | None = None, day_text: DayText = dt.date.isoformat
) -> list[RedFlag]:
    """The red flags the episodes show (:func:`nutrigap.services.timeline.read_episodes` columns); ``day_text``
    writes the days named in the texts."""
    if episodes.empty:
        return []
    flags: list[RedFlag] = []
    all_days = _days(episodes)
    last = end or all_days[-1]

    run = persistent_run(all_days)
    if run is not None:
        first, _until, count = run
        flags.append(
            RedFlag(
                "persistent",
                "Twitching on most days for more than two weeks",
                f"You logged twitches on {count} of the {PERSISTENT_WINDOW_DAYS} days from {day_text(first)} to "
                f"{day_text(first + dt.timedelta(days=PERSISTENT_WINDOW_DAYS - 1))}. The NHS advises seeing a GP "
                "about a twitch that lasts more than 2 weeks.",
                ASK_FOR,
                "[R1]",
            )
        )

    recent = episodes[pd.to_datetime(episodes["occurred_at"]).dt.date > last - dt.timedelta(days=RECENT_DAYS)]
    if not recent.empty:
        places = recent.assign(place=recent.apply(_place, axis=1), day=pd.to_datetime(recent["occurred_at"]).dt.date)
        per_place = places.groupby("place")["day"].agg(["nunique", "min"])
        repeated = per_place[per_place["nunique"] >= PLACE_MIN_DAYS].sort_values("min")
        if len(repeated) >= 2:
            listing = ", ".join(
                f"{p} on {row['nunique']} days since {day_text(row['min'])}" for p, row in repeated.iterrows()
            )
            flags.append(
                RedFlag(
                    "several_places",
                    "Twitching in more than one place",
                    f"In the last {RECENT_DAYS} days twitches came back in {len(repeated)} places: {listing}. "
                    "Twitching in more than one place, or spreading, is a reason to see a doctor.",
                    ASK_FOR,
                    "[R1] [R2]",
                )
            )

    weak = _days(episodes, "weakness") if "weakness" in episodes else []
    if weak:
        flags.append(
            RedFlag(
                "weakness",
                "Twitching with weakness",
                f"You ticked weakness on {_fmt_days(weak, day_text)}. Weakness or stiffness where it twitches is a "
                "reason to see a doctor, who may examine your strength and refer you to a neurologist.",
                ASK_FOR,
                "[R1] [R2]",
            )
        )

    clumsy = _days(episodes, "poor_coordination") if "poor_coordination" in episodes else []
    if clumsy:
        flags.append(
            RedFlag(
                "poor_coordination",
                "Twitching with poor coordination",
                f"You ticked poor coordination on {_fmt_days(clumsy, day_text)}. Loss of dexterity, dropping things or "
                "tripping should be seen by a doctor; poor balance can also come with a low vitamin B12.",
                ASK_FOR,
                "[R2] [ODS-B12]",
            )
        )

    cramps = _days(recent, "cramp") if "cramp" in recent and not recent.empty else []
    if len(cramps) >= RECURRING_DAYS:
        flags.append(
            RedFlag(
                "cramps",
                "Twitching with cramps, again and again",
                f"You ticked cramps on {len(cramps)} days in the last {RECENT_DAYS} ({_fmt_days(cramps, day_text)}). "
                "Cramps often come with harmless twitches, but when they keep coming back together a doctor should "
                "have a look.",
                ASK_FOR,
                "[R1] [R2] [R3]",
            )
        )

    tingling = _days(recent, "tingling") if "tingling" in recent and not recent.empty else []
    if len(tingling) >= RECURRING_DAYS:
        flags.append(
            RedFlag(
                "tingling",
                "Repeated tingling or numbness",
                f"You ticked tingling or numbness on {len(tingling)} days in the last {RECENT_DAYS}. It can come "
                "with harmless twitches, but lasting numbness and tingling are also signs of a low vitamin B12 "
                "or calcium; mention it to your doctor.",
                ASK_FOR,
                "[R1] [ODS-B12]",
            )
        )

    racing = _days(recent, "palpitations") if "palpitations" in recent and not recent.empty else []
    if len(racing) >= 2:
        flags.append(
            RedFlag(
                "palpitations",
                "Twitching with palpitations",
                f"You ticked palpitations on {len(racing)} days in the last {RECENT_DAYS}. Palpitations are "
                "usually harmless, but get help if they keep coming or come with other symptoms; low potassium or "
                "magnesium can affect the heart rhythm. Call emergency services for chest pain, fainting or "
                "severe breathlessness.",
                ASK_FOR,
                "[R7]",
            )
        )

    flags.extend(_note_flags(episodes, day_text))
    return flags


def _note_flags(episodes: pd.DataFrame, day_text: DayText) -> list[RedFlag]:
    if "note" not in episodes:
        return []
    notes = episodes.dropna(subset=["note"])
    out: list[RedFlag] = []
    for pattern, sign, urgency, source in NOTE_SIGNS:
        hits = notes[notes["note"].astype(str).str.contains(pattern, flags=re.IGNORECASE, regex=True)]
        if hits.empty:
            continue
        days = _days(hits)
        prompt = "Seek medical care promptly" if urgency == "seek_care_promptly" else "See a doctor"
        out.append(
            RedFlag(
                f"note_{sign.split()[0]}",
                f"Your notes mention {sign}",
                f"Notes on {_fmt_days(days, day_text)} mention {sign}. {prompt}: together with twitching this needs a "
                "doctor's examination, not a food diary.",
                ASK_FOR,
                source,
                urgency,
            )
        )
    return out
