"""Learning-rate schedules of ``tf.train`` (TF1's ``tf.compat.v1.train.exponential_decay`` and friends).

Each builds, in graph mode, the ops TensorFlow 1.15 builds (its ``legacy_learning_rate_decay.py`` over the
Keras schedules): a name scope ('ExponentialDecay', 'PiecewiseConstant', 'PolynomialDecay',
'InverseTimeDecay', 'CosineDecay') holding the casts of the arguments to the learning rate's dtype and the
formula, the result named after the scope. Pass the global step; the value follows it when the graph runs.
``piecewise_constant`` picks its value with ``SelectV2`` ops under ``PiecewiseConstant/case/`` where TF
builds ``tf.case`` (graphscope has no ``cond``), and ``polynomial_decay(cycle=True)`` uses ``where_v2``
as later TF versions do.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     step = tf.train.get_or_create_global_step()
...     lr = tf.train.exponential_decay(0.1, step, decay_steps=10, decay_rate=0.5, staircase=True)
...     five_steps = tf.assign_add(step, 5)
...     values = []
...     with tf.Session() as sess:
...         sess.run(tf.global_variables_initializer())
...         for _ in range(4):
...             values.append(round(float(sess.run(lr)), 6))
...             _ = sess.run(five_steps)
>>> lr.name, values
('ExponentialDecay:0', [0.1, 0.1, 0.05, 0.05])
"""
from __future__ import annotations

import contextlib
import math

from graphscope import dtypes
from graphscope.graph import get_default_graph
from graphscope.ops import array_ops, math_ops
from graphscope.ops.core import convert_to_tensor
from graphscope.tensor import Tensor

__all__ = ["cosine_decay", "exponential_decay", "inverse_time_decay", "natural_exp_decay", "piecewise_constant",
           "piecewise_constant_decay", "polynomial_decay"]


def _require_step(global_step, who: str) -> None:
    if global_step is None:
        raise ValueError("global_step is required for %s." % who)


def _scope(name: str | None, default: str):
    """TF's ``name_scope_v2``: ``name`` or ``default``, made unique; yields 'ExponentialDecay/'."""
    return get_default_graph().name_scope(name or default)


@contextlib.contextmanager
def _decay_scope(name: str | None, default: str, learning_rate, *args):
    """Open the schedule's scope (:func:`_scope`), convert ``learning_rate`` to the tensor
    'initial_learning_rate' and cast each of ``args`` to its dtype, in the order given (the casts'
    op names follow it); yields ``(scope, initial_learning_rate, dtype, *cast_args)``."""
    with _scope(name, default) as scope:
        initial_learning_rate = convert_to_tensor(learning_rate, name="initial_learning_rate")
        dtype = initial_learning_rate.dtype.base_dtype
        yield (scope, initial_learning_rate, dtype, *[math_ops.cast(a, dtype) for a in args])


def exponential_decay(learning_rate, global_step, decay_steps, decay_rate, staircase: bool = False,
                      name: str | None = None) -> Tensor:
    """``learning_rate * decay_rate ** (global_step / decay_steps)`` (the exponent floored with
    ``staircase``), as the op 'ExponentialDecay' (see the module docstring for an example).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     lr = tf.train.exponential_decay(0.1, tf.constant(3, tf.int64, name="step"), 100, 0.96)
    ...     names = [op.name for op in g.get_operations()]
    ...     value = tf.Session().run(lr)
    >>> names  # doctest: +NORMALIZE_WHITESPACE
    ['step', 'ExponentialDecay/initial_learning_rate', 'ExponentialDecay/Cast/x', 'ExponentialDecay/Cast',
     'ExponentialDecay/Cast_1/x', 'ExponentialDecay/Cast_2', 'ExponentialDecay/truediv', 'ExponentialDecay/Pow',
     'ExponentialDecay']
    >>> bool(abs(value - 0.1 * 0.96 ** 0.03) < 1e-7)
    True
    """
    _require_step(global_step, "exponential_decay")
    with _decay_scope(name, "ExponentialDecay", learning_rate, decay_steps, decay_rate, global_step) as (
            scope, initial_learning_rate, _, decay_steps, decay_rate, global_step_recomp):
        p = global_step_recomp / decay_steps
        if staircase:
            p = math_ops.floor(p)
        return math_ops.multiply(initial_learning_rate, math_ops.pow(decay_rate, p), name=scope)


