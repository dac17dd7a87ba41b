"""Symbolic differentiation: ``tf.gradients`` builds gradient ops into the graph, as TensorFlow does.

The walk is TensorFlow's (``gradients_util._GradientsHelper``): mark the ops reachable from ``xs``
through differentiable (floating) tensors, keep those on a path to ``ys``, then visit them from ``ys``
backwards once all their consumers are done, summing the gradients that reach each tensor (``AddN``)
and calling each op type's gradient rule inside name scope ``gradients/<op>_grad``. Gradient rules
live beside the kernels in the op families (``OpDef.gradient``).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [2], name="x")
...     y = tf.identity(x, name="y")
...     z = tf.placeholder(tf.float32, [2], name="z")
...     dx, dz = tf.gradients(y, [x, z])
>>> dx.name, dz
('gradients/grad_ys_0:0', None)
"""
from __future__ import annotations

import collections

from graphscope import dtypes
from graphscope.graph import get_graph_from_inputs
from graphscope.ops.core import convert_to_tensor
from graphscope.tensor import Operation, Tensor

__all__ = ["gradients", "is_differentiable", "AggregationMethod", "UnconnectedGradients", "IndexedSlices"]


class AggregationMethod:
    """How gradients reaching one tensor are summed (graphscope always adds them with ``AddN``)."""

    ADD_N = 0
    DEFAULT = ADD_N
    EXPERIMENTAL_TREE = 1
    EXPERIMENTAL_ACCUMULATE_N = 2


class UnconnectedGradients:
    """What ``gradients`` returns for an ``x`` that ``ys`` do not depend on: None, or zeros."""

    NONE = "none"
    ZERO = "zero"


class IndexedSlices:
    """A sparse gradient: ``values`` for rows ``indices`` of a tensor of shape ``dense_shape``."""

    def __init__(self, values, indices, dense_shape=None):
        self.values, self.indices, self.dense_shape = values, indices, dense_shape

    dtype = property(lambda self: self.values.dtype)
    graph = property(lambda self: self.values.graph)
    op = property(lambda self: self.values.op)
    name = property(lambda self: self.values.name)

    def __repr__(self) -> str:
        return "IndexedSlices(indices=%s, values=%s, dense_shape=%s)" % (
            self.indices, self.values, self.dense_shape)


_DIFFERENTIABLE = {"float16", "float32", "float64", "bfloat16", "complex64", "complex128", "resource", "variant"}


def is_differentiable(tensor: Tensor) -> bool:
    """Whether gradients flow through ``tensor`` (floating, complex or resource dtypes; never ints)."""
    return tensor.dtype.base_dtype.name in _DIFFERENTIABLE


def _consumers_index(ops) -> dict:
    """op -> the ops that take one of its outputs as a data input (over ``ops``' graph, built once)."""
    consumers = collections.defaultdict(list)
    for op in ops:
        for t in op._inputs:
            consumers[t].append(op)
    return consumers


def _pending_counts(to_ops, from_ops, all_ops):
    """TF's ``_PendingCount``: the ops between ``from_ops`` and ``to_ops`` and, for each, how many
    between-ops consume it."""
    consumers = _consumers_index(all_ops)
    reached = set()
    queue = collections.deque(from_ops)
    while queue:
        op = queue.popleft()
        if op not in reached:
            reached.add(op)
            for output in op._outputs:
                if is_differentiable(output):
                    queue.extend(consumers.get(output, ()))
    reachable_to_ops = {op for op in to_ops if op in reached}
    between, between_list = set(), []
    queue = collections.deque(to_ops)
    while queue:
        op = queue.popleft()
        if op in reached:
            between.add(op)
            between_list.append(op)
            reached.remove(op)
            queue.extend(t._op for t in op._inputs)
    pending = collections.defaultdict(int)
    for op in between_list:
        for t in op._inputs:
            if t._op in between:
                pending[t._op] += 1
    return reachable_to_ops, pending


