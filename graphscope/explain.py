"""``explain_name(graph, name)``: why an op or a name scope got the name it has.

TensorFlow's names come from a few rules (``../shared/TF1_SEMANTICS.md``): a name is prefixed with
the current name scope and made unique (``foo``, ``foo_1``, ...) case-insensitively in one namespace
that ops and name scopes share; ``variable_scope`` opens a name scope of its own, so a re-entered
variable scope puts its variables under ``foo/`` and its ops under ``foo_1/``; ``name_scope(None)``
and an absolute ``name_scope("a/")`` leave the current scope; ``get_variable`` names variables after
the variable scope only. This module reads what the graph remembers (who holds each name, which name
scopes were opened, which scope resets happened while which ops were made, the variable store) and
tells the story of each part of a name.

>>> import graphscope as tf
>>> g = tf.Graph()
>>> with g.as_default():
...     with tf.variable_scope("foo"):
...         v = tf.get_variable("v", [2])
...     with tf.variable_scope("foo", reuse=True):
...         y = tf.add(v, 1.0, name="y")
>>> print(explain_name(g, "foo_1/y"))
'foo_1/y' is an op (AddV2, created at ...); its own name scope 'foo_1/y/' holds 1 op made for it.
  'foo_1'  A name scope opened by variable_scope('foo') entered again: variables of that scope are
           named 'foo/...', its ops 'foo_1/...'.
           It asked for 'foo', which name scope 'foo/' (variable_scope('foo')) already held, so it
           got the first free suffix: 'foo_1'.
  'y'      It asked for 'y' under 'foo_1/': it was free.
"""
from __future__ import annotations

import re

from graphscope.graph import Graph
from graphscope.tensor import Operation

__all__ = ["explain_name"]

_SUFFIXED = re.compile(r"^(.*)_(\d+)$")
_VARIABLE_TYPES = ("VariableV2", "VarHandleOp", "Variable")


class _Index:
    """What explain_name looks up, built once per call: ops and scopes by lower-case name."""

    def __init__(self, graph: Graph):
        with graph._lock:
            self.ops = list(graph._ops)
            self.names_in_use = dict(graph._names_in_use)
            scope_names = list(graph._scope_names)
            self.resets = [list(event) for event in graph._scope_resets]
        self.graph = graph
        self.op_by_key = {}
        for op in self.ops:
            self.op_by_key.setdefault(op._name.lower(), op)
        self.scope_by_key = {}
        for name in scope_names:
            key = name.lower()
            if key in self.names_in_use:  # a scope whose transaction was undone holds nothing
                self.scope_by_key.setdefault(key, name)
        self.entries = dict(graph._stores.get("scope_entries", {}))
        store = graph._stores.get("variables")
        self.variables = dict(store._vars) if store is not None else {}
        self.events = list(store.events) if store is not None else []
        self._first_op = None

    def first_op_under(self, scope: str) -> Operation | None:
        """The earliest op named ``scope/...`` (a scope's time is its first op's)."""
        if self._first_op is None:
            first: dict = {}
            for op in self.ops:
                parts = op._name.split("/")
                for k in range(1, len(parts)):
                    first.setdefault("/".join(parts[:k]).lower(), op)
            self._first_op = first
        return self._first_op.get(scope.lower())

    def ops_under(self, scope: str) -> int:
        prefix = scope + "/"
        return sum(1 for op in self.ops if op._name.startswith(prefix))

    def variable_scopes_of(self, name_scope: str) -> list[str]:
        """The variable scopes that opened name scope ``name_scope``."""
        return [vs for (vs, ns) in self.entries if ns == name_scope]


def _site(op: Operation) -> str:
    from graphscope.tensor import describe_site
    return ", created at %s" % describe_site(op._site, relative=True) if op._site else ""


def _describe_holder(index: _Index, key: str) -> tuple[str, object]:
    """(who holds lower-case name ``key``, the holder: an Operation, a scope name or None)."""
    op = index.op_by_key.get(key)
    if op is not None:
        return "op '%s' (%s)" % (op._name, op._type), op
    scope = index.scope_by_key.get(key)
    if scope is not None:
        opened_by = index.variable_scopes_of(scope)
        how = " (variable_scope(%r))" % opened_by[0].split("/")[-1] if opened_by else ""
        return "name scope '%s/'%s" % (scope, how), scope
    if key in index.names_in_use:
        return "a call of Graph.unique_name (no op or name scope holds it)", None
    return "nothing", None


def _ops(count: int) -> str:
    return "1 op" if count == 1 else "%d ops" % count


