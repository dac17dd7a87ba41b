"""Checkpoints: ``tf.train.Saver`` and the functions that read checkpoints and the ``checkpoint`` state file.

The file format
---------------
A checkpoint with prefix ``/tmp/run/model.ckpt-100`` (what ``Saver.save`` returns, as in
TensorFlow) is one file, ``/tmp/run/model.ckpt-100.npz``: a numpy ``.npz`` archive with one array per
variable, keyed by the variable's checkpoint name, which is TensorFlow's: the variable's op name,
i.e. its name without ``:0`` (``"dense/kernel"``); a partitioned variable is stored whole (its shards
concatenated) under its full name. Read it with ``numpy.load(path)`` (no pickles: string variables
are stored as ``bytes`` arrays). The file is written atomically: to a temporary file in the same
directory, flushed and synced, then renamed over the target with ``os.replace``; a failed save leaves
no partial file and keeps the previous checkpoint of that name intact.

Beside the checkpoints, ``save`` keeps TensorFlow's text state file ``checkpoint`` in the same
directory (``model_checkpoint_path: "model.ckpt-100"`` and one ``all_model_checkpoint_paths`` line per
kept checkpoint), which ``latest_checkpoint(dir)`` and ``get_checkpoint_state(dir)`` read; the oldest
checkpoints beyond ``max_to_keep`` are deleted.

Differences from TensorFlow
---------------------------
TensorFlow's Saver adds ``save/SaveV2`` and ``save/RestoreV2`` ops (and an ``Assign`` per variable) to
the graph and runs them; graphscope's Saver adds no ops: ``save`` reads the variables' values from the
session's state and ``restore`` writes them into it directly. So ``Saver()`` does not change the
graph, there is no ``saver_def``, and no ``.meta`` file is written (rebuild the graph from its code,
then restore). Before restoring anything, ``restore`` checks every name, shape and dtype against the
checkpoint and reports *all* mismatches in one error; when there is any, nothing is restored.

>>> import os, tempfile
>>> import graphscope as tf
>>> directory = tempfile.mkdtemp()
>>> with tf.Graph().as_default():
...     with tf.variable_scope("net"):
...         w = tf.get_variable("w", initializer=[1.0, 2.0])
...     saver = tf.train.Saver()
...     with tf.Session() as sess:
...         sess.run(w.initializer)
...         path = saver.save(sess, os.path.join(directory, "model.ckpt"), global_step=3)
>>> os.path.basename(path), tf.train.latest_checkpoint(directory) == path
('model.ckpt-3', True)
>>> tf.train.list_variables(directory)
[('net/w', [2])]
>>> with tf.Graph().as_default():
...     with tf.variable_scope("net"):
...         w = tf.get_variable("w", shape=[2])
...     with tf.Session() as sess:
...         tf.train.Saver().restore(sess, path)
...         print(sess.run(w))
[1. 2.]
"""
from __future__ import annotations

import logging
import numbers
import os
import time

import numpy as np

from graphscope import dtypes
from graphscope.errors import InvalidArgumentError, NotFoundError
from graphscope.graph import GraphKeys, get_default_graph
from graphscope.ops.core import convert_to_tensor
from graphscope.ops.state_ops import state_key
from graphscope.shapes import TensorShape
from graphscope.tensor import Tensor
from graphscope.train.checkpoint_management import (
    SUFFIX, checkpoint_exists, checkpoint_file, dtype_of, read_checkpoint, read_headers, remove_checkpoint,
    update_checkpoint_state, write_checkpoint,
)
from graphscope.variables import PartitionedVariable, Variable

__all__ = ["Saver"]

_log = logging.getLogger("graphscope")

_VARIABLE_OP_TYPES = ("Variable", "VariableV2", "AutoReloadVariable", "VarHandleOp")


# -- what a Saver saves ----------------------------------------------------------------------------------

