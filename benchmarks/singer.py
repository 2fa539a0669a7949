"""Row (j)'s comparison: singer's `tap-jira 2.6.0 | meltanolabs-target-postgres 0.8.1` on the same sandbox.

Each lives in a venv of its own under ~/.cache/jirasync-bench/singer (their pins conflict: tap-jira's
singer-python wants older requests/jsonschema than the target's singer-sdk), installed once with pip.

tap-jira with Basic auth (`username`/`password`, the Data Center/Server style that also accepts a
Cloud email + API token) sends every request to `https://` + base_url, so the sandbox is served over
TLS (benchmarks.sandbox_server --cert --key). The tap sends prepared requests through `Session.send`, which
ignores REQUESTS_CA_BUNDLE; the loopback certificate is therefore appended to the CA bundle (certifi)
of the tap's own venv. For the `issues` stream the tap calls /rest/api/2/serverInfo, /myself and
`/rest/api/2/search/jql` with `fields=*all&expand=changelog,transitions`, and reads
`fields.comment.comments`, `changelog.histories` and `transitions` from every issue.
"""

import json
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from benchmarks.procs import Processes, measured_run

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = {"tap": "tap-jira==2.6.0", "target": "meltanolabs-target-postgres==0.8.1"}
SCHEMA = "singer"
START_DATE = "2015-01-01T00:00:00Z"  # before the sandbox's oldest issue


class SingerUnavailable(Exception):
    """The singer tools could not be installed here."""


def ensure_singer(cache: Path, certificate: Path, processes: Processes) -> tuple[Path, Path]:
    """(tap-jira, target-postgres) executables, installing each into its venv under `cache` the first time."""
    executables = {"tap": cache / "tap" / "bin" / "tap-jira", "target": cache / "target" / "bin" / "target-postgres"}
    for name, package in PACKAGES.items():
        venv = cache / name
        marker = venv / ".installed"
        if marker.exists() and marker.read_text() == package and executables[name].exists():
            continue
        cache.mkdir(parents=True, exist_ok=True)
        log = cache / f"{name}-install.log"
        for command in ([sys.executable, "-m", "venv", "--clear", str(venv)],
                        [str(venv / "bin" / "pip"), "install", "--disable-pip-version-check", "-q", package]):
            done = measured_run(processes, command, None, cache, log, 900, count_processes=False)
            if done.returncode != 0:
                raise SingerUnavailable(f"could not install {package} (see {log})")
        marker.write_text(package)
    _trust(cache / "tap", certificate)
    return executables["tap"], executables["target"]


def _trust(venv: Path, certificate: Path) -> None:
    """Append the sandbox's loopback certificate to the CA bundle the tap's requests use."""
    pem = certificate.read_text()
    for bundle in venv.glob("lib/python*/site-packages/certifi/cacert.pem"):
        if pem.strip() not in bundle.read_text():
            with bundle.open("a") as out:
                out.write("\n" + pem)


@dataclass
class SingerResult:
    wall: float | None
    cpu: float | None
    rows: int | None
    ok: bool
    note: str
    missing: str = ""  # what the sandbox lacks that the tap needs, when that stopped it

    def exact(self, issues: int) -> str:
        if self.missing:
            return "not measured"
        if not self.ok:
            return "FAIL: the pipeline did not finish"
        return "ok" if self.rows == issues else f"FAIL: {self.rows} of {issues} issues loaded"


def _catalog(tap: Path, config: Path, env: dict, folder: Path) -> Path:
    """The tap's catalog from --discover with only the `issues` stream (and all its properties) selected."""
    done = subprocess.run([str(tap), "--config", str(config), "--discover"], env=env, capture_output=True, text=True,
                          timeout=300, check=False, start_new_session=True)
    (folder / "tap-discover.log").write_text(done.stderr)
    if done.returncode != 0:
        raise RuntimeError(f"tap-jira --discover failed: {_last_error(done.stderr)}")
    catalog = json.loads(done.stdout)
    for stream in catalog["streams"]:
        chosen = stream["tap_stream_id"] == "issues"
        for entry in stream["metadata"]:
            if entry["breadcrumb"] == [] or chosen:
                entry["metadata"]["selected"] = chosen
    path = folder / "catalog.json"
    path.write_text(json.dumps(catalog))
    return path


