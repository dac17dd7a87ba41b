"""Build the teaching notebooks from the cells below, then execute them (outputs are committed).

    python notebooks/build_notebooks.py             # regenerate every notebook and execute it
    python notebooks/build_notebooks.py 02 05       # only the notebooks whose names start so
    python notebooks/build_notebooks.py --no-execute

The cells live here, as lists, so that a notebook is edited as code and reviewed as a diff; the
``.ipynb`` files are generated (nbformat 4) and executed with nbclient in a fresh ``python3`` kernel
(the project's ``.venv`` Python: the script re-runs itself with ``.venv/bin/python`` when started with
another one), in a temporary working directory, and written with their outputs so that they read well
unexecuted. ``tests/test_notebooks.py`` runs them again with a real kernel and checks that the
committed cells are the ones listed here.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KERNEL = "python3"
TIMEOUT = 120  # seconds per cell


def md(text: str) -> tuple[str, str]:
    return ("markdown", text.strip("\n"))


def code(text: str) -> tuple[str, str]:
    return ("code", text.strip("\n"))


# ---------------------------------------------------------------------------------------------------
# 1. Graphs, ops, tensors and sessions
# ---------------------------------------------------------------------------------------------------
GRAPHS_OPS_SESSIONS = [
    md("""
# Graphs, ops, tensors and sessions

**What this notebook teaches.** TensorFlow 1.x graph mode works in two phases: you first *build* a graph
of operations (ops) whose outputs are tensors, then you *run* parts of it in a session. graphscope does the
same in pure Python, and the graph is plain data you can inspect, here with networkx too. You will:

1. **build** a small graph and see the names TensorFlow gives its ops;
2. **inspect** it: ops, tensors, shapes, and the same graph as a networkx graph (topological order, ancestors);
3. **run** it in a session;
4. see the session **prune** what a fetch does not need (an unfed placeholder is fine when nothing needs it);
5. **feed** values: placeholders, and any other tensor.
"""),
    code("""
import graphscope as tf   # TF1 graph code runs unchanged with this one import
import networkx as nx
import numpy as np
"""),
    md("""
## 1. Build

Nothing is computed while building: every call adds an op to the graph and returns a symbolic `Tensor`.
`tf.placeholder` is an input to be fed at run time; its shape `[None]` means "a vector of any length".
"""),
    code("""
graph = tf.Graph()
with graph.as_default():
    a = tf.constant(2.0, name="a")
    x = tf.placeholder(tf.float32, shape=[None], name="x")
    y = tf.add(a * x, 1.0, name="y")
    # A branch that y does not need: an input nobody will feed, and an op on it.
    unused = tf.placeholder(tf.float32, shape=[], name="unused")
    z = tf.sqrt(unused, name="z")

assert y.name == "y:0" and y.op.name == "y" and y.op.type == "AddV2"
assert y.shape.as_list() == [None] and y.dtype == tf.float32
print(len(graph.get_operations()), "ops")
y
"""),
    md("""
A tensor's name is `op_name:output_index`. Its static shape is known as far as the graph can tell:
`(?,)` is a vector of unknown length, because `x` can be fed any length.

## 2. Inspect

### Ops and tensors

