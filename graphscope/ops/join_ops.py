"""Joining and splitting array ops: stack (Pack), unstack (Unpack), concat (ConcatV2), split (Split, SplitV),
and autopacking (a list holding tensors converts to a Pack op).

Each op's gradient sits beside it: Pack and Unpack undo each other, ConcatV2 slices the gradient at
the inputs' offsets (``ConcatOffset``), Split and SplitV concatenate their outputs' gradients.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 2])
...     s = tf.stack([x, x])
...     c = tf.concat([x, x], 1)
...     a, b = tf.split(c, 2, axis=1)
>>> s.name, s.shape.as_list(), c.name, c.shape.as_list(), a.name, b.shape.as_list()
('stack:0', [2, None, 2], 'concat:0', [None, 4], 'split:0', [None, 2])
"""
from __future__ import annotations

import builtins
import numbers

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.graph import get_default_graph
from graphscope.ops.array_ops import constant, identity, rank, shape, shape_n
from graphscope.ops.cast_ops import cast
from graphscope.ops.core import apply_op, convert_to_tensor, graph_of, is_tensor_like, op_scope
from graphscope.ops.registry import no_gradient, register
from graphscope.ops.tensor_util import (
    all_or_nothing, axis_value, check_dtype, constant_value, convert_n, format_dims, merge_dims, same_dtype,
    shape_error, to_tensor,
)
from graphscope.tensor import Tensor

__all__ = ["stack", "unstack", "concat", "split"]


# -- Pack (stack), Unpack (unstack), ConcatV2 (concat) ----------------------------------------------

def _pack_infer(inputs, attrs):
    if not inputs:
        raise ValueError("Pack (tf.stack) needs at least one value to stack.")
    dtype = same_dtype(inputs, "Pack")
    attrs["N"], attrs["T"] = len(inputs), dtype
    axis = attrs.setdefault("axis", 0)
    merged = inputs[-1]._dims
    for i in builtins.range(len(inputs) - 2, -1, -1):
        try:
            merged = merge_dims(inputs[i]._dims, merged)
        except ValueError as exc:
            raise shape_error("Pack", "%s From merging shape %d with other shapes." % (exc, i), inputs) from None
    if merged is None:
        return [(dtype, None)]
    rank = len(merged) + 1
    if not -rank <= axis < rank:
        raise shape_error("Pack", "Invalid axis: %d; must be in [%d,%d)" % (axis, -rank, rank), inputs)
    if axis < 0:
        axis += rank
    return [(dtype, merged[:axis] + (len(inputs),) + merged[axis:])]


def _pack_kernel(op):
    axis = op._attrs["axis"]

    def pack(*values):
        try:
            return np.stack(values, axis)
        except ValueError:
            first = values[0].shape
            bad = next((i for i, v in enumerate(values) if v.shape != first), 0)
            raise InvalidArgumentError(None, op, "Shapes of all inputs must match: values[0].shape = %s != "
                                       "values[%d].shape = %s" % (format_dims(first), bad,
                                                                  format_dims(values[bad].shape))) from None
    return pack


PACK = register("Pack", infer=_pack_infer, kernel=_pack_kernel,
                gradient=lambda op, grad: unstack(grad, num=op._attrs["N"], axis=op._attrs["axis"]))


@all_or_nothing
def stack(values, axis: int = 0, name: str = "stack"):
    """Stack rank-R tensors into one rank-(R+1) tensor along ``axis`` (``tf.stack``; op ``Pack``).

    A list of plain numbers becomes one constant, as in TensorFlow.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, [None, 2])
    ...     s = tf.stack([x, x], axis=1)
    ...     c = tf.stack([1, 2])
    >>> s.op.type, s.name, s.shape.as_list(), c.op.type
    ('Pack', 'stack:0', [None, 2, 2], 'Const')
    """
    if axis == 0:
        try:
            return to_tensor(values, name=name)
        except (TypeError, ValueError):
            pass  # tensors of different dtypes: let Pack say so
    value_shape = to_tensor(values[0], name=name)._dims
    if value_shape is not None:
        expanded = len(value_shape) + 1
        if axis < -expanded or axis >= expanded:
            raise ValueError("axis = %d not in [%d, %d)" % (axis, -expanded, expanded))
    with op_scope(name, "Pack", list(values)) as scope:
        tensors = convert_n(values, "Pack")
        return apply_op(PACK, tensors, {"axis": axis}, name=scope)._outputs[0]


