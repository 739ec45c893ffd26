"""What the source tags of red flags and "watch for" signs stand for (``[R1]`` ...), so a screen can list them
beside the flags. The tags and their sources are those of :mod:`nutrigap.engine.red_flags` (its docstring) and of
``../shared/reference/nutrition-reference.md`` §5–§6."""

from __future__ import annotations

import re

#: tag -> (who and what, where)
RED_FLAG_SOURCES: dict[str, tuple[str, str]] = {
    "R1": (
        "NHS, “Twitching eyes and muscles” (page last reviewed 30 Oct 2023)",
        "https://www.nhs.uk/conditions/twitching-eyes-and-muscles/",
    ),
    "R2": (
        "UofL Health ALS Clinic, “Signs & Symptoms”",
        "https://uoflhealth.org/locations/frazier-rehabilitation-institute/services/als-clinic/signs-symptoms/",
    ),
    "R3": (
        "Muscular Dystrophy Association, Quest, “Simply Stated: Stiffness, Cramps and Twitching”",
        "https://www.mda.org/quest/article/simply-stated-stiffness-cramps-and-twitching",
    ),
    "R6": (
        "Benign fasciculation syndrome summaries citing Turner & Talbot 2013 and Kincaid 1997 (lower tier)",
        "",
    ),
    "R7": ("NHS, “Heart palpitations”", "https://www.nhs.uk/conditions/heart-palpitations/"),
    "ODS-B12": (
        "NIH Office of Dietary Supplements, “Vitamin B12: Fact Sheet for Health Professionals”",
        "https://ods.od.nih.gov/factsheets/VitaminB12-HealthProfessional/",
    ),
}


def source_tags(text: str) -> list[str]:
    """The tags in a source string such as '[R1] [R2]', in order and without repeats."""
    found: list[str] = []
    for tag in re.findall(r"\[([A-Za-z0-9-]+)\]", text):
        if tag not in found:
            found.append(tag)
    return found
