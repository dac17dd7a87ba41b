"""Module-level functions that act on the default graph (``tf.add_to_collection``, ``tf.device``, ...).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     tf.add_to_collection("my", 1)
...     tf.get_collection("my")
[1]
"""
from __future__ import annotations

from graphscope.graph import get_default_graph

__all__ = ["add_to_collection", "add_to_collections", "get_collection", "get_collection_ref",
           "control_dependencies", "device", "colocate_with", "get_name_scope", "executing_eagerly",
           "disable_eager_execution", "enable_eager_execution", "disable_v2_behavior", "enable_v2_behavior",
           "init_scope"]


def add_to_collection(name, value) -> None:
    """Append ``value`` to the default graph's collection ``name`` (``tf.add_to_collection``)."""
    get_default_graph().add_to_collection(name, value)


def add_to_collections(names, value) -> None:
    """Append ``value`` to each of the default graph's collections ``names``."""
    get_default_graph().add_to_collections(names, value)


def get_collection(key, scope=None) -> list:
    """A copy of the default graph's collection ``key``, filtered by ``re.match(scope, name)``."""
    return get_default_graph().get_collection(key, scope)


def get_collection_ref(key) -> list:
    """The default graph's collection ``key`` itself (a list to change in place)."""
    return get_default_graph().get_collection_ref(key)


def control_dependencies(control_inputs):
    """``tf.control_dependencies`` on the default graph: ops created in the block run after ``control_inputs``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     first = tf.no_op(name="first")
    ...     with tf.control_dependencies([first]):
    ...         second = tf.constant(1.0, name="second")
    >>> second.op.control_inputs
    [<tf.Operation 'first' type=NoOp>]
    """
    return get_default_graph().control_dependencies(control_inputs)


def device(device_name_or_function):
    """``tf.device`` on the default graph."""
    return get_default_graph().device(device_name_or_function)


def colocate_with(op, ignore_existing=False):
    """``tf.colocate_with`` on the default graph: ops created in the block are placed with ``op``."""
    return get_default_graph().colocate_with(op, ignore_existing)


def init_scope():
    """Lift op creation out of control-dependency blocks (graph mode's ``tf.init_scope``)."""
    return get_default_graph().control_dependencies(None)


def get_name_scope() -> str:
    """The current name scope of the default graph, without a trailing slash.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default(), tf.name_scope("a"), tf.name_scope("b"):
    ...     tf.get_name_scope()
    'a/b'
    """
    return get_default_graph().get_name_scope()


def executing_eagerly() -> bool:
    """Always False: graphscope is graph mode only."""
    return False


def disable_eager_execution() -> None:
    """Nothing to do: graphscope is graph mode only."""


def disable_v2_behavior() -> None:
    """Nothing to do: graphscope behaves as TF1 graph mode."""


def enable_eager_execution(*args, **kwargs):
    """Raises NotImplementedError: graphscope is graph mode only."""
    raise NotImplementedError("graphscope is graph mode only: eager execution is not available.")


def enable_v2_behavior():
    """Raises NotImplementedError: graphscope implements TF1 graph mode only."""
    raise NotImplementedError("graphscope implements TF1 graph-mode behaviour only.")
