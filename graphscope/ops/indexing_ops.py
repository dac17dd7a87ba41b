"""Indexing array ops: gather (GatherV2), unsorted_segment_sum (UnsortedSegmentSum), one_hot (OneHot),
where (Select, Where), where_v2 (SelectV2), and the composites boolean_mask and sequence_mask.

Where/Select/SelectV2, boolean_mask and sequence_mask are defined in :mod:`graphscope.ops.where_ops` and
re-exported here. Gradients sit beside the ops. TensorFlow's gradient of an axis-0 gather is ``IndexedSlices``; graphscope
gives the same values summed into a dense tensor (``UnsortedSegmentSum`` of the rows, so repeated
indices add up), which every consumer and optimizer takes as it is. ``where``'s gradient sends zeros to
the branch not taken, so a NaN or infinite local gradient there still multiplies a zero (TF's NaN trap).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 3])
...     g = tf.gather(x, [0, 2], axis=1)
...     h = tf.one_hot([0, 2], 3)
...     w = tf.where(tf.placeholder(tf.bool, [None]), x, -x)
>>> g.name, g.shape.as_list(), h.dtype.name, w.op.type, w.shape.as_list()
('GatherV2:0', [None, 2], 'float32', 'Select', [None, 3])
"""
from __future__ import annotations

from builtins import range as builtins_range

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.ops.array_ops import rank, shape, size, zeros, zeros_like
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.registry import no_gradient, register
from graphscope.ops.shape_ops import dense_gradient, expand_dims, reshape, transpose
from graphscope.ops.tensor_util import (
    axis_value, check_dtype, constant_value, format_dims, gen_op, merge_dims, shape_error,
)

__all__ = ["gather", "unsorted_segment_sum", "one_hot", "where", "where_v2", "boolean_mask", "sequence_mask"]
# where, where_v2, boolean_mask, sequence_mask: defined in where_ops, re-exported at the bottom


# -- GatherV2 ---------------------------------------------------------------------------------------------------

def _gather_infer(inputs, attrs):
    params, indices, axis_t = inputs
    dtype = params._dtype.base_dtype
    attrs["Tparams"] = dtype
    attrs["Tindices"] = check_dtype("GatherV2", "indices", indices)
    attrs["Taxis"] = axis_t._dtype.base_dtype
    batch_dims = attrs.setdefault("batch_dims", 0)
    axis = axis_value("GatherV2", axis_t)
    pdims, idims = params._dims, indices._dims
    if pdims is not None and len(pdims) < 1:
        raise shape_error("GatherV2", "Shape must be at least rank 1 but is rank 0 (params)", inputs)
    if idims is not None and batch_dims < 0:
        batch_dims += len(idims)
    if axis is None:
        if pdims is None or idims is None:
            return [(dtype, None)]
        return [(dtype, (None,) * (len(pdims) + len(idims) - 1 - batch_dims))]
    if pdims is not None:
        if not -len(pdims) <= axis < len(pdims):
            raise shape_error("GatherV2", "Shape must be at least rank %d but is rank %d (axis %d of params)"
                              % (-axis if axis < 0 else axis + 1, len(pdims), axis), inputs)
        axis %= len(pdims)
    if pdims is None or idims is None:
        return [(dtype, None)]
    if batch_dims > axis:
        raise shape_error("GatherV2", "batch_dims (%d) must be less than or equal to axis (%d)"
                          % (batch_dims, axis), inputs)
    return [(dtype, pdims[:axis] + idims[batch_dims:] + pdims[axis + 1:])]


