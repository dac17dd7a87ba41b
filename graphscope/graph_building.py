"""How a :class:`~graphscope.graph.Graph` creates ops: names checked and made unique, control inputs,
devices, colocation, and attrs dicts that ops of one kind share.

``OpBuilding`` is a part of ``Graph`` (a mixin: the methods use the graph's name table, lock and
per-thread state). Creating ops is the hot path of graph building, so these methods keep their loops
written out rather than calling helpers per op; attrs dicts are shared (``t_attrs``, ``intern_attrs``)
because every dict an op holds alone is one more object for the garbage collector to walk.
"""
from __future__ import annotations

from typing import Iterable

from graphscope import dtypes as _dtypes
from graphscope.devices import canonical_device, device_string, merge_device
from graphscope.graph_state import VALID_OP_NAME, VALID_SCOPE_NAME, _PendingOp
from graphscope.tensor import Operation, Tensor, user_frame

__all__ = ["OpBuilding", "t_attrs", "intern_attrs"]

_new_object = object.__new__
_NO_CONTROLS: list = []  # shared by ops without control inputs (never mutated)
_VALID_OP_NAMES: set = set()
_VALID_NESTED_NAMES: set = set()
_T_ATTRS: dict = {}  # dtype enum -> the {"T": dtype} dict elementwise ops of that dtype share
_INTERNED_ATTRS: dict = {}  # a caller's exact key -> the attrs dict the ops it describes share


def t_attrs(dtype: _dtypes.DType) -> dict:
    """The ``{"T": dtype}`` attrs dict that elementwise ops of ``dtype`` share (ops never change their
    attrs: one dict for all of them, not one per op for the garbage collector to walk)."""
    found = _T_ATTRS.get(dtype._type_enum)
    if found is None:
        found = _T_ATTRS[dtype._type_enum] = {"T": dtype}
    return found


def intern_attrs(key, attrs: dict) -> dict:
    """The attrs dict earlier ops created with ``key`` hold, or ``attrs`` (kept for later ones).

    ``key`` is a hashable summary the caller knows determines ``attrs`` exactly (e.g. a Const's dtype
    and value bytes). Ops never change their attrs, so ops of one kind can share one dict: the garbage
    collector then walks one dict, not one per op. A Const's ``value`` array in a shared dict must be
    read-only.
    """
    found = _INTERNED_ATTRS.get(key)
    if found is None:
        if len(_INTERNED_ATTRS) >= 4096:
            _INTERNED_ATTRS.clear()
        found = _INTERNED_ATTRS[key] = attrs
    return found


def _groups_of(target) -> tuple:
    """The colocation groups of a ``colocate_with`` target (TF's ``Operation.colocation_groups``): an
    op's own ``loc:@`` groups, else the op itself; a name stands for an op not created yet."""
    if target.__class__ is str:
        return ("loc:@" + target,)
    if target._colocation is None:  # (the common case: an op placed with nothing else)
        return ("loc:@" + target._name,)
    groups = tuple(group for group in target._colocation if group.startswith("loc:@"))
    return groups or ("loc:@" + target._name,)


def _colocation(thread, extra: list = _NO_CONTROLS) -> tuple:
    """The ``_class`` value of ops created inside ``colocate_with`` (and of ops colocated with the
    ``extra`` targets too): the sorted groups of every target, one tuple per single target shared by
    the ops colocated with it."""
    stack = thread.colocation_stack
    if len(stack) == 1 and not extra:
        top = stack[0]
        cached = thread.colocation_attr
        if cached is None or cached[0] is not top:
            groups = _groups_of(top)
            cached = thread.colocation_attr = (top, groups if len(groups) == 1 else tuple(sorted(set(groups))))
        return cached[1]
    return tuple(sorted({group for target in (*stack, *extra) for group in _groups_of(target)}))


def _colocated_device(targets) -> str:
    """The device of the newest colocation target placed on one ('' if none is): it overrides what
    device scopes say (TensorFlow)."""
    for target in reversed(targets):
        if target.__class__ is not str and target._device:
            return target._device
    return ""


def _check_name(name: str, pattern, valid: set, stack: str = "") -> None:
    """ValueError unless ``name`` matches ``pattern`` (the results are cached: names repeat)."""
    if name in valid:
        return
    if not pattern.match(name):
        full = stack + "/" + name if stack else name
        raise ValueError("'%s' is not a valid node name: op names use letters, digits and '_ . - / > \\' "
                         "and may not start with '_ - / > \\' at the root." % full)
    if "/" not in name and len(valid) < 10_000:  # names of one level repeat ('add', 'read'); paths rarely
        valid.add(name)


