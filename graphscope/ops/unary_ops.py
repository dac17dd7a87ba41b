"""Elementwise unary ops (``negative``, ``abs``, ``sqrt``, ``exp``, ``log``, ...); casts are defined in
:mod:`graphscope.ops.cast_ops` and re-exported here.

Each op keeps its input's dtype and shape (``is_nan`` and friends give bool). Float-only ops reject
integers as TF does (``sqrt(int32)`` is a TypeError), and float32 ``exp``/``log`` treat subnormal
numbers as TF's CPU kernels do. Each op's gradient rule (TensorFlow's ``math_grad.py``) sits beside
its kernel; ``sqrt``, ``rsqrt`` and ``reciprocal`` differentiate through TF's fused gradient ops
(``SqrtGrad``, ``RsqrtGrad``, ``ReciprocalGrad``: 0 wherever the incoming gradient is 0), ``abs`` and
``sign`` give 0 at 0, and ``floor``/``ceil``/``round`` pass no gradient (None).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 2], name="x")
...     y = tf.sqrt(tf.square(x))
...     c = tf.cast(x, tf.int32)
>>> y.op.type, y.shape.as_list(), c.op.type, c.dtype.name
('Sqrt', [None, 2], 'Cast', 'int32')
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.math_ops import (
    ABS_TYPES, FLOATS, REAL_FLOATS, SIGNED, AllowedTypes, dtype_mismatch, ufunc_kernel, unary_infer, unary_op,
)
from graphscope.ops.gradient_util_ops import dense_gradients
from graphscope.ops.registry import no_gradient, register
from graphscope.ops.tensor_util import merge_dims, shape_error
from graphscope.tensor import Tensor

__all__ = [
    "negative", "abs", "sign", "square", "sqrt", "rsqrt", "exp", "expm1", "log", "log1p", "reciprocal", "floor",
    "ceil", "round", "sin", "cos", "is_nan", "is_inf", "is_finite", "cast", "to_float", "to_double", "to_int32",
    "to_int64", "conj",
]


def _out(op_def, inputs, name, attrs=None):
    return apply_op(op_def, inputs, attrs, name=name)._outputs[0]


# -- the op types -------------------------------------------------------------------------------------

def _unary_def(op_type, allowed, kernel, out_dtype=None, gradient=None):
    return register(op_type, infer=unary_infer(op_type, allowed, out_dtype), kernel=kernel, gradient=gradient)


def _rsqrt(x):
    return np.reciprocal(np.sqrt(x))


# TF's CPU kernels run float32 with subnormals flushed to zero: exp never returns a subnormal, and
# log of a subnormal is log(2**-150) whatever its value (log(0) stays -inf). Checked only when the
# result is in that range, so ordinary values cost one comparison pass.
_FLT_MIN = np.float32(np.finfo(np.float32).tiny)
_LOG_OF_SUBNORMAL = np.float32(-103.97208)


def _exp_float32(x):
    result = np.exp(x)
    if (x < -87.3).any():  # exp(-87.34) is float32's smallest normal number
        result = np.where(result < _FLT_MIN, np.float32(0), result)
    return result


def _log_float32(x):
    result = np.log(x)
    if (result < -87.3).any():
        result = np.where((x > 0) & (x < _FLT_MIN), _LOG_OF_SUBNORMAL, result)
    return result


def _by_dtype(default, **special):
    """``kernel(op)`` choosing the numpy function by the op's dtype (``float32=...``)."""
    return lambda op: special.get(op._attrs["T"].name, default)


# -- the gradient rules (TF's math_grad.py); ``y`` is the op's output --------------------------------------

def _neg_grad(op, grad):
    """``-x``: ``-grad`` (IndexedSlices stay sparse, as TF's ``IndexedSlices.__neg__``)."""
    if isinstance(grad, Tensor):
        return [-grad]
    from graphscope.gradients import IndexedSlices
    return [IndexedSlices(-grad.values, grad.indices, grad.dense_shape)]


