"""Pages converted in a worker process: the same rows as here, in read order, and clear failures."""

import logging
import shutil
import sys
from pathlib import Path

import pytest

from jirasync_dagster.mapping import IssueConverter, default_mappings
from jirasync_dagster.sandbox import FaultConfig, InstanceSpec, SandboxServer
from jirasync_dagster.sync.page_conversion import PageConversion
from jirasync_dagster.sync.issue_extras import Entities
from jirasync_dagster.sync.page_worker import PageWorker, WorkerStoppedError
from jirasync_dagster.sync.row_builder import RowBuilder
from jirasync_dagster_tests.sync.helpers import (
    client_for,
    ready_warehouse,
    sandbox_view,
    sync,
    warehouse_view,
)

INSTANCE = "instance_1"


@pytest.fixture(scope="module")
def pages():
    """Search pages of 40 issues from a Cloud sandbox, one with a value that does not convert."""
    with SandboxServer([InstanceSpec(INSTANCE, "cloud", 400, 7, ("ENG",))]) as server:
        store = server.instance(INSTANCE)
        store.update_issue(store.records_in({"ENG"})[3].key, duedate="not a date")
        client = client_for(server, INSTANCE)
        builder = RowBuilder(INSTANCE, IssueConverter(default_mappings(), INSTANCE))
        found = list(client.search_pages("project = ENG", builder.fields, page_size=40))
        client.close()
    assert len(found) == 10
    return found


def builder() -> RowBuilder:
    return RowBuilder(INSTANCE, IssueConverter(default_mappings(), INSTANCE))


def test_worker_converts_pages_exactly_as_this_process(pages):
    here = builder()
    worker = PageWorker(INSTANCE, here.converter.columns, here.entities)
    try:
        futures = [worker.submit(page.raw_issues) for page in pages]
        converted = [future.result(timeout=60) for future in futures]
    finally:
        worker.close()
    assert converted == [here.page(page.raw_issues) for page in pages]
    assert sum(page.failures["due_date"] for page in converted) == 1


def test_conversion_moves_to_the_worker_once_it_runs_and_keeps_read_order(pages):
    here = builder()
    conversion = PageConversion(here, in_worker=True, worker_after_pages=1)
    with conversion:
        first = list(conversion.converted(pages[:2]))
        conversion.worker.started.result(timeout=60)
        rest = list(conversion.converted(pages[2:]))
        in_worker = conversion.pages_in_worker
    assert in_worker == len(pages) - 2
    assert [(page, converted) for page, converted in first + rest] == [
        (page, here.page(page.raw_issues)) for page in pages]


def test_a_killed_worker_fails_the_pages_it_holds_with_a_clear_error(pages):
    worker = PageWorker(INSTANCE, builder().converter.columns, Entities())
    try:
        worker.started.result(timeout=60)
        worker._process.kill()
        future = worker.submit(pages[0].raw_issues)
        with pytest.raises(WorkerStoppedError, match="killed, or out of memory.*the watermark did not move"):
            future.result(timeout=60)
    finally:
        worker.close()


@pytest.mark.parametrize("executable", ["/bin/false", "/nonexistent/python"])
def test_without_a_worker_pages_are_converted_here(pages, monkeypatch, caplog, executable):
    """A worker that exits at once, or cannot be started, costs speed, never the sync."""
    here = builder()
    monkeypatch.setattr(sys, "executable", executable)
    with caplog.at_level(logging.WARNING), PageConversion(here, in_worker=True, worker_after_pages=1,
                                                          partition="instance_1:ENG") as conversion:
        converted = list(conversion.converted(pages[:1]))  # the first page starts the worker
        if conversion.worker is not None:
            conversion.worker.started.exception(timeout=60)  # wait until it has ended
        converted += list(conversion.converted(pages[1:]))
        assert conversion.pages_in_worker == 0
    assert [c for _, c in converted] == [here.page(page.raw_issues) for page in pages]
    assert "instance_1:ENG" in caplog.text and "worker" in caplog.text


def test_full_sync_with_a_worker_is_exact(database_url, caplog):
    spec = InstanceSpec(INSTANCE, "cloud", 1500, 9, ("ENG",))
    with SandboxServer([spec]) as server:
        # Slow enough pages that the worker (started at the 50th) is up long before the read ends.
        server.instance(INSTANCE).set_faults(FaultConfig(latency_ms=25, max_page_size=10))
        warehouse, mappings = ready_warehouse(database_url)
        with caplog.at_level(logging.INFO, logger="jirasync.sync"):
            report = sync(server, warehouse, mappings, f"{INSTANCE}:ENG", parallel_slices=1, batch_size=300,
                          conversion_process=True)
        assert report.fetched == report.inserted == 1500
        assert warehouse_view(warehouse, INSTANCE) == sandbox_view(server, INSTANCE)
    (line,) = [r.message for r in caplog.records if "converted in a worker process" in r.message]
    in_worker, pages = (int(word) for word in line.split(": ", 1)[1].split()[:3:2])
    assert pages == 150 and in_worker > 0


@pytest.mark.parametrize("cpus, expected", [(2, False), (4, True), (None, False)])
def test_unset_conversion_process_asks_for_four_cpus(monkeypatch, cpus, expected):
    from jirasync_dagster.sync import SyncOptions
    from jirasync_dagster.sync.engine import _conversion_process

    monkeypatch.setattr("os.cpu_count", lambda: cpus)
    assert _conversion_process(SyncOptions()) is expected
    assert _conversion_process(SyncOptions(conversion_process=True)) is True
    assert _conversion_process(SyncOptions(conversion_process=False)) is False


def test_worker_imports_the_package_from_the_parents_path(tmp_path, monkeypatch, pages):
    """A parent that found the package on a path added at run time: the worker imports it from there too."""
    import jirasync_dagster

    code = tmp_path / "code"
    shutil.copytree(Path(jirasync_dagster.__file__).parent, code / "jirasync_dagster",
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.syspath_prepend(str(code))
    worker = PageWorker(INSTANCE, builder().converter.columns, Entities())
    try:
        assert Path(worker.started.result(timeout=60)).is_relative_to(code)
        assert worker.submit(pages[0].raw_issues).result(timeout=60) == builder().page(pages[0].raw_issues)
    finally:
        worker.close()
