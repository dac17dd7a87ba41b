"""``tf.layers.Layer``: TF1's legacy layer, which keeps its variables with ``get_variable`` in a scope.

The rules follow TensorFlow 1.15's ``tensorflow/python/layers/base.py`` (the ``_keras_style = False``
path) over Keras' ``base_layer.Layer``:

* A layer's variable scope is chosen on its first use: ``variable_scope(None, default_name=<base
  name>)`` (so ``dense``, ``dense_1``, ...; name scopes do not change it, enclosing variable scopes
  prefix it), or the ``_scope`` given at construction (``tf.layers.dense(..., name="fc1")`` opens
  ``variable_scope("fc1")`` right away). With ``_reuse`` true the scope is the base name itself.
* Every call re-enters that scope (``reuse=True`` once built, else the layer's ``_reuse``), and its ops
  go under the scope's *original name scope* (``dense/MatMul``; a second call gives ``dense/MatMul_1``).
* ``build(input_shape)`` runs on the first call; ``add_weight`` is ``get_variable`` in the layer's scope
  (the scope's initializer, else glorot-uniform for floats and zeros for ints); a weight regularizer runs
  once, on a weight the call created, in name scope ``<layer>/<weight>/Regularizer/``, and its penalty
  goes to ``REGULARIZATION_LOSSES`` (so does an activity regularizer's, divided by the batch size).
* ``name`` is unique per graph and one-based when made up (``dense_1`` for the first unnamed Dense, as
  TF 1.15's legacy layers do, although its scope is ``dense``).

A call is all or nothing: if it raises, the ops, variables, names and scope counters it made and the
layer's own state are undone.

>>> import graphscope as tf
>>> class Scale(tf.layers.Layer):
...     def build(self, input_shape):
...         self.factor = self.add_weight("factor", [], initializer=tf.ones_initializer())
...     def call(self, inputs):
...         return tf.multiply(inputs, self.factor, name="scaled")
>>> with tf.Graph().as_default():
...     x = tf.placeholder(tf.float32, [None, 2], name="x")
...     layer = Scale()
...     y, y2 = layer(x), layer(x)
>>> layer.name, layer.scope_name, layer.factor.name, y.name, y2.name
('scale_1', 'scale', 'scale/factor:0', 'scale/scaled:0', 'scale/scaled_1:0')
"""
from __future__ import annotations

import collections
import contextlib
import functools
import inspect
import re

import numpy as np

from graphscope import dtypes, initializers
from graphscope.graph import GraphKeys, get_default_graph
from graphscope.ops import array_ops, math_ops
from graphscope.ops.core import convert_to_tensor, graph_of
from graphscope.scopes import get_variable_scope_store, variable_scope
from graphscope.shapes import TensorShape
from graphscope.tensor import Operation, Tensor
from graphscope.variable_store import get_variable
from graphscope.variables import PartitionedVariable

__all__ = ["InputSpec", "Layer"]

_ALLOWED_KWARGS = frozenset(("input_shape", "batch_input_shape", "batch_size", "weights", "autocast", "_scope",
                             "_reuse"))


class InputSpec:
    """What a layer accepts (Keras' ``InputSpec``): ``dtype``, ``shape``, ``ndim``, ``max_ndim``,
    ``min_ndim``, and ``axes`` (axis -> size). Checked on every call; the errors use Keras' words.

    >>> InputSpec(min_ndim=2, axes={-1: 3})
    InputSpec(min_ndim=2, axes={-1: 3})
    """

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None):
        self.dtype = dtypes.as_dtype(dtype).name if dtype is not None else None
        if shape is not None:
            self.ndim = len(shape)
            self.shape = tuple(shape)
        else:
            self.ndim = ndim
            self.shape = None
        self.max_ndim = max_ndim
        self.min_ndim = min_ndim
        self.axes = dict(axes or {})

    def __repr__(self) -> str:
        spec = [("dtype=" + str(self.dtype)) if self.dtype else "",
                ("shape=" + str(self.shape)) if self.shape else "",
                ("ndim=" + str(self.ndim)) if self.ndim is not None and self.shape is None else "",
                ("max_ndim=" + str(self.max_ndim)) if self.max_ndim is not None else "",
                ("min_ndim=" + str(self.min_ndim)) if self.min_ndim is not None else "",
                ("axes=" + str(self.axes)) if self.axes else ""]
        return "InputSpec(%s)" % ", ".join(x for x in spec if x)


