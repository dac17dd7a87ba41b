"""Autopacking: ``convert_to_tensor`` of a list or tuple holding tensors (at any depth) builds a ``Pack``
op, as TensorFlow's list conversion (``_autopacking_conversion_function`` in array_ops.py) does.

The expected op names, types, inputs, dtypes and shapes were recorded from TensorFlow 2.21
(``tf.compat.v1`` in graph mode)."""

import numpy as np
import pytest

import graphscope as tf


@pytest.fixture
def graph(g):  # (conftest's fresh default graph, under this module's name for it)
    return g


def run(fetches, feed_dict=None):
    return tf.Session().run(fetches, feed_dict)


def ops(graph):
    """(name, type, input names) of every op, in creation order."""
    return [(op.name, op.type, [t.name for t in op.inputs]) for op in graph.get_operations()]


# -- flat lists and tuples ---------------------------------------------------------------------------

def test_list_with_a_tensor_becomes_a_pack_named_packed(graph):
    packed = tf.convert_to_tensor([tf.constant(1.0), 2.0])
    assert ops(graph) == [("Const", "Const", []),
                          ("packed/1", "Const", []),
                          ("packed", "Pack", ["Const:0", "packed/1:0"])]
    assert packed.name == "packed:0"
    assert packed.dtype == tf.float32
    assert packed.shape.as_list() == [2]
    assert packed.op.get_attr("N") == 2 and packed.op.get_attr("axis") == 0
    assert run(packed).tolist() == [1.0, 2.0]


def test_tuple_packs_and_python_numbers_take_the_tensor_dtype(graph):
    packed = tf.convert_to_tensor((tf.constant(1), 2, 3))
    assert ops(graph) == [("Const", "Const", []),
                          ("packed/1", "Const", []),
                          ("packed/2", "Const", []),
                          ("packed", "Pack", ["Const:0", "packed/1:0", "packed/2:0"])]
    assert packed.dtype == tf.int32
    assert graph.get_operation_by_name("packed/2").get_attr("value").dtype == np.int32
    assert run(packed).tolist() == [1, 2, 3]


def test_list_of_tensors_only_packs_them_directly(graph):
    packed = tf.convert_to_tensor([tf.constant(1.0), tf.constant(2.0)])
    assert ops(graph)[-1] == ("packed", "Pack", ["Const:0", "Const_1:0"])
    assert run(packed).tolist() == [1.0, 2.0]


def test_placeholder_and_array_in_a_list_merge_their_shapes(graph):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    assert tf.convert_to_tensor([x, x], name="alone").shape.as_list() == [2, None, 3]
    packed = tf.convert_to_tensor([x, np.ones((2, 3), np.float32)])
    assert packed.shape.as_list() == [2, 2, 3]
    assert ops(graph)[-2:] == [("packed/1", "Const", []), ("packed", "Pack", ["x:0", "packed/1:0"])]
    value = run(packed, {x: np.zeros((2, 3), np.float32)})
    assert value.shape == (2, 2, 3) and value[1].tolist() == [[1.0] * 3] * 2


def test_booleans_and_strings_pack_too(graph):
    flags = tf.convert_to_tensor([tf.constant(True), False])
    words = tf.convert_to_tensor([tf.constant("a"), "b"])
    assert (flags.dtype, words.dtype) == (tf.bool, tf.string)
    assert run(flags).tolist() == [True, False]
    assert [w.decode() if isinstance(w, bytes) else w for w in run(words).tolist()] == ["a", "b"]


# -- nested lists --------------------------------------------------------------------------------------

