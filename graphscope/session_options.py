"""Protocol-buffer look-alikes that ``Session`` accepts: ``ConfigProto`` (with ``GPUOptions`` and
``GraphOptions``), ``RunOptions`` and ``RunMetadata`` (with ``StepStats``). graphscope runs in process,
on the CPU: the options are accepted and ignored, except ``RunOptions.trace_level``, which traces a run
into its ``RunMetadata``.
"""
from __future__ import annotations

__all__ = ["ConfigProto", "GPUOptions", "GraphOptions", "RunMetadata", "RunOptions", "StepStats"]


class _Options:
    """A stand-in for a TF protocol buffer: keyword arguments become attributes."""

    _defaults: dict = {}

    def __init__(self, **kwargs):
        for name, make in self._defaults.items():
            setattr(self, name, make())
        for name, value in kwargs.items():
            setattr(self, name, value)

    def __repr__(self) -> str:
        return "%s(%s)" % (type(self).__name__, ", ".join("%s=%r" % kv for kv in sorted(vars(self).items())))


class GPUOptions(_Options):
    """``tf.GPUOptions`` (graphscope has no GPU; accepted and ignored)."""


class GraphOptions(_Options):
    """``tf.GraphOptions`` (accepted and ignored)."""


class ConfigProto(_Options):
    """``tf.ConfigProto``: accepted by Session and ignored.

    >>> ConfigProto(allow_soft_placement=True).gpu_options.allow_growth = True
    """

    _defaults = {"gpu_options": GPUOptions, "graph_options": GraphOptions}


class RunOptions(_Options):
    """``tf.RunOptions``: ``trace_level`` above ``NO_TRACE`` (with a ``run_metadata``) traces the run.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     y = tf.constant(3.0) * tf.placeholder(tf.float32, name="x")
    ...     meta = tf.RunMetadata()
    ...     with tf.Session() as sess:
    ...         value = sess.run(y, {"x:0": 2.0}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
    ...                          run_metadata=meta)
    >>> print(value, meta.trace.executed["mul"].summary, meta.trace.fed)
    6.0 6.0 {'x:0'}
    """

    FULL_TRACE, NO_TRACE, SOFTWARE_TRACE, HARDWARE_TRACE = 3, 0, 1, 2
    _defaults = {"trace_level": int}


class StepStats(_Options):
    """``tf.StepStats``: ``dev_stats``, one entry per device a traced run timed (empty until then)."""

    _defaults = {"dev_stats": list}


class RunMetadata(_Options):
    """``tf.RunMetadata``: a traced ``Session.run`` leaves ``trace`` (a :class:`graphscope.trace.Trace`)
    and ``step_stats`` in it; a fresh one reads as TensorFlow's empty proto.

    >>> meta = RunMetadata()
    >>> meta.step_stats.dev_stats, meta.partition_graphs, meta.HasField("step_stats")
    ([], [], False)
    """

    _defaults = {"step_stats": StepStats, "partition_graphs": list}

    def HasField(self, name: str) -> bool:
        """Is the message field ``name`` (``step_stats``) set: has a traced run (or the caller) filled it?"""
        if name != "step_stats":
            raise ValueError('Protocol message RunMetadata has no singular "%s" field.' % name)
        return bool(self.step_stats.dev_stats)

    def Clear(self) -> None:
        """Back to a fresh RunMetadata (a run given this one does it first)."""
        vars(self).clear()
        _Options.__init__(self)
