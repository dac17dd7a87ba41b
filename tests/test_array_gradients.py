"""Gradients of the array ops (TensorFlow's ``array_grad.py``): every differentiable op checked against
central finite differences in float64, the ops without gradients, the gradient ops' types and names, and
TensorFlow's special cases (gather with repeated indices, where's NaN trap)."""
import numpy as np
import pytest

import graphscope as tf
from graphscope.gradients import IndexedSlices
from graphscope.ops import registry
from graphscope.ops.shape_ops import dense_gradient, mirror_pad_grad
from graphscope.ops.slicing_ops import strided_slice_grad


def _math_gradients_registered() -> bool:
    return all(registry.lookup(t) is not None and registry.lookup(t).gradient is not None
               for t in ("Mul", "Sum"))


def _check_with_grad_ys(build, values, delta=1e-6, seed=0) -> float:
    """Largest |symbolic - numeric| gradient of ``sum(build(*x) * w)``, with the weights ``w`` given as
    ``grad_ys`` so that only the array ops' own gradient rules are exercised."""
    values = [np.asarray(v, dtype=np.float64) for v in values]
    graph = tf.Graph()
    with graph.as_default():
        inputs = [tf.placeholder(tf.float64, v.shape, name="x%d" % i) for i, v in enumerate(values)]
        y = build(*inputs)
        with tf.Session() as sess:
            feed = dict(zip(inputs, values))
            y_shape = np.shape(sess.run(y, feed))
            weights = np.random.default_rng(seed).uniform(0.5, 1.5, size=y_shape)
            symbolic = tf.gradients(y, inputs, grad_ys=tf.constant(weights, dtype=tf.float64))
            present = [g for g in symbolic if g is not None]
            computed = iter(sess.run(present, feed))
            analytic = [np.zeros_like(v) if g is None else np.asarray(next(computed)) for g, v in zip(symbolic, values)]

            def loss(vs):
                return float(np.sum(sess.run(y, dict(zip(inputs, vs))) * weights))

            error = 0.0
            for i, value in enumerate(values):
                numeric = np.zeros_like(value)
                for j in range(value.size):
                    plus, minus = [v.copy() for v in values], [v.copy() for v in values]
                    plus[i].reshape(-1)[j] += delta
                    minus[i].reshape(-1)[j] -= delta
                    numeric.reshape(-1)[j] = (loss(plus) - loss(minus)) / (2 * delta)
                if value.size:
                    error = max(error, float(np.max(np.abs(analytic[i] - numeric))))
    return error


def check_gradients(build, values) -> float:
    """The shared finite-difference helper when it and the math gradients it needs are there, else
    the same check with ``grad_ys`` weights."""
    try:
        from graphscope.gradient_checker import check_gradients as shared
    except ImportError:
        shared = None
    if shared is not None and _math_gradients_registered():
        return shared(build, values)
    return _check_with_grad_ys(build, values)


_rng = np.random.default_rng(7)
A = _rng.normal(size=(3, 4))
B = _rng.normal(size=(3, 4))
C = _rng.normal(size=(2, 3, 4))
V = _rng.normal(size=(5,))
S = np.array(1.7)
G = _rng.normal(size=(5, 7))