`get_operations()` lists the ops in creation order. Note the names nobody chose: `a * x` became `mul`
(the op type's name), and the Python number `1.0` became a constant `y/y`, created *inside* the name
scope of the op `y` it feeds.
"""),
    code("""
for op in graph.get_operations():
    print("%-7s %-12s inputs=%-22s outputs=%s" % (
        op.name, op.type, [t.name for t in op.inputs], [(t.name, str(t.shape)) for t in op.outputs]))

assert [op.name for op in graph.get_operations()] == ["a", "x", "mul", "y/y", "y", "unused", "z"]
assert graph.get_tensor_by_name("mul:0") is y.op.inputs[0]
assert graph.get_operation_by_name("y/y").type == "Const"
"""),
    md("""
### The same graph with networkx

`graph.nx` is a read-only networkx `MultiDiGraph` view: one node per op (keyed by name, the `Operation`
in the node's `op` attribute), one edge per data input, carrying the input index and which output it
reads. Every networkx algorithm applies. A topological order is an order in which the ops can run;
the ancestors of `y` are exactly the ops `y` needs, which is what a session will run.
"""),
    code("""
G = graph.nx
print("a networkx MultiDiGraph:", isinstance(G, nx.MultiDiGraph), "with", G.number_of_nodes(), "nodes and",
      G.number_of_edges(), "edges")
print("edges:", [(u, v, data["index"]) for u, v, data in G.edges(data=True)])
print("a topological order:", list(nx.topological_sort(G)))
print("ancestors of y:", sorted(nx.ancestors(G, "y")))
print("descendants of x:", sorted(nx.descendants(G, "x")))

assert nx.is_directed_acyclic_graph(G)
assert nx.ancestors(G, "y") == {"a", "x", "mul", "y/y"}
assert nx.ancestors(G, "z") == {"unused"}
assert G.nodes["mul"]["op"] is y.op.inputs[0].op
order = list(nx.topological_sort(G))
assert all(order.index(u) < order.index(v) for u, v in G.edges())
"""),
    md("""
The view cannot be changed (the graph changes only through graphscope's API):
"""),
    code("""
try:
    G.add_node("sneaky")
except nx.NetworkXError as error:
    frozen = str(error)
print("NetworkXError:", frozen)
assert "sneaky" not in G
"""),
    md("""
A `Graph` left as the last expression of a cell draws itself (Graphviz): placeholders are orange,
constants grey, other ops blue, and the edges say the dtype and shape they carry.
"""),
    code("""
graph
"""),
    md("""
## 3. Run

A `Session` runs the ops needed for the tensors you *fetch*, with the values you *feed*. Fetches can be a
tensor, a list, a tuple or a dict of them; the result has the same structure, with numpy values.
"""),
    code("""
sess = tf.Session(graph=graph)

result = sess.run(y, feed_dict={x: [1.0, 2.0, 3.0]})
print(result, result.dtype)
assert np.array_equal(result, np.array([3.0, 5.0, 7.0], np.float32))

both = sess.run({"y": y, "pair": (a, y)}, feed_dict={x: [0.5]})
print(both)
assert both["pair"][0] == 2.0 and both["y"].tolist() == [2.0]
"""),
    md("""
## 4. Prune

The session runs only the ancestors of the fetches. `unused` is never fed, and that is fine: `y` does not
need it. Fetching `a` alone needs no feed at all. A traced run (`graphscope.trace.traced_run`) says what ran
and what was pruned.
"""),
    code("""
from graphscope.trace import traced_run

assert sess.run(a) == 2.0   # no feed needed: x is not an ancestor of a

trace = traced_run(sess, y, {x: [1.0, 2.0]})
print(trace.table(columns=("op", "type", "shape", "value")))
print("pruned:", sorted(trace.pruned))
assert sorted(trace.pruned) == ["unused", "z"]
assert set(trace.executed) == {"a", "mul", "y/y", "y"}
"""),
    md("""
A traced run also draws itself: the values on the graph, the pruned ops grey and the fed ones blue.
"""),
    code("""
trace
"""),
    md("""
Fetching `z` does need `unused`, and without a feed the session says so, naming the placeholder (and
the cell and line that created it):
"""),
    code("""
try:
    sess.run(z)
except tf.errors.InvalidArgumentError as error:
    message = error.message
print("InvalidArgumentError:", message)
assert "You must feed a value for placeholder tensor 'unused'" in message
assert "[[node unused (defined at cell" in message   # the cell (In [N]) and line that made it
"""),
    md("""
## 5. Feed

A feed is not limited to placeholders: *any* tensor can be fed, which replaces its value for this run.
Feeding `a` changes the constant; feeding `mul` cuts the graph there, so neither `a` nor `x` is needed.
"""),
    code("""
assert sess.run(y, {x: [1.0], a: 10.0}).tolist() == [11.0]   # 10 * 1 + 1

cut = traced_run(sess, y, {y.op.inputs[0]: [5.0, 6.0]})     # feed mul:0 directly
print(cut.results, "ran:", sorted(cut.executed), "fed:", sorted(cut.fed))
assert cut.results.tolist() == [6.0, 7.0]
assert "x" in cut.pruned and "a" in cut.pruned
"""),
    md("""
Feeds are checked against the tensor's static shape and dtype, with TensorFlow's message:
"""),
    code("""
try:
    sess.run(y, {x: [[1.0, 2.0]]})       # a matrix, but x is a vector
except ValueError as error:
    message = str(error)
print("ValueError:", message)
assert message == "Cannot feed value of shape (1, 2) for Tensor 'x:0', which has shape '(?,)'"
sess.close()
"""),
    md("""
## What to remember

* Building adds ops; running computes. `graph.get_operations()`, `op.inputs`, `tensor.shape` and
  `graph.nx` inspect what was built.
* `Session.run(fetches, feed_dict)` runs only the fetches' ancestors: unneeded placeholders may stay
  unfed, and a fed tensor cuts the graph at that point.
* Next: [02, variable scopes and sharing](02_variable_scopes_and_sharing.ipynb).
"""),
]

# ---------------------------------------------------------------------------------------------------
# 2. Variable scopes and sharing
# ---------------------------------------------------------------------------------------------------
VARIABLE_SCOPES = [
    md("""
# Variable scopes and sharing

**What this notebook teaches.** `tf.variable_scope` and `tf.get_variable` decide two things: what a
variable is *called*, and whether `get_variable` *creates* a new variable or *shares* an existing one.
This notebook runs **every example of TensorFlow's `tf.variable_scope` documentation**, each in a fresh
graph, and after each one draws the graph's **scope trees**: on the left the variable scopes (the names
`get_variable` gives; each variable says how often it was created and reused), on the right the name
scopes (the names the ops get, with op counts; `depth=2` levels). It then shows **the two errors**,
`already exists` and `does not exist`, what they mean and how to fix them, and the documentation's notes
(reuse is inherited, reuse does not change op names, `default_name`, `values`, threads).
"""),
    code("""
import threading

import graphscope as tf
from graphscope import viz
from graphscope.viz import draw_scope_trees
"""),
    md("""
## 1. Creating a variable

*"Simple example of how to create a new variable"*. Nested variable scopes join their names with `/`,
and the variable's tensor is its op's output 0. (The documentation's `assert == "foo/bar/v:0"` lost
`v.name` on the way; here it is whole.)
"""),
    code("""
tf.reset_default_graph()

with tf.variable_scope("foo"):
    with tf.variable_scope("bar"):
        v = tf.get_variable("v", [1])
        assert v.name == "foo/bar/v:0"

draw_scope_trees(tf.get_default_graph(), depth=2)
"""),
    md("""
The variable `v` was created once (left). Its ops, the variable itself with its initializer, `Assign`
and `read` ops, are under the name scope `foo/bar/` (right).

## 2. Sharing with `reuse=tf.AUTO_REUSE`

*"Basic example of sharing a variable AUTO_REUSE"*. With `AUTO_REUSE`, `get_variable` creates the variable
the first time and returns the same one afterwards, so a function can be called twice and share its weights.
"""),
    code("""
tf.reset_default_graph()

def foo():
    with tf.variable_scope("foo", reuse=tf.AUTO_REUSE):
        v = tf.get_variable("v", [1])
    return v

v1 = foo()  # Creates v.
v2 = foo()  # Gets the same, existing v.
assert v1 == v2
assert v1 is v2 and v1.name == "foo/v:0"
assert [var.name for var in tf.global_variables()] == ["foo/v:0"]

draw_scope_trees(tf.get_default_graph(), depth=2)
"""),
    md("""
One variable, `created 1, reused 1`. The second call entered the variable scope `foo` again but opened the
name scope `foo_1/`; it made no op there (sharing a variable adds no op), so `foo_1/` holds nothing to draw.

## 3. Sharing with `reuse=True`

*"Basic example of sharing a variable with reuse=True"*. `reuse=True` only shares: the variable must exist.
"""),
    code("""
tf.reset_default_graph()

with tf.variable_scope("foo"):
    v = tf.get_variable("v", [1])
with tf.variable_scope("foo", reuse=True):
    v1 = tf.get_variable("v", [1])
assert v1 == v

rows = viz.variable_rows()
assert [(row["name"], row["created_count"], row["reused_count"]) for row in rows] == [("foo/v:0", 1, 1)]
draw_scope_trees(tf.get_default_graph(), depth=2)
"""),
    md("""
## 4. Capturing a scope and setting reuse

*"Sharing a variable by capturing a scope and setting reuse"*. `with tf.variable_scope(...) as scope` gives
the `VariableScope` object; `scope.reuse_variables()` turns reuse on for the rest of the block. (The copy of
the documentation this notebook follows dropped the `scope.reuse_variables()` line; without it the second
`get_variable` raises the `already exists` error of section 5.)
"""),
    code("""
tf.reset_default_graph()

with tf.variable_scope("foo") as scope:
    v = tf.get_variable("v", [1])
    scope.reuse_variables()
    v1 = tf.get_variable("v", [1])
assert v1 == v
assert scope.name == "foo" and scope.reuse is True

draw_scope_trees(tf.get_default_graph(), depth=2)
"""),
    md("""
A captured scope can also be re-entered later, from anywhere, by passing the object instead of a name:
its variables keep the prefix `foo/` even inside another scope.
"""),
    code("""
with tf.variable_scope("elsewhere"):
    with tf.variable_scope(scope, reuse=True):
        v2 = tf.get_variable("v", [1])
        y = tf.identity(v2, name="y")
assert v2 is v
print("variable:", v2.name, "   op:", y.name)
assert y.name == "elsewhere/foo/y:0"

draw_scope_trees(tf.get_default_graph(), depth=2)
"""),
    md("""
## 5. The first error: `already exists`

*"To prevent accidental sharing of variables, we raise an exception when getting an existing variable in a
non-reusing scope."* Two layers that should have had their own weights must not silently share them, so
asking again for `foo/v` in a scope that does not reuse is an error:
"""),
    code("""
tf.reset_default_graph()

try:
    with tf.variable_scope("foo"):
        v = tf.get_variable("v", [1])
        v1 = tf.get_variable("v", [1])
        #  Raises ValueError("... v already exists ...").
except ValueError as error:
    already_exists = str(error)
    print("ValueError:", already_exists)

assert "Variable foo/v already exists, disallowed" in already_exists
assert "Originally defined at: cell" in already_exists          # the cell (In [N]) and line of the first v
assert [var.name for var in tf.global_variables()] == ["foo/v:0"]   # the failed call left nothing behind
draw_scope_trees(tf.get_default_graph(), depth=2)
"""),
    md("""
**Reading it.** `foo/v` is the full name that was asked for; *Originally defined at* points at the cell and
line that created the existing variable. **The fix** depends on what you meant:

* to share on purpose: `reuse=True` (the variable must exist), `reuse=tf.AUTO_REUSE` (create or share),
  or `scope.reuse_variables()`;
* to have two variables: give them different names, or different scopes (`variable_scope(None,
  default_name="layer")` makes a fresh scope each time, section 9).

The failed call is a transaction: it added no op and no variable, so the tree is the same as before it.

## 6. The second error: `does not exist`

*"Similarly, we raise an exception when trying to get a variable that does not exist in reuse mode."*
"""),
    code("""
tf.reset_default_graph()

try:
    with tf.variable_scope("foo", reuse=True):
        v = tf.get_variable("v", [1])
        #  Raises ValueError("... v does not exists ...").
except ValueError as error:
    does_not_exist = str(error)
    print("ValueError:", does_not_exist)

assert "Variable foo/v does not exist, or was not created with tf.get_variable()" in does_not_exist
assert tf.global_variables() == []
draw_scope_trees(tf.get_default_graph(), depth=2)
"""),
    md("""
**Reading it.** Under `reuse=True`, `get_variable` only looks variables up. The message names the full name
it looked for and which `variable_scope(..., reuse=True)` turned reuse on. Usual causes: the variable was
never created (the "first tower" did not run first), the scope names differ (a typo, an extra level of
nesting: compare the name in the message with the variable tree), or the variable was made with
`tf.Variable`, which `get_variable` cannot share. **The fix**: create it first, correct the scope, or use
`reuse=tf.AUTO_REUSE` when the first call should create it. Nothing was added to the graph: both trees
are empty.

## 7. Reuse is inherited

*"Note that the reuse flag is inherited: if we open a reusing scope, then all its sub-scopes become reusing
as well."* And since TensorFlow 1.1, `reuse=False` means the same as `reuse=None` ("inherit"), so it cannot
switch reuse off inside a reusing scope:
"""),
    code("""
tf.reset_default_graph()

with tf.variable_scope("root"):
    with tf.variable_scope("inner"):
        w = tf.get_variable("w", [2])

with tf.variable_scope("root", reuse=True) as root:
    with tf.variable_scope("inner") as inner:               # inherits reuse=True
        w_again = tf.get_variable("w", [2])
    with tf.variable_scope("inner", reuse=False) as still:  # False cannot undo it
        w_third = tf.get_variable("w", [2])

print("root.reuse =", root.reuse, "  inner.reuse =", inner.reuse, "  still.reuse =", still.reuse)
assert root.reuse and inner.reuse and still.reuse
assert w_again is w and w_third is w

draw_scope_trees(tf.get_default_graph(), depth=2)
"""),
    md("""
## 8. Reuse does not change the names of other ops

*"A note about name scoping: Setting reuse does not impact the naming of other ops such as mult."*
Entering `foo` a second time shares the variable `foo/v`, but the ops made there land in a new name scope
`foo_1/`. The orange folders in the picture mark where the two prefixes diverge.
[Notebook 03](03_name_scope_vs_variable_scope.ipynb) explains why.
"""),
    code("""
tf.reset_default_graph()

with tf.variable_scope("foo"):
    x = 1.0 + tf.get_variable("v", [1])
with tf.variable_scope("foo", reuse=True):
    y = tf.multiply(tf.get_variable("v", [1]), 2.0, name="mult")

print(x.op.name, y.op.name)
assert x.op.name == "foo/add"
assert y.op.name == "foo_1/mult"   # not foo/mult: reuse shares variables, not name scopes

draw_scope_trees(tf.get_default_graph(), depth=2)
"""),
    md("""
## 9. `default_name`: a new scope each time

*"If name_or_scope is None, then default_name is used. In that case, if the same name has been previously
used in the same scope, it will be made unique by appending _N to it."* Layers built this way never collide:
"""),
    code("""
tf.reset_default_graph()

def layer(x, width):
    with tf.variable_scope(None, default_name="layer"):
        w = tf.get_variable("w", [x.shape[-1], width])
        return tf.nn.relu(tf.matmul(x, w))

h = tf.placeholder(tf.float32, [None, 3], name="inputs")
for width in (4, 4, 2):
    h = layer(h, width)

names = [var.name for var in tf.global_variables()]
print(names)
assert names == ["layer/w:0", "layer_1/w:0", "layer_2/w:0"]

draw_scope_trees(tf.get_default_graph(), depth=2)
"""),
    md("""
A scope made from `default_name` is new, so there is nothing in it to reuse: `reuse=True` without a name is
a `ValueError` (use `AUTO_REUSE`, or give the scope a name).

## 10. `values`: the graph of the inputs becomes the default

*"This context manager validates that the (optional) values are from the same graph, ensures that graph is
the default graph, and pushes a name scope and a variable scope."*
"""),
    code("""
other = tf.Graph()
with other.as_default():
    inputs = tf.constant([1.0, 2.0], name="inputs")

assert tf.get_default_graph() is not other
with tf.variable_scope("layer", values=[inputs]):
    assert tf.get_default_graph() is other     # the inputs' graph, for the block's duration
    scale = tf.get_variable("scale", [2])
    out = tf.multiply(inputs, scale, name="out")
assert tf.get_default_graph() is not other
assert out.graph is other and out.name == "layer/out:0"

try:
    with tf.variable_scope("mixed", values=[inputs, tf.constant(1.0)]):   # two graphs
        pass
except ValueError as error:
    mixed = str(error)
print("ValueError:", mixed)
assert "must be from the same graph" in mixed

draw_scope_trees(other, depth=2)
"""),
    md("""
## 11. Scope defaults: initializer, dtype, ...

The arguments `initializer`, `regularizer`, `caching_device`, `partitioner`, `custom_getter`, `dtype`,
`use_resource` and `constraint` set defaults for every `get_variable` inside the scope (and its sub-scopes);
an argument given to `get_variable` wins.
"""),
    code("""
tf.reset_default_graph()

with tf.variable_scope("init", initializer=tf.constant_initializer(0.5), dtype=tf.float64):
    p = tf.get_variable("p", [2])
    with tf.variable_scope("sub"):
        q = tf.get_variable("q", [2], initializer=tf.zeros_initializer())

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    p_value, q_value = sess.run([p, q])
print(p.name, p.dtype.base_dtype.name, p_value, "   ", q.name, q.dtype.base_dtype.name, q_value)
assert p_value.tolist() == [0.5, 0.5] and q_value.tolist() == [0.0, 0.0]
assert p.dtype.base_dtype == q.dtype.base_dtype == tf.float64

draw_scope_trees(tf.get_default_graph(), depth=2)
"""),
    md("""
## 12. Threads: capture the main thread's scope

*"Variable scopes are thread local, so one thread will not see another thread's current scope ... each
thread starts with an empty variable scope. So if you wish to preserve name prefixes from a scope from the
main thread, you should capture the main thread's scope and re-enter it in each thread."* The
documentation's example, with its `variable_scope` module (graphscope's is `graphscope.scopes`), and the
graph entered in the thread too (the default graph is per thread as well):
"""),
    code("""
from graphscope import scopes as variable_scope

tf.reset_default_graph()
graph = tf.get_default_graph()
seen = {}

with tf.variable_scope("main"):
    main_thread_scope = variable_scope.get_variable_scope()

    # Thread's target function:
    def thread_target_fn(captured_scope):
        with graph.as_default():
            seen["before"] = tf.get_variable_scope().name      # a new thread starts at the root
            with variable_scope.variable_scope(captured_scope):
                # .... regular code for this thread
                seen["variable"] = tf.get_variable("w", [1]).name

    thread = threading.Thread(target=thread_target_fn, args=(main_thread_scope,))
    thread.start()
    thread.join()

print(seen)
assert seen == {"before": "", "variable": "main/w:0"}
draw_scope_trees(graph, depth=2)
"""),
    md("""
[Notebook 04](04_scopes_across_threads.ipynb) goes further: one shared variable store, racing threads, and
`default_name` counters that are per thread.

## What to remember

| `reuse` | the variable does not exist | the variable exists |
| --- | --- | --- |
| `None` (default; `False` is the same) | created | `ValueError: ... already exists` |
| `True` (inherited by sub-scopes) | `ValueError: ... does not exist` | shared |
| `tf.AUTO_REUSE` | created | shared |

`viz.scope_tree(graph)` prints the same trees as text:
"""),
    code("""
print(viz.scope_tree(graph))
"""),
]

# ---------------------------------------------------------------------------------------------------
# 3. name_scope versus variable_scope
# ---------------------------------------------------------------------------------------------------
NAME_VS_VARIABLE_SCOPE = [
    md("""
# `name_scope` versus `variable_scope`

**What this notebook teaches.** TensorFlow 1.x has two kinds of scope, and most naming surprises come from
mixing them up:

* a **name scope** (`tf.name_scope`) prefixes the names of **ops**, and is made unique every time it is
  opened (`foo/`, then `foo_1/`, ...);
* a **variable scope** (`tf.variable_scope`) prefixes the names of the **variables `tf.get_variable`
  makes**, with no suffix, so that a second block can find the first block's variables; it also opens a
  name scope for its ops.

That is why, when a variable scope is entered twice, the **ops land in `foo_1/` while the variables stay
in `foo/`**. This notebook shows it side by side: both trees, as text and as a picture, the graph drawn
with the diverging scopes marked, and `graphscope.explain_name` telling the story of a name.
"""),
    code("""
import graphscope as tf
from graphscope import viz
from graphscope.viz import draw_graph, draw_scope_trees
"""),
    md("""
## 1. `name_scope` names ops, not `get_variable`

Inside a bare name scope, `tf.get_variable` ignores the name scope (it follows variable scopes only), while
`tf.Variable`, an op like any other, and every other op follow it:
"""),
    code("""
tf.reset_default_graph()

with tf.name_scope("ns"):
    shared = tf.get_variable("shared", [])          # variable scope: still the root
    plain = tf.Variable(1.0, name="plain")          # an op like any other
    total = tf.add(shared, plain, name="total")

print(shared.name, plain.name, total.name)
assert (shared.name, plain.name, total.name) == ("shared:0", "ns/plain:0", "ns/total:0")
"""),
    md("""
Inside a variable scope, both get the prefix, because the variable scope opened a name scope of the same name:
"""),
    code("""
with tf.variable_scope("vs"):
    a = tf.get_variable("a", [])
    b = tf.Variable(1.0, name="b")
    c = tf.add(a, b, name="c")

print(a.name, b.name, c.name)
assert (a.name, b.name, c.name) == ("vs/a:0", "vs/b:0", "vs/c:0")
"""),
    md("""
## 2. Entering a variable scope twice

A layer that asks `get_variable` for its weight and multiplies by it, built twice in the variable scope
`foo`, the second time sharing the weight:
"""),
    code("""
tf.reset_default_graph()

def layer(x):
    w = tf.get_variable("w", [], initializer=tf.constant_initializer(2.0))
    return tf.multiply(x, w, name="y")

with tf.variable_scope("foo"):
    y1 = layer(1.0)
with tf.variable_scope("foo", reuse=True) as scope:
    y2 = layer(3.0)

print("variables:", [v.name for v in tf.global_variables()])
print("ops:      ", y1.name, y2.name)
print("scope:     name=%r original_name_scope=%r" % (scope.name, scope.original_name_scope))

assert [v.name for v in tf.global_variables()] == ["foo/w:0"]
assert (y1.name, y2.name) == ("foo/y:0", "foo_1/y:0")
assert (scope.name, scope.original_name_scope) == ("foo", "foo_1/")
"""),
    md("""
**Why.** Opening `variable_scope("foo")` does two things:

1. it pushes the *variable scope* `foo`: `get_variable("w")` looks up `foo/w` in the graph's variable store,
   whose keys are never uniquified (that is how sharing finds the first block's weight);
2. it opens the *name scope* `foo`, and name scopes are uniquified like op names: `foo/` was taken by the
   first block, so the second gets `foo_1/` (`scope.original_name_scope`).

The ops are named by the name scope, the variables by the variable scope; the second time, they differ.

## 3. Side by side

The two trees of the same graph. Left, what `get_variable` named; right, what the ops are named (down to
two levels, with op counts). `foo_1/` says where its variables are:
"""),
    code("""
def side_by_side(left: str, right: str, gap: int = 4) -> str:
    left_lines, right_lines = left.splitlines(), right.splitlines()
    width = max(map(len, left_lines)) + gap
    rows = max(len(left_lines), len(right_lines))
    left_lines += [""] * (rows - len(left_lines))
    right_lines += [""] * (rows - len(right_lines))
    return "\\n".join(line.ljust(width) + other for line, other in zip(left_lines, right_lines))

graph = tf.get_default_graph()
variable_tree = viz.variable_scope_tree(graph)
name_tree = viz.name_scope_tree(graph, depth=2)
print(side_by_side(variable_tree, name_tree))

assert "foo_1/" not in variable_tree                  # no variable is under foo_1/
assert "foo_1/  2 ops  (opened by variable scope 'foo': its variables are under 'foo/')" in name_tree
"""),
    md("""
The same as a picture (`draw_scope_trees`): the orange folders are where the prefixes diverge, and the
variable says it was created once and reused once.
"""),
    code("""
draw_scope_trees(graph, depth=2)
"""),
    md("""
And the graph itself (`draw_graph`). `foo_1/` is a cluster of its own, orange, reading the variable
`foo/w` drawn in `foo/`; the shared variable and its edges are orange and bold:
"""),
    code("""
picture = draw_graph(graph)
assert "cluster_foo_1" in picture.source
picture
"""),
    md("""
## 4. `explain_name`: the story of a name

`graphscope.explain_name(graph, name)` says, part by part, why an op or a scope has the name it has:
which name it asked for, whether that was free, and which variable scope opened a name scope of another name.
"""),
    code("""
story = tf.explain_name(graph, "foo_1/y")
print(story)
words = " ".join(story.split())   # the story is wrapped; compare it unwrapped
assert "A name scope opened by variable_scope('foo') entered again" in words
assert "which name scope 'foo/' (variable_scope('foo')) already held, so it got the first free suffix: 'foo_1'" in words
"""),
    code("""
print(tf.explain_name(graph, "foo/w"))
"""),
    md("""
## 5. When you want the ops under `foo/` too

Usually the `foo_1/` prefix is harmless (and TensorFlow does the same). When the second block's ops should
be named under `foo/` as well, re-enter the captured scope without its automatic name scope, and open its
original name scope yourself (a name scope ending in `/` is re-entered as is, not uniquified):
"""),
    code("""
tf.reset_default_graph()

with tf.variable_scope("foo") as foo:
    y1 = layer(1.0)
with tf.variable_scope(foo, reuse=True, auxiliary_name_scope=False):
    with tf.name_scope(foo.original_name_scope):
        y2 = layer(3.0)

print(y1.name, y2.name)
assert (y1.name, y2.name) == ("foo/y:0", "foo/y_1:0")   # same name scope; the op name is made unique
print(side_by_side(viz.variable_scope_tree(), viz.name_scope_tree(depth=1)))
"""),
    md("""
## 6. A bare `name_scope` around shared layers

The other common pattern: a *name scope* per tower, with the layers' *variable scopes* inside. The variables
are shared (the name scope does not prefix them); each tower's ops are under its own name scope:
"""),
    code("""
tf.reset_default_graph()

def dense(x):
    with tf.variable_scope("dense", reuse=tf.AUTO_REUSE):
        w = tf.get_variable("w", [3, 2])
        return tf.matmul(x, w, name="out")

outputs = []
for tower in ("tower_a", "tower_b"):
    with tf.name_scope(tower):
        outputs.append(dense(tf.placeholder(tf.float32, [None, 3], name="x")))

print([v.name for v in tf.global_variables()], [t.name for t in outputs])
assert [v.name for v in tf.global_variables()] == ["dense/w:0"]
assert [t.name for t in outputs] == ["tower_a/dense/out:0", "tower_b/dense/out:0"]
draw_scope_trees(tf.get_default_graph(), depth=2)
"""),
    md("""
## What to remember

* `get_variable` names follow **variable scopes only**; every op (and `tf.Variable`) follows **name scopes**.
* A name scope is uniquified each time it is opened; a variable scope's variable prefix never is.
  Re-entering `variable_scope("foo")` therefore shares `foo/...` variables while its ops go to `foo_1/...`.
* `scope.original_name_scope`, `viz.scope_tree`, `draw_scope_trees` and `tf.explain_name` show both
  prefixes and where they diverge.
"""),
]

# ---------------------------------------------------------------------------------------------------
# 4. Scopes across threads
# ---------------------------------------------------------------------------------------------------
THREADS = [
    md("""
# Scopes across threads

**What this notebook teaches.** When several threads build one graph (as input pipelines and multi-tower
training in TF1 did):

* **scopes are per thread**: each thread has its own name-scope and variable-scope stacks (and its own
  default graph), and a new thread starts at the root;
* **the variable store is shared** by every thread of a graph: a variable one thread created is "already
  there" for the others, and among threads racing to create the same variable exactly one wins;
* to keep the main thread's prefix, **capture its scope and re-enter it** in the thread (the example of
  TensorFlow's documentation);
* **`default_name` counters are per thread**: two threads both get `layer`, `layer_1`, ... as variable scopes.
"""),
    code("""
import threading

import graphscope as tf
from graphscope import viz
from graphscope.viz import draw_scope_trees


def run_in_thread(function, *args):
    \"\"\"Run function(*args) in a new thread and wait for it; return its result (or raise its error).\"\"\"
    box = {}

    def target():
        try:
            box["result"] = function(*args)
        except BaseException as error:  # handed back to the caller
            box["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("result")
"""),
    md("""
## 1. A new thread starts at the root, in the global default graph

Scopes opened in the main thread do not reach into a thread it starts, nor does its `as_default()` graph:
"""),
    code("""
graph = tf.Graph()

def look():
    return tf.get_variable_scope().name, tf.get_default_graph() is graph

with graph.as_default(), tf.variable_scope("main"):
    print("main thread:", (tf.get_variable_scope().name, tf.get_default_graph() is graph))
    in_thread = run_in_thread(look)
    print("new thread: ", in_thread)

assert in_thread == ("", False)
"""),
    md("""
## 2. One variable store, shared by every thread

The store belongs to the graph. A thread that enters the same graph and the same scope name finds the
variable the main thread made: creating it again is the `already exists` error, sharing it works.
"""),
    code("""
with graph.as_default(), tf.variable_scope("layer"):
    w = tf.get_variable("w", [1])

def create_again():
    with graph.as_default(), tf.variable_scope("layer"):
        return tf.get_variable("w", [1])

def share():
    with graph.as_default(), tf.variable_scope("layer", reuse=True):
        return tf.get_variable("w", [1])

try:
    run_in_thread(create_again)
except ValueError as error:
    message = str(error)
print("ValueError:", message)
assert message.startswith("Variable layer/w already exists")

assert run_in_thread(share) is w
print(viz.variable_table(graph))
"""),
    md("""
Threads racing to create the same new variable: the store's lock makes create-or-share atomic, so exactly
one thread creates it and the others get the error.
"""),
    code("""
race = tf.Graph()
outcomes = []
start = threading.Barrier(8)

def create():
    with race.as_default():
        start.wait()                                  # all eight ask at once
        try:
            tf.get_variable("v", [1])
            outcomes.append("created")
        except ValueError as error:
            outcomes.append("already exists" if "already exists" in str(error) else str(error))

threads = [threading.Thread(target=create) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()

print(sorted(outcomes))
assert sorted(outcomes) == ["already exists"] * 7 + ["created"]
assert [v.name for v in race.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)] == ["v:0"]
"""),
    md("""
## 3. Capturing and re-entering the main thread's scope

TensorFlow's documentation: *"each thread starts with an empty variable scope. So if you wish to preserve
name prefixes from a scope from the main thread, you should capture the main thread's scope and re-enter it
in each thread."* Its example, run as written (`variable_scope` is graphscope's scopes module), with the
graph entered in the thread as well:
"""),
    code("""
from graphscope import scopes as variable_scope

graph = tf.Graph()
outputs = []

with graph.as_default(), tf.variable_scope("model", reuse=tf.AUTO_REUSE):
    main_thread_scope = variable_scope.get_variable_scope()

    # Thread's target function:
    def thread_target_fn(captured_scope):
        with graph.as_default(), variable_scope.variable_scope(captured_scope):
            # .... regular code for this thread
            w = tf.get_variable("w", [1], initializer=tf.ones_initializer())
            outputs.append(tf.identity(w, name="out"))

    threads = [threading.Thread(target=thread_target_fn, args=(main_thread_scope,)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

print("variables:", [v.name for v in graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)])
print("outputs:  ", sorted(t.name for t in outputs))
assert [v.name for v in graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)] == ["model/w:0"]
assert sorted(t.name for t in outputs) == ["model_1/out:0", "model_2/out:0", "model_3/out:0", "model_4/out:0"]
"""),
    md("""
One variable (`model/w`), created by one thread and reused by the three others, because the captured scope
carries its settings (`reuse=tf.AUTO_REUSE`) along with its name. Each thread's ops are under a name scope
of its own, `model_1/` to `model_4/`: name uniqueness belongs to the graph, so the suffixes are shared among
threads (which thread got which depends on scheduling).
"""),
    code("""
row, = viz.variable_rows(graph)
assert (row["created_count"], row["reused_count"]) == (1, 3)
draw_scope_trees(graph, depth=1)
"""),
    md("""
## 4. `default_name` counters are per thread

*"When using default_name, unique scopes names are also generated only on a per thread basis. If the same
name was used within a different thread, that doesn't prevent a new thread from creating the same scope."*
The main thread, then another thread, each open two scopes with `default_name="layer"`:
"""),
    code("""
graph = tf.Graph()

def two_layers():
    with graph.as_default():
        opened = []
        for _ in range(2):
            with tf.variable_scope(None, default_name="layer") as scope:
                opened.append((scope.name, scope.original_name_scope))
        return opened

in_main = two_layers()
in_thread = run_in_thread(two_layers)
print("main thread (variable scope, name scope):", in_main)
print("new thread  (variable scope, name scope):", in_thread)

assert [name for name, _ in in_main] == [name for name, _ in in_thread] == ["layer", "layer_1"]
assert [ns for _, ns in in_main] == ["layer/", "layer_1/"]
assert [ns for _, ns in in_thread] == ["layer_2/", "layer_3/"]   # name scopes stay unique graph-wide
"""),
    md("""
The *variable scope* names repeat (`layer`, `layer_1` in both threads) while the *name scopes* do not
(`layer_2/`, `layer_3/`). So the thread's "new" layer is not new for the variable store: a `get_variable`
there asks for the same `layer/w` as the main thread's layer, and the shared store says `already exists`.
Give layers built in threads explicit names, or capture a scope per thread.
"""),
    code("""
def layer_with_weight():
    with graph.as_default(), tf.variable_scope(None, default_name="dense"):
        return tf.get_variable("w", [1])

first = layer_with_weight()                     # main thread: dense/w
try:
    run_in_thread(layer_with_weight)            # new thread: also "dense", so dense/w again
except ValueError as error:
    message = str(error)
print("ValueError:", message)
assert message.startswith("Variable dense/w already exists")
assert first.name == "dense/w:0"
"""),
    md("""
## What to remember

* Scopes (and the default graph) are thread local; a new thread starts at the root of every stack.
* The variable store is per graph, shared by all threads, and atomic: one creator wins.
* Capture `tf.get_variable_scope()` in the main thread and re-enter the object in each thread to keep its
  prefix and settings; enter the graph there too.
* `default_name` uniquifies per thread: name variable scopes explicitly in threads.
"""),
]

# ---------------------------------------------------------------------------------------------------
# 5. Training a model
# ---------------------------------------------------------------------------------------------------
TRAINING = [
    md("""
# Training a model

**What this notebook teaches.** In TF1 graph mode, training is graph building too: `tf.gradients` adds
ops that compute derivatives, an optimizer adds ops that update the variables, and a session runs them
step after step. This notebook trains a **small classifier** (one hidden layer) on a **seeded synthetic
data set** (three Gaussian blobs in 2-D), **plots the loss curve** (matplotlib), **draws the gradient ops on
the graph** (a depth cut of the whole training graph, then the `gradients/` scope), and **saves a
checkpoint and restores it into a rebuilt graph**.
"""),
    code("""
%matplotlib inline
import os
import shutil
import tempfile

import matplotlib.pyplot as plt
import numpy as np

import graphscope as tf
from graphscope import viz
from graphscope.viz import draw_graph
"""),
    md("""
## 1. A seeded synthetic data set

Three classes, 300 points, always the same (numpy's seeded generator):
"""),
    code("""
rng = np.random.default_rng(0)
centers = np.array([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]], np.float32)
labels = rng.integers(0, 3, size=300).astype(np.int32)
points = (centers[labels] + rng.normal(scale=0.8, size=(300, 2))).astype(np.float32)

print(points.shape, labels.shape, np.bincount(labels))
assert points.shape == (300, 2) and sorted(set(labels.tolist())) == [0, 1, 2]

plt.figure(figsize=(4, 3.5))
plt.scatter(points[:, 0], points[:, 1], c=labels, cmap="viridis", s=12)
plt.title("the data set")
plt.show()
"""),
    md("""
## 2. The model, as a function that builds it

The model is built by a function, so that the same code can build it again later (to restore a
checkpoint into). Variables come from `tf.get_variable` inside variable scopes, as TF1 models did.
"""),
    code("""
def build_model():
    \"\"\"The classifier in the default graph: inputs, logits, loss and accuracy.\"\"\"
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    y = tf.placeholder(tf.int32, [None], name="y")
    with tf.variable_scope("classifier"):
        with tf.variable_scope("hidden"):
            w = tf.get_variable("w", [2, 16])
            b = tf.get_variable("b", [16], initializer=tf.zeros_initializer())
            hidden = tf.nn.relu(tf.matmul(x, w) + b)
        with tf.variable_scope("logits"):
            w = tf.get_variable("w", [16, 3])
            b = tf.get_variable("b", [3], initializer=tf.zeros_initializer())
            logits = tf.matmul(hidden, w) + b
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits), name="loss")
    predictions = tf.argmax(logits, 1, output_type=tf.int32, name="predictions")
    accuracy = tf.reduce_mean(tf.cast(tf.equal(predictions, y), tf.float32), name="accuracy")
    return {"x": x, "y": y, "logits": logits, "loss": loss, "predictions": predictions, "accuracy": accuracy}


graph = tf.Graph()
with graph.as_default():
    tf.set_random_seed(1)
    model = build_model()
    optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.5)
    grads_and_vars = optimizer.compute_gradients(model["loss"])
    train_op = optimizer.apply_gradients(grads_and_vars, name="train")
    init = tf.global_variables_initializer()
    saver = tf.train.Saver()

