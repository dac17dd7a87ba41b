"""How numeric results are compared with TensorFlow's: the comparison logic of the shared checker.

Copied unchanged from ``shared/conformance/numeric_check.py`` (the constants ``TOLERANCE`` and
``FORWARD_STAGES`` and the functions ``disagreeing``, ``close``, ``value_problem``,
``program_tolerance``, ``compare`` and ``forward_only``), so that the pytest runner
``test_numeric_corpus.py`` judges a program exactly as the checker does, without needing
``shared/`` at test time. When the shared checker changes, copy these again (see README.md here).

Floats agree when NaNs sit at the same places, infinities at the same places with the same signs, and every
finite element satisfies |actual - expected| <= atol * scale + rtol * |expected|, where scale is the largest
finite |expected| of that array (at least 1): float32 rtol 1e-5, atol 1e-6; float64 rtol 1e-9, atol 1e-12
(float32's in a program where anything is float32: a float64 value may have been computed in float32).
Ints and bools must be equal; dtypes and shapes must be equal; a None gradient must be None; an error must
have TensorFlow's exception type, kind and stage.
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
import numeric_interp as _interp  # the interpreter beside this file

decode = _interp.decode

TOLERANCE = {"float16": (1e-3, 1e-3), "float32": (1e-5, 1e-6), "float64": (1e-9, 1e-12)}  # dtype: (rtol, atol)
FORWARD_STAGES = ("build", "run")  # errors raised before any gradient is built or run


def disagreeing(expected, actual, rtol, atol):
    """Mask of the elements of two float arrays that disagree (see the module docstring)."""
    e, a = np.asarray(expected, dtype=np.float64), np.asarray(actual, dtype=np.float64)
    finite = np.isfinite(e)
    scale = max(1.0, float(np.abs(e[finite]).max())) if finite.any() else 1.0
    with np.errstate(invalid="ignore"):
        near = finite & np.isfinite(a) & (np.abs(a - e) <= atol * scale + rtol * np.abs(e))
    return ~(near | (np.isnan(e) & np.isnan(a)) | (np.isinf(e) & (a == e)))


def close(expected, actual, rtol, atol):
    return not disagreeing(expected, actual, rtol, atol).any()


def value_problem(expected, actual, where, tolerance=None):
    """How two encoded values differ, or None when they agree."""
    if expected is None or actual is None:
        if expected is actual:
            return None
        return f"{where}: expected {'None' if expected is None else 'a value'}, got {'None' if actual is None else 'a value'}"
    if not isinstance(actual, dict) or "dtype" not in actual:
        return f"{where}: got {str(actual)[:80]}"
    if expected["dtype"] != actual["dtype"] or expected["shape"] != actual["shape"]:
        return f"{where}: expected {expected['dtype']}{expected['shape']}, got {actual['dtype']}{actual['shape']}"
    e = decode({"value": expected["data"], "dtype": expected["dtype"]})
    a = decode({"value": actual["data"], "dtype": actual["dtype"]})
    if e.dtype.kind == "f":
        rtol, atol = (tolerance or TOLERANCE).get(e.dtype.name, TOLERANCE["float64"])
        wrong = disagreeing(e, a, rtol, atol)
    else:
        wrong = e != a
    if not wrong.any():
        return None
    at = tuple(int(i) for i in np.argwhere(wrong)[0])
    return f"{where}: {int(wrong.sum())} of {e.size} elements differ, e.g. at {at}: expected {e[at]!r}, got {a[at]!r}"


def program_tolerance(program, tolerance=None):
    """Tolerances for one program: where anything is float32, float64 results may carry float32 rounding
    (a value cast down and back up), so every float gets float32's tolerance."""
    tolerance = dict(tolerance or TOLERANCE)
    expected = program["expected"]
    values = expected.get("fetch", []) + [g for request in expected.get("grads", []) for g in request]
    values += expected.get("train", {}).get("losses", []) + expected.get("train", {}).get("vars", [])
    dtypes = {spec["dtype"] for spec in program["inputs"].values()} | {v["dtype"] for v in values if v}
    dtypes |= {v for n in program["nodes"] for k, v in n.get("attrs", {}).items() if k in _interp.DTYPE_ATTRS}
    if "float32" in dtypes:
        tolerance["float64"] = tolerance["float32"]
    return tolerance


def compare(program, expected, actual, tolerance=None):
    """(problems, op of the first fetched node whose value is wrong or None)."""
    if "error" in expected or "error" in actual:
        if "error" in expected and "error" in actual and expected["error"] == actual["error"] and expected["at"] == actual["at"]:
            return [], None
        want = f"{expected['error']} at {expected['at']}" if "error" in expected else "values"
        got = f"{actual['error']} at {actual['at']}: {actual.get('message', '')}" if "error" in actual else "values"
        return [f"expected {want}, got {got}"], None
    problems, blamed = [], None
    fetch = expected.get("fetch", [])
    ops = {n["id"]: n["op"] for n in program["nodes"]}
    if len(fetch) != len(actual.get("fetch", [])):
        problems.append(f"fetch: expected {len(fetch)} values, got {len(actual.get('fetch', []))}")
    else:
        for name, e, a in zip(program.get("fetch", []), fetch, actual["fetch"]):
            problem = value_problem(e, a, f"fetch {name}", tolerance)
            if problem:
                problems.append(problem)
                blamed = blamed or ops.get(name)
    for r, (exp, act) in enumerate(zip(expected.get("grads", []), actual.get("grads", []) + [None] * 99)):
        xs = program["grads"][r]["xs"]
        if act is None or len(exp) != len(act):
            problems.append(f"grads[{r}]: expected {len(exp)} gradients, got {act if act is None else len(act)}")
            continue
        problems += [p for x, e, a in zip(xs, exp, act) if (p := value_problem(e, a, f"d/d{x} (grads[{r}])", tolerance))]
    if "train" in expected:
        exp, act = expected["train"], actual.get("train") or {"losses": [], "vars": []}
        for key, names in (("losses", None), ("vars", program["train"]["vars"])):
            if len(exp[key]) != len(act.get(key, [])):
                problems.append(f"train {key}: expected {len(exp[key])}, got {len(act.get(key, []))}")
                continue
            for i, (e, a) in enumerate(zip(exp[key], act[key])):
                problem = value_problem(e, a, f"train {key} {names[i] if names else i}", tolerance)
                if problem:
                    problems.append(problem)
    return problems, blamed


def forward_only(program):
    """The program without gradients and training, or None when TF failed after the forward part."""
    expected = program["expected"]
    if "train" in program or ("error" in expected and expected["at"] not in FORWARD_STAGES):
        return None
    program = {k: v for k, v in program.items() if k != "grads"}
    program["expected"] = {k: v for k, v in expected.items() if k != "grads"}
    return program
