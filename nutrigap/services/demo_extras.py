"""What the window adds to the demo diary so every page has something to show: a sample personal experiment
(magnesium at the RDA for the demo's last two weeks, compared with the two weeks before).

Kept apart from :mod:`nutrigap.services.demo`, which fills the diary itself; this only uses the public
experiments service and adds the experiment once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nutrigap.services.demo import demo_context
from nutrigap.services.experiments import ExperimentView, list_experiments, start_experiment

DEMO_EXPERIMENT = "magnesium-rda"
DEMO_EXPERIMENT_DAYS = 14


def add_demo_experiment(home: Path, end: dt.date) -> ExperimentView | None:
    """Start the sample experiment in the demo diary at ``home`` (its last 14 days up to ``end``), unless the
    demo already has an experiment; returns it, or None when nothing was added."""
    ctx = demo_context(home)
    try:
        if list_experiments(ctx):
            return None
        start = end - dt.timedelta(days=DEMO_EXPERIMENT_DAYS - 1)
        return start_experiment(
            ctx, DEMO_EXPERIMENT, nutrient="magnesium", target="RDA", days=DEMO_EXPERIMENT_DAYS, start=start
        )
    finally:
        ctx.close()
