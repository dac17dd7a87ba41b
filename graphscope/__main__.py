"""``python -m graphscope``: the command line (see ``graphscope.cli``)."""

if __name__ == "__main__":
    from graphscope.cli import main

    raise SystemExit(main())
