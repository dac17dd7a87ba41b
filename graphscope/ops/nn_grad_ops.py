"""The backprop op types of the nn family: ``ReluGrad``, ``SigmoidGrad``, ``BiasAddGrad``, ...

TensorFlow differentiates most activations with a dedicated op that takes the incoming gradient and
the forward op's input (or output) and computes the local derivative in one kernel. The gradient
rules in :mod:`graphscope.ops.nn_ops` build these ops, as ``tensorflow/python/ops/nn_grad.py`` does;
each is defined here once: its shape/dtype rule, its numpy kernel (the formula of TF's CPU functor,
in the input's dtype) and, where TensorFlow has one, its own gradient (second derivatives).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [3], name="x")
...     dx, = tf.gradients(tf.nn.relu(x), [x])
...     value = tf.Session().run(dx, {x: [-1.0, 0.0, 2.0]})
>>> dx.name, dx.op.type, value.tolist()
('gradients/Relu_grad/ReluGrad:0', 'ReluGrad', [0.0, 0.0, 1.0])
"""
from __future__ import annotations

import numpy as np

from graphscope.ops import array_ops, math_ops
from graphscope.ops.core import apply_op
from graphscope.ops.nn_ops import (
    _FLOAT_COMPLEX,
    _FLOATS,
    _NUMBERS,
    _REALS,
    _checked_dtype,
    _np,
    _rank_error,
)
from graphscope.ops.registry import register
from graphscope.tensor import Tensor

__all__: list = []  # TensorFlow's gen_nn_ops names; none of them is public in tf.compat.v1


def _merge_dims(op_type: str, a: Tensor, b: Tensor):
    """TF's ``MergeBothInputsShapeFn``: both inputs have one shape (no broadcasting)."""
    da, db = a._dims, b._dims
    if da is None:
        return db
    if db is None:
        return da
    if len(da) != len(db):
        raise ValueError("Shapes must be equal rank, but are %d and %d for '%s' (op: '%s') with input shapes: "
                         "%s, %s." % (len(da), len(db), op_type, op_type, a.shape, b.shape))
    merged = []
    for i, (x, y) in enumerate(zip(da, db)):
        if x is not None and y is not None and x != y:
            raise ValueError("Dimension %d in both shapes must be equal, but are %d and %d. Shapes are %s and %s. "
                             "for '%s' (op: '%s') with input shapes: %s, %s."
                             % (i, x, y, a.shape, b.shape, op_type, op_type, a.shape, b.shape))
        merged.append(x if x is not None else y)
    return tuple(merged)


def _backprop_infer(op_type: str, params: tuple, allowed):
    """The rule of an elementwise backprop op of two same-typed, same-shaped inputs ``params``."""
    def infer(inputs, attrs):
        a, b = inputs
        attrs["T"] = dtype = _checked_dtype(a, params[0], allowed)
        if b._dtype.base_dtype != dtype:
            raise TypeError("Input '%s' of '%s' Op has type %s that does not match type %s of argument '%s'."
                            % (params[1], op_type, b._dtype.base_dtype.name, dtype.name, params[0]))
        return [(dtype, _merge_dims(op_type, a, b))]
    return infer


def _backprop_def(op_type: str, params: tuple, allowed, kernel, gradient=None):
    return register(op_type, infer=_backprop_infer(op_type, params, allowed), kernel=kernel, gradient=gradient)


def _apply(op_def, inputs, name, attrs=None) -> Tensor:
    """Apply a backprop op as TF's generated wrappers do: named after its type in the current scope."""
    return apply_op(op_def, inputs, attrs, name=op_def.type if name is None else name)._outputs[0]


# -- ReluGrad, Relu6Grad --------------------------------------------------------------------------
def _relu_grad_kernel(op):
    zero = _np(op)(0)

    def relu_grad(gradients, features):  # TF: gradients * (features > 0), so inf * 0 gives NaN
        mask = features > zero
        if type(gradients) is np.ndarray and gradients.shape == mask.shape:
            return np.multiply(gradients, mask, dtype=gradients.dtype)  # the bools cast inside the loop
        return gradients * mask.astype(gradients.dtype)
    return relu_grad


