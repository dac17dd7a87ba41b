"""Tests for the TF1 initializers beyond the basic ones: he/lecun normal and uniform, uniform unit
scaling, orthogonal and identity, and the linalg ops they build (Qr, DiagPart, MatrixDiagV3,
MatrixSetDiagV3).

Expected op names and types were recorded from TensorFlow (tf.compat.v1, graph mode, get_variable);
random values cannot match TensorFlow's, so the values are checked by their statistics and properties.
"""
import math

import numpy as np
import pytest

import graphscope as tf
from graphscope import initializers
from graphscope.ops import linalg_ops
from graphscope.variable_store import PartitionInfo


def run(tensor):
    return tf.Session().run(tensor)


def initializer_ops(graph, prefix="v/Initializer/"):
    return [(op.name[len(prefix):], op.type) for op in graph.get_operations() if op.name.startswith(prefix)]


RANDOM_UNIFORM_OPS = [("random_uniform/shape", "Const"), ("random_uniform/min", "Const"),
                      ("random_uniform/max", "Const"), ("random_uniform/RandomUniform", "RandomUniform"),
                      ("random_uniform/sub", "Sub"), ("random_uniform/mul", "Mul"), ("random_uniform", "AddV2")]
TRUNCATED_NORMAL_OPS = [("truncated_normal/shape", "Const"), ("truncated_normal/mean", "Const"),
                        ("truncated_normal/stddev", "Const"),
                        ("truncated_normal/TruncatedNormal", "TruncatedNormal"),
                        ("truncated_normal/mul", "Mul"), ("truncated_normal", "AddV2")]
RANDOM_NORMAL_OPS = [("random_normal/shape", "Const"), ("random_normal/mean", "Const"),
                     ("random_normal/stddev", "Const"), ("random_normal/RandomStandardNormal", "RandomStandardNormal"),
                     ("random_normal/mul", "Mul"), ("random_normal", "AddV2")]


# -- he / lecun ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, scale, distribution", [
    ("he_normal", 2.0, "truncated_normal"), ("he_uniform", 2.0, "uniform"),
    ("lecun_normal", 1.0, "truncated_normal"), ("lecun_uniform", 1.0, "uniform")])
def test_he_and_lecun_are_fan_in_variance_scaling(name, scale, distribution):
    init = getattr(initializers, name)(seed=7)
    assert type(init) is initializers.VarianceScaling
    assert init.get_config() == {"scale": scale, "mode": "fan_in", "distribution": distribution, "seed": 7,
                                 "dtype": "float32"}
    assert getattr(initializers, name)().get_config()["seed"] is None
    assert getattr(tf.initializers, name) is getattr(initializers, name)


@pytest.mark.parametrize("name, expected", [
    ("he_normal", TRUNCATED_NORMAL_OPS), ("lecun_normal", TRUNCATED_NORMAL_OPS),
    ("he_uniform", RANDOM_UNIFORM_OPS), ("lecun_uniform", RANDOM_UNIFORM_OPS)])
def test_he_and_lecun_build_tensorflows_ops(g, name, expected):
    v = tf.get_variable("v", [3, 4], initializer=getattr(tf.initializers, name)())
    assert initializer_ops(g) == expected
    assert v.initial_value.name == "v/Initializer/%s:0" % expected[-1][0]
    assert v.initial_value.dtype == tf.float32 and v.initial_value.shape.as_list() == [3, 4]


def test_he_and_lecun_constants(g):
    fan_in = 3 * 5 * 6  # a [3, 5, 6, 8] conv kernel
    he = initializers.he_normal()([3, 5, 6, 8])
    assert float(he.op.inputs[0].op.inputs[1].op.get_attr("value")) == pytest.approx(
        math.sqrt(2.0 / fan_in) / 0.87962566103423978)
    lecun = initializers.lecun_uniform()([3, 5, 6, 8])
    assert float(lecun.op.inputs[1].op.get_attr("value")) == pytest.approx(-math.sqrt(3.0 / fan_in))
    he_u = initializers.he_uniform()([10, 2])
    assert float(he_u.op.inputs[1].op.get_attr("value")) == pytest.approx(-math.sqrt(6.0 / 10))


@pytest.mark.parametrize("name, scale", [("he_normal", 2.0), ("lecun_normal", 1.0)])
def test_he_and_lecun_normal_statistics(g, name, scale):
    fan_in = 400
    x = run(getattr(initializers, name)(seed=1)([fan_in, 300]))
    target = math.sqrt(scale / fan_in)
    assert abs(x.mean()) < 0.02 * target * 10
    assert x.std() == pytest.approx(target, rel=0.03)  # the truncation is compensated
    assert np.abs(x).max() <= 2 * target / 0.87962566103423978 * (1 + 1e-6)


