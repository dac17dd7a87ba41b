"""Sessions: run a graph's ops with numpy, keep variable values, and the default session.

``Session.run(fetches, feed_dict)`` resolves the fetch structure and the feed keys, looks up (or
builds, once) the :class:`~graphscope.executor.Plan` for that signature and runs it. Plans are cached
per session under a key made of the fetch structure and the feed keys, so running the same fetches
again does no graph work. A graph only grows, so a plan never goes stale.

Variable values live in the session's :class:`SessionState`; two sessions on one graph have their
own values.

>>> import graphscope as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     x = tf.placeholder(tf.float32, shape=[2], name="x")
...     v = tf.Variable([1.0, 2.0], name="v")
...     y = tf.add(x, v, name="y")
...     step = tf.assign_add(v, [10.0, 10.0])
...     init = tf.global_variables_initializer()
>>> with tf.Session(graph=g) as sess:
...     sess.run(init)
...     sess.run({"y": y, "both": [y, "v:0"]}, feed_dict={x: [0.5, 0.5]})
...     _ = sess.run(step)
...     y.eval(feed_dict={"x:0": [0.0, 0.0]})
{'y': array([1.5, 2.5], dtype=float32), 'both': [array([1.5, 2.5], dtype=float32), array([1., 2.], dtype=float32)]}
array([11., 12.], dtype=float32)
"""
from __future__ import annotations

import threading
import warnings
from collections.abc import Mapping

import numpy as np

from graphscope.errors import FailedPreconditionError, NotFoundError
from graphscope.executor import Plan
from graphscope.session_options import (  # noqa: F401 (re-exported: tf.ConfigProto, tf.RunOptions, ...)
    ConfigProto, GPUOptions, GraphOptions, RunMetadata, RunOptions, StepStats,
)
from graphscope.fetches import FetchStructure, check_feed_value, fetch_key, resolve_feed_key
from graphscope.graph import Graph, get_default_graph
from graphscope.tensor import Operation, Tensor

__all__ = ["Session", "InteractiveSession", "SessionState", "get_default_session", "run_with_default_session",
           "ConfigProto", "GPUOptions", "GraphOptions", "RunOptions", "RunMetadata"]

_PLAN_CACHE_LIMIT = 4096  # signatures kept per session before the cache starts over


class _VariableValues(dict):
    """Variable values by name: looking up one never written raises TensorFlow's
    FailedPreconditionError, so ``__getitem__`` itself is a read with its error."""

    __slots__ = ("_state",)

    def __init__(self, state):
        super().__init__()
        self._state = state

    def __missing__(self, name):
        raise self._state._uninitialized(name)


class SessionState:
    """What a session holds between runs: variable values and per-op random generators.

    Stateful kernels receive it as their first argument. Values are stored read-only (a fetched value
    is a copy), so no caller can change a variable behind the session's back.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     v = tf.Variable(1.0, name="v")
    >>> state = SessionState(g)
    >>> state.is_initialized("v")
    False
    >>> state.read_variable("v")
    Traceback (most recent call last):
    ...
    graphscope.errors.FailedPreconditionError: Attempting to use uninitialized value v ...
    >>> state.write_variable("v", np.float32(3.0))
    >>> state.read_variable("v")
    array(3., dtype=float32)
    """

    __slots__ = ("graph", "_values", "_generators")

    def __init__(self, graph: Graph):
        self.graph = graph
        self._values = _VariableValues(self)
        self._generators: dict = {}

    def read_variable(self, name: str) -> np.ndarray:
        """The value of variable ``name``; FailedPreconditionError if it was never written."""
        return self._values[name]

    @property
    def reader(self):
        """``reader(name)`` is :meth:`read_variable` as a builtin (a plan's variable reads call it)."""
        return self._values.__getitem__

    def _uninitialized(self, name: str) -> FailedPreconditionError:
        op = self.graph._nodes_by_name.get(name)
        where = " (created at %s)" % op.creation_site if op is not None else ""
        return FailedPreconditionError(None, op, "Attempting to use uninitialized value %s%s. Run its initializer "
                                       "first, e.g. sess.run(tf.global_variables_initializer())." % (name, where))

    def write_variable(self, name: str, value) -> None:
        """Store ``value`` as variable ``name``'s value. The session takes ownership of the array
        (it is made read-only; pass a copy to keep a writable one)."""
        if type(value) is not np.ndarray:
            value = np.asarray(value)
        if value.flags.writeable:
            if not value.flags.owndata:
                value = value.view()
            value.flags.writeable = False
        self._values[name] = value

    def is_initialized(self, name: str) -> bool:
        """Has variable ``name`` been written in this session?"""
        return name in self._values

    def random_generator(self, op, seed: int, seed2: int) -> np.random.Generator:
        """The generator of random op ``op`` in this session: one per op, so each run draws new
        numbers; keyed by (seed, seed2) when either is set, so sessions reproduce them."""
        generator = self._generators.get(op)
        if generator is None:
            if seed or seed2:
                bits = np.random.Philox(key=np.array([seed, seed2], dtype=np.uint64))
            else:
                bits = np.random.Philox()
            generator = self._generators[op] = np.random.Generator(bits)
        return generator

    def clear(self) -> None:
        self._values.clear()
        self._generators.clear()


