"""Slots: the variables an optimizer keeps per trained variable (TF's ``slot_creator``).

A slot of variable ``w`` is made in ``variable_scope(None, default_name="w/<name>")`` with
``get_variable("", initializer=..., trainable=False)``, colocated with ``w``: so its name is
``w/<name>``, uniquified as a variable scope (``w/Adam``, then ``w/Adam_1``), and its key in the
variable store is ``"w/Adam/"``, both as in TensorFlow. A slot of a resource variable is a resource
variable; a slot of a shard of a partitioned variable records its slice of the full slot.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     w = tf.get_variable("w", [2])
...     create_zeros_slot(w, "Adam").name, create_zeros_slot(w, "Adam").name
('w/Adam:0', 'w/Adam_1:0')
"""
from __future__ import annotations

from graphscope import dtypes
from graphscope.initializers import Zeros
from graphscope.ops import array_ops
from graphscope.scopes import get_variable_scope, variable_scope
from graphscope.shapes import as_shape
from graphscope.variables import SaveSliceInfo, Variable

__all__ = ["create_slot", "create_slot_with_initializer", "create_zeros_slot", "is_resource"]


def is_resource(var) -> bool:
    """Whether ``var`` is a resource variable (``use_resource=True``)."""
    return isinstance(var, Variable) and var.op.type == "VarHandleOp"


def _create_slot_var(primary, val, scope, validate_shape, shape, dtype):
    """``get_variable(scope, initializer=val, trainable=False)`` with the scope's partitioner off;
    a slot of a shard of a partitioned variable records the matching slice of the full slot."""
    from graphscope.variable_store import get_variable
    current_scope = get_variable_scope()
    partitioner = current_scope.partitioner
    current_scope.set_partitioner(None)
    try:
        slot = get_variable(scope, initializer=val, trainable=False, use_resource=is_resource(primary),
                            shape=shape if callable(val) else None, dtype=dtype, validate_shape=validate_shape)
    finally:
        current_scope.set_partitioner(partitioner)
    info = primary._get_save_slice_info() if isinstance(primary, Variable) else None
    if info is not None:
        real_slot_name = slot.name[len(primary.op.name + "/"):-2]
        n = slot.shape.rank
        if n is None or n > 0:
            slot._set_save_slice_info(SaveSliceInfo(info.full_name + "/" + real_slot_name, info.full_shape[:n],
                                                    info.var_offset[:n], info.var_shape[:n]))
    return slot


def create_slot_with_initializer(primary, initializer, shape, dtype, name: str, colocate_with_primary: bool = True):
    """A slot variable ``<primary>/<name>`` (uniquified as a variable scope: ``w/Adam``, then
    ``w/Adam_1``) of ``shape`` and ``dtype``, initialized by ``initializer``."""
    shape = as_shape(shape)
    graph = primary.graph
    with variable_scope(None, primary.op.name + "/" + name):
        if colocate_with_primary:
            with graph.colocate_with(primary.op):
                return _create_slot_var(primary, initializer, "", shape.is_fully_defined(), shape, dtype)
        return _create_slot_var(primary, initializer, "", shape.is_fully_defined(), shape, dtype)


def create_slot(primary, val, name: str, colocate_with_primary: bool = True):
    """A slot variable ``<primary>/<name>`` initialized to the tensor ``val``."""
    validate_shape = val.get_shape().is_fully_defined()
    graph = primary.graph
    with variable_scope(None, primary.op.name + "/" + name):
        if colocate_with_primary:
            with graph.colocate_with(primary.op):
                return _create_slot_var(primary, val, "", validate_shape, None, None)
        return _create_slot_var(primary, val, "", validate_shape, None, None)


def create_zeros_slot(primary, name: str, dtype=None, colocate_with_primary: bool = True):
    """A slot of zeros with ``primary``'s shape and dtype (TF's ``slot_creator.create_zeros_slot``)."""
    dtype = dtypes.as_dtype(dtype or primary.dtype).base_dtype
    slot_shape = primary.get_shape()
    if slot_shape.is_fully_defined():
        return create_slot_with_initializer(primary, Zeros(), slot_shape, dtype, name, colocate_with_primary)
    source = primary.initial_value if isinstance(primary, Variable) else primary
    val = array_ops.zeros(array_ops.shape(source), dtype=dtype)
    return create_slot(primary, val, name, colocate_with_primary)
