"""Variable initializers (``tf.compat.v1`` ``init_ops``): objects called with a shape and dtype that
build the ops of a variable's initial value.

``get_variable`` calls them inside ``<variable>/Initializer/``, so the ops get TensorFlow's names:
``foo/v/Initializer/zeros``, ``foo/v/Initializer/random_uniform/RandomUniform``, ...

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     v = tf.get_variable("v", [2, 3], initializer=tf.zeros_initializer())
>>> v.initial_value.name
'v/Initializer/zeros:0'
"""
from __future__ import annotations

import math

import numpy as np

from graphscope import dtypes
from graphscope.ops import (
    array_ops,
    linalg_ops,
    random_ops,
    shape_ops,
    slicing_ops,
    unary_ops,
)

__all__ = ["Initializer", "Zeros", "Ones", "Constant", "RandomUniform", "RandomNormal", "TruncatedNormal",
           "VarianceScaling", "GlorotUniform", "GlorotNormal", "zeros_initializer", "ones_initializer",
           "constant_initializer", "random_uniform_initializer", "random_normal_initializer",
           "truncated_normal_initializer", "variance_scaling_initializer", "glorot_uniform_initializer",
           "glorot_normal_initializer", "compute_fans", "UniformUnitScaling", "Orthogonal", "Identity",
           "uniform_unit_scaling_initializer", "orthogonal_initializer", "identity_initializer", "he_normal",
           "he_uniform", "lecun_normal", "lecun_uniform"]


def _float_dtype(dtype, who):
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError("Expected floating point type, got %r: %s makes float16, float32 or float64 values."
                         % (dtype, who))
    return dtype


class Initializer:
    """Base class: ``init(shape, dtype=None, partition_info=None) -> Tensor``."""

    def __call__(self, shape, dtype=None, partition_info=None):
        raise NotImplementedError

    def get_config(self) -> dict:
        return {}

    @classmethod
    def from_config(cls, config: dict):
        config = dict(config)
        config.pop("dtype", None)
        return cls(**config)

    def __repr__(self) -> str:
        args = ", ".join("%s=%r" % item for item in self.get_config().items())
        return "%s(%s)" % (type(self).__name__, args)


class Zeros(Initializer):
    """Zeros (``tf.zeros_initializer``): a ``Const`` op named 'zeros' for small shapes."""

    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return array_ops.zeros(shape, dtype if dtype is not None else self.dtype)

    def get_config(self):
        return {"dtype": self.dtype.name}


class Ones(Initializer):
    """Ones (``tf.ones_initializer``)."""

    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return array_ops.ones(shape, dtype if dtype is not None else self.dtype)

    def get_config(self):
        return {"dtype": self.dtype.name}


class Constant(Initializer):
    """A given value (``tf.constant_initializer``): a scalar fills the shape; a list or array of the
    variable's size is reshaped to it."""

    def __init__(self, value=0, dtype=dtypes.float32, verify_shape=False):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError("Invalid type for initial value: %s (expected Python scalar, list or tuple of "
                            "values, or numpy.ndarray)." % type(value).__name__)
        self.value = value
        self.dtype = dtypes.as_dtype(dtype)
        self._verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        dtype = dtype if dtype is not None else self.dtype
        verify = self._verify_shape if verify_shape is None else verify_shape
        return array_ops.constant(self.value, dtype=dtype, shape=shape, verify_shape=verify)

    def get_config(self):
        value = self.value.tolist() if isinstance(self.value, np.ndarray) else self.value
        return {"value": value, "dtype": self.dtype.name}


class RandomUniform(Initializer):
    """Uniform values in [minval, maxval) (``tf.random_uniform_initializer``)."""

    def __init__(self, minval=0.0, maxval=None, seed=None, dtype=dtypes.float32):
        self.minval, self.maxval, self.seed = minval, maxval, seed
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = dtype if dtype is not None else self.dtype
        return random_ops.random_uniform(shape, self.minval, self.maxval, dtype, seed=self.seed)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed, "dtype": self.dtype.name}


class RandomNormal(Initializer):
    """Normal values (``tf.random_normal_initializer``)."""

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        self.mean, self.stddev, self.seed = mean, stddev, seed
        self.dtype = _float_dtype(dtype, "random_normal_initializer")

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = _float_dtype(dtype if dtype is not None else self.dtype, "random_normal_initializer")
        return random_ops.random_normal(shape, self.mean, self.stddev, dtype, seed=self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed, "dtype": self.dtype.name}


class TruncatedNormal(RandomNormal):
    """Normal values within two standard deviations (``tf.truncated_normal_initializer``)."""

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = _float_dtype(dtype if dtype is not None else self.dtype, "truncated_normal_initializer")
        return random_ops.truncated_normal(shape, self.mean, self.stddev, dtype, seed=self.seed)


