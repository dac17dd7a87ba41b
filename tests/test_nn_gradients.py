"""Gradients of the nn family: finite differences in float64, TensorFlow's special cases exactly, op names."""
import numpy as np
import pytest

import graphscope as tf
from graphscope.gradient_checker import check_gradients
from graphscope.ops import nn_grad_ops

RNG = np.random.default_rng(4)
TOLERANCE = 1e-6  # float64 central differences with delta 1e-6


def run(fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict)


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as graph:
        yield graph


def away_from(values, kinks, margin=0.05):
    """``values`` nudged at least ``margin`` away from each kink (finite differences straddle none)."""
    values = np.array(values, np.float64)
    for kink in kinks:
        near = np.abs(values - kink) < margin
        values[near] = kink + np.where(values[near] >= kink, margin, -margin) * 2
    return values


def normal(*shape):
    return RNG.normal(size=shape) * 2


# -- every differentiable op against central finite differences -----------------------------------
ACTIVATIONS = {
    "relu": (tf.nn.relu, [0.0]),
    "relu6": (tf.nn.relu6, [0.0, 6.0]),
    "elu": (tf.nn.elu, [0.0]),
    "selu": (tf.nn.selu, [0.0]),
    "softplus": (tf.nn.softplus, []),
    "softsign": (tf.nn.softsign, [0.0]),
    "leaky_relu": (tf.nn.leaky_relu, [0.0]),
    "leaky_relu_alpha_above_1": (lambda x: tf.nn.leaky_relu(x, alpha=1.5), [0.0]),
    "sigmoid": (tf.sigmoid, []),
    "tanh": (tf.tanh, []),
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_gradients_match_finite_differences(name):
    fn, kinks = ACTIVATIONS[name]
    x = away_from(normal(3, 4) * 2, kinks)
    x[0, :2] = [7.5, -7.5]  # both sides of relu6's 6 and the saturated ends
    assert check_gradients(fn, [x]) < TOLERANCE


@pytest.mark.parametrize("fn", [tf.nn.softmax, tf.nn.log_softmax], ids=["softmax", "log_softmax"])
@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_gradients_match_finite_differences(fn, axis):
    assert check_gradients(lambda x: fn(x, axis=axis), [normal(2, 3, 4)]) < TOLERANCE


def test_softmax_cross_entropy_v2_gradients_of_logits_and_labels():
    labels = distribution(3, 5)
    error = check_gradients(lambda z, y: tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=z),
                            [normal(3, 5), labels])
    assert error < TOLERANCE


def distribution(*shape, axis=-1):
    p = RNG.random(shape)
    return p / p.sum(axis=axis, keepdims=True)


def test_softmax_cross_entropy_v2_class_axis_0_and_rank_3():
    def classes_first(z, y):
        return tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=z, axis=0)

    def rank_3(z, y):
        return tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=z)
    assert check_gradients(classes_first, [normal(4, 3), distribution(4, 3, axis=0)]) < TOLERANCE
    assert check_gradients(rank_3, [normal(2, 3, 4), distribution(2, 3, 4)]) < TOLERANCE


def test_softmax_cross_entropy_logits_gradient_assumes_labels_sum_to_one():
    """TF's gradient is ``softmax - labels`` (the kernel's backprop), not ``softmax * sum(labels) - labels``."""
    z = tf.constant([[0.0, 0.0]], tf.float64)
    labels = tf.constant([[1.0, 1.0]], tf.float64)
    (dz,) = tf.gradients(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=z), [z])
    assert run(dz).tolist() == [[-0.5, -0.5]]


def test_sparse_softmax_cross_entropy_gradient_of_logits():
    labels = tf.constant([0, 3, 2])
    error = check_gradients(lambda z: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=z),
                            [normal(3, 4)])
    assert error < TOLERANCE


def test_sparse_softmax_cross_entropy_rank_3():
    labels = tf.constant([[0, 3], [2, 1]], dtype=tf.int64)
    error = check_gradients(lambda z: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=z),
                            [normal(2, 2, 4)])
    assert error < TOLERANCE


