"""Array ops that repeat, pad or reverse a tensor: tile, pad (``Pad``, ``PadV2``, ``MirrorPad``),
reverse (``ReverseV2``).

Each op type is one registered definition, as in :mod:`graphscope.ops.shape_ops` (which re-exports
these names): its static shape/dtype rule with TF's build-time errors, its numpy kernel and its
gradient rule (TF's ``array_grad.py``).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.constant([[1, 2], [3, 4]])
...     t = tf.tile(x, [1, 2])
...     p = tf.pad(x, [[1, 0], [0, 1]])
...     r = tf.reverse(x, [0])
...     print(t.op.type, p.op.type, r.op.type)
...     print(tf.Session().run(p))
Tile Pad ReverseV2
[[0 0 0]
 [1 2 0]
 [3 4 0]]
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.ops.array_ops import rank, shape
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.registry import register
from graphscope.ops.tensor_util import (
    check_dtype, constant_value, constant_value_as_shape, format_dims, gen_op, shape_error, to_tensor,
)
from graphscope.tensor import Tensor

__all__ = ["tile", "pad", "reverse", "reverse_v2"]


# -- Tile, Pad, MirrorPad, ReverseV2 ------------------------------------------------------------------

def _multiply_dims(a, b):
    """TF's ``InferenceContext::Multiply`` on dims: 0 and 1 are exact even against unknowns."""
    if a == 0 or b == 0:
        return 0
    if a == 1:
        return b
    if b == 1:
        return a
    return None if a is None or b is None else a * b


def _tile_infer(inputs, attrs):
    x, multiples_t = inputs
    dtype = x._dtype.base_dtype
    attrs["T"], attrs["Tmultiples"] = dtype, check_dtype("Tile", "multiples", multiples_t)
    multiples = constant_value_as_shape(multiples_t)
    dims = x._dims
    if dims is not None:
        if multiples_t._dims is not None and (len(multiples_t._dims) != 1 or
                                              multiples_t._dims[0] not in (None, len(dims))):
            raise shape_error("Tile", "Shape must be rank %d but is rank %s (multiples must be a vector with "
                              "one entry per dimension of the input)"
                              % (len(dims), multiples_t._dims[0] if len(multiples_t._dims) == 1 else
                                 "%d" % len(multiples_t._dims)), inputs)
        if multiples is None:
            multiples = (None,) * len(dims)
    if multiples is None:
        return [(dtype, None)]
    if dims is None:
        dims = (None,) * len(multiples)
    return [(dtype, tuple(_multiply_dims(d, m) for d, m in zip(dims, multiples)))]


def _tile_kernel(op):
    def tile_kernel(x, multiples):
        if type(multiples) is np.ndarray and multiples.ndim == 1:
            reps = multiples.tolist()
        else:
            reps = np.reshape(multiples, -1).tolist()
        if len(reps) != x.ndim:
            raise InvalidArgumentError(None, op, "Expected multiples argument to be a vector of length %d but got "
                                       "length %d" % (x.ndim, len(reps)))
        if not reps:
            return x.copy()
        if min(reps) < 0:
            raise InvalidArgumentError(None, op, "Expected multiples to be non-negative, got %s" % reps)
        shape = x.shape
        if all(r == 1 or d == 1 for d, r in zip(shape, reps)):
            out = np.empty(tuple([d * r for d, r in zip(shape, reps)]), x.dtype)  # a broadcast: fill it
            out[...] = x
            return out
        return np.tile(x, reps)
    return tile_kernel


def _tile_grad(op, grad):
    """Sum the gradient over the copies: reshape it to ``[m0, d0, m1, d1, ...]`` (multiples interleaved
    with the input's dims) and reduce the even axes."""
    from graphscope.gradients import IndexedSlices
    from graphscope.ops import math_ops
    from graphscope.ops.array_ops import range as range_, size
    from graphscope.ops.indexing_ops import unsorted_segment_sum
    from graphscope.ops.join_ops import concat, stack
    from graphscope.ops.shape_ops import reshape, transpose
    x, multiples = op._inputs
    input_shape = shape(x, out_type=multiples.dtype)
    split_shape = reshape(transpose(stack([multiples, input_shape])), [-1])
    axes = range_(0, size(split_shape), 2)
    if isinstance(grad, IndexedSlices):
        input_shape_0 = math_ops.cast(input_shape[0], grad.indices.dtype)
        grad = unsorted_segment_sum(grad.values, math_ops.floormod(grad.indices, input_shape_0), input_shape_0)
        split_shape = concat([[1], split_shape[1:]], axis=0)
    input_grad = math_ops.reduce_sum(reshape(grad, split_shape), axes)
    input_grad.set_shape(x.shape)
    return [input_grad, None]


