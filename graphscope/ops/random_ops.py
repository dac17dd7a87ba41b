"""Random ops and seeds: ``random_uniform``, ``random_normal``, ``truncated_normal``, ``set_random_seed``.

Seeds follow TF1's ``get_seed``: with a graph seed and no op seed, the op seed is the graph's op
count, so rebuilding the same graph gives the same numbers. The numbers themselves come from numpy's
Philox generator keyed by (seed, seed2); they are reproducible, not TensorFlow's own stream.

>>> import graphscope as tf
>>> with tf.Graph().as_default() as g:
...     tf.set_random_seed(1)
...     r = tf.random_uniform([2], -1.0, 1.0)
>>> [op.name for op in g.get_operations()]
['random_uniform/shape', 'random_uniform/min', 'random_uniform/max', 'random_uniform/RandomUniform', \
'random_uniform/sub', 'random_uniform/mul', 'random_uniform']
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.graph import get_default_graph
from graphscope.graph_building import intern_attrs, t_attrs
from graphscope.ops.core import CONST, apply_op, convert_to_tensor, op_scope, python_const_attrs, python_constant
from graphscope.ops.math_ops import ADD_V2, MUL, SUB
from graphscope.ops.registry import no_gradient, register
from graphscope.ops.tensor_util import check_dtype, constant_value_as_shape, shape_error

__all__ = ["set_random_seed", "random_uniform", "random_normal", "truncated_normal"]

DEFAULT_GRAPH_SEED = 87654321
_MAXINT32 = 2 ** 31 - 1
_INT_DTYPES = (dtypes.int32, dtypes.int64)  # RandomUniformInt's Tout


def set_random_seed(seed) -> None:
    """Set the default graph's random seed (``tf.set_random_seed``): random ops then give the same
    numbers in every new session (graphscope's streams, not TensorFlow's).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     set_random_seed(42)
    ...     u = tf.random_uniform([3])
    ...     first, second = tf.Session().run(u), tf.Session().run(u)
    >>> bool((first == second).all())
    True
    """
    get_default_graph().seed = seed


def _truncate(seed):
    return seed % _MAXINT32


def get_seed(op_seed):
    """The (graph seed, op seed) pair an op uses, as TF1's ``random_seed.get_seed``."""
    graph = get_default_graph()
    graph_seed = graph.seed
    if graph_seed is None and op_seed is None:  # the common case
        return None, None
    if graph_seed is not None:
        if op_seed is None:
            op_seed = graph.version
        seeds = _truncate(graph_seed), _truncate(op_seed)
    elif op_seed is not None:
        seeds = DEFAULT_GRAPH_SEED, _truncate(op_seed)
    else:
        seeds = None, None
    return (0, _MAXINT32) if seeds == (0, 0) else seeds


def _shape_from_tensor(shape_t):
    if shape_t._op._type == "Const":
        value = shape_t._op._attrs["value"]
        if value.dtype.kind in "iu":
            return tuple(value.reshape(-1).tolist())
        return tuple(int(d) for d in np.reshape(value, -1))
    rank = shape_t._dims[0] if shape_t._dims else None
    return None if rank is None else (None,) * rank


def _random_infer(inputs, attrs):
    attrs["T"] = inputs[0]._dtype
    return [(attrs["dtype"], _shape_from_tensor(inputs[0]))]


def _random_kernel(draw, dtype_attr="dtype"):
    """The kernel of a random op: ``draw(rng, dims, *inputs)`` with the session's generator of the op,
    the output's dims and the op's other inputs (RandomUniformInt's minval, maxval), as the op's
    ``dtype_attr`` dtype."""
    def build(op):
        seed, seed2 = op._attrs["seed"], op._attrs["seed2"]
        np_dtype = op._attrs[dtype_attr].as_numpy_dtype

        def run(state, shape, *inputs):
            rng = state.random_generator(op, seed, seed2)
            return draw(rng, tuple(int(d) for d in np.reshape(shape, -1)), *inputs).astype(np_dtype)
        return run
    return build


def _truncated(rng, shape):
    values = rng.standard_normal(shape)
    bad = np.abs(values) > 2
    while bad.any():
        values[bad] = rng.standard_normal(int(bad.sum()))
        bad = np.abs(values) > 2
    return values


