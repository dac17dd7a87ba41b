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
are defined here.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 3], name="x")
...     y = tf.add(x, 1.0)
...     z = x * 2
>>> y.name, y.shape.as_list(), z.name, z.op.inputs[1].name
('Add:0', [None, 3], 'mul:0', 'mul/y:0')
"""
from __future__ import annotations

import collections.abc

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.ops.core import apply_op, convert_to_tensor, is_tensor_like, op_scope
from graphscope.ops.gradient_util_ops import dense_gradients, reduce_gradient_args, shapes_fully_specified_and_equal
from graphscope.ops.registry import no_gradient, register
from graphscope.shapes import broadcast_dims
from graphscope.tensor import Tensor

__all__ = [
    "add", "subtract", "multiply", "divide", "truediv", "realdiv", "div", "floordiv", "floor_div",
    "floormod", "mod", "pow", "maximum", "minimum", "squared_difference", "scalar_mul", "add_n", "clip_by_value",
    "div_no_nan",
]


# -- dtype lists (TensorFlow's op definitions; names in TF's order, for its error message) ------------

class AllowedTypes:
    """The dtypes an op input accepts, with TF's error for any other.

    >>> REAL_FLOATS.check("x", dtypes.int32)
    Traceback (most recent call last):
    ...
    TypeError: Value passed to parameter 'x' has DataType int32 not in list of allowed values: bfloat16, ...
    """

    __slots__ = ("dtypes", "names", "_enums")

    def __init__(self, names: str):
        self.names = names
        known = {dtypes.as_dtype(n) for n in names.split(", ") if n in _NUMPY_BACKED}
        self.dtypes = frozenset(known)
        self._enums = frozenset(d.as_datatype_enum for d in known)  # ints hash in C (a DType in Python)

    def check(self, param: str, dtype: dtypes.DType) -> None:
        if dtype._type_enum not in self._enums:
            raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed values: %s"
                            % (param, dtype.name, self.names))


_NUMPY_BACKED = {"float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16",
                 "uint32", "uint64", "complex64", "complex128", "bool", "string"}

FLOATS = AllowedTypes("bfloat16, float16, float32, float64, complex64, complex128")
REAL_FLOATS = AllowedTypes("bfloat16, float16, float32, float64")
SIGNED = AllowedTypes("bfloat16, float16, float32, float64, int8, int16, int32, int64, complex64, complex128")
ABS_TYPES = AllowedTypes("bfloat16, float16, float32, float64, int8, int16, int32, int64")
ARITHMETIC = AllowedTypes("bfloat16, float16, float32, float64, uint8, int8, uint16, int16, int32, int64, "
                          "complex64, complex128, uint32, uint64")
ADD_TYPES = AllowedTypes("bfloat16, float16, float32, float64, uint8, uint16, uint32, uint64, int8, int16, "
                         "int32, int64, complex64, complex128, string")
FLOOR_MOD_TYPES = AllowedTypes("int8, int16, int32, int64, uint8, uint16, uint32, uint64, bfloat16, float16, "
                               "float32, float64")
POW_TYPES = AllowedTypes("bfloat16, float32, float16, float64, int8, int16, int32, int64, complex64, complex128")
MIN_MAX_TYPES = AllowedTypes("bfloat16, float16, float32, float64, int8, uint8, int16, uint16, int32, uint32, "
                             "int64, uint64")
SQUARED_DIFFERENCE_TYPES = AllowedTypes("bfloat16, float16, float32, float64, int32, int64, complex64, "
                                        "complex128")
ADD_N_TYPES = AllowedTypes("float32, float64, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, "
                           "bfloat16, qint16, quint16, uint16, complex128, float16, uint32, uint64, variant")


# -- shared pieces of shape/dtype rules ----------------------------------------------------------------

def format_dims(dims) -> str:
    """A static shape as TF prints it in shape errors: ``[2,?]``, ``<unknown>``."""
    if dims is None:
        return "<unknown>"
    return "[%s]" % ",".join("?" if d is None else str(d) for d in dims)


def dtype_mismatch(op_type: str, param: str, dtype, expected, first: str = "x") -> TypeError:
    return TypeError("Input '%s' of '%s' Op has type %s that does not match type %s of argument '%s'."
                     % (param, op_type, dtype.name, expected.name, first))


def broadcast_shape(op_type: str, x: Tensor, y: Tensor):
    """The broadcast static shape of ``x`` and ``y``, or TF's ValueError naming both shapes."""
    a, b = x._dims, y._dims
    if a == b:
        return a
    try:
        return broadcast_dims(a, b)
    except ValueError:
        for da, db in zip(reversed(a), reversed(b)):
            if da is not None and db is not None and da != db and da != 1 and db != 1:
                break
        raise ValueError("Dimensions must be equal, but are %d and %d for '%s' op with input shapes: %s, %s "
                         "(inputs %s and %s)." % (da, db, op_type, format_dims(a), format_dims(b),
                                                  x._name, y._name)) from None


