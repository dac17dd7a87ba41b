"""Control ops: ``no_op`` and ``group`` (ops that only order other ops).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     a, b = tf.no_op(name="a"), tf.no_op(name="b")
...     g = tf.group(a, b, name="both")
>>> g.type, [op.name for op in g.control_inputs]
('NoOp', ['a', 'b'])
"""
from __future__ import annotations

from graphscope.graph import get_default_graph, get_graph_from_inputs
from graphscope.ops.core import apply_op
from graphscope.ops.registry import register
from graphscope.tensor import Operation, Tensor

__all__ = ["no_op", "group"]

NO_OP = register("NoOp", infer=lambda inputs, attrs: [], kernel=lambda op: lambda: None)


def no_op(name: str | None = None) -> Operation:
    """An op that does nothing; with control inputs it is a join point (``tf.no_op``)."""
    return apply_op(NO_OP, [], name=name)


def group(*inputs, name: str | None = None) -> Operation:
    """A ``NoOp`` that runs after every op (or tensor's op) in ``inputs`` (``tf.group``)."""
    ops = []
    for item in inputs:
        items = item if isinstance(item, (list, tuple)) else [item]
        for element in items:
            if isinstance(element, Tensor):
                element = element.op
            elif not isinstance(element, Operation):
                element = getattr(element, "op", None) if hasattr(element, "_as_graph_element") else element
            if not isinstance(element, Operation):
                raise TypeError("group: expected ops or tensors, got %r." % (element,))
            ops.append(element)
    graph = get_graph_from_inputs(ops) if ops else get_default_graph()
    with graph.as_default(), graph.control_dependencies(ops):
        return apply_op(NO_OP, [], name="group_deps" if name is None else name, graph=graph)
