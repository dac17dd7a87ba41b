"""Tests for graphscope.graph: the Graph on networkx, Operation and Tensor, names, lookups,
collections, finalize, control dependencies and devices (TF1 graph-mode rules)."""

import inspect
import os
import threading

import networkx as nx
import pytest

import graphscope as tf
from graphscope.graph import _default_graph_stack, get_graph_from_inputs


def _line_after() -> int:
    """The line number just after the caller's line."""
    return inspect.currentframe().f_back.f_lineno + 1


# -- the networkx view ------------------------------------------------------------------------


def test_nx_nodes_are_op_names_with_op_attribute(g):
    a = tf.constant(1.0, name="a")
    b = tf.add(a, a, name="b")
    view = g.nx
    assert isinstance(view, nx.MultiDiGraph)
    assert list(view.nodes) == ["a", "b"]
    assert view.nodes["a"]["op"] is a.op
    assert view.nodes["b"]["op"] is b.op
    assert view.number_of_nodes() == len(g.get_operations())


def test_nx_data_edges_carry_index_output_and_control(g):
    a = tf.constant(1.0, name="a")
    c = tf.constant(2.0, name="c")
    d = tf.add(c, a, name="d")
    edges = sorted(g.nx.in_edges("d", keys=True, data=True), key=lambda e: e[3]["index"])
    assert [(u, v, data) for u, v, _, data in edges] == [
        ("c", "d", {"index": 0, "output": 0, "control": False}),
        ("a", "d", {"index": 1, "output": 0, "control": False}),
    ]
    assert d.op.inputs == (c, a)


def test_nx_same_tensor_consumed_twice_gives_two_parallel_edges(g):
    a = tf.constant(1.0, name="a")
    tf.add(a, a, name="twice")
    assert g.nx.number_of_edges("a", "twice") == 2
    indices = sorted(data["index"] for data in g.nx.get_edge_data("a", "twice").values())
    assert indices == [0, 1]


def test_nx_output_index_of_a_multi_output_op(g):
    a = tf.constant(1.0, name="a")
    multi = g.create_op("TwoOutputs", [a], dtypes=[tf.float32, tf.int32], name="multi")
    assert [t.name for t in multi.outputs] == ["multi:0", "multi:1"]
    assert multi.outputs[1].dtype == tf.int32
    assert multi.outputs[0].shape.rank is None  # unregistered type: unknown shapes
    user = g.create_op("UseSecond", [multi.outputs[1], multi.outputs[0]], dtypes=[tf.int32], name="user")
    data = sorted(g.nx.get_edge_data("multi", "user").values(), key=lambda d: d["index"])
    assert data == [{"index": 0, "output": 1, "control": False},
                    {"index": 1, "output": 0, "control": False}]
    assert multi.outputs[1].consumers() == [user]


def test_nx_control_edges_are_marked(g):
    a = tf.constant(1.0, name="a")
    with tf.control_dependencies([a]):
        b = tf.constant(2.0, name="b")
    (data,) = g.nx.get_edge_data("a", "b").values()
    assert data["control"] is True
    assert b.op.control_inputs == [a.op]
    assert b.op.inputs == ()
    data_edges = [e for e in g.nx.edges(data=True) if not e[2]["control"]]
    assert data_edges == []


def test_nx_view_is_read_only(g):
    tf.constant(1.0, name="a")
    view = g.nx
    with pytest.raises(nx.NetworkXError):
        view.add_node("x")
    with pytest.raises(nx.NetworkXError):
        view.add_edge("a", "x")
    with pytest.raises(nx.NetworkXError):
        view.remove_node("a")
    with pytest.raises(nx.NetworkXError):
        view.clear()
    assert [op.name for op in g.get_operations()] == ["a"]
    assert list(g.nx.nodes) == ["a"]


def test_nx_is_current_on_every_access(g):
    view = g.nx
    tf.constant(1.0, name="late")
    assert "late" in g.nx  # each access brings the networkx graph up to date
    assert "late" in view  # ... and a view taken earlier shows it from then on
    assert g.nx is view


