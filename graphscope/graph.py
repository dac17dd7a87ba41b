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

import threading
import weakref
from typing import Any

from graphscope.devices import DeviceSpec
from graphscope.default_graph import _DefaultGraphController, _DefaultGraphStack, _default_graph_stack  # noqa: F401
from graphscope.tensor import Operation, Tensor
from graphscope.graph_building import OpBuilding
from graphscope.graph_lookups import GraphKeys, GraphLookups
from graphscope.graph_state import (  # noqa: F401 (VALID_* are public here)
    VALID_OP_NAME, VALID_SCOPE_NAME, live_view,
    _ColocationScope, _ControlDependenciesScope, _NameScope, _PerThread, _ResetNameScope, _StackPush,
    _Transaction, _UserSite,
)

__all__ = [
    "Graph", "Operation", "Tensor", "GraphKeys", "get_default_graph", "reset_default_graph",
    "get_graph_from_inputs", "name_from_scope_name", "VALID_OP_NAME", "VALID_SCOPE_NAME",
]


def name_from_scope_name(name: str) -> str:
    """'foo/bar/' -> 'foo/bar' (a scope name without its trailing slash)."""
    return name[:-1] if name and name[-1] == "/" else name


_ALL_GRAPHS: "weakref.WeakSet[Graph]" = weakref.WeakSet()  # for tools that look for the graph a script built
_DATA_EDGES: dict = {}
_CONTROL_EDGE = {"index": None, "output": None, "control": True}


def _data_edge(index: int, output: int) -> dict:
    data = _DATA_EDGES.get((index, output))
    if data is None:
        data = _DATA_EDGES[(index, output)] = {"index": index, "output": output, "control": False}
    return data


