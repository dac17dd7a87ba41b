"""Pictures of graphs and scope trees, rendered with the real ``dot``: clusters per scope, collapsed
counts, series groups, dashed control edges, shared-variable marks, subtrees, hidden collections,
notebook display (and its text fallback without ``dot``), and the command line's ``draw``/``demo``."""
import io
import re
import textwrap

import pytest

import graphscope as tf
from graphscope import cli
from graphscope import graph as graph_module
from graphscope.examples import shared_embedding
from graphscope.viz import draw_graph, draw_scope_trees, layout_graph, render, to_svg
from graphscope.viz import notebook


def clusters(source: str) -> set:
    """The scope paths of the clusters in DOT source."""
    return {m.group(1) or m.group(2) for m in re.finditer(r'subgraph (?:"cluster_([^"]+)"|cluster_(\S+)) \{', source)}


def node_line(source: str, node_id: str) -> str:
    """The DOT statement declaring ``node_id`` (quoted or not)."""
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith('"%s" [' % node_id) or stripped.startswith("%s [" % node_id):
            return stripped
    raise AssertionError("no node %r in the DOT source" % node_id)


def label(line: str) -> str:
    """The HTML label of a DOT statement."""
    return re.search(r"label=<(.*?)> \w+=", line).group(1)


def edge_lines(source: str, tail: str, head: str) -> list:
    pattern = re.compile(r'^"?%s"? -> "?%s"? \[' % (re.escape(tail), re.escape(head)))
    return [line.strip() for line in source.splitlines() if pattern.match(line.strip())]


