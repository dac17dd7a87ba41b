"""Graph, Operation and Tensor: the data a graphscope program builds, on a networkx multigraph.

A :class:`Graph` holds one networkx node per :class:`Operation` (variables are ops too). A data edge
runs from the producing op to the consuming op and carries the input index and the output index, so
an op that consumes the same tensor twice has two parallel edges; a control edge is marked
``control=True``. Names follow TensorFlow 1.x: a per-thread name stack, case-insensitive
uniquification shared by ops and name scopes, and TensorFlow's name patterns.

Creating an op is a transaction: inputs, attrs and the shape rule are checked first, and only then is
anything inserted. Larger constructions (a variable with its initializer ops) run inside
:meth:`Graph._transaction`, which undoes every op, name and collection entry on an exception.

Example
-------
>>> g = Graph()
>>> with g.as_default():
...     with g.name_scope("foo"):
...         print(g.unique_name("add"))
foo/add
>>> g.unique_name("foo")
'foo_1'
"""
from __future__ import annotations

import contextlib
import re
import threading
import weakref
from typing import Any, Iterable

import networkx as nx

from graphscope import dtypes as _dtypes
from graphscope.devices import merge_device
from graphscope.tensor import Operation, Tensor, describe_site, user_frame

__all__ = [
    "Graph", "Operation", "Tensor", "GraphKeys", "get_default_graph", "reset_default_graph",
    "get_graph_from_inputs", "name_from_scope_name", "VALID_OP_NAME", "VALID_SCOPE_NAME",
]

VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")

class GraphKeys:
    """Standard collection names, as ``tf.GraphKeys``."""

    GLOBAL_VARIABLES = "variables"
    VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    SAVEABLE_OBJECTS = "saveable_objects"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    SUMMARY_OP = "summary_op"
    GLOBAL_STEP = "global_step"
    EVAL_STEP = "eval_step"
    TRAIN_OP = "train_op"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"


def name_from_scope_name(name: str) -> str:
    """'foo/bar/' -> 'foo/bar' (a scope name without its trailing slash)."""
    return name[:-1] if name and name[-1] == "/" else name


_ALL_GRAPHS: "weakref.WeakSet[Graph]" = weakref.WeakSet()  # for tools that look for the graph a script built
_NO_CONTROLS: list = []  # shared by ops without control inputs (never mutated)
_VALID_OP_NAMES: set = set()
_VALID_NESTED_NAMES: set = set()
_DATA_EDGES: dict = {}
_CONTROL_EDGE = {"index": None, "output": None, "control": True}


def _data_edge(index: int, output: int) -> dict:
    data = _DATA_EDGES.get((index, output))
    if data is None:
        data = _DATA_EDGES[(index, output)] = {"index": index, "output": output, "control": False}
    return data


def _check_name(name: str, pattern, valid: set, stack: str = "") -> None:
    """ValueError unless ``name`` matches ``pattern`` (the results are cached: names repeat)."""
    if name in valid:
        return
    if not pattern.match(name):
        full = stack + "/" + name if stack else name
        raise ValueError("'%s' is not a valid node name: op names use letters, digits and '_ . - / > \\' "
                         "and may not start with '_ - / > \\' at the root." % full)
    if len(valid) < 100_000:
        valid.add(name)


class _LiveView(nx.MultiDiGraph):
    """``Graph.nx``: a frozen networkx view that brings itself up to date whenever networkx reads
    its node or adjacency dicts, so a view kept from earlier also shows ops created since."""

    def __init__(self, owner: "Graph"):
        self._owner = owner
        super().__init__()
        self.graph = owner._nx.graph
        nx.freeze(self)

    def _synced(self) -> nx.MultiDiGraph:
        return self._owner._sync_nx()

    # networkx's constructor assigns these; the view reads through to the owner's dicts instead.
    _node = property(lambda self: self._synced()._node, lambda self, value: None)
    _adj = property(lambda self: self._synced()._adj, lambda self, value: None)
    _succ = property(lambda self: self._synced()._succ, lambda self, value: None)
    _pred = property(lambda self: self._synced()._pred, lambda self, value: None)


