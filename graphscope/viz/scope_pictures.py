"""Scope trees as pictures: the variable-scope tree beside the name-scope tree.

The left tree is what ``get_variable`` named: variable scopes as folders, variables as leaves with
shape, dtype, trainable, and how many ``get_variable`` calls created or reused them (reused ones are
drawn in the shared-variable colour). The right tree is what the ops are named: name scopes with the
number of ops under each. Where a variable scope opened a name scope of another name (variables
under ``tower/``, ops under ``tower_1/``), both folders are orange: the name scope says where its
variables are, the variable scope where else its ops are. The data is :mod:`graphscope.viz.text`'s (``variable_rows``,
``name_scope_rows``), so the text trees and the pictures always agree.

>>> import graphscope as tf
>>> with tf.Graph().as_default() as g:
...     for _ in range(2):
...         with tf.variable_scope("foo", reuse=tf.AUTO_REUSE):
...             y = tf.add(tf.get_variable("v", [2]), 1.0)
>>> source = draw_scope_trees(g).source
>>> "ops also under foo_1/" in source and "variables under foo/" in source  # where the prefixes diverge
True
>>> "created 1, reused 1" in source
True
"""
from __future__ import annotations

import html

import graphviz

from graphscope.graph import Graph, get_default_graph
from graphscope.viz.pictures import FONT, SHARED, STYLES
from graphscope.viz.text import name_scope_rows, scope_openers, variable_rows

__all__ = ["draw_scope_trees"]

_SMALL = '<br/><font point-size="9" color="%s">%s</font>'


def draw_scope_trees(graph: Graph | None = None, depth: int | None = None,
                     scope: str | None = None) -> graphviz.Digraph:
    """The variable-scope tree beside the name-scope tree of ``graph``, as a ``graphviz.Digraph``.

    Parameters
    ----------
    depth
        Name-scope levels to draw (None: all). Every variable is drawn.
    scope
        A variable scope name: draw only its variables and the name scopes it opened.

    Examples
    --------
    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     with tf.variable_scope("layer"):
    ...         w = tf.get_variable("w", [3, 2])
    >>> print(draw_scope_trees(g).source)  # doctest: +ELLIPSIS
    digraph scope_trees {
    ...
        "var/layer/w" [label=<<b>w</b><br/><font point-size="9" color="#333333">float32 (3, 2)</font>...
    ...
    """
    graph = graph or get_default_graph()
    picture = graphviz.Digraph(name="scope_trees")
    picture.attr("graph", rankdir="LR", ordering="out", fontname=FONT, fontsize="11", nodesep="0.12",
                 ranksep="0.3", labeljust="l", labelloc="t")
    picture.attr("node", fontname=FONT, fontsize="10", height="0.3", margin="0.08,0.03")
    picture.attr("edge", color="#8a8a8a", arrowsize="0.5")
    prefix = scope.strip("/") if scope else ""
    openers = scope_openers(graph)
    elsewhere: dict = {}  # variable scope -> the name scopes of other names (holding ops) it opened
    with_ops = {row["scope"] for row in name_scope_rows(graph)}
    for name_scope, var_scopes in sorted(openers.items(), key=lambda item: _natural_key(item[0])):
        for var_scope in var_scopes:
            if var_scope != name_scope and name_scope in with_ops:
                elsewhere.setdefault(var_scope, []).append(name_scope)
    with picture.subgraph(name="cluster_variable_scopes") as tree:
        tree.attr(label="<<b>Variable scopes</b>  (get_variable names)>", style="rounded", color="#b8c2cf")
        variable_root, variable_depth = _emit(tree, _variable_tree(graph, prefix, elsewhere))
    with picture.subgraph(name="cluster_name_scopes") as tree:
        tree.attr(label="<<b>Name scopes</b>  (op names)>", style="rounded", color="#b8c2cf")
        name_root, _ = _emit(tree, _name_tree(graph, depth, prefix, openers))
    # The name tree to the right of the variable tree.
    picture.edge(variable_root, name_root, style="invis", minlen=str(variable_depth + 1))
    return picture


class _Node:
    """A node of a tree to draw: its DOT id and attributes, and its children."""

    def __init__(self, node_id: str, attrs: dict, edge_attrs: dict | None = None):
        self.id, self.attrs, self.edge_attrs, self.children = node_id, attrs, edge_attrs or {}, []


def _emit(graph: graphviz.Digraph, root: _Node) -> tuple[str, int]:
    """Add the tree under ``root`` to ``graph``, folders before leaves, and each level read top-down
    (rankdir=LR stacks a rank's nodes bottom-up, so the statements go in reverse); returns the root's
    id and the tree's depth."""
    statements: list = []
    deepest = 0

    def walk(node: _Node, level: int) -> None:
        nonlocal deepest
        deepest = max(deepest, level)
        statements.append(("node", node))
        for child in sorted(node.children, key=lambda c: not c.children):  # stable: folders first
            statements.append(("edge", node, child))
            walk(child, level + 1)

    walk(root, 0)
    for statement in reversed(statements):
        if statement[0] == "node":
            graph.node(statement[1].id, **statement[1].attrs)
        else:
            graph.edge(statement[1].id, statement[2].id, **statement[2].edge_attrs)
    return root.id, max(deepest, 1)


