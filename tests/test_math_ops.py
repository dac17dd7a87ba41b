"""Math ops: values against numpy, TF's dtypes and special values, op names, static shapes and errors.

Each test builds in a fresh graph; ``run`` evaluates in a fresh Session of that graph.
"""
import numpy as np
import pytest

import graphscope as tf
from graphscope.errors import InvalidArgumentError

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

NAN, INF = float("nan"), float("inf")


@pytest.fixture(autouse=True)
def graph():
    g = tf.Graph()
    with g.as_default():
        yield g


def run(fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict)


def check(tensor, expected, dtype, feed_dict=None):
    """``tensor`` evaluates to ``expected`` (NaN-aware, exact dtype)."""
    value = run(tensor, feed_dict)
    assert np.asarray(value).dtype == np.dtype(dtype), (np.asarray(value).dtype, dtype)
    np.testing.assert_allclose(np.asarray(value, dtype=np.float64) if np.asarray(value).dtype != bool else value,
                               expected, rtol=1e-6, equal_nan=True)
    return value


def op_types(graph):
    return [(op.name, op.type) for op in graph.get_operations()]


# -- elementwise values and dtypes ------------------------------------------------------------------------

@pytest.mark.parametrize("func, ref", [
    (tf.add, np.add), (tf.subtract, np.subtract), (tf.multiply, np.multiply), (tf.maximum, np.maximum),
    (tf.minimum, np.minimum), (tf.squared_difference, lambda a, b: (a - b) ** 2), (tf.pow, np.power),
])
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64"])
def test_binary_ops_match_numpy_and_keep_dtype(func, ref, dtype):
    a = np.array([[1, 2, 3], [4, 5, 6]], dtype=dtype)
    b = np.array([2, 1, 3], dtype=dtype)
    x, y = tf.placeholder(dtype, [None, 3]), tf.placeholder(dtype, [3])
    out = func(x, y)
    assert out.dtype.name == dtype and out.shape.as_list() == [None, 3]
    check(out, ref(a, b), dtype, {x: a, y: b})


@pytest.mark.parametrize("func, ref, values", [
    (tf.negative, np.negative, [1.5, -2.0, 0.0]), (tf.abs, np.abs, [-1.5, 0.0, 2.0]),
    (tf.square, np.square, [-3.0, 0.5]), (tf.sqrt, np.sqrt, [4.0, 2.0, 0.0]), (tf.exp, np.exp, [0.0, 1.0, -3.0]),
    (tf.log, np.log, [1.0, 2.0, 0.5]), (tf.log1p, np.log1p, [0.0, 1e-8, 2.0]),
    (tf.rsqrt, lambda v: 1 / np.sqrt(v), [4.0, 0.25]), (tf.reciprocal, np.reciprocal, [2.0, -0.5]),
    (tf.sign, np.sign, [-2.0, 0.0, 3.0]), (tf.floor, np.floor, [1.5, -1.5]), (tf.ceil, np.ceil, [1.5, -1.5]),
    (tf.round, np.round, [0.5, 1.5, 2.5, -0.5]), (tf.sin, np.sin, [0.0, 1.0]), (tf.cos, np.cos, [0.0, 1.0]),
    (tf.expm1, np.expm1, [0.0, 1e-8]),
])
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_unary_float_ops_match_numpy_and_keep_dtype(func, ref, values, dtype):
    data = np.array(values, dtype=dtype)
    x = tf.placeholder(dtype, [None])
    out = func(x)
    assert out.dtype.name == dtype and out.shape.as_list() == [None]
    value = run(out, {x: data})
    assert value.dtype == np.dtype(dtype)
    np.testing.assert_allclose(value, ref(data), rtol=1e-3 if dtype == "float16" else 1e-6)


def test_integer_unary_ops_keep_dtype():
    x = tf.constant([-3, 0, 4])
    for func, ref in [(tf.negative, np.negative), (tf.abs, np.abs), (tf.square, np.square), (tf.sign, np.sign)]:
        check(func(x), ref(np.array([-3, 0, 4])), "int32")
    assert tf.round(x) is x  # TF returns integer tensors unchanged


def test_python_numbers_take_the_tensor_dtype():
    x = tf.placeholder(tf.float32, [3])
    d = tf.placeholder(tf.float64, [2])
    feed = {x: np.array([0.5, 1.5, 2.0], np.float32), d: np.array([1.5, -0.75])}
    results = {"2*x": 2 * x, "1.5-x": 1.5 - x, "1/x": 1 / x, "x**2": x ** 2, "2.0**x": 2.0 ** x, "d+1.5": d + 1.5}
    values = run(results, feed)
    for key in ["2*x", "1.5-x", "1/x", "x**2", "2.0**x"]:
        assert values[key].dtype == np.float32, key
    assert values["d+1.5"].dtype == np.float64
    np.testing.assert_allclose(values["2.0**x"], 2.0 ** feed[x], rtol=1e-6)
    np.testing.assert_allclose(values["1/x"], 1 / feed[x], rtol=1e-6)


