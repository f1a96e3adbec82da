# Two commands do everything on a fresh machine with Python >= 3.11: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint samples clean draft-eval bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	@echo '$$ check samples/xinzhou-2025.xlsx --plan xinzhou'
	-@$(BIN)/check samples/xinzhou-2025.xlsx --plan xinzhou
	@echo
	@echo '$$ check samples/xinzhou-2025-binding-failures.xlsx --plan xinzhou --lang en'
	-@$(BIN)/check samples/xinzhou-2025-binding-failures.xlsx --plan xinzhou --lang en; echo "(exit code $$?)"

test: install
	$(BIN)/python -m pytest -q

lint: install
	$(BIN)/checker lint $(if $(wildcard ../shared/seeds),--seeds ../shared/seeds)

# Drafts each shipped plan from its document in ../shared/seeds and compares with the hand-made file.
draft-eval: install
	@test -d ../shared/seeds || { echo "make draft-eval needs the plan documents in ../shared/seeds (the five seed .txt files): not found" >&2; exit 2; }
	$(BIN)/python benchmarks/draft_eval.py ../shared/seeds

# Issue 17's four measures against openpyxl's raw load, python-calamine and frictionless beside (make bench N=300); README "Performance".
bench: install
	$(BIN)/python benchmarks/bench.py $(if $(N),-n $(N))
	$(BIN)/python benchmarks/scale.py $(if $(SCALE),--files $(SCALE))
	$(BIN)/python benchmarks/units_bench.py  # a 14-county city workbook against a single-area one (issue 14)

samples: install
	$(BIN)/python samples/make_samples.py

clean:
	rm -rf $(VENV) build *.egg-info