class _Saveable:
    """One checkpoint entry: ``name``, the full static shape and dtype, and the variable parts that hold
    it (``[(variable op, slices or None)]``: one part, or the shards of a partitioned variable)."""

    def __init__(self, name: str, shape: TensorShape, dtype: dtypes.DType, parts: list):
        self.name, self.shape, self.dtype, self.parts = name, shape, dtype, parts

    def read(self, state) -> np.ndarray:
        if len(self.parts) == 1 and self.parts[0][1] is None:
            return state.read_variable(state_key(self.parts[0][0]))
        values = [state.read_variable(state_key(op)) for op, _ in self.parts]
        full = np.empty(self.shape.as_list(), dtype=values[0].dtype)
        for (_, slices), value in zip(self.parts, values):
            full[slices] = value
        return full

    def assignments(self, value: np.ndarray) -> list:
        if len(self.parts) == 1 and self.parts[0][1] is None:
            return [(state_key(self.parts[0][0]), value)]
        return [(state_key(op), value[slices]) for op, slices in self.parts]


def _variable_dtype(op) -> dtypes.DType:
    return op.get_attr("dtype").base_dtype


def _variable_shape(op) -> TensorShape:
    if op.type == "VarHandleOp":
        return TensorShape(op.get_attr("shape"))
    return op.outputs[0].shape


def _variable_op(var):
    """The variable op (VariableV2 / VarHandleOp) of a Variable or of its ref tensor; TypeError otherwise."""
    if isinstance(var, Variable):
        return var.op
    tensor = var
    if not isinstance(tensor, Tensor):
        try:
            tensor = convert_to_tensor(var, as_ref=True)
        except (TypeError, ValueError, NotImplementedError):
            tensor = None
    if tensor is None or tensor.op.type not in _VARIABLE_OP_TYPES:
        raise TypeError("names_to_saveables must be a dict mapping string names to Tensors/Variables. Not a "
                        "variable: %s" % (var,))
    return tensor.op


def _slices(info) -> tuple:
    return tuple(slice(offset, offset + size) for offset, size in zip(info.var_offset, info.var_shape))


def _sliced_saveable(name: str, shards: list) -> _Saveable:
    info = shards[0]._get_save_slice_info()
    shape = TensorShape(info.full_shape)
    covered = sum(int(np.prod(s._get_save_slice_info().var_shape)) for s in shards)
    if covered != shape.num_elements():
        raise ValueError("Saver got only some of the shards of partitioned variable %s (%d of its %d elements): "
                         "pass all of its shards, or the PartitionedVariable." % (name, covered, shape.num_elements()))
    parts = [(s.op, _slices(s._get_save_slice_info())) for s in shards]
    return _Saveable(name, shape, _variable_dtype(shards[0].op), parts)


def _single_saveable(name: str, var) -> _Saveable:
    op = _variable_op(var)
    return _Saveable(name, _variable_shape(op), _variable_dtype(op), [(op, None)])


def _saveables_from_list(var_list) -> list:
    if not isinstance(var_list, (list, tuple, set)):
        raise TypeError("Variables to save should be passed in a dict or a list: %s" % (var_list,))
    entries: dict = {}  # name -> variable, or list of slice variables
    for var in var_list:
        if isinstance(var, PartitionedVariable):
            if var.name in entries:
                raise ValueError("At least two variables have the same name: %s" % var.name)
            entries[var.name] = list(var)
        elif isinstance(var, Variable) and var._get_save_slice_info() is not None:
            name = var._get_save_slice_info().full_name
            if name in entries and not isinstance(entries[name], list):
                raise ValueError("Mixing slices and non-slices with the same name: %s" % name)
            entries.setdefault(name, []).append(var)
        else:
            name = _variable_op(var).name
            if name in entries:
                raise ValueError("At least two variables have the same name: %s" % name)
            entries[name] = var
    return _saveables_from_dict(entries)


def _saveables_from_dict(var_dict: dict) -> list:
    saveables = []
    for name, var in var_dict.items():
        if not isinstance(name, str):
            raise TypeError("Saver: checkpoint names must be strings, got %r for %s." % (name, var))
        if isinstance(var, PartitionedVariable):
            saveables.append(_sliced_saveable(name, list(var)))
        elif isinstance(var, (list, tuple)):
            if not var:
                raise ValueError("Saver: the list of slices of %s is empty." % name)
            saveables.append(_sliced_saveable(name, list(var)))
        else:
            saveables.append(_single_saveable(name, var))
    seen: dict = {}
    for saveable in saveables:
        for op, _ in saveable.parts:
            if op in seen:
                raise ValueError("The same saveable will be restored with two names: %s and %s (variable %s)"
                                 % (seen[op], saveable.name, op.name))
            seen[op] = saveable.name
    return sorted(saveables, key=lambda s: s.name)


