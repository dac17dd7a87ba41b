"""tf.nn ops: values (TensorFlow's, including the extremes), dtypes, shapes, errors and op names."""
import numpy as np
import pytest

import graphscope as tf
from graphscope.errors import InvalidArgumentError


def run(fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict)


def op_names(graph):
    return [op.name for op in graph.get_operations()]


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default() as graph:
        yield graph


def softmax_reference(x, axis=-1):
    x = np.asarray(x, np.float64)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


# -- activations ----------------------------------------------------------------------------------
def test_relu_values_nan_and_negative_zero():
    x = tf.placeholder(tf.float32, [4])
    y = run(tf.nn.relu(x), {x: np.array([np.nan, -0.0, 0.0, -1.0], np.float32)})
    assert y.dtype == np.float32
    assert np.isnan(y[0]) and list(y[1:]) == [0.0, 0.0, 0.0]
    assert np.signbit(y[1]) and not np.signbit(y[3])  # relu(-0.0) is -0.0, relu(-1) is +0.0, as TF


def test_relu_int32_keeps_dtype_and_rejects_bool():
    y = tf.nn.relu(tf.constant([[-3, 0, 2]]))
    assert y.dtype == tf.int32 and y.op.get_attr("T") == tf.int32
    assert run(y).tolist() == [[0, 0, 2]]
    with pytest.raises(TypeError, match="DataType bool not in list of allowed values"):
        tf.nn.relu(tf.constant([True]))


def test_relu_names(fresh_graph):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    assert tf.nn.relu(x).name == "Relu:0"
    assert tf.nn.relu(x, name="act").name == "act:0"
    with tf.name_scope("layer"):
        assert tf.nn.relu(x).name == "layer/Relu:0"
    assert tf.nn.relu([1.0, -1.0]).op.inputs[0].name == "Relu_1/features:0"
    assert tf.nn.relu(x).shape.as_list() == [None, 3]


def test_relu6():
    y = tf.nn.relu6(tf.constant([-2.0, 3.0, 6.0, 9.0, np.nan]))
    assert y.name == "Relu6:0" and y.op.type == "Relu6"
    np.testing.assert_array_equal(run(y), [0.0, 3.0, 6.0, 6.0, np.nan])
    assert run(tf.nn.relu6(tf.constant([-1, 7, 4]))).tolist() == [0, 6, 4]


def test_elu_float64():
    x = np.array([-30.0, -1.0, -1e-3, 0.0, 2.0, 800.0])
    y = tf.nn.elu(tf.constant(x))
    assert y.dtype == tf.float64 and y.op.type == "Elu"
    np.testing.assert_allclose(run(y), np.where(x < 0, np.expm1(np.minimum(x, 0)), x), rtol=1e-12, atol=1e-15)
    with pytest.raises(TypeError, match="not in list of allowed values: float16, bfloat16, float32, float64"):
        tf.nn.elu(tf.constant([1, 2]))


def test_softplus_no_overflow():
    x = np.array([-100.0, -20.0, 0.0, 5.0, 20.0, 100.0, 1000.0], np.float32)
    y = run(tf.nn.softplus(tf.constant(x)))
    assert y.dtype == np.float32 and np.all(np.isfinite(y))
    np.testing.assert_allclose(y, np.logaddexp(0.0, x.astype(np.float64)), rtol=1e-6, atol=1.2e-38)


def test_leaky_relu_default_alpha_and_large_alpha():
    x = tf.constant([-2.0, -0.5, 0.0, 3.0, np.nan])
    y = tf.nn.leaky_relu(x)
    assert y.name == "LeakyRelu:0" and y.op.get_attr("alpha") == 0.2
    np.testing.assert_allclose(run(y), [-0.4, -0.1, 0.0, 3.0, np.nan], rtol=1e-6)
    np.testing.assert_array_equal(run(tf.nn.leaky_relu(x, alpha=2.0)), [-4.0, -1.0, 0.0, 3.0, np.nan])