@pytest.mark.parametrize("name, scale", [("he_uniform", 2.0), ("lecun_uniform", 1.0)])
def test_he_and_lecun_uniform_statistics(g, name, scale):
    fan_in = 250
    x = run(getattr(initializers, name)(seed=2)([fan_in, 400]))
    limit = math.sqrt(3.0 * scale / fan_in)
    assert x.min() >= -limit and x.max() < limit
    assert x.min() < -0.99 * limit and x.max() > 0.99 * limit
    assert x.std() == pytest.approx(limit / math.sqrt(3.0), rel=0.03)


# -- uniform_unit_scaling ------------------------------------------------------------------------------------


def test_uniform_unit_scaling_graph_and_range(g):
    v = tf.get_variable("v", [3, 4], initializer=initializers.uniform_unit_scaling_initializer(factor=1.5))
    assert initializer_ops(g) == RANDOM_UNIFORM_OPS
    assert v.initial_value.name == "v/Initializer/random_uniform:0"
    max_val = math.sqrt(3 / 3.0) * 1.5
    assert float(g.get_operation_by_name("v/Initializer/random_uniform/min").get_attr("value")) == pytest.approx(
        -max_val)
    assert float(g.get_operation_by_name("v/Initializer/random_uniform/max").get_attr("value")) == pytest.approx(
        max_val)


def test_uniform_unit_scaling_input_size_is_all_but_the_last_dimension(g):
    x = run(initializers.uniform_unit_scaling_initializer(seed=3)([4, 5, 6, 100]))
    limit = math.sqrt(3 / (4 * 5 * 6))
    assert x.min() >= -limit and x.max() < limit and x.max() > 0.98 * limit
    assert x.std() == pytest.approx(limit / math.sqrt(3), rel=0.03)
    scalar = initializers.uniform_unit_scaling_initializer()([])  # input size at least 1
    assert float(scalar.op.inputs[1].op.get_attr("value")) == pytest.approx(-math.sqrt(3))


def test_uniform_unit_scaling_uses_the_full_shape_of_a_partition(g):
    init = initializers.uniform_unit_scaling_initializer()
    t = init([2, 3], partition_info=PartitionInfo([12, 3], [4, 0]))
    assert t.shape.as_list() == [2, 3]
    assert float(t.op.inputs[1].op.get_attr("value")) == pytest.approx(-math.sqrt(3 / 12))


def test_uniform_unit_scaling_config_and_dtypes(g):
    init = initializers.uniform_unit_scaling_initializer(factor=1.43, seed=5, dtype=tf.float64)
    assert init.get_config() == {"factor": 1.43, "seed": 5, "dtype": "float64"}
    assert initializers.UniformUnitScaling.from_config(init.get_config()).factor == 1.43
    assert init([2, 2]).dtype == tf.float64
    assert init([2, 2], dtype=tf.float16).dtype == tf.float16
    assert tf.initializers.uniform_unit_scaling is initializers.UniformUnitScaling
    with pytest.raises(ValueError, match="Expected floating point type"):
        initializers.uniform_unit_scaling_initializer(dtype=tf.int32)


# -- orthogonal ----------------------------------------------------------------------------------------------

ORTHOGONAL_HEAD = RANDOM_NORMAL_OPS + [("Qr", "Qr"), ("DiagPart", "DiagPart"), ("Sign", "Sign"), ("mul", "Mul")]
ORTHOGONAL_TAIL = [("Reshape/shape", "Const"), ("Reshape", "Reshape"), ("mul_1/x", "Const"), ("mul_1", "Mul")]


def test_orthogonal_graph_of_a_tall_matrix(g):
    v = tf.get_variable("v", [5, 2], initializer=tf.initializers.orthogonal())
    assert initializer_ops(g) == ORTHOGONAL_HEAD + ORTHOGONAL_TAIL
    qr = g.get_operation_by_name("v/Initializer/Qr")
    assert qr.get_attr("full_matrices") is False and qr.get_attr("T") == tf.float32
    assert [t.shape.as_list() for t in qr.outputs] == [[5, 2], [2, 2]]
    assert [t.name for t in qr.inputs] == ["v/Initializer/random_normal:0"]
    assert [t.name for t in g.get_operation_by_name("v/Initializer/DiagPart").inputs] == ["v/Initializer/Qr:1"]
    assert [t.name for t in g.get_operation_by_name("v/Initializer/mul").inputs] == [
        "v/Initializer/Qr:0", "v/Initializer/Sign:0"]
    assert v.initial_value.name == "v/Initializer/mul_1:0"
    assert [t.name for t in v.initial_value.op.inputs] == ["v/Initializer/mul_1/x:0", "v/Initializer/Reshape:0"]


