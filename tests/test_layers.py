"""Tests for tf.layers (Dense, Dropout, Flatten, Layer), tf.contrib.layers (fully_connected, xavier and
variance-scaling initializers) and tf.train's learning-rate schedules: names as TensorFlow 1.15 gives
them, reuse semantics, collections, values against numpy, and a tf.layers MLP that trains."""

import math

import numpy as np
import pytest

import graphscope as tf


def op_names(graph, prefix=""):
    return [op.name for op in graph.get_operations() if op.name.startswith(prefix)]


def names(items):
    return [item.name for item in items]


def run(fetches, feed_dict=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed_dict)


X = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]], np.float32)
W = np.array([[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]], np.float32)
B = np.array([0.25, -0.75], np.float32)


# -- tf.layers.dense: names ------------------------------------------------------------------------------


def test_dense_variables_and_ops_are_named_as_tensorflow_names_them(g):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.layers.dense(x, 2, activation=tf.nn.relu)
    assert names(tf.global_variables()) == ["dense/kernel:0", "dense/bias:0"]
    assert names(tf.trainable_variables()) == ["dense/kernel:0", "dense/bias:0"]
    assert y.name == "dense/Relu:0"
    assert op_names(g, "dense/") == [
        "dense/kernel/Initializer/random_uniform/shape", "dense/kernel/Initializer/random_uniform/min",
        "dense/kernel/Initializer/random_uniform/max", "dense/kernel/Initializer/random_uniform/RandomUniform",
        "dense/kernel/Initializer/random_uniform/sub", "dense/kernel/Initializer/random_uniform/mul",
        "dense/kernel/Initializer/random_uniform", "dense/kernel", "dense/kernel/Assign", "dense/kernel/read",
        "dense/bias/Initializer/zeros", "dense/bias", "dense/bias/Assign", "dense/bias/read",
        "dense/MatMul", "dense/BiasAdd", "dense/Relu"]
    matmul = g.get_operation_by_name("dense/MatMul")
    assert [t.name for t in matmul.inputs] == ["x:0", "dense/kernel/read:0"]
    assert y.shape.as_list() == [None, 2]


def test_dense_without_name_counts_up_and_a_name_scope_prefixes_only_the_ops(g):
    x = tf.placeholder(tf.float32, [None, 3])
    a = tf.layers.dense(x, 2)
    b = tf.layers.dense(a, 2)
    with tf.name_scope("block"):
        c = tf.layers.dense(b, 2, name="fc1")
    with tf.variable_scope("model"):
        d = tf.layers.dense(c, 2)
    assert [a.name, b.name, c.name, d.name] == ["dense/BiasAdd:0", "dense_1/BiasAdd:0", "block/fc1/BiasAdd:0",
                                                "model/dense/BiasAdd:0"]
    assert names(tf.global_variables()) == [
        "dense/kernel:0", "dense/bias:0", "dense_1/kernel:0", "dense_1/bias:0", "fc1/kernel:0", "fc1/bias:0",
        "model/dense/kernel:0", "model/dense/bias:0"]


def test_dense_activation_names_and_no_bias(g):
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.layers.dense(x, 2, activation=tf.nn.sigmoid).name == "dense/Sigmoid:0"
    assert tf.layers.dense(x, 2, activation="tanh").name == "dense_1/Tanh:0"
    assert tf.layers.dense(x, 2, activation=None).name == "dense_2/BiasAdd:0"
    y = tf.layers.dense(x, 2, use_bias=False)
    assert y.name == "dense_3/MatMul:0"
    assert "dense_3/bias:0" not in names(tf.global_variables())
    with pytest.raises(ValueError, match="Unknown activation function:nope"):
        tf.layers.dense(x, 2, activation="nope")


# -- values ------------------------------------------------------------------------------------------


def test_dense_computes_relu_of_x_w_plus_b(g):
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.layers.dense(x, 2, activation=tf.nn.relu, kernel_initializer=tf.constant_initializer(W),
                        bias_initializer=tf.constant_initializer(B))
    np.testing.assert_allclose(run(y, {x: X}), np.maximum(X @ W + B, 0), rtol=1e-6)


