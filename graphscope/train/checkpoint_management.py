"""Checkpoint files, the ``checkpoint`` state file and checkpoint readers (TF's ``checkpoint_management``
and ``checkpoint_utils``): ``latest_checkpoint``, ``get_checkpoint_state``, ``list_variables``,
``load_variable``, ``NewCheckpointReader``.

A checkpoint with prefix ``<dir>/model.ckpt-100`` is the file ``<dir>/model.ckpt-100.npz``: a numpy
``.npz`` archive (no pickles) with one array per variable, keyed by its checkpoint name (the
variable's op name: ``"dense/kernel"``); :func:`write_checkpoint` writes it atomically. The state
file ``<dir>/checkpoint`` is TensorFlow's text format (``model_checkpoint_path: "model.ckpt-100"``
and ``all_model_checkpoint_paths: ...`` lines). See :mod:`graphscope.train.saver` for the Saver.

>>> import os, tempfile
>>> import numpy as np
>>> directory = tempfile.mkdtemp()
>>> write_checkpoint(os.path.join(directory, "model-1.npz"), {"w": np.ones(2, np.float32)})
>>> update_checkpoint_state(directory, os.path.join(directory, "model-1"))
>>> latest_checkpoint(directory) == os.path.join(directory, "model-1"), list_variables(directory)
(True, [('w', [2])])
"""
from __future__ import annotations

import contextlib
import logging
import os
import re
import uuid
import zipfile

import numpy as np

from graphscope import dtypes
from graphscope.errors import DataLossError, NotFoundError

__all__ = ["CheckpointReader", "CheckpointState", "NewCheckpointReader", "checkpoint_exists", "checkpoint_file",
           "dtype_of", "get_checkpoint_state", "latest_checkpoint", "list_variables", "load_checkpoint",
           "load_variable", "read_checkpoint", "read_headers", "remove_checkpoint", "update_checkpoint_state", "write_checkpoint"]

_log = logging.getLogger("graphscope")

SUFFIX = ".npz"

# -- the checkpoint file -----------------------------------------------------------------------------

def checkpoint_file(prefix: str) -> str:
    """The file holding checkpoint ``prefix``: ``prefix + ".npz"`` (a path already naming an existing
    ``.npz`` file is taken as it is)."""
    prefix = os.fspath(prefix)
    if prefix.endswith(SUFFIX) and os.path.isfile(prefix):
        return prefix
    return prefix + SUFFIX


def checkpoint_exists(checkpoint_prefix: str) -> bool:
    """Whether a checkpoint with this prefix exists (``tf.train.checkpoint_exists``)."""
    return os.path.isfile(checkpoint_file(checkpoint_prefix))


def _storable(value: np.ndarray) -> np.ndarray:
    """A value as stored: numeric arrays as they are, strings as a fixed-width bytes array."""
    value = np.asarray(value)
    if value.dtype == object or value.dtype.kind == "U":
        items = [item if isinstance(item, bytes) else str(item).encode("utf-8") for item in value.ravel()]
        return np.array(items, dtype="S" if items else "S1").reshape(value.shape)
    return value


def write_checkpoint(path: str, arrays: dict) -> None:
    """Write ``{name: array}`` to ``path`` as an ``.npz`` archive, atomically (see :func:`_write_atomically`)."""
    def write(handle):
        with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
            for name in sorted(arrays):
                with archive.open(name + ".npy", "w", force_zip64=True) as member:
                    np.lib.format.write_array(member, _storable(arrays[name]), allow_pickle=False)
    _write_atomically(os.fspath(path), write, "wb")


