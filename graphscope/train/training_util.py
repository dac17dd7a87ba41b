"""The global step: the variable counting training steps (``tf.train.get_or_create_global_step`` & co.).

``create_global_step`` makes it as TensorFlow does: ``get_variable("global_step", shape=[],
dtype=int64, initializer=zeros, trainable=False, collections=[GLOBAL_VARIABLES, GLOBAL_STEP])`` at
the root name scope (in the current *variable* scope, as TF). ``get_global_step`` finds it in the
GLOBAL_STEP collection, or as the tensor ``global_step:0``.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     step = tf.train.get_or_create_global_step()
...     same = tf.train.get_or_create_global_step()
...     bump = tf.assign_add(step, 1)
...     with tf.Session() as sess:
...         sess.run(step.initializer)
...         _ = sess.run(bump)
...         print(step.name, step.dtype.name, same is step, tf.train.global_step(sess, step))
global_step:0 int64_ref True 1
"""
from __future__ import annotations

import logging

from graphscope import dtypes
from graphscope.graph import GraphKeys, get_default_graph
from graphscope.initializers import Zeros
from graphscope.tensor import Tensor
from graphscope.variables import Variable

__all__ = ["assert_global_step", "create_global_step", "get_global_step", "get_or_create_global_step",
           "global_step"]

_log = logging.getLogger("graphscope")


def global_step(sess, global_step_tensor) -> int:
    """The value of the global step in ``sess`` as a Python int (``global_step_tensor`` is the
    variable, its tensor, or its name)."""
    return int(sess.run(global_step_tensor))


def assert_global_step(global_step_tensor) -> None:
    """TypeError unless ``global_step_tensor`` is a scalar integer Variable or Tensor."""
    if not isinstance(global_step_tensor, (Variable, Tensor)):
        raise TypeError('Existing "global_step" must be a Variable or Tensor: %s.' % (global_step_tensor,))
    if not global_step_tensor.dtype.base_dtype.is_integer:
        raise TypeError('Existing "global_step" does not have integer type: %s' % global_step_tensor.dtype)
    shape = global_step_tensor.get_shape()
    if shape.rank != 0 and shape.is_fully_defined():
        raise TypeError('Existing "global_step" is not scalar: %s' % shape)


def get_global_step(graph=None):
    """The global step of ``graph`` (default: the default graph): the one variable in the GLOBAL_STEP
    collection, else the tensor ``global_step:0``, else None."""
    graph = graph or get_default_graph()
    found = graph.get_collection(GraphKeys.GLOBAL_STEP)
    if len(found) == 1:
        step = found[0]
    elif not found:
        try:
            step = graph.get_tensor_by_name("global_step:0")
        except (KeyError, ValueError):
            return None
    else:
        _log.error("Multiple tensors in global_step collection.")
        return None
    assert_global_step(step)
    return step


def create_global_step(graph=None):
    """Create the global step variable of ``graph``; ValueError if it already has one."""
    from graphscope.variable_store import get_variable
    graph = graph or get_default_graph()
    if get_global_step(graph) is not None:
        raise ValueError('"global_step" already exists.')
    with graph.as_default(), graph.name_scope(None):
        return get_variable(GraphKeys.GLOBAL_STEP, shape=[], dtype=dtypes.int64, initializer=Zeros(),
                            trainable=False, collections=[GraphKeys.GLOBAL_VARIABLES, GraphKeys.GLOBAL_STEP])


def get_or_create_global_step(graph=None):
    """The global step of ``graph``, created first if it has none.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     step = get_or_create_global_step()
    ...     step is get_or_create_global_step(), step.name
    (True, 'global_step:0')
    """
    graph = graph or get_default_graph()
    step = get_global_step(graph)
    if step is None:
        step = create_global_step(graph)
    return step
