"""Name scopes and variable scopes: the two prefixes of TensorFlow 1.x.

``name_scope`` names ops; ``variable_scope`` names the variables of ``get_variable`` *and* opens a
name scope, so entering ``variable_scope("foo")`` twice puts variables under ``foo/`` both times but
ops under ``foo/`` then ``foo_1/``. Variable scopes are per thread (each thread starts at the root)
over a variable store shared by the graph. Scopes decide names only; whether ``get_variable``
creates or shares is the store's business (:mod:`graphscope.variables`).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     with tf.variable_scope("foo"):
...         v = tf.get_variable("v", [1])
...     with tf.variable_scope("foo", reuse=True) as scope:
...         w = tf.get_variable("v", [1])
...         op = tf.add(1.0, 2.0, name="op")
>>> v is w, scope.name, scope.original_name_scope, op.name
(True, 'foo', 'foo_1/', 'foo_1/op:0')
"""
from __future__ import annotations

import functools
import threading

from graphscope import dtypes
from graphscope.graph import Graph, get_default_graph, get_graph_from_inputs
from graphscope.tensor import describe_site, user_frame

__all__ = ["AUTO_REUSE", "VariableScope", "variable_scope", "name_scope", "get_variable_scope",
           "get_variable_scope_store", "unique_variable_scope_name"]


class _ReuseMode:
    """The type of :data:`AUTO_REUSE`."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "tf.AUTO_REUSE"

    def __reduce__(self):
        return (_ReuseMode, ())


AUTO_REUSE = _ReuseMode()
"""``reuse=AUTO_REUSE``: ``get_variable`` creates a variable if it is missing and shares it otherwise."""


class VariableScope:
    """A variable scope: the prefix and defaults ``get_variable`` uses inside a ``variable_scope``.

    Capture one (``with variable_scope("foo") as scope``) and pass it to ``variable_scope`` again
    to re-enter the same prefix.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     with tf.variable_scope("foo") as scope:
    ...         v = tf.get_variable("v", [1])
    ...     with tf.variable_scope("bar"):
    ...         with tf.variable_scope(scope, reuse=True) as again:
    ...             same = tf.get_variable("v", [1])
    >>> same is v, again.name, again.reuse
    (True, 'foo', True)
    """

    def __init__(self, reuse, name: str = "", initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, name_scope: str = "", dtype=dtypes.float32,
                 use_resource=None, constraint=None):
        self._name = name
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._name_scope = name_scope
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint
        self._reuse = reuse
        self._reuse_origin: _ReuseOrigin | None = None  # who turned reuse on, for "does not exist" errors

    name = property(lambda self: self._name, doc="The full variable-scope name ('foo/bar').")
    original_name_scope = property(lambda self: self._name_scope,
                                   doc="The name scope opened when this scope was first entered ('foo_1/').")
    reuse = property(lambda self: self._reuse, doc="True, AUTO_REUSE, or False/None.")
    initializer = property(lambda self: self._initializer)
    dtype = property(lambda self: self._dtype)
    use_resource = property(lambda self: self._use_resource)
    regularizer = property(lambda self: self._regularizer)
    caching_device = property(lambda self: self._caching_device)
    partitioner = property(lambda self: self._partitioner)
    custom_getter = property(lambda self: self._custom_getter)
    constraint = property(lambda self: self._constraint)

    def reuse_variables(self) -> None:
        """Turn reuse on for this scope (and the sub-scopes opened after this call)."""
        self._reuse = True
        self._reuse_origin = _ReuseOrigin("reuse_variables() on scope '%s'", (self._name,), user_frame())

    def set_initializer(self, initializer) -> None:
        self._initializer = initializer

    def set_dtype(self, dtype) -> None:
        self._dtype = dtype

    def set_use_resource(self, use_resource) -> None:
        self._use_resource = use_resource

    def set_regularizer(self, regularizer) -> None:
        self._regularizer = regularizer

    def set_caching_device(self, caching_device) -> None:
        self._caching_device = caching_device

    def set_partitioner(self, partitioner) -> None:
        self._partitioner = partitioner

    def set_custom_getter(self, custom_getter) -> None:
        self._custom_getter = custom_getter

    def get_collection(self, name: str) -> list:
        """Items of collection ``name`` whose names start with this scope's prefix."""
        scope = self._name + "/" if self._name else ""
        return get_default_graph().get_collection(name, scope)

    def trainable_variables(self) -> list:
        return self.get_collection("trainable_variables")

    def global_variables(self) -> list:
        return self.get_collection("variables")

    def local_variables(self) -> list:
        return self.get_collection("local_variables")

    def get_variable(self, var_store, name: str, shape=None, dtype=None, initializer=None, regularizer=None,
                     reuse=None, trainable=None, collections=None, caching_device=None, partitioner=None,
                     validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                     synchronization=None, aggregation=None):
        """Get or create variable ``<scope>/<name>`` in ``var_store``, with this scope's defaults."""
        if regularizer is None:
            regularizer = self._regularizer
        if caching_device is None:
            caching_device = self._caching_device
        if partitioner is None:
            partitioner = self._partitioner
        if custom_getter is None:
            custom_getter = self._custom_getter
        if reuse is None:
            reuse = self._reuse
        if use_resource is None:
            use_resource = self._use_resource
        full_name = self._name + "/" + name if self._name else name
        if full_name in var_store._vars and custom_getter is None and partitioner is None:
            default_initializer = self._initializer if initializer is None else initializer
            if default_initializer is None or callable(default_initializer):
                # Sharing (or refusing to share) an existing variable builds nothing: no scope to reset,
                # nothing to undo. The store still checks reuse, shape and dtype.
                return var_store._get_existing(full_name, shape, self._dtype if dtype is None else dtype, reuse,
                                               default_initializer)
        graph = get_default_graph()
        thread = graph._per_thread.state
        outer_stack, outer_site, entered = thread.name_stack, thread.site, len(graph._ops)
        # All or nothing (a failing check, custom getter or initializer leaves no trace). Variable names
        # depend on the variable scope only, so the name scope is the root meanwhile (set on the thread
        # directly, and recorded as a reset for explain_name); the user's call site is found once.
        with graph._transaction():
            if outer_site is None:
                thread.site = user_frame(2)
            thread.name_stack = ""
            try:
                if dtype is not None and initializer is not None and not callable(initializer):
                    from graphscope.ops.core import convert_to_tensor
                    init_dtype = convert_to_tensor(initializer).dtype.base_dtype
                    if init_dtype != dtypes.as_dtype(dtype):
                        raise ValueError("Initializer type '%s' and explicit dtype '%s' don't match."
                                         % (init_dtype, dtypes.as_dtype(dtype)))
                return var_store.get_variable(  # (positional: the store's signature, in order)
                    full_name, shape, self._dtype if dtype is None else dtype,
                    self._initializer if initializer is None else initializer, regularizer, reuse, trainable,
                    collections, caching_device, partitioner, validate_shape, use_resource, custom_getter,
                    self._constraint if constraint is None else constraint, self._reuse_origin)
            finally:
                thread.name_stack, thread.site = outer_stack, outer_site
                if outer_stack:
                    graph._scope_resets.append((outer_stack, "", entered, len(graph._ops)))

    def __repr__(self) -> str:
        return "<VariableScope %r reuse=%r>" % (self._name, self._reuse)


