"""Bundled example models (the README's demo builds :func:`shared_embedding.build`)."""
