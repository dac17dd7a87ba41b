"""Pictures and text views of graphs and scopes (read-only consumers of the graph)."""
from graphscope.viz.text import name_scope_tree, scope_tree, variable_rows, variable_scope_tree, variable_table

__all__ = ["name_scope_tree", "scope_tree", "variable_rows", "variable_scope_tree", "variable_table"]