# -- the default session --------------------------------------------------------------------------

class _DefaultSessionStack(threading.local):
    def __init__(self):
        self.stack: list = []


_default_session_stack = _DefaultSessionStack()


class _DefaultSessionContext:
    """``with sess.as_default():`` pushes the session on this thread's default-session stack."""

    def __init__(self, session):
        self.session = session
        self.enforce_nesting = True

    def __enter__(self):
        _default_session_stack.stack.append(self.session)
        return self.session

    def __exit__(self, exc_type, exc_value, traceback):
        stack = _default_session_stack.stack
        if self.enforce_nesting:
            if not stack or stack[-1] is not self.session:
                raise AssertionError("Nesting violated for default stack of %s objects" % type(self.session))
            stack.pop()
        else:
            for i in range(len(stack) - 1, -1, -1):
                if stack[i] is self.session:
                    del stack[i]
                    break
        return False


def get_default_session():
    """The innermost session of this thread's ``as_default()`` blocks, or None.

    >>> import graphscope as tf
    >>> get_default_session() is None
    True
    >>> with tf.Graph().as_default():
    ...     with tf.Session() as sess:
    ...         get_default_session() is sess
    True
    """
    stack = _default_session_stack.stack
    return stack[-1] if stack else None


def run_with_default_session(fetch, feed_dict=None, session=None):
    """``Tensor.eval`` / ``Operation.run``: run ``fetch`` in ``session`` or the default session."""
    graph = fetch.graph
    if isinstance(fetch, Operation):
        what, how = "execute operation", "run"
        missing = ("Cannot execute operation using `run()`: No default session is registered. Use `with "
                   "sess.as_default():` or pass an explicit session to `run(session=sess)`")
        default_other = ("Cannot use the default session to execute operation: the operation's graph is "
                         "different from the session's graph. Pass an explicit session to run(session=sess).")
    else:
        what, how = "evaluate tensor", "eval"
        missing = ("Cannot evaluate tensor using `eval()`: No default session is registered. Use `with "
                   "sess.as_default()` or pass an explicit session to `eval(session=sess)`")
        default_other = ("Cannot use the default session to evaluate tensor: the tensor's graph is different "
                         "from the session's graph. Pass an explicit session to `eval(session=sess)`.")
    if session is None:
        session = get_default_session()
        if session is None:
            raise ValueError(missing)
        if session.graph is not graph:
            raise ValueError(default_other)
    elif session.graph is not graph:
        noun = "operation's" if how == "run" else "tensor's"
        raise ValueError("Cannot use the given session to %s: the %s graph is different from the session's "
                         "graph." % (what, noun))
    return session.run(fetch, feed_dict)


# -- sessions ---------------------------------------------------------------------------------------

