"""Tests for tf.train optimizers, the training ops and the global step: op names as TensorFlow
gives them, one update of each optimizer against numpy, slots, constraints, global_step, errors."""

import numpy as np
import pytest

import graphscope as tf
from graphscope.ops import registry, training_ops
from graphscope.variable_store import get_variable_store


def op_names(graph, prefix=""):
    return [op.name for op in graph.get_operations() if op.name.startswith(prefix)]


def has_gradients(*op_types):
    return all(registry.lookup(t) is not None and registry.lookup(t).gradient is not None for t in op_types)


W0 = np.array([1.0, 2.0, -3.0], np.float32)
G = np.array([0.5, -1.0, 2.0], np.float32)


def make_w(name="w", value=W0, **kwargs):
    return tf.get_variable(name, initializer=tf.constant_initializer(value), shape=np.shape(value), **kwargs)


# -- op names ----------------------------------------------------------------------------------------


def test_gradient_descent_ops_are_named_as_tensorflow_names_them(g):
    w = make_w()
    train = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant(G, name="grad"), w)])
    assert train.name == "GradientDescent" and train.type == "NoOp"
    assert op_names(g, "GradientDescent") == [
        "GradientDescent/learning_rate", "GradientDescent/update_w/ApplyGradientDescent", "GradientDescent"]
    apply = g.get_operation_by_name("GradientDescent/update_w/ApplyGradientDescent")
    assert apply.type == "ApplyGradientDescent"
    assert [t.name for t in apply.inputs] == ["w:0", "GradientDescent/learning_rate:0", "grad:0"]
    assert apply.outputs[0].dtype == tf.float32._as_ref
    assert apply.get_attr("T") == tf.float32 and apply.get_attr("use_locking") is False
    assert apply.get_attr("_class") == [b"loc:@w"]
    assert [op.name for op in train.control_inputs] == ["GradientDescent/update_w/ApplyGradientDescent"]
    assert tf.get_collection(tf.GraphKeys.TRAIN_OP) == [train]


def test_adam_slots_and_non_slot_variables_are_named_as_tensorflow_names_them(g):
    with tf.variable_scope("layer"):
        w = make_w("w")
    opt = tf.train.AdamOptimizer()
    train = opt.apply_gradients([(tf.constant(G), w)])
    m, v = opt.get_slot(w, "m"), opt.get_slot(w, "v")
    assert (m.name, v.name) == ("layer/w/Adam:0", "layer/w/Adam_1:0")
    assert not m.trainable and m not in tf.trainable_variables() and m in tf.global_variables()
    assert sorted(k for k in get_variable_store()._vars) == ["layer/w", "layer/w/Adam/", "layer/w/Adam_1/"]
    assert [x.name for x in opt.variables()] == ["beta1_power:0", "beta2_power:0", "layer/w/Adam:0",
                                                 "layer/w/Adam_1:0"]
    beta1_power = g.get_operation_by_name("beta1_power")
    assert beta1_power.type == "VariableV2" and beta1_power.get_attr("_class") == [b"loc:@layer/w"]
    apply = g.get_operation_by_name("Adam/update_layer/w/ApplyAdam")
    assert [t.name for t in apply.inputs] == [
        "layer/w:0", "layer/w/Adam:0", "layer/w/Adam_1:0", "beta1_power/read:0", "beta2_power/read:0",
        "Adam/learning_rate:0", "Adam/beta1:0", "Adam/beta2:0", "Adam/epsilon:0", "Const:0"]
    assert op_names(g, "Adam") == [
        "Adam/learning_rate", "Adam/beta1", "Adam/beta2", "Adam/epsilon", "Adam/update_layer/w/ApplyAdam",
        "Adam/mul", "Adam/Assign", "Adam/mul_1", "Adam/Assign_1", "Adam"]
    assert train.name == "Adam" and opt.get_slot_names() == ["m", "v"]


def test_momentum_slot_name_and_ops(g):
    w = make_w()
    opt = tf.train.MomentumOptimizer(0.1, 0.9)
    opt.apply_gradients([(tf.constant(G), w)])
    assert opt.get_slot(w, "momentum").name == "w/Momentum:0"
    assert opt.get_slot(w, "nope") is None and opt.get_slot_names() == ["momentum"]
    apply = g.get_operation_by_name("Momentum/update_w/ApplyMomentum")
    assert [t.name for t in apply.inputs] == ["w:0", "w/Momentum:0", "Momentum/learning_rate:0", "Const:0",
                                              "Momentum/momentum:0"]
    assert apply.get_attr("use_nesterov") is False


