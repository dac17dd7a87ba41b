"""The ``graphscope`` command line.

    graphscope demo [--out DIR]     build the bundled example model, print its variables and scope trees,
                                    write SVG pictures of its graph and scope trees (to out/)
    graphscope vars SCRIPT.py [-- SCRIPT ARGS]   the variable table of the graph SCRIPT.py builds
    graphscope tree SCRIPT.py [--depth N] [-- SCRIPT ARGS]   its variable-scope and name-scope trees
    graphscope draw SCRIPT.py -o out.svg [--depth N] [--scope S] [--trees] [-- SCRIPT ARGS]
                                    a picture of its graph (or scope trees): .svg, .png, .pdf or .dot

SCRIPT.py is ordinary TF1-style code (``import graphscope as tf`` or ``import tensorflow as tf``, which
is redirected to graphscope while it runs). The graph shown is the default graph after it runs, or,
if that is empty, the largest graph it built.
"""
from __future__ import annotations

import argparse
import os
import runpy
import sys

import graphviz

import graphscope
from graphscope import graph as graph_module
from graphscope.viz import text
from graphscope.viz.pictures import INSTALL_GRAPHVIZ


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


def _demo(out, directory: str = "out") -> int:
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
    print("", file=out)
    from graphscope.viz import draw_graph, draw_scope_trees, render
    pictures = ((os.path.join(directory, "demo_graph.svg"), lambda: draw_graph(graph)),
                (os.path.join(directory, "demo_scopes.svg"), lambda: draw_scope_trees(graph, depth=2)))
    try:
        for path, draw in pictures:
            render(draw(), path)
            print("wrote %s" % path, file=out)
    except graphviz.ExecutableNotFound:
        print("(no pictures) " + INSTALL_GRAPHVIZ, file=out)
    return 0


def _draw(graph: graphscope.Graph, options, out) -> int:
    from graphscope.viz import draw_graph, draw_scope_trees, render
    try:
        if options.trees:
            picture = draw_scope_trees(graph, depth=options.depth, scope=options.scope)
        else:
            picture = draw_graph(graph, depth=options.depth, scope=options.scope,
                                 hide_collections=() if options.show_all else ("initializers",),
                                 group_series=not options.no_series)
        render(picture, options.output)
    except ValueError as error:
        print("graphscope draw: %s" % error, file=sys.stderr)
        return 2
    except graphviz.ExecutableNotFound:
        print("graphscope draw: " + INSTALL_GRAPHVIZ + " (or write DOT source: -o picture.dot)", file=sys.stderr)
        return 1
    print("wrote %s" % options.output, file=out)
    return 0


def main(argv: list[str] | None = None, out=None) -> int:
    """Entry point of the ``graphscope`` console script; returns the exit status."""
    out = out or sys.stdout
    parser = argparse.ArgumentParser(prog="graphscope", description="See TF1-style graphs: variables, scopes, pictures.")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="build the bundled example model; print its variables and scope trees, "
                                            "write SVG pictures of it")
    demo.add_argument("--out", default="out", help="directory for the SVG pictures (default: out)")
    for name, help_text in (("vars", "the variable table of the graph a script builds"),
                            ("tree", "the variable-scope and name-scope trees of the graph a script builds"),
                            ("draw", "a picture of the graph a script builds (.svg, .png, .pdf or .dot)")):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("script", help="a Python file that builds a graph (TF1 style)")
        if name == "tree":
            command.add_argument("--depth", type=int, default=None, help="name-scope levels to show")
        if name == "draw":
            command.add_argument("-o", "--output", required=True,
                                 help="the picture to write; its extension picks the format (.svg .png .pdf .dot)")
            command.add_argument("--depth", type=int, default=None,
                                 help="name-scope levels to draw; deeper scopes are one node each")
            command.add_argument("--scope", default=None, help="draw only this name scope (e.g. model/layer_1)")
            command.add_argument("--trees", action="store_true",
                                 help="draw the variable-scope and name-scope trees instead of the graph "
                                      "(--scope is then a variable scope)")
            command.add_argument("--no-series", action="store_true", help="don't group foo, foo_1, ... into foo[0-n]")
            command.add_argument("--show-all", action="store_true", help="draw initializer ops too")
    argv = list(sys.argv[1:] if argv is None else argv)
    script_args: list = []
    if "--" in argv:  # options may follow SCRIPT.py; the script's own arguments come after --
        cut = argv.index("--")
        argv, script_args = argv[:cut], argv[cut + 1:]
    options = parser.parse_args(argv)
    options.script_args = script_args
    if options.command == "demo":
        return _demo(out, options.out)
    graph = _load_script(options.script, options.script_args)
    if options.command == "vars":
        print(text.variable_table(graph), file=out)
    elif options.command == "tree":
        print(text.scope_tree(graph, depth=options.depth), file=out)
    else:
        return _draw(graph, options, out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
