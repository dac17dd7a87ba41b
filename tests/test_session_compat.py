"""Session behaviour TensorFlow's own session_test.py checks: bytes names, attrs fetches, constructor
arguments, the interactive-session warning, RunMetadata and make_callable's run options."""
import collections
import warnings

import numpy as np
import pytest

import graphscope as tf
from graphscope import errors

FULL_TRACE = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)


# -- names as bytes ---------------------------------------------------------------------------------

def test_fetches_may_name_tensors_and_ops_with_bytes(g):
    c = tf.constant(42.0, name="c")
    tf.Variable(1.0, name="v")
    with tf.Session() as sess:
        assert sess.run(b"c:0") == 42.0 and sess.run("c:0") == 42.0
        assert sess.run(b"v/Assign") is None and sess.run(b"v:0") == 1.0
        assert sess.run({"c": b"c:0", "both": [b"c:0", c]}) == {"c": 42.0, "both": [42.0, 42.0]}
        assert sess.run(["c:0", b"c:0"]) == [42.0, 42.0]
        plans = sess._plans_built
        assert sess.run(bytes(bytearray(b"c:0"))) == 42.0  # another bytes object, the same name: the same plan
        assert sess._plans_built == plans
        with pytest.raises(ValueError, match=r"Fetch argument b'nope:0' cannot be interpreted as a Tensor"):
            sess.run(b"nope:0")
        with pytest.raises(ValueError, match="cannot be interpreted as a Tensor"):
            sess.run(b"\xff:0")


def test_feed_dict_keys_may_be_bytes(g):
    x = tf.placeholder(tf.float32, [2], name="x")
    y = x * 2.0
    with tf.Session() as sess:
        assert sess.run(y, {b"x:0": [1.0, 2.0]}).tolist() == [2.0, 4.0]
        plans = sess._plans_built
        assert sess.run(y, {bytes(bytearray(b"x:0")): [3.0, 4.0]}).tolist() == [6.0, 8.0]  # the cached plan
        assert sess._plans_built == plans
        assert sess.run(b"x:0", feed_dict={b"x:0": [5.0, 6.0]}).tolist() == [5.0, 6.0]
        assert [op.name for op in sess.plan_for(y, {b"x:0": [0.0, 0.0]}).ops] == ["mul"]
        assert y.eval({b"x:0": [0.5, 0.5]}).tolist() == [1.0, 1.0]
        assert sess.make_callable(y, [b"x:0"])([1.0, 1.0]).tolist() == [2.0, 2.0]
        with pytest.raises(ValueError, match=r"Cannot feed value of shape \(3,\) for Tensor 'x:0'"):
            sess.run(y, {b"x:0": [1.0, 2.0, 3.0]})
        with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor: .*is not a UTF-8 name"):
            sess.run(y, {b"\xff:0": [1.0, 2.0]})
        with pytest.raises(TypeError, match="Cannot interpret feed_dict key as Tensor"):
            sess.run(y, {b"nope:0": [1.0, 2.0]})


# -- attrs classes as fetch structures -----------------------------------------------------------------

class _Field:
    def __init__(self, name):
        self.name = name


class FakeAttrs:
    """What TensorFlow looks for in an ``attrs`` class: ``__attrs_attrs__``, fields with a ``name``."""

    __attrs_attrs__ = (_Field("first"), _Field("second"))

    def __init__(self, first, second):
        self.first, self.second = first, second


def test_an_attrs_instance_is_fetched_field_by_field_and_rebuilt(g):
    a, b = tf.constant([1.0, 2.0], name="a"), tf.constant(3, name="b")
    sample = FakeAttrs(a, {"ops": [b, b.op], "name": b"a:0"})
    with tf.Session() as sess:
        result = sess.run(sample)
        assert type(result) is FakeAttrs
        assert result.first.tolist() == [1.0, 2.0]
        assert result.second == {"ops": [3, None], "name": result.second["name"]}
        assert result.second["name"].tolist() == [1.0, 2.0]
        fed = sess.run(sample, feed_dict={sample.first: [7.0, 8.0]})
        assert fed.first.tolist() == [7.0, 8.0] and fed.second["ops"][0] == 3
        single = sess.run(FakeAttrs(b, b.op))  # one tensor in it is still a structure, not a bare value
        assert type(single) is FakeAttrs and single.first == 3 and single.second is None


