"""Integer ``tf.random_uniform``: one ``RandomUniformInt`` op, as TensorFlow builds it."""

import numpy as np
import pytest

import graphscope as tf


def _names(graph):
    return [op.name for op in graph.get_operations()]


@pytest.mark.parametrize("dtype", [tf.int32, tf.int64])
def test_graph_is_one_random_uniform_int_op_named_after_the_scope(dtype):
    with tf.Graph().as_default() as g:
        r = tf.random_uniform([2, 3], 0, 10, dtype=dtype)
    assert _names(g) == ["random_uniform/shape", "random_uniform/min", "random_uniform/max", "random_uniform"]
    op = r.op
    assert op.type == "RandomUniformInt" and r.name == "random_uniform:0"
    assert [t.name for t in op.inputs] == ["random_uniform/shape:0", "random_uniform/min:0", "random_uniform/max:0"]
    assert [t.dtype for t in op.inputs] == [tf.int32, dtype, dtype]
    assert op.get_attr("seed") == 0 and op.get_attr("seed2") == 0
    assert op.get_attr("Tout") == dtype and op.get_attr("T") == tf.int32
    assert r.dtype == dtype and r.shape.as_list() == [2, 3]
    assert g.get_operation_by_name("random_uniform/min").get_attr("value") == 0
    assert g.get_operation_by_name("random_uniform/max").get_attr("value") == 10


def test_names_attrs_and_static_shapes_of_other_arguments():
    with tf.Graph().as_default() as g:
        a = tf.random_uniform([4], -3, 5, dtype=tf.int64, seed=3, name="foo")
        b = tf.random_uniform(tf.constant([2], dtype=tf.int64), 0, 5, dtype=tf.int32)
        ph = tf.placeholder(tf.int32, [3])
        c = tf.random_uniform(ph, 0, 5, dtype=tf.int32)
        x = tf.placeholder(tf.float32, [None, 4])
        d = tf.random_uniform(tf.shape(x), tf.constant(1), tf.constant(4), dtype=tf.int32)
        e = tf.random_uniform(7, 0, 2, dtype=tf.int32)  # a scalar dim: graphscope's _shape_tensor, as the float path
        with tf.name_scope("outer"):
            f = tf.random_uniform([], 0, 2, dtype=tf.int32)
    assert a.op.name == "foo" and [t.op.name for t in a.op.inputs] == ["foo/shape", "foo/min", "foo/max"]
    assert (a.op.get_attr("seed"), a.op.get_attr("seed2")) == (87654321, 3)
    assert b.op.get_attr("T") == tf.int64 and b.op.inputs[0].op.name == "Const" and b.shape.as_list() == [2]
    assert c.shape.as_list() == [None, None, None]
    assert d.shape.as_list() == [None, 4]
    assert [t.op.name for t in d.op.inputs][1:] == ["Const_1", "Const_2"]
    assert e.shape.as_list() == [7]
    assert f.op.name == "outer/random_uniform" and f.shape.as_list() == []
    assert "random_uniform_3/min" in _names(g)


@pytest.mark.parametrize("dtype,np_dtype", [(tf.int32, np.int32), (tf.int64, np.int64)])
def test_values_are_integers_in_range(dtype, np_dtype):
    with tf.Graph().as_default():
        r = tf.random_uniform([50, 40], -4, 6, dtype=dtype)
        with tf.Session() as sess:
            values = sess.run(r)
            again = sess.run(r)
    assert values.dtype == np_dtype and values.shape == (50, 40)
    assert values.min() >= -4 and values.max() < 6
    assert set(np.unique(values).tolist()) == set(range(-4, 6))  # 2000 draws cover all ten values
    assert not (values == again).all()  # each run draws new numbers


def test_int64_range_beyond_int32():
    with tf.Graph().as_default():
        r = tf.random_uniform([100], 2 ** 40, 2 ** 40 + 3, dtype=tf.int64)
        values = tf.Session().run(r)
    assert values.dtype == np.int64 and values.min() >= 2 ** 40 and values.max() < 2 ** 40 + 3


def test_graph_seed_reproduces_values_and_op_seeds_follow_get_seed():
    def build():
        tf.set_random_seed(5)
        first = tf.random_uniform([20], 0, 1000, dtype=tf.int32)
        second = tf.random_uniform([20], 0, 1000, dtype=tf.int32)
        return first, second

    with tf.Graph().as_default():
        a1, a2 = build()
        run_a = tf.Session().run([a1, a2])
    with tf.Graph().as_default():
        b1, b2 = build()
        run_b = tf.Session().run([b1, b2])
    # op seed = the graph's op count when the op is made (after its shape/min/max Consts), as TF's get_seed
    assert (a1.op.get_attr("seed"), a1.op.get_attr("seed2")) == (5, 3)
    assert (a2.op.get_attr("seed"), a2.op.get_attr("seed2")) == (5, 7)
    np.testing.assert_array_equal(run_a[0], run_b[0])
    np.testing.assert_array_equal(run_a[1], run_b[1])
    assert not (run_a[0] == run_a[1]).all()


