"""Selecting and masking array ops: where (``Select``; with one argument ``Where``, the coordinates
of the true elements), where_v2 (``SelectV2``, broadcasting), and the composites boolean_mask and
sequence_mask.

:mod:`graphscope.ops.indexing_ops` re-exports these names. ``where``'s gradient sends zeros to the
branch not taken, so a NaN or infinite local gradient there still multiplies a zero (TF's NaN trap).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     c = tf.constant([True, False, True])
...     w = tf.where(c, tf.constant([1, 2, 3]), tf.constant([-1, -2, -3]))
...     m = tf.boolean_mask(tf.constant([1, 2, 3]), c)
...     s = tf.sequence_mask([1, 3], 3)
...     print(w.op.type, tf.Session().run([w, m]))
...     print(tf.Session().run(s))
Select [array([ 1, -2,  3], dtype=int32), array([1, 3], dtype=int32)]
[[ True False False]
 [ True  True  True]]
"""
from __future__ import annotations

from builtins import range as builtins_range

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.ops.array_ops import RANGE, constant, shape, zeros, zeros_like
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.join_ops import concat
from graphscope.ops.registry import lookup, no_gradient, register
from graphscope.ops.shape_ops import expand_dims, reshape, squeeze
from graphscope.ops.tensor_util import constant_value, format_dims, merge_dims, shape_error
from graphscope.shapes import TensorShape, as_shape, broadcast_dims
from graphscope.tensor import Tensor

__all__ = ["where", "where_v2", "boolean_mask", "sequence_mask"]


# -- Where (coordinates), Select (TF1 where), SelectV2 (where_v2) -----------------------------------------

def _where_infer(inputs, attrs):
    (condition,) = inputs
    attrs["T"] = condition._dtype.base_dtype
    dims = condition._dims
    return [(dtypes.int64, (None, None if dims is None else len(dims)))]


WHERE = register("Where", infer=_where_infer,
                 kernel=lambda op: lambda condition: np.argwhere(condition).astype(np.int64, copy=False),
                 gradient=no_gradient)


def _select_types(op_type, condition, t, e):
    if condition._dtype.base_dtype != dtypes.bool:
        raise TypeError("Input 'condition' of '%s' Op has type %s that does not match expected type of bool."
                        % (op_type, condition._dtype.base_dtype.name))
    if t._dtype.base_dtype != e._dtype.base_dtype:
        raise TypeError("Input 'e' of '%s' Op has type %s that does not match type %s of argument 't'."
                        % (op_type, e._dtype.base_dtype.name, t._dtype.base_dtype.name))
    return t._dtype.base_dtype


def _select_infer(inputs, attrs):
    condition, t, e = inputs
    dtype = attrs["T"] = _select_types("Select", condition, t, e)
    try:
        data = merge_dims(t._dims, e._dims)
        cond = condition._dims
        if cond is None or data is None or len(cond) == 0:
            return [(dtype, data)]
        if len(cond) != 1 or len(data) == 0:
            return [(dtype, merge_dims(data, cond))]
        merge_dims(cond, data[:1])
        return [(dtype, data)]
    except ValueError as exc:
        raise shape_error("Select", str(exc), inputs) from None


def _select_kernel(op):
    def select_kernel(condition, t, e):
        if t.shape != e.shape:
            raise InvalidArgumentError(None, op, "'then' and 'else' must have the same size.  but are %s and %s"
                                       % (format_dims(t.shape), format_dims(e.shape)))
        if condition.ndim == 0:
            return t if condition else e
        if condition.ndim == 1 and t.ndim > 1:
            if condition.shape[0] != t.shape[0]:
                raise InvalidArgumentError(None, op, "Number of batches of 'then' must match size of 'cond', but "
                                           "saw: %d vs. %d" % (t.shape[0], condition.shape[0]))
            return np.where(condition.reshape((-1,) + (1,) * (t.ndim - 1)), t, e)
        if condition.shape != t.shape:
            raise InvalidArgumentError(None, op, "'then' and 'cond' must have the same size.  but are %s and %s"
                                       % (format_dims(t.shape), format_dims(condition.shape)))
        return np.where(condition, t, e)
    return select_kernel


def _select_grad(op, grad):
    """The chosen branch gets the gradient, the other zeros, the condition none (TF's ``_SelectGrad``)."""
    condition, x = op._inputs[0], op._inputs[1]
    zeros_ = zeros_like(x)
    return [None, where(condition, grad, zeros_), where(condition, zeros_, grad)]


SELECT = register("Select", infer=_select_infer, kernel=_select_kernel, gradient=_select_grad)