def test_an_attrs_instance_whose_fields_change_gets_a_new_plan(g):
    a, b = tf.constant(1, name="a"), tf.constant(2, name="b")
    sample = FakeAttrs(a, a)
    with tf.Session() as sess:
        assert (sess.run(sample).first, sess.run(sample).second) == (1, 1)
        sample.second = b  # the same object, another structure: the cached plan must not be reused
        assert (sess.run(sample).first, sess.run(sample).second) == (1, 2)


def test_real_attrs_classes_nest_like_namedtuples(g):
    attr = pytest.importorskip("attr")

    @attr.s
    class Sample:
        field0 = attr.ib()
        field1 = attr.ib()

    Pair = collections.namedtuple("Pair", ["x", "y"])
    sample = Sample(Sample(tf.constant(10), Pair(tf.constant(1.5), tf.constant([7, 11]))),
                    {"A": [Sample(tf.constant(2.0), tf.constant(-3.0))]})
    with tf.Session() as sess:
        result = sess.run(sample)
    assert isinstance(result, Sample) and isinstance(result.field0, Sample)
    assert result.field0.field0 == 10 and isinstance(result.field0.field1, Pair)
    assert result.field0.field1.x == 1.5 and result.field0.field1.y.tolist() == [7, 11]
    inner = result.field1["A"][0]
    assert isinstance(inner, Sample) and (inner.field0, inner.field1) == (2.0, -3.0)


# -- constructor arguments -----------------------------------------------------------------------------

def test_config_must_be_a_config_proto(g):
    tf.constant(1)
    with pytest.raises(TypeError, match=r"^config must be a tf.ConfigProto, but got <class 'int'>$"):
        tf.Session(config=37)
    with pytest.raises(TypeError, match="config must be a tf.ConfigProto, but got <class 'dict'>"):
        tf.InteractiveSession(config={"allow_soft_placement": True})
    tf.Session(config=tf.ConfigProto(allow_soft_placement=True)).close()
    tf.Session(config=None).close()


def test_only_the_default_empty_target_is_served(g):
    c = tf.constant(5)
    for target in ("INVALID_TARGET", b"grpc://localhost:2222", "local"):
        with pytest.raises(errors.NotFoundError, match="No session factory registered for the given session "
                                                       "options.*use the default \\(empty\\) target") as info:
            tf.Session(target)
        assert info.value.error_code == errors.NOT_FOUND
    with pytest.raises(errors.NotFoundError, match="INVALID_TARGET"):
        tf.Session(target="INVALID_TARGET")
    with pytest.raises(TypeError, match="target must be a string"):
        tf.Session(37)
    for target in ("", b"", None):
        with tf.Session(target) as sess:
            assert sess.run(c) == 5
    assert tf.Session("").sess_str == b"" and tf.Session(None).sess_str is None
    assert tf.get_default_session() is None  # a refused InteractiveSession does not become the default
    with pytest.raises(errors.NotFoundError):
        tf.InteractiveSession("INVALID_TARGET")
    assert tf.get_default_session() is None and tf.InteractiveSession._active_session_count == 0


# -- interactive sessions ------------------------------------------------------------------------------

def test_a_second_open_interactive_session_warns(g):
    message = ("An interactive session is already active. This can cause out-of-memory errors in some cases. "
               "You must explicitly call `InteractiveSession.close()` to release resources held by the other "
               "session(s).")
    c = tf.constant(4.0)
    assert tf.InteractiveSession._active_session_count == 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = tf.InteractiveSession()
        assert first.run(c) == 4.0
        first.close()
        first = tf.InteractiveSession()  # one after another: no warning
        assert not caught
        second = tf.InteractiveSession()
        assert [str(w.message) for w in caught] == [message]
        assert caught[0].category is UserWarning and caught[0].filename == __file__
        assert tf.InteractiveSession._active_session_count == 2
        second.close()
        second.close()  # closing twice counts once
        assert tf.InteractiveSession._active_session_count == 1
        first.close()
        assert tf.InteractiveSession._active_session_count == 0
        tf.InteractiveSession().close()
        tf.Session().close()  # plain sessions are not counted
    assert len(caught) == 1 and tf.get_default_session() is None