def _relu_grad_grad(op, grad):
    """TF's ``_ReluGradGrad``: ReluGrad is linear in the gradients; nothing flows into the features."""
    x = op._inputs[1]
    return relu_grad(grad, x), array_ops.zeros_like(x)


RELU_GRAD = _backprop_def("ReluGrad", ("gradients", "features"), _REALS, _relu_grad_kernel, _relu_grad_grad)


def relu_grad(gradients, features, name: str | None = None) -> Tensor:
    """``gradients * (features > 0)`` (TF's ``gen_nn_ops.relu_grad``; op type ``ReluGrad``)."""
    return _apply(RELU_GRAD, [gradients, features], name)


def _relu6_grad_kernel(op):
    np_type = _np(op)
    zero, six = np_type(0), np_type(6)

    def relu6_grad(gradients, features):  # TF: gradients * ((features > 0) * (features < 6))
        return gradients * ((features > zero) & (features < six)).astype(gradients.dtype)
    return relu6_grad


def _relu6_grad_grad(op, grad):
    x = op._inputs[1]
    return relu6_grad(grad, x), array_ops.zeros_like(x)


RELU6_GRAD = _backprop_def("Relu6Grad", ("gradients", "features"), _REALS, _relu6_grad_kernel, _relu6_grad_grad)


def relu6_grad(gradients, features, name: str | None = None) -> Tensor:
    """``gradients`` where ``0 < features < 6``, else 0 (op type ``Relu6Grad``)."""
    return _apply(RELU6_GRAD, [gradients, features], name)


# -- EluGrad, SeluGrad ----------------------------------------------------------------------------
def _elu_grad_kernel(op):
    np_type = _np(op)
    zero, one = np_type(0), np_type(1)

    def elu_grad(gradients, outputs):  # TF: (y < 0).select((y + 1) * gradients, gradients)
        return np.where(outputs < zero, (outputs + one) * gradients, gradients)
    return elu_grad


def _elu_grad_grad(op, grad):
    """TF's ``_EluGradGrad``."""
    elu_x = op._inputs[1]
    return (elu_grad(grad, elu_x),
            array_ops.where(elu_x < 0, grad * op._inputs[0], array_ops.zeros_like(elu_x)))


ELU_GRAD = _backprop_def("EluGrad", ("gradients", "outputs"), _FLOATS, _elu_grad_kernel, _elu_grad_grad)


def elu_grad(gradients, outputs, name: str | None = None) -> Tensor:
    """The Elu backprop from the Elu's *outputs* (op type ``EluGrad``)."""
    return _apply(ELU_GRAD, [gradients, outputs], name)


_SELU_SCALE = 1.0507009873554804934193349852946
_SELU_SCALE_ALPHA = 1.7580993408473768599402175208123


def _selu_grad_kernel(op):
    np_type = _np(op)
    zero, scale, scale_alpha = np_type(0), np_type(_SELU_SCALE), np_type(_SELU_SCALE_ALPHA)

    def selu_grad(gradients, outputs):  # TF: (y < 0).select(g * (y + scale * alpha), g * scale)
        return np.where(outputs < zero, gradients * (outputs + scale_alpha), gradients * scale)
    return selu_grad


def _selu_grad_grad(op, grad):
    """TF's ``_SeluGradGrad``."""
    selu_x = op._inputs[1]
    return (selu_grad(grad, selu_x),
            array_ops.where(selu_x < 0.0, grad * op._inputs[0], array_ops.zeros_like(selu_x)))


SELU_GRAD = _backprop_def("SeluGrad", ("gradients", "outputs"), _FLOATS, _selu_grad_kernel, _selu_grad_grad)


def selu_grad(gradients, outputs, name: str | None = None) -> Tensor:
    """The Selu backprop from the Selu's *outputs* (op type ``SeluGrad``)."""
    return _apply(SELU_GRAD, [gradients, outputs], name)