def _gather_kernel(op):
    batch_dims = op._attrs["batch_dims"]

    def check(indices, limit):
        size = indices.size
        if not size:
            return
        if size <= 32:  # a few indices (shape arithmetic): Python's min/max beat two numpy reductions
            flat = indices.reshape(-1).tolist()
            if min(flat) >= 0 and max(flat) < limit:
                return
        elif indices.min() >= 0 and indices.max() < limit:
            return
        bad = np.argwhere((indices < 0) | (indices >= limit))[0]
        raise InvalidArgumentError(None, op, "indices[%s] = %d is not in [0, %d)"
                                   % (",".join(str(i) for i in bad), indices[tuple(bad)], limit))

    def gather_kernel(params, indices, axis):
        axis = int(axis)
        if not -params.ndim <= axis < params.ndim:
            raise InvalidArgumentError(None, op, "Expected axis in the range [%d, %d), but got %d"
                                       % (-params.ndim, params.ndim, axis))
        if axis < 0:
            axis += params.ndim
        check(indices, params.shape[axis])
        if not batch_dims:
            if not axis and type(indices) is np.ndarray and indices.ndim:
                return params[indices]  # np.take without its dispatch
            return np.take(params, indices, axis=axis)
        bd = batch_dims if batch_dims >= 0 else batch_dims + indices.ndim
        batch = params.shape[:bd]
        flat_params = params.reshape((-1,) + params.shape[bd:])
        flat_indices = indices.reshape((-1,) + indices.shape[bd:])
        parts = [np.take(p, i, axis=axis - bd) for p, i in zip(flat_params, flat_indices)]
        out_tail = params.shape[bd:axis] + indices.shape[bd:] + params.shape[axis + 1:]
        return np.stack(parts).reshape(batch + out_tail) if parts else np.empty(batch + out_tail, params.dtype)
    return gather_kernel


def _gather_grad(op, grad):
    """TF's ``_GatherV2Grad``. Axis 0: the gradient rows, one per index, summed into the params' rows
    (TF returns them as IndexedSlices; here they are made dense with ``UnsortedSegmentSum``, as TF does
    when it densifies). Other axes: move the axis first, sum by index, move it back."""
    from graphscope.ops.array_ops import range as range_
    from graphscope.ops.join_ops import concat
    params, indices, axis = op._inputs
    params_shape = shape(params)
    indices_size = expand_dims(size(indices), 0)
    axis_static = constant_value(axis)
    batch_dims = int(op._attrs["batch_dims"])
    if batch_dims < 0:
        if indices._dims is None:
            raise ValueError("Currently, it is unsupported to take the gradient of tf.gather when batch_dims < 0 "
                             "and the rank of the indices is unknown. Please pass a positive batch_dims or use "
                             "tf.ensure_shape to update the shape of indices when calling tf.gather. Got "
                             "batch_dims=%d and indices=%s" % (batch_dims, indices))
        batch_dims += len(indices._dims)
    if axis_static is not None and int(axis_static) == 0:
        params_tail_shape = params_shape[1:]
        values_shape = concat([indices_size, params_tail_shape], 0)
        values = reshape(dense_gradient(grad), values_shape)
        indices = reshape(indices, indices_size)
        return [unsorted_segment_sum(values, indices, params_shape[0]), None, None]
    outer_shape = params_shape[:axis]
    inner_shape = params_shape[axis:][1:]
    values_shape = concat([outer_shape, [-1], inner_shape], 0)
    values_dims = size(values_shape)
    axis_dims = size(outer_shape)
    outer_batches_indices = range_(batch_dims)
    batch_axis_indices = range_(batch_dims, axis_dims)
    inner_axes_indices = range_(axis_dims + 1, values_dims)
    values = reshape(dense_gradient(grad), values_shape)
    # move values[axis] up to values[batch_dims], sum by index, move it back
    transpose_dims = concat([outer_batches_indices, [axis_dims], batch_axis_indices, inner_axes_indices], 0)
    values_transpose = transpose(values, transpose_dims)
    params_shape_transpose = gather(params_shape, transpose_dims)
    params_grad = _batch_gather_grad(params_shape_transpose, values_transpose, indices, batch_dims,
                                     params_shape[axis])
    invert_transpose_dims = concat([outer_batches_indices, batch_axis_indices + 1, [batch_dims],
                                    inner_axes_indices], 0)
    params_grad = transpose(params_grad, invert_transpose_dims)
    return [reshape(params_grad, shape(params)), None, None]


def _batch_indices(params_shape, indices, batch_dims):
    """TF's ``_GetBatchIndices``: the indices offset by their batch's position in the flattened batch."""
    from graphscope.ops import math_ops
    from graphscope.ops.array_ops import ones, range as range_
    from graphscope.ops.join_ops import concat
    from graphscope.ops.shape_ops import tile
    batch_indices = indices
    indices_dtype = indices.dtype.base_dtype
    casted_params_shape = math_ops.cast(params_shape, indices_dtype)
    accum_dim_value = ones((), dtype=indices_dtype)
    for dim in builtins_range(batch_dims, 0, -1):
        dim_value = casted_params_shape[dim - 1]
        accum_dim_value *= casted_params_shape[dim]
        start = zeros((), dtype=indices_dtype)
        step = ones((), dtype=indices_dtype)
        dim_indices = range_(start, dim_value, step)
        dim_indices *= accum_dim_value
        dim_shape = concat([tile([1], [dim - 1]), [dim_value], tile([1], [rank(indices) - dim])], axis=0)
        batch_indices += reshape(dim_indices, dim_shape)
    return batch_indices


