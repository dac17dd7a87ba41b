"""What the array op families share: static knowledge about tensors, TF-worded errors, and converting
op arguments as TensorFlow's generated op functions do.

TensorFlow's C++ shape functions read an input's value when it is computable at build time
(``InferenceContext::input_tensor``: a ``Const``, or a small constant subgraph it folds) and read a
shape tensor partially (``MakeShapeFromShapeTensor``: ``tf.stack([n, -1])`` with an unknown ``n`` is
the partial shape ``[?, ?]``). :func:`constant_value` and :func:`constant_value_as_shape` do the same
here, so static shapes come out as TensorFlow's.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 3])
...     c = tf.constant([2, -1])
...     s = tf.shape(x)
>>> constant_value(c).tolist(), constant_value_as_shape(c), constant_value_as_shape(s)
([2, -1], (2, None), (None, 3))
"""
from __future__ import annotations

import functools
import threading

import numpy as np

from graphscope import dtypes
from graphscope.graph import get_default_graph
from graphscope.ops.core import apply_op, convert_to_tensor, holds_tensor_like, is_tensor_like, op_scope
from graphscope.tensor import Tensor

__all__ = ["constant_value", "constant_value_as_shape", "format_dims", "shape_error", "check_dtype",
           "merge_dims", "INDEX_DTYPES", "all_or_nothing", "to_tensor", "convert_n", "same_dtype", "axis_value",
           "gen_op"]

INDEX_DTYPES = (dtypes.int32, dtypes.int64)

_FOLD_MAX_ELEMENTS = 1000  # TF folds only small constant subgraphs when inferring shapes
_FOLD_MAX_DEPTH = 10
_NEVER_FOLD = frozenset(("Placeholder", "PlaceholderWithDefault", "VariableV2", "VarHandleOp",
                         "ReadVariableOp"))


class _PlanFeeds(threading.local):
    """The tensors fed in the execution plan being built on this thread (they are not constants)."""

    tensors: frozenset = frozenset()


_plan_feeds = _PlanFeeds()


class feeds_are_not_constant:  # noqa: N801 (a context manager)
    """While an execution plan with these fed tensors is built, :func:`constant_value` treats them
    (and what is computed from them) as unknown, so kernels that bind constant inputs at plan time
    use the fed values instead (TF lets any tensor, a Const included, be fed)."""

    def __init__(self, tensors):
        self._tensors = frozenset(tensors)

    def __enter__(self) -> None:
        self._outer = _plan_feeds.tensors
        _plan_feeds.tensors = self._tensors

    def __exit__(self, *exc_info) -> None:
        _plan_feeds.tensors = self._outer


def constant_value(tensor, _depth: int = 0):
    """The value of ``tensor`` as a numpy array if it is known when the graph is built, else None.

    Known: ``Const``; ``Shape``/``Size``/``Rank`` of a statically known input; and any stateless op
    whose inputs are all known and small (TensorFlow's constant folding for shape inference). A
    tensor fed in the plan being built is not known (see :class:`feeds_are_not_constant`).
    """
    if _plan_feeds.tensors and tensor in _plan_feeds.tensors:
        return None
    op = tensor._op
    op_type = op._type
    if op_type == "Const":
        return op._attrs["value"]
    if op_type in ("Shape", "Size", "Rank"):
        dims = op._inputs[0]._dims
        if dims is None or (op_type != "Rank" and None in dims):
            return None
        np_dtype = tensor._dtype.as_numpy_dtype
        if op_type == "Shape":
            return np.array(dims, dtype=np_dtype)
        if op_type == "Size":
            return np.array(int(np.prod(dims, dtype=np.int64)), dtype=np_dtype)
        return np.array(len(dims), dtype=np.int32)
    op_def = op._op_def
    if (_depth >= _FOLD_MAX_DEPTH or op_def is None or op_def.kernel is None or op_def.stateful
            or op_def.ref_inputs or not op._inputs or op_type in _NEVER_FOLD):
        return None
    values = []
    for t in op._inputs:
        value = constant_value(t, _depth + 1)
        if value is None or np.size(value) > _FOLD_MAX_ELEMENTS:
            return None
        values.append(value)
    try:
        result = op_def.kernel(op)(*values)
    except Exception:  # an error here is the op's to raise when it runs, not now
        return None
    if len(op._outputs) > 1:
        result = result[tensor._value_index]
    result = np.asarray(result)
    if result.size > _FOLD_MAX_ELEMENTS or result.dtype.kind == "O":
        return None
    return result


def constant_value_as_shape(tensor):
    """What a 1-D shape tensor says about a shape: a tuple of ``int | None``, or None (unknown rank).

    -1 (and any element not known at build time) is an unknown dimension; a scalar -1 means an
    unknown rank (TF's ``MakeShapeFromShapeTensorTreatScalarAsUnknownShape``).
    """
    value = constant_value(tensor)
    if value is not None:
        if value.ndim == 0:
            return None if int(value) == -1 else (int(value),)
        return tuple(None if v == -1 else int(v) for v in value.tolist())
    op = tensor._op
    op_type = op._type
    if op_type == "Shape":
        return op._inputs[0]._dims
    if op_type == "Pack" and op._attrs.get("axis", 0) == 0:
        dims = []
        for t in op._inputs:
            v = constant_value(t)
            dims.append(None if v is None or v.ndim != 0 or int(v) < 0 else int(v))
        return tuple(dims)
    if op_type == "ConcatV2":
        dims = ()
        for t in op._inputs[:-1]:
            part = constant_value_as_shape(t)
            if part is None:
                return _unknown_vector(tensor)
            dims += part
        return dims
    return _unknown_vector(tensor)


