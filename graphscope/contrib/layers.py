"""``tf.contrib.layers``: the weight regularizers (see :mod:`graphscope.regularizers`), the contrib weight
initializers (``xavier_initializer``, ``variance_scaling_initializer``) and ``fully_connected``, built as
TensorFlow 1.15's ``tensorflow/contrib/layers`` builds them.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 4], name="x")
...     h = tf.contrib.layers.fully_connected(x, 8)
...     y = tf.contrib.layers.fully_connected(h, 2, activation_fn=None, scope="logits")
...     names = [v.name for v in tf.model_variables()]
>>> h.name, y.name, names
('fully_connected/Relu:0', 'logits/BiasAdd:0', ['fully_connected/weights:0', 'fully_connected/biases:0', \
'logits/weights:0', 'logits/biases:0'])
"""
from __future__ import annotations

import functools
import math
import numbers

from graphscope import dtypes, initializers
from graphscope.graph import GraphKeys, get_default_graph
from graphscope.layers import core as core_layers
from graphscope.layers.base import all_or_nothing
from graphscope.ops import nn_ops, random_ops
from graphscope.ops.core import convert_to_tensor, graph_of
from graphscope.regularizers import (  # noqa: F401
    apply_regularization,
    l1_l2_regularizer,
    l1_regularizer,
    l2_regularizer,
    sum_regularizer,
)
from graphscope.scopes import get_variable_scope, variable_scope
from graphscope.variables import PartitionedVariable

__all__ = ["apply_regularization", "fully_connected", "l1_l2_regularizer", "l1_regularizer", "l2_regularizer",
           "linear", "sum_regularizer", "variance_scaling_initializer", "xavier_initializer",
           "xavier_initializer_conv2d"]


# -- initializers (tensorflow/contrib/layers/python/layers/initializers.py) --------------------------

def variance_scaling_initializer(factor: float = 2.0, mode: str = "FAN_IN", uniform: bool = False, seed=None,
                                 dtype=dtypes.float32):
    """An initializer with variance ``factor / n`` (contrib's ``variance_scaling_initializer``), where ``n``
    is ``fan_in``, ``fan_out`` or their mean (``mode`` 'FAN_IN', 'FAN_OUT', 'FAN_AVG'; for shapes of
    rank > 2 both fans are multiplied by the leading dims). ``uniform`` draws from ``[-limit, limit]``
    with ``limit = sqrt(3 * factor / n)``; otherwise a normal of stddev ``sqrt(1.3 * factor / n)``
    truncated at two stddevs. The default is He et al.'s initializer for ReLU nets.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     init = tf.contrib.layers.variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=True)
    ...     w = tf.get_variable("w", [300, 100], initializer=init)
    ...     with tf.Session() as sess:
    ...         sess.run(tf.global_variables_initializer())
    ...         value = sess.run(w)
    >>> bool(abs(value).max() <= math.sqrt(3.0 / 200)), w.initial_value.op.name
    (True, 'w/Initializer/random_uniform')
    """
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise TypeError("Cannot create initializer for non-floating point type.")
    if mode not in ("FAN_IN", "FAN_OUT", "FAN_AVG"):
        raise TypeError("Unknown mode %s [FAN_IN, FAN_OUT, FAN_AVG]" % (mode,))

    def _initializer(shape, dtype=dtype, partition_info=None):
        """Initializer function."""
        dtype = dtypes.as_dtype(dtype)
        if not dtype.is_floating:
            raise TypeError("Cannot create initializer for non-floating point type.")
        shape = list(shape)
        if shape:
            fan_in = float(shape[-2]) if len(shape) > 1 else float(shape[-1])
            fan_out = float(shape[-1])
        else:
            fan_in = fan_out = 1.0
        for dim in shape[:-2]:
            fan_in *= float(dim)
            fan_out *= float(dim)
        n = {"FAN_IN": fan_in, "FAN_OUT": fan_out, "FAN_AVG": (fan_in + fan_out) / 2.0}[mode]
        if uniform:
            limit = math.sqrt(3.0 * factor / n)
            return random_ops.random_uniform(shape, -limit, limit, dtype, seed=seed)
        trunc_stddev = math.sqrt(1.3 * factor / n)
        return random_ops.truncated_normal(shape, 0.0, trunc_stddev, dtype, seed=seed)

    return _initializer


def xavier_initializer(uniform: bool = True, seed=None, dtype=dtypes.float32):
    """Glorot & Bengio's initializer (contrib's ``xavier_initializer``): ``variance_scaling_initializer(
    factor=1.0, mode='FAN_AVG', uniform=uniform)``, uniform in ``[-sqrt(6 / (in + out)), sqrt(6 / (in +
    out))]`` or truncated normal. The default weights initializer of ``fully_connected``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     w = tf.get_variable("w", [2, 3], initializer=tf.contrib.layers.xavier_initializer(uniform=False))
    >>> w.initial_value.op.name
    'w/Initializer/truncated_normal'
    """
    return variance_scaling_initializer(factor=1.0, mode="FAN_AVG", uniform=uniform, seed=seed, dtype=dtype)


xavier_initializer_conv2d = xavier_initializer


# -- fully_connected (tensorflow/contrib/layers/python/layers/layers.py) ----------------------------

_XAVIER = xavier_initializer()  # TF's default weights initializer (one instance, as TF's default argument)
_ZEROS = initializers.zeros_initializer()

