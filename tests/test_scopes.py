"""Tests for graphscope.scopes: name_scope and variable_scope with every rule of TF1
(TF1_SEMANTICS.md, the tf.variable_scope documentation and TensorFlow's variable_scope.py)."""

import threading

import pytest

import graphscope as tf
from graphscope.scopes import VariableScope


def here(g):
    """(variable scope name, name scope) of this thread: the two stacks."""
    return tf.get_variable_scope().name, g.get_name_scope()


def op_name():
    return tf.constant(0.0, name="op").op.name


# -- name_scope -------------------------------------------------------------------------------


def test_name_scope_nests_and_uniquifies(g):
    with tf.name_scope("a") as a:
        with tf.name_scope("b") as b:
            assert op_name() == "a/b/op"
    with tf.name_scope("a") as a1:
        pass
    assert (a, b, a1) == ("a/", "a/b/", "a_1/")
    assert g.get_name_scope() == ""


def test_name_scope_none_and_empty_go_to_the_root(g):
    with tf.name_scope("a"):
        with tf.name_scope(None) as s:
            assert s == ""
            assert g.get_name_scope() == ""
            assert op_name() == "op"
        with tf.name_scope("") as s:
            assert s == ""
            assert op_name() == "op_1"
        assert g.get_name_scope() == "a"


def test_name_scope_ending_in_slash_reenters_exactly(g):
    with tf.name_scope("a") as a:
        pass
    with tf.name_scope("b"):
        with tf.name_scope(a) as again:
            assert again == "a/"
            assert op_name() == "a/op"
        with tf.name_scope("never/opened/") as absolute:
            assert absolute == "never/opened/"
    assert op_name() == "op"


def test_name_scope_default_name(g):
    with tf.name_scope(None, default_name="d") as d:
        pass
    with tf.name_scope(None, "d") as d1:
        pass
    with tf.name_scope("given", default_name="d") as given:
        pass
    assert (d, d1, given) == ("d/", "d_1/", "given/")
    assert tf.name_scope(None, "d").name == "d"
    assert tf.name_scope("x", "d").name == "x"


def test_name_scope_none_with_values_and_no_default_name_is_an_error(g):
    t = tf.constant(1.0)
    with pytest.raises(ValueError, match="default_name"):
        with tf.name_scope(None, values=[t]):
            pass
    with tf.name_scope("", values=[t]) as s:  # "" is a name: the root
        assert s == ""


def test_name_scope_values_graph_becomes_default(g):
    other = tf.Graph()
    with other.as_default():
        t = tf.constant(1.0, name="t")
    with tf.name_scope("n", values=[t]) as scope:
        assert tf.get_default_graph() is other
        assert scope == "n/"
        assert tf.constant(2.0, name="c").name == "n/c:0"
    assert tf.get_default_graph() is g
    assert g.get_name_scope() == ""
    assert [op.name for op in g.get_operations()] == []
    assert [op.name for op in other.get_operations()] == ["t", "n/c"]


def test_name_scope_values_from_two_graphs_name_both(g):
    a = tf.constant(1.0, name="a")
    other = tf.Graph()
    with other.as_default():
        b = tf.constant(1.0, name="b")
    for scope in (lambda: tf.name_scope("n", values=[a, b]),
                  lambda: tf.variable_scope("v", values=[a, b])):
        with pytest.raises(ValueError, match="same graph") as info:
            with scope():
                pass
        assert repr(g) in str(info.value) and repr(other) in str(info.value)
        assert here(g) == ("", "")
        assert tf.get_default_graph() is g


def test_name_stack_is_per_graph(g):
    other = tf.Graph()
    with tf.name_scope("in_g"):
        with other.as_default():
            assert other.get_name_scope() == ""
            assert op_name() == "op"
        assert g.get_name_scope() == "in_g"


