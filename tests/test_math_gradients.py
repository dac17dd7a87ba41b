"""Gradients of the math family: central finite differences in float64 (broadcasting, every axis
choice), TensorFlow's special cases exactly (NUMERIC.md), None where TF passes no gradient, the op
types and names TF builds, unknown static dimensions, and the gradient checker itself."""
import numpy as np
import pytest

import graphscope as tf
from graphscope.errors import InvalidArgumentError
from graphscope.gradient_checker import check_gradients, compute_gradient, compute_gradient_error, numeric_gradients
from graphscope.ops import registry
from graphscope.ops.gradient_util_ops import broadcast_gradient_args, broadcast_reduction_axes, dynamic_stitch
from graphscope.ops.unary_ops import reciprocal_grad, rsqrt_grad, sqrt_grad

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

RNG = np.random.default_rng(11)
TOLERANCE = 1e-6  # float64 central differences with delta 1e-6
NAN, INF = float("nan"), float("inf")


@pytest.fixture(autouse=True)
def graph():
    with tf.Graph().as_default() as g:
        yield g


def run(fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict)


def normal(*shape):
    return RNG.normal(size=shape)


def positive(*shape, low=0.5, high=2.0):
    return RNG.uniform(low, high, size=shape)


def distinct(*shape):
    """Values no two of which are close (reductions and max/min stay away from ties)."""
    n = int(np.prod(shape, dtype=np.int64))
    return (RNG.permutation(n) * 0.37 - n * 0.15 + RNG.uniform(0, 0.05, n)).reshape(shape)


def grad_ops(graph, prefix):
    return [(op.name[len(prefix):], op.type) for op in graph.get_operations() if op.name.startswith(prefix)]


def has_gradient(op_type):
    op_def = registry.lookup(op_type)
    return op_def is not None and op_def.gradient is not None


# -- finite differences -----------------------------------------------------------------------------------

BINARY_SHAPES = {
    "same": ((2, 3), (2, 3)),
    "row": ((2, 3), (3,)),
    "column": ((3, 1), (1, 4)),
    "scalar_left": ((), (2, 3)),
    "scalar_right": ((2, 3), ()),
    "rank_3": ((2, 1, 3), (4, 1)),
    "ones": ((1, 1), (1,)),
}

BINARY = {
    "add": (tf.add, normal, normal),
    "operator_add": (lambda x, y: x + y, normal, normal),
    "subtract": (tf.subtract, normal, normal),
    "multiply": (tf.multiply, normal, normal),
    "truediv": (tf.truediv, normal, positive),
    "realdiv": (tf.realdiv, normal, lambda *s: -positive(*s)),
    "div_no_nan": (tf.div_no_nan, normal, positive),
    "pow": (tf.pow, positive, normal),
    "maximum": (tf.maximum, distinct, lambda *s: distinct(*s) + 0.11),
    "minimum": (tf.minimum, distinct, lambda *s: distinct(*s) + 0.11),
    "squared_difference": (tf.squared_difference, normal, normal),
    "floormod": (tf.floormod, lambda *s: positive(*s, low=0.2, high=0.9) + 3, lambda *s: positive(*s, low=1.1, high=1.4)),
}


@pytest.mark.parametrize("shapes", list(BINARY_SHAPES.values()), ids=list(BINARY_SHAPES))
@pytest.mark.parametrize("name", list(BINARY))
def test_binary_gradients_match_finite_differences(name, shapes):
    fn, make_x, make_y = BINARY[name]
    assert check_gradients(fn, [make_x(*shapes[0]), make_y(*shapes[1])]) < TOLERANCE


