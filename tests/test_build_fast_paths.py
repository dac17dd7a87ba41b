"""The fast paths for building common ops from plain Python arguments (``convert_to_tensor`` of Python
numbers, ``random_uniform([4, 4], -0.6, 0.6)``, the default ``get_variable`` initializer) build exactly
the graph the general code builds, and raise the same errors.

Each builder runs twice in fresh graphs: once as is, once with the fast paths switched off (or with
numpy arguments, which take the general path); the two graphs must agree op by op: names, types,
inputs, control inputs, devices, attrs (in order, ``_class`` colocation included), output dtypes and
static shapes, and the GraphDef text.
"""

import numpy as np
import pytest

import graphscope as tf
from graphscope import variable_store
from graphscope.ops import core, random_ops


@pytest.fixture
def general_paths(monkeypatch):
    """Switch the fast paths off: every value takes the general conversion, every op its shape rule."""
    def switch_off():
        monkeypatch.setattr(core, "_PYTHON_VALUES", frozenset())
        monkeypatch.setattr(random_ops, "_SCALABLE", frozenset())
    return switch_off


def _attr(value):
    if isinstance(value, np.ndarray):
        return ("array", value.dtype.str, value.shape, value.tolist())
    return (type(value).__name__, value)


def graph_signature(graph):
    """Everything about ``graph``'s ops that the fast paths must reproduce."""
    ops = [(op.name, op.type, [t.name for t in op.inputs], [c.name for c in op.control_inputs], op.device,
            [(key, _attr(value)) for key, value in op._all_attrs().items()],
            [(t.dtype, t._dims) for t in op.outputs]) for op in graph.get_operations()]
    return ops, str(graph.as_graph_def(add_shapes=True))


def built(build):
    graph = tf.Graph()
    with graph.as_default():
        build()
    return graph_signature(graph)


def assert_same_graph(build, general_paths):
    fast = built(build)
    general_paths()
    assert built(build) == fast


def _failure(build):
    graph = tf.Graph()
    with graph.as_default(), pytest.raises(Exception) as info:
        build()
    return type(info.value), str(info.value), [op.name for op in graph.get_operations()]


def assert_same_error(build, general_paths):
    fast = _failure(build)
    general_paths()
    assert _failure(build) == fast


# -- convert_to_tensor ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value, dtype", [
    (0.5, tf.float32), (3, tf.float32), (3, tf.int32), (7, tf.int64), (2.5, tf.float16), (1, tf.complex64),
    ([1, 2], tf.float64), ((1, 2.5), tf.float32), ([], tf.int32), ([4, 4], tf.uint8),
])
def test_convert_to_tensor_of_python_numbers_builds_the_general_const(value, dtype, general_paths):
    assert_same_graph(lambda: (tf.convert_to_tensor(value, dtype=dtype, name="c"),
                               tf.convert_to_tensor(value, dtype=dtype)), general_paths)


@pytest.mark.parametrize("value, dtype", [
    (2.5, tf.int32), (2 ** 40, tf.int32), (-1, tf.uint8), ([1, [2]], tf.float32), ([1, "a"], tf.float32),
    (None, tf.float32), (True, tf.string),
])
def test_convert_to_tensor_errors_are_those_of_the_general_path(value, dtype, general_paths):
    assert_same_error(lambda: tf.convert_to_tensor(value, dtype=dtype), general_paths)


@pytest.mark.parametrize("first, second, dtype", [
    (0.0, -0.0, tf.float32), (2, 2.0, tf.float32), ([1, 2], (1, 2), tf.float64), ([1, 2], [1.0, 2.0], tf.float32),
    (1, True, tf.int32), ([0, 1], [0.0, -0.0], tf.float32),
])
def test_python_constants_that_compare_equal_keep_their_own_values(first, second, dtype, g):
    values = [tf.convert_to_tensor(v, dtype=dtype).op.get_attr("value") for v in (first, second, first)]
    for value, expected in zip(values, (first, second, first)):
        assert value.tobytes() == np.array(expected, dtype.as_numpy_dtype).tobytes()
    assert values[0] is values[2]  # equal constants share their (read-only) value


def test_a_conversion_function_registered_for_a_python_type_still_wins(monkeypatch, g):
    monkeypatch.setattr(core, "_conversion_functions", list(core._conversion_functions))
    monkeypatch.setattr(core, "_converters_by_type", {})
    marker = tf.constant(9.0, name="marker")
    tf.convert_to_tensor(1.0, dtype=tf.float32)  # a Python float's converter (none) is now cached
    tf.register_tensor_conversion_function(float, lambda value, dtype=None, name=None, as_ref=False: marker)
    assert tf.convert_to_tensor(0.5, dtype=tf.float32) is marker


# -- random ops -----------------------------------------------------------------------------------------

def _in_scope(build):
    def scoped():
        with tf.name_scope("s"):
            build()
    return scoped


