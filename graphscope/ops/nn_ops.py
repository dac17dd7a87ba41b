"""Neural-network ops: activations, ``bias_add``, ``l2_loss`` (softmax: ``softmax_ops``, re-exported here;
cross entropies: ``xent_ops``).

Each op type is one registered definition: its shape/dtype rule, its numpy kernel and its gradient
rule (TensorFlow's ``nn_grad.py``, and ``math_grad.py`` for Sigmoid and Tanh), side by side; the
backprop ops the rules build (``ReluGrad``, ``SigmoidGrad``, ``BiasAddGrad``, ...) are defined in
:mod:`graphscope.ops.nn_grad_ops`. The kernels compute what TensorFlow's CPU kernels compute, in the
input's dtype and with the same formulas (``softmax`` subtracts the row maximum, ``sigmoid`` saturates to
0 and 1 without NaN, ``relu`` propagates NaN). The functions TensorFlow builds from several ops
(``sigmoid_cross_entropy_with_logits``, ``xw_plus_b``, ``dropout``, ...) are in
:mod:`graphscope.ops.nn_impl`, built from the same ops under the same name scopes.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 3], name="x")
...     y = tf.nn.softmax(tf.nn.relu(x))
...     loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=x)
>>> y.name, y.op.type, y.shape.as_list()
('Softmax:0', 'Softmax', [None, 3])
>>> loss.name, loss.op.type
('logistic_loss:0', 'AddV2')
"""
from __future__ import annotations

import functools

import numpy as np

from graphscope import dtypes
from graphscope.ops import math_ops
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.math_ops import AllowedTypes
from graphscope.ops.registry import register
from graphscope.tensor import Tensor

__all__ = ["sigmoid", "tanh"]  # the names TensorFlow also has at the top level (tf.sigmoid, tf.tanh)

# -- dtype rules: TF's allowed-type lists, in the order TF prints them -----------------------------
_FLOATS = AllowedTypes("float16, bfloat16, float32, float64")
_FLOAT_COMPLEX = AllowedTypes("bfloat16, float16, float32, float64, complex64, complex128")
_REALS = AllowedTypes("float32, float64, int32, uint8, int16, int8, int64, bfloat16, uint16, float16, uint32, "
                      "uint64, qint8")
_NUMBERS = AllowedTypes("float32, float64, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, "
                        "bfloat16, qint16, quint16, uint16, complex128, float16, uint32, uint64")
_INDEX_TYPES = AllowedTypes("int32, int64")


def _checked_dtype(tensor: Tensor, param: str, allowed: AllowedTypes) -> dtypes.DType:
    """The base dtype of ``tensor``; TypeError with TF's words when the op does not take it."""
    dtype = tensor._dtype.base_dtype
    allowed.check(param, dtype)
    return dtype


def _rank_error(op_type: str, tensor: Tensor, relation: str, rank: int) -> ValueError:
    dims = tensor._dims
    return ValueError("Shape must be %s %d but is rank %d for '%s' (op: '%s') with input shape %s (input %s)."
                      % (relation, rank, len(dims), op_type, op_type, tensor.shape, tensor.name))


def _unary_infer(param: str, allowed: AllowedTypes):
    """Shape/dtype rule of an elementwise op of one input: same dtype (checked), same shape."""
    def infer(inputs, attrs):
        x = inputs[0]
        attrs["T"] = dtype = _checked_dtype(x, param, allowed)
        return [(dtype, x._dims)]
    return infer


def _apply_unary(op_def, x, name, param: str):
    """Apply a one-input op as TF's generated wrappers do: named after its type unless ``name`` is
    given; a Python value becomes a constant ``<Op>/<param>``."""
    if type(x) is Tensor:
        return apply_op(op_def, [x], name=op_def.type if name is None else name)._outputs[0]
    with op_scope(name, op_def.type, [x]) as scope:
        x = convert_to_tensor(x, name=param)
        return apply_op(op_def, [x], name=scope)._outputs[0]


def _np(op, attr: str = "T"):
    """The numpy scalar type of dtype attr ``attr`` of ``op`` (bound once per plan by kernels)."""
    return op._attrs[attr].as_numpy_dtype


