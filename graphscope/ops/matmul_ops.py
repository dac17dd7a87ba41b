"""Matrix products: ``MatMul`` for matrices and ``BatchMatMulV2`` for batches (``tf.matmul``, ``@``).

Their gradients are TensorFlow's (``_MatMulGrad``, ``_BatchMatMulV2``): products of the incoming
gradient with the other input, transposed as each case needs; a batch input that was broadcast gets
its gradient summed over the broadcast batch axes (``BroadcastGradientArgs`` of the batch shapes).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 3], name="x")
...     w = tf.ones([3, 4])
...     y = tf.matmul(x, w)
...     b = tf.matmul(tf.ones([5, 2, 3]), w)
>>> y.op.type, y.shape.as_list(), b.op.type, b.shape.as_list()
('MatMul', [None, 4], 'BatchMatMulV2', [5, 2, 4])
"""
from __future__ import annotations

import numpy as np

from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.gradient_util_ops import broadcast_gradient_args, dense_gradients
from graphscope.ops.math_ops import AllowedTypes, dtype_mismatch, format_dims, kernel_error
from graphscope.ops.registry import register
from graphscope.shapes import broadcast_dims
from graphscope.tensor import Tensor

__all__ = ["matmul"]


def _out(op_def, inputs, name, attrs=None):
    return apply_op(op_def, inputs, attrs, name=name)._outputs[0]


MATMUL_TYPES = AllowedTypes("bfloat16, float16, float32, float64, int32, int64, uint8, uint16, uint32, uint64, "
                            "int8, int16, complex64, complex128")


def _matmul_infer(inputs, attrs):
    a, b = inputs
    dtype = a._dtype.base_dtype
    MATMUL_TYPES.check("a", dtype)
    if b._dtype.base_dtype is not dtype:
        raise dtype_mismatch("MatMul", "b", b._dtype.base_dtype, dtype, first="a")
    attrs["T"] = dtype
    a_dims, b_dims = a._dims, b._dims
    shapes = "with input shapes: %s, %s" % (format_dims(a_dims), format_dims(b_dims))
    for dims in (a_dims, b_dims):
        if dims is not None and len(dims) != 2:
            raise ValueError("Shape must be rank 2 but is rank %d for 'MatMul' op %s." % (len(dims), shapes))
    a_dims = a_dims or (None, None)
    b_dims = b_dims or (None, None)
    rows, inner_a = (a_dims[1], a_dims[0]) if attrs["transpose_a"] else a_dims
    inner_b, cols = (b_dims[1], b_dims[0]) if attrs["transpose_b"] else b_dims
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        raise ValueError("Dimensions must be equal, but are %d and %d for 'MatMul' op %s (inputs %s and %s)."
                         % (inner_a, inner_b, shapes, a._name, b._name))
    return [(dtype, (rows, cols))]


def _matmul_kernel(op):
    transpose_a, transpose_b = op._attrs["transpose_a"], op._attrs["transpose_b"]

    def incompatible(a, b):
        return kernel_error(op, "Matrix size-incompatible: In[0]: %s, In[1]: %s"
                            % (format_dims(np.shape(a)), format_dims(np.shape(b))))

    if not transpose_a and not transpose_b:
        def matmul_values(a, b):
            try:
                return np.matmul(a, b)
            except ValueError:
                raise incompatible(a, b) from None
    else:
        def matmul_values(a, b):
            try:
                return np.matmul(a.T if transpose_a else a, b.T if transpose_b else b)
            except ValueError:
                raise incompatible(a, b) from None
    return matmul_values


def _mat_mul(a, b, transpose_a=False, transpose_b=False):
    """gen_math_ops.mat_mul: always a ``MatMul`` op, named 'MatMul' in the current scope."""
    return _out(MAT_MUL, [a, b], "MatMul", {"transpose_a": transpose_a, "transpose_b": transpose_b})


