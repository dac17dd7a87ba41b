"""``tf.layers``: TensorFlow 1.x's layers (``tf.compat.v1.layers``), built with the same scopes, variable
names and ops as TensorFlow 1.15 builds them.

* :mod:`graphscope.layers.base`: ``Layer`` (variables through ``get_variable`` in the layer's scope) and
  ``InputSpec``;
* :mod:`graphscope.layers.core`: ``Dense``/``dense``, ``Dropout``/``dropout``, ``Flatten``/``flatten``;
* :mod:`graphscope.layers.utils`: ``smart_cond``, ``tensordot`` and the Keras-name lookups.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 8], name="x")
...     training = tf.placeholder_with_default(False, [], name="training")
...     h = tf.layers.dense(x, 16, activation=tf.nn.relu, name="fc1")
...     h = tf.layers.dropout(h, rate=0.5, training=training)
...     logits = tf.layers.dense(h, 3, name="fc2")
...     names = [v.name for v in tf.trainable_variables()]
>>> logits.name, logits.shape.as_list(), names[:2]
('fc2/BiasAdd:0', [None, 3], ['fc1/kernel:0', 'fc1/bias:0'])
"""
from graphscope.layers.base import InputSpec, Layer
from graphscope.layers.core import Dense, Dropout, Flatten, dense, dropout, flatten

__all__ = ["Dense", "Dropout", "Flatten", "InputSpec", "Layer", "dense", "dropout", "flatten"]
