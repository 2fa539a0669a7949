"""The deployment as processes: gRPC user code, webserver and daemon on Postgres storage and the sandbox.

With nobody acting, a project created in JIRA becomes a partition and lands in jira_issues_v2, an
updated issue lands through a change-sensor run, a backfill carries many partitions per run, and a
killed run is failed while the next one converges. The UI then shows the asset.
"""

import time
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa
import yaml
from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter

from jirasync_dagster.assets.keys import ISSUES
from jirasync_dagster.automation.run_requests import INSTANCE_TAG
from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster.sandbox.config import FaultConfig
from jirasync_dagster.warehouse import Warehouse
from jirasync_dagster_tests.deploy.processes import (
    dagster_bin,
    free_port,
    start,
    stop,
    wait_for,
)
from jirasync_dagster_tests.cli.commands import command_env
from jirasync_dagster_tests.dependencies import require_binary, require_module
from jirasync_dagster_tests.sync.helpers import sandbox_view, warehouse_view

ROOT = Path(__file__).resolve().parents[2]
TICK = 3  # seconds between change/project sensor ticks in this test
MAX_RUNTIME = 60  # seconds before run monitoring fails a run that hangs
# One project per instance: each run is a process of its own, and this machine has two cores.
SPECS = [InstanceSpec("instance_1", "cloud", 20, 11, ("ENG",), "UTC"),
         InstanceSpec("instance_2", "datacenter", 20, 12, ("WEB",), "UTC")]


def instance_yaml(database_url: str) -> str:
    """deploy/dagster.yaml with storage pointed at the test database and run monitoring polled often."""
    config = yaml.safe_load((ROOT / "deploy" / "dagster.yaml").read_text())
    config["storage"] = {"postgres": {"postgres_url": database_url}}
    # A hung run is failed by run monitoring after this long (the deployment waits 4 hours).
    config["run_monitoring"].update(poll_interval_seconds=2, max_runtime_seconds=MAX_RUNTIME)
    return yaml.safe_dump(config)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, postgres_server):
    from jirasync_dagster.warehouse.database_url import create_database, normalise_url

    create_database(normalise_url(postgres_server.get_uri()), "deploy_test")
    database_url = normalise_url(postgres_server.get_uri("deploy_test"))
    home = tmp_path_factory.mktemp("deploy")
    (home / "dagster.yaml").write_text(instance_yaml(database_url))
    grpc_port, web_port = free_port(), free_port()
    (home / "workspace.yaml").write_text(yaml.safe_dump({"load_from": [{"grpc_server": {
        "host": "127.0.0.1", "port": grpc_port, "location_name": "jirasync_dagster"}}]}))
    with SandboxServer(SPECS) as sandbox:
        env = command_env(database_url, home / "jirasync", **sandbox.env(), DAGSTER_HOME=str(home),
                          JIRASYNC_AUTOMATION="on", JIRASYNC_CHANGE_SENSOR_SECONDS=str(TICK),
                          JIRASYNC_PROJECT_SENSOR_SECONDS=str(TICK), JIRASYNC_HISTORY_SENSOR_SECONDS="5",
                          JIRASYNC_SCHEDULE_MINUTES="2", JIRASYNC_CHANGE_OVERLAP_SECONDS="10")
        workspace = str(home / "workspace.yaml")
        processes = [start("grpc", [dagster_bin("dagster"), "api", "grpc", "-m", "jirasync_dagster",
                                    "-h", "127.0.0.1", "-p", str(grpc_port)], env, home, ROOT)]
        try:
            wait_for(lambda: _listening(grpc_port), 60, "the gRPC server")
            processes.append(start("daemon", [dagster_bin("dagster-daemon"), "run", "-w", workspace], env, home, ROOT))
            processes.append(start("webserver", [dagster_bin("dagster-webserver"), "-h", "127.0.0.1", "-p",
                                                 str(web_port), "-w", workspace], env, home, ROOT))
            engine = sa.create_engine(database_url)
            yield {"sandbox": sandbox, "engine": engine, "url": f"http://127.0.0.1:{web_port}", "home": home,
                   "env": env, "code_server": processes[0].pid}
            engine.dispose()
        finally:
            stop(processes)


