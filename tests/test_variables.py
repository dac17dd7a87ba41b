"""Tests for get_variable and the variable store: every argument, the ops a variable is made of,
partitioned variables, custom getters, regularizers, collections, make_template and the errors."""

import inspect

import numpy as np
import pytest

import graphscope as tf
from graphscope.ops import array_ops


def _line_after() -> int:
    return inspect.currentframe().f_back.f_lineno + 1


def op_names(graph):
    return [op.name for op in graph.get_operations()]


# -- the ops of a variable --------------------------------------------------------------------


def test_default_float_variable_is_glorot_uniform_with_tf_op_names(g):
    with tf.variable_scope("foo"):
        v = tf.get_variable("v", [2, 3])
    assert [(op.name, op.type) for op in g.get_operations()] == [
        ("foo/v/Initializer/random_uniform/shape", "Const"),
        ("foo/v/Initializer/random_uniform/min", "Const"),
        ("foo/v/Initializer/random_uniform/max", "Const"),
        ("foo/v/Initializer/random_uniform/RandomUniform", "RandomUniform"),
        ("foo/v/Initializer/random_uniform/sub", "Sub"),
        ("foo/v/Initializer/random_uniform/mul", "Mul"),
        ("foo/v/Initializer/random_uniform", "AddV2"),
        ("foo/v", "VariableV2"),
        ("foo/v/Assign", "Assign"),
        ("foo/v/read", "Identity"),
    ]
    assert v.name == "foo/v:0"
    assert v.op.name == "foo/v"
    assert v.dtype.name == "float32_ref"
    assert v.dtype.base_dtype == tf.float32
    assert v.shape.as_list() == [2, 3]
    assert v.get_shape().as_list() == [2, 3]
    assert v.initializer.name == "foo/v/Assign"
    assert [t.name for t in v.initializer.inputs] == ["foo/v:0", "foo/v/Initializer/random_uniform:0"]
    assert v.value().name == "foo/v/read:0"
    assert v.value().dtype == tf.float32
    assert v.initial_value.name == "foo/v/Initializer/random_uniform:0"
    assert v.op.get_attr("dtype") == tf.float32
    assert tuple(v.op.get_attr("shape")) == (2, 3)
    # glorot-uniform limits: sqrt(6 / (fan_in + fan_out))
    limit = np.sqrt(6.0 / (2 + 3))
    assert g.get_operation_by_name("foo/v/Initializer/random_uniform/min").get_attr("value") == pytest.approx(-limit)
    assert g.get_operation_by_name("foo/v/Initializer/random_uniform/max").get_attr("value") == pytest.approx(limit)


def test_get_variable_name_is_independent_of_name_scopes(g):
    with tf.name_scope("ns"):
        with tf.variable_scope("foo"):
            v = tf.get_variable("v", [1])
    assert v.name == "foo/v:0"
    assert v.value().name == "foo/v/read:0"
    assert op_names(g)[-3:] == ["foo/v", "foo/v/Assign", "foo/v/read"]


def test_resource_variable_ops(g):
    with tf.variable_scope("foo"):
        r = tf.get_variable("r", [2], use_resource=True)
    assert [(op.name, op.type) for op in g.get_operations()][-4:] == [
        ("foo/r", "VarHandleOp"),
        ("foo/r/IsInitialized/VarIsInitializedOp", "VarIsInitializedOp"),
        ("foo/r/Assign", "AssignVariableOp"),
        ("foo/r/Read/ReadVariableOp", "ReadVariableOp"),
    ]
    assert isinstance(r, tf.Variable)
    assert r.name == "foo/r:0"
    assert r.dtype == tf.float32  # no _ref for resource variables
    assert r.shape.as_list() == [2]
    assert r.initializer.name == "foo/r/Assign"
    assert r.value().name == "foo/r/Read/ReadVariableOp:0"
    assert r.value().shape.as_list() == [2]


@pytest.mark.parametrize("dtype", [tf.int32, tf.int64, tf.bool])
def test_ints_and_bools_default_to_zeros(g, dtype):
    with tf.variable_scope("foo"):
        v = tf.get_variable("i", [2], dtype=dtype)
    assert [(op.name, op.type) for op in g.get_operations()] == [
        ("foo/i/Initializer/zeros", "Const"), ("foo/i", "VariableV2"), ("foo/i/Assign", "Assign"),
        ("foo/i/read", "Identity")]
    assert v.dtype.base_dtype == dtype
    assert not np.any(v.initial_value.op.get_attr("value"))


def test_a_dtype_without_default_initializer_is_an_error(g):
    with pytest.raises(ValueError, match="An initializer for variable c of .*complex64.* is required"):
        tf.get_variable("c", [2], dtype=tf.complex64)
    assert op_names(g) == []


