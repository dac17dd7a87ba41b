"""A griffe extension used by the docs build (``mkdocs.yml``): make graphscope's docstrings read well
as Markdown without changing them in the package.

* Doctest runs (a ``>>>`` line and what follows it up to a blank line) become fenced ``pycon``
  blocks; unfenced, Markdown would read every ``>`` as a block quote.
* Sphinx roles (``:class:`~graphscope.executor.Plan```, ``:mod:`graphscope.variables```, ...)
  become code spans (``Plan``, ``graphscope.variables``).
"""
from __future__ import annotations

import re

import griffe

_ROLE = re.compile(r":(?:py:)?(?:mod|class|func|meth|attr|data|obj|exc|const):`(~?)([^`]+)`")


def _role_to_code(match: re.Match) -> str:
    short, target = match.group(1), match.group(2)
    return "`%s`" % (target.rsplit(".", 1)[-1] if short else target)


def fence_doctests(text: str) -> str:
    """Wrap each doctest run of ``text`` in a ```` ```pycon ```` fence (already fenced code is left as is)."""
    out: list[str] = []
    in_fence = in_run = False
    indent = ""
    for line in text.splitlines():
        stripped = line.strip()
        if in_run and not stripped:
            out.append(indent + "```")
            in_run = False
        if not in_run and stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and not in_run and stripped.startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            out.append(indent + "```pycon")
            in_run = True
        out.append(line)
    if in_run:
        out.append(indent + "```")
    return "\n".join(out)


def convert(text: str) -> str:
    """Both rewrites: roles to code spans, doctest runs to fences."""
    return fence_doctests(_ROLE.sub(_role_to_code, text))


class MarkdownDocstrings(griffe.Extension):
    """Rewrite every docstring as :func:`convert` says, once the object tree is built."""

    def on_object(self, *, obj: griffe.Object, **kwargs) -> None:
        if obj.docstring is not None and not getattr(obj.docstring, "_graphscope_converted", False):
            obj.docstring.value = convert(obj.docstring.value)
            obj.docstring._graphscope_converted = True
