"""Tasks for the worker pool's tests, loaded by worker processes by import path."""

from __future__ import annotations

import time


def stamped_nap(seconds: float) -> float:
    """Sleep ``seconds``; return when the task started (``time.time()``, seconds)."""
    started = time.time()
    time.sleep(seconds)
    return started
