"""``make_template``: wrap a function so that every call shares the variables of the first call.

>>> import graphscope as tf
>>> def scale(x):
...     w = tf.get_variable("w", [], initializer=tf.ones_initializer())
...     return x * w
>>> with tf.Graph().as_default():
...     layer = tf.make_template("scale", scale)
...     a, b = layer(tf.constant(1.0)), layer(tf.constant(2.0))
...     names = [v.name for v in tf.global_variables()]
>>> names, layer.variable_scope_name
(['scale/w:0'], 'scale/')
"""
from __future__ import annotations

import functools

from graphscope.graph import GraphKeys, get_default_graph
from graphscope.scopes import _PureVariableScope, unique_variable_scope_name, variable_scope
from graphscope.tensor import describe_site, user_frame

__all__ = ["Template", "make_template"]


class Template:
    """A function whose variables are created on the first call and reused afterwards.

    Calling it after the first time must not create new trainable variables (ValueError).
    """

    def __init__(self, name, func, create_scope_now=False, unique_name=None, custom_getter=None):
        if name is None:
            raise ValueError("name cannot be None.")
        self._func = func
        self._name = name
        self._unique_name = unique_name
        self._custom_getter = custom_getter
        self._site = describe_site(user_frame())
        if create_scope_now:
            scope_name = self._unique_name or unique_variable_scope_name(self._name)
            with _PureVariableScope(scope_name, custom_getter=self._custom_getter) as vs:
                self._variable_scope = vs
        else:
            self._variable_scope = None
        self._variables_created = False  # (set by the first call that returns: one that raised changes nothing)

    def _call_func(self, args, kwargs):
        try:
            if not self._variables_created:
                result = self._func(*args, **kwargs)
            else:
                graph = get_default_graph()
                trainable_at_start = len(graph.get_collection(GraphKeys.TRAINABLE_VARIABLES))
                result = self._func(*args, **kwargs)
                trainable = graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
                if trainable_at_start != len(trainable):
                    raise ValueError("Trainable variable created when calling a template after the first "
                                     "time, perhaps you used tf.Variable when you meant tf.get_variable: %s"
                                     % (trainable[trainable_at_start:],))
            self._variables_created = True
            return result
        except Exception as exc:
            if exc.args and isinstance(exc.args[0], str) and "originally defined at" not in exc.args[0]:
                exc.args = ("%s\n\n(template %r, originally defined at %s)" % (exc.args[0], self._name, self._site),
                            ) + exc.args[1:]
            raise

    def __call__(self, *args, **kwargs):
        if self._variable_scope:
            with variable_scope(self._variable_scope, reuse=self._variables_created):
                return self._call_func(args, kwargs)
        with variable_scope(self._unique_name, self._name, custom_getter=self._custom_getter) as vs:
            self._variable_scope = vs
            return self._call_func(args, kwargs)

    name = property(lambda self: self._name)
    func = property(lambda self: self._func)
    variable_scope = property(lambda self: self._variable_scope)
    var_scope = variable_scope

    @property
    def variable_scope_name(self) -> str | None:
        if self._variable_scope is None:
            return None
        name = self._variable_scope.name
        return name if not name or name[-1] == "/" else name + "/"

    def _collection(self, key):
        if not self._variables_created:
            return []
        return get_default_graph().get_collection(key, self.variable_scope_name)

    @property
    def variables(self) -> list:
        return self._collection(GraphKeys.GLOBAL_VARIABLES)

    global_variables = variables
    weights = variables

    @property
    def trainable_variables(self) -> list:
        return self._collection(GraphKeys.TRAINABLE_VARIABLES)

    trainable_weights = trainable_variables

    @property
    def non_trainable_variables(self) -> list:
        trainable = set(map(id, self.trainable_variables))
        return [v for v in self.variables if id(v) not in trainable]

    non_trainable_weights = non_trainable_variables

    @property
    def local_variables(self) -> list:
        return self._collection(GraphKeys.LOCAL_VARIABLES)


def make_template(name_, func_, create_scope_now_=False, unique_name_=None, custom_getter_=None, **kwargs):
    """Wrap ``func_`` so all calls share the variables of the first (``tf.make_template``);
    ``kwargs`` are bound to ``func_``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     scale = make_template("scale", lambda x: x * tf.get_variable("k", []))
    ...     a, b = scale(1.0), scale(2.0)
    ...     [v.name for v in tf.global_variables()], a.name, b.name
    (['scale/k:0'], 'scale/mul:0', 'scale_1/mul:0')
    """
    if kwargs:
        func_ = functools.partial(func_, **kwargs)
    return Template(name_, func_, create_scope_now=create_scope_now_, unique_name=unique_name_,
                    custom_getter=custom_getter_)
