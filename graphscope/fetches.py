"""What ``Session.run`` takes and gives back: fetch structures (any nesting of lists, tuples,
namedtuples, dicts and ``attrs`` instances) with their plan-cache keys, feed keys and feed values
checked as TensorFlow checks them, and fetched values converted as TensorFlow hands them back.
:mod:`graphscope.executor` builds and runs the plans.
"""
from __future__ import annotations

import operator
from collections.abc import Mapping

import numpy as np

from graphscope.tensor import Operation, Tensor

__all__ = ["FetchStructure", "check_feed_value", "convert_fetch", "fetch_key", "frozen", "resolve_feed_key",
           "NUMERIC", "RAW", "STRING"]

NUMERIC, RAW, STRING = 0, 1, 2  # how a fetched value is handed back


def frozen(value):
    """A read-only view of an ndarray held across runs (constants), so a fetch copies it."""
    if type(value) is np.ndarray and value.flags.writeable:
        value = value.view()
        value.flags.writeable = False
    return value


def _fetched_numeric(value):
    """TF's fetch conversion: 0-d arrays become numpy scalars; shared (read-only) arrays are copied."""
    if type(value) is np.ndarray:
        if value.ndim == 0:
            return value[()]
        if not value.flags.writeable:
            return value.copy()
        return value
    if value is None or isinstance(value, np.generic):
        return value
    value = np.asarray(value)
    return value[()] if value.ndim == 0 else value


def _as_bytes(item):
    return item.encode("utf-8") if isinstance(item, str) else item


def _fetched_string(value):
    """String tensors come back as ``bytes`` (object arrays of bytes), as in TensorFlow."""
    array = np.asarray(value, dtype=object)
    if array.ndim == 0:
        return _as_bytes(array[()])
    out = np.empty(array.shape, dtype=object)
    out.reshape(-1)[:] = [_as_bytes(item) for item in array.reshape(-1)]
    return out


def convert_fetch(value, mode):
    if mode == NUMERIC:
        return _fetched_numeric(value)
    if mode == STRING:
        return _fetched_string(value)
    return value


# -- fetch structures -----------------------------------------------------------------------------

def fetch_key(fetches):
    """A hashable key for the *structure* of ``fetches``: leaves by identity (``id``) or name.

    The plan cache is keyed by it; a plan keeps its leaves alive, so an ``id`` cannot be reused while
    the plan exists. An ``attrs`` instance is keyed by its class and fields, as a namedtuple is (its
    fields can be reassigned, and the plan does not keep it alive).

    >>> fetch_key("x:0"), fetch_key(["x:0", ("y", b"z:0")])[1:]
    ('x:0', ('x:0', (<class 'tuple'>, 'y', b'z:0')))
    """
    kind = type(fetches)
    if kind is Tensor or kind is Operation:
        return id(fetches)
    if kind is str:
        return fetches
    if isinstance(fetches, (list, tuple)):
        return (kind, *[fetch_key(f) for f in fetches])
    if isinstance(fetches, Mapping):
        return (kind, *[(type(k), k, fetch_key(v)) for k, v in fetches.items()])
    if kind in _LEAF_TYPES:
        return id(fetches)
    if kind is bytes:
        return fetches
    fields = _attrs_fields(fetches)
    if fields is not None:
        return _attrs_key(fetches, fields)
    _LEAF_TYPES.add(kind)
    return id(fetches)


# Types fetch_key has keyed by id (Variables...): not bytes, not attrs classes. Session.run calls fetch_key
# every time, and this look-up (~0.03 us) spares it the failing __attrs_attrs__ look-up (~0.3 us). It
# holds only the types fetched as leaves: a handful.
_LEAF_TYPES: set = set()


def _attrs_key(fetch, fields) -> tuple:
    # Out of fetch_key: a comprehension reading `fetch` there would make it a cell, slowing every call.
    return (type(fetch), *[fetch_key(getattr(fetch, f.name)) for f in fields])


def _attrs_fields(fetch):
    """The fields of an instance of an ``attrs`` class (one with ``__attrs_attrs__``), else None.

    TensorFlow fetches them like a namedtuple's (``session._AttrsFetchMapper``); ``attrs`` itself is
    not needed to recognise them.

    >>> class Pair:
    ...     __attrs_attrs__ = (type("Attribute", (), {"name": "a"}), type("Attribute", (), {"name": "b"}))
    >>> [f.name for f in _attrs_fields(Pair())], _attrs_fields((1, 2))
    (['a', 'b'], None)
    """
    return getattr(type(fetch), "__attrs_attrs__", None)


def _as_name(key):
    """A graph element's name given as ``bytes`` decoded (UTF-8), as TensorFlow accepts both; any other
    key unchanged.

    >>> _as_name(b"x:0"), _as_name("x:0")
    ('x:0', 'x:0')
    """
    return key.decode("utf-8") if isinstance(key, bytes) else key