def test_second_optimizer_gets_uniquified_slots_and_beta_powers(g):
    w = make_w()
    first, second = tf.train.AdamOptimizer(), tf.train.AdamOptimizer()
    first.apply_gradients([(tf.constant(G), w)])
    second.apply_gradients([(tf.constant(G), w)])
    assert [v.name for v in second.variables()] == ["beta1_power_1:0", "beta2_power_1:0", "w/Adam_2:0",
                                                    "w/Adam_3:0"]
    assert op_names(g, "Adam_1/update_w") == ["Adam_1/update_w/ApplyAdam"]


def test_name_argument_names_the_scope_and_the_returned_op(g):
    w = make_w()
    train = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant(G), w)], name="train")
    assert train.name == "train"
    assert "train/update_w/ApplyGradientDescent" in op_names(g)


def test_float64_variable_casts_the_learning_rate_in_its_update_scope(g):
    w = make_w(dtype=tf.float64)
    tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant(G.astype(np.float64)), w)])
    cast = g.get_operation_by_name("GradientDescent/update_w/Cast")
    assert cast.type == "Cast" and cast.get_attr("DstT") == tf.float64
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run("GradientDescent")
        assert sess.run(w).dtype == np.float64
        np.testing.assert_allclose(sess.run(w), W0.astype(np.float64) - np.float32(0.1) * G)


# -- one step of each optimizer against numpy ----------------------------------------------------------


def run_steps(train, w, steps, extra=()):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            sess.run(train)
        return sess.run([w, *extra])


def test_gradient_descent_update_matches_numpy(g):
    w = make_w()
    train = tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant(G), w)])
    (value,) = run_steps(train, w, 1)
    np.testing.assert_array_equal(value, W0 - G * np.float32(0.1))
    assert value.dtype == np.float32


@pytest.mark.parametrize("use_nesterov", [False, True])
def test_momentum_two_steps_match_numpy(g, use_nesterov):
    w = make_w()
    opt = tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=use_nesterov)
    train = opt.apply_gradients([(tf.constant(G), w)])
    value, accum_value = run_steps(train, w, 2, [opt.get_slot(w, "momentum")])
    lr, mu = np.float32(0.1), np.float32(0.9)
    var, accum = W0.copy(), np.zeros(3, np.float32)
    for _ in range(2):
        accum = accum * mu + G
        var = var - (G * lr + accum * mu * lr) if use_nesterov else var - accum * lr
    np.testing.assert_allclose(value, var, rtol=1e-6)
    np.testing.assert_allclose(accum_value, accum, rtol=1e-6)


def test_adam_three_steps_match_numpy(g):
    w = make_w()
    opt = tf.train.AdamOptimizer(learning_rate=0.01, beta1=0.8, beta2=0.99, epsilon=1e-7)
    train = opt.apply_gradients([(tf.constant(G), w)])
    b1p, b2p = opt._get_beta_accumulators()
    value, m_value, v_value, b1, b2 = run_steps(train, w, 3, [opt.get_slot(w, "m"), opt.get_slot(w, "v"), b1p, b2p])
    var, m, v = W0.astype(np.float64), np.zeros(3), np.zeros(3)
    for t in range(1, 4):
        alpha = 0.01 * np.sqrt(1 - 0.99 ** t) / (1 - 0.8 ** t)
        m = m + (G - m) * (1 - 0.8)
        v = v + (G * G - v) * (1 - 0.99)
        var = var - m * alpha / (np.sqrt(v) + 1e-7)
    np.testing.assert_allclose(value, var, rtol=1e-5)
    np.testing.assert_allclose(m_value, m, rtol=1e-5)
    np.testing.assert_allclose(v_value, v, rtol=1e-5)
    np.testing.assert_allclose([b1, b2], [0.8 ** 4, 0.99 ** 4], rtol=1e-6)