@pytest.mark.parametrize("build", [
    lambda: tf.random_uniform([4, 4], -0.6, 0.6),
    lambda: tf.random_uniform((2, 3, 5), 0, 3, dtype=tf.float64, name="r"),
    lambda: tf.random_uniform(4, 1, 2.5, dtype=tf.float16, seed=7),
    lambda: tf.random_uniform([], -1.0, 1.0, name=""),
    lambda: tf.random_uniform([-1, 2]),
    lambda: tf.random_normal([3, 4], 1.0, 0.5, seed=3),
    lambda: tf.truncated_normal([4, 4], 0.0, 0.3),
    lambda: tf.truncated_normal([2], 1, 2, dtype=tf.float64, name="tn"),
])
@pytest.mark.parametrize("context", ["plain", "name scope", "graph seed", "device and control", "colocated",
                                     "names taken"])
def test_random_ops_of_python_arguments_build_the_general_graph(build, context, general_paths):
    def in_context():
        if context == "names taken":
            for name in ("random_uniform", "random_uniform_1/shape", "truncated_normal/mul", "r", "tn_1"):
                tf.constant(0.0, name=name)
            build()
            build()
        elif context == "name scope":
            _in_scope(build)()
        elif context == "graph seed":
            tf.set_random_seed(11)
            tf.constant(0.0)  # the op seed comes from the op count
            build()
        elif context == "device and control":
            with tf.device("/cpu:0"), tf.control_dependencies([tf.no_op(name="first")]):
                build()
        elif context == "colocated":
            with tf.colocate_with(tf.constant(0.0, name="anchor")):
                build()
        else:
            build()
    assert_same_graph(in_context, general_paths)


@pytest.mark.parametrize("fast, general", [
    (lambda: tf.random_uniform([4, 4], -0.6, 0.6),
     lambda: tf.random_uniform(np.array([4, 4]), np.float64(-0.6), np.float64(0.6))),
    (lambda: tf.random_uniform((3,), 0, 2),
     lambda: tf.random_uniform([np.int32(3)], 0, np.float32(2))),
    (lambda: tf.random_normal([2, 2], 0.0, 2.0),
     lambda: tf.random_normal(np.array([2, 2], np.int32), np.float32(0.0), np.float32(2.0))),
    (lambda: tf.truncated_normal([5], 0.0, 0.1, dtype=tf.float64),
     lambda: tf.truncated_normal(np.array([5]), np.float64(0.0), np.float64(0.1), dtype=tf.float64)),
])
def test_random_ops_of_python_arguments_build_what_numpy_arguments_build(fast, general):
    assert built(fast) == built(general)


def test_random_ops_of_tensor_arguments_keep_the_general_path(g):
    shape = tf.placeholder(tf.int32, [2], name="shape_in")
    low = tf.placeholder(tf.float32, [], name="low")
    r = tf.random_uniform(shape, low, 1.0)
    assert r.shape.as_list() == [None, None]
    assert [op.type for op in g.get_operations()][2:] == ["Const", "RandomUniform", "Sub", "Mul", "AddV2"]
    unknown_rank = tf.random_normal(tf.placeholder(tf.int32, None), tf.zeros([3]), 1.0)
    assert unknown_rank.shape.dims is None


@pytest.mark.parametrize("build", [
    lambda: tf.random_uniform([4, 4], dtype=tf.int32),
    lambda: tf.random_uniform([4, 2.5]),
    lambda: tf.random_uniform([2 ** 31, 1]),
    lambda: tf.random_uniform([4], "low", 1.0),
    lambda: tf.random_uniform([4], 0.5, [1.0, 2.0, 3.0]),
    lambda: tf.random_uniform([4], tf.constant(1, tf.int32), 2.0),
    lambda: tf.random_normal([2], 0.0, 1.0, dtype=tf.string),
    lambda: tf.truncated_normal([2], 0.0, tf.constant(1.0, tf.float64)),
    lambda: tf.random_normal(None),
    lambda: (tf.get_default_graph().finalize(), tf.random_uniform([2], -1.0, 1.0)),
    lambda: (tf.get_default_graph().finalize(), tf.truncated_normal([2], 0.0, 1.0)),
])
def test_random_op_errors_are_those_of_the_general_path_and_leave_no_ops(build, general_paths):
    fast = _failure(build)
    assert [name for name in fast[2] if "random" in name or "normal" in name] == []
    general_paths()
    assert _failure(build) == fast


# -- initializers and get_variable ----------------------------------------------------------------------

