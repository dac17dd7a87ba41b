"""Tests for graphscope.partitioners: the partition lists and errors recorded from TensorFlow 2.21
(tf.compat.v1, graph mode), and partitioned variables made with them."""

import numpy as np
import pytest

import graphscope as tf
from graphscope.partitioners import (
    create_partitioned_variables, fixed_size_partitioner, min_max_variable_partitioner,
    variable_axis_size_partitioner)

PARTITIONERS = {"axis": variable_axis_size_partitioner, "minmax": min_max_variable_partitioner,
                "fixed": fixed_size_partitioner}

# (partitioner, its arguments, shape, dtype, the list TensorFlow returns)
RECORDED_PARTITIONS = [
    ("axis", {"max_shard_bytes": 131072}, (4, 8, 16, 32), "float32", [1, 1, 1, 1]),
    ("axis", {"max_shard_bytes": 65536, "axis": 1}, (4, 8, 16, 32), "float32", [1, 1, 1, 1]),
    ("axis", {"max_shard_bytes": 32768, "axis": 2}, (4, 8, 16, 32), "float32", [1, 1, 2, 1]),
    ("axis", {"max_shard_bytes": 2048, "axis": 3}, (4, 8, 16, 32), "float32", [1, 1, 1, 32]),
    ("axis", {"max_shard_bytes": 1024, "axis": 3}, (4, 8, 16, 32), "float32", [1, 1, 1, 32]),
    ("axis", {"max_shard_bytes": 1024, "axis": 3, "max_shards": 33}, (4, 8, 16, 32), "float32", [1, 1, 1, 32]),
    ("axis", {"max_shard_bytes": 1024, "axis": 3, "max_shards": 2}, (4, 8, 16, 32), "float32", [1, 1, 1, 2]),
    ("axis", {"max_shard_bytes": 32768, "axis": 3, "bytes_per_string_element": 8}, (4, 8, 16, 32), "string",
     [1, 1, 1, 4]),
    ("axis", {"max_shard_bytes": 100}, (10, 3), "float64", [3, 1]),
    ("axis", {"max_shard_bytes": 100}, (10, 3), "int8", [1, 1]),
    ("axis", {"max_shard_bytes": 7}, (10,), "bool", [2]),
    ("axis", {"max_shard_bytes": 4}, (2,), "float32", [2]),
    ("axis", {"max_shard_bytes": 50, "axis": -1}, (3, 7), "float16", [1, 1]),
    ("axis", {"max_shard_bytes": 1, "max_shards": 0}, (5,), "float32", [5]),
    ("axis", {"max_shard_bytes": 33}, (9, 2), "complex64", [5, 1]),
    ("axis", {"max_shard_bytes": 64, "bytes_per_string_element": 3}, (100,), "string", [5]),
    ("axis", {"max_shard_bytes": 1000000000}, (1000, 1000), "float32", [1, 1]),
    ("axis", {"max_shard_bytes": 67108863}, (100000, 1000), "float32", [6, 1]),
    ("minmax", {"max_partitions": 100, "min_slice_size": 2048}, (2048,), "float32", [4]),
    ("minmax", {"max_partitions": 100}, (2048, 1024), "float32", [32, 1]),
    ("minmax", {"max_partitions": 16}, (2048, 1024), "float32", [16, 1]),
    ("minmax", {}, (2048, 1024), "float32", [1, 1]),
    ("minmax", {"max_partitions": 100, "min_slice_size": 131072}, (2048, 1024), "float32", [64, 1]),
    ("minmax", {"max_partitions": 100, "min_slice_size": 524288}, (2048, 1024), "float32", [16, 1]),
    ("minmax", {"max_partitions": 100, "axis": 1}, (64, 1024, 1, 3), "float32", [1, 3, 1, 1]),
    ("minmax", {"max_partitions": 100, "axis": 3}, (64, 1024, 1, 3), "float32", [1, 1, 1, 3]),
    ("minmax", {"max_partitions": 100}, (16, 128, 1024), "float32", [16, 1, 1]),
    ("minmax", {"max_partitions": 100}, (4, 512, 1024), "float32", [4, 1, 1]),
    ("minmax", {"max_partitions": 10, "min_slice_size": 10}, (7, 3), "float64", [7, 1]),
    ("minmax", {"max_partitions": 10, "min_slice_size": 10, "bytes_per_string_element": 5}, (7, 3), "string",
     [7, 1]),
    ("minmax", {"max_partitions": 0, "min_slice_size": 1}, (7, 3), "float32", [1, 1]),
    ("minmax", {"max_partitions": 5, "min_slice_size": 1, "axis": -1}, (7, 3), "float32", [1, 3]),
    ("minmax", {"max_partitions": 50, "min_slice_size": 3}, (40,), "int16", [27]),
    ("fixed", {"num_shards": 5}, (10, 10), "float32", [5, 1]),
    ("fixed", {"num_shards": 4}, (20,), "int64", [4]),
    ("fixed", {"num_shards": 3, "axis": 1}, (4, 2), "float32", [1, 2]),
    ("fixed", {"num_shards": 0}, (4, 2), "float32", [0, 1]),
    ("fixed", {"num_shards": 2, "axis": -1}, (4, 6), "float32", [1, 2]),
    ("fixed", {"num_shards": 100}, (7,), "string", [7]),
]


