"""State ops: variables and assignment, both TF1 reference variables and resource variables.

Kernels here read and write the session state (``state.read_variable(name)``,
``state.write_variable(name, value)``, ``state.is_initialized(name)``). A reference input (``Assign``'s
first input, a ``float32_ref`` tensor) reaches the kernel as the variable's name, not its value.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     v = variable_op([2], tf.float32, name="v")
...     a = assign(v, tf.zeros([2]))
>>> v.dtype.name, a.op.type, a.op.inputs[0].name
('float32_ref', 'Assign', 'v:0')
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError, OutOfRangeError
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope
from graphscope.ops.registry import no_gradient, register
from graphscope.shapes import as_shape

__all__ = ["variable_op", "assign", "assign_add", "assign_sub", "count_up_to", "is_variable_initialized",
           "var_handle_op", "assign_variable_op", "read_variable_op", "var_is_initialized_op",
           "assign_add_variable_op", "assign_sub_variable_op"]


# -- reference variables (VariableV2) -------------------------------------------------------------

def _variable_infer(inputs, attrs):
    return [(attrs["dtype"]._as_ref, attrs["shape"])]


def _variable_kernel(op):
    name = op._name
    return lambda state: state.read_variable(name)


VARIABLE_V2 = register("VariableV2", infer=_variable_infer, kernel=_variable_kernel, stateful=True,
                       gradient=no_gradient)


def variable_op(shape, dtype, name: str = "Variable", container: str = "", shared_name: str = ""):
    """A ``VariableV2`` op (a mutable tensor in the session); its output has a ``*_ref`` dtype."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    dims = as_shape(shape).as_tuple() if shape is not None else None
    attrs = {"shape": dims, "dtype": dtype, "container": container, "shared_name": shared_name}
    return apply_op(VARIABLE_V2, [], attrs, name)._outputs[0]


def _assign_infer(inputs, attrs, op_type="Assign"):
    ref, value = inputs
    if not ref._dtype._is_ref_dtype:
        raise TypeError("%s: input 'ref' must be a variable reference (float32_ref...), got %s: "
                        "assign to the Variable object, not to its value." % (op_type, ref._dtype.name))
    if ref._dtype.base_dtype != value._dtype.base_dtype:
        raise TypeError("Input 'value' of '%s' Op has type %s that does not match type %s of argument "
                        "'ref'." % (op_type, value._dtype.base_dtype.name, ref._dtype.base_dtype.name))
    attrs["T"] = value._dtype.base_dtype
    attrs.setdefault("use_locking", True)
    dims = ref._dims
    if op_type == "Assign":
        attrs.setdefault("validate_shape", True)
        if attrs["validate_shape"]:
            if dims == value._dims:  # the same static shape (a new variable and its initial value)
                return [(ref._dtype, dims)]
            merged = ref.shape.merge_with(value.shape) if _compatible(ref, value) else None
            if merged is None:
                raise ValueError("Assign: shapes %s and %s are incompatible (variable %s): the value "
                                 "must have the variable's shape, or pass validate_shape=False."
                                 % (ref.shape, value.shape, ref._op._name))
            dims = merged.as_tuple()
        else:
            dims = value._dims
    elif not _compatible(ref, value):
        raise ValueError("%s: shapes %s and %s are incompatible (variable %s)."
                         % (op_type, ref.shape, value.shape, ref._op._name))
    return [(ref._dtype, dims)]


def _compatible(ref, value):
    return ref.shape.is_compatible_with(value.shape)


def _assign_kernel(op):
    validate = op._attrs.get("validate_shape", True)

    def run(state, name, value):
        value = np.array(value, copy=True)
        if validate and state.is_initialized(name):
            old = state.read_variable(name)
            if old.shape != value.shape:
                raise InvalidArgumentError(None, op, "Assign requires shapes of both tensors to match. "
                                           "lhs shape= %s rhs shape= %s (variable %s)"
                                           % (list(old.shape), list(value.shape), name))
        state.write_variable(name, value)
        return value
    return run


def _update_kernel(ufunc):
    def build(op):
        def run(state, name, value):
            new = ufunc(state.read_variable(name), value)
            state.write_variable(name, new)
            return new
        return run
    return build


ASSIGN = register("Assign", infer=_assign_infer, kernel=_assign_kernel, stateful=True, ref_inputs=(0,),
                  gradient=no_gradient)
