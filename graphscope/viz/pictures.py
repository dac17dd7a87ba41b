"""Pictures of graphs: a :class:`~graphscope.Graph` as a ``graphviz.Digraph``.

Name scopes are nested clusters. Ops, placeholders, constants and variables each have their own
shape and colour; control edges are dashed; data edges say the dtype and static shape they carry
(``float32 [?,16]``). A depth cut draws the scopes below it as one node that says how many ops it
holds; ``scope=`` draws one subtree (with the ops it talks to outside, dashed); ``hide_collections``
leaves out initializers (by default) or any collection; siblings ``foo``, ``foo_1``, ... of the same
structure are one node ``foo[0-n]``; a variable read from several name scopes (or reused by
``get_variable``) is drawn bold and orange, with an edge to each reader. What is drawn is decided in
:mod:`graphscope.viz.grouping`; this module only styles it.

Building the Digraph needs no ``dot`` program; rendering it (``render``, ``digraph.pipe``, a notebook's
inline SVG) does.

>>> import graphscope as tf
>>> with tf.Graph().as_default() as g:
...     x = tf.placeholder(tf.float32, [None, 4], name="x")
...     with tf.variable_scope("layer"):
...         w = tf.get_variable("w", [4, 2])
...         y = tf.matmul(x, w)
>>> picture = draw_graph(g)
>>> "subgraph cluster_layer {" in picture.source
True
>>> 'x -> "layer/MatMul" [label="float32 [?,4]"' in picture.source
True
"""
from __future__ import annotations

import html
import os

import graphviz
import numpy as np

from graphscope.graph import Graph, get_default_graph
from graphscope.tensor import describe_site
from graphscope.viz.grouping import INITIALIZERS, Edge, GraphLayout, Item, edge_label, layout_graph, tensor_label

__all__ = ["draw_graph", "render", "to_svg", "STYLES", "INSTALL_GRAPHVIZ"]

FONT = "Helvetica,Arial,sans-serif"
INSTALL_GRAPHVIZ = ("Graphviz's `dot` program was not found: install it to see pictures "
                    "(`apt-get install graphviz`, `brew install graphviz`, or `conda install graphviz`).")
SHARED = "#d35400"  # the colour of shared variables and of the places where scope prefixes diverge
STYLES = {  # kind -> node attributes
    "op": {"shape": "box", "style": "rounded,filled", "fillcolor": "#e3edf9", "color": "#5b8bd0"},
    "placeholder": {"shape": "invhouse", "style": "filled", "fillcolor": "#fde3c8", "color": "#d9822b"},
    "constant": {"shape": "box", "style": "filled", "fillcolor": "#f0f0f0", "color": "#b5b5b5",
                 "fontsize": "9", "height": "0.3", "margin": "0.06,0.03"},
    "variable": {"shape": "cylinder", "style": "filled", "fillcolor": "#dcf0dc", "color": "#4c9a4c",
                 "margin": "0.12,0.1"},
    "shared": {"shape": "cylinder", "style": "filled,bold", "fillcolor": "#fff0b3", "color": SHARED,
               "penwidth": "2.5", "margin": "0.12,0.1"},
    "scope": {"shape": "folder", "style": "filled", "fillcolor": "#ece3f6", "color": "#8e6bb0"},
    "series": {"shape": "box3d", "style": "filled", "fillcolor": "#dff0ee", "color": "#3b8d8d"},
    "outside": {"shape": "box", "style": "dashed,rounded", "color": "#a0a0a0", "fontcolor": "#707070"},
}
_CLUSTER_FILLS = ("#f6f8fb", "#edf1f7", "#e4eaf3", "#dce4ef")
_SMALL = '<font point-size="9" color="#555555">%s</font>'


