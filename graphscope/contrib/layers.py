"""``tf.contrib.layers``: the weight regularizers (see :mod:`graphscope.regularizers`)."""
from graphscope.regularizers import (  # noqa: F401
    apply_regularization,
    l1_l2_regularizer,
    l1_regularizer,
    l2_regularizer,
    sum_regularizer,
)
