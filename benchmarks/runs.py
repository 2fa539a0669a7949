"""`python -m benchmarks.runs`: what Dagster runs cost, measured side by side in one invocation.

Against the sandbox JIRA (its own process) and Postgres (embedded in a temporary JIRASYNC_HOME, or
JIRASYNC_DATABASE_URL), through the real command-line tools and the real daemon:

  g) a no-change run   `dagster job execute -m jirasync_dagster -j jira_sync_job --tags
                       '{"dagster/partition": "instance_1:ENG"}'` after discovery and a first sync: wall,
                       CPU with all its children, processes started; beside it `python -c "import dagster"`
                       and `python -c "import jirasync_dagster.definitions"`
  h) idle deployment   N partitions synced once, then the gRPC code server and `dagster-daemon` with
                       JIRASYNC_AUTOMATION=on and a 2-minute schedule; 2 issues in 2 projects updated; over
                       --duration s: runs launched, the machine's and the deployment's CPU (cores), seconds
                       until both changes landed, whether the run queue drained
  i) first load        `jirasync sync` of N small projects into a fresh warehouse and Dagster instance:
                       wall, CPU, processes, runs recorded
  j) full sync         `jirasync sync` of 8,000 issues in 2 projects, every answer 100 ms late, pages of at
                       most 100; beside it singer's `tap-jira 2.6.0 | meltanolabs-target-postgres 0.8.1`
                       on the same server and Postgres

Every process started here is in a process group of its own and is stopped at the end, on an error
or on Ctrl-C too. Timings are never asserted; the summary lines say whether each target was met.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import requests
import sqlalchemy as sa

from benchmarks.procs import Measured, Processes, cores_between, machine_cpu, measured_run, tree_cpu
from benchmarks.run import Databases, exactness, machine, say

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
INSTANCE = "instance_1"
PARTITION = f"{INSTANCE}:ENG"
CHANGED = 2  # issues updated in (h), each in a project of its own
ISSUES_PER_PROJECT = 5  # (h) and (i): "small projects of a few issues each"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "jirasync-bench"
TAP_JIRA, TARGET_POSTGRES = "tap-jira==2.6.0", "meltanolabs-target-postgres==0.8.1"
WAIT = 600  # bound on any one command that should take seconds


@dataclass
class Row:
    """One line of the table; a figure that does not apply stays None and prints as '-'."""

    step: str
    wall: float | None = None
    cpu: float | None = None
    processes: int | None = None
    runs: int | None = None
    machine_cores: float | None = None
    deploy_cores: float | None = None
    landed: str | None = None
    drained: str | None = None
    exact: str = "-"
    note: str = ""
    data: dict = field(default_factory=dict)


# --- the sandbox, databases, Dagster homes -------------------------------------------------------

class Sandbox:
    """One sandbox instance in its own process (benchmarks.sandbox_server, over HTTPS when given `tls`)."""

    def __init__(self, processes: Processes, issues: int, projects: tuple[str, ...], tls: tuple[Path, Path] | None = None):
        args = [sys.executable, "-m", "benchmarks.sandbox_server", "--issues", str(issues), "--flavour", "cloud",
                "--projects", ",".join(projects)]
        if tls:
            args += ["--cert", str(tls[0]), "--key", str(tls[1])]
        self.processes, self.issues, self.projects, self.tls = processes, issues, projects, tls
        env = dict(os.environ, PYTHONWARNINGS="ignore")
        self.proc = processes.start(args, env, ROOT, stdout=subprocess.PIPE, text=True)
        line = _read_line(self.proc, 300)
        if " at " not in line:
            self.stop()
            raise RuntimeError(f"sandbox did not start: {line!r}")
        self.url = line.split(" at ", 1)[1].split(";", 1)[0].strip() + f"/{INSTANCE}"
        self.http = requests.Session()
        # Given with each request: a REQUESTS_CA_BUNDLE in the environment would win over Session.verify.
        self.verify = str(tls[0]) if tls else True

    def control(self, method: str, path: str, body=None):
        response = self.http.request(method, f"{self.url}/_sandbox/{path}", json=body, timeout=120,
                                     verify=self.verify)
        response.raise_for_status()
        return response.json() if response.content else None

    def snapshot(self) -> dict[int, tuple]:
        return {int(s["id"]): (s["key"], s["project_key"], datetime.fromisoformat(s["updated"]))
                for s in self.control("GET", "snapshot")}

    def env(self) -> dict[str, str]:
        from jirasync_dagster.sandbox import SANDBOX_CREDENTIALS

        env = {"JIRA_URL_1": self.url, "JIRA_NAME_1": INSTANCE, "JIRA_USERNAME_1": SANDBOX_CREDENTIALS["email"],
               "JIRA_PASSWORD_1": SANDBOX_CREDENTIALS["api_token"]}
        if self.tls:
            env["REQUESTS_CA_BUNDLE"] = str(self.tls[0])
        return env

    def stop(self) -> None:
        self.processes.stop(self.proc)


def _read_line(process: subprocess.Popen, timeout: float) -> str:
    """The first line a child prints, waiting at most `timeout` s."""
    found: list[str] = []
    reader = threading.Thread(target=lambda: found.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return found[0] if found else ""


class OnlyProjects:
    """A sandbox seen through some of its projects, for run.exactness."""

    def __init__(self, box: Sandbox, projects: set[str]):
        self.box, self.projects = box, projects

    def snapshot(self) -> dict[int, tuple]:
        return {i: s for i, s in self.box.snapshot().items() if s[1] in self.projects}


def dagster_home(folder: Path) -> Path:
    """A fresh DAGSTER_HOME holding a copy of the repository's dagster.yaml (SQLite storage in it)."""
    home = folder / "dagster_home"
    home.mkdir(parents=True)
    shutil.copy(ROOT / "dagster.yaml", home / "dagster.yaml")
    return home


