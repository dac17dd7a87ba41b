# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON  := .venv/bin/python
STAMP   := .venv/.installed
SHARED  ?= ../shared/conformance
# Extra arguments for the shared numeric checker, e.g. `make conformance NUMERIC_ARGS=--forward-only`.
NUMERIC_ARGS ?=

.PHONY: venv demo test conformance clean

venv: $(STAMP)

# (Re)install only when pyproject.toml is newer than the stamp.
$(STAMP): pyproject.toml
	test -x .venv/bin/pip || python3 -m venv .venv
	.venv/bin/pip install -q -e '.[dev,export-check]'
	touch $(STAMP)

demo: venv
	$(PYTHON) -m graphscope demo

# Unit tests, the golden conformance corpora (tests/conformance) and the package's doctests.
test: venv
	$(PYTHON) -m pytest tests graphscope --doctest-modules

# The shared checkers, when the shared folder sits beside this checkout; both run, either failing fails.
conformance: venv
	@if [ ! -d $(SHARED) ]; then echo "no $(SHARED): nothing to check"; exit 0; fi; \
	status=0; \
	PYTHONPATH=. $(PYTHON) $(SHARED)/check.py --corpus $(SHARED)/scopes_public.jsonl || status=1; \
	PYTHONPATH=. $(PYTHON) $(SHARED)/numeric_check.py --corpus $(SHARED)/numeric_public.jsonl $(NUMERIC_ARGS) || status=1; \
	exit $$status

clean:
	rm -rf .venv build dist *.egg-info .pytest_cache .hypothesis .ruff_cache out
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