def natural_exp_decay(learning_rate, global_step, decay_steps, decay_rate, staircase: bool = False,
                      name: str | None = None) -> Tensor:
    """``learning_rate * exp(-decay_rate * global_step / decay_steps)``: ``exponential_decay`` with rate
    ``exp(-decay_rate)`` (ops 'Neg' and 'Exp' before the scope, as in TF).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     lr = tf.train.natural_exp_decay(1.0, tf.constant(2, name="step"), 1, 0.5)
    ...     value = float(tf.Session().run(lr))
    >>> lr.name, round(value, 6) == round(math.exp(-1.0), 6)
    ('ExponentialDecay:0', True)
    """
    _require_step(global_step, "natural_exp_decay")
    natural_exp_rate = math_ops.exp(math_ops.negative(decay_rate))
    return exponential_decay(learning_rate, global_step, decay_steps, natural_exp_rate, staircase=staircase,
                             name=name)


def piecewise_constant(x, boundaries, values, name: str | None = None) -> Tensor:
    """``values[0]`` while ``x <= boundaries[0]``, ``values[i]`` while ``boundaries[i-1] < x <=
    boundaries[i]``, ``values[-1]`` after the last boundary (``tf.train.piecewise_constant``).

    Boundaries must have ``x``'s dtype (Python ints are promoted to int64 for an int64 step); values
    must share one dtype.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     step = tf.placeholder(tf.int64, [], name="step")
    ...     lr = tf.train.piecewise_constant(step, [10, 20], [1.0, 0.5, 0.1])
    ...     with tf.Session() as sess:
    ...         values = [float(sess.run(lr, {step: s})) for s in (0, 10, 11, 20, 21)]
    >>> [round(v, 6) for v in values]
    [1.0, 1.0, 0.5, 0.5, 0.1]
    """
    boundaries = [convert_to_tensor(b) for b in _flat(boundaries)]
    values = [convert_to_tensor(v) for v in _flat(values)]
    x_recomp = convert_to_tensor(x)
    for i, b in enumerate(boundaries):
        if b.dtype.base_dtype != x_recomp.dtype.base_dtype:
            if b.dtype.base_dtype == dtypes.int32 and x_recomp.dtype.base_dtype == dtypes.int64:
                boundaries[i] = math_ops.cast(b, dtypes.int64)
            else:
                raise ValueError("Boundaries (%s) must have the same dtype as x (%s)."
                                 % (b.dtype.base_dtype.name, x_recomp.dtype.base_dtype.name))
    for v in values[1:]:
        if v.dtype.base_dtype != values[0].dtype.base_dtype:
            raise ValueError("Values must have elements all with the same dtype (%s vs %s)."
                             % (values[0].dtype.base_dtype.name, v.dtype.base_dtype.name))
    if len(boundaries) != len(values) - 1:
        raise ValueError("The length of boundaries should be 1 less than the length of values")
    with _scope(name, "PiecewiseConstant"):
        pred_value_pairs = [(x_recomp <= boundaries[0], values[0]), (x_recomp > boundaries[-1], values[-1])]
        for low, high, v in zip(boundaries[:-1], boundaries[1:], values[1:-1], strict=True):
            pred_value_pairs.append(((x_recomp > low) & (x_recomp <= high), v))
        with get_default_graph().name_scope("case"):
            # The predicates are exclusive and exhaustive (TF's tf.case default, values[0], is never taken
            # except for NaN steps): a chain of selects gives the one value whose predicate holds.
            result = values[0]
            for pred, value in reversed(pred_value_pairs):
                result = array_ops.where_v2(pred, value, result)
            return result


piecewise_constant_decay = piecewise_constant


def _flat(values) -> list:
    return list(values) if isinstance(values, (list, tuple)) else [values]