for gradient, variable in grads_and_vars:
    print("%-22s <- %s" % (variable.name, gradient.name))
assert [v.name for _, v in grads_and_vars] == [
    "classifier/hidden/w:0", "classifier/hidden/b:0", "classifier/logits/w:0", "classifier/logits/b:0"]
assert all(g.name.startswith("gradients/") for g, _ in grads_and_vars)
print(len(graph.get_operations()), "ops")
print(viz.variable_table(graph))
"""),
    md("""
`optimizer.minimize(loss)` is these two calls in one: `compute_gradients` builds the gradient ops under the
name scope `gradients/` (one `..._grad` scope per op it differentiates, TensorFlow's names) and returns
`(gradient, variable)` pairs; `apply_gradients` builds one update op per variable under `train/`.

## 3. Train, and plot the loss curve
"""),
    code("""
sess = tf.Session(graph=graph)
sess.run(init)
feed = {model["x"]: points, model["y"]: labels}

losses = []
for step in range(150):
    _, loss_value = sess.run([train_op, model["loss"]], feed)
    losses.append(loss_value)
accuracy = sess.run(model["accuracy"], feed)

print("loss: %.3f -> %.3f   accuracy: %.3f" % (losses[0], losses[-1], accuracy))
assert losses[-1] < 0.25 * losses[0]
assert accuracy > 0.9

plt.figure(figsize=(5, 3))
plt.plot(losses)
plt.xlabel("step")
plt.ylabel("cross-entropy loss")
plt.title("training loss")
plt.show()
"""),
    md("""
What the classifier learned: each point of a grid coloured by the predicted class, with the data on top.
"""),
    code("""
xs, ys = np.meshgrid(np.linspace(-4.5, 4.5, 120), np.linspace(-4, 5, 120))
grid = np.stack([xs.ravel(), ys.ravel()], axis=1).astype(np.float32)
regions = sess.run(model["predictions"], {model["x"]: grid}).reshape(xs.shape)

plt.figure(figsize=(4, 3.5))
plt.contourf(xs, ys, regions, levels=[-0.5, 0.5, 1.5, 2.5], cmap="viridis", alpha=0.3)
plt.scatter(points[:, 0], points[:, 1], c=labels, cmap="viridis", s=12)
plt.title("decision regions (accuracy %.2f)" % accuracy)
plt.show()
"""),
    md("""
## 4. The gradients, checked by hand

For softmax cross-entropy, the gradient of the mean loss with respect to the logits' bias is the mean of
`softmax(logits) - onehot(labels)`. The graph's gradient op computes the same:
"""),
    code("""
bias_gradient = dict((v.name, g) for g, v in grads_and_vars)["classifier/logits/b:0"]
logits_value, gradient_value = sess.run([model["logits"], bias_gradient], feed)

softmax = np.exp(logits_value - logits_value.max(1, keepdims=True))
softmax /= softmax.sum(1, keepdims=True)
by_hand = (softmax - np.eye(3)[labels]).mean(0)
print(gradient_value, by_hand)
assert np.allclose(gradient_value, by_hand, atol=1e-6)
"""),
    md("""
## 5. The gradients drawn on the graph

A training graph is large (the gradient ops outnumber the model's), so it reads best with a **depth cut**:
`depth=1` draws each top-level scope as one folder with its op count. The model is `classifier/`, the
gradient ops `gradients/`, the updates `train/` (initializers are hidden by default):
"""),
    code("""
print(len(graph.get_operations()), "ops in the training graph")
overview = draw_graph(graph, depth=1)
assert '"gradients/"' in overview.source and '"train/"' in overview.source
overview
"""),
    md("""
`scope="gradients"` draws only the gradient ops (with `depth=2` under it), and the ops outside they read
or feed as dashed boxes: the loss's gradient `loss_grad/` flows back through the cross-entropy, the
`logits/` layer and the `hidden/` layer, and out to `train/`'s updates.
"""),
    code("""
gradients_picture = draw_graph(graph, scope="gradients", depth=2)
assert "loss_grad" in gradients_picture.source and "hidden" in gradients_picture.source
gradients_picture
"""),
    md("""
One layer's gradient in full, `scope="gradients/classifier/logits"`: the `MatMul_grad` of `logits = h @ w`
(two `MatMul`s, for `h` and for `w`) and the `add_grad` of `+ b` (a `Sum` over the batch), each with the
`tuple/control_dependency` ops TensorFlow groups gradients with:
"""),
    code("""
layer_picture = draw_graph(graph, scope="gradients/classifier/logits")
assert "MatMul_grad" in layer_picture.source and "add_grad" in layer_picture.source
layer_picture
"""),
    md("""
## 6. Save a checkpoint, and restore it into a rebuilt graph

`tf.train.Saver` writes the variables' values, keyed by variable name, to a checkpoint (here in a temporary
directory). `tf.train.list_variables` lists what a checkpoint holds:
"""),
    code("""
checkpoint_dir = tempfile.mkdtemp()
path = saver.save(sess, os.path.join(checkpoint_dir, "classifier.ckpt"), global_step=len(losses))
print(os.path.basename(path), sorted(os.listdir(checkpoint_dir)))
for name, shape in tf.train.list_variables(checkpoint_dir):
    print("  %-20s %s" % (name, shape))

assert tf.train.latest_checkpoint(checkpoint_dir) == path
assert [name for name, _ in tf.train.list_variables(checkpoint_dir)] == [
    "classifier/hidden/b", "classifier/hidden/w", "classifier/logits/b", "classifier/logits/w"]
trained_predictions = sess.run(model["predictions"], feed)
sess.close()
"""),
    md("""
Restoring needs the same variables, so the model is **rebuilt from the same code** in a brand-new graph
(no optimizer this time: inference only). `restore` sets every variable; nothing needs initializing first.
"""),
    code("""
rebuilt = tf.Graph()
with rebuilt.as_default():
    model2 = build_model()
    restorer = tf.train.Saver()

with tf.Session(graph=rebuilt) as sess2:
    restorer.restore(sess2, tf.train.latest_checkpoint(checkpoint_dir))
    restored_predictions, restored_accuracy = sess2.run(
        [model2["predictions"], model2["accuracy"]], {model2["x"]: points, model2["y"]: labels})

print("rebuilt graph: %d ops; restored accuracy %.3f" % (len(rebuilt.get_operations()), restored_accuracy))
assert np.array_equal(restored_predictions, trained_predictions)
assert restored_accuracy == accuracy
shutil.rmtree(checkpoint_dir)   # the temporary checkpoint directory
"""),
    md("""
## What to remember

* `compute_gradients` / `tf.gradients` build gradient ops under `gradients/`; `apply_gradients` builds the
  updates; `minimize` does both. Running the returned op is one training step.
* A training graph reads well drawn with a depth cut (`draw_graph(graph, depth=1)`) or one subtree
  (`scope="gradients"`).
* Checkpoints are keyed by variable names: rebuild the graph with the same code (same scopes) and
  `Saver.restore` it.
"""),
]

# ---------------------------------------------------------------------------------------------------
# 6. Reading legacy TF1 code
# ---------------------------------------------------------------------------------------------------
LEGACY_MODEL = '''
def dense(inputs, units, activation=None, name=None, reuse=None):
    """A fully connected layer the way pre-tf.layers code wrote it."""
    with tf.variable_scope(name, default_name="dense", values=[inputs], reuse=reuse):
        in_dim = inputs.get_shape().as_list()[-1]
        kernel = tf.get_variable("kernel", [in_dim, units],
                                 initializer=tf.glorot_uniform_initializer(),
                                 regularizer=tf.contrib.layers.l2_regularizer(1e-4))
        bias = tf.get_variable("bias", [units], initializer=tf.zeros_initializer())
        outputs = tf.nn.bias_add(tf.matmul(inputs, kernel), bias)
        if activation is not None:
            outputs = activation(outputs)
        return outputs


def tower(x, keep_prob, reuse=False):
    """One branch of the siamese network: an embedding on the unit sphere."""
    with tf.variable_scope("tower", reuse=reuse):
        net = dense(x, 64, tf.nn.relu, name="fc1")
        net = tf.nn.dropout(net, keep_prob=keep_prob)
        net = dense(net, 32, tf.nn.relu, name="fc2")
        net = dense(net, 16, name="embedding")
        return tf.nn.l2_normalize(net, axis=1)


def siamese_model(left, right, same, keep_prob, margin=0.5):
    """Two towers with shared weights and a contrastive loss."""
    left_embedding = tower(left, keep_prob)
    right_embedding = tower(right, keep_prob, reuse=True)
    with tf.name_scope("contrastive_loss"):
        squared = tf.reduce_sum(tf.square(left_embedding - right_embedding), axis=1)
        distance = tf.sqrt(squared + 1e-8)
        similar = same * squared
        dissimilar = (1.0 - same) * tf.square(tf.maximum(margin - distance, 0.0))
        loss = tf.reduce_mean(similar + dissimilar)
    regularization = tf.add_n(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES), name="regularization")
    total_loss = tf.add(loss, regularization, name="total_loss")
    return left_embedding, right_embedding, total_loss
'''.strip("\n")

LEGACY = [
    md("""
# Reading legacy TF1 code

**What this notebook teaches.** A lot of TensorFlow 1.x code is still read, ported and debugged. graphscope
runs it unchanged, replacing `import tensorflow as tf` with `import graphscope as tf`, and builds the graph
TensorFlow would build, with the same names. That makes a legacy model-building function something you can
*look at*: its **variable table** (what `get_variable` created, what it shared, from which line), its scope
trees, and the **names its checkpoints hold** (`tf.train.Saver` + `tf.train.list_variables`), which are the
names another program must use to load it.

The model is typical of its time: a siamese network whose two towers share their weights through
`variable_scope(..., reuse=True)`, dense layers written by hand with `get_variable` (no `tf.layers`),
`tf.nn` activations, dropout with `keep_prob`, L2 regularizers collected in `REGULARIZATION_LOSSES`,
and a contrastive loss.
"""),
    code("""
import os
import shutil
import tempfile

import numpy as np

import graphscope as tf   # was: import tensorflow as tf
from graphscope import viz
from graphscope.viz import draw_graph, draw_scope_trees
"""),
    md("""
## 1. The legacy model-building code, unchanged
"""),
    code(LEGACY_MODEL),
    md("""
## 2. Build the graph

The usual driver code: placeholders, then the model.
"""),
    code("""
tf.reset_default_graph()
left = tf.placeholder(tf.float32, [None, 10], name="left")
right = tf.placeholder(tf.float32, [None, 10], name="right")
same = tf.placeholder(tf.float32, [None], name="same")
keep_prob = tf.placeholder_with_default(1.0, [], name="keep_prob")

left_embedding, right_embedding, total_loss = siamese_model(left, right, same, keep_prob)

graph = tf.get_default_graph()
print(len(graph.get_operations()), "ops;", left_embedding.name, right_embedding.name, total_loss.name)
assert left_embedding.name == "tower/l2_normalize:0"
assert right_embedding.name == "tower_1/l2_normalize:0"
assert total_loss.name == "total_loss:0"
"""),
    md("""
The model drawn with a depth cut of 2 (each layer one folder): the left tower's layers hold the shared
variables (orange), the right tower `tower_1/` reads them (its folders say where its variables are), and
both embeddings meet in `contrastive_loss/`.
"""),
    code("""
model_picture = draw_graph(graph, depth=2)
assert "cluster_tower_1" in model_picture.source and "variables under tower/fc1/" in model_picture.source
model_picture
"""),
    md("""
Then the training part: a global step and an Adam optimizer.
"""),
    code("""
global_step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(1e-3).minimize(total_loss, global_step=global_step)
print(len(graph.get_operations()), "ops with the training ops")
"""),
    md("""
## 3. What did it create? The variable table

One row per variable: shape, dtype, trainable, collections, how many `get_variable` calls created and
reused it, and where it was created. The six weights of the tower were created once (by the left tower)
and reused once (by the right tower, `reuse=True`). `get_or_create_global_step` added `global_step`, and
Adam its `beta1_power`/`beta2_power` and two slots (`Adam`, `Adam_1`) per weight, named after the weight.
"""),
    code("""
print(viz.variable_table())
"""),
    code("""
trainable = [v.name for v in tf.trainable_variables()]
assert trainable == [
    "tower/fc1/kernel:0", "tower/fc1/bias:0",
    "tower/fc2/kernel:0", "tower/fc2/bias:0",
    "tower/embedding/kernel:0", "tower/embedding/bias:0",
]
rows = {row["name"]: row for row in viz.variable_rows()}
assert all((rows[name]["created_count"], rows[name]["reused_count"]) == (1, 1) for name in trainable)
assert "tower/fc1/kernel/Adam_1:0" in rows and "beta1_power:0" in rows

# A regularizer is applied when a variable is created, not when it is reused: 3 kernels, 3 losses.
regularization_losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
print([t.name for t in regularization_losses])
assert len(regularization_losses) == 3
"""),
    md("""
## 4. Where did the names come from? The scope trees

The variables all live under `tower/`; the right tower's ops are under `tower_1/` (a variable scope entered
again opens a new name scope, see [notebook 03](03_name_scope_vs_variable_scope.ipynb)). The picture marks
the diverging prefixes in orange; the optimizer's slots sit beside the weights they belong to, and the
gradient ops fill `gradients/`.
"""),
    code("""
