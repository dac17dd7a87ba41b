"""A JSON form of a Graph that rebuilds it: ``to_json(graph)`` and ``from_json(text)``.

Unlike GraphDef, the JSON keeps what graphscope needs to go on working with the graph: every op
(name, type, inputs, control inputs, device, attrs, output dtypes and static shapes, creation site),
the collections (variables, tensors and ops by name), the variables themselves (which ops make each
one, trainable, slice info), the variable store (so ``get_variable(..., reuse=True)`` finds them),
the names in use (so new ops get the names they would have got in the original graph), and the
bookkeeping of :func:`graphscope.explain_name` and the scope trees. Numpy values are stored exactly
(base64 of their bytes). :func:`graph_diff` lists the differences of two graphs.

>>> import graphscope as tf
>>> with tf.Graph().as_default() as g:
...     with tf.variable_scope("layer"):
...         w = tf.get_variable("w", [2, 2], initializer=tf.ones_initializer())
...     y = tf.matmul(tf.constant([[1.0, 2.0]]), w, name="y")
>>> g2 = from_json(to_json(g))
>>> graph_diff(g, g2)
[]
>>> with tf.Session(graph=g2) as sess:
...     sess.run(tf.global_variables_initializer())
...     print(sess.run("y:0"))
[[3. 3.]]
"""
from __future__ import annotations

import base64
import json
import math

import numpy as np

from graphscope import dtypes as _dtypes
from graphscope.graph import Graph
from graphscope.shapes import TensorShape
from graphscope.tensor import Operation, Tensor

__all__ = ["to_json", "from_json", "graph_diff", "FORMAT"]

FORMAT = "graphscope.graph/1"


# -- values -------------------------------------------------------------------------------------------

