"""Scope trees and variable tables as text: what a graph's names are, and why.

Two trees sit side by side: the *variable-scope* tree (``get_variable`` names, variables as leaves
with shape, dtype, trainable, and how many ``get_variable`` calls created or reused each) and the
*name-scope* tree (op name prefixes with their op counts). Where a variable scope opened a name scope
of another name (``foo/`` variables, ``foo_1/`` ops), the name-scope tree says so.

>>> import graphscope as tf
>>> with tf.Graph().as_default() as g:
...     for _ in range(2):
...         with tf.variable_scope("foo", reuse=tf.AUTO_REUSE):
...             v = tf.get_variable("v", [2])
...             y = tf.add(v, 1.0)
>>> print(variable_scope_tree(g))
Variable scopes (get_variable)
└── foo/
    └── v  float32 (2,)  trainable  created 1, reused 1
>>> print(name_scope_tree(g, depth=1))
Name scopes (ops)
├── foo/  12 ops  (variable scope 'foo')
└── foo_1/  2 ops  (opened by variable scope 'foo': its variables are under 'foo/')
"""
from __future__ import annotations

from collections import Counter

from graphscope.graph import Graph, GraphKeys, get_default_graph
from graphscope.tensor import describe_site

__all__ = ["variable_rows", "variable_table", "variable_scope_tree", "scope_openers", "name_scope_rows",
           "name_scope_tree", "scope_tree"]

_VARIABLE_COLLECTIONS = (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES)


def _variables(graph: Graph) -> list:
    seen, found = set(), []
    for key in _VARIABLE_COLLECTIONS:
        for v in graph.get_collection(key):
            if id(v) not in seen:
                seen.add(id(v))
                found.append(v)
    return found


def _store_counts(graph: Graph) -> dict:
    """{variable name: Counter({'created': n, 'reused': m})} from the variable store's events."""
    store = graph._stores.get("variables")
    counts: dict = {}
    for name, kind, _ in getattr(store, "events", ()):
        counts.setdefault(name, Counter())[kind] += 1
    return counts


def variable_rows(graph: Graph | None = None) -> list[dict]:
    """One dict per variable: name, shape, dtype, trainable, collections, created (call site),
    created_count and reused_count (``get_variable`` calls that created or shared it)."""
    graph = graph or get_default_graph()
    counts = _store_counts(graph)
    collections = {key: {id(v) for v in graph.get_collection(key)} for key in graph.get_all_collection_keys()}
    rows = []
    for v in _variables(graph):
        name = v.op.name
        stored = counts.get(name, Counter())
        rows.append({
            "name": v.name,
            "shape": str(v.shape),
            "dtype": v.dtype.base_dtype.name,
            "trainable": id(v) in collections.get(GraphKeys.TRAINABLE_VARIABLES, ()),
            "collections": sorted(k for k, ids in collections.items() if id(v) in ids),
            "created": describe_site(v.op._site, relative=True),
            "created_count": stored["created"],
            "reused_count": stored["reused"],
        })
    return rows


def variable_table(graph: Graph | None = None) -> str:
    """The variables of ``graph`` as an aligned text table.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     w = tf.get_variable("w", [3, 2])
    >>> print(variable_table(g).splitlines()[0])
    name  shape   dtype    trainable  collections                     get_variable  created at
    """
    rows = variable_rows(graph)
    header = ["name", "shape", "dtype", "trainable", "collections", "get_variable", "created at"]
    lines = [[r["name"], r["shape"], r["dtype"], "yes" if r["trainable"] else "no", ", ".join(r["collections"]),
              _calls(r), r["created"]] for r in rows]
    widths = [max(len(str(row[i])) for row in [header] + lines) for i in range(len(header))]
    out = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
           for row in [header] + lines]
    if not rows:
        out.append("(no variables)")
    return "\n".join(out)


def _calls(row) -> str:
    if not row["created_count"] and not row["reused_count"]:
        return "-"
    return "created %d, reused %d" % (row["created_count"], row["reused_count"])


def _render(tree: dict, lines: list, prefix: str = "") -> None:
    items = list(tree.items())
    for i, (label, child) in enumerate(items):
        last = i == len(items) - 1
        text, children = child
        lines.append(prefix + ("└── " if last else "├── ") + label + text)
        _render(children, lines, prefix + ("    " if last else "│   "))