# -- shape and dtype --------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [[2, 3], (2, 3), tf.TensorShape([2, 3])])
def test_shape_forms(g, shape):
    assert tf.get_variable("v", shape).shape.as_list() == [2, 3]


def test_scalar_variable(g):
    v = tf.get_variable("s", [])
    assert v.shape.as_list() == []
    assert v.shape.rank == 0


@pytest.mark.parametrize("dtype", [tf.float16, tf.float64, "float64"])
def test_dtype_argument(g, dtype):
    v = tf.get_variable("v", [1], dtype=dtype)
    assert v.dtype.base_dtype == tf.as_dtype(dtype)
    assert v.initial_value.dtype == tf.as_dtype(dtype)


def test_unknown_shape_needs_an_initializer_that_takes_no_arguments(g):
    with pytest.raises(ValueError, match="The initializer passed is not valid"):
        tf.get_variable("v")
    with pytest.raises(ValueError, match="The initializer passed is not valid"):
        tf.get_variable("w", [None, 2])
    assert op_names(g) == []


def test_name_must_be_a_string(g):
    with pytest.raises(TypeError, match="name"):
        tf.get_variable(3, [1])


# -- initializers -----------------------------------------------------------------------------


def test_initializer_objects_and_classes(g):
    a = tf.get_variable("a", [2], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [2], initializer=tf.zeros_initializer)  # a class is instantiated
    c = tf.get_variable("c", [2], initializer=tf.ones_initializer())
    d = tf.get_variable("d", [2], initializer=tf.constant_initializer(3.0))
    e = tf.get_variable("e", [2], initializer=tf.random_normal_initializer, dtype=tf.float64)
    assert a.initial_value.op.name == "a/Initializer/zeros"
    assert b.initial_value.op.name == "b/Initializer/zeros"
    assert c.initial_value.op.name == "c/Initializer/ones"
    assert d.initial_value.op.name == "d/Initializer/Const"
    assert d.initial_value.op.get_attr("value").tolist() == [3.0, 3.0]
    assert e.initial_value.op.name == "e/Initializer/random_normal"
    assert e.dtype.base_dtype == tf.float64


def test_initializer_callable_gets_shape_dtype_and_partition_info(g):
    seen = []

    def init(shape, dtype=None, partition_info=None):
        seen.append((shape, dtype, partition_info))
        return tf.zeros(shape, dtype)

    tf.get_variable("v", [2, 3], dtype=tf.float64, initializer=init)
    assert seen == [([2, 3], tf.float64, None)]

    def init_without_partition_info(shape, dtype=None):
        return tf.ones(shape, dtype)

    assert tf.get_variable("w", [2], initializer=init_without_partition_info).shape.as_list() == [2]


def test_initializer_without_arguments_and_unknown_shape(g):
    v = tf.get_variable("v", initializer=lambda: tf.zeros([3]))
    assert v.shape.as_list() == [3]
    w = tf.get_variable("w", initializer=lambda: tf.zeros([3]), validate_shape=False)
    assert w.shape.rank is None


@pytest.mark.parametrize("value, dtype, shape", [
    (3.0, tf.float32, []),
    (3, tf.int32, []),
    ([1.0, 2.0], tf.float32, [2]),
    (np.array([[1, 2, 3]], dtype=np.int64), tf.int64, [1, 3]),
    (np.float64(2.0), tf.float64, []),
    (True, tf.bool, []),
])
def test_constant_initializers_give_shape_and_dtype(g, value, dtype, shape):
    v = tf.get_variable("v", initializer=value)
    assert v.dtype.base_dtype == dtype
    assert v.shape.as_list() == shape
    assert v.initial_value.op.type == "Const"


def test_tensor_initializer(g):
    t = tf.constant([1.0, 2.0], name="t")
    v = tf.get_variable("v", initializer=t)
    assert v.initial_value is t
    assert v.shape.as_list() == [2]


def test_constant_initializer_with_a_shape_is_an_error(g):
    with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape."):
        tf.get_variable("v", [2], initializer=3.0)
    with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape."):
        tf.get_variable("v", [2], initializer=np.zeros([2]))
    t = tf.constant([1.0, 2.0], name="t")
    with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape."):
        tf.get_variable("v", [2], initializer=t)
    assert op_names(g) == ["t"]


def test_constant_initializer_dtype_must_match(g):
    v = tf.get_variable("v", initializer=[1, 2], dtype=tf.int32)
    assert v.dtype.base_dtype == tf.int32
    with pytest.raises(ValueError, match="Initializer type '<dtype: 'float32'>' and explicit dtype "
                                         "'<dtype: 'int32'>' don't match."):
        tf.get_variable("w", initializer=[1.0, 2.0], dtype=tf.int32)


# -- regularizer ------------------------------------------------------------------------------


