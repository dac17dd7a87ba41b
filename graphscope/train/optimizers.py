"""Optimizers (``tf.train.Optimizer`` and its TF1 subclasses), built as TensorFlow 1.x builds them.

``minimize(loss)`` is ``compute_gradients`` (``tf.gradients`` of the loss with respect to the
variables' references) followed by ``apply_gradients``, which

1. creates the optimizer's *slots* under ``init_scope`` (outside any control-dependency block):
   one variable per trained variable and slot, named ``<var>/<OptimizerName>`` as TF's
   ``slot_creator`` names them (``w/Momentum``; Adam's two moments ``w/Adam`` and ``w/Adam_1``),
   and *non-slot* variables such as Adam's ``beta1_power`` and ``beta2_power``;
2. opens the name scope ``<name or optimizer name>/`` (``GradientDescent/``), where ``_prepare``
   turns the hyper-parameters into constants (``GradientDescent/learning_rate``);
3. builds, per variable, the fused update op in ``update_<var op name>/``, colocated with the
   variable (``GradientDescent/update_w/ApplyGradientDescent``), then, if the variable has a
   ``constraint``, assigns ``constraint(var)`` after the update;
4. ``_finish`` groups the updates into a ``NoOp`` named after the scope (``GradientDescent``); with a
   ``global_step`` the group is ``<scope>/update`` and the returned op is the ``AssignAdd`` of
   ``global_step``, named after the scope. The op is added to the ``train_op`` collection.

Differences from TensorFlow, on purpose:

* Sparse gradients (``IndexedSlices``, e.g. from ``gather``) are converted to dense tensors
  (``unsorted_segment_sum`` over the rows, which also sums duplicate indices) and applied with the
  dense update; ``_apply_sparse`` is never called. The values are the same as TF's sparse updates
  for gradient descent; for Momentum and Adam, rows without a gradient still decay their slots (TF's
  sparse kernels leave them alone, its dense kernels do the same as graphscope).
* A ``constraint`` sees the variable's value *after* the update: graphscope reads it with a new
  ``read`` Identity under the update's control dependency (TF's ``var/read`` aliases the variable's
  buffer and so sees the update too), so the constraint's ops read ``update_w/Read/read``.
* ``var_list`` may hold PartitionedVariables; they stand for their shards.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     w = tf.Variable([1.0, 2.0], name="w")
...     step = tf.train.GradientDescentOptimizer(0.5).apply_gradients([(tf.constant([2.0, -2.0]), w)])
...     with tf.Session() as sess:
...         sess.run(w.initializer)
...         sess.run(step)
...         print(step.name, sess.run(w))
GradientDescent [0. 3.]
"""
from __future__ import annotations

import contextlib

from graphscope import dtypes
from graphscope.defaults import init_scope
from graphscope.gradients import IndexedSlices, gradients
from graphscope.graph import GraphKeys, get_default_graph
from graphscope.ops import control_flow_ops, math_ops, state_ops, training_ops
from graphscope.ops.core import convert_to_tensor
from graphscope.scopes import get_variable_scope_store, name_scope
from graphscope.tensor import Operation, Tensor
from graphscope.train.slot_creator import create_slot, create_slot_with_initializer, create_zeros_slot, is_resource
from graphscope.variables import PartitionedVariable, Variable, trainable_variables

__all__ = ["AdamOptimizer", "GradientDescentOptimizer", "MomentumOptimizer", "Optimizer"]


# -- how each kind of variable is optimized (TF's processors) -----------------------------------------

def _densify(grad: IndexedSlices, var) -> Tensor:
    """An IndexedSlices gradient as a dense tensor (rows summed, as TF's conversion does)."""
    from graphscope.ops import indexing_ops
    unsorted_segment_sum = (getattr(indexing_ops, "unsorted_segment_sum", None)
                            or getattr(math_ops, "unsorted_segment_sum", None))
    if unsorted_segment_sum is None:
        raise NotImplementedError("Applying a sparse (IndexedSlices) gradient to %s needs unsorted_segment_sum, "
                                  "which graphscope does not provide yet." % var.op.name)
    if grad.dense_shape is not None:
        rows = grad.dense_shape[0]
    else:
        rows = var.get_shape()[0]
        rows = getattr(rows, "value", rows)
        if rows is None:
            raise ValueError("Cannot densify the IndexedSlices gradient of %s: it has no dense_shape and the "
                             "variable's first dimension is unknown." % var.op.name)
    return unsorted_segment_sum(grad.values, grad.indices, rows)