def unary_infer(op_type: str, allowed: AllowedTypes, out_dtype=None):
    """Rule of an elementwise unary op: ``x`` of an allowed dtype, output of the same shape."""

    def infer(inputs, attrs):
        x = inputs[0]
        dtype = x._dtype.base_dtype
        allowed.check("x", dtype)
        attrs["T"] = dtype
        return [(out_dtype or dtype, x._dims)]

    return infer


def binary_infer(op_type: str, allowed: AllowedTypes, out_dtype=None):
    """Rule of a broadcasting binary op: ``x`` of an allowed dtype, ``y`` of the same dtype."""

    def infer(inputs, attrs):
        x, y = inputs
        dtype = x._dtype.base_dtype
        allowed.check("x", dtype)
        if y._dtype.base_dtype is not dtype:
            raise dtype_mismatch(op_type, "y", y._dtype.base_dtype, dtype)
        attrs["T"] = dtype
        return [(out_dtype or dtype, broadcast_shape(op_type, x, y))]

    return infer


def elementwise_binary_infer(inputs, attrs, op_type: str = "op"):
    """Rule of a broadcasting binary op taking any dtype (``x`` and ``y`` alike), for families that
    build on it."""
    x, y = inputs
    dtype = x._dtype.base_dtype
    if y._dtype.base_dtype is not dtype:
        raise dtype_mismatch(op_type, "y", y._dtype.base_dtype, dtype)
    attrs["T"] = dtype
    return [(dtype, broadcast_shape(op_type, x, y))]


def kernel_error(op, message: str) -> InvalidArgumentError:
    """The InvalidArgumentError a kernel raises at run time (TF's words; the op attached)."""
    return InvalidArgumentError(None, op, message)


# -- applying ops the way TF's Python wrappers do ------------------------------------------------------

def _out(op_def, inputs, name, attrs=None):
    return apply_op(op_def, inputs, attrs, name=name)._outputs[0]


def typed_input(value, dtype, param: str, op_type: str) -> Tensor:
    """TF's op-definition library converting a non-Tensor for an input whose dtype is already fixed:
    ``int32_tensor * 2.5`` fails with "Expected int32 passed to parameter 'y' of op 'Mul' ..."."""
    if is_tensor_like(value):
        return convert_to_tensor(value, name=param)  # a dtype mismatch is the rule's TypeError
    try:
        return convert_to_tensor(value, dtype=dtype, name=param)
    except TypeError as exc:
        raise TypeError("Expected %s passed to parameter '%s' of op '%s', got %r of type '%s' instead. "
                        "Error: %s" % (dtype.name, param, op_type, value, type(value).__name__, exc)) from None


def unary_op(op_def, x, name, default_name: str, attrs=None) -> Tensor:
    """A generated unary op: named ``default_name`` unless ``name``; a Python ``x`` becomes '<op>/x'."""
    if type(x) is Tensor:
        return _out(op_def, [x], default_name if name is None else name, attrs)
    with op_scope(name, default_name, [x]) as scope:
        return _out(op_def, [convert_to_tensor(x, name="x")], scope, attrs)