@dense_gradients
def _abs_grad(op, grad):
    """``|x|``: ``grad * sign(x)``, so 0 at 0."""
    return [grad * sign(op._inputs[0])]


def _sign_grad(op, grad):
    """``sign(x)``: zeros (not None: TF's rule returns ``zeros_like(x)``)."""
    from graphscope.ops.array_ops import zeros_like
    return [zeros_like(op._inputs[0])]


@dense_gradients
def _square_grad(op, grad):
    """``x * x``: ``grad * (x * 2)``."""
    from graphscope.ops.array_ops import constant
    from graphscope.ops.math_ops import multiply
    x = conj(op._inputs[0])
    two = constant(2.0, dtype=x._dtype.base_dtype)
    return [multiply(grad, multiply(x, two))]


@dense_gradients
def _sqrt_grad(op, grad):
    """``sqrt(x)``: ``SqrtGrad(y, grad) = 0.5 * grad / y`` (inf at 0 unless ``grad`` is 0)."""
    return [sqrt_grad(op._outputs[0], grad)]


@dense_gradients
def _rsqrt_grad(op, grad):
    """``x ** -0.5``: ``RsqrtGrad(y, grad) = -0.5 * grad * y ** 3``."""
    return [rsqrt_grad(op._outputs[0], grad)]


@dense_gradients
def _reciprocal_grad(op, grad):
    """``1 / x``: ``ReciprocalGrad(y, grad) = -grad * y * y``."""
    return [reciprocal_grad(op._outputs[0], grad)]


@dense_gradients
def _exp_grad(op, grad):
    """``exp(x)``: ``grad * y``."""
    return [grad * conj(op._outputs[0])]


@dense_gradients
def _expm1_grad(op, grad):
    """``exp(x) - 1``: ``grad * exp(x)``."""
    return [grad * exp(conj(op._inputs[0]))]


@dense_gradients
def _log_grad(op, grad):
    """``log(x)``: ``grad * reciprocal(x)``."""
    return [grad * reciprocal(conj(op._inputs[0]))]


@dense_gradients
def _log1p_grad(op, grad):
    """``log(1 + x)``: ``grad * reciprocal(1 + x)``."""
    return [grad * reciprocal(1 + conj(op._inputs[0]))]


@dense_gradients
def _sin_grad(op, grad):
    """``sin(x)``: ``grad * cos(x)``."""
    return [grad * cos(conj(op._inputs[0]))]


@dense_gradients
def _cos_grad(op, grad):
    """``cos(x)``: ``-grad * sin(x)``."""
    return [-grad * sin(conj(op._inputs[0]))]


NEG = _unary_def("Neg", SIGNED, ufunc_kernel(np.negative), gradient=_neg_grad)
ABS = _unary_def("Abs", ABS_TYPES, ufunc_kernel(np.abs), gradient=_abs_grad)
SIGN = _unary_def("Sign", SIGNED, ufunc_kernel(np.sign), gradient=_sign_grad)
SQUARE = _unary_def("Square", SIGNED, ufunc_kernel(np.square), gradient=_square_grad)
SQRT = _unary_def("Sqrt", FLOATS, ufunc_kernel(np.sqrt), gradient=_sqrt_grad)
RSQRT = _unary_def("Rsqrt", FLOATS, ufunc_kernel(_rsqrt), gradient=_rsqrt_grad)
EXP = _unary_def("Exp", FLOATS, _by_dtype(np.exp, float32=_exp_float32), gradient=_exp_grad)
EXPM1 = _unary_def("Expm1", FLOATS, ufunc_kernel(np.expm1), gradient=_expm1_grad)
LOG = _unary_def("Log", FLOATS, _by_dtype(np.log, float32=_log_float32), gradient=_log_grad)
LOG1P = _unary_def("Log1p", FLOATS, ufunc_kernel(np.log1p), gradient=_log1p_grad)
RECIPROCAL = _unary_def("Reciprocal", SIGNED, ufunc_kernel(np.reciprocal), gradient=_reciprocal_grad)
FLOOR = _unary_def("Floor", REAL_FLOATS, ufunc_kernel(np.floor), gradient=no_gradient)
CEIL = _unary_def("Ceil", REAL_FLOATS, ufunc_kernel(np.ceil), gradient=no_gradient)
ROUND = _unary_def("Round", SIGNED, ufunc_kernel(np.round), gradient=no_gradient)  # half to even, as TF
SIN = _unary_def("Sin", FLOATS, ufunc_kernel(np.sin), gradient=_sin_grad)
COS = _unary_def("Cos", FLOATS, ufunc_kernel(np.cos), gradient=_cos_grad)
# TF registers no gradient for the bool-valued tests (none can reach them: their output is bool).
IS_NAN = _unary_def("IsNan", REAL_FLOATS, ufunc_kernel(np.isnan), out_dtype=dtypes.bool)
IS_INF = _unary_def("IsInf", REAL_FLOATS, ufunc_kernel(np.isinf), out_dtype=dtypes.bool)
IS_FINITE = _unary_def("IsFinite", REAL_FLOATS, ufunc_kernel(np.isfinite), out_dtype=dtypes.bool)