def _time_of(index: _Index, holder) -> int | None:
    if isinstance(holder, Operation):
        return holder._id
    if isinstance(holder, str):
        op = index.first_op_under(holder)
        return op._id if op is not None else None
    return None


def _component_story(index: _Index, parent: str, component: str, subject) -> list[str]:
    """How ``component`` under ``parent`` got its name: free, or a suffix after a taken name."""
    under = " under '%s/'" % parent if parent else " at the root"
    match = _SUFFIXED.match(component)
    if match:
        base, number = match.group(1), int(match.group(2))
        base_full = parent + "/" + base if parent else base
        base_key = base_full.lower()
        if base_key in index.names_in_use:
            who, holder = _describe_holder(index, base_key)
            subject_time, holder_time = _time_of(index, subject), _time_of(index, holder)
            if not (subject_time is not None and holder_time is not None and holder_time > subject_time):
                asked = _asked_for(subject, base)
                lines = ["%s '%s', which %s already held, so it got the first free suffix: '%s'."
                         % (asked, base, who, component)]
                holder_name = holder._name if isinstance(holder, Operation) else holder
                if isinstance(holder_name, str) and holder_name != base_full:
                    lines.append("Names are compared without case: '%s' and '%s' are the same name."
                                 % (holder_name.split("/")[-1], base))
                taken = []
                for k in range(1, number):
                    key = ("%s_%d" % (base_full, k)).lower()
                    if key in index.names_in_use:
                        other = index.op_by_key.get(key)
                        taken.append("'%s_%d'%s" % (base, k, " (%s)" % other._type if other is not None else ""))
                if taken and number > 1:
                    shown = ", ".join(taken[:4]) + (", ..." if len(taken) > 4 else "")
                    lines.append("%s %s taken too (%s asked for %d times in all)."
                                 % (shown, "was" if len(taken) == 1 else "were", "'%s' was" % base,
                                    index.names_in_use[base_key]))
                return lines
    return ["%s '%s'%s: it was free." % (_asked_for(subject, component), component, under)]


def _asked_for(subject, name: str) -> str:
    if isinstance(subject, Operation) and name in (subject._type, re.sub(r"V\d+$", "", subject._type)):
        return "No name was given, so it took its type's name"
    return "It asked for"


def _reset_story(index: _Index, op: Operation) -> list[str]:
    """The innermost name-scope reset open while ``op`` was made, if it moved ``op`` out of a scope."""
    found = None
    for event in index.resets:
        old, new, enter, leave = event
        if enter <= op._id and (leave is None or op._id < leave):
            if new == "" or op._name.startswith(new + "/"):
                if found is None or enter >= found[2]:
                    found = event
    if found is None:
        return []
    old, new = found[0], found[1]
    owner = _variable_owner(index, op)
    if owner is not None:
        if old == owner.rpartition("/")[0]:
            return []  # the call's name scope and the variable scope agree: nothing moved
        return ["get_variable was called in name scope '%s/', but it builds a variable's ops outside the "
                "name scope: their names come from the variable scope alone." % old]
    if new == "":
        return ["It was made inside name_scope(None) (or name_scope('')), which left name scope '%s/' for the "
                "root." % old]
    return ["It was made inside name_scope('%s/'): a name ending in '/' re-enters that exact scope, leaving "
            "'%s/'." % (new, old) if old else "It was made inside name_scope('%s/'), which re-enters that exact "
            "scope." % new]


def _variable_owner(index: _Index, op: Operation) -> str | None:
    """The variable (store name) that ``op`` is, or whose ops it is one of (``v/Assign``, ``v/read``)."""
    name = op._name
    if name in index.variables:
        return name
    parts = name.split("/")
    for k in range(len(parts) - 1, 0, -1):
        prefix = "/".join(parts[:k])
        if prefix in index.variables:
            return prefix
    return None


def _variable_story(index: _Index, op: Operation) -> list[str]:
    owner = _variable_owner(index, op)
    if owner is None:
        if op._type in _VARIABLE_TYPES:
            return ["A variable made by tf.Variable: named by the name scope, like any op."]
        return []
    created = [site for name, kind, site in index.events if name == owner and kind == "created"]
    reused = sum(1 for name, kind, _ in index.events if name == owner and kind == "reused")
    scope = owner.rpartition("/")[0]
    where = "variable scope '%s'" % scope if scope else "the root variable scope"
    if owner == op._name:
        lines = ["A variable made by get_variable: its name is the %s plus '%s', whatever name scope the "
                 "call was in." % (where, owner.split("/")[-1])]
    else:
        lines = ["One of the ops of variable '%s' (made by get_variable), named under the variable's own name."
                 % owner]
    if created or reused:
        from graphscope.tensor import describe_site
        facts = []
        if created and created[0]:
            facts.append("created at %s" % describe_site(created[0], relative=True))
        if reused:
            facts.append("reused by %d later get_variable call%s" % (reused, "" if reused == 1 else "s"))
        if facts:
            lines.append("The variable was %s." % " and ".join(facts))
    return lines


