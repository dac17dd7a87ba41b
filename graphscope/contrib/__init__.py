"""``tf.contrib``: the parts of TensorFlow 1.x's contrib that TF1 model code commonly uses.

>>> import graphscope as tf
>>> tf.contrib.layers.l2_regularizer is tf.contrib.layers.l2_regularizer
True
"""
from graphscope.contrib import layers  # noqa: F401
