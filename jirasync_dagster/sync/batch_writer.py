"""Writing batches in a thread of their own, so converting the next batch overlaps the merge."""

from concurrent.futures import Future, ThreadPoolExecutor

from jirasync_dagster.warehouse import EncodedRows, MergeCounts, RowLayout, Warehouse, merge_rows


class BatchWriter:
    """Merges one batch at a time in the background; each batch commits in its own transaction.

    Use as a context manager: leaving it waits for the batch in flight, so nothing is written
    after the caller moves on (the watermark is committed only after every batch).
    """

    def __init__(self, warehouse: Warehouse, layout: RowLayout, rewrite: bool, report):
        self.warehouse = warehouse
        self.layout = layout
        self.rewrite = rewrite
        self.report = report
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jirasync-writer")
        self._pending: Future | None = None

    def __enter__(self) -> "BatchWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.flush()
            elif self._pending is not None:
                self._pending.exception()  # let it end; the error already leaving wins
        finally:
            self._executor.shutdown(wait=True)

    def submit(self, rows: EncodedRows | list[tuple]) -> None:
        """Start merging `rows` once the previous batch is written (at most one batch in flight)."""
        self.flush()
        self._pending = self._executor.submit(self._merge, rows)

    def flush(self) -> None:
        """Wait for the batch in flight and count it; its error is raised here, in the caller's thread."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.report.add(pending.result())

    def _merge(self, rows: EncodedRows | list[tuple]) -> MergeCounts:
        with self.warehouse.engine.begin() as conn:
            return merge_rows(conn, self.layout, rows, rewrite=self.rewrite)