# -- the Saver ------------------------------------------------------------------------------------------

def _session_state(sess, variables_graph):
    from graphscope.session import Session
    if not isinstance(sess, Session):
        raise TypeError("'sess' must be a Session; %s" % (sess,))
    if sess._closed:
        raise RuntimeError("Attempted to use a closed Session.")
    if variables_graph is not None and sess.graph is not variables_graph:
        raise ValueError("The Saver's variables belong to graph %r but the session runs graph %r: use a session "
                         "of the graph the variables were created in." % (variables_graph, sess.graph))
    return sess._state


class Saver:
    """Saves and restores variables (``tf.train.Saver``); see the module docstring for the format.

    ``var_list``: None (every global variable and saveable object of the default graph, taken now),
    a list of variables (checkpoint names are their op names: ``"scope/w"``; partitioned variables
    go under their full name), or a dict ``{checkpoint name: variable}`` to save or restore variables
    under other names. ``max_to_keep`` checkpoints are kept (None or 0: all), plus one every
    ``keep_checkpoint_every_n_hours``. ``reshape=True`` lets ``restore`` fill a variable from a
    checkpoint value of another shape with the same number of elements. ``sharded``,
    ``restore_sequentially``, ``write_version`` and ``filename`` are accepted and have no effect.

    A graph whose variable names differ from the checkpoint's restores nothing and says which
    names differ:

    >>> import os, tempfile
    >>> import graphscope as tf
    >>> prefix = os.path.join(tempfile.mkdtemp(), "model")
    >>> with tf.Graph().as_default():
    ...     with tf.variable_scope("layer"):
    ...         w = tf.get_variable("w", [2])
    ...     with tf.Session() as sess:
    ...         sess.run(w.initializer)
    ...         _ = Saver().save(sess, prefix)
    >>> with tf.Graph().as_default():
    ...     with tf.variable_scope("layer_1"):
    ...         w = tf.get_variable("w", [2])
    ...     with tf.Session() as sess:
    ...         Saver().restore(sess, prefix)
    Traceback (most recent call last):
    ...
    graphscope.errors.NotFoundError: Restoring from checkpoint ... failed: the graph does not match the checkpoint, so nothing was restored.
    1 variable(s) of the graph are not in the checkpoint:
      Key layer_1/w not found in checkpoint
    The checkpoint holds 1 variable(s) the graph does not have:
      layer/w
    Variable names are checkpoint keys: ...
    """

    def __init__(self, var_list=None, reshape: bool = False, sharded: bool = False, max_to_keep: int = 5,
                 keep_checkpoint_every_n_hours: float = 10000.0, name: str | None = None,
                 restore_sequentially: bool = False, saver_def=None, builder=None, defer_build: bool = False,
                 allow_empty: bool = False, write_version=2, pad_step_number: bool = False,
                 save_relative_paths: bool = False, filename: str | None = None):
        if saver_def is not None or builder is not None:
            raise NotImplementedError("Saver(saver_def=..., builder=...) is not supported: graphscope's Saver builds "
                                      "no save/restore ops (see graphscope.train.saver).")
        self._var_list = var_list
        self._reshape = reshape
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._name = name
        self._allow_empty = allow_empty
        self._pad_step_number = pad_step_number
        self._save_relative_paths = save_relative_paths
        self._filename = filename
        self._last_checkpoints: list = []  # [(prefix, time)]
        self._checkpoints_to_be_deleted: list = []
        self._next_checkpoint_time = time.time() + keep_checkpoint_every_n_hours * 3600
        self._saveables: list | None = None
        self._graph = None
        self._is_empty = False
        if not defer_build:
            self.build()

    def build(self) -> None:
        """Resolve ``var_list`` into checkpoint entries (done by the constructor unless ``defer_build``)."""
        if self._saveables is not None:
            return
        var_list = self._var_list
        if var_list is None:
            graph = get_default_graph()
            var_list = graph.get_collection(GraphKeys.GLOBAL_VARIABLES) + [
                v for v in graph.get_collection(GraphKeys.SAVEABLE_OBJECTS) if isinstance(v, (Variable, Tensor))]
        if not var_list:
            if self._allow_empty:
                self._is_empty = True
                self._saveables = []
                return
            raise ValueError("No variables to save")
        if isinstance(var_list, dict):
            saveables = _saveables_from_dict(var_list)
        else:
            saveables = _saveables_from_list(var_list)
        graphs = {op.graph for s in saveables for op, _ in s.parts}
        if len(graphs) > 1:
            raise ValueError("Saver: the variables to save come from %d different graphs." % len(graphs))
        self._graph = graphs.pop() if graphs else None
        self._saveables = saveables

    def _built(self) -> list:
        if self._saveables is None:
            raise RuntimeError("`build()` should be called before save if defer_build==True")
        return self._saveables

    # -- saving ------------------------------------------------------------------------------
    def save(self, sess, save_path: str, global_step=None, latest_filename: str | None = None,
             meta_graph_suffix: str = "meta", write_meta_graph: bool = True, write_state: bool = True,
             strip_default_attrs: bool = False, save_debug_info: bool = False) -> str | None:
        """Write the variables' values in ``sess`` to ``<save_path>[-<global_step>].npz``; returns the
        checkpoint prefix (``save_path`` or ``save_path-<step>``). ``global_step`` is an int, or a
        variable/tensor whose value is used. With ``write_state``, the directory's ``checkpoint``
        state file records it and checkpoints beyond ``max_to_keep`` are deleted.
        ``write_meta_graph`` has no effect (no ``.meta`` file is written)."""
        saveables = self._built()
        if latest_filename is None:
            latest_filename = "checkpoint"
        if os.path.split(latest_filename)[0]:
            raise ValueError("'latest_filename' must be a base name.")
        if self._is_empty:
            return None
        state = _session_state(sess, self._graph)
        save_path = os.fspath(save_path)
        if global_step is not None:
            if not isinstance(global_step, numbers.Integral):
                from graphscope.train.training_util import global_step as step_value
                global_step = step_value(sess, global_step)
            prefix = ("%s-%08d" if self._pad_step_number else "%s-%d") % (save_path, global_step)
        else:
            prefix = save_path
        parent = os.path.dirname(save_path)
        if parent and not os.path.isdir(parent):
            raise ValueError(f"Parent directory of {save_path} doesn't exist, can't save.")
        if write_state and os.path.join(parent, latest_filename) == prefix:
            raise RuntimeError("Save path '%s' conflicts with path used for checkpoint state.  Please use a "
                               "different save path." % prefix)
        values = {s.name: s.read(state) for s in saveables}
        write_checkpoint(prefix if prefix.endswith(SUFFIX) else prefix + SUFFIX, values)
        if write_state:
            self._record_last_checkpoint(prefix)
            update_checkpoint_state(parent, prefix, self.last_checkpoints, latest_filename,
                                    save_relative_paths=self._save_relative_paths)
            self._maybe_delete_old_checkpoints(meta_graph_suffix)
        return prefix

    def _record_last_checkpoint(self, prefix: str) -> None:
        if not self._max_to_keep:
            return
        self._last_checkpoints = [p for p in self._last_checkpoints if p[0] != prefix]
        self._last_checkpoints.append((prefix, time.time()))
        if len(self._last_checkpoints) > self._max_to_keep:
            self._checkpoints_to_be_deleted.append(self._last_checkpoints.pop(0))

    def _maybe_delete_old_checkpoints(self, meta_graph_suffix: str = "meta") -> None:
        while self._checkpoints_to_be_deleted:
            prefix, saved_at = self._checkpoints_to_be_deleted.pop(0)
            if saved_at > self._next_checkpoint_time:
                self._next_checkpoint_time += self._keep_checkpoint_every_n_hours * 3600
                continue
            try:
                remove_checkpoint(prefix, meta_graph_suffix=meta_graph_suffix)
            except OSError as exc:
                _log.warning("Ignoring: %s", exc)

    @property
    def last_checkpoints(self) -> list:
        """The prefixes of the checkpoints this Saver keeps, oldest first."""
        return [p[0] for p in self._last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints) -> None:
        if not isinstance(last_checkpoints, list):
            raise TypeError("last_checkpoints must be a list (got %r)." % (last_checkpoints,))
        self._last_checkpoints = [(p, float("inf")) for p in last_checkpoints]

    def set_last_checkpoints_with_time(self, last_checkpoints_with_time) -> None:
        self._last_checkpoints = list(last_checkpoints_with_time)

    def recover_last_checkpoints(self, checkpoint_paths) -> None:
        """Adopt the existing checkpoints among ``checkpoint_paths`` (e.g. after a restart)."""
        now = time.time()
        self.set_last_checkpoints_with_time([(p, now) for p in checkpoint_paths if checkpoint_exists(p)])

    def export_meta_graph(self, *args, **kwargs):
        raise NotImplementedError("graphscope has no MetaGraphDef: rebuild the graph from its code, then restore "
                                  "the checkpoint into it.")

    # -- restoring ---------------------------------------------------------------------------
    def restore(self, sess, save_path: str) -> None:
        """Write the checkpoint's values into the variables of ``sess``.

        Every variable must be in the checkpoint with its shape and dtype; otherwise nothing is
        restored and one error lists every difference: ``errors.NotFoundError`` when names are
        missing (with the checkpoint's names the graph does not use, which is what renamed scopes
        look like), else ``errors.InvalidArgumentError`` for shape and dtype mismatches."""
        saveables = self._built()
        if self._is_empty:
            return
        if save_path is None:
            raise ValueError("Can't load save_path when it is None.")
        save_path = os.fspath(save_path)
        state = _session_state(sess, self._graph)
        path = checkpoint_file(save_path)
        if not os.path.isfile(path):
            raise ValueError("The passed save_path is not a valid checkpoint: %s (no file %s)" % (save_path, path))
        headers = read_headers(path)
        missing, mismatches = [], []
        for saveable in saveables:
            if saveable.name not in headers:
                missing.append(saveable.name)
                continue
            shape, np_dtype = headers[saveable.name]
            stored_dtype = dtype_of(np_dtype)
            if stored_dtype != saveable.dtype:
                mismatches.append("%s: the graph's variable has dtype %s but the checkpoint holds dtype %s"
                                  % (saveable.name, saveable.dtype.name, stored_dtype.name))
            if not saveable.shape.is_compatible_with(TensorShape(shape)):
                count = saveable.shape.num_elements()
                if not (self._reshape and count is not None and count == int(np.prod(shape, dtype=np.int64))):
                    mismatches.append("%s: the graph's variable has shape %s but the checkpoint holds shape %s"
                                      % (saveable.name, saveable.shape.as_list() if saveable.shape.rank is not None
                                         else "<unknown>", list(shape)))
        if missing or mismatches:
            raise self._mismatch_error(save_path, headers, missing, mismatches)
        arrays = read_checkpoint(path, [s.name for s in saveables])
        writes = []
        for saveable in saveables:
            value = arrays[saveable.name]
            if saveable.dtype != dtypes.string:
                value = value.astype(saveable.dtype.as_numpy_dtype, copy=False)
            if saveable.shape.is_fully_defined() and list(value.shape) != saveable.shape.as_list():
                value = value.reshape(saveable.shape.as_list())
            writes.extend(saveable.assignments(value))
        for key, value in writes:
            state.write_variable(key, np.array(value, copy=True))

    def _mismatch_error(self, save_path, headers, missing, mismatches):
        lines = ["Restoring from checkpoint %s failed: the graph does not match the checkpoint, so nothing was "
                 "restored." % save_path]
        if missing:
            graph_names = {s.name for s in self._saveables}
            unused = sorted(set(headers) - graph_names)
            lines.append("%d variable(s) of the graph are not in the checkpoint:" % len(missing))
            lines += ["  Key %s not found in checkpoint" % name for name in missing]
            if unused:
                lines.append("The checkpoint holds %d variable(s) the graph does not have:" % len(unused))
                lines += ["  %s" % name for name in unused]
        if mismatches:
            lines.append("%d variable(s) do not match the checkpoint:" % len(mismatches))
            lines += ["  %s" % text for text in mismatches]
        if missing:
            lines.append("Variable names are checkpoint keys: a renamed or re-nested variable scope changes them. "
                         "Compare with tf.train.list_variables(%r); to restore into other names pass "
                         "Saver({checkpoint name: variable})." % save_path)
            return NotFoundError(None, None, "\n".join(lines))
        return InvalidArgumentError(None, None, "\n".join(lines))
