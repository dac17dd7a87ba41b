"""The op registry: one record per op type (TF type name, shape/dtype rule, kernel, gradient).

An op family module (``math_ops``, ``array_ops``, ...) registers each op type once with
:func:`register`; the graph, the executor and the gradient walker only look records up. So an op's
whole story sits in one place, as micrograd keeps an operation's forward and backward together.

The record's parts:

``infer(inputs, attrs) -> [(DType, dims), ...]``
    The static rule: given the input Tensors and the attrs, the dtype and static shape (a tuple of
    ``int | None``, or ``None`` for an unknown rank) of every output. It raises ``TypeError`` or
    ``ValueError`` for inputs the op cannot take; the graph calls it *before* it inserts anything.
``kernel(op) -> callable``
    Builds, once per plan, the numpy function that computes the op: ``fn(*input_values)`` returning one
    array (single-output ops) or a tuple of arrays. Stateful kernels receive the session state as their
    first argument (``fn(state, *input_values)``; see :attr:`OpDef.stateful`).
``gradient(op, *output_grads) -> [input_grad or None, ...]``
    Builds the gradient ops of the op's inputs from the gradients of its outputs.

Example
-------
>>> from graphscope.ops import registry
>>> registry.lookup("NoSuchOp") is None
True
"""
from __future__ import annotations

from typing import Callable

__all__ = ["OpDef", "register", "lookup", "registered_types", "no_gradient"]


class OpDef:
    """Everything graphscope knows about one op type.

    Parameters
    ----------
    type : str
        TensorFlow's op type name (``"AddV2"``, ``"MatMul"``, ``"VariableV2"``).
    infer : callable, optional
        The static shape/dtype rule (see the module docstring).
    kernel : callable, optional
        ``kernel(op) -> fn``: the numpy computation, bound once per execution plan.
    gradient : callable, optional
        ``gradient(op, *grads) -> list``; ``None`` means "not differentiable" (the gradient
        walker then stops at this op, as TF's ``ops.NotDifferentiable``).
    stateful : bool
        True for ops that read or write session state or draw random numbers; their kernels take
        the session state first, and the executor never caches or folds them.
    ref_inputs : tuple of int
        Input slots that take a variable *reference* (``float32_ref``) rather than its value, as
        ``Assign``'s first input: the executor passes the variable's storage handle there and does
        not read (or require initialising) the variable. Every other consumer of a ref tensor gets
        the variable's current value.
    """

    __slots__ = ("type", "infer", "kernel", "gradient", "stateful", "ref_inputs")

    def __init__(self, type: str, infer: Callable | None = None, kernel: Callable | None = None,
                 gradient: Callable | None = None, stateful: bool = False, ref_inputs: tuple = ()):
        self.type = type
        self.infer = infer
        self.kernel = kernel
        self.gradient = gradient
        self.stateful = stateful
        self.ref_inputs = ref_inputs

    def __repr__(self) -> str:
        return "OpDef(%r)" % self.type


_REGISTRY: dict[str, OpDef] = {}


def register(type: str, *, infer: Callable | None = None, kernel: Callable | None = None,
             gradient: Callable | None = None, stateful: bool = False, ref_inputs: tuple = ()) -> OpDef:
    """Register (or replace) the definition of op type ``type`` and return it.

    >>> d = register("ExampleOp", infer=lambda inputs, attrs: [])
    >>> lookup("ExampleOp") is d
    True
    """
    op_def = OpDef(type, infer=infer, kernel=kernel, gradient=gradient, stateful=stateful,
                   ref_inputs=ref_inputs)
    _REGISTRY[type] = op_def
    return op_def


def lookup(type: str) -> OpDef | None:
    """The registered definition of ``type``, or None."""
    return _REGISTRY.get(type)


def registered_types() -> list[str]:
    """All registered op type names, sorted."""
    return sorted(_REGISTRY)


def no_gradient(op, *grads) -> list:
    """The gradient rule of ops that gradients do not flow through (comparisons, shapes, argmax,
    random draws, ...): every input gets None (TF's ``ops.NotDifferentiable``). An op type whose
    ``gradient`` is None instead makes ``tf.gradients`` raise LookupError, as an unregistered gradient
    does in TensorFlow."""
    return [None] * len(op._inputs)