def test_orthogonal_graph_of_a_wide_matrix_transposes(g):
    tf.get_variable("v", [3, 4], initializer=tf.initializers.orthogonal())
    assert initializer_ops(g) == ORTHOGONAL_HEAD + [
        ("matrix_transpose/transpose/perm", "Const"), ("matrix_transpose/transpose", "Transpose")
    ] + ORTHOGONAL_TAIL
    assert g.get_operation_by_name("v/Initializer/random_normal/RandomStandardNormal").outputs[0].shape.as_list() == [
        4, 3]
    perm = g.get_operation_by_name("v/Initializer/matrix_transpose/transpose/perm").get_attr("value")
    assert perm.tolist() == [1, 0] and perm.dtype == np.int32


def test_orthogonal_of_more_dimensions_flattens_all_but_the_last(g):
    v = tf.get_variable("v", [2, 3, 4], initializer=tf.initializers.orthogonal())
    assert initializer_ops(g) == ORTHOGONAL_HEAD + ORTHOGONAL_TAIL
    assert g.get_operation_by_name("v/Initializer/random_normal").outputs[0].shape.as_list() == [6, 4]
    assert v.initial_value.shape.as_list() == [2, 3, 4]
    x = run(v.initial_value).reshape(6, 4)
    np.testing.assert_allclose(x.T @ x, np.eye(4), atol=1e-5)


@pytest.mark.parametrize("shape", [[6, 3], [3, 6], [5, 5], [40, 30]])
def test_orthogonal_values_are_orthonormal(g, shape):
    x = run(initializers.orthogonal_initializer(seed=4)(shape))
    assert x.shape == tuple(shape) and x.dtype == np.float32
    small = min(shape)
    gram = x.T @ x if shape[0] >= shape[1] else x @ x.T  # orthonormal columns, or rows when wide
    np.testing.assert_allclose(gram, np.eye(small), atol=1e-5)


def test_orthogonal_gain_float64_and_seed(g):
    init = initializers.orthogonal_initializer(gain=3.0, seed=11, dtype=tf.float64)
    t = init([4, 4])
    assert t.dtype == tf.float64
    x = run(t)
    np.testing.assert_allclose(x.T @ x, 9.0 * np.eye(4), atol=1e-10)
    np.testing.assert_array_equal(x, run(t))  # an op seed: the same values in every session
    assert init([2, 3], dtype=tf.float16).dtype == tf.float16
    assert run(init([2, 3], dtype=tf.float16)).dtype == np.float16


def test_orthogonal_q_uses_the_signs_of_r(g):
    # q * sign(diag(r)): the result is the Q of the QR whose R has a positive diagonal
    init = initializers.orthogonal_initializer(seed=9)
    t = init([6, 4])
    a, x = run([g.get_operation_by_name("random_normal").outputs[0], t])
    q, r = np.linalg.qr(a)
    np.testing.assert_allclose(x, q * np.sign(np.diag(r)), atol=1e-5)


def test_orthogonal_config_and_errors(g):
    init = initializers.orthogonal_initializer(gain=0.5, seed=2)
    assert init.get_config() == {"gain": 0.5, "seed": 2, "dtype": "float32"}
    assert tf.initializers.orthogonal is initializers.Orthogonal
    with pytest.raises(ValueError, match="The tensor to initialize must be at least two-dimensional"):
        init([3])
    with pytest.raises(ValueError, match="at least two-dimensional"):
        init([])
    with pytest.raises(ValueError, match="Expected floating point type"):
        initializers.orthogonal_initializer(dtype=tf.int32)
    with pytest.raises(TypeError):  # as TensorFlow: random_normal's float mean cannot be an int32
        init([3, 4], dtype=tf.int32)
    assert run(init([3, 0])).shape == (3, 0)  # empty shapes work


# -- identity ------------------------------------------------------------------------------------------------