def test_leaky_relu_float64_uses_float32_alpha_and_casts_ints(fresh_graph):
    value = run(tf.nn.leaky_relu(tf.constant([-1.0], tf.float64)))
    assert value[0] == -float(np.float32(0.2))  # TF's alpha attr is a 32-bit float
    y = tf.nn.leaky_relu(tf.constant([-10, 10]))
    assert y.dtype == tf.float32 and "LeakyRelu_1/Cast" in op_names(fresh_graph)
    np.testing.assert_allclose(run(y), [-2.0, 10.0])


def test_sigmoid_saturates_without_nan_and_is_precise():
    x = np.array([-100.0, -90.0, -20.0, 0.0, 20.0, 100.0], np.float32)
    y = run(tf.sigmoid(tf.constant(x)))
    assert y.dtype == np.float32 and not np.any(np.isnan(y))
    assert y[0] < 1e-38 and y[1] < 1e-38 and y[3] == 0.5 and y[4] == 1.0 and y[5] == 1.0
    np.testing.assert_allclose(y[2], 2.06115369216775e-09, rtol=1e-6)  # TF's value: relative precision kept
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(run(tf.sigmoid(tf.constant(z))), 1 / (1 + np.exp(-z)), rtol=1e-14)


def test_sigmoid_and_tanh_are_top_level_and_in_nn():
    assert tf.sigmoid is tf.nn.sigmoid and tf.tanh is tf.nn.tanh
    s, t = tf.sigmoid([0.0]), tf.tanh(tf.constant([0.5, -0.5]))
    assert (s.name, s.op.type, t.name, t.op.type) == ("Sigmoid:0", "Sigmoid", "Tanh:0", "Tanh")
    np.testing.assert_allclose(run(t), np.tanh([0.5, -0.5]), rtol=1e-6)
    assert run(tf.tanh(tf.constant([-100.0, 100.0]))).tolist() == [-1.0, 1.0]
    with pytest.raises(TypeError, match="DataType int32 not in list of allowed values"):
        tf.sigmoid(tf.constant([1, 2]))


# -- softmax --------------------------------------------------------------------------------------
def test_softmax_large_logits_and_minus_inf_rows():
    x = np.array([[1000.0, 0.0, -1000.0], [1.0, 2.0, 3.0], [5.0, 5.0, 5.0]], np.float32)
    y = run(tf.nn.softmax(tf.constant(x)))
    np.testing.assert_allclose(y, softmax_reference(x), rtol=1e-6, atol=1e-7)
    assert y[0].tolist() == [1.0, 0.0, 0.0]
    z = run(tf.nn.softmax(tf.constant([[1.0, -np.inf, 0.0], [-np.inf, -np.inf, -np.inf]])))
    np.testing.assert_allclose(z[0], [0.7310585, 0.0, 0.2689414], rtol=1e-6)
    assert np.all(np.isnan(z[1]))  # a row of only -inf is NaN in TF


def test_softmax_axis_and_dim(fresh_graph):
    x = np.random.RandomState(0).randn(2, 3, 4).astype(np.float32)
    t = tf.constant(x)
    for axis in (0, 1, 2, -1, -2, -3):
        np.testing.assert_allclose(run(tf.nn.softmax(t, axis=axis)), softmax_reference(x, axis), rtol=1e-5)
    np.testing.assert_allclose(run(tf.nn.softmax(t, dim=0)), softmax_reference(x, 0), rtol=1e-5)
    assert tf.nn.softmax(t, axis=2).op.type == "Softmax"  # the last axis needs no transpose
    y = tf.nn.softmax(t, axis=0, name="probs")
    assert y.name == "probs:0" and y.op.type == "Transpose" and y.shape.as_list() == [2, 3, 4]
    with pytest.raises(ValueError, match="both 'axis' and 'dim'"):
        tf.nn.softmax(t, axis=0, dim=0)
    with pytest.raises(InvalidArgumentError, match="must be in the range"):
        tf.nn.softmax(t, axis=3)


def test_softmax_errors():
    with pytest.raises(TypeError, match="parameter 'logits' has DataType int32 not in list of allowed values: "
                                        "float16, bfloat16, float32, float64"):
        tf.nn.softmax(tf.constant([1, 4]))
    with pytest.raises(ValueError, match="at least rank 1"):
        tf.nn.softmax(tf.constant(1.0))


