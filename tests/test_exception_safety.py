"""Exception safety: a failing get_variable or op leaves the graph as it was: the same ops and
edges, the same names in use (the next op gets the name it would have got), the same collections,
the same variable store (the name can be created afterwards) and the same scopes."""

import pytest

import graphscope as tf
from graphscope.variable_store import get_variable_store


@pytest.fixture
def g():
    graph = tf.Graph()
    with graph.as_default():
        with tf.variable_scope("vs"):
            with tf.name_scope("ns"):
                tf.get_variable("existing", [2], regularizer=lambda x: tf.identity(x, name="loss"))
                tf.constant(1.0, name="c")
                yield graph


def snapshot(graph):
    """Everything a failed call must leave as it was."""
    store = get_variable_store(graph)
    return {
        "ops": [op.name for op in graph.get_operations()],
        "nodes": sorted(graph.nx.nodes),
        "edges": sorted((u, v, str(k)) for u, v, k in graph.nx.edges(keys=True)),
        "names_in_use": dict(graph._names_in_use),
        "collections": {key: [id(item) for item in graph.get_collection(key)]
                        for key in graph.get_all_collection_keys()},
        "store": sorted(store._vars), "partitioned": sorted(store._partitioned_vars),
        "variable_scope": tf.get_variable_scope().name,
        "name_scope": graph.get_name_scope(),
        "default_graph": tf.get_default_graph(),
        "next_names": [graph.unique_name(n, mark_as_used=False)
                       for n in ("v", "op", "Add", "Const", "add", "y", "junk", "random_uniform", "d")],
    }


def assert_unchanged(graph, call, exception=Exception, match=None):
    before = snapshot(graph)
    with pytest.raises(exception, match=match):
        call()
    after = snapshot(graph)
    for key in before:
        assert after[key] == before[key], key


# -- get_variable -----------------------------------------------------------------------------


def test_failing_initializer_callable(g):
    def init(shape, dtype=None, partition_info=None):
        tf.constant(0.0, name="junk")
        tf.add_to_collection("junk", 1)
        raise RuntimeError("initializer fails")

    assert_unchanged(g, lambda: tf.get_variable("v", [2], initializer=init), RuntimeError, "initializer fails")
    assert tf.get_variable("v", [2]).name == "vs/v:0"  # the name is free again


def test_initializer_that_cannot_make_the_shape(g):
    assert_unchanged(g, lambda: tf.get_variable("v", [2], initializer=tf.constant_initializer([1.0, 2.0, 3.0])),
                     ValueError, "Too many elements")
    assert tf.get_variable("v", [2], initializer=tf.constant_initializer([1.0, 2.0])).name == "vs/v:0"


def test_initializer_of_the_wrong_dtype(g):
    assert_unchanged(g, lambda: tf.get_variable("v", [2], initializer=lambda shape, dtype=None, partition_info=None:
                                                tf.zeros(shape, tf.int32)),
                     (TypeError, ValueError))
    assert tf.get_variable("v", [2]).name == "vs/v:0"


def test_constant_initializer_with_a_shape(g):
    assert_unchanged(g, lambda: tf.get_variable("v", [2], initializer=[1.0, 2.0]), ValueError,
                     "If initializer is a constant, do not specify shape.")


def test_regularizer_raising(g):
    def reg(x):
        tf.identity(x, name="junk")
        raise RuntimeError("regularizer fails")

    assert_unchanged(g, lambda: tf.get_variable("v", [2], regularizer=reg), RuntimeError, "regularizer fails")
    v = tf.get_variable("v", [2], regularizer=lambda x: tf.identity(x, name="loss"))
    assert v.name == "vs/v:0"
    assert [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)] == [
        "vs/existing/Regularizer/loss:0", "vs/v/Regularizer/loss:0"]


def test_partitioner_raising(g):
    def partitioner(shape, dtype):
        raise RuntimeError("partitioner fails")

    assert_unchanged(g, lambda: tf.get_variable("v", [4], partitioner=partitioner), RuntimeError,
                     "partitioner fails")
    assert_unchanged(g, lambda: tf.get_variable("v", [4], partitioner=lambda shape, dtype: [2, 2]), ValueError)
    assert len(tf.get_variable("v", [4], partitioner=lambda shape, dtype: [2])) == 2


def test_failure_in_a_later_shard_undoes_the_earlier_shards(g):
    calls = []

    def init(shape, dtype=None, partition_info=None):
        calls.append(shape)
        if len(calls) == 3:
            raise RuntimeError("third shard fails")
        return tf.zeros(shape, dtype)

    assert_unchanged(g, lambda: tf.get_variable("v", [6], initializer=init, partitioner=lambda shape, dtype: [3]),
                     RuntimeError, "third shard fails")
    pv = tf.get_variable("v", [6], partitioner=lambda shape, dtype: [3])
    assert [v.name for v in pv] == ["vs/v/part_0:0", "vs/v/part_1:0", "vs/v/part_2:0"]


def test_dtype_mismatch_of_a_constant_initializer(g):
    assert_unchanged(g, lambda: tf.get_variable("v", initializer=[1.0, 2.0], dtype=tf.int32), ValueError,
                     "don't match")
    assert tf.get_variable("v", initializer=[1, 2], dtype=tf.int32).dtype.base_dtype == tf.int32