def test_name_stack_is_per_thread(g):
    seen = {}

    def worker():
        with g.as_default():
            seen["scope"] = g.get_name_scope()
            with tf.name_scope("t") as s:
                seen["opened"] = s

    with tf.name_scope("main"):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert g.get_name_scope() == "main"
    assert seen == {"scope": "", "opened": "t/"}


# -- variable_scope: the two prefixes ---------------------------------------------------------


def test_variable_scope_prefixes_variables_and_ops(g):
    with tf.variable_scope("foo") as scope:
        with tf.variable_scope("bar") as inner:
            v = tf.get_variable("v", [1])
            assert op_name() == "foo/bar/op"
    assert v.name == "foo/bar/v:0"
    assert (scope.name, scope.original_name_scope) == ("foo", "foo/")
    assert (inner.name, inner.original_name_scope) == ("foo/bar", "foo/bar/")


def test_reopened_scope_puts_ops_in_foo_1_and_variables_in_foo(g):
    with tf.variable_scope("foo"):
        v = tf.get_variable("v", [1])
        first = op_name()
    with tf.variable_scope("foo") as scope:
        w = tf.get_variable("w", [1])
        second = op_name()
        assert here(g) == ("foo", "foo_1")
    assert (v.name, w.name) == ("foo/v:0", "foo/w:0")
    assert (first, second) == ("foo/op", "foo_1/op")
    assert scope.original_name_scope == "foo_1/"


def test_get_variable_ignores_name_scopes(g):
    with tf.name_scope("ns"):
        v = tf.get_variable("v", [1])
        with tf.variable_scope("vs"):
            w = tf.get_variable("w", [1])
            assert op_name() == "ns/vs/op"
    assert (v.name, w.name) == ("v:0", "vs/w:0")
    assert v.op.name == "v" and v.initializer.name == "v/Assign"


def test_root_scope(g):
    root = tf.get_variable_scope()
    assert isinstance(root, VariableScope)
    assert root.name == ""
    assert root.original_name_scope == ""
    assert not root.reuse


# -- reuse ------------------------------------------------------------------------------------


def test_reuse_true_is_inherited_by_sub_scopes(g):
    with tf.variable_scope("a"):
        with tf.variable_scope("b"):
            v = tf.get_variable("v", [1])
    with tf.variable_scope("a", reuse=True) as a:
        assert a.reuse is True
        with tf.variable_scope("b") as b:
            assert b.reuse is True
            assert tf.get_variable("v", [1]) is v
            with tf.variable_scope("new"):
                assert tf.get_variable_scope().reuse is True
                with pytest.raises(ValueError, match="does not exist"):
                    tf.get_variable("w", [1])


@pytest.mark.parametrize("undo", [False, None])
def test_reuse_false_or_none_cannot_undo_inherited_reuse(g, undo):
    with tf.variable_scope("a", reuse=True):
        with tf.variable_scope("b", reuse=undo) as b:
            assert b.reuse is True
    with tf.variable_scope("c", reuse=tf.AUTO_REUSE):
        with tf.variable_scope("d", reuse=undo) as d:
            assert d.reuse is tf.AUTO_REUSE
    with tf.variable_scope("e") as e:
        e.reuse_variables()
        with tf.variable_scope("f", reuse=undo) as f:
            assert f.reuse is True


def test_reuse_none_and_false_are_the_same(g):
    with tf.variable_scope("a", reuse=False) as a:
        assert not a.reuse
        tf.get_variable("v", [1])
        with pytest.raises(ValueError, match="already exists"):
            tf.get_variable("v", [1])
    with tf.variable_scope("b", reuse=None) as b:
        assert not b.reuse


def test_auto_reuse_creates_then_shares_and_is_inherited(g):
    assert repr(tf.AUTO_REUSE) == "tf.AUTO_REUSE"
    with tf.variable_scope("a", reuse=tf.AUTO_REUSE):
        v = tf.get_variable("v", [1])
        with tf.variable_scope("b") as b:
            assert b.reuse is tf.AUTO_REUSE
            w = tf.get_variable("w", [1])
            assert tf.get_variable("w", [1]) is w
            with tf.variable_scope("c", reuse=True) as c:
                assert c.reuse is True
    with tf.variable_scope("a", reuse=tf.AUTO_REUSE):
        assert tf.get_variable("v", [1]) is v
    assert [x.name for x in tf.global_variables()] == ["a/v:0", "a/b/w:0"]