def _model_variable_getter(getter, name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=True,
                           collections=None, caching_device=None, partitioner=None, rename=None, use_resource=None,
                           **_):
    """contrib's getter for core layers: rename the variable (``kernel`` -> ``weights``) and make it a
    model variable (GLOBAL_VARIABLES and MODEL_VARIABLES), reusing as the current scope says."""
    short_name = name.split("/")[-1]
    if rename and short_name in rename:
        name = "/".join(name.split("/")[:-1] + [rename[short_name]])
    collections = list(collections or []) + [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES]
    collections = list(dict.fromkeys(collections))
    return getter(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                  trainable=trainable, collections=collections, caching_device=caching_device,
                  partitioner=partitioner, use_resource=use_resource, reuse=get_variable_scope().reuse)


def _build_variable_getter(rename=None):
    def layer_variable_getter(getter, *args, **kwargs):
        kwargs["rename"] = rename
        return _model_variable_getter(getter, *args, **kwargs)
    return layer_variable_getter


def _add_variable_to_collections(variable, collections_set, collections_name: str) -> None:
    collections = (collections_set.get(collections_name) if isinstance(collections_set, dict)
                   else collections_set) or []
    variables = list(variable) if isinstance(variable, PartitionedVariable) else [variable]
    graph = get_default_graph()
    for collection in collections:
        present = {id(v) for v in graph.get_collection(collection)}
        for v in variables:
            if id(v) not in present:
                graph.add_to_collection(collection, v)


def fully_connected(inputs, num_outputs, activation_fn=nn_ops.relu, normalizer_fn=None, normalizer_params=None,
                    weights_initializer=_XAVIER, weights_regularizer=None,
                    biases_initializer=_ZEROS, biases_regularizer=None, reuse=None,
                    variables_collections=None, outputs_collections=None, trainable=True, scope=None):
    """A fully connected layer (``tf.contrib.layers.fully_connected``): ``activation_fn(normalizer_fn(
    matmul(inputs, weights) + biases))`` in variable scope ``scope`` (default 'fully_connected',
    'fully_connected_1', ...), as contrib builds it over ``tf.layers.Dense``.

    Variables ``<scope>/weights`` (default: Xavier-uniform) and ``<scope>/biases`` (zeros; none when
    ``biases_initializer`` is None or a ``normalizer_fn`` is given), in GLOBAL_VARIABLES, MODEL_VARIABLES,
    TRAINABLE_VARIABLES (if ``trainable``) and ``variables_collections`` (a list, or a dict keyed
    'weights' / 'biases'). Ops ``<scope>/MatMul``, ``<scope>/BiasAdd``, ``<scope>/Relu``; a regularizer's
    penalty is ``<scope>/kernel/Regularizer/...`` (contrib's Dense names it after its ``kernel``). With
    ``reuse=True`` (and a ``scope``) the variables are shared. The output is added to
    ``outputs_collections`` (TF also tags it with an ``aliases`` attribute, which graphscope's tensors lack).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, [None, 3])
    ...     a = tf.contrib.layers.fully_connected(x, 2, scope="fc",
    ...                                           weights_regularizer=tf.contrib.layers.l2_regularizer(0.1))
    ...     b = tf.contrib.layers.fully_connected(x, 2, scope="fc", reuse=True)
    ...     penalties = [t.name for t in tf.losses.get_regularization_losses()]
    ...     variables = [v.name for v in tf.global_variables()]
    >>> a.name, b.name, variables, penalties
    ('fc/Relu:0', 'fc_1/Relu:0', ['fc/weights:0', 'fc/biases:0'], ['fc/kernel/Regularizer/l2_regularizer:0'])
    """
    if not isinstance(num_outputs, numbers.Integral) or isinstance(num_outputs, bool):
        raise ValueError("num_outputs should be int or long, got %s." % (num_outputs,))
    layer_variable_getter = _build_variable_getter({"bias": "biases", "kernel": "weights"})
    try:
        graph = graph_of([inputs])
    except (TypeError, ValueError):
        graph = get_default_graph()
    with graph.as_default(), all_or_nothing(graph), \
            variable_scope(scope, "fully_connected", [inputs], reuse=reuse,
                           custom_getter=layer_variable_getter) as sc:
        inputs = convert_to_tensor(inputs)
        layer = core_layers.Dense(units=num_outputs, activation=None,
                                  use_bias=not normalizer_fn and biases_initializer,
                                  kernel_initializer=weights_initializer, bias_initializer=biases_initializer,
                                  kernel_regularizer=weights_regularizer, bias_regularizer=biases_regularizer,
                                  activity_regularizer=None, trainable=trainable, name=sc.name,
                                  dtype=inputs.dtype.base_dtype, _scope=sc, _reuse=reuse)
        outputs = layer.apply(inputs)
        _add_variable_to_collections(layer.kernel, variables_collections, "weights")
        if layer.bias is not None:
            _add_variable_to_collections(layer.bias, variables_collections, "biases")
        if normalizer_fn is not None:
            outputs = normalizer_fn(outputs, **(normalizer_params or {}))
        if activation_fn is not None:
            outputs = activation_fn(outputs)
        if outputs_collections:
            graph.add_to_collections(outputs_collections, outputs)
        return outputs


linear = functools.partial(fully_connected, activation_fn=None)
linear.__doc__ = "``fully_connected(..., activation_fn=None)`` (``tf.contrib.layers.linear``)."
