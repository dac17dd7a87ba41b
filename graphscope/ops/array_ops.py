"""Array ops: constants, placeholders, identity, filled tensors, shape queries and range.

Each op type is registered once with its shape/dtype rule, numpy kernel and gradient rule side by side
(TensorFlow's ``array_grad.py``). The rest of TensorFlow's ``array_ops`` lives beside this module and is
re-exported here: :mod:`~graphscope.ops.shape_ops` (reshape, transpose, ...),
:mod:`~graphscope.ops.join_ops` (stack, concat, split), :mod:`~graphscope.ops.slicing_ops` (``t[...]``,
slice) and :mod:`~graphscope.ops.indexing_ops` (gather, one_hot, where, masks).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     c = tf.constant([[1, 2], [3, 4]], name="c")
...     p = tf.placeholder(tf.float32, shape=[None, 3], name="p")
>>> c.op.type, c.dtype.name, c.shape.as_list(), p.shape.as_list()
('Const', 'int32', [2, 2], [None, 3])
"""
from __future__ import annotations

import builtins
import math
import numbers

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.ops.core import (  # noqa: F401 (CONST re-exported: the Const op lives beside convert_to_tensor)
    CONST, apply_op, convert_to_tensor, holds_tensor_like, make_const, op_scope, to_numpy,
)
from graphscope.ops.registry import no_gradient, register
from graphscope.ops.tensor_util import (
    check_dtype, constant_value, constant_value_as_shape, format_dims, shape_error,
    to_tensor,
)
from graphscope.shapes import as_shape
from graphscope.tensor import Tensor

__all__ = ["constant", "placeholder", "placeholder_with_default", "identity", "fill", "zeros", "ones",
           "stop_gradient", "zeros_like", "ones_like", "shape", "shape_n", "size", "rank", "range", "newaxis"]

newaxis = None  # ``x[tf.newaxis]`` inserts a dimension, as numpy's ``None``


def _num_elements(dims) -> int:
    """``int(np.prod(dims, dtype=np.int64))`` of known dims (TF's count, wrapping around past int64),
    without numpy's overhead.

    >>> _num_elements([2, 3]), _num_elements([]), _num_elements([2 ** 32, 2 ** 32])
    (6, 1, 0)
    """
    size = math.prod(dims)
    return size if -2 ** 63 <= size < 2 ** 63 else int(np.prod(dims, dtype=np.int64))


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
        size = _num_elements(dims)
        if verify_shape and list(array.shape) != dims:
            raise TypeError("Expected Tensor's shape: %s, got %s." % (tuple(dims), array.shape))
        if array.size == size:
            array = array.reshape(dims)
        elif array.size > size:
            raise ValueError("Too many elements provided. Needed at most %d, but received %d" % (size, array.size))
        elif array.size == 0:
            raise ValueError("constant: cannot fill shape %s from an empty value." % (dims,))
        else:  # the values, then the last one repeated
            filled = np.empty(size, dtype=array.dtype)
            filled[:array.size] = array.reshape(-1)
            filled[array.size:] = array.reshape(-1)[-1]
            array = filled.reshape(dims)
    return make_const(array, name)


def _placeholder_infer(inputs, attrs):
    return [(attrs["dtype"], attrs["shape"])]


def _placeholder_kernel(op):
    def must_feed():
        raise InvalidArgumentError(None, op, "You must feed a value for placeholder tensor '%s' with dtype "
                                   "%s%s" % (op._name, op._attrs["dtype"].name, _shape_note(op)))
    return must_feed


def _shape_note(op):
    dims = op._attrs["shape"]
    return "" if dims is None else " and shape [%s]" % ",".join("?" if d is None else str(d) for d in dims)


PLACEHOLDER = register("Placeholder", infer=_placeholder_infer, kernel=_placeholder_kernel, gradient=no_gradient)


def placeholder(dtype, shape=None, name: str | None = None):
    """A tensor to be fed at run time (``tf.placeholder``); ``shape`` may hold ``None`` dims.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, [None, 3], name="x")
    >>> x.name, x.shape.as_list()
    ('x:0', [None, 3])
    """
    dtype = dtypes.as_dtype(dtype)
    dims = as_shape(shape).as_tuple() if shape is not None else None
    return apply_op(PLACEHOLDER, [], {"dtype": dtype, "shape": dims}, name)._outputs[0]