def svg_titles(svg: str, kind: str) -> set:
    """The <title>s of the SVG's clusters, nodes or edges (kind 'cluster', 'node', 'edge')."""
    titles = re.findall(r'<g id="[^"]+" class="%s">\s*<title>([^<]*)</title>' % kind, svg)
    return {t.replace("&#45;", "-").replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&") for t in titles}


@pytest.fixture
def outside_any_graph_block(monkeypatch):
    """The command line runs scripts at the top level (it calls reset_default_graph): give it an empty
    default-graph stack even if an earlier test left a graph block open."""
    monkeypatch.setattr(graph_module._default_graph_stack, "stack", [])


@pytest.fixture(scope="module")
def demo_graph():
    graph = tf.Graph()
    with graph.as_default():
        shared_embedding.build()
    return graph


def build_mlp(graph, layers=3):
    """A 3-layer MLP over a shared embedding: two lookups of one table, three dense layers."""
    with graph.as_default():
        ids = [tf.placeholder(tf.int32, [None], name=name) for name in ("query", "document")]
        looked_up = []
        for i in ids:
            with tf.variable_scope("embedding", reuse=tf.AUTO_REUSE):
                table = tf.get_variable("table", [100, 16])
            looked_up.append(tf.gather(table, i))
        x = tf.concat(looked_up, 1)
        with tf.variable_scope("model"):
            for i in range(layers):
                with tf.variable_scope("layer_%d" % i):
                    w = tf.get_variable("w", [x.shape[-1].value, 16])
                    x = tf.nn.relu(tf.matmul(x, w))
        return x


# -- clusters, kinds, edge labels ------------------------------------------------------------------

def test_every_scope_is_a_nested_cluster_in_dot_and_svg(demo_graph):
    picture = draw_graph(demo_graph)
    assert {"tower", "tower/layer_0", "tower/layer_1", "tower_1", "tower_1/layer_0", "head", "embedding",
            "GatherV2", "concat"} <= clusters(picture.source)
    assert not any("Initializer" in c for c in clusters(picture.source))  # initializers hidden by default
    svg = to_svg(picture)
    assert {"cluster_tower", "cluster_tower/layer_0", "cluster_tower_1/layer_1"} <= svg_titles(svg, "cluster")
    # nesting: tower/layer_0's cluster is opened inside tower's
    source = picture.source
    start = source.index("subgraph cluster_tower {")
    inner = source.index('subgraph "cluster_tower/layer_0" {')
    assert start < inner < source.index("subgraph cluster_tower_1 {")


def test_ops_placeholders_constants_and_variables_have_their_own_shapes(demo_graph):
    source = draw_graph(demo_graph).source
    assert "shape=invhouse" in node_line(source, "left_ids")
    assert "shape=box" in node_line(source, "GatherV2/axis") and "axis</b> = 0" in node_line(source, "GatherV2/axis")
    assert "shape=cylinder" in node_line(source, "head/w")
    assert "rounded" in node_line(source, "head/MatMul")
    fills = {re.search(r'fillcolor="([^"]+)"', node_line(source, n)).group(1)
             for n in ("left_ids", "GatherV2/axis", "head/w", "head/MatMul")}
    assert len(fills) == 4


def test_edges_say_dtype_and_static_shape(demo_graph):
    source = draw_graph(demo_graph).source
    (line,) = edge_lines(source, "tower/layer_0/Relu", "tower/layer_1/MatMul")
    assert 'label="float32 [?,16]"' in line
    (line,) = edge_lines(source, "head/w", "head/MatMul")  # the variable's read is folded into it
    assert 'label="float32 [32,3]"' in line
    assert "head/w/read" not in source.replace('tooltip="head/w/read:0"', "")


def test_control_edges_are_dashed():
    graph = tf.Graph()
    with graph.as_default():
        first = tf.constant(1.0, name="first")
        with tf.control_dependencies([first]):
            second = tf.constant(2.0, name="second")
        tf.add(first, second, name="total")
    picture = draw_graph(graph)
    (line,) = edge_lines(picture.source, "first", "second")
    assert "style=dashed" in line and "label" not in line
    (data,) = edge_lines(picture.source, "first", "total")
    assert "dashed" not in data
    svg = to_svg(picture)
    control = re.search(r'<title>first&#45;&gt;second</title>.*?<path[^>]*>', svg, re.S).group(0)
    assert "stroke-dasharray" in control


# -- depth cut ------------------------------------------------------------------------------------

def test_depth_cut_collapses_scopes_into_nodes_with_op_counts(demo_graph):
    layout = layout_graph(demo_graph, depth=1)
    tower = layout.items["tower/"]
    hidden = {op.name for op in demo_graph.get_operations() if "Initializer" in op.name or op.name.endswith("/Assign")}
    expected = sum(1 for op in demo_graph.get_operations() if op.name.startswith("tower/") and op.name not in hidden)
    assert tower.kind == "scope" and tower.op_count == expected == 14
    source = draw_graph(demo_graph, depth=1).source
    assert "14 ops" in node_line(source, "tower/") and "shape=folder" in node_line(source, "tower/")
    assert clusters(source) == set()  # depth 1: every top-level scope is one node
    # edges are re-routed to the collapsed nodes, once per pair
    assert len(edge_lines(source, "tower/", "tower_1/")) == 1
    assert len(edge_lines(source, "embedding/", "GatherV2/")) == 1
    svg = to_svg(draw_graph(demo_graph, depth=1))
    assert "tower/" in svg_titles(svg, "node") and "14 ops" in svg


def test_depth_two_keeps_top_clusters_and_collapses_the_next_level(demo_graph):
    source = draw_graph(demo_graph, depth=2).source
    assert clusters(source) >= {"tower", "tower_1"} and "tower/layer_0" not in clusters(source)
    assert "7 ops" in node_line(source, "tower/layer_0/")
    assert "variables under tower/layer_0/" in node_line(source, "tower_1/layer_0/")
    assert edge_lines(source, "tower/layer_0/", "tower_1/layer_0/")  # the shared w and b


def test_depth_below_one_is_refused(demo_graph):
    with pytest.raises(ValueError, match="starts at 1"):
        draw_graph(demo_graph, depth=0)


# -- one subtree ----------------------------------------------------------------------------------

def test_scope_draws_one_subtree_with_its_outside_neighbours(demo_graph):
    picture = draw_graph(demo_graph, scope="tower/layer_1")
    source = picture.source
    drawn = set(re.findall(r'^\s*"?([^"\s]+)"? \[label', source, re.M))
    assert {"tower/layer_1/w", "tower/layer_1/b", "tower/layer_1/MatMul", "tower/layer_1/Relu"} <= drawn
    assert not any(n.startswith("head/") or n.startswith("tower/layer_0/") for n in drawn - {"tower/layer_0/Relu"})
    # what it talks to outside: dashed stubs
    assert "dashed" in node_line(source, "tower/layer_0/Relu")
    assert edge_lines(source, "tower/layer_1/w", "tower_1/layer_1/MatMul")  # the shared variable's other reader
    assert "tower/layer_1/" in picture.source.splitlines()[4]  # the title names the subtree
    to_svg(picture)


def test_unknown_scope_names_its_neighbours(demo_graph):
    with pytest.raises(ValueError, match=r"No op or name scope 'tower/layer_9'.*tower/layer_0"):
        draw_graph(demo_graph, scope="tower/layer_9")


# -- hidden collections ---------------------------------------------------------------------------

def test_hiding_initializers_and_regularization_losses():
    graph = tf.Graph()
    with graph.as_default():
        with tf.variable_scope("layer", regularizer=tf.contrib.layers.l2_regularizer(0.1)):
            w = tf.get_variable("w", [2, 2])
        tf.matmul(w, w, name="y")
        tf.global_variables_initializer()
    everything = draw_graph(graph, hide_collections=()).source
    assert "Initializer" in everything and "layer/w/Assign" in everything and "Regularizer" in everything
    assert "init" in re.findall(r'^\s*"?([^"\s]+)"? \[label', everything, re.M)
    default = draw_graph(graph).source
    assert "Initializer" not in default and "layer/w/Assign" not in default and "\ninit" not in default
    assert "Regularizer" in default
    hidden = draw_graph(graph, hide_collections=("initializers", "regularization_losses")).source
    assert "Regularizer" not in hidden and "l2_regularizer" not in hidden
    assert edge_lines(hidden, "layer/w", "y")  # the reader stays
    assert "hidden (initializers, regularization_losses)" in hidden


# -- series ---------------------------------------------------------------------------------------

def build_blocks(graph, activations=("relu", "relu", "relu")):
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 2], name="x")
        for activation in activations:
            with tf.variable_scope(None, default_name="block"):
                w = tf.get_variable("w", [2, 2])
                x = getattr(tf.nn, activation)(tf.matmul(x, w))
        return tf.identity(x, name="y")