def test_op_seed_reproduces_values_across_sessions():
    with tf.Graph().as_default():
        r = tf.random_uniform([30], 0, 100, dtype=tf.int64, seed=42)
        first, second = tf.Session().run(r), tf.Session().run(r)
    np.testing.assert_array_equal(first, second)


@pytest.mark.parametrize("dtype", [tf.int32, tf.int64])
def test_maxval_is_required_for_integer_dtypes(dtype):
    with tf.Graph().as_default() as g:
        with pytest.raises(ValueError, match="Must specify maxval for integer dtype %s" % repr(dtype)):
            tf.random_uniform([2], dtype=dtype)
        with pytest.raises(ValueError, match="Must specify maxval for integer dtype"):
            tf.random_uniform([2], 1, dtype=dtype)
    assert _names(g) == []


def test_unsupported_integer_dtype_and_bad_bounds_fail_at_build_time():
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="minval.*int16 not in list of allowed values: int32, int64"):
            tf.random_uniform([2], 0, 3, dtype=tf.int16)
        with pytest.raises(TypeError, match="Expected int32"):
            tf.random_uniform([2], 0, 10.5, dtype=tf.int32)
        with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
            tf.random_uniform([2], 0, [3, 4], dtype=tf.int32)
        with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
            tf.random_uniform(tf.constant([[2]]), 0, 3, dtype=tf.int32)


def test_minval_not_below_maxval_is_an_invalid_argument_at_run_time():
    with tf.Graph().as_default():
        equal = tf.random_uniform([2], 5, 5, dtype=tf.int32)
        above = tf.random_uniform([2], 7, 5, dtype=tf.int64)
        empty = tf.random_uniform([0, 3], 5, 5, dtype=tf.int32)  # TF: nothing to draw, no check
        lo = tf.placeholder(tf.int32, [])
        fed = tf.random_uniform([3], lo, 4, dtype=tf.int32)
        bounds = tf.placeholder(tf.int32)
        vector = tf.random_uniform([3], bounds, 4, dtype=tf.int32)
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval: 5 >= 5"):
                sess.run(equal)
            with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval: 7 >= 5"):
                sess.run(above)
            assert sess.run(empty).shape == (0, 3)
            assert sess.run(fed, {lo: 3}).tolist() == [3, 3, 3]
            with pytest.raises(tf.errors.InvalidArgumentError, match="Need minval < maxval: 9 >= 4"):
                sess.run(fed, {lo: 9})
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"minval must be 0-D, got shape \[2\]"):
                sess.run(vector, {bounds: [0, 1]})


def test_random_uniform_initializer_of_an_integer_variable():
    with tf.Graph().as_default() as g:
        tf.set_random_seed(1)
        v = tf.get_variable("v", [4, 5], dtype=tf.int32, initializer=tf.random_uniform_initializer(-2, 3))
        w = tf.random_uniform_initializer(0, 7, dtype=tf.int64)([6])  # the initializer's own dtype
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            v_value, w_value = sess.run([v, w])
    init = g.get_operation_by_name("v/Initializer/random_uniform")
    assert init.type == "RandomUniformInt" and init.get_attr("Tout") == tf.int32
    assert [t.op.name for t in init.inputs] == ["v/Initializer/random_uniform/shape",
                                                 "v/Initializer/random_uniform/min",
                                                 "v/Initializer/random_uniform/max"]
    assert w.op.type == "RandomUniformInt" and w.dtype == tf.int64 and w.shape.as_list() == [6]
    assert v_value.dtype == np.int32 and v_value.min() >= -2 and v_value.max() < 3
    assert w_value.dtype == np.int64 and w_value.min() >= 0 and w_value.max() < 7


def test_no_gradient_flows_through_the_draw():
    with tf.Graph().as_default():
        lo = tf.constant(1)
        r = tf.random_uniform([3], lo, 5, dtype=tf.int32)
        assert tf.gradients(tf.cast(r, tf.float32), [lo]) == [None]


def test_float_dtypes_keep_the_random_uniform_graph():
    with tf.Graph().as_default() as g:
        tf.random_uniform([2], -1.0, 1.0)
    assert [op.type for op in g.get_operations()] == ["Const", "Const", "Const", "RandomUniform", "Sub", "Mul",
                                                      "AddV2"]
