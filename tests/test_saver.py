"""Tests for tf.train.Saver and the checkpoint functions: the .npz format keyed by variable names,
round trips into a rebuilt graph, every mismatch reported at once with nothing restored, atomic
writes, the checkpoint state file, list_variables / load_variable."""

import os

import numpy as np
import pytest

import graphscope as tf
from graphscope.train import checkpoint_management


def build(scope="model", hidden=3):
    """A small model built the same way each time it is called (in the default graph)."""
    with tf.variable_scope(scope):
        with tf.variable_scope("dense"):
            kernel = tf.get_variable("kernel", [2, hidden])
            bias = tf.get_variable("bias", [hidden], initializer=tf.zeros_initializer())
        steps = tf.get_variable("steps", [], dtype=tf.int32, initializer=tf.zeros_initializer(), trainable=False)
    return kernel, bias, steps


def initialized_session(graph):
    sess = tf.Session(graph=graph)
    sess.run(tf.variables_initializer(graph.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)))
    return sess


def temp_files(directory):
    return sorted(name for name in os.listdir(directory) if "temp" in name or name.endswith(".tmp"))


# -- round trip ------------------------------------------------------------------------------------------


def test_round_trip_into_a_graph_rebuilt_from_the_same_code(tmp_path):
    with tf.Graph().as_default() as g1:
        kernel, bias, steps = build()
        bump = tf.assign_add(steps, 7)
        saver = tf.train.Saver()
        sess = initialized_session(g1)
        sess.run([bias.assign([1.0, 2.0, 3.0]), bump])
        saved = sess.run([kernel, bias, steps])
        path = saver.save(sess, str(tmp_path / "model.ckpt"))
    assert path == str(tmp_path / "model.ckpt")
    assert os.path.isfile(path + ".npz")
    with tf.Graph().as_default() as g2:
        kernel, bias, steps = build()
        sess2 = tf.Session(graph=g2)
        tf.train.Saver().restore(sess2, path)  # no initializer needed
        restored = sess2.run([kernel, bias, steps])
    for a, b in zip(saved, restored):
        np.testing.assert_array_equal(a, b)
        assert a.dtype == b.dtype


def test_file_is_a_plain_npz_keyed_by_variable_names(tmp_path):
    with tf.Graph().as_default() as g:
        kernel, _, _ = build()
        sess = initialized_session(g)
        path = tf.train.Saver().save(sess, str(tmp_path / "m"))
        with np.load(path + ".npz", allow_pickle=False) as data:
            assert sorted(data.files) == ["model/dense/bias", "model/dense/kernel", "model/steps"]
            np.testing.assert_array_equal(data["model/dense/kernel"], sess.run(kernel))
            assert data["model/steps"].dtype == np.int32


def test_optimizer_slots_are_saved_and_restored(tmp_path):
    def model():
        w = tf.get_variable("w", initializer=[1.0, 2.0])
        train = tf.train.AdamOptimizer(0.1).apply_gradients([(tf.constant([1.0, -1.0]), w)])
        return w, train

    with tf.Graph().as_default() as g:
        _, train = model()
        sess = initialized_session(g)
        sess.run(train)
        expected = sess.run(tf.global_variables())
        path = tf.train.Saver().save(sess, str(tmp_path / "adam"))
    assert [name for name, _ in tf.train.list_variables(path)] == ["beta1_power", "beta2_power", "w", "w/Adam",
                                                                  "w/Adam_1"]
    with tf.Graph().as_default() as g:
        _, train = model()
        sess = tf.Session(graph=g)
        tf.train.Saver().restore(sess, path)
        for want, got in zip(expected, sess.run(tf.global_variables())):
            np.testing.assert_array_equal(want, got)


