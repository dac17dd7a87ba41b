"""The variable store: whether ``get_variable`` creates a variable or shares an existing one.

One store per graph, shared by every thread; a lock makes create-or-share atomic, so among threads
asking for the same new name exactly one creates it. Scopes (:mod:`graphscope.scopes`) decide the
full name and the defaults; the store applies the reuse rule, checks shapes and dtypes, runs the
initializer, the regularizer and the partitioner, and keeps the variables by name.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     with tf.variable_scope("foo", reuse=tf.AUTO_REUSE):
...         a = tf.get_variable("v", [2])
...         b = tf.get_variable("v", [2])
>>> a is b, a.name
(True, 'foo/v:0')
"""
from __future__ import annotations

import functools
import inspect
import threading

from graphscope import dtypes
from graphscope.graph import Graph, GraphKeys, get_default_graph
from graphscope.initializers import GlorotUniform, Zeros
from graphscope.ops.core import convert_to_tensor
from graphscope.scopes import get_variable_scope_store
from graphscope.shapes import as_shape
from graphscope.tensor import Tensor, user_frame
from graphscope.variables import PartitionedVariable, ResourceVariable, SaveSliceInfo, Variable

__all__ = ["VariableStore", "get_variable", "get_local_variable", "get_variable_store", "PartitionInfo"]


class PartitionInfo:
    """Where a shard sits in a partitioned variable: passed to initializers as ``partition_info``
    (TF's ``variable_scope._PartitionInfo``, with its checks).

    >>> info = PartitionInfo([9, 3], [4, 0])
    >>> info.single_slice_dim([2, 3]), info.single_offset([2, 3])
    (0, 4)
    >>> PartitionInfo([9, 3], [0, 0]).single_slice_dim([9, 3]) is None
    True
    """

    __slots__ = ("_full_shape", "_var_offset")

    def __init__(self, full_shape, var_offset):
        for name, value in (("full_shape", full_shape), ("var_offset", var_offset)):
            if not isinstance(value, (list, tuple)):
                raise TypeError("`%s` must be a sequence (like tuple or list) instead of %s"
                                % (name, type(value).__name__))
        if len(var_offset) != len(full_shape):
            raise ValueError("Expected equal length, but `var_offset` is of length %d while full_shape is of "
                             "length %d." % (len(var_offset), len(full_shape)))
        for offset, size in zip(var_offset, full_shape):
            if offset < 0 or offset >= size:
                raise ValueError("Expected 0 <= offset < shape but found offset=%s, shape=%s for var_offset=%s, "
                                 "full_shape=%s" % (offset, size, var_offset, full_shape))
        self._full_shape = full_shape
        self._var_offset = var_offset

    full_shape = property(lambda self: self._full_shape, doc="The whole variable's shape.")
    var_offset = property(lambda self: self._var_offset, doc="Where this shard starts, per dimension.")

    def single_offset(self, shape) -> int:
        """The offset of a shard of ``shape`` along its sliced dimension (0 if it is not sliced)."""
        dim = self.single_slice_dim(shape)
        return 0 if dim is None else self._var_offset[dim]

    def single_slice_dim(self, shape) -> int | None:
        """The one dimension along which a shard of ``shape`` is sliced, or None if it is the whole
        variable; ValueError if ``shape`` does not fit or is sliced along several dimensions."""
        if not isinstance(shape, (list, tuple)):
            raise TypeError("`shape` must be a sequence (like tuple or list) instead of %s" % type(shape).__name__)
        full = self._full_shape
        if len(shape) != len(full):
            raise ValueError("Expected equal length, but received shape=%s of length %d while "
                             "self.full_shape=%s is of length %d." % (shape, len(shape), full, len(full)))
        for i, (offset, size, whole) in enumerate(zip(self._var_offset, shape, full)):
            if offset + size > whole:
                raise ValueError("With self.var_offset=%s, a partition of shape=%s would exceed "
                                 "self.full_shape=%s in dimension %d." % (self._var_offset, shape, full, i))
        slice_dim = None
        for i, (size, whole) in enumerate(zip(shape, full)):
            if size == whole:
                continue
            if slice_dim is not None:
                raise ValueError("Cannot use single_slice_dim() with shape=%s and self.full_shape=%s since slice "
                                 "dim could be either dimension %d or %d." % (shape, full, i, slice_dim))
            slice_dim = i
        return slice_dim


