"""TensorFlow's ``DType`` API: interned element types such as ``tf.float32``.

A :class:`DType` wraps one of TensorFlow's ``DataType`` enum numbers. There is
exactly one object per enum number, so ``is`` comparisons work, and pickling or
copying a DType gives back the same object. Reference dtypes (``float32_ref``)
are the types of TF1 ``Variable`` ops; their enum is the base enum plus 100.

Examples
--------
>>> import numpy as np
>>> float32
tf.float32
>>> print(float32)
<dtype: 'float32'>
>>> as_dtype(np.float64) is float64
True
>>> float32 == "float32", float32 == np.float32
(True, True)
>>> float32_ref.base_dtype is float32
True
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np

_REF_OFFSET = 100

# enum number -> (name, numpy scalar type or None when numpy cannot hold it)
_BASE_TYPES: dict[int, tuple[str, type]] = {
    1: ("float32", np.float32),
    2: ("float64", np.float64),
    3: ("int32", np.int32),
    4: ("uint8", np.uint8),
    5: ("int16", np.int16),
    6: ("int8", np.int8),
    7: ("string", np.object_),
    8: ("complex64", np.complex64),
    9: ("int64", np.int64),
    10: ("bool", np.bool_),
    17: ("uint16", np.uint16),
    18: ("complex128", np.complex128),
    19: ("float16", np.float16),
    20: ("resource", np.object_),
    21: ("variant", np.object_),
    22: ("uint32", np.uint32),
    23: ("uint64", np.uint64),
}
_NUMPY_INCOMPATIBLE_NAMES = frozenset({"resource", "variant"})
_FLOAT_RANGE = (-1, 1)
# TF's ``dtype_range``: the conventional value range of image-like data.
_LIMITS: dict[type, tuple[Any, Any]] = {
    np.bool_: (False, True),
    np.uint8: (0, 255),
    np.uint16: (0, 65535),
    np.uint32: (0, 2**32 - 1),
    np.uint64: (0, 2**64 - 1),
    np.int8: (-128, 127),
    np.int16: (-32768, 32767),
    np.int32: (-(2**31), 2**31 - 1),
    np.int64: (-(2**63), 2**63 - 1),
    np.float16: _FLOAT_RANGE,
    np.float32: _FLOAT_RANGE,
    np.float64: _FLOAT_RANGE,
}

_INTERN_TABLE: dict[int, DType] = {}


class DType:
    """The element type of a tensor, e.g. ``tf.float32`` or ``tf.int64_ref``.

    ``DType(enum)`` returns the interned instance for a TF ``DataType`` enum
    number; normally use the module constants or :func:`as_dtype` instead.

    Examples
    --------
    >>> DType(1) is float32
    True
    >>> int32.as_datatype_enum, int32_ref.as_datatype_enum
    (3, 103)
    >>> float32.is_compatible_with(float32_ref), float32_ref.is_compatible_with(float32)
    (True, False)
    """

    __slots__ = ("_name", "_numpy_type", "_type_enum", "_is_floating", "_is_integer")

    def __new__(cls, type_enum: int) -> DType:  # noqa: PYI034 (interned)
        existing = _INTERN_TABLE.get(type_enum)
        if existing is not None:
            return existing
        base_enum = type_enum - _REF_OFFSET if type_enum > _REF_OFFSET else type_enum
        if base_enum not in _BASE_TYPES:
            raise TypeError(f"types_pb2.DataType {type_enum!r} is not supported.")
        name, numpy_type = _BASE_TYPES[base_enum]
        dtype = super().__new__(cls)
        dtype._type_enum = type_enum
        dtype._name = name + "_ref" if type_enum > _REF_OFFSET else name
        dtype._numpy_type = numpy_type
        numeric = name not in _NUMPY_INCOMPATIBLE_NAMES
        dtype._is_floating = numeric and issubclass(numpy_type, np.floating)
        dtype._is_integer = numeric and issubclass(numpy_type, np.integer)
        _INTERN_TABLE[type_enum] = dtype
        return dtype

    # -- identity -------------------------------------------------------------
    @property
    def name(self) -> str:
        """The TF name, e.g. ``"float32"`` or ``"float32_ref"``."""
        return self._name

    @property
    def as_datatype_enum(self) -> int:
        """The TF ``DataType`` enum number (ref types: base enum + 100)."""
        return self._type_enum

    @property
    def as_numpy_dtype(self) -> type:
        """The numpy scalar type (``np.object_`` for string, resource, variant).

        >>> float32_ref.as_numpy_dtype is np.float32, string.as_numpy_dtype is np.object_
        (True, True)
        """
        return self._numpy_type

    @property
    def _is_ref_dtype(self) -> builtins.bool:
        return self._type_enum > _REF_OFFSET

    is_ref_dtype = _is_ref_dtype

    @property
    def _as_ref(self) -> DType:
        if self._type_enum > _REF_OFFSET:
            return self
        return _INTERN_TABLE[self._type_enum + _REF_OFFSET]

    as_ref = _as_ref

    @property
    def base_dtype(self) -> DType:
        """This dtype without its ``_ref``.

        >>> int64_ref.base_dtype
        tf.int64
        """
        if self._type_enum > _REF_OFFSET:
            return _INTERN_TABLE[self._type_enum - _REF_OFFSET]
        return self

    @property
    def real_dtype(self) -> DType:
        """The type of the real part: ``complex64 -> float32``, others unchanged.

        >>> complex128.real_dtype, int32.real_dtype
        (tf.float64, tf.int32)
        """
        base = self.base_dtype
        if base is complex64:
            return float32
        if base is complex128:
            return float64
        return self

    # -- classification -------------------------------------------------------
    @property
    def is_numpy_compatible(self) -> builtins.bool:
        """False for ``resource`` and ``variant``, which numpy cannot hold."""
        return self.base_dtype._name not in _NUMPY_INCOMPATIBLE_NAMES

    @property
    def is_floating(self) -> builtins.bool:
        """True for float16/32/64 (and their refs)."""
        return self._is_floating

    @property
    def is_integer(self) -> builtins.bool:
        """True for signed and unsigned integer types (not bool)."""
        return self._is_integer

    @property
    def is_unsigned(self) -> builtins.bool:
        """True for uint8/16/32/64.

        >>> uint8.is_unsigned, int8.is_unsigned, bool.is_unsigned
        (True, False, False)
        """
        try:
            return self.min == 0
        except TypeError:
            return False

    @property
    def is_bool(self) -> builtins.bool:
        """True for ``bool`` and ``bool_ref``."""
        return self.base_dtype is bool

    @property
    def is_complex(self) -> builtins.bool:
        """True for complex64/complex128."""
        return self.base_dtype in (complex64, complex128)

    @property
    def is_quantized(self) -> builtins.bool:
        """Always False: quantized types are not implemented."""
        return False

    # -- numeric properties ---------------------------------------------------
    @property
    def size(self) -> int:
        """Bytes per element (1 for resource, as TF).

        >>> float64.size, int8.size
        (8, 1)
        """
        if self.base_dtype is resource:
            return 1
        return np.dtype(self._numpy_type).itemsize

    def _numeric_info(self, which: str) -> Any:
        base = self.base_dtype
        if not base.is_numpy_compatible or base in (
            bool,
            string,
            complex64,
            complex128,
        ):
            raise TypeError(f"Cannot find {which} value of {self}.")
        if issubclass(self._numpy_type, np.floating):
            info = np.finfo(self._numpy_type)
        else:
            info = np.iinfo(self._numpy_type)
        return info.min if which == "minimum" else info.max

    @property
    def min(self) -> Any:
        """The smallest representable value; TypeError for non-numeric types.

        >>> int8.min, uint8.min
        (-128, 0)
        """
        return self._numeric_info("minimum")

    @property
    def max(self) -> Any:
        """The largest representable value; TypeError for non-numeric types.

        >>> int16.max
        32767
        """
        return self._numeric_info("maximum")

    def limits(self, clip_negative: builtins.bool = True) -> tuple[Any, Any]:
        """TF's conventional value range (floats: -1..1), min clipped to 0 by default.

        >>> uint8.limits(), int8.limits(clip_negative=False)
        ((0, 255), (-128, 127))
        """
        try:
            low, high = _LIMITS[self._numpy_type]
        except KeyError:
            raise TypeError(f"Cannot find limits of {self}.") from None
        return (0 if clip_negative else low), high

    # -- comparison -----------------------------------------------------------
    def is_compatible_with(self, other: Any) -> builtins.bool:
        """True if a value of type ``other`` can be used where ``self`` is expected.

        A non-ref type accepts its ref type, but not the other way round.
        """
        other = as_dtype(other)
        return self._type_enum in (other._type_enum, other.base_dtype._type_enum)

    def __eq__(self, other: object) -> builtins.bool:
        if other is self:
            return True
        if other is None:
            return False
        try:
            return self is as_dtype(other)
        except TypeError:
            return False

    def __ne__(self, other: object) -> builtins.bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(self._type_enum)

    def __repr__(self) -> str:
        return "tf." + self._name

    def __str__(self) -> str:
        return f"<dtype: {self._name!r}>"

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return as_dtype, (self._name,)


for _enum in _BASE_TYPES:
    DType(_enum)
    DType(_enum + _REF_OFFSET)

float16 = half = DType(19)
float32 = DType(1)
float64 = double = DType(2)
int8 = DType(6)
int16 = DType(5)
int32 = DType(3)
int64 = DType(9)
uint8 = DType(4)
uint16 = DType(17)
uint32 = DType(22)
uint64 = DType(23)
bool = DType(10)
string = DType(7)
complex64 = DType(8)
complex128 = DType(18)
resource = DType(20)
variant = DType(21)

float16_ref = DType(119)
float32_ref = DType(101)
float64_ref = DType(102)
int8_ref = DType(106)
int16_ref = DType(105)
int32_ref = DType(103)
int64_ref = DType(109)
uint8_ref = DType(104)
uint16_ref = DType(117)
uint32_ref = DType(122)
uint64_ref = DType(123)
bool_ref = DType(110)
string_ref = DType(107)
complex64_ref = DType(108)
complex128_ref = DType(118)
resource_ref = DType(120)
variant_ref = DType(121)

# numpy scalar type -> DType (string-like numpy types all map to tf.string)
_NUMPY_TO_DTYPE: dict[type, DType] = {
    numpy_type: _INTERN_TABLE[enum]
    for enum, (_, numpy_type) in _BASE_TYPES.items()
    if numpy_type is not np.object_
}
_NUMPY_TO_DTYPE.update({np.object_: string, np.str_: string, np.bytes_: string})

# Everything hashable that as_dtype accepts, except enum ints (kept apart so
# that ``True`` does not hit the key ``1``).
_LOOKUP: dict[Any, DType] = {}
_LOOKUP.update({dtype._name: dtype for dtype in _INTERN_TABLE.values()})
_LOOKUP.update({"half": float16, "float": float32, "double": float64})
_LOOKUP.update(_NUMPY_TO_DTYPE)
_LOOKUP.update(
    {np.dtype(numpy_type): dtype for numpy_type, dtype in _NUMPY_TO_DTYPE.items()}
)
_LOOKUP.update(
    {
        builtins.float: float32,
        builtins.int: int32,
        builtins.bool: bool,
        builtins.str: string,
        builtins.bytes: string,
        builtins.object: string,
        builtins.complex: complex128,
    }
)


def as_dtype(type_value: Any) -> DType:
    """Convert ``type_value`` to the interned :class:`DType`.

    Accepts a DType, a numpy dtype or scalar type, a TF type name (including
    ``"half"``, ``"float"``, ``"double"``), a TF enum number, an object with a
    numpy ``dtype`` attribute, or the Python types ``float`` (float32), ``int``
    (int32), ``bool``, ``str``/``bytes`` (string) and ``complex`` (complex128).

    Raises
    ------
    TypeError
        If the value names no TensorFlow type.

    Examples
    --------
    >>> as_dtype("double"), as_dtype(np.dtype("int64")), as_dtype(3), as_dtype(float)
    (tf.float64, tf.int64, tf.int32, tf.float32)
    >>> as_dtype(np.str_)
    tf.string
    >>> as_dtype("floaty")
    Traceback (most recent call last):
    ...
    TypeError: Cannot convert value 'floaty' to a TensorFlow DType.
    """
    if type(type_value) is DType:
        return type_value
    try:
        return _LOOKUP[type_value]
    except (KeyError, TypeError):
        pass
    return _as_dtype_slow_path(type_value)


def _as_dtype_slow_path(type_value: Any) -> DType:
    if isinstance(type_value, (int, np.integer)) and not isinstance(
        type_value, (builtins.bool, np.bool_)
    ):
        found = _INTERN_TABLE.get(int(type_value))
        if found is not None:
            return found
    numpy_dtype = (
        type_value
        if isinstance(type_value, np.dtype)
        else getattr(type_value, "dtype", None)
    )
    if isinstance(numpy_dtype, np.dtype):
        found = _NUMPY_TO_DTYPE.get(numpy_dtype.type)
        if found is not None:
            return found
    raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.")