def draw_graph(graph: Graph | None = None, depth: int | None = None, scope: str | None = None,
               hide_collections=(INITIALIZERS,), group_series: bool = True, min_series: int = 5,
               edge_labels: bool = True, rankdir: str = "TB", title: bool = True, trace=None) -> graphviz.Digraph:
    """A picture of ``graph`` (default: the default graph) as a ``graphviz.Digraph``.

    Parameters
    ----------
    depth
        Draw this many name-scope levels; each scope at the last level is one node ("17 ops").
    scope
        Draw only the ops under this name scope (``"model/layer_1"``); ops outside that feed or
        read them are drawn dashed, one level below the common prefix.
    hide_collections
        Collections whose items (and the ops only feeding or consuming them) are left out;
        ``"initializers"`` stands for every variable's initializer (``w/Assign``, ``w/Initializer/``).
        ``()`` shows everything.
    group_series
        Draw ``min_series`` (5, as TensorBoard) or more siblings ``foo``, ``foo_1``, ... of the same
        structure as one node ``foo[0-n]``.
    edge_labels
        Label data edges with dtype and static shape.
    trace
        A :class:`graphscope.trace.Trace` (``traced_run``) to draw on the graph: each op that ran says
        its value and time, pruned ops are grey, fed ops blue. ``graph`` defaults to the trace's.

    Returns
    -------
    graphviz.Digraph
        Render with :func:`render`, ``.pipe(format="svg")``, or show it in a notebook.

    Raises
    ------
    ValueError
        A ``depth`` below 1, or a ``scope`` the graph does not have (the message lists the names there).

    Examples
    --------
    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     with tf.name_scope("model"):
    ...         for _ in range(3):
    ...             with tf.name_scope("layer"):
    ...                 y = tf.add(1.0, 2.0)
    >>> print(draw_graph(g, depth=1).source)  # doctest: +ELLIPSIS
    digraph graph_picture {
    ...
        "model/" [label=<<b>model/</b><br/><font point-size="9" color="#555555">9 ops</font>> ...
    ...
    >>> "layer[0-2]" in draw_graph(g, min_series=3).source
    True
    """
    graph = graph or (trace.graph if trace is not None else get_default_graph())
    layout = layout_graph(graph, depth=depth, scope=scope, hide_collections=hide_collections,
                          group_series=group_series, min_series=min_series)
    picture = graphviz.Digraph(name="graph_picture")
    picture.attr("graph", rankdir=rankdir, fontname=FONT, fontsize="11", nodesep="0.25", ranksep="0.4",
                 labeljust="l", labelloc="t")
    picture.attr("node", fontname=FONT, fontsize="10", height="0.35", margin="0.1,0.04")
    picture.attr("edge", fontname=FONT, fontsize="8", fontcolor="#666666", color="#7a7a7a", arrowsize="0.6")
    if title:
        picture.attr("graph", label=_title(graph, layout, depth, hide_collections, trace))
    statuses = _trace_statuses(layout, trace) if trace is not None else {}
    _add_cluster(picture, layout, layout.root, 0, trace, statuses)
    items = layout.items
    for edge in layout.edges:
        attrs = _edge_attrs(edge, edge_labels)
        if items[edge.tail].parent != items[edge.head].parent and not edge.control:
            attrs["minlen"] = "2"  # room above the next cluster's variables: clusters stack, not staircase
        if statuses and "pruned" in (statuses.get(edge.tail), statuses.get(edge.head)):
            attrs.update(color=_PRUNED["color"], fontcolor=_PRUNED["fontcolor"], penwidth="1")
        picture.edge(edge.tail, edge.head, **attrs)
    return picture


_PRUNED = {"fillcolor": "#f4f4f4", "color": "#c4c4c4", "fontcolor": "#a0a0a0"}
_FED = "#1f6fb2"


def _trace_statuses(layout: GraphLayout, trace) -> dict:
    """{item id: 'pruned' (none of its ops ran), 'fed' (one was fed), or 'ran'}."""
    statuses = {}
    for item in layout.items.values():
        kinds = set()
        for op in item.ops:
            try:
                kinds.add(trace.status(op._name))
            except KeyError:  # created after the traced run
                kinds.add("pruned")
        statuses[item.id] = "fed" if "fed" in kinds else ("pruned" if kinds == {"pruned"} else "ran")
    return statuses


