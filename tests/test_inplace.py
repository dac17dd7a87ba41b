"""Plans whose ufunc steps write into dead operands' arrays (graphscope.inplace) compute exactly what
plans without that reuse compute, and never write into an array anyone else can see: a feed, a
constant, a variable's value, a fetched value, or a view of any of them."""

import numpy as np
import pytest

import graphscope as tf
from graphscope.executor import Plan
from graphscope.inplace import INTO_FIRST, INTO_OPERAND, INTO_SECOND
from graphscope.trace import traced_run

RNG = np.random.default_rng(7)
X = RNG.standard_normal((4, 3)).astype(np.float32)
W = RNG.standard_normal((3, 3)).astype(np.float32)


def _run(build, reuse, runs=2):
    """Fetch ``build()``'s fetches ``runs`` times in a fresh graph and session (with or without the
    reuse); returns the values of each run, the feed afterwards and the plan's step codes."""
    original = Plan._writes_in_place
    Plan._writes_in_place = reuse
    try:
        graph = tf.Graph()
        with graph.as_default():
            x = tf.placeholder(tf.float32, [None, 3], name="x")
            fetches, setup = build(x)
            feed = X.copy()
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for op in setup:
                    sess.run(op)
                values = [sess.run(fetches, {x: feed}) for _ in range(runs)]
                codes = [step[1] for step in sess.plan_for(fetches, {x: feed})._steps]
        return values, feed, codes
    finally:
        Plan._writes_in_place = original


def _check_same(build):
    reused, feed, codes = _run(build, True)
    plain, _, plain_codes = _run(build, False)
    assert np.array_equal(feed, X)  # the caller's array is never written
    for with_reuse, without in zip(reused, plain):
        for a, b in zip(with_reuse, without):
            np.testing.assert_array_equal(a, b)
    assert not any(code >= INTO_FIRST for code in plain_codes)
    return codes


def test_an_mlp_layer_adds_and_rectifies_in_place():
    codes = _check_same(lambda x: ([tf.nn.relu(tf.matmul(x, W) + tf.ones([3]))], []))
    assert codes == [2, INTO_FIRST, INTO_OPERAND]


def test_a_fetched_intermediate_is_not_overwritten():
    def build(x):
        h = tf.matmul(x, W) + 1.0
        return [h, tf.nn.relu(h) * 2.0, h], []
    codes = _check_same(build)
    assert codes == [2, INTO_FIRST, 1, INTO_FIRST]  # h is fetched: its relu makes a new array


def test_a_view_of_an_intermediate_keeps_its_values():
    def build(x):
        h = tf.matmul(x, W) + 1.0
        flat = tf.reshape(h, [-1])  # runs first: a view of h's array...
        rectified = tf.reshape(tf.nn.relu(h), [-1])  # ... then h's last reader...
        return [flat + rectified], []  # ... then the view is read
    codes = _check_same(build)
    assert codes[3] == 1  # the relu: h has a reader that may keep a view, so no reuse


def test_constants_feeds_and_variables_are_never_written():
    def build(x):
        v = tf.Variable(np.ones((4, 3), np.float32), name="v")
        c = tf.constant(np.full((4, 3), 2.0, np.float32))
        return [tf.nn.relu(v + c), tf.nn.relu(x * c), v.read_value() * 1.0], []
    _check_same(build)


def test_an_assigned_intermediate_stays_the_variables_value():
    def build(x):
        v = tf.Variable(np.zeros((4, 3), np.float32), name="v")
        h = tf.matmul(x, W) + 1.0
        assign = tf.assign(v, h)
        with tf.control_dependencies([assign]):
            later = tf.nn.relu(h) * 3.0
        return [later, v.read_value()], []
    _check_same(build)


def test_unknown_dims_that_broadcast_are_not_reused():
    def build(x):
        one_row = tf.matmul(x[:1], W) * 1.0  # (?, 3) at build time, one row at run time
        rows = tf.matmul(x, W) * 1.0  # (?, 3), four rows
        return [one_row + rows, rows - one_row], []
    codes = _check_same(build)
    assert INTO_FIRST not in codes[-2:] and INTO_SECOND not in codes[-2:]


def test_an_operand_used_twice_and_the_second_operand():
    def build(x):
        h = tf.matmul(x, W)
        square = h * h
        return [tf.constant(1.0, shape=[1, 3]) - tf.negative(square)], []
    codes = _check_same(build)
    assert codes == [2, INTO_FIRST, INTO_OPERAND, INTO_SECOND]


def test_a_training_step_trains_the_same():
    def build(x):
        labels = tf.constant(np.eye(3, dtype=np.float32)[[0, 1, 2, 0]])
        w = tf.get_variable("w", initializer=W)
        hidden = tf.nn.relu(tf.matmul(x, w) + 0.5)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=hidden))
        step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
        with tf.control_dependencies([step]):
            return [tf.identity(loss), w.read_value() + 0.0], []
    _check_same(build)


def test_a_traced_run_keeps_every_intermediate():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        h = tf.add(tf.matmul(x, W), 1.0, name="h")
        y = tf.nn.relu(h, name="y")
        with tf.Session() as sess:
            trace = traced_run(sess, y, {x: X})
    kept = trace.executed["h"].outputs[0].value
    np.testing.assert_allclose(kept, X @ W + 1.0, rtol=1e-6)
    assert (kept < 0).any()  # not rectified in place


@pytest.mark.parametrize("dtype", [tf.float64, tf.int32])
def test_other_numeric_dtypes(dtype):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(dtype, [None, 2], name="x")
        y = tf.abs(tf.matmul(x, tf.ones([2, 2], dtype)) - 3)
        with tf.Session() as sess:
            value = sess.run(y, {x: [[1, 2], [3, 4]]})
            codes = [step[1] for step in sess.plan_for(y, {x: [[1, 2], [3, 4]]})._steps]
    assert value.tolist() == [[0, 0], [4, 4]] and codes == [2, INTO_FIRST, INTO_OPERAND]