# -- autopacking: TF's conversion of lists and tuples that hold tensors -------------------------------

def autopack(values, dtype=None, name: str | None = None, cast_to_dtype: bool = True) -> Tensor:
    """A list or tuple holding tensors (at any depth) as one tensor: a ``Pack`` op named ``name``
    (default "packed"), as TensorFlow's list conversion makes it (``_autopacking_conversion_function``).
    :func:`~graphscope.ops.core.convert_to_tensor` calls it for such lists.

    The dtype is that of the first tensor found; Python values become constants of it named after
    their index in the pack's scope (``packed/1``), inner lists holding tensors become ``Pack`` ops
    there (``packed/0``). With ``dtype`` given, tensors of another dtype are cast to it first (ops
    ``Cast``, ``Cast_1``, ... outside the pack's scope), or, with ``cast_to_dtype=False`` (an op's list
    argument), they are a TypeError. All or nothing: a failure leaves no ops.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     t = tf.constant(1.0)
    ...     p = tf.convert_to_tensor([[t, 2.0], [3.0, 4.0]])
    ...     print(p.op.type, p.name, p.shape.as_list(), [x.name for x in p.op.inputs])
    ...     print(tf.Session().run(p).tolist())
    Pack packed:0 [2, 2] ['packed/0:0', 'packed/1_1:0']
    [[1.0, 2.0], [3.0, 4.0]]
    """
    tensor_likes = _tensor_likes_in(values)
    with graph_of(tensor_likes)._transaction():
        inferred = _dtype_of(tensor_likes[0]).base_dtype
        if dtype is None:
            dtype = inferred
        elif dtype != inferred and cast_to_dtype:
            values = _cast_tensor_likes(values, dtype)
        return _pack_nested(values, dtype, name or "packed")


def _tensor_likes_in(values) -> list:
    """The tensors and tensor-like objects (variables) in nested lists and tuples, depth first."""
    found = []
    for value in values:
        if isinstance(value, (list, tuple)):
            found.extend(_tensor_likes_in(value))
        elif is_tensor_like(value):
            found.append(value)
    return found


def _dtype_of(tensor_like) -> dtypes.DType:
    dtype = getattr(tensor_like, "dtype", None)  # variables: no need to read them
    return dtypes.as_dtype(dtype) if dtype is not None else convert_to_tensor(tensor_like).dtype


def _cast_tensor_likes(values, dtype) -> list:
    """TF's ``_cast_nested_seqs_to_dtype``: ``values`` with each tensor of another dtype cast to ``dtype``."""
    return [_cast_tensor_likes(value, dtype) if isinstance(value, (list, tuple))
            else cast(value, dtype) if is_tensor_like(value) and _dtype_of(value).base_dtype != dtype
            else value
            for value in values]


def _pack_nested(values, dtype, name: str):
    """TF's ``_autopacking_helper``: in name scope ``name``, ``values`` as a Pack op when they hold a
    tensor at any depth, else as a list of Python values (which the caller makes one constant)."""
    with op_scope(name, name, _tensor_likes_in(values)) as scope:
        elements, must_pack = [], False
        for i, value in enumerate(values):
            if isinstance(value, (list, tuple)):
                value = _pack_nested(value, dtype, str(i))
                must_pack = must_pack or isinstance(value, Tensor)
            elif is_tensor_like(value):
                if _dtype_of(value).base_dtype != dtype:
                    raise TypeError("Cannot convert a list containing a tensor of dtype %s to %s (Tensor is: %r)"
                                    % (_dtype_of(value), dtype, value))
                must_pack = True
            elements.append(value)
        if not must_pack:
            return elements
        elements = [value if is_tensor_like(value) else constant(value, dtype=dtype, name=str(i))
                    for i, value in enumerate(elements)]
        # Variables are read last, inside the scope, as TF's Pack reads them when converting its inputs.
        tensors = [convert_to_tensor(value) for value in elements]
        return apply_op(PACK, tensors, {"axis": 0}, name=scope)._outputs[0]


