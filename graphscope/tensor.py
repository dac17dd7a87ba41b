"""Operation and Tensor: the nodes of a graph and the values flowing along its edges.

An :class:`Operation` is an op type applied to input tensors; it knows its graph, name, attrs,
device, control inputs and where it was created in user code. A :class:`Tensor` is one output of an
op: ``"op_name:index"``, a dtype and a static shape that may be partly unknown. Both are built only by
:meth:`graphscope.graph.Graph._create_op`.
"""
from __future__ import annotations

import os
import re
import sys

from graphscope import dtypes as _dtypes
from graphscope.shapes import TensorShape, as_shape

__all__ = ["Operation", "Tensor", "user_frame", "describe_site"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_EXAMPLES_DIR = _PACKAGE_DIR + "examples" + os.sep  # bundled models count as user code

_IS_INTERNAL: dict = {}  # code object -> whether it belongs to graphscope
_SITES: dict = {}  # (code object, line) -> the site tuple user_frame returns for it


def user_frame(depth: int = 1) -> tuple[str, int, str] | None:
    """``(file, line, function)`` of the innermost caller outside graphscope, for error messages; the
    search starts ``depth`` frames up (1: the caller), so a caller that knows it is internal can skip
    itself and its own callers (frames cost an object each to look at)."""
    try:
        frame = sys._getframe(depth)
    except ValueError:  # the stack is shallower
        return None
    internal = _IS_INTERNAL
    while frame is not None:
        code = frame.f_code
        inside = internal.get(code)
        if inside is None:
            inside = internal[code] = (code.co_filename.startswith(_PACKAGE_DIR)
                                       and not code.co_filename.startswith(_EXAMPLES_DIR))
        if not inside:
            # One tuple per site, shared by every op and record made there: the garbage collector stops
            # tracking it after one look, where a fresh tuple per call would be one more object to walk.
            key = (code, frame.f_lineno)
            site = _SITES.get(key)
            if site is None:
                if len(_SITES) >= 10_000:
                    _SITES.clear()
                site = _SITES[key] = (code.co_filename, key[1], code.co_name)
            return site
        frame = frame.f_back
    return None


def describe_site(site: tuple[str, int, str] | None, relative: bool = False) -> str:
    """'/path/file.py:12 (in build)', or 'cell 3, line 2' for IPython cells; with ``relative``,
    paths under the working directory are shortened ('file.py:12')."""
    if site is None:
        return "an unknown place"
    filename, line, function = site
    cell = _notebook_cell(filename)
    if cell is not None:
        where = "cell %s, line %d" % (cell, line)
    else:
        cwd = os.getcwd() + os.sep
        if relative and filename.startswith(cwd):
            filename = filename[len(cwd):]
        where = "%s:%d" % (filename, line)
    return where if function == "<module>" else "%s (in %s)" % (where, function)


def _notebook_cell(filename: str) -> int | None:
    """The execution count ``N`` (``In [N]``) of the IPython cell compiled as ``filename``, or None.

    Old IPython names a cell's code ``<ipython-input-N-...>``; ipykernel names it by a hash of its text
    (``/tmp/ipykernel_<pid>/<hash>.py``) and the running shell maps that file name to ``N``."""
    match = re.match(r"<ipython-input-(\d+)-", filename)
    if match:
        return int(match.group(1))
    ipython = sys.modules.get("IPython")  # only when IPython runs this process: never imported here
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    number = getattr(getattr(shell, "compile", None), "_filename_map", {}).get(filename)
    return number if isinstance(number, int) else None


class Tensor:
    """A symbolic handle to one output of an :class:`Operation`.

    Its ``name`` is ``"op_name:index"``; ``shape`` is the static shape (dims may be unknown).
    Python operators (``+``, ``*``, ``@``, ``[]``, ...) build ops; they are installed by the op
    families with :meth:`_override_operator`.
    """

    __slots__ = ("_op", "_value_index", "_dtype", "_dims", "_name", "__weakref__")

    def __init__(self, op: "Operation", value_index: int, dtype: _dtypes.DType, dims):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._dims = dims
        self._name = "%s:%d" % (op._name, value_index)

    op = property(lambda self: self._op, doc="The Operation that produces this tensor.")
    value_index = property(lambda self: self._value_index, doc="Index of this tensor among the op's outputs.")
    dtype = property(lambda self: self._dtype, doc="The DType of the elements.")
    name = property(lambda self: self._name, doc="'op_name:index'.")
    graph = property(lambda self: self._op._graph, doc="The Graph that holds this tensor.")
    device = property(lambda self: self._op._device, doc="The device of the producing op.")

    @property
    def shape(self) -> TensorShape:
        """The static shape (a :class:`~graphscope.shapes.TensorShape`, possibly partly unknown)."""
        return TensorShape(self._dims)

    def get_shape(self) -> TensorShape:
        """Alias of :attr:`shape` (TF1 style)."""
        return TensorShape(self._dims)

    def set_shape(self, shape) -> None:
        """Refine the static shape; ValueError if ``shape`` is incompatible with what is known."""
        self._dims = self.shape.merge_with(as_shape(shape))._dims

    @property
    def ndim(self) -> int | None:
        return None if self._dims is None else len(self._dims)

    def consumers(self) -> list["Operation"]:
        """Ops that take this tensor as a data input, in creation order: an op once per input it
        feeds (``x * x`` lists its op twice, as in TensorFlow)."""
        graph = self._op._graph
        found = []
        for consumer, keys in graph._sync_nx()._succ[self._op._name].items():
            for data in keys.values():
                if not data["control"] and data["output"] == self._value_index:
                    found.append(graph._nodes_by_name[consumer])
        return sorted(found, key=lambda op: op._id)

    def eval(self, feed_dict=None, session=None):
        """Run this tensor in ``session`` (default: the default session) and return its value."""
        from graphscope.session import run_with_default_session
        return run_with_default_session(self, feed_dict, session)

    def _as_node_def_input(self) -> str:
        return self._op._name if self._value_index == 0 else self._name

    def __repr__(self) -> str:
        return "<tf.Tensor '%s' shape=%s dtype=%s>" % (self._name, self.shape, self._dtype.name)

    def __str__(self) -> str:
        return 'Tensor("%s", shape=%s, dtype=%s)' % (self._name, self.shape, self._dtype.name)

    __hash__ = object.__hash__

    def __bool__(self):
        raise TypeError("Using a `tf.Tensor` as a Python `bool` is not allowed. Use `if t is not None:` "
                        "instead of `if t:` to test if a tensor is defined, and use ops like tf.cond "
                        "to execute subgraphs conditioned on the value of a tensor.")

    def __iter__(self):
        raise TypeError("Tensor objects are only iterable when eager execution is enabled. To iterate "
                        "over this tensor use tf.map_fn, or index it (t[0], t[1], ...).")

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError("Cannot convert a symbolic Tensor (%s) to a numpy array: run it in a "
                                  "Session first (sess.run(t) or t.eval())." % self._name)

    @classmethod
    def _override_operator(cls, operator: str, func) -> None:
        """Install ``func`` as ``Tensor.<operator>`` (used by the op families)."""
        setattr(cls, operator, func)


class Operation:
    """A node of the graph: an op type applied to input tensors, producing output tensors.

    Attributes are read with the properties below; ``get_attr(name)`` returns one of the op's attrs
    (TensorFlow's GraphDef attrs, e.g. ``T``, ``dtype``, ``value``, ``transpose_a``). ``_attrs`` (every
    attr but the ``_class`` colocation, which is ``_colocation``; :meth:`_all_attrs` has both) and the
    inputs and outputs never change once the op exists: ops may share one attrs dict.
    """

    __slots__ = ("_graph", "_name", "_type", "_input", "_input2", "_output", "_control_inputs", "_device",
                 "_attrs", "_colocation", "_id", "_site", "_op_def", "__weakref__")

    graph = property(lambda self: self._graph, doc="The Graph that holds this op.")
    name = property(lambda self: self._name, doc="The op's full name, e.g. 'foo/add'.")
    type = property(lambda self: self._type, doc="TensorFlow's op type name, e.g. 'AddV2'.")
    inputs = property(lambda self: tuple(self._inputs), doc="The input Tensors, in order.")
    outputs = property(lambda self: list(self._outputs), doc="The output Tensors.")
    control_inputs = property(lambda self: list(self._control_inputs),
                              doc="Ops that must run before this one.")
    device = property(lambda self: self._device, doc="The device string ('' when unplaced).")
    op_def = property(lambda self: self._op_def, doc="The registry record of this op type, or None.")

    # One or two inputs (``_input``, ``_input2``) and a single output (``_output``) are held as themselves,
    # not in a tuple: one object less per op for the garbage collector to walk. Otherwise ``_input`` and
    # ``_output`` are tuples.
    @property
    def _inputs(self) -> tuple:
        """The input Tensors."""
        first = self._input
        if first.__class__ is tuple:
            return first
        second = self._input2
        return (first,) if second is None else (first, second)

    @property
    def _outputs(self) -> tuple:
        """The output Tensors."""
        output = self._output
        return output if output.__class__ is tuple else (output,)

    def values(self) -> tuple:
        return tuple(self._outputs)

    def get_attr(self, name: str):
        """The value of attr ``name``; ValueError when the op has no such attr (TF's message). A list
        value is a copy, as in TF."""
        if name == "_class" and self._colocation is not None:
            return [group.encode() for group in self._colocation]  # (bytes, as TF's AttrValue holds them)
        try:
            value = self._attrs[name]
        except KeyError:
            raise ValueError("Operation '%s' has no attr named '%s'." % (self._name, name)) from None
        return list(value) if type(value) is list else value

    def colocation_groups(self) -> list:
        """The ``loc:@<op>`` groups this op is placed with (bytes, as in TF): those ``colocate_with``
        gave it, else its own."""
        groups = [group.encode() for group in self._colocation or () if group.startswith("loc:@")]
        return groups or [("loc:@" + self._name).encode()]

    def _all_attrs(self) -> dict:
        """Every attr, ``_class`` included. ``_attrs`` holds the others: ops of one kind share that dict
        (ops never change their attrs), while ``_colocation`` is the op's own ``_class`` value (a tuple
        of ``'loc:@<op>'`` strings, or None)."""
        if self._colocation is None:
            return self._attrs
        return {**self._attrs, "_class": list(self._colocation)}

    @property
    def node_def(self) -> dict:
        """A plain-dict view of the op as GraphDef describes it (name, op, input, device, attr)."""
        inputs = [t._as_node_def_input() for t in self._inputs]
        inputs += ["^" + c._name for c in self._control_inputs]
        return {"name": self._name, "op": self._type, "input": inputs, "device": self._device,
                "attr": dict(self._all_attrs())}

    @property
    def traceback(self) -> list[tuple[str, int, str]]:
        """Where the op was created in user code: ``[(file, line, function)]`` (may be empty)."""
        return [self._site] if self._site else []

    @property
    def creation_site(self) -> str:
        """Where the op was created, readable: 'model.py:12 (in build)'."""
        return describe_site(self._site)

    def run(self, feed_dict=None, session=None) -> None:
        """Run this op in ``session`` (default: the default session)."""
        from graphscope.session import run_with_default_session
        run_with_default_session(self, feed_dict, session)

    def __repr__(self) -> str:
        return "<tf.Operation '%s' type=%s>" % (self._name, self._type)

    __str__ = __repr__