class _ReuseOrigin:
    """Who turned reuse on, as "does not exist" errors tell it ("variable_scope('foo', reuse=True) at
    model.py:12"): the text is made when an error needs it, not each time a scope is entered."""

    __slots__ = ("_call", "_arguments", "_site")

    def __init__(self, call: str, arguments: tuple, site):
        self._call, self._arguments, self._site = call, arguments, site

    def __str__(self) -> str:
        return "%s at %s" % (self._call % self._arguments, describe_site(self._site))


class _VariableScopeStore(threading.local):
    """The current variable scope and the default-name counters, per thread (one per graph)."""

    def __init__(self):
        self.current_scope = VariableScope(False)
        self.variable_scopes_count: dict[str, int] = {}
        # scope name -> the counted scope names under it at any depth, so closing a scope touches its
        # sub-scopes only (not every count: that made opening n sibling scopes cost n^2)
        self._under: dict[str, set] = {}

    def open_variable_scope(self, scope_name: str) -> None:
        counts = self.variable_scopes_count
        count = counts.get(scope_name)
        if count is None:
            slash = scope_name.find("/")
            while slash >= 0:
                self._under.setdefault(scope_name[:slash], set()).add(scope_name)
                slash = scope_name.find("/", slash + 1)
            count = 0
        counts[scope_name] = count + 1

    def close_variable_subscopes(self, scope_name: str | None) -> None:
        """Reset the default-name counters of the sub-scopes of ``scope_name`` (all when None)."""
        counts = self.variable_scopes_count
        if scope_name is None:
            for key in counts:
                counts[key] = 0
            return
        for key in self._under.get(scope_name, ()):
            if key in counts:
                counts[key] = 0

    def variable_scope_count(self, scope_name: str) -> int:
        return self.variable_scopes_count.get(scope_name, 0)