def _unpack_infer(inputs, attrs):
    (value,) = inputs
    dtype = value._dtype.base_dtype
    attrs["T"] = dtype
    num, axis = attrs["num"], attrs.setdefault("axis", 0)
    dims = value._dims
    if dims is None:
        return [(dtype, None)] * num
    rank = len(dims)
    if not -rank <= axis < rank:
        raise shape_error("Unpack", "Invalid axis: %d; must be in [%d,%d)" % (axis, -rank, rank), inputs)
    if axis < 0:
        axis += rank
    if dims[axis] is not None and dims[axis] != num:
        raise shape_error("Unpack", "Dimension must be %d but is %d" % (num, dims[axis]), inputs)
    return [(dtype, dims[:axis] + dims[axis + 1:])] * num


def _unpack_kernel(op):
    num, axis = op._attrs["num"], op._attrs["axis"]

    def unpack(value):
        moved = np.moveaxis(value, axis, 0)
        if moved.shape[0] != num:
            raise InvalidArgumentError(None, op, "Input shape axis %d must equal %d, got shape %s"
                                       % (axis, num, format_dims(value.shape)))
        return tuple(moved[i, ...] for i in builtins.range(num))
    return unpack


UNPACK = register("Unpack", infer=_unpack_infer, kernel=_unpack_kernel,
                  gradient=lambda op, *grads: [stack(list(grads), axis=op._attrs["axis"])])


@all_or_nothing
def unstack(value, num: int | None = None, axis: int = 0, name: str = "unstack"):
    """Split ``value`` along ``axis`` into a list of tensors of one rank less (``tf.unstack``; ``Unpack``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     a, b = tf.unstack(tf.placeholder(tf.float32, [2, None]))
    >>> a.name, b.name, b.shape.as_list()
    ('unstack:0', 'unstack:1', [None])
    """
    if num is None:
        value = convert_to_tensor(value)
        dims = value._dims
        if dims is not None:
            if axis < -len(dims) or axis >= len(dims):
                raise ValueError("axis = %d not in [%d, %d)" % (axis, -len(dims), len(dims)))
            num = dims[axis]
        if num is None:
            raise ValueError("Cannot infer argument `num` from shape %s" % format_dims(dims))
    with op_scope(name, "Unpack", [value]) as scope:
        value = convert_to_tensor(value, name="value")
        return list(apply_op(UNPACK, [value], {"num": num, "axis": axis}, name=scope)._outputs)


def _concat_infer(inputs, attrs):
    values, axis_t = inputs[:-1], inputs[-1]
    dtype = same_dtype(values, "ConcatV2")
    attrs["N"], attrs["T"] = len(values), dtype
    attrs["Tidx"] = axis_t._dtype.base_dtype
    if len(values) < 2:
        raise ValueError("ConcatV2 needs at least two values (attr N >= 2).")
    axis = axis_value("ConcatV2", axis_t)
    if axis is None:
        rank = next((len(t._dims) for t in values if t._dims is not None), None)
        if rank is None:
            return [(dtype, None)]
        if rank == 0:
            raise shape_error("ConcatV2", "Can't concatenate scalars (use tf.stack instead)", inputs)
        for t in values:
            if t._dims is not None and len(t._dims) != rank:
                raise shape_error("ConcatV2", "Shape must be rank %d but is rank %d" % (rank, len(t._dims)),
                                  inputs)
        return [(dtype, (None,) * rank)]
    min_rank = -axis if axis < 0 else axis + 1
    before = after = middle = None
    first = True
    for t in reversed(values):
        dims = t._dims
        if dims is not None and len(dims) < min_rank:
            raise shape_error("ConcatV2", "Shape must be at least rank %d but is rank %d" % (min_rank, len(dims)),
                              inputs)
        if dims is None:
            b = a = None
            m = None
        else:
            b = dims[:axis]
            m = dims[axis]
            a = () if axis == -1 else dims[axis + 1:]
        if first:
            before, middle, after, first = b, m, a, False
            continue
        try:
            before = merge_dims(b, before)
            after = merge_dims(a, after)
        except ValueError as exc:
            raise shape_error("ConcatV2", str(exc), inputs) from None
        middle = None if middle is None or m is None else middle + m
    if before is None or after is None:
        return [(dtype, None)]
    return [(dtype, before + (middle,) + after)]


def _concat_kernel(op):
    def concat_kernel(*inputs):
        values, axis = inputs[:-1], int(inputs[-1])
        try:
            return np.concatenate(values, axis=axis)
        except ValueError:
            raise InvalidArgumentError(None, op, _concat_problem(values, axis)) from None
    return concat_kernel