def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def encode_value(value):
    """A Python attr value as JSON data: plain JSON for None, bools, ints, finite floats, strings and
    lists; a one-key object for everything else (``{"dtype": "float32"}``, ``{"tuple": [...]}``,
    ``{"ndarray": {...}}``, ``{"bytes": ...}``, ``{"float": "nan"}``).

    >>> encode_value((None, 3)), encode_value(_dtypes.int32), encode_value(np.array([1, 2], np.int8))
    ({'tuple': [None, 3]}, {'dtype': 'int32'}, {'ndarray': {'dtype': '|i1', 'shape': [2], 'data': 'AQI='}})
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"float": repr(value)}
    if isinstance(value, _dtypes.DType):
        return {"dtype": value.name}
    if isinstance(value, tuple):
        return {"tuple": [encode_value(v) for v in value]}
    if isinstance(value, list):
        return [encode_value(v) for v in value]
    if isinstance(value, bytes):
        return {"bytes": _b64(value)}
    if isinstance(value, TensorShape):
        return {"tensor_shape": None if value._dims is None else list(value._dims)}
    if isinstance(value, np.ndarray):
        if value.dtype.kind in "OSU":
            return {"ndarray": {"dtype": "object", "shape": list(value.shape),
                                "data": [encode_value(v if isinstance(v, (bytes, str)) else str(v))
                                         for v in value.reshape(-1)]}}
        data = np.ascontiguousarray(value)
        return {"ndarray": {"dtype": data.dtype.str, "shape": list(value.shape), "data": _b64(data.tobytes())}}
    if isinstance(value, np.generic):
        return {"scalar": encode_value(np.asarray(value))}
    if isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {"dict": {k: encode_value(v) for k, v in value.items()}}
    raise TypeError("Cannot write %r (%s) as JSON." % (value, type(value).__name__))


def decode_value(data):
    """The inverse of :func:`encode_value`.

    >>> decode_value(encode_value([_dtypes.float32, (None, 2), float("inf")]))
    [tf.float32, (None, 2), inf]
    """
    if isinstance(data, list):
        return [decode_value(v) for v in data]
    if not isinstance(data, dict):
        return data
    (tag, body), = data.items()
    if tag == "dtype":
        return _dtypes.as_dtype(body)
    if tag == "tuple":
        return tuple(decode_value(v) for v in body)
    if tag == "float":
        return float(body)
    if tag == "bytes":
        return _unb64(body)
    if tag == "tensor_shape":
        return TensorShape(body)
    if tag == "ndarray":
        shape = tuple(body["shape"])
        if body["dtype"] == "object":
            array = np.empty(len(body["data"]), dtype=object)
            array[:] = [decode_value(v) for v in body["data"]]
            return array.reshape(shape)
        return np.frombuffer(_unb64(body["data"]), dtype=np.dtype(body["dtype"])).reshape(shape).copy()
    if tag == "scalar":
        return decode_value(body)[()]
    if tag == "dict":
        return {k: decode_value(v) for k, v in body.items()}
    raise ValueError("Unknown JSON value tag %r." % tag)


# -- variables ----------------------------------------------------------------------------------------

def _element_name(x):
    """A tensor's or an op's name ('v:0' / 'v/Assign'), or None."""
    return None if x is None else x.name


def _element(graph: Graph, name):
    if name is None:
        return None
    return graph.get_tensor_by_name(name) if ":" in name else graph.get_operation_by_name(name)


def _variable_record(v) -> dict:
    from graphscope.variables import ResourceVariable
    record = {
        "kind": "resource" if isinstance(v, ResourceVariable) else "ref",
        "variable": v._variable.name,
        "initializer": _element_name(v._initializer_op),
        "snapshot": _element_name(v._snapshot),
        "initial_value": _element_name(getattr(v, "_initial_value", None)),
        "trainable": bool(v._trainable),
        "caching_device": v._caching_device if isinstance(v._caching_device, str) else None,
    }
    info = v._save_slice_info
    if info is not None:
        record["save_slice_info"] = [info.full_name, list(info.full_shape), list(info.var_offset),
                                     list(info.var_shape)]
    if record["kind"] == "resource":
        record["is_initialized"] = _element_name(v._is_initialized_op)
        record["graph_element"] = _element_name(v._graph_element)
        record["dtype"] = v._dtype.name
        record["shape"] = encode_value(v._shape)
    return record


def _rebuild_variable(graph: Graph, record: dict):
    from graphscope.variables import ResourceVariable, SaveSliceInfo, Variable
    v = object.__new__(ResourceVariable if record["kind"] == "resource" else Variable)
    v._trainable = record["trainable"]
    v._constraint = None
    v._caching_device = record.get("caching_device")
    v._variable = _element(graph, record["variable"])
    v._initializer_op = _element(graph, record["initializer"])
    v._snapshot = _element(graph, record["snapshot"])
    v._initial_value = _element(graph, record["initial_value"])
    info = record.get("save_slice_info")
    v._save_slice_info = SaveSliceInfo(*info) if info else None
    if record["kind"] == "resource":
        v._handle = v._variable
        v._is_initialized_op = _element(graph, record["is_initialized"])
        v._graph_element = _element(graph, record["graph_element"])
        v._dtype = _dtypes.as_dtype(record["dtype"])
        v._shape = decode_value(record["shape"])
    return v


# -- collections ----------------------------------------------------------------------------------------

def _collection_item(item, variables: dict) -> dict | None:
    from graphscope.variables import PartitionedVariable, Variable
    if isinstance(item, Variable):
        variables.setdefault(id(item), item)
        return {"variable": item._variable.name}
    if isinstance(item, PartitionedVariable):
        for part in item._variable_list:
            variables.setdefault(id(part), part)
        return {"partitioned_variable": _partitioned_record(item)}
    if isinstance(item, Tensor):
        return {"tensor": item.name}
    if isinstance(item, Operation):
        return {"operation": item.name}
    if item is None or isinstance(item, (bool, int, float, str)):
        return {"value": encode_value(item)}
    return None  # a Python object (a Saver, a QueueRunner, ...): not kept


def _partitioned_record(pv) -> dict:
    return {"name": pv._name, "shape": encode_value(pv._shape), "dtype": pv._dtype.name,
            "variables": [v._variable.name for v in pv._variable_list], "partitions": list(pv._partitions)}


def _rebuild_partitioned(record: dict, variables: dict):
    from graphscope.variables import PartitionedVariable
    return PartitionedVariable(record["name"], decode_value(record["shape"]), record["dtype"],
                               [variables[name] for name in record["variables"]], record["partitions"])


# -- the graph ------------------------------------------------------------------------------------------

def _op_record(op: Operation) -> dict:
    try:
        attrs = {k: encode_value(v) for k, v in op._all_attrs().items()}
    except TypeError as e:
        raise TypeError("Op '%s' (%s): %s" % (op._name, op._type, e)) from None
    return {
        "name": op._name,
        "type": op._type,
        "inputs": [t._name for t in op._inputs],
        "control_inputs": [c._name for c in op._control_inputs],
        "device": op._device,
        "attrs": attrs,
        "outputs": [[t._dtype.name, None if t._dims is None else list(t._dims)] for t in op._outputs],
        "site": list(op._site) if op._site else None,
    }


def to_json(graph: Graph, indent: int | None = None) -> str:
    """``graph`` as JSON text that :func:`from_json` rebuilds (see the module docstring).

    Collection items that are Python objects other than variables, tensors and ops (a ``Saver``,
    ...) are left out and named under ``"skipped"``; so are variable constraints (functions).
    """
    with graph._lock:
        ops = list(graph._ops)
        collections = {k: list(v) for k, v in graph._collections.items() if isinstance(k, str)}
        names_in_use = dict(graph._names_in_use)
    variables: dict = {}
    skipped = []
    collection_data = {}
    for key, items in collections.items():
        encoded = []
        for item in items:
            data = _collection_item(item, variables)
            if data is None:
                skipped.append("collection %r: %s" % (key, type(item).__name__))
            else:
                encoded.append(data)
        collection_data[key] = encoded
    store = graph._stores.get("variables")
    store_data = None
    if store is not None:
        for v in store._vars.values():
            variables.setdefault(id(v), v)
        store_data = {
            "variables": {name: v._variable.name for name, v in store._vars.items()},
            "partitioned": {name: _partitioned_record(pv) for name, pv in store._partitioned_vars.items()},
            "events": [[name, kind, list(site) if site else None] for name, kind, site in store.events],
        }
    for v in variables.values():
        if v._constraint is not None:
            skipped.append("constraint of variable %s" % v._variable.name)
    data = {
        "format": FORMAT,
        "seed": graph._seed,
        "finalized": graph._finalized,
        "ops": [_op_record(op) for op in ops],
        "variables": [_variable_record(v) for v in variables.values()],
        "collections": collection_data,
        "variable_store": store_data,
        "names_in_use": names_in_use,
        "scope_names": list(graph._scope_names),
        "scope_resets": [list(event) for event in graph._scope_resets],
        "scope_entries": [[vs, ns, n] for (vs, ns), n in graph._stores.get("scope_entries", {}).items()],
        "unfeedable": sorted(t.name for t in graph._unfeedable),
        "unfetchable": sorted(op.name for op in graph._unfetchable),
        "skipped": skipped,
    }
    return json.dumps(data, indent=indent)


def from_json(text: str) -> Graph:
    """Rebuild the Graph :func:`to_json` wrote: the same ops (names, types, attrs, edges, devices,
    static shapes, creation sites), collections, variables and variable store. Op types registered
    in graphscope get their kernels and gradients back, so the graph runs in a Session."""
    from graphscope.ops import registry
    from graphscope.variable_store import get_variable_store
    data = json.loads(text)
    if data.get("format") != FORMAT:
        raise ValueError("Not a graphscope graph JSON (format %r, expected %r)." % (data.get("format"), FORMAT))
    graph = Graph()
    ops = graph._nodes_by_name
    with graph.as_default(), graph.name_scope(None), graph._user_site():
        for record in data["ops"]:
            inputs = [_tensor_of(ops, name) for name in record["inputs"]]
            controls = [ops[name] for name in record["control_inputs"]]
            outputs = [(_dtypes.as_dtype(dtype), None if dims is None else tuple(dims))
                       for dtype, dims in record["outputs"]]
            attrs = {k: decode_value(v) for k, v in record["attrs"].items()}
            op = graph._create_op(record["type"], inputs, outputs, attrs, record["name"] + "/",
                                  registry.lookup(record["type"]), controls)
            op._device = record["device"]
            op._site = tuple(record["site"]) if record["site"] else None
    graph._scope_resets.clear()  # the rebuilding's own name_scope(None) is not the user's
    graph._names_in_use.clear()
    graph._names_in_use.update(data["names_in_use"])
    graph._scope_names.extend(data.get("scope_names", ()))
    graph._scope_resets.extend(list(event) for event in data.get("scope_resets", ()))
    if data.get("scope_entries"):
        graph._stores["scope_entries"] = {(vs, ns): n for vs, ns, n in data["scope_entries"]}
    graph._seed = data.get("seed")
    variables = {}
    for record in data["variables"]:
        variables[record["variable"]] = _rebuild_variable(graph, record)
    for key, items in data["collections"].items():
        target = graph.get_collection_ref(key)
        for item in items:
            (tag, body), = item.items()
            if tag == "variable":
                target.append(variables[body])
            elif tag == "partitioned_variable":
                target.append(_rebuild_partitioned(body, variables))
            elif tag == "tensor":
                target.append(graph.get_tensor_by_name(body))
            elif tag == "operation":
                target.append(graph.get_operation_by_name(body))
            else:
                target.append(decode_value(body))
    store_data = data.get("variable_store")
    if store_data is not None:
        store = get_variable_store(graph)
        store._vars.update({name: variables[var] for name, var in store_data["variables"].items()})
        store._partitioned_vars.update({name: _rebuild_partitioned(record, variables)
                                        for name, record in store_data["partitioned"].items()})
        store.events.extend((name, kind, tuple(site) if site else None)
                            for name, kind, site in store_data["events"])
    for name in data.get("unfeedable", ()):
        graph.prevent_feeding(graph.get_tensor_by_name(name))
    for name in data.get("unfetchable", ()):
        graph.prevent_fetching(graph.get_operation_by_name(name))
    if data.get("finalized"):
        graph.finalize()
    return graph


def _tensor_of(ops: dict, name: str) -> Tensor:
    op_name, _, index = name.rpartition(":")
    return ops[op_name]._outputs[int(index)]


# -- comparing graphs -----------------------------------------------------------------------------------

def _same_value(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.dtype != b.dtype or a.shape != b.shape:
            return False
        if a.dtype.kind in "fc":
            return bool(np.array_equal(a, b, equal_nan=True))
        return bool(np.array_equal(a, b)) if a.dtype.kind != "O" else a.tolist() == b.tolist()
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and a != a and b != b:
        return True
    return type(a) is type(b) and a == b


def _collection_refs(graph: Graph) -> dict:
    refs = {}
    for key in graph.get_all_collection_keys():
        items = []
        for item in graph.get_collection(key):
            data = _collection_item(item, {})
            if data is not None:
                items.append(json.dumps(data, sort_keys=True))
        refs[key] = items
    return refs


def graph_diff(a: Graph, b: Graph) -> list[str]:
    """How graphs ``a`` and ``b`` differ: ops (names in order, types, inputs, control inputs,
    devices, attrs, output dtypes and shapes), collections (by member names) and the variable
    store's names. An empty list means they are equal.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g1:
    ...     tf.constant(1.0, name="c")
    <tf.Tensor 'c:0' shape=() dtype=float32>
    >>> with tf.Graph().as_default() as g2:
    ...     tf.constant(2.0, name="c")
    <tf.Tensor 'c:0' shape=() dtype=float32>
    >>> graph_diff(g1, g2)
    ["op 'c': attr 'value' differs: array(1., dtype=float32) vs array(2., dtype=float32)"]
    """
    diffs = []
    names_a = [op.name for op in a.get_operations()]
    names_b = [op.name for op in b.get_operations()]
    if names_a != names_b:
        only_a = sorted(set(names_a) - set(names_b))
        only_b = sorted(set(names_b) - set(names_a))
        diffs.append("ops differ: only in the first %s, only in the second %s%s"
                     % (only_a[:10], only_b[:10], "" if only_a or only_b else " (same ops, other order)"))
    for op_a in a.get_operations():
        op_b = b._nodes_by_name.get(op_a.name)
        if op_b is None:
            continue
        where = "op '%s'" % op_a.name
        if op_a.type != op_b.type:
            diffs.append("%s: type %s vs %s" % (where, op_a.type, op_b.type))
        if [t.name for t in op_a.inputs] != [t.name for t in op_b.inputs]:
            diffs.append("%s: inputs %s vs %s" % (where, [t.name for t in op_a.inputs], [t.name for t in op_b.inputs]))
        controls_a = [c.name for c in op_a.control_inputs]
        controls_b = [c.name for c in op_b.control_inputs]
        if controls_a != controls_b:
            diffs.append("%s: control inputs %s vs %s" % (where, controls_a, controls_b))
        if op_a.device != op_b.device:
            diffs.append("%s: device %r vs %r" % (where, op_a.device, op_b.device))
        outputs_a = [(t.dtype, t._dims) for t in op_a.outputs]
        outputs_b = [(t.dtype, t._dims) for t in op_b.outputs]
        if outputs_a != outputs_b:
            diffs.append("%s: outputs %s vs %s" % (where, outputs_a, outputs_b))
        attrs_a, attrs_b = op_a._all_attrs(), op_b._all_attrs()
        for key in sorted(set(attrs_a) | set(attrs_b)):
            if key not in attrs_a or key not in attrs_b:
                diffs.append("%s: attr '%s' only in the %s" % (where, key, "first" if key in attrs_a else "second"))
            elif not _same_value(attrs_a[key], attrs_b[key]):
                diffs.append("%s: attr '%s' differs: %r vs %r" % (where, key, attrs_a[key], attrs_b[key]))
    if _collection_refs(a) != _collection_refs(b):
        diffs.append("collections differ")
    store_a, store_b = a._stores.get("variables"), b._stores.get("variables")
    vars_a = sorted(store_a._vars) if store_a is not None else []
    vars_b = sorted(store_b._vars) if store_b is not None else []
    if vars_a != vars_b:
        diffs.append("variable stores differ: %s vs %s" % (vars_a, vars_b))
    return diffs
