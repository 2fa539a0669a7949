"""Prompt hand-over of the GIL to paging threads while the sync's own thread converts pages."""

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

PAGING_SWITCH_INTERVAL = 0.0005  # seconds; CPython's default is 0.005

_lock = threading.Lock()
_holders = 0
_saved_interval = 0.0


@contextmanager
def prompt_switches(interval: float = PAGING_SWITCH_INTERVAL) -> Iterator[None]:
    """Within the block, a thread back from the network waits at most `interval` for the GIL.

    An answer arrives in many socket reads, and after each one its paging thread must take
    the GIL back from the thread converting the previous page. CPython makes it wait up to
    its switch interval, 5 ms, each time: measured on a full sync, the converting thread
    then sat waiting for pages more than half of the read. The interval is process-wide, so
    nested and concurrent holders share it and the last one out restores the previous value.
    """
    global _holders, _saved_interval
    with _lock:
        if _holders == 0:
            _saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(interval, _saved_interval))
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                sys.setswitchinterval(_saved_interval)