def command_env(home: Path, db_url: str, box: Sandbox, **extra: str) -> dict:
    """The environment of a measured command: this one without JIRA_/JIRASYNC_/DAGSTER_ settings, plus ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JIRA_", "JIRASYNC_", "DAGSTER_"))}
    env.update(box.env(), JIRASYNC_DATABASE_URL=db_url, DAGSTER_HOME=str(home),
               JIRASYNC_HOME=str(home.parent / "jirasync_home"), **extra)
    return env


def project_keys(n: int) -> tuple[str, ...]:
    return tuple(f"P{i:03d}" for i in range(1, n + 1))


def runs_in(home: Path, created_after: datetime | None = None) -> list:
    """The run records of the Dagster instance in `home` (created after `created_after`)."""
    from dagster import DagsterInstance, RunsFilter

    with DagsterInstance.from_config(str(home)) as instance:
        return list(instance.get_run_records(filters=RunsFilter(created_after=created_after) if created_after else None))


def timed(bench: "Bench", args: list[str], env: dict, log: Path, timeout: float, **kwargs) -> Measured:
    """measured_run, plus the whole machine's average busy cores meanwhile (in Measured.machine_cores)."""
    first = machine_cpu()
    done = measured_run(bench.processes, args, env, ROOT, log, timeout, **kwargs)
    done.machine_cores = cores_between(first, machine_cpu())
    return done


def _fail(measured: Measured, what: str, log: Path) -> str:
    if measured.timed_out:
        return f"FAIL: {what} timed out"
    tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
    return f"FAIL: {what} exited {measured.returncode}: {tail[0][:120] if tail else ''}"


# --- g) a no-change run through `dagster job execute` ---------------------------------------------

