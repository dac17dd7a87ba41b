"""Every example of TensorFlow's ``tf.variable_scope`` documentation (the contract, kept in
``../shared/seed/tf_variable_scope_doc.txt``) runs verbatim with ``import graphscope as tf``.

The examples are copied below exactly as the page was captured, glitches included, and the
capture's glitches are repaired by :func:`restore` only, as the seed README explains:

* ``.html#`` stands where the page had ``#`` (a comment);
* ``assert == "foo/bar/v:0"`` lost its ``v.name``.

Two more things the capture lost are handled visibly, each in its own test: the example "Sharing a
variable by capturing a scope and setting reuse" lost its ``scope.reuse_variables()`` line (as
captured it raises "already exists", in TensorFlow as here; with the line it shares), and the
threading example's target function has only a comment for its body (Python needs a statement, so
the test puts one there). The doc's threading example calls the module ``variable_scope``, as TF's
own code does with ``from tensorflow.python.ops import variable_scope``; graphscope's module of
the same contents is ``graphscope.scopes``.

When the seed file is present, a test checks that every example below is verbatim in it.
"""

import os
import threading

import pytest

import graphscope as tf

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "seed",
                    "tf_variable_scope_doc.txt")

CREATE = '''\
with tf.variable_scope("foo"):
    with tf.variable_scope("bar"):
        v = tf.get_variable("v", [1])
        assert == "foo/bar/v:0"
'''

AUTO_REUSE = '''\
def foo():
  with tf.variable_scope("foo", reuse=tf.AUTO_REUSE):
    v = tf.get_variable("v", [1])
  return v

v1 = foo()  .html# Creates v.
v2 = foo()  .html# Gets the same, existing v.
assert v1 == v2
'''

REUSE_TRUE = '''\
with tf.variable_scope("foo"):
    v = tf.get_variable("v", [1])
with tf.variable_scope("foo", reuse=True):
    v1 = tf.get_variable("v", [1])
assert v1 == v
'''

CAPTURE = '''\
with tf.variable_scope("foo") as scope:
    v = tf.get_variable("v", [1])
    v1 = tf.get_variable("v", [1])
assert v1 == v
'''

ALREADY_EXISTS = '''\
with tf.variable_scope("foo"):
    v = tf.get_variable("v", [1])
    v1 = tf.get_variable("v", [1])
    .html#  Raises ValueError("... v already exists ...").
'''

DOES_NOT_EXIST = '''\
with tf.variable_scope("foo", reuse=True):
    v = tf.get_variable("v", [1])
    .html#  Raises ValueError("... v does not exists ...").
'''

THREADS = '''\
main_thread_scope = variable_scope.get_variable_scope()

.html# Thread's target function:
def thread_target_fn(captured_scope):
  with variable_scope.variable_scope(captured_scope):
    .html# .... regular code for this thread

thread = threading.Thread(target=thread_target_fn, args=(main_thread_scope,))
'''

EXAMPLES = [CREATE, AUTO_REUSE, REUSE_TRUE, CAPTURE, ALREADY_EXISTS, DOES_NOT_EXIST, THREADS]

# What the threading example's "regular code for this thread" is in these tests.
REGULAR_CODE = "    # .... regular code for this thread\n    regular_code()\n"


def restore(snippet: str) -> str:
    """Undo the capture's two glitches (nothing else)."""
    return snippet.replace(".html#", "#").replace('assert == "foo/bar/v:0"', 'assert v.name == "foo/bar/v:0"')


def run(snippet: str, **names) -> dict:
    """Run ``snippet`` as a module that starts with ``import graphscope as tf``; return its globals."""
    namespace = dict(names)
    exec(compile("import graphscope as tf\n" + snippet, "<tf.variable_scope doc>", "exec"), namespace)  # noqa: S102
    return namespace


@pytest.fixture(autouse=True)
def fresh_default_graph():
    """The examples use the global default graph: each starts with a new one."""
    tf.reset_default_graph()
    yield
    tf.reset_default_graph()


def test_examples_are_verbatim_in_the_seed():
    if not os.path.exists(SEED):
        pytest.skip("the seed document is not beside this checkout")
    with open(SEED, encoding="utf-8") as f:
        doc = f.read()
    for snippet in EXAMPLES:
        assert snippet.rstrip("\n") in doc, snippet