def test_numpy_array_on_the_left_defers_to_the_tensor():
    x = tf.constant([1.0, 2.0])
    y = np.array([3.0, 4.0], np.float32) * x
    assert isinstance(y, tf.Tensor) and y.op.type == "Mul"
    check(y, [3.0, 8.0], "float32")


def test_true_division_casts_integers():
    a = tf.placeholder(tf.int32, [4])
    b = tf.placeholder(tf.int32, [4])
    feed = {a: [7, -7, 1, 0], b: [2, 2, 0, 0]}
    for q in (a / b, tf.divide(a, b), tf.truediv(a, b)):
        check(q, [3.5, -3.5, INF, NAN], "float64", feed)
    small = tf.constant([7, 1], tf.int16) / tf.constant([2, 4], tf.int16)
    check(small, [3.5, 0.25], "float32")
    check(tf.constant([1.0, 3.0]) / 2, [0.5, 1.5], "float32")
    assert tf.divide(7, 2) == 3.5  # two Python numbers: Python's division, as in TF


def test_floor_division_and_modulo_follow_python():
    a = tf.constant([7, -7, 7, -7])
    b = tf.constant([2, 2, -2, -2])
    check(a // b, [3, -4, -4, 3], "int32")
    check(a % b, [1, 1, -1, -1], "int32")
    check(tf.floordiv(a, b), [3, -4, -4, 3], "int32")
    check(tf.floormod(a, b), [1, 1, -1, -1], "int32")
    check(tf.mod(a, b), [1, 1, -1, -1], "int32")
    # floats: floor(x / y), not numpy's floor_divide (which gives 1.0 // 0.1 = 9)
    check(tf.constant([1.0], tf.float64) // tf.constant([0.1], tf.float64), [10.0], "float64")
    check(tf.constant([5.5, -5.5]) % tf.constant([2.0, 2.0]), [1.5, 0.5], "float32")
    check(tf.div(tf.constant([7, -7]), 2), [3, -4], "int32")
    check(tf.div(tf.constant([7.0, -7.0]), 2.0), [3.5, -3.5], "float32")
    check(tf.realdiv(tf.constant([7, -7]), 2), [3, -3], "int32")  # integer RealDiv truncates


def test_integer_division_by_zero_is_an_error_at_run_time():
    a, b = tf.placeholder(tf.int32, [2]), tf.placeholder(tf.int32, [2])
    for q in (a // b, a % b):
        with pytest.raises(InvalidArgumentError, match="Integer division by zero"):
            run(q, {a: [1, 2], b: [1, 0]})


def test_pow_special_values_and_integer_rules():
    x = tf.placeholder(tf.float32, [5])
    y = tf.placeholder(tf.float32, [5])
    feed = {x: [0.0, 0.0, 2.0, -8.0, -2.0], y: [0.0, -1.0, 0.5, 1 / 3, 2.0]}
    check(tf.pow(x, y), [1.0, INF, np.sqrt(2.0), NAN, 4.0], "float32", feed)
    check(tf.constant([2, 3]) ** tf.constant([10, 3]), [1024, 27], "int32")
    i, e = tf.placeholder(tf.int32, [2]), tf.placeholder(tf.int32, [2])
    with pytest.raises(InvalidArgumentError, match="Integers to negative integer powers are not allowed"):
        run(tf.pow(i, e), {i: [2, 2], e: [1, -1]})


def test_maximum_minimum_propagate_nan():
    a = tf.constant([NAN, 1.0, NAN])
    b = tf.constant([1.0, NAN, NAN])
    check(tf.maximum(a, b), [NAN] * 3, "float32")
    check(tf.minimum(a, b), [NAN] * 3, "float32")


def test_clip_by_value():
    x = tf.constant([-2.0, -1.0, 0.5, 1.0, 3.0])
    check(tf.clip_by_value(x, -1.0, 1.0), [-1.0, -1.0, 0.5, 1.0, 1.0], "float32")
    # TF's order is maximum(minimum(x, max), min): with min > max every value becomes min
    check(tf.clip_by_value(tf.constant([1.0, 2.5, 5.0]), 3.0, 2.0), [3.0, 3.0, 3.0], "float32")
    lo = tf.constant([0.0, -5.0, 0.0, 0.0, 0.0])
    check(tf.clip_by_value(x, lo, 1.0), [0.0, -1.0, 0.5, 1.0, 1.0], "float32")


def test_clip_by_value_names_and_no_enlarging_broadcast():
    x = tf.constant([1.0, 2.0], name="x")
    c = tf.clip_by_value(x, 0.0, 1.0)
    assert c.op.name == "clip_by_value" and c.op.type == "Maximum"
    assert c.op.inputs[0].op.name == "clip_by_value/Minimum"
    assert c.op.inputs[1].op.name == "clip_by_value/y"
    assert c.op.inputs[0].op.inputs[1].op.name == "clip_by_value/Minimum/y"
    with pytest.raises(ValueError, match="incompatible"):
        tf.clip_by_value(x, tf.zeros([3, 2]), 1.0)


# -- casts -----------------------------------------------------------------------------------------------

def test_cast_truncates_and_nan_is_true():
    x = tf.constant([1.7, -1.7, 2.5, -0.5, 0.0])
    check(tf.cast(x, tf.int32), [1, -1, 2, 0, 0], "int32")
    check(tf.cast(x, tf.int64), [1, -1, 2, 0, 0], "int64")
    b = tf.cast(tf.constant([1.5, 0.0, -0.0, NAN]), tf.bool)
    assert run(b).tolist() == [True, False, False, True]
    check(tf.cast(tf.constant([True, False]), tf.float32), [1.0, 0.0], "float32")
    check(tf.to_float(tf.constant([1, 2])), [1.0, 2.0], "float32")
    check(tf.to_double(tf.constant([1, 2])), [1.0, 2.0], "float64")
    check(tf.to_int32(tf.constant([2.9, -2.9])), [2, -2], "int32")
    check(tf.to_int64(tf.constant([2.9])), [2], "int64")


def test_cast_to_the_same_dtype_creates_no_op(graph):
    x = tf.constant([1.0])
    assert tf.cast(x, tf.float32) is x
    c = tf.cast([1, 2], tf.float32)
    assert op_types(graph)[-2:] == [("Cast/x", "Const"), ("Cast", "Cast")]
    assert c.op.get_attr("SrcT") == tf.int32 and c.op.get_attr("DstT") == tf.float32
    assert tf.to_float(tf.constant([1])).op.name == "ToFloat"


# -- add_n ----------------------------------------------------------------------------------------------

def test_add_n():
    a, b, c = tf.constant([1, 2]), tf.constant([3, 4]), tf.constant([5, 6])
    s = tf.add_n([a, b, c])
    assert s.op.type == "AddN" and s.op.name == "AddN" and s.op.get_attr("N") == 3
    check(s, [9, 12], "int32")
    assert tf.add_n([a]) is a
    assert tf.add_n([a], name="single").op.type == "Identity"
    with pytest.raises(ValueError, match="at least one"):
        tf.add_n([])


def test_add_n_errors():
    with pytest.raises(TypeError, match="don't all match"):
        tf.add_n([tf.constant([1.0]), tf.constant([1])])
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal"):
        tf.add_n([tf.constant([1.0, 2.0]), tf.constant([1.0, 2.0, 3.0])])
    with pytest.raises(ValueError, match="equal rank"):
        tf.add_n([tf.constant([1.0]), tf.constant([[1.0]])])
    x, y = tf.placeholder(tf.float32, [None]), tf.placeholder(tf.float32, [None])
    s = tf.add_n([x, y])
    assert s.shape.as_list() == [None]
    with pytest.raises(InvalidArgumentError, match="same size and shape"):
        run(s, {x: [1.0], y: [1.0, 2.0]})


# -- comparisons and logical ops -----------------------------------------------------------------------

def test_comparisons():
    a = tf.constant([1.0, 2.0, NAN])
    b = tf.constant([2.0, 2.0, NAN])
    expected = {tf.equal: [False, True, False], tf.not_equal: [True, False, True], tf.less: [True, False, False],
                tf.less_equal: [True, True, False], tf.greater: [False, False, False],
                tf.greater_equal: [False, True, False]}
    for func, want in expected.items():
        out = func(a, b)
        assert out.dtype == tf.bool
        assert run(out).tolist() == want, func.__name__
    assert run(a < 2.0).tolist() == [True, False, False]
    assert run(2 >= tf.constant([1, 2, 3])).tolist() == [True, True, False]
    assert run(tf.equal(tf.constant(["a", "b"]), "a")).tolist() == [True, False]
    assert run(tf.equal(tf.constant([True, False]), True)).tolist() == [True, False]


def test_tensor_equality_is_identity():
    x = tf.constant([1.0])
    assert (x == x) is True and (x != tf.constant([1.0])) is True
    assert len({x, x}) == 1


def test_logical_ops_and_operators():
    p, q = tf.constant([True, True, False, False]), tf.constant([True, False, True, False])
    assert run(tf.logical_and(p, q)).tolist() == [True, False, False, False]
    assert run(tf.logical_or(p, q)).tolist() == [True, True, True, False]
    assert run(tf.logical_xor(p, q)).tolist() == [False, True, True, False]
    assert run(tf.logical_not(p)).tolist() == [False, False, True, True]
    assert run(p & q).tolist() == [True, False, False, False]
    assert run(p | q).tolist() == [True, True, True, False]
    assert run(p ^ q).tolist() == [False, True, True, False]
    assert run(~p).tolist() == [False, False, True, True]
    assert run(True & q).tolist() == [True, False, True, False]
    with pytest.raises(TypeError, match="does not match expected type of bool"):
        tf.logical_and(tf.constant([1.0]), tf.constant([1.0]))


# -- matmul ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("transpose_a, transpose_b", [(False, False), (True, False), (False, True), (True, True)])
def test_matmul_transposes(transpose_a, transpose_b):
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(2, 3)).astype(np.float32), rng.normal(size=(3, 4)).astype(np.float32)
    a_in, b_in = (a.T if transpose_a else a), (b.T if transpose_b else b)
    out = tf.matmul(tf.constant(a_in), tf.constant(b_in), transpose_a=transpose_a, transpose_b=transpose_b)
    assert out.op.type == "MatMul" and out.shape.as_list() == [2, 4]
    assert out.op.get_attr("transpose_a") is transpose_a and out.op.get_attr("transpose_b") is transpose_b
    check(out, a @ b, "float32")


def test_matmul_integers_and_operator():
    a = tf.constant([[1, 2], [3, 4]])
    p = a @ a
    assert p.op.name == "matmul" and p.op.type == "MatMul"
    check(p, [[7, 10], [15, 22]], "int32")
    q = tf.matmul(a, a)
    assert q.op.name == "MatMul_1"  # names are unique case-insensitively: 'matmul' took 'MatMul'
    check(q, [[7, 10], [15, 22]], "int32")


def test_batch_matmul_broadcasts_the_batch():
    rng = np.random.default_rng(1)
    a, b = rng.normal(size=(2, 2, 3)), rng.normal(size=(3, 4))
    x = tf.placeholder(tf.float64, [2, None, 3])
    out = tf.matmul(x, tf.constant(b))
    assert out.op.type == "BatchMatMulV2" and out.shape.as_list() == [2, None, 4]
    check(out, a @ b, "float64", {x: a})
    t = tf.matmul(tf.constant(a), tf.constant(a), transpose_b=True)
    assert t.op.get_attr("adj_y") is True and t.shape.as_list() == [2, 2, 2]
    check(t, a @ np.swapaxes(a, -1, -2), "float64")
    u = tf.matmul(tf.placeholder(tf.float32), tf.constant([[1.0]]))
    assert u.op.type == "BatchMatMulV2" and u.shape.rank is None


def test_matmul_shape_errors():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4") as info:
        tf.matmul(tf.ones([2, 3]), tf.ones([4, 2]))
    assert "[2,3], [4,2]" in str(info.value)
    with pytest.raises(ValueError, match="must be rank 2 but is rank 1"):
        tf.matmul(tf.ones([3]), tf.ones([3, 2]))
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.matmul(tf.ones([2, 2, 3]), tf.ones([4, 2]))
    with pytest.raises(TypeError, match="Input 'b' of 'MatMul' Op has type float32 that does not match type int32"):
        tf.matmul(tf.constant([[1]]), tf.constant([[1.0]]))
    with pytest.raises(TypeError, match="not in list of allowed values"):
        tf.matmul(tf.constant([[True]]), tf.constant([[True]]))


def test_matmul_unknown_dims_fail_at_run_time():
    a, b = tf.placeholder(tf.float32, [None, None]), tf.placeholder(tf.float32, [None, None])
    with pytest.raises(InvalidArgumentError, match=r"Matrix size-incompatible: In\[0\]: \[2,3\], In\[1\]: \[4,2\]"):
        run(tf.matmul(a, b), {a: np.ones((2, 3)), b: np.ones((4, 2))})
    x, y = tf.placeholder(tf.float32, [None, None, None]), tf.placeholder(tf.float32, [None, None])
    with pytest.raises(InvalidArgumentError, match="shape"):
        run(tf.matmul(x, y), {x: np.ones((2, 2, 3)), y: np.ones((4, 2))})


# -- reductions -----------------------------------------------------------------------------------------

X = np.arange(24, dtype=np.float32).reshape(2, 3, 4) / 7 - 1


@pytest.mark.parametrize("func, ref", [
    (tf.reduce_sum, np.sum), (tf.reduce_mean, np.mean), (tf.reduce_max, np.max), (tf.reduce_min, np.min),
    (tf.reduce_prod, np.prod),
])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, [0, 2], [-1, 0], [], [1, 1]])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions_match_numpy(func, ref, axis, keepdims):
    x = tf.placeholder(tf.float32, [2, 3, 4])
    out = func(x, axis=axis, keepdims=keepdims)
    np_axis = None if axis is None else tuple(sorted({a % 3 for a in ([axis] if isinstance(axis, int) else axis)}))
    expected = ref(X, axis=np_axis, keepdims=keepdims)
    assert out.shape.as_list() == list(np.shape(expected))
    value = check(out, expected, "float32", {x: X})
    assert np.shape(value) == np.shape(expected)


