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
    """A ``NoOp`` that runs after every op (or tensor's op) in ``inputs``, nested in lists, tuples or
    dicts (``tf.group``). As in TensorFlow, it sits on the device of its inputs when they share one;
    inputs on several devices are first grouped per device (``group_deps/NoOp``, ...).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     a, b = tf.Variable(1.0, name="a"), tf.Variable(2.0, name="b")
    ...     both = group(tf.assign_add(a, 1.0), tf.assign_add(b, 1.0), name="both")
    >>> both.type, [op.name for op in both.control_inputs]
    ('NoOp', ['AssignAdd', 'AssignAdd_1'])
    """
    ops = [_op_of(element) for element in _flatten(inputs)]
    graph = get_graph_from_inputs(ops) if ops else get_default_graph()
    with graph.as_default(), graph.name_scope("group_deps" if name is None else name) as scope:
        on_device: dict = {}
        for op in ops:
            on_device.setdefault(op.device, []).append(op)
        if len(on_device) <= 1:
            (device, deps), = on_device.items() if on_device else (("", []),)
            return _no_op_after(graph, device, deps, scope)
        per_device = [_no_op_after(graph, device, on_device[device], "NoOp") for device in sorted(on_device)]
        with graph.control_dependencies(per_device):
            return apply_op(NO_OP, [], name=scope, graph=graph)


def _no_op_after(graph, device: str, deps: list, name: str) -> Operation:
    with graph.control_dependencies(deps), graph.device(device):
        return apply_op(NO_OP, [], name=name, graph=graph)


def _flatten(structure) -> list:
    if isinstance(structure, (list, builtins.tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in _flatten(structure[key])]
    return [structure]


def _op_of(element) -> Operation:
    if isinstance(element, Tensor):
        return element.op
    if not isinstance(element, Operation) and hasattr(element, "_as_graph_element"):
        element = getattr(element, "op", None)
    if not isinstance(element, Operation):
        raise TypeError("'inputs' should be zero or more (nested) Tensors or Operations. Received %r with type "
                        "'%s'." % (element, type(element).__name__))
    return element


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
