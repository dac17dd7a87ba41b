"""Training ops: the fused update kernels optimizers build (``ApplyGradientDescent``, ``ApplyMomentum``,
``ApplyAdam`` and their resource-variable twins ``ResourceApply*``).

Each op updates variables in the session state in place, with the arithmetic of TensorFlow's C++
functors (``tensorflow/core/kernels/training_ops.cc``), in the variable's own dtype:

``ApplyGradientDescent(var, alpha, delta)``
    ``var -= delta * alpha``
``ApplyMomentum(var, accum, lr, grad, momentum)``
    ``accum = accum * momentum + grad``; ``var -= accum * lr``, or with ``use_nesterov``
    ``var -= grad * lr + accum * momentum * lr``
``ApplyAdam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad)``
    ``alpha = lr * sqrt(1 - beta2_power) / (1 - beta1_power)``; ``m += (grad - m) * (1 - beta1)``;
    ``v += (grad * grad - v) * (1 - beta2)``; ``var -= m * alpha / (sqrt(v) + epsilon)`` (with
    ``use_nesterov``: ``var -= (grad * (1 - beta1) + beta1 * m) * alpha / (sqrt(v) + epsilon)``).

The variable and its slots are *reference* inputs (``float32_ref``): the kernel gets their names and
reads and writes them through the session state; the op's output is the variable's reference (its
new value when fetched). The ``ResourceApply*`` ops take resource handles instead and have no output.
A kernel checks every shape before it writes anything, so a failing update changes nothing.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     w = tf.Variable([1.0, 2.0], name="w")
...     step = apply_gradient_descent(w, 0.5, tf.constant([2.0, 2.0]))
...     with tf.Session() as sess:
...         sess.run(w.initializer)
...         print(step.op.type, step.dtype.name, sess.run(step), sess.run(w))
ApplyGradientDescent float32_ref [0. 1.] [0. 1.]
"""
from __future__ import annotations

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError
from graphscope.ops.core import apply_op, convert_to_tensor, is_tensor_like, op_scope
from graphscope.ops.registry import register
from graphscope.shapes import TensorShape
from graphscope.tensor import Operation, Tensor

__all__ = ["apply_adam", "apply_gradient_descent", "apply_momentum", "resource_apply_adam",
           "resource_apply_gradient_descent", "resource_apply_momentum"]

_FLOATS = ("float16", "bfloat16", "float32", "float64", "complex64", "complex128")


# -- the update rules (numpy, TF's functors) ----------------------------------------------------------

def _debug_shape(value) -> str:
    return "[%s]" % ",".join(str(d) for d in np.shape(value))


def _check_same_shape(op, var_param, var, param, value):
    if np.shape(var) != np.shape(value):
        raise InvalidArgumentError(None, op, "%s and %s do not have the same shape%s %s (op '%s')"
                                   % (var_param, param, _debug_shape(var), _debug_shape(value), op.name))


def _check_scalar(op, param, value):
    if np.ndim(value) != 0:
        raise InvalidArgumentError(None, op, "%s is not a scalar: %s (op '%s')"
                                   % (param, _debug_shape(value), op.name))


def _gradient_descent(op, var, alpha, delta):
    _check_scalar(op, "alpha", alpha)
    _check_same_shape(op, "var", var, "delta", delta)
    return (var - delta * alpha,)


def _momentum(op, var, accum, lr, grad, momentum):
    _check_same_shape(op, "var", var, "accum", accum)
    _check_scalar(op, "lr", lr)
    _check_same_shape(op, "var", var, "grad", grad)
    _check_scalar(op, "momentum", momentum)
    accum = accum * momentum + grad
    if op._attrs.get("use_nesterov"):
        var = var - (grad * lr + accum * momentum * lr)
    else:
        var = var - accum * lr
    return var, accum


def _adam(op, var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad):
    _check_same_shape(op, "var", var, "m", m)
    _check_same_shape(op, "var", var, "v", v)
    for param, value in (("beta1_power", beta1_power), ("beta2_power", beta2_power), ("lr", lr),
                         ("beta1", beta1), ("beta2", beta2), ("epsilon", epsilon)):
        _check_scalar(op, param, value)
    _check_same_shape(op, "var", var, "grad", grad)
    one = np.asarray(1, dtype=var.dtype)
    alpha = lr * np.sqrt(one - beta2_power) / (one - beta1_power)
    m = m + (grad - m) * (one - beta1)
    v = v + (grad * grad - v) * (one - beta2)
    if op._attrs.get("use_nesterov"):
        var = var - ((grad * (one - beta1) + beta1 * m) * alpha) / (np.sqrt(v) + epsilon)
    else:
        var = var - (m * alpha) / (np.sqrt(v) + epsilon)
    return var, m, v


def _stored(new, old):
    """``new`` as the array to store in place of ``old`` (the variable's own dtype)."""
    if type(new) is np.ndarray and new.dtype is old.dtype:
        return new
    return np.asarray(new, dtype=old.dtype)