# -- RunMetadata ---------------------------------------------------------------------------------------

def test_a_fresh_run_metadata_reads_as_an_empty_proto():
    meta = tf.RunMetadata()
    assert meta.step_stats.dev_stats == [] and meta.partition_graphs == []
    assert not meta.HasField("step_stats")
    assert tf.RunMetadata().step_stats is not meta.step_stats  # each its own message
    with pytest.raises(ValueError, match='no singular "partition_graphs" field'):
        meta.HasField("partition_graphs")
    meta.step_stats.dev_stats.append("a device")
    assert meta.HasField("step_stats")
    meta.Clear()
    assert not meta.HasField("step_stats") and meta.partition_graphs == []


def test_run_metadata_is_filled_by_traced_runs_only(g):
    meta = tf.RunMetadata()
    c = tf.constant(1.0, name="c") * 2.0
    with tf.Session() as sess:
        assert sess.run(c, options=None, run_metadata=None) == 2.0
        assert sess.run(c, run_metadata=meta) == 2.0
        assert not meta.HasField("step_stats")
        assert sess.run(c, options=FULL_TRACE) == 2.0  # no run_metadata to fill
        assert not meta.HasField("step_stats")
        assert sess.run(c, options=FULL_TRACE, run_metadata=meta) == 2.0
        assert meta.HasField("step_stats") and len(meta.step_stats.dev_stats) == 1
        assert meta.trace.results == 2.0
        assert sess.run(c, options=tf.RunOptions(), run_metadata=meta) == 2.0  # refilled: emptied
        assert not meta.HasField("step_stats") and not hasattr(meta, "trace")


def test_make_callable_honours_run_options_and_metadata(g):
    x = tf.placeholder(tf.float32, [], name="x")
    y = tf.add(x, 1.0, name="y")
    v = tf.Variable(42.0, name="v")
    bump = tf.assign_add(v, 1.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        for runner in (sess.make_callable(y, [x], accept_options=True),
                       sess.make_callable(y, feed_list=[x.name])):  # a feed_list takes them, as in TF
            meta = tf.RunMetadata()
            assert runner(41.0, options=FULL_TRACE, run_metadata=meta) == 42.0
            assert meta.HasField("step_stats") and len(meta.step_stats.dev_stats) == 1
            assert "y" in meta.trace.executed
            assert runner(1.0, options=tf.RunOptions(), run_metadata=meta) == 2.0
            assert not meta.HasField("step_stats")
            assert runner(2.0, options=FULL_TRACE) == 3.0 and runner(3.0) == 4.0
        meta = tf.RunMetadata()
        run_bump = sess.make_callable(bump.op, accept_options=True)
        assert run_bump(options=FULL_TRACE, run_metadata=meta) is None and sess.run(v) == 43.0
        assert meta.HasField("step_stats")
        both = sess.make_callable([bump, y], [x], accept_options=True)
        assert both(1.0, options=FULL_TRACE, run_metadata=meta) == [44.0, 2.0]
        assert [n.node_name for n in meta.step_stats.dev_stats[0].node_stats] == ["AssignAdd", "y"]
        plain = sess.make_callable(bump.op)
        assert plain() is None
        with pytest.raises(TypeError, match="accept_options=True"):
            plain(options=FULL_TRACE, run_metadata=tf.RunMetadata())
        with pytest.raises(TypeError):
            plain(bogus=1)


def test_a_traced_run_leaves_cached_plans_and_results_alone(g):
    x = tf.placeholder(tf.float32, [3], name="x")
    y = tf.reduce_sum(x * np.float32(2.0))
    with tf.Session() as sess:
        assert sess.run(y, {x: [1.0, 2.0, 3.0]}) == 12.0
        plans = sess._plans_built
        meta = tf.RunMetadata()
        assert sess.run(y, {b"x:0": [1.0, 1.0, 1.0]}, options=FULL_TRACE, run_metadata=meta) == 6.0
        assert sess.run(y, {x: [1.0, 2.0, 3.0]}) == 12.0
        assert sess._plans_built == plans
        assert {n.node_name for n in meta.step_stats.dev_stats[0].node_stats} >= {"mul", "Sum"}
