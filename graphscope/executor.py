"""The execution plan: what ``Session.run`` computes once per (fetches, feeds) signature.

A :class:`Plan` is built from a graph, the fetched tensors and ops, and the fed tensors:

1. **prune**: walk back from the fetches over data and control inputs (iteratively, so 50k-op
   chains need no recursion), stopping at fed tensors; the depth-first post-order is a valid
   execution order;
2. **bind**: call each needed op type's ``kernel(op)`` once; stateful kernels get the session state
   bound as their first argument;
3. **fold**: ops that are pure (not stateful, no control inputs) and whose inputs are all known at
   plan time (``Const`` ops, and pure ops over them) are evaluated now, once; their values sit in the
   slot template, read-only;
4. **lay out**: every other op becomes a step ``(fn, arity, a, b, out)`` reading and writing
   integer slots of a list.

Running the plan is then a flat loop over prebound kernels: copy the slot template, write the feeds
into their slots, run the steps, read the fetch slots. No names, no networkx, no recursion.

Reference variables (``VariableV2``, dtype ``float32_ref``) are not steps: an input slot listed in
the consumer's ``OpDef.ref_inputs`` receives the variable's *name* (a constant slot), and every other
consumer of the ref tensor gets a read of the variable placed right before it, so a read ordered
after an assignment (by a control dependency) sees the assigned value. A fetched ref tensor is read
after every step has run.

>>> import graphscope as tf
>>> from graphscope.session import SessionState
>>> g = tf.Graph()
>>> with g.as_default():
...     x = tf.placeholder(tf.float32, [], name="x")
...     y = tf.add(x, tf.constant(2.0) * 3.0, name="y")
...     unused = tf.placeholder(tf.float32, name="unused")
>>> plan = Plan(g, SessionState(g), [y], [], [x])
>>> [op.name for op in plan.ops], plan.folded     # 'mul' and its constants were folded
(['y'], 3)
>>> float(plan.run([1.0])[0])
7.0
"""
from __future__ import annotations

import functools
import operator
import time

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError, OpError
from graphscope.fetches import (  # noqa: F401 (FetchStructure, fetch_key, resolve_feed_key: re-exported)
    NUMERIC, RAW, STRING, FetchStructure, check_feed_value, convert_fetch, fetch_key, frozen, resolve_feed_key,
)
from graphscope.inplace import write_into_dead_inputs
from graphscope.ops.tensor_util import feeds_are_not_constant
from graphscope.tensor import Operation, Tensor

__all__ = ["FetchStructure", "Plan", "check_feed_value", "fetch_key", "resolve_feed_key"]

# -- numpy error state: one contextvar write per run (np.errstate costs ~1 us) -----------------------
try:  # numpy >= 2 keeps the ufunc error state in a contextvar
    from numpy._core._ufunc_config import _extobj_contextvar as _EXTOBJ

    with np.errstate(all="ignore"):
        _IGNORE_ALL = _EXTOBJ.get()
except (ImportError, AttributeError):  # pragma: no cover - older numpy
    _EXTOBJ = None
    _IGNORE_ALL = None

_PLACEHOLDERS = ("Placeholder", "PlaceholderV2")
_NO_STEP = frozenset(("Identity", "NoOp"))  # laid out without a step (see Plan._lay_out)


def _is_variable_op(op: Operation) -> bool:
    """An op whose output is a variable reference it holds itself (``VariableV2``)."""
    return not op._inputs and bool(op._outputs) and op._outputs[0]._dtype._is_ref_dtype


def _variable_of(tensor: Tensor) -> Operation:
    """The variable op a ref tensor refers to, through ref-forwarding ops such as ``Assign``."""
    op = tensor._op
    while not _is_variable_op(op):
        ref_inputs = op._op_def.ref_inputs if op._op_def is not None else ()
        if not ref_inputs:
            raise InvalidArgumentError(op.node_def, op, "%s is not a variable reference: %s (%s) neither holds "
                                       "a variable nor forwards one." % (tensor.name, op._name, op._type))
        op = op._inputs[ref_inputs[0]]._op
    return op


# -- the plan -------------------------------------------------------------------------------------

