"""What a picture of a graph shows: which ops are hidden, how name scopes nest, where the depth cut
collapses a scope into one node, which siblings form a series, and the edges between what is drawn.

This is the data behind :func:`graphscope.viz.draw_graph`, kept apart from the styling (no graphviz
here). Everything is computed with dicts over ``graph.get_operations()`` in a few linear passes, so a
10k-op graph is laid out in milliseconds.

- **Variables** are one node: the variable op and its read op (``w/read``, ``w/Read/ReadVariableOp``)
  are drawn together, so readers get their edge from the variable itself.
- **Hidden collections**: the items of each named collection are hidden, and with them the ops that
  only feed them (``w/Regularizer/...``) and the ops that only consume them (``init``,
  ``total_regularization_loss``). ``"initializers"`` is not a real collection: it hides every
  variable's initializer op (``w/Assign``) and the ops under ``w/Initializer/`` and ``w/IsInitialized/``.
- **Scopes** become clusters; an op whose name is also a scope (``GatherV2`` beside ``GatherV2/axis``)
  sits inside that scope's cluster, as TensorBoard draws it.
- **Depth cut**: with ``depth=k``, a scope ``k`` levels below the picture's root is one node holding all
  ops under it; edges to its ops go to that node.
- **Series**: siblings ``foo``, ``foo_1``, ... ``foo_n`` (or ``foo_0`` ... ``foo_n``; at least
  ``min_series`` of them, 5 by default as in TensorBoard) of the same structure (scopes holding the
  same relative op names and types, or ops of the same type) are one node ``foo[0-n]``.
- **Shared variables**: a variable read from two or more name scopes, or reused by ``get_variable``.

>>> import graphscope as tf
>>> with tf.Graph().as_default() as g:
...     x = tf.placeholder(tf.float32, [None, 2], name="x")
...     for _ in range(3):
...         with tf.name_scope("block"):
...             x = tf.nn.relu(x)
>>> layout = layout_graph(g, min_series=3)
>>> sorted(layout.items)
['block[0-2]', 'x']
>>> layout.items["block[0-2]"].members, layout.items["block[0-2]"].op_count
(3, 3)
>>> [(e.tail, e.head) for e in layout.edges]
[('x', 'block[0-2]')]
>>> sorted(layout_graph(g).items)  # fewer than 5: drawn one by one
['block/Relu', 'block_1/Relu', 'block_2/Relu', 'x']
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from graphscope.graph import Graph, GraphKeys, get_default_graph
from graphscope.tensor import Operation, Tensor
from graphscope.viz.text import scope_openers

__all__ = ["Item", "Edge", "Cluster", "GraphLayout", "layout_graph", "hidden_ops", "op_kind", "edge_label",
           "tensor_label", "VARIABLE_TYPES", "INITIALIZERS"]

VARIABLE_TYPES = frozenset({"VariableV2", "Variable", "VarHandleOp"})
PLACEHOLDER_TYPES = frozenset({"Placeholder", "PlaceholderWithDefault"})
INITIALIZERS = "initializers"
"""The pseudo-collection of variable initializers: ``hide_collections=("initializers",)``."""

_SERIES_NAME = re.compile(r"^(.*?)(?:_(\d+))?$")
_GRADIENT_SCOPE = re.compile(r"^gradients(?:_\d+)?/")  # gradient ops don't make a variable "shared"
_UPDATE_TYPE = re.compile(r"^(?:Resource)?(?:Sparse)?(?:Apply|Assign|Scatter|VarIsInitialized|IsVariableInitialized"
                          r"|DestroyResource|CountUpTo)")


def op_kind(op: Operation) -> str:
    """'variable', 'placeholder', 'constant' or 'op': what a picture draws ``op`` as.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     op_kind(tf.constant(1.0).op), op_kind(tf.placeholder(tf.float32).op)
    ('constant', 'placeholder')
    """
    kind = op._type
    if kind in VARIABLE_TYPES:
        return "variable"
    if kind in PLACEHOLDER_TYPES:
        return "placeholder"
    if kind == "Const":
        return "constant"
    return "op"


@dataclass
class Item:
    """One node of the picture.

    ``kind`` is 'op', 'variable', 'placeholder', 'constant' (one op), 'scope' (a collapsed scope),
    'series' (siblings drawn as one) or 'outside' (an op beyond the ``scope=`` subtree). ``id`` is the
    DOT node id: the op name, the scope path ending in '/', or the series name ``parent/foo[0-2]``.
    """

    id: str
    kind: str
    label: str
    parent: str  # the cluster it is drawn in ('' or the subtree's root: the top level)
    ops: list = field(default_factory=list)
    members: int = 1  # series: how many siblings
    member_kind: str = ""  # series: 'scope' or the kind of its ops
    shared: bool = False  # variables: read from several name scopes, or reused by get_variable
    shared_by: list = field(default_factory=list)  # variables: the name scopes reading it
    shared_variables: int = 0  # collapsed scopes and series: shared variables inside
    opened_by: str | None = None  # collapsed scopes: the variable scope that opened it under another name

    @property
    def op_count(self) -> int:
        return len(self.ops)


@dataclass
class Edge:
    """Data (``control=False``, with the tensors it carries) or control dependency between two items."""

    tail: str
    head: str
    control: bool
    tensors: list = field(default_factory=list)
    shared: bool = False  # carries a shared variable's value


@dataclass
class Cluster:
    """An expanded name scope: the items and child clusters drawn inside it."""

    path: str
    label: str
    items: list = field(default_factory=list)
    children: list = field(default_factory=list)
    opened_by: str | None = None  # the variable scope that opened it, when named differently


@dataclass
class GraphLayout:
    """Everything a picture draws: ``items`` by id, ``clusters`` by path ('' or the subtree's root is
    the top level and is not drawn as a cluster), ``edges`` (one per item pair and kind)."""

    root: str
    items: dict
    clusters: dict
    edges: list
    hidden: int  # how many ops of the picture's subtree were hidden


def _parent(name: str) -> str:
    cut = name.rfind("/")
    return name[:cut] if cut >= 0 else ""


def _variables(graph: Graph) -> list:
    found, seen = [], set()
    for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES):
        for v in graph.get_collection(key):
            if id(v) not in seen:
                seen.add(id(v))
                found.append(v)
    return found


def _consumers(ops: list) -> dict:
    """{op: [ops taking one of its outputs or it as a control input]}, one pass."""
    consumers: dict = {}
    for op in ops:
        for t in op._inputs:
            consumers.setdefault(t._op, []).append(op)
        for c in op._control_inputs:
            consumers.setdefault(c, []).append(op)
    return consumers


def hidden_ops(graph: Graph, hide_collections=(INITIALIZERS,), ops: list | None = None,
               consumers: dict | None = None) -> set:
    """The ops a picture leaves out for ``hide_collections``: each collection's items (variables,
    tensors, ops), the ops that only feed them and the ops that only consume them.

    >>> import graphscope as tf
    >>> with tf.Graph().as_default() as g:
    ...     w = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
    ...     init = tf.global_variables_initializer()
    >>> sorted(op.name for op in hidden_ops(g))
    ['init', 'w/Assign', 'w/Initializer/zeros']
    """
    ops = graph.get_operations() if ops is None else ops
    if not hide_collections:
        return set()
    consumers = _consumers(ops) if consumers is None else consumers
    hidden: set = set()
    for key in hide_collections:
        if key == INITIALIZERS:
            variables = _variables(graph)
            names = {v.op.name for v in variables}
            hidden.update(v.initializer for v in variables if getattr(v, "initializer", None) is not None)
            for op in ops:
                name = op._name
                for marker in ("/Initializer/", "/IsInitialized/"):
                    cut = name.find(marker)
                    if cut > 0 and name[:cut] in names:
                        hidden.add(op)
            continue
        for item in graph.get_collection(key):
            if isinstance(item, Operation):
                hidden.add(item)
            elif isinstance(item, Tensor):
                hidden.add(item._op)
            elif hasattr(item, "op") and hasattr(item, "initializer"):  # a variable: all of it
                hidden.add(item.op)
                if item.initializer is not None:
                    hidden.add(item.initializer)
    # Ops that only feed hidden ops (an initializer's random_uniform, a regularizer's L2Loss) ...
    work = list(hidden)
    while work:
        op = work.pop()
        for producer in [t._op for t in op._inputs] + list(op._control_inputs):
            if producer in hidden or producer._type in VARIABLE_TYPES or producer._type in PLACEHOLDER_TYPES:
                continue
            if all(c in hidden for c in consumers.get(producer, ())):
                hidden.add(producer)
                work.append(producer)
    # ... and ops all of whose inputs are hidden (init, total_regularization_loss, w/read of a hidden w).
    for op in ops:
        if op in hidden:
            continue
        inputs = [t._op for t in op._inputs] + op._control_inputs
        if inputs and all(p in hidden for p in inputs):
            hidden.add(op)
    return hidden


def _folded_read(op: Operation) -> Operation | None:
    """The variable op whose read ``op`` is (``w/read``, ``w/Read/ReadVariableOp``), else None."""
    if op._type not in ("Identity", "ReadVariableOp") or len(op._inputs) != 1:
        return None
    source = op._inputs[0]._op
    if source._type in VARIABLE_TYPES and op._name in (source._name + "/read", source._name + "/Read/ReadVariableOp"):
        return source
    return None


def _series_label(base: str, indices: list) -> str:
    """'foo[0-2,5]' for indices [0, 1, 2, 5]."""
    runs, start = [], None
    for i, index in enumerate(indices):
        if start is None:
            start = index
        if i + 1 == len(indices) or indices[i + 1] != index + 1:
            runs.append(str(start) if start == index else "%d-%d" % (start, index))
            start = None
    return "%s[%s]" % (base, ",".join(runs))


def layout_graph(graph: Graph | None = None, depth: int | None = None, scope: str | None = None,
                 hide_collections=(INITIALIZERS,), group_series: bool = True, min_series: int = 5) -> GraphLayout:
    """Decide what a picture of ``graph`` draws (see the module docstring); ``draw_graph`` styles it.

    Raises
    ------
    ValueError
        ``depth`` below 1, or ``scope`` naming no op or scope of the graph.
    """
    graph = graph or get_default_graph()
    if depth is not None and depth < 1:
        raise ValueError("depth=%r: the depth cut counts name-scope levels and starts at 1 (None draws all)." % depth)
    ops = graph.get_operations()
    consumers = _consumers(ops)
    hidden = hidden_ops(graph, hide_collections, ops, consumers)
    root = (scope or "").strip("/")
    prefix = root + "/" if root else ""
    inside = [op for op in ops if not root or op._name.startswith(prefix) or op._name == root]
    if root and not inside:
        raise ValueError(_no_such_scope(ops, root))
    visible = [op for op in inside if op not in hidden]

    # Entities: an op, or a variable with its read op folded into it.
    entity_of: dict = {}  # op -> the op it is drawn as
    for op in visible:
        entity_of[op] = op
    for op in visible:
        source = _folded_read(op)
        if source is not None and source in entity_of:
            entity_of[op] = source
    entities = [op for op in visible if entity_of[op] is op]

    # Scopes that hold entities; the cluster (container) each entity sits in.
    scopes: set = set()
    root_len = len(root)
    root_levels = root.count("/") + 1 if root else 0
    for op in entities:
        path = _parent(op._name)
        while len(path) > root_len and path not in scopes:
            scopes.add(path)
            path = _parent(path)
    container: dict = {}
    for op in entities:
        name = op._name
        container[op] = name if name in scopes else (root if name == root else _parent(name))

    def levels(path: str) -> int:  # name-scope levels below the picture's root
        if len(path) <= root_len:
            return 0
        return path[len(prefix):].count("/") + 1

    openers = _openers(graph)
    items: dict = {}
    key_of: dict = {}  # entity -> item id (before series grouping)
    for op in entities:
        where = container[op]
        if depth is not None and levels(where) >= depth:
            cut = "/".join(where.split("/")[:root_levels + depth])
            item = items.get(cut + "/")
            if item is None:
                item = items[cut + "/"] = Item(cut + "/", "scope", cut.rsplit("/", 1)[-1] + "/", _parent(cut),
                                               opened_by=openers.get(cut))
            key_of[op] = item.id
        else:
            item = items[op._name] = Item(op._name, op_kind(op), op._name.rsplit("/", 1)[-1], where)
            key_of[op] = op._name
        item.ops.append(op)
    for op in visible:
        if entity_of[op] is not op:
            items[key_of[entity_of[op]]].ops.append(op)

    # Clusters: every scope an item sits in, up to the root.
    clusters: dict = {root: Cluster(root, root)}
    for item in list(items.values()):
        path, child = item.parent, None
        while True:
            cluster = clusters.get(path)
            known = cluster is not None
            if not known:
                cluster = clusters[path] = Cluster(path, path.rsplit("/", 1)[-1], opened_by=openers.get(path))
            if child is None:
                cluster.items.append(item.id)
            elif child not in cluster.children:
                cluster.children.append(child)
            if known or path == root:
                break
            path, child = _parent(path), path
            if len(path) < root_len:
                path = root

    # Series: siblings foo, foo_1, ... of the same structure become one item.
    redirect: dict = {}  # scope path or item id -> series item id
    if group_series:
        _group_series(clusters, items, root, redirect, min_series)

    def final(op) -> str:
        key = key_of[entity_of[op]]
        if not redirect:
            return key
        found = redirect.get(key)
        path = container[entity_of[op]]
        while found is None and len(path) > root_len:
            found = redirect.get(path)
            path = _parent(path)
        return found or key

    item_of = {op: final(op) for op in visible}
    if redirect:
        for old in list(items):
            if old in redirect or any(p in redirect for p in _ancestors(items[old].parent, root_len)):
                items.pop(old)
        for path in list(clusters):
            if path in redirect or any(p in redirect for p in _ancestors(_parent(path), root_len)):
                clusters.pop(path)
        for cluster in clusters.values():
            cluster.children = [c for c in cluster.children if c in clusters]
            cluster.items = [i for i in cluster.items if i in items]

    # Edges, and who reads each variable.
    edges: dict = {}
    carried: dict = {}  # edge key -> the ids of the tensors it carries
    readers: dict = {}  # variable op -> set of reader scopes
    stub_ops: dict = {}  # stub id -> the ids of its ops

    def stub(op) -> str:
        source = _folded_read(op)
        name = (source or op)._name
        parts = name.split("/")
        if len(parts) > root_levels + 1:  # outside ops are shown one level below their common prefix
            name = "/".join(parts[:root_levels + 1]) + "/"
        item = items.get(name)
        if item is None:
            item = items[name] = Item(name, "outside", name, root)
            clusters[root].items.append(name)
            stub_ops[name] = set()
        if id(op) not in stub_ops[name]:
            stub_ops[name].add(id(op))
            item.ops.append(op)
        return name

    def add(tail: str, head: str, control: bool, tensor=None) -> None:
        if tail == head:
            return
        key = (tail, head, control)
        edge = edges.get(key)
        if edge is None:
            edge = edges[key] = Edge(tail, head, control)
            carried[key] = set()
        if tensor is not None and id(tensor) not in carried[key]:
            carried[key].add(id(tensor))
            edge.tensors.append(tensor)

    def note_reader(tensor, consumer) -> None:
        producer = tensor._op
        variable = producer if producer._type in VARIABLE_TYPES else _folded_read(producer)
        if variable is None or consumer is producer or _UPDATE_TYPE.match(consumer._type):
            return
        name = consumer._name
        if name.startswith(variable._name + "/") or _GRADIENT_SCOPE.match(name):
            return
        entity = entity_of.get(consumer)
        where = container.get(entity) if entity is not None else None
        if where is None:
            where = _parent(name)
        readers.setdefault(variable, set()).add(where)

    in_scope = set(inside) if root else None
    for op in visible:
        head = item_of[op]
        for t in op._inputs:
            producer = t._op
            if producer in hidden:
                continue
            tail = item_of.get(producer)
            if tail is None:  # outside the subtree
                tail = stub(producer)
            add(tail, head, False, t)
            note_reader(t, op)
        for producer in op._control_inputs:
            if producer in hidden:
                continue
            tail = item_of.get(producer)
            add(stub(producer) if tail is None else tail, head, True)
    for op in ops if in_scope is not None else ():  # consumers outside the subtree
        if op in hidden or op in in_scope:
            continue
        for t in op._inputs:
            tail = item_of.get(t._op)
            if tail is not None:
                add(tail, stub(op), False, t)
                note_reader(t, op)
        for producer in op._control_inputs:
            tail = item_of.get(producer)
            if tail is not None:
                add(tail, stub(op), True)
    reused = _reused_variables(graph)
    shared: set = set()
    for item in items.values():
        for op in item.ops:
            if op._type in VARIABLE_TYPES:
                scopes_reading = sorted(readers.get(op, ()))
                if len(scopes_reading) >= 2 or op._name in reused:
                    shared.add(op)
                    if item.kind == "variable":
                        item.shared, item.shared_by = True, scopes_reading
                    elif item.kind != "outside":
                        item.shared_variables += 1
    if shared:
        for edge in edges.values():
            edge.shared = any(t._op in shared or _folded_read(t._op) in shared for t in edge.tensors)
    return GraphLayout(root, items, clusters, list(edges.values()), len(inside) - len(visible))


def _ancestors(path: str, root_len: int):
    while len(path) > root_len:
        yield path
        path = _parent(path)


def _openers(graph: Graph) -> dict:
    """{name scope: variable scope} where a variable scope opened a name scope of another name."""
    found = {}
    for name_scope, var_scopes in scope_openers(graph).items():
        if var_scopes and var_scopes[-1] != name_scope:
            found[name_scope] = var_scopes[-1]
    return found


def _reused_variables(graph: Graph) -> set:
    store = graph._stores.get("variables")
    return {name for name, kind, _ in getattr(store, "events", ()) if kind == "reused"}


def _no_such_scope(ops: list, root: str) -> str:
    parent = _parent(root)
    start = parent + "/" if parent else ""
    siblings = sorted({op._name[len(start):].split("/")[0] for op in ops if op._name.startswith(start)})
    shown = ", ".join(start + s for s in siblings[:12]) + (", ..." if len(siblings) > 12 else "")
    return ("No op or name scope %r in the graph; the names beside it are: %s." % (root, shown or "(none)"))


def _group_series(clusters: dict, items: dict, root: str, redirect: dict, min_series: int) -> None:
    """Replace runs of same-structured siblings ``foo``, ``foo_1``, ... by one series item each."""
    pending = [root]
    while pending:
        path = pending.pop()
        cluster = clusters[path]
        start = len(path) + 1 if path else 0
        groups: dict = {}
        for child in cluster.children:  # expanded scopes
            match = _SERIES_NAME.match(child[start:])
            groups.setdefault((match.group(1), "scope"), []).append((child, match.group(2), True))
        for item_id in cluster.items:
            item = items[item_id]
            name = item.id[:-1] if item.kind == "scope" else item.id
            match = _SERIES_NAME.match(name[start:])
            kind = "scope" if item.kind == "scope" else (item.kind, item.ops[0]._type)
            groups.setdefault((match.group(1), kind), []).append((item_id, match.group(2), False))
        for (base, kind), members in groups.items():
            if len(members) < min_series or not base:
                continue
            by_signature: dict = {}
            for member in members:
                key = member[0].rstrip("/")
                signature = _scope_signature(key, items, clusters) if kind == "scope" else kind
                by_signature.setdefault(signature, []).append(member)
            for same in by_signature.values():
                indices = [int(index) if index else 0 for _, index, _ in same]
                if len(same) < min_series or len(set(indices)) != len(indices):
                    continue
                order = sorted(range(len(same)), key=indices.__getitem__)
                same = [same[i] for i in order]
                indices = sorted(indices)
                label = _series_label(base, indices)
                series_id = (path + "/" if path else "") + label
                member_kind = "scope" if kind == "scope" else kind[0]
                series = items[series_id] = Item(series_id, "series", label, path, members=len(same),
                                                 member_kind=member_kind)
                for member_id, _, expanded in same:
                    redirect[member_id] = series_id
                    if expanded:
                        series.ops.extend(_ops_under(member_id, items, clusters))
                    else:
                        series.ops.extend(items[member_id].ops)
                        redirect[member_id.rstrip("/")] = series_id
                cluster.items.append(series_id)
        pending.extend(c for c in cluster.children if c not in redirect)


def _ops_under(path: str, items: dict, clusters: dict) -> list:
    found = []
    pending = [path]
    while pending:
        cluster = clusters[pending.pop()]
        for item_id in cluster.items:
            found.extend(items[item_id].ops)
        pending.extend(cluster.children)
    return found


def _scope_signature(path: str, items: dict, clusters: dict) -> tuple:
    """The relative names and types of the ops under scope ``path`` (collapsed or expanded)."""
    item = items.get(path + "/")
    ops = item.ops if item is not None and item.kind == "scope" else _ops_under(path, items, clusters)
    start = len(path) + 1
    return tuple(sorted((op._name[start:], op._type) for op in ops))


def edge_label(edge: Edge) -> str:
    """'float32 [?,16]' for one tensor, '... ×3' for several alike, one line per kind for up to three
    kinds, else 'n tensors'."""
    if edge.control or not edge.tensors:
        return ""
    labels = Counter(tensor_label(t) for t in edge.tensors)
    if len(labels) > 3:
        return "%d tensors" % len(edge.tensors)
    return "\\n".join(label if count == 1 else "%s ×%d" % (label, count) for label, count in labels.items())


def tensor_label(tensor: Tensor) -> str:
    """dtype and static shape: 'float32 [?,16]', 'int32 []' (a scalar), 'float32 [...]' (unknown rank).

    >>> import graphscope as tf
    >>> with tf.Graph().as_default():
    ...     tensor_label(tf.placeholder(tf.float32, [None, 16]))
    'float32 [?,16]'
    """
    dims = tensor._dims
    dtype = tensor._dtype.base_dtype.name
    if dims is None:
        return dtype + " [...]"
    return "%s [%s]" % (dtype, ",".join("?" if d is None else str(d) for d in dims))