def test_regularizer_runs_once_on_creation(g):
    calls = []

    def reg(x):
        calls.append(x)
        return tf.identity(x, name="l2")

    with tf.variable_scope("foo", reuse=tf.AUTO_REUSE):
        v = tf.get_variable("v", [1], regularizer=reg)
        assert tf.get_variable("v", [1], regularizer=reg) is v
    with tf.variable_scope("foo", reuse=True):
        tf.get_variable("v", [1], regularizer=reg)
    assert calls == [v]
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert [t.name for t in losses] == ["foo/v/Regularizer/l2:0"]
    assert tf.GraphKeys.REGULARIZATION_LOSSES == "regularization_losses"


def test_regularizer_ops_ignore_name_scopes_and_control_dependencies(g):
    a = tf.constant(1.0, name="a")
    with tf.name_scope("ns"), tf.control_dependencies([a]):
        with tf.variable_scope("foo"):
            tf.get_variable("v", [1], regularizer=lambda x: tf.identity(x, name="l2"))
    (loss,) = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert loss.op.name == "foo/v/Regularizer/l2"
    assert loss.op.control_inputs == []


def test_regularizer_returning_none_adds_nothing(g):
    tf.get_variable("v", [1], regularizer=lambda x: None)
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == []


# -- trainable and collections ----------------------------------------------------------------


def test_trainable_and_collections(g):
    a = tf.get_variable("a", [1])
    b = tf.get_variable("b", [1], trainable=False)
    c = tf.get_variable("c", [1], collections=["mine"])
    d = tf.get_variable("d", [1], collections=["mine", tf.GraphKeys.GLOBAL_VARIABLES], trainable=False)
    e = tf.get_variable("e", [1], collections=[tf.GraphKeys.MODEL_VARIABLES, tf.GraphKeys.GLOBAL_VARIABLES])
    assert tf.global_variables() == [a, b, d, e]
    assert tf.trainable_variables() == [a, c, e]
    assert tf.get_collection("mine") == [c, d]
    assert tf.model_variables() == [e]
    assert tf.local_variables() == []
    assert (a.trainable, b.trainable) == (True, False)
    assert tf.GraphKeys.GLOBAL_VARIABLES == "variables"
    assert tf.GraphKeys.TRAINABLE_VARIABLES == "trainable_variables"


def test_get_local_variable(g):
    with tf.variable_scope("foo"):
        lv = tf.get_local_variable("lv", [2])
        lw = tf.get_local_variable("lw", [2], collections=["extra"])
    assert lv.name == "foo/lv:0"
    assert tf.local_variables() == [lv, lw]
    assert tf.get_collection("extra") == [lw]
    assert tf.global_variables() == []
    assert tf.trainable_variables() == []
    assert not lv.trainable
    assert tf.GraphKeys.LOCAL_VARIABLES == "local_variables"


def test_variable_collection_functions_accept_a_scope(g):
    with tf.variable_scope("a"):
        a = tf.get_variable("v", [1])
        al = tf.get_local_variable("l", [1])
    with tf.variable_scope("b"):
        b = tf.get_variable("v", [1])
    assert tf.global_variables("a") == [a]
    assert tf.global_variables("b/") == [b]
    assert tf.trainable_variables("b") == [b]
    assert tf.local_variables("a") == [al]
    assert tf.local_variables("b") == []


# -- caching device, validate_shape, constraint -----------------------------------------------


def test_caching_device_places_the_read(g):
    v = tf.get_variable("v", [1], caching_device="/cpu:0")
    assert v.value().op.device == "/device:CPU:0"
    assert v.op.device == ""
    w = tf.get_variable("w", [1])
    assert w.value().op.device == ""


def test_validate_shape_false_allows_an_unknown_shape(g):
    v = tf.get_variable("v", initializer=lambda: tf.placeholder_with_default([1.0, 2.0], [None]),
                        validate_shape=False)
    assert v.shape.rank is None
    assert v.initializer.get_attr("validate_shape") is False
    with pytest.raises(ValueError, match="shape"):
        tf.get_variable("w", initializer=lambda: tf.placeholder_with_default([1.0, 2.0], [None]))


def test_constraint_is_stored(g):
    def constraint(x):
        return x

    v = tf.get_variable("v", [1], constraint=constraint)
    assert v.constraint is constraint
    assert tf.get_variable("w", [1]).constraint is None
    with pytest.raises(ValueError, match="constraint"):
        tf.get_variable("x", [1], constraint="not callable")


# -- partitioned variables --------------------------------------------------------------------


def _parts(*counts):
    return lambda shape, dtype: list(counts)


