"""tf.linspace / tf.lin_space: the graph TensorFlow 2.21's tf.compat.v1 builds (math_ops.linspace_nd), op for op,
its values, dtypes, static shapes and errors; the BroadcastArgs/BroadcastTo ops it needs; the LinSpace op."""
import numpy as np
import pytest

import graphscope as tf
from graphscope.errors import InvalidArgumentError
from graphscope.ops.linspace_ops import broadcast_dynamic_shape, broadcast_to, lin_space, lin_space_op, linspace

# Recorded from TensorFlow 2.21 (tf.compat.v1, graph mode): tf.linspace(10.0, 12.0, 3), names and inputs
# without the "linspace/" scope; (type, name, inputs, static shape of output 0).
TF_SCALAR_OPS = [
    ('Const', 'start', [], []),
    ('Const', 'stop', [], []),
    ('Const', 'num', [], []),
    ('Cast', 'Cast', ['num:0'], []),
    ('Cast', 'Cast_1', ['Cast:0'], []),
    ('Const', 'Shape', [], [0]),
    ('Const', 'Shape_1', [], [0]),
    ('BroadcastArgs', 'BroadcastArgs', ['Shape:0', 'Shape_1:0'], [0]),
    ('BroadcastTo', 'BroadcastTo', ['start:0', 'BroadcastArgs:0'], []),
    ('BroadcastTo', 'BroadcastTo_1', ['stop:0', 'BroadcastArgs:0'], []),
    ('Const', 'ExpandDims/dim', [], []),
    ('ExpandDims', 'ExpandDims', ['BroadcastTo:0', 'ExpandDims/dim:0'], [1]),
    ('Const', 'ExpandDims_1/dim', [], []),
    ('ExpandDims', 'ExpandDims_1', ['BroadcastTo_1:0', 'ExpandDims_1/dim:0'], [1]),
    ('Const', 'Shape_2', [], [1]),
    ('Const', 'Shape_3', [], [1]),
    ('Const', 'strided_slice/stack', [], [1]),
    ('Const', 'strided_slice/stack_1', [], [1]),
    ('Const', 'strided_slice/stack_2', [], [1]),
    ('StridedSlice', 'strided_slice', ['Shape_3:0', 'strided_slice/stack:0', 'strided_slice/stack_1:0', 'strided_slice/stack_2:0'], []),
    ('Const', 'add/y', [], []),
    ('AddV2', 'add', ['strided_slice:0', 'add/y:0'], []),
    ('Const', 'SelectV2/condition', [], []),
    ('Const', 'SelectV2/t', [], []),
    ('SelectV2', 'SelectV2', ['SelectV2/condition:0', 'SelectV2/t:0', 'add:0'], []),
    ('Const', 'sub/y', [], []),
    ('Sub', 'sub', ['Cast:0', 'sub/y:0'], []),
    ('Const', 'Maximum/y', [], []),
    ('Maximum', 'Maximum', ['sub:0', 'Maximum/y:0'], []),
    ('Const', 'sub_1/y', [], []),
    ('Sub', 'sub_1', ['Cast:0', 'sub_1/y:0'], []),
    ('Const', 'Maximum_1/y', [], []),
    ('Maximum', 'Maximum_1', ['sub_1:0', 'Maximum_1/y:0'], []),
    ('Sub', 'sub_2', ['ExpandDims_1:0', 'ExpandDims:0'], [1]),
    ('Cast', 'Cast_2', ['Maximum_1:0'], []),
    ('RealDiv', 'truediv', ['sub_2:0', 'Cast_2:0'], [1]),
    ('Const', 'GreaterEqual/y', [], []),
    ('GreaterEqual', 'GreaterEqual', ['Cast:0', 'GreaterEqual/y:0'], []),
    ('Const', 'SelectV2_1/e', [], []),
    ('SelectV2', 'SelectV2_1', ['GreaterEqual:0', 'Maximum_1:0', 'SelectV2_1/e:0'], []),
    ('Const', 'range/start', [], []),
    ('Const', 'range/delta', [], []),
    ('Cast', 'range/Cast', ['SelectV2_1:0'], []),
    ('Range', 'range', ['range/start:0', 'range/Cast:0', 'range/delta:0'], [1]),
    ('Cast', 'Cast_3', ['range:0'], [1]),
    ('Const', 'range_1/start', [], []),
    ('Const', 'range_1/delta', [], []),
    ('Range', 'range_1', ['range_1/start:0', 'strided_slice:0', 'range_1/delta:0'], [1]),
    ('Equal', 'Equal', ['SelectV2:0', 'range_1:0'], [1]),
    ('Const', 'SelectV2_2/e', [], []),
    ('SelectV2', 'SelectV2_2', ['Equal:0', 'Maximum:0', 'SelectV2_2/e:0'], [1]),
    ('Reshape', 'Reshape', ['Cast_3:0', 'SelectV2_2:0'], [1]),
    ('Mul', 'mul', ['truediv:0', 'Reshape:0'], [1]),
    ('AddV2', 'add_1', ['ExpandDims:0', 'mul:0'], [1]),
    ('ConcatV2', 'concat', ['ExpandDims:0', 'add_1:0', 'ExpandDims_1:0', 'SelectV2:0'], [3]),
    ('Const', 'zeros_like', [], [1]),
    ('Const', 'Const', [], []),
    ('Const', 'strided_slice_1/stack', [], [1]),
    ('Pack', 'strided_slice_1/stack_1', ['SelectV2:0'], [1]),
    ('Pack', 'strided_slice_1/stack_2', ['Const:0'], [1]),
    ('StridedSlice', 'strided_slice_1', ['Shape_2:0', 'strided_slice_1/stack:0', 'strided_slice_1/stack_1:0', 'strided_slice_1/stack_2:0'], [0]),
    ('Const', 'Reshape_1/shape', [], [1]),
    ('Reshape', 'Reshape_1', ['Cast:0', 'Reshape_1/shape:0'], [1]),
    ('Const', 'add_2/y', [], []),
    ('AddV2', 'add_2', ['SelectV2:0', 'add_2/y:0'], []),
    ('Const', 'Const_1', [], []),
    ('Const', 'Const_2', [], []),
    ('Pack', 'strided_slice_2/stack', ['add_2:0'], [1]),
    ('Pack', 'strided_slice_2/stack_1', ['Const_1:0'], [1]),
    ('Pack', 'strided_slice_2/stack_2', ['Const_2:0'], [1]),
    ('StridedSlice', 'strided_slice_2', ['Shape_2:0', 'strided_slice_2/stack:0', 'strided_slice_2/stack_1:0', 'strided_slice_2/stack_2:0'], [0]),
    ('Const', 'concat_1/axis', [], []),
    ('ConcatV2', 'concat_1', ['strided_slice_1:0', 'Reshape_1:0', 'strided_slice_2:0', 'concat_1/axis:0'], [1]),
    ('Slice', 'Slice', ['concat:0', 'zeros_like:0', 'concat_1:0'], [3]),
]


