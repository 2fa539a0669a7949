"""`python -m benchmarks.worker '<json>'`: one measured step in a process of its own.

Steps: `floor` pages the sandbox exactly as the sync does, reading only the paging fields
of each page and no issue; `sync` runs `sync_partition` over the given partitions. Either prints one JSON line
with its wall time, counts, API calls and the process's peak RSS (VmHWM). With `"settings_probe": true` the
step runs with the process-wide setting named by `"without"` (mmap; none when null) switched off,
and the result says what was in effect (see benchmarks.settings_ab).
"""

import cProfile
import io
import json
import pstats
import re
import resource
import sys
import threading
import time

import orjson
import psutil

from benchmarks.process_tree import child_pids
from jirasync_dagster.jira import JiraClient
from jirasync_dagster.jira.connection import JiraConnection
from jirasync_dagster.jira.rate_limit import TokenBucket
from jirasync_dagster.jira.transport import JiraTransport
from jirasync_dagster.mapping import IssueConverter, MappingStore
from jirasync_dagster.sandbox import SANDBOX_CREDENTIALS
from jirasync_dagster.sync import SyncOptions, sync_partition
from jirasync_dagster.sync.jql import project_filter
from jirasync_dagster.sync.row_builder import RowBuilder
from jirasync_dagster.sync.prefetch import prefetched
from jirasync_dagster.sync.slices import page_streams
from jirasync_dagster.warehouse import Warehouse

INSTANCE = "instance_1"
CHANGELOG_CHUNK = 1000  # issues per bulkfetch call, as the sync's changelog step sends them
_TOKEN = re.compile(rb'"nextPageToken":"([^"]+)"')  # of a bulkfetch body
# Every issue object JIRA returns opens with its `expand` and `id` members.
_ISSUE_ID = re.compile(rb'\{"expand":"[^"]*","id":"(\d+)"')


def make_client(cfg: dict) -> JiraClient:
    """A client like the resource builds, with no rate limit and a pool for every slice."""
    if cfg["flavour"] == "cloud":
        credentials = {"username": SANDBOX_CREDENTIALS["email"], "password": SANDBOX_CREDENTIALS["api_token"]}
    else:
        credentials = {"token": SANDBOX_CREDENTIALS["pat"]}
    connection = JiraConnection(name=INSTANCE, url=cfg["url"], api=cfg["flavour"], skip=tuple(cfg.get("skip", ())),
                                **credentials)
    transport = JiraTransport(connection, pool_size=cfg.get("pool_size", 16), limiter=TokenBucket(rate=0))
    return JiraClient(connection, transport, page_size=cfg.get("page_size", 100))


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM; unlike ru_maxrss, not inherited from the parent across exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class ChildPeakRss:
    """The largest RSS any child process (a full read's page worker) reached, sampled every 50 ms.

    Children's ru_maxrss would count the parent's memory they inherit at fork, so it is sampled.
    """

    def __init__(self):
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            for pid in child_pids(recursive=True):
                try:
                    self.peak_mb = max(self.peak_mb, psutil.Process(pid).memory_info().rss / 2**20)
                except psutil.Error:
                    pass

    def stop(self) -> float:
        """Stop sampling; the peak seen."""
        self._stop.set()
        self._thread.join()
        return self.peak_mb


def sync_step(cfg: dict) -> dict:
    """Sync every partition in `cfg["projects"]` one after the other, as a scheduled run would."""
    client = make_client(cfg)
    warehouse = Warehouse(cfg["db"])
    converter = IssueConverter(MappingStore(warehouse.engine).load_active(), INSTANCE)
    options = SyncOptions(parallel_slices=cfg.get("slices", 1), full_refresh=cfg.get("full_refresh", False),
                           changelogs=cfg.get("changelogs", True))
    profiler = cProfile.Profile() if cfg.get("profile") else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    reports = [sync_partition(client, warehouse, converter, f"{INSTANCE}:{p}", options) for p in cfg["projects"]]
    if profiler:
        profiler.disable()
    wall = time.perf_counter() - started
    result = {
        "wall": wall,
        "fetched": sum(r.fetched for r in reports),
        "inserted": sum(r.inserted for r in reports),
        "updated": sum(r.updated for r in reports),
        "unchanged": sum(r.unchanged for r in reports),
        "pages": sum(r.pages for r in reports),
        "modes": sorted({r.mode for r in reports}),
        "conversion_failures": sum(sum(r.conversion_failures.values()) for r in reports),
        "api_calls": client.stats.api_calls,
        "changelog_api_calls": sum(r.changelog_api_calls for r in reports),
        "changelog_entries": sum(r.changelog_entries for r in reports),
        "seconds_by_partition": {r.partition_key: round(r.seconds, 2) for r in reports},
        "retries": client.stats.retries,
    }
    if profiler:
        result["profile"] = profile_top(profiler, cfg.get("profile_lines", 25))
        profiler.dump_stats(cfg["profile"])
    client.close()
    warehouse.dispose()
    return result


