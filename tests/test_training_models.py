"""End to end (issue 4, "Done when"): models written as TF1 code (variable scopes, get_variable,
tf.nn cross entropies, reduce_mean, ``minimize(loss, global_step=...)``) train on seeded synthetic
data to a stated loss with each optimizer; graph-level seeds make runs reproduce; a checkpoint of a
trained model restores into a graph rebuilt by the same code and training continues from there, while
a graph whose scopes changed is refused with every differing name listed.

Stated results (numpy RandomState(0) data, tf.set_random_seed(1234), full-batch steps): every run
must end below loss 0.05 with accuracy >= 0.97; what they reach today (numpy 2.4, float32):

=====================  ===============  ==========  =====  ============  ==========  ========
model                  optimizer        rate        steps  initial loss  final loss  accuracy
=====================  ===============  ==========  =====  ============  ==========  ========
logistic regression    GradientDescent  0.5         200    0.848         0.0133      1.000
logistic regression    Momentum         0.1, 0.9    200    0.848         0.0055      1.000
logistic regression    Adam             0.1         200    0.848         0.0096      1.000
2-layer MLP (32 relu)  GradientDescent  1.0         1000   0.718         0.0119      1.000
2-layer MLP (32 relu)  Momentum         0.1, 0.9    1000   0.718         0.0123      1.000
2-layer MLP (32 relu)  Adam             0.02        500    0.718         0.0020      1.000
=====================  ===============  ==========  =====  ============  ==========  ========
"""

import numpy as np
import pytest

import graphscope as tf

SEED = 1234
MAX_LOSS = 0.05
MIN_ACCURACY = 0.97


# -- data: numpy RandomState with a fixed seed ---------------------------------------------------------------


def two_blobs(n=200, seed=0):
    """Two Gaussian blobs in the plane, centred at (-1.5, -1.5) and (1.5, 1.5); labels [n, 1] in {0, 1}."""
    rng = np.random.RandomState(seed)
    half = n // 2
    points = np.concatenate([rng.normal(-1.5, 0.75, (half, 2)), rng.normal(1.5, 0.75, (n - half, 2))])
    labels = np.concatenate([np.zeros((half, 1)), np.ones((n - half, 1))])
    return points.astype(np.float32), labels.astype(np.float32)


def two_spirals(n=300, seed=0):
    """Two interleaved spirals of 1.25 turns (no line separates them); one-hot labels [n, 2]."""
    rng = np.random.RandomState(seed)
    cls = (np.arange(n) >= n // 2).astype(np.int64)
    turn = np.sqrt(rng.uniform(0.05, 1.0, n)) * 2.5 * np.pi
    angle = turn + np.pi * cls
    points = np.stack([turn * np.cos(angle), turn * np.sin(angle)], axis=1) / (2.5 * np.pi)
    points += rng.normal(0.0, 0.03, (n, 2))
    return points.astype(np.float32), np.eye(2, dtype=np.float32)[cls]


# -- models, as TF1 code builds them (in the default graph) ------------------------------------------------------


def logistic_regression(features=2):
    x = tf.placeholder(tf.float32, [None, features], name="x")
    y = tf.placeholder(tf.float32, [None, 1], name="y")
    with tf.variable_scope("logistic"):
        w = tf.get_variable("w", [features, 1], initializer=tf.random_normal_initializer(stddev=0.1))
        b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
        logits = tf.matmul(x, w) + b
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits), name="loss")
    predictions = tf.cast(logits > 0.0, tf.float32)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(predictions, y), tf.float32), name="accuracy")
    return x, y, loss, accuracy


def two_layer_mlp(hidden=32, scope="mlp"):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.placeholder(tf.float32, [None, 2], name="y")
    with tf.variable_scope(scope):
        with tf.variable_scope("hidden"):
            w = tf.get_variable("w", [2, hidden], initializer=tf.glorot_uniform_initializer())
            b = tf.get_variable("b", [hidden], initializer=tf.zeros_initializer())
            h = tf.nn.relu(tf.matmul(x, w) + b)
        with tf.variable_scope("logits"):
            w = tf.get_variable("w", [hidden, 2], initializer=tf.glorot_uniform_initializer())
            b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
            logits = tf.matmul(h, w) + b
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=logits), name="loss")
    correct = tf.equal(tf.argmax(logits, axis=1), tf.argmax(y, axis=1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32), name="accuracy")
    return x, y, loss, accuracy


