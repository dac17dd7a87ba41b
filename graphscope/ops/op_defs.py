"""Shared pieces of op definitions: TF's allowed-dtype lists (:class:`AllowedTypes`), the common
shape/dtype rules (:func:`unary_infer`, :func:`binary_infer`, :func:`broadcast_shape`, ...), TF's error
texts (:func:`format_dims`, :func:`kernel_error`) and the wrappers that apply ops the way TF's generated
Python functions do (:func:`unary_op`, :func:`binary_op`, :func:`typed_input`).

The op families build on these; :mod:`graphscope.ops.math_ops` re-exports them all, so
``from graphscope.ops.math_ops import AllowedTypes`` keeps working.

>>> from graphscope import dtypes
>>> from graphscope.ops.op_defs import REAL_FLOATS, format_dims
>>> format_dims((2, None)), format_dims(None)
('[2,?]', '<unknown>')
>>> dtypes.float32 in REAL_FLOATS.dtypes, dtypes.int32 in REAL_FLOATS.dtypes
(True, False)
"""
from __future__ import annotations

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.ops.core import apply_op, convert_to_tensor, is_tensor_like, op_scope
from graphscope.shapes import broadcast_dims
from graphscope.tensor import Tensor

__all__: list = []  # no tf.* names: building blocks for the op families

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


# -- Python operators on Tensor (math and comparison families install them) -----------------------------

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
