"""The documentation is tested like code: every example of the guide runs, and the site builds.

Each guide page (``docs/*.md``) runs top to bottom, in a fresh default graph and a fresh working
directory, its fenced code blocks sharing one namespace in order:

* ```` ```pycon ````: a doctest (``>>>`` lines and the output they print), checked with
  ``ELLIPSIS`` and ``NORMALIZE_WHITESPACE`` as the package's doctests are;
* ```` ```python ````: executed; one with a title (```` ```python title="model.py" ````) is a file
  the page talks about, written to the working directory instead;
* ```` ```console ````: ``$ graphscope ...`` commands, run through :func:`graphscope.cli.main`
  in the working directory, their output checked as a doctest's;
* ```` ```sh ````: instructions to type in a checkout (install, build the site), not run here;
  ```` ```text ```` and unlabelled fences: pictures made of characters, not code.

``test_mkdocs_builds_strict`` builds the site as CI does: ``mkdocs build --strict`` fails on any
warning (a broken link, a page missing from the nav, a docstring mkdocstrings cannot render).
"""
from __future__ import annotations

import doctest
import io
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

import graphscope as tf
from graphscope import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# The guide's pages, in the order of the site's nav.
GUIDE = ["index.md", "getting-started.md", "graphs-and-sessions.md", "scopes.md", "threads.md", "training.md",
         "visualising.md", "pictures.md", "command-line.md", "differences.md"]
# Every top-level page runs (a page added later runs too), but the design notes: a diagram, no examples.
PAGES = sorted(p.name for p in DOCS.glob("*.md") if p.name != "design.md")
RUN = {"pycon", "python", "console"}
NOT_RUN = {"sh", "text", ""}
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
                   re.MULTILINE | re.DOTALL)


def code_blocks(text: str) -> list[tuple[str, str, str, int]]:
    """(language, info string, body, first line number) of each fenced block of a Markdown page."""
    blocks = []
    for match in FENCE.finditer(text):
        info = match.group("info").strip()
        language = info.split()[0] if info else ""
        indent = match.group("indent")
        body = "".join(line.removeprefix(indent) for line in match.group("body").splitlines(keepends=True))
        blocks.append((language, info, body, text.count("\n", 0, match.start()) + 2))
    return blocks


def _title(info: str) -> str | None:
    found = re.search(r'title="([^"]+)"', info)
    return found.group(1) if found else None


def _check_output(want: str, got: str) -> bool:
    return doctest.OutputChecker().check_output(want, got, FLAGS)


def _run_console(body: str, where: str) -> list[str]:
    """Run each ``$ graphscope ...`` of a console block; return the mismatches."""
    failures = []
    commands = re.split(r"^\$ ", body, flags=re.MULTILINE)
    if commands[0].strip():
        failures.append("%s: a console block must start with '$ '" % where)
    for command in commands[1:]:
        line, _, want = command.partition("\n")
        argv = shlex.split(line)
        if argv[0] != "graphscope":
            failures.append("%s: only `graphscope` commands run in console blocks (use sh): %s" % (where, line))
            continue
        out = io.StringIO()
        status = cli.main(argv[1:], out=out)
        got = out.getvalue()
        if status != 0 or not _check_output(want, got):
            failures.append("%s: $ %s\nexit status %s\nexpected:\n%s\ngot:\n%s" % (where, line, status, want, got))
    return failures


def run_page(path: Path) -> list[str]:
    """Run the code blocks of one page in order; return a description of each failure."""
    text = path.read_text(encoding="utf-8")
    globs: dict = {"__name__": "__docs__"}
    parser = doctest.DocTestParser()
    failures = []
    for language, info, body, line in code_blocks(text):
        where = "docs/%s:%d" % (path.name, line)
        if language in NOT_RUN:
            continue
        if language not in RUN:
            failures.append("%s: unknown code block language %r (use one of %s)"
                            % (where, language, sorted(RUN | NOT_RUN)))
        elif language == "pycon":
            test = parser.get_doctest(body, globs, where, str(path), line - 1)
            out = io.StringIO()
            runner = doctest.DocTestRunner(optionflags=FLAGS)
            result = runner.run(test, out=out.write, clear_globs=False)
            globs.update(test.globs)
            if result.failed:
                failures.append(out.getvalue())
                break  # later blocks depend on this one
        elif language == "python" and _title(info):
            Path(_title(info)).write_text(body, encoding="utf-8")
        elif language == "python":
            try:
                exec(compile(body, where, "exec"), globs)  # noqa: S102
            except Exception as exc:  # noqa: BLE001 (reported as the test's failure)
                failures.append("%s: %s: %s" % (where, type(exc).__name__, exc))
                break
        else:
            failures.extend(_run_console(body, where))
    return failures


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A fresh default graph and an empty working directory for a page."""
    monkeypatch.chdir(tmp_path)
    tf.reset_default_graph()
    yield tmp_path
    tf.reset_default_graph()


def test_the_guide_pages_are_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in GUIDE:
        assert (DOCS / page).exists(), page
        assert ": %s\n" % page in nav, page


@pytest.mark.parametrize("page", PAGES)
def test_guide_examples_run(page, fresh):
    failures = run_page(DOCS / page)
    assert not failures, "\n\n".join(failures)


def test_every_guide_page_has_examples():
    for page in GUIDE:
        if page in ("index.md", "differences.md"):
            continue
        languages = [language for language, *_ in code_blocks((DOCS / page).read_text(encoding="utf-8"))]
        assert any(language in RUN for language in languages), page


def test_code_blocks_are_found():
    text = "a\n```pycon\n>>> 1 + 1\n2\n```\n\n    ```python\n    x = 1\n    ```\n"
    assert code_blocks(text) == [("pycon", "pycon", ">>> 1 + 1\n2\n", 3), ("python", "python", "x = 1\n", 8)]


def test_a_failing_example_is_reported(tmp_path, fresh):
    page = tmp_path / "page.md"
    page.write_text("```pycon\n>>> 1 + 1\n3\n```\n", encoding="utf-8")
    failures = run_page(page)
    assert len(failures) == 1 and "Expected:\n    3\nGot:\n    2" in failures[0]


def test_readme_links_the_guide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in GUIDE + ["design.md"]:
        assert "(docs/%s)" % page in readme, page


def test_mkdocs_builds_strict(tmp_path):
    """The site builds without a single warning (what CI needs), and fast."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    for page in GUIDE[1:]:
        assert (tmp_path / "site" / page.replace(".md", "") / "index.html").exists(), page
    assert (tmp_path / "site" / "index.html").exists()
    assert (tmp_path / "site" / "api" / "scopes" / "index.html").exists()
    assert elapsed < 30, "the docs build took %.1f s" % elapsed
