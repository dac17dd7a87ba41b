"""explain_name: why an op or a name scope got its name (taken names, case-insensitive collisions,
re-entered variable scopes, name-scope resets, variables), and the graph's bookkeeping behind it."""
import pytest

import graphscope as tf
from graphscope.explain import explain_name


def test_public_name():
    assert tf.explain_name is explain_name


def test_a_free_name(g):
    tf.constant(1.0, name="c")
    text = explain_name(g, "c")
    assert text.startswith("'c' is an op (Const, created at ")
    assert "It asked for 'c' at the root: it was free." in text


def test_a_name_taken_by_an_earlier_op(g):
    tf.constant(1.0, name="foo")
    tf.constant(2.0, name="foo")
    text = explain_name(g, "foo_1")
    assert "It asked for 'foo', which op 'foo' (Const) already held, so it got the first free suffix: 'foo_1'" \
        in " ".join(text.split())
    assert "without case" not in text


def test_case_insensitive_collision(g):
    tf.constant(1.0, name="Foo")
    tf.constant(2.0, name="foo")
    text = " ".join(explain_name(g, "foo_1").split())
    assert "which op 'Foo' (Const) already held" in text
    assert "Names are compared without case: 'Foo' and 'foo' are the same name." in text


def test_a_name_taken_by_a_name_scope(g):
    with tf.name_scope("foo"):
        tf.constant(1.0, name="inner")
    tf.constant(2.0, name="foo")
    text = " ".join(explain_name(g, "foo_1").split())
    assert "which name scope 'foo/' already held" in text


def test_skipped_suffixes_are_listed(g):
    tf.constant(1.0, name="x")
    tf.constant(1.0, name="x_1")
    tf.constant(1.0, name="x")
    text = " ".join(explain_name(g, "x_2").split())
    assert "'x_1' (Const) was taken too ('x' was asked for 2 times in all)" in text


def test_an_op_without_a_name_is_named_after_its_type(g):
    x = tf.constant(1.0, name="x")
    tf.add(x, x)
    tf.add(x, x)
    text = " ".join(explain_name(g, "Add_1").split())
    assert "No name was given, so it took its type's name 'Add', which op 'Add' (AddV2) already held" in text


def test_reentered_variable_scope(g):
    with tf.variable_scope("foo"):
        v = tf.get_variable("v", [2])
    with tf.variable_scope("foo", reuse=True):
        w = tf.get_variable("v", [2])
        y = tf.identity(w, name="y")
    assert v is w and y.name == "foo_1/y:0"
    text = " ".join(explain_name(g, "foo_1/y").split())
    assert ("A name scope opened by variable_scope('foo') entered again: variables of that scope are named "
            "'foo/...', its ops 'foo_1/...'.") in text
    assert "It asked for 'foo', which name scope 'foo/' (variable_scope('foo')) already held" in text
    scope_text = explain_name(g, "foo_1/")
    assert scope_text.startswith("'foo_1' is a name scope (1 op under it).")


def test_variable_named_by_its_variable_scope(g):
    with tf.variable_scope("vs"):
        pass
    with tf.variable_scope("vs", reuse=tf.AUTO_REUSE):  # name scope 'vs_1/'
        tf.get_variable("v", [1])
        tf.get_variable("v", [1])
    text = " ".join(explain_name(g, "vs/v").split())
    assert "A variable made by get_variable: its name is the variable scope 'vs' plus 'v'" in text
    assert "reused by 1 later get_variable call" in text
    assert "get_variable was called in name scope 'vs_1/'" in text
    read = " ".join(explain_name(g, "vs/v/read").split())
    assert "One of the ops of variable 'vs/v'" in read


def test_name_scope_none_resets_to_the_root(g):
    with tf.name_scope("outer"):
        tf.constant(1.0, name="inside")
        with tf.name_scope(None):
            tf.constant(1.0, name="c")
        tf.constant(1.0, name="after")
    text = explain_name(g, "c")
    assert "inside name_scope(None) (or name_scope('')), which left name scope 'outer/' for the root." in text
    assert "name_scope(None)" not in explain_name(g, "outer/after")


def test_absolute_scope_reenters_exactly(g):
    with tf.name_scope("a"):
        pass
    with tf.name_scope("outer"):
        with tf.name_scope("a/"):
            tf.constant(1.0, name="k")
    text = " ".join(explain_name(g, "a/k").split())
    assert "It was made inside name_scope('a/'): a name ending in '/' re-enters that exact scope, leaving 'outer/'." \
        in text


def test_tensor_names_and_unknown_names(g):
    tf.constant(1.0, name="tower")
    assert explain_name(g, "tower:0") == explain_name(g, "tower")
    with pytest.raises(KeyError, match="No op or name scope is called 'tower2'.*'tower'"):
        explain_name(g, "tower2")


def test_scope_of_an_undone_transaction_is_not_a_claimant(g):
    with pytest.raises(ValueError):
        with g._transaction():
            with g.name_scope("gone"):
                raise ValueError("undo")
    tf.constant(1.0, name="gone")
    assert "it was free" in explain_name(g, "gone")


def test_the_bundled_model(g):
    from graphscope.examples import shared_embedding
    shared_embedding.build()
    text = " ".join(explain_name(g, "tower_1/layer_0/MatMul").split())
    assert "variable_scope('tower') entered again" in text
    assert "variable_scope('layer_0') entered again: variables of that scope are named 'tower/layer_0/...'" in text


def test_bookkeeping_is_small(g):
    """Ops record nothing; name scopes record their names; only scope resets record events."""
    x = tf.constant(1.0)
    for _ in range(100):
        x = tf.add(x, x)
    assert g._scope_names == [] and g._scope_resets == []
    with tf.name_scope("a"), tf.name_scope(None):
        pass
    assert g._scope_names == ["a"] and g._scope_resets == [("a", "", 101, 101)]


def test_rebuilt_graph_explains_the_same(g):
    from graphscope.export import from_json, to_json
    with tf.variable_scope("foo"):
        tf.get_variable("v", [1])
    with tf.variable_scope("foo"):
        tf.constant(1.0, name="c")
    with tf.name_scope("outer"), tf.name_scope(None):
        tf.constant(1.0, name="root")
    rebuilt = from_json(to_json(g))
    for name in ("foo_1/c", "foo/v", "root", "foo_1/"):
        assert explain_name(rebuilt, name) == explain_name(g, name)
