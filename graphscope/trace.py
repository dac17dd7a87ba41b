"""Traced runs: what each op of a ``Session.run`` computed, and how long it took.

``traced_run(sess, fetches, feed_dict)`` runs ``fetches`` as ``sess.run`` would (same feeds, checks,
variable updates and results) and returns a :class:`Trace`: for every op that ran, the shape, dtype
and a short summary of each output value and the time its kernel took; which ops the plan pruned
(not needed by the fetches, or cut off by a feed); which tensors were fed. ``Session.run(...,
options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=tf.RunMetadata())`` does
the same and leaves the trace in ``run_metadata.trace`` (and TF-style ``run_metadata.step_stats``).

The API pictures draw from (pruned nodes grey, fed nodes marked):

* ``trace.executed``: ``{op name: OpRecord}`` in execution order. An :class:`OpRecord` has ``name``,
  ``type``, ``kind`` (``"run"``, ``"folded"``: computed once when the plan was made, ``"variable"``:
  a variable read), ``time`` (seconds), ``start`` (seconds from the run's start), ``order`` and
  ``outputs`` (:class:`OutputRecord`: ``name``, ``dtype``, ``shape``, ``summary``, and ``value``
  unless the trace was made with ``keep_values=False``);
* ``trace.pruned``: op names that did not run; ``trace.fed``: fed tensor names (``trace.fed_ops``:
  their ops); ``trace.status(op_name)``: ``"run"``, ``"folded"``, ``"variable"``, ``"fed"`` or
  ``"pruned"``;
* ``str(trace)`` / ``trace.table(sort="time", limit=10)``: the same as text.

>>> import graphscope as tf
>>> with tf.Graph().as_default() as g:
...     x = tf.placeholder(tf.float32, [None], name="x")
...     y = tf.reduce_sum(x * 2.0, name="y")
...     unused = tf.sqrt(x, name="unused")
>>> with tf.Session(graph=g) as sess:
...     trace = traced_run(sess, y, {x: [1.0, 2.0, 3.0]})
>>> print(trace.results)
12.0
>>> sorted(trace.executed), sorted(trace.pruned), trace.fed
(['Const', 'mul', 'mul/y', 'y'], ['unused'], {'x:0'})
>>> trace.executed["mul"].outputs[0].summary
'[2. 4. 6.]'
>>> print(trace.table(columns=("op", "type", "shape", "value")))
op     type   shape  value
mul/y  Const  ()     2.0  (folded)
mul    Mul    (3,)   [2. 4. 6.]
Const  Const  (1,)   [0]  (folded)
y      Sum    ()     12.0
4 ops ran (2 folded when the plan was made); 1 pruned; fed: x:0
"""
from __future__ import annotations

import time
import types

import numpy as np

from graphscope.executor import Plan, _is_variable_op
from graphscope.fetches import FetchStructure
from graphscope.tensor import Operation

__all__ = ["Trace", "OpRecord", "OutputRecord", "traced_run", "summarize"]

_CPU = "/job:localhost/replica:0/task:0/device:CPU:0"


def summarize(value, limit: int = 6) -> str:
    """A short text of a value: the numbers themselves when there are at most ``limit``, else
    ``min/mean/max`` (with counts of nan and inf), the count of ``True`` for bools, the first
    strings for strings.

    >>> summarize(np.float32(2.5)), summarize(np.arange(3)), summarize(np.arange(10.0))
    ('2.5', '[0 1 2]', 'min 0 mean 4.5 max 9')
    >>> summarize(np.array([1.0, np.nan, np.inf] * 3)), summarize(np.ones(8, bool))
    ('min 1 mean 1 max 1 (3 nan, 3 inf)', '8 of 8 true')
    """
    if value is None:
        return ""
    if isinstance(value, (bytes, str)):
        return _clip(repr(value))
    if not isinstance(value, (np.ndarray, np.generic)):
        return _clip(repr(value))
    array = np.asarray(value)
    if array.ndim == 0:
        item = array[()]
        return _clip(repr(item) if isinstance(item, (bytes, str)) else str(item))
    if array.size == 0:
        return "empty"
    if array.dtype.kind in "OSU":
        flat = array.reshape(-1)
        shown = ", ".join(repr(v) for v in flat[:3])
        return _clip("[%s%s]" % (shown, ", ..." if flat.size > 3 else ""))
    if array.size <= limit:
        with np.printoptions(precision=4, suppress=True, threshold=limit, linewidth=200):
            return _clip(np.array2string(array.reshape(-1), separator=" "))
    if array.dtype.kind == "b":
        return "%d of %d true" % (int(np.count_nonzero(array)), array.size)
    if array.dtype.kind == "c":
        array = np.abs(array)
        prefix = "|z| "
    else:
        prefix = ""
    finite = np.isfinite(array)
    notes = []
    if not finite.all():
        nans = int(np.count_nonzero(np.isnan(array)))
        infs = int(array.size - np.count_nonzero(finite) - nans)
        notes = [n for n in ("%d nan" % nans if nans else "", "%d inf" % infs if infs else "") if n]
        array = array[finite]
    if array.size == 0:
        return "all non-finite (%s)" % ", ".join(notes)
    text = "%smin %s mean %s max %s" % (prefix, _number(array.min()), _number(array.mean()), _number(array.max()))
    return text + (" (%s)" % ", ".join(notes) if notes else "")


