"""The numeric corpus: values, gradients and training steps must match what TensorFlow recorded.

In-process counterpart of ``shared/conformance/numeric_check.py``: one test per program of
``numeric_public.jsonl`` (test id = program id), run by ``numeric_interp.run_program(graphscope, program)``
and judged by ``numeric_compare.compare`` (the checker's own comparison, copied) with the program's
tolerances. A program that raises out of the interpreter, or takes longer than 20 s, fails.
Programs tagged ``subnormal`` are checked like the others. Format and tolerances:
``shared/conformance/NUMERIC.md``; where the files come from: README.md here.

Until graphscope has ``gradients``, each program is checked in its forward-only version (as
``numeric_check.py --forward-only`` does: no gradient requests, gradients dropped from the expected
results), and the programs that have nothing left to check then (training runs, and programs where
TensorFlow failed only after the forward part) are skipped with the reason.
"""
import json
import os

import numeric_interp  # beside this file (conftest.py puts the folder on sys.path)
import pytest
from numeric_compare import compare, forward_only, program_tolerance

import graphscope

HERE = os.path.dirname(os.path.abspath(__file__))
TIMEOUT = 20.0  # seconds per program, as numeric_check.py's default --timeout

# The switch: with no graphscope.gradients yet, check the forward parts alone.
GRADIENTS_IMPLEMENTED = hasattr(graphscope, "gradients")

with open(os.path.join(HERE, "numeric_public.jsonl")) as corpus:
    PROGRAMS = [json.loads(line) for line in corpus if line.strip()]

# Programs not passing yet, as xfail(strict=True): one that starts passing must leave the list.
with open(os.path.join(HERE, "numeric_known_failures.txt")) as known:
    KNOWN_FAILURES = {line.strip() for line in known if line.strip() and not line.startswith("#")}

if hasattr(graphscope, "disable_eager_execution"):  # as numeric_check.py does, once
    graphscope.disable_eager_execution()


def why_nothing_left(program):
    """Why a program has no forward-only version (``forward_only`` returned None)."""
    if "train" in program:
        return "training program: needs graphscope.gradients and train.GradientDescentOptimizer"
    stage = program["expected"]["at"]
    return f"TensorFlow fails only at stage {stage!r}, after the forward part: needs graphscope.gradients"


def cases():
    for program in PROGRAMS:
        marks = []
        if program["id"] in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(strict=True, reason="listed in numeric_known_failures.txt"))
        if GRADIENTS_IMPLEMENTED:
            yield pytest.param(program, id=program["id"], marks=marks)
            continue
        forward = forward_only(program)
        if forward is None:
            yield pytest.param(program, id=program["id"],
                               marks=pytest.mark.skip(reason=why_nothing_left(program)))
        else:
            yield pytest.param(forward, id=program["id"], marks=marks)


@pytest.mark.parametrize("program", list(cases()))
def test_numeric_program(program, time_limit):
    with time_limit(TIMEOUT):
        actual = numeric_interp.run_program(graphscope, program)
    problems, blamed = compare(program, program["expected"], actual, program_tolerance(program))
    if problems:
        heading = f"{program['id']} {program.get('tags', [])}"
        if "note" in program:
            heading += f"  ({program['note']})"
        if not GRADIENTS_IMPLEMENTED:
            heading += "  [forward part only: graphscope has no gradients yet]"
        lines = [heading] + ["    " + problem for problem in problems]
        if blamed:
            lines.append(f"    first wrong fetched value comes from op {blamed!r}")
        lines.append("    nodes: " + json.dumps(program["nodes"])[:600])
        pytest.fail("\n".join(lines), pytrace=False)
