"""Matrix ops the TF1 initializers build: ``Qr`` (``tf.linalg.qr``), ``DiagPart`` (``tf.diag_part``),
``MatrixDiagV3`` (``tf.linalg.diag``), ``MatrixSetDiagV3`` (``tf.linalg.set_diag``), and the composites
``matrix_transpose`` and ``eye`` built from them as TensorFlow builds them.

Minimal versions: static shapes, one diagonal (a scalar ``k``), and no gradients (``tf.gradients``
through them raises LookupError, as an op without a registered gradient does in TensorFlow).

>>> import graphscope as tf
>>> from graphscope.ops import linalg_ops
>>> with tf.Graph().as_default():
...     q, r = linalg_ops.qr(tf.constant([[3.0, 1.0], [4.0, 2.0]]))
...     e = linalg_ops.eye(2, 3)
...     print(q.op.type, q.shape.as_list(), r.shape.as_list(), e.op.type, e.name)
...     print(tf.Session().run(e))
Qr [2, 2] [2, 2] MatrixSetDiagV3 eye/set_diag:0
[[1. 0. 0.]
 [0. 1. 0.]]
"""
from __future__ import annotations

import collections

import numpy as np

from graphscope import dtypes
from graphscope.ops import array_ops
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.op_defs import AllowedTypes, dtype_mismatch, kernel_error
from graphscope.ops.registry import register
from graphscope.ops.shape_ops import transpose
from graphscope.ops.tensor_util import check_dtype, constant_value, shape_error
from graphscope.tensor import Tensor

__all__ = ["diag_part", "eye", "matrix_diag", "matrix_set_diag", "matrix_transpose", "qr"]

QR_TYPES = AllowedTypes("float64, float32, float16, complex64, complex128")
DIAG_PART_TYPES = AllowedTypes("bfloat16, float16, float32, float64, int32, int64, complex64, complex128")
_ALIGN = "RIGHT_LEFT"

QrResult = collections.namedtuple("Qr", ["q", "r"])


def _at_least_rank(op_type, tensor, rank, inputs):
    dims = tensor._dims
    if dims is not None and len(dims) < rank:
        raise shape_error(op_type, "Shape must be at least rank %d but is rank %d" % (rank, len(dims)), inputs)


def _at_most_rank(op_type, tensor, rank, inputs):
    dims = tensor._dims
    if dims is not None and len(dims) > rank:
        raise shape_error(op_type, "Shape must be at most rank %d but is rank %d" % (rank, len(dims)), inputs)


# -- Qr -------------------------------------------------------------------------------------------------------

def _qr_infer(inputs, attrs):
    (a,) = inputs
    dtype = a._dtype.base_dtype
    QR_TYPES.check("input", dtype)
    attrs["T"] = dtype
    _at_least_rank("Qr", a, 2, inputs)
    if a._dims is None:
        return [(dtype, None), (dtype, None)]
    *batch, m, n = a._dims
    batch = tuple(batch)
    if attrs.get("full_matrices", False):
        return [(dtype, batch + (m, m)), (dtype, batch + (m, n))]
    p = None if m is None or n is None else min(m, n)
    return [(dtype, batch + (m, p)), (dtype, batch + (p, n))]


def _qr_kernel(op):
    mode = "complete" if op._attrs.get("full_matrices", False) else "reduced"

    def qr_kernel(a):
        x = a.astype(np.float32) if a.dtype == np.float16 else a  # numpy's LAPACK has no half precision
        q, r = np.linalg.qr(x, mode=mode)
        return q.astype(a.dtype, copy=False), r.astype(a.dtype, copy=False)

    return qr_kernel


QR = register("Qr", infer=_qr_infer, kernel=_qr_kernel)


def qr(input, full_matrices: bool = False, name: str | None = None):
    """The QR decomposition of the inner-most matrices (``tf.linalg.qr``): a namedtuple ``(q, r)``."""
    with op_scope(name, "Qr", [input]) as scope:
        if type(input) is not Tensor:
            input = convert_to_tensor(input, name="input")
        op = apply_op(QR, [input], {"full_matrices": bool(full_matrices)}, name=scope)
    return QrResult(*op._outputs)


