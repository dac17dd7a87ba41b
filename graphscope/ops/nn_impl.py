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

from graphscope import defaults, dtypes
from graphscope.ops import array_ops, math_ops, nn_ops
from graphscope.ops.core import convert_to_tensor, op_scope
from graphscope.ops.nn_ops import bias_add
from graphscope.ops.xent_ops import _ensure_xent_args
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
        zeros = array_ops.zeros_like(logits, dtype=logits.dtype)
        cond = math_ops.greater_equal(logits, zeros, name="GreaterEqual")  # TF: logits >= zeros
        where = array_ops.where
        relu_logits = where(cond, logits, zeros)
        neg_abs_logits = where(cond, math_ops.negative(logits, name="Neg"), logits)
        log1p, exp = math_ops.log1p, math_ops.exp
        return math_ops.add(relu_logits - logits * labels, log1p(exp(neg_abs_logits)), name=scope)


def weighted_cross_entropy_with_logits(labels=None, logits=None, pos_weight=None, name: str | None = None,
                                       targets=None) -> Tensor:
    """Logistic loss with the positive term weighted by ``pos_weight`` (TF1's
    ``tf.nn.weighted_cross_entropy_with_logits``; ``targets`` is the old name of ``labels``), built as TF
    builds it in scope 'logistic_loss': ``(1 - z) * x + (1 + (q - 1) * z) * (log1p(exp(-|x|)) + relu(-x))``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     loss = tf.nn.weighted_cross_entropy_with_logits(labels=[1.0, 0.0], logits=[0.0, 0.0], pos_weight=3.0)
    ...     value = tf.Session().run(loss)
    >>> loss.name, [round(float(v), 6) for v in value]
    ('logistic_loss:0', [2.079442, 0.693147])
    """
    if labels is not None and targets is not None:
        raise ValueError("Cannot specify both 'labels' and 'targets'")
    labels = targets if labels is None else labels
    with op_scope(name, "logistic_loss", [logits, labels]) as scope:
        logits = convert_to_tensor(logits, name="logits")
        labels = convert_to_tensor(labels, name="labels")
        if not labels.shape.is_compatible_with(logits.shape):
            raise ValueError("logits and labels must have the same shape (%s vs %s)" % (logits.shape, labels.shape))
        log_weight = 1 + (pos_weight - 1) * labels
        return math_ops.add((1 - labels) * logits,
                            log_weight * (math_ops.log1p(math_ops.exp(-math_ops.abs(logits)))
                                          + nn_ops.relu(-logits)),
                            name=scope)