def _concat_problem(values, axis):
    rank = values[0].ndim
    if not -rank <= axis < rank:
        return "ConcatOp : Expected concatenating dimensions in the range [%d, %d), but got %d" % (-rank, rank, axis)
    axis %= rank
    for i, v in enumerate(values[1:], 1):
        if v.ndim != rank:
            return ("ConcatOp : Ranks of all input tensors should match: shape[0] = %s vs. shape[%d] = %s"
                    % (format_dims(values[0].shape), i, format_dims(v.shape)))
        for d in builtins.range(rank):
            if d != axis and v.shape[d] != values[0].shape[d]:
                return ("ConcatOp : Dimension %d in both shapes must be equal: shape[0] = %s vs. shape[%d] = %s"
                        % (d, format_dims(values[0].shape), i, format_dims(v.shape)))
    return "ConcatOp : cannot concatenate shapes %s" % [format_dims(v.shape) for v in values]


def _input_shapes(values):
    """TF's ``_ExtractInputShapes``: Const shapes while every shape is known, else one ``ShapeN``."""
    sizes = []
    for x in values:
        input_shape = shape(x)
        if input_shape._op._type != "Const":
            return shape_n(values)
        sizes.append(input_shape)
    return sizes


def _concat_grad(op, grad):
    """Each input's gradient is the slice of ``grad`` at its offset along the axis (``ConcatOffset``);
    with more than 16 inputs, one ``SplitV`` by the inputs' sizes instead."""
    from graphscope.ops.shape_ops import squeeze
    from graphscope.ops.slicing_ops import slice as slice_
    if len(op._inputs) == 2:
        return [grad, None]
    concat_dim, values = op._inputs[-1], op._inputs[:-1]
    non_neg_concat_dim = concat_dim % rank(values[0])
    sizes = _input_shapes(values)
    if len(sizes) > 16:
        sizes = squeeze(slice_(stack(sizes, axis=1), [non_neg_concat_dim, 0], [1, -1]))
        out_grads = split(grad, sizes, non_neg_concat_dim)
    else:
        offsets = concat_offset(non_neg_concat_dim, sizes)
        out_grads = [slice_(grad, begin, size) for begin, size in zip(offsets, sizes)]
    return list(out_grads) + [None]


CONCAT_V2 = register("ConcatV2", infer=_concat_infer, kernel=_concat_kernel, gradient=_concat_grad)


def _concat_offset_infer(inputs, attrs):
    concat_dim, shapes = inputs[0], inputs[1:]
    check_dtype("ConcatOffset", "concat_dim", concat_dim, (dtypes.int32,))
    if len(shapes) < 2:
        raise ValueError("ConcatOffset needs at least two shapes (attr N >= 2).")
    attrs["N"] = len(shapes)
    attrs["shape_type"] = same_dtype(shapes, "ConcatOffset", "shape")
    dims = None
    for t in shapes:
        try:
            dims = merge_dims(dims, t._dims)
        except ValueError as exc:
            raise shape_error("ConcatOffset", str(exc), inputs) from None
    return [(attrs["shape_type"], dims)] * len(shapes)


def _concat_offset_kernel(op):
    def concat_offset_kernel(concat_dim, *shapes):
        rank_ = shapes[0].size
        axis = int(concat_dim)
        if not -rank_ <= axis < rank_:
            raise InvalidArgumentError(None, op, "Concat dim is out of range: %d vs. %d" % (axis, rank_))
        axis %= rank_
        offsets, position = [], 0
        for i, s in enumerate(shapes):
            if s.size != rank_:
                raise InvalidArgumentError(None, op, "input %d should contain %d elements, but got %d"
                                           % (i, rank_, s.size))
            for d in builtins.range(rank_):
                if d != axis and s[d] != shapes[0][d]:
                    raise InvalidArgumentError(None, op, "All dimensions except %d must match. Input %d has shape "
                                               "%s and doesn't match input 0 with shape %s."
                                               % (axis, i, s.tolist(), shapes[0].tolist()))
            offset = np.zeros(rank_, dtype=s.dtype)
            offset[axis] = position
            position += int(s[axis])
            offsets.append(offset)
        return tuple(offsets)
    return concat_offset_kernel


CONCAT_OFFSET = register("ConcatOffset", infer=_concat_offset_infer, kernel=_concat_offset_kernel,
                         gradient=no_gradient)


