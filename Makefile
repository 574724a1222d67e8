# The README's two commands. Each creates .venv (Python 3.12) and installs the project if needed.
PYTHON ?= $(shell command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench docs validate clean app calibrate sensitivity notebooks lock

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 12), "decertsim needs Python 3.12, found " + sys.version'
	$(PYTHON) -m venv $(VENV)

# constraints.txt pins every package to the versions the golden digests pass with (README,
# "Reproducibility"); pyproject.toml keeps the ranges a bare `pip install` accepts
$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $(STAMP)

## make lock: re-pin constraints.txt to the newest versions pyproject.toml allows (a fresh venv
## without constraints, frozen); then `make test` shows whether the golden digests still pass.
LOCK_VENV := .venv-lock
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/python -m pip install --quiet -e ".[dev]"
	{ sed -n '/^#/p' constraints.txt; $(LOCK_VENV)/bin/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf $(LOCK_VENV)

# numba compiles the model's kernels into its cache now, not on the first run (which would
# then peak at ~440 MiB instead of ~260; `decertsim warm`, runs/warm.py); again whenever a
# kernel's source changes (importing the model drops the stale cache: model/kernel_cache.py)
KERNEL_SOURCES := $(shell grep -l '@njit' model/*.py model/*/*.py agents/*.py 2>/dev/null)
WARMED := $(VENV)/.warmed
$(WARMED): $(STAMP) $(KERNEL_SOURCES)
	$(BIN)/python -m runs.warm
	touch $(WARMED)

## make run: the main job: compare every shipped regime (default experiment), print the summary.
run: $(WARMED)
	$(BIN)/decertsim compare compare_regimes --out results/compare

## make app: the browser app on http://127.0.0.1:8765/ (offline; Ctrl-C stops). PORT=N to change.
PORT ?= 8765
app: $(WARMED)
	$(BIN)/decertsim app --host 127.0.0.1 --port $(PORT)

## make test: lint, then the whole test suite (slow markers included), then the four notebooks
## top to bottom in their small mode (nbmake, DECERTSIM_SMALL=1: about 2.5 minutes together).
## No tests = failure.
test: $(WARMED)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q; status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	if [ $$status -ne 0 ]; then exit $$status; fi
	DECERTSIM_SMALL=1 $(BIN)/python -m pytest -q -p no:cacheprovider --nbmake notebooks/*.ipynb

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## make bench: the default run against Mesa's Epstein example, alternating in one process.
bench: $(WARMED)
	$(BIN)/python benchmarks/bench_vs_mesa.py

docs: $(STAMP)
	$(BIN)/python -m model.params > docs/PARAMETERS.md
	$(BIN)/python -m model.params.provenance_docs
	$(BIN)/python -m runs.validation_doc --registry-only

## make validate: the scorecard of the hindcast and of the status quo (10 seeds, 0.25 degree,
## 1.5-3.5 minutes on two cores); rewrites docs/VALIDATION.md's results and docs/validation/.
validate: $(WARMED)
	$(BIN)/python -m runs.validation_doc --seeds 10

## make calibrate: fit the priors' parameters to the hindcast to 2022 (ABC-SMC, 32 particles on
## 2 seeds each, a budget of 256 runs on the 0.25-degree grid: about 12 minutes on two idle cores,
## docs/VALIDATION.md; resumes after a kill), score in and out of sample, publish
## model/data/posterior.parquet and calibrated.toml. Same settings: runs.calibrate.MAKE_CALIBRATE.
calibrate: $(WARMED)
	$(BIN)/decertsim calibrate --budget 256 --particles 32 --seeds-per-particle 2 --workers 2 \
		--check-seeds 4 --out results/calibrate --publish

## make sensitivity: Sobol indices and PRIM boxes of the headline differences over the posterior
## (N = 16: 128 parameter sets x 3 regimes = 384 runs of 60 months and 24 noise runs, about 15
## minutes on two idle cores, docs/VALIDATION.md; resumes after a kill); publishes
## model/data/sensitivity.json.
sensitivity: $(WARMED)
	$(BIN)/python -m runs.sensitivity --n 16 --out results/sensitivity --workers 2 --publish

## make notebooks: the four notebooks top to bottom in full mode (the real budgets on the
## 0.25-degree grid; pytest's 300 s limit per test is lifted). calibration and sensitivity read a
## finished `make calibrate` / `make sensitivity` back from results/ in seconds, and otherwise run
## them first; validation about 5 and regime_comparison about 12 minutes on a busy two-core
## machine (docs/VALIDATION.md, "Notebooks"). Outputs are not written into the notebooks: open
## them in Jupyter to read them.
notebooks: $(WARMED)
	env -u DECERTSIM_SMALL $(BIN)/python -m pytest -q -p no:cacheprovider --timeout=0 \
		--nbmake --nbmake-timeout=7200 notebooks/calibration.ipynb notebooks/sensitivity.ipynb \
		notebooks/validation.ipynb notebooks/regime_comparison.ipynb

clean:
	rm -rf $(VENV) results .pytest_cache .ruff_cache