MODELS = {"logistic": (logistic_regression, two_blobs), "mlp": (two_layer_mlp, two_spirals)}
OPTIMIZERS = {
    "sgd": lambda rate: tf.train.GradientDescentOptimizer(rate),
    "momentum": lambda rate: tf.train.MomentumOptimizer(rate, momentum=0.9),
    "adam": lambda rate: tf.train.AdamOptimizer(rate),
}


def build(model, optimizer, rate, seed=SEED, **model_args):
    """The whole training graph, in the default graph: ``(x, y, loss, accuracy, train_op, global_step)``."""
    tf.set_random_seed(seed)
    x, y, loss, accuracy = MODELS[model][0](**model_args)
    global_step = tf.train.get_or_create_global_step()
    train_op = OPTIMIZERS[optimizer](rate).minimize(loss, global_step=global_step)
    return x, y, loss, accuracy, train_op, global_step


def train(model, optimizer, rate, steps, seed=SEED):
    """Train full-batch for ``steps`` steps in a new graph: the loss before each step, then the final
    loss, accuracy and global step."""
    data = MODELS[model][1]()
    with tf.Graph().as_default():
        x, y, loss, accuracy, train_op, global_step = build(model, optimizer, rate, seed)
        feed = {x: data[0], y: data[1]}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            losses = np.array([sess.run([loss, train_op], feed)[0] for _ in range(steps)])
            final_loss, final_accuracy, step = sess.run([loss, accuracy, global_step], feed)
    return losses, final_loss, final_accuracy, step


def window_means(losses, windows=10):
    return np.array([part.mean() for part in np.array_split(losses, windows)])


# -- training to a stated loss ---------------------------------------------------------------------------------


@pytest.mark.parametrize("model, optimizer, rate, steps", [
    ("logistic", "sgd", 0.5, 200),
    ("logistic", "momentum", 0.1, 200),
    ("logistic", "adam", 0.1, 200),
    ("mlp", "sgd", 1.0, 1000),
    ("mlp", "momentum", 0.1, 1000),
    ("mlp", "adam", 0.02, 500),
])
def test_model_trains_to_the_stated_loss(model, optimizer, rate, steps):
    losses, final_loss, accuracy, step = train(model, optimizer, rate, steps)
    assert losses[0] > 0.3  # untrained: near log(2)
    assert final_loss < MAX_LOSS, (final_loss, window_means(losses))
    assert accuracy >= MIN_ACCURACY
    assert step == steps  # minimize(global_step=...) counted every step
    means = window_means(losses)
    assert np.all(np.diff(means) < 0), means  # the loss falls, window after window
    assert np.mean(np.diff(losses) > 1e-4) < 0.02  # and hardly ever rises from one step to the next


def test_the_spirals_need_the_hidden_layer():
    """A linear model cannot separate the spirals, so the MLP's accuracy is the hidden layer's doing."""
    points, one_hot = two_spirals()
    with tf.Graph().as_default():
        tf.set_random_seed(SEED)
        x, y, loss, accuracy = logistic_regression()
        step = tf.train.AdamOptimizer(0.1).minimize(loss)
        feed = {x: points, y: one_hot[:, 1:]}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(300):
                sess.run(step, feed)
            final_loss, final_accuracy = sess.run([loss, accuracy], feed)
    assert final_loss > 0.4 and final_accuracy < 0.8


def test_a_graph_level_seed_makes_training_reproducible():
    first = train("mlp", "adam", 0.02, 30)[0]
    again = train("mlp", "adam", 0.02, 30)[0]
    other_seed = train("mlp", "adam", 0.02, 30, seed=SEED + 1)[0]
    np.testing.assert_array_equal(first, again)
    assert first[0] != other_seed[0]  # the initial weights come from the seed


