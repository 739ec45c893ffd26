"""chart commands: the week shortfall chart, the trend chart and the calendar heat map as PNG, SVG or PDF."""

from __future__ import annotations

import argparse
from typing import Any

from nutrigap.cli.common import context
from nutrigap.cli.profile_note import note_default_profile

THEMES = ("light", "dark")


def register(sub: Any) -> None:
    chart = sub.add_parser("chart", help="draw a chart to a PNG, SVG or PDF file")
    csub = chart.add_subparsers(dest="chart_command", metavar="CHART", required=True, parser_class=type(chart))
    p = csub.add_parser("week", help="each day's five nutrients as %% of target, with twitches below")
    p.add_argument("date", metavar="DATE", help="any day of the Monday-to-Sunday week (YYYY-MM-DD, today)")
    _common(p)
    p.set_defaults(handler=_week)
    p = csub.add_parser("trend", help="7-day average intake against targets over weeks or months, with twitches")
    p.add_argument("--from", dest="start", required=True, metavar="DATE")
    p.add_argument("--to", dest="end", required=True, metavar="DATE")
    p.add_argument("--water-caffeine", action="store_true", help="add a panel of water and caffeine per day")
    _common(p)
    p.set_defaults(handler=_trend)
    p = csub.add_parser("calendar", help="a month's days coloured by adequacy, twitch days marked")
    p.add_argument("month", metavar="YYYY-MM")
    _common(p)
    p.set_defaults(handler=_calendar)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", required=True, metavar="FILE", help="where to write: FILE.png, FILE.svg or FILE.pdf")
    p.add_argument("--theme", choices=THEMES, default="light", help="colours (default light)")


def _week(args: argparse.Namespace) -> int:
    from nutrigap.services.charts import check_chart_path, save_chart, week_chart

    out = check_chart_path(args.out)
    with context() as ctx:
        fig = week_chart(ctx, args.date, theme=args.theme)
        note_default_profile(ctx)  # after the work: an error prints only itself
    print(f"wrote {save_chart(fig, out)}")
    return 0


def _trend(args: argparse.Namespace) -> int:
    from nutrigap.services.charts import check_chart_path, check_trend_period, save_chart, trend_chart

    out = check_chart_path(args.out)
    start, end = check_trend_period(args.start, args.end)
    with context() as ctx:
        fig = trend_chart(ctx, start, end, overlay_water_caffeine=args.water_caffeine, theme=args.theme)
        note_default_profile(ctx)  # after the work: an error prints only itself
    print(f"wrote {save_chart(fig, out)}")
    return 0


def _calendar(args: argparse.Namespace) -> int:
    from nutrigap.services.charts import calendar_chart, check_chart_path, parse_month, save_chart

    out = check_chart_path(args.out)
    year, month = parse_month(args.month)
    with context() as ctx:
        fig = calendar_chart(ctx, year, month, theme=args.theme)
        note_default_profile(ctx)  # after the work: an error prints only itself
    print(f"wrote {save_chart(fig, out)}")
    return 0
