# NutriGap: `make run` starts the app, `make test` runs every check. Both install what is missing first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench bench-quick screenshots clean

$(STAMP): pyproject.toml scripts/bootstrap.sh
	@sh scripts/bootstrap.sh "$(PYTHON)" "$(VENV)"
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/nutrigap

lint: $(STAMP)
	$(BIN)/ruff check nutrigap tests benchmarks scripts
	$(BIN)/ruff format --check nutrigap tests benchmarks scripts
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# pytest runs beside a throw-away PostgreSQL server (scripts/with_postgres.sh) so the diary store is tested
# against PostgreSQL as well as SQLite; without PostgreSQL those tests are skipped with the reason.
test: $(STAMP) lint typecheck
	QT_QPA_PLATFORM=offscreen sh scripts/with_postgres.sh $(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks

bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks --quick

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