def _constrain(var, update):
    """``var.assign(var.constraint(var))`` after ``update``, the constraint reading the updated value."""
    graph = var.graph
    with graph.control_dependencies([update]):
        fresh = var.read_value()
        saved = var._snapshot
        var._snapshot = fresh
        try:
            projected = var.constraint(var)
        finally:
            var._snapshot = saved
        return var.assign(projected)


class _RefVariableProcessor:
    """A TF1 reference variable: gradients are taken of its ``float32_ref`` tensor."""

    def __init__(self, v):
        self._v = v

    def target(self):
        return self._v._ref()

    def update_op(self, optimizer, g):
        if isinstance(g, IndexedSlices):
            if self._v.constraint is not None:
                raise RuntimeError("Cannot use a constraint function on a sparse variable.")
            return optimizer._apply_sparse_duplicate_indices(g, self._v)
        update = optimizer._apply_dense(g, self._v)
        return _constrain(self._v, update) if self._v.constraint is not None else update


class _DenseResourceVariableProcessor:
    """A resource variable (``use_resource=True``)."""

    def __init__(self, v):
        self._v = v

    def target(self):
        return self._v

    def update_op(self, optimizer, g):
        if isinstance(g, IndexedSlices):
            if self._v.constraint is not None:
                raise RuntimeError("Cannot use a constraint function on a sparse variable.")
            return optimizer._resource_apply_dense(_densify(g, self._v), self._v)
        update = optimizer._resource_apply_dense(g, self._v)
        return _constrain(self._v, update) if self._v.constraint is not None else update


class _TensorProcessor:
    """A plain tensor: gradients can be computed, but it cannot be updated."""

    def __init__(self, v):
        self._v = v

    def target(self):
        return self._v

    def update_op(self, optimizer, g):
        raise NotImplementedError("Trying to update a Tensor ", self._v)


def _get_processor(v):
    if isinstance(v, Variable):
        return _DenseResourceVariableProcessor(v) if is_resource(v) else _RefVariableProcessor(v)
    if isinstance(v, Tensor):
        return _TensorProcessor(v)
    raise NotImplementedError("Trying to optimize unsupported type ", v)


def _var_key(var):
    if hasattr(var, "op"):
        return (var.op.graph, var.op.name)
    return id(var)


def _flatten_var_list(var_list) -> list:
    flat = []
    for item in var_list if isinstance(var_list, (list, tuple, set)) else [var_list]:
        if isinstance(item, (list, tuple)):
            flat.extend(_flatten_var_list(item))
        elif isinstance(item, PartitionedVariable):
            flat.extend(item)
        else:
            flat.append(item)
    return flat


def _convert_gradient(g):
    if g is None or isinstance(g, (Tensor, IndexedSlices)):
        return g
    try:
        g = convert_to_tensor(g)
    except (TypeError, ValueError):
        raise TypeError("Gradient must be convertible to a Tensor or IndexedSlices, or None: %s" % (g,)) from None
    if not isinstance(g, (Tensor, IndexedSlices)):
        raise TypeError("Gradient must be a Tensor, IndexedSlices, or None: %s" % (g,))
    return g


# -- the base class ------------------------------------------------------------------------------------

