"""``Graph.as_graph_def()``: a graph as the GraphDef TensorFlow would write, with every attr TF requires.

Each node carries the attrs of its op type's definition in TensorFlow (``tensorflow/core/ops/*.cc``):
what graphscope recorded when it built the op, plus whatever TF's definition has that graphscope did
not record, derived at export time from the op's inputs and outputs (``T`` from the first input's
dtype, ``Tidx`` from the axis input, ``N`` from the number of inputs, ...) or set to TF's default.
Attrs are written with base dtypes (``DT_FLOAT``, never ``DT_FLOAT_REF``), as TensorFlow's op
constructors set them; attrs whose names start with ``_`` (``_class`` colocation) are kept.

:data:`EXPORT_ATTRS` holds, per op type, TensorFlow's attr list in a compact form:

``T=in0``  a type attr: the (base) dtype of input 0 (``out0``: of output 0);
``N=n_in``  an int: the number of inputs (``n_in-1``: minus one, ``n_out``: the number of outputs);
``shape=out0``  a shape attr: the static shape of output 0;
``keep_dims:false``  an attr with TensorFlow's default value (``false``/``true``, a number, ``"text"``, ``[]``);
``value!``  an attr graphscope always records (no way to derive it).

Op types not listed (:data:`GRAPHSCOPE_ONLY_OPS`: graphscope's own ``ReportUninitializedVariables``,
``AssertVariablesInitialized`` and ``InitializedValue``, which TensorFlow builds from several ops and
cannot import; or op types registered by user code) are written with the attrs they hold.

>>> import graphscope as tf
>>> with tf.Graph().as_default() as g:
...     x = tf.placeholder(tf.float32, [None, 2], name="x")
...     y = tf.reduce_sum(x * 2.0, axis=1, name="total")
>>> print(g.as_graph_def().node[-1], end="")
name: "total"
op: "Sum"
input: "mul"
input: "total/reduction_indices"
attr {
  key: "T"
  value {
    type: DT_FLOAT
  }
}
attr {
  key: "Tidx"
  value {
    type: DT_INT32
  }
}
attr {
  key: "keep_dims"
  value {
    b: false
  }
}
"""
from __future__ import annotations

import os

import numpy as np

from graphscope import dtypes as _dtypes
from graphscope.export.protobuf import (
    AttrValue,
    GraphDef,
    ListValue,
    NodeDef,
    TensorProto,
    TensorShapeProto,
    VersionDef,
)
from graphscope.shapes import TensorShape

__all__ = ["EXPORT_ATTRS", "GRAPHSCOPE_ONLY_OPS", "GRAPH_DEF_VERSION", "graph_to_graph_def", "node_def_of",
           "write_graph", "attr_value"]

GRAPH_DEF_VERSION = 134  # the producer version TensorFlow 1.15 writes (versions { producer: 134 })

_UNARY = """Abs Acos Acosh Asin Asinh Atan Atanh Ceil Cos Cosh Digamma Elu Erf Erfc Exp Expm1 Floor Identity
    Inv InvertPermutation IsFinite IsInf IsNan L2Loss Lgamma Log Log1p LogSoftmax Neg OnesLike Reciprocal Relu
    Relu6 Rint Round Rsqrt Selu Sigmoid Sign Sin Sinh Snapshot Softmax Softplus Softsign Sqrt Square StopGradient
    Tan Tanh ZerosLike Rank"""
_BINARY = """Add AddV2 Atan2 BiasAddV1 Div DivNoNan EluGrad FloorDiv FloorMod Greater GreaterEqual Less LessEqual
    Maximum Minimum Mod Mul MulNoNan Pow RealDiv ReciprocalGrad Relu6Grad ReluGrad RsqrtGrad SeluGrad
    SigmoidGrad SoftplusGrad SoftsignGrad SqrtGrad SquaredDifference Sub TanhGrad TruncateDiv
    TruncateMod Xdivy Xlogy BroadcastGradientArgs ClipByValue"""