def test_dense_on_rank_3_inputs_uses_tensordot(g):
    x = tf.placeholder(tf.float32, [None, 4, 3], name="x")
    y = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer(W),
                        bias_initializer=tf.constant_initializer(B))
    assert y.shape.as_list() == [None, 4, 2]
    assert y.op.inputs[0].name == "dense/Tensordot:0"
    assert "dense/Tensordot/MatMul" in op_names(g, "dense/")
    value = np.random.RandomState(0).randn(5, 4, 3).astype(np.float32)
    np.testing.assert_allclose(run(y, {x: value}), np.einsum("bti,io->bto", value, W) + B, rtol=1e-5, atol=1e-6)
    # a fully known shape takes TF's static path (constant shapes)
    z = tf.layers.dense(tf.constant(value), 2, kernel_initializer=tf.constant_initializer(W))
    assert z.shape.as_list() == [5, 4, 2]
    assert "dense_1/Tensordot/Reshape/shape" in op_names(g, "dense_1/")
    np.testing.assert_allclose(run(z), np.einsum("bti,io->bto", value, W), rtol=1e-5, atol=1e-6)


def test_default_kernel_initializer_is_glorot_uniform_and_the_scope_initializer_wins(g):
    x = tf.placeholder(tf.float32, [None, 30])
    tf.layers.dense(x, 20)
    with tf.variable_scope("scoped", initializer=tf.ones_initializer()):
        tf.layers.dense(x, 20)
    kernel, scoped_kernel, scoped_bias = run(["dense/kernel:0", "scoped/dense/kernel:0", "scoped/dense/bias:0"])
    limit = math.sqrt(6.0 / (30 + 20))
    assert np.abs(kernel).max() <= limit and np.abs(kernel).max() > 0.8 * limit
    assert np.all(scoped_kernel == 1.0)
    assert np.all(scoped_bias == 0.0)  # the bias has its own (zeros) initializer


# -- reuse ---------------------------------------------------------------------------------------------


def test_reuse_true_with_the_same_name_shares_variables(g):
    x = tf.placeholder(tf.float32, [None, 3])
    a = tf.layers.dense(x, 2, name="fc")
    b = tf.layers.dense(x, 2, name="fc", reuse=True)
    assert names(tf.global_variables()) == ["fc/kernel:0", "fc/bias:0"]
    assert (a.name, b.name) == ("fc/BiasAdd:0", "fc_1/BiasAdd:0")
    assert b.op.inputs[0].op.inputs[1].name == "fc/kernel/read:0"
    np.testing.assert_allclose(*run([a, b], {x: X}))


def test_auto_reuse_creates_then_shares(g):
    x = tf.placeholder(tf.float32, [None, 3])
    for _ in range(3):
        tf.layers.dense(x, 2, name="fc", reuse=tf.AUTO_REUSE)
    with tf.variable_scope("outer", reuse=tf.AUTO_REUSE):
        tf.layers.dense(x, 2, name="fc")
        tf.layers.dense(x, 2, name="fc")
    assert names(tf.global_variables()) == ["fc/kernel:0", "fc/bias:0", "outer/fc/kernel:0", "outer/fc/bias:0"]


def test_a_reused_enclosing_scope_shares_unnamed_layers(g):
    def model(x):
        return tf.layers.dense(tf.layers.dense(x, 4, activation=tf.nn.relu), 2)

    x = tf.placeholder(tf.float32, [None, 3])
    with tf.variable_scope("model"):
        train_out = model(x)
    with tf.variable_scope("model", reuse=True):
        eval_out = model(x)
    assert names(tf.global_variables()) == ["model/dense/kernel:0", "model/dense/bias:0",
                                            "model/dense_1/kernel:0", "model/dense_1/bias:0"]
    assert (train_out.name, eval_out.name) == ("model/dense_1/BiasAdd:0", "model_1/dense_1/BiasAdd:0")
    np.testing.assert_allclose(*run([train_out, eval_out], {x: X}))


