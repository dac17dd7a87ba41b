"""Reductions (``reduce_sum``, ``reduce_mean``, ``reduce_max``, ...) and ``argmax``/``argmin``.

A reduction op takes the tensor and a ``reduction_indices`` tensor (TF1 names), with attr
``keep_dims``. With ``axis=None`` TF reduces over every axis through a ``Const`` of all axes made
beside the op, and the result's static shape is a scalar. Axes may be negative and repeated.

The gradients are TensorFlow's: Sum spreads the gradient back over the reduced axes (``Reshape`` then
``Tile``), Mean divides that by the number of elements reduced, Max and Min split it evenly among the
elements equal to the extreme (ties share), Prod multiplies it by the product of the other elements
(exclusive cumulative products, so zeros are fine); ``argmax``/``argmin`` pass none.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 3], name="x")
...     s = tf.reduce_sum(x, axis=1, keepdims=True)
...     m = tf.reduce_mean(x)
>>> s.op.type, s.op.inputs[1].name, s.shape.as_list(), m.op.inputs[1].op.name, m.shape.as_list()
('Sum', 'Sum/reduction_indices:0', [None, 1], 'Const', [])
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes
from graphscope.ops.core import apply_op, convert_to_tensor, is_tensor_like, op_scope, to_numpy
from graphscope.ops.math_ops import AllowedTypes, format_dims, kernel_error
from graphscope.ops.gradient_util_ops import dense_gradients, reduced_shape, safe_shape_div, setdiff1d
from graphscope.ops.registry import no_gradient, register
from graphscope.ops.tensor_util import constant_value as folded_value
from graphscope.tensor import Tensor

__all__ = ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any", "reduce_all",
           "argmax", "argmin", "arg_max", "arg_min"]

NUMBER_TYPES = AllowedTypes("float32, float64, int32, uint8, int16, int8, complex64, int64, qint8, quint8, "
                            "qint32, bfloat16, qint16, quint16, uint16, complex128, float16, uint32, uint64")
REAL_NUMBER_TYPES = AllowedTypes("float32, float64, int32, uint8, int16, int8, int64, bfloat16, uint16, float16, "
                                 "uint32, uint64, qint8, quint8, qint32, qint16, quint16")
BOOL_TYPES = AllowedTypes("bool")
INDEX_TYPES = AllowedTypes("int32, int64")
ARG_TYPES = AllowedTypes("float32, float64, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, "
                         "bfloat16, qint16, quint16, uint16, complex128, float16, uint32, uint64, bool")
OUTPUT_INDEX_TYPES = AllowedTypes("int16, uint16, int32, int64")


def constant_value(tensor: Tensor):
    """The value of ``tensor`` when it comes straight from a ``Const`` op (and is not fed in the plan
    being built), else None."""
    from graphscope.ops.tensor_util import _plan_feeds
    op = tensor._op
    if op._type != "Const" or (_plan_feeds.tensors and tensor in _plan_feeds.tensors):
        return None
    return op._attrs["value"]


def _normalize_axes(axes, rank: int, op=None) -> tuple:
    """Sorted distinct non-negative axes; out-of-range axes are TF's errors (build or run time)."""
    found = set()
    for a in np.reshape(axes, -1).tolist():
        if not -rank <= a < rank:
            if op is None:
                raise ValueError("Invalid reduction dimension %d for input with %d dimensions." % (a, rank))
            raise kernel_error(op, "Invalid reduction dimension (%d for input with %d dimension(s)" % (a, rank))
        found.add(a % rank if rank else a)
    return tuple(sorted(found))


# -- the reduction op types ----------------------------------------------------------------------------

def _reduction_infer(op_type: str, allowed: AllowedTypes):
    def infer(inputs, attrs):
        x, indices = inputs
        dtype = x._dtype.base_dtype
        allowed.check("input", dtype)
        INDEX_TYPES.check("reduction_indices", indices._dtype.base_dtype)
        attrs["T"] = dtype
        attrs["Tidx"] = indices._dtype.base_dtype
        keep = attrs["keep_dims"]
        dims = x._dims
        axes = constant_value(indices)
        if dims is None:
            return [(dtype, None)]
        if axes is None:
            return [(dtype, (None,) * len(dims) if keep else None)]
        try:
            reduced = _normalize_axes(axes, len(dims))
        except ValueError as exc:
            raise ValueError("%s for '%s' op with input shapes: %s, %s (input %s, axes %s)."
                             % (str(exc)[:-1], op_type, format_dims(dims), format_dims(indices._dims),
                                x._name, np.asarray(axes).tolist())) from None
        if keep:
            return [(dtype, tuple(1 if i in reduced else d for i, d in enumerate(dims)))]
        return [(dtype, tuple(d for i, d in enumerate(dims) if i not in reduced))]

    return infer


