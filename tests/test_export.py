"""Exports: GraphDef text (.pbtxt) and binary (.pb) as TensorFlow writes them, every node with the attrs
TensorFlow's op definitions require, write_graph, and the JSON form that rebuilds a Graph.

The tests marked with TensorBoard's protos (the ``export-check`` extra) parse the exports with
``google.protobuf`` against ``tensorboard.compat.proto.graph_pb2.GraphDef``; they are skipped when
TensorBoard is not installed (``make test`` installs it). With TensorFlow installed, one more test
imports the export into TensorFlow and runs it.
"""
import json
import os
import sys

import numpy as np
import pytest

import graphscope as tf
from graphscope.examples import shared_embedding
from graphscope.export import (
    EXPORT_ATTRS,
    GRAPHSCOPE_ONLY_OPS,
    AttrValue,
    GraphDef,
    TensorProto,
    from_json,
    graph_diff,
    to_json,
    write_graph,
)
from graphscope.export.graph_def import export_attrs
from graphscope.ops import registry

CONFORMANCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "conformance")


def node(graph, name):
    return next(n for n in graph.as_graph_def().node if n.name == name)


def model_graph(with_optimizer=False):
    """The bundled example model, and with ``with_optimizer`` gradients and a training step."""
    graph = tf.Graph()
    with graph.as_default():
        tf.set_random_seed(7)
        model = shared_embedding.build()
        if with_optimizer:
            if not hasattr(tf, "train"):
                pytest.skip("tf.train is not there yet")
            try:
                step = tf.train.get_or_create_global_step()
                tf.train.AdamOptimizer(0.01).minimize(model["loss"], global_step=step)
            except LookupError as e:  # a gradient not registered yet
                pytest.skip("gradients of the model are not all there yet: %s" % e)
        tf.global_variables_initializer()
    return graph, model


FEEDS = {"left_ids:0": np.array([1, 2, 3], np.int32), "right_ids:0": np.array([4, 5, 6], np.int32),
         "labels:0": np.eye(3, dtype=np.float32)}


def set_variables(sess, graph):
    """Deterministic variable values (so two graphs can be compared)."""
    for v in graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES):
        shape = v.shape.as_list()
        value = (np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape) % 7) / 10.0
        v.load(value.astype(v.dtype.base_dtype.as_numpy_dtype), sess)


# -- the text format ------------------------------------------------------------------------------


def test_const_float_values(g):
    tf.constant(1.5, name="scalar")
    tf.constant([1.0, 2.0], name="pair")
    tf.zeros([2, 3], name="zeros")
    assert str(node(g, "scalar")) == (
        'name: "scalar"\nop: "Const"\nattr {\n  key: "dtype"\n  value {\n    type: DT_FLOAT\n  }\n}\n'
        'attr {\n  key: "value"\n  value {\n    tensor {\n      dtype: DT_FLOAT\n      tensor_shape {\n      }\n'
        '      float_val: 1.5\n    }\n  }\n}\n')
    assert 'tensor_content: "\\000\\000\\200?\\000\\000\\000@"' in str(node(g, "pair"))
    zeros = str(node(g, "zeros"))
    assert "float_val: 0.0" in zeros and "tensor_content" not in zeros and "size: 3" in zeros


def test_const_other_dtypes(g):
    tf.constant(["ab", "c"], name="s")
    tf.constant([True, False], name="b")
    tf.constant(np.array([1, 2], np.int64), name="i64")
    tf.constant(np.float16(1.5), name="h")
    tf.constant(1 + 2j, name="z", dtype=tf.complex64)
    tf.constant(np.array([1, 7], np.int32), name="i32")
    assert 'string_val: "ab"\n' in str(node(g, "s")) and "dtype: DT_STRING" in str(node(g, "s"))
    assert "bool_val: true\n" in str(node(g, "b")) and "bool_val: false\n" in str(node(g, "b"))
    assert 'tensor_content: "\\001\\000\\000\\000\\000\\000\\000\\000\\002' in str(node(g, "i64"))
    assert "half_val: 15872\n" in str(node(g, "h"))  # the bits of 1.5 as float16
    assert "scomplex_val: 1.0\n" in str(node(g, "z")) and "scomplex_val: 2.0\n" in str(node(g, "z"))
    assert 'tensor_content: "\\001\\000\\000\\000\\007\\000\\000\\000"' in str(node(g, "i32"))