def _set_grad(grads: dict, tensor: Tensor, grad) -> None:
    op_grads = grads.setdefault(tensor._op, [[] for _ in tensor._op._outputs])
    op_grads[tensor._value_index].append(grad)


def _aggregate(grads: dict, op: Operation) -> list:
    """Sum the gradients that reached each output of ``op`` (one ``AddN`` per output with several)."""
    from graphscope.ops.math_ops import add_n
    out_grads = grads.get(op, [[] for _ in op._outputs])
    for i, out_grad in enumerate(out_grads):
        present = [g for g in out_grad if g is not None]
        if not present:
            out_grads[i] = None
        elif len(present) == 1:
            out_grads[i] = present[0]
        else:
            out_grads[i] = add_n([_dense(g) for g in present])
    grads[op] = out_grads
    return out_grads


def _dense(grad):
    if isinstance(grad, IndexedSlices):
        from graphscope.ops.indexing_ops import unsorted_segment_sum
        return unsorted_segment_sum(grad.values, grad.indices, grad.dense_shape[0])
    return grad


def _default_grad_ys(ys, grad_ys):
    from graphscope.ops.array_ops import ones, shape
    result = []
    for i, (y, grad_y) in enumerate(zip(ys, grad_ys)):
        if grad_y is None:
            if y.dtype.is_complex:
                raise TypeError("Gradients of complex tensors (%s) must set grad_ys (y.dtype = %s)."
                                % (y, y.dtype.name))
            result.append(ones(shape(y), dtype=y.dtype.base_dtype, name="grad_ys_%d" % i))
            continue
        grad_y = convert_to_tensor(grad_y, name="grad_ys_%d" % i)
        if (y.dtype.is_floating or y.dtype.is_integer) and not (grad_y.dtype.is_floating or
                                                                grad_y.dtype.is_integer):
            raise TypeError("Gradient type %s generated for real or integer-valued tensor %s with type %s "
                            "must be real or integer" % (grad_y.dtype.name, y, y.dtype.name))
        result.append(grad_y)
    return result


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def gradients(ys, xs, grad_ys=None, name: str = "gradients", colocate_gradients_with_ops: bool = False,
              gate_gradients: bool = False, aggregation_method=None, stop_gradients=None,
              unconnected_gradients: str = UnconnectedGradients.NONE) -> list:
    """The symbolic derivatives of ``sum(ys)`` with respect to each of ``xs`` (``tf.gradients``).

    ``grad_ys`` weights each y (default: ones of y's shape); ``stop_gradients`` are treated as
    constants; an ``x`` that no y depends on through differentiable tensors gets None (or zeros with
    ``unconnected_gradients="zero"``). Integer tensors are never differentiated.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.constant(3.0, name="x")
    ...     y = x * x
    ...     dy_dx, = gradients(y, [x])
    ...     weighted, = gradients(y, [x], grad_ys=tf.constant(0.5))
    ...     with tf.Session() as sess:
    ...         print(dy_dx.name, sess.run(dy_dx), sess.run(weighted))
    gradients/AddN:0 6.0 3.0
    """
    ys = _as_list(ys)
    xs_given = _as_list(xs)
    stop_gradients = _as_list(stop_gradients)
    grad_ys = _as_list(grad_ys) if grad_ys is not None else [None] * len(ys)
    if len(grad_ys) != len(ys):
        raise ValueError("Passed %d grad_ys for %d ys: give one gradient per y (or None)." % (len(grad_ys), len(ys)))
    if unconnected_gradients not in (UnconnectedGradients.NONE, UnconnectedGradients.ZERO):
        raise ValueError("Unknown value for unconnected_gradients: %r (use 'none' or 'zero')."
                         % (unconnected_gradients,))
    graph = get_graph_from_inputs(ys + xs_given + stop_gradients + [g for g in grad_ys if g is not None])
    with graph.as_default(), graph.name_scope(name or "gradients"):
        ys = [convert_to_tensor(y, name="y") for y in ys]
        # A variable's gradient is that of its reference (or resource handle), as in TF.
        xs = [convert_to_tensor(x, name="x", as_ref=True) for x in xs_given]
        grad_ys = _default_grad_ys(ys, grad_ys)
        to_ops = [t._op for t in ys]
        from_ops = [t._op for t in xs]
        stop_ops_given = {convert_to_tensor(t)._op for t in stop_gradients}
        reachable_to_ops, pending = _pending_counts(to_ops, from_ops, graph._ops)
        grads: dict = {}
        for y, grad_y in zip(ys, grad_ys):
            _set_grad(grads, y, grad_y)
        queue = collections.deque()
        queued = set()
        for op in to_ops:
            if pending[op] == 0 and op not in queued and op in reachable_to_ops:
                queued.add(op)
                queue.append(op)
        stop_ops = {op for op in from_ops if all(pending[t._op] <= 0 for t in op._inputs)} | stop_ops_given
        while queue:
            op = queue.popleft()
            out_grads = _aggregate(grads, op)
            has_out_grads = any(g is not None for g in out_grads)
            grad_fn = None
            if has_out_grads and op not in stop_ops:
                op_def = op._op_def
                grad_fn = op_def.gradient if op_def is not None else None
                if grad_fn is None:
                    raise LookupError("No gradient defined for operation '%s' (op type: %s)." % (op._name, op._type))
            if grad_fn is not None:
                in_grads = _op_gradients(graph, op, grad_fn, out_grads, gate_gradients)
            else:
                in_grads = [None] * len(op._inputs)
            for i, (t_in, in_grad) in enumerate(zip(op._inputs, in_grads)):
                if in_grad is None:
                    continue
                if isinstance(in_grad, Tensor) and t_in.dtype != dtypes.resource:
                    try:
                        in_grad.set_shape(t_in.shape)
                    except ValueError:
                        raise ValueError("Incompatible shapes between op input and calculated input gradient. "
                                         "Forward operation: %s. Input index: %d. Original input shape: %s. "
                                         "Calculated input gradient shape: %s"
                                         % (op._name, i, t_in.shape, in_grad.shape)) from None
                _set_grad(grads, t_in, in_grad)
            for t in op._inputs:
                pending[t._op] -= 1
                if pending[t._op] == 0:
                    queue.append(t._op)
        return [_result(grads, x, unconnected_gradients) for x in xs]


