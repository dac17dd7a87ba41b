"""``add_n``, ``clip_by_value`` and the Python operators on tensors (``x + y``, ``2 * x``, ``-x``,
``x @ y``, ...), built from the elementwise ops of :mod:`graphscope.ops.math_ops`.

``AddN`` is registered here; importing :mod:`graphscope.ops.math_ops` imports this module, which
installs the operators on :class:`~graphscope.tensor.Tensor` (TF's ``_OverrideBinaryOperatorHelper``).
``math_ops`` re-exports ``add_n`` and ``clip_by_value``.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.constant([1.0, -2.0], name="x")
...     y, z, s = 2 * x, -x, tf.add_n([x, x])
...     print(y.name, z.name, s.name, tf.Session().run(y + s))
mul:0 Neg:0 AddN:0 [ 4. -8.]
"""
from __future__ import annotations

import collections.abc

import numpy as np

from graphscope import dtypes
from graphscope.ops.core import convert_to_tensor, op_scope
from graphscope.ops.math_ops import (
    ADD, ADD_V2, FLOOR_DIV, FLOOR_MOD, MUL, POW, SUB, _truediv, div, maximum, minimum,
)
from graphscope.ops.matmul_ops import matmul
from graphscope.ops.op_defs import (
    ADD_N_TYPES, _out, binary_operator, format_dims, kernel_error, typed_input, unary_op,
)
from graphscope.ops.registry import register
from graphscope.ops.unary_ops import ABS, NEG
from graphscope.tensor import Tensor

__all__ = ["add_n", "clip_by_value"]


# -- AddN ----------------------------------------------------------------------------------------------

def _merge_dims(a, b, index: int):
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b):
        raise ValueError("Shapes must be equal rank, but are %d and %d. From merging shape %d with other "
                         "shapes, for 'AddN' op." % (len(a), len(b), index))
    merged = []
    for i, (da, db) in enumerate(zip(a, b)):
        if da is not None and db is not None and da != db:
            raise ValueError("Dimension %d in both shapes must be equal, but are %d and %d. Shapes are %s and "
                             "%s. From merging shape %d with other shapes, for 'AddN' op."
                             % (i, da, db, format_dims(a), format_dims(b), index))
        merged.append(da if da is not None else db)
    return tuple(merged)


def _add_n_infer(inputs, attrs):
    dtype = inputs[0]._dtype.base_dtype
    if any(t._dtype.base_dtype is not dtype for t in inputs):
        raise TypeError("Tensors in list passed to 'inputs' of 'AddN' Op have types [%s] that don't all match."
                        % ", ".join(t._dtype.base_dtype.name for t in inputs))
    ADD_N_TYPES.check("inputs", dtype)
    dims = inputs[0]._dims
    for index, t in enumerate(inputs[1:]):
        dims = _merge_dims(dims, t._dims, index)
    attrs["N"] = len(inputs)
    attrs["T"] = dtype
    return [(dtype, dims)]


def _add_n_kernel(op):
    checked = all(t._dims is not None and None not in t._dims for t in op._inputs)

    def add_n_values(*values):
        if not checked:
            shape = np.shape(values[0])
            for i, v in enumerate(values[1:], 1):
                if np.shape(v) != shape:
                    raise kernel_error(op, "Inputs to operation %s of type AddN must have the same size and shape. "
                                           "Input 0: %s != input %d: %s" % (op._name, format_dims(shape), i,
                                                                             format_dims(np.shape(v))))
        total = np.add(values[0], values[1])
        for v in values[2:]:
            total = np.add(total, v)
        return total

    return add_n_values


def _add_n_grad(op, grad):
    """Every input gets the gradient as it is (no broadcasting; IndexedSlices stay sparse)."""
    return [grad] * len(op._inputs)


ADD_N = register("AddN", infer=_add_n_infer, kernel=_add_n_kernel, gradient=_add_n_grad)


