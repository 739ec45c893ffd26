"""Twitching before and since a medicine's start, compared as an experiment is (issue #17)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from nutrigap.domain.medicines import Medicine
from nutrigap.engine.medicine_periods import CAVEAT, WINDOW_DAYS, medicine_finding, medicine_findings

FIRST = dt.date(2026, 1, 1)


def timeline(twitches: list[int]) -> pd.DataFrame:
    """Observed days (one diary entry each) with the given episode counts."""
    days = [FIRST + dt.timedelta(days=i) for i in range(len(twitches))]
    frame = pd.DataFrame(index=pd.Index(days, name="day"))
    frame["entries"] = 1
    frame["twitches"] = twitches
    frame["twitch_max_intensity"] = np.where(np.array(twitches) > 0, 6.0, np.nan)
    return frame


def test_fewer_twitches_since_the_start_are_compared_with_the_caveat() -> None:
    before, since = [3, 2, 3, 4, 2, 3, 2, 3, 4, 3, 2, 3, 3, 2], [0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    frame = timeline([*before, *since])
    start = FIRST + dt.timedelta(days=14)
    finding = medicine_finding(Medicine("Omeprazole", "ppi", start=start), frame, FIRST + dt.timedelta(days=27))
    assert (finding.days_before, finding.days_since) == (14, 14)
    assert finding.episodes is not None and finding.episodes.p_value < 0.001
    assert finding.episodes.mean_before > finding.episodes.mean_during
    assert finding.text.startswith("Omeprazole, started 2026-01-15. Twitch days: 14 of 14 before, 2 of 14 since.")
    assert "(fewer; Mann–Whitney" in finding.text and "seldom arise by chance alone" in finding.text
    assert finding.caveat == CAVEAT and "Never stop or change a medicine" in CAVEAT
    assert finding.interaction is not None and finding.interaction.startswith("You take Omeprazole")


def test_too_few_days_on_a_side_say_so_instead_of_testing() -> None:
    frame = timeline([1, 0, 1, 0] + [0] * 20)
    finding = medicine_finding(
        Medicine("Furosemide", "loop_diuretic", start=FIRST + dt.timedelta(days=4)), frame, FIRST + dt.timedelta(23)
    )
    assert finding.episodes is None
    assert "not enough days to compare twitching yet: 4 observed before and 20 since (needs 7 in each)" in finding.text


def test_days_after_the_stop_or_beyond_the_window_do_not_count() -> None:
    frame = timeline([1] * 60)
    start = FIRST + dt.timedelta(days=10)
    stopped = medicine_finding(
        Medicine("Prednisolone", "corticosteroid", start=start, stop=start + dt.timedelta(days=8)),
        frame,
        FIRST + dt.timedelta(days=59),
    )
    assert (stopped.days_before, stopped.days_since) == (10, 9) and "while taken" in stopped.text
    long = medicine_finding(Medicine("Metformin", "metformin", start=start), frame, FIRST + dt.timedelta(days=59))
    assert long.days_since == WINDOW_DAYS


def test_which_medicines_the_insights_mention() -> None:
    frame = timeline([1, 0] * 20)
    first, last = FIRST + dt.timedelta(days=20), FIRST + dt.timedelta(days=39)
    medicines = [
        Medicine("Omeprazole", "ppi"),  # no dates: the ODS sentence only
        Medicine("Fish oil", "other"),  # nothing to say
        Medicine("Ramipril", "ace_inhibitor", start=FIRST, stop=FIRST + dt.timedelta(days=5)),  # before the period
        Medicine("Senna", "laxative", start=FIRST + dt.timedelta(days=25)),  # started inside: compared
    ]
    found = medicine_findings(medicines, frame, first, last)
    assert [f.medicine.name for f in found] == ["Omeprazole", "Senna"]
    assert found[0].text == "" and found[0].interaction is not None
    assert found[1].interaction is None and found[1].text.startswith("Senna, started 2026-01-26.")
    assert found[1].to_json()["days_before"] == 25
