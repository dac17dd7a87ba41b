"""``tf.math``: the math ops under their ``tf.math.*`` names (``tf.math.reduce_sum``, ``tf.math.log``, ...).

>>> import graphscope as tf
>>> tf.math.reduce_sum is tf.reduce_sum, tf.math.floormod is tf.floormod
(True, True)
"""
from graphscope.ops.comparison_ops import (  # noqa: F401
    equal, greater, greater_equal, less, less_equal, logical_and, logical_not, logical_or, logical_xor, not_equal,
)
from graphscope.ops.math_ops import (  # noqa: F401
    abs, add, add_n, ceil, cos, divide, exp, expm1, floor, floordiv, floormod, is_finite, is_inf, is_nan, log,
    log1p, maximum, minimum, mod, multiply, negative, pow, realdiv, reciprocal, round, rsqrt, scalar_mul, sign,
    sin, sqrt, square, squared_difference, subtract, truediv,
)
from graphscope.ops.math_ops import conj, cumprod, cumsum, div_no_nan, div_no_nan as divide_no_nan  # noqa: F401
from graphscope.ops.indexing_ops import unsorted_segment_sum  # noqa: F401
from graphscope.ops.shape_ops import invert_permutation  # noqa: F401
from graphscope.ops.reduction_ops import (  # noqa: F401
    argmax, argmin, reduce_all, reduce_any, reduce_max, reduce_mean, reduce_min, reduce_prod, reduce_sum,
)


def _adopt_activations() -> None:
    """``tf.math.sigmoid``/``tanh``/... are defined with the nn ops; take them if they are there."""
    try:
        from graphscope.ops import nn_ops
    except ImportError:
        return
    for name in ("sigmoid", "tanh", "softplus", "log_sigmoid"):
        if hasattr(nn_ops, name):
            globals()[name] = getattr(nn_ops, name)


_adopt_activations()
