"""Pictures and text views of graphs and scopes (read-only consumers of the graph).

- :func:`draw_graph`: a graph as a ``graphviz.Digraph`` (scopes as clusters, depth cut, subtree,
  hidden collections, series, shared variables); :func:`render` writes it to .svg/.png/.pdf/.dot.
- :func:`draw_scope_trees`: the variable-scope tree beside the name-scope tree, as a picture.
- The text views: :func:`variable_table`, :func:`scope_tree` and their data (:func:`variable_rows`,
  :func:`name_scope_rows`, :func:`scope_openers`).
- Importing this package gives Graph and VariableScope their notebook display (inline SVG).
"""
from graphscope.viz.text import (
    name_scope_rows, name_scope_tree, scope_openers, scope_tree, variable_rows, variable_scope_tree, variable_table,
)
from graphscope.viz.grouping import layout_graph
from graphscope.viz.pictures import draw_graph, render, to_svg
from graphscope.viz.scope_pictures import draw_scope_trees
from graphscope.viz import notebook as _notebook

_notebook.install()

__all__ = ["name_scope_tree", "scope_tree", "variable_rows", "variable_scope_tree", "variable_table",
           "name_scope_rows", "scope_openers", "layout_graph", "draw_graph", "draw_scope_trees", "render", "to_svg"]
