"""What a Graph answers about itself: its ops, names, tensors and collections (``tf.GraphKeys``).

:class:`GraphLookups` is a base of :class:`graphscope.graph.Graph`; it reads the graph's
``_ops``, ``_nodes_by_name``, ``_collections``, ``_lock`` and ``_thread`` and never creates ops.
"""
from __future__ import annotations

import re

from graphscope.tensor import Operation, Tensor

__all__ = ["GraphKeys", "GraphLookups"]


class GraphKeys:
    """Standard collection names, as ``tf.GraphKeys``."""

    GLOBAL_VARIABLES = "variables"
    VARIABLES = "variables"
    LOCAL_VARIABLES = "local_variables"
    METRIC_VARIABLES = "metric_variables"
    MODEL_VARIABLES = "model_variables"
    TRAINABLE_VARIABLES = "trainable_variables"
    SUMMARIES = "summaries"
    QUEUE_RUNNERS = "queue_runners"
    TABLE_INITIALIZERS = "table_initializer"
    ASSET_FILEPATHS = "asset_filepaths"
    MOVING_AVERAGE_VARIABLES = "moving_average_variables"
    REGULARIZATION_LOSSES = "regularization_losses"
    CONCATENATED_VARIABLES = "concatenated_variables"
    SAVERS = "savers"
    WEIGHTS = "weights"
    BIASES = "biases"
    ACTIVATIONS = "activations"
    UPDATE_OPS = "update_ops"
    LOSSES = "losses"
    SAVEABLE_OBJECTS = "saveable_objects"
    RESOURCES = "resources"
    LOCAL_RESOURCES = "local_resources"
    TRAINABLE_RESOURCE_VARIABLES = "trainable_resource_variables"
    INIT_OP = "init_op"
    LOCAL_INIT_OP = "local_init_op"
    READY_OP = "ready_op"
    READY_FOR_LOCAL_INIT_OP = "ready_for_local_init_op"
    SUMMARY_OP = "summary_op"
    GLOBAL_STEP = "global_step"
    EVAL_STEP = "eval_step"
    TRAIN_OP = "train_op"
    COND_CONTEXT = "cond_context"
    WHILE_CONTEXT = "while_context"



class GraphLookups:
    """Lookups and collections of a Graph (see :class:`graphscope.graph.Graph`)."""

    # -- looking things up ------------------------------------------------------------------
    def get_operations(self) -> list[Operation]:
        """All ops, in creation order."""
        return list(self._ops)

    def get_operation_by_name(self, name: str) -> Operation:
        """The op called ``name``; KeyError if there is none."""
        if not isinstance(name, str):
            raise TypeError("Operation names are strings (or similar), not %s." % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name: str) -> Tensor:
        """The tensor called ``name`` ('op:index'); KeyError/ValueError with TF's messages."""
        if not isinstance(name, str):
            raise TypeError("Tensor names are strings (or similar), not %s." % type(name).__name__)
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    def _get_operation_or_none(self, name: str) -> Operation | None:
        return self._nodes_by_name.get(name)

    def as_graph_element(self, obj, allow_tensor: bool = True, allow_operation: bool = True):
        """Resolve ``obj`` (a Tensor, Operation, name string, or object with ``_as_graph_element``)
        to a Tensor or Operation of this graph, with TensorFlow's errors."""
        if allow_tensor and allow_operation:
            types_str = "Tensor or Operation"
        elif allow_tensor:
            types_str = "Tensor"
        elif allow_operation:
            types_str = "Operation"
        else:
            raise ValueError("allow_tensor and allow_operation can't both be False.")
        converter = getattr(obj, "_as_graph_element", None)
        if converter is not None and not isinstance(obj, (Tensor, Operation)):
            obj = converter()
        if isinstance(obj, str):
            name = obj
            if ":" in name and allow_tensor:
                try:
                    op_name, out_n = name.split(":")
                    out_n = int(out_n)
                except ValueError:
                    raise ValueError('The name %r looks a like a Tensor name, but is not a valid one. Tensor '
                                     'names must be of the form "<op_name>:<output_index>".' % name) from None
                op = self._nodes_by_name.get(op_name)
                if op is None:
                    raise KeyError("The name %r refers to a Tensor which does not exist. The operation, %r, "
                                   "does not exist in the graph." % (name, op_name))
                if not 0 <= out_n < len(op._outputs):
                    raise KeyError("The name %r refers to a Tensor which does not exist. The operation, %r, "
                                   "exists but only has %d outputs." % (name, op_name, len(op._outputs)))
                return op._outputs[out_n]
            if ":" in name and not allow_tensor:
                raise ValueError("Name %r appears to refer to a Tensor, not a %s." % (name, types_str))
            if ":" not in name and allow_operation:
                op = self._nodes_by_name.get(name)
                if op is None:
                    raise KeyError("The name %r refers to an Operation not in the graph." % name)
                return op
            if name in self._nodes_by_name:
                message = "The name %r refers to an Operation, not a %s." % (name, types_str)
            else:
                message = "The name %r looks like an (invalid) Operation name, not a %s." % (name, types_str)
            raise ValueError(message + ' Tensor names must be of the form "<op_name>:<output_index>".')
        if isinstance(obj, Tensor) and allow_tensor:
            if obj.graph is not self:
                raise ValueError("Tensor %s is not an element of this graph." % obj)
            return obj
        if isinstance(obj, Operation) and allow_operation:
            if obj._graph is not self:
                raise ValueError("Operation %s is not an element of this graph." % obj)
            return obj
        raise TypeError("Can not convert a %s into a %s." % (type(obj).__name__, types_str))

    # -- collections ------------------------------------------------------------------------
    def add_to_collection(self, name: str, value) -> None:
        """Append ``value`` to collection ``name``."""
        self.add_to_collections((name,), value)

    def add_to_collections(self, names, value) -> None:
        """Append ``value`` to each collection of ``names`` (a string or an iterable), once each."""
        names = (names,) if isinstance(names, str) else dict.fromkeys(names)  # (in order, once each)
        journal = self._thread.journal
        collections = self._collections
        with self._lock:
            for name in names:
                items = collections.get(name)
                created = items is None
                if created:
                    items = collections[name] = []
                items.append(value)
                if journal is not None:
                    journal.append(("collection", name, value, created))

    def get_collection_ref(self, name: str) -> list:
        """The list behind collection ``name`` itself (created if missing)."""
        with self._lock:
            return self._collections.setdefault(name, [])

    def get_collection(self, name: str, scope: str | None = None) -> list:
        """A copy of collection ``name``; with ``scope``, only items whose ``name`` matches
        ``re.match(scope, item.name)`` (items without a name are skipped)."""
        with self._lock:
            items = list(self._collections.get(name, ()))
        if scope is None:
            return items
        regex = re.compile(scope)
        found = []
        for item in items:
            try:
                if regex.match(item.name):
                    found.append(item)
            except AttributeError:
                pass
        return found

    @property
    def collections(self) -> list:
        """The names of the collections this graph holds (``Graph.collections``)."""
        with self._lock:
            return list(self._collections)

    def get_all_collection_keys(self) -> list[str]:
        with self._lock:
            return [k for k, v in self._collections.items() if isinstance(k, str)]

    def clear_collection(self, name: str) -> None:
        with self._lock:
            self._collections.pop(name, None)