def relu_layer(x, weights, biases, name: str | None = None) -> Tensor:
    """``relu(matmul(x, weights) + biases)`` (``tf.nn.relu_layer``): 'relu_layer/MatMul',
    'relu_layer/BiasAdd' and the Relu 'relu_layer'."""
    with op_scope(name, "relu_layer", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return nn_ops.relu(bias_add(math_ops.matmul(x, weights), biases), name=scope)


def xw_plus_b(x, weights, biases, name: str | None = None) -> Tensor:
    """``matmul(x, weights) + biases`` (``tf.nn.xw_plus_b``): 'xw_plus_b/MatMul', then the BiasAdd
    'xw_plus_b' (the example at the top of this module)."""
    with op_scope(name, "xw_plus_b", [x, weights, biases]) as scope:
        x = convert_to_tensor(x, name="x")
        weights = convert_to_tensor(weights, name="weights")
        biases = convert_to_tensor(biases, name="biases")
        return bias_add(math_ops.matmul(x, weights), biases, name=scope)


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
                rate = math_ops.cast(rate, x_dtype, name="rate")
            one = array_ops.constant(1, dtype=x_dtype)
            scaled = math_ops.realdiv(x, math_ops.subtract(one, rate, name="Sub"), name="RealDiv")
        from graphscope.ops.random_ops import random_uniform
        random_tensor = random_uniform(_noise_shape(x, noise_shape), seed=seed, dtype=x_dtype)
        keep_mask = math_ops.greater_equal(random_tensor, rate, name="GreaterEqual")
        result = array_ops.where_v2(keep_mask, scaled, array_ops.constant(0, dtype=x_dtype))
        result.set_shape(x.shape)
        return result


def _noise_shape(x: Tensor, noise_shape):
    """TF's ``_get_noise_shape``: ``shape(x)`` by default; unknown entries of a given shape are filled
    from ``x``'s static shape. A list holding tensors (``[tf.shape(x)[0], 1]``) is packed."""
    if noise_shape is None:
        return array_ops.shape(x)
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


def moments(x, axes, shift=None, name: str | None = None, keep_dims=None, keepdims=None):
    """Mean and variance of ``x`` over ``axes`` (``tf.nn.moments``), as TF builds them in scope 'moments':
    'mean' = reduce_mean(x), 'variance' = reduce_mean(squared_difference(x, stop_gradient(mean))), then
    squeezed unless ``keepdims``. float16 is computed in float32. ``shift`` is unused, as in TF.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     mean, variance = tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 6.0]]), axes=[0])
    ...     values = tf.Session().run([mean, variance])
    >>> mean.name, variance.name, [v.tolist() for v in values]
    ('moments/Squeeze:0', 'moments/Squeeze_1:0', [[2.0, 4.0], [1.0, 4.0]])
    """
    del shift  # TF ignores it too
    if keep_dims is not None and keepdims is not None:
        raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'")
    keep_dims = bool(keepdims if keepdims is not None else keep_dims)
    with op_scope(name, "moments", [x, axes]):
        x = convert_to_tensor(x, name="x")
        is_half = x.dtype.base_dtype == dtypes.float16
        y = math_ops.cast(x, dtypes.float32) if is_half else x
        mean = math_ops.reduce_mean(y, axes, keepdims=True, name="mean")
        variance = math_ops.reduce_mean(math_ops.squared_difference(y, array_ops.stop_gradient(mean)), axes,
                                        keepdims=True, name="variance")
        if not keep_dims:
            mean = array_ops.squeeze(mean, axes)
            variance = array_ops.squeeze(variance, axes)
        if is_half:
            return math_ops.cast(mean, dtypes.float16), math_ops.cast(variance, dtypes.float16)
        return mean, variance


def l2_normalize(x, axis=None, epsilon: float = 1e-12, name: str | None = None, dim=None) -> Tensor:
    """``x / sqrt(max(sum(x ** 2, axis), epsilon))`` (``tf.nn.l2_normalize``; ``dim`` is TF1's old name).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     y = tf.nn.l2_normalize(tf.constant([[3.0, 4.0], [0.0, 0.0]]), axis=1)
    ...     value = tf.Session().run(y)
    >>> y.name, value.tolist()
    ('l2_normalize:0', [[0.6000000238418579, 0.800000011920929], [0.0, 0.0]])
    """
    if axis is not None and dim is not None:
        raise ValueError("Cannot specify both 'axis' and 'dim'")
    axis = dim if axis is None else axis
    with op_scope(name, "l2_normalize", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        square_sum = math_ops.reduce_sum(math_ops.square(x), axis, keepdims=True)
        x_inv_norm = math_ops.rsqrt(math_ops.maximum(square_sum, epsilon))
        return math_ops.multiply(x, x_inv_norm, name=scope)


def embedding_lookup(params, ids, partition_strategy: str = "mod", name: str | None = None,
                     validate_indices: bool = True, max_norm=None) -> Tensor:
    """Rows of the embedding ``params`` picked by ``ids`` (``tf.nn.embedding_lookup``), as TF builds it:
    the gather 'embedding_lookup' (colocated with ``params``) and its 'embedding_lookup/Identity'.

    One embedding tensor or variable (or a list of one) is supported; lookups sharded over several
    partitions and ``max_norm`` clipping are not.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     table = tf.get_variable("table", [4, 2], initializer=tf.constant_initializer([[0, 0], [1, 1],
    ...                                                                                   [2, 2], [3, 3]]))
    ...     rows = tf.nn.embedding_lookup(table, [3, 1, 3])
    ...     with tf.Session() as sess:
    ...         sess.run(tf.global_variables_initializer())
    ...         value = sess.run(rows)
    >>> rows.name, rows.op.inputs[0].op.type, value.tolist()
    ('embedding_lookup/Identity:0', 'GatherV2', [[3.0, 3.0], [1.0, 1.0], [3.0, 3.0]])
    """
    del partition_strategy, validate_indices  # one partition: nothing to split; TF ignores the other
    if params is None:
        raise ValueError("params must be specified")
    if isinstance(params, (list, tuple)) and not params:
        raise ValueError("Length of params is currently 0. Need at least one param.")
    # a list, or a PartitionedVariable (its shards), or one tensor / variable
    params = list(params) if isinstance(params, (list, tuple)) or hasattr(params, "get_variable_list") else [params]
    if len(params) != 1:
        raise NotImplementedError("embedding_lookup over %d partitions is not supported yet: pass one "
                                  "embedding tensor or variable." % len(params))
    if max_norm is not None:
        raise NotImplementedError("embedding_lookup with max_norm is not supported yet.")
    with op_scope(name, "embedding_lookup", params + [ids]) as scope:
        table = params[0]
        graph = defaults.get_default_graph()
        table_tensor = convert_to_tensor(table, name="params_0")
        ids = convert_to_tensor(ids, name="ids")
        with graph.colocate_with(table if hasattr(table, "op") else table_tensor):
            result = array_ops.gather(table_tensor, ids, name=scope)
        return array_ops.identity(result)