def _select_v2_infer(inputs, attrs):
    condition, t, e = inputs
    dtype = attrs["T"] = _select_types("SelectV2", condition, t, e)
    try:
        return [(dtype, broadcast_dims(condition._dims, broadcast_dims(t._dims, e._dims)))]
    except ValueError as exc:
        raise shape_error("SelectV2", str(exc), inputs) from None


def _select_v2_kernel(op):
    def select_v2_kernel(condition, t, e):
        try:
            return np.where(condition, t, e)
        except ValueError:
            raise InvalidArgumentError(None, op, "condition, then and else must be broadcastable: shapes %s, %s, %s"
                                       % (format_dims(condition.shape), format_dims(t.shape),
                                          format_dims(e.shape))) from None
    return select_v2_kernel


def _reduction_axes(x_dims, y_dims):
    """TF's ``_InferGradientReductionAxes``: the axes along which each of two broadcast operands was
    stretched, when static shapes tell (else None)."""
    if x_dims is None or y_dims is None:
        return None
    b_rank = max(len(x_dims), len(y_dims))
    x_axes, y_axes = [], []
    for axis in builtins_range(b_rank):
        x_dim = 1 if axis < b_rank - len(x_dims) else x_dims[axis - (b_rank - len(x_dims))]
        y_dim = 1 if axis < b_rank - len(y_dims) else y_dims[axis - (b_rank - len(y_dims))]
        if x_dim == 1 and y_dim != 1:
            x_axes.append(axis)
        elif y_dim == 1 and x_dim != 1:
            y_axes.append(axis)
        elif x_dim is None or y_dim is None:
            return None
    return x_axes, y_axes


def _broadcast_gradient_args(x_shape, y_shape):
    op_def = lookup("BroadcastGradientArgs")
    if op_def is None:
        raise NotImplementedError("The gradient of a broadcasting op on shapes unknown at build time needs the "
                                  "BroadcastGradientArgs op (registered with the math ops).")
    return apply_op(op_def, [x_shape, y_shape], name="BroadcastGradientArgs")._outputs


def _reduce_to(x, z, grad):
    """The gradient of a broadcast operand ``x`` of the output ``z``: ``grad`` summed over the axes ``x``
    was stretched along, in ``x``'s shape (TF's ``_ReduceGradientArgs`` for one operand)."""
    from graphscope.ops.math_ops import reduce_sum
    x_shape, z_shape = shape(x), shape(z)
    axes = _reduction_axes(x._dims, z._dims)
    if axes is None:
        x_axes, must_reduce = _broadcast_gradient_args(x_shape, z_shape)[0], True
    else:
        x_axes = axes[0]
        must_reduce = bool(x_axes) or len(x._dims) < len(z._dims)
    if must_reduce:
        grad = reshape(reduce_sum(grad, x_axes, keepdims=True), x_shape)
    return grad


def _select_v2_grad(op, grad):
    """As Select's, with each branch's gradient summed back over the dims it was broadcast along."""
    condition, x, y = op._inputs
    z = op._outputs[0]
    zero = zeros([], dtype=grad.dtype.base_dtype)
    gx = where_v2(condition, grad, zero)
    gy = where_v2(condition, zero, grad)
    return [None, _reduce_to(x, z, gx), _reduce_to(y, z, gy)]


SELECT_V2 = register("SelectV2", infer=_select_v2_infer, kernel=_select_v2_kernel, gradient=_select_v2_grad)


def _where_coordinates(condition, name):
    with op_scope(name, "Where", [condition]) as scope:
        condition = convert_to_tensor(condition, dtype_hint=dtypes.bool, name="condition")
        return apply_op(WHERE, [condition], name=scope)._outputs[0]


def _gen_select(op_def, condition, x, y, name, default_name):
    if not all(type(v) is Tensor for v in (condition, x, y)):
        with op_scope(name, default_name, [condition, x, y]) as scope:
            condition = convert_to_tensor(condition, dtype=dtypes.bool, name="condition")
            x = convert_to_tensor(x, name="t")
            y = convert_to_tensor(y, dtype=None if isinstance(y, Tensor) else x.dtype.base_dtype, name="e")
            return apply_op(op_def, [condition, x, y], name=scope)._outputs[0]
    return apply_op(op_def, [condition, x, y], name=default_name if name is None else name)._outputs[0]


def where(condition, x=None, y=None, name: str | None = None):
    """TF1's ``tf.where``: with ``x`` and ``y``, elements (or, for a vector ``condition``, whole rows) of
    ``x`` where ``condition`` is true and of ``y`` elsewhere (op ``Select``, no broadcasting); alone,
    the int64 coordinates ``[N, rank]`` of the true elements (op ``Where``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     c = tf.placeholder(tf.bool, [3])
    ...     a = tf.placeholder(tf.float32, [3, 2])
    ...     s = tf.where(c, a, -a)
    ...     w = tf.where(c)
    >>> s.op.type, s.shape.as_list(), w.op.type, w.dtype.name, w.shape.as_list()
    ('Select', [3, 2], 'Where', 'int64', [None, 1])
    """
    if x is None and y is None:
        return _where_coordinates(condition, name)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return _gen_select(SELECT, condition, x, y, name, "Select")