def test_integer_reductions_keep_dtype_and_mean_truncates():
    x = tf.constant([[1, 2, 2], [-1, -2, 4]])
    check(tf.reduce_sum(x, 1), [5, 1], "int32")
    check(tf.reduce_mean(x, 1), [1, 0], "int32")  # mean([-1, -2, 4]) = 1/3 -> 0
    check(tf.reduce_mean(x), 1, "int32")
    check(tf.reduce_mean(tf.constant([-1, -2])), -1, "int32")  # -1.5 truncates to -1 (numpy floors to -2)
    check(tf.reduce_mean(tf.constant([-7, 0], tf.int64)), -3, "int64")
    check(tf.reduce_max(x, 0), [1, 2, 4], "int32")
    check(tf.reduce_min(x), -2, "int32")
    check(tf.reduce_prod(x, 1), [4, 8], "int32")


def test_reduce_special_values():
    x = tf.constant([[1.0, NAN, 2.0], [3.0, 1.0, 2.0]])
    check(tf.reduce_max(x, axis=1), [NAN, 3.0], "float32")
    check(tf.reduce_min(x, axis=1), [NAN, 1.0], "float32")
    empty = tf.placeholder(tf.float32, [None])
    feed = {empty: np.zeros(0, np.float32)}
    assert run(tf.reduce_max(empty), feed) == -np.inf
    assert run(tf.reduce_min(empty), feed) == np.inf
    assert run(tf.reduce_sum(empty), feed) == 0.0