def test_simple_example_of_how_to_create_a_new_variable():
    namespace = run(restore(CREATE))
    assert namespace["v"].name == "foo/bar/v:0"


def test_basic_example_of_sharing_a_variable_auto_reuse():
    namespace = run(restore(AUTO_REUSE))
    assert namespace["v1"] is namespace["v2"]
    assert [v.name for v in tf.global_variables()] == ["foo/v:0"]


def test_basic_example_of_sharing_a_variable_with_reuse_true():
    namespace = run(restore(REUSE_TRUE))
    assert namespace["v1"] is namespace["v"]
    assert [v.name for v in tf.global_variables()] == ["foo/v:0"]


def test_sharing_by_capturing_a_scope_as_captured_raises_already_exists():
    # As captured, the example lost `scope.reuse_variables()`: it creates 'v' twice in a
    # non-reusing scope, which TensorFlow (and graphscope) refuse.
    with pytest.raises(ValueError, match="Variable foo/v already exists, disallowed"):
        run(restore(CAPTURE))


def test_sharing_by_capturing_a_scope_and_setting_reuse():
    # The example as TensorFlow's documentation has it, with the line the capture lost.
    original = restore(CAPTURE).replace('    v1 = tf.get_variable("v", [1])\n',
                                        '    scope.reuse_variables()\n    v1 = tf.get_variable("v", [1])\n')
    assert "scope.reuse_variables()" in original
    namespace = run(original)
    assert namespace["v1"] is namespace["v"]
    assert namespace["scope"].reuse is True


def test_accidental_sharing_raises_already_exists():
    with pytest.raises(ValueError, match="v already exists"):
        run(restore(ALREADY_EXISTS))
    assert [v.name for v in tf.global_variables()] == ["foo/v:0"]


def test_getting_a_missing_variable_in_reuse_mode_raises_does_not_exist():
    with pytest.raises(ValueError, match="v does not exist"):
        run(restore(DOES_NOT_EXIST))
    assert tf.global_variables() == []


def test_threading_example():
    from graphscope import (
        scopes as variable_scope,  # TF: from tensorflow.python.ops import variable_scope
    )

    made = []

    def regular_code():
        made.append((tf.get_variable_scope().name, tf.get_variable("v", [1])))

    snippet = restore(THREADS).replace("    # .... regular code for this thread\n", REGULAR_CODE)
    namespace = run(snippet, variable_scope=variable_scope, threading=threading, regular_code=regular_code)
    thread = namespace["thread"]
    thread.start()
    thread.join()
    assert namespace["main_thread_scope"] is not None
    assert [(name, v.name) for name, v in made] == [("", "v:0")]
    assert tf.global_variables() == [made[0][1]]  # the thread's variable is in the shared store


def test_threading_example_keeps_the_main_threads_prefix():
    """The reason for the example: captured inside a scope, the prefix travels to the thread."""
    from graphscope import scopes as variable_scope

    made = []

    def regular_code():
        made.append(tf.get_variable("v", [1]))

    snippet = restore(THREADS).replace("    # .... regular code for this thread\n", REGULAR_CODE)
    with tf.variable_scope("main"):
        with tf.variable_scope("model"):
            namespace = run(snippet, variable_scope=variable_scope, threading=threading,
                            regular_code=regular_code)
            namespace["thread"].start()
            namespace["thread"].join()
    assert namespace["main_thread_scope"].name == "main/model"
    assert [v.name for v in made] == ["main/model/v:0"]


def test_variable_scope_module_alias_has_the_documented_names():
    from graphscope import scopes as variable_scope

    assert variable_scope.variable_scope is tf.variable_scope
    assert variable_scope.get_variable_scope is tf.get_variable_scope
    assert variable_scope.VariableScope is tf.VariableScope
    assert variable_scope.AUTO_REUSE is tf.AUTO_REUSE


# -- the documentation's statements in prose --------------------------------------------------


def test_validates_values_makes_their_graph_default_and_pushes_both_scopes():
    """"This context manager validates that the (optional) values are from the same graph,
    ensures that graph is the default graph, and pushes a name scope and a variable scope." """
    other = tf.Graph()
    with other.as_default():
        t = tf.constant(1.0, name="t")
    with tf.variable_scope("s", values=[t]):
        assert tf.get_default_graph() is other
        assert tf.get_variable_scope().name == "s"
        assert other.get_name_scope() == "s"
    with pytest.raises(ValueError):
        with tf.variable_scope("s", values=[t, tf.constant(2.0)]):
            pass