def test_partitioned_variable_shards(g):
    with tf.variable_scope("foo", partitioner=_parts(3, 1)):
        pv = tf.get_variable("w", [10, 4])
    assert isinstance(pv, tf.PartitionedVariable)
    assert pv.name == "foo/w"
    assert pv.shape.as_list() == [10, 4]
    assert pv.get_shape().as_list() == [10, 4]
    assert pv.dtype == tf.float32
    assert len(pv) == 3
    shards = list(pv)
    assert [v.name for v in shards] == ["foo/w/part_0:0", "foo/w/part_1:0", "foo/w/part_2:0"]
    assert [v.shape.as_list() for v in shards] == [[4, 4], [3, 4], [3, 4]]  # the remainder goes first
    assert pv.get_variable_list() == shards
    assert pv._get_partitions() == [3, 1]
    assert tf.global_variables() == shards
    assert tf.trainable_variables() == shards
    infos = [v._get_save_slice_info() for v in shards]
    assert [(i.full_name, i.full_shape, i.var_offset, i.var_shape) for i in infos] == [
        ("foo/w", [10, 4], [0, 0], [4, 4]), ("foo/w", [10, 4], [4, 0], [3, 4]),
        ("foo/w", [10, 4], [7, 0], [3, 4])]
    assert infos[1].spec == "10 4 4,3:0,4"
    assert "foo/w/part_0/Initializer/random_uniform" in op_names(g)


def test_a_partitioned_variable_as_a_tensor_is_named_after_it(g):
    with tf.variable_scope("foo", partitioner=_parts(2, 1)):
        pv = tf.get_variable("w", [5, 2])
    whole = pv.as_tensor()
    assert whole.name == "foo/w:0" and whole.op.type == "Identity"
    assert whole.op.inputs[0].name == "foo/w/ConcatPartitions/concat:0"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(whole).shape == (5, 2)
    gate = tf.no_op(name="gate")
    with tf.control_dependencies([gate]):
        again, free = pv._concat(), pv.as_tensor()  # a new concat each time; only _concat takes the deps
    assert again.name == "foo/w_1:0" and pv._get_variable_list() == list(pv)
    axis_of = lambda whole: whole.op.inputs[0].op.inputs[-1].op  # noqa: E731 (the concat's axis, made in the block)
    assert axis_of(again).control_inputs == [gate] and axis_of(free).control_inputs == []


def test_partition_info_checks_its_arguments():
    from graphscope.variable_store import PartitionInfo
    for full_shape, var_offset in ((None, [0]), ([2], None), ("ab", [0, 1]), ([4, 2], "ab")):
        with pytest.raises(TypeError, match="must be a sequence"):
            PartitionInfo(full_shape, var_offset)
    with pytest.raises(ValueError, match="equal length"):
        PartitionInfo([4, 2], [0])
    with pytest.raises(ValueError, match="0 <= offset < shape"):
        PartitionInfo([4, 2], [0, 2])


def test_partition_info_finds_the_one_sliced_dimension():
    from graphscope.variable_store import PartitionInfo
    shard = PartitionInfo(full_shape=[10, 4], var_offset=[6, 0])
    assert (shard.single_slice_dim([4, 4]), shard.single_offset([4, 4])) == (0, 6)
    whole = PartitionInfo(full_shape=[10, 4], var_offset=[0, 0])
    assert (whole.single_slice_dim([10, 4]), whole.single_offset([10, 4])) == (None, 0)
    assert whole.single_slice_dim([10, 3]) == 1
    with pytest.raises(TypeError):
        shard.single_slice_dim(None)
    for bad in ([4], [5, 4], [2, 2]):  # wrong rank; past the end (6 + 5 > 10); sliced twice
        with pytest.raises(ValueError):
            shard.single_slice_dim(bad)


def test_device_functions_see_the_name_and_attrs_of_the_op(g):
    seen = []

    def place(op):
        seen.append((op.type, op.name, op.get_attr("dtype") if op.type == "VariableV2" else None))
        return "/device:CPU:0"

    with tf.device(place), tf.variable_scope("scope"):
        tf.get_variable("x", [2])
        tf.get_variable("y", dtype=tf.int64, initializer=np.arange(3))
        tf.constant(1.0, name="c")
        tf.constant(1.0, name="c")
    variables = [entry for entry in seen if entry[0] == "VariableV2"]
    assert variables == [("VariableV2", "scope/x", tf.float32), ("VariableV2", "scope/y", tf.int64)]
    assert [name for kind, name, _ in seen if name.startswith("scope/c")] == ["scope/c", "scope/c_1"]


