"""Math ops: elementwise binary arithmetic, ``add_n``, ``clip_by_value`` and the Python operators on
tensors, with TensorFlow 1.x's dtype rules, names and special values.

TF never promotes dtypes: ``int32 + float32`` is a TypeError naming both. A Python number takes the
dtype of the tensor it meets (``2 * x`` is float32 for a float32 ``x``) and must fit it exactly
(``int32_tensor * 2.5`` is a TypeError). Each op type is registered once below with its shape/dtype
rule, numpy kernel and gradient rule side by side (the gradients are TensorFlow's ``math_grad.py``,
building the same ops under the same names; broadcast inputs get their gradient summed back to their
shape by :func:`~graphscope.ops.gradient_util_ops.reduce_gradient_args`).
Unary ops and casts live in :mod:`graphscope.ops.unary_ops`, ``matmul`` in
:mod:`graphscope.ops.matmul_ops`, comparisons and logical ops in :mod:`graphscope.ops.comparison_ops`,
reductions and ``argmax`` in :mod:`graphscope.ops.reduction_ops`, ``cumsum``/``cumprod`` in
:mod:`graphscope.ops.scan_ops`; this module re-exports them all, as TF's ``math_ops`` holds them all.
Shared pieces of op definitions (:class:`AllowedTypes`, :func:`binary_infer`, :func:`binary_op`, ...)
are defined in :mod:`graphscope.ops.op_defs` and re-exported here; ``add_n``, ``clip_by_value`` and the
Python operators live in :mod:`graphscope.ops.operator_ops`.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 3], name="x")
...     y = tf.add(x, 1.0)
...     z = x * 2
>>> y.name, y.shape.as_list(), z.name, z.op.inputs[1].name
('Add:0', [None, 3], 'mul:0', 'mul/y:0')
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes
from graphscope.ops.core import convert_to_tensor, op_scope
from graphscope.ops.gradient_util_ops import dense_gradients, reduce_gradient_args, shapes_fully_specified_and_equal
from graphscope.ops.op_defs import (  # noqa: F401 (re-exported: the op families import them from here)
    _NUMPY_BACKED, ABS_TYPES, ADD_N_TYPES, ADD_TYPES, ARITHMETIC, FLOATS, FLOOR_MOD_TYPES, MIN_MAX_TYPES,
    POW_TYPES, REAL_FLOATS, SIGNED, SQUARED_DIFFERENCE_TYPES, AllowedTypes, _out, binary_infer, binary_op,
    binary_operator, broadcast_shape, dtype_mismatch, elementwise_binary_infer, format_dims, kernel_error,
    typed_input, unary_infer, unary_op,
)
from graphscope.ops.registry import no_gradient, register
from graphscope.tensor import Tensor

__all__ = [
    "add", "subtract", "multiply", "divide", "truediv", "realdiv", "div", "floordiv", "floor_div",
    "floormod", "mod", "pow", "maximum", "minimum", "squared_difference", "scalar_mul", "add_n", "clip_by_value",
    "div_no_nan",
]


# -- elementwise binary op types -----------------------------------------------------------------------

def _binary_def(op_type, allowed, kernel, gradient=None):
    return register(op_type, infer=binary_infer(op_type, allowed), kernel=kernel, gradient=gradient)


def ufunc_kernel(fn):
    """``kernel(op)`` for ops whose numpy function needs no attrs: the ufunc itself."""
    return lambda op: fn


def _int_division_kernel(float_fn, int_fn):
    """Kernel builder for division-like ops: integers check for zero divisors (TF's
    "Integer division by zero", an InvalidArgumentError at run time)."""

    def kernel(op):
        dtype = op._attrs["T"]
        if not dtype.is_integer:
            return float_fn

        def divide_integers(x, y):
            if not np.all(y):
                result = int_fn(x, np.where(y == 0, np.ones((), y.dtype), y))
                if result.size:  # TF's kernel fails on a zero divisor it uses; an empty result uses none
                    raise kernel_error(op, "Integer division by zero")
                return result
            return int_fn(x, y)

        return divide_integers

    return kernel


def _floor_divide_floats(x, y):
    return np.floor(np.true_divide(x, y))  # TF: floor(x / y); numpy's floor_divide differs (1 // 0.1 = 9)


def _truncate_divide(x, y):
    quotient = np.floor_divide(x, y)
    return quotient + ((quotient * y != x) & ((x < 0) != (y < 0)))


def _pow_kernel(op):
    if not op._attrs["T"].is_integer:
        return np.power

    def integer_power(x, y):
        try:
            return np.power(x, y)
        except ValueError:  # numpy: "Integers to negative integer powers are not allowed."
            raise kernel_error(op, "Integers to negative integer powers are not allowed") from None

    return integer_power


def _squared_difference_kernel(op):
    if op._attrs["T"].is_complex:
        def complex_squared_difference(x, y):
            d = np.subtract(x, y)
            return d * np.conj(d)
        return complex_squared_difference
    return lambda x, y: np.square(np.subtract(x, y))


# -- their gradients (TF's math_grad.py) -------------------------------------------------------------------
# Each returns one entry per input. ``reduce_gradient_args`` sums a broadcast gradient back to each
# input's shape, adding nothing when the static shapes show no broadcasting.

def _mul(x, y):
    return _out(MUL, [x, y], "Mul")  # gen_math_ops.mul: named 'Mul' in the gradient's scope


@dense_gradients
def _add_grad(op, grad):
    """``x + y``: the gradient goes to both inputs."""
    x, y = op._inputs
    if shapes_fully_specified_and_equal(x, y, grad):
        return [grad, grad]
    return list(reduce_gradient_args(x, y, grad, grad))


@dense_gradients
def _sub_grad(op, grad):
    """``x - y``: ``grad`` and ``-grad``."""
    x, y = op._inputs
    if shapes_fully_specified_and_equal(x, y, grad):
        return [grad, -grad]
    return list(reduce_gradient_args(x, y, grad, -grad))


@dense_gradients
def _mul_grad(op, grad):
    """``x * y``: ``grad * y`` and ``x * grad`` (conjugated for complex numbers)."""
    x, y = op._inputs
    if shapes_fully_specified_and_equal(x, y, grad) and grad._dtype.base_dtype in (dtypes.int32, dtypes.float32):
        return [_mul(grad, y), _mul(grad, x)]
    gx = _mul(grad, conj(y))
    gy = _mul(conj(x), grad)
    return list(reduce_gradient_args(x, y, gx, gy))


@dense_gradients
def _real_div_grad(op, grad):
    """``x / y``: ``grad / y`` and ``grad * ((-x / y) / y)``."""
    x, y = op._inputs
    cx, cy = conj(x), conj(y)
    gx = realdiv(grad, cy)
    gy = grad * realdiv(realdiv(-cx, cy), cy)
    return list(reduce_gradient_args(x, y, gx, gy))


@dense_gradients
def _div_no_nan_grad(op, grad):
    """``div_no_nan(x, y)``: as RealDiv's, with ``div_no_nan`` (0 where ``y`` is 0)."""
    x, y = conj(op._inputs[0]), conj(op._inputs[1])
    gx = div_no_nan(grad, y)
    gy = grad * div_no_nan(div_no_nan(-x, y), y)
    return list(reduce_gradient_args(x, y, gx, gy))


