"""CPython's process-wide settings that a sync changes while it runs: GIL hand-over and garbage collection."""

import gc
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

PAGING_SWITCH_INTERVAL = 0.0005  # seconds; CPython's default is 0.005
SYNC_COLLECTION_THRESHOLD = 20_000  # net container allocations per young collection; CPython's default is 700


class SharedSetting:
    """A process-wide setting changed while any holder holds it; the last holder out restores it.

    Concurrent syncs (threads of one process) share it, so each setting is changed once,
    by the first holder, to `choose(value found)`, and given back by the last.
    """

    def __init__(self, read: Callable[[], float], write: Callable[[float], None],
                 choose: Callable[[float], float]):
        self._read, self._write, self._choose = read, write, choose
        self._lock = threading.Lock()
        self._holders = 0
        self._saved = 0.0

    @contextmanager
    def held(self) -> Iterator[None]:
        """The chosen value within the block."""
        with self._lock:
            if self._holders == 0:
                self._saved = self._read()
                self._write(self._choose(self._saved))
            self._holders += 1
        try:
            yield
        finally:
            with self._lock:
                self._holders -= 1
                if self._holders == 0:
                    self._write(self._saved)


_switch_interval = SharedSetting(sys.getswitchinterval, sys.setswitchinterval,
                                 lambda found: min(PAGING_SWITCH_INTERVAL, found))
_young_threshold = SharedSetting(lambda: gc.get_threshold()[0],
                                 lambda value: gc.set_threshold(int(value), *gc.get_threshold()[1:]),
                                 lambda found: max(SYNC_COLLECTION_THRESHOLD, found))


def prompt_switches():
    """Within the block, a thread back from the network waits at most 0.5 ms for the GIL.

    An answer arrives in many socket reads, and after each one its paging thread must take
    the GIL back from the thread converting the previous page. CPython makes it wait up to
    its switch interval, 5 ms, each time: measured on a full sync, the converting thread
    then sat waiting for pages more than half of the read. A shorter interval the process
    set itself is kept.
    """
    return _switch_interval.held()


def fewer_collections():
    """Within the block, the cyclic garbage collector looks at young objects 30x less often.

    A sync allocates and frees millions of containers (decoded issues, changelog histories),
    and refcounting frees them all: it makes no reference cycles. Yet each changelog chunk
    held until it is stored counts as growth, and at CPython's threshold of 700 a 30k-issue
    sync ran 501 collections, 4 of them over every object of the process, for 0.3 s of CPU,
    with every thread stopped meanwhile, and found 11 objects to free. A higher threshold the
    process set itself is kept; collections still run, only later.
    """
    return _young_threshold.held()