UNARY = {
    "negative": (tf.negative, normal),
    "operator_neg": (lambda x: -x, normal),
    "abs": (tf.abs, lambda *s: distinct(*s) + 0.02),
    "operator_abs": (lambda x: abs(x), lambda *s: distinct(*s) + 0.02),
    "square": (tf.square, normal),
    "sqrt": (tf.sqrt, positive),
    "rsqrt": (tf.rsqrt, positive),
    "exp": (tf.exp, normal),
    "expm1": (tf.expm1, normal),
    "log": (tf.log, positive),
    "log1p": (tf.log1p, positive),
    "reciprocal": (tf.reciprocal, positive),
    "sin": (tf.sin, normal),
    "cos": (tf.cos, normal),
    "sign": (tf.sign, lambda *s: distinct(*s) + 0.02),
    "conj": (tf.conj, normal),
    "cast_to_self": (lambda x: tf.cast(x, tf.float64), normal),
    "clip_by_value": (lambda x: tf.clip_by_value(x, -0.5, 0.7), lambda *s: distinct(*s) * 0.3 + 0.013),
    "add_n": (lambda x: tf.add_n([x, x * 2.0, tf.square(x)]), normal),
    "chain": (lambda x: tf.log(tf.exp(tf.sin(x)) + 1.0) / tf.sqrt(tf.square(x) + 1.0), normal),
}


@pytest.mark.parametrize("name", list(UNARY))
def test_unary_gradients_match_finite_differences(name):
    fn, make = UNARY[name]
    assert check_gradients(fn, [make(3, 4)]) < TOLERANCE


def test_second_order_gradients_of_the_fused_ops():
    assert check_gradients(lambda y, dy: sqrt_grad(y, dy), [positive(2, 3), normal(2, 3)]) < TOLERANCE
    assert check_gradients(lambda y, dy: rsqrt_grad(y, dy), [positive(2, 3), normal(2, 3)]) < TOLERANCE
    assert check_gradients(lambda y, dy: reciprocal_grad(y, dy), [normal(2, 3), normal(2, 3)]) < TOLERANCE

    def second_derivative(fn):
        def build(x):
            (dx,) = tf.gradients(fn(x), [x])
            return dx
        return build

    for fn in (tf.sqrt, tf.rsqrt, tf.reciprocal, tf.log, tf.exp, tf.square, tf.sin):
        assert check_gradients(second_derivative(fn), [positive(3)], delta=1e-5) < 1e-5, fn.__name__


REDUCTIONS = {"reduce_sum": tf.reduce_sum, "reduce_mean": tf.reduce_mean, "reduce_max": tf.reduce_max,
              "reduce_min": tf.reduce_min, "reduce_prod": tf.reduce_prod}
AXES = {"all": None, "0": 0, "1": 1, "-1": -1, "0_2": [0, 2], "repeated": [2, -1], "empty": []}


@pytest.mark.parametrize("keepdims", [False, True], ids=["drop", "keep"])
@pytest.mark.parametrize("axis", list(AXES.values()), ids=list(AXES))
@pytest.mark.parametrize("name", list(REDUCTIONS))
def test_reduction_gradients_match_finite_differences(name, axis, keepdims):
    fn = REDUCTIONS[name]
    if name == "reduce_prod" and axis == [2, -1]:
        pytest.skip("TF's Prod gradient cannot take repeated axes (its permutation gets too long)")
    values = distinct(2, 3, 4) * 0.1 if name == "reduce_prod" else distinct(2, 3, 4)
    assert check_gradients(lambda x: fn(x, axis=axis, keepdims=keepdims), [values]) < TOLERANCE


@pytest.mark.parametrize("name", list(REDUCTIONS))
def test_reductions_of_a_scalar_and_a_vector(name):
    fn = REDUCTIONS[name]
    assert check_gradients(fn, [np.array(1.3)]) < TOLERANCE
    assert check_gradients(lambda x: fn(x, 0), [distinct(5) * 0.3]) < TOLERANCE


