"""Regenerate the PNGs of docs/pictures.md with the real ``dot``:

    .venv/bin/python docs/pictures/render.py
"""
import os
import runpy

import graphscope as tf
from graphscope.examples import shared_embedding
from graphscope.trace import traced_run
from graphscope.viz import draw_graph, draw_scope_trees, render

HERE = os.path.dirname(os.path.abspath(__file__))


def repeated_blocks(blocks=6):
    """A stack of identical blocks (``block``, ``block_1``, ...): drawn as one series node."""
    x = tf.placeholder(tf.float32, [None, 8], name="x")
    for _ in range(blocks):
        with tf.variable_scope(None, default_name="block"):
            w = tf.get_variable("w", [8, 8])
            x = tf.nn.relu(tf.matmul(x, w)) + x
    return tf.reduce_sum(x, name="total")


def main():
    demo = tf.Graph()
    with demo.as_default():
        model = shared_embedding.build()
        init = tf.global_variables_initializer()
    with tf.Session(graph=demo) as session:
        session.run(init)
        trace = traced_run(session, model["logits"], {model["left_ids"]: [1, 2], model["right_ids"]: [3, 4]})
    build_mlp = runpy.run_path(os.path.join(HERE, "mlp_shared_embedding.py"))["build"]
    mlp = tf.Graph()
    with mlp.as_default():
        build_mlp()
    training = tf.Graph()
    with training.as_default():
        build_mlp(train=True)
    blocks = tf.Graph()
    with blocks.as_default():
        repeated_blocks()
    pictures = {
        "demo_graph.png": draw_graph(demo),
        "demo_depth2.png": draw_graph(demo, depth=2),
        "demo_scopes.png": draw_scope_trees(demo, depth=2),
        "demo_trace.png": draw_graph(trace=trace, depth=2),
        "mlp_graph.png": draw_graph(mlp),
        "mlp_depth1.png": draw_graph(mlp, depth=1),
        "mlp_layer_1.png": draw_graph(mlp, scope="mlp/layer_1"),
        "mlp_scopes.png": draw_scope_trees(mlp, depth=2),
        "mlp_train_depth1.png": draw_graph(training, depth=1),
        "series.png": draw_graph(blocks),
    }
    for name, picture in pictures.items():
        print(render(picture, os.path.join(HERE, name)))


if __name__ == "__main__":
    main()