def test_float_text_is_shortest_float32():
    assert "f: 0.2\n" in str(AttrValue("f", 0.2))
    assert "float_val: 0.1\n" in str(TensorProto(np.float32(0.1)))
    assert "float_val: 1e-05\n" in str(TensorProto(np.float32(1e-5)))
    assert "float_val: nan\n" in str(TensorProto(np.float32("nan")))
    assert "float_val: -inf\n" in str(TensorProto(np.float32("-inf")))
    assert "double_val: 0.1\n" in str(TensorProto(np.float64(0.1)))


def test_placeholder_and_variable_attrs(g):
    tf.placeholder(tf.float32, [None, 3], name="x")
    tf.placeholder(tf.int32, name="any")
    tf.Variable([1.0, 2.0], name="v")
    x = str(node(g, "x"))
    assert 'key: "shape"' in x and "size: -1" in x and "size: 3" in x and "type: DT_FLOAT" in x
    assert "unknown_rank: true" in str(node(g, "any"))
    v = node(g, "v")
    assert set(v.attr) == {"shape", "dtype", "container", "shared_name"}
    assert v.attr["dtype"].type == tf.float32.as_datatype_enum  # base dtype, as TF writes it
    assign = node(g, "v/Assign")
    assert assign.input == ["v", "v/initial_value"]
    assert 's: "loc:@v"' in str(assign) and "b: true" in str(assign)
    assert set(assign.attr) == {"T", "validate_shape", "use_locking", "_class"}


def test_inputs_name_output_index_and_control_inputs(g):
    x = tf.placeholder(tf.float32, [4], name="x")
    a, b = tf.split(x, 2, name="split")
    first = tf.identity(x, name="first")
    with tf.control_dependencies([first]):
        tf.add(b, b, name="y")
    y_node = node(g, "y")
    assert y_node.input == ["split:1", "split:1", "^first"]
    assert "num_split" in node(g, "split").attr


def test_device_is_written(g):
    with tf.device("/cpu:0"):
        tf.constant(1.0, name="c")
    assert node(g, "c").device == g.get_operation_by_name("c").device != ""
    assert 'device: "%s"' % node(g, "c").device in str(node(g, "c"))


def test_missing_attrs_are_derived_from_inputs(g):
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    y = tf.reduce_sum(x, 1, name="s")
    del y.op._attrs["Tidx"], y.op._attrs["keep_dims"], y.op._attrs["T"]  # as if the op had not recorded them
    attrs = node(g, "s").attr
    assert attrs["T"].type == tf.float32.as_datatype_enum
    assert attrs["Tidx"].type == tf.int32.as_datatype_enum
    assert attrs["keep_dims"].b is False and attrs["keep_dims"].WhichOneof("value") == "b"


def test_as_graph_def_from_version_and_add_shapes(g):
    tf.placeholder(tf.float32, [None, 2], name="x")
    version = g.version
    tf.constant([1, 2], name="c")
    assert [n.name for n in g.as_graph_def(from_version=version).node] == ["c"]
    shapes = node(g, "x")
    assert "_output_shapes" not in shapes.attr
    with_shapes = next(n for n in g.as_graph_def(add_shapes=True).node if n.name == "x")
    assert with_shapes.attr["_output_shapes"].list.shape[0].dims == (None, 2)
    assert tf.Session(graph=g).graph_def.node[0].name == "x"