def _identity_infer(inputs, attrs):
    attrs["T"] = inputs[0]._dtype.base_dtype
    return [(inputs[0]._dtype.base_dtype, inputs[0]._dims)]


def _pass_through_grad(op, grad):
    """Identity and PlaceholderWithDefault: the gradient passes unchanged (TF's ``_IdGrad``)."""
    return [grad]


IDENTITY = register("Identity", infer=_identity_infer, kernel=lambda op: lambda x: x, gradient=_pass_through_grad)


def identity(input, name: str | None = None):
    """The same value, as a new op (``tf.identity``); reading a variable this way gives its value.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     y = tf.identity([1.0, 2.0])
    >>> y.op.type, y.name, y.op.inputs[0].name
    ('Identity', 'Identity:0', 'Identity/input:0')
    """
    if not hasattr(input, "_op") or not hasattr(input, "_value_index"):
        with op_scope(name, "Identity", [input]) as scope:
            input = convert_to_tensor(input, name="input")
            return apply_op(IDENTITY, [input], name=scope)._outputs[0]
    return apply_op(IDENTITY, [input], name=name)._outputs[0]


STOP_GRADIENT = register("StopGradient", infer=_identity_infer, kernel=lambda op: lambda x: x,
                         gradient=no_gradient)


def stop_gradient(input, name: str | None = None):
    """The same value, through which no gradient flows (``tf.stop_gradient``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     y = tf.stop_gradient(tf.constant(1.0))
    >>> y.op.type
    'StopGradient'
    """
    with op_scope(name, "StopGradient", [input]) as scope:
        input = convert_to_tensor(input, name="input")
        return apply_op(STOP_GRADIENT, [input], name=scope)._outputs[0]


def _placeholder_with_default_infer(inputs, attrs):
    return [(inputs[0]._dtype.base_dtype, attrs["shape"])]


PLACEHOLDER_WITH_DEFAULT = register("PlaceholderWithDefault", infer=_placeholder_with_default_infer,
                                    kernel=lambda op: lambda x: x, gradient=_pass_through_grad)


def placeholder_with_default(input, shape, name: str | None = None):
    """A placeholder that gives ``input`` when it is not fed.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     p = tf.placeholder_with_default([1, 2], shape=[None])
    >>> p.op.type, p.shape.as_list()
    ('PlaceholderWithDefault', [None])
    """
    with op_scope(name, "PlaceholderWithDefault", [input]) as scope:
        input = convert_to_tensor(input, name="input")
        dims = as_shape(shape).as_tuple()
        if not as_shape(dims).is_compatible_with(input.shape):
            raise ValueError("placeholder_with_default: shape %s is not compatible with the default's "
                             "shape %s." % (as_shape(dims), input.shape))
        return apply_op(PLACEHOLDER_WITH_DEFAULT, [input], {"dtype": input.dtype.base_dtype, "shape": dims},
                        name=scope)._outputs[0]


# -- Fill, zeros, ones, zeros_like, ones_like ----------------------------------------------------------

def _fill_infer(inputs, attrs):
    dims_t, value = inputs
    attrs["T"] = value._dtype.base_dtype
    attrs["index_type"] = check_dtype("Fill", "dims", dims_t)
    if dims_t._dims is not None and len(dims_t._dims) != 1:
        raise shape_error("Fill", "Shape must be rank 1 but is rank %d (dims)" % len(dims_t._dims), inputs)
    if value._dims not in (None, ()):
        raise shape_error("Fill", "Shape must be rank 0 but is rank %d (value must be a scalar)"
                          % len(value._dims), inputs)
    dims = constant_value_as_shape(dims_t)
    if dims is not None and any(d is not None and d < 0 for d in dims):
        raise shape_error("Fill", "Fill dimensions must be >= 0, got %s" % format_dims(dims), inputs)
    return [(value._dtype.base_dtype, dims)]