def test_same_name_without_reuse_or_reuse_of_a_missing_layer_is_an_error(g):
    x = tf.placeholder(tf.float32, [None, 3])
    tf.layers.dense(x, 2, name="fc")
    with pytest.raises(ValueError, match="Variable fc/kernel already exists, disallowed"):
        tf.layers.dense(x, 2, name="fc")
    with pytest.raises(ValueError, match="Variable other/kernel does not exist"):
        tf.layers.dense(x, 2, name="other", reuse=True)
    with pytest.raises(ValueError, match=r"Trying to share variable fc/kernel, but specified shape \(3, 5\)"):
        tf.layers.dense(x, 5, name="fc", reuse=True)


def test_a_failed_dense_leaves_no_trace(g):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    before = op_names(g)
    with pytest.raises(ValueError, match="last dimension of the inputs to `Dense` should be defined"):
        tf.layers.dense(tf.placeholder(tf.float32, [None, None], name="unknown"), 2)
    with pytest.raises(ValueError, match="does not exist"):
        tf.layers.dense(x, 2, reuse=True)
    assert op_names(g) == before + ["unknown"]
    assert tf.global_variables() == []
    assert tf.layers.dense(x, 2).name == "dense/BiasAdd:0"  # the failures consumed no name


# -- the Dense layer object ----------------------------------------------------------------------------


def test_dense_layer_object_builds_on_first_call_and_shares_afterwards(g):
    x = tf.placeholder(tf.float32, [None, 3])
    layer = tf.layers.Dense(2, activation=tf.nn.relu)
    assert not layer.built and layer.variables == [] and layer.name == "dense_1"  # TF 1.15 counts names from 1
    y1 = layer(x)
    y2 = layer.apply(x * 2.0)
    assert layer.built and layer.scope_name == "dense"
    assert names(layer.variables) == names(layer.weights) == ["dense/kernel:0", "dense/bias:0"]
    assert layer.trainable_variables == [layer.kernel, layer.bias] == layer.trainable_weights
    assert layer.non_trainable_variables == []
    assert names(tf.global_variables()) == ["dense/kernel:0", "dense/bias:0"]
    assert (y1.name, y2.name) == ("dense/Relu:0", "dense/Relu_1:0")
    assert layer.kernel.shape.as_list() == [3, 2] and layer.bias.shape.as_list() == [2]
    assert layer.count_params() == 8
    assert layer.dtype == "float32"
    assert layer.compute_output_shape([None, 7, 3]).as_list() == [None, 7, 2]


def test_dense_layer_checks_its_inputs(g):
    layer = tf.layers.Dense(2)
    with pytest.raises(ValueError, match="expected min_ndim=2, found ndim=1"):
        layer(tf.zeros([3]))
    with pytest.raises(ValueError, match="its rank is undefined"):
        layer(tf.placeholder(tf.float32))
    layer(tf.zeros([1, 3]))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3"):
        layer(tf.zeros([1, 4]))
    with pytest.raises(TypeError, match="non-floating point dtype"):
        tf.layers.dense(tf.zeros([1, 3], tf.int32), 2)
    with pytest.raises(ValueError, match="isn't built"):
        tf.layers.Dense(3).count_params()


def test_a_layer_is_bound_to_the_graph_of_its_first_call():
    layer = tf.layers.Dense(1)
    with tf.Graph().as_default():
        layer.apply(tf.constant([[1.0]]))
    with tf.Graph().as_default(), pytest.raises(ValueError, match="Input graph and Layer graph are not the same"):
        layer.apply(tf.constant([[1.0]]))


def test_trainable_false_keeps_variables_out_of_trainable_variables(g):
    x = tf.placeholder(tf.float32, [None, 3])
    layer = tf.layers.Dense(2, trainable=False)
    layer(x)
    assert names(tf.global_variables()) == ["dense/kernel:0", "dense/bias:0"]
    assert tf.trainable_variables() == []
    assert layer.trainable_weights == [] and names(layer.non_trainable_weights) == ["dense/kernel:0", "dense/bias:0"]