def test_networkx_algorithms_work_on_the_view(g):
    x = tf.placeholder(tf.float32, [None], name="x")
    one = tf.constant(1.0, name="one")
    y = tf.add(x, one, name="y")
    with tf.control_dependencies([y]):
        z = tf.identity(x, name="z")
    unrelated = tf.constant(3.0, name="unrelated")
    view = g.nx
    assert nx.is_directed_acyclic_graph(view)
    order = list(nx.topological_sort(view))
    assert sorted(order) == sorted(op.name for op in g.get_operations())
    for u, v in view.edges():
        assert order.index(u) < order.index(v)
    assert nx.ancestors(view, "z") == {"x", "one", "y"}
    assert nx.descendants(view, "x") == {"y", "z"}
    assert nx.has_path(view, "one", "z")
    assert not nx.has_path(view, unrelated.op.name, "z")
    assert z.op.control_inputs == [y.op]


# -- Operation and Tensor ---------------------------------------------------------------------


def test_operation_properties(g):
    a = tf.constant([1.0, 2.0], name="a")
    with tf.name_scope("s"):
        b = tf.identity(a, name="b")
    op = b.op
    assert op.name == "s/b"
    assert op.type == "Identity"
    assert op.inputs == (a,)
    assert op.outputs == [b]
    assert op.values() == (b,)
    assert op.control_inputs == []
    assert op.graph is g
    assert op.device == ""
    assert op.get_attr("T") == tf.float32
    with pytest.raises(ValueError, match="has no attr named 'nope'"):
        op.get_attr("nope")
    assert op.node_def["name"] == "s/b" and op.node_def["op"] == "Identity"
    assert op.node_def["input"] == ["a"]
    assert repr(op) == "<tf.Operation 's/b' type=Identity>"


def test_operation_traceback_points_at_the_user_line(g):
    line = _line_after()
    t = tf.constant(1.0, name="here")
    filename, lineno, function = t.op.traceback[-1]
    assert os.path.abspath(filename) == os.path.abspath(__file__)
    assert lineno == line
    assert function == "test_operation_traceback_points_at_the_user_line"
    assert t.op.creation_site.startswith("%s:%d" % (__file__, line))
    assert "test_operation_traceback_points_at_the_user_line" in t.op.creation_site


def test_traceback_of_ops_built_inside_graphscope_is_the_user_call(g):
    line = _line_after()
    v = tf.get_variable("v", [2])
    for op in g.get_operations():
        assert op.traceback[-1][:2] == (__file__, line), op.name
    assert v.op.creation_site.startswith("%s:%d" % (__file__, line))


def test_ops_made_on_one_line_share_one_site_record(g):
    ops = [tf.constant(float(i)).op for i in range(3)]
    other = tf.constant(0.0).op
    assert ops[0]._site is ops[1]._site is ops[2]._site
    assert other._site != ops[0]._site and other._site[1] == ops[0]._site[1] + 1


def test_tensor_properties(g):
    c = tf.constant([[1, 2], [3, 4]], name="c")
    assert c.name == "c:0"
    assert c.op.name == "c"
    assert c.value_index == 0
    assert c.dtype == tf.int32
    assert c.shape.as_list() == [2, 2]
    assert c.get_shape().as_list() == [2, 2]
    assert c.graph is g
    assert c.device == ""
    assert str(c) == 'Tensor("c:0", shape=(2, 2), dtype=int32)'
    assert repr(c) == "<tf.Tensor 'c:0' shape=(2, 2) dtype=int32>"


def test_tensor_static_shape_with_unknown_dims(g):
    p = tf.placeholder(tf.float32, [None, 3], name="p")
    assert p.shape.as_list() == [None, 3]
    assert p.shape.rank == 2
    assert not p.shape.is_fully_defined()
    assert str(p.shape) == "(?, 3)"
    q = tf.placeholder(tf.float32, name="q")
    assert q.shape.rank is None
    assert tf.add(p, 1.0).shape.as_list() == [None, 3]


