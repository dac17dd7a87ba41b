"""The core ``tf.layers``: ``Dense``/``dense``, ``Dropout``/``dropout``, ``Flatten``/``flatten``, built as
TensorFlow 1.15 builds them (``tensorflow/python/layers/core.py`` over Keras' ``layers/core.py``).

>>> import graphscope as tf
>>> with tf.Graph().as_default() as g:
...     x = tf.placeholder(tf.float32, [None, 4], name="x")
...     h = tf.layers.dense(x, 3, activation=tf.nn.relu)
...     y = tf.layers.dense(h, 2, name="logits")
...     names = [v.name for v in tf.trainable_variables()]
>>> names
['dense/kernel:0', 'dense/bias:0', 'logits/kernel:0', 'logits/bias:0']
>>> h.name, y.name, y.op.inputs[0].op.name
('dense/Relu:0', 'logits/BiasAdd:0', 'logits/MatMul')
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes, initializers
from graphscope.layers.base import InputSpec, Layer, all_or_nothing
from graphscope.layers.utils import get_activation, get_callable, get_initializer, smart_cond, tensordot
from graphscope.ops import array_ops, math_ops, nn_impl, nn_ops
from graphscope.ops.core import convert_to_tensor, graph_of
from graphscope.ops.tensor_util import to_tensor
from graphscope.shapes import TensorShape, dimension_value
from graphscope.tensor import Tensor

__all__ = ["Dense", "Dropout", "Flatten", "dense", "dropout", "flatten"]

_INT32_MAX = np.iinfo(np.int32).max
_ZEROS = initializers.zeros_initializer()  # TF's default bias initializer (one stateless instance)


class Dense(Layer):
    """A densely-connected layer: ``activation(matmul(inputs, kernel) + bias)`` (``tf.layers.Dense``).

    Weights ``kernel`` ([input depth, units]; default initializer: the variable scope's, else
    glorot-uniform) and ``bias`` ([units], zeros). Ops: ``<scope>/MatMul``, ``<scope>/BiasAdd``, then
    the activation's (``<scope>/Relu``). Inputs of rank > 2 are contracted over their last axis with
    TF's ``tensordot`` ops (``<scope>/Tensordot/...``). ``activation`` may be a function or a Keras name
    ('relu', 'tanh', ...); the regularizers and constraints are functions.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     layer = tf.layers.Dense(2, kernel_initializer=tf.ones_initializer(), name="fc")
    ...     y = layer(tf.constant([[1.0, 2.0, 3.0]]))
    ...     with tf.Session() as sess:
    ...         sess.run(tf.global_variables_initializer())
    ...         value = sess.run(y)
    >>> [w.name for w in layer.weights], layer.kernel.shape.as_list(), value.tolist()
    (['fc/kernel:0', 'fc/bias:0'], [3, 2], [[6.0, 6.0]])
    """

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=_ZEROS, kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True,
                 name=None, **kwargs):
        if "input_shape" not in kwargs and "input_dim" in kwargs:
            kwargs["input_shape"] = (kwargs.pop("input_dim"),)
        super().__init__(trainable=trainable, name=name,
                         activity_regularizer=get_callable(activity_regularizer, "regularizer"), **kwargs)
        self.units = int(units)
        self.activation = get_activation(activation)
        self.use_bias = use_bias
        self.kernel_initializer = get_initializer(kernel_initializer)
        self.bias_initializer = get_initializer(bias_initializer)
        self.kernel_regularizer = get_callable(kernel_regularizer, "regularizer")
        self.bias_regularizer = get_callable(bias_regularizer, "regularizer")
        self.kernel_constraint = get_callable(kernel_constraint, "constraint")
        self.bias_constraint = get_callable(bias_constraint, "constraint")
        self.supports_masking = True
        self.input_spec = InputSpec(min_ndim=2)

    def build(self, input_shape) -> None:
        dtype = dtypes.as_dtype(self.dtype or dtypes.float32)
        if not (dtype.is_floating or dtype.is_complex):
            raise TypeError("Unable to build `Dense` layer with non-floating point dtype %s" % (dtype,))
        input_shape = TensorShape(input_shape)
        if input_shape.ndims is None or dimension_value(input_shape[-1]) is None:
            raise ValueError("The last dimension of the inputs to `Dense` should be defined. Found `None`.")
        last_dim = dimension_value(input_shape[-1])
        self.input_spec = InputSpec(min_ndim=2, axes={-1: last_dim})
        self.kernel = self.add_weight("kernel", shape=[last_dim, self.units], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.kernel_constraint,
                                      dtype=self.dtype, trainable=True)
        if self.use_bias:
            self.bias = self.add_weight("bias", shape=[self.units], initializer=self.bias_initializer,
                                        regularizer=self.bias_regularizer, constraint=self.bias_constraint,
                                        dtype=self.dtype, trainable=True)
        else:
            self.bias = None
        self.built = True

    def call(self, inputs):
        if not isinstance(inputs, Tensor):
            inputs = convert_to_tensor(inputs)
        rank = inputs.shape.ndims
        if rank > 2:
            outputs = tensordot(inputs, self.kernel, [[rank - 1], [0]])
            outputs.set_shape(inputs.shape.as_list()[:-1] + [self.units])
        else:
            inputs = math_ops.cast(inputs, self.dtype)
            outputs = math_ops.matmul(inputs, self.kernel)
        if self.use_bias:
            outputs = nn_ops.bias_add(outputs, self.bias)
        if self.activation is not None:
            return self.activation(outputs)
        return outputs

    def compute_output_shape(self, input_shape) -> TensorShape:
        input_shape = TensorShape(input_shape).with_rank_at_least(2)
        if dimension_value(input_shape[-1]) is None:
            raise ValueError("The innermost dimension of input_shape must be defined, but saw: %s" % input_shape)
        return input_shape[:-1].concatenate(self.units)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(units=self.units, activation=getattr(self.activation, "__name__", self.activation),
                      use_bias=self.use_bias)
        return config


def _graph_of_inputs(inputs):
    from graphscope.graph import get_default_graph
    try:
        return graph_of([inputs]) if not isinstance(inputs, (list, tuple, dict)) else get_default_graph()
    except (TypeError, ValueError):
        return get_default_graph()


def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
          bias_initializer=_ZEROS, kernel_regularizer=None, bias_regularizer=None,
          activity_regularizer=None, kernel_constraint=None, bias_constraint=None, trainable=True, name=None,
          reuse=None):
    """``Dense(units, ...)`` applied to ``inputs`` (``tf.layers.dense``): its scope is ``name`` (opened
    now, so layers of one name share variables when ``reuse`` is True or AUTO_REUSE), or ``dense``,
    ``dense_1``, ... when ``name`` is None.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, [None, 3])
    ...     a = tf.layers.dense(x, 4, name="shared")
    ...     b = tf.layers.dense(x, 4, name="shared", reuse=True)
    ...     c = tf.layers.dense(x, 4)
    ...     names = [v.name for v in tf.global_variables()]
    >>> a.name, b.name, c.name, names  # doctest: +NORMALIZE_WHITESPACE
    ('shared/BiasAdd:0', 'shared_1/BiasAdd:0', 'dense/BiasAdd:0',
     ['shared/kernel:0', 'shared/bias:0', 'dense/kernel:0', 'dense/bias:0'])
    """
    graph = _graph_of_inputs(inputs)
    with graph.as_default(), all_or_nothing(graph):
        layer = Dense(units, activation=activation, use_bias=use_bias, kernel_initializer=kernel_initializer,
                      bias_initializer=bias_initializer, kernel_regularizer=kernel_regularizer,
                      bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
                      kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, trainable=trainable,
                      name=name, _scope=name, _reuse=reuse)
        return layer.apply(inputs)


class Dropout(Layer):
    """Zero a fraction ``rate`` of the inputs and scale the rest by ``1 / (1 - rate)`` when ``training``
    (``tf.layers.Dropout``); otherwise ``Identity``.

    ``training`` (a call argument, default False) is a Python bool or a bool tensor. A tensor whose value
    is not known while the graph is built selects between the two results (TF builds ``tf.cond``; see
    :mod:`graphscope.layers.utils`): ops ``dropout/cond/dropout/...``, ``dropout/cond/Identity`` and
    ``dropout/cond/SelectV2`` (TF's output is ``dropout/cond/Merge``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.ones([1000])
    ...     y = tf.layers.Dropout(0.25, seed=1)(x, training=True)
    ...     same = tf.layers.dropout(x, 0.25)
    ...     value = tf.Session().run(y)
    >>> y.name, same.name, sorted(set(value.tolist())), bool(0.65 < np.mean(value > 0) < 0.85)
    ('dropout/dropout/SelectV2:0', 'dropout_1/Identity:0', [0.0, 1.3333333730697632], True)
    """

    def __init__(self, rate=0.5, noise_shape=None, seed=None, name=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.rate = rate
        self.noise_shape = noise_shape
        self.seed = seed
        self.supports_masking = True

    def _get_noise_shape(self, inputs):
        if self.noise_shape is None:
            return None
        concrete_inputs_shape = array_ops.shape(inputs)
        dims = [concrete_inputs_shape[i] if value is None else value for i, value in enumerate(self.noise_shape)]
        return to_tensor(dims)

    def call(self, inputs, training=False):
        def dropped_inputs():
            return nn_impl.dropout(inputs, noise_shape=self._get_noise_shape(inputs), seed=self.seed, rate=self.rate)
        return smart_cond(training, dropped_inputs, lambda: array_ops.identity(inputs))

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(rate=self.rate, noise_shape=self.noise_shape, seed=self.seed)
        return config


def dropout(inputs, rate=0.5, noise_shape=None, seed=None, training=False, name=None):
    """``Dropout(rate, noise_shape, seed, name)`` applied to ``inputs`` (``tf.layers.dropout``); note that
    ``training`` defaults to False (the identity), as in TF.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     y = tf.layers.dropout(tf.ones([2, 3]), rate=0.5, noise_shape=[2, 1], training=True)
    ...     value = tf.Session().run(y)
    >>> y.shape.as_list(), all(len(set(row)) == 1 for row in value.tolist())
    ([2, 3], True)
    """
    graph = _graph_of_inputs(inputs)
    with graph.as_default(), all_or_nothing(graph):
        layer = Dropout(rate, noise_shape=noise_shape, seed=seed, name=name)
        return layer.apply(inputs, training=training)


def _normalize_data_format(value) -> str:
    data_format = "channels_last" if value is None else value.lower()
    if data_format not in ("channels_first", "channels_last"):
        raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". Received: '
                         + str(value))
    return data_format


class Flatten(Layer):
    """Flatten all but the first (batch) axis (``tf.layers.Flatten``): one ``Reshape`` to
    ``[-1, prod(rest)]`` when the other axes are known, else to ``[batch, -1]``.
    ``data_format='channels_first'`` moves axis 1 last first (a ``Transpose``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     y = tf.layers.flatten(tf.placeholder(tf.float32, [None, 2, 3]))
    >>> y.name, y.shape.as_list(), y.op.inputs[1].op.name
    ('flatten/Reshape:0', [None, 6], 'flatten/Const')
    """

    def __init__(self, data_format="channels_last", **kwargs):
        super().__init__(**kwargs)
        self.data_format = _normalize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)

    def call(self, inputs):
        if not isinstance(inputs, Tensor):
            inputs = convert_to_tensor(inputs)
        rank = inputs.shape.ndims
        if self.data_format == "channels_first" and rank is not None and rank > 1:
            inputs = array_ops.transpose(inputs, perm=[0] + list(range(2, rank)) + [1])
        input_shape = inputs.shape
        if input_shape[1:].is_fully_defined():
            flattened_dim = int(np.prod(input_shape[1:].as_list(), dtype=np.int64))
            shape_dtype = dtypes.int64 if flattened_dim > _INT32_MAX else dtypes.int32
            outputs = array_ops.reshape(inputs, array_ops.constant((-1, flattened_dim), dtype=shape_dtype))
        else:
            batch_size = dimension_value(input_shape[0])
            if batch_size:
                shape_dtype = dtypes.int64 if batch_size > _INT32_MAX else dtypes.int32
                outputs = array_ops.reshape(inputs, array_ops.constant((batch_size, -1), dtype=shape_dtype))
            else:
                outputs = array_ops.reshape(inputs, (array_ops.shape(inputs)[0], -1))
        outputs.set_shape(self.compute_output_shape(inputs.shape))
        return outputs

    def compute_output_shape(self, input_shape) -> TensorShape:
        dims = TensorShape(input_shape).as_list()
        if not dims:
            return TensorShape([1])
        rest = dims[1:]
        return TensorShape([dims[0], int(np.prod(rest)) if all(rest) else None])

    def get_config(self) -> dict:
        config = super().get_config()
        config.update(data_format=self.data_format)
        return config


def flatten(inputs, name=None, data_format="channels_last"):
    """``Flatten(name=name, data_format=data_format)`` applied to ``inputs`` (``tf.layers.flatten``;
    see :class:`Flatten`)."""
    graph = _graph_of_inputs(inputs)
    with graph.as_default(), all_or_nothing(graph):
        layer = Flatten(name=name, data_format=data_format)
        return layer.apply(inputs)