def test_reduce_any_all():
    b = tf.constant([[True, False], [False, False]])
    assert run(tf.reduce_any(b, axis=1)).tolist() == [True, False]
    assert run(tf.reduce_all(b, axis=0)).tolist() == [False, False]
    assert run(tf.reduce_any(b)).tolist() is True
    with pytest.raises(TypeError, match="not in list of allowed values"):
        tf.reduce_any(tf.constant([1.0]))


def test_reduction_aliases():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    check(tf.reduce_sum(x, reduction_indices=[1]), [3.0, 7.0], "float32")
    y = tf.reduce_sum(x, 0, keep_dims=True)
    assert y.shape.as_list() == [1, 2]
    check(y, [[4.0, 6.0]], "float32")
    with pytest.raises(ValueError, match="Cannot specify both 'axis' and 'reduction_indices'"):
        tf.reduce_sum(x, axis=0, reduction_indices=0)
    with pytest.raises(ValueError, match="Cannot specify both 'keepdims' and 'keep_dims'"):
        tf.reduce_sum(x, keepdims=True, keep_dims=True)
    check(tf.math.reduce_sum(x), 10.0, "float32")


def test_reduction_names(graph):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    s = tf.reduce_sum(x)
    assert op_types(graph)[1:] == [("Const", "Const"), ("Sum", "Sum")]
    assert s.op.inputs[1].op.get_attr("value").tolist() == [0, 1]
    assert s.op.get_attr("keep_dims") is False and s.op.get_attr("Tidx") == tf.int32
    m = tf.reduce_mean(x, axis=1, name="avg")
    assert m.op.name == "avg" and m.op.inputs[1].name == "avg/reduction_indices:0"
    assert tf.reduce_max(x, axis=[]).op.inputs[1].dtype == tf.int32  # [] is an empty int32 axis list