def _number(x) -> str:
    if isinstance(x, (bool, np.bool_, int, np.integer, complex, np.complexfloating)):
        return str(x if not isinstance(x, np.generic) else x.item())
    x = float(x)
    return "%d" % x if x.is_integer() and abs(x) < 1e15 else "%.4g" % x


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


class OutputRecord:
    """One output of a traced op: tensor ``name``, ``dtype`` (name), ``shape`` (tuple, or None for a
    non-array value), ``summary`` (:func:`summarize`) and ``value`` (None unless kept)."""

    __slots__ = ("name", "dtype", "shape", "summary", "value")

    def __init__(self, name: str, value, keep: bool):
        self.name = name
        if isinstance(value, (np.ndarray, np.generic)):
            self.dtype = "string" if value.dtype.kind in "OSU" else str(value.dtype)
            self.shape = tuple(np.shape(value))
        else:
            self.dtype = type(value).__name__ if value is not None else None
            self.shape = None
        self.summary = summarize(value)
        self.value = value if keep else None

    def __repr__(self) -> str:
        return "<OutputRecord %s %s %s: %s>" % (self.name, self.dtype, self.shape, self.summary)


class OpRecord:
    """What one op did in a traced run (see the module docstring)."""

    __slots__ = ("name", "type", "kind", "order", "time", "start", "outputs")

    def __init__(self, op: Operation, kind: str, order: int):
        self.name = op._name
        self.type = op._type
        self.kind = kind
        self.order = order
        self.time = 0.0
        self.start = None
        self.outputs: list[OutputRecord] = []

    @property
    def shape(self):
        """The shape of the first output (None when the op has no output)."""
        return self.outputs[0].shape if self.outputs else None

    @property
    def dtype(self):
        return self.outputs[0].dtype if self.outputs else None

    @property
    def summary(self) -> str:
        return self.outputs[0].summary if self.outputs else ""

    def __repr__(self) -> str:
        return "<OpRecord %s (%s) %s %.1f us>" % (self.name, self.type, self.kind, self.time * 1e6)


