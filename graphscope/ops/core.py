"""What every op family shares: converting values to tensors, op scopes, and applying a registered op.

An op function (``add``, ``matmul``, ...) is written as TensorFlow's: open the op's name scope over its
inputs (whose graph becomes the default), convert Python values to constants named after the
argument (``add/y``), then :func:`apply_op` the registered definition. When every input is already a
Tensor the name scope is skipped and the op is named directly, which gives the same names. A list
holding tensors (``[tf.shape(x)[0], -1]``) converts to a ``Pack`` op, as TensorFlow's autopacking.

>>> import graphscope as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     x = tf.constant([1.0, 2.0], name="x")
...     y = convert_to_tensor(3.0)
>>> y.name, y.dtype.name, x.shape.as_list()
('Const:0', 'float32', [2])
"""
from __future__ import annotations

import contextlib
import numbers

import numpy as np

from graphscope import dtypes
from graphscope.graph import Graph, get_default_graph, get_graph_from_inputs
from graphscope.graph_building import intern_attrs
from graphscope.graph_state import _Transaction
from graphscope.ops.registry import OpDef, no_gradient, register
from graphscope.tensor import Operation, Tensor

__all__ = ["convert_to_tensor", "apply_op", "op_scope", "to_numpy", "register_tensor_conversion_function",
           "is_tensor_like", "graph_of"]

_conversion_functions: list = []  # (type, fn(value, dtype, name, as_ref) -> Tensor)


def register_tensor_conversion_function(base_type, conversion_func, priority: int = 100) -> None:
    """Make objects of ``base_type`` usable wherever a Tensor is (as ``tf.register_tensor_conversion_function``)."""
    _converters_by_type.clear()
    _conversion_functions.append((priority, base_type, conversion_func))
    _conversion_functions.sort(key=lambda entry: entry[0])
    _converters_by_type.clear()  # again: a lookup on another thread may have cached the old answer


_converters_by_type: dict = {}  # type -> its conversion function or None (cleared on registration)


def _converter_for(value):
    cls = type(value)
    try:
        return _converters_by_type[cls]
    except KeyError:
        pass
    found = None
    for _, base_type, func in _conversion_functions:
        if isinstance(value, base_type):
            found = func
            break
    if value.__class__ is cls and len(_converters_by_type) < 1000:  # not a proxy posing as another class
        _converters_by_type[cls] = found
    return found


def is_tensor_like(value) -> bool:
    """True for Tensors and objects that convert to them without creating ops (variables)."""
    return isinstance(value, Tensor) or _converter_for(value) is not None


_PLAIN_VALUES = frozenset((int, float, bool, complex, str, bytes, list, tuple, type(None), np.ndarray))


def graph_of(values) -> Graph:
    """The graph of the graph elements among ``values`` (ValueError if several); else the default graph."""
    for v in values:
        if type(v) is Tensor:
            graph = v._op._graph
            break
    else:
        for v in values:
            if type(v) not in _PLAIN_VALUES:  # variables, operations, other graph elements
                return get_graph_from_inputs(values)
        return get_default_graph()
    for v in values:
        if isinstance(v, Tensor) and v._op._graph is not graph:
            return get_graph_from_inputs(values)
    return graph


# -- Python values to numpy, with TensorFlow's dtype inference --------------------------------------

_ACCEPTS = {  # dtype kind -> the Python scalar types TF accepts for it (_AssertCompatible)
    "int": (numbers.Integral,),
    "float": (numbers.Real,),
    "complex": (numbers.Number,),
    "bool": (bool, np.bool_),
    "string": (str, bytes),
}


def _kind(dtype: dtypes.DType) -> str:
    if dtype.is_bool:
        return "bool"
    if dtype.is_integer:
        return "int"
    if dtype.is_floating:
        return "float"
    if dtype.is_complex:
        return "complex"
    return "string"


# dtype -> (numpy type, the exact Python types to_numpy converts without further checks): Python ints
# and floats for floating and complex dtypes, ints for integer dtypes (what _ACCEPTS lets through).
_FAST_CONVERSIONS = {  # keyed by enum: an int hashes in C, a DType in Python
    dtype.as_datatype_enum: (dtype.as_numpy_dtype, frozenset((int,)) if dtype.is_integer else frozenset((int, float)))
    for dtype in (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128,
                  dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.uint16,
                  dtypes.uint32, dtypes.uint64)
}


