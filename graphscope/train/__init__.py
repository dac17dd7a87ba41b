"""``tf.train``: optimizers, the global step and checkpoints (TF1's ``tf.compat.v1.train``).

* :mod:`graphscope.train.optimizers`: ``Optimizer``, ``GradientDescentOptimizer``,
  ``MomentumOptimizer``, ``AdamOptimizer`` (slots named as TensorFlow names them).
* :mod:`graphscope.train.training_util`: ``get_or_create_global_step`` and friends.
* :mod:`graphscope.train.saver`: ``Saver`` (``.npz`` checkpoints keyed by variable name, written
  atomically); :mod:`graphscope.train.checkpoint_management`: ``latest_checkpoint``,
  ``get_checkpoint_state``, ``list_variables``, ``load_variable``, ``NewCheckpointReader``.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.Variable(4.0, name="x")
...     step = tf.train.get_or_create_global_step()
...     train = tf.train.GradientDescentOptimizer(0.25).minimize(tf.identity(x), global_step=step)
...     with tf.Session() as sess:
...         sess.run(tf.global_variables_initializer())
...         for _ in range(4):
...             sess.run(train)
...         print(sess.run(x), sess.run(step), train.type)
3.0 4 AssignAdd
"""
from graphscope.export import write_graph  # tf.train.write_graph, as TF's training.py re-exports graph_io's
from graphscope.train.checkpoint_management import (
    CheckpointReader, CheckpointState, NewCheckpointReader, checkpoint_exists, get_checkpoint_state,
    latest_checkpoint, list_variables, load_checkpoint, load_variable, remove_checkpoint,
    update_checkpoint_state,
)
from graphscope.train.learning_rate_decay import *  # noqa: F401,F403 (exponential_decay, piecewise_constant, ...)
from graphscope.train.optimizers import AdamOptimizer, GradientDescentOptimizer, MomentumOptimizer, Optimizer
from graphscope.train.saver import Saver
from graphscope.train.training_util import (
    assert_global_step, create_global_step, get_global_step, get_or_create_global_step, global_step,
)

__all__ = ["AdamOptimizer", "CheckpointReader", "CheckpointState", "GradientDescentOptimizer", "MomentumOptimizer",
           "NewCheckpointReader", "Optimizer", "Saver", "assert_global_step", "checkpoint_exists",
           "create_global_step", "get_checkpoint_state", "get_global_step", "get_or_create_global_step",
           "global_step", "latest_checkpoint", "list_variables", "load_checkpoint", "load_variable",
           "remove_checkpoint", "update_checkpoint_state", "write_graph"]
