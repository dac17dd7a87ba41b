"""Notebook display: a :class:`~graphscope.Graph`, a :class:`~graphscope.VariableScope` or a traced run
(:class:`graphscope.trace.Trace`) left as the last expression of a cell renders inline as SVG.

Jupyter (IPython) asks an object for ``_repr_mimebundle_(include=None, exclude=None)``;
:mod:`graphscope.viz` (imported by ``import graphscope``) puts that method on the classes, and it loads
this module (and graphviz) only when a notebook first asks. A graph is drawn with :func:`~graphscope.viz.draw_graph`, with a depth cut chosen so that about
:data:`MAX_INLINE_NODES` nodes are drawn; a variable scope as its scope trees (of the default graph:
a VariableScope does not know its graph); a traced run as its graph with the values, times, pruned and
fed ops. Without Graphviz's ``dot`` program, the bundle holds text (the scope trees, or the trace's
table) and says how to install Graphviz.

>>> import graphscope as tf
>>> with tf.Graph().as_default() as g:
...     with tf.variable_scope("layer"):
...         w = tf.get_variable("w", [2])
>>> sorted(g._repr_mimebundle_(include=["text/plain"]))
['text/plain']
"""
from __future__ import annotations

import graphviz

from graphscope.graph import Graph, get_default_graph
from graphscope.scopes import VariableScope

__all__ = ["graph_mimebundle", "variable_scope_mimebundle", "trace_mimebundle", "auto_depth",
           "MAX_INLINE_NODES"]

MAX_INLINE_NODES = 120
"""About how many nodes an inline picture of a graph draws before a depth cut kicks in."""

SVG = "image/svg+xml"
TEXT = "text/plain"


def _wanted(mimetype: str, include, exclude) -> bool:
    return (not include or mimetype in include) and not (exclude and mimetype in exclude)


def auto_depth(graph: Graph, max_nodes: int = MAX_INLINE_NODES) -> int | None:
    """The deepest depth cut that draws at most ``max_nodes`` nodes (None: no cut needed; at least 1).

    Counted from op names alone (one node per op above the cut, one per scope at the cut), so it is
    quick and errs on the side of a shallower cut.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     for i in range(3):
    ...         with tf.name_scope("block_%d" % i):
    ...             for j in range(50):
    ...                 _ = tf.constant(j)
    >>> auto_depth(g), auto_depth(g, max_nodes=1000)
    (1, None)
    """
    names = [op.name.split("/") for op in graph.get_operations()]
    if len(names) <= max_nodes:
        return None
    deepest = max(len(parts) for parts in names) - 1
    best = 1
    for depth in range(1, deepest + 1):
        drawn = {"/".join(parts[:depth]) if len(parts) > depth else "/".join(parts) for parts in names}
        if len(drawn) > max_nodes:
            break
        best = depth
    return best


def _bundle(draw, text: str, fallback, include, exclude) -> dict:
    """{svg, text} from ``draw()`` (a Digraph); with no ``dot``, the text is ``fallback()`` and the
    install hint."""
    bundle = {}
    if _wanted(SVG, include, exclude):
        from graphscope.viz.pictures import INSTALL_GRAPHVIZ, to_svg
        try:
            bundle[SVG] = to_svg(draw())
        except graphviz.ExecutableNotFound:
            text = fallback() + "\n\n" + INSTALL_GRAPHVIZ
        except graphviz.CalledProcessError as error:
            text = fallback() + "\n\n(Graphviz's dot failed: %s)" % error
    if _wanted(TEXT, include, exclude):
        bundle[TEXT] = text
    return bundle


def graph_mimebundle(graph: Graph, include=None, exclude=None) -> dict:
    """What a notebook shows for ``graph``: its picture as SVG and its repr as text.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     x = tf.constant(1.0, name="x")
    >>> graph_mimebundle(g, include=["text/plain"])["text/plain"]  # doctest: +ELLIPSIS
    '<graphscope.Graph at 0x...: 1 ops>'
    """
    from graphscope.viz.pictures import draw_graph
    from graphscope.viz.text import scope_tree
    return _bundle(lambda: draw_graph(graph, depth=auto_depth(graph)), repr(graph),
                   lambda: repr(graph) + "\n\n" + scope_tree(graph, depth=2), include, exclude)


def variable_scope_mimebundle(scope: VariableScope, include=None, exclude=None) -> dict:
    """What a notebook shows for a VariableScope: the scope trees under it (in the default graph)."""
    from graphscope.viz.scope_pictures import draw_scope_trees
    from graphscope.viz.text import scope_tree
    graph = get_default_graph()
    return _bundle(lambda: draw_scope_trees(graph, scope=scope.name or None), repr(scope),
                   lambda: "%r in the default graph\n\n%s" % (scope, scope_tree(graph, depth=2)), include, exclude)


def trace_mimebundle(trace, include=None, exclude=None) -> dict:
    """What a notebook shows for a traced run: its graph with the values, times, pruned and fed ops."""
    from graphscope.viz.pictures import draw_graph
    return _bundle(lambda: draw_graph(trace.graph, depth=auto_depth(trace.graph), trace=trace), repr(trace),
                   lambda: str(trace), include, exclude)