def test_reuse_variables_affects_the_current_scope_only(g):
    with tf.variable_scope("a") as a:
        tf.get_variable("v", [1])
        with tf.variable_scope("before") as before:
            pass
        a.reuse_variables()
        assert a.reuse is True
        assert tf.get_variable_scope().reuse is True
        with tf.variable_scope("after") as after:
            assert after.reuse is True
        tf.get_variable("v", [1])
    assert not before.reuse
    with tf.variable_scope("a") as again:
        assert not again.reuse  # a new scope object: reuse_variables() does not stick to the name


def test_reuse_variables_on_the_root_scope(g):
    v = tf.get_variable("v", [1])
    tf.get_variable_scope().reuse_variables()
    assert tf.get_variable("v", [1]) is v
    with tf.variable_scope("x") as x:
        assert x.reuse is True


def test_reuse_must_be_true_none_false_or_auto(g):
    with pytest.raises(ValueError, match="reuse"):
        tf.variable_scope("a", reuse="yes")
    with pytest.raises(ValueError, match="reuse"):
        tf.variable_scope("a", reuse=1)


# -- captured scopes --------------------------------------------------------------------------


def test_captured_scope_reentry_jumps_out_of_the_current_variable_scope(g):
    with tf.variable_scope("foo") as foo:
        pass
    with tf.variable_scope("bar"):
        with tf.variable_scope("baz"):
            with tf.variable_scope(foo) as reentered:
                assert reentered.name == "foo"
                assert reentered.original_name_scope == "foo/"
                assert g.get_name_scope() == "bar/baz/foo"
                v = tf.get_variable("v", [1])
                assert op_name() == "bar/baz/foo/op"
            assert here(g) == ("bar/baz", "bar/baz")
    assert v.name == "foo/v:0"
    assert reentered is not foo  # a copy of the captured scope


def test_captured_scope_name_scope_from_its_last_component(g):
    with tf.variable_scope("outer"):
        with tf.variable_scope("inner") as inner:
            pass
    with tf.variable_scope(inner) as s1:
        assert here(g) == ("outer/inner", "inner")
    with tf.variable_scope(inner):
        assert here(g) == ("outer/inner", "inner_1")
    with tf.name_scope("n"):
        with tf.variable_scope(inner):
            assert here(g) == ("outer/inner", "n/inner")
    assert s1.original_name_scope == "outer/inner/"


def test_captured_scope_nested_reentry_nests_name_scopes(g):
    with tf.variable_scope("a") as a:
        pass
    with tf.variable_scope(a):
        with tf.variable_scope(a):
            assert here(g) == ("a", "a_1/a")
            assert tf.get_variable("v", [1]).name == "a/v:0"


def test_captured_scope_keeps_its_own_reuse(g):
    with tf.variable_scope("a") as a:
        tf.get_variable("v", [1])
    with tf.variable_scope("b", reuse=True):
        with tf.variable_scope(a) as s:
            assert not s.reuse  # the enclosing reuse is ignored
            with pytest.raises(ValueError, match="already exists"):
                tf.get_variable("v", [1])
    with tf.variable_scope("c", reuse=tf.AUTO_REUSE):
        with tf.variable_scope(a):
            with pytest.raises(ValueError, match="already exists"):
                tf.get_variable("v", [1])
    a.reuse_variables()
    with tf.variable_scope(a) as s:
        assert s.reuse is True
    with tf.variable_scope("d") as d:
        d.reuse_variables()
    with tf.variable_scope("e"):
        with tf.variable_scope(d) as s:
            assert s.reuse is True


