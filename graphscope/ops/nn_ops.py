"""Neural-network ops: activations, softmax, cross entropies, ``bias_add``, ``l2_loss``, ``dropout``.

Each op type is one registered definition: its shape/dtype rule, its numpy kernel and (next issue) its
gradient, side by side. The kernels compute what TensorFlow's CPU kernels compute, in the input's
dtype and with the same formulas (``softmax`` subtracts the row maximum, ``sigmoid`` saturates to
0 and 1 without NaN, ``relu`` propagates NaN). Functions built by TensorFlow from several ops
(``sigmoid_cross_entropy_with_logits``, ``xw_plus_b``, ``dropout``, ...) are built from the same ops
here, under the same name scopes, so the graph reads like TensorFlow's.

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

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.ops import array_ops, math_ops
from graphscope.ops._stand_ins import function
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.registry import register
from graphscope.shapes import broadcast_dims
from graphscope.tensor import Tensor

__all__ = ["sigmoid", "tanh"]  # the names TensorFlow also has at the top level (tf.sigmoid, tf.tanh)

# -- dtype rules ----------------------------------------------------------------------------------
# TF's allowed-type lists, in the order TF prints them ("... not in list of allowed values: ...").
_FLOAT_NAMES = "float16, bfloat16, float32, float64"
_FLOATS = frozenset({dtypes.float16, dtypes.float32, dtypes.float64})
_FLOAT_COMPLEX_NAMES = "bfloat16, float16, float32, float64, complex64, complex128"
_FLOAT_COMPLEX = _FLOATS | {dtypes.complex64, dtypes.complex128}
_REAL_NAMES = ("float32, float64, int32, uint8, int16, int8, int64, bfloat16, uint16, float16, uint32, "
               "uint64, qint8")
_REALS = _FLOATS | {dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.uint16,
                    dtypes.uint32, dtypes.uint64}
_NUMBER_NAMES = ("float32, float64, int32, uint8, int16, int8, complex64, int64, qint8, quint8, qint32, "
                 "bfloat16, qint16, quint16, uint16, complex128, float16, uint32, uint64")
_NUMBERS = _REALS | {dtypes.complex64, dtypes.complex128}
_INDEX_TYPES = frozenset({dtypes.int32, dtypes.int64})


def _checked_dtype(tensor: Tensor, param: str, allowed: frozenset, names: str) -> dtypes.DType:
    """The base dtype of ``tensor``; TypeError with TF's words when the op does not take it."""
    dtype = tensor._dtype.base_dtype
    if dtype not in allowed:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed values: %s"
                        % (param, dtype.name, names))
    return dtype


def _rank_error(op_type: str, tensor: Tensor, relation: str, rank: int) -> ValueError:
    dims = tensor._dims
    return ValueError("Shape must be %s %d but is rank %d for '%s' (op: '%s') with input shape %s (input %s)."
                      % (relation, rank, len(dims), op_type, op_type, tensor.shape, tensor.name))


def _unary_infer(param: str, allowed: frozenset, names: str):
    """Shape/dtype rule of an elementwise op of one input: same dtype (checked), same shape."""
    def infer(inputs, attrs):
        x = inputs[0]
        attrs["T"] = dtype = _checked_dtype(x, param, allowed, names)
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


def _cast(x, dtype, name=None):
    return function(math_ops, "cast")(x, dtype, name=name)


def _transpose(x, perm, name=None):
    return function(array_ops, "transpose")(x, perm, name="transpose" if name is None else name)


def _reshape(x, shape, name=None):
    return function(array_ops, "reshape")(x, shape, name=name)


def _np(op, attr: str = "T"):
    """The numpy scalar type of dtype attr ``attr`` of ``op`` (bound once per plan by kernels)."""
    return op._attrs[attr].as_numpy_dtype


# -- Relu -----------------------------------------------------------------------------------------
def _relu_kernel(op):
    zero, maximum = _np(op)(0), np.maximum

    def relu(features):  # maximum(0, x): NaN stays NaN and -0.0 stays -0.0, as TF's cwiseMax
        return maximum(zero, features)
    return relu


RELU = register("Relu", infer=_unary_infer("features", _REALS, _REAL_NAMES), kernel=_relu_kernel)


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