def _random_int_infer(inputs, attrs):
    shape, minval, maxval = inputs
    attrs["T"] = check_dtype("RandomUniformInt", "shape", shape)
    attrs["Tout"] = check_dtype("RandomUniformInt", "minval", minval, _INT_DTYPES)
    if maxval._dtype.base_dtype is not attrs["Tout"]:
        raise TypeError("Input 'maxval' of 'RandomUniformInt' Op has type %s that does not match type %s of "
                        "argument 'minval'." % (maxval._dtype.base_dtype.name, attrs["Tout"].name))
    if shape._dims is not None and len(shape._dims) != 1:
        raise shape_error("RandomUniformInt", "Shape must be rank 1 but is rank %d" % len(shape._dims), inputs)
    for bound in (minval, maxval):
        if bound._dims not in (None, ()):
            raise shape_error("RandomUniformInt", "Shape must be rank 0 but is rank %d" % len(bound._dims),
                              inputs)
    return [(attrs["Tout"], constant_value_as_shape(shape))]


def _uniform_int(rng, dims, minval, maxval):
    """Integers uniform in [minval, maxval), TF's checks in its order: scalar bounds, then (unless the
    output is empty) minval < maxval."""
    for which, bound in (("minval", minval), ("maxval", maxval)):
        if np.ndim(bound) != 0:
            raise InvalidArgumentError(None, None, "%s must be 0-D, got shape [%s]"
                                       % (which, ",".join(str(d) for d in np.shape(bound))))
    if 0 in dims:
        return np.zeros(dims, dtype=np.asarray(minval).dtype)
    lo, hi = int(minval), int(maxval)
    if lo >= hi:
        raise InvalidArgumentError(None, None, "Need minval < maxval: %d >= %d" % (lo, hi))
    return rng.integers(lo, hi, size=dims, dtype=np.asarray(minval).dtype)


RANDOM_UNIFORM = register("RandomUniform", infer=_random_infer, stateful=True,
                          kernel=_random_kernel(lambda rng, shape: rng.random(shape)), gradient=no_gradient)
RANDOM_STANDARD_NORMAL = register("RandomStandardNormal", infer=_random_infer, stateful=True,
                                  kernel=_random_kernel(lambda rng, shape: rng.standard_normal(shape)),
                                  gradient=no_gradient)
TRUNCATED_NORMAL = register("TruncatedNormal", infer=_random_infer, stateful=True,
                            kernel=_random_kernel(_truncated), gradient=no_gradient)
RANDOM_UNIFORM_INT = register("RandomUniformInt", infer=_random_int_infer, stateful=True,
                              kernel=_random_kernel(_uniform_int, "Tout"), gradient=no_gradient)


def _shape_tensor(shape):
    """``shape`` (a Tensor, a list or tuple of dims, or one dim) as an int32 Tensor, with its value as a
    dims tuple when that is known here (Python ints); None otherwise, and :func:`_draw` reads the tensor."""
    if type(shape) is not list and hasattr(shape, "_op"):
        return shape, None
    dims = list(shape) if not isinstance(shape, int) else [shape]
    tensor = python_constant(dims, dtypes.int32, "shape")
    if tensor is not None:
        return tensor, tuple(dims)  # the Const's value exactly: Python ints that fit int32
    return convert_to_tensor(dims, dtype=dtypes.int32, name="shape"), None


def _draw(op_def, shape, dims, dtype, seed):
    """The ``op_def`` op drawing ``dtype`` values of ``shape``, an int32 Tensor whose value is ``dims``
    (None: unknown here, so the op's rule reads it from the tensor)."""
    if not dtype.is_floating:
        raise ValueError("Invalid dtype %s for a random float op: use float16, float32 or float64." % dtype.name)
    if dims is None:
        seed1, seed2 = get_seed(seed)
        attrs = {"dtype": dtype, "seed": seed1 or 0, "seed2": seed2 or 0}
        return apply_op(op_def, [shape], attrs)._outputs[0]
    attrs = _draw_attrs(op_def, dtype, seed, shape._dtype)  # as _random_infer, whose outputs are known
    return shape._op._graph._create_op(op_def.type, [shape], [(dtype, dims)], attrs, op_def.type,
                                       op_def)._outputs[0]