class Optimizer:
    """Base class of optimizers (``tf.train.Optimizer``).

    A subclass implements ``_create_slots(var_list)``, ``_prepare()``, ``_apply_dense(grad, var)``
    (and ``_resource_apply_dense(grad, var)`` for resource variables) and may override
    ``_finish(update_ops, name_scope)``.

    ``gate_gradients``: ``GATE_NONE`` computes gradients freely, ``GATE_OP`` (default) makes each
    op's input gradients available together (``tf.gradients(gate_gradients=True)``),
    ``GATE_GRAPH`` gates all gradients together (``tf.tuple``) before any is used.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     w = tf.Variable(3.0, name="w")
    ...     opt = tf.train.GradientDescentOptimizer(0.1)
    ...     [(grad, var)] = opt.compute_gradients(tf.identity(w), var_list=[w])
    ...     with tf.Session() as sess:
    ...         sess.run(w.initializer)
    ...         print(var is w, sess.run(grad))
    True 1.0
    """

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking: bool, name: str):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots: dict = {}  # slot name -> {var key: slot variable}
        self._non_slot_dict: dict = {}  # (name, graph) -> variable

    def get_name(self) -> str:
        return self._name

    # -- the public steps ------------------------------------------------------------------------
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                 colocate_gradients_with_ops: bool = False, name: str | None = None, grad_loss=None) -> Operation:
        """Add ops that update ``var_list`` (default: the trainable variables) to reduce ``loss``;
        with ``global_step``, the returned op also increments it by one."""
        graph = loss.graph if isinstance(loss, (Tensor, Variable)) else get_default_graph()
        with self._all_or_nothing(graph):
            grads_and_vars = self.compute_gradients(
                loss, var_list=var_list, gate_gradients=gate_gradients, aggregation_method=aggregation_method,
                colocate_gradients_with_ops=colocate_gradients_with_ops, grad_loss=grad_loss)
            vars_with_grad = [v for g, v in grads_and_vars if g is not None]
            if not vars_with_grad:
                raise ValueError("No gradients provided for any variable, check your graph for ops that do not "
                                 "support gradients, between variables %s and loss %s."
                                 % ([str(v) for _, v in grads_and_vars], loss))
            return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    @contextlib.contextmanager
    def _all_or_nothing(self, graph):
        """A failure inside leaves no trace: the graph's new ops, names and variables are undone (the
        graph's transaction), and so are this optimizer's new slots and the variable-scope counts
        that named them, so a retry names its slots as the first attempt would have."""
        scope_store = get_variable_scope_store(graph)
        slots = {name: dict(per_var) for name, per_var in self._slots.items()}
        non_slot = dict(self._non_slot_dict)
        counts = dict(scope_store.variable_scopes_count)
        try:
            with graph._transaction():
                yield
        except BaseException:
            self._slots, self._non_slot_dict = slots, non_slot
            scope_store.variable_scopes_count = counts
            raise

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops: bool = False, grad_loss=None) -> list:
        """``[(gradient, variable), ...]`` of ``loss`` for ``var_list`` (default: TRAINABLE_VARIABLES and
        TRAINABLE_RESOURCE_VARIABLES); a gradient is None for a variable the loss does not depend on.

        ``loss`` is a Tensor (or a callable returning one, called once here)."""
        if callable(loss) and not isinstance(loss, (Tensor, Variable)):
            loss = loss()
        if not isinstance(loss, (Tensor, Variable)):
            raise TypeError("`loss` passed to Optimizer.compute_gradients must be a Tensor (the value to minimize), "
                            "got %r of type %s." % (loss, type(loss).__name__))
        if gate_gradients not in (Optimizer.GATE_NONE, Optimizer.GATE_OP, Optimizer.GATE_GRAPH):
            raise ValueError("gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, "
                             "Optimizer.GATE_GRAPH.  Not %s" % gate_gradients)
        self._assert_valid_dtypes([loss])
        if grad_loss is not None:
            self._assert_valid_dtypes([grad_loss])
        graph = loss.graph
        with graph.as_default():
            if var_list is None:
                var_list = trainable_variables() + graph.get_collection(GraphKeys.TRAINABLE_RESOURCE_VARIABLES)
            else:
                var_list = _flatten_var_list(var_list)
            processors = [_get_processor(v) for v in var_list]
            if not var_list:
                raise ValueError("No variables to optimize.")
            var_refs = [p.target() for p in processors]
            grads = gradients(loss, var_refs, grad_ys=grad_loss, gate_gradients=(gate_gradients == Optimizer.GATE_OP),
                              aggregation_method=aggregation_method,
                              colocate_gradients_with_ops=colocate_gradients_with_ops)
            if gate_gradients == Optimizer.GATE_GRAPH:
                grads = self._gate_all(grads)
        grads_and_vars = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in grads_and_vars if g is not None and v.dtype != dtypes.resource])
        return grads_and_vars

    @staticmethod
    def _gate_all(grads) -> list:
        """``tf.tuple`` over the gradients (an IndexedSlices is gated through its values)."""
        flat = [g.values if isinstance(g, IndexedSlices) else g for g in grads]
        if all(g is None for g in flat):
            return list(grads)
        gated = control_flow_ops.tuple(flat)
        return [IndexedSlices(t, g.indices, g.dense_shape) if isinstance(g, IndexedSlices) else t
                for g, t in zip(grads, gated)]

    def apply_gradients(self, grads_and_vars, global_step=None, name: str | None = None) -> Operation:
        """The op applying ``grads_and_vars`` (pairs as ``compute_gradients`` returns them); with
        ``global_step`` it also increments that variable by one, after the updates."""
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        variables = [v for _, v in grads_and_vars if isinstance(v, (Variable, Tensor))]
        graph = variables[0].graph if variables else get_default_graph()
        with graph.as_default(), self._all_or_nothing(graph):
            converted = []
            for g, v in grads_and_vars:
                converted.append((_convert_gradient(g), v, _get_processor(v)))
            var_list = [v for g, v, _ in converted if g is not None]
            if not var_list:
                raise ValueError("No gradients provided for any variable: %s."
                                 % ([str(v) for _, v, _ in converted],))
            with init_scope():
                self._create_slots(var_list)
            update_ops = []
            with name_scope(name, self._name) as scope:
                self._prepare()
                for grad, var, processor in converted:
                    if grad is None:
                        continue
                    with name_scope("update_" + var.op.name), graph.colocate_with(var.op):
                        update_ops.append(processor.update_op(self, grad))
                if global_step is None:
                    apply_updates = self._finish(update_ops, scope)
                else:
                    finished = self._finish(update_ops, "update")
                    with graph.control_dependencies([finished]), graph.colocate_with(global_step.op):
                        if is_resource(global_step):
                            apply_updates = state_ops.assign_add_variable_op(
                                global_step.handle, convert_to_tensor(1, dtype=global_step.dtype), name=scope)
                        else:
                            apply_updates = state_ops.assign_add(global_step, 1, name=scope)
                if isinstance(apply_updates, Tensor):
                    apply_updates = apply_updates.op
                train_op = graph.get_collection_ref(GraphKeys.TRAIN_OP)
                if apply_updates not in train_op:
                    train_op.append(apply_updates)
                return apply_updates

    # -- slots and other optimizer variables ----------------------------------------------------
    def get_slot(self, var, name: str):
        """The slot variable ``name`` of ``var`` (e.g. ``"momentum"``, Adam's ``"m"`` and ``"v"``), or None."""
        named_slots = self._slots.get(name)
        if not named_slots:
            return None
        return named_slots.get(_var_key(var))

    def get_slot_names(self) -> list:
        """The names of the slots this optimizer created, sorted."""
        return sorted(self._slots)

    def variables(self) -> list:
        """The optimizer's variables in the default graph (slots and non-slot variables), sorted by name."""
        current = get_default_graph()
        found = [v for v in self._non_slot_variables() if v.op.graph is current]
        for slots in self._slots.values():
            found.extend(v for v in slots.values() if v.op.graph is current)
        return sorted(found, key=lambda v: v.name)

    def _create_non_slot_variable(self, initial_value, name: str, colocate_with):
        graph = colocate_with.graph
        key = (name, graph)
        v = self._non_slot_dict.get(key)
        if v is None:
            with graph.as_default(), graph.colocate_with(colocate_with.op):
                v = Variable(initial_value, name=name, trainable=False, use_resource=is_resource(colocate_with))
            self._non_slot_dict[key] = v
        return v

    def _get_non_slot_variable(self, name: str, graph=None):
        return self._non_slot_dict.get((name, graph))

    def _non_slot_variables(self):
        return self._non_slot_dict.values()

    def _slot_dict(self, slot_name: str) -> dict:
        return self._slots.setdefault(slot_name, {})

    def _get_or_make_slot(self, var, val, slot_name: str, op_name: str):
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = create_slot(var, val, op_name)
        return named_slots[_var_key(var)]

    def _get_or_make_slot_with_initializer(self, var, initializer, shape, dtype, slot_name: str, op_name: str):
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = create_slot_with_initializer(var, initializer, shape, dtype, op_name)
        return named_slots[_var_key(var)]

    def _zeros_slot(self, var, slot_name: str, op_name: str):
        named_slots = self._slot_dict(slot_name)
        if _var_key(var) not in named_slots:
            named_slots[_var_key(var)] = create_zeros_slot(var, op_name)
        return named_slots[_var_key(var)]

    # -- what subclasses implement --------------------------------------------------------------
    def _valid_dtypes(self) -> list:
        return [d for d in (dtypes.float16, getattr(dtypes, "bfloat16", None), dtypes.float32, dtypes.float64)
                if d is not None]

    def _assert_valid_dtypes(self, tensors) -> None:
        valid = self._valid_dtypes()
        for t in tensors:
            dtype = t.dtype.base_dtype
            if dtype not in valid:
                raise ValueError("Invalid type %r for %s, expected: %s." % (dtype, t.name, valid))

    def _create_slots(self, var_list) -> None:
        """Create the slots of ``var_list`` (none by default)."""

    def _prepare(self) -> None:
        """Create the hyper-parameter tensors, inside the optimizer's name scope."""

    def _apply_dense(self, grad, var):
        raise NotImplementedError()

    def _resource_apply_dense(self, grad, handle):
        raise NotImplementedError()

    def _apply_sparse_duplicate_indices(self, grad, var):
        """graphscope applies sparse gradients densely (see the module docstring)."""
        return self._apply_dense(_densify(grad, var), var)

    def _apply_sparse(self, grad, var):
        return self._apply_dense(_densify(grad, var), var)

    def _finish(self, update_ops, name_scope: str):
        return control_flow_ops.group(*update_ops, name=name_scope)

    def _call_if_callable(self, param):
        return param() if callable(param) else param