def binary_op(op_def, x, y, name, default_name: str) -> Tensor:
    """A generated binary op, converting as TF's op-definition library does: ``x`` first on its own,
    then ``y`` to ``x``'s dtype exactly; Python values become constants '<op>/x', '<op>/y'."""
    if type(x) is Tensor and type(y) is Tensor:
        return _out(op_def, [x, y], default_name if name is None else name)
    with op_scope(name, default_name, [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = typed_input(y, x._dtype.base_dtype, "y", op_def.type)
        return _out(op_def, [x, y], scope)


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


# -- AddN ----------------------------------------------------------------------------------------------

def _merge_dims(a, b, index: int):
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b):
        raise ValueError("Shapes must be equal rank, but are %d and %d. From merging shape %d with other "
                         "shapes, for 'AddN' op." % (len(a), len(b), index))
    merged = []
    for i, (da, db) in enumerate(zip(a, b)):
        if da is not None and db is not None and da != db:
            raise ValueError("Dimension %d in both shapes must be equal, but are %d and %d. Shapes are %s and "
                             "%s. From merging shape %d with other shapes, for 'AddN' op."
                             % (i, da, db, format_dims(a), format_dims(b), index))
        merged.append(da if da is not None else db)
    return tuple(merged)


def _add_n_infer(inputs, attrs):
    dtype = inputs[0]._dtype.base_dtype
    if any(t._dtype.base_dtype is not dtype for t in inputs):
        raise TypeError("Tensors in list passed to 'inputs' of 'AddN' Op have types [%s] that don't all match."
                        % ", ".join(t._dtype.base_dtype.name for t in inputs))
    ADD_N_TYPES.check("inputs", dtype)
    dims = inputs[0]._dims
    for index, t in enumerate(inputs[1:]):
        dims = _merge_dims(dims, t._dims, index)
    attrs["N"] = len(inputs)
    attrs["T"] = dtype
    return [(dtype, dims)]


def _add_n_kernel(op):
    checked = all(t._dims is not None and None not in t._dims for t in op._inputs)

    def add_n_values(*values):
        if not checked:
            shape = np.shape(values[0])
            for i, v in enumerate(values[1:], 1):
                if np.shape(v) != shape:
                    raise kernel_error(op, "Inputs to operation %s of type AddN must have the same size and shape. "
                                           "Input 0: %s != input %d: %s" % (op._name, format_dims(shape), i,
                                                                             format_dims(np.shape(v))))
        total = np.add(values[0], values[1])
        for v in values[2:]:
            total = np.add(total, v)
        return total

    return add_n_values


def _add_n_grad(op, grad):
    """Every input gets the gradient as it is (no broadcasting; IndexedSlices stay sparse)."""
    return [grad] * len(op._inputs)


ADD_N = register("AddN", infer=_add_n_infer, kernel=_add_n_kernel, gradient=_add_n_grad)


def add_n(inputs, name: str | None = None) -> Tensor:
    """The elementwise sum of a list of tensors of one dtype and shape (``tf.add_n``; no broadcasting).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     s = tf.add_n([tf.constant([1, 2]), tf.constant([3, 4]), tf.constant([5, 6])])
    ...     print(s.op.type, tf.Session().run(s))
    AddN [ 9 12]
    """
    if not inputs or not isinstance(inputs, collections.abc.Iterable):
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices with the same dtype "
                         "and shape.")
    inputs = [t if type(t) is Tensor else convert_to_tensor(t) for t in inputs]
    if len(inputs) == 1:
        if name:
            from graphscope.ops.array_ops import identity
            return identity(inputs[0], name=name)
        return inputs[0]
    return _out(ADD_N, inputs, "AddN" if name is None else name)


# -- clip_by_value -------------------------------------------------------------------------------------