def polynomial_decay(learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0,
                     cycle: bool = False, name: str | None = None) -> Tensor:
    """``(learning_rate - end_learning_rate) * (1 - min(step, decay_steps) / decay_steps) ** power +
    end_learning_rate``; with ``cycle`` the decay restarts every ``decay_steps`` (the first multiple of
    ``decay_steps`` above the step replaces it). The op is 'PolynomialDecay'.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     step = tf.placeholder(tf.int64, [], name="step")
    ...     lr = tf.train.polynomial_decay(0.1, step, 10, end_learning_rate=0.01, power=0.5)
    ...     with tf.Session() as sess:
    ...         values = [float(sess.run(lr, {step: s})) for s in (0, 5, 10, 20)]
    >>> lr.name, [round(v, 6) for v in values]
    ('PolynomialDecay:0', [0.1, 0.07364, 0.01, 0.01])
    """
    _require_step(global_step, "polynomial_decay")
    with _decay_scope(name, "PolynomialDecay", learning_rate, end_learning_rate, power, global_step,
                      decay_steps) as (scope, initial_learning_rate, dtype, end_learning_rate, power,
                                       global_step_recomp, decay_steps_recomp):
        if cycle:
            # The first multiple of decay_steps above the step (1 at step 0)
            multiplier = array_ops.where_v2(math_ops.equal(global_step_recomp, 0),
                                            convert_to_tensor(1.0, dtype=dtype),
                                            math_ops.ceil(global_step_recomp / decay_steps_recomp))
            decay_steps_recomp = math_ops.multiply(decay_steps_recomp, multiplier)
        else:
            global_step_recomp = math_ops.minimum(global_step_recomp, decay_steps_recomp)
        p = math_ops.divide(global_step_recomp, decay_steps_recomp)
        return math_ops.add(math_ops.multiply(initial_learning_rate - end_learning_rate, math_ops.pow(1 - p, power)),
                            end_learning_rate, name=scope)


def inverse_time_decay(learning_rate, global_step, decay_steps, decay_rate, staircase: bool = False,
                       name: str | None = None) -> Tensor:
    """``learning_rate / (1 + decay_rate * global_step / decay_steps)`` (the quotient floored with
    ``staircase``), as the op 'InverseTimeDecay'.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     step = tf.placeholder(tf.int32, [], name="step")
    ...     lr = tf.train.inverse_time_decay(0.1, step, decay_steps=2, decay_rate=0.5, staircase=True)
    ...     with tf.Session() as sess:
    ...         values = [float(sess.run(lr, {step: s})) for s in (0, 1, 2, 4)]
    >>> lr.name, [round(v, 6) for v in values]
    ('InverseTimeDecay:0', [0.1, 0.1, 0.066667, 0.05])
    """
    _require_step(global_step, "inverse_time_decay")
    with _decay_scope(name, "InverseTimeDecay", learning_rate, decay_steps, decay_rate, global_step) as (
            scope, initial_learning_rate, dtype, decay_steps, decay_rate, global_step_recomp):
        p = global_step_recomp / decay_steps
        if staircase:
            p = math_ops.floor(p)
        const = math_ops.cast(array_ops.constant(1), dtype)
        denom = math_ops.add(const, math_ops.multiply(decay_rate, p))
        return math_ops.divide(initial_learning_rate, denom, name=scope)


def cosine_decay(learning_rate, global_step, decay_steps, alpha=0.0, name: str | None = None) -> Tensor:
    """``learning_rate * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) +
    alpha)`` (Loshchilov & Hutter's SGDR without restarts), in scope 'CosineDecay'.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     step = tf.placeholder(tf.int64, [], name="step")
    ...     lr = tf.train.cosine_decay(1.0, step, 10, alpha=0.1)
    ...     with tf.Session() as sess:
    ...         values = [float(sess.run(lr, {step: s})) for s in (0, 5, 10, 15)]
    >>> [round(v, 6) for v in values]
    [1.0, 0.55, 0.1, 0.1]
    """
    _require_step(global_step, "cosine_decay")
    with _decay_scope(name, "CosineDecay", learning_rate, decay_steps, global_step) as (
            _, initial_learning_rate, dtype, decay_steps, global_step_recomp):
        global_step_recomp = math_ops.minimum(global_step_recomp, decay_steps)
        completed_fraction = global_step_recomp / decay_steps
        cosine_decayed = 0.5 * (1.0 + math_ops.cos(array_ops.constant(math.pi, dtype=dtype) * completed_fraction))
        decayed = (1 - alpha) * cosine_decayed + alpha
        return math_ops.multiply(initial_learning_rate, decayed)