def test_captured_scope_with_reuse_given(g):
    with tf.variable_scope("a") as a:
        v = tf.get_variable("v", [1])
    with tf.variable_scope(a, reuse=True) as s:
        assert s.reuse is True
        assert tf.get_variable("v", [1]) is v
    with tf.variable_scope(a, reuse=tf.AUTO_REUSE):
        assert tf.get_variable("v", [1]) is v
        w = tf.get_variable("w", [1])
    assert w.name == "a/w:0"
    assert not a.reuse  # the captured object itself is unchanged


def test_captured_root_scope(g):
    root = tf.get_variable_scope()
    with tf.variable_scope("a"):
        with tf.variable_scope(root) as s:
            assert s.name == ""
            assert g.get_name_scope() == "a"  # the root opens no name scope
            assert tf.get_variable("v", [1]).name == "v:0"


def test_variable_scope_accepts_the_captured_scope_of_another_graph(g):
    other = tf.Graph()
    with other.as_default():
        with tf.variable_scope("elsewhere") as elsewhere:
            pass
    with tf.variable_scope(elsewhere):
        assert tf.get_variable("v", [1]).name == "elsewhere/v:0"
    assert tf.global_variables()[0].graph is g


# -- default_name -----------------------------------------------------------------------------


def test_default_name_is_uniquified(g):
    names = []
    for _ in range(3):
        with tf.variable_scope(None, default_name="layer") as s:
            names.append((s.name, g.get_name_scope()))
    assert names == [("layer", "layer"), ("layer_1", "layer_1"), ("layer_2", "layer_2")]


def test_default_name_ignored_when_a_name_is_given(g):
    with tf.variable_scope("given", default_name="layer") as s:
        assert s.name == "given"
    with tf.variable_scope(None, default_name="layer") as s:
        assert s.name == "layer"


def test_default_name_counters_are_per_parent_and_restart_when_it_is_left(g):
    with tf.variable_scope("foo"):
        with tf.variable_scope(None, default_name="d") as d0:
            pass
        with tf.variable_scope(None, default_name="d") as d1:
            pass
    with tf.variable_scope("bar"):
        with tf.variable_scope(None, default_name="d") as other_parent:
            pass
    with tf.variable_scope("foo"):
        with tf.variable_scope(None, default_name="d") as again:
            assert g.get_name_scope() == "foo_1/d"
    assert (d0.name, d1.name, other_parent.name, again.name) == ("foo/d", "foo/d_1", "bar/d", "foo/d")


def test_default_name_counters_are_case_sensitive_but_name_scopes_are_not(g):
    with tf.variable_scope(None, default_name="a") as a:
        tf.get_variable("v", [1])
    with tf.variable_scope(None, default_name="A") as big:
        big_ns = g.get_name_scope()
    with tf.variable_scope(None, default_name="A") as big1:
        pass
    assert (a.name, big.name, big1.name) == ("a", "A", "A_1")
    assert (a.original_name_scope, big_ns, big1.original_name_scope) == ("a/", "A_1", "A_2/")


def test_default_name_after_a_string_scope_of_the_same_name(g):
    with tf.variable_scope("d"):
        pass
    with tf.variable_scope(None, default_name="d") as s:
        assert (s.name, g.get_name_scope()) == ("d_1", "d_1")


def test_default_name_counters_in_a_captured_scope_are_restored(g):
    with tf.variable_scope("foo") as foo:
        with tf.variable_scope(None, default_name="d") as s:
            assert s.name == "foo/d"
    with tf.variable_scope(foo):
        with tf.variable_scope(None, default_name="d") as s:
            assert s.name == "foo/d"
        with tf.variable_scope(None, default_name="d") as s:
            assert s.name == "foo/d_1"
    with tf.variable_scope(foo):
        with tf.variable_scope(None, default_name="d") as s:
            assert s.name == "foo/d"


def test_default_name_with_values(g):
    t = tf.constant(1.0, name="t")
    with tf.variable_scope(None, default_name="d", values=[t]) as s:
        assert s.name == "d"
        assert tf.get_default_graph() is g


