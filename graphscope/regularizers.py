"""Weight regularizers as ``tf.contrib.layers`` makes them: functions from a weight to a scalar penalty.

``get_variable(..., regularizer=r)`` calls ``r(v)`` once, under the name scope ``v/Regularizer/``,
and adds the result to the ``REGULARIZATION_LOSSES`` collection, which
``tf.losses.get_regularization_loss()`` sums. The ops are named as TensorFlow names them
(``w/Regularizer/l2_regularizer/scale``, ``.../L2Loss``, and the penalty ``w/Regularizer/l2_regularizer``).

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     w = tf.get_variable("w", [2, 2], initializer=tf.ones_initializer(),
...                         regularizer=tf.contrib.layers.l2_regularizer(0.1))
...     penalty = tf.losses.get_regularization_losses()[0]
...     with tf.Session() as sess:
...         sess.run(tf.global_variables_initializer())
...         value = sess.run(penalty)
>>> penalty.name, round(float(value), 6)
('w/Regularizer/l2_regularizer:0', 0.2)
"""
from __future__ import annotations

import numbers
from collections.abc import Callable

from graphscope import defaults
from graphscope.graph import GraphKeys
from graphscope.ops import array_ops, math_ops, nn_ops
from graphscope.ops.core import convert_to_tensor, op_scope

__all__ = ["apply_regularization", "l1_l2_regularizer", "l1_regularizer", "l2_regularizer", "sum_regularizer"]


def _check_scale(scale, what: str = "scale"):
    """TF's checks: an int scale is a ValueError, a negative one too; 0.0 disables (returns True)."""
    if isinstance(scale, numbers.Integral):
        raise ValueError("%s cannot be an integer: %s" % (what, scale))  # noqa: TRY004 (TF's ValueError)
    if isinstance(scale, numbers.Real):
        if scale < 0.0:
            raise ValueError("Setting a scale less than 0 on a regularizer: %g" % scale)
        return scale == 0.0
    return False


def l1_regularizer(scale: float, scope: str | None = None) -> Callable:
    """``weights -> scale * sum(|weights|)``, in name scope ``scope`` or 'l1_regularizer'.

    A scale of 0.0 gives a regularizer that returns None (no penalty); an int scale is a ValueError.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     penalty = tf.contrib.layers.l1_regularizer(0.5)(tf.constant([-1.0, 2.0]))
    ...     value = tf.Session().run(penalty)
    >>> penalty.name, float(value)
    ('l1_regularizer:0', 1.5)
    """
    if _check_scale(scale):
        return lambda _: None

    def l1(weights):
        with op_scope(scope, "l1_regularizer", [weights]) as name:
            my_scale = convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return math_ops.multiply(my_scale, math_ops.reduce_sum(math_ops.abs(weights)), name=name)
    return l1


def l2_regularizer(scale: float, scope: str | None = None) -> Callable:
    """``weights -> scale * l2_loss(weights)`` (``scale * sum(w ** 2) / 2``), in scope 'l2_regularizer'.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     penalty = tf.contrib.layers.l2_regularizer(0.5)(tf.constant([3.0, 4.0], name="w"))
    >>> penalty.name, [op.name for op in g.get_operations()]
    ('l2_regularizer:0', ['w', 'l2_regularizer/scale', 'l2_regularizer/L2Loss', 'l2_regularizer'])
    >>> tf.contrib.layers.l2_regularizer(0.0)(tf.constant(1.0)) is None
    True
    """
    if _check_scale(scale):
        return lambda _: None

    def l2(weights):
        with op_scope(scope, "l2_regularizer", [weights]) as name:
            my_scale = convert_to_tensor(scale, dtype=weights.dtype.base_dtype, name="scale")
            return math_ops.multiply(my_scale, nn_ops.l2_loss(weights), name=name)
    return l2


def l1_l2_regularizer(scale_l1: float = 1.0, scale_l2: float = 1.0, scope: str | None = None) -> Callable:
    """The sum of an L1 and an L2 regularizer, in scope 'l1_l2_regularizer' (one of them alone when
    the other's scale is 0.0)."""
    if isinstance(scale_l1, numbers.Integral):
        raise ValueError("scale_l1 cannot be an integer: %s" % scale_l1)  # noqa: TRY004 (TF's ValueError)
    if isinstance(scale_l2, numbers.Integral):
        raise ValueError("scale_l2 cannot be an integer: %s" % scale_l2)  # noqa: TRY004 (TF's ValueError)
    scope = scope or "l1_l2_regularizer"
    if scale_l1 == 0.0:
        return l2_regularizer(scale_l2, scope)
    if scale_l2 == 0.0:
        return l1_regularizer(scale_l1, scope)
    return sum_regularizer([l1_regularizer(scale_l1), l2_regularizer(scale_l2)], scope=scope)


def sum_regularizer(regularizer_list, scope: str | None = None) -> Callable | None:
    """A regularizer adding the penalties of ``regularizer_list`` (``add_n``, in scope 'sum_regularizer');
    None when the list holds no regularizer."""
    regularizer_list = [reg for reg in regularizer_list if reg is not None]
    if not regularizer_list:
        return None

    def sum_reg(weights):
        with op_scope(scope, "sum_regularizer", [weights]) as name:
            penalties = [p for p in (reg(weights) for reg in regularizer_list) if p is not None]
            return math_ops.add_n(penalties, name=name) if penalties else None
    return sum_reg


def apply_regularization(regularizer: Callable, weights_list=None):
    """Sum ``regularizer(w)`` over ``weights_list`` (default: the ``WEIGHTS`` collection) as the op
    'get_regularization_penalty', add it to ``REGULARIZATION_LOSSES`` and return it.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     ws = [tf.constant([1.0, 1.0]), tf.constant([2.0])]
    ...     total = tf.contrib.layers.apply_regularization(tf.contrib.layers.l2_regularizer(1.0), ws)
    ...     value = tf.Session().run(total)
    >>> total.name, float(value)
    ('get_regularization_penalty:0', 3.0)
    """
    if not weights_list:
        weights_list = defaults.get_collection(GraphKeys.WEIGHTS)
    if not weights_list:
        raise ValueError("No weights to regularize.")
    with op_scope("get_regularization_penalty", "get_regularization_penalty", weights_list) as scope:
        penalties = [regularizer(w) for w in weights_list]
        penalties = [p if p is not None else array_ops.constant(0.0) for p in penalties]
        for p in penalties:
            if p.shape.ndims != 0:
                raise ValueError("regularizer must return a scalar Tensor instead of a Tensor with rank %d."
                                 % p.shape.ndims)
        summed_penalty = math_ops.add_n(penalties, name=scope)
        summed_penalty.graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, summed_penalty)
        return summed_penalty