ASSIGN_ADD = register("AssignAdd", infer=lambda i, a: _assign_infer(i, a, "AssignAdd"), stateful=True,
                      kernel=_update_kernel(np.add), ref_inputs=(0,), gradient=no_gradient)
ASSIGN_SUB = register("AssignSub", infer=lambda i, a: _assign_infer(i, a, "AssignSub"), stateful=True,
                      kernel=_update_kernel(np.subtract), ref_inputs=(0,), gradient=no_gradient)


def _ref_of(ref):
    """The ``*_ref`` tensor of a Variable (or the ref tensor itself)."""
    as_ref = getattr(ref, "_ref", None)
    return as_ref() if callable(as_ref) else ref


def _update(op_def, default_name, ref, value, use_locking, name, extra=None):
    ref = _ref_of(ref)
    with op_scope(name, default_name, [ref, value]) as scope:
        value = convert_to_tensor(value, dtype=ref.dtype.base_dtype, name="value")
        attrs = {"use_locking": bool(use_locking) if use_locking is not None else True, **(extra or {})}
        graph = ref._op._graph
        with graph.colocate_with(ref._op):
            return apply_op(op_def, [ref, value], attrs, name=scope)._outputs[0]


def _is_resource_variable(ref) -> bool:
    """A variable that is not a reference one (a ResourceVariable): TF's assign functions hand it to its
    own ``assign``/``assign_add``/``assign_sub``."""
    return not getattr(ref, "dtype", dtypes.float32_ref)._is_ref_dtype and hasattr(ref, "assign")


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """Store ``value`` in variable ``ref`` (``tf.assign``); returns the ref after the assignment."""
    if _is_resource_variable(ref):
        return ref.assign(value, name=name)
    extra = {"validate_shape": True if validate_shape is None else bool(validate_shape)}
    return _update(ASSIGN, "Assign", ref, value, use_locking, name, extra)


def assign_add(ref, value, use_locking=None, name=None):
    """``ref += value`` (``tf.assign_add``)."""
    if _is_resource_variable(ref):
        return ref.assign_add(value, name=name)
    return _update(ASSIGN_ADD, "AssignAdd", ref, value, use_locking if use_locking is not None else False, name)


def assign_sub(ref, value, use_locking=None, name=None):
    """``ref -= value`` (``tf.assign_sub``)."""
    if _is_resource_variable(ref):
        return ref.assign_sub(value, name=name)
    return _update(ASSIGN_SUB, "AssignSub", ref, value, use_locking if use_locking is not None else False, name)


def _is_initialized_infer(inputs, attrs):
    attrs["dtype"] = inputs[0]._dtype.base_dtype
    return [(dtypes.bool, ())]


IS_VARIABLE_INITIALIZED = register(
    "IsVariableInitialized", infer=_is_initialized_infer, stateful=True, ref_inputs=(0,),
    kernel=lambda op: lambda state, name: np.bool_(state.is_initialized(name)), gradient=no_gradient)


def is_variable_initialized(ref, name=None):
    """A bool scalar: has variable ``ref`` been initialized in the session? (``VarIsInitializedOp``
    for resource variables, as TF builds it.)"""
    ref = _ref_of(ref)
    if ref.dtype == dtypes.resource:
        return var_is_initialized_op(ref, name=name)
    return apply_op(IS_VARIABLE_INITIALIZED, [ref], name=name)._outputs[0]


def _count_up_to_infer(inputs, attrs):
    ref, = inputs
    dtype = ref._dtype.base_dtype
    if not ref._dtype._is_ref_dtype or dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError("CountUpTo: input 'ref' must be an int32 or int64 variable reference, got %s: count "
                        "up to with the Variable itself." % ref._dtype.name)
    if ref._dims not in ((), None):
        raise ValueError("CountUpTo: the variable must be a scalar, but %s has shape %s." % (ref._op._name, ref.shape))
    attrs["T"] = dtype
    return [(dtype, ())]


def _count_up_to_kernel(op):
    limit = op._attrs["limit"]

    def run(state, name):
        before = state.read_variable(name)
        if before >= limit:
            raise OutOfRangeError(None, op, "Reached limit of %d" % limit)
        state.write_variable(name, before + before.dtype.type(1))
        return before
    return run


COUNT_UP_TO = register("CountUpTo", infer=_count_up_to_infer, kernel=_count_up_to_kernel, stateful=True,
                       ref_inputs=(0,), gradient=no_gradient)