_ACCEPTS_CACHE: dict = {}
# The default initializers (stateless: one instance serves every variable)
_GLOROT_UNIFORM = GlorotUniform()
_ZEROS = Zeros()


def _accepts(func, name: str) -> bool:
    """Whether ``func`` takes a keyword argument ``name`` (cached per function or callable class)."""
    found = _ACCEPTS_CACHE.get((type(func), name))  # a callable object's class (never a function's type)
    if found is not None:
        return found
    if inspect.isfunction(func):
        key = (func, name)
    elif inspect.ismethod(func):
        key = (func.__func__, name)
    elif isinstance(func, functools.partial) or inspect.isclass(func):
        key = None
    else:
        key = (type(func), name)  # a callable object: its class's __call__ decides
    found = _ACCEPTS_CACHE.get(key) if key is not None else None
    if found is None:
        try:
            parameters = inspect.signature(func).parameters.values()
            found = any(p.name == name or p.kind is p.VAR_KEYWORD for p in parameters)
        except (TypeError, ValueError):
            found = False
        if key is not None and len(_ACCEPTS_CACHE) < 10_000:
            _ACCEPTS_CACHE[key] = found
    return found


def _needs_no_arguments(func) -> bool:
    try:
        parameters = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in parameters)


class EventLog:
    """The store's record of get_variable calls, read as a list of ``(name, "created" | "reused",
    call site)`` tuples. It keeps three lists of strings and shared site tuples, objects the garbage
    collector does not walk, so recording a call allocates nothing it must (a loop sharing thousands of
    variables then triggers no collections).

    >>> log = EventLog()
    >>> log.record("foo/v", "created", ("model.py", 3, "build"))
    >>> log.append(("foo/v", "reused", None))
    >>> list(log), log[-1], len(log)
    ([('foo/v', 'created', ('model.py', 3, 'build')), ('foo/v', 'reused', None)], ('foo/v', 'reused', None), 2)
    """

    __slots__ = ("_names", "_kinds", "_sites")

    def __init__(self):
        self._names: list[str] = []
        self._kinds: list[str] = []
        self._sites: list = []

    def record(self, name: str, kind: str, site) -> None:
        self._names.append(name)
        self._kinds.append(kind)
        self._sites.append(site)

    def append(self, event: tuple) -> None:
        self.record(*event)

    def extend(self, events) -> None:
        for event in events:
            self.record(*event)

    def pop(self) -> tuple:
        return self._names.pop(), self._kinds.pop(), self._sites.pop()

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self):
        return zip(self._names, self._kinds, self._sites)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(zip(self._names[index], self._kinds[index], self._sites[index]))
        return self._names[index], self._kinds[index], self._sites[index]

    def __repr__(self) -> str:
        return "EventLog(%r)" % list(self)