def test_var_list_as_a_dict_renames_and_as_a_list_selects(tmp_path):
    with tf.Graph().as_default() as g:
        kernel, bias, steps = build()
        sess = initialized_session(g)
        path = tf.train.Saver({"renamed/bias": bias}).save(sess, str(tmp_path / "dict"))
        assert tf.train.list_variables(path) == [("renamed/bias", [3])]
        path = tf.train.Saver([kernel, steps]).save(sess, str(tmp_path / "list"))
        assert [n for n, _ in tf.train.list_variables(path)] == ["model/dense/kernel", "model/steps"]
    with tf.Graph().as_default() as g:
        with tf.variable_scope("other"):
            b = tf.get_variable("b", [3])
        sess = tf.Session(graph=g)
        tf.train.Saver({"renamed/bias": b}).restore(sess, str(tmp_path / "dict"))
        np.testing.assert_array_equal(sess.run(b), np.zeros(3))


# -- mismatches ------------------------------------------------------------------------------------------


def saved_model(tmp_path, **kwargs):
    with tf.Graph().as_default() as g:
        build(**kwargs)
        return tf.train.Saver().save(initialized_session(g), str(tmp_path / "model.ckpt"))


def test_changed_scopes_fail_listing_every_name_that_differs_and_restore_nothing(tmp_path):
    path = saved_model(tmp_path)
    with tf.Graph().as_default() as g:
        kernel, bias, steps = build(scope="model_v2")
        sess = initialized_session(g)
        before = sess.run([kernel, bias, steps])
        with pytest.raises(tf.errors.NotFoundError) as info:
            tf.train.Saver().restore(sess, path)
        message = str(info.value)
        for name in ("model_v2/dense/kernel", "model_v2/dense/bias", "model_v2/steps"):
            assert "Key %s not found in checkpoint" % name in message
        for name in ("model/dense/kernel", "model/dense/bias", "model/steps"):
            assert "  %s\n" % name in message
        assert "nothing was restored" in message and "list_variables" in message
        for a, b in zip(before, sess.run([kernel, bias, steps])):
            np.testing.assert_array_equal(a, b)


def test_partly_missing_names_restore_nothing(tmp_path):
    path = saved_model(tmp_path)
    with tf.Graph().as_default() as g:
        build()
        tf.get_variable("extra", [1])
        sess = tf.Session(graph=g)
        with pytest.raises(tf.errors.NotFoundError, match="Key extra not found in checkpoint"):
            tf.train.Saver().restore(sess, path)
        assert sess.run(tf.report_uninitialized_variables()).tolist() == [
            b"model/dense/kernel", b"model/dense/bias", b"model/steps", b"extra"]


def test_shape_and_dtype_mismatches_are_all_reported_with_both_shapes(tmp_path):
    path = saved_model(tmp_path)
    with tf.Graph().as_default() as g:
        with tf.variable_scope("model"):
            with tf.variable_scope("dense"):
                tf.get_variable("kernel", [2, 4])
                tf.get_variable("bias", [4])
            tf.get_variable("steps", [], dtype=tf.int64)
        sess = tf.Session(graph=g)
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            tf.train.Saver().restore(sess, path)
        message = str(info.value)
        assert "model/dense/kernel: the graph's variable has shape [2, 4] but the checkpoint holds shape [2, 3]" in message
        assert "model/dense/bias: the graph's variable has shape [4] but the checkpoint holds shape [3]" in message
        assert "model/steps: the graph's variable has dtype int64 but the checkpoint holds dtype int32" in message
        assert "3 variable(s) do not match" in message
        assert len(sess.run(tf.report_uninitialized_variables())) == 3


def test_missing_names_and_shape_mismatches_in_one_error(tmp_path):
    path = saved_model(tmp_path)
    with tf.Graph().as_default() as g:
        with tf.variable_scope("model"), tf.variable_scope("dense"):
            tf.get_variable("kernel", [5])
            tf.get_variable("renamed", [3])
        with pytest.raises(tf.errors.NotFoundError) as info:
            tf.train.Saver().restore(tf.Session(graph=g), path)
    message = str(info.value)
    assert "Key model/dense/renamed not found" in message and "shape [5]" in message


