# NutriGap: `make run` starts the app, `make test` runs every check. Both install what is missing first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LINT_PATHS := nutrigap tests scripts $(wildcard benchmarks)

.PHONY: run test lint typecheck bench bench-quick screenshots clean

$(STAMP): pyproject.toml scripts/bootstrap.sh
	@sh scripts/bootstrap.sh "$(PYTHON)" "$(VENV)"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/nutrigap

lint: $(STAMP)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks --quick

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