def test_count_up_to_counts_then_refuses_past_its_limit(g):
    with tf.device("/job:ps"):
        v = tf.Variable(0, name="v")
    with tf.device("/job:worker"):
        up = v.count_up_to(2)
    w = tf.Variable(0, dtype=tf.int64, name="w")
    up_w = tf.count_up_to(w, 1, name="up_w")
    assert (up.op.type, up.name, up.dtype, up.device) == ("CountUpTo", "CountUpTo:0", tf.int32, "/job:ps")
    assert up.op.colocation_groups() == [b"loc:@v"] and up.op.get_attr("limit") == 2
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert [sess.run(up), sess.run(up)] == [0, 1]
        with pytest.raises(tf.errors.OutOfRangeError, match="Reached limit of 2"):
            sess.run(up)
        assert sess.run(v) == 2 and sess.run(up_w) == 0 and sess.run(w).dtype == np.int64
    with pytest.raises(TypeError, match="int32 or int64"):
        tf.count_up_to(tf.Variable(0.0), 3)


def test_partitioned_variable_checks_its_shards(g):
    part = tf.get_variable("p", [4, 2], partitioner=_parts(2, 1))
    shards = list(part)
    for args, error, message in [
        (([], [2, 1]), ValueError, "may not be empty"), ((shards, [0, 1]), ValueError, "must be positive"),
        ((shards, 2), TypeError, "partitions is not a list"), ((shards, [2, 1, 1]), ValueError, "len\\(shape\\)"),
        ((tf.get_variable("plain", [2, 2]), [2, 1]), TypeError, "variable_list is not a list"),
    ]:
        with pytest.raises(error, match=message):
            tf.PartitionedVariable("q", [4, 2], tf.float32, *args)
    with pytest.raises(ValueError, match="full shapes must match"):
        tf.PartitionedVariable("q", [8, 2], tf.float32, shards, [2, 1])


def test_partition_along_the_second_axis(g):
    pv = tf.get_variable("w", [2, 7], partitioner=_parts(1, 2))
    assert [v.shape.as_list() for v in pv] == [[2, 4], [2, 3]]


def test_partitioner_receives_shape_and_dtype(g):
    seen = []

    def partitioner(shape, dtype):
        seen.append((shape.as_list(), dtype))
        return [2]

    tf.get_variable("w", [4], dtype=tf.float64, partitioner=partitioner)
    assert seen == [([4], tf.float64)]


def test_partitioned_initializer_sees_partition_info(g):
    seen = []

    def init(shape, dtype=None, partition_info=None):
        seen.append((shape, partition_info.full_shape, partition_info.var_offset))
        return tf.zeros(shape, dtype)

    tf.get_variable("w", [5, 2], initializer=init, partitioner=_parts(2, 1))
    assert seen == [([3, 2], [5, 2], [0, 0]), ([2, 2], [5, 2], [3, 0])]


def test_scalars_ignore_the_partitioner(g):
    with tf.variable_scope("foo", partitioner=_parts(3)):
        s = tf.get_variable("s", [])
    assert isinstance(s, tf.Variable)
    assert s.name == "foo/s:0"


def test_partitioned_reuse_needs_no_partitioner(g):
    with tf.variable_scope("foo", partitioner=_parts(2, 1)):
        pv = tf.get_variable("w", [4, 2])
    with tf.variable_scope("foo", reuse=True):
        assert tf.get_variable("w") is pv
        assert tf.get_variable("w", [4, 2]) is pv
        assert tf.get_variable("w", [4, 2], partitioner=_parts(2, 1)) is pv
    with tf.variable_scope("foo", reuse=tf.AUTO_REUSE, partitioner=_parts(2, 1)):
        assert tf.get_variable("w", [4, 2]) is pv
    assert len(tf.global_variables()) == 2


def test_partitioned_reuse_with_a_different_partitioning_is_an_error(g):
    with tf.variable_scope("foo", partitioner=_parts(2, 1)):
        tf.get_variable("w", [4, 2])
    with tf.variable_scope("foo", reuse=True):
        with pytest.raises(ValueError, match="specified partitions \\[4, 1\\] and found partitions \\[2, 1\\]"):
            tf.get_variable("w", [4, 2], partitioner=_parts(4, 1))
        with pytest.raises(ValueError, match="Trying to reuse partitioned variable foo/w, but specified shape"):
            tf.get_variable("w", [5, 2], partitioner=_parts(2, 1))
        with pytest.raises(ValueError, match="specified dtype"):
            tf.get_variable("w", [4, 2], dtype=tf.float64, partitioner=_parts(2, 1))


def test_partitioned_creation_errors(g):
    with tf.variable_scope("foo", partitioner=_parts(2, 1)):
        tf.get_variable("w", [4, 2])
        with pytest.raises(ValueError, match="Partitioned variable with name foo/w already exists"):
            tf.get_variable("w", [4, 2])
    with tf.variable_scope("foo"):
        with pytest.raises(ValueError, match="No partitioner was provided, but a partitioned version"):
            tf.get_variable("w", [4, 2])
        tf.get_variable("plain", [4, 2])
        with pytest.raises(ValueError, match="A partitioner was provided, but an unpartitioned version"):
            tf.get_variable("plain", [4, 2], partitioner=_parts(2, 1))
    with tf.variable_scope("foo", reuse=True):
        with pytest.raises(ValueError, match="PartitionedVariable foo/missing does not exist"):
            tf.get_variable("missing", [4, 2], partitioner=_parts(2, 1))