class FetchStructure:
    """``fetches`` (any nesting of list/tuple/namedtuple/dict/``attrs`` instance) resolved against a graph.

    ``tensors`` are the unique fetched tensors, ``targets`` the fetched ops, ``leaves`` the user's
    leaf objects (kept alive by the plan) and ``build(values)`` rebuilds the structure from the
    tensors' values (ops give None). Errors are TensorFlow's.

    >>> import graphscope as tf
    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     a, b = tf.constant(1, name="a"), tf.constant(2, name="b")
    >>> s = FetchStructure(g, {"k": [a, "b:0", a.op]})
    >>> [t.name for t in s.tensors], s.build([10, 20])
    (['a:0', 'b:0'], {'k': [10, 20, None]})
    """

    def __init__(self, graph, fetches):
        self.graph = graph
        self.tensors: list[Tensor] = []
        self.targets: list[Operation] = []
        self.leaves: list = []
        self._index: dict[int, int] = {}
        self.single = not isinstance(fetches, (list, tuple, Mapping)) and _attrs_fields(fetches) is None
        self.build = self._mapper(fetches)

    def _mapper(self, fetch):
        if fetch is None:
            raise TypeError("Fetch argument %r has invalid type %r" % (fetch, type(fetch)))
        if isinstance(fetch, (list, tuple)):
            subs = [self._mapper(f) for f in fetch]
            kind = type(fetch)
            if issubclass(kind, list):
                return lambda values: [sub(values) for sub in subs]
            if kind is tuple:
                return lambda values: tuple([sub(values) for sub in subs])
            return lambda values: kind(*[sub(values) for sub in subs])  # namedtuple
        if isinstance(fetch, Mapping):
            keys = list(fetch.keys())
            subs = [self._mapper(fetch[k]) for k in keys]
            kind = type(fetch)

            def build_mapping(values):
                result = kind()
                for key, sub in zip(keys, subs):
                    result[key] = sub(values)
                return result
            return build_mapping
        fields = _attrs_fields(fetch)
        if fields is not None:  # rebuilt from its fields' values, positionally (as TensorFlow does)
            subs = [self._mapper(getattr(fetch, f.name)) for f in fields]
            kind = type(fetch)
            return lambda values: kind(*[sub(values) for sub in subs])
        return self._element(fetch)

    def _element(self, fetch):
        self.leaves.append(fetch)
        try:
            element = self.graph.as_graph_element(_as_name(fetch), allow_tensor=True, allow_operation=True)
        except TypeError as e:
            raise TypeError("Fetch argument %r has invalid type %r, must be a string or Tensor. (%s)"
                            % (fetch, type(fetch), e)) from None
        except (ValueError, KeyError) as e:
            raise ValueError("Fetch argument %r cannot be interpreted as a Tensor. (%s)" % (fetch, e)) from None
        op = element._op if isinstance(element, Tensor) else element
        if not self.graph.is_fetchable(op):
            raise ValueError("Operation %r has been marked as not fetchable. Typically this happens when it "
                             "is defined in another function or code block. Use return values, explicit "
                             "Python locals or TensorFlow collections to access it." % op.name)
        if isinstance(element, Operation):
            if element not in self.targets:
                self.targets.append(element)
            return lambda values: None
        j = self._index.get(id(element))
        if j is None:
            j = self._index[id(element)] = len(self.tensors)
            self.tensors.append(element)
        return operator.itemgetter(j)


# -- feeds ----------------------------------------------------------------------------------------

def resolve_feed_key(graph, key) -> Tensor:
    """The tensor a feed_dict key names (a Tensor, 'name:0' or b'name:0', or a Variable-like object)."""
    try:
        return graph.as_graph_element(_as_name(key), allow_tensor=True, allow_operation=False)
    except UnicodeDecodeError as e:
        raise TypeError("Cannot interpret feed_dict key as Tensor: %r is not a UTF-8 name (%s)" % (key, e)) from None
    except Exception as e:
        raise TypeError("Cannot interpret feed_dict key as Tensor: " + str(e.args[0] if e.args else e)) from None


def _feed_type_error(value, key):
    return TypeError("The value of a feed cannot be a tf.Tensor object. Acceptable feed values include Python "
                     "scalars, strings, lists, numpy ndarrays, or TensorHandles. For reference, the tensor "
                     "object was " + str(value) + " which was passed to the feed with key " + str(key) + ".")


def _int_fits(np_type, value) -> bool:
    if np_type is np.object_:
        return str(value) == value
    try:
        return np_type(value) == value
    except (OverflowError, ValueError):
        return False


def check_feed_value(tensor: Tensor, value, key=None) -> np.ndarray:
    """``value`` as the array fed for ``tensor``, with TensorFlow's checks and messages
    (``session.py``: ``np.asarray(value, dtype)``, an int that does not fit is a TypeError, the
    shape must be compatible with the static shape).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     x = tf.placeholder(tf.float32, [3], name="x")
    >>> check_feed_value(x, [1, 2, 3]).dtype
    dtype('float32')
    >>> check_feed_value(x, [1.0, 2.0])
    Traceback (most recent call last):
    ...
    ValueError: Cannot feed value of shape (2,) for Tensor 'x:0', which has shape '(3,)'
    """
    np_type = tensor._dtype.as_numpy_dtype
    if type(value) is np.ndarray and value.dtype.type is np_type:
        array = value
    else:
        if isinstance(value, Tensor) or (hasattr(value, "_as_graph_element") and not isinstance(value, np.ndarray)):
            raise _feed_type_error(value, tensor if key is None else key)
        if isinstance(value, int) and not _int_fits(np_type, value):
            raise TypeError("Type of feed value " + str(value) + " with type " + str(type(value)) +
                            " is not compatible with Tensor type " + str(np_type) + ". Try explicitly "
                            "setting the type of the feed tensor to a larger type (e.g. int64).")
        array = np.asarray(value, dtype=np_type)
    dims = tensor._dims
    if dims is not None:
        shape = array.shape
        if shape != dims:
            if len(shape) != len(dims):
                raise _feed_shape_error(tensor, shape)
            for d, s in zip(dims, shape):
                if d is not None and d != s:
                    raise _feed_shape_error(tensor, shape)
    return array


def _feed_shape_error(tensor: Tensor, shape) -> ValueError:
    return ValueError("Cannot feed value of shape %r for Tensor %r, which has shape %r"
                      % (shape, tensor._name, str(tensor.shape)))
