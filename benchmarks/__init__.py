"""Timing benchmarks: they print numbers and never assert them (``make bench``, ``make bench-quick``)."""
