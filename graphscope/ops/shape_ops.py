"""Shape-changing array ops: reshape, expand_dims, squeeze, transpose; tile, pad and reverse are defined in
:mod:`graphscope.ops.pad_ops` and re-exported here.

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
           "reverse_v2"]  # tile, pad, reverse: defined in pad_ops, re-exported below


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


# -- Tile, Pad, MirrorPad, ReverseV2: in pad_ops (importing this module registers them) ----------------
from graphscope.ops.pad_ops import (  # noqa: E402,F401
    MIRROR_PAD, MIRROR_PAD_GRAD, PAD, PAD_V2, REVERSE_V2, TILE, mirror_pad_grad, pad, reverse, reverse_v2, tile,
)