class VariableStore:
    """Variables by full name (``foo/v``), and partitioned variables by name, for one graph."""

    def __init__(self, graph: Graph):
        self._graph = graph
        self._vars: dict[str, Variable] = {}
        self._partitioned_vars: dict[str, PartitionedVariable] = {}
        self._lock = threading.RLock()
        # (name, "created" | "reused", call site) for every get_variable of a single variable
        self.events = EventLog()

    def get_variable(self, name, shape=None, dtype=dtypes.float32, initializer=None, regularizer=None,
                     reuse=None, trainable=None, collections=None, caching_device=None, partitioner=None,
                     validate_shape=True, use_resource=None, custom_getter=None, constraint=None,
                     reuse_origin=None, **unused):
        """Get or create ``name``: the reuse rule (False: create, True: share, AUTO_REUSE or None: either),
        then the custom getter chain, partitioning, and the single-variable case."""
        if custom_getter is not None and not callable(custom_getter):
            raise ValueError("Passed a custom_getter which is not callable: %s" % (custom_getter,))
        if dtype.__class__ is not dtypes.DType:
            dtype = getattr(dtype, "base_dtype", dtype)
        if dtype is not None:
            dtype = dtypes.as_dtype(dtype).base_dtype
        if custom_getter is None:
            return self._get_or_create(name, shape, dtype, initializer, regularizer, reuse, trainable, collections,
                                       caching_device, partitioner, validate_shape, use_resource, constraint,
                                       reuse_origin)

        def true_getter(name, shape=None, dtype=dtypes.float32, initializer=None, regularizer=None, reuse=None,
                        trainable=None, collections=None, caching_device=None, partitioner=None,
                        validate_shape=True, use_resource=None, constraint=None, **unused):
            return self._get_or_create(name, shape, dtype, initializer, regularizer, reuse, trainable, collections,
                                       caching_device, partitioner, validate_shape, use_resource, constraint,
                                       reuse_origin)

        arguments = dict(name=name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                         reuse=reuse, trainable=trainable, collections=collections,
                         caching_device=caching_device, partitioner=partitioner, validate_shape=validate_shape,
                         use_resource=use_resource)
        if _accepts(custom_getter, "constraint"):
            arguments["constraint"] = constraint
        return custom_getter(true_getter, **arguments)

    def _get_or_create(self, name, shape, dtype, initializer, regularizer, reuse, trainable, collections,
                       caching_device, partitioner, validate_shape, use_resource, constraint, reuse_origin):
        """The getter at the end of the custom getter chain: partitioned or single variable."""
        with self._lock:
            if partitioner is not None and not (isinstance(shape, (list, tuple)) and not shape):
                if not callable(partitioner):
                    raise ValueError("Partitioner must be callable, but received: %s" % (partitioner,))
                return self._get_partitioned_variable(
                    name, partitioner, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                    reuse=reuse, trainable=trainable, collections=collections, caching_device=caching_device,
                    validate_shape=validate_shape, use_resource=use_resource, constraint=constraint,
                    reuse_origin=reuse_origin)
            if reuse is True and name in self._partitioned_vars:
                return self._get_partitioned_variable(
                    name, None, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                    reuse=reuse, trainable=trainable, collections=collections, caching_device=caching_device,
                    validate_shape=validate_shape, use_resource=use_resource, constraint=constraint,
                    reuse_origin=reuse_origin)
            if name + "/part_0" in self._vars:
                raise ValueError("No partitioner was provided, but a partitioned version of the variable "
                                 "was found: %s/part_0. Perhaps a variable of the same name was already "
                                 "created with partitioning?" % name)
            return self._get_single_variable(name, shape, dtype, initializer, regularizer, None, reuse, trainable,
                                             collections, caching_device, validate_shape, use_resource,
                                             constraint, reuse_origin)

    # -- one variable ------------------------------------------------------------------------
    def _get_single_variable(self, name, shape=None, dtype=dtypes.float32, initializer=None, regularizer=None,
                             partition_info=None, reuse=None, trainable=None, collections=None,
                             caching_device=None, validate_shape=True, use_resource=None, constraint=None,
                             reuse_origin=None):
        initializing_from_value = initializer is not None and not callable(initializer)
        if shape is not None and initializing_from_value:
            raise ValueError("If initializer is a constant, do not specify shape (variable %s): the "
                             "shape comes from the value." % name)
        dtype = dtypes.as_dtype(dtype)
        shape = as_shape(shape)
        found = self._vars.get(name)
        if found is not None:
            return self._share(name, found, shape, dtype, reuse)
        if reuse is True:
            origin = " Reuse was turned on by %s." % reuse_origin if reuse_origin else ""
            raise ValueError("Variable %s does not exist, or was not created with tf.get_variable(). Did you "
                             "mean to set reuse=tf.AUTO_REUSE in VarScope?%s" % (name, origin))
        if initializer is None:
            initializer, initializing_from_value = self._default_initializer(name, dtype)
        if initializing_from_value:
            init_value, variable_dtype = initializer, None
        else:
            if isinstance(initializer, type):
                initializer = initializer()
            if shape.is_fully_defined():
                if _accepts(initializer, "partition_info"):
                    init_value = functools.partial(initializer, shape.as_list(), dtype=dtype,
                                                   partition_info=partition_info)
                else:
                    init_value = functools.partial(initializer, shape.as_list(), dtype=dtype)
                variable_dtype = dtype.base_dtype
            elif _needs_no_arguments(initializer):
                init_value, variable_dtype = initializer, None
            else:
                raise ValueError("The initializer passed is not valid. It should be a callable with no "
                                 "arguments and the shape should not be provided or an instance of "
                                 "`tf.keras.initializers.*' and `shape` should be fully defined (variable "
                                 "%s has shape %s)." % (name, shape))
        graph = self._graph
        with graph._transaction():
            variable = (ResourceVariable if use_resource else Variable)._create(
                init_value, trainable, collections, validate_shape, caching_device, name, variable_dtype, constraint)
            self._vars[name] = variable
            self.events.record(name, "created", variable.op._site)
            graph._record_undo(self._forget, name)
            if regularizer:
                with graph.colocate_with(variable.op), graph.name_scope(name + "/Regularizer/"), \
                        graph.control_dependencies(None):
                    loss = regularizer(variable)
                if loss is not None:
                    graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        return variable

    def _share(self, name: str, found: Variable, shape, dtype, reuse) -> Variable:
        """``found``, variable ``name``, for a get_variable of it: the reuse rule, then the shape and dtype
        checks."""
        if reuse is False:
            raise ValueError("Variable %s already exists, disallowed. Did you mean to set reuse=True or "
                             "reuse=tf.AUTO_REUSE in VarScope? Originally defined at: %s"
                             % (name, found._creation_site))
        if shape._dims != found._dims and not shape.is_compatible_with(found.get_shape()):
            raise ValueError("Trying to share variable %s, but specified shape %s and found shape %s."
                             % (name, shape, found.get_shape()))
        found_dtype = found.dtype
        if dtype is not found_dtype.base_dtype and not dtype.is_compatible_with(found_dtype):
            raise ValueError("Trying to share variable %s, but specified dtype %s and found dtype %s."
                             % (name, dtype.name, found.dtype.base_dtype.name))
        self.events.record(name, "reused", self._graph._per_thread.state.site or user_frame())
        return found

    def _get_existing(self, name: str, shape, dtype, reuse, initializer) -> Variable:
        """get_variable of ``name``, a variable in this store, without a custom getter or partitioner and
        with a callable (or no) ``initializer``: the general path's answer and errors, without its
        layers (nothing is built)."""
        if dtype.__class__ is not dtypes.DType or name + "/part_0" in self._vars:
            return self.get_variable(name, shape=shape, dtype=dtype, initializer=initializer, reuse=reuse)
        return self._share(name, self._vars[name], as_shape(shape), dtype.base_dtype, reuse)

    def _forget(self, name) -> None:
        """Undo the creation of variable ``name`` (its transaction failed)."""
        self._vars.pop(name, None)
        self.events.pop()

    @staticmethod
    def _default_initializer(name, dtype):
        if dtype.is_floating:
            return _GLOROT_UNIFORM, False
        if dtype.is_integer or dtype.is_unsigned or dtype.is_bool or dtype == dtypes.string:
            return _ZEROS, False
        raise ValueError("An initializer for variable %s of %s is required" % (name, dtype.base_dtype))

    # -- partitioned variables ---------------------------------------------------------------
    def _get_partitioned_variable(self, name, partitioner, shape=None, dtype=dtypes.float32, initializer=None,
                                  regularizer=None, reuse=None, trainable=None, collections=None,
                                  caching_device=None, validate_shape=True, use_resource=None,
                                  constraint=None, reuse_origin=None):
        from_tensor = isinstance(initializer, Tensor)
        if name in self._vars:
            raise ValueError("A partitioner was provided, but an unpartitioned version of the variable was "
                             "found: %s.  Perhaps a variable of the same name was already created without "
                             "partitioning?" % name)
        shape = as_shape(shape)
        if from_tensor:
            shape = shape.merge_with(initializer.get_shape())
        dtype = dtypes.as_dtype(dtype)
        partitions = None
        if not reuse or partitioner:
            partitions = _call_partitioner(partitioner, shape, dtype)
        if name in self._partitioned_vars:
            if reuse is False:
                raise ValueError("Partitioned variable with name %s already exists. Did you mean to set "
                                 "reuse=True or reuse=tf.AUTO_REUSE in VarScope?" % name)
            existing = self._partitioned_vars[name]
            if not shape.is_compatible_with(existing.get_shape()):
                raise ValueError("Trying to reuse partitioned variable %s, but specified shape %s and found "
                                 "shape %s." % (name, shape, existing.get_shape()))
            if not dtype.is_compatible_with(existing.dtype):
                raise ValueError("Trying to reuse partitioned variable %s, but specified dtype %s and found "
                                 "dtype %s." % (name, dtype.name, existing.dtype.name))
            if partitions is not None and existing._get_partitions() != list(partitions):
                raise ValueError("Trying to reuse partitioned variable %s, but specified partitions %s and "
                                 "found partitions %s." % (name, list(partitions), existing._get_partitions()))
            return existing
        if reuse is True:
            raise ValueError("PartitionedVariable %s does not exist, or was not created with tf.get_variable(). "
                             "Did you mean to set reuse=False or reuse=tf.AUTO_REUSE in VarScope?" % name)
        slice_dim, num_slices = _slice_dim_and_count(partitions)
        if "%s/part_0" % name in self._vars:
            if "%s/part_%d" % (name, num_slices - 1) not in self._vars:
                raise ValueError("Partitioner returned a different partitioning than what was already found.  "
                                 "Partitioner returned %d shards, and shard %s/part_0 was found, but %s/part_%d "
                                 "was not." % (num_slices, name, name, num_slices - 1))
            if "%s/part_%d" % (name, num_slices) in self._vars:
                raise ValueError("Partitioner returned a different partitioning than what was already found.  "
                                 "Partitioner returned %d shards, and shard %s/part_0 was found, but so was the "
                                 "extra shard %s/part_%d." % (num_slices, name, name, num_slices))
        graph = self._graph
        shards = []
        with graph._transaction():
            for i, (offset, part_shape) in enumerate(_iter_slices(shape.as_list(), num_slices, slice_dim)):
                info = PartitionInfo(shape.as_list(), offset)
                shard_name = "%s/part_%d" % (name, i)
                with graph.name_scope(shard_name + "/PartitionedInitializer"):
                    if initializer is None:
                        init, from_value = self._default_initializer(name, dtype)
                        init_shape = None if from_value else part_shape
                    elif callable(initializer):
                        init, init_shape = initializer, part_shape
                    else:
                        from graphscope.ops.array_ops import slice as slice_op
                        value = initializer if from_tensor else convert_to_tensor(initializer, dtype=dtype)
                        init = slice_op(value, offset, part_shape)
                        dtype = init.dtype.base_dtype
                        init_shape = None
                with graph.name_scope(None):
                    shard = self._get_single_variable(
                        shard_name, shape=init_shape, dtype=dtype, initializer=init, partition_info=info,
                        regularizer=regularizer, reuse=reuse, trainable=trainable, collections=collections,
                        caching_device=caching_device, validate_shape=validate_shape,
                        use_resource=use_resource, constraint=constraint)
                shard._set_save_slice_info(SaveSliceInfo(name, shape.as_list(), offset, part_shape))
                shards.append(shard)
            partitioned = PartitionedVariable(name, shape, dtype, shards, partitions)
            self._partitioned_vars[name] = partitioned
            graph._record_undo(lambda: self._partitioned_vars.pop(name, None))
        return partitioned


