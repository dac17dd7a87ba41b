"""``import graphscope`` loads what building and running graphs need; networkx and the ``tf.train``,
``tf.layers``, ``tf.contrib`` and ``tf.test`` packages load on first use, invisibly to TF1 code."""

import subprocess
import sys
import textwrap

import pytest

LAZY = ("networkx", "graphscope.train", "graphscope.layers", "graphscope.contrib", "graphscope.testing")


def run_fresh(code: str) -> str:
    """stdout of ``code`` run by a fresh interpreter (a module loaded once stays loaded in this one)."""
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                            check=True)
    return result.stdout.strip()


def test_building_and_running_a_graph_loads_none_of_the_packages_used_on_demand():
    loaded = run_fresh("""
        import sys
        import graphscope as tf
        with tf.Graph().as_default():
            v = tf.get_variable("v", [2])
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                sess.run(v + 1.0)
        print(sorted(name for name in %r if name in sys.modules))
    """ % (LAZY,))
    assert loaded == "[]"


@pytest.mark.parametrize("name, module, member", [
    ("train", "graphscope.train", "GradientDescentOptimizer"), ("layers", "graphscope.layers", "dense"),
    ("contrib", "graphscope.contrib", "layers"), ("test", "graphscope.testing", "TestCase"),
])
def test_tf_attributes_load_their_package_on_first_use(name, module, member):
    found = run_fresh("""
        import sys
        import graphscope as tf
        before = %r in sys.modules
        package = getattr(tf, %r)
        print(before, package.__name__, hasattr(package, %r), %r in dir(tf), getattr(tf, %r) is package)
    """ % (module, name, member, name, name))
    assert found == "False %s True True True" % module


def test_from_graphscope_import_a_lazy_package_and_an_unknown_name():
    found = run_fresh("""
        from graphscope import train
        import graphscope as tf
        print(train is tf.train, train.write_graph is tf.io.write_graph)
        try:
            tf.no_such_thing
        except AttributeError as error:
            print(error)
    """)
    assert found.splitlines() == ["True True", "module 'graphscope' has no attribute 'no_such_thing'"]


def test_the_networkx_view_loads_networkx_when_first_asked_for():
    found = run_fresh("""
        import sys
        import graphscope as tf
        g = tf.Graph()
        with g.as_default():
            tf.add(tf.constant(1.0, name="a"), 2.0, name="b")
        before = "networkx" in sys.modules
        import networkx
        print(before, isinstance(g.nx, networkx.MultiDiGraph), sorted(g.nx.predecessors("b")))
    """)
    assert found == "False True ['a', 'b/y']"


def test_training_op_types_are_known_before_tf_train_is_used():
    found = run_fresh("""
        import sys
        import graphscope as tf
        from graphscope.ops import registry
        print(registry.lookup("ApplyGradientDescent") is not None, "graphscope.train" in sys.modules)
    """)
    assert found == "True False"