def concat_offset(concat_dim, shape, name: str | None = None) -> list:
    """The offsets of the inputs of a concatenation along ``concat_dim``, given their ``shape``s (op
    ``ConcatOffset``, used by the gradient of ``ConcatV2``)."""
    with op_scope(name, "ConcatOffset", [concat_dim] + list(shape)) as scope:
        concat_dim = convert_to_tensor(concat_dim, name="concat_dim", dtype=dtypes.int32)
        shapes = convert_n(shape, "ConcatOffset", "shape")
        return list(apply_op(CONCAT_OFFSET, [concat_dim] + shapes, name=scope)._outputs)


def concat(values, axis, name: str = "concat"):
    """Join tensors along ``axis`` (``tf.concat``; op ``ConcatV2`` with its axis Const ``concat/axis``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     a = tf.placeholder(tf.float32, [None, 2])
    ...     c = tf.concat([a, a], -1)
    >>> c.op.type, c.name, c.shape.as_list(), c.op.inputs[2].name
    ('ConcatV2', 'concat:0', [None, 4], 'concat/axis:0')
    """
    if not isinstance(values, (list, tuple)):
        values = [values]
    if len(values) == 1:  # TF: a throwaway check of axis, then identity
        with op_scope(name, "concat", [values[0]]):
            axis_t = convert_to_tensor(axis, name="concat_dim", dtype=dtypes.int32)
            if axis_t._dims not in (None, ()):
                raise ValueError("Shape %s must have rank 0" % axis_t.shape)
            return identity(values[0], name=name)
    with op_scope(name, "ConcatV2", list(values) + [axis]) as scope, get_default_graph()._user_site():
        tensors = convert_n(values, "ConcatV2")
        axis_t = convert_to_tensor(axis, name="axis", dtype_hint=dtypes.int32)
        return apply_op(CONCAT_V2, tensors + [axis_t], name=scope)._outputs[0]


# -- Split, SplitV ---------------------------------------------------------------------------------------

def _split_axis(op_type, axis_t, dims, inputs):
    axis = axis_value(op_type, axis_t, "split_dim")
    if axis is None or dims is None:
        return axis
    if not -len(dims) <= axis < len(dims):
        raise shape_error(op_type, "Shape must be at least rank %d but is rank %d (split_dim %d)"
                          % (axis + 1 if axis >= 0 else -axis, len(dims), axis), inputs)
    return axis % len(dims)


def _split_infer(inputs, attrs):
    axis_t, x = inputs
    dtype = x._dtype.base_dtype
    attrs["T"] = dtype
    num = attrs["num_split"]
    axis = _split_axis("Split", axis_t, x._dims, inputs)
    if axis is None or x._dims is None:
        return [(dtype, None if x._dims is None else (None,) * len(x._dims))] * num
    size = x._dims[axis]
    if size is not None and size % num:
        raise shape_error("Split", "Dimension size must be evenly divisible by %d but is %d: number of ways to "
                          "split should evenly divide the split dimension" % (num, size), inputs)
    part = None if size is None else size // num
    return [(dtype, x._dims[:axis] + (part,) + x._dims[axis + 1:])] * num


def _split_kernel(op):
    num = op._attrs["num_split"]

    def split_kernel(axis, x):
        axis = int(axis)
        if not -x.ndim <= axis < x.ndim:
            raise InvalidArgumentError(None, op, "-input rank(-%d) <= split_dim < input rank (%d), but got %d"
                                       % (x.ndim, x.ndim, axis))
        axis %= x.ndim
        if x.shape[axis] % num:
            raise InvalidArgumentError(None, op, "Number of ways to split should evenly divide the split dimension, "
                                       "but got split_dim %d (size = %d) and num_split %d"
                                       % (axis, x.shape[axis], num))
        return tuple(np.split(x, num, axis))
    return split_kernel


SPLIT = register("Split", infer=_split_infer, kernel=_split_kernel,
                 gradient=lambda op, *grads: [None, concat(list(grads), op._inputs[0])])