def _write_atomically(path: str, write, mode: str) -> None:
    """Run ``write(handle)`` on a new temporary file beside ``path``, fsync it and ``os.replace`` it
    onto ``path``; on any failure the temporary file is removed and ``path`` is left as it was."""
    temporary = "%s.tempstate%s" % (path, uuid.uuid4().hex)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, mode, **({"encoding": "utf-8"} if "b" not in mode else {})) as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _data_loss(path, exc) -> DataLossError:
    return DataLossError(None, None, "Unable to read checkpoint %s: %s: %s. It is not a graphscope checkpoint "
                         "(an .npz archive of arrays written by tf.train.Saver)." % (path, type(exc).__name__, exc))


def read_headers(path: str) -> dict:
    """``{name: (shape, numpy dtype)}`` of the arrays in checkpoint file ``path``, reading headers only."""
    headers = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if not member.endswith(".npy"):
                    continue
                with archive.open(member) as handle:
                    version = np.lib.format.read_magic(handle)
                    reader = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                              else np.lib.format.read_array_header_2_0)
                    shape, _, dtype = reader(handle)
                headers[member[:-4]] = (tuple(shape), dtype)
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise _data_loss(path, exc) from None
    return headers


def read_checkpoint(path: str, names=None) -> dict:
    """``{name: array}`` of checkpoint file ``path`` (only ``names`` when given); bytes arrays of
    string variables come back as object arrays of ``bytes``, as the session holds them."""
    try:
        with np.load(path, allow_pickle=False) as data:
            wanted = data.files if names is None else [n for n in names if n in data.files]
            arrays = {name: data[name] for name in wanted}
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise _data_loss(path, exc) from None
    for name, value in arrays.items():
        if value.dtype.kind == "S":
            arrays[name] = value.astype(object)
    return arrays


def dtype_of(np_dtype) -> dtypes.DType:
    """The DType of a checkpoint array's numpy dtype (bytes and str arrays are ``string``)."""
    if np_dtype.kind in "SUO":
        return dtypes.string
    return dtypes.as_dtype(np_dtype)


# -- the `checkpoint` state file ---------------------------------------------------------------------

class CheckpointState:
    """The content of a ``checkpoint`` state file (TF's ``CheckpointState`` proto)."""

    def __init__(self, model_checkpoint_path: str = "", all_model_checkpoint_paths=None,
                 all_model_checkpoint_timestamps=None, last_preserved_timestamp: float = 0.0):
        self.model_checkpoint_path = model_checkpoint_path
        self.all_model_checkpoint_paths = list(all_model_checkpoint_paths or [])
        self.all_model_checkpoint_timestamps = list(all_model_checkpoint_timestamps or [])
        self.last_preserved_timestamp = last_preserved_timestamp

    def __repr__(self) -> str:
        return _state_text(self)

    __str__ = __repr__


def _quote(text: str) -> str:
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text[1:-1])


def _state_text(state: CheckpointState) -> str:
    lines = ["model_checkpoint_path: %s" % _quote(state.model_checkpoint_path)]
    lines += ["all_model_checkpoint_paths: %s" % _quote(p) for p in state.all_model_checkpoint_paths]
    lines += ["all_model_checkpoint_timestamps: %r" % float(t) for t in state.all_model_checkpoint_timestamps]
    if state.last_preserved_timestamp:
        lines.append("last_preserved_timestamp: %r" % float(state.last_preserved_timestamp))
    return "\n".join(lines) + "\n"


def _parse_state(text: str, path: str) -> CheckpointState:
    state = CheckpointState()
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        match = re.match(r'^(\w+)\s*:\s*("(?:[^"\\]|\\.)*"|[-+0-9.eE]+)$', line)
        if match is None:
            raise ValueError("%s:%d: cannot parse checkpoint state line %r." % (path, number, line))
        key, value = match.groups()
        if key == "model_checkpoint_path":
            state.model_checkpoint_path = _unquote(value)
        elif key == "all_model_checkpoint_paths":
            state.all_model_checkpoint_paths.append(_unquote(value))
        elif key == "all_model_checkpoint_timestamps":
            state.all_model_checkpoint_timestamps.append(float(value))
        elif key == "last_preserved_timestamp":
            state.last_preserved_timestamp = float(value)
    return state