def compute_fans(shape) -> tuple[float, float]:
    """(fan_in, fan_out) of a weight shape, as TF computes them.

    >>> compute_fans([3, 4]), compute_fans([5]), compute_fans([2, 2, 3, 4])
    ((3, 4), (5, 5), (12, 16))
    """
    shape = list(shape)
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    if len(shape) == 2:
        return shape[0], shape[1]
    receptive_field = int(np.prod(shape[:-2]))
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class VarianceScaling(Initializer):
    """Values scaled to the weight's fan (``tf.variance_scaling_initializer``).

    ``mode`` is 'fan_in', 'fan_out' or 'fan_avg'; ``distribution`` 'truncated_normal' (or 'normal'),
    'untruncated_normal' or 'uniform'.
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 dtype=dtypes.float32):
        if scale <= 0.0:
            raise ValueError("`scale` must be a positive float, got %r." % (scale,))
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError("Invalid `mode` argument: %r (use 'fan_in', 'fan_out' or 'fan_avg')." % (mode,))
        distribution = distribution.lower()
        if distribution not in ("uniform", "truncated_normal", "untruncated_normal", "normal"):
            raise ValueError("Invalid `distribution` argument: %r (use 'uniform', 'truncated_normal' or "
                             "'untruncated_normal')." % (distribution,))
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed
        self.dtype = _float_dtype(dtype, "variance_scaling_initializer")

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = _float_dtype(dtype if dtype is not None else self.dtype, "variance_scaling_initializer")
        scale_shape = partition_info.full_shape if partition_info is not None else shape
        fan_in, fan_out = compute_fans(scale_shape)
        mode = self.mode
        divisor = fan_in if mode == "fan_in" else fan_out if mode == "fan_out" else (fan_in + fan_out) / 2.0
        scale = self.scale / max(1.0, divisor)
        if self.distribution in ("normal", "truncated_normal"):
            stddev = math.sqrt(scale) / 0.87962566103423978
            return random_ops.truncated_normal(shape, 0.0, stddev, dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random_ops.random_normal(shape, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_ops.random_uniform(shape, -limit, limit, dtype, seed=self.seed)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution, "seed": self.seed,
                "dtype": self.dtype.name}


class GlorotUniform(VarianceScaling):
    """Glorot/Xavier uniform (``tf.glorot_uniform_initializer``): the default for float variables."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(scale=1.0, mode="fan_avg", distribution="uniform", seed=seed, dtype=dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    """Glorot/Xavier truncated normal (``tf.glorot_normal_initializer``)."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(scale=1.0, mode="fan_avg", distribution="truncated_normal", seed=seed, dtype=dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


def _dims_list(shape) -> list:
    """An initializer's ``shape`` argument (list, tuple or TensorShape) as a list."""
    return shape.as_list() if hasattr(shape, "as_list") else list(shape)


class UniformUnitScaling(Initializer):
    """Uniform values keeping the input's variance (``tf.uniform_unit_scaling_initializer``, deprecated
    in TensorFlow for ``variance_scaling_initializer(distribution='uniform')``): values in
    ``[-max_val, max_val)``, ``max_val = factor * sqrt(3 / input_size)``, ``input_size`` the product
    of every dimension but the last (at least 1).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     v = tf.get_variable("v", [3, 4], initializer=tf.initializers.uniform_unit_scaling(factor=2.0))
    >>> v.initial_value.name, float(v.initial_value.op.inputs[1].op.get_attr("value"))  # min: -2 * sqrt(3 / 3)
    ('v/Initializer/random_uniform:0', -2.0)
    """

    def __init__(self, factor=1.0, seed=None, dtype=dtypes.float32):
        self.factor, self.seed = factor, seed
        self.dtype = _float_dtype(dtype, "uniform_unit_scaling_initializer")

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = dtype if dtype is not None else self.dtype
        shape = _dims_list(shape)
        scale_shape = partition_info.full_shape if partition_info is not None else shape
        input_size = 1.0
        for dim in list(scale_shape)[:-1]:
            input_size *= float(dim)
        input_size = max(input_size, 1.0)  # zero-size tensors
        max_val = math.sqrt(3 / input_size) * self.factor
        return random_ops.random_uniform(shape, -max_val, max_val, dtype, seed=self.seed)

    def get_config(self):
        return {"factor": self.factor, "seed": self.seed, "dtype": self.dtype.name}