@pytest.mark.parametrize("kind, arguments, shape, dtype, expected", RECORDED_PARTITIONS)
def test_partition_lists_match_tensorflow(kind, arguments, shape, dtype, expected):
    partitioner = PARTITIONERS[kind](**arguments)
    assert partitioner(shape=tf.TensorShape(shape), dtype=tf.as_dtype(dtype)) == expected


def test_partitioners_accept_a_dtype_name():
    shape = tf.TensorShape([10, 3])
    assert variable_axis_size_partitioner(100)(shape=shape, dtype="float64") == [3, 1]
    assert min_max_variable_partitioner(10, min_slice_size=10)(shape=shape, dtype="float64") == [10, 1]


_AND = "andbytes_per_string_element"  # TF's message lacks the space


@pytest.mark.parametrize("arguments, message", [
    ({"max_shard_bytes": 0},
     "Both max_shard_bytes and bytes_per_string_element must be positive. Currently, max_shard_bytes is 0 "
     + _AND + " is 16"),
    ({"max_shard_bytes": 10, "bytes_per_string_element": 0},
     "Both max_shard_bytes and bytes_per_string_element must be positive. Currently, max_shard_bytes is 10 "
     + _AND + " is 0"),
    ({"max_shard_bytes": 10, "max_shards": -1}, "max_shards must be positive."),
])
def test_variable_axis_size_partitioner_argument_errors(arguments, message):
    with pytest.raises(ValueError) as raised:
        variable_axis_size_partitioner(**arguments)
    assert str(raised.value) == message


@pytest.mark.parametrize("shape, error, message", [
    ([3, 4], ValueError, "shape is not a TensorShape: [3, 4]"),
    (tf.TensorShape([None, 4]), ValueError, "shape is not fully defined: (?, 4)"),
])
def test_variable_axis_size_partitioner_shape_errors(shape, error, message):
    with pytest.raises(error) as raised:
        variable_axis_size_partitioner(10)(shape=shape, dtype=tf.float32)
    assert str(raised.value) == message


def test_errors_for_a_missing_axis_and_a_bad_dtype():
    shape = tf.TensorShape([3, 4])
    with pytest.raises(IndexError):
        variable_axis_size_partitioner(10, axis=2)(shape=shape, dtype=tf.float32)
    with pytest.raises(IndexError):
        fixed_size_partitioner(2, axis=2)(shape=shape, dtype=tf.float32)
    with pytest.raises(ValueError, match=r"^Cannot partition variable along axis 2 when shape is only \(3, 4\)$"):
        min_max_variable_partitioner(axis=2)(shape=shape, dtype=tf.float32)
    with pytest.raises(TypeError):
        variable_axis_size_partitioner(10)(shape=shape, dtype="float32s")
    with pytest.raises(TypeError):
        min_max_variable_partitioner()(shape=shape, dtype="nope")


# -- partitioned variables -----------------------------------------------------------------------


def test_get_variable_in_a_partitioned_scope_has_tf_shards_and_values(g):
    initial = np.arange(20.0, dtype=np.float32).reshape(10, 2)
    with tf.variable_scope("root", partitioner=variable_axis_size_partitioner(24)):
        v = tf.get_variable("v", initializer=tf.constant(initial))
    whole = v.as_tensor()
    assert [(s.name, s.shape.as_list(), s._save_slice_info.spec) for s in v] == [
        ("root/v/part_0:0", [3, 2], "10 2 0,3:0,2"), ("root/v/part_1:0", [3, 2], "10 2 3,3:0,2"),
        ("root/v/part_2:0", [2, 2], "10 2 6,2:0,2"), ("root/v/part_3:0", [2, 2], "10 2 8,2:0,2")]
    assert v._get_partitions() == [4, 1] and whole.name == "root/v:0"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(whole), initial)
        np.testing.assert_array_equal(sess.run(list(v)[3]), initial[8:])