# -- DiagPart -------------------------------------------------------------------------------------------------

def _diag_part_infer(inputs, attrs):
    (x,) = inputs
    dtype = x._dtype.base_dtype
    DIAG_PART_TYPES.check("input", dtype)
    attrs["T"] = dtype
    dims = x._dims
    if dims is None:
        return [(dtype, None)]
    rank = len(dims)
    if rank == 0 or rank % 2:
        raise shape_error("DiagPart", "Input must have even and non-zero rank, input rank is %d" % rank, inputs)
    half = rank // 2
    out = []
    for a, b in zip(dims[:half], dims[half:]):
        if a is not None and b is not None and a != b:
            raise shape_error("DiagPart", "Dimensions must be equal, but are %d and %d" % (a, b), inputs)
        out.append(a if a is not None else b)
    return [(dtype, tuple(out))]


def _diag_part_kernel(op):
    def diag_part_kernel(x):
        half = x.ndim // 2
        if x.shape[:half] != x.shape[half:]:
            raise kernel_error(op, "Invalid shape %s: dimensions of the first half must equal those of the "
                               "second half" % (list(x.shape),))
        out_shape = x.shape[:half]
        n = int(np.prod(out_shape))
        return np.ascontiguousarray(x.reshape(n, n).diagonal()).reshape(out_shape)

    return diag_part_kernel


DIAG_PART = register("DiagPart", infer=_diag_part_infer, kernel=_diag_part_kernel)


def diag_part(input, name: str | None = None):
    """The diagonal of a rank-2k tensor (``tf.diag_part``; TF's ``DiagPart``): ``out[i] = x[i, i]``."""
    if type(input) is Tensor:
        return apply_op(DIAG_PART, [input], name=name or "DiagPart")._outputs[0]
    with op_scope(name, "DiagPart", [input]) as scope:
        return apply_op(DIAG_PART, [convert_to_tensor(input, name="input")], name=scope)._outputs[0]


# -- one diagonal of a matrix (k a scalar) --------------------------------------------------------------------

def _diag_index(rows, cols, k):
    """Row and column indices of diagonal ``k`` of a rows x cols matrix."""
    length = max(0, min(rows + min(k, 0), cols - max(k, 0)))
    i = np.arange(length)
    return i - min(k, 0), i + max(k, 0)


def _single_k(op, k):
    k = np.asarray(k)
    if k.size == 2 and k.ndim == 1 and k[0] == k[1]:
        return int(k[0])
    if k.size != 1:
        raise kernel_error(op, "graphscope's %s takes one diagonal (a scalar k), got k = %s"
                           % (op._type, k.tolist()))
    return int(k.reshape(()))


def _static_k(op_type, k_t, inputs):
    check_dtype(op_type, "k", k_t, (dtypes.int32,))
    _at_most_rank(op_type, k_t, 1, inputs)
    value = constant_value(k_t)
    if value is None:
        return None
    if value.size != 1 and not (value.size == 2 and value[0] == value[1]):
        raise NotImplementedError("graphscope's %s takes one diagonal (a scalar k), got k = %s"
                                  % (op_type, value.tolist()))
    return int(value.reshape(-1)[0])


def _matrix_set_diag_infer(inputs, attrs):
    x, diagonal, k_t = inputs
    dtype = x._dtype.base_dtype
    if diagonal._dtype.base_dtype != dtype:
        raise dtype_mismatch("MatrixSetDiagV3", "diagonal", diagonal._dtype.base_dtype, dtype, "input")
    attrs["T"] = dtype
    _at_least_rank("MatrixSetDiagV3", x, 2, inputs)
    _at_least_rank("MatrixSetDiagV3", diagonal, 1, inputs)
    _static_k("MatrixSetDiagV3", k_t, inputs)
    return [(dtype, x._dims)]


