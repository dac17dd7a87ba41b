"""What the gradient rules of the math family share: reducing a broadcast gradient back to an input's
shape, and the small integer ops TensorFlow builds for that.

A broadcasting binary op's gradient has the broadcast shape; each input gets it summed over the axes
it was broadcast along and reshaped to its own shape. TensorFlow (``math_grad.py``:
``SmartBroadcastGradientArgs``, ``_ReduceGradientArgs``) reads those axes from the static shapes when
it can and otherwise asks the graph with a ``BroadcastGradientArgs`` op; :func:`reduce_gradient_args`
does the same, with the same op types and names (``Shape``, ``Sum``, ``Reshape``, and
``BroadcastGradientArgs`` only when a dimension is unknown). :func:`reduced_shape` is TF's
``math_ops.reduced_shape`` (a constant when it can be, else ``DynamicStitch``).

The ops here: ``BroadcastGradientArgs`` (the reduction axes of two broadcast shapes, TF's ``BCast``),
``DynamicStitch`` (interleave data by indices) and ``ListDiff`` (``setdiff1d``).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     rx, ry = broadcast_gradient_args(tf.constant([2, 1, 3]), tf.constant([4, 1]))
...     print(*tf.Session().run([rx, ry]))
[1] [0 2]
"""
from __future__ import annotations

import functools

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.ops.registry import no_gradient, register
from graphscope.ops.tensor_util import check_dtype, constant_value, format_dims, gen_op, shape_error
from graphscope.tensor import Tensor

__all__ = ["broadcast_gradient_args", "dynamic_stitch", "setdiff1d", "reduce_gradient_args",
           "smart_broadcast_gradient_args", "shapes_fully_specified_and_equal", "reduced_shape", "safe_shape_div",
           "dense_gradients", "dense"]


# -- BroadcastGradientArgs ---------------------------------------------------------------------------------

def _shape_vector_infer(op_type):
    def infer(inputs, attrs):
        s0, s1 = inputs
        dtype = attrs["T"] = check_dtype(op_type, "s0", s0)
        if s1._dtype.base_dtype is not dtype:
            raise TypeError("Input 's1' of '%s' Op has type %s that does not match type %s of argument 's0'."
                            % (op_type, s1._dtype.base_dtype.name, dtype.name))
        for t in inputs:
            if t._dims is not None and len(t._dims) != 1:
                raise shape_error(op_type, "Shape must be rank 1 but is rank %d" % len(t._dims), inputs)
        return [(dtype, (None,)), (dtype, (None,))]
    return infer


def broadcast_reduction_axes(x_shape, y_shape):
    """TensorFlow's ``BCast`` reduction indices of two concrete shapes: the axes of the broadcast
    shape along which each input was stretched (an axis where both are 1 counts for both).
    Raises ValueError for shapes that do not broadcast.

    >>> broadcast_reduction_axes((2, 1, 3), (4, 1))
    ([1], [0, 2])
    """
    x_shape, y_shape = tuple(x_shape), tuple(y_shape)
    if x_shape == y_shape:
        return [], []
    rank = max(len(x_shape), len(y_shape))
    x_full = (1,) * (rank - len(x_shape)) + x_shape
    y_full = (1,) * (rank - len(y_shape)) + y_shape
    x_axes, y_axes = [], []
    for axis, (dx, dy) in enumerate(zip(x_full, y_full)):
        if dx == 1 and dy == 1:
            x_axes.append(axis)
            y_axes.append(axis)
        elif dx == 1:
            x_axes.append(axis)
        elif dy == 1:
            y_axes.append(axis)
        elif dx != dy:
            raise ValueError("Incompatible shapes: %s vs. %s" % (format_dims(x_shape), format_dims(y_shape)))
    return x_axes, y_axes