print(viz.name_scope_tree(depth=1))
draw_scope_trees(graph, depth=1)
"""),
    md("""
## 5. Train a few steps, and list the checkpoint's names

A seeded toy task: pairs of 10-d points, "same" pairs are noisy copies. Then `tf.train.Saver` writes a
checkpoint and `tf.train.list_variables` lists it: checkpoint keys are the variable names without `:0`,
exactly as TensorFlow writes them, so these are the names to give `tf.train.load_variable`, an
`init_from_checkpoint` map or a `Saver({name: variable})` in another program.
"""),
    code("""
rng = np.random.default_rng(0)
first = rng.normal(size=(128, 10)).astype(np.float32)
is_same = (rng.random(128) < 0.5).astype(np.float32)
second = np.where(is_same[:, None] > 0, first + 0.1 * rng.normal(size=first.shape),
                  rng.normal(size=first.shape)).astype(np.float32)
feed = {left: first, right: second, same: is_same, keep_prob: 0.9}

checkpoint_dir = tempfile.mkdtemp()
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    losses = [sess.run([train_op, total_loss], feed)[1] for _ in range(60)]
    path = saver.save(sess, os.path.join(checkpoint_dir, "siamese.ckpt"), global_step=global_step)
    fc1_bias = sess.run(graph.get_tensor_by_name("tower/fc1/bias:0"))