@dense_gradients
def _floor_mod_grad(op, grad):
    """``x % y = x - floor(x / y) * y``: ``grad`` and ``grad * -floor(x / y)``."""
    x, y = conj(op._inputs[0]), conj(op._inputs[1])
    floor_xy = _out(FLOOR_DIV, [x, y], "FloorDiv")
    gy = grad * negative(floor_xy)
    return list(reduce_gradient_args(x, y, grad, gy))


@dense_gradients
def _pow_grad(op, grad):
    """``z = x ** y``: ``grad * y * x ** (y - 1)`` and ``grad * z * log(x)``, where TF takes log(x)
    only where ``x > 0`` (0 elsewhere), so ``pow(0, y)`` has a finite ``dy`` unless ``z`` is infinite."""
    from graphscope.ops.array_ops import ones_like, zeros_like
    from graphscope.ops.indexing_ops import where
    x, y = op._inputs
    cx, cy = conj(x), conj(y)
    gx = grad * cy * pow(cx, cy - 1)
    mask = not_equal(cx, 0) if x._dtype.is_complex else cx > 0
    safe_x = where(mask, cx, ones_like(x))
    log_x = where(mask, log(safe_x), zeros_like(x))
    gy = grad * conj(op._outputs[0]) * log_x
    return list(reduce_gradient_args(x, y, gx, gy))