def _broadcast_gradient_args_kernel(op):
    np_dtype = op._attrs["T"].as_numpy_dtype

    def broadcast_gradient_args_kernel(s0, s1):
        try:
            r0, r1 = broadcast_reduction_axes(s0.tolist(), s1.tolist())
        except ValueError as exc:
            raise InvalidArgumentError(None, op, str(exc)) from None
        return np.array(r0, dtype=np_dtype), np.array(r1, dtype=np_dtype)

    return broadcast_gradient_args_kernel


BROADCAST_GRADIENT_ARGS = register("BroadcastGradientArgs", infer=_shape_vector_infer("BroadcastGradientArgs"),
                                   kernel=_broadcast_gradient_args_kernel, gradient=no_gradient)


def broadcast_gradient_args(s0, s1, name: str | None = None):
    """The reduction axes ``(r0, r1)`` for the gradients of two inputs of shapes ``s0`` and ``s1`` of a
    broadcasting op (op ``BroadcastGradientArgs``); incompatible shapes raise InvalidArgumentError
    when the graph runs."""
    args = [(s0, "s0", dtypes.int32), (s1, "s1", dtypes.int32)]
    return tuple(gen_op(BROADCAST_GRADIENT_ARGS, name, "BroadcastGradientArgs", args)._outputs)


# -- DynamicStitch -----------------------------------------------------------------------------------------

def _dynamic_stitch_infer(inputs, attrs):
    n = len(inputs) // 2
    indices, data = inputs[:n], inputs[n:]
    for t in indices:
        if t._dtype.base_dtype is not dtypes.int32:
            raise TypeError("Input 'indices' of 'DynamicStitch' Op has type %s that does not match expected type "
                            "of int32." % t._dtype.base_dtype.name)
    dtype = data[0]._dtype.base_dtype
    if any(t._dtype.base_dtype is not dtype for t in data):
        raise TypeError("Tensors in list passed to 'data' of 'DynamicStitch' Op have types [%s] that don't all "
                        "match." % ", ".join(t._dtype.base_dtype.name for t in data))
    attrs["N"], attrs["T"] = n, dtype
    suffix = None
    for i, d in zip(indices, data):
        if i._dims is not None and d._dims is not None:
            suffix = d._dims[len(i._dims):]
            break
    values = [constant_value(t) for t in indices]
    first = None
    if all(v is not None for v in values):
        first = max((int(v.max()) + 1 for v in values if v.size), default=0)
    return [(dtype, None if suffix is None else (first,) + tuple(suffix))]


def _dynamic_stitch_kernel(op):
    n = op._attrs["N"]

    def dynamic_stitch_kernel(*values):
        indices, data = values[:n], values[n:]
        suffix = data[0].shape[indices[0].ndim:]
        first = max((int(i.max()) + 1 for i in indices if i.size), default=0)
        merged = np.zeros((first,) + suffix, dtype=data[0].dtype)
        for i, d in zip(indices, data):
            if d.shape[:i.ndim] != i.shape:
                raise InvalidArgumentError(None, op, "data.shape = %s does not start with indices.shape = %s"
                                           % (format_dims(d.shape), format_dims(i.shape)))
            merged[i.reshape(-1)] = d.reshape((i.size,) + suffix)  # later inputs win, as on TF's CPU
        return merged

    return dynamic_stitch_kernel


def _dynamic_stitch_grad(op, grad):
    """TF's ``_DynamicStitchGrads``: each data input gets the rows its indices point at."""
    from graphscope.ops.indexing_ops import gather
    n = op._attrs["N"]
    return [None] * n + [gather(dense(grad), i) for i in op._inputs[:n]]


DYNAMIC_STITCH = register("DynamicStitch", infer=_dynamic_stitch_infer, kernel=_dynamic_stitch_kernel,
                          gradient=_dynamic_stitch_grad)