def test_inner_list_with_a_tensor_is_a_pack_in_the_outer_scope(graph):
    packed = tf.convert_to_tensor([[tf.constant(1.0), 1.0], [2.0, 3.0]])
    # The inner list without a tensor opened scope "packed/1" before becoming a constant: "packed/1_1".
    assert ops(graph) == [("Const", "Const", []),
                          ("packed/0/1", "Const", []),
                          ("packed/0", "Pack", ["Const:0", "packed/0/1:0"]),
                          ("packed/1_1", "Const", []),
                          ("packed", "Pack", ["packed/0:0", "packed/1_1:0"])]
    assert packed.shape.as_list() == [2, 2]
    assert graph.get_operation_by_name("packed/1_1").outputs[0].shape.as_list() == [2]
    assert run(packed).tolist() == [[1.0, 1.0], [2.0, 3.0]]


def test_three_rows_each_naming_its_constants_by_index(graph):
    a, b = tf.constant(1.0), tf.constant(2.0)
    packed = tf.convert_to_tensor([[10.0, a], [b, 3.0], [4.0, 5.0]])
    assert ops(graph)[2:] == [("packed/0/0", "Const", []),
                              ("packed/0", "Pack", ["packed/0/0:0", "Const:0"]),
                              ("packed/1/1", "Const", []),
                              ("packed/1", "Pack", ["Const_1:0", "packed/1/1:0"]),
                              ("packed/2_1", "Const", []),
                              ("packed", "Pack", ["packed/0:0", "packed/1:0", "packed/2_1:0"])]
    assert packed.shape.as_list() == [3, 2]
    assert run(packed).tolist() == [[10.0, 1.0], [2.0, 3.0], [4.0, 5.0]]


def test_deep_nesting_packs_at_every_level_that_holds_a_tensor(graph):
    packed = tf.convert_to_tensor([[[tf.constant(1.0)]], [[2.0]]])
    assert ops(graph) == [("Const", "Const", []),
                          ("packed/0/0", "Pack", ["Const:0"]),
                          ("packed/0", "Pack", ["packed/0/0:0"]),
                          ("packed/1_1", "Const", []),
                          ("packed", "Pack", ["packed/0:0", "packed/1_1:0"])]
    assert packed.shape.as_list() == [2, 1, 1]
    assert run(packed).tolist() == [[[1.0]], [[2.0]]]


def test_tuples_nested_in_lists(graph):
    packed = tf.convert_to_tensor([(tf.constant(1), 2), (3, 4)])
    assert packed.op.type == "Pack" and packed.dtype == tf.int32
    assert run(packed).tolist() == [[1, 2], [3, 4]]


# -- names and scopes ----------------------------------------------------------------------------------

def test_a_given_name_names_the_pack_and_its_scope(graph):
    packed = tf.convert_to_tensor([tf.constant(1.0), 2.0], name="foo")
    assert ops(graph)[1:] == [("foo/1", "Const", []), ("foo", "Pack", ["Const:0", "foo/1:0"])]
    assert packed.name == "foo:0"


def test_names_are_made_unique(graph):
    tf.constant(0.0, name="packed")
    first = tf.convert_to_tensor([tf.constant(1.0), 2.0])
    second = tf.convert_to_tensor([tf.constant(1.0), 2.0])
    assert (first.name, second.name) == ("packed_1:0", "packed_2:0")
    assert "packed_2/1" in [op.name for op in graph.get_operations()]


def test_pack_is_named_inside_the_current_name_scope(graph):
    with tf.name_scope("s"):
        packed = tf.convert_to_tensor([tf.constant(1.0), 2.0])
    assert ops(graph) == [("s/Const", "Const", []),
                          ("s/packed/1", "Const", []),
                          ("s/packed", "Pack", ["s/Const:0", "s/packed/1:0"])]
    assert packed.name == "s/packed:0"