def test_write_graph_text_and_binary(g, tmp_path):
    tf.constant(1.0, name="c")
    path = tf.train.write_graph(g, str(tmp_path / "logs"), "graph.pbtxt") if hasattr(tf, "train") and hasattr(
        tf.train, "write_graph") else write_graph(g, str(tmp_path / "logs"), "graph.pbtxt")
    assert open(path).read() == str(g.as_graph_def())
    binary = write_graph(g.as_graph_def(), str(tmp_path), "graph.pb", as_text=False)
    assert open(binary, "rb").read() == g.as_graph_def().SerializeToString()
    assert tf.io.write_graph is write_graph


# -- every node carries TensorFlow's attrs ------------------------------------------------------------


def test_every_registered_op_type_has_its_tensorflow_attrs_listed():
    """An op type graphscope registers is either in EXPORT_ATTRS (TensorFlow's attrs of it, from
    tensorflow/core/ops/*.cc) or one of graphscope's own ops. A new op type: add its line there."""
    missing = [t for t in registry.registered_types()
               if t not in EXPORT_ATTRS and t not in GRAPHSCOPE_ONLY_OPS and not t.startswith("Test")]
    assert not missing, "add TensorFlow's attrs of these op types to graphscope/export/graph_def.py: %s" % missing


def _corpus_graphs(limit=None):
    """Graphs of the numeric conformance corpus (built, gradients too, not run)."""
    sys.path.insert(0, CONFORMANCE)
    try:
        import numeric_interp as ni
    finally:
        sys.path.remove(CONFORMANCE)
    with open(os.path.join(CONFORMANCE, "numeric_public.jsonl")) as f:
        programs = [json.loads(line) for line in f][:limit]
    for program in programs:
        graph = tf.Graph()
        with graph.as_default():
            try:
                env = {name: ni.make_input(tf, name, spec) for name, spec in program["inputs"].items()}
                for item in program["nodes"]:
                    env[item["id"]] = ni.make_node(tf, env, item)
            except Exception:
                continue
            try:
                for request in program.get("grads", []):
                    ni.make_gradients(tf, env, request)
            except Exception:
                pass
        yield program, graph, env


def test_corpus_graphs_export_with_all_required_attrs():
    checked = 0
    for _, graph, _ in _corpus_graphs():
        for op in graph.get_operations():
            rules = EXPORT_ATTRS.get(op.type)
            if rules is None:
                continue
            attrs = export_attrs(op)
            for name, kind, _ in rules:
                assert name in attrs or kind == "default", (op.name, op.type, name)
            assert all(k in {r[0] for r in rules} or k.startswith("_") for k in attrs), (op.name, sorted(attrs))
        str(graph.as_graph_def())
        checked += 1
    assert checked > 300


# -- TensorBoard's protos --------------------------------------------------------------------------------


@pytest.fixture
def graph_pb2():
    pytest.importorskip("google.protobuf")
    return pytest.importorskip("tensorboard.compat.proto.graph_pb2")


def _parse(graph_pb2, text):
    from google.protobuf import text_format
    message = graph_pb2.GraphDef()
    text_format.Parse(text, message)
    return message


@pytest.mark.parametrize("with_optimizer", [False, True])
def test_model_pbtxt_parses_with_tensorboard_protos(graph_pb2, tmp_path, with_optimizer):
    from google.protobuf import text_format
    graph, _ = model_graph(with_optimizer)
    path = write_graph(graph, str(tmp_path), "model.pbtxt")
    message = _parse(graph_pb2, open(path).read())
    assert [n.name for n in message.node] == [op.name for op in graph.get_operations()]
    assert message.versions.producer == 134
    # the text is exactly what protobuf itself prints for the message
    assert text_format.MessageToString(message) == open(path).read()
    # the binary form is the same message
    assert graph_pb2.GraphDef.FromString(graph.as_graph_def().SerializeToString()) == message
    const = next(n for n in message.node if n.op == "Const")
    assert const.attr["value"].tensor.dtype == const.attr["dtype"].type


