"""The process-wide settings a sync changes while it runs, and gives back: GIL switch interval, GC threshold."""

import gc
import sys
import threading

import pytest

from jirasync_dagster.sync.prefetch import prefetched
from jirasync_dagster.sync.runtime_settings import (
    PAGING_SWITCH_INTERVAL,
    SYNC_COLLECTION_THRESHOLD,
    fewer_collections,
    prompt_switches,
)
from jirasync_dagster_tests.sync.helpers import HookedClient, client_for, ready_warehouse, run_sync


@pytest.fixture(autouse=True)
def default_interval():
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    yield
    sys.setswitchinterval(before)


def test_paging_shortens_the_interval_and_restores_it():
    seen = [sys.getswitchinterval() for _ in prefetched([iter(range(3)), iter(range(3))])]
    assert seen == [pytest.approx(PAGING_SWITCH_INTERVAL)] * 6
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_an_abandoned_or_failing_read_restores_the_interval():
    pages = prefetched([iter(range(10))])
    next(pages)
    pages.close()
    assert sys.getswitchinterval() == pytest.approx(0.005)

    def failing():
        yield 1
        raise RuntimeError("JIRA went away")

    with pytest.raises(RuntimeError, match="went away"):
        list(prefetched([failing()]))
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_concurrent_holders_share_it_and_the_last_restores_it():
    first_in, second_done = threading.Event(), threading.Event()

    def other_sync():
        with prompt_switches():
            first_in.set()
            second_done.wait(5)

    other = threading.Thread(target=other_sync)
    other.start()
    first_in.wait(5)
    with prompt_switches():
        pass
    assert sys.getswitchinterval() == pytest.approx(PAGING_SWITCH_INTERVAL)  # the other still holds it
    second_done.set()
    other.join(5)
    assert sys.getswitchinterval() == pytest.approx(0.005)


def test_a_shorter_interval_set_by_the_process_is_kept():
    sys.setswitchinterval(0.0001)
    with prompt_switches():
        assert sys.getswitchinterval() == pytest.approx(0.0001, rel=0.05)
    assert sys.getswitchinterval() == pytest.approx(0.0001, rel=0.05)


@pytest.fixture
def default_threshold():
    before = gc.get_threshold()
    gc.set_threshold(700, *before[1:])
    yield
    gc.set_threshold(*before)


def test_fewer_collections_raises_the_young_threshold_and_restores_it(default_threshold):
    with fewer_collections():
        with fewer_collections():
            assert gc.get_threshold()[0] == SYNC_COLLECTION_THRESHOLD
        assert gc.get_threshold()[0] == SYNC_COLLECTION_THRESHOLD  # the outer holder still holds it
    assert gc.get_threshold()[0] == 700


def test_a_higher_threshold_set_by_the_process_is_kept(default_threshold):
    gc.set_threshold(100_000, *gc.get_threshold()[1:])
    with fewer_collections():
        assert gc.get_threshold()[0] == 100_000
    assert gc.get_threshold()[0] == 100_000


def test_a_sync_collects_less_often_while_it_runs_and_restores_the_threshold(
        default_threshold, sandbox, database_url):
    warehouse, mappings = ready_warehouse(database_url)
    client = client_for(sandbox, "instance_1")
    seen = []
    try:
        report = run_sync(HookedClient(client, lambda jql: seen.append(gc.get_threshold()[0])),
                          warehouse, mappings, "instance_1:OPS")
    finally:
        client.close()
        warehouse.dispose()
    assert report.fetched > 0 and seen and set(seen) == {SYNC_COLLECTION_THRESHOLD}
    assert gc.get_threshold()[0] == 700