# -- Relu -----------------------------------------------------------------------------------------
def _relu_kernel(op):
    # maximum(0, x): NaN stays NaN and -0.0 stays -0.0, as TF's cwiseMax. A ufunc with its first
    # operand bound, so a plan may pass out= (graphscope.inplace).
    return functools.partial(np.maximum, _np(op)(0))


def _relu_gradient(op, grad):
    """TF's ``_ReluGrad``: ``ReluGrad(grad, relu(x))``, so relu'(0) = 0."""
    return _grad_ops.relu_grad(grad, op._outputs[0])


RELU = register("Relu", infer=_unary_infer("features", _REALS), kernel=_relu_kernel, gradient=_relu_gradient)


def relu(features, name: str | None = None) -> Tensor:
    """``max(features, 0)`` elementwise (``tf.nn.relu``; op type ``Relu``). NaN stays NaN.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     r = tf.nn.relu(tf.constant([-1.0, 2.0]))
    >>> r.name, r.op.type, r.op.get_attr("T").name
    ('Relu:0', 'Relu', 'float32')
    """
    return _apply_unary(RELU, features, name, "features")


def _relu6_kernel(op):
    np_type = _np(op)
    zero, six = np_type(0), np_type(6)

    def relu6(features):
        return np.minimum(np.maximum(zero, features), six)
    return relu6


def _relu6_gradient(op, grad):
    """TF's ``_Relu6Grad``: ``Relu6Grad(grad, relu6(x))``: 0 at and beyond 0 and 6."""
    return _grad_ops.relu6_grad(grad, op._outputs[0])


RELU6 = register("Relu6", infer=_unary_infer("features", _REALS), kernel=_relu6_kernel, gradient=_relu6_gradient)


def relu6(features, name: str | None = None) -> Tensor:
    """``min(max(features, 0), 6)`` (``tf.nn.relu6``; op type ``Relu6`` in scope 'Relu6').

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     r = tf.nn.relu6([1.0, 9.0])
    >>> r.name, r.op.inputs[0].name
    ('Relu6:0', 'Relu6/features:0')
    """
    with op_scope(name, "Relu6", [features]) as scope:
        features = convert_to_tensor(features, name="features")
        return apply_op(RELU6, [features], name=scope)._outputs[0]


# -- Elu, Softplus, LeakyRelu ---------------------------------------------------------------------
def _elu_kernel(op):
    np_type = _np(op)
    zero, one = np_type(0), np_type(1)

    def elu(features):  # TF: (x < 0).select(exp(x) - 1, x); exp(min(x, 0)) never overflows
        return np.where(features < zero, np.exp(np.minimum(features, zero)) - one, features)
    return elu


def _elu_gradient(op, grad):
    """TF's ``_EluGrad``: ``EluGrad(grad, elu(x))``."""
    return _grad_ops.elu_grad(grad, op._outputs[0])


ELU = register("Elu", infer=_unary_infer("features", _FLOATS), kernel=_elu_kernel, gradient=_elu_gradient)


def elu(features, name: str | None = None) -> Tensor:
    """``exp(x) - 1`` where ``x < 0``, else ``x`` (``tf.nn.elu``; op type ``Elu``)."""
    return _apply_unary(ELU, features, name, "features")


def _softplus_kernel(op):
    np_type = _np(op)
    # TF's softplus_op.h: past these thresholds softplus(x) equals x (or exp(x)) to machine precision.
    threshold = np_type(np.log(np.finfo(np_type).eps) + 2)
    upper = -threshold

    def softplus(features):  # exp(x) may overflow to inf where x itself is the answer
        exp = np.exp(features)
        return np.where(features > upper, features, np.where(features < threshold, exp, np.log1p(exp)))
    return softplus


def _softplus_gradient(op, grad):
    """TF's ``_SoftplusGrad``: ``grad * sigmoid(x)`` (ops 'Sigmoid' and 'mul'). TF no longer builds the
    ``SoftplusGrad`` op here; it is still defined, with its own gradient, in ``nn_grad_ops``."""
    return grad * sigmoid(op._inputs[0])


