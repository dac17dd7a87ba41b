"""Pictures and text views of graphs and scopes (read-only consumers of the graph).

- :func:`draw_graph`: a graph as a ``graphviz.Digraph`` (scopes as clusters, depth cut, subtree,
  hidden collections, series, shared variables); :func:`render` writes it to .svg/.png/.pdf/.dot.
- :func:`draw_scope_trees`: the variable-scope tree beside the name-scope tree, as a picture.
- The text views: :func:`variable_table`, :func:`scope_tree` and their data (:func:`variable_rows`,
  :func:`name_scope_rows`, :func:`scope_openers`).
- Importing this package gives Graph and VariableScope their notebook display (inline SVG).
"""
import importlib

from graphscope.graph import Graph
from graphscope.scopes import VariableScope

# Public name -> the submodule that defines it. Submodules load on first use, so ``import graphscope``
# does not pay for graphviz (and works where the graphviz package is missing).
_EXPORTS = {
    "name_scope_rows": "text", "name_scope_tree": "text", "scope_openers": "text", "scope_tree": "text",
    "variable_rows": "text", "variable_scope_tree": "text", "variable_table": "text",
    "layout_graph": "grouping", "draw_graph": "pictures", "render": "pictures", "to_svg": "pictures",
    "draw_scope_trees": "scope_pictures",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError("module 'graphscope.viz' has no attribute %r" % name)
    value = getattr(importlib.import_module("graphscope.viz." + module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(list(globals()) + __all__)


def _display(function_name: str):
    """A ``_repr_mimebundle_`` method that imports the notebook module when a notebook first asks."""
    def method(self, include=None, exclude=None):
        from graphscope.viz import notebook
        return getattr(notebook, function_name)(self, include, exclude)
    method.__name__ = "_repr_mimebundle_"
    return method


# Notebook display (inline SVG, text when there is no `dot`), installed without importing graphviz.
Graph._repr_mimebundle_ = _display("graph_mimebundle")
VariableScope._repr_mimebundle_ = _display("variable_scope_mimebundle")


def _install_trace_display() -> None:
    from graphscope.trace import Trace
    Trace._repr_mimebundle_ = _display("trace_mimebundle")


_install_trace_display()
