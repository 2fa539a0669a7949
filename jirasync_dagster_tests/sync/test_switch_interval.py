"""The GIL switch interval a sync shortens while its paging threads run, and gives back."""

import sys
import threading

import pytest

from jirasync_dagster.sync.prefetch import prefetched
from jirasync_dagster.sync.switch_interval import PAGING_SWITCH_INTERVAL, prompt_switches


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
