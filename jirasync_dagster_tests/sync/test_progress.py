"""Progress of a sync: a log line at least every N seconds and at each phase's end, with the expected count,
speed and time left, and the same figures for the terminal's bars."""

import logging

import pytest

from jirasync_dagster.sandbox import FaultConfig
from jirasync_dagster.sync.progress import ProgressMeter, SyncProgress, format_seconds, progress_listener
from jirasync_dagster_tests.sync.helpers import sandbox_view, sync, warehouse_view


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_meter_logs_when_due_and_at_each_phase_end(caplog):
    caplog.set_level(logging.INFO, "progress-test")
    clock = Clock()
    meter = ProgressMeter("instance_1:ENG", logging.getLogger("progress-test"), every=10, clock=clock)
    meter.expect(1000)
    for _ in range(4):  # 4 pages in 8 s: not yet due
        clock.now += 2
        meter.page(100)
    assert caplog.messages == []
    clock.now += 2
    meter.page(100)  # 10 s since the start
    assert caplog.messages == ["instance_1:ENG reading: 500 of ~1,000 issues in 5 pages (10.0 s, 50 issues/s, "
                               "about 10 s left)"]
    clock.now += 1
    meter.page(100)
    assert len(caplog.messages) == 1  # the next line is due 10 s after the last one
    meter.phase_done("read", "finishing", "600 new")
    meter.phase_done("done")
    assert caplog.messages[1:] == ["instance_1:ENG read: 600 of ~1,000 issues in 6 pages (11.0 s, 55 issues/s, "
                                   "about 7 s left); 600 new",
                                   "instance_1:ENG done: 600 of ~1,000 issues in 6 pages (11.0 s, 55 issues/s)"]


def test_expected_count_never_falls_below_what_was_read():
    meter = ProgressMeter("p", logging.getLogger("progress-test"), clock=Clock())
    meter.page(300)
    meter.expect(250)  # an approximate count may be low
    assert meter.snapshot().expected == 300
    meter.page(50)
    assert meter.snapshot().expected == 350


@pytest.mark.parametrize("seconds, text", [(0.4, "0 s"), (42, "42 s"), (185, "3 min 5 s"), (3720, "1 h 2 min")])
def test_format_seconds(seconds, text):
    assert format_seconds(seconds) == text


def test_eta_unknown_until_speed_and_count_are():
    assert SyncProgress("p", "reading", 0, 100, 0, 1.0).eta_seconds is None
    assert SyncProgress("p", "reading", 10, None, 1, 1.0).eta_seconds is None
    assert SyncProgress("p", "reading", 10, 100, 1, 1.0).eta_seconds == pytest.approx(9.0)


@pytest.mark.parametrize("instance", ["instance_1", "instance_2"])
def test_a_sync_reports_its_progress_against_jiras_count(sandbox, warehouse_and_mappings, caplog, instance):
    warehouse, mappings = warehouse_and_mappings
    partition = f"{instance}:ENG"
    expected = len(sandbox_view(sandbox, instance, "ENG"))
    sandbox.instance(instance).set_faults(FaultConfig(max_page_size=7))  # many pages
    heard: list[SyncProgress] = []
    caplog.set_level(logging.INFO, "jirasync.sync")
    with progress_listener(heard.append):
        report = sync(sandbox, warehouse, mappings, partition, parallel_slices=1, progress_seconds=0)
    assert warehouse_view(warehouse, instance, "ENG") == sandbox_view(sandbox, instance, "ENG")
    mine = [s for s in heard if s.partition == partition]
    pages = [s for s in mine if s.phase == "reading"]
    assert len(pages) == report.pages > 2
    assert [s.read for s in pages] == sorted(s.read for s in pages) and pages[-1].read == expected
    # Data Center's first page says how many; Cloud's count arrives beside the read.
    assert pages[-1].expected == expected
    assert mine[-1].done and mine[-1].phase == "done"
    lines = [m for m in caplog.messages if m.startswith(f"{partition} ")]
    assert any(line.startswith(f"{partition} reading: ") and f" of ~{expected:,} issues" in line for line in lines)
    assert lines[-1].startswith(f"{partition} done: {expected:,} issues in {report.pages} pages")


def test_a_one_page_read_costs_no_count_request(sandbox, warehouse_and_mappings):
    warehouse, mappings = warehouse_and_mappings
    sync(sandbox, warehouse, mappings, "instance_1:ENG")
    sandbox.instance("instance_1").clear_request_log()
    sync(sandbox, warehouse, mappings, "instance_1:ENG")  # nothing changed: one page, no forecast needed
    paths = [path for _, _, path, _ in sandbox.instance("instance_1").request_log]
    assert not any("approximate-count" in path for path in paths)