def test_integer_division_by_zero_into_an_empty_result_is_no_error():
    """The Prod gradient of a scalar takes ``axes % rank`` with rank 0 and no axes: TF's kernels divide
    nothing there, so they do not fail."""
    assert run(tf.floormod(tf.zeros([0], tf.int32), 0)).tolist() == []
    with pytest.raises(InvalidArgumentError, match="Integer division by zero"):
        run(tf.floormod(tf.ones([2], tf.int32), 0))


def test_reduce_prod_with_zeros_is_exact():
    x = tf.constant([[2.0, 0.0, 3.0], [0.0, 0.0, 4.0], [1.0, 5.0, 6.0]])
    (by_row,) = tf.gradients(tf.reduce_prod(x, axis=1), [x])
    (everything,) = tf.gradients(tf.reduce_prod(x), [x])
    assert run(by_row).tolist() == [[0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [30.0, 6.0, 5.0]]
    assert run(everything).tolist() == [[0.0] * 3] * 3


MATMUL_SHAPES = {
    (False, False): ((2, 3), (3, 4)),
    (False, True): ((2, 3), (4, 3)),
    (True, False): ((3, 2), (3, 4)),
    (True, True): ((3, 2), (4, 3)),
}


@pytest.mark.parametrize("transposes", list(MATMUL_SHAPES), ids=["nn", "nt", "tn", "tt"])
def test_matmul_gradients_with_transposes(transposes):
    transpose_a, transpose_b = transposes
    a_shape, b_shape = MATMUL_SHAPES[transposes]
    error = check_gradients(lambda a, b: tf.matmul(a, b, transpose_a=transpose_a, transpose_b=transpose_b),
                            [normal(*a_shape), normal(*b_shape)])
    assert error < TOLERANCE


BATCH_MATMUL = {
    "same_batch": ((2, 2, 3), (2, 3, 4), False, False),
    "broadcast_right_matrix": ((2, 2, 3), (3, 4), False, False),
    "broadcast_left_matrix": ((2, 3), (5, 3, 4), False, False),
    "broadcast_batch_axes": ((2, 1, 2, 3), (3, 3, 4), False, False),
    "adjoint_a": ((2, 3, 2), (2, 3, 4), True, False),
    "adjoint_b": ((2, 2, 3), (1, 4, 3), False, True),
    "adjoint_both": ((3, 2), (2, 4, 3), True, True),
}


@pytest.mark.parametrize("case", list(BATCH_MATMUL.values()), ids=list(BATCH_MATMUL))
def test_batch_matmul_gradients_reduce_broadcast_batches(case):
    x_shape, y_shape, adjoint_a, adjoint_b = case
    error = check_gradients(lambda a, b: tf.matmul(a, b, adjoint_a=adjoint_a, adjoint_b=adjoint_b),
                            [normal(*x_shape), normal(*y_shape)])
    assert error < TOLERANCE


@pytest.mark.parametrize("exclusive", [False, True], ids=["inclusive", "exclusive"])
@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "reverse"])
def test_cumulative_gradients(exclusive, reverse):
    for fn in (tf.cumsum, tf.cumprod):
        for axis in (0, 1, -1):
            def build(x, fn=fn, axis=axis):
                return fn(x, axis, exclusive=exclusive, reverse=reverse)
            error = check_gradients(build, [positive(3, 4)])
            assert error < TOLERANCE, (fn.__name__, axis)


def test_cumulative_values():
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    assert run(tf.cumsum(x, 1, exclusive=True, reverse=True)).tolist() == [[5.0, 3.0, 0.0], [11.0, 6.0, 0.0]]
    assert run(tf.cumprod(x, 0, exclusive=True)).tolist() == [[1.0, 1.0, 1.0], [1.0, 2.0, 3.0]]


# -- TensorFlow's special cases, exactly ----------------------------------------------------------------------

