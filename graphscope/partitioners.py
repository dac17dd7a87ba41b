"""TensorFlow's ready-made partitioners (``tf.variable_axis_size_partitioner``,
``tf.min_max_variable_partitioner``, ``tf.fixed_size_partitioner``) and the deprecated
``tf.create_partitioned_variables``, as in ``tensorflow/python/ops/partitioned_variables.py``.

A partitioner is called as ``partitioner(shape=TensorShape, dtype=DType)`` and returns how many
shards to cut along each axis; ``get_variable`` then creates ``name/part_0``, ``name/part_1``, ...

>>> import graphscope as tf
>>> from graphscope.partitioners import fixed_size_partitioner, variable_axis_size_partitioner
>>> variable_axis_size_partitioner(max_shard_bytes=40)(shape=tf.TensorShape([10, 3]), dtype=tf.float32)
[4, 1]
>>> with tf.Graph().as_default():
...     with tf.variable_scope("emb", partitioner=fixed_size_partitioner(3)):
...         v = tf.get_variable("v", [7, 2], initializer=tf.ones_initializer())
...     with tf.Session() as sess:
...         sess.run(tf.global_variables_initializer())
...         whole = sess.run(v.as_tensor())
>>> [(s.name, s.shape.as_list()) for s in v], whole.shape
([('emb/v/part_0:0', [3, 2]), ('emb/v/part_1:0', [2, 2]), ('emb/v/part_2:0', [2, 2])], (7, 2))
"""
from __future__ import annotations

import math

from graphscope import dtypes
from graphscope.graph import get_default_graph
from graphscope.scopes import get_variable_scope, variable_scope
from graphscope.shapes import TensorShape
from graphscope.variable_store import get_variable_store

__all__ = ["variable_axis_size_partitioner", "min_max_variable_partitioner", "fixed_size_partitioner",
           "create_partitioned_variables"]


def _element_bytes(dtype, bytes_per_string_element) -> int:
    dtype = dtypes.as_dtype(dtype)
    if dtype.base_dtype == dtypes.string:
        return bytes_per_string_element
    return dtype.size


def variable_axis_size_partitioner(max_shard_bytes, axis=0, bytes_per_string_element=16, max_shards=None):
    """A partitioner cutting ``axis`` into shards of at most ``max_shard_bytes`` each (at least one
    slice per shard, so a shard can be bigger), and into at most ``max_shards`` shards when given.

    >>> import graphscope as tf
    >>> variable_axis_size_partitioner(64, max_shards=3)(shape=tf.TensorShape([100]), dtype=tf.float32)
    [3]
    >>> variable_axis_size_partitioner(0)
    Traceback (most recent call last):
    ...
    ValueError: Both max_shard_bytes and bytes_per_string_element must be positive. Currently, max_shard_bytes is 0 andbytes_per_string_element is 16
    """
    if max_shard_bytes < 1 or bytes_per_string_element < 1:
        # (TF's message, with its missing space after "and")
        raise ValueError("Both max_shard_bytes and bytes_per_string_element must be positive. Currently, "
                         f"max_shard_bytes is {max_shard_bytes} andbytes_per_string_element is "
                         f"{bytes_per_string_element}")
    if max_shards and max_shards < 1:
        raise ValueError("max_shards must be positive.")

    def _partitioner(shape, dtype):
        if not isinstance(shape, TensorShape):
            raise ValueError(f"shape is not a TensorShape: {shape}")
        if not shape.is_fully_defined():
            raise ValueError(f"shape is not fully defined: {shape}")
        element_size = _element_bytes(dtype, bytes_per_string_element)
        partitions = [1] * shape.ndims
        axis_size = shape.dims[axis].value
        # TF's float arithmetic, in TF's order, so that the roundings agree
        bytes_per_slice = 1.0 * (shape.num_elements() / axis_size) * element_size
        slices_per_shard = max(1, math.floor(max_shard_bytes / bytes_per_slice))
        axis_shards = int(math.ceil(1.0 * axis_size / slices_per_shard))
        if max_shards:
            axis_shards = min(max_shards, axis_shards)
        partitions[axis] = axis_shards
        return partitions

    return _partitioner