def test_reuse_auto_with_default_name_only_is_a_value_error_too(g):
    # as TensorFlow: `if self._reuse: raise ValueError(...)`, and AUTO_REUSE is truthy
    with pytest.raises(ValueError, match="reuse"):
        with tf.variable_scope(None, default_name="d", reuse=tf.AUTO_REUSE):
            pass
    with tf.variable_scope(None, default_name="d", reuse=False) as s:
        assert s.name == "d"


# -- values -----------------------------------------------------------------------------------


def test_variable_scope_values_graph_becomes_default(g):
    other = tf.Graph()
    with other.as_default():
        t = tf.constant(1.0, name="t")
    with tf.variable_scope("vs", values=[t]) as s:
        assert tf.get_default_graph() is other
        v = tf.get_variable("v", [1])
        assert op_name() == "vs/op"
    assert s.name == "vs"
    assert v.graph is other
    assert tf.get_default_graph() is g
    assert g.get_operations() == []
    assert tf.global_variables() == []
    with other.as_default():
        assert tf.global_variables() == [v]


def test_variable_scope_values_accept_variables(g):
    other = tf.Graph()
    with other.as_default():
        w = tf.get_variable("w", [1])
    with tf.variable_scope("vs", values=[w]):
        assert tf.get_default_graph() is other


def test_scope_stores_are_per_graph(g):
    other = tf.Graph()
    with tf.variable_scope("in_g"):
        with other.as_default():
            assert tf.get_variable_scope().name == ""
            with tf.variable_scope("in_other"):
                assert tf.get_variable("v", [1]).name == "in_other/v:0"
        assert tf.get_variable_scope().name == "in_g"


# -- argument errors --------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [42, ["a"], 1.5, b"bytes"])
def test_name_or_scope_of_a_wrong_type_is_a_type_error(g, bad):
    with pytest.raises(TypeError):
        with tf.variable_scope(bad):
            pass
    assert here(g) == ("", "")


def test_neither_name_nor_default_name_is_a_type_error(g):
    with pytest.raises(TypeError, match="default_name"):
        tf.variable_scope(None)
    with pytest.raises(TypeError):
        tf.variable_scope(None, default_name=None)


def test_reuse_true_with_default_name_only_is_a_value_error(g):
    with tf.variable_scope("a"):
        with pytest.raises(ValueError, match="reuse"):
            with tf.variable_scope(None, default_name="d", reuse=True):
                pass
        assert here(g) == ("a", "a")
    assert here(g) == ("", "")
    with tf.variable_scope(None, default_name="d") as d:
        assert d.name == "d"  # the failed scope took no name


@pytest.mark.parametrize("bad", [1, 0, None, "yes"])
def test_auxiliary_name_scope_must_be_a_bool(g, bad):
    with pytest.raises(TypeError, match="auxiliary_name_scope"):
        with tf.variable_scope("a", auxiliary_name_scope=bad):
            pass
    assert here(g) == ("", "")


def test_custom_getter_must_be_callable(g):
    with pytest.raises(ValueError, match="custom_getter"):
        tf.variable_scope("a", custom_getter="not callable")


def test_a_variable_scope_object_cannot_be_entered_twice(g):
    scope = tf.variable_scope("a")
    with scope:
        with pytest.raises(RuntimeError):
            scope.__enter__()
    assert here(g) == ("", "")


# -- auxiliary_name_scope ---------------------------------------------------------------------


def test_auxiliary_name_scope_false_opens_no_name_scope(g):
    with tf.variable_scope("abc", auxiliary_name_scope=False) as s:
        assert here(g) == ("abc", "")
        assert s.original_name_scope == ""
        assert op_name() == "op"
        assert tf.get_variable("v", [1]).name == "abc/v:0"
    with tf.name_scope("outer"):
        with tf.variable_scope("abc", auxiliary_name_scope=False) as s:
            assert here(g) == ("abc", "outer")
            assert s.original_name_scope == "outer/"
    with tf.variable_scope("abc") as s:
        assert s.original_name_scope == "abc/"  # the name 'abc' was never taken