def assert_input_compatibility(input_spec, inputs, layer_name: str) -> None:
    """Check ``inputs`` against ``input_spec`` (Keras' ``input_spec.assert_input_compatibility``)."""
    if not input_spec:
        return
    flat = _flatten(inputs)
    for x in flat:
        if not hasattr(x, "shape"):
            raise TypeError("Inputs to a layer should be tensors. Got: %s" % (x,))
    specs = _flatten(input_spec)
    if len(flat) != len(specs):
        raise ValueError("Layer %s expects %d inputs, but it received %d input tensors. Inputs received: %s"
                         % (layer_name, len(specs), len(flat), flat))
    for index, (x, spec) in enumerate(zip(flat, specs, strict=True)):
        if spec is None:
            continue
        prefix = "Input %d of layer %s is incompatible with the layer: " % (index, layer_name)
        shape = TensorShape(x.shape)
        ndim = shape.ndims
        if ndim is None and (spec.ndim is not None or spec.min_ndim is not None or spec.max_ndim is not None):
            raise ValueError(prefix + "its rank is undefined, but the layer requires a defined rank.")
        if spec.ndim is not None and ndim != spec.ndim:
            raise ValueError(prefix + "expected ndim=%d, found ndim=%d. Full shape received: %s"
                             % (spec.ndim, ndim, shape.as_list()))
        if spec.max_ndim is not None and ndim is not None and ndim > spec.max_ndim:
            raise ValueError(prefix + "expected max_ndim=%d, found ndim=%d" % (spec.max_ndim, ndim))
        if spec.min_ndim is not None and ndim is not None and ndim < spec.min_ndim:
            raise ValueError(prefix + "expected min_ndim=%d, found ndim=%d. Full shape received: %s"
                             % (spec.min_ndim, ndim, shape.as_list()))
        if spec.dtype is not None and x.dtype.base_dtype.name != spec.dtype:
            raise ValueError(prefix + "expected dtype=%s, found dtype=%s" % (spec.dtype, x.dtype.base_dtype.name))
        if spec.axes and ndim is not None:
            dims = shape.as_list()
            for axis, value in spec.axes.items():
                if value is not None and dims[int(axis)] not in (value, None):
                    raise ValueError(prefix + "expected axis %s of input shape to have value %s but received "
                                     "input with shape %s" % (axis, value, shape))
        if spec.shape is not None and ndim is not None:
            for spec_dim, dim in zip(spec.shape, shape.as_list(), strict=False):
                if spec_dim is not None and dim is not None and spec_dim != dim:
                    raise ValueError("Input %d is incompatible with layer %s: expected shape=%s, found shape=%s"
                                     % (index, layer_name, spec.shape, shape))


def _flatten(structure) -> list:
    """The leaves of nested lists, tuples and dicts (dicts in sorted key order, as ``nest.flatten``)."""
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in _flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    return [structure]


def _map_structure(func, structure):
    if isinstance(structure, dict):
        return {key: _map_structure(func, value) for key, value in structure.items()}
    if isinstance(structure, (list, tuple)):
        return type(structure)(_map_structure(func, item) for item in structure)
    return func(structure)


def _convert_non_tensor(x):
    """Keras converts numpy arrays and Python numbers given to a layer to tensors (before its scope)."""
    if isinstance(x, (np.ndarray, float, int)) and not isinstance(x, bool):
        return convert_to_tensor(x)
    return x


def to_snake_case(name: str) -> str:
    """Keras' ``to_snake_case``: the default base name of a layer class ('Dense' -> 'dense').

    >>> to_snake_case("Dense"), to_snake_case("BatchNormalization"), to_snake_case("_Private")
    ('dense', 'batch_normalization', 'private__private')
    """
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    insecure = re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()
    return insecure if insecure[0] != "_" else "private" + insecure


def _unique_layer_name(base_name: str) -> str:
    """Keras' one-based ``unique_object_name`` over a per-graph counter: 'dense_1', 'dense_2', ..."""
    graph = get_default_graph()
    with graph._lock:
        counts = graph._stores.setdefault("layer_name_uids", collections.Counter())
        counts[base_name] += 1
        return "%s_%d" % (base_name, counts[base_name])


def _reachable_from(inputs: list, target) -> bool:
    """Whether ``target`` (a tensor or op) depends on any of ``inputs`` (tensors)."""
    wanted = {id(t) for t in inputs if isinstance(t, Tensor)}
    op = target.op if isinstance(target, Tensor) else target
    if isinstance(target, Tensor) and id(target) in wanted:
        return True
    seen, stack = set(), [op]
    while stack:
        op = stack.pop()
        if id(op) in seen:
            continue
        seen.add(id(op))
        for t in op.inputs:
            if id(t) in wanted:
                return True
            stack.append(t.op)
    return False