def row_g(args, bench: "Bench") -> None:
    folder = bench.folder("g")
    box = Sandbox(bench.processes, args.g_issues, ("ENG", "OPS", "SUP"))
    try:
        db = bench.databases.empty("g")
        home = dagster_home(folder)
        env = command_env(home, db, box)
        dagster = str(BIN / "dagster")
        discovery = [dagster, "job", "execute", "-m", "jirasync_dagster", "-j", "jira_discovery_job"]
        sync = [dagster, "job", "execute", "-m", "jirasync_dagster", "-j", "jira_sync_job",
                "--tags", json.dumps({"dagster/partition": PARTITION})]
        say("g) discovery and a first sync of instance_1:ENG through `dagster job execute`")
        for what, command in (("discovery", discovery), ("first sync", sync)):
            log = folder / f"{what.replace(' ', '_')}.log"
            done = measured_run(bench.processes, command, env, ROOT, log, WAIT, count_processes=False)
            if done.returncode != 0:
                bench.rows.append(Row("g) no-change run, dagster job execute", exact=_fail(done, what, log)))
                return
        python = str(BIN / "python")
        samples: dict[str, list[Measured]] = {"run": [], "dagster": [], "definitions": []}
        for k in range(args.repeat):
            say(f"g) measured no-change run, import dagster, import definitions ({k + 1} of {args.repeat})")
            for name, command in (("dagster", [python, "-c", "import dagster"]),
                                  ("definitions", [python, "-c", "import jirasync_dagster.definitions"]),
                                  ("run", sync)):
                log = folder / f"{name}_{k}.log"
                done = timed(bench, command, env, log, WAIT)
                if done.returncode != 0:
                    bench.rows.append(Row(f"g) {name}", exact=_fail(done, name, log)))
                    return
                samples[name].append(done)
        exact = exactness(db, OnlyProjects(box, {"ENG"}))
    finally:
        box.stop()
    runs = runs_in(home)
    for name, step in (("dagster", 'g) python -c "import dagster"'),
                       ("definitions", 'g) python -c "import jirasync_dagster.definitions"'),
                       ("run", "g) no-change run, dagster job execute")):
        done = samples[name]
        row = Row(step, statistics.median(d.wall for d in done), statistics.median(d.cpu for d in done),
                  max(d.processes for d in done), machine_cores=statistics.median(d.machine_cores for d in done),
                  data={"samples": [(d.wall, d.cpu, d.processes) for d in done]})
        if name == "run":
            row.exact, row.runs = exact, len(runs)
            row.note = f"processes: {done[-1].kinds()}; median of {len(done)}"
        else:
            row.note = f"median of {len(done)}"
        bench.rows.append(row)


# --- i) first load, and the synced partitions (h) starts from ---------------------------------------

@dataclass
class Loaded:
    """A sandbox of N small projects, all synced once with `jirasync sync`."""

    n: int
    box: Sandbox
    db: str
    home: Path
    folder: Path
    measured: Measured
    exact: str


def first_load(args, bench: "Bench", n: int, tag: str) -> Loaded:
    folder = bench.folder(tag)
    box = Sandbox(bench.processes, n * ISSUES_PER_PROJECT, project_keys(n))
    try:
        db = bench.databases.empty(tag)
        home = dagster_home(folder)
        log = folder / "jirasync_sync.log"
        say(f"{tag}: `jirasync sync` of {n} projects ({n * ISSUES_PER_PROJECT} issues) into a fresh warehouse")
        done = timed(bench, [str(BIN / "jirasync"), "sync"], command_env(home, db, box), log, args.load_timeout)
        exact = exactness(db, box) if done.returncode == 0 else _fail(done, "jirasync sync", log)
        return Loaded(n, box, db, home, folder, done, exact)
    except BaseException:
        box.stop()
        raise


def row_i(bench: "Bench", loaded: Loaded) -> None:
    runs = runs_in(loaded.home)
    by_job: dict[str, int] = {}
    for record in runs:
        by_job[record.dagster_run.job_name] = by_job.get(record.dagster_run.job_name, 0) + 1
    done = loaded.measured
    bench.rows.append(Row(f"i) first load, {loaded.n} projects, jirasync sync", done.wall, done.cpu, done.processes,
                          len(runs), done.machine_cores, exact=loaded.exact,
                          note=", ".join(f"{n} {job}" for job, n in sorted(by_job.items())) or "no runs recorded"))