def test_l2_loss_gradient():
    assert check_gradients(tf.nn.l2_loss, [normal(3, 2)]) < TOLERANCE


@pytest.mark.parametrize("data_format, shape", [(None, (4, 3)), ("NHWC", (2, 2, 2, 3)), ("NCHW", (2, 3, 2, 2)),
                                                ("NCHW", (2, 3, 4))])
def test_bias_add_gradients_of_value_and_bias(data_format, shape):
    error = check_gradients(lambda v, b: tf.nn.bias_add(v, b, data_format=data_format), [normal(*shape), normal(3)])
    assert error < TOLERANCE


def test_composed_nn_functions():
    """Functions TF builds from several ops differentiate through them (the math and array rules too)."""
    labels = RNG.random((3, 4))
    assert check_gradients(lambda z, y: tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=z),
                           [normal(3, 4), labels]) < TOLERANCE
    assert check_gradients(lambda x, w, b: tf.nn.relu_layer(x, w, b),
                           [normal(3, 2), normal(2, 4), away_from(normal(4), [0.0], 0.3) * 3]) < TOLERANCE



def test_losses_gradient_through_div_no_nan():
    """tf.losses computes in float32 (too coarse for finite differences): d mse / dx = 2 (x - 1) / n."""
    x = tf.placeholder(tf.float64, [3, 2])
    (dx,) = tf.gradients(tf.losses.mean_squared_error(labels=tf.ones([3, 2], tf.float64), predictions=x), [x])
    value = normal(3, 2)
    np.testing.assert_allclose(run(dx, {x: value}), 2 * (value - 1) / 6, rtol=1e-6)


# -- second derivatives: the backprop ops' own rules ----------------------------------------------
SECOND = {
    "ReluGrad": (nn_grad_ops.relu_grad, [0.0]),
    "Relu6Grad": (nn_grad_ops.relu6_grad, [0.0, 6.0]),
    "EluGrad": (lambda g, y: nn_grad_ops.elu_grad(g, tf.nn.elu(y)), [0.0]),
    "SeluGrad": (lambda g, y: nn_grad_ops.selu_grad(g, tf.nn.selu(y)), [0.0]),
    "SoftplusGrad": (nn_grad_ops.softplus_grad, []),
    "LeakyReluGrad": (lambda g, x: nn_grad_ops.leaky_relu_grad(g, x, alpha=0.3), [0.0]),
    "SigmoidGrad": (lambda g, y: nn_grad_ops.sigmoid_grad(y, g), []),
    "TanhGrad": (lambda g, y: nn_grad_ops.tanh_grad(y, g), []),
}


@pytest.mark.parametrize("name", sorted(SECOND))
def test_backprop_ops_gradients(name):
    fn, kinks = SECOND[name]
    assert check_gradients(fn, [normal(2, 3), away_from(normal(2, 3) * 2, kinks)]) < TOLERANCE


@pytest.mark.parametrize("data_format, shape", [("NHWC", (2, 3)), ("NCHW", (2, 3, 2))])
def test_bias_add_grad_gradient_tiles_back(data_format, shape):
    error = check_gradients(lambda g: nn_grad_ops.bias_add_grad(g, data_format=data_format), [normal(*shape)])
    assert error < TOLERANCE


def test_softmax_cross_entropy_second_derivative_uses_the_backprop_output():
    """d/dz of the logits gradient goes through output 1 (``backprop``): TF's grad_grad term."""
    labels = tf.constant(distribution(2, 3))

    def logits_gradient(z):
        loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=z)
        return tf.gradients(loss, z)[0]
    assert check_gradients(logits_gradient, [normal(2, 3)]) < TOLERANCE


# -- TensorFlow's special cases, exactly (NUMERIC.md) ---------------------------------------------
def test_relu_gradient_is_zero_at_zero_and_for_nan():
    x = tf.placeholder(tf.float32, [6])
    (dx,) = tf.gradients(tf.nn.relu(x), [x])
    value = run(dx, {x: [0.0, -0.0, -1.0, 1.0, np.nan, 3.0]})
    assert value.tolist() == [0.0, 0.0, 0.0, 1.0, 0.0, 1.0]