def test_op_arguments_pack_under_the_argument_name(graph):
    x = tf.placeholder(tf.float32, [None, 2, 3], name="x")
    y = tf.reshape(x, [tf.shape(x)[0], -1])
    shape = y.op.inputs[1]
    assert (shape.op.name, shape.op.type) == ("Reshape/shape", "Pack")
    assert [t.name for t in shape.op.inputs] == ["strided_slice:0", "Reshape/shape/1:0"]
    assert y.shape.as_list() == [None, None]
    assert run(y, {x: np.zeros((4, 2, 3), np.float32)}).shape == (4, 6)

    total = tf.add(tf.constant([1.0, 2.0]), [tf.constant(1.0), 2.0])
    assert (total.op.inputs[1].op.name, total.op.inputs[1].op.type) == ("Add/y", "Pack")
    assert run(total).tolist() == [2.0, 4.0]


def test_stack_of_a_nested_list_packs_each_value(graph):
    stacked = tf.stack([[tf.constant(1.0), 2.0]], axis=1)
    names = [op.name for op in graph.get_operations()]
    assert names[-3:] == ["stack_1/values_0/1", "stack_1/values_0", "stack_1"]
    assert stacked.shape.as_list() == [2, 1]


# -- variables -----------------------------------------------------------------------------------------

def test_variable_in_a_list_is_read_through_its_snapshot(graph):
    v = tf.Variable(1.0, name="v")
    packed = tf.convert_to_tensor([v, 2.0])
    assert ops(graph)[-2:] == [("packed/1", "Const", []), ("packed", "Pack", ["v/read:0", "packed/1:0"])]
    assert packed.dtype == tf.float32  # not float32_ref
    with tf.Session() as session:
        session.run(v.initializer)
        assert session.run(packed).tolist() == [1.0, 2.0]


def test_variable_alone_sets_the_dtype(graph):
    v = tf.Variable([1, 2], name="v")
    packed = tf.convert_to_tensor([[v], [[3, 4]]])
    assert packed.dtype == tf.int32 and packed.shape.as_list() == [2, 1, 2]
    with tf.Session() as session:
        session.run(v.initializer)
        assert session.run(packed).tolist() == [[[1, 2]], [[3, 4]]]


def test_resource_variable_in_a_list(graph):
    v = tf.Variable(1.0, name="v", use_resource=True)
    packed = tf.convert_to_tensor([v, 2.0])
    assert packed.op.type == "Pack" and packed.dtype == tf.float32
    with tf.Session() as session:
        session.run(v.initializer)
        assert session.run(packed).tolist() == [1.0, 2.0]


# -- dtypes --------------------------------------------------------------------------------------------

def test_tensors_of_different_dtypes_raise_type_error_and_leave_no_ops(graph):
    a, b = tf.constant(1.0), tf.constant(1)
    with pytest.raises(TypeError) as info:
        tf.convert_to_tensor([a, b])
    assert str(info.value) == ("Cannot convert a list containing a tensor of dtype <dtype: 'int32'> to "
                               "<dtype: 'float32'> (Tensor is: <tf.Tensor 'Const_1:0' shape=() dtype=int32>)")
    assert [op.name for op in graph.get_operations()] == ["Const", "Const_1"]
    assert tf.convert_to_tensor([a, 2.0]).name == "packed:0"  # the failed attempt took no names


def test_dtype_mismatch_in_an_inner_list_raises(graph):
    with pytest.raises(TypeError, match="Cannot convert a list containing a tensor of dtype"):
        tf.convert_to_tensor([[tf.constant(1.0)], [tf.constant(1, tf.int64)]])


def test_python_value_that_does_not_fit_the_dtype_raises(graph):
    with pytest.raises(TypeError, match="Expected int32, got 2.5 of type 'float'"):
        tf.convert_to_tensor([tf.constant(1), 2.5])
    assert [op.name for op in graph.get_operations()] == ["Const"]


def test_requested_dtype_casts_the_tensors_before_packing(graph):
    packed = tf.convert_to_tensor([tf.constant(1), 2], dtype=tf.float32)
    assert ops(graph) == [("Const", "Const", []),
                          ("Cast", "Cast", ["Const:0"]),
                          ("packed/1", "Const", []),
                          ("packed", "Pack", ["Cast:0", "packed/1:0"])]
    assert packed.dtype == tf.float32
    assert run(packed).tolist() == [1.0, 2.0]