def _draw_attrs(op_def, dtype, seed, shape_dtype, dtype_attr="dtype") -> dict:
    """The attrs of a draw (``dtype, seed, seed2, T``; RandomUniformInt's ``dtype_attr`` is 'Tout'),
    one dict for the draws that have the same."""
    seed1, seed2 = get_seed(seed)
    return intern_attrs((op_def.type, dtype._type_enum, seed1 or 0, seed2 or 0, shape_dtype._type_enum),
                        {dtype_attr: dtype, "seed": seed1 or 0, "seed2": seed2 or 0, "T": shape_dtype})


_SCALABLE = frozenset(d.as_datatype_enum for d in (dtypes.float16, dtypes.float32, dtypes.float64))


def _binary(op_def, x, y, name):
    """``x <op> y`` (``op_def`` one of Sub, Mul, AddV2) of two Tensors, named as TF's operators name it
    ('mul', 'sub') or ``name`` (an open scope). The usual case, a scalar ``y`` of ``x``'s float dtype, is
    what the op's rule would conclude: ``x``'s dims and ``{"T": dtype}``."""
    dtype = x._dtype
    if y._dims == () and y._dtype is dtype and dtype._type_enum in _SCALABLE and name:
        return x._op._graph._create_op(op_def.type, [x, y], [(dtype, x._dims)], {"T": dtype}, name,
                                       op_def)._outputs[0]
    return apply_op(op_def, [x, y], None, name)._outputs[0]


_NUMBERS = frozenset((int, float))


def _python_draw(op_def, shape, dtype, seed, numbers, names, name):
    """When the op function's ``name`` is None, ``shape`` a list or tuple of Python ints and ``numbers``
    (min and max, or mean and stddev) Python ints or floats of a float ``dtype``, and the default graph
    has no seed and is not finalized: ``(specs, dims, graph)``, the specs for :meth:`Graph._create_ops`
    of the ops a random op starts with (the Consts ``shape`` and ``names``, then the ``op_def`` draw),
    exactly what the general path builds. None otherwise."""
    if not (name is None and (shape.__class__ is list or shape.__class__ is tuple)
            and dtype._type_enum in _SCALABLE
            and numbers[0].__class__ in _NUMBERS and numbers[1].__class__ in _NUMBERS):
        return None
    graph = get_default_graph()
    if graph._seed is not None or graph._finalized:
        return None
    int32 = dtypes.int32
    shape_attrs = python_const_attrs(list(shape), int32)  # (None unless the dims are ints)
    if shape_attrs is None or min(shape, default=0) < 0:
        return None
    first, second = python_const_attrs(numbers[0], dtype), python_const_attrs(numbers[1], dtype)
    if first is None or second is None:
        return None
    draw = _draw_attrs(op_def, dtype, seed, int32)
    dims = tuple(shape)
    scalar = ((dtype, ()),)
    return [("Const", (), ((int32, (len(dims),)),), shape_attrs, "shape", CONST),
            ("Const", (), scalar, first, names[0], CONST),
            ("Const", (), scalar, second, names[1], CONST),
            (op_def.type, (0,), ((dtype, dims),), draw, op_def.type, op_def)], dims, graph