CASES = {
    "identity": (lambda x: tf.identity(x), [A]),
    "placeholder_with_default": (lambda x: tf.placeholder_with_default(x, [3, 4]), [A]),
    "reshape": (lambda x: tf.reshape(x, [2, 6]), [A]),
    "reshape_scalar": (lambda x: tf.reshape(x, [1, 1]), [S]),
    "expand_dims": (lambda x: tf.expand_dims(x, 1), [A]),
    "squeeze": (lambda x: tf.squeeze(tf.reshape(x, [3, 1, 4, 1]), [1]), [A]),
    "transpose": (lambda x: tf.transpose(x), [A]),
    "transpose_perm": (lambda x: tf.transpose(x, [1, 2, 0]), [C]),
    "tile": (lambda x: tf.tile(x, [2, 3]), [A]),
    "tile_3d": (lambda x: tf.tile(x, [1, 2, 2]), [C]),
    "pad": (lambda x: tf.pad(x, [[1, 2], [0, 1]]), [A]),
    "pad_v2": (lambda x: tf.pad(x, [[1, 0], [2, 1]], constant_values=3.0), [A]),
    "mirror_pad_reflect": (lambda x: tf.pad(x, [[1, 2], [2, 3]], mode="REFLECT"), [A]),
    "mirror_pad_symmetric": (lambda x: tf.pad(x, [[3, 1], [0, 4]], mode="SYMMETRIC"), [A]),
    "reverse": (lambda x: tf.reverse(x, [1]), [A]),
    "reverse_two_axes": (lambda x: tf.reverse(x, [0, -1]), [C]),
    "stack": (lambda x, y: tf.stack([x, y]), [A, B]),
    "stack_axis": (lambda x, y: tf.stack([x, y, x], axis=-1), [A, B]),
    "unstack": (lambda x: tf.unstack(x, axis=1)[2], [A]),
    "unstack_all": (lambda x: tf.stack(tf.unstack(x)[::-1]), [A]),
    "concat": (lambda x, y: tf.concat([x, y], 1), [A, B]),
    "concat_negative_axis": (lambda x, y: tf.concat([x, y, x], -2), [A, B]),
    "concat_many": (lambda x: tf.concat([x[i:i + 1] for i in range(3)] * 6, 0), [A]),
    "split": (lambda x: tf.split(x, 2, axis=1)[1], [A]),
    "split_all": (lambda x: tf.concat(tf.split(x, 3)[::-1], 1), [A]),
    "split_v": (lambda x: tf.split(x, [1, -1], 0)[1], [A]),
    "strided_slice": (lambda x: x[1:, ::-2], [A]),
    "strided_slice_shrink_newaxis": (lambda x: x[1, tf.newaxis, 1:3], [A]),
    "strided_slice_ellipsis": (lambda x: x[..., 1], [C]),
    "strided_slice_fn": (lambda x: tf.strided_slice(x, [0, 1], [3, 4], [2, 2]), [A]),
    "slice": (lambda x: tf.slice(x, [1, 1], [2, -1]), [A]),
    "gather": (lambda x: tf.gather(x, [1, 1, 2, 0]), [A]),
    "gather_nd_indices": (lambda x: tf.gather(x, [[0, 1], [1, 1]]), [C]),
    "gather_axis_1": (lambda x: tf.gather(x, [[3, 1], [3, 0]], axis=1), [A]),
    "gather_axis_2": (lambda x: tf.gather(x, [0, 0, 3], axis=2), [C]),
    "gather_batch_dims": (lambda x: tf.gather(x, [[3, 1], [3, 0], [2, 2]], axis=1, batch_dims=1), [A]),
    "unsorted_segment_sum": (lambda x: tf.unsorted_segment_sum(x, [0, -1, 0], 4), [A]),
    "where": (lambda x, y: tf.where(tf.constant(A > 0), x, y), [A, B]),
    "where_rows": (lambda x, y: tf.where(tf.constant([True, False, True]), x, y), [A, B]),
    "where_v2_broadcast": (lambda x, y: tf.where_v2(tf.constant(A > 0), x, y[0]), [A, B]),
    "where_v2_scalar": (lambda x, s: tf.where_v2(tf.constant(A[0] > 0), s, x), [A, S]),
    "fill": (lambda s: tf.fill([2, 3], s), [S]),
    "strided_slice_grad_op": (lambda dy: strided_slice_grad([3, 4], [1, 0], [3, 4], [1, 2], dy), [A[:2, :2]]),
    "mirror_pad_grad_op": (lambda g: mirror_pad_grad(g, [[1, 1], [1, 2]], "REFLECT"), [G]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_gradient_matches_finite_differences(name):
    build, values = CASES[name]
    assert check_gradients(build, values) < 1e-7


UNKNOWN_SHAPE_CASES = {
    # build, the placeholder's static shape (None dims: known only when the graph runs), its value
    "reshape": (lambda x: tf.reshape(x, [-1]), [None, 4], A),
    "reshape_unknown_rank": (lambda x: tf.reshape(x, [4, 3]), None, A),
    "expand_dims": (lambda x: tf.expand_dims(x, 0), [None, None], A),
    "squeeze": (lambda x: tf.squeeze(tf.expand_dims(x, 1), [1]), [None, None], A),
    "transpose": (lambda x: tf.transpose(x), None, C),
    "tile": (lambda x: tf.tile(x, [2, 1]), [None, 4], A),
    "concat": (lambda x: tf.concat([x, x[:1]], 0), [None, 4], A),
    "slice": (lambda x: tf.slice(x, [1, 0], [-1, 2]), [None, None], A),
    "pad": (lambda x: tf.pad(x, [[0, 1], [1, 0]]), [None, 4], A),
    "strided_slice": (lambda x: x[:, 1:], [None, None], A),
    "gather": (lambda x: tf.gather(x, [2, 0, 2]), [None, 4], A),
    "gather_axis_1": (lambda x: tf.gather(x, [1, 1], axis=1), [None, None], A),
    "stack": (lambda x: tf.stack([x, x], 1), [None, 4], A),
    "where": (lambda x: tf.where(tf.constant(A > 0), x, tf.reverse(x, [1])), [3, None], A),
}


@pytest.mark.parametrize("name", sorted(UNKNOWN_SHAPE_CASES))
def test_gradient_with_unknown_static_shapes(name):
    """Shapes unknown at build time take TF's other branches (Shape, ShapeN ops); same numbers."""
    build, dims, value = UNKNOWN_SHAPE_CASES[name]
    with tf.Graph().as_default():
        fixed = tf.placeholder(tf.float64, value.shape)
        y = build(fixed)
        weights = np.random.default_rng(0).uniform(0.5, 1.5, size=y.shape.as_list())
        (expected_t,) = tf.gradients(y, [fixed], grad_ys=tf.constant(weights))
        with tf.Session() as sess:
            expected = sess.run(expected_t, {fixed: value})
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float64, dims)
        y = build(x)
        weights_t = tf.placeholder(tf.float64)
        (dx,) = tf.gradients(y, [x], grad_ys=weights_t)
        with tf.Session() as sess:
            got = sess.run(dx, {x: value, weights_t: weights})
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
    assert got.shape == value.shape


# -- gradient rules are registered; non-differentiable ops give None, never LookupError ----------------------

DIFFERENTIABLE = ["Identity", "PlaceholderWithDefault", "Fill", "Reshape", "ExpandDims", "Squeeze", "Transpose",
                  "Tile", "Pad", "PadV2", "MirrorPad", "MirrorPadGrad", "ReverseV2", "Pack", "Unpack", "ConcatV2",
                  "Split", "SplitV", "StridedSlice", "StridedSliceGrad", "Slice", "GatherV2", "UnsortedSegmentSum",
                  "Select", "SelectV2", "ReadVariableOp"]
NOT_DIFFERENTIABLE = ["Const", "Placeholder", "StopGradient", "ZerosLike", "OnesLike", "Shape", "ShapeN", "Size",
                      "Rank", "Range", "InvertPermutation", "ConcatOffset", "OneHot", "Where", "VariableV2",
                      "Assign", "AssignAdd", "AssignSub", "IsVariableInitialized", "VarHandleOp",
                      "VarIsInitializedOp", "AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp",
                      "RandomUniform", "RandomStandardNormal", "TruncatedNormal", "NoOp"]


@pytest.mark.parametrize("op_type", DIFFERENTIABLE + NOT_DIFFERENTIABLE)
def test_every_op_type_has_a_gradient_rule(op_type):
    op_def = registry.lookup(op_type)
    assert op_def is not None and op_def.gradient is not None
    assert (op_def.gradient is registry.no_gradient) == (op_type in NOT_DIFFERENTIABLE)


def test_stop_gradient_one_hot_and_like_ops_give_none():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3])
        s = tf.placeholder(tf.float32, [])
        assert tf.gradients(tf.stop_gradient(x), [x]) == [None]
        hot = tf.one_hot([0, 2], 3, on_value=s, off_value=-s)
        assert tf.gradients(hot, [s]) == [None]
        zeros, ones = tf.zeros_like(x), tf.ones_like(x)
        assert zeros.op.type == "ZerosLike"
        assert tf.gradients([zeros, ones], [x]) == [None]
        y = tf.concat([tf.stop_gradient(x), x], 0)
        (dx,) = tf.gradients(y, [x])
        with tf.Session() as sess:
            value = np.arange(6, dtype=np.float32).reshape(2, 3)
            np.testing.assert_array_equal(sess.run(dx, {x: value}), np.ones((2, 3)))


