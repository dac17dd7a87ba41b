"""TensorFlow 1.x ``Dimension`` and ``TensorShape``: possibly-partial static shapes.

A shape may have unknown rank (``TensorShape(None)``) or unknown dimensions
(``None`` entries). Internally a :class:`TensorShape` stores a tuple of
``int | None`` (or ``None`` for unknown rank) so that op shape rules stay cheap;
:class:`Dimension` objects are built only when user code indexes or iterates a
shape, as TF1 code expects (``x.get_shape()[1].value``, ``int(x.shape[1])``).

Examples
--------
>>> shape = TensorShape([None, 3])
>>> print(shape)
(?, 3)
>>> shape[1], shape[1].value, int(shape[1])
(Dimension(3), 3, 3)
>>> shape.as_list()
[None, 3]
>>> print(broadcast_static_shape(TensorShape([None, 1]), TensorShape([4])))
(?, 4)
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import numpy as np

Dims = tuple[int | None, ...] | None


def _other_value(other: Any) -> Any:
    """The ``int | None`` value of ``other``, or NotImplemented if not a dimension."""
    try:
        return as_dimension(other)._value
    except (TypeError, ValueError):
        return NotImplemented


def _comparison(compare: Callable[[int, int], bool]) -> Callable[..., Any]:
    """A Dimension comparison method: None when either side is unknown."""

    def method(self: Dimension, other: Any) -> Any:
        other_value = _other_value(other)
        if other_value is NotImplemented:
            return NotImplemented
        if self._value is None or other_value is None:
            return None
        return compare(self._value, other_value)

    return method


def _arithmetic(
    operation: Callable[[int, int], int],
) -> tuple[Callable[..., Any], Callable[..., Any]]:
    """The (forward, reflected) Dimension methods for ``operation``; unknown propagates."""

    def apply(left: Any, right: Any) -> Any:
        if left is NotImplemented or right is NotImplemented:
            return NotImplemented
        if left is None or right is None:
            return Dimension(None)
        return Dimension(operation(left, right))

    def forward(self: Dimension, other: Any) -> Any:
        return apply(self._value, _other_value(other))

    def reflected(self: Dimension, other: Any) -> Any:
        return apply(_other_value(other), self._value)

    return forward, reflected


class Dimension:
    """The size of one dimension, possibly unknown (``Dimension(None)``).

    Comparisons and ``==`` return ``None`` when either side is unknown;
    arithmetic with an unknown side gives ``Dimension(None)``.

    Examples
    --------
    >>> Dimension(3) + 2, Dimension(None) * 4
    (Dimension(5), Dimension(None))
    >>> Dimension(3) == 3, Dimension(None) == 3
    (True, None)
    >>> print(Dimension(None))
    ?
    >>> Dimension(-1)
    Traceback (most recent call last):
    ...
    ValueError: Dimension -1 must be >= 0
    """

    __slots__ = ("_value",)

    def __init__(self, value: Any) -> None:
        if type(value) is int or value is None:
            pass
        elif isinstance(value, Dimension):
            value = value._value
        elif isinstance(value, (float, np.floating)):
            if not float(value).is_integer():
                raise TypeError(
                    f"Dimension value must be an integer or None, got {value!r}."
                )
            value = int(value)
        else:
            try:
                value = int(value.__index__())
            except AttributeError:
                raise TypeError(
                    "Dimension value must be integer or None or have an __index__ method, "
                    f"got value {value!r} with type {type(value)!r}"
                ) from None
        if value is not None and value < 0:
            raise ValueError(f"Dimension {value} must be >= 0")
        self._value = value

    @property
    def value(self) -> int | None:
        """The size as an int, or None if unknown."""
        return self._value

    def __repr__(self) -> str:
        return f"Dimension({self._value!r})"

    def __str__(self) -> str:
        return "?" if self._value is None else str(self._value)

    def __int__(self) -> int:
        if self._value is None:
            raise TypeError("Cannot convert an unknown Dimension to an int.")
        return self._value

    __index__ = __int__

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> tuple[Any, tuple[int | None]]:
        return Dimension, (self._value,)

    # -- compatibility --------------------------------------------------------
    def is_compatible_with(self, other: Any) -> bool:
        """True if ``self`` and ``other`` could be the same size.

        >>> Dimension(2).is_compatible_with(None), Dimension(2).is_compatible_with(3)
        (True, False)
        """
        other_value = as_dimension(other)._value
        return self._value is None or other_value is None or self._value == other_value

    def assert_is_compatible_with(self, other: Any) -> None:
        """Raise ValueError unless ``self`` is compatible with ``other``."""
        if not self.is_compatible_with(other):
            raise ValueError(
                f"Dimensions {self} and {as_dimension(other)} are not compatible"
            )

    def merge_with(self, other: Any) -> Dimension:
        """The most specific Dimension compatible with both.

        >>> Dimension(None).merge_with(4)
        Dimension(4)
        >>> Dimension(2).merge_with(3)
        Traceback (most recent call last):
        ...
        ValueError: Dimensions 2 and 3 are not compatible
        """
        other = as_dimension(other)
        self.assert_is_compatible_with(other)
        return Dimension(other._value if self._value is None else self._value)

    # -- comparison and arithmetic ---------------------------------------------
    def __eq__(self, other: object) -> Any:
        other_value = _other_value(other)
        if other_value is NotImplemented:
            return NotImplemented
        if self._value is None or other_value is None:
            return None
        return self._value == other_value

    def __ne__(self, other: object) -> Any:
        equal = self.__eq__(other)
        return equal if equal is None or equal is NotImplemented else not equal

    __lt__ = _comparison(operator.lt)
    __le__ = _comparison(operator.le)
    __gt__ = _comparison(operator.gt)
    __ge__ = _comparison(operator.ge)
    __add__, __radd__ = _arithmetic(operator.add)
    __sub__, __rsub__ = _arithmetic(operator.sub)
    __mul__, __rmul__ = _arithmetic(operator.mul)
    __floordiv__, __rfloordiv__ = _arithmetic(operator.floordiv)
    __mod__, __rmod__ = _arithmetic(operator.mod)

    def __truediv__(self, other: Any) -> Any:
        raise TypeError(
            "unsupported operand type(s) for /: 'Dimension' and "
            f"{type(other).__name__!r}, please use // instead"
        )


def as_dimension(value: Any) -> Dimension:
    """``value`` as a :class:`Dimension` (a Dimension passes through unchanged).

    >>> as_dimension(None), as_dimension(np.int64(7))
    (Dimension(None), Dimension(7))
    """
    return value if isinstance(value, Dimension) else Dimension(value)


def dimension_value(dimension: Any) -> int | None:
    """The ``int | None`` value of a Dimension, int or None.

    >>> dimension_value(Dimension(3)), dimension_value(None), dimension_value(5)
    (3, None, 5)
    """
    return dimension._value if isinstance(dimension, Dimension) else dimension


def _dimension_int(value: Any) -> int | None:
    """Validate one dimension value, returning ``int | None``."""
    if value is None or (type(value) is int and value >= 0):
        return value
    return as_dimension(value)._value


def _format_dims(dims: Dims) -> str:
    """The TF1 ``str`` of a shape: ``<unknown>``, ``()``, ``(3,)``, ``(2, ?)``."""
    if dims is None:
        return "<unknown>"
    if len(dims) == 1:
        return f"({'?' if dims[0] is None else dims[0]},)"
    return "(" + ", ".join("?" if d is None else str(d) for d in dims) + ")"


class TensorShape:
    """The static shape of a tensor: unknown rank, or a tuple of known/unknown sizes.

    Parameters
    ----------
    dims
        None for unknown rank, an iterable of ``int | None | Dimension``, another
        TensorShape, or (as TF) a single int meaning a rank-1 shape.

    Examples
    --------
    >>> shape = TensorShape([2, None])
    >>> shape
    TensorShape([2, None])
    >>> print(shape)
    (2, ?)
    >>> shape.ndims, shape.is_fully_defined()
    (2, False)
    >>> [d.value for d in shape]
    [2, None]
    >>> shape.merge_with([None, 5]).as_list()
    [2, 5]
    >>> TensorShape([2]).merge_with([3])
    Traceback (most recent call last):
    ...
    ValueError: Shapes (2,) and (3,) are not compatible
    """

    __slots__ = ("_dims",)

    def __init__(self, dims: Any) -> None:
        if type(dims) is tuple or type(dims) is list:
            dims = tuple(dims)
            for d in dims:
                if d is not None and (type(d) is not int or d < 0):
                    break
            else:
                self._dims: Dims = dims
                return
            self._dims = tuple(_dimension_int(d) for d in dims)
        elif dims is None:
            self._dims = None
        elif isinstance(dims, TensorShape):
            self._dims = dims._dims
        elif isinstance(dims, (str, bytes)):
            raise TypeError(
                "A string has ambiguous TensorShape, please wrap in a list or convert "
                f"to an int: {dims}"
            )
        else:
            try:
                iterator = iter(dims)
            except TypeError:  # TF treats a single value as a rank-1 shape
                self._dims = (_dimension_int(dims),)
            else:
                self._dims = tuple(_dimension_int(d) for d in iterator)

    # -- views ----------------------------------------------------------------
    @property
    def dims(self) -> list[Dimension] | None:
        """A list of :class:`Dimension`, or None for unknown rank."""
        return None if self._dims is None else [Dimension(d) for d in self._dims]

    @property
    def rank(self) -> int | None:
        """The number of dimensions, or None if unknown."""
        return None if self._dims is None else len(self._dims)

    ndims = rank

    def as_list(self) -> list[int | None]:
        """The sizes as a list of ``int | None``; ValueError for unknown rank."""
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self._dims)

    def as_tuple(self) -> Dims:
        """The stored tuple of ``int | None``, or None for unknown rank (no copy)."""
        return self._dims

    def __len__(self) -> int:
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __bool__(self) -> bool:
        return self._dims is not None

    def __iter__(self) -> Any:
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        return iter([Dimension(d) for d in self._dims])

    def __getitem__(self, key: Any) -> Any:
        if self._dims is not None:
            if isinstance(key, slice):
                return TensorShape(self._dims[key])
            return Dimension(self._dims[key])
        if not isinstance(key, slice):
            return Dimension(None)
        if key.step is not None:
            raise ValueError("Steps are not yet handled")
        start = 0 if key.start is None else key.start
        if key.stop is None or start < 0 or key.stop < 0:
            return unknown_shape()
        return unknown_shape(rank=max(key.stop - start, 0))

    # -- definedness ----------------------------------------------------------
    def is_fully_defined(self) -> bool:
        """True if the rank and every size are known."""
        return self._dims is not None and None not in self._dims

    def assert_is_fully_defined(self) -> None:
        """Raise ValueError unless the shape is fully defined."""
        if not self.is_fully_defined():
            raise ValueError(f"Shape {self} is not fully defined")

    def num_elements(self) -> int | None:
        """The number of elements, or None unless fully defined.

        >>> TensorShape([2, 3]).num_elements(), TensorShape([None, 3]).num_elements()
        (6, None)
        """
        if not self.is_fully_defined():
            return None
        count = 1
        for d in self._dims:  # type: ignore[union-attr]
            count *= d  # type: ignore[operator]
        return count

    # -- compatibility and combination -----------------------------------------
    def is_compatible_with(self, other: Any) -> bool:
        """True if ``self`` and ``other`` could describe the same shape.

        >>> TensorShape([None, 3]).is_compatible_with([2, 3]), TensorShape([2]).is_compatible_with([2, 1])
        (True, False)
        """
        other_dims = as_shape(other)._dims
        if self._dims is None or other_dims is None:
            return True
        if len(self._dims) != len(other_dims):
            return False
        return all(
            a is None or b is None or a == b for a, b in zip(self._dims, other_dims)
        )

    def assert_is_compatible_with(self, other: Any) -> None:
        """Raise ValueError unless ``self`` is compatible with ``other``."""
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {as_shape(other)} are incompatible")

    def merge_with(self, other: Any) -> TensorShape:
        """The most specific shape compatible with both; ValueError if incompatible."""
        other = as_shape(other)
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {other} are not compatible")
        return TensorShape(
            tuple(b if a is None else a for a, b in zip(self._dims, other._dims))
        )

    def most_specific_compatible_shape(self, other: Any) -> TensorShape:
        """The most specific shape that both ``self`` and ``other`` are compatible with.

        >>> print(TensorShape([2, 3]).most_specific_compatible_shape([2, 4]))
        (2, ?)
        """
        other_dims = as_shape(other)._dims
        if (
            self._dims is None
            or other_dims is None
            or len(self._dims) != len(other_dims)
        ):
            return unknown_shape()
        return TensorShape(
            tuple(a if a == b else None for a, b in zip(self._dims, other_dims))
        )

    def concatenate(self, other: Any) -> TensorShape:
        """Dimensions of ``self`` followed by those of ``other`` (unknown if either is).

        >>> print(TensorShape([2]).concatenate([None, 4]))
        (2, ?, 4)
        """
        other_dims = as_shape(other)._dims
        if self._dims is None or other_dims is None:
            return unknown_shape()
        return TensorShape(self._dims + other_dims)

    def __add__(self, other: Any) -> TensorShape:
        return self.concatenate(other)

    def __radd__(self, other: Any) -> TensorShape:
        return as_shape(other).concatenate(self)

    # -- rank checks ----------------------------------------------------------
    def assert_has_rank(self, rank: int) -> None:
        """Raise ValueError if the rank is known and differs from ``rank``."""
        if self._dims is not None and len(self._dims) != rank:
            raise ValueError(f"Shape {self} must have rank {rank}")

    def assert_same_rank(self, other: Any) -> None:
        """Raise ValueError if both ranks are known and differ."""
        other = as_shape(other)
        if (
            self._dims is not None
            and other._dims is not None
            and len(self._dims) != len(other._dims)
        ):
            raise ValueError(f"Shapes {self} and {other} must have the same rank")

    def with_rank(self, rank: int) -> TensorShape:
        """This shape with rank ``rank``; ValueError if its known rank differs.

        >>> TensorShape(None).with_rank(2)
        TensorShape([None, None])
        """
        if self._dims is None:
            return unknown_shape(rank=rank)
        self.assert_has_rank(rank)
        return self

    def with_rank_at_least(self, rank: int) -> TensorShape:
        """This shape; ValueError if its known rank is below ``rank``."""
        if self._dims is not None and len(self._dims) < rank:
            raise ValueError(f"Shape {self} must have rank at least {rank}")
        return self

    def with_rank_at_most(self, rank: int) -> TensorShape:
        """This shape; ValueError if its known rank is above ``rank``."""
        if self._dims is not None and len(self._dims) > rank:
            raise ValueError(f"Shape {self} must have rank at most {rank}")
        return self

    # -- value semantics ------------------------------------------------------
    def __eq__(self, other: object) -> Any:
        if isinstance(other, TensorShape):
            return self._dims == other._dims
        try:
            return self._dims == as_shape(other)._dims
        except (TypeError, ValueError):
            return NotImplemented

    def __ne__(self, other: object) -> Any:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self._dims)

    def __str__(self) -> str:
        return _format_dims(self._dims)

    def __repr__(self) -> str:
        return (
            "TensorShape(None)"
            if self._dims is None
            else f"TensorShape({list(self._dims)!r})"
        )

    def __reduce__(self) -> tuple[Any, tuple[Dims]]:
        return TensorShape, (self._dims,)


def as_shape(shape: Any) -> TensorShape:
    """``shape`` as a :class:`TensorShape` (a TensorShape passes through unchanged).

    >>> as_shape([2, None]), as_shape(np.array([4, 5])), as_shape(3)
    (TensorShape([2, None]), TensorShape([4, 5]), TensorShape([3]))
    """
    return shape if isinstance(shape, TensorShape) else TensorShape(shape)


def unknown_shape(rank: int | None = None, ndims: int | None = None) -> TensorShape:
    """A shape of unknown rank, or of known ``rank`` with all sizes unknown.

    >>> unknown_shape(), unknown_shape(rank=2)
    (TensorShape(None), TensorShape([None, None]))
    """
    if rank is None:
        rank = ndims
    return TensorShape(None if rank is None else (None,) * rank)


def scalar() -> TensorShape:
    """The rank-0 shape ``()``."""
    return TensorShape(())


def dimension_at_index(shape: Any, index: int) -> Dimension:
    """``shape[index]`` as a Dimension; ``Dimension(None)`` for unknown rank.

    >>> dimension_at_index(TensorShape(None), 3), dimension_at_index([2, 7], 1)
    (Dimension(None), Dimension(7))
    """
    return as_shape(shape)[index]


def broadcast_dims(a: Dims, b: Dims) -> Dims:
    """Numpy broadcasting on stored dim tuples, with unknown sizes.

    An unknown size broadcast against 1 (or another unknown) stays unknown;
    against a known size ``n > 1`` it becomes ``n``. Either rank unknown gives
    an unknown rank (None).

    Raises
    ------
    ValueError
        If two known sizes differ and neither is 1.

    Examples
    --------
    >>> broadcast_dims((None, 1), (3,)), broadcast_dims((2, 1), None)
    ((None, 3), None)
    >>> broadcast_dims((2, 3), (4,))
    Traceback (most recent call last):
    ...
    ValueError: Incompatible shapes for broadcasting: (2, 3) and (4,)
    """
    if a is None or b is None:
        return None
    if a == b or not b:
        return a
    if not a:
        return b
    length_a, length_b = len(a), len(b)
    if length_a < length_b:
        padded_a, padded_b = (1,) * (length_b - length_a) + a, b
    else:
        padded_a, padded_b = a, (1,) * (length_a - length_b) + b
    result = []
    for x, y in zip(padded_a, padded_b):
        if x is None or y is None:
            if x is not None and x > 1:
                result.append(x)
            elif y is not None and y > 1:
                result.append(y)
            else:
                result.append(None)
        elif x == y or y == 1:
            result.append(x)
        elif x == 1:
            result.append(y)
        else:
            raise ValueError(
                f"Incompatible shapes for broadcasting: {_format_dims(a)} and {_format_dims(b)}"
            )
    return tuple(result)


def broadcast_static_shape(shape_x: Any, shape_y: Any) -> TensorShape:
    """The broadcast of two static shapes (see :func:`broadcast_dims`).

    >>> print(broadcast_static_shape(TensorShape([2, 1]), TensorShape([None, 3])))
    (2, 3)
    >>> broadcast_static_shape(TensorShape(None), TensorShape([3]))
    TensorShape(None)
    """
    return TensorShape(broadcast_dims(as_shape(shape_x)._dims, as_shape(shape_y)._dims))
