"""Variables: TF1 reference variables (``VariableV2``), resource variables and partitioned variables.

A :class:`Variable` is a handful of ops built as TensorFlow 1.x builds them. For ``get_variable("v",
[2, 3])`` in scope ``foo``: the initializer's ops under ``foo/v/Initializer/``, the ``foo/v`` op
(``VariableV2``, output dtype ``float32_ref``), ``foo/v/Assign`` (the initializer op) and ``foo/v/read``
(the ``Identity`` that ops using the variable read).

>>> import graphscope as tf
>>> with tf.Graph().as_default() as g:
...     v = tf.Variable([1.0, 2.0], name="w")
>>> v.name, v.dtype.name, v.initializer.name, v.value().name
('w:0', 'float32_ref', 'w/Assign', 'w/read:0')
>>> [op.type for op in g.get_operations()]
['Const', 'VariableV2', 'Assign', 'Identity']
"""
from __future__ import annotations

from graphscope import dtypes
from graphscope.graph import GraphKeys, get_default_graph
from graphscope.graph_building import intern_attrs, t_attrs
from graphscope.graph_state import scope_stack
from graphscope.ops import array_ops, state_ops
from graphscope.ops.core import apply_op, convert_to_tensor, op_scope, register_tensor_conversion_function
from graphscope.shapes import TensorShape, as_shape
from graphscope.partitioned_variable import PartitionedVariable, SaveSliceInfo
from graphscope.tensor import Tensor, user_frame

__all__ = ["Variable", "VariableV1", "RefVariable", "ResourceVariable", "PartitionedVariable",
           "global_variables", "trainable_variables", "local_variables", "model_variables",
           "all_variables", "moving_average_variables", "variables_initializer",
           "global_variables_initializer", "local_variables_initializer", "initialize_all_variables",
           "initialize_variables", "initialize_local_variables"]

_OPERATORS = ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
              "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__pow__", "__rpow__",
              "__matmul__", "__rmatmul__", "__neg__", "__abs__", "__invert__", "__and__", "__rand__",
              "__or__", "__ror__", "__xor__", "__rxor__", "__lt__", "__le__", "__gt__", "__ge__",
              "__getitem__", "__div__", "__rdiv__")


_GLOBAL_COLLECTIONS = (GraphKeys.GLOBAL_VARIABLES,)
_TRAINABLE_COLLECTIONS = (GraphKeys.GLOBAL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES)