def _fill_kernel(op):
    def fill_kernel(dims, value):
        dims = tuple(np.reshape(dims, -1).tolist())
        if any(d < 0 for d in dims):
            raise InvalidArgumentError(None, op, "dims must be non-negative, got %s" % (list(dims),))
        return np.full(dims, value, dtype=value.dtype)
    return fill_kernel


def _fill_grad(op, grad):
    """The value's gradient is the sum of the output's; the dims get none."""
    from graphscope.ops.math_ops import reduce_sum
    return [None, reduce_sum(grad)]


FILL = register("Fill", infer=_fill_infer, kernel=_fill_kernel, gradient=_fill_grad)


def fill(dims, value, name: str | None = None):
    """A tensor of shape ``dims`` filled with the scalar ``value`` (``tf.fill``; int32 for a Python int).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     t = tf.fill([2, 3], 9)
    >>> t.op.type, t.dtype.name, t.shape.as_list(), t.op.inputs[0].name
    ('Fill', 'int32', [2, 3], 'Fill/dims:0')
    """
    with op_scope(name, "Fill", [dims, value]) as scope:
        dims = to_tensor(dims, name="dims", dtype_hint=dtypes.int32)
        value = convert_to_tensor(value, name="value")
        return apply_op(FILL, [dims, value], name=scope)._outputs[0]