class Plan:
    """A pruned, ordered, kernel-bound execution of ``fetch_tensors`` and ``targets`` with
    ``feed_tensors`` fed (in that order: :meth:`run` takes their values in the same order).

    Attributes for inspection: ``ops`` (the ops that run, in order), ``folded`` (how many ops were
    evaluated at plan time), ``steps`` (the step tuples).
    """

    _writes_in_place = True  # ufunc steps may reuse a dead operand's array (graphscope.inplace)

    def __init__(self, graph, state, fetch_tensors, targets, feed_tensors, structure=None):
        self.graph = graph
        self.structure = structure
        self.ops: list[Operation] = []
        self.folded = 0
        self._state = state
        self._template: list = []
        self._steps: list[tuple] = []
        self._op_of_slot: dict[int, Operation] = {}
        fed: dict[Tensor, int] = {}
        self.feed_specs = []
        for t in feed_tensors:
            slot = fed.get(t)
            if slot is None:
                slot = fed[t] = self._new_slot()
            self.feed_specs.append((slot, t))
        self._fed = fed
        self._slot_of: dict[Tensor, int] = {}
        self._multi: dict[Operation, int] = {}
        self._const_slots: set[int] = set()
        self._name_slots: dict[Operation, int] = {}  # variable op -> the constant slot of its name
        with np.errstate(all="ignore"), feeds_are_not_constant(fed):  # folding runs kernels
            for op in _without_unread(self._prune(fetch_tensors, targets), fetch_tensors, targets):
                self._lay_out(op)
        self.fetch_specs = []
        for t in fetch_tensors:
            if t in fed:
                self.fetch_specs.append((fed[t], RAW))
                continue
            if t._dtype._is_ref_dtype and _is_variable_op(t._op):
                slot = self._read_step(t._op, t._op)  # a fetched variable is read after every step
            else:
                slot = self._slot_for(t)
            mode = STRING if t._dtype.base_dtype == dtypes.string else NUMERIC
            self.fetch_specs.append((slot, mode))
        if self._writes_in_place:
            self._steps = write_into_dead_inputs(self._steps, self._op_of_slot, [s for s, _ in self.fetch_specs])
        self._single = self.fetch_specs[0] if len(self.fetch_specs) == 1 else None
        self._slot_of = self._multi = self._name_slots = None  # plan-time only

    # -- building ---------------------------------------------------------------------------
    def _new_slot(self, value=None) -> int:
        self._template.append(value)
        return len(self._template) - 1

    def _deps(self, op: Operation) -> list:
        """The ops that must run before ``op``: producers of its unfed data inputs (none for variable
        reads), the ops forwarding a variable reference into a ref input, and its control inputs."""
        fed = self._fed
        ref_inputs = op._op_def.ref_inputs if op._op_def is not None else ()
        deps = []
        for i, t in enumerate(op._inputs):
            producer = t._op
            if _is_variable_op(producer) or (t in fed and i not in ref_inputs):
                continue  # read where it is used / named in a ref input / replaced by the feed
            deps.append(producer)
        for c in op._control_inputs:
            # TF moves a fed Placeholder's control edges to the feed: the feed satisfies them
            if not _is_variable_op(c) and not (c._type in _PLACEHOLDERS and c._outputs[0] in fed):
                deps.append(c)
        return deps

    def _prune(self, fetch_tensors, targets) -> list:
        """The ops the fetches need, in a valid execution order (iterative depth-first post-order)."""
        roots = [t._op for t in fetch_tensors if t not in self._fed and not _is_variable_op(t._op)]
        roots += [op for op in targets if not _is_variable_op(op)]
        visited: set = set()
        order: list = []
        for root in roots:
            if root in visited:
                continue
            visited.add(root)
            stack = [(root, iter(self._deps(root)))]
            while stack:
                op, pending = stack[-1]
                for dep in pending:
                    if dep not in visited:
                        visited.add(dep)
                        stack.append((dep, iter(self._deps(dep))))
                        break
                else:
                    stack.pop()
                    order.append(op)
        return order

    def _slot_for(self, t: Tensor) -> int:
        slot = self._slot_of.get(t)
        if slot is None:  # an output of a multi-output op: pick it out of the op's tuple, on demand
            whole = self._multi[t._op]
            slot = self._new_slot()
            self._steps.append((operator.itemgetter(t._value_index), 1, whole, None, slot))
            self._op_of_slot[slot] = t._op
            self._slot_of[t] = slot
        return slot

    def _read_step(self, variable_op: Operation, blame: Operation) -> int:
        """A read of ``variable_op`` at this point of the run, into a new slot: the session state's
        reader (a builtin) applied to a constant slot holding the variable's name."""
        name_slot = self._name_slots.get(variable_op)
        if name_slot is None:
            name_slot = self._name_slots[variable_op] = self._new_slot(variable_op._name)
        slot = self._new_slot()
        self._steps.append((self._state.reader, 1, name_slot, None, slot))
        self._op_of_slot[slot] = blame
        return slot

    def _kernel_of(self, op: Operation):
        op_def = op._op_def
        if op_def is None or op_def.kernel is None:
            raise InvalidArgumentError(op.node_def, op, "No kernel is registered for op type '%s' (op '%s', "
                                       "created at %s): graphscope cannot run it."
                                       % (op._type, op._name, op.creation_site))
        try:
            return op_def.kernel(op)
        except Exception as e:
            raise _op_error(e, op) from (None if isinstance(e, OpError) else e)

    def _lay_out(self, op: Operation) -> None:
        if op._type == "Identity" and len(op._inputs) == 1:  # 'v/read': the read is the value
            t = op._inputs[0]
            if t._dtype._is_ref_dtype and _is_variable_op(t._op) and t not in self._fed:
                self._slot_of[op._outputs[0]] = self._read_step(t._op, op)
                self.ops.append(op)
                return
        op_def = op._op_def
        kernel = self._kernel_of(op)
        ref_inputs = op_def.ref_inputs
        fed = self._fed
        in_slots = []
        for i, t in enumerate(op._inputs):
            if i in ref_inputs:
                slot = self._new_slot(_variable_of(t)._name)
                self._const_slots.add(slot)
            elif t in fed:
                slot = fed[t]
            elif t._dtype._is_ref_dtype and _is_variable_op(t._op):
                slot = self._read_step(t._op, op)
            else:
                slot = self._slot_for(t)
            in_slots.append(slot)
        outputs = op._outputs
        foldable = not op_def.stateful and not op._control_inputs
        if foldable and all(s in self._const_slots for s in in_slots) and self._fold(op, kernel, in_slots):
            return
        if op._type in _NO_STEP and not op_def.stateful and len(outputs) == len(in_slots) <= 1:
            # an Identity's output is its input's slot; a NoOp only orders (its control inputs ran)
            if outputs:
                self._slot_of[outputs[0]] = in_slots[0]
            self.ops.append(op)
            return
        fn = functools.partial(kernel, self._state) if op_def.stateful else kernel
        out = self._new_slot()
        n = len(in_slots)
        if n <= 2:
            step = (fn, n, in_slots[0] if n else None, in_slots[1] if n == 2 else None, out)
        else:
            step = (fn, -1, tuple(in_slots), None, out)
        self._steps.append(step)
        self._op_of_slot[out] = op
        self.ops.append(op)
        if len(outputs) == 1:
            self._slot_of[outputs[0]] = out
        elif outputs:
            self._multi[op] = out

    def _fold(self, op, kernel, in_slots) -> bool:
        """Evaluate a pure op over known values now; False (run it as a step) if the kernel raises."""
        template = self._template
        try:
            value = kernel(*[template[s] for s in in_slots])
            outputs = op._outputs
            values = (value,) if len(outputs) == 1 else (tuple(value) if outputs else ())
            if len(values) != len(outputs):
                return False
        except Exception:
            return False
        for t, v in zip(outputs, values):
            slot = self._slot_of[t] = self._new_slot(frozen(v))
            self._const_slots.add(slot)
        self.folded += 1
        return True

    # -- running ----------------------------------------------------------------------------
    def run(self, feed_values=None) -> list:
        """Run the plan: ``feed_values`` in the order of the plan's feeds (already checked or not:
        each is checked and converted here); returns the fetched tensors' values, in order."""
        slots = self._template[:]
        if feed_values is not None:
            for (slot, tensor), value in zip(self.feed_specs, feed_values):
                slots[slot] = check_feed_value(tensor, value)
        if self._steps:
            if _EXTOBJ is not None:
                token = _EXTOBJ.set(_IGNORE_ALL)
                try:
                    self._execute(slots)
                finally:
                    _EXTOBJ.reset(token)
            else:  # pragma: no cover
                with np.errstate(all="ignore"):
                    self._execute(slots)
        single = self._single
        if single is not None:
            return [convert_fetch(slots[single[0]], single[1])]
        return [convert_fetch(slots[slot], mode) for slot, mode in self.fetch_specs]

    def run_structured(self, feed_values=None):
        """Run and rebuild the fetch structure (``Session.run``'s result)."""
        values = self.run(feed_values)
        structure = self.structure
        if structure.single and len(values) == 1:
            return values[0]
        return structure.build(values)

    def _execute(self, slots: list, steps=None) -> None:
        """The hot loop: each step reads its input slots and writes its output slot.

        ``steps`` defaults to the plan's own steps; :meth:`_execute_observed` passes wrapped ones."""
        if steps is None:
            steps = self._steps
        out = None
        try:
            for fn, n, a, b, out in steps:
                if n == 2:
                    slots[out] = fn(slots[a], slots[b])
                elif n == 1:
                    slots[out] = fn(slots[a])
                elif n == 0:
                    slots[out] = fn()
                elif n == 3:  # (the codes of graphscope.inplace: the result goes into an operand's array)
                    x = slots[a]
                    slots[out] = fn(x, slots[b], out=x)
                elif n == 5:
                    x = slots[a]
                    slots[out] = fn(x, out=x)
                elif n == 4:
                    x = slots[b]
                    slots[out] = fn(slots[a], x, out=x)
                else:
                    slots[out] = fn(*[slots[i] for i in a])
        except Exception as e:
            raise _op_error(e, self._op_of_slot[out]) from (None if isinstance(e, OpError) else e)

    def _execute_observed(self, slots: list, observe) -> None:
        """:meth:`_execute` (same loop, same errors) calling ``observe(step_index, op, started, finished)``
        after each step that returns, with ``time.perf_counter()`` readings taken around its kernel.

        Each step's kernel is wrapped for this call only, so the untraced hot loop pays nothing."""
        clock = time.perf_counter
        op_of_slot = self._op_of_slot

        def observed(i, fn, op):
            def step(*args, **kwargs):
                started = clock()
                value = fn(*args, **kwargs)
                observe(i, op, started, clock())
                return value
            return step

        # Plan's own loop even when a subclass's _execute calls this method.
        Plan._execute(self, slots, [(observed(i, fn, op_of_slot[out]), n, a, b, out)
                                    for i, (fn, n, a, b, out) in enumerate(self._steps)])

    def __repr__(self) -> str:
        return "<Plan: %d steps, %d ops, %d folded, %d feeds, %d fetches>" % (
            len(self._steps), len(self.ops), self.folded, len(self.feed_specs), len(self.fetch_specs))


