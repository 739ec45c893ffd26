"""The verdict words: whether usual intake is adequate and where it stands against the upper limit (UL), with
the phrases the window, the command line and the reports show for them. The engine decides which verdict applies
(:func:`nutrigap.engine.assessment.assess`, whose docstring gives the IOM rules behind each word)."""

from __future__ import annotations

from enum import StrEnum


class Verdict(StrEnum):
    LIKELY_ADEQUATE = "likely_adequate"
    UNCERTAIN = "uncertain"
    LIKELY_INADEQUATE = "likely_inadequate"
    CANNOT_BE_JUDGED = "cannot_be_judged"
    NO_DATA = "no_data"
    #: only days still in progress (today, not marked complete): progress so far, no verdict on usual intake
    IN_PROGRESS = "in_progress"


class UlVerdict(StrEnum):
    NO_UL = "no_ul"
    LIKELY_BELOW = "likely_below_ul"
    NEAR = "near_ul"
    ABOVE = "above_ul"
    NO_DATA = "no_data"


VERDICT_TEXT = {
    Verdict.LIKELY_ADEQUATE: "likely adequate",
    Verdict.UNCERTAIN: "uncertain — may need improving",
    Verdict.LIKELY_INADEQUATE: "likely inadequate",
    Verdict.CANNOT_BE_JUDGED: "adequacy cannot be judged (below the AI)",
    Verdict.NO_DATA: "nothing logged",
    Verdict.IN_PROGRESS: "in progress: amounts so far, no verdict until the day is complete",
}

UL_TEXT = {
    UlVerdict.NO_UL: "no upper limit set",
    UlVerdict.LIKELY_BELOW: "below the upper limit",
    UlVerdict.NEAR: "close to the upper limit",
    UlVerdict.ABOVE: "above the upper limit — possible risk",
    UlVerdict.NO_DATA: "nothing logged",
}

#: The UL verdict in one word for tables and CSV readers: above / near / below.
UL_WORD = {
    UlVerdict.NO_UL: "no UL",
    UlVerdict.LIKELY_BELOW: "below",
    UlVerdict.NEAR: "near",
    UlVerdict.ABOVE: "ABOVE",
    UlVerdict.NO_DATA: "–",
}


def ul_scope_text(scope: str | None) -> str:
    """What the UL counts: "supplements only" (magnesium, IOM 1997: the UL applies to supplemental magnesium,
    not food and water) or "all sources"."""
    return "supplements only" if scope == "supplemental" else "all sources"