def test_sharing_with_a_different_dtype_or_shape(g):
    with tf.variable_scope(tf.get_variable_scope(), reuse=True):
        assert_unchanged(g, lambda: tf.get_variable("existing", [2], dtype=tf.float64), ValueError,
                         "specified dtype float64")
        assert_unchanged(g, lambda: tf.get_variable("existing", [3]), ValueError, "specified shape")
        assert_unchanged(g, lambda: tf.get_variable("missing", [3]), ValueError, "does not exist")


def test_already_exists(g):
    assert_unchanged(g, lambda: tf.get_variable("existing", [2]), ValueError, "already exists")


def test_custom_getter_raising_after_creating(g):
    def getter(next_getter, name, *args, **kwargs):
        next_getter(name, *args, **kwargs)
        raise RuntimeError("getter fails")

    assert_unchanged(g, lambda: tf.get_variable("v", [2], custom_getter=getter), RuntimeError, "getter fails")
    assert tf.get_variable("v", [2]).name == "vs/v:0"


def test_failing_variable_constructor(g):
    def value():
        tf.constant(1.0, name="junk")
        raise RuntimeError("value fails")

    assert_unchanged(g, lambda: tf.Variable(value, name="v"), RuntimeError, "value fails")
    assert_unchanged(g, lambda: tf.Variable([1.0], name="v", constraint="not callable"), ValueError)
    assert tf.Variable([1.0], name="v").name == "vs/ns/v:0"


# -- ops --------------------------------------------------------------------------------------


def test_op_with_bad_input_dtypes(g):
    a = tf.constant(1.0, name="a")
    b = tf.constant(1, name="b")
    assert_unchanged(g, lambda: tf.add(a, b, name="add"), TypeError, "does not match")
    assert_unchanged(g, lambda: tf.add(a, b), TypeError)
    assert tf.add(a, a, name="add").name == "vs/ns/add:0"


def test_op_whose_python_argument_converts_then_fails(g):
    a = tf.constant(1.0, name="a")
    # 'x' becomes a string constant 'add/y' before AddV2 rejects it: both must go
    assert_unchanged(g, lambda: tf.add(a, "x", name="add"), TypeError)
    assert_unchanged(g, lambda: tf.add(a, "x"), TypeError)
    assert tf.add(a, 1.0, name="add").op.inputs[1].name == "vs/ns/add/y:0"


def test_op_with_bad_value(g):
    assert_unchanged(g, lambda: tf.constant(1.5, dtype=tf.int32, name="op"), TypeError)
    assert_unchanged(g, lambda: tf.constant([[1], [2, 3]], name="op"), ValueError)
    assert_unchanged(g, lambda: tf.random_uniform([2], dtype=tf.int32), (TypeError, ValueError))


def test_op_with_bad_shapes(g):
    a = tf.constant([1.0, 2.0], name="a")
    b = tf.constant([1.0, 2.0, 3.0], name="b")
    assert_unchanged(g, lambda: tf.add(a, b, name="add"), ValueError)
    assert_unchanged(g, lambda: tf.add(a, [1.0, 2.0, 3.0], name="add"), ValueError)


@pytest.mark.parametrize("bad", ["has space", "_leading", "bang!", "-dash"])
def test_op_with_a_bad_name(g, bad):
    a = tf.constant(1.0, name="a")
    with tf.name_scope(None):  # at the root, where '_' and '-' may not lead
        assert_unchanged(g, lambda: tf.constant(1.0, name=bad), ValueError, "not a valid")
        assert_unchanged(g, lambda: tf.add(a, a, name=bad), ValueError, "not a valid")
        assert_unchanged(g, lambda: tf.add(a, 1.0, name=bad), ValueError, "not a valid")


def test_op_from_another_graph(g):
    other = tf.Graph()
    with other.as_default():
        x = tf.constant(1.0, name="x")
    a = tf.constant(1.0, name="a")
    assert_unchanged(g, lambda: tf.add(a, x), ValueError, "same graph")
    assert_unchanged(g, lambda: tf.identity(x) if False else tf.add(x, a, name="add"), ValueError, "same graph")


def test_op_in_a_finalized_graph(g):
    g.finalize()
    try:
        assert_unchanged(g, lambda: tf.constant(1.0, name="op"), RuntimeError, "finalized")
        assert_unchanged(g, lambda: tf.get_variable("v", [1]), RuntimeError, "finalized")
    finally:
        g._unsafe_unfinalize()


# -- scopes -----------------------------------------------------------------------------------


def test_failed_scope_entries_leave_no_scope_and_no_name(g):
    assert_unchanged(g, lambda: tf.variable_scope(None, default_name="d", reuse=True).__enter__(), ValueError)
    assert_unchanged(g, lambda: tf.variable_scope(42).__enter__(), TypeError)
    assert_unchanged(g, lambda: tf.variable_scope("bad name").__enter__(), ValueError)
    assert_unchanged(g, lambda: tf.name_scope("bad name").__enter__(), ValueError)
    assert_unchanged(g, lambda: tf.variable_scope("d", auxiliary_name_scope="yes").__enter__(), TypeError)
    with tf.variable_scope(None, default_name="d") as d:
        assert d.name == "vs/d"
        assert g.get_name_scope() == "vs/ns/d"


def test_exception_in_a_block_unwinds_the_scopes(g):
    def body():
        with tf.variable_scope("x"):
            with tf.name_scope("y"):
                with tf.variable_scope(None, default_name="z"):
                    raise KeyError("boom")

    before = snapshot(g)
    with pytest.raises(KeyError):
        body()
    after = snapshot(g)
    for key in ("variable_scope", "name_scope", "default_graph", "store"):
        assert after[key] == before[key]
