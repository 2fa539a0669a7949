"""Property: whatever JIRA does between and during syncs, a final reconciling sync mirrors it exactly
(issues, their comments, their links and their worklogs)."""

import threading

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jirasync_dagster.sandbox import InstanceSpec, SandboxServer
from jirasync_dagster.warehouse import schema
from jirasync_dagster.warehouse.database_url import create_database, normalise_url
from jirasync_dagster_tests.sync.helpers import (
    HookedClient,
    assert_extras_mirror,
    client_for,
    ready_warehouse,
    run_sync,
    sandbox_view,
    warehouse_view,
    watermark_of,
)
from jirasync_dagster_tests.sync.worklog_views import sandbox_worklogs, worklogs_view

PROJECTS = {"instance_1": ("ENG", "OPS"), "instance_2": ("ENG", "DATA")}
PARTITIONS = [f"{i}:{p}" for i, projects in PROJECTS.items() for p in projects]
# No overlap: the watermark alone must lose nothing (a 5-minute overlap would hide misses in a seconds-long test).
# Small pages and batches: many pages to mutate between, and partial commits for crashes to interrupt.
OPTIONS = {"overlap_minutes": 0, "batch_size": 3}

EXTRA_KINDS = ("comment", "edit comment", "delete comment", "link", "unlink", "worklog", "edit worklog",
               "delete worklog")
mutations = st.tuples(st.sampled_from(["create", "update", "delete", "move", *EXTRA_KINDS]),
                      st.sampled_from(sorted(PROJECTS)), st.integers(0, 10_000))
syncs = st.tuples(st.just("sync"), st.sampled_from(PARTITIONS),
                  st.sampled_from([None, True]),  # reconcile on its cadence, or now
                  st.lists(mutations, max_size=4),  # applied one per page while the sync reads
                  st.none() | st.integers(1, 6))  # crash after this many pages
scenarios = st.lists(st.one_of(mutations, syncs), min_size=1, max_size=14)


class Crash(Exception):
    """A sync dying mid-read (the rows and state it had not committed are lost)."""


def mutate(server, step) -> None:
    """Apply one create/update/delete/move to the sandbox; never empties a project (that is refused by design)."""
    kind, instance, n = step
    jira = server.instance(instance)
    projects = PROJECTS[instance]
    if kind == "create":
        jira.create_issue(projects[n % 2])
        return
    live = sorted(jira.snapshot(), key=lambda s: s["id"])
    issue = live[n % len(live)]
    if kind == "update":
        jira.update_issue(issue["key"])
    elif kind in EXTRA_KINDS:
        mutate_extras(jira, kind, issue, live[n // 7 % len(live)], n)
    elif sum(s["project_key"] == issue["project_key"] for s in live) > 1:
        if kind == "delete":
            jira.delete_issue(issue["key"])
        else:
            jira.move_issue(issue["key"], next(p for p in projects if p != issue["project_key"]))


def mutate_extras(jira, kind: str, issue: dict, other: dict, n: int) -> None:
    """Add, edit or delete one of the issue's comments, or link it with `other` or remove one of its links."""
    comments = jira.comments(jira.record(int(issue["id"])))
    links = jira.links.of_issue(int(issue["id"]))
    worklogs = [w[0] for w in jira.worklogs.of_issue(int(issue["id"]))]
    if kind == "worklog":
        jira.worklogs.add(issue["key"], 60 * (n % 90 + 1), f"worklog {n}")
    elif kind == "edit worklog" and worklogs:
        jira.worklogs.edit(worklogs[n % len(worklogs)], seconds=n + 1)
    elif kind == "delete worklog" and worklogs:
        jira.worklogs.delete(worklogs[n % len(worklogs)])
    elif kind == "link" and other["id"] != issue["id"]:
        jira.add_link(issue["key"], other["key"], ("Blocks", "Relates")[n % 2])
    elif kind == "unlink" and links:
        jira.remove_link(links[n % len(links)][0])
    elif kind == "edit comment" and comments:
        jira.edit_comment(issue["key"], comments[n % len(comments)][0], f"edited {n}")
    elif kind == "delete comment" and comments:
        jira.delete_comment(issue["key"], comments[n % len(comments)][0])
    else:
        jira.add_comment(issue["key"], f"comment {n}")


def paging_hook(server, during: list, crash_after: int | None):
    """A page hook that applies `during` one per page and crashes after `crash_after` pages."""
    pending, pages, lock = list(during), [0], threading.Lock()

    def hook(_jql):
        with lock:  # sliced reads call this from several threads
            pages[0] += 1
            if pending:
                mutate(server, pending.pop(0))
            if crash_after is not None and pages[0] >= crash_after:
                raise Crash(f"crashed after {pages[0]} pages")
    return hook


def run_step(server, warehouse, mappings, step) -> None:
    if step[0] != "sync":
        mutate(server, step)
        return
    _, partition, reconcile, during, crash_after = step
    client = client_for(server, partition.split(":")[0])
    client.page_size = 4
    try:
        run_sync(HookedClient(client, paging_hook(server, during, crash_after)), warehouse, mappings, partition,
                 reconcile=reconcile, **OPTIONS)
    except Crash:
        pass
    finally:
        client.close()


@pytest.fixture(scope="module")
def shared_warehouse(postgres_server):
    create_database(normalise_url(postgres_server.get_uri()), "test_exact_property")
    warehouse, mappings = ready_warehouse(normalise_url(postgres_server.get_uri("test_exact_property")))
    yield warehouse, mappings
    warehouse.dispose()


def read_past_then_ahead(instance: str) -> list:
    """A sync whose read is overtaken: an issue it passed changes, then one it has yet to read changes later.

    Without the cap at JIRA's clock the watermark jumps past the first change and loses it.
    """
    touch_all = [("update", instance, n) for n in range(24)]  # so the incremental read spans several pages
    during = [("update", instance, 0), ("update", instance, 22)]  # lowest and highest ENG ids
    return [("sync", f"{instance}:ENG", None, [], None), *touch_all, ("sync", f"{instance}:ENG", None, during, None)]


@example(scenario=read_past_then_ahead("instance_1"))
@example(scenario=read_past_then_ahead("instance_2"))
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(scenario=scenarios)
def test_any_history_converges_exactly(shared_warehouse, scenario):
    warehouse, mappings = shared_warehouse
    with warehouse.engine.begin() as conn:  # each example starts from an empty mirror (the mappings stay)
        conn.execute(sa.text(f"TRUNCATE {', '.join(schema.metadata.tables)}"))
    specs = [InstanceSpec(name, flavour, issues=24, seed=5, projects=projects, many_comments_every=5)
             for (name, projects), flavour in zip(PROJECTS.items(), ("cloud", "datacenter"))]
    with SandboxServer(specs) as server:
        for step in scenario:
            run_step(server, warehouse, mappings, step)
        for partition in PARTITIONS:
            run_step(server, warehouse, mappings, ("sync", partition, True, [], None))
        for instance in PROJECTS:
            assert warehouse_view(warehouse, instance) == sandbox_view(server, instance)
            assert_extras_mirror(server, warehouse, instance)
            assert worklogs_view(warehouse, instance) == sandbox_worklogs(server, instance)
        with warehouse.engine.connect() as conn:
            newest = dict(conn.execute(sa.text("SELECT instance, max(updated) FROM jira_issues_v2 GROUP BY 1")).all())
        for partition in PARTITIONS:  # never ahead of the data: rows may have moved or been deleted since
            assert watermark_of(warehouse, partition) <= newest[partition.split(":")[0]]