def test_learning_rate_may_be_a_tensor_or_a_callable(g):
    w = make_w()
    rate = tf.placeholder(tf.float32, [], name="rate")
    tensor_step = tf.train.GradientDescentOptimizer(rate).apply_gradients([(tf.constant(G), w)])
    callable_step = tf.train.GradientDescentOptimizer(lambda: tf.constant(0.5) * 2.0).apply_gradients(
        [(tf.constant(G), w)])
    with tf.Session() as sess:
        sess.run(w.initializer)
        sess.run(tensor_step, {rate: 0.25})
        np.testing.assert_allclose(sess.run(w), W0 - 0.25 * G)
        sess.run(callable_step)
        np.testing.assert_allclose(sess.run(w), W0 - 0.25 * G - 1.0 * G)


def test_python_values_as_gradients_become_constants(g):
    w = make_w()
    train = tf.train.GradientDescentOptimizer(1.0).apply_gradients([(G.tolist(), w)])
    (value,) = run_steps(train, w, 1)
    np.testing.assert_allclose(value, W0 - G)


def test_variables_without_gradient_are_left_alone(g):
    w, b = make_w("w"), make_w("b")
    train = tf.train.GradientDescentOptimizer(1.0).apply_gradients([(tf.constant(G), w), (None, b)])
    assert "GradientDescent/update_b/ApplyGradientDescent" not in op_names(g)
    value_w, value_b = run_steps(train, w, 1, [b])
    np.testing.assert_allclose(value_w, W0 - G)
    np.testing.assert_array_equal(value_b, W0)


# -- resource variables ----------------------------------------------------------------------------------


@pytest.mark.parametrize("make_optimizer, op_type", [
    (lambda: tf.train.GradientDescentOptimizer(0.1), "ResourceApplyGradientDescent"),
    (lambda: tf.train.MomentumOptimizer(0.1, 0.9), "ResourceApplyMomentum"),
    (lambda: tf.train.AdamOptimizer(0.1), "ResourceApplyAdam"),
])
def test_resource_variables_match_reference_variables(make_optimizer, op_type):
    results = []
    for use_resource in (False, True):
        with tf.Graph().as_default() as graph:
            w = make_w(use_resource=use_resource)
            train = make_optimizer().apply_gradients([(tf.constant(G), w)])
            if use_resource:
                assert any(op.type == op_type for op in graph.get_operations())
            results.append(run_steps(train, w, 2)[0])
    np.testing.assert_allclose(results[1], results[0], rtol=1e-6)


# -- constraints -----------------------------------------------------------------------------------------


def test_constraint_is_applied_after_the_update(g):
    w = make_w(constraint=lambda v: tf.clip_by_value(v, -1.0, 1.0))
    train = tf.train.GradientDescentOptimizer(1.0).apply_gradients([(tf.constant(G), w)])
    (value,) = run_steps(train, w, 1)
    # w - g = [0.5, 3.0, -5.0]; clipping the *old* value first would give [0.5, 2.0, -3.0]
    np.testing.assert_array_equal(value, np.clip(W0 - G, -1.0, 1.0))
    update = g.get_operation_by_name("GradientDescent/update_w/ApplyGradientDescent")
    assign = [op for op in g.get_operations() if op.type == "Assign" and op.name.startswith("GradientDescent/")]
    assert len(assign) == 1 and assign[0].inputs[0].name == "w:0"
    read = g.get_operation_by_name("GradientDescent/update_w/Read/read")
    assert update in read.control_inputs


def test_constraint_on_a_resource_variable(g):
    w = make_w(use_resource=True, constraint=lambda v: tf.clip_by_value(v, -1.0, 1.0))
    train = tf.train.MomentumOptimizer(1.0, 0.5).apply_gradients([(tf.constant(G), w)])
    (value,) = run_steps(train, w, 1)
    np.testing.assert_array_equal(value, np.clip(W0 - G, -1.0, 1.0))


# -- global step -----------------------------------------------------------------------------------------


def test_get_or_create_global_step_is_tensorflows_variable(g):
    assert tf.train.get_global_step() is None
    with tf.variable_scope("outer"), tf.name_scope("somewhere"):
        step = tf.train.get_or_create_global_step()
    assert step.name == "outer/global_step:0" and step.dtype == tf.int64._as_ref
    assert step.shape.as_list() == [] and not step.trainable
    assert tf.get_collection(tf.GraphKeys.GLOBAL_STEP) == [step]
    assert step in tf.global_variables() and step not in tf.trainable_variables()
    assert g.get_operation_by_name("outer/global_step/Initializer/zeros").type == "Const"
    assert tf.train.get_or_create_global_step() is step and tf.train.get_global_step() is step
    with pytest.raises(ValueError, match='"global_step" already exists'):
        tf.train.create_global_step()