def _maximum_minimum_grad(selector):
    """Maximum (``selector`` greater_equal), Minimum (less_equal): the gradient goes where ``selector(x,
    y)`` holds to ``x`` and elsewhere to ``y``, so a tie goes to ``x`` entirely."""

    @dense_gradients
    def maximum_minimum_grad(op, grad):
        from graphscope.ops.array_ops import zeros_like
        from graphscope.ops.indexing_ops import where_v2
        x, y = op._inputs
        zeros = zeros_like(grad)
        xmask = selector(x, y)
        gx = where_v2(xmask, grad, zeros)
        gy = where_v2(xmask, zeros, grad)
        return list(reduce_gradient_args(x, y, gx, gy))

    return maximum_minimum_grad


@dense_gradients
def _squared_difference_grad(op, grad):
    """``(x - y) ** 2``: ``2 * grad * (x - y)`` and its negation."""
    x, y = op._inputs
    x_grad = scalar_mul(2.0, grad) * (x - y)
    if shapes_fully_specified_and_equal(x, y, grad):
        return [x_grad, -x_grad]
    return list(reduce_gradient_args(x, y, x_grad, -x_grad))


ADD = _binary_def("Add", ADD_TYPES, ufunc_kernel(np.add), _add_grad)  # tf.add of strings; numbers use AddV2
ADD_V2 = _binary_def("AddV2", ARITHMETIC, ufunc_kernel(np.add), _add_grad)
SUB = _binary_def("Sub", ARITHMETIC, ufunc_kernel(np.subtract), _sub_grad)
MUL = _binary_def("Mul", ARITHMETIC, ufunc_kernel(np.multiply), _mul_grad)
REAL_DIV = _binary_def("RealDiv", ARITHMETIC, _int_division_kernel(np.true_divide, _truncate_divide),
                       _real_div_grad)
FLOOR_DIV = _binary_def("FloorDiv", ARITHMETIC, _int_division_kernel(_floor_divide_floats, np.floor_divide),
                        no_gradient)  # TF: piecewise constant, None
FLOOR_MOD = _binary_def("FloorMod", FLOOR_MOD_TYPES, _int_division_kernel(np.remainder, np.remainder),
                        _floor_mod_grad)
POW = _binary_def("Pow", POW_TYPES, _pow_kernel, _pow_grad)
# NaN from either side propagates
MAXIMUM = _binary_def("Maximum", MIN_MAX_TYPES, ufunc_kernel(np.maximum),
                      _maximum_minimum_grad(lambda x, y: greater_equal(x, y)))
MINIMUM = _binary_def("Minimum", MIN_MAX_TYPES, ufunc_kernel(np.minimum),
                      _maximum_minimum_grad(lambda x, y: less_equal(x, y)))
SQUARED_DIFFERENCE = _binary_def("SquaredDifference", SQUARED_DIFFERENCE_TYPES, _squared_difference_kernel,
                                 _squared_difference_grad)


