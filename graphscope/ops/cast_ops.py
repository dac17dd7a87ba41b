"""Casts: ``cast`` (op ``Cast``) and the TF1 shorthands ``to_float``, ``to_double``, ``to_int32``,
``to_int64``.

Floats become integers by truncation toward zero, any nonzero becomes True; the gradient flows back
only between floating or complex dtypes (an int32 detour cuts it, as in TF).
:mod:`graphscope.ops.unary_ops` (and so ``math_ops``) re-exports these names.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     c = tf.cast(tf.constant([1.7, -1.7]), tf.int32)
...     f = tf.to_float(c)
...     print(c.op.type, f.name, tf.Session().run(c))
Cast ToFloat:0 [ 1 -1]
"""
from __future__ import annotations

from graphscope import dtypes
from graphscope.errors import UnimplementedError
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.registry import register
from graphscope.tensor import Tensor

__all__ = ["cast", "to_float", "to_double", "to_int32", "to_int64"]


def _out(op_def, inputs, name, attrs=None):
    return apply_op(op_def, inputs, attrs, name=name)._outputs[0]


# -- Cast ----------------------------------------------------------------------------------------------

def _cast_infer(inputs, attrs):
    x = inputs[0]
    attrs["SrcT"] = x._dtype.base_dtype
    return [(attrs["DstT"], x._dims)]


def _cast_kernel(op):
    source, target = op._attrs["SrcT"], op._attrs["DstT"]
    if (source is dtypes.string) != (target is dtypes.string) or not target.is_numpy_compatible:
        def unsupported(x):
            raise UnimplementedError(None, op, "Cast %s to %s is not supported" % (source.name, target.name))
        return unsupported
    np_dtype = target.as_numpy_dtype
    # Floats to integers truncate toward zero; NaN to bool is True (x != 0): numpy's astype agrees.
    return lambda x: x.astype(np_dtype)


_FLOATING = frozenset((dtypes.float16, dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128))


def _cast_grad(op, grad):
    """The gradient cast back to the source dtype when both dtypes are floating or complex; None
    otherwise (so an int32 detour cuts the gradient, as in TF)."""
    source = op._inputs[0]._dtype.base_dtype
    if source not in _FLOATING or grad.dtype.base_dtype not in _FLOATING:
        return [None]
    if isinstance(grad, Tensor):
        return [cast(grad, source)]
    from graphscope.gradients import IndexedSlices  # TF's cast keeps IndexedSlices sparse
    return [IndexedSlices(cast(grad.values, source), grad.indices, grad.dense_shape)]


CAST = register("Cast", infer=_cast_infer, kernel=_cast_kernel, gradient=_cast_grad)


def cast(x, dtype, name: str | None = None) -> Tensor:
    """``x`` as ``dtype`` (``tf.cast``); a tensor already of that dtype is returned as it is.

    Floats become integers by truncation toward zero; any nonzero (NaN too) becomes True.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     i = tf.cast(tf.constant([1.7, -1.7, 0.5]), tf.int32)
    ...     b = tf.cast(tf.constant([0.0, 2.0, float("nan")]), tf.bool)
    ...     print(i.op.type, tf.Session().run([i, b]))
    Cast [array([ 1, -1,  0], dtype=int32), array([False,  True,  True])]
    """
    target = dtypes.as_dtype(dtype).base_dtype
    if type(x) is Tensor and x._dtype is target:
        return x
    with op_scope(name, "Cast", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x._dtype.base_dtype is not target:
            x = _out(CAST, [x], scope, {"DstT": target, "Truncate": False})
        return x


def to_float(x, name: str = "ToFloat") -> Tensor:
    """``cast(x, tf.float32)`` (TF1's ``tf.to_float``; op named 'ToFloat').

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     f = tf.to_float(tf.constant([1, 2]))
    ...     print(f.op.name, f.dtype.name)
    ToFloat float32
    """
    return cast(x, dtypes.float32, name=name)


def to_double(x, name: str = "ToDouble") -> Tensor:
    """``cast(x, tf.float64)`` (TF1's ``tf.to_double``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.to_double(tf.constant([1, 2])).dtype.name)
    float64
    """
    return cast(x, dtypes.float64, name=name)


def to_int32(x, name: str = "ToInt32") -> Tensor:
    """``cast(x, tf.int32)`` (TF1's ``tf.to_int32``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.Session().run(tf.to_int32(tf.constant([2.9, -2.9]))))
    [ 2 -2]
    """
    return cast(x, dtypes.int32, name=name)


def to_int64(x, name: str = "ToInt64") -> Tensor:
    """``cast(x, tf.int64)`` (TF1's ``tf.to_int64``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     print(tf.to_int64(tf.constant([1, 2])).dtype.name)
    int64
    """
    return cast(x, dtypes.int64, name=name)