def _matrix_set_diag_kernel(op):
    def matrix_set_diag_kernel(x, diagonal, k):
        k = _single_k(op, k)
        rows, cols = x.shape[-2:]
        r, c = _diag_index(rows, cols, k)
        if diagonal.shape[:-1] != x.shape[:-2] or diagonal.shape[-1] != len(r):
            raise kernel_error(op, "diagonal must have shape %s, got %s"
                               % (list(x.shape[:-2]) + [len(r)], list(diagonal.shape)))
        out = x.copy()
        out[..., r, c] = diagonal
        return out

    return matrix_set_diag_kernel


MATRIX_SET_DIAG_V3 = register("MatrixSetDiagV3", infer=_matrix_set_diag_infer, kernel=_matrix_set_diag_kernel)


def _matrix_diag_infer(inputs, attrs):
    diagonal, k_t, num_rows_t, num_cols_t, padding_t = inputs
    dtype = diagonal._dtype.base_dtype
    if padding_t._dtype.base_dtype != dtype:
        raise dtype_mismatch("MatrixDiagV3", "padding_value", padding_t._dtype.base_dtype, dtype, "diagonal")
    attrs["T"] = dtype
    _at_least_rank("MatrixDiagV3", diagonal, 1, inputs)
    for t in (num_rows_t, num_cols_t, padding_t):
        _at_most_rank("MatrixDiagV3", t, 0, inputs)
    for arg, t in (("num_rows", num_rows_t), ("num_cols", num_cols_t)):
        check_dtype("MatrixDiagV3", arg, t, (dtypes.int32,))
    k = _static_k("MatrixDiagV3", k_t, inputs)
    if diagonal._dims is None:
        return [(dtype, None)]
    *batch, length = diagonal._dims
    rows = constant_value(num_rows_t)
    cols = constant_value(num_cols_t)
    rows = None if rows is None else int(rows)
    cols = None if cols is None else int(cols)
    if k is not None and length is not None:
        rows, cols = _matrix_size(length, k, rows, cols)
    rows = None if rows == -1 else rows
    cols = None if cols == -1 else cols
    return [(dtype, tuple(batch) + (rows, cols))]


def _matrix_size(length: int, k: int, rows, cols) -> tuple:
    """MatrixDiag's output size for a diagonal of ``length`` on diagonal ``k``: a ``-1`` row or column
    count is the smallest that holds the diagonal (both -1: a square matrix)."""
    min_rows, min_cols = length + max(-k, 0), length + max(k, 0)
    if rows == -1 and cols == -1:
        return max(min_rows, min_cols), max(min_rows, min_cols)
    return (min_rows if rows == -1 else rows), (min_cols if cols == -1 else cols)


def _matrix_diag_kernel(op):
    def matrix_diag_kernel(diagonal, k, num_rows, num_cols, padding_value):
        k = _single_k(op, k)
        length = diagonal.shape[-1]
        rows, cols = _matrix_size(length, k, int(num_rows), int(num_cols))
        r, c = _diag_index(rows, cols, k)
        if len(r) != length:
            raise kernel_error(op, "The number of diagonal elements (%d) does not fit a %dx%d matrix's "
                               "diagonal %d" % (length, rows, cols, k))
        out = np.full(diagonal.shape[:-1] + (rows, cols), padding_value, dtype=diagonal.dtype)
        out[..., r, c] = diagonal
        return out

    return matrix_diag_kernel


MATRIX_DIAG_V3 = register("MatrixDiagV3", infer=_matrix_diag_infer, kernel=_matrix_diag_kernel)


def _int32_const(value, name):
    return convert_to_tensor(np.array(value, dtype=np.int32), name=name)


