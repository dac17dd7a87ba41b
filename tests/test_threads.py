"""Threads: scopes are thread-local, the variable store is shared by the threads of a graph and
safe under concurrent get_variable (exactly one creator wins)."""

import random
import sys
import threading

import pytest

import graphscope as tf
from graphscope import (
    scopes as variable_scope,  # TF: from tensorflow.python.ops import variable_scope
)

N_THREADS = 8


@pytest.fixture(autouse=True)
def switch_often():
    """Make the interpreter switch threads often, so races show up."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def run_threads(target, n=N_THREADS, graph=None):
    """Start ``n`` threads on ``target(index)`` together (inside ``graph.as_default()``), join them,
    and re-raise the first exception any of them raised."""
    barrier = threading.Barrier(n)
    errors = []

    def body(index):
        try:
            barrier.wait()
            if graph is None:
                target(index)
            else:
                with graph.as_default():
                    target(index)
        except BaseException as exc:  # noqa: BLE001 (reported in the main thread)
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


# -- the shared store -------------------------------------------------------------------------


def test_auto_reuse_8_threads_x_1000_get_variable():
    graph = tf.Graph()
    names = ["v%d" % i for i in range(40)]
    calls = 1000
    got = [{} for _ in range(N_THREADS)]

    def work(index):
        rng = random.Random(index)
        mine = got[index]
        with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
            for _ in range(calls):
                name = rng.choice(names)
                v = tf.get_variable(name, [2])
                seen = mine.setdefault(name, v)
                assert seen is v, "a thread got two different variables for %s" % name

    run_threads(work, graph=graph)
    with graph.as_default():
        variables = tf.global_variables()
        names_made = sorted(v.name for v in variables)
        assert names_made == sorted("shared/%s:0" % n for n in names)  # one per name, none lost
        assert len(tf.trainable_variables()) == len(names)
        by_name = {v.name: v for v in variables}
    for mine in got:
        for name, v in mine.items():
            assert by_name["shared/%s:0" % name] is v  # every thread shares the same objects
    # no duplicate variable ops (a lost creation would leave 'shared/v1_1' or an extra op)
    variable_ops = [op.name for op in graph.get_operations() if op.type == "VariableV2"]
    assert sorted(variable_ops) == sorted("shared/%s" % n for n in names)
    assert len(graph.get_operations()) == len({op.name for op in graph.get_operations()})


def test_concurrent_creation_without_reuse_exactly_one_wins():
    for round_ in range(5):
        graph = tf.Graph()
        winners, losers = [], []

        def work(index, winners=winners, losers=losers):
            with tf.variable_scope("foo"):
                try:
                    v = tf.get_variable("v", [3])
                except ValueError as exc:
                    losers.append(str(exc))
                else:
                    winners.append(v)

        run_threads(work, graph=graph)
        assert len(winners) == 1, "round %d: %d winners" % (round_, len(winners))
        assert len(losers) == N_THREADS - 1
        assert all("Variable foo/v already exists, disallowed." in m for m in losers)
        with graph.as_default():
            assert tf.global_variables() == winners
        assert [op.name for op in graph.get_operations()].count("foo/v") == 1


def test_concurrent_reuse_true_after_creation_shares():
    graph = tf.Graph()
    with graph.as_default():
        with tf.variable_scope("foo"):
            v = tf.get_variable("v", [3])
    got = []

    def work(index):
        with tf.variable_scope("foo", reuse=True):
            for _ in range(100):
                got.append(tf.get_variable("v", [3]))

    run_threads(work, graph=graph)
    assert len(got) == 100 * N_THREADS
    assert all(x is v for x in got)


def test_concurrent_partitioned_creation_one_winner():
    graph = tf.Graph()
    results = []

    def work(index):
        with tf.variable_scope("p", reuse=tf.AUTO_REUSE, partitioner=lambda shape, dtype: [3]):
            results.append(tf.get_variable("w", [7]))

    run_threads(work, graph=graph)
    assert all(r is results[0] for r in results)
    with graph.as_default():
        assert [v.name for v in tf.global_variables()] == ["p/w/part_0:0", "p/w/part_1:0", "p/w/part_2:0"]


def test_concurrent_op_names_are_unique():
    graph = tf.Graph()
    per_thread = 300

    def work(index):
        for _ in range(per_thread):
            tf.constant(1.0, name="op")
            with tf.name_scope("scope"):
                tf.constant(1.0, name="op")

    run_threads(work, graph=graph)
    names = [op.name for op in graph.get_operations()]
    assert len(names) == 2 * per_thread * N_THREADS
    assert len({n.lower() for n in names}) == len(names)
    assert sum(1 for n in names if "/" not in n) == per_thread * N_THREADS


# -- thread-local scopes ----------------------------------------------------------------------


def test_each_thread_starts_with_an_empty_variable_scope():
    graph = tf.Graph()
    seen = []

    def work(index):
        seen.append((tf.get_variable_scope().name, graph.get_name_scope(), tf.get_variable_scope().reuse))
        with tf.variable_scope("t%d" % index):
            with tf.name_scope("inner"):
                pass

    with graph.as_default(), tf.variable_scope("main", reuse=True), tf.name_scope("ns"):
        run_threads(work, graph=graph)
        assert tf.get_variable_scope().name == "main"
        assert graph.get_name_scope() == "main/ns"
    assert seen == [("", "", False)] * N_THREADS


def test_scopes_opened_in_a_thread_do_not_leak_to_others():
    graph = tf.Graph()
    inside = threading.Event()
    release = threading.Event()
    seen = {}

    def holder():
        with graph.as_default(), tf.variable_scope("held"):
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    inside.wait(5)
    with graph.as_default():
        seen["main"] = tf.get_variable_scope().name
        v = tf.get_variable("v", [1])
    release.set()
    thread.join()
    assert seen["main"] == ""
    assert v.name == "v:0"


def test_default_name_counters_are_per_thread():
    graph = tf.Graph()
    names = {}
    name_scopes = []

    def work(index):
        opened = []
        for _ in range(3):
            with tf.variable_scope(None, default_name="layer") as s:
                opened.append(s.name)
                name_scopes.append(graph.get_name_scope())
        names[index] = opened

    with graph.as_default():
        with tf.variable_scope(None, default_name="layer") as main_layer:
            name_scopes.append(graph.get_name_scope())
    run_threads(work, graph=graph)
    assert main_layer.name == "layer"
    # every thread counts on its own: 'layer' again, although the main thread used it
    assert all(opened == ["layer", "layer_1", "layer_2"] for opened in names.values())
    # name scopes are unique per graph, though: every block got its own
    assert len(set(name_scopes)) == len(name_scopes) == 1 + 3 * N_THREADS


def test_same_scope_in_threads_shares_variables_only_with_reuse():
    graph = tf.Graph()
    created = []
    errors = []

    def work(index):
        with tf.variable_scope(None, default_name="layer"):  # 'layer' in every thread
            try:
                created.append(tf.get_variable("w", [1]))
            except ValueError as exc:
                errors.append(str(exc))

    run_threads(work, graph=graph)
    assert len(created) == 1 and len(errors) == N_THREADS - 1
    assert created[0].name == "layer/w:0"


def test_reuse_variables_in_one_thread_does_not_affect_another():
    graph = tf.Graph()
    turned_on = threading.Event()
    checked = threading.Event()
    seen = {}

    def reuser():
        with graph.as_default():
            tf.get_variable_scope().reuse_variables()
            turned_on.set()
            checked.wait(5)
            seen["reuser"] = tf.get_variable_scope().reuse

    thread = threading.Thread(target=reuser)
    thread.start()
    turned_on.wait(5)
    with graph.as_default():
        seen["main"] = tf.get_variable_scope().reuse
    checked.set()
    thread.join()
    assert seen == {"reuser": True, "main": False}


# -- capturing the main thread's scope (the documentation's example) --------------------------


def test_capture_main_scope_and_reenter_it_in_threads():
    graph = tf.Graph()
    made = {}

    def thread_target_fn(captured_scope, index):
        with graph.as_default():
            with variable_scope.variable_scope(captured_scope):
                made[index] = (tf.get_variable("w%d" % index, [1]), tf.get_variable_scope().name,
                               tf.constant(0.0, name="op").name)

    with graph.as_default():
        with tf.variable_scope("model"):
            with tf.variable_scope("layer"):
                main_thread_scope = variable_scope.get_variable_scope()
                threads = [threading.Thread(target=thread_target_fn, args=(main_thread_scope, i))
                           for i in range(4)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
    for index, (v, scope_name, op) in made.items():
        assert v.name == "model/layer/w%d:0" % index  # the prefix is kept
        assert scope_name == "model/layer"
        assert op.startswith("layer")  # the name scope: the last component, at the thread's root
    with graph.as_default():
        assert len(tf.global_variables()) == 4


def test_captured_scope_reuse_travels_to_the_thread():
    graph = tf.Graph()
    got = []

    def work(index):
        with tf.variable_scope(captured):
            got.append(tf.get_variable("v", [1]))

    with graph.as_default():
        with tf.variable_scope("m") as captured:
            v = tf.get_variable("v", [1])
            captured.reuse_variables()
    run_threads(work, graph=graph)
    assert all(x is v for x in got) and len(got) == N_THREADS


def test_threads_in_different_graphs_have_separate_stores():
    graphs = [tf.Graph() for _ in range(N_THREADS)]

    def work(index):
        with graphs[index].as_default():
            with tf.variable_scope("same"):
                tf.get_variable("v", [1])

    run_threads(work)
    for graph in graphs:
        with graph.as_default():
            assert [v.name for v in tf.global_variables()] == ["same/v:0"]