def test_variables_pass_gradients_through_their_reads():
    with tf.Graph().as_default():
        ref = tf.get_variable("ref", initializer=tf.constant([1.0, 2.0]))
        res = tf.get_variable("res", initializer=tf.constant([3.0, 4.0]), use_resource=True)
        y = tf.stack([tf.identity(ref), tf.identity(res)])
        grads = tf.gradients(y, [ref, res], grad_ys=tf.constant([[1.0, 2.0], [3.0, 4.0]]))
        assert grads[1].op.name.startswith("gradients/")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            d_ref, d_res = sess.run(grads)
    np.testing.assert_array_equal(d_ref, [1.0, 2.0])
    np.testing.assert_array_equal(d_res, [3.0, 4.0])


# -- the gradient ops TensorFlow builds, with its types and names ----------------------------------------------

def _gradient_ops(build, shape=(3, 4)):
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, shape, name="x")
        y = build(x)
        tf.gradients(y, [x], grad_ys=tf.ones_like(y))
        return {op.name: op.type for op in graph.get_operations() if op.name.startswith("gradients/")}


@pytest.mark.parametrize("build, expected", [
    (lambda x: tf.reshape(x, [2, 6]), {"gradients/Reshape_grad/Shape": "Const",
                                        "gradients/Reshape_grad/Reshape": "Reshape"}),
    (lambda x: tf.expand_dims(x, 0), {"gradients/ExpandDims_grad/Reshape": "Reshape"}),
    (lambda x: tf.transpose(x), {"gradients/transpose_grad/InvertPermutation": "InvertPermutation",
                                 "gradients/transpose_grad/transpose": "Transpose"}),
    (lambda x: tf.tile(x, [2, 1]), {"gradients/Tile_grad/stack": "Pack", "gradients/Tile_grad/transpose": "Transpose",
                                    "gradients/Tile_grad/range": "Range", "gradients/Tile_grad/Sum": "Sum"}),
    (lambda x: tf.pad(x, [[1, 0], [0, 1]]), {"gradients/Pad_grad/Slice": "Slice",
                                             "gradients/Pad_grad/Slice_1": "Slice"}),
    (lambda x: tf.reverse(x, [0]), {"gradients/ReverseV2_grad/ReverseV2": "ReverseV2"}),
    (lambda x: tf.stack([x, x]), {"gradients/stack_grad/unstack": "Unpack"}),
    (lambda x: tf.unstack(x)[0], {"gradients/unstack_grad/stack": "Pack"}),
    (lambda x: tf.concat([x, x], 1), {"gradients/concat_grad/mod": "FloorMod",
                                      "gradients/concat_grad/ConcatOffset": "ConcatOffset",
                                      "gradients/concat_grad/Slice": "Slice", "gradients/concat_grad/Slice_1": "Slice"}),
    (lambda x: tf.split(x, 2, 1)[0], {"gradients/split_grad/concat": "ConcatV2"}),
    (lambda x: x[1:], {"gradients/strided_slice_grad/StridedSliceGrad": "StridedSliceGrad"}),
    (lambda x: tf.slice(x, [1, 1], [1, 2]), {"gradients/Slice_grad/Pad": "Pad", "gradients/Slice_grad/concat": "ConcatV2"}),
    (lambda x: tf.gather(x, [0, 0]), {"gradients/GatherV2_grad/UnsortedSegmentSum": "UnsortedSegmentSum",
                                      "gradients/GatherV2_grad/Reshape": "Reshape"}),
    (lambda x: tf.where(x > 0, x, tf.reverse(x, [0])), {"gradients/Select_grad/zeros_like": "Const",
                                        "gradients/Select_grad/Select": "Select",
                                        "gradients/Select_grad/Select_1": "Select"}),
    (lambda x: tf.where_v2(x > 0, x, 0.0), {"gradients/SelectV2_grad/SelectV2": "SelectV2",
                                            "gradients/SelectV2_grad/SelectV2_1": "SelectV2"}),
])
def test_gradient_op_names_and_types(build, expected):
    ops = _gradient_ops(build)
    for name, op_type in expected.items():
        assert ops.get(name) == op_type, (name, sorted(ops))


