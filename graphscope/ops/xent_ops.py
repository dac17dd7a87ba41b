"""Softmax cross entropies: ``SoftmaxCrossEntropyWithLogits`` and ``SparseSoftmaxCrossEntropyWithLogits``.

Each op has two outputs, the loss per example and its gradient with respect to the logits
(``softmax - labels``), computed as TensorFlow's CPU kernels compute them (the row maximum
subtracted first, so large logits give finite losses). The ``tf.nn`` functions around them cast,
transpose and reshape as TensorFlow's do, so any rank and class axis works.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=[[0.0, 1.0, 0.0]], logits=[[1000.0, 0.0, -5.0]])
...     value = tf.Session().run(loss)
>>> loss.op.type, value
('SoftmaxCrossEntropyWithLogits', array([1000.], dtype=float32))
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.graph import get_default_graph
from graphscope.ops import array_ops, math_ops, nn_ops
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.nn_ops import (
    _FLOATS,
    _INDEX_TYPES,
    _axis_or_dim,
    _checked_dtype,
    _rank_error,
)
from graphscope.ops.registry import register
from graphscope.ops.tensor_util import constant_value
from graphscope.shapes import broadcast_dims
from graphscope.tensor import Tensor

__all__: list = []  # tf.nn.* only (see graphscope/nn.py)


# -- SoftmaxCrossEntropyWithLogits ----------------------------------------------------------------
def _xent_infer(inputs, attrs):
    features, labels = inputs
    attrs["T"] = dtype = _checked_dtype(features, "features", _FLOATS)
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
        shifted = nn_ops.classes_first(features)  # [classes, batch], for few classes
        if shifted is not None:
            labels = np.ascontiguousarray(labels.T)
            shifted -= np.maximum.reduce(shifted, axis=0)
            exp = np.exp(shifted)
            sum_exp = np.add.reduce(exp, axis=0)
            per_class = np.log(sum_exp) - shifted
            per_class *= labels
            exp /= sum_exp
            exp -= labels
            return np.add.reduce(per_class, axis=0), nn_ops.rows_last(exp, features.shape)
        shifted = features - features.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        sum_exp = exp.sum(axis=1, keepdims=True)
        per_class = np.log(sum_exp) - shifted
        per_class *= labels
        exp /= sum_exp
        exp -= labels
        return per_class.sum(axis=1), exp
    return softmax_cross_entropy


def _broadcast_mul(vec, mat):
    """TF's ``_BroadcastMul``: ``vec`` [B] times each row of ``mat`` [B, C]."""
    return array_ops.expand_dims(vec, -1) * mat


def _is_zeros(tensor) -> bool:
    """Whether ``tensor`` is known to be all zeros when the graph is built (TF tags the zeros the
    gradient walker makes for unused outputs; here they are ``ZerosLike`` ops or constant zeros)."""
    if tensor._op._type == "ZerosLike":
        return True
    value = constant_value(tensor)
    return value is not None and not np.any(value)


def _logits_gradient(op, grad_loss, grad_grad):
    """The logits part of both cross entropies' gradients: ``grad_loss * backprop`` (the op's second
    output, ``softmax - labels``), plus the softmax derivative of ``grad_grad`` when the backprop
    output itself is differentiated (second derivatives)."""
    grad = _broadcast_mul(grad_loss, op._outputs[1])
    logits = op._inputs[0]
    if grad_grad is not None and not _is_zeros(grad_grad):
        softmax = nn_ops.softmax(logits)
        grad += ((grad_grad - array_ops.squeeze(
            math_ops.matmul(array_ops.expand_dims(grad_grad, 1), array_ops.expand_dims(softmax, 2)), axis=1))
            * softmax)
    return grad


def _xent_gradient(op, grad_loss, grad_grad):
    """TF's ``_SoftmaxCrossEntropyWithLogitsGrad``: logits as above; labels ``grad_loss * -log_softmax(logits)``
    (so v2 differentiates its labels; v1 stops them with a stop_gradient)."""
    grad = _logits_gradient(op, grad_loss, grad_grad)
    return grad, _broadcast_mul(grad_loss, -nn_ops.log_softmax(op._inputs[0]))


