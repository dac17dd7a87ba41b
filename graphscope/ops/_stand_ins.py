"""Stand-ins for the few math/array ops the nn family builds on, while those families are written.

TensorFlow builds ``sigmoid_cross_entropy_with_logits``, ``dropout``, ``xw_plus_b`` and the softmax
wrappers from ``Exp``, ``Log1p``, ``Select``, ``Transpose``, ``Reshape``, ``Cast``, ``MatMul``, ... . The math and array op
families own those op types. :func:`function` returns the family's public function when it exists
and the stand-in below otherwise; each stand-in op type is registered only when no family has
registered that type, with TensorFlow's type name, attrs and op names, so the graph is the same
either way. Once the families provide all of them this module can go.

>>> from graphscope.ops import math_ops
>>> function(math_ops, "multiply") is math_ops.multiply
True
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes
from graphscope.ops import array_ops, math_ops
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.registry import lookup, register
from graphscope.shapes import broadcast_dims
from graphscope.tensor import Tensor

__all__ = ["function"]


def function(module, name: str):
    """``module.<name>`` when that op family provides it, else the stand-in of the same name."""
    found = getattr(module, name, None)
    return found if found is not None else _STAND_INS[name]


def _stand_in(op_type: str, infer, kernel):
    """The registered definition of ``op_type``; registers ``(infer, kernel)`` only if there is none."""
    existing = lookup(op_type)
    return existing if existing is not None else register(op_type, infer=infer, kernel=kernel)


def _constant_kernel(fn):
    return lambda op: fn


def _same_infer(inputs, attrs):
    attrs["T"] = dtype = inputs[0]._dtype.base_dtype
    return [(dtype, inputs[0]._dims)]


def _compare_infer(inputs, attrs):
    dims = math_ops.elementwise_binary_infer(inputs, attrs, "GreaterEqual")[0][1]
    return [(dtypes.bool, dims)]


def _binary_infer(op_type):
    return lambda inputs, attrs: math_ops.elementwise_binary_infer(inputs, attrs, op_type)


def _select_infer(inputs, attrs):
    _, x, y = inputs
    if x._dtype.base_dtype != y._dtype.base_dtype:
        raise TypeError("Input 'e' of 'Select' Op has type %s that does not match type %s of argument 't'."
                        % (y._dtype.base_dtype.name, x._dtype.base_dtype.name))
    attrs["T"] = dtype = x._dtype.base_dtype
    return [(dtype, x.shape.merge_with(y.shape)._dims)]


def _select(condition, x, y):
    if condition.ndim and condition.ndim < np.ndim(x):  # v1 Select: a vector condition picks whole rows
        condition = condition.reshape(condition.shape + (1,) * (np.ndim(x) - condition.ndim))
    return np.where(condition, x, y)


def _select_v2_infer(inputs, attrs):
    condition, x, y = inputs
    dtype, dims = math_ops.elementwise_binary_infer([x, y], attrs, "SelectV2")[0]
    return [(dtype, broadcast_dims(condition._dims, dims))]


def _const_value(tensor: Tensor):
    return tensor._op._attrs.get("value") if tensor._op._type == "Const" else None


def _transpose_infer(inputs, attrs):
    x, perm = inputs
    attrs["T"], attrs["Tperm"] = x._dtype.base_dtype, perm._dtype.base_dtype
    perm_value = _const_value(perm)
    dims = None
    if perm_value is not None and x._dims is not None:
        dims = tuple(x._dims[int(p)] for p in perm_value)
    return [(x._dtype.base_dtype, dims)]


def _reshape_infer(inputs, attrs):
    x, shape = inputs
    attrs["T"], attrs["Tshape"] = x._dtype.base_dtype, shape._dtype.base_dtype
    target = _const_value(shape)
    if target is None:
        return [(x._dtype.base_dtype, None)]
    dims = [int(d) for d in np.reshape(target, -1)]
    if -1 in dims and x._dims is not None and None not in x._dims:
        known = int(np.prod([d for d in dims if d != -1], dtype=np.int64))
        total = int(np.prod(x._dims, dtype=np.int64))
        dims[dims.index(-1)] = total // known if known else 0
    return [(x._dtype.base_dtype, tuple(None if d == -1 else d for d in dims))]


def _shape_infer(inputs, attrs):
    x = inputs[0]
    attrs["T"] = x._dtype.base_dtype
    attrs.setdefault("out_type", dtypes.int32)
    return [(attrs["out_type"], (None if x._dims is None else len(x._dims),))]


def _shape_kernel(op):
    np_type = op._attrs["out_type"].as_numpy_dtype
    return lambda x: np.array(np.shape(x), dtype=np_type)


def _matmul_infer(inputs, attrs):
    a, b = inputs
    attrs["T"] = dtype = a._dtype.base_dtype
    if b._dtype.base_dtype != dtype:
        raise TypeError("Input 'b' of 'MatMul' Op has type %s that does not match type %s of argument 'a'."
                        % (b._dtype.base_dtype.name, dtype.name))
    for t in (a, b):
        if t._dims is not None and len(t._dims) != 2:
            raise ValueError("Shape must be rank 2 but is rank %d for 'MatMul' (input %s)." % (len(t._dims), t.name))
    a_dims = a._dims or (None, None)
    b_dims = b._dims or (None, None)
    if attrs.setdefault("transpose_a", False):
        a_dims = a_dims[::-1]
    if attrs.setdefault("transpose_b", False):
        b_dims = b_dims[::-1]
    if a_dims[1] is not None and b_dims[0] is not None and a_dims[1] != b_dims[0]:
        raise ValueError("Dimensions must be equal, but are %d and %d for 'MatMul' with input shapes: %s, %s."
                         % (a_dims[1], b_dims[0], a.shape, b.shape))
    return [(dtype, (a_dims[0], b_dims[1]))]


def _matmul_kernel(op):
    transpose_a, transpose_b = op._attrs["transpose_a"], op._attrs["transpose_b"]
    return lambda a, b: np.matmul(a.T if transpose_a else a, b.T if transpose_b else b)


def _cast_infer(inputs, attrs):
    attrs["SrcT"] = inputs[0]._dtype.base_dtype
    attrs.setdefault("Truncate", False)
    return [(attrs["DstT"], inputs[0]._dims)]


def _cast_kernel(op):
    np_type = op._attrs["DstT"].as_numpy_dtype
    return lambda x: np.asarray(x).astype(np_type)


EXP = _stand_in("Exp", _same_infer, _constant_kernel(np.exp))
LOG1P = _stand_in("Log1p", _same_infer, _constant_kernel(np.log1p))
NEG = _stand_in("Neg", _same_infer, _constant_kernel(np.negative))
REAL_DIV = _stand_in("RealDiv", _binary_infer("RealDiv"), _constant_kernel(np.true_divide))
GREATER_EQUAL = _stand_in("GreaterEqual", _compare_infer, _constant_kernel(np.greater_equal))
SELECT = _stand_in("Select", _select_infer, _constant_kernel(_select))
SELECT_V2 = _stand_in("SelectV2", _select_v2_infer, _constant_kernel(np.where))
ZEROS_LIKE = _stand_in("ZerosLike", _same_infer, _constant_kernel(np.zeros_like))
TRANSPOSE = _stand_in("Transpose", _transpose_infer, _constant_kernel(np.transpose))
RESHAPE = _stand_in("Reshape", _reshape_infer, _constant_kernel(np.reshape))
SHAPE = _stand_in("Shape", _shape_infer, _shape_kernel)
CAST = _stand_in("Cast", _cast_infer, _cast_kernel)
MATMUL = _stand_in("MatMul", _matmul_infer, _matmul_kernel)


def _unary(op_def):
    def apply(x, name=None):
        with op_scope(name, op_def.type, [x]) as scope:
            return apply_op(op_def, [convert_to_tensor(x, name="x")], name=scope)._outputs[0]
    return apply


def _binary(op_def):
    def apply(x, y, name=None):
        with op_scope(name, op_def.type, [x, y]) as scope:
            x = convert_to_tensor(x, name="x")
            y = convert_to_tensor(y, dtype_hint=x.dtype.base_dtype, name="y")
            return apply_op(op_def, [x, y], name=scope)._outputs[0]
    return apply


def where(condition, x, y, name=None):
    """TF1's ``where(condition, x, y)``: op ``Select``."""
    with op_scope(name, "Select", [condition, x, y]) as scope:
        return apply_op(SELECT, [convert_to_tensor(condition, name="condition"), convert_to_tensor(x, name="t"),
                                 convert_to_tensor(y, name="e")], name=scope)._outputs[0]


