"""The nutrient engine: pandas only. Totals, DRI targets, IOM verdicts, weekly aggregates.

No Qt and no SQLAlchemy here: functions take DataFrames and plain dataclasses and return the same.
"""
