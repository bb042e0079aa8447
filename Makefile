# Two commands for a fresh machine: `make site` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Independent seeds per experiment for the published site; also the default of
# `generator run --seeds` (generator.cli.SITE_SEEDS), so both fill the same cache entries.
SEEDS ?= 5
PRESET ?= book

export NO_MKDOCS_2_WARNING := 1

.PHONY: site results pages serve test bench screenshots lighthouse clean distclean

# dev pulls in the distributed extra (Dask), so make test covers --scheduler too.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## site: run every experiment (book preset, $(SEEDS) seeds; cached), then render and build site/
site: results pages

results: $(STAMP)
	$(BIN)/python -m generator run --preset $(PRESET) --seeds $(SEEDS)

pages: $(STAMP)
	$(BIN)/python -m generator site

## serve: preview the built site at http://127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/python -m generator serve

## test: the whole test suite (quick presets), in two processes (pytest-xdist); about 8 minutes on 2 cores
test: $(STAMP)
	$(BIN)/python -m pytest --numprocesses 2

## screenshots: full-page PNGs of every page, both languages, at 1280 and 390 px, in build/screenshots/
## (reads the built site/, builds nothing: run `make site` first; needs Chromium, as the browser tests do)
screenshots: $(STAMP)
	$(BIN)/python -m generator.site.screenshots --site site --out build/screenshots

## lighthouse: Lighthouse 12 (mobile, default throttling) over every page of the built site/, served
## gzipped as GitHub Pages serves it; reports in build/lighthouse/reports/. Optional: needs Node
## (npm installs Lighthouse into build/lighthouse) and Chromium (CHROME_PATH, default Debian's).
LIGHTHOUSE_VERSION := 12.8.2
CHROME_PATH ?= /usr/bin/chromium
lighthouse: $(STAMP)
	test -x build/lighthouse/node_modules/.bin/lighthouse || npm install --no-save --no-audit --no-fund --prefix build/lighthouse lighthouse@$(LIGHTHOUSE_VERSION)
	CHROME_PATH=$(CHROME_PATH) $(BIN)/python -m generator.site.lighthouse --site site --out build/lighthouse/reports

## bench: time the book workloads against a book-style reference; writes build/bench.json
bench: $(STAMP)
	$(BIN)/python -m generator bench

clean:
	rm -rf site site_src build/figures

distclean: clean
	rm -rf build $(VENV) *.egg-info