class Variable:
    """A TF1 variable (``tf.Variable``): a reference variable, or a resource variable with
    ``use_resource=True``.

    Parameters follow ``tf.compat.v1.Variable``: ``initial_value`` (a value, a Tensor, or a callable
    returning one), ``trainable`` (adds it to TRAINABLE_VARIABLES), ``collections`` (default
    ``[GLOBAL_VARIABLES]``), ``validate_shape``, ``caching_device``, ``name``, ``dtype``,
    ``constraint`` (a projection applied after optimizer updates), ``use_resource``, ``shape``.
    """

    def __new__(cls, *args, **kwargs):
        if cls is Variable and kwargs.get("use_resource"):
            return super().__new__(ResourceVariable)
        return super().__new__(cls)

    def __init__(self, initial_value=None, trainable=None, collections=None, validate_shape=True,
                 caching_device=None, name=None, variable_def=None, dtype=None, expected_shape=None,
                 import_scope=None, constraint=None, use_resource=None, synchronization=None,
                 aggregation=None, shape=None):
        if variable_def is not None:
            raise NotImplementedError("Variable(variable_def=...) (restoring from a VariableDef proto) is "
                                      "not supported; build the variable from initial_value.")
        if initial_value is None:
            raise ValueError("initial_value must be specified.")
        self._init(initial_value, True if trainable is None else trainable, collections, validate_shape,
                   caching_device, name, None if dtype is None else dtypes.as_dtype(dtype), constraint, shape)

    @classmethod
    def _create(cls, initial_value, trainable, collections, validate_shape, caching_device, name, dtype,
                constraint) -> "Variable":
        """A new variable (the variable store's way in: no keyword handling, no ``__new__`` dispatch);
        ``dtype`` is a DType or None."""
        variable = object.__new__(cls)
        variable._init(initial_value, True if trainable is None else trainable, collections, validate_shape,
                       caching_device, name, dtype, constraint, None)
        return variable

    def _init(self, initial_value, trainable, collections, validate_shape, caching_device, name, dtype,
              constraint, shape) -> None:
        if constraint is not None and not callable(constraint):
            raise ValueError("The `constraint` argument must be a callable.")
        if collections is not None and not isinstance(collections, (list, tuple, set)):
            raise ValueError("collections argument to Variable constructor must be a list, tuple, or set. "
                             "Got %s of type %s" % (collections, type(collections)))
        if collections is None:
            collections = _TRAINABLE_COLLECTIONS if trainable else _GLOBAL_COLLECTIONS
        elif trainable and GraphKeys.TRAINABLE_VARIABLES not in collections:
            collections = list(collections) + [GraphKeys.TRAINABLE_VARIABLES]
        self._trainable = bool(trainable)
        self._constraint = constraint
        self._save_slice_info = None
        self._caching_device = caching_device
        init_from_fn = callable(initial_value)
        graph = get_default_graph() if init_from_fn else _graph_of(initial_value)
        thread = graph._per_thread.state
        outer_graph = None if graph is get_default_graph() else graph.as_default()
        outer_stack, outer_controls, outer_site = thread.name_stack, thread.control_stack, thread.site
        # All or nothing (the transaction), so the name scopes below need no undo of their own: the
        # thread's state is set directly and restored at the end. The user's call site is found once;
        # control dependencies are cleared (TF clears them for a variable); the default graph is
        # switched only when it needs to be.
        with graph._transaction():
            if outer_graph is not None:
                outer_graph.__enter__()
            try:
                if outer_site is None:
                    thread.site = user_frame(3)  # past this method and Variable() or _create
                thread.control_stack = []
                scope = thread.name_stack = scope_stack(graph, outer_stack, "Variable" if name is None else name)
                initial_value = self._initial_tensor(graph, thread, scope, initial_value, init_from_fn, dtype)
                if shape is not None:
                    var_shape = as_shape(shape)
                elif validate_shape:
                    dims = initial_value._dims
                    if dims is None or None in dims:
                        raise ValueError("initial_value must have a shape specified: %s (or pass "
                                         "validate_shape=False)." % initial_value)
                    var_shape = TensorShape(dims)
                else:
                    var_shape = TensorShape(None)
                self._initial_value = initial_value
                self._build(scope + "/", initial_value, var_shape, validate_shape, caching_device)
            finally:
                thread.name_stack, thread.control_stack, thread.site = outer_stack, outer_controls, outer_site
                if outer_graph is not None:
                    outer_graph.__exit__(None, None, None)
            graph.add_to_collections(collections, self)

    @staticmethod
    def _initial_tensor(graph, thread, scope, initial_value, init_from_fn, dtype) -> Tensor:
        """The initial value as a Tensor; a callable is called under ``<scope>/Initializer/``, its ops
        colocated with the variable (``_class: loc:@<variable>``, as TF's attr scope sets) and placed on
        no device. ``scope`` is this thread's current name stack (restored by the caller)."""
        if not init_from_fn:
            return convert_to_tensor(initial_value, name="initial_value", dtype=dtype)
        devices, colocations = thread.device_stack, thread.colocation_stack
        colocations.append(scope)
        devices.append(None)
        try:
            thread.name_stack = scope_stack(graph, scope, "Initializer")
            value = initial_value()
            if value.__class__ is Tensor and (dtype is None or value._dtype is dtype):
                return value  # (what convert_to_tensor returns)
            return convert_to_tensor(value, name="initial_value", dtype=dtype)
        finally:
            devices.pop()
            colocations.pop()
            thread.name_stack = scope

    def _build(self, scope, initial_value, shape, validate_shape, caching_device):
        """The ops of a reference variable: ``VariableV2`` named ``scope``, then ``<scope>Assign`` and the
        ``read`` Identity, both colocated with it. TF names the Assign op after the name scope
        ``tf.assign`` opens; an op named ``Assign`` gets the same name (scopes and ops share one
        namespace). The op definitions are applied directly: what ``variable_op``, ``assign`` and
        ``identity`` do for a fresh variable and a Tensor of its dtype."""
        graph = initial_value._op._graph
        dtype = initial_value._dtype.base_dtype
        dims = shape._dims
        ref_dtype = dtype._as_ref
        attrs = intern_attrs(("VariableV2", dims, dtype._type_enum),
                             {"shape": dims, "dtype": dtype, "container": "", "shared_name": ""})
        op = graph._create_ops([("VariableV2", (), ((ref_dtype, dims),), attrs, scope, state_ops.VARIABLE_V2)])[0]
        self._variable = variable = op._output
        with graph.colocate_with(op):
            attrs = {"use_locking": True, "validate_shape": bool(validate_shape)}
            inputs = (variable, initial_value)
            if initial_value._dims == dims and initial_value._dtype is dtype:  # what Assign's rule concludes
                attrs["T"] = dtype
                attrs = intern_attrs(("Assign", attrs["validate_shape"], dtype._type_enum), attrs)
                outputs = ((ref_dtype, dims),)
            else:
                outputs = state_ops.ASSIGN.infer(inputs, attrs)
            specs = [("Assign", inputs, outputs, attrs, "Assign", state_ops.ASSIGN)]
            if caching_device is None:
                specs.append(("Identity", (variable,), ((dtype, dims),), t_attrs(dtype), "read", array_ops.IDENTITY))
            ops = graph._create_ops(specs)
        self._initializer_op = ops[0]
        if caching_device is None:
            self._snapshot = ops[1]._output
        else:
            with graph.device(caching_device):
                self._snapshot = apply_op(array_ops.IDENTITY, [variable], None, "read")._outputs[0]

    # -- what a variable is -----------------------------------------------------------------
    name = property(lambda self: self._variable.name, doc="'scope/name:0'.")
    op = property(lambda self: self._variable.op, doc="The variable op (VariableV2 or VarHandleOp).")
    dtype = property(lambda self: self._variable.dtype, doc="float32_ref for reference variables.")
    graph = property(lambda self: self._variable.graph)
    device = property(lambda self: self._variable.device)
    initializer = property(lambda self: self._initializer_op, doc="The op that assigns the initial value.")
    initial_value = property(lambda self: self._initial_value)
    trainable = property(lambda self: self._trainable)
    constraint = property(lambda self: self._constraint)
    shape = property(lambda self: self._variable.shape, doc="The static shape.")
    _dims = property(lambda self: self._variable._dims, doc="The static shape's dims tuple (or None).")

    def get_shape(self) -> TensorShape:
        return self._variable.shape

    def value(self) -> Tensor:
        """The tensor ops read (``<name>/read``)."""
        return self._snapshot

    def read_value(self) -> Tensor:
        """A new read of the variable (an Identity op named 'read')."""
        with op_scope(None, "Read", []):
            return array_ops.identity(self._variable, name="read")

    def _ref(self) -> Tensor:
        return self._variable

    def _as_graph_element(self) -> Tensor:
        return self._variable

    def initialized_value(self) -> Tensor:
        """The variable's value, initializing it first if needed (TF1's ``initialized_value``)."""
        graph = self.graph
        with graph.control_dependencies(None), graph.name_scope(self.op.name + "/"):
            return state_ops.initialized_value(self._ref(), self._initial_value)

    def assign(self, value, use_locking=False, name=None, read_value=True):
        """An op assigning ``value`` (the new value when ``read_value``, else the op)."""
        assigned = state_ops.assign(self._variable, value, use_locking=use_locking, name=name)
        return assigned if read_value else assigned.op

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        assigned = state_ops.assign_add(self._variable, delta, use_locking=use_locking, name=name)
        return assigned if read_value else assigned.op

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        assigned = state_ops.assign_sub(self._variable, delta, use_locking=use_locking, name=name)
        return assigned if read_value else assigned.op

    def count_up_to(self, limit):
        """An op adding 1 to this scalar int variable until it reaches ``limit`` (:func:`tf.count_up_to`)."""
        return state_ops.count_up_to(self._variable, limit)

    def eval(self, session=None):
        """The variable's value in ``session`` (default: the default session)."""
        return self._variable.eval(session=session)

    def load(self, value, session=None) -> None:
        """Write ``value`` into the variable in ``session`` without adding ops."""
        from graphscope.session import get_default_session
        session = session or get_default_session()
        if session is None:
            raise ValueError("Either session argument should be provided or default session should be "
                             "established")
        session.run(self._initializer_op, {self._initializer_op.inputs[1]: value})

    def set_shape(self, shape) -> None:
        self._variable.set_shape(shape)
        self._snapshot.set_shape(shape)

    def _set_save_slice_info(self, save_slice_info) -> None:
        self._save_slice_info = save_slice_info

    def _get_save_slice_info(self):
        return self._save_slice_info

    def __repr__(self) -> str:
        return "<tf.Variable '%s' shape=%s dtype=%s>" % (self.name, self.shape, self.dtype.name)

    __hash__ = object.__hash__

    def __iter__(self):
        raise TypeError("'Variable' object is not iterable.")

    @property
    def _creation_site(self) -> str:
        return self.op.creation_site


