"""``tf.nn``: the neural-network functions of TensorFlow 1.x (``tf.compat.v1.nn``).

A namespace only: the op types live in :mod:`graphscope.ops.nn_ops` and
:mod:`graphscope.ops.xent_ops`, the functions TensorFlow builds from other ops in
:mod:`graphscope.ops.nn_impl`.

>>> import graphscope as tf
>>> tf.nn.sigmoid is tf.sigmoid, tf.nn.tanh is tf.tanh
(True, True)
"""
from graphscope.ops.nn_impl import (  # noqa: F401
    dropout,
    embedding_lookup,
    l2_normalize,
    moments,
    relu_layer,
    sigmoid_cross_entropy_with_logits,
    weighted_cross_entropy_with_logits,
    xw_plus_b,
)
from graphscope.ops.nn_ops import (  # noqa: F401
    bias_add,
    elu,
    l2_loss,
    leaky_relu,
    log_softmax,
    relu,
    relu6,
    selu,
    sigmoid,
    softmax,
    softplus,
    softsign,
    tanh,
)
from graphscope.ops.xent_ops import (  # noqa: F401
    softmax_cross_entropy_with_logits,
    softmax_cross_entropy_with_logits_v2,
    sparse_softmax_cross_entropy_with_logits,
)
