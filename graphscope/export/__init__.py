"""Exports of a graph: GraphDef (``.pbtxt`` text / ``.pb`` binary, for TensorBoard, Netron and
TensorFlow) and a JSON form that rebuilds a :class:`~graphscope.Graph`.

* :meth:`Graph.as_graph_def` / :func:`as_graph_def` give a :class:`GraphDef` whose ``str()`` is the
  protobuf text TensorFlow writes; every node carries the attrs TensorFlow's definition of its op type
  requires (:mod:`graphscope.export.graph_def`); :func:`write_graph` writes it
  (``tf.train.write_graph``, ``tf.io.write_graph``).
* :func:`to_json` / :func:`from_json` round-trip a graph with its collections, variables and
  variable store; :func:`graph_diff` compares two graphs (:mod:`graphscope.export.json_form`).

The submodules load on first use, so ``import graphscope`` does not pay for them.

>>> import graphscope as tf
>>> with tf.Graph().as_default() as g:
...     v = tf.Variable([1.0, 2.0], name="v")
>>> [node.op for node in g.as_graph_def().node]
['Const', 'VariableV2', 'Assign', 'Identity']
>>> print(from_json(to_json(g)).get_operations()[1])
<tf.Operation 'v' type=VariableV2>
"""
import importlib

__all__ = ["as_graph_def", "write_graph", "to_json", "from_json", "graph_diff", "GraphDef", "NodeDef",
           "AttrValue", "ListValue", "TensorProto", "TensorShapeProto", "VersionDef", "EXPORT_ATTRS",
           "GRAPHSCOPE_ONLY_OPS", "GRAPH_DEF_VERSION", "node_def_of"]

_HOME = {  # public name -> the submodule defining it
    "to_json": "json_form", "from_json": "json_form", "graph_diff": "json_form",
    "GraphDef": "protobuf", "NodeDef": "protobuf", "AttrValue": "protobuf", "ListValue": "protobuf",
    "TensorProto": "protobuf", "TensorShapeProto": "protobuf", "VersionDef": "protobuf",
    "EXPORT_ATTRS": "graph_def", "GRAPHSCOPE_ONLY_OPS": "graph_def", "GRAPH_DEF_VERSION": "graph_def",
    "node_def_of": "graph_def",
}


def __getattr__(name: str):
    home = _HOME.get(name)
    if home is None:
        raise AttributeError("module 'graphscope.export' has no attribute %r" % name)
    value = getattr(importlib.import_module("graphscope.export." + home), name)
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(__all__))


def as_graph_def(graph, from_version: int | None = None, add_shapes: bool = False):
    """``graph.as_graph_def(from_version, add_shapes)``: see :meth:`graphscope.Graph.as_graph_def`."""
    from graphscope.export.graph_def import graph_to_graph_def
    return graph_to_graph_def(graph, from_version, add_shapes)


def write_graph(graph_or_graph_def, logdir: str, name: str, as_text: bool = True) -> str:
    """Write a graph (or a GraphDef) to ``logdir/name``: protobuf text (``.pbtxt``) when ``as_text``,
    else the binary wire format (``.pb``); makes ``logdir`` if needed and returns the path
    (``tf.train.write_graph``, ``tf.io.write_graph``).

    >>> import graphscope as tf, tempfile
    >>> with tf.Graph().as_default() as g:
    ...     c = tf.constant(1.0, name="c")
    >>> path = tf.train.write_graph(g, tempfile.mkdtemp(), "graph.pbtxt")
    >>> print(open(path).read().splitlines()[:3])
    ['node {', '  name: "c"', '  op: "Const"']
    """
    from graphscope.export.graph_def import write_graph as write
    return write(graph_or_graph_def, logdir, name, as_text)