def test_regularization_loss_joins_the_training_loss():
    points, one_hot = two_spirals()
    with tf.Graph().as_default():
        tf.set_random_seed(SEED)
        with tf.variable_scope("mlp", regularizer=tf.contrib.layers.l2_regularizer(1e-4)):
            x, y, data_loss, accuracy = two_layer_mlp(scope="net")
        penalty = tf.losses.get_regularization_loss()
        assert len(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)) == 4  # weights and biases
        total = data_loss + penalty
        step = tf.train.AdamOptimizer(0.02).minimize(total)
        feed = {x: points, y: one_hot}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(500):
                sess.run(step, feed)
            final_data_loss, final_penalty, final_accuracy = sess.run([data_loss, penalty, accuracy], feed)
            values = sess.run(tf.trainable_variables())
    assert final_data_loss < MAX_LOSS and final_accuracy >= MIN_ACCURACY
    expected = 1e-4 * sum(np.sum(np.square(v.astype(np.float64))) / 2 for v in values)  # l2_loss: sum(v**2) / 2
    np.testing.assert_allclose(final_penalty, expected, rtol=1e-5)


# -- checkpoints of a trained model ------------------------------------------------------------------------------


def test_a_trained_checkpoint_restores_into_a_rebuilt_graph_and_training_continues(tmp_path):
    points, one_hot = two_spirals()
    prefix = str(tmp_path / "mlp.ckpt")
    with tf.Graph().as_default():
        x, y, loss, _, train_op, global_step = build("mlp", "adam", 0.02)
        feed = {x: points, y: one_hot}
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(100):
                sess.run(train_op, feed)
            path = saver.save(sess, prefix, global_step=global_step)
            saved = {v.op.name: sess.run(v) for v in tf.global_variables()}
            saved_loss = sess.run(loss, feed)
            continued = [sess.run([loss, train_op], feed)[0] for _ in range(50)]
    assert path == prefix + "-100"
    assert sorted(saved) == sorted(name for name, _ in tf.train.list_variables(path))
    assert "mlp/hidden/w/Adam" in saved and "beta1_power" in saved and saved["global_step"] == 100

    with tf.Graph().as_default():  # the same code again, seeded otherwise: restoring replaces every value
        x, y, loss, _, train_op, global_step = build("mlp", "adam", 0.02, seed=SEED + 7)
        feed = {x: points, y: one_hot}
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, tf.train.latest_checkpoint(str(tmp_path)))
            assert sess.run(tf.report_uninitialized_variables()).size == 0
            for v in tf.global_variables():
                np.testing.assert_array_equal(sess.run(v), saved[v.op.name], err_msg=v.op.name)
            assert sess.run(loss, feed) == saved_loss
            resumed = [sess.run([loss, train_op], feed)[0] for _ in range(50)]
            assert sess.run(global_step) == 150
    np.testing.assert_allclose(resumed, continued, rtol=1e-6)  # the same steps as if never interrupted
    assert resumed[-1] < saved_loss


def test_a_trained_checkpoint_refuses_a_graph_whose_scopes_changed(tmp_path):
    points, one_hot = two_spirals()
    with tf.Graph().as_default():
        x, y, _, _, train_op, _ = build("mlp", "momentum", 0.1)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(20):
                sess.run(train_op, {x: points, y: one_hot})
            path = tf.train.Saver().save(sess, str(tmp_path / "mlp.ckpt"))
    with tf.Graph().as_default():
        build("mlp", "momentum", 0.1, scope="classifier")  # the model's outer scope renamed
        renamed = sorted(v.op.name for v in tf.global_variables() if v.op.name.startswith("classifier/"))
        with tf.Session() as sess:
            with pytest.raises(tf.errors.NotFoundError) as info:
                tf.train.Saver().restore(sess, path)
            untouched = sess.run(tf.report_uninitialized_variables())
    message = str(info.value)
    assert "nothing was restored" in message
    assert len(renamed) == 8  # 4 variables and their Momentum slots
    assert "8 variable(s) of the graph are not in the checkpoint:" in message
    assert "The checkpoint holds 8 variable(s) the graph does not have:" in message
    for name in renamed:
        assert "  Key %s not found in checkpoint\n" % name in message + "\n"
        old = "mlp/" + name[len("classifier/"):]
        assert "\n  %s\n" % old in message + "\n"
    assert "Key global_step not found" not in message  # names that agree are not listed
    assert len(untouched) == len(renamed) + 1  # nothing restored: not even global_step
