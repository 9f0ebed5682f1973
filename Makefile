# SIRAT -- `make run` starts the app, `make test` runs the whole suite.
# Both create the virtual environment and install the project on first use.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint bench clean demo

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m sirat

lint: $(STAMP)
	$(VENV)/bin/ruff check sirat tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: $(STAMP) lint
	$(PY) -m pytest -n 2 --dist loadfile

bench: $(STAMP)
	$(PY) -m sirat.bench $(BENCH_ARGS)

demo: $(STAMP)
	$(PY) -m sirat demo

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