def test_default_name_is_made_unique_in_the_same_scope():
    """"If name_or_scope is None, then default_name is used. In that case, if the same name has
    been previously used in the same scope, it will be made unique by appending _N to it." """
    with tf.variable_scope("given", default_name="ignored") as given:
        pass
    with tf.variable_scope(None, default_name="d") as a:
        pass
    with tf.variable_scope(None, default_name="d") as b:
        pass
    with tf.variable_scope("other"):
        with tf.variable_scope(None, default_name="d") as c:
            pass
    assert [given.name, a.name, b.name, c.name] == ["given", "d", "d_1", "other/d"]


def test_reuse_flag_is_inherited():
    """"if we open a reusing scope, then all its sub-scopes become reusing as well." """
    with tf.variable_scope("root"):
        with tf.variable_scope("child"):
            v = tf.get_variable("v", [1])
    with tf.variable_scope("root", reuse=True):
        with tf.variable_scope("child") as child:
            assert child.reuse is True
            assert tf.get_variable("v", [1]) is v


def test_reuse_does_not_impact_the_naming_of_other_ops():
    """"Setting reuse does not impact the naming of other ops such as mult." """
    with tf.variable_scope("foo"):
        x = tf.get_variable("x", [1])
        m1 = tf.multiply(x, 2.0, name="mult")
    with tf.variable_scope("foo", reuse=True):
        m2 = tf.multiply(tf.get_variable("x", [1]), 2.0, name="mult")
    assert (m1.name, m2.name) == ("foo/mult:0", "foo_1/mult:0")


def test_none_and_false_reuse_have_the_same_effect():
    """"Starting at 1.1.0 passing None and False as reuse has exactly the same effect." """
    results = []
    for reuse in (None, False):
        with tf.Graph().as_default():
            with tf.variable_scope("a", reuse=True):
                with tf.variable_scope("b", reuse=reuse) as b:
                    results.append(b.reuse)
            with tf.variable_scope("c", reuse=reuse) as c:
                results.append(bool(c.reuse))
                tf.get_variable("v", [1])
                with pytest.raises(ValueError, match="already exists"):
                    tf.get_variable("v", [1])
    assert results == [True, False, True, False]


def test_threads_share_the_store_but_not_the_scopes():
    """"Variable scopes are thread local ... when using default_name, unique scopes names are also
    generated only on a per thread basis ... the underlying variable store is shared across threads
    ... if another thread tries to create a new variable with the same name as a variable created
    by a previous thread, it will fail unless reuse is True." """
    graph = tf.get_default_graph()
    with tf.variable_scope(None, default_name="layer") as main_layer:
        v = tf.get_variable("v", [1])
    seen = {}

    def worker():
        with graph.as_default():
            seen["start"] = tf.get_variable_scope().name
            with tf.variable_scope(None, default_name="layer") as layer:
                seen["layer"] = layer.name  # 'layer' again: counters are per thread
                try:
                    tf.get_variable("v", [1])
                except ValueError as exc:
                    seen["create"] = str(exc)
            with tf.variable_scope("layer", reuse=True):
                seen["shared"] = tf.get_variable("v", [1])

    with tf.variable_scope("main"):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
    assert main_layer.name == "layer"
    assert seen["start"] == ""
    assert seen["layer"] == "layer"
    assert "already exists" in seen["create"]
    assert seen["shared"] is v


def test_raises_value_error_and_type_error_as_documented():
    """"ValueError: when trying to reuse within a create scope, or create within a reuse scope.
    TypeError: when the types of some arguments are not appropriate." """
    with tf.variable_scope("a"):
        tf.get_variable("v", [1])
        with pytest.raises(ValueError):
            tf.get_variable("v", [1])
    with tf.variable_scope("b", reuse=True):
        with pytest.raises(ValueError):
            tf.get_variable("v", [1])
    with pytest.raises(TypeError):
        tf.variable_scope(42)
    with pytest.raises(TypeError):
        tf.variable_scope("c", auxiliary_name_scope="yes")