def matrix_diag(diagonal, name: str = "diag", k=0, num_rows=-1, num_cols=-1, padding_value=0,
                align: str = _ALIGN):
    """A batch of matrices with ``diagonal`` on diagonal ``k`` (``tf.linalg.diag``): ``MatrixDiagV3``,
    its arguments constants ``diag/k``, ``diag/num_rows``, ``diag/num_cols``, ``diag/padding_value``."""
    with op_scope(name, "diag", [diagonal]) as scope:
        if type(diagonal) is not Tensor:
            diagonal = convert_to_tensor(diagonal, name="diagonal")
        tensors = [diagonal, _int32_const(k, "k"), _int32_const(num_rows, "num_rows"),
                   _int32_const(num_cols, "num_cols"),
                   convert_to_tensor(padding_value, dtype=diagonal.dtype, name="padding_value")]
        return apply_op(MATRIX_DIAG_V3, tensors, {"align": align}, name=scope)._outputs[0]


def matrix_set_diag(input, diagonal, name: str = "set_diag", k=0, align: str = _ALIGN):
    """``input`` with diagonal ``k`` of its inner-most matrices replaced (``tf.linalg.set_diag``):
    ``MatrixSetDiagV3`` with the constant ``set_diag/k``."""
    with op_scope(name, "set_diag", [input, diagonal]) as scope:
        if type(input) is not Tensor:
            input = convert_to_tensor(input, name="input")
        if type(diagonal) is not Tensor:
            diagonal = convert_to_tensor(diagonal, dtype=input.dtype, name="diagonal")
        tensors = [input, diagonal, _int32_const(k, "k")]
        return apply_op(MATRIX_SET_DIAG_V3, tensors, {"align": align}, name=scope)._outputs[0]


def matrix_transpose(a, name: str = "matrix_transpose", conjugate: bool = False):
    """Transpose the two inner-most dimensions (``tf.linalg.matrix_transpose``): a ``Transpose`` named
    'matrix_transpose/transpose' with a constant permutation."""
    with op_scope(name, "matrix_transpose", [a]):
        if type(a) is not Tensor:
            a = convert_to_tensor(a, name="a")
        dims = a._dims
        if dims is None:
            raise NotImplementedError("graphscope's matrix_transpose needs a tensor of known rank.")
        if len(dims) < 2:
            raise ValueError("Argument `a` should be a (batch) matrix with rank >= 2.  Received `a` = %s "
                             "with shape: %s" % (a, list(dims)))
        perm = list(range(len(dims) - 2)) + [len(dims) - 1, len(dims) - 2]
        return transpose(a, perm=perm, conjugate=conjugate)


def eye(num_rows, num_columns=None, batch_shape=None, dtype=dtypes.float32, name: str | None = None):
    """An identity matrix, or a batch of them (``tf.eye``), for static sizes: a square one is
    ``MatrixDiagV3`` of ones (``eye/diag``), any other ``MatrixSetDiagV3`` of ones on zeros
    (``eye/set_diag``), as TensorFlow's ``linalg_ops_impl.eye`` builds them."""
    with op_scope(name, "eye", []):
        num_columns = num_rows if num_columns is None else num_columns
        for value in (num_rows, num_columns):
            if isinstance(value, Tensor) or not isinstance(value, (int, np.integer)) or isinstance(value, bool):
                if isinstance(value, Tensor):
                    raise NotImplementedError("graphscope's eye needs Python integer sizes.")
                raise TypeError("Arguments `num_rows` and `num_columns` must be positive integer values. "
                                "Received: num_rows=%s, num_columns=%s" % (num_rows, num_columns))
        if isinstance(batch_shape, Tensor):
            raise NotImplementedError("graphscope's eye needs a Python batch_shape.")
        batch_shape = [] if batch_shape is None else list(batch_shape)
        num_rows, num_columns = int(num_rows), int(num_columns)
        diag_ones = array_ops.ones(batch_shape + [min(num_rows, num_columns)], dtype=dtype)
        if num_rows == num_columns:
            return matrix_diag(diag_ones)
        zero_matrix = array_ops.zeros(batch_shape + [num_rows, num_columns], dtype=dtype)
        return matrix_set_diag(zero_matrix, diag_ones)