@pytest.mark.parametrize("counts, message", [
    ((2, 2), "Can only slice a variable along one dimension"),
    ((2,), "does not match the Variable's rank"),
    ((0, 1), "zero partitions"),
])
def test_bad_partitions_are_errors(g, counts, message):
    with pytest.raises(ValueError, match=message):
        tf.get_variable("w", [4, 2], partitioner=_parts(*counts))
    assert op_names(g) == []


def test_partitioner_must_be_callable_and_shape_fully_defined(g):
    with pytest.raises(ValueError, match="Partitioner must be callable"):
        tf.get_variable("w", [4], partitioner="two")
    with pytest.raises(ValueError, match="must be fully defined"):
        tf.get_variable("w", [None, 2], partitioner=_parts(2, 1))


@pytest.mark.skipif(not hasattr(array_ops, "slice"), reason="array_ops.slice is not implemented yet")
def test_partitioned_variable_from_a_tensor(g):
    t = tf.constant(np.arange(5, dtype=np.float32), name="t")
    pv = tf.get_variable("w", initializer=t, partitioner=_parts(2))
    assert [v.shape.as_list() for v in pv] == [[3], [2]]


# -- custom getters ---------------------------------------------------------------------------


def test_custom_getter_argument_receives_every_argument(g):
    seen = {}

    def getter(next_getter, name, *args, **kwargs):
        seen.update(kwargs, name=name)
        return next_getter(name, *args, **kwargs)

    init = tf.zeros_initializer()
    with tf.variable_scope("foo"):
        v = tf.get_variable("v", [2], dtype=tf.float64, initializer=init, trainable=False,
                            custom_getter=getter)
    assert v.name == "foo/v:0"
    assert seen["name"] == "foo/v"
    assert seen["shape"] == [2]
    assert seen["dtype"] == tf.float64
    assert seen["initializer"] is init
    assert seen["trainable"] is False
    for key in ("regularizer", "reuse", "collections", "caching_device", "partitioner",
                "validate_shape", "use_resource"):
        assert key in seen


def test_custom_getter_may_return_anything(g):
    def getter(next_getter, name, *args, **kwargs):
        return "replaced " + name

    with tf.variable_scope("foo", custom_getter=getter):
        assert tf.get_variable("v", [1]) == "replaced foo/v"
    assert tf.global_variables() == []


# -- errors -----------------------------------------------------------------------------------


def test_already_exists_names_where_the_variable_was_created(g):
    with tf.variable_scope("foo"):
        line = _line_after()
        tf.get_variable("v", [1])
    with tf.variable_scope("foo"):
        with pytest.raises(ValueError) as info:
            tf.get_variable("v", [1])
    message = str(info.value)
    assert message.startswith("Variable foo/v already exists, disallowed. Did you mean to set reuse=True "
                              "or reuse=tf.AUTO_REUSE in VarScope?")
    assert "%s:%d" % (__file__, line) in message


def test_already_exists_names_the_notebook_cell(g):
    cell = 'with tf.variable_scope("nb"):\n    tf.get_variable("v", [1])\n'
    exec(compile(cell, "<ipython-input-7-0123456789ab>", "exec"), {"tf": tf})  # noqa: S102
    with tf.variable_scope("nb"):
        with pytest.raises(ValueError, match="already exists") as info:
            tf.get_variable("v", [1])
    assert "cell 7, line 2" in str(info.value)


def test_does_not_exist_says_which_scope_turned_reuse_on(g):
    line = _line_after()
    with tf.variable_scope("foo", reuse=True):
        with tf.variable_scope("inner"):
            with pytest.raises(ValueError) as info:
                tf.get_variable("v", [1])
    message = str(info.value)
    assert message.startswith("Variable foo/inner/v does not exist, or was not created with "
                              "tf.get_variable(). Did you mean to set reuse=tf.AUTO_REUSE in VarScope?")
    assert "variable_scope('foo', reuse=True)" in message
    assert "%s:%d" % (__file__, line) in message


def test_does_not_exist_after_reuse_variables_names_that_call(g):
    with tf.variable_scope("foo") as scope:
        line = _line_after()
        scope.reuse_variables()
        with pytest.raises(ValueError) as info:
            tf.get_variable("v", [1])
    assert "does not exist" in str(info.value)
    assert "reuse_variables()" in str(info.value)
    assert "%s:%d" % (__file__, line) in str(info.value)


