"""Pages fetched ahead in background threads while the caller writes the current one."""

import queue
import threading
from collections.abc import Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


def prefetched(sources: list[Iterator[T]], depth: int = 2) -> Iterator[T]:
    """Yield every item of every source, each source drained by a thread of its own, in arrival order.

    With one source this is a plain read-ahead; with several (id slices of one query) they
    are paged concurrently. The first error of any source is raised here, and the others stop.
    """
    buffer: queue.Queue = queue.Queue(maxsize=max(depth, len(sources)))
    stop = threading.Event()

    def drain(source: Iterator[T]) -> None:
        try:
            for item in source:
                if stop.is_set():
                    return
                buffer.put((item, None))
        except BaseException as exc:  # re-raised in the consumer's thread
            buffer.put((_DONE, exc))
            return
        buffer.put((_DONE, None))

    workers = [threading.Thread(target=drain, args=(s,), name="jirasync-pages", daemon=True) for s in sources]
    for worker in workers:
        worker.start()
    try:
        running = len(workers)
        while running:
            item, error = buffer.get()
            if error is not None:
                raise error
            if item is _DONE:
                running -= 1
                continue
            yield item
    finally:
        stop.set()
        # Free producers blocked on a full buffer so every thread can end.
        while any(w.is_alive() for w in workers):
            try:
                buffer.get(timeout=0.05)
            except queue.Empty:
                pass