def test_fill_gradient_is_a_sum_of_the_output_gradient():
    with tf.Graph().as_default():
        value = tf.placeholder(tf.float32, [], name="value")
        (dv,) = tf.gradients(tf.fill([2, 3], value), [value])
        assert (dv.op.name, dv.op.type) == ("gradients/Fill_grad/Sum", "Sum")
        assert tf.Session().run(dv, {value: 1.0}) == 6.0


# -- TensorFlow's special cases (NUMERIC.md) ---------------------------------------------------------------

def test_gather_with_repeated_indices_sums_rows():
    """grad_gather_repeated: gather(x, [1, 1, 3]) of a 4x2 x; dense dx rows [0, 2, 0, 1]."""
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [4, 2])
        (dx,) = tf.gradients(tf.gather(x, [1, 1, 3]), [x])
        got = tf.Session().run(dx, {x: np.zeros((4, 2), np.float32)})
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, [[0, 0], [2, 2], [0, 0], [1, 1]])


def test_gather_gradient_from_several_paths_adds_up():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float64, [3, 2])
        y1, y2 = tf.gather(x, [0, 2, 0]), tf.gather(x, [2], axis=0)
        (dx,) = tf.gradients([y1, y2], [x], grad_ys=[tf.ones([3, 2], tf.float64), tf.ones([1, 2], tf.float64)])
        got = tf.Session().run(dx, {x: np.zeros((3, 2))})
    np.testing.assert_array_equal(got, [[2, 2], [0, 0], [2, 2]])