def test_reshape_allows_the_same_number_of_elements(tmp_path):
    path = saved_model(tmp_path)
    with tf.Graph().as_default() as g:
        with tf.variable_scope("model"):
            kernel = tf.get_variable("dense/kernel", [3, 2])
        sess = tf.Session(graph=g)
        with pytest.raises(tf.errors.InvalidArgumentError):
            tf.train.Saver([kernel]).restore(sess, path)
        tf.train.Saver([kernel], reshape=True).restore(sess, path)
        expected = tf.train.load_variable(path, "model/dense/kernel").reshape(3, 2)
        np.testing.assert_array_equal(sess.run(kernel), expected)


# -- global step, the state file, max_to_keep --------------------------------------------------------------


def test_global_step_in_the_name_the_state_file_and_max_to_keep(tmp_path):
    with tf.Graph().as_default() as g:
        build()
        step = tf.train.get_or_create_global_step()
        bump = tf.assign_add(step, 1)
        saver = tf.train.Saver(max_to_keep=2)
        sess = initialized_session(g)
        prefix = str(tmp_path / "model.ckpt")
        paths = []
        for _ in range(3):
            sess.run(bump)
            paths.append(saver.save(sess, prefix, global_step=step))
        assert paths == [prefix + "-1", prefix + "-2", prefix + "-3"]
        assert saver.save(sess, prefix, global_step=10) == prefix + "-10"
    assert saver.last_checkpoints == [prefix + "-3", prefix + "-10"]
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model.ckpt-10.npz", "model.ckpt-3.npz"]
    text = (tmp_path / "checkpoint").read_text()
    assert text.splitlines()[:3] == [
        'model_checkpoint_path: "%s-10"' % prefix,
        'all_model_checkpoint_paths: "%s-3"' % prefix,
        'all_model_checkpoint_paths: "%s-10"' % prefix]
    assert tf.train.latest_checkpoint(str(tmp_path)) == prefix + "-10"
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert state.all_model_checkpoint_paths == [prefix + "-3", prefix + "-10"]
    assert tf.train.checkpoint_exists(prefix + "-3") and not tf.train.checkpoint_exists(prefix + "-1")
    assert tf.train.load_variable(str(tmp_path), "global_step:0") == 3  # the step value, not the name


def test_relative_paths_in_the_state_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    os.mkdir("run")
    with tf.Graph().as_default() as g:
        build()
        path = tf.train.Saver().save(initialized_session(g), os.path.join("run", "model"))
    assert path == os.path.join("run", "model")
    assert (tmp_path / "run" / "checkpoint").read_text().startswith('model_checkpoint_path: "model"\n')
    assert tf.train.latest_checkpoint("run") == os.path.join("run", "model")


def test_write_state_false_and_latest_filename(tmp_path):
    with tf.Graph().as_default() as g:
        build()
        saver = tf.train.Saver()
        sess = initialized_session(g)
        saver.save(sess, str(tmp_path / "a"), write_state=False)
        assert not (tmp_path / "checkpoint").exists()
        saver.save(sess, str(tmp_path / "b"), latest_filename="latest")
        assert tf.train.latest_checkpoint(str(tmp_path), "latest") == str(tmp_path / "b")
        with pytest.raises(ValueError, match="'latest_filename' must be a base name."):
            saver.save(sess, str(tmp_path / "c"), latest_filename="x/latest")


# -- atomic writes -------------------------------------------------------------------------------------------