TILE = register("Tile", infer=_tile_infer, kernel=_tile_kernel, gradient=_tile_grad)


def tile(input, multiples, name: str | None = None):
    """Repeat ``input`` ``multiples[i]`` times along dimension ``i`` (``tf.tile``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     t = tf.tile(tf.placeholder(tf.float32, [None, 3]), [2, 2])
    >>> t.op.type, t.shape.as_list(), t.op.inputs[1].name
    ('Tile', [None, 6], 'Tile/multiples:0')
    """
    return gen_op(TILE, name, "Tile", [(input, "input", None), (multiples, "multiples", dtypes.int32)])._outputs[0]


def _pad_infer(inputs, attrs, op_type="Pad"):
    x, paddings_t = inputs[0], inputs[1]
    dtype = x._dtype.base_dtype
    attrs["T"], attrs["Tpaddings"] = dtype, check_dtype(op_type, "paddings", paddings_t)
    if op_type == "PadV2":
        value = inputs[2]
        if value._dtype.base_dtype != dtype:
            raise TypeError("Input 'constant_values' of 'PadV2' Op has type %s that does not match type %s of "
                            "argument 'input'." % (value._dtype.base_dtype.name, dtype.name))
        if value._dims not in (None, ()):
            raise shape_error(op_type, "Shape must be rank 0 but is rank %d (constant_values)"
                              % len(value._dims), inputs)
    pdims = paddings_t._dims
    if pdims is not None and (len(pdims) != 2 or pdims[1] not in (None, 2)):
        raise shape_error(op_type, "paddings must be a matrix with 2 columns, got shape %s" % format_dims(pdims),
                          inputs)
    n = pdims[0] if pdims is not None else None
    dims = x._dims
    if n is not None and dims is not None and n != len(dims):
        raise shape_error(op_type, "Shape must be rank %d but is rank %d (paddings has %d rows)"
                          % (n, len(dims), n), inputs)
    if n is None and dims is not None:
        n = len(dims)
    paddings = constant_value(paddings_t)
    if paddings is None:
        return [(dtype, None if n is None else (None,) * n)]
    if (paddings < 0).any():
        raise shape_error(op_type, "Paddings must be non-negative", inputs)
    if dims is None:
        dims = (None,) * paddings.shape[0]
    return [(dtype, tuple(None if d is None else d + int(p[0]) + int(p[1]) for d, p in zip(dims, paddings)))]


def _pad_kernel(op):
    mode = op._attrs.get("mode", "CONSTANT").lower()

    def pad_kernel(x, paddings, constant_values=None):
        if paddings.shape != (x.ndim, 2):
            raise InvalidArgumentError(None, op, "The first dimension of paddings must be the rank of inputs%s, "
                                       "got paddings of shape %s" % (format_dims(x.shape),
                                                                     format_dims(paddings.shape)))
        if (paddings < 0).any():
            raise InvalidArgumentError(None, op, "Paddings must be non-negative: %s" % paddings.tolist())
        if mode != "constant":
            limit = 1 if mode == "reflect" else 0
            for d, (before, after) in enumerate(paddings.tolist()):
                if before > x.shape[d] - limit or after > x.shape[d] - limit:
                    raise InvalidArgumentError(None, op, "paddings must be no greater than the dimension size: "
                                               "%d, %d greater than %d" % (before, after, x.shape[d] - limit))
            return np.pad(x, paddings.tolist(), mode=mode)
        value = 0 if constant_values is None else constant_values
        return np.pad(x, paddings.tolist(), mode="constant", constant_values=value)
    return pad_kernel