class Trace:
    """The record of one traced run (see the module docstring for the API)."""

    def __init__(self, graph, executed: dict, pruned: set, fed: set, fed_ops: set, fetches: list, results,
                 run_time: float, plan_time: float):
        self.graph = graph
        self.executed: dict[str, OpRecord] = executed
        self.pruned: set[str] = pruned
        self.fed: set[str] = fed
        self.fed_ops: set[str] = fed_ops
        self.fetches: list[str] = fetches
        self.results = results
        self.run_time = run_time
        self.plan_time = plan_time

    def status(self, op_name: str) -> str:
        """``"run"``, ``"folded"``, ``"variable"``, ``"fed"`` or ``"pruned"`` for op ``op_name``."""
        record = self.executed.get(op_name)
        if record is not None:
            return record.kind
        if op_name in self.fed_ops:
            return "fed"
        if op_name in self.pruned:
            return "pruned"
        raise KeyError("Op %r was not in the graph when it was traced." % op_name)

    def table(self, sort: str = "order", limit: int | None = None,
              columns=("#", "op", "type", "shape", "dtype", "value", "time")) -> str:
        """The executed ops as a text table, in execution order (``sort="time"``: slowest first),
        the first ``limit`` rows, then a summary line."""
        records = list(self.executed.values())
        if sort == "time":
            records.sort(key=lambda r: -r.time)
        elif sort != "order":
            raise ValueError("sort must be 'order' or 'time', not %r." % (sort,))
        shown = records[:limit] if limit is not None else records
        rows = [list(columns)]
        for r in shown:
            note = {"folded": "  (folded)", "variable": "  (variable)"}.get(r.kind, "")
            cells = {"#": str(r.order), "op": r.name, "type": r.type,
                     "shape": "" if r.shape is None else str(r.shape), "dtype": r.dtype or "",
                     "value": r.summary + note, "time": "%.1f us" % (r.time * 1e6) if r.kind == "run" else ""}
            rows.append([cells[c] for c in columns])
        widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
        if limit is not None and len(records) > limit:
            lines.append("... %d more" % (len(records) - limit))
        lines.append(self._summary_line())
        return "\n".join(lines)

    def _summary_line(self) -> str:
        kinds = [r.kind for r in self.executed.values()]
        extra = []
        if kinds.count("folded"):
            extra.append("%d folded when the plan was made" % kinds.count("folded"))
        if kinds.count("variable"):
            extra.append("%d variable%s read" % (kinds.count("variable"), "" if kinds.count("variable") == 1 else "s"))
        text = "%d op%s ran%s; %d pruned" % (len(kinds), "" if len(kinds) == 1 else "s",
                                            " (%s)" % ", ".join(extra) if extra else "", len(self.pruned))
        if self.fed:
            text += "; fed: %s" % ", ".join(sorted(self.fed))
        return text

    def __str__(self) -> str:
        return self.table()

    def __repr__(self) -> str:
        return "<Trace: %d ops ran, %d pruned, %d fed, %.3f ms>" % (
            len(self.executed), len(self.pruned), len(self.fed), self.run_time * 1e3)

    def step_stats(self):
        """TensorFlow's ``RunMetadata.step_stats`` look-alike: ``dev_stats[0].node_stats`` with
        ``node_name``, ``all_start_micros``, ``op_end_rel_micros``, ``all_end_rel_micros``, ``output``."""
        nodes = []
        for r in self.executed.values():
            if r.kind != "run":
                continue
            micros = int(round(r.time * 1e6))
            outputs = [types.SimpleNamespace(slot=i, tensor_description=types.SimpleNamespace(
                dtype=o.dtype, shape=o.shape)) for i, o in enumerate(r.outputs)]
            nodes.append(types.SimpleNamespace(
                node_name=r.name, timeline_label="%s = %s()" % (r.name, r.type),
                all_start_micros=int(round((r.start or 0.0) * 1e6)), op_start_rel_micros=0,
                op_end_rel_micros=micros, all_end_rel_micros=micros, output=outputs))
        return types.SimpleNamespace(dev_stats=[types.SimpleNamespace(device=_CPU, node_stats=nodes)])


class _TracedPlan(Plan):
    """A :class:`Plan` that remembers each op's output slots and times each step (and keeps every
    value: no step writes into another's array)."""

    _writes_in_place = False

    def __init__(self, *args, **kwargs):
        self.laid_out: list[Operation] = []
        self.folded_ops: set = set()
        self.op_slots: dict = {}
        self.step_times: list | None = None
        self.step_starts: list | None = None
        self.slots: list | None = None
        super().__init__(*args, **kwargs)

    def _lay_out(self, op: Operation) -> None:
        super()._lay_out(op)
        self.laid_out.append(op)
        outputs = op._outputs
        if len(outputs) == 1 or op in self.folded_ops:
            self.op_slots[op] = [self._slot_of.get(t) for t in outputs]
        elif op in self._multi:
            self.op_slots[op] = self._multi[op]  # one slot holding the tuple of outputs
        else:
            self.op_slots[op] = []

    def _fold(self, op, kernel, in_slots) -> bool:
        folded = super()._fold(op, kernel, in_slots)
        if folded:
            self.folded_ops.add(op)
        return folded

    def _execute(self, slots: list) -> None:
        self.slots = slots
        n = len(self._steps)
        times = self.step_times = [0.0] * n
        starts = self.step_starts = [0.0] * n
        origin = time.perf_counter()

        def observe(i, op, started, finished):
            starts[i] = started - origin
            times[i] = finished - started

        self._execute_observed(slots, observe)