def count_up_to(ref, limit, name=None):
    """Add 1 to scalar int variable ``ref`` until it reaches ``limit`` (``tf.count_up_to``): the value
    before the increment; once the variable holds ``limit``, running it raises OutOfRangeError
    ("Reached limit of <limit>") and changes nothing.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     v = tf.Variable(0, name="count")
    ...     up = tf.count_up_to(v, 2)
    ...     with tf.Session() as sess:
    ...         sess.run(v.initializer)
    ...         print(sess.run(up), sess.run(up), sess.run(v))
    0 1 2
    """
    return apply_op(COUNT_UP_TO, [_ref_of(ref)], {"limit": int(limit)}, name=name)._outputs[0]


# -- resource variables (VarHandleOp) ---------------------------------------------------------------

def _handle_kernel(op):
    handle = op._attrs.get("shared_name") or op._name
    return lambda state: handle


VAR_HANDLE_OP = register("VarHandleOp", infer=lambda inputs, attrs: [(dtypes.resource, ())],
                         kernel=_handle_kernel, stateful=True, gradient=no_gradient)


def var_handle_op(dtype, shape, shared_name: str = "", name: str = "VarHandleOp", container: str = ""):
    """A resource-variable handle (``use_resource=True``)."""
    attrs = {"dtype": dtypes.as_dtype(dtype).base_dtype, "shape": as_shape(shape).as_tuple(),
             "shared_name": shared_name, "container": container, "allowed_devices": []}
    return apply_op(VAR_HANDLE_OP, [], attrs, name)._outputs[0]


def _read_infer(inputs, attrs):
    handle_op = inputs[0]._op
    return [(attrs["dtype"], handle_op._attrs.get("shape"))]


def _read_grad(op, grad):
    """A resource variable's read passes its gradient to the handle (TF's ``_ReadGrad``)."""
    return [grad]


READ_VARIABLE_OP = register("ReadVariableOp", infer=_read_infer, stateful=True,
                            kernel=lambda op: lambda state, handle: state.read_variable(handle), gradient=_read_grad)


def read_variable_op(handle, dtype, name: str | None = None):
    """A ``ReadVariableOp``: the value of the resource variable behind ``handle``."""
    return apply_op(READ_VARIABLE_OP, [handle], {"dtype": dtypes.as_dtype(dtype)}, name)._outputs[0]


def _assign_variable_infer(inputs, attrs):
    handle, value = inputs
    expected = handle._op._attrs.get("dtype")
    if expected is not None and value._dtype.base_dtype != expected:
        raise TypeError("Input 'value' of 'AssignVariableOp' Op has type %s that does not match type %s "
                        "of the variable." % (value._dtype.base_dtype.name, expected.name))
    attrs["dtype"] = value._dtype.base_dtype
    return []


def _write_kernel(op):
    def run(state, handle, value):
        state.write_variable(handle, np.array(value, copy=True))
    return run


def _resource_update_kernel(ufunc):
    def build(op):
        def run(state, handle, value):
            state.write_variable(handle, ufunc(state.read_variable(handle), value))
        return run
    return build


ASSIGN_VARIABLE_OP = register("AssignVariableOp", infer=_assign_variable_infer, kernel=_write_kernel,
                              stateful=True, gradient=no_gradient)
ASSIGN_ADD_VARIABLE_OP = register("AssignAddVariableOp", infer=_assign_variable_infer, stateful=True,
                                  kernel=_resource_update_kernel(np.add), gradient=no_gradient)
ASSIGN_SUB_VARIABLE_OP = register("AssignSubVariableOp", infer=_assign_variable_infer, stateful=True,
                                  kernel=_resource_update_kernel(np.subtract), gradient=no_gradient)


def assign_variable_op(handle, value, name: str | None = None):
    """An ``AssignVariableOp``: set the resource variable behind ``handle`` to ``value``."""
    return apply_op(ASSIGN_VARIABLE_OP, [handle, value], name=name)


def assign_add_variable_op(handle, value, name: str | None = None):
    """An ``AssignAddVariableOp``: add ``value`` to the resource variable behind ``handle``."""
    return apply_op(ASSIGN_ADD_VARIABLE_OP, [handle, value], name=name)


def assign_sub_variable_op(handle, value, name: str | None = None):
    """An ``AssignSubVariableOp``: subtract ``value`` from the resource variable behind ``handle``."""
    return apply_op(ASSIGN_SUB_VARIABLE_OP, [handle, value], name=name)