def test_get_global_step_finds_a_tensor_named_global_step(g):
    v = tf.Variable(0, name="global_step")
    assert tf.train.get_global_step().name == "global_step:0"
    assert tf.train.get_global_step() is v._ref()


def test_get_global_step_rejects_non_integer(g):
    tf.Variable(0.0, name="global_step")
    with pytest.raises(TypeError, match="does not have integer type"):
        tf.train.get_global_step()


def test_global_step_increments_after_the_updates(g):
    w = make_w()
    step = tf.train.get_or_create_global_step()
    train = tf.train.GradientDescentOptimizer(0.5).apply_gradients([(tf.constant(G), w)], global_step=step)
    assert train.type == "AssignAdd" and train.name == "GradientDescent"
    assert [t.name for t in train.inputs] == ["global_step:0", "GradientDescent/value:0"]
    group = g.get_operation_by_name("GradientDescent/update")
    assert group.type == "NoOp"
    assert g.get_operation_by_name("GradientDescent/value").control_inputs == [group]
    assert tf.get_collection(tf.GraphKeys.TRAIN_OP) == [train]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train)
        assert tf.train.global_step(sess, step) == 3 and tf.train.global_step(sess, "global_step:0") == 3
        np.testing.assert_allclose(sess.run(w), W0 - 3 * 0.5 * G)


def test_resource_global_step(g):
    w = make_w()
    step = tf.Variable(np.int64(0), name="global_step", trainable=False, use_resource=True)
    train = tf.train.GradientDescentOptimizer(0.5).apply_gradients([(tf.constant(G), w)], global_step=step)
    assert train.type == "AssignAddVariableOp"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        sess.run(train)
        assert tf.train.global_step(sess, step) == 2


# -- minimize and compute_gradients -------------------------------------------------------------------------


def test_minimize_identity_loss_uses_trainable_variables_by_default(g):
    w = make_w()
    frozen = make_w("frozen", trainable=False)
    opt = tf.train.GradientDescentOptimizer(0.1)
    grads_and_vars = opt.compute_gradients(tf.reduce_sum(w) if has_gradients("Sum") else tf.identity(w))
    assert [v for _, v in grads_and_vars] == [w]
    assert grads_and_vars[0][0].name.startswith("gradients/")
    step = tf.train.get_or_create_global_step()
    train = opt.minimize(tf.identity(w), global_step=step)
    value, frozen_value = run_steps(train, w, 2, [frozen])
    np.testing.assert_allclose(value, W0 - 2 * 0.1)
    np.testing.assert_array_equal(frozen_value, W0)


def test_minimize_with_grad_loss_and_every_gating(g):
    w = make_w()
    for gate in (tf.train.Optimizer.GATE_NONE, tf.train.Optimizer.GATE_OP, tf.train.Optimizer.GATE_GRAPH):
        tf.train.GradientDescentOptimizer(1.0).minimize(tf.identity(w), gate_gradients=gate,
                                                        grad_loss=tf.constant(G), var_list=[w])
    with tf.Session() as sess:
        sess.run(w.initializer)
        for name in ("GradientDescent", "GradientDescent_1", "GradientDescent_2"):
            sess.run(name)
        np.testing.assert_allclose(sess.run(w), W0 - 3 * G)


def test_loss_may_be_a_callable(g):
    w = make_w()
    train = tf.train.GradientDescentOptimizer(1.0).minimize(lambda: tf.identity(w))
    (value,) = run_steps(train, w, 1)
    np.testing.assert_allclose(value, W0 - 1.0)


def test_var_list_may_hold_partitioned_variables(g):
    p = tf.get_variable("p", [4], initializer=tf.ones_initializer(), partitioner=lambda shape, dtype: [2])
    grads_and_vars = tf.train.GradientDescentOptimizer(1.0).compute_gradients(tf.identity(p.get_variable_list()[0]), var_list=p)
    assert [v.name for _, v in grads_and_vars] == ["p/part_0:0", "p/part_1:0"]
    assert grads_and_vars[1][0] is None


@pytest.mark.skipif(not has_gradients("MatMul", "AddV2", "Sub", "Square", "Mean"),
                    reason="gradient rules for MatMul/AddV2/Sub/Square/Mean have not landed yet")
