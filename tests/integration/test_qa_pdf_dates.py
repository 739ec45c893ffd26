"""The doctor's PDF names days as its headings do ('16–22 Nov 2026'), not in ISO beside them (issue 14 item 12,
'more of the same kind'): the red flags said 'from 2026-10-28 to 2026-11-11' and the first page 'Prepared: 05
December 2026' with a zero-padded day."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from nutrigap.services import doctor_report
from nutrigap.services.context import AppContext
from tests.integration.test_doctor_report import demo_ctx, flat, pdf_text  # noqa: F401 - demo_ctx is a fixture


def test_red_flags_and_the_date_prepared_read_like_the_headings(demo_ctx: AppContext, tmp_path: Path) -> None:  # noqa: F811
    files = doctor_report.month_doctor_report(demo_ctx, 2026, 11, pdf_path=tmp_path / "month.pdf")
    assert files.pdf is not None
    text = flat(pdf_text(files.pdf))
    assert "Twitching on most days for more than two weeks" in text
    assert re.findall(r"(?:from|since|on) \d{4}-\d{2}-\d{2}", text) == []
    today = dt.date.today()
    assert f"Prepared: {today.day} {today:%B %Y} by NutriGap" in text