def _operator_method(name):
    def method(self, *args):
        return getattr(self.value(), name)(*args)
    method.__name__ = name
    return method


for _name in _OPERATORS:
    setattr(Variable, _name, _operator_method(_name))

VariableV1 = Variable
RefVariable = Variable


class ResourceVariable(Variable):
    """A resource variable (``use_resource=True``): ``VarHandleOp`` + ``AssignVariableOp`` +
    ``ReadVariableOp``, value dtype without ``_ref``."""

    def _build(self, scope, initial_value, shape, validate_shape, caching_device):
        graph = initial_value.graph
        dtype = initial_value.dtype.base_dtype
        self._handle = self._variable = state_ops.var_handle_op(dtype, shape, shared_name=scope[:-1], name=scope)
        with graph.name_scope("IsInitialized"):
            self._is_initialized_op = state_ops.var_is_initialized_op(self._handle)
        with graph.name_scope("Assign") as assign_scope:
            self._initializer_op = state_ops.assign_variable_op(self._handle, initial_value, name=assign_scope)
        with graph.name_scope("Read"):
            self._graph_element = state_ops.read_variable_op(self._handle, dtype)
        self._graph_element.set_shape(shape)
        self._snapshot = self._graph_element
        if caching_device is not None:
            with graph.device(caching_device):
                self._snapshot = array_ops.identity(self._graph_element)
        self._dtype = dtype
        self._shape = shape

    dtype = property(lambda self: self._dtype)
    shape = property(lambda self: self._shape)
    _dims = property(lambda self: self._shape._dims)

    def get_shape(self) -> TensorShape:
        return self._shape

    @property
    def handle(self) -> Tensor:
        return self._handle

    def _as_graph_element(self) -> Tensor:
        return self._graph_element

    def _ref(self) -> Tensor:
        return self._handle

    def read_value(self) -> Tensor:
        with self.graph.name_scope("Read"):
            return state_ops.read_variable_op(self._handle, self._dtype)

    def _update(self, op_fn, value, name, read_value):
        value = convert_to_tensor(value, dtype=self._dtype)
        op = op_fn(self._handle, value, name=name)
        if not read_value:
            return op
        with self.graph.control_dependencies([op]):
            return self.read_value()

    def assign(self, value, use_locking=None, name=None, read_value=True):
        return self._update(state_ops.assign_variable_op, value, name, read_value)

    def assign_add(self, delta, use_locking=None, name=None, read_value=True):
        return self._update(state_ops.assign_add_variable_op, delta, name, read_value)

    def assign_sub(self, delta, use_locking=None, name=None, read_value=True):
        return self._update(state_ops.assign_sub_variable_op, delta, name, read_value)

    def eval(self, session=None):
        return self._graph_element.eval(session=session)

    def load(self, value, session=None) -> None:
        from graphscope.session import get_default_session
        session = session or get_default_session()
        session.run(self._initializer_op, {self._initializer_op.inputs[1]: value})

    def __repr__(self) -> str:
        return "<tf.Variable '%s' shape=%s dtype=%s>" % (self.name, self.shape, self.dtype.name)