def _div_no_nan_kernel(op):
    def div_no_nan_values(x, y):
        with np.errstate(divide="ignore", invalid="ignore"):
            quotient = np.true_divide(x, y)
        return np.where(y == 0, np.zeros((), quotient.dtype), quotient)
    return div_no_nan_values


DIV_NO_NAN = _binary_def("DivNoNan", FLOATS, _div_no_nan_kernel, _div_no_nan_grad)


def add(x, y, name: str | None = None) -> Tensor:
    """``x + y`` elementwise with broadcasting (``tf.add``; op type ``AddV2``, ``Add`` for strings).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     s = tf.add(tf.constant([1, 2]), 3)
    ...     with tf.Session() as sess:
    ...         print(s.op.type, s.op.name, sess.run(s))
    AddV2 Add [4 5]
    """
    if type(x) is Tensor and type(y) is Tensor:
        return _out(ADD if x._dtype.base_dtype is dtypes.string else ADD_V2, [x, y], "Add" if name is None else name)
    with op_scope(name, "Add", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype_hint=x._dtype.base_dtype, name="y")
        return _out(ADD if x._dtype.base_dtype is dtypes.string else ADD_V2, [x, y], scope)


def subtract(x, y, name: str | None = None) -> Tensor:
    """``x - y`` elementwise (``tf.subtract``; op type ``Sub``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     d = tf.subtract(tf.constant([5.0, 1.0]), 2.0)
    ...     print(d.op.name, tf.Session().run(d))
    Sub [ 3. -1.]
    """
    return binary_op(SUB, x, y, name, "Sub")


def multiply(x, y, name: str | None = None) -> Tensor:
    """``x * y`` elementwise (``tf.multiply``; op type ``Mul``). ``y`` must fit ``x``'s dtype.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     p = tf.multiply(tf.constant([1.5, 2.0]), 2)
    ...     print(p.op.name, p.op.inputs[1].name, tf.Session().run(p))
    Mul Mul/y:0 [3. 4.]
    """
    return binary_op(MUL, x, y, name, "Mul")


def scalar_mul(scalar, x, name: str | None = None) -> Tensor:
    """``scalar * x`` for a 0-D ``scalar`` (``tf.scalar_mul``; op type ``Mul``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.scalar_mul(3, tf.constant([1, 2]))))
    [3 6]
    """
    scalar = convert_to_tensor(scalar, dtype=x.dtype.base_dtype, name="scalar")
    if scalar._dims != ():
        raise ValueError("Only scalar multiply works, got shape %s" % scalar.shape)
    return binary_op(MUL, scalar, x, name, "Mul")


# True division: integers are cast to floats first (int32 / int32 is float64), as Python 3 does.
_TRUEDIV_TABLE = {
    dtypes.uint8: dtypes.float32, dtypes.int8: dtypes.float32, dtypes.uint16: dtypes.float32,
    dtypes.int16: dtypes.float32, dtypes.uint32: dtypes.float64, dtypes.int32: dtypes.float64,
    dtypes.uint64: dtypes.float64, dtypes.int64: dtypes.float64, dtypes.float16: None, dtypes.float32: None,
    dtypes.float64: None, dtypes.complex64: None, dtypes.complex128: None,
}


def _truediv(x, y, name) -> Tensor:
    if type(x) is Tensor and type(y) is Tensor and x._dtype is y._dtype and _TRUEDIV_TABLE.get(x._dtype, 0) is None:
        return _out(REAL_DIV, [x, y], "truediv" if name is None else name)
    with op_scope(name, "truediv", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype_hint=x._dtype.base_dtype, name="y")
        x_dtype, y_dtype = x._dtype.base_dtype, y._dtype.base_dtype
        if x_dtype is not y_dtype:
            raise TypeError("`x` and `y` must have the same dtype, got %r != %r." % (x_dtype, y_dtype))
        if x_dtype not in _TRUEDIV_TABLE:
            raise TypeError("Invalid dtype %r in __truediv__. Expected one of {%s}."
                            % (x_dtype, ", ".join(repr(d) for d in _TRUEDIV_TABLE)))
        float_dtype = _TRUEDIV_TABLE[x_dtype]
        if float_dtype is not None:
            x, y = cast(x, float_dtype), cast(y, float_dtype)
        return _out(REAL_DIV, [x, y], scope)


