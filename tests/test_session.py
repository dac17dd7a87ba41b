"""Session.run, feeds and fetches, variables in the session, plans, default sessions and errors."""
import collections
import threading
import warnings

import numpy as np
import pytest

import graphscope as tf
from graphscope import errors
from graphscope.ops.core import apply_op
from graphscope.ops.registry import register
from graphscope.session import SessionState, get_default_session

Pair = collections.namedtuple("Pair", ["first", "second"])

# -- op types of this test module (unique names; the registry is global) ---------------------------
KERNEL_BUILDS = collections.Counter()


def _counting_kernel(op):
    KERNEL_BUILDS[op.name] += 1
    return lambda x: x + 1


COUNTED = register("TestSessionCounted", infer=lambda inputs, attrs: [(inputs[0].dtype, inputs[0].shape.as_tuple())],
                   kernel=_counting_kernel)
RAISING = register("TestSessionRaising", infer=lambda inputs, attrs: [(inputs[0].dtype, inputs[0].shape.as_tuple())],
                   kernel=lambda op: lambda x: np.reshape(x, (7, 7)))
SPLIT2 = register("TestSessionSplit", infer=lambda inputs, attrs: [(inputs[0].dtype, None)] * 2,
                  kernel=lambda op: lambda x: (x * 2, x * 3))
DIVIDE = register("TestSessionDivide", infer=lambda inputs, attrs: [(inputs[0].dtype, inputs[0].shape.as_tuple())],
                  kernel=lambda op: lambda x, y: np.divide(x, y))
STATEFUL_COUNT = register("TestSessionTick", infer=lambda inputs, attrs: [(tf.int64, ())], stateful=True,
                          kernel=lambda op: _tick)
RUNS = []


def _tick(state):
    RUNS.append(1)
    return np.int64(len(RUNS))


@pytest.fixture
def graph():
    g = tf.Graph()
    with g.as_default():
        yield g


# -- fetches ------------------------------------------------------------------------------------

def test_scalar_fetch_is_a_numpy_scalar_of_the_tensor_dtype(graph):
    c = tf.add(tf.constant(1.0), tf.constant(2.0))
    with tf.Session() as sess:
        value = sess.run(c)
    assert type(value) is np.float32 and value == 3.0


def test_fetch_structures_keep_their_shape(graph):
    a = tf.constant(1, name="a")
    b = tf.constant([2.0, 3.0], name="b")
    with tf.Session() as sess:
        result = sess.run({"k1": Pair(a, b), "k2": [b, (a, {"deep": [a]})], "op": a.op})
        ordered = sess.run(collections.OrderedDict([("z", a), ("y", b)]))
        assert sess.run([]) == [] and sess.run(()) == ()
    assert isinstance(result["k1"], Pair) and result["k1"].first == 1
    np.testing.assert_array_equal(result["k1"].second, [2.0, 3.0])
    assert isinstance(result["k2"], list) and isinstance(result["k2"][1], tuple)
    assert result["k2"][1][1] == {"deep": [1]} and result["op"] is None
    assert type(ordered) is collections.OrderedDict and list(ordered) == ["z", "y"]


def test_fetching_an_operation_gives_none_and_runs_it(graph):
    v = tf.Variable(0, name="v")
    inc = tf.assign_add(v, 1)
    with tf.Session() as sess:
        assert sess.run(v.initializer) is None
        assert sess.run(inc.op) is None
        assert sess.run([inc.op, inc.op]) == [None, None]  # the same op fetched twice runs once
        assert sess.run(v) == 2


def test_names_as_fetches_and_feed_keys(graph):
    x = tf.placeholder(tf.float32, [2], name="x")
    tf.multiply(x, 2.0, name="double")
    with tf.Session() as sess:
        values = sess.run(["double:0", "double"], feed_dict={"x:0": [1.0, 2.0]})
    np.testing.assert_array_equal(values[0], [2.0, 4.0])
    assert values[1] is None


def test_a_variable_is_a_fetch_and_a_feed_key(graph):
    v = tf.Variable([1.0, 2.0], name="v")
    doubled = v * 2.0
    with tf.Session() as sess:
        sess.run(v.initializer)
        np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])
        np.testing.assert_array_equal(sess.run(doubled, {v: [5.0, 5.0]}), [10.0, 10.0])


