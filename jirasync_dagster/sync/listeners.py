"""Callbacks that hear what syncs in this process announce, for a caller that cannot hand them in."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


class Listeners(Generic[T]):
    """Callbacks registered for a block; every announcement reaches each of them."""

    # A terminal progress bar needs to hear from a Dagster run executing in its own process;
    # the run cannot be handed a callback, so the sync announces here instead.
    def __init__(self):
        self._callbacks: list[Callable[[T], None]] = []
        self._lock = threading.Lock()

    @contextmanager
    def listening(self, callback: Callable[[T], None]) -> Iterator[None]:
        """Call `callback` with every announcement made in this process while inside the block."""
        with self._lock:
            self._callbacks.append(callback)
        try:
            yield
        finally:
            with self._lock:
                self._callbacks.remove(callback)

    def announce(self, item: T) -> None:
        """Hand `item` to every registered callback."""
        with self._lock:
            callbacks = list(self._callbacks)
        for callback in callbacks:
            callback(item)
