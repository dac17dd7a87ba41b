"""Math ops: elementwise arithmetic with TF's dtype rules and broadcasting, and the Python operators.

TF never promotes dtypes: ``int32 + float32`` is a TypeError naming both. Python numbers are
converted to the other operand's dtype (``2 * x`` is float32 for a float32 ``x``).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 3], name="x")
...     y = tf.add(x, 1.0)
...     z = x * 2
>>> y.name, y.shape.as_list(), z.name, z.op.inputs[1].name
('Add:0', [None, 3], 'mul:0', 'mul/y:0')
"""
from __future__ import annotations

import numpy as np

from graphscope.ops.core import apply_op, convert_to_tensor, is_tensor_like, op_scope
from graphscope.ops.registry import register
from graphscope.shapes import broadcast_dims
from graphscope.tensor import Tensor

__all__ = ["add", "subtract", "multiply"]


def elementwise_binary_infer(inputs, attrs, op_type="op"):
    """Shape/dtype rule of a broadcasting binary op: equal dtypes, numpy broadcasting."""
    x, y = inputs
    if x._dtype.base_dtype != y._dtype.base_dtype:
        raise TypeError("Input 'y' of '%s' Op has type %s that does not match type %s of argument 'x'."
                        % (op_type, y._dtype.base_dtype.name, x._dtype.base_dtype.name))
    dtype = x._dtype.base_dtype
    attrs["T"] = dtype
    try:
        dims = broadcast_dims(x._dims, y._dims)
    except ValueError as exc:
        raise ValueError("%s: %s (inputs %s and %s)" % (op_type, exc, x.name, y.name)) from None
    return [(dtype, dims)]


def _binary_def(op_type, kernel, gradient=None):
    return register(op_type, infer=lambda inputs, attrs: elementwise_binary_infer(inputs, attrs, op_type),
                    kernel=lambda op: kernel, gradient=gradient)


ADD_V2 = _binary_def("AddV2", np.add)
SUB = _binary_def("Sub", np.subtract)
MUL = _binary_def("Mul", np.multiply)


def binary_op(op_def, x, y, name, default_name):
    """Apply a binary op the way TF's op functions do: fast when both are Tensors, otherwise in an
    op scope where Python values become constants ``<scope>/y`` of the other operand's dtype."""
    if type(x) is Tensor and type(y) is Tensor:
        return apply_op(op_def, [x, y], name=default_name if name is None else name)._outputs[0]
    with op_scope(name, default_name, [x, y]) as scope:
        if is_tensor_like(x) or not is_tensor_like(y):
            x = convert_to_tensor(x, name="x")
            y = convert_to_tensor(y, dtype_hint=x.dtype.base_dtype, name="y")
        else:
            y = convert_to_tensor(y, name="y")
            x = convert_to_tensor(x, dtype_hint=y.dtype.base_dtype, name="x")
        return apply_op(op_def, [x, y], name=scope)._outputs[0]


def add(x, y, name: str | None = None):
    """``x + y`` elementwise, with broadcasting (``tf.add``; op type ``AddV2``, default name 'Add')."""
    return binary_op(ADD_V2, x, y, name, "Add")


def subtract(x, y, name: str | None = None):
    """``x - y`` elementwise (``tf.subtract``; op type ``Sub``)."""
    return binary_op(SUB, x, y, name, "Sub")


def multiply(x, y, name: str | None = None):
    """``x * y`` elementwise (``tf.multiply``; op type ``Mul``)."""
    return binary_op(MUL, x, y, name, "Mul")


def _operator(op_def, default_name, reflected=False):
    """A Tensor operator method: TF names operator ops in lower case ('add', 'mul') and converts the
    other operand to the tensor's dtype."""

    def method(self, other):
        x, y = (other, self) if reflected else (self, other)
        with op_scope(None, default_name, [x, y]) as scope:
            if reflected:
                x = convert_to_tensor(x, dtype=y.dtype.base_dtype, name="x")
            else:
                y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
            return apply_op(op_def, [x, y], name=scope)._outputs[0]

    return method


def _override_operators():
    for op_def, op_name, method in ((ADD_V2, "add", "add"), (SUB, "sub", "sub"), (MUL, "mul", "mul")):
        Tensor._override_operator("__%s__" % method, _operator(op_def, op_name))
        Tensor._override_operator("__r%s__" % method, _operator(op_def, op_name, reflected=True))


_override_operators()
