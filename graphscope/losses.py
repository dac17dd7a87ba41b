"""``tf.losses`` (TF1's ``tf.compat.v1.losses``): weighted losses, the LOSSES collection, regularization.

Every loss is computed as TensorFlow computes it: elementwise losses in float32, multiplied by
``weights`` (a scalar or a tensor broadcastable to the losses), summed, and (default reduction
``SUM_BY_NONZERO_WEIGHTS``) divided by the number of non-zero weights, 0 when there are none (the
'value' op, a DivNoNan). The result is added to the ``LOSSES`` collection, which ``get_losses`` and
``get_total_loss`` read; ``get_regularization_loss`` sums ``REGULARIZATION_LOSSES``.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     loss = tf.losses.mean_squared_error(labels=[[1.0], [2.0]], predictions=[[1.5], [1.0]])
...     value = tf.Session().run(loss)
...     collected = tf.losses.get_losses()
>>> loss.name, float(value), collected == [loss]
('mean_squared_error/value:0', 0.625, True)
"""
from __future__ import annotations

from graphscope import defaults, dtypes
from graphscope.graph import GraphKeys
from graphscope.ops import array_ops, math_ops, nn_impl, nn_ops, xent_ops
from graphscope.ops.core import convert_to_tensor, op_scope

__all__ = ["Reduction", "absolute_difference", "add_loss", "compute_weighted_loss", "get_losses",
           "get_regularization_loss", "get_regularization_losses", "get_total_loss", "hinge_loss", "huber_loss",
           "log_loss", "mean_squared_error", "sigmoid_cross_entropy", "softmax_cross_entropy",
           "sparse_softmax_cross_entropy"]


class Reduction:
    """How a weighted loss is reduced (``tf.losses.Reduction``)."""

    NONE = "none"
    SUM = "weighted_sum"
    MEAN = "weighted_mean"
    SUM_OVER_BATCH_SIZE = "weighted_sum_over_batch_size"
    SUM_BY_NONZERO_WEIGHTS = "weighted_sum_by_nonzero_weights"
    SUM_OVER_NONZERO_WEIGHTS = SUM_BY_NONZERO_WEIGHTS

    @classmethod
    def all(cls) -> tuple:
        return (cls.NONE, cls.SUM, cls.MEAN, cls.SUM_OVER_BATCH_SIZE, cls.SUM_OVER_NONZERO_WEIGHTS,
                cls.SUM_BY_NONZERO_WEIGHTS)

    @classmethod
    def validate(cls, key) -> None:
        if key not in cls.all():
            raise ValueError("Invalid Reduction Key: %s. Valid keys are: %s." % (key, ", ".join(cls.all())))


# -- the weighting and reduction shared by every loss ------------------------------------------------
def _check_broadcastable(weights, values) -> None:
    """TF's static ``assert_broadcastable``: weights are a scalar, or of the losses' rank with each size
    1 or equal."""
    w_dims, v_dims = weights._dims, values._dims
    if w_dims is None or v_dims is None or len(w_dims) == 0:
        return
    prefix = "weights can not be broadcast to values."
    if len(w_dims) != len(v_dims):
        raise ValueError("%s values.rank=%d. weights.rank=%d. values.shape=%s. weights.shape=%s."
                         % (prefix, len(v_dims), len(w_dims), values.shape, weights.shape))
    for i, (w, v) in enumerate(zip(w_dims, v_dims)):
        if w is not None and v is not None and w != 1 and w != v:
            raise ValueError("%s Mismatch at dim %d. values.shape=%s weights.shape=%s."
                             % (prefix, i, values.shape, weights.shape))


def _num_present(losses, weights):
    """The number of losses with a non-zero weight (weights broadcast to the losses), as a float32."""
    with op_scope(None, "num_present", (losses, weights)) as scope:
        weights = math_ops.cast(weights, dtypes.float32)
        present = array_ops.where(math_ops.equal(weights, 0.0), array_ops.zeros_like(weights),
                                  array_ops.ones_like(weights))
        present = _broadcast_weights(present, losses)
        return math_ops.reduce_sum(present, name=scope)