def test_share_with_a_different_shape_or_dtype(g):
    with tf.variable_scope("foo"):
        tf.get_variable("v", [1])
    with tf.variable_scope("foo", reuse=True):
        with pytest.raises(ValueError) as info:
            tf.get_variable("v", [2])
        assert str(info.value) == ("Trying to share variable foo/v, but specified shape (2,) and found "
                                   "shape (1,).")
        with pytest.raises(ValueError) as info:
            tf.get_variable("v", [1], dtype=tf.float64)
        assert str(info.value) == ("Trying to share variable foo/v, but specified dtype float64 and found "
                                   "dtype float32.")
        # an unknown shape is compatible: reuse by name only
        assert tf.get_variable("v").name == "foo/v:0"


def test_existence_is_checked_before_shape(g):
    with tf.variable_scope("foo"):
        tf.get_variable("v", [1])
        with pytest.raises(ValueError, match="already exists"):
            tf.get_variable("v", [2])


def test_variables_from_tf_variable_are_not_in_the_store(g):
    tf.Variable(1.0, name="v")
    with tf.variable_scope("", reuse=True):
        with pytest.raises(ValueError, match="does not exist, or was not created with tf.get_variable"):
            tf.get_variable("v", [])
    assert tf.get_variable("v", []).name == "v_1:0"  # the op name 'v' is taken


# -- make_template ----------------------------------------------------------------------------


def _linear(x):
    w = tf.get_variable("w", [1], initializer=tf.ones_initializer())
    return x * w


def test_template_first_call_creates_later_calls_reuse(g):
    layer = tf.make_template("lin", _linear)
    assert layer.variable_scope is None
    assert layer.variables == []
    y1 = layer(tf.constant(1.0, name="x1"))
    y2 = layer(tf.constant(2.0, name="x2"))
    assert [v.name for v in tf.global_variables()] == ["lin/w:0"]
    assert (y1.name, y2.name) == ("lin/mul:0", "lin_1/mul:0")
    assert y1.op.inputs[1].op.inputs[0].op is y2.op.inputs[1].op.inputs[0].op  # the same w
    assert layer.variable_scope.name == "lin"
    assert layer.variable_scope_name == "lin/"
    assert [v.name for v in layer.variables] == ["lin/w:0"]
    assert [v.name for v in layer.trainable_variables] == ["lin/w:0"]
    assert layer.non_trainable_variables == []
    assert layer.name == "lin"