def min_max_variable_partitioner(max_partitions=1, axis=0, min_slice_size=256 << 10, bytes_per_string_element=16):
    """A partitioner cutting ``axis`` into shards of at least ``min_slice_size`` bytes, at most
    ``max_partitions`` of them, and no more than the axis has rows.

    >>> import graphscope as tf
    >>> min_max_variable_partitioner(100)(shape=tf.TensorShape([2048, 1024]), dtype=tf.float32)
    [32, 1]
    """
    def _partitioner(shape, dtype):
        if axis >= len(shape):
            raise ValueError(f"Cannot partition variable along axis {axis} when shape is only {shape}")
        total_size_bytes = shape.num_elements() * _element_bytes(dtype, bytes_per_string_element)
        partitions = total_size_bytes / min_slice_size
        partitions_list = [1] * len(shape)
        partitions_list[axis] = max(1, min(shape.dims[axis].value, max_partitions, int(math.ceil(partitions))))
        return partitions_list

    return _partitioner


def fixed_size_partitioner(num_shards, axis=0):
    """A partitioner cutting ``axis`` into ``num_shards`` shards (fewer if the axis is shorter).

    >>> import graphscope as tf
    >>> fixed_size_partitioner(4, axis=1)(shape=tf.TensorShape([5, 3]), dtype=tf.float32)
    [1, 3]
    """
    def _partitioner(shape, **unused_args):
        partitions_list = [1] * len(shape)
        partitions_list[axis] = min(num_shards, shape.dims[axis].value)
        return partitions_list

    return _partitioner


def create_partitioned_variables(shape, slicing, initializer, dtype=dtypes.float32, trainable=True,
                                 collections=None, name=None, reuse=None):
    """The shard variables of a variable of ``shape`` cut as ``slicing`` says (deprecated in TF: use
    ``get_variable`` with a partitioner). Named ``<name or PartitionedVariable[_N]>/part_<i>`` in the
    current variable scope; ``initializer`` is a tensor or value of the whole shape, or an initializer.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     parts = create_partitioned_variables([4, 2], [2, 1], tf.zeros_initializer())
    >>> [(v.name, v.shape.as_list()) for v in parts]
    [('PartitionedVariable/part_0:0', [2, 2]), ('PartitionedVariable/part_1:0', [2, 2])]
    """
    if len(shape) != len(slicing):
        raise ValueError("The 'shape' and 'slicing' of a partitioned Variable "
                         f"must have the length: shape: {shape}, slicing: {slicing}")
    if len(shape) < 1:
        raise ValueError(f"A partitioned Variable must have rank at least 1: shape: {shape}")

    def partitioner(**unused_kwargs):
        return slicing

    with variable_scope(name, "PartitionedVariable", reuse=reuse):
        return list(_get_partitioned_variable(shape, dtype, initializer, trainable, partitioner, collections))


def _get_partitioned_variable(shape, dtype, initializer, trainable, partitioner, collections):
    """TF's private ``variable_scope._get_partitioned_variable(name=None, ...)``: the partitioned
    variable named after the current variable scope itself, with the scope's defaults."""
    scope = get_variable_scope()
    if scope.custom_getter is not None:
        raise ValueError("Private access to _get_partitioned_variable is not allowed when a custom getter is set.  "
                         "Current custom getter: %s.  It is likely that you're using create_partitioned_variables.  "
                         "If so, consider instead using get_variable with a non-empty partitioner parameter instead."
                         % scope.custom_getter)
    graph = get_default_graph()
    with graph._transaction(), graph.name_scope(None):
        return get_variable_store(graph).get_variable(
            scope.name, shape=shape, dtype=scope.dtype if dtype is None else dtype,
            initializer=scope.initializer if initializer is None else initializer, regularizer=scope.regularizer,
            reuse=scope.reuse, trainable=trainable, collections=collections, caching_device=scope.caching_device,
            partitioner=partitioner, use_resource=scope.use_resource, constraint=scope.constraint)
