# The two entry points of the README: `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
# DVC runs stage commands in a shell: the venv's console scripts must be on PATH.
export PATH := $(abspath $(BIN)):$(PATH)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup demo test lint bench clean

setup:
	@bash scripts/setup.sh

## Run the whole DVC pipeline on the demo corpus: results in reports/demo/
demo: setup
	dvc repro
	@echo "Results: reports/demo/ -- open reports/demo/report.html"

## Run the test suite (installs what it needs first)
test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench

bench: setup
	$(BIN)/python bench/extraction.py

clean:
	rm -rf data reports .dvc/tmp .dvc/cache