class OpBuilding:
    """The op-creating methods of :class:`~graphscope.graph.Graph`."""

    # -- creating ops -----------------------------------------------------------------------
    def create_op(self, op_type: str, inputs: Iterable[Tensor] = (), dtypes=None, input_types=None,
                  name: str | None = None, attrs: dict | None = None, op_def=None,
                  compute_shapes: bool = True, compute_device: bool = True) -> Operation:
        """Create an op of a registered type (or of any type when ``dtypes`` is given).

        The registered shape rule gives the outputs; for an unregistered type, ``dtypes`` lists
        the output dtypes and the shapes are unknown.
        """
        from graphscope.ops import registry
        op_def = op_def or registry.lookup(op_type)
        inputs = list(inputs)
        attrs = dict(attrs or {})
        if op_def is not None and op_def.infer is not None and compute_shapes:
            outputs = op_def.infer(inputs, attrs)
        elif dtypes is not None:
            outputs = [(_dtypes.as_dtype(d), None) for d in dtypes]
        else:
            raise ValueError("Op type %r is not registered: pass `dtypes` for its outputs." % op_type)
        return self._create_op(op_type, inputs, outputs, attrs, name or op_type, op_def)

    def _create_op(self, op_type: str, inputs: list, outputs: list, attrs: dict, name: str,
                   op_def=None, control_inputs: Iterable = ()) -> Operation:
        """Insert an op whose inputs and outputs were already checked (the op families' fast path).

        ``name`` is uniquified under the current name scope unless it ends with '/', in which case
        it is used as is (a name scope's full name). ``outputs`` is ``[(DType, dims), ...]``.
        """
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")
        for t in inputs:
            if t._op._graph is not self:
                raise ValueError("Tensor %s must be from the same graph as the op being created (%r), "
                                 "but it is in %r." % (t, self, t._op._graph))
        if name.__class__ is not str:
            name = name.decode("utf-8") if isinstance(name, bytes) else str(name)  # (TF takes bytes names)
        thread = self._per_thread.state
        stack = thread.name_stack
        if name[-1] == "/":
            if name[:-1] not in _VALID_OP_NAMES:
                _check_name(name[:-1], VALID_OP_NAME, _VALID_OP_NAMES)
        elif stack:
            if name not in _VALID_NESTED_NAMES:
                _check_name(name, VALID_SCOPE_NAME, _VALID_NESTED_NAMES, stack)
        elif name not in _VALID_OP_NAMES:
            _check_name(name, VALID_OP_NAME, _VALID_OP_NAMES)
        control_stack = thread.control_stack
        controls = _NO_CONTROLS
        if control_inputs or control_stack:
            controls = self._control_inputs_for(inputs, control_inputs, control_stack)
        devices = thread.device_stack
        device = self._device_for(op_type, attrs, name) if devices and devices[-1] is not None else ""  # None: none
        if "_class" in attrs:  # given (an imported graph): the op's colocation
            attrs = dict(attrs)
            colocation = tuple(attrs.pop("_class"))
        elif op_def is not None and op_def.ref_inputs and inputs:
            # TF creates an op with ref inputs colocated with their variables: it takes their groups
            # and their device, and no device scope applies.
            refs = [inputs[i]._op for i in op_def.ref_inputs if i < len(inputs)]
            colocation = _colocation(thread, refs)
            device = _colocated_device([*thread.colocation_stack, *refs])
        elif thread.colocation_stack:
            colocation = _colocation(thread)
            device = _colocated_device(thread.colocation_stack) or device
        else:
            colocation = None
        if len(attrs) == 1 and "T" in attrs and attrs["T"].__class__ is _dtypes.DType:
            attrs = t_attrs(attrs["T"])
        op = self._insert_ops(((op_type, inputs, outputs, attrs, name, op_def),), thread, controls, device,
                              colocation, stack)[0]
        for block in control_stack:
            block.created.add(op)
        return op

    def _create_ops(self, specs: list, scope: str | None = None) -> list[Operation]:
        """Create the ops of a small subgraph in one pass (one look at this thread's scopes, one lock).

        Each spec is ``(op_type, inputs, outputs, attrs, name, op_def)`` as :meth:`_create_op` takes them,
        for an op whose inputs and outputs were already checked; an input that is an int is the output
        of the (one-output) op of the spec at that index, any other input a Tensor of this graph. The
        names are the callers' own valid names (literals, or an op scope's name); they are made unique
        as :meth:`_create_op` makes them. ``scope`` is a name scope's full name (from
        :meth:`_unique_scope_name`) to create the ops in, instead of the current one. Inside
        ``control_dependencies`` or under a device, the ops are created one by one by ``_create_op``.
        An op with ref inputs must be created inside ``colocate_with`` its variable (as ``_create_op``
        would place it).
        """
        thread = self._per_thread.state
        devices = thread.device_stack
        if thread.control_stack or (devices and devices[-1] is not None) or self._finalized:
            if scope is None:
                return self._create_ops_one_by_one(specs)
            with self.name_scope(scope + "/"):
                return self._create_ops_one_by_one(specs)
        colocations = thread.colocation_stack
        colocation = _colocation(thread) if colocations else None
        device = _colocated_device(colocations) if colocations else ""
        return self._insert_ops(specs, thread, _NO_CONTROLS, device, colocation,
                                thread.name_stack if scope is None else scope)

    def _create_ops_one_by_one(self, specs: list) -> list[Operation]:
        ops = []
        for op_type, inputs, outputs, attrs, name, op_def in specs:
            inputs = [ops[i]._outputs[0] if i.__class__ is int else i for i in inputs]
            ops.append(self._create_op(op_type, inputs, outputs, attrs, name, op_def))
        return ops

    def _insert_ops(self, specs, thread, controls, device, colocation, stack: str) -> list[Operation]:
        """The ops of ``specs`` (``(op_type, inputs, outputs, attrs, name, op_def)``, checked; an int input
        is the output of that earlier spec's one-output op), named under name scope ``stack`` and
        registered. One loop for one op or several: the op-creating hot path, so the body is written
        out, not called."""
        site = thread.site or user_frame()
        journal = thread.journal
        in_use = self._names_in_use
        by_name = self._nodes_by_name
        ops = self._ops  # the name index and the creation list (networkx catches up in _sync_nx)
        created = []
        with self._lock:
            for op_type, inputs, outputs, attrs, name, op_def in specs:
                op = _new_object(Operation)
                op._graph = self
                op._type = op_type
                count = len(inputs)  # (see Operation._inputs)
                if count == 1 or count == 2:
                    first = inputs[0]
                    op._input = created[first]._output if first.__class__ is int else first
                    if count == 2:
                        second = inputs[1]
                        op._input2 = created[second]._output if second.__class__ is int else second
                    else:
                        op._input2 = None
                else:
                    op._input = tuple([created[i]._output if i.__class__ is int else i for i in inputs])
                    op._input2 = None
                op._control_inputs = controls
                op._device = device
                op._attrs = attrs
                op._colocation = colocation
                op._site = site
                op._op_def = op_def
                if name[-1] == "/":
                    full_name = name[:-1]
                    if full_name in by_name:
                        raise ValueError("Duplicate node name in graph: '%s'" % full_name)
                    if full_name.lower() not in in_use:
                        self._mark_name(full_name.lower(), 1)
                else:
                    full_name = stack + "/" + name if stack else name
                    key = full_name.lower()
                    if key in in_use:
                        full_name = self._unique_name_locked(full_name, True)
                    else:  # the common case, inlined: a new name
                        in_use[key] = 1
                        if journal is not None:
                            journal.append(key)  # a bare name: unmark it on undo
                op._name = full_name
                if len(outputs) == 1:  # Tensor(op, 0, dtype, dims), without the call
                    t = _new_object(Tensor)
                    t._op = op
                    t._value_index = 0
                    t._dtype, t._dims = outputs[0]
                    t._name = full_name + ":0"
                    op._output = t
                else:
                    op._output = tuple([Tensor(op, i, dtype, dims) for i, (dtype, dims) in enumerate(outputs)])
                op._id = len(ops)
                by_name[full_name] = op
                ops.append(op)
                if journal is not None:
                    journal.append(op)  # a bare op: remove it on undo
                created.append(op)
        return created

    def _control_inputs_for(self, inputs, explicit, blocks) -> list:
        """Explicit control inputs plus those of the open ``control_dependencies`` blocks, except
        blocks that an input already depends on (it was created inside them) and data inputs."""
        controls = list(explicit)
        input_ops = [t._op for t in inputs]
        for block in blocks:
            if any(op in block.created for op in input_ops):
                continue  # dominated: an input was created inside this block already
            controls.extend(c for c in block.control_inputs if c not in input_ops and c not in controls)
        for c in controls:
            if c._graph is not self:
                raise ValueError("Control input %s must be from the same graph as the op being created."
                                 % c.name)
        return controls

    def _device_for(self, op_type: str, attrs: dict, name: str) -> str:
        """The device of a new op, as TensorFlow applies the device scopes: from the innermost out, a
        string merged under what the inner scopes gave (their fields win), a function's answer
        replacing it (the function sees the op with the device so far); ``device(None)``, and the
        start of a ``colocate_with`` block, stop the search."""
        device = ""
        for spec in reversed(self._thread.device_stack):
            if spec is None:
                break
            if callable(spec):
                device = canonical_device(device_string(spec(_PendingOp(op_type, attrs, device, self, name))))
            else:
                device = merge_device(spec, device)
        return device