# -- SoftplusGrad, SoftsignGrad -------------------------------------------------------------------
def _softplus_grad_kernel(op):
    one = _np(op)(1)

    def softplus_grad(gradients, features):  # TF: gradients / (exp(-x) + 1)
        return gradients / (np.exp(-features) + one)
    return softplus_grad


def _softplus_grad_grad(op, grad):
    """TF's ``_SoftplusGradGrad``: (ddy, d2x) = (softplus_grad(grad, x), grad * dy / (e^-x + 2 + e^x))."""
    dy, x = op._inputs
    with op._graph.control_dependencies([grad]):
        ddy = softplus_grad(grad, x)
        d2x = grad * dy / (math_ops.exp(-x) + 2.0 + math_ops.exp(x))
        return ddy, d2x


SOFTPLUS_GRAD = _backprop_def("SoftplusGrad", ("gradients", "features"), _FLOATS, _softplus_grad_kernel,
                              _softplus_grad_grad)


def softplus_grad(gradients, features, name: str | None = None) -> Tensor:
    """``gradients / (exp(-features) + 1)`` (op type ``SoftplusGrad``)."""
    return _apply(SOFTPLUS_GRAD, [gradients, features], name)


def _softsign_grad_kernel(op):
    one = _np(op)(1)

    def softsign_grad(gradients, features):  # TF: gradients / (|x| + 1)^2
        return gradients / np.square(np.abs(features) + one)
    return softsign_grad


SOFTSIGN_GRAD = _backprop_def("SoftsignGrad", ("gradients", "features"), _FLOATS, _softsign_grad_kernel)


def softsign_grad(gradients, features, name: str | None = None) -> Tensor:
    """``gradients / (1 + |features|) ** 2`` (op type ``SoftsignGrad``; TF has no second derivative)."""
    return _apply(SOFTSIGN_GRAD, [gradients, features], name)


# -- LeakyReluGrad --------------------------------------------------------------------------------
def _leaky_relu_grad_kernel(op):
    np_type = _np(op)
    alpha, zero = np_type(np.float32(op._attrs["alpha"])), np_type(0)  # a float32 attr, cast to T

    def leaky_relu_grad(gradients, features):  # TF: (x > 0).select(gradients, gradients * alpha)
        return np.where(features > zero, gradients, gradients * alpha)
    return leaky_relu_grad


def _leaky_relu_grad_grad(op, grad):
    x = op._inputs[1]
    return leaky_relu_grad(grad, x, alpha=op._attrs["alpha"]), array_ops.zeros_like(x)


LEAKY_RELU_GRAD = _backprop_def("LeakyReluGrad", ("gradients", "features"), _FLOATS, _leaky_relu_grad_kernel,
                                _leaky_relu_grad_grad)


def leaky_relu_grad(gradients, features, alpha: float = 0.2, name: str | None = None) -> Tensor:
    """``gradients`` where ``features > 0``, else ``alpha * gradients`` (op type ``LeakyReluGrad``)."""
    return _apply(LEAKY_RELU_GRAD, [gradients, features], name, {"alpha": float(alpha)})


# -- SigmoidGrad, TanhGrad (TF's math_grad; the forward ops live in nn_ops) -------------------------
def _sigmoid_grad_kernel(op):
    one = _np(op)(1)

    def sigmoid_grad(y, dy):  # TF's packet op: dy * (y * (1 - y))
        return dy * (y * (one - y))
    return sigmoid_grad


def _sigmoid_grad_grad(op, grad):
    """TF's ``_SigmoidGradGrad``."""
    with op._graph.control_dependencies([grad]):
        a = math_ops.conj(op._inputs[0])
        b = math_ops.conj(op._inputs[1])
        gb = grad * b
        return gb - 2.0 * gb * a, sigmoid_grad(a, grad)


SIGMOID_GRAD = _backprop_def("SigmoidGrad", ("y", "dy"), _FLOAT_COMPLEX, _sigmoid_grad_kernel, _sigmoid_grad_grad)