def test_set_shape_merges_and_rejects_incompatible(g):
    p = tf.placeholder(tf.float32, [None, 3], name="p")
    p.set_shape([5, None])
    assert p.shape.as_list() == [5, 3]
    with pytest.raises(ValueError, match="not compatible"):
        p.set_shape([5, 4])
    with pytest.raises(ValueError):
        p.set_shape([5])
    assert p.shape.as_list() == [5, 3]
    q = tf.placeholder(tf.float32, name="q")
    q.set_shape([None, 2])
    assert q.shape.as_list() == [None, 2]


def test_tensor_consumers_in_creation_order(g):
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    assert a.consumers() == []
    first = tf.add(a, b, name="first")
    second = tf.identity(a, name="second")
    tf.identity(b, name="other")
    with tf.control_dependencies([a]):
        tf.constant(0.0, name="control_only")
    assert a.consumers() == [first.op, second.op]
    twice = tf.add(a, a, name="twice").op
    assert a.consumers() == [first.op, second.op, twice, twice]  # once per input, as TensorFlow lists them


def test_graph_collections_lists_the_collection_names(g):
    assert g.collections == []
    tf.get_variable("v", [1])
    tf.add_to_collection("mine", 1)
    assert sorted(g.collections) == ["mine", "trainable_variables", "variables"]


def test_tensor_is_not_a_bool_nor_iterable(g):
    a = tf.constant([1.0, 2.0])
    with pytest.raises(TypeError, match="as a Python `bool`"):
        bool(a)
    with pytest.raises(TypeError, match="not iterable|only iterable"):
        iter(a)


# -- default graph ----------------------------------------------------------------------------


def test_as_default_nests_and_restores():
    outer, inner = tf.Graph(), tf.Graph()
    global_graph = tf.get_default_graph()
    with outer.as_default() as entered:
        assert entered is outer
        assert tf.get_default_graph() is outer
        with inner.as_default():
            assert tf.get_default_graph() is inner
            assert tf.constant(1.0).graph is inner
        assert tf.get_default_graph() is outer
    assert tf.get_default_graph() is global_graph


def test_default_graph_stack_is_thread_local():
    g = tf.Graph()
    seen = {}

    def worker():
        seen["thread"] = tf.get_default_graph()
        other = tf.Graph()
        with other.as_default():
            seen["inner"] = tf.get_default_graph() is other

    with g.as_default():
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert tf.get_default_graph() is g
    assert seen["thread"] is not g
    assert seen["thread"] is tf.get_default_graph()  # the global default graph, shared by threads
    assert seen["inner"] is True


def test_as_default_blocks_must_be_left_in_order():
    first, second = tf.Graph(), tf.Graph()
    outer = first.as_default()
    inner = second.as_default()
    outer.__enter__()
    inner.__enter__()
    try:
        with pytest.raises(AssertionError, match="Nesting violated"):
            outer.__exit__(None, None, None)
        inner.__exit__(None, None, None)
        assert tf.get_default_graph() is first  # as TF: the violating block stays on the stack
    finally:
        _default_graph_stack.stack.clear()


def test_reset_default_graph():
    old = tf.get_default_graph()
    tf.constant(1.0)
    tf.reset_default_graph()
    new = tf.get_default_graph()
    assert new is not old
    assert new.get_operations() == []
    with tf.Graph().as_default():
        with pytest.raises(AssertionError, match="nested graphs"):
            tf.reset_default_graph()
    assert tf.get_default_graph() is new


# -- names ------------------------------------------------------------------------------------


def test_unique_name_prefixes_the_name_scope_and_marks(g):
    assert g.unique_name("a") == "a"
    assert g.unique_name("a") == "a_1"
    with g.name_scope("s"):
        assert g.unique_name("a") == "s/a"
        assert g.unique_name("a") == "s/a_1"
    assert g.unique_name("s") == "s_1"


def test_unique_name_mark_as_used_false_reserves_nothing(g):
    assert g.unique_name("x", mark_as_used=False) == "x"
    assert g.unique_name("x", mark_as_used=False) == "x"
    assert tf.constant(1.0, name="x").name == "x:0"
    assert g.unique_name("x", mark_as_used=False) == "x_1"
    assert g.unique_name("x", mark_as_used=False) == "x_1"
    assert tf.constant(1.0, name="x").name == "x_1:0"