def _graph_of(value):
    if isinstance(value, Tensor):
        return value.graph
    element = getattr(value, "_as_graph_element", None)
    return element().graph if element is not None else get_default_graph()


Variable.SaveSliceInfo = SaveSliceInfo


def _variable_to_tensor(var, dtype=None, name=None, as_ref=False):
    return var._ref() if as_ref else var.value()


register_tensor_conversion_function(Variable, _variable_to_tensor)


# -- collections of variables -------------------------------------------------------------------

def global_variables(scope: str | None = None) -> list:
    """Variables in GLOBAL_VARIABLES of the default graph (filtered by ``re.match(scope, name)``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     a = tf.get_variable("a", [1])
    ...     with tf.variable_scope("net"):
    ...         b = tf.get_variable("b", [1], trainable=False)
    ...     [v.name for v in global_variables()], [v.name for v in global_variables("net")]
    (['a:0', 'net/b:0'], ['net/b:0'])
    """
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def all_variables() -> list:
    """The old name of :func:`global_variables`."""
    return global_variables()


def trainable_variables(scope: str | None = None) -> list:
    """Variables in TRAINABLE_VARIABLES of the default graph (what optimizers train by default)."""
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope: str | None = None) -> list:
    """Variables in LOCAL_VARIABLES of the default graph (``get_local_variable``, not saved by default)."""
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope: str | None = None) -> list:
    """Variables in MODEL_VARIABLES of the default graph."""
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def moving_average_variables(scope: str | None = None) -> list:
    """Variables in MOVING_AVERAGE_VARIABLES of the default graph."""
    return get_default_graph().get_collection(GraphKeys.MOVING_AVERAGE_VARIABLES, scope)