def test_auxiliary_name_scope_false_with_default_name(g):
    with tf.variable_scope(None, default_name="d", auxiliary_name_scope=False) as s:
        assert here(g) == ("d", "")
    with tf.variable_scope(None, default_name="d") as s2:
        pass
    assert (s.name, s2.name, s2.original_name_scope) == ("d", "d_1", "d/")


def test_reenter_captured_scope_and_its_original_name_scope(g):
    """The documented idiom: re-enter a scope without a new name scope, then its name scope."""
    with tf.variable_scope("scope") as scope:
        pass
    with tf.variable_scope(scope, auxiliary_name_scope=False) as s:
        assert here(g) == ("scope", "")
        with tf.name_scope(s.original_name_scope):
            assert op_name() == "scope/op"
            assert here(g) == ("scope", "scope")


def test_auxiliary_name_scope_is_not_inherited(g):
    with tf.variable_scope("a", auxiliary_name_scope=False):
        with tf.variable_scope("b") as b:
            assert here(g) == ("a/b", "b")
    assert b.original_name_scope == "b/"


# -- nesting and exceptions -------------------------------------------------------------------


def test_improper_nesting_is_a_runtime_error(g):
    outer = tf.variable_scope("outer")
    inner = tf.variable_scope("inner")
    outer.__enter__()
    inner.__enter__()
    with pytest.raises(RuntimeError, match="nesting"):
        outer.__exit__(None, None, None)
    inner.__exit__(None, None, None)  # leave the default-graph stack as the fixture found it
    assert tf.get_default_graph() is g


def test_an_exit_out_of_order_can_be_retried_in_order(g):
    with tf.variable_scope("outer"):
        middle = tf.variable_scope("middle")
        middle.__enter__()
        with tf.variable_scope("inner"):
            with pytest.raises(RuntimeError, match="nesting"):
                middle.__exit__(None, None, None)  # 'inner' is still open
            assert tf.get_variable_scope().name == "outer/middle/inner"
        middle.__exit__(None, None, None)  # in order now: leaves 'middle'
        assert tf.get_variable_scope().name == "outer"
        assert tf.get_variable("v", [1]).name == "outer/v:0"
    assert tf.get_default_graph() is g


def test_exceptions_unwind_both_stacks(g):
    with tf.variable_scope("keep"):
        with pytest.raises(KeyError):
            with tf.variable_scope("x"):
                with tf.name_scope("y"):
                    with tf.variable_scope("z"):
                        assert here(g) == ("keep/x/z", "keep/x/y/z")
                        raise KeyError("boom")
        assert here(g) == ("keep", "keep")
    assert here(g) == ("", "")


def test_exceptions_unwind_the_default_graph_of_values(g):
    other = tf.Graph()
    with other.as_default():
        t = tf.constant(1.0)
    with pytest.raises(KeyError):
        with tf.variable_scope("vs", values=[t]):
            assert tf.get_default_graph() is other
            raise KeyError("boom")
    assert tf.get_default_graph() is g
    with other.as_default():
        assert here(other) == ("", "")


def test_failed_get_variable_leaves_the_scopes_alone(g):
    with tf.variable_scope("a"):
        tf.get_variable("v", [1])
        with pytest.raises(ValueError):
            tf.get_variable("v", [1])
        assert here(g) == ("a", "a")


# -- inherited defaults -----------------------------------------------------------------------


def test_initializer_is_inherited_and_overridable(g):
    ones = tf.ones_initializer()
    zeros = tf.zeros_initializer()
    with tf.variable_scope("a", initializer=ones) as a:
        assert a.initializer is ones
        with tf.variable_scope("b") as b:
            assert b.initializer is ones
            v = tf.get_variable("v", [2])
            w = tf.get_variable("w", [2], initializer=zeros)
        with tf.variable_scope("c", initializer=zeros) as c:
            assert c.initializer is zeros
    assert v.initial_value.op.name == "a/b/v/Initializer/ones"
    assert w.initial_value.op.name == "a/b/w/Initializer/zeros"