class _NameScope:
    """The context manager of :meth:`Graph.name_scope` (a class: it is on hot paths)."""

    __slots__ = ("_graph", "_name", "_old_stack", "_thread")

    def __init__(self, graph, name):
        self._graph = graph
        self._name = name

    def __enter__(self) -> str:
        graph, name = self._graph, self._name
        self._thread = thread = graph._thread
        old_stack = self._old_stack = thread.name_stack
        if not name:
            new_stack, returned = "", ""
        else:
            name = str(name)
            pattern = VALID_SCOPE_NAME if old_stack else VALID_OP_NAME
            if not pattern.match(name):
                raise ValueError("'%s' is not a valid scope name. Scope names may use letters, digits "
                                 "and '_ . - / > \\' (at the root, not starting with '_ - / > \\')." % name)
            if name[-1] == "/":
                new_stack, returned = name[:-1], name
            else:
                new_stack = graph._unique_scope_name(name)
                returned = new_stack + "/"
        thread.name_stack = new_stack
        return returned

    def __exit__(self, *exc_info) -> None:
        self._thread.name_stack = self._old_stack


class _ResetNameScope(_NameScope):
    """A name scope that leaves the current one: ``None``/``""`` (the root) or an absolute ``"a/b/"``.
    Records ``[old scope, new scope, graph version on entry, on exit]`` in ``graph._scope_resets``
    when it changes the scope, so :func:`graphscope.explain.explain_name` can tell why an op is not
    under the scope its code was in (a rare path: ordinary scopes record nothing)."""

    __slots__ = ("_event",)

    def __enter__(self) -> str:
        returned = _NameScope.__enter__(self)
        new_stack = self._thread.name_stack
        self._event = None
        if new_stack != self._old_stack:
            graph = self._graph
            self._event = [self._old_stack, new_stack, len(graph._ops), None]
            graph._scope_resets.append(self._event)
        return returned

    def __exit__(self, *exc_info) -> None:
        self._thread.name_stack = self._old_stack
        if self._event is not None:
            self._event[3] = len(self._graph._ops)


class _UserSite:
    """While open, ops created by this thread record the call site found on entry (so a composite
    such as ``get_variable`` walks the stack once, not once per op it creates)."""

    __slots__ = ("_thread", "_outer")

    def __init__(self, graph):
        self._thread = graph._thread

    def __enter__(self) -> None:
        thread = self._thread
        self._outer = thread.site
        if thread.site is None:
            thread.site = user_frame()

    def __exit__(self, *exc_info) -> None:
        self._thread.site = self._outer


class _StackPush:
    """Push ``item`` on a per-thread ``stack`` for the block (device and colocation scopes)."""

    __slots__ = ("_stack", "_item")

    def __init__(self, stack: list | None, item):
        self._stack, self._item = stack, item

    def __enter__(self) -> None:
        if self._stack is not None:
            self._stack.append(self._item)

    def __exit__(self, *exc_info) -> None:
        if self._stack is not None:
            self._stack.pop()


class _Transaction:
    """``Graph._transaction()``: journal what this thread adds; undo it all if the block raises."""

    __slots__ = ("_graph", "_thread", "_outer", "_journal")

    def __init__(self, graph):
        self._graph = graph
        self._thread = graph._thread

    def __enter__(self) -> None:
        self._outer = self._thread.journal
        self._journal = self._thread.journal = []

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        thread, journal, outer = self._thread, self._journal, self._outer
        thread.journal = outer
        if exc_type is not None:
            self._graph._undo(journal)
        elif outer is not None:
            outer.extend(journal)


class _ControlDependencies:
    """One ``control_dependencies`` block: its control ops and the ops created inside it."""

    __slots__ = ("control_inputs", "created")

    def __init__(self, control_inputs: list):
        self.control_inputs = control_inputs
        self.created: set = set()


class _ThreadState(threading.local):
    """What a Graph keeps per thread: the name stack, control-dependency and device stacks."""

    def __init__(self):
        self.name_stack = ""
        self.control_stack: list[_ControlDependencies] = []
        self.device_stack: list = []
        self.colocation_stack: list = []
        self.journal: list | None = None  # undo records while a transaction is open
        self.site = None  # the user's call site while a composite (get_variable, ...) builds ops


