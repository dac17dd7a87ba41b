"""The text views (variable table, scope trees) and the command line's script commands."""
import io
import textwrap

import graphscope as tf
from graphscope import cli
from graphscope.viz import text


def build_shared(graph):
    with graph.as_default():
        for _ in range(2):
            with tf.variable_scope("foo", reuse=tf.AUTO_REUSE):
                v = tf.get_variable("v", [2])
                tf.add(v, 1.0, name="y")
        with tf.variable_scope("bar"):
            tf.get_variable("n", [], dtype=tf.int32, trainable=False)
        tf.Variable(1.0, name="plain")


def test_variable_rows_count_created_and_reused_calls():
    graph = tf.Graph()
    build_shared(graph)
    rows = {row["name"]: row for row in text.variable_rows(graph)}
    assert set(rows) == {"foo/v:0", "bar/n:0", "plain:0"}
    assert (rows["foo/v:0"]["created_count"], rows["foo/v:0"]["reused_count"]) == (1, 1)
    assert rows["bar/n:0"]["trainable"] is False and rows["bar/n:0"]["dtype"] == "int32"
    assert rows["foo/v:0"]["shape"] == "(2,)"
    assert "test_cli_text.py" in rows["foo/v:0"]["created"]
    assert rows["plain:0"]["collections"] == ["trainable_variables", "variables"]


def test_variable_table_lists_every_variable():
    graph = tf.Graph()
    build_shared(graph)
    table = text.variable_table(graph)
    assert table.splitlines()[0].split()[:3] == ["name", "shape", "dtype"]
    assert "created 1, reused 1" in table and "bar/n:0" in table


def test_scope_trees_mark_where_prefixes_diverge():
    graph = tf.Graph()
    build_shared(graph)
    variables = text.variable_scope_tree(graph)
    assert "└── foo/" in variables or "├── foo/" in variables
    assert "v  float32 (2,)  trainable  created 1, reused 1" in variables
    names = text.name_scope_tree(graph, depth=1)
    assert "foo_1/  2 ops  (opened by variable scope 'foo'" in names
    assert "foo/" in names and "(variable scope 'foo')" in names


def test_cli_vars_and_tree_run_a_tf1_script(tmp_path):
    script = tmp_path / "model.py"
    script.write_text(textwrap.dedent("""
        import tensorflow as tf   # redirected to graphscope by the command line
        with tf.variable_scope("layer"):
            w = tf.get_variable("w", [3, 2])
    """))
    out = io.StringIO()
    assert cli.main(["vars", str(script)], out=out) == 0
    assert "layer/w:0" in out.getvalue() and "(3, 2)" in out.getvalue()
    out = io.StringIO()
    assert cli.main(["tree", str(script)], out=out) == 0
    assert "layer/" in out.getvalue() and "w  float32 (3, 2)" in out.getvalue()


def test_cli_finds_the_graph_a_script_built_in_its_own_graph(tmp_path):
    script = tmp_path / "own_graph.py"
    script.write_text("import graphscope as tf\ng = tf.Graph()\nwith g.as_default():\n"
                      "    tf.get_variable('x', [1])\n")
    out = io.StringIO()
    cli.main(["vars", str(script)], out=out)
    assert "x:0" in out.getvalue()


def test_demo_prints_the_table_and_both_trees(tmp_path):
    out = io.StringIO()
    assert cli.main(["demo", "--out", str(tmp_path)], out=out) == 0
    printed = out.getvalue()
    assert "embedding/table:0" in printed and "created 1, reused 1" in printed
    assert "Variable scopes (get_variable)" in printed and "Name scopes (ops)" in printed
    assert "tower_1/" in printed and "opened by variable scope 'tower'" in printed
    assert "graphscope/examples/shared_embedding.py:" in printed  # creation sites point at the model