def _reduction_kernel(reduce_values):
    """``kernel(op)`` for a reduction: the axes are normalized once when ``reduction_indices`` is a
    constant (and the static rank known), else on each run; ``reduce_values(op, x, axes, keep)``."""

    def kernel(op):
        keep = op._attrs["keep_dims"]
        x_dims = op._inputs[0]._dims
        const = constant_value(op._inputs[1])
        bound = _normalize_axes(const, len(x_dims)) if const is not None and x_dims is not None else None
        compute = reduce_values(op, keep)

        def reduce_run(x, axes):
            # the constant itself, or the executor's read-only view of it
            if bound is not None and (axes is const or getattr(axes, "base", None) is const):
                return compute(x, bound)
            return compute(x, _normalize_axes(axes, np.ndim(x), op))

        return reduce_run

    return kernel


def _sum(op, keep):  # np.add.reduce is np.sum without its Python dispatch (~1.5 us a call)
    np_dtype = op._attrs["T"].as_numpy_dtype
    add = np.add.reduce
    return lambda x, axes: add(x, axes, np_dtype, None, keep)


def _prod(op, keep):
    np_dtype = op._attrs["T"].as_numpy_dtype
    multiply = np.multiply.reduce
    return lambda x, axes: multiply(x, axes, np_dtype, None, keep)


def _mean(op, keep):
    dtype = op._attrs["T"]
    np_dtype = dtype.as_numpy_dtype
    if not dtype.is_integer:
        return lambda x, axes: np.mean(x, axis=axes, dtype=np_dtype, keepdims=keep)

    def integer_mean(x, axes):
        # TF divides the integer sum by the count truncating toward zero (numpy's // floors).
        total = np.sum(x, axis=axes, dtype=np_dtype, keepdims=keep)
        count = 1
        for a in axes:
            count *= np.shape(x)[a]
        if count == 0:
            raise kernel_error(op, "Integer division by zero: the mean of an empty %s reduction" % dtype.name)
        quotient = np.floor_divide(total, count)
        return (quotient + ((quotient * count != total) & (total < 0))).astype(np_dtype, copy=False)

    return integer_mean


def _extreme(reducer, identity_of):
    """Max/Min: NaN propagates (numpy agrees); an empty reduction gives TF's identity element."""

    def build(op, keep):
        np_dtype = op._attrs["T"].as_numpy_dtype

        def reduce_extreme(x, axes):
            try:
                return reducer.reduce(x, axis=axes, keepdims=keep)
            except ValueError:  # zero-size reduction
                return reducer.reduce(x, axis=axes, keepdims=keep, initial=identity_of(np_dtype))

        return reduce_extreme

    return build


def _lowest(np_dtype):
    return -np.inf if np.issubdtype(np_dtype, np.floating) else np.iinfo(np_dtype).min


def _highest(np_dtype):
    return np.inf if np.issubdtype(np_dtype, np.floating) else np.iinfo(np_dtype).max


def _any(op, keep):
    return lambda x, axes: np.any(x, axis=axes, keepdims=keep)


def _all(op, keep):
    return lambda x, axes: np.all(x, axis=axes, keepdims=keep)


def _reduction_def(op_type, allowed, reduce_values, gradient=None):
    return register(op_type, infer=_reduction_infer(op_type, allowed), kernel=_reduction_kernel(reduce_values),
                    gradient=gradient)


# -- their gradients (TF's math_grad.py) ---------------------------------------------------------------

