"""The chart, report and demo commands, run in-process on a demo diary built from the fixture food database."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from nutrigap.cli import main
from nutrigap.services.context import AppContext


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def demo_home(
    ctx: AppContext, isolated_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Path:
    """`nutrigap demo --no-window`, then NUTRIGAP_HOME pointed at the demo for the commands under test."""
    ctx.close()
    code, out, err = run(capsys, "demo", "--no-window")
    assert code == 0, err
    home = (isolated_home / "demo").resolve()
    assert f"demo diary (filled): {home / 'diary.sqlite'}" in out
    assert "your own diary is not touched" in out
    monkeypatch.setenv("NUTRIGAP_HOME", str(home))
    return home


def test_demo_no_window_leaves_the_users_diary_alone(
    ctx: AppContext, isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx.close()
    assert not (isolated_home / "diary.sqlite").exists()
    code, out, _ = run(capsys, "demo", "--no-window")
    assert code == 0 and "diary entries" in out and "twitch episodes" in out
    assert not (isolated_home / "diary.sqlite").exists()  # the user's diary was never even created
    code, out, _ = run(capsys, "demo", "--no-window")
    assert code == 0 and "(already filled)" in out
    code, out, _ = run(capsys, "demo", "--no-window", "--reset")
    assert code == 0 and "(filled)" in out


def test_demo_without_a_food_database_says_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "demo", "--no-window")
    assert code == 1 and "nutrigap food-db build" in err and err.count("\n") == 1


def test_chart_commands_write_png_svg_and_pdf(
    demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = dt.date.today()
    week_png = tmp_path / "week.png"
    code, out, err = run(capsys, "chart", "week", today.isoformat(), "--out", str(week_png), "--theme", "dark")
    assert code == 0, err
    assert out.strip() == f"wrote {week_png}" and week_png.read_bytes().startswith(b"\x89PNG")
    trend_svg = tmp_path / "trend.svg"
    start = (today - dt.timedelta(days=27)).isoformat()
    code, _, err = run(
        capsys,
        "chart",
        "trend",
        "--from",
        start,
        "--to",
        today.isoformat(),
        "--out",
        str(trend_svg),
        "--water-caffeine",
    )
    assert code == 0, err
    assert b"<svg" in trend_svg.read_bytes()[:2000] and b"Water and caffeine" in trend_svg.read_bytes()
    calendar_pdf = tmp_path / "calendar.pdf"
    code, _, err = run(capsys, "chart", "calendar", f"{today:%Y-%m}", "--out", str(calendar_pdf))
    assert code == 0, err
    assert calendar_pdf.read_bytes().startswith(b"%PDF-")


def test_chart_commands_refuse_bad_input_with_one_line(
    demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "chart", "week", "2026-11-24", "--out", str(tmp_path / "week.jpg"))
    assert code == 1 and "use .png, .svg or .pdf" in err and err.count("\n") == 1
    code, _, err = run(
        capsys, "chart", "trend", "--from", "2026-11-24", "--to", "2026-11-01", "--out", str(tmp_path / "t.png")
    )
    assert code == 1 and "after it ends" in err
    code, _, err = run(capsys, "chart", "calendar", "2026-13", "--out", str(tmp_path / "c.png"))
    assert code == 1 and "no month 13" in err
    code, _, err = run(capsys, "chart", "week", "someday", "--out", str(tmp_path / "w.png"))
    assert code == 1 and "is not a date" in err
    assert list(tmp_path.glob("*.*")) == []


def test_report_week_and_month_write_pdf_and_csv_and_keep_the_table(
    demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = dt.date.today()
    pdf, csv_file = tmp_path / "week.pdf", tmp_path / "week.csv"
    code, out, err = run(capsys, "report", "week", today.isoformat(), "--pdf", str(pdf), "--csv", str(csv_file))
    assert code == 0, err
    assert out.splitlines() == [f"wrote {pdf}", f"wrote {csv_file}"]
    assert "Twitch log summary" in " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert csv_file.read_text(encoding="utf-8").startswith("section,period_start,period_end,date,measure,unit,value")
    month_pdf = tmp_path / "month.pdf"
    code, out, err = run(capsys, "report", "month", f"{today:%Y-%m}", "--pdf", str(month_pdf))
    assert code == 0, err
    assert "Adequacy calendar" in " ".join(page.extract_text() for page in PdfReader(month_pdf).pages)
    code, out, _ = run(capsys, "report", "month", f"{today:%Y-%m}", "--json")
    data = json.loads(out)
    assert code == 0 and data["from"] == f"{today:%Y-%m}-01" and data["logged_days"] > 0
    code, out, _ = run(capsys, "report", "week", today.isoformat())
    assert code == 0 and "Magnesium" in out and "verdict" in out
    code, _, err = run(capsys, "report", "week", today.isoformat(), "--pdf", str(tmp_path / "week.txt"))
    assert code == 1 and "must end in .pdf" in err
    code, _, err = run(capsys, "report", "month", "2026-11-05", "--pdf", str(tmp_path / "m.pdf"))
    assert code == 1 and "YYYY-MM" in err


def test_report_range_writes_pdf_csv_and_json_and_refuses_a_reversed_range(
    demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = dt.date.today()
    start = today - dt.timedelta(days=27)
    pdf, csv_file = tmp_path / "r.pdf", tmp_path / "r.csv"
    code, out, err = run(capsys, "report", "range", start.isoformat(), today.isoformat(), "--pdf", str(pdf),
                         "--csv", str(csv_file))  # fmt: skip
    assert code == 0, err
    assert out.splitlines() == [f"wrote {pdf}", f"wrote {csv_file}"]
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "Twitch log summary" in text and "of 28 days" in text
    code, out, _ = run(capsys, "report", "range", start.isoformat(), today.isoformat(), "--json")
    data = json.loads(out)
    assert code == 0 and data["from"] == start.isoformat() and data["to"] == today.isoformat()
    code, out, _ = run(capsys, "report", "range", start.isoformat(), today.isoformat())
    assert code == 0 and "Magnesium" in out
    reversed_range = (today.isoformat(), start.isoformat())
    code, _, err = run(capsys, "report", "range", *reversed_range, "--pdf", str(tmp_path / "x.pdf"))
    assert code == 1 and "before it starts" in err
    assert not (tmp_path / "x.pdf").exists()


def test_report_table_counts_days_in_plain_english(
    demo_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    today = dt.date.today()
    code, out, _ = run(capsys, "report", "day", today.isoformat())
    assert code == 0 and "in progress" in out and "day(s)" not in out  # today is not a verdict until complete
    assert run(capsys, "log", "complete", today.isoformat())[0] == 0
    code, out, _ = run(capsys, "report", "day", today.isoformat())
    assert code == 0 and "1 day logged;" in out and "day(s)" not in out
    code, out, _ = run(capsys, "report", "week", (today - dt.timedelta(days=7)).isoformat())  # a whole demo week
    assert code == 0 and re.search(r": [2-7] days logged;", out) and "day(s)" not in out