print("loss %.4f -> %.4f; saved %s" % (losses[0], losses[-1], os.path.basename(path)))
assert losses[-1] < losses[0]
assert os.path.basename(path) == "siamese.ckpt-60"
"""),
    code("""
checkpoint_names = tf.train.list_variables(checkpoint_dir)
for name, shape in checkpoint_names:
    print("%-32s %s" % (name, shape))

assert len(checkpoint_names) == len(tf.global_variables()) == 21
assert ("tower/fc1/kernel", [10, 64]) in checkpoint_names
assert ("tower/fc1/kernel/Adam", [10, 64]) in checkpoint_names
assert {name for name, _ in checkpoint_names} == {v.op.name for v in tf.global_variables()}
assert tf.train.load_variable(checkpoint_dir, "global_step") == 60
assert np.array_equal(tf.train.load_variable(checkpoint_dir, "tower/fc1/bias"), fc1_bias)
"""),
    md("""
## 6. The same file with `import tensorflow as tf`

The command line runs a legacy script whose first line is still `import tensorflow as tf` (the import is
redirected to graphscope while it runs): `graphscope vars model.py` prints the variable table of the graph
it builds, `graphscope tree model.py` its scope trees, `graphscope draw model.py -o model.svg` a picture.
Here the script is written to a temporary directory and the command line is called in-process:
"""),
    code("""