def _run_traced(session, fetches, feed_dict, keep_values: bool):
    from graphscope.session import _as_feed_dict, _flatten_feeds, _resolve_feeds
    if session._closed:
        raise RuntimeError("Attempted to use a closed Session.")
    graph = session.graph
    if graph.version == 0:
        raise RuntimeError("The Session graph is empty.  Add operations to the graph before calling run().")
    feed_dict = _flatten_feeds(_as_feed_dict(feed_dict)) if feed_dict else {}
    feed_tensors = _resolve_feeds(graph, feed_dict)
    feed_values = list(feed_dict.values())
    all_ops = graph.get_operations()
    structure = FetchStructure(graph, fetches)
    start = time.perf_counter()
    plan = _TracedPlan(graph, session._state, structure.tensors, structure.targets, feed_tensors, structure)
    plan_time = time.perf_counter() - start
    start = time.perf_counter()
    results = plan.run_structured(feed_values or None)
    run_time = time.perf_counter() - start
    return results, _make_trace(session, plan, structure, feed_tensors, feed_values, all_ops, results,
                                run_time, plan_time, keep_values)


def _make_trace(session, plan, structure, feed_tensors, feed_values, all_ops, results, run_time, plan_time,
                keep_values):
    slots = plan.slots
    if slots is None:  # no steps ran: every value is in the template (folded) or fed
        slots = plan._template[:]
        for (slot, _), value in zip(plan.feed_specs, feed_values):
            slots[slot] = value
    step_of_op: dict = {}
    for i, step in enumerate(plan._steps):
        op = plan._op_of_slot.get(step[4])
        if op is not None and plan.step_times is not None:
            total, first = step_of_op.get(op, (0.0, None))
            start = plan.step_starts[i]
            step_of_op[op] = (total + plan.step_times[i], start if first is None else first)
    executed: dict[str, OpRecord] = {}
    fed_set = set(feed_tensors)
    variables_read = []
    for op in plan.laid_out:
        for t in op._inputs:
            if _is_variable_op(t._op) and t._op not in variables_read and t not in fed_set:
                variables_read.append(t._op)
    for t in structure.tensors:
        if _is_variable_op(t._op) and t._op not in variables_read and t not in fed_set:
            variables_read.append(t._op)
    state = session._state
    for op in variables_read:
        record = OpRecord(op, "variable", len(executed))
        value = state._values.get(op._name)
        record.outputs.append(OutputRecord(op._outputs[0]._name, value, keep_values))
        executed[op._name] = record
    for op in plan.laid_out:
        kind = "folded" if op in plan.folded_ops else "run"
        record = OpRecord(op, kind, len(executed))
        record.time, record.start = step_of_op.get(op, (0.0, None))
        where = plan.op_slots.get(op, [])
        if isinstance(where, int):
            values = slots[where]
            values = list(values) if isinstance(values, (tuple, list)) else [values]
        else:
            values = [slots[s] if s is not None else None for s in where]
        for t, value in zip(op._outputs, values):
            record.outputs.append(OutputRecord(t._name, value, keep_values))
        executed[op._name] = record
    fed_ops = {t._op._name for t in feed_tensors}
    pruned = {op._name for op in all_ops} - set(executed) - fed_ops
    fetches = [t.name for t in structure.tensors] + [op.name for op in structure.targets]
    return Trace(session.graph, executed, pruned, {t._name for t in feed_tensors}, fed_ops, fetches, results,
                 run_time, plan_time)


def traced_run(session, fetches, feed_dict=None, keep_values: bool = True) -> Trace:
    """Run ``fetches`` in ``session`` as ``session.run(fetches, feed_dict)`` does, recording every op
    (see the module docstring); the run's results are ``trace.results``. ``keep_values=False`` keeps
    only the summaries (for big tensors)."""
    _, trace = _run_traced(session, fetches, feed_dict, keep_values)
    return trace


def traced_session_run(session, fetches, feed_dict, options, run_metadata):
    """``Session.run`` with ``options.trace_level`` set and a ``run_metadata``: run traced, leave the
    :class:`Trace` in ``run_metadata.trace`` and step stats in ``run_metadata.step_stats``."""
    results, trace = _run_traced(session, fetches, feed_dict, keep_values=False)
    run_metadata.trace = trace
    run_metadata.step_stats = trace.step_stats()
    return results