def add_n(inputs, name: str | None = None) -> Tensor:
    """The elementwise sum of a list of tensors of one dtype and shape (``tf.add_n``; no broadcasting).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     s = tf.add_n([tf.constant([1, 2]), tf.constant([3, 4]), tf.constant([5, 6])])
    ...     print(s.op.type, tf.Session().run(s))
    AddN [ 9 12]
    """
    if not inputs or not isinstance(inputs, collections.abc.Iterable):
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices with the same dtype "
                         "and shape.")
    inputs = [t if type(t) is Tensor else convert_to_tensor(t) for t in inputs]
    if len(inputs) == 1:
        if name:
            from graphscope.ops.array_ops import identity
            return identity(inputs[0], name=name)
        return inputs[0]
    return _out(ADD_N, inputs, "AddN" if name is None else name)


# -- clip_by_value -------------------------------------------------------------------------------------

def clip_by_value(t, clip_value_min, clip_value_max, name: str | None = None) -> Tensor:
    """``t`` clipped to ``[clip_value_min, clip_value_max]`` (``tf.clip_by_value``).

    As TF, this is ``maximum(minimum(t, max), min)``: when ``min > max`` every value becomes
    ``min``. Bounds may be tensors that broadcast to ``t``'s shape, but must not enlarge it.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     c = tf.clip_by_value(tf.constant([-2.0, 0.5, 3.0]), -1.0, 1.0)
    ...     print(c.op.name, c.op.inputs[0].op.name, tf.Session().run(c))
    clip_by_value clip_by_value/Minimum [-1.   0.5  1. ]
    """
    with op_scope(name, "clip_by_value", [t, clip_value_min, clip_value_max]) as scope:
        values = convert_to_tensor(t, name="t")
        t_min = minimum(values, clip_value_max)
        values.shape.assert_is_compatible_with(t_min.shape)
        t_max = maximum(t_min, clip_value_min, name=scope)
        values.shape.assert_is_compatible_with(t_max.shape)
    return t_max


# -- Python operators on Tensor ------------------------------------------------------------------------
# TF's _OverrideBinaryOperatorHelper: `x <op> y` opens a name scope named after the operator ('add',
# 'mul', 'truediv', ...) and calls the op function inside it, so the op takes that name; a Python
# value on the right is converted by that function, one on the left (``2 * x``) to the tensor's dtype.
# The functions below run inside that open scope: ``x`` is a Tensor, ``name`` the scope (or, for two
# Tensors, the operator's name, no scope needed).

def typed_binary(op_def):
    """``fn(x, y, name)`` applying ``op_def`` with a non-Tensor ``y`` converted to ``x``'s dtype exactly."""

    def apply_typed(x, y, name):
        if type(y) is not Tensor:
            y = typed_input(y, x._dtype.base_dtype, "y", op_def.type)
        return _out(op_def, [x, y], name)

    return apply_typed


def _add_operator(x, y, name):
    if type(y) is not Tensor:  # TF's _add_dispatch: y only prefers x's dtype
        y = convert_to_tensor(y, dtype_hint=x._dtype.base_dtype, name="y")
    return _out(ADD if x._dtype.base_dtype is dtypes.string else ADD_V2, [x, y], name)


def _install_operators():
    for op_name, func in (
            ("add", _add_operator), ("sub", typed_binary(SUB)), ("mul", typed_binary(MUL)), ("truediv", _truediv),
            ("floordiv", typed_binary(FLOOR_DIV)), ("mod", typed_binary(FLOOR_MOD)), ("pow", typed_binary(POW)),
            ("matmul", lambda x, y, name: matmul(x, y, name=name)), ("div", lambda x, y, name: div(x, y, name))):
        forward, reflected = binary_operator(func, op_name)
        Tensor._override_operator("__%s__" % op_name, forward)
        Tensor._override_operator("__r%s__" % op_name, reflected)
    Tensor._override_operator("__neg__", lambda self: unary_op(NEG, self, None, "Neg"))
    Tensor._override_operator("__abs__", lambda self: unary_op(ABS, self, None, "Abs"))
    # numpy arrays on the left defer to the tensor's reflected operators (np.ones(3) * x)
    Tensor._override_operator("__array_priority__", 100)


_install_operators()