RELU6 = register("Relu6", infer=_unary_infer("features", _REALS, _REAL_NAMES), kernel=_relu6_kernel)


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


ELU = register("Elu", infer=_unary_infer("features", _FLOATS, _FLOAT_NAMES), kernel=_elu_kernel)


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


SOFTPLUS = register("Softplus", infer=_unary_infer("features", _FLOATS, _FLOAT_NAMES), kernel=_softplus_kernel)


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


LEAKY_RELU = register("LeakyRelu", infer=_unary_infer("features", _FLOATS, _FLOAT_NAMES),
                      kernel=_leaky_relu_kernel)


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
            features = _cast(features, dtypes.float32)
        if isinstance(alpha, np.ndarray):
            alpha = alpha.item()
        return apply_op(LEAKY_RELU, [features], {"alpha": float(alpha)}, name=scope)._outputs[0]


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


SIGMOID = register("Sigmoid", infer=_unary_infer("x", _FLOAT_COMPLEX, _FLOAT_COMPLEX_NAMES),
                   kernel=_sigmoid_kernel)


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


TANH = register("Tanh", infer=_unary_infer("x", _FLOAT_COMPLEX, _FLOAT_COMPLEX_NAMES), kernel=lambda op: np.tanh)


def tanh(x, name: str | None = None) -> Tensor:
    """Hyperbolic tangent (``tf.tanh``, ``tf.nn.tanh``; op type ``Tanh``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     t = tf.tanh(tf.constant([0.5], tf.float64))
    >>> t.name, t.dtype.name
    ('Tanh:0', 'float64')
    """
    return _apply_unary(TANH, x, name, "x")


# -- Softmax, LogSoftmax --------------------------------------------------------------------------
def _softmax_infer(inputs, attrs):
    logits = inputs[0]
    attrs["T"] = dtype = _checked_dtype(logits, "logits", _FLOATS, _FLOAT_NAMES)
    if logits._dims is not None and len(logits._dims) < 1:
        raise _rank_error("Softmax", logits, "at least rank", 1)
    return [(dtype, logits._dims)]


def _softmax_kernel(op):
    def softmax(logits):  # TF: e = exp(x - max(x)); e * (1 / sum(e)), along the last axis
        if not logits.size:
            return logits.copy()
        e = logits - logits.max(axis=-1, keepdims=True)  # a row of -inf gives NaN, as in TF
        np.exp(e, out=e)
        e *= np.reciprocal(e.sum(axis=-1, keepdims=True))
        return e
    return softmax


def _log_softmax_kernel(op):
    def log_softmax(logits):  # TF: s = x - max(x); s - log(sum(exp(s))), along the last axis
        if not logits.size:
            return logits.copy()
        shifted = logits - logits.max(axis=-1, keepdims=True)
        shifted -= np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        return shifted
    return log_softmax


SOFTMAX = register("Softmax", infer=_softmax_infer, kernel=_softmax_kernel)
LOG_SOFTMAX = register("LogSoftmax", infer=_softmax_infer, kernel=_log_softmax_kernel)


def _along_axis(op_def, logits, axis, name):
    """TF's ``_softmax`` wrapper: the op works on the last axis; another axis is swapped to the end
    and back with two transposes. No name scope: the op is 'Softmax' (or ``name``)."""
    logits = convert_to_tensor(logits)
    if axis is None:
        axis = -1
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
    swapped = _transpose(logits, perm)
    return _transpose(apply_op(op_def, [swapped])._outputs[0], perm, name=name)


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


# -- SoftmaxCrossEntropyWithLogits ----------------------------------------------------------------
def _xent_infer(inputs, attrs):
    features, labels = inputs
    attrs["T"] = dtype = _checked_dtype(features, "features", _FLOATS, _FLOAT_NAMES)
    if labels._dtype.base_dtype != dtype:
        raise TypeError("Input 'labels' of 'SoftmaxCrossEntropyWithLogits' Op has type %s that does not "
                        "match type %s of argument 'features'." % (labels._dtype.base_dtype.name, dtype.name))
    try:
        dims = broadcast_dims(features._dims, labels._dims)
    except ValueError:
        raise ValueError("SoftmaxCrossEntropyWithLogits: logits and labels must be broadcastable: logits shape "
                         "%s, labels shape %s" % (features.shape, labels.shape)) from None
    if dims is not None and len(dims) != 2:
        raise ValueError("Shape must be broadcasted with rank 2, but is rank %d (logits %s, labels %s)"
                         % (len(dims), features.shape, labels.shape))
    if dims is None:
        return [(dtype, (None,)), (dtype, (None, None))]
    return [(dtype, dims[:1]), (dtype, dims)]