def _call_partitioner(partitioner, shape, dtype):
    if not shape.is_fully_defined():
        raise ValueError("Shape of a new partitioned variable must be fully defined, but instead was %s."
                         % (shape,))
    if shape.rank < 1:
        raise ValueError("A partitioned Variable must have rank at least 1, shape: %s" % shape)
    slicing = partitioner(shape=shape, dtype=dtype)
    if not isinstance(slicing, (list, tuple)):
        raise ValueError("Partitioner must return a sequence, but saw: %s" % (slicing,))
    if len(slicing) != shape.rank:
        raise ValueError("Partitioner returned a partition list that does not match the Variable's rank: "
                         "%s vs. %s" % (slicing, shape))
    if any(p < 1 for p in slicing):
        raise ValueError("Partitioner returned zero partitions for some axes: %s" % (slicing,))
    if sum(p > 1 for p in slicing) > 1:
        raise ValueError("Can only slice a variable along one dimension: shape: %s, partitioning: %s"
                         % (shape, slicing))
    return [int(p) for p in slicing]


def _slice_dim_and_count(slicing):
    for dim, count in enumerate(slicing or []):
        if count > 1:
            return dim, count
    return 0, 1


def _iter_slices(full_shape, num_slices, slice_dim):
    """(offset, shape) of each shard; the first ``size % num_slices`` shards get one extra row."""
    excess = full_shape[slice_dim] % num_slices
    offset = [0] * len(full_shape)
    smallest = full_shape[slice_dim] // num_slices
    for i in range(num_slices):
        shape = list(full_shape)
        shape[slice_dim] = smallest + (1 if i < excess else 0)
        yield list(offset), shape
        offset[slice_dim] += shape[slice_dim]