def test_kernel_constraint_is_applied_after_an_optimizer_step(g):
    x = tf.constant(X)
    y = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer(W),
                        kernel_constraint=lambda k: tf.clip_by_value(k, -0.1, 0.1))
    train = tf.train.GradientDescentOptimizer(0.0).minimize(tf.reduce_sum(y))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        assert np.abs(sess.run("dense/kernel:0")).max() <= 0.1 + 1e-7


# -- regularization ------------------------------------------------------------------------------------


def test_kernel_and_bias_regularizers_go_to_regularization_losses_once(g):
    x = tf.placeholder(tf.float32, [None, 3])
    layer = tf.layers.Dense(2, kernel_initializer=tf.constant_initializer(W),
                            bias_initializer=tf.constant_initializer(B),
                            kernel_regularizer=tf.contrib.layers.l2_regularizer(0.5),
                            bias_regularizer=tf.contrib.layers.l1_regularizer(0.1))
    layer(x)
    layer(x)  # a second call creates no more penalties
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert names(losses) == ["dense/kernel/Regularizer/l2_regularizer:0", "dense/bias/Regularizer/l1_regularizer:0"]
    assert layer.losses == losses
    kernel_penalty, bias_penalty, total = run(losses + [tf.losses.get_regularization_loss()])
    np.testing.assert_allclose(kernel_penalty, 0.5 * np.sum(W ** 2) / 2, rtol=1e-6)
    np.testing.assert_allclose(bias_penalty, 0.1 * np.sum(np.abs(B)), rtol=1e-6)
    np.testing.assert_allclose(total, kernel_penalty + bias_penalty, rtol=1e-6)


def test_reusing_a_regularized_layer_adds_no_second_penalty(g):
    x = tf.placeholder(tf.float32, [None, 3])
    reg = tf.contrib.layers.l2_regularizer(0.1)
    tf.layers.dense(x, 2, name="fc", kernel_regularizer=reg)
    tf.layers.dense(x, 2, name="fc", kernel_regularizer=reg, reuse=True)
    assert names(tf.losses.get_regularization_losses()) == ["fc/kernel/Regularizer/l2_regularizer:0"]


def test_activity_regularizer_penalty_is_divided_by_the_batch_size(g):
    x = tf.placeholder(tf.float32, [None, 3])
    layer = tf.layers.Dense(2, kernel_initializer=tf.constant_initializer(W),
                            activity_regularizer=tf.contrib.layers.l1_regularizer(0.01))
    y = layer(x)
    (penalty,) = layer.get_losses_for([x])
    assert penalty.name == "dense/ActivityRegularizer/truediv:0"
    assert layer.get_losses_for(None) == [] and tf.losses.get_regularization_losses() == [penalty]
    out, value = run([y, penalty], {x: X})
    np.testing.assert_allclose(value, 0.01 * np.abs(out).sum() / len(X), rtol=1e-5)


# -- dropout and flatten -------------------------------------------------------------------------------


def test_dropout_is_the_identity_unless_training(g):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    y = tf.layers.dropout(x, rate=0.5)
    assert y.name == "dropout/Identity:0"
    np.testing.assert_array_equal(run(y, {x: X}), X)


def test_dropout_training_drops_and_scales(g):
    x = tf.ones([200, 50])
    y = tf.layers.dropout(x, rate=0.3, training=True, seed=3)
    assert y.name.startswith("dropout/dropout/")
    value = run(y)
    np.testing.assert_allclose(np.unique(value), [0.0, 1 / 0.7], rtol=1e-6)
    assert 0.65 < np.mean(value > 0) < 0.75