def test_reduction_shapes_with_unknown_dims():
    x = tf.placeholder(tf.float32, [None, 3])
    assert tf.reduce_sum(x, 0).shape.as_list() == [3]
    assert tf.reduce_sum(x, 1, keepdims=True).shape.as_list() == [None, 1]
    assert tf.reduce_sum(x).shape.as_list() == []
    unknown = tf.placeholder(tf.float32)
    assert tf.reduce_sum(unknown, 1).shape.rank is None
    axis = tf.placeholder(tf.int32, [])
    dynamic = tf.reduce_sum(x, axis)
    assert dynamic.shape.rank is None
    assert tf.reduce_sum(x, axis, keepdims=True).shape.as_list() == [None, None]
    check(dynamic, [3.0, 12.0], "float32", {x: [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]], axis: 1})
    check(dynamic, [3.0, 5.0, 7.0], "float32", {x: [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]], axis: -2})


def test_reducing_every_axis_of_an_unknown_rank():
    if not hasattr(tf, "rank") or not hasattr(tf, "range"):
        pytest.skip("needs tf.rank and tf.range (array ops)")
    unknown = tf.placeholder(tf.float32)
    s = tf.reduce_sum(unknown)
    assert s.shape.as_list() == []  # TF's _may_reduce_to_scalar
    assert s.op.inputs[1].op.type == "Range"  # range(0, rank(x)), as TF builds it
    assert run(s, {unknown: np.ones((2, 2, 2))}) == 8.0
    assert run(tf.reduce_max(unknown, keepdims=True), {unknown: [[1.0, 5.0]]}).tolist() == [[5.0]]