# --- h) an idle deployment under the real daemon -----------------------------------------------------

def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _summaries(engine, keys: list[str]) -> dict[str, str]:
    with engine.connect() as conn:
        return dict(conn.execute(sa.text(
            "SELECT issue_key, raw->'fields'->>'summary' FROM jira_issues_v2 "
            "WHERE instance = :i AND issue_key = ANY(:keys)"), {"i": INSTANCE, "keys": keys}).all())


def rows_h(args, bench: "Bench", loaded: Loaded) -> None:
    """One deployment over `loaded`'s partitions; one row per window (--duration, and 600 s with --long)."""
    from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

    n, home, box = loaded.n, loaded.home, loaded.box
    step = f"h) idle deployment, {n} partitions"
    if loaded.exact != "ok":
        bench.rows.append(Row(step, exact=f"{loaded.exact} (first sync)"))
        return
    grpc_port = _free_port()
    workspace = home / "workspace.yaml"
    workspace.write_text(json.dumps({"load_from": [{"grpc_server": {
        "host": "127.0.0.1", "port": grpc_port, "location_name": "jirasync_dagster"}}]}))
    env = command_env(home, loaded.db, box, JIRASYNC_AUTOMATION="on", JIRASYNC_SCHEDULE_MINUTES="2")
    say(f"h) {n} partitions: gRPC code server and dagster-daemon, settling {args.settle:g} s")
    grpc = bench.processes.start([str(BIN / "dagster"), "api", "grpc", "-m", "jirasync_dagster", "-h", "127.0.0.1",
                                  "-p", str(grpc_port)], env, ROOT, loaded.folder / "grpc.log")
    daemon = None
    engine = sa.create_engine(loaded.db)
    try:
        deadline = time.monotonic() + 180
        while not _listening(grpc_port):
            if grpc.poll() is not None or time.monotonic() > deadline:
                bench.rows.append(Row(step, exact="FAIL: the gRPC server did not start (see grpc.log)"))
                return
            time.sleep(0.5)
        settle_started = datetime.now(timezone.utc)
        daemon = bench.processes.start([str(BIN / "dagster-daemon"), "run", "-w", str(workspace)], env, ROOT,
                                       loaded.folder / "daemon.log")
        time.sleep(args.settle)
        snapshot = box.snapshot()
        projects = sorted({p for _, p, _ in snapshot.values()} - {project_keys(1)[0]})  # not the big first one
        durations = [args.duration] + ([600.0] if args.long and args.duration != 600 else [])
        for number, duration in enumerate(durations):
            if daemon.poll() is not None or grpc.poll() is not None:
                bench.rows.append(Row(f"{step}, {duration:g} s", exact="FAIL: the daemon or the gRPC server exited"))
                return
            picks = [min((s[0] for s in snapshot.values() if s[1] == p), key=lambda k: int(k.split("-")[1]))
                     for p in projects[number * CHANGED:(number + 1) * CHANGED]]
            say(f"h) {n} partitions, {duration:g} s window: updating {', '.join(picks)}")
            beside = [box.proc.pid, *bench.databases.server_pids().values()]
            machine0, deploy0, beside0 = machine_cpu(), tree_cpu([grpc.pid, daemon.pid]), tree_cpu(beside)
            started, clock0 = datetime.now(timezone.utc), time.monotonic()
            wanted = {}
            for key in picks:
                wanted[key] = f"changed by benchmarks.runs at {started.isoformat()}"
                box.control("PUT", f"issues/{key}", {"fields": {"summary": wanted[key]}})
            landed: dict[str, float] = {}
            while (elapsed := time.monotonic() - clock0) < duration:
                if len(landed) < len(wanted):
                    try:
                        now = _summaries(engine, list(wanted))
                    except sa.exc.DBAPIError:
                        now = {}
                    for key, text in wanted.items():
                        if key not in landed and now.get(key) == text:
                            landed[key] = elapsed
                time.sleep(min(1.0, max(0.0, duration - elapsed)))
            machine1, deploy1, beside1 = machine_cpu(), tree_cpu([grpc.pid, daemon.pid]), tree_cpu(beside)
            wall = time.monotonic() - clock0
            machine_cores, deploy_cores = cores_between(machine0, machine1), (deploy1 - deploy0) / wall
            beside_cores = (beside1 - beside0) / wall
            with DagsterInstance.from_config(str(home)) as instance:
                launched = instance.get_run_records(filters=RunsFilter(created_after=started))
                queued = instance.get_runs_count(RunsFilter(statuses=[DagsterRunStatus.QUEUED]))
                before = instance.get_run_records(filters=RunsFilter(created_after=settle_started,
                                                                     created_before=started)) if number == 0 else []
            triggers: dict[str, int] = {}
            for record in launched:
                trigger = record.dagster_run.tags.get("jirasync/trigger") or record.dagster_run.tags.get(
                    "dagster/schedule_name") or record.dagster_run.tags.get("dagster/sensor_name") or "other"
                triggers[trigger] = triggers.get(trigger, 0) + 1
            note = ", ".join(f"{k} {v}" for k, v in sorted(triggers.items()))
            if number == 0:
                note += f"; {len(before)} runs while settling"
            note += (f"; sandbox + Postgres {beside_cores:.2f} cores, the rest of the machine "
                     f"{max(0.0, machine_cores - deploy_cores - beside_cores):.2f}")
            bench.rows.append(Row(
                f"{step}, {duration:g} s", wall, deploy1 - deploy0, None, len(launched), machine_cores, deploy_cores,
                f"{max(landed.values()):.0f}" if len(landed) == len(wanted) else f"{len(landed)} of {len(wanted)}",
                "yes" if queued == 0 else f"no, {queued} queued", note=note.strip("; "),
                data={"landed": landed, "changed": len(wanted), "queued": queued, "triggers": triggers,
                      "beside_cores": beside_cores}))
    finally:
        engine.dispose()
        if daemon is not None:
            bench.processes.stop(daemon)
        bench.processes.stop(grpc)


