"""Neural-network functions TensorFlow builds from other ops (its ``nn_impl.py`` and friends).

``sigmoid_cross_entropy_with_logits``, ``xw_plus_b``, ``dropout``, ``moments``, ``l2_normalize`` and
``embedding_lookup`` create the same ops under the same name scopes as TensorFlow 1.x graph mode,
so their graphs read like TensorFlow's and their gradients come from the ops they are made of.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 4], name="x")
...     w = tf.ones([4, 2], name="w")
...     y = tf.nn.xw_plus_b(x, w, [0.5, -0.5])
>>> y.name, y.op.type, y.op.inputs[0].name, y.shape.as_list()
('xw_plus_b:0', 'BiasAdd', 'xw_plus_b/MatMul:0', [None, 2])
"""
from __future__ import annotations

import numbers

from graphscope import dtypes
from graphscope.ops import array_ops, math_ops
from graphscope.ops._stand_ins import function
from graphscope.ops.core import convert_to_tensor, op_scope
from graphscope.ops.nn_ops import _ensure_xent_args, bias_add
from graphscope.tensor import Tensor

__all__: list = []  # everything here is tf.nn.* (see graphscope/nn.py), nothing top-level


def sigmoid_cross_entropy_with_logits(_sentinel=None, labels=None, logits=None, name: str | None = None) -> Tensor:
    """Elementwise logistic loss ``max(x, 0) - x * z + log1p(exp(-|x|))`` (``x`` logits, ``z`` labels).

    ``tf.nn.sigmoid_cross_entropy_with_logits``, built as TensorFlow builds it in scope 'logistic_loss':
    ``where(x >= 0, x, 0) - x * z + log1p(exp(where(x >= 0, -x, x)))``, which never overflows and whose
    gradient at ``x = 0`` is ``0.5 - z``. Named arguments only; the shapes must match.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     z = tf.placeholder(tf.float32, [2], name="z")
    ...     l = tf.placeholder(tf.float32, [2], name="l")
    ...     loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=l, logits=z)
    >>> [op.name for op in g.get_operations()][2:]  # doctest: +NORMALIZE_WHITESPACE
    ['logistic_loss/zeros_like', 'logistic_loss/GreaterEqual', 'logistic_loss/Select',
     'logistic_loss/Neg', 'logistic_loss/Select_1', 'logistic_loss/mul', 'logistic_loss/sub',
     'logistic_loss/Exp', 'logistic_loss/Log1p', 'logistic_loss']
    >>> tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros([2]), logits=tf.zeros([3]))
    Traceback (most recent call last):
    ...
    ValueError: logits and labels must have the same shape ((3,) vs (2,))
    """
    _ensure_xent_args("sigmoid_cross_entropy_with_logits", _sentinel, labels, logits)
    with op_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        if not labels.shape.is_compatible_with(logits.shape):
            raise ValueError("logits and labels must have the same shape (%s vs %s)" % (logits.shape, labels.shape))
        zeros = function(array_ops, "zeros_like")(logits, dtype=logits.dtype)
        cond = function(math_ops, "greater_equal")(logits, zeros, name="GreaterEqual")  # TF: logits >= zeros
        where = function(array_ops, "where")
        relu_logits = where(cond, logits, zeros)
        neg_abs_logits = where(cond, function(math_ops, "negative")(logits, name="Neg"), logits)
        log1p, exp = function(math_ops, "log1p"), function(math_ops, "exp")
        return math_ops.add(relu_logits - logits * labels, log1p(exp(neg_abs_logits)), name=scope)