def test_get_variable_with_min_max_partitioner_along_axis_1(g):
    w = tf.get_variable("w", [5, 4], dtype=tf.int32,
                        partitioner=min_max_variable_partitioner(4, axis=1, min_slice_size=16))
    assert [(s.name, s.shape.as_list(), s.dtype.base_dtype) for s in w] == [
        ("w/part_%d:0" % i, [5, 1], tf.int32) for i in range(4)]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(w.as_tensor()).tolist() == [[0] * 4] * 5


def test_fixed_size_partitioner_reuses_the_same_shards(g):
    with tf.variable_scope("root", partitioner=fixed_size_partitioner(5)):
        v = tf.get_variable("v0", shape=(10, 10))
    with tf.variable_scope("root", partitioner=fixed_size_partitioner(5), reuse=True):
        again = tf.get_variable("v0", shape=(10, 10))
    assert again is v and len(v) == 5 and v._get_partitions() == [5, 1]
    with tf.variable_scope("root", partitioner=fixed_size_partitioner(2), reuse=True):
        with pytest.raises(ValueError, match="specified partitions \\[2, 1\\] and found partitions \\[5, 1\\]"):
            tf.get_variable("v0", shape=(10, 10))


# -- create_partitioned_variables ----------------------------------------------------------------


def test_create_partitioned_variables_names_dtypes_and_values(g):
    with tf.variable_scope("s"):
        a = create_partitioned_variables([5, 3], [2, 1], tf.constant(np.arange(15).reshape(5, 3)))
        b = create_partitioned_variables([5, 3], [1, 3], tf.ones_initializer(), name="named")
        c = create_partitioned_variables([5, 3], [1, 3], None, name="named", reuse=True)
    assert isinstance(a, list)
    assert [(v.name, v.shape.as_list(), v.dtype.base_dtype, v._save_slice_info.spec) for v in a] == [
        ("s/PartitionedVariable/part_0:0", [3, 3], tf.int64, "5 3 0,3:0,3"),
        ("s/PartitionedVariable/part_1:0", [2, 3], tf.int64, "5 3 3,2:0,3")]
    assert [v.name for v in b] == ["s/named/part_%d:0" % i for i in range(3)]
    assert all(x is y for x, y in zip(b, c)) and len(c) == 3
    assert tf.trainable_variables() == tf.global_variables()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert [sess.run(v).tolist() for v in a] == [[[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[9, 10, 11], [12, 13, 14]]]
        assert sess.run(b[2]).tolist() == [[1.0]] * 5


def test_create_partitioned_variables_uniquifies_the_default_name(g):
    with tf.variable_scope("hi"):
        first = create_partitioned_variables([2, 4], [1, 2], tf.zeros_initializer())
        second = create_partitioned_variables([2, 4], [1, 2], tf.zeros_initializer())
    with tf.name_scope("ola"):  # the name scope has no effect, as in TF
        third = create_partitioned_variables([4], [2], tf.zeros_initializer())
    assert [v.name for v in first + second + third] == [
        "hi/PartitionedVariable/part_0:0", "hi/PartitionedVariable/part_1:0",
        "hi/PartitionedVariable_1/part_0:0", "hi/PartitionedVariable_1/part_1:0",
        "PartitionedVariable/part_0:0", "PartitionedVariable/part_1:0"]


def test_create_partitioned_variables_not_trainable_and_in_given_collections(g):
    parts = create_partitioned_variables([4], [2], tf.zeros_initializer(), trainable=False,
                                         collections=["mine"])
    assert tf.trainable_variables() == [] and tf.global_variables() == []
    assert tf.get_collection("mine") == parts


@pytest.mark.parametrize("shape, slicing, message", [
    ([10], [1, 1], "The 'shape' and 'slicing' of a partitioned Variable must have the length: shape: [10], "
                   "slicing: [1, 1]"),
    ([], [], "A partitioned Variable must have rank at least 1: shape: []"),
])
def test_create_partitioned_variables_argument_errors(g, shape, slicing, message):
    with pytest.raises(ValueError) as raised:
        create_partitioned_variables(shape, slicing, tf.zeros_initializer())
    assert str(raised.value) == message


def test_create_partitioned_variables_errors_from_the_store(g):
    with pytest.raises(ValueError, match="^PartitionedVariable named2 does not exist, or was not created"):
        create_partitioned_variables([5, 3], [1, 3], None, name="named2", reuse=True)
    with pytest.raises(ValueError, match="Can only slice a variable along one dimension"):
        create_partitioned_variables([4, 4], [2, 2], tf.zeros_initializer())
    with tf.variable_scope("cg", custom_getter=lambda getter, *args, **kwargs: getter(*args, **kwargs)):
        with pytest.raises(ValueError, match="^Private access to _get_partitioned_variable is not allowed when a "
                                             "custom getter is set."):
            create_partitioned_variables([4], [2], tf.zeros_initializer())
    assert g.get_operations() == []