class Session:
    """Runs ops of ``graph`` (default: the default graph) with numpy kernels (``tf.Session``).

    graphscope runs in process, on the CPU: ``target`` must be the default, empty one (any other is
    TensorFlow's NotFoundError for a target no session factory serves); ``config``, a
    :class:`ConfigProto`, is accepted and ignored. ``with Session() as sess:`` makes the session (and
    its graph) the default and closes it on exit.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     a = tf.constant(5.0)
    ...     c = a * 6.0
    ...     with tf.Session() as sess:
    ...         print(sess.run(c), c.eval())
    30.0 30.0
    """

    def __init__(self, target="", graph=None, config=None):
        if graph is None:
            graph = get_default_graph()
        elif not isinstance(graph, Graph):
            raise TypeError("graph must be a tf.Graph, but got %s" % type(graph))
        if target is not None and not isinstance(target, (str, bytes)):
            if isinstance(target, ConfigProto):
                raise TypeError('target must be a string, but got %s. Did you do "Session(config)" instead of '
                                '"Session(config=config)"?' % type(target))
            raise TypeError("target must be a string, but got %s" % type(target))
        if config is not None and not isinstance(config, ConfigProto):
            raise TypeError("config must be a tf.ConfigProto, but got %s" % type(config))
        if target:
            raise _no_session_factory(target)
        self._graph = graph
        self._target = target.encode() if isinstance(target, str) else target
        self._config = config
        self._closed = False
        self._state = SessionState(graph)
        self._plans: dict = {}
        self._plans_built = 0
        self._default_graph_context = None
        self._default_session_context = None

    graph = property(lambda self: self._graph, doc="The graph launched in this session.")
    sess_str = property(lambda self: self._target, doc="The target (always in-process here).")

    @property
    def graph_def(self):
        """The graph as GraphDef (when the graph can export itself)."""
        return self._graph.as_graph_def()

    def as_default(self):
        """A context manager making this session the default one of the current thread (it does not
        close the session, nor change the default graph)."""
        return _DefaultSessionContext(self)

    def __enter__(self):
        if self._default_graph_context is not None:
            raise RuntimeError("Session context managers are not re-entrant. Use `Session.as_default()` if you "
                               "want to enter a session multiple times.")
        self._default_graph_context = self._graph.as_default()
        self._default_session_context = self.as_default()
        self._default_graph_context.__enter__()
        return self._default_session_context.__enter__()

    def __exit__(self, exc_type, exc_value, traceback):
        try:
            self._default_session_context.__exit__(exc_type, exc_value, traceback)
        finally:
            self._default_graph_context.__exit__(exc_type, exc_value, traceback)
            self._default_session_context = self._default_graph_context = None
            self.close()
        return False

    def close(self) -> None:
        """Release the session's variable values and plans; later runs raise RuntimeError."""
        if not self._closed:
            self._closed = True
            self._plans.clear()
            self._state.clear()

    def list_devices(self) -> list:
        """The devices of this session: one CPU."""
        return [_DeviceAttributes("/job:localhost/replica:0/task:0/device:CPU:0", "CPU", 0, 0)]

    # -- running ----------------------------------------------------------------------------
    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Run the ops ``fetches`` need and return their values in the structure of ``fetches``.

        ``fetches``: a Tensor (its value, a numpy array; a numpy scalar for 0-d tensors), an
        Operation (None), a name ('x:0' or 'op'), a Variable, or any nesting of list, tuple,
        namedtuple and dict of those. ``feed_dict`` maps Tensors, names or Variables to values that
        replace those tensors in this run. With ``options=RunOptions(trace_level=RunOptions.FULL_TRACE)``
        and a ``run_metadata``, the run is traced: ``run_metadata.trace`` is a
        :class:`graphscope.trace.Trace` (every op's values and time) and ``run_metadata.step_stats``
        TensorFlow's per-node timings. A ``run_metadata`` is emptied by each run given it, as
        TensorFlow's is. Names may be ``str`` or ``bytes`` (UTF-8).

        >>> import graphscope as tf
        >>> with tf.Graph().as_default():
        ...     x = tf.placeholder(tf.int32, [None], name="x")
        ...     y = x + x
        ...     sess = tf.Session()
        >>> sess.run([y, {"op": y.op}], feed_dict={"x:0": [1, 2]})
        [array([2, 4], dtype=int32), {'op': None}]
        >>> sess.run(y, {x: [[1]]})
        Traceback (most recent call last):
        ...
        ValueError: Cannot feed value of shape (1, 1) for Tensor 'x:0', which has shape '(?,)'
        """
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        if run_metadata is not None:
            return self._run_with_metadata(fetches, feed_dict, options, run_metadata)
        kind = type(fetches)
        key = id(fetches) if kind is Tensor or kind is Operation else fetch_key(fetches)
        if not feed_dict:
            plan = self._plans.get(key)
            if plan is None:
                plan = self._new_plan(key, fetches, None)
            return plan.run_structured(None)
        if type(feed_dict) is not dict:
            feed_dict = _as_feed_dict(feed_dict)
        parts = []
        for k in feed_dict:
            kind = type(k)
            if kind is Tensor:
                parts.append(id(k))
            elif kind is str:
                parts.append(k)
            elif kind is tuple:  # {(a, b): (va, vb)}: TF flattens tuple keys
                return self.run(fetches, _flatten_feeds(feed_dict))
            else:
                parts.append(k if kind is bytes else id(k))
        key = (key, tuple(parts))
        plan = self._plans.get(key)
        if plan is None:
            plan = self._new_plan(key, fetches, feed_dict)
        return plan.run_structured(feed_dict.values())

    def plan_for(self, fetches, feed_dict=None) -> Plan:
        """The (cached) execution plan of ``run(fetches, feed_dict)``: which ops run, in which order.

        >>> import graphscope as tf
        >>> with tf.Graph().as_default():
        ...     x = tf.placeholder(tf.float32, name="x")
        ...     y = tf.identity(x, name="y")
        ...     z = tf.identity(y, name="z")
        ...     sess = tf.Session()
        >>> [op.name for op in sess.plan_for(z, {x: 1.0}).ops], [op.name for op in sess.plan_for(z, {y: 1.0}).ops]
        (['y', 'z'], ['z'])
        """
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        feed_dict = _flatten_feeds(_as_feed_dict(feed_dict)) if feed_dict else {}
        key = fetch_key(fetches)
        if feed_dict:
            key = (key, tuple(k if type(k) in (str, bytes) else id(k) for k in feed_dict))
        plan = self._plans.get(key)
        return plan if plan is not None else self._new_plan(key, fetches, feed_dict or None)

    def _run_with_metadata(self, fetches, feed_dict, options, run_metadata):
        """``run`` given a ``run_metadata``: empty it (TensorFlow parses each run's metadata into it
        afresh), then run, traced into it when ``options.trace_level`` asks for a trace."""
        clear = getattr(run_metadata, "Clear", None)
        if clear is not None:
            clear()
        if options is not None and getattr(options, "trace_level", 0):
            from graphscope.trace import traced_session_run
            return traced_session_run(self, fetches, feed_dict, options, run_metadata)
        return self.run(fetches, feed_dict)

    def _new_plan(self, key, fetches, feed_dict) -> Plan:
        """Resolve fetches and feeds (with TensorFlow's checks), build the plan and cache it."""
        graph = self._graph
        if graph.version == 0:
            raise RuntimeError("The Session graph is empty.  Add operations to the graph before calling run().")
        feed_tensors = _resolve_feeds(graph, feed_dict or {})
        keepalive = list(feed_dict or ())
        structure = FetchStructure(graph, fetches)
        plan = Plan(graph, self._state, structure.tensors, structure.targets, feed_tensors, structure)
        plan.keepalive = (structure.leaves, keepalive)  # ids in `key` stay valid while the plan lives
        if len(self._plans) >= _PLAN_CACHE_LIMIT:
            self._plans.clear()
        self._plans[key] = plan
        self._plans_built += 1
        return plan

    def make_callable(self, fetches, feed_list=None, accept_options=False):
        """A function running ``fetches`` with ``feed_list``'s tensors fed by its positional arguments.

        It takes ``options`` and ``run_metadata`` keywords, meaning what they mean to :meth:`run`, when
        made with ``accept_options=True`` or a ``feed_list`` (as TensorFlow's does).

        >>> import graphscope as tf
        >>> with tf.Graph().as_default():
        ...     x = tf.placeholder(tf.float32, [], name="x")
        ...     double = tf.Session().make_callable(x * 2.0, [x])
        >>> print(double(4.0))
        8.0
        >>> meta = tf.RunMetadata()
        >>> print(double(5.0, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=meta))
        10.0
        >>> meta.HasField("step_stats"), [n.node_name for n in meta.step_stats.dev_stats[0].node_stats]
        (True, ['mul'])
        """
        if feed_list is not None and not isinstance(feed_list, (list, tuple)):
            raise TypeError("`feed_list` must be a list or tuple.")
        takes_options = accept_options or feed_list is not None
        if self._graph.version == 0:
            raise RuntimeError("The Session graph is empty.  Add operations to the graph before calling run().")
        feed_list = list(feed_list or ())
        tensors = []
        for k in feed_list:
            tensor = resolve_feed_key(self._graph, k)
            if not self._graph.is_feedable(tensor):
                raise ValueError("Tensor %s may not be fed." % tensor)
            tensors.append(tensor)
        structure = FetchStructure(self._graph, fetches)
        plan = Plan(self._graph, self._state, structure.tensors, structure.targets, tensors, structure)
        count = len(tensors)

        def run_callable(*feed_args, options=None, run_metadata=None):
            if self._closed:
                raise RuntimeError("Attempted to use a closed Session.")
            if len(feed_args) != count:
                raise TypeError("This callable takes %d feed values (%d given)." % (count, len(feed_args)))
            if run_metadata is not None or options is not None:
                if not takes_options:
                    raise TypeError("This callable takes no options or run_metadata: make it with "
                                    "Session.make_callable(..., accept_options=True).")
                if run_metadata is not None:
                    return self._run_with_metadata(fetches, dict(zip(feed_list, feed_args)), options,
                                                   run_metadata)
            return plan.run_structured(feed_args)
        return run_callable

    def partial_run_setup(self, fetches, feeds=None):
        raise NotImplementedError("partial_run is not supported by graphscope: run the fetches with one "
                                  "Session.run call instead.")

    partial_run = partial_run_setup

    @staticmethod
    def reset(target, containers=None, config=None) -> None:
        """Nothing to reset: graphscope sessions are in-process."""

    def __repr__(self) -> str:
        return "<graphscope.Session%s on %r>" % (" (closed)" if self._closed else "", self._graph)


class InteractiveSession(Session):
    """A session that makes itself the default on construction (``tf.InteractiveSession``), for
    shells and notebooks: ``t.eval()`` and ``op.run()`` use it until it is closed.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     c = tf.constant(2) * 21
    ...     sess = tf.InteractiveSession()
    ...     print(c.eval())
    ...     sess.close()
    42
    >>> get_default_session() is None
    True

    Opening one while another is open warns, as TensorFlow does (the first one's memory stays held
    until it is closed).
    """

    _count_lock = threading.Lock()
    _active_session_count = 0  # open interactive sessions, of this class and its subclasses (TF's name)

    def __init__(self, target="", graph=None, config=None):
        super().__init__(target, graph, config)
        with InteractiveSession._count_lock:
            if InteractiveSession._active_session_count > 0:
                warnings.warn("An interactive session is already active. This can cause out-of-memory errors "
                              "in some cases. You must explicitly call `InteractiveSession.close()` to release "
                              "resources held by the other session(s).", stacklevel=2)
            InteractiveSession._active_session_count += 1
        self._explicitly_closed = False
        self._default_session = self.as_default()
        self._default_session.enforce_nesting = False
        self._default_session.__enter__()
        self._explicit_graph = graph
        if graph is not None:
            self._default_graph = graph.as_default()
            self._default_graph.__enter__()

    def close(self) -> None:
        super().close()
        with InteractiveSession._count_lock:
            if self._explicitly_closed:
                return
            self._explicitly_closed = True
            InteractiveSession._active_session_count -= 1
        if self._explicit_graph is not None:
            try:
                self._default_graph.__exit__(None, None, None)
            except AssertionError:  # not the innermost default graph any more
                pass
            self._default_graph = None
        self._default_session.__exit__(None, None, None)
        self._default_session = None


def _no_session_factory(target) -> NotFoundError:
    """TensorFlow's error for a target no session factory serves: here, any but the empty one."""
    if isinstance(target, bytes):
        target = target.decode("utf-8", "replace")
    return NotFoundError(None, None, 'No session factory registered for the given session options: {target: "%s"} '
                         "Registered factories are {DIRECT_SESSION}. graphscope runs graphs in this process "
                         'only: use the default (empty) target, tf.Session() or tf.Session("").' % target)


def _as_feed_dict(feed_dict) -> dict:
    if feed_dict is None:
        return {}
    if isinstance(feed_dict, Mapping):
        return dict(feed_dict)
    raise TypeError("input must be a dictionary")


def _flatten_feeds(feed_dict: dict) -> dict:
    """TF's ``nest.flatten_dict_items``: a tuple key takes a tuple value of the same structure."""
    flat = {}
    for key, value in feed_dict.items():
        if type(key) is not tuple:
            flat[key] = value
            continue
        if not isinstance(value, (tuple, list)) or len(value) != len(key):
            raise ValueError("Could not flatten dictionary. Key had %d elements, but value had %s elements. "
                             "Key: %s, value: %s." % (len(key), len(value) if hasattr(value, "__len__") else 1,
                                                      key, value))
        flat.update(_flatten_feeds(dict(zip(key, value))))
    return flat


def _resolve_feeds(graph: Graph, feed_dict: dict) -> list:
    """The tensors ``feed_dict``'s keys name, in its order, each value checked against its tensor
    (TensorFlow's errors: unknown key, wrong shape or type, a tensor that may not be fed)."""
    feed_tensors = []
    for k, value in feed_dict.items():
        tensor = resolve_feed_key(graph, k)
        check_feed_value(tensor, value, k)
        if not graph.is_feedable(tensor):
            raise ValueError("Tensor %s may not be fed." % tensor)
        feed_tensors.append(tensor)
    return feed_tensors


class _DeviceAttributes:
    def __init__(self, name, device_type, memory_limit_bytes, incarnation):
        self.name, self.device_type = name, device_type
        self.memory_limit_bytes, self.incarnation = memory_limit_bytes, incarnation

    def __repr__(self) -> str:
        return "_DeviceAttributes(%s, %s, %d, %d)" % (self.name, self.device_type, self.memory_limit_bytes,
                                                      self.incarnation)