_REDUCTIONS = "Sum Mean Max Min Prod EuclideanNorm"
_RANDOM = "RandomStandardNormal RandomUniform TruncatedNormal"

_SPECS = {
    **{t: "T=in0" for t in _UNARY.split()},
    **{t: "T=in0" for t in _BINARY.split()},
    **{t: "keep_dims:false T=in0 Tidx=in1" for t in _REDUCTIONS.split()},
    **{t: "seed:0 seed2:0 dtype=out0 T=in0" for t in _RANDOM.split()},
    "RandomUniformInt": "seed:0 seed2:0 Tout=out0 T=in0",
    "BroadcastArgs": "T=in0",
    "LinSpace": "T=in0 Tidx=in2",
    "Qr": "full_matrices:false T=in0",
    "DiagPart": "T=in0",
    "MatrixDiagV3": 'T=in0 align:"RIGHT_LEFT"',
    "MatrixSetDiagV3": 'T=in0 align:"RIGHT_LEFT"',
    "Equal": "T=in0 incompatible_shape_error:true",
    "NotEqual": "T=in0 incompatible_shape_error:true",
    "ApproximateEqual": "T=in0 tolerance:1e-05",
    "LogicalAnd": "", "LogicalOr": "", "LogicalNot": "", "NoOp": "", "VarIsInitializedOp": "",
    "All": "keep_dims:false Tidx=in1",
    "Any": "keep_dims:false Tidx=in1",
    "AddN": "N=n_in T=in0",
    "Select": "T=in1",
    "SelectV2": "T=in1",
    "ArgMax": "T=in0 Tidx=in1 output_type=out0",
    "ArgMin": "T=in0 Tidx=in1 output_type=out0",
    "MatMul": "transpose_a:false transpose_b:false T=in0",
    "BatchMatMul": "T=in0 adj_x:false adj_y:false",
    "BatchMatMulV2": "T=in0 adj_x:false adj_y:false",
    "BiasAdd": 'T=in0 data_format:"NHWC"',
    "BiasAddGrad": 'T=in0 data_format:"NHWC"',
    "Cast": "SrcT=in0 DstT=out0 Truncate:false",
    "Const": "value! dtype=out0",
    "Placeholder": "dtype=out0 shape=out0",
    "PlaceholderWithDefault": "dtype=out0 shape=out0",
    "VariableV2": 'shape=out0 dtype=out0 container:"" shared_name:""',
    "VarHandleOp": 'container:"" shared_name:"" dtype! shape! allowed_devices:[]',
    "ReadVariableOp": "dtype=out0",
    "AssignVariableOp": "dtype=in1",
    "AssignAddVariableOp": "dtype=in1",
    "AssignSubVariableOp": "dtype=in1",
    "IsVariableInitialized": "dtype=in0",
    "CountUpTo": "limit! T=in0",
    "Assign": "T=in0 validate_shape:true use_locking:true",
    "AssignAdd": "T=in0 use_locking:false",
    "AssignSub": "T=in0 use_locking:false",
    "ApplyGradientDescent": "T=in0 use_locking:false",
    "ApplyMomentum": "T=in0 use_locking:false use_nesterov:false",
    "ApplyAdam": "T=in0 use_locking:false use_nesterov:false",
    "ResourceApplyGradientDescent": "T=in1 use_locking:false",
    "ResourceApplyMomentum": "T=in2 use_locking:false use_nesterov:false",
    "ResourceApplyAdam": "T=in3 use_locking:false use_nesterov:false",
    "ConcatV2": "N=n_in-1 T=in0 Tidx=in-1",
    "Concat": "N=n_in-1 T=in1",
    "ConcatOffset": "N=n_in-1",
    "ExpandDims": "T=in0 Tdim=in1",
    "Fill": "T=in1 index_type=in0",
    "Gather": "validate_indices:true Tparams=in0 Tindices=in1",
    "GatherV2": "batch_dims:0 Tparams=in0 Tindices=in1 Taxis=in2",
    "OneHot": "axis:-1 T=out0 TI=in0",
    "Pack": "N=n_in T=in0 axis:0",
    "Unpack": "num=n_out T=in0 axis:0",
    "Pad": "T=in0 Tpaddings=in1",
    "PadV2": "T=in0 Tpaddings=in1",
    "MirrorPad": "T=in0 Tpaddings=in1 mode!",
    "MirrorPadGrad": "T=in0 Tpaddings=in1 mode!",
    "Range": "Tidx=out0",
    "Shape": "T=in0 out_type=out0",
    "ShapeN": "N=n_in T=in0 out_type=out0",
    "Size": "T=in0 out_type=out0",
    "Reshape": "T=in0 Tshape=in1",
    "ReverseV2": "Tidx=in1 T=in0",
    "Slice": "T=in0 Index=in1",
    "Split": "num_split=n_out T=in1",
    "SplitV": "num_split=n_out T=in0 Tlen=in1",
    "Squeeze": "T=in0 squeeze_dims:[]",
    "StridedSlice": "T=in0 Index=in1 begin_mask:0 end_mask:0 ellipsis_mask:0 new_axis_mask:0 shrink_axis_mask:0",
    "StridedSliceGrad": "T=in4 Index=in0 begin_mask:0 end_mask:0 ellipsis_mask:0 new_axis_mask:0 "
                        "shrink_axis_mask:0",
    "Tile": "T=in0 Tmultiples=in1",
    "Transpose": "T=in0 Tperm=in1",
    "Where": "T=in0",
    "LeakyRelu": "alpha:0.2 T=in0",
    "LeakyReluGrad": "alpha:0.2 T=in0",
    "SoftmaxCrossEntropyWithLogits": "T=in0",
    "SparseSoftmaxCrossEntropyWithLogits": "T=in0 Tlabels=in1",
    "UnsortedSegmentSum": "T=in0 Tindices=in1 Tnumsegments=in2",
    "DynamicStitch": "N=n_in/2 T=out0",
    "Cumsum": "exclusive:false reverse:false T=in0 Tidx=in1",
    "Cumprod": "exclusive:false reverse:false T=in0 Tidx=in1",
    "BroadcastTo": "T=in0 Tidx=in1",
    "PreventGradient": 'T=in0 message:""',
    "TopKV2": "sorted:true T=in0",
    "Unique": "T=in0 out_idx=out1",
    "ListDiff": "T=in0 out_idx=out1",
    "Conj": "T=in0",
    "SegmentSum": "T=in0 Tindices=in1",
    "UnsortedSegmentMax": "T=in0 Tindices=in1 Tnumsegments=in2",
    "UnsortedSegmentMin": "T=in0 Tindices=in1 Tnumsegments=in2",
    "UnsortedSegmentProd": "T=in0 Tindices=in1 Tnumsegments=in2",
    "GatherNd": "Tparams=in0 Tindices=in1",
    "ScatterNd": "T=in1 Tindices=in0",
    "TensorScatterUpdate": "T=in0 Tindices=in1",
    "Einsum": "equation! N=n_in T=in0",
    "Switch": "T=in0",
    "Merge": "T=in0 N=n_in",
    "ReverseSequence": "seq_dim! batch_dim:0 T=in0 Tlen=in1",
    "MatrixBandPart": "T=in0 Tindex=in1",
}