def get_variable_scope_store(graph: Graph | None = None) -> _VariableScopeStore:
    """This thread's variable-scope store of ``graph`` (default: the default graph)."""
    graph = graph or get_default_graph()
    store = graph._stores.get("variable_scopes")
    if store is None:
        with graph._lock:
            store = graph._stores.setdefault("variable_scopes", _VariableScopeStore())
    return store


def get_variable_scope() -> VariableScope:
    """The current variable scope of this thread (the root scope, named '', at first).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default(), tf.variable_scope("a"):
    ...     tf.get_variable_scope().name
    'a'
    """
    return get_variable_scope_store().current_scope


def unique_variable_scope_name(prefix: str) -> str:
    """``prefix``, or ``prefix_N`` if this thread already opened it under the current scope."""
    store = get_variable_scope_store()
    current = store.current_scope.name
    name = current + "/" + prefix if current else prefix
    if store.variable_scope_count(name) == 0:
        return prefix
    index = 1
    while store.variable_scope_count("%s_%d" % (name, index)) > 0:
        index += 1
    return "%s_%d" % (prefix, index)


def _wrap_custom_getter(custom_getter, old_getter):
    """Compose getters: the new (inner) one runs first and receives the old one as its getter."""
    if old_getter is None:
        return custom_getter

    def wrapped_custom_getter(getter, *args, **kwargs):
        return custom_getter(functools.partial(old_getter, getter), *args, **kwargs)

    return wrapped_custom_getter


class _PureVariableScope:
    """Push a VariableScope (no name scope) on this thread's store; pop it, checking the nesting."""

    def __init__(self, name_or_scope, reuse=None, initializer=None, regularizer=None, caching_device=None,
                 partitioner=None, custom_getter=None, old_name_scope=None, dtype=None,
                 use_resource=None, constraint=None, reuse_origin=None):
        self._name_or_scope = name_or_scope
        self._reuse = reuse
        overrides = {"_initializer": initializer, "_regularizer": regularizer, "_caching_device": caching_device,
                     "_partitioner": partitioner, "_dtype": dtype, "_use_resource": use_resource}
        self._overrides = {key: value for key, value in overrides.items() if value is not None}
        self._custom_getter = custom_getter
        self._old_name_scope = old_name_scope
        self._constraint = constraint
        self._reuse_origin = reuse_origin
        self._store = get_variable_scope_store()
        self._last_scope = None

    def _apply_overrides(self, scope: VariableScope, old_getter) -> None:
        for key, value in self._overrides.items():  # (the arguments given: not None)
            setattr(scope, key, value)
        if self._custom_getter is not None:
            scope._custom_getter = _wrap_custom_getter(self._custom_getter, old_getter)

    def __enter__(self) -> VariableScope:
        store = self._store
        self._old = old = store.current_scope
        target = self._name_or_scope
        if isinstance(target, VariableScope):
            # Jump to a captured scope: a copy of it, with its own reuse unless one is given.
            self._new_name = target.name
            scope = VariableScope(target.reuse if not self._reuse else self._reuse, name=target.name,
                                  initializer=target.initializer, regularizer=target.regularizer,
                                  caching_device=target.caching_device, partitioner=target.partitioner,
                                  dtype=target.dtype, custom_getter=target.custom_getter,
                                  name_scope=target.original_name_scope, use_resource=target.use_resource,
                                  constraint=self._constraint)
            scope._reuse_origin = self._reuse_origin if self._reuse else target._reuse_origin
            self._apply_overrides(scope, target.custom_getter)
            store.open_variable_scope(self._new_name)
            self._old_counts = dict(store.variable_scopes_count)
        else:
            # Prolong the current scope: reuse is inherited (False cannot switch it off).
            self._new_name = old.name + "/" + target if old.name else target
            reuse = self._reuse or old.reuse
            scope = VariableScope(reuse, self._new_name, old._initializer, old._regularizer, old._caching_device,
                                  old._partitioner, old._custom_getter,
                                  target if self._old_name_scope is None else self._old_name_scope, old._dtype,
                                  old._use_resource, self._constraint)
            scope._reuse_origin = self._reuse_origin if self._reuse else old._reuse_origin
            self._apply_overrides(scope, old.custom_getter)
            store.open_variable_scope(self._new_name)
        store.current_scope = scope
        self._last_scope = scope
        return scope

    def __exit__(self, *exc_info) -> None:
        store = self._store
        if store.current_scope is not self._last_scope:
            raise RuntimeError("Improper nesting of variable_scope: scope '%s' was left while an inner "
                               "scope ('%s') was still open." % (self._new_name, store.current_scope.name))
        if isinstance(self._name_or_scope, VariableScope):
            store.variable_scopes_count = self._old_counts
        else:
            store.close_variable_subscopes(self._new_name)
        store.current_scope = self._old