def test_series_of_same_structured_scopes_is_one_node():
    graph = tf.Graph()
    build_blocks(graph)
    assert "block[" not in draw_graph(graph).source  # by default a series has 5 or more members
    picture = draw_graph(graph, min_series=3)
    source = picture.source
    assert "block[0-2]" in source and not {"block", "block_1", "block_2"} & clusters(source)
    line = node_line(source, "block[0-2]")
    assert "3 × scopes" in line and "shape=box3d" in line
    assert edge_lines(source, "x", "block[0-2]") and edge_lines(source, "block[0-2]", "y")
    assert "block[0-2]" in svg_titles(to_svg(picture), "node")
    assert "block[0-2]" not in draw_graph(graph, group_series=False, min_series=3).source


def test_series_needs_the_same_structure_and_enough_members():
    graph = tf.Graph()
    build_blocks(graph, ("relu", "relu", "sigmoid"))
    source = draw_graph(graph, min_series=3).source
    assert "block[" not in source and {"block", "block_1", "block_2"} <= clusters(source)
    assert "block[0-1]" in draw_graph(graph, min_series=2).source


def test_series_of_ops():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [3], name="x")
        parts = [tf.square(x) for _ in range(6)]
        tf.add_n(parts, name="total")
    source = draw_graph(graph).source
    assert "6 × Square" in node_line(source, "Square[0-5]")
    (line,) = edge_lines(source, "Square[0-5]", "total")
    assert "float32 [3] ×6" in line


# -- shared variables -----------------------------------------------------------------------------

def test_shared_variables_stand_out_with_an_edge_to_each_reader(demo_graph):
    picture = draw_graph(demo_graph)
    source = picture.source
    shared = node_line(source, "tower/layer_0/w")
    assert "penwidth=2.5" in shared and "shared, read in" in label(shared) and "tower_1/layer_0/" in label(shared)
    assert "penwidth" not in node_line(source, "head/w") and "shared" not in label(node_line(source, "head/w"))
    for reader in ("tower/layer_0/MatMul", "tower_1/layer_0/MatMul"):
        (line,) = edge_lines(source, "tower/layer_0/w", reader)
        assert "#d35400" in line
    assert "shared" in label(node_line(source, "embedding/table"))
    svg = to_svg(picture)
    assert "tower/layer_0/w&#45;&gt;tower_1/layer_0/MatMul" in svg


def test_mlp_with_a_shared_embedding():
    graph = tf.Graph()
    build_mlp(graph)
    layout = layout_graph(graph)
    assert layout.items["embedding/table"].shared
    assert not layout.items["model/layer_1/w"].shared
    source = draw_graph(graph).source
    assert {"model", "model/layer_0", "model/layer_1", "model/layer_2"} <= clusters(source)
    assert "1 shared variable" in node_line(draw_graph(graph, depth=1).source, "embedding/")
    to_svg(draw_graph(graph))