# --- j) the full sync users time, and singer beside it ------------------------------------------------

def row_j(args, bench: "Bench") -> None:
    from benchmarks.singer import SingerUnavailable, ensure_singer, run_singer
    from benchmarks.sandbox_server import make_certificate

    folder = bench.folder("j")
    tls = make_certificate(CACHE / "cert")
    issues = args.j_issues
    box = Sandbox(bench.processes, issues, ("ENG", "OPS"), tls=tls)
    try:
        box.control("PUT", "faults", {"latency_ms": args.j_latency_ms, "max_page_size": 100})
        db = bench.databases.empty("j")
        home = dagster_home(folder)
        log = folder / "jirasync_sync.log"
        say(f"j) `jirasync sync` of {issues} issues in 2 projects, {args.j_latency_ms:g} ms latency, pages of 100")
        done = timed(bench, [str(BIN / "jirasync"), "sync"], command_env(home, db, box), log, args.load_timeout)
        exact = exactness(db, box) if done.returncode == 0 else _fail(done, "jirasync sync", log)
        ours = Row("j) full sync, jirasync sync", done.wall, done.cpu, done.processes, len(runs_in(home)),
                   done.machine_cores, exact=exact, note=f"{issues} issues, 2 projects, {args.j_latency_ms:g} ms, pages <= 100, TLS")
        bench.rows.append(ours)
        singer_step = f"j) full sync, {TAP_JIRA} | {TARGET_POSTGRES}"
        if not args.singer:
            return
        try:
            tap, target = ensure_singer(CACHE / "singer", tls[0], bench.processes)
        except SingerUnavailable as error:
            bench.rows.append(Row(singer_step, exact="not measured", note=str(error)))
            return
        say("j) the singer pipeline on the same sandbox server")
        target_db = bench.databases.empty("j_singer")
        result = run_singer(bench.processes, tap, target, box, target_db, folder, timeout=args.load_timeout)
        bench.rows.append(Row(singer_step, result.wall, result.cpu, None, None, exact=result.exact(issues),
                              note=f"the sandbox lacks {result.missing}" if result.missing else result.note,
                              data={"why": result.note}))
        if result.ok and exact == "ok":
            ours.note += f"; {result.wall / done.wall:.1f}x faster than singer"
    finally:
        box.stop()