def test_unique_name_is_case_insensitive(g):
    assert tf.constant(1.0, name="Foo").name == "Foo:0"
    assert tf.constant(1.0, name="foo").name == "foo_1:0"
    assert tf.constant(1.0, name="FOO").name == "FOO_2:0"
    with tf.name_scope("Bar") as s1:
        pass
    with tf.name_scope("bar") as s2:
        pass
    assert (s1, s2) == ("Bar/", "bar_1/")


def test_unique_name_skips_taken_suffixes(g):
    assert tf.constant(1.0, name="a_1").name == "a_1:0"
    assert tf.constant(1.0, name="a").name == "a:0"
    assert tf.constant(1.0, name="a").name == "a_2:0"  # a_1 is taken
    assert tf.constant(1.0, name="a_2").name == "a_2_1:0"
    assert tf.constant(1.0, name="a").name == "a_3:0"


def test_ops_and_name_scopes_share_a_namespace(g):
    with tf.name_scope("foo"):
        pass
    assert tf.constant(1.0, name="foo").name == "foo_1:0"
    tf.constant(1.0, name="bar")
    with tf.name_scope("bar") as scope:
        assert scope == "bar_1/"
        assert tf.constant(1.0, name="c").name == "bar_1/c:0"


def test_unnamed_ops_take_their_type_name(g):
    a = tf.constant(1.0)
    b = tf.constant(2.0)
    assert (a.name, b.name) == ("Const:0", "Const_1:0")
    assert tf.add(a, b).name == "Add:0"
    assert tf.add(a, b).name == "Add_1:0"
    assert tf.identity(a).name == "Identity:0"
    assert tf.placeholder(tf.float32).name == "Placeholder:0"


def test_name_scope_ending_in_slash_is_used_as_is(g):
    with tf.name_scope("a"):
        pass
    with tf.name_scope("a/") as scope:
        assert scope == "a/"
        assert tf.constant(1.0, name="c").name == "a/c:0"
    with tf.name_scope("x/y/") as scope:
        assert scope == "x/y/"
        assert g.get_name_scope() == "x/y"
    with tf.name_scope("x"), tf.name_scope("/") as scope:  # TF returns the name; the stack is the root
        assert scope == "/"
        assert tf.constant(1.0, name="d").name == "d:0"


def test_op_names_validated_with_tf_patterns(g):
    with pytest.raises(ValueError, match="not a valid"):
        tf.constant(1.0, name="_root")
    with pytest.raises(ValueError, match="not a valid"):
        tf.constant(1.0, name="-root")
    with pytest.raises(ValueError, match="not a valid"):
        tf.constant(1.0, name="has space")
    with pytest.raises(ValueError, match="not a valid"):
        tf.constant(1.0, name="bang!")
    assert tf.constant(1.0, name=".dot").name == ".dot:0"
    assert tf.constant(1.0, name="a-b.c_d").name == "a-b.c_d:0"
    with tf.name_scope("s"):
        # below the root, a leading '_' or '-' is fine (TF's scope pattern)
        assert tf.constant(1.0, name="_inner").name == "s/_inner:0"
        assert tf.constant(1.0, name="-dash").name == "s/-dash:0"
        with pytest.raises(ValueError, match="not a valid"):
            tf.constant(1.0, name="no space")
    with pytest.raises(ValueError, match="not a valid"):
        with tf.name_scope("_scope"):
            pass
    with pytest.raises(ValueError, match="not a valid"):
        with tf.name_scope("bad scope"):
            pass
    assert [op.name for op in g.get_operations()] == [".dot", "a-b.c_d", "s/_inner", "s/-dash"]


def test_empty_name_puts_the_op_at_the_root_under_its_type(g):
    a = tf.constant(1.0, name="a")
    with tf.name_scope("s"):
        assert tf.add(a, a, name="").name == "AddV2:0"
        assert tf.add(a, a).name == "s/Add:0"
        assert tf.add(a, a, name=None).name == "s/Add_1:0"