def _without_unread(order: list, fetch_tensors, targets) -> list:
    """``order`` without the pure ops whose outputs nothing reads: ops that only a control dependency
    needs (the gradient of an input that is fed, grouped with the gradients an optimizer uses by
    ``tf.tuple``), then the pure ops only those fed. TensorFlow's graph optimizer turns them into
    no-ops the same way. Stateful ops, placeholders (an unfed one still fails), reads of a variable
    (an uninitialized one still fails), ops without a kernel and fetched ops still run."""
    read = set(fetch_tensors)
    kept = []
    for op in reversed(order):
        op_def = op._op_def
        if (op_def is None or op_def.stateful or not op._outputs or op._type in _PLACEHOLDERS or op in targets
                or any(t in read or t._dtype._is_ref_dtype for t in op._outputs)
                or any(t._dtype._is_ref_dtype for t in op._inputs)):
            kept.append(op)
            read.update(op._inputs)
    kept.reverse()
    return kept


def _op_error(e: Exception, op: Operation) -> OpError:
    """The error to raise for exception ``e`` in ``op``'s kernel: OpErrors keep their type and gain
    the op and where it was created; anything else becomes InvalidArgumentError naming the op."""
    if isinstance(e, OpError):
        message = "%s\n\t [[node %s (defined at %s) ]]" % (e.message, op._name, op.creation_site)
        try:
            if type(e) is OpError:
                return OpError(op.node_def, op, message, e.error_code)
            return type(e)(op.node_def, op, message)
        except Exception:  # a subclass with another signature: keep it, with the op set
            e._op = op
            return e
    text = str(e) or type(e).__name__
    return InvalidArgumentError(op.node_def, op, "%s (%s, created at %s): %s"
                                % (op._name, op._type, op.creation_site, text))
