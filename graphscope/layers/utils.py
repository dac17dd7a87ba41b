"""Helpers of ``tf.layers`` as TensorFlow 1.x builds them: ``smart_cond``, ``tensordot`` and the lookups
of activations and initializers given by name (``activation="relu"``, ``kernel_initializer="zeros"``).

``smart_cond(pred, true_fn, false_fn)`` calls one branch when ``pred`` is a Python bool (or a tensor
whose value is known while the graph is built), as TF's does. For a ``pred`` only known when the graph
runs, TensorFlow builds ``tf.cond`` (Switch/Merge ops, only the taken branch runs); graphscope has no
cond, so both branches are built under ``cond/`` and a ``SelectV2`` picks one: the value is the same,
but the untaken branch runs too (a dropout branch draws its random numbers either way).

>>> import graphscope as tf
>>> from graphscope.layers.utils import smart_cond
>>> with tf.Graph().as_default():
...     x = tf.constant([1.0, 2.0])
...     y = smart_cond(True, lambda: x * 2.0, lambda: x)
...     training = tf.placeholder(tf.bool, [], name="training")
...     z = smart_cond(training, lambda: x * 2.0, lambda: tf.identity(x))
...     with tf.Session() as sess:
...         values = [sess.run(z, {training: False}).tolist(), sess.run(z, {training: True}).tolist()]
>>> y.op.type, z.name, values
('Mul', 'cond/SelectV2:0', [[1.0, 2.0], [2.0, 4.0]])
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes, initializers
from graphscope.ops import array_ops, math_ops, nn_ops
from graphscope.ops.core import convert_to_tensor, op_scope
from graphscope.ops.tensor_util import constant_value
from graphscope.tensor import Tensor

__all__ = ["smart_cond", "smart_constant_value", "tensordot", "get_activation", "get_initializer"]


def smart_constant_value(pred):
    """The Python bool of ``pred`` if it is known while the graph is built, else None (TF's
    ``smart_module.smart_constant_value``): a bool, 0 or 1, or a tensor of known value.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     known = smart_constant_value(tf.constant(False))
    ...     unknown = smart_constant_value(tf.placeholder(tf.bool, []))
    >>> smart_constant_value(1), known, unknown
    (True, False, None)
    """
    if isinstance(pred, Tensor):
        value = constant_value(pred)
        return None if value is None else bool(value)
    if isinstance(pred, bool) or pred in (0, 1):
        return bool(pred)
    if hasattr(pred, "_as_graph_element"):  # a variable: only known when the graph runs
        return None
    raise TypeError("`pred` must be a Tensor, or a Python bool, or 1 or 0. Found instead: %s" % type(pred))


def smart_cond(pred, true_fn, false_fn, name: str | None = None):
    """``true_fn()`` or ``false_fn()`` as ``pred`` says (TF's ``tf_utils.smart_cond``).

    A ``pred`` known while the graph is built calls one function. Otherwise both are called inside
    name scope ``cond`` and the result is ``where_v2(pred, true_value, false_value)`` (see the module
    docstring for how this differs from TF's ``tf.cond``).
    """
    if not callable(true_fn):
        raise TypeError("`true_fn` must be callable.")
    if not callable(false_fn):
        raise TypeError("`false_fn` must be callable.")
    value = smart_constant_value(pred)
    if value is not None:
        return true_fn() if value else false_fn()
    with op_scope(name, "cond", [pred]):
        pred = convert_to_tensor(pred, name="pred")
        if pred.dtype.base_dtype != dtypes.bool or (pred.shape.ndims not in (None, 0)):
            raise TypeError("The predicate of a cond must be a scalar bool tensor, got %s of shape %s."
                            % (pred.dtype.base_dtype.name, pred.shape))
        when_true = true_fn()
        when_false = false_fn()
        return array_ops.where_v2(pred, when_true, when_false)


# -- tensordot ------------------------------------------------------------------------------------

def _tensordot_axes(a: Tensor, axes):
    """TF's ``_tensordot_axes``: an int N (the last N axes of a, the first N of b) or two lists."""
    if isinstance(axes, (int, np.integer)):
        if axes < 1:
            raise ValueError("'axes' must be at least 1.")
        if a.shape.ndims is None:
            raise NotImplementedError("tensordot with an int `axes` needs the rank of `a`.")
        rank = a.shape.ndims
        return list(range(rank - axes, rank)), list(range(axes))
    if isinstance(axes, (list, tuple)):
        if len(axes) != 2:
            raise ValueError("'axes' must be an integer or have length 2.")
        a_axes, b_axes = axes
        a_axes = [a_axes] if isinstance(a_axes, (int, np.integer)) else list(a_axes)
        b_axes = [b_axes] if isinstance(b_axes, (int, np.integer)) else list(b_axes)
        if len(a_axes) != len(b_axes):
            raise ValueError("Different number of contraction axes 'a' and 'b', %s != %s."
                             % (len(a_axes), len(b_axes)))
        return a_axes, b_axes
    raise NotImplementedError("tensordot with a Tensor `axes` is not supported: pass an int or two lists.")


def _tensordot_reshape(a: Tensor, axes: list, flipped: bool = False):
    """TF's ``_tensordot_reshape``: ``a`` transposed and reshaped to a matrix for the MatMul, the free
    dims (a list when ``a``'s shape is fully defined, else an int32 tensor) and their static values."""
    shape_a = a.shape.as_list() if a.shape.ndims is not None else None
    if shape_a is None:
        raise NotImplementedError("tensordot of a tensor of unknown rank is not supported (it needs "
                                  "setdiff1d); give the input a static rank.")
    axes = [i if i >= 0 else i + len(shape_a) for i in axes]
    free = [i for i in range(len(shape_a)) if i not in axes]
    free_dims = [shape_a[i] for i in free]
    if a.shape.is_fully_defined():
        prod_free = int(np.prod([shape_a[i] for i in free]))
        prod_axes = int(np.prod([shape_a[i] for i in axes]))
        perm = list(axes) + free if flipped else free + list(axes)
        new_shape = [prod_axes, prod_free] if flipped else [prod_free, prod_axes]
        return array_ops.reshape(array_ops.transpose(a, perm), new_shape), free_dims, free_dims
    axes_t = convert_to_tensor(axes, dtype=dtypes.int32, name="axes")
    free_t = convert_to_tensor(free, dtype=dtypes.int32, name="free")
    shape_t = array_ops.shape(a)
    free_dims_t = array_ops.gather(shape_t, free_t)
    axes_dims_t = array_ops.gather(shape_t, axes_t)
    prod_free_dims = math_ops.reduce_prod(free_dims_t)
    prod_axes_dims = math_ops.reduce_prod(axes_dims_t)
    if flipped:
        perm = array_ops.concat([axes_t, free_t], 0)
        new_shape = array_ops.stack([prod_axes_dims, prod_free_dims])
    else:
        perm = array_ops.concat([free_t, axes_t], 0)
        new_shape = array_ops.stack([prod_free_dims, prod_axes_dims])
    return array_ops.reshape(array_ops.transpose(a, perm), new_shape), free_dims_t, free_dims


def tensordot(a, b, axes, name: str | None = None) -> Tensor:
    """Contract ``a`` and ``b`` over ``axes`` as TF 1.15's ``tf.tensordot`` does it, in scope 'Tensordot':
    transpose and reshape each to a matrix, one ``MatMul``, and a ``Reshape`` back (named 'Tensordot').

    ``axes`` is an int N or a pair of lists; ``a`` and ``b`` need a known rank (TF's unknown-rank path
    needs ``setdiff1d``, which graphscope lacks).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     a = tf.placeholder(tf.float32, [None, 2, 3], name="a")
    ...     b = tf.ones([3, 4], name="b")
    ...     c = tensordot(a, b, [[2], [0]])
    ...     value = tf.Session().run(c, {a: np.ones([5, 2, 3])})
    >>> c.name, c.shape.as_list(), value.shape, float(value[0, 0, 0])
    ('Tensordot:0', [None, 2, 4], (5, 2, 4), 3.0)
    """
    with op_scope(name, "Tensordot", [a, b]) as scope:
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        a_axes, b_axes = _tensordot_axes(a, axes)
        a_reshape, a_free_dims, a_free_static = _tensordot_reshape(a, a_axes)
        b_reshape, b_free_dims, b_free_static = _tensordot_reshape(b, b_axes, True)
        ab_matmul = math_ops.matmul(a_reshape, b_reshape)
        if isinstance(a_free_dims, list) and isinstance(b_free_dims, list):
            if ab_matmul.shape.is_fully_defined() and ab_matmul.shape.as_list() == a_free_dims + b_free_dims:
                return ab_matmul
            return array_ops.reshape(ab_matmul, a_free_dims + b_free_dims, name=scope)
        a_free_dims = convert_to_tensor(a_free_dims, dtype=dtypes.int32)
        b_free_dims = convert_to_tensor(b_free_dims, dtype=dtypes.int32)
        product = array_ops.reshape(ab_matmul, array_ops.concat([a_free_dims, b_free_dims], 0), name=scope)
        product.set_shape(a_free_static + b_free_static)
        return product


# -- activations and initializers given by name (Keras' ``activations.get``, ``initializers.get``) ----

def _linear(x):
    return x


def _softmax(x):
    return nn_ops.softmax(x, axis=-1)


_ACTIVATIONS = {
    "linear": _linear, "relu": nn_ops.relu, "relu6": nn_ops.relu6, "elu": nn_ops.elu, "selu": nn_ops.selu,
    "sigmoid": nn_ops.sigmoid, "tanh": nn_ops.tanh, "softmax": _softmax, "softplus": nn_ops.softplus,
    "softsign": nn_ops.softsign, "exponential": math_ops.exp,
}


def get_activation(identifier):
    """An activation function from a callable, a Keras name ('relu', 'tanh', ...) or None (linear).

    >>> get_activation("relu").__name__, get_activation(None).__name__
    ('relu', '_linear')
    """
    if identifier is None:
        return _linear
    if isinstance(identifier, str):
        try:
            return _ACTIVATIONS[identifier]
        except KeyError:
            raise ValueError("Unknown activation function:%s (known: %s)"
                             % (identifier, ", ".join(sorted(_ACTIVATIONS)))) from None
    if callable(identifier):
        return identifier
    raise TypeError("Could not interpret activation function identifier: %r" % (identifier,))


_INITIALIZERS = {
    "zeros": lambda: initializers.Zeros(), "ones": lambda: initializers.Ones(),
    "constant": lambda: initializers.Constant(),
    "glorot_uniform": lambda: initializers.GlorotUniform(), "glorot_normal": lambda: initializers.GlorotNormal(),
    # Keras' defaults for these three differ from tf.*_initializer's
    "random_normal": lambda: initializers.RandomNormal(0.0, 0.05),
    "random_uniform": lambda: initializers.RandomUniform(-0.05, 0.05),
    "truncated_normal": lambda: initializers.TruncatedNormal(0.0, 0.05),
    "variance_scaling": lambda: initializers.VarianceScaling(),
    "he_normal": lambda: initializers.VarianceScaling(2.0, "fan_in", "truncated_normal"),
    "he_uniform": lambda: initializers.VarianceScaling(2.0, "fan_in", "uniform"),
    "lecun_normal": lambda: initializers.VarianceScaling(1.0, "fan_in", "truncated_normal"),
    "lecun_uniform": lambda: initializers.VarianceScaling(1.0, "fan_in", "uniform"),
}


def get_initializer(identifier):
    """An initializer from None (kept: the variable scope's default applies), a callable, or a Keras
    name ('zeros', 'glorot_uniform', 'he_normal', ...).

    >>> get_initializer("he_normal")
    VarianceScaling(scale=2.0, mode='fan_in', distribution='truncated_normal', seed=None, dtype='float32')
    """
    if identifier is None or callable(identifier):
        return identifier
    if isinstance(identifier, str):
        key = identifier.lower()
        if key in _INITIALIZERS:
            return _INITIALIZERS[key]()
        raise ValueError("Unknown initializer: %s (known: %s)" % (identifier, ", ".join(sorted(_INITIALIZERS))))
    raise ValueError("Could not interpret initializer identifier: %r" % (identifier,))


def get_callable(identifier, what: str):
    """A regularizer or constraint: None or a callable (Keras' string names are not supported)."""
    if identifier is None or callable(identifier):
        return identifier
    raise ValueError("Could not interpret %s identifier: %r (pass a function, e.g. "
                     "tf.contrib.layers.l2_regularizer(0.01))." % (what, identifier))