def floor_step(cfg: dict) -> dict:
    """Page every partition as the sync does (same client, streams, fields, page size), issues undecoded."""
    client = make_client(cfg)
    warehouse = Warehouse(cfg["db"])
    fields = RowBuilder(INSTANCE, IssueConverter(MappingStore(warehouse.engine).load_active(), INSTANCE)).fields
    warehouse.dispose()
    counts = {"issues": 0, "pages": 0, "bytes": 0}
    changelogs = cfg.get("changelogs", False) and client.flavour == "cloud"

    started = time.perf_counter()
    for project in cfg["projects"]:
        ids: list[bytes] = []
        for page in prefetched(page_streams(client, project_filter(project), fields, cfg.get("slices", 1))):
            counts["issues"] += len(page.raw_issues)
            counts["pages"] += 1
            counts["bytes"] += sum(map(len, page.raw_issues))
            if changelogs:
                ids += [_ISSUE_ID.match(raw).group(1) for raw in page.raw_issues]
        for start in range(0, len(ids), CHANGELOG_CHUNK):
            for body in raw_bulkfetch(client, ids[start:start + CHANGELOG_CHUNK]):
                counts["bytes"] += len(body)
    wall = time.perf_counter() - started
    result = {"wall": wall, "fetched": counts["issues"], "pages": counts["pages"], "bytes": counts["bytes"],
              "api_calls": client.stats.api_calls}
    client.close()
    return result


def raw_bulkfetch(client: JiraClient, ids: list[bytes]):
    """The changelog step's Cloud bulkfetch calls for `ids`, yielding undecoded bodies."""
    session, url = client.transport.session, client.connection.url + "/rest/api/3/changelog/bulkfetch"
    body = {"issueIdsOrKeys": [i.decode() for i in ids], "maxResults": 10000}
    while True:
        client.stats.add(api_calls=1)
        response = session.post(url, data=orjson.dumps(body), headers={"Content-Type": "application/json"},
                                timeout=(10, 60))
        response.raise_for_status()
        content = response.content
        yield content
        token = _TOKEN.search(content, max(0, len(content) - 4096))
        if token is None:
            return
        body = {**body, "nextPageToken": token.group(1).decode()}


def profile_top(profiler: cProfile.Profile, lines: int) -> str:
    """The profile's top functions by own time, as text."""
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(lines)
    return out.getvalue()


STEPS = {"sync": sync_step, "floor": floor_step}


def _usage() -> tuple:
    """Resource usage of this process and of its ended children (the page worker) so far."""
    return resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)


def _cpu_seconds(usage: tuple) -> float:
    return sum(part.ru_utime + part.ru_stime for part in usage)


def main(argv: list[str] | None = None) -> None:
    """Run the step described by the JSON argument and print its result as one JSON line."""
    cfg = json.loads((argv or sys.argv[1:])[0])
    probe = None
    if cfg.get("settings_probe"):  # (k): one process-wide setting switched off here, and what was in effect
        from benchmarks.settings_ab import SettingsProbe

        probe = SettingsProbe(cfg.get("without"))
    baseline = peak_rss_mb()  # after imports
    children = ChildPeakRss()
    before = _usage()
    result = STEPS[cfg["step"]](cfg)
    after = _usage()
    worker_rss = children.stop()
    if probe:
        result["settings"] = probe.finish()
    usage, ended = after
    # The sync's memory is its own process's plus its page worker's, which ran beside it.
    result.update(max_rss_mb=peak_rss_mb() + worker_rss, worker_rss_mb=worker_rss, baseline_rss_mb=baseline,
                  cpu_user=usage.ru_utime, cpu_system=usage.ru_stime, cpu_page_worker=ended.ru_utime + ended.ru_stime,
                  cpu_step=_cpu_seconds(after) - _cpu_seconds(before))
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