def test_log_softmax_large_logits_float64_axis0():
    x = np.array([[1000.0, 0.0], [-1000.0, 1000.0], [0.5, 0.25]], np.float32)
    y = tf.nn.log_softmax(tf.constant(x))
    assert y.name == "LogSoftmax:0"
    np.testing.assert_allclose(run(y), [[0.0, -1000.0], [-2000.0, 0.0], [-0.5759394, -0.8259394]], rtol=1e-6)
    w = np.random.RandomState(1).randn(3, 2)
    expected = np.log(softmax_reference(w, 0))
    np.testing.assert_allclose(run(tf.nn.log_softmax(tf.constant(w), axis=0)), expected, rtol=1e-12)


# -- softmax cross entropy ------------------------------------------------------------------------
def xent_reference(labels, logits, axis=-1):
    logits = np.asarray(logits, np.float64)
    log_p = logits - logits.max(axis=axis, keepdims=True)
    log_p = log_p - np.log(np.exp(log_p).sum(axis=axis, keepdims=True))
    return -(np.asarray(labels, np.float64) * log_p).sum(axis=axis)


def test_softmax_xent_v2_values_and_backprop(fresh_graph):
    rng = np.random.RandomState(2)
    z = rng.randn(3, 4)
    labels = softmax_reference(rng.randn(3, 4))
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.constant(labels), logits=tf.constant(z))
    assert loss.name == "softmax_cross_entropy_with_logits:0" and loss.dtype == tf.float64
    assert loss.op.type == "SoftmaxCrossEntropyWithLogits" and loss.shape.as_list() == [3]
    value, backprop = run([loss, loss.op.outputs[1]])
    np.testing.assert_allclose(value, xent_reference(labels, z), rtol=1e-12)
    np.testing.assert_allclose(backprop, softmax_reference(z) - labels, rtol=1e-12, atol=1e-15)


def test_softmax_xent_v2_large_logits():
    z = np.array([[1000.0, 0.0, -5.0], [0.1, 0.2, 0.3], [-1000.0, 1000.0, 0.0]], np.float32)
    labels = np.array([[0.0, 1.0, 0.0], [0.2, 0.3, 0.5], [1.0, 0.0, 0.0]], np.float32)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.constant(labels), logits=tf.constant(z))
    value, backprop = run([loss, loss.op.outputs[1]])
    np.testing.assert_allclose(value, [1000.0, 1.071942925453186, 2000.0], rtol=1e-6)
    np.testing.assert_allclose(backprop[0], [1.0, -1.0, 0.0], atol=1e-7)


def test_softmax_xent_v2_rank3_axis_and_rank1(fresh_graph):
    rng = np.random.RandomState(3)
    z = rng.randn(2, 5, 3).astype(np.float32)
    labels = softmax_reference(rng.randn(2, 5, 3)).astype(np.float32)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=z)
    assert loss.shape.as_list() == [2, 5]
    np.testing.assert_allclose(run(loss), xent_reference(labels, z), rtol=1e-5)
    loss0 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=z, axis=1)
    assert loss0.shape.as_list() == [2, 3]
    np.testing.assert_allclose(run(loss0), xent_reference(labels, z, axis=1), rtol=1e-5)
    loss1 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=[0.0, 1.0], logits=[2.0, 1.0])
    assert loss1.shape.as_list() == []
    np.testing.assert_allclose(run(loss1), xent_reference([0, 1], [2, 1]), rtol=1e-6)


def test_softmax_xent_v2_unknown_batch_and_broadcast_labels():
    z = tf.placeholder(tf.float32, [None, 3])
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=[[0.0, 0.0, 1.0]], logits=z)
    assert loss.shape.as_list() == [None]
    feed = np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0]], np.float32)
    np.testing.assert_allclose(run(loss, {z: feed}), xent_reference([[0, 0, 1]], feed), rtol=1e-6)
    z3 = tf.placeholder(tf.float32, [None, 2, 3])
    loss3 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.nn.softmax(z3), logits=z3)
    assert loss3.shape.as_list() == [None, 2]
    assert run(loss3, {z3: np.zeros((4, 2, 3), np.float32)}).shape == (4, 2)