def _scope_notes(index: _Index, scope: str) -> list[str]:
    """What opened name scope ``scope`` when a variable scope of another name did."""
    notes = []
    for vs in index.variable_scopes_of(scope):
        if vs != scope:
            notes.append("A name scope opened by variable_scope(%r) entered again: variables of that scope are "
                         "named '%s/...', its ops '%s/...'." % (vs.split("/")[-1], vs, scope))
    if not notes:
        holder = index.scope_by_key.get(scope.lower())
        notes.append("A name scope (holds %s)." % _ops(index.ops_under(scope)) if holder or index.ops_under(scope)
                     else "A name.")
    return notes


def explain_name(graph: Graph, name: str) -> str:
    """Why the op or name scope ``name`` (``"foo_1/add"``, ``"foo_1/add:0"``, ``"foo_1/"``) is called
    that: part by part, whether the name it asked for was free or which earlier op or scope held it
    (names are compared without case), which variable scope opened a name scope of another name, and
    whether a scope reset (``name_scope(None)``, an absolute ``"a/"``, ``get_variable``) moved it.

    Raises KeyError (with close names) when the graph has no such op or scope.

    >>> import graphscope as tf
    >>> g = tf.Graph()
    >>> with g.as_default():
    ...     a = tf.constant(1.0, name="Foo")
    ...     b = tf.constant(2.0, name="foo")
    ...     with tf.name_scope("outer"):
    ...         with tf.name_scope(None):
    ...             c = tf.constant(3.0, name="c")
    >>> print(explain_name(g, "foo_1"))
    'foo_1' is an op (Const, created at ...).
      'foo_1'  It asked for 'foo', which op 'Foo' (Const) already held, so it got the first free
               suffix: 'foo_1'.
               Names are compared without case: 'Foo' and 'foo' are the same name.
    >>> print(explain_name(g, "c"))
    'c' is an op (Const, created at ...).
      'c'      It asked for 'c' at the root: it was free.
    It was made inside name_scope(None) (or name_scope('')), which left name scope 'outer/' for the root.
    """
    graph = graph.graph if not isinstance(graph, Graph) and hasattr(graph, "graph") else graph
    if not isinstance(name, str):
        name = getattr(name, "name", name)
    name = name.rstrip("/")
    if ":" in name and name.rpartition(":")[2].isdigit():
        name = name.rpartition(":")[0]
    index = _Index(graph)
    op = graph._nodes_by_name.get(name)
    key = name.lower()
    is_scope = key in index.scope_by_key or index.first_op_under(name) is not None
    if op is None and not is_scope:
        import difflib
        candidates = {o._name for o in index.ops} | set(index.scope_by_key.values())
        close = difflib.get_close_matches(name, candidates, n=3)
        hint = " Close names: %s." % ", ".join(repr(c) for c in close) if close else ""
        raise KeyError("No op or name scope is called %r in this graph.%s" % (name, hint))
    if op is not None:
        what = "an op (%s%s)" % (op._type, _site(op))
        count = index.ops_under(name)
        if count:
            what += "; its own name scope '%s/' holds %s made for it" % (name, _ops(count))
    else:
        what = "a name scope (%s under it)" % _ops(index.ops_under(name))
    lines = ["'%s' is %s." % (name, what)]
    parts = name.split("/")
    width = max(len(p) for p in parts) + 6
    for k, component in enumerate(parts, 1):
        prefix = "/".join(parts[:k])
        parent = "/".join(parts[:k - 1])
        last = k == len(parts)
        subject = op if last and op is not None else prefix
        story = []
        if not last or op is None:
            notes = _scope_notes(index, prefix)
            story += [n for n in notes if not n.startswith("A name scope (") or (last and op is None)]
        story += _component_story(index, parent, component, subject)
        lines += _format_part(component, story, width)
    if op is not None:
        lines += _variable_story(index, op)
        lines += _reset_story(index, op)
    return "\n".join(lines)


def _format_part(component: str, story: list[str], width: int) -> list[str]:
    import textwrap
    lines = []
    label = "  '%s'" % component
    indent = " " * width
    for i, sentence in enumerate(story):
        first = label.ljust(width) if i == 0 else indent
        wrapped = textwrap.wrap(sentence, 100, initial_indent=first, subsequent_indent=indent)
        lines += wrapped
    return lines