@pytest.mark.parametrize("initializer", [
    None, tf.glorot_normal_initializer(), tf.random_uniform_initializer(-1, 1, seed=2),
    tf.random_normal_initializer(0.0, 0.1), tf.truncated_normal_initializer(stddev=0.2),
    tf.variance_scaling_initializer(2.0, distribution="untruncated_normal"), tf.zeros_initializer(),
    tf.ones_initializer(), tf.constant_initializer(0.5),
])
def test_get_variable_builds_the_general_graph(initializer, general_paths):
    def build():
        with tf.variable_scope("outer"), tf.variable_scope("inner"):
            tf.get_variable("v", [2, 3], initializer=initializer)
            tf.get_variable("w", [3], dtype=tf.float64, initializer=initializer)
        with tf.device("/cpu:0"):
            tf.get_variable("conv", [3, 3, 2, 4], initializer=initializer)
    assert_same_graph(build, general_paths)


def test_partitioned_get_variable_builds_the_general_graph(general_paths):
    def two_parts(shape, dtype):
        return [2, 1]
    assert_same_graph(lambda: tf.get_variable("p", [8, 3], partitioner=two_parts), general_paths)


def _no_sharing_shortcut(monkeypatch):
    def general(self, name, shape, dtype, reuse, initializer):
        return self.get_variable(name, shape=shape, dtype=dtype, initializer=initializer, reuse=reuse)
    monkeypatch.setattr(variable_store.VariableStore, "_get_existing", general)


@pytest.mark.parametrize("reuse, shape, dtype", [
    (True, [2, 3], None), (tf.AUTO_REUSE, None, tf.float32), (True, (2, 3), "float32"), (True, [2, None], None),
    (False, [2, 3], None), (True, [3, 2], None), (True, [2, 3], tf.int32), (True, [2, 3], tf.float32._as_ref),
    (True, [2, 3, 1], tf.float64),
])
def test_sharing_an_existing_variable_answers_as_the_general_path(reuse, shape, dtype, monkeypatch):
    def share():
        with tf.variable_scope("s"):
            created = tf.get_variable("v", [2, 3])
        graph = tf.get_default_graph()
        before = len(graph.get_operations())
        try:
            with tf.variable_scope("s", reuse=reuse):
                shared = tf.get_variable("v", shape, dtype=dtype)
        except Exception as error:  # noqa: BLE001 (the error is the answer compared)
            return type(error), str(error).split(" Originally defined at")[0]
        finally:
            assert len(graph.get_operations()) == before
        events = variable_store.get_variable_store().events
        return shared is created, [event[:2] for event in events], events[-1][2] == events[0][2]
    with tf.Graph().as_default():
        shortcut = share()
    _no_sharing_shortcut(monkeypatch)
    with tf.Graph().as_default():
        assert share() == shortcut


def test_a_partitioned_variable_under_a_shared_name_is_still_refused(g):
    tf.get_variable("x", [4])
    tf.get_variable("x/part_0", [4])
    with tf.variable_scope(tf.get_variable_scope(), reuse=True):
        with pytest.raises(ValueError, match="partitioned version of the variable was found"):
            tf.get_variable("x", [4])


# -- constants and filled tensors --------------------------------------------------------------------------

def _filled_reference(array, dims):
    """TF1's ``constant(value, shape=dims)`` fill: the values, then the last one repeated."""
    flat = array.reshape(-1)
    return np.concatenate([flat, np.repeat(flat[-1:], int(np.prod(dims)) - flat.size)]).reshape(dims)


@pytest.mark.parametrize("value, dtype, dims", [
    (7, None, [2, 2]), ([1, 2, 3], tf.float32, [2, 3, 2]), ("ab", None, [3]), ([b"x", b"y"], tf.string, [3]),
    (True, None, [2]), (1.5, tf.float64, [1, 4]), ([[1, 2], [3, 4]], tf.int64, [4]), (0.25, None, []),
])
def test_constant_fills_its_shape_with_the_values_then_the_last_one(value, dtype, dims, g):
    got = tf.constant(value, dtype=dtype, shape=dims).op.get_attr("value")
    expected = _filled_reference(core.to_numpy(value, dtype), dims)
    assert (got.dtype, got.shape, got.tolist()) == (expected.dtype, expected.shape, expected.tolist())


@pytest.mark.parametrize("build", [
    lambda: tf.constant([1, 2, 3], shape=[2]),
    lambda: tf.constant([], shape=[2]),
    lambda: tf.constant([1, 2], shape=[2, 1], verify_shape=True),
    lambda: tf.constant(1, shape=[None, 2]),
])
def test_constant_shape_errors(build, g):
    with pytest.raises((TypeError, ValueError)):
        build()
    assert g.get_operations() == []


@pytest.mark.parametrize("dims, op_type", [([4, 4], "Const"), ([999], "Const"), ([1000], "Fill"),
                                           ([10, 100], "Fill"), ([], "Const"), ([0, 5000], "Const")])
def test_zeros_is_a_const_below_a_thousand_elements_else_a_fill(dims, op_type, g):
    assert tf.zeros(dims).op.type == op_type
    assert tf.ones(tuple(dims), tf.int32).op.type == op_type