# -- scope trees ----------------------------------------------------------------------------------

def test_scope_trees_picture_marks_where_the_prefixes_diverge(demo_graph):
    picture = draw_scope_trees(demo_graph, depth=2)
    source = picture.source
    assert {"variable_scopes", "name_scopes"} <= clusters(source)
    leaf = node_line(source, "var/tower/layer_0/w")
    assert "float32 (8, 16)" in leaf and "trainable" in leaf and "created 1, reused 1" in leaf
    assert "created 1, reused 0" in node_line(source, "var/head/w")
    assert "variables under tower/" in node_line(source, "ns/tower_1/")
    assert "ops also under tower_1/" in node_line(source, "vs/tower/")
    assert "variables under" not in node_line(source, "ns/tower/")
    svg = to_svg(picture)
    assert {"cluster_variable_scopes", "cluster_name_scopes"} <= svg_titles(svg, "cluster")
    assert "variables under tower/" in svg


def test_scope_trees_of_one_variable_scope(demo_graph):
    source = draw_scope_trees(demo_graph, scope="tower").source
    assert "var/tower/layer_1/b" in source and "var/head/w" not in source
    assert "ns/tower_1/" in source and "ns/head/" not in source


# -- traced runs ----------------------------------------------------------------------------------

def test_a_traced_run_drawn_on_its_graph():
    from graphscope.trace import traced_run
    graph = tf.Graph()
    with graph.as_default():
        model = shared_embedding.build()
        init = tf.global_variables_initializer()
    with tf.Session(graph=graph) as session:
        session.run(init)
        trace = traced_run(session, model["logits"], {model["left_ids"]: [1, 2], model["right_ids"]: [3, 4]})
    picture = draw_graph(trace=trace)
    source = picture.source
    assert "traced run: " in source and "fed left_ids:0, right_ids:0" in source
    pruned = node_line(source, "loss")
    assert "pruned" in label(pruned) and 'fillcolor="#f4f4f4"' in pruned
    fed = node_line(source, "left_ids")
    assert "fed" in label(fed) and "penwidth=2.5" in fed
    ran = label(node_line(source, "tower/layer_0/MatMul"))
    assert "= min" in ran and "µs" in ran
    assert "folded" in label(node_line(source, "GatherV2/axis"))
    assert "7 ran" in label(node_line(draw_graph(trace=trace, depth=2).source, "tower/layer_0/"))
    svg = to_svg(picture)
    assert "pruned" in svg and "traced run" in svg
    bundle = trace._repr_mimebundle_()
    assert "<svg" in bundle["image/svg+xml"] and bundle["text/plain"] == repr(trace)


def test_a_traced_run_falls_back_to_its_table_without_dot(monkeypatch, tmp_path):
    from graphscope.trace import traced_run
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None], name="x")
        y = tf.reduce_sum(x * 2.0, name="y")
    with tf.Session(graph=graph) as session:
        trace = traced_run(session, y, {x: [1.0, 2.0]})
    monkeypatch.setenv("PATH", str(tmp_path))
    bundle = trace._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    assert "fed: x:0" in bundle["text/plain"] and "brew install graphviz" in bundle["text/plain"]


# -- files, notebooks, command line ---------------------------------------------------------------

def test_render_picks_the_format_from_the_extension(demo_graph, tmp_path):
    picture = draw_graph(demo_graph, depth=1)
    assert open(render(picture, str(tmp_path / "g.svg")), "rb").read().lstrip().startswith(b"<?xml")
    assert open(render(picture, str(tmp_path / "g.png")), "rb").read(4) == b"\x89PNG"
    assert open(render(picture, str(tmp_path / "g.pdf")), "rb").read(4) == b"%PDF"
    assert open(render(picture, str(tmp_path / "g.dot")), encoding="utf-8").read() == picture.source
    with pytest.raises(ValueError, match="picture format"):
        render(picture, str(tmp_path / "g.txt"))


def test_notebook_bundle_is_svg_and_text(demo_graph):
    bundle = demo_graph._repr_mimebundle_()
    assert set(bundle) == {"image/svg+xml", "text/plain"}
    assert "<svg" in bundle["image/svg+xml"] and "cluster_tower" in bundle["image/svg+xml"]
    assert bundle["text/plain"] == repr(demo_graph)
    assert set(demo_graph._repr_mimebundle_(exclude=["image/svg+xml"])) == {"text/plain"}
    with demo_graph.as_default():
        with tf.variable_scope("tower", reuse=True) as scope:
            pass
        scope_bundle = scope._repr_mimebundle_()
    assert "<svg" in scope_bundle["image/svg+xml"] and "layer_0/" in scope_bundle["image/svg+xml"]


