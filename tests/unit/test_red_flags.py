"""Red flags trigger on the patterns of the clinical guidance, and stay quiet otherwise."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from nutrigap.domain.symptoms import SYMPTOMS
from nutrigap.engine.red_flags import ASK_FOR, WATCH_FOR, persistent_run, red_flags

START = dt.date(2026, 10, 1)


def episodes(*rows: dict[str, object]) -> pd.DataFrame:
    records = []
    for n, row in enumerate(rows):
        record: dict[str, object] = {
            "id": n + 1,
            "location": "eyelid",
            "location_other": None,
            "side": "left",
            "intensity": 3,
            "duration_s": None,
            "note": None,
            **dict.fromkeys(SYMPTOMS, False),
        }
        record.update(row)
        records.append(record)
    return pd.DataFrame.from_records(records)


def on_days(offsets: list[int], **extra: object) -> list[dict[str, object]]:
    return [{"occurred_at": dt.datetime.combine(START + dt.timedelta(days=d), dt.time(9)), **extra} for d in offsets]


def keys(frame: pd.DataFrame) -> set[str]:
    return {f.key for f in red_flags(frame)}


def test_twitching_on_most_days_for_more_than_two_weeks() -> None:
    eight_of_fifteen = [0, 2, 4, 6, 8, 10, 12, 14]
    assert "persistent" in keys(episodes(*on_days(eight_of_fifteen)))
    assert "persistent" not in keys(episodes(*on_days(eight_of_fifteen[:-1])))  # 7 of 15
    assert "persistent" not in keys(episodes(*on_days([0, 3, 6, 9, 12, 15, 18, 21])))  # spread over 22 days
    assert persistent_run([START + dt.timedelta(days=d) for d in eight_of_fifteen]) == (
        START,
        START + dt.timedelta(days=14),
        8,
    )


def test_several_places() -> None:
    two_places = on_days([0, 3]) + on_days([5, 8], location="calf", side="right")
    flag = next(f for f in red_flags(episodes(*two_places)) if f.key == "several_places")
    assert "eyelid" in flag.detail and "calf" in flag.detail and flag.source == "[R1] [R2]"
    one_off = on_days([0, 3]) + on_days([5], location="calf")
    assert "several_places" not in keys(episodes(*one_off))
    other = on_days([0, 3]) + on_days([4, 6], location="other", location_other="Tongue")
    assert "tongue" in next(f for f in red_flags(episodes(*other)) if f.key == "several_places").detail


def test_weakness_and_poor_coordination_trigger_at_once() -> None:
    flags = red_flags(episodes(*on_days([0]), *on_days([1], weakness=True), *on_days([2], poor_coordination=True)))
    by_key = {f.key: f for f in flags}
    assert by_key["weakness"].title == "Twitching with weakness" and "2026-10-02" in by_key["weakness"].detail
    assert "B12" in by_key["poor_coordination"].detail
    assert not red_flags(episodes(*on_days([0, 1, 2])))  # three harmless eyelid twitches: nothing


def test_recurring_cramps_tingling_palpitations() -> None:
    assert "cramps" in keys(episodes(*on_days([0, 1, 2], cramp=True)))
    assert "cramps" not in keys(episodes(*on_days([0, 1], cramp=True)))
    assert "tingling" in keys(episodes(*on_days([0, 5, 9], tingling=True)))
    assert "palpitations" in keys(episodes(*on_days([0, 5], palpitations=True)))


def test_notes_that_mention_signs_the_form_has_no_box_for() -> None:
    urgent = red_flags(episodes(*on_days([0], note="Calf twitching, and it was hard to swallow at lunch")))
    assert [f.urgency for f in urgent] == ["seek_care_promptly"]
    assert "swallowing" in urgent[0].title
    assert keys(episodes(*on_days([1], note="dropped my cup twice"))) == {"note_dropping"}
    harmless = ["twitch while falling asleep", "after a trip to the beach", "speaking at a meeting", "breathe"]
    assert not red_flags(episodes(*[r for d, n in enumerate(harmless) for r in on_days([d * 5], note=n)]))


def test_every_flag_says_what_to_ask_for_and_cites_its_source() -> None:
    rows = (
        on_days(list(range(0, 16)), weakness=True, cramp=True, tingling=True, palpitations=True, poor_coordination=True)
        + on_days([20, 21], location="calf")
        + on_days([22], note="slurred speech")
    )
    flags = red_flags(episodes(*rows))
    assert len(flags) >= 8
    for flag in flags:
        assert flag.ask_for == ASK_FOR and flag.source.startswith("[")
        assert "doctor" in (flag.detail + flag.title).lower() or "GP" in flag.detail or flag.urgency
    assert "25-hydroxyvitamin D" in ASK_FOR and "B12" in ASK_FOR and "magnesium, calcium and potassium" in ASK_FOR
    assert any("breathing" in sign for sign, _ in WATCH_FOR)


def test_no_episodes_no_flags() -> None:
    assert red_flags(episodes()) == []