def test_regularizer_is_inherited_and_overridable(g):
    def reg(name):
        return lambda x: tf.identity(x, name=name)

    outer, inner = reg("outer"), reg("inner")
    with tf.variable_scope("a", regularizer=outer):
        with tf.variable_scope("b") as b:
            assert b.regularizer is outer
            tf.get_variable("v", [1])
        with tf.variable_scope("c", regularizer=inner):
            tf.get_variable("w", [1])
            tf.get_variable("x", [1], regularizer=outer)
    losses = [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)]
    assert losses == ["a/b/v/Regularizer/outer:0", "a/c/w/Regularizer/inner:0", "a/c/x/Regularizer/outer:0"]


def test_caching_device_is_inherited_and_overridable(g):
    with tf.variable_scope("a", caching_device="/cpu:0"):
        with tf.variable_scope("b") as b:
            assert b.caching_device == "/cpu:0"
            v = tf.get_variable("v", [1])
            w = tf.get_variable("w", [1], caching_device="/gpu:0")
    assert v.value().op.device == "/device:CPU:0"
    assert v.op.device == ""
    assert w.value().op.device == "/device:GPU:0"


def test_partitioner_is_inherited_and_overridable(g):
    def parts(n):
        return lambda shape, dtype: [n] + [1] * (shape.rank - 1)

    two, three = parts(2), parts(3)
    with tf.variable_scope("a", partitioner=two):
        with tf.variable_scope("b") as b:
            assert b.partitioner is two
            v = tf.get_variable("v", [6, 2])
            w = tf.get_variable("w", [6, 2], partitioner=three)
    assert [len(list(v)), len(list(w))] == [2, 3]


def test_dtype_is_inherited_and_overridable(g):
    with tf.variable_scope("a", dtype=tf.float64):
        with tf.variable_scope("b") as b:
            assert b.dtype == tf.float64
            v = tf.get_variable("v", [1])
            w = tf.get_variable("w", [1], dtype=tf.float16)
        with tf.variable_scope("c", dtype=tf.int32):
            i = tf.get_variable("i", [1])
    assert (v.dtype.base_dtype, w.dtype.base_dtype, i.dtype.base_dtype) == (tf.float64, tf.float16, tf.int32)
    assert tf.get_variable_scope().dtype == tf.float32


def test_use_resource_is_inherited_and_overridable(g):
    with tf.variable_scope("a", use_resource=True):
        with tf.variable_scope("b") as b:
            assert b.use_resource is True
            r = tf.get_variable("r", [1])
            ref = tf.get_variable("ref", [1], use_resource=False)
    assert r.op.type == "VarHandleOp"
    assert ref.op.type == "VariableV2"


def test_constraint_is_not_inherited(g):
    def constraint(x):
        return x

    with tf.variable_scope("a", constraint=constraint) as a:
        assert a.constraint is constraint
        v = tf.get_variable("v", [1])
        with tf.variable_scope("b") as b:
            assert b.constraint is None
            w = tf.get_variable("w", [1])
    assert v.constraint is constraint
    assert w.constraint is None


def test_captured_scope_carries_its_defaults(g):
    ones = tf.ones_initializer()
    with tf.variable_scope("a", initializer=ones, dtype=tf.float64) as a:
        pass
    with tf.variable_scope("elsewhere", initializer=tf.zeros_initializer()):
        with tf.variable_scope(a) as s:
            assert s.initializer is ones
            v = tf.get_variable("v", [1])
    assert v.dtype.base_dtype == tf.float64
    assert v.initial_value.op.name == "a/v/Initializer/ones"


# -- custom getters ---------------------------------------------------------------------------


