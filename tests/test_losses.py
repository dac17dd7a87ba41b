"""tf.losses and the tf.contrib.layers regularizers: values, reductions, collections and op names."""
import numpy as np
import pytest

import graphscope as tf


def run(fetches, feed_dict=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed_dict)


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as graph:
        yield graph


# -- compute_weighted_loss and its reductions -----------------------------------------------------
def test_weighted_loss_reductions():
    losses = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    weights = tf.constant([[0.0, 1.0], [2.0, 0.5]])
    R = tf.losses.Reduction
    expected = {R.NONE: [[0.0, 2.0], [6.0, 2.0]], R.SUM: 10.0, R.MEAN: 10.0 / 3.5,
                R.SUM_OVER_BATCH_SIZE: 2.5, R.SUM_BY_NONZERO_WEIGHTS: 10.0 / 3}
    for reduction, value in expected.items():
        loss = tf.losses.compute_weighted_loss(losses, weights, reduction=reduction)
        np.testing.assert_allclose(run(loss), value, rtol=1e-6)
    with pytest.raises(ValueError, match="Invalid Reduction Key"):
        tf.losses.compute_weighted_loss(losses, reduction="average")


def test_weighted_loss_broadcast_weights_zero_weights_and_dtype():
    losses = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], tf.float64)
    per_row = tf.losses.compute_weighted_loss(losses, weights=[[1.0], [0.0]])
    assert per_row.dtype == tf.float64  # cast back to the losses' dtype
    np.testing.assert_allclose(run(per_row), 6.0 / 3)  # three present elements
    none_present = tf.losses.compute_weighted_loss(losses, weights=0.0)
    assert run(none_present) == 0.0  # DivNoNan: no weights, no NaN
    with pytest.raises(ValueError, match="weights can not be broadcast to values"):
        tf.losses.compute_weighted_loss(losses, weights=[1.0, 2.0])


def test_losses_collection_and_total_loss(fresh_graph):
    a = tf.losses.mean_squared_error([1.0, 2.0], [1.0, 4.0])
    b = tf.losses.absolute_difference([1.0, 2.0], [1.0, 4.0], scope="abs")
    hidden = tf.losses.absolute_difference([1.0], [2.0], loss_collection=None)
    assert tf.losses.get_losses() == [a, b] and hidden not in tf.losses.get_losses()
    assert tf.losses.get_losses(scope="abs") == [b]
    tf.get_variable("w", [2], initializer=tf.ones_initializer(),
                    regularizer=tf.contrib.layers.l2_regularizer(0.5))
    total = tf.losses.get_total_loss()
    assert total.name == "total_loss:0"
    np.testing.assert_allclose(run(total), 2.0 + 1.0 + 0.5)
    np.testing.assert_allclose(run(tf.losses.get_total_loss(add_regularization_losses=False)), 3.0)


# -- the losses ---------------------------------------------------------------------------------------
def test_mean_squared_error_names_and_values(fresh_graph):
    labels = tf.placeholder(tf.float32, [None, 2], name="labels")
    predictions = tf.placeholder(tf.float32, [None, 2], name="predictions")
    loss = tf.losses.mean_squared_error(labels, predictions, weights=[[1.0, 0.0]])
    assert loss.name == "mean_squared_error/value:0" and loss.shape.as_list() == []
    ops = {op.name: op.type for op in fresh_graph.get_operations()}
    assert ops["mean_squared_error/SquaredDifference"] == "SquaredDifference"
    assert ops["mean_squared_error/value"] == "DivNoNan"
    feed = {labels: [[1.0, 1.0], [2.0, 2.0]], predictions: [[3.0, 9.0], [2.5, 9.0]]}
    np.testing.assert_allclose(run(loss, feed), (4.0 + 0.25) / 2)
    with pytest.raises(ValueError):
        tf.losses.mean_squared_error([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="labels must not be None"):
        tf.losses.mean_squared_error(None, [1.0])


def test_huber_log_and_hinge_losses():
    labels = np.array([0.0, 1.0, 1.0, 0.0], np.float32)
    predictions = np.array([0.5, 3.0, -1.0, 0.1], np.float32)
    error = np.abs(predictions - labels)
    huber = np.where(error <= 1.0, 0.5 * error ** 2, 0.5 + (error - 1.0))
    np.testing.assert_allclose(run(tf.losses.huber_loss(labels, predictions)), huber.mean(), rtol=1e-6)
    p = np.array([0.9, 0.2, 0.6], np.float32)
    y = np.array([1.0, 0.0, 1.0], np.float32)
    log = -y * np.log(p + 1e-7) - (1 - y) * np.log(1 - p + 1e-7)
    np.testing.assert_allclose(run(tf.losses.log_loss(y, p)), log.mean(), rtol=1e-6)
    hinge = np.maximum(0.0, 1 - (2 * labels - 1) * predictions)
    np.testing.assert_allclose(run(tf.losses.hinge_loss(labels, predictions)), hinge.mean(), rtol=1e-6)


def test_sigmoid_cross_entropy_with_label_smoothing():
    logits = np.array([[2.0, -1.0], [0.0, 4.0]], np.float32)
    labels = np.array([[1, 0], [0, 1]])
    loss = tf.losses.sigmoid_cross_entropy(labels, logits, label_smoothing=0.2)
    assert loss.name == "sigmoid_cross_entropy_loss/value:0"
    z = labels * 0.8 + 0.1
    expected = np.maximum(logits, 0) - logits * z + np.log1p(np.exp(-np.abs(logits)))
    np.testing.assert_allclose(run(loss), expected.mean(), rtol=1e-6)


def test_softmax_and_sparse_softmax_cross_entropy(fresh_graph):
    logits = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]], np.float32)
    onehot = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]], np.float32)
    log_p = logits - np.log(np.exp(logits).sum(axis=1, keepdims=True))
    per_row = -(onehot * log_p).sum(axis=1)
    loss = tf.losses.softmax_cross_entropy(onehot, logits, weights=[1.0, 3.0])
    names = [op.name for op in fresh_graph.get_operations()]
    assert "softmax_cross_entropy_loss/labels_stop_gradient" in names
    assert "softmax_cross_entropy_loss/xentropy" in names
    np.testing.assert_allclose(run(loss), (per_row[0] + 3 * per_row[1]) / 2, rtol=1e-6)
    smooth = onehot * 0.7 + 0.1
    smoothed = tf.losses.softmax_cross_entropy(onehot, logits, label_smoothing=0.3)
    np.testing.assert_allclose(run(smoothed), (-(smooth * log_p).sum(axis=1)).mean(), rtol=1e-6)
    sparse = tf.losses.sparse_softmax_cross_entropy([0, 2], logits)
    assert sparse.name == "sparse_softmax_cross_entropy_loss/value:0"
    np.testing.assert_allclose(run(sparse), per_row.mean(), rtol=1e-6)
    column = tf.losses.sparse_softmax_cross_entropy([[0], [2]], logits)  # [batch, 1] labels are squeezed
    np.testing.assert_allclose(run(column), per_row.mean(), rtol=1e-6)