SOFTPLUS = register("Softplus", infer=_unary_infer("features", _FLOATS), kernel=_softplus_kernel,
                    gradient=_softplus_gradient)


def softplus(features, name: str | None = None) -> Tensor:
    """``log(exp(features) + 1)`` computed without overflow (``tf.nn.softplus``; op type ``Softplus``)."""
    return _apply_unary(SOFTPLUS, features, name, "features")


def _leaky_relu_kernel(op):
    # TF's alpha attr is a 32-bit float, cast to T: in float64, alpha=0.2 is 0.20000000298023224.
    alpha = _np(op)(np.float32(op._attrs["alpha"]))
    zero = _np(op)(0)
    if 0 <= alpha <= 1:
        def leaky_relu(features):  # equals (x > 0).select(x, alpha * x) for 0 <= alpha <= 1
            return np.maximum(features, features * alpha)
    else:
        def leaky_relu(features):
            return np.where(features > zero, features, features * alpha)
    return leaky_relu


def _leaky_relu_gradient(op, grad):
    """TF's ``_LeakyReluGrad``: ``LeakyReluGrad(grad, x, alpha)``."""
    return _grad_ops.leaky_relu_grad(grad, op._inputs[0], alpha=op._attrs["alpha"])


LEAKY_RELU = register("LeakyRelu", infer=_unary_infer("features", _FLOATS),
                      kernel=_leaky_relu_kernel, gradient=_leaky_relu_gradient)


def leaky_relu(features, alpha: float = 0.2, name: str | None = None) -> Tensor:
    """``x`` where ``x > 0``, else ``alpha * x`` (``tf.nn.leaky_relu``; op type ``LeakyRelu``).

    Integer features are cast to float32 first, as TensorFlow does.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     y = tf.nn.leaky_relu(tf.constant([-1.0, 1.0]), alpha=0.1)
    >>> y.name, y.op.get_attr("alpha")
    ('LeakyRelu:0', 0.1)
    """
    with op_scope(name, "LeakyRelu", [features, alpha]) as scope:
        features = convert_to_tensor(features, name="features")
        if features.dtype.is_integer:
            features = math_ops.cast(features, dtypes.float32)
        if isinstance(alpha, np.ndarray):
            alpha = alpha.item()
        return apply_op(LEAKY_RELU, [features], {"alpha": float(alpha)}, name=scope)._outputs[0]


def _selu_kernel(op):
    np_type = _np(op)
    # TF's constants: alpha and scale of Klambauer et al. (2017), in the dtype of the features.
    scale, scale_alpha = np_type(1.0507009873554804934193349852946), np_type(1.7580993408473768599402175208123)
    zero, one = np_type(0), np_type(1)

    def selu(features):  # TF: (x < 0).select(scale * alpha * (exp(x) - 1), scale * x)
        return np.where(features < zero, scale_alpha * (np.exp(np.minimum(features, zero)) - one), scale * features)
    return selu


def _selu_gradient(op, grad):
    """TF's ``_SeluGrad``: ``SeluGrad(grad, selu(x))``."""
    return _grad_ops.selu_grad(grad, op._outputs[0])


SELU = register("Selu", infer=_unary_infer("features", _FLOATS), kernel=_selu_kernel, gradient=_selu_gradient)


def selu(features, name: str | None = None) -> Tensor:
    """Scaled exponential linear unit: ``scale * x`` where ``x > 0``, else ``scale * alpha * (exp(x) - 1)``
    (``tf.nn.selu``; op type ``Selu``)."""
    return _apply_unary(SELU, features, name, "features")


def _softsign_kernel(op):
    one = _np(op)(1)

    def softsign(features):
        return features / (one + np.abs(features))
    return softsign


def _softsign_gradient(op, grad):
    """TF's ``_SoftsignGrad``: ``SoftsignGrad(grad, x)``."""
    return _grad_ops.softsign_grad(grad, op._inputs[0])


SOFTSIGN = register("Softsign", infer=_unary_infer("features", _FLOATS), kernel=_softsign_kernel,
                    gradient=_softsign_gradient)


