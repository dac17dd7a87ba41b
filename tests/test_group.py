"""tf.group places its NoOp as TensorFlow 2.21's tf.compat.v1 does: on the shared device of its
inputs, or after one NoOp per device when they are spread (recorded from TensorFlow)."""

import pytest

import graphscope as tf


def _summary(g):
    return [(op.name, op.device, sorted(c.name for c in op.control_inputs))
            for op in g.get_operations() if op.type == "NoOp"]


def test_group_sits_on_its_inputs_device_or_groups_per_device_first(g):
    with tf.device("/cpu:0"):
        a, b = tf.constant(1.0, name="a"), tf.constant(2.0, name="b")
    with tf.device("/gpu:0"):
        c = tf.constant(3.0, name="c")
    tf.group(a, b)
    tf.group([a, c], {"x": b})  # nested structures are flattened
    tf.group()
    with tf.device("/job:w"):
        tf.group(tf.no_op(name="n1"))
    tf.group(a, name="named")
    assert _summary(g) == [
        ("group_deps", "/device:CPU:0", ["a", "b"]),
        ("group_deps_1/NoOp", "/device:CPU:0", ["a", "b"]),
        ("group_deps_1/NoOp_1", "/device:GPU:0", ["c"]),
        ("group_deps_1", "", ["group_deps_1/NoOp", "group_deps_1/NoOp_1"]),
        ("group_deps_2", "", []),
        ("n1", "/job:w", []),
        ("group_deps_3", "/job:w", ["n1"]),
        ("named", "/device:CPU:0", ["a"]),
    ]


def test_a_group_runs_everything_it_groups(g):
    v = tf.Variable(0.0, name="v")
    with tf.device("/cpu:0"):
        up = tf.assign_add(v, 1.0)
    with tf.device("/cpu:1"):
        w = tf.Variable(0.0, name="w")
        up_w = tf.assign_add(w, 2.0)
    both = tf.group(up, up_w)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(both) is None
        assert sess.run([v, w]) == [1.0, 2.0]


def test_group_rejects_what_is_not_an_op_or_tensor(g):
    with pytest.raises(TypeError, match="should be zero or more"):
        tf.group(3.0)