import inspect

from graphscope import cli

driver = '''
left = tf.placeholder(tf.float32, [None, 10], name="left")
right = tf.placeholder(tf.float32, [None, 10], name="right")
same = tf.placeholder(tf.float32, [None], name="same")
keep_prob = tf.placeholder_with_default(1.0, [], name="keep_prob")
left_embedding, right_embedding, total_loss = siamese_model(left, right, same, keep_prob)
global_step = tf.train.get_or_create_global_step()
train_op = tf.train.AdamOptimizer(1e-3).minimize(total_loss, global_step=global_step)
'''
functions = "\\n\\n\\n".join(inspect.getsource(function) for function in (dense, tower, siamese_model))
legacy_script = "import tensorflow as tf\\n\\n\\n" + functions + "\\n" + driver

script = os.path.join(tempfile.mkdtemp(), "legacy_siamese.py")
with open(script, "w") as file:
    file.write(legacy_script)
print(legacy_script[:legacy_script.index("def tower")].rstrip() + "\\n...")
"""),
    code("""
import io

out = io.StringIO()
assert cli.main(["tree", script, "--depth", "1"], out=out) == 0
print(out.getvalue())
assert "tower_1/" in out.getvalue() and "embedding/" in out.getvalue()
for directory in (checkpoint_dir, os.path.dirname(script)):   # the temporary directories
    shutil.rmtree(directory)
