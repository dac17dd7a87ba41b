"""Traced runs: traced_run and Session.run(options=FULL_TRACE, run_metadata=...) record every op's
values and time, which ops were pruned and which tensors fed, and otherwise run exactly as Session.run."""
import collections

import numpy as np
import pytest

import graphscope as tf
from graphscope import errors
from graphscope.trace import OpRecord, Trace, summarize, traced_run

FULL = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)


@pytest.fixture
def model():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        w = tf.Variable(np.ones((3, 2), np.float32), name="w")
        h = tf.matmul(x, w, name="h")
        y = tf.reduce_sum(tf.nn.relu(h), name="y")
        unused = tf.sqrt(x, name="unused")
        step = tf.assign_add(w, tf.ones_like(w), name="step")
        init = tf.global_variables_initializer()
    sess = tf.Session(graph=graph)
    sess.run(init)
    yield collections.namedtuple("Model", "graph x w h y unused step sess")(graph, x, w, h, y, unused, step, sess)
    sess.close()


FEED = np.array([[1.0, -2.0, 3.0], [0.5, 0.5, 0.5]], np.float32)


def test_results_are_those_of_session_run(model):
    fetches = {"y": model.y, "pair": [model.h, "x:0"]}
    trace = traced_run(model.sess, fetches, {model.x: FEED})
    expected = model.sess.run(fetches, {model.x: FEED})
    assert trace.results.keys() == expected.keys()
    np.testing.assert_array_equal(trace.results["y"], expected["y"])
    np.testing.assert_array_equal(trace.results["pair"][0], expected["pair"][0])
    assert isinstance(trace, Trace)


def test_executed_pruned_and_fed(model):
    trace = traced_run(model.sess, model.y, {model.x: FEED})
    assert {"h", "Relu", "y", "w"} <= set(trace.executed)
    assert "unused" in trace.pruned and "step" in trace.pruned and "w/Assign" in trace.pruned
    assert trace.fed == {"x:0"} and trace.fed_ops == {"x"}
    assert "x" not in trace.executed and "x" not in trace.pruned
    assert trace.status("x") == "fed" and trace.status("unused") == "pruned"
    assert trace.status("w") == "variable" and trace.status("h") == "run"
    names = set(trace.executed) | trace.pruned | trace.fed_ops
    assert names == {op.name for op in model.graph.get_operations()}
    with pytest.raises(KeyError):
        trace.status("nope")


def test_records_values_shapes_dtypes_and_times(model):
    trace = traced_run(model.sess, model.y, {model.x: FEED})
    h = trace.executed["h"]
    assert isinstance(h, OpRecord) and h.type == "MatMul" and h.kind == "run"
    assert h.shape == (2, 2) and h.dtype == "float32" and h.outputs[0].name == "h:0"
    np.testing.assert_array_equal(h.outputs[0].value, FEED @ np.ones((3, 2), np.float32))
    assert h.summary == "[2.  2.  1.5 1.5]"
    assert h.time > 0 and h.start is not None
    w = trace.executed["w"]
    assert w.kind == "variable" and w.summary == "[1. 1. 1. 1. 1. 1.]" and w.time == 0.0
    orders = [r.order for r in trace.executed.values()]
    assert orders == sorted(orders) == list(range(len(orders)))
    assert trace.run_time > 0 and trace.plan_time > 0


def test_folded_ops_are_marked(model):
    with model.graph.as_default():
        z = tf.add(tf.constant(2.0, name="two") * 3.0, model.y, name="z")
    trace = traced_run(model.sess, z, {model.x: FEED})
    assert trace.executed["mul"].kind == "folded" and trace.executed["mul"].summary == "6.0"
    assert trace.executed["mul"].time == 0.0
    assert trace.status("two") == "folded"


def test_multi_output_ops(model):
    with model.graph.as_default():
        a, b, c = tf.unstack(model.x, axis=1, name="cols")
        s = tf.add(a, c, name="s")
    trace = traced_run(model.sess, s, {model.x: FEED})
    cols = trace.executed["cols"]
    assert [o.name for o in cols.outputs] == ["cols:0", "cols:1", "cols:2"]
    assert [o.summary for o in cols.outputs] == ["[1.  0.5]", "[-2.   0.5]", "[3.  0.5]"]