def _kernel(rule, updated: int, returns_var: bool):
    """A stateful kernel: the first ``updated`` inputs name variables (ref inputs or resource
    handles); read them, apply ``rule``, write every result back, only once all checks passed."""
    def build(op):
        def run(state, *args):
            keys, rest = args[:updated], args[updated:]
            current = [state.read_variable(key) for key in keys]
            results = rule(op, *current, *rest)
            for key, old, new in zip(keys, current, results):
                state.write_variable(key, _stored(new, old))
            return state.read_variable(keys[0]) if returns_var else None
        return run
    return build


def _is_scalar(value) -> bool:
    return (type(value) is np.ndarray and not value.ndim) or isinstance(value, np.generic)


def _gradient_descent_kernel(returns_var: bool):
    """``ApplyGradientDescent`` without the generic kernel's lists: one read, the checks only when
    the fast test fails, one write (a training step runs one of these per variable)."""
    def build(op):
        def apply_gradient_descent(state, key, alpha, delta):
            var = state.read_variable(key)
            if type(delta) is not np.ndarray or delta.shape != var.shape or not _is_scalar(alpha):
                _check_scalar(op, "alpha", alpha)
                _check_same_shape(op, "var", var, "delta", delta)
            new = _stored(var - delta * alpha, var)
            state.write_variable(key, new)
            return new if returns_var else None
        return apply_gradient_descent
    return build


# -- static rules --------------------------------------------------------------------------------------

def _infer(op_type: str, params: tuple, refs: tuple, scalars: tuple, resource: bool):
    """The shape/dtype rule of an apply op: every input of the variable's dtype T, the scalars of
    rank 0, the tensors of the variable's shape."""
    def infer(inputs, attrs):
        if len(inputs) != len(params):
            raise TypeError("%s takes %d inputs (%s), got %d." % (op_type, len(params), ", ".join(params), len(inputs)))
        var = inputs[0]
        if resource:
            for param, t in zip(params, inputs):
                if param in refs and t._dtype != dtypes.resource:
                    raise TypeError("%s: input '%s' must be a resource handle, got %s." % (op_type, param, t._dtype.name))
            handle_attrs = var._op._attrs
            dtype = attrs.get("T") or handle_attrs.get("dtype")
            shape = TensorShape(handle_attrs.get("shape") if var._op._type == "VarHandleOp" else None)
        else:
            for param, t in zip(params, inputs):
                if param in refs and not t._dtype._is_ref_dtype:
                    raise TypeError("%s: input '%s' must be a variable reference (float32_ref...), got %s: pass "
                                    "the Variable, not its value." % (op_type, param, t._dtype.name))
            dtype = var._dtype.base_dtype
            shape = var.shape
        if dtype is None:
            dtype = next(t._dtype.base_dtype for p, t in zip(params, inputs) if p not in refs)
        if dtype.name not in _FLOATS:
            raise TypeError("%s: variable '%s' has type %s; the op takes float or complex types only."
                            % (op_type, var._op._name, dtype.name))
        for param, t in zip(params, inputs):
            if resource and param in refs:
                continue
            if t._dtype.base_dtype != dtype:
                raise TypeError("Input '%s' of '%s' Op has type %s that does not match type %s of argument "
                                "'var'." % (param, op_type, t._dtype.base_dtype.name, dtype.name))
        for param, t in zip(params[1:], inputs[1:]):
            if resource and param in refs:
                continue
            if param in scalars:
                if t.shape.rank not in (None, 0):
                    raise ValueError("%s: '%s' must be a scalar (rank 0) but has shape %s." % (op_type, param, t.shape))
            elif shape.is_compatible_with(t.shape):
                shape = shape.merge_with(t.shape)
            else:
                raise ValueError("%s: shapes of 'var' %s and '%s' %s are incompatible (variable %s)."
                                 % (op_type, shape, param, t.shape, var._op._name))
        attrs["T"] = dtype
        attrs.setdefault("use_locking", False)
        return [] if resource else [(var._dtype, shape.as_tuple())]
    return infer


def _register(op_type, params, refs, scalars, rule, resource=False, kernel=None):
    ref_slots = () if resource else tuple(i for i, p in enumerate(params) if p in refs)
    kernel = kernel(not resource) if kernel is not None else _kernel(rule, len(refs), returns_var=not resource)
    return register(op_type, infer=_infer(op_type, params, refs, scalars, resource), stateful=True,
                    kernel=kernel, ref_inputs=ref_slots)


_GD = ("var", "alpha", "delta")
_MOMENTUM = ("var", "accum", "lr", "grad", "momentum")
_ADAM = ("var", "m", "v", "beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon", "grad")
_ADAM_SCALARS = ("beta1_power", "beta2_power", "lr", "beta1", "beta2", "epsilon")

APPLY_GRADIENT_DESCENT = _register("ApplyGradientDescent", _GD, ("var",), ("alpha",), _gradient_descent,
                                   kernel=_gradient_descent_kernel)
