"""``tf.linspace`` / ``tf.lin_space`` as ``tf.compat.v1`` builds them in TensorFlow 2.x graph mode.

TensorFlow 2.x exports ``math_ops.linspace_nd`` as ``tf.compat.v1.linspace`` (and ``lin_space``): even for
scalar ``start``/``stop`` it does not build the single ``LinSpace`` op but a graph of ~74 ops under the
name scope ``linspace`` (``BroadcastArgs``, ``BroadcastTo``, ``ExpandDims``, ``Range``, ``ConcatV2``, ...,
ending in a ``Slice`` named ``linspace/Slice``), which also handles n-d ``start``/``stop`` and ``axis``.
:func:`linspace` builds that same graph, op for op. The two op types it needs that graphscope had not
registered live here: ``BroadcastArgs`` (``tf.broadcast_dynamic_shape``) and ``BroadcastTo``
(``tf.broadcast_to``). The ``LinSpace`` op itself (TensorFlow 1.x's ``tf.linspace``, still found in
imported graphs) is registered too, with TensorFlow's shape rule and kernel and no gradient
(``ops.NotDifferentiable("LinSpace")``); :func:`lin_space_op` builds it.

>>> import graphscope as tf
>>> from graphscope.ops.linspace_ops import linspace
>>> with tf.Graph().as_default():
...     x = linspace(10.0, 12.0, 3)
...     y = linspace([0., 5.], [10., 40.], 5, axis=-1)
...     print(tf.Session().run(x))
[10. 11. 12.]
>>> x.name, x.op.type, x.shape.as_list(), y.shape.as_list()
('linspace/Slice:0', 'Slice', [3], [2, 5])
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.registry import no_gradient, register
from graphscope.ops.tensor_util import (
    INDEX_DTYPES, check_dtype, constant_value, constant_value_as_shape, format_dims, gen_op, shape_error,
)
from graphscope.tensor import Tensor

__all__ = ["linspace", "lin_space", "broadcast_to", "broadcast_dynamic_shape"]


# -- BroadcastArgs --------------------------------------------------------------------------------------

def _broadcast_shapes(s0, s1):
    """The broadcast of two concrete shapes (TF's ``BCast``), or None when they do not broadcast."""
    s0, s1 = list(s0), list(s1)
    rank = max(len(s0), len(s1))
    s0 = [1] * (rank - len(s0)) + s0
    s1 = [1] * (rank - len(s1)) + s1
    out = []
    for a, b in zip(s0, s1):
        if a == b or b == 1:
            out.append(a)
        elif a == 1:
            out.append(b)
        else:
            return None
    return out


def _broadcast_args_infer(inputs, attrs):
    s0, s1 = inputs
    dtype = attrs["T"] = check_dtype("BroadcastArgs", "s0", s0)
    if s1._dtype.base_dtype is not dtype:
        raise TypeError("Input 's1' of 'BroadcastArgs' Op has type %s that does not match type %s of argument "
                        "'s0'." % (s1._dtype.base_dtype.name, dtype.name))
    for t in inputs:
        if t._dims is not None and len(t._dims) != 1:
            raise shape_error("BroadcastArgs", "Shape must be rank 1 but is rank %d" % len(t._dims), inputs)
    n0 = None if s0._dims is None else s0._dims[0]
    n1 = None if s1._dims is None else s1._dims[0]
    return [(dtype, (None if n0 is None or n1 is None else max(n0, n1),))]


def _broadcast_args_kernel(op):
    np_dtype = op._attrs["T"].as_numpy_dtype

    def broadcast_args_kernel(s0, s1):
        out = _broadcast_shapes(s0.tolist(), s1.tolist())
        if out is None:
            raise InvalidArgumentError(None, op, "Incompatible shapes: %s vs. %s"
                                       % (format_dims(s0.tolist()), format_dims(s1.tolist())))
        return np.array(out, dtype=np_dtype)
    return broadcast_args_kernel


BROADCAST_ARGS = register("BroadcastArgs", infer=_broadcast_args_infer, kernel=_broadcast_args_kernel,
                          gradient=no_gradient)


def broadcast_dynamic_shape(shape_x, shape_y, name: str | None = None):
    """The broadcast of two shape vectors, computed by the graph (``tf.broadcast_dynamic_shape``, op
    ``BroadcastArgs``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     s = broadcast_dynamic_shape([1, 2, 3], [5, 1, 3])
    ...     print(s.op.type, tf.Session().run(s))
    BroadcastArgs [5 2 3]
    """
    args = [(shape_x, "s0", dtypes.int32), (shape_y, "s1", dtypes.int32)]
    return gen_op(BROADCAST_ARGS, name, "BroadcastArgs", args)._outputs[0]


# -- BroadcastTo ----------------------------------------------------------------------------------------

def _broadcast_to_infer(inputs, attrs):
    x, shape = inputs
    dtype = attrs["T"] = x._dtype.base_dtype
    attrs["Tidx"] = check_dtype("BroadcastTo", "shape", shape)
    if shape._dims is not None and len(shape._dims) != 1:
        raise shape_error("BroadcastTo", "Shape must be rank 1 but is rank %d" % len(shape._dims), inputs)
    out = constant_value_as_shape(shape)
    if out is None or x._dims is None:
        return [(dtype, out)]
    if len(x._dims) > len(out):
        raise shape_error("BroadcastTo", "Rank of input (%d) must be no greater than rank of output shape (%d)"
                          % (len(x._dims), len(out)), inputs)
    offset = len(out) - len(x._dims)
    merged = list(out)
    for i, d in enumerate(x._dims):
        o = out[offset + i]
        if d is None or d == 1:
            continue
        if o is None:
            merged[offset + i] = None
        elif o != d:
            raise shape_error("BroadcastTo", "Incompatible shapes: %s vs. %s" % (format_dims(x._dims), format_dims(out)),
                              inputs)
    return [(dtype, tuple(merged))]


def _broadcast_to_kernel(op):
    def broadcast_to_kernel(x, shape):
        target = tuple(int(d) for d in np.reshape(shape, -1))
        try:
            return np.array(np.broadcast_to(x, target))
        except ValueError:
            raise InvalidArgumentError(None, op, "Incompatible shapes: %s vs. %s"
                                       % (format_dims(x.shape), format_dims(target))) from None
    return broadcast_to_kernel


def _broadcast_to_grad(op, grad):
    """TF's ``_BroadcastToGrad``: sum the gradient over the broadcast axes, reshaped to the input."""
    from graphscope.ops.array_ops import constant, shape as shape_of
    from graphscope.ops.gradient_util_ops import broadcast_gradient_args
    from graphscope.ops.reduction_ops import reduce_sum
    from graphscope.ops.shape_ops import reshape
    x, broadcast_shape = op._inputs
    shape_dtype = broadcast_shape._dtype.base_dtype
    x_shape = shape_of(x, out_type=shape_dtype)
    static = constant_value(broadcast_shape)
    if static is not None:
        broadcast_shape = constant(static.tolist(), dtype=shape_dtype)
    _, axes = broadcast_gradient_args(broadcast_shape, x_shape)
    summed = reduce_sum(grad, axis=axes, keepdims=True)
    return [reshape(summed, x_shape), None]


BROADCAST_TO = register("BroadcastTo", infer=_broadcast_to_infer, kernel=_broadcast_to_kernel,
                        gradient=_broadcast_to_grad)


def broadcast_to(input, shape, name: str | None = None):
    """``input`` broadcast to ``shape`` (``tf.broadcast_to``, op ``BroadcastTo``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     b = broadcast_to([1, 2], [3, 2])
    >>> b.op.type, b.shape.as_list()
    ('BroadcastTo', [3, 2])
    """
    args = [(input, "input", None), (shape, "shape", dtypes.int32)]
    return gen_op(BROADCAST_TO, name, "BroadcastTo", args)._outputs[0]


# -- LinSpace (the single op of TensorFlow 1.x) ----------------------------------------------------------

_LINSPACE_DTYPES = (dtypes.bfloat16, dtypes.float16, dtypes.float32, dtypes.float64) \
    if hasattr(dtypes, "bfloat16") else (dtypes.float16, dtypes.float32, dtypes.float64)


def _lin_space_infer(inputs, attrs):
    start, stop, num = inputs
    dtype = attrs["T"] = check_dtype("LinSpace", "start", start, _LINSPACE_DTYPES)
    if stop._dtype.base_dtype is not dtype:
        raise TypeError("Input 'stop' of 'LinSpace' Op has type %s that does not match type %s of argument "
                        "'start'." % (stop._dtype.base_dtype.name, dtype.name))
    attrs["Tidx"] = check_dtype("LinSpace", "num", num, INDEX_DTYPES)
    for arg, t in (("start", start), ("stop", stop), ("num", num)):
        if t._dims is not None and len(t._dims) != 0:
            raise shape_error("LinSpace", "Shape must be rank 0 but is rank %d (%s must be a scalar)"
                              % (len(t._dims), arg), inputs)
    value = constant_value(num)
    if value is None:
        return [(dtype, (None,))]
    n = int(value)
    if n <= 0:
        raise shape_error("LinSpace", "Requires num > 0: %d" % n, inputs)
    return [(dtype, (n,))]


def _lin_space_kernel(op):
    np_dtype = op._attrs["T"].as_numpy_dtype

    def lin_space_kernel(start, stop, num):
        n = int(num)
        if n <= 0:
            raise InvalidArgumentError(None, op, "Requires num > 0: %d" % n)
        start, stop = np_dtype(start), np_dtype(stop)
        if n == 1:
            return np.array([start], dtype=np_dtype)
        # TF's kernel: start + i * step, the last value exactly stop
        step = (stop - start) / np_dtype(n - 1)
        out = (start + np.arange(n, dtype=np_dtype) * np_dtype(step)).astype(np_dtype)
        out[-1] = stop
        return out
    return lin_space_kernel


LIN_SPACE = register("LinSpace", infer=_lin_space_infer, kernel=_lin_space_kernel, gradient=no_gradient)


def lin_space_op(start, stop, num, name: str | None = None):
    """The single ``LinSpace`` op (TF's ``gen_math_ops.lin_space``; TensorFlow 1.x's ``tf.linspace``):
    scalar float ``start``/``stop``, scalar int32/int64 ``num`` > 0.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = lin_space_op(0.0, 1.0, 3)
    ...     print(x.name, x.shape.as_list(), tf.Session().run(x))
    LinSpace:0 [3] [0.  0.5 1. ]
    """
    with op_scope(name, "LinSpace", [start, stop, num]) as scope:
        start = convert_to_tensor(start, name="start")
        stop = stop if isinstance(stop, Tensor) else convert_to_tensor(stop, dtype=start.dtype, name="stop")
        num = convert_to_tensor(num, name="num")
        return apply_op(LIN_SPACE, [start, stop, num], name=scope)._outputs[0]


# -- linspace: TF 2.x's linspace_nd ---------------------------------------------------------------------

def _cast_op(x, dtype, name: str = "Cast"):
    """A Cast op even when ``x`` already has ``dtype`` (TF's ``gen_math_ops.cast``)."""
    from graphscope.ops.cast_ops import CAST
    return apply_op(CAST, [x], {"DstT": dtypes.as_dtype(dtype).base_dtype, "Truncate": False}, name=name)._outputs[0]


def _slice_1d(vector, start, stop):
    """``vector[start:stop]`` with a Tensor bound as TensorFlow 2.x's ``_slice_helper`` builds it: the
    missing bounds and the step become int32 ``Const`` ops (named ``Const``, outside the slice's scope),
    then ``begin``/``end``/``strides`` are stacked under ``strided_slice/`` (a Const ``stack`` when all
    are Python numbers, else a Pack)."""
    from graphscope.ops.array_ops import constant
    from graphscope.ops.join_ops import stack
    from graphscope.ops.slicing_ops import strided_slice
    end_mask = 0
    if stop is None:
        stop = constant(0, dtype=dtypes.int32)
        end_mask = 1
    step = constant(1, dtype=dtypes.int32)
    with op_scope(None, "strided_slice", [vector, start, stop, step]) as scope:
        begin, end, strides = stack([start]), stack([stop]), stack([step])
        return strided_slice(vector, begin, end, strides, end_mask=end_mask, name=scope)


def linspace(start, stop, num, name: str | None = None, axis=0):
    """``num`` evenly spaced values from ``start`` to ``stop`` (both included) along ``axis``
    (``tf.linspace``/``tf.lin_space`` of ``tf.compat.v1``, TensorFlow 2.x's ``linspace_nd``).

    ``start`` and ``stop`` may be n-d (they are broadcast together); the values are generated along
    ``axis`` of the result. ``num`` must be an integer scalar: 1 gives ``[start]``, 0 an empty
    result, a negative ``num`` fails. Integer ``start``/``stop`` give float64 values (true division).
    The graph is TensorFlow's, op for op, under the name scope ``linspace``; the result is the
    ``Slice`` op ``linspace/Slice``, of static shape ``[num]`` when ``num`` is known, else ``[None]``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = linspace(3.0, 7.0, 1)
    ...     y = linspace([0., 5.], [10., 40.], 3)
    ...     print(tf.Session().run([x, y]))
    [array([3.], dtype=float32), array([[ 0. ,  5. ],
           [ 5. , 22.5],
           [10. , 40. ]], dtype=float32)]
    """
    from graphscope.ops.array_ops import range as range_, shape as shape_of, zeros_like
    from graphscope.ops.cast_ops import cast
    from graphscope.ops.comparison_ops import equal
    from graphscope.ops.join_ops import concat
    from graphscope.ops.math_ops import maximum
    from graphscope.ops.shape_ops import expand_dims, reshape
    from graphscope.ops.slicing_ops import slice as slice_
    from graphscope.ops.where_ops import where_v2

    with op_scope(name, "linspace", [start, stop]):
        start = convert_to_tensor(start, name="start")
        # stop must be convertible to the same dtype as start
        if isinstance(stop, Tensor) and stop.dtype.base_dtype is not start.dtype.base_dtype:
            raise ValueError("stop: Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                             % (start.dtype.base_dtype.name, stop.dtype.base_dtype.name, stop))
        stop = convert_to_tensor(stop, name="stop", dtype=start.dtype)
        num_int = convert_to_tensor(num, name="num", preferred_dtype=dtypes.int32)
        if not num_int.dtype.is_integer:
            raise TypeError("Argument `tensor` (name: num) must be of type integer. Received `tensor` = %s of "
                            "dtype: %r" % (num_int, num_int.dtype))
        num_int = _cast_op(num_int, dtypes.int32)
        num = cast(num_int, dtype=start.dtype)  # noqa: F841 (built, unused, as in TF)

        broadcast_shape = broadcast_dynamic_shape(shape_of(start), shape_of(stop))
        start = broadcast_to(start, broadcast_shape)
        stop = broadcast_to(stop, broadcast_shape)

        expanded_start = expand_dims(start, axis=axis)
        expanded_stop = expand_dims(stop, axis=axis)

        shape = shape_of(expanded_start)
        ndims = shape_of(shape)[0]

        axis = where_v2(axis >= 0, axis, ndims + axis)

        # The purpose is to avoid having negative values when repeating.
        num_fill = maximum(num_int - 2, 0)
        # To avoid negative values in the range or a zero division, the result is sliced in the end
        # so that num == 1 and num == 0 come out right.
        n_steps = maximum(num_int - 1, 1)
        delta = (expanded_stop - expanded_start) / cast(n_steps, expanded_stop.dtype)
        # Re-cast tensors as delta.
        expanded_start = cast(expanded_start, delta.dtype)
        expanded_stop = cast(expanded_stop, delta.dtype)
        # If num < 0, the range fails; otherwise use the same div for delta.
        range_end = where_v2(num_int >= 0, n_steps, -1)
        desired_range = cast(range_(1, range_end, dtype=dtypes.int64), delta.dtype)
        mask = equal(axis, range_(ndims))
        # desired_range_shape is [1, ..., 1, num_fill, 1, ..., 1], num_fill at index axis.
        desired_range_shape = where_v2(mask, num_fill, 1)
        desired_range = reshape(desired_range, desired_range_shape)

        res = expanded_start + delta * desired_range

        # Add the start and end points to the result, and slice out the desired portion.
        concatenated = concat((expanded_start, res, expanded_stop), axis=axis)
        begin = zeros_like(shape)
        # Preserve shape information for the final slice.
        size = concat((_slice_1d(shape, 0, axis), reshape(num_int, [1]), _slice_1d(shape, axis + 1, None)), axis=0)
        return slice_(concatenated, begin, size)


lin_space = linspace