def test_bad_fetches_raise_tensorflows_errors(graph):
    tf.constant(1, name="c")
    other = tf.Graph()
    with other.as_default():
        foreign = tf.constant(2)
    with tf.Session() as sess:
        with pytest.raises(TypeError, match=r"^Fetch argument None has invalid type <class 'NoneType'>$"):
            sess.run(None)
        with pytest.raises(TypeError, match="Fetch argument None has invalid type"):
            sess.run([tf.constant(3), None])
        with pytest.raises(TypeError, match="Fetch argument 5 has invalid type <class 'int'>, must be a string or Tensor"):
            sess.run(5)
        with pytest.raises(ValueError, match="Fetch argument 'nope:0' cannot be interpreted as a Tensor"):
            sess.run("nope:0")
        with pytest.raises(ValueError, match="is not an element of this graph"):
            sess.run(foreign)


def test_fetched_arrays_are_the_callers_to_change(graph):
    c = tf.constant([1.0, 2.0])
    v = tf.Variable([3.0, 4.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        for fetch, expected in ((c, [1.0, 2.0]), (v, [3.0, 4.0]), (v.value(), [3.0, 4.0])):
            first = sess.run(fetch)
            first[0] = 100.0
            np.testing.assert_array_equal(sess.run(fetch), expected)


def test_string_tensors_come_back_as_bytes(graph):
    s = tf.constant(["ab", "c"])
    scalar = tf.constant("xyz")
    with tf.Session() as sess:
        assert sess.run(s).tolist() == [b"ab", b"c"]
        assert sess.run(scalar) == b"xyz"


# -- pruning, order, control dependencies ---------------------------------------------------------

def test_only_what_the_fetches_need_runs(graph):
    x = tf.placeholder(tf.float32, name="unfed")  # would raise if it ran
    y = tf.constant(2.0) * 3.0
    _ = x + 1.0
    with tf.Session() as sess:
        assert sess.run(y) == 6.0
        with pytest.raises(errors.InvalidArgumentError, match="You must feed a value for placeholder tensor 'unfed'"):
            sess.run(_)


def test_control_dependencies_are_honoured(graph):
    RUNS.clear()
    tick = apply_op(STATEFUL_COUNT, [], name="tick")._outputs[0]
    with tf.control_dependencies([tick.op]):
        c = tf.constant(5, name="c")
        read_after = tf.identity(tick, name="after")
    with tf.Session() as sess:
        assert sess.run(c) == 5 and len(RUNS) == 1  # the constant waits for its control input
        assert sess.run(tf.group(c.op)) is None and len(RUNS) == 2
        assert sess.run(read_after) == 3


# What TensorFlow 2.21 (tf.compat.v1 sessions) does with ops that only a control dependency needs:
# its graph optimizer turns pure ones into no-ops, so their failures do not happen.
def test_a_pure_op_that_only_a_control_dependency_needs_does_not_run(graph):
    x = tf.placeholder(tf.float32, [None], name="x")
    bad = tf.reshape(x, [3])  # fails for two values
    with tf.control_dependencies([bad]):
        y = tf.identity(tf.constant(1.0))
        z = tf.identity(x)
    with tf.Session() as sess:
        assert sess.run(y, {x: [1.0, 2.0]}) == 1.0
        assert sess.run(z, {x: [1.0, 2.0]}).tolist() == [1.0, 2.0]
        assert sess.run(tf.group(bad), {x: [1.0, 2.0]}) is None
        plan = sess.plan_for(y, {x: [1.0, 2.0]})
        assert bad.op not in plan.ops
        with pytest.raises(errors.InvalidArgumentError, match="Reshape"):
            sess.run(bad, {x: [1.0, 2.0]})  # fetched, it runs


def test_ops_under_an_unread_op_still_fail_where_tensorflow_fails(graph):
    p = tf.placeholder(tf.float32, [], name="p")
    v = tf.Variable(1.0, name="v")
    RUNS.clear()
    tick = apply_op(STATEFUL_COUNT, [], name="tick")._outputs[0]
    with tf.control_dependencies([p * 2.0]):
        needs_feed = tf.constant(1.0) + 1.0
    with tf.control_dependencies([v * 2.0]):
        needs_init = tf.constant(1.0) + 1.0
    with tf.control_dependencies([tf.cast(tick, tf.float32) * 2.0]):
        ticks = tf.constant(1.0) + 1.0
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match="You must feed a value for placeholder tensor 'p'"):
            sess.run(needs_feed)
        with pytest.raises(errors.FailedPreconditionError, match="uninitialized value v"):
            sess.run(needs_init)
        assert sess.run(ticks) == 2.0 and len(RUNS) == 1  # stateful: still runs


def test_sgd_runs_no_gradient_of_the_fed_inputs(graph):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    labels = tf.placeholder(tf.float32, [None, 2], name="labels")
    logits = tf.matmul(x, tf.get_variable("w", [3, 2]))
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    feeds = {x: np.ones((4, 3), np.float32), labels: np.eye(2, dtype=np.float32)[[0, 1, 0, 1]]}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train, feeds)
        ran = {op.name for op in sess.plan_for(train, feeds).ops}
    assert "gradients/MatMul_grad/MatMul_1" in ran  # the weights' gradient
    assert "gradients/MatMul_grad/MatMul" not in ran  # x's: grouped with it by tf.tuple, never read
    assert not any("LogSoftmax" in name for name in ran)  # the labels' gradient