GRAPHSCOPE_ONLY_OPS = frozenset({"ReportUninitializedVariables", "AssertVariablesInitialized", "InitializedValue"})
"""Op types graphscope builds that TensorFlow has no definition of (TF builds the same function from
several ops); they are exported with the attrs they hold, and TensorFlow cannot import them."""


def _parse_default(text: str):
    if text == "true":
        return True
    if text == "false":
        return False
    if text == "[]":
        return []
    if text.startswith('"'):
        return text[1:-1]
    return float(text) if any(c in text for c in ".e") else int(text)


def _parse_spec(spec: str) -> list[tuple[str, str, object]]:
    """'T=in0 keep_dims:false value!' -> [('T', 'derive', 'in0'), ('keep_dims', 'default', False), ...]."""
    rules = []
    for item in spec.split():
        if item.endswith("!"):
            rules.append((item[:-1], "required", None))
        elif "=" in item:
            name, source = item.split("=", 1)
            rules.append((name, "derive", source))
        else:
            name, default = item.split(":", 1)
            rules.append((name, "default", _parse_default(default)))
    return rules


EXPORT_ATTRS: dict[str, list[tuple[str, str, object]]] = {t: _parse_spec(s) for t, s in _SPECS.items()}
"""op type -> TensorFlow's attrs of it: ``[(name, 'derive' | 'default' | 'required', source or default)]``."""