def get_variable_store(graph: Graph | None = None) -> VariableStore:
    """The variable store of ``graph`` (default: the default graph)."""
    graph = graph or get_default_graph()
    store = graph._stores.get("variables")
    if store is None:
        with graph._lock:
            store = graph._stores.setdefault("variables", VariableStore(graph))
    return store


def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                 collections=None, caching_device=None, partitioner=None, validate_shape=True,
                 use_resource=None, custom_getter=None, constraint=None, synchronization=None,
                 aggregation=None):
    """Get an existing variable ``<scope>/<name>`` or create a new one (``tf.get_variable``).

    Whether it creates or shares follows the current variable scope's ``reuse``; the scope's
    initializer, regularizer, partitioner, caching device, dtype, custom getter and constraint are
    the defaults. The default initializer is glorot-uniform for floats and zeros for ints and bools.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     with tf.variable_scope("foo"):
    ...         v = tf.get_variable("v", [1])
    ...     with tf.variable_scope("foo", reuse=True):
    ...         tf.get_variable("w", [1])
    Traceback (most recent call last):
    ...
    ValueError: Variable foo/w does not exist, or was not created with tf.get_variable(). ...
    """
    if not isinstance(name, str):
        raise TypeError("get_variable: name must be a string, got %r." % (name,))
    graph = get_default_graph()
    return get_variable_scope_store(graph).current_scope.get_variable(
        get_variable_store(graph), name, shape, dtype, initializer, regularizer, None, trainable, collections,
        caching_device, partitioner, validate_shape, use_resource, custom_getter, constraint)


def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=False,
                       collections=None, caching_device=None, partitioner=None, validate_shape=True,
                       use_resource=None, custom_getter=None, constraint=None, synchronization=None,
                       aggregation=None):
    """``get_variable`` into LOCAL_VARIABLES, not trainable (``tf.get_local_variable``)."""
    collections = list(collections or []) + [GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                        trainable=False, collections=collections, caching_device=caching_device,
                        partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
                        custom_getter=custom_getter, constraint=constraint)
