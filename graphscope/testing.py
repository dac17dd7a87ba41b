"""``tf.test``: the TestCase that TF1 unit tests are written against, on graphscope.

Each test method runs in a fresh default graph (as ``tf.test.TestCase`` does in graph mode);
``self.session()`` / ``self.cached_session()`` / ``self.test_session()`` give a Session on it,
``self.evaluate(t)`` runs tensors in the default session, and the ``assertAll*`` helpers compare
numpy values.

>>> import graphscope as tf
>>> class AddTest(tf.test.TestCase):
...     def test_add(self):
...         with self.cached_session():
...             self.assertAllEqual(tf.add(1, 2).eval(), 3)
>>> import unittest
>>> unittest.TextTestRunner(stream=open("/dev/null", "w")).run(AddTest("test_add")).wasSuccessful()
True
"""
from __future__ import annotations

import contextlib
import unittest
from unittest import mock  # noqa: F401 (tf.test.mock)

import numpy as np

__all__ = ["TestCase", "main", "mock", "is_gpu_available", "gpu_device_name", "is_built_with_cuda", "compute_gradient",
           "compute_gradient_error", "get_temp_dir"]


class TestCase(unittest.TestCase):
    """``tf.test.TestCase`` for graph mode."""

    def setUp(self) -> None:
        """A new global default graph, as TensorFlow's TestCase starts each test (so a test may call
        ``tf.reset_default_graph()`` itself); run inside a graph block, a fresh graph of its own."""
        from graphscope.graph import Graph, _default_graph_stack, reset_default_graph
        super().setUp()
        self._cached = None
        self._graph_context = None
        if _default_graph_stack.stack:
            self._graph_context = Graph().as_default()
            self._graph_context.__enter__()
        else:
            reset_default_graph()

    def tearDown(self) -> None:
        cached, self._cached = getattr(self, "_cached", None), None  # (a subclass's setUp may skip ours)
        if cached is not None:
            cached.close()
        context, self._graph_context = getattr(self, "_graph_context", None), None
        if context is not None:
            context.__exit__(None, None, None)
        super().tearDown()

    assertItemsEqual = unittest.TestCase.assertCountEqual  # noqa: N815 (TF1's Python 2 name)

    def checkedThread(self, target, args=(), kwargs=None):  # noqa: N802 (TF's name)
        """A thread running ``target`` whose ``join()`` re-raises, in the test, what it raised."""
        return _CheckedThread(target, args, kwargs or {})

    def get_temp_dir(self) -> str:
        return get_temp_dir()

    @contextlib.contextmanager
    def session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """A new Session on ``graph`` (default: the test's graph), installed as the default."""
        import graphscope as tf
        graph = graph or tf.get_default_graph()
        with tf.Session(graph=graph, config=config) as sess, graph.as_default():
            yield sess

    @contextlib.contextmanager
    def cached_session(self, graph=None, config=None, use_gpu=False, force_gpu=False):
        """One Session per test (reused by later calls), installed as the default."""
        import graphscope as tf
        graph = graph or tf.get_default_graph()
        if self._cached is None or self._cached.graph is not graph:
            if self._cached is not None:
                self._cached.close()
            self._cached = tf.Session(graph=graph, config=config)
        with self._cached.as_default(), graph.as_default():
            yield self._cached

    test_session = cached_session
    cached_session.__test__ = False  # not a test for pytest's collector, despite test_session's name

    def evaluate(self, tensors):
        """The values of ``tensors`` (any nesting) in the default session, or a cached one."""
        from graphscope.session import get_default_session
        session = get_default_session()
        if session is None:
            with self.cached_session() as session:
                return session.run(tensors)
        return session.run(tensors)

    def assertAllEqual(self, a, b, msg=None):  # noqa: N802 (TF's names)
        a, b = np.asarray(self._value(a)), np.asarray(self._value(b))
        self.assertEqual(a.shape, b.shape, "shape mismatch: %s vs %s. %s" % (a.shape, b.shape, msg or ""))
        np.testing.assert_array_equal(a, b, err_msg=msg or "")

    def assertAllClose(self, a, b, rtol=1e-6, atol=1e-6, msg=None):  # noqa: N802
        a, b = self._value(a), self._value(b)
        if isinstance(a, dict):
            self.assertEqual(set(a), set(b), msg)
            for key in a:
                self.assertAllClose(a[key], b[key], rtol, atol, msg)
            return
        if isinstance(a, (list, tuple)) and a and not np.isscalar(a[0]) and np.ndim(a[0]) > 0:
            for x, y in zip(a, b):
                self.assertAllClose(x, y, rtol, atol, msg)
            return
        np.testing.assert_allclose(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64),
                                   rtol=rtol, atol=atol, err_msg=msg or "")

    def assertAllCloseAccordingToType(self, a, b, rtol=1e-6, atol=1e-6, float_rtol=1e-6, float_atol=1e-6,  # noqa: N802
                                      half_rtol=1e-3, half_atol=1e-3, bfloat16_rtol=1e-2, bfloat16_atol=1e-2,
                                      msg=None):
        """assertAllClose with the tolerance of the less precise side (TF's rule: float16 on either side
        loosens it to ``half_*``, float32 to ``float_*``)."""
        a, b = np.asarray(self._value(a)), np.asarray(self._value(b))
        if np.float32 in (a.dtype, b.dtype):
            rtol, atol = max(rtol, float_rtol), max(atol, float_atol)
        if np.float16 in (a.dtype, b.dtype):
            rtol, atol = max(rtol, half_rtol), max(atol, half_atol)
        self.assertAllClose(a, b, rtol=rtol, atol=atol, msg=msg)

    def assertStartsWith(self, actual, expected_start, msg=None):  # noqa: N802 (absltest's name)
        if not actual.startswith(expected_start):
            self.fail(msg or "%r does not start with %r" % (actual, expected_start))

    def assertAllGreater(self, a, comparison_target):  # noqa: N802
        self.assertTrue(np.all(np.asarray(self._value(a)) > comparison_target))

    def assertAllLess(self, a, comparison_target):  # noqa: N802
        self.assertTrue(np.all(np.asarray(self._value(a)) < comparison_target))

    def assertArrayNear(self, farray1, farray2, err, msg=None):  # noqa: N802
        self.assertAllClose(farray1, farray2, rtol=0, atol=err, msg=msg)

    def assertNear(self, f1, f2, err, msg=None):  # noqa: N802
        self.assertTrue(abs(f1 - f2) <= err, "%f != %f +/- %f%s" % (f1, f2, err, " (%s)" % msg if msg else ""))

    def assertShapeEqual(self, np_array, tf_tensor, msg=None):  # noqa: N802
        self.assertAllEqual(np.asarray(np_array).shape, tf_tensor.get_shape().as_list(), msg)

    def assertDeviceEqual(self, device1, device2, msg=None):  # noqa: N802
        from graphscope.devices import canonical_device
        self.assertEqual(canonical_device(device1 or ""), canonical_device(device2 or ""), msg)

    @contextlib.contextmanager
    def assertRaisesWithPredicateMatch(self, exception_type, expected_err_re_or_predicate):  # noqa: N802
        import re
        if callable(expected_err_re_or_predicate):
            predicate = expected_err_re_or_predicate
        else:
            def predicate(exc):
                return re.search(expected_err_re_or_predicate, str(exc)) is not None
        try:
            yield
        except exception_type as exc:
            if not predicate(exc):
                raise AssertionError("Exception of type %s: %s does not match %r"
                                     % (type(exc).__name__, exc, expected_err_re_or_predicate)) from exc
        else:
            raise AssertionError("Exception of type %s not raised" % exception_type.__name__)

    def assertRaisesOpError(self, expected_err_re_or_predicate):  # noqa: N802
        from graphscope.errors import OpError
        return self.assertRaisesWithPredicateMatch(OpError, expected_err_re_or_predicate)

    @staticmethod
    def _value(x):
        from graphscope.tensor import Tensor
        if isinstance(x, Tensor) or hasattr(x, "_as_graph_element"):
            from graphscope.session import get_default_session
            return get_default_session().run(x)
        return x