def test_reduction_errors():
    x = tf.placeholder(tf.float32, [2, 3])
    with pytest.raises(ValueError, match="Invalid reduction dimension 2 for input with 2 dimensions"):
        tf.reduce_sum(x, axis=2)
    with pytest.raises(TypeError, match="DataType bool not in list of allowed values"):
        tf.reduce_sum(tf.constant([True]))
    with pytest.raises(TypeError, match="reduction_indices' has DataType float32"):
        tf.reduce_sum(x, axis=0.5)
    axis = tf.placeholder(tf.int32, [])
    with pytest.raises(InvalidArgumentError, match="Invalid reduction dimension"):
        run(tf.reduce_sum(x, axis), {x: np.ones((2, 3)), axis: 5})


# -- argmax / argmin ------------------------------------------------------------------------------------

def test_argmax_ties_dtype_and_nan():
    x = tf.constant([[1.0, 3.0, 3.0], [2.0, 0.0, 2.0]])
    check(tf.argmax(x, axis=1), [1, 0], "int64")
    check(tf.argmax(x, 0), [1, 0, 0], "int64")
    check(tf.argmax(x, axis=-1, output_type=tf.int32), [1, 0], "int32")
    check(tf.argmax(x, dimension=1), [1, 0], "int64")
    check(tf.argmax(tf.constant([1.0, NAN, 2.0, 0.5])), 2, "int64")  # NaN is never picked (numpy says 1)
    check(tf.argmin(tf.constant([1.0, NAN, -2.0, -2.0])), 2, "int64")
    check(tf.argmin(x, 1), [0, 1], "int64")
    check(tf.arg_max(x, 1), [1, 0], "int64")
    check(tf.arg_min(x, 1), [0, 1], "int64")
    check(tf.argmax(tf.constant([[True, False], [False, True]]), 1), [0, 1], "int64")


def test_argmax_names_shapes_and_errors():
    x = tf.placeholder(tf.float32, [None, 4], name="x")
    a = tf.argmax(x, 1)
    assert a.op.name == "ArgMax" and a.op.inputs[1].name == "ArgMax/dimension:0"
    assert a.shape.as_list() == [None] and a.op.get_attr("output_type") == tf.int64
    with pytest.raises(ValueError, match=r"Expected dimension in the range \[-2, 2\), but got 2"):
        tf.argmax(x, 2)
    with pytest.raises(ValueError, match="Cannot specify both 'axis' and 'dimension'"):
        tf.argmax(x, axis=0, dimension=0)
    empty = tf.placeholder(tf.float32, [None, None])
    with pytest.raises(InvalidArgumentError, match="Reduction axis 1 is empty"):
        run(tf.argmax(empty, 1), {empty: np.zeros((2, 0), np.float32)})


# -- op names (TF's, so GraphDefs and scope pictures read like TensorFlow's) ------------------------------