@dense_gradients
def _mat_mul_grad(op, grad):
    """``a @ b`` (either transposed): ``grad @ b.T`` and ``a.T @ grad``, each case written without
    materialising a transpose."""
    from graphscope.ops.unary_ops import conj
    t_a, t_b = op._attrs["transpose_a"], op._attrs["transpose_b"]
    a, b = conj(op._inputs[0]), conj(op._inputs[1])
    if not t_a and not t_b:
        return [_mat_mul(grad, b, transpose_b=True), _mat_mul(a, grad, transpose_a=True)]
    if not t_a and t_b:
        return [_mat_mul(grad, b), _mat_mul(grad, a, transpose_a=True)]
    if t_a and not t_b:
        return [_mat_mul(b, grad, transpose_b=True), _mat_mul(a, grad)]
    return [_mat_mul(b, grad, transpose_a=True, transpose_b=True),
            _mat_mul(grad, a, transpose_a=True, transpose_b=True)]


MAT_MUL = register("MatMul", infer=_matmul_infer, kernel=_matmul_kernel, gradient=_mat_mul_grad)


def _batch_matmul_infer(inputs, attrs):
    x, y = inputs
    dtype = x._dtype.base_dtype
    MATMUL_TYPES.check("x", dtype)
    if y._dtype.base_dtype is not dtype:
        raise dtype_mismatch("BatchMatMulV2", "y", y._dtype.base_dtype, dtype)
    attrs["T"] = dtype
    x_dims, y_dims = x._dims, y._dims
    shapes = "with input shapes: %s, %s" % (format_dims(x_dims), format_dims(y_dims))
    for dims in (x_dims, y_dims):
        if dims is not None and len(dims) < 2:
            raise ValueError("Shape must be at least rank 2 but is rank %d for 'BatchMatMulV2' op %s."
                             % (len(dims), shapes))
    if x_dims is None or y_dims is None:
        return [(dtype, None)]
    rows, inner_x = (x_dims[-1], x_dims[-2]) if attrs["adj_x"] else (x_dims[-2], x_dims[-1])
    inner_y, cols = (y_dims[-1], y_dims[-2]) if attrs["adj_y"] else (y_dims[-2], y_dims[-1])
    if inner_x is not None and inner_y is not None and inner_x != inner_y:
        raise ValueError("Dimensions must be equal, but are %d and %d for 'BatchMatMulV2' op %s."
                         % (inner_x, inner_y, shapes))
    try:
        batch = broadcast_dims(x_dims[:-2], y_dims[:-2])
    except ValueError:
        raise ValueError("Batch dimensions are incompatible for 'BatchMatMulV2' op %s: the shapes %s and %s do "
                         "not broadcast." % (shapes, format_dims(x_dims[:-2]), format_dims(y_dims[:-2]))) from None
    return [(dtype, batch + (rows, cols))]


def _batch_matmul_kernel(op):
    adj_x, adj_y = op._attrs["adj_x"], op._attrs["adj_y"]
    conjugate = op._attrs["T"].is_complex

    def adjoint(v):
        v = np.swapaxes(v, -1, -2)
        return np.conj(v) if conjugate else v

    def batch_matmul_values(x, y):
        try:
            return np.matmul(adjoint(x) if adj_x else x, adjoint(y) if adj_y else y)
        except ValueError:
            raise kernel_error(op, "In[0] mismatch In[1] shape: %s vs. %s: %s %s %s %s" % (
                np.shape(x)[-2 if adj_x else -1], np.shape(y)[-1 if adj_y else -2],
                format_dims(np.shape(x)), format_dims(np.shape(y)), int(adj_x), int(adj_y))) from None

    return batch_matmul_values