def where_v2(condition, x, y, name=None):
    """``where_v2(condition, x, y)``: op ``SelectV2``, broadcasting its three inputs."""
    with op_scope(name, "SelectV2", [condition, x, y]) as scope:
        return apply_op(SELECT_V2, [convert_to_tensor(condition, name="condition"), convert_to_tensor(x, name="t"),
                                    convert_to_tensor(y, name="e")], name=scope)._outputs[0]


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    """TF2's zeros_like in a graph: a constant 'zeros_like' when the shape is known, else ZerosLike."""
    with op_scope(name, "zeros_like", [tensor]) as scope:
        tensor = convert_to_tensor(tensor, name="tensor")
        dtype = dtypes.as_dtype(dtype) if dtype is not None else tensor.dtype.base_dtype
        if tensor._dims is not None and None not in tensor._dims:
            return array_ops.zeros(list(tensor._dims), dtype=dtype, name=scope)
        if dtype != tensor.dtype.base_dtype:
            raise NotImplementedError("zeros_like with another dtype needs a known shape.")
        return apply_op(ZEROS_LIKE, [tensor], name=scope)._outputs[0]


def shape(input, name=None, out_type=dtypes.int32):
    """TF's ``shape`` in a graph: a constant 'Shape' when the shape is fully known, else a Shape op."""
    with op_scope(name, "Shape", [input]) as scope:
        input = convert_to_tensor(input)
        if input._dims is not None and None not in input._dims:
            return array_ops.constant(list(input._dims), dtype=out_type, name=scope)
        return apply_op(SHAPE, [input], {"out_type": dtypes.as_dtype(out_type)}, name=scope)._outputs[0]