def _filled(value: int, shape, dtype, name: str, default_name: str):
    """``zeros``/``ones``: a Const when the shape is known and small (as TF does), else Fill."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    np_dtype = object if dtype == dtypes.string else dtype.as_numpy_dtype
    fill_value = ("" if value == 0 else "1") if dtype == dtypes.string else value
    with op_scope(name, default_name, []) as scope:
        if not isinstance(shape, Tensor):
            if isinstance(shape, (list, tuple)) and holds_tensor_like(shape):
                shape = to_tensor(shape, dtype=dtypes.int32)
            else:
                dims = as_shape(shape).as_list() if not isinstance(shape, numbers.Integral) else [int(shape)]
                if None in dims:
                    raise ValueError("%s: shape %s must be fully defined (or a shape tensor)."
                                     % (default_name, format_dims(dims)))
                if _num_elements(dims) < 1000:
                    return make_const(np.full(dims, fill_value, dtype=np_dtype), scope)
                shape = constant(dims, dtype=dtypes.int32 if max(dims, default=0) < 2 ** 31 else dtypes.int64,
                                 name="shape_as_tensor")
        if shape._dims == ():
            from graphscope.ops.shape_ops import reshape
            shape = reshape(shape, [-1])
        value_t = make_const(np.array(fill_value, dtype=np_dtype), "Const")
        return apply_op(FILL, [shape, value_t], name=scope)._outputs[0]


def zeros(shape, dtype=dtypes.float32, name: str | None = None):
    """A tensor of zeros (``tf.zeros``): a ``Const`` named 'zeros' for small known shapes, else ``Fill``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     z = tf.zeros([2, 3])
    >>> z.op.type, z.name, z.dtype.name, z.shape.as_list()
    ('Const', 'zeros:0', 'float32', [2, 3])
    """
    return _filled(0, shape, dtype, name, "zeros")


def ones(shape, dtype=dtypes.float32, name: str | None = None):
    """A tensor of ones (``tf.ones``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     o = tf.ones([2], tf.int32)
    >>> o.op.get_attr("value").tolist(), o.name
    ([1, 1], 'ones:0')
    """
    return _filled(1, shape, dtype, name, "ones")


def _like_infer(inputs, attrs):
    attrs["T"] = inputs[0]._dtype.base_dtype
    return [(inputs[0]._dtype.base_dtype, inputs[0]._dims)]


def _zeros_like(x):
    return np.full(x.shape, "", dtype=object) if x.dtype == object else np.zeros_like(x)


ZEROS_LIKE = register("ZerosLike", infer=_like_infer, kernel=lambda op: _zeros_like, gradient=no_gradient)
ONES_LIKE = register("OnesLike", infer=_like_infer, kernel=lambda op: np.ones_like, gradient=no_gradient)


def zeros_like(tensor, dtype=None, name: str | None = None, optimize: bool = True):
    """Zeros with the shape of ``tensor`` (``tf.zeros_like``): a Const when the shape is fully known,
    else a ``ZerosLike`` op (or ``Fill`` of its ``Shape`` when ``dtype`` differs).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, [None, 2])
    ...     a = tf.zeros_like(x)
    ...     b = tf.zeros_like(tf.constant([1, 2]), dtype=tf.float64)
    >>> a.op.type, a.name, a.shape.as_list(), b.op.type, b.dtype.name
    ('ZerosLike', 'zeros_like:0', [None, 2], 'Const', 'float64')
    """
    with op_scope(name, "zeros_like", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        tensor_dtype = tensor.dtype.base_dtype
        dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None else None
        dims = tensor._dims
        if optimize and dims is not None and None not in dims and tensor_dtype != dtypes.variant:
            return zeros(dims, dtype=dtype or tensor_dtype, name=scope)
        if dtype is not None and dtype != tensor_dtype and dtype != dtypes.variant:
            return zeros(shape_internal(tensor, optimize=optimize), dtype=dtype, name=scope)
        return apply_op(ZEROS_LIKE, [tensor], name=scope)._outputs[0]


def ones_like(tensor, dtype=None, name: str | None = None, optimize: bool = True):
    """Ones with the shape of ``tensor`` (``tf.ones_like``): ``Fill`` of its shape, as TF1 builds it.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.int32, [None])
    ...     o = tf.ones_like(x, dtype=tf.float32)
    >>> o.op.type, o.name, o.dtype.name, o.shape.as_list(), o.op.inputs[0].op.type
    ('Fill', 'ones_like:0', 'float32', [None], 'Shape')
    """
    with op_scope(name, "ones_like", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        ones_shape = shape_internal(tensor, optimize=optimize)
        dtype = tensor.dtype.base_dtype if dtype is None else dtypes.as_dtype(dtype).base_dtype
        result = ones(ones_shape, dtype=dtype, name=scope)
        result.set_shape(tensor.shape)
        return result


# -- Shape, Size, Rank --------------------------------------------------------------------------------

def _shape_infer(inputs, attrs):
    attrs["T"] = inputs[0]._dtype.base_dtype
    out_type = attrs.setdefault("out_type", dtypes.int32)
    dims = inputs[0]._dims
    return [(out_type, (None if dims is None else len(dims),))]


def _shape_kernel(op):
    np_dtype = op._attrs["out_type"].as_numpy_dtype
    return lambda x: np.array(x.shape, dtype=np_dtype)


def _size_infer(inputs, attrs):
    attrs["T"] = inputs[0]._dtype.base_dtype
    return [(attrs.setdefault("out_type", dtypes.int32), ())]


def _size_kernel(op):
    np_dtype = op._attrs["out_type"].as_numpy_dtype
    return lambda x: np.array(x.size, dtype=np_dtype)


def _rank_infer(inputs, attrs):
    attrs["T"] = inputs[0]._dtype.base_dtype
    return [(dtypes.int32, ())]


SHAPE = register("Shape", infer=_shape_infer, kernel=_shape_kernel, gradient=no_gradient)
SIZE = register("Size", infer=_size_infer, kernel=_size_kernel, gradient=no_gradient)
RANK = register("Rank", infer=_rank_infer, kernel=lambda op: lambda x: np.array(x.ndim, dtype=np.int32),
                gradient=no_gradient)


def _shape_n_infer(inputs, attrs):
    if not inputs:
        raise ValueError("ShapeN (tf.shape_n) needs at least one input.")
    attrs["N"], attrs["T"] = len(inputs), inputs[0]._dtype.base_dtype
    out_type = attrs.setdefault("out_type", dtypes.int32)
    return [(out_type, (None if t._dims is None else len(t._dims),)) for t in inputs]


def _shape_n_kernel(op):
    np_dtype = op._attrs["out_type"].as_numpy_dtype
    return lambda *xs: tuple(np.array(x.shape, dtype=np_dtype) for x in xs)


SHAPE_N = register("ShapeN", infer=_shape_n_infer, kernel=_shape_n_kernel, gradient=no_gradient)


def shape(input, name: str | None = None, out_type=dtypes.int32):
    """The shape of ``input`` as a 1-D tensor (``tf.shape``): a Const when fully known, else a ``Shape`` op.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, [None, 3])
    ...     s = tf.shape(x)
    ...     k = tf.shape(tf.zeros([2, 3]), out_type=tf.int64)
    >>> s.op.type, s.dtype.name, s.shape.as_list(), k.op.type, k.dtype.name
    ('Shape', 'int32', [2], 'Const', 'int64')
    """
    return shape_internal(input, name, optimize=True, out_type=out_type)


def shape_internal(input, name: str | None = None, optimize: bool = True, out_type=dtypes.int32):
    """``tf.shape`` with the choice of folding a known shape into a constant (TF's ``shape_internal``)."""
    out_type = dtypes.as_dtype(out_type)
    with op_scope(name, "Shape", [input]) as scope:
        input = convert_to_tensor(input)
        dims = input._dims
        if optimize and dims is not None and None not in dims:
            return constant(list(dims), out_type, name=scope)
        return apply_op(SHAPE, [input], {"out_type": out_type}, name=scope)._outputs[0]


def shape_n(input, out_type=dtypes.int32, name: str | None = None) -> list:
    """The shapes of several tensors, as one ``ShapeN`` op with an output per tensor (``tf.shape_n``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     a, b = tf.shape_n([tf.placeholder(tf.float32, [None, 3]), tf.zeros([2])])
    >>> a.name, b.name, a.shape.as_list(), b.dtype.name
    ('ShapeN:0', 'ShapeN:1', [2], 'int32')
    """
    with op_scope(name, "ShapeN", list(input)) as scope:
        tensors = [convert_to_tensor(t) for t in input]
        attrs = {"out_type": dtypes.as_dtype(out_type)}
        return list(apply_op(SHAPE_N, tensors, attrs, name=scope)._outputs)


def size(input, name: str | None = None, out_type=dtypes.int32):
    """The number of elements of ``input`` as a scalar (``tf.size``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     n = tf.size(tf.zeros([2, 3]))
    ...     m = tf.size(tf.placeholder(tf.float32, [None, 3]))
    >>> n.op.type, n.op.get_attr("value").tolist(), m.op.type, m.shape.as_list()
    ('Const', 6, 'Size', [])
    """
    out_type = dtypes.as_dtype(out_type)
    with op_scope(name, "Size", [input]) as scope:
        input = convert_to_tensor(input)
        dims = input._dims
        if dims is not None and None not in dims:
            return constant(_num_elements(dims), out_type, name=scope)
        if dims is not None and 0 in dims:
            return constant(0, out_type, name=scope)
        return apply_op(SIZE, [input], {"out_type": out_type}, name=scope)._outputs[0]


def rank(input, name: str | None = None):
    """The number of dimensions of ``input`` as an int32 scalar (``tf.rank``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     r = tf.rank(tf.placeholder(tf.float32, [None, 3]))
    ...     u = tf.rank(tf.placeholder(tf.float32))
    >>> r.op.type, r.op.get_attr("value").tolist(), u.op.type
    ('Const', 2, 'Rank')
    """
    with op_scope(name, "Rank", [input]) as scope:
        input = convert_to_tensor(input)
        if input._dims is not None:
            return constant(len(input._dims), dtypes.int32, name=scope)
        return apply_op(RANK, [input], name=scope)._outputs[0]


# -- Range ----------------------------------------------------------------------------------------------

_RANGE_DTYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8, dtypes.int16, dtypes.int32,
                 dtypes.int64, dtypes.uint16, dtypes.uint32)