def _cast(value, dtype):
    return math_ops.cast(value, dtype)


# -- the TF1 optimizers --------------------------------------------------------------------------------

class GradientDescentOptimizer(Optimizer):
    """``var -= learning_rate * grad`` (``tf.train.GradientDescentOptimizer``).

    ``learning_rate`` is a number, a Tensor, or a callable returning one of these.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     w = tf.Variable([1.0, 2.0], name="w")
    ...     train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.identity(w))
    ...     with tf.Session() as sess:
    ...         sess.run(w.initializer)
    ...         sess.run(train)
    ...         print(sess.run(w))
    [0.9 1.9]
    >>> [op.name for op in g.get_operations() if op.name.startswith("GradientDescent")]
    ['GradientDescent/learning_rate', 'GradientDescent/update_w/ApplyGradientDescent', 'GradientDescent']
    """

    def __init__(self, learning_rate, use_locking: bool = False, name: str = "GradientDescent"):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._learning_rate_tensor = None

    def _prepare(self) -> None:
        learning_rate = self._call_if_callable(self._learning_rate)
        self._learning_rate_tensor = convert_to_tensor(learning_rate, name="learning_rate")

    def _apply_dense(self, grad, var):
        return training_ops.apply_gradient_descent(
            var, _cast(self._learning_rate_tensor, var.dtype.base_dtype), grad, use_locking=self._use_locking).op

    def _resource_apply_dense(self, grad, handle):
        return training_ops.resource_apply_gradient_descent(
            handle.handle, _cast(self._learning_rate_tensor, grad.dtype.base_dtype), grad,
            use_locking=self._use_locking)


