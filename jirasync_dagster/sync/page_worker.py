"""A worker process that converts search pages to encoded rows.

Started as a plain child process running `main()` (not through multiprocessing, which would
import the caller's main script in the child) and spoken to over its stdin and stdout with
length-prefixed pickles: first the instance, its mappings and entities, then one page per message.
Answers come back in the order the pages went in.
"""

import json
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections import deque
from concurrent.futures import Future
from typing import BinaryIO

_LENGTH = struct.Struct("<Q")
_WORKER_START = f"import json, sys; sys.path[:] = json.loads(sys.argv[1]); from {__name__} import main; main()"


class WorkerStoppedError(RuntimeError):
    """The process converting a read's pages ended abruptly (killed, or out of memory)."""


def send(stream: BinaryIO, message) -> None:
    """Write one length-prefixed pickle."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def receive(stream: BinaryIO):
    """Read one length-prefixed pickle; EOFError when the other side has gone."""
    header = stream.read(_LENGTH.size)
    if len(header) < _LENGTH.size:
        raise EOFError
    size = _LENGTH.unpack(header)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)


class PageWorker:
    """The parent's handle on one worker process: submit pages, get Futures of ConvertedPage."""

    def __init__(self, instance: str, mappings: list, entities):
        # The worker takes the parent's import path as its own, so it runs this very code even
        # where the parent's path was changed at run time (a Dagster working_directory, say).
        self._process = subprocess.Popen([sys.executable, "-c", _WORKER_START, json.dumps(sys.path)],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1 << 20)
        self._pending: deque[Future] = deque()
        self._lock = threading.Lock()
        self.started: Future = Future()  # done once the worker has built its converter: its code's file
        self._pending.append(self.started)
        self._send((instance, mappings, entities))
        self._reader = threading.Thread(target=self._read_answers, name="jirasync-page-worker", daemon=True)
        self._reader.start()

    def submit(self, raw_issues: list[bytes]) -> Future:
        """Convert one page's issues in the worker."""
        future: Future = Future()
        with self._lock:
            self._pending.append(future)
        self._send(raw_issues)
        return future

    def _send(self, message) -> None:
        try:
            send(self._process.stdin, message)
        except OSError:
            pass  # the worker is gone: the reader fails every pending future once it sees that

    def _read_answers(self) -> None:
        stdout = self._process.stdout
        while True:
            try:
                ok, value = receive(stdout)
            except (EOFError, OSError):
                break
            with self._lock:
                future = self._pending.popleft()
            future.set_result(value) if ok else future.set_exception(value)
        code = self._process.wait()
        with self._lock:
            left, self._pending = list(self._pending), deque()
        for future in left:
            future.set_exception(WorkerStoppedError(
                f"the process converting pages ended unexpectedly (exit code {code}; killed, or out of memory?); "
                "batches merged so far are kept and the watermark did not move, so the next run reads the rest"))

    def close(self, timeout: float = 30.0) -> None:
        """End the worker: it finishes the pages it has, then exits; answers not yet used are dropped."""
        try:
            self._process.stdin.close()
        except OSError:
            pass
        self._reader.join(timeout)
        if self._reader.is_alive():  # a worker that hangs is not waited for twice
            self._process.kill()
            self._reader.join()


def main() -> None:
    """The worker: build the converter, then answer each page with its ConvertedPage until stdin closes."""
    from jirasync_dagster.mapping import IssueConverter
    from jirasync_dagster.sync.row_builder import RowBuilder

    # Answers go to a private copy of stdout; anything printed lands on stderr instead.
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    requests = sys.stdin.buffer
    instance, mappings, entities = receive(requests)
    builder = RowBuilder(instance, IssueConverter(mappings, instance), entities)
    send(answers, (True, __file__))
    while True:
        try:
            raw_issues = receive(requests)
        except EOFError:
            return
        try:
            send(answers, (True, builder.page(raw_issues)))
        except Exception as error:  # the parent raises it where the page is used
            send(answers, (False, _picklable(error)))


def _picklable(error: Exception) -> Exception:
    try:
        pickle.dumps(error)
        return error
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
