"""Cumulative sums and products along an axis (``tf.cumsum``, ``tf.cumprod``; ops ``Cumsum``, ``Cumprod``).

``exclusive`` leaves each element out of its own result (the first is the identity, 0 or 1);
``reverse`` scans from the end. The gradient of a scan is the reverse scan of the gradient (TF's
``_CumsumGrad``, ``_CumprodGrad``).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.constant([1.0, 2.0, 3.0])
...     print(*tf.Session().run([tf.cumsum(x), tf.cumprod(x, exclusive=True), tf.cumsum(x, reverse=True)]))
[1. 3. 6.] [1. 1. 2.] [6. 5. 3.]
"""
from __future__ import annotations

import numpy as np

from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.gradient_util_ops import dense_gradients
from graphscope.ops.math_ops import kernel_error
from graphscope.ops.reduction_ops import INDEX_TYPES, NUMBER_TYPES, index_tensor
from graphscope.ops.registry import register
from graphscope.ops.tensor_util import shape_error
from graphscope.tensor import Tensor

__all__ = ["cumsum", "cumprod"]


def _scan_infer(op_type: str):
    def infer(inputs, attrs):
        x, axis = inputs
        dtype = x._dtype.base_dtype
        NUMBER_TYPES.check("x", dtype)
        INDEX_TYPES.check("axis", axis._dtype.base_dtype)
        if axis._dims is not None and len(axis._dims) != 0:
            raise shape_error(op_type, "Shape must be rank 0 but is rank %d (axis must be a scalar)"
                              % len(axis._dims), inputs)
        attrs["T"], attrs["Tidx"] = dtype, axis._dtype.base_dtype
        return [(dtype, x._dims)]

    return infer


def _scan_kernel(np_scan, identity: int):
    """TF's scan: inclusive by default; exclusive shifts by one (the identity first); reverse flips."""

    def kernel(op):
        exclusive, reverse = op._attrs["exclusive"], op._attrs["reverse"]
        np_dtype = op._attrs["T"].as_numpy_dtype

        def scan(x, axis):
            axis = int(axis)
            if not -x.ndim <= axis < x.ndim:
                raise kernel_error(op, "ScanOp: Expected scan axis in the range [%d, %d), but got %d"
                                   % (-x.ndim, x.ndim, axis))
            axis %= x.ndim
            if reverse:
                x = np.flip(x, axis)
            out = np_scan(x, axis=axis, dtype=np_dtype)
            if exclusive:
                shifted = np.full_like(out, identity)
                source, target = [slice(None)] * x.ndim, [slice(None)] * x.ndim
                source[axis], target[axis] = slice(0, -1), slice(1, None)
                shifted[tuple(target)] = out[tuple(source)]
                out = shifted
            return np.flip(out, axis) if reverse else out

        return scan

    return kernel


def _scan(op_def, default_name, x, axis, exclusive, reverse, name) -> Tensor:
    with op_scope(name, default_name, [x]) as scope:
        x = convert_to_tensor(x, name="x")
        axis = index_tensor(axis, "axis")
        attrs = {"exclusive": bool(exclusive), "reverse": bool(reverse)}
        return apply_op(op_def, [x, axis], attrs, name=scope)._outputs[0]


@dense_gradients
def _cumsum_grad(op, grad):
    """The gradient summed the other way: ``cumsum(grad, reverse=not reverse)``."""
    attrs = op._attrs
    return [cumsum(grad, op._inputs[1], exclusive=attrs["exclusive"], reverse=not attrs["reverse"]), None]


@dense_gradients
def _cumprod_grad(op, grad):
    """``cumsum(cumprod(x) * grad, reverse=not reverse) / x``, 0 where ``x`` is 0 (TF's rule)."""
    from graphscope.ops.math_ops import div_no_nan
    x, axis = op._inputs
    exclusive, reverse = op._attrs["exclusive"], op._attrs["reverse"]
    prod = cumprod(x, axis, exclusive=exclusive, reverse=reverse)
    out = cumsum(prod * grad, axis, exclusive=exclusive, reverse=not reverse)
    return [div_no_nan(out, x), None]


CUMSUM = register("Cumsum", infer=_scan_infer("Cumsum"), kernel=_scan_kernel(np.cumsum, 0), gradient=_cumsum_grad)
CUMPROD = register("Cumprod", infer=_scan_infer("Cumprod"), kernel=_scan_kernel(np.cumprod, 1),
                   gradient=_cumprod_grad)


def cumsum(x, axis=0, exclusive: bool = False, reverse: bool = False, name: str | None = None) -> Tensor:
    """Cumulative sum along ``axis`` (``tf.cumsum``; op ``Cumsum``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     c = tf.cumsum(tf.constant([[1, 2], [3, 4]]), axis=1, exclusive=True)
    ...     print(c.op.name, tf.Session().run(c).tolist())
    Cumsum [[0, 1], [0, 3]]
    """
    return _scan(CUMSUM, "Cumsum", x, axis, exclusive, reverse, name)


def cumprod(x, axis=0, exclusive: bool = False, reverse: bool = False, name: str | None = None) -> Tensor:
    """Cumulative product along ``axis`` (``tf.cumprod``; op ``Cumprod``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.cumprod(tf.constant([2.0, 3.0, 4.0]), reverse=True)))
    [24. 12.  4.]
    """
    return _scan(CUMPROD, "Cumprod", x, axis, exclusive, reverse, name)