def test_where_sends_zeros_to_the_branch_not_taken():
    with tf.Graph().as_default():
        t = tf.placeholder(tf.float32, [3])
        e = tf.placeholder(tf.float32, [3])
        y = tf.where(tf.constant([False, False, True]), t, e)
        dt, de = tf.gradients(y, [t, e])
        got_t, got_e = tf.Session().run([dt, de], {t: [1, 2, 3], e: [4, 5, 6]})
    np.testing.assert_array_equal(got_t, [0, 0, 1])
    np.testing.assert_array_equal(got_e, [1, 1, 0])


def test_where_nan_trap():
    """grad_where_nan_trap: where(x > 0, log(x), zeros_like(x)) at x = [0, -1, 2]: dx = [nan, -0, .5]."""
    log = registry.lookup("Log")
    if log is None or log.gradient is None:
        pytest.skip("needs the math family's Log gradient")
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [3])
        y = tf.where(x > 0, tf.log(x), tf.zeros_like(x))
        (dx,) = tf.gradients(tf.reduce_sum(y), [x])
        forward, got = tf.Session().run([y, dx], {x: [0.0, -1.0, 2.0]})
    np.testing.assert_allclose(forward, [0.0, 0.0, np.log(2.0)], rtol=1e-6)
    assert np.isnan(got[0]) and got[1] == 0 and np.signbit(got[1]) and got[2] == 0.5


# -- sparse gradients ----------------------------------------------------------------------------------------

def test_indexed_slices_are_made_dense_by_summing_rows():
    with tf.Graph().as_default():
        slices = IndexedSlices(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), tf.constant([2, 0, 2]),
                               tf.constant([4, 2]))
        dense = dense_gradient(slices)
        assert dense.op.type == "UnsortedSegmentSum"
        np.testing.assert_array_equal(tf.Session().run(dense), [[3, 4], [0, 0], [6, 8], [0, 0]])
        assert dense_gradient(dense) is dense


def test_unsorted_segment_sum_forward():
    with tf.Graph().as_default():
        data = tf.constant([[1, 2], [3, 4], [5, 6]])
        s = tf.math.unsorted_segment_sum(data, [1, -1, 1], 3)
        assert s.shape.as_list() == [3, 2] and s.dtype == tf.int32
        np.testing.assert_array_equal(tf.Session().run(s), [[0, 0], [6, 8], [0, 0]])
        bad = tf.unsorted_segment_sum(data, tf.constant([0, 3, 1]), 3)
        with pytest.raises(tf.errors.InvalidArgumentError, match="out of range"):
            tf.Session().run(bad)