def test_linear_regression_trains_with_every_optimizer():
    rng = np.random.RandomState(0)
    x_data = rng.randn(32, 3).astype(np.float32)
    y_data = x_data @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3
    for make in (lambda: tf.train.GradientDescentOptimizer(0.1), lambda: tf.train.MomentumOptimizer(0.05, 0.9),
                 lambda: tf.train.AdamOptimizer(0.1)):
        with tf.Graph().as_default():
            w = tf.get_variable("w", [3, 1], initializer=tf.zeros_initializer())
            b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
            loss = tf.reduce_mean(tf.square(tf.matmul(x_data, w) + b - y_data))
            train = make().minimize(loss)
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                for _ in range(300):
                    sess.run(train)
                assert sess.run(loss) < 1e-3


# -- errors ------------------------------------------------------------------------------------------------


def test_no_variables_to_optimize(g):
    with pytest.raises(ValueError, match="No variables to optimize."):
        tf.train.GradientDescentOptimizer(0.1).compute_gradients(tf.constant(1.0))


def test_no_gradients_for_any_variable_names_the_variables_and_the_loss(g):
    w = make_w()
    unrelated = tf.constant(1.0, name="unrelated")
    with pytest.raises(ValueError, match=r"No gradients provided for any variable, check your graph for ops that do "
                                         r"not support gradients, between variables \[.*'w:0'.*\] and loss "
                                         r"Tensor\(\"unrelated:0\""):
        tf.train.GradientDescentOptimizer(0.1).minimize(unrelated, var_list=[w])
    with pytest.raises(ValueError, match=r"No gradients provided for any variable: \[.*w:0"):
        tf.train.GradientDescentOptimizer(0.1).apply_gradients([(None, w)])
    with pytest.raises(ValueError, match="No variables provided."):
        tf.train.GradientDescentOptimizer(0.1).apply_gradients([])


def test_loss_must_be_a_float_tensor(g):
    w = make_w()
    opt = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(TypeError, match="must be a Tensor"):
        opt.compute_gradients(3.0, var_list=[w])
    with pytest.raises(ValueError, match=r"Invalid type .*int32.* for Const:0"):
        opt.compute_gradients(tf.constant(1), var_list=[w])
    with pytest.raises(ValueError, match="gate_gradients must be one of"):
        opt.compute_gradients(tf.identity(w), gate_gradients=7)


def test_bad_gradients_and_variables(g):
    w = make_w()
    opt = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(TypeError, match="Gradient must be convertible to a Tensor"):
        opt.apply_gradients([(object(), w)])
    with pytest.raises(NotImplementedError, match="Trying to optimize unsupported type"):
        opt.apply_gradients([(tf.constant(G), "w")])
    with pytest.raises(NotImplementedError, match="Trying to update a Tensor"):
        opt.apply_gradients([(tf.constant(G), tf.constant(G))])
    with pytest.raises(ValueError, match="Must specify the optimizer name"):
        tf.train.GradientDescentOptimizer(0.1, name="")


def test_gradient_of_the_wrong_shape_fails_at_graph_construction(g):
    w = make_w()
    with pytest.raises(ValueError, match=r"ApplyGradientDescent: shapes of 'var' \(3,\) and 'delta' \(2,\)"):
        tf.train.GradientDescentOptimizer(0.1).apply_gradients([(tf.constant([1.0, 2.0]), w)])


def test_uninitialized_slot_is_reported_by_name(g):
    w = make_w()
    train = tf.train.MomentumOptimizer(0.1, 0.9).apply_gradients([(tf.constant(G), w)])
    with tf.Session() as sess:
        sess.run(w.initializer)
        with pytest.raises(tf.errors.FailedPreconditionError, match="w/Momentum"):
            sess.run(train)
        np.testing.assert_array_equal(sess.run(w), W0)  # the failing update changed nothing


def test_sparse_gradient_with_a_constraint_is_refused(g):
    from graphscope.gradients import IndexedSlices
    w = make_w(constraint=lambda v: v)
    sparse = IndexedSlices(tf.constant([[1.0]]), tf.constant([0]), tf.constant([3]))
    with pytest.raises(RuntimeError, match="Cannot use a constraint function on a sparse variable."):
        tf.train.GradientDescentOptimizer(0.1).apply_gradients([(sparse, w)])