# -- Conj, and the fused gradient ops of sqrt, rsqrt and reciprocal -----------------------------------------

CONJ = _unary_def("Conj", AllowedTypes("complex64, complex128, variant"), ufunc_kernel(np.conj),
                  gradient=dense_gradients(lambda op, grad: [conj(grad)]))


def conj(x, name: str | None = None) -> Tensor:
    """The complex conjugate (``tf.conj``); real and integer tensors are returned as they are.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.constant([1.0, 2.0])
    ...     print(tf.conj(x) is x)
    True
    """
    if type(x) is Tensor and (x._dtype.is_floating or x._dtype.is_integer):
        return x
    with op_scope(name, "Conj", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x._dtype.is_complex or x._dtype.base_dtype is dtypes.variant:
            return _out(CONJ, [x], scope)
        if x._dtype.is_floating or x._dtype.is_integer:
            return x
        raise TypeError("Expected numeric or variant tensor, got dtype %r" % x._dtype)


def _gradient_op_infer(op_type):
    """``XGrad(y, dy)``: two float tensors of one dtype and shape."""

    def infer(inputs, attrs):
        y, dy = inputs
        dtype = y._dtype.base_dtype
        FLOATS.check("y", dtype)
        if dy._dtype.base_dtype is not dtype:
            raise dtype_mismatch(op_type, "dy", dy._dtype.base_dtype, dtype, first="y")
        attrs["T"] = dtype
        try:
            dims = merge_dims(y._dims, dy._dims)
        except ValueError as exc:
            raise shape_error(op_type, str(exc), inputs) from None
        return [(dtype, dims)]

    return infer


def _zero_where_no_gradient(rule):
    """TF's kernels for these ops give exactly 0 where the incoming gradient is 0 (even at y = 0)."""

    def kernel(op):
        def gradient_values(y, dy):
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                result = rule(y, dy)
            if (dy == 0).any():
                result = np.where(dy == 0, np.zeros((), result.dtype), result)
            return result
        return gradient_values

    return kernel


def _sqrt_grad_grad(op, grad):
    """TF's ``_SqrtGradGrad``: of ``z = 0.5 * b / a``."""
    a, z = op._inputs[0], op._outputs[0]
    ga = grad / a
    return [-conj(ga) * z, 0.5 * ga]


def _rsqrt_grad_grad(op, grad):
    """TF's ``_RsqrtGradGrad``: of ``-0.5 * b * conj(a) ** 3``."""
    a, b = op._inputs
    ca, cg = conj(a), conj(grad)
    return [-1.5 * cg * b * square(ca), rsqrt_grad(ca, grad)]


def _reciprocal_grad_grad(op, grad):
    """TF's ``_ReciprocalGradGrad``: of ``-b * conj(a) ** 2``."""
    b = op._inputs[1]
    ca, cg = conj(op._inputs[0]), conj(grad)
    return [cg * -2.0 * b * ca, reciprocal_grad(ca, grad)]


def _sqrt_grad_values(y, dy):
    return (0.5 * dy) / np.conj(y)


def _rsqrt_grad_values(y, dy):
    y = np.conj(y)
    return -0.5 * (dy * y) * (y * y)


def _reciprocal_grad_values(y, dy):
    y = np.conj(y)
    return -y * y * dy


SQRT_GRAD = register("SqrtGrad", infer=_gradient_op_infer("SqrtGrad"),
                     kernel=_zero_where_no_gradient(_sqrt_grad_values), gradient=dense_gradients(_sqrt_grad_grad))
RSQRT_GRAD = register("RsqrtGrad", infer=_gradient_op_infer("RsqrtGrad"),
                      kernel=_zero_where_no_gradient(_rsqrt_grad_values), gradient=dense_gradients(_rsqrt_grad_grad))
RECIPROCAL_GRAD = register("ReciprocalGrad", infer=_gradient_op_infer("ReciprocalGrad"),
                           kernel=_zero_where_no_gradient(_reciprocal_grad_values),
                           gradient=dense_gradients(_reciprocal_grad_grad))


def sqrt_grad(y, dy, name: str | None = None) -> Tensor:
    """The gradient of ``y = sqrt(x)`` for an incoming gradient ``dy``: ``0.5 * dy / y`` (op ``SqrtGrad``)."""
    return _out(SQRT_GRAD, [y, dy], "SqrtGrad" if name is None else name)


def rsqrt_grad(y, dy, name: str | None = None) -> Tensor:
    """The gradient of ``y = rsqrt(x)``: ``-0.5 * dy * y ** 3`` (op ``RsqrtGrad``)."""
    return _out(RSQRT_GRAD, [y, dy], "RsqrtGrad" if name is None else name)


def reciprocal_grad(y, dy, name: str | None = None) -> Tensor:
    """The gradient of ``y = 1 / x``: ``-dy * y * y`` (op ``ReciprocalGrad``)."""
    return _out(RECIPROCAL_GRAD, [y, dy], "ReciprocalGrad" if name is None else name)


def negative(x, name: str | None = None) -> Tensor:
    """``-x`` (``tf.negative``; op type ``Neg``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.negative(tf.constant([1, -2]))))
    [-1  2]
    """
    return unary_op(NEG, x, name, "Neg")


def abs(x, name: str | None = None) -> Tensor:  # noqa: A001 (tf.abs)
    """``|x|`` (``tf.abs``; op type ``Abs``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.abs(tf.constant([-1.5, 0.0, 2.0]))))
    [1.5 0.  2. ]
    """
    return unary_op(ABS, x, name, "Abs")


def sign(x, name: str | None = None) -> Tensor:
    """-1, 0 or 1 by the sign of ``x`` (``tf.sign``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.sign(tf.constant([-3, 0, 5]))))
    [-1  0  1]
    """
    return unary_op(SIGN, x, name, "Sign")


def square(x, name: str | None = None) -> Tensor:
    """``x * x`` (``tf.square``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.square(tf.constant([-3, 4]))))
    [ 9 16]
    """
    return unary_op(SQUARE, x, name, "Square")


def sqrt(x, name: str | None = None) -> Tensor:
    """The square root of a float tensor (``tf.sqrt``); integers are a TypeError, as in TF.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.sqrt(tf.constant([4.0, 2.0, -1.0]))))
    [2.        1.4142135       nan]
    """
    return unary_op(SQRT, x, name, "Sqrt")


def rsqrt(x, name: str | None = None) -> Tensor:
    """``1 / sqrt(x)`` (``tf.rsqrt``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.rsqrt(tf.constant([4.0, 0.0]))))
    [0.5 inf]
    """
    return unary_op(RSQRT, x, name, "Rsqrt")


def exp(x, name: str | None = None) -> Tensor:
    """``e ** x`` (``tf.exp``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.exp(tf.constant([0.0, 1.0]))))
    [1.       2.718282]
    """
    return unary_op(EXP, x, name, "Exp")


def expm1(x, name: str | None = None) -> Tensor:
    """``exp(x) - 1``, accurate near 0 (``tf.expm1``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.expm1(tf.constant([0.0, 1e-10], tf.float64))))
    [0.e+00 1.e-10]
    """
    return unary_op(EXPM1, x, name, "Expm1")


def log(x, name: str | None = None) -> Tensor:
    """The natural logarithm (``tf.log``); ``log(0) = -inf``, negative values give nan.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.log(tf.constant([1.0, 0.0, -1.0]))))
    [  0. -inf  nan]
    """
    return unary_op(LOG, x, name, "Log")


def log1p(x, name: str | None = None) -> Tensor:
    """``log(1 + x)``, accurate near 0 (``tf.log1p``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.log1p(tf.constant([0.0, -1.0]))))
    [  0. -inf]
    """
    return unary_op(LOG1P, x, name, "Log1p")


def reciprocal(x, name: str | None = None) -> Tensor:
    """``1 / x`` (``tf.reciprocal``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.reciprocal(tf.constant([2.0, 0.0]))))
    [0.5 inf]
    """
    return unary_op(RECIPROCAL, x, name, "Reciprocal")


def floor(x, name: str | None = None) -> Tensor:
    """The largest integer not above ``x``, as a float (``tf.floor``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.floor(tf.constant([1.5, -1.5]))))
    [ 1. -2.]
    """
    return unary_op(FLOOR, x, name, "Floor")


def ceil(x, name: str | None = None) -> Tensor:
    """The smallest integer not below ``x``, as a float (``tf.ceil``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.ceil(tf.constant([1.5, -1.5]))))
    [ 2. -1.]
    """
    return unary_op(CEIL, x, name, "Ceil")


def round(x, name: str | None = None) -> Tensor:  # noqa: A001 (tf.round)
    """Round half to even (``tf.round``); integer tensors are returned unchanged.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.round(tf.constant([0.5, 1.5, 2.5, -0.5]))))
    [ 0.  2.  2. -0.]
    """
    x = convert_to_tensor(x, name="x")
    if x._dtype.is_integer:
        return x
    return unary_op(ROUND, x, name, "Round")


def sin(x, name: str | None = None) -> Tensor:
    """The sine, in radians (``tf.sin``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.sin(tf.constant([0.0]))))
    [0.]
    """
    return unary_op(SIN, x, name, "Sin")


def cos(x, name: str | None = None) -> Tensor:
    """The cosine, in radians (``tf.cos``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.cos(tf.constant([0.0]))))
    [1.]
    """
    return unary_op(COS, x, name, "Cos")


def is_nan(x, name: str | None = None) -> Tensor:
    """Which elements are NaN (``tf.is_nan``; bool).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.is_nan(tf.constant([1.0, float("nan")]))))
    [False  True]
    """
    return unary_op(IS_NAN, x, name, "IsNan")


def is_inf(x, name: str | None = None) -> Tensor:
    """Which elements are infinite (``tf.is_inf``; bool).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.is_inf(tf.constant([1.0, -float("inf")]))))
    [False  True]
    """
    return unary_op(IS_INF, x, name, "IsInf")


def is_finite(x, name: str | None = None) -> Tensor:
    """Which elements are neither infinite nor NaN (``tf.is_finite``; bool).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.is_finite(tf.constant([1.0, float("inf"), float("nan")]))))
    [ True False False]
    """
    return unary_op(IS_FINITE, x, name, "IsFinite")


# -- Cast (and to_float, ...): in cast_ops (importing this module registers it) ----------------------------
from graphscope.ops.cast_ops import CAST, cast, to_double, to_float, to_int32, to_int64  # noqa: E402,F401