_SHAPE_ATTRS = {"shape", "element_shape", "output_shape"}


def _derive(op, source: str):
    """The value of a derived attr (None when the op lacks what it needs)."""
    inputs, outputs = op._inputs, op._outputs
    if source == "n_in":
        return len(inputs)
    if source == "n_in-1":
        return len(inputs) - 1
    if source == "n_in/2":
        return len(inputs) // 2
    if source == "n_out":
        return len(outputs)
    where, index = (inputs, source[2:]) if source.startswith("in") else (outputs, source[3:])
    index = int(index)
    if not -len(where) <= index < len(where):
        return None
    return where[index]._dtype.base_dtype


def _shape_of_output(op):
    return op._outputs[0]._dims if op._outputs else None


def export_attrs(op) -> dict:
    """The attrs of ``op`` as TensorFlow's definition of its type has them (Python values)."""
    attrs = op._all_attrs()
    rules = EXPORT_ATTRS.get(op._type)
    if rules is None:
        return dict(attrs)
    known = {name for name, _, _ in rules}
    result = {k: v for k, v in attrs.items() if k in known or k.startswith("_")}
    for name, kind, source in rules:
        if name in result:
            continue
        if kind == "default":
            result[name] = source
        elif kind == "derive":
            value = _shape_of_output(op) if name in _SHAPE_ATTRS and source == "out0" else _derive(op, source)
            if value is not None or name in _SHAPE_ATTRS:
                result[name] = value
        else:
            raise ValueError("Op '%s' (%s) has no attr '%s', which TensorFlow requires and graphscope cannot "
                             "derive." % (op._name, op._type, name))
    return result


def _list_kind(items) -> str | None:
    if not items:
        return None
    first = items[0]
    if isinstance(first, _dtypes.DType):
        return "type"
    if isinstance(first, (bool, np.bool_)):
        return "b"
    if isinstance(first, (str, bytes)):
        return "s"
    if isinstance(first, (tuple, TensorShape)) or first is None:
        return "shape"
    if isinstance(first, np.ndarray):
        return "tensor"
    if all(isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)) for v in items):
        return "i"
    return "f"


def _shape_proto(value) -> TensorShapeProto:
    if isinstance(value, TensorShape):
        value = value._dims
    return TensorShapeProto(value)