class Orthogonal(Initializer):
    """An orthogonal matrix (``tf.orthogonal_initializer``): the ``Qr`` decomposition of a normal random
    matrix, ``q`` times the signs of ``r``'s diagonal, reshaped to the shape and scaled by ``gain``.

    A shape of more than two dimensions is initialized as the matrix ``[prod(shape[:-1]), shape[-1]]``;
    a matrix with fewer rows than columns gets orthogonal rows (the transpose of a ``Qr`` of the
    transposed shape), else orthogonal columns.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     v = tf.get_variable("v", [2, 3], initializer=tf.initializers.orthogonal())
    >>> [op.type for op in v.initial_value.graph.get_operations()][6:-3]
    ['Qr', 'DiagPart', 'Sign', 'Mul', 'Const', 'Transpose', 'Const', 'Reshape', 'Const', 'Mul']
    """

    def __init__(self, gain=1.0, seed=None, dtype=dtypes.float32):
        self.gain, self.seed = gain, seed
        self.dtype = _float_dtype(dtype, "orthogonal_initializer")

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = dtype if dtype is not None else self.dtype
        dims = _dims_list(shape)
        if len(dims) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional")
        num_rows = 1
        for dim in dims[:-1]:
            num_rows *= dim
        num_rows, num_cols = int(num_rows), int(dims[-1])
        flat_shape = (num_cols, num_rows) if num_rows < num_cols else (num_rows, num_cols)
        a = random_ops.random_normal(flat_shape, dtype=dtype, seed=self.seed)
        q, r = linalg_ops.qr(a, full_matrices=False)
        q *= unary_ops.sign(linalg_ops.diag_part(r))
        if num_rows < num_cols:
            q = linalg_ops.matrix_transpose(q)
        return self.gain * shape_ops.reshape(q, dims)

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


class Identity(Initializer):
    """The identity matrix times ``gain`` (``tf.initializers.identity``), for 2-D shapes only: TF's
    ``eye`` ops (``eye/diag`` a ``MatrixDiagV3`` for a square shape, else ``eye/set_diag`` a
    ``MatrixSetDiagV3`` of ones on zeros), sliced to a partitioned variable's shard.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     v = tf.get_variable("v", [2, 3], initializer=tf.initializers.identity(gain=2.0))
    ...     print(v.initial_value.name, tf.Session().run(v.initial_value).tolist())
    v/Initializer/mul:0 [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]]
    """

    def __init__(self, gain=1.0, dtype=dtypes.float32):
        self.gain = gain
        self.dtype = _float_dtype(dtype, "identity_initializer")

    def __call__(self, shape, dtype=None, partition_info=None):
        full_shape = _dims_list(shape) if partition_info is None else list(partition_info.full_shape)
        if len(full_shape) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices.")
        dtype = dtype if dtype is not None else self.dtype
        initializer = linalg_ops.eye(*full_shape, dtype=dtype)
        if partition_info is not None:
            initializer = slicing_ops.slice(initializer, list(partition_info.var_offset), _dims_list(shape))
        return self.gain * initializer

    def get_config(self):
        return {"gain": self.gain, "dtype": self.dtype.name}


def lecun_normal(seed=None):
    """LeCun normal (``tf.initializers.lecun_normal``): ``VarianceScaling(1.0, 'fan_in', 'truncated_normal')``.

    >>> lecun_normal(seed=1).get_config()
    {'scale': 1.0, 'mode': 'fan_in', 'distribution': 'truncated_normal', 'seed': 1, 'dtype': 'float32'}
    """
    return VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal", seed=seed)


def lecun_uniform(seed=None):
    """LeCun uniform (``tf.initializers.lecun_uniform``): ``VarianceScaling(1.0, 'fan_in', 'uniform')``,
    values in ``[-sqrt(3 / fan_in), sqrt(3 / fan_in))``."""
    return VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform", seed=seed)


def he_normal(seed=None):
    """He normal (``tf.initializers.he_normal``): ``VarianceScaling(2.0, 'fan_in', 'truncated_normal')``,
    standard deviation ``sqrt(2 / fan_in)`` after truncation."""
    return VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal", seed=seed)


def he_uniform(seed=None):
    """He uniform (``tf.initializers.he_uniform``): ``VarianceScaling(2.0, 'fan_in', 'uniform')``, values
    in ``[-sqrt(6 / fan_in), sqrt(6 / fan_in))``."""
    return VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform", seed=seed)


zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_uniform_initializer = RandomUniform
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
variance_scaling_initializer = VarianceScaling
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
uniform_unit_scaling_initializer = UniformUnitScaling
orthogonal_initializer = Orthogonal
identity_initializer = Identity


# ``tf.initializers``: this module is that namespace too (tf.initializers.zeros(), .glorot_uniform(), ...).
zeros = Zeros
ones = Ones
constant = Constant
random_uniform = RandomUniform
random_normal = RandomNormal
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling
glorot_uniform = GlorotUniform
glorot_normal = GlorotNormal
uniform_unit_scaling = UniformUnitScaling
orthogonal = Orthogonal
identity = Identity

_VARIABLE_INITIALIZERS = {"global_variables": "global_variables_initializer",
                          "local_variables": "local_variables_initializer", "variables": "variables_initializer"}


def __getattr__(name: str):
    """``tf.initializers.global_variables()`` and friends live in graphscope.variables (a layer above)."""
    if name in _VARIABLE_INITIALIZERS:
        from graphscope import variables
        return getattr(variables, _VARIABLE_INITIALIZERS[name])
    raise AttributeError("module 'graphscope.initializers' has no attribute %r" % name)