def _listening(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _rows(engine, where: str, **params) -> list:
    with engine.connect() as conn:
        try:
            return conn.execute(sa.text(f"SELECT issue_key, raw->'fields'->>'summary' FROM jira_issues_v2 WHERE {where}"),
                                params).all()
        except sa.exc.ProgrammingError:  # the table appears with the first run
            return []


def test_new_project_becomes_a_partition_and_lands(deployment):
    engine, sandbox = deployment["engine"], deployment["sandbox"]
    wait_for(lambda: _rows(engine, "project_key = 'ENG' AND instance = 'instance_1'"), 150, "the first syncs")
    sandbox.instance("instance_2").create_project("NEW", "Created while running")
    created = sandbox.instance("instance_2").create_issue("NEW")
    started = time.monotonic()
    wait_for(lambda: _rows(engine, "issue_key = :k", k=created["key"]), 120, "the new project's issue")
    print(f"\nnew project landed {time.monotonic() - started:.1f}s after it was created")


def _dagster(deployment) -> DagsterInstance:
    """The deployment's Dagster instance, read from its DAGSTER_HOME without setting the variable."""
    return DagsterInstance.from_config(str(deployment["home"]))


def _partition_busy(deployment, partition: str) -> bool:
    """True while a run of `partition` is queued or running."""
    with _dagster(deployment) as instance:
        return bool(instance.get_runs(filters=RunsFilter(
            tags={"dagster/partition": partition},
            statuses=[DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
                      DagsterRunStatus.STARTED])))


def test_updated_issue_lands_through_a_change_run(deployment):
    engine, sandbox = deployment["engine"], deployment["sandbox"]
    wait_for(lambda: _rows(engine, "issue_key = 'ENG-2' AND instance = 'instance_1'"), 150, "ENG-2 synced once")
    # Otherwise the partition's first run, still queued or paging, may carry the update
    # itself, and no change run is needed.
    wait_for(lambda: not _partition_busy(deployment, "instance_1:ENG"), 150, "the partition's first runs to end")
    sandbox.instance("instance_1").update_issue("ENG-2", summary="changed by the deployment test")
    updated_at = time.time()
    wait_for(lambda: any(s == "changed by the deployment test" for _, s in
                         _rows(engine, "issue_key = 'ENG-2' AND instance = 'instance_1'")), 90, "the update")
    latency = time.time() - updated_at
    with _dagster(deployment) as instance:
        run = next(r for r in instance.get_runs(limit=20) if r.tags.get("jirasync/trigger") == "change"
                   and r.tags.get("dagster/partition") == "instance_1:ENG")
        record = instance.get_run_record_by_id(run.run_id)
    requested_after = record.create_timestamp.timestamp() - updated_at
    # Reported, not asserted: how fast is the benchmark's business (row h), the path is the test's.
    print(f"\nupdate landed after {latency:.1f}s; change run created {requested_after:.1f}s after the update")
    assert run.tags["jirasync/instance"] == "instance_1" and requested_after > 0


def test_ui_shows_partitions_and_materialization_metadata(deployment):
    playwright = require_module("playwright.sync_api", "playwright>=1.50,<2")
    chromium = require_binary("chromium", "apt-get install -y chromium")
    url = deployment["url"]
    wait_for(lambda: _ok(f"{url}/server_info"), 60, "the webserver")
    artifacts = ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/assets/jira_issues?view=partitions", timeout=60_000)
        page.get_by_text("instance_1:ENG").first.wait_for(timeout=60_000)
        # A first visit shows a newsletter dialog over the page; dismiss it for the screenshots.
        skip = page.get_by_role("button", name="Skip")
        if skip.is_visible():
            skip.click(timeout=5_000)
        page.screenshot(path=str(artifacts / "jira_issues_partitions.png"))
        page.goto(f"{url}/assets/jira_issues?view=events", timeout=60_000)
        page.get_by_text("issues_fetched").first.wait_for(timeout=60_000)
        page.screenshot(path=str(artifacts / "jira_issues_events.png"))
        browser.close()


def _ok(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).ok
    except requests.RequestException:
        return False


LAUNCH_BACKFILL = """
mutation($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message }
  }
}"""
IN_PROGRESS = {"STARTING", "STARTED"}


def test_backfill_of_all_partitions_runs_many_partitions_per_run(deployment):
    """A UI backfill (launched through the UI's GraphQL) carries many partitions per run, each with its own result."""
    url, sandbox = deployment["url"], deployment["sandbox"]
    for name in ("instance_1", "instance_2"):
        for project in ("BFA", "BFB"):
            sandbox.instance(name).create_project(project, f"Backfill {project}")
            sandbox.instance(name).create_issue(project)
    with _dagster(deployment) as instance:
        # The project sensor adds the partitions, then requests their first syncs (adjacent new
        # projects of one site share a run): wait for what lands, not for a quiet run queue,
        # which is briefly empty between the two.
        wait_for(lambda: all(_rows(deployment["engine"], "instance = :i AND project_key = :p", i=name, p=project)
                             for name in ("instance_1", "instance_2") for project in ("BFA", "BFB")),
                 180, "the new projects' first syncs")
        wait_for(lambda: not [r for r in instance.get_runs(limit=50) if r.status.value in IN_PROGRESS | {"QUEUED"}],
                 180, "earlier runs to finish")
        first_syncs = [r for r in instance.get_runs(limit=50) if r.tags.get("jirasync/trigger") == "new_project"]
        assert first_syncs and all(r.status.value == "SUCCESS" for r in first_syncs)
        partitions = sorted(instance.get_dynamic_partitions("jira_projects"))
        response = requests.post(f"{url}/graphql", timeout=30, json={"query": LAUNCH_BACKFILL, "variables": {"params": {
            "assetSelection": [{"path": ["jira_issues"]}], "partitionNames": partitions,
            "tags": [{"key": "jirasync/full_refresh", "value": "true"}]}}}).json()
        result = response["data"]["launchPartitionBackfill"]
        assert result["__typename"] == "LaunchBackfillSuccess", result

        def backfill_runs():
            return instance.get_runs(filters=RunsFilter(tags={"dagster/backfill": result["backfillId"]}))

        def backfill_done() -> bool:
            runs = backfill_runs()
            return runs and all(r.is_finished for r in runs) and instance.get_backfill(result["backfillId"]).status.value != "REQUESTED"

        wait_for(backfill_done, 300, "the backfill", every=0.5)
        runs = backfill_runs()
        landed = {}
        for run in runs:
            for record in instance.get_records_for_run(run.run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION).records:
                materialization = record.event_log_entry.dagster_event.event_specific_data.materialization
                if materialization.asset_key == ISSUES:  # the step also materializes the tables synced with it
                    landed[materialization.partition] = materialization.metadata["issues_fetched"].value
    print(f"\nbackfill of {len(partitions)} partitions in {len(runs)} runs")
    assert all(r.status.value == "SUCCESS" for r in runs)
    # Six partitions fit one run (JIRASYNC_PARTITIONS_PER_RUN is 25), not a process each.
    assert len(runs) < len(partitions)
    assert sorted(landed) == partitions and all(count > 0 for count in landed.values())
    assert all(run.tags[INSTANCE_TAG] in ("instance_1", "instance_2", "instance_1+instance_2") for run in runs)


def _run_process(code_server: int):
    """The process executing a run: the code server starts each as a multiprocessing child."""
    import psutil

    for child in psutil.Process(code_server).children():
        if "--multiprocessing-fork" in child.cmdline() and "spawn_main" in " ".join(child.cmdline()):
            return child
    return None


def test_a_killed_run_is_reported_failed_and_the_next_run_converges(deployment):
    engine, sandbox = deployment["engine"], deployment["sandbox"]
    wait_for(lambda: _rows(engine, "issue_key = 'ENG-4' AND instance = 'instance_1'"), 150, "ENG-4 synced once")
    wait_for(lambda: not _partition_busy(deployment, "instance_1:ENG"), 150, "the partition's earlier runs to end")
    site = sandbox.instance("instance_1")
    site.set_faults(FaultConfig(latency_ms=1500))  # slow enough to catch the run mid-sync
    site.update_issue("ENG-4", summary="lands after a crash")
    with _dagster(deployment) as instance:
        run = wait_for(lambda: next((r for r in instance.get_runs(limit=20) if r.status.value == "STARTED"
                                     and r.tags.get("dagster/partition") == "instance_1:ENG"), None), 90, "a change run")
        process = wait_for(lambda: _run_process(deployment["code_server"]), 30, "the run's process")
        process.kill()
        site.set_faults(FaultConfig())
        # The code server sees its run process exit and Dagster marks the run failed (run
        # monitoring's max runtime is the backstop for a run that hangs instead).
        wait_for(lambda: instance.get_run_by_id(run.run_id).status.value == "FAILURE", MAX_RUNTIME + 60,
                 "Dagster to fail the killed run")
    # The change sensor's cursor has moved past the change: the schedule's safety net requests it.
    wait_for(lambda: _rows(engine, "issue_key = 'ENG-4' AND instance = 'instance_1' AND "
                                   "raw->'fields'->>'summary' = 'lands after a crash'"), 200, "the next run to land it")
    with engine.connect() as conn:
        copies = conn.execute(sa.text("SELECT count(*) FROM jira_issues_v2 WHERE instance = 'instance_1' "
                                      "AND issue_key = 'ENG-4'")).scalar()
    assert copies == 1
    assert warehouse_view(Warehouse(str(engine.url.render_as_string(hide_password=False))), "instance_1", "ENG") == \
        sandbox_view(sandbox, "instance_1", "ENG")
