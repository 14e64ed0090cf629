# make demo / make test / make bench: each creates .venv on first use and installs
# the core and every plugin under plugins/ into it, so a fresh clone needs only
# python3 and make.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := $(sort $(patsubst %/pyproject.toml,%,$(wildcard plugins/*/pyproject.toml)))
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: install demo test bench lint regenerate rule-pages screenshots clean

install: $(STAMP)

$(STAMP): pyproject.toml $(wildcard plugins/*/pyproject.toml)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install -e '.[test,studio,lsp,calendar]' $(addprefix -e ,$(PLUGINS))
	touch $@

demo: $(STAMP)
	@mkdir -p build/demo
	$(BIN)/protocolkit plugins
	$(BIN)/protocolkit compose --duration 60m --modality swedish --modality deep-tissue \
		--region upper-back --region neck -o build/demo/upper-back-neck-60.yaml --force
	$(BIN)/protocolkit validate build/demo/upper-back-neck-60.yaml examples
	$(BIN)/protocolkit show reflexology
	@# A client at 22 weeks on a prone-then-supine session: the verdict is "adapt", and screen exits 1 for it.
	-$(BIN)/protocolkit screen examples/legs-post-event-sports.yaml --intake examples/intakes/c-0215-pregnancy-second-trimester.yaml
	$(BIN)/protocolkit compose --duration 45m --modality swedish --modality deep-tissue --region hamstrings \
		--region calf --intake examples/intakes/c-0042-varicose-anticoagulants.yaml -o build/demo/c-0042.yaml --force
	$(BIN)/protocolkit screen build/demo/c-0042.yaml --intake examples/intakes/c-0042-varicose-anticoagulants.yaml
	$(BIN)/protocolkit curriculum report examples/curricula/elap-style-programme.yaml
	$(BIN)/protocolkit curriculum report examples/curricula/elap-style-programme.yaml --against all
	$(BIN)/protocolkit export examples/upper-back-deep-tissue-60.yaml --to html \
		--intake examples/intakes/c-0318-cancer-cleared.yaml -o build/demo/upper-back-deep-tissue-60.html --force
	$(BIN)/protocolkit plan summary examples/plans/upper-back-series.yaml --start 2027-01-04
	$(BIN)/protocolkit export examples/plans/upper-back-series.yaml --to html --start 2027-01-04 \
		-o build/demo/upper-back-series.html --force
	@echo "Start the studio over the examples: $(BIN)/protocolkit serve examples"

test: $(STAMP)
	$(BIN)/python -m pytest

# Bytecode first: pip compiles an installed wheel, but an editable install is
# compiled only on first import, and not at all under PYTHONDONTWRITEBYTECODE;
# start-up should be timed as users run it.
bench: $(STAMP)
	$(PIP) install -e '.[bench]'
	$(BIN)/python -m compileall -q src plugins
	$(BIN)/python bench/validate_throughput.py
	$(BIN)/python bench/studio_bench.py
	$(BIN)/python bench/lsp_bench.py
	$(BIN)/python bench/large_document.py

lint: $(STAMP)
	$(PIP) install -e '.[lint]'
	$(BIN)/python -m mypy --strict src/protocolkit
	$(BIN)/python -m ruff check src tests plugins bench

# After editing a schema: rewrite the generated quick checks (src/protocolkit/load/fastcheck_*.py).
regenerate: $(STAMP)
	$(BIN)/python -m protocolkit.load.regenerate

# After editing a rule's page (its what, why, example or fix): rewrite docs/rules/.
# Only the core's and this repository's plugins' pages: never one of a plugin installed beside them.
rule-pages: $(STAMP)
	$(BIN)/python -m protocolkit.report.rule_pages docs/rules $(notdir $(PLUGINS))

# The README's studio pictures, taken in Debian's chromium (see docs/studio_screenshots.py).
screenshots: $(STAMP)
	$(BIN)/python docs/studio_screenshots.py

clean:
	rm -rf $(VENV) build .pytest_cache