def _ops(graph, prefix):
    strip = lambda s: s[len(prefix):] if s.startswith(prefix) else s  # noqa: E731
    return [(op.type, strip(op.name), [strip(t.name) for t in op.inputs], op.outputs[0].shape.as_list())
            for op in graph.get_operations()]


def _run(t, feed=None):
    with tf.Session(graph=t.graph) as sess:
        return sess.run(t, feed)


@pytest.mark.parametrize("kwargs, prefix", [({}, "linspace/"), ({"name": "ls"}, "ls/")])
def test_scalar_graph_is_tensorflows(kwargs, prefix):
    with tf.Graph().as_default() as g:
        x = linspace(10.0, 12.0, 3, **kwargs)
    assert _ops(g, prefix) == TF_SCALAR_OPS
    assert (x.name, x.dtype, x.shape.as_list()) == (prefix + "Slice:0", tf.float32, [3])
    assert _run(x).tolist() == [10.0, 11.0, 12.0]


def test_attrs_match_tensorflow():
    with tf.Graph().as_default() as g:
        linspace(10.0, 12.0, 3)
    attrs = {op.name: op._attrs for op in g.get_operations()}
    assert attrs["linspace/Cast"]["SrcT"] == tf.int32 and attrs["linspace/Cast"]["DstT"] == tf.int32
    assert attrs["linspace/Cast_1"]["DstT"] == tf.float32
    assert attrs["linspace/BroadcastArgs"]["T"] == tf.int32
    assert (attrs["linspace/BroadcastTo"]["T"], attrs["linspace/BroadcastTo"]["Tidx"]) == (tf.float32, tf.int32)
    assert attrs["linspace/range"]["Tidx"] == tf.int64
    assert attrs["linspace/strided_slice"]["shrink_axis_mask"] == 1
    assert attrs["linspace/strided_slice_2"]["end_mask"] == 1
    nodes = {n.name: n for n in g.as_graph_def().node}
    assert nodes["linspace/BroadcastArgs"].attr["T"].type == tf.int32.as_datatype_enum
    assert nodes["linspace/Slice"].op == "Slice"