def test_identity_of_a_rectangle_sets_a_diagonal_of_ones_on_zeros(g):
    v = tf.get_variable("v", [3, 4], initializer=tf.initializers.identity())
    assert initializer_ops(g) == [("eye/ones", "Const"), ("eye/zeros", "Const"), ("eye/set_diag/k", "Const"),
                                  ("eye/set_diag", "MatrixSetDiagV3"), ("mul/x", "Const"), ("mul", "Mul")]
    set_diag = g.get_operation_by_name("v/Initializer/eye/set_diag")
    assert set_diag.get_attr("align") == "RIGHT_LEFT" and set_diag.get_attr("T") == tf.float32
    assert [t.name for t in set_diag.inputs] == ["v/Initializer/eye/zeros:0", "v/Initializer/eye/ones:0",
                                                 "v/Initializer/eye/set_diag/k:0"]
    assert v.initial_value.name == "v/Initializer/mul:0"
    np.testing.assert_array_equal(run(v.initial_value), np.eye(3, 4, dtype=np.float32))


def test_identity_of_a_square_is_a_matrix_diag(g):
    v = tf.get_variable("v", [3, 3], initializer=tf.initializers.identity(gain=2.0), dtype=tf.float64)
    assert initializer_ops(g) == [("eye/ones", "Const"), ("eye/diag/k", "Const"), ("eye/diag/num_rows", "Const"),
                                  ("eye/diag/num_cols", "Const"), ("eye/diag/padding_value", "Const"),
                                  ("eye/diag", "MatrixDiagV3"), ("mul/x", "Const"), ("mul", "Mul")]
    assert g.get_operation_by_name("v/Initializer/eye/diag/num_rows").get_attr("value").tolist() == -1
    assert g.get_operation_by_name("v/Initializer/eye/diag/padding_value").get_attr("value").dtype == np.float64
    x = run(v.initial_value)
    assert x.dtype == np.float64
    np.testing.assert_array_equal(x, 2.0 * np.eye(3))


def test_identity_of_a_partitioned_variable_slices_the_whole(g):
    w = tf.get_variable("w", [4, 2], initializer=tf.initializers.identity(gain=3.0),
                        partitioner=lambda shape, dtype: [2, 1])
    names = initializer_ops(g, "w/part_1/Initializer/")
    assert names == [("eye/ones", "Const"), ("eye/zeros", "Const"), ("eye/set_diag/k", "Const"),
                     ("eye/set_diag", "MatrixSetDiagV3"), ("Slice/begin", "Const"), ("Slice/size", "Const"),
                     ("Slice", "Slice"), ("mul/x", "Const"), ("mul", "Mul")]
    assert g.get_operation_by_name("w/part_1/Initializer/Slice/begin").get_attr("value").tolist() == [2, 0]
    session = tf.Session()
    session.run(tf.global_variables_initializer())
    parts = session.run([v for v in w])
    np.testing.assert_array_equal(np.concatenate(parts), 3.0 * np.eye(4, 2))


def test_identity_config_and_errors(g):
    init = initializers.identity_initializer(gain=0.5, dtype=tf.float64)
    assert init.get_config() == {"gain": 0.5, "dtype": "float64"}
    assert tf.initializers.identity is initializers.Identity
    with pytest.raises(ValueError, match="Identity matrix initializer can only be used for 2D matrices"):
        init([2, 2, 2])
    with pytest.raises(ValueError, match="only be used for 2D"):
        init([4])
    with pytest.raises(ValueError, match="Expected floating point type"):
        initializers.identity_initializer(dtype=tf.int64)
    with pytest.raises(TypeError):  # as TensorFlow: the float gain times an int32 eye
        init([2, 2], dtype=tf.int32)


# -- the linalg ops ------------------------------------------------------------------------------------------


def test_qr_shapes_and_values(g):
    a = np.random.RandomState(0).randn(2, 5, 3).astype(np.float32)
    q, r = linalg_ops.qr(a)
    assert q.op.type == "Qr" and q.op.name == "Qr" and q.name == "Qr:0" and r.name == "Qr:1"
    assert q.shape.as_list() == [2, 5, 3] and r.shape.as_list() == [2, 3, 3]
    qf, rf = linalg_ops.qr(a, full_matrices=True)
    assert qf.shape.as_list() == [2, 5, 5] and rf.shape.as_list() == [2, 5, 3]
    qv, rv, qfv, rfv = run([q, r, qf, rf])
    np.testing.assert_allclose(qv @ rv, a, atol=1e-5)
    np.testing.assert_allclose(qfv @ rfv, a, atol=1e-5)
    np.testing.assert_allclose(np.swapaxes(qfv, 1, 2) @ qfv, np.broadcast_to(np.eye(5), (2, 5, 5)), atol=1e-5)
    p = linalg_ops.qr(tf.placeholder(tf.float32, [None, 2, 3]))
    assert p.q.shape.as_list() == [None, 2, 2] and p.r.shape.as_list() == [None, 2, 3]


