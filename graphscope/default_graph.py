"""The per-thread stack of default graphs behind ``Graph.as_default()``.

Each thread has its own stack; :func:`graphscope.graph.get_default_graph` returns its innermost graph,
or else the one global default graph shared by all threads. The stack knows nothing about what a
graph is, so this module sits below :mod:`graphscope.graph` (which re-exports these names and holds
``get_default_graph``, ``reset_default_graph`` and ``get_graph_from_inputs``, since those make graphs).

>>> import graphscope as tf
>>> from graphscope.default_graph import _default_graph_stack
>>> g = tf.Graph()
>>> with g.as_default():
...     _default_graph_stack.stack[-1] is g
True
>>> g in _default_graph_stack.stack
False
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: importing graphscope.graph here would be a cycle
    from graphscope.graph import Graph

__all__: list = []  # internal: the public names are graphscope.graph's


class _DefaultGraphStack(threading.local):
    """Per-thread stack of default graphs over one global default graph shared by all threads."""

    def __init__(self):
        self.stack: list[Graph] = []

    def controller(self, graph: Graph) -> "_DefaultGraphController":
        return _DefaultGraphController(self, graph)


class _DefaultGraphController:
    """``Graph.as_default()``: push the graph on this thread's default stack; pop it on exit."""

    __slots__ = ("_stack", "_graph")

    def __init__(self, stack: _DefaultGraphStack, graph: Graph):
        self._stack, self._graph = stack, graph

    def __enter__(self) -> Graph:
        self._stack.stack.append(self._graph)
        return self._graph

    def __exit__(self, *exc_info) -> None:
        stack = self._stack.stack
        if stack:  # empty when reset_default_graph() ran inside (TF allows that)
            if stack[-1] is not self._graph:
                raise AssertionError("Nesting violated for default stack of Graph objects: "
                                     "as_default() blocks must be left in reverse order.")
            stack.pop()


_default_graph_stack = _DefaultGraphStack()
