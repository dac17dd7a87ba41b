"""The scope-semantics corpus: every program's trace must equal the one TensorFlow recorded.

In-process counterpart of ``shared/conformance/check.py``: one test per program of
``scopes_public.jsonl`` (test id = program id), run by ``interp.run_program(graphscope, program)``.
A program that raises out of the interpreter, or takes longer than 10 s, fails.
Format and rules: ``shared/conformance/README.md``; where the files come from: README.md here.
"""
import json
import os

import interp  # beside this file (conftest.py puts the folder on sys.path)
import pytest

import graphscope

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 10.0  # seconds per program, as check.py's default --timeout

with open(os.path.join(HERE, "scopes_public.jsonl")) as corpus:
    PROGRAMS = [json.loads(line) for line in corpus if line.strip()]

if hasattr(graphscope, "disable_eager_execution"):  # as check.py does, once
    graphscope.disable_eager_execution()


def event_diff(expected, actual, limit=40):
    """Lines comparing two traces event by event: '  ' same, '- ' expected, '+ ' actual.

    Behaves as ``event_diff`` in ``shared/conformance/check.py``.
    """
    lines = []
    for i in range(max(len(expected), len(actual))):
        e = expected[i] if i < len(expected) else None
        a = actual[i] if i < len(actual) else None
        if e == a:
            lines.append(f"    {i:3d}   {json.dumps(e)}")
        else:
            if e is not None:
                lines.append(f"  - {i:3d}   {json.dumps(e)}")
            if a is not None:
                lines.append(f"  + {i:3d}   {json.dumps(a)}")
    more = [f"    ... ({len(lines) - limit} more lines)"] if len(lines) > limit else []
    return lines[:limit] + more


@pytest.mark.parametrize("program", PROGRAMS, ids=[p["id"] for p in PROGRAMS])
def test_scopes_program(program, time_limit):
    with time_limit(TIMEOUT):
        trace = interp.run_program(graphscope, {"id": program["id"], "body": program["body"]})
    # check.py's worker sends the trace as JSON (objects it cannot encode become their repr),
    # so tuples compare as lists; do the same.
    actual = json.loads(json.dumps(trace, default=repr))
    if actual != program["expected"]:
        tags = ", ".join(program.get("tags", []))
        heading = f"{program['id']} ({tags}): trace differs from TensorFlow's ('-' expected, '+' actual)"
        body = f"  program: {json.dumps(program['body'])}"
        diff = event_diff(program["expected"], actual)
        pytest.fail("\n".join([heading, body, *diff]), pytrace=False)
