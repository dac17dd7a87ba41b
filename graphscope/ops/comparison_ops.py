"""Comparisons (``equal``, ``less``, ...) and logical ops, and the operators ``< <= > >= ~ & | ^``.

Comparisons broadcast like arithmetic and give bool tensors; ``==`` and ``!=`` on tensors stay Python
identity tests, as in TF1 (use ``tf.equal``). NaN compares unequal to everything, itself included.
Every op here is not differentiable (TF's ``ops.NotDifferentiable``): gradients stop at them.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 3], name="x")
...     m = x > 0.5
>>> m.op.type, m.op.name, m.dtype.name, m.shape.as_list(), m.op.inputs[1].name
('Greater', 'Greater', 'bool', [None, 3], 'Greater/y:0')
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes
from graphscope.ops.core import apply_op, op_scope
from graphscope.ops.math_ops import (
    AllowedTypes, binary_infer, binary_op, binary_operator, broadcast_shape, typed_input, unary_op,
)
from graphscope.ops.registry import no_gradient, register
from graphscope.tensor import Tensor

__all__ = ["equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
           "logical_not", "logical_xor"]

ALL_TYPES = AllowedTypes("bfloat16, float16, float32, float64, uint8, uint16, uint32, uint64, int8, int16, "
                         "int32, int64, complex64, complex128, bool, string")
REAL_NUMBER_TYPES = AllowedTypes("float32, float64, int32, uint8, int16, int8, int64, bfloat16, uint16, float16, "
                                 "uint32, uint64")


def _compare_def(op_type, allowed, ufunc, gradient=no_gradient, extra_attrs=None):
    infer = binary_infer(op_type, allowed, out_dtype=dtypes.bool)
    if extra_attrs:
        def infer_with_attrs(inputs, attrs, _infer=infer):
            attrs.update(extra_attrs)
            return _infer(inputs, attrs)
        infer = infer_with_attrs
    return register(op_type, infer=infer, kernel=lambda op: ufunc, gradient=gradient)


# TF's Equal/NotEqual carry incompatible_shape_error (True: shapes that do not broadcast are an error).
EQUAL = _compare_def("Equal", ALL_TYPES, np.equal, extra_attrs={"incompatible_shape_error": True})
NOT_EQUAL = _compare_def("NotEqual", ALL_TYPES, np.not_equal, extra_attrs={"incompatible_shape_error": True})
LESS = _compare_def("Less", REAL_NUMBER_TYPES, np.less)
LESS_EQUAL = _compare_def("LessEqual", REAL_NUMBER_TYPES, np.less_equal)
GREATER = _compare_def("Greater", REAL_NUMBER_TYPES, np.greater)
GREATER_EQUAL = _compare_def("GreaterEqual", REAL_NUMBER_TYPES, np.greater_equal)


def equal(x, y, name: str | None = None) -> Tensor:
    """``x == y`` elementwise, as bool (``tf.equal``; ``equal(nan, nan)`` is False).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.equal(tf.constant([1.0, float("nan")]), tf.constant([1.0, float("nan")]))))
    [ True False]
    """
    return binary_op(EQUAL, x, y, name, "Equal")


def not_equal(x, y, name: str | None = None) -> Tensor:
    """``x != y`` elementwise, as bool (``tf.not_equal``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.not_equal(tf.constant([1, 2]), 2)))
    [ True False]
    """
    return binary_op(NOT_EQUAL, x, y, name, "NotEqual")


def less(x, y, name: str | None = None) -> Tensor:
    """``x < y`` elementwise, as bool (``tf.less``; the ``<`` operator).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.less(tf.constant([1, 2, 3]), 2)))
    [ True False False]
    """
    return binary_op(LESS, x, y, name, "Less")


def less_equal(x, y, name: str | None = None) -> Tensor:
    """``x <= y`` elementwise, as bool (``tf.less_equal``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.less_equal(tf.constant([1, 2, 3]), 2)))
    [ True  True False]
    """
    return binary_op(LESS_EQUAL, x, y, name, "LessEqual")


def greater(x, y, name: str | None = None) -> Tensor:
    """``x > y`` elementwise, as bool (``tf.greater``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.greater(tf.constant([1.0, 2.5]), 2.0)))
    [False  True]
    """
    return binary_op(GREATER, x, y, name, "Greater")


def greater_equal(x, y, name: str | None = None) -> Tensor:
    """``x >= y`` elementwise, as bool (``tf.greater_equal``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.greater_equal(tf.constant([1, 2, 3]), 2)))
    [False  True  True]
    """
    return binary_op(GREATER_EQUAL, x, y, name, "GreaterEqual")


# -- logical ops (bool only) ---------------------------------------------------------------------------

def _bool_input_check(op_type, param, t):
    if t._dtype.base_dtype is not dtypes.bool:
        raise TypeError("Input '%s' of '%s' Op has type %s that does not match expected type of bool."
                        % (param, op_type, t._dtype.base_dtype.name))


def _logical_binary_infer(op_type):
    def infer(inputs, attrs):
        x, y = inputs
        _bool_input_check(op_type, "x", x)
        _bool_input_check(op_type, "y", y)
        return [(dtypes.bool, broadcast_shape(op_type, x, y))]
    return infer


def _logical_not_infer(inputs, attrs):
    _bool_input_check("LogicalNot", "x", inputs[0])
    return [(dtypes.bool, inputs[0]._dims)]


LOGICAL_AND = register("LogicalAnd", infer=_logical_binary_infer("LogicalAnd"), kernel=lambda op: np.logical_and,
                       gradient=no_gradient)
LOGICAL_OR = register("LogicalOr", infer=_logical_binary_infer("LogicalOr"), kernel=lambda op: np.logical_or,
                      gradient=no_gradient)
LOGICAL_NOT = register("LogicalNot", infer=_logical_not_infer, kernel=lambda op: np.logical_not,
                       gradient=no_gradient)


def _logical(op_def, x, y, name, default_name):
    if type(x) is Tensor and type(y) is Tensor:
        return apply_op(op_def, [x, y], name=default_name if name is None else name)._outputs[0]
    with op_scope(name, default_name, [x, y]) as scope:
        x = typed_input(x, dtypes.bool, "x", op_def.type)
        y = typed_input(y, dtypes.bool, "y", op_def.type)
        return apply_op(op_def, [x, y], name=scope)._outputs[0]


def logical_and(x, y, name: str | None = None) -> Tensor:
    """``x and y`` elementwise for bool tensors (``tf.logical_and``; the ``&`` operator).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.logical_and(tf.constant([True, True]), tf.constant([True, False]))))
    [ True False]
    """
    return _logical(LOGICAL_AND, x, y, name, "LogicalAnd")


def logical_or(x, y, name: str | None = None) -> Tensor:
    """``x or y`` elementwise for bool tensors (``tf.logical_or``; the ``|`` operator).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.logical_or(tf.constant([False, False]), tf.constant([True, False]))))
    [ True False]
    """
    return _logical(LOGICAL_OR, x, y, name, "LogicalOr")


def logical_not(x, name: str | None = None) -> Tensor:
    """``not x`` elementwise for a bool tensor (``tf.logical_not``; the ``~`` operator).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.logical_not(tf.constant([True, False]))))
    [False  True]
    """
    if type(x) is not Tensor:
        with op_scope(name, "LogicalNot", [x]) as scope:
            return unary_op(LOGICAL_NOT, typed_input(x, dtypes.bool, "x", "LogicalNot"), scope, "LogicalNot")
    return unary_op(LOGICAL_NOT, x, name, "LogicalNot")


def logical_xor(x, y, name: str = "LogicalXor") -> Tensor:
    """``x != y`` for bool tensors (``tf.logical_xor``): TF builds it as ``(x | y) & ~(x & y)``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.logical_xor(tf.constant([True, True, False]), tf.constant([True, False, False]))))
    [False  True False]
    """
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


def _install_operators():
    # Comparisons are the generated op functions themselves: `x < 2` is an op named 'Less' whose
    # constant is 'Less/y'; `2 < x` becomes `x > 2` (Python's reflection), an op named 'Greater'.
    for method, func in (("lt", less), ("le", less_equal), ("gt", greater), ("ge", greater_equal)):
        Tensor._override_operator("__%s__" % method, lambda self, other, _f=func: _f(self, other))
    for method, func in (("and", logical_and), ("or", logical_or), ("xor", logical_xor)):
        forward, reflected = binary_operator(lambda x, y, name, _f=func: _f(x, y, name=name), method)
        Tensor._override_operator("__%s__" % method, forward)
        Tensor._override_operator("__r%s__" % method, reflected)
    Tensor._override_operator("__invert__", lambda self: logical_not(self))


_install_operators()