def _tile_to(grad, input_shape, kept_shape):
    """``grad`` (of the kept-dims shape) repeated to ``input_shape``: TF's ``broadcast_to(grad, input_shape)``,
    built as its older ``tile(grad, input_shape // max(kept_shape, 1))``."""
    from graphscope.ops.shape_ops import tile
    known = [folded_value(t) if isinstance(t, Tensor) else t for t in (input_shape, kept_shape)]
    if all(v is not None for v in known):
        return tile(grad, safe_shape_div(*known))
    return tile(grad, safe_shape_div(input_shape, kept_shape))


@dense_gradients
def _sum_grad(op, grad):
    """Every input element gets its output's gradient: reshape to the kept-dims shape, then tile."""
    from graphscope.ops.array_ops import constant, shape
    from graphscope.ops.shape_ops import reshape, tile
    x = op._inputs[0]
    input_dims = x._dims
    if input_dims is not None:
        axes = folded_value(op._inputs[1])
        if axes is not None:
            rank = len(input_dims)
            if np.array_equal(axes, np.arange(rank)):  # every axis: no shape arithmetic at all
                grad = reshape(grad, [1] * rank)
                input_shape = shape(x) if None in input_dims else constant(list(input_dims), dtypes.int32)
                return [tile(grad, input_shape), None]
            if None not in input_dims:
                kept = reduced_shape(input_dims, axes)
                return [tile(reshape(grad, kept), safe_shape_div(input_dims, kept)), None]
    input_shape = shape(x)
    if op._attrs["keep_dims"]:
        kept = shape(grad)
    else:
        kept = reduced_shape(input_shape, op._inputs[1])
        grad = reshape(grad, kept)
    return [_tile_to(grad, input_shape, kept), None]