def _range_size(start, limit, delta, integral):
    """TF's RangeOp size rule, in the op's dtype; a message for bad arguments."""
    if delta == 0:
        return None, "Requires delta != 0: %s" % delta
    if delta > 0 and start > limit:
        return None, "Requires start <= limit when delta > 0: %s/%s" % (start, limit)
    if delta < 0 and start < limit:
        return None, "Requires start >= limit when delta < 0: %s/%s" % (start, limit)
    if integral:
        return (abs(int(limit) - int(start)) + abs(int(delta)) - 1) // abs(int(delta)), None
    count = np.ceil(np.abs((limit - start) / delta))
    if not np.isfinite(count):
        return None, "Requires start, limit and delta to be finite: %s/%s/%s" % (start, limit, delta)
    return int(count), None


def _range_infer(inputs, attrs):
    dtype = inputs[0]._dtype.base_dtype
    for arg, t in zip(("start", "limit", "delta"), inputs):
        if t._dtype.base_dtype != dtype:
            raise TypeError("Input '%s' of 'Range' Op has type %s that does not match type %s of argument "
                            "'start'." % (arg, t._dtype.base_dtype.name, dtype.name))
        if t._dims is not None and len(t._dims) != 0:
            raise shape_error("Range", "Shape must be rank 0 but is rank %d (%s must be a scalar)"
                              % (len(t._dims), arg), inputs)
    check_dtype("Range", "start", inputs[0], _RANGE_DTYPES)
    attrs["Tidx"] = dtype
    values = [constant_value(t) for t in inputs]
    if any(v is None for v in values):
        return [(dtype, (None,))]
    size, problem = _range_size(*(v[()] for v in values), dtype.is_integer)
    if problem:
        raise ValueError(problem + " (tf.range)")
    return [(dtype, (size,))]


