"""Control ops: ``no_op`` and ``group`` (ops that only order other ops).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     a, b = tf.no_op(name="a"), tf.no_op(name="b")
...     g = tf.group(a, b, name="both")
>>> g.type, [op.name for op in g.control_inputs]
('NoOp', ['a', 'b'])
"""
from __future__ import annotations

import builtins

from graphscope.graph import get_default_graph, get_graph_from_inputs
from graphscope.ops.core import apply_op
from graphscope.ops.registry import no_gradient, register
from graphscope.tensor import Operation, Tensor

__all__ = ["no_op", "group", "tuple"]

NO_OP = register("NoOp", infer=lambda inputs, attrs: [], kernel=lambda op: lambda: None, gradient=no_gradient)


def no_op(name: str | None = None) -> Operation:
    """An op that does nothing; with control inputs it is a join point (``tf.no_op``)."""
    return apply_op(NO_OP, [], name=name)


def group(*inputs, name: str | None = None) -> Operation:
    """A ``NoOp`` that runs after every op (or tensor's op) in ``inputs`` (``tf.group``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     a, b = tf.Variable(1.0, name="a"), tf.Variable(2.0, name="b")
    ...     both = group(tf.assign_add(a, 1.0), tf.assign_add(b, 1.0), name="both")
    >>> both.type, [op.name for op in both.control_inputs]
    ('NoOp', ['AssignAdd', 'AssignAdd_1'])
    """
    ops = []
    for item in inputs:
        items = item if isinstance(item, (list, builtins.tuple)) else [item]
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


def with_dependencies(dependencies, output_tensor, name: str | None = None) -> Tensor:
    """``output_tensor``'s value, produced only after ``dependencies`` ran (an Identity named
    'control_dependency', as TF's ``control_flow_ops.with_dependencies``)."""
    from graphscope.ops.array_ops import identity
    from graphscope.ops.core import op_scope
    with op_scope(name, "control_dependency", list(dependencies) + [output_tensor]) as scope:
        graph = output_tensor.graph
        with graph.colocate_with(output_tensor.op), graph.control_dependencies(dependencies):
            return identity(output_tensor, name=scope)


def tuple(tensors, name: str | None = None, control_inputs=None) -> list:  # noqa: A001 (TF's name)
    """Gate ``tensors``: each comes out (as an Identity) only after all of them are computed
    (``tf.tuple``). Ops group ``tuple/group_deps`` and ``tuple/control_dependency[_N]``, as TF."""
    from graphscope.ops.core import op_scope
    with op_scope(name, "tuple", [t for t in tensors if isinstance(t, Tensor)]):
        gating = [t if isinstance(t, Operation) else t.op for t in tensors if t is not None]
        gating += list(control_inputs or [])
        gating = sorted(set(gating), key=lambda op: op._id)
        if not gating:
            raise ValueError("Must have at least one Tensor: %s" % (tensors,))
        gate = group(*gating)
        gated = []
        for t in tensors:
            if isinstance(t, Tensor):
                gated.append(with_dependencies([gate], t))
            elif isinstance(t, Operation):
                with t.graph.control_dependencies([gate]):
                    gated.append(group(t))
            else:
                gated.append(None)
        return gated