@dense_gradients
def _mean_grad(op, grad):
    """Sum's gradient divided by the number of elements each output averaged."""
    from graphscope.ops.array_ops import constant, shape, size
    from graphscope.ops.indexing_ops import gather
    from graphscope.ops.math_ops import truediv
    from graphscope.ops.unary_ops import cast
    sum_grad = _sum_grad(op, grad)[0]
    input_dims, output_dims = op._inputs[0]._dims, op._outputs[0]._dims
    if input_dims is not None and output_dims is not None and None not in input_dims and None not in output_dims:
        input_size = int(np.prod(input_dims, dtype=np.int64))
        output_size = int(np.prod(output_dims, dtype=np.int64))
        factor = constant(input_size // max(output_size, 1), dtype=sum_grad.dtype)
    else:
        input_shape = shape(op._inputs[0])
        input_rank = size(input_shape)
        axes = (op._inputs[1] + input_rank) % input_rank
        factor = reduce_prod(gather(input_shape, axes))
    return [truediv(sum_grad, cast(factor, sum_grad.dtype)), None]


@dense_gradients
def _min_or_max_grad(op, grad):
    """Max and Min: the gradient split evenly among the elements equal to the result (NaN results
    give NaN gradients, as in TF)."""
    from graphscope.ops.array_ops import shape
    from graphscope.ops.comparison_ops import equal
    from graphscope.ops.math_ops import divide
    from graphscope.ops.shape_ops import reshape
    from graphscope.ops.unary_ops import cast
    x = op._inputs[0]
    input_shape = shape(x)
    y = op._outputs[0]
    if not op._attrs["keep_dims"]:
        kept = reduced_shape(input_shape, op._inputs[1])
        y = reshape(y, kept)
        grad = reshape(grad, kept)
    else:
        kept = shape(y)
    indicators = cast(equal(y, x), grad.dtype)
    num_selected = reshape(reduce_sum(indicators, op._inputs[1]), kept)
    return [divide(indicators, num_selected) * grad, None]


@dense_gradients
def _prod_grad(op, grad):
    """Each element gets the gradient times the product of the others in its reduction: the reduced
    axes are moved to the front and flattened, and exclusive cumulative products from both ends
    multiplied (TF's ``_ProdGrad``, exact with zeros)."""
    from graphscope.ops.array_ops import range as range_, rank, shape
    from graphscope.ops.indexing_ops import gather
    from graphscope.ops.join_ops import concat
    from graphscope.ops.scan_ops import cumprod
    from graphscope.ops.shape_ops import invert_permutation, reshape, transpose
    from graphscope.ops.unary_ops import cast, conj
    x = op._inputs[0]
    input_shape = shape(x)
    reduction_indices = reshape(op._inputs[1], [-1])
    if op._attrs["keep_dims"]:
        kept = shape(grad)
    else:
        kept = reduced_shape(input_shape, op._inputs[1])
        grad = reshape(grad, kept)
    grad = _tile_to(grad, input_shape, kept)
    x_rank = rank(x)
    reduction_indices = (reduction_indices + x_rank) % x_rank
    reduced = cast(reduction_indices, dtypes.int32)
    idx = range_(0, x_rank)
    other, _ = setdiff1d(idx, reduced)
    perm = concat([reduced, other], 0)
    reduced_num = reduce_prod(gather(input_shape, reduced))
    other_num = reduce_prod(gather(input_shape, other))
    permuted = transpose(x, perm)
    permuted_shape = shape(permuted)
    reshaped = reshape(permuted, (reduced_num, other_num))
    left = cumprod(reshaped, axis=0, exclusive=True)
    right = cumprod(reshaped, axis=0, exclusive=True, reverse=True)
    y = reshape(conj(left) * conj(right), permuted_shape)
    out = grad * transpose(y, invert_permutation(perm))
    return [reshape(out, input_shape), None]


SUM = _reduction_def("Sum", NUMBER_TYPES, _sum, _sum_grad)
PROD = _reduction_def("Prod", NUMBER_TYPES, _prod, _prod_grad)
MEAN = _reduction_def("Mean", NUMBER_TYPES, _mean, _mean_grad)
MAX = _reduction_def("Max", REAL_NUMBER_TYPES, _extreme(np.maximum, _lowest), _min_or_max_grad)
MIN = _reduction_def("Min", REAL_NUMBER_TYPES, _extreme(np.minimum, _highest), _min_or_max_grad)
ANY = _reduction_def("Any", BOOL_TYPES, _any)
ALL = _reduction_def("All", BOOL_TYPES, _all)


def index_tensor(value, name: str) -> Tensor:
    """An axis argument as TF's op library converts an input with a default dtype (``Tidx=int32``): its
    own dtype when that is int32/int64, else int32 if it fits (``axis=[]`` is an empty int32)."""
    from graphscope.ops.array_ops import make_const
    if is_tensor_like(value):
        return convert_to_tensor(value, name=name)
    array = to_numpy(value)
    if array.dtype != np.int32 and array.dtype != np.int64:
        try:
            array = to_numpy(value, dtypes.int32)
        except (TypeError, ValueError, OverflowError):
            pass  # the op's rule reports the dtype
    return make_const(array, name)


# -- the reduce_* functions ----------------------------------------------------------------------------

def _deprecated_lookup(new_name: str, new_value, old_name: str, old_value):
    if new_value is not None and old_value is not None:
        raise ValueError("Cannot specify both '%s' and '%s'" % (new_name, old_name))
    return old_value if new_value is None else new_value


def _all_axes(input_tensor):
    """TF's ``_ReductionDims`` for ``axis=None``: a Const of every axis, made outside the op's scope."""
    from graphscope.ops.array_ops import make_const
    if is_tensor_like(input_tensor):
        rank = input_tensor.get_shape().rank
    else:
        rank = np.ndim(input_tensor)
    if rank is None:
        return _range_of_rank(input_tensor)
    return make_const(np.arange(rank, dtype=np.int32), "Const")


def _range_of_rank(input_tensor):
    """``range(0, rank(x))`` for a tensor of unknown rank (TF builds the same two ops)."""
    import graphscope
    rank, range_ = getattr(graphscope, "rank", None), getattr(graphscope, "range", None)
    if rank is None or range_ is None:
        raise NotImplementedError("Reducing every axis of a tensor of unknown rank needs tf.rank and tf.range.")
    return range_(0, rank(input_tensor))


def _reduce(op_def, default_name, input_tensor, axis, keepdims, name, reduction_indices, keep_dims) -> Tensor:
    axis = _deprecated_lookup("axis", axis, "reduction_indices", reduction_indices)
    keepdims = _deprecated_lookup("keepdims", keepdims, "keep_dims", keep_dims)
    keepdims = False if keepdims is None else bool(keepdims)
    indices = _all_axes(input_tensor) if axis is None else axis
    attrs = {"keep_dims": keepdims}
    if type(input_tensor) is Tensor and type(indices) is Tensor:
        output = apply_op(op_def, [input_tensor, indices], attrs, name=default_name if name is None else name)
    else:
        with op_scope(name, default_name, [input_tensor, indices]) as scope:
            x = convert_to_tensor(input_tensor, name="input")
            indices = index_tensor(indices, "reduction_indices")
            output = apply_op(op_def, [x, indices], attrs, name=scope)
    output = output._outputs[0]
    if axis is None and not keepdims and output._dims != ():
        output.set_shape(())  # TF's _may_reduce_to_scalar
    return output


def reduce_sum(input_tensor, axis=None, keepdims=None, name: str | None = None, reduction_indices=None,
               keep_dims=None) -> Tensor:
    """The sum over ``axis`` (None: every axis; an int, a list, negative counts from the end).

    ``keepdims`` keeps reduced axes with size 1; ``reduction_indices`` and ``keep_dims`` are TF1's
    names for ``axis`` and ``keepdims``. Integers sum in their own dtype.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.constant([[1, 2, 3], [4, 5, 6]])
    ...     total, columns, rows = tf.Session().run(
    ...         [tf.reduce_sum(x), tf.reduce_sum(x, 0), tf.reduce_sum(x, -1, keepdims=True)])
    >>> print(total, columns, rows.tolist())
    21 [5 7 9] [[6], [15]]
    """
    return _reduce(SUM, "Sum", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_mean(input_tensor, axis=None, keepdims=None, name: str | None = None, reduction_indices=None,
                keep_dims=None) -> Tensor:
    """The mean over ``axis`` (as :func:`reduce_sum`); integer means truncate toward zero, as TF.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(*tf.Session().run([tf.reduce_mean(tf.constant([-1, -2])), tf.reduce_mean(tf.constant([1.0, 2.0]))]))
    -1 1.5
    """
    return _reduce(MEAN, "Mean", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_max(input_tensor, axis=None, keepdims=None, name: str | None = None, reduction_indices=None,
               keep_dims=None) -> Tensor:
    """The maximum over ``axis`` (as :func:`reduce_sum`); NaN propagates.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.reduce_max(tf.constant([[1.0, float("nan")], [3.0, 2.0]]), axis=1)))
    [nan  3.]
    """
    return _reduce(MAX, "Max", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_min(input_tensor, axis=None, keepdims=None, name: str | None = None, reduction_indices=None,
               keep_dims=None) -> Tensor:
    """The minimum over ``axis`` (as :func:`reduce_sum`); NaN propagates.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.reduce_min(tf.constant([[1, 5], [3, 2]]), axis=0)))
    [1 2]
    """
    return _reduce(MIN, "Min", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_prod(input_tensor, axis=None, keepdims=None, name: str | None = None, reduction_indices=None,
                keep_dims=None) -> Tensor:
    """The product over ``axis`` (as :func:`reduce_sum`).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.reduce_prod(tf.constant([[1, 2], [3, 4]]), axis=1)))
    [ 2 12]
    """
    return _reduce(PROD, "Prod", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_any(input_tensor, axis=None, keepdims=None, name: str | None = None, reduction_indices=None,
               keep_dims=None) -> Tensor:
    """Logical or over ``axis`` of a bool tensor (as :func:`reduce_sum`).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.reduce_any(tf.constant([[True, False], [False, False]]), axis=1)))
    [ True False]
    """
    return _reduce(ANY, "Any", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_all(input_tensor, axis=None, keepdims=None, name: str | None = None, reduction_indices=None,
               keep_dims=None) -> Tensor:
    """Logical and over ``axis`` of a bool tensor (as :func:`reduce_sum`).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.reduce_all(tf.constant([[True, False], [True, True]]), axis=1)))
    [False  True]
    """
    return _reduce(ALL, "All", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


# -- ArgMax / ArgMin -----------------------------------------------------------------------------------

def _arg_infer(op_type: str):
    def infer(inputs, attrs):
        x, dimension = inputs
        dtype = x._dtype.base_dtype
        ARG_TYPES.check("input", dtype)
        INDEX_TYPES.check("dimension", dimension._dtype.base_dtype)
        OUTPUT_INDEX_TYPES.check("output_type", attrs["output_type"])
        attrs["T"] = dtype
        attrs["Tidx"] = dimension._dtype.base_dtype
        out = attrs["output_type"]
        dims = x._dims
        axis = constant_value(dimension)
        if dims is None:
            return [(out, None)]
        if axis is None:
            return [(out, (None,) * (len(dims) - 1))]
        axis = int(np.reshape(axis, -1)[0])
        rank = len(dims)
        if not -rank <= axis < rank:
            raise ValueError("Expected dimension in the range [%d, %d), but got %d for '%s' op with input shapes: "
                             "%s, [] (input %s)." % (-rank, rank, axis, op_type, format_dims(dims), x._name))
        axis %= rank
        return [(out, dims[:axis] + dims[axis + 1:])]

    return infer


def _arg_kernel(numpy_arg, nan_fill):
    """ArgMax/ArgMin: the first extreme wins; TF's kernel never picks a NaN (numpy would)."""

    def kernel(op):
        out = op._attrs["output_type"].as_numpy_dtype
        floating = op._attrs["T"].is_floating

        def arg_values(x, dimension):
            axis = int(dimension)
            if floating:
                nan = np.isnan(x)
                if nan.any():
                    x = np.where(nan, nan_fill, x)
            try:
                return numpy_arg(x, axis=axis).astype(out, copy=False)
            except ValueError:  # an empty axis
                raise kernel_error(op, "Reduction axis %d is empty in shape %s"
                                   % (axis, format_dims(np.shape(x)))) from None
            except np.exceptions.AxisError:
                raise kernel_error(op, "Expected dimension in the range [%d, %d), but got %d"
                                   % (-np.ndim(x), np.ndim(x), axis)) from None

        return arg_values

    return kernel


ARG_MAX = register("ArgMax", infer=_arg_infer("ArgMax"), kernel=_arg_kernel(np.argmax, -np.inf), gradient=no_gradient)
ARG_MIN = register("ArgMin", infer=_arg_infer("ArgMin"), kernel=_arg_kernel(np.argmin, np.inf), gradient=no_gradient)


def _arg(op_def, default_name, input, axis, name, dimension, output_type) -> Tensor:
    axis = _deprecated_lookup("axis", axis, "dimension", dimension)
    if axis is None:
        axis = 0
    attrs = {"output_type": dtypes.as_dtype(output_type).base_dtype}
    with op_scope(name, default_name, [input, axis]) as scope:
        x = convert_to_tensor(input, name="input")
        axis = index_tensor(axis, "dimension")
        return apply_op(op_def, [x, axis], attrs, name=scope)._outputs[0]


def argmax(input, axis=None, name: str | None = None, dimension=None, output_type=dtypes.int64) -> Tensor:
    """The index of the largest value along ``axis`` (default 0; TF1 alias ``dimension``).

    The result is int64 unless ``output_type``; the first of equal maxima wins and NaN is never
    picked (TF's kernel skips it).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     a = tf.argmax(tf.constant([[1.0, 3.0, 3.0], [float("nan"), 0.0, 2.0]]), axis=1)
    ...     print(a.dtype.name, tf.Session().run(a))
    int64 [1 2]
    """
    return _arg(ARG_MAX, "ArgMax", input, axis, name, dimension, output_type)


def argmin(input, axis=None, name: str | None = None, dimension=None, output_type=dtypes.int64) -> Tensor:
    """The index of the smallest value along ``axis`` (as :func:`argmax`).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.argmin(tf.constant([3, 1, 1]), output_type=tf.int32)))
    1
    """
    return _arg(ARG_MIN, "ArgMin", input, axis, name, dimension, output_type)


def arg_max(input, dimension, output_type=dtypes.int64, name: str | None = None) -> Tensor:
    """TF1's deprecated ``tf.arg_max(input, dimension)``: :func:`argmax` with a required axis.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.arg_max(tf.constant([[1, 5], [7, 2]]), 1)))
    [1 0]
    """
    return _arg(ARG_MAX, "ArgMax", input, dimension, name, None, output_type)


def arg_min(input, dimension, output_type=dtypes.int64, name: str | None = None) -> Tensor:
    """TF1's deprecated ``tf.arg_min(input, dimension)``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.arg_min(tf.constant([[1, 5], [7, 2]]), 1)))
    [0 1]
    """
    return _arg(ARG_MIN, "ArgMin", input, dimension, name, None, output_type)
