"""Imports from other apps (issue #18): Cronometer, MyFitnessPal and any CSV food log with a column mapping.

The parsers (``cronometer``, ``myfitnesspal``, ``csv_mapped``) are pure Python over streamed CSV text: each
returns an :class:`~nutrigap.services.importers.plan.ImportPlan` (days, entries, foods, day notes, completed
flags, skipped rows with reasons) and writes nothing. ``apply`` writes a plan in one transaction after a backup,
lists imports and undoes one as a whole.
"""