class Graph(GraphLookups, OpBuilding):
    """A TensorFlow 1.x graph: operations as networkx nodes, tensors along the edges.

    >>> g = Graph()
    >>> with g.as_default():
    ...     assert get_default_graph() is g
    >>> g.get_operations()
    []
    """

    def __init__(self):
        self._nx = None  # the networkx multigraph, made on the first look (see _sync_nx)
        self._nx_view = None
        self._nx_synced = 0  # how many of self._ops networkx holds (see _sync_nx)
        self._nodes_by_name: dict[str, Operation] = {}
        self._ops: list[Operation] = []
        self._names_in_use: dict[str, int] = {}
        self._collections: dict[str, list] = {}
        self._lock = threading.RLock()
        self._per_thread = _PerThread()
        self._finalized = False
        self._seed = None
        self._unfeedable: set = set()
        self._unfetchable: set = set()
        self._stores: dict[str, Any] = {}  # per-graph singletons of higher layers (variable store, ...)
        # Who claimed a name (explain_name): ops are found by name; the names of name scopes are
        # listed here as they are opened, and scope resets (root/absolute) as events.
        self._scope_names: list[str] = []
        self._scope_resets: list[tuple] = []
        _ALL_GRAPHS.add(self)

    @property
    def _thread(self) -> "_ThreadState":
        """This thread's name stack, control/device/colocation stacks, transaction journal and call site."""
        return self._per_thread.state

    # -- networkx ---------------------------------------------------------------------------
    @property
    def nx(self) -> nx.MultiDiGraph:
        """A read-only networkx view: nodes are op names (attribute ``op``), edges carry
        ``index`` (input slot), ``output`` (output slot) and ``control``.

        >>> import networkx
        >>> isinstance(Graph().nx, networkx.MultiDiGraph)
        True
        """
        if self._nx_view is None:
            self._nx_view = live_view(self)
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
        stack = self._per_thread.state.name_stack
        if stack:
            name = stack + "/" + name
        with self._lock:
            return self._unique_name_locked(name, mark_as_used)

    def _unique_name_locked(self, name: str, mark_as_used: bool) -> str:
        name_key = name.lower()
        in_use = self._names_in_use
        old = in_use.get(name_key)
        if old is None:  # the common case: a new name
            if mark_as_used:
                journal = self._per_thread.state.journal
                if journal is not None:
                    journal.append(name_key)
                in_use[name_key] = 1
            return name
        i = old
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
        thread = self._per_thread.state
        stack = thread.name_stack
        if stack:
            name = stack + "/" + name
        key = name.lower()
        with self._lock:
            in_use = self._names_in_use
            if key in in_use:
                name = self._unique_name_locked(name, True)
            else:  # the common case, inlined: a new name
                in_use[key] = 1
                if thread.journal is not None:
                    thread.journal.append(key)
            self._scope_names.append(name)
        return name

    def _mark_name(self, key: str, count: int) -> None:
        journal = self._per_thread.state.journal
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

    def _sync_nx(self) -> nx.MultiDiGraph:
        """Bring the networkx graph up to date with the ops created since the last call.

        Ops reach networkx lazily: building a graph allocates no networkx dicts (which would
        double the objects the garbage collector walks), and the first look at ``graph.nx`` adds
        what is new. Writes go straight into networkx's adjacency dicts (MultiDiGraph layout:
        ``_succ[u][v]`` and ``_pred[v][u]`` share one ``{key: data}`` dict): ``add_edge`` costs
        several times more. Edge data dicts are shared between edges with the same slots (the
        public view is read-only).
        """
        import networkx as nx  # (on the first look at a graph's networkx side: see graph_state.live_view)

        with self._lock:
            g = self._nx
            if g is None:
                g = self._nx = nx.MultiDiGraph()
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
        if self._nx is not None and op._name in self._nx._node:
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
        """Undo journal ``records``, newest first: an Operation (remove it), a str (a name marked new:
        unmark it), or a tuple: ``("name", key, old count)``, ``("collection", ...)`` or
        ``("undo", fn, args)``."""
        with self._lock:
            for record in reversed(records):
                if record.__class__ is str:  # a name marked as new
                    self._names_in_use.pop(record, None)
                elif record.__class__ is Operation:
                    self._remove_op(record)
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
                    record[1](*record[2])

    def _user_site(self, skip: int = 0) -> _UserSite:
        """Context: ops created inside record the user's call site found once on entry (the search
        starts at the caller of the function that opens the block, or ``skip`` callers further up)."""
        return _UserSite(self, skip)

    def _record_undo(self, undo, *args) -> None:
        """Inside a transaction, call ``undo(*args)`` if the transaction fails (for higher layers' state)."""
        journal = self._per_thread.state.journal
        if journal is not None:
            journal.append(("undo", undo, args))

    # -- control dependencies, devices, colocation ------------------------------------------
    def control_dependencies(self, control_inputs) -> "_ControlDependenciesScope":
        """Ops created in the block run after ``control_inputs`` (None clears the outer blocks).

        >>> g = Graph()
        >>> with g.as_default():
        ...     a = g.create_op("NoOp", [], dtypes=[], name="a")
        ...     with g.control_dependencies([a]):
        ...         b = g.create_op("NoOp", [], dtypes=[], name="b")
        >>> b.control_inputs
        [<tf.Operation 'a' type=NoOp>]
        """
        if control_inputs is None:
            return _ControlDependenciesScope(self._thread, None)
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
        return _ControlDependenciesScope(self._thread, ops)

    def device(self, device_name_or_function) -> "_StackPush":
        """Ops created in the block get this device (a string like '/cpu:0', or a function op -> str)."""
        spec = device_name_or_function
        if isinstance(spec, DeviceSpec):
            spec = spec.to_string()
        return _StackPush(self._per_thread.state.device_stack, spec)

    def colocate_with(self, op, ignore_existing: bool = False) -> "_ColocationScope":
        """Ops created in the block are placed with ``op`` (an Operation, a Tensor or a Variable): they
        record its colocation groups in ``_class`` (``['loc:@<op>']``, with the groups of the blocks
        around unless ``ignore_existing``) and take its device; device scopes from outside the block
        do not apply. ``colocate_with(None, ignore_existing=True)`` leaves every colocation. ``op``
        may also be the name of an op that does not exist yet.

        >>> g = Graph()
        >>> with g.as_default(), g.device("/cpu:0"):
        ...     a = g.create_op("NoOp", [], dtypes=[], name="a")
        >>> with g.as_default(), g.device("/gpu:0"), g.colocate_with(a):
        ...     b = g.create_op("NoOp", [], dtypes=[], name="b")
        >>> b.colocation_groups(), b.device
        ([b'loc:@a'], '/device:CPU:0')
        """
        if op is None:
            if not ignore_existing:
                raise ValueError("Trying to reset colocation (op is None) but ignore_existing is not True")
        elif not isinstance(op, (Operation, str)):
            op = op._op if isinstance(op, Tensor) else getattr(op, "op", op)
            if not isinstance(op, Operation):
                raise TypeError("colocate_with: op must be an Operation, a Tensor or a Variable, not %s."
                                % type(op).__name__)
        return _ColocationScope(self._per_thread.state, op, ignore_existing)

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