def test_a_read_ordered_after_an_assignment_sees_it(graph):
    v = tf.Variable(1.0, name="v")
    assign = tf.assign(v, 10.0)
    with tf.control_dependencies([assign]):
        after = v.read_value()  # a new read of the reference (tf.identity(v) would read 'v/read')
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(after) == 10.0


def test_assign_on_the_result_of_assign_runs_both(graph):
    v = tf.Variable(1.0, name="v")
    chained = tf.assign_add(tf.assign(v, 5.0), 1.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(chained) == 6.0 and sess.run(v) == 6.0


# -- feeds ---------------------------------------------------------------------------------------

def test_feed_values_are_converted_to_the_tensor_dtype(graph):
    f = tf.placeholder(tf.float32, [], name="f")
    i = tf.placeholder(tf.int32, [2], name="i")
    with tf.Session() as sess:
        assert type(sess.run(tf.identity(f), {f: 1.5})) is np.float32
        fetched = sess.run(tf.identity(i), {i: [1.9, -2.7]})  # np.asarray(value, int32) truncates
        assert fetched.dtype == np.int32 and fetched.tolist() == [1, -2]
        fed = np.array([1, 2], dtype=np.int32)
        assert sess.run(i, {i: fed}) is fed  # a fetched fed tensor is the fed value itself, as in TF


def test_feed_checks_use_tensorflows_messages(graph):
    x = tf.placeholder(tf.float32, [3], name="x")
    n = tf.placeholder(tf.int32, [], name="n")
    y = x * 2.0
    c = tf.constant(1.0, name="c")
    graph.prevent_feeding(c)
    with tf.Session() as sess:
        with pytest.raises(ValueError, match=r"^Cannot feed value of shape \(2,\) for Tensor 'x:0', which has shape '\(3,\)'$"):
            sess.run(y, {x: [1.0, 2.0]})
        with pytest.raises(TypeError, match="The value of a feed cannot be a tf.Tensor object. Acceptable feed "
                                            "values include Python scalars, strings, lists, numpy ndarrays, or TensorHandles."):
            sess.run(y, {x: y})
        with pytest.raises(TypeError, match="Type of feed value 4294967296 with type <class 'int'> is not compatible"):
            sess.run(n, {n: 2 ** 32})
        with pytest.raises(ValueError, match="may not be fed"):
            sess.run(c, {c: 2.0})
        with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor"):
            sess.run(y, {"x": [1.0, 2.0, 3.0]})
        sess.run(y, {x: [1.0, 2.0, 3.0]})  # the plan is cached now: the checks still run
        with pytest.raises(ValueError, match="Cannot feed value of shape"):
            sess.run(y, {x: [1.0]})


def test_unknown_dims_accept_any_size(graph):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    anything = tf.placeholder(tf.float32, name="anything")
    with tf.Session() as sess:
        assert sess.run(x * 1.0, {x: np.ones((5, 2))}).shape == (5, 2)
        assert sess.run(anything * 1.0, {anything: np.ones((2, 3, 4))}).shape == (2, 3, 4)
        with pytest.raises(ValueError, match=r"which has shape '\(\?, 2\)'"):
            sess.run(x * 1.0, {x: np.ones((5, 3))})


def test_intermediate_tensors_can_be_fed(graph):
    x = tf.placeholder(tf.float32, [], name="x")
    hidden = tf.multiply(x, 10.0, name="hidden")
    out = tf.add(hidden, 1.0, name="out")
    with tf.Session() as sess:
        assert sess.run(out, {hidden: 4.0}) == 5.0  # x is not needed, so not fed
        assert [op.name for op in sess.plan_for(out, {hidden: 4.0}).ops] == ["out"]


def test_control_edges_from_a_fed_placeholder_are_satisfied_by_the_feed(graph):
    x = tf.placeholder(tf.float32, [], name="x")
    with tf.control_dependencies([x]):
        y = tf.constant(3.0, name="y")
    with tf.Session() as sess:
        assert sess.run(y, {x: 1.0}) == 3.0
        with pytest.raises(errors.InvalidArgumentError, match="You must feed a value for placeholder tensor 'x'"):
            sess.run(y)


def test_tuple_feed_keys_are_flattened(graph):
    a = tf.placeholder(tf.float32, [], name="a")
    b = tf.placeholder(tf.float32, [], name="b")
    with tf.Session() as sess:
        assert sess.run(a + b, {(a, b): (1.0, 2.0)}) == 3.0


# -- variables -----------------------------------------------------------------------------------

def test_variables_keep_their_values_across_runs(graph):
    v = tf.get_variable("v", [2], initializer=tf.zeros_initializer())
    step = tf.assign_add(v, [1.0, 2.0])
    init = tf.global_variables_initializer()
    with tf.Session() as sess:
        sess.run(init)
        for _ in range(3):
            sess.run(step)
        np.testing.assert_array_equal(sess.run(v), [3.0, 6.0])
        sess.run(tf.assign(v, [7.0, 7.0]))
        np.testing.assert_array_equal(v.eval(), [7.0, 7.0])
    with tf.Session() as other:  # a new session starts without values
        assert not other.run(tf.is_variable_initialized(v))


def test_uninitialized_variables_raise_failed_precondition_naming_them(graph):
    with tf.variable_scope("foo"):
        v = tf.get_variable("v", [], initializer=tf.ones_initializer())
    y = v * 2.0
    with tf.Session() as sess:
        with pytest.raises(errors.FailedPreconditionError, match="Attempting to use uninitialized value foo/v") as info:
            sess.run(y)
    assert "test_session.py" in str(info.value)  # where the variable was created
    assert info.value.op is not None


def test_report_uninitialized_variables(graph):
    a = tf.Variable(1.0, name="a")
    with tf.variable_scope("foo"):
        b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
    report = tf.report_uninitialized_variables()
    only_b = tf.report_uninitialized_variables([b], name="only_b")
    assert report.dtype == tf.string and report.shape.as_list() == [None]
    with tf.Session() as sess:
        assert sess.run(report).tolist() == [b"a", b"foo/b"]
        sess.run(a.initializer)
        assert sess.run(report).tolist() == [b"foo/b"] and sess.run(only_b).tolist() == [b"foo/b"]
        sess.run(b.initializer)
        empty = sess.run(report)
        assert empty.shape == (0,) and empty.dtype == object
    with tf.Graph().as_default():
        assert tf.Session().run(tf.report_uninitialized_variables()).shape == (0,)


def test_assert_variables_initialized(graph):
    v = tf.Variable([[1.0]], name="v")
    check = tf.assert_variables_initialized([v])
    with tf.Session() as sess:
        with pytest.raises(errors.FailedPreconditionError, match="uninitialized value v"):
            sess.run(check)
        sess.run(v.initializer)
        assert sess.run(check) == 2


def test_state_values_are_read_only_and_per_session():
    state = SessionState(tf.Graph())
    state.write_variable("w", np.array([1.0, 2.0]))
    with pytest.raises(ValueError):
        state.read_variable("w")[0] = 5.0
    assert state.is_initialized("w") and not state.is_initialized("other")


# -- random ops ----------------------------------------------------------------------------------

def test_random_ops_are_reproducible_with_seeds_and_new_each_run():
    def draws():
        with tf.Graph().as_default():
            tf.set_random_seed(42)
            r = tf.random_uniform([3])
            with tf.Session() as sess:
                return sess.run(r), sess.run(r)
    first, second = draws()
    again_first, again_second = draws()
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(first, again_first)
    np.testing.assert_array_equal(second, again_second)
    assert ((first >= 0) & (first < 1)).all() and first.dtype == np.float32


def test_unseeded_random_ops_differ_between_sessions(graph):
    r = tf.random_uniform([4])
    with tf.Session() as one, tf.Session() as two:
        assert not np.array_equal(one.run(r), two.run(r))


# -- plans ---------------------------------------------------------------------------------------

def test_a_plan_is_built_once_per_signature(graph):
    x = tf.placeholder(tf.float32, [], name="x")
    y = apply_op(COUNTED, [x], name="counted")._outputs[0]
    with tf.Session() as sess:
        assert sess.run(y, {x: 1.0}) == 2.0
        assert sess.run(y, {x: 5.0}) == 6.0
        assert sess.run(y, {"x:0": 5.0}) == 6.0  # another signature: another plan
        assert sess._plans_built == 2 and KERNEL_BUILDS["counted"] == 2
        plan = sess.plan_for(y, {x: 0.0})
        assert sess._plans_built == 2 and plan.ops == [y.op]
        assert sess.run([y, y], {x: 0.0}) == [1.0, 1.0]
        assert sess.run([y, y], {x: 0.0}) == [1.0, 1.0]
        assert sess._plans_built == 3


def test_constant_subgraphs_are_folded_at_plan_time(graph):
    x = tf.placeholder(tf.float32, [], name="x")
    y = x + tf.constant(2.0) * tf.constant(3.0)
    with tf.Session() as sess:
        plan = sess.plan_for(y, {x: 1.0})
        assert [op.type for op in plan.ops] == ["AddV2"] and plan.folded == 3
        assert sess.run(y, {x: 1.0}) == 7.0


def test_multi_output_ops(graph):
    x = tf.placeholder(tf.float32, [], name="x")
    op = apply_op(SPLIT2, [x], name="split")
    with tf.Session() as sess:
        assert sess.run([op.outputs[1], op.outputs[0]], {x: 1.0}) == [3.0, 2.0]
        assert sess.run(op.outputs[0] + op.outputs[1], {x: 2.0}) == 10.0
        assert sess.run(op, {x: 2.0}) is None


def test_long_chains_need_no_recursion(graph):
    x = tf.placeholder(tf.float32, [], name="x")
    y = x
    for _ in range(5000):
        y = tf.add(y, 1.0)
    with tf.Session() as sess:
        assert sess.run(y, {x: 0.0}) == 5000.0


def test_make_callable(graph):
    x = tf.placeholder(tf.float32, [], name="x")
    with tf.Session() as sess:
        call = sess.make_callable([x * 2.0, tf.no_op()], [x])
        assert call(3.0) == [6.0, None]
        with pytest.raises(TypeError):
            call()


def test_runs_from_several_threads(graph):
    x = tf.placeholder(tf.float32, [], name="x")
    y = x * 2.0
    sess = tf.Session()
    results = {}

    def work(i):
        results[i] = [sess.run(y, {x: float(i)}) for _ in range(50)]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(values == [2.0 * i] * 50 for i, values in results.items())


# -- errors from kernels ---------------------------------------------------------------------------

def test_kernel_errors_name_the_op_and_where_it_was_created(graph):
    x = tf.placeholder(tf.float32, [2], name="x")
    bad = apply_op(RAISING, [x], name="bad")._outputs[0]  # the kernel reshapes 2 values to (7, 7)
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError) as info:
            sess.run(bad, {x: [1.0, 2.0]})
    message = str(info.value)
    assert message.startswith("bad (TestSessionRaising, created at ") and "test_session.py:" in message
    assert "cannot reshape array" in message and info.value.op is bad.op
    assert isinstance(info.value.__cause__, ValueError)