def test_dropout_with_a_training_tensor_selects_at_run_time(g):
    x = tf.placeholder(tf.float32, [None, 1000], name="x")
    training = tf.placeholder_with_default(False, [], name="training")
    y = tf.layers.dropout(x, rate=0.5, training=training)
    assert y.name == "dropout/cond/SelectV2:0"
    assert "dropout/cond/Identity" in op_names(g) and "dropout/cond/dropout/SelectV2" in op_names(g)
    ones = np.ones([2, 1000], np.float32)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {x: ones}), ones)
        dropped = sess.run(y, {x: ones, training: True})
    assert set(np.unique(dropped)) == {0.0, 2.0}
    # a training tensor of known value picks the branch while the graph is built, as TF's smart_cond
    assert tf.layers.dropout(x, training=tf.constant(False)).name == "dropout_1/Identity:0"


def test_dropout_noise_shape_with_an_unknown_entry(g):
    x = tf.placeholder(tf.float32, [None, 4])
    y = tf.layers.dropout(x, rate=0.5, noise_shape=[None, 1], training=True)
    value = run(y, {x: np.ones([50, 4], np.float32)})
    assert all(len(set(row)) == 1 for row in value.tolist())


def test_dropout_gradient_flows_through_kept_units_only(g):
    x = tf.ones([4, 5])
    training = tf.placeholder(tf.bool, [])
    y = tf.layers.dropout(x, rate=0.5, training=training, seed=1)
    (grad,) = tf.gradients(tf.reduce_sum(y), [x])
    with tf.Session() as sess:
        out, dx = sess.run([y, grad], {training: True})
        np.testing.assert_array_equal(dx, out)  # d(x * mask * 2)/dx = mask * 2 = y for x = 1
        np.testing.assert_array_equal(sess.run(grad, {training: False}), np.ones([4, 5]))


def test_flatten_names_shapes_and_values(g):
    x = tf.placeholder(tf.float32, [None, 2, 3], name="x")
    y = tf.layers.flatten(x)
    assert (y.name, y.shape.as_list()) == ("flatten/Reshape:0", [None, 6])
    value = np.arange(12, dtype=np.float32).reshape(2, 2, 3)
    np.testing.assert_array_equal(run(y, {x: value}), value.reshape(2, 6))
    unknown = tf.layers.flatten(tf.placeholder(tf.float32, [None, None, 3]))
    assert unknown.name == "flatten_1/Reshape:0" and unknown.shape.as_list() == [None, None]
    channels_first = tf.layers.flatten(tf.constant(value), data_format="channels_first")
    np.testing.assert_array_equal(run(channels_first), value.transpose(0, 2, 1).reshape(2, 6))
    assert tf.layers.Flatten()(tf.zeros([4])).shape.as_list() == [4, 1]
    with pytest.raises(ValueError, match="data_format"):
        tf.layers.Flatten(data_format="nhwc")


# -- custom layers -------------------------------------------------------------------------------------


class Scale(tf.layers.Layer):
    def build(self, input_shape):
        self.factor = self.add_weight("factor", [int(input_shape[-1])], initializer=tf.ones_initializer())
        self.count = self.add_weight("count", [], dtype=tf.int32, trainable=False)
        self.add_update(tf.assign_add(self.count, 1))

    def call(self, inputs):
        return inputs * self.factor


def test_custom_layer_weights_updates_and_scopes(g):
    x = tf.placeholder(tf.float32, [None, 2])
    layer = Scale()
    y = layer(x)
    assert names(layer.trainable_weights) == ["scale/factor:0"]
    assert names(layer.non_trainable_weights) == ["scale/count:0"]
    assert names(layer.weights) == ["scale/factor:0", "scale/count:0"]
    assert y.name == "scale/mul:0"
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == layer.updates
    assert layer.get_updates_for(None) == layer.updates
    assert Scale(name="my_scale")(x).name == "my_scale/mul:0"
    with tf.variable_scope("outer"):
        assert Scale()(x).name == "outer/scale/mul:0"