def test_softmax_xent_v2_casts_labels_and_checks_logits():
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.constant([[0.0, 1.0]], tf.float64),
                                                      logits=tf.constant([[1.0, 1.0]]))
    assert loss.dtype == tf.float32
    np.testing.assert_allclose(run(loss), [np.log(2.0)], rtol=1e-6)
    with pytest.raises(TypeError, match="not in list of allowed values"):
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.constant([[1, 0]]), logits=tf.constant([[1, 0]]))
    with pytest.raises(ValueError):
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.zeros([2, 4]), logits=tf.zeros([2, 3]))


def test_softmax_xent_v1_stops_label_gradient(fresh_graph):
    z = tf.placeholder(tf.float32, [2, 3], name="z")
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.nn.softmax(z), logits=z)
    assert loss.name == "softmax_cross_entropy_with_logits_sg:0"
    assert loss.op.inputs[1].op.type == "StopGradient"
    assert loss.op.inputs[1].name == "softmax_cross_entropy_with_logits_sg/labels_stop_gradient:0"
    feed = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], np.float32)
    np.testing.assert_allclose(run(loss, {z: feed}), xent_reference(softmax_reference(feed), feed), rtol=1e-5)
    with pytest.raises(ValueError, match="named arguments"):
        tf.nn.softmax_cross_entropy_with_logits(z, z)
    with pytest.raises(ValueError, match="Both labels and logits"):
        tf.nn.softmax_cross_entropy_with_logits(logits=z)


def test_sparse_softmax_xent(fresh_graph):
    rng = np.random.RandomState(4)
    z = rng.randn(4, 3).astype(np.float32)
    labels = np.array([0, 2, 1, 1])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=z)
    assert loss.name == "SparseSoftmaxCrossEntropyWithLogits/SparseSoftmaxCrossEntropyWithLogits:0"
    assert loss.op.get_attr("Tlabels") == tf.int64 and loss.shape.as_list() == [4]
    value, backprop = run([loss, loss.op.outputs[1]])
    np.testing.assert_allclose(value, xent_reference(np.eye(3)[labels], z), rtol=1e-5)
    np.testing.assert_allclose(backprop, softmax_reference(z) - np.eye(3)[labels], atol=1e-6)
    big = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[1, 0], logits=[[1000.0, 0.0], [0.0, 1000.0]])
    np.testing.assert_allclose(run(big), [1000.0, 1000.0])


def test_sparse_softmax_xent_label_out_of_range_and_shapes():
    labels = tf.placeholder(tf.int32, [None])
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=tf.zeros([3, 3]))
    with pytest.raises(InvalidArgumentError, match=r"label value of 5 which is outside the valid range of "
                                                   r"\[0, 3\).  Label values: 0 5 1"):
        run(loss, {labels: np.array([0, 5, 1], np.int32)})
    with pytest.raises(ValueError, match="rank"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[0]], logits=tf.zeros([1, 3]))
    with pytest.raises(ValueError, match="except for the last dimension"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 1], logits=tf.zeros([3, 3]))
    with pytest.raises(TypeError, match="not in list of allowed values: int32, int64"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0.0], logits=tf.zeros([1, 3]))


def test_sparse_softmax_xent_rank3():
    z = np.random.RandomState(5).randn(2, 2, 3).astype(np.float32)
    labels = np.array([[0, 2], [1, 1]], np.int32)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=z)
    assert loss.shape.as_list() == [2, 2]
    np.testing.assert_allclose(run(loss), xent_reference(np.eye(3)[labels], z), rtol=1e-5)


# -- sigmoid cross entropy ------------------------------------------------------------------------
def test_sigmoid_xent_extremes():
    z = tf.constant([0.0, 0.0, 100.0, -100.0, 40.0])
    labels = tf.constant([0.0, 1.0, 0.0, 1.0, 1.0])
    loss = run(tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=z))
    np.testing.assert_allclose(loss, [0.6931472, 0.6931472, 100.0, 100.0, 4.24835413113866e-18], rtol=1e-6)