def _batch_gather_grad(params_shape, values, indices, batch_dims, gather_dim_size):
    """TF's ``_BatchGatherGrad``: the gradient of a gather along the first non-batch dimension."""
    from graphscope.ops import math_ops
    from graphscope.ops.join_ops import concat
    indices_size = expand_dims(size(indices), 0)
    if batch_dims:
        values_shape = shape(values)
        outer_shape = values_shape[:batch_dims]
        inner_shape = values_shape[batch_dims:][1:]
        batch_size = math_ops.reduce_prod(outer_shape, [0])
        flat_values_shape = concat([[-1], inner_shape], 0)
        gather_dim_size *= batch_size
        indices = _batch_indices(params_shape, indices, batch_dims)
        values = reshape(dense_gradient(values), flat_values_shape)
    indices = reshape(indices, indices_size)
    params_grad = unsorted_segment_sum(values, indices, gather_dim_size)
    if batch_dims:
        params_grad = reshape(params_grad, concat([outer_shape, flat_values_shape], 0))
    return params_grad


GATHER_V2 = register("GatherV2", infer=_gather_infer, kernel=_gather_kernel, gradient=_gather_grad)


def gather(params, indices, validate_indices=None, name: str | None = None, axis=None, batch_dims: int = 0):
    """Rows (or slices along ``axis``) of ``params`` picked by ``indices`` (``tf.gather``, op ``GatherV2``).

    An index outside ``[0, params.shape[axis])`` is an InvalidArgumentError when the graph runs.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     g = tf.gather(tf.placeholder(tf.float32, [None, 3]), [[0, 1]], axis=1)
    >>> g.op.type, g.shape.as_list(), g.op.inputs[2].name
    ('GatherV2', [None, 1, 2], 'GatherV2/axis:0')
    """
    del validate_indices  # deprecated in TF, does nothing
    if axis is None:
        axis = batch_dims
    args = [(params, "params", None), (indices, "indices", None), (axis, "axis", dtypes.int32)]
    return gen_op(GATHER_V2, name, "GatherV2", args, {"batch_dims": int(batch_dims)})._outputs[0]


# -- UnsortedSegmentSum -----------------------------------------------------------------------------------

_SEGMENT_DATA_DTYPES = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8, dtypes.int16, dtypes.int32,
                        dtypes.int64, dtypes.uint8, dtypes.uint16, dtypes.uint32, dtypes.uint64, dtypes.complex64,
                        dtypes.complex128)


def _unsorted_segment_sum_infer(inputs, attrs):
    data, segment_ids, num_segments = inputs
    attrs["T"] = check_dtype("UnsortedSegmentSum", "data", data, _SEGMENT_DATA_DTYPES)
    attrs["Tindices"] = check_dtype("UnsortedSegmentSum", "segment_ids", segment_ids)
    attrs["Tnumsegments"] = check_dtype("UnsortedSegmentSum", "num_segments", num_segments)
    if num_segments._dims not in (None, ()):
        raise shape_error("UnsortedSegmentSum", "Shape must be rank 0 but is rank %d (num_segments must be a scalar)"
                          % len(num_segments._dims), inputs)
    ddims, idims = data._dims, segment_ids._dims
    if ddims is None or idims is None:
        return [(data._dtype.base_dtype, None)]
    if len(idims) > len(ddims):
        raise shape_error("UnsortedSegmentSum", "Shape must be at least rank %d but is rank %d (data must have at "
                          "least the rank of segment_ids)" % (len(idims), len(ddims)), inputs)
    try:
        merge_dims(ddims[:len(idims)], idims)
    except ValueError:
        raise shape_error("UnsortedSegmentSum", "segment_ids.shape = %s is not a prefix of data.shape = %s"
                          % (format_dims(idims), format_dims(ddims)), inputs) from None
    count = constant_value(num_segments)
    if count is not None and int(count) < 0:
        raise shape_error("UnsortedSegmentSum", "num_segments must be non-negative, got %d" % int(count), inputs)
    return [(data._dtype.base_dtype, (None if count is None else int(count),) + ddims[len(idims):])]