def _range_kernel(op):
    dtype = op._attrs["Tidx"]
    np_dtype = dtype.as_numpy_dtype
    integral = dtype.is_integer

    def range_kernel(start, limit, delta):
        start, limit, delta = (np.reshape(v, -1)[0] for v in (start, limit, delta))
        count, problem = _range_size(start, limit, delta, integral)
        if problem:
            raise InvalidArgumentError(None, op, problem)
        if integral or count == 0:
            return (np.arange(count, dtype=np_dtype) * delta + start).astype(np_dtype, copy=False)
        steps = np.full(count, delta, dtype=np_dtype)  # TF's CPU kernel adds delta step by step
        steps[0] = start
        return np.cumsum(steps, dtype=np_dtype)
    return range_kernel


RANGE = register("Range", infer=_range_infer, kernel=_range_kernel, gradient=no_gradient)

_RANGE_HIERARCHY = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)


def range(start, limit=None, delta=1, dtype=None, name: str = "range"):
    """A sequence ``start, start+delta, ...`` below ``limit`` (``tf.range``; one argument is ``limit``).

    Without ``dtype``, Python ints give int32 and any float gives float32 (the widest argument wins).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     a = tf.range(5)
    ...     b = tf.range(1.0, 3.0, 0.5)
    >>> a.name, a.dtype.name, a.shape.as_list(), b.dtype.name, b.shape.as_list()
    ('range:0', 'int32', [5], 'float32', [4])
    """
    if limit is None:
        start, limit = 0, start
    dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None else None
    with op_scope(name, "Range", [start, limit, delta]) as scope:
        args = [v if isinstance(v, Tensor) else convert_to_tensor(v, dtype=dtype, name=arg)
                for v, arg in ((start, "start"), (limit, "limit"), (delta, "delta"))]
        if dtype is None:
            kinds = [t.dtype.base_dtype for t in args]
            bad = [k for k in kinds if k not in _RANGE_HIERARCHY]
            if bad:
                raise TypeError("tf.range: arguments must be int32, int64, float32 or float64 when dtype is not "
                                "given, got %s." % ", ".join(k.name for k in kinds))
            dtype = builtins.max(kinds, key=_RANGE_HIERARCHY.index)
        args = [_cast(t, dtype) for t in args]
        return apply_op(RANGE, args, name=scope)._outputs[0]


def _cast(tensor, dtype):
    if tensor.dtype.base_dtype == dtype:
        return tensor
    from graphscope.ops import math_ops
    return math_ops.cast(tensor, dtype)


# The rest of TensorFlow's array_ops, kept in their own modules (imported last: they build on the above).
from graphscope.ops.shape_ops import *  # noqa: E402,F401,F403
from graphscope.ops.join_ops import *  # noqa: E402,F401,F403
from graphscope.ops.slicing_ops import *  # noqa: E402,F401,F403
from graphscope.ops.slicing_ops import slice  # noqa: E402,F401 (used by partitioned variables)
from graphscope.ops.indexing_ops import *  # noqa: E402,F401,F403