@pytest.mark.skipif(not hasattr(tf, "unsorted_segment_sum"), reason="unsorted_segment_sum has not landed yet")
def test_sparse_gradients_are_applied_densely(g):
    from graphscope.gradients import IndexedSlices
    w = make_w("w", np.zeros((3, 2), np.float32))
    sparse = IndexedSlices(tf.constant([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0]]), tf.constant([0, 2, 0]),
                           tf.constant([3, 2]))
    train = tf.train.GradientDescentOptimizer(1.0).apply_gradients([(sparse, w)])
    (value,) = run_steps(train, w, 1)
    np.testing.assert_array_equal(value, [[-4.0, -4.0], [0.0, 0.0], [-2.0, -2.0]])


# -- the training ops themselves -------------------------------------------------------------------------


def test_apply_ops_need_variable_references(g):
    w = make_w()
    with pytest.raises(TypeError, match="input 'var' must be a variable reference"):
        training_ops.apply_gradient_descent(w.value(), 0.1, tf.constant(G))
    with pytest.raises(TypeError, match="Input 'delta' of 'ApplyGradientDescent' Op has type float64"):
        training_ops.apply_gradient_descent(w, 0.1, tf.constant(G.astype(np.float64)))
    with pytest.raises(ValueError, match="'alpha' must be a scalar"):
        training_ops.apply_gradient_descent(w, tf.constant([0.1]), tf.constant(G))


def test_apply_op_checks_shapes_at_run_time_and_changes_nothing(g):
    w = tf.Variable(W0, name="w", validate_shape=False)
    accum = tf.Variable(np.zeros(2, np.float32), name="accum", validate_shape=False)
    grad = tf.placeholder(tf.float32, name="grad")
    step = training_ops.apply_momentum(w, accum, 0.1, grad, 0.9)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"var and accum do not have the same shape\[3\] \[2\]"):
            sess.run(step, {grad: G})
        np.testing.assert_array_equal(sess.run(w), W0)


def test_fetching_an_apply_op_gives_the_new_value(g):
    w = make_w()
    out = training_ops.apply_gradient_descent(w, 1.0, tf.constant(G))
    with tf.Session() as sess:
        sess.run(w.initializer)
        np.testing.assert_array_equal(sess.run(out), W0 - G)
        np.testing.assert_array_equal(sess.run(w), W0 - G)


def test_a_failing_apply_gradients_leaves_no_trace_and_a_retry_names_slots_alike(g):
    w, b = make_w("w"), make_w("b", np.zeros(2, np.float32))
    opt = tf.train.AdamOptimizer()
    wrong = tf.constant(G)
    before = op_names(g)
    store_keys = sorted(get_variable_store()._vars)
    with pytest.raises(ValueError, match="ApplyAdam: shapes"):
        opt.apply_gradients([(G.tolist(), w), (wrong, b)])  # b's gradient has the wrong shape
    assert op_names(g) == before and sorted(get_variable_store()._vars) == store_keys
    assert opt.variables() == [] and tf.global_variables() == [w, b] and tf.get_collection("train_op") == []
    opt.apply_gradients([(tf.constant(G), w), (tf.constant([1.0, 1.0]), b)])
    assert [v.name for v in opt.variables()] == ["b/Adam:0", "b/Adam_1:0", "beta1_power:0", "beta2_power:0",
                                                 "w/Adam:0", "w/Adam_1:0"]
    assert "Adam/update_b/ApplyAdam" in op_names(g)


def test_a_failing_minimize_leaves_no_gradient_ops(g):
    w = make_w()
    loss = tf.constant(1.0) + 0.0
    before = op_names(g)
    with pytest.raises(ValueError, match="No gradients provided"):
        tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=[w])
    assert op_names(g) == before


@pytest.mark.skipif(not has_gradients("GatherV2", "UnsortedSegmentSum"), reason="gather's gradient has not landed yet")
def test_minimize_through_a_gather_applies_its_sparse_gradient(g):
    table = make_w("table", np.arange(6, dtype=np.float32).reshape(3, 2))
    loss = tf.identity(tf.gather(table, [0, 2, 0]))
    train = tf.train.MomentumOptimizer(1.0, 0.5).minimize(loss)
    (value,) = run_steps(train, table, 1)
    np.testing.assert_array_equal(value, [[-2.0, -1.0], [2.0, 3.0], [3.0, 4.0]])