def _xent_kernel(op):
    def softmax_cross_entropy(features, labels):
        """TF's xent_op.h: loss = sum(labels * (log(sum(exp(s))) - s)), s = x - max(x);
        backprop = exp(s) / sum(exp(s)) - labels."""
        if features.shape != labels.shape:
            features, labels = np.broadcast_arrays(features, labels)
        if not features.shape[1]:
            return np.zeros(features.shape[:1], features.dtype), np.zeros(features.shape, features.dtype)
        shifted = features - features.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        sum_exp = exp.sum(axis=1, keepdims=True)
        per_class = np.log(sum_exp) - shifted
        per_class *= labels
        exp /= sum_exp
        exp -= labels
        return per_class.sum(axis=1), exp
    return softmax_cross_entropy


SOFTMAX_CROSS_ENTROPY = register("SoftmaxCrossEntropyWithLogits", infer=_xent_infer, kernel=_xent_kernel)


def softmax_cross_entropy_with_logits_v2(labels, logits, axis: int | None = None, name: str | None = None,
                                         dim: int | None = None) -> Tensor:
    """Cross entropy between ``labels`` (a distribution over ``axis``) and ``softmax(logits)``.

    ``tf.nn.softmax_cross_entropy_with_logits_v2``: the op ``SoftmaxCrossEntropyWithLogits`` (two
    outputs: the loss and its gradient ``softmax - labels``) in scope
    'softmax_cross_entropy_with_logits'. Labels are cast to the logits' dtype; other ranks than 2
    are flattened to 2-D around the op and the loss reshaped back; float16 is computed in float32.
    Unlike v1, gradients flow into ``labels`` too (next issue).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     z = tf.placeholder(tf.float32, [4, 3])
    ...     loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.nn.softmax(z), logits=z)
    >>> loss.name, loss.shape.as_list(), len(loss.op.outputs)
    ('softmax_cross_entropy_with_logits:0', [4], 2)
    """
    axis = _axis_or_dim(axis, dim)
    if axis is None:
        axis = -1
    with op_scope(name, "softmax_cross_entropy_with_logits", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        _checked_dtype(logits, "features", _FLOATS, _FLOAT_NAMES)
        to_float32 = logits.dtype.base_dtype == dtypes.float16
        precise_logits = _cast(logits, dtypes.float32) if to_float32 else logits
        labels = _cast(labels, precise_logits.dtype.base_dtype)
        dims = logits._dims
        if dims is None:
            raise ValueError("softmax_cross_entropy_with_logits needs logits of known rank, got %s." % logits)
        rank = len(dims)
        if rank == 0:
            raise ValueError("Shape must be at least rank 1 but is rank 0 for logits %s." % logits)
        if not -rank <= axis < rank:
            raise ValueError("axis %d is out of range for logits of rank %d (%s)." % (axis, rank, logits))
        axis %= rank
        if axis != rank - 1:  # move the class axis to the end, as TF does
            perm = [d for d in range(rank) if d != axis] + [axis]
            precise_logits = _transpose(precise_logits, perm)
            labels = _transpose(labels, perm)
        outer = [d for i, d in enumerate(dims) if i != axis]
        if rank == 2:
            cost = apply_op(SOFTMAX_CROSS_ENTROPY, [precise_logits, labels], name=scope)._outputs[0]
        else:  # flatten the outer dims around the op, then give the loss its shape back
            classes = dims[axis]
            if outer.count(None) > 1 or (classes is None and None in outer):
                raise ValueError("softmax_cross_entropy_with_logits of rank %d needs all but one size known "
                                 "(logits %s)." % (rank, logits.shape))
            flat = [-1, classes] if classes is not None else [int(np.prod(outer, dtype=np.int64)), -1]
            cost = apply_op(SOFTMAX_CROSS_ENTROPY, [_reshape(precise_logits, flat), _reshape(labels, flat)],
                            name=scope)._outputs[0]
            cost = _reshape(cost, [-1 if d is None else d for d in outer])
        if to_float32:
            cost = _cast(cost, dtypes.float16)
        return cost


def softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, dim: int = -1,
                                      name: str | None = None, axis: int | None = None) -> Tensor:
    """TF1's ``tf.nn.softmax_cross_entropy_with_logits``: v2 with ``labels`` behind a stop_gradient
    ('softmax_cross_entropy_with_logits_sg/labels_stop_gradient'). Named arguments only.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     z = tf.placeholder(tf.float32, [4, 3])
    ...     loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax(z), logits=z)
    >>> loss.name
    'softmax_cross_entropy_with_logits_sg:0'
    """
    _ensure_xent_args("softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    dim = _axis_or_dim(axis, dim if dim != -1 else None)
    with op_scope(name, "softmax_cross_entropy_with_logits_sg", [logits, labels]) as scope:
        labels = array_ops.stop_gradient(labels, name="labels_stop_gradient")
    return softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=dim, name=scope)


