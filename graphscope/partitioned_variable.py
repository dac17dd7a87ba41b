"""``PartitionedVariable``: a variable stored as shards along one axis (``get_variable`` with a
``partitioner``), and ``SaveSliceInfo``, where each shard sits in the whole.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     whole = tf.get_variable("w", [5, 2], partitioner=lambda shape, dtype: [2, 1])
>>> [v.name for v in whole], whole.as_tensor().name
(['w/part_0:0', 'w/part_1:0'], 'w:0')
"""
from __future__ import annotations

from graphscope import dtypes
from graphscope.ops import array_ops
from graphscope.ops.join_ops import concat
from graphscope.ops.core import register_tensor_conversion_function
from graphscope.shapes import TensorShape, as_shape
from graphscope.tensor import Tensor

__all__ = ["PartitionedVariable", "SaveSliceInfo"]


class PartitionedVariable:
    """A variable stored as shards ``name/part_0``, ``name/part_1``, ... along one axis
    (``get_variable`` with a ``partitioner``). Iterating gives the shards; using it as a tensor
    concatenates them."""

    def __init__(self, name, shape, dtype, variable_list, partitions):
        if not isinstance(variable_list, (list, tuple)):
            raise TypeError("variable_list is not a list or tuple: %s" % (variable_list,))
        if not isinstance(partitions, (list, tuple)):
            raise TypeError("partitions is not a list or tuple: %s" % (partitions,))
        if not all(p >= 1 for p in partitions):
            raise ValueError("partition values must be positive: %s" % (partitions,))
        if not variable_list:
            raise ValueError("variable_list may not be empty")
        infos = [v._get_save_slice_info() for v in variable_list]
        if any(info is None for info in infos):
            raise ValueError("All variables must have a save_slice_info available: %s"
                             % [v.name for v in variable_list])
        full_shape = as_shape(shape).as_list() if as_shape(shape).rank is not None else None
        if full_shape is None or len(full_shape) != len(partitions):
            raise ValueError("len(shape) != len(partitions): %s vs. %s" % (shape, partitions))
        if any(list(info.full_shape) != full_shape for info in infos):
            raise ValueError("All variables' full shapes must match shape: %s; but full shapes were: %s"
                             % (full_shape, [info.full_shape for info in infos]))
        self._name = name
        self._shape = as_shape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._variable_list = sorted(variable_list, key=lambda v: v._get_save_slice_info().var_offset)
        self._partitions = list(partitions)
        self._as_tensor = None

    name = property(lambda self: self._name, doc="The full name, without ':0' ('foo/v').")
    dtype = property(lambda self: self._dtype)
    shape = property(lambda self: self._shape)
    graph = property(lambda self: self._variable_list[0].graph)

    def get_shape(self) -> TensorShape:
        return self._shape

    def __iter__(self):
        return iter(self._variable_list)

    def __len__(self) -> int:
        return len(self._variable_list)

    def get_variable_list(self) -> list:
        return list(self._variable_list)

    _get_variable_list = get_variable_list  # (TF's private name, which its own tests use)

    def _get_partitions(self) -> list:
        return list(self._partitions)

    def _partition_axes(self) -> list:
        axes = [i for i, p in enumerate(self._partitions) if p > 1]
        return axes or [0]

    def as_tensor(self) -> Tensor:
        """The shards concatenated along the partitioned axis (ops under '<name>/ConcatPartitions/'), as
        the Identity named ``<name>`` at the root (``<name>:0`` when the name is free), outside any
        control dependencies (as a variable's value is)."""
        with self.graph.control_dependencies(None):
            return self._concat()

    def _concat(self) -> Tensor:
        """:meth:`as_tensor`'s ops, under the control dependencies in force (TF's ``_concat``)."""
        graph = self.graph
        if len(self._variable_list) == 1:
            with graph.name_scope(None):
                return array_ops.identity(self._variable_list[0].value(), name=self._name)
        with graph.name_scope(self._name + "/ConcatPartitions/"):
            concatenated = concat([v.value() for v in self._variable_list], self._partition_axes()[0])
        with graph.name_scope(None):
            return array_ops.identity(concatenated, name=self._name)

    def __repr__(self) -> str:
        return "<PartitionedVariable '%s' shape=%s dtype=%s partitions=%s>" % (
            self._name, self._shape, self._dtype.name, self._partitions)

    class PartitionedVariableIterator:  # TF keeps this name public
        pass


class SaveSliceInfo:
    """Where a shard sits in its full variable (``Variable.SaveSliceInfo``)."""

    def __init__(self, full_name, full_shape, var_offset, var_shape):
        self.full_name, self.full_shape = full_name, list(full_shape)
        self.var_offset, self.var_shape = list(var_offset), list(var_shape)

    @property
    def spec(self) -> str:
        full = " ".join(str(d) for d in self.full_shape)
        slices = ":".join("%d,%d" % (o, s) for o, s in zip(self.var_offset, self.var_shape))
        return "%s %s" % (full, slices)


def _partitioned_to_tensor(var, dtype=None, name=None, as_ref=False):
    if as_ref:
        raise NotImplementedError("PartitionedVariable doesn't support being used as a reference.")
    return var.as_tensor()


register_tensor_conversion_function(PartitionedVariable, _partitioned_to_tensor)