def _write_text_atomically(path: str, text: str) -> None:
    _write_atomically(path, lambda handle: handle.write(text), "w")


def update_checkpoint_state(save_dir: str, model_checkpoint_path: str, all_model_checkpoint_paths=None,
                            latest_filename: str | None = None, all_model_checkpoint_timestamps=None,
                            last_preserved_timestamp=None, save_relative_paths: bool = False) -> None:
    """Write the state file ``<save_dir>/<latest_filename or "checkpoint">`` (atomically), as TF does:
    relative paths are made relative to ``save_dir``; with ``save_relative_paths`` absolute paths
    inside ``save_dir`` too. The latest checkpoint is always the last of ``all_model_checkpoint_paths``."""
    save_dir = os.fspath(save_dir)
    paths = list(all_model_checkpoint_paths or [])
    if not paths or paths[-1] != model_checkpoint_path:
        paths = [p for p in paths if p != model_checkpoint_path] + [model_checkpoint_path]

    def stored(path: str) -> str:
        if os.path.isabs(path):
            return os.path.relpath(path, save_dir) if save_relative_paths else path
        return os.path.relpath(path, save_dir) if save_dir and not os.path.isabs(save_dir) else path

    state = CheckpointState(stored(model_checkpoint_path), [stored(p) for p in paths],
                            all_model_checkpoint_timestamps, last_preserved_timestamp or 0.0)
    filename = os.path.join(save_dir, latest_filename or "checkpoint")
    if filename == model_checkpoint_path:
        raise RuntimeError("Save path '%s' conflicts with path used for checkpoint state.  Please use a "
                           "different save path." % model_checkpoint_path)
    _write_text_atomically(filename, _state_text(state))


def get_checkpoint_state(checkpoint_dir: str, latest_filename: str | None = None) -> CheckpointState | None:
    """The state file of ``checkpoint_dir`` (relative paths resolved against the directory), or None
    when there is none.

    >>> import os, tempfile
    >>> directory = tempfile.mkdtemp()
    >>> update_checkpoint_state(directory, os.path.join(directory, "model-2"), [os.path.join(directory, "model-1")])
    >>> state = get_checkpoint_state(directory)
    >>> [os.path.basename(p) for p in state.all_model_checkpoint_paths], state.model_checkpoint_path.endswith("model-2")
    (['model-1', 'model-2'], True)
    """
    checkpoint_dir = os.fspath(checkpoint_dir)
    filename = os.path.join(checkpoint_dir, latest_filename or "checkpoint")
    if not os.path.isfile(filename):
        return None
    with open(filename, encoding="utf-8") as handle:
        state = _parse_state(handle.read(), filename)
    if not state.model_checkpoint_path:
        raise ValueError("Invalid checkpoint state loaded from %s" % checkpoint_dir)

    def resolved(path: str) -> str:
        return path if os.path.isabs(path) else os.path.join(checkpoint_dir, path)

    state.model_checkpoint_path = resolved(state.model_checkpoint_path)
    state.all_model_checkpoint_paths = [resolved(p) for p in state.all_model_checkpoint_paths]
    return state


def latest_checkpoint(checkpoint_dir: str, latest_filename: str | None = None) -> str | None:
    """The prefix of the newest checkpoint recorded in ``checkpoint_dir``'s state file, or None.

    >>> import tempfile
    >>> latest_checkpoint(tempfile.mkdtemp()) is None
    True
    """
    state = get_checkpoint_state(checkpoint_dir, latest_filename)
    if state and state.model_checkpoint_path:
        if checkpoint_exists(state.model_checkpoint_path):
            return state.model_checkpoint_path
        _log.error("Couldn't match files for checkpoint %s", state.model_checkpoint_path)
    return None