def _ensure_xent_args(name: str, sentinel, labels, logits) -> None:
    if sentinel is not None:
        raise ValueError("Only call `%s` with named arguments (labels=..., logits=..., ...)" % name)
    if labels is None or logits is None:
        raise ValueError("Both labels and logits must be provided.")


# -- SparseSoftmaxCrossEntropyWithLogits ----------------------------------------------------------
def _sparse_xent_infer(inputs, attrs):
    features, labels = inputs
    attrs["T"] = dtype = _checked_dtype(features, "features", _FLOATS, _FLOAT_NAMES)
    attrs["Tlabels"] = _checked_dtype(labels, "labels", _INDEX_TYPES, "int32, int64")
    if features._dims is not None and len(features._dims) != 2:
        raise _rank_error("SparseSoftmaxCrossEntropyWithLogits", features, "rank", 2)
    if labels._dims is not None and len(labels._dims) != 1:
        raise _rank_error("SparseSoftmaxCrossEntropyWithLogits", labels, "rank", 1)
    batch = features._dims[0] if features._dims is not None else None
    label_batch = labels._dims[0] if labels._dims is not None else None
    if batch is not None and label_batch is not None and batch != label_batch:
        raise ValueError("Dimensions must be equal, but are %d and %d: logits and labels must have the same "
                         "first dimension (logits shape %s, labels shape %s)"
                         % (batch, label_batch, features.shape, labels.shape))
    batch = batch if batch is not None else label_batch
    classes = features._dims[1] if features._dims is not None else None
    return [(dtype, (batch,)), (dtype, (batch, classes))]


def _sparse_xent_kernel(op):
    def sparse_softmax_cross_entropy(features, labels):
        """TF's sparse_xent_op.h: loss = log(sum(exp(s))) - s[label], s = x - max(x);
        backprop = softmax - one_hot(label)."""
        batch, classes = features.shape
        if labels.shape[0] != batch:
            raise InvalidArgumentError(None, op, "logits and labels must have the same first dimension, got "
                                       "logits shape %s and labels shape %s"
                                       % (list(features.shape), list(labels.shape)))
        if labels.size:
            low, high = labels.min(), labels.max()
            if low < 0 or high >= classes:
                raise InvalidArgumentError(None, op, "Received a label value of %d which is outside the valid "
                                           "range of [0, %d).  Label values: %s" % (
                                               low if low < 0 else high, classes,
                                               " ".join(str(v) for v in labels.tolist())))
        if not batch:
            return np.zeros((0,), features.dtype), np.zeros(features.shape, features.dtype)
        rows = np.arange(batch)
        shifted = features - features.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        sum_exp = exp.sum(axis=1)
        loss = np.log(sum_exp) - shifted[rows, labels]
        exp /= sum_exp[:, None]
        exp[rows, labels] -= features.dtype.type(1)
        return loss, exp
    return sparse_softmax_cross_entropy


SPARSE_SOFTMAX_CROSS_ENTROPY = register("SparseSoftmaxCrossEntropyWithLogits", infer=_sparse_xent_infer,
                                        kernel=_sparse_xent_kernel)