def test_lin_space_is_linspace():
    assert lin_space is linspace


@pytest.mark.parametrize("start, stop, num, dtype, expected", [
    (10.0, 12.0, 3, tf.float32, [10.0, 11.0, 12.0]),
    (3.0, 7.0, 1, tf.float32, [3.0]),
    (3.0, 7.0, 0, tf.float32, []),
    (0, 10, 5, tf.float64, [0.0, 2.5, 5.0, 7.5, 10.0]),  # ints: true division gives float64
])
def test_values_and_dtypes(start, stop, num, dtype, expected):
    with tf.Graph().as_default():
        x = linspace(start, stop, num)
    assert x.dtype == dtype and x.shape.as_list() == [len(expected)]
    value = _run(x)
    assert value.dtype == dtype.as_numpy_dtype and value.tolist() == expected


@pytest.mark.parametrize("dtype, expected", [
    (tf.float64, [1.0, 1.3333333333333333, 1.6666666666666665, 2.0]),  # TF's values, bit for bit
    (tf.float16, [1.0, 1.3330078125, 1.666015625, 2.0]),  # TF 2.21 float16 arithmetic
])
def test_float_dtypes(dtype, expected):
    with tf.Graph().as_default():
        x = linspace(tf.constant(1.0, dtype), 2.0, 4)
    assert x.dtype == dtype
    assert _run(x).tolist() == expected


def test_num_int64_and_unknown_num():
    with tf.Graph().as_default():
        x = linspace(0.0, 1.0, tf.constant(3, tf.int64))
        n = tf.placeholder(tf.int32, [], name="n")
        y = linspace(0.0, 1.0, n)
        m = tf.placeholder(tf.int64, [], name="m")
        z = linspace(0.0, 1.0, m)
    assert x.shape.as_list() == [3] and x.op.inputs[0].op.type == "ConcatV2"
    assert x.graph.get_operation_by_name("linspace/Cast").inputs[0].dtype == tf.int64
    assert y.shape.as_list() == [None] and z.shape.as_list() == [None]
    assert _run(y, {n: 4}).tolist() == pytest.approx([0.0, 1 / 3, 2 / 3, 1.0])
    assert _run(z, {m: 2}).tolist() == [0.0, 1.0]


def test_unknown_start_shape():
    with tf.Graph().as_default():
        s = tf.placeholder(tf.float32, None, name="s")
        x = linspace(s, 1.0, 4)
    assert x.shape.dims is None
    assert _run(x, {s: 2.0}) == pytest.approx([2.0, 5 / 3, 4 / 3, 1.0])


@pytest.mark.parametrize("start, stop, axis, shape, expected", [
    ([0., 5.], [10., 40.], 0, [5, 2], [[0, 5], [2.5, 13.75], [5, 22.5], [7.5, 31.25], [10, 40]]),
    ([0., 5.], [10., 40.], -1, [2, 5], [[0, 2.5, 5, 7.5, 10], [5, 13.75, 22.5, 31.25, 40]]),
    ([[0., 5.]], [[10.], [40.]], 1, [2, 5, 2], None),
])
def test_n_dimensional(start, stop, axis, shape, expected):
    with tf.Graph().as_default() as g:
        x = linspace(start, stop, 5, axis=axis)
    assert len(g.get_operations()) == 74 and x.shape.as_list() == shape
    value = _run(x)
    if expected is None:
        expected = np.linspace(np.broadcast_to(start, (2, 2)), np.broadcast_to(stop, (2, 2)), 5, axis=axis)
    np.testing.assert_allclose(value, expected, rtol=1e-6)