def test_sigmoid_xent_graph_like_tensorflow(fresh_graph):
    z = tf.placeholder(tf.float64, [None, 2], name="z")
    labels = tf.placeholder(tf.float64, [None, 2], name="labels")
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=z)
    assert loss.name == "logistic_loss:0" and loss.op.type == "AddV2" and loss.shape.as_list() == [None, 2]
    types = {op.name: op.type for op in fresh_graph.get_operations()}
    assert types["logistic_loss/GreaterEqual"] == "GreaterEqual"
    assert types["logistic_loss/Select"] == types["logistic_loss/Select_1"] == "Select"
    assert types["logistic_loss/Log1p"] == "Log1p" and types["logistic_loss/Exp"] == "Exp"
    feed_z, feed_l = np.array([[0.5, -3.0], [2.0, 0.0]]), np.array([[1.0, 0.0], [0.25, 1.0]])
    expected = np.maximum(feed_z, 0) - feed_z * feed_l + np.log1p(np.exp(-np.abs(feed_z)))
    np.testing.assert_allclose(run(loss, {z: feed_z, labels: feed_l}), expected, rtol=1e-14)


def test_sigmoid_xent_argument_checks():
    with pytest.raises(ValueError, match="logits and labels must have the same shape"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros([2]), logits=tf.zeros([3]))
    with pytest.raises(ValueError, match="named arguments"):
        tf.nn.sigmoid_cross_entropy_with_logits(tf.zeros([2]), tf.zeros([2]))


# -- l2_loss, bias_add ----------------------------------------------------------------------------
def test_l2_loss():
    x = np.random.RandomState(6).randn(5, 7)
    loss = tf.nn.l2_loss(tf.constant(x))
    assert loss.name == "L2Loss:0" and loss.shape.as_list() == [] and loss.dtype == tf.float64
    np.testing.assert_allclose(run(loss), (x ** 2).sum() / 2, rtol=1e-14)
    assert run(tf.nn.l2_loss(tf.constant([3.0, 4.0]))) == 12.5
    with pytest.raises(TypeError, match="parameter 't' has DataType int32"):
        tf.nn.l2_loss(tf.constant([1, 2]))


def test_bias_add_channels_last_and_first():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    y = tf.nn.bias_add(tf.constant(x), [1.0, 2.0, 3.0, 4.0])
    assert y.name == "BiasAdd:0" and y.op.inputs[1].name == "BiasAdd/bias:0"
    np.testing.assert_array_equal(run(y), x + [1.0, 2.0, 3.0, 4.0])
    z = tf.nn.bias_add(tf.constant(x), [10.0, 20.0, 30.0], data_format="NCW")
    assert z.op.get_attr("data_format") == "NCHW"
    np.testing.assert_array_equal(run(z), x + np.array([10.0, 20.0, 30.0])[:, None])
    assert run(tf.nn.bias_add(tf.constant([[1, 2]]), [10, 20])).tolist() == [[11, 22]]