@pytest.mark.parametrize("create_scope_now", [False, True])
def test_a_template_call_that_raises_leaves_the_template_unused(create_scope_now, g):
    def layer(x, scale=1.0):
        return x * tf.get_variable("w", [], initializer=tf.constant_initializer(scale))

    dense = tf.make_template("layer", layer, create_scope_now_=create_scope_now)
    with pytest.raises(TypeError):
        dense(tf.constant(2.0), unknown=True)
    assert dense.variables == []
    first = dense(tf.constant(2.0), scale=3.0)  # creates 'layer/w' now
    second = dense(tf.constant(5.0))  # and shares it
    assert [v.name for v in dense.variables] == ["layer/w:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run([first, second]) == [6.0, 15.0]


def test_template_creating_a_new_trainable_variable_later_is_an_error(g):
    calls = []

    def grows():
        calls.append(1)
        return tf.get_variable("w%d" % len(calls), [1])

    template = tf.make_template("grows", grows)
    template()
    with pytest.raises(ValueError, match="does not exist"):
        template()

    def makes_variable():
        return tf.Variable(1.0, name="v")

    template = tf.make_template("tf_variable", makes_variable)
    template()
    with pytest.raises(ValueError, match="Trainable variable created when calling a template after the "
                                         "first time"):
        template()


def test_template_may_create_non_trainable_variables_later(g):
    def local():
        return tf.Variable(1.0, name="counter", trainable=False)

    template = tf.make_template("local", local)
    template()
    template()
    assert len(tf.global_variables()) == 2


def test_templates_with_the_same_name_are_uniquified(g):
    a = tf.make_template("lin", _linear)
    b = tf.make_template("lin", _linear)
    a(tf.constant(1.0))
    b(tf.constant(1.0))
    assert [v.name for v in tf.global_variables()] == ["lin/w:0", "lin_1/w:0"]


def test_template_create_scope_now(g):
    with tf.variable_scope("outer"):
        layer = tf.make_template("now", _linear, create_scope_now_=True)
    assert layer.variable_scope.name == "outer/now"
    with tf.variable_scope("elsewhere"):
        y = layer(tf.constant(1.0))
    assert [v.name for v in tf.global_variables()] == ["outer/now/w:0"]
    assert y.name.startswith("elsewhere/now/")


def test_template_unique_name(g):
    layer = tf.make_template("lin", _linear, unique_name_="custom")
    layer(tf.constant(1.0))
    layer(tf.constant(1.0))
    assert [v.name for v in tf.global_variables()] == ["custom/w:0"]


def test_template_binds_keyword_arguments(g):
    def scaled(x, scale):
        return _linear(x) * scale

    layer = tf.make_template("scaled", scaled, scale=2.0)
    assert layer(tf.constant(1.0)).name == "scaled/mul_1:0"


def test_template_custom_getter(g):
    names = []

    def getter(next_getter, name, *args, **kwargs):
        names.append(name)
        return next_getter(name, *args, **kwargs)

    layer = tf.make_template("lin", _linear, custom_getter_=getter)
    layer(tf.constant(1.0))
    layer(tf.constant(1.0))
    assert names == ["lin/w", "lin/w"]


def test_template_name_is_required(g):
    with pytest.raises(ValueError, match="name cannot be None"):
        tf.make_template(None, _linear)


# -- tf.Variable ------------------------------------------------------------------------------


def test_tf_variable_ops_and_collections(g):
    with tf.name_scope("ns"):
        v = tf.Variable([1.0, 2.0], name="w")
    assert [(op.name, op.type) for op in g.get_operations()] == [
        ("ns/w/initial_value", "Const"), ("ns/w", "VariableV2"), ("ns/w/Assign", "Assign"),
        ("ns/w/read", "Identity")]
    assert v.name == "ns/w:0"
    assert tf.global_variables() == [v]
    assert tf.trainable_variables() == [v]
    u = tf.Variable(1.0, trainable=False, collections=[tf.GraphKeys.LOCAL_VARIABLES])
    assert u.name == "Variable:0"
    assert tf.local_variables() == [u]
    with pytest.raises(ValueError, match="initial_value must be specified"):
        tf.Variable()


def test_initialized_value_reads_the_variable_or_its_initial_value():
    graph = tf.Graph()
    with graph.as_default():
        w = tf.Variable([1.0, 2.0], name="w")
        doubled = tf.Variable(w.initialized_value() * 2, name="doubled")  # initializable in any order
        with tf.Session() as sess:
            sess.run(doubled.initializer)  # w itself is still uninitialized
            assert sess.run(doubled).tolist() == [2.0, 4.0]
            sess.run(w.initializer)
            sess.run(w.assign([5.0, 5.0]))
            assert sess.run(w.initialized_value()).tolist() == [5.0, 5.0]


def test_get_variable_checks_its_collections_argument(g):
    with pytest.raises(ValueError, match="must be a list, tuple, or set"):
        tf.get_variable("v", [1], collections="my_collection")
    assert g.get_operations() == [] and tf.global_variables() == []
    v = tf.get_variable("w", [1], collections=("mine",))
    assert tf.get_collection("mine") == [v] and v in tf.trainable_variables() and v not in tf.global_variables()


@pytest.mark.parametrize("make", [
    lambda: tf.random_normal_initializer(0.0, 1.0, dtype=tf.string),
    lambda: tf.truncated_normal_initializer(0.0, 1.0, dtype=tf.int32),
    lambda: tf.variance_scaling_initializer(dtype=tf.int64),
    lambda: tf.glorot_uniform_initializer()([2, 2], dtype=tf.int32),
])
def test_float_initializers_refuse_other_dtypes_with_tensorflows_value_error(make):
    with pytest.raises(ValueError, match="Expected floating point type"):
        make()


def test_assign_functions_hand_resource_variables_to_their_own_methods(g):
    v = tf.Variable(1.0, use_resource=True, name="r")
    set_to, added, subtracted = tf.assign(v, 2.0), tf.assign_add(v, 3.0), tf.assign_sub(v, 1.0)
    assert {t.op.type for t in (set_to, added, subtracted)} == {"ReadVariableOp"}
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert [sess.run(set_to), sess.run(added), sess.run(subtracted)] == [2.0, 5.0, 4.0]


def test_sharing_variables_leaves_nothing_for_the_garbage_collector(g):
    import gc

    from graphscope.variable_store import get_variable_store
    for i in range(20):
        tf.get_variable("v%d" % i, [2])
    with tf.variable_scope(tf.get_variable_scope(), reuse=True):
        tf.get_variable("v0", [2])  # (warm up the reuse path)
        gc.collect()
        tracked = len(gc.get_objects())
        for _ in range(50):
            for i in range(20):
                tf.get_variable("v%d" % i, [2])
        assert len(gc.get_objects()) - tracked < 50  # not one record per call (1,000 calls)
    events = get_variable_store().events
    assert len(events) == 1021 and events[-1][:2] == ("v19", "reused") and events[0][1] == "created"
