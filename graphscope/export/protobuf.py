"""GraphDef as TensorFlow writes it: plain Python message classes, protobuf text format and wire format.

:class:`GraphDef`, :class:`NodeDef`, :class:`AttrValue`, :class:`TensorProto` and
:class:`TensorShapeProto` mirror the fields of TensorFlow's ``graph.proto``, ``node_def.proto``,
``attr_value.proto``, ``tensor.proto`` and ``tensor_shape.proto``. ``str(message)`` is the protobuf
*text* format (``.pbtxt``) as Python protobuf prints it (fields in field-number order, map entries
sorted by key, bytes C-escaped, floats in their shortest form) and ``SerializeToString()`` the binary
wire format (``.pb``). No protobuf library is needed; TensorBoard's own protos parse both (see
``tests/test_export.py``).

>>> shape = TensorShapeProto([None, 3])
>>> print(AttrValue("shape", shape), end="")
shape {
  dim {
    size: -1
  }
  dim {
    size: 3
  }
}
>>> AttrValue("shape", shape).SerializeToString()
b':\\x11\\x12\\x0b\\x08\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\x01\\x12\\x02\\x08\\x03'
"""
from __future__ import annotations

import struct

import numpy as np

from graphscope import dtypes as _dtypes

__all__ = ["GraphDef", "NodeDef", "AttrValue", "ListValue", "TensorProto", "TensorShapeProto", "VersionDef",
           "datatype_name", "c_escape"]

# -- DataType enum names (types.proto) --------------------------------------------------------------

_DATATYPE_NAMES = {
    0: "DT_INVALID", 1: "DT_FLOAT", 2: "DT_DOUBLE", 3: "DT_INT32", 4: "DT_UINT8", 5: "DT_INT16", 6: "DT_INT8",
    7: "DT_STRING", 8: "DT_COMPLEX64", 9: "DT_INT64", 10: "DT_BOOL", 11: "DT_QINT8", 12: "DT_QUINT8",
    13: "DT_QINT32", 14: "DT_BFLOAT16", 15: "DT_QINT16", 16: "DT_QUINT16", 17: "DT_UINT16", 18: "DT_COMPLEX128",
    19: "DT_HALF", 20: "DT_RESOURCE", 21: "DT_VARIANT", 22: "DT_UINT32", 23: "DT_UINT64",
}


def datatype_name(dtype) -> str:
    """TensorFlow's enum name of a dtype: ``DT_FLOAT``, ``DT_FLOAT_REF`` for ``float32_ref``.

    >>> datatype_name(_dtypes.float32), datatype_name(_dtypes.float32._as_ref), datatype_name(_dtypes.int64)
    ('DT_FLOAT', 'DT_FLOAT_REF', 'DT_INT64')
    """
    enum = _dtypes.as_dtype(dtype).as_datatype_enum
    if enum > 100:
        return _DATATYPE_NAMES[enum - 100] + "_REF"
    return _DATATYPE_NAMES[enum]


# -- text format helpers ------------------------------------------------------------------------------

_ESCAPES = {9: "\\t", 10: "\\n", 13: "\\r", 34: '\\"', 39: "\\'", 92: "\\\\"}
_ESCAPED = [_ESCAPES.get(b, chr(b) if 32 <= b < 127 else "\\%03o" % b) for b in range(256)]