def _first_mismatch(values, accepted):
    if isinstance(values, (list, tuple)):
        for v in values:
            bad = _first_mismatch(v, accepted)
            if bad is not None:
                return bad
        return None
    if isinstance(values, np.ndarray):
        return None
    if isinstance(values, accepted) or (isinstance(values, np.generic) and not isinstance(values, np.str_)):
        return None
    return values


def _dense_array(value, np_dtype) -> np.ndarray:
    """``np.array(value, dtype=np_dtype)``, with TF's ValueError for ragged nests and out-of-range numbers."""
    try:
        return np.array(value, dtype=np_dtype)
    except (ValueError, OverflowError) as exc:
        raise ValueError("Cannot make a tensor of %r: %s (a tensor's value must be a dense, "
                         "rectangular nest of numbers)." % (value, exc)) from None


def _python_array(value, dtype: dtypes.DType) -> np.ndarray | None:
    """``value`` as an array of ``dtype`` when it is a Python number, or a flat list or tuple of them,
    of a kind the dtype accepts (so no further checks are needed); None for anything else.

    >>> _python_array([4, 4], dtypes.int32), _python_array(2.5, dtypes.int32)
    (array([4, 4], dtype=int32), None)
    """
    fast = _FAST_CONVERSIONS.get(dtype._type_enum)
    if fast is None:
        return None
    np_type, accepted = fast
    cls = type(value)
    if cls in accepted or ((cls is list or cls is tuple) and all(type(v) in accepted for v in value)):
        return _dense_array(value, np_type)
    return None


def to_numpy(value, dtype: dtypes.DType | None = None) -> np.ndarray:
    """``value`` as the numpy array TensorFlow's ``constant`` would hold.

    Python floats become float32 and ints int32 (int64 when they do not fit); numpy arrays keep
    their dtype; with ``dtype``, values of the wrong kind raise TypeError ("Expected int32, got 2.5
    of type 'float' instead.").

    >>> to_numpy([1, 2.5]).dtype, to_numpy(2 ** 40).dtype, to_numpy(np.float64(1.0)).dtype
    (dtype('float32'), dtype('int64'), dtype('float64'))
    """
    if dtype is not None:
        array = _python_array(value, dtype)
        if array is not None:
            return array
    if value is None:
        raise ValueError("None values not supported: a tensor needs a value (got None).")
    if isinstance(value, (Tensor, Operation)):
        raise TypeError("Expected a Python or numpy value, got the symbolic %s." % value)
    np_dtype = dtype.as_numpy_dtype if dtype is not None and dtype.is_numpy_compatible else None
    if dtype is not None and dtype == dtypes.string:
        np_dtype = object
    if isinstance(value, (np.ndarray, np.generic)):
        if np_dtype is not None:
            return np.asarray(value).astype(np_dtype)
        array = np.asarray(value)
        if array.dtype.kind in "US":
            array = array.astype(object)
        return array
    if dtype is not None:
        bad = _first_mismatch(value, _ACCEPTS[_kind(dtype)])
        if bad is not None:
            raise TypeError("Expected %s, got %r of type '%s' instead." % (dtype.name, bad, type(bad).__name__))
    array = _dense_array(value, np_dtype)
    if array.dtype == object and dtype is None:
        raise TypeError("Failed to convert %r to a tensor: values of type %s are not supported."
                        % (value, type(value).__name__))
    if dtype is None:
        if array.dtype == np.float64:
            array = array.astype(np.float32)
        elif array.dtype == np.int64:
            narrow = array.astype(np.int32)
            if np.array_equal(narrow, array):
                array = narrow
        elif array.dtype.kind in "US":
            array = array.astype(object)
    return array


# -- the Const op, and values to tensors ---------------------------------------------------------------

def _const_infer(inputs, attrs):
    return [(attrs["dtype"], attrs["value"].shape)]


def _const_kernel(op):
    value = op._attrs["value"]
    return lambda: value


CONST = register("Const", infer=_const_infer, kernel=_const_kernel, gradient=no_gradient)


def make_const(array: np.ndarray, name: str = "Const", graph: Graph | None = None) -> Tensor:
    """A Const op holding ``array`` (already converted with :func:`to_numpy`), in ``graph`` or the
    default graph.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     c = make_const(np.zeros((2, 3), np.float32), "c")
    >>> c.name, c.dtype.name, c.shape.as_list()
    ('c:0', 'float32', [2, 3])
    """
    dtype = dtypes.as_dtype(array.dtype)  # object arrays hold strings
    graph = graph or get_default_graph()
    if not name:  # "" or None: as apply_op names them
        return apply_op(CONST, [], {"dtype": dtype, "value": array}, name, graph=graph)._outputs[0]
    return graph._create_op("Const", [], [(dtype, array.shape)], {"dtype": dtype, "value": array}, name,
                            CONST)._outputs[0]


