"""Pages to warehouse rows in read order, for a large read in a worker process."""

import logging
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future

from jirasync_dagster.mapping import IssueConverter
from jirasync_dagster.sync.page_worker import PageWorker
from jirasync_dagster.sync.row_builder import RowBuilder

logger = logging.getLogger("jirasync.sync")


class PageConversion:
    """Converts pages in read order: in a worker process once it runs (when asked for one), here until then.

    Decoding, mapping and COPY-encoding an issue is most of the sync's own CPU. Done in the
    process that pages and merges, it holds the GIL that the paging threads need to take in
    their answers, so a long read stalls on it. The worker is started once the read has
    reached `worker_after_pages` pages, so a small read never pays for one, and it takes
    about half a second to start: pages read meanwhile are converted here.
    """

    def __init__(self, builder: RowBuilder, *, in_worker: bool, partition: str = "", depth: int = 3,
                 worker_after_pages: int = 50, log=logger):
        self.builder, self.partition, self.depth, self.log = builder, partition, depth, log
        self.worker: PageWorker | None = None
        self._worker_due = in_worker and isinstance(builder.converter, IssueConverter)
        self._worker_after_pages = worker_after_pages
        self.pages = 0
        self.pages_in_worker = 0

    def __enter__(self) -> "PageConversion":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop the worker, if any."""
        self._worker_due = False
        if self.worker is not None:
            self.worker.close()
            self.worker = None
            self.log.info(f"{self.partition}: {self.pages_in_worker} of {self.pages} pages converted in a worker process")

    def converted(self, pages: Iterable) -> Iterator[tuple]:
        """(page, ConvertedPage) for each search page, in the order read; up to `depth` in the worker at once."""
        in_flight: deque = deque()
        for page in pages:
            in_flight.append((page, self._submit(page.raw_issues)))
            while in_flight and (len(in_flight) > self.depth or in_flight[0][1].done()):
                page, future = in_flight.popleft()
                yield page, future.result()
        while in_flight:
            page, future = in_flight.popleft()
            yield page, future.result()

    def _submit(self, raw_issues: list[bytes]) -> Future:
        self.pages += 1
        if self._worker_due and self.pages >= self._worker_after_pages:
            self._worker_due = False
            try:
                self.worker = PageWorker(self.builder.instance, self.builder.converter.columns, self.builder.entities)
            except OSError as error:  # no process can be started here: convert in this one
                self.log.warning(f"{self.partition}: no worker process for converting pages ({error})")
        if self._worker_ready():
            self.pages_in_worker += 1
            return self.worker.submit(raw_issues)
        here: Future = Future()
        here.set_result(self.builder.page(raw_issues))
        return here

    def _worker_ready(self) -> bool:
        if self.worker is None or not self.worker.started.done():
            return False
        if (error := self.worker.started.exception()) is not None:
            # A machine where the worker cannot start still syncs, only slower.
            self.log.warning(f"{self.partition}: the page worker did not start ({error}); converting pages here")
            self.worker.close()
            self.worker = None
            return False
        return True