def truediv(x, y, name: str | None = None) -> Tensor:
    """``x / y`` with Python 3 semantics (``tf.truediv``; op type ``RealDiv``, named 'truediv').

    Integers are cast first: int8/int16 to float32, int32/int64 to float64. So int32 ``7 / 2`` is
    float64 3.5, ``1 / 0`` inf and ``0 / 0`` nan.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     q = tf.truediv(tf.constant([7, 1, 0]), tf.constant([2, 0, 0]))
    ...     print(q.dtype.name, [op.type for op in q.graph.get_operations()][2:], tf.Session().run(q))
    float64 ['Cast', 'Cast', 'RealDiv'] [3.5 inf nan]
    """
    return _truediv(x, y, name)


def divide(x, y, name: str | None = None):
    """Python-style division ``x / y`` (``tf.divide``): the ``/`` operator, so int32 gives float64.

    With both arguments Python numbers this is plain Python division, as in TF.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     q = tf.divide(tf.constant([1.0, 3.0]), 2.0)
    ...     print(q.op.name, tf.Session().run(q))
    truediv [0.5 1.5]
    """
    if name is not None:
        return _truediv(x, y, name)
    return x / y


def realdiv(x, y, name: str | None = None) -> Tensor:
    """``x / y`` for same-typed tensors (``tf.realdiv``; op type ``RealDiv``); integers truncate.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.realdiv(tf.constant([7, -7]), 2)))
    [ 3 -3]
    """
    return binary_op(REAL_DIV, x, y, name, "RealDiv")


def div(x, y, name: str | None = None) -> Tensor:
    """TF1's ``tf.div``: Python 2 division, ``RealDiv`` for floats and ``FloorDiv`` for integers.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.div(tf.constant([7, -7]), 2)))
    [ 3 -4]
    """
    with op_scope(name, "div", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype=x._dtype.base_dtype, name="y")
        op_def = REAL_DIV if (x._dtype.is_floating or x._dtype.is_complex) else FLOOR_DIV
        return _out(op_def, [x, y], scope)


def floordiv(x, y, name: str | None = None) -> Tensor:
    """``x // y`` rounding toward -inf, as Python (``tf.floordiv``; op type ``FloorDiv``).

    Integer division by zero raises InvalidArgumentError when the graph runs.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     f = tf.floordiv(tf.constant([7, -7, 7, -7]), tf.constant([2, 2, -2, -2]))
    ...     print(f.op.name, tf.Session().run(f))
    floordiv [ 3 -4 -4  3]
    """
    if type(x) is Tensor and type(y) is Tensor:
        return _out(FLOOR_DIV, [x, y], "floordiv" if name is None else name)
    with op_scope(name, "floordiv", [x, y]) as scope:
        return binary_op(FLOOR_DIV, x, y, scope, "FloorDiv")


floor_div = floordiv


def floormod(x, y, name: str | None = None) -> Tensor:
    """``x % y`` with the sign of ``y``, as Python (``tf.floormod``, ``tf.mod``; op type ``FloorMod``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.floormod(tf.constant([7, -7, 7, -7]), tf.constant([2, 2, -2, -2]))))
    [ 1  1 -1 -1]
    """
    return binary_op(FLOOR_MOD, x, y, name, "FloorMod")


mod = floormod