def dynamic_stitch(indices, data, name: str | None = None) -> Tensor:
    """Interleave ``data`` by ``indices``: ``merged[indices[m][i]] = data[m][i]`` (op ``DynamicStitch``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     s = dynamic_stitch([tf.constant([0, 2]), tf.constant([1])], [tf.constant([5, 7]), tf.constant([6])])
    ...     print(tf.Session().run(s))
    [5 6 7]
    """
    from graphscope.ops.core import apply_op, op_scope
    from graphscope.ops.tensor_util import to_tensor
    indices, data = list(indices), list(data)
    with op_scope(name, "DynamicStitch", indices + data) as scope:
        indices = [to_tensor(t, name="indices_%d" % i, dtype_hint=dtypes.int32) for i, t in enumerate(indices)]
        data = [to_tensor(t, name="data_%d" % i) for i, t in enumerate(data)]
        return apply_op(DYNAMIC_STITCH, indices + data, name=scope)._outputs[0]


# -- ListDiff ----------------------------------------------------------------------------------------------

def _list_diff_infer(inputs, attrs):
    x, y = inputs
    dtype = attrs["T"] = x._dtype.base_dtype
    if y._dtype.base_dtype is not dtype:
        raise TypeError("Input 'y' of 'ListDiff' Op has type %s that does not match type %s of argument 'x'."
                        % (y._dtype.base_dtype.name, dtype.name))
    for t in inputs:
        if t._dims is not None and len(t._dims) != 1:
            raise shape_error("ListDiff", "Shape must be rank 1 but is rank %d" % len(t._dims), inputs)
    return [(dtype, (None,)), (attrs.setdefault("out_idx", dtypes.int32), (None,))]


def _list_diff_kernel(op):
    index_dtype = op._attrs["out_idx"].as_numpy_dtype

    def list_diff_kernel(x, y):
        keep = ~np.isin(x, y)
        return x[keep], np.flatnonzero(keep).astype(index_dtype)

    return list_diff_kernel


LIST_DIFF = register("ListDiff", infer=_list_diff_infer, kernel=_list_diff_kernel, gradient=no_gradient)


def setdiff1d(x, y, index_dtype=dtypes.int32, name: str | None = None):
    """The elements of 1-D ``x`` not in ``y``, in order, and their positions in ``x`` (op ``ListDiff``)."""
    attrs = {"out_idx": dtypes.as_dtype(index_dtype)}
    return tuple(gen_op(LIST_DIFF, name, "ListDiff", [(x, "x", dtypes.int32), (y, "y", dtypes.int32)],
                        attrs)._outputs)


# -- helpers of the gradient rules ---------------------------------------------------------------------

def dense(grad):
    """``grad`` as a dense Tensor (IndexedSlices from a gather are summed into rows, as TF's tensor
    conversion of IndexedSlices does); Tensors and None pass unchanged."""
    if grad is None or isinstance(grad, Tensor):
        return grad
    from graphscope.ops.shape_ops import dense_gradient
    return dense_gradient(grad)


def dense_gradients(rule):
    """Decorate a gradient rule that works on dense gradients: IndexedSlices arriving are made dense
    first (TF's rules get that from converting their operands to tensors)."""

    @functools.wraps(rule)
    def gradient(op, *grads):
        if all(g is None or isinstance(g, Tensor) for g in grads):
            return rule(op, *grads)
        return rule(op, *[dense(g) for g in grads])

    return gradient


def shapes_fully_specified_and_equal(x: Tensor, y: Tensor, grad) -> bool:
    """TF's ``_ShapesFullySpecifiedAndEqual``: one fully known static shape for ``x``, ``y`` and ``grad``."""
    dims = x._dims
    return dims is not None and None not in dims and dims == y._dims and dims == grad._dims


def _infer_gradient_reduction_axes(x_dims, y_dims):
    """TF's ``_InferGradientReductionAxes``: the axes each input was broadcast along, read from static
    shapes, or ``(None, None)`` when an unknown dimension could go either way."""
    if x_dims is None or y_dims is None:
        return None, None
    rank = max(len(x_dims), len(y_dims))
    x_full = (1,) * (rank - len(x_dims)) + tuple(x_dims)
    y_full = (1,) * (rank - len(y_dims)) + tuple(y_dims)
    x_axes, y_axes = [], []
    for axis, (dx, dy) in enumerate(zip(x_full, y_full)):
        if dx == 1 and dy != 1:
            x_axes.append(axis)
        elif dy == 1 and dx != 1:
            y_axes.append(axis)
        elif dx is None or dy is None:
            return None, None
    return x_axes, y_axes