def test_a_failed_save_leaves_no_partial_file_and_keeps_the_old_checkpoint(tmp_path, monkeypatch):
    with tf.Graph().as_default() as g:
        _, bias, _ = build()
        saver = tf.train.Saver()
        sess = initialized_session(g)
        path = saver.save(sess, str(tmp_path / "model"))
        old_bytes = (tmp_path / "model.npz").read_bytes()
        sess.run(bias.assign([5.0, 5.0, 5.0]))
        written = []
        real_write_array = np.lib.format.write_array

        def failing_write_array(fp, array, *args, **kwargs):
            if written:
                raise OSError("disk full")
            written.append(array)
            return real_write_array(fp, array, *args, **kwargs)

        monkeypatch.setattr(np.lib.format, "write_array", failing_write_array)
        with pytest.raises(OSError, match="disk full"):
            saver.save(sess, path)
        monkeypatch.undo()
    assert written  # the first array was written before the failure
    assert (tmp_path / "model.npz").read_bytes() == old_bytes
    assert temp_files(tmp_path) == []
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model.npz"]


def test_saving_an_uninitialized_variable_fails_before_writing(tmp_path):
    with tf.Graph().as_default() as g:
        build()
        with pytest.raises(tf.errors.FailedPreconditionError, match="uninitialized value model/dense/"):
            tf.train.Saver().save(tf.Session(graph=g), str(tmp_path / "model"))
    assert os.listdir(tmp_path) == []


# -- partitioned variables ------------------------------------------------------------------------------------


def test_partitioned_variables_are_saved_whole_and_restored_into_shards(tmp_path):
    value = np.arange(10, dtype=np.float32).reshape(5, 2)
    with tf.Graph().as_default() as g:
        p = tf.get_variable("p", [5, 2], partitioner=lambda shape, dtype: [3, 1])
        assert [v.shape.as_list() for v in p] == [[2, 2], [2, 2], [1, 2]]
        sess = initialized_session(g)
        for shard, rows in zip(p, (slice(0, 2), slice(2, 4), slice(4, 5))):
            shard.load(value[rows], sess)
        path = tf.train.Saver().save(sess, str(tmp_path / "parts"))
        path_list = tf.train.Saver([p]).save(sess, str(tmp_path / "parts_list"))
    assert tf.train.list_variables(path) == [("p", [5, 2])] == tf.train.list_variables(path_list)
    np.testing.assert_array_equal(tf.train.load_variable(path, "p"), value)
    with tf.Graph().as_default() as g:  # into two shards this time
        p = tf.get_variable("p", [5, 2], partitioner=lambda shape, dtype: [2, 1])
        sess = tf.Session(graph=g)
        tf.train.Saver().restore(sess, path)
        np.testing.assert_array_equal(sess.run(p.get_variable_list()[0]), value[:3])
        np.testing.assert_array_equal(sess.run(p.as_tensor()), value)
    with tf.Graph().as_default() as g:  # into an unpartitioned variable
        q = tf.get_variable("p", [5, 2])
        sess = tf.Session(graph=g)
        tf.train.Saver().restore(sess, path)
        np.testing.assert_array_equal(sess.run(q), value)


def test_partial_shards_are_refused(tmp_path):
    with tf.Graph().as_default():
        p = tf.get_variable("p", [4, 2], partitioner=lambda shape, dtype: [2, 1])
        with pytest.raises(ValueError, match="only some of the shards of partitioned variable p"):
            tf.train.Saver([p.get_variable_list()[0]])


# -- resource variables, other dtypes -------------------------------------------------------------------------


def test_resource_int_bool_and_string_variables_round_trip(tmp_path):
    def model():
        r = tf.get_variable("r", initializer=[1.5, 2.5], use_resource=True)
        b = tf.Variable([True, False], name="b")
        s = tf.Variable([b"ab", b"", b"xyz"], name="s")
        i = tf.Variable(np.int64(2 ** 40), name="i")
        return [r, b, s, i]

    with tf.Graph().as_default() as g:
        variables = model()
        sess = initialized_session(g)
        expected = sess.run(variables)
        path = tf.train.Saver().save(sess, str(tmp_path / "mixed"))
    with tf.Graph().as_default() as g:
        variables = model()
        sess = tf.Session(graph=g)
        tf.train.Saver().restore(sess, path)
        got = sess.run(variables)
    for want, value in zip(expected, got):
        np.testing.assert_array_equal(want, value)
    assert got[2].tolist() == [b"ab", b"", b"xyz"]
    assert tf.train.NewCheckpointReader(path).get_variable_to_dtype_map() == {
        "r": tf.float32, "b": tf.bool, "s": tf.string, "i": tf.int64}