def _trace_lines(item: Item, trace, status: str) -> list:
    """What a traced run says on ``item``: its value and time, or how many of its ops ran."""
    if status == "pruned":
        return ["pruned"]
    if status == "fed":
        return ['<font color="%s">fed</font>' % _FED]
    records = [trace.executed[op._name] for op in item.ops if op._name in trace.executed]
    seconds = sum(r.time for r in records if r.kind == "run")
    if item.kind in ("scope", "series", "outside"):
        pruned = len(item.ops) - len(records)
        return ["%d ran%s · %s" % (len(records), ", %d pruned" % pruned if pruned else "", _duration(seconds))]
    record = records[-1]  # a variable's read, else the op itself
    summary = record.summary if len(record.summary) <= 28 else record.summary[:25] + "..."
    when = {"folded": "folded", "variable": "variable read"}.get(record.kind) or _duration(seconds)
    return [when] if item.kind == "constant" else ["= " + html.escape(summary), when]


def _duration(seconds: float) -> str:
    return "%.1f µs" % (seconds * 1e6) if seconds < 1e-3 else "%.2f ms" % (seconds * 1e3)


def _title(graph: Graph, layout: GraphLayout, depth, hide_collections, trace=None) -> str:
    if layout.root:
        shown = sum(len(i.ops) for i in layout.items.values() if i.kind != "outside")
        parts = ["%s/: %d ops" % (layout.root, shown + layout.hidden)]
    else:
        parts = ["%d ops" % len(graph.get_operations())]
    if depth is not None:
        parts.append("depth %d" % depth)
    if layout.hidden:
        parts.append("%d hidden (%s)" % (layout.hidden, ", ".join(hide_collections)))
    if trace is not None:
        parts.append("traced run: %d ran, %d pruned%s, %s" % (
            len(trace.executed), len(trace.pruned), ", fed " + ", ".join(sorted(trace.fed)) if trace.fed else "",
            _duration(trace.run_time)))
    return "<<b>%s</b>>" % html.escape("   ·   ".join(parts))


def _add_cluster(parent: graphviz.Digraph, layout: GraphLayout, path: str, level: int, trace=None,
                 statuses: dict | None = None) -> None:
    cluster = layout.clusters[path]
    for child in cluster.children:
        sub_cluster = layout.clusters[child]
        with parent.subgraph(name="cluster_" + child) as sub:
            label = "<b>%s/</b>" % html.escape(sub_cluster.label)  # lines end in align=left: flush left
            attrs = {"style": "rounded,filled", "fillcolor": _CLUSTER_FILLS[level % len(_CLUSTER_FILLS)],
                     "color": "#9aa7b8", "fontsize": "10", "margin": "10"}
            if sub_cluster.opened_by:
                label += '<br align="left"/><font point-size="9" color="%s">variables under %s/</font>' % (
                    SHARED, html.escape(sub_cluster.opened_by))
                attrs.update(color=SHARED, penwidth="1.5")
            sub.attr(label='<%s<br align="left"/>>' % label, tooltip=child + "/", **attrs)
            _add_cluster(sub, layout, child, level + 1, trace, statuses)
    for item_id in cluster.items:
        item = layout.items[item_id]
        parent.node(item.id, **_node_attrs(item, trace, statuses.get(item.id) if statuses else None))


def _node_attrs(item: Item, trace=None, status: str | None = None) -> dict:
    kind = item.kind
    style = "shared" if item.shared else kind
    attrs = dict(STYLES[style])
    title = "<b>%s</b>" % html.escape(item.label)
    lines = []
    op = item.ops[0] if item.ops else None
    if kind == "op":
        if op._type.lower() != _unsuffixed(item.label).lower():
            lines.append(op._type)
    elif kind in ("placeholder", "variable"):
        lines.append(tensor_label(op._outputs[0]).replace("_ref", ""))
        if item.shared:
            readers = [s + "/" if s else "(root)" for s in item.shared_by[:3]]
            if len(item.shared_by) > 3:
                readers.append("and %d more" % (len(item.shared_by) - 3))
            lines.append('<font color="%s">shared%s</font>' % (SHARED, ", read in" if readers else ""))
            lines.extend('<font color="%s">%s</font>' % (SHARED, html.escape(r)) for r in readers)
    elif kind == "constant":
        value = _constant_value(op)
        if value is not None:
            title += html.escape(" = " + value)
        else:
            lines.append(tensor_label(op._outputs[0]))
    elif kind == "scope":
        lines.append("%d op%s" % (item.op_count, "" if item.op_count == 1 else "s"))
    elif kind == "series":
        what = "scopes" if item.member_kind == "scope" else item.ops[0]._type
        lines.append("%d × %s, %d ops" % (item.members, what, item.op_count) if item.member_kind == "scope"
                     else "%d × %s" % (item.members, what))
    elif kind == "outside":
        lines.append("outside")
    if kind in ("scope", "series") and item.shared_variables:
        lines.append('<font color="%s">%d shared variable%s</font>' % (
            SHARED, item.shared_variables, "" if item.shared_variables == 1 else "s"))
        attrs.update(color=SHARED, penwidth="2")
    if kind == "scope" and item.opened_by:
        lines.append('<font color="%s">variables under %s/</font>' % (SHARED, html.escape(item.opened_by)))
    if status is not None:
        lines.extend(_trace_lines(item, trace, status))
        if status == "pruned":
            attrs.update(_PRUNED, penwidth="1")
        elif status == "fed":
            attrs.update(color=_FED, penwidth="2.5")
    label = title + "".join("<br/>" + (_SMALL % line if not line.startswith("<font") else
                                        line.replace("<font ", '<font point-size="9" ', 1)) for line in lines)
    attrs["label"] = "<%s>" % label
    attrs["tooltip"] = _tooltip(item)
    return attrs