def test_bias_add_errors():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.nn.bias_add(tf.zeros([2, 3]), [1.0, 2.0])
    with pytest.raises(ValueError, match="at least rank 2"):
        tf.nn.bias_add(tf.zeros([3]), [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="data_format"):
        tf.nn.bias_add(tf.zeros([2, 3]), [1.0, 2.0, 3.0], data_format="CHW")
    with pytest.raises(ValueError, match="requested dtype float32 for Tensor with dtype float64"):
        tf.nn.bias_add(tf.zeros([2, 3]), tf.zeros([3], tf.float64))


# -- dropout --------------------------------------------------------------------------------------
def test_dropout_keeps_and_scales(fresh_graph):
    x = tf.ones([200, 50])
    y = tf.nn.dropout(x, keep_prob=0.25)
    assert y.name == "dropout/SelectV2:0" and y.shape.as_list() == [200, 50]
    assert "dropout/GreaterEqual" in op_names(fresh_graph) and "dropout/Mul" in op_names(fresh_graph)
    value = run(y)
    assert set(np.unique(value).tolist()) == {0.0, 4.0}
    assert abs((value > 0).mean() - 0.25) < 0.03


def test_dropout_rate_zero_and_argument_checks():
    x = tf.ones([3])
    assert tf.nn.dropout(x, rate=0.0) is x
    with pytest.raises(ValueError, match="both"):
        tf.nn.dropout(x, keep_prob=0.5, rate=0.5)
    with pytest.raises(ValueError, match="range"):
        tf.nn.dropout(x, rate=1.0)
    with pytest.raises(ValueError, match="floating point"):
        tf.nn.dropout(tf.constant([1, 2]), keep_prob=0.5)
    with pytest.raises(ValueError, match="must be provided"):
        tf.nn.dropout(x)


def test_dropout_seeded_unknown_batch_noise_shape_and_tensor_rate():
    tf.set_random_seed(7)
    x = tf.placeholder(tf.float32, [None, 4])
    feed = {x: np.ones((64, 4), np.float32)}
    y = tf.nn.dropout(x, keep_prob=0.5)  # noise shape from a Shape op: the batch is only known at run time
    assert y.shape.as_list() == [None, 4]
    value = run(y, feed)
    assert value.shape == (64, 4) and set(np.unique(value).tolist()) == {0.0, 2.0}
    np.testing.assert_array_equal(run(y, feed), value)  # seeded: every session draws the same
    rows = run(tf.nn.dropout(x, keep_prob=0.5, noise_shape=[64, 1]), feed)
    assert np.all(rows == rows[:, :1]) and 0 < rows[:, 0].sum() < 128  # whole rows kept or dropped
    with pytest.raises(ValueError, match="partially known TensorShape"):
        tf.nn.dropout(x, keep_prob=0.5, noise_shape=[None, 1])
    keep = tf.placeholder(tf.float32, [])
    z = tf.nn.dropout(x, keep_prob=keep)
    assert z.shape.as_list() == [None, 4] and z.op.inputs[1].op.type == "RealDiv"
    assert np.all(run(z, {x: feed[x], keep: 1.0}) == 1.0)


# -- xw_plus_b ------------------------------------------------------------------------------------
def test_xw_plus_b(fresh_graph):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = np.arange(6, dtype=np.float32).reshape(3, 2)
    y = tf.nn.xw_plus_b(x, w, [1.0, -1.0])
    assert (y.name, y.op.type, y.shape.as_list()) == ("xw_plus_b:0", "BiasAdd", [None, 2])
    assert y.op.inputs[0].name == "xw_plus_b/MatMul:0"
    assert {"xw_plus_b/weights", "xw_plus_b/biases"} <= set(op_names(fresh_graph))
    feed = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 0.5]], np.float32)
    np.testing.assert_allclose(run(y, {x: feed}), feed @ w + [1.0, -1.0], rtol=1e-6)
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.nn.xw_plus_b(x, tf.zeros([4, 2]), [0.0, 0.0])


# -- moments, l2_normalize, embedding_lookup ------------------------------------------------------
def test_moments_values_names_and_keepdims(fresh_graph):
    x = np.random.RandomState(8).randn(4, 3, 2)
    mean, variance = tf.nn.moments(tf.constant(x), axes=[0, 2])
    assert mean.shape.as_list() == [3] and variance.shape.as_list() == [3] and mean.dtype == tf.float64
    names = op_names(fresh_graph)
    assert {"moments/mean", "moments/variance", "moments/StopGradient", "moments/SquaredDifference"} <= set(names)
    m, v = run([mean, variance])
    np.testing.assert_allclose(m, x.mean(axis=(0, 2)), rtol=1e-12)
    np.testing.assert_allclose(v, x.var(axis=(0, 2)), rtol=1e-12)
    kept_mean, _ = tf.nn.moments(tf.constant(x), axes=[1], keep_dims=True)
    assert kept_mean.shape.as_list() == [4, 1, 2]
    half_mean, half_var = tf.nn.moments(tf.constant([1.0, 3.0], tf.float16), axes=[0])
    assert half_mean.dtype == tf.float16 and run([half_mean, half_var]) == [2.0, 1.0]


def test_l2_normalize():
    x = np.array([[3.0, 4.0], [1e-9, 0.0]])
    y = tf.nn.l2_normalize(tf.constant(x), axis=1)
    assert y.name == "l2_normalize:0"
    expected = x / np.sqrt(np.maximum((x ** 2).sum(axis=1, keepdims=True), 1e-12))
    np.testing.assert_allclose(run(y), expected, rtol=1e-12)
    np.testing.assert_allclose(run(tf.nn.l2_normalize(tf.constant(x), dim=0)),
                               x / np.sqrt((x ** 2).sum(axis=0, keepdims=True)), rtol=1e-12)


