"""The ``graphscope`` command line.

    graphscope demo                 build the bundled example model, print its variables and scope trees
    graphscope vars SCRIPT.py       the variable table of the graph SCRIPT.py builds
    graphscope tree SCRIPT.py       its variable-scope and name-scope trees

SCRIPT.py is ordinary TF1-style code (``import graphscope as tf`` or ``import tensorflow as tf``, which
is redirected to graphscope while it runs). The graph shown is the default graph after it runs, or,
if that is empty, the largest graph it built.
"""
from __future__ import annotations

import argparse
import runpy
import sys

import graphscope
from graphscope import graph as graph_module
from graphscope.viz import text


def _load_script(path: str, args: list[str]) -> graphscope.Graph:
    """Run ``path`` as ``__main__`` in a fresh default graph; return the graph it built."""
    graphscope.reset_default_graph()
    before = set(map(id, graph_module._ALL_GRAPHS))
    saved_argv, saved_tf = sys.argv, sys.modules.get("tensorflow")
    sys.argv = [path] + args
    sys.modules["tensorflow"] = graphscope  # TF1 scripts run unchanged
    try:
        runpy.run_path(path, run_name="__main__")
    finally:
        sys.argv = saved_argv
        if saved_tf is None:
            sys.modules.pop("tensorflow", None)
        else:
            sys.modules["tensorflow"] = saved_tf
    default = graphscope.get_default_graph()
    if default.get_operations():
        return default
    built = [g for g in graph_module._ALL_GRAPHS if id(g) not in before]
    return max(built, key=lambda g: len(g.get_operations()), default=default)


def _demo(out) -> int:
    from graphscope.examples import shared_embedding
    graph = graphscope.Graph()
    with graph.as_default():
        model = shared_embedding.build()
    print("graphscope demo: the bundled model graphscope.examples.shared_embedding", file=out)
    print("(two towers share an embedding table and their layers through variable scopes)\n", file=out)
    print("%d ops, %d variables, loss tensor %s\n" % (len(graph.get_operations()),
                                                     len(text.variable_rows(graph)), model["loss"].name), file=out)
    print(text.variable_table(graph), file=out)
    print("", file=out)
    print(text.scope_tree(graph, depth=2), file=out)
    return 0


def main(argv: list[str] | None = None, out=None) -> int:
    """Entry point of the ``graphscope`` console script; returns the exit status."""
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="graphscope", description="See TF1-style graphs: variables, scopes, pictures.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="build the bundled example model; print its variables and scope trees")
    for name, help_text in (("vars", "the variable table of the graph a script builds"),
                            ("tree", "the variable-scope and name-scope trees of the graph a script builds")):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("script", help="a Python file that builds a graph (TF1 style)")
        command.add_argument("script_args", nargs=argparse.REMAINDER, help="arguments passed to the script")
        if name == "tree":
            command.add_argument("--depth", type=int, default=None, help="name-scope levels to show")
    options = parser.parse_args(argv)
    if options.command == "demo":
        return _demo(out)
    graph = _load_script(options.script, options.script_args)
    if options.command == "vars":
        print(text.variable_table(graph), file=out)
    else:
        print(text.scope_tree(graph, depth=options.depth), file=out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