@contextlib.contextmanager
def all_or_nothing(graph, *layers):
    """A transaction of ``graph`` that also restores this thread's variable-scope counters and the
    state of ``layers`` if the block raises."""
    store = get_variable_scope_store(graph)
    counts = dict(store.variable_scopes_count)
    snapshots = [(layer, layer._snapshot()) for layer in layers]

    def undo():
        store.variable_scopes_count = counts
        for layer, state in snapshots:
            layer.__dict__.clear()
            layer.__dict__.update(state)

    with graph._transaction():
        graph._record_undo(undo)
        yield


class Layer:
    """The base class of ``tf.layers`` layers (``tf.compat.v1.layers.Layer``).

    Parameters: ``trainable`` (its weights go to TRAINABLE_VARIABLES), ``name`` (made up from the class
    name when None), ``dtype`` (default: the dtype of the first input), ``activity_regularizer`` (applied
    to the outputs of every call). Subclasses override ``build(input_shape)`` (create weights with
    ``add_weight``) and ``call(inputs, ...)``; ``layer(inputs)`` (or ``layer.apply(inputs)``) runs them
    in the layer's scopes. See the module docstring for the scoping rules.
    """

    def __init__(self, trainable: bool = True, name=None, dtype=None, activity_regularizer=None, **kwargs):
        for key in kwargs:
            if key not in _ALLOWED_KWARGS:
                raise TypeError("Keyword argument not understood: %s" % key)
        scope = kwargs.pop("_scope", None)
        self._reuse = kwargs.pop("_reuse", None)
        self._trainable = bool(trainable)
        self.built = False
        self._dtype = dtypes.as_dtype(dtype).base_dtype.name if dtype is not None else None
        self._activity_regularizer = activity_regularizer
        self._trainable_weights: list = []
        self._non_trainable_weights: list = []
        self._losses: list = []   # (tensor, unconditional)
        self._updates: list = []  # (op or tensor, unconditional)
        self.input_spec = None
        self.supports_masking = False
        self._graph = None
        self._call_inputs = None
        self._init_set_name(name)
        try:
            self._call_has_scope_arg = "scope" in inspect.signature(self.call).parameters
        except (TypeError, ValueError):
            self._call_has_scope_arg = False
        if scope:
            with variable_scope(scope) as captured_scope:
                self._scope = captured_scope
        else:
            self._scope = None
        self._current_scope = None

    def _init_set_name(self, name) -> None:
        base_name = name
        if hasattr(name, "original_name_scope"):  # a VariableScope
            base_name = name.name
            self._name = _unique_layer_name(to_snake_case(type(self).__name__))
        else:
            self._name = name
        if not name:
            base_name = to_snake_case(type(self).__name__)
            self._name = _unique_layer_name(base_name)
        self._base_name = base_name

    def _snapshot(self) -> dict:
        return {key: list(value) if type(value) is list else value for key, value in self.__dict__.items()}

    # -- properties ---------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    @property
    def dtype(self):
        """The dtype name of the layer's weights ('float32'), or None until the first call sets it."""
        return self._dtype

    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        self._trainable = bool(value)

    @property
    def activity_regularizer(self):
        return self._activity_regularizer

    @property
    def graph(self):
        """The graph of the layer's first call (None before it)."""
        return self._graph

    @property
    def scope_name(self) -> str:
        if not self._scope:
            raise ValueError('No name available for layer scope because the layer "%s" has not been used yet. '
                             "The scope name is determined the first time the layer instance is called. You "
                             "must therefore call the layer before querying `scope_name`." % self._name)
        return self._scope.name

    @staticmethod
    def _dedup(weights: list) -> list:
        seen, out = set(), []
        for w in weights:
            if id(w) not in seen:
                seen.add(id(w))
                out.append(w)
        return out

    @property
    def trainable_weights(self) -> list:
        return self._dedup(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self) -> list:
        if self.trainable:
            return self._dedup(self._non_trainable_weights)
        return self._dedup(self._trainable_weights + self._non_trainable_weights)

    @property
    def weights(self) -> list:
        """The trainable weights, then the others (each once)."""
        return self._dedup(self.trainable_weights + self.non_trainable_weights)

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    @property
    def losses(self) -> list:
        """The penalties of this layer (weight and activity regularizers, ``add_loss``). TF re-runs the
        weight regularizers on every access (new ops each time); graphscope returns the ones it made."""
        return [loss for loss, _ in self._losses]

    @property
    def updates(self) -> list:
        return [update for update, _ in self._updates]

    def get_losses_for(self, inputs) -> list:
        """The unconditional losses for ``inputs`` None, else the losses that depend on ``inputs``."""
        if inputs is None:
            return [loss for loss, unconditional in self._losses if unconditional]
        flat = _flatten(inputs)
        return [loss for loss, unconditional in self._losses if not unconditional and _reachable_from(flat, loss)]

    def get_updates_for(self, inputs) -> list:
        if inputs is None:
            return [u for u, unconditional in self._updates if unconditional]
        flat = _flatten(inputs)
        return [u for u, unconditional in self._updates if not unconditional and _reachable_from(flat, u)]

    # -- building blocks ----------------------------------------------------------------------
    def build(self, input_shape) -> None:
        """Create the weights (override it); the default creates none."""
        self.built = True

    def call(self, inputs, **kwargs):
        """The layer's computation (override it); the default returns its inputs."""
        return inputs

    def compute_output_shape(self, input_shape):
        raise NotImplementedError("%s does not define compute_output_shape." % type(self).__name__)

    def count_params(self) -> int:
        """The number of scalars in the layer's weights (ValueError before it is built)."""
        if not self.built:
            raise ValueError("You tried to call `count_params` on %s, but the layer isn't built. You can build "
                             "it manually via: `%s.build(batch_input_shape)`." % (self.name, self.name))
        return int(sum(np.prod(w.get_shape().as_list()) for w in self.weights))

    def get_config(self) -> dict:
        return {"name": self.name, "trainable": self.trainable, "dtype": self.dtype}

    def _set_scope(self, scope=None) -> None:
        """Choose the variable scope on first use (TF's ``_set_scope``)."""
        if self._scope is None:
            if self._reuse:
                with variable_scope(scope if scope is not None else self._base_name) as captured_scope:
                    self._scope = captured_scope
            else:
                with variable_scope(scope, default_name=self._base_name) as captured_scope:
                    self._scope = captured_scope

    def _name_scope(self) -> str:
        return self._current_scope.original_name_scope

    def add_weight(self, name: str, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                   constraint=None, use_resource=None, synchronization=None, aggregation=None, partitioner=None,
                   **kwargs):
        """``get_variable(name, ...)`` in the layer's variable scope; the variable is tracked in the
        layer's (non-)trainable weights and its regularizer's penalty in its losses.

        >>> import graphscope as tf
        >>> with tf.Graph().as_default():
        ...     layer = tf.layers.Layer(name="my_layer")
        ...     v = layer.add_weight("w", [2], initializer=tf.zeros_initializer(), trainable=False)
        ...     trainable = tf.trainable_variables()
        >>> v.name, layer.non_trainable_weights == [v], trainable
        ('my_layer/w:0', True, [])
        """
        for key in kwargs:
            if key != "experimental_autocast":
                raise TypeError("Unknown keyword argument: %s" % key)
        if trainable is None:
            trainable = True
        graph = get_default_graph()
        globals_before = len(graph.get_collection_ref(GraphKeys.GLOBAL_VARIABLES))
        if dtype is None:
            dtype = self.dtype or dtypes.float32
        dtype = dtypes.as_dtype(dtype)
        self._set_scope(None)
        reuse = self.built or self._reuse
        with variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as scope:
            self._current_scope = scope
            with graph.name_scope(self._name_scope()):
                use_resource = use_resource or scope.use_resource
                if initializer is None:
                    initializer = scope.initializer
                if initializer is None:  # Keras' defaults (the same as get_variable's)
                    if dtype.is_floating:
                        initializer = initializers.GlorotUniform()
                    elif dtype.is_integer or dtype.is_unsigned or dtype.is_bool:
                        initializer = initializers.Zeros()
                    else:
                        raise ValueError("An initializer for variable %s of type %s is required for layer %s"
                                         % (name, dtype.base_dtype.name, self.name))
                variable = get_variable(name, shape=shape, dtype=dtype, initializer=initializer,
                                        trainable=trainable and self.trainable, constraint=constraint,
                                        partitioner=partitioner, use_resource=use_resource)
                shards = list(variable) if isinstance(variable, PartitionedVariable) else [variable]
                wanted_trainable = trainable and self.trainable
                if wanted_trainable and not all(getattr(v, "_trainable", True) for v in shards):
                    self._non_trainable_weights.append(variable)  # a custom getter overrode trainable
                elif wanted_trainable:
                    self._trainable_weights.append(variable)
                else:
                    self._non_trainable_weights.append(variable)
                # Regularize a variable this call created (a shared one already was), as TF does
                new = {id(v) for v in graph.get_collection_ref(GraphKeys.GLOBAL_VARIABLES)[globals_before:]}
                if regularizer and all(id(v) in new for v in shards):
                    self._handle_weight_regularization(name, shards, regularizer)
        return variable

    add_variable = add_weight

    def _handle_weight_regularization(self, name: str, shards: list, regularizer) -> None:
        graph = get_default_graph()

        def loss_for(v):
            with graph.name_scope(name + "/Regularizer"):
                return regularizer(v)
        for v in shards:
            self.add_loss(functools.partial(loss_for, v))

    def add_loss(self, losses, inputs=None) -> None:
        """Add penalties (tensors, or callables making them) to the layer and to REGULARIZATION_LOSSES;
        with ``inputs`` they are conditional on those inputs (see ``get_losses_for``)."""
        new = []
        for loss in _flatten(losses):
            if callable(loss) and not isinstance(loss, Tensor):
                loss = loss()
            if loss is None:
                continue
            if not isinstance(loss, Tensor):
                loss = convert_to_tensor(loss, dtype=dtypes.float32)
            self._losses.append((loss, inputs is None))
            new.append(loss)
        _add_to_collection(new, GraphKeys.REGULARIZATION_LOSSES)

    def add_update(self, updates, inputs=None) -> None:
        """Track update ops (added to UPDATE_OPS after each call); ``inputs=True`` makes them conditional on
        the current call's inputs."""
        if inputs is True:
            inputs = self._call_inputs
        for update in _flatten(updates):
            if callable(update) and not isinstance(update, (Tensor, Operation)):
                update = update()
            if update is not None:
                self._updates.append((update, inputs is None))

    def _handle_activity_regularization(self, inputs, outputs) -> None:
        if not self._activity_regularizer:
            return
        with get_default_graph().name_scope("ActivityRegularizer"):
            for output in _flatten(outputs):
                activity_loss = self._activity_regularizer(output)
                batch_size = math_ops.cast(array_ops.shape(output)[0], activity_loss.dtype)
                self.add_loss(activity_loss / batch_size, inputs=inputs)  # batch-agnostic strength

    def _maybe_build(self, inputs) -> None:
        flat = _flatten(inputs)
        if self._dtype is None and flat and hasattr(flat[0], "dtype"):
            self._dtype = flat[0].dtype.base_dtype.name
        input_shapes = None
        if all(hasattr(x, "shape") for x in flat):
            input_shapes = _map_structure(lambda x: TensorShape(x.shape), inputs)
        if type(self).build is not Layer.build:
            self.build(input_shapes)
        self.built = True

    # -- calling ------------------------------------------------------------------------------
    def __call__(self, inputs, *args, **kwargs):
        """Run the layer on ``inputs``: build it on the first call, then ``call`` in its scopes.
        ``scope=`` (a name or VariableScope) chooses the variable scope of a layer not yet used."""
        scope = kwargs.pop("scope", None)
        inputs = _map_structure(_convert_non_tensor, inputs)
        flat = [x for x in _flatten(inputs) if not isinstance(x, (bool, str, type(None)))]
        graph = graph_of(flat) if flat else get_default_graph()
        if self._graph is not None and graph is not self._graph:
            raise ValueError("Input graph and Layer graph are not the same: layer %s was first called in %r, "
                             "its inputs are in %r." % (self.name, self._graph, graph))
        with graph.as_default(), all_or_nothing(graph, self):
            self._graph = graph
            self._set_scope(scope)
            reuse = True if self.built else self._reuse
            with variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as current_scope:
                self._current_scope = current_scope
                if self._call_has_scope_arg:
                    kwargs["scope"] = current_scope
                with graph.name_scope(self._name_scope()):
                    assert_input_compatibility(self.input_spec, inputs, self.name)
                    if not self.built:
                        self._maybe_build(inputs)
                    self._call_inputs = inputs
                    try:
                        outputs = self.call(inputs, *args, **kwargs)
                    finally:
                        self._call_inputs = None
                    if outputs is None:
                        raise ValueError("A layer's `call` method should return a Tensor or a list of Tensors, "
                                         "not None (layer: %s)." % self.name)
                    self._handle_activity_regularization(inputs, outputs)
            _add_to_collection(self.updates, GraphKeys.UPDATE_OPS)
        return outputs

    def apply(self, inputs, *args, **kwargs):
        """``layer(inputs, ...)`` (TF1's name for a call)."""
        return self.__call__(inputs, *args, **kwargs)

    def __repr__(self) -> str:
        return "<%s name=%r built=%s>" % (type(self).__name__, self._name, self.built)


def _add_to_collection(elements: list, key: str) -> None:
    graph = get_default_graph()
    present = {id(x) for x in graph.get_collection_ref(key)}
    for element in elements:
        if id(element) not in present:
            graph.add_to_collection(key, element)
            present.add(id(element))