def _unsorted_segment_sum_kernel(op):
    def unsorted_segment_sum_kernel(data, segment_ids, num_segments):
        count = int(num_segments)
        if data.shape[:segment_ids.ndim] != segment_ids.shape:
            raise InvalidArgumentError(None, op, "data.shape = %s does not start with segment_ids.shape = %s"
                                       % (format_dims(data.shape), format_dims(segment_ids.shape)))
        if count < 0:
            raise InvalidArgumentError(None, op, "num_segments must be non-negative, got %d" % count)
        out_of_range = segment_ids >= count
        if out_of_range.any():
            bad = np.argwhere(out_of_range)[0]
            raise InvalidArgumentError(None, op, "segment_ids[%s] = %d is out of range [0, %d)"
                                       % (",".join(str(i) for i in bad), segment_ids[tuple(bad)], count))
        result = np.zeros((count,) + data.shape[segment_ids.ndim:], dtype=data.dtype)
        kept = segment_ids >= 0  # negative ids are dropped
        np.add.at(result, segment_ids[kept], data[kept])
        return result
    return unsorted_segment_sum_kernel


def _gather_drop_negatives(params, ids):
    """TF's ``_GatherDropNegatives``: ``params[ids]``, with zeros where an id is negative."""
    from graphscope.ops import math_ops
    from graphscope.ops.array_ops import ones, ones_like
    from graphscope.ops.join_ops import concat
    zero_clipped_indices = math_ops.maximum(ids, zeros_like(ids))
    gathered = gather(params, zero_clipped_indices)
    is_positive = math_ops.greater_equal(ids, 0)
    is_positive_shape = shape(is_positive)
    broadcastable_shape = concat([is_positive_shape, ones([rank(gathered) - rank(is_positive)],
                                                          dtype=is_positive_shape.dtype)], axis=0)
    is_positive = reshape(is_positive, broadcastable_shape)
    is_positive = is_positive & ones_like(gathered, dtype=dtypes.bool)
    zero_slice = zeros_like(gathered)
    return where_v2(is_positive, gathered, zero_slice)


UNSORTED_SEGMENT_SUM = register(
    "UnsortedSegmentSum", infer=_unsorted_segment_sum_infer, kernel=_unsorted_segment_sum_kernel,
    gradient=lambda op, grad: [_gather_drop_negatives(grad, op._inputs[1]), None, None])


def unsorted_segment_sum(data, segment_ids, num_segments, name: str | None = None):
    """``result[i] = sum of data[j...] over the j... with segment_ids[j...] == i`` for ``i`` below
    ``num_segments``; negative ids are dropped (``tf.math.unsorted_segment_sum``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     s = tf.unsorted_segment_sum([[1., 2.], [3., 4.], [5., 6.]], [1, 1, -1], 3)
    ...     print(s.op.type, s.shape.as_list(), tf.Session().run(s).tolist())
    UnsortedSegmentSum [3, 2] [[0.0, 0.0], [4.0, 6.0], [0.0, 0.0]]
    """
    args = [(data, "data", None), (segment_ids, "segment_ids", None), (num_segments, "num_segments", dtypes.int32)]
    return gen_op(UNSORTED_SEGMENT_SUM, name, "UnsortedSegmentSum", args)._outputs[0]


# -- OneHot -----------------------------------------------------------------------------------------------------

_ONE_HOT_INDEX_DTYPES = (dtypes.uint8, dtypes.int8, dtypes.int32, dtypes.int64)