def _last_error(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip() and "METRIC" not in line]
    return lines[-1].strip()[:200] if lines else "no output"


# What tap-jira reads from every issue of a search page (streams.sync_sub_streams), and what a
# KeyError on it means the sandbox lacks.
NEEDED = {
    "comment": "fields.comment ({comments, maxResults, total, startAt}, which JIRA returns for fields=*all)",
    "comments": "fields.comment.comments",
    "changelog": "issue.changelog for expand=changelog",
    "histories": "issue.changelog.histories",
    "transitions": "issue.transitions for expand=transitions",
}


def _diagnose(log: str) -> tuple[str, str]:
    """(why the tap stopped, what the sandbox lacks or "")."""
    missing = re.search(r"KeyError: '([a-z]+)'", log)
    if missing and missing.group(1) in NEEDED and "sync_sub_streams" in log:
        lacks = NEEDED[missing.group(1)]
        if missing.group(1) == "comment":  # it stops at the first; the sandbox has no transitions either
            lacks += " and issue.transitions for expand=transitions"
        return (f"tap-jira stopped (KeyError '{missing.group(1)}'): the sandbox's /rest/api/2/search/jql answers "
                f"lack {lacks}, which tap-jira 2.6.0 reads from every issue (tap_jira/streams.py, "
                f"sync_sub_streams)"), lacks
    match = re.findall(r"^\S*(?:Error|Exception)\b.*$", log, re.M)
    return f"tap-jira stopped: {(match[-1] if match else _last_error(log))[:200]}", ""


def run_singer(processes: Processes, tap: Path, target: Path, box, database_url: str, folder: Path,
               timeout: float) -> SingerResult:
    """Time `tap-jira --config … --properties … | target-postgres --config …` into `database_url`."""
    from jirasync_dagster.sandbox import SANDBOX_CREDENTIALS

    tap_config, target_config = folder / "tap-config.json", folder / "target-config.json"
    tap_config.write_text(json.dumps({
        "start_date": START_DATE, "base_url": box.url, "user_agent": "jirasync-benchmark",
        "username": SANDBOX_CREDENTIALS["email"], "password": SANDBOX_CREDENTIALS["api_token"]}))
    url = sa.engine.make_url(database_url).set(drivername="postgresql+psycopg")
    target_config.write_text(json.dumps({"sqlalchemy_url": url.render_as_string(hide_password=False),
                                         "default_target_schema": SCHEMA}))
    env = {"PATH": f"{tap.parent}:/usr/bin:/bin", "HOME": str(Path.home()), "LANG": "C.UTF-8"}
    try:
        catalog = _catalog(tap, tap_config, env, folder)
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        return SingerResult(None, None, None, False, str(error))
    tap_log, target_log = folder / "tap.log", folder / "target.log"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    tap_process = processes.start([str(tap), "--config", str(tap_config), "--properties", str(catalog)], env, folder,
                                  tap_log, stdout=subprocess.PIPE)
    target_process = processes.start([str(target), "--config", str(target_config)],
                                     {**env, "PATH": f"{target.parent}:/usr/bin:/bin"}, folder, target_log,
                                     stdin=tap_process.stdout)
    tap_process.stdout.close()  # the target holds the pipe; the tap sees SIGPIPE if the target dies
    deadline = time.monotonic() + timeout
    try:
        for process in (tap_process, target_process):
            process.wait(timeout=max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        pass
    wall = time.perf_counter() - started
    timed_out = tap_process.poll() is None or target_process.poll() is None
    processes.stop(tap_process)
    processes.stop(target_process)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if timed_out:
        return SingerResult(None, None, None, False, f"timed out after {timeout:.0f} s")
    if tap_process.returncode != 0:
        why, missing = _diagnose(tap_log.read_text(errors="replace"))
        return SingerResult(None, None, None, False, why, missing)
    if target_process.returncode != 0:
        return SingerResult(None, None, None, False,
                            f"target-postgres failed: {_last_error(target_log.read_text(errors='replace'))}")
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sa.text(f'SELECT count(*) FROM "{SCHEMA}".issues')).scalar()
    except sa.exc.DBAPIError as error:
        return SingerResult(wall, None, None, False, f"no {SCHEMA}.issues table: {str(error).splitlines()[0]}")
    finally:
        engine.dispose()
    return SingerResult(wall, cpu, rows, True, "tap and target in their own venvs, target defaults, TLS")