def test_probe_of_many_op_types_parses(graph_pb2):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 4, 5], name="x")
        tf.transpose(x)
        tf.reshape(x, [-1])
        tf.cast(x, tf.int32)
        tf.random_normal([3], seed=1)
        tf.unstack(x, axis=1)
        tf.one_hot([1, 2], 3)
        tf.argmax(x, 1)
        tf.squeeze(tf.expand_dims(x, 0))
        tf.pad(x, [[0, 0], [1, 1], [0, 0]])
        tf.gather(x, [0], axis=1)
        tf.where(x > 0.0, x, x)
        tf.nn.leaky_relu(x)
        tf.Variable(1.0, use_resource=True, name="rv").assign_add(1.0)
        tf.report_uninitialized_variables()
    message = _parse(graph_pb2, str(g.as_graph_def(add_shapes=True)))
    assert len(message.node) == len(g.get_operations())
    report = next(n for n in message.node if n.op == "ReportUninitializedVariables")
    assert report.op in GRAPHSCOPE_ONLY_OPS


def test_corpus_pbtxt_parses_with_tensorboard_protos(graph_pb2):
    for _, graph, _ in _corpus_graphs(limit=120):
        graph_def = graph.as_graph_def()
        message = _parse(graph_pb2, str(graph_def))
        assert graph_pb2.GraphDef.FromString(graph_def.SerializeToString()) == message


def test_tensorflow_imports_and_runs_the_export():
    """Only where TensorFlow is installed (not in CI): the exported model runs in TensorFlow and gives
    graphscope's loss."""
    tensorflow = pytest.importorskip("tensorflow")
    from google.protobuf import text_format
    graph, _ = model_graph()
    with tf.Session(graph=graph) as sess:
        sess.run("init")
        set_variables(sess, graph)
        values = {v.op.name: sess.run(v) for v in graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)}
        expected = sess.run("loss:0", FEEDS)
    tf1 = tensorflow.compat.v1
    tf1.disable_eager_execution()
    graph_def = tf1.GraphDef()
    text_format.Parse(str(graph.as_graph_def()), graph_def)
    with tf1.Graph().as_default() as tf_graph:
        tf1.import_graph_def(graph_def, name="")
        with tf1.Session() as sess:
            for name, value in values.items():
                assign = tf_graph.get_operation_by_name(name + "/Assign")
                sess.run(assign, {assign.inputs[1]: value})
            np.testing.assert_allclose(sess.run("loss:0", FEEDS), expected, rtol=1e-5)


# -- the JSON form ---------------------------------------------------------------------------------------


def test_json_round_trip_of_the_model_rebuilds_an_equal_graph_that_runs_the_same():
    graph, _ = model_graph()
    text = to_json(graph)
    json.loads(text)
    rebuilt = from_json(text)
    assert graph_diff(graph, rebuilt) == []
    assert to_json(rebuilt) == text
    results = []
    for g in (graph, rebuilt):
        with tf.Session(graph=g) as sess:
            sess.run(tf.global_variables_initializer() if g is rebuilt else "init")
            set_variables(sess, g)
            results.append(sess.run(["loss:0", "head/add:0"], FEEDS))
    np.testing.assert_array_equal(results[0][0], results[1][0])
    np.testing.assert_array_equal(results[0][1], results[1][1])


def test_json_keeps_variables_collections_and_the_variable_store():
    graph, _ = model_graph()
    rebuilt = from_json(to_json(graph))
    for key in (tf.GraphKeys.GLOBAL_VARIABLES, tf.GraphKeys.TRAINABLE_VARIABLES):
        assert [v.name for v in rebuilt.get_collection(key)] == [v.name for v in graph.get_collection(key)]
    w = rebuilt.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)[1]
    assert w.graph is rebuilt and w.initializer.graph is rebuilt and w.value().name == w.op.name + "/read:0"
    def more(graph):
        with graph.as_default():
            with tf.variable_scope("tower", reuse=True):
                shared = tf.get_variable("layer_0/w")
            with tf.variable_scope("tower"):
                later = tf.constant(1.0, name="c")
        return shared, later

    shared, later = more(rebuilt)
    assert shared is rebuilt.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES)[1]
    # new names continue where the original left off
    assert later.name == more(graph)[1].name == "tower_3/c:0"
    from graphscope.viz.text import name_scope_tree, variable_scope_tree
    assert variable_scope_tree(rebuilt) == variable_scope_tree(graph)
    assert name_scope_tree(rebuilt) == name_scope_tree(graph)