def attr_value(name: str, value, dtype=None) -> AttrValue:
    """A Python attr value as an :class:`AttrValue`: DType -> ``type``, a dims tuple (or None for a
    shape attr) -> ``shape``, ndarray -> ``tensor``, bool/int/float/str -> ``b``/``i``/``f``/``s``,
    list -> ``list``.

    >>> attr_value("squeeze_dims", [1]).value, attr_value("shape", None).value
    (ListValue('i', [1]), TensorShapeProto(None))
    """
    if isinstance(value, _dtypes.DType):
        return AttrValue("type", value.base_dtype)
    if isinstance(value, (bool, np.bool_)):
        return AttrValue("b", bool(value))
    if isinstance(value, (int, np.integer)):
        return AttrValue("i", int(value))
    if isinstance(value, (float, np.floating)):
        return AttrValue("f", float(value))
    if isinstance(value, (str, bytes)):
        return AttrValue("s", value)
    if isinstance(value, (tuple, TensorShape)) or (value is None and name in _SHAPE_ATTRS):
        return AttrValue("shape", _shape_proto(value))
    if isinstance(value, np.ndarray):
        return AttrValue("tensor", TensorProto(value, dtype))
    if isinstance(value, list):
        kind = _list_kind(value)
        if kind == "shape":
            items = [_shape_proto(v) for v in value]
        elif kind == "tensor":
            items = [TensorProto(v) for v in value]
        elif kind == "type":
            items = [v.base_dtype for v in value]
        else:
            items = list(value)
        return AttrValue("list", ListValue(kind, items))
    raise TypeError("Cannot write attr %r = %r (%s) into a GraphDef." % (name, value, type(value).__name__))


def node_def_of(op, add_shapes: bool = False) -> NodeDef:
    """The :class:`NodeDef` of one op (inputs ``"x"``, ``"x:1"``, controls ``"^c"``)."""
    inputs = [t._op._name if t._value_index == 0 else t._name for t in op._inputs]
    inputs += ["^" + c._name for c in op._control_inputs]
    attrs = export_attrs(op)
    dtype = attrs.get("dtype") if op._type == "Const" else None
    node_attrs = {}
    for key, value in attrs.items():
        if value is None and key not in _SHAPE_ATTRS:
            continue
        try:
            node_attrs[key] = attr_value(key, value, dtype)
        except TypeError as e:
            raise TypeError("Op '%s' (%s): %s" % (op._name, op._type, e)) from None
    if add_shapes:
        node_attrs["_output_shapes"] = AttrValue(
            "list", ListValue("shape", [TensorShapeProto(t._dims) for t in op._outputs]))
    return NodeDef(op._name, op._type, inputs, op._device, node_attrs)


def graph_to_graph_def(graph, from_version: int | None = None, add_shapes: bool = False) -> GraphDef:
    """``graph`` as a :class:`GraphDef`: every op (or, with ``from_version``, the ops created after
    ``graph.version`` had that value), in creation order; ``add_shapes`` adds each node's
    ``_output_shapes`` (TF's ``add_shapes=True``)."""
    with graph._lock:
        ops = list(graph._ops)
    if from_version is not None:
        ops = ops[from_version:]
    return GraphDef([node_def_of(op, add_shapes) for op in ops], VersionDef(GRAPH_DEF_VERSION))


def write_graph(graph_or_graph_def, logdir: str, name: str, as_text: bool = True) -> str:
    """Write a graph (or a GraphDef) to ``logdir/name``: protobuf text (``.pbtxt``) when ``as_text``,
    else the binary wire format (``.pb``); makes ``logdir`` if needed and returns the path
    (``tf.io.write_graph`` / ``tf.train.write_graph``).

    >>> import graphscope as tf, tempfile
    >>> with tf.Graph().as_default() as g:
    ...     c = tf.constant(1.0, name="c")
    >>> path = write_graph(g, tempfile.mkdtemp(), "graph.pbtxt")
    >>> print(open(path).read().splitlines()[:3])
    ['node {', '  name: "c"', '  op: "Const"']
    """
    graph_def = graph_or_graph_def
    if not isinstance(graph_def, GraphDef):
        graph_def = graph_def.as_graph_def()
    os.makedirs(logdir, exist_ok=True)
    path = os.path.join(logdir, name)
    tmp = path + ".tmp%d" % os.getpid()
    if as_text:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(str(graph_def))
    else:
        with open(tmp, "wb") as f:
            f.write(graph_def.SerializeToString())
    os.replace(tmp, path)
    return path