def test_grad_relu_abs_at_zero():
    x = tf.placeholder(tf.float32, [4])
    (dx,) = tf.gradients(tf.add(tf.nn.relu(x), tf.abs(x)), [x])
    assert run(dx, {x: [0.0, -0.0, -1.0, 1.0]}).tolist() == [0.0, 0.0, -1.0, 2.0]


def test_relu6_gradient_is_zero_at_both_ends():
    x = tf.placeholder(tf.float32, [5])
    (dx,) = tf.gradients(tf.nn.relu6(x), [x])
    assert run(dx, {x: [-1.0, 0.0, 3.0, 6.0, 7.0]}).tolist() == [0.0, 0.0, 1.0, 0.0, 0.0]


def test_relu_grad_kernel_multiplies_so_inf_times_zero_is_nan():
    """TF's ReluGrad is ``gradients * (features > 0)``: an infinite gradient at an inactive unit is NaN."""
    value = run(nn_grad_ops.relu_grad(tf.constant([np.inf, 2.0, np.inf]), tf.constant([0.0, -1.0, 1.0])))
    assert np.isnan(value[0]) and value[1:].tolist() == [0.0, np.inf]


def test_leaky_relu_gradient_uses_alpha_as_float32():
    x = tf.placeholder(tf.float64, [3])
    (dx,) = tf.gradients(tf.nn.leaky_relu(x, alpha=0.2), [x])
    assert run(dx, {x: [-1.0, 0.0, 2.0]}).tolist() == [float(np.float32(0.2))] * 2 + [1.0]


def test_sigmoid_and_tanh_saturate_to_zero_gradient():
    x = tf.constant([-100.0, -20.0, 0.0, 20.0, 100.0])
    ds, dt = tf.gradients(tf.sigmoid(x), [x])[0], tf.gradients(tf.tanh(x), [x])[0]
    ds, dt = run([ds, dt])
    one = np.float32(1)
    y = one / (one + np.exp(np.float32(20)))  # sigmoid(-20) in float32
    assert ds.tolist() == [0.0, y * (one - y), 0.25, 0.0, 0.0]
    assert dt.tolist() == [0.0, 0.0, 1.0, 0.0, 0.0]


def test_softmax_large_logits_gradient_has_no_nan():
    x = tf.constant([[1000.0, 0.0, -1000.0], [5.0, 5.0, 5.0]])
    (dx,) = tf.gradients(tf.nn.softmax(x), [x], grad_ys=tf.constant([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0]]))
    value = run(dx)
    assert value[0].tolist() == [0.0, 0.0, 0.0]
    np.testing.assert_allclose(value[1], [-1 / 3, 0, 1 / 3], atol=1e-7)


def test_softmax_plain_sum_has_zero_gradient():
    x = tf.constant(normal(2, 4))
    (dx,) = tf.gradients(tf.nn.softmax(x), [x])
    np.testing.assert_allclose(run(dx), 0.0, atol=1e-15)


def test_softmax_xent_v2_large_logits():
    """NUMERIC.md: loss 1000; dlogits [1, -1, 0]; dlabels = -log_softmax = [-0, 1000, 1005]."""
    z = tf.placeholder(tf.float32, [1, 3])
    labels = tf.placeholder(tf.float32, [1, 3])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=z)
    dz, dl = tf.gradients(loss, [z, labels])
    values = run([loss, dz, dl], {z: [[1000.0, 0.0, -5.0]], labels: [[0.0, 1.0, 0.0]]})
    assert [v.tolist() for v in values] == [[1000.0], [[1.0, -1.0, 0.0]], [[0.0, 1000.0, 1005.0]]]