def test_ops_from_different_graphs_cannot_mix(g):
    a = tf.constant(1.0, name="a")
    other = tf.Graph()
    with other.as_default():
        b = tf.constant(2.0, name="b")
        with pytest.raises(ValueError, match="same graph"):
            tf.add(b, a)
        with pytest.raises(ValueError, match="same graph"):
            with tf.control_dependencies([a]):
                pass
    with pytest.raises(ValueError, match="same graph"):
        tf.add(a, b)
    with pytest.raises(ValueError) as info:
        get_graph_from_inputs([a, b])
    assert repr(g) in str(info.value) and repr(other) in str(info.value)
    assert [op.name for op in g.get_operations()] == ["a"]


# -- lookups ----------------------------------------------------------------------------------


def test_get_operations_in_creation_order_and_a_copy(g):
    names = ["z", "a", "m"]
    for name in names:
        tf.constant(1.0, name=name)
    ops = g.get_operations()
    assert [op.name for op in ops] == names
    ops.clear()
    assert len(g.get_operations()) == 3
    assert g.version == 3


def test_get_operation_by_name(g):
    a = tf.constant(1.0, name="a")
    assert g.get_operation_by_name("a") is a.op
    with pytest.raises(KeyError, match="The name 'zz' refers to an Operation not in the graph."):
        g.get_operation_by_name("zz")
    with pytest.raises(ValueError, match="Name 'a:0' appears to refer to a Tensor, not a Operation."):
        g.get_operation_by_name("a:0")
    with pytest.raises(TypeError, match="Operation names are strings"):
        g.get_operation_by_name(1)


def test_get_tensor_by_name(g):
    a = tf.constant(1.0, name="a")
    assert g.get_tensor_by_name("a:0") is a
    with pytest.raises(ValueError, match="The name 'a' refers to an Operation, not a Tensor. Tensor names "
                                         "must be of the form \"<op_name>:<output_index>\"."):
        g.get_tensor_by_name("a")
    with pytest.raises(KeyError, match="The operation, 'a', exists but only has 1 outputs."):
        g.get_tensor_by_name("a:1")
    with pytest.raises(KeyError, match="The operation, 'zz', does not exist in the graph."):
        g.get_tensor_by_name("zz:0")
    with pytest.raises(ValueError, match="looks a like a Tensor name, but is not a valid one"):
        g.get_tensor_by_name("a:x")
    with pytest.raises(ValueError, match="looks like an \\(invalid\\) Operation name, not a Tensor"):
        g.get_tensor_by_name("zz")
    with pytest.raises(TypeError, match="Tensor names are strings"):
        g.get_tensor_by_name(0)


def test_as_graph_element(g):
    a = tf.constant(1.0, name="a")
    v = tf.get_variable("v", [1])
    assert g.as_graph_element(a) is a
    assert g.as_graph_element(a.op) is a.op
    assert g.as_graph_element("a") is a.op
    assert g.as_graph_element("a:0") is a
    assert g.as_graph_element(v) is v.op.outputs[0]  # objects with _as_graph_element
    with pytest.raises(TypeError, match="Can not convert a int into a Tensor or Operation."):
        g.as_graph_element(3)
    with pytest.raises(TypeError, match="Can not convert a Operation into a Tensor."):
        g.as_graph_element(a.op, allow_operation=False)
    with pytest.raises(TypeError, match="Can not convert a Tensor into a Operation."):
        g.as_graph_element(a, allow_tensor=False)
    with pytest.raises(ValueError, match="Name 'a:0' appears to refer to a Tensor, not a Operation."):
        g.as_graph_element("a:0", allow_tensor=False)
    with pytest.raises(ValueError, match="allow_tensor and allow_operation can't both be False."):
        g.as_graph_element(a, allow_tensor=False, allow_operation=False)
    with pytest.raises(ValueError, match="is not an element of this graph"):
        tf.Graph().as_graph_element(a)
    with pytest.raises(ValueError, match="is not an element of this graph"):
        tf.Graph().as_graph_element(a.op)


# -- collections ------------------------------------------------------------------------------


def test_add_to_collection_and_get_collection(g):
    assert tf.get_collection("k") == []
    tf.add_to_collection("k", 1)
    tf.add_to_collection("k", "two")
    assert tf.get_collection("k") == [1, "two"]
    assert g.get_collection("k") == [1, "two"]
    assert "k" in g.get_all_collection_keys()
    g.clear_collection("k")
    assert tf.get_collection("k") == []