def variable_scope_tree(graph: Graph | None = None) -> str:
    """The variable-scope tree: scopes as branches, variables as leaves."""
    graph = graph or get_default_graph()
    counts = _store_counts(graph)
    root: dict = {}
    for v in _variables(graph):
        parts = v.op.name.split("/")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part + "/", ["", {}])[1]
        stored = counts.get(v.op.name, Counter())
        trainable = "trainable" if v in graph.get_collection(GraphKeys.TRAINABLE_VARIABLES) else "not trainable"
        calls = "  created %d, reused %d" % (stored["created"], stored["reused"]) if stored else "  (tf.Variable)"
        node[parts[-1]] = ["  %s %s  %s%s" % (v.dtype.base_dtype.name, v.shape, trainable, calls), {}]
    lines = ["Variable scopes (get_variable)"]
    _render(root, lines)
    if not root:
        lines.append("(no variables)")
    return "\n".join(lines)


def scope_openers(graph: Graph | None = None) -> dict[str, list[str]]:
    """{name scope: the variable scopes that opened it}, from the graph's record of scope entries.

    A variable scope entered twice opens ``foo`` then ``foo_1``: both map to ``['foo']``.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     for _ in range(2):
    ...         with tf.variable_scope("foo", reuse=tf.AUTO_REUSE):
    ...             pass
    >>> scope_openers(g)
    {'foo': ['foo'], 'foo_1': ['foo']}
    """
    graph = graph or get_default_graph()
    opened_by: dict = {}
    for (var_scope, name_scope), _ in graph._stores.get("scope_entries", {}).items():
        opened_by.setdefault(name_scope, set()).add(var_scope)
    return {scope: sorted(var_scopes) for scope, var_scopes in opened_by.items()}


def _natural_key(scope: str) -> list:
    return [int(p) if p.isdigit() else p for p in scope.split("/")]


def name_scope_rows(graph: Graph | None = None, depth: int | None = None) -> list[dict]:
    """One dict per name scope holding ops (down to ``depth`` levels), parents first: ``scope``
    (no trailing slash), ``ops`` (how many ops are under it, at any depth) and ``variable_scope``
    (the variable scope that opened it, or None); ``diverges`` is True where that variable scope
    has another name (its variables are under ``variable_scope/``, its ops under ``scope/``).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     for _ in range(2):
    ...         with tf.variable_scope("foo", reuse=tf.AUTO_REUSE):
    ...             y = tf.add(1.0, 2.0, name="y")
    >>> [(r["scope"], r["ops"], r["variable_scope"], r["diverges"]) for r in name_scope_rows(g, depth=1)]
    [('foo', 3, 'foo', False), ('foo_1', 3, 'foo', True)]
    """
    graph = graph or get_default_graph()
    opened_by = scope_openers(graph)
    counts: Counter = Counter()
    for op in graph.get_operations():
        parts = op.name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            counts["/".join(parts[:i])] += 1
    rows = []
    for scope in sorted(counts, key=_natural_key):
        if depth is not None and scope.count("/") >= depth:
            continue
        var_scopes = opened_by.get(scope, ())
        var_scope = var_scopes[-1] if var_scopes else None
        rows.append({"scope": scope, "ops": counts[scope], "variable_scope": var_scope,
                     "diverges": var_scope is not None and var_scope != scope})
    return rows


def name_scope_tree(graph: Graph | None = None, depth: int | None = None) -> str:
    """The name-scope tree: each scope with the number of ops under it (down to ``depth`` levels),
    marked where a variable scope opened it under a different name."""
    graph = graph or get_default_graph()
    root: dict = {}
    for row in name_scope_rows(graph, depth):
        parts = row["scope"].split("/")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part + "/", ["", {}])[1]
        note = ""
        if row["variable_scope"] is not None:
            var_scope = row["variable_scope"]
            note = ("  (opened by variable scope %r: its variables are under '%s/')" % (var_scope, var_scope)
                    if row["diverges"] else "  (variable scope %r)" % var_scope)
        count = row["ops"]
        node[parts[-1] + "/"] = ["  %d op%s%s" % (count, "" if count == 1 else "s", note),
                                 node.get(parts[-1] + "/", ["", {}])[1]]
    lines = ["Name scopes (ops)"]
    _render(root, lines)
    at_root = sum(1 for op in graph.get_operations() if "/" not in op.name)
    if at_root:
        lines.append("(%d ops at the root)" % at_root)
    return "\n".join(lines)


def scope_tree(graph: Graph | None = None, depth: int | None = None) -> str:
    """Both trees, the variable scopes first."""
    return variable_scope_tree(graph) + "\n\n" + name_scope_tree(graph, depth)