class variable_scope:  # noqa: N801 (TF's public name)
    """A context manager that opens a variable scope and a name scope (``tf.variable_scope``).

    See ``../shared/seed`` (TensorFlow's documentation) for the contract; every rule of it holds:
    ``reuse`` True/None/AUTO_REUSE and its inheritance, ``default_name`` uniquification per thread,
    captured-scope re-entry, inherited defaults, ``auxiliary_name_scope=False``, and ``values`` from
    one graph (which becomes the default graph inside the block).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     with tf.variable_scope(None, default_name="layer") as a: pass
    ...     with tf.variable_scope(None, default_name="layer") as b: pass
    >>> a.name, b.name
    ('layer', 'layer_1')
    """

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None,
                 use_resource=None, constraint=None, auxiliary_name_scope=True):
        self._name_or_scope = name_or_scope
        self._default_name = default_name
        self._values = values
        self._initializer = initializer
        self._regularizer = regularizer
        self._caching_device = caching_device
        self._partitioner = partitioner
        self._custom_getter = custom_getter
        self._reuse = reuse
        self._dtype = dtype
        self._use_resource = use_resource
        self._constraint = constraint
        self._auxiliary_name_scope = auxiliary_name_scope
        self._site = user_frame() if reuse else None  # (for errors about what reuse=... did)
        if default_name is None and name_or_scope is None:
            raise TypeError("If default_name is None then name_or_scope is required: pass a scope name, "
                            "a captured VariableScope, or default_name=... to have one made up.")
        if reuse is False:
            self._reuse = None  # False does not switch inherited reuse off
        if not (self._reuse is True or self._reuse is None or self._reuse is AUTO_REUSE):
            raise ValueError("The reuse parameter must be True or False or None (or tf.AUTO_REUSE), "
                             "not %r." % (reuse,))
        self._graph = get_graph_from_inputs(values) if values else get_default_graph()
        if not isinstance(auxiliary_name_scope, bool):
            raise TypeError("The auxiliary_name_scope must be `True` or `False`, while get {}"
                            .format(auxiliary_name_scope))
        if name_or_scope is not None and not isinstance(name_or_scope, (VariableScope, str)):
            raise TypeError("VariableScope: name_or_scope must be a string or VariableScope, not %s."
                            % type(name_or_scope).__name__)
        if dtype is not None:
            dtypes.as_dtype(dtype)
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError("Passed a custom_getter which is not callable: %s" % (custom_getter,))
        self._graph_cm = None
        self._name_scope_cm = None
        self._pure_scope = None

    def _reuse_origin(self) -> "_ReuseOrigin | None":
        if not self._reuse:
            return None
        label = self._name_or_scope.name if isinstance(self._name_or_scope, VariableScope) else self._name_or_scope
        return _ReuseOrigin("variable_scope(%r, reuse=%r)", (label, self._reuse), self._site)

    def __enter__(self) -> VariableScope:
        if self._pure_scope is not None:
            raise RuntimeError("This variable_scope object is already entered; create a new one "
                               "(call tf.variable_scope(...) again) to enter the scope again.")
        self._graph_cm = self._graph.as_default()
        self._graph_cm.__enter__()
        try:
            return self._enter_scopes()
        except BaseException as exc:
            self._graph_cm.__exit__(type(exc), exc, exc.__traceback__)
            self._graph_cm = None
            raise

    def _open_name_scope(self, name):
        cm = self._graph.name_scope(name)
        scope_name = cm.__enter__()
        self._name_scope_cm = cm
        return scope_name

    def _enter_scopes(self) -> VariableScope:
        graph = self._graph
        if self._auxiliary_name_scope:
            reentered = None
        else:
            current = graph.get_name_scope()
            reentered = current + "/" if current else current
        overrides = dict(initializer=self._initializer, regularizer=self._regularizer,
                         caching_device=self._caching_device, partitioner=self._partitioner,
                         custom_getter=self._custom_getter, dtype=self._dtype,
                         use_resource=self._use_resource, constraint=self._constraint,
                         reuse_origin=self._reuse_origin())
        target = self._name_or_scope
        if target is not None:
            name = target if isinstance(target, str) else target.name.split("/")[-1]
            if name or reentered is not None:
                scope_name = self._open_name_scope(name if reentered is None else reentered)
                old_name_scope = scope_name if isinstance(target, str) else target.original_name_scope
            else:
                old_name_scope = None  # entering the root scope: no name scope
            pure = _PureVariableScope(target, reuse=self._reuse, old_name_scope=old_name_scope, **overrides)
        else:
            if self._reuse:
                raise ValueError("reuse=True cannot be used without a name_or_scope: a scope made up "
                                 "from default_name %r is new, so there is nothing to reuse."
                                 % self._default_name)
            scope_name = self._open_name_scope(self._default_name if reentered is None else reentered)
            unique = unique_variable_scope_name(self._default_name)
            pure = _PureVariableScope(unique, old_name_scope=scope_name, **overrides)
        try:
            scope = pure.__enter__()
        except BaseException as exc:
            self._exit_name_scope(exc)
            raise
        self._pure_scope = pure
        # Which name scope each variable scope opened (pictures mark where the two prefixes differ).
        entries = graph._stores.get("scope_entries")
        if entries is None:
            entries = graph._stores.setdefault("scope_entries", {})
        key = (scope.name, graph.get_name_scope())
        entries[key] = entries.get(key, 0) + 1
        return scope

    def _exit_name_scope(self, exc=None) -> None:
        if self._name_scope_cm is not None:
            cm, self._name_scope_cm = self._name_scope_cm, None
            cm.__exit__(type(exc) if exc else None, exc, exc.__traceback__ if exc else None)

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        # As TensorFlow: an exit out of order raises (an inner scope is still open) but still leaves the
        # name scope and the graph; calling __exit__ again, in order, then leaves the variable scope.
        pure = self._pure_scope
        try:
            if pure is not None:
                pure.__exit__(exc_type, exc_value, traceback)
                self._pure_scope = None
        finally:
            try:
                self._exit_name_scope(exc_value)
            finally:
                graph_cm, self._graph_cm = self._graph_cm, None
                if graph_cm is not None:
                    graph_cm.__exit__(exc_type, exc_value, traceback)


