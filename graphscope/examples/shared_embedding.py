"""A small TF1-style model: two towers sharing an embedding table and their layers.

It shows what variable scopes are for: ``embedding/table`` and ``tower/layer_*/w`` are created by the
first tower and *reused* by the second (``reuse=tf.AUTO_REUSE``), while the second tower's ops land
in name scopes ``tower_1/...`` beside the variables' ``tower/...`` prefix.

>>> import graphscope as tf
>>> with tf.Graph().as_default():
...     model = build()
...     names = sorted(v.name for v in tf.trainable_variables())
>>> names[:3], len(names)
(['embedding/table:0', 'head/b:0', 'head/w:0'], 7)
>>> model["loss"].name
'loss:0'
"""
import graphscope as tf


def dense(x, width, activation=None):
    """``activation(x @ w + b)`` with ``w``/``b`` from ``get_variable`` in the current scope."""
    w = tf.get_variable("w", [x.shape[-1].value, width])
    b = tf.get_variable("b", [width], initializer=tf.zeros_initializer())
    y = tf.matmul(x, w) + b
    return activation(y) if activation is not None else y


def embed(ids, vocab, dim):
    with tf.variable_scope("embedding", reuse=tf.AUTO_REUSE):
        table = tf.get_variable("table", [vocab, dim])
    return tf.gather(table, ids)


def tower(x, widths):
    with tf.variable_scope("tower", reuse=tf.AUTO_REUSE):
        for i, width in enumerate(widths):
            with tf.variable_scope("layer_%d" % i):
                x = dense(x, width, tf.nn.relu)
    return x


def build(vocab=50, dim=8, widths=(16, 16), classes=3):
    """Build the model in the default graph; returns its placeholders and loss by name."""
    left = tf.placeholder(tf.int32, [None], name="left_ids")
    right = tf.placeholder(tf.int32, [None], name="right_ids")
    labels = tf.placeholder(tf.float32, [None, classes], name="labels")
    features = tf.concat([tower(embed(left, vocab, dim), widths), tower(embed(right, vocab, dim), widths)], 1)
    with tf.variable_scope("head"):
        logits = dense(features, classes)
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits), name="loss")
    return {"left_ids": left, "right_ids": right, "labels": labels, "logits": logits, "loss": loss}