def softsign(features, name: str | None = None) -> Tensor:
    """``x / (1 + |x|)`` (``tf.nn.softsign``; op type ``Softsign``)."""
    return _apply_unary(SOFTSIGN, features, name, "features")


# -- Sigmoid, Tanh --------------------------------------------------------------------------------
def _sigmoid_kernel(op):
    one = _np(op)(1)

    def sigmoid(x):  # 1 / (1 + exp(-x)): exp(-x) = inf for very negative x gives exactly 0, no NaN
        e = np.exp(-x)
        if type(e) is np.ndarray:
            e += one
            return np.divide(one, e, out=e)
        return one / (one + e)
    return sigmoid


def _sigmoid_gradient(op, grad):
    """TF's ``_SigmoidGrad`` (math_grad): ``SigmoidGrad(y, grad)`` with ``y = sigmoid(x)``."""
    with op._graph.control_dependencies([grad]):
        return _grad_ops.sigmoid_grad(math_ops.conj(op._outputs[0]), grad)


SIGMOID = register("Sigmoid", infer=_unary_infer("x", _FLOAT_COMPLEX),
                   kernel=_sigmoid_kernel, gradient=_sigmoid_gradient)


def sigmoid(x, name: str | None = None) -> Tensor:
    """``1 / (1 + exp(-x))`` (``tf.sigmoid``, ``tf.nn.sigmoid``; op type ``Sigmoid``).

    Saturates to exactly 0 and 1 for large ``|x|`` without overflow or NaN.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     s = tf.sigmoid([-100.0, 0.0, 100.0])
    ...     values = tf.Session().run(s)
    >>> s.name, s.op.inputs[0].name, values
    ('Sigmoid:0', 'Sigmoid/x:0', array([0. , 0.5, 1. ], dtype=float32))
    """
    with op_scope(name, "Sigmoid", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return apply_op(SIGMOID, [x], name=scope)._outputs[0]


def _tanh_gradient(op, grad):
    """TF's ``_TanhGrad`` (math_grad): ``TanhGrad(y, grad)`` with ``y = tanh(x)``."""
    with op._graph.control_dependencies([grad]):
        return _grad_ops.tanh_grad(math_ops.conj(op._outputs[0]), grad)


TANH = register("Tanh", infer=_unary_infer("x", _FLOAT_COMPLEX), kernel=lambda op: np.tanh,
                gradient=_tanh_gradient)


def tanh(x, name: str | None = None) -> Tensor:
    """Hyperbolic tangent (``tf.tanh``, ``tf.nn.tanh``; op type ``Tanh``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     t = tf.tanh(tf.constant([0.5], tf.float64))
    >>> t.name, t.dtype.name
    ('Tanh:0', 'float64')
    """
    return _apply_unary(TANH, x, name, "x")


# -- L2Loss, BiasAdd ------------------------------------------------------------------------------
def _l2_loss_infer(inputs, attrs):
    attrs["T"] = dtype = _checked_dtype(inputs[0], "t", _FLOATS)
    return [(dtype, ())]


def _l2_loss_kernel(op):
    half = _np(op)(0.5)

    def l2_loss(t):  # TF: sum(t ** 2 * 0.5); halving is exact, so sum first
        return np.sum(np.square(t)) * half
    return l2_loss


def _l2_loss_gradient(op, grad):
    """TF's ``_L2LossGrad``: ``x * grad``."""
    return op._inputs[0] * grad


L2_LOSS = register("L2Loss", infer=_l2_loss_infer, kernel=_l2_loss_kernel, gradient=_l2_loss_gradient)


def l2_loss(t, name: str | None = None) -> Tensor:
    """``sum(t ** 2) / 2``, a scalar (``tf.nn.l2_loss``; op type ``L2Loss``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     w = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    ...     loss = tf.nn.l2_loss(w)
    ...     value = tf.Session().run(loss)
    >>> loss.name, loss.shape.as_list(), value
    ('L2Loss:0', [], np.float32(15.0))
    """
    return _apply_unary(L2_LOSS, t, name, "t")


def _bias_add_infer(inputs, attrs):
    value, bias = inputs
    attrs["T"] = dtype = _checked_dtype(value, "value", _NUMBERS)
    if bias._dtype.base_dtype != dtype:
        raise TypeError("Input 'bias' of 'BiasAdd' Op has type %s that does not match type %s of argument "
                        "'value'." % (bias._dtype.base_dtype.name, dtype.name))
    data_format = attrs.setdefault("data_format", "NHWC")
    channels_first = data_format == "NCHW"
    dims = value._dims
    if dims is not None and len(dims) < (3 if channels_first else 2):
        raise _rank_error("BiasAdd", value, "at least rank", 3 if channels_first else 2)
    if bias._dims is not None and len(bias._dims) != 1:
        raise _rank_error("BiasAdd", bias, "rank", 1)
    if dims is None:
        return [(dtype, None)]
    axis = 1 if channels_first else len(dims) - 1
    size, bias_size = dims[axis], bias._dims[0] if bias._dims is not None else None
    if size is not None and bias_size is not None and size != bias_size:
        raise ValueError("Dimensions must be equal, but are %d and %d for 'BiasAdd' with input shapes: %s, %s."
                         % (size, bias_size, value.shape, bias.shape))
    out = list(dims)
    out[axis] = size if size is not None else bias_size
    return [(dtype, tuple(out))]


def _bias_add_kernel(op):
    if op._attrs["data_format"] != "NCHW":
        return np.add

    def bias_add_channels_first(value, bias):
        return value + bias.reshape((-1,) + (1,) * (value.ndim - 2))
    return bias_add_channels_first


def _bias_add_gradient(op, received_grad):
    """TF's ``_BiasAddGrad``: the value gets the gradient itself, the bias ``BiasAddGrad`` of it (the
    sum over every axis but the channel axis)."""
    return received_grad, _grad_ops.bias_add_grad(received_grad, data_format=op._attrs["data_format"])


BIAS_ADD = register("BiasAdd", infer=_bias_add_infer, kernel=_bias_add_kernel, gradient=_bias_add_gradient)


def bias_add(value, bias, data_format: str | None = None, name: str | None = None) -> Tensor:
    """``value + bias`` with the 1-D ``bias`` along the channel axis: the last one (``"N...C"``,
    default) or axis 1 (``"NC..."``). ``tf.nn.bias_add``; op type ``BiasAdd`` in scope 'BiasAdd'.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     y = tf.nn.bias_add(tf.placeholder(tf.float32, [None, 3]), [0.1, 0.2, 0.3])
    >>> y.name, y.op.inputs[1].name, y.op.get_attr("data_format")
    ('BiasAdd:0', 'BiasAdd/bias:0', 'NHWC')
    """
    with op_scope(name, "BiasAdd", [value, bias]) as scope:
        if data_format is not None:
            if data_format.startswith("NC"):
                data_format = "NCHW"
            elif data_format.startswith("N") and data_format.endswith("C"):
                data_format = "NHWC"
            else:
                raise ValueError("`data_format` must be of the form `N...C` or `NC...`. Received: data_format=%s"
                                 % data_format)
        value = convert_to_tensor(value, name="input")
        bias = convert_to_tensor(bias, dtype=value.dtype.base_dtype, name="bias")
        attrs = {} if data_format is None else {"data_format": data_format}
        return apply_op(BIAS_ADD, [value, bias], attrs, name=scope)._outputs[0]


# The backprop op types the gradient rules above build; they need this module's dtype lists.
from graphscope.ops import nn_grad_ops as _grad_ops  # noqa: E402

# Softmax and LogSoftmax (and the row helpers xent_ops uses); they need this module's dtype rules.
from graphscope.ops.softmax_ops import (  # noqa: E402,F401
    LOG_SOFTMAX, SOFTMAX, _along_axis, _along_rows, _axis_or_dim, _log_softmax_gradient, _log_softmax_kernel,
    _softmax_gradient, _softmax_infer, _softmax_kernel, _swap_last, classes_first, log_softmax, row_max, row_sum,
    rows_last, softmax,
)
