"""NutriGap benchmarks: run with `make bench` (full) or `make bench-quick`. Numbers are printed and written to
benchmarks/results.json; nothing here asserts a time (targets are compared and reported, not enforced)."""
