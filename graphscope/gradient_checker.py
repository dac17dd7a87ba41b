"""Check symbolic gradients against central finite differences (``tf.test.compute_gradient``).

Any op's gradient rule can be checked with :func:`check_gradients`: it builds the op on float64
placeholders in the default graph, computes the gradient of ``sum(y * w)`` for a fixed random weighting
``w`` (so every output element counts) both symbolically (``tf.gradients(y, xs, grad_ys=w)``) and by
central differences, and returns the largest difference. :func:`compute_gradient` and
:func:`compute_gradient_error` are TF1's full-Jacobian versions.

>>> import numpy as np
>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     error = check_gradients(lambda x, y: x * y, [np.array([1.0, 2.0]), np.array([3.0, -1.0])])
>>> error < 1e-8
True
"""
from __future__ import annotations

import numpy as np

__all__ = ["compute_gradient", "compute_gradient_error", "check_gradients", "numeric_gradients"]


def _fetchable(grad):
    """A gradient as something a session can fetch: IndexedSlices (from gathers) made dense."""
    if grad is None:
        return None
    from graphscope.ops.gradient_util_ops import dense
    return dense(grad)


def numeric_gradients(f, values: list[np.ndarray], delta: float = 1e-6) -> list[np.ndarray]:
    """Central differences ``(f(v + delta) - f(v - delta)) / (2 * delta)`` of the scalar function
    ``f(values)`` with respect to each element of each array.

    >>> g, = numeric_gradients(lambda vs: float(np.sum(vs[0] ** 2)), [np.array([1.0, -2.0])])
    >>> np.round(g, 6).tolist()
    [2.0, -4.0]
    """
    grads = []
    for i, value in enumerate(values):
        grad = np.zeros(np.shape(value), dtype=np.float64)
        flat = grad.reshape(-1)
        for j in range(flat.size):
            plus = [np.array(v, copy=True) for v in values]
            minus = [np.array(v, copy=True) for v in values]
            plus[i].reshape(-1)[j] += delta
            minus[i].reshape(-1)[j] -= delta
            flat[j] = (f(plus) - f(minus)) / (2 * delta)
        grads.append(grad)
    return grads


def check_gradients(build, values: list, delta: float = 1e-6, seed: int = 0) -> float:
    """Largest |symbolic - numeric| gradient of ``build(*tensors)`` at the float64 ``values``.

    ``build`` receives one float64 placeholder per value (shaped like it) and returns the output
    tensor; it is built in the default graph, so it may use tensors made before. The output is
    weighted by fixed random numbers in [0.5, 1.5) so that every element counts. A None gradient
    (no dependency) counts as zeros.
    """
    import graphscope as tf
    values = [np.asarray(v, dtype=np.float64) for v in values]
    graph = tf.get_default_graph()
    with graph.as_default():
        inputs = [tf.placeholder(tf.float64, v.shape, name="x%d" % i) for i, v in enumerate(values)]
        y = build(*inputs)
        weights_t = tf.placeholder(y.dtype.base_dtype, y.shape, name="weights")
        symbolic = [_fetchable(g) for g in tf.gradients(y, inputs, grad_ys=weights_t)]
    with tf.Session(graph=graph) as sess:
        feed = dict(zip(inputs, values))
        base = np.asarray(sess.run(y, feed))
        weights = np.random.default_rng(seed).uniform(0.5, 1.5, size=base.shape)
        feed[weights_t] = weights.astype(base.dtype)
        present = [g for g in symbolic if g is not None]
        computed = iter(sess.run(present, feed))
        analytic = [np.zeros_like(v) if g is None else np.asarray(next(computed), np.float64)
                    for g, v in zip(symbolic, values)]

        def loss(vs):
            return float(np.sum(np.asarray(sess.run(y, dict(zip(inputs, vs))), np.float64) * weights))

        numeric = numeric_gradients(loss, values, delta)
    return max((float(np.max(np.abs(a - n))) if a.size else 0.0 for a, n in zip(analytic, numeric)), default=0.0)


def compute_gradient(x, x_shape, y, y_shape, x_init_value=None, delta: float = 1e-3, extra_feed_dict=None):
    """TF1's ``tf.test.compute_gradient``: the (theoretical, numerical) Jacobians of ``y`` with respect
    to ``x``, each of shape ``[x.size, y.size]``, evaluated in the default session (``x`` is fed).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default(), tf.Session():
    ...     x = tf.placeholder(tf.float64, [2])
    ...     t, n = compute_gradient(x, [2], x * x, [2], x_init_value=np.array([1.0, 3.0]))
    >>> np.round(t, 6).tolist(), np.round(n, 6).tolist()
    ([[2.0, 0.0], [0.0, 6.0]], [[2.0, 0.0], [0.0, 6.0]])
    """
    import graphscope as tf
    from graphscope.session import get_default_session
    sess = get_default_session()
    if sess is None:
        raise ValueError("compute_gradient needs a default session: use `with tf.Session() as sess:`.")
    x_shape, y_shape = tuple(x_shape), tuple(y_shape)
    x_size, y_size = int(np.prod(x_shape, dtype=np.int64)), int(np.prod(y_shape, dtype=np.int64))
    x_np_dtype, y_np_dtype = x.dtype.base_dtype.as_numpy_dtype, y.dtype.base_dtype.as_numpy_dtype
    if x_init_value is not None:
        x_value = np.asarray(x_init_value, dtype=x_np_dtype)
        if x_value.shape != x_shape:
            raise ValueError("x_init_value has shape %s, expected %s" % (x_value.shape, x_shape))
    else:
        x_value = np.random.default_rng(0).random(x_shape).astype(x_np_dtype)
    feed = dict(extra_feed_dict or {})
    with y.graph.as_default():
        dy = tf.placeholder(y.dtype.base_dtype, y_shape)
        (dx,) = tf.gradients(y, [x], grad_ys=[dy])
        dx = _fetchable(dx)
    theoretical = np.zeros((x_size, y_size))
    if dx is not None:
        for j in range(y_size):
            unit = np.zeros(y_size, dtype=y_np_dtype)
            unit[j] = 1
            feed.update({x: x_value, dy: unit.reshape(y_shape)})
            theoretical[:, j] = np.asarray(sess.run(dx, feed), np.float64).reshape(-1)
    numerical = np.zeros((x_size, y_size))
    for i in range(x_size):
        plus, minus = x_value.copy(), x_value.copy()
        plus.reshape(-1)[i] += delta
        minus.reshape(-1)[i] -= delta
        feed[x] = plus
        y_plus = np.asarray(sess.run(y, feed), np.float64).reshape(-1)
        feed[x] = minus
        y_minus = np.asarray(sess.run(y, feed), np.float64).reshape(-1)
        numerical[i, :] = (y_plus - y_minus) / (2 * delta)
    return theoretical, numerical


def compute_gradient_error(x, x_shape, y, y_shape, x_init_value=None, delta: float = 1e-3,
                           extra_feed_dict=None) -> float:
    """The largest difference between the theoretical and numerical Jacobians (TF1's
    ``tf.test.compute_gradient_error``)."""
    theoretical, numerical = compute_gradient(x, x_shape, y, y_shape, x_init_value, delta, extra_feed_dict)
    return float(np.max(np.abs(theoretical - numerical))) if theoretical.size else 0.0
