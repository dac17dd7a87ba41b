"""Shape-changing array ops: reshape, expand_dims, squeeze, transpose, tile, pad, reverse.

Each op type is one registered definition: its static shape/dtype rule (TensorFlow's C++ shape
function, with its build-time errors), its numpy kernel and its gradient rule (TensorFlow's
``array_grad.py``, building the same ops under the same names). Arguments given as Python values become
constants named after the argument under the op's name (``Reshape/shape``, ``transpose/perm``).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 6])
...     y = tf.reshape(x, [-1, 2, 3])
...     z = tf.transpose(y, [0, 2, 1])
>>> y.name, y.shape.as_list(), y.op.inputs[1].name, z.name, z.shape.as_list()
('Reshape:0', [None, 2, 3], 'Reshape/shape:0', 'transpose:0', [None, 3, 2])
"""
from __future__ import annotations

import math
import numbers

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.ops.array_ops import constant, rank, shape
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.registry import no_gradient, register
from graphscope.ops.tensor_util import (
    check_dtype, constant_value, constant_value_as_shape, format_dims, gen_op, shape_error, to_tensor,
)
from graphscope.tensor import Tensor

__all__ = ["reshape", "expand_dims", "squeeze", "transpose", "invert_permutation", "tile", "pad", "reverse",
           "reverse_v2"]


def dense_gradient(grad):
    """A gradient as a dense Tensor: IndexedSlices are summed into rows (TF's
    ``_IndexedSlicesToTensorNoWarning``); anything else is returned as it is."""
    from graphscope.gradients import IndexedSlices
    if not isinstance(grad, IndexedSlices):
        return grad
    if grad.dense_shape is None:
        raise ValueError("Tensor conversion requested for IndexedSlices without dense_shape: %s" % (grad,))
    from graphscope.ops.indexing_ops import unsorted_segment_sum
    return unsorted_segment_sum(grad.values, grad.indices, grad.dense_shape[0])


# -- Reshape ---------------------------------------------------------------------------------------------