def c_escape(data: bytes | str) -> str:
    """Bytes as protobuf's text format quotes them (C escapes, octal for the rest).

    >>> c_escape(b'a"\\x00\\x80?'), c_escape("tab\\there")
    ('a\\\\"\\\\000\\\\200?', 'tab\\\\there')
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    return "".join([_ESCAPED[b] for b in data])


def _float_text(value: float) -> str:
    """A float32 field as Python protobuf prints it: the shortest decimal that reads back as the
    same float32, written as a Python float ('1.0', '0.2', '1e-05', 'inf', 'nan')."""
    value = float(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    target = np.float32(value)
    for precision in range(6, 10):
        rounded = float("%.*g" % (precision, value))
        if np.float32(rounded) == target:
            return str(rounded)
    return str(float(target))


def _double_text(value: float) -> str:
    return repr(float(value))


def _bool_text(value) -> str:
    return "true" if value else "false"


class _Message:
    """Base of the message classes: ``str`` gives the text format, ``==`` compares the text."""

    def _lines(self, indent: str) -> list[str]:  # pragma: no cover - every message overrides it
        raise NotImplementedError

    def _encode(self) -> bytes:  # pragma: no cover
        raise NotImplementedError

    def __str__(self) -> str:
        return "".join(line + "\n" for line in self._lines(""))

    def SerializeToString(self) -> bytes:  # noqa: N802 (protobuf's name)
        """The protobuf binary wire format."""
        return self._encode()

    def ByteSize(self) -> int:  # noqa: N802 (protobuf's name)
        return len(self._encode())

    def __eq__(self, other) -> bool:
        return type(other) is type(self) and str(self) == str(other)

    __hash__ = None


def _message_lines(field: str, message: _Message, indent: str) -> list[str]:
    inner = message._lines(indent + "  ")
    return [indent + field + " {"] + inner + [indent + "}"]


# -- wire format helpers ------------------------------------------------------------------------------

def _varint(value: int) -> bytes:
    if value < 0:
        value += 1 << 64
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _key(field: int, wire_type: int) -> bytes:
    return _varint(field << 3 | wire_type)


def _len_field(field: int, payload: bytes) -> bytes:
    return _key(field, 2) + _varint(len(payload)) + payload


def _varint_field(field: int, value: int) -> bytes:
    return _key(field, 0) + _varint(int(value))


def _packed(field: int, values, encode) -> bytes:
    if not len(values):
        return b""
    return _len_field(field, b"".join(encode(v) for v in values))


def _float_bytes(value) -> bytes:
    return struct.pack("<f", value)


def _double_bytes(value) -> bytes:
    return struct.pack("<d", value)


# -- messages -----------------------------------------------------------------------------------------

class TensorShapeProto(_Message):
    """A static shape: ``dims`` a tuple of ints and None (unknown, written ``size: -1``), or None for an
    unknown rank (``unknown_rank: true``)."""

    __slots__ = ("dims",)

    def __init__(self, dims=()):
        self.dims = None if dims is None else tuple(None if d is None or d < 0 else int(d) for d in dims)

    @property
    def unknown_rank(self) -> bool:
        return self.dims is None

    @property
    def dim(self) -> list:
        return [] if self.dims is None else [-1 if d is None else d for d in self.dims]

    def _lines(self, indent: str) -> list[str]:
        if self.dims is None:
            return [indent + "unknown_rank: true"]
        lines = []
        for size in self.dim:  # proto3: a zero size is not written
            lines += [indent + "dim {"] + ([indent + "  size: %d" % size] if size else []) + [indent + "}"]
        return lines

    def _encode(self) -> bytes:
        if self.dims is None:
            return _varint_field(3, 1)
        return b"".join(_len_field(2, _varint_field(1, size) if size else b"") for size in self.dim)

    def __repr__(self) -> str:
        return "TensorShapeProto(%r)" % (self.dims,)


# dtype -> (text field, field number, wire kind) of TensorProto's typed value lists
_VALUE_FIELDS = {
    "float32": ("float_val", 5, "float"), "float64": ("double_val", 6, "double"),
    "int32": ("int_val", 7, "int"), "int16": ("int_val", 7, "int"), "int8": ("int_val", 7, "int"),
    "uint8": ("int_val", 7, "int"), "uint16": ("int_val", 7, "int"), "string": ("string_val", 8, "bytes"),
    "complex64": ("scomplex_val", 9, "float"), "int64": ("int64_val", 10, "int"), "bool": ("bool_val", 11, "bool"),
    "complex128": ("dcomplex_val", 12, "double"), "float16": ("half_val", 13, "int"),
    "uint32": ("uint32_val", 16, "int"), "uint64": ("uint64_val", 17, "int"),
}
# dtypes TensorFlow's make_tensor_proto writes as raw tensor_content when there is more than one value
_CONTENT_DTYPES = {"float16", "float32", "float64", "int32", "uint8", "int16", "int8", "int64", "uint16",
                   "uint32", "uint64"}


class TensorProto(_Message):
    """A constant's value (``Const``'s ``value`` attr) as TensorFlow's ``make_tensor_proto`` writes it:
    more than one number as little-endian ``tensor_content``, one value as a typed list
    (``float_val: 1.0``); an array whose elements are all equal as that one value (TF repeats the
    last value to fill the shape); strings and bools always as typed lists.

    >>> print(TensorProto(np.array([1.0, 2.0], np.float32)), end="")
    dtype: DT_FLOAT
    tensor_shape {
      dim {
        size: 2
      }
    }
    tensor_content: "\\000\\000\\200?\\000\\000\\000@"
    >>> print(TensorProto(np.zeros((2, 3), np.int32)), end="")
    dtype: DT_INT32
    tensor_shape {
      dim {
        size: 2
      }
      dim {
        size: 3
      }
    }
    int_val: 0
    """

    __slots__ = ("dtype", "array")

    def __init__(self, array, dtype=None):
        array = np.asarray(array)
        if dtype is None:
            dtype = _dtypes.string if array.dtype.kind in "OSU" else _dtypes.as_dtype(array.dtype)
        self.dtype = _dtypes.as_dtype(dtype).base_dtype
        if self.dtype.name != "string" and array.dtype.kind in "OSU":
            raise TypeError("A %s tensor cannot hold the values %r." % (self.dtype.name, array))
        self.array = array

    @property
    def tensor_shape(self) -> TensorShapeProto:
        return TensorShapeProto(self.array.shape)

    def _parts(self):
        """(content bytes or None, values list, field name, field number, wire kind)."""
        name = self.dtype.name
        if name not in _VALUE_FIELDS:
            raise TypeError("Cannot write a %s tensor into a GraphDef." % name)
        field, number, kind = _VALUE_FIELDS[name]
        flat = self.array.reshape(-1)
        if flat.size > 1 and name != "string":
            first = flat[0]
            uniform = bool(np.all(flat == first)) if not (name.startswith("float") and np.isnan(first)) else False
            if uniform:
                flat = flat[:1]
            elif name in _CONTENT_DTYPES:
                content = np.ascontiguousarray(flat, dtype=flat.dtype.newbyteorder("<")).tobytes()
                return content, [], field, number, kind
        if name == "string":
            values = [v if isinstance(v, bytes) else str(v).encode("utf-8") for v in flat]
        elif name in ("complex64", "complex128"):
            values = [x for v in flat for x in (float(v.real), float(v.imag))]
        elif name == "float16":
            values = [int(v) for v in flat.astype(np.float16).view(np.uint16)]
        elif name == "bool":
            values = [bool(v) for v in flat]
        elif kind == "int":
            values = [int(v) for v in flat]
        else:
            values = [float(v) for v in flat]
        return None, values, field, number, kind

    def _lines(self, indent: str) -> list[str]:
        content, values, field, _, kind = self._parts()
        lines = [indent + "dtype: " + datatype_name(self.dtype)]
        lines += _message_lines("tensor_shape", self.tensor_shape, indent)
        if content is not None:
            lines.append(indent + 'tensor_content: "%s"' % c_escape(content))
        text = {"float": _float_text, "double": _double_text, "int": str, "bool": _bool_text,
                "bytes": lambda v: '"%s"' % c_escape(v)}[kind]
        lines += [indent + "%s: %s" % (field, text(v)) for v in values]
        return lines

    def _encode(self) -> bytes:
        content, values, _, number, kind = self._parts()
        out = _varint_field(1, self.dtype.as_datatype_enum)
        out += _len_field(2, self.tensor_shape._encode())
        if content is not None:
            out += _len_field(4, content)
        if kind == "bytes":
            out += b"".join(_len_field(number, v) for v in values)
        elif kind == "float":
            out += _packed(number, values, _float_bytes)
        elif kind == "double":
            out += _packed(number, values, _double_bytes)
        else:
            out += _packed(number, [int(v) for v in values], _varint)
        return out

    def __repr__(self) -> str:
        return "TensorProto(%s, shape=%s)" % (self.dtype.name, self.array.shape)


class ListValue(_Message):
    """``AttrValue.list``: one kind of item (``s``, ``i``, ``f``, ``b``, ``type``, ``shape``, ``tensor``)."""

    __slots__ = ("kind", "items")
    _FIELDS = {"s": 2, "i": 3, "f": 4, "b": 5, "type": 6, "shape": 7, "tensor": 8}

    def __init__(self, kind: str | None = None, items=()):
        if kind is not None and kind not in self._FIELDS:
            raise ValueError("Unknown list kind %r." % kind)
        self.kind = kind
        self.items = list(items)

    def __getattr__(self, name):
        if name in ListValue._FIELDS:
            return list(self.items) if name == self.kind else []
        raise AttributeError(name)

    def _lines(self, indent: str) -> list[str]:
        kind = self.kind
        lines = []
        for item in self.items:
            if kind in ("shape", "tensor"):
                lines += _message_lines(kind, item, indent)
            else:
                lines.append(indent + "%s: %s" % (kind, _scalar_text(kind, item)))
        return lines

    def _encode(self) -> bytes:
        kind, items = self.kind, self.items
        if not items:
            return b""
        number = self._FIELDS[kind]
        if kind == "s":
            return b"".join(_len_field(number, _as_bytes(v)) for v in items)
        if kind in ("shape", "tensor"):
            return b"".join(_len_field(number, v._encode()) for v in items)
        if kind == "f":
            return _packed(number, items, _float_bytes)
        if kind == "type":
            return _packed(number, [_dtypes.as_dtype(v).as_datatype_enum for v in items], _varint)
        return _packed(number, [int(v) for v in items], _varint)

    def __repr__(self) -> str:
        return "ListValue(%r, %r)" % (self.kind, self.items)


def _as_bytes(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _scalar_text(kind: str, value) -> str:
    if kind == "s":
        return '"%s"' % c_escape(_as_bytes(value))
    if kind == "i":
        return str(int(value))
    if kind == "f":
        return _float_text(value)
    if kind == "b":
        return _bool_text(value)
    if kind == "type":
        return datatype_name(value)
    raise ValueError(kind)


class AttrValue(_Message):
    """One attr of a node: ``kind`` is the field set (``s``, ``i``, ``f``, ``b``, ``type``, ``shape``,
    ``tensor``, ``list``) and ``value`` its value (bytes, int, float, bool, DType, TensorShapeProto,
    TensorProto, ListValue). The protobuf accessors read it: ``attr.type``, ``attr.b``, ...

    >>> attr = AttrValue("type", _dtypes.float32)
    >>> print(attr, end=""); attr.WhichOneof("value"), attr.type
    type: DT_FLOAT
    ('type', 1)
    """

    __slots__ = ("kind", "value")
    _FIELDS = {"list": 1, "s": 2, "i": 3, "f": 4, "b": 5, "type": 6, "shape": 7, "tensor": 8}
    _DEFAULTS = {"s": b"", "i": 0, "f": 0.0, "b": False, "type": 0}

    def __init__(self, kind: str, value):
        if kind not in self._FIELDS:
            raise ValueError("Unknown attr value kind %r." % kind)
        self.kind = kind
        self.value = value

    def WhichOneof(self, group: str = "value") -> str:  # noqa: N802 (protobuf's name)
        return self.kind

    def HasField(self, name: str) -> bool:  # noqa: N802 (protobuf's name)
        return name == self.kind

    def __getattr__(self, name):
        if name in AttrValue._FIELDS:
            if name != self.kind:
                if name == "list":
                    return ListValue()
                if name == "shape":
                    return TensorShapeProto(())
                return AttrValue._DEFAULTS.get(name)
            if name == "type":
                return _dtypes.as_dtype(self.value).as_datatype_enum
            if name == "s":
                return _as_bytes(self.value)
            return self.value
        raise AttributeError(name)

    def _lines(self, indent: str) -> list[str]:
        if self.kind in ("list", "shape", "tensor"):
            return _message_lines(self.kind, self.value, indent)
        return [indent + "%s: %s" % (self.kind, _scalar_text(self.kind, self.value))]

    def _encode(self) -> bytes:
        kind, value = self.kind, self.value
        number = self._FIELDS[kind]
        if kind in ("list", "shape", "tensor"):
            return _len_field(number, value._encode())
        if kind == "s":
            return _len_field(number, _as_bytes(value))
        if kind == "f":
            return _key(number, 5) + _float_bytes(value)
        if kind == "type":
            return _varint_field(number, _dtypes.as_dtype(value).as_datatype_enum)
        return _varint_field(number, int(value))

    def __repr__(self) -> str:
        return "AttrValue(%r, %r)" % (self.kind, self.value)


class NodeDef(_Message):
    """One op: ``name``, ``op`` (its type), ``input`` (``"x"``, ``"x:1"``, ``"^control"``), ``device``
    and ``attr`` (name -> :class:`AttrValue`)."""

    __slots__ = ("name", "op", "input", "device", "attr")

    def __init__(self, name: str, op: str, input=(), device: str = "", attr: dict | None = None):
        self.name = name
        self.op = op
        self.input = list(input)
        self.device = device
        self.attr = dict(attr or {})

    def _lines(self, indent: str) -> list[str]:
        lines = [indent + 'name: "%s"' % c_escape(self.name), indent + 'op: "%s"' % c_escape(self.op)]
        lines += [indent + 'input: "%s"' % c_escape(i) for i in self.input]
        if self.device:
            lines.append(indent + 'device: "%s"' % c_escape(self.device))
        inner = indent + "  "
        for key in sorted(self.attr):
            lines += [indent + "attr {", inner + 'key: "%s"' % c_escape(key)]
            lines += _message_lines("value", self.attr[key], inner)
            lines.append(indent + "}")
        return lines

    def _encode(self) -> bytes:
        out = _len_field(1, self.name.encode()) + _len_field(2, self.op.encode())
        out += b"".join(_len_field(3, i.encode()) for i in self.input)
        if self.device:
            out += _len_field(4, self.device.encode())
        for key in sorted(self.attr):
            out += _len_field(5, _len_field(1, key.encode()) + _len_field(2, self.attr[key]._encode()))
        return out

    def __repr__(self) -> str:
        return "<NodeDef %r op=%s>" % (self.name, self.op)


class VersionDef(_Message):
    """``versions { producer: ... }``: the GraphDef version the graph was written with."""

    __slots__ = ("producer", "min_consumer")

    def __init__(self, producer: int = 0, min_consumer: int = 0):
        self.producer = producer
        self.min_consumer = min_consumer

    def _lines(self, indent: str) -> list[str]:
        lines = []
        if self.producer:
            lines.append(indent + "producer: %d" % self.producer)
        if self.min_consumer:
            lines.append(indent + "min_consumer: %d" % self.min_consumer)
        return lines

    def _encode(self) -> bytes:
        out = _varint_field(1, self.producer) if self.producer else b""
        return out + (_varint_field(2, self.min_consumer) if self.min_consumer else b"")


class GraphDef(_Message):
    """A graph as TensorFlow serialises it: ``node`` (a list of :class:`NodeDef`) and ``versions``.

    ``str(graph_def)`` is the ``.pbtxt`` text, ``SerializeToString()`` the binary ``.pb``.

    >>> gd = GraphDef([NodeDef("x", "Placeholder", attr={"dtype": AttrValue("type", _dtypes.float32)})])
    >>> print(gd, end="")
    node {
      name: "x"
      op: "Placeholder"
      attr {
        key: "dtype"
        value {
          type: DT_FLOAT
        }
      }
    }
    versions {
      producer: 134
    }
    """

    __slots__ = ("node", "versions")

    def __init__(self, node=(), versions: VersionDef | None = None):
        self.node = list(node)
        self.versions = versions if versions is not None else VersionDef(134)

    def _lines(self, indent: str) -> list[str]:
        lines = []
        for node in self.node:
            lines += _message_lines("node", node, indent)
        version_lines = self.versions._lines(indent + "  ")
        lines += [indent + "versions {"] + version_lines + [indent + "}"]
        return lines

    def _encode(self) -> bytes:
        out = b"".join(_len_field(1, node._encode()) for node in self.node)
        return out + _len_field(4, self.versions._encode())

    def __repr__(self) -> str:
        return "<GraphDef: %d nodes>" % len(self.node)
