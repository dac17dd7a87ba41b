"""Softmax ops: ``softmax`` (op ``Softmax``) and ``log_softmax`` (``LogSoftmax``) along any axis, with
the row helpers the cross entropies share (:func:`classes_first`, :func:`row_max`, ...).

As TF's CPU kernels, softmax subtracts the row maximum first, so large logits give no overflow; an axis
other than the last is swapped to the end (TF's ``transpose``) and back. :mod:`graphscope.ops.nn_ops`
re-exports these names.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     s = tf.nn.softmax(tf.constant([[1000.0, 1000.0], [0.0, 0.0]]))
...     l = tf.nn.log_softmax(tf.constant([0.0, 0.0]))
...     print(s.op.type, l.op.type, tf.Session().run(s).tolist())
Softmax LogSoftmax [[0.5, 0.5], [0.5, 0.5]]
"""
from __future__ import annotations

import numpy as np

from graphscope.errors import InvalidArgumentError
from graphscope.graph import get_default_graph
from graphscope.ops import array_ops, math_ops
from graphscope.ops.core import apply_op, convert_to_tensor
from graphscope.ops.nn_ops import _FLOATS, _checked_dtype, _rank_error
from graphscope.ops.registry import register
from graphscope.tensor import Tensor

__all__: list = []  # tf.nn.softmax, tf.nn.log_softmax: public through graphscope.nn, as in TF


# -- Softmax, LogSoftmax --------------------------------------------------------------------------
def _softmax_infer(inputs, attrs):
    logits = inputs[0]
    attrs["T"] = dtype = _checked_dtype(logits, "logits", _FLOATS)
    if logits._dims is not None and len(logits._dims) < 1:
        raise _rank_error("Softmax", logits, "at least rank", 1)
    return [(dtype, logits._dims)]


def classes_first(x: np.ndarray):
    """For ``x`` of shape [..., classes] with short rows (2 to 64 classes, at least 16 rows): a new
    C-contiguous [classes, rows] copy, across whose first axis numpy reduces in one vectorised pass
    (along a short last axis it goes row by row: 10 us for the max of 128 rows of 10); else None.
    Sums over it add each row's classes in order."""
    shape = x.shape
    if len(shape) >= 2 and 2 <= shape[-1] <= 64:
        rows = x.size // shape[-1]
        if rows >= 16:
            return x.reshape(rows, shape[-1]).T.copy()
    return None


def rows_last(t: np.ndarray, shape: tuple) -> np.ndarray:
    """A [classes, rows] array from :func:`classes_first` back as a C-contiguous array of ``shape``."""
    return np.ascontiguousarray(t.T).reshape(shape)


def _along_rows(ufunc, x: np.ndarray) -> np.ndarray:
    """``ufunc.reduce(x, axis=-1, keepdims=True)``, over :func:`classes_first`'s copy for short rows."""
    t = classes_first(x)
    if t is not None:
        return ufunc.reduce(t, axis=0).reshape(x.shape[:-1] + (1,))
    return ufunc.reduce(x, axis=-1, keepdims=True)


def row_max(x: np.ndarray) -> np.ndarray:
    """``x.max(axis=-1, keepdims=True)`` (exactly), fast for short rows."""
    return _along_rows(np.maximum, x)


def row_sum(x: np.ndarray) -> np.ndarray:
    """``x.sum(axis=-1, keepdims=True)``, fast for short rows."""
    return _along_rows(np.add, x)


def _softmax_kernel(op):
    def softmax(logits):  # TF: e = exp(x - max(x)); e * (1 / sum(e)), along the last axis
        if not logits.size:
            return logits.copy()
        t = classes_first(logits)
        if t is not None:
            t -= np.maximum.reduce(t, axis=0)
            np.exp(t, out=t)
            t *= np.reciprocal(np.add.reduce(t, axis=0))
            return rows_last(t, logits.shape)
        e = logits - logits.max(axis=-1, keepdims=True)  # a row of -inf gives NaN, as in TF
        np.exp(e, out=e)
        e *= np.reciprocal(e.sum(axis=-1, keepdims=True))
        return e
    return softmax