def test_custom_getters_compose_inner_first(g):
    calls = []

    def make(label):
        def getter(next_getter, name, *args, **kwargs):
            calls.append(label)
            return next_getter(name, *args, **kwargs)
        return getter

    with tf.variable_scope("a", custom_getter=make("outer")):
        with tf.variable_scope("b") as b:
            tf.get_variable("v", [1])
            assert calls == ["outer"]
            with tf.variable_scope("c", custom_getter=make("inner")):
                calls.clear()
                v = tf.get_variable("v", [1])
                assert calls == ["inner", "outer"]
                calls.clear()
                tf.get_variable("w", [1], custom_getter=make("call"))
                assert calls == ["call"]  # a getter passed to get_variable replaces the scope's
    assert b.custom_getter is not None
    assert v.name == "a/b/c/v:0"


def test_custom_getter_can_change_the_arguments(g):
    def double_name(getter, name, *args, **kwargs):
        kwargs["trainable"] = False
        return getter(name + "_x", *args, **kwargs)

    with tf.variable_scope("a", custom_getter=double_name):
        v = tf.get_variable("v", [1])
    assert v.name == "a/v_x:0"
    assert tf.trainable_variables() == []


def test_custom_getter_of_a_captured_scope_composes_with_a_new_one(g):
    calls = []

    def outer(getter, name, *args, **kwargs):
        calls.append("outer")
        return getter(name, *args, **kwargs)

    def inner(getter, name, *args, **kwargs):
        calls.append("inner")
        return getter(name, *args, **kwargs)

    with tf.variable_scope("a", custom_getter=outer) as a:
        pass
    with tf.variable_scope(a, custom_getter=inner):
        tf.get_variable("v", [1])
    assert calls == ["inner", "outer"]


# -- VariableScope setters --------------------------------------------------------------------


def test_variable_scope_setters(g):
    calls = []

    def getter(next_getter, name, *args, **kwargs):
        calls.append(name)
        return next_getter(name, *args, **kwargs)

    def regularizer(x):
        return tf.identity(x, name="loss")

    def partitioner(shape, dtype):
        return [2] + [1] * (shape.rank - 1)

    with tf.variable_scope("a") as a:
        a.set_initializer(tf.ones_initializer())
        a.set_dtype(tf.float64)
        a.set_regularizer(regularizer)
        a.set_caching_device("/cpu:0")
        a.set_custom_getter(getter)
        v = tf.get_variable("v", [2])
        a.set_use_resource(True)
        r = tf.get_variable("r", [2])
        a.set_partitioner(partitioner)
        p = tf.get_variable("p", [4])
    assert (a.dtype, a.use_resource, a.caching_device, a.regularizer, a.partitioner, a.custom_getter) == (
        tf.float64, True, "/cpu:0", regularizer, partitioner, getter)
    assert v.initial_value.op.name == "a/v/Initializer/ones"
    assert v.dtype.base_dtype == tf.float64
    assert v.value().op.device == "/device:CPU:0"
    assert r.op.type == "VarHandleOp"
    assert isinstance(p, tf.PartitionedVariable) and len(list(p)) == 2
    assert calls == ["a/v", "a/r", "a/p"]
    assert [t.name for t in tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)][:2] == [
        "a/v/Regularizer/loss:0", "a/r/Regularizer/loss:0"]


def test_variable_scope_collection_helpers(g):
    with tf.variable_scope("a") as a:
        v = tf.get_variable("v", [1])
        lv = tf.get_local_variable("lv", [1])
    with tf.variable_scope("ab"):
        tf.get_variable("w", [1])
    assert a.global_variables() == [v]
    assert a.trainable_variables() == [v]
    assert a.local_variables() == [lv]
    assert a.get_collection(tf.GraphKeys.GLOBAL_VARIABLES) == [v]


# -- threads (more in test_threads.py) --------------------------------------------------------


def test_each_thread_starts_at_the_root_scope(g):
    seen = {}

    def worker():
        with g.as_default():
            seen["scope"] = here(g)
            seen["reuse"] = tf.get_variable_scope().reuse

    with tf.variable_scope("main", reuse=True):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert seen == {"scope": ("", ""), "reuse": False}