def test_notebook_bundle_picks_a_depth_cut_for_big_graphs():
    graph = tf.Graph()
    with graph.as_default():
        for i in range(4):
            with tf.name_scope("block_%d" % i):
                for j in range(60):
                    tf.constant(float(j))
    assert notebook.auto_depth(graph) == 1
    svg = graph._repr_mimebundle_()["image/svg+xml"]
    assert "60 ops" in svg


def test_notebook_falls_back_to_text_without_dot(demo_graph, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` on the PATH
    bundle = demo_graph._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    text = bundle["text/plain"]
    assert "Variable scopes (get_variable)" in text and "Name scopes (ops)" in text
    assert "apt-get install graphviz" in text and "brew install graphviz" in text
    with demo_graph.as_default():
        bundle = tf.VariableScope(False, "tower")._repr_mimebundle_()
    assert "apt-get install graphviz" in bundle["text/plain"]
    draw_graph(demo_graph)  # building the Digraph needs no dot


def test_cli_draw_writes_the_picture(tmp_path, outside_any_graph_block):
    script = tmp_path / "model.py"
    script.write_text(textwrap.dedent("""
        import sys
        import tensorflow as tf   # redirected to graphscope by the command line
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        for i in range(int(sys.argv[1]) if len(sys.argv) > 1 else 2):
            with tf.variable_scope("layer_%d" % i):
                x = tf.nn.relu(tf.matmul(x, tf.get_variable("w", [3, 3])))
    """))
    out = io.StringIO()
    target = tmp_path / "pictures" / "model.svg"
    assert cli.main(["draw", str(script), "-o", str(target)], out=out) == 0
    assert "wrote" in out.getvalue() and "cluster_layer_1" in target.read_text()
    assert cli.main(["draw", str(script), "-o", str(tmp_path / "d.dot"), "--depth", "1", "--", "3"], out=out) == 0
    assert "layer_2/" in (tmp_path / "d.dot").read_text()
    assert cli.main(["draw", str(script), "-o", str(tmp_path / "s.png"), "--scope", "layer_1"], out=out) == 0
    assert (tmp_path / "s.png").read_bytes()[:4] == b"\x89PNG"
    assert cli.main(["draw", str(script), "-o", str(tmp_path / "t.svg"), "--trees"], out=out) == 0
    assert "cluster_variable_scopes" in (tmp_path / "t.svg").read_text()
    assert cli.main(["draw", str(script), "-o", str(tmp_path / "x.svg"), "--scope", "nope"], out=out) == 2


def test_cli_demo_writes_svgs_and_prints_their_paths(tmp_path, outside_any_graph_block):
    out = io.StringIO()
    assert cli.main(["demo", "--out", str(tmp_path)], out=out) == 0
    printed = out.getvalue()
    for name in ("demo_graph.svg", "demo_scopes.svg"):
        path = tmp_path / name
        assert "wrote %s" % path in printed
        assert "<svg" in path.read_text()


# -- a 10k-op graph (the timing is in benchmarks/bench.py) ----------------------------------------

def test_ten_thousand_ops_with_a_depth_cut_of_two():
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        outputs = []
        for b in range(60):
            h = x
            with tf.variable_scope("block_%d" % b):
                for i in range(10):
                    with tf.variable_scope("layer_%d" % i):
                        h = tf.nn.relu(tf.matmul(h, tf.get_variable("w", [4, 4])) + tf.get_variable("b", [4]))
            outputs.append(h)
        tf.add_n(outputs, name="total")
    assert len(graph.get_operations()) >= 10_000
    layout = layout_graph(graph, depth=2, group_series=False)
    assert len(layout.items) == 60 * 10 + 2 and len(layout.clusters) == 61
    assert layout.items["block_7/layer_3/"].op_count == 7  # w, w/read, b, b/read, MatMul, add, Relu
    picture = draw_graph(graph, depth=2, group_series=False)
    assert len(clusters(picture.source)) == 60
    svg = to_svg(picture)
    assert len(svg_titles(svg, "node")) == 602
    series = layout_graph(graph, depth=2)  # the 60 blocks have one structure: one series node
    assert set(series.items) == {"x", "block[0-59]", "total"}