def remove_checkpoint(checkpoint_prefix: str, checkpoint_format_version=None, meta_graph_suffix: str = "meta"):
    """Delete the files of checkpoint ``checkpoint_prefix``."""
    for path in (checkpoint_file(checkpoint_prefix), "%s.%s" % (checkpoint_prefix, meta_graph_suffix)):
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


# -- reading checkpoints -------------------------------------------------------------------------------

class CheckpointReader:
    """Reads one checkpoint (``tf.train.NewCheckpointReader``).

    >>> import os, tempfile
    >>> prefix = os.path.join(tempfile.mkdtemp(), "model")
    >>> write_checkpoint(prefix + ".npz", {"a/w": np.zeros((2, 3), np.float32)})
    >>> reader = NewCheckpointReader(prefix)
    >>> reader.get_variable_to_shape_map(), reader.has_tensor("a/w"), reader.get_tensor("a/w").dtype
    ({'a/w': [2, 3]}, True, dtype('float32'))
    """

    def __init__(self, checkpoint_prefix: str):
        self._prefix = os.fspath(checkpoint_prefix)
        self._path = checkpoint_file(self._prefix)
        if not os.path.isfile(self._path):
            raise NotFoundError(None, None, "Unsuccessful TensorSliceReader constructor: Failed to find any matching "
                                "files for %s (looked for %s)." % (self._prefix, self._path))
        self._headers = read_headers(self._path)

    def get_variable_to_shape_map(self) -> dict:
        return {name: list(shape) for name, (shape, _) in self._headers.items()}

    def get_variable_to_dtype_map(self) -> dict:
        return {name: dtype_of(dtype) for name, (_, dtype) in self._headers.items()}

    def has_tensor(self, name: str) -> bool:
        return name in self._headers

    def get_tensor(self, name: str) -> np.ndarray:
        if name not in self._headers:
            raise NotFoundError(None, None, "Key %s not found in checkpoint" % name)
        return read_checkpoint(self._path, [name])[name]

    def debug_string(self) -> bytes:
        lines = ["%s (%s) %s" % (name, dtype_of(dtype).name, list(shape))
                 for name, (shape, dtype) in sorted(self._headers.items())]
        return ("\n".join(lines) + "\n").encode("utf-8")


def NewCheckpointReader(filepattern: str) -> CheckpointReader:
    """A :class:`CheckpointReader` of checkpoint prefix ``filepattern``."""
    return CheckpointReader(filepattern)


def load_checkpoint(ckpt_dir_or_file: str) -> CheckpointReader:
    """A reader of the checkpoint ``ckpt_dir_or_file`` (a prefix, or a directory: its latest checkpoint)."""
    filename = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(filename):
        filename = latest_checkpoint(filename)
        if filename is None:
            raise ValueError("Couldn't find 'checkpoint' file or checkpoints in given directory %s" % ckpt_dir_or_file)
    return CheckpointReader(filename)


def list_variables(ckpt_dir_or_file: str) -> list:
    """``[(name, shape), ...]`` of the variables in a checkpoint, sorted by name (``tf.train.list_variables``);
    ``ckpt_dir_or_file`` is a checkpoint prefix or a directory (its latest checkpoint).

    >>> import os, tempfile
    >>> prefix = os.path.join(tempfile.mkdtemp(), "model")
    >>> write_checkpoint(prefix + ".npz", {"b": np.zeros(3), "a/w": np.ones((2, 3), np.float32)})
    >>> list_variables(prefix)
    [('a/w', [2, 3]), ('b', [3])]
    >>> load_variable(prefix, "a/w:0")
    array([[1., 1., 1.],
           [1., 1., 1.]], dtype=float32)
    """
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


def load_variable(ckpt_dir_or_file: str, name: str) -> np.ndarray:
    """The value of variable ``name`` (``"scope/w"``; a trailing ``:0`` is ignored) in a checkpoint."""
    name = name.removesuffix(":0")
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)