def sparse_softmax_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None,
                                             name: str | None = None) -> Tensor:
    """Cross entropy of integer class ``labels`` (shape ``logits.shape[:-1]``) against ``softmax(logits)``.

    ``tf.nn.sparse_softmax_cross_entropy_with_logits``: the op ``SparseSoftmaxCrossEntropyWithLogits``
    named 'SparseSoftmaxCrossEntropyWithLogits/SparseSoftmaxCrossEntropyWithLogits' as in TF. A label
    outside ``[0, classes)`` raises InvalidArgumentError at run time.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     z = tf.placeholder(tf.float32, [4, 3])
    ...     loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 2, 1, 1], logits=z)
    >>> loss.name, loss.shape.as_list()
    ('SparseSoftmaxCrossEntropyWithLogits/SparseSoftmaxCrossEntropyWithLogits:0', [4])
    """
    _ensure_xent_args("sparse_softmax_cross_entropy_with_logits", _sentinel, labels, logits)
    with op_scope(name, "SparseSoftmaxCrossEntropyWithLogits", [labels, logits]):
        labels = convert_to_tensor(labels)
        logits = convert_to_tensor(logits)
        _checked_dtype(logits, "features", _FLOATS, _FLOAT_NAMES)
        is_half = logits.dtype.base_dtype == dtypes.float16
        precise_logits = _cast(logits, dtypes.float32) if is_half else logits
        label_dims, logit_dims = labels._dims, logits._dims
        if logit_dims is not None and len(logit_dims) == 0:
            raise ValueError("`logits` cannot be a scalar. Received logits=%s`" % logits)
        if logit_dims is not None and label_dims is not None and len(label_dims) != len(logit_dims) - 1:
            raise ValueError("`labels.shape.rank` must equal `logits.shape.rank - 1`. Received: labels.shape=%s "
                             "of rank %d and logits.shape=%s of rank %d"
                             % (labels.shape, len(label_dims), logits.shape, len(logit_dims)))
        if (label_dims is not None and logit_dims is not None and None not in label_dims
                and None not in logit_dims[:-1] and label_dims != logit_dims[:-1]):
            raise ValueError("`labels.shape` must equal `logits.shape` except for the last dimension. Received: "
                             "labels.shape=%s and logits.shape=%s" % (labels.shape, logits.shape))
        if logit_dims is not None and len(logit_dims) == 2:
            cost = apply_op(SPARSE_SOFTMAX_CROSS_ENTROPY, [precise_logits, labels],
                            name=name or "SparseSoftmaxCrossEntropyWithLogits")._outputs[0]
        else:
            if logit_dims is None or logit_dims[-1] is None or (label_dims or (None,)).count(None) > 1:
                raise ValueError("sparse_softmax_cross_entropy_with_logits: logits of rank other than 2 need a "
                                 "known rank and class count (logits %s, labels %s)." % (logits, labels))
            flat_logits = _reshape(precise_logits, [-1, logit_dims[-1]])
            flat_labels = _reshape(labels, [-1])
            cost = apply_op(SPARSE_SOFTMAX_CROSS_ENTROPY, [flat_logits, flat_labels],
                            name=name or "SparseSoftmaxCrossEntropyWithLogits")._outputs[0]
            cost = _reshape(cost, [-1 if d is None else d for d in label_dims])
        return _cast(cost, dtypes.float16) if is_half else cost


# -- L2Loss, BiasAdd ------------------------------------------------------------------------------
def _l2_loss_infer(inputs, attrs):
    attrs["T"] = dtype = _checked_dtype(inputs[0], "t", _FLOATS, _FLOAT_NAMES)
    return [(dtype, ())]


def _l2_loss_kernel(op):
    half = _np(op)(0.5)

    def l2_loss(t):  # TF: sum(t ** 2 * 0.5); halving is exact, so sum first
        return np.sum(np.square(t)) * half
    return l2_loss


L2_LOSS = register("L2Loss", infer=_l2_loss_infer, kernel=_l2_loss_kernel)


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
    attrs["T"] = dtype = _checked_dtype(value, "value", _NUMBERS, _NUMBER_NAMES)
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


BIAS_ADD = register("BiasAdd", infer=_bias_add_infer, kernel=_bias_add_kernel)


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