def test_requested_dtype_casts_nested_tensors_in_order(graph):
    packed = tf.convert_to_tensor([[tf.constant(1)], [tf.constant(2, tf.int64)]], dtype=tf.float32, name="n")
    assert ops(graph)[2:] == [("Cast", "Cast", ["Const:0"]),
                              ("Cast_1", "Cast", ["Const_1:0"]),
                              ("n/0", "Pack", ["Cast:0"]),
                              ("n/1", "Pack", ["Cast_1:0"]),
                              ("n", "Pack", ["n/0:0", "n/1:0"])]
    assert run(packed).tolist() == [[1.0], [2.0]]


def test_requested_dtype_equal_to_the_tensors_adds_no_cast(graph):
    packed = tf.convert_to_tensor([tf.constant(1), 2], dtype=tf.int32)
    assert [op.type for op in graph.get_operations()] == ["Const", "Const", "Pack"]
    assert packed.dtype == tf.int32


def test_variable_cast_to_the_requested_dtype(graph):
    v = tf.Variable(1, name="v")
    packed = tf.convert_to_tensor([v, 2.0], dtype=tf.float32)
    assert ops(graph)[-3:] == [("Cast", "Cast", ["v/read:0"]),
                               ("packed/1", "Const", []),
                               ("packed", "Pack", ["Cast:0", "packed/1:0"])]
    with tf.Session() as session:
        session.run(v.initializer)
        assert session.run(packed).tolist() == [1.0, 2.0]


def test_preferred_dtype_is_tried_first(graph):
    packed = tf.convert_to_tensor([tf.constant(1, tf.int64), 2], preferred_dtype=tf.int32)
    assert [op.type for op in graph.get_operations()] == ["Const", "Cast", "Const", "Pack"]
    assert packed.dtype == tf.int32


def test_preferred_dtype_that_does_not_fit_is_dropped_without_trace(graph):
    packed = tf.convert_to_tensor([tf.constant(1.0), 2.5], dtype_hint=tf.int32)
    assert ops(graph) == [("Const", "Const", []),
                          ("packed/1", "Const", []),
                          ("packed", "Pack", ["Const:0", "packed/1:0"])]
    assert packed.dtype == tf.float32


# -- what is not packed --------------------------------------------------------------------------------

@pytest.mark.parametrize("value", [[1.0, 2.0], [[1, 2], [3, 4]], ((1.5,), (2.5,)), [np.float32(1.0)],
                                   [np.ones(2), np.zeros(2)], []])
def test_lists_without_tensors_stay_one_const(graph, value):
    t = tf.convert_to_tensor(value)
    assert [(op.name, op.type) for op in graph.get_operations()] == [("Const", "Const")]
    assert np.array_equal(run(t), np.array(value))


def test_lists_without_tensors_keep_their_dtype_rules(graph):
    assert tf.convert_to_tensor([[1, 2]], dtype=tf.float64).dtype == tf.float64
    assert tf.convert_to_tensor([1.0, 2.0], name="c").name == "c:0"
    with pytest.raises(TypeError, match="Expected int32"):
        tf.convert_to_tensor([[1.5]], dtype=tf.int32)


def test_shape_mismatch_raises_value_error_and_leaves_no_trace(graph):
    t = tf.constant([1.0, 2.0])
    with pytest.raises(ValueError, match="Shapes must be equal rank"):
        tf.convert_to_tensor([t, 3.0])
    assert [op.name for op in graph.get_operations()] == ["Const"]


def test_as_ref_does_not_pack(graph):
    with pytest.raises((TypeError, NotImplementedError)):
        tf.convert_to_tensor([tf.constant(1.0), 2.0], as_ref=True)
    assert [op.type for op in graph.get_operations()] == ["Const"]