def test_embedding_lookup_variable_and_tensor(fresh_graph):
    table = np.arange(10, dtype=np.float32).reshape(5, 2)
    v = tf.get_variable("emb", initializer=table)
    ids = tf.placeholder(tf.int32, [None])
    rows = tf.nn.embedding_lookup(v, ids)
    assert rows.name == "embedding_lookup/Identity:0" and rows.shape.as_list() == [None, 2]
    gather = rows.op.inputs[0].op
    assert gather.name == "embedding_lookup" and gather.type == "GatherV2"
    assert gather.get_attr("_class") == [b"loc:@emb"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(rows, {ids: [4, 0, 4]}), table[[4, 0, 4]])
        with pytest.raises(InvalidArgumentError):
            sess.run(rows, {ids: [5]})
    nested = tf.nn.embedding_lookup([tf.constant(table)], [[1, 2], [3, 4]], name="lookup")
    assert nested.shape.as_list() == [2, 2, 2]
    np.testing.assert_array_equal(run(nested), table[[[1, 2], [3, 4]]])
    with pytest.raises(NotImplementedError, match="partitions"):
        tf.nn.embedding_lookup([tf.constant(table), tf.constant(table)], [0])
    with pytest.raises(ValueError, match="Need at least one param"):
        tf.nn.embedding_lookup([], [0])


def test_failed_calls_leave_no_ops(fresh_graph):
    x = tf.placeholder(tf.float32, [2, 3])
    wide = tf.placeholder(tf.float32, [2, 4])
    before = op_names(fresh_graph)
    with pytest.raises(InvalidArgumentError):
        tf.nn.softmax([[1.0, 2.0]], axis=4)
    with pytest.raises(ValueError):
        tf.nn.softmax_cross_entropy_with_logits(labels=wide, logits=x)
    with pytest.raises(ValueError):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=[1.0, 0.0], logits=x)
    with pytest.raises(ValueError):
        tf.nn.dropout([1.0, 2.0], rate=[0.5, 0.5])
    with pytest.raises(TypeError):
        tf.nn.relu6([True])
    assert op_names(fresh_graph) == before


# -- selu, softsign, relu_layer, weighted cross entropy -------------------------------------------
def test_selu_and_softsign():
    x = np.array([-3.0, -0.5, 0.0, 2.0, 500.0])
    alpha, scale = 1.6732632423543772, 1.0507009873554805
    selu = run(tf.nn.selu(tf.constant(x)))
    np.testing.assert_allclose(selu, scale * np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))), rtol=1e-12)
    y = tf.nn.softsign(tf.constant(x))
    assert y.op.type == "Softsign"
    np.testing.assert_allclose(run(y), x / (1 + np.abs(x)), rtol=1e-15)
    with pytest.raises(TypeError, match="not in list of allowed values"):
        tf.nn.selu(tf.constant([1]))


def test_relu_layer(fresh_graph):
    x = np.array([[1.0, -2.0]], np.float32)
    w = np.array([[1.0, 2.0], [3.0, -1.0]], np.float32)
    y = tf.nn.relu_layer(x, w, [1.0, -5.0])
    assert (y.name, y.op.type) == ("relu_layer:0", "Relu")
    assert {"relu_layer/MatMul", "relu_layer/BiasAdd"} <= set(op_names(fresh_graph))
    np.testing.assert_allclose(run(y), np.maximum(x @ w + [1.0, -5.0], 0))


def test_weighted_cross_entropy_matches_formula_and_extremes():
    z = np.array([0.0, 2.0, -3.0, 100.0, -100.0])
    labels = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    loss = tf.nn.weighted_cross_entropy_with_logits(targets=tf.constant(labels), logits=tf.constant(z),
                                                    pos_weight=2.5)
    assert loss.name == "logistic_loss:0"
    expected = (1 - labels) * z + (1 + 1.5 * labels) * (np.log1p(np.exp(-np.abs(z))) + np.maximum(-z, 0))
    value = run(loss)
    assert np.all(np.isfinite(value))
    np.testing.assert_allclose(value, expected, rtol=1e-12)
    with pytest.raises(ValueError, match="same shape"):
        tf.nn.weighted_cross_entropy_with_logits(labels=tf.zeros([2]), logits=tf.zeros([3]), pos_weight=1.0)