def test_operator_op_names(graph):
    x = tf.placeholder(tf.float32, [2], name="x")
    y = tf.placeholder(tf.float32, [2], name="y")
    cases = [(x + y, "add", "AddV2"), (x - y, "sub", "Sub"), (x * y, "mul", "Mul"), (x / y, "truediv", "RealDiv"),
             (x // y, "floordiv", "FloorDiv"), (x % y, "mod", "FloorMod"), (x ** y, "pow", "Pow"),
             (-x, "Neg", "Neg"), (abs(x), "Abs", "Abs"), (x < y, "Less", "Less"), (x <= y, "LessEqual", "LessEqual"),
             (x > y, "Greater", "Greater"), (x >= y, "GreaterEqual", "GreaterEqual"), (x + y, "add_1", "AddV2")]
    for tensor, name, op_type in cases:
        assert (tensor.op.name, tensor.op.type) == (name, op_type)


def test_python_operand_constants_are_named_after_the_operator(graph):
    x = tf.placeholder(tf.float32, [2], name="x")
    assert (x * 2).op.inputs[1].name == "mul/y:0"
    r = 2 * x
    assert r.op.name == "mul_1" and r.op.inputs[0].name == "mul_1/x:0" and r.op.inputs[1] is x
    assert (1 - x).op.inputs[0].name == "sub/x:0"
    assert (x < 1.0).op.inputs[1].name == "Less/y:0"
    assert (x + 1).op.inputs[1].name == "add/y:0"


def test_function_op_names(graph):
    x = tf.placeholder(tf.float32, [2], name="x")
    assert tf.add(x, 1.0).op.name == "Add"
    assert tf.add(x, 1.0).op.inputs[1].name == "Add_1/y:0"
    assert tf.multiply(x, 2.0, name="double").op.name == "double"
    assert tf.subtract(1.0, x).op.inputs[0].name == "Sub/x:0"
    assert tf.pow(x, 2.0).op.inputs[1].name == "Pow/y:0"
    assert tf.maximum(x, 0.0).op.name == "Maximum"
    assert tf.floordiv(x, 2.0).op.name == "floordiv"
    assert tf.floormod(x, 2.0).op.name == "FloorMod"
    assert tf.truediv(x, 2.0).op.name == "truediv"
    assert tf.divide(x, 2.0).op.name == "truediv_1"
    assert tf.divide(x, 2.0, name="ratio").op.name == "ratio"
    assert tf.sqrt(x).op.name == "Sqrt" and tf.exp(4.0).op.inputs[0].name == "Exp/x:0"
    assert tf.matmul(tf.ones([2, 2]), tf.ones([2, 2])).op.name == "MatMul"
    with tf.name_scope("layer"):
        assert (x * x).op.name == "layer/mul"
        assert tf.reduce_sum(x).op.name == "layer/Sum"


def test_integer_true_division_casts_inside_the_op_scope(graph):
    a, b = tf.constant([1, 2], name="a"), tf.constant([3, 4], name="b")
    q = a / b
    assert op_types(graph)[2:] == [("truediv/Cast", "Cast"), ("truediv/Cast_1", "Cast"), ("truediv", "RealDiv")]
    assert q.op.get_attr("T") == tf.float64


def test_attrs_for_graphdef(graph):
    x = tf.constant([1.0])
    assert (x + x).op.get_attr("T") == tf.float32
    assert tf.equal(x, x).op.get_attr("T") == tf.float32
    assert tf.equal(x, x).op.get_attr("incompatible_shape_error") is True
    assert tf.cast(x, tf.int32).op.get_attr("Truncate") is False
    assert tf.argmax(tf.constant([[1.0]]), 1).op.get_attr("Tidx") == tf.int32


# -- dtype rules: no promotion, ever ----------------------------------------------------------------------

def test_no_dtype_promotion():
    i = tf.placeholder(tf.int32, [3])
    f = tf.placeholder(tf.float32, [3])
    d = tf.placeholder(tf.float64, [3])
    with pytest.raises(TypeError, match="Input 'y' of 'AddV2' Op has type float32 that does not match type int32"):
        tf.add(i, f)
    with pytest.raises(TypeError, match="Input 'y' of 'AddV2' Op has type float64 that does not match type float32"):
        f + d
    with pytest.raises(TypeError, match="Input 'y' of 'Less' Op has type float32 that does not match type int32"):
        tf.less(i, f)
    with pytest.raises(TypeError, match="Expected int32 passed to parameter 'y' of op 'Mul', got 2.5"):
        i * 2.5
    with pytest.raises(TypeError, match="Expected int32"):
        2.5 * i
    with pytest.raises(TypeError, match="does not match type int32"):
        i + 2.5  # tf.add's y only prefers x's dtype; the rule then rejects float32
    with pytest.raises(TypeError, match="Expected int32 passed to parameter 'y' of op 'Less'"):
        i < 1.5
    with pytest.raises(TypeError, match="must have the same dtype"):
        i / f
    with pytest.raises(TypeError, match="does not match type int32"):
        tf.multiply(2, f)  # TF converts x first (int32), then rejects the float32 y


def test_unsupported_dtypes():
    i = tf.constant([4])
    for func in (tf.sqrt, tf.exp, tf.log, tf.log1p, tf.rsqrt):
        with pytest.raises(TypeError, match="DataType int32 not in list of allowed values: bfloat16, float16"):
            func(i)
    with pytest.raises(TypeError, match="DataType bool not in list of allowed values"):
        tf.add(tf.constant([True]), tf.constant([True]))
    with pytest.raises(TypeError, match="not in list of allowed values"):
        tf.less(tf.constant([True]), tf.constant([False]))
    with pytest.raises(TypeError, match="Invalid dtype tf.bool in __truediv__"):
        tf.constant([True]) / tf.constant([True])


def test_string_add():
    s = tf.add(tf.constant(["a", "b"]), "c")
    assert s.op.type == "Add" and s.dtype == tf.string
    assert run(s).tolist() == [b"ac", b"bc"]  # TF's strings are bytes


def test_failed_op_leaves_no_trace(graph):
    i = tf.constant([1], name="i")
    before = op_types(graph)
    with pytest.raises(TypeError):
        i * 2.5
    with pytest.raises(TypeError):
        i + 2.5
    with pytest.raises(ValueError):
        tf.reduce_sum(i, 3)
    assert op_types(graph) == before


# -- broadcasting and static shapes ---------------------------------------------------------------------

def test_broadcast_shapes():
    a = tf.placeholder(tf.float32, [None, 1, 3])
    b = tf.placeholder(tf.float32, [4, 1])
    assert (a + b).shape.as_list() == [None, 4, 3]
    assert (a * 2).shape.as_list() == [None, 1, 3]
    assert tf.equal(a, b).shape.as_list() == [None, 4, 3]
    assert (tf.placeholder(tf.float32) + a).shape.rank is None
    with pytest.raises(ValueError, match=r"Dimensions must be equal, but are 3 and 4 .*\[2,3\], \[4\]"):
        tf.add(tf.ones([2, 3]), tf.ones([4]))
    value = run(a + b, {a: np.ones((2, 1, 3)), b: np.arange(4.0).reshape(4, 1)})
    assert value.shape == (2, 4, 3)


# -- kernels (called directly, as the executor binds them) -----------------------------------------------

def test_kernels_bind_once_and_return_tf_dtypes():
    x = tf.placeholder(tf.int32, [None])
    s = tf.reduce_sum(x, 0)
    fn = s.op.op_def.kernel(s.op)
    axes = s.op.inputs[1].op.get_attr("value")
    assert fn(np.array([1, 2, 3], np.int32), axes).dtype == np.int32
    add = (x + x).op
    assert add.op_def.kernel(add) is np.add
    m = tf.reduce_mean(x, 0).op
    assert m.op_def.kernel(m)(np.array([-1, -2], np.int32), axes) == -1


def test_constant_axes_are_normalized_once(monkeypatch):
    from graphscope.ops import reduction_ops
    calls = []
    original = reduction_ops._normalize_axes
    monkeypatch.setattr(reduction_ops, "_normalize_axes", lambda *args: calls.append(args) or original(*args))
    x = tf.placeholder(tf.float32, [None, 3])
    fetches = [tf.reduce_sum(x, -1), tf.reduce_mean(x)]
    with tf.Session() as sess:
        sess.run(fetches, {x: np.ones((2, 3))})
        bound = len(calls)
        for _ in range(3):
            sess.run(fetches, {x: np.ones((2, 3))})
    assert len(calls) == bound  # normalized when the plan was bound, never on a run


def test_float32_subnormals_are_flushed_like_tf():
    x = tf.placeholder(tf.float32, [3])
    feed = {x: np.array([-100.0, -104.0, 1.0], np.float32)}
    e = tf.exp(x)
    check(e, [0.0, 0.0, np.e], "float32", feed)
    check(tf.log(e), [-INF, -INF, 1.0], "float32", feed)
    check(tf.log(tf.constant([1e-40, 1.2e-38, 0.0], tf.float32)), [-103.97208, np.log(1.2e-38), -INF], "float32")


def test_variables_work_with_math_ops():
    v = tf.Variable([1.0, 2.0], name="v")
    w = tf.get_variable("w", initializer=tf.constant([3.0, 4.0]))
    m = tf.Variable([[1.0, 2.0]], name="m")
    out = [v * 2, 2 * v, tf.add(v, w), tf.reduce_sum(v), tf.matmul(m, m, transpose_b=True), -v]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run(out)
    assert [np.asarray(value).tolist() for value in values] == [[2.0, 4.0], [2.0, 4.0], [4.0, 6.0], 3.0, [[5.0]],
                                                                 [-1.0, -2.0]]


def test_tf_math_namespace():
    assert tf.math.reduce_mean is tf.reduce_mean and tf.math.log is tf.log and tf.math.argmax is tf.argmax
    assert tf.math.floormod is tf.floormod and tf.math.equal is tf.equal and tf.math.add_n is tf.add_n