class MomentumOptimizer(Optimizer):
    """Momentum (``tf.train.MomentumOptimizer``): ``accum = momentum * accum + grad``,
    ``var -= learning_rate * accum`` (Nesterov: ``var -= learning_rate * (grad + momentum * accum)``).
    One slot per variable, ``"momentum"``, named ``<var>/Momentum``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     w = tf.Variable([1.0], name="w")
    ...     opt = tf.train.MomentumOptimizer(0.1, momentum=0.9)
    ...     train = opt.apply_gradients([(tf.constant([1.0]), w)])
    ...     with tf.Session() as sess:
    ...         sess.run(tf.global_variables_initializer())
    ...         for _ in range(2):
    ...             sess.run(train)
    ...         print(opt.get_slot(w, "momentum").name, sess.run(w))
    w/Momentum:0 [0.71]
    """

    def __init__(self, learning_rate, momentum, use_locking: bool = False, name: str = "Momentum",
                 use_nesterov: bool = False):
        super().__init__(use_locking, name)
        self._learning_rate = learning_rate
        self._momentum = momentum
        self._use_nesterov = use_nesterov

    def _create_slots(self, var_list) -> None:
        for v in var_list:
            self._zeros_slot(v, "momentum", self._name)

    def _prepare(self) -> None:
        self._learning_rate_tensor = convert_to_tensor(self._call_if_callable(self._learning_rate),
                                                       name="learning_rate")
        self._momentum_tensor = convert_to_tensor(self._call_if_callable(self._momentum), name="momentum")

    def _apply_dense(self, grad, var):
        mom = self.get_slot(var, "momentum")
        return training_ops.apply_momentum(
            var, mom, _cast(self._learning_rate_tensor, var.dtype.base_dtype), grad,
            _cast(self._momentum_tensor, var.dtype.base_dtype), use_locking=self._use_locking,
            use_nesterov=self._use_nesterov).op

    def _resource_apply_dense(self, grad, var):
        mom = self.get_slot(var, "momentum")
        return training_ops.resource_apply_momentum(
            var.handle, mom.handle, _cast(self._learning_rate_tensor, grad.dtype.base_dtype), grad,
            _cast(self._momentum_tensor, grad.dtype.base_dtype), use_locking=self._use_locking,
            use_nesterov=self._use_nesterov)