def test_json_round_trip_of_special_values_and_resource_and_partitioned_variables(g):
    tf.constant(np.array([np.nan, np.inf, -0.0], np.float32), name="special")
    tf.constant(["a", "\u00e9\n"], name="strings")
    tf.constant(np.array([1 + 2j]), name="complex")
    tf.constant(np.float16(0.5), name="half")
    tf.placeholder(tf.float32, None, name="unknown_rank")
    r = tf.Variable(2.0, use_resource=True, name="r")
    r.assign_add(1.0)
    with tf.variable_scope("p", partitioner=tf.fixed_size_partitioner(2) if hasattr(tf, "fixed_size_partitioner")
                           else (lambda shape, dtype: [2, 1])):
        parts = tf.get_variable("emb", [4, 3], initializer=tf.ones_initializer())
    rebuilt = from_json(to_json(g))
    assert graph_diff(g, rebuilt) == []
    with tf.Session(graph=rebuilt) as sess:
        sess.run(tf.global_variables_initializer())
        special = sess.run("special:0")
        assert np.isnan(special[0]) and special[1] == np.inf and np.signbit(special[2])
        assert list(sess.run("strings:0")) == [b"a", "\u00e9\n".encode()]
        resource = rebuilt.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)[0]
        assert type(resource).__name__ == "ResourceVariable" and sess.run(resource.value()) == 2.0
        store = rebuilt._stores["variables"]
        assert [v.name for v in store._partitioned_vars["p/emb"]] == [v.name for v in parts]


def test_json_round_trip_of_corpus_graphs_runs_the_same():
    sys.path.insert(0, CONFORMANCE)
    try:
        import numeric_interp as ni
    finally:
        sys.path.remove(CONFORMANCE)
    compared = 0
    for program, graph, env in _corpus_graphs(limit=150):
        rebuilt = from_json(to_json(graph))
        assert graph_diff(graph, rebuilt) == [], program["id"]
        fetch = [env[i].name for i in program.get("fetch", []) if isinstance(env[i], tf.Tensor)]
        feed = {env[name].name: ni.decode(spec) for name, spec in program["inputs"].items()
                if spec.get("kind", "placeholder") == "placeholder"}
        results = []
        for g in (graph, rebuilt):
            with tf.Session(graph=g) as sess:
                try:
                    with g.as_default():
                        sess.run(tf.global_variables_initializer())
                    results.append(sess.run(fetch, feed))
                except Exception as e:
                    results.append(type(e))
        if not isinstance(results[0], type):
            for a, b in zip(*results):
                np.testing.assert_array_equal(a, b)
            compared += 1
        else:
            assert results[0] is results[1]
    assert compared > 100


def test_from_json_rejects_other_documents():
    with pytest.raises(ValueError, match="Not a graphscope graph JSON"):
        from_json(json.dumps({"format": "something else"}))


def test_graph_diff_names_the_differences():
    def build(value, name="c"):
        graph = tf.Graph()
        with graph.as_default():
            tf.add(tf.constant(value, name=name), 1.0, name="y")
        return graph
    assert graph_diff(build(1.0), build(1.0)) == []
    assert any("attr 'value'" in d for d in graph_diff(build(1.0), build(2.0)))
    assert any("ops differ" in d for d in graph_diff(build(1.0), build(1.0, name="d")))


def test_graph_def_objects_compare_by_content(g):
    tf.constant(1.0, name="c")
    assert g.as_graph_def() == g.as_graph_def()
    assert isinstance(g.as_graph_def(), GraphDef)
    assert g.as_graph_def().ByteSize() == len(g.as_graph_def().SerializeToString())
