"""Rewrite numeric_known_failures.txt from a fresh run of the numeric corpus.

    .venv/bin/python tests/conformance/update_known_failures.py

Runs every program the way test_numeric_corpus.py does and lists those that fail. Run it when a
change makes programs pass (strict xfails then fail the suite) and review the diff: the list should
only ever shrink.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", ".."))

import test_numeric_corpus as corpus  # noqa: E402
from numeric_compare import compare, forward_only, program_tolerance  # noqa: E402

import graphscope  # noqa: E402


def failing_ids() -> list[str]:
    failing = []
    for program in corpus.PROGRAMS:
        checked = program if corpus.GRADIENTS_IMPLEMENTED else forward_only(program)
        if checked is None:
            continue
        try:
            actual = corpus.numeric_interp.run_program(graphscope, checked)
            problems, _ = compare(checked, checked["expected"], actual, program_tolerance(checked))
        except Exception as exc:  # a crash is a failure
            problems = [repr(exc)]
        if problems:
            failing.append(program["id"])
    return failing


def main() -> int:
    path = os.path.join(HERE, "numeric_known_failures.txt")
    with open(path) as f:
        header = [line for line in f if line.startswith("#")]
    failing = failing_ids()
    with open(path, "w") as f:
        f.writelines(header)
        f.writelines(program_id + "\n" for program_id in failing)
    print("%d programs listed as known failures" % len(failing))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