# -- regularizers -------------------------------------------------------------------------------------
def test_l2_regularizer_on_get_variable_names_like_tensorflow(fresh_graph):
    with tf.variable_scope("layer"):
        w = tf.get_variable("w", [2, 2], initializer=tf.ones_initializer(),
                            regularizer=tf.contrib.layers.l2_regularizer(0.1))
    penalties = tf.losses.get_regularization_losses()
    assert [p.name for p in penalties] == ["layer/w/Regularizer/l2_regularizer:0"]
    names = [op.name for op in fresh_graph.get_operations()]
    assert {"layer/w/Regularizer/l2_regularizer/scale", "layer/w/Regularizer/l2_regularizer/L2Loss"} <= set(names)
    np.testing.assert_allclose(run(penalties[0]), 0.1 * 4 / 2)
    assert w.dtype.base_dtype == tf.float32


def test_regularizer_scale_checks_and_zero_scale():
    with pytest.raises(ValueError, match="scale cannot be an integer"):
        tf.contrib.layers.l2_regularizer(1)
    with pytest.raises(ValueError, match="less than 0"):
        tf.contrib.layers.l1_regularizer(-0.5)
    with pytest.raises(ValueError, match="scale_l1 cannot be an integer"):
        tf.contrib.layers.l1_l2_regularizer(scale_l1=2)
    assert tf.contrib.layers.l1_regularizer(0.0)(tf.constant([1.0])) is None
    tf.get_variable("v", [3], regularizer=tf.contrib.layers.l2_regularizer(0.0))
    assert tf.losses.get_regularization_losses() == []
    total = tf.losses.get_regularization_loss()
    assert total.op.type == "Const" and run(total) == 0.0


def test_l1_l1l2_and_sum_regularizers():
    w = tf.constant([[1.0, -2.0], [3.0, -4.0]])
    np.testing.assert_allclose(run(tf.contrib.layers.l1_regularizer(0.5)(w)), 5.0)
    both = tf.contrib.layers.l1_l2_regularizer(scale_l1=0.5, scale_l2=0.1)(w)
    assert both.name == "l1_l2_regularizer:0" and both.op.type == "AddN"
    np.testing.assert_allclose(run(both), 5.0 + 0.1 * 30 / 2, rtol=1e-6)
    only_l2 = tf.contrib.layers.l1_l2_regularizer(scale_l1=0.0, scale_l2=0.1)(w)
    assert only_l2.name == "l1_l2_regularizer_1:0" and only_l2.op.type == "Mul"
    assert tf.contrib.layers.sum_regularizer([None]) is None
    total = tf.contrib.layers.sum_regularizer([tf.contrib.layers.l2_regularizer(1.0), lambda _: None])(w)
    np.testing.assert_allclose(run(total), 15.0)


def test_apply_regularization_and_get_regularization_loss():
    reg = tf.contrib.layers.l1_regularizer(1.0)
    tf.add_to_collection(tf.GraphKeys.WEIGHTS, tf.constant([1.0, -1.0]))
    penalty = tf.contrib.layers.apply_regularization(reg)  # the WEIGHTS collection by default
    assert penalty.name == "get_regularization_penalty:0"
    assert tf.losses.get_regularization_losses() == [penalty]
    total = tf.losses.get_regularization_loss()
    assert total.name == "total_regularization_loss:0"
    np.testing.assert_allclose(run(total), 2.0)
    with pytest.raises(ValueError, match="must return a scalar"):
        tf.contrib.layers.apply_regularization(lambda w: w, [tf.constant([1.0, 2.0])])
    with tf.Graph().as_default(), pytest.raises(ValueError, match="No weights to regularize"):
        tf.contrib.layers.apply_regularization(reg)
