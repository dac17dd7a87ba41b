"""Which steps of an execution plan may write their result into an input array (``out=``).

A plan (:mod:`graphscope.executor`) runs steps ``(fn, n, a, b, out)`` over a list of slots. A step
whose function is a numpy ufunc can write its result into one of its operands' arrays instead of
making a new one, when that array

* was made by a step of this run (a ufunc's or a ``MatMul``'s fresh result: not a constant, a feed,
  a variable's value or a view of one of those),
* is read only by steps that cannot keep a view of it (ufuncs and ``MatMul``s), is not fetched, and
  this step is its last reader,
* has the result's dtype (a number) and static shape, where broadcasting cannot grow an unknown dim.

Nothing else can see such an array, so overwriting it changes no value the run computes or returns;
for large tensors it saves a new array's memory and the page faults of first touching it. The step
gets ``n`` = 3 (write into the first operand), 4 (into the second) or 5 (a unary step into its
operand). Relu, ``maximum(0, x)``, counts as a unary ufunc: its kernel is the ufunc with the zero
bound by ``functools.partial``.

>>> import graphscope as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     x = tf.placeholder(tf.float32, [None, 3], name="x")
...     y = tf.nn.relu(tf.matmul(x, tf.ones([3, 3])) + 1.0)
>>> plan = tf.Session(graph=g).plan_for(y, {x: [[1.0, 2.0, 3.0]]})
>>> [(op.type, step[1]) for op, step in zip(plan.ops, plan._steps)]
[('MatMul', 2), ('AddV2', 3), ('Relu', 5)]
"""
from __future__ import annotations

import functools

import numpy as np

__all__ = ["write_into_dead_inputs"]

INTO_FIRST, INTO_SECOND, INTO_OPERAND = 3, 4, 5  # the step codes this module adds
_FRESH_RESULT_TYPES = frozenset(("MatMul",))  # op types whose kernel returns a new array (np.matmul)


def ufunc_operands(fn) -> int:
    """How many operands step function ``fn`` takes if it is a one-output numpy ufunc (leading
    operands may be bound by ``functools.partial``); 0 for any other function."""
    if type(fn) is np.ufunc:
        return fn.nin if fn.nout == 1 else 0
    if type(fn) is functools.partial and type(fn.func) is np.ufunc and not fn.keywords and fn.func.nout == 1:
        return fn.func.nin - len(fn.args)
    return 0


def write_into_dead_inputs(steps: list, op_of_slot: dict, fetched_slots) -> list:
    """``steps`` with each ufunc step that can reuse an operand's array (see the module) recoded to
    do so. ``op_of_slot`` gives the op of each step's output slot (its static shapes and dtypes)."""
    operands = [ufunc_operands(step[0]) for step in steps]
    readers: dict[int, list] = {}
    for i, (fn, n, a, b, out) in enumerate(steps):
        for slot in (a, b) if n == 2 else (a,) if n == 1 else a if n == -1 else ():
            readers.setdefault(slot, []).append(i)
    keeps_no_view = [bool(operands[i]) or op_of_slot[step[4]]._type in _FRESH_RESULT_TYPES
                     for i, step in enumerate(steps)]
    fresh = {step[4] for i, step in enumerate(steps) if keeps_no_view[i]} - set(fetched_slots)
    recoded = list(steps)
    for i, (fn, n, a, b, out) in enumerate(steps):
        if operands[i] != n or n not in (1, 2):
            continue
        op = op_of_slot[out]
        for position, slot in enumerate((a, b)[:n]):
            if (slot in fresh and readers[slot][-1] == i and all(keeps_no_view[r] for r in readers[slot])
                    and _result_fits(op, position)):
                recoded[i] = (fn, INTO_OPERAND if n == 1 else INTO_FIRST + position, a, b, out)
                break
    return recoded


def _result_fits(op, position: int) -> bool:
    """Whether ``op``'s result always has the dtype and shape of its input ``position``: the same
    numeric dtype and static shape (rank >= 1), and no unknown dim that the other operand (unless it
    is the same tensor) could broadcast to another size."""
    result, operand = op._outputs[0], op._inputs[position]
    dims, dtype = result._dims, result._dtype
    if not dims or operand._dims != dims or operand._dtype is not dtype:
        return False
    if not (dtype.is_floating or dtype.is_integer or dtype.is_complex):
        return False
    if None in dims and len(op._inputs) == 2 and op._inputs[1 - position] is not operand:
        other = op._inputs[1 - position]._dims
        if other is None:
            return False
        offset = len(dims) - len(other)  # broadcasting aligns the trailing dims
        return all(d is not None or axis < offset or other[axis - offset] == 1 for axis, d in enumerate(dims))
    return True