def test_add_to_collections_adds_once_each(g):
    tf.add_to_collections(["a", "b", "a"], "x")
    tf.add_to_collections("c", "y")  # a single string is one collection name
    assert tf.get_collection("a") == ["x"]
    assert tf.get_collection("b") == ["x"]
    assert tf.get_collection("c") == ["y"]
    assert tf.get_collection("y") == []


def test_get_collection_returns_a_copy(g):
    tf.add_to_collection("k", 1)
    items = tf.get_collection("k")
    items.append(2)
    assert tf.get_collection("k") == [1]
    assert tf.get_collection("k") is not tf.get_collection("k")


def test_get_collection_ref_is_the_list_itself(g):
    ref = tf.get_collection_ref("k")
    assert ref == []
    assert tf.get_collection_ref("k") is ref
    ref.append("direct")
    assert tf.get_collection("k") == ["direct"]
    tf.add_to_collection("k", "added")
    assert ref == ["direct", "added"]


def test_get_collection_scope_is_a_regex_match_on_names(g):
    class Named:
        def __init__(self, name):
            self.name = name

    items = [Named("foo/a"), Named("foo_1/b"), Named("bar/foo/c"), Named("Foo/d"), 42, "foo/string"]
    for item in items:
        tf.add_to_collection("k", item)
    assert tf.get_collection("k", "foo") == items[:2]  # re.match: a prefix, no search
    assert tf.get_collection("k", "foo/") == items[:1]
    assert tf.get_collection("k", ".*foo") == items[:3]
    assert tf.get_collection("k", "(?i)foo/") == [items[0], items[3]]
    assert tf.get_collection("k", "") == items[:4]  # items without a name are skipped
    assert tf.get_collection("k") == items


def test_variable_collections_filter_by_scope(g):
    with tf.variable_scope("foo"):
        a = tf.get_variable("a", [1])
    with tf.variable_scope("foo_1"):
        b = tf.get_variable("b", [1])
    assert tf.global_variables("foo") == [a, b]
    assert tf.global_variables("foo/") == [a]
    assert tf.trainable_variables("foo_1") == [b]


# -- finalize ---------------------------------------------------------------------------------


def test_finalize_forbids_new_ops(g):
    a = tf.constant(1.0, name="a")
    assert not g.finalized
    g.finalize()
    assert g.finalized
    with pytest.raises(RuntimeError, match="Graph is finalized and cannot be modified."):
        tf.constant(2.0)
    with pytest.raises(RuntimeError, match="finalized"):
        tf.add(a, a)
    with pytest.raises(RuntimeError, match="finalized"):
        tf.get_variable("v", [1])
    assert [op.name for op in g.get_operations()] == ["a"]
    assert g.get_tensor_by_name("a:0") is a  # reading still works
    g._unsafe_unfinalize()
    assert tf.constant(2.0, name="b").name == "b:0"


# -- control dependencies ---------------------------------------------------------------------


def test_control_dependencies_basic_and_tensor_arguments(g):
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    with tf.control_dependencies([a, b.op]) as nothing:
        c = tf.constant(3.0, name="c")
    assert nothing is None
    assert c.op.control_inputs == [a.op, b.op]
    assert tf.constant(4.0, name="after").op.control_inputs == []
    assert c.op.node_def["input"] == ["^a", "^b"]


def test_control_dependencies_nest_and_none_clears(g):
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    with tf.control_dependencies([a]):
        with tf.control_dependencies([b]):
            both = tf.constant(0.0, name="both")
            with tf.control_dependencies(None):
                cleared = tf.constant(0.0, name="cleared")
                with tf.control_dependencies([a]):
                    only_a = tf.constant(0.0, name="only_a")
            again = tf.constant(0.0, name="again")
    assert both.op.control_inputs == [a.op, b.op]
    assert cleared.op.control_inputs == []
    assert only_a.op.control_inputs == [a.op]
    assert again.op.control_inputs == [a.op, b.op]