def _one_hot_infer(inputs, attrs):
    indices, depth_t, on_value, off_value = inputs
    attrs["TI"] = check_dtype("OneHot", "indices", indices, _ONE_HOT_INDEX_DTYPES)
    check_dtype("OneHot", "depth", depth_t, (dtypes.int32,))
    dtype = on_value._dtype.base_dtype
    if off_value._dtype.base_dtype != dtype:
        raise TypeError("Input 'off_value' of 'OneHot' Op has type %s that does not match type %s of argument "
                        "'on_value'." % (off_value._dtype.base_dtype.name, dtype.name))
    attrs["T"] = dtype
    axis = attrs.setdefault("axis", -1)
    if axis < -1:
        raise shape_error("OneHot", "Expected axis to be -1 or between [0, %s).  But received: %d"
                          % ("?" if indices._dims is None else len(indices._dims) + 1, axis), inputs)
    for arg, t in (("depth", depth_t), ("on_value", on_value), ("off_value", off_value)):
        if t._dims not in (None, ()):
            raise shape_error("OneHot", "Shape must be rank 0 but is rank %d (%s must be a scalar)"
                              % (len(t._dims), arg), inputs)
    depth = constant_value(depth_t)
    if depth is not None and int(depth) < 0:
        raise shape_error("OneHot", "depth must be non-negative, got: %d" % int(depth), inputs)
    dims = indices._dims
    if dims is None:
        return [(dtype, None)]
    new_rank = len(dims) + 1
    if axis >= new_rank:
        raise shape_error("OneHot", "Expected axis to be -1 or between [0, %d).  But received: %d"
                          % (new_rank, axis), inputs)
    at = (axis + new_rank) % new_rank
    return [(dtype, dims[:at] + (None if depth is None else int(depth),) + dims[at:])]


def _one_hot_kernel(op):
    axis = op._attrs["axis"]

    def one_hot_kernel(indices, depth, on_value, off_value):
        depth = int(depth)
        if depth < 0:
            raise InvalidArgumentError(None, op, "depth must be non-negative, got: %d" % depth)
        at = indices.ndim if axis == -1 else axis
        positions = np.arange(depth).reshape((depth,) + (1,) * (indices.ndim - at))
        return np.where(np.expand_dims(indices, at) == positions, on_value, off_value)
    return one_hot_kernel


ONE_HOT = register("OneHot", infer=_one_hot_infer, kernel=_one_hot_kernel, gradient=no_gradient)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name: str | None = None):
    """One-hot vectors along a new ``axis`` (default last) (``tf.one_hot``); dtype float32 unless given
    or implied by ``on_value``/``off_value``. Indices outside ``[0, depth)`` give all-``off_value`` rows.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     h = tf.one_hot(tf.placeholder(tf.int32, [None]), 3)
    >>> h.op.type, h.name, h.dtype.name, h.shape.as_list()
    ('OneHot', 'one_hot:0', 'float32', [None, 3])
    """
    dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None else None
    with op_scope(name, "one_hot", [indices, depth, on_value, off_value]) as scope:
        on_exists, off_exists = on_value is not None, off_value is not None
        on_dtype = convert_to_tensor(on_value).dtype.base_dtype if on_exists else None
        off_dtype = convert_to_tensor(off_value).dtype.base_dtype if off_exists else None
        if on_exists or off_exists:
            if dtype is not None:
                if on_exists and on_dtype != dtype:
                    raise TypeError("dtype {0} of on_value does not match dtype parameter {1}".format(
                        on_dtype.name, dtype.name))
                if off_exists and off_dtype != dtype:
                    raise TypeError("dtype {0} of off_value does not match dtype parameter {1}".format(
                        off_dtype.name, dtype.name))
            else:
                dtype = on_dtype if on_exists else off_dtype
        elif dtype is None:
            dtype = dtypes.float32
        if not on_exists:
            on_value, on_dtype = convert_to_tensor(1, dtype, name="on_value"), dtype
        if not off_exists:
            off_value, off_dtype = convert_to_tensor(0, dtype, name="off_value"), dtype
        if on_dtype != off_dtype:
            raise TypeError("dtype {0} of on_value does not match dtype {1} of off_value".format(
                on_dtype.name, off_dtype.name))
        indices = convert_to_tensor(indices, name="indices")
        depth = convert_to_tensor(depth, name="depth", dtype_hint=dtypes.int32)
        on_value = convert_to_tensor(on_value, name="on_value")
        off_value = convert_to_tensor(off_value, dtype=on_value.dtype.base_dtype, name="off_value")
        attrs = {"axis": -1 if axis is None else int(axis)}
        return apply_op(ONE_HOT, [indices, depth, on_value, off_value], attrs, name=scope)._outputs[0]


# -- Where, Select, SelectV2, boolean_mask, sequence_mask: in where_ops (importing this module registers them)
from graphscope.ops.where_ops import (  # noqa: E402,F401
    SELECT, SELECT_V2, WHERE, boolean_mask, sequence_mask, where, where_v2,
)