def _op_gradients(graph, op, grad_fn, out_grads, gate_gradients) -> list:
    from graphscope.ops.array_ops import zeros_like
    for i, out_grad in enumerate(out_grads):
        if out_grad is None and is_differentiable(op._outputs[i]):
            out_grads[i] = zeros_like(op._outputs[i], optimize=False)  # a ZerosLike op, as TF makes it
    with graph.name_scope(op._name + "_grad"):
        in_grads = grad_fn(op, *out_grads)
        in_grads = list(in_grads) if isinstance(in_grads, (list, tuple)) else [in_grads]
        if len(in_grads) != len(op._inputs):
            raise ValueError("Num gradients %d generated for op %s do not match num inputs %d"
                             % (len(in_grads), op.node_def["name"], len(op._inputs)))
        if gate_gradients and sum(g is not None for g in in_grads) > 1:
            from graphscope.ops.control_flow_ops import tuple as gate
            in_grads = gate(in_grads)
    return in_grads


def _result(grads: dict, x: Tensor, unconnected_gradients: str):
    op_grads = grads.get(x._op)
    grad = op_grads[x._value_index] if op_grads else None
    if isinstance(grad, list):  # reached but never aggregated (x's op was not visited)
        present = [g for g in grad if g is not None]
        from graphscope.ops.math_ops import add_n
        grad = None if not present else present[0] if len(present) == 1 else add_n([_dense(g) for g in present])
    if grad is None and unconnected_gradients == UnconnectedGradients.ZERO:
        from graphscope.ops.array_ops import zeros_like
        return zeros_like(x)
    return grad
