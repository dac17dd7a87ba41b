"""The parts of a Graph that are state and scope objects: per-thread state, the context managers
behind ``name_scope``/``device``/``colocate_with``/transactions, and the live networkx view.

They are classes rather than generator context managers because op creation goes through them.
"""
from __future__ import annotations

import re
import threading

from graphscope.tensor import user_frame

__all__ = ["VALID_OP_NAME", "VALID_SCOPE_NAME", "scope_stack"]  # the rest is internal to graphscope.graph

# TensorFlow's name patterns: at the root, and below it.
VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")
_VALID_ROOT_SCOPES: set = set()  # names that matched (scope names repeat)
_VALID_NESTED_SCOPES: set = set()


_LIVE_VIEW_CLASS: list = []  # the class below, made on first use (networkx is imported then)


def live_view(owner):
    """``Graph.nx``: a frozen networkx view of ``owner`` that brings itself up to date whenever networkx
    reads its node or adjacency dicts, so a view kept from earlier also shows ops created since.

    networkx is imported here, on the first look: building and running graphs never needs it, and
    importing it is a third of what ``import graphscope`` would otherwise cost."""
    if not _LIVE_VIEW_CLASS:
        import networkx as nx

        class _LiveView(nx.MultiDiGraph):
            __doc__ = live_view.__doc__

            def __init__(self, owner):
                self._owner = owner
                super().__init__()
                self.graph = owner._sync_nx().graph
                nx.freeze(self)

            def _synced(self) -> nx.MultiDiGraph:
                return self._owner._sync_nx()

            # networkx's constructor assigns these; the view reads through to the owner's dicts instead.
            _node = property(lambda self: self._synced()._node, lambda self, value: None)
            _adj = property(lambda self: self._synced()._adj, lambda self, value: None)
            _succ = property(lambda self: self._synced()._succ, lambda self, value: None)
            _pred = property(lambda self: self._synced()._pred, lambda self, value: None)

        _LIVE_VIEW_CLASS.append(_LiveView)
    return _LIVE_VIEW_CLASS[0](owner)


def scope_stack(graph, stack: str, name) -> str:
    """The name stack inside name scope ``name`` opened in ``stack`` (TF1's rules: ``None`` or ``""``
    is the root, ``"a/b/"`` that exact scope, any other name is checked and made unique under
    ``stack``). ``stack`` must be the current stack of this thread."""
    if not name:
        return ""
    name = name.decode("utf-8") if isinstance(name, bytes) else str(name)  # (TF takes bytes names)
    valid = _VALID_NESTED_SCOPES if stack else _VALID_ROOT_SCOPES
    if name not in valid:
        pattern = VALID_SCOPE_NAME if stack else VALID_OP_NAME
        if pattern.match(name):
            if "/" not in name and len(valid) < 10_000:  # names of one level repeat; paths rarely
                valid.add(name)
        else:
            raise ValueError("'%s' is not a valid scope name. Scope names may use letters, digits "
                             "and '_ . - / > \\' (at the root, not starting with '_ - / > \\')." % name)
    if name[-1] == "/":
        return name[:-1]
    return graph._unique_scope_name(name)


class _NameScope:
    """The context manager of :meth:`Graph.name_scope` (a class: it is on hot paths)."""

    __slots__ = ("_graph", "_name", "_old_stack", "_thread")

    def __init__(self, graph, name):
        self._graph = graph
        self._name = name

    def __enter__(self) -> str:
        self._thread = thread = self._graph._per_thread.state
        old_stack = self._old_stack = thread.name_stack
        new_stack = thread.name_stack = scope_stack(self._graph, old_stack, self._name)
        if new_stack:
            return new_stack + "/"
        return "/" if self._name == "/" else ""  # (TF returns the name given, ending in '/')

    def __exit__(self, *exc_info) -> None:
        self._thread.name_stack = self._old_stack


class _ResetNameScope(_NameScope):
    """A name scope that leaves the current one: ``None``/``""`` (the root) or an absolute ``"a/b/"``.
    When it changes the scope, its exit records ``(old scope, new scope, graph version on entry, on
    exit)`` in ``graph._scope_resets``, so :func:`graphscope.explain.explain_name` can tell why an op is
    not under the scope its code was in (a rare path: ordinary scopes record nothing). The records are
    tuples of strings and ints, which the garbage collector stops tracking."""

    __slots__ = ("_entered_at",)

    def __enter__(self) -> str:
        self._entered_at = len(self._graph._ops)
        return _NameScope.__enter__(self)

    def __exit__(self, *exc_info) -> None:
        thread, old_stack = self._thread, self._old_stack
        if thread.name_stack != old_stack:
            graph = self._graph
            graph._scope_resets.append((old_stack, thread.name_stack, self._entered_at, len(graph._ops)))
        thread.name_stack = old_stack