def test_state_changes_like_a_normal_run(model):
    trace = traced_run(model.sess, model.step)
    np.testing.assert_array_equal(trace.results, np.full((3, 2), 2.0, np.float32))
    np.testing.assert_array_equal(model.sess.run(model.w), np.full((3, 2), 2.0, np.float32))
    assert trace.executed["step"].kind == "run"


def test_errors_are_those_of_session_run(model):
    with pytest.raises(ValueError, match="Cannot feed value of shape"):
        traced_run(model.sess, model.y, {model.x: [1.0]})
    fresh = tf.Session(graph=model.graph)
    with pytest.raises(errors.FailedPreconditionError, match="uninitialized value w"):
        traced_run(fresh, model.y, {model.x: FEED})
    fresh.close()
    with pytest.raises(RuntimeError, match="closed Session"):
        traced_run(fresh, model.y, {model.x: FEED})


def test_session_run_with_full_trace(model):
    meta = tf.RunMetadata()
    plans = model.sess._plans_built
    value = model.sess.run(model.y, {model.x: FEED}, options=FULL, run_metadata=meta)
    assert value == model.sess.run(model.y, {model.x: FEED})
    assert isinstance(meta.trace, Trace) and "h" in meta.trace.executed
    assert meta.trace.executed["h"].outputs[0].value is None  # summaries only
    nodes = meta.step_stats.dev_stats[0].node_stats
    assert {n.node_name for n in nodes} >= {"h", "y"}
    assert all(n.all_end_rel_micros >= 0 for n in nodes)
    assert model.sess._plans_built == plans + 1  # traced runs make no cached plan


def test_session_run_without_tracing_leaves_metadata_alone(model):
    meta = tf.RunMetadata()
    model.sess.run(model.y, {model.x: FEED}, options=tf.RunOptions(), run_metadata=meta)
    model.sess.run(model.y, {model.x: FEED}, options=FULL)
    assert not hasattr(meta, "trace")


def test_table(model):
    trace = traced_run(model.sess, model.y, {model.x: FEED})
    table = trace.table()
    lines = table.splitlines()
    assert lines[0].split() == ["#", "op", "type", "shape", "dtype", "value", "time"]
    assert any(line.split()[1:3] == ["h", "MatMul"] for line in lines[1:-1])
    assert lines[-1].startswith("%d ops ran (" % len(trace.executed)) and "fed: x:0" in lines[-1]
    assert str(trace) == table
    slowest = trace.table(sort="time", limit=2).splitlines()
    assert len(slowest) == 5 and slowest[3].startswith("... ")
    with pytest.raises(ValueError):
        trace.table(sort="name")
    assert repr(trace).startswith("<Trace: ")


def test_keep_values_false(model):
    trace = traced_run(model.sess, model.y, {model.x: FEED}, keep_values=False)
    assert all(o.value is None for r in trace.executed.values() for o in r.outputs)
    assert trace.executed["h"].summary == "[2.  2.  1.5 1.5]"


def test_summaries():
    assert summarize(None) == ""
    assert summarize(np.float32(1.5)) == "1.5"
    assert summarize(np.array([], np.float32)) == "empty"
    assert summarize(np.arange(10, dtype=np.int32)) == "min 0 mean 4.5 max 9"
    assert summarize(np.array([np.nan] * 8)) == "all non-finite (8 nan)"
    assert summarize(np.array([b"a", b"b", b"c", b"d"], dtype=object)) == "[b'a', b'b', b'c', ...]"
    assert summarize(np.array([1 + 1j] * 7)).startswith("|z| min 1.414")
    assert summarize(np.array(b"text", dtype=object)) == "b'text'"
    assert len(summarize(np.arange(6) * 123456.789)) <= 60


def test_a_run_of_folded_values_only():
    with tf.Graph().as_default() as graph:
        c = tf.constant(2.0, name="c") * 4.0
    with tf.Session(graph=graph) as sess:
        trace = traced_run(sess, c)
    assert trace.results == 8.0 and trace.executed["mul"].kind == "folded"
    assert trace.executed["mul"].summary == "8.0"
