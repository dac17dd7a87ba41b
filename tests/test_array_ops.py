"""Array ops: values against numpy, TensorFlow's dtypes, static shapes with unknown dims, build-time and
run-time errors with TensorFlow's words, and the op names TensorFlow gives."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graphscope as tf
from graphscope.errors import InvalidArgumentError


@pytest.fixture
def graph():
    g = tf.Graph()
    with g.as_default():
        yield g


def run(fetches, feed_dict=None):
    with tf.Session() as session:
        return session.run(fetches, feed_dict)


def names(graph):
    return [op.name for op in graph.get_operations()]


def shape_of(t):
    return t.shape.as_list() if t.shape.ndims is not None else None


CUBE = np.arange(24, dtype=np.float32).reshape(2, 3, 4)


# -- values and dtypes against numpy -----------------------------------------------------------------------

VALUE_CASES = {
    "reshape": (lambda x: tf.reshape(x, [4, -1]), lambda x: x.reshape(4, -1)),
    "reshape_scalar": (lambda x: tf.reshape(x[0, 0, :1], []), lambda x: x[0, 0, 0]),
    "transpose_default": (lambda x: tf.transpose(x), lambda x: x.T),
    "transpose_perm": (lambda x: tf.transpose(x, [1, 0, 2]), lambda x: x.transpose(1, 0, 2)),
    "concat_negative_axis": (lambda x: tf.concat([x, x * 2], -2), lambda x: np.concatenate([x, x * 2], -2)),
    "stack": (lambda x: tf.stack([x, x], axis=-1), lambda x: np.stack([x, x], -1)),
    "expand_dims": (lambda x: tf.expand_dims(x, -2), lambda x: np.expand_dims(x, -2)),
    "expand_dims_tf1_dim": (lambda x: tf.expand_dims(x, dim=0), lambda x: x[None]),
    "squeeze_all": (lambda x: tf.squeeze(x[:1, None]), lambda x: np.squeeze(x[:1, None])),
    "squeeze_dims": (lambda x: tf.squeeze(x[:1, None], squeeze_dims=[1]), lambda x: x[:1]),
    "tile": (lambda x: tf.tile(x, [1, 2, 3]), lambda x: np.tile(x, [1, 2, 3])),
    "gather_axis0": (lambda x: tf.gather(x, [1, 1, 0]), lambda x: x[[1, 1, 0]]),
    "gather_axis_neg": (lambda x: tf.gather(x, [[3, 0], [1, 1]], axis=-1), lambda x: np.take(x, [[3, 0], [1, 1]], -1)),
    "gather_scalar_index": (lambda x: tf.gather(x, 2, axis=1), lambda x: x[:, 2]),
    "gather_batch_dims": (lambda x: tf.gather(x, [[0, 2], [1, 1]], axis=1, batch_dims=1),
                          lambda x: np.stack([x[0][[0, 2]], x[1][[1, 1]]])),
    "slice": (lambda x: tf.slice(x, [1, 0, 1], [-1, 2, 2]), lambda x: x[1:, 0:2, 1:3]),
    "reverse": (lambda x: tf.reverse(x, [0, -1]), lambda x: x[::-1, :, ::-1]),
    "pad": (lambda x: tf.pad(x, [[1, 0], [0, 0], [2, 1]]), lambda x: np.pad(x, [[1, 0], [0, 0], [2, 1]])),
    "pad_value": (lambda x: tf.pad(x, [[0, 0], [1, 1], [0, 0]], constant_values=-1.0),
                  lambda x: np.pad(x, [[0, 0], [1, 1], [0, 0]], constant_values=-1)),
    "pad_reflect": (lambda x: tf.pad(x, [[1, 1], [2, 2], [0, 3]], "REFLECT"),
                    lambda x: np.pad(x, [[1, 1], [2, 2], [0, 3]], mode="reflect")),
    "pad_symmetric": (lambda x: tf.pad(x, [[2, 2], [0, 0], [0, 0]], "symmetric"),
                      lambda x: np.pad(x, [[2, 2], [0, 0], [0, 0]], mode="symmetric")),
    "zeros_like": (lambda x: tf.zeros_like(x), np.zeros_like),
    "ones_like_int": (lambda x: tf.ones_like(x, dtype=tf.int32), lambda x: np.ones(x.shape, np.int32)),
    "boolean_mask": (lambda x: tf.boolean_mask(x, [True, False]), lambda x: x[[True, False]]),
    "boolean_mask_2d": (lambda x: tf.boolean_mask(x, x[:, :, 0] > 5.0), lambda x: x[x[:, :, 0] > 5]),
    "boolean_mask_axis": (lambda x: tf.boolean_mask(x, [True, False, True], axis=1),
                          lambda x: x[:, [True, False, True]]),
    "getitem_bool_mask": (lambda x: x[x[:, 0, 0] > 1.0], lambda x: x[x[:, 0, 0] > 1]),
}


@pytest.mark.parametrize("build, expected", VALUE_CASES.values(), ids=list(VALUE_CASES))
@pytest.mark.parametrize("static", [True, False], ids=["known_shape", "unknown_shape"])
def test_values_match_numpy(graph, build, expected, static):
    x = tf.placeholder(tf.float32, CUBE.shape if static else [None, None, None], name="x")
    y = build(x)
    value = run(y, {x: CUBE})
    want = np.asarray(expected(CUBE))
    assert value.dtype == want.dtype or (value.dtype == np.float32 and want.dtype == np.float32)
    np.testing.assert_array_equal(value, want)
    assert tf.TensorShape(y.shape).is_compatible_with(want.shape)
    if static and y.op.type != "GatherV2":  # boolean_mask's row count is only known when it runs
        assert shape_of(y) == list(want.shape)


def test_unstack_and_split(graph):
    x = tf.placeholder(tf.float32, [2, None, 4])
    parts = tf.unstack(x, axis=-1)
    halves = tf.split(x, 2, axis=2)
    sized = tf.split(x, [1, -1, 2], axis=-1)
    assert [p.name for p in parts] == ["unstack:%d" % i for i in range(4)]
    assert [shape_of(p) for p in parts] == [[2, None]] * 4
    assert [shape_of(h) for h in halves] == [[2, None, 2]] * 2
    assert [shape_of(s) for s in sized] == [[2, None, 1], [2, None, 1], [2, None, 2]]
    got = run([parts, halves, sized], {x: CUBE})
    for value, want in zip(got[0], np.moveaxis(CUBE, -1, 0)):
        np.testing.assert_array_equal(value, want)
    for value, want in zip(got[1], np.split(CUBE, 2, axis=2)):
        np.testing.assert_array_equal(value, want)
    for value, want in zip(got[2], np.split(CUBE, [1, 2], axis=2)):
        np.testing.assert_array_equal(value, want)


def test_one_hot_out_of_range_rows_are_off_and_options(graph):
    i = tf.constant([0, -1, 5, 2])
    a = tf.one_hot(i, 3)
    b = tf.one_hot(i, 3, on_value=5.0, off_value=-1.0, axis=0)
    c = tf.one_hot(i, 3, dtype=tf.float64)
    d = tf.one_hot([[1], [0]], 2, on_value=True, off_value=False)
    va, vb, vc, vd = run([a, b, c, d])
    assert (va.dtype, vb.dtype, vc.dtype, vd.dtype) == (np.float32, np.float32, np.float64, np.bool_)
    np.testing.assert_array_equal(va, [[1, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 1]])
    np.testing.assert_array_equal(vb, [[5, -1, -1, -1], [-1, -1, -1, -1], [-1, -1, -1, 5]])
    np.testing.assert_array_equal(vd, [[[False, True]], [[True, False]]])
    assert shape_of(a) == [4, 3] and shape_of(b) == [3, 4] and shape_of(d) == [2, 1, 2]
    with pytest.raises(TypeError, match="does not match"):
        tf.one_hot(i, 3, on_value=1.0, dtype=tf.float64)


def test_where_selects_rows_with_a_vector_condition(graph):
    c = tf.constant([True, False, True])
    a = tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2))
    y = tf.where(c, a, -a)
    assert y.op.type == "Select" and shape_of(y) == [3, 2]
    np.testing.assert_array_equal(run(y), [[0, 1], [-2, -3], [4, 5]])
    scalar = tf.where(True, a, a * 0)
    np.testing.assert_array_equal(run(scalar), run(a))


def test_where_coordinates_are_int64(graph):
    c = tf.placeholder(tf.bool, [None, 2])
    w = tf.where(c)
    assert w.op.type == "Where" and w.dtype == tf.int64 and shape_of(w) == [None, 2]
    value = run(w, {c: [[True, False], [False, True], [True, True]]})
    assert value.dtype == np.int64
    np.testing.assert_array_equal(value, [[0, 0], [1, 1], [2, 0], [2, 1]])
    numeric = run(tf.where([0.0, 2.0, 0.0, -1.0]))
    np.testing.assert_array_equal(numeric, [[1], [3]])


def test_where_v2_broadcasts(graph):
    y = tf.where_v2(tf.constant([[True], [False]]), tf.constant([1.0, 2.0, 3.0]), 0.0)
    assert y.op.type == "SelectV2" and shape_of(y) == [2, 3]
    np.testing.assert_array_equal(run(y), [[1, 2, 3], [0, 0, 0]])


def test_range_dtypes_and_values(graph):
    cases = [
        (tf.range(5), np.int32, [0, 1, 2, 3, 4]),
        (tf.range(1, 7, 2), np.int32, [1, 3, 5]),
        (tf.range(5, 0, -2), np.int32, [5, 3, 1]),
        (tf.range(1.0, 3.0, 0.5), np.float32, [1.0, 1.5, 2.0, 2.5]),
        (tf.range(0, 4, dtype=tf.float64), np.float64, [0, 1, 2, 3]),
        (tf.range(0, 2 ** 33, 2 ** 32), np.int64, [0, 2 ** 32]),
        (tf.range(3, 3), np.int32, []),
    ]
    values = run([c[0] for c in cases])
    for (tensor, dtype, want), value in zip(cases, values):
        assert value.dtype == dtype and tensor.dtype.as_numpy_dtype == dtype
        assert shape_of(tensor) == [len(want)]
        np.testing.assert_array_equal(value, want)
    # TF's CPU kernel adds delta step by step in float32: 0.3 three times is 0.90000004
    steps = run(tf.range(0.0, 1.0, 0.3))
    assert steps.tolist() == np.cumsum(np.array([0, 0.3, 0.3, 0.3], np.float32), dtype=np.float32).tolist()
    assert steps.tolist() == [0.0, np.float32(0.3), np.float32(0.6), np.float32(0.90000004)]


def test_range_with_tensor_limit(graph):
    n = tf.placeholder(tf.int32, [])
    r = tf.range(n)
    assert shape_of(r) == [None]
    np.testing.assert_array_equal(run(r, {n: 3}), [0, 1, 2])
    with pytest.raises(InvalidArgumentError, match="Requires start <= limit"):
        run(r, {n: -1})


def test_shape_size_rank(graph):
    x = tf.placeholder(tf.float32, [None, 3])
    u = tf.placeholder(tf.float32)
    s, n, r = tf.shape(x), tf.size(x), tf.rank(u)
    assert (s.op.type, n.op.type, r.op.type) == ("Shape", "Size", "Rank")
    assert tf.shape(CUBE).op.type == "Const" and tf.rank(x).op.type == "Const"
    s64 = tf.shape(x, out_type=tf.int64)
    got = run([s, n, r, s64], {x: np.zeros((5, 3)), u: np.zeros((1, 2, 3, 4))})
    assert got[0].tolist() == [5, 3] and got[0].dtype == np.int32
    assert got[1] == 15 and got[2] == 4 and got[3].dtype == np.int64


def test_fill_zeros_ones(graph):
    d = tf.placeholder(tf.int32, [2])
    f = tf.fill(d, 3.5)
    assert f.dtype == tf.float32 and shape_of(f) == [None, None]
    np.testing.assert_array_equal(run(f, {d: [1, 2]}), [[3.5, 3.5]])
    assert run(tf.fill([2], 3)).dtype == np.int32
    big = tf.zeros([100, 20], tf.int64)
    assert big.op.type == "Fill" and shape_of(big) == [100, 20]
    assert run(big).dtype == np.int64
    dynamic = tf.ones(tf.shape(tf.placeholder(tf.float32, [None, 2])), tf.bool)
    assert shape_of(dynamic) == [None, 2]


def test_kernels_called_directly_keep_tf_dtypes(graph):
    x = tf.placeholder(tf.int64, [None, 2])
    y = tf.transpose(tf.reshape(x, [2, -1]))
    reshape_op = y.op.inputs[0].op
    kernel = reshape_op.op_def.kernel(reshape_op)
    out = kernel(np.arange(4, dtype=np.int64).reshape(2, 2), np.array([2, -1], np.int32))
    assert out.dtype == np.int64 and out.shape == (2, 2)
    item = x[0, 1]
    value = item.op.op_def.kernel(item.op)(np.array([[1, 2]], np.int64), *[np.array(v.op.get_attr("value"))
                                                                            for v in item.op.inputs[1:]])
    assert isinstance(value, np.ndarray) and value.shape == () and value == 2


# -- __getitem__ --------------------------------------------------------------------------------------------

def _spec(slices):
    return tuple(slices) if isinstance(slices, list) else slices


GETITEM_CASES = [
    1, -1, slice(1, 3), slice(None, None, -1), (Ellipsis, 0), (None, Ellipsis, None), (slice(1, 100), None,
    Ellipsis, slice(-3, None, 2)), (-1, Ellipsis), (Ellipsis, None, slice(None, 2)), (slice(None, None, -1), -2),
    (slice(1, None), -1, slice(None, None, 2)), (slice(None), slice(None)), (0, 1, 2), (slice(5, 1, -2),),
    (slice(-100, 100, 3), Ellipsis, slice(None, -10, -1)), Ellipsis, (),
]


@pytest.mark.parametrize("spec", GETITEM_CASES, ids=repr)
def test_getitem_matches_numpy(graph, spec):
    known = tf.constant(CUBE)
    unknown = tf.placeholder(tf.float32, [None, None, 4])
    a, b = known[spec], unknown[spec]
    want = CUBE[spec]
    got_a, got_b = run([a, b], {unknown: CUBE})
    np.testing.assert_array_equal(got_a, want)
    np.testing.assert_array_equal(got_b, want)
    assert got_a.dtype == np.float32
    assert shape_of(a) == list(want.shape)
    assert tf.TensorShape(b.shape).is_compatible_with(want.shape)


def test_getitem_graph_reads_like_tensorflow(graph):
    x = tf.placeholder(tf.float32, [None, 5], name="x")
    y = x[1:3]
    assert names(graph)[1:] == ["strided_slice/stack", "strided_slice/stack_1", "strided_slice/stack_2",
                                "strided_slice"]
    op = y.op
    assert op.type == "StridedSlice"
    assert [t.op.get_attr("value").tolist() for t in op.inputs[1:]] == [[1], [3], [1]]
    assert op.get_attr("Index") == tf.int32 and op.get_attr("T") == tf.float32
    z = x[..., None, -1]
    masks = {m: z.op.get_attr(m) for m in ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                                           "shrink_axis_mask")}
    assert masks == {"begin_mask": 0, "end_mask": 0, "ellipsis_mask": 1, "new_axis_mask": 2,
                     "shrink_axis_mask": 4}
    w = x[:, 1]
    assert (w.op.get_attr("begin_mask"), w.op.get_attr("end_mask"), w.op.get_attr("shrink_axis_mask")) == (1, 1, 2)
    assert z.name == "strided_slice_1:0" and shape_of(z) == [None, 1] and shape_of(w) == [None]


def test_getitem_with_a_tensor_index(graph):
    x = tf.constant(CUBE)
    i = tf.placeholder(tf.int32, [], name="i")
    y = x[i, 1:]
    assert y.op.inputs[1].op.type == "Pack" and "add" in names(graph)
    assert shape_of(y) == [None, 4]  # as TF: begin is not a constant, so only the full-range dim is known
    np.testing.assert_array_equal(run(y, {i: 1}), CUBE[1, 1:])
    with pytest.raises(TypeError, match="valid indices"):
        x[1.5]
    with pytest.raises(TypeError, match="valid indices"):
        x[tf.constant([0, 1])]


def test_getitem_out_of_bounds(graph):
    x = tf.constant([1.0, 2.0], name="x")
    before = names(graph)
    with pytest.raises(ValueError, match="slice index 5 of dimension 0 out of bounds"):
        x[5]
    with pytest.raises(ValueError, match="out of bounds"):
        x[-3]
    with pytest.raises(ValueError, match="out of range"):
        tf.constant(CUBE)[0, 0, 0, 0]
    assert names(graph)[:len(before)] == before and len(names(graph)) == len(before) + 1  # only the CUBE const
    assert x[1].name == "strided_slice:0"  # the failed calls left no names behind
    p = tf.placeholder(tf.float32, [None])
    y = p[5]
    assert shape_of(y) == []
    with pytest.raises(InvalidArgumentError, match="out of bounds"):
        run(y, {p: [1.0, 2.0]})


def test_variable_getitem(graph):
    v = tf.Variable(CUBE, name="v")
    y = v[0, :, 1]
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(session.run(y), CUBE[0, :, 1])


@st.composite
def _shapes_and_specs(draw):
    rank = draw(st.integers(0, 4))
    dims = draw(st.lists(st.integers(0, 5), min_size=rank, max_size=rank))
    bound = st.one_of(st.none(), st.integers(-7, 7))
    item = st.one_of(
        st.integers(-6, 6),
        st.builds(slice, bound, bound, st.one_of(st.none(), st.sampled_from([-3, -2, -1, 1, 2, 3]))),
        st.none(),
        st.just(Ellipsis),
    )
    spec = draw(st.lists(item, max_size=rank + 2))
    if spec.count(Ellipsis) > 1:
        first = spec.index(Ellipsis)
        spec = spec[:first + 1] + [s for s in spec[first + 1:] if s is not Ellipsis]
    return tuple(dims), tuple(spec)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_shapes_and_specs())
def test_getitem_property_matches_numpy(shape_and_spec):
    dims, spec = shape_and_spec
    value = np.arange(int(np.prod(dims)), dtype=np.float64).reshape(dims)
    try:
        want = value[spec]
    except IndexError:
        want = None
    with tf.Graph().as_default():
        known = tf.constant(value)
        unknown = tf.placeholder(tf.float64, [None] * len(dims))
        if want is None:
            with pytest.raises(ValueError):
                known[spec]
            return
        a, b = known[spec], unknown[spec]
        assert shape_of(a) == list(want.shape)
        assert tf.TensorShape(b.shape).is_compatible_with(want.shape)
        got_a, got_b = run([a, b], {unknown: value})
    np.testing.assert_array_equal(got_a, want)
    np.testing.assert_array_equal(got_b, want)


# -- static shapes with unknown dims ------------------------------------------------------------------------

STATIC_CASES = [
    (lambda: tf.reshape(tf.placeholder(tf.float32, [None, 3]), [-1, 6]), [None, 6]),
    (lambda: tf.reshape(tf.placeholder(tf.float32, [2, None]), [2, -1]), [2, None]),
    (lambda: tf.reshape(tf.placeholder(tf.float32, [None, 3, 4]), [-1, 12]), [None, 12]),
    (lambda: tf.reshape(tf.placeholder(tf.float32), [3, -1]), [3, None]),
    (lambda: tf.reshape(tf.placeholder(tf.float32, [2, 3]), tf.placeholder(tf.int32, [2])), [None, None]),
    (lambda: tf.reshape(tf.placeholder(tf.float32, [2, 3]), tf.placeholder(tf.int32)), None),
    (lambda: _reshape_to_own_batch(), [None, None]),  # TF too: two unknowns in the shape tensor
    (lambda: tf.transpose(tf.placeholder(tf.float32)), None),
    (lambda: tf.transpose(tf.placeholder(tf.float32), [1, 0]), [None, None]),
    (lambda: tf.concat([tf.placeholder(tf.float32, [None, 2]), tf.placeholder(tf.float32, [3, None])], 1),
     [3, None]),
    (lambda: tf.concat([tf.placeholder(tf.float32), tf.placeholder(tf.float32, [None, 2])], 0), [None, 2]),
    (lambda: tf.concat([tf.placeholder(tf.float32, [1, 2]), tf.placeholder(tf.float32, [1, 2])],
                       tf.placeholder(tf.int32, [])), [None, None]),
    (lambda: tf.stack([tf.placeholder(tf.float32), tf.placeholder(tf.float32, [None, 2])], axis=1),
     [None, 2, 2]),
    (lambda: tf.stack([tf.placeholder(tf.float32), tf.placeholder(tf.float32)]), None),
    (lambda: tf.expand_dims(tf.placeholder(tf.float32), 0), None),
    (lambda: tf.expand_dims(tf.placeholder(tf.float32, [None]), tf.placeholder(tf.int32, [])), None),
    (lambda: tf.squeeze(tf.placeholder(tf.float32, [None, 1, 2])), None),
    (lambda: tf.squeeze(tf.placeholder(tf.float32, [None, 1, 2]), [0]), [1, 2]),
    (lambda: tf.tile(tf.placeholder(tf.float32, [None, 1]), [2, 3]), [None, 3]),
    (lambda: tf.tile(tf.placeholder(tf.float32, [None, 5]), tf.placeholder(tf.int32, [2])), [None, None]),
    (lambda: tf.tile(tf.placeholder(tf.float32, [None, 5]), [0, 1]), [0, 5]),
    (lambda: tf.gather(tf.placeholder(tf.float32), [1, 2]), None),
    (lambda: tf.gather(tf.placeholder(tf.float32, [None, 4]), tf.placeholder(tf.int32, [None, 2]), axis=1),
     [None, None, 2]),
    (lambda: tf.gather(tf.placeholder(tf.float32, [3, 4]), [0], axis=tf.placeholder(tf.int32, [])), [None, None]),
    (lambda: tf.one_hot(tf.placeholder(tf.int32), 4), None),
    (lambda: tf.one_hot(tf.placeholder(tf.int64, [None, 2]), tf.placeholder(tf.int32, []), axis=1),
     [None, None, 2]),
    (lambda: tf.slice(tf.placeholder(tf.float32, [None, 4]), [0, 1], [-1, -1]), [None, 3]),
    (lambda: tf.slice(tf.placeholder(tf.float32), tf.placeholder(tf.int32, [3]), [1, 2, -1]), [1, 2, None]),
    (lambda: tf.pad(tf.placeholder(tf.float32), [[1, 1], [0, 2]]), [None, None]),
    (lambda: tf.pad(tf.placeholder(tf.float32, [None, 3]), tf.placeholder(tf.int32, [2, 2])), [None, None]),
    (lambda: tf.where(tf.placeholder(tf.bool), tf.placeholder(tf.float32, [None, 2]),
                      tf.placeholder(tf.float32, [3, None])), [3, 2]),
    (lambda: tf.where(tf.placeholder(tf.bool)), [None, None]),
    (lambda: tf.zeros_like(tf.placeholder(tf.int32)), None),
    (lambda: tf.ones_like(tf.placeholder(tf.int32, [None, 2])), [None, 2]),
    (lambda: tf.placeholder(tf.float32)[1:, None], None),
    (lambda: tf.placeholder(tf.float32, [None, 3])[tf.placeholder(tf.int32, [])], [3]),
    (lambda: tf.placeholder(tf.float32, [None, 3])[:tf.placeholder(tf.int32, [])], [None, 3]),
    (lambda: tf.range(tf.placeholder(tf.float32, [])), [None]),
    (lambda: tf.fill(tf.stack([tf.placeholder(tf.int32, []), 3]), 1.0), [None, 3]),
    (lambda: tf.split(tf.placeholder(tf.float32, [None, 6]), 3, axis=tf.placeholder(tf.int32, []))[0],
     [None, None]),
    (lambda: tf.reverse(tf.placeholder(tf.float32, [None, 2]), [0]), [None, 2]),
]


def _reshape_to_own_batch():
    x = tf.placeholder(tf.float32, [None, 3, 4])
    return tf.reshape(x, [tf.shape(x)[0], -1])


@pytest.mark.parametrize("build, want", STATIC_CASES)
def test_static_shapes_with_unknown_dims(graph, build, want):
    assert shape_of(build()) == want


# -- build-time errors (TensorFlow's exception type and words) -------------------------------------------------

BUILD_ERRORS = [
    (lambda: tf.reshape(tf.zeros([2, 3]), [4, -1]), ValueError, "Cannot reshape a tensor with 6 elements to shape "
     r"\[4,-1\].*evenly divisible by 4"),
    (lambda: tf.reshape(tf.zeros([2, 3]), [4, 2]), ValueError, r"6 elements to shape \[4,2\] \(8 elements\)"),
    (lambda: tf.reshape(tf.zeros([2, 3]), [2.0, 3.0]), TypeError, "Expected int32|not in list of allowed values"),
    (lambda: tf.squeeze(tf.zeros([1, 2]), [1]), ValueError, r"Can not squeeze dim\[1\], expected a dimension of 1, "
     "got 2"),
    (lambda: tf.squeeze(tf.zeros([1, 2]), [2]), ValueError, "squeeze dim index 2 for tensor with 2 dimensions"),
    (lambda: tf.concat([tf.zeros([1, 1]), tf.zeros([1, 2])], 0), ValueError,
     r"Dimension 0 in both shapes must be equal, but are 1 and 2. Shapes are \[1\] and \[2\]"),
    (lambda: tf.concat([tf.zeros([1]), tf.zeros([1], tf.int32)], 0), TypeError,
     r"have types \[float32, int32\] that don't all match"),
    (lambda: tf.concat([tf.zeros([1, 2]), tf.zeros([1, 2])], 2), ValueError, "at least rank 3 but is rank 2"),
    (lambda: tf.concat([tf.zeros([2]), [1.5]], 0), None, None),
    (lambda: tf.concat([tf.zeros([2], tf.int32), [1.5]], 0), TypeError, "Expected int32"),
    (lambda: tf.stack([tf.zeros([2]), tf.zeros([3])]), ValueError, "Dimension 0 in both shapes must be equal"),
    (lambda: tf.stack([tf.zeros([2]), tf.zeros([2], tf.int32)]), TypeError, "don't all match"),
    (lambda: tf.stack([tf.zeros([2]), tf.zeros([2])], axis=3), ValueError, r"axis = 3 not in \[-2, 2\)"),
    (lambda: tf.unstack(tf.placeholder(tf.float32, [None, 2])), ValueError, "Cannot infer argument `num`"),
    (lambda: tf.where(tf.zeros([2, 1], tf.bool), tf.zeros([2, 3]), tf.zeros([2, 3])), ValueError,
     "Dimension 1 in both shapes must be equal, but are 3 and 1"),
    (lambda: tf.where(tf.zeros([2], tf.bool), tf.zeros([2, 3]), tf.zeros([3, 3])), ValueError, "shape"),
    (lambda: tf.where(tf.zeros([3], tf.bool), tf.zeros([2, 3]), tf.zeros([2, 3])), ValueError, "Dimension 0"),
    (lambda: tf.where(tf.zeros([2]), tf.zeros([2]), tf.zeros([2])), TypeError, "expected type of bool"),
    (lambda: tf.where(tf.zeros([2], tf.bool), tf.zeros([2]), tf.zeros([2], tf.float64)), TypeError,
     "does not match type float32"),
    (lambda: tf.where(tf.zeros([2], tf.bool), tf.zeros([2])), ValueError, "both be non-None"),
    (lambda: tf.transpose(tf.zeros([2, 3]), [0, 1, 2]), ValueError, "Dimension must be 2 but is 3"),
    (lambda: tf.transpose(tf.zeros([2, 3]), [0, 2]), ValueError, "perm dim 2 is out of range of input rank 2"),
    (lambda: tf.tile(tf.zeros([2, 3]), [2]), ValueError, "rank"),
    (lambda: tf.expand_dims(tf.zeros([2]), 3), ValueError, "expand dim index 3 for tensor with 1 dimensions"),
    (lambda: tf.expand_dims(tf.zeros([2])), ValueError, "Must specify an axis"),
    (lambda: tf.gather(tf.zeros([2, 3]), [0], axis=2), ValueError, "at least rank 3 but is rank 2"),
    (lambda: tf.gather(tf.zeros([3]), [0.0]), TypeError, "not in list of allowed values"),
    (lambda: tf.one_hot([1], 3, axis=-2), ValueError, "axis"),
    (lambda: tf.split(tf.zeros([4, 3]), 3), ValueError, "evenly divisible by 3 but is 4"),
    (lambda: tf.split(tf.zeros([4, 3]), [1, 2], axis=0), ValueError, "split_dim"),
    (lambda: tf.slice(tf.zeros([4, 3]), [0, 0], [1, 1, 1]), ValueError, "Dimension 0 in both shapes"),
    (lambda: tf.pad(tf.zeros([4, 3]), [[1, 1]]), ValueError, "rank"),
    (lambda: tf.range(0, 5, 0), ValueError, "Requires delta != 0"),
    (lambda: tf.range(5, 0, 1), ValueError, "Requires start <= limit when delta > 0"),
    (lambda: tf.reverse(tf.zeros([2, 3]), [2]), ValueError, r"out of valid range \[-2, 2\)"),
    (lambda: tf.boolean_mask(tf.zeros([2, 3]), True), ValueError, "mask cannot be scalar"),
    (lambda: tf.boolean_mask(tf.zeros([2, 3]), [True, False, True]), ValueError, "incompatible|not compatible"),
]


@pytest.mark.parametrize("build, error, words", BUILD_ERRORS)
def test_build_errors(graph, build, error, words):
    if error is None:
        build()
        return
    with pytest.raises(error, match=words):
        build()


# -- run-time errors --------------------------------------------------------------------------------------------

def test_reshape_with_unknown_dims_fails_when_run(graph):
    x = tf.placeholder(tf.float32, [None, None])
    y = tf.reshape(x, [4, -1])
    assert shape_of(y) == [4, None]
    with pytest.raises(InvalidArgumentError, match="Input to reshape is a tensor with 6 values, but the requested "
                                                   "shape requires a multiple of 4"):
        run(y, {x: np.zeros((2, 3))})
    z = tf.reshape(x, tf.placeholder_with_default([5], [1]))
    with pytest.raises(InvalidArgumentError, match="requested shape has 5"):
        run(z, {x: np.zeros((2, 3))})


def test_gather_index_out_of_range_fails_when_run(graph):
    i = tf.placeholder(tf.int32, [None])
    y = tf.gather(tf.constant([1.0, 2.0, 3.0]), i)
    with pytest.raises(InvalidArgumentError, match=r"indices\[1\] = 5 is not in \[0, 3\)"):
        run(y, {i: [0, 5]})
    with pytest.raises(InvalidArgumentError, match=r"indices\[0\] = -1 is not in \[0, 3\)"):
        run(y, {i: [-1]})
    m = tf.gather(tf.zeros([2, 2]), tf.placeholder(tf.int64, [None, None], name="j"), axis=1)
    with pytest.raises(InvalidArgumentError, match=r"indices\[0,1\] = 2 is not in \[0, 2\)"):
        run(m, {"j:0": [[0, 2]]})


@pytest.mark.parametrize("build, feed, words", [
    (lambda x: tf.squeeze(x, [0]), np.zeros((2, 1)), r"Can not squeeze dim\[0\]"),
    (lambda x: tf.concat([x, tf.zeros([1, 3])], 0), np.zeros((1, 2)), "Dimension 1 in both shapes must be equal"),
    (lambda x: tf.stack([x, tf.zeros([1, 3])]), np.zeros((1, 2)), "Shapes of all inputs must match"),
    (lambda x: tf.where(tf.constant([True, False]), x, x), np.zeros((3, 1)), "must match size of 'cond'"),
    (lambda x: tf.tile(x, [1, 2, 3]), np.zeros((1, 2)), "vector of length 2 but got length 3"),
    (lambda x: tf.slice(x, [0, 1], [1, 3]), np.zeros((1, 2)), r"Expected size\[1\] in \[0, 1\], but got 3"),
    (lambda x: tf.split(x, 3, axis=1), np.zeros((1, 2)), "evenly divide"),
    (lambda x: tf.transpose(x, [0, 0]), np.zeros((1, 2)), "duplicated"),
])
def test_run_errors(graph, build, feed, words):
    x = tf.placeholder(tf.float32, None)
    y = build(x)
    with pytest.raises(InvalidArgumentError, match=words):
        run(y, {x: feed})


# -- the graph reads like TensorFlow's ---------------------------------------------------------------------------

def test_names_of_created_helper_ops(graph):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    s = tf.placeholder(tf.float32, [], name="s")
    tf.concat([x, x], 1)
    tf.concat([x], 0)
    tf.reshape(x, [3, 2])
    tf.transpose(x)
    tf.stack([x, x])
    tf.stack([s, 1.0])
    tf.gather(x, [1])
    tf.one_hot([1, 2], 3)
    tf.where([True, False], [1, 2], [3, 4])
    tf.range(3)
    tf.expand_dims(x, 0)
    tf.tile(x, [1, 2])
    tf.pad(x, [[0, 1], [0, 0]])
    tf.zeros_like(x)
    tf.ones_like(x)
    assert names(graph) == [
        "x", "s",
        "concat/axis", "concat",
        "concat_1/concat_dim", "concat_1/concat",
        "Reshape/shape", "Reshape",
        "transpose/perm", "transpose",
        "stack",
        "stack_1/1", "stack_1",
        "GatherV2/indices", "GatherV2/axis", "GatherV2",
        "one_hot/on_value", "one_hot/off_value", "one_hot/indices", "one_hot/depth", "one_hot",
        "Select/condition", "Select/t", "Select/e", "Select",
        "range/start", "range/limit", "range/delta", "range",
        "ExpandDims/dim", "ExpandDims",
        "Tile/multiples", "Tile",
        "Pad/paddings", "Pad",
        "zeros_like",
        "ones_like/Shape", "ones_like/Const", "ones_like",
    ]
    types = {op.name: op.type for op in graph.get_operations()}
    assert types["concat"] == "ConcatV2" and types["stack"] == "Pack" and types["concat_1/concat"] == "Identity"
    assert types["zeros_like"] == "Const" and types["ones_like"] == "Fill" and types["range"] == "Range"
    concat = graph.get_operation_by_name("concat")
    assert (concat.get_attr("N"), concat.get_attr("T"), concat.get_attr("Tidx")) == (2, tf.float32, tf.int32)


def test_names_inside_scopes_and_with_unknown_rank(graph):
    u = tf.placeholder(tf.float32, name="u")
    with tf.name_scope("layer"):
        t = tf.transpose(u)
        r = tf.reshape(u, [tf.shape(u)[0], -1], name="flat")
    assert t.name == "layer/transpose:0"
    assert {"layer/transpose/Rank", "layer/transpose/sub", "layer/transpose/Range"} <= set(names(graph))
    assert r.name == "layer/flat:0" and r.op.inputs[1].op.type == "Pack"
    assert r.op.inputs[1].name == "layer/flat/shape:0"
    v = np.arange(6, dtype=np.float32).reshape(3, 2)
    got_t, got_r = run([t, r], {u: v})
    np.testing.assert_array_equal(got_t, v.T)
    np.testing.assert_array_equal(got_r, v)


def test_failed_composites_leave_no_trace(graph):
    x = tf.constant([1.0, 2.0], name="x")
    before = names(graph)
    with pytest.raises(ValueError):
        x[7]
    with pytest.raises(ValueError):
        tf.split(x, [1, 2])
    with pytest.raises(ValueError):
        tf.stack([x, 1.0], axis=5)
    assert names(graph) == before
    assert tf.split(x, [1, 1])[0].name == "split:0" and x[1].name == "strided_slice:0"


def test_partitioned_variable_uses_slice_and_concat(graph):
    v = tf.get_variable("pv", initializer=tf.constant(np.arange(8.0).reshape(4, 2)),
                        partitioner=lambda shape, dtype: [2, 1])
    assert [p.op.name for p in v] == ["pv/part_0", "pv/part_1"]
    with tf.Session() as session:
        session.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(session.run(tf.convert_to_tensor(v)), np.arange(8.0).reshape(4, 2))
    value = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
    np.testing.assert_array_equal(run(tf.slice(value, [1, 1], [2, -1])), np.arange(12).reshape(3, 4)[1:, 1:])


def test_sequence_mask(graph):
    lengths = tf.placeholder(tf.int32, [None])
    m = tf.sequence_mask(lengths, 4)
    f = tf.sequence_mask([1, 3, 2], dtype=tf.float32)
    assert shape_of(m) == [None, 4] and f.dtype == tf.float32
    got_m, got_f = run([m, f], {lengths: [1, 3, 2]})
    np.testing.assert_array_equal(got_m, np.arange(4) < np.array([[1], [3], [2]]))
    np.testing.assert_array_equal(got_f, (np.arange(3) < np.array([[1], [3], [2]])).astype(np.float32))


def test_zeros_like_of_strings_and_range_of_infinity(graph):
    s = tf.placeholder(tf.string, [None])
    limit = tf.placeholder(tf.float32, [])
    assert run(tf.zeros_like(s), {s: np.array(["a", "b"], dtype=object)}).tolist() in ([b"", b""], ["", ""])
    with pytest.raises(InvalidArgumentError, match="finite"):
        run(tf.range(limit), {limit: np.inf})
