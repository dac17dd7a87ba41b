"""Fixtures shared by the test modules."""
import pytest

import graphscope as tf


@pytest.fixture
def g():
    """A fresh graph, the default graph for the test."""
    graph = tf.Graph()
    with graph.as_default():
        yield graph