class _CheckedThread:
    """``TestCase.checkedThread``: ``start()``, ``join()`` (re-raising the thread's exception),
    ``is_alive()``."""

    def __init__(self, target, args, kwargs):
        import threading
        self._error = None

        def run():
            try:
                target(*args, **kwargs)
            except BaseException as error:  # noqa: BLE001 (handed to join)
                self._error = error
        self._thread = threading.Thread(target=run)

    def start(self) -> None:
        self._thread.start()

    def join(self, timeout=None) -> None:
        self._thread.join(timeout)
        if self._error is not None:
            raise self._error

    def is_alive(self) -> bool:
        return self._thread.is_alive()


def main(argv=None):
    """Run the tests of ``__main__`` (``tf.test.main``)."""
    unittest.main(argv=argv)


def get_temp_dir() -> str:
    import tempfile
    return tempfile.mkdtemp(prefix="graphscope_test_")


def is_gpu_available(cuda_only: bool = False, min_cuda_compute_capability=None) -> bool:
    """Always False: graphscope runs on the CPU."""
    return False


def is_built_with_cuda() -> bool:
    return False


def gpu_device_name() -> str:
    return ""


def compute_gradient(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None,
                     extra_feed_dict=None):
    """TF1's ``tf.test.compute_gradient`` (theoretical and numerical Jacobians)."""
    from graphscope.gradient_checker import compute_gradient as compute
    return compute(x, x_shape, y, y_shape, x_init_value, delta, extra_feed_dict)


def compute_gradient_error(x, x_shape, y, y_shape, x_init_value=None, delta=1e-3, init_targets=None,
                           extra_feed_dict=None) -> float:
    from graphscope.gradient_checker import compute_gradient_error as error
    return error(x, x_shape, y, y_shape, x_init_value, delta, extra_feed_dict)