class name_scope:  # noqa: N801 (TF's public name)
    """``tf.compat.v1.name_scope(name, default_name=None, values=None)``: open a name scope for ops.

    ``name`` None falls back to ``default_name``; ``values`` must come from one graph, which becomes
    the default. Yields the scope's full name ending in '/' ('' at the root).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     with tf.name_scope("a") as a, tf.name_scope(None, default_name="b") as b:
    ...         pass
    >>> a, b
    ('a/', 'a/b/')
    """

    __slots__ = ("_name", "_default_name", "_values", "_graph_cm", "_scope_cm")

    def __init__(self, name, default_name=None, values=None):
        self._name = default_name if name is None else name
        self._default_name = default_name
        self._values = values
        self._graph_cm = None
        self._scope_cm = None

    @property
    def name(self):
        return self._name

    def __enter__(self) -> str:
        if self._name is None and self._values is not None:
            raise ValueError("At least one of name (%s) and default_name (%s) must be provided: "
                             "name_scope(None, values=...) has no name to open."
                             % (self._name, self._default_name))
        graph = get_default_graph()
        if self._values:
            from_inputs = get_graph_from_inputs(self._values)
            if from_inputs is not graph:
                graph = from_inputs
                self._graph_cm = graph.as_default()
                self._graph_cm.__enter__()
        try:
            self._scope_cm = graph.name_scope(self._name)
            return self._scope_cm.__enter__()
        except BaseException as exc:
            if self._graph_cm is not None:
                self._graph_cm.__exit__(type(exc), exc, exc.__traceback__)
                self._graph_cm = None
            raise

    def __exit__(self, exc_type, exc_value, traceback):
        try:
            self._scope_cm.__exit__(exc_type, exc_value, traceback)
        finally:
            if self._graph_cm is not None:
                self._graph_cm.__exit__(exc_type, exc_value, traceback)
                self._graph_cm = None
        return False


# TensorFlow's ``variable_scope`` module also holds get_variable and the store; code (and TF's own tests)
# written against ``from tensorflow.python.ops import variable_scope`` finds them here too.
_STORE_NAMES = {"get_variable": "get_variable", "get_local_variable": "get_local_variable",
                "_get_default_variable_store": "get_variable_store", "_VariableStore": "VariableStore"}


def __getattr__(name: str):
    if name in _STORE_NAMES:
        from graphscope import variable_store
        return getattr(variable_store, _STORE_NAMES[name])
    if name == "_pure_variable_scope":
        return _PureVariableScope
    if name == "_get_unique_variable_scope":
        return unique_variable_scope_name
    if name == "_PartitionInfo":
        from graphscope.variable_store import PartitionInfo
        return PartitionInfo
    raise AttributeError("module 'graphscope.scopes' has no attribute %r" % name)