# --- the command ------------------------------------------------------------------------------------

class Bench:
    """What one invocation holds: the processes it started, its databases, its temporary folder, its rows."""

    def __init__(self):
        self.processes = Processes()
        self.databases = Databases()
        self.tmp = Path(tempfile.mkdtemp(prefix="jirasync-bench-runs-"))
        self.rows: list[Row] = []

    def folder(self, name: str) -> Path:
        path = self.tmp / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def close(self, keep: bool) -> None:
        self.processes.stop_all()
        self.databases.close()
        if keep:
            say(f"logs kept in {self.tmp}")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.runs", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    # Sizes default to None so that --quick can choose small ones without overriding a flag given.
    full = {"partitions": "20,200", "first_load": 200, "duration": 200.0, "settle": 30.0, "repeat": 3,
            "g_issues": 600, "j_issues": 8000, "j_latency_ms": 100.0}
    quick = {"partitions": "3", "first_load": 3, "duration": 45.0, "settle": 5.0, "repeat": 1,
             "g_issues": 60, "j_issues": 300, "j_latency_ms": 10.0}
    parser.add_argument("--only", default="g,h,i,j", help="rows to measure, comma-separated (default g,h,i,j)")
    parser.add_argument("--partitions", help="N for (h), comma-separated (default 20,200)")
    parser.add_argument("--first-load", type=int, help="projects for (i) (default 200)")
    parser.add_argument("--duration", type=float, help="seconds (h) watches the deployment (default 200)")
    parser.add_argument("--long", action="store_true", help="also watch (h) for a 600 s window after the first")
    parser.add_argument("--settle", type=float, help="seconds between starting the daemon and (h)'s changes (default 30)")
    parser.add_argument("--repeat", type=int, help="measurements of each command in (g); medians shown (default 3)")
    parser.add_argument("--g-issues", type=int, help="issues in (g)'s sandbox, 3 projects (default 600)")
    parser.add_argument("--j-issues", type=int, help="issues in (j)'s sandbox, 2 projects (default 8000)")
    parser.add_argument("--j-latency-ms", type=float, help="latency of every answer in (j) (default 100)")
    parser.add_argument("--load-timeout", type=float, default=3600.0, help="bound on one `jirasync sync` or singer run")
    parser.add_argument("--quick", action="store_true",
                        help="3 partitions, 45 s windows, 300 issues at 10 ms in (j), one sample in (g): the smoke test")
    parser.add_argument("--no-singer", dest="singer", action="store_false",
                        help="leave out (j)'s singer pipeline (it installs tap-jira and target-postgres on first use)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder with every command's log")
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    args = parser.parse_args(argv)
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    args.only = {x.strip() for x in args.only.split(",") if x.strip()}
    args.partitions = [int(x) for x in str(args.partitions).split(",") if x.strip()]
    return args


def measure(args, bench: Bench) -> None:
    if "g" in args.only:
        row_g(args, bench)
    loads: dict[int, Loaded] = {}
    try:
        if "i" in args.only:
            loads[args.first_load] = first_load(args, bench, args.first_load, "i")
            row_i(bench, loads[args.first_load])
        if "h" in args.only:
            for n in args.partitions:
                if n not in loads:
                    loads[n] = first_load(args, bench, n, f"h{n}")
                rows_h(args, bench, loads[n])
                loads.pop(n).box.stop()
    finally:
        for loaded in loads.values():
            loaded.box.stop()
    if "j" in args.only:
        row_j(args, bench)


