"""prefetched: every item of every source, the first error raised, an abandoned read stops its threads."""

import threading

import pytest

from jirasync_dagster.sync.prefetch import prefetched


def test_every_item_of_every_source_arrives_once():
    items = list(prefetched([iter(range(0, 50)), iter(range(50, 80)), iter(range(80, 81))]))
    assert sorted(items) == list(range(81))


def test_the_first_error_of_any_source_is_raised():
    def failing():
        yield 1
        raise RuntimeError("JIRA went away")

    with pytest.raises(RuntimeError, match="went away"):
        list(prefetched([iter(range(1000)), failing()]))


def test_an_abandoned_read_stops_its_threads():
    before = set(threading.enumerate())
    pages = prefetched([iter(range(10_000)), iter(range(10_000))])
    next(pages)
    started = set(threading.enumerate()) - before
    assert len(started) == 2
    pages.close()
    for thread in started:
        thread.join(timeout=5)
    assert not any(thread.is_alive() for thread in started)