class _UserSite:
    """While open, ops created by this thread record the call site found on entry (so a composite
    such as ``get_variable`` walks the stack once, not once per op it creates)."""

    __slots__ = ("_thread", "_outer", "_depth")

    def __init__(self, graph, skip: int = 0):
        self._thread = graph._per_thread.state
        self._depth = 3 + skip  # from user_frame: this __enter__, the block's function, then its callers

    def __enter__(self) -> None:
        thread = self._thread
        self._outer = thread.site
        if thread.site is None:
            thread.site = user_frame(self._depth)

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


class _ColocationScope:
    """The context manager of :meth:`Graph.colocate_with`: push ``target`` (an Operation, or the name of
    an op not created yet) on the colocation stack, on a fresh one with ``ignore_existing``; device
    scopes from outside the block do not apply inside (TensorFlow: colocation is stronger)."""

    __slots__ = ("_thread", "_target", "_ignore_existing", "_outer")

    def __init__(self, thread, target, ignore_existing: bool):
        self._thread, self._target, self._ignore_existing = thread, target, ignore_existing

    def __enter__(self) -> None:
        thread = self._thread
        thread.device_stack.append(None)  # (None: the device scopes outside stop applying)
        if self._ignore_existing:
            self._outer = thread.colocation_stack
            thread.colocation_stack = []
        if self._target is not None:
            thread.colocation_stack.append(self._target)

    def __exit__(self, *exc_info) -> None:
        thread = self._thread
        if self._target is not None:
            thread.colocation_stack.pop()
        if self._ignore_existing:
            thread.colocation_stack = self._outer
        thread.device_stack.pop()


class _Transaction:
    """``Graph._transaction()``: journal what this thread adds; undo it all if the block raises.

    The outermost transaction owns the thread's journal; a nested one only remembers where its records
    start (so nesting costs nothing) and, on failure, undoes and drops its own records."""

    __slots__ = ("_graph", "_thread", "_mark")

    def __init__(self, graph):
        self._graph = graph
        self._thread = graph._per_thread.state

    def __enter__(self) -> None:
        thread = self._thread
        if thread.journal is None:
            thread.journal = []
            self._mark = -1  # this block owns the journal
        else:
            self._mark = len(thread.journal)

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        self._end(exc_type is not None)

    def _end(self, failed: bool) -> None:
        thread, mark = self._thread, self._mark
        journal = thread.journal
        if mark < 0:
            thread.journal = None
            if failed:
                self._graph._undo(journal)
        elif failed:
            records = journal[mark:]
            del journal[mark:]
            self._graph._undo(records)


class _ControlDependencies:
    """One ``control_dependencies`` block: its control ops and the ops created inside it."""

    __slots__ = ("control_inputs", "created")

    def __init__(self, control_inputs: list):
        self.control_inputs = control_inputs
        self.created: set = set()


class _ControlDependenciesScope:
    """The context manager of :meth:`Graph.control_dependencies`: ``None`` clears the open blocks for
    its duration; a list of ops (already checked) opens a block of them."""

    __slots__ = ("_thread", "_block", "_saved")

    def __init__(self, thread, control_ops: list | None):
        self._thread = thread
        self._block = None if control_ops is None else _ControlDependencies(control_ops)

    def __enter__(self) -> None:
        thread = self._thread
        if self._block is None:
            self._saved = thread.control_stack
            thread.control_stack = []
        else:
            thread.control_stack.append(self._block)

    def __exit__(self, *exc_info) -> None:
        if self._block is None:
            self._thread.control_stack = self._saved
        else:
            self._thread.control_stack.remove(self._block)


class _ThreadState:
    """What a Graph keeps per thread: the name stack, control-dependency and device stacks. A plain
    object (``Graph._thread`` finds this thread's one): op creation reads it often, and attributes of a
    ``threading.local`` cost several times more to read."""

    __slots__ = ("name_stack", "control_stack", "device_stack", "colocation_stack", "colocation_attr",
                 "journal", "site")

    def __init__(self):
        self.name_stack = ""
        self.control_stack: list[_ControlDependencies] = []
        self.device_stack: list = []
        self.colocation_stack: list = []
        self.colocation_attr: tuple | None = None  # (stack top, its _class tuple): ops share the tuple
        self.journal: list | None = None  # undo records while a transaction is open
        self.site = None  # the user's call site while a composite (get_variable, ...) builds ops


class _PerThread(threading.local):
    """``state``: this thread's :class:`_ThreadState` of one graph (made on the thread's first use)."""

    def __init__(self):
        self.state = _ThreadState()


class _PendingOp:
    """What a device function sees of an op that is being created: its ``type``, ``name``, attrs
    (``get_attr``) and the ``device`` the outer device scopes give it."""

    __slots__ = ("type", "attrs", "device", "_graph", "_name")

    def __init__(self, op_type, attrs, device, graph, name):
        self.type, self.attrs, self.device = op_type, attrs, device
        self._graph, self._name = graph, name

    @property
    def name(self) -> str:
        """The full name the op is about to get."""
        name = self._name
        return name[:-1] if name[-1] == "/" else self._graph.unique_name(name, mark_as_used=False)

    def get_attr(self, name):
        return self.attrs[name]
