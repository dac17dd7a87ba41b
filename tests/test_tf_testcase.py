"""TF1 unit tests written against tf.test.TestCase run unchanged (cases in the style of TensorFlow's
own variable_scope_test.py, using the module-level names that test imports)."""
import threading

import numpy as np

import graphscope as tf
from graphscope import scopes as variable_scope
from graphscope import initializers as init_ops


class VariableScopeTest(tf.test.TestCase):

    def testGetVar(self):
        vs = variable_scope._get_default_variable_store()
        v = vs.get_variable("v", [1])
        v1 = vs.get_variable("v", [1])
        self.assertEqual(v, v1)

    def testNameExists(self):
        vs = variable_scope._get_default_variable_store()
        v = vs.get_variable("v", [1])
        self.assertEqual(v, vs.get_variable("v", [1]))
        with self.assertRaises(ValueError):
            vs.get_variable("v", [1], reuse=False)

    def testVarScopeInitializer(self):
        init = init_ops.constant_initializer(0.3)
        with variable_scope.variable_scope("tower0") as tower:
            with variable_scope.variable_scope("foo", initializer=init):
                v = variable_scope.get_variable("v", [])
                self.evaluate(tf.global_variables_initializer())
                self.assertAllClose(self.evaluate(v), 0.3)
            with variable_scope.variable_scope(tower, initializer=init):
                w = variable_scope.get_variable("w", [])
                self.evaluate(tf.global_variables_initializer())
                self.assertAllClose(self.evaluate(w), 0.3)

    def testVarScopeReuse(self):
        with self.cached_session():
            with variable_scope.variable_scope("outer") as outer:
                with variable_scope.variable_scope("tower"):
                    self.assertFalse(variable_scope.get_variable_scope().reuse)
                with variable_scope.variable_scope(outer, reuse=True):
                    self.assertTrue(variable_scope.get_variable_scope().reuse)
            with variable_scope.variable_scope(outer, reuse=True):
                self.assertTrue(variable_scope.get_variable_scope().reuse)
                with variable_scope.variable_scope("tower"):
                    self.assertTrue(variable_scope.get_variable_scope().reuse)

    def testVarOpScope(self):
        with self.cached_session():
            with tf.name_scope("testVarOpScope1"):
                with variable_scope.variable_scope("tower", "default", []):
                    self.assertEqual(variable_scope.get_variable("w", []).name, "tower/w:0")
                    with tf.name_scope("testVarOpScope2") as sc2:
                        self.assertEqual(sc2, "testVarOpScope1/tower/testVarOpScope2/")
                with variable_scope.variable_scope("tower", "default", []):
                    with self.assertRaises(ValueError):
                        variable_scope.get_variable("w", [])
                    with tf.name_scope("testVarOpScope2") as sc2:
                        self.assertEqual(sc2, "testVarOpScope1/tower_1/testVarOpScope2/")

    def testThreadsShareTheStore(self):
        names = []

        def work():
            with variable_scope.variable_scope("shared", reuse=tf.AUTO_REUSE):
                names.append(variable_scope.get_variable("v", [2]).name)

        graph = tf.get_default_graph()
        threads = [threading.Thread(target=lambda: (graph.as_default().__enter__(), work())) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(names, ["shared/v:0"] * 4)
        self.assertEqual(len(tf.global_variables()), 1)


class MathTest(tf.test.TestCase):

    def testAddAndGradient(self):
        x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
        y = tf.reduce_sum(x * x)
        (dx,) = tf.gradients(y, [x])
        with self.session() as sess:
            self.assertAllClose(sess.run(dx), 2 * np.array([[1.0, 2.0], [3.0, 4.0]]))
        error = tf.test.compute_gradient_error
        with self.cached_session():
            self.assertLess(error(x, [2, 2], x * x, [2, 2], x_init_value=np.ones((2, 2), np.float32)), 1e-2)

    def testOpErrorIsRaisedAtRunTime(self):
        with self.cached_session():
            x = tf.placeholder(tf.float32, [None])
            with self.assertRaisesOpError("must feed"):
                self.evaluate(x)

    def testEachTestStartsInAFreshGraph(self):
        self.assertEqual(tf.get_default_graph().get_operations(), [])
        tf.constant(1.0, name="c")
        self.assertEqual([op.name for op in tf.get_default_graph().get_operations()], ["c"])


class HarnessTest(tf.test.TestCase):
    """What TF1 tests do with the harness itself."""

    def testATestMayResetTheDefaultGraph(self):
        tf.constant(1.0, name="before")
        tf.reset_default_graph()
        self.assertEqual(tf.get_default_graph().get_operations(), [])

    def testCheckedThreadsReRaiseInTheTest(self):
        results = []
        good = self.checkedThread(target=results.append, args=(1,))
        bad = self.checkedThread(target=lambda: 1 / 0)
        good.start()
        bad.start()
        good.join()
        with self.assertRaises(ZeroDivisionError):
            bad.join()
        self.assertEqual(results, [1])
        self.assertFalse(good.is_alive())

    def testTfOneNames(self):
        self.assertItemsEqual([1, 2, 2], [2, 1, 2])
        with tf.test.mock.patch.object(np, "pi", 3.0):
            self.assertEqual(np.pi, 3.0)


class OwnSetUpTest(tf.test.TestCase):
    """A subclass whose setUp does not call TestCase.setUp (as some of TF's own tests do)."""

    def setUp(self):
        self.graph = tf.Graph()

    def testRunsAndTearsDown(self):
        with self.graph.as_default():
            self.assertEqual(tf.constant(2.0).graph, self.graph)


class ToleranceTest(tf.test.TestCase):

    def testHalfPrecisionOnEitherSideLoosensTheTolerance(self):
        half = np.array([0.7], np.float16)
        self.assertAllCloseAccordingToType([0.7], half)
        self.assertAllCloseAccordingToType(half, [0.7])
        with self.assertRaises(AssertionError):
            self.assertAllCloseAccordingToType([0.7], np.array([0.7001], np.float64))
        self.assertStartsWith("layer/w:0", "layer/")
        with self.assertRaises(AssertionError):
            self.assertStartsWith("w:0", "layer/")