def _broadcast_weights(weights, values):
    with op_scope(None, "broadcast_weights", (weights, values)) as scope:
        values = convert_to_tensor(values, name="values")
        weights = convert_to_tensor(weights, dtype=values.dtype.base_dtype, name="weights")
        if (weights.shape.is_fully_defined() and values.shape.is_fully_defined()
                and weights.shape.is_compatible_with(values.shape)):
            return weights
        return math_ops.multiply(weights, array_ops.ones_like(values), name=scope)


def _num_elements(losses):
    with op_scope(None, "num_elements", [losses]) as scope:
        return math_ops.cast(array_ops.size(losses, name=scope), losses.dtype)


def _safe_mean(losses, num_present):
    return math_ops.div_no_nan(math_ops.reduce_sum(losses), num_present, name="value")


def compute_weighted_loss(losses, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                          reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """``losses * weights`` reduced by ``reduction`` (default: the sum over the number of non-zero
    weights), cast back to the losses' dtype and added to ``loss_collection``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     loss = tf.losses.compute_weighted_loss([1.0, 2.0, 3.0], weights=[0.0, 1.0, 2.0])
    ...     value = tf.Session().run(loss)
    >>> loss.name, float(value)
    ('weighted_loss/value:0', 4.0)
    """
    Reduction.validate(reduction)
    with op_scope(scope, "weighted_loss", (losses, weights)):
        losses = convert_to_tensor(losses)
        input_dtype = losses.dtype.base_dtype
        losses = math_ops.cast(losses, dtypes.float32)
        weights = math_ops.cast(weights, dtypes.float32)
        _check_broadcastable(weights, losses)
        weighted_losses = math_ops.multiply(losses, weights)
        if reduction == Reduction.NONE:
            loss = weighted_losses
        else:
            loss = math_ops.reduce_sum(weighted_losses)
            if reduction == Reduction.MEAN:
                loss = _safe_mean(loss, math_ops.reduce_sum(array_ops.ones_like(losses) * weights))
            elif reduction == Reduction.SUM_BY_NONZERO_WEIGHTS:
                loss = _safe_mean(loss, _num_present(losses, weights))
            elif reduction == Reduction.SUM_OVER_BATCH_SIZE:
                loss = _safe_mean(loss, _num_elements(losses))
        loss = math_ops.cast(loss, input_dtype)
        add_loss(loss, loss_collection)
        return loss


def _pair(labels, predictions, scope, default_name, weights, label="labels", prediction="predictions"):
    if labels is None:
        raise ValueError("%s must not be None." % label)
    if predictions is None:
        raise ValueError("%s must not be None." % prediction)
    return op_scope(scope, default_name, (predictions, labels, weights))


def _as_float32_pair(predictions, labels):
    predictions = math_ops.cast(predictions, dtypes.float32)
    labels = math_ops.cast(labels, dtypes.float32)
    predictions.shape.assert_is_compatible_with(labels.shape)
    return predictions, labels


def absolute_difference(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                        reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted ``|predictions - labels|`` (``tf.losses.absolute_difference``)."""
    with _pair(labels, predictions, scope, "absolute_difference", weights) as loss_scope:
        predictions, labels = _as_float32_pair(predictions, labels)
        losses = math_ops.abs(math_ops.subtract(predictions, labels))
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection, reduction=reduction)


def mean_squared_error(labels, predictions, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                       reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted ``(predictions - labels) ** 2`` (``tf.losses.mean_squared_error``; the example at the
    top of this module)."""
    with _pair(labels, predictions, scope, "mean_squared_error", weights) as loss_scope:
        predictions, labels = _as_float32_pair(predictions, labels)
        losses = math_ops.squared_difference(predictions, labels)
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection, reduction=reduction)


def huber_loss(labels, predictions, weights=1.0, delta=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted Huber loss: ``0.5 * x**2`` where ``|x| <= delta``, else ``0.5 * delta**2 + delta * (|x| - delta)``."""
    with _pair(labels, predictions, scope, "huber_loss", weights) as loss_scope:
        predictions, labels = _as_float32_pair(predictions, labels)
        error = math_ops.subtract(predictions, labels)
        abs_error = math_ops.abs(error)
        quadratic = math_ops.minimum(abs_error, delta)
        linear = math_ops.subtract(abs_error, quadratic)
        losses = math_ops.add(math_ops.multiply(convert_to_tensor(0.5, dtype=quadratic.dtype),
                                                math_ops.multiply(quadratic, quadratic)),
                              math_ops.multiply(delta, linear))
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection, reduction=reduction)


def log_loss(labels, predictions, weights=1.0, epsilon=1e-7, scope=None, loss_collection=GraphKeys.LOSSES,
             reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted ``-labels * log(p + eps) - (1 - labels) * log(1 - p + eps)``."""
    with _pair(labels, predictions, scope, "log_loss", weights) as loss_scope:
        predictions, labels = _as_float32_pair(predictions, labels)
        losses = -math_ops.multiply(labels, math_ops.log(predictions + epsilon)) - math_ops.multiply(
            (1 - labels), math_ops.log(1 - predictions + epsilon))
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection, reduction=reduction)


def hinge_loss(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
               reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted ``relu(1 - (2 * labels - 1) * logits)`` for 0/1 labels."""
    with _pair(labels, logits, scope, "hinge_loss", weights, prediction="logits") as loss_scope:
        logits, labels = _as_float32_pair(logits, labels)
        all_ones = array_ops.ones_like(labels)
        labels = math_ops.subtract(2 * labels, all_ones)
        losses = nn_ops.relu(math_ops.subtract(all_ones, math_ops.multiply(labels, logits)))
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection, reduction=reduction)


def sigmoid_cross_entropy(multi_class_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted ``sigmoid_cross_entropy_with_logits`` ('xentropy'); ``label_smoothing`` pulls the labels
    towards 1/2."""
    with _pair(multi_class_labels, logits, scope, "sigmoid_cross_entropy_loss", weights,
               label="multi_class_labels", prediction="logits") as loss_scope:
        logits = convert_to_tensor(logits)
        multi_class_labels = math_ops.cast(multi_class_labels, logits.dtype.base_dtype)
        logits.shape.assert_is_compatible_with(multi_class_labels.shape)
        if label_smoothing > 0:
            multi_class_labels = multi_class_labels * (1 - label_smoothing) + 0.5 * label_smoothing
        losses = nn_impl.sigmoid_cross_entropy_with_logits(labels=multi_class_labels, logits=logits,
                                                           name="xentropy")
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection, reduction=reduction)


def softmax_cross_entropy(onehot_labels, logits, weights=1.0, label_smoothing=0, scope=None,
                          loss_collection=GraphKeys.LOSSES, reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted softmax cross entropy of one-hot labels ('xentropy'; labels behind a stop_gradient);
    ``label_smoothing`` pulls the labels towards ``1 / num_classes``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     loss = tf.losses.softmax_cross_entropy([[0.0, 1.0], [1.0, 0.0]], [[0.0, 0.0], [0.0, 0.0]])
    ...     value = tf.Session().run(loss)
    >>> loss.name, round(float(value), 6)
    ('softmax_cross_entropy_loss/value:0', 0.693147)
    """
    with _pair(onehot_labels, logits, scope, "softmax_cross_entropy_loss", weights, label="onehot_labels",
               prediction="logits") as loss_scope:
        logits = convert_to_tensor(logits)
        onehot_labels = math_ops.cast(onehot_labels, logits.dtype.base_dtype)
        logits.shape.assert_is_compatible_with(onehot_labels.shape)
        if label_smoothing > 0:
            classes = onehot_labels._dims[-1] if onehot_labels._dims else None
            if classes is None:
                raise ValueError("softmax_cross_entropy: label_smoothing needs a known number of classes, "
                                 "got labels of shape %s." % onehot_labels.shape)
            onehot_labels = onehot_labels * (1.0 - label_smoothing) + label_smoothing / classes
        onehot_labels = array_ops.stop_gradient(onehot_labels, name="labels_stop_gradient")
        losses = xent_ops.softmax_cross_entropy_with_logits_v2(labels=onehot_labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection, reduction=reduction)


def sparse_softmax_cross_entropy(labels, logits, weights=1.0, scope=None, loss_collection=GraphKeys.LOSSES,
                                 reduction=Reduction.SUM_BY_NONZERO_WEIGHTS):
    """Weighted ``sparse_softmax_cross_entropy_with_logits`` of integer class labels ('xentropy')."""
    with _pair(labels, logits, scope, "sparse_softmax_cross_entropy_loss", weights,
               prediction="logits") as loss_scope:
        labels, logits = convert_to_tensor(labels), convert_to_tensor(logits)
        if (labels._dims is not None and logits._dims is not None and len(labels._dims) == len(logits._dims)
                and labels._dims[-1] in (1, None)):
            labels = array_ops.squeeze(labels, [-1])  # TF's remove_squeezable_dimensions
        losses = xent_ops.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits, name="xentropy")
        return compute_weighted_loss(losses, weights, loss_scope, loss_collection, reduction=reduction)


# -- collections -------------------------------------------------------------------------------------
def add_loss(loss, loss_collection=GraphKeys.LOSSES) -> None:
    """Add ``loss`` to ``loss_collection`` (nothing when the collection is None)."""
    if loss_collection:
        loss.graph.add_to_collection(loss_collection, loss)


def get_losses(scope: str | None = None, loss_collection=GraphKeys.LOSSES) -> list:
    """The losses in ``loss_collection`` whose names match ``scope``."""
    return defaults.get_collection(loss_collection, scope)


def get_regularization_losses(scope: str | None = None) -> list:
    """The penalties in ``REGULARIZATION_LOSSES`` whose names match ``scope``."""
    return defaults.get_collection(GraphKeys.REGULARIZATION_LOSSES, scope)


def get_regularization_loss(scope: str | None = None, name: str = "total_regularization_loss"):
    """The sum of the regularization penalties ('total_regularization_loss'), or a constant 0.0.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     reg = tf.contrib.layers.l2_regularizer(0.5)
    ...     a = tf.get_variable("a", [2], initializer=tf.ones_initializer(), regularizer=reg)
    ...     b = tf.get_variable("b", [1], initializer=tf.constant_initializer(2.0), regularizer=reg)
    ...     total = tf.losses.get_regularization_loss()
    ...     with tf.Session() as sess:
    ...         sess.run(tf.global_variables_initializer())
    ...         value = sess.run(total)
    >>> total.name, float(value)
    ('total_regularization_loss:0', 1.5)
    """
    losses = get_regularization_losses(scope)
    if losses:
        return math_ops.add_n(losses, name=name)
    return array_ops.constant(0.0)


def get_total_loss(add_regularization_losses: bool = True, name: str = "total_loss", scope: str | None = None):
    """The sum of the LOSSES collection (and, by default, the regularization penalties): 'total_loss'."""
    losses = get_losses(scope=scope)
    if add_regularization_losses:
        losses += get_regularization_losses(scope=scope)
    if not losses:
        raise ValueError("No losses to add: the LOSSES collection is empty%s." % (
            "" if not add_regularization_losses else " and there are no regularization losses"))
    return math_ops.add_n(losses, name=name)
