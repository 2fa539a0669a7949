"""Syncing many partitions in one process: concurrently, at most N at a time per JIRA instance."""

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from jirasync_dagster.sync.listeners import Listeners
from jirasync_dagster.sync.partition_key import split_partition_key


@dataclass
class PartitionOutcome:
    """How one partition of a many-partition sync ended: its result, or the error that stopped it."""

    partition: str
    result: object = None
    error: BaseException | None = None

    @property
    def ok(self) -> bool:
        """True when the partition synced."""
        return self.error is None


_outcomes: Listeners[PartitionOutcome] = Listeners()
# Call a callback with every partition outcome this process produces while inside the block.
partition_listener = _outcomes.listening


def sync_each(partitions: list[str], per_instance: int, sync_one: Callable[[str], object],
              on_outcome: Callable[[PartitionOutcome], None] | None = None) -> list[PartitionOutcome]:
    """Run `sync_one(partition)` for every partition, at most `per_instance` at once per JIRA instance.

    One partition's failure never stops the others; outcomes come back in the order given.
    """
    per_instance = max(1, per_instance)
    by_instance: dict[str, list[str]] = {}
    for partition in partitions:
        by_instance.setdefault(split_partition_key(partition)[0], []).append(partition)
    outcomes: dict[str, PartitionOutcome] = {}

    def run(partition: str) -> None:
        try:
            outcome = PartitionOutcome(partition, result=sync_one(partition))
        except Exception as exc:  # one project's failure is reported, the others go on
            outcome = PartitionOutcome(partition, error=exc)
        outcomes[partition] = outcome
        if on_outcome is not None:
            on_outcome(outcome)
        _outcomes.announce(outcome)

    def drain(queue: list[str], lock: threading.Lock) -> None:
        while True:
            with lock:
                if not queue:
                    return
                partition = queue.pop(0)
            run(partition)

    # Each instance gets its own workers, so a slow site never holds another site's slots.
    queues = [(queue, threading.Lock()) for queue in by_instance.values()]
    workers = [(queue, lock) for queue, lock in queues for _ in range(min(per_instance, len(queue)))]
    if len(workers) == 1:
        drain(*workers[0])
    else:
        with ThreadPoolExecutor(max_workers=len(workers), thread_name_prefix="jirasync-partition") as pool:
            for future in [pool.submit(drain, queue, lock) for queue, lock in workers]:
                future.result()
    return [outcomes[p] for p in partitions]