def _log_softmax_kernel(op):
    def log_softmax(logits):  # TF: s = x - max(x); s - log(sum(exp(s))), along the last axis
        if not logits.size:
            return logits.copy()
        t = classes_first(logits)
        if t is not None:
            t -= np.maximum.reduce(t, axis=0)
            t -= np.log(np.add.reduce(np.exp(t), axis=0))
            return rows_last(t, logits.shape)
        shifted = logits - logits.max(axis=-1, keepdims=True)
        shifted -= np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        return shifted
    return log_softmax


def _softmax_gradient(op, grad_softmax):
    """TF's ``_SoftmaxGrad``: ``(grad - sum(grad * softmax, -1)) * softmax``."""
    softmax = op._outputs[0]
    sum_channels = math_ops.reduce_sum(grad_softmax * softmax, -1, keepdims=True)
    return (grad_softmax - sum_channels) * softmax


def _log_softmax_gradient(op, grad):
    """TF's ``_LogSoftmaxGrad``: ``grad - sum(grad, -1) * exp(log_softmax)``."""
    softmax = math_ops.exp(op._outputs[0])
    return grad - math_ops.reduce_sum(grad, -1, keepdims=True) * softmax


SOFTMAX = register("Softmax", infer=_softmax_infer, kernel=_softmax_kernel, gradient=_softmax_gradient)
LOG_SOFTMAX = register("LogSoftmax", infer=_softmax_infer, kernel=_log_softmax_kernel,
                       gradient=_log_softmax_gradient)


def _along_axis(op_def, logits, axis, name):
    """TF's ``_softmax`` wrapper: the op works on the last axis; another axis is swapped to the end
    and back with two transposes. No name scope: the op is 'Softmax' (or ``name``)."""
    if axis is None:
        axis = -1
    if type(logits) is Tensor and axis == -1:
        return apply_op(op_def, [logits], name=op_def.type if name is None else name)._outputs[0]
    with get_default_graph()._transaction():  # all or nothing: no stray constant if the axis is wrong
        logits = convert_to_tensor(logits)
        dims = logits._dims
        if axis == -1 or (dims is not None and axis == len(dims) - 1):
            return apply_op(op_def, [logits], name=op_def.type if name is None else name)._outputs[0]
        if dims is None:
            raise ValueError("%s along axis %d needs a known rank: %s has unknown rank." % (op_def.type, axis, logits))
        rank = len(dims)
        if not -rank <= axis < rank:
            raise InvalidArgumentError(None, None, "`dim` must be in the range [%d, %d) where %d is the number of "
                                       "dimensions in the input. Received: dim=%d" % (-rank, rank, rank, axis))
        perm = _swap_last(rank, axis % rank)
        swapped = array_ops.transpose(logits, perm)
        return array_ops.transpose(apply_op(op_def, [swapped])._outputs[0], perm,
                                   name="transpose" if name is None else name)


def _swap_last(rank: int, axis: int) -> list:
    perm = list(range(rank))
    perm[axis], perm[-1] = perm[-1], perm[axis]
    return perm


def softmax(logits, axis: int | None = None, name: str | None = None, dim: int | None = None) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``axis`` (default last; TF1's ``dim`` is its old name).

    ``tf.nn.softmax``, op type ``Softmax``. Stable for large logits: ``[1000, 0, -1000]`` gives
    ``[1, 0, 0]`` without NaN; a row of only ``-inf`` gives NaN, as in TensorFlow.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, [2, 3])
    ...     p = tf.nn.softmax(x)
    ...     q = tf.nn.softmax(x, axis=0)
    ...     big = tf.Session().run(tf.nn.softmax([[1000.0, 0.0, -1000.0]]))
    >>> p.name, q.name, [op.name for op in q.graph.get_operations()][2:7]
    ('Softmax:0', 'transpose_1:0', ['transpose/perm', 'transpose', 'Softmax_1', 'transpose_1/perm', 'transpose_1'])
    >>> big
    array([[1., 0., 0.]], dtype=float32)
    """
    return _along_axis(SOFTMAX, logits, _axis_or_dim(axis, dim), name)


def log_softmax(logits, axis: int | None = None, name: str | None = None, dim: int | None = None) -> Tensor:
    """``x - log(sum(exp(x)))`` along ``axis`` (``tf.nn.log_softmax``; op type ``LogSoftmax``)."""
    return _along_axis(LOG_SOFTMAX, logits, _axis_or_dim(axis, dim), name)


def _axis_or_dim(axis, dim):
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'axis' and 'dim'")
    return dim if axis is None else axis