def smart_broadcast_gradient_args(x: Tensor, y: Tensor):
    """TF's ``SmartBroadcastGradientArgs``: for each of ``x`` and ``y``, ``(shape, axes, must_reduce)``
    with the axes a Python list when the static shapes tell them, else a ``BroadcastGradientArgs`` output."""
    from graphscope.ops.array_ops import shape
    x_shape, y_shape = shape(x), shape(y)
    x_axes, y_axes = _infer_gradient_reduction_axes(x._dims, y._dims)
    if x_axes is None or y_axes is None:
        x_axes, y_axes = broadcast_gradient_args(x_shape, y_shape)
        x_must_reduce = y_must_reduce = True
    else:
        x_must_reduce = bool(x_axes) or len(x._dims) < len(y._dims)
        y_must_reduce = bool(y_axes) or len(y._dims) < len(x._dims)
    return (x_shape, x_axes, x_must_reduce), (y_shape, y_axes, y_must_reduce)


def _reduce_gradient_arg(grad, shape_axes_must_reduce):
    from graphscope.ops.reduction_ops import reduce_sum
    from graphscope.ops.shape_ops import reshape
    shape, axes, must_reduce = shape_axes_must_reduce
    if grad is not None and must_reduce:
        grad = reshape(reduce_sum(grad, axes, keepdims=True), shape)
    return grad


def reduce_gradient_args(x: Tensor, y: Tensor, gx, gy) -> tuple:
    """TF's ``_ReduceGradientArgs``: ``gx`` and ``gy`` (broadcast-shaped, or None) summed over the axes
    ``x`` and ``y`` were broadcast along and reshaped to their shapes (``Sum`` with ``keep_dims``, then
    ``Reshape``); nothing is added for an input that was not broadcast."""
    if gx is not None or gy is not None:
        bx, by = smart_broadcast_gradient_args(x, y)
        gx = _reduce_gradient_arg(gx, bx)
        gy = _reduce_gradient_arg(gy, by)
    return gx, gy


def reduced_shape(input_shape, axes):
    """TF's ``math_ops.reduced_shape``: ``input_shape`` with the ``axes`` set to 1 (the shape a reduction
    with ``keepdims`` gives). A numpy array when both are known when the graph is built, else a
    ``DynamicStitch`` of ``range(rank)`` and the axes."""
    from graphscope.ops.array_ops import ones, range as range_, shape, size
    from graphscope.ops.unary_ops import cast
    input_value = constant_value(input_shape) if isinstance(input_shape, Tensor) else np.asarray(input_shape)
    if input_value is not None:
        axes_value = constant_value(axes) if isinstance(axes, Tensor) else np.asarray(axes)
        if axes_value is not None:
            kept = np.array(input_value, dtype=np.int32)
            kept[np.array(axes_value, dtype=np.int32)] = 1
            return kept
    input_shape = cast(input_shape, dtypes.int32)
    axes = cast(axes, dtypes.int32)
    input_rank = size(input_shape)
    axes = (axes + input_rank) % input_rank
    axes_shape = shape(axes)
    return dynamic_stitch([range_(input_rank), axes], [input_shape, ones(axes_shape, dtype=dtypes.int32)])


def safe_shape_div(x, y):
    """``x // max(y, 1)`` (TF's ``_SafeShapeDiv``: ``0 / 0 = 0`` for shapes); numpy for numpy inputs."""
    if isinstance(x, Tensor) or isinstance(y, Tensor):
        from graphscope.ops.math_ops import maximum
        return x // maximum(y, 1)
    return np.asarray(x, dtype=np.int32) // np.maximum(np.asarray(y, dtype=np.int32), 1)