class Graph:
    """A TensorFlow 1.x graph: operations as networkx nodes, tensors along the edges.

    >>> g = Graph()
    >>> with g.as_default():
    ...     assert get_default_graph() is g
    >>> g.get_operations()
    []
    """

    def __init__(self):
        self._nx = nx.MultiDiGraph()
        self._nx_view = None
        self._nx_synced = 0  # how many of self._ops networkx holds (see _sync_nx)
        self._nodes_by_name: dict[str, Operation] = {}
        self._ops: list[Operation] = []
        self._names_in_use: dict[str, int] = {}
        self._collections: dict[str, list] = {}
        self._lock = threading.RLock()
        self._thread = _ThreadState()
        self._finalized = False
        self._seed = None
        self._unfeedable: set = set()
        self._unfetchable: set = set()
        self._stores: dict[str, Any] = {}  # per-graph singletons of higher layers (variable store, ...)
        # Who claimed a name (explain_name): ops are found by name; the names of name scopes are
        # listed here as they are opened, and scope resets (root/absolute) as events.
        self._scope_names: list[str] = []
        self._scope_resets: list[list] = []
        _ALL_GRAPHS.add(self)

    # -- networkx ---------------------------------------------------------------------------
    @property
    def nx(self) -> nx.MultiDiGraph:
        """A read-only networkx view: nodes are op names (attribute ``op``), edges carry
        ``index`` (input slot), ``output`` (output slot) and ``control``.

        >>> g = Graph()
        >>> isinstance(g.nx, nx.MultiDiGraph)
        True
        """
        self._sync_nx()
        if self._nx_view is None:
            self._nx_view = _LiveView(self)
        return self._nx_view

    # -- default graph ----------------------------------------------------------------------
    def as_default(self):
        """A context manager making this graph the default graph of the current thread."""
        return _default_graph_stack.controller(self)

    @property
    def seed(self):
        """The graph-level random seed (``tf.set_random_seed`` sets it)."""
        return self._seed

    @seed.setter
    def seed(self, seed):
        self._seed = seed

    @property
    def finalized(self) -> bool:
        return self._finalized

    def finalize(self) -> None:
        """Make the graph read-only: any later attempt to add an op raises RuntimeError."""
        self._finalized = True

    def _unsafe_unfinalize(self) -> None:
        self._finalized = False

    def _check_not_finalized(self) -> None:
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")

    @property
    def building_function(self) -> bool:
        return False

    @property
    def version(self) -> int:
        """The number of ops created so far."""
        return len(self._ops)

    def as_graph_def(self, from_version: int | None = None, add_shapes: bool = False):
        """The graph as TensorFlow's GraphDef (:class:`graphscope.export.GraphDef`): ``str()`` of it is
        the ``.pbtxt`` text, ``SerializeToString()`` the binary form. ``from_version`` keeps the ops
        created after :attr:`version` had that value; ``add_shapes`` adds ``_output_shapes``.

        >>> g = Graph()
        >>> with g.as_default():
        ...     _ = g.create_op("NoOp", [], dtypes=[], name="start")
        >>> print(g.as_graph_def(), end="")
        node {
          name: "start"
          op: "NoOp"
        }
        versions {
          producer: 134
        }
        """
        from graphscope.export.graph_def import graph_to_graph_def
        return graph_to_graph_def(self, from_version, add_shapes)

    # -- names ------------------------------------------------------------------------------
    def get_name_scope(self) -> str:
        """The current name scope of this thread, without a trailing slash ('' at the root)."""
        return self._thread.name_stack

    @property
    def _name_stack(self) -> str:
        return self._thread.name_stack

    @_name_stack.setter
    def _name_stack(self, value: str) -> None:
        self._thread.name_stack = value

    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        """Prefix ``name`` with the current name scope and make it unique in the graph.

        Names are compared case-insensitively; a taken name gets ``_1``, ``_2``, ... (skipping
        suffixed names that are taken too). Ops and name scopes share this namespace.

        >>> g = Graph()
        >>> g.unique_name("a"), g.unique_name("A"), g.unique_name("a_1"), g.unique_name("a")
        ('a', 'A_1', 'a_1_1', 'a_2')
        """
        stack = self._thread.name_stack
        if stack:
            name = stack + "/" + name
        with self._lock:
            return self._unique_name_locked(name, mark_as_used)

    def _unique_name_locked(self, name: str, mark_as_used: bool) -> str:
        name_key = name.lower()
        in_use = self._names_in_use
        i = in_use.get(name_key, 0)
        if mark_as_used:
            self._mark_name(name_key, i + 1)
        if i > 0:
            base_key = name_key
            while name_key in in_use:
                name_key = "%s_%d" % (base_key, i)
                i += 1
            if mark_as_used:
                self._mark_name(name_key, 1)
            name = "%s_%d" % (name, i - 1)
        return name

    def _unique_scope_name(self, name: str) -> str:
        """:meth:`unique_name` for a name scope opened under the current one; remembers that a
        scope claimed the name (ops need no record: they are found by name)."""
        stack = self._thread.name_stack
        if stack:
            name = stack + "/" + name
        with self._lock:
            name = self._unique_name_locked(name, True)
            self._scope_names.append(name)
        return name

    def _mark_name(self, key: str, count: int) -> None:
        journal = self._thread.journal
        if journal is not None:
            journal.append(("name", key, self._names_in_use.get(key)))
        self._names_in_use[key] = count

    def name_scope(self, name: str | None) -> "_NameScope":
        """Open name scope ``name`` (TF1 rules) and yield its full name ending in '/'.

        ``None`` or ``""`` go to the root; ``"a/b/"`` (a trailing slash) re-enters that exact
        scope; any other name is made unique under the current scope.

        >>> g = Graph()
        >>> with g.name_scope("a") as s1, g.name_scope("b") as s2:
        ...     s1, s2
        ('a/', 'a/b/')
        >>> with g.name_scope("a") as s:
        ...     s
        'a_1/'
        """
        if name and name.__class__ is str and name[-1] != "/":
            return _NameScope(self, name)
        return _ResetNameScope(self, name)

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
        thread = self._thread
        for t in inputs:
            if t._op._graph is not self:
                raise ValueError("Tensor %s must be from the same graph as the op being created (%r), "
                                 "but it is in %r." % (t, self, t._op._graph))
        stack = thread.name_stack
        if name[-1] == "/":
            name = full_name = name[:-1]
            _check_name(full_name, VALID_OP_NAME, _VALID_OP_NAMES)
        else:
            _check_name(name, VALID_SCOPE_NAME if stack else VALID_OP_NAME,
                        _VALID_NESTED_NAMES if stack else _VALID_OP_NAMES, stack)
            full_name = None
        controls = _NO_CONTROLS
        if control_inputs or thread.control_stack:
            controls = self._control_inputs_for(inputs, control_inputs, thread.control_stack)
        device = self._device_for(op_type, attrs) if thread.device_stack else ""
        if thread.colocation_stack:
            attrs.setdefault("_class", ["loc:@" + thread.colocation_stack[-1]])
        site = thread.site or user_frame()
        with self._lock:
            if full_name is None:
                full_name = self._unique_name_locked(stack + "/" + name if stack else name, True)
            else:
                if full_name in self._nodes_by_name:
                    raise ValueError("Duplicate node name in graph: '%s'" % full_name)
                if full_name.lower() not in self._names_in_use:
                    self._mark_name(full_name.lower(), 1)
            op = Operation.__new__(Operation)
            op._graph = self
            op._name = full_name
            op._type = op_type
            op._inputs = inputs
            op._outputs = [Tensor(op, i, dtype, dims) for i, (dtype, dims) in enumerate(outputs)]
            op._control_inputs = controls
            op._device = device
            op._attrs = attrs
            op._id = len(self._ops)
            op._site = site
            op._op_def = op_def
            self._insert(op)
        for block in thread.control_stack:
            block.created.add(op)
        return op

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

    def _insert(self, op: Operation) -> None:
        """Add ``op`` to the name index and the creation list (networkx catches up in :meth:`_sync_nx`)."""
        self._nodes_by_name[op._name] = op
        self._ops.append(op)
        journal = self._thread.journal
        if journal is not None:
            journal.append(("op", op))

    def _sync_nx(self) -> nx.MultiDiGraph:
        """Bring the networkx graph up to date with the ops created since the last call.

        Ops reach networkx lazily: building a graph allocates no networkx dicts (which would
        double the objects the garbage collector walks), and the first look at ``graph.nx`` adds
        what is new. Writes go straight into networkx's adjacency dicts (MultiDiGraph layout:
        ``_succ[u][v]`` and ``_pred[v][u]`` share one ``{key: data}`` dict): ``add_edge`` costs
        several times more. Edge data dicts are shared between edges with the same slots (the
        public view is read-only).
        """
        with self._lock:
            g = self._nx
            ops = self._ops
            if self._nx_synced == len(ops):
                return g
            succ, pred_all, nodes = g._succ, g._pred, g._node
            for op in ops[self._nx_synced:]:
                name = op._name
                nodes[name] = {"op": op}
                succ[name] = {}
                pred_all[name] = pred = {}
                for index, t in enumerate(op._inputs):
                    src = t._op._name
                    keys = pred.get(src)
                    if keys is None:
                        keys = pred[src] = succ[src][name] = {}
                    keys[index] = _data_edge(index, t._value_index)
                for c in op._control_inputs:
                    keys = pred.get(c._name)
                    if keys is None:
                        keys = pred[c._name] = succ[c._name][name] = {}
                    keys["^" + c._name] = _CONTROL_EDGE
            self._nx_synced = len(ops)
            nx._clear_cache(g)
            return g

    def _remove_op(self, op: Operation) -> None:
        if op._name in self._nx._node:
            self._nx.remove_node(op._name)
            self._nx_synced -= 1
        del self._nodes_by_name[op._name]
        if self._ops and self._ops[-1] is op:
            self._ops.pop()
        else:
            self._ops.remove(op)

    def _transaction(self) -> "_Transaction":
        """All-or-nothing: on an exception, undo every op, name mark and collection entry this
        thread made inside the block, then re-raise."""
        return _Transaction(self)

    def _undo(self, records: list) -> None:
        """Undo journal ``records`` (ops, name marks, collection entries, higher layers' undo
        callbacks), newest first."""
        with self._lock:
            for record in reversed(records):
                if record[0] == "op":
                    self._remove_op(record[1])
                elif record[0] == "name":
                    if record[2] is None:
                        self._names_in_use.pop(record[1], None)
                    else:
                        self._names_in_use[record[1]] = record[2]
                elif record[0] == "collection":
                    items = self._collections.get(record[1], [])
                    for i in range(len(items) - 1, -1, -1):
                        if items[i] is record[2]:
                            del items[i]
                            break
                    if record[3] and not items:
                        self._collections.pop(record[1], None)  # the entry made the collection
                elif record[0] == "undo":
                    record[1]()

    def _user_site(self) -> _UserSite:
        """Context: ops created inside record the user's call site found once on entry."""
        return _UserSite(self)

    def _record_undo(self, undo) -> None:
        """Inside a transaction, call ``undo()`` if the transaction fails (for higher layers' state)."""
        journal = self._thread.journal
        if journal is not None:
            journal.append(("undo", undo))

    # -- looking things up ------------------------------------------------------------------
    def get_operations(self) -> list[Operation]:
        """All ops, in creation order."""
        return list(self._ops)

    def get_operation_by_name(self, name: str) -> Operation:
        """The op called ``name``; KeyError if there is none."""
        if not isinstance(name, str):
            raise TypeError("Operation names are strings (or similar), not %s." % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name: str) -> Tensor:
        """The tensor called ``name`` ('op:index'); KeyError/ValueError with TF's messages."""
        if not isinstance(name, str):
            raise TypeError("Tensor names are strings (or similar), not %s." % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def _get_operation_or_none(self, name: str) -> Operation | None:
        return self._nodes_by_name.get(name)

    def as_graph_element(self, obj, allow_tensor: bool = True, allow_operation: bool = True):
        """Resolve ``obj`` (a Tensor, Operation, name string, or object with ``_as_graph_element``)
        to a Tensor or Operation of this graph, with TensorFlow's errors."""
        if allow_tensor and allow_operation:
            types_str = "Tensor or Operation"
        elif allow_tensor:
            types_str = "Tensor"
        elif allow_operation:
            types_str = "Operation"
        else:
            raise ValueError("allow_tensor and allow_operation can't both be False.")
        converter = getattr(obj, "_as_graph_element", None)
        if converter is not None and not isinstance(obj, (Tensor, Operation)):
            obj = converter()
        if isinstance(obj, str):
            name = obj
            if ":" in name and allow_tensor:
                try:
                    op_name, out_n = name.split(":")
                    out_n = int(out_n)
                except ValueError:
                    raise ValueError('The name %r looks a like a Tensor name, but is not a valid one. Tensor '
                                     'names must be of the form "<op_name>:<output_index>".' % name) from None
                op = self._nodes_by_name.get(op_name)
                if op is None:
                    raise KeyError("The name %r refers to a Tensor which does not exist. The operation, %r, "
                                   "does not exist in the graph." % (name, op_name))
                if not 0 <= out_n < len(op._outputs):
                    raise KeyError("The name %r refers to a Tensor which does not exist. The operation, %r, "
                                   "exists but only has %d outputs." % (name, op_name, len(op._outputs)))
                return op._outputs[out_n]
            if ":" in name and not allow_tensor:
                raise ValueError("Name %r appears to refer to a Tensor, not a %s." % (name, types_str))
            if ":" not in name and allow_operation:
                op = self._nodes_by_name.get(name)
                if op is None:
                    raise KeyError("The name %r refers to an Operation not in the graph." % name)
                return op
            if name in self._nodes_by_name:
                message = "The name %r refers to an Operation, not a %s." % (name, types_str)
            else:
                message = "The name %r looks like an (invalid) Operation name, not a %s." % (name, types_str)
            raise ValueError(message + ' Tensor names must be of the form "<op_name>:<output_index>".')
        if isinstance(obj, Tensor) and allow_tensor:
            if obj.graph is not self:
                raise ValueError("Tensor %s is not an element of this graph." % obj)
            return obj
        if isinstance(obj, Operation) and allow_operation:
            if obj._graph is not self:
                raise ValueError("Operation %s is not an element of this graph." % obj)
            return obj
        raise TypeError("Can not convert a %s into a %s." % (type(obj).__name__, types_str))

    # -- collections ------------------------------------------------------------------------
    def add_to_collection(self, name: str, value) -> None:
        """Append ``value`` to collection ``name``."""
        with self._lock:
            items = self._collections.get(name)
            created = items is None
            if created:
                items = self._collections[name] = []
            items.append(value)
        journal = self._thread.journal
        if journal is not None:
            journal.append(("collection", name, value, created))

    def add_to_collections(self, names, value) -> None:
        """Append ``value`` to each collection of ``names`` (a string or an iterable), once each."""
        names = (names,) if isinstance(names, str) else set(names)
        for name in names:
            self.add_to_collection(name, value)

    def get_collection_ref(self, name: str) -> list:
        """The list behind collection ``name`` itself (created if missing)."""
        with self._lock:
            return self._collections.setdefault(name, [])

    def get_collection(self, name: str, scope: str | None = None) -> list:
        """A copy of collection ``name``; with ``scope``, only items whose ``name`` matches
        ``re.match(scope, item.name)`` (items without a name are skipped)."""
        with self._lock:
            items = list(self._collections.get(name, ()))
        if scope is None:
            return items
        regex = re.compile(scope)
        found = []
        for item in items:
            try:
                if regex.match(item.name):
                    found.append(item)
            except AttributeError:
                pass
        return found

    def get_all_collection_keys(self) -> list[str]:
        with self._lock:
            return [k for k, v in self._collections.items() if isinstance(k, str)]

    def clear_collection(self, name: str) -> None:
        with self._lock:
            self._collections.pop(name, None)

    # -- control dependencies, devices, colocation ------------------------------------------
    @contextlib.contextmanager
    def control_dependencies(self, control_inputs):
        """Ops created in the block run after ``control_inputs`` (None clears the outer blocks).

        >>> g = Graph()
        >>> with g.as_default():
        ...     a = g.create_op("NoOp", [], dtypes=[], name="a")
        ...     with g.control_dependencies([a]):
        ...         b = g.create_op("NoOp", [], dtypes=[], name="b")
        >>> b.control_inputs
        [<tf.Operation 'a' type=NoOp>]
        """
        thread = self._thread
        if control_inputs is None:
            saved = thread.control_stack
            thread.control_stack = []
            try:
                yield
            finally:
                thread.control_stack = saved
            return
        ops = []
        for c in control_inputs:
            c = getattr(c, "_as_graph_element", lambda: c)() if not isinstance(c, (Tensor, Operation)) else c
            if isinstance(c, Tensor):
                c = c._op
            elif not isinstance(c, Operation):
                raise TypeError("Can not convert a %s into a Tensor or Operation: control_dependencies "
                                "takes ops or tensors." % type(c).__name__)
            if c._graph is not self:
                raise ValueError("Control input %s must be from the same graph (%r)." % (c.name, self))
            if c not in ops:
                ops.append(c)
        block = _ControlDependencies(ops)
        thread.control_stack.append(block)
        try:
            yield
        finally:
            thread.control_stack.remove(block)

    def device(self, device_name_or_function) -> "_StackPush":
        """Ops created in the block get this device (a string like '/cpu:0', or a function op -> str)."""
        return _StackPush(self._thread.device_stack, device_name_or_function)

    def _device_for(self, op_type: str, attrs: dict) -> str:
        device = ""
        for spec in self._thread.device_stack:
            if spec is None:
                device = ""
            elif callable(spec):
                device = merge_device(device, spec(_PendingOp(op_type, attrs, device)) or "")
            else:
                device = merge_device(device, spec)
        return device

    def colocate_with(self, op, ignore_existing: bool = False) -> "_StackPush":
        """Ops created in the block record ``_class: ['loc:@<op>']`` (as TF does for variables).
        ``op`` may also be the name of an op that does not exist yet."""
        if op is None:
            return _StackPush(None, None)
        if isinstance(op, Tensor):
            op = op._op
        op = getattr(op, "op", op)
        return _StackPush(self._thread.colocation_stack, op._name if isinstance(op, Operation) else str(op))

    # -- feeding and fetching ---------------------------------------------------------------
    def prevent_feeding(self, tensor: Tensor) -> None:
        self._unfeedable.add(tensor)

    def is_feedable(self, tensor: Tensor) -> bool:
        return tensor not in self._unfeedable

    def prevent_fetching(self, op: Operation) -> None:
        self._unfetchable.add(op)

    def is_fetchable(self, tensor_or_op) -> bool:
        op = tensor_or_op._op if isinstance(tensor_or_op, Tensor) else tensor_or_op
        return op not in self._unfetchable

    def __repr__(self) -> str:
        return "<graphscope.Graph at 0x%x: %d ops>" % (id(self), len(self._ops))


class _PendingOp:
    """What a device function sees of an op that is being created."""

    __slots__ = ("type", "attrs", "device")

    def __init__(self, op_type, attrs, device):
        self.type, self.attrs, self.device = op_type, attrs, device

    def get_attr(self, name):
        return self.attrs[name]


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
_global_default_graph: Graph | None = None
_global_lock = threading.Lock()


def get_default_graph() -> Graph:
    """The innermost graph of the current thread's ``as_default()`` blocks, or the global default.

    >>> isinstance(get_default_graph(), Graph)
    True
    """
    stack = _default_graph_stack.stack
    if stack:
        return stack[-1]
    global _global_default_graph
    if _global_default_graph is None:
        with _global_lock:
            if _global_default_graph is None:
                _global_default_graph = Graph()
    return _global_default_graph


def reset_default_graph() -> None:
    """Replace the global default graph with a new, empty one (not inside a graph block)."""
    if _default_graph_stack.stack:
        raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. If you need a "
                             "cleared graph, exit the nesting and create a new graph.")
    global _global_default_graph
    _global_default_graph = Graph()


def get_graph_from_inputs(values, graph: Graph | None = None) -> Graph:
    """The graph all graph elements in ``values`` belong to (else ``graph`` or the default graph).

    ValueError when they come from different graphs; the message names both graphs.
    """
    found = None
    found_item = None
    for item in values if values is not None else ():
        element = item
        if not isinstance(item, (Tensor, Operation)):
            converter = getattr(item, "_as_graph_element", None)
            if converter is None:
                continue
            element = converter()
            if not isinstance(element, (Tensor, Operation)):
                continue
        item_graph = element.graph
        if found is None:
            found, found_item = item_graph, element
        elif item_graph is not found:
            raise ValueError("%s must be from the same graph as %s (%r vs %r)."
                             % (element, found_item, item_graph, found))
    if graph is not None and found is not None and graph is not found:
        raise ValueError("%s is not from the passed-in graph (%r vs %r)." % (found_item, found, graph))
    return found or graph or get_default_graph()
