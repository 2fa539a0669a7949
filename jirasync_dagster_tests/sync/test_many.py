"""sync_each: many partitions side by side, at most N per JIRA instance, one failure never stops the rest."""

import threading

import pytest

from jirasync_dagster.sync.many import partition_listener, sync_each

PARTITIONS = [f"instance_1:P{i}" for i in range(6)] + [f"instance_2:Q{i}" for i in range(3)]


class Tracker:
    """Counts how many syncs of each instance run at the same moment."""

    def __init__(self):
        self.lock = threading.Lock()
        self.running: dict[str, int] = {}
        self.peak: dict[str, int] = {}
        self.both_running = threading.Event()

    def sync(self, partition: str) -> str:
        instance = partition.split(":")[0]
        with self.lock:
            self.running[instance] = self.running.get(instance, 0) + 1
            self.peak[instance] = max(self.peak.get(instance, 0), self.running[instance])
            if all(self.running.get(name) for name in ("instance_1", "instance_2")):
                self.both_running.set()
        # Each sync holds its slot until both instances have had one at once, proving they overlap.
        self.both_running.wait(timeout=10)
        with self.lock:
            self.running[instance] -= 1
        if partition == "instance_1:P3":
            raise RuntimeError("project P3 is gone")
        return f"synced {partition}"


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_limit_per_instance_holds_and_instances_overlap(limit):
    tracker = Tracker()
    outcomes = sync_each(PARTITIONS, limit, tracker.sync)
    assert [o.partition for o in outcomes] == PARTITIONS
    assert tracker.both_running.is_set()
    assert tracker.peak["instance_1"] <= limit and tracker.peak["instance_2"] <= limit
    failed = [o for o in outcomes if not o.ok]
    assert [o.partition for o in failed] == ["instance_1:P3"] and "gone" in str(failed[0].error)
    assert all(o.result == f"synced {o.partition}" for o in outcomes if o.ok)


def test_listeners_hear_every_outcome_while_registered():
    heard, direct = [], []
    with partition_listener(lambda outcome: heard.append(outcome.partition)):
        sync_each(PARTITIONS[:3], 2, lambda p: p, on_outcome=lambda outcome: direct.append(outcome.partition))
    sync_each(PARTITIONS[3:4], 1, lambda p: p)
    assert sorted(heard) == sorted(direct) == sorted(PARTITIONS[:3])