def test_maximum_and_minimum_ties_go_to_the_first_argument():
    a, b = tf.constant([1.0, 2.0, 3.0]), tf.constant([1.0, 1.0, 4.0])
    da, db = run(tf.gradients(tf.maximum(a, b), [a, b]))
    assert da.tolist() == [1.0, 1.0, 0.0] and db.tolist() == [0.0, 0.0, 1.0]
    da, db = run(tf.gradients(tf.minimum(a, b), [a, b]))
    assert da.tolist() == [1.0, 0.0, 1.0] and db.tolist() == [0.0, 1.0, 0.0]


def test_maximum_with_nan_sends_the_gradient_to_y():
    a, b = tf.constant([NAN, 1.0]), tf.constant([1.0, NAN])
    da, db = run(tf.gradients(tf.maximum(a, b), [a, b]))
    assert da.tolist() == [0.0, 0.0] and db.tolist() == [1.0, 1.0]


def test_reduce_max_and_min_split_ties_evenly():
    x = tf.constant([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]])
    (dx,) = run(tf.gradients(tf.reduce_max(x, axis=1), [x]))
    np.testing.assert_allclose(dx, [[0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-7)
    (dx,) = run(tf.gradients(tf.reduce_min(x, axis=0, keepdims=True), [x]))
    assert dx.tolist() == [[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]]


def test_reduce_max_of_nan_gives_nan_gradients():
    x = tf.constant([[1.0, NAN], [3.0, 2.0]])
    (dx,) = run(tf.gradients(tf.reduce_max(x, axis=1), [x]))
    assert np.isnan(dx[0]).all() and dx[1].tolist() == [1.0, 0.0]


def test_abs_and_sign_at_zero():
    x = tf.constant([0.0, -0.0, -1.0, 1.0])
    (dx,) = run(tf.gradients(tf.abs(x), [x]))
    assert dx.tolist() == [0.0, 0.0, -1.0, 1.0]
    (dx,) = run(tf.gradients(tf.sign(x), [x]))
    assert dx.tolist() == [0.0] * 4  # zeros, not None


def test_sqrt_at_zero_is_infinite_and_through_square_nan():
    x = tf.constant([0.0, 4.0])
    (dx,) = run(tf.gradients(tf.sqrt(x), [x]))
    assert dx.tolist() == [INF, 0.25]
    (dx,) = run(tf.gradients(tf.sqrt(tf.square(x)), [x]))
    assert np.isnan(dx[0]) and dx[1] == 1.0


def test_sqrt_rsqrt_reciprocal_gradients_are_zero_where_the_incoming_gradient_is_zero():
    x = tf.constant([0.0, 0.0, 4.0])
    weights = tf.constant([0.0, 1.0, 1.0])
    for fn, expected in ((tf.sqrt, [0.0, INF, 0.25]), (tf.rsqrt, [0.0, -INF, -1 / 16]),
                         (tf.reciprocal, [0.0, -INF, -1 / 16])):
        (dx,) = run(tf.gradients(fn(x), [x], grad_ys=weights))
        assert dx.tolist() == expected, fn.__name__


def test_log_at_zero_times_a_zero_gradient_is_nan():
    """TF multiplies by 1/x: the NaN trap of ``where(x > 0, log(x), 0)`` comes from here."""
    x = tf.constant([0.0, -1.0, 2.0])
    (dx,) = run(tf.gradients(tf.log(x), [x], grad_ys=tf.constant([0.0, 0.0, 1.0])))
    assert np.isnan(dx[0]) and dx[1] == 0.0 and dx[2] == 0.5


@pytest.mark.skipif(not has_gradient("Select"), reason="needs the Select gradient (array family)")
def test_where_nan_trap():
    x = tf.constant([0.0, -1.0, 2.0])
    y = tf.where(x > 0, tf.log(x), tf.zeros_like(x))
    value, (dx,) = run([y, tf.gradients(y, [x])])
    np.testing.assert_allclose(value, [0, 0, np.log(2)], rtol=1e-6)
    assert np.isnan(dx[0]) and dx[1] == 0.0 and dx[2] == 0.5


def test_clip_by_value_boundaries_get_the_gradient():
    x = tf.constant([-2.0, -1.0, 0.5, 1.0, 3.0])
    (dx,) = run(tf.gradients(tf.clip_by_value(x, -1.0, 1.0), [x]))
    assert dx.tolist() == [0.0, 1.0, 1.0, 1.0, 0.0]
    (dx,) = run(tf.gradients(tf.clip_by_value(tf.constant([1.0, 2.5, 5.0]) * x[:3], 3.0, 2.0), [x]))
    assert dx.tolist() == [0.0] * 5  # min above max: every value is min, no gradient reaches t


def test_clip_by_value_tensor_bounds_get_the_rest():
    x, low, high = tf.constant([-2.0, 0.5, 3.0]), tf.constant(-1.0), tf.constant([1.0, 1.0, 1.0])
    dx, dlow, dhigh = run(tf.gradients(tf.clip_by_value(x, low, high), [x, low, high]))
    assert dx.tolist() == [0.0, 1.0, 0.0] and dlow == 1.0 and dhigh.tolist() == [0.0, 0.0, 1.0]


def test_pow_special_values():
    x = tf.constant([0.0, 0.0, 2.0, -8.0, -2.0])
    y = tf.constant([0.0, -1.0, 0.5, 1 / 3, 2.0])
    value, (dx, dy) = run([tf.pow(x, y), tf.gradients(tf.pow(x, y), [x, y])])
    np.testing.assert_allclose(value, [1, INF, np.sqrt(2), NAN, 4], rtol=1e-6)
    np.testing.assert_allclose(dx, [NAN, -INF, 0.5 / np.sqrt(2), NAN, -4], rtol=1e-6)
    np.testing.assert_allclose(dy, [0, NAN, np.sqrt(2) * np.log(2), NAN, 0], rtol=1e-6)


def test_floordiv_floor_ceil_round_argmax_and_comparisons_pass_none():
    x = tf.constant([1.5, -2.5])
    for fn in (lambda v: tf.floor(v), lambda v: tf.ceil(v), lambda v: tf.round(v), lambda v: v // 2.0):
        assert tf.gradients(fn(x), [x]) == [None]
    assert tf.gradients(tf.floordiv(x, x), [x]) == [None]
    y = tf.cast(tf.argmax(x), tf.float32) + tf.cast(tf.less(x, 1.0), tf.float32)[0]
    assert tf.gradients(y, [x]) == [None]
    assert tf.gradients(tf.cast(tf.logical_not(tf.greater_equal(x, 0.0)), tf.float32), [x]) == [None]


def test_cast_gradients():
    x = tf.constant([1.7, -1.7])
    (dx,) = tf.gradients(tf.cast(x, tf.float64) * 3.0, [x])
    assert dx.dtype == tf.float32 and run(dx).tolist() == [3.0, 3.0]
    assert tf.gradients(tf.cast(tf.cast(x, tf.int32), tf.float32), [x]) == [None]
    assert tf.gradients(tf.cast(tf.cast(x, tf.bool), tf.float32), [x]) == [None]


def test_integer_tensors_are_not_differentiated():
    i = tf.constant([1, 2])
    assert tf.gradients(tf.cast(i * 2, tf.float32), [i]) == [None]


def test_floormod_gradient():
    x, y = tf.constant([7.5, -7.5]), tf.constant([2.0, 2.0])
    dx, dy = run(tf.gradients(tf.floormod(x, y), [x, y]))
    assert dx.tolist() == [1.0, 1.0] and dy.tolist() == [-3.0, 4.0]


def test_div_no_nan_gradient_is_zero_where_y_is_zero():
    x, y = tf.constant([1.0, 2.0]), tf.constant([0.0, 4.0])
    dx, dy = run(tf.gradients(tf.div_no_nan(x, y), [x, y]))
    assert dx.tolist() == [0.0, 0.25] and dy.tolist() == [0.0, -0.125]


def test_float32_gradients_stay_float32():
    x = tf.constant([[1.0, 2.0]])
    y = tf.reduce_mean(tf.matmul(tf.exp(x), tf.transpose(x)) / tf.constant(3.0) + tf.reduce_max(x))
    (dx,) = tf.gradients(y, [x])
    assert dx.dtype == tf.float32 and run(dx).dtype == np.float32


# -- op types and names -------------------------------------------------------------------------------------

def test_same_shape_float32_mul_multiplies_directly(graph):
    x, y = tf.placeholder(tf.float32, [2, 3], name="x"), tf.placeholder(tf.float32, [2, 3], name="y")
    tf.gradients(tf.multiply(x, y), [x, y])
    assert grad_ops(graph, "gradients/Mul_grad/") == [("Mul", "Mul"), ("Mul_1", "Mul")]


def test_broadcast_mul_reduces_only_the_broadcast_input(graph):
    x, y = tf.placeholder(tf.float32, [2, 3], name="x"), tf.placeholder(tf.float32, [3], name="y")
    dx, dy = tf.gradients(x * y, [x, y])
    assert grad_ops(graph, "gradients/mul_grad/") == [
        ("Mul", "Mul"), ("Mul_1", "Mul"), ("Shape", "Const"), ("Shape_1", "Const"),
        ("Sum/reduction_indices", "Const"), ("Sum", "Sum"), ("Reshape", "Reshape")]
    assert dx.name == "gradients/mul_grad/Mul:0" and dy.name == "gradients/mul_grad/Reshape:0"
    assert graph.get_operation_by_name("gradients/mul_grad/Sum").get_attr("keep_dims") is True
    assert dy.shape.as_list() == [3]


def test_unknown_dimensions_use_broadcast_gradient_args(graph):
    x, y = tf.placeholder(tf.float32, [None], name="x"), tf.placeholder(tf.float32, [None], name="y")
    dx, dy = tf.gradients(tf.add(x, y), [x, y])
    assert grad_ops(graph, "gradients/Add_grad/") == [
        ("Shape", "Shape"), ("Shape_1", "Shape"), ("BroadcastGradientArgs", "BroadcastGradientArgs"),
        ("Sum", "Sum"), ("Reshape", "Reshape"), ("Sum_1", "Sum"), ("Reshape_1", "Reshape")]
    feed = {x: [1.0, 2.0, 3.0], y: [5.0]}
    gx, gy = run([dx, dy], feed)
    assert gx.tolist() == [1.0, 1.0, 1.0] and gy.tolist() == [3.0]


def test_known_row_broadcast_with_unknown_batch_needs_no_broadcast_gradient_args(graph):
    x, y = tf.placeholder(tf.float32, [None, 3], name="x"), tf.placeholder(tf.float32, [3], name="y")
    dx, dy = tf.gradients(x - y, [x, y])
    types = [t for _, t in grad_ops(graph, "gradients/sub_grad/")]
    assert "BroadcastGradientArgs" not in types and dx.name == "gradients/grad_ys_0:0"
    gx, gy = run([dx, dy], {x: np.ones((4, 3)), y: [1.0, 2.0, 3.0]})
    assert gx.tolist() == [[1.0] * 3] * 4 and gy.tolist() == [-4.0] * 3


def test_matmul_gradient_names_and_transposes(graph):
    a, b = tf.placeholder(tf.float32, [2, 3], name="a"), tf.placeholder(tf.float32, [4, 3], name="b")
    tf.gradients(tf.matmul(a, b, transpose_b=True), [a, b])
    ops = {op.name: op for op in graph.get_operations()}
    first, second = ops["gradients/MatMul_grad/MatMul"], ops["gradients/MatMul_grad/MatMul_1"]
    assert first.type == second.type == "MatMul"
    assert (first.get_attr("transpose_a"), first.get_attr("transpose_b")) == (False, False)
    assert (second.get_attr("transpose_a"), second.get_attr("transpose_b")) == (True, False)
    assert [t.name for t in second.inputs] == ["gradients/grad_ys_0:0", "a:0"]


def test_unary_gradient_names(graph):
    x = tf.placeholder(tf.float32, [3], name="x")
    tf.gradients(tf.sqrt(x) + tf.log(x) + tf.square(x) + tf.abs(x), [x])
    names = {name for name, _ in grad_ops(graph, "gradients/")}
    assert {"Sqrt_grad/SqrtGrad", "Log_grad/Reciprocal", "Log_grad/mul", "Square_grad/Const", "Square_grad/Mul",
            "Square_grad/Mul_1", "Abs_grad/Sign", "Abs_grad/mul"} <= names


def test_reduction_gradient_names(graph):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    tf.gradients(tf.reduce_sum(x), [x])
    assert grad_ops(graph, "gradients/Sum_grad/") == [
        ("Reshape/shape", "Const"), ("Reshape", "Reshape"), ("Const", "Const"), ("Tile", "Tile")]
    tf.gradients(tf.reduce_mean(x, axis=1), [x])
    assert [t for _, t in grad_ops(graph, "gradients_1/Mean_grad/")] == [
        "Const", "Reshape", "Const", "Tile", "Const", "RealDiv"]


def test_maximum_gradient_names(graph):
    x, y = tf.placeholder(tf.float32, [2], name="x"), tf.placeholder(tf.float32, [2], name="y")
    tf.gradients(tf.maximum(x, y), [x, y])
    names = [name for name, _ in grad_ops(graph, "gradients/Maximum_grad/")]
    assert names[:4] == ["zeros_like", "GreaterEqual", "SelectV2", "SelectV2_1"]


# -- unknown static dimensions ---------------------------------------------------------------------------------

def test_reductions_with_unknown_dimensions_match_the_static_ones():
    values = distinct(2, 3, 4) * 0.2
    x = tf.placeholder(tf.float64, [None, None, 4])
    axes = tf.placeholder(tf.int32)
    for fn in REDUCTIONS.values():
        for axis, keepdims in (([0, 2], False), (-1, True), (None, False)):
            (dynamic,) = tf.gradients(fn(x, axis=axis, keepdims=keepdims), [x])
            with tf.Graph().as_default():
                c = tf.constant(values)
                (static,) = tf.gradients(fn(c, axis=axis, keepdims=keepdims), [c])
                expected = run(static)
            np.testing.assert_allclose(run(dynamic, {x: values}), expected, rtol=1e-12)
        (fed_axes,) = tf.gradients(fn(x, axis=axes), [x])
        with tf.Graph().as_default():
            c = tf.constant(values)
            (static,) = tf.gradients(fn(c, axis=1), [c])
            expected = run(static)
        np.testing.assert_allclose(run(fed_axes, {x: values, axes: 1}), expected, rtol=1e-12)


def test_reduction_of_unknown_rank():
    x = tf.placeholder(tf.float32)
    (dx,) = tf.gradients(tf.reduce_sum(x, axis=1) + tf.reduce_max(x, axis=0, keepdims=True)[0], [x])
    got = run(dx, {x: [[1.0, 4.0], [3.0, 2.0]]})
    assert got.tolist() == [[1.0, 2.0], [2.0, 1.0]]


def test_batch_matmul_with_unknown_batch():
    x, y = tf.placeholder(tf.float64, [None, 2, 3]), tf.placeholder(tf.float64, [3, 4])
    dx, dy = tf.gradients(tf.matmul(x, y), [x, y])
    xv, yv = normal(5, 2, 3), normal(3, 4)
    gx, gy = run([dx, dy], {x: xv, y: yv})
    np.testing.assert_allclose(gx, np.ones((5, 2, 4)) @ yv.T)
    np.testing.assert_allclose(gy, np.einsum("bij,bik->jk", xv, np.ones((5, 2, 4))))


def test_unknown_dimension_that_is_broadcast_at_run_time():
    x, y = tf.placeholder(tf.float64, [None, 3]), tf.placeholder(tf.float64, [None, 1])
    dx, dy = tf.gradients(x * y, [x, y])
    gx, gy = run([dx, dy], {x: np.ones((1, 3)) * 2, y: np.arange(4.0).reshape(4, 1)})
    assert gx.tolist() == [[6.0, 6.0, 6.0]] and gy.tolist() == [[6.0]] * 4


def test_broadcast_shapes_that_do_not_fit_fail_at_run_time():
    x, y, g = (tf.placeholder(tf.float32, [None]) for _ in range(3))
    dx, _ = tf.gradients(x + y, [x, y], grad_ys=g)
    with pytest.raises(InvalidArgumentError, match=r"Incompatible shapes: \[2\] vs. \[3\]"):
        run(dx, {x: [1.0, 2.0], y: [1.0, 2.0, 3.0], g: [1.0, 1.0, 1.0]})


# -- the helper ops ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("x_shape, y_shape, expected", [
    ((2, 3), (2, 3), ([], [])),
    ((2, 3), (3,), ([], [0])),
    ((3, 1), (1, 4), ([1], [0])),
    ((2, 1, 3), (4, 1), ([1], [0, 2])),
    ((1, 1), (1,), ([0, 1], [0, 1])),
    ((), (2, 3), ([0, 1], [])),
    ((0, 3), (1, 3), ([], [0])),
])
def test_broadcast_gradient_args(x_shape, y_shape, expected):
    assert broadcast_reduction_axes(x_shape, y_shape) == expected
    rx, ry = broadcast_gradient_args(tf.constant(list(x_shape), tf.int32), tf.constant(list(y_shape), tf.int32))
    assert rx.op.type == "BroadcastGradientArgs" and rx.dtype == tf.int32
    assert [v.tolist() for v in run([rx, ry])] == list(expected)


def test_dynamic_stitch():
    merged = dynamic_stitch([tf.constant([[0, 2]]), tf.constant([1, 2])],
                            [tf.constant([[[1.0, 1.0], [2.0, 2.0]]]), tf.constant([[3.0, 3.0], [4.0, 4.0]])])
    assert merged.shape.as_list() == [3, 2]
    assert run(merged).tolist() == [[1.0, 1.0], [3.0, 3.0], [4.0, 4.0]]


# -- the gradient checker ---------------------------------------------------------------------------------------

def test_check_gradients_finds_a_wrong_rule(monkeypatch):
    op_def = registry.lookup("Sin")
    monkeypatch.setattr(op_def, "gradient", lambda op, grad: [grad * tf.sin(op.inputs[0])])
    assert check_gradients(tf.sin, [normal(4)]) > 0.01


def test_check_gradients_may_use_tensors_of_the_default_graph():
    offset = tf.constant([1.0, 2.0], tf.float64)
    assert check_gradients(lambda x: tf.square(x + offset), [normal(2)]) < TOLERANCE


def test_numeric_gradients():
    (g,) = numeric_gradients(lambda vs: float(np.sum(np.sin(vs[0]))), [np.array([0.0, 1.0])])
    np.testing.assert_allclose(g, np.cos([0.0, 1.0]), rtol=1e-8)


def test_compute_gradient_jacobians():
    x = tf.placeholder(tf.float64, [2, 2])
    y = tf.matmul(x, tf.constant([[1.0, 2.0], [3.0, 4.0]], tf.float64))
    with tf.Session():
        theoretical, numerical = compute_gradient(x, [2, 2], y, [2, 2], x_init_value=normal(2, 2))
        assert theoretical.shape == numerical.shape == (4, 4)
        np.testing.assert_allclose(theoretical, numerical, atol=1e-8)
        assert compute_gradient_error(x, [2, 2], tf.reduce_prod(y, axis=1), [2]) < 1e-6
