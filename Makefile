# SIRAT -- `make run` starts the app, `make test` runs the whole suite.
# Both create the virtual environment and install the project on first use,
# from the committed lock (requirements.lock): the installed set is the tested set.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
LOCK   := requirements.lock
LATEST := .venv-latest

.PHONY: run test lint bench clean demo lock test-latest dist dist-check

$(STAMP): pyproject.toml $(LOCK)
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m sirat

lint: $(STAMP)
	$(VENV)/bin/ruff check sirat tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: $(STAMP) lint
	$(PY) -m pytest -n 2 --dist loadfile

# Refresh the lock after changing a range in pyproject.toml (one lock for Linux and Windows).
lock: $(STAMP)
	$(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	  --extra dev --extra dist -o $(LOCK) pyproject.toml

# The newest versions the ranges allow, in an environment of their own: breakage seen on purpose.
test-latest:
	rm -rf $(LATEST)
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[dev]'
	$(LATEST)/bin/python -m pip list --format=freeze > $(LATEST)/versions.txt
	$(LATEST)/bin/python -m pytest -n 2 --dist loadfile -p no:cacheprovider

# The desktop bundle: a self-contained folder (dist/sirat/) built by PyInstaller from the
# committed spec; dist-check runs it from outside the repository, without the venv.
dist: $(STAMP)
	rm -rf build/sirat dist/sirat
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN \
	  --distpath dist --workpath build packaging/sirat.spec
	@du -sh dist/sirat | sed 's/^/bundle size: /'

dist-check: dist
	packaging/dist_check.sh dist/sirat

bench: $(STAMP)
	$(PY) -m sirat.bench $(BENCH_ARGS)

demo: $(STAMP)
	$(PY) -m sirat demo

clean:
	rm -rf $(VENV) $(LATEST) .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