def where_v2(condition, x=None, y=None, name: str | None = None):
    """TF2's ``where`` (``tf.where_v2``): like :func:`where`, but ``condition``, ``x`` and ``y`` broadcast
    (op ``SelectV2``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     s = tf.where_v2(tf.placeholder(tf.bool, [2, 1]), tf.placeholder(tf.float32, [3]), 0.0)
    >>> s.op.type, s.shape.as_list()
    ('SelectV2', [2, 3])
    """
    if x is None and y is None:
        return _where_coordinates(condition, name)
    if x is None or y is None:
        raise ValueError("x and y must both be non-None or both be None.")
    return _gen_select(SELECT_V2, condition, x, y, name, "SelectV2")


# -- boolean_mask, sequence_mask (composites) --------------------------------------------------------------

def boolean_mask(tensor, mask, name: str = "boolean_mask", axis=None):
    """The elements (or slices) of ``tensor`` where the K-dimensional ``mask`` is true, flattened over those
    K dimensions (``tf.boolean_mask``; numpy's ``tensor[mask]``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     m = tf.boolean_mask(tf.placeholder(tf.float32, [3, 2]), [True, False, True])
    >>> m.op.type, m.shape.as_list()
    ('GatherV2', [None, 2])
    """
    from graphscope.ops import math_ops
    from graphscope.ops.indexing_ops import gather
    with op_scope(name, "boolean_mask", [tensor, mask]):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        mask_dims, tensor_shape = mask._dims, tensor.shape
        if mask_dims is not None and len(mask_dims) == 0:
            raise ValueError("mask cannot be scalar.")
        if mask_dims is None:
            raise ValueError("Number of mask dimensions must be specified, even if some dimensions are None.  "
                             "E.g. shape=[None] is ok, but shape=None is not.")
        ndims_mask = len(mask_dims)
        axis = 0 if axis is None else axis
        axis_value = int(axis) if not isinstance(axis, Tensor) else int(constant_value(axis))
        leading = TensorShape(None) if tensor._dims is None else \
            TensorShape(tensor._dims[axis_value:axis_value + ndims_mask])
        leading.assert_is_compatible_with(TensorShape(mask_dims))
        leading_size = math_ops.reduce_prod(shape(tensor)[axis_value:axis_value + ndims_mask], [0])
        tensor = reshape(tensor, concat([shape(tensor)[:axis_value], [leading_size],
                                         shape(tensor)[axis_value + ndims_mask:]], 0))
        if tensor_shape.ndims is not None:
            first_dim = leading.num_elements()
            tensor.set_shape(as_shape(tensor_shape[:axis_value]).concatenate([first_dim])
                             .concatenate(tensor_shape[axis_value + ndims_mask:]))
        mask = reshape(mask, [-1])
        indices = squeeze(where_v2(mask), axis=[1])
        return gather(tensor, indices, axis=axis)


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name: str | None = None):
    """``mask[..., j] = j < lengths[...]`` with a new last dimension of ``maxlen`` (default: the largest
    length) (``tf.sequence_mask``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     m = tf.sequence_mask(tf.placeholder(tf.int32, [None]), 5)
    >>> m.dtype.name, m.shape.as_list()
    ('bool', [None, 5])
    """
    from graphscope.ops import math_ops
    with op_scope(name, "SequenceMask", [lengths, maxlen]):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            ndims = lengths._dims
            axes = (constant(np.arange(len(ndims)), dtype=dtypes.int32) if ndims is not None
                    else _range_of_rank(lengths))
            maxlen = math_ops.reduce_max(lengths, axes)
            maxlen = math_ops.maximum(constant(0, maxlen.dtype), maxlen)
        else:
            maxlen = convert_to_tensor(maxlen)
        if maxlen._dims is not None and len(maxlen._dims) != 0:
            raise ValueError("maxlen must be scalar for sequence_mask")
        start, delta = constant(0, maxlen.dtype), constant(1, maxlen.dtype)
        row_vector = apply_op(RANGE, [start, maxlen, delta], name="Range")._outputs[0]
        matrix = math_ops.cast(expand_dims(lengths, -1), maxlen.dtype)
        result = row_vector < matrix
        if dtype is None or result.dtype.base_dtype == dtypes.as_dtype(dtype).base_dtype:
            return result
        return math_ops.cast(result, dtype)


def _range_of_rank(x):
    from graphscope.ops.array_ops import rank
    return apply_op(RANGE, [constant(0), rank(x), constant(1)], name="Range")._outputs[0]