def main(argv: list[str] | None = None) -> int:
    warnings.filterwarnings("ignore")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args = parse_args(argv)
    bench = Bench()
    failed = False
    try:
        measure(args, bench)
    except Exception:
        failed = True
        raise
    finally:
        bench.close(keep=args.keep or failed)
        print_table(args, bench.rows)
    return 0 if all(not r.exact.startswith("FAIL") for r in bench.rows) else 1


def _cell(value, fmt: str) -> str:
    return "-" if value is None else format(value, fmt)


def print_table(args, rows: list[Row]) -> None:
    header = ("step", "wall s", "CPU s", "processes", "runs", "machine cores", "deploy cores", "landed s", "drained",
              "exact", "note")
    table = [header] + [(r.step, _cell(r.wall, ".2f"), _cell(r.cpu, ".2f"), _cell(r.processes, "d"),
                         _cell(r.runs, "d"), _cell(r.machine_cores, ".2f"), _cell(r.deploy_cores, ".2f"),
                         r.landed or "-", r.drained or "-", r.exact, r.note) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    left = (0, 7, 8, 9, 10)
    for k, line in enumerate(table):
        print("  ".join(cell.ljust(w) if i in left else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(line, widths))).rstrip())
        if k == 0:
            print("  ".join("-" * w for w in widths))
    print()
    for line in verdicts(rows):
        print(line)
    print(f"\nmachine: {machine()}")
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in rows], indent=1, default=str))


def verdicts(rows: list[Row]) -> list[str]:
    """The issue's targets, each with the measured value and met / MISSED."""
    def mark(ok: bool) -> str:
        return "met" if ok else "MISSED"

    found = {r.step: r for r in rows}
    out = []
    run = found.get("g) no-change run, dagster job execute")
    imported = found.get('g) python -c "import dagster"')
    definitions = found.get('g) python -c "import jirasync_dagster.definitions"')
    if run and run.cpu and imported and imported.cpu:
        ratio = run.cpu / imported.cpu
        out.append(f"g    no-change run: {run.cpu:.2f} CPU-s = {ratio:.1f}x `import dagster` ({imported.cpu:.2f} CPU-s) "
                   f"(target <= 3x: {mark(ratio <= 3)}); {run.processes} processes (target 1: {mark(run.processes == 1)})"
                   + (f"; `import jirasync_dagster.definitions` {definitions.cpu:.2f} CPU-s" if definitions else ""))
    for r in rows:
        if r.step.startswith("h) ") and r.runs is not None:
            changed = r.data["changed"]
            landed = len(r.data["landed"]) == changed
            out.append(f"h    {r.step[3:]}: {r.runs} runs launched (target <= {changed + 2}: {mark(r.runs <= changed + 2)}), "
                       f"machine {r.machine_cores:.2f} cores (target <= 0.25: {mark(r.machine_cores <= 0.25)}; "
                       f"the deployment {r.deploy_cores:.2f}, sandbox + Postgres {r.data['beside_cores']:.2f}), "
                       f"both changes landed ({mark(landed)}), queue drained ({mark(r.data['queued'] == 0)})")
        if r.step.startswith("i) ") and r.exact == "ok":
            out.append(f"i    {r.step[3:]}: {r.wall:.1f} s, {r.runs} runs recorded (reported)")
    ours = found.get("j) full sync, jirasync sync")
    theirs = next((r for r in rows if r.step.startswith("j) full sync, tap-jira")), None)
    if ours and theirs:
        if theirs.wall and ours.wall and theirs.exact == "ok" and ours.exact == "ok":
            speedup = theirs.wall / ours.wall
            out.append(f"j    jirasync sync {ours.wall:.1f} s vs singer {theirs.wall:.1f} s: {speedup:.1f}x faster "
                       f"(target >= 5x: {mark(speedup >= 5)}; aim 10x: {mark(speedup >= 10)})")
        else:
            out.append(f"j    jirasync sync {_cell(ours.wall, '.1f')} s; singer not compared ({theirs.exact}): "
                       f"{theirs.data.get('why') or theirs.note}")
    return out


if __name__ == "__main__":
    sys.exit(main())