# -- readers -----------------------------------------------------------------------------------------------------


def test_list_variables_and_load_variable(tmp_path):
    path = saved_model(tmp_path)
    assert tf.train.list_variables(path) == [("model/dense/bias", [3]), ("model/dense/kernel", [2, 3]),
                                             ("model/steps", [])]
    assert tf.train.list_variables(str(tmp_path)) == tf.train.list_variables(path)
    assert tf.train.list_variables(path + ".npz") == tf.train.list_variables(path)
    np.testing.assert_array_equal(tf.train.load_variable(path, "model/dense/bias:0"), np.zeros(3))
    reader = tf.train.NewCheckpointReader(path)
    assert reader.has_tensor("model/steps") and not reader.has_tensor("model/nope")
    with pytest.raises(tf.errors.NotFoundError, match="Key model/nope not found in checkpoint"):
        reader.get_tensor("model/nope")
    with pytest.raises(ValueError, match="Couldn't find 'checkpoint' file"):
        tf.train.list_variables(str(tmp_path / "empty_dir") if os.mkdir(tmp_path / "empty_dir") is None else "")
    with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files"):
        tf.train.NewCheckpointReader(str(tmp_path / "nope"))


# -- errors ----------------------------------------------------------------------------------------------------------


def test_saver_construction_errors():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="No variables to save"):
            tf.train.Saver()
        assert tf.train.Saver(allow_empty=True).save(tf.Session(), "unused") is None
        v = tf.Variable(1.0, name="v")
        with pytest.raises(TypeError, match="should be passed in a dict or a list"):
            tf.train.Saver(v)
        with pytest.raises(ValueError, match="At least two variables have the same name: v"):
            tf.train.Saver([v, v])
        with pytest.raises(ValueError, match="The same saveable will be restored with two names"):
            tf.train.Saver({"a": v, "b": v})
        with pytest.raises(TypeError, match="Not a variable"):
            tf.train.Saver({"c": tf.constant(1.0)})
        saver = tf.train.Saver(defer_build=True)
        with pytest.raises(RuntimeError, match="build"):
            saver.save(tf.Session(), "x")


def test_restore_and_save_argument_errors(tmp_path):
    with tf.Graph().as_default() as g:
        build()
        saver = tf.train.Saver()
        sess = tf.Session(graph=g)
        with pytest.raises(ValueError, match="Can't load save_path when it is None."):
            saver.restore(sess, None)
        with pytest.raises(ValueError, match="The passed save_path is not a valid checkpoint"):
            saver.restore(sess, str(tmp_path / "missing"))
        (tmp_path / "corrupt.npz").write_bytes(b"not a zip file")
        with pytest.raises(tf.errors.DataLossError, match="corrupt.npz"):
            saver.restore(sess, str(tmp_path / "corrupt"))
        with pytest.raises(ValueError, match="Parent directory of .* doesn't exist, can't save."):
            saver.save(initialized_session(g), str(tmp_path / "no" / "such" / "model"))
        with pytest.raises(TypeError, match="'sess' must be a Session"):
            saver.save("sess", str(tmp_path / "model"))
    with tf.Graph().as_default() as other:
        tf.Variable(1.0)
        with pytest.raises(ValueError, match="belong to graph"):
            saver.save(tf.Session(graph=other), str(tmp_path / "model"))


def test_checkpoint_state_text_round_trips_quotes():
    state = checkpoint_management.CheckpointState('a "b"\\c', ['a "b"\\c'])
    parsed = checkpoint_management._parse_state(checkpoint_management._state_text(state), "checkpoint")
    assert parsed.model_checkpoint_path == 'a "b"\\c' and parsed.all_model_checkpoint_paths == ['a "b"\\c']