class AdamOptimizer(Optimizer):
    """Adam (``tf.train.AdamOptimizer``, Kingma & Ba): slots ``"m"`` and ``"v"`` (``<var>/Adam``,
    ``<var>/Adam_1``) and the non-slot variables ``beta1_power`` and ``beta2_power`` (created once per
    graph, colocated with the first variable by name), which ``_finish`` multiplies by ``beta1`` and
    ``beta2`` after every step.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     w = tf.Variable([1.0, 2.0], name="w")
    ...     opt = tf.train.AdamOptimizer(0.1)
    ...     train = opt.apply_gradients([(tf.constant([0.5, -3.0]), w)])
    ...     with tf.Session() as sess:
    ...         sess.run(tf.global_variables_initializer())
    ...         sess.run(train)
    ...         print([v.name for v in opt.variables()], sess.run(w).round(5))
    ['beta1_power:0', 'beta2_power:0', 'w/Adam:0', 'w/Adam_1:0'] [0.9 2.1]
    """

    def __init__(self, learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, use_locking: bool = False,
                 name: str = "Adam"):
        super().__init__(use_locking, name)
        self._lr = learning_rate
        self._beta1 = beta1
        self._beta2 = beta2
        self._epsilon = epsilon
        self._lr_t = self._beta1_t = self._beta2_t = self._epsilon_t = None

    def _get_beta_accumulators(self):
        with init_scope():
            graph = get_default_graph()
            return (self._get_non_slot_variable("beta1_power", graph=graph),
                    self._get_non_slot_variable("beta2_power", graph=graph))

    def _create_slots(self, var_list) -> None:
        first_var = min(var_list, key=lambda x: x.name)
        self._create_non_slot_variable(initial_value=self._beta1, name="beta1_power", colocate_with=first_var)
        self._create_non_slot_variable(initial_value=self._beta2, name="beta2_power", colocate_with=first_var)
        for v in var_list:
            self._zeros_slot(v, "m", self._name)
            self._zeros_slot(v, "v", self._name)

    def _prepare(self) -> None:
        self._lr_t = convert_to_tensor(self._call_if_callable(self._lr), name="learning_rate")
        self._beta1_t = convert_to_tensor(self._call_if_callable(self._beta1), name="beta1")
        self._beta2_t = convert_to_tensor(self._call_if_callable(self._beta2), name="beta2")
        self._epsilon_t = convert_to_tensor(self._call_if_callable(self._epsilon), name="epsilon")

    def _hyper(self, dtype):
        beta1_power, beta2_power = self._get_beta_accumulators()
        return (_cast(beta1_power, dtype), _cast(beta2_power, dtype), _cast(self._lr_t, dtype),
                _cast(self._beta1_t, dtype), _cast(self._beta2_t, dtype), _cast(self._epsilon_t, dtype))

    def _apply_dense(self, grad, var):
        m = self.get_slot(var, "m")
        v = self.get_slot(var, "v")
        return training_ops.apply_adam(var, m, v, *self._hyper(var.dtype.base_dtype), grad,
                                       use_locking=self._use_locking).op

    def _resource_apply_dense(self, grad, var):
        m = self.get_slot(var, "m")
        v = self.get_slot(var, "v")
        return training_ops.resource_apply_adam(var.handle, m.handle, v.handle, *self._hyper(grad.dtype.base_dtype),
                                                grad, use_locking=self._use_locking)

    def _finish(self, update_ops, name_scope: str):
        graph = get_default_graph()
        with graph.control_dependencies(update_ops):
            beta1_power, beta2_power = self._get_beta_accumulators()
            with graph.colocate_with(beta1_power.op):
                update_beta1 = beta1_power.assign(beta1_power * self._beta1_t, use_locking=self._use_locking)
                update_beta2 = beta2_power.assign(beta2_power * self._beta2_t, use_locking=self._use_locking)
        return control_flow_ops.group(*update_ops + [update_beta1, update_beta2], name=name_scope)