def _unknown_vector(tensor):
    dims = tensor._dims
    if dims is not None and len(dims) == 1 and dims[0] is not None:
        return (None,) * dims[0]
    return None


def format_dims(dims) -> str:
    """A static shape as TensorFlow's messages print it: ``[2,?]``, ``[]`` or ``<unknown>``."""
    if dims is None:
        return "<unknown>"
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


def shape_error(op_type: str, message: str, inputs=(), detail: str = "") -> ValueError:
    """A build-time shape error worded as TensorFlow's: the reason, the op, the input shapes."""
    shapes = ", ".join(format_dims(t._dims) for t in inputs)
    text = "%s for '%s' (op: '%s')" % (message, op_type, op_type)
    if inputs:
        text += " with input shapes: %s" % shapes
    return ValueError(text + (" " + detail if detail else "") + ".")


def check_dtype(op_type: str, arg: str, tensor, allowed=INDEX_DTYPES):
    """TypeError (TF's words) unless ``tensor``'s dtype is one of ``allowed``; returns the base dtype."""
    dtype = tensor._dtype.base_dtype
    if dtype not in allowed:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed values: %s "
                        "(op '%s')" % (arg, dtype.name, ", ".join(d.name for d in allowed), op_type))
    return dtype


def merge_dims(a, b):
    """The most specific shape compatible with both stored dim tuples (TF's ``Merge``).

    Raises ValueError with TensorFlow's words when they differ ("Dimension 0 in both shapes must be
    equal, but are 1 and 2. Shapes are [1] and [2].", "Shapes must be equal rank, but are 2 and 1").

    >>> merge_dims((None, 3), (2, None)), merge_dims(None, (1,))
    ((2, 3), (1,))
    """
    if a is None:
        return b
    if b is None or a == b:
        return a
    if len(a) != len(b):
        raise ValueError("Shapes must be equal rank, but are %d and %d" % (len(a), len(b)))
    merged = []
    for i, (x, y) in enumerate(zip(a, b)):
        if x is None:
            merged.append(y)
        elif y is None or x == y:
            merged.append(x)
        else:
            raise ValueError("Dimension %d in both shapes must be equal, but are %d and %d. Shapes are %s "
                             "and %s." % (i, x, y, format_dims(a), format_dims(b)))
    return tuple(merged)


# -- converting op arguments (TF's _apply_op_helper and list autopacking) ------------------------------

def all_or_nothing(function):
    """Run an op function that creates several ops as one transaction of the default graph: if it
    raises after creating some (a constant converted from a Python value, a name scope), they are all
    undone. Its ops share one lookup of the user's call site."""
    @functools.wraps(function)
    def atomic(*args, **kwargs):
        graph = get_default_graph()
        with graph._transaction(), graph._user_site():
            return function(*args, **kwargs)
    return atomic


def to_tensor(value, dtype=None, name: str | None = None, dtype_hint=None) -> Tensor:
    """An op argument as a Tensor: ``convert_to_tensor``, except that a list holding tensors
    (``[tf.shape(x)[0], -1]``) packs to the dtype of its tensors, with no hint tried and no cast (a
    tensor not of ``dtype`` is a TypeError), as TensorFlow converts an op's list argument."""
    if isinstance(value, (list, tuple)) and holds_tensor_like(value):
        from graphscope.ops.join_ops import autopack  # (join_ops imports this module)
        return autopack(value, None if dtype is None else dtypes.as_dtype(dtype), name, cast_to_dtype=False)
    return convert_to_tensor(value, dtype=dtype, name=name, dtype_hint=dtype_hint)


def convert_n(values, op_type: str, arg: str = "values") -> list:
    """Convert a list input of one type attr: Python values take the dtype of the first tensor among
    them, and every element must end up with one dtype (TF's "don't all match" TypeError)."""
    dtype = None
    for v in values:
        if is_tensor_like(v):
            dtype = convert_to_tensor(v).dtype.base_dtype
            break
    tensors = [v if type(v) is Tensor else
               to_tensor(v, dtype=None if is_tensor_like(v) else dtype, name="%s_%d" % (arg, i))
               for i, v in enumerate(values)]
    same_dtype(tensors, op_type, arg)
    return tensors


def same_dtype(tensors, op_type, arg="values"):
    kinds = [t._dtype.base_dtype for t in tensors]
    if any(k is not kinds[0] for k in kinds):
        raise TypeError("Tensors in list passed to '%s' of '%s' Op have types [%s] that don't all match."
                        % (arg, op_type, ", ".join(k.name for k in kinds)))
    return kinds[0]


def axis_value(op_type, axis_t, arg="axis"):
    """A scalar int input's value when it is known at build time (else None)."""
    check_dtype(op_type, arg, axis_t)
    if axis_t._dims is not None and len(axis_t._dims) != 0:
        raise shape_error(op_type, "Shape must be rank 0 but is rank %d (%s must be a scalar)"
                          % (len(axis_t._dims), arg), [axis_t])
    value = constant_value(axis_t)
    return None if value is None else int(value)


def gen_op(op_def, name, default_name, args, attrs=None):
    """Apply ``op_def`` as TF's generated op functions do: ``args`` is ``[(value, arg_name, dtype_hint)]``;
    Tensors pass as they are, other values become constants named ``<op>/<arg_name>``."""
    if name is None:
        name = default_name
    values = [a[0] for a in args]
    if all(type(v) is Tensor for v in values):
        return apply_op(op_def, values, attrs, name)
    with op_scope(name, default_name, values) as scope, get_default_graph()._user_site():
        tensors = [v if type(v) is Tensor else to_tensor(v, name=arg, dtype_hint=hint) for v, arg, hint in args]
        return apply_op(op_def, tensors, attrs, name=scope)