def test_op_errors_keep_their_type_and_gain_the_op(graph):
    x = tf.placeholder(tf.float32, [3], name="x")
    y = tf.identity(x, name="y")
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match="placeholder tensor 'x' with dtype float32 and shape "
                                                              r"\[3\]") as info:
            sess.run(y)
    assert info.value.op is x.op and "test_session.py" in str(info.value)


def test_numpy_warnings_do_not_escape_kernels(graph):
    a = tf.constant([1.0, 0.0, -1.0])
    quotient = apply_op(DIVIDE, [a, tf.zeros([3])], name="quotient")._outputs[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with tf.Session() as sess:
            value = sess.run(quotient * 1.0)  # folded at plan time, then run
            again = sess.run(quotient)
    assert np.isinf(value[0]) and np.isnan(value[1]) and np.isinf(again[2])
    assert np.geterr()["divide"] == "warn"  # the error state is restored after the run


# -- session life cycle and default sessions ---------------------------------------------------------

def test_closed_sessions_refuse_to_run(graph):
    c = tf.constant(1)
    sess = tf.Session()
    sess.close()
    sess.close()  # closing twice is fine
    with pytest.raises(RuntimeError, match="^Attempted to use a closed Session.$"):
        sess.run(c)


def test_an_empty_graph_cannot_run(graph):
    with pytest.raises(RuntimeError, match="The Session graph is empty"):
        tf.Session().run([])


def test_session_constructor_checks_its_arguments(graph):
    with pytest.raises(TypeError, match="graph must be a tf.Graph"):
        tf.Session(graph=object())
    with pytest.raises(TypeError, match='Did you do "Session\\(config\\)"'):
        tf.Session(tf.ConfigProto())
    tf.Session(config=tf.ConfigProto(allow_soft_placement=True)).close()


def test_with_session_makes_it_and_its_graph_the_default():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant(3)
    with tf.Session(graph=g) as sess:
        assert get_default_session() is sess and tf.get_default_graph() is g
        assert c.eval() == 3
        with pytest.raises(RuntimeError, match="not re-entrant"):
            sess.__enter__()
    assert get_default_session() is None and tf.get_default_graph() is not g
    with pytest.raises(RuntimeError, match="closed"):
        sess.run(c)


def test_eval_and_run_need_a_default_or_explicit_session(graph):
    v = tf.Variable(2, name="v")
    sess = tf.Session()
    with pytest.raises(ValueError, match=r"^Cannot evaluate tensor using `eval\(\)`: No default session is registered. "
                                         r"Use `with sess.as_default\(\)` or pass an explicit session to "
                                         r"`eval\(session=sess\)`$"):
        v.value().eval()
    with pytest.raises(ValueError, match="Cannot execute operation using `run\\(\\)`: No default session"):
        v.initializer.run()
    v.initializer.run(session=sess)
    assert v.eval(session=sess) == 2
    with sess.as_default():
        assert tf.get_default_session() is sess and (v.value() * 3).eval() == 6
    other = tf.Graph()
    with other.as_default():
        foreign = tf.constant(1)
    with pytest.raises(ValueError, match="the tensor's graph is different from the session's graph"):
        foreign.eval(session=sess)
    with sess.as_default(), pytest.raises(ValueError, match="Cannot use the default session"):
        foreign.eval()


def test_interactive_session_is_the_default_until_closed(graph):
    c = tf.constant(7) * 6
    sess = tf.InteractiveSession()
    try:
        assert tf.get_default_session() is sess and c.eval() == 42
    finally:
        sess.close()
    assert tf.get_default_session() is None


def test_default_sessions_are_per_thread(graph):
    seen = []
    with tf.Session().as_default():
        worker = threading.Thread(target=lambda: seen.append(get_default_session()))
        worker.start()
        worker.join()
    assert seen == [None]


def test_feeding_a_constant_overrides_it_even_where_kernels_bind_constants():
    """TF lets any tensor be fed, a Const included: kernels that read constant inputs at plan time
    (reshape's shape, transpose's perm, reduction axes) use the fed value in plans that feed it."""
    graph = tf.Graph()
    with graph.as_default():
        x = tf.constant(np.arange(6.0))
        shape = tf.constant([2, 3])
        reshaped = tf.reshape(x, shape)
        summed = tf.reduce_sum(tf.reshape(x, [2, 3]), axis=tf.constant(0))
    with tf.Session(graph=graph) as sess:
        assert sess.run(reshaped).shape == (2, 3)
        assert sess.run(reshaped, {shape: [3, 2]}).shape == (3, 2)
        assert sess.run(reshaped).shape == (2, 3)  # the unfed plan still binds the constant
        assert sess.run(summed, {summed.op.inputs[1]: 1}).tolist() == [3.0, 12.0]