def xw_plus_b(x, weights, biases, name: str | None = None) -> Tensor:
    """``matmul(x, weights) + biases`` (``tf.nn.xw_plus_b``): 'xw_plus_b/MatMul', then the BiasAdd
    'xw_plus_b' (the example at the top of this module)."""
    with op_scope(name, "xw_plus_b", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return bias_add(function(math_ops, "matmul")(x, weights), biases, name=scope)


def dropout(x, keep_prob=None, noise_shape=None, seed=None, name: str | None = None, rate=None) -> Tensor:
    """Zero each element of ``x`` with probability ``rate = 1 - keep_prob``; scale the others by
    ``1 / keep_prob`` (TF1's ``tf.nn.dropout``: give exactly one of ``keep_prob`` and ``rate``).

    Built as TensorFlow builds it, in scope 'dropout': ``x * (1 / keep_prob)`` ('Mul'; 'RealDiv' when
    the rate is a tensor), ``random_uniform(noise_shape) >= rate`` ('GreaterEqual') and
    ``where_v2(mask, scaled, 0)`` ('SelectV2'). ``noise_shape`` broadcasts against ``x``: ``[batch, 1]``
    keeps or drops whole rows. The random numbers are graphscope's (seeded as TF seeds), not TF's.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     y = tf.nn.dropout(tf.placeholder(tf.float32, [None, 3]), keep_prob=0.5)
    >>> y.name, y.op.type, y.shape.as_list()
    ('dropout/SelectV2:0', 'SelectV2', [None, 3])
    """
    if keep_prob is not None and rate is not None:
        raise ValueError("Cannot specify both 'rate' and 'keep_prob'")
    if keep_prob is not None:
        try:
            rate = 1.0 - keep_prob
        except TypeError:
            raise ValueError("`keep_prob` must be a floating point number or Tensor. Received: keep_prob=%r"
                             % (keep_prob,)) from None
    if rate is None:
        raise ValueError("`rate` must be provided. Received: rate=None")
    with op_scope(name, "dropout", [x]):
        is_rate_number = isinstance(rate, numbers.Real)
        if is_rate_number and not 0 <= rate < 1:
            raise ValueError("`rate` must be a scalar tensor or a float in the range [0, 1). Received: rate=%r"
                             % (rate,))
        x = convert_to_tensor(x, name="x")
        x_dtype = x.dtype.base_dtype
        if not x_dtype.is_floating:
            raise ValueError("`x.dtype` must be a floating point tensor as `x` will be scaled. Received: "
                             "x_dtype=%s" % x_dtype.name)
        if is_rate_number and rate == 0:
            return x
        if is_rate_number:
            scaled = math_ops.multiply(x, convert_to_tensor(1 / (1 - rate), dtype=x_dtype), name="Mul")
        else:
            rate = convert_to_tensor(rate, name="rate")
            if rate._dims is not None and len(rate._dims) != 0:
                raise ValueError("`rate` must be a scalar tensor, got shape %s." % rate.shape)
            if rate.dtype.base_dtype != x_dtype:
                rate = function(math_ops, "cast")(rate, x_dtype, name="rate")
            one = array_ops.constant(1, dtype=x_dtype)
            scaled = function(math_ops, "realdiv")(x, math_ops.subtract(one, rate, name="Sub"), name="RealDiv")
        from graphscope.ops.random_ops import random_uniform
        random_tensor = random_uniform(_noise_shape(x, noise_shape), seed=seed, dtype=x_dtype)
        keep_mask = function(math_ops, "greater_equal")(random_tensor, rate, name="GreaterEqual")
        result = function(array_ops, "where_v2")(keep_mask, scaled, array_ops.constant(0, dtype=x_dtype))
        result.set_shape(x.shape)
        return result


def _noise_shape(x: Tensor, noise_shape):
    """TF's ``_get_noise_shape``: ``shape(x)`` by default; unknown entries of a given shape are filled
    from ``x``'s static shape. A list holding tensors (``[tf.shape(x)[0], 1]``) is packed."""
    if noise_shape is None:
        return function(array_ops, "shape")(x)
    if isinstance(noise_shape, Tensor):
        return noise_shape
    dims = list(noise_shape.as_list() if hasattr(noise_shape, "as_list") else noise_shape)
    if any(isinstance(d, Tensor) for d in dims):
        return array_ops.stack([d if isinstance(d, Tensor) else array_ops.constant(d, dtype=dtypes.int32)
                                for d in dims], name="shape")
    if x._dims is not None and len(x._dims) == len(dims):
        dims = [x_dim if d is None else d for d, x_dim in zip(dims, x._dims)]
    if any(d is None for d in dims):
        raise ValueError("Cannot convert a partially known TensorShape (%s) to a Tensor: dropout's noise_shape "
                         "needs every size (x has shape %s; use tf.shape(x) for unknown ones)."
                         % (", ".join("?" if d is None else str(d) for d in dims), x.shape))
    return [int(d) for d in dims]