def _variable_tree(graph: Graph, prefix: str, elsewhere: dict) -> _Node:
    rows = [r for r in variable_rows(graph) if not prefix or r["name"].startswith(prefix + "/")]
    if prefix:
        root = _Node("vs/%s/" % prefix, _variable_scope_style(prefix, prefix, elsewhere))
    else:
        root = _Node("vs/", {"label": "/", "shape": "circle", "width": "0.25"})
    if not rows:
        root.children.append(_Node("vs/(none)", {"label": "(no variables)", "shape": "plaintext",
                                                 "fontcolor": "#777777"}, {"style": "invis"}))
    folders = {root.id: root}
    for row in rows:
        name = row["name"].rsplit(":", 1)[0]
        parts = name[len(prefix) + 1:].split("/") if prefix else name.split("/")
        parent, path = root, prefix
        for part in parts[:-1]:
            path = path + "/" + part if path else part
            node = folders.get("vs/%s/" % path)
            if node is None:
                node = folders["vs/%s/" % path] = _Node("vs/%s/" % path, _variable_scope_style(part, path, elsewhere))
                parent.children.append(node)
            parent = node
        parent.children.append(_Node("var/" + name, _variable_style(parts[-1], row)))
    return root


def _variable_scope_style(label: str, path: str, elsewhere: dict) -> dict:
    """A variable scope's folder; orange, naming them, where it opened name scopes of other names."""
    attrs = _scope_style()
    text = "<b>%s/</b>" % html.escape(label)
    others = elsewhere.get(path)
    if others:
        shown = ", ".join(s + "/" for s in others[:3]) + (" ..." if len(others) > 3 else "")
        text += _SMALL % (SHARED, "ops also under " + html.escape(shown))
        attrs.update(color=SHARED, penwidth="2", fillcolor="#fff4e0")
    attrs["label"] = "<%s>" % text
    attrs["tooltip"] = "variable scope " + path
    return attrs


def _natural_key(scope: str) -> list:
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in scope.split("/")]


def _scope_style() -> dict:
    return {"shape": "folder", "style": "filled", "fillcolor": "#eef2f8", "color": "#8795a8"}


def _variable_style(label: str, row: dict) -> dict:
    style = dict(STYLES["shared"] if row["reused_count"] else STYLES["variable"])
    style["margin"] = "0.1,0.06"
    if not row["trainable"]:
        style.update(fillcolor="#eeeeee", color="#999999")
    if row["created_count"] or row["reused_count"]:
        calls = "created %d, reused %d" % (row["created_count"], row["reused_count"])
    else:
        calls = "tf.Variable"
    text = "<b>%s</b>" % html.escape(label)
    text += _SMALL % ("#333333", html.escape("%s %s" % (row["dtype"], row["shape"])))
    text += _SMALL % ("#555555", "trainable" if row["trainable"] else "not trainable")
    text += _SMALL % (SHARED if row["reused_count"] else "#555555", calls)
    style["label"] = "<%s>" % text
    style["tooltip"] = "%s, created at %s" % (row["name"], row["created"])
    return style


def _name_tree(graph: Graph, depth, prefix: str, openers: dict) -> _Node:
    rows = name_scope_rows(graph, depth)
    if prefix:
        tops = {s for s, var_scopes in openers.items() if prefix in var_scopes}
        rows = [r for r in rows if any(r["scope"] == t or r["scope"].startswith(t + "/") for t in tops)]
    at_root = sum(1 for op in graph.get_operations() if "/" not in op.name)
    if prefix or not at_root:
        root = _Node("ns/", {"label": "/", "shape": "circle", "width": "0.25"})
    else:
        root = _Node("ns/", {"label": "<<b>/</b>%s>" % (_SMALL % ("#555555", "%d ops at the root" % at_root)),
                             "shape": "box", "style": "rounded"})
    if not rows:
        root.children.append(_Node("ns/(none)", {"label": "(no name scopes)", "shape": "plaintext",
                                                 "fontcolor": "#777777"}, {"style": "invis"}))
    nodes = {}
    for row in rows:  # parents come first
        path = row["scope"]
        attrs = _scope_style()
        text = "<b>%s/</b>%s" % (html.escape(path.rsplit("/", 1)[-1]),
                                 _SMALL % ("#555555", "%d op%s" % (row["ops"], "" if row["ops"] == 1 else "s")))
        if row["diverges"]:
            text += _SMALL % (SHARED, "variables under %s/" % html.escape(row["variable_scope"]))
            attrs.update(color=SHARED, penwidth="2", fillcolor="#fff4e0")
        attrs["label"] = "<%s>" % text
        attrs["tooltip"] = path + "/"
        node = nodes[path] = _Node("ns/%s/" % path, attrs)
        nodes.get(path.rsplit("/", 1)[0] if "/" in path else "", root).children.append(node)
    return root