def _unsuffixed(name: str) -> str:
    base, _, suffix = name.rpartition("_")
    return base if base and suffix.isdigit() else name


def _constant_value(op) -> str | None:
    """A short rendering of a small constant's value ('1', '[0 1]'), else None."""
    try:
        value = np.asarray(op.get_attr("value"))
    except (ValueError, TypeError):
        return None
    if value.size > 4 or value.dtype.kind not in "biufSUO":
        return None
    if value.ndim:
        text = np.array2string(value, separator=" ", precision=4)
    elif value.dtype.kind == "f":
        text = "%.6g" % value
    else:
        text = repr(value.item())
    return text if len(text) <= 24 else None


def _tooltip(item: Item) -> str:
    if item.kind in ("op", "placeholder", "constant", "variable"):
        op = item.ops[0]
        lines = ["%s (%s)" % (op._name, op._type)]
        lines += ["-> %s" % tensor_label(t) for t in op._outputs]
        if op._device:
            lines.append("device " + op._device)
        if op._site:
            lines.append("created at " + describe_site(op._site, relative=True))
        return "\\n".join(lines)  # DOT's escaped newline
    return "%s: %d ops" % (item.id, item.op_count)


def _edge_attrs(edge: Edge, labels: bool) -> dict:
    if edge.control:
        return {"style": "dashed", "color": "#a0a0a0", "arrowhead": "odot", "tooltip": "control dependency"}
    attrs = {}
    label = edge_label(edge) if labels else ""
    if label:
        attrs["label"] = label
    if edge.shared:
        attrs.update(color=SHARED, penwidth="1.4")
    attrs["tooltip"] = ", ".join(t.name for t in edge.tensors[:4]) + (" ..." if len(edge.tensors) > 4 else "")
    return attrs


_FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot", ".jpg": "jpg", ".jpeg": "jpg"}


def render(picture: graphviz.Digraph, path: str, format: str | None = None, dpi: int | None = None) -> str:
    """Write ``picture`` to ``path``; the format comes from the extension (.svg, .png, .pdf, .dot/.gv).

    Returns the path. ``.dot``/``.gv`` write the DOT source and need no ``dot`` program; the others
    raise ``graphviz.ExecutableNotFound`` without it.
    """
    extension = os.path.splitext(path)[1].lower()
    fmt = format or _FORMATS.get(extension)
    if fmt is None:
        raise ValueError("Can't tell the picture format of %r: use .svg, .png, .pdf or .dot (or pass format=)."
                         % path)
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    if fmt == "dot":
        data = picture.source.encode("utf-8")
    else:
        if dpi is not None:
            picture = picture.copy()
            picture.attr("graph", dpi=str(dpi))
        data = picture.pipe(format=fmt)
    with open(path, "wb") as f:
        f.write(data)
    return path


def to_svg(picture: graphviz.Digraph) -> str:
    """The SVG text of ``picture`` (runs ``dot``; ``graphviz.ExecutableNotFound`` without it)."""
    return picture.pipe(format="svg", encoding="utf-8")