def variables_initializer(var_list, name: str = "init"):
    """One op that runs the initializers of ``var_list`` (a ``NoOp`` with control inputs)."""
    from graphscope.ops import control_flow_ops
    var_list = list(var_list)
    if var_list:
        return control_flow_ops.group(*[v.initializer for v in var_list], name=name)
    return control_flow_ops.no_op(name=name)


def global_variables_initializer():
    """The op initializing every global variable (``tf.global_variables_initializer``), named 'init'.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     v = tf.Variable(3.0, name="v")
    ...     init = global_variables_initializer()
    ...     with tf.Session() as sess:
    ...         sess.run(init)
    ...         print(init.name, init.type, sess.run(v))
    init NoOp 3.0
    """
    return variables_initializer(global_variables())


def local_variables_initializer():
    """The op initializing every local variable, named 'init' (uniquified)."""
    return variables_initializer(local_variables())


initialize_all_variables = global_variables_initializer
initialize_variables = variables_initializer
initialize_local_variables = local_variables_initializer


# -- initialization reports ---------------------------------------------------------------------

def _variable_ops(var_list) -> list:
    """The variable ops of ``var_list`` (Variables, PartitionedVariables or ref tensors); None means
    every global and local variable (or, when there are none, every VariableV2 op of the graph)."""
    if var_list is None:
        var_list = global_variables() + local_variables()
        if not var_list:
            var_list = [op.outputs[0] for op in get_default_graph().get_operations()
                        if op.type in ("Variable", "VariableV2", "AutoReloadVariable")]
    ops = []
    for v in var_list:
        for part in (v if isinstance(v, PartitionedVariable) else [v]):
            op = part.op
            if op not in ops:
                ops.append(op)
    return ops


def report_uninitialized_variables(var_list=None, name: str = "report_uninitialized_variables"):
    """A 1-D string tensor of the names (``b"foo/v"``) of the variables not initialized yet in the
    session that runs it (``tf.report_uninitialized_variables``).

    Deviation from TensorFlow's graph: TF builds it from ``IsVariableInitialized`` ops, ``Stack``,
    ``LogicalNot`` and ``boolean_mask``; graphscope builds one op of its own type,
    ``ReportUninitializedVariables`` (named ``name``), that asks the session state. The values are the same.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     a = tf.Variable(1.0, name="a")
    ...     b = tf.get_variable("b", [], initializer=tf.zeros_initializer())
    ...     report = tf.report_uninitialized_variables()
    ...     with tf.Session() as sess:
    ...         print(sess.run(report))
    ...         sess.run(a.initializer)
    ...         print(sess.run(report))
    [b'a' b'b']
    [b'b']
    """
    var_ops = _variable_ops(var_list)
    graph = var_ops[0].graph if var_ops else get_default_graph()
    with graph.as_default(), graph.name_scope(name) as scope:
        if not var_ops:
            return array_ops.constant([], dtype=dtypes.string)
        return state_ops.report_uninitialized_variables_op(var_ops, scope)


def assert_variables_initialized(var_list=None):
    """An int32 tensor of the variables' ranks whose evaluation fails with FailedPreconditionError
    when one of them is not initialized (``tf.assert_variables_initialized``); None without variables.

    Deviation: TF builds ``Rank`` ops over the variables (and a ``Stack``); graphscope builds one op of
    its own type, ``AssertVariablesInitialized``.
    """
    var_ops = _variable_ops(var_list)
    if not var_ops:
        return None
    graph = var_ops[0].graph
    ranks = []
    for op in var_ops:
        dims = op.outputs[0].shape.as_tuple() if op.type != "VarHandleOp" else op.get_attr("shape")
        ranks.append(len(dims) if dims is not None else -1)
    with graph.as_default():
        return state_ops.assert_variables_initialized_op(var_ops, ranks, "assert_variables_initialized")
