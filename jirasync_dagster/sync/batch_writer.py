"""Writing batches in a thread of their own, so converting the next batch overlaps the merge."""

from concurrent.futures import Future, ThreadPoolExecutor

from jirasync_dagster.sync.extras_step import ExtrasStep
from jirasync_dagster.sync.issue_extras import IssueExtras
from jirasync_dagster.warehouse import EncodedRows, MergeCounts, RowLayout, Warehouse, merge_rows


def write_batch(warehouse: Warehouse, layout: RowLayout, rows, extras: IssueExtras, step: ExtrasStep, *,
                rewrite: bool = False, then=None) -> MergeCounts:
    """Merge `rows` and write their issues' comments and links in one transaction, `then(conn)` last in it."""
    extras = step.prepare(warehouse, extras)
    with warehouse.engine.begin() as conn:
        counts = merge_rows(conn, layout, rows, rewrite=rewrite)
        step.write(conn, extras)
        if then is not None:
            then(conn)
    return counts


class BatchWriter:
    """Merges one batch at a time in the background; each batch commits in its own transaction.

    Use as a context manager: leaving it waits for the batch in flight, so nothing is written
    after the caller moves on (the watermark is committed only after every batch).
    """

    def __init__(self, warehouse: Warehouse, layout: RowLayout, rewrite: bool, report, step: ExtrasStep):
        self.warehouse, self.step = warehouse, step
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

    def submit(self, rows: EncodedRows | list[tuple], extras: IssueExtras) -> None:
        """Start writing `rows` and their `extras` once the previous batch is written (at most one in flight)."""
        self.flush()
        self._pending = self._executor.submit(write_batch, self.warehouse, self.layout, rows, extras, self.step,
                                              rewrite=self.rewrite)

    def flush(self) -> None:
        """Wait for the batch in flight and count it; its error is raised here, in the caller's thread."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.report.add(pending.result())