def test_layer_properties_before_use(g):
    layer = tf.layers.Layer(name="my_layer", trainable=False)
    assert (layer.variables, layer.losses, layer.updates, layer.built, layer.trainable) == ([], [], [], False, False)
    with pytest.raises(ValueError, match="has not been used yet"):
        _ = layer.scope_name
    with pytest.raises(TypeError, match="Keyword argument not understood"):
        tf.layers.Layer(nonsense=1)
    v = layer.add_variable("v", [2], initializer=tf.zeros_initializer())
    assert v.name == "my_layer/v:0" and layer.scope_name == "my_layer"


# -- training ------------------------------------------------------------------------------------------


def test_a_tf_layers_mlp_trains_with_gradient_descent(g):
    tf.set_random_seed(0)
    rng = np.random.RandomState(0)
    data = rng.randn(64, 4).astype(np.float32)
    labels = (data[:, 0] * data[:, 1] > 0).astype(np.int32)
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")
    training = tf.placeholder_with_default(False, [], name="training")
    h = tf.layers.dense(x, 16, activation=tf.nn.relu, kernel_regularizer=tf.contrib.layers.l2_regularizer(1e-4))
    h = tf.layers.dropout(h, rate=0.1, training=training)
    logits = tf.layers.dense(h, 2)
    loss = tf.losses.sparse_softmax_cross_entropy(labels=y, logits=logits) + tf.losses.get_regularization_loss()
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(0.5, step, 100, 0.96)
    train = tf.train.GradientDescentOptimizer(lr).minimize(loss, global_step=step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        first = sess.run(loss, {x: data, y: labels})
        for _ in range(150):
            sess.run(train, {x: data, y: labels, training: True})
        last = sess.run(loss, {x: data, y: labels})
        assert sess.run(step) == 150
    assert last < 0.6 * first


def test_dense_gradients_match_numpy(g):
    x = tf.constant(X)
    y = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer(W),
                        bias_initializer=tf.constant_initializer(B))
    loss = tf.reduce_sum(tf.square(y))
    layer_vars = tf.trainable_variables()
    grads = tf.gradients(loss, layer_vars)
    dkernel, dbias = run(grads)
    dy = 2 * (X @ W + B)
    np.testing.assert_allclose(dkernel, X.T @ dy, rtol=1e-5)
    np.testing.assert_allclose(dbias, dy.sum(axis=0), rtol=1e-5)


# -- tf.contrib.layers ---------------------------------------------------------------------------------


def test_fully_connected_names_and_collections(g):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    a = tf.contrib.layers.fully_connected(x, 4)
    b = tf.contrib.layers.fully_connected(a, 2, activation_fn=None)
    assert (a.name, b.name) == ("fully_connected/Relu:0", "fully_connected_1/BiasAdd:0")
    assert op_names(g, "fully_connected/")[-3:] == ["fully_connected/MatMul", "fully_connected/BiasAdd",
                                                     "fully_connected/Relu"]
    expected = ["fully_connected/weights:0", "fully_connected/biases:0", "fully_connected_1/weights:0",
                "fully_connected_1/biases:0"]
    assert names(tf.global_variables()) == expected
    assert names(tf.model_variables()) == expected
    assert names(tf.trainable_variables()) == expected


def test_fully_connected_values_regularizer_and_reuse(g):
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.contrib.layers.fully_connected(x, 2, weights_initializer=tf.constant_initializer(W),
                                          biases_initializer=tf.constant_initializer(B),
                                          weights_regularizer=tf.contrib.layers.l2_regularizer(0.1), scope="fc")
    shared = tf.contrib.layers.fully_connected(x, 2, scope="fc", reuse=True)
    assert shared.name == "fc_1/Relu:0"
    assert names(tf.global_variables()) == ["fc/weights:0", "fc/biases:0"]
    assert names(tf.losses.get_regularization_losses()) == ["fc/kernel/Regularizer/l2_regularizer:0"]
    out, out_shared, penalty = run([y, shared, tf.losses.get_regularization_loss()], {x: X})
    np.testing.assert_allclose(out, np.maximum(X @ W + B, 0), rtol=1e-6)
    np.testing.assert_allclose(out_shared, out)
    np.testing.assert_allclose(penalty, 0.1 * np.sum(W ** 2) / 2, rtol=1e-6)