def test_control_dependencies_dominated_inputs_are_not_duplicated(g):
    a = tf.constant(1.0, name="a")
    b = tf.constant(2.0, name="b")
    with tf.control_dependencies([a]):
        c = tf.constant(3.0, name="c")
        d = tf.identity(c, name="d")  # c already runs after a: d needs no control input
        e = tf.identity(b, name="e")
        f = tf.add(a, b, name="f")  # a is a data input: no control edge to it
        with tf.control_dependencies([a, a.op]):
            h = tf.constant(0.0, name="h")
    assert c.op.control_inputs == [a.op]
    assert d.op.control_inputs == []
    assert e.op.control_inputs == [a.op]
    assert f.op.control_inputs == []
    assert h.op.control_inputs == [a.op]
    assert g.nx.number_of_edges("a", "h") == 1


def test_control_dependencies_rejects_non_ops(g):
    with pytest.raises(TypeError, match="Can not convert a int into a Tensor or Operation"):
        with tf.control_dependencies([3]):
            pass


def test_control_dependencies_are_thread_local(g):
    a = tf.constant(1.0, name="a")
    made = {}

    def worker():
        with g.as_default():
            made["op"] = tf.constant(0.0, name="in_thread")

    with tf.control_dependencies([a]):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert made["op"].op.control_inputs == []


# -- devices ----------------------------------------------------------------------------------


def test_device_strings_are_recorded_canonically(g):
    with tf.device("/cpu:0"):
        a = tf.constant(1.0, name="a")
    assert a.op.device == "/device:CPU:0"
    assert a.device == "/device:CPU:0"
    assert tf.constant(1.0, name="b").op.device == ""
    with tf.device("/device:GPU:1"):
        assert tf.constant(1.0).op.device == "/device:GPU:1"


def test_nested_devices_merge(g):
    with tf.device("/job:ps/task:1"):
        with tf.device("/gpu:0"):
            a = tf.constant(1.0, name="a")
        with tf.device("/job:worker"):
            b = tf.constant(1.0, name="b")
        c = tf.constant(1.0, name="c")
        with tf.device(None):
            d = tf.constant(1.0, name="d")
    assert a.op.device == "/job:ps/task:1/device:GPU:0"
    assert b.op.device == "/job:worker/task:1"
    assert c.op.device == "/job:ps/task:1"
    assert d.op.device == ""


def test_device_functions(g):
    def placer(op):
        return "/gpu:0" if op.type == "Const" else "/cpu:0"

    with tf.device(placer):
        a = tf.constant(1.0, name="a")
        b = tf.identity(a, name="b")
    assert a.op.device == "/device:GPU:0"
    assert b.op.device == "/device:CPU:0"


def test_variable_ops_get_the_device(g):
    with tf.device("/cpu:0"):
        v = tf.get_variable("v", [1])
    assert v.op.device == "/device:CPU:0"
    assert v.value().op.device == "/device:CPU:0"


# -- colocation (what TensorFlow 2.21's tf.compat.v1 graphs do) -------------------------------------------

def test_colocated_ops_take_the_targets_device_over_any_device_scope(g):
    with tf.device("/device:GPU:0"):
        a = tf.constant([2.0], name="a")
        with tf.colocate_with(a.op), tf.device("/cpu:0"):
            b = tf.constant([3.0], name="b")
    with tf.device("/cpu:0"):
        c = tf.constant(1.0, name="c")
    with tf.device("/gpu:0"), tf.colocate_with(c):
        d = tf.constant(2.0, name="d")
    assert (b.device, b.op.colocation_groups()) == ("/device:GPU:0", [b"loc:@a"])
    assert (d.device, d.op.colocation_groups()) == ("/device:CPU:0", [b"loc:@c"])
    assert d.op.get_attr("_class") == [b"loc:@c"] and c.op.colocation_groups() == [b"loc:@c"]