def sigmoid_grad(y, dy, name: str | None = None) -> Tensor:
    """``dy * y * (1 - y)`` for ``y = sigmoid(x)`` (TF's ``gen_math_ops.sigmoid_grad``; op type ``SigmoidGrad``)."""
    return _apply(SIGMOID_GRAD, [y, dy], name)


def _tanh_grad_kernel(op):
    one = _np(op)(1)

    def tanh_grad(y, dy):  # TF's packet op: dy * (1 - y * y)
        return dy * (one - y * y)
    return tanh_grad


def _tanh_grad_grad(op, grad):
    """TF's ``_TanhGradGrad``."""
    with op._graph.control_dependencies([grad]):
        a = math_ops.conj(op._inputs[0])
        b = math_ops.conj(op._inputs[1])
        return grad * -2.0 * b * a, tanh_grad(a, grad)


TANH_GRAD = _backprop_def("TanhGrad", ("y", "dy"), _FLOAT_COMPLEX, _tanh_grad_kernel, _tanh_grad_grad)


def tanh_grad(y, dy, name: str | None = None) -> Tensor:
    """``dy * (1 - y * y)`` for ``y = tanh(x)`` (TF's ``gen_math_ops.tanh_grad``; op type ``TanhGrad``)."""
    return _apply(TANH_GRAD, [y, dy], name)


# -- BiasAddGrad ----------------------------------------------------------------------------------
def _bias_add_grad_infer(inputs, attrs):
    (out_backprop,) = inputs
    attrs["T"] = dtype = _checked_dtype(out_backprop, "out_backprop", _NUMBERS)
    channels_first = attrs.setdefault("data_format", "NHWC") == "NCHW"
    dims = out_backprop._dims
    if dims is None:
        return [(dtype, (None,))]
    if len(dims) < (3 if channels_first else 2):
        raise _rank_error("BiasAddGrad", out_backprop, "at least rank", 3 if channels_first else 2)
    return [(dtype, (dims[1] if channels_first else dims[-1],))]


def _bias_add_grad_kernel(op):
    channels_first = op._attrs["data_format"] == "NCHW"

    def bias_add_grad(out_backprop):  # the sum over every axis but the channel axis
        axes = tuple(a for a in range(out_backprop.ndim) if a != (1 if channels_first else out_backprop.ndim - 1))
        return np.sum(out_backprop, axis=axes, dtype=out_backprop.dtype)
    return bias_add_grad


def _bias_add_grad_grad(op, received_grad):
    """TF's ``_BiasAddGradGrad``: tile the bias-shaped gradient back to the shape of ``out_backprop``."""
    shape = array_ops.shape(op._inputs[0])
    bias_shape = array_ops.shape(received_grad)
    if op._attrs["data_format"] == "NCHW":
        expanded_shape = array_ops.concat([array_ops.ones_like(shape[:1]), bias_shape,
                                           array_ops.ones_like(shape[2:])], 0)
        tile_mults = array_ops.concat([shape[:1], [1], shape[2:]], 0)
    else:
        expanded_shape = array_ops.concat([array_ops.ones_like(shape[:-1]), bias_shape], 0)
        tile_mults = array_ops.concat([shape[:-1], [1]], 0)
    expanded_grad = array_ops.reshape(received_grad, expanded_shape)
    return array_ops.tile(expanded_grad, tile_mults)


BIAS_ADD_GRAD = register("BiasAddGrad", infer=_bias_add_grad_infer, kernel=_bias_add_grad_kernel,
                         gradient=_bias_add_grad_grad)


def bias_add_grad(out_backprop, data_format: str = "NHWC", name: str | None = None) -> Tensor:
    """The bias gradient of ``BiasAdd``: ``out_backprop`` summed over all but the channel axis
    (TF's ``gen_nn_ops.bias_add_grad``; op type ``BiasAddGrad``)."""
    return _apply(BIAS_ADD_GRAD, [out_backprop], name, {"data_format": data_format})