def test_fully_connected_options(g):
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.contrib.layers.fully_connected(x, 2, normalizer_fn=lambda t: tf.identity(t, name="normalized"),
                                          variables_collections={"weights": ["my_weights"]},
                                          outputs_collections="outputs", trainable=False)
    assert y.name == "fully_connected/Relu:0"
    assert y.op.inputs[0].name == "fully_connected/normalized:0"
    assert names(tf.global_variables()) == ["fully_connected/weights:0"]  # a normalizer replaces the biases
    assert tf.trainable_variables() == [] and names(tf.get_collection("my_weights")) == ["fully_connected/weights:0"]
    assert tf.get_collection("outputs") == [y]
    z = tf.contrib.layers.fully_connected(tf.placeholder(tf.float32, [None, 5, 3]), 4, biases_initializer=None)
    assert z.shape.as_list() == [None, 5, 4] and z.name == "fully_connected_1/Relu:0"
    assert tf.contrib.layers.linear(x, 2).name == "fully_connected_2/BiasAdd:0"
    with pytest.raises(ValueError, match="num_outputs should be int"):
        tf.contrib.layers.fully_connected(x, 2.0)


def test_xavier_and_variance_scaling_initializers(g):
    xavier = tf.get_variable("xavier", [200, 300], initializer=tf.contrib.layers.xavier_initializer(seed=1))
    normal = tf.get_variable("normal", [400, 300],
                             initializer=tf.contrib.layers.variance_scaling_initializer(seed=2))
    conv = tf.get_variable("conv", [3, 3, 16, 32],
                           initializer=tf.contrib.layers.variance_scaling_initializer(mode="FAN_OUT", uniform=True))
    a, b, c = run([xavier, normal, conv])
    limit = math.sqrt(6.0 / (200 + 300))
    assert np.abs(a).max() <= limit and np.abs(a).max() > 0.95 * limit
    trunc_stddev = math.sqrt(1.3 * 2.0 / 400)  # 2 stddevs of truncation leave stddev ~ 0.88 of it
    assert np.abs(b).max() <= 2 * trunc_stddev + 1e-6
    np.testing.assert_allclose(b.std(), math.sqrt(2.0 / 400), rtol=0.05)
    assert np.abs(c).max() <= math.sqrt(3.0 * 2.0 / (3 * 3 * 32)) + 1e-6
    assert normal.initial_value.op.name == "normal/Initializer/truncated_normal"
    with pytest.raises(TypeError, match="Unknown mode"):
        tf.contrib.layers.variance_scaling_initializer(mode="FAN_MAX")
    with pytest.raises(TypeError, match="non-floating point"):
        tf.contrib.layers.xavier_initializer(dtype=tf.int32)


# -- learning-rate schedules ---------------------------------------------------------------------------


def schedule_values(lr, step, steps):
    with tf.Session() as sess:
        return [float(sess.run(lr, {step: s})) for s in steps]


STEPS = [0, 1, 7, 10, 15, 25, 100]


