"""Shared pieces of the conformance runners.

The interpreters (``interp.py``, ``numeric_interp.py``) and ``numeric_compare.py`` live in this folder
and are imported by their plain names, so the folder goes first on ``sys.path``.
"""
import contextlib
import os
import signal
import sys
import threading

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)


@contextlib.contextmanager
def _time_limit(seconds):
    """Fail the running test when the block takes longer than ``seconds`` (as the shared checkers'
    --timeout does). Needs SIGALRM and the main thread; elsewhere the block runs without a limit."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def alarm(signum, frame):
        pytest.fail(f"no result within {seconds:g} s", pytrace=False)

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def time_limit():
    """``with time_limit(seconds): ...`` fails the test when the block overruns."""
    return _time_limit