def pow(x, y, name: str | None = None) -> Tensor:  # noqa: A001 (tf.pow)
    """``x ** y`` elementwise (``tf.pow``; op type ``Pow``).

    Floats follow C's ``pow``: ``0 ** 0 = 1``, ``0 ** -1 = inf``, ``(-8) ** (1/3) = nan``. Integers to
    negative powers raise InvalidArgumentError when the graph runs.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     p = tf.pow(tf.constant([0.0, 0.0, -2.0]), tf.constant([0.0, -1.0, 2.0]))
    ...     print(p.op.name, tf.Session().run(p))
    Pow [ 1. inf  4.]
    """
    if type(x) is Tensor and type(y) is Tensor:
        return _out(POW, [x, y], "Pow" if name is None else name)
    with op_scope(name, "Pow", [x]) as scope:
        return binary_op(POW, x, y, scope, "Pow")


def maximum(x, y, name: str | None = None) -> Tensor:
    """The larger of ``x`` and ``y`` elementwise (``tf.maximum``); NaN from either side wins.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.maximum(tf.constant([1.0, float("nan"), 5.0]), 2.0)))
    [ 2. nan  5.]
    """
    return binary_op(MAXIMUM, x, y, name, "Maximum")


def minimum(x, y, name: str | None = None) -> Tensor:
    """The smaller of ``x`` and ``y`` elementwise (``tf.minimum``); NaN from either side wins.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.minimum(tf.constant([1, 3]), 2)))
    [1 2]
    """
    return binary_op(MINIMUM, x, y, name, "Minimum")


def squared_difference(x, y, name: str | None = None) -> Tensor:
    """``(x - y) ** 2`` elementwise (``tf.squared_difference``; op type ``SquaredDifference``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.squared_difference(tf.constant([1.0, 4.0]), 2.0)))
    [1. 4.]
    """
    return binary_op(SQUARED_DIFFERENCE, x, y, name, "SquaredDifference")


def div_no_nan(x, y, name: str | None = None) -> Tensor:
    """``x / y``, but 0 wherever ``y`` is 0 (``tf.div_no_nan``; op type ``DivNoNan``, floats only).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     q = tf.div_no_nan(tf.constant([1.0, 1.0, 0.0]), tf.constant([2.0, 0.0, 0.0]))
    ...     print(q.op.name, tf.Session().run(q))
    div_no_nan [0.5 0.  0. ]
    """
    with op_scope(name, "div_no_nan", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = typed_input(y, x._dtype.base_dtype, "y", "DivNoNan")
        return _out(DIV_NO_NAN, [x, y], scope)


# -- the rest of TF's math_ops namespace ---------------------------------------------------------------
# Unary ops and casts, matmul, comparisons and reductions live in their own modules; TF keeps them all
# in math_ops, so they are re-exported here (`math_ops.cast`, `math_ops.greater_equal`, ...).
from graphscope.ops import comparison_ops as _comparison_ops  # noqa: E402
from graphscope.ops import matmul_ops as _matmul_ops  # noqa: E402
from graphscope.ops import reduction_ops as _reduction_ops  # noqa: E402
from graphscope.ops import scan_ops as _scan_ops  # noqa: E402
from graphscope.ops import unary_ops as _unary_ops  # noqa: E402
from graphscope.ops.comparison_ops import *  # noqa: E402,F403
from graphscope.ops.matmul_ops import *  # noqa: E402,F403
from graphscope.ops.reduction_ops import *  # noqa: E402,F403
from graphscope.ops.scan_ops import *  # noqa: E402,F403
from graphscope.ops.unary_ops import *  # noqa: E402,F403
from graphscope.ops.comparison_ops import greater_equal, less_equal, not_equal  # noqa: E402
from graphscope.ops.matmul_ops import matmul  # noqa: E402
from graphscope.ops.unary_ops import ABS, NEG, cast, conj, log, negative  # noqa: E402

# add_n, clip_by_value and the Python operators on Tensor (installed when operator_ops is imported)
from graphscope.ops.operator_ops import ADD_N, add_n, clip_by_value  # noqa: E402,F401

__all__ += (_unary_ops.__all__ + _matmul_ops.__all__ + _comparison_ops.__all__ + _reduction_ops.__all__
            + _scan_ops.__all__)

