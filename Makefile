# briefgen: `make demo` builds the sample briefing, `make test` runs lint and the tests.
# Both set everything up from nothing: system libraries (Debian), a venv, the package.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SYSTEM_STAMP := $(VENV)/.system-deps

.PHONY: demo test test-fast lint pytest docs bench setup system-deps clean train-quotes train-guard locales

setup: $(STAMP)

# WeasyPrint needs Pango (and fonts); install them with apt when they are missing: DejaVu for
# Latin, Greek and Cyrillic, Noto core (Arabic, Hebrew, Devanagari, Thai ...) and Noto CJK
# (Chinese, Japanese, Korean) so that a PDF in any script shows no empty boxes. epubcheck
# (Java) validates the EPUB output in tests/test_epub.py.
$(SYSTEM_STAMP): Makefile
	@if ! ldconfig -p | grep -q 'libpango-1.0.so' || ! ldconfig -p | grep -q 'libpangoft2-1.0.so' \
	    || ! ldconfig -p | grep -q 'libharfbuzz-subset.so' || ! command -v pdftoppm >/dev/null \
	    || ! fc-list 2>/dev/null | grep -qi 'dejavu' || ! [ -f /usr/share/java/epubcheck.jar ] \
	    || ! fc-list :lang=zh 2>/dev/null | grep -qi 'noto sans cjk' \
	    || ! fc-list :lang=ar 2>/dev/null | grep -qi 'noto naskh arabic'; then \
	  echo "Installing WeasyPrint's system libraries and fonts with apt-get"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -q && $$SUDO apt-get install -y -q --no-install-recommends \
	    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core poppler-utils \
	    fonts-noto-core fonts-noto-cjk epubcheck; \
	fi
	@mkdir -p $(VENV) && touch $@

$(STAMP): pyproject.toml | $(SYSTEM_STAMP)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# The CPU build of PyTorch first: left to itself pip would pull the CUDA build (GBs).
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

system-deps: $(SYSTEM_STAMP)

# The quotes' speaker model (briefgen/quotes/speaker_model.json), fitted on PolNeAR train
# (../shared/eval/quotes.train.jsonl) with scikit-learn, which only training needs.
train-quotes: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python benchmarks/train_quotes.py

# The faithfulness guard's learned check (briefgen/faithfulness/guard_model.json), fitted on
# ../shared/eval/faithfulness.dev.jsonl and compared with the rules by nested cross-validation.
train-guard: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python benchmarks/train_guard.py --save

# The reader's language (--locale): extract the text of the templates and the template
# context (babel.cfg) into briefgen/locales/briefgen.pot, merge it into every language's
# briefgen.po, and compile the .mo files the package ships. Translate the new entries in
# each .po (English too: msgstr as the msgid), then run it again. A new language:
#   $(BIN)/pybabel init -i briefgen/locales/briefgen.pot -d briefgen/locales -D briefgen -l it
LOCALES := briefgen/locales
locales: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output --no-wrap --project briefgen \
	  --copyright-holder "the briefgen authors" -o $(LOCALES)/briefgen.pot .
	$(BIN)/pybabel update -i $(LOCALES)/briefgen.pot -d $(LOCALES) -D briefgen --no-wrap \
	  --no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d $(LOCALES) -D briefgen --statistics

demo: $(STAMP)
	$(BIN)/briefgen build samples/ --out out/ --format html,pdf,md,json --title "briefgen demo briefing"
	@echo "Open out/briefing-$$(date +%F).html or out/briefing-$$(date +%F).pdf"

lint: $(STAMP)
	$(BIN)/ruff check briefgen tests benchmarks
	$(BIN)/ruff format --check briefgen tests benchmarks
	$(BIN)/mypy briefgen
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest -q

# The manual (docs/, MkDocs with the Material theme) into site/; --strict fails on a broken
# link or a page left out. docs/hooks.py makes the key table and the CLI reference from the code.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

test: lint docs pytest

# The fast lane while working: no subprocess, Ray, crash or model tests (`make test` runs all).
test-fast: $(STAMP)
	$(BIN)/pytest -q -m "not slow"

bench: $(STAMP)
	$(BIN)/python benchmarks/languages.py
	$(BIN)/python benchmarks/model_paths.py
	$(BIN)/python benchmarks/quotes_eval.py
	$(BIN)/python benchmarks/quotes_intl_eval.py
	$(BIN)/python benchmarks/quality.py
	$(BIN)/python benchmarks/faithfulness_eval.py
	$(BIN)/python benchmarks/dedupe_eval.py
	$(BIN)/python benchmarks/extraction_eval.py
	$(BIN)/python benchmarks/render_speed.py
	$(BIN)/python benchmarks/editions_scale.py
	$(BIN)/python benchmarks/speed.py

clean:
	rm -rf $(VENV) out site build dist .pytest_cache .mypy_cache .ruff_cache benchmarks/results