def _pad_grad(op, grad):
    """Slice the input's block out of the gradient: begin at the 'before' paddings, size of the input."""
    from graphscope.ops.join_ops import stack
    from graphscope.ops.shape_ops import reshape
    from graphscope.ops.slicing_ops import slice as slice_
    x, paddings = op._inputs[0], op._inputs[1]
    pad_before = slice_(paddings, [0, 0], stack([rank(x), 1]))
    begin = reshape(pad_before, [-1])
    sizes = shape(x, out_type=begin.dtype)
    x_grad = slice_(grad, begin, sizes)
    return [x_grad, None, None] if len(op._inputs) == 3 else [x_grad, None]


PAD = register("Pad", infer=_pad_infer, kernel=_pad_kernel, gradient=_pad_grad)
PAD_V2 = register("PadV2", infer=lambda inputs, attrs: _pad_infer(inputs, attrs, "PadV2"), kernel=_pad_kernel,
                  gradient=_pad_grad)
MIRROR_PAD = register("MirrorPad", infer=lambda inputs, attrs: _pad_infer(inputs, attrs, "MirrorPad"),
                      kernel=_pad_kernel,
                      gradient=lambda op, grad: [mirror_pad_grad(grad, op._inputs[1], op._attrs["mode"]), None])


def _mirror_pad_grad_infer(inputs, attrs):
    x, paddings_t = inputs
    dtype = x._dtype.base_dtype
    attrs["T"], attrs["Tpaddings"] = dtype, check_dtype("MirrorPadGrad", "paddings", paddings_t)
    pdims = paddings_t._dims
    if pdims is not None and (len(pdims) != 2 or pdims[1] not in (None, 2)):
        raise shape_error("MirrorPadGrad", "paddings must be a matrix with 2 columns, got shape %s"
                          % format_dims(pdims), inputs)
    paddings = constant_value(paddings_t)
    dims = x._dims
    if paddings is None:
        n = pdims[0] if pdims is not None else None
        return [(dtype, (None,) * len(dims) if dims is not None else None if n is None else (None,) * n)]
    if dims is None:
        dims = (None,) * paddings.shape[0]
    if len(dims) != paddings.shape[0]:
        raise shape_error("MirrorPadGrad", "Shape must be rank %d but is rank %d" % (paddings.shape[0], len(dims)),
                          inputs)
    return [(dtype, tuple(None if d is None else d - int(p[0]) - int(p[1]) for d, p in zip(dims, paddings)))]


def _mirror_source(size, before, after, mode):
    """For each position of a dimension padded by MirrorPad, the input position it copies."""
    positions = np.arange(-before, size + after)
    offset = 0 if mode == "REFLECT" else 1
    positions = np.where(positions < 0, -positions - offset, positions)
    return np.where(positions >= size, 2 * size - 2 + offset - positions, positions)


def _mirror_pad_grad_kernel(op):
    mode = op._attrs["mode"].upper()

    def mirror_pad_grad_kernel(grad, paddings):
        if paddings.shape != (grad.ndim, 2):
            raise InvalidArgumentError(None, op, "paddings must be a matrix of shape [%d, 2], got %s"
                                       % (grad.ndim, format_dims(paddings.shape)))
        result = grad
        for d, (before, after) in enumerate(paddings.tolist()):
            size = result.shape[d] - before - after
            if before < 0 or after < 0 or size < 0:
                raise InvalidArgumentError(None, op, "paddings %s do not fit dimension %d of size %d"
                                           % (paddings.tolist(), d, result.shape[d]))
            moved = np.moveaxis(result, d, 0)
            folded = np.zeros((size,) + moved.shape[1:], dtype=grad.dtype)
            np.add.at(folded, _mirror_source(size, before, after, mode), moved)
            result = np.moveaxis(folded, 0, d)
        return result
    return mirror_pad_grad_kernel


MIRROR_PAD_GRAD = register(
    "MirrorPadGrad", infer=_mirror_pad_grad_infer, kernel=_mirror_pad_grad_kernel,
    gradient=lambda op, grad: [_mirror_pad(grad, op._inputs[1], op._attrs["mode"]), None])


def _mirror_pad(tensor, paddings, mode, name=None):
    return gen_op(MIRROR_PAD, name, "MirrorPad", [(tensor, "input", None), (paddings, "paddings", dtypes.int32)],
                  {"mode": mode})._outputs[0]


