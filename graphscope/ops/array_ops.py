"""Array ops: constants, placeholders, identity, fill, and the shape-changing family.

Each op type is registered once with its shape/dtype rule, numpy kernel and gradient side by side.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     c = tf.constant([[1, 2], [3, 4]], name="c")
...     p = tf.placeholder(tf.float32, shape=[None, 3], name="p")
>>> c.op.type, c.dtype.name, c.shape.as_list(), p.shape.as_list()
('Const', 'int32', [2, 2], [None, 3])
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes
from graphscope.graph import get_default_graph
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope, to_numpy
from graphscope.ops.registry import register
from graphscope.shapes import as_shape

__all__ = ["constant", "placeholder", "placeholder_with_default", "identity", "fill", "zeros", "ones",
           "stop_gradient"]


def _const_infer(inputs, attrs):
    return [(attrs["dtype"], attrs["value"].shape)]


def _const_kernel(op):
    value = op._attrs["value"]
    return lambda: value


CONST = register("Const", infer=_const_infer, kernel=_const_kernel)


def make_const(array: np.ndarray, name: str = "Const", graph=None):
    """A Const op holding ``array`` (already converted with :func:`~graphscope.ops.core.to_numpy`)."""
    dtype = dtypes.as_dtype(array.dtype) if array.dtype != object else dtypes.string
    attrs = {"dtype": dtype, "value": array}
    return apply_op(CONST, [], attrs, name, graph=graph or get_default_graph())._outputs[0]


def constant(value, dtype=None, shape=None, name: str = "Const", verify_shape: bool = False):
    """A constant tensor (``tf.constant``), with TF1's rules for ``shape``: a scalar or a list shorter
    than the shape fills it (the last element repeats), a list of the same size is reshaped.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     t = tf.constant(7, shape=[2, 2])
    >>> t.op.get_attr("value").tolist()
    [[7, 7], [7, 7]]
    """
    dtype = dtypes.as_dtype(dtype) if dtype is not None else None
    array = to_numpy(value, dtype)
    if shape is not None:
        dims = as_shape(shape).as_list()
        if any(d is None for d in dims):
            raise ValueError("constant: shape %s must be fully defined." % (dims,))
        size = int(np.prod(dims, dtype=np.int64))
        if verify_shape and list(array.shape) != dims:
            raise TypeError("Expected Tensor's shape: %s, got %s." % (tuple(dims), array.shape))
        if array.size == size:
            array = array.reshape(dims)
        elif array.size > size:
            raise ValueError("Too many elements provided. Needed at most %d, but received %d" % (size, array.size))
        elif array.size == 0:
            raise ValueError("constant: cannot fill shape %s from an empty value." % (dims,))
        else:
            flat = array.reshape(-1)
            array = np.concatenate([flat, np.repeat(flat[-1:], size - flat.size)]).reshape(dims)
    return make_const(array, name)


def _placeholder_infer(inputs, attrs):
    return [(attrs["dtype"], attrs["shape"])]


def _placeholder_kernel(op):
    name = op._outputs[0]._name

    def must_feed():
        from graphscope.errors import InvalidArgumentError
        raise InvalidArgumentError(None, op, "You must feed a value for placeholder tensor '%s' with dtype "
                                   "%s%s" % (op._name, op._attrs["dtype"].name, _shape_note(op)))
    return must_feed


def _shape_note(op):
    dims = op._attrs["shape"]
    return "" if dims is None else " and shape [%s]" % ",".join("?" if d is None else str(d) for d in dims)


PLACEHOLDER = register("Placeholder", infer=_placeholder_infer, kernel=_placeholder_kernel)


def placeholder(dtype, shape=None, name: str | None = None):
    """A tensor to be fed at run time (``tf.placeholder``); ``shape`` may hold ``None`` dims."""
    dtype = dtypes.as_dtype(dtype)
    dims = as_shape(shape).as_tuple() if shape is not None else None
    return apply_op(PLACEHOLDER, [], {"dtype": dtype, "shape": dims}, name)._outputs[0]


def _identity_infer(inputs, attrs):
    attrs["T"] = inputs[0]._dtype.base_dtype
    return [(inputs[0]._dtype.base_dtype, inputs[0]._dims)]


IDENTITY = register("Identity", infer=_identity_infer, kernel=lambda op: lambda x: x,
                    gradient=lambda op, grad: [grad])


def identity(input, name: str | None = None):
    """The same value, as a new op (``tf.identity``); reading a variable this way gives its value."""
    if not hasattr(input, "_op") or not hasattr(input, "_value_index"):
        with op_scope(name, "Identity", [input]) as scope:
            input = convert_to_tensor(input, name="input")
            return apply_op(IDENTITY, [input], name=scope)._outputs[0]
    return apply_op(IDENTITY, [input], name=name)._outputs[0]


STOP_GRADIENT = register("StopGradient", infer=_identity_infer, kernel=lambda op: lambda x: x)


def stop_gradient(input, name: str | None = None):
    """The same value, through which no gradient flows (``tf.stop_gradient``)."""
    with op_scope(name, "StopGradient", [input]) as scope:
        input = convert_to_tensor(input, name="input")
        return apply_op(STOP_GRADIENT, [input], name=scope)._outputs[0]


def _placeholder_with_default_infer(inputs, attrs):
    return [(inputs[0]._dtype.base_dtype, attrs["shape"])]


PLACEHOLDER_WITH_DEFAULT = register("PlaceholderWithDefault", infer=_placeholder_with_default_infer,
                                    kernel=lambda op: lambda x: x, gradient=lambda op, grad: [grad])


def placeholder_with_default(input, shape, name: str | None = None):
    """A placeholder that gives ``input`` when it is not fed."""
    with op_scope(name, "PlaceholderWithDefault", [input]) as scope:
        input = convert_to_tensor(input, name="input")
        dims = as_shape(shape).as_tuple()
        if not as_shape(dims).is_compatible_with(input.shape):
            raise ValueError("placeholder_with_default: shape %s is not compatible with the default's "
                             "shape %s." % (as_shape(dims), input.shape))
        return apply_op(PLACEHOLDER_WITH_DEFAULT, [input], {"dtype": input.dtype.base_dtype, "shape": dims},
                        name=scope)._outputs[0]


def _fill_infer(inputs, attrs):
    dims_t, value = inputs
    if value._dims not in (None, ()):
        raise ValueError("fill: value must be a scalar, got shape %s." % value.shape)
    attrs["T"] = value._dtype.base_dtype
    attrs["index_type"] = dims_t._dtype
    const = dims_t._op._attrs.get("value") if dims_t._op._type == "Const" else None
    if const is not None:
        dims = tuple(int(d) for d in np.reshape(const, -1))
    else:
        rank = dims_t._dims[0] if dims_t._dims else None
        dims = None if rank is None else (None,) * rank
    return [(value._dtype.base_dtype, dims)]


def _fill_kernel(op):
    return lambda dims, value: np.full(tuple(np.reshape(dims, -1)), value, dtype=np.asarray(value).dtype)


FILL = register("Fill", infer=_fill_infer, kernel=_fill_kernel)


def fill(dims, value, name: str | None = None):
    """A tensor of shape ``dims`` filled with ``value`` (``tf.fill``)."""
    with op_scope(name, "Fill", [dims, value]) as scope:
        dims = convert_to_tensor(dims, name="dims")
        value = convert_to_tensor(value, name="value")
        return apply_op(FILL, [dims, value], name=scope)._outputs[0]


def _filled(value: int, shape, dtype, name: str, default_name: str):
    """``zeros``/``ones``: a Const when the shape is known and small (as TF does), else Fill."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    with op_scope(name, default_name, []) as scope:
        if hasattr(shape, "_op"):
            return fill(shape, constant(value, dtype=dtype), name=scope)
        dims = as_shape(shape).as_list() if not isinstance(shape, int) else [shape]
        np_dtype = object if dtype == dtypes.string else dtype.as_numpy_dtype
        fill_value = ("" if value == 0 else "1") if dtype == dtypes.string else value
        if int(np.prod(dims, dtype=np.int64)) < 1000:
            return make_const(np.full(dims, fill_value, dtype=np_dtype), scope)
        shape_t = constant(dims, dtype=dtypes.int32, name="shape_as_tensor")
        value_t = make_const(np.array(fill_value, dtype=np_dtype), "Const")
        return fill(shape_t, value_t, name=scope)


def zeros(shape, dtype=dtypes.float32, name: str | None = None):
    """A tensor of zeros (``tf.zeros``): a ``Const`` named 'zeros' for small known shapes."""
    return _filled(0, shape, dtype, name, "zeros")


def ones(shape, dtype=dtypes.float32, name: str | None = None):
    """A tensor of ones (``tf.ones``)."""
    return _filled(1, shape, dtype, name, "ones")