VAR_IS_INITIALIZED_OP = register(
    "VarIsInitializedOp", infer=lambda inputs, attrs: [(dtypes.bool, ())], stateful=True,
    kernel=lambda op: lambda state, handle: np.bool_(state.is_initialized(handle)), gradient=no_gradient)


def var_is_initialized_op(handle, name: str | None = None):
    """A ``VarIsInitializedOp``: whether the resource variable behind ``handle`` has a value."""
    return apply_op(VAR_IS_INITIALIZED_OP, [handle], name=name)._outputs[0]


# -- reports over many variables (graphscope's own op types) -----------------------------------------
# TensorFlow builds report_uninitialized_variables from IsVariableInitialized ops, Stack, LogicalNot,
# a Const of names and boolean_mask; graphscope uses one stateful op that asks the session state
# directly (attrs: the reported names and the session-state keys). It has no TF GraphDef equivalent.

def _variable_names_infer(inputs, attrs):
    return [(dtypes.string, (None,))]


def _report_uninitialized_kernel(op):
    pairs = list(zip(op._attrs["var_names"], op._attrs["state_keys"]))

    def run(state):
        names = [name.encode("utf-8") for name, key in pairs if not state.is_initialized(key)]
        return np.array(names, dtype=object).reshape(len(names))
    return run


REPORT_UNINITIALIZED_VARIABLES = register("ReportUninitializedVariables", infer=_variable_names_infer,
                                          kernel=_report_uninitialized_kernel, stateful=True, gradient=no_gradient)


def state_key(variable_op) -> str:
    """The key of a variable op's value in the session state (its name; a resource variable's
    ``shared_name`` when it has one)."""
    if variable_op.type == "VarHandleOp":
        return variable_op.get_attr("shared_name") or variable_op.name
    return variable_op.name


def report_uninitialized_variables_op(var_ops, name: str):
    """One ``ReportUninitializedVariables`` op over the variable ops ``var_ops``."""
    attrs = {"var_names": [op.name for op in var_ops], "state_keys": [state_key(op) for op in var_ops]}
    return apply_op(REPORT_UNINITIALIZED_VARIABLES, [], attrs, name)._outputs[0]


def _assert_initialized_infer(inputs, attrs):
    return [(dtypes.int32, () if len(attrs["ranks"]) == 1 else (len(attrs["ranks"]),))]


def _assert_initialized_kernel(op):
    keys, ranks = op._attrs["state_keys"], op._attrs["ranks"]

    def run(state):
        for key in keys:
            state.read_variable(key)  # FailedPreconditionError names the first uninitialized one
        value = np.array(ranks, dtype=np.int32)
        return value[0] if len(ranks) == 1 else value
    return run


ASSERT_VARIABLES_INITIALIZED = register("AssertVariablesInitialized", infer=_assert_initialized_infer,
                                        kernel=_assert_initialized_kernel, stateful=True, gradient=no_gradient)


def assert_variables_initialized_op(var_ops, ranks, name: str):
    """One ``AssertVariablesInitialized`` op: the variables' ranks, or FailedPreconditionError."""
    attrs = {"var_names": [op.name for op in var_ops], "state_keys": [state_key(op) for op in var_ops],
             "ranks": list(ranks)}
    return apply_op(ASSERT_VARIABLES_INITIALIZED, [], attrs, name)._outputs[0]


# -- a variable's value, or its initial value while it is uninitialized -------------------------------

def _initialized_value_infer(inputs, attrs):
    ref, initial = inputs
    attrs["T"] = initial._dtype.base_dtype
    return [(initial._dtype.base_dtype, ref._dims if ref._dims is not None else initial._dims)]


def _initialized_value_kernel(op):
    def run(state, name, initial):
        return state.read_variable(name) if state.is_initialized(name) else initial
    return run


INITIALIZED_VALUE = register(
    "InitializedValue", infer=_initialized_value_infer, kernel=_initialized_value_kernel, stateful=True,
    ref_inputs=(0,), gradient=lambda op, grad: [None, None])


def initialized_value(ref, initial_value, name: str | None = None):
    """``ref``'s value if it is initialized, else ``initial_value`` (``Variable.initialized_value``).

    TensorFlow builds this from ``cond`` (``Switch``/``Merge`` ops); graphscope uses one op of its own
    type, ``InitializedValue``, with the same result.
    """
    return apply_op(INITIALIZED_VALUE, [ref, initial_value], name=name or "InitializedValue")._outputs[0]