_PYTHON_VALUES = frozenset((int, float, list, tuple))  # what python_constant may convert directly
_UNSEEN = object()


def python_constant(value, dtype: dtypes.DType, name: str) -> Tensor | None:
    """The Const ``convert_to_tensor(value, dtype, name)`` makes, built without its general checks when
    ``value`` is a Python number, or a flat list or tuple of them, of a kind ``dtype`` (a DType) takes
    and no conversion function is registered for its type; None for anything else.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     c = python_constant([4, 4], tf.int32, "shape")
    ...     other = python_constant(np.float32(1.0), tf.float32, "x")
    >>> c.name, c.op.get_attr("value").tolist(), other
    ('shape:0', [4, 4], None)
    """
    attrs = python_const_attrs(value, dtype)
    if attrs is not None:
        return get_default_graph()._create_op("Const", [], [(attrs["dtype"], attrs["value"].shape)], attrs,
                                              name or "Const", CONST)._outputs[0]
    array = _plain_python_array(value, dtype)  # (a larger value, or none of ours)
    return None if array is None else make_const(array, name or "Const")


def python_const_attrs(value, dtype: dtypes.DType) -> dict | None:
    """The attrs of the Const :func:`python_constant` makes of a small ``value`` (a Python number, or a
    flat list or tuple of at most 64 of them): Consts of equal value share one dict, whose array (made
    here, so ours to freeze) is read-only. None for anything else."""
    cls = value.__class__
    if (cls not in _PYTHON_VALUES or dtype.__class__ is not dtypes.DType
            or _converters_by_type.get(cls, _UNSEEN) is not None
            or ((cls is list or cls is tuple) and len(value) > _SHARED_CONST_SIZE)):
        return None
    # Values that compare equal only when they make the same constant look up the attrs directly:
    # ints, floats other than zero (0.0 == -0.0), and flat lists and tuples of ints.
    if cls is int or (cls is float and value):
        key = (dtype._type_enum, cls, value)
    elif cls is not float and all(v.__class__ is int for v in value):
        key = (dtype._type_enum, cls, tuple(value))
    else:
        key = None
    found = _CONST_ATTRS_BY_VALUE.get(key)
    if found is not None:
        return found
    array = _python_array(value, dtype)
    if array is None:
        return None
    array.flags.writeable = False
    dtype = dtypes.as_dtype(array.dtype)
    attrs = intern_attrs(("Const", dtype._type_enum, array.shape, array.tobytes()), {"dtype": dtype, "value": array})
    if key is not None:
        if len(_CONST_ATTRS_BY_VALUE) >= 4096:
            _CONST_ATTRS_BY_VALUE.clear()
        _CONST_ATTRS_BY_VALUE[key] = attrs
    return attrs


def _plain_python_array(value, dtype: dtypes.DType) -> np.ndarray | None:
    """:func:`_python_array` of ``value`` unless a conversion function is registered for its type."""
    cls = value.__class__
    if cls in _PYTHON_VALUES and dtype.__class__ is dtypes.DType and _converters_by_type.get(cls, _UNSEEN) is None:
        return _python_array(value, dtype)
    return None


_SHARED_CONST_SIZE = 64  # elements: up to this size, python_constant's Consts of equal value share attrs
_CONST_ATTRS_BY_VALUE: dict = {}  # (dtype enum, class, value) -> python_const_attrs' answer