def test_exponential_decay_values_and_ops(g):
    step = tf.placeholder(tf.int64, [], name="step")
    smooth = tf.train.exponential_decay(0.1, step, 10, 0.5)
    stairs = tf.train.exponential_decay(0.1, step, 10, 0.5, staircase=True, name="Stairs")
    assert (smooth.name, smooth.op.type, stairs.name) == ("ExponentialDecay:0", "Mul", "Stairs:0")
    assert "Stairs/Floor" in op_names(g, "Stairs/")
    np.testing.assert_allclose(schedule_values(smooth, step, STEPS), [0.1 * 0.5 ** (s / 10) for s in STEPS], rtol=1e-6)
    np.testing.assert_allclose(schedule_values(stairs, step, STEPS), [0.1 * 0.5 ** (s // 10) for s in STEPS],
                               rtol=1e-6)
    with pytest.raises(ValueError, match="global_step is required"):
        tf.train.exponential_decay(0.1, None, 10, 0.5)


def test_decay_follows_the_global_step_while_training(g):
    w = tf.Variable(0.0)
    step = tf.train.get_or_create_global_step()
    lr = tf.train.exponential_decay(1.0, step, 1, 0.5, staircase=True)
    train = tf.train.GradientDescentOptimizer(lr).minimize(-w, global_step=step)  # d(-w)/dw = -1
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(4):
            sess.run(train)
        assert sess.run(w) == pytest.approx(1 + 0.5 + 0.25 + 0.125)


def test_piecewise_constant_values_dtypes_and_errors(g):
    step64 = tf.placeholder(tf.int64, [], name="step64")
    lr = tf.train.piecewise_constant(step64, [10, 20, 30], [1.0, 0.5, 0.25, 0.125])
    assert lr.name.startswith("PiecewiseConstant/case/")
    expected = [1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.125]
    assert schedule_values(lr, step64, [0, 10, 11, 20, 15, 25, 31]) == expected
    fstep = tf.placeholder(tf.float32, [], name="fstep")
    lr2 = tf.train.piecewise_constant_decay(fstep, [0.5], [3, 4])
    assert schedule_values(lr2, fstep, [0.5, 0.75]) == [3.0, 4.0]
    with pytest.raises(ValueError, match="Boundaries"):
        tf.train.piecewise_constant(fstep, [1], [1.0, 2.0])
    with pytest.raises(ValueError, match="Values must have elements all with the same dtype"):
        tf.train.piecewise_constant(step64, [1], [1.0, 2])
    with pytest.raises(ValueError, match="length of boundaries"):
        tf.train.piecewise_constant(step64, [1, 2], [1.0, 2.0])


def test_polynomial_inverse_time_natural_exp_and_cosine_decay_values(g):
    step = tf.placeholder(tf.int64, [], name="step")
    poly = tf.train.polynomial_decay(0.1, step, 10, end_learning_rate=0.01, power=2.0)
    cycle = tf.train.polynomial_decay(0.1, step, 10, end_learning_rate=0.01, cycle=True)
    inverse = tf.train.inverse_time_decay(0.1, step, 10, 0.5)
    natural = tf.train.natural_exp_decay(0.1, step, 10, 0.5, staircase=True)
    cosine = tf.train.cosine_decay(0.1, step, 20, alpha=0.1)
    assert [t.name for t in (poly, cycle, inverse, natural)] == [
        "PolynomialDecay:0", "PolynomialDecay_1:0", "InverseTimeDecay:0", "ExponentialDecay:0"]

    def poly_np(s, power, cyc):
        steps = 10.0
        if cyc:
            steps = 10.0 * (1.0 if s == 0 else math.ceil(s / 10.0))
        else:
            s = min(s, 10)
        return (0.1 - 0.01) * (1 - s / steps) ** power + 0.01

    np.testing.assert_allclose(schedule_values(poly, step, STEPS), [poly_np(s, 2.0, False) for s in STEPS], rtol=1e-5)
    np.testing.assert_allclose(schedule_values(cycle, step, STEPS), [poly_np(s, 1.0, True) for s in STEPS], rtol=1e-5)
    np.testing.assert_allclose(schedule_values(inverse, step, STEPS), [0.1 / (1 + 0.5 * s / 10) for s in STEPS],
                               rtol=1e-6)
    np.testing.assert_allclose(schedule_values(natural, step, STEPS), [0.1 * math.exp(-0.5 * (s // 10)) for s in STEPS],
                               rtol=1e-6)
    expected_cosine = [0.1 * (0.9 * 0.5 * (1 + math.cos(math.pi * min(s, 20) / 20)) + 0.1) for s in STEPS]
    np.testing.assert_allclose(schedule_values(cosine, step, STEPS), expected_cosine, rtol=1e-5, atol=1e-7)