def test_nested_colocations_add_up_and_none_with_ignore_existing_resets_them(g):
    with tf.device("/device:GPU:0"):
        a = tf.constant(0.0, name="a")
    with tf.device("/cpu:0"):
        c = tf.constant(0.0, name="c")
    with tf.colocate_with(a), tf.colocate_with(c):
        both = tf.constant(0.0, name="both")
        with tf.colocate_with(None, ignore_existing=True):
            free = tf.constant(0.0, name="free")
        with tf.colocate_with(a, ignore_existing=True):
            only_a = tf.constant(0.0, name="only_a")
    assert (both.op.colocation_groups(), both.device) == ([b"loc:@a", b"loc:@c"], "/device:CPU:0")
    assert (free.op.colocation_groups(), free.device) == ([b"loc:@free"], "")
    assert only_a.op.colocation_groups() == [b"loc:@a"]
    with tf.colocate_with(both):  # an op colocated with others stands for their groups
        again = tf.constant(0.0, name="again")
    assert again.op.colocation_groups() == [b"loc:@a", b"loc:@c"]
    with pytest.raises(ValueError, match="ignore_existing"):
        tf.colocate_with(None)


def test_ops_with_ref_inputs_are_placed_with_their_variable(g):
    v = tf.Variable(1.0, name="v")
    with tf.device("/job:ps"):
        w = tf.Variable(1.0, name="w")
    with tf.device("/job:worker/task:7"):
        assign_v = tf.assign(v, 2.0)
        assign_w = w.assign(3.0)
        initialized = tf.is_variable_initialized(v)
    assert (assign_v.device, assign_v.op.colocation_groups()) == ("", [b"loc:@v"])
    assert (assign_w.device, assign_w.op.colocation_groups()) == ("/job:ps", [b"loc:@w"])
    assert (initialized.device, initialized.op.get_attr("_class")) == ("", [b"loc:@v"])
    chained = tf.assign_add(assign_w, 1.0)  # its ref input is the Assign's: the same group
    assert chained.op.colocation_groups() == [b"loc:@w"]


# -- device scopes (what TensorFlow 2.21's tf.compat.v1 graphs do) ----------------------------------------

@pytest.mark.parametrize("outer, inner, expected", [
    ("/device:GPU:7", "/device:GPU:*", "/device:GPU:7"),  # a wildcard index keeps the outer one
    ("/job:worker/device:GPU:*", "/device:CPU:1", "/job:worker/device:CPU:1"),
    ("/gpu:1", "/cpu:*", "/device:CPU:1"),
    ("/job:a/replica:1/task:2/gpu:3", "/job:b", "/job:b/replica:1/task:2/device:GPU:3"),
    ("/job:ps", "", "/job:ps"),
])
def test_nested_device_strings_merge_field_by_field(outer, inner, expected, g):
    with tf.device(outer), tf.device(inner):
        assert tf.constant(0.0).device == expected


def test_device_functions_apply_from_the_innermost_scope_out(g):
    seen = []

    def to_gpu(op):
        seen.append(op.device)  # what the scopes inside it gave
        return "/gpu:1"

    with tf.device(lambda op: "/job:overwrite"), tf.device("/job:ps"):
        overwritten = tf.constant(0.0)
    with tf.device("/job:a/task:2"), tf.device(to_gpu), tf.device("/cpu:0"):
        merged = tf.constant(0.0)
    with tf.device(tf.DeviceSpec(job="worker", replica=2, task=0, device_type="CPU", device_index=3)):
        from_spec = tf.constant(0.0)
    with tf.device("/job:a"), tf.device(lambda op: tf.DeviceSpec(device_type="GPU", device_index=2)):
        from_function_spec = tf.constant(0.0)
    with tf.device("/job:ps"), tf.device(None):
        reset = tf.constant(0.0)
    assert overwritten.device == "/job:overwrite"  # the outer function's answer replaces the inner scope's
    assert (seen, merged.device) == (["/device:CPU:0"], "/job:a/task:2/device:GPU:1")
    assert from_spec.device == "/job:worker/replica:2/task:0/device:CPU:3"
    assert from_function_spec.device == "/job:a/device:GPU:2"
    assert reset.device == ""


def test_names_may_be_bytes_as_in_tensorflow(g):
    c = tf.constant(44.0, name=b"e")
    with tf.name_scope(b"scope"):
        d = tf.add(c, 1.0, name=b"plus")
    assert (c.name, d.name, tf.Variable(1.0, name=b"v").name) == ("e:0", "scope/plus:0", "v:0")