def convert_to_tensor(value, dtype=None, name: str | None = None, preferred_dtype=None,
                      dtype_hint=None, as_ref: bool = False) -> Tensor:
    """``value`` as a Tensor: Tensors pass through (their dtype checked), variables give their value,
    lists and tuples holding tensors become a ``Pack`` op (see ``join_ops.autopack``), anything else
    becomes a ``Const`` op in the default graph.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     t = convert_to_tensor([1, 2], dtype=tf.float64)
    ...     p = convert_to_tensor([t[0], 3.0])
    >>> t.dtype.name, p.op.type, p.name, p.dtype.name
    ('float64', 'Pack', 'packed:0', 'float64')
    """
    tensor = python_constant(value, dtype, name)  # the common case: a Python number, or a list of them
    if tensor is not None:
        return tensor
    dtype = dtypes.as_dtype(dtype) if dtype is not None else None
    if isinstance(value, Tensor):
        if dtype is not None and not dtype.is_compatible_with(value._dtype):
            raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                             % (dtype.name, value._dtype.name, value))
        return value
    converter = _converter_for(value)
    if converter is not None:
        tensor = converter(value, dtype=dtype, name=name, as_ref=as_ref)
        if dtype is not None and not dtype.is_compatible_with(tensor._dtype):
            raise ValueError("Tensor conversion requested dtype %s for Tensor with dtype %s: %r"
                             % (dtype.name, tensor._dtype.name, tensor))
        return tensor
    if isinstance(value, Operation):
        raise TypeError("Can't convert Operation '%s' to Tensor (an op has no value; use one of its "
                        "outputs, e.g. op.outputs[0])." % value.name)
    hint = preferred_dtype or dtype_hint
    if isinstance(value, (list, tuple)) and not as_ref and holds_tensor_like(value):
        return _autopack(value, dtype, name, hint)
    if dtype is None and hint is not None:
        try:
            return make_const(to_numpy(value, dtypes.as_dtype(hint)), name or "Const")
        except (TypeError, ValueError):
            pass
    return make_const(to_numpy(value, dtype), name or "Const")


def holds_tensor_like(values) -> bool:
    """True when the nested lists and tuples ``values`` hold a Tensor or a variable at any depth.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     t = tf.constant(1.0)
    >>> holds_tensor_like([[1.0, 2.0], (3.0, t)]), holds_tensor_like([[1.0, 2.0], [3.0, 4.0]])
    (True, False)
    """
    for value in values:
        cls = value.__class__
        if cls is float or cls is int:  # first: most lists hold only numbers (TF scans every list too)
            continue
        if isinstance(value, (list, tuple)):
            if holds_tensor_like(value):
                return True
        elif is_tensor_like(value):
            return True
    return False


def _autopack(values, dtype, name, hint) -> Tensor:
    """TF's list conversion (registered ahead of the constant one): a Pack op of ``values``. A dtype
    ``hint`` is tried first and dropped if the values do not fit it."""
    from graphscope.ops.join_ops import autopack  # here: join_ops imports this module
    if dtype is None and hint is not None:
        try:
            return autopack(values, dtypes.as_dtype(hint), name)
        except (TypeError, ValueError):
            pass  # autopack undid its ops
    return autopack(values, dtype, name)


class op_scope(_Transaction):  # noqa: N801 (a context manager used like a function)
    """TF1's ``name_scope(name, default_name, values)`` for op functions: the graph of ``values``
    becomes the default and the op's scope ('add/') is opened; yields that scope name.

    All or nothing (a transaction): if the block raises, every op, name and collection entry made
    inside it (the scope's own name, constants converted from Python values, ...) is undone.
    """

    __slots__ = ("_scope", "_graph_cm")

    def __init__(self, name: str | None, default_name: str, values=()):
        graph = graph_of(values) if values else get_default_graph()
        _Transaction.__init__(self, graph)
        self._graph_cm = graph.as_default() if graph is not get_default_graph() else None
        self._scope = graph.name_scope(default_name if name is None else name)

    def __enter__(self) -> str:
        _Transaction.__enter__(self)
        if self._graph_cm is not None:
            self._graph_cm.__enter__()
        try:
            return self._scope.__enter__()
        except BaseException:
            if self._graph_cm is not None:
                self._graph_cm.__exit__(None, None, None)
            self._end(True)
            raise

    def __exit__(self, exc_type, exc_value, traceback) -> None:
        try:
            self._scope.__exit__(exc_type, exc_value, traceback)
            if self._graph_cm is not None:
                self._graph_cm.__exit__(exc_type, exc_value, traceback)
        finally:
            self._end(exc_type is not None)


def apply_op(op_def: OpDef, inputs: list, attrs: dict | None = None, name: str | None = None,
             graph: Graph | None = None) -> Operation:
    """Create an op of ``op_def`` on Tensors ``inputs``: infer its outputs, then insert it.

    ``name`` None defaults to the op type; a name ending in '/' (an open op scope) is used as is;
    ``""`` names the op after its type at the root scope, as TensorFlow does.
    """
    attrs = {} if attrs is None else attrs
    if graph is None:
        graph = inputs[0]._op._graph if inputs else get_default_graph()
    outputs = op_def.infer(inputs, attrs) if op_def.infer is not None else []
    if name == "":  # TF: name_scope("") goes to the root, where the op takes its type's name
        with graph.name_scope(""):
            return graph._create_op(op_def.type, inputs, outputs, attrs, op_def.type, op_def)
    return graph._create_op(op_def.type, inputs, outputs, attrs, name or op_def.type, op_def)