def test_softmax_xent_v1_stops_the_labels_gradient():
    z = tf.placeholder(tf.float32, [1, 3])
    labels = tf.placeholder(tf.float32, [1, 3])
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=z)
    dz, dl = tf.gradients(loss, [z, labels])
    assert dl is None
    assert run(dz, {z: [[1000.0, 0.0, -5.0]], labels: [[0.0, 1.0, 0.0]]}).tolist() == [[1.0, -1.0, 0.0]]


def test_sparse_xent_gradient_is_softmax_minus_one_hot_and_none_for_labels():
    z = tf.constant([[1000.0, 0.0, -5.0], [0.0, 0.0, 0.0]])
    labels = tf.constant([1, 2])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=z)
    dz, dl = tf.gradients(loss, [z, labels])
    assert dl is None
    np.testing.assert_allclose(run(dz), [[1.0, -1.0, 0.0], [1 / 3, 1 / 3, -2 / 3]], rtol=1e-6)


def test_xent_gradient_scales_with_grad_ys():
    z = tf.constant([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], tf.float64)
    labels = tf.constant([[0.0, 0.0, 1.0], [0.5, 0.5, 0.0]], tf.float64)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=z)
    w = np.array([2.0, -3.0])
    dz, dl = run(tf.gradients(loss, [z, labels], grad_ys=tf.constant(w)))
    e = np.exp([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    softmax = e / e.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(dz, w[:, None] * (softmax - [[0, 0, 1], [0.5, 0.5, 0]]), rtol=1e-12)
    np.testing.assert_allclose(dl, w[:, None] * -np.log(softmax), rtol=1e-12)


def test_sigmoid_xent_extremes():
    """NUMERIC.md: dz = 0.5 - l at z = 0 (not -l), +-1 when saturated; dl = -z."""
    z = tf.placeholder(tf.float32, [5])
    labels = tf.placeholder(tf.float32, [5])
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=z)
    dz, dl = run(tf.gradients(loss, [z, labels]), {z: [0.0, 0.0, 100.0, -100.0, 40.0],
                                                   labels: [0.0, 1.0, 0.0, 1.0, 1.0]})
    assert dz[:4].tolist() == [0.5, -0.5, 1.0, -1.0] and abs(dz[4]) < 1e-17
    assert dl.tolist() == [0.0, 0.0, -100.0, 100.0, -40.0]


def test_l2_loss_gradient_is_x_times_grad():
    x = tf.constant([[1.0, -2.0], [3.0, 0.5]])
    (dx,) = tf.gradients(tf.nn.l2_loss(x), [x], grad_ys=tf.constant(3.0))
    assert run(dx).tolist() == [[3.0, -6.0], [9.0, 1.5]]


def test_bias_add_gradient_sums_over_all_but_the_channel_axis():
    value = tf.constant(np.arange(24.0).reshape(2, 3, 2, 2))
    bias = tf.constant([1.0, 2.0, 3.0], tf.float64)
    db_last, = tf.gradients(tf.nn.bias_add(tf.reshape(value, [2, 2, 2, 3]), bias), [bias])
    db_first, = tf.gradients(tf.nn.bias_add(value, bias, data_format="NCHW"), [bias])
    assert run(db_last).tolist() == [8.0] * 3  # each channel occurs 2 * 2 * 2 times
    assert run(db_first).tolist() == [8.0] * 3


def test_gradients_keep_float32():
    x = tf.placeholder(tf.float32, [2, 3])
    grads = tf.gradients(tf.reduce_sum(tf.nn.softmax(tf.nn.elu(x)) + tf.nn.softplus(x)), [x])
    assert grads[0].dtype == tf.float32
    assert run(grads[0], {x: normal(2, 3)}).dtype == np.float32


# -- op types and names ---------------------------------------------------------------------------
@pytest.mark.parametrize("build, expected", [
    (tf.nn.relu, "gradients/Relu_grad/ReluGrad"),
    (tf.nn.relu6, "gradients/Relu6_grad/Relu6Grad"),
    (tf.nn.elu, "gradients/Elu_grad/EluGrad"),
    (tf.nn.selu, "gradients/Selu_grad/SeluGrad"),
    (tf.nn.softsign, "gradients/Softsign_grad/SoftsignGrad"),
    (tf.nn.leaky_relu, "gradients/LeakyRelu_grad/LeakyReluGrad"),
    (tf.sigmoid, "gradients/Sigmoid_grad/SigmoidGrad"),
    (tf.tanh, "gradients/Tanh_grad/TanhGrad"),
    (tf.nn.softplus, "gradients/Softplus_grad/mul"),  # TF: grad * sigmoid(x)
    (tf.nn.softmax, "gradients/Softmax_grad/mul_1"),
    (tf.nn.log_softmax, "gradients/LogSoftmax_grad/sub"),
    (tf.nn.l2_loss, "gradients/L2Loss_grad/mul"),
])
def test_gradient_op_names(build, expected):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    (dx,) = tf.gradients(build(x), [x])
    assert dx.op.name == expected


def test_gradient_op_types_and_inputs(fresh_graph):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    b = tf.placeholder(tf.float32, [3], name="b")
    y = tf.nn.bias_add(x, b)
    r = tf.nn.relu(y)
    s = tf.sigmoid(r)
    dx, db = tf.gradients(s, [x, b])
    assert db.op.name == "gradients/BiasAdd_grad/BiasAddGrad"
    assert db.op.get_attr("data_format") == "NHWC"
    relu_grad = fresh_graph.get_operation_by_name("gradients/Relu_grad/ReluGrad")
    assert relu_grad.inputs[1] is r  # TF differentiates Relu from its output
    sigmoid_grad = fresh_graph.get_operation_by_name("gradients/Sigmoid_grad/SigmoidGrad")
    assert sigmoid_grad.inputs[0] is s and sigmoid_grad.control_inputs == []  # grad is a data input already
    assert dx.op is relu_grad  # BiasAdd passes the value's gradient through


def test_softplus_gradient_ops():
    x = tf.placeholder(tf.float32, [2], name="x")
    (dx,) = tf.gradients(tf.nn.softplus(x), [x])
    assert dx.op.type == "Mul" and dx.op.inputs[1].op.name == "gradients/Softplus_grad/Sigmoid"


def test_xent_gradient_op_names(fresh_graph):
    z = tf.placeholder(tf.float32, [2, 3], name="z")
    labels = tf.placeholder(tf.float32, [2, 3], name="l")
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=z)
    dz, dl = tf.gradients(loss, [z, labels])
    grad_ops = [op.name for op in fresh_graph.get_operations() if op.name.startswith("gradients/")]
    prefix = "gradients/softmax_cross_entropy_with_logits_grad/"
    assert grad_ops[-8:] == [prefix + name for name in ["ExpandDims/dim", "ExpandDims", "mul", "LogSoftmax", "Neg",
                                                        "ExpandDims_1/dim", "ExpandDims_1", "mul_1"]]
    assert dz.name == prefix + "mul:0" and dl.name == prefix + "mul_1:0"


def test_sparse_xent_gradient_names(fresh_graph):
    z = tf.placeholder(tf.float32, [2, 3], name="z")
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 2], logits=z)
    (dz,) = tf.gradients(loss, [z])
    assert dz.name == "gradients/SparseSoftmaxCrossEntropyWithLogits/SparseSoftmaxCrossEntropyWithLogits_grad/mul:0"


def test_backprop_ops_check_shapes_and_dtypes():
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal"):
        nn_grad_ops.relu_grad(tf.zeros([2]), tf.zeros([3]))
    with pytest.raises(TypeError, match="does not match type float32"):
        nn_grad_ops.sigmoid_grad(tf.zeros([2]), tf.zeros([2], tf.float64))
    assert nn_grad_ops.bias_add_grad(tf.zeros([4, 5, 3])).shape.as_list() == [3]
    assert nn_grad_ops.bias_add_grad(tf.zeros([4, 5, 3]), data_format="NCHW").shape.as_list() == [5]