def cast(x, dtype, name=None):
    """TF's cast: a 'Cast' scope always opens; a Cast op only when the dtype changes."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    with op_scope(name, "Cast", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype == dtype:
            return x
        return apply_op(CAST, [x], {"DstT": dtype}, name=scope)._outputs[0]


def transpose(a, perm, name="transpose"):
    """``transpose(a, perm)`` with a constant ``perm``: 'transpose/perm' and the Transpose 'transpose'."""
    with op_scope(name, "transpose", [a]) as scope:
        perm = array_ops.constant(perm, dtype=dtypes.int32, name="perm")
        return apply_op(TRANSPOSE, [a, perm], name=scope)._outputs[0]


def matmul(a, b, transpose_a=False, transpose_b=False, name=None):
    """``a @ b`` of two matrices (op ``MatMul``), optionally transposing either first."""
    with op_scope(name, "MatMul", [a, b]) as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, dtype_hint=a.dtype.base_dtype, name="b")
        attrs = {"transpose_a": bool(transpose_a), "transpose_b": bool(transpose_b)}
        return apply_op(MATMUL, [a, b], attrs, name=scope)._outputs[0]


def reshape(tensor, shape, name=None):
    """``reshape(tensor, shape)`` with a constant ``shape``: 'Reshape/shape' and the Reshape 'Reshape'."""
    with op_scope(name, "Reshape", [tensor]) as scope:
        shape = array_ops.constant(shape, dtype=dtypes.int32, name="shape")
        return apply_op(RESHAPE, [tensor, shape], name=scope)._outputs[0]


_STAND_INS = {
    "exp": _unary(EXP), "log1p": _unary(LOG1P), "negative": _unary(NEG), "realdiv": _binary(REAL_DIV),
    "greater_equal": _binary(GREATER_EQUAL), "where": where, "where_v2": where_v2, "zeros_like": zeros_like,
    "shape": shape, "cast": cast, "transpose": transpose, "reshape": reshape, "matmul": matmul,
}
