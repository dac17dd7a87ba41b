"""TensorFlow's ``tf.errors``: ``OpError`` and one subclass per status code.

Session and op code raise these so that TF1 code catching, say,
``tf.errors.OutOfRangeError`` or ``tf.errors.InvalidArgumentError`` keeps working.

Examples
--------
>>> try:
...     raise InvalidArgumentError(None, None, "You must feed a value for placeholder tensor 'x'")
... except OpError as error:
...     print(error.error_code == INVALID_ARGUMENT, error)
True You must feed a value for placeholder tensor 'x'
>>> exception_type_from_error_code(NOT_FOUND).__name__
'NotFoundError'
"""

from __future__ import annotations

from typing import Any

OK = 0
CANCELLED = 1
UNKNOWN = 2
INVALID_ARGUMENT = 3
DEADLINE_EXCEEDED = 4
NOT_FOUND = 5
ALREADY_EXISTS = 6
PERMISSION_DENIED = 7
RESOURCE_EXHAUSTED = 8
FAILED_PRECONDITION = 9
ABORTED = 10
OUT_OF_RANGE = 11
UNIMPLEMENTED = 12
INTERNAL = 13
UNAVAILABLE = 14
DATA_LOSS = 15
UNAUTHENTICATED = 16


class OpError(Exception):
    """An error raised while building or running a TensorFlow op.

    Parameters
    ----------
    node_def
        The ``NodeDef`` (or None) of the failing op.
    op
        The failing ``Operation``, or None when not tied to one op.
    message
        The error text; ``str(error)`` returns it.
    error_code
        One of this module's status codes (``INVALID_ARGUMENT``, ...).

    Examples
    --------
    >>> error = OpError(None, None, "boom", UNKNOWN)
    >>> error.message, error.error_code, error.op, str(error)
    ('boom', 2, None, 'boom')
    """

    def __init__(self, node_def: Any, op: Any, message: str, error_code: int) -> None:
        super().__init__(message)
        self._node_def = node_def
        self._op = op
        self._message = message
        self._error_code = error_code

    @property
    def node_def(self) -> Any:
        """The ``NodeDef`` of the failing op, or None."""
        return self._node_def

    @property
    def op(self) -> Any:
        """The failing ``Operation``, or None."""
        return self._op

    @property
    def message(self) -> str:
        """The error message."""
        return self._message

    @property
    def error_code(self) -> int:
        """The integer status code, e.g. ``INVALID_ARGUMENT`` (3)."""
        return self._error_code

    def __str__(self) -> str:
        return self._message

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return OpError, (self._node_def, self._op, self._message, self._error_code)


class _CodedOpError(OpError):
    """Base for the subclasses whose status code is fixed by their type."""

    code: int = UNKNOWN

    def __init__(self, node_def: Any, op: Any, message: str) -> None:
        super().__init__(node_def, op, message, self.code)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return type(self), (self._node_def, self._op, self._message)


class CancelledError(_CodedOpError):
    """An operation or step was cancelled."""

    code = CANCELLED


class UnknownError(_CodedOpError):
    """An error of unknown kind, e.g. an exception raised inside a ``py_func``."""

    code = UNKNOWN


class InvalidArgumentError(_CodedOpError):
    """An op received an invalid argument, e.g. a shape mismatch or a missing feed."""

    code = INVALID_ARGUMENT


class DeadlineExceededError(_CodedOpError):
    """A deadline expired before the operation could complete."""

    code = DEADLINE_EXCEEDED


class NotFoundError(_CodedOpError):
    """A requested entity (a file, a checkpoint variable) was not found."""

    code = NOT_FOUND


class AlreadyExistsError(_CodedOpError):
    """An entity that we attempted to create already exists."""

    code = ALREADY_EXISTS


class PermissionDeniedError(_CodedOpError):
    """The caller does not have permission to run an operation."""

    code = PERMISSION_DENIED


class ResourceExhaustedError(_CodedOpError):
    """Some resource, such as memory, has been exhausted."""

    code = RESOURCE_EXHAUSTED


class FailedPreconditionError(_CodedOpError):
    """The system is not in a state to run the op, e.g. an uninitialized variable."""

    code = FAILED_PRECONDITION


class AbortedError(_CodedOpError):
    """The operation was aborted, typically by a concurrent action."""

    code = ABORTED


class OutOfRangeError(_CodedOpError):
    """An operation iterated past the valid input range, e.g. an exhausted queue."""

    code = OUT_OF_RANGE


class UnimplementedError(_CodedOpError):
    """The operation is not implemented (or not supported by graphscope)."""

    code = UNIMPLEMENTED


class InternalError(_CodedOpError):
    """An internal invariant was broken."""

    code = INTERNAL


class UnavailableError(_CodedOpError):
    """The runtime is currently unavailable."""

    code = UNAVAILABLE


class DataLossError(_CodedOpError):
    """Unrecoverable data loss or corruption, e.g. a truncated checkpoint."""

    code = DATA_LOSS


class UnauthenticatedError(_CodedOpError):
    """The request does not have valid authentication credentials."""

    code = UNAUTHENTICATED


_CODE_TO_EXCEPTION_CLASS: dict[int, type[OpError]] = {
    cls.code: cls
    for cls in (
        CancelledError,
        UnknownError,
        InvalidArgumentError,
        DeadlineExceededError,
        NotFoundError,
        AlreadyExistsError,
        PermissionDeniedError,
        ResourceExhaustedError,
        FailedPreconditionError,
        AbortedError,
        OutOfRangeError,
        UnimplementedError,
        InternalError,
        UnavailableError,
        DataLossError,
        UnauthenticatedError,
    )
}


def exception_type_from_error_code(error_code: int) -> type[OpError]:
    """The ``OpError`` subclass for a status code (KeyError if there is none).

    >>> exception_type_from_error_code(OUT_OF_RANGE) is OutOfRangeError
    True
    """
    return _CODE_TO_EXCEPTION_CLASS[error_code]


def error_code_from_exception_type(cls: type[OpError]) -> int:
    """The status code of an ``OpError`` subclass (UNKNOWN if not a coded subclass).

    >>> error_code_from_exception_type(NotFoundError)
    5
    """
    return getattr(cls, "code", UNKNOWN)