@dense_gradients
def _batch_mat_mul_grad(op, grad):
    """As MatMul's, with adjoints; then each input's gradient summed over the batch axes it was
    broadcast along, unless the static batch shapes show there were none."""
    from graphscope.ops.array_ops import shape
    from graphscope.ops.reduction_ops import reduce_sum
    from graphscope.ops.shape_ops import reshape
    x, y = op._inputs
    adj_x, adj_y = op._attrs["adj_x"], op._attrs["adj_y"]
    if not adj_x:
        if not adj_y:
            grad_x = matmul(grad, y, adjoint_a=False, adjoint_b=True)
            grad_y = matmul(x, grad, adjoint_a=True, adjoint_b=False)
        else:
            grad_x = matmul(grad, y, adjoint_a=False, adjoint_b=False)
            grad_y = matmul(grad, x, adjoint_a=True, adjoint_b=False)
    elif not adj_y:
        grad_x = matmul(y, grad, adjoint_a=False, adjoint_b=True)
        grad_y = matmul(x, grad, adjoint_a=False, adjoint_b=False)
    else:
        grad_x = matmul(y, grad, adjoint_a=True, adjoint_b=True)
        grad_y = matmul(grad, x, adjoint_a=True, adjoint_b=True)
    x_dims, y_dims = x._dims, y._dims
    may_have_batch = x_dims is None or len(x_dims) > 2 or y_dims is None or len(y_dims) > 2
    batches_match = (x_dims is not None and y_dims is not None and None not in x_dims[:-2]
                     and None not in y_dims[:-2] and x_dims[:-2] == y_dims[:-2])
    if not may_have_batch or batches_match:
        return [grad_x, grad_y]
    sx, sy = shape(x), shape(y)
    rx, ry = broadcast_gradient_args(sx[:-2], sy[:-2])
    return [reshape(reduce_sum(grad_x, rx), sx), reshape(reduce_sum(grad_y, ry), sy)]


BATCH_MAT_MUL_V2 = register("BatchMatMulV2", infer=_batch_matmul_infer, kernel=_batch_matmul_kernel,
                            gradient=_batch_mat_mul_grad)


def matmul(a, b, transpose_a: bool = False, transpose_b: bool = False, adjoint_a: bool = False,
           adjoint_b: bool = False, a_is_sparse: bool = False, b_is_sparse: bool = False,
           name: str | None = None) -> Tensor:
    """The matrix product ``a @ b`` (``tf.matmul``): ``MatMul`` for matrices, ``BatchMatMulV2`` (with
    broadcast batch dimensions) when either input has rank above 2 or an unknown rank.

    Inner dimensions that differ are a ValueError when the graph is built, or an
    InvalidArgumentError ("Matrix size-incompatible") when unknown dimensions hide them until run time.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    ...     p = tf.matmul(a, a, transpose_b=True)
    ...     print(p.op.type, tf.Session().run(p))
    MatMul [[ 5. 11.]
     [11. 25.]]
    """
    if transpose_a and adjoint_a:
        raise ValueError("Only one of transpose_a and adjoint_a can be True.")
    if transpose_b and adjoint_b:
        raise ValueError("Only one of transpose_b and adjoint_b can be True.")
    with op_scope(name, "MatMul", [a, b]) as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, dtype_hint=a._dtype.base_dtype, name="b")
        a_dims, b_dims = a._dims, b._dims
        if a_dims is None or len(a_dims) > 2 or b_dims is None or len(b_dims) > 2:
            attrs = {"adj_x": bool(adjoint_a or transpose_a), "adj_y": bool(adjoint_b or transpose_b)}
            if transpose_a and a._dtype.is_complex or transpose_b and b._dtype.is_complex:
                raise NotImplementedError("matmul: transposing (not adjoining) complex batches is not supported.")
            return _out(BATCH_MAT_MUL_V2, [a, b], scope, attrs)
        if (adjoint_a and a._dtype.is_complex) or (adjoint_b and b._dtype.is_complex):
            raise NotImplementedError("matmul: adjoints of complex matrices are not supported.")
        attrs = {"transpose_a": bool(transpose_a or adjoint_a), "transpose_b": bool(transpose_b or adjoint_b)}
        return _out(MAT_MUL, [a, b], scope, attrs)
