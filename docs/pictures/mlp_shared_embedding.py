"""A 3-layer MLP over a shared embedding, as TF1 code: the model drawn in docs/pictures.md.

Two id lists (a query and a document) are looked up in one embedding table (the second lookup
reuses it through ``reuse=tf.AUTO_REUSE``), averaged, concatenated and fed to three dense layers
under ``mlp/``. With ``train=True`` (``-- --train`` on the command line) a
``tf.train.GradientDescentOptimizer`` step is added.

    graphscope draw docs/pictures/mlp_shared_embedding.py -o mlp.svg
    graphscope draw docs/pictures/mlp_shared_embedding.py -o mlp_trees.png --trees
    graphscope draw docs/pictures/mlp_shared_embedding.py -o mlp_train.svg --depth 1 -- --train
"""
import sys

import graphscope as tf


def embed(ids, vocab=1000, dim=32):
    with tf.variable_scope("embedding", reuse=tf.AUTO_REUSE):
        table = tf.get_variable("table", [vocab, dim])
    return tf.reduce_mean(tf.gather(table, ids), axis=1)


def dense(x, width, activation=None):
    w = tf.get_variable("w", [x.shape[-1].value, width])
    b = tf.get_variable("b", [width], initializer=tf.zeros_initializer())
    y = tf.matmul(x, w) + b
    return activation(y) if activation is not None else y


def build(widths=(64, 32, 2), learning_rate=0.1, train=False):
    query = tf.placeholder(tf.int32, [None, 5], name="query_ids")
    document = tf.placeholder(tf.int32, [None, 5], name="document_ids")
    labels = tf.placeholder(tf.float32, [None, widths[-1]], name="labels")
    x = tf.concat([embed(query), embed(document)], axis=1, name="features")
    with tf.variable_scope("mlp"):
        for i, width in enumerate(widths):
            with tf.variable_scope("layer_%d" % i):
                x = dense(x, width, tf.nn.relu if i < len(widths) - 1 else None)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=x), name="loss")
    model = {"loss": loss, "logits": x}
    if train:
        model["train"] = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)
    return model


if __name__ == "__main__":
    build(train="--train" in sys.argv[1:])