def _reshape_infer(inputs, attrs):
    x, shape_t = inputs
    dtype = x._dtype.base_dtype
    attrs["T"], attrs["Tshape"] = dtype, check_dtype("Reshape", "shape", shape_t)
    if shape_t._dims is not None and len(shape_t._dims) != 1:
        raise shape_error("Reshape", "Shape must be rank 1 but is rank %d (the shape argument)"
                          % len(shape_t._dims), inputs)
    out = constant_value_as_shape(shape_t)
    if out is None or x._dims is None:
        return [(dtype, out)]
    out_unknown = [i for i, d in enumerate(out) if d is None]
    in_unknown = [i for i, d in enumerate(x._dims) if d is None]
    if len(out_unknown) > 1 or len(in_unknown) > 1:
        return [(dtype, out)]
    known_out = math.prod(d for d in out if d is not None)
    known_in = math.prod(d for d in x._dims if d is not None)
    if not in_unknown and not out_unknown:
        if known_in != known_out:
            raise _reshape_error(inputs, out, "Cannot reshape a tensor with %d elements to shape %%s (%d elements)"
                                 % (known_in, known_out))
    elif not in_unknown and known_out > 0:
        if known_in % known_out:
            raise _reshape_error(inputs, out, "Cannot reshape a tensor with %d elements to shape %%s: dimension "
                                 "size must be evenly divisible by %d but is %d" % (known_in, known_out, known_in))
        out = out[:out_unknown[0]] + (known_in // known_out,) + out[out_unknown[0] + 1:]
    elif in_unknown and not out_unknown and known_in != 0:
        if known_out % known_in:
            raise _reshape_error(inputs, out, "Cannot reshape a tensor with a multiple of %d elements to shape %%s "
                                 "(%d elements): dimension size must be evenly divisible by %d but is %d"
                                 % (known_in, known_out, known_in, known_out))
    elif in_unknown and out_unknown and known_in == known_out:
        out = out[:out_unknown[0]] + (x._dims[in_unknown[0]],) + out[out_unknown[0] + 1:]
    return [(dtype, out)]


def _reshape_error(inputs, out, message):
    requested = constant_value(inputs[1])
    shown = format_dims(out) if requested is None else "[%s]" % ",".join(str(v) for v in requested.tolist())
    return shape_error("Reshape", message % shown, inputs,
                       "and with input tensors computed as partial shapes: input[1] = %s" % format_dims(out))


def _reshape_problem(size, shape):
    shape = [int(d) for d in shape]
    unknown = [i for i, d in enumerate(shape) if d == -1]
    bad = [d for d in shape if d < -1]
    if bad:
        return "Size %d must be non-negative, not %d" % (shape.index(bad[0]), bad[0])
    if len(unknown) > 1:
        return "Only one input size may be -1, not both %d and %d" % (unknown[0], unknown[1])
    product = int(np.prod([d for d in shape if d != -1], dtype=np.int64))
    if unknown:
        return ("Input to reshape is a tensor with %d values, but the requested shape requires a multiple of %d"
                % (size, product))
    return "Input to reshape is a tensor with %d values, but the requested shape has %d" % (size, product)


def _reshape_kernel(op):
    const = constant_value(op._inputs[1])
    fixed = None if const is None else tuple(np.reshape(const, -1).tolist())

    def reshape_kernel(x, shape):
        target = fixed if fixed is not None else tuple(np.reshape(shape, -1).tolist())
        try:
            return x.reshape(target)
        except ValueError:
            raise InvalidArgumentError(None, op, _reshape_problem(x.size, target)) from None
    return reshape_kernel


def _reshape_grad(op, grad):
    """Reshape the gradient back to the input's shape: with a -1 for its one unknown dimension when
    that avoids a ``Shape`` op, else to ``tf.shape(input)``."""
    dims = op._inputs[0]._dims
    if dims is not None and None in dims:
        undefined = [i for i, d in enumerate(dims) if d is None]
        if len(undefined) == 1 and 0 not in dims:
            target = [-1 if d is None else d for d in dims]
            return [reshape(dense_gradient(grad), target), None]
    return [reshape(dense_gradient(grad), shape(op._inputs[0])), None]


def _reshape_to_input(op, grad):
    return reshape(dense_gradient(grad), shape(op._inputs[0]))


RESHAPE = register("Reshape", infer=_reshape_infer, kernel=_reshape_kernel, gradient=_reshape_grad)


def reshape(tensor, shape, name: str | None = None):
    """The same values in a new shape (``tf.reshape``); one dimension may be -1 (inferred).

    Static shapes are inferred as TensorFlow does; a shape that cannot hold the values is a
    ValueError when the graph is built, or an InvalidArgumentError when it runs if dims were unknown.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, [2, 3])
    ...     y = tf.reshape(x, [3, -1])
    >>> y.op.type, y.shape.as_list()
    ('Reshape', [3, 2])
    """
    return gen_op(RESHAPE, name, "Reshape", [(tensor, "tensor", None), (shape, "shape", dtypes.int32)])._outputs[0]


# -- ExpandDims, Squeeze -----------------------------------------------------------------------------------

def _expand_dims_infer(inputs, attrs):
    x, dim_t = inputs
    dtype = x._dtype.base_dtype
    attrs["T"], attrs["Tdim"] = dtype, check_dtype("ExpandDims", "dim", dim_t)
    value = constant_value(dim_t)
    if value is not None and value.size != 1:
        raise shape_error("ExpandDims", "'dim' input must be a tensor with a single value", inputs)
    if value is None or x._dims is None:
        return [(dtype, None)]
    dim, rank_ = int(value.reshape(-1)[0]), len(x._dims)
    if dim < -1 - rank_ or dim > rank_:
        raise shape_error("ExpandDims", "Tried to expand dim index %d for tensor with %d dimensions"
                          % (dim, rank_), inputs)
    if dim < 0:
        dim += rank_ + 1
    return [(dtype, x._dims[:dim] + (1,) + x._dims[dim:])]


def _expand_dims_kernel(op):
    def expand_dims_kernel(x, dim):
        dim = int(dim) if not getattr(dim, "ndim", 1) else int(np.reshape(dim, -1)[0])
        ndim = x.ndim
        if dim < -1 - ndim or dim > ndim:
            raise InvalidArgumentError(None, op, "Tried to expand dim index %d for tensor with %d dimensions."
                                       % (dim, ndim))
        if dim < 0:
            dim += ndim + 1
        shape = x.shape
        return np.reshape(x, shape[:dim] + (1,) + shape[dim:])  # a view, as np.expand_dims gives
    return expand_dims_kernel


EXPAND_DIMS = register("ExpandDims", infer=_expand_dims_infer, kernel=_expand_dims_kernel,
                       gradient=lambda op, grad: [_reshape_to_input(op, grad), None])


def expand_dims(input, axis=None, name: str | None = None, dim=None):
    """Insert a dimension of size 1 at ``axis`` (``tf.expand_dims``; TF1's ``dim`` is accepted too).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     y = tf.expand_dims(tf.placeholder(tf.float32, [None, 3]), -1)
    >>> y.op.type, y.shape.as_list(), y.op.inputs[1].name
    ('ExpandDims', [None, 3, 1], 'ExpandDims/dim:0')
    """
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'axis' and 'dim'")
    axis = dim if axis is None else axis
    if axis is None:
        raise ValueError("Must specify an axis argument to tf.expand_dims()")
    return gen_op(EXPAND_DIMS, name, "ExpandDims", [(input, "input", None), (axis, "dim", dtypes.int32)])._outputs[0]


def _squeeze_infer(inputs, attrs):
    (x,) = inputs
    dtype = x._dtype.base_dtype
    attrs["T"] = dtype
    axes = attrs.setdefault("squeeze_dims", [])
    dims = x._dims
    if dims is None:
        return [(dtype, None)]
    rank_ = len(dims)
    wrapped = set()
    for a in axes:
        if not -rank_ <= a < rank_:
            raise shape_error("Squeeze", "Tried to squeeze dim index %d for tensor with %d dimensions"
                              % (a, rank_), inputs)
        wrapped.add(a + rank_ if a < 0 else a)
    out = []
    for i, d in enumerate(dims):
        explicit = i in wrapped
        if d is None:
            if explicit:
                continue  # assumed to be 1 when it runs
            if not wrapped:
                return [(dtype, None)]
        elif d == 1:
            if explicit or not wrapped:
                continue
        elif explicit:
            raise shape_error("Squeeze", "Can not squeeze dim[%d], expected a dimension of 1, got %d" % (i, d),
                              inputs)
        out.append(d)
    return [(dtype, tuple(out))]


def _squeeze_kernel(op):
    axes = op._attrs["squeeze_dims"]

    def squeeze_kernel(x):
        if not axes:
            return x.reshape([d for d in x.shape if d != 1])
        wrapped = tuple(a + x.ndim if a < 0 else a for a in axes)
        for a in wrapped:
            if not 0 <= a < x.ndim or x.shape[a] != 1:
                raise InvalidArgumentError(None, op, "Can not squeeze dim[%d], expected a dimension of 1, got %s"
                                           % (a, x.shape[a] if 0 <= a < x.ndim else "nothing"))
        return np.squeeze(x, axis=wrapped)
    return squeeze_kernel


SQUEEZE = register("Squeeze", infer=_squeeze_infer, kernel=_squeeze_kernel,
                   gradient=lambda op, grad: [_reshape_to_input(op, grad)])


def squeeze(input, axis=None, name: str | None = None, squeeze_dims=None):
    """Remove dimensions of size 1 (``tf.squeeze``; all of them, or those in ``axis``/TF1 ``squeeze_dims``).

    Squeezing a dimension known not to be 1 is a ValueError when the graph is built.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, [1, None, 1, 3])
    ...     y = tf.squeeze(x, [0, 2])
    >>> y.op.type, y.shape.as_list(), y.op.get_attr("squeeze_dims")
    ('Squeeze', [None, 3], [0, 2])
    """
    if axis is not None and squeeze_dims is not None:
        raise ValueError("Cannot specify both 'axis' and 'squeeze_dims'")
    axis = squeeze_dims if axis is None else axis
    if axis is None:
        axis = []
    elif np.isscalar(axis) or isinstance(axis, numbers.Integral):
        axis = [axis]
    attrs = {"squeeze_dims": [int(a) for a in axis]}
    return gen_op(SQUEEZE, name, "Squeeze", [(input, "input", None)], attrs)._outputs[0]


# -- Transpose -----------------------------------------------------------------------------------------------

def _transpose_infer(inputs, attrs):
    x, perm_t = inputs
    dtype = x._dtype.base_dtype
    attrs["T"], attrs["Tperm"] = dtype, check_dtype("Transpose", "perm", perm_t)
    perm = constant_value(perm_t)
    perm_len = perm_t._dims[0] if perm_t._dims is not None and len(perm_t._dims) == 1 else None
    dims = x._dims
    if dims is None and perm_len is None and perm is None:
        return [(dtype, None)]
    rank_ = len(dims) if dims is not None else perm_len if perm_len is not None else perm.size
    if dims is None and rank_ < 2:
        return [(dtype, dims)]
    if perm_t._dims is not None and len(perm_t._dims) != 1:
        raise shape_error("Transpose", "Shape must be rank 1 but is rank %d (perm)" % len(perm_t._dims), inputs)
    if perm_len is not None and perm_len != rank_:
        raise shape_error("Transpose", "Dimension must be %d but is %d" % (rank_, perm_len), inputs)
    if perm is None:
        return [(dtype, (None,) * rank_)]
    out = []
    for p in perm.reshape(-1).tolist():
        if p >= rank_ or p < -rank_:
            raise shape_error("Transpose", "perm dim %d is out of range of input rank %d" % (p, rank_), inputs)
        out.append(None if dims is None else dims[p])
    return [(dtype, tuple(out))]


def _transpose_kernel(op):
    def transpose_kernel(x, perm):
        perm = np.reshape(perm, -1).tolist()
        if len(perm) != x.ndim:
            raise InvalidArgumentError(None, op, "transpose expects a vector of size %d. But input(1) is a "
                                       "vector of size %d" % (x.ndim, len(perm)))
        seen = set()
        for p in perm:
            if not 0 <= p < x.ndim:
                raise InvalidArgumentError(None, op, "%d is out of range [0 .. %d)" % (p, x.ndim))
            if p in seen:
                raise InvalidArgumentError(None, op, "%d is duplicated in perm" % p)
            seen.add(p)
        return np.transpose(x, perm)
    return transpose_kernel


def _transpose_grad(op, grad):
    """Transpose back with the inverse permutation."""
    return [transpose(grad, invert_permutation(op._inputs[1])), None]


TRANSPOSE = register("Transpose", infer=_transpose_infer, kernel=_transpose_kernel, gradient=_transpose_grad)


def _invert_permutation_infer(inputs, attrs):
    (x,) = inputs
    attrs["T"] = check_dtype("InvertPermutation", "x", x)
    if x._dims is not None and len(x._dims) != 1:
        raise shape_error("InvertPermutation", "Shape must be rank 1 but is rank %d" % len(x._dims), inputs)
    return [(x._dtype.base_dtype, (None,) if x._dims is None else x._dims)]


def _invert_permutation_kernel(op):
    def invert_permutation_kernel(x):
        if x.ndim != 1:
            raise InvalidArgumentError(None, op, "invert_permutation expects a 1D vector.")
        n = x.size
        inverse = np.full(n, -1, dtype=x.dtype)
        for i, d in enumerate(x.tolist()):
            if not 0 <= d < n:
                raise InvalidArgumentError(None, op, "%d is not between 0 and %d" % (d, n))
            if inverse[d] != -1:
                raise InvalidArgumentError(None, op, "%d is duplicated in the input." % d)
            inverse[d] = i
        return inverse
    return invert_permutation_kernel


INVERT_PERMUTATION = register("InvertPermutation", infer=_invert_permutation_infer,
                              kernel=_invert_permutation_kernel, gradient=no_gradient)


def invert_permutation(x, name: str | None = None):
    """The inverse of the permutation ``x``: ``y[x[i]] = i`` (``tf.invert_permutation``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     y = tf.invert_permutation([2, 0, 1])
    ...     print(y.op.type, tf.Session().run(y))
    InvertPermutation [1 2 0]
    """
    return gen_op(INVERT_PERMUTATION, name, "InvertPermutation", [(x, "x", dtypes.int32)])._outputs[0]


def transpose(a, perm=None, name: str = "transpose", conjugate: bool = False):
    """Permute the dimensions of ``a`` (``tf.transpose``); without ``perm``, reverse them.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     t = tf.transpose(tf.placeholder(tf.float32, [2, None, 4]))
    >>> t.op.type, t.name, t.shape.as_list(), t.op.inputs[1].op.get_attr("value").tolist()
    ('Transpose', 'transpose:0', [4, None, 2], [2, 1, 0])
    """
    with op_scope(name, "transpose", [a]) as scope:
        if not isinstance(a, Tensor):
            a = convert_to_tensor(a, name="a")
        if conjugate and a.dtype.is_complex:
            raise NotImplementedError("transpose(conjugate=True) of complex tensors is not supported.")
        if perm is None:
            if a._dims is None:
                perm = _reversed_range(rank(a) - 1)
            else:
                perm = np.arange(len(a._dims) - 1, -1, -1, dtype=np.int32)
        perm = perm if type(perm) is Tensor else to_tensor(perm, name="perm", dtype_hint=dtypes.int32)
        return apply_op(TRANSPOSE, [a, perm], name=scope)._outputs[0]


def _reversed_range(start):
    from graphscope.ops.array_ops import RANGE
    with op_scope(None, "Range", [start]) as scope:
        limit = constant(-1, name="limit")
        delta = constant(-1, name="delta")
        return apply_op(RANGE, [start, limit, delta], name=scope)._outputs[0]


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