SOFTMAX_CROSS_ENTROPY = register("SoftmaxCrossEntropyWithLogits", infer=_xent_infer, kernel=_xent_kernel,
                                 gradient=_xent_gradient)


def softmax_cross_entropy_with_logits_v2(labels, logits, axis: int | None = None, name: str | None = None,
                                         dim: int | None = None) -> Tensor:
    """Cross entropy between ``labels`` (a distribution over ``axis``) and ``softmax(logits)``.

    ``tf.nn.softmax_cross_entropy_with_logits_v2``: the op ``SoftmaxCrossEntropyWithLogits`` (two
    outputs: the loss and its gradient ``softmax - labels``) in scope
    'softmax_cross_entropy_with_logits'. Labels are cast to the logits' dtype; other ranks than 2
    are flattened to 2-D around the op and the loss reshaped back; float16 is computed in float32.
    Unlike v1, gradients flow into ``labels`` too (``-log_softmax(logits)`` per unit of loss).

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
        _checked_dtype(logits, "features", _FLOATS)
        to_float32 = logits.dtype.base_dtype == dtypes.float16
        precise_logits = math_ops.cast(logits, dtypes.float32) if to_float32 else logits
        labels = math_ops.cast(labels, precise_logits.dtype.base_dtype)
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
            precise_logits = array_ops.transpose(precise_logits, perm)
            labels = array_ops.transpose(labels, perm)
        outer = [d for i, d in enumerate(dims) if i != axis]
        if rank == 2:
            cost = apply_op(SOFTMAX_CROSS_ENTROPY, [precise_logits, labels], name=scope)._outputs[0]
        else:  # flatten the outer dims around the op, then give the loss its shape back
            classes = dims[axis]
            if outer.count(None) > 1 or (classes is None and None in outer):
                raise ValueError("softmax_cross_entropy_with_logits of rank %d needs all but one size known "
                                 "(logits %s)." % (rank, logits.shape))
            flat = [-1, classes] if classes is not None else [int(np.prod(outer, dtype=np.int64)), -1]
            cost = apply_op(SOFTMAX_CROSS_ENTROPY, [array_ops.reshape(precise_logits, flat), array_ops.reshape(labels, flat)],
                            name=scope)._outputs[0]
            cost = array_ops.reshape(cost, [-1 if d is None else d for d in outer])
        if to_float32:
            cost = math_ops.cast(cost, dtypes.float16)
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
    with get_default_graph()._transaction():  # two scopes: undo the stop_gradient if v2 fails
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
    attrs["T"] = dtype = _checked_dtype(features, "features", _FLOATS)
    attrs["Tlabels"] = _checked_dtype(labels, "labels", _INDEX_TYPES)
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
        shifted = features - nn_ops.row_max(features)
        exp = np.exp(shifted)
        sum_exp = exp.sum(axis=1)
        loss = np.log(sum_exp) - shifted[rows, labels]
        exp /= sum_exp[:, None]
        exp[rows, labels] -= features.dtype.type(1)
        return loss, exp
    return sparse_softmax_cross_entropy


def _sparse_xent_gradient(op, grad_loss, grad_grad):
    """TF's ``_SparseSoftmaxCrossEntropyWithLogitsGrad``: the logits part of the dense one; integer
    labels get None."""
    return _logits_gradient(op, grad_loss, grad_grad), None


SPARSE_SOFTMAX_CROSS_ENTROPY = register("SparseSoftmaxCrossEntropyWithLogits", infer=_sparse_xent_infer,
                                        kernel=_sparse_xent_kernel, gradient=_sparse_xent_gradient)


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
        _checked_dtype(logits, "features", _FLOATS)
        is_half = logits.dtype.base_dtype == dtypes.float16
        precise_logits = math_ops.cast(logits, dtypes.float32) if is_half else logits
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
            flat_logits = array_ops.reshape(precise_logits, [-1, logit_dims[-1]])
            flat_labels = array_ops.reshape(labels, [-1])
            cost = apply_op(SPARSE_SOFTMAX_CROSS_ENTROPY, [flat_logits, flat_labels],
                            name=name or "SparseSoftmaxCrossEntropyWithLogits")._outputs[0]
            cost = array_ops.reshape(cost, [-1 if d is None else d for d in label_dims])
        return math_ops.cast(cost, dtypes.float16) if is_half else cost