def mirror_pad_grad(input, paddings, mode, name: str | None = None):
    """The gradient of ``MirrorPad``: each padded position's gradient added back onto the input position
    it mirrors (op ``MirrorPadGrad``)."""
    args = [(input, "input", None), (paddings, "paddings", dtypes.int32)]
    return gen_op(MIRROR_PAD_GRAD, name, "MirrorPadGrad", args, {"mode": mode})._outputs[0]


def pad(tensor, paddings, mode: str = "CONSTANT", name: str | None = None, constant_values=0):
    """Pad ``tensor`` with ``paddings[d] = [before, after]`` values along each dimension (``tf.pad``).

    ``mode`` is "CONSTANT" (ops ``Pad``/``PadV2``), "REFLECT" or "SYMMETRIC" (``MirrorPad``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     p = tf.pad(tf.placeholder(tf.float32, [2, None]), [[1, 1], [2, 0]])
    >>> p.op.type, p.shape.as_list(), p.op.inputs[1].name
    ('Pad', [4, None], 'Pad/paddings:0')
    """
    mode = mode.upper()
    paddings_arg = (paddings, "paddings", dtypes.int32)
    if mode == "CONSTANT":
        if not isinstance(constant_values, Tensor) and np.all(np.asarray(constant_values) == 0):
            return gen_op(PAD, name, "Pad", [(tensor, "input", None), paddings_arg])._outputs[0]
        with op_scope(name, "PadV2", [tensor, paddings, constant_values]) as scope:
            tensor = convert_to_tensor(tensor, name="input")
            paddings = to_tensor(paddings, name="paddings", dtype_hint=dtypes.int32)
            value = convert_to_tensor(constant_values, dtype=tensor.dtype.base_dtype, name="constant_values")
            return apply_op(PAD_V2, [tensor, paddings, value], name=scope)._outputs[0]
    if mode not in ("REFLECT", "SYMMETRIC"):
        raise ValueError("Unknown padding mode: %s" % mode)
    return gen_op(MIRROR_PAD, name, "MirrorPad", [(tensor, "input", None), paddings_arg],
                   {"mode": mode})._outputs[0]


def _reverse_infer(inputs, attrs):
    x, axis_t = inputs
    dtype = x._dtype.base_dtype
    attrs["T"], attrs["Tidx"] = dtype, check_dtype("ReverseV2", "axis", axis_t)
    if axis_t._dims is not None and len(axis_t._dims) != 1:
        raise shape_error("ReverseV2", "Shape must be rank 1 but is rank %d (axis)" % len(axis_t._dims), inputs)
    axes = constant_value(axis_t)
    if axes is not None and x._dims is not None:
        rank_, seen = len(x._dims), set()
        for i, a in enumerate(axes.tolist()):
            if not -rank_ <= a < rank_:
                raise shape_error("ReverseV2", "'axis'[%d] = %d is out of valid range [%d, %d)"
                                  % (i, a, -rank_, rank_), inputs)
            a %= rank_
            if a in seen:
                raise shape_error("ReverseV2", "axis %d specified more than once" % a, inputs)
            seen.add(a)
    return [(dtype, x._dims)]


def _reverse_kernel(op):
    def reverse_kernel(x, axis):
        axes = np.reshape(axis, -1).tolist()
        for a in axes:
            if not -x.ndim <= a < x.ndim:
                raise InvalidArgumentError(None, op, "'axis' = %d is out of valid range [%d, %d)"
                                           % (a, -x.ndim, x.ndim))
        return np.flip(x, tuple(axes)) if axes else x
    return reverse_kernel


REVERSE_V2 = register("ReverseV2", infer=_reverse_infer, kernel=_reverse_kernel,
                      gradient=lambda op, grad: [reverse(grad, op._inputs[1]), None])


def reverse(tensor, axis, name: str | None = None):
    """Reverse ``tensor`` along each dimension in ``axis`` (``tf.reverse``, op ``ReverseV2``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     r = tf.reverse(tf.placeholder(tf.float32, [None, 3]), [-1])
    >>> r.op.type, r.shape.as_list(), r.op.inputs[1].name
    ('ReverseV2', [None, 3], 'ReverseV2/axis:0')
    """
    return gen_op(REVERSE_V2, name, "ReverseV2", [(tensor, "tensor", None), (axis, "axis", dtypes.int32)])._outputs[0]


reverse_v2 = reverse