def random_uniform(shape, minval=0, maxval=None, dtype=dtypes.float32, seed=None, name=None):
    """Uniform values in [minval, maxval) (``tf.random_uniform``), built as TF builds it:
    ``RandomUniform * (max - min) + min``; for int32 and int64 one ``RandomUniformInt`` op (``maxval``
    required), see :func:`_random_uniform_int`."""
    dtype = dtypes.as_dtype(dtype)
    if dtype.is_integer:
        return _random_uniform_int(shape, minval, maxval, dtype, seed, name)
    if maxval is None:
        maxval = 1
    minval_is_zero = isinstance(minval, int) and minval == 0
    python = None if minval_is_zero else _python_draw(RANDOM_UNIFORM, shape, dtype, seed, (minval, maxval),
                                                        ("min", "max"), name)
    if python is not None:  # the common case in one pass: RandomUniform * (max - min) + min
        specs, dims, graph = python
        scope = graph._unique_scope_name("random_uniform")
        t, out = t_attrs(dtype), ((dtype, dims),)
        specs += [("Sub", (2, 1), ((dtype, ()),), t, "sub", SUB), ("Mul", (3, 4), out, t, "mul", MUL),
                  ("AddV2", (5, 1), out, t, scope + "/", ADD_V2)]
        return graph._create_ops(specs, scope)[-1]._output
    with op_scope(name, "random_uniform", [shape, minval, maxval]) as scope:
        shape, dims = _shape_tensor(shape)
        minval = convert_to_tensor(minval, dtype=dtype, name="min")
        maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        rnd = _draw(RANDOM_UNIFORM, shape, dims, dtype, seed)
        if minval_is_zero:
            return _binary(MUL, rnd, maxval, scope)  # multiply(rnd, maxval, name=scope)
        # add(rnd * (maxval - minval), minval, name=scope): the operators' ops, applied directly
        scaled = _binary(MUL, rnd, _binary(SUB, maxval, minval, "sub"), "mul")
        return _binary(ADD_V2, scaled, minval, scope)


def _random_uniform_int(shape, minval, maxval, dtype, seed, name):
    """Integers uniform in [minval, maxval): ``RandomUniformInt(shape, min, max)`` named after the scope,
    as TF builds ``random_uniform`` of an integer dtype.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     r = tf.random_uniform([2, 3], 0, 10, dtype=tf.int32)
    >>> [op.name for op in g.get_operations()], r.op.type, r.shape.as_list()
    (['random_uniform/shape', 'random_uniform/min', 'random_uniform/max', 'random_uniform'], \
'RandomUniformInt', [2, 3])
    >>> values = tf.Session(graph=g).run(r)
    >>> values.dtype.name, bool(((0 <= values) & (values < 10)).all())
    ('int32', True)
    """
    if maxval is None:
        raise ValueError("Must specify maxval for integer dtype %r" % dtype)
    with op_scope(name, "random_uniform", [shape, minval, maxval]) as scope:
        shape, _ = _shape_tensor(shape)
        minval = convert_to_tensor(minval, dtype=dtype, name="min")
        maxval = convert_to_tensor(maxval, dtype=dtype, name="max")
        attrs = _draw_attrs(RANDOM_UNIFORM_INT, dtype, seed, shape._dtype.base_dtype, "Tout")
        return apply_op(RANDOM_UNIFORM_INT, [shape, minval, maxval], attrs, scope)._outputs[0]


def _normal(op_def, default_name, shape, mean, stddev, dtype, seed, name):
    """``draw * stddev + mean`` (``add(rnd * stddev, mean, name=scope)``), as TF builds it."""
    dtype = dtypes.as_dtype(dtype)
    python = _python_draw(op_def, shape, dtype, seed, (mean, stddev), ("mean", "stddev"), name)
    if python is not None:  # the common case in one pass: draw * stddev + mean
        specs, dims, graph = python
        scope = graph._unique_scope_name(default_name)
        t, out = t_attrs(dtype), ((dtype, dims),)
        specs += [("Mul", (3, 2), out, t, "mul", MUL), ("AddV2", (4, 1), out, t, scope + "/", ADD_V2)]
        return graph._create_ops(specs, scope)[-1]._output
    with op_scope(name, default_name, [shape, mean, stddev]) as scope:
        shape, dims = _shape_tensor(shape)
        mean = convert_to_tensor(mean, dtype=dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype=dtype, name="stddev")
        rnd = _draw(op_def, shape, dims, dtype, seed)
        scaled = _binary(MUL, rnd, stddev, "mul")
        return _binary(ADD_V2, scaled, mean, scope)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal values (``tf.random_normal``): ``RandomStandardNormal * stddev + mean``."""
    return _normal(RANDOM_STANDARD_NORMAL, "random_normal", shape, mean, stddev, dtype, seed, name)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=dtypes.float32, seed=None, name=None):
    """Normal values redrawn beyond two standard deviations (``tf.truncated_normal``)."""
    return _normal(TRUNCATED_NORMAL, "truncated_normal", shape, mean, stddev, dtype, seed, name)