def clip_by_value(t, clip_value_min, clip_value_max, name: str | None = None) -> Tensor:
    """``t`` clipped to ``[clip_value_min, clip_value_max]`` (``tf.clip_by_value``).

    As TF, this is ``maximum(minimum(t, max), min)``: when ``min > max`` every value becomes
    ``min``. Bounds may be tensors that broadcast to ``t``'s shape, but must not enlarge it.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     c = tf.clip_by_value(tf.constant([-2.0, 0.5, 3.0]), -1.0, 1.0)
    ...     print(c.op.name, c.op.inputs[0].op.name, tf.Session().run(c))
    clip_by_value clip_by_value/Minimum [-1.   0.5  1. ]
    """
    with op_scope(name, "clip_by_value", [t, clip_value_min, clip_value_max]) as scope:
        values = convert_to_tensor(t, name="t")
        t_min = minimum(values, clip_value_max)
        values.shape.assert_is_compatible_with(t_min.shape)
        t_max = maximum(t_min, clip_value_min, name=scope)
        values.shape.assert_is_compatible_with(t_max.shape)
    return t_max


# -- Python operators on Tensor ------------------------------------------------------------------------
# TF's _OverrideBinaryOperatorHelper: `x <op> y` opens a name scope named after the operator ('add',
# 'mul', 'truediv', ...) and calls the op function inside it, so the op takes that name; a Python
# value on the right is converted by that function, one on the left (``2 * x``) to the tensor's dtype.
# The functions below run inside that open scope: ``x`` is a Tensor, ``name`` the scope (or, for two
# Tensors, the operator's name, no scope needed).

def typed_binary(op_def):
    """``fn(x, y, name)`` applying ``op_def`` with a non-Tensor ``y`` converted to ``x``'s dtype exactly."""

    def apply_typed(x, y, name):
        if type(y) is not Tensor:
            y = typed_input(y, x._dtype.base_dtype, "y", op_def.type)
        return _out(op_def, [x, y], name)

    return apply_typed


def _add_operator(x, y, name):
    if type(y) is not Tensor:  # TF's _add_dispatch: y only prefers x's dtype
        y = convert_to_tensor(y, dtype_hint=x._dtype.base_dtype, name="y")
    return _out(ADD if x._dtype.base_dtype is dtypes.string else ADD_V2, [x, y], name)


def binary_operator(func, op_name: str):
    """The ``__op__`` and ``__rop__`` methods of Tensor for ``func(x, y, name)``."""

    def forward(self, other):
        if type(other) is Tensor:
            return func(self, other, op_name)
        with op_scope(None, op_name, [self, other]) as scope:
            return func(self, other, scope)

    def reflected(self, other):
        with op_scope(None, op_name, [self, other]) as scope:
            other = convert_to_tensor(other, dtype=self._dtype.base_dtype, name="x")
            return func(other, self, scope)

    forward.__name__, reflected.__name__ = "__%s__" % op_name, "__r%s__" % op_name
    return forward, reflected


def _install_operators():
    for op_name, func in (
            ("add", _add_operator), ("sub", typed_binary(SUB)), ("mul", typed_binary(MUL)), ("truediv", _truediv),
            ("floordiv", typed_binary(FLOOR_DIV)), ("mod", typed_binary(FLOOR_MOD)), ("pow", typed_binary(POW)),
            ("matmul", lambda x, y, name: matmul(x, y, name=name)), ("div", lambda x, y, name: div(x, y, name))):
        forward, reflected = binary_operator(func, op_name)
        Tensor._override_operator("__%s__" % op_name, forward)
        Tensor._override_operator("__r%s__" % op_name, reflected)
    Tensor._override_operator("__neg__", lambda self: unary_op(NEG, self, None, "Neg"))
    Tensor._override_operator("__abs__", lambda self: unary_op(ABS, self, None, "Abs"))
    # numpy arrays on the left defer to the tensor's reflected operators (np.ones(3) * x)
    Tensor._override_operator("__array_priority__", 100)


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

__all__ += (_unary_ops.__all__ + _matmul_ops.__all__ + _comparison_ops.__all__ + _reduction_ops.__all__
            + _scan_ops.__all__)

_install_operators()