APPLY_MOMENTUM = _register("ApplyMomentum", _MOMENTUM, ("var", "accum"), ("lr", "momentum"), _momentum)
APPLY_ADAM = _register("ApplyAdam", _ADAM, ("var", "m", "v"), _ADAM_SCALARS, _adam)
RESOURCE_APPLY_GRADIENT_DESCENT = _register("ResourceApplyGradientDescent", _GD, ("var",), ("alpha",),
                                            _gradient_descent, resource=True, kernel=_gradient_descent_kernel)
RESOURCE_APPLY_MOMENTUM = _register("ResourceApplyMomentum", _MOMENTUM, ("var", "accum"), ("lr", "momentum"),
                                    _momentum, resource=True)
RESOURCE_APPLY_ADAM = _register("ResourceApplyAdam", _ADAM, ("var", "m", "v"), _ADAM_SCALARS, _adam,
                                resource=True)


# -- op functions (as TF's generated wrappers) -----------------------------------------------------------

def _ref_of(value) -> Tensor:
    as_ref = getattr(value, "_ref", None)
    return as_ref() if callable(as_ref) else convert_to_tensor(value)


def _handle_of(value) -> Tensor:
    handle = getattr(value, "handle", None)
    return handle if isinstance(handle, Tensor) else convert_to_tensor(value)


def _apply(op_def, refs: list, values: list, params: tuple, attrs: dict, name, resource: bool):
    """Open the op's name scope, convert Python values to the variable's dtype (constants named
    after the parameter), then create the op."""
    refs = [(_handle_of if resource else _ref_of)(r) for r in refs]
    with op_scope(name, op_def.type, refs + [v for v in values if is_tensor_like(v)]) as scope:
        dtype = refs[0]._op._attrs.get("dtype") if resource else refs[0]._dtype.base_dtype
        tensors = []
        for param, value in zip(params[len(refs):], values):
            if is_tensor_like(value) or dtype is None:
                tensors.append(convert_to_tensor(value, name=param))
            else:
                tensors.append(convert_to_tensor(value, dtype=dtype, name=param))
        op = apply_op(op_def, refs + tensors, attrs, name=scope)
    return op if resource else op._outputs[0]


def apply_gradient_descent(var, alpha, delta, use_locking: bool = False, name: str | None = None) -> Tensor:
    """``var -= alpha * delta`` (``ApplyGradientDescent``); returns ``var``'s reference."""
    return _apply(APPLY_GRADIENT_DESCENT, [var], [alpha, delta], _GD, {"use_locking": bool(use_locking)}, name,
                  False)


def apply_momentum(var, accum, lr, grad, momentum, use_locking: bool = False, use_nesterov: bool = False,
                   name: str | None = None) -> Tensor:
    """The momentum update of ``var`` and its accumulator ``accum`` (``ApplyMomentum``)."""
    attrs = {"use_locking": bool(use_locking), "use_nesterov": bool(use_nesterov)}
    return _apply(APPLY_MOMENTUM, [var, accum], [lr, grad, momentum], _MOMENTUM, attrs, name, False)


def apply_adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad, use_locking: bool = False,
               use_nesterov: bool = False, name: str | None = None) -> Tensor:
    """The Adam update of ``var`` and its moments ``m``, ``v`` (``ApplyAdam``)."""
    attrs = {"use_locking": bool(use_locking), "use_nesterov": bool(use_nesterov)}
    return _apply(APPLY_ADAM, [var, m, v], [beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad], _ADAM,
                  attrs, name, False)


def resource_apply_gradient_descent(var, alpha, delta, use_locking: bool = False,
                                    name: str | None = None) -> Operation:
    """``ApplyGradientDescent`` for a resource variable (``var`` is its handle or the variable)."""
    return _apply(RESOURCE_APPLY_GRADIENT_DESCENT, [var], [alpha, delta], _GD, {"use_locking": bool(use_locking)},
                  name, True)


def resource_apply_momentum(var, accum, lr, grad, momentum, use_locking: bool = False, use_nesterov: bool = False,
                            name: str | None = None) -> Operation:
    """``ApplyMomentum`` for resource variables."""
    attrs = {"use_locking": bool(use_locking), "use_nesterov": bool(use_nesterov)}
    return _apply(RESOURCE_APPLY_MOMENTUM, [var, accum], [lr, grad, momentum], _MOMENTUM, attrs, name, True)


def resource_apply_adam(var, m, v, beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad,
                        use_locking: bool = False, use_nesterov: bool = False, name: str | None = None) -> Operation:
    """``ApplyAdam`` for resource variables."""
    attrs = {"use_locking": bool(use_locking), "use_nesterov": bool(use_nesterov)}
    return _apply(RESOURCE_APPLY_ADAM, [var, m, v], [beta1_power, beta2_power, lr, beta1, beta2, epsilon, grad],
                  _ADAM, attrs, name, True)