def test_gradient_flows_to_start_and_stop():
    with tf.Graph().as_default():
        a = tf.constant([1.0, 2.0])
        b = tf.constant(3.0)
        y = tf.reduce_sum(linspace(a, b, 4) ** 2)
        ga, gb = tf.gradients(y, [a, b])
    assert ga.name == "gradients/linspace/BroadcastTo_grad/Reshape:0"
    va, vb = tf.Session(graph=a.graph).run([ga, gb])
    np.testing.assert_allclose(va, [5.777777, 8.888889], rtol=1e-5)  # TF 2.21's values
    starts, stops = np.array([1.0, 2.0]), 3.0
    w = np.linspace(0, 1, 4)[:, None]
    np.testing.assert_allclose(vb, np.sum(2 * ((1 - w) * starts + w * stops) * w), rtol=1e-5)


def test_errors():
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="must be of type integer"):
            linspace(0.0, 1.0, 2.5)
        with pytest.raises(ValueError, match="stop: Tensor conversion requested dtype float32 for Tensor with "
                                             "dtype float64"):
            linspace(tf.constant(0.0), tf.constant(1.0, tf.float64), 3)
        with pytest.raises(TypeError, match="Expected int32"):
            linspace(0, 1.5, 3)
        with pytest.raises(ValueError, match="Requires start <= limit when delta > 0: 1/-1"):
            linspace(3.0, 7.0, -2)  # TF: the Range op's shape function
        with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
            linspace(0.0, 1.0, [3])  # num must be a scalar (TF: Range's limit)
        with pytest.raises(ValueError, match="expand dim index 1"):
            linspace(0.0, 1.0, 3, axis=1)  # axis must be 0 or -1 for scalars
        n = tf.placeholder(tf.int32, [])
        x = linspace(0.0, 1.0, n)
        with pytest.raises(InvalidArgumentError):
            tf.Session().run(x, {n: -1})


def test_broadcast_ops():
    with tf.Graph().as_default():
        s = broadcast_dynamic_shape([2, 1], [3])
        b = broadcast_to(tf.constant([[1], [2]]), s)
        p = tf.placeholder(tf.int32, [None])
        bad = broadcast_dynamic_shape([2], p)
        sess = tf.Session()
        assert (s.op.type, s.shape.as_list(), b.op.type, b.shape.as_list()) == ("BroadcastArgs", [2], "BroadcastTo",
                                                                              [2, 3])
        assert sess.run(b).tolist() == [[1, 1, 1], [2, 2, 2]]
        with pytest.raises(InvalidArgumentError, match="Incompatible shapes"):
            sess.run(bad, {p: [3]})
        with pytest.raises(ValueError, match="Incompatible shapes"):
            broadcast_to(tf.constant([1, 2]), [3])


def test_lin_space_op():
    with tf.Graph().as_default():
        x = lin_space_op(0.0, 1.0, 3)
        y = lin_space_op(tf.constant(0.1, tf.float64), 0.7, 7)
        n = tf.placeholder(tf.int64, [])
        z = lin_space_op(2.0, 5.0, n)
        assert (x.name, x.op.type, x.shape.as_list(), z.shape.as_list()) == ("LinSpace:0", "LinSpace", [3], [None])
        assert (x.op._attrs["T"], x.op._attrs["Tidx"], z.op._attrs["Tidx"]) == (tf.float32, tf.int32, tf.int64)
        sess = tf.Session()
        assert sess.run(x).tolist() == [0.0, 0.5, 1.0]
        assert sess.run(y).tolist() == [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]  # TF's values
        assert sess.run(z, {n: 1}).tolist() == [2.0]
        with pytest.raises(InvalidArgumentError, match="Requires num > 0: 0"):
            sess.run(z, {n: 0})
        with pytest.raises(ValueError, match="Requires num > 0: 0"):
            lin_space_op(0.0, 1.0, 0)
        with pytest.raises(ValueError, match="Shape must be rank 0 but is rank 1"):
            lin_space_op([0.0], 1.0, 3)
        with pytest.raises(TypeError):
            lin_space_op(0.0, 1.0, 2.0)
        start = tf.constant(1.0)
        w = lin_space_op(start, 2.0, 3)
        assert tf.gradients(w, start) == [None]  # NotDifferentiable("LinSpace")