"""),
    md("""
## What to remember

* Legacy TF1 graph code runs as is with `import graphscope as tf` (or `import tensorflow as tf` through the
  `graphscope` command line).
* `viz.variable_table()` says what each `get_variable` created or shared, and where; `draw_scope_trees`
  shows why the ops of a reused tower are under `tower_1/`.
* Checkpoint keys are variable names (`tower/fc1/kernel`, Adam's `tower/fc1/kernel/Adam`, ...):
  `tf.train.list_variables(checkpoint_dir)` lists them.
"""),
]

NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "01_graphs_ops_sessions.ipynb": GRAPHS_OPS_SESSIONS,
    "02_variable_scopes_and_sharing.ipynb": VARIABLE_SCOPES,
    "03_name_scope_vs_variable_scope.ipynb": NAME_VS_VARIABLE_SCOPE,
    "04_scopes_across_threads.ipynb": THREADS,
    "05_training_a_model.ipynb": TRAINING,
    "06_reading_legacy_tf1_code.ipynb": LEGACY,
}


def make_notebook(name: str):
    """The notebook ``name`` (a key of NOTEBOOKS) as an unexecuted nbformat 4 NotebookNode."""
    import nbformat
    from nbformat import v4

    notebook = v4.new_notebook()
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": KERNEL},
        "language_info": {"name": "python", "pygments_lexer": "ipython3"},
    }
    stem = name.split("_")[0]
    for index, (kind, source) in enumerate(NOTEBOOKS[name]):
        cell = v4.new_markdown_cell(source) if kind == "markdown" else v4.new_code_cell(source)
        cell.id = f"nb{stem}-{index:02d}"  # stable ids: regenerating gives the same file
        notebook.cells.append(cell)
    nbformat.validate(notebook)
    return notebook


def execute(notebook, working_directory: str) -> float:
    """Run ``notebook`` top to bottom in a fresh ``python3`` kernel (in place); returns the seconds it took."""
    from nbclient import NotebookClient

    client = NotebookClient(notebook, timeout=TIMEOUT, kernel_name=KERNEL, record_timing=False,
                            resources={"metadata": {"path": working_directory}})
    started = time.perf_counter()
    client.execute()
    return time.perf_counter() - started


def _use_the_venv() -> None:
    """Re-run this script with the project's .venv Python when started with another one (the kernel is
    the Python that starts it)."""
    venv_python = ROOT / ".venv" / "bin" / "python"
    if venv_python.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        os.execv(str(venv_python), [str(venv_python), __file__] + sys.argv[1:])


def main(argv: list[str]) -> int:
    _use_the_venv()
    import nbformat

    run = "--no-execute" not in argv
    prefixes = [arg for arg in argv if not arg.startswith("--")]
    names = [name for name in NOTEBOOKS if not prefixes or any(name.startswith(p) for p in prefixes)]
    for name in names:
        notebook = make_notebook(name)
        if run:
            with tempfile.TemporaryDirectory() as directory:
                seconds = execute(notebook, directory)
            print(f"{name:40} executed in {seconds:.1f} s")
        else:
            print(f"{name:40} written (not executed)")
        nbformat.write(notebook, str(HERE / name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