def _split_v_infer(inputs, attrs):
    x, sizes_t, axis_t = inputs
    dtype = x._dtype.base_dtype
    attrs["T"], attrs["Tlen"] = dtype, check_dtype("SplitV", "size_splits", sizes_t)
    num = attrs["num_split"]
    axis = _split_axis("SplitV", axis_t, x._dims, inputs)
    if axis is None or x._dims is None:
        return [(dtype, None if x._dims is None else (None,) * len(x._dims))] * num
    sizes = constant_value(sizes_t)
    size = x._dims[axis]
    if sizes is None:
        return [(dtype, x._dims[:axis] + (None,) + x._dims[axis + 1:])] * num
    sizes = sizes.reshape(-1).tolist()
    if len(sizes) != num:
        raise shape_error("SplitV", "Length of size_splits should be equal to the number of outputs: %d vs %d"
                          % (len(sizes), num), inputs)
    if sizes.count(-1) > 1:
        raise shape_error("SplitV", "size_splits can contain at most one -1 (one inferred dimension)", inputs)
    known = sum(s for s in sizes if s != -1)
    if size is not None:
        if -1 in sizes:
            if known > size:
                raise shape_error("SplitV", "The sizes of the splits (%d) exceed the size of the split dimension "
                                  "(%d)" % (known, size), inputs)
            sizes[sizes.index(-1)] = size - known
        elif known != size:
            raise shape_error("SplitV", "Determined shape must either match input shape along split_dim exactly if "
                              "fully specified, or be less than the size of the input along split_dim if not fully "
                              "specified.  Got: %d, dimension size %d" % (known, size), inputs)
    return [(dtype, x._dims[:axis] + (None if s == -1 else s,) + x._dims[axis + 1:]) for s in sizes]


def _split_v_kernel(op):
    def split_v_kernel(x, size_splits, axis):
        axis = int(axis)
        if not -x.ndim <= axis < x.ndim:
            raise InvalidArgumentError(None, op, "-input rank(-%d) <= split_dim < input rank (%d), but got %d"
                                       % (x.ndim, x.ndim, axis))
        axis %= x.ndim
        sizes = np.reshape(size_splits, -1).tolist()
        total = x.shape[axis]
        if -1 in sizes:
            sizes[sizes.index(-1)] = total - sum(s for s in sizes if s != -1)
        if sum(sizes) != total or any(s < 0 for s in sizes):
            raise InvalidArgumentError(None, op, "Determined shape must either match input shape along split_dim "
                                       "exactly if fully specified, or be less than the size of the input along "
                                       "split_dim if not fully specified.  Got: %d" % sum(sizes))
        return tuple(np.split(x, np.cumsum(sizes)[:-1].tolist(), axis))
    return split_v_kernel


SPLIT_V = register("SplitV", infer=_split_v_infer, kernel=_split_v_kernel,
                   gradient=lambda op, *grads: [concat(list(grads), op._inputs[2]), None, None])


@all_or_nothing
def split(value, num_or_size_splits, axis=0, num: int | None = None, name: str = "split"):
    """Split ``value`` along ``axis`` into ``num_or_size_splits`` equal parts (op ``Split``) or into parts
    of the listed sizes, one of which may be -1 (op ``SplitV``) (``tf.split``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, [None, 6])
    ...     a, b = tf.split(x, 2, axis=1)
    ...     c, d = tf.split(x, [1, -1], 1)
    >>> a.name, b.shape.as_list(), c.op.type, d.shape.as_list()
    ('split:0', [None, 3], 'SplitV', [None, 5])
    """
    if isinstance(num_or_size_splits, numbers.Integral) and not isinstance(num_or_size_splits, bool):
        with op_scope(name, "Split", [value, axis]) as scope:
            axis_t = convert_to_tensor(axis, name="split_dim", dtype=dtypes.int32)
            value = convert_to_tensor(value, name="value")
            return list(apply_op(SPLIT, [axis_t, value], {"num_split": int(num_or_size_splits)},
                                 name=scope)._outputs)
    size_splits = to_tensor(num_or_size_splits)
    if size_splits._dims == ():
        raise ValueError("Rank-0 tensors are not supported as the num_or_size_splits argument to split. Argument "
                         "provided: %s" % (num_or_size_splits,))
    if num is None:
        num = size_splits._dims[0] if size_splits._dims else None
        if num is None:
            raise ValueError("Cannot infer argument `num` from shape %s" % format_dims(size_splits._dims))
    with op_scope(name, "SplitV", [value, size_splits, axis]) as scope:
        value = convert_to_tensor(value, name="value")
        axis_t = convert_to_tensor(axis, name="split_dim", dtype_hint=dtypes.int32)
        return list(apply_op(SPLIT_V, [value, size_splits, axis_t], {"num_split": int(num)},
                             name=scope)._outputs)