def test_qr_errors(g):
    with pytest.raises(TypeError, match="DataType int32 not in list of allowed values: float64, float32, float16"):
        linalg_ops.qr(tf.zeros([3, 3], tf.int32))
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        linalg_ops.qr(tf.zeros([3]))


def test_diag_part(g):
    x = np.arange(36, dtype=np.float32).reshape(2, 3, 2, 3)
    d = linalg_ops.diag_part(tf.constant(x))
    assert d.op.type == "DiagPart" and d.shape.as_list() == [2, 3]
    np.testing.assert_array_equal(run(d), x.reshape(6, 6).diagonal().reshape(2, 3))
    assert linalg_ops.diag_part(tf.placeholder(tf.float32)).shape.rank is None
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4"):
        linalg_ops.diag_part(tf.zeros([3, 4]))
    with pytest.raises(ValueError, match="Input must have even and non-zero rank, input rank is 3"):
        linalg_ops.diag_part(tf.zeros([3, 4, 3]))
    with pytest.raises(ValueError, match="input rank is 0"):
        linalg_ops.diag_part(tf.zeros([]))
    with pytest.raises(TypeError, match="DataType bool not in list of allowed values"):
        linalg_ops.diag_part(tf.zeros([2, 2], tf.bool))


def test_matrix_set_diag_and_matrix_diag(g):
    s = linalg_ops.matrix_set_diag(tf.zeros([4, 3]), [5.0, 6.0, 7.0], k=-1)
    assert s.op.type == "MatrixSetDiagV3" and s.shape.as_list() == [4, 3]
    np.testing.assert_array_equal(run(s), [[0, 0, 0], [5, 0, 0], [0, 6, 0], [0, 0, 7]])
    cases = [({"k": 1}, [[0, 1, 0], [0, 0, 2], [0, 0, 0]]), ({"k": -1}, [[0, 0, 0], [1, 0, 0], [0, 2, 0]]),
             ({}, [[1, 0], [0, 2]]), ({"k": 1, "num_rows": 2}, [[0, 1, 0], [0, 0, 2]]),
             ({"k": -1, "num_cols": 2}, [[0, 0], [1, 0], [0, 2]])]
    for kwargs, expected in cases:  # TensorFlow's results
        d = linalg_ops.matrix_diag([1.0, 2.0], **kwargs)
        assert d.op.type == "MatrixDiagV3" and d.shape.as_list() == list(np.shape(expected))
        np.testing.assert_array_equal(run(d), expected)
    padded = linalg_ops.matrix_diag([[1, 2], [3, 4]], padding_value=9)
    np.testing.assert_array_equal(run(padded), [[[1, 9], [9, 2]], [[3, 9], [9, 4]]])


def test_matrix_set_diag_errors(g):
    with pytest.raises(TypeError, match="Input 'diagonal' of 'MatrixSetDiagV3' Op has type int32 that does not "
                                        "match type float32 of argument 'input'"):
        linalg_ops.matrix_set_diag(tf.zeros([3, 4]), tf.ones([3], tf.int32))
    with pytest.raises(ValueError, match="Shape must be at least rank 2 but is rank 1"):
        linalg_ops.matrix_set_diag(tf.zeros([3]), tf.ones([3]))


def test_eye_and_matrix_transpose(g):
    e = linalg_ops.eye(2, 3, batch_shape=[2], dtype=tf.float64)
    assert e.name == "eye/set_diag:0" and e.shape.as_list() == [2, 2, 3]
    np.testing.assert_array_equal(run(e), np.broadcast_to(np.eye(2, 3), (2, 2, 3)))
    sq = linalg_ops.eye(3)
    assert sq.name == "eye_1/diag:0"
    np.testing.assert_array_equal(run(sq), np.eye(3))
    with pytest.raises(TypeError, match="must be positive integer values"):
        linalg_ops.eye(2.5)
    t = linalg_ops.matrix_transpose(tf.zeros([2, 3, 4]))
    assert t.name == "matrix_transpose/transpose:0" and t.shape.as_list() == [2, 4, 3]
    with pytest.raises(ValueError, match="rank >= 2"):
        linalg_ops.matrix_transpose(tf.zeros([3]))


def test_the_new_ops_have_no_gradient(g):
    x = tf.placeholder(tf.float32, [3, 3])
    q, _ = linalg_ops.qr(x)
    with pytest.raises(LookupError):
        tf.gradients(q, x)
